//! A deterministic generator of the national workload.
//!
//! The nation at the end of 2023 (NBS division codes; party statistics): 31 provinces, 342
//! cities, 2,975 counties, 41,351 towns and streets, 620,572 villages and communities, and
//! about 4.7 million economic co-ops below them — about 5.3 million units. The generator
//! builds that shape, or a fraction of it ([`NationalSpec::scale`]), either wholly
//! synthetic ([`national`]) or on top of the real divisions loaded from the NBS file
//! ([`populate`]). Member counts, party organizations, co-ops, temporary organizations,
//! big committees, pairings and records come from a seeded generator: the same spec always
//! gives the same hierarchy.
//!
//! What is synthetic: every co-op, every member count and organization, every temporary
//! organization, big committee, pairing and record, and — in [`national`] — every name and
//! code (codes follow the NBS ranges, names are numbered).

use chrono::NaiveDate;

use crate::hierarchy::{Hierarchy, HierarchyBuilder};
use crate::org::{BigCommittee, TemporaryOrg};
use crate::record::{Record, RecordKind};
use crate::relation::{Pairing, PairingKind};
use crate::rng::SplitMix64;
use crate::unit::{
    BigCommitteeKind, Details, Members, OrgDetails, PartyForm, ServiceCenter, TaskPurpose, Term,
    Unit, UnitId, UnitKind,
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

/// What to generate.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NationalSpec {
    /// The fraction of the nation to build: 1.0 for all of it, 0.01 for a quick run.
    /// Provinces, cities and counties shrink with it (at least one of each).
    pub scale: f64,
    /// The seed of the generator.
    pub seed: u64,
    /// The least and most economic co-ops under each village or community (mean about 7.6
    /// for the defaults, giving the nation's ~4.7 million).
    pub coops: (u32, u32),
    /// The year the dated records fall in.
    pub year: i32,
}

impl Default for NationalSpec {
    fn default() -> Self {
        NationalSpec {
            scale: 1.0,
            seed: 2023,
            coops: (4, 11),
            year: 2023,
        }
    }
}

impl NationalSpec {
    /// The spec for a fraction of the nation.
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

fn code(value: u64) -> DivisionCode {
    DivisionCode::from_u64(value).expect("generated codes follow the NBS layout")
}

fn members(rng: &mut SplitMix64, lo: u32, hi: u32) -> Members {
    let full = rng.between(lo, hi);
    Members::new(full, rng.below(full / 10 + 2))
}

/// The organization form the regulations expect for a unit's members: a committee from
/// 100 members, a general branch from 50, a branch from 3 full members ([domain](crate::domain), "Rules").
fn form_for(m: Members) -> Option<PartyForm> {
    match (m.total(), m.full) {
        (100.., _) => Some(PartyForm::Committee),
        (50.., _) => Some(PartyForm::GeneralBranch),
        (_, 3..) => Some(PartyForm::Branch),
        _ => None,
    }
}

/// Gives a unit the organization its members call for: the form, and from 7 full members
/// an elected committee (3 for a branch, 5 for a general branch, 7 for a committee).
fn with_org(unit: Unit) -> Unit {
    let full = unit.members.full;
    match form_for(unit.members) {
        Some(f) => unit
            .with_party_form(f)
            .with_committee(committee_for(f, full)),
        None => unit,
    }
}

fn committee_for(form: PartyForm, full: u32) -> u8 {
    match (form, full) {
        (_, 0..=6) => 0,
        (PartyForm::Committee, _) => 7,
        (PartyForm::GeneralBranch, _) => 5,
        _ => 3,
    }
}

/// Sets a unit's members and the organization they call for.
fn organize(h: &mut Hierarchy, id: UnitId, members: Members) -> Result<(), HierarchyError> {
    h.set_members(id, members)?;
    let form = form_for(members);
    h.set_party_form(id, form)?;
    h.set_committee_size(id, form.map(|f| committee_for(f, members.full)))
}

/// A wholly synthetic nation (or `spec.scale` of it): codes that follow the NBS ranges,
/// numbered names, co-ops, members and organizations, then the organizations and records
/// of [`populate_extras`]. Deterministic in `spec`.
///
/// *O(n)*; the hierarchy is built with exact capacity, so the peak memory is the result's.
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
    let n_town = spec.count(counts::TOWNS).max(n_county);
    let n_street = spec.count(counts::STREETS).min(n_town);
    let n_village = spec.count(counts::VILLAGES).max(n_town);
    let n_community = spec.count(counts::COMMUNITIES).min(n_village);
    let mut rng = SplitMix64::new(spec.seed);
    // Plan the co-ops first so that the builder gets its exact capacity.
    let (lo, hi) = (
        spec.coops.0.min(spec.coops.1),
        spec.coops.0.max(spec.coops.1),
    );
    let coops: Vec<u8> = (0..n_village)
        .map(|_| rng.between(lo, hi).min(255) as u8)
        .collect();
    let total = n_prov
        + n_city
        + n_county
        + n_town
        + n_village
        + coops.iter().map(|&c| u64::from(c)).sum::<u64>();
    let mut b = HierarchyBuilder::with_capacity(total as usize);
    let mut next = 0u32;
    let mut id = || {
        next += 1;
        UnitId(next)
    };
    // One nation root is not a kind of its own: provinces are the roots.
    let (mut city_i, mut county_i, mut town_i, mut village_i) = (0u64, 0u64, 0u64, 0u64);
    for p in 0..n_prov {
        let pcode = (11 + p) * 10_000_000_000;
        let pid = id();
        b.push(
            pid,
            None,
            Unit::new(UnitKind::Province, format!("省{}", p + 1)).with_code(code(pcode)),
        );
        for c in 0..share(n_city, n_prov, p) {
            let ccode = pcode + (c + 1) * 100_000_000;
            let cid = id();
            b.push(
                cid,
                Some(pid),
                Unit::new(UnitKind::City, format!("市{}", city_i + 1)).with_code(code(ccode)),
            );
            for k in 0..share(n_county, n_city, city_i) {
                let kcode = ccode + (k + 1) * 1_000_000;
                let kid = id();
                b.push(
                    kid,
                    Some(cid),
                    Unit::new(UnitKind::District, format!("县{}", county_i + 1))
                        .with_code(code(kcode)),
                );
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
                    let tid = id();
                    let kind = if is_street {
                        UnitKind::Street
                    } else {
                        UnitKind::Town
                    };
                    let mut town = with_org(
                        Unit::new(kind, format!("镇街{}", town_i + 1))
                            .with_code(code(tcode))
                            .with_members(members(&mut rng, 100, 400)),
                    );
                    town.agricultural = !is_street;
                    b.push(tid, Some(kid), town);
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
                        let vid = id();
                        let kind = if is_comm {
                            UnitKind::Community
                        } else {
                            UnitKind::Village
                        };
                        let mut unit = with_org(
                            Unit::new(kind, format!("村居{}", village_i + 1))
                                .with_members(members(&mut rng, 15, 140)),
                        );
                        if let Ok(c) = DivisionCode::from_u64(vcode) {
                            unit.code = Some(c);
                        }
                        b.push(vid, Some(tid), unit);
                        for n in 0..coops[village_i as usize] {
                            let coop = with_org(
                                Unit::new(UnitKind::EconomicCoop, format!("第{}经济社", n + 1))
                                    .with_members(members(&mut rng, 1, 30)),
                            );
                            b.push(id(), Some(vid), coop);
                        }
                        village_i += 1;
                    }
                    town_i += 1;
                }
                county_i += 1;
            }
            city_i += 1;
        }
    }
    // The plan above sized the builder exactly (the promise of the doc comment).
    debug_assert_eq!(b.len() as u64, total, "the capacity plan is exact");
    let mut h = b
        .build()
        .expect("the generator builds a forest with unique ids");
    populate_extras(&mut h, spec).expect("the generator's units exist");
    h.shrink_to_fit();
    h
}

/// Adds co-ops, members and organizations under every village and community of a
/// hierarchy of real divisions (as loaded from the NBS file), then the organizations and
/// records of [`populate_extras`].
///
/// # Errors
///
/// Only [`HierarchyError::Full`] when a capacity runs out.
pub fn populate(h: &mut Hierarchy, spec: &NationalSpec) -> Result<(), HierarchyError> {
    let mut rng = SplitMix64::new(spec.seed);
    let (lo, hi) = (
        spec.coops.0.min(spec.coops.1),
        spec.coops.0.max(spec.coops.1),
    );
    let villages: Vec<(UnitId, UnitKind)> = h
        .units()
        .filter(|u| matches!(u.kind(), UnitKind::Village | UnitKind::Community))
        .map(|u| (u.id(), u.kind()))
        .collect();
    let planned: Vec<u32> = villages.iter().map(|_| rng.between(lo, hi)).collect();
    let extra: usize = planned.iter().map(|&c| c as usize).sum();
    h.reserve_exact(extra, extra);
    for (&(vid, _), &n) in villages.iter().zip(&planned) {
        let m = members(&mut rng, 15, 140);
        organize(h, vid, m)?;
        for k in 0..n {
            let coop = with_org(
                Unit::new(UnitKind::EconomicCoop, format!("第{}经济社", k + 1))
                    .with_members(members(&mut rng, 1, 30)),
            );
            h.add_unit(Some(vid), coop)?;
        }
    }
    let towns: Vec<UnitId> = h
        .units()
        .filter(|u| matches!(u.kind(), UnitKind::Town | UnitKind::Street))
        .map(|u| u.id())
        .collect();
    for t in towns {
        let m = members(&mut rng, 100, 400);
        organize(h, t, m)?;
    }
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
            .children(county)?
            .filter(|u| matches!(u.kind(), UnitKind::Town | UnitKind::Street))
            .map(|u| (u.id(), u.kind(), u.is_agricultural()))
            .collect();
        let Some(&(core, _, _)) = towns.first() else {
            continue;
        };
        let mut bc = BigCommittee::new(
            format!("{}区域化大党委", h.unit(county)?.name()),
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
                service_center: Some(ServiceCenter {
                    area_m2: rng.between(300, 3_000),
                }),
                ..Details::default()
            };
            h.set_details(t, details)?;
            let founded = day(&mut rng);
            let temp = TemporaryOrg::new(
                format!("{}乡村振兴临时党支部", h.unit(t)?.name()),
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
mod tests {
    use super::*;

    #[test]
    fn same_spec_same_hierarchy() {
        let spec = NationalSpec::scaled(0.0003);
        let a = national(&spec);
        let b = national(&spec);
        assert_eq!(a, b);
        let other = national(&NationalSpec {
            seed: 7,
            ..spec.clone()
        });
        assert_ne!(a, other);
    }

    #[test]
    fn shape_follows_the_national_proportions() {
        let spec = NationalSpec::scaled(0.001);
        let h = national(&spec);
        let count = |k: UnitKind| h.units().filter(|u| u.kind() == k).count() as u64;
        assert_eq!(count(UnitKind::District), spec.count(counts::COUNTIES));
        assert_eq!(
            count(UnitKind::Town) + count(UnitKind::Street),
            spec.count(counts::TOWNS)
        );
        assert_eq!(
            count(UnitKind::Village) + count(UnitKind::Community),
            spec.count(counts::VILLAGES)
        );
        let coops = count(UnitKind::EconomicCoop) as f64;
        let per_village = coops / spec.count(counts::VILLAGES) as f64;
        assert!((6.5..8.5).contains(&per_village), "{per_village}");
        assert!(h.is_well_placed());
        // Every generated code extends its parent's code.
        for u in h.units() {
            if let (Some(c), Some(p)) = (u.code(), u.parent().and_then(|p| p.code())) {
                assert!(c.extends(p), "{c} under {p}");
                assert!(
                    u.kind()
                        .agrees_with(c.nbs_type().unwrap_or(crate::NbsType::Other))
                        || c.nbs_type().is_none()
                );
            }
        }
    }

    #[test]
    fn codes_number_streets_then_towns_communities_then_villages() {
        let spec = NationalSpec::scaled(0.001);
        let h = national(&spec);
        let count = |k: UnitKind| h.units().filter(|u| u.kind() == k).count() as u64;
        assert_eq!(count(UnitKind::Street), spec.count(counts::STREETS));
        assert_eq!(count(UnitKind::Community), spec.count(counts::COMMUNITIES));
        let mut names = std::collections::HashSet::new();
        for county in h.units().filter(|u| u.kind() == UnitKind::District) {
            // Streets from 001, towns from 100 (the NBS township ranges).
            let segments: Vec<(UnitKind, u64)> = h
                .children(county.id())
                .unwrap()
                .map(|t| (t.kind(), t.code().unwrap().get() / 1_000 % 1_000))
                .collect();
            let first_town = segments.iter().find(|s| s.0 == UnitKind::Town);
            assert_eq!(first_town.map(|s| s.1), Some(100), "{segments:?}");
            assert_eq!(segments[0], (UnitKind::Street, 1));
            for town in h.children(county.id()).unwrap() {
                // Communities from 001, villages from 200.
                let villages: Vec<(UnitKind, u64)> = h
                    .children(town.id())
                    .unwrap()
                    .map(|v| (v.kind(), v.code().unwrap().get() % 1_000))
                    .collect();
                if let Some(v) = villages.iter().find(|v| v.0 == UnitKind::Village) {
                    assert_eq!(v.1, 200, "{villages:?}");
                }
                for v in h.children(town.id()).unwrap() {
                    assert!(names.insert(v.name()), "{} twice", v.name());
                }
            }
        }
    }

    #[test]
    fn counties_spread_over_every_city() {
        let spec = NationalSpec::scaled(0.005);
        let h = national(&spec);
        let cities: Vec<_> = h.units().filter(|u| u.kind() == UnitKind::City).collect();
        assert_eq!(cities.len() as u64, spec.count(counts::CITIES));
        assert!(cities.len() >= 2);
        let names: std::collections::HashSet<&str> = cities.iter().map(|c| c.name()).collect();
        assert_eq!(names.len(), cities.len());
        for c in &cities {
            let counties = h.children(c.id()).unwrap().count() as u64;
            let even = spec.count(counts::COUNTIES) / cities.len() as u64;
            assert!(
                (even..=even + 1).contains(&counties),
                "{}: {counties}",
                c.name()
            );
        }
    }

    #[test]
    fn committees_are_elected_from_seven_full_members_sized_by_form() {
        let h = national(&NationalSpec::scaled(0.0005));
        let mut sizes = std::collections::HashSet::new();
        for u in h.units() {
            let want = match (u.party_form(), u.members().full) {
                (_, 0..=6) | (None, _) => None,
                (Some(PartyForm::Committee), _) => Some(7),
                (Some(PartyForm::GeneralBranch), _) => Some(5),
                (Some(_), _) => Some(3),
            };
            assert_eq!(u.committee_size(), want, "{} {:?}", u.name(), u.members());
            sizes.insert(want);
        }
        assert_eq!(sizes.len(), 4, "{sizes:?}");
    }

    #[test]
    fn extras_follow_their_documented_shape() {
        let spec = NationalSpec::scaled(0.0005);
        let h = national(&spec);
        for t in h
            .units()
            .filter(|u| matches!(u.kind(), UnitKind::Town | UnitKind::Street))
        {
            let term = t.details().org.as_ref().and_then(|o| o.term).unwrap();
            assert!(
                [spec.year - 1, spec.year - 2].contains(&chrono::Datelike::year(&term.elected)),
                "{term:?}"
            );
        }
        for (_, r) in h.records() {
            if let RecordKind::JointMeeting {
                matters,
                problems_solved,
            } = r.kind
            {
                assert!(problems_solved >= matters, "{r:?}");
            }
        }
        for county in h.units().filter(|u| u.kind() == UnitKind::District) {
            let towns: Vec<UnitId> = h.children(county.id()).unwrap().map(|t| t.id()).collect();
            let committees: Vec<_> = h
                .big_committees_of(towns[0])
                .unwrap()
                .filter(|(_, rel)| *rel == crate::Relation::BasedIn)
                .collect();
            assert_eq!(committees.len(), 1, "{}", county.name());
            let members = committees[0]
                .0
                .links()
                .filter(|(rel, _)| *rel == crate::Relation::Member)
                .count();
            assert_eq!(members, (towns.len() - 1).min(4));
        }
    }

    #[test]
    fn probationary_members_stay_a_tenth_of_full_ones() {
        let h = national(&NationalSpec::scaled(0.0005));
        let mut seen_probationary = false;
        for u in h.units() {
            let m = u.members();
            assert!(m.probationary <= m.full / 10 + 1, "{:?} {m:?}", u.name());
            seen_probationary |= m.probationary > 0;
        }
        assert!(seen_probationary);
    }

    #[test]
    fn every_town_and_street_has_a_term_and_a_service_center() {
        let h = national(&NationalSpec::scaled(0.0005));
        let towns: Vec<_> = h
            .units()
            .filter(|u| matches!(u.kind(), UnitKind::Town | UnitKind::Street))
            .collect();
        assert!(!towns.is_empty());
        for t in towns {
            let d = t.details();
            assert!(d.service_center.is_some(), "{}", t.name());
            assert!(
                d.org.as_ref().and_then(|o| o.term).is_some(),
                "{}",
                t.name()
            );
        }
    }

    #[test]
    fn a_scale_that_is_not_a_fraction_builds_one_of_each() {
        for scale in [f64::INFINITY, f64::NAN, -1.0, 0.0] {
            let spec = NationalSpec::scaled(scale);
            assert_eq!(spec.count(counts::VILLAGES), 1, "{scale}");
        }
        assert_eq!(
            NationalSpec::scaled(2.0).count(counts::TOWNS),
            counts::TOWNS
        );
    }

    #[test]
    fn populate_adds_coops_under_real_divisions() {
        let mut h = Hierarchy::new();
        let d = h
            .add_unit(
                None,
                Unit::new(UnitKind::District, "白云区").with_code(code(440111000000)),
            )
            .unwrap();
        let s = h
            .add_unit(
                Some(d),
                Unit::new(UnitKind::Street, "均禾街道").with_code(code(440111013000)),
            )
            .unwrap();
        let more: Vec<UnitId> = ["松洲街道", "景泰街道"]
            .iter()
            .map(|n| {
                h.add_unit(Some(d), Unit::new(UnitKind::Street, *n))
                    .unwrap()
            })
            .collect();
        let t = h
            .add_unit(Some(d), Unit::new(UnitKind::Town, "人和镇").agricultural())
            .unwrap();
        let v = h
            .add_unit(Some(t), Unit::new(UnitKind::Village, "凤和村委会"))
            .unwrap();
        populate(&mut h, &NationalSpec::default()).unwrap();
        let coops = h.children(v).unwrap().count();
        assert!((4..=11).contains(&coops), "{coops}");
        assert!(h.unit(v).unwrap().members().full >= 15);
        // "1+3": the agricultural town is paired with the county's three streets.
        let pairs: Vec<(UnitId, UnitId)> = h.pairings().map(|p| (p.2, p.3)).collect();
        assert_eq!(pairs, vec![(t, s), (t, more[0]), (t, more[1])]);
        assert!(h.orgs().any(|o| o.form() == crate::OrgForm::Temporary));
    }
}
