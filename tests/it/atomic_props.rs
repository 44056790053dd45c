//! All or nothing: random sequences of single edits, batches and loads of corrupted files,
//! with failures injected on purpose (ids that do not exist, forbidden placements, cycles,
//! taken ids and codes, truncated or contradictory files). After every refusal the
//! hierarchy is exactly what it was — units, facts, relations, records and the order of
//! every unit's children — and a refused batch lists exactly the edits that fail when the
//! batch is replayed one edit at a time.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::support::unit_label;
use chrono::NaiveDate;
use partyorg::interchange::{json, table};
use partyorg::rollup::Period;
use partyorg::{
    DivisionCode, Hierarchy, LoadError, Members, Org, OrgForm, OrgId, Pairing, PairingId,
    PairingKind, PartyForm, Record, RecordId, RecordKind, Relation, Sector, Unit, UnitId, UnitKind,
    batch::Edit, hierarchy::Removal, org::BigCommittee, org::TemporaryOrg, unit::BigCommitteeKind,
    unit::TaskPurpose,
};
use proptest::prelude::*;

// ----- the starting hierarchy -------------------------------------------------------------

fn code(s: &str) -> DivisionCode {
    s.parse().unwrap()
}

const CODES: [&str; 6] = [
    "440111000000",
    "440111013000",
    "440111100000",
    "440111013001",
    "440111013002",
    "440111100201",
];

/// A starting unit: id, parent, kind, name, index into [`CODES`].
type StartRow = (u32, Option<u32>, UnitKind, &'static str, Option<usize>);

/// District 1 over street 2 (communities 4, 5) and town 3 (village 6 over co-op 7), and
/// organ 8 under the district; a pairing and two records. Ids 0 and 9.. are free.
fn start() -> Hierarchy {
    let mut h = Hierarchy::new();
    let rows: [StartRow; 8] = [
        (1, None, UnitKind::District, "白云区", Some(0)),
        (2, Some(1), UnitKind::Street, "均禾街道", Some(1)),
        (3, Some(1), UnitKind::Town, "太和镇", Some(2)),
        (4, Some(2), UnitKind::Community, "罗岗社区居委会", Some(3)),
        (5, Some(2), UnitKind::Community, "石马桥社区居委会", None),
        (6, Some(3), UnitKind::Village, "营溪村委会", None),
        (7, Some(6), UnitKind::EconomicCoop, "第一经济社", None),
        (
            8,
            Some(1),
            UnitKind::Institution(Sector::Organ),
            "区委组织部",
            None,
        ),
    ];
    for (id, parent, kind, name, c) in rows {
        let mut u = Unit::new(kind, name).with_members(Members::new(id * 3, id % 2));
        if let Some(c) = c {
            u = u.with_code(code(CODES[c]));
        }
        h.add_unit_with_id(UnitId(id), parent.map(UnitId), u)
            .unwrap();
    }
    h.add_pairing_with_id(
        PairingId(0),
        UnitId(2),
        UnitId(3),
        Pairing::new(PairingKind::TownStreet),
    )
    .unwrap();
    let day = NaiveDate::from_ymd_opt(2023, 5, 4).unwrap();
    h.add_record_with_id(
        RecordId(0),
        Record::new(UnitId(4), day, RecordKind::Activity { participants: 30 }),
    )
    .unwrap();
    h.add_record_with_id(
        RecordId(1),
        Record::new(
            UnitId(6),
            day,
            RecordKind::JointMeeting {
                matters: 2,
                problems_solved: 5,
            },
        ),
    )
    .unwrap();
    h
}

// ----- what is compared -------------------------------------------------------------------

/// Every unit's children, in order (the hierarchy's `==` ignores sibling order).
fn shape(h: &Hierarchy) -> Vec<(UnitId, Vec<UnitId>)> {
    h.units()
        .map(|u| {
            (
                u.id(),
                h.children(u.id()).unwrap().map(|c| c.id()).collect(),
            )
        })
        .collect()
}

/// The derived state agrees with the graph: memoized totals with fresh ones, the layout
/// with the standing units.
fn check_derived(h: &Hierarchy) {
    let roots: Vec<UnitId> = h.roots().map(|r| r.id()).collect();
    let standing = h.units().count();
    assert_eq!(h.layout().len(), standing);
    let sizes: usize = roots.iter().map(|&r| h.subtree_size(r).unwrap()).sum();
    assert_eq!(sizes, standing);
    for r in roots {
        assert_eq!(
            h.totals(r, &Period::ALL).unwrap(),
            h.totals_uncached(r, &Period::ALL).unwrap()
        );
    }
}

/// Asserts that `h` is exactly `before`, children order included.
fn unchanged(h: &Hierarchy, before: &Hierarchy, before_shape: &[(UnitId, Vec<UnitId>)]) {
    assert_eq!(h, before);
    assert_eq!(shape(h), before_shape);
    check_derived(h);
}

// ----- random edits -----------------------------------------------------------------------

const KINDS: [UnitKind; 9] = [
    UnitKind::District,
    UnitKind::Street,
    UnitKind::Town,
    UnitKind::Village,
    UnitKind::Community,
    UnitKind::EconomicCoop,
    UnitKind::Institution(Sector::Organ),
    UnitKind::Estate,
    UnitKind::City,
];

/// Ids 0..13: 1..=8 exist at the start, the others do not (until added).
fn id() -> impl Strategy<Value = UnitId> {
    (0u32..13).prop_map(UnitId)
}

fn maybe_code() -> impl Strategy<Value = Option<DivisionCode>> {
    prop_oneof![
        1 => Just(None),
        3 => (0..CODES.len()).prop_map(|i| Some(code(CODES[i]))),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    let day = NaiveDate::from_ymd_opt(2023, 7, 1).unwrap();
    prop_oneof![
        4 => (id(), proptest::option::weighted(0.8, id()), 0..KINDS.len(), maybe_code(), 0u8..4)
            .prop_map(|(id, parent, k, code, name)| {
                let mut unit = Unit::new(KINDS[k], format!("新单位{name}"));
                unit.code = code;
                Edit::AddUnit { id, parent, unit }
            }),
        4 => (id(), proptest::option::weighted(0.85, id()))
            .prop_map(|(unit, new_parent)| Edit::MoveUnit { unit, new_parent }),
        2 => (id(), 0usize..3).prop_map(|(unit, m)| Edit::RemoveUnit {
            unit,
            how: [Removal::LeafOnly, Removal::LiftChildren, Removal::Subtree][m],
        }),
        2 => (id(), 0u32..100, 0u32..5).prop_map(|(unit, f, p)| Edit::SetMembers {
            unit,
            members: Members::new(f, p),
        }),
        1 => (id(), 0u8..3).prop_map(|(unit, n)| Edit::Rename {
            unit,
            name: format!("改名{n}"),
        }),
        2 => (id(), maybe_code()).prop_map(|(unit, code)| Edit::SetCode { unit, code }),
        2 => (0u32..3, id(), id()).prop_map(|(p, from, to)| Edit::AddPairing {
            id: PairingId(p),
            from,
            to,
            pairing: Pairing::new(PairingKind::JointBuilding),
        }),
        1 => (0u32..3).prop_map(|p| Edit::RemovePairing { id: PairingId(p) }),
        2 => (prop_oneof![4 => 0u32..4, 1 => Just(4_000_000_000u32)], id(), 0u32..50)
            .prop_map(move |(r, unit, n)| Edit::AddRecord {
                id: RecordId(r),
                record: Record::new(unit, day, RecordKind::Activity { participants: n }),
            }),
        1 => (0u32..4).prop_map(|r| Edit::RemoveRecord { id: RecordId(r) }),
        2 => org_edit(),
    ]
}

fn org_id() -> impl Strategy<Value = OrgId> {
    (0u32..8).prop_map(OrgId)
}

/// The edits of party organizations and of the facts around them.
fn org_edit() -> impl Strategy<Value = Edit> {
    const FORMS: [OrgForm; 4] = [
        OrgForm::WorkingCommittee,
        OrgForm::GeneralBranch,
        OrgForm::Branch,
        OrgForm::JointBranch,
    ];
    let how =
        (0usize..3).prop_map(|m| [Removal::LeafOnly, Removal::LiftChildren, Removal::Subtree][m]);
    prop_oneof![
        3 => (org_id(), proptest::option::of(org_id()), id(), 0..FORMS.len(), 0u32..60)
            .prop_map(|(id, superior, unit, f, full)| Edit::AddOrg {
                id,
                superior,
                unit,
                org: Box::new(Org::new(FORMS[f], format!("组织{}", id.0)).with_members(Members::new(full, 1))),
            }),
        2 => (org_id(), proptest::option::of(org_id()))
            .prop_map(|(org, superior)| Edit::SetSuperior { org, superior }),
        1 => (org_id(), 0u32..60).prop_map(|(org, f)| Edit::SetOrgMembers {
            org,
            members: Members::new(f, 0),
        }),
        1 => (org_id(), id()).prop_map(|(org, unit)| Edit::Cover { org, unit }),
        1 => (org_id(), how).prop_map(|(org, how)| Edit::RemoveOrg { org, how }),
        2 => (id(), proptest::option::of(prop_oneof![Just(PartyForm::Branch), Just(PartyForm::GeneralBranch)]))
            .prop_map(|(unit, form)| Edit::SetPartyForm { unit, form }),
        1 => (id(), id()).prop_map(|(unit, parent)| Edit::Attach { unit, parent }),
        1 => (id(), proptest::option::of(0u8..8)).prop_map(|(unit, size)| Edit::SetCommitteeSize { unit, size }),
        1 => (id(), any::<bool>()).prop_map(|(unit, yes)| Edit::SetAgricultural { unit, yes }),
        1 => (org_id(), id()).prop_map(|(org, unit)| Edit::Relate { org, unit, relation: Relation::Covers }),
        1 => (org_id(), id()).prop_map(|(org, unit)| Edit::Relate { org, unit, relation: Relation::Member }),
    ]
}

// ----- corrupted files --------------------------------------------------------------------

/// A way to spoil a saved hierarchy so that loading it must fail.
#[derive(Clone, Debug)]
enum Spoil {
    /// Cut the JSON text before its closing brace (`at` is a fraction of its length).
    JsonTruncate { at: u16 },
    /// Put a byte that is never UTF-8 into the JSON text.
    JsonBadByte { at: u16 },
    /// Repeat a unit row of the JSON snapshot (a duplicate id).
    JsonDuplicate { row: usize },
    /// Give a unit row a parent that does not exist.
    JsonOrphan { row: usize },
    /// Make a unit row its own parent.
    JsonSelfParent { row: usize },
    /// Give a unit row a negative member count.
    JsonNegative { row: usize },
    /// Append a copy of a line of `units.csv` (a duplicate id).
    CsvDuplicate { row: usize },
    /// Append a row whose name is not UTF-8.
    CsvBadName,
    /// Append a relation naming a unit that does not exist.
    CsvDanglingRelation,
    /// Append a row with a field too many.
    CsvRagged,
}

fn spoil() -> impl Strategy<Value = Spoil> {
    prop_oneof![
        any::<u16>().prop_map(|at| Spoil::JsonTruncate { at }),
        any::<u16>().prop_map(|at| Spoil::JsonBadByte { at }),
        (0usize..64).prop_map(|row| Spoil::JsonDuplicate { row }),
        (0usize..64).prop_map(|row| Spoil::JsonOrphan { row }),
        (0usize..64).prop_map(|row| Spoil::JsonSelfParent { row }),
        (0usize..64).prop_map(|row| Spoil::JsonNegative { row }),
        (0usize..64).prop_map(|row| Spoil::CsvDuplicate { row }),
        Just(Spoil::CsvBadName),
        Just(Spoil::CsvDanglingRelation),
        Just(Spoil::CsvRagged),
    ]
}

/// A unit row to add to a snapshot that has none left.
fn lone_row(id: u32, parent: u32) -> serde_json::Value {
    serde_json::json!({"id": id, "parent": parent, "kind": "street", "name": "孤行"})
}

/// Edits the unit rows of a snapshot; `f` gets a row picked by `row` (or a new one if
/// there are none).
fn with_row(text: &str, row: usize, f: impl FnOnce(&mut Vec<serde_json::Value>, usize)) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(text).unwrap();
    let units = doc["units"].as_array_mut().unwrap();
    if units.is_empty() {
        units.push(lone_row(5000, 5001));
    }
    let i = row % units.len();
    f(units, i);
    doc.to_string()
}

fn scratch() -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    std::env::temp_dir().join(format!(
        "partyorg-atomic-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Saves `h`, checks that the clean file loads back equal, spoils it and loads again.
/// Returns the result of the spoiled load and the files its problems may name.
fn load_spoiled(h: &Hierarchy, how: &Spoil) -> (Result<Hierarchy, LoadError>, Vec<PathBuf>) {
    let text = json::to_string(h);
    let json_file = PathBuf::from("<json>");
    let spoiled_json = |t: String| (json::from_str(&t), vec![json_file.clone()]);
    match *how {
        Spoil::JsonTruncate { at } => {
            assert_eq!(&json::from_str(&text).unwrap(), h);
            // Strictly before the closing brace (the text ends with "}\n").
            let limit = text.len() - 2;
            let mut cut = usize::from(at) * limit / (usize::from(u16::MAX) + 1);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            spoiled_json(text[..cut].to_owned())
        }
        Spoil::JsonBadByte { at } => {
            let mut bytes = text.into_bytes();
            let i = usize::from(at) * bytes.len() / (usize::from(u16::MAX) + 1);
            bytes.insert(i, 0xFF);
            (json::from_bytes(&bytes, &json_file), vec![json_file])
        }
        Spoil::JsonDuplicate { row } => spoiled_json(with_row(&text, row, |u, i| {
            let copy = u[i].clone();
            u.push(copy);
        })),
        Spoil::JsonOrphan { row } => spoiled_json(with_row(&text, row, |u, i| {
            u[i]["parent"] = serde_json::json!(999_999);
        })),
        Spoil::JsonSelfParent { row } => spoiled_json(with_row(&text, row, |u, i| {
            let id = u[i]["id"].clone();
            u[i]["parent"] = id;
        })),
        Spoil::JsonNegative { row } => spoiled_json(with_row(&text, row, |u, i| {
            u[i]["full_members"] = serde_json::json!(-1);
        })),
        Spoil::CsvDuplicate { .. }
        | Spoil::CsvBadName
        | Spoil::CsvDanglingRelation
        | Spoil::CsvRagged => {
            let dir = scratch();
            table::save_dir(h, &dir).unwrap();
            assert_eq!(&table::load_dir(&dir).unwrap(), h);
            let units = dir.join("units.csv");
            let relations = dir.join("relations.csv");
            let mut u = std::fs::read(&units).unwrap();
            // 31 columns: id, parent, kind, sector, name, then 26 more.
            let tail = ",".repeat(26);
            match *how {
                Spoil::CsvDuplicate { row } => {
                    let text = String::from_utf8(u.clone()).unwrap();
                    let lines: Vec<&str> = text.lines().skip(1).collect();
                    let extra = if lines.is_empty() {
                        format!("7000,,district,,区{tail}\n7000,,district,,区{tail}\n")
                    } else {
                        format!("{}\n", lines[row % lines.len()])
                    };
                    u.extend_from_slice(extra.as_bytes());
                }
                Spoil::CsvBadName => {
                    u.extend_from_slice(b"7001,,district,,\xFF\xFE");
                    u.extend_from_slice(format!("{tail}\n").as_bytes());
                }
                Spoil::CsvRagged => {
                    u.extend_from_slice(format!("7002,,district,,区{tail},\n").as_bytes());
                }
                _ => {
                    let mut r = std::fs::read(&relations).unwrap();
                    r.extend_from_slice(b"7003,7004,member,,,,,,,,,\n");
                    std::fs::write(&relations, r).unwrap();
                }
            }
            std::fs::write(&units, u).unwrap();
            let got = table::load_dir(&dir);
            let _ = std::fs::remove_dir_all(&dir);
            (got, vec![units, relations])
        }
    }
}

// ----- calls that are not edits -----------------------------------------------------------

/// A mutating method outside [`Edit`], with arguments that may be wrong.
#[derive(Clone, Debug)]
enum Call {
    Relate(OrgId, UnitId, usize),
    Temporary {
        id: OrgId,
        host: UnitId,
        home: UnitId,
    },
    Committee {
        id: OrgId,
        core: UnitId,
        member: UnitId,
    },
    Attach(UnitId, UnitId),
    SetHost(OrgId, UnitId),
}

const RELATIONS: [Relation; 6] = [
    Relation::Member,
    Relation::BasedIn,
    Relation::PartTime(2),
    Relation::Seconds(3),
    Relation::Covers,
    Relation::Superior,
];

/// Mostly an organization id that is free at the start, sometimes any.
fn new_id() -> impl Strategy<Value = OrgId> {
    prop_oneof![
        3 => (8u32..13).prop_map(OrgId),
        1 => org_id(),
    ]
}

/// Mostly an organization id that may exist once calls added it.
fn any_org_id() -> impl Strategy<Value = OrgId> {
    (0u32..13).prop_map(OrgId)
}

fn call() -> impl Strategy<Value = Call> {
    prop_oneof![
        3 => (any_org_id(), id(), 0..RELATIONS.len()).prop_map(|(a, b, r)| Call::Relate(a, b, r)),
        2 => (new_id(), id(), id()).prop_map(|(id, host, home)| Call::Temporary { id, host, home }),
        2 => (new_id(), id(), id())
            .prop_map(|(id, core, member)| Call::Committee { id, core, member }),
        1 => (id(), id()).prop_map(|(a, b)| Call::Attach(a, b)),
        2 => (any_org_id(), id()).prop_map(|(a, b)| Call::SetHost(a, b)),
    ]
}

fn invoke(h: &mut Hierarchy, c: Call) -> Result<(), partyorg::HierarchyError> {
    let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    match c {
        Call::Relate(a, b, r) => h.relate(a, b, RELATIONS[r]),
        Call::Temporary { id, host, home } => {
            let org = TemporaryOrg::new("临时党支部", TaskPurpose::Project, host, day)
                .seconded_from(home, 2);
            h.add_temporary_with_id(id, org).map(drop)
        }
        Call::Committee { id, core, member } => {
            let bc = BigCommittee::new("大党委", BigCommitteeKind::Regional, core)
                .with_member(member)
                .with_part_time(core, 1);
            h.add_big_committee_with_id(id, bc).map(drop)
        }
        Call::Attach(a, b) => h.attach(a, b),
        Call::SetHost(a, b) => h.set_host(a, b),
    }
}

// ----- the operations ---------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Op {
    Apply(Box<Edit>),
    Batch(Vec<Edit>),
    Call(Call),
    Load(Spoil),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => edit().prop_map(|e| Op::Apply(Box::new(e))),
        3 => proptest::collection::vec(edit(), 0..6).prop_map(Op::Batch),
        3 => call().prop_map(Op::Call),
        1 => spoil().prop_map(Op::Load),
    ]
}

/// Runs one operation against `h`, checking all-or-nothing. Returns whether it was
/// refused.
fn run(h: &mut Hierarchy, op: Op) -> bool {
    let before = h.clone();
    let before_shape = shape(h);
    match op {
        Op::Apply(edit) => {
            // The same edit on a copy: the refusal must not depend on anything but the
            // state and the edit.
            let mut twin = h.clone();
            let expected = twin.apply((*edit).clone());
            let got = h.apply(*edit);
            assert_eq!(got, expected);
            match got {
                Ok(()) => {
                    assert_eq!(*h, twin);
                    assert_eq!(shape(h), shape(&twin));
                    check_derived(h);
                    false
                }
                Err(_) => {
                    unchanged(h, &before, &before_shape);
                    true
                }
            }
        }
        Op::Call(c) => {
            let mut twin = h.clone();
            let expected = invoke(&mut twin, c.clone());
            let got = invoke(h, c);
            assert_eq!(got, expected);
            if got.is_ok() {
                assert_eq!(*h, twin);
                check_derived(h);
                false
            } else {
                unchanged(h, &before, &before_shape);
                true
            }
        }
        Op::Batch(edits) => {
            // The expected refusals, independently: each edit on a scratch copy in turn.
            let mut scratch = h.clone();
            let expected: Vec<(usize, partyorg::HierarchyError)> = edits
                .iter()
                .enumerate()
                .filter_map(|(i, e)| scratch.apply(e.clone()).err().map(|err| (i, err)))
                .collect();
            match h.apply_batch(edits) {
                Ok(()) => {
                    assert!(expected.is_empty(), "accepted, yet {expected:?} fail");
                    assert_eq!(*h, scratch);
                    assert_eq!(shape(h), shape(&scratch));
                    check_derived(h);
                    false
                }
                Err(err) => {
                    let got: Vec<usize> = err.refused.iter().map(|r| r.0).collect();
                    let want: Vec<usize> = expected.iter().map(|r| r.0).collect();
                    assert_eq!(got, want);
                    assert_eq!(err.refused, expected);
                    unchanged(h, &before, &before_shape);
                    true
                }
            }
        }
        Op::Load(how) => {
            let (got, files) = load_spoiled(h, &how);
            match got {
                Err(LoadError::Invalid { problems, total }) => {
                    assert!(!problems.is_empty() && total >= problems.len());
                    for p in &problems {
                        assert!(files.contains(&p.file), "{p} names another file");
                    }
                }
                other => panic!("{how:?} loaded: {other:?}"),
            }
            // Whatever a failed load found, the hierarchy in hand is as it was.
            unchanged(h, &before, &before_shape);
            true
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn refusals_change_nothing_and_batches_list_every_refused_edit(
        ops in proptest::collection::vec(op(), 1..12)
    ) {
        let mut h = start();
        check_derived(&h);
        for op in ops {
            run(&mut h, op);
        }
    }
}

// ----- fixed cases: each injected failure does fail -----------------------------------------

#[test]
fn each_kind_of_injected_failure_is_refused_without_a_trace() {
    use partyorg::HierarchyError as E;
    let h0 = start();
    let street = |name: &str| Unit::new(UnitKind::Street, name);
    // Each refusal names its units as the hierarchy holds them when it is refused.
    let cases_in = |h0: &Hierarchy| -> Vec<(Edit, E)> {
        vec![
            (
                Edit::MoveUnit {
                    unit: UnitId(12),
                    new_parent: Some(UnitId(1)),
                },
                E::UnknownUnit { id: UnitId(12) },
            ),
            (
                Edit::AddUnit {
                    id: UnitId(9),
                    parent: Some(UnitId(1)),
                    unit: Unit::new(UnitKind::Village, "营溪村"),
                },
                E::NotAllowed {
                    child: None,
                    child_kind: UnitKind::Village,
                    parent: UnitId(1),
                    parent_kind: UnitKind::District,
                    parent_label: unit_label(h0, UnitId(1)),
                    child_label: None,
                },
            ),
            (
                Edit::MoveUnit {
                    unit: UnitId(8),
                    new_parent: Some(UnitId(8)),
                },
                E::Cycle {
                    unit: UnitId(8),
                    new_parent: UnitId(8),
                    unit_label: unit_label(h0, UnitId(8)),
                    parent_label: unit_label(h0, UnitId(8)),
                },
            ),
            (
                Edit::AddUnit {
                    id: UnitId(2),
                    parent: Some(UnitId(1)),
                    unit: street("新街道"),
                },
                E::DuplicateId { id: UnitId(2) },
            ),
            (
                Edit::AddUnit {
                    id: UnitId(9),
                    parent: Some(UnitId(1)),
                    unit: street("新街道").with_code(code(CODES[1])),
                },
                E::DuplicateCode {
                    code: code(CODES[1]),
                    existing: UnitId(2),
                    label: unit_label(h0, UnitId(2)),
                },
            ),
            (
                Edit::SetCode {
                    unit: UnitId(5),
                    code: Some(code(CODES[3])),
                },
                E::DuplicateCode {
                    code: code(CODES[3]),
                    existing: UnitId(4),
                    label: unit_label(h0, UnitId(4)),
                },
            ),
            (
                Edit::RemoveUnit {
                    unit: UnitId(3),
                    how: Removal::LiftChildren,
                },
                E::NotAllowed {
                    child: Some(UnitId(6)),
                    child_kind: UnitKind::Village,
                    parent: UnitId(1),
                    parent_kind: UnitKind::District,
                    parent_label: unit_label(h0, UnitId(1)),
                    child_label: Some(unit_label(h0, UnitId(6))),
                },
            ),
        ]
    };
    let cases = cases_in(&h0);
    for (i, (edit, want)) in cases.iter().cloned().enumerate() {
        let mut h = h0.clone();
        assert_eq!(h.apply(edit), Err(want), "case {i}");
        unchanged(&h, &h0, &shape(&h0));
    }
    // All of them in one batch, between good edits: every bad one is listed, in order,
    // and the good ones are not applied either.
    let mut batch = vec![Edit::SetMembers {
        unit: UnitId(4),
        members: Members::new(99, 0),
    }];
    for (edit, _) in &cases {
        batch.push(edit.clone());
        batch.push(Edit::Rename {
            unit: UnitId(2),
            name: "均禾街".into(),
        });
    }
    let mut h = h0.clone();
    let err = h.apply_batch(batch).unwrap_err();
    // The batch renames 均禾街道 before every refusal but the first, which names no unit.
    let mut renamed = h0.clone();
    renamed.rename(UnitId(2), "均禾街").unwrap();
    let want: Vec<(usize, E)> = cases_in(&renamed)
        .into_iter()
        .enumerate()
        .map(|(i, (_, e))| (1 + 2 * i, e))
        .collect();
    assert_eq!(err.refused, want);
    unchanged(&h, &h0, &shape(&h0));
    assert_eq!(h.unit(UnitId(4)).unwrap().members(), Members::new(12, 0));
}

#[test]
fn a_batch_refuses_edits_that_depend_on_a_refused_one() {
    let h0 = start();
    let mut h = h0.clone();
    let err = h
        .apply_batch(vec![
            // Refused: a village may not stand under a district…
            Edit::AddUnit {
                id: UnitId(9),
                parent: Some(UnitId(1)),
                unit: Unit::new(UnitKind::Village, "新村"),
            },
            // …so its co-op has no parent, and its members no unit.
            Edit::AddUnit {
                id: UnitId(10),
                parent: Some(UnitId(9)),
                unit: Unit::new(UnitKind::EconomicCoop, "新社"),
            },
            Edit::SetMembers {
                unit: UnitId(10),
                members: Members::new(3, 0),
            },
            // Fine on its own.
            Edit::MoveUnit {
                unit: UnitId(5),
                new_parent: Some(UnitId(2)),
            },
        ])
        .unwrap_err();
    let ids: Vec<usize> = err.refused.iter().map(|r| r.0).collect();
    assert_eq!(ids, vec![0, 1, 2]);
    assert_eq!(
        err.refused[1].1,
        partyorg::HierarchyError::UnknownUnit { id: UnitId(9) }
    );
    unchanged(&h, &h0, &shape(&h0));
}
