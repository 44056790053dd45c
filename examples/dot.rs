//! Draws a subtree as a picture: an SVG org chart drawn in Rust (no Graphviz needed), or
//! a Graphviz DOT file.
//!
//! ```text
//! cargo run --example dot -- INPUT OUTPUT [--orgs] [--root KEY_OR_NAME] [--depth N]
//! cargo run --example dot -- embedded out.svg --root 均禾街道
//! cargo run --example dot -- embedded out.svg --orgs --root 均禾街道 --depth 1
//! cargo run --example dot -- embedded out.dot --root 均禾街道
//! ```
//!
//! `INPUT` is anything `partyorg::load_path` reads (a `.json` snapshot, a folder of CSV
//! tables, a units table, an NBS file) or `embedded` (the embedded Baiyun 2023 data).
//! An `OUTPUT` ending in `.svg` gets an org chart (`partyorg::interchange::svg`): the
//! place tree of units, or with `--orgs` the 隶属 tree of party organizations. Any other
//! `OUTPUT` gets the DOT text of the place tree with the relations across it
//! (`partyorg::interchange::dot`; `--orgs` is refused there), which Graphviz renders
//! (`dot -Tsvg OUT.dot -o OUT.svg`).
//!
//! `--root` names the subtree's root by key (a unit's or organization's, as in the files:
//! `440111013000`, or an id's number) or by exact name; with `--orgs`, a unit's key or
//! name stands for the organization based in it. Without `--root`, every root is drawn.
//! `--depth N` draws N levels below the root (0: the root alone).
//!
//! Exit codes: 0 written, 1 when the output cannot be written, 2 when the input cannot be
//! read, the root is not found or ambiguous, or the arguments are wrong.

use std::path::PathBuf;
use std::process::ExitCode;

use partyorg::interchange::dot::{DotOptions, to_dot};
use partyorg::interchange::svg::{SvgOptions, Tree, to_svg};
use partyorg::{Hierarchy, OrgId, UnitId};

const USAGE: &str =
    "usage: dot INPUT|embedded OUTPUT[.svg|.dot] [--orgs] [--root KEY_OR_NAME] [--depth N]";

struct Options {
    input: String,
    output: PathBuf,
    orgs: bool,
    root: Option<String>,
    depth: Option<u32>,
}

fn options() -> Result<Options, String> {
    let mut paths = Vec::new();
    let (mut orgs, mut root, mut depth) = (false, None, None);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--orgs" => orgs = true,
            "--root" => root = Some(args.next().ok_or("--root needs a key or a name")?),
            "--depth" => {
                let v = args.next().ok_or("--depth needs a number")?;
                depth = Some(v.parse().map_err(|e| format!("--depth {v:?}: {e}"))?);
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with("--") => return Err(format!("unknown option {s:?}")),
            _ => paths.push(a),
        }
    }
    let mut paths = paths.into_iter();
    match (paths.next(), paths.next(), paths.next()) {
        (Some(input), Some(output), None) => Ok(Options {
            input,
            output: output.into(),
            orgs,
            root,
            depth,
        }),
        (_, _, Some(extra)) => Err(format!("one path too many: {extra:?}")),
        _ => Err("an input (or `embedded`) and an output are needed".into()),
    }
}

/// The one candidate, or an error naming what was looked for and, when there are
/// several, the first few of them.
fn one<T: std::fmt::Display>(what: &str, wanted: &str, mut found: Vec<T>) -> Result<T, String> {
    match found.len() {
        0 => Err(format!("no {what} has the key or name {wanted:?}")),
        1 => Ok(found.remove(0)),
        n => {
            let some: Vec<String> = found.iter().take(5).map(ToString::to_string).collect();
            Err(format!(
                "{n} {what}s are named {wanted:?} ({}{}); give a key instead",
                some.join(", "),
                if n > 5 { ", …" } else { "" }
            ))
        }
    }
}

/// The unit with this key, else the units with this exact name.
fn find_unit(h: &Hierarchy, wanted: &str) -> Result<UnitId, String> {
    if let Some(u) = h.unit_by_key(wanted) {
        return Ok(u.id());
    }
    let found: Vec<String> = h.by_name(wanted).map(|u| u.key().into_owned()).collect();
    let key = one("unit", wanted, found)?;
    h.unit_by_key(&key)
        .map(|u| u.id())
        .ok_or_else(|| format!("no unit has the key {key:?}"))
}

/// The organization with this key or exact name, else the organization of the 隶属 tree
/// based in the unit of this key or name.
fn find_org(h: &Hierarchy, wanted: &str) -> Result<OrgId, String> {
    if let Some(o) = h.org_by_key(wanted) {
        return Ok(o.id());
    }
    let named: Vec<OrgId> = h
        .orgs()
        .filter(|o| o.name() == wanted)
        .map(|o| o.id())
        .collect();
    if !named.is_empty() {
        return one("organization", wanted, named);
    }
    let unit = find_unit(h, wanted).map_err(|_| format!("no organization or unit {wanted:?}"))?;
    let based: Vec<OrgId> = h
        .orgs_based_in(unit)
        .map_err(|e| e.to_string())?
        .filter(|o| !o.form().is_outside())
        .map(|o| o.id())
        .collect();
    one("organization based in the unit", wanted, based)
}

fn run(o: &Options) -> Result<(), (u8, String)> {
    let h = if o.input == "embedded" {
        partyorg::baiyun::baiyun_2023()
    } else {
        partyorg::load_path(&o.input).map_err(|e| (2, e.to_string()))?
    };
    let svg = o
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    let text = if svg {
        let tree = match (&o.root, o.orgs) {
            (None, false) => Tree::Units(None),
            (None, true) => Tree::Orgs(None),
            (Some(r), false) => Tree::Units(Some(find_unit(&h, r).map_err(|e| (2, e))?)),
            (Some(r), true) => Tree::Orgs(Some(find_org(&h, r).map_err(|e| (2, e))?)),
        };
        let options = SvgOptions {
            tree,
            depth: o.depth,
            ..SvgOptions::default()
        };
        to_svg(&h, &options).map_err(|e| (2, e.to_string()))?
    } else {
        if o.orgs {
            return Err((
                2,
                "--orgs draws only SVG: name an OUTPUT ending in .svg".into(),
            ));
        }
        let root = match &o.root {
            Some(r) => Some(find_unit(&h, r).map_err(|e| (2, e))?),
            None => None,
        };
        let options = DotOptions {
            root,
            depth: o.depth,
        };
        to_dot(&h, &options).map_err(|e| (2, e.to_string()))?
    };
    std::fs::write(&o.output, text)
        .map_err(|e| (1, format!("cannot write {}: {e}", o.output.display())))?;
    println!("wrote {}", o.output.display());
    Ok(())
}

fn main() -> ExitCode {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("dot: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&o) {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, e)) => {
            eprintln!("dot: {e}");
            ExitCode::from(code)
        }
    }
}
