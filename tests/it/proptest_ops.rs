//! Random sequences of tree operations, some of which must fail, with the forest's
//! invariants checked after every step through the public API only.
//!
//! (The cached member totals are crate-internal; the property test that compares them
//! with a fresh layout lives in `src/hierarchy/query.rs`.)

use partyorg::hierarchy::OrgLink;
use partyorg::relation::PairingLink;
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use partyorg::{
    Hierarchy, HierarchyError, Members, Pairing, PairingKind, Record, RecordKind, Sector, Unit,
    UnitId, UnitKind, hierarchy::Removal, hierarchy::Removed, org::BigCommittee, org::TemporaryOrg,
    unit::BigCommitteeKind, unit::TaskPurpose,
};
use proptest::prelude::*;

/// The kinds the random operations add, standing ones first; the last two must be refused
/// by `add_unit`.
const KINDS: [UnitKind; 12] = [
    UnitKind::Province,
    UnitKind::City,
    UnitKind::District,
    UnitKind::Street,
    UnitKind::Town,
    UnitKind::Village,
    UnitKind::Community,
    UnitKind::EconomicCoop,
    UnitKind::Federation,
    UnitKind::Estate,
    UnitKind::Institution(Sector::Organ),
    UnitKind::Institution(Sector::School),
];

const MODES: [Removal; 3] = [Removal::LeafOnly, Removal::LiftChildren, Removal::Subtree];

/// A unit chosen by position among the live units; one position past the end names a
/// unit that does not exist.
type Pick = usize;

#[derive(Clone, Debug)]
enum Op {
    /// Adds a unit of `KINDS[kind % KINDS.len()]` (the standing kinds below a district are
    /// drawn more often) under a parent: `fit` picks among the units that may
    /// contain the kind, otherwise among all units; `None` makes it a root (of a root kind
    /// if `fit`).
    Add {
        kind: usize,
        parent: Option<Pick>,
        fit: bool,
    },
    /// Moves a unit under another (`fit` as for `Add`) or to the roots.
    Move {
        unit: Pick,
        parent: Option<Pick>,
        fit: bool,
    },
    /// Attaches a unit (a root if `fit`) under another (`fit` as for `Add`).
    Attach {
        unit: Pick,
        parent: Pick,
        fit: bool,
    },
    Remove {
        unit: Pick,
        mode: usize,
    },
    SetMembers {
        unit: Pick,
        full: u32,
        probationary: u32,
    },
    Temporary {
        host: Pick,
        home: Pick,
    },
    Committee {
        core: Pick,
        member: Pick,
    },
    Pair {
        from: Pick,
        to: Pick,
    },
    Record {
        unit: Pick,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let pick = || 0usize..1000;
    prop_oneof![
        8 => (0..KINDS.len() + 8, proptest::option::weighted(0.85, pick()), proptest::bool::weighted(0.85))
            .prop_map(|(kind, parent, fit)| Op::Add { kind, parent, fit }),
        3 => (pick(), proptest::option::weighted(0.85, pick()), proptest::bool::weighted(0.6))
            .prop_map(|(unit, parent, fit)| Op::Move { unit, parent, fit }),
        1 => (pick(), pick(), any::<bool>())
            .prop_map(|(unit, parent, fit)| Op::Attach { unit, parent, fit }),
        2 => (pick(), 0..MODES.len()).prop_map(|(unit, mode)| Op::Remove { unit, mode }),
        2 => (pick(), 0u32..200, 0u32..20).prop_map(|(unit, full, probationary)| {
            Op::SetMembers { unit, full, probationary }
        }),
        1 => (pick(), pick()).prop_map(|(host, home)| Op::Temporary { host, home }),
        1 => (pick(), pick()).prop_map(|(core, member)| Op::Committee { core, member }),
        1 => (pick(), pick()).prop_map(|(from, to)| Op::Pair { from, to }),
        1 => pick().prop_map(|unit| Op::Record { unit }),
    ]
}

/// A unit that never exists (ids are assigned from 0 and never reach it here).
const NOWHERE: UnitId = UnitId(4_000_000);

fn pick_any(h: &Hierarchy, i: Pick) -> UnitId {
    let all: Vec<UnitId> = h.units().map(|u| u.id()).collect();
    if all.is_empty() || i % 20 == 19 {
        NOWHERE
    } else {
        all[i / 20 % all.len()]
    }
}

/// A root if `fit` and there is one, otherwise any unit.
fn pick_root(h: &Hierarchy, i: Pick, fit: bool) -> UnitId {
    let roots: Vec<UnitId> = h.roots().map(|u| u.id()).collect();
    if fit && !roots.is_empty() {
        roots[i % roots.len()]
    } else {
        pick_any(h, i)
    }
}

/// A unit that may contain `kind` if there is one (so that trees grow deep), otherwise
/// any unit.
fn pick_parent(h: &Hierarchy, i: Pick, kind: UnitKind, fit: bool) -> UnitId {
    if fit {
        let fitting: Vec<UnitId> = h
            .units()
            .filter(|u| u.kind().may_contain(kind))
            .map(|u| u.id())
            .collect();
        if !fitting.is_empty() {
            return fitting[i % fitting.len()];
        }
    }
    pick_any(h, i)
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 6, 1).expect("valid date")
}

fn children(h: &Hierarchy, id: UnitId) -> Vec<UnitId> {
    h.children(id)
        .expect("known unit")
        .map(|u| u.id())
        .collect()
}

/// Equality plus children order, which `PartialEq` does not compare.
fn assert_unchanged(h: &Hierarchy, before: &Hierarchy, op: &Op, err: &HierarchyError) {
    assert_eq!(
        h, before,
        "{op:?} failed with {err} but changed the hierarchy"
    );
    for u in before.units() {
        assert_eq!(children(h, u.id()), children(before, u.id()), "{op:?}");
    }
}

/// The tree invariants, checked independently of the crate's own checks.
fn check_invariants(h: &Hierarchy) {
    let all: Vec<UnitId> = h.units().map(|u| u.id()).collect();
    let n = all.len();
    assert_eq!(n, h.len());
    // Each unit appears in at most one children list, and exactly in its parent's.
    let mut listed_under: HashMap<UnitId, UnitId> = HashMap::new();
    for &p in &all {
        let pk = h.unit(p).unwrap().kind();
        for c in children(h, p) {
            assert!(
                listed_under.insert(c, p).is_none(),
                "{c} has more than one parent"
            );
            let ck = h.unit(c).unwrap().kind();
            assert!(pk.may_contain(ck), "{c} ({ck}) under {p} ({pk})");
        }
    }
    let mut standing = 0;
    let mut roots = Vec::new();
    for &u in &all {
        let r = h.unit(u).unwrap();
        let parent = h.parent(u).unwrap().map(|p| p.id());
        assert_eq!(parent, listed_under.get(&u).copied(), "parent of {u}");
        standing += 1;
        match parent {
            None => {
                assert!(r.kind().may_be_root(), "{u} ({}) is a root", r.kind());
                roots.push(u);
            }
            Some(p) => assert!(h.unit(p).unwrap().kind().may_contain(r.kind())),
        }
        // No cycle: walking up ends within n steps.
        let mut cur = parent;
        let mut steps = 0;
        while let Some(c) = cur {
            steps += 1;
            assert!(steps <= n, "cycle above {u}");
            cur = h.parent(c).unwrap().map(|p| p.id());
        }
        assert_eq!(h.depth(u).unwrap() as usize, steps);
        let ancestors: Vec<UnitId> = h.ancestors(u).unwrap().map(|a| a.id()).collect();
        assert_eq!(ancestors.len(), steps);
        for a in &ancestors {
            assert!(h.is_within(u, *a).unwrap());
        }
        let root = ancestors.last().copied().unwrap_or(u);
        assert_eq!(
            h.lowest_common_ancestor(u, root).unwrap().map(|x| x.id()),
            Some(root)
        );
    }
    assert!(h.is_well_placed());
    assert_eq!(h.roots().map(|r| r.id()).collect::<Vec<_>>(), roots);
    // The layout: every subtree a pre-order range that matches `descendants` and a
    // brute-force walk of `children`.
    assert_eq!(h.layout().len(), standing);
    let mut covered = 0;
    for &root in &roots {
        covered += h.subtree_size(root).unwrap();
        for other in &roots {
            assert_eq!(h.is_within(*other, root).unwrap(), *other == root);
        }
    }
    assert_eq!(covered, standing);
    for &u in &all {
        let depth = h.depth(u).unwrap();
        let desc: Vec<(UnitId, u32)> = h
            .subtree(u)
            .unwrap()
            .filter(|v| v.depth > 0)
            .map(|v| (v.unit.id(), v.depth))
            .collect();
        let mut brute = Vec::new();
        let mut stack = vec![(u, 0u32)];
        while let Some((x, d)) = stack.pop() {
            brute.push((x, d));
            let mut c = children(h, x);
            c.reverse();
            stack.extend(c.into_iter().map(|c| (c, d + 1)));
        }
        assert_eq!(desc[..], brute[1..], "descendants of {u}");
        for &(d, dd) in &desc {
            assert_eq!(h.depth(d).unwrap(), depth + dd);
        }
        let sub: Vec<UnitId> = h
            .subtree(u)
            .unwrap()
            .map(|v| v.unit)
            .map(|x| x.id())
            .collect();
        assert_eq!(sub.len(), h.subtree_size(u).unwrap());
        assert_eq!(
            sub,
            brute.iter().map(|x| x.0).collect::<Vec<_>>(),
            "subtree of {u}"
        );
    }
    // Nothing points at a removed unit.
    for PairingLink { from, to, .. } in h.pairings() {
        assert!(h.contains(from) && h.contains(to));
    }
    for (_, r) in h.records() {
        assert!(h.contains(r.unit));
    }
    for l in h.relations() {
        assert!(h.contains(l.from) && h.contains(l.to));
    }
    // Every organization is based in a unit that exists, and reaches only units that do.
    for o in h.orgs() {
        assert!(h.contains(o.based_in().id()));
        for OrgLink { unit: u, .. } in o.links() {
            assert!(h.contains(u.id()));
        }
    }
}

/// What `remove_unit(id, how)` should remove, computed from the hierarchy before.
fn expected_removal(before: &Hierarchy, id: UnitId, how: Removal) -> Removed {
    let units: Vec<UnitId> = match how {
        Removal::Subtree => before
            .subtree(id)
            .unwrap()
            .map(|v| v.unit)
            .map(|u| u.id())
            .collect(),
        _ => vec![id],
    };
    let gone: HashSet<UnitId> = units.iter().copied().collect();
    let mut orgs: Vec<partyorg::OrgId> = units
        .iter()
        .flat_map(|&u| {
            // Its organizations of the 隶属 tree, and the temporary organizations and
            // big committees based in it.
            let based: Vec<partyorg::OrgId> =
                before.orgs_based_in(u).unwrap().map(|o| o.id()).collect();
            let hosted = before
                .orgs()
                .filter(|o| o.form().is_outside() && o.based_in().id() == u)
                .map(|o| o.id());
            based.into_iter().chain(hosted).collect::<Vec<_>>()
        })
        .collect();
    orgs.sort();
    Removed {
        orgs,
        pairings: before
            .pairings()
            .filter(|PairingLink { from: f, to: t, .. }| gone.contains(f) || gone.contains(t))
            .count(),
        records: before
            .records()
            .filter(|(_, r)| gone.contains(&r.unit))
            .count(),
        units,
    }
}

fn apply(h: &mut Hierarchy, op: &Op) {
    let before = h.clone();
    let result: Result<(), HierarchyError> = match *op {
        Op::Add { kind, parent, fit } => {
            // Past the table, draw again among street, town, village, community, co-op,
            // estate and institutions.
            let kind = match (parent, fit) {
                // A root that may be one: province, city or district.
                (None, true) => KINDS[kind % 3],
                _ => KINDS.get(kind).copied().unwrap_or(KINDS[3 + kind % 9]),
            };
            let parent = parent.map(|p| pick_parent(h, p, kind, fit));
            let r = h.add_unit(
                parent,
                Unit::new(kind, "单位").with_members(Members::new(3, 1)),
            );
            if let Ok(id) = r {
                assert_eq!(h.parent(id).unwrap().map(|p| p.id()), parent);
                assert!(!before.contains(id));
                if let Some(p) = parent {
                    assert_eq!(children(h, p).last(), Some(&id));
                }
            }
            r.map(drop)
        }
        Op::Move { unit, parent, fit } => {
            let u = pick_any(h, unit);
            let kind = h.get(u).map_or(UnitKind::Village, |r| r.kind());
            let parent = parent.map(|p| pick_parent(h, p, kind, fit));
            let r = h.move_unit(u, parent);
            if r.is_ok() {
                assert_eq!(h.parent(u).unwrap().map(|p| p.id()), parent);
                assert_eq!(h.subtree_size(u).unwrap(), before.subtree_size(u).unwrap());
                if let Some(p) = parent {
                    assert!(!before.is_within(p, u).unwrap());
                }
            } else if let (Some(p), Err(HierarchyError::Cycle { .. })) = (parent, &r) {
                assert!(before.is_within(p, u).unwrap());
            }
            r
        }
        Op::Attach { unit, parent, fit } => {
            let u = pick_root(h, unit, fit);
            let kind = h.get(u).map_or(UnitKind::District, |r| r.kind());
            let p = pick_parent(h, parent, kind, fit);
            let r = h.attach(u, p);
            match &r {
                Ok(()) => {
                    assert!(before.parent(u).unwrap().is_none());
                    assert_eq!(h.parent(u).unwrap().unwrap().id(), p);
                }
                Err(HierarchyError::AlreadyHasParent { unit, parent, .. }) => {
                    assert_eq!(*unit, u);
                    assert_eq!(Some(*parent), before.parent(u).unwrap().map(|x| x.id()));
                }
                Err(_) => {}
            }
            r
        }
        Op::Remove { unit, mode } => {
            let u = pick_any(h, unit);
            let how = MODES[mode];
            let lifted = if how == Removal::LiftChildren && h.contains(u) {
                Some((h.parent(u).unwrap().map(|p| p.id()), children(h, u)))
            } else {
                None
            };
            let r = h.remove_unit(u, how);
            match &r {
                Ok(removed) => {
                    assert_eq!(*removed, expected_removal(&before, u, how));
                    for x in &removed.units {
                        assert!(!h.contains(*x));
                    }
                    assert_eq!(h.len(), before.len() - removed.units.len());
                    assert_eq!(h.record_count(), before.record_count() - removed.records);
                    assert_eq!(
                        h.pairings().count(),
                        before.pairings().count() - removed.pairings
                    );
                    if let Some((Some(p), kids)) = lifted {
                        let now = children(h, p);
                        assert!(now.ends_with(&kids), "lifted {kids:?} under {p}: {now:?}");
                    }
                }
                Err(HierarchyError::HasChildren {
                    id, children: n, ..
                }) => {
                    assert_eq!(*id, u);
                    assert_eq!(*n, children(&before, u).len());
                    assert_eq!(how, Removal::LeafOnly);
                }
                Err(_) => {}
            }
            r.map(drop)
        }
        Op::SetMembers {
            unit,
            full,
            probationary,
        } => {
            let u = pick_any(h, unit);
            let m = Members::new(full, probationary);
            let r = h.set_members(u, m);
            if r.is_ok() {
                assert_eq!(h.unit(u).unwrap().members(), m);
            }
            r
        }
        Op::Temporary { host, home } => {
            let host = pick_any(h, host);
            let home = pick_any(h, home);
            let org = TemporaryOrg::new("临时党支部", TaskPurpose::Project, host, date())
                .seconded_from(home, 2);
            let r = h.add_temporary(org);
            if let Ok(t) = r {
                assert_eq!(h.org(t).unwrap().based_in().id(), host);
            }
            r.map(drop)
        }
        Op::Committee { core, member } => {
            let core = pick_any(h, core);
            let member = pick_any(h, member);
            let bc = BigCommittee::new("大党委", BigCommitteeKind::Regional, core)
                .with_member(member)
                .with_part_time(member, 1);
            h.add_big_committee(bc).map(drop)
        }
        Op::Pair { from, to } => {
            let from = pick_any(h, from);
            let to = pick_any(h, to);
            h.add_pairing(from, to, Pairing::new(PairingKind::JointBuilding))
                .map(drop)
        }
        Op::Record { unit } => {
            let u = pick_any(h, unit);
            h.add_record(Record::new(
                u,
                date(),
                RecordKind::Activity { participants: 1 },
            ))
            .map(drop)
        }
    };
    if let Err(e) = &result {
        assert_unchanged(h, &before, op, e);
        // Refusals name a unit of the call or say the id space is full, never something
        // unrelated.
        assert!(!e.to_string().is_empty());
    }
    check_invariants(h);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_operations_keep_the_forest_valid(ops in proptest::collection::vec(op(), 1..60)) {
        let mut h = Hierarchy::new();
        for op in &ops {
            apply(&mut h, op);
        }
    }

    #[test]
    fn random_operations_on_a_seeded_district(ops in proptest::collection::vec(op(), 1..60)) {
        // Start from a district with some depth, so that early moves and removals bite.
        let mut h = Hierarchy::new();
        let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区")).unwrap();
        let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道")).unwrap();
        let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇")).unwrap();
        let c = h.add_unit(Some(s), Unit::new(UnitKind::Community, "罗岗社区")).unwrap();
        let v = h.add_unit(Some(t), Unit::new(UnitKind::Village, "龙岗村")).unwrap();
        h.add_unit(Some(c), Unit::new(UnitKind::Estate, "罗岗花园")).unwrap();
        h.add_unit(Some(v), Unit::new(UnitKind::EconomicCoop, "第一经济社")).unwrap();
        let o = h.add_unit(Some(d), Unit::new(UnitKind::Institution(Sector::Organ), "组织部")).unwrap();
        h.add_unit(Some(o), Unit::new(UnitKind::Institution(Sector::Organ), "组织科")).unwrap();
        check_invariants(&h);
        for op in &ops {
            apply(&mut h, op);
        }
    }
}
