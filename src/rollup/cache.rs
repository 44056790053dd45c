//! The rollup's derived state: the record index and the memo of subtree totals.
//!
//! Both live in the hierarchy's derived state and are dropped with the layout on any
//! structural change. Neither holds anything per unit:
//!
//! - the record index holds 8 bytes per record (layout position, record slot), sorted by
//!   position so that a subtree's records are one contiguous run;
//! - the memo holds one [`Totals`] per (subtree root, period) pair actually queried, at
//!   most [`MEMO_CAPACITY`] pairs in all.
//!
//! # The memo
//!
//! The pairs are spread over [`MEMO_SHARDS`] shards by a hash of (position, period); each
//! shard is a hash map from the pair to a slot, behind a mutex of its own on a cache line
//! of its own, and holds at most `MEMO_CAPACITY / MEMO_SHARDS` slots. A read locks one
//! shard for one hash lookup; readers of different pairs rarely meet on a lock, so
//! concurrent readers of an `Arc<Hierarchy>` scale. When a shard is full, a new pair takes
//! the slot of one chosen by the CLOCK policy (second chance): a hand sweeps the slots,
//! clearing the "read since" bit of each it passes and taking the first slot whose bit is
//! clear — an approximation of least-recently-used in *O(1)* amortized, without a list to
//! keep in order. Nothing is ever scanned linearly on a read or an insertion.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

use chrono::Datelike;
use hashbrown::HashMap;

use super::{Period, Totals};

/// The most (subtree root, period) pairs the rollup memo keeps, periods included: a
/// promise. Past it, a new result takes the place of one not read recently (see the
/// [module doc](crate::rollup)). About 8 MB at most.
pub const MEMO_CAPACITY: usize = 8192;

/// The number of independently locked shards of the memo.
pub const MEMO_SHARDS: usize = 64;

const SHARD_CAPACITY: usize = MEMO_CAPACITY / MEMO_SHARDS;

/// A memo key: the layout position of the subtree root and the period.
pub(crate) type Key = (u32, Period);

#[derive(Clone, Debug)]
struct Slot {
    key: Key,
    totals: Totals,
    /// Read since the CLOCK hand last passed.
    referenced: bool,
}

#[derive(Clone, Debug, Default)]
struct Shard {
    index: HashMap<Key, u32>,
    slots: Vec<Slot>,
    hand: usize,
}

impl Shard {
    fn clear(&mut self) {
        self.index.clear();
        self.slots.clear();
        self.hand = 0;
    }

    fn insert(&mut self, key: Key, totals: Totals) {
        if self.index.contains_key(&key) {
            return;
        }
        let slot = Slot {
            key,
            totals,
            referenced: false,
        };
        if self.slots.len() < SHARD_CAPACITY {
            self.index.insert(key, self.slots.len() as u32);
            self.slots.push(slot);
            return;
        }
        // CLOCK: at most one sweep clears every bit, so the loop ends within two.
        loop {
            let h = self.hand;
            self.hand = (h + 1) % self.slots.len();
            let s = &mut self.slots[h];
            if s.referenced {
                s.referenced = false;
                continue;
            }
            self.index.remove(&s.key);
            *s = slot;
            self.index.insert(key, h as u32);
            return;
        }
    }

    /// Keeps the entries for which `f` (which may patch them) answers true.
    fn retain_mut(&mut self, mut f: impl FnMut(&Key, &mut Totals) -> bool) {
        let before = self.slots.len();
        self.slots.retain_mut(|s| f(&s.key, &mut s.totals));
        if self.slots.len() != before {
            self.index.clear();
            for (i, s) in self.slots.iter().enumerate() {
                self.index.insert(s.key, i as u32);
            }
            self.hand = 0;
        }
    }
}

/// A shard on a cache line (two, for adjacent-line prefetch) of its own, so that two
/// readers locking neighbouring shards do not share a line.
#[derive(Debug, Default)]
#[repr(align(128))]
struct Padded(Mutex<Shard>);

/// The rollup's derived state.
pub(crate) struct RollupCache {
    /// (layout position, record slot), sorted.
    pub(crate) records: OnceLock<Vec<(u32, u32)>>,
    shards: Box<[Padded]>,
    /// Whether anything was memoized since the memo was last cleared: lets the
    /// per-change checks of a bulk load skip the shards.
    filled: AtomicBool,
}

impl Default for RollupCache {
    fn default() -> Self {
        RollupCache {
            records: OnceLock::new(),
            shards: (0..MEMO_SHARDS).map(|_| Padded::default()).collect(),
            filled: AtomicBool::new(false),
        }
    }
}

/// The shard of a key: a multiplicative hash of the position and the period's days.
fn shard_of(key: &Key) -> usize {
    let (p, period) = key;
    let days = |d: chrono::NaiveDate| u64::from(d.num_days_from_ce() as u32);
    let x = u64::from(*p)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(days(period.start()).wrapping_mul(0xC2B2_AE3D_27D4_EB4F))
        .wrapping_add(days(period.end()).wrapping_mul(0x1656_67B1_9E37_79F9));
    ((x ^ (x >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9) >> 58) as usize % MEMO_SHARDS
}

impl RollupCache {
    fn lock(&self, key: &Key) -> MutexGuard<'_, Shard> {
        // A poisoned lock (a panic while holding it) is recovered by clearing the shard.
        self.shards[shard_of(key)]
            .0
            .lock()
            .unwrap_or_else(|poisoned| {
                let mut g = poisoned.into_inner();
                g.clear();
                g
            })
    }

    fn shards_mut(&mut self) -> impl Iterator<Item = &mut Shard> {
        self.shards
            .iter_mut()
            .map(|s| s.0.get_mut().unwrap_or_else(|p| p.into_inner()))
    }

    /// The memoized totals of a pair, marked as read. Locks one shard for one lookup.
    pub(crate) fn get(&self, key: &Key) -> Option<Totals> {
        let mut shard = self.lock(key);
        let i = *shard.index.get(key)? as usize;
        let slot = &mut shard.slots[i];
        slot.referenced = true;
        Some(slot.totals.clone())
    }

    /// Memoizes a pair's totals, evicting one pair of its shard if the shard is full.
    /// *O(1)* amortized.
    pub(crate) fn insert(&self, key: Key, totals: Totals) {
        if !self.filled.load(Ordering::Relaxed) {
            self.filled.store(true, Ordering::Relaxed);
        }
        self.lock(&key).insert(key, totals);
    }

    /// Patches or drops entries, for a mutating method holding `&mut`: keeps those for
    /// which `f` answers true. *O(entries)*, at most [`MEMO_CAPACITY`].
    pub(crate) fn retain_mut(&mut self, mut f: impl FnMut(&Key, &mut Totals) -> bool) {
        for s in self.shards_mut() {
            s.retain_mut(&mut f);
        }
    }

    /// Forgets memoized totals (facts changed in a way not patched incrementally).
    pub(crate) fn clear_memo(&mut self) {
        if !*self.filled.get_mut() {
            return;
        }
        for s in self.shards_mut() {
            s.clear();
        }
        *self.filled.get_mut() = false;
    }

    /// Forgets the record index (records changed); the memo is patched separately.
    pub(crate) fn records_changed(&mut self) {
        self.records = OnceLock::new();
    }

    /// Bytes held on the heap: the record index and the memo.
    pub(crate) fn heap_bytes(&self) -> usize {
        let records = self.records.get().map_or(0, |v| v.capacity() * 8);
        let memo: usize = self
            .shards
            .iter()
            .map(|s| {
                let s = s.0.lock().unwrap_or_else(|p| p.into_inner());
                s.slots.capacity() * std::mem::size_of::<Slot>()
                    + s.index.capacity() * (std::mem::size_of::<(Key, u32)>() + 1)
            })
            .sum();
        records + memo + self.shards.len() * std::mem::size_of::<Padded>()
    }

    /// Whether nothing is cached (no record index, no memo).
    pub(crate) fn is_empty(&mut self) -> bool {
        self.records.get().is_none() && self.memo_is_empty()
    }

    /// Whether the memo is empty.
    pub(crate) fn memo_is_empty(&mut self) -> bool {
        !*self.filled.get_mut() || self.shards_mut().all(|s| s.slots.is_empty())
    }

    /// The number of memoized totals.
    pub(crate) fn memo_len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.0.lock().map_or(0, |g| g.slots.len()))
            .sum()
    }
}

impl Clone for RollupCache {
    fn clone(&self) -> Self {
        RollupCache {
            records: self.records.clone(),
            shards: self
                .shards
                .iter()
                .map(|s| {
                    let g = s.0.lock().unwrap_or_else(|p| p.into_inner());
                    Padded(Mutex::new(g.clone()))
                })
                .collect(),
            filled: AtomicBool::new(self.filled.load(Ordering::Relaxed)),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_spread_over_the_shards() {
        let mut seen = [0usize; MEMO_SHARDS];
        for p in 0..64u32 {
            for y in 2000..2064 {
                seen[shard_of(&(p, Period::year(y)))] += 1;
            }
        }
        let (lo, hi) = (seen.iter().min().unwrap(), seen.iter().max().unwrap());
        assert!(*lo > 20 && *hi < 120, "{seen:?}");
    }

    #[test]
    fn a_full_shard_evicts_what_was_not_read() {
        let mut s = Shard::default();
        let key = |i: u32| (i, Period::year(2023));
        for i in 0..SHARD_CAPACITY as u32 {
            s.insert(key(i), Totals::default());
        }
        s.slots[0].referenced = true;
        s.insert(key(9999), Totals::default());
        assert_eq!(s.slots.len(), SHARD_CAPACITY);
        assert!(s.index.contains_key(&key(0)), "read since: a second chance");
        assert!(!s.index.contains_key(&key(1)));
        assert!(s.index.contains_key(&key(9999)));
        assert_eq!(s.index.len(), s.slots.len());
    }
}
