//! The one place that keeps derived state right.
//!
//! Every change to the graph — by a method, a batch edit, an undo or a loader — ends
//! with one call of [`Hierarchy::changed`] naming what kind of change it was. That call,
//! and nothing else, updates what is derived from the graph: the id indexes of units and
//! organizations, the code index, the key indexes (of units, organizations, pairings
//! and records), the place and organization layouts with their cached member totals,
//! the name index, and the rollups' record index and memo. A new mutating
//! method therefore cannot forget an index or an invalidation: it has one typed change
//! to report, and the match below decides what follows from it. (`grep` the store for
//! `ids.0`, `org_ids.0`, `by_code` and the `*_keys` indexes: they are written here
//! only.)

use std::sync::OnceLock;

use petgraph::stable_graph::NodeIndex;

use super::Hierarchy;
use super::item_keys::Item;
use crate::code::DivisionCode;
use crate::names::NameId;
use crate::record::Record;
use crate::unit::{Members, UnitId};

/// A node the graph no longer holds: its graph index, its id, whether it was an
/// organization, and a unit's code.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Gone {
    pub(crate) ix: NodeIndex,
    pub(crate) id: UnitId,
    pub(crate) org: bool,
    pub(crate) code: Option<DivisionCode>,
    /// Its explicit key, taken out of the key table.
    pub(crate) key: Option<crate::names::NameId>,
}

/// What a change did to the graph, as far as derived state is concerned.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Change<'a> {
    /// A node was added (a unit with its code already in the code table): it is indexed
    /// by id, a unit by code too (the first holder of a code keeps it), and then as
    /// [`Structure`](Self::Structure).
    Added {
        ix: NodeIndex,
        /// The unit's code, as the code table now holds it.
        code: Option<DivisionCode>,
        /// Its explicit key, as the key table now holds it.
        key: Option<crate::names::NameId>,
    },
    /// Nodes were removed: their ids and codes leave the indexes (another unit loaded
    /// with the same code takes its place: the lowest graph index, one pass for the whole
    /// removal and none when every code is distinct), and then as
    /// [`Structure`](Self::Structure).
    Removed { gone: &'a [Gone] },
    /// A node's id changed from `old` (a unit's own organization numbered anew): it is
    /// indexed under its new id.
    Renumbered { ix: NodeIndex, old: UnitId },
    /// A unit's code changed from `old` (the code table holds the new one): the code
    /// index follows, as on removal for the old code.
    Code {
        ix: NodeIndex,
        old: Option<DivisionCode>,
    },
    /// The code index's entries as they were (an undone batch): restored exactly.
    CodeOwners {
        owners: &'a [(DivisionCode, Option<NodeIndex>)],
    },
    /// Nodes or tree edges were added or removed, a unit moved, an organization's
    /// superior or form changed: both layouts, the name index and the rollups' memo are
    /// dropped and rebuilt on their next read.
    Structure,
    /// A unit's member counts changed: the place layout's totals and the rollups' memo
    /// are patched along the unit's ancestors, *O(depth)*.
    UnitMembers {
        unit: NodeIndex,
        old: Members,
        new: Members,
    },
    /// An organization's member counts changed: the organization layout's totals are
    /// patched along its superiors, *O(depth)*. (A method that changes an organization's
    /// members reports [`Facts`](Self::Facts) too: a temporary organization's members
    /// count in its host's totals.)
    OrgMembers {
        org: NodeIndex,
        old: Members,
        new: Members,
    },
    /// A name changed: the name index is dropped.
    Name,
    /// Facts the rollups read (forms, details, flags, an organization's members) changed:
    /// their memo is dropped.
    Facts,
    /// Relations across the trees (pairings, coverage, hosting, big committees) changed:
    /// the rollups' memo and record index are dropped.
    Relations,
    /// A record was added or removed: the rollups' memo is patched.
    Record { record: &'a Record, added: bool },
    /// A pairing's or record's explicit key changed from `old` to `new` (the item's
    /// side table holds the new one): the key index follows.
    ItemKey {
        item: Item,
        old: Option<NameId>,
        new: Option<NameId>,
    },
}

impl Hierarchy {
    /// Brings derived state up to date after `change`. Called once by every change to the
    /// graph; see the module doc.
    pub(crate) fn changed(&mut self, change: Change<'_>) {
        match change {
            Change::Added { ix, code, key } => {
                let node = &self.graph[ix];
                let live = self.graph.node_count();
                if node.kind.org().is_some() {
                    self.org_ids.0.insert(node.id, ix, live);
                    if let Some(k) = key {
                        self.org_keys.insert(k, ix);
                    }
                } else {
                    if let Some(k) = key {
                        self.unit_keys.insert(k, ix);
                    }
                    self.ids.0.insert(node.id, ix, live);
                    if let Some(code) = code {
                        self.by_code.entry(code).or_insert(ix);
                    }
                }
                self.changed(Change::Structure);
            }
            Change::Removed { gone } => {
                let mut lost = hashbrown::HashSet::new();
                for g in gone {
                    if g.org {
                        self.org_ids.0.remove(g.id);
                        if let Some(k) = g.key {
                            self.org_keys.remove(&k);
                        }
                        continue;
                    }
                    self.ids.0.remove(g.id);
                    if let Some(k) = g.key {
                        self.unit_keys.remove(&k);
                    }
                    if let Some(code) = g.code
                        && self.by_code.get(&code) == Some(&g.ix)
                    {
                        self.by_code.remove(&code);
                        lost.insert(code);
                    }
                }
                self.regroup_codes(&lost);
                self.changed(Change::Structure);
            }
            Change::Renumbered { ix, old } => {
                self.org_ids.0.remove(old);
                let live = self.graph.node_count();
                self.org_ids.0.insert(self.graph[ix].id, ix, live);
            }
            Change::Code { ix, old } => {
                if let Some(old) = old
                    && self.by_code.get(&old) == Some(&ix)
                {
                    self.by_code.remove(&old);
                    self.regroup_codes(&hashbrown::HashSet::from([old]));
                }
                if let Some(&new) = self.codes.get(&ix) {
                    self.by_code.insert(new, ix);
                }
            }
            Change::CodeOwners { owners } => {
                for &(code, owner) in owners {
                    match owner {
                        Some(ix) => self.by_code.insert(code, ix),
                        None => self.by_code.remove(&code),
                    };
                }
            }
            Change::Structure => {
                // Only what was built needs dropping: a bulk load reports a change per row.
                if self.derived.layout.get().is_some() {
                    self.derived.layout = OnceLock::new();
                }
                if self.derived.by_name.get().is_some() {
                    self.derived.by_name = OnceLock::new();
                }
                if self.derived.org_layout.get().is_some() {
                    self.derived.org_layout = OnceLock::new();
                }
                if !self.derived.rollup.is_empty() {
                    self.derived.rollup = crate::rollup::RollupCache::default();
                }
            }
            Change::UnitMembers { unit, old, new } => {
                if let Some(layout) = self.derived.layout.get_mut() {
                    layout.member_delta(unit, old, new);
                }
                self.rollup_members_changed(unit, old, new);
            }
            Change::OrgMembers { org, old, new } => {
                if let Some(layout) = self.derived.org_layout.get_mut() {
                    layout.member_delta(org, old, new);
                }
            }
            Change::Name => {
                if self.derived.by_name.get().is_some() {
                    self.derived.by_name = OnceLock::new();
                }
            }
            Change::Facts => self.rollup_facts_changed(),
            Change::Relations => self.rollup_relations_changed(),
            Change::Record { record, added } => self.rollup_record_changed(record, added),
            Change::ItemKey { item, old, new } => match item {
                Item::Pairing(p) => {
                    if let Some(k) = old
                        && self.pairing_keys.get(&k) == Some(&p)
                    {
                        self.pairing_keys.remove(&k);
                    }
                    if let Some(k) = new {
                        self.pairing_keys.insert(k, p);
                    }
                }
                Item::Record(r) => {
                    if let Some(k) = old
                        && self.record_keys.get(&k) == Some(&r)
                    {
                        self.record_keys.remove(&k);
                    }
                    if let Some(k) = new {
                        self.record_keys.insert(k, r);
                    }
                }
            },
        }
    }

    /// Gives each of the `lost` codes to another unit that holds it, if any: the one with
    /// the lowest graph index, a deterministic choice. *O(coded units)*, and nothing when
    /// every code is distinct.
    fn regroup_codes(&mut self, lost: &hashbrown::HashSet<DivisionCode>) {
        if lost.is_empty() || self.by_code.len() >= self.codes.len() {
            return;
        }
        for (&ix, code) in &self.codes {
            if lost.contains(code) {
                let e = self.by_code.entry(*code).or_insert(ix);
                *e = (*e).min(ix);
            }
        }
    }
}
