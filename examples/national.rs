//! The national workload: builds the nation (or `--scale F` of it),
//! validates it, rolls it up, and prints one line of `key=value` figures.
//!
//! ```sh
//! cargo run --release --example national                 # the whole nation, ~5.3 M units
//! cargo run --release --example national -- --scale 0.1  # a tenth of it
//! cargo run --release --example national -- --nbs china-divisions.csv.gz  # NBS 2023 divisions
//! cargo run --release --example national -- --csv /tmp/units.csv   # for the SQLite peer
//! ```
//!
//! Figures, in one line: `units`; `generate_s` (the synthetic hierarchy); `write_csv_s` (the
//! folder of CSV tables written); `build_s` (the flat `units.csv` read back into a
//! hierarchy, structural checks included); `bare_parse_s` (the same file parsed into bare
//! arrays: the limit of a reader) and `build_ratio`; `load_dir_s` (the whole folder: units,
//! relations, records); `layout_s` (the derived pre-order layout); `validate_s` (every rule
//! over everything) with the `errors` and `warnings` found; `rollup_all_s` (every unit's
//! subtree member total by `fold_all`) beside `bare_pass_s` (a `Vec<u32>` of pre-order
//! parents and a `Vec<u64>` of members summed in one reverse pass: the limit of an
//! all-subtrees rollup) and `rollup_ratio`; `rollup_district_s` (one county's full totals,
//! fresh); `rollup_root_s` (a province's totals, fresh); `update_read_s` (one co-op's
//! members changed, then the province's totals read again); `orgs` (party organizations,
//! one per unit with a party form in the synthetic nation), `org_layout_s` (the
//! organization tree's layout with every organization's subtree totals, built fresh after
//! the load) and
//! `org_root_totals_s` (one root organization's totals on it); `bytes_per_unit` (peak
//! resident memory over units) and `bytes_per_node` (over units and organizations).
//! `PARTYORG_PHASES=1` also prints the peak after each phase to standard error.
//!
//! `--csv PATH` keeps the flat units table, so that a SQLite peer (the table loaded into
//! SQLite and rolled up with recursive CTEs) runs on the very same tree.

use std::path::PathBuf;
use std::time::Instant;

use partyorg::generate::{NationalSpec, national, populate};
use partyorg::interchange::table;
use partyorg::rollup::Sum;
use partyorg::{Hierarchy, Members, Period, Policy, Severity, UnitId, UnitKind};

fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The limit of an all-subtrees rollup: parents in pre-order, members, one reverse pass.
fn bare_pass(parents: &[u32], members: &[u64]) -> (f64, u64) {
    let t = Instant::now();
    let mut totals = members.to_vec();
    for i in (0..totals.len()).rev() {
        let p = parents[i];
        if p != u32::MAX {
            totals[p as usize] += totals[i];
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let roots = parents
        .iter()
        .zip(&totals)
        .filter(|(p, _)| **p == u32::MAX)
        .map(|(_, t)| *t)
        .sum();
    (secs, roots)
}

struct Args {
    spec: NationalSpec,
    csv: Option<PathBuf>,
    nbs: Option<PathBuf>,
}

fn args() -> Result<Args, String> {
    let mut out = Args {
        spec: NationalSpec::default(),
        csv: None,
        nbs: None,
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
            "--nbs" => out.nbs = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(out)
}

/// Seconds to parse, parent row of each row, members of each row.
type BareTable = (f64, Vec<u32>, Vec<u64>);

/// Parses `id,parent,full_members` of a units table into bare arrays: the fastest a reader
/// of this file can be (the baseline of the `build_s` target). Returns the seconds, the
/// parent row of each row (`u32::MAX` for none) and the members.
fn bare_parse(path: &std::path::Path) -> Result<BareTable, Box<dyn std::error::Error>> {
    let t = Instant::now();
    let mut reader = csv::ReaderBuilder::new()
        .buffer_capacity(1 << 20)
        .from_path(path)?;
    let headers = reader.byte_headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name.as_bytes())
            .ok_or(format!("no {name} column"))
    };
    let (id_c, parent_c, full_c) = (col("id")?, col("parent")?, col("full_members")?);
    let num = |b: &[u8]| -> u64 { b.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')) };
    let mut ids: Vec<u32> = Vec::new();
    let mut parent_ids: Vec<u32> = Vec::new();
    let mut members: Vec<u64> = Vec::new();
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record)? {
        ids.push(num(&record[id_c]) as u32);
        let p = &record[parent_c];
        parent_ids.push(if p.is_empty() {
            u32::MAX
        } else {
            num(p) as u32
        });
        members.push(num(&record[full_c]));
    }
    // Ids to rows: the table's ids are dense, so a vector maps them.
    let max = ids.iter().copied().max().unwrap_or(0) as usize;
    let mut row_of = vec![u32::MAX; max + 1];
    for (row, &id) in ids.iter().enumerate() {
        row_of[id as usize] = row as u32;
    }
    let parents: Vec<u32> = parent_ids
        .iter()
        .map(|&p| if p == u32::MAX { p } else { row_of[p as usize] })
        .collect();
    Ok((t.elapsed().as_secs_f64(), parents, members))
}

fn main() {
    let args = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("national: {e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(args) {
        eprintln!("national: {e}");
        std::process::exit(1);
    }
}

fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let year = Period::year(args.spec.year);
    // 1. The workload, written as a flat units table, then dropped.
    let t = Instant::now();
    let generated: Hierarchy = match &args.nbs {
        None => national(&args.spec),
        Some(path) => {
            // The real divisions (all of them: --scale applies to the synthetic nation),
            // with co-ops, members and organizations generated below them.
            let mut h = partyorg::interchange::nbs::load_file(path)?;
            populate(&mut h, &args.spec)?;
            h
        }
    };
    let generate = t.elapsed().as_secs_f64();
    let units = generated.len();
    let peak = |name: &str| {
        if std::env::var_os("PARTYORG_PHASES").is_some() {
            eprintln!(
                "phase={name} peak_bytes_per_unit={:.1}",
                peak_rss_bytes().unwrap_or(0) as f64 / units as f64
            );
        }
    };
    peak("generate");
    let dir = std::env::temp_dir().join(format!("partyorg-national-{}", std::process::id()));
    let t = Instant::now();
    table::save_dir(&generated, &dir)?;
    let write = t.elapsed().as_secs_f64();
    drop(generated);
    let path = dir.join(table::UNITS_FILE);

    // 2. The limit: the same file parsed into bare arrays, and the bare rollup pass.
    let (bare_parse_s, parents, members) = bare_parse(&path)?;
    let (bare, bare_total) = bare_pass(&parents, &members);
    drop((parents, members));
    peak("bare");

    // 3. The crate: the same flat table built into a hierarchy (the `build_s` target), then
    //    the whole folder — units, relations, records — for everything that follows.
    let t = Instant::now();
    let units_only = table::load_units_file(&path)?;
    let build = t.elapsed().as_secs_f64();
    drop(units_only);
    peak("build");
    let t = Instant::now();
    let mut h = table::load_dir(&dir)?;
    let load_dir = t.elapsed().as_secs_f64();
    if let Some(keep) = &args.csv {
        std::fs::copy(&path, keep)?;
    }
    std::fs::remove_dir_all(&dir)?;
    let t = Instant::now();
    let tree = h.layout().len();
    let layout = t.elapsed().as_secs_f64();
    // The organization tree's layout with every organization's subtree totals, fresh.
    let t = Instant::now();
    let org_tree = h.org_layout().len();
    let org_layout = t.elapsed().as_secs_f64();
    peak("load_dir");

    let t = Instant::now();
    let report = h.validate(&Policy::default(), year.end());
    let validate = t.elapsed().as_secs_f64();
    let (errors, warnings) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    drop(report);
    peak("validate");

    let t = Instant::now();
    let all = h.fold_all(|u| Sum(u64::from(u.members().full)))?;
    let rollup_all = t.elapsed().as_secs_f64();
    let roots: Vec<UnitId> = h.roots().map(|r| r.id()).collect();
    let root_sum: u64 = roots.iter().filter_map(|r| all.get(*r)).map(|s| s.0).sum();
    drop(all);
    peak("rollup_all");

    let counties: Vec<UnitId> = h
        .units()
        .filter(|u| u.kind() == UnitKind::District)
        .map(|u| u.id())
        .collect();
    let county = counties.first().copied().ok_or("no county")?;
    // The first read builds the derived record index; time a second county, fresh.
    h.totals(counties.get(1).copied().unwrap_or(county), &year)?;
    let t = Instant::now();
    let district = h.totals(county, &year)?;
    let rollup_district = t.elapsed().as_secs_f64();

    let root = roots.first().copied().ok_or("no root")?;
    let t = Instant::now();
    let before = h.totals(root, &year)?.full_members;
    let rollup_root = t.elapsed().as_secs_f64();
    let coop = h
        .subtree(county)?
        .find(|u| u.kind() == UnitKind::EconomicCoop)
        .map(|u| u.id())
        .ok_or("no co-op")?;
    let old = h.unit(coop)?.members();
    let t = Instant::now();
    h.set_members(coop, Members::new(old.full + 42, old.probationary))?;
    let after = h.totals(root, &year)?.full_members;
    let update_read = t.elapsed().as_secs_f64();
    assert_eq!(after, before + 42, "the kept totals follow the change");
    // 4. The organization tree (隶属), whose layout was built fresh after the load.
    let orgs = h.org_count();
    let org_root = h
        .org_roots()
        .next()
        .map(|o| o.id())
        .ok_or("no organization")?;
    let t = Instant::now();
    let org_root_full = h.org_totals(org_root)?.full_members;
    let org_root_totals = t.elapsed().as_secs_f64();
    peak("end");

    println!(
        "units={units} tree={tree} generate_s={generate:.3} write_csv_s={write:.3} \
         build_s={build:.3} bare_parse_s={bare_parse_s:.3} build_ratio={:.2} \
         load_dir_s={load_dir:.3} layout_s={layout:.3} \
         validate_s={validate:.3} errors={errors} warnings={warnings} \
         rollup_all_s={rollup_all:.4} bare_pass_s={bare:.4} rollup_ratio={:.2} \
         rollup_district_s={rollup_district:.6} district_units={} rollup_root_s={rollup_root:.4} \
         update_read_s={update_read:.7} roots_full={root_sum} bare_roots_full={bare_total} \
         orgs={orgs} org_tree={org_tree} org_layout_s={org_layout:.3} \
         org_root_totals_s={org_root_totals:.4} org_root_full={org_root_full} \
         bytes_per_unit={:.1} bytes_per_node={:.1}",
        build / bare_parse_s,
        rollup_all / bare,
        district.units,
        peak_rss_bytes().unwrap_or(0) as f64 / units as f64,
        peak_rss_bytes().unwrap_or(0) as f64 / (units + orgs) as f64
    );
    Ok(())
}
