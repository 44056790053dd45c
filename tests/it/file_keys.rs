//! Keys in files: tables keyed by a department's own text (12-digit division codes,
//! organization codes with leading zeros, platform keys) load, validate and convert to
//! every format and back with their keys byte for byte; numeric tables keep their ids;
//! a cell naming no row's key is a located problem.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use partyorg::interchange::{
    Format, Header, Position, ProblemKind, load_as, load_path, save_as, table,
};
use partyorg::validate::Policy;
use partyorg::{Hierarchy, OrgForm, UnitId};

use crate::support::scratch_path;

/// A folder of tables written from the texts given (`None`: no such table).
fn folder(
    tag: &str,
    units: &str,
    orgs: Option<&str>,
    relations: Option<&str>,
    records: Option<&str>,
) -> PathBuf {
    let dir = scratch_path("file-keys", tag);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("units.csv"), units).unwrap();
    for (name, text) in [
        ("orgs.csv", orgs),
        ("relations.csv", relations),
        ("records.csv", records),
    ] {
        if let Some(t) = text {
            std::fs::write(dir.join(name), t).unwrap();
        }
    }
    dir
}

/// The `id` column of a CSV table, in its rows' order.
fn id_column(path: &Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let at = r.headers().unwrap().iter().position(|h| h == "id").unwrap();
    r.records().map(|rec| rec.unwrap()[at].to_owned()).collect()
}

/// Every unit's key with its name and its parent's key, sorted.
fn unit_keys(h: &Hierarchy) -> Vec<(String, String, Option<String>)> {
    let mut v: Vec<_> = h
        .units()
        .map(|u| {
            (
                u.key().into_owned(),
                u.name().to_owned(),
                u.parent().map(|p| p.key().into_owned()),
            )
        })
        .collect();
    v.sort();
    v
}

/// Every organization recorded in its own right: its key, name, base unit's key and
/// superior's key, sorted.
fn org_keys(h: &Hierarchy) -> Vec<(String, String, String, Option<String>)> {
    let mut v: Vec<_> = h
        .orgs()
        .filter(|o| !o.is_own())
        .map(|o| {
            (
                o.key().into_owned(),
                o.name().to_owned(),
                o.based_in().key().into_owned(),
                o.superior().map(|s| s.key().into_owned()),
            )
        })
        .collect();
    v.sort();
    v
}

const CODES_UNITS: &str = "id,parent,kind,name,code,party_form,full_members\n\
440111000000,,district,白云区,440111000000,committee,\n\
440111013000,440111000000,street,均禾街道,440111013000,committee,\n\
440111013001,440111013000,community,均禾社区,440111013001,committee,120\n\
440111013201,440111013000,village,石马桥村,440111013201,general_branch,60\n";
const CODES_ORGS: &str = "id,parent,form,name,unit,parent_unit,covers\n\
001001001004000,,branch,均禾社区第一网格党支部,440111013001,440111013001,\n\
001001001004001,001001001004000,group,第一网格党小组,440111013001,,\n\
001001001005000,,joint_branch,均禾联合党支部,440111013001,440111013001,440111013201\n";
const CODES_RELATIONS: &str = "from,to,relation,id,pairing\n\
440111013000,440111013201,pairing,1,town_street\n";
const CODES_RECORDS: &str = "id,unit,date,type,participants\n\
1,440111013201,2023-05-01,activity,30\n";

/// The three styles of keys a department uses, each a folder of tables.
fn keyed_folders() -> Vec<(&'static str, PathBuf)> {
    let codes = folder(
        "codes",
        CODES_UNITS,
        Some(CODES_ORGS),
        Some(CODES_RELATIONS),
        Some(CODES_RECORDS),
    );
    let zeros = folder(
        "zeros",
        "id,parent,kind,name,party_form,full_members\n\
         001,,district,白云区,committee,\n\
         001001,001,street,均禾街道,committee,\n\
         001001001,001001,community,均禾社区,branch,35\n\
         001001002,001001,community,新石社区,branch,40\n",
        None,
        Some("from,to,relation,id,pairing\n001001,001001002,pairing,7,town_street\n"),
        None,
    );
    let platform = folder(
        "platform",
        "id,parent,kind,name,party_form,full_members\n\
         JH-001,,district,白云区,committee,\n\
         JH-002,JH-001,street,均禾街道,committee,\n\
         jh-002,JH-002,community,罗岗社区,branch,31\n\
         均禾 003,JH-002,village,清湖村,general_branch,58\n\
         \" JH-005 \",JH-002,community,新石社区,branch,20\n",
        Some(
            "id,parent,form,name,unit,parent_unit\nJH-O-1,,branch,罗岗社区第一党支部,jh-002,jh-002\n",
        ),
        None,
        Some("id,unit,date,type,participants\n3,均禾 003,2023-06-01,activity,12\n"),
    );
    vec![("codes", codes), ("zeros", zeros), ("platform", platform)]
}

mod every_format_keeps_the_keys {
    use super::*;

    #[test]
    fn keyed_tables_load_validate_and_convert_to_json_xlsx_and_back_with_keys_byte_for_byte() {
        for (tag, dir) in keyed_folders() {
            let h = table::load_dir(&dir).unwrap_or_else(|e| panic!("{tag}: {e}"));
            let original_ids = id_column(&dir.join("units.csv"));
            // Every key of the file is a unit's key, byte for byte.
            for key in &original_ids {
                assert!(h.unit_by_key(key).is_some(), "{tag}: {key}");
            }
            let day = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
            let report = h.validate(&Policy::default(), day);
            let work = scratch_path("file-keys", &format!("{tag}-out"));
            std::fs::create_dir_all(&work).unwrap();
            // To JSON and back.
            let json = work.join("snapshot.json");
            save_as(&h, &json, Format::Json, Header::English).unwrap();
            let from_json = load_path(&json).unwrap();
            assert_eq!(from_json, h, "{tag}: JSON");
            assert_eq!(from_json.validate(&Policy::default(), day), report, "{tag}");
            // To a workbook (English and Chinese sheets) and back.
            #[cfg(feature = "xlsx")]
            for header in [Header::English, Header::Chinese] {
                let xlsx = work.join(format!("book-{header:?}.xlsx"));
                save_as(&from_json, &xlsx, Format::Xlsx, header).unwrap();
                let from_xlsx = load_path(&xlsx).unwrap();
                assert_eq!(
                    unit_keys(&from_xlsx),
                    unit_keys(&h),
                    "{tag}: xlsx {header:?}"
                );
                assert_eq!(org_keys(&from_xlsx), org_keys(&h), "{tag}: xlsx {header:?}");
                assert_eq!(from_xlsx, h, "{tag}: xlsx {header:?}");
            }
            // Back to CSV: the id column holds the very keys of the first file.
            let out = work.join("tables");
            save_as(&h, &out, Format::Folder, Header::English).unwrap();
            let mut written = id_column(&out.join("units.csv"));
            let mut wanted = original_ids.clone();
            written.sort();
            wanted.sort();
            assert_eq!(written, wanted, "{tag}: CSV");
            let again = table::load_dir(&out).unwrap();
            assert_eq!(unit_keys(&again), unit_keys(&h), "{tag}");
            assert_eq!(org_keys(&again), org_keys(&h), "{tag}");
            std::fs::remove_dir_all(&work).unwrap();
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }

    #[test]
    fn references_by_key_reach_the_rows_they_name_in_every_table() {
        let dir = folder(
            "refs",
            CODES_UNITS,
            Some(CODES_ORGS),
            Some(CODES_RELATIONS),
            Some(CODES_RECORDS),
        );
        let h = table::load_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let street = h.unit_by_key("440111013000").unwrap();
        let community = h.unit_by_key("440111013001").unwrap();
        let village = h.unit_by_key("440111013201").unwrap();
        assert_eq!(community.parent().unwrap().id(), street.id());
        // Organizations by their codes, superiors by theirs, base units by theirs.
        let branch = h.org_by_key("001001001004000").unwrap();
        let group = h.org_by_key("001001001004001").unwrap();
        assert_eq!(group.superior().unwrap().id(), branch.id());
        assert_eq!(branch.based_in().id(), community.id());
        assert_eq!(
            branch.superior().unwrap().id(),
            h.own_org_of_unit(community.id()).unwrap()
        );
        let joint = h.org_by_key("001001001005000").unwrap();
        assert_eq!(joint.form(), OrgForm::JointBranch);
        assert_eq!(
            joint.covers().map(|u| u.id()).collect::<Vec<_>>(),
            [village.id()]
        );
        // The pairing and the record name units by key.
        let l = h.pairings().next().unwrap();
        assert_eq!((l.from, l.to), (street.id(), village.id()));
        let (_, record) = h.records().next().unwrap();
        assert_eq!(record.unit, village.id());
    }

    #[test]
    fn a_numeric_table_keeps_its_ids_and_gains_no_keys() {
        let dir = folder(
            "numeric",
            "id,parent,kind,name\n7,,district,白云区\n3,7,street,均禾街道\n",
            None,
            None,
            None,
        );
        let h = table::load_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(h.unit(UnitId(3)).unwrap().parent().unwrap().id(), UnitId(7));
        assert!(h.units().all(|u| u.key() == u.id().0.to_string()));
    }
}

mod ids_given_to_keys {
    use super::*;

    #[test]
    fn keys_take_ids_above_every_number_of_the_table_in_row_order() {
        let dir = folder(
            "mixed",
            "id,parent,kind,name\nJH-1,,district,白云区\n40,JH-1,street,均禾街道\nJH-2,40,community,均禾社区\n",
            None,
            None,
            None,
        );
        let h = table::load_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(h.unit_by_key("JH-1").unwrap().id(), UnitId(41));
        assert_eq!(h.unit_by_key("JH-2").unwrap().id(), UnitId(42));
        assert_eq!(h.unit(UnitId(40)).unwrap().name(), "均禾街道");
        // The key a number gives is its own: nothing else answers to it.
        assert_eq!(h.unit(UnitId(40)).unwrap().key(), "40");
    }

    #[test]
    fn a_number_above_the_tables_numbers_names_no_row_even_if_a_key_took_that_id() {
        // JH-1 takes id 41; a cell saying 41 does not reach it.
        let dir = folder(
            "above",
            "id,parent,kind,name\n40,,district,白云区\nJH-1,40,street,均禾街道\n2,41,community,均禾社区\n",
            None,
            None,
            None,
        );
        let err = table::load_dir(&dir).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        let p = &err.problems()[0];
        assert_eq!(p.kind, ProblemKind::UnknownKey { key: "41".into() });
        assert_eq!(
            p.position,
            Position::Line {
                line: 4,
                column: Some("parent".into())
            }
        );
    }
}

mod bad_keys_are_located {
    use super::*;

    fn problems_of(units: &str, orgs: Option<&str>) -> Vec<(String, Position, ProblemKind)> {
        let dir = folder("bad", units, orgs, None, None);
        let err = table::load_dir(&dir).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        err.problems()
            .iter()
            .map(|p| {
                (
                    p.file.file_name().unwrap().to_string_lossy().into_owned(),
                    p.position.clone(),
                    p.kind.clone(),
                )
            })
            .collect()
    }

    fn at(line: u64, column: &str) -> Position {
        Position::Line {
            line,
            column: Some(column.into()),
        }
    }

    #[test]
    fn a_reference_to_a_key_no_row_has_is_refused_at_its_cell() {
        let found = problems_of(
            "id,parent,kind,name\nJH-1,,district,白云区\nJH-2,JH-9,street,均禾街道\n",
            Some("id,parent,form,name,unit\nO-1,O-9,branch,甲党支部,JH-7\n"),
        );
        assert_eq!(
            found,
            [
                (
                    "units.csv".into(),
                    at(3, "parent"),
                    ProblemKind::UnknownKey { key: "JH-9".into() }
                ),
                (
                    "orgs.csv".into(),
                    at(2, "parent"),
                    ProblemKind::UnknownKey { key: "O-9".into() }
                ),
                (
                    "orgs.csv".into(),
                    at(2, "unit"),
                    ProblemKind::UnknownKey { key: "JH-7".into() }
                ),
            ]
        );
    }

    #[test]
    fn a_repeated_key_is_refused_naming_the_key_and_its_first_row() {
        let found = problems_of(
            "id,parent,kind,name\nJH-1,,district,白云区\nJH-2,JH-1,street,均禾街道\nJH-2,JH-1,street,松洲街道\n",
            None,
        );
        assert_eq!(
            found,
            [(
                "units.csv".into(),
                at(4, "id"),
                ProblemKind::DuplicateKey {
                    key: "JH-2".into(),
                    first: at(3, "id"),
                }
            )]
        );
        let found = problems_of(
            "id,parent,kind,name\n1,,district,白云区\n",
            Some("id,parent,form,name,unit\nO-1,,branch,甲,1\nO-1,,branch,乙,1\n"),
        );
        assert_eq!(
            found,
            [(
                "orgs.csv".into(),
                at(3, "id"),
                ProblemKind::DuplicateKey {
                    key: "O-1".into(),
                    first: at(2, "id"),
                }
            )]
        );
    }

    #[test]
    fn a_key_of_white_space_only_is_refused() {
        let found = problems_of(
            "id,parent,kind,name\n1,,district,白云区\n\" \",1,street,均禾街道\n",
            None,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, at(3, "id"));
        assert!(matches!(found[0].2, ProblemKind::BadValue { .. }));
    }

    #[test]
    fn keys_differing_only_in_case_or_spaces_are_different_rows() {
        let dir = folder(
            "case",
            "id,parent,kind,name\nJH-1,,district,白云区\njh-1,JH-1,street,均禾街道\nJH-1 ,JH-1,street,松洲街道\n",
            None,
            None,
            None,
        );
        let h = table::load_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(h.unit_by_key("jh-1").unwrap().name(), "均禾街道");
        assert_eq!(h.unit_by_key("JH-1 ").unwrap().name(), "松洲街道");
        assert_eq!(h.len(), 3);
    }
}

mod single_tables {
    use super::*;

    #[test]
    fn a_units_csv_alone_keyed_by_codes_loads_by_name_and_by_format() {
        let dir = scratch_path("file-keys", "single");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("units.csv");
        std::fs::write(&path, CODES_UNITS).unwrap();
        let a = load_path(&path).unwrap();
        let b = load_as(&path, Format::UnitsCsv).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(a, b);
        assert_eq!(
            a.unit_by_key("440111013201")
                .unwrap()
                .parent()
                .unwrap()
                .key(),
            "440111013000"
        );
    }
}

/// A large table is read on three threads (tokenizer, parser, builder); the result is the
/// one-thread reading's, row for row and problem for problem.
mod large_tables {
    use super::*;
    use std::fmt::Write as _;
    use std::io::Cursor;

    /// A units table of `n` rows (enough to be read on three threads), keyed by text or
    /// by number, with a bad cell and a missing parent at the rows given.
    fn big_table(n: usize, keyed: bool, bad_at: Option<usize>) -> String {
        let key = |i: usize| {
            if keyed {
                format!("K-{i:06}")
            } else {
                i.to_string()
            }
        };
        let mut t = String::from("id,parent,kind,name,full_members\n");
        writeln!(t, "{},,district,白云区,", key(1)).unwrap();
        for i in 2..=n {
            let (kind, parent) = if i % 50 == 2 {
                ("street", 1)
            } else {
                (
                    "community",
                    i - i % 50 + 2 - if i % 50 < 2 { 50 } else { 0 },
                )
            };
            let members = if Some(i) == bad_at {
                "many".to_owned()
            } else {
                (i % 97).to_string()
            };
            writeln!(
                t,
                "{},{},{kind},单位{i},{members}",
                key(i),
                key(parent.max(1))
            )
            .unwrap();
        }
        t
    }

    fn both_ways(
        text: &str,
    ) -> (
        Result<Hierarchy, Vec<String>>,
        Result<Hierarchy, Vec<String>>,
    ) {
        let dir = scratch_path("file-keys", "large");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("units.csv"), text).unwrap();
        let msgs = |e: partyorg::interchange::LoadError| {
            e.problems()
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
        };
        // The folder's units table is estimated large and read on three threads; a reader
        // of unknown size is read on one.
        let two = table::load_dir(&dir).map_err(msgs);
        let one = table::load_units_reader(Cursor::new(text.as_bytes()), dir.join("units.csv"))
            .map_err(msgs);
        std::fs::remove_dir_all(&dir).unwrap();
        (two, one)
    }

    #[test]
    fn a_large_table_reads_the_same_on_two_threads_as_on_one() {
        for keyed in [false, true] {
            let text = big_table(120_000, keyed, None);
            let (two, one) = both_ways(&text);
            let (two, one) = (two.unwrap(), one.unwrap());
            assert_eq!(two.len(), 120_000);
            assert_eq!(two, one, "keyed: {keyed}");
        }
    }

    #[test]
    fn a_large_table_with_a_bad_row_reports_the_same_problems_on_two_threads() {
        for keyed in [false, true] {
            let text = big_table(100_000, keyed, Some(77_777));
            let (two, one) = both_ways(&text);
            let (two, one) = (two.unwrap_err(), one.unwrap_err());
            assert!(two[0].contains("line 77778"), "{two:?}"); // the header is line 1
            assert_eq!(two, one);
        }
    }
}

/// The change log names units by key in tables and by id in a snapshot, and reads back.
mod changes_by_key {
    use super::*;

    #[test]
    fn a_keyed_log_is_written_with_keys_and_read_back_in_every_format() {
        let dir = folder("log", CODES_UNITS, Some(CODES_ORGS), None, None);
        let mut h = table::load_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let day = |m, d| NaiveDate::from_ymd_opt(2024, m, d).unwrap();
        let street = h.unit_by_key("440111013000").unwrap().id();
        let village = h.unit_by_key("440111013201").unwrap().id();
        let community = h.unit_by_key("440111013001").unwrap().id();
        h.rename_on(street, "均禾街道（新）", day(1, 1)).unwrap();
        h.merge(village, community, day(3, 1)).unwrap();
        let work = scratch_path("file-keys", "log-out");
        let out = work.join("tables");
        save_as(&h, &out, Format::Folder, Header::English).unwrap();
        let log = std::fs::read_to_string(out.join("changes.csv")).unwrap();
        // The log's rows name the units by their keys, as the other tables do.
        assert!(log.contains(",440111013000,"), "{log}");
        assert!(
            log.contains("440111013201") && log.contains("440111013001"),
            "{log}"
        );
        let from_csv = table::load_dir(&out).unwrap();
        assert_eq!(from_csv.changes(), h.changes());
        let json = work.join("snapshot.json");
        save_as(&h, &json, Format::Json, Header::English).unwrap();
        assert_eq!(load_path(&json).unwrap(), h);
        #[cfg(feature = "xlsx")]
        {
            let xlsx = work.join("book.xlsx");
            save_as(&h, &xlsx, Format::Xlsx, Header::Chinese).unwrap();
            assert_eq!(load_path(&xlsx).unwrap().changes(), h.changes());
        }
        std::fs::remove_dir_all(&work).unwrap();
    }

    #[test]
    fn a_log_row_naming_a_key_no_unit_has_is_refused_at_its_cell() {
        let dir = folder("log-bad", CODES_UNITS, None, None, None);
        std::fs::write(
            dir.join("changes.csv"),
            "date,unit,change,from,to\n2024-01-01,440111099999,rename,甲,乙\n",
        )
        .unwrap();
        let err = table::load_dir(&dir).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        let p = &err.problems()[0];
        assert_eq!(
            p.kind,
            ProblemKind::UnknownKey {
                key: "440111099999".into()
            }
        );
        assert_eq!(
            p.position,
            Position::Line {
                line: 2,
                column: Some("unit".into())
            }
        );
    }
}
