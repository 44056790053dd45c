use super::*;
use crate::hierarchy::OrgLink;

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
        spec.count(shape::STREETS) + spec.count(shape::TOWNS)
    );
    let villages = spec.count(shape::COMMUNITIES) + spec.count(shape::VILLAGES);
    assert_eq!(
        count(UnitKind::Village) + count(UnitKind::Community),
        villages
    );
    let coops = count(UnitKind::EconomicCoop) as f64;
    let per_village = coops / villages as f64;
    assert!((1.7..2.3).contains(&per_village), "{per_village}");
    assert!(h.is_well_placed());
    // Every generated code extends its parent's code.
    for u in h.units() {
        if let (Some(c), Some(p)) = (u.code(), u.parent().and_then(|p| p.code())) {
            assert!(c.extends(p), "{c} under {p}");
            assert!(
                u.kind()
                    .agrees_with(c.nbs_type().unwrap_or(crate::code::NbsType::Other))
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
    assert_eq!(count(UnitKind::Street), spec.count(shape::STREETS));
    assert_eq!(count(UnitKind::Community), spec.count(shape::COMMUNITIES));
    let mut names = std::collections::HashSet::new();
    for county in h.units().filter(|u| u.kind() == UnitKind::District) {
        // Streets from 001, towns from 100 (the NBS township ranges).
        let segments: Vec<(UnitKind, u64)> = h
            .children(county.id())
            .unwrap()
            .filter(|t| matches!(t.kind(), UnitKind::Town | UnitKind::Street))
            .map(|t| (t.kind(), t.code().unwrap().get() / 1_000 % 1_000))
            .collect();
        let first_town = segments.iter().find(|s| s.0 == UnitKind::Town);
        assert_eq!(first_town.map(|s| s.1), Some(100), "{segments:?}");
        assert_eq!(segments[0], (UnitKind::Street, 1));
        let places = |u: UnitId| {
            h.children(u).unwrap().filter(|v| {
                matches!(
                    v.kind(),
                    UnitKind::Town | UnitKind::Street | UnitKind::Village | UnitKind::Community
                )
            })
        };
        for town in places(county.id()) {
            // Communities from 001, villages from 200.
            let villages: Vec<(UnitKind, u64)> = places(town.id())
                .map(|v| (v.kind(), v.code().unwrap().get() % 1_000))
                .collect();
            if let Some(v) = villages.iter().find(|v| v.0 == UnitKind::Village) {
                assert_eq!(v.1, 200, "{villages:?}");
            }
            for v in places(town.id()) {
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
        let towns: Vec<UnitId> = h
            .children(county.id())
            .unwrap()
            .filter(|t| matches!(t.kind(), UnitKind::Town | UnitKind::Street))
            .map(|t| t.id())
            .collect();
        let committees: Vec<_> = h
            .big_committees_of(towns[0])
            .unwrap()
            .filter(|l| l.relation == crate::Relation::BasedIn)
            .collect();
        assert_eq!(committees.len(), 1, "{}", county.name());
        let members = committees[0]
            .org
            .links()
            .filter(|OrgLink { relation: rel, .. }| *rel == crate::Relation::Member)
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
    assert!((1..=3).contains(&coops), "{coops}");
    assert!(h.unit(v).unwrap().members().full >= 9);
    assert!(h.unit(v).unwrap().party_form().is_some());
    // "1+3": the agricultural town is paired with the county's three streets.
    let pairs: Vec<(UnitId, UnitId)> = h.pairings().map(|p| (p.from, p.to)).collect();
    assert_eq!(pairs, vec![(t, s), (t, more[0]), (t, more[1])]);
    assert!(h.orgs().any(|o| o.form() == crate::OrgForm::Temporary));
}
