//! Relations across the tree: hosting, big-committee membership, pairings (结对).
//!
//! Every relation is a typed edge of the hierarchy's graph, so removing a unit removes
//! its relations with it. Containment (the tree itself) is an edge too; the others are:
//!
//! | relation | from → to | meaning |
//! |---|---|---|
//! | [`Relation::BasedIn`] | organization → unit | the unit it is based in (所在单位): a temporary organization's host, a big committee's core (一核) |
//! | [`Relation::Superior`] | organization → organization | the 隶属 tree: the superior above the one below |
//! | [`Relation::Seconds`] | temporary organization → unit | members seconded from their home unit |
//! | [`Relation::Member`] | big committee → unit | a member unit (多元) |
//! | [`Relation::PartTime`] | big committee → unit | part-time committee members (兼职委员) from that unit |
//! | [`Relation::Covers`] | organization → unit | a unit it covers besides its own: a joint branch's (联合党支部) other units |
//! | [`Relation::Pairing`] | unit → unit | a pairing, see [`PairingKind`] |
//!
//! Temporary organizations and big committees are party organizations
//! ([`OrgForm::Temporary`](crate::OrgForm::Temporary),
//! [`OrgForm::BigCommittee`](crate::OrgForm::BigCommittee)), so every relation but
//! containment and pairing runs from an organization to a unit or another organization.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::unit::{UnitId, UnitKind};
use crate::vocab::vocab;

/// The stable identifier of a pairing in a [`Hierarchy`](crate::Hierarchy).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PairingId(pub u32);

impl fmt::Display for PairingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pairing#{}", self.0)
    }
}

/// Reads an id as [`Display`](fmt::Display) writes it (`pairing#17`) or as its number.
impl std::str::FromStr for PairingId {
    type Err = crate::error::ParseIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::error::parse_id(s, "pairing#", "pairing").map(PairingId)
    }
}

/// The type of a pairing (结对).
///
/// Serde writes it as the relations table does: its [`PairingWord`] as `pairing`, with
/// the fields of that type under the table's column names
/// (`{"pairing": "organ_coop", "sections": 4}`); reading one refuses a missing count and
/// a field of another type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "PairingKindFile", try_from = "PairingKindFile")]
#[non_exhaustive]
pub enum PairingKind {
    /// "1+3": an agricultural town or street paired with a street (镇街"1+3"结对互促).
    /// From the agricultural one to the street.
    TownStreet,
    /// Joint building (结对共建) between any two standing units.
    JointBuilding,
    /// Sections (科室) of an organ paired with an economic co-op (机关科室与经济社结对).
    /// From the organ to the co-op.
    OrganCoop {
        /// How many of the organ's sections take part.
        sections: u32,
    },
    /// Cadres of a unit paired with households of a village or community (干部与群众结对).
    CadreHousehold {
        /// Cadres (干部职工) taking part.
        cadres: u32,
        /// Households (户) they are paired with.
        households: u32,
    },
    /// A first secretary (第一书记) dispatched from a unit to a village or community; the
    /// dispatching unit and the village are paired (结对共建).
    FirstSecretary {
        /// The secretary's name, if recorded.
        secretary: Option<String>,
    },
}

impl PairingKind {
    /// The type's word in files ([`PairingWord`]): `town_street`, `organ_coop` …
    ///
    /// ```
    /// use partyorg::PairingKind;
    /// assert_eq!(PairingKind::OrganCoop { sections: 4 }.as_str(), "organ_coop");
    /// assert_eq!(PairingKind::TownStreet.as_str(), "town_street");
    /// ```
    pub fn as_str(&self) -> &'static str {
        self.word().as_str()
    }

    /// The type without its counts.
    ///
    /// ```
    /// use partyorg::{PairingKind, relation::PairingWord};
    /// let kind = PairingKind::CadreHousehold { cadres: 12, households: 40 };
    /// assert_eq!(kind.word(), PairingWord::CadreHousehold);
    /// assert_eq!("干部与群众结对".parse(), Ok(kind.word()));
    /// ```
    pub const fn word(&self) -> PairingWord {
        match self {
            PairingKind::TownStreet => PairingWord::TownStreet,
            PairingKind::JointBuilding => PairingWord::JointBuilding,
            PairingKind::OrganCoop { .. } => PairingWord::OrganCoop,
            PairingKind::CadreHousehold { .. } => PairingWord::CadreHousehold,
            PairingKind::FirstSecretary { .. } => PairingWord::FirstSecretary,
        }
    }

    /// Whether the two ends have kinds this pairing type allows: 1+3 from an agricultural
    /// town or street to a street; organ–co-op from an organ to an economic co-op; a first
    /// secretary to a village or community; joint building and cadre–household between any
    /// standing units. (The agricultural flag is checked by validation, which sees it.)
    ///
    /// ```
    /// use partyorg::{PairingKind, UnitKind};
    /// let first = PairingKind::FirstSecretary { secretary: None };
    /// assert!(first.ends_allowed(UnitKind::Street, UnitKind::Village));
    /// assert!(!first.ends_allowed(UnitKind::Village, UnitKind::Street));
    /// assert!(PairingKind::TownStreet.ends_allowed(UnitKind::Town, UnitKind::Street));
    /// ```
    pub fn ends_allowed(&self, from: UnitKind, to: UnitKind) -> bool {
        use crate::unit::Sector;
        match self {
            PairingKind::TownStreet => {
                matches!(from, UnitKind::Town | UnitKind::Street) && to == UnitKind::Street
            }
            PairingKind::OrganCoop { .. } => {
                from == UnitKind::Institution(Sector::Organ) && to == UnitKind::EconomicCoop
            }
            PairingKind::FirstSecretary { .. } => {
                matches!(to, UnitKind::Village | UnitKind::Community)
            }
            PairingKind::JointBuilding | PairingKind::CadreHousehold { .. } => true,
        }
    }
}

/// A [`PairingKind`] as the relations table holds it.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PairingKindFile {
    pairing: PairingWord,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sections: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cadres: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    households: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secretary: Option<String>,
}

impl From<PairingKind> for PairingKindFile {
    fn from(k: PairingKind) -> PairingKindFile {
        let mut f = PairingKindFile {
            pairing: k.word(),
            sections: None,
            cadres: None,
            households: None,
            secretary: None,
        };
        match k {
            PairingKind::TownStreet | PairingKind::JointBuilding => {}
            PairingKind::OrganCoop { sections } => f.sections = Some(sections),
            PairingKind::CadreHousehold { cadres, households } => {
                (f.cadres, f.households) = (Some(cadres), Some(households));
            }
            PairingKind::FirstSecretary { secretary } => f.secretary = secretary,
        }
        f
    }
}

impl TryFrom<PairingKindFile> for PairingKind {
    type Error = String;

    fn try_from(f: PairingKindFile) -> Result<PairingKind, String> {
        let (needed, optional): (&[&str], &[&str]) = match f.pairing {
            PairingWord::TownStreet | PairingWord::JointBuilding => (&[], &[]),
            PairingWord::OrganCoop => (&["sections"], &[]),
            PairingWord::CadreHousehold => (&["cadres", "households"], &[]),
            PairingWord::FirstSecretary => (&[], &["secretary"]),
        };
        let present = [
            ("sections", f.sections.is_some()),
            ("cadres", f.cadres.is_some()),
            ("households", f.households.is_some()),
            ("secretary", f.secretary.is_some()),
        ];
        let word = format!("pairing {}", f.pairing);
        crate::vocab::check_fields(&word, &present, needed, optional)?;
        let n = Option::unwrap_or_default;
        Ok(match f.pairing {
            PairingWord::TownStreet => PairingKind::TownStreet,
            PairingWord::JointBuilding => PairingKind::JointBuilding,
            PairingWord::OrganCoop => PairingKind::OrganCoop {
                sections: n(f.sections),
            },
            PairingWord::CadreHousehold => PairingKind::CadreHousehold {
                cadres: n(f.cadres),
                households: n(f.households),
            },
            PairingWord::FirstSecretary => PairingKind::FirstSecretary {
                secretary: f.secretary,
            },
        })
    }
}

vocab! {
    /// The word of a [`PairingKind`] in files (the `pairing` column): its type without
    /// its counts.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum PairingWord: "pairing type" {
        /// [`PairingKind::TownStreet`].
        TownStreet => "town_street" | "镇街结对",
        /// [`PairingKind::JointBuilding`].
        JointBuilding => "joint_building" | "结对共建",
        /// [`PairingKind::OrganCoop`].
        OrganCoop => "organ_coop" | "机关科室与经济社结对",
        /// [`PairingKind::CadreHousehold`].
        CadreHousehold => "cadre_household" | "干部与群众结对",
        /// [`PairingKind::FirstSecretary`].
        FirstSecretary => "first_secretary" | "第一书记",
    }
}

/// A pairing between two standing units, with its dates.
///
/// Its end follows the crate's one convention for end dates: `ends` is the first day it
/// is no longer in force, as a unit's or an organization's `dissolved` is the first day
/// it no longer stands. Files and serde keep the department's own word, `until`, the
/// last day in force (one day before `ends`), and convert on reading and writing: a file
/// written before the convention keeps its meaning.
///
/// ```
/// use chrono::NaiveDate;
/// use partyorg::{Pairing, PairingKind};
/// let d = |m, day| NaiveDate::from_ymd_opt(2023, m, day).unwrap();
/// // In force from March 1st through June 30th: it ends on July 1st.
/// let p = Pairing::new(PairingKind::TownStreet).between(Some(d(3, 1)), Some(d(7, 1)));
/// assert!(p.active_on(d(6, 30)) && !p.active_on(d(7, 1)));
/// assert_eq!(serde_json::to_value(&p)?["until"], "2023-06-30");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "PairingFile", from = "PairingFile")]
#[non_exhaustive]
pub struct Pairing {
    /// The type, with its counts.
    pub kind: PairingKind,
    /// The first day in force, if known.
    pub since: Option<NaiveDate>,
    /// The first day no longer in force (exclusive), if it ended or has an end.
    pub ends: Option<NaiveDate>,
}

/// A pairing as files and serde write it: `until` is its last day in force.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PairingFile {
    kind: PairingKind,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
}

impl From<Pairing> for PairingFile {
    fn from(p: Pairing) -> PairingFile {
        PairingFile {
            kind: p.kind,
            since: p.since,
            until: p.ends.map(last_day_before),
        }
    }
}

impl From<PairingFile> for Pairing {
    fn from(f: PairingFile) -> Pairing {
        Pairing::new(f.kind).between(f.since, f.until.map(day_after))
    }
}

/// A file's `until` (the last day in force) as an exclusive end: the day after. The last
/// representable date has no day after; it stays itself.
pub(crate) fn day_after(until: NaiveDate) -> NaiveDate {
    until.succ_opt().unwrap_or(until)
}

/// An exclusive end as a file's `until`: the day before. The first representable date
/// has no day before; it stays itself.
pub(crate) fn last_day_before(ends: NaiveDate) -> NaiveDate {
    ends.pred_opt().unwrap_or(ends)
}

impl Pairing {
    /// A pairing of a type, with no dates.
    ///
    /// ```
    /// use partyorg::{Pairing, PairingKind};
    /// let p = Pairing::new(PairingKind::JointBuilding);
    /// assert_eq!((p.kind, p.since, p.ends), (PairingKind::JointBuilding, None, None));
    /// ```
    pub fn new(kind: PairingKind) -> Self {
        Pairing {
            kind,
            since: None,
            ends: None,
        }
    }

    /// Sets the dates: the first day in force and the first day no longer in force.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{Pairing, PairingKind};
    /// let since = NaiveDate::from_ymd_opt(2023, 3, 1);
    /// let p = Pairing::new(PairingKind::TownStreet).between(since, None);
    /// assert_eq!((p.since, p.ends), (since, None));
    /// ```
    pub fn between(mut self, since: Option<NaiveDate>, ends: Option<NaiveDate>) -> Self {
        self.since = since;
        self.ends = ends;
        self
    }

    /// Whether the pairing is in force on `date`: on or after `since`, before `ends`, an
    /// absent date being no bound.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{Pairing, PairingKind};
    /// let d = |m| NaiveDate::from_ymd_opt(2023, m, 1).unwrap();
    /// let p = Pairing::new(PairingKind::JointBuilding).between(Some(d(3)), Some(d(6)));
    /// assert!(p.active_on(d(3)) && p.active_on(d(5)));
    /// // `ends` is the first day no longer in force.
    /// assert!(!p.active_on(d(2)) && !p.active_on(d(6)));
    /// assert!(Pairing::new(PairingKind::JointBuilding).active_on(d(1)));
    /// ```
    pub fn active_on(&self, date: NaiveDate) -> bool {
        self.since.is_none_or(|s| s <= date) && self.ends.is_none_or(|e| date < e)
    }
}

/// A relation between two nodes of the hierarchy, as the graph's edge weight.
///
/// Containment is [`Relation::Contains`]; see the module doc for the rest.
///
/// Serde writes it as the relations table does: its [`RelationWord`] as `relation`, a
/// seconding's or part-time source's number as `count`, a pairing's id as `id`
/// (`{"relation": "part_time", "count": 2}`); reading one refuses a missing number and a
/// field of another relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "RelationFile", try_from = "RelationFile")]
#[non_exhaustive]
pub enum Relation {
    /// Parent → child in the standing tree.
    Contains,
    /// Temporary organization → a home unit; the number of members seconded from it.
    Seconds(u32),
    /// Big committee → a member unit.
    Member,
    /// Big committee → a unit; the number of part-time committee members from it.
    PartTime(u32),
    /// An organization → a unit it covers besides the one it is based in (a joint
    /// branch's other units).
    Covers,
    /// A pairing; its details are kept beside the graph under this id.
    Pairing(PairingId),
    /// Superior organization → an organization below it in the 隶属 tree.
    Superior,
    /// Organization → the unit it is based in (所在单位); exactly one per organization.
    /// A temporary organization's is its host, whose organization approved it; a big
    /// committee's is its core (一核).
    BasedIn,
}

impl Relation {
    /// The relation's word ([`RelationWord`]): `seconds`, `part_time`, `pairing` …
    ///
    /// ```
    /// use partyorg::Relation;
    /// assert_eq!(Relation::Seconds(3).as_str(), "seconds");
    /// assert_eq!(Relation::BasedIn.as_str(), "based_in");
    /// ```
    pub const fn as_str(self) -> &'static str {
        self.word().as_str()
    }

    /// The relation without its count or pairing.
    ///
    /// ```
    /// use partyorg::{PairingId, Relation, relation::RelationWord};
    /// assert_eq!(Relation::PartTime(2).word(), RelationWord::PartTime);
    /// assert_eq!(Relation::Pairing(PairingId(7)).word(), RelationWord::Pairing);
    /// ```
    pub const fn word(self) -> RelationWord {
        match self {
            Relation::Contains => RelationWord::Contains,
            Relation::Seconds(_) => RelationWord::Seconds,
            Relation::Member => RelationWord::Member,
            Relation::PartTime(_) => RelationWord::PartTime,
            Relation::Covers => RelationWord::Covers,
            Relation::Pairing(_) => RelationWord::Pairing,
            Relation::Superior => RelationWord::Superior,
            Relation::BasedIn => RelationWord::BasedIn,
        }
    }
}

/// A [`Relation`] as the relations table holds it.
#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationFile {
    relation: RelationWord,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<PairingId>,
}

impl From<Relation> for RelationFile {
    fn from(r: Relation) -> RelationFile {
        let (count, id) = match r {
            Relation::Seconds(n) | Relation::PartTime(n) => (Some(n), None),
            Relation::Pairing(id) => (None, Some(id)),
            _ => (None, None),
        };
        RelationFile {
            relation: r.word(),
            count,
            id,
        }
    }
}

impl TryFrom<RelationFile> for Relation {
    type Error = String;

    fn try_from(f: RelationFile) -> Result<Relation, String> {
        let needed: &[&str] = match f.relation {
            RelationWord::Seconds | RelationWord::PartTime => &["count"],
            RelationWord::Pairing => &["id"],
            _ => &[],
        };
        let present = [("count", f.count.is_some()), ("id", f.id.is_some())];
        let word = format!("relation {}", f.relation);
        crate::vocab::check_fields(&word, &present, needed, &[])?;
        let count = f.count.unwrap_or_default();
        Ok(match f.relation {
            RelationWord::Contains => Relation::Contains,
            RelationWord::Seconds => Relation::Seconds(count),
            // The older form's core row: the unit a big committee is based in.
            RelationWord::Core => Relation::BasedIn,
            RelationWord::Member => Relation::Member,
            RelationWord::PartTime => Relation::PartTime(count),
            RelationWord::Covers => Relation::Covers,
            RelationWord::Pairing => Relation::Pairing(f.id.unwrap_or(PairingId(0))),
            RelationWord::Superior => Relation::Superior,
            RelationWord::BasedIn => Relation::BasedIn,
        })
    }
}

vocab! {
    /// The word of a [`Relation`]: the relation without its count or pairing.
    ///
    /// Files (the `relation` column) hold `seconds`, `member`, `part_time`, `covers` and
    /// `pairing` ([`in_files`](Self::in_files)); containment is a unit's `parent`, the
    /// 隶属 tree and the based-in unit an organization's `parent` and `unit`. The word
    /// `core` is read from files of the older form only, where a big committee was a unit
    /// row and its core a relation row: it gives the committee's based-in unit.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum RelationWord: "relation" {
        /// [`Relation::Contains`].
        Contains => "contains",
        /// [`Relation::Seconds`].
        Seconds => "seconds",
        /// A big committee's core in files of the older form: read as its
        /// [`Relation::BasedIn`] unit, never written.
        Core => "core",
        /// [`Relation::Member`].
        Member => "member",
        /// [`Relation::PartTime`].
        PartTime => "part_time",
        /// [`Relation::Covers`].
        Covers => "covers",
        /// [`Relation::Pairing`].
        Pairing => "pairing",
        /// [`Relation::Superior`].
        Superior => "superior",
        /// [`Relation::BasedIn`].
        BasedIn => "based_in",
    }
}

impl RelationWord {
    /// Whether the word may appear in the `relation` column of files: all but `contains`,
    /// which files write as a unit's `parent`, and `superior` and `based_in`, which the
    /// organizations table writes as an organization's `parent` and `unit`.
    ///
    /// ```
    /// use partyorg::relation::RelationWord;
    /// assert!(RelationWord::Member.in_files());
    /// assert!(RelationWord::Core.in_files()); // read from older files
    /// assert!(!RelationWord::Contains.in_files());
    /// assert!(!RelationWord::Superior.in_files());
    /// ```
    pub const fn in_files(self) -> bool {
        !matches!(
            self,
            RelationWord::Contains | RelationWord::Superior | RelationWord::BasedIn
        )
    }
}

/// A relation between two units, tail to head: from [`Hierarchy::relations`] (all of
/// them) and [`Hierarchy::relations_of`] (one unit's, in both directions: the unit is
/// `from` when it is the tail, `to` when it is the head).
///
/// [`Hierarchy::relations`]: crate::Hierarchy::relations
/// [`Hierarchy::relations_of`]: crate::Hierarchy::relations_of
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The unit at the tail of the edge.
    pub from: UnitId,
    /// The unit at the head of the edge.
    pub to: UnitId,
    /// The relation.
    pub relation: Relation,
}

impl Link {
    /// The end that is not `unit` (`to` when `unit` is `from`, else `from`).
    ///
    /// ```
    /// use partyorg::relation::Link;
    /// use partyorg::{Relation, UnitId};
    /// let l = Link { from: UnitId(1), to: UnitId(2), relation: Relation::Contains };
    /// assert_eq!((l.other(UnitId(1)), l.other(UnitId(2))), (UnitId(2), UnitId(1)));
    /// ```
    pub fn other(&self, unit: UnitId) -> UnitId {
        if self.from == unit {
            self.to
        } else {
            self.from
        }
    }
}

/// A pairing with its id and its two ends, from [`Hierarchy::pairings`] and
/// [`Hierarchy::pairings_of`].
///
/// [`Hierarchy::pairings`]: crate::Hierarchy::pairings
/// [`Hierarchy::pairings_of`]: crate::Hierarchy::pairings_of
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PairingLink<'h> {
    /// The pairing's id.
    pub id: PairingId,
    /// The pairing: its type and dates.
    pub pairing: &'h Pairing,
    /// The first unit (the one that pairs).
    pub from: UnitId,
    /// The second unit (the one paired with).
    pub to: UnitId,
}

impl PairingLink<'_> {
    /// The end that is not `unit` (`to` when `unit` is `from`, else `from`).
    ///
    /// ```
    /// use partyorg::{Hierarchy, Pairing, PairingKind, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇").agricultural())?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// h.add_pairing(t, s, Pairing::new(PairingKind::TownStreet))?;
    /// let l = h.pairings().next().unwrap();
    /// assert_eq!((l.other(t), l.other(s)), (s, t));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn other(&self, unit: UnitId) -> UnitId {
        if self.from == unit {
            self.to
        } else {
            self.from
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unit::Sector;

    #[test]
    fn pairing_ends() {
        use UnitKind::*;
        assert!(PairingKind::TownStreet.ends_allowed(Town, Street));
        assert!(PairingKind::TownStreet.ends_allowed(Street, Street));
        assert!(!PairingKind::TownStreet.ends_allowed(Town, Town));
        let organ = Institution(Sector::Organ);
        let oc = PairingKind::OrganCoop { sections: 2 };
        assert!(oc.ends_allowed(organ, EconomicCoop));
        assert!(!oc.ends_allowed(Institution(Sector::School), EconomicCoop));
        assert!(!oc.ends_allowed(organ, Village));
        let fs = PairingKind::FirstSecretary { secretary: None };
        assert!(fs.ends_allowed(organ, Village));
        assert!(!fs.ends_allowed(organ, Street));
    }

    #[test]
    fn pairing_activity() {
        let d = |m| NaiveDate::from_ymd_opt(2023, m, 1).unwrap();
        let p = Pairing::new(PairingKind::JointBuilding).between(Some(d(3)), Some(d(6)));
        assert!(!p.active_on(d(2)));
        assert!(p.active_on(d(3)));
        assert!(p.active_on(d(6).pred_opt().unwrap()));
        assert!(!p.active_on(d(6)));
    }
}
