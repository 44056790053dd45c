//! The change log kept in the store, and the dated operations that append to it.
//!
//! Every dated operation checks everything first, applies its change through the store's
//! own methods (several at once through [`Hierarchy::apply_batch`], atomic), and only then
//! appends its [`ChangeEvent`]: a refused operation changes nothing and logs nothing.

use chrono::NaiveDate;
use petgraph::Direction::Incoming;
use petgraph::visit::EdgeRef;

use super::{Change, Hierarchy, Removal};
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
    pub fn next_unit_id(&self) -> Result<UnitId, HierarchyError> {
        self.fresh_id()
    }

    /// An organization id no organization has held, for a batch that adds organizations.
    /// *O(1)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::Full`] when the ids are exhausted.
    pub fn next_org_id(&self) -> Result<OrgId, HierarchyError> {
        self.fresh_org_id()
    }

    /// When a unit or organization was founded and dissolved, as the store holds it.
    fn lifetime(
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

    fn parent_of(&self, unit: UnitId) -> Result<Option<UnitId>, HierarchyError> {
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
    /// [`HierarchyError::OutOfOrder`], [`HierarchyError::BeforeFounded`].
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
        let mut edits: Vec<Edit> = children
            .iter()
            .map(|&c| Edit::MoveUnit {
                unit: c,
                new_parent: Some(into),
            })
            .collect();
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
    fn pass_records(&self, records: &[RecordId], unit: UnitId, edits: &mut Vec<Edit>) {
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
        edits.extend(children.iter().map(|&c| Edit::MoveUnit {
            unit: c,
            new_parent: Some(id),
        }));
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

    /// A copy of the hierarchy with every change dated after `date` taken back, newest
    /// first: the hierarchy as it stood on `date`. *O(n)* for the copy (none when no
    /// change is dated after `date`: the hierarchy itself is borrowed) plus the changes
    /// taken back.
    pub(crate) fn rewound(
        &self,
        date: NaiveDate,
    ) -> Result<std::borrow::Cow<'_, Hierarchy>, HierarchyError> {
        self.rewound_at(date).map_err(|(_, e)| e)
    }

    /// [`rewound`](Self::rewound), its error with the index of the change at fault.
    fn rewound_at(
        &self,
        date: NaiveDate,
    ) -> Result<std::borrow::Cow<'_, Hierarchy>, (usize, HierarchyError)> {
        let keep = self.history.partition_point(|e| e.date <= date);
        if keep == self.history.len() {
            return Ok(std::borrow::Cow::Borrowed(self));
        }
        let mut h = self.clone();
        while h.history.len() > keep {
            let index = h.history.len() - 1;
            h.take_back_last().map_err(|e| (index, e))?;
        }
        Ok(std::borrow::Cow::Owned(h))
    }

    /// Checks the log against the hierarchy: takes every change back, newest first, on a
    /// copy, refusing the first that disagrees with what it should take back, is out of
    /// order, dated before its subject's founding, or merges into a unit that no longer
    /// stands. *O(n + changes × their size)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::History`] (with the change's index), [`HierarchyError::OutOfOrder`],
    /// [`HierarchyError::BeforeFounded`], [`HierarchyError::NotStanding`].
    pub fn check_changes(&self) -> Result<(), HierarchyError> {
        self.check_changes_at().map_err(|(_, e)| e)
    }

    /// [`check_changes`](Self::check_changes), its error with the index of the change at
    /// fault.
    pub(crate) fn check_changes_at(&self) -> Result<(), (usize, HierarchyError)> {
        if let Some(i) =
            (1..self.history.len()).find(|&i| self.history[i].date < self.history[i - 1].date)
        {
            return Err((
                i,
                HierarchyError::OutOfOrder {
                    date: self.history[i].date,
                    last: self.history[i - 1].date,
                },
            ));
        }
        self.rewound_at(NaiveDate::MIN).map(drop)
    }

    /// Gives a hierarchy loaded from files its change log, checked as
    /// [`check_changes`](Self::check_changes) does; refused (with the index of the change
    /// at fault), the hierarchy keeps the log it had.
    pub(crate) fn install_changes(
        &mut self,
        log: Vec<ChangeEvent>,
    ) -> Result<(), (usize, HierarchyError)> {
        let old = std::mem::replace(&mut self.history, log);
        let checked = self.check_changes_at();
        if checked.is_err() {
            self.history = old;
        }
        checked
    }

    /// Takes the log's last change back, refusing with [`HierarchyError::History`] when
    /// the hierarchy does not hold what it changed to.
    fn take_back_last(&mut self) -> Result<(), HierarchyError> {
        let index = self.history.len() - 1;
        let ChangeEvent {
            date,
            subject,
            kind,
        } = self.history[index].clone();
        let label = self.subject_label(subject);
        let wrong = |what: String| HierarchyError::History {
            index,
            subject,
            date,
            what,
            label: label.clone(),
        };
        if !matches!(kind, EventKind::Found { .. })
            && let (Some(founded), _) = self.lifetime(subject).map_err(|e| wrong(e.to_string()))?
            && founded > date
        {
            return Err(HierarchyError::BeforeFounded {
                subject,
                date,
                founded,
                label: label.clone(),
            });
        }
        let unit = match subject {
            Subject::Unit(u) => Some(u),
            Subject::Org(_) => None,
        };
        let need_unit =
            || unit.ok_or_else(|| wrong("a change of units names an organization".into()));
        match kind {
            EventKind::Found { parent } => {
                let u = need_unit()?;
                if self.parent_of(u).map_err(|e| wrong(e.to_string()))? != parent {
                    return Err(wrong(format!("founded under {parent:?}, now elsewhere")));
                }
                self.remove_unit(u, Removal::Subtree)
                    .map_err(|e| wrong(e.to_string()))?;
            }
            EventKind::Dissolve => {
                let (_, dissolved) = self.lifetime(subject).map_err(|e| wrong(e.to_string()))?;
                if dissolved != Some(date) {
                    return Err(wrong(format!("dissolved {dissolved:?}, not on the date")));
                }
                match subject {
                    Subject::Unit(u) => self.undissolve(u).map_err(|e| wrong(e.to_string()))?,
                    Subject::Org(o) => {
                        let ix = self.org_index_of(o).map_err(|e| wrong(e.to_string()))?;
                        self.set_org_dissolved(ix, None);
                    }
                }
            }
            EventKind::Move { from, to } => {
                let u = need_unit()?;
                let now = self.parent_of(u).map_err(|e| wrong(e.to_string()))?;
                if now != to {
                    return Err(wrong(format!("moved to {to:?}, but its parent is {now:?}")));
                }
                self.move_unit(u, from).map_err(|e| wrong(e.to_string()))?;
            }
            EventKind::Superior { from, to } => {
                let Subject::Org(o) = subject else {
                    return Err(wrong("a change of superior names a unit".into()));
                };
                let now = self
                    .recorded_superior(o)
                    .map_err(|e| wrong(e.to_string()))?;
                if now != to {
                    return Err(wrong(format!("superior {to:?}, but it is {now:?}")));
                }
                self.set_superior(o, from)
                    .map_err(|e| wrong(e.to_string()))?;
            }
            EventKind::Rename { from, to } => {
                let u = need_unit()?;
                let now = self.unit(u).map_err(|e| wrong(e.to_string()))?.name();
                if now != to {
                    return Err(wrong(format!("renamed {to:?}, but its name is {now:?}")));
                }
                self.rename(u, &from).map_err(|e| wrong(e.to_string()))?;
            }
            EventKind::Recode { from, to } => {
                let u = need_unit()?;
                let now = self.unit(u).map_err(|e| wrong(e.to_string()))?.code();
                if now != to {
                    return Err(wrong(format!("recoded {to:?}, but its code is {now:?}")));
                }
                self.set_code(u, from).map_err(|e| wrong(e.to_string()))?;
            }
            EventKind::Members { from, to } => {
                let u = need_unit()?;
                let now = self.unit(u).map_err(|e| wrong(e.to_string()))?.members();
                if now != to {
                    return Err(wrong(format!("counted {to:?}, but it has {now:?}")));
                }
                self.set_members(u, from)
                    .map_err(|e| wrong(e.to_string()))?;
            }
            EventKind::Merge {
                into,
                children,
                records,
                orgs,
                members,
            } => {
                let u = need_unit()?;
                self.check_stands(Subject::Unit(into), date)?;
                self.unmerge(u, into, &children, &records, &orgs, members, date)
                    .map_err(|e| wrong(e.to_string()))?;
            }
            EventKind::MergeOrg {
                into,
                subordinates,
                members,
            } => {
                let Subject::Org(o) = subject else {
                    return Err(wrong("a merge of organizations names a unit".into()));
                };
                self.check_stands(Subject::Org(into), date)?;
                self.unmerge_org(o, into, &subordinates, members, date)
                    .map_err(wrong)?;
            }
            EventKind::Split {
                new,
                children,
                members,
            } => {
                let u = need_unit()?;
                self.unsplit(u, new, &children, members)
                    .map_err(|e| wrong(e.to_string()))?;
            }
        }
        self.history.pop();
        Ok(())
    }

    fn undissolve(&mut self, unit: UnitId) -> Result<(), HierarchyError> {
        let mut details = self.unit_for_edit(unit)?.details().clone();
        details.dissolved = None;
        self.set_details(unit, details)
    }

    #[allow(clippy::too_many_arguments)]
    fn unmerge(
        &mut self,
        absorbed: UnitId,
        into: UnitId,
        children: &[UnitId],
        records: &[RecordId],
        orgs: &[OrgId],
        members: Members,
        date: NaiveDate,
    ) -> Result<(), String> {
        let details = self.unit(absorbed).map_err(|e| e.to_string())?.details();
        if details.dissolved != Some(date) {
            return Err(format!(
                "merged away {date}, but dissolved {:?}",
                details.dissolved
            ));
        }
        let mut details = details.clone();
        details.dissolved = None;
        for &c in children {
            if self.parent_of(c).map_err(|e| e.to_string())? != Some(into) {
                return Err(format!("child {c} is no longer under {into}"));
            }
        }
        if let Some(r) = records
            .iter()
            .find(|&&r| self.record_at(r.0 as usize).is_none_or(|r| r.unit != into))
        {
            return Err(format!("{r} is not a record of {into}"));
        }
        let rest = sub(
            self.unit(into).map_err(|e| e.to_string())?.members(),
            members,
        )
        .ok_or_else(|| format!("{into} has fewer members than passed to it"))?;
        let back = add(
            self.unit(absorbed).map_err(|e| e.to_string())?.members(),
            members,
        )
        .map_err(|e| e.to_string())?;
        let mut edits: Vec<Edit> = children
            .iter()
            .map(|&c| Edit::MoveUnit {
                unit: c,
                new_parent: Some(absorbed),
            })
            .collect();
        self.pass_records(records, absorbed, &mut edits);
        edits.extend(orgs.iter().map(|&t| Edit::SetHost {
            temporary: t,
            host: absorbed,
        }));
        edits.push(Edit::SetMembers {
            unit: into,
            members: rest,
        });
        edits.push(Edit::SetMembers {
            unit: absorbed,
            members: back,
        });
        edits.push(Edit::SetDetails {
            unit: absorbed,
            details: Box::new(details),
        });
        self.apply_batch(edits).map_err(|e| first(e).to_string())
    }

    fn unsplit(
        &mut self,
        unit: UnitId,
        new: UnitId,
        children: &[UnitId],
        members: Members,
    ) -> Result<(), String> {
        for &c in children {
            if self.parent_of(c).map_err(|e| e.to_string())? != Some(new) {
                return Err(format!("child {c} is no longer under {new}"));
            }
        }
        let rest = sub(
            self.unit(new).map_err(|e| e.to_string())?.members(),
            members,
        )
        .ok_or_else(|| format!("{new} has fewer members than it took"))?;
        let back = add(
            self.unit(unit).map_err(|e| e.to_string())?.members(),
            members,
        )
        .map_err(|e| e.to_string())?;
        let mut edits: Vec<Edit> = children
            .iter()
            .map(|&c| Edit::MoveUnit {
                unit: c,
                new_parent: Some(unit),
            })
            .collect();
        edits.push(Edit::SetMembers {
            unit: new,
            members: rest,
        });
        edits.push(Edit::SetMembers {
            unit,
            members: back,
        });
        edits.push(Edit::RemoveUnit {
            unit: new,
            how: Removal::Subtree,
        });
        self.apply_batch(edits).map_err(|e| first(e).to_string())
    }
}
