//! The report card's figures mean what the seed says: distinct sending units, units that
//! formed a lecture team, secretaries trained; every 2023 achievement is dated in 2023; no
//! real unit the seed does not name carries a negative label; organizational and work
//! coverage apart; and the list of the article's countable figures.

use partyorg::relation::PairingLink;
use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use partyorg::baiyun::{
    BAIYUN_CODE, Basis, PROVINCIAL_CASES, Scope, TRAINING_INSTITUTION, baiyun_2023, figures,
    is_marked_synthetic, reproduce, tallies_2023,
};
use partyorg::rollup::Period;
use partyorg::tally::TallyItem;
use partyorg::{
    DivisionCode, Hierarchy, PairingKind, Policy, Sector, UnitId, UnitKind, unit::CommandoField,
};

fn district(h: &Hierarchy) -> UnitId {
    h.by_code(DivisionCode::from_u64(BAIYUN_CODE).unwrap())
        .unwrap()
        .id()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn every_modeled_figure_agrees_and_at_least_forty_of_the_article_are_reproduced() {
    let h = baiyun_2023();
    let tallies = tallies_2023(&h);
    let scope = Scope::new(&h, Some(&tallies), district(&h), 2023).unwrap();
    let (lines, r) = reproduce(&scope);
    for (f, v) in &lines {
        if let Some(v) = v {
            assert!(f.claim.agrees(*v), "{}: {v} against {}", f.what, f.claim);
        } else {
            assert!(
                matches!(f.basis, Basis::NotModeled(why) if !why.is_empty()),
                "{} is neither computed nor explained",
                f.what
            );
        }
    }
    assert_eq!(r.agree, r.checked);
    assert!(r.agree >= 40, "{r:?}");
    assert_eq!(r.total, figures().len());
    assert!(
        r.total > r.checked,
        "some figures of the article are not modeled"
    );
    // Every keyword of the article has a figure.
    let keywords: HashSet<u8> = figures().iter().map(|f| f.keyword).collect();
    assert_eq!(keywords, (1..=12).collect());
    // Without tallies, the figures they hold are not computed (no zero pretends).
    let bare = Scope::new(&h, None, district(&h), 2023).unwrap();
    let (_, bare_r) = reproduce(&bare);
    assert!(bare_r.checked < r.checked && bare_r.agree == bare_r.checked);
}

#[test]
fn a_2022_card_shows_no_2023_achievement() {
    let h = baiyun_2023();
    let tallies = tallies_2023(&h);
    let scope = Scope::new(&h, Some(&tallies), district(&h), 2022).unwrap();
    let (lines, _) = reproduce(&scope);
    let mut achievements = 0;
    for (f, v) in &lines {
        if f.achievement && f.is_modeled() {
            achievements += 1;
            assert_eq!(*v, Some(0), "{} shows in 2022", f.what);
        }
    }
    assert!(achievements >= 40);
    // Every tally, big committee, temporary organization and record is dated in 2023.
    assert!(tallies.iter().all(|t| t.date.year() == 2023));
    let in_2022 = h.totals(district(&h), &Period::year(2022)).unwrap();
    assert_eq!(in_2022.temporary_founded, 0);
    assert_eq!(
        in_2022.big_committees_of(partyorg::unit::BigCommitteeKind::Regional),
        0
    );
    assert_eq!(
        in_2022.part_time_members_of(partyorg::unit::BigCommitteeKind::Regional),
        0
    );
    // The stock formed in 2023: no team, no venue, and no center but the district's own.
    assert_eq!((in_2022.commando_teams(), in_2022.venues()), (0, 0));
    assert_eq!(in_2022.service_centers(), 1);
    assert_eq!(in_2022.service_centers_of(UnitKind::District), 1);
    let in_2023 = h.totals(district(&h), &Period::year(2023)).unwrap();
    assert_eq!(in_2023.commando_teams(), 5_350);
    assert!(in_2023.venues() > 0 && in_2023.service_centers() > 1);
}

#[test]
fn the_thirty_three_are_distinct_sending_units_and_haiyuan_is_served_from_june_2023() {
    let h = baiyun_2023();
    let postings: Vec<_> = h
        .pairings()
        .filter(|PairingLink { pairing: p, .. }| {
            matches!(p.kind, PairingKind::FirstSecretary { .. })
        })
        .collect();
    let senders: HashSet<UnitId> = postings
        .iter()
        .map(|PairingLink { from, .. }| *from)
        .collect();
    assert_eq!(postings.len(), 33);
    assert_eq!(senders.len(), 33, "one first secretary per sending unit");
    let haiyuan = h.by_name("海苑社区居委会").next().unwrap().id();
    let since: Vec<_> = postings
        .iter()
        .filter(|l| l.to == haiyuan)
        .map(|l| l.pairing.since.unwrap())
        .collect();
    assert_eq!(since.len(), 1);
    assert_eq!((since[0].year(), since[0].month()), (2023, 6));
}

#[test]
fn lecture_teams_are_formed_by_the_58_district_organs_and_cohorts_are_trained() {
    let h = baiyun_2023();
    let tallies = tallies_2023(&h);
    let year = Period::year(2023);
    let d = district(&h);
    let units = |item| tallies.units(&h, d, &year, item).unwrap();
    let kinds = |item| -> HashSet<UnitKind> {
        units(item)
            .into_iter()
            .map(|u| h.unit(u).unwrap().kind())
            .collect()
    };
    assert_eq!(units(TallyItem::LectureTeam).len(), 58);
    assert_eq!(
        kinds(TallyItem::LectureTeam),
        HashSet::from([UnitKind::Institution(Sector::Organ)])
    );
    assert_eq!(units(TallyItem::VillageSecretaryTrained).len(), 118);
    assert_eq!(
        kinds(TallyItem::VillageSecretaryTrained),
        HashSet::from([UnitKind::Village])
    );
    assert_eq!(units(TallyItem::CommunitySecretaryTrained).len(), 286);
    assert_eq!(units(TallyItem::DeputySecretaryTrained).len(), 24);
    // The five provincial cases are the streets the seed names.
    let provincial: HashSet<&str> = units(TallyItem::CaseSelectedProvince)
        .into_iter()
        .map(|u| h.unit(u).unwrap().name())
        .collect();
    assert_eq!(provincial, PROVINCIAL_CASES.into_iter().collect());
    // They are among the district's ten.
    let ten: HashSet<UnitId> = units(TallyItem::CaseSelectedDistrict).into_iter().collect();
    assert_eq!(ten.len(), 10);
    assert!(
        units(TallyItem::CaseSelectedProvince)
            .iter()
            .all(|u| ten.contains(u))
    );
}

#[test]
fn achievements_tallied_in_2023_are_the_stock_of_every_unit() {
    let h = baiyun_2023();
    let tallies = tallies_2023(&h);
    let year = Period::year(2023);
    for u in h.units().filter(|u| u.kind() != UnitKind::District) {
        let det = u.details();
        let sum = |item| tallies.sum(&h, u.id(), &year, item).unwrap();
        let own = |item| -> u64 {
            tallies
                .iter()
                .filter(|t| t.unit == u.id() && t.item == item)
                .map(|t| t.count)
                .sum()
        };
        let teams: u64 = det.commando_teams.iter().map(|c| u64::from(c.count)).sum();
        let three_new: u64 = det
            .commando_teams
            .iter()
            .filter(|c| c.field == CommandoField::ThreeNew)
            .map(|c| u64::from(c.count))
            .sum();
        assert_eq!(own(TallyItem::CommandoTeams), teams, "{}", u.name());
        assert_eq!(own(TallyItem::ThreeNewCommandoTeams), three_new);
        assert_eq!(
            own(TallyItem::ServiceCenter),
            u64::from(det.service_center.is_some())
        );
        assert_eq!(own(TallyItem::Venue), det.venues.len() as u64);
        let area: u64 = det.venues.iter().map(|v| u64::from(v.area_m2)).sum();
        assert_eq!(own(TallyItem::VenueAreaM2), area);
        // A subtree's sum holds at least its own.
        assert!(sum(TallyItem::CommandoTeams) >= teams);
        // Each item of the stock is dated in 2023, and tallied on its day.
        let tallied_on = |item, on: Option<NaiveDate>, count: u64| {
            let on = on.expect("the 2023 stock is dated");
            assert_eq!(on.year(), 2023, "{}", u.name());
            tallies
                .iter()
                .any(|t| t.unit == u.id() && t.item == item && t.date == on && t.count == count)
        };
        for c in &det.commando_teams {
            assert!(tallied_on(
                TallyItem::CommandoTeams,
                c.since,
                c.count.into()
            ));
        }
        for v in &det.venues {
            assert!(tallied_on(
                TallyItem::VenueAreaM2,
                v.since,
                v.area_m2.into()
            ));
        }
        if let Some(c) = det.service_center {
            assert!(tallied_on(TallyItem::ServiceCenter, c.since, 1));
        }
    }
}

#[test]
fn no_real_unit_the_seed_does_not_name_carries_a_negative_label() {
    let h = baiyun_2023();
    // Weak and lax: 龙岗村 (named by the seed) or a unit marked synthetic.
    for u in h.units() {
        if u.details()
            .org
            .as_ref()
            .is_some_and(|o| o.weak_lax.is_some())
        {
            assert!(
                u.name() == "龙岗村委会" || is_marked_synthetic(u.name()),
                "{} is labelled weak and lax",
                u.name()
            );
        }
    }
    // Overdue elections and violations: none at all, nor earlier in 2023 (where the only
    // findings are the year's records, dated after the as-of date).
    for as_of in [d(2023, 1, 1), d(2023, 6, 30), d(2023, 12, 31)] {
        let report = h.validate(&Policy::default(), as_of);
        let findings: Vec<_> = report
            .violations()
            .iter()
            .filter(|v| v.severity != partyorg::Severity::Notice)
            .filter(|v| v.rule != partyorg::Rule::RecordAfterAsOf)
            .collect();
        assert!(findings.is_empty(), "{as_of}: {findings:?}");
    }
}

#[test]
fn work_coverage_is_reported_apart_from_organizational_coverage() {
    let h = baiyun_2023();
    let tallies = tallies_2023(&h);
    let dist = district(&h);
    let end = d(2023, 12, 31);
    let firms = UnitKind::Institution(Sector::NonPublicEnterprise);
    let c = tallies.coverage(&h, dist, firms, end).unwrap();
    let trainers = h
        .units()
        .filter(|u| u.name().ends_with(TRAINING_INSTITUTION))
        .count() as u64;
    assert_eq!(trainers, 24);
    // The training institutions have no members and no organization: their work is
    // covered by the instructors; the enterprises have organizations of their own.
    assert_eq!(c.work, trainers);
    assert_eq!(c.organization, c.units - trainers);
    assert!(c.is_full());
    // Before the instructors were sent, the work was not covered.
    let before = tallies.coverage(&h, dist, firms, d(2023, 2, 28)).unwrap();
    assert_eq!(before.work, 0);
    assert!(!before.is_full());
    // An instructor sent to a unit with an organization adds no work coverage.
    let associations = UnitKind::Institution(Sector::SocialOrganization);
    let a = tallies.coverage(&h, dist, associations, end).unwrap();
    assert_eq!((a.work, a.organization), (0, a.units));
}
