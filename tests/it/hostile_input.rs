//! Hostile input: every kind of bad file or call gets its exact error (file, line, column
//! or JSON path, and kind), nothing panics, nothing recurses, nothing is half-applied, and
//! shapes at the edges (a chain a million units deep, a unit with 100,000 children) stay
//! linear. The checks of the fuzz targets run on their seeds, on every cut of them and on
//! hand-made adversarial files: every loader returns a hierarchy or a clear error.
//!
//! Bad files are generated into a fresh folder under the system's temporary folder,
//! removed again when the test ends.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::support::unit_label;
use chrono::NaiveDate;
use partyorg::interchange::{Expected, json, nbs, table};
use partyorg::rollup::{Overflow, Period, Sum};
use partyorg::validate::Policy;
use partyorg::{
    DivisionCode, Hierarchy, HierarchyError, LoadError, Members, QueryError, Record, RecordId,
    RecordKind, Sector, Totals, Unit, UnitId, UnitKind, Validation, hierarchy::HierarchyBuilder,
    hierarchy::Removal, interchange::Position, interchange::Problem, interchange::ProblemKind,
    load_path, org::TemporaryOrg, unit::TaskPurpose,
};

// ----- helpers ----------------------------------------------------------------------------

/// A fresh folder, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "partyorg-hostile-{}-{}-{tag}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// Writes a file into the folder and returns its path.
    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The problems of a failed load; every problem must be listed (no cap reached).
fn problems(r: Result<Hierarchy, LoadError>) -> Vec<Problem> {
    match r {
        Ok(h) => panic!("expected the load to fail, got {h:?}"),
        Err(LoadError::Invalid { problems, total }) => {
            assert_eq!(total, problems.len(), "all problems listed");
            problems
        }
        Err(other) => panic!("expected invalid content, got {other:?}"),
    }
}

/// The one problem of a failed load.
fn only(r: Result<Hierarchy, LoadError>) -> Problem {
    let mut p = problems(r);
    assert_eq!(p.len(), 1, "exactly one problem: {p:?}");
    p.remove(0)
}

fn problem(file: &Path, position: Position, kind: ProblemKind) -> Problem {
    Problem {
        file: file.to_owned(),
        position,
        kind,
    }
}

fn line(line: u64, column: Option<&str>) -> Position {
    Position::Line {
        line,
        column: column.map(str::to_owned),
    }
}

fn jpath(path: &str, at: Option<(usize, usize)>) -> Position {
    Position::Json {
        path: path.to_owned(),
        at,
    }
}

fn bad(text: &str, expected: Expected) -> ProblemKind {
    ProblemKind::BadValue {
        text: text.to_owned(),
        expected,
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The 1-based line and column of the first occurrence of `needle` in `text`, in bytes,
/// as serde_json counts them (the column of the last byte it read).
fn at_end_of(text: &str, needle: &str) -> (usize, usize) {
    let end = text.find(needle).unwrap() + needle.len();
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, end - start)
}

/// Runs `f` on a thread with the default 2 MiB test stack, whatever `RUST_MIN_STACK` says,
/// so that a recursive traversal of a deep shape would overflow it.
fn on_test_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

/// Every unit's children, in order: the whole shape, children order included.
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

const UNITS_HEADER: &str = "id,parent,kind,name,full_members\n";

/// A units table with the header above and the given rows.
fn units_csv(rows: &str) -> String {
    format!("{UNITS_HEADER}{rows}")
}

/// A small district: 1 district, 2 street, 3 community under 2.
const GOOD_ROWS: &str =
    "1,,district,白云区,\n2,1,street,均禾街道,\n3,2,community,罗岗社区居委会,38\n";

// The checks of the fuzz targets in `fuzz/fuzz_targets/` (`json`, `csv_units`, `nbs`), run
// on their committed seeds (`fuzz/seeds/`) and on hand-made adversarial inputs: truncated
// documents at every byte, invalid UTF-8, a byte-order mark alone, a header alone. A
// loader must return a hierarchy or a clear error naming the file, never panic; a loaded
// hierarchy must survive a save and a reload unchanged, a validation and a rollup.

const JSON_NAME: &str = "fuzz.json";
const UNITS_NAME: &str = "units.csv";
const NBS_NAME: &str = "fuzz-nbs.csv";

fn seeds(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no seeds in {}", dir.display());
    out
}

/// The bytes of the seed `file` of `target`.
fn seed(target: &str, file: &str) -> Vec<u8> {
    let (_, bytes) = seeds(target)
        .into_iter()
        .find(|(p, _)| p.ends_with(file))
        .unwrap_or_else(|| panic!("no seed {file} for {target}"));
    bytes
}

/// An error is clear: it is an invalid-content error whose every problem names `file`, and
/// its message names the file.
fn assert_clear(e: &LoadError, file: &str) {
    assert!(
        matches!(e, LoadError::Invalid { .. }),
        "expected invalid content, got {e:?}"
    );
    assert!(!e.problems().is_empty());
    for p in e.problems() {
        assert_eq!(p.file, Path::new(file), "{p}");
    }
    assert!(e.to_string().contains(file), "{e}");
}

/// Validating and rolling up from every root must not panic; each standing root's rollup
/// counts its whole subtree.
fn exercise(h: &Hierarchy) {
    let as_of = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let _ = h.validate(&Policy::default(), as_of);
    for root in h.roots() {
        match h.totals(root.id(), &Period::ALL) {
            Ok(t) => assert_eq!(
                usize::try_from(t.units).unwrap(),
                h.subtree_size(root.id()).unwrap()
            ),
            Err(e) => panic!("a root's totals: {e}"),
        }
    }
}

/// The `json` target's check.
fn check_json(bytes: &[u8]) -> Result<Hierarchy, LoadError> {
    let result = json::from_bytes(bytes, Path::new(JSON_NAME));
    match &result {
        Ok(h) => {
            let again = json::from_str(&json::to_string(h)).expect("a saved snapshot loads");
            assert!(again == *h, "the snapshot did not round-trip");
            exercise(h);
        }
        Err(e) => assert_clear(e, JSON_NAME),
    }
    result
}

/// The `csv_units` target's check.
fn check_units(bytes: &[u8]) -> Result<Hierarchy, LoadError> {
    let result = table::load_units_reader(Cursor::new(bytes), Path::new(UNITS_NAME));
    match &result {
        Ok(h) => {
            let dir = Scratch::new("units-roundtrip");
            table::save_dir(h, &dir.0).unwrap();
            let again = table::load_dir(&dir.0).expect("saved tables load");
            assert!(again == *h, "the units table did not round-trip");
            exercise(h);
        }
        Err(e) => assert_clear(e, UNITS_NAME),
    }
    result
}

/// The `nbs` target's check.
fn check_nbs(bytes: &[u8]) -> Result<Hierarchy, LoadError> {
    let result = nbs::load_reader(bytes, Path::new(NBS_NAME));
    match &result {
        Ok(h) => {
            // Ids 1, 2, … in file order, and every unit in exactly one tree (an extract's
            // top rows are roots, whatever their kind).
            for i in 1..=h.len() {
                assert!(h.unit(UnitId(u32::try_from(i).unwrap())).is_ok());
            }
            let covered: usize = h.roots().map(|r| h.subtree_size(r.id()).unwrap()).sum();
            assert_eq!(covered, h.len());
            exercise(h);
        }
        Err(e) => assert_clear(e, NBS_NAME),
    }
    result
}

fn kinds(e: &LoadError) -> Vec<&ProblemKind> {
    e.problems().iter().map(|p| &p.kind).collect()
}

/// Data rows of a CSV text (lines after the header, not counting an empty last line).
fn data_rows(text: &[u8]) -> usize {
    text.split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .count()
        - 1
}

// ----- CSV: truncated and malformed -------------------------------------------------------

#[test]
fn csv_truncated_in_the_middle_of_a_row() {
    let s = Scratch::new("trunc");
    let p = s.file(
        "units.csv",
        units_csv("1,,district,白云区,\n2,1,street,均禾"),
    );
    assert_eq!(
        only(table::load_units_file(&p)),
        problem(
            &p,
            line(3, None),
            ProblemKind::MalformedCsv {
                message: "4 fields where the header has 5".into()
            }
        )
    );
}

#[test]
fn csv_rows_with_too_many_or_too_few_fields_are_each_named() {
    let s = Scratch::new("ragged");
    let p = s.file(
        "units.csv",
        units_csv("1,,district,白云区,,extra\n2,1,street,均禾街道,\n3,2\n"),
    );
    assert_eq!(
        problems(table::load_units_file(&p)),
        vec![
            problem(
                &p,
                line(2, None),
                ProblemKind::MalformedCsv {
                    message: "6 fields where the header has 5".into()
                }
            ),
            problem(
                &p,
                line(4, None),
                ProblemKind::MalformedCsv {
                    message: "2 fields where the header has 5".into()
                }
            ),
            // The district's row is unusable, so the street's parent is missing; the
            // street is found at its line past the malformed rows.
            problem(
                &p,
                line(3, Some("parent")),
                ProblemKind::MissingParent {
                    id: UnitId(2),
                    parent: UnitId(1)
                }
            ),
        ]
    );
}

#[test]
fn csv_invalid_utf8_in_a_cell_and_in_the_header() {
    let s = Scratch::new("utf8");
    let mut cell = UNITS_HEADER.as_bytes().to_vec();
    cell.extend_from_slice(b"1,,district,\xFF\xFE\xE7\x99,\n");
    let p = s.file("cell.csv", cell);
    assert_eq!(
        only(table::load_units_file(&p)),
        problem(&p, line(2, Some("name")), ProblemKind::InvalidUtf8)
    );

    // 0xFF is neither UTF-8 nor GB18030 (`\xC3n` would be GB18030's 胣, decoded as such).
    let p = s.file("header.csv", b"id,parent,kind,\xFFname\n1,,district,a\n");
    assert_eq!(
        problems(table::load_units_file(&p)),
        vec![
            problem(&p, line(1, None), ProblemKind::InvalidUtf8),
            problem(
                &p,
                line(1, None),
                ProblemKind::MissingColumn {
                    column: "name".into()
                }
            ),
        ]
    );
}

#[test]
fn a_byte_order_mark_is_accepted_in_csv_and_json() {
    let s = Scratch::new("bom");
    let dir = s.0.join("tables");
    std::fs::create_dir_all(&dir).unwrap();
    let with_bom = format!("\u{FEFF}{}", units_csv(GOOD_ROWS));
    std::fs::write(dir.join("units.csv"), &with_bom).unwrap();
    let from_csv = load_path(&dir).unwrap();
    assert_eq!(from_csv.len(), 3);
    assert_eq!(from_csv.unit(UnitId(1)).unwrap().name(), "白云区");
    assert_eq!(
        from_csv.unit(UnitId(3)).unwrap().members(),
        Members::new(38, 0)
    );

    let text = format!("\u{FEFF}{}", json::to_string(&from_csv));
    let p = s.file("snapshot.json", text);
    assert_eq!(load_path(&p).unwrap(), from_csv);
}

// ----- CSV: wrong types, numbers, dates ---------------------------------------------------

#[test]
fn csv_negative_huge_and_overflowing_member_counts() {
    let s = Scratch::new("numbers");
    let p = s.file(
        "units.csv",
        units_csv(
            "1,,district,白云区,-1\n\
             2,1,street,均禾街道,4294967296\n\
             3,2,community,罗岗社区居委会,99999999999999999999\n\
             4,2,community,石马桥社区,4294967295\n\
             5,2,community,新石社区,12a\n\
             6,2,community,棠下社区, 7\n",
        ),
    );
    assert_eq!(
        problems(table::load_units_file(&p)),
        vec![
            problem(
                &p,
                line(2, Some("full_members")),
                bad("-1", Expected::Number)
            ),
            problem(
                &p,
                line(3, Some("full_members")),
                bad("4294967296", Expected::Number)
            ),
            problem(
                &p,
                line(4, Some("full_members")),
                bad("99999999999999999999", Expected::Number)
            ),
            problem(
                &p,
                line(6, Some("full_members")),
                bad("12a", Expected::Number)
            ),
            problem(
                &p,
                line(7, Some("full_members")),
                bad(" 7", Expected::Number)
            ),
        ]
    );
    // The largest count that fits is taken as it is.
    let ok = s.file(
        "max.csv",
        units_csv("1,,district,白云区,4294967295\n2,1,street,均禾街道,4294967295\n"),
    );
    let h = load_path(&ok).unwrap();
    assert_eq!(h.unit(UnitId(2)).unwrap().members().full, u32::MAX);
    // Two counts at u32::MAX add up in u64, not u32.
    assert_eq!(
        h.totals(UnitId(1), &Period::ALL).unwrap().full_members,
        2 * u64::from(u32::MAX)
    );
}

#[test]
fn csv_wrong_types_in_every_kind_of_cell() {
    let s = Scratch::new("types");
    let p = s.file(
        "units.csv",
        "id,parent,kind,name,agricultural,committee_size,code\n\
         x,,district,白云区,,,\n\
         2,one,street,均禾街道,,,\n\
         3,2,street,太和镇,yes,,\n\
         4,2,community,罗岗社区,,256,\n\
         5,2,community,新石社区,,,44011101300\n\
         6,2,parish,石马桥,,,\n",
    );
    assert_eq!(
        problems(table::load_units_file(&p)),
        vec![
            // `x` is a key; `one` names no row's id or key.
            problem(
                &p,
                line(3, Some("parent")),
                ProblemKind::UnknownKey { key: "one".into() }
            ),
            problem(
                &p,
                line(4, Some("agricultural")),
                bad("yes", Expected::Bool)
            ),
            problem(
                &p,
                line(5, Some("committee_size")),
                bad("256", Expected::SmallNumber)
            ),
            problem(
                &p,
                line(6, Some("code")),
                bad("44011101300", Expected::Code)
            ),
            problem(&p, line(7, Some("kind")), bad("parish", Expected::Kind)),
        ]
    );
}

#[test]
fn csv_impossible_dates_in_units_and_records() {
    let s = Scratch::new("dates");
    let dir = s.0.join("t");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("units.csv"),
        "id,parent,kind,name,founded\n1,,district,白云区,2023-02-30\n2,1,street,均禾街道,2023-13-01\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("records.csv"),
        "id,unit,date,type,participants\n0,2,2023-02-29,activity,30\n1,2,2024-02-29,activity,30\n",
    )
    .unwrap();
    let units = dir.join("units.csv");
    let records = dir.join("records.csv");
    assert_eq!(
        problems(load_path(&dir)),
        vec![
            problem(
                &units,
                line(2, Some("founded")),
                bad("2023-02-30", Expected::Date)
            ),
            problem(
                &units,
                line(3, Some("founded")),
                bad("2023-13-01", Expected::Date)
            ),
            // 2024 is a leap year: only the first record is bad.
            problem(
                &records,
                line(2, Some("date")),
                bad("2023-02-29", Expected::Date)
            ),
        ]
    );
}

// ----- CSV: structure ---------------------------------------------------------------------

#[test]
fn csv_duplicate_ids_name_both_lines() {
    let s = Scratch::new("dup");
    let p = s.file(
        "units.csv",
        units_csv("1,,district,白云区,\n2,1,street,均禾街道,\n2,1,town,太和镇,\n"),
    );
    assert_eq!(
        only(table::load_units_file(&p)),
        problem(
            &p,
            line(4, Some("id")),
            ProblemKind::DuplicateId {
                id: 2,
                first: line(3, Some("id"))
            }
        )
    );
}

#[test]
fn csv_parent_that_does_not_exist() {
    let s = Scratch::new("orphan");
    let p = s.file(
        "units.csv",
        units_csv("1,,district,白云区,\n2,77,street,均禾街道,\n"),
    );
    assert_eq!(
        only(table::load_units_file(&p)),
        problem(
            &p,
            line(3, Some("parent")),
            ProblemKind::MissingParent {
                id: UnitId(2),
                parent: UnitId(77)
            }
        )
    );
}

#[test]
fn csv_cycles_through_parents_and_a_unit_that_is_its_own_parent() {
    let s = Scratch::new("cycle");
    let p = s.file(
        "units.csv",
        units_csv(
            "1,,district,白云区,\n\
             4,3,street,均禾街道,\n\
             3,5,town,太和镇,\n\
             5,4,town,人和镇,\n\
             9,9,street,三元里街道,\n",
        ),
    );
    assert_eq!(
        problems(table::load_units_file(&p)),
        vec![
            // Reported at the lowest id on the cycle, starting there, in parent order.
            problem(
                &p,
                line(4, Some("parent")),
                ProblemKind::Cycle {
                    id: UnitId(3),
                    cycle: vec![UnitId(3), UnitId(5), UnitId(4)]
                }
            ),
            problem(
                &p,
                line(6, Some("parent")),
                ProblemKind::Cycle {
                    id: UnitId(9),
                    cycle: vec![UnitId(9)]
                }
            ),
        ]
    );
}

#[test]
fn builder_and_api_refuse_a_unit_that_is_its_own_parent() {
    let mut b = HierarchyBuilder::new();
    b.push(
        UnitId(7),
        Some(UnitId(7)),
        Unit::new(UnitKind::District, "白云区"),
    );
    let e = b.build().unwrap_err();
    assert_eq!(e.total, 1);
    assert_eq!(
        e.problems,
        vec![partyorg::hierarchy::BuildProblem::Cycle {
            id: UnitId(7),
            cycle: vec![UnitId(7)]
        }]
    );

    // Through the API: an institution may contain institutions, so the placement is
    // allowed and the cycle check is what refuses.
    let mut h = Hierarchy::new();
    let d = h
        .add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    let org = Unit::new(UnitKind::Institution(Sector::Organ), "区委组织部");
    let a = h.add_unit(Some(d), org.clone()).unwrap();
    let b = h.add_unit(Some(a), org).unwrap();
    let before = h.clone();
    assert_eq!(
        h.move_unit(a, Some(a)),
        Err(HierarchyError::Cycle {
            unit: a,
            new_parent: a,
            unit_label: unit_label(&h, a),
            parent_label: unit_label(&h, a),
        })
    );
    assert_eq!(
        h.move_unit(a, Some(b)),
        Err(HierarchyError::Cycle {
            unit: a,
            new_parent: b,
            unit_label: unit_label(&h, a),
            parent_label: unit_label(&h, b),
        })
    );
    assert_eq!(h, before);
    assert_eq!(h.parent(b).unwrap().unwrap().id(), a);
}

#[test]
fn a_forest_is_legal_two_roots_load_as_two_trees() {
    // No API of the crate expects exactly one root: the standing units form a forest (a
    // dashboard may hold two districts, or a city and a district of another city). Two
    // roots load as two separate trees, and each tree can be validated on its own.
    let s = Scratch::new("roots");
    let p = s.file(
        "units.csv",
        units_csv(
            "1,,district,白云区,\n2,1,street,均禾街道,\n\
             10,,district,天河区,\n11,10,street,石牌街道,5\n12,10,street,五山街道,6\n",
        ),
    );
    let h = load_path(&p).unwrap();
    let roots: Vec<UnitId> = h.roots().map(|r| r.id()).collect();
    assert_eq!(roots, vec![UnitId(1), UnitId(10)]);
    assert_eq!(h.subtree_size(UnitId(1)).unwrap(), 2);
    assert_eq!(h.subtree_size(UnitId(10)).unwrap(), 3);
    assert_eq!(
        h.lowest_common_ancestor(UnitId(2), UnitId(11)).unwrap(),
        None
    );
    assert!(!h.is_within(UnitId(11), UnitId(1)).unwrap());
    assert_eq!(h.totals(UnitId(10), &Period::ALL).unwrap().full_members, 11);
    assert_eq!(h.totals(UnitId(1), &Period::ALL).unwrap().full_members, 0);
    let policy = Policy::default();
    let one = Validation::new(&policy)
        .as_of(d(2023, 12, 31))
        .within(UnitId(10))
        .run(&h)
        .unwrap();
    assert_eq!(one.units_checked(), 3);
    assert_eq!(h.validate(&policy, d(2023, 12, 31)).units_checked(), 5);
    // A scope that does not exist is the one refusal.
    assert_eq!(
        Validation::new(&policy)
            .as_of(d(2023, 12, 31))
            .within(UnitId(99))
            .run(&h)
            .unwrap_err(),
        QueryError::UnknownUnit { id: UnitId(99) }
    );
}

// ----- CSV: empty files -------------------------------------------------------------------

#[test]
fn empty_and_header_only_files() {
    let s = Scratch::new("empty");
    let empty = s.file("empty.csv", "");
    let missing = |c: &str| {
        problem(
            &empty,
            line(1, None),
            ProblemKind::MissingColumn { column: c.into() },
        )
    };
    assert_eq!(
        problems(table::load_units_file(&empty)),
        vec![
            missing("id"),
            missing("parent"),
            missing("kind"),
            missing("name")
        ]
    );

    let header_only = s.file("header.csv", UNITS_HEADER);
    let h = table::load_units_file(&header_only).unwrap();
    assert!(h.is_empty());
    assert_eq!(h.roots().count(), 0);

    // A folder whose optional tables hold only their headers loads the units alone.
    let dir = s.0.join("t");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("units.csv"), units_csv(GOOD_ROWS)).unwrap();
    std::fs::write(dir.join("relations.csv"), "from,to,relation\n").unwrap();
    std::fs::write(dir.join("records.csv"), "id,unit,date,type\n").unwrap();
    let h = load_path(&dir).unwrap();
    assert_eq!(
        (h.len(), h.relations().count(), h.record_count()),
        (3, 0, 0)
    );

    // An empty optional table has no header: its required columns are missing.
    std::fs::write(dir.join("relations.csv"), "").unwrap();
    let rel = dir.join("relations.csv");
    let missing_rel = |c: &str| {
        problem(
            &rel,
            line(1, None),
            ProblemKind::MissingColumn { column: c.into() },
        )
    };
    assert_eq!(
        problems(load_path(&dir)),
        vec![
            missing_rel("from"),
            missing_rel("to"),
            missing_rel("relation")
        ]
    );

    // No units.csv at all is an I/O error naming the file.
    let nothing = s.0.join("nothing");
    std::fs::create_dir_all(&nothing).unwrap();
    match load_path(&nothing) {
        Err(LoadError::Io { path, source }) => {
            assert_eq!(path, nothing.join("units.csv"));
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }
}

// ----- CSV: relations, big committees, temporary organizations ----------------------------

const BC_ROWS: &str = "id,parent,kind,name,bc_kind\n\
    1,,district,白云区,\n\
    2,1,street,均禾街道,\n\
    3,2,community,罗岗社区居委会,\n\
    10,,big_committee,均禾商圈大党委,business_district\n";

#[test]
fn relations_naming_missing_ids() {
    let s = Scratch::new("rel-missing");
    let dir = s.0.join("t");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("units.csv"), BC_ROWS).unwrap();
    std::fs::write(
        dir.join("relations.csv"),
        "from,to,relation,id,pairing\n\
         10,2,core,,\n\
         10,3,member,,\n\
         10,99,member,,\n\
         98,3,core,,\n\
         2,97,pairing,0,town_street\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("records.csv"),
        "id,unit,date,type,participants\n0,96,2023-05-04,activity,30\n",
    )
    .unwrap();
    let rel = dir.join("relations.csv");
    let rec = dir.join("records.csv");
    let unknown = |id| ProblemKind::Refused(HierarchyError::UnknownUnit { id: UnitId(id) });
    assert_eq!(
        problems(load_path(&dir)),
        vec![
            // A core row is read with the big committees, before the other rows.
            problem(
                &rel,
                line(5, Some("from")),
                ProblemKind::NotABigCommittee { id: UnitId(98) }
            ),
            problem(&rel, line(4, None), unknown(99)),
            problem(&rel, line(6, None), unknown(97)),
            problem(&rec, line(2, None), unknown(96)),
        ]
    );
}

#[test]
fn a_big_committee_that_lists_itself() {
    // Through relations.csv.
    let s = Scratch::new("bc-self");
    let dir = s.0.join("t");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("units.csv"), BC_ROWS).unwrap();
    std::fs::write(
        dir.join("relations.csv"),
        "from,to,relation,count\n10,3,core,\n10,10,member,\n10,10,part_time,2\n",
    )
    .unwrap();
    let rel = dir.join("relations.csv");
    // Row 10 is a big committee, not a unit: it cannot be a member of anything.
    let me = ProblemKind::Refused(HierarchyError::UnknownUnit { id: UnitId(10) });
    assert_eq!(
        problems(load_path(&dir)),
        vec![
            problem(&rel, line(3, None), me.clone()),
            problem(&rel, line(4, None), me),
        ]
    );

    // Through the API, a committee is an organization and its members are units: the
    // types keep it from listing itself.
}

#[test]
fn a_temporary_organization_hosted_by_a_unit_that_does_not_exist() {
    let s = Scratch::new("tmp-host");
    let p = s.file(
        "units.csv",
        "id,parent,kind,name,purpose\n\
         1,,district,白云区,\n\
         20,404,temporary,专项整治临时党支部,special_rectification\n\
         21,,big_committee,大党委,\n\
         22,21,temporary,项目临时党支部,project\n",
    );
    assert_eq!(
        problems(table::load_units_file(&p)),
        vec![
            problem(
                &p,
                line(3, Some("parent")),
                ProblemKind::MissingParent {
                    id: UnitId(20),
                    parent: UnitId(404)
                }
            ),
            // A big committee is based in its core, which a units table alone cannot
            // give.
            problem(
                &p,
                line(4, Some("id")),
                ProblemKind::Needs {
                    needs: "core (a core relation row)"
                }
            ),
            problem(
                &p,
                line(5, Some("parent")),
                ProblemKind::ParentNotStanding {
                    id: UnitId(22),
                    parent: UnitId(21)
                }
            ),
        ]
    );

    let mut h = Hierarchy::new();
    h.add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    let before = h.clone();
    let org = TemporaryOrg::new(
        "专项整治临时党支部",
        TaskPurpose::SpecialRectification,
        UnitId(404),
        d(2023, 3, 1),
    );
    assert_eq!(
        h.add_temporary(org),
        Err(HierarchyError::UnknownUnit { id: UnitId(404) })
    );
    assert_eq!(h, before);
}

// ----- JSON -------------------------------------------------------------------------------

fn json_doc(units: &str) -> String {
    format!("{{\"format_version\": 1,\n \"units\": [\n{units}\n]}}")
}

#[test]
fn json_truncated_and_malformed() {
    let full = json_doc(r#"{"id": 1, "kind": "district", "name": "白云区"}"#);
    let cut = &full[..full.find("\"name\"").unwrap()];
    let p = only(json::from_str(cut));
    assert_eq!(p.kind, ProblemKind::Truncated);
    assert_eq!(p.file, Path::new("<json>"));
    let Position::Json { path, at } = p.position else {
        panic!("{p:?}")
    };
    assert_eq!(path, "units[0]");
    assert_eq!(at.unwrap().0, 3);

    // A missing comma between two fields: the parser's message, at the field.
    let text = json_doc(r#"{"id": 1 "kind": "district", "name": "白云区"}"#);
    let p = only(json::from_str(&text));
    assert_eq!(
        p.kind,
        ProblemKind::JsonSyntax {
            message: "expected `,` or `}`".into()
        }
    );
    assert_eq!(
        p.position,
        jpath("units[0].id", Some(at_end_of(&text, r#"{"id": 1 ""#)))
    );

    // Not JSON at all, and an empty file.
    let p = only(json::from_str("id,parent,kind,name\n"));
    assert!(matches!(p.kind, ProblemKind::JsonSyntax { .. }), "{p:?}");
    assert_eq!(p.position, jpath("(document)", Some((1, 1))));
    let p = only(json::from_str(""));
    assert_eq!(p.kind, ProblemKind::Truncated);
    assert_eq!(p.position, jpath("(document)", Some((1, 0))));
    // An object without the version, and the bare minimum that loads.
    assert_eq!(
        only(json::from_str("{}")).kind,
        ProblemKind::MissingColumn {
            column: "format_version".into()
        }
    );
    assert!(
        json::from_str(r#"{"format_version": 1}"#)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn json_invalid_utf8_is_located() {
    let line3 = r#"{"id": 1, "kind": "district", "name": "白"#;
    let mut bytes = format!("{{\"format_version\": 1,\n \"units\": [\n{line3}").into_bytes();
    bytes.extend_from_slice(b"\xFF\"}]}");
    let p = only(json::from_bytes(&bytes, Path::new("snap.json")));
    assert_eq!(p.file, Path::new("snap.json"));
    assert_eq!(p.kind, ProblemKind::InvalidUtf8);
    let Position::Json { path, at } = p.position else {
        panic!("{p:?}")
    };
    assert_eq!(path, "units[0].name");
    assert_eq!(at, Some((3, line3.len() + 1)));
}

#[test]
fn json_negative_huge_and_overflowing_numbers() {
    // serde_json reads integers past u64 as floating point, so the last one is a type
    // error; the others are out of u32's range.
    let cases = [
        ("-1", "invalid value: integer `-1`, expected u32"),
        (
            "4294967296",
            "invalid value: integer `4294967296`, expected u32",
        ),
        (
            "99999999999999999999",
            "invalid type: floating point `1e+20`, expected u32",
        ),
        ("\"12\"", "invalid type: string \"12\", expected u32"),
        ("1.5", "invalid type: floating point `1.5`, expected u32"),
    ];
    for (value, message) in cases {
        let row = format!(
            r#"{{"id": 1, "kind": "district", "name": "白云区", "full_members": {value}}}"#
        );
        let text = json_doc(&row);
        let p = only(json::from_str(&text));
        assert_eq!(
            p.kind,
            ProblemKind::JsonData {
                message: message.into()
            },
            "{value}"
        );
        assert_eq!(
            p.position,
            jpath(
                "units[0].full_members",
                Some(at_end_of(&text, &format!("\"full_members\": {value}")))
            ),
            "{value}"
        );
    }
    let max =
        json_doc(r#"{"id": 1, "kind": "district", "name": "白云区", "full_members": 4294967295}"#);
    assert_eq!(
        json::from_str(&max)
            .unwrap()
            .unit(UnitId(1))
            .unwrap()
            .members()
            .full,
        u32::MAX
    );
}

#[test]
fn json_wrong_types_dates_and_structure_have_paths() {
    let text = json_doc(
        r#"{"id": 1, "kind": "district", "name": "白云区", "founded": "2023-02-30"},
{"id": 2, "parent": 1, "kind": "street", "name": "均禾街道"},
{"id": 2, "parent": 1, "kind": "town", "name": "太和镇"},
{"id": 3, "parent": 55, "kind": "street", "name": "三元里街道"},
{"id": 4, "parent": 4, "kind": "street", "name": "松洲街道"}"#,
    );
    let f = Path::new("<json>");
    let structural = vec![
        problem(
            f,
            jpath("units[2].id", None),
            ProblemKind::DuplicateId {
                id: 2,
                first: jpath("units[1].id", None),
            },
        ),
        problem(
            f,
            jpath("units[3].parent", None),
            ProblemKind::MissingParent {
                id: UnitId(3),
                parent: UnitId(55),
            },
        ),
        problem(
            f,
            jpath("units[4].parent", None),
            ProblemKind::Cycle {
                id: UnitId(4),
                cycle: vec![UnitId(4)],
            },
        ),
    ];
    // The bad row is reported, and so is the structure of the others; the rows naming
    // the bad row as parent do not also report a missing parent.
    let mut with_date = vec![problem(
        f,
        jpath("units[0].founded", None),
        bad("2023-02-30", Expected::Date),
    )];
    with_date.extend(structural.iter().cloned());
    assert_eq!(problems(json::from_str(&text)), with_date);
    let text = text.replace("2023-02-30", "2023-02-28");
    assert_eq!(problems(json::from_str(&text)), structural);
    // A string where a table is expected.
    let p = only(json::from_str(
        r#"{"format_version": 1, "units": "all of them"}"#,
    ));
    assert_eq!(
        p.kind,
        ProblemKind::JsonData {
            message: "invalid type: string \"all of them\", expected a sequence".into()
        }
    );
}

#[test]
fn json_nested_a_hundred_thousand_deep_is_an_error_not_a_stack_overflow() {
    // The snapshot's types bound how deep the parser descends, and values it skips are
    // skipped without recursion: no nesting reaches the stack's end.
    let got = on_test_stack(|| {
        let depth = 100_000;
        let nest = |open: &str, close: &str, closed: bool| {
            let mut t = String::from(r#"{"format_version": 1, "units": [], "extra": "#);
            t.push_str(&open.repeat(depth));
            t.push('1');
            if closed {
                t.push_str(&close.repeat(depth));
                t.push('}');
            }
            t
        };
        let mut units = String::from(r#"{"format_version": 1, "units": "#);
        units.push_str(&"[".repeat(depth));
        units.push_str(&"]".repeat(depth));
        units.push('}');
        [
            only(json::from_str(&units)).kind,
            only(json::from_str(&nest("[", "]", true))).kind,
            only(json::from_str(&nest("{\"a\":", "}", true))).kind,
            only(json::from_str(&nest("[", "]", false))).kind,
        ]
    });
    assert_eq!(
        got,
        [
            // A unit row given as an array: its first field, the id, is an array.
            ProblemKind::JsonData {
                message: "invalid type: sequence, expected u32".into()
            },
            ProblemKind::UnknownField {
                field: "extra".into()
            },
            ProblemKind::UnknownField {
                field: "extra".into()
            },
            ProblemKind::Truncated,
        ]
    );
}

// ----- API-level refusals -----------------------------------------------------------------

#[test]
fn api_refusals_are_exact_and_change_nothing() {
    let mut h = Hierarchy::new();
    let code: DivisionCode = "440111013000".parse().unwrap();
    let dist = h
        .add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    let st = h
        .add_unit(
            Some(dist),
            Unit::new(UnitKind::Street, "均禾街道").with_code(code),
        )
        .unwrap();
    let com = h
        .add_unit(Some(st), Unit::new(UnitKind::Community, "罗岗社区居委会"))
        .unwrap();
    h.add_record_with_id(
        RecordId(0),
        Record::new(com, d(2023, 5, 4), RecordKind::Activity { participants: 3 }),
    )
    .unwrap();
    let before = h.clone();
    let before_shape = shape(&h);
    let village = Unit::new(UnitKind::Village, "石马桥村委会");
    let cases: Vec<(HierarchyError, Result<(), HierarchyError>)> = vec![
        (
            HierarchyError::DuplicateId { id: st },
            h.clone()
                .add_unit_with_id(st, Some(dist), Unit::new(UnitKind::Town, "太和镇"))
                .map(drop),
        ),
        (
            HierarchyError::DuplicateCode {
                code,
                existing: st,
                label: unit_label(&h, st),
            },
            h.clone()
                .add_unit(
                    Some(dist),
                    Unit::new(UnitKind::Town, "太和镇").with_code(code),
                )
                .map(drop),
        ),
        (
            HierarchyError::NotAllowed {
                child: None,
                child_kind: UnitKind::Village,
                parent: dist,
                parent_kind: UnitKind::District,
                parent_label: unit_label(&h, dist),
                child_label: None,
            },
            h.clone().add_unit(Some(dist), village.clone()).map(drop),
        ),
        (
            HierarchyError::NeedsParent {
                unit: None,
                kind: UnitKind::Village,
            },
            h.clone().add_unit(None, village.clone()).map(drop),
        ),
        (
            HierarchyError::UnknownUnit { id: UnitId(404) },
            h.clone().add_unit(Some(UnitId(404)), village).map(drop),
        ),
        (
            HierarchyError::NotAllowed {
                child: Some(dist),
                child_kind: UnitKind::District,
                parent: st,
                parent_kind: UnitKind::Street,
                parent_label: unit_label(&h, st),
                child_label: Some(unit_label(&h, dist)),
            },
            h.clone().move_unit(dist, Some(st)),
        ),
        (
            HierarchyError::HasChildren {
                id: st,
                children: 1,
                label: unit_label(&h, st),
            },
            h.clone().remove_unit(st, Removal::LeafOnly).map(drop),
        ),
        (
            HierarchyError::NotAllowed {
                child: Some(com),
                child_kind: UnitKind::Community,
                parent: dist,
                parent_kind: UnitKind::District,
                parent_label: unit_label(&h, dist),
                child_label: Some(unit_label(&h, com)),
            },
            h.clone().remove_unit(st, Removal::LiftChildren).map(drop),
        ),
        (
            HierarchyError::DuplicateRecord { id: RecordId(0) },
            h.clone()
                .add_record_with_id(
                    RecordId(0),
                    Record::new(com, d(2023, 6, 1), RecordKind::Activity { participants: 1 }),
                )
                .map(drop),
        ),
        (
            HierarchyError::Full {
                what: "records (an id far beyond the others)",
            },
            h.clone()
                .add_record_with_id(
                    RecordId(4_000_000_000),
                    Record::new(com, d(2023, 6, 1), RecordKind::Activity { participants: 1 }),
                )
                .map(drop),
        ),
        (
            HierarchyError::Full { what: "records" },
            h.clone()
                .add_record_with_id(
                    RecordId(u32::MAX),
                    Record::new(com, d(2023, 6, 1), RecordKind::Activity { participants: 1 }),
                )
                .map(drop),
        ),
        (
            HierarchyError::UnknownRecord { id: RecordId(7) },
            h.clone().remove_record(RecordId(7)).map(drop),
        ),
    ];
    for (i, (want, got)) in cases.into_iter().enumerate() {
        assert_eq!(got, Err(want), "case {i}");
    }
    // The same refusals on `h` itself leave it exactly as it was.
    assert!(h.move_unit(dist, Some(st)).is_err());
    assert!(h.remove_unit(st, Removal::LiftChildren).is_err());
    assert!(
        h.add_unit(
            Some(dist),
            Unit::new(UnitKind::Town, "太和镇").with_code(code)
        )
        .is_err()
    );
    assert_eq!(h, before);
    assert_eq!(shape(&h), before_shape);
}

#[test]
fn ids_at_the_end_of_the_u32_space() {
    let s = Scratch::new("maxid");
    let p = s.file(
        "units.csv",
        units_csv("4294967294,,district,白云区,\n1,4294967294,street,均禾街道,\n"),
    );
    let mut h = load_path(&p).unwrap();
    assert_eq!(
        h.parent(UnitId(1)).unwrap().unwrap().id(),
        UnitId(u32::MAX - 1)
    );
    let before = h.clone();
    // The next fresh id would be u32::MAX, which is reserved: the hierarchy is full.
    assert_eq!(
        h.add_unit(Some(UnitId(1)), Unit::new(UnitKind::Community, "罗岗社区")),
        Err(HierarchyError::Full { what: "unit ids" })
    );
    assert_eq!(h, before);
    // A chosen id still works.
    h.add_unit_with_id(
        UnitId(2),
        Some(UnitId(1)),
        Unit::new(UnitKind::Community, "罗岗社区"),
    )
    .unwrap();

    // A record id far past the others in a file is refused at its line, not allocated.
    let dir = s.0.join("t");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("units.csv"), units_csv(GOOD_ROWS)).unwrap();
    std::fs::write(
        dir.join("records.csv"),
        "id,unit,date,type,participants\n4000000000,3,2023-05-04,activity,30\n",
    )
    .unwrap();
    assert_eq!(
        only(load_path(&dir)),
        problem(
            &dir.join("records.csv"),
            line(2, None),
            ProblemKind::Refused(HierarchyError::Full {
                what: "records (an id far beyond the others)"
            })
        )
    );
}

// ----- big shapes -------------------------------------------------------------------------

const DEEP: u32 = 1_000_000;

/// Unit `i` of the deep chain: district 0 over a chain of `DEEP` organs (institutions
/// may contain institutions), ids 1..=DEEP, each with one full member.
fn deep_unit(i: u32) -> (UnitId, Option<UnitId>, Unit) {
    if i == 0 {
        return (UnitId(0), None, Unit::new(UnitKind::District, "白云区"));
    }
    (
        UnitId(i),
        Some(UnitId(i - 1)),
        Unit::new(UnitKind::Institution(Sector::Organ), "机关").with_members(Members::new(1, 0)),
    )
}

/// Every operation of the brief on the deep chain; none may recurse or be quadratic.
fn exercise_deep(mut h: Hierarchy) {
    let n = DEEP as usize;
    let (root, leaf, mid) = (UnitId(0), UnitId(DEEP), UnitId(DEEP / 2));
    assert_eq!(h.layout().len(), n + 1);
    assert_eq!(h.subtree_size(root).unwrap(), n + 1);
    assert!(h.is_within(leaf, root).unwrap());
    let report = h.validate(&Policy::default(), d(2023, 12, 31));
    assert_eq!(report.units_checked(), n + 1);
    let t = h.totals(root, &Period::ALL).unwrap();
    assert_eq!((t.units, t.full_members), (n as u64 + 1, n as u64));
    assert_eq!(
        h.totals(mid, &Period::ALL).unwrap().full_members,
        u64::from(DEEP / 2 + 1)
    );
    let all = h.fold_all(|u| Sum(u64::from(u.members().full))).unwrap();
    assert_eq!(all.get(root), Some(&Sum(n as u64)));
    assert_eq!(all.get(leaf), Some(&Sum(1)));
    assert_eq!(all.get(mid), Some(&Sum(u64::from(DEEP / 2 + 1))));
    drop(all);
    assert_eq!(
        h.fold_subtree(mid, |_| Sum(1)).unwrap(),
        Sum(u64::from(DEEP / 2 + 1))
    );
    let path = h.path(leaf).unwrap();
    assert_eq!(path.units.len(), n + 1);
    assert_eq!(path.units[0].id(), root);
    assert_eq!(path.units[n].id(), leaf);
    drop(path);
    assert_eq!(h.depth(leaf).unwrap() as usize, n);
    let mut up = h.ancestors(leaf).unwrap();
    assert_eq!(up.next().unwrap().id(), UnitId(DEEP - 1));
    assert_eq!(up.last().unwrap().id(), root);
    assert_eq!(h.ancestors(leaf).unwrap().count(), n);
    let (count, deepest) = h
        .subtree(root)
        .unwrap()
        .filter(|v| v.depth > 0)
        .fold((0usize, 0u32), |(c, m), v| (c + 1, m.max(v.depth)));
    assert_eq!((count, deepest), (n, DEEP));
    assert_eq!(
        h.lowest_common_ancestor(leaf, mid).unwrap().unwrap().id(),
        mid
    );
    // Moving the root of the chain's lower half under its own leaf is a cycle, found by
    // walking up a million parents.
    assert_eq!(
        h.move_unit(mid, Some(leaf)),
        Err(HierarchyError::Cycle {
            unit: mid,
            new_parent: leaf,
            unit_label: unit_label(&h, mid),
            parent_label: unit_label(&h, leaf),
        })
    );
    let removed = h.remove_unit(mid, Removal::Subtree).unwrap();
    assert_eq!(removed.units.len(), n / 2 + 1);
    assert_eq!(removed.units[0], mid);
    assert_eq!(removed.units[n / 2], leaf);
    assert_eq!(h.len(), n / 2);
    assert_eq!(h.depth(UnitId(DEEP / 2 - 1)).unwrap() as usize, n / 2 - 1);
    assert_eq!(h.subtree_size(root).unwrap(), n / 2);
}

#[test]
fn a_chain_a_million_deep_through_the_builder() {
    on_test_stack(|| {
        let mut b = HierarchyBuilder::with_capacity(DEEP as usize + 1);
        // Leaf first: the cycle check walks the whole chain up from the first row.
        for i in (0..=DEEP).rev() {
            let (id, parent, unit) = deep_unit(i);
            b.push(id, parent, unit);
        }
        exercise_deep(b.build().unwrap());
    });
}

#[test]
fn a_chain_a_million_deep_through_units_csv() {
    let s = Scratch::new("deep");
    let mut text = String::with_capacity(DEEP as usize * 32);
    text.push_str("id,parent,kind,sector,name,full_members\n0,,district,,白云区,\n");
    for i in 1..=DEEP {
        use std::fmt::Write;
        writeln!(text, "{i},{},institution,organ,机关,1", i - 1).unwrap();
    }
    let p = s.file("units.csv", text);
    on_test_stack(move || exercise_deep(load_path(&p).unwrap()));
}

#[test]
fn a_cycle_a_million_long_is_reported_once() {
    on_test_stack(|| {
        let mut b = HierarchyBuilder::new();
        b.push(
            UnitId(0),
            Some(UnitId(DEEP - 1)),
            Unit::new(UnitKind::Town, "镇"),
        );
        for i in 1..DEEP {
            b.push(
                UnitId(i),
                Some(UnitId(i - 1)),
                Unit::new(UnitKind::Town, "镇"),
            );
        }
        let e = b.build().unwrap_err();
        assert_eq!(e.total, 1);
        let partyorg::hierarchy::BuildProblem::Cycle { id, cycle } = &e.problems[0] else {
            panic!("{e:?}")
        };
        assert_eq!(*id, UnitId(0));
        assert_eq!(cycle.len(), DEEP as usize);
        // From the lowest id, following parents: 0 → DEEP-1 → DEEP-2 …
        assert_eq!(
            &cycle[..3],
            &[UnitId(0), UnitId(DEEP - 1), UnitId(DEEP - 2)]
        );
    });
}

const WIDE: u32 = 100_000;

/// District 1, street 2, and `WIDE` communities under the street, ids 3.., each with a
/// distinct division code and `i % 7` full members.
fn wide() -> Hierarchy {
    let mut b = HierarchyBuilder::with_capacity(WIDE as usize + 2);
    b.push(UnitId(1), None, Unit::new(UnitKind::District, "白云区"));
    b.push(
        UnitId(2),
        Some(UnitId(1)),
        Unit::new(UnitKind::Street, "均禾街道"),
    );
    for i in 0..WIDE {
        let code = DivisionCode::from_u64(
            440_111_000_000 + u64::from(1 + i / 999) * 1000 + u64::from(1 + i % 999),
        )
        .unwrap();
        b.push(
            UnitId(3 + i),
            Some(UnitId(2)),
            Unit::new(UnitKind::Community, format!("社区{i}"))
                .with_code(code)
                .with_members(Members::new(i % 7, 0)),
        );
    }
    b.build_strict().unwrap()
}

#[test]
fn a_unit_with_a_hundred_thousand_children() {
    on_test_stack(|| {
        let mut h = wide();
        let n = WIDE as usize;
        let (hub, first, last) = (UnitId(2), UnitId(3), UnitId(2 + WIDE));
        let expected_members: u64 = (0..WIDE).map(|i| u64::from(i % 7)).sum();
        let kids: Vec<UnitId> = h.children(hub).unwrap().map(|u| u.id()).collect();
        assert_eq!(kids.len(), n);
        assert!(
            kids.iter().zip(3..).all(|(k, i)| k.0 == i),
            "attachment order"
        );
        let sibs: Vec<UnitId> = h.siblings(UnitId(1000)).unwrap().map(|u| u.id()).collect();
        assert_eq!(sibs.len(), n - 1);
        assert!(!sibs.contains(&UnitId(1000)));
        assert_eq!((sibs[0], sibs[n - 2]), (first, last));
        assert_eq!(h.siblings(hub).unwrap().count(), 0);
        assert_eq!(h.depth(last).unwrap(), 2);
        assert_eq!(h.path(last).unwrap().units.len(), 3);
        assert_eq!(h.ancestors(last).unwrap().count(), 2);
        assert_eq!(
            h.subtree(UnitId(1))
                .unwrap()
                .filter(|v| v.depth > 0)
                .count(),
            n + 1
        );
        assert_eq!(
            h.subtree(hub)
                .unwrap()
                .max_depth(1)
                .filter(|v| v.depth > 0)
                .count(),
            n
        );
        assert_eq!(h.layout().len(), n + 2);
        assert_eq!(h.subtree_size(hub).unwrap(), n + 1);
        let report = h.validate(&Policy::default(), d(2023, 12, 31));
        assert_eq!(report.units_checked(), n + 2);
        assert_eq!(
            h.totals(UnitId(1), &Period::ALL).unwrap().full_members,
            expected_members
        );
        let all = h.fold_all(|u| Sum(u64::from(u.members().full))).unwrap();
        assert_eq!(all.get(hub), Some(&Sum(expected_members)));
        assert_eq!(all.get(UnitId(9)), Some(&Sum(6)));
        drop(all);
        // Re-coding every child, one call each, stays linear: the code index is not
        // scanned for a unit sharing the old code when no two units share one.
        let code_of_last = h.unit(last).unwrap().code().unwrap();
        let mut spare = h.clone();
        for i in 0..WIDE {
            spare.set_code(UnitId(3 + i), None).unwrap();
        }
        assert!(spare.by_code(code_of_last).is_none());
        spare.set_code(first, Some(code_of_last)).unwrap();
        assert_eq!(spare.by_code(code_of_last).unwrap().id(), first);
        drop(spare);
        let removed = h.remove_unit(hub, Removal::Subtree).unwrap();
        assert_eq!(removed.units.len(), n + 1);
        assert_eq!(h.len(), 1);
        assert!(h.by_code(code_of_last).is_none());
        assert_eq!(h.children(UnitId(1)).unwrap().count(), 0);
    });
}

#[test]
fn removing_a_unit_whose_code_another_unit_shares_keeps_the_other_findable() {
    // Files may give two units the same code (the loaders keep both); removing one of
    // them leaves the code index pointing at the other.
    let code: DivisionCode = "440111013001".parse().unwrap();
    let mut b = HierarchyBuilder::new();
    b.push(UnitId(1), None, Unit::new(UnitKind::District, "白云区"));
    b.push(
        UnitId(2),
        Some(UnitId(1)),
        Unit::new(UnitKind::Street, "均禾街道"),
    );
    b.push(
        UnitId(3),
        Some(UnitId(2)),
        Unit::new(UnitKind::Community, "甲").with_code(code),
    );
    b.push(
        UnitId(4),
        Some(UnitId(2)),
        Unit::new(UnitKind::Community, "乙").with_code(code),
    );
    b.push(
        UnitId(5),
        Some(UnitId(1)),
        Unit::new(UnitKind::Street, "太和镇"),
    );
    b.push(
        UnitId(6),
        Some(UnitId(5)),
        Unit::new(UnitKind::Community, "丙").with_code(code),
    );
    let mut h = b.build().unwrap();
    assert_eq!(h.by_code(code).unwrap().id(), UnitId(3));
    // Re-coding the unit the index points at points it at another holder (the lowest
    // graph index: here the one added first).
    let mut recoded = h.clone();
    recoded.set_code(UnitId(3), None).unwrap();
    assert_eq!(recoded.by_code(code).unwrap().id(), UnitId(4));
    recoded.set_code(UnitId(4), None).unwrap();
    assert_eq!(recoded.by_code(code).unwrap().id(), UnitId(6));
    let removed = h.remove_unit(UnitId(2), Removal::Subtree).unwrap();
    assert_eq!(removed.units, vec![UnitId(2), UnitId(3), UnitId(4)]);
    assert_eq!(h.by_code(code).unwrap().id(), UnitId(6));
    h.remove_unit(UnitId(6), Removal::LeafOnly).unwrap();
    assert!(h.by_code(code).is_none());
}

// ----- numbers: checked u64 sums ----------------------------------------------------------

/// District 1 with streets 2 (over community 4) and 3.
fn small_tree() -> Hierarchy {
    let mut h = Hierarchy::new();
    h.add_unit_with_id(UnitId(1), None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    h.add_unit_with_id(
        UnitId(2),
        Some(UnitId(1)),
        Unit::new(UnitKind::Street, "均禾街道"),
    )
    .unwrap();
    h.add_unit_with_id(
        UnitId(3),
        Some(UnitId(1)),
        Unit::new(UnitKind::Street, "三元里街道"),
    )
    .unwrap();
    h.add_unit_with_id(
        UnitId(4),
        Some(UnitId(2)),
        Unit::new(UnitKind::Community, "罗岗社区居委会"),
    )
    .unwrap();
    h
}

fn values(pairs: &'static [(u32, u64)]) -> impl FnMut(partyorg::UnitRef<'_>) -> Sum {
    move |u| Sum(pairs.iter().find(|p| p.0 == u.id().0).map_or(0, |p| p.1))
}

#[test]
fn folds_report_overflow_at_the_unit_whose_subtree_overflows() {
    let h = small_tree();
    let max = u64::MAX;
    // Exactly u64::MAX fits.
    let all = h.fold_all(values(&[(4, u64::MAX - 1), (2, 1)])).unwrap();
    assert_eq!(all.get(UnitId(1)), Some(&Sum(max)));
    assert_eq!(all.get(UnitId(2)), Some(&Sum(max)));
    assert_eq!(all.get(UnitId(3)), Some(&Sum(0)));
    // The street over the community overflows first.
    assert_eq!(
        overflowed(h.fold_all(values(&[(4, u64::MAX), (2, 1)])).unwrap_err()),
        UnitId(2)
    );
    // Each street fits; the district, which adds them, does not.
    assert_eq!(
        overflowed(h.fold_all(values(&[(4, u64::MAX), (3, 1)])).unwrap_err()),
        UnitId(1)
    );
    assert_eq!(
        overflowed(h.fold_all(values(&[(1, 1), (3, u64::MAX)])).unwrap_err()),
        UnitId(1)
    );
    // One subtree's fold names the unit asked for.
    assert_eq!(
        overflowed(
            h.fold_subtree(UnitId(1), values(&[(4, u64::MAX), (3, 1)]))
                .unwrap_err()
        ),
        UnitId(1)
    );
    assert_eq!(
        overflowed(
            h.fold_subtree(UnitId(2), values(&[(4, u64::MAX), (2, 1)]))
                .unwrap_err()
        ),
        UnitId(2)
    );
    // …and the subtree that does not reach the huge value is fine.
    assert_eq!(
        h.fold_subtree(UnitId(3), values(&[(4, u64::MAX), (2, 1), (3, 5)])),
        Ok(Sum(5))
    );
    assert_eq!(
        overflowed(
            h.group_by(
                UnitId(1),
                |u| Some(u.kind()),
                values(&[(2, u64::MAX), (3, 1)])
            )
            .unwrap_err()
        ),
        UnitId(1)
    );
}

#[test]
fn totals_add_with_checked_arithmetic() {
    let mut a = Totals::default();
    a.full_members = u64::MAX - 1;
    a.activities = 7;
    let mut one = Totals::default();
    one.full_members = 1;
    one.activities = 1;
    a.checked_add_assign(&one).unwrap();
    assert_eq!((a.full_members, a.activities), (u64::MAX, 8));
    assert_eq!(a.checked_add_assign(&one), Err(Overflow));
    // An array counter overflows the same way.
    let mut b = Totals::default();
    b.units_by_kind[3] = u64::MAX;
    let mut c = Totals::default();
    c.units_by_kind[3] = 1;
    assert_eq!(b.checked_add_assign(&c), Err(Overflow));
    // Totals fold as a checked monoid: a fold of them overflows as an error.
    let h = small_tree();
    let err = h
        .fold_all(|u| {
            let mut t = Totals::default();
            t.training_person_times = if u.id() == UnitId(4) { u64::MAX } else { 1 };
            t
        })
        .unwrap_err();
    assert_eq!(overflowed(err), UnitId(2));
}

// ----- NBS files --------------------------------------------------------------------------

#[test]
fn gzip_that_is_not_gzip_or_is_cut_short() {
    use std::io::Write;
    let s = Scratch::new("gz");
    let garbage = s.file("divisions.csv.gz", "code,name,level,parent_code\n");
    match load_path(&garbage) {
        Err(LoadError::Io { path, source }) => {
            assert_eq!(path, garbage);
            assert_eq!(source.kind(), std::io::ErrorKind::InvalidInput);
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }

    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/baiyun-divisions.csv");
    let text = std::fs::read(&fixture).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&text).unwrap();
    let gz = gz.finish().unwrap();
    let whole = s.file("whole.csv.gz", &gz);
    assert_eq!(load_path(&whole).unwrap().len(), 429);
    let cut = s.file("cut.csv.gz", &gz[..gz.len() / 2]);
    // The stream ends inside a deflate block: the file as a whole could not be read,
    // and nothing is built from the rows before the cut.
    assert_eq!(
        only(load_path(&cut)),
        problem(
            &cut,
            Position::File,
            ProblemKind::MalformedCsv {
                message: "incomplete deflate stream".into()
            }
        )
    );
}

#[test]
fn a_hundred_thousand_bad_rows_list_the_first_hundred_and_count_the_rest() {
    let s = Scratch::new("cap");
    let dir = s.0.join("t");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("units.csv"), units_csv(GOOD_ROWS)).unwrap();
    let mut rel = String::from("from,to,relation\n");
    for i in 0..100_000u32 {
        use std::fmt::Write;
        writeln!(rel, "2,{},covers", 1000 + i).unwrap();
    }
    std::fs::write(dir.join("relations.csv"), rel).unwrap();
    let file = dir.join("relations.csv");
    match load_path(&dir) {
        Err(LoadError::Invalid { problems, total }) => {
            assert_eq!(total, 100_000);
            assert_eq!(problems.len(), partyorg::interchange::MAX_LISTED_PROBLEMS);
            for (i, p) in problems.iter().enumerate() {
                let i = i as u32;
                assert_eq!(
                    *p,
                    problem(
                        &file,
                        line(u64::from(i) + 2, None),
                        ProblemKind::Refused(HierarchyError::UnknownUnit {
                            id: UnitId(1000 + i)
                        })
                    )
                );
            }
        }
        other => panic!("expected invalid content, got {other:?}"),
    }
}

// ----- the loaders on their fuzz seeds: load, round trip, validate, roll up ---------------

#[test]
fn json_seeds_load_and_pass_the_checks() {
    for (path, bytes) in seeds("json") {
        let h = check_json(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // The seeds are snapshots as written: writing them again gives the same text.
        assert_eq!(json::to_string(&h).as_bytes(), bytes, "{}", path.display());
    }
}

#[test]
fn units_seeds_load_and_pass_the_checks() {
    for (path, bytes) in seeds("csv_units") {
        let h = check_units(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(h.len(), data_rows(&bytes), "{}", path.display());
    }
}

#[test]
fn nbs_seeds_load_and_pass_the_checks() {
    for (path, bytes) in seeds("nbs") {
        let h = check_nbs(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // Every division row is a unit (rows whose parent is not in the file are roots).
        assert_eq!(h.len(), data_rows(&bytes), "{}", path.display());
    }
}

// ----- the loaders on every cut of their seeds: an error or whole rows, no panic ----------

#[test]
fn json_cut_at_every_byte_is_an_error() {
    for (path, bytes) in seeds("json") {
        let end = bytes.trim_ascii_end().len();
        for cut in 0..end {
            let e = check_json(&bytes[..cut]).expect_err("a cut snapshot is incomplete");
            // The problem is the cut: the document ends early, or a character is cut.
            let k = kinds(&e);
            assert!(
                matches!(k[..], [ProblemKind::Truncated] | [ProblemKind::InvalidUtf8]),
                "{} cut at {cut}: {e}",
                path.display()
            );
        }
        // Cut after the closing brace, only white space is missing.
        assert!(check_json(&bytes[..end]).is_ok());
    }
}

#[test]
fn units_cut_at_every_byte_never_panics() {
    for (path, bytes) in seeds("csv_units") {
        let written = !path.ends_with("bom-crlf.csv");
        for cut in 0..=bytes.len() {
            let prefix = &bytes[..cut];
            let result = check_units(prefix);
            // The seeds written by the crate list parents before children, so a cut at a
            // line's end leaves whole rows that form a forest.
            if written && cut > 0 && prefix.ends_with(b"\n") {
                let h = result.unwrap_or_else(|e| panic!("{} cut at {cut}: {e}", path.display()));
                assert_eq!(h.len(), data_rows(prefix));
            }
        }
    }
}

#[test]
fn nbs_cut_at_every_byte_never_panics() {
    for (path, bytes) in seeds("nbs") {
        for cut in 0..=bytes.len() {
            let prefix = &bytes[..cut];
            let result = check_nbs(prefix);
            if cut > 0 && prefix.ends_with(b"\n") {
                let h = result.unwrap_or_else(|e| panic!("{} cut at {cut}: {e}", path.display()));
                assert_eq!(h.len(), data_rows(prefix));
            }
        }
    }
}

// ----- invalid UTF-8 in a name: located in every format -----------------------------------

/// `text` with the first byte of `word` replaced by a byte that is never UTF-8, and the
/// 1-based line it is on.
fn spoil(text: &[u8], word: &str) -> (Vec<u8>, u64) {
    let at = text
        .windows(word.len())
        .position(|w| w == word.as_bytes())
        .unwrap();
    let line = 1 + text[..at].iter().filter(|&&b| b == b'\n').count() as u64;
    let mut out = text.to_vec();
    out[at] = 0xFF;
    (out, line)
}

#[test]
fn invalid_utf8_in_a_json_name() {
    let tiny = seed("json", "tiny.json");
    let (bad, line) = spoil(&tiny, "均禾街道");
    let e = check_json(&bad).unwrap_err();
    assert_eq!(kinds(&e), [&ProblemKind::InvalidUtf8]);
    match &e.problems()[0].position {
        Position::Json {
            at: Some((l, _)), ..
        } => assert_eq!(*l as u64, line),
        other => panic!("expected a position in the document, got {other:?}"),
    }
}

#[test]
fn invalid_utf8_in_a_units_name() {
    let text = "id,parent,kind,name\n1,,district,白云区\n2,1,street,均禾街道\n";
    let (bad, line) = spoil(text.as_bytes(), "均禾街道");
    let e = check_units(&bad).unwrap_err();
    assert_eq!(kinds(&e), [&ProblemKind::InvalidUtf8]);
    assert!(
        matches!(e.problems()[0].position, Position::Line { line: l, .. } if l == line),
        "{e}"
    );
}

#[test]
fn invalid_utf8_in_an_nbs_name() {
    let head = seed("nbs", "baiyun-head.csv");
    let (bad, line) = spoil(&head, "三元里街道");
    let e = check_nbs(&bad).unwrap_err();
    assert!(kinds(&e).contains(&&ProblemKind::InvalidUtf8), "{e}");
    assert!(
        e.problems()
            .iter()
            .any(|p| matches!(p.position, Position::Line { line: l, .. } if l == line)),
        "{e}"
    );
}

// ----- nothing, a byte-order mark alone, a header alone -----------------------------------

const BOM: &[u8] = b"\xEF\xBB\xBF";

#[test]
fn a_bom_alone_is_an_error() {
    let e = check_json(BOM).unwrap_err();
    assert_eq!(kinds(&e), [&ProblemKind::Truncated]);
    // No header: the required columns are missing.
    let e = check_units(BOM).unwrap_err();
    assert!(
        kinds(&e)
            .iter()
            .all(|k| matches!(k, ProblemKind::MissingColumn { .. })),
        "{e}"
    );
    let e = check_nbs(BOM).unwrap_err();
    assert!(!e.problems().is_empty());
}

#[test]
fn nothing_at_all_is_an_error() {
    assert!(check_json(b"").is_err());
    assert!(check_units(b"").is_err());
    assert!(check_nbs(b"").is_err());
}

#[test]
fn a_header_alone_is_an_empty_hierarchy() {
    for text in [
        &b"id,parent,kind,name\n"[..],
        b"\xEF\xBB\xBFid,parent,kind,name\r\n",
        b"id,parent,kind,name",
    ] {
        let h = check_units(text).unwrap();
        assert!(h.is_empty());
    }
    let (_, head) = seeds("nbs").into_iter().next().unwrap();
    let header = &head[..=head.iter().position(|&b| b == b'\n').unwrap()];
    assert!(check_nbs(header).unwrap().is_empty());
}

#[test]
fn a_header_missing_a_required_column_names_it() {
    let e = check_units(b"id,parent,name\n1,,x\n").unwrap_err();
    assert!(
        kinds(&e)
            .iter()
            .any(|k| matches!(k, ProblemKind::MissingColumn { column } if column == "kind")),
        "{e}"
    );
}

// ----- row order, line ends and line numbers ----------------------------------------------

/// The `i`-th of many distinct village-level division codes (all five segments non-zero).
fn village_code(i: u32) -> u64 {
    let (dd, ttt, vvv) = (
        1 + u64::from(i / 998_001 % 99),
        1 + u64::from(i / 999 % 999),
        1 + u64::from(i % 999),
    );
    44 * 10_000_000_000 + 100_000_000 + dd * 1_000_000 + ttt * 1_000 + vvv
}

/// An NBS file in the worst order for a loader that walks up from each early row: `k`
/// leaves before their parent, then a chain of `k` rows from its bottom up to its root,
/// each row before its parent. The root's parent is `root_parent` (outside the file
/// unless it names a row).
fn leaves_then_chain(k: u32, root_parent: u64) -> String {
    let chain = |m: u32| village_code(k + m);
    let mut text = String::from("code,name,parent_code\n");
    for i in 0..k {
        text.push_str(&format!("{},叶{i},{}\n", village_code(i), chain(k - 1)));
    }
    for m in (0..k).rev() {
        let parent = if m == 0 { root_parent } else { chain(m - 1) };
        text.push_str(&format!("{},链{m},{parent}\n", chain(m)));
    }
    text
}

#[test]
fn nbs_leaves_before_a_long_chain_load_with_their_parents() {
    const K: u32 = 3_000;
    let s = Scratch::new("nbs-chain");
    let p = s.file("divisions.csv", leaves_then_chain(K, 440_100_000_000));
    let h = nbs::load_file(&p).unwrap();
    assert_eq!(h.len(), 2 * K as usize);
    // Ids follow the file: leaves 1..=K, then the chain from its bottom (K+1) to its root
    // (2K), each chain row the parent of the one before it.
    let bottom = UnitId(K + 1);
    for leaf in 1..=K {
        assert_eq!(h.parent(UnitId(leaf)).unwrap().unwrap().id(), bottom);
    }
    for id in K + 1..2 * K {
        assert_eq!(h.parent(UnitId(id)).unwrap().unwrap().id(), UnitId(id + 1));
    }
    assert!(h.parent(UnitId(2 * K)).unwrap().is_none());
    assert_eq!(h.depth(UnitId(1)).unwrap(), K);
    // Children keep the file's order.
    let leaves: Vec<UnitId> = h.children(bottom).unwrap().map(|c| c.id()).collect();
    assert_eq!(leaves, (1..=K).map(UnitId).collect::<Vec<_>>());

    // The root naming the first leaf as parent closes one cycle through the whole chain
    // and that leaf, reported once at the lowest id's line.
    let p = s.file("cycle.csv", leaves_then_chain(K, village_code(0)));
    let got = only(nbs::load_file(&p));
    assert_eq!(got.position, line(2, Some("parent_code")));
    let ProblemKind::Cycle { id, cycle } = &got.kind else {
        panic!("{got:?}")
    };
    assert_eq!(*id, UnitId(1));
    assert_eq!(cycle.len(), K as usize + 1);
    assert_eq!(&cycle[..3], &[UnitId(1), UnitId(K + 1), UnitId(K + 2)]);
}

/// A units table whose rows are separated by `blank` blank lines of every kind of line
/// end, with a long multi-line quoted name; returns the text and the line of the row with
/// a bad kind at its end.
fn units_with_blank_lines_and_long_cells(end: &str, blank: usize) -> (String, u64) {
    let mut text = String::from(UNITS_HEADER);
    let mut lines = 1;
    let push_blank = |text: &mut String, lines: &mut u64| {
        for i in 0..blank {
            // Never a `\r` just before a `\n`, which would make one CRLF of two.
            text.push_str(["\r", "\r\n", "\n"][i % 3]);
        }
        *lines += blank as u64;
    };
    push_blank(&mut text, &mut lines);
    text.push_str(&format!("1,,district,白云区,{end}"));
    lines += 1;
    push_blank(&mut text, &mut lines);
    // A name over many lines and more than one read buffer, with every kind of line end.
    let mut name = String::from("\"均禾");
    for i in 0..40_000 {
        name.push_str(["\n", "\r\n", "\r"][i % 3]);
        name.push('街');
    }
    name.push('"');
    text.push_str(&format!("2,1,street,{name},{end}"));
    lines += 1 + 40_000;
    text.push_str(&format!("3,2,community,罗岗,38{end}"));
    lines += 1;
    push_blank(&mut text, &mut lines);
    text.push_str(&format!("4,2,nonsense,棠下村,{end}"));
    lines += 1;
    (text, lines)
}

#[test]
fn rows_keep_their_lines_after_many_blank_lines_and_multi_line_cells() {
    let s = Scratch::new("lines");
    for end in ["\n", "\r\n", "\r"] {
        let (text, bad_line) = units_with_blank_lines_and_long_cells(end, 100_000);
        let p = s.file("units.csv", &text);
        assert_eq!(
            only(table::load_units_file(&p)),
            problem(
                &p,
                line(bad_line, Some("kind")),
                bad("nonsense", Expected::Kind)
            ),
            "line ends {end:?}"
        );
        // A row with a wrong number of fields after the same lines, as the file's last
        // bytes with no line end, is placed on its own line too.
        let cut = text.trim_end_matches(['\r', '\n']).trim_end_matches(',');
        let p = s.file("units.csv", cut);
        assert_eq!(
            only(table::load_units_file(&p)),
            problem(
                &p,
                line(bad_line, None),
                ProblemKind::MalformedCsv {
                    message: "4 fields where the header has 5".into()
                }
            ),
            "line ends {end:?}"
        );
    }
}

#[test]
fn old_mac_line_ends_give_true_lines() {
    let s = Scratch::new("cr");
    let p = s.file(
        "units.csv",
        units_csv("1,,district,白云区,\r2,1,street,均禾街道,\r3,2,nonsense,罗岗,\r")
            .replace('\n', "\r"),
    );
    assert_eq!(
        only(table::load_units_file(&p)),
        problem(&p, line(4, Some("kind")), bad("nonsense", Expected::Kind))
    );
}

#[test]
fn nbs_files_with_old_mac_line_ends_are_recognised_and_located() {
    let s = Scratch::new("nbs-cr");
    let p = s.file(
        "divisions.csv",
        "code,name,level,parent_code\r\
         440111000000,白云区,county,440100000000\r\
         440111013000,均禾街道,town,440111000000\r",
    );
    assert!(nbs::is_nbs_file(&p).unwrap());
    let h = load_path(&p).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h.parent(UnitId(2)).unwrap().unwrap().id(), UnitId(1));
    let p = s.file(
        "bad.csv",
        "code,name,level,parent_code\r\
         440111000000,白云区,county,440100000000\r\
         440111013000,均禾街道,town,440111000000\r\
         440111013001,罗岗,city,440111013000\r",
    );
    assert_eq!(
        only(load_path(&p)),
        problem(&p, line(4, Some("level")), bad("city", Expected::Level))
    );
}

/// The lines named by a failed load.
fn lines(e: &LoadError) -> Vec<u64> {
    e.problems()
        .iter()
        .map(|p| match p.position {
            Position::Line { line, .. } => line,
            ref other => panic!("expected a line, got {other:?} in {e}"),
        })
        .collect()
}

/// `text` with every `\n` made `\r\n`.
fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

/// The 1-based lines of `text` that contain `needle`.
fn lines_with(text: &str, needle: &str) -> Vec<u64> {
    (1..)
        .zip(text.split('\n'))
        .filter(|(_, l)| l.contains(needle))
        .map(|(n, _)| n)
        .collect()
}

// The csv crate positions a record where its reading began, which with CRLF line ends is
// on the previous line's `\n` (BurntSushi/rust-csv#395): every line was one too small.
#[test]
fn units_errors_name_the_same_lines_with_crlf_and_blank_lines() {
    let lf = "id,parent,kind,name\n1,,district,白云区\n2,1,street,BAD-A\n3,1,hamlet,x\n\n\n4,1,street,乙,BAD-B\n5,9,street,BAD-C\n";
    for text in [lf.to_owned(), crlf(lf), format!("\u{FEFF}{}", crlf(lf))] {
        let e = check_units(text.as_bytes()).unwrap_err();
        // An unknown kind; a field too many after two blank lines; a missing parent after
        // that malformed row.
        let mut want = lines_with(lf, "hamlet");
        want.extend(lines_with(lf, "BAD-B"));
        want.extend(lines_with(lf, "BAD-C"));
        assert_eq!(lines(&e), want, "{text:?}: {e}");
    }
    // A structural problem, found after the rows are read, is located by a second read.
    let lf = "id,parent,kind,name\n\n1,,district,白云区\n\n2,9,street,BAD-C\n";
    for text in [lf.to_owned(), crlf(lf)] {
        let e = check_units(text.as_bytes()).unwrap_err();
        assert!(
            matches!(e.problems()[0].kind, ProblemKind::MissingParent { .. }),
            "{e}"
        );
        assert_eq!(lines(&e), lines_with(lf, "BAD-C"), "{text:?}: {e}");
    }
}

#[test]
fn nbs_errors_name_the_same_lines_with_crlf() {
    let head = seed("nbs", "baiyun-head.csv");
    let lf = String::from_utf8(head).unwrap();
    for text in [lf.clone(), crlf(&lf)] {
        let (bad, line) = spoil(text.as_bytes(), "三元里街道");
        let e = check_nbs(&bad).unwrap_err();
        assert_eq!(lines(&e), [line], "{e}");
        assert_eq!([line], lines_with(&lf, "三元里街道")[..]);
    }
}

// ----- files that are not regular files, saves that fail -----------------------------------

/// Runs a load on a thread and gives its result, failing the test after a few seconds
/// rather than hanging when the load blocks.
fn load_within_seconds(
    load: impl FnOnce() -> Result<Hierarchy, LoadError> + Send + 'static,
) -> Result<Hierarchy, LoadError> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(load());
    });
    rx.recv_timeout(std::time::Duration::from_secs(5))
        .expect("the load blocked instead of refusing the file")
}

/// The file and reason of a load refused before any content was read.
fn io_error(r: Result<Hierarchy, LoadError>) -> (PathBuf, std::io::ErrorKind) {
    match r {
        Err(LoadError::Io { path, source }) => (path, source.kind()),
        other => panic!("expected an I/O error, got {other:?}"),
    }
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[test]
fn a_fifo_is_refused_without_blocking_in_every_place_a_file_is_read() {
    let s = Scratch::new("fifo");
    for name in ["units.csv", "snapshot.json", "divisions.csv.gz"] {
        let p = s.0.join(name);
        mkfifo(&p);
        let q = p.clone();
        assert_eq!(
            io_error(load_within_seconds(move || load_path(&q))),
            (p, std::io::ErrorKind::InvalidInput),
            "{name}"
        );
    }
    let dir = s.0.join("tables");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("units.csv"), units_csv(GOOD_ROWS)).unwrap();
    mkfifo(&dir.join("records.csv"));
    let d = dir.clone();
    assert_eq!(
        io_error(load_within_seconds(move || table::load_dir(&d))),
        (dir.join("records.csv"), std::io::ErrorKind::InvalidInput)
    );
    let p = s.0.join("units.csv");
    assert_eq!(
        io_error(load_within_seconds(move || table::load_units_file(&p))).1,
        std::io::ErrorKind::InvalidInput
    );
}

#[test]
fn optional_tables_that_are_present_but_unreadable_are_errors_not_absent() {
    let s = Scratch::new("optional");
    s.file("units.csv", units_csv(GOOD_ROWS));
    assert_eq!(table::load_dir(&s.0).unwrap().len(), 3);
    // A folder where a table belongs.
    std::fs::create_dir(s.0.join("relations.csv")).unwrap();
    assert_eq!(
        io_error(table::load_dir(&s.0)),
        (s.0.join("relations.csv"), std::io::ErrorKind::InvalidInput)
    );
    std::fs::remove_dir(s.0.join("relations.csv")).unwrap();
    // A link that leads nowhere.
    std::os::unix::fs::symlink(s.0.join("gone.csv"), s.0.join("records.csv")).unwrap();
    assert_eq!(
        io_error(table::load_dir(&s.0)),
        (s.0.join("records.csv"), std::io::ErrorKind::NotFound)
    );
    // The folder itself must be a folder.
    let file = s.0.join("units.csv");
    assert_eq!(
        io_error(table::load_dir(&file)),
        (file, std::io::ErrorKind::InvalidInput)
    );
}

/// The temporary sibling a save of `target` writes first in this process.
fn temp_sibling(target: &Path) -> PathBuf {
    let name = target.file_name().unwrap().to_string_lossy();
    target.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

#[test]
fn a_failed_save_leaves_the_old_files_whole() {
    let s = Scratch::new("save");
    let mut old = Hierarchy::new();
    let d = old
        .add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    let mut new = old.clone();
    new.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))
        .unwrap();

    // A snapshot: its temporary file cannot be created (a folder is in the way).
    let p = s.0.join("snapshot.json");
    json::save_file(&old, &p).unwrap();
    let before = std::fs::read(&p).unwrap();
    std::fs::create_dir(temp_sibling(&p)).unwrap();
    assert!(matches!(
        json::save_file(&new, &p),
        Err(partyorg::SaveError::Io { .. })
    ));
    assert_eq!(std::fs::read(&p).unwrap(), before);
    std::fs::remove_dir(temp_sibling(&p)).unwrap();
    json::save_file(&new, &p).unwrap();
    assert_eq!(json::load_file(&p).unwrap(), new);

    // A folder: the last table cannot be written, so none of them is replaced and no
    // temporary file is left behind.
    let dir = s.0.join("tables");
    table::save_dir(&old, &dir).unwrap();
    let names = ["units.csv", "relations.csv", "records.csv"];
    let before: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(dir.join(n)).unwrap())
        .collect();
    std::fs::create_dir(temp_sibling(&dir.join("records.csv"))).unwrap();
    assert!(table::save_dir(&new, &dir).is_err());
    for (n, b) in names.iter().zip(&before) {
        assert_eq!(&std::fs::read(dir.join(n)).unwrap(), b, "{n}");
        assert!(!temp_sibling(&dir.join(n)).is_file(), "{n}");
    }
    assert_eq!(table::load_dir(&dir).unwrap(), old);
}

// ----- what problem messages quote ---------------------------------------------------------

/// Whether a message holds a character that could forge a line or drive a terminal: any
/// control character but the line breaks between listed problems.
fn has_raw_controls(message: &str) -> bool {
    message.lines().any(|l| l.chars().any(char::is_control))
}

#[test]
fn problem_messages_escape_control_characters_from_the_file() {
    let s = Scratch::new("controls");
    let forged = "name\n  units.csv: all good\u{1b}[2K\rX";
    // A column no table has, named with the forged text.
    let p = s.file(
        "units.csv",
        format!("id,parent,kind,name,\"{forged}\"\n1,,district,白云区,a\n"),
    );
    let e = table::load_units_file(&p).unwrap_err();
    let shown = e.to_string();
    assert!(!has_raw_controls(&shown), "{shown}");
    assert_eq!(shown.lines().count(), 1 + e.problems().len(), "{shown}");
    assert!(shown.contains(r"\u{1b}[2K\u{d}X"), "{shown}");
    assert!(shown.contains(r"name\u{a}  units.csv"), "{shown}");
    // A JSON key and a value the parser quotes.
    let text = "{\"format_version\": 1, \"units\": [{\"id\": 1, \"kind\": \"district\", \"name\": \"a\", \"x\\u001b[31m\": 1}]}";
    let shown = json::from_str(text).unwrap_err().to_string();
    assert!(!has_raw_controls(&shown), "{shown}");
    let text = "{\"format_version\": 1, \"units\": [{\"id\": 1, \"kind\": \"district\", \"name\": \"a\", \"full_members\": \"\\u001b[31m\"}]}";
    let shown = json::from_str(text).unwrap_err().to_string();
    assert!(!has_raw_controls(&shown), "{shown}");
}

#[test]
fn a_long_cycle_message_lists_twenty_ids_and_counts_the_rest() {
    let mut b = HierarchyBuilder::new();
    for i in 0..1_000u32 {
        b.push(
            UnitId(i),
            Some(UnitId((i + 1) % 1_000)),
            Unit::new(UnitKind::Town, "镇"),
        );
    }
    let e = b.build().unwrap_err();
    let partyorg::hierarchy::BuildProblem::Cycle { cycle, .. } = &e.problems[0] else {
        panic!("{e:?}")
    };
    assert_eq!(cycle.len(), 1_000, "the problem keeps the whole cycle");
    let shown = e.to_string();
    assert_eq!(
        shown.matches('#').count(),
        partyorg::error::MAX_LISTED_CYCLE + 1,
        "{shown}"
    );
    assert!(shown.ends_with("[#0, #1, #2, #3, #4, #5, #6, #7, #8, #9, #10, #11, #12, #13, #14, #15, #16, #17, #18, #19, …] and 980 more"), "{shown}");
    // Through a file, the same.
    let s = Scratch::new("cycle-message");
    let rows: String = (0..1_000u32)
        .map(|i| format!("{i},{},town,镇{i},\n", (i + 1) % 1_000))
        .collect();
    let shown = table::load_units_file(s.file("units.csv", units_csv(&rows)))
        .unwrap_err()
        .to_string();
    assert!(shown.ends_with("#19, …] and 980 more"), "{shown}");
    // A short cycle is listed whole.
    let p = s.file("short.csv", units_csv("1,2,town,甲,\n2,1,town,乙,\n"));
    let shown = table::load_units_file(&p).unwrap_err().to_string();
    assert!(
        shown.ends_with("the cycle runs through [#1, #2]"),
        "{shown}"
    );
}

#[test]
fn dates_have_four_digit_years_and_two_digit_months_and_days_in_every_format() {
    let s = Scratch::new("dates");
    for bad_date in [
        "+2023-01-01",
        "2023-1-05",
        "2023-01-5",
        "-001-01-01",
        "-1-01-01",
        "12023-01-01",
        "2023-01-01 ",
        "２０２３-01-01",
    ] {
        let p = s.file(
            "units.csv",
            format!("id,parent,kind,name,founded\n1,,district,白云区,{bad_date}\n"),
        );
        assert_eq!(
            only(table::load_units_file(&p)),
            problem(&p, line(2, Some("founded")), bad(bad_date, Expected::Date)),
            "{bad_date:?}"
        );
        let text = format!(
            "{{\"format_version\": 1, \"units\": [{{\"id\": 1, \"kind\": \"district\", \"name\": \"白云区\", \"founded\": \"{bad_date}\"}}]}}"
        );
        assert_eq!(
            only(json::from_str(&text)),
            problem(
                Path::new("<json>"),
                jpath("units[0].founded", None),
                bad(bad_date, Expected::Date)
            ),
            "{bad_date:?}"
        );
    }
    let p = s.file(
        "units.csv",
        "id,parent,kind,name,founded\n1,,district,白云区,0999-01-05\n",
    );
    let h = table::load_units_file(&p).unwrap();
    assert_eq!(
        h.unit(UnitId(1)).unwrap().details().founded,
        Some(d(999, 1, 5))
    );
}

// ----- organizations tables ---------------------------------------------------------------

#[test]
fn an_organization_row_below_a_units_own_organization_it_would_lead_is_located_as_a_cycle() {
    // The district has no organization of its own: the row based in it would lead the
    // community's own committee, which the row names as its superior.
    let s = Scratch::new("orgs-parent-unit-cycle");
    s.file(
        "units.csv",
        "id,parent,kind,name,party_form\n1,,district,白云区,\n2,1,street,均禾街道,\n3,2,community,罗岗社区,committee\n",
    );
    s.file(
        "orgs.csv",
        "id,parent,form,name,unit,parent_unit\n7,,committee,中共白云区委,1,3\n",
    );
    let ps = problems(table::load_dir(&s.0));
    assert!(
        matches!(
            &ps[..],
            [Problem {
                position: Position::Line { line: 2, .. },
                kind: ProblemKind::Refused(HierarchyError::OrgCycle { .. }),
                ..
            }]
        ),
        "{ps:?}"
    );
}

#[test]
fn an_organization_with_the_last_free_id_loads_beside_units_own_organizations() {
    let s = Scratch::new("orgs-last-id");
    s.file(
        "units.csv",
        "id,parent,kind,name,party_form\n1,,district,白云区,\n2,1,town,钟落潭镇,committee\n3,2,village,龙岗村,general_branch\n",
    );
    s.file(
        "orgs.csv",
        "id,parent,form,name,unit,parent_unit\n4294967294,,working_committee,区直机关工委,1,\n0,4294967294,branch,区委组织部党支部,1,\n",
    );
    let h = table::load_dir(&s.0).unwrap();
    assert_eq!(h.org_count(), 4);
    let mut ids: Vec<u32> = h.orgs().map(|o| o.id().0).collect();
    ids.dedup();
    assert_eq!(ids.len(), 4, "{ids:?}");
    assert!(!ids.contains(&u32::MAX), "{ids:?}");
    for o in h.orgs() {
        assert_eq!(h.org(o.id()).unwrap().name(), o.name());
    }
    let village = h.own_org_of_unit(UnitId(3)).unwrap();
    assert_eq!(
        h.org(village).unwrap().superior().unwrap().id(),
        h.own_org_of_unit(UnitId(2)).unwrap()
    );
}

/// The unit whose subtree overflowed.
fn overflowed(e: QueryError) -> UnitId {
    match e {
        QueryError::Overflow { unit, .. } => unit,
        e => panic!("not an overflow: {e}"),
    }
}
