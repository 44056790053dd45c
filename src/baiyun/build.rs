//! Building the Baiyun hierarchy: the places of the division file, and the builder that
//! adds the tree, the organizations, relations and records step by step.

use chrono::{Datelike, NaiveDate};

use super::{
    BuildFailure, DIVISIONS_CSV, SEED, SYNTHETIC_PREFIX, TRAINING_INSTITUTION, date, day_of_2023,
    form_for, numeral, org, person, shuffle, split,
};
use crate::hierarchy::Hierarchy;
use crate::org::{BigCommittee, Org, OrgForm, TemporaryOrg};
use crate::record::{Record, RecordKind};
use crate::relation::{Pairing, PairingKind};
use crate::rng::SplitMix64;
use crate::unit::{
    BigCommitteeKind, CommandoField, CommandoTeams, DemoLevel, Demonstration, Details, Members,
    PartyForm, Sector, ServiceCenter, TaskPurpose, Unit, UnitId, UnitKind, Venue, VenueKind,
    WeakLax,
};
use crate::{DivisionCode, HierarchyError};

struct Place {
    id: UnitId,
    name: String,
    kind: UnitKind,
    urban_rural: Option<u16>,
}

struct Builder {
    h: Hierarchy,
    rng: SplitMix64,
}

impl Builder {
    /// Adds a standing unit with members, its party organization and details.
    fn unit(
        &mut self,
        parent: UnitId,
        kind: UnitKind,
        name: String,
        code: Option<DivisionCode>,
        full: (u32, u32),
        details: Details,
    ) -> Result<UnitId, HierarchyError> {
        let full = self.rng.between(full.0, full.1);
        let mut prob = self.rng.below(full / 15 + 2);
        if full < 50 {
            // A branch keeps within 50 members (支部工作条例 art. 4).
            prob = prob.min(50 - full);
        }
        let mut details = details;
        let mut committee = None;
        if full < 3 {
            details.org = None;
        } else if details.org.is_some() && full >= 7 {
            committee = Some(self.rng.between(3, 5) as u8);
        }
        let mut u = Unit::new(kind, name)
            .with_members(Members::new(full, prob))
            .with_details(details);
        u.committee_size = committee;
        if full >= 3 {
            u = u.with_party_form(form_for(full));
        }
        if let Some(c) = code {
            u = u.with_code(c);
        }
        self.h.add_unit(Some(parent), u)
    }

    fn details(&mut self, elected: NaiveDate, years: u8) -> Details {
        Details {
            org: Some(org(&mut self.rng, elected, years)),
            ..Details::default()
        }
    }
}

pub(super) fn build() -> Result<Hierarchy, BuildFailure> {
    let mut b = Builder {
        h: Hierarchy::with_capacity(3_000),
        rng: SplitMix64::new(SEED),
    };

    // ----- the tree: city, district, towns and streets, villages and communities -------
    let city = b.h.add_unit(
        None,
        Unit::new(UnitKind::City, "广州市").with_code(DivisionCode::from_u64(440_100_000_000)?),
    )?;
    let city_organs: Vec<UnitId> = (1..=5)
        .map(|i| {
            b.h.add_unit(
                Some(city),
                Unit::new(
                    UnitKind::Institution(Sector::Organ),
                    format!("市直派驻单位{}", numeral(i)),
                )
                .with_members(Members::new(60, 2))
                .with_party_form(PartyForm::GeneralBranch),
            )
        })
        .collect::<Result<_, _>>()?;

    let mut reader = csv::Reader::from_reader(DIVISIONS_CSV.as_bytes());
    let mut district: Option<UnitId> = None;
    let mut townships: Vec<Place> = Vec::new();
    let mut villages: Vec<(usize, Place)> = Vec::new(); // (township index, place)
    let elected_2021 =
        |rng: &mut SplitMix64| day_of_2023(0) - chrono::Days::new(u64::from(600 + rng.below(120)));
    for row in reader.records() {
        let row = row?;
        let code: DivisionCode = row.get(0).unwrap_or_default().parse()?;
        let name = row.get(1).unwrap_or_default().to_string();
        let urban_rural = row.get(4).and_then(|s| s.parse::<u16>().ok());
        let kind = UnitKind::from_code(code);
        match row.get(2).unwrap_or_default() {
            "county" => {
                let elected = elected_2021(&mut b.rng);
                let d = b.details(elected, 5);
                let details = Details {
                    service_center: Some(ServiceCenter::new(3_000)),
                    ..d
                };
                district = Some(
                    b.h.add_unit(
                        Some(city),
                        Unit::new(UnitKind::District, name)
                            .with_code(code)
                            .with_members(Members::new(420, 12))
                            .with_party_form(PartyForm::Committee)
                            .with_details(details),
                    )?,
                );
            }
            "town" => {
                let parent = district.ok_or(BuildFailure::Shape("a township before the county"))?;
                let elected = elected_2021(&mut b.rng);
                let mut details = b.details(elected, 5);
                details.service_center = Some(ServiceCenter::new(b.rng.between(800, 3_000)));
                let id = b.unit(parent, kind, name.clone(), Some(code), (100, 260), details)?;
                townships.push(Place {
                    id,
                    name,
                    kind,
                    urban_rural: None,
                });
            }
            "village" => {
                let parent_code = code
                    .parent()
                    .ok_or(BuildFailure::Shape("a village without parent"))?;
                let t = townships
                    .iter()
                    .position(|p| b.h.unit(p.id).ok().and_then(|u| u.code()) == Some(parent_code))
                    .ok_or(BuildFailure::Shape("a village before its township"))?;
                let elected = elected_2021(&mut b.rng);
                let mut details = b.details(elected, 5);
                details.service_center = Some(ServiceCenter::new(b.rng.between(200, 1_200)));
                let range = if kind == UnitKind::Village {
                    (40, 160)
                } else {
                    (15, 120)
                };
                let id = b.unit(
                    townships[t].id,
                    kind,
                    name.clone(),
                    Some(code),
                    range,
                    details,
                )?;
                if kind == UnitKind::Village
                    && b.h.unit_for_edit(id)?.party_form() == Some(PartyForm::Committee)
                {
                    // A village committee is set up with the county committee's approval
                    // (农村基层组织工作条例 2019); the data records it.
                    let mut d = b.h.unit_for_edit(id)?.details().clone();
                    if let Some(o) = d.org.as_mut() {
                        o.approved_exception = true;
                    }
                    b.h.set_details(id, d)?;
                }
                villages.push((
                    t,
                    Place {
                        id,
                        name,
                        kind,
                        urban_rural,
                    },
                ));
            }
            _ => return Err(BuildFailure::Shape("an unexpected level")),
        }
    }
    let district = district.ok_or(BuildFailure::Shape("no county row"))?;

    // Agricultural towns and streets: those that contain villages.
    let agricultural: Vec<usize> = (0..townships.len())
        .filter(|&t| {
            villages
                .iter()
                .any(|(vt, v)| *vt == t && v.kind == UnitKind::Village)
        })
        .collect();
    for &t in &agricultural {
        b.h.set_agricultural(townships[t].id, true)?;
    }
    let non_agricultural: Vec<usize> = (0..townships.len())
        .filter(|t| !agricultural.contains(t))
        .collect();

    // ----- district organs -----------------------------------------------------------
    const NAMED_ORGANS: [&str; 10] = [
        "区委组织部",
        "区直机关工委",
        "区市场监管局",
        "区卫健局",
        "区教育局",
        "区农业农村局",
        "区民政局",
        "区住房建设局",
        "区城市管理局",
        "区人社局",
    ];
    let mut organs = Vec::new();
    for i in 0..58 {
        let name = NAMED_ORGANS
            .get(i)
            .map_or_else(|| format!("区直单位{:02}", i + 1), |s| (*s).to_string());
        let elected = date(2022, 3 + (i % 9) as u32, 10);
        let details = Details {
            commando_teams: vec![CommandoTeams::new(CommandoField::Organ, 3)],
            ..b.details(elected, 3)
        };
        organs.push(b.unit(
            district,
            UnitKind::Institution(Sector::Organ),
            name,
            None,
            (20, 90),
            details,
        )?);
    }
    let soe = b.unit(
        district,
        UnitKind::Institution(Sector::StateOwnedEnterprise),
        "区属轨道交通投资公司".into(),
        None,
        (60, 120),
        Details::default(),
    )?;

    // ----- federations and co-ops ------------------------------------------------------
    // 48 communities converted from villages keep an economic federation: those of the
    // agricultural units first, then the peri-urban ones (urban-rural code 112), by code.
    let mut converted: Vec<usize> = (0..villages.len())
        .filter(|&i| villages[i].1.kind == UnitKind::Community)
        .collect();
    converted.sort_by_key(|&i| {
        let (t, v) = &villages[i];
        (!agricultural.contains(t), v.urban_rural != Some(112), i)
    });
    converted.truncate(48);
    converted.sort_unstable();
    let mut coop_parents: Vec<UnitId> = villages
        .iter()
        .filter(|(_, v)| v.kind == UnitKind::Village)
        .map(|(_, v)| v.id)
        .collect();
    // Four federations of town communities carry the synthetic weak-and-lax cases the seed
    // counts but does not name; they bear synthetic names (SYNTHETIC_PREFIX), so that no
    // real place is labelled weak and lax.
    let mut marked: Vec<UnitId> = Vec::new();
    for &i in &converted {
        let (t, v) = &villages[i];
        let base = v
            .name
            .trim_end_matches("社区居委会")
            .trim_end_matches("居委会");
        let name = if townships[*t].kind == UnitKind::Town && marked.len() < 4 {
            format!("{SYNTHETIC_PREFIX}经济联社{}", numeral(marked.len() + 1))
        } else {
            format!("{base}经济联社")
        };
        let elected = date(2022, 4, 15);
        // Under a community organization: the village term of 5 years.
        let mut details = b.details(elected, 5);
        details.service_center = Some(ServiceCenter::new(b.rng.between(150, 600)));
        let fed = b.unit(v.id, UnitKind::Federation, name, None, (10, 45), details)?;
        if b.h.unit_for_edit(fed)?.name().starts_with(SYNTHETIC_PREFIX) {
            marked.push(fed);
        }
        coop_parents.push(fed);
    }
    let per_parent = split(&mut b.rng, 1_170, coop_parents.len(), 3);
    let mut coops = Vec::with_capacity(1_170);
    for (&parent, &n) in coop_parents.iter().zip(&per_parent) {
        for k in 1..=n as usize {
            let mut details = b.details(date(2022, 5, 20), 5);
            details.service_center = Some(ServiceCenter::new(b.rng.between(40, 200)));
            coops.push(b.unit(
                parent,
                UnitKind::EconomicCoop,
                format!("第{}经济社", numeral(k)),
                None,
                (3, 18),
                details,
            )?);
        }
    }

    // ----- institutions under towns and streets: two-new, schools, kindergartens -------
    let mut two_new = Vec::new();
    let mut kindergartens = Vec::new();
    let mut schools = Vec::new();
    for township in &townships {
        let tid = township.id;
        let base = township.name.trim_end_matches("街道").to_string();
        for (j, sector) in [
            Sector::NonPublicEnterprise,
            Sector::NonPublicEnterprise,
            Sector::SocialOrganization,
        ]
        .into_iter()
        .enumerate()
        {
            let name = match sector {
                Sector::SocialOrganization => format!("{base}新就业群体服务协会"),
                _ => format!("{base}民营企业{}", numeral(j + 1)),
            };
            let details = Details {
                commando_teams: vec![CommandoTeams::new(CommandoField::TwoNew, 2)],
                ..b.details(date(2022, 6, 1), 3)
            };
            two_new.push(b.unit(
                tid,
                UnitKind::Institution(sector),
                name,
                None,
                (5, 40),
                details,
            )?);
        }
        for j in 1..=2 {
            let details = b.details(date(2022, 9, 1), 3);
            schools.push(b.unit(
                tid,
                UnitKind::Institution(Sector::School),
                format!("{base}第{}小学", numeral(j)),
                None,
                (8, 40),
                details,
            )?);
        }
        // Three kindergartens: two with branches of their own, the third, too small,
        // covered by the first one's joint branch (联合党支部).
        let mut ks = Vec::new();
        for j in 1..=3 {
            let small = j == 3;
            let range = if small { (1, 2) } else { (3, 9) };
            let details = if small {
                Details::default()
            } else {
                b.details(date(2023, 2, 20), 3)
            };
            ks.push(b.unit(
                tid,
                UnitKind::Institution(Sector::Kindergarten),
                format!("{base}幼儿园{}", numeral(j)),
                None,
                range,
                details,
            )?);
        }
        b.h.set_party_form(ks[0], Some(PartyForm::JointBranch))?;
        let joint =
            b.h.own_org_of(ks[0])
                .ok_or(HierarchyError::UnknownUnit { id: ks[0] })?;
        b.h.cover(joint, ks[2])?;
        // The joint branch counts the covered kindergarten's members too; from 7 full
        // members it elects a committee.
        let joint_full =
            b.h.unit_for_edit(ks[0])?.members().full + b.h.unit_for_edit(ks[2])?.members().full;
        if joint_full >= 7 && b.h.unit_for_edit(ks[0])?.committee_size().is_none() {
            b.h.set_committee_size(ks[0], Some(3))?;
        }
        kindergartens.extend(ks);
        // An off-campus training institution (校外培训机构) without party members: a
        // party-building instructor covers its work (工作覆盖; see `tallies_2023`).
        b.h.add_unit(
            Some(tid),
            Unit::new(
                UnitKind::Institution(Sector::NonPublicEnterprise),
                format!("{base}{TRAINING_INSTITUTION}"),
            ),
        )?;
    }
    // 22 "三新" commando teams among the two-new organizations.
    for &u in two_new.iter().take(22) {
        let mut d = b.h.unit_for_edit(u)?.details().clone();
        d.commando_teams
            .push(CommandoTeams::new(CommandoField::ThreeNew, 1));
        b.h.set_details(u, d)?;
    }

    // ----- commando teams, venues, demonstrations on villages and communities --------
    // 5,350 in all: 174 in organs, 144 two-new, 22 三新 (above); grids in communities,
    // the rest village/residence teams.
    let communities: Vec<usize> = (0..villages.len())
        .filter(|&i| villages[i].1.kind == UnitKind::Community)
        .collect();
    let grid_total = 4 * communities.len() as u64;
    let residence_total = 5_350 - 174 - 144 - 22 - grid_total;
    let residence = split(&mut b.rng, residence_total, villages.len(), 3);
    let areas = split(&mut b.rng, 998_000, villages.len(), 300);
    let demo_names = [
        "汇侨北社区居委会",
        "海苑社区居委会",
        "棠涌社区居委会",
        "均禾",
    ];
    let mut demo_sites = 0;
    for (i, (_, v)) in villages.iter().enumerate() {
        let mut d = b.h.unit_for_edit(v.id)?.details().clone();
        d.commando_teams.push(CommandoTeams::new(
            CommandoField::VillageResidence,
            residence[i] as u32,
        ));
        if v.kind == UnitKind::Community {
            d.commando_teams
                .push(CommandoTeams::new(CommandoField::Grid, 4));
        }
        let kind = [VenueKind::Park, VenueKind::Square, VenueKind::Corridor][i % 3];
        d.venues.push(Venue::new(kind, areas[i] as u32));
        let wanted = demo_names.iter().any(|n| v.name.starts_with(n))
            || (v.kind == UnitKind::Community && i % 97 == 13);
        if v.kind == UnitKind::Community && wanted && demo_sites < 5 {
            demo_sites += 1;
            d.demonstrations.push(Demonstration {
                level: DemoLevel::District,
                year: 2023,
            });
        }
        if v.name == "大源村委会" || (v.name == "白山村委会") {
            d.demonstrations.push(Demonstration {
                level: DemoLevel::National,
                year: 2023,
            });
        }
        b.h.set_details(v.id, d)?;
    }
    if demo_sites != 5 {
        return Err(BuildFailure::Shape("demonstration sites"));
    }

    // ----- weak-and-lax village organizations accepted in 2023 --------------------------
    // 龙岗村, which the seed names, and the four marked synthetic federations ("村(联社)"),
    // each identified in the second half of 2022 and accepted within 12 months.
    let longgang: Vec<UnitId> = villages
        .iter()
        .filter(|(t, v)| v.name == "龙岗村委会" && townships[*t].kind == UnitKind::Town)
        .map(|(_, v)| v.id)
        .collect();
    let weak: Vec<UnitId> = longgang.into_iter().chain(marked).collect();
    if weak.len() != 5 {
        return Err(BuildFailure::Shape("weak-and-lax villages"));
    }
    let mut identified = Vec::new();
    for (k, &w) in weak.iter().enumerate() {
        let mut d = b.h.unit_for_edit(w)?.details().clone();
        let on = date(2022, 7 + k as u32, 1);
        if let Some(o) = d.org.as_mut() {
            o.weak_lax = Some(WeakLax {
                identified: on,
                accepted: Some(date(2023, 6 + k as u32, 20)),
            });
        }
        identified.push(on);
        b.h.set_details(w, d)?;
    }

    // ----- pairings --------------------------------------------------------------------
    // "1+3": each agricultural unit with 3 of the 18 other streets, each street once.
    let mut others = non_agricultural.clone();
    shuffle(&mut b.rng, &mut others);
    for (k, &a) in agricultural.iter().enumerate() {
        for &s in &others[3 * k..3 * k + 3] {
            b.h.add_pairing(
                townships[a].id,
                townships[s].id,
                Pairing::new(PairingKind::TownStreet).between(Some(date(2023, 3, 1)), None),
            )?;
        }
    }
    // 321 co-ops paired with organ sections, 77 of them with two sections: 398.
    let mut coop_order: Vec<UnitId> = coops.clone();
    shuffle(&mut b.rng, &mut coop_order);
    for (k, &c) in coop_order.iter().take(321).enumerate() {
        let sections = if k < 77 { 2 } else { 1 };
        b.h.add_pairing(
            organs[k % organs.len()],
            c,
            Pairing::new(PairingKind::OrganCoop { sections }).between(Some(date(2023, 4, 1)), None),
        )?;
    }
    // 58 cadre–household pairings: 1,592 cadres, 837 households.
    let households = split(&mut b.rng, 837, organs.len(), 1);
    let extra_cadres = split(&mut b.rng, 1_592 - 837, organs.len(), 0);
    for (k, &o) in organs.iter().enumerate() {
        let target = villages[(k * 7) % villages.len()].1.id;
        b.h.add_pairing(
            o,
            target,
            Pairing::new(PairingKind::CadreHousehold {
                cadres: (households[k] + extra_cadres[k]) as u32,
                households: households[k] as u32,
            })
            .between(Some(date(2023, 4, 1)), None),
        )?;
    }
    // 33 first secretaries: the weak-and-lax villages, 海苑社区, then urban villages of
    // the agricultural streets and peri-urban communities.
    let mut served: Vec<UnitId> = weak.clone();
    let mut candidates: Vec<&Place> = villages
        .iter()
        .filter(|(t, v)| {
            v.name == "海苑社区居委会"
                || (townships[*t].kind == UnitKind::Street && v.kind == UnitKind::Village)
        })
        .map(|(_, v)| v)
        .collect();
    candidates.extend(
        villages
            .iter()
            .filter(|(_, v)| v.kind == UnitKind::Community && v.urban_rural == Some(112))
            .map(|(_, v)| v),
    );
    for c in candidates {
        if served.len() == 33 {
            break;
        }
        if !served.contains(&c.id) {
            served.push(c.id);
        }
    }
    // 33 distinct sending units (所在单位): the five city organs, then district organs.
    for (k, &v) in served.iter().enumerate() {
        let from = match k {
            0..5 => city_organs[k],
            _ => organs[k - 5 + 2],
        };
        let secretary = Some(person(&mut b.rng));
        // Weak-and-lax organizations have theirs from their identification (全覆盖);
        // 海苑社区's was posted with the pilot, in June 2023; the others in June 2022.
        let since = if let Some(&on) = identified.get(k) {
            on
        } else if b.h.unit_for_edit(v)?.name() == "海苑社区居委会" {
            date(2023, 6, 1)
        } else {
            date(2022, 6, 1)
        };
        b.h.add_pairing(
            from,
            v,
            Pairing::new(PairingKind::FirstSecretary { secretary })
                .between(Some(since), Some(date(2025, 5, 31))),
        )?;
    }

    // ----- temporary organizations -----------------------------------------------------
    let hosts: Vec<UnitId> = townships
        .iter()
        .map(|t| t.id)
        .chain(villages.iter().map(|(_, v)| v.id))
        .collect();
    for k in 0..366 {
        let host = hosts[(k * 13) % hosts.len()];
        let host_name = b.h.unit_for_edit(host)?.name().to_string();
        let (purpose, label) = match k % 3 {
            0 => (TaskPurpose::SpecialRectification, "专项整改"),
            1 => (TaskPurpose::RuralRevitalization, "乡村振兴"),
            _ => (TaskPurpose::Project, "重点项目"),
        };
        let founded = day_of_2023(b.rng.below(300));
        let full = b.rng.between(3, 12);
        let mut org = TemporaryOrg::new(
            format!("{host_name}{label}临时党支部"),
            purpose,
            host,
            founded,
        )
        .with_members(Members::new(full, 0))
        .seconded_from(host, full);
        // One in five ends its task within two months; a project's ends within six
        // months, when that falls in 2023 (a longer project forms a regular branch).
        let days = if k % 5 == 0 {
            Some(b.rng.between(30, 60))
        } else if purpose == TaskPurpose::Project {
            Some(b.rng.between(90, 180))
        } else {
            None
        };
        let end = days.and_then(|n| founded.checked_add_days(chrono::Days::new(u64::from(n))));
        if let Some(end) = end.filter(|e| e.year() == 2023) {
            org.task_ended = Some(end);
            org = org.dissolved_on(end);
        }
        b.h.add_temporary(org)?;
    }

    // ----- big committees ----------------------------------------------------------------
    let two_new_of = |t: usize| two_new[3 * t..3 * t + 3].to_vec();
    for (k, &t) in non_agricultural.iter().take(7).enumerate() {
        let mut bc = BigCommittee::new(
            format!("{}商圈大党委", townships[t].name.trim_end_matches("街道")),
            BigCommitteeKind::BusinessDistrict,
            townships[t].id,
        );
        for m in two_new_of(t) {
            bc = bc.with_member(m);
        }
        bc.founded = Some(date(2023, 3 + k as u32, 1));
        b.h.add_big_committee(bc)?;
    }
    let cosmetics_core = two_new[3 * agricultural[1]];
    for (name, core, members) in [
        ("轨道交通产业联盟大党委", soe, vec![organs[7], two_new[0]]),
        (
            "化妆品产业链大党委",
            cosmetics_core,
            vec![organs[2], two_new[3]],
        ),
        (
            "乡村振兴产业联盟大党委",
            organs[5],
            vec![townships[agricultural[0]].id, townships[agricultural[1]].id],
        ),
    ] {
        let mut bc = BigCommittee::new(name, BigCommitteeKind::IndustryChain, core);
        bc.members = members;
        bc.founded = Some(date(2023, 2, 1));
        b.h.add_big_committee(bc)?;
    }
    // Regional: 20 street 大工委 and 10 community 大党委, with the 75 part-time members.
    let part_time = split(&mut b.rng, 75, 30, 1);
    let mut regional_cores: Vec<(UnitId, String, usize)> = townships
        .iter()
        .enumerate()
        .filter(|(_, t)| t.kind == UnitKind::Street)
        .map(|(i, t)| (t.id, format!("{}大工委", t.name), i))
        .collect();
    regional_cores.extend(communities.iter().step_by(29).take(10).map(|&i| {
        let (t, v) = &villages[i];
        (
            v.id,
            format!("{}大党委", v.name.trim_end_matches("居委会")),
            *t,
        )
    }));
    for (k, (core, name, t)) in regional_cores.into_iter().enumerate() {
        let from = two_new[3 * t + k % 3];
        let also = two_new[3 * t + (k + 1) % 3];
        let mut bc = BigCommittee::new(name, BigCommitteeKind::Regional, core)
            .with_member(from)
            .with_member(also)
            .with_part_time(from, part_time[k] as u32);
        bc.founded = Some(date(2023, 4 + (k % 6) as u32, 1));
        b.h.add_big_committee(bc)?;
    }

    // ----- records of 2023 ---------------------------------------------------------------
    let meeting_units: Vec<UnitId> = townships
        .iter()
        .map(|t| t.id)
        .chain(
            villages
                .iter()
                .filter(|(_, v)| v.kind == UnitKind::Village)
                .map(|(_, v)| v.id),
        )
        .collect();
    let matters = split(&mut b.rng, 449, 1_794, 0);
    let problems = split(&mut b.rng, 3_798, 1_794, 0);
    for k in 0..1_794 {
        let unit = meeting_units[k % meeting_units.len()];
        let day = day_of_2023(b.rng.below(365));
        b.h.add_record(Record::new(
            unit,
            day,
            RecordKind::JointMeeting {
                matters: matters[k] as u32,
                problems_solved: problems[k] as u32,
            },
        ))?;
    }
    for k in 0..7_136 {
        let unit = villages[(k * 31) % villages.len()].1.id;
        let day = day_of_2023(b.rng.below(365));
        let participants = b.rng.between(8, 120);
        b.h.add_record(Record::new(
            unit,
            day,
            RecordKind::Activity { participants },
        ))?;
    }
    let resolved = split(&mut b.rng, 10_200, 24 * 12, 5);
    for (k, &r) in resolved.iter().enumerate() {
        let unit = townships[k / 12].id;
        let raised = r + u64::from(b.rng.below(4));
        b.h.add_record(Record::new(
            unit,
            date(2023, (k % 12) as u32 + 1, 28),
            RecordKind::Appeals {
                raised: raised as u32,
                resolved: r as u32,
            },
        ))?;
    }
    // Trainings held by the organization department: the four named cohorts, then
    // dispatch and business meetings, 1,690 person-times in all.
    let department = organs[0];
    let mut trainings: Vec<u64> = vec![24, 118, 286, 245];
    trainings.extend(split(&mut b.rng, 1_690 - 673, 12, 40));
    for (k, &n) in trainings.iter().enumerate() {
        b.h.add_record(Record::new(
            department,
            date(2023, (k % 12) as u32 + 1, 12),
            RecordKind::Training {
                person_times: n as u32,
            },
        ))?;
    }

    // ----- the 隶属 tree where it leaves the place tree ----------------------------------
    // The organs' organizations stand under the district's working committee for organs
    // (区直机关工委), the schools' under its education working committee (教育工委); both
    // committees, recorded in their own right, stand under the district committee. The
    // rest follows the place tree: co-op branches under their village's organization,
    // villages' under their town's or street's.
    let district_org =
        b.h.own_org_of_unit(district)
            .ok_or(BuildFailure::Shape("the district has no committee"))?;
    for (name, members) in [
        ("中共广州市白云区直属机关工作委员会", &organs),
        ("中共广州市白云区委教育工作委员会", &schools),
    ] {
        let committee = b.h.add_org(
            Some(district_org),
            district,
            Org::new(OrgForm::WorkingCommittee, name),
        )?;
        for &unit in members {
            if let Some(own) = b.h.own_org_of_unit(unit) {
                b.h.set_superior(own, Some(committee))?;
            }
        }
    }
    super::achievements::date_stock_2023(&mut b.h, district)?;
    Ok(b.h)
}
