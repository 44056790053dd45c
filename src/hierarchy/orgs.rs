//! Party organizations in the store: their nodes, the 隶属 tree, and the queries over it.
//!
//! An organization is a node of the same graph as the units, with a [`BasedIn`] edge to
//! the unit it is based in and, when its superior is recorded, a [`Superior`] edge from
//! that superior. A unit's own organization of the one-table form (the `party_form` of a
//! unit row) carries the [`OWN_ORG`] flag: its members, committee and details are the
//! unit's, and its superior is not stored but derived — the principal organization of
//! the nearest ancestor unit that has one — so that it follows the unit when the unit
//! moves.
//!
//! [`BasedIn`]: Relation::BasedIn
//! [`Superior`]: Relation::Superior

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::Change;
use super::layout::NONE;
use super::{Hierarchy, HierarchyError, Node, NodeKind, OWN_ORG};
use crate::error::{Missing, QueryError};
use crate::org::{OrgForm, OrgId};
use crate::relation::Relation;
use crate::unit::{Members, PartyForm, UnitId};

pub(crate) use super::org_ref::OrgExtra;
pub use super::org_ref::OrgRef;

impl Hierarchy {
    // ----- internal: nodes and edges ---------------------------------------------------

    pub(crate) fn org_index_of(&self, id: OrgId) -> Result<NodeIndex, Missing> {
        self.org_ids
            .0
            .get(UnitId(id.0))
            .filter(|ix| self.graph.contains_node(*ix))
            .ok_or(Missing::Org(id))
    }

    /// The unit an organization is based in.
    pub(crate) fn based_in_ix(&self, org: NodeIndex) -> Option<NodeIndex> {
        self.graph
            .edges_directed(org, Outgoing)
            .find(|e| *e.weight() == Relation::BasedIn)
            .map(|e| e.target())
    }

    /// The superior recorded by an edge (not the derived one of an own organization).
    pub(crate) fn stored_superior_ix(&self, org: NodeIndex) -> Option<NodeIndex> {
        self.graph
            .edges_directed(org, Incoming)
            .find(|e| *e.weight() == Relation::Superior)
            .map(|e| e.source())
    }

    /// The organizations of the 隶属 tree based in a unit (temporary organizations and big
    /// committees not), in the graph's adjacency order.
    pub(crate) fn orgs_based_in_ix(&self, unit: NodeIndex) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph
            .edges_directed(unit, Incoming)
            .filter(|e| *e.weight() == Relation::BasedIn && !self.is_outside_ix(e.source()))
            .map(|e| e.source())
    }

    /// The temporary organizations and big committees based in a unit, in the graph's
    /// adjacency order.
    pub(crate) fn outside_orgs_based_in_ix(
        &self,
        unit: NodeIndex,
    ) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph
            .edges_directed(unit, Incoming)
            .filter(|e| *e.weight() == Relation::BasedIn && self.is_outside_ix(e.source()))
            .map(|e| e.source())
    }

    /// Whether a node is an organization outside the 隶属 tree (a temporary organization
    /// or a big committee).
    pub(crate) fn is_outside_ix(&self, ix: NodeIndex) -> bool {
        self.graph[ix].kind.org().is_some_and(OrgForm::is_outside)
    }

    /// A unit's own organization of the one-table form, if it has one.
    pub(crate) fn own_org_ix(&self, unit: NodeIndex) -> Option<NodeIndex> {
        self.orgs_based_in_ix(unit)
            .find(|&o| self.graph[o].flags & OWN_ORG != 0)
    }

    /// An organization's superior: the stored one, or for an own organization the
    /// principal organization of the nearest ancestor unit that has one.
    pub(crate) fn org_superior_ix(&self, org: NodeIndex) -> Option<NodeIndex> {
        let layout = self.org_layout();
        let p = layout.position(org)?;
        let parent = layout.parent[p as usize];
        (parent != NONE).then(|| layout.order[parent as usize])
    }

    pub(crate) fn fresh_org_id(&self) -> Result<OrgId, HierarchyError> {
        if self.next_org == u32::MAX {
            return Err(HierarchyError::Full {
                what: "organization ids",
            });
        }
        Ok(OrgId(self.next_org))
    }

    pub(super) fn check_org_id_free(&self, id: OrgId) -> Result<(), HierarchyError> {
        if id.0 == u32::MAX {
            Err(HierarchyError::ReservedOrgId { id })
        } else if self.org_index_of(id).is_ok() {
            Err(HierarchyError::DuplicateOrgId { id })
        } else if self.retired_orgs.contains(&id) {
            Err(HierarchyError::RetiredOrgId { id })
        } else {
            Ok(())
        }
    }

    /// The node weight of an organization recorded in its own right, its name interned.
    pub(super) fn org_node(&mut self, id: OrgId, org: &crate::Org) -> Result<Node, HierarchyError> {
        let name = self
            .names
            .intern(&org.name)
            .map_err(|_| HierarchyError::Full { what: "name bytes" })?;
        Ok(Node {
            id: UnitId(id.0),
            name,
            full: org.members.full,
            probationary: org.members.probationary,
            kind: NodeKind::Org(org.form),
            flags: 0,
            committee: org.committee_size.unwrap_or(0),
        })
    }

    /// Adds an organization's node and its based-in edge; no checks but capacity.
    pub(super) fn insert_org_node(
        &mut self,
        id: OrgId,
        unit: NodeIndex,
        node: Node,
        extra: Option<Box<OrgExtra>>,
        key: Option<&str>,
    ) -> Result<NodeIndex, HierarchyError> {
        if self.graph.node_count() >= super::MAX_NODES {
            return Err(HierarchyError::Full {
                what: "organizations",
            });
        }
        let store_key = self.check_key(key, UnitId(id.0), true)?;
        let key_id = match key.filter(|_| store_key) {
            Some(k) => Some(
                self.keys
                    .intern(k)
                    .map_err(|_| HierarchyError::Full { what: "key bytes" })?,
            ),
            None => None,
        };
        let ix = self.graph.add_node(node);
        self.graph.add_edge(ix, unit, Relation::BasedIn);
        if let Some(extra) = extra {
            self.org_extra.insert(ix, extra);
        }
        if let Some(k) = key_id {
            self.key_of_node.insert(ix, k);
        }
        self.org_count += 1;
        self.changed(Change::Added {
            ix,
            code: None,
            key: key_id,
        });
        self.next_org = self.next_org.max(id.0.saturating_add(1));
        Ok(ix)
    }

    /// Gives a unit a party form: its own organization's form changes, or (for a unit
    /// without one) an own organization is created.
    pub(crate) fn put_party_form(
        &mut self,
        unit: NodeIndex,
        form: PartyForm,
    ) -> Result<(), HierarchyError> {
        if let Some(own) = self.own_org_ix(unit) {
            self.graph[own].kind = NodeKind::Org(form.into());
            self.changed(Change::Structure);
            return Ok(());
        }
        let id = self.fresh_org_id()?;
        let u = &self.graph[unit];
        let node = Node {
            id: UnitId(id.0),
            name: u.name,
            full: u.full,
            probationary: u.probationary,
            kind: NodeKind::Org(form.into()),
            flags: OWN_ORG,
            committee: 0,
        };
        self.insert_org_node(id, unit, node, None, None)?;
        Ok(())
    }

    /// Takes a unit's party form away: its own organization is removed, and the
    /// organizations recorded below it pass to its superior.
    pub(crate) fn clear_party_form(&mut self, unit: NodeIndex) {
        if let Some(own) = self.own_org_ix(unit) {
            let superior = self.org_superior_ix(own);
            self.remove_org_nodes(&[own], superior);
        }
    }

    /// The party form of a unit: its own organization's.
    pub(crate) fn party_form_of(&self, unit: NodeIndex) -> Option<PartyForm> {
        self.own_org_ix(unit)
            .and_then(|o| self.graph[o].kind.org())
            .and_then(OrgForm::party_form)
    }

    pub(crate) fn set_org_node_members(&mut self, org: NodeIndex, members: Members) {
        let old = self.graph[org].members();
        let n = &mut self.graph[org];
        n.full = members.full;
        n.probationary = members.probationary;
        self.changed(Change::OrgMembers {
            org,
            old,
            new: members,
        });
    }

    /// Removes organization nodes; organizations recorded below one of them (and not
    /// removed) pass to `lift_to`. Retires their ids.
    pub(crate) fn remove_org_nodes(&mut self, doomed: &[NodeIndex], lift_to: Option<NodeIndex>) {
        let gone: hashbrown::HashSet<NodeIndex> = doomed.iter().copied().collect();
        let mut orphans = Vec::new();
        for &o in doomed {
            orphans.extend(
                self.graph
                    .edges_directed(o, Outgoing)
                    .filter(|e| *e.weight() == Relation::Superior && !gone.contains(&e.target()))
                    .map(|e| e.target()),
            );
        }
        let mut gone_nodes = Vec::with_capacity(doomed.len());
        for &o in doomed {
            if let Some(node) = self.graph.remove_node(o) {
                self.retired_orgs.insert(OrgId(node.id.0));
                self.org_extra.remove(&o);
                self.org_count -= 1;
                gone_nodes.push(super::change::Gone {
                    ix: o,
                    id: node.id,
                    org: true,
                    code: None,
                    key: self.key_of_node.remove(&o),
                });
            }
        }
        self.changed(Change::Removed { gone: &gone_nodes });
        if let Some(s) = lift_to.filter(|s| !gone.contains(s)) {
            for o in orphans {
                self.graph.add_edge(s, o, Relation::Superior);
            }
        }
        self.changed(Change::Structure);
    }

    /// The organizations a unit removal takes with it: every organization based in a
    /// removed unit, temporary organizations and big committees included.
    pub(crate) fn orgs_doomed_with(&self, units: &[NodeIndex]) -> Vec<NodeIndex> {
        units
            .iter()
            .flat_map(|&u| {
                self.graph
                    .edges_directed(u, Incoming)
                    .filter(|e| *e.weight() == Relation::BasedIn)
                    .map(|e| e.source())
            })
            .collect()
    }

    /// Where the organizations recorded below one of `doomed` (and not doomed
    /// themselves) go when `doomed` are removed: the nearest organization above that
    /// stays. Builds the organization layout only when there are such organizations.
    pub(crate) fn relink_after(&self, doomed: &[NodeIndex]) -> Vec<(NodeIndex, NodeIndex)> {
        let gone: hashbrown::HashSet<NodeIndex> = doomed.iter().copied().collect();
        let mut relink = Vec::new();
        for &o in doomed {
            for e in self.graph.edges_directed(o, Outgoing) {
                if *e.weight() != Relation::Superior || gone.contains(&e.target()) {
                    continue;
                }
                // Each step climbs the organization layout: at most its depth.
                let mut cur = self.org_superior_ix(o);
                while let Some(s) = cur {
                    if !gone.contains(&s) {
                        relink.push((e.target(), s));
                        break;
                    }
                    cur = self.org_superior_ix(s);
                }
            }
        }
        relink
    }

    // ----- public: lookups -------------------------------------------------------------

    /// The number of party organizations (own organizations of the one-table form
    /// included).
    ///
    /// ```
    /// use partyorg::{Hierarchy, Org, OrgForm, PartyForm, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_party_form(PartyForm::Committee))?;
    /// h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "区直机关工委"))?;
    /// assert_eq!(h.org_count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn org_count(&self) -> usize {
        self.org_count
    }

    /// The organization with this id. *O(1)*.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownOrg`] when no organization has the id.
    ///
    /// # Example
    ///
    /// ```
    /// use partyorg::{Hierarchy, Members, Org, OrgForm, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let organs = h.add_org(None, district, Org::new(OrgForm::WorkingCommittee, "区直机关工委"))?;
    /// assert_eq!(h.org(organs)?.form(), OrgForm::WorkingCommittee);
    /// assert_eq!(h.org(organs)?.based_in().id(), district);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn org(&self, id: OrgId) -> Result<OrgRef<'_>, QueryError> {
        Ok(OrgRef::new(self, self.org_index_of(id)?))
    }

    /// [`org`](Self::org) for a change: a missing organization is the store's
    /// [`HierarchyError::UnknownOrg`].
    pub(crate) fn org_for_edit(&self, id: OrgId) -> Result<OrgRef<'_>, HierarchyError> {
        Ok(OrgRef::new(self, self.org_index_of(id)?))
    }

    /// Every organization, in id order. *O(nodes + k log k)* time for `k` organizations
    /// (every node is looked at), *O(k)* extra space.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, PartyForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_party_form(PartyForm::Committee))?;
    /// h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "区直机关工委"))?;
    /// let forms: Vec<OrgForm> = h.orgs().map(|o| o.form()).collect();
    /// assert_eq!(forms, [OrgForm::Committee, OrgForm::WorkingCommittee]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn orgs(&self) -> impl Iterator<Item = OrgRef<'_>> + '_ {
        let mut v: Vec<NodeIndex> = self
            .graph
            .node_indices()
            .filter(|&ix| self.graph[ix].kind.org().is_some())
            .collect();
        v.sort_unstable_by_key(|&ix| self.graph[ix].id);
        v.into_iter().map(move |ix| OrgRef::new(self, ix))
    }

    /// A unit's own organization of the one-table form (its `party_form`), if it has
    /// one. *O(in-degree)*.
    ///
    /// ```
    /// use partyorg::{Hierarchy, PartyForm, Unit, UnitKind, OrgForm};
    ///
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_party_form(PartyForm::Committee))?;
    /// let own = h.own_org_of_unit(d).unwrap();
    /// assert_eq!(h.org(own)?.form(), OrgForm::Committee);
    /// assert!(h.org(own)?.is_own());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn own_org_of_unit(&self, unit: UnitId) -> Option<OrgId> {
        self.own_org_of(unit)
    }

    /// The organizations based in a unit, in id order. *O(in-degree)* time, *O(k)* extra
    /// space for the `k` it yields (sorted by id).
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let gw = h.add_org(None, s, Org::new(OrgForm::WorkingCommittee, "均禾街道党工委"))?;
    /// assert_eq!(h.orgs_based_in(s)?.map(|o| o.id()).collect::<Vec<_>>(), [gw]);
    /// assert_eq!(h.orgs_based_in(d)?.count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn orgs_based_in(
        &self,
        unit: UnitId,
    ) -> Result<impl Iterator<Item = OrgRef<'_>> + '_, QueryError> {
        let ix = self.index_of(unit)?;
        let mut v: Vec<NodeIndex> = self.orgs_based_in_ix(ix).collect();
        v.sort_unstable_by_key(|&o| self.graph[o].id);
        Ok(v.into_iter().map(move |o| OrgRef::new(self, o)))
    }

    /// The organizations that cover a unit: those based in it and those that cover it
    /// (joint branches), in id order. *O(in-degree)* time, *O(k)* extra space for the `k`
    /// it yields (sorted by id).
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, Sector, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let kind = UnitKind::Institution(Sector::NonPublicEnterprise);
    /// let a = h.add_unit(Some(d), Unit::new(kind, "甲公司"))?;
    /// let b = h.add_unit(Some(d), Unit::new(kind, "乙公司"))?;
    /// let joint = h.add_org(None, a, Org::new(OrgForm::JointBranch, "联合党支部"))?;
    /// h.cover(joint, b)?;
    /// // Based in the one, covering the other: both are covered by it.
    /// assert_eq!(h.orgs_covering(a)?.map(|o| o.id()).collect::<Vec<_>>(), [joint]);
    /// assert_eq!(h.orgs_covering(b)?.map(|o| o.id()).collect::<Vec<_>>(), [joint]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn orgs_covering(
        &self,
        unit: UnitId,
    ) -> Result<impl Iterator<Item = OrgRef<'_>> + '_, QueryError> {
        let ix = self.index_of(unit)?;
        let mut v: Vec<NodeIndex> = self
            .graph
            .edges_directed(ix, Incoming)
            .filter(|e| {
                matches!(e.weight(), Relation::BasedIn | Relation::Covers)
                    && !self.is_outside_ix(e.source())
            })
            .map(|e| e.source())
            .collect();
        v.sort_unstable_by_key(|&o| self.graph[o].id);
        v.dedup();
        Ok(v.into_iter().map(move |o| OrgRef::new(self, o)))
    }

    /// Whether a unit is covered by a party organization (组织覆盖): one is based in it
    /// or a joint branch covers it (an organization's, or in the one-table form a unit's).
    /// *O(in-degree)*.
    pub(crate) fn is_covered_ix(&self, unit: NodeIndex) -> bool {
        self.graph.edges_directed(unit, Incoming).any(|e| {
            matches!(e.weight(), Relation::BasedIn | Relation::Covers)
                && !self.is_outside_ix(e.source())
        })
    }

    /// Whether an organization recorded in its own right is based in a unit or covers it
    /// (a unit's own organization of the one-table form counts as its `party_form`).
    /// *O(in-degree)*.
    pub(crate) fn covered_by_recorded_org_ix(&self, unit: NodeIndex) -> bool {
        self.graph.edges_directed(unit, Incoming).any(|e| {
            matches!(e.weight(), Relation::BasedIn | Relation::Covers)
                && self.graph[e.source()].flags & OWN_ORG == 0
                && !self.is_outside_ix(e.source())
        })
    }

    /// Whether a unit is covered by a party organization (组织覆盖): an organization is
    /// based in it or covers it. *O(in-degree)*.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, PartyForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_party_form(PartyForm::Committee))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// assert!(h.is_covered(d)?);
    /// assert!(!h.is_covered(s)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_covered(&self, unit: UnitId) -> Result<bool, QueryError> {
        Ok(self.is_covered_ix(self.index_of(unit)?))
    }

    /// The organizations above one, nearest first. *O(depth)* time, *O(1)* extra space
    /// once the organization layout is built (*O(units + organizations)* to build it after
    /// a structural change).
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownOrg`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "工委"))?;
    /// let gb = h.add_org(Some(gw), d, Org::new(OrgForm::GeneralBranch, "总支"))?;
    /// let b = h.add_org(Some(gb), d, Org::new(OrgForm::Branch, "支部"))?;
    /// assert_eq!(h.org_ancestors(b)?.map(|o| o.id()).collect::<Vec<_>>(), [gb, gw]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn org_ancestors(
        &self,
        id: OrgId,
    ) -> Result<impl Iterator<Item = OrgRef<'_>> + '_, QueryError> {
        let ix = self.org_index_of(id)?;
        let mut cur = self.org_superior_ix(ix);
        Ok(std::iter::from_fn(move || {
            let here = cur?;
            cur = self.org_superior_ix(here);
            Some(OrgRef::new(self, here))
        }))
    }

    /// An organization and every organization below it, in pre-order. *O(1)* to start
    /// and *O(1)* per item, *O(1)* extra space, once the organization layout is built.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownOrg`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "工委"))?;
    /// let gb = h.add_org(Some(gw), d, Org::new(OrgForm::GeneralBranch, "总支"))?;
    /// let b = h.add_org(Some(gb), d, Org::new(OrgForm::Branch, "支部"))?;
    /// assert_eq!(h.org_subtree(gw)?.map(|o| o.id()).collect::<Vec<_>>(), [gw, gb, b]);
    /// assert_eq!(h.org_subtree(b)?.count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn org_subtree(
        &self,
        id: OrgId,
    ) -> Result<impl Iterator<Item = OrgRef<'_>> + '_, QueryError> {
        let ix = self.org_index_of(id)?;
        let layout = self.org_layout();
        let range = layout.position(ix).map_or(0..0, |p| layout.range(p));
        Ok(layout.order[range]
            .iter()
            .map(move |&o| OrgRef::new(self, o)))
    }

    /// The roots of the 隶属 forest: the organizations with no superior, in id order,
    /// temporary organizations and big committees (which stand outside it) excepted.
    /// *O(k log k)* time, *O(roots)* extra space once the organization layout is built.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Org, OrgForm, unit::TaskPurpose, org::TemporaryOrg, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "工委"))?;
    /// h.add_org(Some(gw), d, Org::new(OrgForm::Branch, "支部"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    /// h.add_temporary(TemporaryOrg::new("临时党支部", TaskPurpose::Other, d, day))?;
    /// // The temporary organization stands outside the 隶属 forest.
    /// assert_eq!(h.org_roots().map(|o| o.id()).collect::<Vec<_>>(), [gw]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn org_roots(&self) -> impl Iterator<Item = OrgRef<'_>> + '_ {
        let layout = self.org_layout();
        let mut v: Vec<NodeIndex> = layout
            .order
            .iter()
            .enumerate()
            .filter(|&(p, &o)| layout.parent[p] == NONE && !self.is_outside_ix(o))
            .map(|(_, &o)| o)
            .collect();
        v.sort_unstable_by_key(|&o| self.graph[o].id);
        v.into_iter().map(move |o| OrgRef::new(self, o))
    }

    /// An organization's recorded superior (not the derived one of an own organization).
    pub(crate) fn stored_superior(&self, o: &OrgRef<'_>) -> Option<OrgRef<'_>> {
        self.stored_superior_ix(o.index())
            .map(|s| OrgRef::new(self, s))
    }

    /// How many organizations are recorded in their own right (not units' own).
    /// *O(nodes)*, no allocation.
    pub(crate) fn orgs_recorded_in_own_right(&self) -> usize {
        self.graph
            .node_weights()
            .filter(|n| n.kind.org().is_some() && n.flags & OWN_ORG == 0)
            .count()
    }

    /// The organization layout's order with the trees of the organizations outside the
    /// 隶属 tree (temporary organizations and big committees, each a root) last: their
    /// ids are kept by files, so their order survives a reload, which the order of roots
    /// numbered on load (units' own organizations) does not. *O(organizations)*.
    pub(crate) fn org_file_order(&self) -> impl Iterator<Item = OrgRef<'_>> + '_ {
        let l = self.org_layout();
        // Pre-order: a position's parent comes before it, so one pass finds each root.
        let mut outside = vec![false; l.order.len()];
        let (mut first, mut last) = (Vec::new(), Vec::new());
        for p in 0..l.order.len() {
            let parent = l.parent[p];
            outside[p] = if parent == NONE {
                self.is_outside_ix(l.order[p])
            } else {
                outside[parent as usize]
            };
            if outside[p] { &mut last } else { &mut first }.push(l.order[p]);
        }
        first
            .into_iter()
            .chain(last)
            .map(move |o| OrgRef::new(self, o))
    }

    /// A unit's own organization of the one-table form, if the unit exists and has one.
    pub(crate) fn own_org_of(&self, unit: UnitId) -> Option<OrgId> {
        let u = self.index_of(unit).ok()?;
        self.own_org_ix(u).map(|o| OrgId(self.graph[o].id.0))
    }

    /// Gives the own organizations (one-table form) the lowest ids that are not `taken`,
    /// in node order, so that a loader's organization rows keep the ids their file gives
    /// them (an own organization is named by its unit in files, never by its id) and a
    /// snapshot's counter still lies past every id; the counter then stands past them and
    /// past `top`. *O(organizations + ids skipped)*.
    ///
    /// The hierarchy comes straight from a builder (the loaders' one call): its only
    /// organizations are the units' own, numbered 0, 1, … in node order as the units were
    /// pushed. When no taken id (`lowest`, the least of them) lies below their count,
    /// none moves, and nothing is looked at: *O(1)*.
    pub(crate) fn renumber_own_orgs(
        &mut self,
        top: Option<u32>,
        lowest: Option<u32>,
        taken: impl Fn(u32) -> bool,
    ) {
        let numbered = self.org_count == self.next_org as usize;
        if numbered && lowest.is_none_or(|m| m >= self.next_org) {
            debug_assert!(
                self.graph
                    .node_indices()
                    .filter(|&ix| self.graph[ix].kind.org().is_some())
                    .enumerate()
                    .all(|(i, ix)| self.graph[ix].flags & OWN_ORG != 0
                        && self.graph[ix].id.0 as usize == i),
                "a built hierarchy's organizations are its units' own, numbered in node order"
            );
            self.next_org = self.next_org.max(top.map_or(0, |t| t.saturating_add(1)));
            return;
        }
        // The new id of each own organization, in node order: the free ids ascending
        // (fewer nodes than u32::MAX and finitely many taken ids: the free ids suffice).
        let mut next = 0u32;
        let mut moved: Vec<(NodeIndex, UnitId)> = Vec::new();
        for ix in self.graph.node_indices() {
            if self.graph[ix].flags & OWN_ORG == 0 {
                continue;
            }
            while taken(next) {
                next += 1;
            }
            if self.graph[ix].id.0 != next {
                moved.push((ix, UnitId(next)));
            }
            next += 1;
        }
        // Only the organizations whose id changes leave the index and come back (a file
        // whose recorded organizations are numbered past the own ones, as every file this
        // crate writes, moves none). Out of the index first, so that no new id meets an
        // old one there: the new ids are distinct, and differ from every unmoved one's.
        let gone: Vec<super::change::Gone> = moved
            .iter()
            .map(|&(ix, _)| super::change::Gone {
                ix,
                id: self.graph[ix].id,
                org: true,
                code: None,
                // Own organizations are keyed by their units, never by keys of their own.
                key: None,
            })
            .collect();
        self.changed(Change::Removed { gone: &gone });
        for (ix, id) in moved {
            self.graph[ix].id = id;
            self.changed(Change::Added {
                ix,
                code: None,
                key: None,
            });
        }
        self.next_org = next.max(top.map_or(0, |t| t.saturating_add(1)));
        self.changed(Change::Structure);
    }

    pub(crate) fn org_ref(&self, ix: NodeIndex) -> OrgRef<'_> {
        OrgRef::new(self, ix)
    }
}
