//! Criterion benchmarks at the district and city sizes: build, load, validate, totals,
//! all-subtree rollups beside the bare parent-array pass, update and read.
//!
//! - district: the embedded Baiyun 2023 dataset (~2,300 units with organizations outside
//!   the tree, pairings and ~20,000 records);
//! - city: the real Guangzhou divisions (tests/fixtures) with synthetic co-ops, members,
//!   organizations and records (~25,000 units).
//!
//! Each group times: build (the dataset, and loads from JSON and from CSV tables), validate,
//! one subtree's totals (fresh), all subtrees (member totals by `fold_all`, beside the bare
//! parent-array pass over the same units: the limit of such a rollup), and one update
//! followed by a re-read of the root's totals.
//!
//! - nation: a hundredth of the synthetic nation (`generate::national`, shaped as the 2023
//!   party statistics bulletin counts it: about 106,000 units and organizations), for the
//!   all-subtrees member folds of the place tree and of the organization tree (each
//!   beside its bare parent-array pass), one county's totals (fresh), a dashboard of
//!   many date windows through the bounded memo (beside the same queries uncached), and
//!   the totals of every county read by one thread and by two threads sharing an
//!   `Arc<Hierarchy>`.
//!
//! The whole nation is measured by `examples/national.rs`. Runs are kept short (few
//! samples, short measurement times): compare ratios of lines of one run.
//!
//! `cargo bench --bench hierarchy`

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use partyorg::generate::{NationalSpec, national, populate};
use partyorg::interchange::{json, nbs, table};
use partyorg::rollup::Sum;
use partyorg::{Hierarchy, Members, Period, Policy, UnitId, UnitKind};

#[path = "support/bare.rs"]
mod bare;
use bare::{bare_pass, org_arrays, place_arrays};

const GUANGZHOU: &str = include_str!("../tests/fixtures/guangzhou-divisions.csv");

fn city() -> Hierarchy {
    let mut h = nbs::load_reader(GUANGZHOU.as_bytes(), std::path::Path::new("guangzhou.csv"))
        .expect("the Guangzhou fixture loads");
    populate(&mut h, &NationalSpec::default()).expect("populating the city");
    h
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("partyorg-bench-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

fn bench_size(c: &mut Criterion, name: &str, make: fn() -> Hierarchy) {
    let h = make();
    let year = Period::year(2023);
    let as_of = NaiveDate::from_ymd_opt(2023, 12, 31).expect("a date");
    let root = h.roots().next().expect("a root").id();
    let town = h
        .units()
        .find(|u| matches!(u.kind(), UnitKind::Town | UnitKind::Street))
        .expect("a town")
        .id();
    let coop: UnitId = h
        .units()
        .find(|u| u.kind() == UnitKind::EconomicCoop)
        .expect("a co-op")
        .id();
    let snapshot = json::to_string(&h);
    let dir = scratch(name);
    table::save_dir(&h, &dir).expect("the tables are written");
    let (parents, members) = place_arrays(&h);

    let mut g = c.benchmark_group(name);
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    g.bench_function("build", |b| b.iter(|| black_box(make())));
    g.bench_function("load_json", |b| {
        b.iter(|| black_box(json::from_str(&snapshot).expect("loads")))
    });
    g.bench_function("load_csv", |b| {
        b.iter(|| black_box(table::load_dir(&dir).expect("loads")))
    });
    g.bench_function("validate", |b| {
        b.iter(|| black_box(h.validate(&Policy::default(), as_of)))
    });
    g.bench_function("rollup_town_fresh", |b| {
        b.iter(|| black_box(h.totals_uncached(town, &year).expect("a town")))
    });
    g.bench_function("rollup_root_fresh", |b| {
        b.iter(|| black_box(h.totals_uncached(root, &year).expect("the root")))
    });
    g.bench_function("rollup_all_members", |b| {
        b.iter(|| {
            black_box(
                h.fold_all(|u| Sum(u64::from(u.members().full)))
                    .expect("fits"),
            )
        })
    });
    g.bench_function("bare_pass", |b| {
        b.iter(|| black_box(bare_pass(&parents, &members)))
    });
    let mut updated = h.clone();
    updated.totals(root, &year).expect("the root");
    let mut n = 0u32;
    g.bench_function("update_then_read_root", |b| {
        b.iter(|| {
            n = n.wrapping_add(1) % 1000;
            updated
                .set_members(coop, Members::new(n, 0))
                .expect("a co-op");
            black_box(updated.totals(root, &year).expect("the root").full_members)
        })
    });
    g.finish();
    std::fs::remove_dir_all(&dir).ok();
}

fn district(c: &mut Criterion) {
    bench_size(c, "district", partyorg::baiyun::baiyun_2023);
}

fn city_size(c: &mut Criterion) {
    bench_size(c, "city", city);
}

/// The year's totals of `units`, `per_thread` queries on each of `threads` threads.
fn read_totals(h: &Arc<Hierarchy>, units: &Arc<Vec<UnitId>>, threads: usize, per_thread: usize) {
    let year = Period::year(2023);
    let workers: Vec<_> = (0..threads)
        .map(|k| {
            let (h, units) = (Arc::clone(h), Arc::clone(units));
            std::thread::spawn(move || {
                let n = units.len();
                (0..per_thread)
                    .map(|i| {
                        let u = units[(i + k * n / 2) % n];
                        h.totals(u, &year).map_or(0, |t| t.units)
                    })
                    .sum::<u64>()
            })
        })
        .collect();
    for w in workers {
        black_box(w.join().expect("a reader"));
    }
}

fn nation(c: &mut Criterion) {
    let h = national(&NationalSpec::scaled(0.01));
    let year = Period::year(2023);
    let counties: Vec<UnitId> = h
        .units()
        .filter(|u| u.kind() == UnitKind::District)
        .map(|u| u.id())
        .collect();
    let county = counties[0];
    let (parents, members) = place_arrays(&h);
    let (org_parents, org_members) = org_arrays(&h);
    let base = NaiveDate::from_ymd_opt(1990, 1, 1).expect("a date");
    let windows: Vec<Period> = (0..2_000u64)
        .map(|i| {
            let start = base + chrono::Days::new(i);
            Period::new(start, start + chrono::Days::new(365)).expect("a window")
        })
        .collect();

    let mut g = c.benchmark_group("nation");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    g.bench_function("fold_all_places", |b| {
        b.iter(|| {
            black_box(
                h.fold_all(|u| Sum(u64::from(u.members().full)))
                    .expect("fits"),
            )
        })
    });
    g.bench_function("bare_pass_places", |b| {
        b.iter(|| black_box(bare_pass(&parents, &members)))
    });
    g.bench_function("fold_all_orgs", |b| {
        b.iter(|| {
            black_box(
                h.fold_all_orgs(|o| Sum(u64::from(o.members().full)))
                    .expect("fits"),
            )
        })
    });
    g.bench_function("bare_pass_orgs", |b| {
        b.iter(|| black_box(bare_pass(&org_parents, &org_members)))
    });
    g.bench_function("county_totals_fresh", |b| {
        b.iter(|| black_box(h.totals_uncached(county, &year).expect("a county")))
    });
    // A dashboard: 2,000 distinct date windows of one county, through the memo (which
    // evicts past its cap) and afresh.
    g.bench_function("dashboard_windows_memo", |b| {
        b.iter(|| {
            for w in &windows {
                black_box(h.totals(county, w).expect("a county"));
            }
        })
    });
    g.bench_function("dashboard_windows_uncached", |b| {
        b.iter(|| {
            for w in &windows {
                black_box(h.totals_uncached(county, w).expect("a county"));
            }
        })
    });
    let shared = Arc::new(h.clone());
    let readers = Arc::new(counties);
    read_totals(&shared, &readers, 1, readers.len());
    g.bench_function("read_totals_1_thread", |b| {
        b.iter(|| read_totals(&shared, &readers, 1, 20_000))
    });
    // The same 20,000 queries shared by two threads: the time's ratio is the speed-up.
    g.bench_function("read_totals_2_threads", |b| {
        b.iter(|| read_totals(&shared, &readers, 2, 10_000))
    });
    g.finish();
}

criterion_group!(benches, district, city_size, nation);
criterion_main!(benches);
