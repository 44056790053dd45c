//! Prints a hierarchy as a tree: the place tree, or with `--orgs` the tree of party
//! organizations (隶属), one node a line, indented two spaces per level, each line
//! ending in `id=<id> full=<full members of the subtree>`.
//!
//! ```text
//! cargo run --example tree -- embedded                 # the embedded Baiyun 2023 data
//! cargo run --example tree -- PATH [--orgs] [--as-of YYYY-MM-DD]
//! ```
//!
//! `PATH` is anything `partyorg::load_path` reads (a `.json` snapshot, a folder of CSV
//! tables, a units table, an NBS file) or `embedded`. With `--as-of`, the tree is the
//! hierarchy as it stood on that date (`Hierarchy::as_of`: the changes of its log dated
//! after it taken back, so names, parents, superiors and members are as they were), and
//! units and organizations that did not stand on that date (founded after it, or
//! dissolved on or before it) are left out with everything below them, so the totals
//! count what stood.
//! Temporary organizations and big committees, which stand outside both trees (they have
//! no superior), are not printed.
//!
//! Exit codes: 0 printed, 2 when the input cannot be read or the arguments are wrong.

use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;
use partyorg::{Hierarchy, OrgRef, UnitId};

const USAGE: &str = "usage: tree PATH|embedded [--orgs] [--as-of YYYY-MM-DD]";

struct Options {
    path: String,
    orgs: bool,
    as_of: Option<NaiveDate>,
}

fn options() -> Result<Options, String> {
    let mut path = None;
    let mut orgs = false;
    let mut as_of = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--orgs" => orgs = true,
            "--as-of" => {
                let v = args.next().ok_or("--as-of needs a date")?;
                as_of = Some(
                    NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                        .map_err(|e| format!("--as-of {v:?}: {e}"))?,
                );
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') => return Err(format!("unknown option {s:?}")),
            _ if path.is_none() => path = Some(a),
            _ => return Err(format!("a second path {a:?}")),
        }
    }
    Ok(Options {
        path: path.ok_or("a path (or `embedded`) is needed")?,
        orgs,
        as_of,
    })
}

/// One printed line before totals: depth, label, id, own full members, and the index of
/// the line of its parent.
struct Line {
    depth: usize,
    label: String,
    id: u32,
    full: u64,
    parent: Option<usize>,
}

/// Sums each line's members into its ancestors' (lines are in pre-order: a parent
/// before its children), then prints them.
fn print(lines: &mut [Line]) -> std::io::Result<()> {
    for i in (0..lines.len()).rev() {
        if let Some(p) = lines[i].parent {
            lines[p].full += lines[i].full;
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for l in lines.iter() {
        writeln!(
            out,
            "{:indent$}{} id={} full={}",
            "",
            l.label,
            l.id,
            l.full,
            indent = 2 * l.depth
        )?;
    }
    out.flush()
}

fn place_lines(h: &Hierarchy, as_of: Option<NaiveDate>) -> Vec<Line> {
    let stands =
        |id: UnitId| as_of.is_none_or(|d| h.unit(id).is_ok_and(|u| u.details().exists_on(d)));
    let mut lines = Vec::new();
    let mut stack: Vec<(UnitId, usize, Option<usize>)> = Vec::new();
    for root in h.roots() {
        stack.push((root.id(), 0, None));
        while let Some((id, depth, parent)) = stack.pop() {
            if !stands(id) {
                continue;
            }
            let Ok(u) = h.unit(id) else { continue };
            let here = lines.len();
            lines.push(Line {
                depth,
                label: format!("{} ({})", u.name(), u.kind()),
                id: id.0,
                full: u64::from(u.members().full),
                parent,
            });
            if let Ok(children) = h.children(id) {
                let kids: Vec<UnitId> = children.map(|c| c.id()).collect();
                stack.extend(kids.into_iter().rev().map(|c| (c, depth + 1, Some(here))));
            }
        }
    }
    lines
}

fn org_lines(h: &Hierarchy, as_of: Option<NaiveDate>) -> Vec<Line> {
    let stands = |o: &OrgRef<'_>| {
        as_of.is_none_or(|d| {
            o.founded().is_none_or(|f| f <= d) && o.dissolved().is_none_or(|x| x > d)
        })
    };
    let mut lines = Vec::new();
    let mut stack: Vec<(OrgRef<'_>, usize, Option<usize>)> = Vec::new();
    for root in h.org_roots() {
        stack.push((root, 0, None));
        while let Some((o, depth, parent)) = stack.pop() {
            if !stands(&o) {
                continue;
            }
            let here = lines.len();
            let unit = o.based_in();
            lines.push(Line {
                depth,
                label: format!("{} ({}, in {})", o.name(), o.form(), unit.name()),
                id: o.id().0,
                full: u64::from(o.members().full),
                parent,
            });
            let below: Vec<OrgRef<'_>> = o.subordinates().collect();
            stack.extend(below.into_iter().rev().map(|c| (c, depth + 1, Some(here))));
        }
    }
    lines
}

fn main() -> ExitCode {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("tree: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let h = if o.path == "embedded" {
        partyorg::baiyun::baiyun_2023()
    } else {
        match partyorg::load_path(std::path::Path::new(&o.path)) {
            Ok(h) => h,
            Err(e) => {
                eprintln!("tree: {e}");
                return ExitCode::from(2);
            }
        }
    };
    let view = match o.as_of.map(|d| h.as_of(d)).transpose() {
        Ok(view) => view,
        Err(e) => {
            eprintln!("tree: {e}");
            return ExitCode::from(2);
        }
    };
    let h: &Hierarchy = view.as_deref().unwrap_or(&h);
    let mut lines = if o.orgs {
        org_lines(h, o.as_of)
    } else {
        place_lines(h, o.as_of)
    };
    match print(&mut lines) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not a failure of the tree.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tree: {e}");
            ExitCode::from(2)
        }
    }
}
