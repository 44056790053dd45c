//! Keys of pairings and records: kept byte for byte in the store (looked up, dropped with
//! their items, restored by a refused batch, counted in equality) and in every file
//! format (the `id` of a pairing row and of a record row, the changes table's `records`).

use partyorg::relation::PairingLink;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use partyorg::interchange::{Format, Header, Position, ProblemKind, load_path, save_as, table};
use partyorg::{
    Hierarchy, HierarchyError, Pairing, PairingId, PairingKind, Record, RecordId, RecordKind, Unit,
    UnitId, UnitKind, batch::Edit, hierarchy::Removal,
};

use crate::support::scratch_path;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, m, d).unwrap()
}

fn jb() -> Pairing {
    Pairing::new(PairingKind::JointBuilding)
}

fn activity(unit: UnitId, m: u32) -> Record {
    Record::new(unit, day(m, 1), RecordKind::Activity { participants: 9 })
}

/// A district with three streets.
fn streets() -> (Hierarchy, [UnitId; 3]) {
    let mut h = Hierarchy::new();
    let d = h
        .add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    let s = ["均禾街道", "石井街道", "松洲街道"]
        .map(|n| h.add_unit(Some(d), Unit::new(UnitKind::Street, n)).unwrap());
    (h, s)
}

mod in_the_store {
    use super::*;

    #[test]
    fn keyed_pairings_and_records_are_found_by_key_and_numbered_ones_by_number() {
        let (mut h, [a, b, c]) = streets();
        let p = h.add_pairing_with_key(a, b, jb(), "JD-001").unwrap();
        let q = h.add_pairing(b, c, jb()).unwrap();
        let r = h.add_record_with_key(activity(a, 5), "0001").unwrap();
        let s = h.add_record(activity(b, 6)).unwrap();
        assert_eq!(h.pairing_by_key("JD-001"), Some(p));
        assert_eq!(h.pairing_by_key(&q.0.to_string()), Some(q));
        assert_eq!(
            h.pairing_by_key(&p.0.to_string()),
            None,
            "keyed: not by number"
        );
        assert_eq!(h.pairing_by_key("jd-001"), None, "case counts");
        assert_eq!(h.record_by_key("0001"), Some(r));
        assert_eq!(s.0, 1);
        assert_eq!(h.record_by_key("1"), Some(s), "leading zeros count");
        assert_eq!(h.record_by_key(&s.0.to_string()), Some(s));
        assert_eq!(h.pairing_key(p).as_deref(), Some("JD-001"));
        assert_eq!(h.pairing_key(q).as_deref(), Some(q.0.to_string().as_str()));
        assert_eq!(h.record_key(r).as_deref(), Some("0001"));
        assert_eq!(h.record_key(RecordId(99)), None);
        assert_eq!(h.pairing_key(PairingId(99)), None);
        // Chinese, kept byte for byte; a key may be reused across the two tables.
        h.set_record_key(s, Some("记录 甲")).unwrap();
        h.set_pairing_key(q, Some("0001")).unwrap();
        assert_eq!(h.record_by_key("记录 甲"), Some(s));
        assert_eq!(h.pairing_by_key("0001"), Some(q));
        assert_eq!(h.record_by_key("0001"), Some(r));
    }

    #[test]
    fn bad_and_repeated_keys_are_refused_and_change_nothing() {
        let (mut h, [a, b, _]) = streets();
        let p = h.add_pairing_with_key(a, b, jb(), "JD-001").unwrap();
        let r = h.add_record_with_key(activity(a, 5), "HD-1").unwrap();
        let before = h.clone();
        let dup = |e| matches!(e, Err(HierarchyError::DuplicateKey { .. }));
        let bad = |e| matches!(e, Err(HierarchyError::BadKey { .. }));
        assert!(dup(h.add_pairing_with_key(b, a, jb(), "JD-001").map(drop)));
        assert!(dup(h.add_record_with_key(activity(b, 6), "HD-1").map(drop)));
        assert!(bad(h.add_pairing_with_key(b, a, jb(), " ").map(drop)));
        assert!(bad(h.add_record_with_key(activity(b, 6), "77").map(drop)));
        assert_eq!(h, before, "a refused add adds nothing");
        assert_eq!(h.pairings().count(), 1);
        assert_eq!(h.record_count(), 1);
        // The own number is no explicit key; another id's number is refused.
        h.set_pairing_key(p, Some(&p.0.to_string())).unwrap();
        assert_eq!(h.pairing_by_key(&p.0.to_string()), Some(p));
        assert_eq!(h.pairing_by_key("JD-001"), None);
        assert!(bad(h.set_record_key(r, Some("5"))));
        assert!(matches!(
            h.set_record_key(RecordId(42), Some("x")),
            Err(HierarchyError::UnknownRecord { .. })
        ));
        assert!(matches!(
            h.set_pairing_key(PairingId(42), Some("x")),
            Err(HierarchyError::UnknownPairing { .. })
        ));
    }

    #[test]
    fn keys_go_with_their_items_and_come_back_when_a_refused_batch_is_undone() {
        let (mut h, [a, b, c]) = streets();
        let p = h.add_pairing_with_key(a, b, jb(), "JD-001").unwrap();
        let q = h.add_pairing_with_key(b, c, jb(), "JD-002").unwrap();
        let r = h.add_record_with_key(activity(a, 5), "HD-1").unwrap();
        let s = h.add_record_with_key(activity(c, 6), "HD-2").unwrap();
        let before = h.clone();
        // Removals of every kind, then an edit that fails: all taken back.
        let refused = h.apply_batch(vec![
            Edit::RemovePairing { id: q },
            Edit::RemoveRecord { id: s },
            Edit::SetRecordKey {
                id: r,
                key: Some("HD-9".into()),
            },
            Edit::RemoveUnit {
                unit: a,
                how: Removal::LeafOnly,
            },
            Edit::RemoveRecord { id: RecordId(99) },
        ]);
        assert!(refused.is_err());
        assert_eq!(h, before);
        assert_eq!(h.pairing_by_key("JD-001"), Some(p));
        assert_eq!(h.pairing_by_key("JD-002"), Some(q));
        assert_eq!(h.record_by_key("HD-1"), Some(r));
        assert_eq!(h.record_by_key("HD-2"), Some(s));
        assert_eq!(h.record_by_key("HD-9"), None);
        // Removed for good: the keys go, and may be given again.
        h.remove_unit(a, Removal::LeafOnly).unwrap();
        h.remove_pairing(q).unwrap();
        h.remove_record(s).unwrap();
        for k in ["JD-001", "JD-002"] {
            assert_eq!(h.pairing_by_key(k), None, "{k}");
        }
        assert_eq!(h.record_by_key("HD-1"), None);
        assert_eq!(h.record_by_key("HD-2"), None);
        let again = h.add_pairing_with_key(b, c, jb(), "JD-001").unwrap();
        assert_eq!(h.pairing_by_key("JD-001"), Some(again));
        let again = h.add_record_with_key(activity(b, 7), "HD-1").unwrap();
        assert_eq!(h.record_by_key("HD-1"), Some(again));
    }

    #[test]
    fn a_batch_sets_keys_and_equality_counts_them() {
        let (mut h, [a, b, _]) = streets();
        let p = h.add_pairing(a, b, jb()).unwrap();
        let r = h.add_record(activity(a, 5)).unwrap();
        let plain = h.clone();
        h.apply_batch(vec![
            Edit::SetPairingKey {
                id: p,
                key: Some("JD-001".into()),
            },
            Edit::SetRecordKey {
                id: r,
                key: Some("HD-1".into()),
            },
        ])
        .unwrap();
        assert_ne!(h, plain, "keys count in equality");
        assert_eq!(h.pairing_by_key("JD-001"), Some(p));
        let mut other = plain.clone();
        other.set_pairing_key(p, Some("JD-001")).unwrap();
        other.set_record_key(r, Some("HD-2")).unwrap();
        assert_ne!(h, other);
        other.set_record_key(r, Some("HD-1")).unwrap();
        assert_eq!(h, other);
        h.apply(Edit::SetRecordKey { id: r, key: None }).unwrap();
        h.set_pairing_key(p, None).unwrap();
        assert_eq!(h, plain);
        assert_eq!(h.record_by_key("HD-1"), None);
    }

    #[test]
    fn a_merge_passes_records_with_their_keys() {
        let (mut h, [a, b, _]) = streets();
        let r = h.add_record_with_key(activity(a, 5), "HD-1").unwrap();
        h.merge(a, b, day(12, 1)).unwrap();
        assert_eq!(h.record_by_key("HD-1"), Some(r));
        assert_eq!(h.records_of(b).map(|(id, _)| id).collect::<Vec<_>>(), [r]);
    }
}

const UNITS: &str =
    "id,parent,kind,name\n1,,district,白云区\n2,1,street,均禾街道\n3,1,street,石井街道\n";
const RELATIONS: &str = "from,to,relation,id,pairing\n\
    2,3,pairing,JD-001,joint_building\n\
    3,2,pairing,0002,joint_building\n\
    2,3,pairing,7,joint_building\n";
const RECORDS: &str = "id,unit,date,type,participants\n\
    HD-甲,2,2023-05-04,activity,30\n\
    0001,3,2023-06-01,activity,12\n\
    5,2,2023-07-01,activity,8\n";

fn folder(tag: &str, relations: &str, records: &str) -> PathBuf {
    let dir = scratch_path("item-keys", tag);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("units.csv"), UNITS).unwrap();
    std::fs::write(dir.join("relations.csv"), relations).unwrap();
    std::fs::write(dir.join("records.csv"), records).unwrap();
    dir
}

/// A CSV table's `id` column, in its rows' order (empty cells left out).
fn id_column(path: &Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let at = r.headers().unwrap().iter().position(|h| h == "id").unwrap();
    r.records()
        .map(|rec| rec.unwrap()[at].to_owned())
        .filter(|c| !c.is_empty())
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// Pairings' keys with their ends' names, and records' keys with their dates.
type ItemKeys = (Vec<(String, String, String)>, Vec<(String, String)>);

/// Every pairing's and record's key, with what it holds, sorted.
fn item_keys(h: &Hierarchy) -> ItemKeys {
    let mut p: Vec<_> = h
        .pairings()
        .map(
            |PairingLink {
                 id, from: f, to: t, ..
             }| {
                let key = h.pairing_key(id).unwrap().into_owned();
                let end = |u: UnitId| h.unit(u).unwrap().name().to_owned();
                (key, end(f), end(t))
            },
        )
        .collect();
    p.sort();
    let mut r: Vec<_> = h
        .records()
        .map(|(id, r)| (h.record_key(id).unwrap().into_owned(), r.date.to_string()))
        .collect();
    r.sort();
    (p, r)
}

mod in_files {
    use super::*;

    #[test]
    fn keyed_pairings_and_records_load_and_convert_to_json_xlsx_and_back_byte_for_byte() {
        let dir = folder("convert", RELATIONS, RECORDS);
        let h = table::load_dir(&dir).unwrap();
        // Numbers are the ids themselves; keys take ids above the table's numbers, in
        // row order.
        assert_eq!(h.pairing_by_key("7"), Some(PairingId(7)));
        assert_eq!(h.pairing_by_key("JD-001"), Some(PairingId(8)));
        assert_eq!(h.pairing_by_key("0002"), Some(PairingId(9)));
        assert_eq!(h.record_by_key("5"), Some(RecordId(5)));
        assert_eq!(h.record_by_key("HD-甲"), Some(RecordId(6)));
        assert_eq!(h.record_by_key("0001"), Some(RecordId(7)));
        let keys = item_keys(&h);
        let work = scratch_path("item-keys", "convert-out");
        std::fs::create_dir_all(&work).unwrap();
        // CSV → JSON: numeric ids and `key` fields.
        let json = work.join("snapshot.json");
        save_as(&h, &json, Format::Json, Header::English).unwrap();
        let text = std::fs::read_to_string(&json).unwrap();
        assert!(text.contains("\"key\": \"JD-001\""), "{text}");
        assert!(text.contains("\"key\": \"HD-甲\""), "{text}");
        let from_json = load_path(&json).unwrap();
        assert_eq!(from_json, h, "JSON");
        // JSON → CSV.
        let out = work.join("tables-json");
        save_as(&from_json, &out, Format::Folder, Header::English).unwrap();
        assert_eq!(item_keys(&table::load_dir(&out).unwrap()), keys);
        // JSON → xlsx (both headers) → CSV.
        #[cfg(feature = "xlsx")]
        for header in [Header::English, Header::Chinese] {
            let xlsx = work.join(format!("book-{header:?}.xlsx"));
            save_as(&from_json, &xlsx, Format::Xlsx, header).unwrap();
            let from_xlsx = load_path(&xlsx).unwrap();
            assert_eq!(item_keys(&from_xlsx), keys, "xlsx {header:?}");
            assert_eq!(from_xlsx, h, "xlsx {header:?}");
            let out = work.join(format!("tables-{header:?}"));
            save_as(&from_xlsx, &out, Format::Folder, Header::English).unwrap();
            for (file, original) in [("relations.csv", RELATIONS), ("records.csv", RECORDS)] {
                let wanted = {
                    let p = work.join(format!("orig-{file}"));
                    std::fs::write(&p, original).unwrap();
                    id_column(&p)
                };
                assert_eq!(
                    sorted(id_column(&out.join(file))),
                    sorted(wanted),
                    "{file} {header:?}"
                );
            }
            let again = table::load_dir(&out).unwrap();
            assert_eq!(item_keys(&again), keys);
        }
        std::fs::remove_dir_all(&work).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_merges_records_are_named_by_key_in_tables_and_by_id_in_a_snapshot() {
        let dir = folder("merge", RELATIONS, RECORDS);
        let mut h = table::load_dir(&dir).unwrap();
        let (a, b) = (UnitId(2), UnitId(3));
        h.merge(a, b, day(12, 1)).unwrap();
        assert_eq!(h.record_by_key("HD-甲"), Some(RecordId(6)));
        let work = scratch_path("item-keys", "merge-out");
        save_as(&h, &work, Format::Folder, Header::English).unwrap();
        let changes = std::fs::read_to_string(work.join("changes.csv")).unwrap();
        assert!(
            changes.contains("5;HD-甲") || changes.contains("HD-甲;5"),
            "{changes}"
        );
        let again = table::load_dir(&work).unwrap();
        assert_eq!(again, h);
        let json = scratch_path("item-keys", "merge.json");
        save_as(&h, &json, Format::Json, Header::English).unwrap();
        let text = std::fs::read_to_string(&json).unwrap();
        assert!(!text.contains("5;HD"), "{text}");
        assert_eq!(load_path(&json).unwrap(), h);
        #[cfg(feature = "xlsx")]
        {
            let xlsx = scratch_path("item-keys", "merge.xlsx");
            save_as(&h, &xlsx, Format::Xlsx, Header::Chinese).unwrap();
            assert_eq!(load_path(&xlsx).unwrap(), h);
            std::fs::remove_file(&xlsx).unwrap();
        }
        std::fs::remove_dir_all(&work).unwrap();
        std::fs::remove_file(&json).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn numeric_pairing_and_record_ids_load_unchanged_and_gain_no_keys() {
        let relations = "from,to,relation,id,pairing\n2,3,pairing,4,joint_building\n3,2,pairing,0,joint_building\n";
        let records = "id,unit,date,type,participants\n3,2,2023-05-04,activity,30\n0,3,2023-06-01,activity,12\n";
        let dir = folder("numeric", relations, records);
        let h = table::load_dir(&dir).unwrap();
        let mut ids: Vec<u32> = h.pairings().map(|PairingLink { id, .. }| id.0).collect();
        ids.sort_unstable();
        assert_eq!(ids, [0, 4]);
        let ids: Vec<u32> = h.records().map(|(id, _)| id.0).collect();
        assert_eq!(ids, [0, 3]);
        assert_eq!(h.pairing_key(PairingId(4)).as_deref(), Some("4"));
        let json = partyorg::interchange::json::to_string(&h);
        assert!(!json.contains("\"key\""), "{json}");
        let out = scratch_path("item-keys", "numeric-out");
        save_as(&h, &out, Format::Folder, Header::English).unwrap();
        assert_eq!(sorted(id_column(&out.join("relations.csv"))), ["0", "4"]);
        assert_eq!(sorted(id_column(&out.join("records.csv"))), ["0", "3"]);
        assert_eq!(table::load_dir(&out).unwrap(), h);
        std::fs::remove_dir_all(&out).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn at(line: u64, column: &str) -> Position {
        Position::Line {
            line,
            column: Some(column.into()),
        }
    }

    #[test]
    fn a_repeated_key_is_refused_at_its_row_naming_the_first() {
        let relations = "from,to,relation,id,pairing\n2,3,pairing,JD-1,joint_building\n3,2,pairing,JD-1,joint_building\n";
        let records = "id,unit,date,type,participants\n0001,2,2023-05-04,activity,30\n7,2,2023-05-04,activity,30\n0001,3,2023-06-01,activity,12\n";
        let dir = folder("dup", relations, records);
        let err = table::load_dir(&dir).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        let found: Vec<(String, Position, ProblemKind)> = err
            .problems()
            .iter()
            .map(|p| {
                (
                    p.file.file_name().unwrap().to_string_lossy().into_owned(),
                    p.position.clone(),
                    p.kind.clone(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "relations.csv".into(),
                    at(3, "id"),
                    ProblemKind::DuplicateKey {
                        key: "JD-1".into(),
                        first: at(2, "id"),
                    }
                ),
                (
                    "records.csv".into(),
                    at(4, "id"),
                    ProblemKind::DuplicateKey {
                        key: "0001".into(),
                        first: at(2, "id"),
                    }
                ),
            ]
        );
    }

    #[test]
    fn a_snapshots_repeated_key_is_refused() {
        let (mut h, [a, b, _]) = streets();
        h.add_record_with_key(activity(a, 5), "HD-1").unwrap();
        h.add_record_with_key(activity(b, 6), "HD-2").unwrap();
        let text = partyorg::interchange::json::to_string(&h).replace("HD-2", "HD-1");
        let err = partyorg::interchange::json::from_str(&text).unwrap_err();
        assert!(
            err.problems()
                .iter()
                .any(|p| matches!(&p.kind, ProblemKind::DuplicateKey { key, .. } if key == "HD-1")),
            "{err}"
        );
    }
}
