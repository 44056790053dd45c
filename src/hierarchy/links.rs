//! Changing what lies outside the place tree: temporary organizations, big committees,
//! relations, pairings and records.

use petgraph::Direction::Outgoing;
use petgraph::visit::EdgeRef;

use super::Change;
use super::{Hierarchy, MAX_RECORD_ID_GAP};
use crate::error::HierarchyError;
use crate::org::{BigCommittee, TemporaryOrg};
use crate::record::{Record, RecordId};
use crate::relation::{Pairing, PairingId, Relation};
use crate::unit::{Details, PartyForm, TemporaryInfo, Unit, UnitId, UnitKind};

impl Hierarchy {
    /// Adds a temporary organization or big committee as a file's row gives it — a unit
    /// of its kind with its details, hosted by `host` — for the loaders, which have checked
    /// the row against the others (the host stands; the id is free). *O(1)* amortized.
    pub(crate) fn insert_outside(
        &mut self,
        id: UnitId,
        unit: Unit,
        host: Option<UnitId>,
    ) -> Result<(), HierarchyError> {
        let host = host.map(|h| self.index_of(h)).transpose()?;
        let ix = self.insert_node(id, unit)?;
        if let Some(host) = host {
            self.graph.add_edge(host, ix, Relation::Hosts);
            self.changed(Change::Relations);
        }
        Ok(())
    }

    /// Adds a temporary party organization hosted by `org.host`, with edges to the home
    /// units of its seconded members. Returns its id.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`] for a missing host or home unit;
    /// [`HierarchyError::WrongKind`] if the host or a home unit is not a standing unit.
    pub fn add_temporary(&mut self, org: TemporaryOrg) -> Result<UnitId, HierarchyError> {
        let id = self.fresh_id()?;
        self.add_temporary_with_id(id, org)
    }

    /// [`add_temporary`](Self::add_temporary) with a chosen id.
    ///
    /// # Errors
    ///
    /// As [`add_temporary`](Self::add_temporary), and [`HierarchyError::DuplicateId`].
    pub fn add_temporary_with_id(
        &mut self,
        id: UnitId,
        org: TemporaryOrg,
    ) -> Result<UnitId, HierarchyError> {
        self.check_id_free(id)?;
        let host = org.host.map(|h| self.index_of(h)).transpose()?;
        if let Some(h) = host {
            self.standing(h, "a standing unit as host")?;
        }
        let homes = org
            .seconded
            .iter()
            .map(|&(u, n)| {
                let ix = self.index_of(u)?;
                self.standing(ix, "a standing unit as home unit")?;
                Ok((ix, n))
            })
            .collect::<Result<Vec<_>, HierarchyError>>()?;
        let details = Details {
            founded: Some(org.founded),
            dissolved: org.dissolved,
            temporary: Some(TemporaryInfo {
                purpose: org.purpose,
                approved: org.approved,
                task_ended: org.task_ended,
                acts: org.acts,
            }),
            ..Details::default()
        };
        let unit = Unit::new(UnitKind::Temporary, org.name)
            .with_members(org.members)
            .with_party_form(PartyForm::Branch)
            .with_details(details);
        let ix = self.insert_node(id, unit)?;
        if let Some(h) = host {
            self.graph.add_edge(h, ix, Relation::Hosts);
        }
        for (home, n) in homes {
            self.graph.add_edge(ix, home, Relation::Seconds(n));
        }
        self.changed(Change::Relations);
        Ok(id)
    }

    /// Adds a big party committee with its core, member units and part-time members.
    /// Returns its id.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`] for a missing unit; [`HierarchyError::WrongKind`] if
    /// any of them is not a standing unit (a big committee cannot list itself or another
    /// big committee).
    pub fn add_big_committee(&mut self, bc: BigCommittee) -> Result<UnitId, HierarchyError> {
        let id = self.fresh_id()?;
        self.add_big_committee_with_id(id, bc)
    }

    /// [`add_big_committee`](Self::add_big_committee) with a chosen id.
    ///
    /// # Errors
    ///
    /// As [`add_big_committee`](Self::add_big_committee), and
    /// [`HierarchyError::DuplicateId`].
    pub fn add_big_committee_with_id(
        &mut self,
        id: UnitId,
        bc: BigCommittee,
    ) -> Result<UnitId, HierarchyError> {
        self.check_id_free(id)?;
        let resolve = |h: &Self, u: UnitId, what: &'static str| {
            let ix = h.index_of(u)?;
            h.standing(ix, what)?;
            Ok::<_, HierarchyError>(ix)
        };
        let core = bc
            .core
            .map(|c| resolve(self, c, "a standing unit as core"))
            .transpose()?;
        let members = bc
            .members
            .iter()
            .map(|&u| resolve(self, u, "a standing unit as member"))
            .collect::<Result<Vec<_>, _>>()?;
        let part_time = bc
            .part_time
            .iter()
            .map(|&(u, n)| {
                Ok((
                    resolve(self, u, "a standing unit for part-time members")?,
                    n,
                ))
            })
            .collect::<Result<Vec<_>, HierarchyError>>()?;
        let details = Details {
            founded: bc.founded,
            big_committee: Some(bc.kind),
            ..Details::default()
        };
        let unit = Unit::new(UnitKind::BigCommittee, bc.name)
            .with_party_form(PartyForm::Committee)
            .with_details(details);
        let ix = self.insert_node(id, unit)?;
        if let Some(c) = core {
            self.graph.add_edge(ix, c, Relation::Core);
        }
        for m in members {
            self.graph.add_edge(ix, m, Relation::Member);
        }
        for (u, n) in part_time {
            self.graph.add_edge(ix, u, Relation::PartTime(n));
        }
        self.changed(Change::Relations);
        Ok(id)
    }

    /// Adds a relation other than containment, pairing or hosting between two existing
    /// nodes: [`Relation::Seconds`], [`Relation::Core`], [`Relation::Member`],
    /// [`Relation::PartTime`] or [`Relation::Covers`].
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`]; [`HierarchyError::WrongKind`] when an end has the
    /// wrong kind for the relation (the tail of `Core`, `Member`, `PartTime` must be a big
    /// committee, of `Seconds` a temporary organization, and every head a standing unit)
    /// or the relation is `Contains`, `Hosts` or `Pairing`, which have their own methods.
    pub fn relate(
        &mut self,
        from: UnitId,
        to: UnitId,
        relation: Relation,
    ) -> Result<(), HierarchyError> {
        let f = self.index_of(from)?;
        let t = self.index_of(to)?;
        if f == t {
            return Err(HierarchyError::SelfRelation { id: from });
        }
        let fk = self.graph[f].unit_kind();
        let tail_ok = match relation {
            Relation::Core | Relation::Member | Relation::PartTime(_) => {
                fk == UnitKind::BigCommittee
            }
            Relation::Seconds(_) => fk == UnitKind::Temporary,
            Relation::Covers => fk.is_standing(),
            Relation::Contains
            | Relation::Hosts
            | Relation::Pairing(_)
            | Relation::Superior
            | Relation::BasedIn => false,
        };
        if !tail_ok {
            return Err(HierarchyError::WrongKind {
                id: from,
                found: fk,
                expected: "a tail of the relation's kind",
            });
        }
        self.standing(t, "a standing unit as the relation's head")?;
        if relation == Relation::Core
            && let Some(core) = self
                .graph
                .edges_directed(f, Outgoing)
                .find(|e| *e.weight() == Relation::Core)
        {
            return Err(HierarchyError::SecondCore {
                committee: from,
                core: self.graph[core.target()].id,
            });
        }
        self.graph.add_edge(f, t, relation);
        self.changed(Change::Relations);
        Ok(())
    }

    /// Sets the host of a temporary organization (replacing any host it had).
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`]; [`HierarchyError::WrongKind`] if `temporary` is not
    /// a temporary organization or `host` not a standing unit.
    pub fn set_host(&mut self, temporary: UnitId, host: UnitId) -> Result<(), HierarchyError> {
        let t = self.index_of(temporary)?;
        let h = self.index_of(host)?;
        let tk = self.graph[t].unit_kind();
        if tk != UnitKind::Temporary {
            return Err(HierarchyError::WrongKind {
                id: temporary,
                found: tk,
                expected: "a temporary organization",
            });
        }
        self.standing(h, "a standing unit as host")?;
        self.remove_in_edges(t, Relation::Hosts);
        self.graph.add_edge(h, t, Relation::Hosts);
        self.changed(Change::Relations);
        Ok(())
    }

    /// Pairs two standing units. Returns the pairing's id.
    ///
    /// Whether the ends suit the pairing type is a validation rule, not a refusal, so
    /// that data as it stands can be recorded and then checked.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`]; [`HierarchyError::WrongKind`] if an end is not a
    /// standing unit; [`HierarchyError::Full`] past `u32::MAX` pairings.
    pub fn add_pairing(
        &mut self,
        from: UnitId,
        to: UnitId,
        pairing: Pairing,
    ) -> Result<PairingId, HierarchyError> {
        let f = self.index_of(from)?;
        let t = self.index_of(to)?;
        if f == t {
            return Err(HierarchyError::SelfRelation { id: from });
        }
        self.standing(f, "a standing unit as pairing end")?;
        self.standing(t, "a standing unit as pairing end")?;
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
            return Err(HierarchyError::SelfRelation { id: from });
        }
        self.standing(f, "a standing unit as pairing end")?;
        self.standing(t, "a standing unit as pairing end")?;
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
    /// is taken.
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
    pub fn remove_record(&mut self, id: RecordId) -> Result<Record, HierarchyError> {
        let record = self
            .records
            .get_mut(id.0 as usize)
            .and_then(Option::take)
            .ok_or(HierarchyError::UnknownRecord { id })?;
        self.changed(Change::Record {
            record: &record,
            added: false,
        });
        Ok(record)
    }
}
