//! The national workload at small scales: the generator's bulletin figures as the rollups
//! find them, the rollup memo's cap and eviction, the all-subtrees folds of both trees,
//! and readers on several threads. Nothing here is timed.

use std::sync::Arc;

use chrono::NaiveDate;
use partyorg::generate::{Figures, NationalSpec, bulletin, national};
use partyorg::rollup::{MEMO_CAPACITY, Period, Sum};
use partyorg::{Hierarchy, Members, OrgForm, Policy, Record, RecordKind, UnitId, UnitKind};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A window of a year and a little, starting `i` days after 2020-01-01.
fn window(i: u64) -> Period {
    let start = d(2020, 1, 1) + chrono::Days::new(i);
    Period::new(start, start + chrono::Days::new(365 + i % 5)).unwrap()
}

#[test]
fn the_generator_reproduces_the_bulletin_at_a_small_scale() {
    let scale = 0.004;
    let h = national(&NationalSpec::scaled(scale));
    let f = Figures::of(&h, d(2023, 12, 31)).unwrap();
    // Forms and sectors are quotas: exact up to rounding. Members are drawn: within 1 %.
    for (key, got) in f.pairs() {
        let want = Figures::bulletin()
            .pairs()
            .iter()
            .find(|p| p.0 == key)
            .unwrap()
            .1 as f64
            * scale;
        let tolerance = if key == "members" { 0.01 } else { 0.002 };
        assert!(
            (got as f64 - want).abs() <= want * tolerance + 1.0,
            "{key}: {got} against {want:.0}"
        );
    }
    // Proportions: the bulletin's shares of forms and sectors.
    let share = |x: u64| x as f64 / f.orgs as f64;
    let want = |x: u64| x as f64 / bulletin::ORGS as f64;
    for (got, w) in [
        (f.committees, bulletin::COMMITTEES),
        (f.general_branches, bulletin::GENERAL_BRANCHES),
        (f.branches, bulletin::BRANCHES),
        (f.organ_orgs, bulletin::ORGAN_ORGS),
        (f.enterprise_orgs, bulletin::ENTERPRISE_ORGS),
    ] {
        assert!((share(got) - want(w)).abs() < 0.002, "{got} of {}", f.orgs);
    }
    let per_org = f.members as f64 / f.orgs as f64;
    let want_per_org = bulletin::MEMBERS as f64 / bulletin::ORGS as f64;
    assert!((per_org / want_per_org - 1.0).abs() < 0.01, "{per_org}");
    // Coverage above 99.9 % for every kind of place (but for one place of rounding at
    // this scale).
    let covered = [
        f.streets_covered,
        f.towns_covered,
        f.communities_covered,
        f.villages_covered,
    ];
    for (c, all) in covered.iter().zip(f.places) {
        assert!(
            *c as f64 >= 0.999 * all as f64 - 1.0 && *c <= all,
            "{c} of {all}"
        );
    }
    // The same organizations counted by place (over the place tree) as over the 隶属 tree.
    let mut by_place = (0u64, 0u64);
    for r in h.roots() {
        let t = h.orgs_within(r.id()).unwrap();
        by_place.0 += t.of_form(OrgForm::Committee)
            + t.of_form(OrgForm::GeneralBranch)
            + t.of_form(OrgForm::Branch);
        by_place.1 += t.members();
    }
    assert_eq!(by_place, (f.orgs, f.members));
    // And the nation is valid.
    let report = h.validate(&Policy::default(), d(2023, 12, 31));
    assert_eq!(report.errors(), 0, "{:?}", report.violations().first());
}

#[test]
fn the_full_coverage_figures_include_the_few_places_without_an_organization() {
    // At scale 0.05 a street, a town, three communities and twelve villages lack one.
    let spec = NationalSpec::scaled(0.05);
    let h = national(&spec);
    let f = Figures::of(&h, d(2023, 12, 31)).unwrap();
    assert_eq!(
        f.places.iter().sum::<u64>()
            - f.streets_covered
            - f.towns_covered
            - f.communities_covered
            - f.villages_covered,
        1 + 1 + 3 + 12
    );
    let (worst, dev) = f.worst_deviation(0.05);
    assert!(dev < 0.002, "{worst}: {dev}");
}

/// A small nation with records on many dates: every window's totals differ.
fn small_nation() -> (Hierarchy, UnitId) {
    let mut h = national(&NationalSpec::scaled(0.0003));
    let town = h
        .units()
        .find(|u| u.kind() == UnitKind::Town)
        .map(|u| u.id())
        .unwrap();
    for i in 0..200u64 {
        let day = d(2020, 1, 1) + chrono::Days::new(i * 7);
        h.add_record(Record::new(
            town,
            day,
            RecordKind::Activity {
                participants: i as u32,
            },
        ))
        .unwrap();
    }
    (h, town)
}

#[test]
fn the_memo_never_holds_more_than_its_cap_and_stays_right_after_eviction() {
    let (h, town) = small_nation();
    let county = h.parent(town).unwrap().unwrap().id();
    let n = MEMO_CAPACITY as u64 + 1_500;
    for i in 0..n {
        let root = if i % 3 == 0 { county } else { town };
        let t = h.totals(root, &window(i)).unwrap();
        assert!(
            h.rollup_memo_len() <= MEMO_CAPACITY,
            "{}",
            h.rollup_memo_len()
        );
        if i % 97 == 0 {
            assert_eq!(t, h.totals_uncached(root, &window(i)).unwrap(), "{i}");
        }
    }
    assert!(h.rollup_memo_len() > MEMO_CAPACITY / 2);
    // Early windows were evicted or kept: either way the answers are right.
    for i in (0..n).step_by(13) {
        for root in [town, county] {
            assert_eq!(
                h.totals(root, &window(i)).unwrap(),
                h.totals_uncached(root, &window(i)).unwrap(),
                "{i}"
            );
        }
    }
    assert!(h.rollup_memo_len() <= MEMO_CAPACITY);
}

#[test]
fn a_full_memo_keeps_what_is_read_often() {
    let (h, town) = small_nation();
    let hot = Period::year(2023);
    h.totals(town, &hot).unwrap();
    for i in 0..(3 * MEMO_CAPACITY as u64) {
        h.totals(town, &window(i)).unwrap();
        // Read between insertions: its second chance is renewed every time.
        h.totals(town, &hot).unwrap();
    }
    assert!(h.rollup_memo_len() <= MEMO_CAPACITY);
    assert_eq!(
        h.totals(town, &hot).unwrap(),
        h.totals_uncached(town, &hot).unwrap()
    );
}

#[test]
fn changes_after_eviction_keep_the_memo_right() {
    let (mut h, town) = small_nation();
    let county = h.parent(town).unwrap().unwrap().id();
    let coop = h
        .subtree(town)
        .unwrap()
        .map(|v| v.unit)
        .find(|u| u.kind() == UnitKind::EconomicCoop)
        .unwrap()
        .id();
    for i in 0..(MEMO_CAPACITY as u64 + 500) {
        h.totals(county, &window(i)).unwrap();
    }
    h.set_members(coop, Members::new(77, 7)).unwrap();
    let id = h
        .add_record(Record::new(
            coop,
            d(2021, 6, 1),
            RecordKind::Training { person_times: 40 },
        ))
        .unwrap();
    for i in (0..(MEMO_CAPACITY as u64 + 500)).step_by(61) {
        assert_eq!(
            h.totals(county, &window(i)).unwrap(),
            h.totals_uncached(county, &window(i)).unwrap()
        );
    }
    h.remove_record(id).unwrap();
    for i in (0..(MEMO_CAPACITY as u64 + 500)).step_by(59) {
        assert_eq!(
            h.totals(county, &window(i)).unwrap(),
            h.totals_uncached(county, &window(i)).unwrap()
        );
    }
    assert!(h.rollup_memo_len() <= MEMO_CAPACITY);
}

/// The units of the place tree, in pre-order.
fn tree_units(h: &Hierarchy) -> Vec<UnitId> {
    h.roots()
        .flat_map(|r| h.subtree(r.id()).unwrap().map(|v| v.unit).map(|u| u.id()))
        .collect()
}

#[test]
fn two_threads_read_one_hierarchy() {
    fn shared<T: Send + Sync>() {}
    shared::<Hierarchy>();
    let (h, _) = small_nation();
    let units = tree_units(&h);
    let h = Arc::new(h);
    let units = Arc::new(units);
    let workers: Vec<_> = (0..2)
        .map(|k| {
            let (h, units) = (Arc::clone(&h), Arc::clone(&units));
            std::thread::spawn(move || {
                for (i, &u) in units.iter().enumerate().skip(k).step_by(3) {
                    let p = window(i as u64 % 50);
                    assert_eq!(h.totals(u, &p).unwrap(), h.totals_uncached(u, &p).unwrap());
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    assert!(h.rollup_memo_len() <= MEMO_CAPACITY);
}

#[test]
fn the_all_subtrees_folds_agree_with_the_subtree_totals_of_both_trees() {
    let h = national(&NationalSpec::scaled(0.0003));
    let places = h.fold_all(|u| Sum(u.members().total())).unwrap();
    for u in tree_units(&h).into_iter().step_by(17) {
        let want = h.fold_subtree(u, |v| Sum(v.members().total())).unwrap();
        assert_eq!(places.get(u), Some(&want));
    }
    let orgs = h.fold_all_orgs(|o| Sum(o.members().total())).unwrap();
    assert_eq!(orgs.len(), h.org_count());
    for o in h.orgs().step_by(7) {
        let want = h.org_totals(o.id()).unwrap().members();
        assert_eq!(orgs.get(o.id()), Some(&Sum(want)), "{}", o.name());
    }
}
