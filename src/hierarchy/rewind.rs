//! Taking the change log back: the hierarchy as it stood on a date, and the check that
//! every logged change takes back cleanly.

use chrono::NaiveDate;

use super::history::{add, first, moves_under, sub};
use super::{Hierarchy, Removal};
use crate::batch::Edit;
use crate::error::HierarchyError;
use crate::history::{ChangeEvent, EventKind, Subject};
use crate::org::OrgId;
use crate::record::RecordId;
use crate::unit::{Members, UnitId};

impl Hierarchy {
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
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
    /// h.rename_on(d, "广州市白云区", day)?;
    /// // Every change made through the store's dated operations takes back cleanly.
    /// h.check_changes()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
        if let Some(r) = records
            .iter()
            .find(|&&r| self.record_at(r.0 as usize).is_none_or(|r| r.unit != into))
        {
            return Err(format!("{r} is not a record of {into}"));
        }
        let mut edits = self.give_back(into, absorbed, children, members, "passed to it")?;
        self.pass_records(records, absorbed, &mut edits);
        edits.extend(orgs.iter().map(|&t| Edit::SetHost {
            temporary: t,
            host: absorbed,
        }));
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
        let mut edits = self.give_back(new, unit, children, members, "it took")?;
        edits.push(Edit::RemoveUnit {
            unit: new,
            how: Removal::Subtree,
        });
        self.apply_batch(edits).map_err(|e| first(e).to_string())
    }

    /// The edits that give `children` and `members` back from `from` to `to`, as a merge
    /// or a split is taken back: the children moved under `to` (in their order), then the
    /// members of both set. A reason when a child is no longer under `from`, or `from` has
    /// fewer members than `members` (which it got as `how`).
    fn give_back(
        &self,
        from: UnitId,
        to: UnitId,
        children: &[UnitId],
        members: Members,
        how: &str,
    ) -> Result<Vec<Edit>, String> {
        for &c in children {
            if self.parent_of(c).map_err(|e| e.to_string())? != Some(from) {
                return Err(format!("child {c} is no longer under {from}"));
            }
        }
        let rest = sub(
            self.unit(from).map_err(|e| e.to_string())?.members(),
            members,
        )
        .ok_or_else(|| format!("{from} has fewer members than {how}"))?;
        let back = add(self.unit(to).map_err(|e| e.to_string())?.members(), members)
            .map_err(|e| e.to_string())?;
        let mut edits: Vec<Edit> = moves_under(children, to).collect();
        edits.push(Edit::SetMembers {
            unit: from,
            members: rest,
        });
        edits.push(Edit::SetMembers {
            unit: to,
            members: back,
        });
        Ok(edits)
    }
}
