//! History (沿革): the dated changes that led to the hierarchy as it stands now.
//!
//! A [`Hierarchy`](crate::Hierarchy) holds each unit and organization as it stands today
//! and, beside it, a log of typed [`ChangeEvent`]s in date order: foundings, dissolutions,
//! moves (a new parent unit, or a new superior organization: 隶属调整), renames (更名),
//! code changes, merges (撤并, 合并村), splits, and dated member counts (年报). The store's
//! dated operations ([`Hierarchy::merge`](crate::Hierarchy::merge),
//! [`Hierarchy::split`](crate::Hierarchy::split),
//! [`Hierarchy::dissolve`](crate::Hierarchy::dissolve),
//! [`Hierarchy::move_unit_on`](crate::Hierarchy::move_unit_on) …) each apply their change
//! atomically and append its event; a refused operation changes nothing and logs nothing.
//!
//! Each event keeps the value before and after (`from`, `to`), so that the hierarchy as it
//! stood on any date is found by taking back, newest first, the events dated after it:
//! [`Hierarchy::as_of`](crate::Hierarchy::as_of).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::code::DivisionCode;
use crate::org::OrgId;
use crate::record::RecordId;
use crate::unit::{Members, UnitId};

crate::vocab::vocab! {
    /// The word of a change in files (the `change` column of `changes.csv`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum ChangeWord: "change" {
        /// [`EventKind::Found`].
        Found => "found" | "成立",
        /// [`EventKind::Dissolve`].
        Dissolve => "dissolve" | "撤销",
        /// [`EventKind::Move`] and [`EventKind::Superior`].
        Move => "move" | "隶属调整",
        /// [`EventKind::Rename`].
        Rename => "rename" | "更名",
        /// [`EventKind::Recode`].
        Recode => "recode" | "代码变更",
        /// [`EventKind::Merge`].
        Merge => "merge" | "合并",
        /// [`EventKind::Split`].
        Split => "split" | "拆分",
        /// [`EventKind::Members`].
        Members => "members" | "党员数",
    }
}

/// What an event changed: a unit of the place tree, or a party organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// A unit.
    Unit(UnitId),
    /// A party organization (a temporary organization's end of task, a change of 隶属).
    Org(OrgId),
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Unit(u) => write!(f, "unit {u}"),
            Subject::Org(o) => write!(f, "organization {o}"),
        }
    }
}

/// What happened, with the values before and after, so that the change can be taken back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum EventKind {
    /// The unit was founded (成立) under `parent`; before the date it did not stand.
    Found {
        /// Its parent when founded.
        parent: Option<UnitId>,
    },
    /// The unit or organization was dissolved (撤销; a temporary organization's task
    /// ended): from the date on it no longer stands, though the tables keep it with its
    /// `dissolved` date.
    Dissolve,
    /// The unit moved from one parent to another (区划调整).
    Move {
        /// The parent before.
        from: Option<UnitId>,
        /// The parent after.
        to: Option<UnitId>,
    },
    /// The organization's recorded superior changed (隶属调整); `None` is the superior
    /// derived from the place tree.
    Superior {
        /// The recorded superior before.
        from: Option<OrgId>,
        /// The recorded superior after.
        to: Option<OrgId>,
    },
    /// The unit was renamed (更名).
    Rename {
        /// The name before.
        from: String,
        /// The name after.
        to: String,
    },
    /// The unit's division code changed.
    Recode {
        /// The code before.
        from: Option<DivisionCode>,
        /// The code after.
        to: Option<DivisionCode>,
    },
    /// The unit was absorbed by `into` (撤并, 合并村) and dissolved: its children,
    /// records, members and the organizations based in it (but its own) passed to the
    /// absorber.
    Merge {
        /// The absorbing unit.
        into: UnitId,
        /// The children that passed, in their order.
        children: Vec<UnitId>,
        /// The records that passed.
        records: Vec<RecordId>,
        /// The organizations based in it that passed (temporary organizations, big
        /// committees, organizations recorded in their own right).
        orgs: Vec<OrgId>,
        /// The members that passed.
        members: Members,
    },
    /// The organization was absorbed by the organization `into` (撤并) and dissolved: its
    /// subordinate organizations and its members passed to the absorber.
    MergeOrg {
        /// The absorbing organization.
        into: OrgId,
        /// The subordinates that passed, in id order.
        subordinates: Vec<OrgId>,
        /// The members that passed.
        members: Members,
    },
    /// A new unit `new` was founded beside the subject (under the same parent) taking
    /// `children` and `members` from it (拆分).
    Split {
        /// The new unit.
        new: UnitId,
        /// The children it took, in their order.
        children: Vec<UnitId>,
        /// The members it took.
        members: Members,
    },
    /// The unit's members as counted on the date (年报).
    Members {
        /// The counts before.
        from: Members,
        /// The counts counted.
        to: Members,
    },
}

impl EventKind {
    /// The event's word in files.
    ///
    /// ```
    /// # use partyorg::history::{ChangeWord, EventKind};
    /// let kind = EventKind::Rename { from: "钟落潭镇".into(), to: "钟落潭街道".into() };
    /// assert_eq!(kind.word(), ChangeWord::Rename);
    /// assert_eq!(kind.word().as_str(), "rename");
    /// ```
    pub fn word(&self) -> ChangeWord {
        match self {
            EventKind::Found { .. } => ChangeWord::Found,
            EventKind::Dissolve => ChangeWord::Dissolve,
            EventKind::Move { .. } | EventKind::Superior { .. } => ChangeWord::Move,
            EventKind::Rename { .. } => ChangeWord::Rename,
            EventKind::Recode { .. } => ChangeWord::Recode,
            EventKind::Merge { .. } | EventKind::MergeOrg { .. } => ChangeWord::Merge,
            EventKind::Split { .. } => ChangeWord::Split,
            EventKind::Members { .. } => ChangeWord::Members,
        }
    }
}

/// One dated change of the log ([`Hierarchy::changes`](crate::Hierarchy::changes)).
///
/// ```
/// use chrono::NaiveDate;
/// use partyorg::history::{EventKind, Subject};
/// use partyorg::{Hierarchy, Unit, UnitKind};
///
/// let mut h = Hierarchy::new();
/// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
/// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
/// let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
/// h.rename_on(s, "均禾街", day)?;
/// let e = &h.changes()[0];
/// assert_eq!((e.date, e.subject), (day, Subject::Unit(s)));
/// assert_eq!(e.kind, EventKind::Rename { from: "均禾街道".into(), to: "均禾街".into() });
/// assert_eq!(serde_json::to_string(e)?,
///     r#"{"date":"2023-03-01","subject":{"unit":1},"kind":{"change":"rename","from":"均禾街道","to":"均禾街"}}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeEvent {
    /// The first day on which the change was in force.
    pub date: NaiveDate,
    /// What changed.
    pub subject: Subject,
    /// How.
    pub kind: EventKind,
}
