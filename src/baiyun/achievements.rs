//! The seed's 2023 achievements as [`Tallies`] beside the embedded hierarchy: every item
//! dated in 2023, at the unit the seed names, or — where it gives only a count — at units
//! chosen by a seeded generator (synthetic placement, labelled so on the card).

use chrono::NaiveDate;

use super::{BAIYUN_CODE, date, day_of_2023, split};
use crate::DivisionCode;
use crate::hierarchy::{Hierarchy, UnitRef};
use crate::rng::SplitMix64;
use crate::tally::{Tallies, Tally, TallyItem};
use crate::unit::{CommandoField, Sector, UnitId, UnitKind};

/// The name ending of the off-campus training institutions (校外培训机构), one per town
/// and street, without members.
pub const TRAINING_INSTITUTION: &str = "校外培训中心";

/// The seed of the tallies' synthetic placement.
const TALLY_SEED: u64 = 0x5441_4C4C_5920_2023;

/// The streets the seed names for the provincial innovation cases (三元里街、棠景街、
/// 大源街、黄石街、嘉禾街).
pub const PROVINCIAL_CASES: [&str; 5] =
    ["三元里街道", "棠景街道", "大源街道", "黄石街道", "嘉禾街道"];

/// The streets the seed names for the city's excellent cases (均禾街、黄石街).
pub const CITY_CASES: [&str; 2] = ["均禾街道", "黄石街道"];

/// The organs the seed names for the "金穗杯" third prizes (区市场监管局、区卫健局).
pub const PRIZED_ORGANS: [&str; 2] = ["区市场监管局", "区卫健局"];

/// The seed of the stock's founding days.
const STOCK_SEED: u64 = 0x5354_4F43_4B20_2023;

/// Dates the stock of the subtree of `district` but the district's own center: every
/// commando team, service center and venue is one of the seed's 2023 achievements (关键词
/// 一, 四, 十一), formed on a seeded day of 2023, so that totals of 2022 count none of
/// them. [`tallies_2023`] dates its tallies by the same days.
pub(super) fn date_stock_2023(
    h: &mut Hierarchy,
    district: UnitId,
) -> Result<(), crate::HierarchyError> {
    let mut rng = SplitMix64::new(STOCK_SEED);
    let ids: Vec<UnitId> = h
        .subtree_units(district)
        .map(|s| s.map(|u| u.id()).collect())
        .unwrap_or_default();
    for id in ids {
        let mut d = h.unit_for_edit(id)?.details().clone();
        if d.commando_teams.is_empty() && d.venues.is_empty() && d.service_center.is_none() {
            continue;
        }
        let mut day = || day_of_2023(rng.below(365));
        if id != district {
            d.service_center = d.service_center.map(|c| c.since(day()));
        }
        for t in &mut d.commando_teams {
            *t = t.since(day());
        }
        for v in &mut d.venues {
            *v = v.since(day());
        }
        h.set_details(id, d)?;
    }
    Ok(())
}

/// The seed's 2023 achievements in the embedded Baiyun data `h` (from
/// [`baiyun_2023`](super::baiyun_2023)): the teams formed, centers and venues built (one
/// tally per unit, equal to its stock), the cases, rooms, lecture teams, pilot members,
/// trainings, instructors, posts and prizes the seed counts. Every tally is dated in 2023.
/// Deterministic. On another hierarchy, the tallies of the units it lacks are left out.
///
/// ```
/// use partyorg::baiyun::{baiyun_2023, tallies_2023};
/// use partyorg::rollup::Period;
/// use partyorg::tally::TallyItem;
///
/// let h = baiyun_2023();
/// let tallies = tallies_2023(&h);
/// let district = h.by_name("白云区").next().unwrap().id();
/// let rooms = tallies.sum(&h, district, &Period::year(2023), TallyItem::ThinkingRoom)?;
/// assert_eq!(rooms, 24);
/// assert_eq!(tallies.sum(&h, district, &Period::year(2022), TallyItem::ThinkingRoom)?, 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn tallies_2023(h: &Hierarchy) -> Tallies {
    let mut rng = SplitMix64::new(TALLY_SEED);
    let mut out = Tallies::new();
    let Some(district) = DivisionCode::from_u64(BAIYUN_CODE)
        .ok()
        .and_then(|c| h.by_code(c))
    else {
        return out;
    };
    let units: Vec<UnitRef<'_>> = h
        .subtree_units(district.id())
        .map(|s| s.collect())
        .unwrap_or_default();
    let of = |pred: &dyn Fn(&UnitRef<'_>) -> bool| -> Vec<UnitId> {
        units.iter().filter(|u| pred(u)).map(|u| u.id()).collect()
    };
    let named = |name: &str| units.iter().find(|u| u.name() == name).map(|u| u.id());
    let townships = of(&|u| matches!(u.kind(), UnitKind::Street | UnitKind::Town));
    let organs = of(&|u| u.kind() == UnitKind::Institution(Sector::Organ));
    let villages = of(&|u| u.kind() == UnitKind::Village);
    let communities = of(&|u| u.kind() == UnitKind::Community);
    let federations = of(&|u| u.kind() == UnitKind::Federation);
    let trainers = of(&|u| u.name().ends_with(TRAINING_INSTITUTION));
    let two_new = of(&|u| {
        matches!(
            u.kind(),
            UnitKind::Institution(Sector::NonPublicEnterprise | Sector::SocialOrganization)
        ) && !u.name().ends_with(TRAINING_INSTITUTION)
    });
    let associations = of(&|u| u.kind() == UnitKind::Institution(Sector::SocialOrganization));
    let soe = of(&|u| u.kind() == UnitKind::Institution(Sector::StateOwnedEnterprise));
    let department = named("区委组织部").unwrap_or(district.id());
    let day = |rng: &mut SplitMix64| day_of_2023(rng.below(365));
    let mut push = |unit: UnitId, date: NaiveDate, item: TallyItem, count: u64| {
        if count > 0 {
            out.push(Tally::new(unit, date, item, count));
        }
    };

    // 关键词一, 四, 十一: teams formed, centers and venues built in 2023, as the stock, on
    // the days the stock gives (a seeded day of 2023 for undated stock).
    for u in &units {
        let d = u.details();
        let on = day(&mut rng);
        for c in &d.commando_teams {
            let on = c.since.unwrap_or(on);
            push(u.id(), on, TallyItem::CommandoTeams, c.count.into());
            if c.field == CommandoField::ThreeNew {
                push(u.id(), on, TallyItem::ThreeNewCommandoTeams, c.count.into());
            }
        }
        if let Some(c) = d.service_center.filter(|_| u.id() != district.id()) {
            let on = day(&mut rng);
            push(u.id(), c.since.unwrap_or(on), TallyItem::ServiceCenter, 1);
        }
        for v in &d.venues {
            let on = v.since.unwrap_or(day(&mut rng));
            push(u.id(), on, TallyItem::Venue, 1);
            push(u.id(), on, TallyItem::VenueAreaM2, u64::from(v.area_m2));
        }
    }
    // Counts the seed gives for the district without naming where, kept at the district:
    // 关键词二 the media that carried the experience, 关键词三 the provincial demonstration
    // town and villages (一镇四村), 关键词十一 the doctors' committee and its activities.
    for (on, item, n) in [
        (date(2023, 9, 15), TallyItem::ExperiencePublished, 3),
        (date(2023, 11, 20), TallyItem::ProvincialDemonstration, 5),
        (date(2023, 5, 4), TallyItem::ThreeNewCommittee, 1),
        (date(2023, 12, 15), TallyItem::ForumActivities, 12),
    ] {
        push(district.id(), on, item, n);
    }
    // The national honours of 大源村 (2) and 白山村 (1).
    for (name, n) in [("大源村委会", 2), ("白山村委会", 1)] {
        if let Some(v) = named(name) {
            push(v, date(2023, 10, 10), TallyItem::NationalHonour, n);
        }
    }
    // 关键词五: 206 posts, about 440,000 reads, month by month.
    let posts = split(&mut rng, 206, 12, 10);
    let reads = split(&mut rng, 439_200, 12, 20_000);
    for m in 0..12 {
        let on = date(2023, m as u32 + 1, 25);
        push(department, on, TallyItem::PlatformPosts, posts[m]);
        push(department, on, TallyItem::PlatformReads, reads[m]);
    }
    // 关键词六: 87 submissions from the towns, streets and some organs; the ten district
    // cases include the five provincial and two city ones the seed names.
    let submitters: Vec<UnitId> = townships
        .iter()
        .chain(organs.iter().take(20))
        .copied()
        .collect();
    let per = split(&mut rng, 87, submitters.len(), 1);
    for (&u, &n) in submitters.iter().zip(&per) {
        push(u, date(2023, 5, 10), TallyItem::CaseSubmitted, n);
    }
    let mut selected: Vec<UnitId> = Vec::new();
    for u in PROVINCIAL_CASES
        .iter()
        .chain(CITY_CASES.iter())
        .filter_map(|n| named(n))
    {
        if !selected.contains(&u) {
            selected.push(u);
        }
    }
    for &t in &townships {
        if selected.len() >= 10 {
            break;
        }
        if !selected.contains(&t) {
            selected.push(t);
        }
    }
    for &u in &selected {
        push(u, date(2023, 7, 1), TallyItem::CaseSelectedDistrict, 1);
    }
    for n in PROVINCIAL_CASES {
        if let Some(u) = named(n) {
            push(u, date(2023, 11, 8), TallyItem::CaseSelectedProvince, 1);
        }
    }
    for n in CITY_CASES {
        if let Some(u) = named(n) {
            push(u, date(2023, 12, 6), TallyItem::CaseSelectedCity, 1);
        }
    }
    // 关键词七: a reflection room in every town and street, a lecture team in every organ.
    for &t in &townships {
        push(t, day(&mut rng), TallyItem::ThinkingRoom, 1);
    }
    for &o in &organs {
        push(o, day(&mut rng), TallyItem::LectureTeam, 1);
    }
    // 关键词八: the red village pilot's 24 member units: 白云湖街道, 海苑社区 and 22 organs.
    let members: Vec<UnitId> = ["白云湖街道", "海苑社区居委会"]
        .iter()
        .filter_map(|n| named(n))
        .chain(organs.iter().skip(2).take(22).copied())
        .collect();
    for u in members {
        push(u, date(2023, 7, 20), TallyItem::PilotMemberUnit, 1);
    }
    // 关键词九: the thirteen measures, the trained cohorts.
    push(
        department,
        date(2023, 4, 18),
        TallyItem::MeasureArticles,
        13,
    );
    for &t in &townships {
        push(t, date(2023, 8, 21), TallyItem::DeputySecretaryTrained, 1);
    }
    for &v in &villages {
        push(v, date(2023, 9, 12), TallyItem::VillageSecretaryTrained, 1);
    }
    for &c in &communities {
        push(
            c,
            date(2023, 9, 19),
            TallyItem::CommunitySecretaryTrained,
            1,
        );
    }
    // Instructors: one to every training institution, then to two-new organizations, 79
    // in all; organizers (组织员) in every village and federation: 245 trained.
    let posted: Vec<UnitId> = trainers
        .iter()
        .chain(two_new.iter())
        .take(79)
        .copied()
        .collect();
    for &u in &posted {
        push(u, date(2023, 3, 1), TallyItem::InstructorPosted, 1);
    }
    for &u in villages.iter().chain(&federations).chain(&posted) {
        push(u, date(2023, 10, 17), TallyItem::InstructorTrained, 1);
    }
    // 关键词十一: the new-employment groups served by the towns' and streets' associations.
    let served = split(&mut rng, 24_100, associations.len(), 300);
    for (&a, &n) in associations.iter().zip(&served) {
        push(a, day(&mut rng), TallyItem::NewEmploymentServed, n);
    }
    // 关键词十二: prizes, the state-owned enterprises' party school and 38 rules.
    for n in PRIZED_ORGANS {
        if let Some(o) = named(n) {
            push(o, date(2023, 11, 30), TallyItem::Prize, 1);
        }
    }
    if let Some(o) = named("区直机关工委") {
        push(o, date(2023, 11, 30), TallyItem::OrganizingAward, 1);
    }
    if let Some(&s) = soe.first() {
        push(s, date(2023, 6, 28), TallyItem::PartySchool, 1);
        push(s, date(2023, 12, 20), TallyItem::SupervisionRules, 38);
    }
    out
}
