//! Pictures of a hierarchy in Graphviz DOT.
//!
//! Containment is drawn as solid black arrows; the relations across the tree are drawn
//! differently, each with its own color and line style:
//!
//! | relation | style |
//! |---|---|
//! | containment | solid black |
//! | hosting (host → temporary organization) | dashed blue |
//! | seconded members (temporary organization → home unit) | dotted blue, labelled with the count |
//! | big committee core (一核) | bold red |
//! | big committee member (多元) | dashed red |
//! | part-time committee members | dotted red, labelled with the count |
//! | joint branch coverage | dashed dark green |
//! | pairing (结对) | dashed orange, both arrowheads, labelled with the type |
//!
//! Standing units are boxes, temporary organizations ellipses, big committees hexagons;
//! units outside the drawn subtree that a relation reaches are drawn dashed and grey.

use std::fmt::Write as _;

use hashbrown::HashSet;

use crate::error::HierarchyError;
use crate::hierarchy::{Hierarchy, UnitRef};
use crate::relation::Relation;
use crate::unit::{UnitId, UnitKind};

/// What to draw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DotOptions {
    /// The subtree's root; `None` draws every tree of the forest.
    pub root: Option<UnitId>,
    /// How many levels below the root to draw (0: the root alone); `None` for all.
    pub depth: Option<u32>,
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn node_line(out: &mut String, u: &UnitRef<'_>, outside: bool) {
    let shape = match u.kind() {
        UnitKind::Temporary => "ellipse",
        UnitKind::BigCommittee => "hexagon",
        _ => "box",
    };
    let style = if outside {
        ", style=dashed, color=grey50, fontcolor=grey40"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "  u{} [label=\"{}\\n{} {}\", shape={shape}{style}];",
        u.id().0,
        escape(u.name()),
        u.kind(),
        u.id()
    );
}

/// The DOT text of a subtree (or the whole forest) with the relations that touch it.
///
/// *O(drawn units × degree)*, iterative.
///
/// # Errors
///
/// [`HierarchyError::UnknownUnit`] if `options.root` does not exist.
///
/// # Example
///
/// ```
/// use partyorg::{Hierarchy, Unit, UnitKind};
/// use partyorg::interchange::dot::{to_dot, DotOptions};
///
/// let mut h = Hierarchy::new();
/// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
/// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
/// let text = to_dot(&h, &DotOptions { root: Some(d), depth: None })?;
/// assert!(text.contains(&format!("u{} -> u{}", d.0, s.0)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn to_dot(h: &Hierarchy, options: &DotOptions) -> Result<String, HierarchyError> {
    let max = options.depth.unwrap_or(u32::MAX);
    let roots: Vec<UnitId> = match options.root {
        Some(r) => {
            h.unit(r)?;
            vec![r]
        }
        None => h.roots().map(|u| u.id()).collect(),
    };
    let mut drawn: Vec<UnitId> = Vec::new();
    let mut tree_edges: Vec<(UnitId, UnitId)> = Vec::new();
    for r in roots {
        drawn.push(r);
        for v in h.descendants(r)?.max_depth(max) {
            drawn.push(v.unit.id());
            if let Some(p) = v.unit.parent() {
                tree_edges.push((p.id(), v.unit.id()));
            }
        }
    }
    let inside: HashSet<UnitId> = drawn.iter().copied().collect();
    // Relations with at least one end in the drawn set; their other ends are drawn too.
    let mut cross = Vec::new();
    let mut outside: Vec<UnitId> = Vec::new();
    let mut outside_set: HashSet<UnitId> = HashSet::new();
    for l in h.relations() {
        if !(inside.contains(&l.from) || inside.contains(&l.to)) {
            continue;
        }
        for end in [l.from, l.to] {
            if !inside.contains(&end) && outside_set.insert(end) {
                outside.push(end);
            }
        }
        cross.push(l);
    }
    // Relations among the organizations drawn from outside (a big committee's other
    // members) stay out of the picture unless one end is inside.
    let mut out =
        String::from("digraph partyorg {\n  rankdir=TB;\n  node [fontname=\"sans-serif\"];\n");
    for id in &drawn {
        node_line(&mut out, &h.unit(*id)?, false);
    }
    for id in &outside {
        let u = h.unit(*id)?;
        let standing = u.kind().is_standing();
        node_line(&mut out, &u, standing);
    }
    for (p, c) in tree_edges {
        let _ = writeln!(out, "  u{} -> u{};", p.0, c.0);
    }
    for l in cross {
        let attrs = match l.relation {
            Relation::Hosts => "style=dashed, color=blue".to_owned(),
            Relation::Seconds(n) => format!("style=dotted, color=blue, label=\"seconds {n}\""),
            Relation::Core => "style=bold, color=red, label=\"core\"".to_owned(),
            Relation::Member => "style=dashed, color=red".to_owned(),
            Relation::PartTime(n) => format!("style=dotted, color=red, label=\"part-time {n}\""),
            Relation::Covers => "style=dashed, color=darkgreen, label=\"covers\"".to_owned(),
            Relation::Pairing(id) => {
                let ty = h.pairing(id).map_or("pairing", |p| p.kind.as_str());
                format!("style=dashed, color=orange, dir=both, label=\"{ty}\"")
            }
            _ => "style=dashed".to_owned(),
        };
        let _ = writeln!(out, "  u{} -> u{} [{attrs}];", l.from.0, l.to.0);
    }
    out.push_str("}\n");
    Ok(out)
}
