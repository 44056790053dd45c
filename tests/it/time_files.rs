//! The change log in files: `changes.csv` in a folder, `changes` in JSON snapshots and
//! workbooks, kept across a save and a load with every view; located errors for a log
//! that disagrees with the tables.

use chrono::NaiveDate;
use partyorg::interchange::{json, table};
use partyorg::{
    Hierarchy, HierarchyError, Members, Unit, UnitId, UnitKind, interchange::Position,
    interchange::ProblemKind,
};

use crate::support::scratch_path;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A district with a rename (2023-03-01), a move (2023-07-01) and a merge (2024-01-01):
/// ids 0 district, 1 东街 (renamed), 2 西街道, 3 和平社区 (moved), 4 town, 5 上村
/// (absorber), 6 下村 (merged), 7 中村.
fn district() -> Hierarchy {
    let mut h = Hierarchy::new();
    let u = |kind, name: &str, full| Unit::new(kind, name).with_members(Members::new(full, 0));
    let district = h
        .add_unit(None, u(UnitKind::District, "样例区", 0))
        .unwrap();
    let east = h
        .add_unit(Some(district), u(UnitKind::Street, "东街道", 10))
        .unwrap();
    let west = h
        .add_unit(Some(district), u(UnitKind::Street, "西街道", 12))
        .unwrap();
    let community = h
        .add_unit(Some(east), u(UnitKind::Community, "和平社区", 40))
        .unwrap();
    let town = h
        .add_unit(Some(district), u(UnitKind::Town, "样例镇", 8))
        .unwrap();
    let kept = h
        .add_unit(Some(town), u(UnitKind::Village, "上村", 30))
        .unwrap();
    let merged = h
        .add_unit(Some(town), u(UnitKind::Village, "下村", 20))
        .unwrap();
    h.add_unit(Some(town), u(UnitKind::Village, "中村", 25))
        .unwrap();
    h.add_record(partyorg::Record::new(
        merged,
        d(2023, 5, 4),
        partyorg::RecordKind::Activity { participants: 9 },
    ))
    .unwrap();
    h.rename_on(east, "东街", d(2023, 3, 1)).unwrap();
    h.move_unit_on(community, Some(west), d(2023, 7, 1))
        .unwrap();
    h.merge(merged, kept, d(2024, 1, 1)).unwrap();
    h.count_members_on(kept, Members::new(52, 1), d(2024, 2, 1))
        .unwrap();
    h.recode_on(town, Some("440111100000".parse().unwrap()), d(2024, 2, 1))
        .unwrap();
    h
}

const DATES: [(i32, u32, u32); 6] = [
    (2023, 2, 28),
    (2023, 6, 30),
    (2023, 12, 31),
    (2024, 1, 1),
    (2024, 1, 31),
    (2024, 6, 30),
];

/// The loaded hierarchy equals the saved one, log included, and so does every view.
fn same_everywhere(saved: &Hierarchy, loaded: &Hierarchy) {
    assert_eq!(loaded, saved);
    assert_eq!(loaded.changes(), saved.changes());
    for (y, m, day) in DATES {
        let date = d(y, m, day);
        assert_eq!(
            *loaded.as_of(date).unwrap(),
            *saved.as_of(date).unwrap(),
            "{date}"
        );
    }
}

#[test]
fn a_folder_keeps_the_log_and_every_view() {
    let h = district();
    let dir = scratch_path("time", "folder");
    table::save_dir(&h, &dir).unwrap();
    let text = std::fs::read_to_string(dir.join("changes.csv")).unwrap();
    assert_eq!(
        text.lines().take(3).collect::<Vec<_>>(),
        [
            "date,unit,org,change,from,to,children,records,orgs,members",
            "2023-03-01,1,,rename,东街道,东街,,,,",
            "2023-07-01,3,,move,1,2,,,,",
        ]
    );
    assert!(text.contains("2024-01-01,6,,merge,,5,,0,,20/0\n"));
    same_everywhere(&h, &table::load_dir(&dir).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_json_snapshot_keeps_the_log_and_every_view() {
    let h = district();
    let text = json::to_string(&h);
    assert!(text.contains("\"changes\""));
    same_everywhere(&h, &json::from_str(&text).unwrap());
    // A hierarchy without a log writes no `changes`.
    let plain = Hierarchy::new();
    assert!(!json::to_string(&plain).contains("changes"));
}

#[cfg(feature = "xlsx")]
#[test]
fn a_workbook_keeps_the_log_and_every_view() {
    let h = district();
    let path = scratch_path("time", "book.xlsx");
    partyorg::save_path(&h, &path).unwrap();
    same_everywhere(&h, &partyorg::load_path(&path).unwrap());
    std::fs::remove_file(&path).unwrap();
}

/// Saves `h` to a folder, rewrites its `changes.csv` with `edit`, and loads it again.
fn load_edited(
    h: &Hierarchy,
    tag: &str,
    edit: impl Fn(String) -> String,
) -> Vec<partyorg::interchange::Problem> {
    let dir = scratch_path("time", tag);
    table::save_dir(h, &dir).unwrap();
    let path = dir.join("changes.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(text)).unwrap();
    let problems = table::load_dir(&dir).unwrap_err().problems().to_vec();
    std::fs::remove_dir_all(&dir).unwrap();
    problems
}

fn at_line(p: &partyorg::interchange::Problem, line: u64) {
    assert!(p.file.ends_with("changes.csv"), "{p}");
    assert!(
        matches!(&p.position, Position::Line { line: l, .. } if *l == line),
        "{p}"
    );
}

#[test]
fn a_move_that_disagrees_with_the_parent_now_is_a_located_error() {
    let problems = load_edited(&district(), "disagree", |t| {
        t.replace("2023-07-01,3,,move,1,2,", "2023-07-01,3,,move,2,1,")
    });
    assert_eq!(problems.len(), 1);
    at_line(&problems[0], 3);
    assert!(matches!(
        problems[0].kind,
        ProblemKind::Refused(HierarchyError::History { index: 1, .. })
    ));
}

#[test]
fn a_change_before_its_unit_was_founded_is_a_located_error() {
    let mut h = district();
    let east = UnitId(1);
    let mut details = h.unit(east).unwrap().details().clone();
    details.founded = Some(d(2023, 6, 1));
    h.set_details(east, details).unwrap();
    let problems = load_edited(&h, "founded", |t| t);
    at_line(&problems[0], 2);
    assert!(matches!(
        problems[0].kind,
        ProblemKind::Refused(HierarchyError::BeforeFounded { .. })
    ));
}

#[test]
fn a_merge_into_a_dissolved_unit_is_a_located_error() {
    let mut h = district();
    let kept = UnitId(5);
    let mut details = h.unit(kept).unwrap().details().clone();
    details.dissolved = Some(d(2023, 12, 1));
    h.set_details(kept, details).unwrap();
    // The later member count of the absorber goes first: it no longer stands either.
    let problems = load_edited(&h, "dissolved", |t| {
        t.lines()
            .filter(|l| !l.contains(",members,") && !l.contains(",recode,"))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    at_line(&problems[0], 4);
    assert!(matches!(
        problems[0].kind,
        ProblemKind::Refused(HierarchyError::NotStanding { .. })
    ));
}

#[test]
fn a_move_into_its_own_subtree_is_a_located_error() {
    // The town said to have moved from under its own village: taken back, it would
    // stand in its own subtree, where it may not.
    let problems = load_edited(&district(), "subtree", |t| {
        t.replace("2023-07-01,3,,move,1,2,", "2023-07-01,4,,move,5,0,")
    });
    at_line(&problems[0], 3);
    assert!(matches!(
        &problems[0].kind,
        ProblemKind::Refused(HierarchyError::History { what, .. }) if what.contains("may not")
    ));
}

#[test]
fn an_unknown_column_a_bad_word_and_a_missing_subject_are_located() {
    let h = district();
    let problems = load_edited(&h, "column", |t| {
        t.replacen("members\n", "members,remark\n", 1)
            .replace(",20/0\n", ",20/0,x\n")
    });
    assert!(matches!(
        &problems[0].kind,
        ProblemKind::UnknownColumn { column, .. } if column == "remark"
    ));
    let problems = load_edited(&h, "word", |t| {
        t.replace(",rename,", ",retitle,")
            .replace("2023-07-01,3,,", "2023-07-01,,,")
    });
    assert_eq!(problems.len(), 2, "{problems:?}");
    at_line(&problems[0], 2);
    assert!(
        problems[0].to_string().contains("rename"),
        "{}",
        problems[0]
    );
    at_line(&problems[1], 3);
    assert!(matches!(problems[1].kind, ProblemKind::MissingValue));
    // A change out of date order.
    let problems = load_edited(&h, "order", |t| t.replace("2023-07-01,3,", "2022-07-01,3,"));
    at_line(&problems[0], 3);
    assert!(matches!(
        problems[0].kind,
        ProblemKind::Refused(HierarchyError::OutOfOrder { .. })
    ));
}

#[test]
fn chinese_words_and_headers_read_as_the_same_changes() {
    let h = district();
    let dir = scratch_path("time", "chinese");
    table::save_dir(&h, &dir).unwrap();
    let path = dir.join("changes.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replacen(
            "date,unit,org,change,from,to",
            "日期,单位,党组织,变更类型,变更前,变更后",
            1,
        )
        .replace(",rename,", ",更名,")
        .replace(",move,", ",隶属调整,");
    std::fs::write(&path, text).unwrap();
    assert_eq!(table::load_dir(&dir).unwrap(), h);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn hostile_change_rows_are_refused_and_never_panic() {
    let h = district();
    let header = "date,unit,org,change,from,to,children,records,orgs,members\n";
    let rows = [
        "2024-01-01,6,,merge,,5,,0,,99999999999/1",
        "2024-01-01,6,,merge,,6,,0,,20/0",
        "2024-01-01,6,,merge,,5,,4294967295,,20/0",
        "2024-01-01,6,,merge,,5,abc,0,,20/0",
        "2024-01-01,6,,merge,,,,0,,20/0",
        "2024-01-01,1,,split,,1,3,,,0/0",
        "2024-01-01,1,,split,,99,3,,,0/0",
        "2024-01-01,1,,dissolve,x,y,,,,",
        "2024-01-01,,4,rename,a,b,,,,",
        "2024-01-01,1,4,rename,a,b,,,,",
        "2024-01-01,1,,members,4294967295/4294967295,1/1,,,,",
        "2024-01-01,1,,found,,1,,,,",
        "2024-01-01,4294967295,,rename,a,b,,,,",
        "0000-00-00,1,,rename,东街道,东街,,,,",
        "2024-01-01,1,,recode,12,440111100000,,,,",
        "2024-01-01,1,,move,,,,,,",
        "2024-01-01,1,,rename,,,,,,",
    ];
    for (i, row) in rows.iter().enumerate() {
        let problems = load_edited(&h, &format!("hostile{i}"), |_| format!("{header}{row}\n"));
        assert!(!problems.is_empty(), "{row}");
        assert!(
            problems.iter().all(|p| p.file.ends_with("changes.csv")),
            "{row}: {problems:?}"
        );
    }
}

#[test]
fn a_json_change_that_disagrees_or_is_malformed_is_located_by_its_path() {
    let h = district();
    let text = json::to_string(&h);
    let moved = text.replacen("\"from\": \"1\"", "\"from\": \"7\"", 1);
    assert_ne!(moved, text, "the move's from is in the snapshot");
    let err = json::from_str(&moved.replacen("\"to\": \"2\"", "\"to\": \"1\"", 1)).unwrap_err();
    let p = &err.problems()[0];
    assert!(
        matches!(&p.position, Position::Json { path, .. } if path == "changes[1]"),
        "{p}"
    );
    let bad = text.replacen("\"change\": \"rename\"", "\"change\": \"retitle\"", 1);
    let err = json::from_str(&bad).unwrap_err();
    let p = &err.problems()[0];
    assert!(
        matches!(&p.position, Position::Json { path, .. } if path == "changes[0].change"),
        "{p}"
    );
    let unknown = text.replacen(
        "\"change\": \"rename\"",
        "\"change\": \"rename\", \"why\": 1",
        1,
    );
    assert!(json::from_str(&unknown).is_err());
}
