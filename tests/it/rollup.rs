//! Rollups on small hand-built hierarchies: attribution, periods, folds, overflow,
//! coverage, time views and the memo.

use chrono::NaiveDate;
use partyorg::relation::PairingWord;
use partyorg::rollup::{Count, Facility, Max, Min, Period, Sum};
use partyorg::{
    Hierarchy, Members, Pairing, PairingKind, PartyForm, QueryError, Record, RecordKind, Relation,
    Sector, Unit, UnitId, UnitKind, org::BigCommittee, org::TemporaryOrg, unit::BigCommitteeKind,
    unit::Details, unit::OrgDetails, unit::ServiceCenter, unit::TaskPurpose, unit::Term,
    unit::WeakLax,
};

use crate::support::{two_streets, under_a_district};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

struct Fixture {
    h: Hierarchy,
    district: UnitId,
    street: UnitId,
    town: UnitId,
    village: UnitId,
    coop: UnitId,
    organ: UnitId,
}

fn fixture() -> Fixture {
    let mut h = Hierarchy::new();
    let district = h
        .add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    let street = h
        .add_unit(
            Some(district),
            Unit::new(UnitKind::Street, "均禾街道").with_members(Members::new(100, 5)),
        )
        .unwrap();
    let town = h
        .add_unit(
            Some(district),
            Unit::new(UnitKind::Town, "人和镇")
                .agricultural()
                .with_members(Members::new(50, 1)),
        )
        .unwrap();
    let village = h
        .add_unit(
            Some(town),
            Unit::new(UnitKind::Village, "大巷村委会")
                .with_members(Members::new(30, 2))
                .with_party_form(PartyForm::Branch),
        )
        .unwrap();
    let coop = h
        .add_unit(
            Some(village),
            Unit::new(UnitKind::EconomicCoop, "第一经济社").with_members(Members::new(4, 0)),
        )
        .unwrap();
    let organ = h
        .add_unit(
            Some(district),
            Unit::new(UnitKind::Institution(Sector::Organ), "区民政局"),
        )
        .unwrap();
    Fixture {
        h,
        district,
        street,
        town,
        village,
        coop,
        organ,
    }
}

fn meeting(unit: UnitId, date: NaiveDate, problems: u32) -> Record {
    Record::new(
        unit,
        date,
        RecordKind::JointMeeting {
            matters: 1,
            problems_solved: problems,
        },
    )
}

#[test]
fn totals_count_members_kinds_and_records_in_the_period() {
    let mut f = fixture();
    f.h.add_record(meeting(f.village, d(2023, 3, 1), 4))
        .unwrap();
    f.h.add_record(meeting(f.street, d(2023, 12, 31), 2))
        .unwrap();
    f.h.add_record(meeting(f.village, d(2024, 1, 1), 100))
        .unwrap();
    let y = Period::year(2023);
    let t = f.h.totals(f.district, &y).unwrap();
    assert_eq!(t.units, 6);
    assert_eq!(t.members(), 192);
    assert_eq!(t.units_of(UnitKind::Village), 1);
    assert_eq!(t.agricultural, 1);
    assert_eq!(t.party_orgs_of(PartyForm::Branch), 1);
    assert_eq!((t.joint_meetings, t.problems_solved), (2, 6));
    let town = f.h.totals(f.town, &y).unwrap();
    assert_eq!(
        (town.units, town.members(), town.problems_solved),
        (3, 87, 4)
    );
    let later = f.h.totals(f.district, &Period::year(2024)).unwrap();
    assert_eq!(later.problems_solved, 100);
    let all = f.h.totals(f.district, &Period::ALL).unwrap();
    assert_eq!(all.joint_meetings, 3);
}

#[test]
fn relations_are_counted_at_their_receiving_end() {
    let mut f = fixture();
    let may = d(2023, 5, 1);
    f.h.add_pairing(
        f.organ,
        f.coop,
        Pairing::new(PairingKind::OrganCoop { sections: 2 }).between(Some(may), None),
    )
    .unwrap();
    f.h.add_pairing(
        f.town,
        f.street,
        Pairing::new(PairingKind::TownStreet).between(Some(may), None),
    )
    .unwrap();
    f.h.add_pairing(
        f.organ,
        f.village,
        Pairing::new(PairingKind::FirstSecretary { secretary: None })
            .between(Some(d(2021, 1, 1)), Some(d(2022, 12, 31))),
    )
    .unwrap();
    let temp =
        f.h.add_temporary(
            TemporaryOrg::new("临时党支部", TaskPurpose::Project, f.village, may)
                .with_members(Members::new(5, 0))
                .dissolved_on(d(2023, 9, 1)),
        )
        .unwrap();
    // Its host keeps its records.
    let host = f.h.org(temp).unwrap().based_in().id();
    assert_eq!(host, f.village);
    f.h.add_record(meeting(host, d(2023, 6, 1), 7)).unwrap();
    let bc = BigCommittee::new("商圈大党委", BigCommitteeKind::BusinessDistrict, f.street)
        .with_member(f.village)
        .with_part_time(f.village, 4);
    f.h.add_big_committee(bc).unwrap();

    let y = Period::year(2023);
    let town = f.h.totals(f.town, &y).unwrap();
    assert_eq!(town.pairings(PairingWord::OrganCoop), 1);
    assert_eq!((town.organ_sections, town.coops_paired), (2, 1));
    assert_eq!(town.pairings(PairingWord::TownStreet), 0);
    // The first secretary's pairing ended in 2022.
    assert_eq!(town.units_with_first_secretary, 0);
    assert_eq!(
        f.h.totals(f.village, &Period::year(2022))
            .unwrap()
            .units_with_first_secretary,
        1
    );
    // The temporary organization and its record count at its host.
    assert_eq!(
        (
            town.temporary_active,
            town.temporary_founded,
            town.temporary_members
        ),
        (1, 1, 5)
    );
    assert_eq!(town.problems_solved, 7);
    assert_eq!(
        f.h.totals(f.town, &Period::year(2024))
            .unwrap()
            .temporary_active,
        0
    );
    // The big committee counts at its core, the membership link at the village.
    let street = f.h.totals(f.street, &y).unwrap();
    assert_eq!(street.pairings(PairingWord::TownStreet), 1);
    assert_eq!(
        street.big_committees_of(BigCommitteeKind::BusinessDistrict),
        1
    );
    assert_eq!(
        street.part_time_members_of(BigCommitteeKind::BusinessDistrict),
        4
    );
    assert_eq!(town.big_committees(), 0);
    assert_eq!(town.big_committee_links, 1);
    assert_eq!(
        f.h.totals(UnitId(999), &y),
        Err(QueryError::UnknownUnit { id: UnitId(999) })
    );
}

#[test]
fn periods_refuse_to_be_empty() {
    assert_eq!(
        Period::new(d(2023, 2, 1), d(2023, 1, 1)),
        Err(QueryError::EmptyPeriod {
            start: d(2023, 2, 1),
            end: d(2023, 1, 1)
        })
    );
    let p = Period::new(d(2023, 1, 1), d(2023, 1, 1)).unwrap();
    assert_eq!(p, Period::day(d(2023, 1, 1)));
    assert!(p.overlaps(Some(d(2022, 1, 1)), Some(d(2023, 1, 2))));
    assert!(!p.overlaps(Some(d(2022, 1, 1)), Some(d(2023, 1, 1))));
    assert!(!p.overlaps(Some(d(2023, 1, 2)), None));
}

#[test]
fn folds_combine_over_one_subtree_and_all_subtrees() {
    let f = fixture();
    let members = |u: partyorg::UnitRef<'_>| Sum(u.members().total());
    assert_eq!(f.h.fold_subtree(f.town, members).unwrap(), Sum(87));
    let all = f.h.fold_all(members).unwrap();
    assert_eq!(all.len(), 6);
    assert_eq!(all.get(f.district), Some(&Sum(192)));
    assert_eq!(all.get(f.village), Some(&Sum(36)));
    assert_eq!(all.get(UnitId(77)), None);
    let extremes =
        f.h.fold_subtree(f.district, |u| {
            let m = u.members().total();
            (Min(Some(m)), Max(Some(m)), Count::of(m == 0))
        })
        .unwrap();
    assert_eq!(extremes, (Min(Some(0)), Max(Some(105)), Count(2)));
    let by_kind =
        f.h.group_by(f.district, |u| Some(u.kind()), |u| Sum(u.members().total()))
            .unwrap();
    assert_eq!(by_kind[&UnitKind::Town], Sum(51));
    assert_eq!(by_kind.len(), 6);
}

#[test]
fn checked_sums_report_overflow_naming_the_unit() {
    let f = fixture();
    let huge = |u: partyorg::UnitRef<'_>| {
        Sum(
            if u.kind() == UnitKind::EconomicCoop || u.kind() == UnitKind::Village {
                u64::MAX / 2 + 1
            } else {
                0
            },
        )
    };
    assert_eq!(
        (f.h.fold_subtree(f.town, huge)).map_err(overflowed),
        Err(f.town)
    );
    // In the all-subtrees pass the village's subtree is the first that does not fit.
    assert_eq!(
        (f.h.fold_all(huge).map(|v| v.len())).map_err(overflowed),
        Err(f.village)
    );
    assert!(f.h.fold_subtree(f.coop, huge).is_ok());
}

#[test]
fn totals_by_child_list_the_children() {
    let f = fixture();
    let rows = f.h.totals_by_child(f.district, &Period::ALL).unwrap();
    let names: Vec<_> = rows
        .iter()
        .map(|c| (c.unit.name(), c.totals.units))
        .collect();
    assert_eq!(names, [("均禾街道", 1), ("人和镇", 3), ("区民政局", 1)]);
}

#[test]
fn coverage_counts_joint_branches_and_lists_the_lacking() {
    let mut f = fixture();
    let k = UnitKind::Institution(Sector::Kindergarten);
    let a =
        f.h.add_unit(
            Some(f.street),
            Unit::new(k, "甲幼儿园").with_party_form(PartyForm::JointBranch),
        )
        .unwrap();
    let b =
        f.h.add_unit(Some(f.street), Unit::new(k, "乙幼儿园"))
            .unwrap();
    let c =
        f.h.add_unit(Some(f.street), Unit::new(k, "丙幼儿园"))
            .unwrap();
    let joint = f.h.own_org_of_unit(a).unwrap();
    f.h.relate(joint, b, Relation::Covers).unwrap();
    let day = d(2023, 12, 31);
    let cov = f.h.coverage(f.district, k, day).unwrap();
    assert_eq!((cov.units, cov.with_party_org), (3, 2));
    assert_eq!(cov.share(Facility::ServiceCenter), Some(0.0));
    let lacking: Vec<_> =
        f.h.lacking(f.district, k, Facility::PartyOrganization, day)
            .unwrap()
            .map(|u| u.id())
            .collect();
    assert_eq!(lacking, [c]);
    let none = f.h.coverage(f.district, UnitKind::Estate, day).unwrap();
    assert_eq!(none.share(Facility::PartyOrganization), None);
    assert!(none.is_full(Facility::PartyOrganization));
}

#[test]
fn time_views_follow_dates() {
    let mut f = fixture();
    let org = |term: Option<Term>, weak: Option<WeakLax>| {
        let mut o = OrgDetails::default();
        o.term = term;
        o.weak_lax = weak;
        o
    };
    let mut village = Details::default();
    village.org = Some(org(
        Some(Term {
            elected: d(2021, 4, 1),
            years: 3,
        }),
        Some(WeakLax {
            identified: d(2022, 3, 1),
            accepted: Some(d(2023, 7, 1)),
        }),
    ));
    f.h.set_details(f.village, village).unwrap();
    let mut coop = Details::default();
    coop.founded = Some(d(2023, 5, 1));
    coop.service_center = Some(ServiceCenter::new(50));
    f.h.set_details(f.coop, coop).unwrap();

    let ending = f.h.terms_ending(f.district, &Period::year(2024)).unwrap();
    assert_eq!(ending.len(), 1);
    assert_eq!(
        (ending[0].unit.id(), ending[0].ends),
        (f.village, d(2024, 4, 1))
    );
    assert!(
        f.h.terms_ending(f.district, &Period::year(2023))
            .unwrap()
            .is_empty()
    );

    let open = |day| {
        f.h.weak_lax_open(f.district, day)
            .unwrap()
            .iter()
            .map(|u| u.id())
            .collect::<Vec<_>>()
    };
    assert_eq!(open(d(2022, 2, 28)), []);
    assert_eq!(open(d(2023, 6, 30)), [f.village]);
    assert_eq!(open(d(2023, 7, 1)), []);
    let y = f.h.totals(f.district, &Period::year(2023)).unwrap();
    assert_eq!((y.weak_lax_identified, y.weak_lax_accepted), (0, 1));

    let before = f.h.as_of(d(2023, 4, 30)).unwrap();
    assert!(!before.exists(f.coop));
    assert_eq!(before.subtree(f.town).unwrap().count(), 2);
    assert_eq!(
        f.h.as_of(d(2023, 5, 1))
            .unwrap()
            .subtree(f.town)
            .unwrap()
            .count(),
        3
    );
    let t =
        f.h.add_temporary(
            TemporaryOrg::new("临时党支部", TaskPurpose::Other, f.town, d(2023, 3, 1))
                .dissolved_on(d(2023, 6, 1)),
        )
        .unwrap();
    assert_eq!(
        f.h.as_of(d(2023, 5, 31))
            .unwrap()
            .temporaries(f.district)
            .unwrap()
            .map(|u| u.id())
            .collect::<Vec<_>>(),
        [t]
    );
    assert_eq!(
        f.h.as_of(d(2023, 6, 1))
            .unwrap()
            .temporaries(f.district)
            .unwrap()
            .count(),
        0
    );
}

#[test]
fn the_memo_follows_member_changes_and_records() {
    let mut f = fixture();
    let y = Period::year(2023);
    let before = f.h.totals(f.district, &y).unwrap();
    f.h.totals(f.town, &y).unwrap();
    assert_eq!(f.h.rollup_memo_len(), 2);
    f.h.set_members(f.coop, Members::new(10, 3)).unwrap();
    let id = f.h.add_record(meeting(f.coop, d(2023, 8, 8), 5)).unwrap();
    f.h.add_record(meeting(f.coop, d(2022, 8, 8), 9)).unwrap();
    // Patched, not dropped.
    assert_eq!(f.h.rollup_memo_len(), 2);
    let after = f.h.totals(f.district, &y).unwrap();
    assert_eq!(after.members(), before.members() + 9);
    assert_eq!(after.problems_solved, before.problems_solved + 5);
    assert_eq!(after, f.h.totals_uncached(f.district, &y).unwrap());
    f.h.remove_record(id).unwrap();
    assert_eq!(
        f.h.totals(f.town, &y).unwrap(),
        f.h.totals_uncached(f.town, &y).unwrap()
    );
    assert_eq!(f.h.totals(f.town, &y).unwrap().problems_solved, 0);
    // Changes of details drop the memo; the next read is fresh and correct.
    let mut det = Details::default();
    det.service_center = Some(ServiceCenter::new(80));
    f.h.set_details(f.village, det).unwrap();
    assert_eq!(f.h.rollup_memo_len(), 0);
    assert_eq!(f.h.totals(f.town, &y).unwrap().service_centers(), 1);
    // So do pairings, and structural changes.
    f.h.add_pairing(f.organ, f.coop, Pairing::new(PairingKind::JointBuilding))
        .unwrap();
    assert_eq!(
        f.h.totals(f.town, &y)
            .unwrap()
            .pairings(PairingWord::JointBuilding),
        1
    );
    f.h.add_unit(
        Some(f.village),
        Unit::new(UnitKind::EconomicCoop, "第二经济社"),
    )
    .unwrap();
    assert_eq!(f.h.rollup_memo_len(), 0);
    assert_eq!(f.h.totals(f.town, &y).unwrap().units, 4);
}

#[test]
fn the_memo_follows_party_form_and_relation_changes() {
    let mut f = fixture();
    let y = Period::year(2023);
    assert_eq!(f.h.totals(f.town, &y).unwrap().party_orgs(), 1);
    f.h.set_party_form(f.coop, Some(PartyForm::Branch)).unwrap();
    assert_eq!(f.h.totals(f.town, &y).unwrap().party_orgs(), 2);
    let bc =
        f.h.add_big_committee(BigCommittee::new(
            "大党委",
            BigCommitteeKind::Regional,
            f.village,
        ))
        .unwrap();
    assert_eq!(f.h.totals(f.town, &y).unwrap().big_committees(), 1);
    f.h.relate(bc, f.coop, Relation::PartTime(6)).unwrap();
    assert_eq!(
        f.h.totals(f.town, &y)
            .unwrap()
            .part_time_members_of(BigCommitteeKind::Regional),
        6
    );
}

// ----- periods ---------------------------------------------------------------------------

#[test]
fn a_period_displays_as_its_inclusive_range() {
    assert_eq!(Period::year(2023).to_string(), "2023-01-01 ..= 2023-12-31");
    let p = Period::new(d(2023, 3, 1), d(2023, 3, 1)).unwrap();
    assert_eq!(p.to_string(), "2023-03-01 ..= 2023-03-01");
}

#[test]
fn a_period_touches_the_years_it_overlaps() {
    let p = Period::new(d(2022, 12, 1), d(2023, 1, 31)).unwrap();
    assert!(p.touches_year(2022));
    assert!(p.touches_year(2023));
    assert!(!p.touches_year(2021));
    assert!(!p.touches_year(2024));
}

#[test]
fn years_beyond_the_calendar_clamp_to_its_ends() {
    let past = Period::year(i32::MIN);
    assert_eq!((past.start(), past.end()), (NaiveDate::MIN, NaiveDate::MIN));
    let future = Period::year(i32::MAX);
    assert_eq!(
        (future.start(), future.end()),
        (NaiveDate::MAX, NaiveDate::MAX)
    );
    let y = Period::year(2023);
    assert_eq!((y.start(), y.end()), (d(2023, 1, 1), d(2023, 12, 31)));
}

// ----- folds and all-subtree values ------------------------------------------------------

#[test]
fn folds_of_minimums_and_pairs_over_a_subtree() {
    use partyorg::rollup::{Count, Min, Sum};
    let (mut h, district, [a, b]) = two_streets();
    h.set_members(a, Members::new(30, 1)).unwrap();
    h.set_members(b, Members::new(12, 0)).unwrap();
    h.set_members(district, Members::new(50, 2)).unwrap();
    let least = h
        .fold_subtree(district, |u| Min(Some(u.members().full)))
        .unwrap();
    assert_eq!(least, Min(Some(12)));
    let pair = h
        .fold_subtree(district, |u| {
            (
                Sum(u64::from(u.members().full)),
                Count::of(u.members().probationary > 0),
            )
        })
        .unwrap();
    assert_eq!(pair, (Sum(92), Count(2)));
}

#[test]
fn all_subtree_values_list_every_unit_in_pre_order() {
    let (h, district, [a, b]) = two_streets();
    let all = h.totals_all(&Period::year(2023)).unwrap();
    assert!(!all.is_empty());
    assert_eq!(all.len(), 3);
    let order: Vec<_> = all.iter().map(|(u, t)| (u.id(), t.units)).collect();
    assert_eq!(order, [(district, 3), (a, 1), (b, 1)]);
    let none = Hierarchy::new();
    let empty = none.totals_all(&Period::year(2023)).unwrap();
    assert!(empty.is_empty());
    assert_eq!(empty.iter().count(), 0);
}

#[test]
fn the_record_index_follows_a_change_of_structure() {
    use partyorg::{Record, RecordKind};
    let (mut h, district, [a, b]) = two_streets();
    h.add_record(Record::new(
        b,
        d(2023, 5, 1),
        RecordKind::JointMeeting {
            matters: 1,
            problems_solved: 1,
        },
    ))
    .unwrap();
    let year = Period::year(2023);
    // The all-subtrees pass indexes the records by pre-order position (no memo).
    assert_eq!(
        h.totals_all(&year).unwrap().get(b).unwrap().joint_meetings,
        1
    );
    // A new community under the first street shifts the second street's position.
    h.add_unit(Some(a), Unit::new(UnitKind::Community, "罗岗社区居委会"))
        .unwrap();
    let all = h.totals_all(&year).unwrap();
    assert_eq!(all.get(b).unwrap().joint_meetings, 1);
    assert_eq!(all.get(a).unwrap().joint_meetings, 0);
    assert_eq!(all.get(district).unwrap().joint_meetings, 1);
}

#[test]
fn totals_by_child_are_each_childs_totals() {
    let (h, district, [a, b]) = two_streets();
    let y = Period::year(2023);
    let got: Vec<_> = h
        .totals_by_child(district, &y)
        .unwrap()
        .into_iter()
        .map(|c| (c.unit.id(), c.totals))
        .collect();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0], (a, h.totals(a, &y).unwrap()));
    assert_eq!(got[1], (b, h.totals(b, &y).unwrap()));
}

#[test]
fn a_big_committee_founded_on_the_last_day_of_a_period_counts_in_it() {
    use partyorg::{org::BigCommittee, unit::BigCommitteeKind};
    for (founded, counted) in [(d(2023, 12, 31), 1), (d(2024, 1, 1), 0)] {
        let (mut h, district, [core, member]) = two_streets();
        let mut bc =
            BigCommittee::new("均禾大工委", BigCommitteeKind::Regional, core).with_member(member);
        bc.founded = Some(founded);
        h.add_big_committee(bc).unwrap();
        let t = h.totals(district, &Period::year(2023)).unwrap();
        assert_eq!(
            t.big_committees_by_kind[BigCommitteeKind::Regional as usize],
            counted,
            "{founded}"
        );
    }
}

// ----- coverage and time views -----------------------------------------------------------

#[test]
fn coverage_counts_each_facility_once_per_unit() {
    let (mut h, district, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    let with_org = |name: &str| {
        Unit::new(UnitKind::Community, name)
            .with_members(Members::new(5, 0))
            .with_party_form(PartyForm::Branch)
    };
    let mut center = Details::default();
    center.service_center = Some(partyorg::unit::ServiceCenter::new(300));
    h.add_unit(
        Some(street),
        with_org("罗岗社区居委会").with_details(center.clone()),
    )
    .unwrap();
    h.add_unit(
        Some(street),
        with_org("清湖社区居委会").with_details(center),
    )
    .unwrap();
    h.add_unit(Some(street), with_org("平沙社区居委会"))
        .unwrap();
    let bare = h
        .add_unit(
            Some(street),
            Unit::new(UnitKind::Community, "新石社区居委会"),
        )
        .unwrap();
    let c = h
        .coverage(district, UnitKind::Community, d(2023, 12, 31))
        .unwrap();
    assert_eq!(c.units, 4);
    assert_eq!(c.with(Facility::PartyOrganization), 3);
    assert_eq!(c.share(Facility::PartyOrganization), Some(0.75));
    assert!(!c.is_full(Facility::PartyOrganization));
    assert_eq!(c.with(Facility::ServiceCenter), 2);
    assert_eq!(c.share(Facility::ServiceCenter), Some(0.5));
    let lacking: Vec<_> = h
        .lacking(
            district,
            UnitKind::Community,
            Facility::PartyOrganization,
            d(2023, 12, 31),
        )
        .unwrap()
        .map(|u| u.id())
        .collect();
    assert_eq!(lacking, vec![bare]);
}

#[test]
fn an_as_of_view_knows_its_date_and_who_exists() {
    let mut details = Details::default();
    details.dissolved = Some(d(2023, 6, 30));
    let (h, district, street) =
        under_a_district(Unit::new(UnitKind::Street, "均禾街道").with_details(details));
    let before = h.as_of(d(2023, 6, 1)).unwrap();
    assert_eq!(before.date(), d(2023, 6, 1));
    assert!(before.exists(street) && before.exists(district));
    let after = h.as_of(d(2023, 7, 1)).unwrap();
    assert!(!after.exists(street) && after.exists(district));
}

// ----- totals by form and kind -----------------------------------------------------------

#[cfg(feature = "datasets")]
#[test]
fn totals_read_by_form_kind_and_sum_alike() {
    use partyorg::baiyun::{BAIYUN_CODE, baiyun_2023};
    use partyorg::unit::VenueKind;
    let h = baiyun_2023();
    let district = h
        .by_code(partyorg::DivisionCode::from_u64(BAIYUN_CODE).unwrap())
        .unwrap()
        .id();
    let t = h.totals(district, &Period::year(2023)).unwrap();
    let branches = t.party_orgs_of(PartyForm::Branch);
    assert!(branches > 1);
    assert_eq!(branches, t.party_orgs_by_form[PartyForm::Branch as usize]);
    assert!(t.service_centers() > 1);
    assert_eq!(
        t.service_centers(),
        t.service_centers_by_kind.iter().sum::<u64>()
    );
    let parks = t.venues_of(VenueKind::Park);
    assert!(parks > 1);
    assert_eq!(parks, t.venues_by_kind[VenueKind::Park as usize]);
    let twice: partyorg::rollup::Totals = [t.clone(), t.clone()].into_iter().sum();
    assert_eq!(twice.full_members, 2 * t.full_members);
    assert_eq!(twice, t.clone() + t);
}

/// The unit whose subtree overflowed.
fn overflowed(e: QueryError) -> UnitId {
    match e {
        QueryError::Overflow { unit, .. } => unit,
        e => panic!("not an overflow: {e}"),
    }
}
