//! Draws a subtree as a Graphviz picture.
//!
//! ```text
//! cargo run --example dot -- [--input PATH] [--unit ID] [--depth N] OUT.dot
//! ```
//!
//! Reads the hierarchy from `--input` (any format `partyorg::load_path` reads; by default
//! the Baiyun NBS fixture), writes the DOT text to `OUT.dot`, and, when Graphviz's `dot`
//! is installed, also `OUT.svg`.

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use partyorg::UnitId;
use partyorg::interchange::dot::{DotOptions, to_dot};

fn main() -> ExitCode {
    let mut input = PathBuf::from("tests/fixtures/baiyun-divisions.csv");
    let mut options = DotOptions::default();
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| match args.next() {
            Some(v) => Some(v),
            None => {
                eprintln!("{name} needs a value");
                None
            }
        };
        match a.as_str() {
            "--input" => match value("--input") {
                Some(v) => input = v.into(),
                None => return ExitCode::from(2),
            },
            "--unit" => match value("--unit").and_then(|v| v.parse().ok()) {
                Some(v) => options.root = Some(UnitId(v)),
                None => return ExitCode::from(2),
            },
            "--depth" => match value("--depth").and_then(|v| v.parse().ok()) {
                Some(v) => options.depth = Some(v),
                None => return ExitCode::from(2),
            },
            _ => out = Some(a.into()),
        }
    }
    let Some(out) = out else {
        eprintln!("usage: dot [--input PATH] [--unit ID] [--depth N] OUT.dot");
        return ExitCode::from(2);
    };
    let h = match partyorg::load_path(&input) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let text = match to_dot(&h, &options) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::write(&out, text) {
        eprintln!("cannot write {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    println!("wrote {}", out.display());
    let svg = out.with_extension("svg");
    match Command::new("dot")
        .arg("-Tsvg")
        .arg(&out)
        .arg("-o")
        .arg(&svg)
        .status()
    {
        Ok(s) if s.success() => println!("wrote {}", svg.display()),
        Ok(s) => eprintln!("dot failed: {s}"),
        Err(_) => println!("Graphviz dot is not installed; no SVG written"),
    }
    ExitCode::SUCCESS
}
