//! Merging one party organization into another (撤并): its subordinates and members pass
//! to the absorber, and it is dissolved; taken back by the view as of an earlier date.

use chrono::NaiveDate;

use super::Hierarchy;
use super::history::{add, first, sub};
use crate::HierarchyError;
use crate::batch::Edit;
use crate::history::{EventKind, Subject};
use crate::org::OrgId;
use crate::unit::Members;

impl Hierarchy {
    /// Merges the organization `absorbed` into `into` on `date` (撤并): the organizations
    /// whose superior it is pass to `into`, its members are added to `into`'s, and it is
    /// dissolved on the date (it stays in the tables with that `dissolved` date). One
    /// atomic change, logged as [`EventKind::MergeOrg`] of the absorbed organization; a
    /// refused merge changes and logs nothing.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownOrg`]; [`HierarchyError::OwnOrg`] when `absorbed` is a
    /// unit's own organization (merge the unit); [`HierarchyError::OrgCycle`] for a merge
    /// into itself or into an organization that stands below `absorbed`;
    /// the date errors of [`found`](Self::found) for both (`into` must stand on the date);
    /// [`HierarchyError::Full`] when the joined member counts do not fit in `u32`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{Hierarchy, Members, Org, OrgForm, Sector, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let organ = h.add_unit(Some(d), Unit::new(UnitKind::Institution(Sector::Organ), "区卫健局"))?;
    /// let a = h.add_org(None, organ, Org::new(OrgForm::GeneralBranch, "甲总支").with_members(Members::new(30, 1)))?;
    /// let b = h.add_org(None, organ, Org::new(OrgForm::GeneralBranch, "乙总支").with_members(Members::new(20, 0)))?;
    /// let branch = h.add_org(Some(a), organ, Org::new(OrgForm::Branch, "第一支部"))?;
    /// let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    /// h.merge_org(a, b, day)?;
    /// assert_eq!(h.org(branch)?.superior().map(|o| o.id()), Some(b));
    /// assert_eq!(h.org(b)?.members(), Members::new(50, 1));
    /// assert_eq!(h.org(a)?.dissolved(), Some(day));
    /// // As of the day before, it stood with its branch and members.
    /// let before = h.as_of(day.pred_opt().unwrap())?;
    /// assert_eq!(before.org(branch)?.superior().map(|o| o.id()), Some(a));
    /// assert_eq!(before.org(b)?.members(), Members::new(20, 0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn merge_org(
        &mut self,
        absorbed: OrgId,
        into: OrgId,
        date: NaiveDate,
    ) -> Result<(), HierarchyError> {
        if absorbed == into {
            return Err(HierarchyError::OrgCycle {
                org: absorbed,
                new_superior: into,
                org_label: self.org_label(absorbed),
                superior_label: self.org_label(into),
            });
        }
        self.check_dated(Subject::Org(absorbed), date)?;
        self.check_stands(Subject::Org(into), date)?;
        let ix = self.org_index_of(absorbed)?;
        if self.graph[ix].flags & super::OWN_ORG != 0 {
            return Err(HierarchyError::OwnOrg {
                id: absorbed,
                label: self.label_ix(ix),
            });
        }
        let mut subordinates: Vec<OrgId> = self
            .org_for_edit(absorbed)?
            .subordinates()
            .map(|o| o.id())
            .collect();
        subordinates.sort_unstable();
        let members = self.org_for_edit(absorbed)?.members();
        let joined = add(self.org_for_edit(into)?.members(), members)?;
        let edits = pass(
            &subordinates,
            into,
            [(into, joined), (absorbed, Members::default())],
        );
        self.apply_batch(edits).map_err(first)?;
        self.set_org_dissolved(ix, Some(date));
        self.log(
            date,
            Subject::Org(absorbed),
            EventKind::MergeOrg {
                into,
                subordinates,
                members,
            },
        );
        Ok(())
    }

    /// Takes back a merge of `absorbed` into `into` on `date`, as the view of an earlier
    /// date does; a reason when the hierarchy does not hold the merge's outcome.
    pub(super) fn unmerge_org(
        &mut self,
        absorbed: OrgId,
        into: OrgId,
        subordinates: &[OrgId],
        members: Members,
        date: NaiveDate,
    ) -> Result<(), String> {
        let ix = self.org_index_of(absorbed).map_err(|e| e.to_string())?;
        let dissolved = self.org(absorbed).map_err(|e| e.to_string())?.dissolved();
        if dissolved != Some(date) {
            return Err(format!("merged away {date}, but dissolved {dissolved:?}"));
        }
        for &o in subordinates {
            let now = self.recorded_superior(o).map_err(|e| e.to_string())?;
            if now != Some(into) {
                return Err(format!("{o} no longer reports to {into}"));
            }
        }
        let rest = sub(
            self.org(into).map_err(|e| e.to_string())?.members(),
            members,
        )
        .ok_or_else(|| format!("{into} has fewer members than passed to it"))?;
        let back = add(
            self.org(absorbed).map_err(|e| e.to_string())?.members(),
            members,
        )
        .map_err(|e| e.to_string())?;
        let edits = pass(subordinates, absorbed, [(into, rest), (absorbed, back)]);
        self.apply_batch(edits).map_err(|e| first(e).to_string())?;
        self.set_org_dissolved(ix, None);
        Ok(())
    }
}

/// The edits that place `subordinates` under `superior` and set two organizations'
/// members: one merge, or its taking back.
fn pass(subordinates: &[OrgId], superior: OrgId, members: [(OrgId, Members); 2]) -> Vec<Edit> {
    subordinates
        .iter()
        .map(|&org| Edit::SetSuperior {
            org,
            superior: Some(superior),
        })
        .chain(
            members
                .into_iter()
                .map(|(org, members)| Edit::SetOrgMembers { org, members }),
        )
        .collect()
}
