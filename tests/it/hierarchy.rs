//! Integration tests of every public operation and query of `Hierarchy` and of
//! `HierarchyBuilder`.
//!
//! Every rejected operation is asserted exactly and followed by a check that the hierarchy
//! equals a clone taken before the call, children order included.

use chrono::NaiveDate;
use partyorg::hierarchy::MAX_LISTED_PROBLEMS;
use partyorg::hierarchy::OrgLink;
use partyorg::relation::PairingLink;
use partyorg::{
    DivisionCode, Hierarchy, HierarchyError, Members, OrgForm, OrgId, Pairing, PairingId,
    PairingKind, PartyForm, QueryError, Record, RecordId, RecordKind, Relation, Sector, Unit,
    UnitId, UnitKind, batch::Edit, hierarchy::BuildProblem, hierarchy::HierarchyBuilder,
    hierarchy::Removal, hierarchy::Removed, org::BigCommittee, org::TemporaryOrg,
    relation::RelationWord, unit::BigCommitteeKind, unit::DemoLevel, unit::Demonstration,
    unit::Details, unit::ServiceCenter, unit::TaskPurpose,
};

use crate::support::{org_label, under_a_district, unit_label};

// ----- helpers -----------------------------------------------------------------------

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn code(s: &str) -> DivisionCode {
    s.parse().expect("valid code")
}

fn unit(kind: UnitKind, name: &str) -> Unit {
    Unit::new(kind, name)
}

fn org_ids<'a>(it: impl Iterator<Item = partyorg::OrgRef<'a>>) -> Vec<OrgId> {
    it.map(|o| o.id()).collect()
}

fn ids<'a>(it: impl Iterator<Item = partyorg::UnitRef<'a>>) -> Vec<UnitId> {
    it.map(|u| u.id()).collect()
}

fn children(h: &Hierarchy, id: UnitId) -> Vec<UnitId> {
    ids(h.children(id).expect("known unit"))
}

/// Everything `PartialEq` compares, plus the order of every unit's children, which
/// `PartialEq` does not see.
fn assert_unchanged(h: &Hierarchy, before: &Hierarchy) {
    assert_eq!(h, before, "a rejected operation changed the hierarchy");
    assert_eq!(ids(h.units()), ids(before.units()));
    for u in before.units() {
        assert_eq!(
            children(h, u.id()),
            children(before, u.id()),
            "children of {}",
            u.id()
        );
    }
    assert_eq!(h.record_count(), before.record_count());
}

/// Runs `op`, asserts it fails with exactly `expected`, and that nothing changed.
fn rejects<T: std::fmt::Debug>(
    h: &mut Hierarchy,
    expected: HierarchyError,
    op: impl FnOnce(&mut Hierarchy) -> Result<T, HierarchyError>,
) {
    let before = h.clone();
    let err = op(h).expect_err("the operation should be refused");
    assert_eq!(err, expected);
    assert!(!err.to_string().is_empty());
    assert_unchanged(h, &before);
}

/// [`rejects`], the refusal expected as it names the units of the hierarchy before the
/// operation.
fn rejects_as<T: std::fmt::Debug>(
    h: &mut Hierarchy,
    expected: impl FnOnce(&Hierarchy) -> HierarchyError,
    op: impl FnOnce(&mut Hierarchy) -> Result<T, HierarchyError>,
) {
    let expected = expected(h);
    rejects(h, expected, op);
}

/// A piece of Baiyun:
///
/// ```text
/// 白云区 (district)
/// ├── 均禾街道 (street)
/// │   ├── 罗岗社区 (community)
/// │   │   ├── 罗岗花园 (estate)
/// │   │   └── 第一经济社 (co-op)
/// │   └── 清湖社区 (community)
/// ├── 钟落潭镇 (town, agricultural)
/// │   ├── 龙岗村 (village)
/// │   │   ├── 第一经济社
/// │   │   └── 第二经济社
/// │   └── 马洞村 (village)
/// │       └── 第一经济社
/// └── 区委组织部 (organ)
///     └── 组织科 (organ)
///         └── 党员管理股 (organ)
/// 花都区 (district)
/// └── 狮岭镇 (town)
/// ```
struct Fx {
    h: Hierarchy,
    baiyun: UnitId,
    junhe: UnitId,
    luogang: UnitId,
    estate: UnitId,
    luogang_coop: UnitId,
    qinghu: UnitId,
    zhongluotan: UnitId,
    longgang: UnitId,
    longgang_1: UnitId,
    longgang_2: UnitId,
    madong: UnitId,
    madong_1: UnitId,
    organ: UnitId,
    section: UnitId,
    desk: UnitId,
    huadu: UnitId,
    shiling: UnitId,
}

fn fixture() -> Fx {
    let mut h = Hierarchy::new();
    let baiyun = h
        .add_unit(
            None,
            unit(UnitKind::District, "白云区").with_code(code("440111000000")),
        )
        .unwrap();
    let junhe = h
        .add_unit(
            Some(baiyun),
            unit(UnitKind::Street, "均禾街道").with_code(code("440111013000")),
        )
        .unwrap();
    let luogang = h
        .add_unit(
            Some(junhe),
            unit(UnitKind::Community, "罗岗社区")
                .with_code(code("440111013008"))
                .with_members(Members::new(38, 2))
                .with_party_form(PartyForm::Branch),
        )
        .unwrap();
    let estate = h
        .add_unit(
            Some(luogang),
            unit(UnitKind::Estate, "罗岗花园").with_members(Members::new(5, 0)),
        )
        .unwrap();
    let luogang_coop = h
        .add_unit(
            Some(luogang),
            unit(UnitKind::EconomicCoop, "第一经济社").with_members(Members::new(7, 1)),
        )
        .unwrap();
    let qinghu = h
        .add_unit(
            Some(junhe),
            unit(UnitKind::Community, "清湖社区").with_members(Members::new(20, 0)),
        )
        .unwrap();
    let zhongluotan = h
        .add_unit(
            Some(baiyun),
            unit(UnitKind::Town, "钟落潭镇")
                .with_code(code("440111108000"))
                .agricultural(),
        )
        .unwrap();
    let longgang = h
        .add_unit(
            Some(zhongluotan),
            unit(UnitKind::Village, "龙岗村").with_members(Members::new(60, 3)),
        )
        .unwrap();
    let longgang_1 = h
        .add_unit(
            Some(longgang),
            unit(UnitKind::EconomicCoop, "第一经济社").with_members(Members::new(4, 0)),
        )
        .unwrap();
    let longgang_2 = h
        .add_unit(
            Some(longgang),
            unit(UnitKind::EconomicCoop, "第二经济社").with_members(Members::new(6, 1)),
        )
        .unwrap();
    let madong = h
        .add_unit(
            Some(zhongluotan),
            unit(UnitKind::Village, "马洞村").with_members(Members::new(45, 0)),
        )
        .unwrap();
    let madong_1 = h
        .add_unit(
            Some(madong),
            unit(UnitKind::EconomicCoop, "第一经济社").with_members(Members::new(3, 2)),
        )
        .unwrap();
    let organ_kind = UnitKind::Institution(Sector::Organ);
    let organ = h
        .add_unit(Some(baiyun), unit(organ_kind, "区委组织部"))
        .unwrap();
    let section = h.add_unit(Some(organ), unit(organ_kind, "组织科")).unwrap();
    let desk = h
        .add_unit(Some(section), unit(organ_kind, "党员管理股"))
        .unwrap();
    let huadu = h
        .add_unit(
            None,
            unit(UnitKind::District, "花都区").with_code(code("440114000000")),
        )
        .unwrap();
    let shiling = h
        .add_unit(Some(huadu), unit(UnitKind::Town, "狮岭镇"))
        .unwrap();
    Fx {
        h,
        baiyun,
        junhe,
        luogang,
        estate,
        luogang_coop,
        qinghu,
        zhongluotan,
        longgang,
        longgang_1,
        longgang_2,
        madong,
        madong_1,
        organ,
        section,
        desk,
        huadu,
        shiling,
    }
}

fn temporary(host: UnitId) -> TemporaryOrg {
    TemporaryOrg::new(
        "钟落潭镇乡村振兴临时党支部",
        TaskPurpose::RuralRevitalization,
        host,
        date(2023, 3, 1),
    )
    .with_members(Members::new(9, 0))
}

fn meeting(unit: UnitId) -> Record {
    Record::new(
        unit,
        date(2023, 5, 4),
        RecordKind::JointMeeting {
            matters: 3,
            problems_solved: 2,
        },
    )
}

/// A brute-force pre-order of a subtree from `children` only.
fn preorder(h: &Hierarchy, id: UnitId) -> Vec<(UnitId, u32)> {
    let mut out = Vec::new();
    let mut stack = vec![(id, 0u32)];
    while let Some((u, d)) = stack.pop() {
        out.push((u, d));
        let mut c = children(h, u);
        c.reverse();
        stack.extend(c.into_iter().map(|c| (c, d + 1)));
    }
    out
}

/// Layout consistency through the public API, for every unit.
fn assert_layout_consistent(h: &Hierarchy) {
    for u in h.units() {
        let id = u.id();
        let desc: Vec<UnitId> = h
            .subtree(id)
            .unwrap()
            .filter(|v| v.depth > 0)
            .map(|v| v.unit.id())
            .collect();
        assert_eq!(h.subtree_size(id).unwrap(), 1 + desc.len(), "size of {id}");
        let sub = ids(h.subtree(id).unwrap().map(|v| v.unit));
        assert_eq!(sub[0], id);
        assert_eq!(sub[1..], desc[..], "subtree of {id}");
        let brute: Vec<UnitId> = preorder(h, id).into_iter().map(|(u, _)| u).collect();
        assert_eq!(sub, brute);
        for d in &desc {
            assert!(h.is_within(*d, id).unwrap());
        }
    }
    assert!(h.is_well_placed());
}

// ----- adding ------------------------------------------------------------------------

#[test]
fn add_unit_assigns_increasing_ids_and_keeps_every_fact() {
    let mut h = Hierarchy::new();
    assert!(h.is_empty());
    // `Details` is non-exhaustive: filled field by field outside the crate.
    let mut details = Details::default();
    details.founded = Some(date(1990, 1, 1));
    details.service_center = Some(ServiceCenter::new(650));
    details.demonstrations = vec![Demonstration {
        level: DemoLevel::City,
        year: 2022,
    }];
    let u = unit(UnitKind::District, "白云区")
        .with_code(code("440111000000"))
        .with_members(Members::new(100, 7))
        .with_party_form(PartyForm::Committee)
        .with_details(details.clone());
    let a = h.add_unit(None, u.clone()).unwrap();
    let b = h
        .add_unit(Some(a), unit(UnitKind::Town, "人和镇").agricultural())
        .unwrap();
    assert!(b > a);
    assert_eq!(h.len(), 2);
    assert!(h.contains(a) && h.contains(b));
    let r = h.unit(a).unwrap();
    assert_eq!(r.to_unit(), u);
    assert_eq!(r.name(), "白云区");
    assert_eq!(r.kind(), UnitKind::District);
    assert_eq!(r.code(), Some(code("440111000000")));
    assert_eq!(r.members(), Members::new(100, 7));
    assert_eq!(r.party_form(), Some(PartyForm::Committee));
    assert_eq!(r.details(), &details);
    assert!(!r.is_agricultural());
    let t = h.get(b).unwrap();
    assert!(t.is_agricultural());
    assert!(t.details().is_empty());
    assert_eq!(t.parent().unwrap().id(), a);
    assert_eq!(h.parent(b).unwrap().unwrap().id(), a);
    assert!(h.parent(a).unwrap().is_none());
}

#[test]
fn add_unit_with_id_keeps_chosen_ids_and_later_ids_follow_them() {
    let mut h = Hierarchy::new();
    let d = h
        .add_unit_with_id(UnitId(40), None, unit(UnitKind::District, "白云区"))
        .unwrap();
    assert_eq!(d, UnitId(40));
    let s = h
        .add_unit_with_id(UnitId(7), Some(d), unit(UnitKind::Street, "均禾街道"))
        .unwrap();
    assert_eq!(s, UnitId(7));
    let next = h
        .add_unit(Some(d), unit(UnitKind::Town, "钟落潭镇"))
        .unwrap();
    assert_eq!(next, UnitId(41));
    // A far id (sparse index) and ids after it.
    let far = h
        .add_unit_with_id(
            UnitId(3_000_000_000),
            Some(d),
            unit(UnitKind::Town, "太和镇"),
        )
        .unwrap();
    let after = h
        .add_unit(Some(far), unit(UnitKind::Village, "大源村"))
        .unwrap();
    assert_eq!(after, UnitId(3_000_000_001));
    for id in [d, s, next, far, after] {
        assert_eq!(h.unit(id).unwrap().id(), id);
    }
    assert_eq!(children(&h, d), vec![s, next, far]);
    assert!(!h.contains(UnitId(8)));
    rejects(&mut h, HierarchyError::DuplicateId { id: UnitId(7) }, |h| {
        h.add_unit_with_id(UnitId(7), Some(d), unit(UnitKind::Town, "人和镇"))
    });
    rejects(&mut h, HierarchyError::DuplicateId { id: far }, |h| {
        h.add_unit_with_id(far, None, unit(UnitKind::District, "花都区"))
    });
}

#[test]
fn ids_run_out_without_wrapping() {
    let mut h = Hierarchy::new();
    let last = UnitId(u32::MAX - 1);
    h.add_unit_with_id(last, None, unit(UnitKind::District, "白云区"))
        .unwrap();
    rejects(&mut h, HierarchyError::Full { what: "unit ids" }, |h| {
        h.add_unit(Some(last), unit(UnitKind::Town, "人和镇"))
    });
    // Organizations have ids of their own: a temporary organization is still added.
    let t = h.add_temporary(temporary(last)).unwrap();
    assert_eq!(t, OrgId(0));
    // And they run out on their own.
    h.add_temporary_with_id(OrgId(u32::MAX - 1), temporary(last))
        .unwrap();
    rejects(
        &mut h,
        HierarchyError::Full {
            what: "organization ids",
        },
        |h| h.add_temporary(temporary(last)),
    );
}

#[test]
fn add_unit_refusals() {
    let mut fx = fixture();
    let h = &mut fx.h;
    let next_before = {
        let mut probe = h.clone();
        probe
            .add_unit(Some(fx.junhe), unit(UnitKind::Community, "x"))
            .unwrap()
    };
    // A village directly under a district.
    rejects_as(
        h,
        |h| HierarchyError::NotAllowed {
            child: None,
            child_kind: UnitKind::Village,
            parent: fx.baiyun,
            parent_kind: UnitKind::District,
            parent_label: unit_label(h, fx.baiyun),
            child_label: None,
        },
        |h| h.add_unit(Some(fx.baiyun), unit(UnitKind::Village, "石马桥村委会")),
    );
    // A district under a village.
    rejects_as(
        h,
        |h| HierarchyError::NotAllowed {
            child: None,
            child_kind: UnitKind::District,
            parent: fx.longgang,
            parent_kind: UnitKind::Village,
            parent_label: unit_label(h, fx.longgang),
            child_label: None,
        },
        |h| h.add_unit(Some(fx.longgang), unit(UnitKind::District, "花都区")),
    );
    // A street as a root.
    rejects(
        h,
        HierarchyError::NeedsParent {
            unit: None,
            kind: UnitKind::Street,
        },
        |h| h.add_unit(None, unit(UnitKind::Street, "三元里街道")),
    );
    // An unknown parent.
    rejects(h, HierarchyError::UnknownUnit { id: UnitId(999) }, |h| {
        h.add_unit(Some(UnitId(999)), unit(UnitKind::Street, "三元里街道"))
    });
    // A duplicate code.
    rejects_as(
        h,
        |h| HierarchyError::DuplicateCode {
            code: code("440111013000"),
            existing: fx.junhe,
            label: unit_label(h, fx.junhe),
        },
        |h| {
            h.add_unit(
                Some(fx.baiyun),
                unit(UnitKind::Street, "均禾街道").with_code(code("440111013000")),
            )
        },
    );
    // Temporary organizations and big committees are organizations: they take
    // organization ids, not unit ids.
    h.add_temporary(temporary(fx.zhongluotan)).unwrap();
    h.add_big_committee(BigCommittee::new(
        "化妆品产业链大党委",
        BigCommitteeKind::IndustryChain,
        fx.baiyun,
    ))
    .unwrap();
    // No refusal consumed an id, and the two organizations added since took none of
    // the units': the next unit takes the id the first probe got.
    let next = h
        .add_unit(Some(fx.junhe), unit(UnitKind::Community, "y"))
        .unwrap();
    assert_eq!(next, next_before);
}

// ----- moving and attaching ----------------------------------------------------------

#[test]
fn attach_places_a_root_and_refuses_a_second_parent() {
    let mut h = Hierarchy::new();
    let gd = h
        .add_unit(None, unit(UnitKind::Province, "广东省"))
        .unwrap();
    let gz = h
        .add_unit(Some(gd), unit(UnitKind::City, "广州市"))
        .unwrap();
    let baiyun = h
        .add_unit(None, unit(UnitKind::District, "白云区"))
        .unwrap();
    let junhe = h
        .add_unit(Some(baiyun), unit(UnitKind::Street, "均禾街道"))
        .unwrap();
    let luogang = h
        .add_unit(Some(junhe), unit(UnitKind::Community, "罗岗社区"))
        .unwrap();
    assert_eq!(ids(h.roots()), vec![gd, baiyun]);
    rejects_as(
        &mut h,
        |h| HierarchyError::NotAllowed {
            child: Some(baiyun),
            child_kind: UnitKind::District,
            parent: luogang,
            parent_kind: UnitKind::Community,
            parent_label: unit_label(h, luogang),
            child_label: Some(unit_label(h, baiyun)),
        },
        |h| h.attach(baiyun, luogang),
    );
    h.attach(baiyun, gz).unwrap();
    assert_eq!(ids(h.roots()), vec![gd]);
    assert_eq!(
        h.path(luogang).unwrap().to_string(),
        "广东省 / 广州市 / 白云区 / 均禾街道 / 罗岗社区"
    );
    assert_eq!(h.subtree_size(gd).unwrap(), 5);
    rejects_as(
        &mut h,
        |h| HierarchyError::AlreadyHasParent {
            unit: baiyun,
            parent: gz,
            unit_label: unit_label(h, baiyun),
            parent_label: unit_label(h, gz),
        },
        |h| h.attach(baiyun, gd),
    );
    rejects_as(
        &mut h,
        |h| HierarchyError::AlreadyHasParent {
            unit: junhe,
            parent: baiyun,
            unit_label: unit_label(h, junhe),
            parent_label: unit_label(h, baiyun),
        },
        |h| h.attach(junhe, gz),
    );
    rejects(
        &mut h,
        HierarchyError::UnknownUnit { id: UnitId(77) },
        |h| h.attach(UnitId(77), gz),
    );
    let other = h
        .add_unit(None, unit(UnitKind::District, "花都区"))
        .unwrap();
    rejects(
        &mut h,
        HierarchyError::UnknownUnit { id: UnitId(77) },
        |h| h.attach(other, UnitId(77)),
    );
    assert_layout_consistent(&h);
}

#[test]
fn move_unit_carries_the_subtree() {
    let mut fx = fixture();
    let h = &mut fx.h;
    // Warm the layout so that the move has to drop it.
    assert_eq!(h.subtree_size(fx.junhe).unwrap(), 5);
    let t = h.add_temporary(temporary(fx.luogang)).unwrap();
    h.move_unit(fx.luogang, Some(fx.zhongluotan)).unwrap();
    assert_eq!(h.parent(fx.luogang).unwrap().unwrap().id(), fx.zhongluotan);
    assert_eq!(children(h, fx.junhe), vec![fx.qinghu]);
    assert_eq!(
        children(h, fx.zhongluotan),
        vec![fx.longgang, fx.madong, fx.luogang]
    );
    assert_eq!(
        h.path(fx.luogang_coop).unwrap().to_string(),
        "白云区 / 钟落潭镇 / 罗岗社区 / 第一经济社"
    );
    assert_eq!(h.subtree_size(fx.junhe).unwrap(), 2);
    assert_eq!(h.subtree_size(fx.zhongluotan).unwrap(), 9);
    assert!(h.is_within(fx.estate, fx.zhongluotan).unwrap());
    assert!(!h.is_within(fx.estate, fx.junhe).unwrap());
    assert_eq!(org_ids(h.temporaries_in(fx.zhongluotan).unwrap()), vec![t]);
    assert_eq!(
        org_ids(h.temporaries_in(fx.junhe).unwrap()),
        Vec::<OrgId>::new()
    );
    // A district may become a root; Baiyun's subtree goes with it.
    h.move_unit(fx.huadu, None).unwrap();
    assert!(h.parent(fx.huadu).unwrap().is_none());
    assert_layout_consistent(h);
}

#[test]
fn move_unit_refusals() {
    let mut fx = fixture();
    let h = &mut fx.h;
    // Cycles: under its own descendant, and under itself (institutions may nest).
    rejects_as(
        h,
        |h| HierarchyError::Cycle {
            unit: fx.organ,
            new_parent: fx.desk,
            unit_label: unit_label(h, fx.organ),
            parent_label: unit_label(h, fx.desk),
        },
        |h| h.move_unit(fx.organ, Some(fx.desk)),
    );
    rejects_as(
        h,
        |h| HierarchyError::Cycle {
            unit: fx.organ,
            new_parent: fx.section,
            unit_label: unit_label(h, fx.organ),
            parent_label: unit_label(h, fx.section),
        },
        |h| h.move_unit(fx.organ, Some(fx.section)),
    );
    rejects_as(
        h,
        |h| HierarchyError::Cycle {
            unit: fx.section,
            new_parent: fx.section,
            unit_label: unit_label(h, fx.section),
            parent_label: unit_label(h, fx.section),
        },
        |h| h.move_unit(fx.section, Some(fx.section)),
    );
    // A village directly under a district; a district under a village.
    rejects_as(
        h,
        |h| HierarchyError::NotAllowed {
            child: Some(fx.longgang),
            child_kind: UnitKind::Village,
            parent: fx.baiyun,
            parent_kind: UnitKind::District,
            parent_label: unit_label(h, fx.baiyun),
            child_label: Some(unit_label(h, fx.longgang)),
        },
        |h| h.move_unit(fx.longgang, Some(fx.baiyun)),
    );
    rejects_as(
        h,
        |h| HierarchyError::NotAllowed {
            child: Some(fx.huadu),
            child_kind: UnitKind::District,
            parent: fx.madong,
            parent_kind: UnitKind::Village,
            parent_label: unit_label(h, fx.madong),
            child_label: Some(unit_label(h, fx.huadu)),
        },
        |h| h.move_unit(fx.huadu, Some(fx.madong)),
    );
    // A street made a root.
    rejects(
        h,
        HierarchyError::NeedsParent {
            unit: Some(fx.junhe),
            kind: UnitKind::Street,
        },
        |h| h.move_unit(fx.junhe, None),
    );
    rejects(h, HierarchyError::UnknownUnit { id: UnitId(999) }, |h| {
        h.move_unit(UnitId(999), None)
    });
    rejects(h, HierarchyError::UnknownUnit { id: UnitId(999) }, |h| {
        h.move_unit(fx.longgang, Some(UnitId(999)))
    });
    assert_layout_consistent(h);
}

// ----- removing ----------------------------------------------------------------------

#[test]
fn remove_leaf_only() {
    let mut fx = fixture();
    let h = &mut fx.h;
    rejects_as(
        h,
        |h| HierarchyError::HasChildren {
            id: fx.longgang,
            children: 2,
            label: unit_label(h, fx.longgang),
        },
        |h| h.remove_unit(fx.longgang, Removal::LeafOnly),
    );
    let r = h.add_record(meeting(fx.longgang_2)).unwrap();
    let keep = h.add_record(meeting(fx.longgang)).unwrap();
    let p = h
        .add_pairing(
            fx.organ,
            fx.longgang_2,
            Pairing::new(PairingKind::OrganCoop { sections: 2 }),
        )
        .unwrap();
    let removed = h.remove_unit(fx.longgang_2, Removal::LeafOnly).unwrap();
    assert_eq!(
        removed,
        Removed {
            units: vec![fx.longgang_2],
            orgs: vec![],
            pairings: 1,
            records: 1,
        }
    );
    assert!(!h.contains(fx.longgang_2));
    assert!(h.pairing(p).is_none());
    assert_eq!(h.pairings_of(fx.organ).unwrap().count(), 0);
    assert!(h.records().all(|(id, _)| id != r));
    assert_eq!(
        h.records_of(fx.longgang)
            .map(|(id, _)| id)
            .collect::<Vec<_>>(),
        vec![keep]
    );
    assert_eq!(children(h, fx.longgang), vec![fx.longgang_1]);
    rejects(h, HierarchyError::UnknownUnit { id: fx.longgang_2 }, |h| {
        h.remove_unit(fx.longgang_2, Removal::LeafOnly)
    });
    // Ids are never reused.
    let new = h
        .add_unit(
            Some(fx.longgang),
            unit(UnitKind::EconomicCoop, "第二经济社"),
        )
        .unwrap();
    assert_ne!(new, fx.longgang_2);
    assert!(h.records_of(new).next().is_none());
    assert_layout_consistent(h);
}

#[test]
fn remove_lifting_children() {
    let mut fx = fixture();
    let h = &mut fx.h;
    // Estates and co-ops may not stand under a street; the first child is named.
    rejects_as(
        h,
        |h| HierarchyError::NotAllowed {
            child: Some(fx.estate),
            child_kind: UnitKind::Estate,
            parent: fx.junhe,
            parent_kind: UnitKind::Street,
            parent_label: unit_label(h, fx.junhe),
            child_label: Some(unit_label(h, fx.estate)),
        },
        |h| h.remove_unit(fx.luogang, Removal::LiftChildren),
    );
    // Streets may not be roots; the first misfit in attachment order is named.
    rejects(
        h,
        HierarchyError::NeedsParent {
            unit: Some(fx.junhe),
            kind: UnitKind::Street,
        },
        |h| h.remove_unit(fx.baiyun, Removal::LiftChildren),
    );
    // Institutions lift under their grandparent, after its other children and in their
    // own order.
    let organ_kind = UnitKind::Institution(Sector::Organ);
    let clerk = h
        .add_unit(Some(fx.organ), unit(organ_kind, "办公室"))
        .unwrap();
    let desk2 = h
        .add_unit(Some(fx.section), unit(organ_kind, "党员教育股"))
        .unwrap();
    let desk3 = h
        .add_unit(Some(fx.section), unit(organ_kind, "基层组织股"))
        .unwrap();
    let t = h.add_temporary(temporary(fx.section)).unwrap();
    let rec = h.add_record(meeting(fx.section)).unwrap();
    let removed = h.remove_unit(fx.section, Removal::LiftChildren).unwrap();
    assert_eq!(
        removed,
        Removed {
            units: vec![fx.section],
            orgs: vec![t],
            pairings: 0,
            records: 1,
        }
    );
    assert!(h.records().all(|(id, _)| id != rec));
    assert_eq!(children(h, fx.organ), vec![clerk, fx.desk, desk2, desk3]);
    assert_eq!(h.parent(fx.desk).unwrap().unwrap().id(), fx.organ);
    assert!(h.org(t).is_err());
    // A district's towns lift to its parent city.
    let gz = h.add_unit(None, unit(UnitKind::City, "广州市")).unwrap();
    h.attach(fx.huadu, gz).unwrap();
    h.remove_unit(fx.huadu, Removal::LiftChildren).unwrap();
    assert_eq!(children(h, gz), vec![fx.shiling]);
    assert_layout_consistent(h);
}

#[test]
fn remove_subtree_takes_hosted_organizations_pairings_and_records() {
    let mut fx = fixture();
    let h = &mut fx.h;
    let t_town = h
        .add_temporary(temporary(fx.zhongluotan).seconded_from(fx.junhe, 2))
        .unwrap();
    let t_village = h
        .add_temporary(temporary(fx.madong).seconded_from(fx.longgang, 3))
        .unwrap();
    // Hosted elsewhere but seconded from the removed subtree: it stays, its edge goes.
    let t_street = h
        .add_temporary(temporary(fx.junhe).seconded_from(fx.madong, 1))
        .unwrap();
    let bc = h
        .add_big_committee(
            BigCommittee::new(
                "化妆品产业链大党委",
                BigCommitteeKind::IndustryChain,
                fx.junhe,
            )
            .with_member(fx.longgang)
            .with_member(fx.qinghu)
            .with_part_time(fx.madong, 2),
        )
        .unwrap();
    let inside = h
        .add_pairing(
            fx.longgang,
            fx.madong,
            Pairing::new(PairingKind::JointBuilding),
        )
        .unwrap();
    let across = h
        .add_pairing(
            fx.zhongluotan,
            fx.junhe,
            Pairing::new(PairingKind::TownStreet),
        )
        .unwrap();
    let outside = h
        .add_pairing(
            fx.junhe,
            fx.qinghu,
            Pairing::new(PairingKind::JointBuilding),
        )
        .unwrap();
    let on_village = h.add_record(meeting(fx.madong)).unwrap();
    let on_coop = h.add_record(meeting(fx.madong_1)).unwrap();
    let on_street = h.add_record(meeting(fx.junhe)).unwrap();
    let len_before = h.len();
    let doomed = [
        fx.zhongluotan,
        fx.longgang,
        fx.longgang_1,
        fx.longgang_2,
        fx.madong,
        fx.madong_1,
    ];
    // The units' own organizations and the temporary organizations they host.
    let mut want_orgs: Vec<OrgId> = doomed
        .iter()
        .filter_map(|&u| h.own_org_of_unit(u))
        .chain([t_town, t_village])
        .collect();
    want_orgs.sort_unstable();

    let removed = h.remove_unit(fx.zhongluotan, Removal::Subtree).unwrap();
    assert_eq!(
        removed,
        Removed {
            orgs: want_orgs,
            units: vec![
                fx.zhongluotan,
                fx.longgang,
                fx.longgang_1,
                fx.longgang_2,
                fx.madong,
                fx.madong_1,
            ],
            pairings: 2,
            records: 2,
        }
    );
    // The temporary organizations hosted in the subtree went with it (with the units'
    // own organizations).
    assert!(removed.orgs.contains(&t_town) && removed.orgs.contains(&t_village));
    assert!(h.org(t_town).is_err() && h.org(t_village).is_err());
    assert_eq!(h.len(), len_before - 6);
    for id in &removed.units {
        assert!(!h.contains(*id), "{id} should be gone");
        assert_eq!(
            h.unit(*id).unwrap_err(),
            QueryError::UnknownUnit { id: *id }
        );
    }
    assert!(h.pairing(inside).is_none());
    assert!(h.pairing(across).is_none());
    assert!(h.pairing(outside).is_some());
    assert_eq!(
        h.pairings()
            .map(|PairingLink { id, .. }| id)
            .collect::<Vec<_>>(),
        vec![outside]
    );
    let live: Vec<RecordId> = h.records().map(|(id, _)| id).collect();
    assert_eq!(live, vec![on_street]);
    assert!(!live.contains(&on_village) && !live.contains(&on_coop));
    assert!(h.by_code(code("440111108000")).is_none());
    // The big committee stays, based in its core, minus its links into the removed
    // subtree.
    let bc = h.org(bc).unwrap();
    assert_eq!(bc.based_in().id(), fx.junhe);
    let links: Vec<(UnitId, Relation)> = bc.links().map(|l| (l.unit.id(), l.relation)).collect();
    assert_eq!(links, vec![(fx.qinghu, Relation::Member)]);
    let t_street = h.org(t_street).unwrap();
    assert_eq!(t_street.links().count(), 0);
    assert_eq!(t_street.based_in().id(), fx.junhe);
    assert_eq!(children(h, fx.baiyun), vec![fx.junhe, fx.organ]);
    assert_layout_consistent(h);
}

#[test]
fn removing_organizations_outside_the_tree() {
    let mut fx = fixture();
    let h = &mut fx.h;
    let t = h
        .add_temporary(temporary(fx.zhongluotan).seconded_from(fx.longgang, 4))
        .unwrap();
    let bc = h
        .add_big_committee(
            BigCommittee::new(
                "化妆品产业链大党委",
                BigCommitteeKind::IndustryChain,
                fx.junhe,
            )
            .with_member(fx.luogang),
        )
        .unwrap();
    h.add_record(meeting(fx.junhe)).unwrap();
    let (units, orgs) = (h.len(), h.org_count());
    assert_eq!(h.remove_org(t, Removal::LeafOnly).unwrap(), vec![t]);
    assert_eq!(h.remove_org(bc, Removal::Subtree).unwrap(), vec![bc]);
    assert_eq!((h.len(), h.org_count()), (units, orgs - 2));
    assert_eq!(h.big_committees_of(fx.junhe).unwrap().count(), 0);
    assert_eq!(h.big_committees_of(fx.luogang).unwrap().count(), 0);
    assert_eq!(h.temporaries_in(fx.baiyun).unwrap().count(), 0);
    // The unit's records stay: they were never the organizations'.
    assert_eq!(h.record_count(), 1);
}

// ----- facts -------------------------------------------------------------------------

#[test]
fn set_members_party_form_agricultural_details() {
    let mut fx = fixture();
    let h = &mut fx.h;
    h.set_members(fx.madong, Members::new(50, 4)).unwrap();
    assert_eq!(h.unit(fx.madong).unwrap().members(), Members::new(50, 4));
    h.set_party_form(fx.madong, Some(PartyForm::GeneralBranch))
        .unwrap();
    assert_eq!(
        h.unit(fx.madong).unwrap().party_form(),
        Some(PartyForm::GeneralBranch)
    );
    h.set_party_form(fx.madong, None).unwrap();
    assert_eq!(h.unit(fx.madong).unwrap().party_form(), None);
    assert!(h.unit(fx.zhongluotan).unwrap().is_agricultural());
    h.set_agricultural(fx.zhongluotan, false).unwrap();
    assert!(!h.unit(fx.zhongluotan).unwrap().is_agricultural());
    h.set_agricultural(fx.junhe, true).unwrap();
    assert!(h.unit(fx.junhe).unwrap().is_agricultural());
    let mut d = Details::default();
    d.service_center = Some(ServiceCenter::new(320));
    h.set_details(fx.madong, d.clone()).unwrap();
    assert_eq!(h.unit(fx.madong).unwrap().details(), &d);
    h.set_details(fx.madong, Details::default()).unwrap();
    assert!(h.unit(fx.madong).unwrap().details().is_empty());
    let gone = UnitId(999);
    let unknown = HierarchyError::UnknownUnit { id: gone };
    rejects(h, unknown.clone(), |h| {
        h.set_members(gone, Members::new(1, 0))
    });
    rejects(h, unknown.clone(), |h| h.set_party_form(gone, None));
    rejects(h, unknown.clone(), |h| h.set_agricultural(gone, true));
    rejects(h, unknown.clone(), |h| h.set_details(gone, d.clone()));
    rejects(h, unknown.clone(), |h| h.rename(gone, "x"));
    rejects(h, unknown, |h| h.set_code(gone, None));
}

#[test]
fn rename_updates_name_lookups() {
    let mut fx = fixture();
    let h = &mut fx.h;
    assert_eq!(ids(h.by_name("马洞村")), vec![fx.madong]);
    h.rename(fx.madong, "马洞村委会").unwrap();
    assert_eq!(h.unit(fx.madong).unwrap().name(), "马洞村委会");
    assert_eq!(ids(h.by_name("马洞村")), Vec::<UnitId>::new());
    assert_eq!(ids(h.by_name("马洞村委会")), vec![fx.madong]);
    // Renaming to a shared name joins the others.
    h.rename(fx.longgang_2, "第一经济社").unwrap();
    assert_eq!(
        ids(h.by_name("第一经济社")),
        vec![fx.luogang_coop, fx.longgang_1, fx.longgang_2, fx.madong_1]
    );
    assert_eq!(
        h.path(fx.madong_1).unwrap().to_string(),
        "白云区 / 钟落潭镇 / 马洞村委会 / 第一经济社"
    );
}

#[test]
fn set_code_moves_code_lookups() {
    let mut fx = fixture();
    let h = &mut fx.h;
    let madong_code = code("440111108209");
    h.set_code(fx.madong, Some(madong_code)).unwrap();
    assert_eq!(h.by_code(madong_code).unwrap().id(), fx.madong);
    assert_eq!(h.unit(fx.madong).unwrap().code(), Some(madong_code));
    // Setting the code it already has is no conflict.
    h.set_code(fx.madong, Some(madong_code)).unwrap();
    let other = code("440111108210");
    h.set_code(fx.madong, Some(other)).unwrap();
    assert!(h.by_code(madong_code).is_none());
    assert_eq!(h.by_code(other).unwrap().id(), fx.madong);
    rejects_as(
        h,
        |h| HierarchyError::DuplicateCode {
            code: other,
            existing: fx.madong,
            label: unit_label(h, fx.madong),
        },
        |h| h.set_code(fx.longgang, Some(other)),
    );
    h.set_code(fx.madong, None).unwrap();
    assert!(h.by_code(other).is_none());
    assert_eq!(h.unit(fx.madong).unwrap().code(), None);
    // The freed code may go to another unit.
    h.set_code(fx.longgang, Some(other)).unwrap();
    assert_eq!(h.by_code(other).unwrap().id(), fx.longgang);
}

#[test]
fn clearing_details_keeps_the_agricultural_flag() {
    let (mut h, _, town) = under_a_district(Unit::new(UnitKind::Town, "人和镇").agricultural());
    let mut details = Details::default();
    details.founded = Some(date(1987, 1, 1));
    h.set_details(town, details).unwrap();
    assert!(h.unit(town).unwrap().is_agricultural());
    h.set_details(town, Details::default()).unwrap();
    let t = h.unit(town).unwrap();
    assert!(t.is_agricultural());
    assert!(t.details().founded.is_none());
}

#[test]
fn clearing_details_leaves_a_street_not_agricultural() {
    let (mut h, _, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    let mut details = Details::default();
    details.founded = Some(date(1987, 1, 1));
    h.set_details(street, details).unwrap();
    h.set_details(street, Details::default()).unwrap();
    assert!(!h.unit(street).unwrap().is_agricultural());
}

#[test]
fn marking_agricultural_twice_is_the_same_as_once() {
    let (mut h, _, town) = under_a_district(Unit::new(UnitKind::Town, "人和镇"));
    for yes in [true, true, false, false, true] {
        h.set_agricultural(town, yes).unwrap();
        assert_eq!(h.unit(town).unwrap().is_agricultural(), yes);
    }
}

#[test]
fn a_committee_of_no_seats_is_no_committee() {
    assert_eq!(
        Unit::new(UnitKind::Street, "均禾街道")
            .with_committee(0)
            .committee_size,
        None
    );
    assert_eq!(
        Unit::new(UnitKind::Street, "均禾街道")
            .with_committee(3)
            .committee_size,
        Some(3)
    );
}

// ----- organizations outside the tree ------------------------------------------------

#[test]
fn temporary_organizations() {
    let mut fx = fixture();
    let h = &mut fx.h;
    let org = temporary(fx.zhongluotan)
        .seconded_from(fx.longgang, 3)
        .seconded_from(fx.madong, 2)
        .dissolved_on(date(2024, 3, 1));
    let t = h.add_temporary(org).unwrap();
    let r = h.org(t).unwrap();
    assert_eq!(r.form(), OrgForm::Temporary);
    assert_eq!(r.name(), "钟落潭镇乡村振兴临时党支部");
    assert_eq!(r.members(), Members::new(9, 0));
    let info = r.temporary_info().expect("temporary info");
    assert_eq!(info.purpose, TaskPurpose::RuralRevitalization);
    assert!(info.approved);
    assert_eq!(r.founded(), Some(date(2023, 3, 1)));
    assert_eq!(r.dissolved(), Some(date(2024, 3, 1)));
    // Outside the 隶属 tree: no superior, and no unit's organization derives it.
    assert!(r.superior().is_none());
    assert_eq!(r.based_in().id(), fx.zhongluotan);
    assert!(
        !h.orgs_based_in(fx.zhongluotan)
            .unwrap()
            .any(|o| o.id() == t)
    );
    let mut seconded: Vec<(UnitId, Relation)> =
        r.links().map(|l| (l.unit.id(), l.relation)).collect();
    seconded.sort_by_key(|s| s.0);
    assert_eq!(
        seconded,
        vec![
            (fx.longgang, Relation::Seconds(3)),
            (fx.madong, Relation::Seconds(2))
        ]
    );
    // It takes an organization id, not a unit's, and round-trips as what it was added as.
    assert!(h.units().all(|u| u.name() != "钟落潭镇乡村振兴临时党支部"));
    assert_eq!(
        r.to_temporary().unwrap(),
        temporary(fx.zhongluotan)
            .seconded_from(fx.longgang, 3)
            .seconded_from(fx.madong, 2)
            .dissolved_on(date(2024, 3, 1))
    );
    assert_eq!(org_ids(h.temporaries_in(fx.baiyun).unwrap()), vec![t]);
    assert_eq!(org_ids(h.temporaries_in(fx.zhongluotan).unwrap()), vec![t]);
    assert_eq!(
        org_ids(h.temporaries_in(fx.madong).unwrap()),
        Vec::<OrgId>::new()
    );
    assert_eq!(
        org_ids(h.temporaries_in(fx.huadu).unwrap()),
        Vec::<OrgId>::new()
    );
    // Chosen ids.
    let t2 = h
        .add_temporary_with_id(OrgId(500), temporary(fx.junhe))
        .unwrap();
    assert_eq!(t2, OrgId(500));
    assert_eq!(org_ids(h.temporaries_in(fx.baiyun).unwrap()), vec![t2, t]);
    rejects(h, HierarchyError::DuplicateOrgId { id: t2 }, |h| {
        h.add_temporary_with_id(t2, temporary(fx.junhe))
    });
    // Refusals.
    rejects(h, HierarchyError::UnknownUnit { id: UnitId(999) }, |h| {
        h.add_temporary(temporary(UnitId(999)))
    });
    rejects(h, HierarchyError::UnknownUnit { id: UnitId(998) }, |h| {
        h.add_temporary(temporary(fx.junhe).seconded_from(UnitId(998), 1))
    });
}

#[test]
fn set_host_replaces_the_host() {
    let mut fx = fixture();
    let h = &mut fx.h;
    let t = h.add_temporary(temporary(fx.zhongluotan)).unwrap();
    h.set_host(t, fx.madong).unwrap();
    assert_eq!(h.org(t).unwrap().based_in().id(), fx.madong);
    assert_eq!(
        org_ids(h.temporaries_in(fx.zhongluotan).unwrap()),
        vec![t],
        "the town's subtree holds the village"
    );
    assert_eq!(
        org_ids(h.temporaries_in(fx.longgang).unwrap()),
        Vec::<OrgId>::new()
    );
    assert_eq!(org_ids(h.temporaries_in(fx.madong).unwrap()), vec![t]);
    // Only a temporary organization has a host.
    h.set_party_form(fx.madong, Some(PartyForm::Branch))
        .unwrap();
    let own = h.own_org_of_unit(fx.madong).unwrap();
    rejects_as(
        h,
        |h| HierarchyError::WrongForm {
            org: own,
            found: h.org(own).unwrap().form(),
            relation: RelationWord::BasedIn,
            label: org_label(h, own),
        },
        |h| h.set_host(own, fx.zhongluotan),
    );
    rejects(h, HierarchyError::UnknownUnit { id: UnitId(999) }, |h| {
        h.set_host(t, UnitId(999))
    });
    rejects(h, HierarchyError::UnknownOrg { id: OrgId(999) }, |h| {
        h.set_host(OrgId(999), fx.junhe)
    });
}

#[test]
fn big_committees() {
    let mut fx = fixture();
    let h = &mut fx.h;
    let bc = h
        .add_big_committee(
            BigCommittee::new(
                "化妆品产业链大党委",
                BigCommitteeKind::IndustryChain,
                fx.junhe,
            )
            .with_member(fx.luogang)
            .with_member(fx.qinghu)
            .with_part_time(fx.luogang, 2)
            .with_part_time(fx.organ, 1),
        )
        .unwrap();
    let r = h.org(bc).unwrap();
    assert_eq!(r.form(), OrgForm::BigCommittee);
    assert_eq!(
        r.big_committee_kind(),
        Some(BigCommitteeKind::IndustryChain)
    );
    assert_eq!(r.based_in().id(), fx.junhe, "based in its core");
    assert!(r.superior().is_none());
    assert_eq!(
        r.to_big_committee().unwrap(),
        BigCommittee::new(
            "化妆品产业链大党委",
            BigCommitteeKind::IndustryChain,
            fx.junhe,
        )
        .with_member(fx.luogang)
        .with_member(fx.qinghu)
        .with_part_time(fx.luogang, 2)
        .with_part_time(fx.organ, 1)
    );
    let of = |h: &Hierarchy, u| -> Vec<(OrgId, Relation)> {
        h.big_committees_of(u)
            .unwrap()
            .map(|l| (l.org.id(), l.relation))
            .collect()
    };
    assert_eq!(of(h, fx.junhe), vec![(bc, Relation::BasedIn)]);
    assert_eq!(of(h, fx.luogang), vec![(bc, Relation::Member)]);
    // Part-time members alone do not make a member unit.
    assert_eq!(of(h, fx.organ), vec![]);
    assert_eq!(of(h, fx.madong), vec![]);
    // A big committee covers nothing: its core's coverage is the core's own.
    assert!(
        h.orgs_covering(fx.junhe)
            .unwrap()
            .all(|o| o.form() != OrgForm::BigCommittee)
    );
    let bc2 = h
        .add_big_committee_with_id(
            OrgId(700),
            BigCommittee::new("商圈大党委", BigCommitteeKind::BusinessDistrict, fx.luogang),
        )
        .unwrap();
    assert_eq!(bc2, OrgId(700));
    assert_eq!(of(h, fx.luogang).len(), 2);
    rejects(h, HierarchyError::DuplicateOrgId { id: bc2 }, |h| {
        h.add_big_committee_with_id(
            bc2,
            BigCommittee::new("x", BigCommitteeKind::Regional, fx.junhe),
        )
    });
    rejects(h, HierarchyError::UnknownUnit { id: UnitId(999) }, |h| {
        h.add_big_committee(BigCommittee::new(
            "x",
            BigCommitteeKind::Regional,
            UnitId(999),
        ))
    });
    rejects(h, HierarchyError::UnknownUnit { id: UnitId(999) }, |h| {
        h.add_big_committee(
            BigCommittee::new("x", BigCommitteeKind::Regional, fx.junhe).with_member(UnitId(999)),
        )
    });
    rejects(h, HierarchyError::UnknownUnit { id: UnitId(998) }, |h| {
        h.add_big_committee(
            BigCommittee::new("x", BigCommitteeKind::Regional, fx.junhe)
                .with_part_time(UnitId(998), 1),
        )
    });
}

#[test]
fn relate_checks_the_form_and_both_ends() {
    let mut fx = fixture();
    let h = &mut fx.h;
    let t = h.add_temporary(temporary(fx.zhongluotan)).unwrap();
    let bc = h
        .add_big_committee(BigCommittee::new(
            "化妆品产业链大党委",
            BigCommitteeKind::IndustryChain,
            fx.junhe,
        ))
        .unwrap();
    h.set_party_form(fx.luogang, Some(PartyForm::JointBranch))
        .unwrap();
    let joint = h.own_org_of_unit(fx.luogang).unwrap();
    h.relate(joint, fx.qinghu, Relation::Covers).unwrap();
    h.relate(t, fx.madong, Relation::Seconds(4)).unwrap();
    h.relate(bc, fx.qinghu, Relation::Member).unwrap();
    h.relate(bc, fx.organ, Relation::PartTime(3)).unwrap();
    let links = |o: OrgId| -> Vec<(Relation, UnitId)> {
        h.org(o)
            .unwrap()
            .links()
            .map(
                |OrgLink {
                     relation: r,
                     unit: u,
                     ..
                 }| (r, u.id()),
            )
            .collect()
    };
    assert_eq!(links(joint), vec![(Relation::Covers, fx.qinghu)]);
    assert_eq!(links(t), vec![(Relation::Seconds(4), fx.madong)]);
    assert_eq!(
        links(bc),
        vec![
            (Relation::PartTime(3), fx.organ),
            (Relation::Member, fx.qinghu)
        ]
    );
    assert!(h.is_covered(fx.qinghu).unwrap());
    // Each relation from the form that takes it.
    let wrong = |org: OrgId, found: OrgForm, relation: RelationWord| {
        move |h: &Hierarchy| HierarchyError::WrongForm {
            org,
            found,
            relation,
            label: org_label(h, org),
        }
    };
    rejects_as(
        h,
        wrong(joint, OrgForm::JointBranch, RelationWord::Member),
        |h| h.relate(joint, fx.junhe, Relation::Member),
    );
    rejects_as(
        h,
        wrong(bc, OrgForm::BigCommittee, RelationWord::Covers),
        |h| h.relate(bc, fx.junhe, Relation::Covers),
    );
    rejects_as(
        h,
        wrong(bc, OrgForm::BigCommittee, RelationWord::Seconds),
        |h| h.relate(bc, fx.qinghu, Relation::Seconds(1)),
    );
    rejects_as(h, wrong(t, OrgForm::Temporary, RelationWord::Covers), |h| {
        h.relate(t, fx.qinghu, Relation::Covers)
    });
    for rel in [
        Relation::Contains,
        Relation::Superior,
        Relation::BasedIn,
        Relation::Pairing(PairingId(0)),
    ] {
        rejects_as(h, wrong(bc, OrgForm::BigCommittee, rel.word()), |h| {
            h.relate(bc, fx.junhe, rel)
        });
    }
    rejects(h, HierarchyError::UnknownUnit { id: UnitId(999) }, |h| {
        h.relate(bc, UnitId(999), Relation::Member)
    });
    rejects(h, HierarchyError::UnknownOrg { id: OrgId(999) }, |h| {
        h.relate(OrgId(999), fx.junhe, Relation::Member)
    });
    // Relations never touch the tree.
    assert_layout_consistent(h);
    assert_eq!(h.subtree_size(fx.junhe).unwrap(), 5);
}

#[test]
fn a_big_committee_keeps_its_founding_date_and_kind() {
    use partyorg::{org::BigCommittee, unit::BigCommitteeKind};
    let (mut h, district, a) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    let b = h
        .add_unit(Some(district), Unit::new(UnitKind::Street, "嘉禾街道"))
        .unwrap();
    let mut bc =
        BigCommittee::new("均禾商圈大党委", BigCommitteeKind::BusinessDistrict, a).with_member(b);
    bc.founded = Some(date(2023, 3, 1));
    let id = h.add_big_committee(bc).unwrap();
    let o = h.org(id).unwrap();
    assert_eq!(o.founded(), Some(date(2023, 3, 1)));
    assert_eq!(
        o.big_committee_kind(),
        Some(BigCommitteeKind::BusinessDistrict)
    );
    assert_eq!(o.form(), OrgForm::BigCommittee);
}

// ----- pairings and records ----------------------------------------------------------

#[test]
fn pairings() {
    let mut fx = fixture();
    let h = &mut fx.h;
    let a = h
        .add_pairing(
            fx.zhongluotan,
            fx.junhe,
            Pairing::new(PairingKind::TownStreet).between(Some(date(2023, 1, 1)), None),
        )
        .unwrap();
    let b = h
        .add_pairing_with_id(
            PairingId(10),
            fx.organ,
            fx.madong_1,
            Pairing::new(PairingKind::OrganCoop { sections: 3 }),
        )
        .unwrap();
    assert_eq!(b, PairingId(10));
    let c = h
        .add_pairing(
            fx.junhe,
            fx.qinghu,
            Pairing::new(PairingKind::JointBuilding),
        )
        .unwrap();
    assert_eq!(c, PairingId(11));
    assert!(a < b);
    assert_eq!(h.pairing(a).unwrap().since, Some(date(2023, 1, 1)));
    let all: Vec<(PairingId, UnitId, UnitId)> = h
        .pairings()
        .map(
            |PairingLink {
                 id, from: f, to: t, ..
             }| (id, f, t),
        )
        .collect();
    assert_eq!(
        all,
        vec![
            (a, fx.zhongluotan, fx.junhe),
            (b, fx.organ, fx.madong_1),
            (c, fx.junhe, fx.qinghu)
        ]
    );
    let mut of_junhe: Vec<(PairingId, UnitId)> = h
        .pairings_of(fx.junhe)
        .unwrap()
        .map(|l| (l.id, l.other(fx.junhe)))
        .collect();
    of_junhe.sort();
    assert_eq!(of_junhe, vec![(a, fx.zhongluotan), (c, fx.qinghu)]);
    let of_town: Vec<_> = h
        .pairings_of(fx.zhongluotan)
        .unwrap()
        .map(|l| (l.id, l.pairing.kind.clone(), l.other(fx.zhongluotan)))
        .collect();
    assert_eq!(of_town, vec![(a, PairingKind::TownStreet, fx.junhe)]);

    rejects(h, HierarchyError::DuplicatePairing { id: b }, |h| {
        h.add_pairing_with_id(
            b,
            fx.junhe,
            fx.qinghu,
            Pairing::new(PairingKind::JointBuilding),
        )
    });
    rejects(
        h,
        HierarchyError::Full {
            what: "pairing ids",
        },
        |h| {
            h.add_pairing_with_id(
                PairingId(u32::MAX),
                fx.junhe,
                fx.qinghu,
                Pairing::new(PairingKind::JointBuilding),
            )
        },
    );
    rejects(h, HierarchyError::UnknownUnit { id: UnitId(999) }, |h| {
        h.add_pairing(
            UnitId(999),
            fx.junhe,
            Pairing::new(PairingKind::JointBuilding),
        )
    });
    // Refusals used no id.
    let d = h
        .add_pairing(
            fx.junhe,
            fx.luogang,
            Pairing::new(PairingKind::JointBuilding),
        )
        .unwrap();
    assert_eq!(d, PairingId(12));

    let removed = h.remove_pairing(b).unwrap();
    assert_eq!(removed.kind, PairingKind::OrganCoop { sections: 3 });
    assert!(h.pairing(b).is_none());
    assert_eq!(h.pairings_of(fx.organ).unwrap().count(), 0);
    assert_eq!(h.pairings().count(), 3);
    rejects(h, HierarchyError::UnknownPairing { id: b }, |h| {
        h.remove_pairing(b)
    });
    rejects(
        h,
        HierarchyError::UnknownPairing { id: PairingId(77) },
        |h| h.remove_pairing(PairingId(77)),
    );
    // A removed pairing's id is free for a loader again, never for automatic ids.
    let e = h
        .add_pairing(
            fx.junhe,
            fx.luogang,
            Pairing::new(PairingKind::JointBuilding),
        )
        .unwrap();
    assert_eq!(e, PairingId(13));
}

#[test]
fn pairing_ids_run_out_without_wrapping() {
    let mut fx = fixture();
    let h = &mut fx.h;
    h.add_pairing_with_id(
        PairingId(u32::MAX - 1),
        fx.junhe,
        fx.qinghu,
        Pairing::new(PairingKind::JointBuilding),
    )
    .unwrap();
    rejects(
        h,
        HierarchyError::Full {
            what: "pairing ids",
        },
        |h| {
            h.add_pairing(
                fx.junhe,
                fx.qinghu,
                Pairing::new(PairingKind::JointBuilding),
            )
        },
    );
}

#[test]
fn records() {
    let mut fx = fixture();
    let h = &mut fx.h;
    let a = h.add_record(meeting(fx.junhe)).unwrap();
    let b = h
        .add_record(Record::new(
            fx.madong,
            date(2023, 6, 1),
            RecordKind::Activity { participants: 30 },
        ))
        .unwrap();
    assert!(a < b);
    let c = h
        .add_record_with_id(RecordId(10), meeting(fx.junhe))
        .unwrap();
    assert_eq!(c, RecordId(10));
    let d = h.add_record(meeting(fx.qinghu)).unwrap();
    assert_eq!(d, RecordId(11));
    assert_eq!(h.record_count(), 4);
    assert_eq!(
        h.records().map(|(id, _)| id).collect::<Vec<_>>(),
        vec![a, b, c, d]
    );
    assert_eq!(
        h.records_of(fx.junhe).map(|(id, _)| id).collect::<Vec<_>>(),
        vec![a, c]
    );
    assert_eq!(
        h.records_of(fx.madong)
            .map(|(_, r)| r.kind)
            .collect::<Vec<_>>(),
        vec![RecordKind::Activity { participants: 30 }]
    );
    // A vacant id in the gap may be filled by a loader.
    let gap = h
        .add_record_with_id(RecordId(5), meeting(fx.madong))
        .unwrap();
    assert_eq!(gap, RecordId(5));
    rejects(h, HierarchyError::DuplicateRecord { id: c }, |h| {
        h.add_record_with_id(c, meeting(fx.madong))
    });
    rejects(h, HierarchyError::DuplicateRecord { id: a }, |h| {
        h.add_record_with_id(a, meeting(fx.madong))
    });
    rejects(h, HierarchyError::UnknownUnit { id: UnitId(999) }, |h| {
        h.add_record(meeting(UnitId(999)))
    });
    rejects(h, HierarchyError::UnknownUnit { id: UnitId(999) }, |h| {
        h.add_record_with_id(RecordId(20), meeting(UnitId(999)))
    });
    rejects(h, HierarchyError::Full { what: "records" }, |h| {
        h.add_record_with_id(RecordId(u32::MAX), meeting(fx.junhe))
    });
    let r = h.remove_record(b).unwrap();
    assert_eq!(r.unit, fx.madong);
    assert_eq!(h.record_count(), 4);
    rejects(h, HierarchyError::UnknownRecord { id: b }, |h| {
        h.remove_record(b)
    });
    rejects(h, HierarchyError::UnknownRecord { id: RecordId(7) }, |h| {
        h.remove_record(RecordId(7))
    });
    rejects(h, HierarchyError::UnknownRecord { id: RecordId(99) }, |h| {
        h.remove_record(RecordId(99))
    });
    // Automatic ids never reuse a removed one.
    let e = h.add_record(meeting(fx.junhe)).unwrap();
    assert_eq!(e, RecordId(12));
}

#[test]
fn errors_name_records_and_pairings_by_their_kind_of_id() {
    use partyorg::{HierarchyError, PairingId, Record, RecordId, RecordKind};
    let (mut h, _, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    let meeting = Record::new(
        street,
        date(2023, 3, 1),
        RecordKind::JointMeeting {
            matters: 1,
            problems_solved: 1,
        },
    );
    let id = h.add_record(meeting).unwrap();
    let err = h.add_record_with_id(id, meeting).unwrap_err();
    assert_eq!(err, HierarchyError::DuplicateRecord { id });
    assert!(
        err.to_string().contains(&format!("record#{}", id.0)),
        "{err}"
    );
    assert_eq!(RecordId(7).to_string(), "record#7");
    assert_eq!(PairingId(7).to_string(), "pairing#7");
    assert_ne!(RecordId(7).to_string(), PairingId(7).to_string());
}

// ----- queries -----------------------------------------------------------------------

#[test]
fn parent_children_siblings_roots() {
    let fx = fixture();
    let h = &fx.h;
    assert_eq!(ids(h.roots()), vec![fx.baiyun, fx.huadu]);
    assert_eq!(
        children(h, fx.baiyun),
        vec![fx.junhe, fx.zhongluotan, fx.organ]
    );
    assert_eq!(h.children(fx.baiyun).unwrap().len(), 3);
    assert_eq!(children(h, fx.luogang), vec![fx.estate, fx.luogang_coop]);
    assert_eq!(children(h, fx.madong_1), Vec::<UnitId>::new());
    assert_eq!(
        ids(h.siblings(fx.zhongluotan).unwrap()),
        vec![fx.junhe, fx.organ]
    );
    assert_eq!(ids(h.siblings(fx.longgang_2).unwrap()), vec![fx.longgang_1]);
    assert_eq!(ids(h.siblings(fx.madong_1).unwrap()), Vec::<UnitId>::new());
    assert_eq!(ids(h.siblings(fx.baiyun).unwrap()), Vec::<UnitId>::new());
    assert_eq!(h.parent(fx.madong_1).unwrap().unwrap().id(), fx.madong);
    let unknown = QueryError::UnknownUnit { id: UnitId(999) };
    assert_eq!(h.parent(UnitId(999)).unwrap_err(), unknown);
    assert_eq!(h.children(UnitId(999)).unwrap_err(), unknown);
    assert_eq!(h.siblings(UnitId(999)).err(), Some(unknown.clone()));
    assert_eq!(h.ancestors(UnitId(999)).unwrap_err(), unknown);
    assert_eq!(h.subtree(UnitId(999)).unwrap_err(), unknown);
    assert_eq!(h.path(UnitId(999)).unwrap_err(), unknown);
    assert_eq!(h.depth(UnitId(999)).unwrap_err(), unknown);
    assert_eq!(h.subtree_size(UnitId(999)).unwrap_err(), unknown);
    assert_eq!(h.subtree(UnitId(999)).err(), Some(unknown.clone()));
    assert_eq!(h.temporaries_in(UnitId(999)).err(), Some(unknown.clone()));
    assert_eq!(
        h.big_committees_of(UnitId(999)).err(),
        Some(unknown.clone())
    );
    assert_eq!(h.relations_of(UnitId(999)).err(), Some(unknown.clone()));
    assert_eq!(h.pairings_of(UnitId(999)).err(), Some(unknown.clone()));
    assert_eq!(h.is_within(UnitId(999), fx.baiyun).unwrap_err(), unknown);
    assert_eq!(
        h.lowest_common_ancestor(fx.baiyun, UnitId(999))
            .unwrap_err(),
        unknown
    );
    assert!(h.get(UnitId(999)).is_none());
}

#[test]
fn children_keep_attachment_order_across_moves() {
    let mut fx = fixture();
    let h = &mut fx.h;
    let c = h
        .add_unit(Some(fx.madong), unit(UnitKind::EconomicCoop, "第二经济社"))
        .unwrap();
    h.move_unit(fx.longgang_1, Some(fx.madong)).unwrap();
    assert_eq!(children(h, fx.madong), vec![fx.madong_1, c, fx.longgang_1]);
    assert_eq!(children(h, fx.longgang), vec![fx.longgang_2]);
    let visit: Vec<UnitId> = h
        .subtree(fx.madong)
        .unwrap()
        .filter(|v| v.depth > 0)
        .map(|v| v.unit.id())
        .collect();
    assert_eq!(visit, vec![fx.madong_1, c, fx.longgang_1]);
    assert_eq!(
        ids(h.subtree(fx.madong).unwrap().map(|v| v.unit)),
        vec![fx.madong, fx.madong_1, c, fx.longgang_1]
    );
}

#[test]
fn ancestors_path_depth() {
    let fx = fixture();
    let h = &fx.h;
    assert_eq!(
        ids(h.ancestors(fx.estate).unwrap()),
        vec![fx.luogang, fx.junhe, fx.baiyun]
    );
    assert_eq!(ids(h.ancestors(fx.baiyun).unwrap()), Vec::<UnitId>::new());
    assert_eq!(
        h.path(fx.estate).unwrap().to_string(),
        "白云区 / 均禾街道 / 罗岗社区 / 罗岗花园"
    );
    assert_eq!(h.path(fx.baiyun).unwrap().to_string(), "白云区");
    let path = h.path(fx.madong_1).unwrap();
    assert_eq!(
        ids(path.units.iter().copied()),
        vec![fx.baiyun, fx.zhongluotan, fx.madong, fx.madong_1]
    );
    assert_eq!(h.depth(fx.baiyun).unwrap(), 0);
    assert_eq!(h.depth(fx.junhe).unwrap(), 1);
    assert_eq!(h.depth(fx.estate).unwrap(), 3);
    assert_eq!(h.depth(fx.desk).unwrap(), 3);
    assert_eq!(h.depth(fx.shiling).unwrap(), 1);
}

#[test]
fn descendants_in_preorder_with_depths_and_filters() {
    let fx = fixture();
    let h = &fx.h;
    let all: Vec<(UnitId, u32)> = h
        .subtree(fx.baiyun)
        .unwrap()
        .filter(|v| v.depth > 0)
        .map(|v| (v.unit.id(), v.depth))
        .collect();
    assert_eq!(
        all,
        vec![
            (fx.junhe, 1),
            (fx.luogang, 2),
            (fx.estate, 3),
            (fx.luogang_coop, 3),
            (fx.qinghu, 2),
            (fx.zhongluotan, 1),
            (fx.longgang, 2),
            (fx.longgang_1, 3),
            (fx.longgang_2, 3),
            (fx.madong, 2),
            (fx.madong_1, 3),
            (fx.organ, 1),
            (fx.section, 2),
            (fx.desk, 3),
        ]
    );
    // The brute-force pre-order from `children` agrees.
    assert_eq!(all[..], preorder(h, fx.baiyun)[1..]);
    let two: Vec<(UnitId, u32)> = h
        .subtree(fx.baiyun)
        .unwrap()
        .max_depth(2)
        .filter(|v| v.depth > 0)
        .map(|v| (v.unit.id(), v.depth))
        .collect();
    let want: Vec<(UnitId, u32)> = all.iter().copied().filter(|x| x.1 <= 2).collect();
    assert_eq!(two, want);
    assert_eq!(
        h.subtree(fx.baiyun)
            .unwrap()
            .max_depth(1)
            .filter(|v| v.depth > 0)
            .map(|v| v.unit.id())
            .collect::<Vec<_>>(),
        children(h, fx.baiyun)
    );
    assert_eq!(
        h.subtree(fx.baiyun)
            .unwrap()
            .max_depth(0)
            .filter(|v| v.depth > 0)
            .count(),
        0
    );
    let coops: Vec<UnitId> = h
        .subtree(fx.baiyun)
        .unwrap()
        .of_kind(UnitKind::EconomicCoop)
        .filter(|v| v.depth > 0)
        .map(|v| v.unit.id())
        .collect();
    assert_eq!(
        coops,
        vec![fx.luogang_coop, fx.longgang_1, fx.longgang_2, fx.madong_1]
    );
    let villages_near: Vec<UnitId> = h
        .subtree(fx.baiyun)
        .unwrap()
        .max_depth(2)
        .of_kind(UnitKind::Village)
        .filter(|v| v.depth > 0)
        .map(|v| v.unit.id())
        .collect();
    assert_eq!(villages_near, vec![fx.longgang, fx.madong]);
    // The kind filter passes through units of other kinds: no co-op is within depth 2.
    assert_eq!(
        h.subtree(fx.baiyun)
            .unwrap()
            .max_depth(2)
            .of_kind(UnitKind::EconomicCoop)
            .filter(|v| v.depth > 0)
            .count(),
        0
    );
    assert_eq!(
        h.subtree(fx.madong_1)
            .unwrap()
            .filter(|v| v.depth > 0)
            .count(),
        0
    );
}

#[test]
fn lowest_common_ancestor_and_is_within() {
    let fx = fixture();
    let h = &fx.h;
    let lca = |a, b| h.lowest_common_ancestor(a, b).unwrap().map(|u| u.id());
    assert_eq!(lca(fx.estate, fx.madong_1), Some(fx.baiyun));
    assert_eq!(lca(fx.longgang_1, fx.madong_1), Some(fx.zhongluotan));
    assert_eq!(lca(fx.longgang_1, fx.longgang_2), Some(fx.longgang));
    assert_eq!(lca(fx.estate, fx.qinghu), Some(fx.junhe));
    // An ancestor and its descendant, either way round; a unit with itself.
    assert_eq!(lca(fx.junhe, fx.estate), Some(fx.junhe));
    assert_eq!(lca(fx.estate, fx.junhe), Some(fx.junhe));
    assert_eq!(lca(fx.desk, fx.desk), Some(fx.desk));
    // Different trees.
    assert_eq!(lca(fx.estate, fx.shiling), None);
    assert_eq!(lca(fx.baiyun, fx.huadu), None);
    assert!(h.is_within(fx.estate, fx.baiyun).unwrap());
    assert!(h.is_within(fx.estate, fx.luogang).unwrap());
    assert!(h.is_within(fx.estate, fx.estate).unwrap());
    assert!(!h.is_within(fx.luogang, fx.estate).unwrap());
    assert!(!h.is_within(fx.estate, fx.qinghu).unwrap());
    assert!(!h.is_within(fx.shiling, fx.baiyun).unwrap());
}

#[test]
fn subtree_and_sizes() {
    let fx = fixture();
    let h = &fx.h;
    assert_eq!(h.subtree_size(fx.baiyun).unwrap(), 15);
    assert_eq!(h.subtree_size(fx.junhe).unwrap(), 5);
    assert_eq!(h.subtree_size(fx.madong_1).unwrap(), 1);
    assert_eq!(h.subtree_size(fx.huadu).unwrap(), 2);
    assert_eq!(
        ids(h.subtree(fx.zhongluotan).unwrap().map(|v| v.unit)),
        vec![
            fx.zhongluotan,
            fx.longgang,
            fx.longgang_1,
            fx.longgang_2,
            fx.madong,
            fx.madong_1
        ]
    );
    assert_eq!(h.layout().len(), 17);
    assert!(!h.layout().is_empty());
    assert_layout_consistent(h);
}

#[test]
fn lookups_by_code_name_and_id() {
    let fx = fixture();
    let h = &fx.h;
    assert_eq!(h.by_code(code("440111013000")).unwrap().id(), fx.junhe);
    assert_eq!(
        h.by_code(code("440111108000")).unwrap().id(),
        fx.zhongluotan
    );
    assert!(h.by_code(code("440111013999")).is_none());
    // Names repeat: a 第一经济社 under several villages and communities.
    let firsts = ids(h.by_name("第一经济社"));
    assert_eq!(firsts, vec![fx.luogang_coop, fx.longgang_1, fx.madong_1]);
    let parents: Vec<String> = h
        .by_name("第一经济社")
        .map(|u| u.parent().unwrap().name().to_owned())
        .collect();
    assert_eq!(parents, vec!["罗岗社区", "龙岗村", "马洞村"]);
    assert_eq!(ids(h.by_name("均禾街道")), vec![fx.junhe]);
    assert_eq!(ids(h.by_name("第三经济社")), Vec::<UnitId>::new());
    assert_eq!(ids(h.by_name("")), Vec::<UnitId>::new());
    let all = ids(h.units());
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(all, sorted);
    assert_eq!(all.len(), h.len());
    assert_eq!(all.len(), 17);
}

#[test]
fn by_name_follows_additions_and_removals() {
    let mut fx = fixture();
    let h = &mut fx.h;
    assert_eq!(ids(h.by_name("第一经济社")).len(), 3);
    let added = h
        .add_unit_with_id(
            UnitId(2),
            Some(fx.qinghu),
            unit(UnitKind::EconomicCoop, "第一经济社"),
        )
        .unwrap_err();
    assert_eq!(added, HierarchyError::DuplicateId { id: UnitId(2) });
    let c = h
        .add_unit(Some(fx.qinghu), unit(UnitKind::EconomicCoop, "第一经济社"))
        .unwrap();
    assert_eq!(
        ids(h.by_name("第一经济社")),
        vec![fx.luogang_coop, fx.longgang_1, fx.madong_1, c]
    );
    h.remove_unit(fx.longgang, Removal::Subtree).unwrap();
    assert_eq!(
        ids(h.by_name("第一经济社")),
        vec![fx.luogang_coop, fx.madong_1, c]
    );
    assert_eq!(ids(h.by_name("第二经济社")), Vec::<UnitId>::new());
}

#[test]
fn layout_stays_consistent_after_moves_and_removals() {
    let mut fx = fixture();
    let h = &mut fx.h;
    assert_layout_consistent(h);
    h.move_unit(fx.madong, Some(fx.junhe)).unwrap();
    assert_layout_consistent(h);
    h.remove_unit(fx.luogang, Removal::Subtree).unwrap();
    assert_layout_consistent(h);
    h.move_unit(fx.section, Some(fx.baiyun)).unwrap();
    assert_layout_consistent(h);
    h.remove_unit(fx.organ, Removal::LeafOnly).unwrap();
    assert_layout_consistent(h);
    h.move_unit(fx.baiyun, None).unwrap();
    let gz = h.add_unit(None, unit(UnitKind::City, "广州市")).unwrap();
    h.attach(fx.baiyun, gz).unwrap();
    h.attach(fx.huadu, gz).unwrap();
    assert_layout_consistent(h);
    assert_eq!(h.subtree_size(gz).unwrap(), h.layout().len());
    h.remove_unit(fx.zhongluotan, Removal::LiftChildren)
        .unwrap_err();
    h.remove_unit(fx.baiyun, Removal::Subtree).unwrap();
    assert_layout_consistent(h);
    assert_eq!(
        ids(h.subtree(gz).unwrap().map(|v| v.unit)),
        vec![gz, fx.huadu, fx.shiling]
    );
}

#[test]
fn rejected_operations_leave_records_pairings_and_totals() {
    // Equality is logical: a clone after a refused removal still has the records.
    let mut fx = fixture();
    let h = &mut fx.h;
    h.add_record(meeting(fx.luogang_coop)).unwrap();
    h.add_pairing(
        fx.junhe,
        fx.luogang,
        Pairing::new(PairingKind::JointBuilding),
    )
    .unwrap();
    rejects_as(
        h,
        |h| HierarchyError::NotAllowed {
            child: Some(fx.estate),
            child_kind: UnitKind::Estate,
            parent: fx.junhe,
            parent_kind: UnitKind::Street,
            parent_label: unit_label(h, fx.junhe),
            child_label: Some(unit_label(h, fx.estate)),
        },
        |h| h.remove_unit(fx.luogang, Removal::LiftChildren),
    );
    assert_eq!(h.record_count(), 1);
    assert_eq!(h.pairings().count(), 1);
}

#[test]
fn a_hierarchy_is_empty_only_without_units() {
    let mut h = Hierarchy::new();
    assert!(h.is_empty());
    let id = h
        .add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    assert!(!h.is_empty());
    h.remove_unit(id, partyorg::hierarchy::Removal::LeafOnly)
        .unwrap();
    assert!(h.is_empty());
}

#[test]
fn an_empty_hierarchy_lays_out_nothing() {
    let (mut h, district, _) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    assert!(!h.layout().is_empty());
    h.remove_unit(district, partyorg::hierarchy::Removal::Subtree)
        .unwrap();
    assert!(h.layout().is_empty());
    assert_eq!(h.layout().len(), 0);
}

// ----- equality ----------------------------------------------------------------------

#[test]
fn equality_is_logical() {
    let a = fixture().h;
    let b = a.clone();
    assert_eq!(a, b);
    // Touching the layout does not change equality.
    let _ = b.subtree_size(UnitId(0)).unwrap();
    assert_eq!(a, b);
    let mut c = a.clone();
    c.set_members(UnitId(2), Members::new(1, 1)).unwrap();
    assert_ne!(a, c);
    let mut d = a.clone();
    d.rename(UnitId(2), "改名社区").unwrap();
    assert_ne!(a, d);
    let mut e = a.clone();
    e.move_unit(UnitId(5), Some(UnitId(6))).unwrap();
    assert_ne!(a, e);
}

#[test]
fn unit_refs_are_equal_when_they_view_the_same_unit() {
    let (h, district, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    assert_eq!(h.unit(street).unwrap(), h.unit(street).unwrap());
    assert_eq!(h.parent(street).unwrap(), Some(h.unit(district).unwrap()));
    assert_ne!(h.unit(street).unwrap(), h.unit(district).unwrap());
}

#[test]
fn hierarchies_differing_only_in_a_record_or_a_pairing_are_unequal() {
    use partyorg::{Pairing, PairingKind, Record, RecordKind};
    let (h, district, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    let meeting = |matters| RecordKind::JointMeeting {
        matters,
        problems_solved: 1,
    };
    let mut one = h.clone();
    one.add_record(Record::new(street, date(2023, 3, 1), meeting(1)))
        .unwrap();
    let mut other = h.clone();
    other
        .add_record(Record::new(street, date(2023, 3, 1), meeting(2)))
        .unwrap();
    assert_ne!(one, other);
    assert_eq!(one, one.clone());
    let mut paired = h.clone();
    paired
        .add_pairing(district, street, Pairing::new(PairingKind::TownStreet))
        .unwrap();
    let mut paired_later = h.clone();
    paired_later
        .add_pairing(
            district,
            street,
            Pairing::new(PairingKind::TownStreet).between(Some(date(2023, 1, 1)), None),
        )
        .unwrap();
    assert_ne!(paired, paired_later);
    assert_ne!(paired, h);
}

// ----- builder -----------------------------------------------------------------------

#[test]
fn builder_accepts_rows_in_any_order() {
    let mut b = HierarchyBuilder::new();
    assert!(b.is_empty());
    b.push(
        UnitId(4),
        Some(UnitId(3)),
        unit(UnitKind::EconomicCoop, "第一经济社"),
    );
    assert!(!b.is_empty());
    assert_eq!(b.len(), 1);
    b.push(
        UnitId(3),
        Some(UnitId(2)),
        unit(UnitKind::Village, "龙岗村"),
    );
    b.push(
        UnitId(2),
        Some(UnitId(1)),
        unit(UnitKind::Town, "钟落潭镇").agricultural(),
    );
    b.push(
        UnitId(1),
        None,
        unit(UnitKind::District, "白云区").with_code(code("440111000000")),
    );
    b.push(
        UnitId(5),
        Some(UnitId(3)),
        unit(UnitKind::EconomicCoop, "第二经济社"),
    );
    assert_eq!(b.len(), 5);
    let h = b.build().unwrap();
    assert_eq!(
        h.path(UnitId(4)).unwrap().to_string(),
        "白云区 / 钟落潭镇 / 龙岗村 / 第一经济社"
    );
    assert_eq!(children(&h, UnitId(3)), vec![UnitId(4), UnitId(5)]);
    assert_eq!(h.by_code(code("440111000000")).unwrap().id(), UnitId(1));
    assert!(h.unit(UnitId(2)).unwrap().is_agricultural());
    assert_eq!(ids(h.roots()), vec![UnitId(1)]);
    assert!(h.is_well_placed());
    assert_layout_consistent(&h);
    // The same tree built by hand is equal.
    let mut m = Hierarchy::new();
    m.add_unit_with_id(
        UnitId(1),
        None,
        unit(UnitKind::District, "白云区").with_code(code("440111000000")),
    )
    .unwrap();
    m.add_unit_with_id(
        UnitId(2),
        Some(UnitId(1)),
        unit(UnitKind::Town, "钟落潭镇").agricultural(),
    )
    .unwrap();
    m.add_unit_with_id(
        UnitId(3),
        Some(UnitId(2)),
        unit(UnitKind::Village, "龙岗村"),
    )
    .unwrap();
    m.add_unit_with_id(
        UnitId(4),
        Some(UnitId(3)),
        unit(UnitKind::EconomicCoop, "第一经济社"),
    )
    .unwrap();
    m.add_unit_with_id(
        UnitId(5),
        Some(UnitId(3)),
        unit(UnitKind::EconomicCoop, "第二经济社"),
    )
    .unwrap();
    assert_eq!(h, m);
    // Ids continue after the file's.
    let mut h = h;
    assert_eq!(
        h.add_unit(Some(UnitId(3)), unit(UnitKind::EconomicCoop, "第三经济社"))
            .unwrap(),
        UnitId(6)
    );
}

#[test]
fn builder_lenient_keeps_misplaced_units_for_validation() {
    let mut b = HierarchyBuilder::new();
    b.push(UnitId(1), None, unit(UnitKind::District, "白云区"));
    b.push(
        UnitId(2),
        Some(UnitId(1)),
        unit(UnitKind::Village, "石马桥村"),
    );
    b.push(UnitId(3), None, unit(UnitKind::Street, "孤立街道"));
    let h = b.build().unwrap();
    assert_eq!(h.parent(UnitId(2)).unwrap().unwrap().id(), UnitId(1));
    assert!(!h.is_well_placed());
}

#[test]
fn builder_reports_duplicates_and_missing_parents() {
    let mut b = HierarchyBuilder::new();
    b.push(UnitId(1), None, unit(UnitKind::District, "白云区"));
    b.push(UnitId(1), None, unit(UnitKind::District, "花都区"));
    b.push(
        UnitId(2),
        Some(UnitId(9)),
        unit(UnitKind::Street, "均禾街道"),
    );
    b.push(
        UnitId(4),
        Some(UnitId(3)),
        unit(UnitKind::Street, "松洲街道"),
    );
    let err = b.build().unwrap_err();
    assert_eq!(err.total, 3);
    assert_eq!(
        err.problems,
        vec![
            BuildProblem::DuplicateId { id: UnitId(1) },
            BuildProblem::MissingParent {
                id: UnitId(2),
                parent: UnitId(9),
            },
            BuildProblem::MissingParent {
                id: UnitId(4),
                parent: UnitId(3),
            },
        ]
    );
    let msg = err.to_string();
    assert!(msg.starts_with("3 problem(s)"), "{msg}");
    assert!(msg.contains("#1"), "{msg}");
}

#[test]
fn builder_reports_cycles_from_their_lowest_id() {
    // A unit that is its own parent.
    let mut b = HierarchyBuilder::new();
    b.push(
        UnitId(1),
        Some(UnitId(1)),
        unit(UnitKind::District, "白云区"),
    );
    assert_eq!(
        b.build().unwrap_err().problems,
        vec![BuildProblem::Cycle {
            id: UnitId(1),
            cycle: vec![UnitId(1)],
        }]
    );
    // A 3-cycle, entered from a unit hanging below it and from its highest id first.
    let mut b = HierarchyBuilder::new();
    b.push(
        UnitId(9),
        Some(UnitId(7)),
        unit(UnitKind::EconomicCoop, "第一经济社"),
    );
    b.push(
        UnitId(7),
        Some(UnitId(3)),
        unit(UnitKind::Village, "龙岗村"),
    );
    b.push(UnitId(3), Some(UnitId(5)), unit(UnitKind::Town, "钟落潭镇"));
    b.push(
        UnitId(5),
        Some(UnitId(7)),
        unit(UnitKind::District, "白云区"),
    );
    b.push(UnitId(11), None, unit(UnitKind::District, "花都区"));
    let err = b.build().unwrap_err();
    assert_eq!(err.total, 1);
    assert_eq!(
        err.problems,
        vec![BuildProblem::Cycle {
            id: UnitId(3),
            cycle: vec![UnitId(3), UnitId(5), UnitId(7)],
        }]
    );
    // Two separate cycles are both reported.
    let mut b = HierarchyBuilder::new();
    b.push(UnitId(20), Some(UnitId(21)), unit(UnitKind::District, "a"));
    b.push(UnitId(21), Some(UnitId(20)), unit(UnitKind::District, "b"));
    b.push(UnitId(8), Some(UnitId(6)), unit(UnitKind::District, "c"));
    b.push(UnitId(6), Some(UnitId(8)), unit(UnitKind::District, "d"));
    let err = b.build().unwrap_err();
    assert_eq!(
        err.problems,
        vec![
            BuildProblem::Cycle {
                id: UnitId(20),
                cycle: vec![UnitId(20), UnitId(21)],
            },
            BuildProblem::Cycle {
                id: UnitId(6),
                cycle: vec![UnitId(6), UnitId(8)],
            },
        ]
    );
}

#[test]
fn builder_strict_enforces_the_containment_table() {
    let rows = || {
        let mut b = HierarchyBuilder::new();
        b.push(
            UnitId(2),
            Some(UnitId(1)),
            unit(UnitKind::Village, "石马桥村"),
        );
        b.push(UnitId(1), None, unit(UnitKind::District, "白云区"));
        b.push(UnitId(3), None, unit(UnitKind::Street, "均禾街道"));
        b
    };
    let err = rows().build_strict().unwrap_err();
    assert_eq!(err.total, 2);
    // The lenient build holds the same units, named alike.
    let h = rows().build().unwrap();
    assert_eq!(
        err.problems,
        vec![
            BuildProblem::Hierarchy(HierarchyError::NotAllowed {
                child: Some(UnitId(2)),
                child_kind: UnitKind::Village,
                parent: UnitId(1),
                parent_kind: UnitKind::District,
                parent_label: unit_label(&h, UnitId(1)),
                child_label: Some(unit_label(&h, UnitId(2))),
            }),
            BuildProblem::Hierarchy(HierarchyError::NeedsParent {
                unit: Some(UnitId(3)),
                kind: UnitKind::Street,
            }),
        ]
    );
    // A well-placed set passes the strict build.
    let mut b = HierarchyBuilder::with_capacity(2);
    b.push(
        UnitId(2),
        Some(UnitId(1)),
        unit(UnitKind::Street, "均禾街道"),
    );
    b.push(UnitId(1), None, unit(UnitKind::District, "白云区"));
    let h = b.build_strict().unwrap();
    assert!(h.is_well_placed());
}

#[test]
fn builder_caps_listed_problems_but_counts_all() {
    let mut b = HierarchyBuilder::new();
    let n = MAX_LISTED_PROBLEMS as u32 + 25;
    for i in 0..n {
        b.push(
            UnitId(i),
            Some(UnitId(100_000 + i)),
            unit(UnitKind::Street, "街道"),
        );
    }
    let err = b.build().unwrap_err();
    assert_eq!(err.total, n as usize);
    assert_eq!(err.problems.len(), MAX_LISTED_PROBLEMS);
    for (i, p) in err.problems.iter().enumerate() {
        assert_eq!(
            *p,
            BuildProblem::MissingParent {
                id: UnitId(i as u32),
                parent: UnitId(100_000 + i as u32),
            }
        );
    }
}

// ----- regressions -------------------------------------------------------------------

#[test]
fn regression_clearing_a_shared_code_keeps_the_other_holder_findable() {
    // A file may give two units the same code; the builder keeps both (validation reports
    // it). Clearing or changing the first holder's code must leave the second findable,
    // as removing the first holder does.
    let shared = code("440111013008");
    let rows = || {
        let mut b = HierarchyBuilder::new();
        b.push(UnitId(1), None, unit(UnitKind::District, "白云区"));
        b.push(
            UnitId(2),
            Some(UnitId(1)),
            unit(UnitKind::Street, "均禾街道"),
        );
        b.push(
            UnitId(3),
            Some(UnitId(2)),
            unit(UnitKind::Community, "罗岗社区居委会").with_code(shared),
        );
        b.push(
            UnitId(4),
            Some(UnitId(2)),
            unit(UnitKind::Community, "罗岗社区").with_code(shared),
        );
        b.build().unwrap()
    };
    let mut h = rows();
    assert_eq!(h.by_code(shared).unwrap().id(), UnitId(3));
    h.set_code(UnitId(3), None).unwrap();
    assert_eq!(h.by_code(shared).unwrap().id(), UnitId(4));
    let mut h = rows();
    h.set_code(UnitId(3), Some(code("440111013009"))).unwrap();
    assert_eq!(h.by_code(shared).unwrap().id(), UnitId(4));
    let mut h = rows();
    h.remove_unit(UnitId(3), Removal::LeafOnly).unwrap();
    assert_eq!(h.by_code(shared).unwrap().id(), UnitId(4));
}

#[test]
fn regression_lifted_children_keep_their_order() {
    // `remove_unit(.., LiftChildren)` re-attached the children newest first, reversing
    // their order under the new parent, and named the last misfit instead of the first.
    let mut h = Hierarchy::new();
    let d = h
        .add_unit(None, unit(UnitKind::District, "白云区"))
        .unwrap();
    let organ = UnitKind::Institution(Sector::Organ);
    let o = h.add_unit(Some(d), unit(organ, "组织部")).unwrap();
    let kids: Vec<UnitId> = ["一科", "二科", "三科"]
        .into_iter()
        .map(|n| h.add_unit(Some(o), unit(organ, n)).unwrap())
        .collect();
    let s = h
        .add_unit(Some(d), unit(UnitKind::Street, "均禾街道"))
        .unwrap();
    h.remove_unit(o, Removal::LiftChildren).unwrap();
    let mut want = vec![s];
    want.extend(&kids);
    assert_eq!(children(&h, d), want);
    // The first child in attachment order is the one named when none may be lifted.
    let c1 = h
        .add_unit(Some(s), unit(UnitKind::Community, "罗岗社区"))
        .unwrap();
    let c2 = h
        .add_unit(Some(s), unit(UnitKind::Community, "清湖社区"))
        .unwrap();
    assert_eq!(children(&h, s), vec![c1, c2]);
    rejects_as(
        &mut h,
        |h| HierarchyError::NotAllowed {
            child: Some(c1),
            child_kind: UnitKind::Community,
            parent: d,
            parent_kind: UnitKind::District,
            parent_label: unit_label(h, d),
            child_label: Some(unit_label(h, c1)),
        },
        |h| h.remove_unit(s, Removal::LiftChildren),
    );
}

#[test]
fn capacity_and_shrinking_change_nothing_logical() {
    let fx = fixture();
    let mut h = fx.h.clone();
    h.remove_unit(fx.longgang, Removal::Subtree).unwrap();
    let before = h.clone();
    let bytes = h.heap_bytes();
    assert!(bytes > 0);
    h.shrink_to_fit();
    assert!(h.heap_bytes() <= bytes);
    assert_unchanged(&h, &before);
    assert_eq!(h.by_code(code("440111013000")).unwrap().id(), fx.junhe);
    assert_eq!(
        ids(h.by_name("第一经济社")),
        vec![fx.luogang_coop, fx.madong_1]
    );
    assert_layout_consistent(&h);
    // A new unit after shrinking reuses no id.
    let c = h
        .add_unit(Some(fx.madong), unit(UnitKind::EconomicCoop, "第二经济社"))
        .unwrap();
    assert!(!fx.h.contains(c));
    // A hierarchy built with room for many units is the same hierarchy.
    let mut a = Hierarchy::with_capacity(1000);
    let mut b = Hierarchy::new();
    for h in [&mut a, &mut b] {
        let d = h
            .add_unit(None, unit(UnitKind::District, "白云区"))
            .unwrap();
        h.add_unit(Some(d), unit(UnitKind::Street, "均禾街道"))
            .unwrap();
    }
    assert_eq!(a, b);
    assert!(a.heap_bytes() > b.heap_bytes());
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
}

#[test]
fn regression_moving_under_the_same_parent_keeps_sibling_order() {
    let mut fx = fixture();
    let h = &mut fx.h;
    assert_eq!(children(h, fx.junhe), vec![fx.luogang, fx.qinghu]);
    let before = h.clone();
    h.move_unit(fx.luogang, Some(fx.junhe)).unwrap();
    assert_eq!(children(h, fx.junhe), vec![fx.luogang, fx.qinghu]);
    assert_unchanged(h, &before);
}

#[test]
fn regression_a_unit_cannot_be_related_or_paired_with_itself() {
    let mut fx = fixture();
    let junhe = fx.junhe;
    rejects_as(
        &mut fx.h,
        |h| HierarchyError::SelfRelation {
            id: junhe,
            label: unit_label(h, junhe),
        },
        |h| h.add_pairing(junhe, junhe, Pairing::new(PairingKind::JointBuilding)),
    );
    rejects_as(
        &mut fx.h,
        |h| HierarchyError::SelfRelation {
            id: junhe,
            label: unit_label(h, junhe),
        },
        |h| {
            h.add_pairing_with_id(
                PairingId(77),
                junhe,
                junhe,
                Pairing::new(PairingKind::JointBuilding),
            )
        },
    );
}

#[test]
fn regression_a_far_record_id_is_refused_not_allocated() {
    let mut fx = fixture();
    let junhe = fx.junhe;
    let far = RecordId(u32::MAX - 1);
    assert!(far.0 as usize > 2 * partyorg::hierarchy::MAX_RECORD_ID_GAP);
    rejects(
        &mut fx.h,
        HierarchyError::Full {
            what: "records (an id far beyond the others)",
        },
        |h| h.add_record_with_id(far, meeting(junhe)),
    );
    let near = RecordId(partyorg::hierarchy::MAX_RECORD_ID_GAP as u32);
    fx.h.add_record_with_id(near, meeting(junhe)).unwrap();
    assert_eq!(fx.h.records().map(|r| r.0).collect::<Vec<_>>(), vec![near]);
}

// ----- identity: ids never reused ------------------------------------------------------

#[test]
fn a_removed_units_id_is_never_handed_out_or_accepted_again() {
    let mut fx = fixture();
    let h = &mut fx.h;
    h.remove_unit(fx.estate, Removal::LeafOnly).unwrap();
    rejects(h, HierarchyError::RetiredId { id: fx.estate }, |h| {
        h.add_unit_with_id(
            fx.estate,
            Some(fx.luogang),
            unit(UnitKind::Estate, "新花园"),
        )
    });
    // An organization's id too, a temporary organization's among them.
    let t = h.add_temporary(temporary(fx.zhongluotan)).unwrap();
    h.remove_org(t, Removal::LeafOnly).unwrap();
    rejects(h, HierarchyError::RetiredOrgId { id: t }, |h| {
        h.add_temporary_with_id(t, temporary(fx.zhongluotan))
    });
    assert!(h.add_temporary(temporary(fx.zhongluotan)).unwrap() > t);
    let highest = h.units().map(|u| u.id()).max().unwrap();
    let fresh = h
        .add_unit(Some(fx.luogang), unit(UnitKind::Estate, "新花园"))
        .unwrap();
    assert!(fresh > highest && fresh != fx.estate);
    // A whole subtree's ids retire with it.
    let removed = h.remove_unit(fx.longgang, Removal::Subtree).unwrap();
    for id in removed.units {
        rejects(h, HierarchyError::RetiredId { id }, |h| {
            h.add_unit_with_id(id, Some(fx.zhongluotan), unit(UnitKind::Village, "龙岗村"))
        });
    }
}

#[test]
fn the_reserved_id_is_refused() {
    let mut fx = fixture();
    let reserved = UnitId(u32::MAX);
    rejects(
        &mut fx.h,
        HierarchyError::ReservedId { id: reserved },
        |h| h.add_unit_with_id(reserved, None, unit(UnitKind::District, "花都区")),
    );
    let reserved_org = OrgId(u32::MAX);
    rejects(
        &mut fx.h,
        HierarchyError::ReservedOrgId { id: reserved_org },
        |h| h.add_temporary_with_id(reserved_org, temporary(fx.zhongluotan)),
    );
    // The largest id below it is an ordinary id.
    let last = UnitId(u32::MAX - 1);
    fx.h.add_unit_with_id(last, None, unit(UnitKind::District, "花都区"))
        .unwrap();
    assert_eq!(
        fx.h.add_unit(None, unit(UnitKind::District, "从化区")),
        Err(HierarchyError::Full { what: "unit ids" })
    );
}

#[test]
fn a_removed_units_id_finds_nothing_even_when_its_slot_is_reused() {
    let (mut h, district, child) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    h.remove_unit(child, partyorg::hierarchy::Removal::LeafOnly)
        .unwrap();
    // The graph reuses the freed slot for the next unit; the old id must not reach it.
    let next = h
        .add_unit(Some(district), Unit::new(UnitKind::Street, "松洲街道"))
        .unwrap();
    assert_ne!(next, child);
    assert!(h.unit(child).is_err());
    assert!(h.parent(child).is_err());
    assert_eq!(h.unit(next).unwrap().name(), "松洲街道");
}

// ----- capacity: reserved room is kept, and released on shrinking --------------------

#[test]
fn a_hierarchy_built_within_its_capacity_does_not_grow() {
    let mut h = Hierarchy::with_capacity(1_000);
    let root = h
        .add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    h.add_unit(Some(root), Unit::new(UnitKind::Street, "街道"))
        .unwrap();
    let reserved = h.heap_bytes();
    // One name for all, so that the name arena does not grow either.
    for _ in 2..1_000 {
        h.add_unit(Some(root), Unit::new(UnitKind::Street, "街道"))
            .unwrap();
    }
    assert_eq!(h.len(), 1_000);
    assert_eq!(h.heap_bytes(), reserved);
}

#[test]
fn shrinking_releases_the_room_reserved_for_a_build() {
    let mut h = Hierarchy::with_capacity(10_000);
    h.add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    let reserved = h.heap_bytes();
    h.shrink_to_fit();
    assert!(
        h.heap_bytes() < reserved / 10,
        "{} of {reserved}",
        h.heap_bytes()
    );
    assert_eq!(h.len(), 1);
}

// ----- the name arena ------------------------------------------------------------------

#[test]
fn renaming_one_unit_again_and_again_keeps_memory_bounded() {
    let mut fx = fixture();
    let start = fx.h.heap_bytes();
    let long = "街".repeat(100); // 300 bytes
    for i in 0..20_000 {
        fx.h.rename(fx.junhe, &format!("{long}{i}")).unwrap();
    }
    // 20,000 distinct 300-byte names would hold 6 MB; reclaimed, the arena holds the
    // names in use plus at most 4,096 renamed-away ones (about 1.2 MB, with growth room).
    let grown = fx.h.heap_bytes() - start;
    assert!(grown < 3_000_000, "the arena grew by {grown} bytes");
    assert_eq!(fx.h.unit(fx.junhe).unwrap().name(), format!("{long}19999"));
    assert_eq!(ids(fx.h.by_name(&format!("{long}19999"))), vec![fx.junhe]);
    assert_eq!(fx.h.by_name(&format!("{long}0")).count(), 0);
    // Every other unit keeps its name through the compactions.
    assert_eq!(fx.h.unit(fx.luogang).unwrap().name(), "罗岗社区");
    assert_eq!(fx.h.by_name("第一经济社").count(), 3);
}

// ----- batches taken back in place ---------------------------------------------------

#[test]
fn a_refused_batch_takes_back_every_kind_of_edit() {
    let mut fx = fixture();
    let h = &mut fx.h;
    h.add_record(Record::new(
        fx.luogang,
        date(2023, 3, 1),
        RecordKind::Activity { participants: 30 },
    ))
    .unwrap();
    let pairing = h
        .add_pairing(
            fx.zhongluotan,
            fx.junhe,
            Pairing::new(PairingKind::TownStreet),
        )
        .unwrap();
    let next = UnitId(1000);
    let before = h.clone();
    let order_before: Vec<Vec<UnitId>> =
        before.units().map(|u| children(&before, u.id())).collect();
    let err = h
        .apply_batch(vec![
            Edit::AddUnit {
                id: next,
                parent: Some(fx.junhe),
                unit: unit(UnitKind::Community, "新社区").with_code(code("440111013099")),
            },
            Edit::MoveUnit {
                unit: fx.luogang,
                new_parent: Some(fx.zhongluotan),
            },
            Edit::RemoveUnit {
                unit: fx.section,
                how: Removal::LiftChildren,
            },
            Edit::RemoveUnit {
                unit: fx.longgang,
                how: Removal::Subtree,
            },
            Edit::RemoveUnit {
                unit: fx.organ,
                how: Removal::Subtree,
            },
            Edit::SetMembers {
                unit: fx.qinghu,
                members: Members::new(70, 1),
            },
            Edit::SetPartyForm {
                unit: fx.qinghu,
                form: Some(PartyForm::GeneralBranch),
            },
            Edit::Rename {
                unit: fx.junhe,
                name: "均禾街".into(),
            },
            Edit::SetCode {
                unit: fx.baiyun,
                code: None,
            },
            Edit::RemovePairing { id: pairing },
            Edit::AddPairing {
                id: PairingId(77),
                from: fx.junhe,
                to: fx.shiling,
                pairing: Pairing::new(PairingKind::JointBuilding),
            },
            Edit::RemoveRecord { id: RecordId(0) },
            Edit::AddRecord {
                id: RecordId(5),
                record: Record::new(
                    fx.qinghu,
                    date(2023, 4, 1),
                    RecordKind::Activity { participants: 9 },
                ),
            },
            Edit::RemoveUnit {
                unit: fx.estate,
                how: Removal::LeafOnly,
            },
            // Refused: a village may not stand under a district.
            Edit::AddUnit {
                id: UnitId(1001),
                parent: Some(fx.baiyun),
                unit: unit(UnitKind::Village, "石马桥村"),
            },
        ])
        .unwrap_err();
    assert_eq!(err.refused.len(), 1, "{err:?}");
    assert_eq!(err.refused[0].0, 14);
    assert_unchanged(h, &before);
    let order_after: Vec<Vec<UnitId>> = h.units().map(|u| children(h, u.id())).collect();
    assert_eq!(order_after, order_before);
    // Lookups, counters and retired ids are as they were too.
    assert_eq!(h.by_code(code("440111000000")).unwrap().id(), fx.baiyun);
    assert!(h.by_code(code("440111013099")).is_none());
    assert_eq!(h.by_name("均禾街道").count(), 1);
    assert_eq!(h.records().count(), 1);
    assert_eq!(h.pairing(pairing), before.pairing(pairing));
    assert_eq!(
        h.totals(fx.baiyun, &partyorg::Period::year(2023)).unwrap(),
        before
            .totals(fx.baiyun, &partyorg::Period::year(2023))
            .unwrap()
    );
    h.add_unit_with_id(
        fx.estate,
        Some(fx.luogang),
        unit(UnitKind::Estate, "罗岗花园"),
    )
    .expect_err("the estate still exists");
    h.add_unit_with_id(next, Some(fx.junhe), unit(UnitKind::Community, "新社区"))
        .expect("an id the refused batch added is free again");
    assert_eq!(
        h.add_unit(Some(fx.junhe), unit(UnitKind::Community, "又一社区")),
        Ok(UnitId(next.0 + 1))
    );
}

// ----- the one place that keeps derived state right ----------------------------------

#[test]
fn only_the_change_hook_writes_the_indexes_and_drops_the_layouts() {
    // The store's promise (src/hierarchy/change.rs): every change reports a typed
    // `Change`, and the id, organization-id, code and key indexes and the derived layouts
    // are written by `Hierarchy::changed` alone. A method that wrote one of them directly
    // could forget the others; this pins the promise on the source itself.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let writes = [
        "self.ids.0.insert",
        "self.ids.0.remove",
        "self.org_ids.0.insert",
        "self.org_ids.0.remove",
        "self.by_code.insert",
        "self.by_code.remove",
        "self.by_code.entry",
        "self.derived.layout =",
        "self.derived.by_name =",
        "self.derived.org_layout =",
        "self.derived.rollup =",
        "self.unit_keys.insert",
        "self.unit_keys.remove",
        "self.org_keys.insert",
        "self.org_keys.remove",
        "self.pairing_keys.insert",
        "self.pairing_keys.remove",
        "self.record_keys.insert",
        "self.record_keys.remove",
    ];
    let mut stack = vec![dir];
    let mut seen = 0;
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            let in_hook = p.ends_with("hierarchy/change.rs");
            for w in writes {
                let n = text.matches(w).count();
                if in_hook {
                    seen += n;
                } else {
                    assert_eq!(n, 0, "{} writes `{w}` outside the change hook", p.display());
                }
            }
        }
    }
    assert!(seen >= writes.len(), "the hook writes them all ({seen})");
}
