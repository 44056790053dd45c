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
//! followed by a re-read of the root's totals. The nation is measured by `examples/national.rs`.
//!
//! `cargo bench --bench hierarchy`

use std::hint::black_box;
use std::path::PathBuf;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use partyorg::generate::{NationalSpec, populate};
use partyorg::interchange::{json, nbs, table};
use partyorg::rollup::Sum;
use partyorg::{Hierarchy, Members, Period, Policy, UnitId, UnitKind};

const GUANGZHOU: &str = include_str!("../tests/fixtures/guangzhou-divisions.csv");

fn city() -> Hierarchy {
    let mut h = nbs::load_reader(GUANGZHOU.as_bytes(), std::path::Path::new("guangzhou.csv"))
        .expect("the Guangzhou fixture loads");
    populate(&mut h, &NationalSpec::default()).expect("populating the city");
    h
}

/// Pre-order parents and members of the standing forest, for the bare pass.
fn bare_arrays(h: &Hierarchy) -> (Vec<u32>, Vec<u64>) {
    let max = h.units().map(|u| u.id().0).max().unwrap_or(0) as usize;
    let mut pos = vec![u32::MAX; max + 1];
    let (mut parents, mut members) = (Vec::new(), Vec::new());
    for r in h.roots() {
        for u in h.subtree(r.id()).expect("a root") {
            pos[u.id().0 as usize] = parents.len() as u32;
            parents.push(u.parent().map_or(u32::MAX, |p| pos[p.id().0 as usize]));
            members.push(u64::from(u.members().full));
        }
    }
    (parents, members)
}

fn bare_pass(parents: &[u32], members: &[u64]) -> u64 {
    let mut totals = members.to_vec();
    for i in (0..totals.len()).rev() {
        let p = parents[i];
        if p != u32::MAX {
            totals[p as usize] += totals[i];
        }
    }
    totals[0]
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
    let (parents, members) = bare_arrays(&h);

    let mut g = c.benchmark_group(name);
    g.sample_size(20);
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

criterion_group!(benches, district, city_size);
criterion_main!(benches);
