//! Batch edits: a list of changes applied all together or not at all.

use crate::code::DivisionCode;
use crate::error::HierarchyError;
use crate::hierarchy::{Hierarchy, Removal};
use crate::org::{BigCommittee, Org, OrgId, TemporaryOrg};
use crate::record::{Record, RecordId};
use crate::relation::{Pairing, PairingId, Relation};
use crate::unit::{Details, Members, PartyForm, Unit, UnitId};
use crate::vocab::{Vocabulary, word_traits};

/// A removal's word in serde, `Display` and `FromStr`: `leaf_only`, `lift_children`,
/// `subtree`.
impl Vocabulary for Removal {
    const WHAT: &'static str = "removal";
    const VARIANTS: &'static [Self] = &[Removal::LeafOnly, Removal::LiftChildren, Removal::Subtree];
    const WORDS: &'static [&'static str] = &["leaf_only", "lift_children", "subtree"];

    fn word(self) -> &'static str {
        Self::WORDS[self as usize]
    }

    fn from_word(word: &str) -> Option<Self> {
        Self::VARIANTS.iter().copied().find(|r| r.word() == word)
    }
}

word_traits!(Removal);

/// One change of a batch. Each mirrors a method of [`Hierarchy`].
///
/// Serde writes an edit as an object naming its method under `edit` (`add_unit`,
/// `move_unit`, `set_members` …, the variant's name in snake case) beside its fields, so
/// that a batch can arrive as data:
///
/// ```
/// use partyorg::{batch::Edit, Hierarchy, Unit, UnitId, UnitKind};
///
/// let batch: Vec<Edit> = serde_json::from_str(r#"[
///     {"edit": "add_unit", "id": 1, "parent": null,
///      "unit": {"kind": "district", "name": "白云区", "code": "440111000000"}},
///     {"edit": "rename", "unit": 1, "name": "广州市白云区"}
/// ]"#)?;
/// let mut h = Hierarchy::new();
/// h.apply_batch(batch)?;
/// assert_eq!(h.unit(UnitId(1))?.name(), "广州市白云区");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Edit {
    /// [`Hierarchy::add_unit_with_id`]; ids are given so later edits can name the unit.
    AddUnit {
        /// The new unit's id.
        id: UnitId,
        /// Its parent.
        parent: Option<UnitId>,
        /// The unit.
        unit: Unit,
    },
    /// [`Hierarchy::move_unit`].
    MoveUnit {
        /// The unit to move.
        unit: UnitId,
        /// Its new parent, or `None` to make it a root.
        new_parent: Option<UnitId>,
    },
    /// [`Hierarchy::remove_unit`].
    RemoveUnit {
        /// The unit.
        unit: UnitId,
        /// What happens to its children.
        how: Removal,
    },
    /// [`Hierarchy::set_members`].
    SetMembers {
        /// The unit.
        unit: UnitId,
        /// Its new counts.
        members: Members,
    },
    /// [`Hierarchy::set_party_form`].
    SetPartyForm {
        /// The unit.
        unit: UnitId,
        /// The new form.
        form: Option<PartyForm>,
    },
    /// [`Hierarchy::set_details`].
    SetDetails {
        /// The unit.
        unit: UnitId,
        /// The new details.
        details: Box<Details>,
    },
    /// [`Hierarchy::rename`].
    Rename {
        /// The unit.
        unit: UnitId,
        /// The new name.
        name: String,
    },
    /// [`Hierarchy::set_code`].
    SetCode {
        /// The unit.
        unit: UnitId,
        /// The new code.
        code: Option<DivisionCode>,
    },
    /// [`Hierarchy::add_pairing_with_id`].
    AddPairing {
        /// The pairing's id.
        id: PairingId,
        /// One end.
        from: UnitId,
        /// The other end.
        to: UnitId,
        /// The pairing.
        pairing: Pairing,
    },
    /// [`Hierarchy::remove_pairing`].
    RemovePairing {
        /// The pairing.
        id: PairingId,
    },
    /// [`Hierarchy::add_record_with_id`].
    AddRecord {
        /// The record's id.
        id: RecordId,
        /// The record.
        record: Record,
    },
    /// [`Hierarchy::remove_record`].
    RemoveRecord {
        /// The record.
        id: RecordId,
    },
    /// [`Hierarchy::set_pairing_key`].
    SetPairingKey {
        /// The pairing.
        id: PairingId,
        /// Its key; `None` clears it.
        key: Option<String>,
    },
    /// [`Hierarchy::set_record_key`].
    SetRecordKey {
        /// The record.
        id: RecordId,
        /// Its key; `None` clears it.
        key: Option<String>,
    },
    /// [`Hierarchy::attach`].
    Attach {
        /// The root unit to attach.
        unit: UnitId,
        /// Its parent.
        parent: UnitId,
    },
    /// [`Hierarchy::set_committee_size`].
    SetCommitteeSize {
        /// The unit.
        unit: UnitId,
        /// The new size, or `None`.
        size: Option<u8>,
    },
    /// [`Hierarchy::set_agricultural`].
    SetAgricultural {
        /// The town or street.
        unit: UnitId,
        /// Whether it is agricultural.
        yes: bool,
    },
    /// [`Hierarchy::add_temporary_with_id`].
    AddTemporary {
        /// The new organization's id.
        id: OrgId,
        /// The temporary organization.
        org: Box<TemporaryOrg>,
    },
    /// [`Hierarchy::add_big_committee_with_id`].
    AddBigCommittee {
        /// The new committee's id.
        id: OrgId,
        /// The big committee.
        committee: Box<BigCommittee>,
    },
    /// [`Hierarchy::relate`].
    Relate {
        /// The organization.
        org: OrgId,
        /// The unit.
        unit: UnitId,
        /// The relation.
        relation: Relation,
    },
    /// [`Hierarchy::remove_relation`].
    RemoveRelation {
        /// The organization.
        org: OrgId,
        /// The unit.
        unit: UnitId,
        /// The relation.
        relation: Relation,
    },
    /// [`Hierarchy::set_host`].
    SetHost {
        /// The organization (a temporary organization, a big committee, an organization
        /// recorded in its own right).
        temporary: OrgId,
        /// Its new host.
        host: UnitId,
    },
    /// [`Hierarchy::add_org_with_id`].
    AddOrg {
        /// The new organization's id.
        id: OrgId,
        /// Its superior.
        superior: Option<OrgId>,
        /// The unit it is based in.
        unit: UnitId,
        /// The organization.
        org: Box<Org>,
    },
    /// [`Hierarchy::set_superior`].
    SetSuperior {
        /// The organization.
        org: OrgId,
        /// Its new superior, or `None`.
        superior: Option<OrgId>,
    },
    /// [`Hierarchy::set_org_members`].
    SetOrgMembers {
        /// The organization.
        org: OrgId,
        /// Its new counts.
        members: Members,
    },
    /// [`Hierarchy::cover`].
    Cover {
        /// The joint branch.
        org: OrgId,
        /// The unit it covers.
        unit: UnitId,
    },
    /// [`Hierarchy::remove_org`].
    RemoveOrg {
        /// The organization.
        org: OrgId,
        /// What happens to the organizations below it.
        how: Removal,
    },
}

/// A batch that was refused: every edit that failed, by its index in the batch, with the
/// reason. The hierarchy is unchanged.
///
/// An edit that depends on a refused one (a child of a refused unit, say) is refused too,
/// and listed.
///
/// Its [`source`](std::error::Error::source) is the first refusal's [`HierarchyError`]:
/// the same error the edit's own method gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchError {
    /// `(index in the batch, reason)`, in batch order; never empty.
    pub refused: Vec<(usize, HierarchyError)>,
}

impl std::fmt::Display for BatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} of the batch's edits were refused; nothing was applied",
            self.refused.len()
        )?;
        if let Some((i, e)) = self.refused.first() {
            write!(f, " (first: edit {i}: {e})")?;
        }
        Ok(())
    }
}

impl std::error::Error for BatchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.refused.first().map(|(_, e)| e as _)
    }
}

impl Hierarchy {
    /// Applies one edit.
    ///
    /// # Errors
    ///
    /// The error of the method the edit mirrors; the hierarchy is then unchanged.
    ///
    /// ```
    /// # use partyorg::{batch::Edit, Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.apply(Edit::Rename { unit: d, name: "广州市白云区".into() })?;
    /// assert_eq!(h.unit(d)?.name(), "广州市白云区");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply(&mut self, edit: Edit) -> Result<(), HierarchyError> {
        match edit {
            Edit::AddUnit { id, parent, unit } => self.add_unit_with_id(id, parent, unit).map(drop),
            Edit::MoveUnit { unit, new_parent } => self.move_unit(unit, new_parent),
            Edit::RemoveUnit { unit, how } => self.remove_unit(unit, how).map(drop),
            Edit::SetMembers { unit, members } => self.set_members(unit, members),
            Edit::SetPartyForm { unit, form } => self.set_party_form(unit, form),
            Edit::SetDetails { unit, details } => self.set_details(unit, *details),
            Edit::Rename { unit, name } => self.rename(unit, &name),
            Edit::SetCode { unit, code } => self.set_code(unit, code),
            Edit::AddPairing {
                id,
                from,
                to,
                pairing,
            } => self.add_pairing_with_id(id, from, to, pairing).map(drop),
            Edit::RemovePairing { id } => self.remove_pairing(id).map(drop),
            Edit::AddRecord { id, record } => self.add_record_with_id(id, record).map(drop),
            Edit::RemoveRecord { id } => self.remove_record(id).map(drop),
            Edit::SetPairingKey { id, key } => self.set_pairing_key(id, key.as_deref()),
            Edit::SetRecordKey { id, key } => self.set_record_key(id, key.as_deref()),
            Edit::Attach { unit, parent } => self.attach(unit, parent),
            Edit::SetCommitteeSize { unit, size } => self.set_committee_size(unit, size),
            Edit::SetAgricultural { unit, yes } => self.set_agricultural(unit, yes),
            Edit::AddTemporary { id, org } => self.add_temporary_with_id(id, *org).map(drop),
            Edit::AddBigCommittee { id, committee } => {
                self.add_big_committee_with_id(id, *committee).map(drop)
            }
            Edit::Relate {
                org,
                unit,
                relation,
            } => self.relate(org, unit, relation),
            Edit::RemoveRelation {
                org,
                unit,
                relation,
            } => self.remove_relation(org, unit, relation),
            Edit::SetHost { temporary, host } => self.set_host(temporary, host),
            Edit::AddOrg {
                id,
                superior,
                unit,
                org,
            } => self.add_org_with_id(id, superior, unit, *org).map(drop),
            Edit::SetSuperior { org, superior } => self.set_superior(org, superior),
            Edit::SetOrgMembers { org, members } => self.set_org_members(org, members),
            Edit::Cover { org, unit } => self.cover(org, unit),
            Edit::RemoveOrg { org, how } => self.remove_org(org, how).map(drop),
        }
    }

    /// Applies a list of edits atomically: all of them, in order, or — if any is refused —
    /// none, with a [`BatchError`] listing every refused edit.
    ///
    /// The edits are applied in place while an undo log keeps what each changed; when any
    /// was refused, the log takes every applied edit back, newest first, and the
    /// hierarchy is again exactly as it was (children order included). Cost: the edits'
    /// own costs, plus for the log *O(siblings)* per move, *O(removed × degree + records)*
    /// per removal and *O(relations)* per removed pairing; nothing in proportion to the
    /// hierarchy's size for the other edits. Derived structures (layout, indexes) that
    /// the edits drop are rebuilt on the next read, as after any change.
    ///
    /// # Errors
    ///
    /// [`BatchError`] when at least one edit is refused.
    ///
    /// # Example
    ///
    /// ```
    /// # use partyorg::{batch::Edit, Hierarchy, HierarchyError, Members, Unit, UnitId, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.next_unit_id()?;
    /// let edits = vec![
    ///     Edit::AddUnit { id: s, parent: Some(d), unit: Unit::new(UnitKind::Street, "均禾街道") },
    ///     Edit::SetMembers { unit: s, members: Members::new(12, 0) },
    ///     Edit::SetMembers { unit: UnitId(99), members: Members::new(1, 0) },
    /// ];
    /// // The third edit is refused: the first two are taken back.
    /// let err = h.apply_batch(edits.clone()).unwrap_err();
    /// assert!(matches!(err.refused[..], [(2, HierarchyError::UnknownUnit { .. })]));
    /// assert_eq!(h.len(), 1);
    /// h.apply_batch(edits[..2].to_vec())?;
    /// assert_eq!(h.unit(s)?.members().full, 12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply_batch(&mut self, edits: Vec<Edit>) -> Result<(), BatchError> {
        let mut log = Vec::with_capacity(edits.len());
        let mut refused = Vec::new();
        for (i, edit) in edits.into_iter().enumerate() {
            match self.apply_logged(edit) {
                Ok(undo) => log.push(undo),
                Err(e) => refused.push((i, e)),
            }
        }
        if refused.is_empty() {
            Ok(())
        } else {
            for undo in log.into_iter().rev() {
                self.undo(undo);
            }
            Err(BatchError { refused })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unit::UnitKind;

    fn base() -> Hierarchy {
        let mut h = Hierarchy::new();
        h.add_unit_with_id(UnitId(1), None, Unit::new(UnitKind::District, "白云区"))
            .unwrap();
        h.add_unit_with_id(
            UnitId(2),
            Some(UnitId(1)),
            Unit::new(UnitKind::Street, "均禾街道"),
        )
        .unwrap();
        h
    }

    #[test]
    fn a_good_batch_applies_in_order() {
        let mut h = base();
        h.apply_batch(vec![
            Edit::AddUnit {
                id: UnitId(3),
                parent: Some(UnitId(2)),
                unit: Unit::new(UnitKind::Community, "罗岗社区居委会"),
            },
            Edit::SetMembers {
                unit: UnitId(3),
                members: Members::new(40, 1),
            },
            Edit::Rename {
                unit: UnitId(2),
                name: "均禾街".into(),
            },
        ])
        .unwrap();
        assert_eq!(h.unit(UnitId(3)).unwrap().members(), Members::new(40, 1));
        assert_eq!(h.unit(UnitId(2)).unwrap().name(), "均禾街");
        assert_eq!(h.layout().totals[0], [40, 1]);
    }

    #[test]
    fn a_refused_edit_applies_nothing_and_every_refusal_is_listed() {
        let mut h = base();
        let before = h.clone();
        let err = h
            .apply_batch(vec![
                Edit::SetMembers {
                    unit: UnitId(2),
                    members: Members::new(9, 0),
                },
                Edit::MoveUnit {
                    unit: UnitId(1),
                    new_parent: Some(UnitId(2)),
                },
                Edit::RemoveUnit {
                    unit: UnitId(1),
                    how: Removal::LeafOnly,
                },
                Edit::RemoveRecord { id: RecordId(0) },
            ])
            .unwrap_err();
        let indexes: Vec<usize> = err.refused.iter().map(|r| r.0).collect();
        assert_eq!(indexes, vec![1, 2, 3]);
        assert!(matches!(
            err.refused[0].1,
            HierarchyError::NotAllowed { .. }
        ));
        assert!(matches!(
            err.refused[1].1,
            HierarchyError::HasChildren {
                id: UnitId(1),
                children: 1,
                ..
            }
        ));
        assert_eq!(h, before);
        assert_eq!(h.unit(UnitId(2)).unwrap().members(), Members::default());
    }
}
