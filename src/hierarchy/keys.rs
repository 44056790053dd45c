//! External keys (外部编号): the text a department keys its rows by — a 12-digit division
//! code (`440111013000`), an organization code with leading zeros (`001001001004000`),
//! a platform key (`JH-001`) — kept byte for byte beside the compact internal ids.
//!
//! A unit or organization may carry a key: any text that is not only white space (kept
//! as given, spaces included), unique among the units
//! (or among the organizations). A node without one is keyed by its id's decimal number,
//! so a numeric file needs no keys at all; for the same reason an explicit key may not be
//! the decimal number of an id (`"17"`), except its own node's, which then is no explicit
//! key. Keys live in an arena of their own and two maps, costing nothing for nodes
//! without one.

use std::borrow::Cow;

use petgraph::stable_graph::NodeIndex;

use super::Hierarchy;
use crate::error::{HierarchyError, Label};
use crate::names::NameId;
use crate::unit::UnitId;

/// The decimal number `key` spells in the canonical form (no sign, no leading zero, below
/// `u32::MAX`), if it is one.
pub(crate) fn canonical_number(key: &str) -> Option<u32> {
    canonical_bytes(key.as_bytes())
}

/// [`canonical_number`] of bytes, read digit by digit.
pub(crate) fn canonical_bytes(b: &[u8]) -> Option<u32> {
    if b.is_empty() || (b.len() > 1 && b[0] == b'0') {
        return None;
    }
    let n = b.iter().try_fold(0u32, |acc, &c| {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        acc.checked_mul(10)?.checked_add(u32::from(d))
    })?;
    (n != u32::MAX).then_some(n)
}

impl Hierarchy {
    /// Checks a key for a node that is to take `id`: `Ok(true)` when it must be stored,
    /// `Ok(false)` when it is the id's own number (no explicit key).
    pub(super) fn check_key(
        &self,
        key: Option<&str>,
        id: UnitId,
        org: bool,
    ) -> Result<bool, HierarchyError> {
        let Some(key) = key else {
            return Ok(false);
        };
        if key.trim().is_empty() {
            return Err(HierarchyError::BadKey {
                key: key.to_owned(),
                reason: "a key is text that is not only white space",
            });
        }
        if let Some(n) = canonical_number(key) {
            return if n == id.0 {
                Ok(false)
            } else {
                Err(HierarchyError::BadKey {
                    key: key.to_owned(),
                    reason: "a key that is a number names the node of that id",
                })
            };
        }
        let owners = if org { &self.org_keys } else { &self.unit_keys };
        if self.keys.find(key).is_some_and(|k| owners.contains_key(&k)) {
            return Err(HierarchyError::DuplicateKey {
                key: key.to_owned(),
            });
        }
        Ok(true)
    }

    /// Stores a checked key of a new node (before its [`Change::Added`](super::Change)).
    pub(super) fn store_key(&mut self, ix: NodeIndex, key: &str) -> Result<NameId, HierarchyError> {
        let k = self
            .keys
            .intern(key)
            .map_err(|_| HierarchyError::Full { what: "key bytes" })?;
        self.key_of_node.insert(ix, k);
        Ok(k)
    }

    /// A node's explicit key, if it has one.
    pub(crate) fn explicit_key(&self, ix: NodeIndex) -> Option<&str> {
        self.key_of_node.get(&ix).map(|&k| self.keys.get(k))
    }

    /// How error messages name a node ([`Label`]): its explicit key, else its division
    /// code or organization code, else its id; and its name.
    pub(crate) fn label_ix(&self, ix: NodeIndex) -> Label {
        let node = &self.graph[ix];
        let key = match self.explicit_key(ix) {
            Some(k) => k.to_owned(),
            None if node.kind.org().is_some() => {
                let org = self.org_ref(ix);
                org.code()
                    .map_or_else(|| org.id().to_string(), str::to_owned)
            }
            None => self
                .codes
                .get(&ix)
                .map_or_else(|| node.id.to_string(), ToString::to_string),
        };
        Label {
            key,
            name: self.names.get(node.name).to_owned(),
        }
    }

    /// The [`Label`] of a unit; a missing one is named by its id alone.
    pub(crate) fn unit_label(&self, id: UnitId) -> Label {
        self.index_of(id)
            .map_or_else(|_| Label::of_id(id), |ix| self.label_ix(ix))
    }

    /// The [`Label`] of an organization; a missing one is named by its id alone.
    pub(crate) fn org_label(&self, id: crate::org::OrgId) -> Label {
        self.org_index_of(id)
            .map_or_else(|_| Label::of_id(id), |ix| self.label_ix(ix))
    }

    /// A node's key: its explicit key, or its id's number.
    pub(crate) fn key_text(&self, ix: NodeIndex) -> Cow<'_, str> {
        match self.explicit_key(ix) {
            Some(k) => Cow::Borrowed(k),
            None => Cow::Owned(self.graph[ix].id.0.to_string()),
        }
    }

    fn by_key(&self, key: &str, org: bool) -> Option<NodeIndex> {
        let owners = if org { &self.org_keys } else { &self.unit_keys };
        if let Some(ix) = self.keys.find(key).and_then(|k| owners.get(&k)) {
            return Some(*ix);
        }
        let n = canonical_number(key)?;
        let ix = if org {
            self.org_index_of(crate::org::OrgId(n)).ok()?
        } else {
            self.index_of(UnitId(n)).ok()?
        };
        // A node with an explicit key is not also found by its number.
        (!self.key_of_node.contains_key(&ix)).then_some(ix)
    }

    /// The unit with this key: its explicit key, or the number of its id. *O(key length)*.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_key("440111000000"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// assert_eq!(h.unit_by_key("440111000000").unwrap().id(), d);
    /// assert_eq!(h.unit_by_key(&s.0.to_string()).unwrap().id(), s);
    /// assert_eq!(h.unit(d)?.key(), "440111000000");
    /// assert!(h.unit_by_key("JH-001").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unit_by_key(&self, key: &str) -> Option<crate::UnitRef<'_>> {
        self.by_key(key, false).map(|ix| self.unit_ref(ix))
    }

    /// The organization with this key: its explicit key, or the number of its id.
    /// *O(key length)*.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let o = h.add_org(None, d, Org::new(OrgForm::Branch, "第一党支部").with_key("ORG-1"))?;
    /// assert_eq!(h.org_by_key("ORG-1").map(|o| o.id()), Some(o));
    /// assert!(h.org_by_key("ORG-2").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn org_by_key(&self, key: &str) -> Option<crate::OrgRef<'_>> {
        self.by_key(key, true).map(|ix| self.org_ref(ix))
    }

    /// The explicit keys' arena and index, in bytes (capacity).
    pub(super) fn keys_heap_bytes(&self) -> usize {
        self.keys.heap_bytes()
            + (self.key_of_node.capacity() + self.unit_keys.capacity() + self.org_keys.capacity())
                * 9
    }

    /// The key an explicit-key holder's id resolves to, for the index.
    pub(super) fn key_id_of(&self, ix: NodeIndex) -> Option<NameId> {
        self.key_of_node.get(&ix).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::canonical_number;

    #[test]
    fn only_canonical_decimals_below_the_reserved_id_are_numbers() {
        assert_eq!(canonical_number("0"), Some(0));
        assert_eq!(canonical_number("17"), Some(17));
        assert_eq!(canonical_number("4294967294"), Some(u32::MAX - 1));
        for text in [
            "",
            "017",
            "00",
            "4294967295",
            "440111013000",
            "+1",
            "1 ",
            "JH-001",
            "１",
        ] {
            assert_eq!(canonical_number(text), None, "{text:?}");
        }
    }
}
