//! Changing units: adding, moving, removing them and setting their facts. Every method
//! checks everything first and changes nothing when it refuses.

use hashbrown::HashMap;
use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::NodeIndex;

use super::Change;
use super::item_keys::Item;
use super::{
    AGRICULTURAL, HAS_DETAILS, Hierarchy, MIN_RENAMES_BEFORE_COMPACTION, Removal, Removed, undo,
};
use crate::code::DivisionCode;
use crate::error::HierarchyError;
use crate::names::{NameId, Names};
use crate::record::RecordId;
use crate::relation::Relation;
use crate::unit::{Details, Members, PartyForm, Unit, UnitId};

impl Hierarchy {
    /// Adds a standing unit under `parent` (or as a root), returning its new id.
    ///
    /// # Errors
    ///
    /// - [`HierarchyError::UnknownUnit`] if the parent does not exist;
    /// - [`HierarchyError::NotAllowed`] if the containment table forbids the pair;
    /// - [`HierarchyError::NeedsParent`] for a root of a kind that needs a parent;
    /// - [`HierarchyError::DuplicateCode`] if another unit has the code;
    /// - [`HierarchyError::BadKey`] / [`HierarchyError::DuplicateKey`] for an explicit key
    ///   that is malformed or taken;
    /// - [`HierarchyError::Full`] when ids, units or name bytes run out.
    ///
    /// *O(1)* amortized; it drops the derived layout.
    ///
    /// ```
    /// use partyorg::{Hierarchy, HierarchyError, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// assert_eq!(h.parent(s)?.map(|p| p.id()), Some(d));
    /// // A street may not be a root.
    /// let orphan = h.add_unit(None, Unit::new(UnitKind::Street, "景泰街道"));
    /// assert!(matches!(orphan, Err(HierarchyError::NeedsParent { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_unit(
        &mut self,
        parent: Option<UnitId>,
        unit: Unit,
    ) -> Result<UnitId, HierarchyError> {
        let id = self.fresh_id()?;
        self.add_unit_with_id(id, parent, unit)
    }

    /// Adds a standing unit with a chosen id, as loaders do to keep a file's ids.
    ///
    /// # Errors
    ///
    /// As [`add_unit`](Self::add_unit), and [`HierarchyError::DuplicateId`] if the id is
    /// taken, [`HierarchyError::RetiredId`] if a removed unit had it,
    /// [`HierarchyError::ReservedId`] for `u32::MAX`.
    ///
    /// ```
    /// use partyorg::{Hierarchy, HierarchyError, Unit, UnitId, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit_with_id(UnitId(100), None, Unit::new(UnitKind::District, "白云区"))?;
    /// assert_eq!(d, UnitId(100));
    /// let again = h.add_unit_with_id(UnitId(100), None, Unit::new(UnitKind::District, "越秀区"));
    /// assert!(matches!(again, Err(HierarchyError::DuplicateId { .. })));
    /// // Fresh ids continue past the chosen one.
    /// assert_eq!(h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?, UnitId(101));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_unit_with_id(
        &mut self,
        id: UnitId,
        parent: Option<UnitId>,
        unit: Unit,
    ) -> Result<UnitId, HierarchyError> {
        self.check_id_free(id)?;
        let parent_ix = parent.map(|p| self.index_of(p)).transpose()?;
        self.check_placement(None, unit.kind, parent_ix)?;
        self.check_code_free(unit.code)?;
        let ix = self.insert_node(id, unit)?;
        if let Some(p) = parent_ix {
            self.graph.add_edge(p, ix, Relation::Contains);
            self.changed(Change::Structure);
        }
        Ok(id)
    }

    /// Attaches a root unit under `parent`. Use [`move_unit`](Self::move_unit) for a unit
    /// that has a parent.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`] for an unknown unit or parent,
    /// [`HierarchyError::AlreadyHasParent`] (a second parent), [`HierarchyError::Cycle`]
    /// (the parent is in the unit's subtree), and the placement errors of
    /// [`add_unit`](Self::add_unit).
    ///
    /// ```
    /// # use partyorg::{Hierarchy, HierarchyError, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// let city = h.add_unit(None, Unit::new(UnitKind::City, "广州市"))?;
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.attach(d, city)?;
    /// assert_eq!(h.path(d)?.to_string(), "广州市 / 白云区");
    /// // A unit with a parent is moved, not attached.
    /// assert!(matches!(h.attach(d, city), Err(HierarchyError::AlreadyHasParent { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn attach(&mut self, unit: UnitId, parent: UnitId) -> Result<(), HierarchyError> {
        let ix = self.index_of(unit)?;
        if let Some(p) = self.parent_ix(ix) {
            return Err(HierarchyError::AlreadyHasParent {
                unit,
                parent: self.graph[p].id,
                unit_label: self.label_ix(ix),
                parent_label: self.label_ix(p),
            });
        }
        self.move_unit(unit, Some(parent))
    }

    /// Moves a unit and its subtree under `new_parent` (or makes it a root with `None`).
    /// Moving a unit under the parent it has changes nothing (it keeps its place among its
    /// siblings).
    ///
    /// *O(depth)* for the cycle check; it drops the derived layout.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`] for an unknown unit or parent,
    /// [`HierarchyError::Cycle`] if the new parent is the unit or one of its descendants,
    /// and the placement errors of [`add_unit`](Self::add_unit)
    /// ([`HierarchyError::NotAllowed`], [`HierarchyError::NeedsParent`]).
    ///
    /// ```
    /// # use partyorg::{Hierarchy, HierarchyError, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let a = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let b = h.add_unit(Some(d), Unit::new(UnitKind::Street, "嘉禾街道"))?;
    /// let c = h.add_unit(Some(a), Unit::new(UnitKind::Community, "罗岗社区"))?;
    /// h.move_unit(c, Some(b))?;
    /// assert_eq!(h.path(c)?.to_string(), "白云区 / 嘉禾街道 / 罗岗社区");
    /// assert!(matches!(h.move_unit(d, Some(d)), Err(HierarchyError::NotAllowed { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn move_unit(
        &mut self,
        unit: UnitId,
        new_parent: Option<UnitId>,
    ) -> Result<(), HierarchyError> {
        let ix = self.index_of(unit)?;
        let kind = self.graph[ix].unit_kind();
        let parent_ix = new_parent.map(|p| self.index_of(p)).transpose()?;
        self.check_placement(Some(unit), kind, parent_ix)?;
        if parent_ix.is_some() && parent_ix == self.parent_ix(ix) {
            // Already there: keep its place among its siblings.
            return Ok(());
        }
        if let Some(p) = parent_ix {
            let mut cur = Some(p);
            while let Some(c) = cur {
                if c == ix {
                    return Err(HierarchyError::Cycle {
                        unit,
                        new_parent: self.graph[p].id,
                        unit_label: self.label_ix(ix),
                        parent_label: self.label_ix(p),
                    });
                }
                cur = self.parent_ix(c);
            }
        }
        if let Some(e) = self.containment_edge(ix) {
            self.graph.remove_edge(e);
        }
        if let Some(p) = parent_ix {
            self.graph.add_edge(p, ix, Relation::Contains);
        }
        self.changed(Change::Structure);
        Ok(())
    }

    /// Removes a unit, with the documented semantics of [`Removal`] for its children
    /// (temporary organizations and big committees are removed by
    /// [`remove_org`](Self::remove_org)).
    ///
    /// The party organizations based in a removed unit go with it; organizations
    /// recorded below one of them pass to the nearest organization above that stays
    /// ([`Removed::orgs`] lists the removed ones).
    ///
    /// *O(removed units × their degree + records)*, plus *O(units + organizations)* to
    /// build the organization layout when organizations must pass to another superior;
    /// it drops the derived layouts.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`];
    /// [`HierarchyError::HasChildren`] with [`Removal::LeafOnly`];
    /// [`HierarchyError::NotAllowed`] / [`HierarchyError::NeedsParent`] with
    /// [`Removal::LiftChildren`] when a child may not take the unit's place.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, HierarchyError, hierarchy::Removal, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let c = h.add_unit(Some(s), Unit::new(UnitKind::Community, "罗岗社区"))?;
    /// let refused = h.remove_unit(s, Removal::LeafOnly);
    /// assert!(matches!(refused, Err(HierarchyError::HasChildren { .. })));
    /// let removed = h.remove_unit(s, Removal::Subtree)?;
    /// assert_eq!(removed.units, [s, c]);
    /// assert_eq!(h.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remove_unit(&mut self, id: UnitId, how: Removal) -> Result<Removed, HierarchyError> {
        self.remove_unit_logged(id, how, None)
    }

    /// [`remove_unit`](Self::remove_unit), keeping in `log` (when given) everything it
    /// takes away, so that a refused batch can put it back ([`undo::Undo::Removed`]).
    pub(crate) fn remove_unit_logged(
        &mut self,
        id: UnitId,
        how: Removal,
        log: Option<&mut undo::RemovedState>,
    ) -> Result<Removed, HierarchyError> {
        let ix = self.index_of(id)?;
        // In attachment order, so that lifted children keep their order and the first
        // misfit reported is the first child.
        let mut children: Vec<NodeIndex> = self.children_ix(ix).collect();
        children.reverse();
        let parent = self.parent_ix(ix);
        let mut doomed = Vec::new();
        match how {
            Removal::LeafOnly if !children.is_empty() => {
                return Err(HierarchyError::HasChildren {
                    id,
                    children: children.len(),
                    label: self.label_ix(ix),
                });
            }
            Removal::LeafOnly => doomed.push(ix),
            Removal::LiftChildren => {
                for &c in &children {
                    let cn = &self.graph[c];
                    self.check_placement(Some(cn.id), cn.unit_kind(), parent)?;
                }
                doomed.push(ix);
            }
            Removal::Subtree => {
                let mut stack = vec![ix];
                while let Some(n) = stack.pop() {
                    doomed.push(n);
                    stack.extend(self.children_ix(n));
                }
            }
        }
        // Party organizations based in a removed unit go too (temporary organizations
        // and big committees among them); those recorded below one of them pass to the
        // nearest organization above that stays.
        let org_doomed = self.orgs_doomed_with(&doomed);
        let relink = self.relink_after(&org_doomed);
        doomed.extend(org_doomed);
        // Everything is checked; from here on nothing fails.
        if let Some(log) = log {
            self.capture_removal(log, &doomed, parent, how == Removal::LiftChildren);
            log.relinked = relink.iter().map(|&(o, _)| self.key_of(o)).collect();
        }
        if how == Removal::LiftChildren {
            for &c in &children {
                if let Some(e) = self.containment_edge(c) {
                    self.graph.remove_edge(e);
                }
                if let Some(p) = parent {
                    self.graph.add_edge(p, c, Relation::Contains);
                }
            }
        }
        let mut removed = Removed::default();
        let mut gone = hashbrown::HashSet::new();
        // The keyed pairings and records that go with the units: their keys go too.
        let mut dropped: Vec<Item> = Vec::new();
        for &n in &doomed {
            if self.graph[n].kind.org().is_some() {
                removed.orgs.push(crate::org::OrgId(self.graph[n].id.0));
                continue;
            }
            let nid = self.graph[n].id;
            gone.insert(nid);
            removed.units.push(nid);
            for e in self
                .graph
                .edges_directed(n, Outgoing)
                .chain(self.graph.edges_directed(n, Incoming))
            {
                if let Relation::Pairing(p) = e.weight()
                    && self.pairings.remove(p).is_some()
                {
                    removed.pairings += 1;
                    if self.key_of_pairing.contains_key(p) {
                        dropped.push(Item::Pairing(*p));
                    }
                }
            }
        }
        let mut gone_nodes = Vec::with_capacity(doomed.len());
        for &n in &doomed {
            let node = self.graph.remove_node(n).expect("doomed nodes are live");
            let org = node.kind.org().is_some();
            if org {
                self.retired_orgs.insert(crate::org::OrgId(node.id.0));
                self.org_extra.remove(&n);
                self.org_count -= 1;
            } else {
                self.retired.insert(node.id);
                self.details.remove(&n);
            }
            gone_nodes.push(super::change::Gone {
                ix: n,
                id: node.id,
                org,
                code: self.codes.remove(&n),
                key: self.key_of_node.remove(&n),
            });
        }
        self.changed(Change::Removed { gone: &gone_nodes });
        for (i, slot) in self.records.iter_mut().enumerate() {
            if slot.is_some_and(|r| gone.contains(&r.unit)) {
                *slot = None;
                removed.records += 1;
                let id = RecordId(i as u32);
                if self.key_of_record.contains_key(&id) {
                    dropped.push(Item::Record(id));
                }
            }
        }
        for item in dropped {
            self.put_item_key(item, None);
        }
        for (org, superior) in relink {
            self.graph.add_edge(superior, org, Relation::Superior);
        }
        removed.orgs.sort_unstable();
        self.changed(Change::Structure);
        Ok(removed)
    }

    /// Sets a unit's member counts. Cached totals are kept current along the unit's
    /// ancestors: *O(depth)*; the next read of any subtree's totals is *O(1)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.set_members(d, Members::new(120, 8))?;
    /// assert_eq!(h.unit(d)?.members().total(), 128);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_members(&mut self, id: UnitId, members: Members) -> Result<(), HierarchyError> {
        let ix = self.index_of(id)?;
        let old = self.graph[ix].members();
        let node = &mut self.graph[ix];
        node.full = members.full;
        node.probationary = members.probationary;
        if let Some(own) = self.own_org_ix(ix) {
            self.set_org_node_members(own, members);
        }
        self.changed(Change::UnitMembers {
            unit: ix,
            old,
            new: members,
        });
        Ok(())
    }

    /// Sets (or clears) the form of a unit's party organization: its own organization
    /// (one-table form) takes the form, is created, or (with `None`) is removed, the
    /// organizations recorded below it passing to its superior.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`]; [`HierarchyError::Full`] when a new own
    /// organization finds no id left.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, PartyForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.set_party_form(d, Some(PartyForm::Committee))?;
    /// assert_eq!(h.unit(d)?.party_form(), Some(PartyForm::Committee));
    /// assert!(h.own_org_of_unit(d).is_some());
    /// h.set_party_form(d, None)?;
    /// assert_eq!(h.own_org_of_unit(d), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_party_form(
        &mut self,
        id: UnitId,
        form: Option<PartyForm>,
    ) -> Result<(), HierarchyError> {
        let ix = self.index_of(id)?;
        match form {
            Some(f) => self.put_party_form(ix, f)?,
            None => self.clear_party_form(ix),
        }
        self.changed(Change::Facts);
        Ok(())
    }

    /// Sets (or clears, with `None` or `Some(0)`) the size of the unit's elected committee.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.set_committee_size(d, Some(5))?;
    /// assert_eq!(h.unit(d)?.committee_size(), Some(5));
    /// h.set_committee_size(d, Some(0))?;
    /// assert_eq!(h.unit(d)?.committee_size(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_committee_size(
        &mut self,
        id: UnitId,
        size: Option<u8>,
    ) -> Result<(), HierarchyError> {
        let ix = self.index_of(id)?;
        self.graph[ix].committee = size.unwrap_or(0);
        self.changed(Change::Facts);
        Ok(())
    }

    /// Marks a town or street agricultural (涉农), or not.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇"))?;
    /// h.set_agricultural(t, true)?;
    /// assert!(h.unit(t)?.is_agricultural());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_agricultural(&mut self, id: UnitId, yes: bool) -> Result<(), HierarchyError> {
        let ix = self.index_of(id)?;
        let n = &mut self.graph[ix];
        n.flags = if yes {
            n.flags | AGRICULTURAL
        } else {
            n.flags & !AGRICULTURAL
        };
        self.changed(Change::Facts);
        Ok(())
    }

    /// Renames a unit.
    ///
    /// *O(1)* amortized. Names no unit holds any more are reclaimed: after more renames
    /// than there are nodes (and at least 4,096), the name arena is rebuilt from the names
    /// in use in *O(n)*, so renaming one unit again and again keeps memory bounded.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`], or [`HierarchyError::Full`] if the name arena is
    /// full.
    ///
    /// # Example
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let street = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.rename(street, "广州市白云区")?;
    /// assert_eq!(h.unit(street)?.name(), "广州市白云区");
    /// assert_eq!(h.by_name("白云区").count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rename(&mut self, id: UnitId, name: &str) -> Result<(), HierarchyError> {
        let ix = self.index_of(id)?;
        let name = self
            .names
            .intern(name)
            .map_err(|_| HierarchyError::Full { what: "name bytes" })?;
        self.graph[ix].name = name;
        if let Some(own) = self.own_org_ix(ix) {
            self.graph[own].name = name;
        }
        self.changed(Change::Name);
        self.renames += 1;
        if self.renames > self.graph.node_count().max(MIN_RENAMES_BEFORE_COMPACTION) {
            self.compact_names();
        }
        Ok(())
    }

    /// Rebuilds the name arena from the names in use, dropping names that no unit holds
    /// any more. *O(n)*, run by [`rename`](Self::rename) after more renames than there are
    /// nodes (and at least 4,096), so a rename costs *O(1)* amortized and the arena holds
    /// at most the names in use plus `max(n, 4096)` renamed-away names.
    fn compact_names(&mut self) {
        let mut fresh = Names::default();
        let mut map: HashMap<NameId, NameId> = HashMap::new();
        let ixs: Vec<NodeIndex> = self.graph.node_indices().collect();
        for ix in ixs {
            let old = self.graph[ix].name;
            let new = match map.get(&old) {
                Some(&n) => n,
                None => {
                    // The arena only shrinks here: the names fit where they fitted before.
                    let n = fresh
                        .intern(self.names.get(old))
                        .expect("a subset of the names fits the arena");
                    map.insert(old, n);
                    n
                }
            };
            self.graph[ix].name = new;
        }
        self.names = fresh;
        self.renames = 0;
        self.changed(Change::Name);
    }

    /// Sets (or clears) a unit's division code.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`], or [`HierarchyError::DuplicateCode`] if another unit
    /// has it.
    ///
    /// ```
    /// # use partyorg::{DivisionCode, Hierarchy, HierarchyError, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let other = h.add_unit(None, Unit::new(UnitKind::District, "越秀区"))?;
    /// let code = DivisionCode::from_u64(440_111_000_000)?;
    /// h.set_code(d, Some(code))?;
    /// assert_eq!(h.by_code(code).map(|u| u.id()), Some(d));
    /// assert!(matches!(h.set_code(other, Some(code)), Err(HierarchyError::DuplicateCode { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_code(
        &mut self,
        id: UnitId,
        code: Option<DivisionCode>,
    ) -> Result<(), HierarchyError> {
        let ix = self.index_of(id)?;
        if let Some(c) = code
            && let Some(&other) = self.by_code.get(&c)
            && other != ix
        {
            return Err(HierarchyError::DuplicateCode {
                code: c,
                existing: self.graph[other].id,
                label: self.label_ix(other),
            });
        }
        let old = match code {
            Some(c) => self.codes.insert(ix, c),
            None => self.codes.remove(&ix),
        };
        self.changed(Change::Code { ix, old });
        Ok(())
    }

    /// Replaces a unit's rarer facts.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{unit::Details, Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let mut details = Details::default();
    /// details.founded = NaiveDate::from_ymd_opt(1987, 1, 1);
    /// h.set_details(d, details.clone())?;
    /// assert_eq!(h.unit(d)?.details(), &details);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_details(&mut self, id: UnitId, details: Details) -> Result<(), HierarchyError> {
        let ix = self.index_of(id)?;
        let n = &mut self.graph[ix];
        if details.is_empty() {
            n.flags &= !HAS_DETAILS;
            self.details.remove(&ix);
        } else {
            n.flags |= HAS_DETAILS;
            self.details.insert(ix, Box::new(details));
        }
        self.changed(Change::Facts);
        Ok(())
    }
}
