//! Organizations outside the tree: temporary party organizations (临时党组织) and big party
//! committees (大党委).
//!
//! Both are nodes of the hierarchy's graph of their own kinds
//! ([`UnitKind::Temporary`](crate::UnitKind::Temporary),
//! [`UnitKind::BigCommittee`](crate::UnitKind::BigCommittee)) linked to standing units by
//! relations, never by containment.

use chrono::NaiveDate;

use crate::unit::{BigCommitteeKind, ForbiddenActs, Members, TaskPurpose, UnitId};

/// A temporary party organization to add with
/// [`Hierarchy::add_temporary`](crate::Hierarchy::add_temporary).
///
/// Set up for a task — special rectification, rural revitalization, a project of six months
/// or more — and approved by the party organization of its host. Its members keep their
/// membership at home ([`seconded`](Self::seconded) names the home units). It is dissolved
/// when the task ends (支部工作条例, art. 9, as widely quoted).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TemporaryOrg {
    /// Its name, such as `人和镇乡村振兴临时党支部`.
    pub name: String,
    /// The task.
    pub purpose: TaskPurpose,
    /// The standing unit whose organization approved it. `None` only in data that arrives
    /// from files; validation reports it.
    pub host: Option<UnitId>,
    /// Whether the host approved it.
    pub approved: bool,
    /// Its founding date.
    pub founded: NaiveDate,
    /// Its dissolution date, if dissolved.
    pub dissolved: Option<NaiveDate>,
    /// When its task ended, if it has.
    pub task_ended: Option<NaiveDate>,
    /// Its members (whose membership stays at home).
    pub members: Members,
    /// Home units and how many members each seconded.
    pub seconded: Vec<(UnitId, u32)>,
    /// Forbidden acts recorded against it.
    pub acts: ForbiddenActs,
}

impl TemporaryOrg {
    /// An approved temporary organization hosted by `host`, founded on `founded`.
    pub fn new(
        name: impl Into<String>,
        purpose: TaskPurpose,
        host: UnitId,
        founded: NaiveDate,
    ) -> Self {
        TemporaryOrg {
            name: name.into(),
            purpose,
            host: Some(host),
            approved: true,
            founded,
            dissolved: None,
            task_ended: None,
            members: Members::default(),
            seconded: Vec::new(),
            acts: ForbiddenActs::default(),
        }
    }

    /// Sets the members.
    pub fn with_members(mut self, members: Members) -> Self {
        self.members = members;
        self
    }

    /// Adds a home unit that seconded `count` members.
    pub fn seconded_from(mut self, unit: UnitId, count: u32) -> Self {
        self.seconded.push((unit, count));
        self
    }

    /// Sets the dissolution date.
    pub fn dissolved_on(mut self, date: NaiveDate) -> Self {
        self.dissolved = Some(date);
        self
    }
}

/// A big party committee to add with
/// [`Hierarchy::add_big_committee`](crate::Hierarchy::add_big_committee): a core
/// organization plus member units from across the hierarchy ("一核多元"), whose people
/// serve as part-time committee members (兼职委员).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct BigCommittee {
    /// Its name, such as `化妆品产业链大党委`.
    pub name: String,
    /// Industry chain, business district or regional.
    pub kind: BigCommitteeKind,
    /// Its core unit (一核). `None` only in data from files; validation reports it.
    pub core: Option<UnitId>,
    /// Its member units (多元).
    pub members: Vec<UnitId>,
    /// Units that part-time committee members come from, with how many from each.
    pub part_time: Vec<(UnitId, u32)>,
    /// When it was founded.
    pub founded: Option<NaiveDate>,
}

impl BigCommittee {
    /// A big committee of `kind` around `core`, with no members yet.
    pub fn new(name: impl Into<String>, kind: BigCommitteeKind, core: UnitId) -> Self {
        BigCommittee {
            name: name.into(),
            kind,
            core: Some(core),
            members: Vec::new(),
            part_time: Vec::new(),
            founded: None,
        }
    }

    /// Adds a member unit.
    pub fn with_member(mut self, unit: UnitId) -> Self {
        self.members.push(unit);
        self
    }

    /// Adds `count` part-time committee members from `unit`.
    pub fn with_part_time(mut self, unit: UnitId, count: u32) -> Self {
        self.part_time.push((unit, count));
        self
    }
}
