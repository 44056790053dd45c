//! Interchange: the real NBS files, every kind of bad input with its exact error, and
//! conversions between the formats.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use partyorg::interchange::dot::{DotOptions, to_dot};
use partyorg::interchange::{Expected, json, nbs, table};
use partyorg::{
    Hierarchy, HierarchyError, LoadError, Members, Pairing, PairingKind, PartyForm, Record,
    RecordKind, Relation, SaveError, Sector, Unit, UnitId, UnitKind, interchange::Position,
    interchange::ProblemKind, load_path, org::BigCommittee, org::TemporaryOrg, save_path,
    unit::BigCommitteeKind, unit::Details, unit::TaskPurpose,
};

use crate::support::under_a_district;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn scratch(tag: &str) -> PathBuf {
    crate::support::scratch_path("ic", tag)
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn count(h: &Hierarchy, kind: UnitKind) -> usize {
    h.units().filter(|u| u.kind() == kind).count()
}

/// The problems of a failed load as (file name, position, kind).
fn problems(e: LoadError) -> Vec<(String, Position, ProblemKind)> {
    match e {
        LoadError::Invalid { problems, total } => {
            assert_eq!(total, problems.len(), "all problems listed");
            problems
                .into_iter()
                .map(|p| {
                    let name = p.file.file_name().unwrap().to_string_lossy().into_owned();
                    (name, p.position, p.kind)
                })
                .collect()
        }
        other => panic!("expected invalid content, got {other:?}"),
    }
}

fn line(line: u64, column: Option<&str>) -> Position {
    Position::Line {
        line,
        column: column.map(str::to_owned),
    }
}

// ----- the real NBS files -----------------------------------------------------------------

#[test]
fn baiyun_loads_with_the_published_counts() {
    let h = load_path(fixture("baiyun-divisions.csv")).unwrap();
    assert_eq!(h.len(), 429);
    assert_eq!(count(&h, UnitKind::District), 1);
    assert_eq!(count(&h, UnitKind::Street), 20);
    assert_eq!(count(&h, UnitKind::Town), 4);
    assert_eq!(count(&h, UnitKind::Community), 286);
    assert_eq!(count(&h, UnitKind::Village), 118);
    // The district's parent (the city) is outside the file: it is the only root.
    let roots: Vec<_> = h.roots().map(|u| u.name().to_owned()).collect();
    assert_eq!(roots, ["白云区"]);
    // Ids in file order, from 1.
    assert_eq!(h.unit(UnitId(1)).unwrap().name(), "白云区");
    assert_eq!(h.unit(UnitId(2)).unwrap().name(), "三元里街道");
    let longgui = h.by_code("440111020000".parse().unwrap()).unwrap();
    assert_eq!(longgui.name(), "龙归街道");
    let villages = h
        .children(longgui.id())
        .unwrap()
        .filter(|c| c.kind() == UnitKind::Village)
        .count();
    assert_eq!(villages, 7);
    // Six towns/streets contain villages: the seed's six agricultural ones.
    let with_villages = h
        .units()
        .filter(|u| matches!(u.kind(), UnitKind::Street | UnitKind::Town))
        .filter(|u| {
            h.children(u.id())
                .unwrap()
                .any(|c| c.kind() == UnitKind::Village)
        })
        .count();
    assert_eq!(with_villages, 6);
    assert!(h.is_well_placed());
}

#[test]
fn guangzhou_loads_with_the_published_counts() {
    let h = nbs::load_file(fixture("guangzhou-divisions.csv")).unwrap();
    assert_eq!(h.len(), 3041);
    assert_eq!(count(&h, UnitKind::City), 1);
    assert_eq!(count(&h, UnitKind::District), 11);
    // 142 streets, 34 towns and 2 town-like units (code 400–599, read as towns).
    assert_eq!(count(&h, UnitKind::Street), 142);
    assert_eq!(count(&h, UnitKind::Street) + count(&h, UnitKind::Town), 178);
    assert_eq!(
        count(&h, UnitKind::Community) + count(&h, UnitKind::Village),
        2851
    );
    let baiyun = h.by_code("440111000000".parse().unwrap()).unwrap();
    assert_eq!(h.subtree_size(baiyun.id()).unwrap(), 429);
    let city = h.roots().next().unwrap();
    assert_eq!(city.kind(), UnitKind::City);
    assert_eq!(h.roots().count(), 1);
}

#[test]
fn a_csv_file_is_told_apart_by_its_header() {
    assert!(nbs::is_nbs_file(fixture("baiyun-divisions.csv")).unwrap());
    assert!(!nbs::is_nbs_file(fixture("units-bom-crlf.csv")).unwrap());
    let h = load_path(fixture("units-bom-crlf.csv")).unwrap();
    assert_eq!(h.len(), 2);
}

#[test]
fn nbs_rows_may_come_before_their_parents() {
    let dir = scratch("nbs-order");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("divisions.csv");
    std::fs::write(
        &p,
        "code,name,level,parent_code,urban_rural_code_2016,unit_type\n\
         440111013001,罗岗社区居委会,village,440111013000,111,residents_committee\n\
         440111013000,均禾街道,town,440111000000,,street\n\
         440111000000,白云区,county,440100000000,,\n",
    )
    .unwrap();
    let h = load_path(&p).unwrap();
    assert_eq!(h.parent(UnitId(1)).unwrap().unwrap().id(), UnitId(2));
    assert_eq!(h.parent(UnitId(2)).unwrap().unwrap().id(), UnitId(3));
    assert!(h.parent(UnitId(3)).unwrap().is_none());
    assert_eq!(h.subtree_size(UnitId(3)).unwrap(), 3);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn nbs_errors_name_line_and_column() {
    let dir = scratch("nbs-bad");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("divisions.csv");
    std::fs::write(
        &p,
        "code,name,level,parent_code\n\
         440111000000,白云区,county,\n\
         44011101300,均禾街道,town,440111000000\n\
         440111013001,罗岗,town,440111013000\n\
         440111000000,白云区,county,\n",
    )
    .unwrap();
    let got = problems(nbs::load_file(&p).unwrap_err());
    let f = "divisions.csv".to_owned();
    assert_eq!(
        got,
        vec![
            (
                f.clone(),
                line(3, Some("code")),
                ProblemKind::BadValue {
                    text: "44011101300".into(),
                    expected: Expected::Code
                }
            ),
            (
                f.clone(),
                line(4, Some("level")),
                ProblemKind::BadValue {
                    text: "town".into(),
                    expected: Expected::Level
                }
            ),
            (
                f,
                line(5, Some("code")),
                ProblemKind::DuplicateCode {
                    code: "440111000000".into(),
                    first: line(2, Some("code"))
                }
            ),
        ]
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn only_a_code_name_parent_code_header_is_an_nbs_file() {
    use partyorg::interchange::nbs::is_nbs_file;
    let dir = std::env::temp_dir().join(format!("partyorg-nbs-header-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (header, nbs) in [
        ("code,name,level,parent_code", true),
        ("id,name,parent_code,kind", false),
        ("id,parent_code,name,kind", false),
        ("code,name,parent", false),
        ("code,name", false),
        ("code", false),
    ] {
        let path = dir.join("divisions.csv");
        std::fs::write(&path, format!("{header}\n")).unwrap();
        assert_eq!(is_nbs_file(&path).unwrap(), nbs, "{header}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// ----- bad CSV input ----------------------------------------------------------------------

/// The located problems of a units CSV that must be refused; `why` says why.
fn refused_units(rows: &str, why: &str) -> Vec<partyorg::interchange::Problem> {
    match table::load_units_reader(Cursor::new(rows), Path::new("units.csv")) {
        Err(partyorg::LoadError::Invalid { problems, .. }) => problems,
        Err(err) => panic!("not a located problem ({why}): {err}"),
        Ok(_) => panic!("loaded, but {why}"),
    }
}

#[test]
fn missing_required_column() {
    let got = problems(load_path(fixture("units-missing-kind.csv")).unwrap_err());
    assert_eq!(
        got,
        vec![(
            "units-missing-kind.csv".into(),
            line(1, None),
            ProblemKind::MissingColumn {
                column: "kind".into()
            }
        )]
    );
}

#[test]
fn unknown_column_is_named() {
    let got = problems(load_path(fixture("units-unknown-column.csv")).unwrap_err());
    assert_eq!(
        got,
        vec![(
            "units-unknown-column.csv".into(),
            line(1, Some("colour")),
            ProblemKind::UnknownColumn {
                column: "colour".into()
            }
        )]
    );
}

#[test]
fn bad_numbers_are_all_listed() {
    let got = problems(load_path(fixture("units-bad-number.csv")).unwrap_err());
    let f = "units-bad-number.csv".to_owned();
    assert_eq!(
        got,
        vec![
            (
                f.clone(),
                line(3, Some("full_members")),
                ProblemKind::BadValue {
                    text: "x3".into(),
                    expected: Expected::Number
                }
            ),
            (
                f,
                line(4, Some("full_members")),
                ProblemKind::BadValue {
                    text: "-1".into(),
                    expected: Expected::Number
                }
            ),
        ]
    );
}

#[test]
fn impossible_date() {
    let got = problems(load_path(fixture("units-bad-date.csv")).unwrap_err());
    assert_eq!(
        got,
        vec![(
            "units-bad-date.csv".into(),
            line(2, Some("founded")),
            ProblemKind::BadValue {
                text: "2023-02-30".into(),
                expected: Expected::Date
            }
        )]
    );
}

#[test]
fn unknown_kind() {
    let got = problems(load_path(fixture("units-unknown-kind.csv")).unwrap_err());
    assert_eq!(
        got,
        vec![(
            "units-unknown-kind.csv".into(),
            line(3, Some("kind")),
            ProblemKind::BadValue {
                text: "hamlet".into(),
                expected: Expected::Kind
            }
        )]
    );
}

#[test]
fn duplicate_id_names_both_lines() {
    let got = problems(load_path(fixture("units-duplicate-id.csv")).unwrap_err());
    assert_eq!(
        got,
        vec![(
            "units-duplicate-id.csv".into(),
            line(4, Some("id")),
            ProblemKind::DuplicateId {
                id: 2,
                first: line(3, Some("id"))
            }
        )]
    );
}

#[test]
fn parent_that_does_not_exist() {
    let got = problems(load_path(fixture("units-missing-parent.csv")).unwrap_err());
    assert_eq!(
        got,
        vec![(
            "units-missing-parent.csv".into(),
            line(3, Some("parent")),
            ProblemKind::MissingParent {
                id: UnitId(2),
                parent: UnitId(9)
            }
        )]
    );
}

#[test]
fn cycle_is_reported_at_its_lowest_id() {
    let got = problems(load_path(fixture("units-cycle.csv")).unwrap_err());
    assert_eq!(
        got,
        vec![(
            "units-cycle.csv".into(),
            line(3, Some("parent")),
            ProblemKind::Cycle {
                id: UnitId(3),
                cycle: vec![UnitId(3), UnitId(4)]
            }
        )]
    );
}

#[test]
fn invalid_utf8_in_a_cell() {
    let got = problems(load_path(fixture("units-invalid-utf8.csv")).unwrap_err());
    assert_eq!(
        got,
        vec![(
            "units-invalid-utf8.csv".into(),
            line(2, Some("name")),
            ProblemKind::InvalidUtf8
        )]
    );
}

#[test]
fn bom_crlf_and_any_column_and_row_order_are_accepted() {
    let h = table::load_units_file(fixture("units-bom-crlf.csv")).unwrap();
    let street = h.unit(UnitId(2)).unwrap();
    assert_eq!(street.name(), "均禾街道");
    assert_eq!(street.kind(), UnitKind::Street);
    assert_eq!(street.parent().unwrap().name(), "白云区");
}

#[test]
fn problems_across_tables_are_all_listed_with_their_files() {
    let got = problems(load_path(fixture("tables-bad")).unwrap_err());
    assert_eq!(
        got,
        vec![
            (
                "relations.csv".into(),
                line(3, Some("sections")),
                ProblemKind::MissingValue
            ),
            (
                "relations.csv".into(),
                line(4, None),
                ProblemKind::Refused(HierarchyError::UnknownUnit { id: UnitId(99) })
            ),
            (
                "records.csv".into(),
                line(3, None),
                ProblemKind::Refused(HierarchyError::UnknownUnit { id: UnitId(77) })
            ),
        ]
    );
}

#[test]
fn problems_are_capped_with_a_count_of_the_rest() {
    let dir = scratch("cap");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("units.csv");
    let mut text = String::from("id,parent,kind,name\n1,,district,白云区\n");
    for i in 0..150 {
        text.push_str(&format!("{},1,street,街道{i}\n", 100 + i).replace(",street,", ",strete,"));
    }
    std::fs::write(&p, text).unwrap();
    let err = table::load_units_file(&p).unwrap_err();
    let LoadError::Invalid { problems, total } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(total, &150);
    assert_eq!(problems.len(), partyorg::interchange::MAX_LISTED_PROBLEMS);
    assert_eq!(problems[99].position, line(102, Some("kind")));
    assert!(err.to_string().ends_with("and 50 more"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_child_of_a_bad_row_reports_only_the_bad_row() {
    let dir = scratch("child");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("units.csv");
    std::fs::write(
        &p,
        "id,parent,kind,name\n3,2,community,罗岗\n2,1,stret,均禾街道\n1,,district,白云区\n",
    )
    .unwrap();
    let got = problems(table::load_units_file(&p).unwrap_err());
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, line(3, Some("kind")));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_bad_cell_says_what_was_expected() {
    let rows = "id,parent,kind,name,full_members,founded\n1,,district,白云区,many,2023-02-30\n";
    let err = table::load_units_reader(Cursor::new(rows), Path::new("units.csv"))
        .expect_err("two bad cells");
    let text = err.to_string();
    assert!(text.contains("a whole number"), "{text}");
    assert!(text.contains("a date yyyy-mm-dd that exists"), "{text}");
}

#[test]
fn a_column_named_twice_is_refused() {
    use partyorg::interchange::ProblemKind;
    let rows = "id,parent,kind,name,name\n1,,district,白云区,白云\n";
    let problems = refused_units(rows, "two name columns");
    assert_eq!(
        problems[0].kind,
        ProblemKind::DuplicateColumn {
            column: "name".into()
        },
        "{problems:?}"
    );
}

#[test]
fn a_term_needs_both_its_start_and_its_length() {
    use partyorg::interchange::ProblemKind;
    for (start, years, missing) in [("2021-03-01", "", "term_years"), ("", "5", "term_start")] {
        let rows = format!(
            "id,parent,kind,name,term_start,term_years\n1,,district,白云区,{start},{years}\n"
        );
        let problems = refused_units(&rows, "half a term");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].kind, ProblemKind::Needs { needs: missing });
    }
}

#[test]
fn a_temporary_organization_with_a_standing_units_id_is_a_duplicate() {
    use partyorg::interchange::ProblemKind;
    let rows = "id,parent,kind,name,purpose\n\
        1,,district,白云区,\n\
        2,1,street,均禾街道,\n\
        2,1,temporary,临时党支部,project\n";
    let problems = refused_units(rows, "id 2 twice");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        matches!(problems[0].kind, ProblemKind::DuplicateId { id: 2, .. }),
        "{problems:?}"
    );
    assert_eq!(problems[0].position.to_string(), "line 4, column id");
}

#[test]
fn a_bad_row_far_into_a_large_file_has_its_line() {
    let mut rows = String::from("id,parent,kind,name\n1,,district,白云区\n");
    for i in 2..5_000 {
        rows.push_str(&format!("{i},1,street,街道{i}\n"));
    }
    rows.push_str("5000,1,nonsense,某单位\n");
    let problems = refused_units(&rows, "a bad kind");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].position.to_string(), "line 5001, column kind");
}

#[test]
fn a_long_list_of_problems_counts_only_those_it_leaves_out() {
    let max = partyorg::interchange::MAX_LISTED_PROBLEMS;
    let rows = |bad: usize| {
        let mut s = String::from("id,parent,kind,name\n1,,district,白云区\n");
        for i in 0..bad {
            s.push_str(&format!("{},1,nonsense,单位\n", i + 2));
        }
        s
    };
    let text = |bad| {
        table::load_units_reader(Cursor::new(rows(bad)), Path::new("units.csv"))
            .expect_err("bad kinds")
            .to_string()
    };
    let all_listed = text(max);
    assert!(!all_listed.contains("more"), "{all_listed}");
    let one_left_out = text(max + 1);
    assert!(one_left_out.ends_with("and 1 more"), "{one_left_out}");
}

// ----- bad JSON input ---------------------------------------------------------------------

#[test]
fn unknown_json_field_has_its_path() {
    let got = problems(load_path(fixture("snapshot-unknown-field.json")).unwrap_err());
    assert_eq!(got.len(), 1);
    let (file, pos, kind) = &got[0];
    assert_eq!(file, "snapshot-unknown-field.json");
    assert_eq!(
        kind,
        &ProblemKind::UnknownField {
            field: "colour".into()
        }
    );
    let Position::Json { path, at } = pos else {
        panic!("{pos:?}")
    };
    assert_eq!(path, "units[1].colour");
    assert_eq!(at.unwrap().0, 5);
}

#[test]
fn unknown_kind_in_json_has_its_path() {
    let got = problems(load_path(fixture("snapshot-unknown-kind.json")).unwrap_err());
    assert_eq!(
        got,
        vec![(
            "snapshot-unknown-kind.json".into(),
            Position::Json {
                path: "units[1].kind".into(),
                at: None
            },
            ProblemKind::BadValue {
                text: "hamlet".into(),
                expected: Expected::Kind
            }
        )]
    );
}

#[test]
fn wrong_format_version() {
    let got = problems(load_path(fixture("snapshot-wrong-version.json")).unwrap_err());
    assert_eq!(
        got,
        vec![(
            "snapshot-wrong-version.json".into(),
            Position::Json {
                path: "format_version".into(),
                at: None
            },
            ProblemKind::UnsupportedVersion {
                found: 2,
                supported: json::FORMAT_VERSION
            }
        )]
    );
}

#[test]
fn truncated_json() {
    let got = problems(load_path(fixture("snapshot-truncated.json")).unwrap_err());
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].2, ProblemKind::Truncated);
    let Position::Json { path, at } = &got[0].1 else {
        panic!("{:?}", got[0].1)
    };
    assert_eq!(path, "units[0].name");
    assert_eq!(at.unwrap().0, 4);
}

#[test]
fn invalid_utf8_json() {
    let err = json::from_bytes(
        b"{\"format_version\": 1,\n \"units\": [{\"id\": 1, \"kind\": \"district\", \"name\": \"\xff\"}]}",
        Path::new("x.json"),
    )
    .unwrap_err();
    let got = problems(err);
    assert_eq!(got[0].2, ProblemKind::InvalidUtf8);
    let Position::Json { at, .. } = &got[0].1 else {
        panic!()
    };
    assert_eq!(at.unwrap().0, 2);
}

#[test]
fn json_structural_problems_point_at_rows() {
    let text = r#"{"format_version": 1, "units": [
        {"id": 1, "kind": "district", "name": "a"},
        {"id": 2, "parent": 5, "kind": "street", "name": "b"},
        {"id": 1, "kind": "district", "name": "c"}
    ]}"#;
    let got = problems(json::from_str(text).unwrap_err());
    let paths: Vec<_> = got
        .iter()
        .map(|(_, p, _)| match p {
            Position::Json { path, .. } => path.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(paths, ["units[2].id", "units[1].parent"]);
    assert!(matches!(got[0].2, ProblemKind::DuplicateId { id: 1, .. }));
    assert_eq!(
        got[1].2,
        ProblemKind::MissingParent {
            id: UnitId(2),
            parent: UnitId(5)
        }
    );
}

/// A snapshot whose second unit names a parent (5) that is not in it; its first unit is
/// named `NAME`.
const MISSING_PARENT: &str = r#"{"format_version": 1, "units": [
        {"id": 1, "kind": "district", "name": "NAME"},
        {"id": 2, "parent": 5, "kind": "street", "name": "b"}
    ]}"#;

/// The message of [`MISSING_PARENT`] with the first unit named `name`, as written in JSON.
fn missing_parent_message(name: &str) -> String {
    json::from_str(&MISSING_PARENT.replace("NAME", name))
        .expect_err("a missing parent")
        .to_string()
}

#[test]
fn a_json_problem_after_an_escaped_quote_has_its_path() {
    let text = missing_parent_message(r#"白云\"区\\"#);
    assert!(text.contains("at units[1].parent"), "{text}");
}

#[test]
fn error_messages_say_where_and_what_was_expected() {
    // A CSV cell: its line and column, and the words a sector may be.
    let rows = "id,parent,kind,sector,name\n1,,district,,白云区\n2,1,institution,robot,某单位\n";
    let text = table::load_units_reader(Cursor::new(rows), Path::new("units.csv"))
        .expect_err("a bad sector")
        .to_string();
    assert!(text.contains("line 3, column sector"), "{text}");
    assert!(
        text.contains("a sector (organ, public_institution, state_owned_enterprise,"),
        "{text}"
    );
    // A JSON value: its path, and where the parser was.
    let text = missing_parent_message("a");
    assert!(text.contains("at units[1].parent"), "{text}");
}

// ----- conversions ------------------------------------------------------------------------

/// A hierarchy with something of everything.
pub fn rich() -> Hierarchy {
    let mut h = Hierarchy::new();
    let district = h
        .add_unit(
            None,
            Unit::new(UnitKind::District, "白云区").with_code("440111000000".parse().unwrap()),
        )
        .unwrap();
    let town = h
        .add_unit(
            Some(district),
            Unit::new(UnitKind::Town, "人和镇")
                .agricultural()
                .with_party_form(PartyForm::Committee)
                .with_members(Members::new(400, 12)),
        )
        .unwrap();
    let street = h
        .add_unit(Some(district), Unit::new(UnitKind::Street, "均禾街道"))
        .unwrap();
    let mut details = Details::default();
    details.founded = Some(d("1990-01-01"));
    details.venues = vec![partyorg::unit::Venue::new(
        partyorg::unit::VenueKind::Park,
        5000,
    )];
    details.commando_teams = vec![partyorg::unit::CommandoTeams::new(
        partyorg::unit::CommandoField::ThreeNew,
        2,
    )];
    details.demonstrations = vec![partyorg::unit::Demonstration {
        level: partyorg::unit::DemoLevel::District,
        year: 2023,
    }];
    let mut org = partyorg::unit::OrgDetails::default();
    org.secretary = Some("张三, \"老张\"".into());
    org.term = Some(partyorg::unit::Term {
        elected: d("2021-03-15"),
        years: 5,
    });
    org.weak_lax = Some(partyorg::unit::WeakLax {
        identified: d("2022-01-10"),
        accepted: Some(d("2023-06-01")),
    });
    details.org = Some(org);
    details.service_center = Some(partyorg::unit::ServiceCenter::new(800));
    let village = h
        .add_unit(
            Some(town),
            Unit::new(UnitKind::Village, "西湖村委会")
                .with_committee(5)
                .with_details(details)
                .with_party_form(PartyForm::JointBranch)
                .with_members(Members::new(38, 2)),
        )
        .unwrap();
    let coop = h
        .add_unit(
            Some(village),
            Unit::new(UnitKind::EconomicCoop, "第一经济社"),
        )
        .unwrap();
    let organ = h
        .add_unit(
            Some(district),
            Unit::new(UnitKind::Institution(Sector::Organ), "区委组织部"),
        )
        .unwrap();
    let temp = h
        .add_temporary(
            TemporaryOrg::new(
                "人和镇乡村振兴临时党支部",
                TaskPurpose::RuralRevitalization,
                town,
                d("2023-03-01"),
            )
            .seconded_from(village, 3)
            .with_members(Members::new(6, 0)),
        )
        .unwrap();
    h.add_big_committee(
        BigCommittee::new("化妆品产业链大党委", BigCommitteeKind::IndustryChain, organ)
            .with_member(street)
            .with_part_time(village, 2),
    )
    .unwrap();
    let joint = h.own_org_of_unit(village).unwrap();
    h.relate(joint, coop, Relation::Covers).unwrap();
    h.add_pairing(town, street, Pairing::new(PairingKind::TownStreet))
        .unwrap();
    h.add_pairing(
        organ,
        coop,
        Pairing::new(PairingKind::OrganCoop { sections: 4 })
            .between(Some(d("2023-01-01")), Some(d("2023-12-31"))),
    )
    .unwrap();
    h.add_pairing(
        organ,
        village,
        Pairing::new(PairingKind::FirstSecretary {
            secretary: Some("李四".into()),
        }),
    )
    .unwrap();
    h.add_pairing(
        street,
        village,
        Pairing::new(PairingKind::CadreHousehold {
            cadres: 12,
            households: 30,
        }),
    )
    .unwrap();
    h.add_record(Record::new(
        street,
        d("2023-05-04"),
        RecordKind::JointMeeting {
            matters: 2,
            problems_solved: 5,
        },
    ))
    .unwrap();
    h.add_record(Record::new(
        h.org(temp).unwrap().based_in().id(),
        d("2023-06-01"),
        RecordKind::Training { person_times: 40 },
    ))
    .unwrap();
    h
}

#[test]
fn json_to_csv_folder_to_json_gives_identical_text() {
    let h = rich();
    let first = json::to_string(&h);
    let back = json::from_str(&first).unwrap();
    assert_eq!(back, h);
    let dir = scratch("convert");
    save_path(&back, &dir).unwrap();
    let from_csv = load_path(&dir).unwrap();
    assert_eq!(from_csv, h);
    assert_eq!(json::to_string(&from_csv), first);
    // And through files by extension.
    let file = dir.join("snapshot.json");
    save_path(&from_csv, &file).unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), first);
    assert_eq!(load_path(&file).unwrap(), h);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_single_csv_file_refuses_what_it_cannot_hold() {
    let dir = scratch("single");
    std::fs::create_dir_all(&dir).unwrap();
    let err = save_path(&rich(), dir.join("units.csv")).unwrap_err();
    assert!(matches!(err, SaveError::WouldLoseData { .. }), "{err}");
    // A hierarchy of units alone round-trips through one file.
    let h = load_path(fixture("baiyun-divisions.csv")).unwrap();
    let p = dir.join("baiyun.csv");
    save_path(&h, &p).unwrap();
    assert_eq!(load_path(&p).unwrap(), h);
    // A temporary organization is an organization, which a units table cannot hold.
    let mut h = h;
    h.add_temporary(TemporaryOrg::new(
        "临时党支部",
        TaskPurpose::Project,
        UnitId(2),
        d("2023-03-01"),
    ))
    .unwrap();
    let err = save_path(&h, &p).unwrap_err();
    assert!(matches!(err, SaveError::WouldLoseData { .. }), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn missing_files_and_unknown_extensions() {
    let err = load_path(Path::new("/nonexistent/partyorg.json")).unwrap_err();
    assert!(matches!(err, LoadError::Io { .. }), "{err}");
    let err = load_path(fixture("../it/interchange.rs")).unwrap_err();
    assert!(matches!(err, LoadError::UnknownFormat { .. }), "{err}");
}

#[test]
fn a_units_csv_cannot_hold_records() {
    use partyorg::interchange::{SaveError, save_path};
    use partyorg::{Record, RecordKind};
    let (mut h, _, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    h.add_record(Record::new(
        street,
        d("2023-03-01"),
        RecordKind::JointMeeting {
            matters: 1,
            problems_solved: 1,
        },
    ))
    .unwrap();
    let dir = std::env::temp_dir().join(format!("partyorg-units-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let err = save_path(&h, dir.join("units.csv")).expect_err("records would be lost");
    assert!(matches!(err, SaveError::WouldLoseData { .. }), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

// ----- pictures ---------------------------------------------------------------------------

#[test]
fn dot_draws_relations_apart_from_containment() {
    let h = rich();
    let text = to_dot(&h, &DotOptions::default()).unwrap();
    assert!(text.starts_with("digraph"));
    // Containment: district (0) → town (1), solid.
    assert!(text.contains("  u0 -> u1;\n"));
    // The organizations outside the 隶属 tree are nodes of their own.
    let org_of = |form| h.orgs().find(|o| o.form() == form).unwrap().id();
    let (t, bc) = (
        org_of(partyorg::OrgForm::Temporary),
        org_of(partyorg::OrgForm::BigCommittee),
    );
    // Hosting: town (1) → the temporary organization, dashed blue.
    assert!(text.contains(&format!("u1 -> o{} [style=dashed, color=blue]", t.0)));
    // Big committee core: the committee → organ (5).
    assert!(text.contains(&format!("o{} -> u5 [style=bold, color=red", bc.0)));
    // Shapes: a temporary organization an ellipse, a big committee a hexagon, units boxes.
    assert!(
        text.contains(&format!("\\ntemporary {t}\", shape=ellipse]")),
        "{text}"
    );
    assert!(
        text.contains(&format!("\\nbig_committee {bc}\", shape=hexagon]")),
        "{text}"
    );
    assert!(text.contains("\\ndistrict #0\", shape=box]"), "{text}");
    // Every relation has its own style.
    for style in [
        "[style=dotted, color=blue, label=\"seconds 3\"]",
        "[style=dashed, color=red]",
        "[style=dotted, color=red, label=\"part-time 2\"]",
        "[style=dashed, color=darkgreen, label=\"covers\"]",
    ] {
        assert!(text.contains(style), "{style} in {text}");
    }
    // Each unit is drawn once, however many relations it has.
    for u in h.units() {
        let node = format!("  u{} [", u.id().0);
        assert_eq!(text.matches(&node).count(), 1, "{node} in {text}");
    }
    assert!(text.contains("label=\"town_street\""));
    // Depth 1 from the district: no village (3), and the village's pairings drag it in
    // only as an outside node.
    let shallow = to_dot(
        &h,
        &DotOptions {
            root: Some(UnitId(0)),
            depth: Some(1),
        },
    )
    .unwrap();
    assert!(!shallow.contains("u1 -> u3;"));
    assert!(shallow.contains("u3 [label=\"西湖村委会\\nvillage #3\", shape=box, style=dashed"));
    assert!(
        to_dot(
            &h,
            &DotOptions {
                root: Some(UnitId(99)),
                depth: None
            }
        )
        .is_err()
    );
}

// ----- rows that do not fit the model -----------------------------------------------------

fn write_tables(tag: &str, units: &str, relations: Option<&str>, records: Option<&str>) -> PathBuf {
    let dir = scratch(tag);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("units.csv"), units).unwrap();
    if let Some(r) = relations {
        std::fs::write(dir.join("relations.csv"), r).unwrap();
    }
    if let Some(r) = records {
        std::fs::write(dir.join("records.csv"), r).unwrap();
    }
    dir
}

const UNITS: &str = "id,parent,kind,sector,name,purpose,bc_kind\n\
    1,,district,,白云区,,\n\
    2,1,street,,均禾街道,,\n\
    3,1,institution,organ,区委组织部,,\n\
    10,2,temporary,,临时党支部,project,\n\
    11,,big_committee,,大党委,,regional\n";

#[test]
fn cells_that_do_not_apply_or_lack_their_partner() {
    let dir = write_tables(
        "na",
        "id,parent,kind,sector,name,term_years,task_ended\n\
         1,,district,school,白云区,,\n\
         2,1,street,,均禾街道,3,\n\
         3,1,institution,,机关,,2023-01-01\n",
        None,
        None,
    );
    let got = problems(load_path(&dir).unwrap_err());
    let cells: Vec<_> = got.iter().map(|(_, p, k)| (p.clone(), k.clone())).collect();
    assert_eq!(
        cells,
        vec![
            (
                line(2, Some("sector")),
                ProblemKind::NotApplicable {
                    to: "district".into()
                }
            ),
            (
                line(3, Some("term_years")),
                ProblemKind::Needs {
                    needs: "term_start"
                }
            ),
            (line(4, Some("sector")), ProblemKind::MissingValue),
            (
                line(4, Some("task_ended")),
                ProblemKind::Needs { needs: "purpose" }
            ),
        ]
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn relations_with_wrong_ends_are_refused_with_their_lines() {
    let dir = write_tables(
        "ends",
        UNITS,
        Some(
            "from,to,relation,count,id,pairing\n\
             11,3,core,,,\n\
             2,3,core,,,\n\
             10,2,seconds,4,,\n\
             3,10,pairing,,5,joint_building\n\
             3,2,pairing,,5,joint_building\n\
             3,2,pairing,,5,joint_building\n\
             3,2,hosts,,,\n",
        ),
        None,
    );
    let got = problems(load_path(&dir).unwrap_err());
    let cells: Vec<_> = got
        .iter()
        .map(|(f, p, k)| (f.as_str(), p.clone(), k.clone()))
        .collect();
    assert_eq!(
        cells,
        vec![
            (
                "relations.csv",
                line(8, Some("relation")),
                ProblemKind::BadValue {
                    text: "hosts".into(),
                    expected: Expected::Relation
                }
            ),
            (
                "relations.csv",
                line(3, Some("from")),
                ProblemKind::NotABigCommittee { id: UnitId(2) }
            ),
            // Row 10 is a temporary organization, no unit to pair.
            (
                "relations.csv",
                line(5, None),
                ProblemKind::Refused(HierarchyError::UnknownUnit { id: UnitId(10) })
            ),
            // The id repeats on lines 6 and 7, whether or not line 5 was accepted.
            (
                "relations.csv",
                line(6, Some("id")),
                ProblemKind::DuplicateId {
                    id: 5,
                    first: line(5, Some("id"))
                }
            ),
            (
                "relations.csv",
                line(7, Some("id")),
                ProblemKind::DuplicateId {
                    id: 5,
                    first: line(5, Some("id"))
                }
            ),
        ]
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn organizations_outside_the_tree_keep_out_of_it() {
    let dir = write_tables(
        "outside",
        "id,parent,kind,name,purpose,bc_kind\n\
         1,,district,白云区,,\n\
         2,10,street,均禾街道,,\n\
         10,1,temporary,临时党支部,project,\n\
         11,1,big_committee,大党委,,regional\n\
         12,11,temporary,临时党支部,project,\n\
         10,1,temporary,又一个,other,\n",
        None,
        None,
    );
    let got = problems(load_path(&dir).unwrap_err());
    let cells: Vec<_> = got.iter().map(|(_, p, k)| (p.clone(), k.clone())).collect();
    assert_eq!(
        cells,
        vec![(
            line(3, Some("parent")),
            ProblemKind::ParentNotStanding {
                id: UnitId(2),
                parent: UnitId(10)
            }
        )]
    );
    // With the street fixed, the organizations' own problems show.
    let units = std::fs::read_to_string(dir.join("units.csv"))
        .unwrap()
        .replace("2,10,street", "2,1,street");
    std::fs::write(dir.join("units.csv"), units).unwrap();
    let got = problems(load_path(&dir).unwrap_err());
    let cells: Vec<_> = got.iter().map(|(_, p, k)| (p.clone(), k.clone())).collect();
    assert_eq!(
        cells,
        vec![
            (
                line(5, Some("parent")),
                ProblemKind::ParentNotStanding {
                    id: UnitId(11),
                    parent: UnitId(1)
                }
            ),
            (
                line(6, Some("parent")),
                ProblemKind::ParentNotStanding {
                    id: UnitId(12),
                    parent: UnitId(11)
                }
            ),
            (
                line(7, Some("id")),
                ProblemKind::DuplicateId {
                    id: 10,
                    first: line(4, Some("id"))
                }
            ),
        ]
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn good_tables_with_every_relation_load() {
    // Unit 2's own organization is a joint branch (the one-table form), which covers 3.
    let units = "id,parent,kind,sector,name,purpose,bc_kind,party_form\n\
        1,,district,,白云区,,,\n\
        2,1,street,,均禾街道,,,joint_branch\n\
        3,1,institution,organ,区委组织部,,,\n\
        10,2,temporary,,临时党支部,project,,\n\
        11,,big_committee,,大党委,,regional,\n";
    let dir = write_tables(
        "good",
        units,
        Some(
            "from,to,relation,count,id,pairing,since,until,sections\n\
             11,3,core,,,,,,\n\
             11,2,member,,,,,,\n\
             11,2,part_time,2,,,,,\n\
             10,2,seconds,4,,,,,\n\
             2,3,covers,,,,,,\n\
             3,2,pairing,,7,joint_building,2023-01-01,2023-12-31,\n",
        ),
        Some("id,unit,date,type,raised,resolved\n4,10,2023-05-04,appeals,9,8\n"),
    );
    let h = load_path(&dir).unwrap();
    // The older form's rows 10 and 11 are organizations now.
    let temp = h
        .orgs()
        .find(|o| o.form() == partyorg::OrgForm::Temporary)
        .unwrap();
    let bc = h
        .orgs()
        .find(|o| o.form() == partyorg::OrgForm::BigCommittee)
        .unwrap();
    assert_eq!(temp.based_in().id(), UnitId(2));
    assert_eq!(temp.links().collect::<Vec<_>>().len(), 1);
    assert_eq!(bc.based_in().id(), UnitId(3), "the core");
    let p = h.pairing(partyorg::PairingId(7)).unwrap();
    assert_eq!(p.since, Some(d("2023-01-01")));
    // The file's `until` is the last day in force; the pairing ends the day after.
    assert_eq!(p.ends, Some(d("2024-01-01")));
    let rels: Vec<_> = bc.links().map(|l| (l.unit.id(), l.relation)).collect();
    assert!(rels.contains(&(UnitId(2), Relation::PartTime(2))));
    assert!(rels.contains(&(UnitId(2), Relation::Member)));
    // Unit 2's own organization is the joint branch that covers unit 3.
    assert!(h.is_covered(UnitId(3)).unwrap());
    let (rid, rec) = h.records().next().unwrap();
    assert_eq!(rid, partyorg::RecordId(4));
    assert_eq!(
        rec.kind,
        RecordKind::Appeals {
            raised: 9,
            resolved: 8
        }
    );
    assert_eq!(
        temp.temporary_info().map(|i| i.purpose),
        Some(TaskPurpose::Project)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn json_bad_values_in_relations_and_records_have_paths() {
    let text = r#"{"format_version": 1,
      "units": [{"id": 1, "kind": "district", "name": "a"}],
      "relations": [{"from": 1, "to": 1, "relation": "pairing", "id": 0, "pairing": "organ_coop"}],
      "records": [{"id": 0, "unit": 1, "date": "2023-13-01", "type": "activity", "participants": 1}]
    }"#;
    let got = problems(json::from_str(text).unwrap_err());
    let paths: Vec<_> = got
        .iter()
        .map(|(f, p, k)| {
            assert_eq!(f, "<json>");
            let Position::Json { path, .. } = p else {
                panic!("{p:?}")
            };
            (path.clone(), k.clone())
        })
        .collect();
    assert_eq!(
        paths,
        vec![
            (
                "relations[0].sections".to_owned(),
                ProblemKind::MissingValue
            ),
            (
                "records[0].date".to_owned(),
                ProblemKind::BadValue {
                    text: "2023-13-01".into(),
                    expected: Expected::Date
                }
            ),
        ]
    );
}

#[test]
fn json_type_errors_have_paths() {
    let text = "{\"format_version\": 1,\n \"units\": [{\"id\": 1, \"kind\": \"district\", \"name\": \"a\", \"full_members\": -3}]}";
    let got = problems(json::from_str(text).unwrap_err());
    assert!(matches!(got[0].2, ProblemKind::JsonData { .. }), "{got:?}");
    let Position::Json { path, at } = &got[0].1 else {
        panic!()
    };
    assert_eq!(path, "units[0].full_members");
    assert_eq!(at.unwrap().0, 2);
}

#[test]
fn nbs_parent_codes_that_go_round_are_a_cycle() {
    let dir = scratch("nbs-cycle");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("divisions.csv");
    // The county names its own community as parent: the row whose link closes the
    // circle (the street's, whose parent came later) is the one reported.
    std::fs::write(
        &p,
        "code,name,level,parent_code\n\
         440111013000,均禾街道,town,440111000000\n\
         440111013001,罗岗社区居委会,village,440111013000\n\
         440111000000,白云区,county,440111013001\n",
    )
    .unwrap();
    let got = problems(nbs::load_file(&p).unwrap_err());
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, line(2, Some("parent_code")));
    assert!(
        matches!(&got[0].2, ProblemKind::Cycle { cycle, .. } if cycle.len() == 3),
        "{got:?}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// A snapshot of one temporary organization under a district whose row has `extra`
/// fields, laid out one row a line.
fn temporary_snapshot(extra: &str) -> String {
    format!(
        "{{\"format_version\": 1, \"units\": [\n\
         {{\"id\": 1, \"kind\": \"district\", \"name\": \"白云区\"}},\n\
         {{\"id\": 2, \"parent\": 1, \"kind\": \"temporary\", \"name\": \"项目临时党支部\", \"purpose\": \"project\"{extra}}}\n\
         ]}}"
    )
}

/// The one problem of a JSON load: its path, line and message.
fn json_problem(text: &str) -> (String, usize, String) {
    let got = problems(json::from_str(text).unwrap_err());
    assert_eq!(got.len(), 1, "{got:?}");
    let (_, Position::Json { path, at }, kind) = &got[0] else {
        panic!("{got:?}")
    };
    let ProblemKind::JsonData { message } = kind else {
        panic!("{got:?}")
    };
    (
        path.clone(),
        at.expect("a line and column").0,
        message.clone(),
    )
}

#[test]
fn json_lists_map_to_the_model_without_passing_through_text() {
    // A word holding the CSV list form is one bad word, not two list items.
    let (path, line, message) = json_problem(&temporary_snapshot(
        r#", "venues": [{"kind": "park:1;square", "area_m2": 2}]"#,
    ));
    assert_eq!((path.as_str(), line), ("units[1].venues[0].kind", 3));
    assert!(
        message.contains("park:1;square") && message.contains("one of park, square, corridor"),
        "{message}"
    );
    let (path, line, _) = json_problem(&temporary_snapshot(
        r#", "commando_teams": [{"field": "grid:1;organ", "count": 2}]"#,
    ));
    assert_eq!(
        (path.as_str(), line),
        ("units[1].commando_teams[0].field", 3)
    );
    let (path, line, _) = json_problem(&temporary_snapshot(
        r#", "demonstrations": [{"level": "city:2020;district", "year": 2023}]"#,
    ));
    assert_eq!(
        (path.as_str(), line),
        ("units[1].demonstrations[0].level", 3)
    );
    let (path, line, _) = json_problem(&temporary_snapshot(
        r#", "acts": ["recruited;held_election"]"#,
    ));
    assert_eq!((path.as_str(), line), ("units[1].acts[0]", 3));
    // An empty word is refused, not dropped.
    let (path, line, message) = json_problem(&temporary_snapshot(r#", "acts": ["recruited", ""]"#));
    assert_eq!((path.as_str(), line), ("units[1].acts[1]", 3));
    assert!(message.contains("\"\""), "{message}");

    // Good lists load as the values they are, and write back the same.
    let text = temporary_snapshot(r#", "acts": ["recruited", "held_election"]"#).replace(
        r#"{"id": 1, "kind": "district", "name": "白云区"}"#,
        r#"{"id": 1, "kind": "district", "name": "白云区", "venues": [{"kind": "park", "area_m2": 5000}, {"kind": "square", "area_m2": 1200}], "commando_teams": [{"field": "grid", "count": 3}], "demonstrations": [{"level": "district", "year": 2023}]}"#,
    );
    let h = json::from_str(&text).unwrap();
    let d = h.unit(UnitId(1)).unwrap().details();
    assert_eq!(d.venues.len(), 2);
    assert_eq!(d.venues[1].area_m2, 1200);
    assert_eq!(d.commando_teams[0].count, 3);
    assert_eq!(d.demonstrations[0].year, 2023);
    // The older form's temporary organization row is an organization now.
    let acts = h.orgs().next().unwrap().temporary_info().unwrap().acts;
    assert!(acts.recruited && acts.held_election && !acts.disciplined && !acts.collected_dues);
    assert_eq!(json::from_str(&json::to_string(&h)).unwrap(), h);
    // A unit's fact on an organization's row would be lost: refused, located.
    let got =
        problems(json::from_str(&temporary_snapshot(r#", "service_center_m2": 300"#)).unwrap_err());
    assert_eq!(
        got,
        vec![(
            "<json>".to_owned(),
            Position::Json {
                path: "units[1].service_center_m2".to_owned(),
                at: None
            },
            ProblemKind::NotApplicable {
                to: "temporary".to_owned()
            }
        )]
    );
}

/// A district with two streets and two communities, each parent's children attached in
/// the order given (ids 2 and 3 under 1, 4 and 5 under 3).
fn attached_in_order(streets: [u32; 2], communities: [u32; 2]) -> Hierarchy {
    let mut b = partyorg::hierarchy::HierarchyBuilder::new();
    b.push(UnitId(1), None, Unit::new(UnitKind::District, "白云区"));
    for s in streets {
        b.push(
            UnitId(s),
            Some(UnitId(1)),
            Unit::new(UnitKind::Street, format!("街道{s}")),
        );
    }
    for c in communities {
        b.push(
            UnitId(c),
            Some(UnitId(3)),
            Unit::new(UnitKind::Community, format!("社区{c}")),
        );
    }
    b.build_strict().unwrap()
}

fn children_of(h: &Hierarchy, id: u32) -> Vec<UnitId> {
    h.children(UnitId(id)).unwrap().map(|c| c.id()).collect()
}

#[test]
fn children_order_is_part_of_equality() {
    let reversed = attached_in_order([3, 2], [5, 4]);
    let by_id = attached_in_order([2, 3], [4, 5]);
    assert_eq!(children_of(&reversed, 1), [UnitId(3), UnitId(2)]);
    assert_ne!(reversed, by_id);
    assert_ne!(attached_in_order([3, 2], [4, 5]), by_id);
    assert_eq!(attached_in_order([3, 2], [5, 4]), reversed);
}

#[test]
fn json_and_csv_round_trips_keep_children_order() {
    let h = attached_in_order([3, 2], [5, 4]);
    let back = json::from_str(&json::to_string(&h)).unwrap();
    assert_eq!(children_of(&back, 1), children_of(&h, 1));
    assert_eq!(children_of(&back, 3), children_of(&h, 3));
    assert_eq!(back, h);
    let dir = scratch("children-order");
    table::save_dir(&h, &dir).unwrap();
    let back = table::load_dir(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(children_of(&back, 1), [UnitId(3), UnitId(2)]);
    assert_eq!(children_of(&back, 3), [UnitId(5), UnitId(4)]);
    assert_eq!(back, h);
}

#[test]
fn the_reserved_unit_id_is_a_key_in_tables_and_refused_in_snapshots() {
    // In a table, 4294967295 is no id (it is reserved) but text like any other: a key.
    let dir = write_tables(
        "reserved-id",
        "id,parent,kind,name\n1,,district,白云区\n4294967295,1,street,均禾街道\n2,4294967295,street,太和镇\n",
        None,
        None,
    );
    let h = table::load_dir(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let street = h.unit_by_key("4294967295").unwrap();
    assert_eq!(street.name(), "均禾街道");
    assert_ne!(street.id().0, u32::MAX);
    assert_eq!(
        h.unit(UnitId(2)).unwrap().parent().unwrap().id(),
        street.id()
    );
    // A snapshot's ids are numbers: the reserved one is refused.
    let text = r#"{"format_version": 1, "units": [{"id": 4294967295, "kind": "district", "name": "白云区"}]}"#;
    assert_eq!(
        problems(json::from_str(text).unwrap_err()),
        vec![(
            "<json>".into(),
            Position::Json {
                path: "units[0].id".into(),
                at: None
            },
            ProblemKind::BadValue {
                text: "4294967295".into(),
                expected: Expected::UnitId,
            }
        )]
    );
}

#[test]
fn a_big_committee_row_with_a_parent_is_refused_whether_or_not_the_parent_exists() {
    use partyorg::{UnitId, interchange::ProblemKind};
    for parent in ["1", "99"] {
        let rows = format!(
            "id,parent,kind,name,bc_kind\n1,,district,白云区,\n2,{parent},big_committee,商圈大党委,business_district\n"
        );
        let problems = refused_units(&rows, "a big committee has no parent");
        let wanted = ProblemKind::ParentNotStanding {
            id: UnitId(2),
            parent: UnitId(parent.parse().unwrap()),
        };
        assert!(
            problems.iter().any(|p| p.kind == wanted),
            "{wanted:?} in {problems:?}"
        );
    }
}

#[test]
fn a_table_keyed_by_division_codes_with_other_columns_is_refused_not_loaded_in_part() {
    let dir = scratch("code-keyed");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("units.csv");
    std::fs::write(
        &path,
        "code,name,kind,parent_code,party_form,full_members\n\
         440111000000,白云区,district,,committee,420\n\
         440111013000,均禾街道,street,440111000000,committee,180\n",
    )
    .unwrap();
    let Err(LoadError::Invalid { problems, .. }) = load_path(&path) else {
        panic!("the table loaded, losing its party forms and members");
    };
    let unknown: Vec<String> = problems
        .iter()
        .filter_map(|p| match &p.kind {
            ProblemKind::UnknownColumn { column } => Some(column.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(unknown, ["kind", "party_form", "full_members"]);
    assert!(
        problems
            .iter()
            .all(|p| matches!(p.position, Position::Line { line: 1, .. }))
    );
    // The first problem says why, naming the columns of each format.
    assert_eq!(
        problems[0].kind,
        ProblemKind::UnclearFormat {
            nbs: vec!["parent_code".into()],
            units: vec!["kind".into(), "party_form".into(), "full_members".into()],
        }
    );
    let message = problems[0].to_string();
    assert!(message.contains("NBS file (parent_code)"), "{message}");
    assert!(
        message.contains("units table (kind, party_form, full_members)"),
        "{message}"
    );
    // Named as either format, it is refused too.
    use partyorg::interchange::{Format, load_as};
    for format in [Format::UnitsCsv, Format::Nbs] {
        assert!(
            matches!(load_as(&path, format), Err(LoadError::Invalid { .. })),
            "{format:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_snapshot_of_the_older_form_loads_as_organizations_with_the_same_totals() {
    // Written when temporary organizations and big committees were unit rows: row 6 a
    // temporary organization hosted by unit 1, row 7 a big committee with core 5, a
    // record on row 6.
    let old = json::load_file(fixture("snapshot-older-form.json")).unwrap();
    let new = std::fs::read_to_string(fixture("snapshot-organizations.json")).unwrap();
    assert_eq!(json::to_string(&old), new);
    assert!(!old.contains(UnitId(6)) && !old.contains(UnitId(7)));
    let t = old
        .orgs()
        .find(|o| o.form() == partyorg::OrgForm::Temporary)
        .unwrap();
    assert_eq!(t.based_in().id(), UnitId(1));
    let bc = old
        .orgs()
        .find(|o| o.form() == partyorg::OrgForm::BigCommittee)
        .unwrap();
    assert_eq!(bc.based_in().id(), UnitId(5));
    // The record of the temporary organization's row is its host's now, where it counted.
    assert!(old.records().all(|(_, r)| old.contains(r.unit)));
    let year = partyorg::Period::year(2023);
    let then = json::from_str(&new).unwrap();
    assert_eq!(
        old.totals(UnitId(0), &year).unwrap(),
        then.totals(UnitId(0), &year).unwrap()
    );
    assert_eq!(old.totals(UnitId(0), &year).unwrap().temporary_active, 1);
    assert_eq!(old.totals(UnitId(0), &year).unwrap().trainings, 1);
}

#[test]
fn a_character_split_across_two_cells_is_invalid_in_both() {
    // The record's bytes are UTF-8 as a whole (中 = E4 B8 AD), but neither cell is.
    let mut bytes = b"id,parent,kind,name,secretary\n1,,district,".to_vec();
    bytes.extend_from_slice(b"\xE4\xB8,\xAD\n");
    let got = problems(
        table::load_units_reader(std::io::Cursor::new(bytes), std::path::Path::new("u.csv"))
            .unwrap_err(),
    );
    assert_eq!(
        got,
        vec![
            (
                "u.csv".into(),
                line(2, Some("name")),
                ProblemKind::InvalidUtf8
            ),
            (
                "u.csv".into(),
                line(2, Some("secretary")),
                ProblemKind::InvalidUtf8
            ),
        ]
    );
}
