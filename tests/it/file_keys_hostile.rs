//! Keys in files under hostile input: keys with spaces around them in lists, keys that
//! run out of ids, a GB18030 twin of a keyed folder, a clean file's single reading, and
//! the problems of a large keyed table on three threads.

use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use partyorg::history::EventKind;
use partyorg::interchange::{
    Format, Header, LoadError, Position, ProblemKind, load_path, save_as, table,
};
use partyorg::{Hierarchy, HierarchyError};

use crate::support::scratch_path;

/// A folder holding the tables given, by file name.
fn folder(tag: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = scratch_path("file-keys-hostile", tag);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    dir
}

/// The keys of the units a joint branch keyed `org` covers, sorted.
fn covered(h: &Hierarchy, org: &str) -> Vec<String> {
    let mut v: Vec<String> = h
        .org_by_key(org)
        .unwrap()
        .covers()
        .map(|u| u.key().into_owned())
        .collect();
    v.sort();
    v
}

mod lists_keep_keys_as_written {
    use super::*;

    const UNITS: &str = "id,parent,kind,name\nA,,district,甲\n\" B\",A,coop,乙\nB,A,coop,丙\n\"C \",A,coop,丁\nC,A,coop,戊\n";

    #[test]
    fn a_covers_list_names_keys_with_spaces_around_them_as_written_in_every_format() {
        let dir = folder(
            "covers",
            &[
                ("units.csv", UNITS.as_bytes()),
                (
                    "orgs.csv",
                    "id,parent,form,name,unit,covers\nO,,joint_branch,联合党支部,A,\" B;C \"\nP,,joint_branch,联合党支部二,A,B ; C\n"
                        .as_bytes(),
                ),
            ],
        );
        let h = table::load_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        // As written: " B" and "C " are rows' keys; "B " and " C" are not, and are
        // trimmed (the older, spaced list form).
        assert_eq!(covered(&h, "O"), [" B", "C "]);
        assert_eq!(covered(&h, "P"), ["B", "C"]);
        // Written and read back in every format, each covers the same units.
        let work = scratch_path("file-keys-hostile", "covers-out");
        #[cfg_attr(not(feature = "xlsx"), allow(unused_mut))]
        let mut formats = vec![(Format::Folder, "tables"), (Format::Json, "snapshot.json")];
        #[cfg(feature = "xlsx")]
        formats.push((Format::Xlsx, "book.xlsx"));
        for (format, name) in formats {
            let path = work.join(name);
            save_as(&h, &path, format, Header::English).unwrap();
            let back = load_path(&path).unwrap();
            assert_eq!(covered(&back, "O"), [" B", "C "], "{format:?}");
            assert_eq!(covered(&back, "P"), ["B", "C"], "{format:?}");
            assert_eq!(back, h, "{format:?}");
        }
        std::fs::remove_dir_all(&work).unwrap();
    }

    #[test]
    fn a_change_logs_lists_name_keys_with_spaces_around_them_as_written() {
        let dir = folder(
            "log-lists",
            &[(
                "units.csv",
                "id,parent,kind,name\nA,,district,甲\nX,A,street,乙\n\" K\",X,community,丙\n\"L \",X,community,丁\nK,X,community,戊\nY,A,street,己\n"
                    .as_bytes(),
            )],
        );
        let mut h = table::load_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let x = h.unit_by_key("X").unwrap().id();
        let y = h.unit_by_key("Y").unwrap().id();
        h.merge(x, y, NaiveDate::from_ymd_opt(2024, 3, 1).unwrap())
            .unwrap();
        let out = scratch_path("file-keys-hostile", "log-lists-out");
        save_as(&h, &out, Format::Folder, Header::English).unwrap();
        let log = std::fs::read_to_string(out.join("changes.csv")).unwrap();
        assert!(log.contains(" K") && log.contains("L "), "{log}");
        let back = table::load_dir(&out).unwrap();
        std::fs::remove_dir_all(&out).unwrap();
        // The merge's children, by key, are those written (ids are given anew).
        assert_eq!(merged_children(&back), merged_children(&h));
        assert_eq!(merged_children(&back), [" K", "K", "L "]);
    }

    /// The keys of the children the log's merge passed, sorted.
    fn merged_children(h: &Hierarchy) -> Vec<String> {
        let mut v: Vec<String> = h
            .changes()
            .iter()
            .flat_map(|e| match &e.kind {
                EventKind::Merge { children, .. } => children.clone(),
                _ => Vec::new(),
            })
            .map(|id| h.unit(id).unwrap().key().into_owned())
            .collect();
        v.sort();
        v
    }
}

mod keys_that_run_out {
    use super::*;

    fn problems(dir: &Path) -> Vec<(PathBuf, Position, ProblemKind)> {
        let err = table::load_dir(dir).unwrap_err();
        err.problems()
            .iter()
            .map(|p| (p.file.clone(), p.position.clone(), p.kind.clone()))
            .collect()
    }

    #[test]
    fn keys_left_no_id_above_the_tables_numbers_are_refused_in_the_units_file() {
        let dir = folder(
            "full-units",
            &[(
                "units.csv",
                b"id,parent,kind,name\n4294967294,,district,\xe7\x94\xb2\nA,4294967294,street,\xe4\xb9\x99\n",
            )],
        );
        let found = problems(&dir);
        let full = found
            .iter()
            .find(|p| matches!(p.2, ProblemKind::Refused(_)))
            .unwrap();
        assert_eq!(full.0, dir.join("units.csv"));
        assert_eq!(full.1, Position::File);
        assert_eq!(
            full.2,
            ProblemKind::Refused(HierarchyError::Full { what: "unit ids" })
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn organization_keys_that_run_out_name_organization_ids() {
        let dir = folder(
            "full-orgs",
            &[
                ("units.csv", "id,parent,kind,name\n1,,district,甲\n".as_bytes()),
                (
                    "orgs.csv",
                    "id,parent,form,name,unit\n4294967294,,committee,甲党委,1\nO,,committee,乙党委,1\n"
                        .as_bytes(),
                ),
            ],
        );
        let found = problems(&dir);
        assert!(
            found.iter().any(|p| p.0 == dir.join("units.csv")
                && p.2
                    == ProblemKind::Refused(HierarchyError::Full {
                        what: "organization ids"
                    })),
            "{found:?}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// A GB18030 folder with Chinese headers and Chinese keys loads as its UTF-8 twin, also
/// when its first reading meets a problem as well as keys (three readings).
mod gb18030_keys {
    use super::*;

    const UNITS: &str = "编号,上级编号,类型,名称,组织形式\n白云区,,区,白云区,党委\n均禾街道,白云区,街道,均禾街道,党委\n石马桥村,均禾街道,村,石马桥村,党支部\n";
    const ORGS: &str = "编号,上级党组织,党组织类别,党组织名称,所在单位\n区委组织部党委,,党委,区委组织部党委,白云区\n";

    fn gb(text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
        assert!(!unmappable);
        bytes.into_owned()
    }

    #[test]
    fn a_gb18030_keyed_folder_loads_with_the_keys_of_its_utf8_twin() {
        let utf8 = folder(
            "utf8",
            &[
                ("units.csv", UNITS.as_bytes()),
                ("orgs.csv", ORGS.as_bytes()),
            ],
        );
        let gb18030 = folder(
            "gb18030",
            &[("units.csv", &gb(UNITS)), ("orgs.csv", &gb(ORGS))],
        );
        let a = table::load_dir(&utf8).unwrap();
        let b = table::load_dir(&gb18030).unwrap();
        std::fs::remove_dir_all(&utf8).unwrap();
        std::fs::remove_dir_all(&gb18030).unwrap();
        assert_eq!(a, b);
        assert_eq!(
            b.unit_by_key("石马桥村").unwrap().parent().unwrap().key(),
            "均禾街道"
        );
        assert_eq!(
            b.org_by_key("区委组织部党委").unwrap().based_in().key(),
            "白云区"
        );
    }

    #[test]
    fn a_gb18030_keyed_file_with_a_bad_cell_reports_it_where_its_utf8_twin_does() {
        let text = UNITS.replace("石马桥村,党支部", "石马桥村,党小组");
        let utf8 = folder("utf8-bad", &[("units.csv", text.as_bytes())]);
        let gb18030 = folder("gb18030-bad", &[("units.csv", &gb(&text))]);
        let strip = |e: LoadError| {
            e.problems()
                .iter()
                .map(|p| (p.position.clone(), p.kind.clone()))
                .collect::<Vec<_>>()
        };
        let a = strip(table::load_dir(&utf8).unwrap_err());
        let b = strip(table::load_dir(&gb18030).unwrap_err());
        std::fs::remove_dir_all(&utf8).unwrap();
        std::fs::remove_dir_all(&gb18030).unwrap();
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a, b);
        assert_eq!(
            a[0].0,
            Position::Line {
                line: 4,
                column: Some("party_form".into())
            }
        );
    }
}

/// How often a reader is read through: a clean numeric UTF-8 file once, a keyed one
/// twice.
mod readings {
    use super::*;

    /// A reader counting the bytes read through it.
    struct Counting {
        inner: Cursor<Vec<u8>>,
        read: u64,
    }

    impl Read for Counting {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.read += n as u64;
            Ok(n)
        }
    }

    impl Seek for Counting {
        fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
            self.inner.seek(pos)
        }
    }

    /// The bytes read to load `text`, in file lengths.
    fn readings(text: &str) -> f64 {
        let mut r = Counting {
            inner: Cursor::new(text.as_bytes().to_vec()),
            read: 0,
        };
        table::load_units_reader(&mut r, Path::new("units.csv")).unwrap();
        r.read as f64 / text.len() as f64
    }

    #[test]
    fn a_clean_numeric_file_is_read_once_and_a_keyed_one_twice() {
        let mut numeric = String::from("id,parent,kind,name\n1,,district,白云区\n");
        let mut keyed = String::from("id,parent,kind,name\nK-1,,district,白云区\n");
        for i in 2..2000 {
            numeric.push_str(&format!("{i},1,street,街道{i}\n"));
            keyed.push_str(&format!("K-{i},K-1,street,街道{i}\n"));
        }
        assert_eq!(readings(&numeric), 1.0);
        assert_eq!(readings(&keyed), 2.0);
    }
}

/// A large keyed table (read on three threads) reports a cycle, a missing parent's key and
/// repeated keys as the one-thread reading does: same positions, order and total.
mod large_keyed_problems {
    use super::*;

    #[test]
    fn a_large_keyed_tables_structural_problems_are_those_of_one_thread() {
        let mut text = String::from("id,parent,kind,name\nK-0,,district,甲\n");
        for i in 1..70_000 {
            text.push_str(&format!("K-{i},K-0,street,单位{i}\n"));
        }
        text.push_str("X,Y,street,x\nY,X,street,y\nZ,NOPE,street,z\nK-5,K-0,street,dup\n");
        let dir = folder("large", &[("units.csv", text.as_bytes())]);
        let path = dir.join("units.csv");
        let two = table::load_dir(&dir).unwrap_err();
        let one = table::load_units_reader(Cursor::new(text.into_bytes()), &path).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        let all = |e: &LoadError| match e {
            LoadError::Invalid { problems, total } => (problems.clone(), *total),
            other => panic!("{other}"),
        };
        let (two, one) = (all(&two), all(&one));
        assert_eq!(two, one);
        let kinds: Vec<&ProblemKind> = two.0.iter().map(|p| &p.kind).collect();
        assert_eq!(two.1, 3, "{kinds:?}");
        assert!(
            matches!(kinds[0], ProblemKind::UnknownKey { key } if key == "NOPE"),
            "{kinds:?}"
        );
        assert!(
            kinds.iter().any(|k| matches!(k, ProblemKind::Cycle { .. })),
            "{kinds:?}"
        );
        assert!(
            kinds
                .iter()
                .any(|k| matches!(k, ProblemKind::DuplicateKey { key, .. } if key == "K-5")),
            "{kinds:?}"
        );
    }
}

/// Keys and numbers mixed in every order, and the two spaces of keys.
mod mixed {
    use super::*;
    use partyorg::UnitId;

    #[test]
    fn a_child_keyed_before_its_parent_and_numbers_after_keys_keep_their_places() {
        let h = table::load_units_reader(
            Cursor::new(
                "id,parent,kind,name\nJH-2,JH-1,street,乙\nJH-1,,district,甲\n5,JH-2,community,丙\n3,5,estate,丁\n",
            ),
            Path::new("units.csv"),
        )
        .unwrap();
        // Numbers are the ids; keys take ids above the largest number, in row order.
        assert_eq!(h.unit(UnitId(5)).unwrap().parent().unwrap().key(), "JH-2");
        assert_eq!(h.unit(UnitId(3)).unwrap().parent().unwrap().id(), UnitId(5));
        assert_eq!(h.unit_by_key("JH-2").unwrap().id(), UnitId(6));
        assert_eq!(h.unit_by_key("JH-1").unwrap().id(), UnitId(7));
    }

    #[test]
    fn units_and_orgs_may_share_a_key_and_party_parent_names_an_orgs_key() {
        let dir = folder(
            "spaces",
            &[
                (
                    "units.csv",
                    "id,parent,kind,name,party_form,party_parent\nK,,district,甲,committee,\nU2,K,street,乙,committee,K\n"
                        .as_bytes(),
                ),
                (
                    "orgs.csv",
                    "id,parent,form,name,unit\nK,,committee,机关党委,K\n".as_bytes(),
                ),
            ],
        );
        let h = table::load_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let org = h.org_by_key("K").unwrap();
        assert_eq!(org.name(), "机关党委");
        assert_eq!(h.unit_by_key("K").unwrap().name(), "甲");
        let own = h
            .own_org_of_unit(h.unit_by_key("U2").unwrap().id())
            .unwrap();
        assert_eq!(h.org(own).unwrap().superior().unwrap().key(), "K");
    }

    #[test]
    fn a_party_parent_number_above_the_orgs_numbers_names_no_organization() {
        // O-1 takes organization id 6; a cell saying 6 does not reach it.
        let dir = folder(
            "above-orgs",
            &[
                (
                    "units.csv",
                    "id,parent,kind,name,party_form,party_parent\n1,,district,甲,committee,\n2,1,street,乙,committee,6\n"
                        .as_bytes(),
                ),
                (
                    "orgs.csv",
                    "id,parent,form,name,unit\n5,,committee,甲党委,1\nO-1,,committee,乙党委,1\n"
                        .as_bytes(),
                ),
            ],
        );
        let err = table::load_dir(&dir).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        let p = &err.problems()[0];
        assert_eq!(p.kind, ProblemKind::UnknownKey { key: "6".into() });
        assert_eq!(
            p.position,
            Position::Line {
                line: 3,
                column: Some("party_parent".into())
            }
        );
        assert_eq!(err.problems().len(), 1);
    }
}
