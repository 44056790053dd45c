//! What the organization tree holds: totals of an organization's subtree, by child, and
//! of the organizations based in a place.

use petgraph::stable_graph::NodeIndex;

use super::Hierarchy;
use crate::error::QueryError;
use crate::org::{OrgForm, OrgId};
use crate::rollup::Period;
use crate::unit::UnitId;

/// What an organization's subtree of the 隶属 tree holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct OrgTotals {
    /// Organizations in the subtree, itself included.
    pub orgs: u64,
    /// Organizations by form, in the order of [`OrgForm::ALL`].
    pub orgs_by_form: [u64; 8],
    /// Full members of every organization in the subtree.
    pub full_members: u64,
    /// Probationary members of every organization in the subtree.
    pub probationary_members: u64,
    /// Organizations by the sector of the institution they are based in, in the order of
    /// [`Sector::ALL`](crate::Sector::ALL) (organizations based in places count in none).
    pub orgs_by_sector: [u64; 8],
}

impl OrgTotals {
    /// Full and probationary members together.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Members, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "工委").with_members(Members::new(5, 0)))?;
    /// h.add_org(Some(gw), d, Org::new(OrgForm::Branch, "支部").with_members(Members::new(20, 2)))?;
    /// let t = h.org_totals(gw)?;
    /// assert_eq!((t.full_members, t.probationary_members, t.members()), (25, 2, 27));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn members(&self) -> u64 {
        self.full_members.saturating_add(self.probationary_members)
    }

    /// Organizations of one form.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "工委"))?;
    /// h.add_org(Some(gw), d, Org::new(OrgForm::Branch, "第一支部"))?;
    /// h.add_org(Some(gw), d, Org::new(OrgForm::Branch, "第二支部"))?;
    /// let t = h.org_totals(gw)?;
    /// assert_eq!((t.of_form(OrgForm::Branch), t.of_form(OrgForm::WorkingCommittee)), (2, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of_form(&self, form: OrgForm) -> u64 {
        self.orgs_by_form[form as usize]
    }

    /// Organizations based in institutions of one sector.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, Sector, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let school = h.add_unit(Some(d), Unit::new(UnitKind::Institution(Sector::School), "第一中学"))?;
    /// h.add_org(None, school, Org::new(OrgForm::Branch, "第一中学党支部"))?;
    /// h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "区直机关工委"))?;
    /// let t = h.orgs_within(d)?;
    /// // Organizations based in places count in no sector.
    /// assert_eq!((t.orgs, t.of_sector(Sector::School)), (2, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of_sector(&self, sector: crate::Sector) -> u64 {
        self.orgs_by_sector[sector as usize]
    }

    /// Counts one organization (not its members).
    fn count(&mut self, h: &Hierarchy, o: NodeIndex) {
        self.orgs += 1;
        if let Some(f) = h.graph[o].kind.org() {
            self.orgs_by_form[f as usize] += 1;
        }
        if let Some(u) = h.based_in_ix(o)
            && let crate::UnitKind::Institution(sector) = h.graph[u].unit_kind()
        {
            self.orgs_by_sector[sector as usize] += 1;
        }
    }
}

/// An organization directly below another with the totals of its subtree: a row of
/// [`Hierarchy::org_totals_by_child`] and [`Hierarchy::org_totals_by_child_in`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgChildTotals {
    /// The organization.
    pub org: OrgId,
    /// The totals of its subtree.
    pub totals: OrgTotals,
}

impl Hierarchy {
    /// Whether the organization at `o` stood on some day of `period`: founded on or before
    /// its last day, not dissolved by its first (a unit's own organization lives as its
    /// unit; undated, always).
    fn org_stands_in(&self, o: NodeIndex, period: &Period) -> bool {
        let r = self.org_ref(o);
        period.overlaps(r.founded(), r.dissolved())
    }

    /// Counts the organization at `o` with its own members, if it stood in `period`.
    fn count_standing(&self, t: &mut OrgTotals, o: NodeIndex, period: &Period) {
        if self.org_stands_in(o, period) {
            t.count(self, o);
            let n = &self.graph[o];
            t.full_members += u64::from(n.full);
            t.probationary_members += u64::from(n.probationary);
        }
    }

    /// [`org_totals`](Self::org_totals) of the organizations that stood on some day of
    /// `period` (founded on or before its last day, not dissolved by its first), with
    /// their members: an organization dissolved on 2024-01-01 counts in 2023, not in
    /// 2024, and its subordinates that still stand count in both. *O(size of the
    /// subtree)* time, *O(1)* extra space.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownOrg`].
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::rollup::Period;
    /// use partyorg::{Hierarchy, Members, Org, OrgForm, Sector, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let organ = h.add_unit(Some(district), Unit::new(UnitKind::Institution(Sector::Organ), "区委组织部"))?;
    /// let gw = h.add_org(None, district, Org::new(OrgForm::WorkingCommittee, "区直机关工委"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 5, 1).unwrap();
    /// h.add_org(Some(gw), organ, Org::new(OrgForm::Branch, "机关党支部")
    ///     .with_members(Members::new(30, 2)).founded_on(day))?;
    /// assert_eq!(h.org_totals_in(gw, &Period::year(2022))?.orgs, 1);
    /// let t = h.org_totals_in(gw, &Period::year(2023))?;
    /// assert_eq!((t.orgs, t.members()), (2, 32));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn org_totals_in(&self, id: OrgId, period: &Period) -> Result<OrgTotals, QueryError> {
        let ix = self.org_index_of(id)?;
        let layout = self.org_layout();
        let mut t = OrgTotals::default();
        if let Some(p) = layout.position(ix) {
            for &o in &layout.order[layout.range(p)] {
                self.count_standing(&mut t, o, period);
            }
        }
        Ok(t)
    }

    /// [`org_totals_by_child`](Self::org_totals_by_child) over `period`, as
    /// [`org_totals_in`](Self::org_totals_in) counts; the children that did not stand in
    /// the period are left out.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownOrg`].
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Org, OrgForm, Period, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "工委"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
    /// let old = h.add_org(Some(gw), d, Org::new(OrgForm::Branch, "老支部"))?;
    /// h.add_org(Some(gw), d, Org::new(OrgForm::Branch, "新支部").founded_on(day))?;
    /// let in_2022: Vec<_> = h.org_totals_by_child_in(gw, &Period::year(2022))?.into_iter().map(|r| r.org).collect();
    /// assert_eq!(in_2022, [old]);
    /// assert_eq!(h.org_totals_by_child_in(gw, &Period::year(2023))?.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn org_totals_by_child_in(
        &self,
        id: OrgId,
        period: &Period,
    ) -> Result<Vec<OrgChildTotals>, QueryError> {
        let below: Vec<OrgId> = self
            .org(id)?
            .subordinates()
            .filter(|o| period.overlaps(o.founded(), o.dissolved()))
            .map(|o| o.id())
            .collect();
        below
            .into_iter()
            .map(|org| {
                let totals = self.org_totals_in(org, period)?;
                Ok(OrgChildTotals { org, totals })
            })
            .collect()
    }

    /// [`orgs_within`](Self::orgs_within) of the organizations that stood on some day of
    /// `period`. *O(units of the subtree × their in-degree)* time, *O(1)* extra space.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Org, OrgForm, Period, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
    /// h.add_org(None, d, Org::new(OrgForm::Branch, "新支部").founded_on(day))?;
    /// assert_eq!(h.orgs_within_in(d, &Period::year(2022))?.orgs, 0);
    /// assert_eq!(h.orgs_within_in(d, &Period::year(2023))?.orgs, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn orgs_within_in(&self, unit: UnitId, period: &Period) -> Result<OrgTotals, QueryError> {
        let ix = self.index_of(unit)?;
        let layout = self.layout();
        let range = layout.position(ix).map_or(0..0, |p| layout.range(p));
        let mut t = OrgTotals::default();
        for &u in &layout.order[range] {
            for o in self.orgs_based_in_ix(u) {
                self.count_standing(&mut t, o, period);
            }
        }
        Ok(t)
    }

    /// What an organization's subtree holds: organizations by form and members. *O(size
    /// of the subtree)* time (the members in *O(1)*, from the layout's totals), *O(1)* extra
    /// space, once the organization layout is built.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownOrg`].
    ///
    /// # Example
    ///
    /// ```
    /// use partyorg::{Hierarchy, Members, Org, OrgForm, Unit, UnitKind, Sector};
    ///
    /// let mut h = Hierarchy::new();
    /// let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let organ = h.add_unit(Some(district), Unit::new(UnitKind::Institution(Sector::Organ), "区委组织部"))?;
    /// let gw = h.add_org(None, district, Org::new(OrgForm::WorkingCommittee, "区直机关工委"))?;
    /// h.add_org(Some(gw), organ, Org::new(OrgForm::Branch, "区委组织部机关党支部").with_members(Members::new(30, 2)))?;
    /// let t = h.org_totals(gw)?;
    /// assert_eq!((t.orgs, t.of_form(OrgForm::Branch), t.members()), (2, 1, 32));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn org_totals(&self, id: OrgId) -> Result<OrgTotals, QueryError> {
        let ix = self.org_index_of(id)?;
        let layout = self.org_layout();
        let mut t = OrgTotals::default();
        if let Some(p) = layout.position(ix) {
            let [full, probationary] = layout.totals[p as usize];
            t.full_members = full;
            t.probationary_members = probationary;
            for &o in &layout.order[layout.range(p)] {
                t.count(self, o);
            }
        }
        Ok(t)
    }

    /// The totals of each organization directly below one, in the layout's order: the
    /// by-child breakdown of the 隶属 tree. *O(size of the subtree)* time, *O(children)*
    /// extra space.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownOrg`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Members, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "工委"))?;
    /// let a = h.add_org(Some(gw), d, Org::new(OrgForm::GeneralBranch, "总支"))?;
    /// h.add_org(Some(a), d, Org::new(OrgForm::Branch, "支部").with_members(Members::new(9, 0)))?;
    /// let rows: Vec<_> = h.org_totals_by_child(gw)?.into_iter().map(|r| (r.org, r.totals.orgs, r.totals.members())).collect();
    /// assert_eq!(rows, [(a, 2, 9)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn org_totals_by_child(&self, id: OrgId) -> Result<Vec<OrgChildTotals>, QueryError> {
        let below: Vec<OrgId> = self.org(id)?.subordinates().map(|o| o.id()).collect();
        below
            .into_iter()
            .map(|org| {
                let totals = self.org_totals(org)?;
                Ok(OrgChildTotals { org, totals })
            })
            .collect()
    }

    /// What the organizations based in a unit's place subtree hold — by form, by the
    /// sector of their unit, with their members — whatever their superiors: the
    /// statistics of a district or of the nation (党内统计) by place. Units dissolved or
    /// not yet founded count as the place tree holds them. *O(units of the subtree ×
    /// their in-degree)* time, *O(1)* extra space, once the layout is built.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
    ///
    /// # Example
    ///
    /// ```
    /// use partyorg::{Hierarchy, Members, Org, OrgForm, PartyForm, Sector, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_party_form(PartyForm::Committee))?;
    /// let firm = h.add_unit(Some(d), Unit::new(UnitKind::Institution(Sector::NonPublicEnterprise), "甲公司"))?;
    /// h.add_org(None, firm, Org::new(OrgForm::Branch, "甲公司党支部").with_members(Members::new(8, 1)))?;
    /// let t = h.orgs_within(d)?;
    /// assert_eq!((t.orgs, t.of_form(OrgForm::Committee), t.of_sector(Sector::NonPublicEnterprise)), (2, 1, 1));
    /// assert_eq!(t.members(), 9);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn orgs_within(&self, unit: UnitId) -> Result<OrgTotals, QueryError> {
        // Every organization stood on some day of all time.
        self.orgs_within_in(unit, &Period::ALL)
    }
}
