//! The cost of time: builds the nation (`partyorg::generate`, synthetic), applies a log of
//! dated changes to it (renames, member counts, moves and merges of villages and
//! communities), then builds views as of dates within the log (`Hierarchy::as_of`) and
//! asks one district's totals on each, printing one line of `key=value` figures.
//!
//! ```sh
//! cargo run --release --example time                          # the nation, 100,000 changes
//! cargo run --release --example time -- --scale 0.1 --events 10000
//! ```
//!
//! The figures: `units`, `orgs_nodes`, `generate_s`; `events` (applied) and `refused`
//! (attempts the store refused: a change of a village merged away), `apply_s` and
//! `apply_us_per_event`; `check_s` (`check_changes`: the whole log taken back on a copy);
//! for each date, `view_<date>_s` (building the view: the copy and the changes after the
//! date taken back), `taken_back_<date>` (how many), `district_<date>_s` (one district's
//! totals on the view, fresh: its layout built, then the subtree scanned) and
//! `district_again_<date>_s` (the same district again: memoized); `district_now_s` (the
//! same district on the hierarchy itself, fresh after the log) and `view_after_s` (a view
//! of a date after the last change: borrowed, no copy); `peak_bytes`.

use std::time::Instant;

use chrono::NaiveDate;
use partyorg::generate::{NationalSpec, national};
use partyorg::{Hierarchy, Members, Period, UnitId, UnitKind};

fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

struct Args {
    scale: f64,
    events: usize,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        scale: 1.0,
        events: 100_000,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--scale" => a.scale = value.parse().map_err(|e| format!("--scale: {e}"))?,
            "--events" => a.events = value.parse().map_err(|e| format!("--events: {e}"))?,
            _ => return Err(format!("unknown option {flag:?}")),
        }
    }
    Ok(a)
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Applies `events` dated changes, spread from 2019-01-01 over five years; returns how
/// many attempts were refused.
fn apply_log(h: &mut Hierarchy, events: usize) -> usize {
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
    let start = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
    let days = 5 * 365;
    let mut rng = Rng(2023);
    let mut refused = 0;
    while h.changes().len() < events {
        let date = start + chrono::Days::new((h.changes().len() * days / events) as u64);
        let v = villages[rng.below(villages.len())];
        let done = match rng.below(10) {
            0..4 => {
                let m = Members::new(rng.below(200) as u32, rng.below(5) as u32);
                h.count_members_on(v, m, date)
            }
            4..7 => {
                let name = format!(
                    "{}（{}）",
                    h.unit(v).map(|u| u.name().to_owned()).unwrap_or_default(),
                    h.changes().len()
                );
                h.rename_on(v, &name, date)
            }
            7..9 => h.move_unit_on(v, Some(towns[rng.below(towns.len())]), date),
            _ => {
                let sibling = h
                    .parent(v)
                    .ok()
                    .flatten()
                    .and_then(|p| h.children(p.id()).ok()?.map(|c| c.id()).find(|&c| c != v));
                match sibling {
                    Some(s) => h.merge(v, s, date),
                    None => h.count_members_on(v, Members::new(1, 0), date),
                }
            }
        };
        if done.is_err() {
            refused += 1;
        }
    }
    refused
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a = args()?;
    let spec = NationalSpec {
        scale: a.scale,
        ..NationalSpec::default()
    };
    let mut out = Vec::new();
    let t = Instant::now();
    let mut h = national(&spec);
    out.push(format!("units={} orgs_nodes={}", h.len(), h.org_count()));
    out.push(format!("generate_s={:.2}", t.elapsed().as_secs_f64()));
    let t = Instant::now();
    let refused = apply_log(&mut h, a.events);
    let apply = t.elapsed().as_secs_f64();
    out.push(format!(
        "events={} refused={refused} apply_s={apply:.3} apply_us_per_event={:.1}",
        h.changes().len(),
        apply * 1e6 / h.changes().len().max(1) as f64
    ));
    let t = Instant::now();
    h.check_changes()?;
    out.push(format!("check_s={:.2}", t.elapsed().as_secs_f64()));
    // The district of the first village changed.
    let district = h
        .changes()
        .first()
        .and_then(|e| match e.subject {
            partyorg::history::Subject::Unit(u) => h
                .ancestors(u)
                .ok()?
                .find(|a| a.kind() == UnitKind::District)
                .map(|a| a.id()),
            partyorg::history::Subject::Org(_) => None,
        })
        .ok_or("no district")?;
    for (y, m, d) in [(2020, 6, 30), (2022, 12, 31), (2023, 12, 31)] {
        let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let t = Instant::now();
        let view = h.as_of(date)?;
        let build = t.elapsed().as_secs_f64();
        let taken = h.changes().len() - view.changes().len();
        let period = Period::day(date);
        let t = Instant::now();
        let totals = view.totals(district, &period)?;
        let first = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let again = view.totals(district, &period)?;
        let second = t.elapsed().as_secs_f64();
        assert_eq!(totals, again);
        out.push(format!(
            "view_{date}_s={build:.2} taken_back_{date}={taken} district_{date}_s={first:.4} district_again_{date}_s={second:.6} district_units_{date}={} district_members_{date}={}",
            totals.units,
            totals.members()
        ));
    }
    let t = Instant::now();
    let now = h.totals(
        district,
        &Period::day(NaiveDate::from_ymd_opt(2024, 6, 30).unwrap()),
    )?;
    out.push(format!(
        "district_now_s={:.4} district_units_now={}",
        t.elapsed().as_secs_f64(),
        now.units
    ));
    let t = Instant::now();
    let after = h.as_of(NaiveDate::from_ymd_opt(2030, 1, 1).unwrap())?;
    out.push(format!(
        "view_after_s={:.6} view_after_copied={}",
        t.elapsed().as_secs_f64(),
        after.is_copy()
    ));
    out.push(format!("peak_bytes={}", peak_rss_bytes().unwrap_or(0)));
    println!("{}", out.join(" "));
    Ok(())
}
