//! The domain this crate encodes, for readers of its documentation: the words of a
//! district's grassroots party-organization system in Chinese and English, how party
//! organizations differ from the units they are based in, the rules of the regulations
//! with their sources, and the real figures the datasets and benchmarks follow. The
//! rules each name their source again in the doc comment of their [`Rule`](crate::Rule);
//! the thresholds are the defaults of [`Policy`](crate::Policy).
//!
//! This module holds documentation only.
//!
//! ## A district's grassroots party-organization system
//!
//! The source document is the 2023 "report card" (成绩单) of the
//! organization department of 广州市白云区 (Baiyun District, Guangzhou), in twelve keywords.
//! Real administrative divisions (NBS statistical division codes, 2023) for Baiyun,
//! Guangzhou and all of China are the data this crate's tests and the embedded dataset use.
//!
//! Who uses such a library: a district or city organization department (组织部) and the
//! "smart party-building" (智慧党建) platforms built for it. They keep the organization tree,
//! check it against the regulations, and produce the statistics in reports like the report card's.
//!
//! ### Units of the standing hierarchy (组织体系)
//!
//! | kind ([`UnitKind`](crate::UnitKind)) | Chinese | sits under | notes |
//! |---|---|---|---|
//! | `Province`, `City` | 省, 市 | (nation), province | optional levels above a district, so many districts roll up into one |
//! | `District` | 区 / 县 | city, or the root | Baiyun: code 440111000000 |
//! | `Street` | 街道 (subdistrict) | district | township code segment 001–099 |
//! | `Town` | 镇 (also 乡) | district | township segment 100–399; a town or street can be 涉农 (agricultural) |
//! | `Village` | 行政村; in Guangdong its collective is the 经济联社, "村(联社)" | town or street | village segment 200–399 |
//! | `Community` | 社区 (居委会) | street or town | village segment 001–199 |
//! | `EconomicCoop` | 经济社 (village-group collective, 村民小组 level) | village (sometimes community) | the third tier of service stations |
//! | `Estate` | 住宅小区 (residential compound) | community | the third tier on the urban side: "经济社(住宅小区)" |
//! | `Institution` | 机关, 事业单位, 国企, 非公企业, 社会组织, 学校, 幼儿园 … | district, town or street | carries a sector; "two new" (两新) = non-public enterprises and social organizations |
//!
//! ### Party organizations are not units
//!
//! A unit (单位 or place) and a party organization (党组织) are different records. The
//! department's data, and the national statistics, count organizations; each is based in a
//! unit (所在单位) and reports to a superior organization (隶属关系). The two trees often differ:
//!
//! - 区委 (a local committee, not a grassroots organization) → 区直机关工委 (working committee)
//!   → the organs' branches; → 教育工委 → schools' organizations; → a street's 党工委 (working
//!   committee, not a 党委) → community 党委 → 网格党支部, 小区党支部 inside the same community;
//!   → a street or 行业/两新 党委 → non-public enterprises' and social organizations' branches.
//! - one unit may hold several organizations; a village 党总支 may have co-op branches or
//!   党小组 (party groups) below it; a branch has no sub-branches, only 党小组.
//! - a 联合党支部 (joint branch) is one organization covering up to 5 small units.
//! - forms: 党委 (committee), 党工委 (working committee), 党总支 (general branch), 党支部
//!   (branch), 联合党支部, 临时党支部/临时党委, 大党委, 党小组. An organization has full (正式)
//!   and probationary (预备) members, a secretary, perhaps a committee, and a term (任期).
//! - coverage (覆盖) has two parts: organizational (an organization based in or covering the
//!   unit) and work coverage (工作覆盖: a 党建指导员 sent to a unit that has no members).
//!
//! ### Organizations outside the 隶属 tree
//!
//! Both are party organizations of the crate ([`OrgForm::Temporary`](crate::OrgForm::Temporary),
//! [`OrgForm::BigCommittee`](crate::OrgForm::BigCommittee)) with no superior.
//!
//! - **Temporary party organization** (临时党组织, 临时党支部): set up for a task — special
//!   rectification (专项整改), rural revitalization (乡村振兴), a short project (one of 6
//!   months or more gets a regular branch instead) — hosted by the organization that
//!   approved it (it is based in the host unit). Members keep their
//!   membership at home. It has a founding date and is dissolved when the task ends.
//!   Baiyun 2023: 366 of them.
//! - **Big party committee** (大党委, "一核多元": one core, many members): a core
//!   organization (it is based in the core unit) plus member units from across the
//!   hierarchy. Kinds: industry-chain
//!   (产业链大党委: rail transit alliance, cosmetics chain, rural-revitalization industry
//!   alliance), business-district (商圈大党委: "一商圈一大党委", 7 in Baiyun), and regional
//!   (community 大党委, street 大工委). Member units' people serve as part-time members
//!   (兼职委员): 75 "三新" party members in Baiyun.
//! - **Party commando teams** (党员突击队): formed in organs, villages/residences, grids and
//!   two-new organizations: 5,350 in Baiyun (22 of them in the "三新" fields).
//!
//! ### Relations across the tree
//!
//! - **Pairing** (结对, 结对共建): "1+3" — each of 6 agricultural towns/streets paired with 3
//!   of 18 streets; 398 organ sections paired with 321 economic co-ops; 1,592 cadres with 837
//!   households; units that dispatch a **first secretary** (第一书记) paired with the urban
//!   village the secretary serves (33).
//! - **Joint meetings** of the "三大" mechanism (联席会议): dated; each discusses matters and
//!   solves problems (2023: 1,794 meetings, 449 major matters, 3,798 problems solved).
//!
//! ### Dated records
//!
//! Activities (7,136 in 2023), residents' appeals resolved (10,200), trainings with person-times
//! (1,682+), demonstration-site designations, weak-and-lax (软弱涣散) identification and its
//! acceptance (验收: 5 villages in 2023), venues (404 party-building parks, squares and
//! corridors, about 1,000,000 m² in all), party-mass service centers and stations
//! (党群服务中心/站: 24 town/street centers, 452 village/community centers, 1,170 co-op
//! stations). Rollups over a date range answer "what happened in 2023 under this street".
//!
//! ### Rules (what validation checks), with where they come from
//!
//! Thresholds are defaults of a configurable policy: localities and sectors differ, and the
//! upper organization may approve exceptions.
//!
//! | rule | source (as found; confidence) |
//! |---|---|
//! | a unit with ≥ 3 full members should have its own party organization; smaller units join a joint branch covering at most 5 units | Party constitution art. 30; 支部工作条例（试行）2018 art. 4–5 |
//! | a branch normally has at most 50 members | 支部工作条例 art. 4 |
//! | a branch with ≥ 7 full members has a branch committee of 3–7 (usually 3–5); below 7, a secretary and at most one deputy | 支部工作条例 ch. 6 |
//! | general branch from 50 members, grassroots committee from 100 (below that only with approval) | the 2019 regulations on organs', SOEs' and rural grassroots organizations; the rural one says *more than* 50 for a general branch, and a village 党委 needs the county's approval; treat as warnings |
//! | terms: grassroots committee 5 years; general branch and branch 3 years; village and community organizations — committees, general branches and branches, including the co-op branches under them — 5 years | 中办《关于党的基层组织任期的意见》2018 ("一般", so warnings); keep configurable |
//! | an election may be advanced or postponed by at most 1 year; remind 6 months before a term ends | same opinion; 支部工作条例 |
//! | a temporary organization is approved by the superior, its leaders appointed (指定), members keep membership at home; it "一般不" recruits or disciplines members (warnings), does not collect dues, elect delegates or hold re-elections, and ends with its task (自然撤销); a project of 6 months or more should form a *regular* branch | 支部工作条例（试行）2018, chapter 2 (组织设置), the article on temporary branches (quoted in the rules' docs; its number is not cited) |
//! | first secretaries go to weak-and-lax villages (full coverage) and villages with heavy revitalization tasks, and Baiyun sends them to organizations of every field (向各领域党组织全面选派); terms 1–3 years (often 2) | 中组部 2015 notice; 中办 2021 opinion; the report card |
//! | weak-and-lax organizations are identified yearly, rectified within about a year and accepted by the county organization department | 中组部 practice; local rules |
//! | the grassroots thresholds apply to grassroots organizations, not to 区委 or a street's 党工委 | 党章 ch. 5 |
//! | division codes: 12 digits = province 2, city 2, county 2, township 3, village 3; township 001–099 street, 100–199 town, 200–399 乡, 400–599 town-like units; village 001–199 residents' committee (community), 200–399 villagers' committee (village), 400–499 community-like, 500–599 village-like | NBS 统计用区划代码编制规则 |
//! | a child's code extends its parent's code (same leading digits, its own level's digits non-zero) | same |
//!
//! In the catalogue ([`Rule`](crate::validate::Rule)): the village term of co-op branches is
//! `terms.length` ([`Policy::term_years_at`](crate::validate::Policy::term_years_at)); the
//! temporary organization's acts are `temporary.forbidden_act` (errors),
//! `temporary.recruit_or_discipline` (warnings) and `temporary.leaders_elected`, a project
//! past six months `temporary.project_too_long`; the village-only first-secretary check
//! `pairing.first_secretary_target` runs only with the policy option
//! `first_secretary_villages_only` (off by default); a weak-and-lax village without a
//! first secretary is `weak_lax.no_first_secretary`, a late acceptance
//! `weak_lax.accepted_late`; a village committee without the county's approval
//! `party.village_committee_not_approved`.
//!
//! ### What the real data says about Baiyun (NBS 2023 divisions)
//!
//! - 24 towns/streets: 20 streets (街道) and 4 towns (人和镇, 太和镇, 钟落潭镇, 江高镇).
//! - 404 village-level units: 286 communities (居委会/社区) and 118 villages (村委会). The seed
//!   trained "118名村党组织书记、286名社区党组织书记": one secretary per unit, the same counts.
//! - Exactly 6 towns/streets contain villages: the 4 towns plus 龙归街道 (7 villages) and
//!   大源街道 (3). These are the report card's "6个涉农镇街"; the other 18 are streets, and "1+3"
//!   pairs each agricultural one with 3 of them.
//! - The seed's 452 "村(联社、社区)" service centers exceed the 404 village-level units by 48:
//!   most likely economic federations (经济联社) kept by communities converted from villages
//!   (村改居). This is an inference, not a published figure. Economic co-ops and federations
//!   are collective economic bodies and do not appear in NBS data.
//!
//! ### Scale
//!
//! - One district: Baiyun has 24 towns/streets, ~450 villages/communities, 1,170 co-ops.
//! - One city: Guangzhou, 11 districts.
//! - The nation, 中共中央组织部 党内统计公报 as of 2023-12-31: 99.185 million members; 5.176
//!   million grassroots organizations (0.298 M committees, 0.325 M general branches, 4.554 M
//!   branches); by sector of their unit: organs 0.771 M, public institutions 0.997 M,
//!   enterprises 1.600 M, social organizations 0.183 M; 9,125 streets, 29,620 towns, 119,437
//!   communities and 488,959 villages have party organizations (coverage above 99.9 %).
//! - Synthetic data must never give a real, named place a negative label (weak-and-lax,
//!   overdue, violations) that the published sources do not give it.
//!
