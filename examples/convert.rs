//! Converts a hierarchy between the interchange formats.
//!
//! ```text
//! cargo run --release --example convert -- INPUT OUTPUT
//! ```
//!
//! The format of each side follows its path (see `partyorg::interchange::load_path`): a
//! `.json` snapshot, a folder of CSV tables, a `.csv` units table or NBS file, a `.csv.gz`
//! NBS file. The input `embedded` is the crate's embedded Baiyun 2023 dataset. Prints the
//! number of units and the load and save times.
//!
//! ```text
//! cargo run --release --example convert -- embedded /tmp/baiyun.json
//! cargo run --release --example convert -- /tmp/baiyun.json /tmp/baiyun-tables
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: convert INPUT OUTPUT");
        return ExitCode::from(2);
    };
    let output = PathBuf::from(output);
    let start = Instant::now();
    let loaded = if input == "embedded" {
        Ok(partyorg::baiyun::baiyun_2023())
    } else {
        partyorg::load_path(&PathBuf::from(input))
    };
    let h = match loaded {
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
