//! Changing what lies outside the two trees: temporary organizations, big committees,
//! relations, pairings and records.

use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::Change;
use super::orgs::OrgExtra;
use super::{Hierarchy, MAX_RECORD_ID_GAP};
use crate::error::HierarchyError;
use crate::org::{BigCommittee, Org, OrgForm, OrgId, TemporaryOrg};
use crate::record::{Record, RecordId};
use crate::relation::{Pairing, PairingId, Relation, RelationWord};
use crate::unit::{TemporaryInfo, UnitId};

impl Hierarchy {
    /// Adds an organization outside the 隶属 tree (a temporary organization or a big
    /// committee) based in `unit`, with its relations to other units; everything checked
    /// by the caller but capacity.
    fn insert_outside_org(
        &mut self,
        id: OrgId,
        unit: NodeIndex,
        org: Org,
        extra: OrgExtra,
        links: Vec<(NodeIndex, Relation)>,
    ) -> Result<OrgId, HierarchyError> {
        let node = self.org_node(id, &org)?;
        let ix = self.insert_org_node(id, unit, node, Some(Box::new(extra)), org.key.as_deref())?;
        for (to, relation) in links {
            self.graph.add_edge(ix, to, relation);
        }
        self.changed(Change::Relations);
        Ok(id)
    }

    /// Adds a temporary party organization (an organization of form
    /// [`OrgForm::Temporary`]) based in its host, with edges to the home units of its
    /// seconded members. It stands outside the 隶属 tree ([`OrgForm::is_outside`]).
    /// Returns its id.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`] for a missing host or home unit;
    /// [`HierarchyError::Full`] past `u32::MAX` organizations.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{Hierarchy, Members, OrgForm, unit::TaskPurpose, org::TemporaryOrg, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let town = h.add_unit(Some(district), Unit::new(UnitKind::Town, "人和镇"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    /// let t = h.add_temporary(
    ///     TemporaryOrg::new("人和镇乡村振兴临时党支部", TaskPurpose::RuralRevitalization, town, day)
    ///         .with_members(Members::new(5, 0))
    ///         .seconded_from(district, 5),
    /// )?;
    /// let org = h.org(t)?;
    /// assert_eq!((org.form(), org.based_in().id()), (OrgForm::Temporary, town));
    /// assert!(org.superior().is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_temporary(&mut self, org: TemporaryOrg) -> Result<OrgId, HierarchyError> {
        let id = self.fresh_org_id()?;
        self.add_temporary_with_id(id, org)
    }

    /// [`add_temporary`](Self::add_temporary) with a chosen id.
    ///
    /// # Errors
    ///
    /// As [`add_temporary`](Self::add_temporary), and the errors of a chosen
    /// organization id ([`add_org_with_id`](Self::add_org_with_id)).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, OrgId, unit::TaskPurpose, org::TemporaryOrg, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    /// let tmp = TemporaryOrg::new("临时党支部", TaskPurpose::Other, d, day);
    /// assert_eq!(h.add_temporary_with_id(OrgId(40), tmp.clone())?, OrgId(40));
    /// assert!(h.add_temporary_with_id(OrgId(40), tmp).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_temporary_with_id(
        &mut self,
        id: OrgId,
        org: TemporaryOrg,
    ) -> Result<OrgId, HierarchyError> {
        self.add_temporary_row(id, org, true)
    }

    /// [`add_temporary_with_id`](Self::add_temporary_with_id) for a file's row, which may
    /// give no task (`known_task` false: the organization then has no
    /// [`TemporaryInfo`], and `org`'s purpose, approval, task end and acts are ignored).
    pub(crate) fn add_temporary_row(
        &mut self,
        id: OrgId,
        org: TemporaryOrg,
        known_task: bool,
    ) -> Result<OrgId, HierarchyError> {
        self.check_org_id_free(id)?;
        let host = self.index_of(org.host)?;
        let links = org
            .seconded
            .iter()
            .map(|&(u, n)| Ok((self.index_of(u)?, Relation::Seconds(n))))
            .collect::<Result<Vec<_>, HierarchyError>>()?;
        let extra = OrgExtra {
            founded: org.founded,
            dissolved: org.dissolved,
            temporary: known_task.then_some(TemporaryInfo {
                purpose: org.purpose,
                approved: org.approved,
                task_ended: org.task_ended,
                acts: org.acts,
            }),
            ..OrgExtra::default()
        };
        let mut o = Org::new(OrgForm::Temporary, org.name).with_members(org.members);
        o.key = org.key;
        self.insert_outside_org(id, host, o, extra, links)
    }

    /// Adds a big party committee (an organization of form [`OrgForm::BigCommittee`])
    /// based in its core unit, with its member units (each once, however often given)
    /// and part-time members. It stands outside the 隶属 tree ([`OrgForm::is_outside`]).
    /// Returns its id.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`] for a missing unit; [`HierarchyError::Full`] past
    /// `u32::MAX` organizations.
    ///
    /// # Example
    ///
    /// ```
    /// use partyorg::{org::BigCommittee, unit::BigCommitteeKind, Hierarchy, OrgForm, Relation, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let street = h.add_unit(Some(district), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let bc = h.add_big_committee(
    ///     BigCommittee::new("化妆品产业链大党委", BigCommitteeKind::IndustryChain, street)
    ///         .with_member(district)
    ///         .with_part_time(district, 2),
    /// )?;
    /// let org = h.org(bc)?;
    /// assert_eq!((org.form(), org.based_in().id()), (OrgForm::BigCommittee, street));
    /// assert_eq!(org.links().filter(|l| l.relation == Relation::Member).count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_big_committee(&mut self, bc: BigCommittee) -> Result<OrgId, HierarchyError> {
        let id = self.fresh_org_id()?;
        self.add_big_committee_with_id(id, bc)
    }

    /// [`add_big_committee`](Self::add_big_committee) with a chosen id.
    ///
    /// # Errors
    ///
    /// As [`add_big_committee`](Self::add_big_committee), and the errors of a chosen
    /// organization id ([`add_org_with_id`](Self::add_org_with_id)).
    ///
    /// ```
    /// # use partyorg::{org::BigCommittee, unit::BigCommitteeKind, Hierarchy, OrgId, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let bc = BigCommittee::new("商圈大党委", BigCommitteeKind::BusinessDistrict, d);
    /// let id = h.add_big_committee_with_id(OrgId(7), bc)?;
    /// assert_eq!(h.org(id)?.name(), "商圈大党委");
    /// assert_eq!(h.next_org_id()?, OrgId(8));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_big_committee_with_id(
        &mut self,
        id: OrgId,
        bc: BigCommittee,
    ) -> Result<OrgId, HierarchyError> {
        let kind = bc.kind;
        self.add_big_committee_row(id, bc, Some(kind))
    }

    /// [`add_big_committee_with_id`](Self::add_big_committee_with_id) for a file's row,
    /// which may give no kind (`kind` `None`: `bc.kind` is ignored).
    pub(crate) fn add_big_committee_row(
        &mut self,
        id: OrgId,
        bc: BigCommittee,
        kind: Option<crate::unit::BigCommitteeKind>,
    ) -> Result<OrgId, HierarchyError> {
        self.check_org_id_free(id)?;
        let core = self.index_of(bc.core)?;
        let mut links = Vec::with_capacity(bc.members.len() + bc.part_time.len());
        for &u in &bc.members {
            let link = (self.index_of(u)?, Relation::Member);
            // A unit is a member unit once.
            if !links.contains(&link) {
                links.push(link);
            }
        }
        for &(u, n) in &bc.part_time {
            links.push((self.index_of(u)?, Relation::PartTime(n)));
        }
        let extra = OrgExtra {
            founded: bc.founded,
            big_committee: kind,
            ..OrgExtra::default()
        };
        let mut o = Org::new(OrgForm::BigCommittee, bc.name);
        o.key = bc.key;
        self.insert_outside_org(id, core, o, extra, links)
    }

    /// Relates an organization to a unit: [`Relation::Seconds`] from a temporary
    /// organization, [`Relation::Member`] or [`Relation::PartTime`] from a big committee,
    /// [`Relation::Covers`] from an organization of the 隶属 tree (as
    /// [`cover`](Self::cover)). A unit is a big committee's member unit once: relating it
    /// as a member again changes nothing.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownOrg`], [`HierarchyError::UnknownUnit`];
    /// [`HierarchyError::WrongForm`] when the organization's form does not take the
    /// relation, or the relation is one with its own method (containment, pairing,
    /// superior, based in).
    ///
    /// # Example
    ///
    /// ```
    /// use partyorg::{org::BigCommittee, unit::BigCommitteeKind, Hierarchy, Relation, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let street = h.add_unit(Some(district), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let bc = h.add_big_committee(BigCommittee::new("大党委", BigCommitteeKind::Regional, street))?;
    /// h.relate(bc, district, Relation::Member)?;
    /// assert!(h.relate(bc, district, Relation::Seconds(3)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn relate(
        &mut self,
        org: OrgId,
        unit: UnitId,
        relation: Relation,
    ) -> Result<(), HierarchyError> {
        let o = self.org_index_of(org)?;
        let form = self.org_ref(o).form();
        let fits = match relation {
            Relation::Member | Relation::PartTime(_) => form == OrgForm::BigCommittee,
            Relation::Seconds(_) => form == OrgForm::Temporary,
            Relation::Covers => return self.cover(org, unit),
            Relation::Contains | Relation::Pairing(_) | Relation::Superior | Relation::BasedIn => {
                false
            }
        };
        if !fits {
            return Err(HierarchyError::WrongForm {
                org,
                found: form,
                relation: relation.word(),
                label: self.org_label(org),
            });
        }
        let u = self.index_of(unit)?;
        // A unit is a member unit once: relating it again changes nothing (as `cover`).
        let again = relation == Relation::Member
            && self
                .graph
                .edges_directed(o, petgraph::Direction::Outgoing)
                .any(|e| e.target() == u && *e.weight() == Relation::Member);
        if !again {
            self.graph.add_edge(o, u, relation);
            self.changed(Change::Relations);
        }
        Ok(())
    }

    /// Removes an organization's relation to a unit: a big committee's member unit
    /// ([`Relation::Member`]) or part-time members ([`Relation::PartTime`]), a temporary
    /// organization's seconding ([`Relation::Seconds`], with the same count), a joint
    /// branch's coverage ([`Relation::Covers`]). *O(degree)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownOrg`], [`HierarchyError::UnknownUnit`];
    /// [`HierarchyError::NoRelation`] when there is no such relation, or for a relation
    /// with its own method (a parent: [`move_unit`](Self::move_unit); a superior:
    /// [`set_superior`](Self::set_superior); a host: [`set_host`](Self::set_host); a
    /// pairing: [`remove_pairing`](Self::remove_pairing)).
    ///
    /// ```
    /// use partyorg::{org::BigCommittee, unit::BigCommitteeKind, Hierarchy, Relation, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let street = h.add_unit(Some(district), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let bc = h.add_big_committee(BigCommittee::new("大党委", BigCommitteeKind::Regional, street))?;
    /// h.relate(bc, district, Relation::Member)?;
    /// h.remove_relation(bc, district, Relation::Member)?;
    /// assert!(h.remove_relation(bc, district, Relation::Member).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remove_relation(
        &mut self,
        org: OrgId,
        unit: UnitId,
        relation: Relation,
    ) -> Result<(), HierarchyError> {
        let o = self.org_index_of(org)?;
        let u = self.index_of(unit)?;
        let removable = matches!(
            relation,
            Relation::Member | Relation::PartTime(_) | Relation::Seconds(_) | Relation::Covers
        );
        let edge = self
            .graph
            .edges_directed(o, petgraph::Direction::Outgoing)
            .find(|e| e.target() == u && *e.weight() == relation)
            .map(|e| e.id())
            .filter(|_| removable)
            .ok_or_else(|| HierarchyError::NoRelation {
                org,
                unit,
                relation: relation.word(),
                org_label: self.org_label(org),
                unit_label: self.unit_label(unit),
            })?;
        self.graph.remove_edge(edge);
        self.changed(Change::Relations);
        Ok(())
    }

    /// Moves an organization to another unit it is based in: a temporary organization's
    /// host, a big committee's core, the unit of an organization recorded in its own right
    /// (a unit's own organization goes with its unit).
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownOrg`], [`HierarchyError::UnknownUnit`];
    /// [`HierarchyError::WrongForm`] if `temporary` is a unit's own organization.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, unit::TaskPurpose, org::TemporaryOrg, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "人和镇"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    /// let tmp = h.add_temporary(TemporaryOrg::new("临时党支部", TaskPurpose::Project, d, day))?;
    /// h.set_host(tmp, t)?;
    /// assert_eq!(h.org(tmp)?.based_in().id(), t);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_host(&mut self, temporary: OrgId, host: UnitId) -> Result<(), HierarchyError> {
        let t = self.org_index_of(temporary)?;
        let form = self.org_ref(t).form();
        if self.graph[t].flags & super::OWN_ORG != 0 {
            return Err(HierarchyError::WrongForm {
                org: temporary,
                found: form,
                relation: RelationWord::BasedIn,
                label: self.label_ix(t),
            });
        }
        let h = self.index_of(host)?;
        self.remove_out_edges(t, Relation::BasedIn);
        self.graph.add_edge(t, h, Relation::BasedIn);
        self.changed(Change::Structure);
        Ok(())
    }

    /// Pairs two standing units. Returns the pairing's id.
    ///
    /// Whether the ends suit the pairing type is a validation rule, not a refusal, so
    /// that data as it stands can be recorded and then checked.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`] if an end is not a unit;
    /// [`HierarchyError::SelfRelation`] for a unit paired with itself;
    /// [`HierarchyError::Full`] past `u32::MAX` pairings.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, HierarchyError, Pairing, PairingKind, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇").agricultural())?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let p = h.add_pairing(t, s, Pairing::new(PairingKind::TownStreet))?;
    /// assert_eq!(h.pairings_of(s)?.map(|l| (l.id, l.other(s))).collect::<Vec<_>>(), [(p, t)]);
    /// let to_itself = h.add_pairing(s, s, Pairing::new(PairingKind::JointBuilding));
    /// assert!(matches!(to_itself, Err(HierarchyError::SelfRelation { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_pairing(
        &mut self,
        from: UnitId,
        to: UnitId,
        pairing: Pairing,
    ) -> Result<PairingId, HierarchyError> {
        let f = self.index_of(from)?;
        let t = self.index_of(to)?;
        if f == t {
            return Err(HierarchyError::SelfRelation {
                id: from,
                label: self.label_ix(f),
            });
        }
        if self.next_pairing == u32::MAX {
            return Err(HierarchyError::Full {
                what: "pairing ids",
            });
        }
        let id = PairingId(self.next_pairing);
        self.next_pairing += 1;
        self.pairings.insert(id, pairing);
        self.graph.add_edge(f, t, Relation::Pairing(id));
        self.changed(Change::Relations);
        Ok(id)
    }

    /// [`add_pairing`](Self::add_pairing) with a chosen id, as loaders do to keep a file's
    /// ids.
    ///
    /// # Errors
    ///
    /// As [`add_pairing`](Self::add_pairing); [`HierarchyError::DuplicatePairing`] if the
    /// id is taken.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, HierarchyError, Pairing, PairingId, PairingKind, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let a = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let b = h.add_unit(Some(d), Unit::new(UnitKind::Street, "嘉禾街道"))?;
    /// let joint = Pairing::new(PairingKind::JointBuilding);
    /// assert_eq!(h.add_pairing_with_id(PairingId(12), a, b, joint.clone())?, PairingId(12));
    /// let again = h.add_pairing_with_id(PairingId(12), b, a, joint);
    /// assert!(matches!(again, Err(HierarchyError::DuplicatePairing { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_pairing_with_id(
        &mut self,
        id: PairingId,
        from: UnitId,
        to: UnitId,
        pairing: Pairing,
    ) -> Result<PairingId, HierarchyError> {
        if self.pairings.contains_key(&id) {
            return Err(HierarchyError::DuplicatePairing { id });
        }
        if id.0 == u32::MAX {
            return Err(HierarchyError::Full {
                what: "pairing ids",
            });
        }
        let f = self.index_of(from)?;
        let t = self.index_of(to)?;
        if f == t {
            return Err(HierarchyError::SelfRelation {
                id: from,
                label: self.label_ix(f),
            });
        }
        self.next_pairing = self.next_pairing.max(id.0 + 1);
        self.pairings.insert(id, pairing);
        self.graph.add_edge(f, t, Relation::Pairing(id));
        self.changed(Change::Relations);
        Ok(id)
    }

    /// Removes a pairing. *O(relations)*: the pairing's edge is found by a scan of the
    /// graph's edges (pairings are rarely removed; a national hierarchy has ~5 million
    /// edges).
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownPairing`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Pairing, PairingKind, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let a = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let b = h.add_unit(Some(d), Unit::new(UnitKind::Street, "嘉禾街道"))?;
    /// let p = h.add_pairing(a, b, Pairing::new(PairingKind::JointBuilding))?;
    /// assert_eq!(h.remove_pairing(p)?.kind, PairingKind::JointBuilding);
    /// assert_eq!(h.pairings().count(), 0);
    /// assert!(h.remove_pairing(p).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remove_pairing(&mut self, id: PairingId) -> Result<Pairing, HierarchyError> {
        let pairing = self
            .pairings
            .remove(&id)
            .ok_or(HierarchyError::UnknownPairing { id })?;
        if let Some(e) = self
            .graph
            .edge_indices()
            .find(|&e| self.graph[e] == Relation::Pairing(id))
        {
            self.graph.remove_edge(e);
        }
        self.put_item_key(super::item_keys::Item::Pairing(id), None);
        self.changed(Change::Relations);
        Ok(pairing)
    }

    /// [`add_record`](Self::add_record) with a chosen id, as loaders do to keep a file's
    /// ids. Ids between the last one and this one stay vacant; records are stored by id, so
    /// an id more than [`MAX_RECORD_ID_GAP`] past twice the current count is refused rather
    /// than allocated for.
    ///
    /// # Errors
    ///
    /// As [`add_record`](Self::add_record); [`HierarchyError::DuplicateRecord`] if the id
    /// is taken; [`HierarchyError::Full`] for `u32::MAX` or an id too far past the others.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, HierarchyError, Record, RecordId, RecordKind, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 5, 4).unwrap();
    /// let rec = Record::new(d, day, RecordKind::Training { person_times: 30 });
    /// assert_eq!(h.add_record_with_id(RecordId(5), rec)?, RecordId(5));
    /// let again = h.add_record_with_id(RecordId(5), rec);
    /// assert!(matches!(again, Err(HierarchyError::DuplicateRecord { .. })));
    /// assert_eq!(h.record_count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_record_with_id(
        &mut self,
        id: RecordId,
        record: Record,
    ) -> Result<RecordId, HierarchyError> {
        self.index_of(record.unit)?;
        let i = id.0 as usize;
        if id.0 == u32::MAX {
            return Err(HierarchyError::Full { what: "records" });
        }
        if i > self.records.len().saturating_mul(2) + MAX_RECORD_ID_GAP {
            return Err(HierarchyError::Full {
                what: "records (an id far beyond the others)",
            });
        }
        if self.records.get(i).is_some_and(Option::is_some) {
            return Err(HierarchyError::DuplicateRecord { id });
        }
        if i >= self.records.len() {
            self.records
                .try_reserve(i + 1 - self.records.len())
                .map_err(|_| HierarchyError::Full { what: "records" })?;
            self.records.resize(i + 1, None);
        }
        self.records[i] = Some(record);
        self.changed(Change::Record {
            record: &record,
            added: true,
        });
        Ok(id)
    }

    /// Attaches a dated record to its unit. Returns the record's id.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`] if `record.unit` does not exist;
    /// [`HierarchyError::Full`] past `u32::MAX` records.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Record, RecordKind, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 5, 4).unwrap();
    /// let meeting = RecordKind::JointMeeting { matters: 2, problems_solved: 5 };
    /// let r = h.add_record(Record::new(d, day, meeting))?;
    /// assert_eq!(h.records_of(d).map(|(id, rec)| (id, rec.kind)).collect::<Vec<_>>(), [(r, meeting)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_record(&mut self, record: Record) -> Result<RecordId, HierarchyError> {
        self.index_of(record.unit)?;
        let id = u32::try_from(self.records.len())
            .ok()
            .filter(|&i| i != u32::MAX)
            .ok_or(HierarchyError::Full { what: "records" })?;
        self.records.push(Some(record));
        self.changed(Change::Record {
            record: &record,
            added: true,
        });
        Ok(RecordId(id))
    }

    /// Removes a record.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownRecord`].
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, HierarchyError, Record, RecordKind, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 5, 4).unwrap();
    /// let rec = Record::new(d, day, RecordKind::Activity { participants: 40 });
    /// let r = h.add_record(rec)?;
    /// assert_eq!(h.remove_record(r)?, rec);
    /// assert!(matches!(h.remove_record(r), Err(HierarchyError::UnknownRecord { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remove_record(&mut self, id: RecordId) -> Result<Record, HierarchyError> {
        let record = self
            .records
            .get_mut(id.0 as usize)
            .and_then(Option::take)
            .ok_or(HierarchyError::UnknownRecord { id })?;
        self.put_item_key(super::item_keys::Item::Record(id), None);
        self.changed(Change::Record {
            record: &record,
            added: false,
        });
        Ok(record)
    }
}
