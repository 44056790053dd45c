//! Equality of hierarchies: what they hold, whatever their graph indices and derived
//! structures.

use crate::hierarchy::OrgLink;
use petgraph::stable_graph::NodeIndex;

use super::{Hierarchy, OWN_ORG};
use crate::unit::{Unit, UnitId};

impl PartialEq for Hierarchy {
    /// Two hierarchies are equal when they hold the same units with the same ids, facts,
    /// parents, children order and relations, the same party organizations (a unit's own
    /// organization of the one-table form named by its unit, any other by its id) with
    /// the same facts, units, superiors and coverage, the same pairings and records
    /// with the same keys, and the same change log — whatever their graph indices and
    /// derived structures. Children order counts: it is the order in which units are shown.
    fn eq(&self, other: &Self) -> bool {
        if self.len() != other.len()
            || self.org_count != other.org_count
            || self.graph.edge_count() != other.graph.edge_count()
            || self.pairings != other.pairings
            || self.records().ne(other.records())
            || self.history != other.history
            || !self.item_keys_eq(other)
        {
            return false;
        }
        snapshot(self) == snapshot(other)
    }
}

/// An organization named as files name it: a unit's own organization by its unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum OrgKey {
    Own(UnitId),
    Org(u32),
}

type Snapshot = (
    Vec<(UnitId, Unit, Option<UnitId>, Vec<UnitId>)>,
    Vec<(UnitId, UnitId, String)>,
    Vec<(
        OrgKey,
        crate::org::Org,
        UnitId,
        Option<OrgKey>,
        Vec<(UnitId, String)>,
        OutsideFacts,
    )>,
);

/// A temporary organization's task and a big committee's kind.
type OutsideFacts = (
    Option<crate::unit::TemporaryInfo>,
    Option<crate::unit::BigCommitteeKind>,
);

/// What equality compares, in a canonical order.
fn snapshot(h: &Hierarchy) -> Snapshot {
    let key = |o: NodeIndex| {
        if h.graph[o].flags & OWN_ORG != 0 {
            OrgKey::Own(h.graph[h.based_in_ix(o).expect("based in a unit")].id)
        } else {
            OrgKey::Org(h.graph[o].id.0)
        }
    };
    let mut units: Vec<_> = h
        .unit_indices()
        .map(|ix| {
            let u = h.unit_ref(ix);
            let children = h.children_ix(ix).map(|c| h.graph[c].id).collect();
            (
                u.id(),
                u.to_unit(),
                h.parent_ix(ix).map(|p| h.graph[p].id),
                children,
            )
        })
        .collect();
    units.sort_by_key(|u| u.0);
    let mut links: Vec<_> = h
        .relations()
        .map(|l| (l.from, l.to, format!("{:?}", l.relation)))
        .collect();
    links.sort();
    let mut orgs: Vec<_> = h
        .orgs()
        .map(|o| {
            // Its links to units (coverage, seconded members, member units, part-time
            // members), in a canonical order.
            let mut links: Vec<(UnitId, String)> = o
                .links()
                .map(
                    |OrgLink {
                         relation: r,
                         unit: u,
                         ..
                     }| (u.id(), format!("{r:?}")),
                )
                .collect();
            links.sort();
            (
                key(o.index()),
                o.to_org(),
                o.based_in().id(),
                h.stored_superior_ix(o.index()).map(key),
                links,
                (o.temporary_info(), o.big_committee_kind()),
            )
        })
        .collect();
    orgs.sort_by_key(|o| o.0);
    (units, links, orgs)
}

impl Eq for Hierarchy {}
