//! The pre-order layout of the organization forest (the 隶属 tree), built from the graph.

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeRef, NodeIndexable};

use super::layout::{Layout, NONE};
use super::{Hierarchy, OWN_ORG};
use crate::relation::Relation;

impl Hierarchy {
    // ----- the organization layout -----------------------------------------------------

    /// The pre-order layout of the organization forest (the 隶属 tree): every
    /// organization's subtree is a contiguous range, with the subtree's member totals.
    /// Built on first use after a structural change (*O(units + organizations)*), then
    /// cached.
    ///
    /// Roots are the organizations with no superior, in id order. Below an organization
    /// come first the own organizations (one-table form) whose derived superior it is,
    /// in the place tree's pre-order, then the organizations recorded below it, in the
    /// order they were attached.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, PartyForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_party_form(PartyForm::Committee))?;
    /// let s = Unit::new(UnitKind::Street, "均禾街道").with_party_form(PartyForm::Committee);
    /// h.add_unit(Some(d), s)?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇"))?;
    /// // Two units have an organization of their own: the 隶属 tree lays out two.
    /// assert_eq!((h.layout().len(), h.org_layout().len()), (3, 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[doc(hidden)]
    pub fn org_layout(&self) -> &Layout {
        self.derived
            .org_layout
            .get_or_init(|| self.build_org_layout())
    }

    fn build_org_layout(&self) -> Layout {
        let bound = self.graph.node_bound();
        let is_own = |o: NodeIndex| self.graph[o].flags & OWN_ORG != 0;
        // A unit's own organization and its other organization with the lowest id: one
        // scan of its incoming edges.
        let based = |u: NodeIndex| {
            let (mut own, mut first) = (None, None::<NodeIndex>);
            for e in self.graph.edges_directed(u, Incoming) {
                if *e.weight() == Relation::BasedIn && !self.is_outside_ix(e.source()) {
                    let o = e.source();
                    if is_own(o) {
                        own = Some(o);
                    } else if first.is_none_or(|f| self.graph[o].id < self.graph[f].id) {
                        first = Some(o);
                    }
                }
            }
            (own, first)
        };
        // The superior of every organization, by node index: stored, or for an own
        // organization derived in one pass over the place tree with the nearest principal
        // organization of each position's ancestors.
        let mut superior = vec![NONE; bound];
        let place = self.layout();
        let mut nearest: Vec<u32> = Vec::with_capacity(place.order.len());
        for (p, &u) in place.order.iter().enumerate() {
            let parent = place.parent[p];
            let from_above = if parent == NONE {
                NONE
            } else {
                nearest[parent as usize]
            };
            let (own, first) = based(u);
            if let Some(own) = own {
                superior[own.index()] = from_above;
            }
            nearest.push(own.or(first).map_or(from_above, |o| o.index() as u32));
        }
        drop(nearest);
        let mut n = 0;
        for o in self.graph.node_indices() {
            if self.graph[o].kind.org().is_some() {
                n += 1;
                if let Some(s) = self.stored_superior_ix(o) {
                    superior[o.index()] = s.index() as u32;
                }
            }
        }
        // Circles: superiors recorded in their own right and superiors that own
        // organizations derive from the place tree may come back to where they started
        // (after a unit moved or lost its party form). Each circle is broken at its
        // organization of the lowest id, which stands as a root; validation reports it.
        // One walk up from every organization, each organization walked once: *O(n)*.
        let mut state = vec![0u8; bound];
        let mut walk: Vec<usize> = Vec::new();
        let mut broken = Vec::new();
        for start in 0..bound {
            if superior[start] == NONE || state[start] != 0 {
                continue;
            }
            walk.clear();
            let mut cur = start;
            loop {
                if state[cur] == 2 {
                    break;
                }
                if state[cur] == 1 {
                    let at = walk.iter().position(|&w| w == cur).unwrap_or(0);
                    let cut = walk[at..]
                        .iter()
                        .copied()
                        .min_by_key(|&w| self.graph[NodeIndex::new(w)].id)
                        .unwrap_or(cur);
                    superior[cut] = NONE;
                    broken.push(NodeIndex::new(cut));
                    break;
                }
                state[cur] = 1;
                walk.push(cur);
                let s = superior[cur];
                if s == NONE {
                    break;
                }
                cur = s as usize;
            }
            for &w in &walk {
                state[w] = 2;
            }
        }
        drop(state);
        // Children lists in one array (CSR). Counted at `cursor[i + 1]` and summed, each
        // organization's block ends at `cursor[i + 1]`; filled from its end, the cursor
        // then marks its start, and the block is `cursor[i + 1]..cursor[i + 2]`. Derived
        // children come first, in the place tree's pre-order, then stored ones in
        // attachment order: both are placed last first.
        let mut cursor = vec![0u32; bound + 2];
        for (o, &s) in superior.iter().enumerate() {
            if s != NONE && self.graph.node_weight(NodeIndex::new(o)).is_some() {
                cursor[s as usize + 1] += 1;
            }
        }
        for i in 1..cursor.len() {
            cursor[i] += cursor[i - 1];
        }
        let mut children = vec![NodeIndex::end(); n];
        let mut place_child = |s: usize, c: NodeIndex, cursor: &mut Vec<u32>| {
            cursor[s + 1] -= 1;
            children[cursor[s + 1] as usize] = c;
        };
        for o in self.graph.node_indices() {
            if self.graph[o].kind.org().is_some() {
                // Adjacency lists hold the newest edge first: placed first, it ends last.
                for e in self.graph.edges_directed(o, Outgoing) {
                    // A circle broken at its target leaves this edge out of the tree.
                    if *e.weight() == Relation::Superior
                        && superior[e.target().index()] == o.index() as u32
                    {
                        place_child(o.index(), e.target(), &mut cursor);
                    }
                }
            }
        }
        for &u in place.order.iter().rev() {
            if let (Some(own), _) = based(u)
                && self.stored_superior_ix(own).is_none()
            {
                let s = superior[own.index()];
                if s != NONE {
                    place_child(s as usize, own, &mut cursor);
                }
            }
        }
        let mut roots: Vec<NodeIndex> = self
            .graph
            .node_indices()
            .filter(|&o| self.graph[o].kind.org().is_some() && superior[o.index()] == NONE)
            .collect();
        roots.sort_unstable_by_key(|&o| self.graph[o].id);
        drop(superior);
        let mut layout = Layout::from_children(&self.graph, roots.into_iter(), n, |ix| {
            let i = ix.index();
            children[cursor[i + 1] as usize..cursor[i + 2] as usize]
                .iter()
                .copied()
        });
        broken.sort_unstable_by_key(|&o| self.graph[o].id);
        layout.broken = broken;
        layout
    }

    /// The circle of superiors an organization broken by the layout stood in, starting
    /// with it: its superior before the break (recorded, or derived from the place tree),
    /// that one's, and so on until the chain comes back. *O(circle × depth)*; only for
    /// messages.
    pub(crate) fn org_cycle_of(&self, o: NodeIndex) -> Vec<NodeIndex> {
        let mut chain = vec![o];
        let mut cur = self.superior_before_break(o);
        while let Some(s) = cur {
            if s == o || chain.len() > self.org_count {
                break;
            }
            chain.push(s);
            cur = self.org_superior_ix(s);
        }
        chain
    }

    /// An organization's superior as recorded, or derived from the place tree: the
    /// principal organization of the nearest ancestor unit that has one. *O(depth ×
    /// degree)*.
    fn superior_before_break(&self, o: NodeIndex) -> Option<NodeIndex> {
        if let Some(s) = self.stored_superior_ix(o) {
            return Some(s);
        }
        let mut unit = self.parent_ix(self.based_in_ix(o)?);
        while let Some(u) = unit {
            let based: Vec<NodeIndex> = self.orgs_based_in_ix(u).collect();
            if let Some(&own) = based.iter().find(|&&x| self.graph[x].flags & OWN_ORG != 0) {
                return Some(own);
            }
            if let Some(&first) = based.iter().min_by_key(|&&x| self.graph[x].id) {
                return Some(first);
            }
            unit = self.parent_ix(u);
        }
        None
    }
}
