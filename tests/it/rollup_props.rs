//! Properties of rollups on random hierarchies: additivity over children, the
//! all-subtrees pass against per-subtree rollups, and the incremental memo against fresh
//! recomputation after random edits.

use chrono::NaiveDate;
use partyorg::rollup::Period;
use partyorg::{
    Hierarchy, Members, Pairing, PairingKind, PartyForm, Record, RecordId, RecordKind, Totals,
    Unit, UnitId, UnitKind, org::TemporaryOrg, unit::CommandoField, unit::CommandoTeams,
    unit::Details, unit::ServiceCenter, unit::TaskPurpose,
};
use proptest::prelude::*;

fn child_kind(parent: UnitKind, pick: u8) -> Option<UnitKind> {
    match parent {
        UnitKind::District => Some(if pick.is_multiple_of(2) {
            UnitKind::Street
        } else {
            UnitKind::Town
        }),
        UnitKind::Street | UnitKind::Town => Some(if pick.is_multiple_of(2) {
            UnitKind::Village
        } else {
            UnitKind::Community
        }),
        UnitKind::Village | UnitKind::Community => Some(UnitKind::EconomicCoop),
        _ => None,
    }
}

fn day(offset: u16) -> NaiveDate {
    // 2022-01-01 plus up to three years.
    NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + chrono::Days::new(u64::from(offset % 1095))
}

fn record_kind(sel: u8, a: u16, b: u16) -> RecordKind {
    match sel % 4 {
        0 => RecordKind::JointMeeting {
            matters: a.into(),
            problems_solved: b.into(),
        },
        1 => RecordKind::Activity {
            participants: a.into(),
        },
        2 => RecordKind::Appeals {
            raised: u32::from(a) + u32::from(b),
            resolved: a.into(),
        },
        _ => RecordKind::Training {
            person_times: b.into(),
        },
    }
}

/// (parent pick, kind pick, full, probationary, has org, (area, commando teams, the day
/// both were formed)).
type UnitSpec = (usize, u8, u32, u32, bool, Option<(u32, u32, Option<u16>)>);

#[derive(Clone, Debug)]
struct Spec {
    /// (parent pick, kind pick, full, probationary, has org, service center area and
    /// commando teams)
    units: Vec<UnitSpec>,
    /// (unit pick, day, kind, a, b)
    records: Vec<(usize, u16, u8, u16, u16)>,
    /// (from pick, to pick, organ–co-op sections or joint building)
    pairings: Vec<(usize, usize, Option<u8>)>,
    /// (host pick, founded, lasting days, members)
    temporaries: Vec<(usize, u16, Option<u16>, u32)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec(
            (
                any::<usize>(),
                any::<u8>(),
                0u32..500,
                0u32..20,
                any::<bool>(),
                prop::option::of((1u32..5_000, 0u32..9, prop::option::of(any::<u16>()))),
            ),
            0..30,
        ),
        prop::collection::vec(
            (
                any::<usize>(),
                any::<u16>(),
                any::<u8>(),
                0u16..50,
                0u16..50,
            ),
            0..40,
        ),
        prop::collection::vec(
            (any::<usize>(), any::<usize>(), prop::option::of(1u8..4)),
            0..8,
        ),
        prop::collection::vec(
            (
                any::<usize>(),
                any::<u16>(),
                prop::option::of(1u16..400),
                3u32..9,
            ),
            0..6,
        ),
    )
        .prop_map(|(units, records, pairings, temporaries)| Spec {
            units,
            records,
            pairings,
            temporaries,
        })
}

/// Builds the hierarchy; returns it with its standing units in insertion order.
fn build(s: &Spec) -> (Hierarchy, Vec<UnitId>) {
    let mut h = Hierarchy::new();
    let root = h
        .add_unit(None, Unit::new(UnitKind::District, "区"))
        .unwrap();
    let mut ids = vec![root];
    for (i, &(parent, pick, full, prob, org, facts)) in s.units.iter().enumerate() {
        let parents: Vec<UnitId> = ids
            .iter()
            .copied()
            .filter(|&p| child_kind(h.unit(p).unwrap().kind(), 0).is_some())
            .collect();
        let p = parents[parent % parents.len()];
        let kind = child_kind(h.unit(p).unwrap().kind(), pick).unwrap();
        let mut u = Unit::new(kind, format!("单位{i}")).with_members(Members::new(full, prob));
        if org {
            u = u.with_party_form(PartyForm::Branch);
        }
        if let Some((area, teams, since)) = facts {
            let mut details = Details::default();
            let (mut center, mut team) = (
                ServiceCenter::new(area),
                CommandoTeams::new(CommandoField::Grid, teams),
            );
            if let Some(offset) = since {
                (center, team) = (center.since(day(offset)), team.since(day(offset)));
            }
            details.service_center = Some(center);
            details.commando_teams.push(team);
            u = u.with_details(details);
        }
        ids.push(h.add_unit(Some(p), u).unwrap());
    }
    for &(from, to, sections) in &s.pairings {
        let kind = match sections {
            Some(n) => PairingKind::OrganCoop { sections: n.into() },
            None => PairingKind::JointBuilding,
        };
        let (from, to) = (ids[from % ids.len()], ids[to % ids.len()]);
        if from != to {
            h.add_pairing(from, to, Pairing::new(kind)).unwrap();
        }
    }
    for (k, &(host, founded, lasting, members)) in s.temporaries.iter().enumerate() {
        let f = day(founded);
        let mut t = TemporaryOrg::new(
            format!("临时{k}"),
            TaskPurpose::Other,
            ids[host % ids.len()],
            f,
        )
        .with_members(Members::new(members, 0));
        if let Some(l) = lasting {
            t = t.dissolved_on(f + chrono::Days::new(l.into()));
        }
        let tid = h.add_temporary(t).unwrap();
        // A record of the temporary organization is kept, and counts, at its host.
        h.add_record(Record::new(
            h.org(tid).unwrap().based_in().id(),
            f,
            RecordKind::Training { person_times: 3 },
        ))
        .unwrap();
    }
    for &(unit, at, sel, a, b) in &s.records {
        h.add_record(Record::new(
            ids[unit % ids.len()],
            day(at),
            record_kind(sel, a, b),
        ))
        .unwrap();
    }
    (h, ids)
}

/// What one unit contributes by itself, computed from the public API only.
fn own(h: &Hierarchy, id: UnitId, period: &Period) -> Totals {
    let u = h.unit(id).unwrap();
    let mut t = Totals::default();
    t.units = 1;
    t.units_by_kind[u.kind().index()] = 1;
    t.full_members = u.members().full.into();
    t.probationary_members = u.members().probationary.into();
    if let Some(f) = u.party_form() {
        t.party_orgs_by_form[f as usize] = 1;
    }
    // Stocks formed after the period's last day are not yet there.
    let formed = |since: Option<NaiveDate>| since.is_none_or(|s| s <= period.end());
    if let Some(sc) = u.details().service_center.filter(|sc| formed(sc.since)) {
        t.service_centers_by_kind[u.kind().index()] = 1;
        t.service_center_area_m2 = sc.area_m2.into();
    }
    for c in u
        .details()
        .commando_teams
        .iter()
        .filter(|c| formed(c.since))
    {
        t.commando_teams_by_field[c.field as usize] += u64::from(c.count);
    }
    // The temporary organizations it hosts (based in it).
    for o in h.orgs() {
        if o.form() != partyorg::OrgForm::Temporary || o.based_in().id() != id {
            continue;
        }
        if period.overlaps(o.founded(), o.dissolved()) {
            t.temporary_active += 1;
            t.temporary_members += o.members().total();
        }
        if o.founded().is_some_and(|f| period.contains(f)) {
            t.temporary_founded += 1;
        }
    }
    for l in h.relations_of(id).unwrap() {
        match l.relation {
            partyorg::Relation::Pairing(p) if l.to == id => {
                let p = h.pairing(p).unwrap();
                t.pairings_by_type[p.kind.word() as usize] += 1;
                if let PairingKind::OrganCoop { sections } = p.kind {
                    t.organ_sections += u64::from(sections);
                }
            }
            _ => {}
        }
    }
    let paired_coop = h.relations_of(id).unwrap().any(|l| {
        matches!(l.relation, partyorg::Relation::Pairing(p)
            if l.to == id && matches!(h.pairing(p).unwrap().kind, PairingKind::OrganCoop { .. }))
    });
    t.coops_paired = u64::from(paired_coop);
    {
        for (_, r) in h.records_of(id) {
            if !period.contains(r.date) {
                continue;
            }
            match r.kind {
                RecordKind::JointMeeting {
                    matters,
                    problems_solved,
                } => {
                    t.joint_meetings += 1;
                    t.matters += u64::from(matters);
                    t.problems_solved += u64::from(problems_solved);
                }
                RecordKind::Activity { participants } => {
                    t.activities += 1;
                    t.activity_participants += u64::from(participants);
                }
                RecordKind::Appeals { raised, resolved } => {
                    t.appeals_raised += u64::from(raised);
                    t.appeals_resolved += u64::from(resolved);
                }
                RecordKind::Training { person_times } => {
                    t.trainings += 1;
                    t.training_person_times += u64::from(person_times);
                }
                _ => {}
            }
        }
    }
    t
}

#[derive(Clone, Debug)]
enum Edit {
    Members(usize, u32, u32),
    AddRecord(usize, u16, u8, u16, u16),
    RemoveRecord(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0u32..600, 0u32..30).prop_map(|(u, f, p)| Edit::Members(u, f, p)),
        (
            any::<usize>(),
            any::<u16>(),
            any::<u8>(),
            0u16..50,
            0u16..50
        )
            .prop_map(|(u, d, k, a, b)| Edit::AddRecord(u, d, k, a, b)),
        any::<usize>().prop_map(Edit::RemoveRecord),
    ]
}

fn periods() -> [Period; 3] {
    [Period::year(2022), Period::year(2023), Period::ALL]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn subtree_totals_are_own_plus_children(s in spec()) {
        let (h, ids) = build(&s);
        for period in periods() {
            for &id in &ids {
                let mut expected = own(&h, id, &period);
                for c in h.children(id).unwrap() {
                    expected = expected + h.totals(c.id(), &period).unwrap();
                }
                prop_assert_eq!(h.totals(id, &period).unwrap(), expected, "unit {}", id);
            }
        }
    }

    #[test]
    fn the_all_subtrees_pass_equals_per_subtree_rollups(s in spec()) {
        let (h, ids) = build(&s);
        for period in periods() {
            let all = h.totals_all(&period).unwrap();
            prop_assert_eq!(all.len(), ids.len());
            for &id in &ids {
                prop_assert_eq!(all.get(id).unwrap(), &h.totals_uncached(id, &period).unwrap());
            }
            let sums = h.fold_all(|u| partyorg::rollup::Sum(u.members().total())).unwrap();
            for &id in &ids {
                let direct: u64 = h.subtree(id).unwrap().map(|v| v.unit).map(|u| u.members().total()).sum();
                prop_assert_eq!(sums.get(id).unwrap().0, direct);
            }
        }
    }

    #[test]
    fn the_memo_stays_equal_to_fresh_totals(s in spec(), edits in prop::collection::vec(edit(), 1..12)) {
        let (mut h, ids) = build(&s);
        for period in periods() {
            for &id in &ids {
                h.totals(id, &period).unwrap();
            }
        }
        let memoized = h.rollup_memo_len();
        prop_assert_eq!(memoized, 3 * ids.len());
        let mut live: Vec<RecordId> = h.records().map(|(r, _)| r).collect();
        for e in edits {
            match e {
                Edit::Members(u, f, p) => {
                    h.set_members(ids[u % ids.len()], Members::new(f, p)).unwrap();
                }
                Edit::AddRecord(u, at, sel, a, b) => {
                    let r = Record::new(ids[u % ids.len()], day(at), record_kind(sel, a, b));
                    live.push(h.add_record(r).unwrap());
                }
                Edit::RemoveRecord(k) => {
                    if !live.is_empty() {
                        let r = live.swap_remove(k % live.len());
                        h.remove_record(r).unwrap();
                    }
                }
            }
        }
        // Patched in place, never dropped.
        prop_assert_eq!(h.rollup_memo_len(), memoized);
        for period in periods() {
            for &id in &ids {
                prop_assert_eq!(
                    h.totals(id, &period).unwrap(),
                    h.totals_uncached(id, &period).unwrap(),
                    "unit {}", id
                );
            }
        }
    }
}
