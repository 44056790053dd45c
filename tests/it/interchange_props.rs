//! Property tests: JSON snapshots and CSV folders keep everything of rich hierarchies.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::NaiveDate;
use partyorg::interchange::{json, table};
use partyorg::{
    Hierarchy, Members, Pairing, PairingKind, PartyForm, Record, RecordKind, Relation, Sector,
    Unit, UnitId, UnitKind, org::BigCommittee, org::TemporaryOrg, unit::BigCommitteeKind,
    unit::CommandoField, unit::CommandoTeams, unit::DemoLevel, unit::Demonstration, unit::Details,
    unit::ForbiddenActs, unit::OrgDetails, unit::ServiceCenter, unit::TaskPurpose,
    unit::TemporaryInfo, unit::Term, unit::Venue, unit::VenueKind, unit::WeakLax,
};
use proptest::prelude::*;

fn date() -> impl Strategy<Value = NaiveDate> {
    (1990i32..2030, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

fn text() -> impl Strategy<Value = String> {
    // Names with commas, quotes, semicolons, colons, spaces and line ends, which the CSV
    // writer must quote.
    "[a-z白云区街道社 ,;:\"\n]{1,8}"
}

fn org() -> impl Strategy<Value = OrgDetails> {
    (
        prop::option::of(text()),
        prop::option::of((date(), 1u8..6)),
        prop::option::of(date()),
        any::<bool>(),
        prop::option::of((date(), prop::option::of(date()))),
    )
        .prop_map(|(secretary, term, due, exception, weak)| {
            let mut o = OrgDetails::default();
            o.secretary = secretary;
            o.term = term.map(|(elected, years)| Term { elected, years });
            o.due = due;
            o.approved_exception = exception;
            o.weak_lax = weak.map(|(identified, accepted)| WeakLax {
                identified,
                accepted,
            });
            o
        })
}

fn temporary_info() -> impl Strategy<Value = TemporaryInfo> {
    (
        prop::sample::select(vec![
            TaskPurpose::SpecialRectification,
            TaskPurpose::RuralRevitalization,
            TaskPurpose::Project,
            TaskPurpose::Other,
        ]),
        any::<bool>(),
        prop::option::of(date()),
        any::<[bool; 4]>(),
    )
        .prop_map(|(purpose, approved, task_ended, a)| TemporaryInfo {
            purpose,
            approved,
            task_ended,
            acts: ForbiddenActs {
                recruited: a[0],
                disciplined: a[1],
                collected_dues: a[2],
                held_election: a[3],
                elected_leaders: a[0] && a[3],
            },
        })
}

fn details() -> impl Strategy<Value = Details> {
    let venue = (
        prop::sample::select(vec![
            VenueKind::Park,
            VenueKind::Square,
            VenueKind::Corridor,
        ]),
        any::<u32>(),
        prop::option::of(date()),
    )
        .prop_map(|(kind, area_m2, since)| Venue {
            since,
            ..Venue::new(kind, area_m2)
        });
    let team = (
        prop::sample::select(vec![
            CommandoField::Organ,
            CommandoField::VillageResidence,
            CommandoField::Grid,
            CommandoField::TwoNew,
            CommandoField::ThreeNew,
        ]),
        any::<u32>(),
        prop::option::of(date()),
    )
        .prop_map(|(field, count, since)| CommandoTeams {
            since,
            ..CommandoTeams::new(field, count)
        });
    let demo = (
        prop::sample::select(vec![
            DemoLevel::National,
            DemoLevel::Provincial,
            DemoLevel::City,
            DemoLevel::District,
        ]),
        1949i32..2100,
    )
        .prop_map(|(level, year)| Demonstration { level, year });
    (
        prop::option::of(date()),
        prop::option::of(date()),
        prop::option::of(org()),
        prop::option::of((any::<u32>(), prop::option::of(date()))),
        prop::collection::vec(venue, 0..3),
        prop::collection::vec(team, 0..3),
        prop::collection::vec(demo, 0..2),
    )
        .prop_map(|(founded, dissolved, org, center, venues, teams, demos)| {
            let mut d = Details::default();
            d.founded = founded;
            d.dissolved = dissolved;
            d.org = org;
            d.service_center = center.map(|(area_m2, since)| ServiceCenter {
                since,
                ..ServiceCenter::new(area_m2)
            });
            d.venues = venues;
            d.commando_teams = teams;
            d.demonstrations = demos;
            d
        })
}

const CHILD_KINDS: [UnitKind; 9] = [
    UnitKind::Street,
    UnitKind::Town,
    UnitKind::Village,
    UnitKind::Community,
    UnitKind::EconomicCoop,
    UnitKind::Federation,
    UnitKind::Estate,
    UnitKind::Institution(Sector::Organ),
    UnitKind::Institution(Sector::NonPublicEnterprise),
];

#[derive(Debug, Clone)]
struct UnitSpec {
    kind: usize,
    parent: usize,
    name: String,
    code: Option<u64>,
    members: (u32, u32),
    form: Option<usize>,
    committee: Option<u8>,
    agricultural: bool,
    details: Option<Details>,
}

fn unit_spec() -> impl Strategy<Value = UnitSpec> {
    (
        0..CHILD_KINDS.len(),
        any::<usize>(),
        text(),
        prop::option::of(1u64..999),
        (any::<u32>(), any::<u32>()),
        prop::option::of(0usize..4),
        prop::option::of(1u8..=255),
        any::<bool>(),
        prop::option::of(details()),
    )
        .prop_map(
            |(kind, parent, name, code, members, form, committee, agricultural, details)| {
                UnitSpec {
                    kind,
                    parent,
                    name,
                    code,
                    members,
                    form,
                    committee,
                    agricultural,
                    details,
                }
            },
        )
}

fn pairing_kind() -> impl Strategy<Value = PairingKind> {
    prop_oneof![
        Just(PairingKind::TownStreet),
        Just(PairingKind::JointBuilding),
        any::<u32>().prop_map(|sections| PairingKind::OrganCoop { sections }),
        (any::<u32>(), any::<u32>())
            .prop_map(|(cadres, households)| PairingKind::CadreHousehold { cadres, households }),
        prop::option::of(text()).prop_map(|secretary| PairingKind::FirstSecretary { secretary }),
    ]
}

fn record_kind() -> impl Strategy<Value = RecordKind> {
    prop_oneof![
        (any::<u32>(), any::<u32>()).prop_map(|(matters, problems_solved)| {
            RecordKind::JointMeeting {
                matters,
                problems_solved,
            }
        }),
        any::<u32>().prop_map(|participants| RecordKind::Activity { participants }),
        (any::<u32>(), any::<u32>())
            .prop_map(|(raised, resolved)| RecordKind::Appeals { raised, resolved }),
        any::<u32>().prop_map(|person_times| RecordKind::Training { person_times }),
    ]
}

type TempSpec = (
    usize,
    Vec<(usize, u32)>,
    TemporaryInfo,
    NaiveDate,
    Option<NaiveDate>,
    (u32, u32),
);
type BcSpec = (
    usize,
    Vec<usize>,
    Vec<(usize, u32)>,
    BigCommitteeKind,
    Option<NaiveDate>,
);

#[allow(clippy::type_complexity)]
fn hierarchy() -> impl Strategy<Value = Hierarchy> {
    let temps = prop::collection::vec(
        (
            any::<usize>(),
            prop::collection::vec((any::<usize>(), any::<u32>()), 0..3),
            temporary_info(),
            date(),
            prop::option::of(date()),
            (any::<u32>(), any::<u32>()),
        ),
        0..4,
    );
    let bcs = prop::collection::vec(
        (
            any::<usize>(),
            prop::collection::vec(any::<usize>(), 0..3),
            prop::collection::vec((any::<usize>(), any::<u32>()), 0..3),
            prop::sample::select(vec![
                BigCommitteeKind::IndustryChain,
                BigCommitteeKind::BusinessDistrict,
                BigCommitteeKind::Regional,
            ]),
            prop::option::of(date()),
        ),
        0..3,
    );
    (
        prop::option::of(details()),
        prop::collection::vec(unit_spec(), 0..25),
        temps,
        bcs,
        prop::collection::vec((any::<usize>(), any::<usize>()), 0..3),
        prop::collection::vec(
            (
                any::<usize>(),
                any::<usize>(),
                pairing_kind(),
                prop::option::of(date()),
                prop::option::of(date()),
            ),
            0..5,
        ),
        prop::collection::vec((any::<usize>(), date(), record_kind()), 0..6),
        any::<bool>(),
    )
        .prop_map(
            |(root_details, units, temps, bcs, covers, pairings, records, remove)| {
                build(
                    root_details,
                    units,
                    temps,
                    bcs,
                    covers,
                    pairings,
                    records,
                    remove,
                )
            },
        )
}

#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn build(
    root_details: Option<Details>,
    units: Vec<UnitSpec>,
    temps: Vec<TempSpec>,
    bcs: Vec<BcSpec>,
    covers: Vec<(usize, usize)>,
    pairings: Vec<(
        usize,
        usize,
        PairingKind,
        Option<NaiveDate>,
        Option<NaiveDate>,
    )>,
    records: Vec<(usize, NaiveDate, RecordKind)>,
    remove: bool,
) -> Hierarchy {
    let mut h = Hierarchy::new();
    let root = h
        .add_unit(
            None,
            Unit::new(UnitKind::District, "白云区").with_details(root_details.unwrap_or_default()),
        )
        .unwrap();
    let mut standing = vec![root];
    for s in units {
        let kind = CHILD_KINDS[s.kind];
        let candidates: Vec<UnitId> = standing
            .iter()
            .copied()
            .filter(|&p| h.unit(p).unwrap().kind().may_contain(kind))
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let parent = candidates[s.parent % candidates.len()];
        let mut u = Unit::new(kind, s.name)
            .with_members(Members::new(s.members.0, s.members.1))
            .with_details(s.details.unwrap_or_default());
        // Codes may repeat: a hierarchy loaded from a file may hold such data.
        u.code = s
            .code
            .map(|c| partyorg::DivisionCode::from_u64(440_111_000_000 + c * 1000).unwrap());
        u.party_form = s.form.map(|f| PartyForm::ALL[f]);
        u.committee_size = s.committee;
        u.agricultural = s.agricultural;
        if let Ok(id) = h.add_unit(Some(parent), u) {
            standing.push(id);
        }
    }
    let pick = |i: usize| standing[i % standing.len()];
    for (host, seconded, info, founded, dissolved, members) in temps {
        let mut t = TemporaryOrg::new("临时党支部", info.purpose, pick(host), founded)
            .with_members(Members::new(members.0, members.1));
        t.approved = info.approved;
        t.task_ended = info.task_ended;
        t.acts = info.acts;
        t.dissolved = dissolved;
        for (u, n) in seconded {
            t = t.seconded_from(pick(u), n);
        }
        h.add_temporary(t).unwrap();
    }
    for (core, members, part_time, kind, founded) in bcs {
        let mut bc = BigCommittee::new("大党委", kind, pick(core));
        bc.founded = founded;
        for m in members {
            bc = bc.with_member(pick(m));
        }
        for (u, n) in part_time {
            bc = bc.with_part_time(pick(u), n);
        }
        h.add_big_committee(bc).unwrap();
    }
    for (a, b) in covers {
        if pick(a) != pick(b) {
            // A unit's own joint branch (the one-table form) covers another unit.
            h.set_party_form(pick(a), Some(PartyForm::JointBranch))
                .unwrap();
            let joint = h.own_org_of_unit(pick(a)).unwrap();
            h.relate(joint, pick(b), Relation::Covers).unwrap();
        }
    }
    for (a, b, kind, since, until) in pairings {
        if pick(a) != pick(b) {
            h.add_pairing(pick(a), pick(b), Pairing::new(kind).between(since, until))
                .unwrap();
        }
    }
    for (u, date, kind) in records {
        h.add_record(Record::new(standing[u % standing.len()], date, kind))
            .unwrap();
    }
    if remove {
        // Gaps in the ids: a removed record and a removed unit.
        let first = h.records().next().map(|(id, _)| id);
        if let Some(id) = first {
            h.remove_record(id).unwrap();
        }
        if standing.len() > 1 {
            let last = *standing.last().unwrap();
            let _ = h.remove_unit(last, partyorg::hierarchy::Removal::Subtree);
        }
    }
    h
}

fn scratch() -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    std::env::temp_dir().join(format!(
        "partyorg-icp-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn json_round_trip_keeps_everything(h in hierarchy()) {
        let text = json::to_string(&h);
        let back = json::from_str(&text).unwrap();
        prop_assert_eq!(&back, &h);
        prop_assert_eq!(json::to_string(&back), text);
    }

    #[test]
    fn csv_folder_round_trip_keeps_everything(h in hierarchy()) {
        let dir = scratch();
        table::save_dir(&h, &dir).unwrap();
        let back = table::load_dir(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        let back = back.unwrap();
        prop_assert_eq!(&back, &h);
        // Same ids back.
        let ids = |h: &Hierarchy| h.units().map(|u| u.id()).collect::<Vec<_>>();
        prop_assert_eq!(ids(&back), ids(&h));
        // Everything but the id counters and retired ids, which only a snapshot keeps.
        let without_ids = |h: &Hierarchy| {
            let mut v: serde_json::Value = serde_json::from_str(&json::to_string(h)).unwrap();
            v.as_object_mut().unwrap().remove("ids");
            v
        };
        prop_assert_eq!(without_ids(&back), without_ids(&h));
    }
}

/// Rewrites a CSV file with its columns and rows permuted by `seed` (siblings keeping
/// their order), with a byte-order mark and CRLF line ends, as a spreadsheet might save it.
fn scramble(path: &std::path::Path, seed: u64) {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let header = rdr.headers().unwrap().clone();
    let mut rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let mix = |i: u64| {
        (i ^ seed)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(17)
    };
    let mut cols: Vec<usize> = (0..header.len()).collect();
    cols.sort_by_key(|&c| mix(c as u64));
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&r| mix(r as u64 + 1000));
    // Rows naming the same parent keep their order, which is the children order the file
    // records; everything else is shuffled.
    if let Some(pc) = header.iter().position(|h| h == "parent") {
        let mut slots: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
        for (slot, &r) in order.iter().enumerate() {
            slots.entry(&rows[r][pc]).or_default().push(slot);
        }
        let mut kept = order.clone();
        for group in slots.values() {
            let mut members: Vec<usize> = group.iter().map(|&slot| order[slot]).collect();
            members.sort_unstable();
            for (&slot, r) in group.iter().zip(members) {
                kept[slot] = r;
            }
        }
        order = kept;
    }
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(cols.iter().map(|&c| &header[c])).unwrap();
        for &r in &order {
            let row = std::mem::take(&mut rows[r]);
            w.write_record(cols.iter().map(|&c| &row[c])).unwrap();
        }
        w.flush().unwrap();
    }
    std::fs::write(path, out).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_column_order_and_row_order_keeping_siblings_loads_the_same(h in hierarchy(), seed in any::<u64>()) {
        let dir = scratch();
        table::save_dir(&h, &dir).unwrap();
        for f in ["units.csv", "relations.csv", "records.csv"] {
            scramble(&dir.join(f), seed);
        }
        let back = table::load_dir(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        prop_assert_eq!(back.unwrap(), h);
    }
}
