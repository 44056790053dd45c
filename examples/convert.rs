//! Converts a hierarchy between the interchange formats.
//!
//! ```text
//! cargo run --release --example convert -- INPUT OUTPUT
//! ```
//!
//! The format of each side follows its path (see `partyorg::interchange::load_path`): a
//! `.json` snapshot, a folder of CSV tables, a `.csv` units table or NBS file, a `.csv.gz`
//! NBS file. Prints the number of units and the load and save times.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: convert INPUT OUTPUT");
        return ExitCode::from(2);
    };
    let (input, output) = (PathBuf::from(input), PathBuf::from(output));
    let start = Instant::now();
    let h = match partyorg::load_path(&input) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let loaded = start.elapsed();
    let start = Instant::now();
    if let Err(e) = partyorg::save_path(&h, &output) {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    println!(
        "units={} load_seconds={:.3} save_seconds={:.3}",
        h.len(),
        loaded.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
