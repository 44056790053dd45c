//! What keys cost: the synthetic nation (or `--scale F` of it, see `partyorg::generate`)
//! written as a folder of tables twice — with numeric ids, and with every unit and
//! recorded organization keyed by 12 characters (`K00000000001`, `O00000000001`, the
//! form of a department's codes) — each loaded, and one line of figures printed:
//! `plain_*` and `keyed_*` load seconds, the store's own accounting in bytes per node
//! (`Hierarchy::heap_bytes`) and the process's resident growth per node over the load.
//!
//! ```sh
//! cargo run --release --example key_cost                 # the whole nation
//! cargo run --release --example key_cost -- --scale 0.2
//! ```

use std::path::Path;
use std::time::Instant;

use partyorg::Hierarchy;
use partyorg::generate::{NationalSpec, national};
use partyorg::interchange::table;

fn resident_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kb| kb * 1024)
}

/// Copies one table, its cells in the unit columns `units` and the organization columns
/// `orgs` keyed (each `;`-separated id of a list too).
fn rewrite(
    src: &Path,
    dst: &Path,
    units: &[&str],
    orgs: &[&str],
) -> Result<(), Box<dyn std::error::Error>> {
    let mut r = csv::Reader::from_path(src)?;
    let headers = r.headers()?.clone();
    let mut w = csv::Writer::from_path(dst)?;
    w.write_record(&headers)?;
    let prefix: Vec<Option<char>> = headers
        .iter()
        .map(|h| {
            if units.contains(&h) {
                Some('K')
            } else if orgs.contains(&h) {
                Some('O')
            } else {
                None
            }
        })
        .collect();
    for rec in r.records() {
        let rec = rec?;
        let mut row: Vec<String> = Vec::with_capacity(rec.len());
        for (cell, p) in rec.iter().zip(&prefix) {
            row.push(match p {
                Some(p) if !cell.is_empty() => cell
                    .split(';')
                    .map(|id| id.parse::<u64>().map(|n| format!("{p}{n:011}")))
                    .collect::<Result<Vec<_>, _>>()?
                    .join(";"),
                _ => cell.to_owned(),
            });
        }
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

/// Loads a folder: seconds, heap bytes per node, resident growth per node.
fn load(dir: &Path) -> Result<(f64, f64, f64), Box<dyn std::error::Error>> {
    let before = resident_bytes();
    let t = Instant::now();
    let h: Hierarchy = table::load_dir(dir)?;
    let secs = t.elapsed().as_secs_f64();
    let nodes = (h.len() + h.org_count()) as f64;
    let grown = resident_bytes().saturating_sub(before) as f64;
    Ok((secs, h.heap_bytes() as f64 / nodes, grown / nodes))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut spec = NationalSpec::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--scale", Some(v)) => spec.scale = v.parse()?,
            _ => return Err(format!("usage: key_cost [--scale F], not {a:?}").into()),
        }
    }
    let base = std::env::temp_dir().join(format!("partyorg-key-cost-{}", std::process::id()));
    let (plain, keyed) = (base.join("plain"), base.join("keyed"));
    table::save_dir(&national(&spec), &plain)?;
    std::fs::create_dir_all(&keyed)?;
    let tables: [(&str, &[&str], &[&str]); 4] = [
        (table::UNITS_FILE, &["id", "parent"], &["party_parent"]),
        (
            table::ORGS_FILE,
            &["unit", "parent_unit", "covers"],
            &["id", "parent"],
        ),
        (table::RELATIONS_FILE, &["from", "to"], &["org"]),
        (table::RECORDS_FILE, &["unit"], &[]),
    ];
    for (file, units, orgs) in tables {
        if plain.join(file).exists() {
            rewrite(&plain.join(file), &keyed.join(file), units, orgs)?;
        }
    }
    let (ps, ph, pr) = load(&plain)?;
    let (ks, kh, kr) = load(&keyed)?;
    std::fs::remove_dir_all(&base)?;
    println!(
        "scale={} plain_load_s={ps:.3} plain_heap_bytes_per_node={ph:.1} plain_resident_bytes_per_node={pr:.1} \
         keyed_load_s={ks:.3} keyed_heap_bytes_per_node={kh:.1} keyed_resident_bytes_per_node={kr:.1}",
        spec.scale
    );
    Ok(())
}
