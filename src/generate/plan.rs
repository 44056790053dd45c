//! The plans that place the bulletin's organizations: quotas by sector and by form.

use super::*;

/// The institutions of one sector: how many of each size, and whether they stand under
/// counties (organs, public institutions, state-owned enterprises) or under streets and
/// towns (the "two new").
#[derive(Clone, Copy, Debug)]
pub(super) struct SectorPlan {
    pub(super) sector: Sector,
    pub(super) under_towns: bool,
    pub(super) large: u64,
    pub(super) medium: u64,
    pub(super) small: u64,
}

impl SectorPlan {
    pub(super) fn units(&self) -> u64 {
        self.large * (1 + u64::from(shape::LARGE_DEPARTMENTS))
            + self.medium * (1 + u64::from(shape::MEDIUM_DEPARTMENTS))
            + self.small
    }

    pub(super) fn name(&self) -> &'static str {
        match self.sector {
            Sector::Organ => "机关单位",
            Sector::PublicInstitution => "事业单位",
            Sector::StateOwnedEnterprise => "国有企业",
            Sector::NonPublicEnterprise => "非公企业",
            _ => "社会组织",
        }
    }
}

/// The organizations to generate, by form, for a nation of `spec.scale` with `towns`
/// organized streets and towns and `villages` organized villages and communities: the
/// quotas of the villages' forms, of the co-ops' branches and of the institutions, and
/// the members left to the small institutions' branches.
#[derive(Clone, Debug)]
pub(super) struct OrgPlan {
    pub(super) village_committees: Quota,
    pub(super) village_general_branches: Quota,
    /// Villages and communities that are neither (their own organization is a branch).
    pub(super) coop_branches: Quota,
    pub(super) sectors: [SectorPlan; 5],
    /// Members of the small institutions' branches, spread evenly (with a pairwise jitter).
    pub(super) small_members: u64,
    pub(super) small_total: u64,
    pub(super) small_i: u64,
    pub(super) jitter: u32,
}

impl OrgPlan {
    /// `towns`, `villages`: organized streets and towns, villages and communities;
    /// `coops`: co-ops under organized villages and communities.
    pub(super) fn new(spec: &NationalSpec, towns: u64, villages: u64, coops: u64) -> OrgPlan {
        let vc = spec.count(shape::VILLAGE_COMMITTEES).min(villages);
        let vg = spec
            .count(shape::VILLAGE_GENERAL_BRANCHES)
            .min(villages - vc);
        let vb = villages - vc - vg;
        let grid = vc * u64::from(shape::GRID_BRANCHES);
        let committees = spec.count(bulletin::COMMITTEES);
        let general = spec.count(bulletin::GENERAL_BRANCHES);
        let branches = spec.count(bulletin::BRANCHES);
        let soe = spec.count(shape::STATE_OWNED_ENTERPRISE_ORGS);
        let sector_orgs = [
            (Sector::Organ, spec.count(bulletin::ORGAN_ORGS), false),
            (
                Sector::PublicInstitution,
                spec.count(bulletin::INSTITUTION_ORGS),
                false,
            ),
            (Sector::StateOwnedEnterprise, soe, false),
            (
                Sector::NonPublicEnterprise,
                spec.count(bulletin::ENTERPRISE_ORGS).saturating_sub(soe),
                true,
            ),
            (
                Sector::SocialOrganization,
                spec.count(bulletin::SOCIAL_ORGS),
                true,
            ),
        ];
        let institutions: u64 = sector_orgs.iter().map(|s| s.1).sum();
        // What the places hold leaves the institutions' committees and general branches;
        // the co-ops' branches make up the grassroots total.
        let inst_committees = committees.saturating_sub(towns + vc);
        let inst_general = general.saturating_sub(vg);
        let coop_orgs = (committees + general + branches)
            .saturating_sub(institutions + towns + villages + grid)
            .min(coops);
        // Each sector's committees and general branches in proportion to its
        // organizations, the last sector taking what rounding leaves.
        let (mut c_left, mut g_left) = (inst_committees, inst_general);
        let sectors = std::array::from_fn(|i| {
            let (sector, orgs, under_towns) = sector_orgs[i];
            let part = |total: u64, left: u64| {
                let want = if i + 1 == sector_orgs.len() {
                    left
                } else {
                    (total as f64 * orgs as f64 / institutions.max(1) as f64).round() as u64
                };
                want.min(left)
            };
            let mut large = part(inst_committees, c_left);
            let mut medium = part(inst_general, g_left);
            // A large one holds 1 + LARGE_DEPARTMENTS organizations, a medium one
            // 1 + MEDIUM_DEPARTMENTS: at small scales fewer of them may fit.
            let l = 1 + u64::from(shape::LARGE_DEPARTMENTS);
            let m = 1 + u64::from(shape::MEDIUM_DEPARTMENTS);
            large = large.min(orgs / l);
            medium = medium.min((orgs - large * l) / m);
            c_left -= large;
            g_left -= medium;
            SectorPlan {
                sector,
                under_towns,
                large,
                medium,
                small: orgs - large * l - medium * m,
            }
        });
        let dep_l = f64::from(shape::LARGE_DEPARTMENTS);
        let dep_m = f64::from(shape::MEDIUM_DEPARTMENTS);
        let expected = towns as f64 * mean(range::TOWN)
            + vc as f64 * mean(range::VILLAGE_COMMITTEE)
            + vg as f64 * mean(range::VILLAGE_GENERAL_BRANCH)
            + vb as f64 * mean(range::VILLAGE_BRANCH)
            + grid as f64 * mean(range::GRID)
            + coop_orgs as f64 * mean(range::COOP)
            + sectors
                .iter()
                .map(|s: &SectorPlan| {
                    s.large as f64
                        * (mean(range::LARGE_OWN) + dep_l * mean(range::LARGE_DEPARTMENT))
                        + s.medium as f64
                            * (mean(range::MEDIUM_OWN) + dep_m * mean(range::MEDIUM_DEPARTMENT))
                })
                .sum::<f64>();
        let small_total: u64 = sectors.iter().map(|s| s.small).sum();
        let small_members = (spec.count(bulletin::MEMBERS) as f64 - expected)
            .round()
            .max(0.0) as u64;
        OrgPlan {
            village_committees: Quota::new(vc, villages),
            village_general_branches: Quota::new(vg, villages - vc),
            coop_branches: Quota::new(coop_orgs, coops),
            sectors,
            small_members: small_members.max(3 * small_total),
            small_total,
            small_i: 0,
            jitter: 0,
        }
    }

    /// Units the institutions take.
    pub(super) fn institution_units(&self) -> u64 {
        self.sectors.iter().map(SectorPlan::units).sum()
    }

    /// An organized village or community: its members and its form (by quota).
    pub(super) fn village(&mut self, rng: &mut SplitMix64, unit: Unit) -> (Unit, bool) {
        if self.village_committees.take() {
            let m = draw(rng, range::VILLAGE_COMMITTEE);
            // A village committee stands with the county committee's approval (农村基层组织
            // 工作条例 2019), recorded.
            let mut details = unit.details.clone();
            details
                .org
                .get_or_insert_with(OrgDetails::default)
                .approved_exception = true;
            let unit = unit.with_members(m).with_details(details);
            (with_form(unit, PartyForm::Committee), true)
        } else if self.village_general_branches.take() {
            let m = draw(rng, range::VILLAGE_GENERAL_BRANCH);
            (
                with_form(unit.with_members(m), PartyForm::GeneralBranch),
                false,
            )
        } else {
            let m = draw(rng, range::VILLAGE_BRANCH);
            (with_form(unit.with_members(m), PartyForm::Branch), false)
        }
    }

    /// A co-op under an organized village: a branch by quota, else no members.
    pub(super) fn coop(&mut self, rng: &mut SplitMix64, unit: Unit) -> Unit {
        if self.coop_branches.take() {
            with_form(unit.with_members(draw(rng, range::COOP)), PartyForm::Branch)
        } else {
            unit
        }
    }

    /// The next small institution's members: an even share of what is left to them, with
    /// a jitter that cancels over each pair.
    pub(super) fn small(&mut self, rng: &mut SplitMix64) -> Members {
        let base = share(self.small_members, self.small_total.max(1), self.small_i);
        let floor = self.small_members / self.small_total.max(1);
        let total = if self.small_i.is_multiple_of(2) {
            if self.small_i + 1 < self.small_total {
                self.jitter = rng.below(floor.saturating_sub(3).min(3) as u32 + 1);
            } else {
                self.jitter = 0;
            }
            base + u64::from(self.jitter)
        } else {
            base - u64::from(self.jitter)
        };
        self.small_i += 1;
        split(rng, total.min(u64::from(u32::MAX)) as u32)
    }

    /// The institutions of sector plan `s` that fall to holder `i` of `n`, under
    /// `holder`.
    pub(super) fn institutions(
        &mut self,
        rng: &mut SplitMix64,
        sink: &mut impl Sink,
        s: usize,
        holder: UnitId,
        (i, n): (u64, u64),
    ) -> Result<(), HierarchyError> {
        let plan = self.sectors[s];
        let kind = UnitKind::Institution(plan.sector);
        let mut j = 0u64;
        let name = |j: &mut u64| {
            *j += 1;
            format!("{}{}", plan.name(), j)
        };
        for _ in 0..share(plan.large, n, i) {
            let own = draw(rng, range::LARGE_OWN);
            let unit = with_form(
                Unit::new(kind, name(&mut j)).with_members(own),
                PartyForm::Committee,
            );
            let id = sink.add(holder, unit)?;
            for d in 0..shape::LARGE_DEPARTMENTS {
                let m = draw(rng, range::LARGE_DEPARTMENT);
                let dept = Unit::new(kind, format!("内设机构{}", d + 1)).with_members(m);
                sink.add(id, with_form(dept, PartyForm::Branch))?;
            }
        }
        for _ in 0..share(plan.medium, n, i) {
            let own = draw(rng, range::MEDIUM_OWN);
            let unit = with_form(
                Unit::new(kind, name(&mut j)).with_members(own),
                PartyForm::GeneralBranch,
            );
            let id = sink.add(holder, unit)?;
            for d in 0..shape::MEDIUM_DEPARTMENTS {
                let m = draw(rng, range::MEDIUM_DEPARTMENT);
                let dept = Unit::new(kind, format!("内设机构{}", d + 1)).with_members(m);
                sink.add(id, with_form(dept, PartyForm::Branch))?;
            }
        }
        for _ in 0..share(plan.small, n, i) {
            let m = self.small(rng);
            let unit = Unit::new(kind, name(&mut j)).with_members(m);
            sink.add(holder, with_form(unit, PartyForm::Branch))?;
        }
        Ok(())
    }
}

/// After the units: each county's working committee of its organs (机关工委), and the grid
/// branches below each village or community committee. *O(counties + committees)*.
pub(super) fn add_recorded_orgs(
    h: &mut Hierarchy,
    rng: &mut SplitMix64,
    counties: &[UnitId],
    village_committees: &[UnitId],
) -> Result<(), HierarchyError> {
    for &c in counties {
        h.add_org(None, c, Org::new(OrgForm::WorkingCommittee, "机关工委"))?;
    }
    for &v in village_committees {
        let own = h.own_org_of_unit(v);
        for g in 0..shape::GRID_BRANCHES {
            let m = draw(rng, range::GRID);
            let mut org =
                Org::new(OrgForm::Branch, format!("第{}网格党支部", g + 1)).with_members(m);
            if m.full >= 7 {
                org = org.with_committee_size(3);
            }
            h.add_org(own, v, org)?;
        }
    }
    Ok(())
}
