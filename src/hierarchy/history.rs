//! The change log kept in the store, and the dated operations that append to it.
//!
//! Every dated operation checks everything first, applies its change through the store's
//! own methods (several at once through [`Hierarchy::apply_batch`], atomic), and only then
//! appends its [`ChangeEvent`]: a refused operation changes nothing and logs nothing.

use chrono::NaiveDate;
use petgraph::Direction::Incoming;
use petgraph::visit::EdgeRef;

use super::{Change, Hierarchy};
use crate::batch::Edit;
use crate::code::DivisionCode;
use crate::error::HierarchyError;
use crate::history::{ChangeEvent, EventKind, Subject};
use crate::org::OrgId;
use crate::record::RecordId;
use crate::relation::Relation;
use crate::unit::{Members, Unit, UnitId};

/// The first refusal of a batch, as the one error of a dated operation.
pub(super) fn first(e: crate::batch::BatchError) -> HierarchyError {
    e.refused
        .into_iter()
        .next()
        .map(|(_, e)| e)
        .unwrap_or(HierarchyError::Full { what: "edits" })
}

pub(super) fn add(a: Members, b: Members) -> Result<Members, HierarchyError> {
    match (
        a.full.checked_add(b.full),
        a.probationary.checked_add(b.probationary),
    ) {
        (Some(f), Some(p)) => Ok(Members::new(f, p)),
        _ => Err(HierarchyError::Full { what: "members" }),
    }
}

/// The edits that move `children` under `parent`, in their order.
pub(super) fn moves_under(children: &[UnitId], parent: UnitId) -> impl Iterator<Item = Edit> + '_ {
    children.iter().map(move |&c| Edit::MoveUnit {
        unit: c,
        new_parent: Some(parent),
    })
}

pub(super) fn sub(a: Members, b: Members) -> Option<Members> {
    Some(Members::new(
        a.full.checked_sub(b.full)?,
        a.probationary.checked_sub(b.probationary)?,
    ))
}

impl Hierarchy {
    /// The change log: every dated change, in date order (changes of one day in the order
    /// they were made). *O(1)*.
    ///
    /// The log is history, and the units it names stay in the tables (dissolved ones with
    /// their `dissolved` date). Removing a unit ([`remove_unit`](Self::remove_unit)) is a
    /// correction of the data, not a change of history: a change of the log naming it can
    /// no longer be taken back, and views before it then fail with
    /// [`HierarchyError::History`]. Dissolve or merge a unit that ceased to stand.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::history::EventKind;
    /// # use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
    /// h.count_members_on(d, Members::new(80, 2), day)?;
    /// h.count_members_on(d, Members::new(80, 2), day)?; // the same counts: nothing logged
    /// assert_eq!(h.changes().len(), 1);
    /// assert!(matches!(h.changes()[0].kind, EventKind::Members { .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn changes(&self) -> &[ChangeEvent] {
        &self.history
    }

    /// A unit id no unit has held, for a batch that adds units
    /// ([`Edit::AddUnit`]). Asking twice without adding gives the
    /// same id. *O(1)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::Full`] when the ids are exhausted.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, hierarchy::Removal, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// h.remove_unit(s, Removal::LeafOnly)?;
    /// // A removed unit's id is never given again.
    /// let next = h.next_unit_id()?;
    /// assert!(next != s && next == h.next_unit_id()?);
    /// assert_eq!(h.add_unit(Some(d), Unit::new(UnitKind::Street, "嘉禾街道"))?, next);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_unit_id(&self) -> Result<UnitId, HierarchyError> {
        self.fresh_id()
    }

    /// An organization id no organization has held, for a batch that adds organizations.
    /// *O(1)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::Full`] when the ids are exhausted.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let next = h.next_org_id()?;
    /// assert_eq!(h.add_org(None, d, Org::new(OrgForm::Branch, "支部"))?, next);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_org_id(&self) -> Result<OrgId, HierarchyError> {
        self.fresh_org_id()
    }

    /// When a unit or organization was founded and dissolved, as the store holds it.
    pub(super) fn lifetime(
        &self,
        subject: Subject,
    ) -> Result<(Option<NaiveDate>, Option<NaiveDate>), HierarchyError> {
        Ok(match subject {
            Subject::Unit(u) => {
                let d = self.unit_for_edit(u)?.details();
                (d.founded, d.dissolved)
            }
            Subject::Org(o) => {
                let o = self.org_for_edit(o)?;
                (o.founded(), o.dissolved())
            }
        })
    }

    /// The children of a unit checked to stand, in attachment order (none for a missing
    /// unit).
    fn child_ids(&self, unit: UnitId) -> Vec<UnitId> {
        let children = self.children(unit).into_iter().flatten();
        children.map(|c| c.id()).collect()
    }

    /// The [`Label`](crate::Label) of a unit or organization.
    pub(super) fn subject_label(&self, subject: Subject) -> crate::Label {
        match subject {
            Subject::Unit(u) => self.unit_label(u),
            Subject::Org(o) => self.org_label(o),
        }
    }

    /// Refuses a change of `subject` on `date` out of the log's order, before its founding
    /// or once it no longer stands.
    pub(super) fn check_dated(
        &self,
        subject: Subject,
        date: NaiveDate,
    ) -> Result<(), HierarchyError> {
        if let Some(last) = self.history.last().map(|e| e.date)
            && date < last
        {
            return Err(HierarchyError::OutOfOrder { date, last });
        }
        self.check_stands(subject, date)
    }

    pub(super) fn check_stands(
        &self,
        subject: Subject,
        date: NaiveDate,
    ) -> Result<(), HierarchyError> {
        let (founded, dissolved) = self.lifetime(subject)?;
        if let Some(founded) = founded.filter(|&f| f > date) {
            return Err(HierarchyError::BeforeFounded {
                subject,
                date,
                founded,
                label: self.subject_label(subject),
            });
        }
        if let Some(dissolved) = dissolved.filter(|&d| d <= date) {
            return Err(HierarchyError::NotStanding {
                subject,
                date,
                dissolved,
                label: self.subject_label(subject),
            });
        }
        Ok(())
    }

    /// A dated change of one value of `subject` from `from` to `to`: checked for its date,
    /// nothing when the value is already `to`, otherwise applied by `set` (which changes
    /// nothing when it refuses) and logged as the event it returns.
    fn dated<T: PartialEq + ?Sized>(
        &mut self,
        subject: Subject,
        date: NaiveDate,
        from: &T,
        to: &T,
        set: impl FnOnce(&mut Self) -> Result<EventKind, HierarchyError>,
    ) -> Result<(), HierarchyError> {
        self.check_dated(subject, date)?;
        if from == to {
            return Ok(());
        }
        let kind = set(self)?;
        self.log(date, subject, kind);
        Ok(())
    }

    pub(super) fn log(&mut self, date: NaiveDate, subject: Subject, kind: EventKind) {
        self.history.push(ChangeEvent {
            date,
            subject,
            kind,
        });
    }

    /// Founds a unit (成立) under `parent` on `date`: adds it with that founding date and
    /// logs [`EventKind::Found`]. Returns its id.
    ///
    /// # Errors
    ///
    /// As [`add_unit`](Self::add_unit); [`HierarchyError::OutOfOrder`],
    /// [`HierarchyError::BeforeFounded`] / [`HierarchyError::NotStanding`] for a parent
    /// that does not stand on the date.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::history::EventKind;
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
    /// let s = h.found(Some(d), Unit::new(UnitKind::Street, "新街道"), day)?;
    /// assert_eq!(h.unit(s)?.details().founded, Some(day));
    /// assert_eq!(h.changes()[0].kind, EventKind::Found { parent: Some(d) });
    /// // The day before, it did not stand.
    /// assert!(!h.as_of(day.pred_opt().unwrap())?.contains(s));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn found(
        &mut self,
        parent: Option<UnitId>,
        mut unit: Unit,
        date: NaiveDate,
    ) -> Result<UnitId, HierarchyError> {
        match parent {
            Some(p) => self.check_dated(Subject::Unit(p), date)?,
            None => self.check_order(date)?,
        }
        unit.details.founded = Some(date);
        unit.details.dissolved = None;
        let id = self.add_unit(parent, unit)?;
        self.log(date, Subject::Unit(id), EventKind::Found { parent });
        Ok(id)
    }

    fn check_order(&self, date: NaiveDate) -> Result<(), HierarchyError> {
        match self.history.last() {
            Some(e) if date < e.date => Err(HierarchyError::OutOfOrder { date, last: e.date }),
            _ => Ok(()),
        }
    }

    /// Dissolves a unit (撤销) on `date`: it stays in the tables with that `dissolved`
    /// date, and from the date on no rollup counts it. Logs [`EventKind::Dissolve`].
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`]; [`HierarchyError::HasChildren`] while children
    /// still stand under it (merge it, or move them first); the date errors of
    /// [`found`](Self::found).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, HierarchyError, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
    /// assert!(matches!(h.dissolve(d, day), Err(HierarchyError::HasChildren { .. })));
    /// h.dissolve(s, day)?;
    /// assert_eq!(h.unit(s)?.details().dissolved, Some(day));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dissolve(&mut self, unit: UnitId, date: NaiveDate) -> Result<(), HierarchyError> {
        self.check_dated(Subject::Unit(unit), date)?;
        let standing = self
            .children(unit)
            .into_iter()
            .flatten() // it stands: checked above
            .filter(|c| c.details().exists_on(date))
            .count();
        if standing > 0 {
            return Err(HierarchyError::HasChildren {
                id: unit,
                children: standing,
                label: self.unit_label(unit),
            });
        }
        let mut details = self.unit_for_edit(unit)?.details().clone();
        details.dissolved = Some(date);
        self.set_details(unit, details)?;
        self.log(date, Subject::Unit(unit), EventKind::Dissolve);
        Ok(())
    }

    /// Ends a temporary organization's task on `date` (or dissolves any organization
    /// recorded in its own right): it keeps its `dissolved` date. Logs
    /// [`EventKind::Dissolve`] of the organization.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownOrg`]; [`HierarchyError::OwnOrg`] for a unit's own
    /// organization (dissolve the unit); the date errors of [`found`](Self::found).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, unit::TaskPurpose, org::TemporaryOrg, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = |m| NaiveDate::from_ymd_opt(2023, m, 1).unwrap();
    /// let tmp = h.add_temporary(TemporaryOrg::new("项目临时党支部", TaskPurpose::Project, d, day(3)))?;
    /// h.dissolve_org(tmp, day(8))?;
    /// assert!(h.org(tmp)?.exists_on(day(7)) && !h.org(tmp)?.exists_on(day(8)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dissolve_org(&mut self, org: OrgId, date: NaiveDate) -> Result<(), HierarchyError> {
        self.check_dated(Subject::Org(org), date)?;
        let ix = self.org_index_of(org)?;
        if self.graph[ix].flags & super::OWN_ORG != 0 {
            return Err(HierarchyError::OwnOrg {
                id: org,
                label: self.label_ix(ix),
            });
        }
        self.set_org_dissolved(ix, Some(date));
        self.log(date, Subject::Org(org), EventKind::Dissolve);
        Ok(())
    }

    pub(super) fn set_org_dissolved(
        &mut self,
        ix: petgraph::stable_graph::NodeIndex,
        d: Option<NaiveDate>,
    ) {
        let extra = self.org_extra.entry(ix).or_default();
        extra.dissolved = d;
        self.changed(Change::Facts);
    }

    /// Moves a unit under `new_parent` on `date` (区划调整), logging [`EventKind::Move`].
    /// Moving it under the parent it has changes and logs nothing.
    ///
    /// # Errors
    ///
    /// As [`move_unit`](Self::move_unit); the date errors of [`found`](Self::found), for
    /// the unit and the new parent.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let a = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let b = h.add_unit(Some(d), Unit::new(UnitKind::Street, "嘉禾街道"))?;
    /// let c = h.add_unit(Some(a), Unit::new(UnitKind::Community, "罗岗社区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
    /// h.move_unit_on(c, Some(b), day)?;
    /// assert_eq!(h.parent(c)?.map(|p| p.id()), Some(b));
    /// let before = h.as_of(day.pred_opt().unwrap())?;
    /// assert_eq!(before.parent(c)?.map(|p| p.id()), Some(a));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn move_unit_on(
        &mut self,
        unit: UnitId,
        new_parent: Option<UnitId>,
        date: NaiveDate,
    ) -> Result<(), HierarchyError> {
        if let Some(p) = new_parent {
            self.check_stands(Subject::Unit(p), date)?;
        }
        let from = self.parent_of(unit)?;
        self.dated(Subject::Unit(unit), date, &from, &new_parent, |h| {
            h.move_unit(unit, new_parent)?;
            Ok(EventKind::Move {
                from,
                to: new_parent,
            })
        })
    }

    pub(super) fn parent_of(&self, unit: UnitId) -> Result<Option<UnitId>, HierarchyError> {
        let ix = self.index_of(unit)?;
        Ok(self.parent_ix(ix).map(|p| self.graph[p].id))
    }

    /// The superior an organization has recorded in its own right (not derived).
    pub(super) fn recorded_superior(&self, org: OrgId) -> Result<Option<OrgId>, HierarchyError> {
        let ix = self.org_index_of(org)?;
        Ok(self
            .graph
            .edges_directed(ix, Incoming)
            .find(|e| *e.weight() == Relation::Superior)
            .map(|e| OrgId(self.graph[e.source()].id.0)))
    }

    /// Changes an organization's recorded superior on `date` (隶属调整), logging
    /// [`EventKind::Superior`]. Setting the superior it has records nothing.
    ///
    /// # Errors
    ///
    /// As [`set_superior`](Self::set_superior); the date errors of [`found`](Self::found).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let old = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "旧工委"))?;
    /// let new = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "新工委"))?;
    /// let b = h.add_org(Some(old), d, Org::new(OrgForm::Branch, "支部"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
    /// h.set_superior_on(b, Some(new), day)?;
    /// assert_eq!(h.org(b)?.superior().map(|o| o.id()), Some(new));
    /// assert_eq!(h.changes().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_superior_on(
        &mut self,
        org: OrgId,
        superior: Option<OrgId>,
        date: NaiveDate,
    ) -> Result<(), HierarchyError> {
        if let Some(s) = superior {
            self.check_stands(Subject::Org(s), date)?;
        }
        let from = self.recorded_superior(org)?;
        self.dated(Subject::Org(org), date, &from, &superior, |h| {
            h.set_superior(org, superior)?;
            Ok(EventKind::Superior { from, to: superior })
        })
    }

    /// Renames a unit on `date` (更名), logging [`EventKind::Rename`]. The same name
    /// records nothing.
    ///
    /// # Errors
    ///
    /// As [`rename`](Self::rename); the date errors of [`found`](Self::found).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
    /// h.rename_on(t, "钟落潭街道", day)?;
    /// assert_eq!(h.unit(t)?.name(), "钟落潭街道");
    /// assert_eq!(h.as_of(day.pred_opt().unwrap())?.unit(t)?.name(), "钟落潭镇");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rename_on(
        &mut self,
        unit: UnitId,
        name: &str,
        date: NaiveDate,
    ) -> Result<(), HierarchyError> {
        let from = self.unit_for_edit(unit)?.name().to_owned();
        self.dated(Subject::Unit(unit), date, from.as_str(), name, |h| {
            h.rename(unit, name)?;
            Ok(EventKind::Rename {
                from: from.clone(),
                to: name.to_owned(),
            })
        })
    }

    /// Changes a unit's division code on `date`, logging [`EventKind::Recode`]. The same
    /// code records nothing.
    ///
    /// # Errors
    ///
    /// As [`set_code`](Self::set_code); the date errors of [`found`](Self::found).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::history::EventKind;
    /// # use partyorg::{DivisionCode, Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let code = DivisionCode::from_u64(440_111_000_000)?;
    /// let day = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
    /// h.recode_on(d, Some(code), day)?;
    /// assert_eq!(h.unit(d)?.code(), Some(code));
    /// assert_eq!(h.changes()[0].kind, EventKind::Recode { from: None, to: Some(code) });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn recode_on(
        &mut self,
        unit: UnitId,
        code: Option<DivisionCode>,
        date: NaiveDate,
    ) -> Result<(), HierarchyError> {
        let from = self.unit_for_edit(unit)?.code();
        self.dated(Subject::Unit(unit), date, &from, &code, |h| {
            h.set_code(unit, code)?;
            Ok(EventKind::Recode { from, to: code })
        })
    }

    /// Records a unit's members as counted on `date` (年报), logging
    /// [`EventKind::Members`]. The same counts record nothing.
    ///
    /// # Errors
    ///
    /// As [`set_members`](Self::set_members); the date errors of [`found`](Self::found).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_members(Members::new(70, 1)))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
    /// h.count_members_on(d, Members::new(75, 3), day)?;
    /// assert_eq!(h.unit(d)?.members(), Members::new(75, 3));
    /// assert_eq!(h.as_of(day.pred_opt().unwrap())?.unit(d)?.members(), Members::new(70, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn count_members_on(
        &mut self,
        unit: UnitId,
        members: Members,
        date: NaiveDate,
    ) -> Result<(), HierarchyError> {
        let from = self.unit_for_edit(unit)?.members();
        self.dated(Subject::Unit(unit), date, &from, &members, |h| {
            h.set_members(unit, members)?;
            Ok(EventKind::Members { from, to: members })
        })
    }

    /// Merges `absorbed` into `into` on `date` (撤并, 合并村): the absorbed unit's
    /// children (in their order), records, members and the organizations based in it
    /// (temporary organizations it hosts, big committees it is the core of, organizations
    /// recorded in their own right) pass to the absorber, and the absorbed unit is
    /// dissolved on the date, its own organization (of the one-table form) with it. One
    /// atomic change, logged as [`EventKind::Merge`].
    ///
    /// The absorber's member total the day after equals the sum of both the day before.
    /// *O(children + records + degree)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`]; [`HierarchyError::SelfRelation`] for a unit merged
    /// into itself; [`HierarchyError::NotStanding`] when either no longer stands on the
    /// date (a merge into a dissolved unit); [`HierarchyError::NotAllowed`] /
    /// [`HierarchyError::Cycle`] when a child may not stand under the absorber;
    /// [`HierarchyError::OutOfOrder`], [`HierarchyError::BeforeFounded`];
    /// [`HierarchyError::Full`] when the joined member counts do not fit in `u32`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{Hierarchy, Members, Period, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "区"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "镇"))?;
    /// let a = h.add_unit(Some(t), Unit::new(UnitKind::Village, "甲村")
    ///     .with_members(Members::new(30, 1)))?;
    /// let b = h.add_unit(Some(t), Unit::new(UnitKind::Village, "乙村")
    ///     .with_members(Members::new(20, 0)))?;
    /// let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    /// h.merge(b, a, day)?;
    /// assert_eq!(h.unit(a)?.members(), Members::new(50, 1));
    /// let after = h.totals(t, &Period::day(day))?;
    /// let before = h.as_of(day.pred_opt().unwrap())?.totals(t, &Period::day(day.pred_opt().unwrap()))?;
    /// assert_eq!((after.members(), after.units), (51, 2));
    /// assert_eq!((before.members(), before.units), (51, 3));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn merge(
        &mut self,
        absorbed: UnitId,
        into: UnitId,
        date: NaiveDate,
    ) -> Result<(), HierarchyError> {
        if absorbed == into {
            return Err(HierarchyError::SelfRelation {
                id: absorbed,
                label: self.unit_label(absorbed),
            });
        }
        self.check_dated(Subject::Unit(absorbed), date)?;
        self.check_stands(Subject::Unit(into), date)?;
        let children = self.child_ids(absorbed);
        let records: Vec<RecordId> = self
            .records()
            .filter(|(_, r)| r.unit == absorbed)
            .map(|(id, _)| id)
            .collect();
        // Every organization based in it, in id order, but its own.
        let ix = self.index_of(absorbed)?;
        let mut orgs: Vec<OrgId> = self
            .orgs_based_in_ix(ix)
            .chain(self.outside_orgs_based_in_ix(ix))
            .filter(|&o| self.graph[o].flags & super::OWN_ORG == 0)
            .map(|o| OrgId(self.graph[o].id.0))
            .collect();
        orgs.sort_unstable();
        let members = self.unit_for_edit(absorbed)?.members();
        let joined = add(self.unit_for_edit(into)?.members(), members)?;
        let mut details = self.unit_for_edit(absorbed)?.details().clone();
        details.dissolved = Some(date);
        let mut edits: Vec<Edit> = moves_under(&children, into).collect();
        self.pass_records(&records, into, &mut edits);
        edits.extend(orgs.iter().map(|&t| Edit::SetHost {
            temporary: t,
            host: into,
        }));
        edits.push(Edit::SetMembers {
            unit: into,
            members: joined,
        });
        edits.push(Edit::SetMembers {
            unit: absorbed,
            members: Members::default(),
        });
        edits.push(Edit::SetDetails {
            unit: absorbed,
            details: Box::new(details),
        });
        self.apply_batch(edits).map_err(first)?;
        self.log(
            date,
            Subject::Unit(absorbed),
            EventKind::Merge {
                into,
                children,
                records,
                orgs,
                members,
            },
        );
        Ok(())
    }

    /// The edits that give `records` to `unit` (each removed and added again, same id
    /// and key).
    pub(super) fn pass_records(&self, records: &[RecordId], unit: UnitId, edits: &mut Vec<Edit>) {
        for &id in records {
            if let Some(r) = self.record_at(id.0 as usize) {
                edits.push(Edit::RemoveRecord { id });
                edits.push(Edit::AddRecord {
                    id,
                    record: crate::record::Record { unit, ..*r },
                });
                if let Some(key) = self.explicit_record_key(id) {
                    edits.push(Edit::SetRecordKey {
                        id,
                        key: Some(key.to_owned()),
                    });
                }
            }
        }
    }

    /// Splits `unit` on `date` (拆分): a new unit `new` is founded beside it (under the
    /// same parent) and takes the named `children` (in the given order) and `members`
    /// from it. One atomic change, logged as [`EventKind::Split`]. Returns the new unit's
    /// id. The new unit's own member counts are replaced by `members`.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::BadSplit`] for a named child that is not a child of `unit` (or is
    /// named twice) or more members than it has; the placement errors of
    /// [`add_unit`](Self::add_unit) for the new unit and its children; the date errors of
    /// [`found`](Self::found).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道").with_members(Members::new(20, 0)))?;
    /// let a = h.add_unit(Some(s), Unit::new(UnitKind::Community, "甲社区"))?;
    /// let b = h.add_unit(Some(s), Unit::new(UnitKind::Community, "乙社区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
    /// let new = Unit::new(UnitKind::Street, "嘉禾街道");
    /// let n = h.split(s, new, &[b], Members::new(8, 0), day)?;
    /// assert_eq!(h.children(n)?.map(|c| c.id()).collect::<Vec<_>>(), [b]);
    /// assert_eq!(h.children(s)?.map(|c| c.id()).collect::<Vec<_>>(), [a]);
    /// assert_eq!((h.unit(s)?.members().full, h.unit(n)?.members().full), (12, 8));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn split(
        &mut self,
        unit: UnitId,
        mut new: Unit,
        children: &[UnitId],
        members: Members,
        date: NaiveDate,
    ) -> Result<UnitId, HierarchyError> {
        self.check_dated(Subject::Unit(unit), date)?;
        let own = self.child_ids(unit);
        let mut seen = hashbrown::HashSet::new();
        if let Some(c) = children
            .iter()
            .find(|c| !own.contains(c) || !seen.insert(**c))
        {
            return Err(HierarchyError::BadSplit {
                unit,
                what: format!("child {}", self.unit_label(*c)),
                label: self.unit_label(unit),
            });
        }
        let has = self.unit_for_edit(unit)?.members();
        let rest = sub(has, members).ok_or_else(|| HierarchyError::BadSplit {
            unit,
            what: format!("{} members", members.total()),
            label: self.unit_label(unit),
        })?;
        let id = self.fresh_id()?;
        new.details.founded = Some(date);
        new.details.dissolved = None;
        new.members = members;
        let mut edits = vec![Edit::AddUnit {
            id,
            parent: self.parent_of(unit)?,
            unit: new,
        }];
        edits.extend(moves_under(children, id));
        edits.push(Edit::SetMembers {
            unit,
            members: rest,
        });
        self.apply_batch(edits).map_err(first)?;
        self.log(
            date,
            Subject::Unit(unit),
            EventKind::Split {
                new: id,
                children: children.to_vec(),
                members,
            },
        );
        Ok(id)
    }
}
