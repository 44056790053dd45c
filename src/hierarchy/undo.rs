//! The undo log of a batch: what each applied edit changed, kept so that a refused batch
//! can be taken back in time proportional to its edits, not to the hierarchy.
//!
//! Every entry names nodes by their stable ids, never by graph index, and restores the
//! order of children exactly (children order is part of a hierarchy's identity).

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};

use super::Change;
use super::item_keys::Item;
use super::{Hierarchy, Node};
use crate::batch::Edit;
use crate::code::DivisionCode;
use crate::error::HierarchyError;
use crate::names::NameId;
use crate::org::OrgId;
use crate::record::{Record, RecordId};
use crate::relation::{Pairing, PairingId, Relation};
use crate::unit::{Details, Members, PartyForm, UnitId};

/// How to take back one applied edit.
#[derive(Debug)]
pub(crate) enum Undo {
    /// A unit was added; the id counters stood at `next_id` and `next_org` before.
    Added {
        id: UnitId,
        next_id: u32,
        next_org: u32,
    },
    /// A unit was moved from `old_parent`, whose children stood in `siblings` order.
    Moved {
        unit: UnitId,
        old_parent: Option<UnitId>,
        siblings: Vec<UnitId>,
    },
    /// Units were removed.
    Removed(Box<RemovedState>),
    /// Member counts were changed.
    Members { unit: UnitId, old: Members },
    /// A party form was changed; the unit's own organization had id `own` and the
    /// organizations recorded below it were `below`; the organization counter stood at
    /// `next_org`.
    Form {
        unit: UnitId,
        old: Option<PartyForm>,
        own: Option<OrgId>,
        below: Vec<OrgId>,
        next_org: u32,
        /// The own organization's recorded superior with its subordinates' order, and
        /// the units it covered.
        kept: Box<(Option<SubOrder>, Vec<UnitId>)>,
    },
    /// Details were replaced.
    Details { unit: UnitId, old: Box<Details> },
    /// A unit was renamed.
    Name { unit: UnitId, old: String },
    /// A code was changed; `lookups` are the code index's entries for the old and new
    /// codes before the change.
    Code {
        unit: UnitId,
        old: Option<DivisionCode>,
        lookups: Vec<(DivisionCode, Option<UnitId>)>,
    },
    /// A pairing was added from `from`; the pairing counter stood at `next` before.
    AddedPairing {
        id: PairingId,
        from: UnitId,
        next: u32,
    },
    /// A pairing was removed, with its explicit key.
    RemovedPairing {
        id: PairingId,
        pairing: Pairing,
        from: UnitId,
        to: UnitId,
        key: Option<NameId>,
    },
    /// A record was added; the record table had `len` slots before.
    AddedRecord { id: RecordId, len: usize },
    /// A record was removed, with its explicit key.
    RemovedRecord {
        id: RecordId,
        record: Record,
        key: Option<NameId>,
    },
    /// A pairing's or record's explicit key was `old`.
    ItemKey { item: Item, old: Option<NameId> },
    /// A committee size was set.
    Committee { unit: UnitId, old: Option<u8> },
    /// The agricultural flag was set.
    Agricultural { unit: UnitId, old: bool },
    /// A relation was added (`added`: the relation is new).
    Related {
        org: OrgId,
        unit: UnitId,
        relation: Relation,
        added: bool,
    },
    /// A relation of an organization to a unit was removed.
    Unrelated {
        org: OrgId,
        unit: UnitId,
        relation: Relation,
    },
    /// A temporary organization's host was replaced; it had `old`.
    Host { temporary: OrgId, old: UnitId },
    /// An organization was added; the organization counter stood at `next_org`.
    AddedOrg { id: OrgId, next_org: u32 },
    /// An organization's recorded superior was `old`, whose subordinates stood in
    /// `order`.
    Superior {
        org: OrgId,
        old: Option<OrgId>,
        order: Option<SubOrder>,
    },
    /// An organization's members were `old`.
    OrgMembers { org: OrgId, old: Members },
    /// A joint branch was made to cover a unit (`added`: the relation is new).
    Covered {
        org: OrgId,
        unit: UnitId,
        added: bool,
    },
}

/// A node named by its stable id: a unit's or an organization's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Key {
    Unit(UnitId),
    Org(OrgId),
}

/// An organization and the organizations recorded below it, in adjacency order.
type SubOrder = (Key, Vec<Key>);

/// A removed node: its graph index, weight, details and code.
type RemovedNode = (
    NodeIndex,
    Node,
    Option<Box<Details>>,
    Option<DivisionCode>,
    Option<crate::names::NameId>,
);

/// Everything a removal took away.
#[derive(Debug, Default)]
pub(crate) struct RemovedState {
    /// The removed nodes in removal order, with their graph index, details and code.
    nodes: Vec<RemovedNode>,
    /// Every edge that touched a removed node, by ids.
    edges: Vec<(Key, Key, Relation)>,
    /// Children orders (newest first, as the graph keeps them) to restore.
    orders: Vec<(UnitId, Vec<UnitId>)>,
    /// Organizations whose superior the removal changed.
    pub(crate) relinked: Vec<Key>,
    /// Orders of subordinates to restore.
    sub_orders: Vec<SubOrder>,
    /// Extras of removed organizations.
    org_extras: Vec<(NodeIndex, Box<super::orgs::OrgExtra>)>,
    /// Children that were lifted to the removed unit's parent.
    lifted: Vec<UnitId>,
    /// The code index's entries for the removed codes.
    lookups: Vec<(DivisionCode, Option<UnitId>)>,
    /// Removed pairings and records, with their explicit keys.
    pairings: Vec<(PairingId, Pairing, Option<NameId>)>,
    records: Vec<(usize, Record, Option<NameId>)>,
}

impl Hierarchy {
    pub(crate) fn key_of(&self, ix: NodeIndex) -> Key {
        let n = &self.graph[ix];
        if n.kind.org().is_some() {
            Key::Org(OrgId(n.id.0))
        } else {
            Key::Unit(n.id)
        }
    }

    fn ix_of_key(&self, key: Key) -> Option<NodeIndex> {
        match key {
            Key::Unit(u) => self.index_of(u).ok(),
            Key::Org(o) => self.org_index_of(o).ok(),
        }
    }

    /// The organizations recorded below one, in adjacency order (newest first).
    fn sub_order(&self, org: NodeIndex) -> SubOrder {
        let below = self.graph.edges_directed(org, Outgoing);
        let below = below.filter(|e| *e.weight() == Relation::Superior);
        (
            self.key_of(org),
            below.map(|e| self.key_of(e.target())).collect(),
        )
    }

    /// Puts the organizations recorded below one back in `order` (newest first).
    fn reorder_subordinates(&mut self, (org, order): &SubOrder) {
        let Some(o) = self.ix_of_key(*org) else {
            return;
        };
        let edges: Vec<EdgeIndex> = (self.graph.edges_directed(o, Outgoing))
            .filter(|e| *e.weight() == Relation::Superior)
            .map(|e| e.id())
            .collect();
        for e in edges {
            self.graph.remove_edge(e);
        }
        let order: Vec<NodeIndex> = order
            .iter()
            .rev()
            .filter_map(|&c| self.ix_of_key(c))
            .collect();
        for c in order {
            self.graph.add_edge(o, c, Relation::Superior);
        }
    }

    fn ids_of(&self, ixs: impl Iterator<Item = NodeIndex>) -> Vec<UnitId> {
        ixs.map(|ix| self.graph[ix].id).collect()
    }

    fn code_lookup(&self, code: DivisionCode) -> (DivisionCode, Option<UnitId>) {
        (code, self.by_code.get(&code).map(|&ix| self.graph[ix].id))
    }

    /// Records what removing `doomed` will take away. *O(removed nodes × degree +
    /// records + children of the parent)*.
    pub(crate) fn capture_removal(
        &self,
        log: &mut RemovedState,
        doomed: &[NodeIndex],
        parent: Option<NodeIndex>,
        lift: bool,
    ) {
        let mut seen: hashbrown::HashSet<EdgeIndex> = hashbrown::HashSet::new();
        let mut gone: hashbrown::HashSet<UnitId> = hashbrown::HashSet::new();
        for &n in doomed {
            let node = self.graph[n].clone();
            if node.kind.org().is_none() {
                gone.insert(node.id);
            }
            if let Some(extra) = self.org_extra.get(&n) {
                log.org_extras.push((n, extra.clone()));
            }
            if node.kind.org().is_some() {
                log.sub_orders.push(self.sub_order(n));
                if let Some(s) = self.stored_superior_ix(n) {
                    log.sub_orders.push(self.sub_order(s));
                }
            }
            let code = self.codes.get(&n).copied();
            if let Some(c) = code {
                log.lookups.push(self.code_lookup(c));
            }
            log.nodes.push((
                n,
                node,
                self.details.get(&n).cloned(),
                code,
                self.key_id_of(n),
            ));
            for e in self
                .graph
                .edges_directed(n, Outgoing)
                .chain(self.graph.edges_directed(n, Incoming))
            {
                if seen.insert(e.id()) {
                    let w = *e.weight();
                    log.edges
                        .push((self.key_of(e.source()), self.key_of(e.target()), w));
                    if let Relation::Pairing(p) = w
                        && let Some(pairing) = self.pairings.get(&p)
                    {
                        let key = self.item_key_id(Item::Pairing(p));
                        log.pairings.push((p, pairing.clone(), key));
                    }
                }
            }
            if self.graph[n].kind.org().is_none() {
                log.orders
                    .push((self.graph[n].id, self.ids_of(self.children_ix(n))));
            }
        }
        if let Some(p) = parent {
            log.orders
                .push((self.graph[p].id, self.ids_of(self.children_ix(p))));
        }
        if lift && let Some(&first) = doomed.first() {
            log.lifted = self.ids_of(self.children_ix(first));
        }
        for (i, slot) in self.records.iter().enumerate() {
            if let Some(r) = slot
                && gone.contains(&r.unit)
            {
                let key = self.item_key_id(Item::Record(RecordId(i as u32)));
                log.records.push((i, *r, key));
            }
        }
    }

    /// Puts a unit's children back in `order` (newest first): *O(children)*.
    fn reorder_children(&mut self, parent: UnitId, order: &[UnitId]) {
        let Ok(p) = self.index_of(parent) else {
            return;
        };
        let edges: Vec<EdgeIndex> = self.children_edges(p).map(|e| e.id()).collect();
        for e in edges {
            self.graph.remove_edge(e);
        }
        for &c in order.iter().rev() {
            if let Ok(c) = self.index_of(c) {
                self.graph.add_edge(p, c, Relation::Contains);
            }
        }
    }

    fn restore_lookups(&mut self, lookups: &[(DivisionCode, Option<UnitId>)]) {
        let owners: Vec<(DivisionCode, Option<NodeIndex>)> = lookups
            .iter()
            .map(|&(code, owner)| (code, owner.and_then(|u| self.index_of(u).ok())))
            .collect();
        self.changed(Change::CodeOwners { owners: &owners });
    }

    /// Applies one edit, returning how to take it back. A refused edit changes nothing
    /// and returns its error.
    pub(crate) fn apply_logged(&mut self, edit: Edit) -> Result<Undo, HierarchyError> {
        Ok(match edit {
            Edit::AddUnit { id, parent, unit } => {
                let (next_id, next_org) = (self.next_id, self.next_org);
                self.add_unit_with_id(id, parent, unit)?;
                Undo::Added {
                    id,
                    next_id,
                    next_org,
                }
            }
            Edit::MoveUnit { unit, new_parent } => {
                let ix = self.index_of(unit)?;
                let old = self.parent_ix(ix);
                let siblings = old.map_or_else(Vec::new, |p| self.ids_of(self.children_ix(p)));
                let old_parent = old.map(|p| self.graph[p].id);
                self.move_unit(unit, new_parent)?;
                Undo::Moved {
                    unit,
                    old_parent,
                    siblings,
                }
            }
            Edit::RemoveUnit { unit, how } => {
                let mut state = RemovedState::default();
                self.remove_unit_logged(unit, how, Some(&mut state))?;
                Undo::Removed(Box::new(state))
            }
            Edit::SetMembers { unit, members } => {
                let old = self.unit_for_edit(unit)?.members();
                self.set_members(unit, members)?;
                Undo::Members { unit, old }
            }
            Edit::SetPartyForm { unit, form } => {
                let ix = self.index_of(unit)?;
                let old = self.party_form_of(ix);
                let own_ix = self.own_org_ix(ix);
                let own = own_ix.map(|o| OrgId(self.graph[o].id.0));
                let below = own_ix.map_or_else(Vec::new, |o| {
                    self.graph
                        .edges_directed(o, Outgoing)
                        .filter(|e| *e.weight() == Relation::Superior)
                        .map(|e| OrgId(self.graph[e.target()].id.0))
                        .collect()
                });
                let next_org = self.next_org;
                let kept = own_ix.map_or((None, Vec::new()), |o| {
                    let covers = self.graph.edges_directed(o, Outgoing);
                    let covers = covers.filter(|e| *e.weight() == Relation::Covers);
                    (
                        self.stored_superior_ix(o).map(|s| self.sub_order(s)),
                        covers.map(|e| self.graph[e.target()].id).collect(),
                    )
                });
                self.set_party_form(unit, form)?;
                Undo::Form {
                    unit,
                    old,
                    own,
                    below,
                    kept: Box::new(kept),
                    next_org,
                }
            }
            Edit::SetDetails { unit, details } => {
                let old = Box::new(self.unit_for_edit(unit)?.details().clone());
                self.set_details(unit, *details)?;
                Undo::Details { unit, old }
            }
            Edit::Rename { unit, name } => {
                let old = self.unit_for_edit(unit)?.name().to_owned();
                self.rename(unit, &name)?;
                Undo::Name { unit, old }
            }
            Edit::SetCode { unit, code } => {
                let u = self.unit_for_edit(unit)?;
                let old = u.code();
                let lookups = old
                    .into_iter()
                    .chain(code)
                    .map(|c| self.code_lookup(c))
                    .collect();
                self.set_code(unit, code)?;
                Undo::Code { unit, old, lookups }
            }
            Edit::AddPairing {
                id,
                from,
                to,
                pairing,
            } => {
                let next = self.next_pairing;
                self.add_pairing_with_id(id, from, to, pairing)?;
                Undo::AddedPairing { id, from, next }
            }
            Edit::RemovePairing { id } => {
                let (from, to) = (&self.graph)
                    .edge_references()
                    .find(|e| *e.weight() == Relation::Pairing(id))
                    .map(|e| (self.graph[e.source()].id, self.graph[e.target()].id))
                    .ok_or(HierarchyError::UnknownPairing { id })?;
                let key = self.item_key_id(Item::Pairing(id));
                let pairing = self.remove_pairing(id)?;
                Undo::RemovedPairing {
                    id,
                    pairing,
                    from,
                    to,
                    key,
                }
            }
            Edit::AddRecord { id, record } => {
                let len = self.records.len();
                self.add_record_with_id(id, record)?;
                Undo::AddedRecord { id, len }
            }
            Edit::RemoveRecord { id } => {
                let key = self.item_key_id(Item::Record(id));
                let record = self.remove_record(id)?;
                Undo::RemovedRecord { id, record, key }
            }
            Edit::SetPairingKey { id, key } => {
                let old = self.item_key_id(Item::Pairing(id));
                self.set_pairing_key(id, key.as_deref())?;
                Undo::ItemKey {
                    item: Item::Pairing(id),
                    old,
                }
            }
            Edit::SetRecordKey { id, key } => {
                let old = self.item_key_id(Item::Record(id));
                self.set_record_key(id, key.as_deref())?;
                Undo::ItemKey {
                    item: Item::Record(id),
                    old,
                }
            }
            Edit::Attach { unit, parent } => {
                self.attach(unit, parent)?;
                Undo::Moved {
                    unit,
                    old_parent: None,
                    siblings: Vec::new(),
                }
            }
            Edit::SetCommitteeSize { unit, size } => {
                let old = self.unit_for_edit(unit)?.committee_size();
                self.set_committee_size(unit, size)?;
                Undo::Committee { unit, old }
            }
            Edit::SetAgricultural { unit, yes } => {
                let old = self.unit_for_edit(unit)?.is_agricultural();
                self.set_agricultural(unit, yes)?;
                Undo::Agricultural { unit, old }
            }
            Edit::AddTemporary { id, org } => {
                let next_org = self.next_org;
                self.add_temporary_with_id(id, *org)?;
                Undo::AddedOrg { id, next_org }
            }
            Edit::AddBigCommittee { id, committee } => {
                let next_org = self.next_org;
                self.add_big_committee_with_id(id, *committee)?;
                Undo::AddedOrg { id, next_org }
            }
            Edit::Relate {
                org,
                unit,
                relation: Relation::Covers,
            } => return self.apply_logged(Edit::Cover { org, unit }),
            Edit::Relate {
                org,
                unit,
                relation,
            } => {
                let o = self.org_index_of(org)?;
                let before = self.graph.edges_directed(o, Outgoing).count();
                self.relate(org, unit, relation)?;
                let added = self.graph.edges_directed(o, Outgoing).count() > before;
                Undo::Related {
                    org,
                    unit,
                    relation,
                    added,
                }
            }
            Edit::RemoveRelation {
                org,
                unit,
                relation,
            } => {
                self.remove_relation(org, unit, relation)?;
                Undo::Unrelated {
                    org,
                    unit,
                    relation,
                }
            }
            Edit::SetHost { temporary, host } => {
                let old = self.org_for_edit(temporary)?.based_in().id();
                self.set_host(temporary, host)?;
                Undo::Host { temporary, old }
            }
            Edit::AddOrg {
                id,
                superior,
                unit,
                org,
            } => {
                let next_org = self.next_org;
                self.add_org_with_id(id, superior, unit, *org)?;
                Undo::AddedOrg { id, next_org }
            }
            Edit::SetSuperior { org, superior } => {
                let o = self.org_index_of(org)?;
                let old_ix = self.stored_superior_ix(o);
                let old = old_ix.map(|s| OrgId(self.graph[s].id.0));
                let order = old_ix.map(|s| self.sub_order(s));
                self.set_superior(org, superior)?;
                Undo::Superior { org, old, order }
            }
            Edit::SetOrgMembers { org, members } => {
                let old = self.org_for_edit(org)?.members();
                self.set_org_members(org, members)?;
                Undo::OrgMembers { org, old }
            }
            Edit::Cover { org, unit } => {
                let o = self.org_index_of(org)?;
                let before = self.graph.edges_directed(o, Outgoing).count();
                self.cover(org, unit)?;
                let added = self.graph.edges_directed(o, Outgoing).count() > before;
                Undo::Covered { org, unit, added }
            }
            Edit::RemoveOrg { org, how } => {
                let mut state = RemovedState::default();
                self.remove_org_logged(org, how, Some(&mut state))?;
                Undo::Removed(Box::new(state))
            }
        })
    }

    /// Takes back one applied edit. Entries must be undone in reverse order of their
    /// application, so that each finds the hierarchy as its edit left it.
    pub(crate) fn undo(&mut self, undo: Undo) {
        // Every step below reverses a change that succeeded on exactly this state, so
        // none of them can be refused; a failure would be a bug, caught in debug builds.
        let ok = |r: Result<(), HierarchyError>| debug_assert!(r.is_ok(), "undo refused: {r:?}");
        match undo {
            Undo::Added {
                id,
                next_id,
                next_org,
            } => {
                ok(self.remove_unit(id, super::Removal::LeafOnly).map(drop));
                self.retired.remove(&id);
                self.next_id = next_id;
                self.unissue_orgs(next_org);
            }
            Undo::Moved {
                unit,
                old_parent,
                siblings,
            } => {
                if let Ok(ix) = self.index_of(unit) {
                    if let Some(e) = self.containment_edge(ix) {
                        self.graph.remove_edge(e);
                    }
                    if let Some(p) = old_parent {
                        self.reorder_children(p, &siblings);
                    }
                    self.changed(Change::Structure);
                }
            }
            Undo::Removed(state) => self.restore_removed(*state),
            Undo::Members { unit, old } => ok(self.set_members(unit, old)),
            Undo::Form {
                unit,
                old,
                own,
                below,
                next_org,
                kept,
            } => {
                ok(self.set_party_form(unit, old));
                self.restore_own_org(unit, own, &below, *kept);
                self.unissue_orgs(next_org);
            }
            Undo::Details { unit, old } => ok(self.set_details(unit, *old)),
            Undo::Name { unit, old } => ok(self.rename(unit, &old)),
            Undo::Code { unit, old, lookups } => {
                ok(self.set_code(unit, old));
                self.restore_lookups(&lookups);
            }
            Undo::AddedPairing { id, from, next } => {
                if let Ok(f) = self.index_of(from)
                    && let Some(e) = self
                        .graph
                        .edges_directed(f, Outgoing)
                        .find(|e| *e.weight() == Relation::Pairing(id))
                        .map(|e| e.id())
                {
                    self.graph.remove_edge(e);
                }
                self.pairings.remove(&id);
                self.put_item_key(Item::Pairing(id), None);
                self.next_pairing = next;
                self.changed(Change::Relations);
            }
            Undo::RemovedPairing {
                id,
                pairing,
                from,
                to,
                key,
            } => {
                if let (Ok(f), Ok(t)) = (self.index_of(from), self.index_of(to)) {
                    self.graph.add_edge(f, t, Relation::Pairing(id));
                    self.pairings.insert(id, pairing);
                    self.put_item_key(Item::Pairing(id), key);
                }
                self.changed(Change::Relations);
            }
            Undo::AddedRecord { id, len } => {
                ok(self.remove_record(id).map(drop));
                self.records.truncate(len);
            }
            Undo::RemovedRecord { id, record, key } => {
                ok(self.add_record_with_id(id, record).map(drop));
                self.put_item_key(Item::Record(id), key);
            }
            Undo::ItemKey { item, old } => self.put_item_key(item, old),
            Undo::Committee { unit, old } => ok(self.set_committee_size(unit, old)),
            Undo::Agricultural { unit, old } => ok(self.set_agricultural(unit, old)),
            Undo::Related {
                org,
                unit,
                relation,
                added,
            } => {
                if added
                    && let (Ok(f), Ok(t)) = (self.org_index_of(org), self.index_of(unit))
                    && let Some(e) = self
                        .graph
                        .edges_directed(f, Outgoing)
                        .find(|e| e.target() == t && *e.weight() == relation)
                        .map(|e| e.id())
                {
                    self.graph.remove_edge(e);
                }
                self.changed(Change::Relations);
            }
            Undo::Unrelated {
                org,
                unit,
                relation,
            } => {
                if let (Ok(f), Ok(t)) = (self.org_index_of(org), self.index_of(unit)) {
                    self.graph.add_edge(f, t, relation);
                }
                self.changed(Change::Relations);
            }
            Undo::Host { temporary, old } => ok(self.set_host(temporary, old)),
            Undo::AddedOrg { id, next_org } => {
                if let Ok(o) = self.org_index_of(id) {
                    self.remove_org_nodes(&[o], None);
                }
                self.retired_orgs.remove(&id);
                self.unissue_orgs(next_org);
                self.changed(Change::Facts);
            }
            Undo::Superior { org, old, order } => {
                ok(self.set_superior(org, old));
                if let Some(order) = order {
                    self.reorder_subordinates(&order);
                }
            }
            Undo::OrgMembers { org, old } => ok(self.set_org_members(org, old)),
            Undo::Covered { org, unit, added } => {
                if added
                    && let (Ok(o), Ok(u)) = (self.org_index_of(org), self.index_of(unit))
                    && let Some(e) = self
                        .graph
                        .edges_directed(o, Outgoing)
                        .find(|e| e.target() == u && *e.weight() == Relation::Covers)
                        .map(|e| e.id())
                {
                    self.graph.remove_edge(e);
                }
                self.changed(Change::Relations);
            }
        }
    }

    /// Takes back the organization ids issued since the counter stood at `next_org`:
    /// they were never used outside the batch. *O(ids issued)*.
    fn unissue_orgs(&mut self, next_org: u32) {
        for i in next_org..self.next_org {
            self.retired_orgs.remove(&OrgId(i));
        }
        self.next_org = next_org;
    }

    /// Gives a unit's own organization back its old id and the organizations that were
    /// recorded below it.
    fn restore_own_org(
        &mut self,
        unit: UnitId,
        own: Option<OrgId>,
        below: &[OrgId],
        (superior, covers): (Option<SubOrder>, Vec<UnitId>),
    ) {
        let (Ok(u), Some(old_id)) = (self.index_of(unit), own) else {
            return;
        };
        let Some(o) = self.own_org_ix(u) else {
            return;
        };
        let now = self.graph[o].id;
        if now.0 != old_id.0 {
            self.retired_orgs.remove(&old_id);
            self.graph[o].id = UnitId(old_id.0);
            self.changed(Change::Renumbered { ix: o, old: now });
            // Made anew: its recorded superior and coverage come back too.
            let covers: Vec<NodeIndex> = covers
                .iter()
                .filter_map(|&u| self.index_of(u).ok())
                .collect();
            for u in covers {
                self.graph.add_edge(o, u, Relation::Covers);
            }
            if let Some(order) = superior {
                self.reorder_subordinates(&order);
            }
        }
        // Newest first: re-attached oldest first.
        for &b in below.iter().rev() {
            if let Ok(bix) = self.org_index_of(b) {
                self.remove_in_edges(bix, Relation::Superior);
                self.graph.add_edge(o, bix, Relation::Superior);
            }
        }
        self.changed(Change::Structure);
    }

    fn restore_removed(&mut self, state: RemovedState) {
        let RemovedState {
            nodes,
            edges,
            orders,
            lifted,
            relinked,
            sub_orders,
            org_extras,
            lookups,
            pairings,
            records,
        } = state;
        for key in relinked {
            if let Some(o) = self.ix_of_key(key) {
                self.remove_in_edges(o, Relation::Superior);
            }
        }
        for &c in &lifted {
            if let Ok(ix) = self.index_of(c)
                && let Some(e) = self.containment_edge(ix)
            {
                self.graph.remove_edge(e);
            }
        }
        // In reverse order of removal: the graph hands vacant slots back last-freed
        // first, so each node gets its old index back.
        for (old_ix, node, details, code, key) in nodes.into_iter().rev() {
            let id = node.id;
            let is_org = node.kind.org().is_some();
            let ix = self.graph.add_node(node);
            debug_assert_eq!(ix, old_ix, "a restored node keeps its index");
            if is_org {
                self.retired_orgs.remove(&OrgId(id.0));
                self.org_count += 1;
            } else {
                self.retired.remove(&id);
                if let Some(d) = details {
                    self.details.insert(ix, d);
                }
                if let Some(c) = code {
                    self.codes.insert(ix, c);
                }
            }
            if let Some(k) = key {
                self.key_of_node.insert(ix, k);
            }
            // The code owners the removal displaced come back with the lookups below.
            self.changed(Change::Added { ix, code, key });
        }
        for (ix, extra) in org_extras {
            self.org_extra.insert(ix, extra);
        }
        for (from, to, w) in edges {
            if let (Some(f), Some(t)) = (self.ix_of_key(from), self.ix_of_key(to))
                && w != Relation::Contains
            {
                self.graph.add_edge(f, t, w);
            }
        }
        for (parent, order) in &orders {
            self.reorder_children(*parent, order);
        }
        for order in &sub_orders {
            self.reorder_subordinates(order);
        }
        self.restore_lookups(&lookups);
        for (id, p, key) in pairings {
            self.pairings.insert(id, p);
            self.put_item_key(Item::Pairing(id), key);
        }
        for (i, r, key) in records {
            self.records[i] = Some(r);
            self.put_item_key(Item::Record(RecordId(i as u32)), key);
        }
        self.changed(Change::Structure);
        self.changed(Change::Relations);
    }
}
