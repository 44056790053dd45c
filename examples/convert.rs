//! Converts a hierarchy between the interchange formats.
//!
//! ```text
//! cargo run --release --example convert -- INPUT OUTPUT [--chinese]
//! ```
//!
//! The format of each side follows its path (see `partyorg::interchange::load_path` and
//! `save_path`): a `.json` snapshot, a folder of CSV tables, an `.xlsx` workbook, a `.csv`
//! units table (or, as input, an NBS file), a `.csv.gz` NBS file (input only); an output
//! path of another name is a folder. CSV input may be UTF-8 (with or without a byte-order
//! mark) or GB18030, with English or Chinese headers. `--chinese` writes the tables with
//! Chinese headers (编号, 上级编号, 类型, 名称 …) and a workbook's sheets with Chinese
//! names (单位, 党组织, 关系, 记录). The input `embedded` is the crate's embedded Baiyun
//! 2023 dataset. Prints the number of units and the load and save times.
//!
//! ```text
//! cargo run --release --example convert -- embedded /tmp/baiyun.json
//! cargo run --release --example convert -- /tmp/baiyun.json /tmp/baiyun-tables
//! cargo run --release --example convert -- /tmp/baiyun-tables /tmp/baiyun.xlsx --chinese
//! ```
//!
//! Exit codes: 0 when converted, 1 when the output cannot be written, 2 when the input
//! cannot be read or the arguments are wrong.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use partyorg::interchange::{Format, Header, save_as};

const USAGE: &str = "usage: convert INPUT OUTPUT [--chinese]";

/// The format an output path asks for: its name's, a units table for `.csv`, a folder
/// otherwise (as `save_path` chooses).
fn output_format(path: &Path) -> Format {
    let csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    match Format::of_path(path) {
        Some(f) => f,
        None if csv => Format::UnitsCsv,
        None => Format::Folder,
    }
}

fn main() -> ExitCode {
    let mut header = Header::English;
    let mut paths = Vec::new();
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--chinese" => header = Header::Chinese,
            s if s.starts_with('-') => {
                eprintln!("convert: unknown option {s:?}\n{USAGE}");
                return ExitCode::from(2);
            }
            _ => paths.push(a),
        }
    }
    let [input, output] = paths.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let output = PathBuf::from(output);
    let start = Instant::now();
    let loaded = if input == "embedded" {
        Ok(partyorg::baiyun::baiyun_2023())
    } else {
        partyorg::load_path(PathBuf::from(input))
    };
    let h = match loaded {
        Ok(h) => h,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let loaded = start.elapsed();
    let start = Instant::now();
    if let Err(e) = save_as(&h, &output, output_format(&output), header) {
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
