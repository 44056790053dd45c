//! Changing party organizations: adding them, moving them in the 隶属 tree, their members,
//! their coverage, their removal. Every method checks everything first and changes
//! nothing when it refuses.

use petgraph::Direction::Outgoing;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::Change;
use super::orgs::OrgExtra;
use super::{Hierarchy, HierarchyError, OWN_ORG};
use crate::org::{Org, OrgId};
use crate::relation::{Relation, RelationWord};
use crate::unit::{Members, UnitId};

impl Hierarchy {
    // ----- public: changes -------------------------------------------------------------

    /// Adds a party organization based in `unit`, below `superior` (or with none recorded).
    /// Returns its new id.
    ///
    /// Whether the superior's form may lead this one, and whether the unit lies in the
    /// superior's area, are validation rules, not refusals: data as it stands can be
    /// recorded and then checked.
    ///
    /// *O(1)* amortized; it drops the organization layout.
    ///
    /// # Errors
    ///
    /// - [`HierarchyError::UnknownUnit`] / [`HierarchyError::UnknownOrg`] for a missing
    ///   unit or superior;
    /// - [`HierarchyError::OutsideTree`] for a temporary organization or big committee
    ///   (added with their own methods), or a superior of those forms;
    /// - [`HierarchyError::OrgCycle`] if the superior stands below a unit's own
    ///   organization that would report to the new one (the first organization of a unit
    ///   without its own leads the own organizations below the unit);
    /// - [`HierarchyError::Full`] past `u32::MAX` organizations.
    ///
    /// # Example
    ///
    /// ```
    /// use partyorg::{Hierarchy, Members, Org, OrgForm, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let street = h.add_unit(Some(district), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let community = h.add_unit(Some(street), Unit::new(UnitKind::Community, "罗岗社区"))?;
    /// let gw = h.add_org(None, street, Org::new(OrgForm::WorkingCommittee, "均禾街道党工委"))?;
    /// let committee = h.add_org(Some(gw), community, Org::new(OrgForm::Committee, "罗岗社区党委"))?;
    /// let grid = h.add_org(Some(committee), community,
    ///     Org::new(OrgForm::Branch, "罗岗社区第一网格党支部").with_members(Members::new(23, 1)))?;
    /// assert_eq!(h.org(grid)?.superior().unwrap().id(), committee);
    /// assert_eq!(h.orgs_based_in(community)?.count(), 2);
    /// assert_eq!(h.org_totals(gw)?.members(), 24);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_org(
        &mut self,
        superior: Option<OrgId>,
        unit: UnitId,
        org: Org,
    ) -> Result<OrgId, HierarchyError> {
        let id = self.fresh_org_id()?;
        self.add_org_with_id(id, superior, unit, org)
    }

    /// [`add_org`](Self::add_org) with a chosen id, as loaders do to keep a file's ids.
    ///
    /// # Errors
    ///
    /// As [`add_org`](Self::add_org); [`HierarchyError::DuplicateOrgId`] if the id is taken,
    /// [`HierarchyError::RetiredOrgId`] if it belonged to a removed organization,
    /// [`HierarchyError::ReservedOrgId`] for `u32::MAX`.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, HierarchyError, Org, OrgForm, OrgId, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let o = h.add_org_with_id(OrgId(500), None, d, Org::new(OrgForm::Branch, "第一党支部"))?;
    /// assert_eq!(h.org(o)?.id(), OrgId(500));
    /// let again = h.add_org_with_id(OrgId(500), None, d, Org::new(OrgForm::Branch, "第二党支部"));
    /// assert!(matches!(again, Err(HierarchyError::DuplicateOrgId { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_org_with_id(
        &mut self,
        id: OrgId,
        superior: Option<OrgId>,
        unit: UnitId,
        mut org: Org,
    ) -> Result<OrgId, HierarchyError> {
        self.check_org_id_free(id)?;
        if org.form.is_outside() {
            return Err(HierarchyError::OutsideTree {
                org: id,
                found: org.form,
                label: new_label(id, &org),
            });
        }
        let u = self.index_of(unit)?;
        let s = superior.map(|s| self.org_index_of(s)).transpose()?;
        self.check_leads(s)?;
        if let Some(sup) = s
            && self.would_lead(u, id, sup)
        {
            return Err(HierarchyError::OrgCycle {
                org: id,
                new_superior: OrgId(self.graph[sup].id.0),
                org_label: new_label(id, &org),
                superior_label: self.label_ix(sup),
            });
        }
        let node = self.org_node(id, &org)?;
        let extra = OrgExtra::of(&mut org);
        let key = org.key.take();
        let ix = self.insert_org_node(id, u, node, extra, key.as_deref())?;
        if let Some(s) = s {
            self.graph.add_edge(s, ix, Relation::Superior);
        }
        self.changed(Change::Facts);
        Ok(id)
    }

    /// Refuses a superior outside the 隶属 tree.
    fn check_leads(&self, superior: Option<NodeIndex>) -> Result<(), HierarchyError> {
        match superior.and_then(|s| Some((s, self.graph[s].kind.org()?))) {
            Some((s, form)) if form.is_outside() => Err(HierarchyError::OutsideTree {
                org: OrgId(self.graph[s].id.0),
                found: form,
                label: self.label_ix(s),
            }),
            _ => Ok(()),
        }
    }

    /// Whether a new organization `id` based in `unit` would stand above `superior`: it
    /// becomes the unit's principal organization (the unit has no own organization and
    /// none with a lower id), and `superior`'s chain of superiors derives one from it.
    /// *O(organization depth × place depth)*, without the layout.
    fn would_lead(&self, unit: NodeIndex, id: OrgId, superior: NodeIndex) -> bool {
        if self.own_org_ix(unit).is_some()
            || self
                .orgs_based_in_ix(unit)
                .any(|o| self.graph[o].id.0 < id.0)
        {
            return false;
        }
        let mut cur = Some(superior);
        for _ in 0..=self.org_count {
            let Some(o) = cur else { return false };
            cur = self.stored_superior_ix(o);
            if cur.is_some() || self.graph[o].flags & OWN_ORG == 0 {
                continue;
            }
            // An own organization's derived superior: the nearest ancestor's principal.
            let mut place = self.based_in_ix(o).and_then(|b| self.parent_ix(b));
            while let Some(x) = place {
                if x == unit {
                    return true;
                }
                cur = self
                    .own_org_ix(x)
                    .or_else(|| self.orgs_based_in_ix(x).min_by_key(|&b| self.graph[b].id));
                if cur.is_some() {
                    break;
                }
                place = self.parent_ix(x);
            }
        }
        false
    }

    /// Sets (or clears) the recorded superior of an organization: the organization and
    /// everything below it move in the 隶属 tree. For a unit's own organization (one-table
    /// form) a recorded superior takes the place of the derived one (the organization of
    /// the nearest ancestor unit that has one), and `None` gives the derived one back.
    /// *O(units + organizations)* for the cycle check when the organization layout must
    /// be rebuilt, *O(1)* otherwise; it drops the organization layout.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownOrg`]; [`HierarchyError::OutsideTree`] when either is a
    /// temporary organization or big committee; [`HierarchyError::OrgCycle`] if the new
    /// superior is the organization or below it; [`HierarchyError::OwnOrg`] when both are
    /// units' own
    /// organizations: files name a unit's own organization's superior by its id in the
    /// organizations table, so the superior must be recorded in its own right.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, HierarchyError, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "工委"))?;
    /// let b = h.add_org(None, d, Org::new(OrgForm::Branch, "支部"))?;
    /// h.set_superior(b, Some(gw))?;
    /// assert_eq!(h.org(b)?.superior().map(|o| o.id()), Some(gw));
    /// assert!(matches!(h.set_superior(gw, Some(b)), Err(HierarchyError::OrgCycle { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_superior(
        &mut self,
        org: OrgId,
        superior: Option<OrgId>,
    ) -> Result<(), HierarchyError> {
        let ix = self.org_index_of(org)?;
        let s = superior.map(|s| self.org_index_of(s)).transpose()?;
        if let Some(form) = self.graph[ix].kind.org().filter(|f| f.is_outside()) {
            return Err(HierarchyError::OutsideTree {
                org,
                found: form,
                label: self.label_ix(ix),
            });
        }
        self.check_leads(s)?;
        if self.graph[ix].flags & OWN_ORG != 0
            && s.is_some_and(|s| self.graph[s].flags & OWN_ORG != 0)
        {
            return Err(HierarchyError::OwnOrg {
                id: org,
                label: self.label_ix(ix),
            });
        }
        if let Some(s) = s {
            let layout = self.org_layout();
            if let (Some(p), Some(q)) = (layout.position(ix), layout.position(s))
                && layout.range(p).contains(&(q as usize))
            {
                return Err(HierarchyError::OrgCycle {
                    org,
                    new_superior: OrgId(self.graph[s].id.0),
                    org_label: self.label_ix(ix),
                    superior_label: self.label_ix(s),
                });
            }
        }
        self.remove_in_edges(ix, Relation::Superior);
        if let Some(s) = s {
            self.graph.add_edge(s, ix, Relation::Superior);
        }
        self.changed(Change::Structure);
        Ok(())
    }

    /// Sets an organization's members. For a unit's own organization this is the unit's
    /// [`set_members`](Self::set_members). *O(depth)* in either tree.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownOrg`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Members, Org, OrgForm, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let b = h.add_org(None, d, Org::new(OrgForm::Branch, "支部"))?;
    /// h.set_org_members(b, Members::new(15, 1))?;
    /// assert_eq!(h.org(b)?.members().total(), 16);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_org_members(&mut self, org: OrgId, members: Members) -> Result<(), HierarchyError> {
        let ix = self.org_index_of(org)?;
        if self.graph[ix].flags & OWN_ORG != 0 {
            let unit = self.graph[self.based_in_ix(ix).expect("based in a unit")].id;
            return self.set_members(unit, members);
        }
        self.set_org_node_members(ix, members);
        self.changed(Change::Facts);
        Ok(())
    }

    /// Records that an organization covers a unit besides the one it is based in: a joint
    /// branch (联合党支部) its other units, or an organization that serves a unit without
    /// one of its own (a village's organization covering a co-op, as files of the
    /// one-table form record). A covered unit counts as covered (组织覆盖); validation
    /// limits a joint branch to five units in all.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownOrg`], [`HierarchyError::UnknownUnit`];
    /// [`HierarchyError::WrongForm`] for a temporary organization or a big committee,
    /// which stand outside the 隶属 tree and cover nothing.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Org, OrgForm, Sector, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let kind = UnitKind::Institution(Sector::SocialOrganization);
    /// let a = h.add_unit(Some(d), Unit::new(kind, "甲协会"))?;
    /// let b = h.add_unit(Some(d), Unit::new(kind, "乙协会"))?;
    /// let joint = h.add_org(None, a, Org::new(OrgForm::JointBranch, "协会联合党支部"))?;
    /// assert!(!h.is_covered(b)?);
    /// h.cover(joint, b)?;
    /// assert!(h.is_covered(b)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cover(&mut self, org: OrgId, unit: UnitId) -> Result<(), HierarchyError> {
        let o = self.org_index_of(org)?;
        let form = self.org_ref(o).form();
        if form.is_outside() {
            return Err(HierarchyError::WrongForm {
                org,
                found: form,
                relation: RelationWord::Covers,
                label: self.label_ix(o),
            });
        }
        let u = self.index_of(unit)?;
        if !self
            .graph
            .edges_directed(o, Outgoing)
            .any(|e| e.target() == u && matches!(e.weight(), Relation::Covers | Relation::BasedIn))
        {
            self.graph.add_edge(o, u, Relation::Covers);
        }
        self.changed(Change::Relations);
        Ok(())
    }

    /// Removes an organization with the documented semantics of [`Removal`](super::Removal)
    /// for the organizations below it, and returns the removed organizations' ids (in
    /// pre-order of the 隶属 tree). Removing a unit's own organization takes the unit's
    /// party form away.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownOrg`]; [`HierarchyError::OrgHasSubordinates`] with
    /// [`Removal::LeafOnly`](super::Removal::LeafOnly) when organizations stand below it.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, HierarchyError, Org, OrgForm, hierarchy::Removal, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let gw = h.add_org(None, d, Org::new(OrgForm::WorkingCommittee, "工委"))?;
    /// let b = h.add_org(Some(gw), d, Org::new(OrgForm::Branch, "支部"))?;
    /// let refused = h.remove_org(gw, Removal::LeafOnly);
    /// assert!(matches!(refused, Err(HierarchyError::OrgHasSubordinates { .. })));
    /// assert_eq!(h.remove_org(gw, Removal::Subtree)?, [gw, b]);
    /// assert_eq!(h.org_count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remove_org(
        &mut self,
        org: OrgId,
        how: super::Removal,
    ) -> Result<Vec<OrgId>, HierarchyError> {
        self.remove_org_logged(org, how, None)
    }

    /// [`remove_org`](Self::remove_org), keeping in `log` (when given) what it takes
    /// away, for a refused batch.
    pub(crate) fn remove_org_logged(
        &mut self,
        org: OrgId,
        how: super::Removal,
        log: Option<&mut super::undo::RemovedState>,
    ) -> Result<Vec<OrgId>, HierarchyError> {
        let ix = self.org_index_of(org)?;
        let layout = self.org_layout();
        // Every organization is in the layout (a circle is broken at one of its own).
        let range = layout.position(ix).map_or(0..0, |p| layout.range(p));
        let below = range.len().saturating_sub(1);
        let doomed: Vec<NodeIndex> = match how {
            super::Removal::LeafOnly if below > 0 => {
                return Err(HierarchyError::OrgHasSubordinates {
                    id: org,
                    subordinates: below,
                    label: self.label_ix(ix),
                });
            }
            super::Removal::Subtree if !range.is_empty() => layout.order[range].to_vec(),
            _ => vec![ix],
        };
        let superior = self.org_superior_ix(ix);
        let ids = doomed.iter().map(|&o| OrgId(self.graph[o].id.0)).collect();
        if let Some(log) = log {
            self.capture_removal(log, &doomed, None, false);
            if superior.is_some_and(|s| !doomed.contains(&s)) {
                log.relinked = doomed
                    .iter()
                    .flat_map(|&o| {
                        self.graph
                            .edges_directed(o, Outgoing)
                            .filter(|e| {
                                *e.weight() == Relation::Superior && !doomed.contains(&e.target())
                            })
                            .map(|e| self.key_of(e.target()))
                            .collect::<Vec<_>>()
                    })
                    .collect();
            }
        }
        self.remove_org_nodes(&doomed, superior);
        self.changed(Change::Facts);
        Ok(ids)
    }
}

/// The [`Label`](crate::Label) of an organization about to be added as `id`.
fn new_label(id: OrgId, org: &crate::Org) -> crate::Label {
    crate::Label {
        key: (org.key.clone().or_else(|| org.code.clone())).unwrap_or_else(|| id.to_string()),
        name: org.name.clone(),
    }
}
