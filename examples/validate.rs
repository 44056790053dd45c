//! Validates a hierarchy against the regulations and prints one line per violation.
//!
//! ```text
//! cargo run --release --example validate                       # the embedded Baiyun data
//! cargo run --release --example validate -- PATH [--as-of YYYY-MM-DD] [--within ID] [--policy FILE]
//! cargo run --release --example validate -- --policy examples/policy.toml
//! ```
//!
//! `PATH` is any format of `partyorg::load_path`: a `.json` snapshot, a folder of CSV
//! tables, an `.xlsx` workbook, a units table or NBS file (`.csv`, `.csv.gz`); CSV in
//! UTF-8 (with or without a byte-order mark) or GB18030, with English or Chinese headers.
//! Each violation prints as
//! `SEVERITY RULE UNIT_ID message`, then a summary line. The as-of date defaults to
//! 2023-12-31, the end of the embedded data's year.
//!
//! `--policy FILE` validates under a policy file, `.toml` or `.json` (`Policy::load`):
//! thresholds, rules turned off, severities changed. `examples/policy.toml` is a sample
//! that lists every threshold at its default and shows both rule settings; without
//! `--policy` the regulations' defaults apply.
//!
//! Exit codes: 0 when there is no error (warnings and notices may be printed), 1 when
//! validation found an error (at the severities of the policy), 2 when the file or the
//! policy cannot be read or the arguments are wrong.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use partyorg::{Hierarchy, Policy, UnitId, Validation};

const USAGE: &str = "usage: validate [PATH] [--as-of YYYY-MM-DD] [--within ID] [--policy FILE]";

struct Options {
    path: Option<PathBuf>,
    as_of: NaiveDate,
    within: Option<UnitId>,
    policy: Option<PathBuf>,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        path: None,
        as_of: NaiveDate::from_ymd_opt(2023, 12, 31).ok_or("a date")?,
        within: None,
        policy: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--as-of" => {
                let v = args.next().ok_or("--as-of needs a date")?;
                o.as_of = NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                    .map_err(|e| format!("--as-of {v:?}: {e}"))?;
            }
            "--within" => {
                let v = args.next().ok_or("--within needs a unit id")?;
                let id = v.trim_start_matches('#');
                o.within = Some(UnitId(
                    id.parse()
                        .map_err(|_| format!("--within {v:?} is not a unit id"))?,
                ));
            }
            "--policy" => {
                let v = args.next().ok_or("--policy needs a file")?;
                o.policy = Some(PathBuf::from(v));
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') => return Err(format!("unknown option {s:?}")),
            _ if o.path.is_none() => o.path = Some(PathBuf::from(a)),
            _ => return Err(format!("a second path {a:?}")),
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("validate: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let h: Hierarchy = match &o.path {
        None => partyorg::baiyun::baiyun_2023(),
        Some(p) => match partyorg::load_path(p) {
            Ok(h) => h,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        },
    };
    let policy = match &o.policy {
        None => Policy::default(),
        Some(p) => match Policy::load(p) {
            Ok(policy) => policy,
            Err(e) => {
                eprintln!("validate: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let mut run = Validation::new(&policy).as_of(o.as_of);
    if let Some(w) = o.within {
        run = run.within(w);
    }
    let report = match run.run(&h) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("validate: {e}");
            return ExitCode::from(2);
        }
    };
    print!("{report}");
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
