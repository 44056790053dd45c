//! Read access for the crate's readers (rollups, validation). The graph itself is private
//! to the store: readers go through these, and nothing outside the store can change it.

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::IntoEdgeReferences;

use super::{Hierarchy, Node};
use crate::code::DivisionCode;
use crate::record::Record;
use crate::relation::Relation;
use crate::unit::Details;

impl Hierarchy {
    /// A node's division code.
    pub(crate) fn code_of(&self, ix: NodeIndex) -> Option<DivisionCode> {
        self.codes.get(&ix).copied()
    }

    /// Every coded node with its code, in no particular order.
    pub(crate) fn coded(&self) -> impl Iterator<Item = (NodeIndex, DivisionCode)> + '_ {
        self.codes.iter().map(|(&ix, &c)| (ix, c))
    }

    /// The node a code finds ([`by_code`](Self::by_code)).
    pub(crate) fn code_owner(&self, code: DivisionCode) -> Option<NodeIndex> {
        self.by_code.get(&code).copied()
    }

    /// A node's details, if it has any.
    pub(crate) fn details_of(&self, ix: NodeIndex) -> Option<&Details> {
        self.details.get(&ix).map(|d| &**d)
    }

    /// The record in a slot of the record table, if live.
    pub(crate) fn record_at(&self, slot: usize) -> Option<&Record> {
        self.records.get(slot).and_then(Option::as_ref)
    }

    /// A node's weight.
    pub(crate) fn node(&self, ix: NodeIndex) -> &Node {
        &self.graph[ix]
    }

    /// A node's incoming edges, newest first.
    pub(crate) fn edges_in(
        &self,
        ix: NodeIndex,
    ) -> impl Iterator<Item = petgraph::stable_graph::EdgeReference<'_, Relation, u32>> + '_ {
        self.graph.edges_directed(ix, Incoming)
    }

    /// A node's outgoing edges, newest first.
    pub(crate) fn edges_out(
        &self,
        ix: NodeIndex,
    ) -> impl Iterator<Item = petgraph::stable_graph::EdgeReference<'_, Relation, u32>> + '_ {
        self.graph.edges_directed(ix, Outgoing)
    }

    /// Every edge, in edge order.
    pub(crate) fn all_edges(
        &self,
    ) -> impl Iterator<Item = petgraph::stable_graph::EdgeReference<'_, Relation, u32>> + '_ {
        self.graph.edge_references()
    }

    /// Every node, in graph order.
    pub(crate) fn node_indices(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph.node_indices()
    }
}
