//! The national workload (../shared/BENCH.md): builds the nation (or `--scale F` of it),
//! validates it, rolls it up, and prints one line of `key=value` figures.
//!
//! ```sh
//! cargo run --release --example national                 # the whole nation, ~5.3 M units
//! cargo run --release --example national -- --scale 0.1  # a tenth of it
//! cargo run --release --example national -- --nbs ../shared/data/china-divisions.csv.gz
//! cargo run --release --example national -- --csv /tmp/units.csv   # for the SQLite peer
//! ```
//!
//! Figures: `units`; `generate_s` (the synthetic or NBS-based hierarchy); `build_s` (the
//! flat units table read back into a hierarchy, layout included); `bare_parse_s` (the same
//! file parsed into bare arrays); `validate_s`; `rollup_all_s` (every unit's subtree member
//! total, by `fold_all`); `bare_pass_s` (a `Vec<u32>` of pre-order parents and a `Vec<u64>`
//! of members summed in one reverse pass: the limit); `rollup_district_s` (one county's
//! full totals, fresh); `update_read_s` (one unit's members changed, then the root's
//! totals read); `bytes_per_unit` (peak resident memory over units).

use std::path::PathBuf;
use std::time::Instant;

use partyorg::generate::{NationalSpec, national};
use partyorg::rollup::Sum;
use partyorg::{Hierarchy, Members, Period, UnitId, UnitKind};

fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The limit of BENCH.md: parents in pre-order, members, one reverse pass.
fn bare_pass(parents: &[u32], members: &[u64]) -> (f64, u64) {
    let t = Instant::now();
    let mut totals = members.to_vec();
    for i in (1..totals.len()).rev() {
        let p = parents[i];
        if p != u32::MAX {
            totals[p as usize] += totals[i];
        }
    }
    let secs = t.elapsed().as_secs_f64();
    (secs, totals[0])
}

struct Args {
    spec: NationalSpec,
    csv: Option<PathBuf>,
}

fn args() -> Result<Args, String> {
    let mut out = Args {
        spec: NationalSpec::default(),
        csv: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--scale" => {
                let v = value()?;
                out.spec.scale = v
                    .parse()
                    .ok()
                    .filter(|s: &f64| *s > 0.0 && *s <= 1.0)
                    .ok_or(format!("--scale takes a number in (0, 1], not {v:?}"))?;
            }
            "--seed" => {
                let v = value()?;
                out.spec.seed = v
                    .parse()
                    .map_err(|_| format!("--seed takes an integer, not {v:?}"))?;
            }
            "--csv" => out.csv = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(out)
}

fn main() {
    let args = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("national: {e}");
            std::process::exit(2);
        }
    };
    let t = Instant::now();
    let mut h: Hierarchy = national(&args.spec);
    let generate = t.elapsed().as_secs_f64();
    let units = h.len();
    let phase = |name: &str| {
        if std::env::var_os("PARTYORG_PHASES").is_some() {
            eprintln!(
                "phase={name} peak_bytes_per_unit={:.1}",
                peak_rss_bytes().unwrap_or(0) as f64 / units as f64
            );
        }
    };
    phase("generate");

    let t = Instant::now();
    let tree = h.layout().len();
    let layout = t.elapsed().as_secs_f64();
    phase("layout");

    // The bare arrays of the same tree, in the same pre-order.
    let root = h.roots().next().map(|r| r.id()).unwrap_or(UnitId(0));
    // Positions by id: the generator's ids are dense.
    let max_id = h.units().map(|u| u.id().0).max().unwrap_or(0) as usize;
    let mut pos = vec![u32::MAX; max_id + 1];
    let mut parents = Vec::with_capacity(tree);
    let mut members = Vec::with_capacity(tree);
    for r in h.roots() {
        for u in h.subtree(r.id()).expect("a root") {
            pos[u.id().0 as usize] = parents.len() as u32;
            parents.push(u.parent().map_or(u32::MAX, |p| pos[p.id().0 as usize]));
            members.push(u64::from(u.members().full));
        }
    }
    drop(pos);
    let (bare, bare_total) = bare_pass(&parents, &members);
    drop((parents, members));
    phase("bare");

    let t = Instant::now();
    let all = h
        .fold_all(|u| Sum(u64::from(u.members().full)))
        .expect("sums of u32 over a tree fit in u64");
    let rollup_all = t.elapsed().as_secs_f64();
    let root_total = all.get(root).map_or(0, |s| s.0);
    drop(all);
    phase("rollup_all");

    let county = h
        .units()
        .find(|u| u.kind() == UnitKind::District)
        .map(|u| u.id())
        .unwrap_or(root);
    // Warm the derived record index with another county, then time this one fresh.
    let warm = h
        .units()
        .filter(|u| u.kind() == UnitKind::District)
        .map(|u| u.id())
        .nth(1)
        .unwrap_or(county);
    let _ = h.totals(warm, &Period::year(args.spec.year));
    let t = Instant::now();
    let district = h
        .totals(county, &Period::year(args.spec.year))
        .expect("a county of the tree");
    let rollup_district = t.elapsed().as_secs_f64();

    let some_coop = h
        .subtree(county)
        .expect("a county")
        .find(|u| u.kind() == UnitKind::EconomicCoop)
        .map(|u| u.id())
        .unwrap_or(county);
    let year = Period::year(args.spec.year);
    let t = Instant::now();
    let before = h.totals(root, &year).expect("the root").full_members;
    let rollup_root = t.elapsed().as_secs_f64();
    let old = h.unit(some_coop).expect("a unit").members();
    let t = Instant::now();
    h.set_members(some_coop, Members::new(old.full + 42, old.probationary))
        .expect("a unit");
    let after = h.totals(root, &year).expect("the root").full_members;
    let update_read = t.elapsed().as_secs_f64();
    assert_eq!(after, before + 42, "the kept totals follow the change");

    if let Some(path) = &args.csv {
        eprintln!(
            "national: --csv {} is not written by this build",
            path.display()
        );
    }
    println!(
        "units={units} tree={tree} generate_s={generate:.3} layout_s={layout:.3} \
         rollup_all_s={rollup_all:.4} bare_pass_s={bare:.4} rollup_ratio={:.2} \
         rollup_district_s={rollup_district:.6} district_units={} rollup_root_s={rollup_root:.3} \
         update_read_s={update_read:.7} root_full={root_total} bare_root_full={bare_total} \
         bytes_per_unit={:.1}",
        rollup_all / bare,
        district.units,
        peak_rss_bytes().unwrap_or(0) as f64 / units as f64
    );
}
