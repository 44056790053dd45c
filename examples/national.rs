//! The national workload: builds the nation as the 2023 party statistics bulletin counts it
//! (or `--scale F` of it; the data are synthetic, see `partyorg::generate`), writes it as
//! a folder of tables, loads it back, validates it, rolls it up, reads it from two
//! threads, and prints one line of `key=value` figures.
//!
//! ```sh
//! cargo run --release --example national                 # the whole nation, ~10.6 M nodes
//! cargo run --release --example national -- --scale 0.1  # a tenth of it
//! cargo run --release --example national -- --nbs china-divisions.csv.gz  # NBS 2023 divisions
//! cargo run --release --example national -- --csv /tmp/units.csv   # for the SQLite peer
//! cargo run --release --example national -- --small 0    # skip the second, smaller nation
//! ```
//!
//! The figures, in one line:
//!
//! - the nation: `units`, `orgs_nodes` (every organization node), `generate_s`,
//!   `write_csv_s` (the folder of CSV tables written);
//! - the bulletin, computed by rollups over the loaded hierarchy (`figures_s`: organization
//!   totals over the roots of the 隶属 tree and coverage over the roots of the place tree,
//!   not the generator's parameters): `orgs committees general_branches branches members
//!   organ_orgs institution_orgs enterprise_orgs social_orgs streets_covered towns_covered
//!   communities_covered villages_covered`, and `bulletin_worst` (the figure farthest from
//!   the bulletin scaled, in %);
//! - building: `bare_parse_s` (every file of the folder tokenized and the key numbers of
//!   each row — ids, parents, units, members — parsed into bare arrays: the limit of a
//!   reader), `build_s` (the folder loaded into a hierarchy, every check included) and
//!   `build_ratio`; the same for the flat `units.csv` alone (`units_bare_parse_s`,
//!   `units_build_s`, `units_build_ratio`), each parse and each build the best of three
//!   runs (a build's hierarchy dropped before the next); `layout_s`, `org_layout_s` (the
//!   derived layouts of both trees, fresh);
//! - `validate_s` (every rule over everything) with the `errors` and `warnings` found;
//! - all-subtrees member folds, each the best of five runs writing a freshly allocated
//!   output: `rollup_all_s` (the crate's `fold_all` over the place tree) beside
//!   `bare_pass_s` (a `Vec<u32>` of pre-order parents and a `Vec<u64>` of members, copied
//!   and summed in one reverse pass: the limit) and `rollup_ratio`; the same over the
//!   organization tree (`fold_all_orgs`): `org_rollup_all_s`, `org_bare_pass_s`,
//!   `org_rollup_ratio`; and, unless `--small 0`, both ratios again on a second nation of
//!   scale `--small` (0.2 by default), built after everything above:
//!   `rollup_ratio_0.2`, `org_rollup_ratio_0.2`;
//! - `rollup_district_s` (one county's full totals, fresh), `rollup_root_s` (a province's
//!   totals, fresh), `update_read_s` (one co-op's members changed, then the province's
//!   totals read again);
//! - `memo_ratio`: 20,000 distinct date windows asked of one county through the memo
//!   (which holds at most `MEMO_CAPACITY` of them and evicts) over the same queries asked
//!   uncached (`totals_uncached`), in interleaved blocks;
//! - `reads_1t_per_s`, `reads_2t_per_s` and `reads_ratio`: the year's totals of every
//!   county, over and over, asked of an `Arc<Hierarchy>` by one thread and by two at
//!   once; `cpu_2t_ratio`, the same ratio for a loop of arithmetic alone: what the shared
//!   machine gave two threads meanwhile (the four kinds of run alternate, fifteen rounds,
//!   best of fifteen each);
//! - `peak_bytes` (peak resident memory of the process, before the smaller nation),
//!   `bytes_per_node` (over units and organizations) and `bytes_per_unit`.
//!
//! `PARTYORG_PHASES=1` also prints the peak after each phase to standard error.
//!
//! `--csv PATH` keeps the flat units table (`id,parent,full_members` among its columns),
//! so that a SQLite peer (the table loaded into SQLite and rolled up with recursive CTEs)
//! runs on the very same tree.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use partyorg::generate::{Figures, NationalSpec, national, populate};
use partyorg::interchange::table;
use partyorg::rollup::Sum;
use partyorg::{Hierarchy, Members, Period, Policy, Severity, UnitId, UnitKind};

#[path = "../benches/support/bare.rs"]
mod bare;
use bare::{bare_pass, org_arrays, place_arrays};

fn peak_rss_bytes() -> Option<u64> {
    status_bytes("VmHWM:")
}

fn status_bytes(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The seconds of one run of `f`.
fn seconds<T>(f: impl FnOnce() -> T) -> f64 {
    let t = Instant::now();
    std::hint::black_box(f());
    t.elapsed().as_secs_f64()
}

/// The best of five runs of `f`, in seconds.
fn best_of_five<T>(mut f: impl FnMut() -> T) -> f64 {
    (0..5)
        .map(|_| seconds(&mut f))
        .fold(f64::INFINITY, f64::min)
}

/// The crate's all-subtrees folds over both trees of `h` beside the bare passes over the
/// same trees, each the best of five runs, the runs of fold and bare pass interleaved so
/// that both meet the same load of a shared machine. Checks that they agree. Returns the
/// seconds: place fold, place bare pass, organization fold, organization bare pass.
fn fold_times(h: &Hierarchy) -> Result<[f64; 4], Box<dyn std::error::Error>> {
    /// (fold, bare pass) seconds, best of five runs alternating, after checking that the
    /// fold's roots add up to the bare pass's.
    fn side_by_side(
        (parents, members): (Vec<u32>, Vec<u64>),
        roots_of_fold: impl Fn() -> Result<u64, partyorg::QueryError>,
        fold: impl Fn() -> usize,
    ) -> Result<(f64, f64), Box<dyn std::error::Error>> {
        assert_eq!(
            roots_of_fold()?,
            bare_pass(&parents, &members),
            "the fold is the bare pass's"
        );
        let (mut f, mut b) = (f64::INFINITY, f64::INFINITY);
        for _ in 0..5 {
            b = b.min(seconds(|| bare_pass(&parents, &members)));
            f = f.min(seconds(&fold));
        }
        Ok((f, b))
    }
    let full = |m: Members| Sum(u64::from(m.full));
    let (place, place_bare) = side_by_side(
        place_arrays(h),
        || {
            let all = h.fold_all(|u| full(u.members()))?;
            Ok(h.roots().filter_map(|r| all.get(r.id())).map(|s| s.0).sum())
        },
        || h.fold_all(|u| full(u.members())).map_or(0, |v| v.len()),
    )?;
    let (org, org_bare) = side_by_side(
        org_arrays(h),
        || {
            let all = h.fold_all_orgs(|o| full(o.members()))?;
            let roots: Vec<_> = h.org_roots().map(|r| r.id()).collect();
            Ok(roots.iter().filter_map(|r| all.get(*r)).map(|s| s.0).sum())
        },
        || {
            h.fold_all_orgs(|o| full(o.members()))
                .map_or(0, |v| v.len())
        },
    )?;
    Ok([place, place_bare, org, org_bare])
}

/// Parses the key numbers of every row of every table of a folder into bare arrays: the
/// fastest a reader of these files can be (the baseline of the `build_s` target).
/// Returns the seconds and the arrays' total length.
fn bare_parse(paths: &[PathBuf]) -> Result<(f64, usize), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let num = |b: &[u8]| -> u64 {
        b.iter()
            .take_while(|d| d.is_ascii_digit())
            .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'))
    };
    let mut held = 0;
    for path in paths {
        let mut reader = csv::ReaderBuilder::new()
            .buffer_capacity(1 << 20)
            .from_path(path)?;
        let headers = reader.byte_headers()?.clone();
        // The numbers that make the tree: ids, parents, units, members.
        let keys: Vec<usize> = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                matches!(
                    *h,
                    b"id" | b"parent" | b"unit" | b"from" | b"to" | b"full_members"
                )
            })
            .map(|(i, _)| i)
            .collect();
        let mut columns: Vec<Vec<u64>> = vec![Vec::new(); keys.len()];
        let mut record = csv::ByteRecord::new();
        while reader.read_byte_record(&mut record)? {
            for (c, &k) in keys.iter().enumerate() {
                columns[c].push(num(&record[k]));
            }
        }
        held += columns.iter().map(Vec::len).sum::<usize>();
    }
    Ok((t.elapsed().as_secs_f64(), held))
}

struct Args {
    spec: NationalSpec,
    csv: Option<PathBuf>,
    nbs: Option<PathBuf>,
    small: f64,
}

fn args() -> Result<Args, String> {
    let mut out = Args {
        spec: NationalSpec::default(),
        csv: None,
        nbs: None,
        small: 0.2,
    };
    let mut it = std::env::args().skip(1);
    let fraction = |v: String, zero: bool| {
        v.parse()
            .ok()
            .filter(|s: &f64| (*s > 0.0 || (zero && *s == 0.0)) && *s <= 1.0)
            .ok_or(format!("a fraction in (0, 1], not {v:?}"))
    };
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--scale" => out.spec.scale = fraction(value()?, false)?,
            "--small" => out.small = fraction(value()?, true)?,
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

/// Memo over uncached: `n` distinct date windows of one unit, asked in interleaved
/// blocks through the memo and afresh.
fn memo_ratio(h: &Hierarchy, unit: UnitId, n: usize) -> Result<f64, Box<dyn std::error::Error>> {
    let base = NaiveDate::from_ymd_opt(1990, 1, 1).ok_or("a date")?;
    let window = |i: usize| {
        let start = base + chrono::Days::new(i as u64);
        Period::new(start, start + chrono::Days::new(365 + (i % 7) as u64))
    };
    let (mut memo, mut fresh) = (0.0, 0.0);
    let block = 1_000;
    for b in (0..n).step_by(block) {
        let t = Instant::now();
        for i in b..(b + block).min(n) {
            std::hint::black_box(h.totals_uncached(unit, &window(i)?)?);
        }
        fresh += t.elapsed().as_secs_f64();
        let t = Instant::now();
        for i in b..(b + block).min(n) {
            std::hint::black_box(h.totals(unit, &window(i)?)?);
        }
        memo += t.elapsed().as_secs_f64();
    }
    Ok(memo / fresh)
}

/// Runs `work(k)` on `threads` threads at once (`k` the thread's number) and returns the
/// seconds until all are done.
fn on_threads(threads: usize, work: impl Fn(usize) -> u64 + Sync) -> f64 {
    let t = Instant::now();
    std::thread::scope(|s| {
        let work = &work;
        let handles: Vec<_> = (0..threads).map(|k| s.spawn(move || work(k))).collect();
        for h in handles {
            std::hint::black_box(h.join().unwrap_or(0));
        }
    });
    t.elapsed().as_secs_f64()
}

/// Totals queries per second on one thread and on two sharing `h` (each thread asks the
/// year's totals of the `units` in turn, from its own starting point), and the same for
/// a busy arithmetic loop: what the shared machine gave two threads. The four kinds of
/// run alternate, fifteen rounds; each figure is the best of its fifteen, so that all
/// four meet the same spells of load.
fn reads_per_s(h: &Arc<Hierarchy>, units: &[UnitId]) -> (f64, f64, f64) {
    let year = Period::year(2023);
    let reads = |k: usize, n: usize| -> u64 {
        let m = units.len();
        (0..n)
            .map(|i| {
                let u = units[(i + k * m / 2) % m];
                h.totals(u, &year).map_or(0, |t| t.units)
            })
            .sum()
    };
    let spin = |k: usize, n: usize| -> u64 {
        let mut x = k as u64 + 1;
        for _ in 0..n {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
        }
        x
    };
    let (queries, steps) = (100_000, 5_000_000);
    let mut best = [f64::INFINITY; 4];
    for _ in 0..15 {
        best[0] = best[0].min(on_threads(1, |k| reads(k, queries)));
        best[1] = best[1].min(on_threads(2, |k| reads(k, queries)));
        best[2] = best[2].min(on_threads(1, |k| spin(k, steps)));
        best[3] = best[3].min(on_threads(2, |k| spin(k, steps)));
    }
    let q = queries as f64;
    (q / best[0], 2.0 * q / best[1], 2.0 * best[2] / best[3])
}

fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let year = Period::year(args.spec.year);
    let as_of = year.end();
    // 1. The workload, written as a folder of tables, then dropped.
    let t = Instant::now();
    let generated: Hierarchy = match &args.nbs {
        None => national(&args.spec),
        Some(path) => {
            // The real divisions (all of them: --scale applies to what is generated on
            // them), with co-ops, institutions, members and organizations below them.
            let mut h = partyorg::interchange::nbs::load_file(path)?;
            populate(&mut h, &args.spec)?;
            h
        }
    };
    let generate = t.elapsed().as_secs_f64();
    let (units, org_nodes) = (generated.len(), generated.org_count());
    let nodes = (units + org_nodes) as f64;
    let peak = |name: &str| {
        if std::env::var_os("PARTYORG_PHASES").is_some() {
            eprintln!(
                "phase={name} peak_bytes_per_node={:.1} now_bytes_per_node={:.1}",
                peak_rss_bytes().unwrap_or(0) as f64 / nodes,
                status_bytes("VmRSS:").unwrap_or(0) as f64 / nodes
            );
        }
    };
    peak("generate");
    let dir = std::env::temp_dir().join(format!("partyorg-national-{}", std::process::id()));
    let t = Instant::now();
    table::save_dir(&generated, &dir)?;
    let write = t.elapsed().as_secs_f64();
    drop(generated);
    let units_path = dir.join(table::UNITS_FILE);
    let files: Vec<PathBuf> = [
        table::UNITS_FILE,
        table::ORGS_FILE,
        table::RELATIONS_FILE,
        table::RECORDS_FILE,
    ]
    .iter()
    .map(|f| dir.join(f))
    .filter(|p| p.exists())
    .collect();

    // 2. Building: the folder, and the flat units table alone, beside bare parses.
    let mut units_bare = f64::INFINITY;
    for _ in 0..3 {
        units_bare = units_bare.min(bare_parse(std::slice::from_ref(&units_path))?.0);
    }
    let mut units_build = f64::INFINITY;
    for _ in 0..3 {
        let t = Instant::now();
        drop(table::load_units_file(&units_path)?);
        units_build = units_build.min(t.elapsed().as_secs_f64());
    }
    let mut folder_bare = f64::INFINITY;
    for _ in 0..3 {
        folder_bare = folder_bare.min(bare_parse(&files)?.0);
    }
    peak("bare");
    let mut build = f64::INFINITY;
    let mut loaded = None;
    for _ in 0..3 {
        // The last build's hierarchy goes before the next is built: one at a time.
        drop(loaded.take());
        let t = Instant::now();
        let h = table::load_dir(&dir)?;
        build = build.min(t.elapsed().as_secs_f64());
        loaded = Some(h);
    }
    let Some(mut h) = loaded else {
        return Err("no build".into());
    };
    if let Some(keep) = &args.csv {
        std::fs::copy(&units_path, keep)?;
    }
    std::fs::remove_dir_all(&dir)?;
    let t = Instant::now();
    let tree = h.layout().len();
    let layout = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let org_tree = h.org_layout().len();
    let org_layout = t.elapsed().as_secs_f64();
    peak("load_dir");

    // 3. The bulletin, by rollups.
    let t = Instant::now();
    let figures = Figures::of(&h, as_of)?;
    let figures_s = t.elapsed().as_secs_f64();
    let (worst, worst_dev) = figures.worst_deviation(args.spec.scale);

    let t = Instant::now();
    let report = h.validate(&Policy::default(), as_of);
    let validate = t.elapsed().as_secs_f64();
    let (errors, warnings) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    drop(report);
    peak("validate");

    // 4. All-subtrees folds beside the bare passes.
    let [fold, bare, org_fold, org_bare] = fold_times(&h)?;
    let (ratio, org_ratio) = (fold / bare, org_fold / org_bare);
    peak("rollup_all");

    // 5. Subtrees, fresh, and one update.
    let counties: Vec<UnitId> = h
        .units()
        .filter(|u| u.kind() == UnitKind::District)
        .map(|u| u.id())
        .collect();
    let county = counties.first().copied().ok_or("no county")?;
    // The first read builds the derived record index; time a second county, fresh.
    h.totals(counties.get(1).copied().unwrap_or(county), &year)?;
    let district = h.totals_uncached(county, &year)?;
    let rollup_district = best_of_five(|| h.totals_uncached(county, &year));
    let root = h.roots().next().map(|r| r.id()).ok_or("no root")?;
    let rollup_root = best_of_five(|| h.totals_uncached(root, &year));
    let before = h.totals(root, &year)?.full_members;
    let coop = h
        .subtree(county)?
        .map(|v| v.unit)
        .find(|u| u.kind() == UnitKind::EconomicCoop)
        .map(|u| u.id())
        .ok_or("no co-op")?;
    let old = h.unit(coop)?.members();
    let mut update_read = f64::INFINITY;
    for k in 1..=5 {
        let t = Instant::now();
        h.set_members(coop, Members::new(old.full + 42 * k, old.probationary))?;
        let after = h.totals(root, &year)?.full_members;
        update_read = update_read.min(t.elapsed().as_secs_f64());
        assert_eq!(
            after,
            before + 42 * u64::from(k),
            "the kept totals follow the change"
        );
    }

    // 6. The memo under a dashboard of many date windows.
    let memo = memo_ratio(&h, counties[counties.len() / 2], 20_000)?;

    // 7. Concurrent readers of one hierarchy.
    let h = Arc::new(h);
    let readers = counties;
    for &c in readers.iter() {
        h.totals(c, &year)?;
    }
    let (reads_1t, reads_2t, cpu_2t) = reads_per_s(&h, &readers);
    peak("end");
    let peak_bytes = peak_rss_bytes().unwrap_or(0);
    drop(h);

    // 8. The folds again on a smaller nation.
    let small = if args.small > 0.0 {
        let h = national(&NationalSpec {
            scale: args.small,
            ..args.spec.clone()
        });
        let [fold, bare, org_fold, org_bare] = fold_times(&h)?;
        Some([fold / bare, org_fold / org_bare])
    } else {
        None
    };

    let mut line = format!(
        "units={units} orgs_nodes={org_nodes} tree={tree} org_tree={org_tree} \
         generate_s={generate:.3} write_csv_s={write:.3} figures_s={figures_s:.3}"
    );
    for (k, v) in figures.pairs() {
        line += &format!(" {k}={v}");
    }
    line += &format!(
        " bulletin_worst={worst}:{:.3}% \
         bare_parse_s={folder_bare:.3} build_s={build:.3} build_ratio={:.2} \
         units_bare_parse_s={units_bare:.3} units_build_s={units_build:.3} units_build_ratio={:.2} \
         layout_s={layout:.3} org_layout_s={org_layout:.3} \
         validate_s={validate:.3} errors={errors} warnings={warnings} \
         rollup_all_s={fold:.4} bare_pass_s={bare:.4} rollup_ratio={ratio:.2} \
         org_rollup_all_s={org_fold:.4} org_bare_pass_s={org_bare:.4} org_rollup_ratio={org_ratio:.2}",
        worst_dev * 100.0,
        build / folder_bare,
        units_build / units_bare,
    );
    if let Some([r, o]) = small {
        let s = args.small;
        line += &format!(" rollup_ratio_{s}={r:.2} org_rollup_ratio_{s}={o:.2}");
    }
    line += &format!(
        " rollup_district_s={rollup_district:.6} district_units={} rollup_root_s={rollup_root:.4} \
         update_read_s={update_read:.9} memo_ratio={memo:.3} \
         reads_1t_per_s={reads_1t:.0} reads_2t_per_s={reads_2t:.0} reads_ratio={:.2} cpu_2t_ratio={cpu_2t:.2} \
         peak_bytes={peak_bytes} bytes_per_node={:.1} bytes_per_unit={:.1}",
        district.units,
        reads_2t / reads_1t,
        peak_bytes as f64 / nodes,
        peak_bytes as f64 / units as f64,
    );
    println!("{line}");
    let _ = Path::new(".");
    Ok(())
}
