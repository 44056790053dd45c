//! The embedded Baiyun 2023 dataset reproduces the seed's published figures, computed by
//! rollups; and the dataset is real where it claims to be, and valid where it can be. A
//! figure agrees with a published claim as the claim's wording says (exactly, more than,
//! approaching, in ten thousands).

use partyorg::hierarchy::OrgLink;
use partyorg::relation::PairingLink;
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use partyorg::baiyun::{BAIYUN_CODE, DIVISIONS_CSV, PUBLISHED, baiyun_2023};
use partyorg::relation::PairingWord;
use partyorg::rollup::{Count, Facility, Period};
use partyorg::tally::TallyItem;
use partyorg::{
    DivisionCode, Hierarchy, PairingKind, RecordKind, Relation, Sector, UnitId, UnitKind, UnitRef,
    unit::BigCommitteeKind, unit::CommandoField, unit::DemoLevel,
};

fn district(h: &Hierarchy) -> UnitId {
    h.by_code(DivisionCode::from_u64(BAIYUN_CODE).unwrap())
        .unwrap()
        .id()
}

fn year_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 12, 31).unwrap()
}

#[test]
fn every_published_figure_is_reproduced_by_rollups() {
    let h = baiyun_2023();
    let d = district(&h);
    let t = h.totals(d, &Period::year(2023)).unwrap();
    let p = PUBLISHED;
    let tallies = partyorg::baiyun::tallies_2023(&h);
    // The units of `kind` with a tally of `item` in 2023, each once.
    let tallied = |item: TallyItem, kind: Option<UnitKind>| {
        let units = tallies.units(&h, d, &Period::year(2023), item).unwrap();
        units
            .iter()
            .filter(|&&u| kind.is_none_or(|k| h.unit(u).unwrap().kind() == k))
            .count() as u64
    };
    // The distinct units sending first secretaries.
    let senders: HashSet<UnitId> = h
        .pairings()
        .filter(|PairingLink { pairing: p, .. }| {
            matches!(p.kind, PairingKind::FirstSecretary { .. })
        })
        .map(|PairingLink { from, .. }| from)
        .collect();
    let checks = [
        ("temporary", t.temporary_founded, p.temporary_orgs),
        ("commando", t.commando_teams(), p.commando_teams),
        (
            "first secretaries' sending units",
            senders.len() as u64,
            p.first_secretary_pairings,
        ),
        ("meetings", t.joint_meetings, p.joint_meetings),
        ("matters", t.matters, p.matters),
        ("problems", t.problems_solved, p.problems_solved),
        ("agricultural", t.agricultural, p.agricultural),
        ("1+3", t.pairings(PairingWord::TownStreet), p.paired_streets),
        ("weak-lax", t.weak_lax_accepted, p.weak_lax_accepted),
        (
            "district demos",
            t.demonstrations(DemoLevel::District),
            p.district_demonstrations,
        ),
        (
            "town centers",
            t.service_centers_of(UnitKind::Street) + t.service_centers_of(UnitKind::Town),
            p.town_centers,
        ),
        (
            "village centers",
            t.service_centers_of(UnitKind::Village)
                + t.service_centers_of(UnitKind::Community)
                + t.service_centers_of(UnitKind::Federation),
            p.village_centers,
        ),
        (
            "coop stations",
            t.service_centers_of(UnitKind::EconomicCoop),
            p.coop_stations,
        ),
        ("venues", t.venues(), p.venues),
        ("venue area", t.venue_area_m2(), p.venue_area_m2),
        ("activities", t.activities, p.activities),
        ("appeals", t.appeals_resolved, p.appeals_resolved),
        (
            "organs with a lecture team",
            tallied(
                TallyItem::LectureTeam,
                Some(UnitKind::Institution(Sector::Organ)),
            ),
            p.district_organs,
        ),
        (
            "deputy secretaries of towns and streets",
            tallied(TallyItem::DeputySecretaryTrained, Some(UnitKind::Street))
                + tallied(TallyItem::DeputySecretaryTrained, Some(UnitKind::Town)),
            p.towns_and_streets,
        ),
        (
            "village secretaries trained",
            tallied(TallyItem::VillageSecretaryTrained, Some(UnitKind::Village)),
            p.village_secretaries,
        ),
        (
            "community secretaries trained",
            tallied(
                TallyItem::CommunitySecretaryTrained,
                Some(UnitKind::Community),
            ),
            p.community_secretaries,
        ),
        ("training", t.training_person_times, p.training_person_times),
        (
            "industry chain",
            t.big_committees_of(BigCommitteeKind::IndustryChain),
            p.industry_chain_committees,
        ),
        (
            "business district",
            t.big_committees_of(BigCommitteeKind::BusinessDistrict),
            p.business_district_committees,
        ),
        (
            "三新 teams",
            t.commando_teams_in(CommandoField::ThreeNew),
            p.three_new_commando_teams,
        ),
        (
            "part-time",
            t.part_time_members_of(BigCommitteeKind::Regional),
            p.part_time_members,
        ),
        ("sections", t.organ_sections, p.organ_sections),
        ("co-ops paired", t.coops_paired, p.coops_paired),
        ("cadres", t.cadres, p.cadres),
        ("households", t.households, p.households),
    ];
    for (what, computed, claim) in checks {
        assert!(
            claim.agrees(computed),
            "{what}: computed {computed}, published {claim}"
        );
    }
}

#[test]
fn the_dataset_is_deterministic() {
    assert_eq!(baiyun_2023(), baiyun_2023());
}

#[test]
fn divisions_are_the_real_nbs_ones() {
    let h = baiyun_2023();
    let mut reader = csv::Reader::from_reader(DIVISIONS_CSV.as_bytes());
    let mut rows = 0;
    for row in reader.records() {
        let row = row.unwrap();
        let code: DivisionCode = row[0].parse().unwrap();
        let u = h.by_code(code).unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!(u.name(), &row[1]);
        if let Some(parent) = u.parent().filter(|_| code.get() != BAIYUN_CODE) {
            assert_eq!(parent.code(), code.parent(), "{code}");
        }
        rows += 1;
    }
    assert_eq!(rows, 429);
    assert_eq!(
        DIVISIONS_CSV,
        include_str!("../fixtures/baiyun-divisions.csv"),
        "data/ holds a copy of the fixture"
    );
    let t = h.totals(district(&h), &Period::ALL).unwrap();
    assert_eq!(t.units_of(UnitKind::Street), 20);
    assert_eq!(t.units_of(UnitKind::Town), 4);
    assert_eq!(t.units_of(UnitKind::Village), 118);
    assert_eq!(t.units_of(UnitKind::Community), 286);
    assert!(h.is_well_placed());
}

#[test]
fn agricultural_units_are_those_with_villages_and_pair_one_plus_three() {
    let h = baiyun_2023();
    let d = district(&h);
    let mut given: HashMap<UnitId, usize> = HashMap::new();
    let mut received: HashMap<UnitId, usize> = HashMap::new();
    for PairingLink {
        pairing: p,
        from,
        to,
        ..
    } in h.pairings()
    {
        if p.kind == PairingKind::TownStreet {
            *given.entry(from).or_default() += 1;
            *received.entry(to).or_default() += 1;
        }
    }
    let mut names = Vec::new();
    for c in h.children(d).unwrap() {
        if !matches!(c.kind(), UnitKind::Street | UnitKind::Town) {
            continue;
        }
        let has_villages = h
            .children(c.id())
            .unwrap()
            .any(|v| v.kind() == UnitKind::Village);
        assert_eq!(c.is_agricultural(), has_villages, "{}", c.name());
        if c.is_agricultural() {
            names.push(c.name());
            assert_eq!(given.get(&c.id()), Some(&3), "{}", c.name());
            assert_eq!(received.get(&c.id()), None);
        } else {
            assert_eq!(c.kind(), UnitKind::Street);
            assert_eq!(received.get(&c.id()), Some(&1), "{}", c.name());
        }
    }
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "人和镇",
            "大源街道",
            "太和镇",
            "江高镇",
            "钟落潭镇",
            "龙归街道"
        ]
    );
}

#[test]
fn pairing_figures_agree_with_a_direct_count() {
    let h = baiyun_2023();
    let (mut sections, mut cadres, mut households) = (0u64, 0u64, 0u64);
    let mut coops = HashSet::new();
    for PairingLink {
        pairing: p,
        from,
        to,
        ..
    } in h.pairings()
    {
        match p.kind {
            PairingKind::OrganCoop { sections: s } => {
                sections += u64::from(s);
                coops.insert(to);
                assert_eq!(
                    h.unit(from).unwrap().kind(),
                    UnitKind::Institution(Sector::Organ)
                );
                assert_eq!(h.unit(to).unwrap().kind(), UnitKind::EconomicCoop);
            }
            PairingKind::CadreHousehold {
                cadres: c,
                households: n,
            } => {
                assert!(c >= n && n >= 1);
                cadres += u64::from(c);
                households += u64::from(n);
            }
            _ => {}
        }
    }
    let t = h.totals(district(&h), &Period::year(2023)).unwrap();
    assert_eq!(
        (t.organ_sections, t.coops_paired as usize),
        (sections, coops.len())
    );
    assert_eq!((t.cadres, t.households), (cadres, households));
}

#[test]
fn record_figures_agree_with_a_direct_scan() {
    let h = baiyun_2023();
    let year = Period::year(2023);
    let (mut meetings, mut problems, mut resolved) = (0u64, 0u64, 0u64);
    for (_, r) in h.records() {
        if !year.contains(r.date) {
            continue;
        }
        match r.kind {
            RecordKind::JointMeeting {
                problems_solved, ..
            } => {
                meetings += 1;
                problems += u64::from(problems_solved);
            }
            RecordKind::Appeals {
                raised,
                resolved: n,
            } => {
                assert!(raised >= n);
                resolved += u64::from(n);
            }
            _ => {}
        }
    }
    let t = h.totals(district(&h), &year).unwrap();
    assert_eq!(
        (t.joint_meetings, t.problems_solved, t.appeals_resolved),
        (meetings, problems, resolved)
    );
    // Nothing was recorded in 2022.
    let before = h.totals(district(&h), &Period::year(2022)).unwrap();
    assert_eq!(before.joint_meetings + before.activities, 0);
}

#[test]
fn the_street_table_sums_to_the_district() {
    let h = baiyun_2023();
    let d = district(&h);
    let year = Period::year(2023);
    let rows = h.totals_by_child(d, &year).unwrap();
    let towns: Vec<_> = rows
        .iter()
        .filter(|c| matches!(c.unit.kind(), UnitKind::Street | UnitKind::Town))
        .collect();
    assert_eq!(towns.len(), 24);
    let sum = |f: fn(&partyorg::Totals) -> u64| towns.iter().map(|c| f(&c.totals)).sum::<u64>();
    let t = h.totals(d, &year).unwrap();
    // Every village, community, co-op, temporary organization and meeting lies under a
    // town or street.
    assert_eq!(sum(|t| t.units_of(UnitKind::Village)), 118);
    assert_eq!(sum(|t| t.units_of(UnitKind::EconomicCoop)), 1_170);
    assert_eq!(sum(|t| t.temporary_founded), t.temporary_founded);
    assert_eq!(sum(|t| t.joint_meetings), t.joint_meetings);
    assert_eq!(sum(|t| t.activities), t.activities);
}

#[test]
fn longgang_is_among_the_accepted_weak_and_lax_villages() {
    let h = baiyun_2023();
    let longgang = h
        .by_name("龙岗村委会")
        .next()
        .expect("龙岗村 exists in the NBS data");
    assert_eq!(longgang.parent().unwrap().name(), "钟落潭镇");
    let t = h.totals(longgang.id(), &Period::year(2023)).unwrap();
    assert_eq!(t.weak_lax_accepted, 1);
    let mid = NaiveDate::from_ymd_opt(2023, 1, 31).unwrap();
    let open: Vec<_> = h
        .weak_lax_open(district(&h), mid)
        .unwrap()
        .into_iter()
        .map(|u| u.name())
        .collect();
    assert_eq!(open.len(), 5);
    assert!(open.contains(&"龙岗村委会"));
    assert!(
        h.weak_lax_open(district(&h), year_end())
            .unwrap()
            .is_empty()
    );
    // Every weak-and-lax village has a first secretary (中组部 2015: full coverage).
    for name in open {
        let u = h.by_name(name).next().unwrap();
        let c = h.coverage(u.id(), u.kind(), mid).unwrap();
        assert_eq!(c.units, 1);
        assert!(c.is_full(Facility::FirstSecretary), "{name}");
    }
}

#[test]
fn coverage_claims_hold() {
    let h = baiyun_2023();
    let d = district(&h);
    for kind in [
        UnitKind::Village,
        UnitKind::Community,
        UnitKind::EconomicCoop,
        UnitKind::Institution(Sector::Kindergarten),
    ] {
        let c = h.coverage(d, kind, year_end()).unwrap();
        assert!(c.units > 0);
        assert!(c.is_full(Facility::PartyOrganization), "{kind}");
        assert_eq!(
            h.lacking(d, kind, Facility::PartyOrganization, year_end())
                .unwrap()
                .count(),
            0
        );
    }
    let haiyuan = h.by_name("海苑社区居委会").next().unwrap();
    let c = h
        .coverage(haiyuan.id(), UnitKind::Community, year_end())
        .unwrap();
    assert_eq!(c.with_first_secretary, 1);
}

#[test]
fn synthetic_parts_respect_the_regulations() {
    let h = baiyun_2023();
    let d = district(&h);
    let end = year_end();
    // No term has expired by the end of 2023.
    assert!(
        h.terms_ending(d, &Period::new(NaiveDate::MIN, end).unwrap())
            .unwrap()
            .is_empty()
    );
    // Temporary organizations: hosted, approved, at least 3 members, seconded from home.
    let temps: Vec<_> = h.temporaries_in(d).unwrap().collect();
    assert_eq!(temps.len(), 366);
    for t in &temps {
        assert!(h.is_within(t.based_in().id(), d).unwrap());
        assert!(t.members().full >= 3, "{}", t.name());
        let info = t.temporary_info().unwrap();
        assert!(info.approved && !info.acts.any());
        let seconded: u32 = t
            .links()
            .filter_map(|OrgLink { relation: r, .. }| match r {
                Relation::Seconds(n) => Some(n),
                _ => None,
            })
            .sum();
        assert_eq!(seconded, t.members().full);
        if let Some(dissolved) = t.dissolved() {
            assert_eq!(info.task_ended, Some(dissolved));
        }
    }
    // A unit with 3 or more full members has a party organization.
    let lacking = h
        .fold_subtree(d, |u: UnitRef<'_>| {
            Count::of(u.members().full >= 3 && u.party_form().is_none())
        })
        .unwrap();
    assert_eq!(lacking, Count(0));
}

// ----- how a figure agrees with the wording of its published claim -----------------------

#[cfg(feature = "datasets")]
#[test]
fn a_figure_approaching_a_published_one_is_within_a_hundredth_below_it() {
    use partyorg::baiyun::Claim;
    let near = Claim::Approaching(1_000_000);
    assert!(near.agrees(990_000));
    assert!(!near.agrees(989_999));
    assert!(!near.agrees(500_000));
    assert!(!near.agrees(1_000_000));
}

#[cfg(feature = "datasets")]
#[test]
fn published_claims_agree_up_to_their_wording() {
    use partyorg::baiyun::Claim;
    // More than: strictly.
    assert!(Claim::MoreThan(1_682).agrees(1_683));
    assert!(!Claim::MoreThan(1_682).agrees(1_682));
    // Approaching: up to just below (the lower edge is tested above).
    assert!(Claim::Approaching(1_000_000).agrees(999_999));
    // Ten thousands with two decimals: within 50.
    assert!(Claim::TenThousands(10_200).agrees(10_249));
    assert!(!Claim::TenThousands(10_200).agrees(10_250));
    for (claim, value, text) in [
        (Claim::Exactly(366), 366, "366"),
        (Claim::MoreThan(1_682), 1_682, ">1682"),
        (Claim::Approaching(1_000_000), 1_000_000, "≈<1000000"),
        (Claim::TenThousands(10_200), 10_200, "1.02万"),
    ] {
        assert_eq!(claim.value(), value);
        assert_eq!(claim.to_string(), text);
    }
}
