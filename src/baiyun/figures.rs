//! Every countable figure of the seed article, keyword by keyword, with what it counts,
//! how the embedded data holds it, and how it is computed from a [`Hierarchy`] and its
//! [`Tallies`]: the report card's lines, and the list of what is modeled and what is not.

use crate::QueryError;
use crate::hierarchy::Hierarchy;
use crate::relation::PairingKind;
use crate::relation::{PairingLink, PairingWord};
use crate::rollup::{Period, Totals};
use crate::tally::{Tallies, TallyItem};
use crate::unit::{BigCommitteeKind, DemoLevel, UnitId, UnitKind};

use super::{Claim, PUBLISHED};

/// How the embedded data holds a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Basis {
    /// Where the seed says: a fact of the real divisions, or items at the units the seed
    /// names (the provincial cases' streets, the prized organs).
    Published,
    /// The seed's count, spread over units by the dataset's seeded generator: the total is
    /// published, the placement synthetic.
    Synthetic,
    /// Not in the data, with the reason.
    NotModeled(&'static str),
}

/// What computes a figure from a [`Scope`]; `None` when the data lacks what it needs
/// (a dataset without tallies).
#[derive(Clone, Copy, Debug)]
enum Measure {
    /// The sum of a tally item in the scope.
    Tally(TallyItem),
    /// Computed from the rollup or the relations.
    Fn(fn(&Scope<'_>) -> Option<u64>),
}

/// One countable figure of the seed article.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Figure {
    /// The keyword (关键词) of the article it belongs to, 1–12.
    pub keyword: u8,
    /// What it counts, in the article's words.
    pub what: &'static str,
    /// The published figure, as worded.
    pub claim: Claim,
    /// How the data holds it.
    pub basis: Basis,
    /// Whether it is an achievement of the year (dated, so a card of another year shows
    /// none of it), rather than a standing fact.
    pub achievement: bool,
    measure: Option<Measure>,
}

impl Figure {
    /// The figure computed over `scope`; `None` when it is not modeled or the data lacks
    /// what it needs.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::baiyun::{Scope, figures};
    /// use partyorg::{Hierarchy, unit::TaskPurpose, org::TemporaryOrg, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    /// h.add_temporary(TemporaryOrg::new("项目临时党支部", TaskPurpose::Project, d, day))?;
    /// let scope = Scope::new(&h, None, d, 2023)?; // any hierarchy, here without tallies
    /// let temporaries = figures().into_iter().find(|f| f.what == "临时党组织").unwrap();
    /// assert_eq!(temporaries.compute(&scope), Some(1));
    /// let teams = figures().into_iter().find(|f| f.what == "党员突击队").unwrap();
    /// assert_eq!(teams.compute(&scope), None); // a tally, and the scope has none
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn compute(&self, scope: &Scope<'_>) -> Option<u64> {
        match self.measure? {
            Measure::Tally(item) => scope.tally(item),
            Measure::Fn(f) => f(scope),
        }
    }

    /// Whether the data models it: a figure that is not is listed with the reason
    /// ([`Basis::NotModeled`]) and never computed.
    ///
    /// ```
    /// use partyorg::baiyun::{Basis, figures};
    /// let all = figures();
    /// assert!(all.iter().any(|f| f.is_modeled()));
    /// for f in all.iter().filter(|f| !f.is_modeled()) {
    ///     assert!(matches!(f.basis, Basis::NotModeled(why) if !why.is_empty()));
    /// }
    /// ```
    pub fn is_modeled(&self) -> bool {
        self.measure.is_some()
    }
}

/// What a card is computed over: a hierarchy, its tallies if any, a unit and a year.
#[derive(Debug)]
pub struct Scope<'a> {
    h: &'a Hierarchy,
    tallies: Option<&'a Tallies>,
    unit: UnitId,
    period: Period,
    totals: Totals,
}

impl<'a> Scope<'a> {
    /// The scope of `unit`'s subtree in `year`, its rollup computed once
    /// ([`Hierarchy::totals`]: *O(subtree + its relations + its records)* unless memoized).
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`] when `unit` is unknown, [`QueryError::NotInTree`] when it
    /// is not in the tree, [`QueryError::Overflow`] when its totals overflow.
    ///
    /// ```
    /// use partyorg::baiyun::Scope;
    /// use partyorg::tally::Tallies;
    /// use partyorg::{Hierarchy, Period, Unit, UnitId, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let tallies = Tallies::new();
    /// let scope = Scope::new(&h, Some(&tallies), d, 2023)?;
    /// assert_eq!(scope.totals(), &h.totals(d, &Period::year(2023))?);
    /// assert!(Scope::new(&h, None, UnitId(99), 2023).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        h: &'a Hierarchy,
        tallies: Option<&'a Tallies>,
        unit: UnitId,
        year: i32,
    ) -> Result<Scope<'a>, QueryError> {
        let period = Period::year(year);
        let totals = h.totals(unit, &period)?;
        Ok(Scope {
            h,
            tallies,
            unit,
            period,
            totals,
        })
    }

    /// The rollup of the scope.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::baiyun::Scope;
    /// use partyorg::{Hierarchy, unit::TaskPurpose, org::TemporaryOrg, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    /// h.add_temporary(TemporaryOrg::new("项目临时党支部", TaskPurpose::Project, d, day))?;
    /// let scope = Scope::new(&h, None, d, 2023)?; // any hierarchy, here without tallies
    /// assert_eq!(scope.totals().temporary_founded, 1);
    /// assert_eq!(scope.totals(), &h.totals(d, &partyorg::Period::year(2023))?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// The sum of a tally item in the scope.
    fn tally(&self, item: TallyItem) -> Option<u64> {
        self.tallies?
            .sum(self.h, self.unit, &self.period, item)
            .ok()
    }

    /// The sum of a tally item kept at units of `kinds`.
    fn tally_at(&self, item: TallyItem, kinds: &[UnitKind]) -> Option<u64> {
        let it = self
            .tallies?
            .within(self.h, self.unit, &self.period, item)
            .ok()?;
        Some(
            it.filter(|t| self.h.unit(t.unit).is_ok_and(|u| kinds.contains(&u.kind())))
                .map(|t| t.count)
                .sum(),
        )
    }

    /// The distinct units that sent a first secretary (选派第一书记所在单位) in force in
    /// the year to a unit of the scope.
    fn sending_units(&self) -> u64 {
        let mut senders: Vec<UnitId> = self
            .h
            .pairings()
            .filter(|PairingLink { pairing: p, to, .. }| {
                matches!(p.kind, PairingKind::FirstSecretary { .. })
                    && self.period.overlaps(p.since, p.ends)
                    && self.h.is_within(*to, self.unit).unwrap_or(false)
            })
            .map(|l| l.from)
            .collect();
        senders.sort_unstable();
        senders.dedup();
        senders.len() as u64
    }
}

fn fig(
    keyword: u8,
    what: &'static str,
    claim: Claim,
    basis: Basis,
    measure: fn(&Scope<'_>) -> Option<u64>,
) -> Figure {
    Figure {
        keyword,
        what,
        claim,
        basis,
        achievement: true,
        measure: Some(Measure::Fn(measure)),
    }
}

/// A figure that is the sum of a tally item.
fn tally(keyword: u8, what: &'static str, claim: Claim, basis: Basis, item: TallyItem) -> Figure {
    Figure {
        keyword,
        what,
        claim,
        basis,
        achievement: true,
        measure: Some(Measure::Tally(item)),
    }
}

/// A standing fact rather than an achievement of the year.
fn standing(mut f: Figure) -> Figure {
    f.achievement = false;
    f
}

fn not_modeled(keyword: u8, what: &'static str, claim: Claim, why: &'static str) -> Figure {
    Figure {
        keyword,
        what,
        claim,
        basis: Basis::NotModeled(why),
        achievement: true,
        measure: None,
    }
}

const TOWNSHIPS: [UnitKind; 2] = [UnitKind::Street, UnitKind::Town];
const VILLAGE_LEVEL: [UnitKind; 3] = [UnitKind::Village, UnitKind::Community, UnitKind::Federation];

/// Every countable figure of the seed article, in its order: those the data models with
/// how it computes them, and those it does not with the reason.
///
/// ```
/// use partyorg::baiyun::figures;
/// let all = figures();
/// assert_eq!(all[0].keyword, 1);
/// assert!(all.windows(2).all(|w| w[0].keyword <= w[1].keyword)); // keyword by keyword
/// assert!(all.iter().any(|f| f.keyword == 12));
/// ```
pub fn figures() -> Vec<Figure> {
    use Basis::{Published as P, Synthetic as S};
    use Claim::Exactly as N;
    use TallyItem as I;
    let p = &PUBLISHED;
    vec![
        // 关键词一
        not_modeled(1, "基层党建五项措施", N(5), "a list of policies, not data"),
        fig(1, "临时党组织", p.temporary_orgs, S, |s| {
            Some(s.totals.temporary_founded)
        }),
        tally(1, "党员突击队", p.commando_teams, S, I::CommandoTeams),
        // 关键词二
        standing(fig(
            2,
            "选派第一书记所在单位 (结对共建)",
            p.first_secretary_pairings,
            S,
            |s| Some(s.sending_units()),
        )),
        fig(2, "联席会议", p.joint_meetings, S, |s| {
            Some(s.totals.joint_meetings)
        }),
        fig(2, "讨论研究重要事项", p.matters, S, |s| {
            Some(s.totals.matters)
        }),
        fig(2, "推动解决问题", p.problems_solved, S, |s| {
            Some(s.totals.problems_solved)
        }),
        tally(2, "经验做法刊登 (报刊)", N(3), P, I::ExperiencePublished),
        // 关键词三
        standing(fig(3, "涉农镇街", p.agricultural, P, |s| {
            Some(s.totals.agricultural)
        })),
        fig(3, "“1+3”配对街道", p.paired_streets, S, |s| {
            Some(s.totals.pairings(PairingWord::TownStreet))
        }),
        fig(
            3,
            "软弱涣散村党组织完成验收",
            p.weak_lax_accepted,
            S,
            |s| Some(s.totals.weak_lax_accepted),
        ),
        tally(3, "国家级荣誉 (大源村、白山村)", N(3), P, I::NationalHonour),
        tally(
            3,
            "省级乡村治理示范镇村 (一镇四村)",
            N(5),
            S,
            I::ProvincialDemonstration,
        ),
        not_modeled(
            3,
            "农业龙头企业数量居全市第一",
            N(1),
            "a ranking of enterprises",
        ),
        // 关键词四
        fig(
            4,
            "区级社区党建示范点",
            p.district_demonstrations,
            S,
            |s| Some(s.totals.demonstrations(DemoLevel::District)),
        ),
        fig(4, "镇街党群服务中心", p.town_centers, P, |s| {
            s.tally_at(I::ServiceCenter, &TOWNSHIPS)
        }),
        fig(
            4,
            "村(联社、社区)党群服务中心",
            p.village_centers,
            S,
            |s| s.tally_at(I::ServiceCenter, &VILLAGE_LEVEL),
        ),
        fig(4, "经济社党群服务站", p.coop_stations, S, |s| {
            s.tally_at(I::ServiceCenter, &[UnitKind::EconomicCoop])
        }),
        tally(4, "党建文化公园、广场、长廊", p.venues, S, I::Venue),
        tally(4, "  总面积 m²", p.venue_area_m2, S, I::VenueAreaM2),
        // 关键词五
        not_modeled(5, "“一平台两载体”", N(3), "software, not organizations"),
        not_modeled(5, "小程序五大功能", N(5), "software features"),
        fig(5, "举办活动", p.activities, S, |s| {
            Some(s.totals.activities)
        }),
        fig(5, "解决群众诉求", p.appeals_resolved, S, |s| {
            Some(s.totals.appeals_resolved)
        }),
        tally(5, "发布推文", N(206), S, I::PlatformPosts),
        tally(
            5,
            "阅读量 (人次)",
            Claim::About(440_000, 10_000),
            S,
            I::PlatformReads,
        ),
        // 关键词六
        tally(6, "创新案例申报材料", N(87), S, I::CaseSubmitted),
        tally(6, "区“十大创新案例”", N(10), S, I::CaseSelectedDistrict),
        tally(
            6,
            "入选广东基层党建创新案例",
            N(5),
            P,
            I::CaseSelectedProvince,
        ),
        tally(6, "广州基层治理优秀案例", N(2), P, I::CaseSelectedCity),
        // 关键词七
        tally(7, "镇街“思悟室”", N(24), P, I::ThinkingRoom),
        tally(
            7,
            "组建“身边宣讲团”的区直单位",
            p.district_organs,
            S,
            I::LectureTeam,
        ),
        // 关键词八
        tally(8, "红色美丽村庄试点成员单位", N(24), S, I::PilotMemberUnit),
        not_modeled(
            8,
            "考察学习地点 (东门社区、湴湄村)",
            N(2),
            "places outside Baiyun",
        ),
        // 关键词九
        tally(
            9,
            "村干部管理监督培养措施 (条)",
            N(13),
            P,
            I::MeasureArticles,
        ),
        tally(
            9,
            "镇街分管党建副书记考察学习",
            p.towns_and_streets,
            P,
            I::DeputySecretaryTrained,
        ),
        not_modeled(
            9,
            "考察城市 (上海、苏州、杭州)",
            N(3),
            "places outside Baiyun",
        ),
        tally(
            9,
            "村党组织书记封闭式培训",
            p.village_secretaries,
            P,
            I::VillageSecretaryTrained,
        ),
        tally(
            9,
            "社区党组织书记封闭式培训",
            p.community_secretaries,
            P,
            I::CommunitySecretaryTrained,
        ),
        tally(
            9,
            "党建指导员、村(联社)组织员培训",
            N(245),
            S,
            I::InstructorTrained,
        ),
        fig(9, "培训人次", p.training_person_times, S, |s| {
            Some(s.totals.training_person_times)
        }),
        // 关键词十
        fig(
            10,
            "产业链“大党委”",
            p.industry_chain_committees,
            P,
            |s| Some(s.totals.big_committees_of(BigCommitteeKind::IndustryChain)),
        ),
        not_modeled(
            10,
            "“一园两城三都四区”重大平台",
            N(10),
            "economic platforms",
        ),
        not_modeled(10, "“六大千亿级”产业集群", N(6), "industrial clusters"),
        not_modeled(10, "“六大百亿级”产业集群", N(6), "industrial clusters"),
        not_modeled(10, "国家和省级特色产业集群", N(2), "industrial clusters"),
        // 关键词十一
        fig(
            11,
            "商圈大党委",
            p.business_district_committees,
            S,
            |s| {
                Some(
                    s.totals
                        .big_committees_of(BigCommitteeKind::BusinessDistrict),
                )
            },
        ),
        tally(11, "“三新”领域博士团党委", N(1), S, I::ThreeNewCommittee),
        tally(
            11,
            "行业论坛、思政辅导等活动",
            Claim::MoreThan(10),
            S,
            I::ForumActivities,
        ),
        tally(
            11,
            "服务新就业群体 (人次)",
            Claim::About(24_000, 1_000),
            S,
            I::NewEmploymentServed,
        ),
        tally(
            11,
            "“三新”党员攻坚突击队",
            p.three_new_commando_teams,
            S,
            I::ThreeNewCommandoTeams,
        ),
        fig(
            11,
            "“三新”党员兼职委员",
            p.part_time_members,
            S,
            |s| Some(s.totals.part_time_members_of(BigCommitteeKind::Regional)),
        ),
        not_modeled(
            11,
            "百佳园区党建品牌案例 (民科园)",
            N(1),
            "the park is not in the data",
        ),
        not_modeled(
            11,
            "全国企业党建创新优秀案例 (和记黄埔)",
            N(1),
            "the firm is not in the data",
        ),
        not_modeled(
            11,
            "“一二三四”工作法刊登 (报刊)",
            N(2),
            "publications about a method",
        ),
        // 关键词十二
        fig(12, "机关科室结对", p.organ_sections, S, |s| {
            Some(s.totals.organ_sections)
        }),
        fig(12, "结对经济社", p.coops_paired, S, |s| {
            Some(s.totals.coops_paired)
        }),
        fig(12, "机关干部职工结对", p.cadres, S, |s| {
            Some(s.totals.cadres)
        }),
        fig(12, "结对群众户数", p.households, S, |s| {
            Some(s.totals.households)
        }),
        tally(
            12,
            "“金穗杯”三等奖 (区市场监管局、区卫健局)",
            N(2),
            P,
            I::Prize,
        ),
        tally(12, "优秀组织奖 (区直机关工委)", N(1), P, I::OrganizingAward),
        tally(12, "区属国企党校", N(1), S, I::PartySchool),
        tally(12, "国企监管制度", N(38), S, I::SupervisionRules),
    ]
}

/// How a card's figures compare with the article: modeled and reproduced, and in all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reproduced {
    /// Figures the data models and computes.
    pub checked: usize,
    /// Of them, those that agree with the published claim.
    pub agree: usize,
    /// Every countable figure of the article.
    pub total: usize,
}

/// The figures computed over `scope` with their agreement (for the district's 2023 card),
/// and the counts: one [`Figure::compute`] per figure, each a field of the scope's totals,
/// a walk of the tallies (*O(tallies)*) or of the scope's subtree.
///
/// ```
/// # use partyorg::baiyun::{BAIYUN_CODE, Scope, baiyun_2023, tallies_2023};
/// # use partyorg::DivisionCode;
/// # let h = baiyun_2023();
/// # let district = h.by_code(DivisionCode::from_u64(BAIYUN_CODE)?).unwrap().id();
/// # let tallies = tallies_2023(&h);
/// let scope = Scope::new(&h, Some(&tallies), district, 2023)?;
/// let (lines, r) = reproduce(&scope);
/// assert_eq!((r.total, lines.len()), (figures().len(), figures().len()));
/// assert_eq!(r.agree, r.checked); // every modeled figure agrees with the article
/// assert!(r.checked < r.total); // and some are not modeled
/// # use partyorg::baiyun::{figures, reproduce};
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn reproduce(scope: &Scope<'_>) -> (Vec<(Figure, Option<u64>)>, Reproduced) {
    let all = figures();
    let mut r = Reproduced {
        total: all.len(),
        ..Reproduced::default()
    };
    let lines: Vec<(Figure, Option<u64>)> = all
        .into_iter()
        .map(|f| {
            let v = f.compute(scope);
            if let Some(v) = v {
                r.checked += 1;
                r.agree += usize::from(f.claim.agrees(v));
            }
            (f, v)
        })
        .collect();
    (lines, r)
}
