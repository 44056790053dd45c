//! The pre-order layout: every subtree a contiguous range of positions.
//!
//! This is the nested-set insight (as in django-mptt) kept as derived data: built from the
//! graph in one iterative pass, cached in the hierarchy, dropped on any structural change
//! and rebuilt on the next read. Member counts change without a rebuild: the cached
//! subtree totals are adjusted along the changed unit's ancestors.

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeRef, NodeIndexable};

use super::{Graph, Hierarchy};
use crate::relation::Relation;
use crate::unit::Members;

/// Marks "no position" (a node outside the tree, or a root's parent).
pub(crate) const NONE: u32 = u32::MAX;

/// A pre-order layout of the standing forest.
///
/// Position `p` holds one unit; its subtree is the range `p..end(p)`; every parent comes
/// before its children, and children follow in the order they were attached. Temporary
/// organizations and big committees are not in the layout.
///
/// Obtained from [`Hierarchy::layout`]; read-only. A hook for tests and benchmarks (the
/// size of the standing forest, the cost of building the layout), not part of the
/// supported surface.
#[doc(hidden)]
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// Position → node.
    pub(crate) order: Vec<NodeIndex>,
    /// Node index − `base` → position, [`NONE`] for nodes outside the tree and vacant
    /// slots. It spans only the node indices from the tree's lowest to its highest, so
    /// that a tree whose nodes lie together (units, or organizations, as loaders and the
    /// builder place them) pays nothing for the other tree's nodes.
    pub(crate) pos: Vec<u32>,
    /// The lowest node index in the tree.
    pub(crate) base: usize,
    /// Whether position `p` holds node `base + p` for every position: the tree's nodes
    /// lie together in pre-order (as the builder and loaders place the units of a tree
    /// given parents first), and a pass in layout order reads the nodes in storage
    /// order without `order`.
    pub(crate) in_node_order: bool,
    /// Position → parent's position, [`NONE`] for roots.
    pub(crate) parent: Vec<u32>,
    /// Position → one past the last position of its subtree.
    pub(crate) end: Vec<u32>,
    /// Position → the members of its subtree: `[full, probationary]`.
    pub(crate) totals: Vec<[u64; 2]>,
    /// Organizations whose chain of superiors came back to them: each circle is broken at
    /// its organization of the lowest id, which stands as a root here (empty for the place
    /// tree, whose cycles the store refuses).
    pub(crate) broken: Vec<NodeIndex>,
}

impl Layout {
    /// Builds the layout of the standing forest of `graph`: roots in node-index order,
    /// each subtree in pre-order with children in attachment order. *O(n)* time,
    /// iterative.
    pub(crate) fn build(graph: &Graph) -> Layout {
        let roots = graph.node_indices().filter(|&root| {
            graph[root].kind.is_unit()
                && !graph
                    .edges_directed(root, Incoming)
                    .any(|e| *e.weight() == Relation::Contains)
        });
        let n = graph.node_count();
        Layout::from_children(graph, roots, n, |ix| {
            // Adjacency lists hold the newest edge first: reversed, the oldest child
            // comes first.
            let mut v: Vec<NodeIndex> = graph
                .edges_directed(ix, Outgoing)
                .filter(|e| *e.weight() == Relation::Contains)
                .map(|e| e.target())
                .collect();
            v.reverse();
            v.into_iter()
        })
    }

    /// Builds a layout from its roots (in order) and each node's children (in order):
    /// every subtree in pre-order, with its member totals. *O(nodes + edges)*,
    /// iterative; `n` is a capacity hint.
    pub(crate) fn from_children<C: Iterator<Item = NodeIndex>>(
        graph: &Graph,
        roots: impl Iterator<Item = NodeIndex>,
        n: usize,
        mut children: impl FnMut(NodeIndex) -> C,
    ) -> Layout {
        let bound = graph.node_bound();
        let mut l = Layout {
            order: Vec::with_capacity(n),
            pos: vec![NONE; bound],
            base: 0,
            in_node_order: false,
            parent: Vec::with_capacity(n),
            end: Vec::with_capacity(n),
            totals: Vec::with_capacity(n),
            broken: Vec::new(),
        };
        let mut stack: Vec<(NodeIndex, u32)> = Vec::new();
        let mut kids: Vec<NodeIndex> = Vec::new();
        for root in roots {
            stack.push((root, NONE));
            while let Some((ix, parent)) = stack.pop() {
                if l.pos[ix.index()] != NONE {
                    // Reached twice: only through a malformed tree; keep the first place.
                    continue;
                }
                let p = l.order.len() as u32;
                l.pos[ix.index()] = p;
                l.order.push(ix);
                l.parent.push(parent);
                l.end.push(p + 1);
                let w = &graph[ix];
                l.totals
                    .push([u64::from(w.full), u64::from(w.probationary)]);
                // Pushed last child first, so that the first child is popped first.
                kids.clear();
                kids.extend(children(ix));
                stack.extend(kids.iter().rev().map(|&c| (c, p)));
            }
        }
        // The node index → position map, trimmed to the tree's span of node indices.
        if let (Some(lo), Some(hi)) = (
            l.order.iter().map(|ix| ix.index()).min(),
            l.order.iter().map(|ix| ix.index()).max(),
        ) {
            if lo > 0 || hi + 1 < l.pos.len() {
                l.pos.truncate(hi + 1);
                l.pos.drain(..lo);
                l.pos.shrink_to_fit();
                l.base = lo;
            }
        } else {
            l.pos = Vec::new();
        }
        l.in_node_order = l
            .order
            .iter()
            .enumerate()
            .all(|(p, ix)| ix.index() == l.base + p);
        // One reverse pass: subtree ends and member totals. Children follow their parent,
        // so a child's values are final when it is reached.
        for p in (0..l.order.len()).rev() {
            let parent = l.parent[p];
            if parent != NONE {
                let parent = parent as usize;
                l.end[parent] = l.end[parent].max(l.end[p]);
                let [f, pr] = l.totals[p];
                // A sum of at most u32::MAX values below u32::MAX fits in u64.
                l.totals[parent][0] += f;
                l.totals[parent][1] += pr;
            }
        }
        l
    }

    /// The number of nodes laid out: the units of [`Hierarchy::layout`], the organizations
    /// of [`Hierarchy::org_layout`].
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// assert_eq!(h.layout().len(), 2);
    /// assert_eq!(h.org_layout().len(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether the forest is empty.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// assert!(h.layout().is_empty());
    /// h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// assert!(!h.layout().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The position of a node, if it is in the tree.
    pub(crate) fn position(&self, ix: NodeIndex) -> Option<u32> {
        let i = ix.index().checked_sub(self.base)?;
        self.pos.get(i).copied().filter(|&p| p != NONE)
    }

    /// The positions of a subtree.
    pub(crate) fn range(&self, p: u32) -> std::ops::Range<usize> {
        p as usize..self.end[p as usize] as usize
    }

    /// Applies a member change at one node to the cached totals of it and its ancestors.
    /// *O(depth)*.
    pub(crate) fn member_delta(&mut self, ix: NodeIndex, old: Members, new: Members) {
        let Some(mut p) = self.position(ix) else {
            return;
        };
        loop {
            let t = &mut self.totals[p as usize];
            t[0] = t[0] - u64::from(old.full) + u64::from(new.full);
            t[1] = t[1] - u64::from(old.probationary) + u64::from(new.probationary);
            p = self.parent[p as usize];
            if p == NONE {
                break;
            }
        }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.order.capacity() * 4
            + self.pos.capacity() * 4
            + self.parent.capacity() * 4
            + self.end.capacity() * 4
            + self.totals.capacity() * 16
    }
}

impl Hierarchy {
    /// The pre-order layout of the standing forest, built on first use after a structural
    /// change (*O(n)*), then cached.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let before = h.layout().len();
    /// h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇"))?;
    /// // A structural change drops the layout; the next read builds it again.
    /// assert_eq!((before, h.layout().len()), (2, 3));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[doc(hidden)]
    pub fn layout(&self) -> &Layout {
        self.derived
            .layout
            .get_or_init(|| Layout::build(&self.graph))
    }
}
