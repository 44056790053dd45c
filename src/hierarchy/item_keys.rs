//! External keys of pairings and records: the text a department keys its pairing and
//! record rows by (`JD-2023-001`, `0001`), kept byte for byte beside the compact ids.
//!
//! The rules are the units' (see the `keys` module): a key is any text that is not only
//! white space, unique among the pairings (or among the records); an item without one
//! is keyed by its id's decimal number, so an explicit key may not be the decimal number
//! of an id, except its own item's, which then is no explicit key.
//!
//! **Design.** [`Pairing`](crate::Pairing) and [`Record`](crate::Record) stay plain
//! values (a record is `Copy`): keys live in the store, in side tables keyed by id — the
//! text in the hierarchy's key arena, `id → key` as source data and `key → id` as an
//! index written by the change hook alone — so an item without a key costs nothing. A key
//! is given when adding ([`Hierarchy::add_pairing_with_key`],
//! [`Hierarchy::add_record_with_key`]) or later ([`Hierarchy::set_pairing_key`],
//! [`Hierarchy::set_record_key`], and the batch edits
//! [`Edit::SetPairingKey`](crate::batch::Edit::SetPairingKey) and
//! [`Edit::SetRecordKey`](crate::batch::Edit::SetRecordKey)); it goes with its item when the
//! item is removed (by itself or with its unit) and comes back when a refused batch
//! undoes the removal. Keys count in equality.

use std::borrow::Cow;

use super::{Change, Hierarchy};
use crate::error::HierarchyError;
use crate::names::NameId;
use crate::record::{Record, RecordId};
use crate::relation::{Pairing, PairingId};
use crate::unit::UnitId;

/// A pairing or a record: an item whose key the store keeps beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Item {
    Pairing(PairingId),
    Record(RecordId),
}

impl Item {
    fn number(self) -> u32 {
        match self {
            Item::Pairing(p) => p.0,
            Item::Record(r) => r.0,
        }
    }
}

impl Hierarchy {
    /// Checks a key for `item`: `Ok(true)` when it must be stored, `Ok(false)` when it is
    /// the item's own number (no explicit key).
    fn check_item_key(&self, item: Item, key: &str) -> Result<bool, HierarchyError> {
        if key.trim().is_empty() {
            return Err(HierarchyError::BadKey {
                key: key.to_owned(),
                reason: "a key is text that is not only white space",
            });
        }
        if let Some(n) = super::canonical_number(key) {
            return if n == item.number() {
                Ok(false)
            } else {
                Err(HierarchyError::BadKey {
                    key: key.to_owned(),
                    reason: "a key that is a number names the item of that id",
                })
            };
        }
        let holder = self
            .keys
            .find(key)
            .and_then(|k| self.item_by_key_id(item, k));
        if holder.is_some_and(|h| h != item) {
            return Err(HierarchyError::DuplicateKey {
                key: key.to_owned(),
            });
        }
        Ok(true)
    }

    /// The item of `item`'s kind holding the explicit key `k`.
    fn item_by_key_id(&self, item: Item, k: NameId) -> Option<Item> {
        match item {
            Item::Pairing(_) => self.pairing_keys.get(&k).map(|&p| Item::Pairing(p)),
            Item::Record(_) => self.record_keys.get(&k).map(|&r| Item::Record(r)),
        }
    }

    /// Checks `key` for `item` and interns it: the explicit key to store, if any.
    fn prepare_item_key(
        &mut self,
        item: Item,
        key: &str,
    ) -> Result<Option<NameId>, HierarchyError> {
        if !self.check_item_key(item, key)? {
            return Ok(None);
        }
        self.keys
            .intern(key)
            .map(Some)
            .map_err(|_| HierarchyError::Full { what: "key bytes" })
    }

    /// An item's explicit key id, if it has one.
    pub(super) fn item_key_id(&self, item: Item) -> Option<NameId> {
        match item {
            Item::Pairing(p) => self.key_of_pairing.get(&p).copied(),
            Item::Record(r) => self.key_of_record.get(&r).copied(),
        }
    }

    /// Gives `item` the explicit key `key` (or none), reporting the change. Nothing is
    /// checked: the key was checked, or is one the item held before (an undo).
    pub(super) fn put_item_key(&mut self, item: Item, key: Option<NameId>) {
        let old = match (item, key) {
            (Item::Pairing(p), Some(k)) => self.key_of_pairing.insert(p, k),
            (Item::Pairing(p), None) => self.key_of_pairing.remove(&p),
            (Item::Record(r), Some(k)) => self.key_of_record.insert(r, k),
            (Item::Record(r), None) => self.key_of_record.remove(&r),
        };
        if old.is_some() || key.is_some() {
            self.changed(Change::ItemKey {
                item,
                old,
                new: key,
            });
        }
    }

    /// Sets or clears (`None`) a pairing's key. A key that is the pairing's own number
    /// clears it too.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Pairing, PairingKind, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let a = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let b = h.add_unit(Some(d), Unit::new(UnitKind::Street, "石井街道"))?;
    /// let p = h.add_pairing(a, b, Pairing::new(PairingKind::JointBuilding))?;
    /// h.set_pairing_key(p, Some("JD-001"))?;
    /// assert_eq!(h.pairing_by_key("JD-001"), Some(p));
    /// assert!(h.set_pairing_key(p, Some("99")).is_err()); // another id's number
    /// h.set_pairing_key(p, None)?;
    /// assert_eq!(h.pairing_key(p).as_deref(), Some(p.0.to_string().as_str()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownPairing`]; [`HierarchyError::BadKey`] for text that is
    /// only white space or the number of another id; [`HierarchyError::DuplicateKey`]
    /// for a key another pairing has.
    pub fn set_pairing_key(
        &mut self,
        id: PairingId,
        key: Option<&str>,
    ) -> Result<(), HierarchyError> {
        if !self.pairings.contains_key(&id) {
            return Err(HierarchyError::UnknownPairing { id });
        }
        self.set_item_key(Item::Pairing(id), key)
    }

    /// Sets or clears (`None`) a record's key. A key that is the record's own number
    /// clears it too.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{Hierarchy, Record, RecordKind, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 5, 4).unwrap();
    /// let r = h.add_record(Record::new(d, day, RecordKind::Activity { participants: 30 }))?;
    /// h.set_record_key(r, Some("HD-0001"))?;
    /// assert_eq!(h.record_by_key("HD-0001"), Some(r));
    /// assert_eq!(h.record_key(r).as_deref(), Some("HD-0001"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownRecord`]; [`HierarchyError::BadKey`];
    /// [`HierarchyError::DuplicateKey`] for a key another record has.
    pub fn set_record_key(
        &mut self,
        id: RecordId,
        key: Option<&str>,
    ) -> Result<(), HierarchyError> {
        if self.record_at(id.0 as usize).is_none() {
            return Err(HierarchyError::UnknownRecord { id });
        }
        self.set_item_key(Item::Record(id), key)
    }

    fn set_item_key(&mut self, item: Item, key: Option<&str>) -> Result<(), HierarchyError> {
        let k = match key {
            Some(key) => self.prepare_item_key(item, key)?,
            None => None,
        };
        self.put_item_key(item, k);
        Ok(())
    }

    /// [`add_pairing`](Self::add_pairing) with a key, checked first: when anything is
    /// refused nothing is added.
    ///
    /// ```
    /// use partyorg::{Hierarchy, HierarchyError, Pairing, PairingKind, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let a = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let b = h.add_unit(Some(d), Unit::new(UnitKind::Street, "石井街道"))?;
    /// let jb = || Pairing::new(PairingKind::JointBuilding);
    /// let p = h.add_pairing_with_key(a, b, jb(), "结对-001")?;
    /// assert_eq!(h.pairing_key(p).as_deref(), Some("结对-001"));
    /// assert!(matches!(
    ///     h.add_pairing_with_key(b, a, jb(), "结对-001"),
    ///     Err(HierarchyError::DuplicateKey { .. })
    /// ));
    /// assert_eq!(h.pairings().count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`add_pairing`](Self::add_pairing) and
    /// [`set_pairing_key`](Self::set_pairing_key).
    pub fn add_pairing_with_key(
        &mut self,
        from: UnitId,
        to: UnitId,
        pairing: Pairing,
        key: &str,
    ) -> Result<PairingId, HierarchyError> {
        let next = PairingId(self.next_pairing);
        let k = self.prepare_item_key(Item::Pairing(next), key)?;
        let id = self.add_pairing(from, to, pairing)?;
        self.put_item_key(Item::Pairing(id), k);
        Ok(id)
    }

    /// [`add_record`](Self::add_record) with a key, checked first: when anything is
    /// refused nothing is added.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{Hierarchy, Record, RecordKind, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 5, 4).unwrap();
    /// let r = h.add_record_with_key(
    ///     Record::new(d, day, RecordKind::Training { person_times: 40 }),
    ///     "0001",
    /// )?;
    /// assert_eq!(h.record_by_key("0001"), Some(r));
    /// assert_eq!(h.record_by_key(&r.0.to_string()), None); // keyed: not by number
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`add_record`](Self::add_record) and [`set_record_key`](Self::set_record_key).
    pub fn add_record_with_key(
        &mut self,
        record: Record,
        key: &str,
    ) -> Result<RecordId, HierarchyError> {
        let next = RecordId(u32::try_from(self.records.len()).unwrap_or(u32::MAX));
        self.index_of(record.unit)?;
        let k = self.prepare_item_key(Item::Record(next), key)?;
        let id = self.add_record(record)?;
        self.put_item_key(Item::Record(id), k);
        Ok(id)
    }

    /// A pairing's explicit key, if it has one.
    pub(crate) fn explicit_pairing_key(&self, id: PairingId) -> Option<&str> {
        self.key_of_pairing.get(&id).map(|&k| self.keys.get(k))
    }

    /// A record's explicit key, if it has one.
    pub(crate) fn explicit_record_key(&self, id: RecordId) -> Option<&str> {
        self.key_of_record.get(&id).map(|&k| self.keys.get(k))
    }

    /// A pairing's key: its explicit key, or its id's number; `None` when no pairing has
    /// the id.
    ///
    /// ```
    /// use partyorg::{Hierarchy, PairingId};
    /// assert_eq!(Hierarchy::new().pairing_key(PairingId(0)), None);
    /// ```
    pub fn pairing_key(&self, id: PairingId) -> Option<Cow<'_, str>> {
        if !self.pairings.contains_key(&id) {
            return None;
        }
        Some(match self.explicit_pairing_key(id) {
            Some(k) => Cow::Borrowed(k),
            None => Cow::Owned(id.0.to_string()),
        })
    }

    /// A record's key: its explicit key, or its id's number; `None` when no live record
    /// has the id.
    ///
    /// ```
    /// use partyorg::{Hierarchy, RecordId};
    /// assert_eq!(Hierarchy::new().record_key(RecordId(0)), None);
    /// ```
    pub fn record_key(&self, id: RecordId) -> Option<Cow<'_, str>> {
        self.record_at(id.0 as usize)?;
        Some(match self.explicit_record_key(id) {
            Some(k) => Cow::Borrowed(k),
            None => Cow::Owned(id.0.to_string()),
        })
    }

    /// The pairing with this key: its explicit key, or the number of its id. *O(key
    /// length)*.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Pairing, PairingKind, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let a = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let b = h.add_unit(Some(d), Unit::new(UnitKind::Street, "石井街道"))?;
    /// let p = h.add_pairing(a, b, Pairing::new(PairingKind::JointBuilding))?;
    /// assert_eq!(h.pairing_by_key(&p.0.to_string()), Some(p));
    /// assert_eq!(h.pairing_by_key("JD-001"), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pairing_by_key(&self, key: &str) -> Option<PairingId> {
        if let Some(&p) = self.keys.find(key).and_then(|k| self.pairing_keys.get(&k)) {
            return Some(p);
        }
        let id = PairingId(super::canonical_number(key)?);
        (self.pairings.contains_key(&id) && !self.key_of_pairing.contains_key(&id)).then_some(id)
    }

    /// The live record with this key: its explicit key, or the number of its id. *O(key
    /// length)*.
    ///
    /// ```
    /// use partyorg::{Hierarchy, RecordId};
    /// assert_eq!(Hierarchy::new().record_by_key("0"), None::<RecordId>);
    /// ```
    pub fn record_by_key(&self, key: &str) -> Option<RecordId> {
        if let Some(&r) = self.keys.find(key).and_then(|k| self.record_keys.get(&k)) {
            return Some(r);
        }
        let id = RecordId(super::canonical_number(key)?);
        (self.record_at(id.0 as usize).is_some() && !self.key_of_record.contains_key(&id))
            .then_some(id)
    }

    /// Whether two hierarchies give the same pairings and records the same keys.
    pub(super) fn item_keys_eq(&self, other: &Hierarchy) -> bool {
        self.key_of_pairing.len() == other.key_of_pairing.len()
            && self.key_of_record.len() == other.key_of_record.len()
            && (self.key_of_pairing.keys())
                .all(|&p| self.explicit_pairing_key(p) == other.explicit_pairing_key(p))
            && (self.key_of_record.keys())
                .all(|&r| self.explicit_record_key(r) == other.explicit_record_key(r))
    }

    /// The item keys' tables, in bytes (capacity).
    pub(super) fn item_keys_heap_bytes(&self) -> usize {
        (self.key_of_pairing.capacity()
            + self.key_of_record.capacity()
            + self.pairing_keys.capacity()
            + self.record_keys.capacity())
            * 9
    }
}
