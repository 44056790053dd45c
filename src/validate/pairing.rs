//! Pairing rules (结对): ends, "1+3" and first secretaries.

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::{Ctx, Rule, add_months};
use crate::relation::{PairingId, PairingKind, Relation};
use crate::unit::UnitKind;

/// The rules of each pairing with an end in scope, each pairing once:
/// [`Rule::PairingEnds`], [`Rule::PairingNotAgricultural`],
/// [`Rule::FirstSecretaryTarget`], [`Rule::FirstSecretaryTerm`]. *O(pairing edges in
/// scope)* — one pass over the edges of the units in scope, or over all edges.
pub(super) fn edges(cx: &mut Ctx<'_>) {
    let h = cx.h;
    let mut found: Vec<(NodeIndex, NodeIndex, PairingId)> = Vec::new();
    if cx.scoped {
        for p in cx.range.clone() {
            let ix = cx.layout.order[p];
            for e in h.edges_out(ix) {
                if let Relation::Pairing(id) = *e.weight() {
                    found.push((ix, e.target(), id));
                }
            }
            for e in h.edges_in(ix) {
                // Taken from the source's side when the source is in scope.
                if let Relation::Pairing(id) = *e.weight()
                    && !cx.in_scope(e.source())
                {
                    found.push((e.source(), ix, id));
                }
            }
        }
    } else {
        for e in h.all_edges() {
            if let Relation::Pairing(id) = *e.weight() {
                found.push((e.source(), e.target(), id));
            }
        }
    }
    for (from, to, id) in found {
        pairing(cx, from, to, id);
    }
}

fn pairing(cx: &mut Ctx<'_>, from: NodeIndex, to: NodeIndex, id: PairingId) {
    let h = cx.h;
    let Some(p) = h.pairing(id) else {
        return;
    };
    let (fk, tk) = (h.node(from).unit_kind(), h.node(to).unit_kind());
    let units = vec![cx.id(from), cx.id(to)];
    match &p.kind {
        PairingKind::FirstSecretary { secretary } => {
            let who = secretary.as_deref().map_or_else(
                || "a first secretary".to_owned(),
                |s| format!("first secretary {s}"),
            );
            if cx.policy.first_secretary_villages_only
                && !matches!(tk, UnitKind::Village | UnitKind::Community)
            {
                let msg = format!(
                    "{} posts {who} to {}, which is not a village or community ({id})",
                    cx.subject(from),
                    cx.named(to)
                );
                cx.report(Rule::FirstSecretaryTarget, units.clone(), msg);
            }
            if let Some(since) = p.since {
                let (end, open) = match p.ends {
                    Some(u) => (u, false),
                    None => (cx.as_of, true),
                };
                let max = cx.policy.first_secretary_max_months;
                if end > add_months(since, max) {
                    // A closed posting is named by its last day in force, as files write
                    // it (`until`); `ends` is the day after.
                    let (word, shown) = if open {
                        ("still on", end)
                    } else {
                        ("through", crate::relation::last_day_before(end))
                    };
                    let msg = format!(
                        "{} has posted {who} to {} from {since} {word} {shown}, longer than {max} months ({id})",
                        cx.subject(from),
                        cx.named(to),
                    );
                    cx.report(Rule::FirstSecretaryTerm, units, msg);
                }
            }
        }
        kind => {
            if !kind.ends_allowed(fk, tk) {
                let msg = format!(
                    "{} is paired with {} by a pairing of type {}, which does not allow a {fk} with a {tk} ({id})",
                    cx.subject(from),
                    cx.named(to),
                    kind.as_str()
                );
                cx.report(Rule::PairingEnds, units, msg);
            } else if *kind == PairingKind::TownStreet && !cx.unit(from).is_agricultural() {
                let msg = format!(
                    "{} is not agricultural but leads a 1+3 pairing with {} ({id})",
                    cx.subject(from),
                    cx.named(to)
                );
                cx.report(Rule::PairingNotAgricultural, units, msg);
            }
        }
    }
}

/// The valid 1+3 pairings active on the as-of date along one direction of a unit's
/// edges: the other ends, by node index.
fn one_plus_three(cx: &Ctx<'_>, ix: NodeIndex, dir: petgraph::Direction) -> Vec<NodeIndex> {
    let h = cx.h;
    let edges: Box<dyn Iterator<Item = _>> = match dir {
        petgraph::Direction::Incoming => Box::new(h.edges_in(ix)),
        petgraph::Direction::Outgoing => Box::new(h.edges_out(ix)),
    };
    let mut v: Vec<NodeIndex> = edges
        .filter_map(|e| {
            let Relation::Pairing(id) = *e.weight() else {
                return None;
            };
            let p = h.pairing(id)?;
            let (from, to) = (e.source(), e.target());
            let valid = p.kind == PairingKind::TownStreet
                && p.active_on(cx.as_of)
                && p.kind
                    .ends_allowed(h.node(from).unit_kind(), h.node(to).unit_kind())
                && cx.unit(from).is_agricultural();
            valid.then(|| if dir == Outgoing { to } else { from })
        })
        .collect();
    v.sort_unstable_by_key(|&n| cx.id(n));
    v.dedup();
    v
}

/// The per-unit 1+3 rules: [`Rule::OnePlusThreeCount`] for an agricultural town or
/// street taking part, [`Rule::StreetPairedTwice`] for a street. Only valid pairings
/// (right ends, agricultural lead) active on the as-of date count, so that one bad
/// pairing is reported once, by its own rule. *O(degree)*.
pub(super) fn unit(cx: &mut Ctx<'_>, ix: NodeIndex) {
    let kind = cx.h.node(ix).unit_kind();
    if !matches!(kind, UnitKind::Town | UnitKind::Street) {
        return;
    }
    if cx.unit(ix).is_agricultural() && cx.wants(Rule::OnePlusThreeCount) {
        let partners = one_plus_three(cx, ix, Outgoing);
        let want = cx.policy.streets_per_agricultural as usize;
        if !partners.is_empty() && partners.len() != want {
            let list: Vec<String> = partners.iter().map(|&n| cx.named(n).to_string()).collect();
            let msg = format!(
                "{} is paired in 1+3 with {} streets on {}, not {want}: {}",
                cx.subject(ix),
                partners.len(),
                cx.as_of,
                list.join(", ")
            );
            let ids = std::iter::once(cx.id(ix))
                .chain(partners.iter().map(|&n| cx.id(n)))
                .collect();
            cx.report(Rule::OnePlusThreeCount, ids, msg);
        }
    }
    if kind == UnitKind::Street && cx.wants(Rule::StreetPairedTwice) {
        let leads = one_plus_three(cx, ix, Incoming);
        if leads.len() > 1 {
            let list: Vec<String> = leads.iter().map(|&n| cx.named(n).to_string()).collect();
            let msg = format!(
                "{} is the 1+3 partner of {} agricultural towns or streets on {}: {}",
                cx.subject(ix),
                leads.len(),
                cx.as_of,
                list.join(", ")
            );
            let ids = std::iter::once(cx.id(ix))
                .chain(leads.iter().map(|&n| cx.id(n)))
                .collect();
            cx.report(Rule::StreetPairedTwice, ids, msg);
        }
    }
}

/// Whether a first secretary (第一书记) is posted to the unit `ix` on the as-of date.
/// *O(in-degree)*.
pub(super) fn has_first_secretary(cx: &Ctx<'_>, ix: NodeIndex) -> bool {
    let h = cx.h;
    h.edges_in(ix).any(|e| {
        matches!(*e.weight(), Relation::Pairing(id)
        if h.pairing(id).is_some_and(|p| {
            matches!(p.kind, PairingKind::FirstSecretary { .. }) && p.active_on(cx.as_of)
        }))
    })
}
