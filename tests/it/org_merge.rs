//! Merging one party organization into another (撤并): its subordinates and members pass to
//! the absorber, the change is logged, taken back by the view of the day before, refused
//! whole, and kept by every file format (by key in tables, by id in JSON).

use chrono::NaiveDate;
use partyorg::history::{EventKind, Subject};
use partyorg::interchange::{Header, json, load_as, save_as};
use partyorg::rollup::Period;
use partyorg::{
    Hierarchy, HierarchyError, Members, Org, OrgForm, OrgId, PartyForm, Sector, Unit, UnitKind,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

struct Orgs {
    h: Hierarchy,
    gw: OrgId,
    a: OrgId,
    b: OrgId,
    under_a: [OrgId; 2],
    own: OrgId,
}

/// A working committee over two general branches 甲 (30+1 members, two branches below
/// it) and 乙 (20); every organization keyed.
fn orgs() -> Orgs {
    let mut h = Hierarchy::new();
    let district = h
        .add_unit(
            None,
            Unit::new(UnitKind::District, "样例区").with_party_form(PartyForm::Committee),
        )
        .unwrap();
    let organ = h
        .add_unit(
            Some(district),
            Unit::new(UnitKind::Institution(Sector::Organ), "区卫健局"),
        )
        .unwrap();
    let gw = h
        .add_org(
            None,
            district,
            Org::new(OrgForm::WorkingCommittee, "机关工委").with_key("GW"),
        )
        .unwrap();
    let general = |name: &str, key: &str, m| {
        Org::new(OrgForm::GeneralBranch, name)
            .with_key(key)
            .with_members(m)
    };
    let a = h
        .add_org(
            Some(gw),
            organ,
            general("甲总支", "JZ", Members::new(30, 1)),
        )
        .unwrap();
    let b = h
        .add_org(
            Some(gw),
            organ,
            general("乙总支", "YZ", Members::new(20, 0)),
        )
        .unwrap();
    let branch = |name: &str, key: &str| {
        Org::new(OrgForm::Branch, name)
            .with_key(key)
            .with_members(Members::new(5, 0))
    };
    let one = h.add_org(Some(a), organ, branch("第一支部", "Z1")).unwrap();
    let two = h.add_org(Some(a), organ, branch("第二支部", "Z2")).unwrap();
    let own = h.own_org_of_unit(district).unwrap();
    Orgs {
        h,
        gw,
        a,
        b,
        under_a: [one, two],
        own,
    }
}

fn superior(h: &Hierarchy, o: OrgId) -> Option<OrgId> {
    h.org(o).unwrap().superior().map(|s| s.id())
}

#[test]
fn a_merged_organization_passes_its_subordinates_and_members_and_the_day_before_it_stood() {
    let Orgs {
        mut h,
        gw,
        a,
        b,
        under_a,
        ..
    } = orgs();
    let total_before = h.org_totals(gw).unwrap().members();
    let day = d(2024, 1, 1);
    h.merge_org(a, b, day).unwrap();
    for o in under_a {
        assert_eq!(superior(&h, o), Some(b));
    }
    assert_eq!(h.org(b).unwrap().members(), Members::new(50, 1));
    assert_eq!(h.org(a).unwrap().members(), Members::default());
    assert_eq!(h.org(a).unwrap().dissolved(), Some(day));
    assert_eq!(
        h.changes().last().unwrap().kind,
        EventKind::MergeOrg {
            into: b,
            subordinates: under_a.to_vec(),
            members: Members::new(30, 1),
        }
    );
    assert_eq!(h.changes().last().unwrap().subject, Subject::Org(a));
    // The committee's members are the same the day before and the day after.
    let on = |date| h.org_totals_in(gw, &Period::day(date)).unwrap();
    assert_eq!(on(d(2023, 12, 31)).members(), total_before);
    assert_eq!(on(day).members(), total_before);
    assert_eq!((on(d(2023, 12, 31)).orgs, on(day).orgs), (5, 4));
    // As of the day before: 甲 stands with its branches and members.
    let before = h.as_of(d(2023, 12, 31)).unwrap();
    for o in under_a {
        assert_eq!(superior(&before, o), Some(a));
    }
    assert_eq!(before.org(a).unwrap().members(), Members::new(30, 1));
    assert_eq!(before.org(b).unwrap().members(), Members::new(20, 0));
    assert_eq!(before.org(a).unwrap().dissolved(), None);
    assert_eq!(*before, orgs().h);
    // As of the day itself, the merge stands.
    let after = h.as_of(day).unwrap();
    assert_eq!(superior(&after, under_a[0]), Some(b));
    assert!(h.check_changes().is_ok());
}

#[test]
fn a_refused_org_merge_changes_and_logs_nothing() {
    let Orgs {
        mut h,
        gw,
        a,
        b,
        under_a,
        own,
    } = orgs();
    let fresh = h.clone();
    let day = d(2024, 1, 1);
    // Into itself, into its own subordinate, into or of a unit's own organization's
    // absorber that is fine but the absorbed is a unit's own.
    assert!(matches!(
        h.merge_org(a, a, day),
        Err(HierarchyError::OrgCycle { .. })
    ));
    assert!(matches!(
        h.merge_org(a, under_a[0], day),
        Err(HierarchyError::OrgCycle { .. })
    ));
    assert!(matches!(
        h.merge_org(gw, b, day),
        Err(HierarchyError::OrgCycle { .. })
    ));
    assert!(matches!(
        h.merge_org(own, b, day),
        Err(HierarchyError::OwnOrg { .. })
    ));
    assert_eq!(h, fresh);
    // Into an organization that no longer stands.
    h.dissolve_org(b, d(2023, 6, 1)).unwrap();
    let dissolved = h.clone();
    assert!(matches!(
        h.merge_org(a, b, day),
        Err(HierarchyError::NotStanding { .. })
    ));
    // Out of the log's order.
    assert!(matches!(
        h.merge_org(a, gw, d(2023, 1, 1)),
        Err(HierarchyError::OutOfOrder { .. })
    ));
    assert_eq!(h, dissolved);
}

#[test]
fn every_format_keeps_an_org_merge_by_key_in_tables_and_by_id_in_json() {
    let Orgs { mut h, a, b, .. } = orgs();
    h.merge_org(a, b, d(2024, 1, 1)).unwrap();
    let (dir, formats) = crate::support::format_paths("org-merge", "formats");
    for (format, path) in &formats {
        save_as(&h, path, *format, Header::English).unwrap();
        let back = load_as(path, *format).unwrap();
        assert_eq!(back.changes(), h.changes(), "{format:?}");
        assert_eq!(back, h, "{format:?}");
        let before = back.as_of(d(2023, 12, 31)).unwrap();
        assert_eq!(before.org(a).unwrap().members(), Members::new(30, 1));
    }
    let log = std::fs::read_to_string(dir.join("tables").join("changes.csv")).unwrap();
    assert!(
        log.contains("2024-01-01,,JZ,merge,,YZ,,,Z1;Z2,30/1"),
        "{log}"
    );
    let text = json::to_string(&h);
    assert!(text.contains(r#""change":"merge""#) || text.contains(r#""change": "merge""#));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_logged_org_merge_that_disagrees_with_the_tables_is_refused_at_its_row() {
    let Orgs { mut h, a, b, .. } = orgs();
    h.merge_org(a, b, d(2024, 1, 1)).unwrap();
    let dir = crate::support::scratch_path("org-merge", "disagree");
    partyorg::interchange::table::save_dir(&h, &dir).unwrap();
    let path = dir.join("changes.csv");
    let log = std::fs::read_to_string(&path).unwrap();
    // The log says 40 members passed, but 乙 holds only 50 + 1.
    std::fs::write(&path, log.replace(",30/1", ",60/1")).unwrap();
    let err = partyorg::interchange::table::load_dir(&dir).unwrap_err();
    assert!(
        err.problems()
            .iter()
            .any(|p| matches!(p.kind, partyorg::interchange::ProblemKind::Refused { .. })),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
