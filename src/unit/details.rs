//! What a unit may carry besides its kind, name and members: the [`Details`] kept in a
//! side table, and the organization details, centers, venues and statuses they gather.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::vocab::vocab;

/// A term of office (任期): the date of the last election and the term's length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Term {
    /// The date of the last election (换届).
    pub elected: NaiveDate,
    /// The term's length in years.
    pub years: u8,
}

impl Term {
    /// The date on which the term ends, `years` after the election: the first day it no
    /// longer runs (an exclusive end, as every end date in the crate), the day the next
    /// term may begin. A February 29th election ends on February 28th of a non-leap year.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::unit::Term;
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// assert_eq!(Term { elected: d(2021, 5, 10), years: 5 }.ends(), d(2026, 5, 10));
    /// assert_eq!(Term { elected: d(2020, 2, 29), years: 3 }.ends(), d(2023, 2, 28));
    /// ```
    pub fn ends(self) -> NaiveDate {
        self.elected
            .checked_add_months(chrono::Months::new(u32::from(self.years) * 12))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// Weak-and-lax status (软弱涣散): identified in a yearly review, rectified, and accepted
/// (验收) by the county organization department.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WeakLax {
    /// When the organization was identified as weak and lax.
    pub identified: NaiveDate,
    /// When the rectification was accepted, if it has been.
    pub accepted: Option<NaiveDate>,
}

/// The details of a unit's party organization beyond its [`PartyForm`] and member counts.
///
/// [`PartyForm`]: super::PartyForm
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrgDetails {
    /// The secretary's name (书记).
    pub secretary: Option<String>,
    /// The current term.
    pub term: Option<Term>,
    /// The term the election was originally due under, when it was advanced or postponed
    /// (the regulations allow at most one year either way).
    pub due: Option<NaiveDate>,
    /// Whether the upper organization approved a form below its usual size (a general
    /// branch under 50 members, a committee under 100).
    pub approved_exception: bool,
    /// Weak-and-lax status, if the organization was ever identified.
    pub weak_lax: Option<WeakLax>,
}

/// A party-mass service center or station (党群服务中心 / 站).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ServiceCenter {
    /// Floor area in square metres.
    pub area_m2: u32,
    /// The day it opened, if known; undated, it stood always (totals count it in every
    /// period its unit stood in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
}

impl ServiceCenter {
    /// An undated center of `area_m2` square metres.
    ///
    /// ```
    /// use partyorg::unit::ServiceCenter;
    /// let center = ServiceCenter::new(800);
    /// assert_eq!((center.area_m2, center.since), (800, None));
    /// ```
    pub const fn new(area_m2: u32) -> Self {
        ServiceCenter {
            area_m2,
            since: None,
        }
    }
}

/// Stocks (a center, a venue, commando teams) that may carry the day they were formed,
/// and stand from that day on.
macro_rules! dated_stock {
    ($t:ident, $uses:literal, $new:literal) => {
        impl $t {
            /// The same, formed on `date`.
            ///
            /// ```
            /// use chrono::NaiveDate;
            #[doc = concat!("use partyorg::unit::{", $uses, "};")]
            /// let day = NaiveDate::from_ymd_opt(2022, 7, 1).unwrap();
            #[doc = concat!("let stock = ", $new, ".since(day);")]
            /// assert_eq!(stock.since, Some(day));
            /// ```
            #[must_use]
            pub const fn since(self, date: NaiveDate) -> Self {
                Self {
                    since: Some(date),
                    ..self
                }
            }

            /// Whether it stood on `date`: undated, or formed on or before it.
            ///
            /// ```
            /// use chrono::NaiveDate;
            #[doc = concat!("use partyorg::unit::{", $uses, "};")]
            /// let d = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
            #[doc = concat!("let undated = ", $new, ";")]
            /// let dated = undated.since(d(2022));
            /// assert!(undated.stands_on(d(1900)));
            /// assert!(dated.stands_on(d(2022)) && !dated.stands_on(d(2021)));
            /// ```
            pub fn stands_on(&self, date: NaiveDate) -> bool {
                self.since.is_none_or(|s| s <= date)
            }
        }
    };
}

dated_stock!(ServiceCenter, "ServiceCenter", "ServiceCenter::new(800)");
dated_stock!(
    Venue,
    "Venue, VenueKind",
    "Venue::new(VenueKind::Park, 1200)"
);
dated_stock!(
    CommandoTeams,
    "CommandoField, CommandoTeams",
    "CommandoTeams::new(CommandoField::Grid, 3)"
);

vocab! {
    /// The kind of a party-building venue (党建阵地).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum VenueKind: "venue kind" {
        /// A party-building culture park (党建文化公园).
        Park => "park" | "党建公园",
        /// A square (广场).
        Square => "square" | "广场",
        /// A corridor (长廊).
        Corridor => "corridor" | "长廊",
    }
}

/// A party-building venue with its area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Venue {
    /// Park, square or corridor.
    pub kind: VenueKind,
    /// Area in square metres.
    pub area_m2: u32,
    /// The day it was built, if known; undated, it stood always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
}

impl Venue {
    /// An undated venue.
    ///
    /// ```
    /// use partyorg::{unit::Venue, unit::VenueKind};
    /// let square = Venue::new(VenueKind::Square, 1500);
    /// assert_eq!((square.kind, square.area_m2, square.since), (VenueKind::Square, 1500, None));
    /// ```
    pub const fn new(kind: VenueKind, area_m2: u32) -> Self {
        Venue {
            kind,
            area_m2,
            since: None,
        }
    }
}

vocab! {
    /// The field in which party commando teams (党员突击队) are formed.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum CommandoField: "commando field" {
        /// Organs (机关).
        Organ => "organ" | "机关",
        /// Villages and residences (村居).
        VillageResidence => "village_residence" | "村居",
        /// Grids (网格).
        Grid => "grid" | "网格",
        /// Two-new organizations (两新组织).
        TwoNew => "two_new" | "两新",
        /// The "three new" fields (三新: new economy, new organizations, new employment).
        ThreeNew => "three_new" | "三新",
    }
}

/// Commando teams of one field formed in a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CommandoTeams {
    /// The field.
    pub field: CommandoField,
    /// How many teams.
    pub count: u32,
    /// The day they were formed, if known; undated, they stood always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
}

impl CommandoTeams {
    /// Undated teams.
    ///
    /// ```
    /// use partyorg::{unit::CommandoField, unit::CommandoTeams};
    /// let teams = CommandoTeams::new(CommandoField::TwoNew, 4);
    /// assert_eq!((teams.field, teams.count, teams.since), (CommandoField::TwoNew, 4, None));
    /// ```
    pub const fn new(field: CommandoField, count: u32) -> Self {
        CommandoTeams {
            field,
            count,
            since: None,
        }
    }
}

vocab! {
    /// The level that designated a demonstration site (示范点).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum DemoLevel: "demonstration level" {
        /// National (国家级).
        National => "national" | "国家级",
        /// Provincial (省级).
        Provincial => "provincial" | "省级",
        /// City (市级).
        City => "city" | "市级",
        /// District (区级).
        District => "district" | "区级",
    }
}

/// A demonstration-site designation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Demonstration {
    /// Who designated it.
    pub level: DemoLevel,
    /// The year of the designation.
    pub year: i32,
}

vocab! {
    /// The task a temporary party organization (临时党组织) was set up for.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum TaskPurpose: "purpose" {
        /// Special rectification (专项整改).
        SpecialRectification => "special_rectification" | "专项整改",
        /// Rural revitalization (乡村振兴).
        RuralRevitalization => "rural_revitalization" | "乡村振兴",
        /// A short project (重点项目): one of six months or more should form a regular
        /// branch instead (支部工作条例（试行）2018 ch. 2: 为期6个月以上的工程、工作项目等
        /// … 应当成立党支部), which validation flags
        /// ([`Rule::TemporaryProjectTooLong`](crate::validate::Rule::TemporaryProjectTooLong)).
        Project => "project" | "重点项目",
        /// Any other task.
        Other => "other" | "其他",
    }
}

/// Acts that a temporary organization may not do, as recorded on it (支部工作条例（试行）
/// 2018 ch. 2: it normally does not recruit or discipline (一般不), does not collect dues,
/// elect delegates or hold re-elections, and its leaders are appointed (指定) by the
/// organization that approved it, not elected).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ForbiddenActs {
    /// It recruited (发展党员).
    pub recruited: bool,
    /// It disciplined members (处分党员).
    pub disciplined: bool,
    /// It collected dues (收缴党费).
    pub collected_dues: bool,
    /// It elected delegates or held a re-election (选举代表、换届).
    pub held_election: bool,
    /// It elected its own secretary or committee instead of having them appointed (指定)
    /// by the organization that approved it.
    #[serde(default)]
    pub elected_leaders: bool,
}

impl ForbiddenActs {
    /// Whether any forbidden act is recorded.
    ///
    /// ```
    /// use partyorg::unit::ForbiddenActs;
    /// let mut acts = ForbiddenActs::default();
    /// assert!(!acts.any());
    /// acts.collected_dues = true;
    /// assert!(acts.any());
    /// ```
    pub const fn any(self) -> bool {
        self.recruited
            || self.disciplined
            || self.collected_dues
            || self.held_election
            || self.elected_leaders
    }

    /// Whether `act` is recorded.
    ///
    /// ```
    /// use partyorg::{unit::ForbiddenAct, unit::ForbiddenActs};
    /// let acts = ForbiddenActs { recruited: true, ..ForbiddenActs::default() };
    /// assert!(acts.has(ForbiddenAct::Recruited));
    /// assert!(!acts.has(ForbiddenAct::HeldElection));
    /// ```
    pub const fn has(self, act: ForbiddenAct) -> bool {
        match act {
            ForbiddenAct::Recruited => self.recruited,
            ForbiddenAct::Disciplined => self.disciplined,
            ForbiddenAct::CollectedDues => self.collected_dues,
            ForbiddenAct::HeldElection => self.held_election,
            ForbiddenAct::ElectedLeaders => self.elected_leaders,
        }
    }

    /// Records `act`; recording it again changes nothing.
    ///
    /// ```
    /// use partyorg::{unit::ForbiddenAct, unit::ForbiddenActs};
    /// let mut acts = ForbiddenActs::default();
    /// for word in "held_election;选举书记".split(';') {
    ///     acts.insert(word.parse::<ForbiddenAct>()?);
    /// }
    /// assert!(acts.held_election && acts.elected_leaders);
    /// assert_eq!(ForbiddenAct::ALL.iter().filter(|&&a| acts.has(a)).count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn insert(&mut self, act: ForbiddenAct) {
        let flag = match act {
            ForbiddenAct::Recruited => &mut self.recruited,
            ForbiddenAct::Disciplined => &mut self.disciplined,
            ForbiddenAct::CollectedDues => &mut self.collected_dues,
            ForbiddenAct::HeldElection => &mut self.held_election,
            ForbiddenAct::ElectedLeaders => &mut self.elected_leaders,
        };
        *flag = true;
    }
}

vocab! {
    /// One act a temporary organization may not do, as a word of [`ForbiddenActs`] in
    /// files (`recruited;collected_dues`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum ForbiddenAct: "forbidden act" {
        /// It recruited (发展党员).
        Recruited => "recruited" | "发展党员",
        /// It disciplined members (处分党员).
        Disciplined => "disciplined" | "处分党员",
        /// It collected dues (收缴党费).
        CollectedDues => "collected_dues" | "收缴党费",
        /// It elected delegates or held a re-election (选举代表、换届).
        HeldElection => "held_election" | "选举",
        /// It elected its own leaders (选举书记) rather than having them appointed (指定).
        ElectedLeaders => "elected_leaders" | "选举书记",
    }
}

/// What a temporary organization carries beyond an organization's common fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TemporaryInfo {
    /// The task it serves.
    pub purpose: TaskPurpose,
    /// Whether the host's party organization approved it.
    pub approved: bool,
    /// The day its task ended, if it has: the first day it no longer ran (an exclusive
    /// end).
    pub task_ended: Option<NaiveDate>,
    /// Forbidden acts recorded against it.
    pub acts: ForbiddenActs,
}

vocab! {
    /// The kind of a big party committee (大党委).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum BigCommitteeKind: "big committee kind" {
        /// Industry chain (产业链大党委): rail transit alliance, cosmetics chain …
        IndustryChain => "industry_chain" | "产业链",
        /// Business district (商圈大党委, "一商圈一大党委").
        BusinessDistrict => "business_district" | "商圈",
        /// Regional (community 大党委, street 大工委).
        Regional => "regional" | "区域",
    }
}

/// The rarer facts of a unit. Every field defaults to empty; a unit whose details are all
/// empty costs nothing in the hierarchy's side table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Details {
    /// When the unit (or organization) was founded.
    pub founded: Option<NaiveDate>,
    /// When it was dissolved, if it has been: the first day it no longer stood (an
    /// exclusive end, as every end date in the crate).
    pub dissolved: Option<NaiveDate>,
    /// Its party organization's details.
    pub org: Option<OrgDetails>,
    /// Its party-mass service center or station.
    pub service_center: Option<ServiceCenter>,
    /// Its party-building venues.
    pub venues: Vec<Venue>,
    /// Its commando teams, per field.
    pub commando_teams: Vec<CommandoTeams>,
    /// Its demonstration-site designations.
    pub demonstrations: Vec<Demonstration>,
}

/// Empty details, for the units that have none.
pub(crate) static EMPTY_DETAILS: Details = Details {
    founded: None,
    dissolved: None,
    org: None,
    service_center: None,
    venues: Vec::new(),
    commando_teams: Vec::new(),
    demonstrations: Vec::new(),
};

impl Details {
    /// Whether every field is empty.
    ///
    /// ```
    /// use partyorg::{unit::Details, unit::ServiceCenter};
    /// let mut details = Details::default();
    /// assert!(details.is_empty());
    /// details.service_center = Some(ServiceCenter::new(300));
    /// assert!(!details.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        let Details {
            founded,
            dissolved,
            org,
            service_center,
            venues,
            commando_teams,
            demonstrations,
        } = self;
        founded.is_none()
            && dissolved.is_none()
            && org.is_none()
            && service_center.is_none()
            && venues.is_empty()
            && commando_teams.is_empty()
            && demonstrations.is_empty()
    }

    /// Whether the unit exists on `date`: founded on or before it (or with no founding
    /// date) and not dissolved on or before it.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::unit::Details;
    /// let d = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
    /// let mut details = Details::default();
    /// assert!(details.exists_on(d(1900)));
    /// (details.founded, details.dissolved) = (Some(d(2000)), Some(d(2020)));
    /// assert!(details.exists_on(d(2000)) && details.exists_on(d(2019)));
    /// assert!(!details.exists_on(d(1999)) && !details.exists_on(d(2020)));
    /// ```
    pub fn exists_on(&self, date: NaiveDate) -> bool {
        self.founded.is_none_or(|f| f <= date) && self.dissolved.is_none_or(|d| d > date)
    }
}
