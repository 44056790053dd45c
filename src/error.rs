//! Errors of the hierarchy's operations, one type per layer a caller meets:
//! [`HierarchyError`] when changing the store, [`QueryError`] when asking it questions
//! (lookups, rollups, validation, the hierarchy as it stood on a date). Files have their
//! own errors ([`LoadError`](crate::interchange::LoadError),
//! [`SaveError`](crate::interchange::SaveError)), which keep the store's error they wrap
//! as their [`source`](std::error::Error::source).
//!
//! A failure has one variant wherever it arises in its layer: a missing unit is
//! [`QueryError::UnknownUnit`] from a lookup, a rollup, a validation run or a period, and
//! [`HierarchyError::UnknownUnit`] from every change. Messages name a unit or organization
//! by [`Label`]: its key and name, `440111013000 均禾街道`.
//!
//! Every rejected operation leaves the hierarchy exactly as it was.

use std::fmt;

use crate::code::DivisionCode;
use crate::org::OrgId;
use crate::record::RecordId;
use crate::relation::PairingId;
use crate::unit::{UnitId, UnitKind};

/// Why a change of a [`Hierarchy`](crate::Hierarchy) was refused: the error of every
/// method that changes the store (and, with the failing edit's index, of
/// [`BatchError`](crate::batch::BatchError)). The hierarchy is unchanged. Questions to the store
/// fail with [`QueryError`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HierarchyError {
    /// No unit has this id (it never existed or was removed). Look it up again by code or
    /// name.
    #[error("unit {id} does not exist")]
    UnknownUnit {
        /// The missing id.
        id: UnitId,
    },
    /// The id is already taken; ids are never reused. Pick another or let the hierarchy
    /// assign one.
    #[error("unit id {id} is already taken")]
    DuplicateId {
        /// The taken id.
        id: UnitId,
    },
    /// Another unit already has this division code.
    #[error("division code {code} already belongs to {label}")]
    DuplicateCode {
        /// The code.
        code: DivisionCode,
        /// The unit that has it.
        existing: UnitId,
        /// Its key and name.
        label: Label,
    },
    /// The containment table ([`UnitKind::may_contain`]) forbids a child of this kind under
    /// a parent of that kind, such as a village directly under a district.
    #[error(
        "{} may not be placed under {parent_label} (a {parent_kind})",
        Placed(child_label.as_ref(), *child_kind)
    )]
    NotAllowed {
        /// The child being placed, if it exists yet.
        child: Option<UnitId>,
        /// The child's kind.
        child_kind: UnitKind,
        /// The parent.
        parent: UnitId,
        /// The parent's kind.
        parent_kind: UnitKind,
        /// The parent's key and name.
        parent_label: Label,
        /// The child's key and name, if it exists yet.
        child_label: Option<Label>,
    },
    /// A unit of this kind must have a parent ([`UnitKind::may_be_root`]).
    #[error("a {kind} cannot be a root; give it a parent")]
    NeedsParent {
        /// The unit, if it exists yet.
        unit: Option<UnitId>,
        /// Its kind.
        kind: UnitKind,
    },
    /// Moving `unit` under `new_parent` would close a cycle: the new parent is the unit
    /// itself or one of its descendants.
    #[error("moving {unit_label} under {parent_label} would make a cycle")]
    Cycle {
        /// The unit being moved.
        unit: UnitId,
        /// The proposed parent, inside the unit's subtree.
        new_parent: UnitId,
        /// The unit's key and name.
        unit_label: Label,
        /// The proposed parent's key and name.
        parent_label: Label,
    },
    /// The id belonged to a unit that was removed: ids are never reused, so that a stale
    /// reference (a file, a link, a dashboard bookmark) can never name another unit. Let
    /// the hierarchy assign a fresh id.
    #[error("unit id {id} belonged to a removed unit; ids are never reused")]
    RetiredId {
        /// The retired id.
        id: UnitId,
    },
    /// The id `u32::MAX` is reserved (it marks "no id" inside the hierarchy); choose a
    /// smaller one.
    #[error("unit id {id} is reserved")]
    ReservedId {
        /// The reserved id.
        id: UnitId,
    },
    /// A temporary organization or big committee stands outside the 隶属 tree: it is
    /// added with [`add_temporary`](crate::Hierarchy::add_temporary) or
    /// [`add_big_committee`](crate::Hierarchy::add_big_committee), has no superior and
    /// leads no organization.
    #[error("{label} is a {found}, which stands outside the 隶属 tree")]
    OutsideTree {
        /// The organization (for an organization to be added, the id it would take).
        org: OrgId,
        /// Its form.
        found: crate::org::OrgForm,
        /// Its key and name.
        label: Label,
    },
    /// The key is refused: empty, or a number that names another node's (pairing's,
    /// record's) id (an item without an explicit key is keyed by its id's number).
    #[error("key {key:?} is refused: {reason}")]
    BadKey {
        /// The key.
        key: String,
        /// Why.
        reason: &'static str,
    },
    /// Another unit (or organization, pairing, record: each keyed apart) already has
    /// this key.
    #[error("key {key:?} is taken")]
    DuplicateKey {
        /// The key.
        key: String,
    },
    /// The organization's form does not take the relation: seconded members belong to a
    /// temporary organization, member units and part-time members to a big committee,
    /// covered units to a joint branch; containment, pairings, superiors and based-in
    /// units have methods of their own.
    #[error("{label} is a {found}, which cannot have a {relation} relation")]
    WrongForm {
        /// The organization.
        org: OrgId,
        /// Its form.
        found: crate::org::OrgForm,
        /// The relation asked for.
        relation: crate::relation::RelationWord,
        /// Its key and name.
        label: Label,
    },
    /// The unit already has a parent; use [`move_unit`](crate::Hierarchy::move_unit) to
    /// change it.
    #[error("{unit_label} already has parent {parent_label}")]
    AlreadyHasParent {
        /// The unit.
        unit: UnitId,
        /// Its current parent.
        parent: UnitId,
        /// The unit's key and name.
        unit_label: Label,
        /// The parent's key and name.
        parent_label: Label,
    },
    /// The operation needs a unit of another kind: a pairing whose ends do not suit its
    /// type …
    #[error("{id} is a {found}, but {expected} is needed here")]
    WrongKind {
        /// The unit.
        id: UnitId,
        /// Its kind.
        found: UnitKind,
        /// What the operation needs.
        expected: &'static str,
    },
    /// A relation or pairing would link a unit to itself.
    #[error("{label} cannot be related or paired with itself")]
    SelfRelation {
        /// The unit.
        id: UnitId,
        /// Its key and name.
        label: Label,
    },
    /// The unit has children and the removal was asked to refuse in that case.
    #[error("{label} has {children} children; choose lift or subtree removal")]
    HasChildren {
        /// The unit.
        id: UnitId,
        /// How many children it has.
        children: usize,
        /// Its key and name.
        label: Label,
    },
    /// No pairing has this id.
    #[error("{id} does not exist")]
    UnknownPairing {
        /// The missing id.
        id: PairingId,
    },
    /// The pairing id is already taken.
    #[error("{id} is already taken")]
    DuplicatePairing {
        /// The taken id.
        id: PairingId,
    },
    /// The record id is already taken.
    #[error("{id} is already taken")]
    DuplicateRecord {
        /// The taken id.
        id: RecordId,
    },
    /// No record has this id.
    #[error("{id} does not exist")]
    UnknownRecord {
        /// The missing id.
        id: RecordId,
    },
    /// No party organization has this id (it never existed or was removed).
    #[error("organization {id} does not exist")]
    UnknownOrg {
        /// The missing id.
        id: OrgId,
    },
    /// The organization id is already taken. Pick another or let the hierarchy assign
    /// one.
    #[error("organization id {id} is already taken")]
    DuplicateOrgId {
        /// The taken id.
        id: OrgId,
    },
    /// The id belonged to a removed organization; ids are never reused.
    #[error("organization id {id} belonged to a removed organization; ids are never reused")]
    RetiredOrgId {
        /// The retired id.
        id: OrgId,
    },
    /// The organization id `u32::MAX` is reserved.
    #[error("organization id {id} is reserved")]
    ReservedOrgId {
        /// The reserved id.
        id: OrgId,
    },
    /// A unit's own organization of the one-table form may be placed below an
    /// organization recorded in its own right, not below another unit's own organization
    /// (files name the recorded superior by its id in the organizations table). Record
    /// the superior in its own right ([`add_org`](crate::Hierarchy::add_org)), or leave the
    /// superior to the place tree. Nor does it cover units of its own: its unit's
    /// [`Relation::Covers`](crate::Relation::Covers) does.
    #[error(
        "{label} is a unit's own organization; its recorded superior must be an organization recorded in its own right, and what it covers is its unit's relation"
    )]
    OwnOrg {
        /// The organization.
        id: OrgId,
        /// Its key and name.
        label: Label,
    },
    /// The new superior is the organization itself or stands below it.
    #[error("placing {org_label} under {superior_label} would make a cycle")]
    OrgCycle {
        /// The organization being placed.
        org: OrgId,
        /// The proposed superior, inside its subtree.
        new_superior: OrgId,
        /// The organization's key and name.
        org_label: Label,
        /// The proposed superior's key and name.
        superior_label: Label,
    },
    /// Organizations stand below this one and the removal was asked to refuse then.
    #[error("{label} has {subordinates} organizations below it; choose lift or subtree removal")]
    OrgHasSubordinates {
        /// The organization.
        id: OrgId,
        /// How many stand below it.
        subordinates: usize,
        /// Its key and name.
        label: Label,
    },
    /// The organization has no such relation to the unit (or the relation is not one that
    /// [`remove_relation`](crate::Hierarchy::remove_relation) removes: a parent, a
    /// superior, a host or core, a pairing have their own methods).
    #[error("{org_label} has no {relation} relation to {unit_label} to remove")]
    NoRelation {
        /// The organization.
        org: OrgId,
        /// The unit.
        unit: UnitId,
        /// The relation asked for.
        relation: crate::relation::RelationWord,
        /// The organization's key and name.
        org_label: Label,
        /// The unit's key and name.
        unit_label: Label,
    },
    /// A dated change is dated before the last change of the log: the log is history,
    /// kept in date order. Record changes in the order they happened.
    #[error("a change dated {date} comes before the log's last change, dated {last}")]
    OutOfOrder {
        /// The change's date.
        date: chrono::NaiveDate,
        /// The date of the log's last change.
        last: chrono::NaiveDate,
    },
    /// A change of a unit or organization is dated before it was founded. Check the date,
    /// or the `founded` date in the tables.
    #[error("a change of {label} dated {date} comes before its founding on {founded}")]
    BeforeFounded {
        /// What changed.
        subject: crate::history::Subject,
        /// Its key and name.
        label: Label,
        /// The change's date.
        date: chrono::NaiveDate,
        /// Its founding date.
        founded: chrono::NaiveDate,
    },
    /// A change names a unit or organization that no longer stands on its date (dissolved,
    /// or merged away): a merge into a dissolved unit, a second dissolution. Name the unit
    /// that took its place.
    #[error("{label} no longer stands on {date}: dissolved on {dissolved}")]
    NotStanding {
        /// The dissolved unit or organization.
        subject: crate::history::Subject,
        /// Its key and name.
        label: Label,
        /// The change's date.
        date: chrono::NaiveDate,
        /// Its dissolution date.
        dissolved: chrono::NaiveDate,
    },
    /// A split named a unit that is not a child of the unit split, or asked for more
    /// members than it has. Name its own children and at most its members.
    #[error("a split of {label} cannot take {what}")]
    BadSplit {
        /// The unit split.
        unit: UnitId,
        /// Its key and name.
        label: Label,
        /// What it cannot take (`child #7`, `41 members`).
        what: String,
    },
    /// An event of the log disagrees with the hierarchy it should take back (its `to`
    /// value is not what the hierarchy holds at that point of history): the log and the
    /// tables tell different stories. Correct the log or the tables.
    #[error("change {index} of the log ({label}, {date}) disagrees with the hierarchy: {what}")]
    History {
        /// The event's index in the log.
        index: usize,
        /// What it changed.
        subject: crate::history::Subject,
        /// Its key and name.
        label: Label,
        /// Its date.
        date: chrono::NaiveDate,
        /// What disagrees.
        what: String,
    },
    /// A capacity of the hierarchy is exhausted: more than `u32::MAX` units, ids, names or
    /// name bytes.
    #[error("the hierarchy is full: no more {what}")]
    Full {
        /// What ran out.
        what: &'static str,
    },
}

/// Why a question to a [`Hierarchy`](crate::Hierarchy) has no answer: a lookup, a path or
/// a subtree, an organization query, a rollup, a coverage, a period, a validation run, the
/// hierarchy as it stood on a date, a drawing of a subtree. Asking changes nothing.
///
/// A missing unit is [`UnknownUnit`](Self::UnknownUnit) from every one of them, so one
/// `match` (or one [`downcast_ref`](std::error::Error) through a `Box<dyn Error>`)
/// catches it:
///
/// ```
/// use partyorg::{Hierarchy, Period, QueryError, UnitId};
///
/// let h = Hierarchy::new();
/// let gone = UnitId(7);
/// let missing = |e: &QueryError| matches!(e, QueryError::UnknownUnit { id } if *id == gone);
/// assert!(missing(&h.unit(gone).unwrap_err()));
/// assert!(missing(&h.totals(gone, &Period::ALL).unwrap_err()));
/// let boxed: Box<dyn std::error::Error> = h.path(gone).unwrap_err().into();
/// assert!(boxed.downcast_ref::<QueryError>().is_some_and(missing));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// No unit has this id (it never existed or was removed). Look it up again by key,
    /// code or name.
    #[error("unit {id} does not exist")]
    UnknownUnit {
        /// The missing id.
        id: UnitId,
    },
    /// No party organization has this id (it never existed or was removed).
    #[error("organization {id} does not exist")]
    UnknownOrg {
        /// The missing id.
        id: OrgId,
    },
    /// The unit is a temporary organization or a big committee, which have no subtree;
    /// ask about its host or core instead.
    #[error("{label} is not in the standing tree")]
    NotInTree {
        /// The unit.
        id: UnitId,
        /// Its key and name.
        label: Label,
    },
    /// A total of the subtree of `unit` does not fit in `u64`. Roll up smaller subtrees,
    /// or check the data for absurd counts.
    #[error("a total of the subtree of {label} overflows u64")]
    Overflow {
        /// The unit whose subtree's total overflowed.
        unit: UnitId,
        /// Its key and name.
        label: Label,
    },
    /// A total of the subtree of organization `org` does not fit in `u64`.
    #[error("a total of the subtree of {label} overflows u64")]
    OrgOverflow {
        /// The organization whose subtree's total overflowed.
        org: OrgId,
        /// Its key and name.
        label: Label,
    },
    /// A period's end comes before its start; swap them.
    #[error("period {start} ..= {end} is empty")]
    EmptyPeriod {
        /// The start given.
        start: chrono::NaiveDate,
        /// The end given.
        end: chrono::NaiveDate,
    },
    /// The change log cannot be taken back to the date asked for: a change of the log
    /// disagrees with the hierarchy (`source` says which, as
    /// [`check_changes`](crate::Hierarchy::check_changes) would). A log made by the dated
    /// operations, or loaded and checked, always agrees.
    #[error("the change log cannot be taken back to {date}: {source}")]
    History {
        /// The date asked for.
        date: chrono::NaiveDate,
        /// The change log's refusal.
        source: HierarchyError,
    },
}

/// A unit or organization as an error message names it, captured when the error was
/// made: its key and its name, shown as `440111013000 均禾街道`.
///
/// The key is the explicit key the node was given, else its division code (a unit) or
/// its organization code (an organization), else its id (`#19`, `org#19`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Label {
    /// Its key: explicit key, code or id.
    pub key: String,
    /// Its name (empty when it has none).
    pub name: String,
}

impl Label {
    /// A node named by its id alone (one the store has not got).
    pub(crate) fn of_id(id: impl fmt::Display) -> Label {
        Label {
            key: id.to_string(),
            name: String::new(),
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key)?;
        if !self.name.is_empty() {
            write!(f, " {}", self.name)?;
        }
        Ok(())
    }
}

/// The child of a [`HierarchyError::NotAllowed`] as its message names it: `440111013000
/// 均禾街道 (a street)` when it exists, else `a street`.
struct Placed<'a>(Option<&'a Label>, UnitKind);

impl fmt::Display for Placed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(label) => write!(f, "{label} (a {})", self.1),
            None => write!(f, "a {}", self.1),
        }
    }
}

/// A node the store has not got: each layer's error reports it as its own `UnknownUnit`
/// or `UnknownOrg`, so that `?` turns a lookup's failure into the caller's layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Missing {
    /// No unit has this id.
    Unit(UnitId),
    /// No organization has this id.
    Org(OrgId),
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        HierarchyError::from(*self).fmt(f)
    }
}

impl From<Missing> for HierarchyError {
    fn from(m: Missing) -> Self {
        match m {
            Missing::Unit(id) => HierarchyError::UnknownUnit { id },
            Missing::Org(id) => HierarchyError::UnknownOrg { id },
        }
    }
}

impl From<Missing> for QueryError {
    fn from(m: Missing) -> Self {
        match m {
            Missing::Unit(id) => QueryError::UnknownUnit { id },
            Missing::Org(id) => QueryError::UnknownOrg { id },
        }
    }
}

/// The most ids a cycle problem's message lists; past it, the message says how many more
/// there are (the problem itself keeps the whole cycle).
pub const MAX_LISTED_CYCLE: usize = 20;

/// A cycle's ids as problem messages show them: `[#3, #5, #4]`, at most
/// [`MAX_LISTED_CYCLE`] of them and then how many more.
pub(crate) struct CycleList<'a, T>(pub(crate) &'a [T]);

impl<T: fmt::Display> fmt::Display for CycleList<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = &self.0[..self.0.len().min(MAX_LISTED_CYCLE)];
        let mut text = String::from("[");
        for (i, id) in shown.iter().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            text.push_str(&id.to_string());
        }
        let more = self.0.len() - shown.len();
        if more > 0 {
            text.push_str(&format!(", …] and {more} more"));
        } else {
            text.push(']');
        }
        f.write_str(&text)
    }
}

/// Text that is no id: an id is written as its number (`17`) or as its `Display` form
/// (`#17` for a unit, `org#17`, `pairing#17`, `record#17`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is no {what} id: expected a number below 4294967295, as `17` or `{prefix}17`")]
pub struct ParseIdError {
    /// The text given.
    pub text: String,
    /// What it should have named (`unit`, `organization` …).
    pub what: &'static str,
    /// The prefix of the id's `Display` form.
    pub prefix: &'static str,
}

/// Parses an id written as its number or with `prefix` before it; `u32::MAX` is reserved.
pub(crate) fn parse_id(
    text: &str,
    prefix: &'static str,
    what: &'static str,
) -> Result<u32, ParseIdError> {
    let digits = text.strip_prefix(prefix).unwrap_or(text);
    digits
        .parse::<u32>()
        .ok()
        .filter(|&n| n != u32::MAX && !digits.starts_with('+'))
        .ok_or_else(|| ParseIdError {
            text: text.to_owned(),
            what,
            prefix,
        })
}
