//! Flat CSV tables in one folder, the form an organization department keeps in
//! spreadsheets: `units.csv`, and optionally `orgs.csv`, `relations.csv` and
//! `records.csv`.
//!
//! Every file has a header row; columns may come in any order; rows may come in any
//! order (a child before its parent is fine). Files are UTF-8, with or without a byte-order
//! mark, or GB18030 (GBK), as Chinese spreadsheet software saves CSV: the encoding is told
//! from the bytes (a file that is not UTF-8 but decodes as GB18030 is GB18030; both
//! stream; a clean UTF-8 file is read once, a GB18030 file three more times and decoded,
//! see the `text` module). Line
//! ends may be CRLF, LF or CR (line numbers in problems count each as one line end, in
//! either encoding). Columns may be named in English or Chinese ([Chinese
//! headers](#chinese-headers-中文表头)), words given in English or Chinese ([Chinese
//! words](#chinese-words-中文词)). An empty cell is "no value" (so an empty text, such as
//! an empty secretary's name, reads back as none). A header naming a column that is not
//! listed here is an error naming the column ([`ProblemKind::UnknownColumn`](super::ProblemKind::UnknownColumn)): a misspelt
//! column would otherwise drop its data silently. Export writes every column in the order
//! listed; unit rows tree by tree (roots by id, each parent before its children and the
//! children in their order, which loading restores); organizations as the 隶属 tree in
//! pre-order; relations by their ends, pairings and records by id.
//!
//! # Ids and keys
//!
//! The `id` of a unit or organization, and every cell naming one (`parent`, `unit`,
//! `parent_unit`, `party_parent`, `covers`, `from`, `to`, `org`), is a **key**: any text
//! that is not only white space, kept byte for byte (leading zeros, case, spaces,
//! Chinese). A key that is a plain decimal number below 4294967295 (no sign, no leading
//! zero) is the internal id itself, so numeric tables load with their ids. Any other key —
//! a 12-digit division code `440111013000`, an organization code `001001001004000`, a
//! platform key `JH-001` — is kept as the node's key
//! ([`Hierarchy::unit_by_key`](crate::Hierarchy::unit_by_key),
//! [`Hierarchy::org_by_key`](crate::Hierarchy::org_by_key)), and its node is given an
//! internal id above every number in the table's `id` column, in the order of the rows.
//! A cell naming a key no row has is refused at that cell
//! ([`ProblemKind::UnknownKey`](super::ProblemKind::UnknownKey)), and so is a number
//! above the table's numeric ids: it is never taken for the id a key was given. A key
//! given twice is [`ProblemKind::DuplicateKey`](super::ProblemKind::DuplicateKey). Export
//! writes each node's key (its id's number when it has none). A table with keys is read
//! twice (the first reading finds the keys); a numeric table once. Units and
//! organizations are keyed apart: a unit and an organization may share a key.
//!
//! The `id` of a pairing row (`relations.csv`) and of a record row (`records.csv`) is a
//! key by the same rules, pairings and records each keyed apart
//! ([`Hierarchy::pairing_by_key`](crate::Hierarchy::pairing_by_key),
//! [`Hierarchy::record_by_key`](crate::Hierarchy::record_by_key)): a plain number is the
//! id, other text a key whose item takes an id above the table's numbers, in row order;
//! a key given twice is [`ProblemKind::DuplicateKey`](super::ProblemKind::DuplicateKey)
//! at the second row. The changes table's `records` name records by key. In a list
//! (`covers`; `children`, `records` and `orgs` in `changes.csv`) each part between `;` is
//! a key as written when a row has that key (spaces around it included), else it is
//! trimmed; a key in a list cannot contain `;`.
//!
//! # `units.csv`
//!
//! | column | required | content |
//! |---|---|---|
//! | `id` | yes | the unit's key or id ([ids and keys](#ids-and-keys)) |
//! | `parent` | yes (may be empty) | the parent's key or id; empty for a root |
//! | `kind` | yes | a [`KindWord`]: `province`, `street`, `coop`, `institution` … |
//! | `name` | yes | the official name |
//! | `sector` | for institutions | a [`Sector`]: `organ`, `non_public_enterprise`, `school` … |
//! | `code` | | 12-digit division code |
//! | `party_form` | | a [`PartyForm`]: `committee`, `general_branch`, `branch`, `joint_branch` |
//! | `full_members`, `probationary_members` | | counts, empty for 0 |
//! | `agricultural` | | `true` / `false` (also `1` / `0`), empty for false |
//! | `founded`, `dissolved` | | dates `yyyy-mm-dd`: the first day it stood, the first day it no longer stood |
//! | `secretary` | | the organization secretary's name |
//! | `committee_size` | | the branch committee's size (0–255) |
//! | `term_start`, `term_years` | together | the last election's date and the term's length in years |
//! | `election_due` | | the date the election was originally due |
//! | `approved_exception` | | `true` / `false`; written whenever the unit has organization details (any of `secretary` … `weak_lax_accepted`) |
//! | `weak_lax_identified`, `weak_lax_accepted` | | weak-and-lax (软弱涣散) dates; accepted needs identified |
//! | `service_center_m2` | | the service center's area in m² |
//! | `service_center_since` | with `service_center_m2` | the date the service center opened; empty: it stood always |
//! | `venues` | | `kind:area` pairs separated by `;`, kinds [`VenueKind`]s, each with `@date` when dated (the day it was built; without, it stood always): `park:5000;square:1200@2023-05-01` |
//! | `commando_teams` | | `field:count` pairs, fields [`CommandoField`]s, each with `@date` when dated (the day the teams were formed): `grid:3@2023-05-01;three_new:1` |
//! | `demonstrations` | | `level:year` pairs, levels [`DemoLevel`]s: `district:2023` |
//! | `purpose`, `approved`, `task_ended`, `acts`, `bc_kind` | | only in rows of the older form (below) |
//! | `party_parent` | with `party_form` | the key or id (in `orgs.csv`) of the organization the unit's own organization reports to, when recorded; empty: the organization of the nearest ancestor unit that has one |
//!
//! **The older form.** Files written before temporary organizations and big committees
//! became organizations hold them as unit rows, and they still load, each as an
//! organization with a fresh id (written back in `orgs.csv`): `kind` `temporary` (its
//! host in `parent`; `purpose`, `approved`, `task_ended`, `acts` as in
//! `orgs.csv`) or `big_committee` (no `parent`; `bc_kind` as in `orgs.csv`; its core in a
//! `core` row of `relations.csv`, required; no member counts or `dissolved`, which a big
//! committee does not keep). Records of such a row are kept by the unit
//! it is based in. Relation rows name them by their row's id in `from`.
//!
//! # `orgs.csv`
//!
//! Party organizations recorded in their own right ([`Org`](crate::Org)): the full form.
//! A unit row's `party_form` is the one-table form of the unit's own organization, which
//! reports to the organization of the nearest ancestor unit that has one; it has no row
//! here.
//!
//! | column | required | content |
//! |---|---|---|
//! | `id` | yes | the organization's key or id (keyed apart from units) |
//! | `parent` | yes (may be empty) | the superior organization's key or id (隶属) |
//! | `form` | yes | an [`OrgForm`](crate::OrgForm): `committee`, `working_committee`, `general_branch`, `branch`, `joint_branch`, `temporary`, `big_committee`, `group` |
//! | `name` | yes | its name |
//! | `unit` | yes | the key or id of the unit it is based in (所在单位) |
//! | `parent_unit` | | instead of `parent`: the superior is this unit's own organization (its `party_form`) |
//! | `code` | | its code in the department's records, kept as text (`001001001004000`) |
//! | `full_members`, `probationary_members` | | its members |
//! | `founded`, `dissolved` | | dates `yyyy-mm-dd`: the first day it stood, the first day it no longer stood |
//! | `secretary` | | its secretary's name |
//! | `committee_size` | | its elected committee's size |
//! | `term_start`, `term_years` | | its current term (both or neither) |
//! | `covers` | | a joint branch's other units: unit keys or ids separated by `;` |
//! | `purpose` | | `temporary`: its task, a [`TaskPurpose`]: `special_rectification`, `project` … |
//! | `approved` | | `temporary`: `true` / `false`, the host's organization approved it; needs `purpose` |
//! | `task_ended` | | `temporary`: the date its task ended; needs `purpose` |
//! | `acts` | | `temporary`: [`ForbiddenAct`]s recorded, `;`-separated: `recruited;collected_dues`; needs `purpose` |
//! | `bc_kind` | | `big_committee`: a [`BigCommitteeKind`]: `industry_chain` … |
//!
//! A temporary organization (`temporary`) is based in its host and a
//! big committee (`big_committee`) in its core unit (一核); neither has a `parent` or
//! `parent_unit`: they stand outside the 隶属 tree. Neither keeps a `code`, `secretary`,
//! `committee_size` or term, nor a big committee member counts or a `dissolved` date:
//! such a cell is refused.
//!
//! Rows may come in any order (a superior after those below it is fine); a superior that
//! no row has, a circle of superiors, a unit that does not exist and a `parent_unit`
//! without an own organization are each located errors. Export lists the organization
//! tree in pre-order, then the temporary organizations and big committees by id.
//!
//! # `relations.csv`
//!
//! | column | content |
//! |---|---|
//! | `org` | the organization at the tail (in `orgs.csv`) of `seconds`, `member`, `part_time` and `covers` rows |
//! | `from` | instead of `org`: a unit's key or id — the unit whose own organization (its `party_form`, a joint branch) `covers`, or in files of the older form a temporary organization's or big committee's unit row; the first unit of a `pairing` (required for those) |
//! | `to` | the unit at the head (required) |
//! | `relation` | a [`RelationWord`] (not `contains`, `superior` or `based_in`): `seconds` (temporary organization → home unit), `member`, `part_time` (big committee → unit), `covers` (joint branch → covered unit), `pairing`; and, in files of the older form only, `core` (a big committee's unit row → its core) |
//! | `count` | members seconded (`seconds`) or part-time committee members (`part_time`) |
//! | `id` | a pairing's key or id ([ids and keys](#ids-and-keys)) |
//! | `pairing` | a pairing's type, a [`PairingWord`]: `town_street`, `organ_coop` … |
//! | `since`, `until` | a pairing's first and last day in force, both included: `until` is the day before [`Pairing::ends`](crate::Pairing::ends), the first day no longer in force |
//! | `sections` | `organ_coop`: sections taking part |
//! | `cadres`, `households` | `cadre_household` counts |
//! | `secretary` | `first_secretary`: the secretary's name |
//!
//! A temporary organization's host and a big committee's core are not rows here: they
//! are the organizations' `unit`.
//!
//! # `records.csv`
//!
//! | column | content |
//! |---|---|
//! | `id`, `unit`, `date`, `type` | required: the record's key or id ([ids and keys](#ids-and-keys)), its unit's, its date and type, a [`RecordWord`]: `joint_meeting`, `activity` … |
//! | `matters`, `problems_solved` | a joint meeting's counts |
//! | `participants` | an activity's participants |
//! | `raised`, `resolved` | appeals |
//! | `person_times` | a training's person-times |
//!
//! A cell that does not apply to the row's kind or type is an error, so nothing in a file
//! is ignored.
//!
//! # `changes.csv`
//!
//! The history that led to the tables (the change log, [`crate::history`]), one change a
//! row, in date order; optional. The other tables hold every unit and organization as it
//! stands now (founding and dissolution dates stay in their `founded` and `dissolved`).
//!
//! | column | content |
//! |---|---|
//! | `date` | required: the first day the change was in force, `yyyy-mm-dd` |
//! | `unit` | the unit changed (or `org`), by key or id as the other tables name it ([ids and keys](#ids-and-keys)); a key no unit has is [`ProblemKind::UnknownKey`](super::ProblemKind::UnknownKey) |
//! | `org` | instead of `unit`: the organization changed (`dissolve`: a temporary organization's end of task; `move`: its superior; `merge`: the organization absorbed) |
//! | `change` | required, a [`ChangeWord`]: `found`, `dissolve`, `move`, `rename`, `recode`, `merge`, `split`, `members` |
//! | `from`, `to` | the value before and after: parent units' keys or ids (`move`; superior organizations' for an `org`), names (`rename`), codes (`recode`), members `full/probationary` (`members`); `to` alone: the parent (`found`), the absorbing unit (`merge`; the absorbing organization for an `org`), the new unit (`split`) |
//! | `children` | `merge`, `split`: the child units that passed, keys or ids separated by `;` |
//! | `records` | `merge`: the records that passed, keys or ids separated by `;` |
//! | `orgs` | `merge`: the organizations based in the absorbed unit that passed to the absorber (temporary organizations, big committees, organizations recorded in their own right), or for an `org` the subordinate organizations that passed; keys or ids separated by `;` |
//! | `members` | `merge`, `split`: the members that passed, `full/probationary` |
//!
//! The table must agree with the others, which is checked newest change first: the last
//! `move`'s `to` is the unit's parent now, the last `rename`'s `to` its name, and so on
//! back. A change that disagrees, a change dated before its unit was founded, a merge into
//! a unit that no longer stands or a move into one's own subtree is a located error on its
//! row ([`ProblemKind::Refused`](super::ProblemKind::Refused)).
//!
//! # Chinese headers (中文表头)
//!
//! Every column may be named in Chinese instead, and a header may mix both languages; a
//! column named twice (once in each) is an error. The first Chinese header of a column is
//! the one [`save_as`](super::save_as) writes with [`Header::Chinese`](super::Header).
//! A problem in a cell names its column in English, one in the header as written.
//!
//! | file | column | Chinese headers |
//! |---|---|---|
//! | `units.csv` | `id` | 编号 |
//! | `units.csv` | `parent` | 上级编号 |
//! | `units.csv` | `kind` | 类型, 单位类型 |
//! | `units.csv` | `sector` | 领域 |
//! | `units.csv` | `name` | 名称, 单位名称 |
//! | `units.csv` | `code` | 区划代码, 统计用区划代码 |
//! | `units.csv` | `party_form` | 组织形式 |
//! | `units.csv` | `full_members` | 正式党员 |
//! | `units.csv` | `probationary_members` | 预备党员 |
//! | `units.csv` | `agricultural` | 涉农 |
//! | `units.csv` | `founded` | 成立日期 |
//! | `units.csv` | `dissolved` | 撤销日期 |
//! | `units.csv` | `secretary` | 书记 |
//! | `units.csv` | `committee_size` | 委员人数 |
//! | `units.csv` | `term_start` | 换届日期 |
//! | `units.csv` | `term_years` | 任期 |
//! | `units.csv` | `election_due` | 应换届日期 |
//! | `units.csv` | `approved_exception` | 批准延期换届 |
//! | `units.csv` | `weak_lax_identified` | 软弱涣散认定日期 |
//! | `units.csv` | `weak_lax_accepted` | 软弱涣散验收日期 |
//! | `units.csv` | `service_center_m2` | 服务中心面积 |
//! | `units.csv` | `service_center_since` | 服务中心建成日期 |
//! | `units.csv` | `venues` | 党建阵地 |
//! | `units.csv` | `commando_teams` | 党员突击队 |
//! | `units.csv` | `demonstrations` | 示范点 |
//! | `units.csv` | `purpose` | 任务 |
//! | `units.csv` | `approved` | 经批准 |
//! | `units.csv` | `task_ended` | 任务结束日期 |
//! | `units.csv` | `acts` | 违规事项 |
//! | `units.csv` | `bc_kind` | 大党委类型 |
//! | `units.csv` | `party_parent` | 上级党组织 |
//! | `orgs.csv` | `id` | 编号, 党组织编号 |
//! | `orgs.csv` | `parent` | 上级党组织, 上级编号 |
//! | `orgs.csv` | `form` | 党组织类别, 组织形式 |
//! | `orgs.csv` | `name` | 党组织名称, 名称 |
//! | `orgs.csv` | `unit` | 所在单位 |
//! | `orgs.csv` | `parent_unit` | 上级党组织所在单位 |
//! | `orgs.csv` | `code` | 党组织代码 |
//! | `orgs.csv` | `full_members` | 正式党员 |
//! | `orgs.csv` | `probationary_members` | 预备党员 |
//! | `orgs.csv` | `founded` | 成立日期 |
//! | `orgs.csv` | `dissolved` | 撤销日期 |
//! | `orgs.csv` | `secretary` | 书记 |
//! | `orgs.csv` | `committee_size` | 委员人数 |
//! | `orgs.csv` | `term_start` | 换届日期 |
//! | `orgs.csv` | `term_years` | 任期 |
//! | `orgs.csv` | `covers` | 覆盖单位 |
//! | `orgs.csv` | `purpose` | 任务 |
//! | `orgs.csv` | `approved` | 经批准 |
//! | `orgs.csv` | `task_ended` | 任务结束日期 |
//! | `orgs.csv` | `acts` | 违规事项 |
//! | `orgs.csv` | `bc_kind` | 大党委类型 |
//! | `relations.csv` | `from` | 起 |
//! | `relations.csv` | `to` | 止 |
//! | `relations.csv` | `relation` | 关系 |
//! | `relations.csv` | `id` | 编号 |
//! | `relations.csv` | `pairing` | 结对类型 |
//! | `relations.csv` | `since` | 开始日期 |
//! | `relations.csv` | `until` | 结束日期 |
//! | `relations.csv` | `count` | 人数 |
//! | `relations.csv` | `sections` | 科室数 |
//! | `relations.csv` | `cadres` | 干部数 |
//! | `relations.csv` | `households` | 户数 |
//! | `relations.csv` | `secretary` | 书记 |
//! | `relations.csv` | `org` | 党组织 |
//! | `records.csv` | `id` | 编号 |
//! | `records.csv` | `unit` | 单位 |
//! | `records.csv` | `date` | 日期 |
//! | `records.csv` | `type` | 类型 |
//! | `records.csv` | `matters` | 议题数 |
//! | `records.csv` | `problems_solved` | 解决问题数 |
//! | `records.csv` | `participants` | 参加人数 |
//! | `records.csv` | `raised` | 诉求数 |
//! | `records.csv` | `resolved` | 办结数 |
//! | `records.csv` | `person_times` | 培训人次 |
//! | `changes.csv` | `date` | 日期, 变更日期 |
//! | `changes.csv` | `unit` | 单位 |
//! | `changes.csv` | `org` | 党组织 |
//! | `changes.csv` | `change` | 变更类型 |
//! | `changes.csv` | `from` | 变更前 |
//! | `changes.csv` | `to` | 变更后 |
//! | `changes.csv` | `children` | 下级单位 |
//! | `changes.csv` | `records` | 记录 |
//! | `changes.csv` | `orgs` | 转入党组织 |
//! | `changes.csv` | `members` | 党员数 |
//!
//! # Chinese words (中文词)
//!
//! The words of these columns may be given in Chinese as well, also inside lists
//! (`广场:1200;长廊:300`); files are written with the English words. A sector's word alone
//! in `kind` (`学校`, `school`) names an institution of that sector. The words of
//! `relation` in `relations.csv` have no Chinese names yet.
//!
//! | vocabulary | word | Chinese words |
//! |---|---|---|
//! | unit kind | `province` | 省 |
//! | unit kind | `city` | 市 |
//! | unit kind | `district` | 区, 县 |
//! | unit kind | `street` | 街道 |
//! | unit kind | `town` | 镇, 乡 |
//! | unit kind | `village` | 村, 行政村 |
//! | unit kind | `community` | 社区 |
//! | unit kind | `coop` | 经济社 |
//! | unit kind | `federation` | 经济联社 |
//! | unit kind | `estate` | 小区 |
//! | unit kind | `institution` | 单位 |
//! | unit kind | `temporary` | 临时党组织 |
//! | unit kind | `big_committee` | 大党委 |
//! | sector | `organ` | 机关, 党政机关 |
//! | sector | `public_institution` | 事业单位 |
//! | sector | `state_owned_enterprise` | 国有企业, 国企 |
//! | sector | `non_public_enterprise` | 非公企业, 非公有制企业 |
//! | sector | `social_organization` | 社会组织 |
//! | sector | `school` | 学校 |
//! | sector | `kindergarten` | 幼儿园 |
//! | sector | `other` | 其他 |
//! | party form | `committee` | 党委, 基层党委 |
//! | party form | `general_branch` | 党总支 |
//! | party form | `branch` | 党支部 |
//! | party form | `joint_branch` | 联合党支部 |
//! | organization form | `committee` | 党委, 基层党委 |
//! | organization form | `working_committee` | 党工委 |
//! | organization form | `general_branch` | 党总支 |
//! | organization form | `branch` | 党支部 |
//! | organization form | `joint_branch` | 联合党支部 |
//! | organization form | `temporary` | 临时党支部, 临时党委, 临时党组织 |
//! | organization form | `big_committee` | 大党委 |
//! | organization form | `group` | 党小组 |
//! | purpose | `special_rectification` | 专项整改 |
//! | purpose | `rural_revitalization` | 乡村振兴 |
//! | purpose | `project` | 重点项目 |
//! | purpose | `other` | 其他 |
//! | big committee kind | `industry_chain` | 产业链 |
//! | big committee kind | `business_district` | 商圈 |
//! | big committee kind | `regional` | 区域 |
//! | venue kind | `park` | 党建公园 |
//! | venue kind | `square` | 广场 |
//! | venue kind | `corridor` | 长廊 |
//! | commando field | `organ` | 机关 |
//! | commando field | `village_residence` | 村居 |
//! | commando field | `grid` | 网格 |
//! | commando field | `two_new` | 两新 |
//! | commando field | `three_new` | 三新 |
//! | demonstration level | `national` | 国家级 |
//! | demonstration level | `provincial` | 省级 |
//! | demonstration level | `city` | 市级 |
//! | demonstration level | `district` | 区级 |
//! | forbidden act | `recruited` | 发展党员 |
//! | forbidden act | `disciplined` | 处分党员 |
//! | forbidden act | `collected_dues` | 收缴党费 |
//! | forbidden act | `held_election` | 选举 |
//! | forbidden act | `elected_leaders` | 选举书记 |
//! | pairing type | `town_street` | 镇街结对 |
//! | pairing type | `joint_building` | 结对共建 |
//! | pairing type | `organ_coop` | 机关科室与经济社结对 |
//! | pairing type | `cadre_household` | 干部与群众结对 |
//! | pairing type | `first_secretary` | 第一书记 |
//! | record type | `joint_meeting` | 联席会议 |
//! | record type | `activity` | 活动 |
//! | record type | `appeals` | 诉求 |
//! | record type | `training` | 培训 |
//! | change | `found` | 成立 |
//! | change | `dissolve` | 撤销 |
//! | change | `move` | 隶属调整 |
//! | change | `rename` | 更名 |
//! | change | `recode` | 代码变更 |
//! | change | `merge` | 合并 |
//! | change | `split` | 拆分 |
//! | change | `members` | 党员数 |
//!
//! The words of these columns are declared once, by the enums linked above (see
//! [`vocab`](crate::vocab)); their `WORDS` list every valid word, and a bad one is
//! reported with that list.
//!
//! [`KindWord`]: crate::unit::KindWord
//! [`Sector`]: crate::Sector
//! [`PartyForm`]: crate::PartyForm
//! [`VenueKind`]: crate::unit::VenueKind
//! [`CommandoField`]: crate::unit::CommandoField
//! [`DemoLevel`]: crate::unit::DemoLevel
//! [`TaskPurpose`]: crate::unit::TaskPurpose
//! [`ForbiddenAct`]: crate::unit::ForbiddenAct
//! [`BigCommitteeKind`]: crate::unit::BigCommitteeKind
//! [`RelationWord`]: crate::relation::RelationWord
//! [`PairingWord`]: crate::relation::PairingWord
//! [`RecordWord`]: crate::record::RecordWord
//! [`ChangeWord`]: crate::history::ChangeWord

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use csv::ByteRecord;
use hashbrown::{HashMap, HashSet};

use super::assembly::{Standing, read_keyed};
use super::file_keys::{FileKeys, IdText, Resolved, Space};
use super::orgs::{O_ID, ORG_REQUIRED, ORG_SCHEMA, org_cells, orgs_in_file_order, parse_org};
use super::relations::{RECORD_SCHEMA, RELATION_SCHEMA};
use super::row::Column;
use super::units::UNIT_SCHEMA;
use super::{
    Assembly, Cells, LoadError, Position, RECORD_REQUIRED, RELATION_REQUIRED, U_ID, UNIT_REQUIRED,
    open_regular, parse_record, parse_relation, parse_unit, record_cells, relation_cells,
    relation_items, unit_cells,
};
use crate::hierarchy::Hierarchy;
use crate::unit::UnitId;

/// The units table's file name in a folder.
pub const UNITS_FILE: &str = "units.csv";
/// The relations table's file name in a folder.
pub const RELATIONS_FILE: &str = "relations.csv";
/// The records table's file name in a folder.
pub const RECORDS_FILE: &str = "records.csv";
/// The organizations table's file name in a folder: party organizations recorded in
/// their own right (see the module doc).
pub const ORGS_FILE: &str = "orgs.csv";

pub(crate) use super::csv_read::LineEnds;
pub(crate) use super::csv_read::{
    csv_problem, csv_reader, error_position, for_each_record, header_map, open_text, record_line,
    skip_bom,
};

/// One table of a folder or a workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Table {
    Units,
    Orgs,
    Relations,
    Records,
}

impl Table {
    /// Every table, in the order they are read and written.
    pub(crate) const ALL: [Table; 4] =
        [Table::Units, Table::Orgs, Table::Relations, Table::Records];

    /// Its file's name in a folder.
    pub(crate) fn file(self) -> &'static str {
        match self {
            Table::Units => UNITS_FILE,
            Table::Orgs => ORGS_FILE,
            Table::Relations => RELATIONS_FILE,
            Table::Records => RECORDS_FILE,
        }
    }

    /// Its sheet's names in a workbook: English, then Chinese.
    #[cfg(feature = "xlsx")]
    pub(crate) fn sheets(self) -> [&'static str; 2] {
        match self {
            Table::Units => ["units", "单位"],
            Table::Orgs => ["orgs", "党组织"],
            Table::Relations => ["relations", "关系"],
            Table::Records => ["records", "记录"],
        }
    }

    /// Its columns.
    pub(crate) fn schema(self) -> &'static [Column] {
        match self {
            Table::Units => &UNIT_SCHEMA,
            Table::Orgs => &ORG_SCHEMA,
            Table::Relations => &RELATION_SCHEMA,
            Table::Records => &RECORD_SCHEMA,
        }
    }

    /// The columns it must have.
    pub(crate) fn required(self) -> &'static [usize] {
        match self {
            Table::Units => &UNIT_REQUIRED,
            Table::Orgs => &ORG_REQUIRED,
            Table::Relations => &RELATION_REQUIRED,
            Table::Records => &RECORD_REQUIRED,
        }
    }

    /// Parses one row of the table and hands it to the assembly, its problems placed at
    /// `at` (a CSV line or a sheet's row) and the column.
    pub(crate) fn take_row<C: Cells>(
        self,
        asm: &mut Assembly,
        file: &Path,
        cells: &C,
        at: &dyn Fn() -> Position,
    ) {
        match self {
            Table::Units => {
                if let Some(standing) = unit_row(asm, file, cells, at) {
                    asm.push_standing(standing);
                }
            }
            Table::Orgs => {
                if let Some(id) = cells.raw(O_ID) {
                    asm.keys.note_own(Space::Orgs, id);
                }
                if asm.keys.met_keys() {
                    collecting(asm, file, cells, at);
                    return;
                }
                let parsed = parse_org(cells, &asm.keys, &mut asm.problems.at(file, at));
                if let Some(item) = parsed {
                    let name = asm.file_name(file);
                    asm.orgs.push((name, at(), item));
                }
            }
            Table::Relations | Table::Records if note_item(asm, cells, self) => {
                collecting(asm, file, cells, at);
            }
            Table::Relations => {
                let parsed = parse_relation(cells, &asm.keys, &mut asm.problems.at(file, at));
                if let Some(item) = parsed {
                    let name = asm.file_name(file);
                    asm.relations.push((name, at(), item));
                }
            }
            Table::Records => {
                let parsed = parse_record(cells, &asm.keys, &mut asm.problems.at(file, at));
                if let Some((id, rec, key)) = parsed {
                    let name = asm.file_name(file);
                    asm.records.push((name, at(), id, rec, key));
                }
            }
        }
    }

    /// Hands every row of the table, as files write them, to `row`, in the order of the
    /// module's documentation.
    pub(crate) fn write_rows<E>(
        self,
        h: &Hierarchy,
        mut row: impl FnMut(&[Option<String>]) -> Result<(), E>,
    ) -> Result<(), E> {
        match self {
            Table::Units => {
                for u in units_in_file_order(h) {
                    row(&unit_cells(h, &u, IdText::Keys))?;
                }
            }
            Table::Orgs => {
                for o in &orgs_in_file_order(h) {
                    row(&org_cells(h, o, IdText::Keys))?;
                }
            }
            Table::Relations => {
                for item in &relation_items(h) {
                    row(&relation_cells(h, item, IdText::Keys))?;
                }
            }
            Table::Records => {
                for (id, r) in h.records() {
                    row(&record_cells(h, id, r, IdText::Keys))?;
                }
            }
        }
        Ok(())
    }
}

/// Notes the own id of a relation row (a pairing's) or record row, for keys: whether the
/// reading has now met keys (and only collects them from here on).
fn note_item<C: Cells>(asm: &mut Assembly, cells: &C, table: Table) -> bool {
    let (space, col) = match table {
        Table::Records => (Space::Records, super::relations::C_ID),
        _ => (Space::Pairings, super::relations::R_ID),
    };
    if let Some(id) = cells.raw(col) {
        asm.keys.note_own(space, id);
    }
    asm.keys.met_keys()
}

/// A row of a reading that has met keys and is to be done again with them: only its
/// text is checked (a cell that is no UTF-8 is a problem, so that the next reading
/// detects the file's encoding); its own key was noted.
fn collecting<C: Cells>(asm: &mut Assembly, file: &Path, cells: &C, at: &dyn Fn() -> Position) {
    if !cells.is_utf8() {
        asm.problems
            .push(file, at(), super::ProblemKind::InvalidUtf8);
    }
}

/// Reads a unit row: its own id noted (for keys), its problems reported, the ids of a
/// bad row remembered; the standing unit it holds, if any, is returned for the builder.
pub(crate) fn unit_row<'c, C: Cells>(
    asm: &mut Assembly,
    file: &Path,
    cells: &'c C,
    at: &dyn Fn() -> Position,
) -> Option<Standing<'c>> {
    if let Some(id) = cells.raw(U_ID) {
        asm.keys.note_own(Space::Units, id);
    }
    if asm.keys.met_keys() {
        // The file is read again with its keys: from here on this reading only collects
        // them, and checks the text (see `collecting`).
        collecting(asm, file, cells, at);
        return None;
    }
    let parsed = parse_unit(cells, &asm.keys, &mut asm.problems.at(file, at));
    match parsed {
        Some(row) => asm.unit(at, row),
        None => {
            if let Ok(Some(id)) = cells.cell(U_ID)
                && let Resolved::Id(id) = asm.keys.resolve(Space::Units, id)
            {
                asm.failed_ids.insert(id);
            }
            None
        }
    }
}

/// Reads one CSV table, handing each good record to the table's rows. Returns `false`
/// when the header is unusable (then no row was read).
fn read_table<R: Read + Send>(
    rdr: &mut csv::Reader<LineEnds<R>>,
    file: &Path,
    table: Table,
    asm: &mut Assembly,
    parallel: bool,
) -> bool {
    let header = match rdr.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            asm.problems.push(file, Position::File, csv_problem(&e));
            return false;
        }
    };
    let before = asm.problems.total;
    let fields = header.iter().map(Some);
    let map = header_map(fields, table.schema(), table.required(), |column, kind| {
        asm.problems
            .push(file, Position::Line { line: 1, column }, kind);
    });
    if asm.problems.total > before {
        return false;
    }
    if table == Table::Units && parallel {
        super::pipeline::read_units(rdr, file, &map, asm);
    } else {
        for_each_record(rdr, file, &map, asm, |asm, cells, at| {
            table.take_row(asm, file, cells, at);
        });
    }
    true
}

/// An estimate of a file's rows, from its size and the lines in its first 64 KiB, so that
/// a large build reserves its storage once instead of growing (and briefly doubling) it.
fn estimate_rows(path: &Path) -> usize {
    let Ok(mut f) = File::open(path) else {
        return 0;
    };
    let len = f.metadata().map_or(0, |m| m.len());
    let mut head = vec![0u8; 1 << 16];
    let mut got = 0;
    while got < head.len() {
        match f.read(&mut head[got..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    let lines = head[..got].iter().filter(|&&b| b == b'\n').count().max(1);
    // At least 16 bytes a row and at most 16 million rows reserved, so that a file whose
    // first lines are unusually short cannot make the reservation absurd.
    let per_line = (got / lines).max(16) as u64;
    let rows = len / per_line + len / per_line / 32 + 16;
    usize::try_from(rows.min(1 << 24)).unwrap_or(0)
}

/// Reads the unit rows of `reader` (its byte-order mark already skipped), reserving room
/// for `capacity` units; `path` names the file in problems.
fn read_units<R: Read + Send>(reader: R, path: &Path, capacity: usize, asm: &mut Assembly) {
    let mut rdr = csv_reader(reader);
    asm.builder = crate::hierarchy::HierarchyBuilder::with_capacity(capacity);
    let parallel = capacity >= super::pipeline::PARALLEL_FROM;
    read_table(&mut rdr, path, Table::Units, asm, parallel);
}

/// Finds the lines of the unit rows with the given ids, in file order: used only when the
/// rows do not form a forest, so that a successful load keeps no line numbers.
fn locate_units<R: Read>(
    reader: R,
    wanted: &HashSet<UnitId>,
    keys: &FileKeys,
) -> HashMap<UnitId, Vec<Position>> {
    let mut found: HashMap<UnitId, Vec<Position>> = HashMap::new();
    let mut r = BufReader::with_capacity(1 << 16, reader);
    if skip_bom(&mut r).is_err() {
        return found;
    }
    let mut rdr = csv_reader(r);
    let Ok(header) = rdr.byte_headers().cloned() else {
        return found;
    };
    let Some(idc) = header.iter().position(|h| UNIT_SCHEMA[U_ID].is_named(h)) else {
        return found;
    };
    let mut rec = ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            // A malformed row (already reported) does not hide the rows after it.
            Err(e) if !matches!(e.kind(), csv::ErrorKind::Io(_)) => continue,
            Err(_) => break,
        }
        let line = record_line(&rdr, &rec);
        let id = rec
            .get(idc)
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|s| match keys.resolve(Space::Units, s) {
                Resolved::Id(n) => Some(UnitId(n)),
                _ => None,
            });
        if let Some(id) = id
            && wanted.contains(&id)
        {
            found
                .entry(id)
                .or_default()
                .push(Position::Line { line, column: None });
        }
    }
    found
}

fn load_tables(units: &Path, others: &[(Table, PathBuf)]) -> Result<Hierarchy, LoadError> {
    let capacity = estimate_rows(units);
    let asm = read_keyed(units, |asm, detect| {
        read_units(open_text(units, detect)?, units, capacity, asm);
        asm.units_done();
        for (table, path) in others {
            read_table(
                &mut csv_reader(open_text(path, detect)?),
                path,
                *table,
                asm,
                false,
            );
        }
        Ok(())
    })?;
    asm.finish(units, |wanted, keys| {
        open_regular(units)
            .ok()
            .and_then(|f| super::text::detect(f).ok())
            .map_or_else(HashMap::new, |r| locate_units(r, wanted, keys))
    })
}

/// Loads a folder of tables: `units.csv` (required), `relations.csv` and `records.csv`
/// (each optional).
///
/// # Errors
///
/// [`LoadError::Io`] if `units.csv` (or a present optional table) cannot be read;
/// [`LoadError::Invalid`] listing every problem, with file, line and column.
///
/// # Example
///
/// ```
/// use partyorg::{Hierarchy, Unit, UnitKind};
/// use partyorg::interchange::table;
///
/// let mut h = Hierarchy::new();
/// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
/// h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
/// let dir = std::env::temp_dir().join(format!("partyorg-doc-{}", std::process::id()));
/// table::save_dir(&h, &dir)?;
/// assert_eq!(table::load_dir(&dir)?, h);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_dir(dir: impl AsRef<Path>) -> Result<Hierarchy, LoadError> {
    let dir = dir.as_ref();
    let io = |source| LoadError::Io {
        path: dir.to_owned(),
        source,
    };
    if !std::fs::metadata(dir).map_err(io)?.is_dir() {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a folder",
        )));
    }
    let mut others = Vec::new();
    for table in [Table::Orgs, Table::Relations, Table::Records] {
        if let Some(path) = optional(dir.join(table.file()))? {
            others.push((table, path));
        }
    }
    let mut h = load_tables(&dir.join(UNITS_FILE), &others)?;
    if let Some(path) = optional(dir.join(super::CHANGES_FILE))? {
        super::changes::load_csv_into(&mut h, &path)?;
    }
    Ok(h)
}

/// An optional table: `None` when nothing is at the path. Anything there (a file, a
/// folder, a link, even one that leads nowhere) is a table to read, so that one that
/// cannot be read is an error rather than silently absent.
fn optional(path: PathBuf) -> Result<Option<PathBuf>, LoadError> {
    match std::fs::symlink_metadata(&path) {
        Ok(_) => Ok(Some(path)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(LoadError::Io { path, source }),
    }
}

/// Loads a units table alone (a hierarchy with no relations, pairings or records, except
/// the hosting of temporary organizations given by their `parent`).
///
/// # Errors
///
/// As [`load_dir`].
///
/// ```
/// use partyorg::interchange::table;
/// use partyorg::{LoadError, interchange::Position};
/// let h = table::load_units_file("tests/fixtures/units-bom-crlf.csv")?;
/// assert!(!h.is_empty());
/// let err = table::load_units_file("tests/fixtures/units-unknown-kind.csv").unwrap_err();
/// assert!(matches!(err, LoadError::Invalid { total: 1, .. }));
/// assert!(matches!(err.problems()[0].position, Position::Line { line: 3, .. }));
/// assert!(matches!(table::load_units_file("tests/fixtures/none.csv"), Err(LoadError::Io { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_units_file(path: impl AsRef<Path>) -> Result<Hierarchy, LoadError> {
    let path = path.as_ref();
    let file = open_regular(path)?;
    load_units_from(file, path, estimate_rows(path))
}

/// Loads a units table alone, as [`load_units_file`], from any seekable reader (a file,
/// or bytes in memory through [`std::io::Cursor`]); `file` names it in problems. The
/// reader is read once, and read again from its start only when the rows do not form a
/// forest, to give the lines of the rows at fault. A leading UTF-8 byte-order mark is
/// skipped; a reader whose bytes are not UTF-8 but GB18030 is decoded as it is read (see
/// the [module doc](self)), after the passes that tell its encoding.
///
/// # Errors
///
/// [`LoadError::Io`] if the reader fails before its header is read; otherwise as
/// [`load_dir`].
///
/// # Example
///
/// ```
/// use std::io::Cursor;
/// use std::path::Path;
/// use partyorg::interchange::table;
/// use partyorg::{interchange::Position, interchange::ProblemKind};
///
/// let text = "id,parent,kind,name\n1,,district,白云区\n2,1,street,均禾街道\n";
/// let h = table::load_units_reader(Cursor::new(text), Path::new("units.csv"))?;
/// assert_eq!(h.len(), 2);
///
/// // A cycle is found after the rows are read; the reader is read again for its line.
/// let cycle = "id,parent,kind,name\n1,2,street,甲\n2,1,street,乙\n";
/// let err = table::load_units_reader(Cursor::new(cycle), Path::new("units.csv")).unwrap_err();
/// let p = &err.problems()[0];
/// assert!(matches!(p.kind, ProblemKind::Cycle { .. }));
/// assert_eq!(p.position, Position::Line { line: 2, column: Some("parent".into()) });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_units_reader<R: Read + Seek + Send>(
    reader: R,
    file: impl AsRef<Path>,
) -> Result<Hierarchy, LoadError> {
    load_units_from(reader, file.as_ref(), 0)
}

/// [`load_units_reader`] reserving room for `capacity` units.
fn load_units_from<R: Read + Seek + Send>(
    reader: R,
    file: &Path,
    capacity: usize,
) -> Result<Hierarchy, LoadError> {
    let io = |source| LoadError::Io {
        path: file.to_owned(),
        source,
    };
    let mut reader = reader;
    let start = reader.stream_position().map_err(io)?;
    let asm = read_keyed(file, |asm, detect| {
        reader.seek(SeekFrom::Start(start)).map_err(io)?;
        let text = if detect {
            super::text::detect(&mut reader).map_err(io)?
        } else {
            super::text::Text::Utf8(&mut reader)
        };
        let mut r = BufReader::with_capacity(1 << 16, text);
        skip_bom(&mut r).map_err(io)?;
        read_units(r, file, capacity, asm);
        asm.units_done();
        Ok(())
    })?;
    asm.finish(file, |wanted, keys| {
        let text = reader
            .seek(SeekFrom::Start(start))
            .and_then(|_| super::text::detect(&mut reader));
        match text {
            Ok(t) => locate_units(t, wanted, keys),
            Err(_) => HashMap::new(),
        }
    })
}

#[path = "table_write.rs"]
mod write;
pub(crate) use write::{
    csv_table_writer, save_dir_with, save_units_file_with, units_in_file_order,
};
pub use write::{save_dir, save_units_file};

#[cfg(test)]
#[path = "table_docs.rs"]
mod documented_columns;
