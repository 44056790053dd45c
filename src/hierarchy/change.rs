//! The one place that keeps derived state right.
//!
//! Every change to the graph — by a method, a batch edit, an undo or a loader — ends
//! with one call of [`Hierarchy::changed`] naming what kind of change it was. That call,
//! and nothing else, updates what is derived from the graph: the place and organization
//! layouts with their cached member totals, the name index, and the rollups' record
//! index and memo. A new mutating method therefore cannot forget an invalidation: it has
//! one typed change to report, and the match below decides what follows from it.

use std::sync::OnceLock;

use petgraph::stable_graph::NodeIndex;

use super::Hierarchy;
use crate::record::Record;
use crate::unit::Members;

/// What a change did to the graph, as far as derived state is concerned.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Change<'a> {
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
    /// patched along its superiors, *O(depth)*.
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
}

impl Hierarchy {
    /// Brings derived state up to date after `change`. Called once by every change to the
    /// graph; see the module doc.
    pub(crate) fn changed(&mut self, change: Change<'_>) {
        match change {
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
        }
    }
}
