//! Pictures of a hierarchy in Graphviz DOT.
//!
//! Containment is drawn as solid black arrows; the relations across the tree are drawn
//! differently, each with its own color and line style:
//!
//! | relation | style |
//! |---|---|
//! | containment | solid black |
//! | hosting (host → temporary organization, the unit it is based in) | dashed blue |
//! | seconded members (temporary organization → home unit) | dotted blue, labelled with the count |
//! | big committee core (一核, the unit it is based in) | bold red |
//! | big committee member (多元) | dashed red |
//! | part-time committee members | dotted red, labelled with the count |
//! | joint branch coverage (from the unit the branch is based in) | dashed dark green |
//! | pairing (结对) | dashed orange, both arrowheads, labelled with the type |
//!
//! Units are boxes; temporary organizations (ellipses) and big committees (hexagons), the
//! organizations outside the 隶属 tree, are drawn when they reach a drawn unit; units
//! outside the drawn subtree that a relation reaches are drawn dashed and grey.

use crate::hierarchy::OrgLink;
use std::fmt::Write as _;

use hashbrown::HashSet;

use crate::error::QueryError;
use crate::hierarchy::{Hierarchy, UnitRef};
use crate::org::{OrgForm, OrgId};
use crate::relation::Relation;
use crate::unit::UnitId;

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
    let style = if outside {
        ", style=dashed, color=grey50, fontcolor=grey40"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "  u{} [label=\"{}\\n{} {}\", shape=box{style}];",
        u.id().0,
        escape(u.name()),
        u.kind(),
        u.id()
    );
}

/// A node of the picture: a unit, or an organization outside the 隶属 tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum End {
    Unit(UnitId),
    Org(OrgId),
}

impl std::fmt::Display for End {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            End::Unit(u) => write!(f, "u{}", u.0),
            End::Org(o) => write!(f, "o{}", o.0),
        }
    }
}

/// The DOT text of a subtree (or the whole forest) with the relations that touch it.
///
/// *O(drawn units × degree)*, iterative.
///
/// # Errors
///
/// [`QueryError::UnknownUnit`] if `options.root` does not exist.
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
pub fn to_dot(h: &Hierarchy, options: &DotOptions) -> Result<String, QueryError> {
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
        for v in h.subtree(r)?.max_depth(max) {
            drawn.push(v.unit.id());
            if let Some(p) = v.unit.parent().filter(|_| v.depth > 0) {
                tree_edges.push((p.id(), v.unit.id()));
            }
        }
    }
    let inside: HashSet<UnitId> = drawn.iter().copied().collect();
    // Every relation across the tree as an edge between two ends, with its style: the
    // pairings between units, and the organizations' links — a temporary organization's
    // host and home units, a big committee's core, members and part-time members (those
    // two kinds drawn as nodes of their own), a joint branch's covered units (drawn from
    // the unit it is based in).
    let mut edges: Vec<(End, End, String)> = Vec::new();
    for l in h.relations() {
        if let Relation::Pairing(id) = l.relation {
            let ty = h.pairing(id).map_or("pairing", |p| p.kind.as_str());
            edges.push((
                End::Unit(l.from),
                End::Unit(l.to),
                format!("style=dashed, color=orange, dir=both, label=\"{ty}\""),
            ));
        }
    }
    let mut org_nodes: Vec<(OrgId, OrgForm, String)> = Vec::new();
    for o in h.orgs() {
        let base = o.based_in().id();
        let outside_org = o.form().is_outside();
        let tail = if outside_org {
            End::Org(o.id())
        } else {
            End::Unit(base)
        };
        let mut mine = Vec::new();
        if o.form() == OrgForm::Temporary {
            mine.push((End::Unit(base), tail, "style=dashed, color=blue".to_owned()));
        } else if o.form() == OrgForm::BigCommittee {
            let core = "style=bold, color=red, label=\"core\"".to_owned();
            mine.push((tail, End::Unit(base), core));
        }
        for OrgLink {
            relation: r,
            unit: u,
            ..
        } in o.links()
        {
            let attrs = match r {
                Relation::Seconds(n) => format!("style=dotted, color=blue, label=\"seconds {n}\""),
                Relation::Member => "style=dashed, color=red".to_owned(),
                Relation::PartTime(n) => {
                    format!("style=dotted, color=red, label=\"part-time {n}\"")
                }
                _ => "style=dashed, color=darkgreen, label=\"covers\"".to_owned(),
            };
            mine.push((tail, End::Unit(u.id()), attrs));
        }
        let touches = |e: &End| matches!(e, End::Unit(u) if inside.contains(u));
        mine.retain(|(a, b, _)| touches(a) || touches(b));
        if mine.is_empty() {
            continue;
        }
        if outside_org {
            org_nodes.push((o.id(), o.form(), o.name().to_owned()));
        }
        edges.extend(mine);
    }
    // Units that a relation reaches from outside the drawn subtree are drawn too.
    let mut outside: Vec<UnitId> = Vec::new();
    let mut outside_set: HashSet<UnitId> = HashSet::new();
    edges.retain(|(a, b, _)| {
        let touches = |e: &End| matches!(e, End::Unit(u) if inside.contains(u));
        touches(a) || touches(b) || matches!(a, End::Org(_)) || matches!(b, End::Org(_))
    });
    for (a, b, _) in &edges {
        for end in [a, b] {
            if let End::Unit(u) = *end
                && !inside.contains(&u)
                && outside_set.insert(u)
            {
                outside.push(u);
            }
        }
    }
    let mut out =
        String::from("digraph partyorg {\n  rankdir=TB;\n  node [fontname=\"sans-serif\"];\n");
    for id in &drawn {
        node_line(&mut out, &h.unit(*id)?, false);
    }
    for id in &outside {
        node_line(&mut out, &h.unit(*id)?, true);
    }
    for (id, form, name) in &org_nodes {
        let shape = if *form == OrgForm::Temporary {
            "ellipse"
        } else {
            "hexagon"
        };
        let _ = writeln!(
            out,
            "  o{} [label=\"{}\\n{form} {id}\", shape={shape}];",
            id.0,
            escape(name)
        );
    }
    for (p, c) in tree_edges {
        let _ = writeln!(out, "  u{} -> u{};", p.0, c.0);
    }
    for (a, b, attrs) in edges {
        let _ = writeln!(out, "  {a} -> {b} [{attrs}];");
    }
    out.push_str("}\n");
    Ok(out)
}
