//! Organization totals by period: only the organizations that stood in it count, at the
//! boundary days of their founding and dissolution.

use chrono::NaiveDate;
use partyorg::rollup::Period;
use partyorg::{Hierarchy, Members, Org, OrgForm, OrgId, Sector, Unit, UnitId, UnitKind};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A working committee with three branches: one always (10 members), one founded on
/// 2023-05-01 (20), one dissolved on 2024-01-01 (30) with a branch of its own below it
/// that still stands (4).
fn committee() -> (Hierarchy, UnitId, OrgId, OrgId) {
    let mut h = Hierarchy::new();
    let district = h
        .add_unit(None, Unit::new(UnitKind::District, "样例区"))
        .unwrap();
    let organ = |h: &mut Hierarchy, name: &str| {
        h.add_unit(
            Some(district),
            Unit::new(UnitKind::Institution(Sector::Organ), name),
        )
        .unwrap()
    };
    let (a, b, c, e) = (
        organ(&mut h, "甲局"),
        organ(&mut h, "乙局"),
        organ(&mut h, "丙局"),
        organ(&mut h, "丁局"),
    );
    let gw = h
        .add_org(
            None,
            district,
            Org::new(OrgForm::WorkingCommittee, "机关工委"),
        )
        .unwrap();
    let branch =
        |name: &str, full| Org::new(OrgForm::Branch, name).with_members(Members::new(full, 0));
    h.add_org(Some(gw), a, branch("甲支部", 10)).unwrap();
    h.add_org(Some(gw), b, branch("乙支部", 20).founded_on(d(2023, 5, 1)))
        .unwrap();
    let gone = h
        .add_org(
            Some(gw),
            c,
            Org::new(OrgForm::GeneralBranch, "丙总支")
                .with_members(Members::new(30, 0))
                .dissolved_on(d(2024, 1, 1)),
        )
        .unwrap();
    h.add_org(Some(gone), e, branch("丁支部", 4)).unwrap();
    (h, district, gw, gone)
}

#[test]
fn org_totals_count_only_the_organizations_that_stood_at_the_boundaries() {
    let (h, district, gw, gone) = committee();
    let on = |date| h.org_totals_in(gw, &Period::day(date)).unwrap();
    // The day before the founding: the committee, 甲, 丙 and 丁.
    let before = on(d(2023, 4, 30));
    assert_eq!((before.orgs, before.members()), (4, 44));
    assert_eq!(before.of_form(OrgForm::Branch), 2);
    // The founding day: 乙 too.
    let founded = on(d(2023, 5, 1));
    assert_eq!((founded.orgs, founded.members()), (5, 64));
    // The last day of 丙总支, and the day of its dissolution: its branch still stands.
    let last = on(d(2023, 12, 31));
    assert_eq!((last.orgs, last.members()), (5, 64));
    let after = on(d(2024, 1, 1));
    assert_eq!((after.orgs, after.members()), (4, 34));
    assert_eq!(after.of_form(OrgForm::GeneralBranch), 0);
    // By year: 丙 in 2023, 乙 not in 2022.
    let y2022 = h.org_totals_in(gw, &Period::year(2022)).unwrap();
    assert_eq!((y2022.orgs, y2022.members()), (4, 44));
    assert_eq!(h.org_totals_in(gw, &Period::year(2024)).unwrap().orgs, 4);
    // Over all time every organization counts, as the undated totals do.
    assert_eq!(
        h.org_totals_in(gw, &Period::ALL).unwrap(),
        h.org_totals(gw).unwrap()
    );
    // By child: the dissolved one is left out from 2024, its branch not counted with it.
    let children = |p| {
        h.org_totals_by_child_in(gw, &p)
            .unwrap()
            .into_iter()
            .map(|c| (c.org, c.totals.orgs))
            .collect::<Vec<_>>()
    };
    assert!(children(Period::year(2023)).contains(&(gone, 2)));
    assert!(
        !children(Period::year(2024))
            .iter()
            .any(|&(id, _)| id == gone)
    );
    assert_eq!(children(Period::year(2022)).len(), 2);
    // By place: the same standing organizations, based in the district's subtree.
    let within = |date| h.orgs_within_in(district, &Period::day(date)).unwrap();
    assert_eq!(within(d(2023, 4, 30)).orgs, 4);
    assert_eq!(within(d(2023, 5, 1)).of_sector(Sector::Organ), 4);
    assert_eq!(
        (within(d(2024, 1, 1)).orgs, within(d(2024, 1, 1)).members()),
        (4, 34)
    );
}

#[test]
fn a_units_own_organization_stands_as_its_unit() {
    let mut h = Hierarchy::new();
    let district = h
        .add_unit(
            None,
            Unit::new(UnitKind::District, "样例区").with_party_form(partyorg::PartyForm::Committee),
        )
        .unwrap();
    let village = h
        .add_unit(
            Some(district),
            Unit::new(UnitKind::Street, "东街道")
                .with_party_form(partyorg::PartyForm::Committee)
                .with_members(Members::new(12, 0)),
        )
        .unwrap();
    h.dissolve(village, d(2024, 1, 1)).unwrap();
    let top = h.own_org_of_unit(district).unwrap();
    let count = |p: Period| h.org_totals_in(top, &p).unwrap();
    assert_eq!(
        (
            count(Period::year(2023)).orgs,
            count(Period::year(2023)).members()
        ),
        (2, 12)
    );
    assert_eq!(
        (
            count(Period::year(2024)).orgs,
            count(Period::year(2024)).members()
        ),
        (1, 0)
    );
}
