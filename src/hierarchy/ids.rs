//! Id → graph node indexes, for units and for organizations: written by the change hook
//! alone (see the `change` module).

use hashbrown::HashMap;
use petgraph::stable_graph::NodeIndex;

use crate::unit::UnitId;

/// Unit id → graph node. Dense while ids are (a vector indexed by id), sparse otherwise.
#[derive(Clone, Debug)]
pub(crate) enum IdIndex {
    Dense(Vec<u32>),
    Sparse(HashMap<u32, u32>),
}

pub(crate) const VACANT: u32 = u32::MAX;

/// The most nodes a hierarchy holds: graph indices are `u32`, and `u32::MAX` marks a
/// vacant slot of the id index.
pub(crate) const MAX_NODES: usize = (u32::MAX - 1) as usize;

impl IdIndex {
    pub(super) fn get(&self, id: UnitId) -> Option<NodeIndex> {
        let raw = match self {
            IdIndex::Dense(v) => *v.get(id.0 as usize)?,
            IdIndex::Sparse(m) => *m.get(&id.0)?,
        };
        (raw != VACANT).then(|| NodeIndex::new(raw as usize))
    }

    /// Whether a dense vector grown to index `i` would be mostly vacant with `live` units:
    /// then the index turns sparse. A choice of representation only: both answer alike.
    pub(super) fn dense_would_waste(i: usize, live: usize) -> bool {
        i > 2 * live + 65_536
    }

    pub(super) fn insert(&mut self, id: UnitId, ix: NodeIndex, live: usize) {
        let i = id.0 as usize;
        if let IdIndex::Dense(v) = self
            && i >= v.len()
            && Self::dense_would_waste(i, live)
        {
            let map = v
                .iter()
                .enumerate()
                .filter(|(_, n)| **n != VACANT)
                .map(|(k, n)| (k as u32, *n))
                .collect();
            *self = IdIndex::Sparse(map);
        }
        match self {
            IdIndex::Dense(v) => {
                if i >= v.len() {
                    v.resize(i + 1, VACANT);
                }
                v[i] = ix.index() as u32;
            }
            IdIndex::Sparse(m) => {
                m.insert(id.0, ix.index() as u32);
            }
        }
    }

    pub(super) fn remove(&mut self, id: UnitId) {
        match self {
            IdIndex::Dense(v) => {
                if let Some(slot) = v.get_mut(id.0 as usize) {
                    *slot = VACANT;
                }
            }
            IdIndex::Sparse(m) => {
                m.remove(&id.0);
            }
        }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        match self {
            IdIndex::Dense(v) => v.capacity() * 4,
            IdIndex::Sparse(m) => m.capacity() * 9,
        }
    }
}

/// Default-constructible wrapper of [`IdIndex`].
#[derive(Clone, Debug)]
pub(crate) struct IdIndexWrapper(pub(crate) IdIndex);

impl Default for IdIndexWrapper {
    fn default() -> Self {
        IdIndexWrapper(IdIndex::Dense(Vec::new()))
    }
}
