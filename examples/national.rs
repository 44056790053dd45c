//! The national workload: builds the nation (or `--scale F` of it) and prints key=value
//! figures. Run in release mode: `cargo run --release --example national -- --scale 0.1`.

use std::time::Instant;

use partyorg::generate::{NationalSpec, national};

fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn main() {
    let mut spec = NationalSpec::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--scale" {
            spec.scale = args.next().and_then(|s| s.parse().ok()).unwrap_or(1.0);
        }
    }
    let t = Instant::now();
    let h = national(&spec);
    let build = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let n = h.layout().len();
    let layout = t.elapsed().as_secs_f64();
    let units = h.len();
    println!(
        "units={units} tree={n} build_s={build:.3} layout_s={layout:.3} heap_bytes_per_unit={:.1} bytes_per_unit={:.1}",
        h.heap_bytes() as f64 / units as f64,
        peak_rss_bytes().unwrap_or(0) as f64 / units as f64
    );
}
