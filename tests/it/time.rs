//! Time: the change log, the hierarchy as of a date, and rollups that count what stood.

use crate::support::{org_label, unit_label};
use chrono::NaiveDate;
use partyorg::history::{ChangeEvent, EventKind, Subject};
use partyorg::rollup::{Facility, Period};
use partyorg::{
    DivisionCode, Hierarchy, HierarchyError, Members, Record, RecordId, RecordKind, Unit, UnitId,
    UnitKind,
};
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The "Done when" district: a community moved from one street to another on 2023-07-01,
/// a street renamed on 2023-03-01, a village merged into its neighbour on 2024-01-01.
struct District {
    h: Hierarchy,
    district: UnitId,
    east: UnitId,
    west: UnitId,
    community: UnitId,
    town: UnitId,
    kept: UnitId,
    merged: UnitId,
}

fn district() -> District {
    let mut h = Hierarchy::new();
    let unit =
        |kind, name: &str, full, prob| Unit::new(kind, name).with_members(Members::new(full, prob));
    let district = h
        .add_unit(None, unit(UnitKind::District, "样例区", 0, 0))
        .unwrap();
    let east = h
        .add_unit(Some(district), unit(UnitKind::Street, "东街道", 10, 0))
        .unwrap();
    let west = h
        .add_unit(Some(district), unit(UnitKind::Street, "西街道", 12, 1))
        .unwrap();
    let community = h
        .add_unit(Some(east), unit(UnitKind::Community, "和平社区", 40, 2))
        .unwrap();
    let town = h
        .add_unit(Some(district), unit(UnitKind::Town, "样例镇", 8, 0))
        .unwrap();
    let kept = h
        .add_unit(Some(town), unit(UnitKind::Village, "上村", 30, 2))
        .unwrap();
    let merged = h
        .add_unit(Some(town), unit(UnitKind::Village, "下村", 20, 1))
        .unwrap();
    h.add_unit(Some(town), unit(UnitKind::Village, "中村", 25, 0))
        .unwrap();
    h.add_record(Record::new(
        merged,
        d(2023, 5, 4),
        RecordKind::Activity { participants: 9 },
    ))
    .unwrap();
    h.rename_on(east, "东街", d(2023, 3, 1)).unwrap();
    h.move_unit_on(community, Some(west), d(2023, 7, 1))
        .unwrap();
    h.merge(merged, kept, d(2024, 1, 1)).unwrap();
    District {
        h,
        district,
        east,
        west,
        community,
        town,
        kept,
        merged,
    }
}

#[test]
fn the_district_answers_as_of_each_date_with_its_parents_names_and_totals() {
    let f = district();
    let parent = |v: &Hierarchy, u| v.parent(u).unwrap().map(|p| p.id());
    // 2023-06-30: renamed, not yet moved, not yet merged.
    let june = f.h.as_of(d(2023, 6, 30)).unwrap();
    assert_eq!(june.unit(f.east).unwrap().name(), "东街");
    assert_eq!(parent(&june, f.community), Some(f.east));
    assert_eq!(parent(&june, f.merged), Some(f.town));
    assert!(june.exists(f.merged));
    // Before the rename, the old name.
    let feb = f.h.as_of(d(2023, 2, 28)).unwrap();
    assert_eq!(feb.unit(f.east).unwrap().name(), "东街道");
    assert!(feb.by_name("东街").next().is_none());
    // 2023-12-31: moved, not yet merged.
    let dec = f.h.as_of(d(2023, 12, 31)).unwrap();
    assert_eq!(parent(&dec, f.community), Some(f.west));
    assert_eq!(dec.unit(f.merged).unwrap().members(), Members::new(20, 1));
    assert_eq!(dec.unit(f.kept).unwrap().members(), Members::new(30, 2));
    let dec_east = dec.totals(f.east, &Period::day(d(2023, 12, 31))).unwrap();
    let dec_west = dec.totals(f.west, &Period::day(d(2023, 12, 31))).unwrap();
    assert_eq!((dec_east.members(), dec_west.members()), (10, 55));
    assert_eq!(
        june.totals(f.east, &Period::day(d(2023, 6, 30)))
            .unwrap()
            .members(),
        52
    );
    // 2024-06-30: merged; the record passed to the absorber.
    let after = f.h.as_of(d(2024, 6, 30)).unwrap();
    assert!(!after.exists(f.merged));
    assert_eq!(after.unit(f.kept).unwrap().members(), Members::new(50, 3));
    assert_eq!(after.records().next().unwrap().1.unit, f.kept);
    assert_eq!(dec.records().next().unwrap().1.unit, f.merged);
    // The town's members are the same the day before and the day after the merge, and
    // its villages one fewer.
    let eve = d(2023, 12, 31);
    let day = d(2024, 1, 1);
    let before =
        f.h.as_of(eve)
            .unwrap()
            .totals(f.town, &Period::day(eve))
            .unwrap();
    let after_t =
        f.h.as_of(day)
            .unwrap()
            .totals(f.town, &Period::day(day))
            .unwrap();
    assert_eq!(before.members(), after_t.members());
    assert_eq!(before.members(), 8 + 30 + 2 + 20 + 1 + 25);
    assert_eq!(before.units_of(UnitKind::Village), 3);
    assert_eq!(after_t.units_of(UnitKind::Village), 2);
    // The district's whole count agrees.
    let all = |v: &Hierarchy, when| v.totals(f.district, &Period::day(when)).unwrap();
    assert_eq!(all(&f.h.as_of(eve).unwrap(), eve).units, 8);
    assert_eq!(all(&f.h.as_of(day).unwrap(), day).units, 7);
    assert_eq!(
        all(&f.h.as_of(eve).unwrap(), eve).members(),
        all(&f.h, day).members()
    );
}

#[test]
fn rollups_count_only_units_that_stood_in_the_period() {
    let f = district();
    let villages = |p: Period| f.h.totals(f.town, &p).unwrap().units_of(UnitKind::Village);
    assert_eq!(villages(Period::year(2023)), 3);
    assert_eq!(villages(Period::year(2024)), 2);
    assert_eq!(villages(Period::day(d(2024, 6, 30))), 2);
    assert_eq!(villages(Period::day(d(2023, 12, 31))), 3);
    // Asked again (from the memo), the same.
    assert_eq!(villages(Period::year(2024)), 2);
    assert_eq!(
        f.h.totals(f.town, &Period::year(2024)).unwrap().members(),
        f.h.totals_uncached(f.town, &Period::year(2024))
            .unwrap()
            .members()
    );
    // Coverage and the list of units lacking an organization skip the merged village.
    let lacking: Vec<UnitId> =
        f.h.lacking(
            f.town,
            UnitKind::Village,
            Facility::PartyOrganization,
            d(2024, 6, 30),
        )
        .unwrap()
        .map(|u| u.id())
        .collect();
    assert!(!lacking.contains(&f.merged));
    assert_eq!(lacking.len(), 2);
    let c =
        f.h.coverage(f.town, UnitKind::Village, d(2023, 6, 30))
            .unwrap();
    assert_eq!(c.units, 3);
}

#[test]
fn a_member_change_of_a_dissolved_unit_keeps_the_memo_right() {
    let mut f = district();
    let p = Period::year(2024);
    let before = f.h.totals(f.town, &p).unwrap();
    f.h.set_members(f.merged, Members::new(7, 0)).unwrap();
    let memo = f.h.totals(f.town, &p).unwrap();
    assert_eq!(memo, f.h.totals_uncached(f.town, &p).unwrap());
    assert_eq!(memo.members(), before.members());
}

#[test]
fn the_log_keeps_each_change_with_its_values_before_and_after() {
    let f = district();
    let log = f.h.changes();
    assert_eq!(log.len(), 3);
    assert_eq!(
        log[0],
        ChangeEvent {
            date: d(2023, 3, 1),
            subject: Subject::Unit(f.east),
            kind: EventKind::Rename {
                from: "东街道".into(),
                to: "东街".into()
            },
        }
    );
    assert_eq!(
        log[1].kind,
        EventKind::Move {
            from: Some(f.east),
            to: Some(f.west)
        }
    );
    match &log[2].kind {
        EventKind::Merge {
            into,
            records,
            members,
            ..
        } => {
            assert_eq!(*into, f.kept);
            assert_eq!(records, &[RecordId(0)]);
            assert_eq!(*members, Members::new(20, 1));
        }
        other => panic!("not a merge: {other:?}"),
    }
    let json = serde_json::to_string(log).unwrap();
    let back: Vec<ChangeEvent> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, log);
    assert!(f.h.check_changes().is_ok());
}

#[test]
fn refused_dated_changes_change_nothing() {
    let mut f = district();
    let before = f.h.clone();
    // A merge into a dissolved unit.
    let other = f.h.children(f.town).unwrap().last().unwrap().id();
    assert!(matches!(
        f.h.merge(other, f.merged, d(2024, 2, 1)),
        Err(HierarchyError::NotStanding { .. })
    ));
    // Out of the log's order.
    assert_eq!(
        f.h.rename_on(f.west, "西街", d(2023, 1, 1)),
        Err(HierarchyError::OutOfOrder {
            date: d(2023, 1, 1),
            last: d(2024, 1, 1)
        })
    );
    // A move into its own subtree.
    assert!(matches!(
        f.h.move_unit_on(f.town, Some(f.kept), d(2024, 3, 1)),
        Err(HierarchyError::NotAllowed { .. } | HierarchyError::Cycle { .. })
    ));
    // A merge whose child may not stand under the absorber.
    let coop =
        f.h.add_unit(
            Some(f.kept),
            Unit::new(UnitKind::EconomicCoop, "第一经济社"),
        )
        .unwrap();
    let with_coop = f.h.clone();
    assert!(matches!(
        f.h.merge(f.kept, f.west, d(2024, 3, 1)),
        Err(HierarchyError::NotAllowed { .. })
    ));
    assert_eq!(f.h, with_coop);
    f.h.remove_unit(coop, partyorg::hierarchy::Removal::LeafOnly)
        .unwrap();
    // A change before its unit was founded.
    let young =
        f.h.found(
            Some(f.west),
            Unit::new(UnitKind::Community, "新社区"),
            d(2024, 5, 1),
        )
        .unwrap();
    let with_young = f.h.clone();
    assert_eq!(
        f.h.check_changes(),
        Ok(()),
        "the founding is logged and agrees"
    );
    f.h.set_details(young, {
        let mut dt = f.h.unit(young).unwrap().details().clone();
        dt.founded = Some(d(2024, 9, 1));
        dt
    })
    .unwrap();
    assert!(matches!(
        f.h.rename_on(young, "新新社区", d(2024, 6, 1)),
        Err(HierarchyError::BeforeFounded { .. })
    ));
    // A split that names another unit's child.
    f.h = with_young;
    assert!(matches!(
        f.h.split(
            f.west,
            Unit::new(UnitKind::Street, "北街道"),
            &[f.kept],
            Members::default(),
            d(2024, 6, 1)
        ),
        Err(HierarchyError::BadSplit { .. })
    ));
    let _ = before;
}

#[test]
fn a_split_and_a_dissolution_are_taken_back_as_of_the_day_before() {
    let mut f = district();
    let when = d(2024, 3, 1);
    let north =
        f.h.split(
            f.west,
            Unit::new(UnitKind::Street, "北街道"),
            &[f.community],
            Members::new(5, 0),
            when,
        )
        .unwrap();
    assert_eq!(f.h.parent(f.community).unwrap().unwrap().id(), north);
    assert_eq!(f.h.unit(f.west).unwrap().members(), Members::new(7, 1));
    f.h.dissolve(f.east, d(2024, 4, 1)).unwrap();
    assert_eq!(
        f.h.dissolve(f.west, d(2024, 4, 1)),
        Ok(()),
        "its only child left with the split"
    );
    assert!(matches!(
        f.h.dissolve(north, d(2024, 4, 2)),
        Err(HierarchyError::HasChildren { .. })
    ));
    let eve = f.h.as_of(d(2024, 2, 29)).unwrap();
    assert!(eve.get(north).is_none());
    assert_eq!(eve.parent(f.community).unwrap().unwrap().id(), f.west);
    assert_eq!(eve.unit(f.west).unwrap().members(), Members::new(12, 1));
    assert!(eve.exists(f.east) && eve.exists(f.west));
    let now = Period::day(d(2024, 4, 1));
    assert_eq!(
        f.h.totals(f.district, &now)
            .unwrap()
            .units_of(UnitKind::Street),
        1
    );
}

#[test]
fn a_temporary_task_ends_and_the_view_before_has_it_active() {
    let mut f = district();
    let t =
        f.h.add_temporary(partyorg::org::TemporaryOrg::new(
            "项目临时党支部",
            partyorg::unit::TaskPurpose::Project,
            f.kept,
            d(2023, 1, 1),
        ))
        .unwrap();
    f.h.dissolve_org(t, d(2024, 5, 1)).unwrap();
    assert_eq!(
        f.h.as_of(d(2024, 5, 1))
            .unwrap()
            .temporaries(f.district)
            .unwrap()
            .count(),
        0
    );
    assert_eq!(
        f.h.as_of(d(2024, 4, 30))
            .unwrap()
            .temporaries(f.district)
            .unwrap()
            .count(),
        1
    );
    assert!(f.h.org(t).unwrap().dissolved().is_some());
    assert!(
        f.h.as_of(d(2024, 4, 30))
            .unwrap()
            .org(t)
            .unwrap()
            .dissolved()
            .is_none()
    );
}

#[test]
fn a_batch_can_ask_for_fresh_ids() {
    let mut h = Hierarchy::new();
    let id = h.next_unit_id().unwrap();
    assert_eq!(h.next_unit_id().unwrap(), id);
    h.apply_batch(vec![partyorg::batch::Edit::AddUnit {
        id,
        parent: None,
        unit: Unit::new(UnitKind::District, "区"),
    }])
    .unwrap();
    assert!(h.contains(id));
    assert_ne!(h.next_unit_id().unwrap(), id);
    let o = h.next_org_id().unwrap();
    assert_eq!(o, h.next_org_id().unwrap());
}

// ----- properties ----------------------------------------------------------------------

/// A dated operation, with its units resolved to ids: what the replay applies again.
#[derive(Clone, Debug)]
enum Op {
    Move(UnitId, Option<UnitId>),
    Rename(UnitId, String),
    Recode(UnitId, Option<DivisionCode>),
    Members(UnitId, Members),
    Merge(UnitId, UnitId),
    Split(UnitId, Vec<UnitId>, Members),
    Dissolve(UnitId),
    Found(UnitId),
    Superior(partyorg::OrgId, Option<partyorg::OrgId>),
    DissolveOrg(partyorg::OrgId),
}

fn apply(h: &mut Hierarchy, op: &Op, date: NaiveDate) -> Result<(), HierarchyError> {
    match op {
        Op::Move(u, p) => h.move_unit_on(*u, *p, date),
        Op::Rename(u, n) => h.rename_on(*u, n, date),
        Op::Recode(u, c) => h.recode_on(*u, *c, date),
        Op::Members(u, m) => h.count_members_on(*u, *m, date),
        Op::Merge(a, b) => h.merge(*a, *b, date),
        Op::Split(u, c, m) => {
            // An unknown unit: `split` refuses it.
            let kind = h.get(*u).map_or(UnitKind::Village, |u| u.kind());
            h.split(*u, Unit::new(kind, "分出"), c, *m, date).map(drop)
        }
        Op::Dissolve(u) => h.dissolve(*u, date),
        Op::Found(p) => {
            // An unknown parent: `found` refuses it.
            let kind = match h.get(*p).map(|p| p.kind()) {
                Some(UnitKind::Street | UnitKind::Town) => UnitKind::Community,
                Some(UnitKind::District) => UnitKind::Street,
                _ => UnitKind::EconomicCoop,
            };
            h.found(Some(*p), Unit::new(kind, "新立"), date).map(drop)
        }
        Op::Superior(o, s) => h.set_superior_on(*o, *s, date),
        Op::DissolveOrg(o) => h.dissolve_org(*o, date),
    }
}

/// (which op, unit pick, other pick, a number, days since the last op).
type Raw = (u8, usize, usize, u32, u16);

fn base() -> Hierarchy {
    let mut h = Hierarchy::new();
    let district = h
        .add_unit(None, Unit::new(UnitKind::District, "区"))
        .unwrap();
    for s in 0..3u32 {
        let kind = if s % 2 == 0 {
            UnitKind::Street
        } else {
            UnitKind::Town
        };
        let street = h
            .add_unit(Some(district), Unit::new(kind, format!("街镇{s}")))
            .unwrap();
        for v in 0..3u32 {
            let kind = if v % 2 == 0 {
                UnitKind::Village
            } else {
                UnitKind::Community
            };
            let unit =
                Unit::new(kind, format!("村居{s}{v}")).with_members(Members::new(10 * s + v, v));
            let id = h.add_unit(Some(street), unit).unwrap();
            h.add_record(Record::new(
                id,
                d(2021, 6, 1),
                RecordKind::Activity { participants: v },
            ))
            .unwrap();
            if v == 0 {
                h.add_org(
                    None,
                    id,
                    partyorg::Org::new(partyorg::OrgForm::Branch, format!("支部{s}")),
                )
                .unwrap();
            }
        }
        h.add_org(
            None,
            street,
            partyorg::Org::new(partyorg::OrgForm::Committee, format!("党委{s}")),
        )
        .unwrap();
    }
    h
}

/// Resolves a raw pick against the hierarchy as it stands.
fn resolve(h: &Hierarchy, (which, a, b, n, _): Raw) -> Op {
    let ids: Vec<UnitId> = h.units().map(|u| u.id()).collect();
    let u = ids[a % ids.len()];
    let o = ids[b % ids.len()];
    let orgs: Vec<partyorg::OrgId> = h.orgs().map(|o| o.id()).collect();
    let org = |pick: usize| orgs[pick % orgs.len()];
    match which % 10 {
        0 => Op::Move(u, Some(o)),
        1 => Op::Rename(u, format!("名{n}")),
        2 => Op::Recode(
            u,
            DivisionCode::from_u64(440_111_000_000 + u64::from(n % 50) * 1000).ok(),
        ),
        3 => Op::Members(u, Members::new(n % 100, n % 3)),
        4 => Op::Merge(u, o),
        5 => {
            let children: Vec<UnitId> = h
                .children(u)
                .map(|c| c.map(|c| c.id()).take(n as usize % 3).collect())
                .unwrap_or_default();
            Op::Split(u, children, Members::new(n % 4, 0))
        }
        6 => Op::Dissolve(u),
        7 => Op::Found(o),
        8 => Op::Superior(org(a), (n % 4 != 0).then(|| org(b))),
        _ => Op::DissolveOrg(org(a)),
    }
}

/// What a view holds, whatever its graph indices and children order: each unit with its
/// facts and parent, the records, and the log.
type Described = (
    Vec<(UnitId, Unit, Option<UnitId>)>,
    Vec<(RecordId, Record)>,
    Vec<ChangeEvent>,
    Vec<(partyorg::OrgId, Option<partyorg::OrgId>, Option<NaiveDate>)>,
);

fn describe(h: &Hierarchy) -> Described {
    (
        h.units()
            .map(|u| (u.id(), u.to_unit(), u.parent().map(|p| p.id())))
            .collect(),
        h.records().map(|(id, r)| (id, *r)).collect(),
        h.changes().to_vec(),
        h.orgs()
            .map(|o| (o.id(), o.superior().map(|s| s.id()), o.dissolved()))
            .collect(),
    )
}

/// Applies raw ops with rising dates; returns the ops applied (with their dates).
fn run(h: &mut Hierarchy, raws: &[Raw]) -> Vec<(Op, NaiveDate)> {
    let mut date = d(2022, 1, 1);
    let mut done = Vec::new();
    for &raw in raws {
        date = date + chrono::Days::new(u64::from(raw.4 % 120));
        let op = resolve(h, raw);
        if apply(h, &op, date).is_ok() {
            done.push((op, date));
        }
    }
    done
}

fn raws() -> impl Strategy<Value = Vec<Raw>> {
    prop::collection::vec(
        (
            any::<u8>(),
            any::<usize>(),
            any::<usize>(),
            any::<u32>(),
            any::<u16>(),
        ),
        0..30,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_view_as_of_a_date_is_the_hierarchy_rebuilt_by_replaying_up_to_it(
        raws in raws(),
        cut in 0u16..1500,
    ) {
        let mut h = base();
        let done = run(&mut h, &raws);
        let date = d(2022, 1, 1) + chrono::Days::new(u64::from(cut));
        let mut replay = base();
        for (op, when) in done.iter().filter(|(_, when)| *when <= date) {
            prop_assert_eq!(apply(&mut replay, op, *when), Ok(()));
        }
        let view = h.as_of(date).unwrap();
        prop_assert_eq!(describe(&view), describe(&replay));
        // Rollups on the view agree with rollups on the replay.
        let root = replay.roots().next().unwrap().id();
        prop_assert_eq!(
            view.totals(root, &Period::day(date)).unwrap(),
            replay.totals(root, &Period::day(date)).unwrap()
        );
        prop_assert!(h.check_changes().is_ok());
    }

    #[test]
    fn a_refused_dated_change_changes_nothing(raws in raws(), last in any::<(u8, usize, usize, u32, u16)>()) {
        let mut h = base();
        run(&mut h, &raws);
        let before = h.clone();
        let op = resolve(&h, last);
        // Dated before the log's end, or on it: either applies or changes nothing.
        let when = h.changes().last().map_or(d(2022, 1, 1), |e| e.date)
            - chrono::Days::new(u64::from(last.4 % 3));
        if apply(&mut h, &op, when).is_err() {
            prop_assert_eq!(&h, &before);
        } else {
            prop_assert!(h.check_changes().is_ok());
        }
    }
}

/// The random logs of the properties above are not vacuous: over a few hundred of them,
/// every kind of dated change is applied, and most logs hold several.
#[test]
fn the_random_logs_hold_every_kind_of_change() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut kinds = std::collections::BTreeMap::new();
    let (mut long, mut superiors) = (0, 0);
    for _ in 0..300 {
        let raws = raws().new_tree(&mut runner).unwrap().current();
        let mut h = base();
        run(&mut h, &raws);
        long += usize::from(h.changes().len() >= 5);
        for e in h.changes() {
            *kinds.entry(e.kind.word()).or_insert(0) += 1;
            superiors += usize::from(matches!(e.kind, EventKind::Superior { .. }));
        }
    }
    println!("{kinds:?}, {long} logs of 5 or more");
    assert_eq!(kinds.len(), 8, "{kinds:?}");
    assert!(superiors > 0, "no change of superior");
    assert!(long > 100, "{long}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn a_save_and_a_reload_keep_the_log_and_every_view(
        raws in raws(),
        cuts in prop::collection::vec(0u16..1500, 1..4),
    ) {
        let mut h = base();
        run(&mut h, &raws);
        let from_json = partyorg::interchange::json::from_str(
            &partyorg::interchange::json::to_string(&h),
        )
        .unwrap();
        let dir = crate::support::scratch_path("time", "props");
        partyorg::interchange::table::save_dir(&h, &dir).unwrap();
        let from_dir = partyorg::interchange::table::load_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        for loaded in [&from_json, &from_dir] {
            prop_assert_eq!(loaded, &h);
            prop_assert_eq!(loaded.changes(), h.changes());
            for &cut in &cuts {
                let date = d(2022, 1, 1) + chrono::Days::new(u64::from(cut));
                prop_assert_eq!(
                    describe(&loaded.as_of(date).unwrap()),
                    describe(&h.as_of(date).unwrap())
                );
            }
        }
    }
}

#[test]
fn a_relation_is_removed_in_one_call_and_a_refused_batch_puts_it_back() {
    use partyorg::{Relation, batch::Edit, org::BigCommittee, unit::BigCommitteeKind};
    let f = district();
    let mut h = f.h;
    let bc = h
        .add_big_committee(BigCommittee::new(
            "区域大党委",
            BigCommitteeKind::Regional,
            f.east,
        ))
        .unwrap();
    h.relate(bc, f.west, Relation::Member).unwrap();
    h.relate(bc, f.town, Relation::PartTime(2)).unwrap();
    let related = h.clone();
    // A refused batch takes the removal back.
    let err = h
        .apply_batch(vec![
            Edit::RemoveRelation {
                org: bc,
                unit: f.west,
                relation: Relation::Member,
            },
            Edit::RemoveRelation {
                org: bc,
                unit: f.town,
                relation: Relation::PartTime(3),
            },
        ])
        .unwrap_err();
    assert_eq!(err.refused.len(), 1);
    assert!(matches!(
        err.refused[0].1,
        HierarchyError::NoRelation { .. }
    ));
    assert_eq!(h, related);
    assert_eq!(
        h.remove_relation(bc, f.west, Relation::Contains),
        Err(HierarchyError::NoRelation {
            org: bc,
            unit: f.west,
            relation: partyorg::relation::RelationWord::Contains,
            org_label: org_label(&h, bc),
            unit_label: unit_label(&h, f.west),
        })
    );
    h.remove_relation(bc, f.west, Relation::Member).unwrap();
    h.remove_relation(bc, f.town, Relation::PartTime(2))
        .unwrap();
    assert_ne!(h, related);
    assert_eq!(h.org(bc).unwrap().links().count(), 0);
}

#[test]
fn validation_runs_on_a_view_as_the_hierarchy_stood() {
    use partyorg::{Policy, Rule};
    let f = district();
    let policy = Policy::default();
    let eve = d(2023, 12, 31);
    let lacking = |h: &Hierarchy, date| {
        h.validate(&policy, date)
            .of_unit(f.merged)
            .any(|v| v.rule == Rule::NoOrganization)
    };
    // On the eve of the merge the village stood with its 20 members and no organization;
    // the hierarchy as it stands now (its members passed on) cannot tell.
    assert!(lacking(&f.h.as_of(eve).unwrap(), eve));
    assert!(!lacking(&f.h, eve));
    // After the merge it no longer stands: nothing to report.
    let later = d(2024, 6, 30);
    assert!(!lacking(&f.h.as_of(later).unwrap(), later));
}

#[test]
fn a_merge_passes_the_organizations_based_in_the_absorbed_unit() {
    use partyorg::{
        Org, OrgForm, PartyForm, org::BigCommittee, unit::BigCommitteeKind, unit::TaskPurpose,
    };
    let mut h = Hierarchy::new();
    let district = h
        .add_unit(None, Unit::new(UnitKind::District, "样例区"))
        .unwrap();
    let town = h
        .add_unit(Some(district), Unit::new(UnitKind::Town, "样例镇"))
        .unwrap();
    let kept = h
        .add_unit(Some(town), Unit::new(UnitKind::Village, "上村"))
        .unwrap();
    let gone = h
        .add_unit(
            Some(town),
            Unit::new(UnitKind::Village, "下村").with_party_form(PartyForm::Branch),
        )
        .unwrap();
    let own = h.own_org_of_unit(gone).unwrap();
    let recorded = h
        .add_org(None, gone, Org::new(OrgForm::Branch, "下村合作社党支部"))
        .unwrap();
    let bc = h
        .add_big_committee(BigCommittee::new(
            "片区大党委",
            BigCommitteeKind::Regional,
            gone,
        ))
        .unwrap();
    let temporary = h
        .add_temporary(partyorg::org::TemporaryOrg::new(
            "项目临时党支部",
            TaskPurpose::Project,
            gone,
            d(2023, 1, 1),
        ))
        .unwrap();
    let day = d(2024, 1, 1);
    h.merge(gone, kept, day).unwrap();
    let base = |h: &Hierarchy, o| h.org(o).unwrap().based_in().id();
    for o in [recorded, bc, temporary] {
        assert_eq!(base(&h, o), kept);
        assert_eq!(base(&h.as_of(d(2023, 12, 31)).unwrap(), o), gone);
    }
    // Its own organization stays with it, and no longer stands.
    assert_eq!(base(&h, own), gone);
    assert!(!h.org(own).unwrap().exists_on(day));
    match &h.changes()[0].kind {
        EventKind::Merge { orgs, .. } => {
            let mut want = vec![recorded, bc, temporary];
            want.sort();
            assert_eq!(orgs, &want);
        }
        other => panic!("not a merge: {other:?}"),
    }
    assert!(h.check_changes().is_ok());
}
