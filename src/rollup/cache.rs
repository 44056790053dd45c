//! The rollup's derived state: the record index and the memo of subtree totals.
//!
//! Both live in the hierarchy's derived state and are dropped with the layout on any
//! structural change. Neither holds anything per unit:
//!
//! - the record index holds 8 bytes per record (layout position, record slot), sorted by
//!   position so that a subtree's records are one contiguous run;
//! - the memo holds one [`Totals`] per (subtree root, period) actually queried, at most
//!   [`MEMO_CAPACITY`] of them.

use std::sync::{Mutex, MutexGuard, OnceLock};

use hashbrown::HashMap;

use super::{Period, Totals};

/// The most memo entries kept; past it, new results are returned but not memoized.
pub(crate) const MEMO_CAPACITY: usize = 4096;

/// Memoized totals: layout position of the subtree root → (period, totals) pairs.
pub(crate) type Memo = HashMap<u32, Vec<(Period, Totals)>>;

/// The rollup's derived state.
#[derive(Default)]
pub(crate) struct RollupCache {
    /// (layout position, record slot), sorted.
    pub(crate) records: OnceLock<Vec<(u32, u32)>>,
    memo: Mutex<Memo>,
}

impl RollupCache {
    /// The memo, locked. A poisoned lock (a panic while holding it) is recovered by
    /// clearing the memo.
    pub(crate) fn memo(&self) -> MutexGuard<'_, Memo> {
        self.memo.lock().unwrap_or_else(|poisoned| {
            let mut g = poisoned.into_inner();
            g.clear();
            g
        })
    }

    /// The memo, for a mutating method holding `&mut`.
    pub(crate) fn memo_mut(&mut self) -> &mut Memo {
        self.memo.get_mut().unwrap_or_else(|p| p.into_inner())
    }

    /// Forgets memoized totals (facts changed in a way not patched incrementally).
    pub(crate) fn clear_memo(&mut self) {
        self.memo_mut().clear();
    }

    /// Forgets the record index (records changed); the memo is patched separately.
    pub(crate) fn records_changed(&mut self) {
        self.records = OnceLock::new();
    }

    /// Bytes held on the heap: the record index and the memo.
    pub(crate) fn heap_bytes(&self) -> usize {
        let records = self.records.get().map_or(0, |v| v.capacity() * 8);
        let memo = self.memo();
        let entries: usize = memo
            .values()
            .map(|v| v.capacity() * std::mem::size_of::<(Period, Totals)>())
            .sum();
        records + memo.capacity() * (4 + std::mem::size_of::<Vec<(Period, Totals)>>()) + entries
    }

    /// Whether nothing is cached (no record index, no memo).
    pub(crate) fn is_empty(&mut self) -> bool {
        self.records.get().is_none() && self.memo_mut().is_empty()
    }

    /// The number of memoized totals.
    pub(crate) fn memo_len(&self) -> usize {
        self.memo().values().map(Vec::len).sum()
    }
}

impl Clone for RollupCache {
    fn clone(&self) -> Self {
        RollupCache {
            records: self.records.clone(),
            memo: Mutex::new(self.memo().clone()),
        }
    }
}

impl std::fmt::Debug for RollupCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RollupCache")
            .field("records_indexed", &self.records.get().map(Vec::len))
            .field("memoized", &self.memo_len())
            .finish()
    }
}
