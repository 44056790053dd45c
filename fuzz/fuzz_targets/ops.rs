//! Random sequences of operations against a hierarchy: no panic, invariants after every
//! operation, and a refused operation leaves the hierarchy as it was.
#![no_main]

use arbitrary::Arbitrary;
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use partyorg::{
    Hierarchy, Members, Org, OrgForm, OrgId, Pairing, PairingKind, PartyForm, Record, RecordId,
    RecordKind, Unit, UnitId, UnitKind, batch::Edit, hierarchy::Removal,
};

#[derive(Arbitrary, Debug)]
enum Op {
    Add {
        parent: Option<u8>,
        kind: u8,
        full: u16,
    },
    Move {
        unit: u8,
        parent: Option<u8>,
    },
    Attach {
        unit: u8,
        parent: u8,
    },
    Remove {
        unit: u8,
        how: u8,
    },
    SetMembers {
        unit: u8,
        full: u32,
        probationary: u32,
    },
    Pair {
        from: u8,
        to: u8,
        kind: u8,
    },
    Record {
        unit: u8,
        day: u16,
        raised: u32,
        resolved: u32,
    },
    RemoveRecord {
        id: u8,
    },
    Batch {
        edits: Vec<(u8, u8, u8)>,
    },
    AddOrg {
        superior: Option<u8>,
        unit: u8,
        form: u8,
        full: u16,
    },
    SetSuperior {
        org: u8,
        superior: Option<u8>,
    },
    RemoveOrg {
        org: u8,
        how: u8,
    },
    SetPartyForm {
        unit: u8,
        form: Option<u8>,
    },
    Cover {
        org: u8,
        unit: u8,
    },
}

fn org(o: u8) -> OrgId {
    OrgId(u32::from(o % 32))
}

fn how(h: u8) -> Removal {
    [Removal::LeafOnly, Removal::LiftChildren, Removal::Subtree][usize::from(h) % 3]
}

fn kind(k: u8) -> UnitKind {
    UnitKind::ALL[usize::from(k) % UnitKind::ALL.len()]
}

fn id(u: u8) -> UnitId {
    UnitId(u32::from(u % 64))
}

fn check(h: &Hierarchy) {
    assert!(h.is_well_placed());
    // The organization tree holds every organization once (circles broken), and an
    // organization's totals are the sum of its subtree's members.
    assert_eq!(h.org_layout().len(), h.org_count());
    for o in h.orgs() {
        let sum: u64 = h
            .org_subtree(o.id())
            .unwrap()
            .map(|x| u64::from(x.members().full))
            .sum();
        assert_eq!(h.org_totals(o.id()).unwrap().full_members, sum);
    }
    // Cached member totals agree with a walk of every subtree.
    for u in h.units() {
        let walked: u64 = u64::from(u.members().full)
            + h.subtree(u.id())
                .unwrap()
                .filter(|v| v.depth > 0)
                .map(|v| u64::from(v.unit.members().full))
                .sum::<u64>();
        let size = h.subtree_size(u.id()).unwrap();
        assert_eq!(
            size,
            1 + h.subtree(u.id()).unwrap().filter(|v| v.depth > 0).count()
        );
        let cached: u64 = h
            .subtree(u.id())
            .unwrap()
            .map(|v| v.unit)
            .map(|v| u64::from(v.members().full))
            .sum();
        assert_eq!(walked, cached);
    }
}

fuzz_target!(|ops: Vec<Op>| {
    let mut h = Hierarchy::new();
    for op in ops.into_iter().take(64) {
        let before = h.clone();
        let result = match op {
            Op::Add {
                parent,
                kind: k,
                full,
            } => h
                .add_unit_with_id(
                    UnitId(h.len() as u32 % 64),
                    parent.map(id),
                    Unit::new(kind(k), "单位").with_members(Members::new(u32::from(full), 0)),
                )
                .map(drop),
            Op::Move { unit, parent } => h.move_unit(id(unit), parent.map(id)),
            Op::Attach { unit, parent } => h.attach(id(unit), id(parent)),
            Op::Remove { unit, how } => {
                let how = [Removal::LeafOnly, Removal::LiftChildren, Removal::Subtree]
                    [usize::from(how) % 3];
                h.remove_unit(id(unit), how).map(drop)
            }
            Op::SetMembers {
                unit,
                full,
                probationary,
            } => h.set_members(id(unit), Members::new(full, probationary)),
            Op::Pair { from, to, kind } => {
                let kind = match kind % 3 {
                    0 => PairingKind::TownStreet,
                    1 => PairingKind::JointBuilding,
                    _ => PairingKind::CadreHousehold {
                        cadres: 1,
                        households: 2,
                    },
                };
                h.add_pairing(id(from), id(to), Pairing::new(kind))
                    .map(drop)
            }
            Op::Record {
                unit,
                day,
                raised,
                resolved,
            } => {
                let date = chrono_date(day);
                h.add_record(Record::new(
                    id(unit),
                    date,
                    RecordKind::Appeals { raised, resolved },
                ))
                .map(drop)
            }
            Op::RemoveRecord { id } => h.remove_record(RecordId(u32::from(id))).map(drop),
            Op::AddOrg {
                superior,
                unit,
                form,
                full,
            } => h
                .add_org_with_id(
                    OrgId(h.org_count() as u32 % 32),
                    superior.map(org),
                    id(unit),
                    Org::new(OrgForm::ALL[usize::from(form) % OrgForm::ALL.len()], "组织")
                        .with_members(Members::new(u32::from(full), 0)),
                )
                .map(drop),
            Op::SetSuperior { org: o, superior } => h.set_superior(org(o), superior.map(org)),
            Op::RemoveOrg { org: o, how: m } => h.remove_org(org(o), how(m)).map(drop),
            Op::SetPartyForm { unit, form } => h.set_party_form(
                id(unit),
                form.map(|f| PartyForm::ALL[usize::from(f) % PartyForm::ALL.len()]),
            ),
            Op::Cover { org: o, unit } => h.cover(org(o), id(unit)),
            Op::Batch { edits } => {
                let edits = edits
                    .into_iter()
                    .take(8)
                    .map(|(a, b, c)| match a % 6 {
                        0 => Edit::AddUnit {
                            id: id(b),
                            parent: Some(id(c)),
                            unit: Unit::new(kind(a / 3), "批"),
                        },
                        1 => Edit::MoveUnit {
                            unit: id(b),
                            new_parent: Some(id(c)),
                        },
                        2 => Edit::SetSuperior {
                            org: org(b),
                            superior: Some(org(c)),
                        },
                        3 => Edit::SetPartyForm {
                            unit: id(b),
                            form: Some(PartyForm::ALL[usize::from(c) % PartyForm::ALL.len()]),
                        },
                        4 => Edit::RemoveOrg {
                            org: org(b),
                            how: how(c),
                        },
                        _ => Edit::SetMembers {
                            unit: id(b),
                            members: Members::new(u32::from(c), 0),
                        },
                    })
                    .collect();
                match h.apply_batch(edits) {
                    Ok(()) => Ok(()),
                    Err(e) => Err(e.refused[0].1.clone()),
                }
            }
        };
        if result.is_err() {
            assert!(h == before, "a refused operation changed the hierarchy");
        }
        check(&h);
    }
});

fn chrono_date(day: u16) -> NaiveDate {
    NaiveDate::from_yo_opt(2023, u32::from(day % 365) + 1).expect("day of 2023")
}
