//! The shared name arena: every distinct name stored once.
//!
//! The nation's 4.7 million co-ops share a few hundred names (第一经济社 …), so a unit
//! holds a 4-byte [`NameId`] into one arena instead of a `String` of its own. The interner
//! table stores each name's id with 32 bits of its hash (8 bytes a distinct name), so that
//! growing the table rehashes without reading the arena.

use std::hash::BuildHasher;

use hashbrown::DefaultHashBuilder;
use hashbrown::HashTable;

/// An interned name's id in a [`Names`] arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct NameId(pub(crate) u32);

/// An arena of distinct names.
#[derive(Clone, Default)]
pub(crate) struct Names {
    text: String,
    /// `ends[i]` is the end of name `i` in `text`; name `i` starts at `ends[i - 1]` (or 0).
    ends: Vec<u32>,
    /// (name id, 32 bits of its hash).
    table: HashTable<(u32, u32)>,
    hasher: DefaultHashBuilder,
}

/// The table's hash of a name's 32 stored bits: a fixed mixing, so that a hash computed
/// from the name and one recomputed from the stored bits always agree.
fn spread(h32: u32) -> u64 {
    u64::from(h32).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The arena is full: its text would pass `u32::MAX` bytes or `u32::MAX` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ArenaFull;

impl Names {
    /// The name with this id.
    pub(crate) fn get(&self, id: NameId) -> &str {
        let i = id.0 as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// The 32 stored bits of a name's hash.
    fn h32(&self, name: &str) -> u32 {
        self.hasher.hash_one(name) as u32
    }

    /// The id of `name`, if it was interned.
    pub(crate) fn find(&self, name: &str) -> Option<NameId> {
        let h = self.h32(name);
        self.table
            .find(spread(h), |&(id, k)| k == h && self.get(NameId(id)) == name)
            .map(|&(id, _)| NameId(id))
    }

    /// Interns `name`, returning its id.
    pub(crate) fn intern(&mut self, name: &str) -> Result<NameId, ArenaFull> {
        let h = self.h32(name);
        if let Some(&(id, _)) = self
            .table
            .find(spread(h), |&(id, k)| k == h && self.get(NameId(id)) == name)
        {
            return Ok(NameId(id));
        }
        let end = self.text.len() + name.len();
        let end = u32::try_from(end).map_err(|_| ArenaFull)?;
        let id = u32::try_from(self.ends.len()).map_err(|_| ArenaFull)?;
        self.text.push_str(name);
        self.ends.push(end);
        self.table
            .insert_unique(spread(h), (id, h), |&(_, k)| spread(k));
        Ok(NameId(id))
    }

    /// Bytes held, for memory accounting.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 4 + self.table.capacity() * 9
    }

    /// Releases spare capacity.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

impl std::fmt::Debug for Names {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Names")
            .field("names", &self.ends.len())
            .field("bytes", &self.text.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinking_keeps_the_names_and_releases_spare_room() {
        let mut n = Names::default();
        let ids: Vec<NameId> = (0..1_000)
            .map(|i| n.intern(&format!("第{i}经济社")).unwrap())
            .collect();
        let grown = n.heap_bytes();
        n.shrink_to_fit();
        assert!(n.heap_bytes() < grown, "{} of {grown}", n.heap_bytes());
        assert_eq!(n.text.capacity(), n.text.len());
        assert_eq!(n.ends.capacity(), n.ends.len());
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(n.get(*id), format!("第{i}经济社"));
        }
    }

    #[test]
    fn interning_is_idempotent() {
        let mut n = Names::default();
        let a = n.intern("第一经济社").unwrap();
        let b = n.intern("第二经济社").unwrap();
        let e = n.intern("").unwrap();
        assert_ne!(a, b);
        assert_eq!(n.intern("第一经济社").unwrap(), a);
        assert_eq!(n.get(a), "第一经济社");
        assert_eq!(n.get(b), "第二经济社");
        assert_eq!(n.get(e), "");
        assert_eq!(n.find("第二经济社"), Some(b));
        assert_eq!(n.find("第三经济社"), None);
    }

    #[test]
    fn many_names_survive_rehashing() {
        let mut n = Names::default();
        let ids: Vec<_> = (0..10_000)
            .map(|i| n.intern(&format!("社{i}")).unwrap())
            .collect();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(n.get(*id), format!("社{i}"));
            assert_eq!(n.find(&format!("社{i}")), Some(*id));
        }
    }
}
