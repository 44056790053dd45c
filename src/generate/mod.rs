//! A deterministic generator of the national workload.
//!
//! The nation as the party statistics bulletin of 2023 counts it (中共中央组织部 党内统计公报,
//! figures as of 2023-12-31, in [`bulletin`]): 5.176 million grassroots organizations
//! (committees, general branches, branches) with 99.185 million members, in organs, public
//! institutions, enterprises and social organizations and in the streets, towns,
//! communities and villages, of which nearly all (above 99.9 %) have an organization. The
//! generator builds that nation, or a fraction of it ([`NationalSpec::scale`]), either
//! wholly synthetic ([`national`]) or on top of the real divisions loaded from the NBS
//! file ([`populate`]). Its figures are not summed from its parameters: they are what the
//! rollups find in the generated hierarchy ([`Hierarchy::orgs_within`],
//! [`Hierarchy::coverage`]), within 0.1 % of the bulletin for the whole nation (the tests
//! check the proportions at small scales).
//!
//! **Everything but the divisions is synthetic**: every institution and co-op, every
//! member count and organization, every temporary organization, big committee, pairing
//! and record, and — in [`national`] — every name and code (codes follow the NBS ranges,
//! names are numbered). The same spec always gives the same hierarchy.
//!
//! # The synthetic nation
//!
//! - Divisions: 31 provinces, 342 cities, 2,975 counties (the NBS 2023 counts, [`counts`]);
//!   streets, towns, communities and villages as many as the bulletin's covered ones plus
//!   the few (0.05 %) it implies lack an organization ([`shape`]), without the NBS's
//!   "other" town- and village-level units (farms, development zones).
//! - Places: every street and town has a committee of its own (100–300 members); every
//!   village and community one of the three forms, by quota ([`shape::VILLAGE_COMMITTEES`],
//!   [`shape::VILLAGE_GENERAL_BRANCHES`], the rest branches), and a village or community
//!   committee leads two grid branches (网格党支部) based in the same place and recorded in
//!   their own right; 1–3 economic co-ops below each village or community, most with a
//!   branch, the others with no members.
//! - Institutions, in the bulletin's numbers of organizations per sector: organs, public
//!   institutions and state-owned enterprises under each county, non-public enterprises
//!   and social organizations under each street and town. A large one has a committee
//!   and four departments (内设机构, institutions within it) with a branch each; a medium
//!   one a general branch and three departments with a branch each; a small one a
//!   branch. Their numbers per sector follow the bulletin's forms.
//! - Each county has a working committee of its organs (机关工委, recorded in its own
//!   right, not a grassroots organization), which leads the organizations of the county's
//!   institutions and of its streets and towns.
//! - Members: drawn per organization within its form's range, the small institutions'
//!   branches sharing what the bulletin's total leaves (about 7 each).
//!
//! About 5.4 million units and 5.2 million organizations at scale 1.0.

mod figures;
mod plan;

pub use figures::Figures;
use plan::{OrgPlan, add_recorded_orgs};

use chrono::NaiveDate;

use crate::hierarchy::{Hierarchy, HierarchyBuilder};
use crate::org::{BigCommittee, Org, OrgForm, TemporaryOrg};
use crate::record::{Record, RecordKind};
use crate::relation::{Pairing, PairingKind};
use crate::rng::SplitMix64;
use crate::unit::{
    BigCommitteeKind, Details, Members, OrgDetails, PartyForm, Sector, ServiceCenter, TaskPurpose,
    Term, Unit, UnitId, UnitKind,
};
use crate::{DivisionCode, HierarchyError};

/// National counts of the NBS 2023 division codes (data as of 2023-06-30).
pub mod counts {
    /// Provinces (excluding Hong Kong, Macao and Taiwan).
    pub const PROVINCES: u64 = 31;
    /// Prefecture-level units.
    pub const CITIES: u64 = 342;
    /// County-level units.
    pub const COUNTIES: u64 = 2_975;
    /// Township-level units (streets, towns, townships, town-like units).
    pub const TOWNS: u64 = 41_351;
    /// Streets among them.
    pub const STREETS: u64 = 9_066;
    /// Village-level units (communities, villages, others).
    pub const VILLAGES: u64 = 620_572;
    /// Residents' committees (communities) among them.
    pub const COMMUNITIES: u64 = 124_649;
}

/// The party statistics bulletin of 2023 (中共中央组织部 2024年党内统计公报, figures as of
/// 2023-12-31): what the synthetic nation reproduces.
pub mod bulletin {
    /// Grassroots organizations (基层党组织), 5.176 million.
    pub const ORGS: u64 = 5_176_000;
    /// Grassroots committees (基层党委).
    pub const COMMITTEES: u64 = 298_000;
    /// General branches (总支部).
    pub const GENERAL_BRANCHES: u64 = 325_000;
    /// Branches (支部).
    pub const BRANCHES: u64 = 4_554_000;
    /// Party members.
    pub const MEMBERS: u64 = 99_185_000;
    /// Organizations in organs (机关).
    pub const ORGAN_ORGS: u64 = 771_000;
    /// Organizations in public institutions (事业单位).
    pub const INSTITUTION_ORGS: u64 = 997_000;
    /// Organizations in enterprises (企业), state-owned and non-public.
    pub const ENTERPRISE_ORGS: u64 = 1_600_000;
    /// Organizations in social organizations (社会组织).
    pub const SOCIAL_ORGS: u64 = 183_000;
    /// Streets (城市街道) with a party organization.
    pub const STREETS_COVERED: u64 = 9_125;
    /// Towns (乡镇) with a party organization.
    pub const TOWNS_COVERED: u64 = 29_620;
    /// Communities (社区, 居委会) with a party organization.
    pub const COMMUNITIES_COVERED: u64 = 119_437;
    /// Administrative villages (建制村) with a party organization.
    pub const VILLAGES_COVERED: u64 = 488_959;
}

/// The synthetic nation's own choices where the bulletin says nothing (all at scale 1.0).
pub mod shape {
    /// Streets: the bulletin's 9,125 covered and 5 without an organization.
    pub const STREETS: u64 = 9_130;
    /// Towns: 29,620 covered and 15 without.
    pub const TOWNS: u64 = 29_635;
    /// Communities: 119,437 covered and 60 without.
    pub const COMMUNITIES: u64 = 119_497;
    /// Villages: 488,959 covered and 245 without.
    pub const VILLAGES: u64 = 489_204;
    /// Villages and communities whose own organization is a committee (3 %).
    pub const VILLAGE_COMMITTEES: u64 = 18_252;
    /// Villages and communities whose own organization is a general branch (15 %).
    pub const VILLAGE_GENERAL_BRANCHES: u64 = 91_259;
    /// Grid branches below each village or community committee.
    pub const GRID_BRANCHES: u32 = 2;
    /// Organizations in state-owned enterprises, of the bulletin's enterprises.
    pub const STATE_OWNED_ENTERPRISE_ORGS: u64 = 560_000;
    /// Departments (with a branch each) of a large institution, below its committee.
    pub const LARGE_DEPARTMENTS: u32 = 4;
    /// Departments (with a branch each) of a medium institution, below its general branch.
    pub const MEDIUM_DEPARTMENTS: u32 = 3;
}

/// Member ranges (inclusive, full and probationary together) per kind of organization.
/// A large institution's committee leads at least 4 × 25 members, a medium one's general
/// branch at least 3 × 17: the thresholds of their forms (100, and more than 50 for a
/// village's general branch).
mod range {
    pub(super) const TOWN: (u32, u32) = (100, 300);
    pub(super) const VILLAGE_COMMITTEE: (u32, u32) = (100, 200);
    pub(super) const VILLAGE_GENERAL_BRANCH: (u32, u32) = (51, 99);
    pub(super) const VILLAGE_BRANCH: (u32, u32) = (10, 49);
    pub(super) const GRID: (u32, u32) = (10, 40);
    pub(super) const COOP: (u32, u32) = (3, 20);
    pub(super) const LARGE_OWN: (u32, u32) = (0, 6);
    pub(super) const LARGE_DEPARTMENT: (u32, u32) = (25, 37);
    pub(super) const MEDIUM_OWN: (u32, u32) = (0, 2);
    pub(super) const MEDIUM_DEPARTMENT: (u32, u32) = (17, 26);
}

/// What to generate.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NationalSpec {
    /// The fraction of the nation to build: 1.0 for all of it, 0.01 for a quick run.
    /// Every count shrinks with it (at least one of each).
    pub scale: f64,
    /// The seed of the generator.
    pub seed: u64,
    /// The least and most economic co-ops under each village or community (mean 2 for
    /// the defaults, about 1.2 million in the nation).
    pub coops: (u32, u32),
    /// The year the dated records fall in.
    pub year: i32,
}

impl Default for NationalSpec {
    fn default() -> Self {
        NationalSpec {
            scale: 1.0,
            seed: 2023,
            coops: (1, 3),
            year: 2023,
        }
    }
}

impl NationalSpec {
    /// The spec for a fraction of the nation, the other fields their defaults.
    ///
    /// ```
    /// use partyorg::generate::NationalSpec;
    /// let spec = NationalSpec::scaled(0.01);
    /// assert_eq!(spec.scale, 0.01);
    /// assert_eq!(spec, NationalSpec { scale: 0.01, ..NationalSpec::default() });
    /// ```
    pub fn scaled(scale: f64) -> Self {
        NationalSpec {
            scale,
            ..Self::default()
        }
    }

    fn count(&self, national: u64) -> u64 {
        let s = if self.scale.is_finite() && self.scale > 0.0 {
            self.scale.min(1.0)
        } else {
            0.0
        };
        ((national as f64 * s).round() as u64).max(1)
    }
}

/// `i`-th share when `total` items are spread evenly over `n` holders.
fn share(total: u64, n: u64, i: u64) -> u64 {
    total / n + u64::from(i < total % n)
}

/// `k` picks spread evenly over `n` calls of [`take`](Quota::take): exactly `k` (at most
/// `n`) when called `n` times.
#[derive(Clone, Debug)]
struct Quota {
    acc: u64,
    k: u64,
    n: u64,
}

impl Quota {
    fn new(k: u64, n: u64) -> Quota {
        Quota {
            acc: 0,
            k: k.min(n),
            n: n.max(1),
        }
    }

    fn take(&mut self) -> bool {
        self.acc += self.k;
        if self.acc >= self.n {
            self.acc -= self.n;
            true
        } else {
            false
        }
    }
}

fn code(value: u64) -> DivisionCode {
    DivisionCode::from_u64(value).expect("generated codes follow the NBS layout")
}

/// Members totalling a value drawn in `range`, about a tenth of them probationary.
fn draw(rng: &mut SplitMix64, (lo, hi): (u32, u32)) -> Members {
    let total = rng.between(lo, hi);
    split(rng, total)
}

/// `total` members, about a tenth of them probationary (none below 11).
fn split(rng: &mut SplitMix64, total: u32) -> Members {
    let probationary = rng.below(total / 11 + 1);
    Members::new(total - probationary, probationary)
}

fn mean((lo, hi): (u32, u32)) -> f64 {
    (f64::from(lo) + f64::from(hi)) / 2.0
}

/// Gives a unit an organization of its own of `form`, with the committee its full members
/// call for (from 7 full members: 3 for a branch, 5 for a general branch, 7 for a
/// committee).
fn with_form(unit: Unit, form: PartyForm) -> Unit {
    let full = unit.members.full;
    unit.with_party_form(form)
        .with_committee(committee_for(form, full))
}

fn committee_for(form: PartyForm, full: u32) -> u8 {
    match (form, full) {
        (_, 0..=6) => 0,
        (PartyForm::Committee, _) => 7,
        (PartyForm::GeneralBranch, _) => 5,
        _ => 3,
    }
}

/// Where units go: a builder (ids counted here) or a hierarchy.
trait Sink {
    fn add(&mut self, parent: UnitId, unit: Unit) -> Result<UnitId, HierarchyError>;
}

struct BuilderSink {
    b: HierarchyBuilder,
    next: u32,
}

impl BuilderSink {
    fn id(&mut self) -> UnitId {
        self.next += 1;
        UnitId(self.next)
    }
}

impl Sink for BuilderSink {
    fn add(&mut self, parent: UnitId, unit: Unit) -> Result<UnitId, HierarchyError> {
        let id = self.id();
        self.b.push(id, Some(parent), unit);
        Ok(id)
    }
}

impl Sink for Hierarchy {
    fn add(&mut self, parent: UnitId, unit: Unit) -> Result<UnitId, HierarchyError> {
        self.add_unit(Some(parent), unit)
    }
}

/// A wholly synthetic nation (or `spec.scale` of it), shaped as the 2023 bulletin counts
/// it (see the [module doc](self)): codes that follow the NBS ranges, numbered names,
/// places, institutions and co-ops with their organizations and members, then the
/// organizations and records of [`populate_extras`]. Deterministic in `spec`.
///
/// *O(n)*; the units are built with exact capacity.
///
/// ```
/// use partyorg::generate::{national, NationalSpec};
/// let h = national(&NationalSpec::scaled(0.0005));
/// assert!(h.len() > 2_000);
/// assert_eq!(h.roots().count(), 1);
/// ```
pub fn national(spec: &NationalSpec) -> Hierarchy {
    let n_prov = spec.count(counts::PROVINCES);
    let n_city = spec.count(counts::CITIES).max(n_prov);
    let n_county = spec.count(counts::COUNTIES).max(n_city);
    let n_street = spec.count(shape::STREETS);
    let n_town = (n_street + spec.count(shape::TOWNS)).max(n_county);
    let n_community = spec.count(shape::COMMUNITIES);
    let n_village = (n_community + spec.count(shape::VILLAGES)).max(n_town);
    let lacking = |all: u64, covered: u64| all.saturating_sub(spec.count(covered));
    let mut lack_street = Quota::new(lacking(n_street, bulletin::STREETS_COVERED), n_street);
    let mut lack_town = Quota::new(
        lacking(n_town - n_street, bulletin::TOWNS_COVERED),
        n_town - n_street,
    );
    let mut lack_comm = Quota::new(
        lacking(n_community, bulletin::COMMUNITIES_COVERED),
        n_community,
    );
    let mut lack_vill = Quota::new(
        lacking(n_village - n_community, bulletin::VILLAGES_COVERED),
        n_village - n_community,
    );
    let mut rng = SplitMix64::new(spec.seed);
    // Plan first: which streets, towns, communities and villages lack an organization,
    // and the co-ops of the others, so that the quotas and the builder's capacity are
    // exact.
    let (lo, hi) = (
        spec.coops.0.min(spec.coops.1),
        spec.coops.0.max(spec.coops.1),
    );
    let mut town_lacks: Vec<bool> = Vec::with_capacity(n_town as usize);
    let mut village_lacks: Vec<bool> = Vec::with_capacity(n_village as usize);
    let mut coops: Vec<u8> = Vec::with_capacity(n_village as usize);
    let (mut town_i, mut village_i) = (0u64, 0u64);
    for county_i in 0..n_county {
        let towns = share(n_town, n_county, county_i);
        let streets_here = share(n_street, n_county, county_i).min(towns).min(99);
        for t in 0..towns {
            town_lacks.push(if t < streets_here {
                lack_street.take()
            } else {
                lack_town.take()
            });
            let villages = share(n_village, n_town, town_i);
            let communities = share(n_community, n_town, town_i).min(villages);
            for v in 0..villages {
                let lacks = if v < communities {
                    lack_comm.take()
                } else {
                    lack_vill.take()
                };
                village_lacks.push(lacks);
                let n = rng.between(lo, hi).min(255) as u8;
                coops.push(if lacks { 0 } else { n });
                village_i += 1;
            }
            town_i += 1;
        }
    }
    debug_assert_eq!(village_i, n_village);
    let towns_org = town_lacks.iter().filter(|l| !**l).count() as u64;
    let villages_org = village_lacks.iter().filter(|l| !**l).count() as u64;
    let coops_total: u64 = coops.iter().map(|&c| u64::from(c)).sum();
    let mut plan = OrgPlan::new(spec, towns_org, villages_org, coops_total);
    let total =
        n_prov + n_city + n_county + n_town + n_village + coops_total + plan.institution_units();
    let mut sink = BuilderSink {
        b: HierarchyBuilder::with_capacity(total as usize),
        next: 0,
    };
    let mut counties: Vec<UnitId> = Vec::with_capacity(n_county as usize);
    let mut committees: Vec<UnitId> = Vec::new();
    let (mut city_i, mut county_i, mut town_i, mut village_i) = (0u64, 0u64, 0u64, 0u64);
    let organized_towns = towns_org;
    let mut organized_i = 0u64;
    for p in 0..n_prov {
        let pcode = (11 + p) * 10_000_000_000;
        let pid = sink.id();
        sink.b.push(
            pid,
            None,
            Unit::new(UnitKind::Province, format!("省{}", p + 1)).with_code(code(pcode)),
        );
        for c in 0..share(n_city, n_prov, p) {
            let ccode = pcode + (c + 1) * 100_000_000;
            let cid = sink
                .add(
                    pid,
                    Unit::new(UnitKind::City, format!("市{}", city_i + 1)).with_code(code(ccode)),
                )
                .expect("a builder takes every row");
            for k in 0..share(n_county, n_city, city_i) {
                let kcode = ccode + (k + 1) * 1_000_000;
                let kid = sink
                    .add(
                        cid,
                        Unit::new(UnitKind::District, format!("县{}", county_i + 1))
                            .with_code(code(kcode)),
                    )
                    .expect("a builder takes every row");
                counties.push(kid);
                // The county's organs, public institutions and state-owned enterprises.
                for (s, sp) in plan.sectors.clone().iter().enumerate() {
                    if !sp.under_towns {
                        plan.institutions(&mut rng, &mut sink, s, kid, (county_i, n_county))
                            .expect("a builder takes every row");
                    }
                }
                let towns = share(n_town, n_county, county_i);
                let streets_here = share(n_street, n_county, county_i).min(towns).min(99);
                for t in 0..towns {
                    let is_street = t < streets_here;
                    let seg = if is_street {
                        t + 1
                    } else {
                        100 + t - streets_here
                    };
                    let tcode = kcode + seg.min(399) * 1_000;
                    let kind = if is_street {
                        UnitKind::Street
                    } else {
                        UnitKind::Town
                    };
                    let mut town =
                        Unit::new(kind, format!("镇街{}", town_i + 1)).with_code(code(tcode));
                    let town_lacks_org = town_lacks[town_i as usize];
                    if !town_lacks_org {
                        town = with_form(
                            town.with_members(draw(&mut rng, range::TOWN)),
                            PartyForm::Committee,
                        );
                    }
                    town.agricultural = !is_street;
                    let tid = sink.add(kid, town).expect("a builder takes every row");
                    let villages = share(n_village, n_town, town_i);
                    let communities = share(n_community, n_town, town_i).min(villages);
                    for v in 0..villages {
                        let is_comm = v < communities;
                        let seg = if is_comm {
                            v + 1
                        } else {
                            200 + v - communities
                        };
                        let vcode = tcode + seg.min(999);
                        let kind = if is_comm {
                            UnitKind::Community
                        } else {
                            UnitKind::Village
                        };
                        let mut unit = Unit::new(kind, format!("村居{}", village_i + 1));
                        let lacks = village_lacks[village_i as usize];
                        let mut committee = false;
                        if !lacks {
                            (unit, committee) = plan.village(&mut rng, unit);
                        }
                        if let Ok(c) = DivisionCode::from_u64(vcode) {
                            unit.code = Some(c);
                        }
                        let vid = sink.add(tid, unit).expect("a builder takes every row");
                        if committee {
                            committees.push(vid);
                        }
                        for n in 0..coops[village_i as usize] {
                            let coop = plan.coop(
                                &mut rng,
                                Unit::new(UnitKind::EconomicCoop, format!("第{}经济社", n + 1)),
                            );
                            sink.add(vid, coop).expect("a builder takes every row");
                        }
                        village_i += 1;
                    }
                    // The two new under an organized street or town.
                    if !town_lacks_org {
                        for (s, sp) in plan.sectors.clone().iter().enumerate() {
                            if sp.under_towns {
                                plan.institutions(
                                    &mut rng,
                                    &mut sink,
                                    s,
                                    tid,
                                    (organized_i, organized_towns),
                                )
                                .expect("a builder takes every row");
                            }
                        }
                        organized_i += 1;
                    }
                    town_i += 1;
                }
                county_i += 1;
            }
            city_i += 1;
        }
    }
    // The plan above sized the builder exactly (the promise of the doc comment).
    debug_assert_eq!(sink.b.len() as u64, total, "the capacity plan is exact");
    let mut h = sink
        .b
        .build()
        .expect("the generator builds a forest with unique ids");
    add_recorded_orgs(&mut h, &mut rng, &counties, &committees)
        .expect("the generator's units exist");
    populate_extras(&mut h, spec).expect("the generator's units exist");
    h.shrink_to_fit();
    h
}

/// Adds co-ops, members, organizations and institutions to a hierarchy of real divisions
/// (as loaded from the NBS file), as [`national`] does for its synthetic one — every
/// street and town organized, the villages' forms, the co-ops' branches and the
/// institutions by the quotas of `spec.scale` of the bulletin — then the organizations
/// and records of [`populate_extras`]. No division is left without an organization
/// (real places are never given a negative label).
///
/// # Errors
///
/// Only [`HierarchyError::Full`] when a capacity runs out.
///
/// ```
/// use chrono::NaiveDate;
/// use partyorg::generate::{NationalSpec, populate};
/// use partyorg::interchange::nbs;
/// use partyorg::UnitKind;
/// let mut h = nbs::load_file("tests/fixtures/baiyun-divisions.csv")?;
/// let divisions = h.len();
/// populate(&mut h, &NationalSpec::scaled(0.0001))?;
/// assert!(h.len() > divisions); // co-ops and institutions added
/// let district = h.roots().next().unwrap().id();
/// let day = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
/// for kind in [UnitKind::Street, UnitKind::Town, UnitKind::Village, UnitKind::Community] {
///     let c = h.coverage(district, kind, day)?;
///     assert_eq!(c.with_party_org, c.units); // no division left without an organization
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn populate(h: &mut Hierarchy, spec: &NationalSpec) -> Result<(), HierarchyError> {
    let mut rng = SplitMix64::new(spec.seed);
    let (lo, hi) = (
        spec.coops.0.min(spec.coops.1),
        spec.coops.0.max(spec.coops.1),
    );
    let villages: Vec<UnitId> = h
        .units()
        .filter(|u| matches!(u.kind(), UnitKind::Village | UnitKind::Community))
        .map(|u| u.id())
        .collect();
    let towns: Vec<UnitId> = h
        .units()
        .filter(|u| matches!(u.kind(), UnitKind::Town | UnitKind::Street))
        .map(|u| u.id())
        .collect();
    let counties: Vec<UnitId> = h
        .units()
        .filter(|u| u.kind() == UnitKind::District)
        .map(|u| u.id())
        .collect();
    let planned: Vec<u32> = villages.iter().map(|_| rng.between(lo, hi)).collect();
    let coops: u64 = planned.iter().map(|&c| u64::from(c)).sum();
    // The quotas of the share of the synthetic nation's villages the real ones are.
    let nation = (shape::COMMUNITIES + shape::VILLAGES) as f64;
    let scaled = NationalSpec {
        scale: spec.scale * (villages.len() as f64 / nation).min(1.0),
        ..spec.clone()
    };
    let mut plan = OrgPlan::new(&scaled, towns.len() as u64, villages.len() as u64, coops);
    let extra = coops as usize + plan.institution_units() as usize;
    h.reserve_exact(extra, extra);
    let mut committees = Vec::new();
    for (&vid, &n) in villages.iter().zip(&planned) {
        let (planned, committee) = plan.village(&mut rng, Unit::new(UnitKind::Village, ""));
        h.set_members(vid, planned.members)?;
        h.set_party_form(vid, planned.party_form)?;
        h.set_committee_size(vid, planned.committee_size)?;
        if committee {
            h.set_details(vid, planned.details)?;
            committees.push(vid);
        }
        for k in 0..n {
            let coop = plan.coop(
                &mut rng,
                Unit::new(UnitKind::EconomicCoop, format!("第{}经济社", k + 1)),
            );
            h.add_unit(Some(vid), coop)?;
        }
    }
    for &t in &towns {
        let m = draw(&mut rng, range::TOWN);
        h.set_members(t, m)?;
        h.set_party_form(t, Some(PartyForm::Committee))?;
        h.set_committee_size(t, Some(committee_for(PartyForm::Committee, m.full)))?;
    }
    for s in 0..plan.sectors.len() {
        let holders = if plan.sectors[s].under_towns {
            &towns
        } else {
            &counties
        };
        let n = holders.len() as u64;
        for (i, &holder) in holders.iter().enumerate() {
            plan.institutions(&mut rng, h, s, holder, (i as u64, n))?;
        }
    }
    add_recorded_orgs(h, &mut rng, &counties, &committees)?;
    populate_extras(h, spec)?;
    h.shrink_to_fit();
    Ok(())
}

/// Adds what lies outside the tree and the dated records, sparsely enough to keep the
/// nation compact: per town or street a term (elected in March of one of the two years
/// before `spec.year`) and a service center, one temporary organization and twelve joint
/// meetings (each solving at least as many problems as it takes up matters); per county
/// with two towns or more a regional big committee around its first town, with up to four
/// others as members; per agricultural town a 1+3-style pairing with three streets of its
/// county that no other town has taken, while three remain.
///
/// # Errors
///
/// Only [`HierarchyError::Full`] when a capacity runs out.
///
/// ```
/// use partyorg::generate::{NationalSpec, populate_extras};
/// use partyorg::interchange::nbs;
/// use partyorg::{OrgForm, Period};
/// let mut h = nbs::load_file("tests/fixtures/baiyun-divisions.csv")?;
/// let spec = NationalSpec::scaled(0.0001);
/// populate_extras(&mut h, &spec)?;
/// let towns_and_streets = 24;
/// let temporaries = h.orgs().filter(|o| o.form() == OrgForm::Temporary).count();
/// assert_eq!(temporaries, towns_and_streets);
/// let district = h.roots().next().unwrap().id();
/// let t = h.totals(district, &Period::year(spec.year))?;
/// assert_eq!(t.joint_meetings, 12 * towns_and_streets as u64);
/// assert!(t.problems_solved >= t.matters);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn populate_extras(h: &mut Hierarchy, spec: &NationalSpec) -> Result<(), HierarchyError> {
    let mut rng = SplitMix64::new(spec.seed ^ 0x005E_ED0F_0E17);
    let year = spec.year;
    let day = |rng: &mut SplitMix64| {
        NaiveDate::from_yo_opt(year, rng.between(1, 365)).unwrap_or(NaiveDate::MIN)
    };
    let counties: Vec<UnitId> = h
        .units()
        .filter(|u| u.kind() == UnitKind::District)
        .map(|u| u.id())
        .collect();
    for county in counties {
        let towns: Vec<(UnitId, UnitKind, bool)> = h
            .children(county)
            .into_iter()
            .flatten() // a unit of `h.units()`
            .filter(|u| matches!(u.kind(), UnitKind::Town | UnitKind::Street))
            .map(|u| (u.id(), u.kind(), u.is_agricultural()))
            .collect();
        let Some(&(core, _, _)) = towns.first() else {
            continue;
        };
        let mut bc = BigCommittee::new(
            format!("{}区域化大党委", h.unit_for_edit(county)?.name()),
            BigCommitteeKind::Regional,
            core,
        );
        for &(t, _, _) in towns.iter().skip(1).take(4) {
            bc = bc.with_member(t).with_part_time(t, 1);
        }
        if bc.members.len() >= 2 {
            h.add_big_committee(bc)?;
        }
        // "1+3": each agricultural town takes three streets of its county that no other
        // town has taken, while three remain.
        let mut streets = towns
            .iter()
            .filter(|t| t.1 == UnitKind::Street)
            .map(|t| t.0);
        for (i, &(t, _, agricultural)) in towns.iter().enumerate() {
            let elected =
                NaiveDate::from_ymd_opt(year - 1 - (i as i32 % 2), 3, 1).unwrap_or(NaiveDate::MIN);
            let org = OrgDetails {
                term: Some(Term { elected, years: 5 }),
                ..OrgDetails::default()
            };
            let details = Details {
                org: Some(org),
                service_center: Some(ServiceCenter::new(rng.between(300, 3_000))),
                ..Details::default()
            };
            h.set_details(t, details)?;
            let founded = day(&mut rng);
            let temp = TemporaryOrg::new(
                format!("{}乡村振兴临时党支部", h.unit_for_edit(t)?.name()),
                TaskPurpose::RuralRevitalization,
                t,
                founded,
            )
            .with_members(Members::new(rng.between(3, 12), 0));
            h.add_temporary(temp)?;
            for _ in 0..12 {
                let matters = rng.below(2);
                let record = Record::new(
                    t,
                    day(&mut rng),
                    RecordKind::JointMeeting {
                        matters,
                        problems_solved: matters + rng.below(4),
                    },
                );
                h.add_record(record)?;
            }
            if agricultural {
                let three: Vec<UnitId> = streets.by_ref().take(3).collect();
                if three.len() == 3 {
                    let since = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
                    for s in three {
                        let p = Pairing::new(PairingKind::TownStreet).between(Some(since), None);
                        h.add_pairing(t, s, p)?;
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
