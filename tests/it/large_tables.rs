//! Large units tables, which are read on three threads (a tokenizer, the parser, the
//! builder, which builds the forest while the other tables are read) from 65,536 rows
//! on: every such reading gives what the one-thread reading of the same bytes gives —
//! the same hierarchy, children in the same order, the same problems at the same places.

use std::io::Cursor;
use std::path::PathBuf;

use partyorg::interchange::{LoadError, Problem, ProblemKind, table};
use partyorg::{Hierarchy, UnitId};

use crate::support::scratch_path;

/// Rows in the tables below: past the size from which a table is read on three threads.
const ROWS: u32 = 70_000;

/// A folder holding the tables given, by file name.
fn folder(tag: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = scratch_path("large-tables", tag);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

/// A district, streets and communities with party forms and members; `late` communities
/// come before their street (their parent's row is further down the file).
fn units_text(late: u32) -> String {
    let mut t = String::from("id,parent,kind,name,party_form,full_members\n1,,district,区,,\n");
    let streets = 200;
    // The first `late` communities, named before any street.
    for c in 0..late {
        let id = 1_000 + c;
        let street = 2 + c % streets;
        t.push_str(&format!(
            "{id},{street},community,社区{id},branch,{}\n",
            c % 40
        ));
    }
    for s in 0..streets {
        let id = 2 + s;
        t.push_str(&format!("{id},1,street,街道{id},committee,\n"));
    }
    for c in late..ROWS - 1 - streets {
        let id = 1_000 + c;
        let street = 2 + c % streets;
        t.push_str(&format!(
            "{id},{street},community,社区{id},branch,{}\n",
            c % 40
        ));
    }
    t
}

/// Every unit's id with its depth, in pre-order from the roots (children in their
/// order), and every organization's id with its unit's: the shape the reading built.
type Shape = (Vec<(UnitId, u32)>, Vec<(u32, UnitId)>);

fn shape(h: &Hierarchy) -> Shape {
    let mut units = Vec::new();
    for root in h.roots() {
        for v in h.subtree(root.id()).unwrap() {
            units.push((v.unit.id(), v.depth));
        }
    }
    let orgs = h.orgs().map(|o| (o.id().0, o.based_in().id())).collect();
    (units, orgs)
}

/// The problems of a refused load.
fn problems(e: LoadError) -> (Vec<Problem>, usize) {
    match e {
        LoadError::Invalid { problems, total } => (problems, total),
        other => panic!("{other}"),
    }
}

mod the_same_hierarchy_as_one_thread {
    use super::*;

    #[test]
    fn rows_in_order_build_the_hierarchy_of_the_one_thread_reading() {
        let text = units_text(0);
        let dir = folder("in-order", &[("units.csv", &text)]);
        let three = table::load_dir(&dir).unwrap();
        let one = table::load_units_reader(Cursor::new(text), dir.join("units.csv")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(three.len(), ROWS as usize);
        assert_eq!(shape(&three), shape(&one));
        assert_eq!(three, one);
        // The streets' working committees and the communities' branches are there, and
        // the members add up as the file gives them.
        assert_eq!(three.org_count(), ROWS as usize - 1);
        let want: u64 = (0..ROWS - 201).map(|c| u64::from(c % 40)).sum();
        assert_eq!(
            three
                .totals(UnitId(1), &partyorg::Period::ALL)
                .unwrap()
                .full_members,
            want
        );
    }

    #[test]
    fn children_named_before_their_parents_keep_the_files_order() {
        // A third of the communities come before every street: they wait for the build,
        // which joins them after the rows joined as they came, in row order.
        let text = units_text(ROWS / 3);
        let dir = folder("late", &[("units.csv", &text)]);
        let three = table::load_dir(&dir).unwrap();
        let one = table::load_units_reader(Cursor::new(text), dir.join("units.csv")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(shape(&three), shape(&one));
        assert_eq!(three, one);
        // Children of a street in the file's order: the early communities first.
        let kids: Vec<UnitId> = three.children(UnitId(2)).unwrap().map(|u| u.id()).collect();
        let mut sorted = kids.clone();
        sorted.sort();
        assert_eq!(kids, sorted);
        assert_eq!(kids[0], UnitId(1_000));
    }
}

mod problems_as_one_thread {
    use super::*;

    #[test]
    fn a_cycle_and_a_missing_parent_at_the_end_are_reported_where_one_thread_reports_them() {
        let mut text = units_text(0);
        text.push_str("900000,900001,community,甲,,\n900001,900000,community,乙,,\n");
        text.push_str("900002,777,community,丙,,\n");
        let dir = folder("cycle", &[("units.csv", &text)]);
        let path = dir.join("units.csv");
        let three = problems(table::load_dir(&dir).unwrap_err());
        let one = problems(table::load_units_reader(Cursor::new(text), &path).unwrap_err());
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(three, one);
        assert_eq!(three.1, 2);
        assert!(
            three
                .0
                .iter()
                .any(|p| matches!(p.kind, ProblemKind::Cycle { .. }))
        );
        assert!(
            three
                .0
                .iter()
                .any(|p| matches!(p.kind, ProblemKind::MissingParent { .. }))
        );
    }

    #[test]
    fn a_bad_row_of_another_table_refuses_the_load_after_a_clean_large_units_table() {
        // The units are read cleanly and built in the background while the relations
        // are read; a relation naming no unit refuses the whole load all the same.
        let units = units_text(0);
        let relations = "from,to,relation,id,pairing,since,until,count,sections,cadres,households,secretary,org\n2,424242,covers,,,,,,,,,,\n";
        let dir = folder(
            "bad-relation",
            &[("units.csv", &units), ("relations.csv", relations)],
        );
        let err = problems(table::load_dir(&dir).unwrap_err());
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(err.1, 1, "{:?}", err.0);
        assert!(err.0[0].file.ends_with("relations.csv"), "{:?}", err.0);
    }

    #[test]
    fn a_malformed_record_in_a_large_table_is_located_as_by_one_thread() {
        let mut text = units_text(0);
        let at = text.len();
        text.push_str("990000,1,street,多一格,,,\n");
        text.push_str("990001,1,street,\"引号\n跨行\",,\n");
        let dir = folder("malformed", &[("units.csv", &text)]);
        let path = dir.join("units.csv");
        let three = problems(table::load_dir(&dir).unwrap_err());
        let one = problems(table::load_units_reader(Cursor::new(text.clone()), &path).unwrap_err());
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(three, one);
        let line = 1 + text[..at].matches('\n').count() as u64;
        assert!(
            three.0.iter().any(|p| matches!(
                (&p.kind, &p.position),
                (ProblemKind::MalformedCsv { .. }, partyorg::interchange::Position::Line { line: l, .. }) if *l == line
            )),
            "{:?}",
            three.0
        );
    }
}
