//! Validation properties: every generated valid hierarchy validates clean, and any single
//! injected defect is reported by the rule that names it, on the unit it concerns.

use chrono::{Days, NaiveDate};
use partyorg::validate::{Policy, Rule, Validation};
use partyorg::{
    DivisionCode, Hierarchy, Members, Org, OrgForm, OrgId, Pairing, PairingKind, PartyForm, Record,
    RecordKind, Relation, Sector, Unit, UnitId, UnitKind, hierarchy::HierarchyBuilder,
    org::BigCommittee, org::TemporaryOrg, unit::BigCommitteeKind, unit::Details, unit::OrgDetails,
    unit::TaskPurpose, unit::Term, unit::WeakLax,
};
use proptest::prelude::*;
use proptest::sample::Index;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 30).expect("valid date")
}

fn back(days: u32) -> NaiveDate {
    as_of() - Days::new(u64::from(days))
}

fn ahead(days: u32) -> NaiveDate {
    as_of() + Days::new(u64::from(days))
}

const DISTRICT_CODE: u64 = 440_111_000_000;

fn code(v: u64) -> DivisionCode {
    DivisionCode::from_u64(v).expect("generated codes are valid")
}

#[derive(Clone, Debug)]
struct VillageSpec {
    community: bool,
    full: u32,
    probationary: u32,
    /// Days before the as-of date of the last election, if a term is recorded.
    term_back: Option<u32>,
    pick: u8,
    /// Weak-and-lax: days since identification, and whether it was accepted.
    weak: Option<(u32, bool)>,
    coops: Vec<(u32, u32)>,
}

#[derive(Clone, Debug)]
struct TownshipSpec {
    street: bool,
    agricultural: bool,
    villages: Vec<VillageSpec>,
}

#[derive(Clone, Debug)]
struct Spec {
    townships: Vec<TownshipSpec>,
    /// Host pick, full members, days since founding.
    temporaries: Vec<(Index, u32, u32)>,
    /// Core pick, first member pick.
    big: Vec<(Index, Index)>,
    /// Village pick, days since the posting began.
    secretaries: Vec<(Index, u32)>,
    /// Joint-building pairs.
    joint: Vec<(Index, Index)>,
    /// Unit pick, raised, resolved share, days back.
    records: Vec<(Index, u32, u32, u32)>,
}

fn village_spec() -> impl Strategy<Value = VillageSpec> {
    (
        any::<bool>(),
        0u32..=60,
        0u32..=4,
        proptest::option::of(0u32..800),
        any::<u8>(),
        proptest::option::of((0u32..700, any::<bool>())),
        proptest::collection::vec((0u32..=8, 0u32..=2), 0..3),
    )
        .prop_map(
            |(community, full, probationary, term_back, pick, weak, coops)| VillageSpec {
                community,
                full,
                probationary,
                term_back,
                pick,
                weak,
                coops,
            },
        )
}

fn spec() -> impl Strategy<Value = Spec> {
    let township = (
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec(village_spec(), 1..4),
    )
        .prop_map(|(street, agricultural, villages)| TownshipSpec {
            street,
            agricultural,
            villages,
        });
    (
        proptest::collection::vec(township, 1..5),
        proptest::collection::vec((any::<Index>(), 3u32..10, 0u32..500), 0..3),
        proptest::collection::vec((any::<Index>(), any::<Index>()), 0..2),
        proptest::collection::vec((any::<Index>(), 0u32..900), 0..3),
        proptest::collection::vec((any::<Index>(), any::<Index>()), 0..3),
        proptest::collection::vec((any::<Index>(), 0u32..50, 0u32..=100, 0u32..700), 0..4),
    )
        .prop_map(
            |(townships, temporaries, big, secretaries, joint, records)| Spec {
                townships,
                temporaries,
                big,
                secretaries,
                joint,
                records,
            },
        )
}

/// The rows of a generated hierarchy, before building, and the ids by tier.
#[derive(Clone, Debug)]
struct Model {
    rows: Vec<(UnitId, Option<UnitId>, Unit)>,
    district: UnitId,
    townships: Vec<UnitId>,
    villages: Vec<UnitId>,
}

fn org(o: OrgDetails) -> Details {
    let mut d = Details::default();
    d.org = Some(o);
    d
}

fn rows(spec: &Spec) -> Model {
    let mut rows = Vec::new();
    let mut next = 0u32;
    let mut id = || {
        next += 1;
        UnitId(next)
    };
    let district = id();
    rows.push((
        district,
        None,
        Unit::new(UnitKind::District, "白云区").with_code(code(DISTRICT_CODE)),
    ));
    let (mut townships, mut villages) = (Vec::new(), Vec::new());
    for (i, t) in spec.townships.iter().enumerate() {
        let i = i as u64;
        let (kind, seg) = if t.street {
            (UnitKind::Street, 1 + i)
        } else {
            (UnitKind::Town, 100 + i)
        };
        let tcode = DISTRICT_CODE + seg * 1000;
        let mut u = Unit::new(kind, format!("镇街{i}")).with_code(code(tcode));
        if t.agricultural {
            u = u.agricultural();
        }
        let tid = id();
        rows.push((tid, Some(district), u));
        townships.push(tid);
        for (j, v) in t.villages.iter().enumerate() {
            let j = j as u64;
            let (kind, vseg) = if v.community {
                (UnitKind::Community, 1 + j)
            } else {
                (UnitKind::Village, 200 + j)
            };
            let mut u = Unit::new(kind, format!("村居{i}-{j}"))
                .with_code(code(tcode + vseg))
                .with_members(Members::new(v.full, v.probationary));
            if v.full >= 3 {
                let total = v.full + v.probationary;
                let form = if total > 50 {
                    PartyForm::GeneralBranch
                } else {
                    PartyForm::Branch
                };
                let mut o = OrgDetails::default();
                if form == PartyForm::Branch {
                    u.committee_size = if v.full >= 7 {
                        Some(3 + v.pick % 5)
                    } else if v.pick % 2 == 0 {
                        None
                    } else {
                        Some(1 + v.pick % 4 / 2)
                    };
                }
                o.term = v.term_back.map(|k| Term {
                    elected: back(k),
                    years: 5,
                });
                o.weak_lax = v.weak.map(|(k, accepted)| {
                    if accepted {
                        WeakLax {
                            identified: back(k),
                            accepted: Some(back(k / 2)),
                        }
                    } else {
                        WeakLax {
                            identified: back(k % 300),
                            accepted: None,
                        }
                    }
                });
                u = u.with_party_form(form).with_details(org(o));
            }
            let vid = id();
            rows.push((vid, Some(tid), u));
            villages.push(vid);
            for (k, &(full, probationary)) in v.coops.iter().enumerate() {
                let mut c = Unit::new(UnitKind::EconomicCoop, format!("第{}经济社", k + 1))
                    .with_members(Members::new(full, probationary));
                if full >= 3 {
                    c = c.with_party_form(PartyForm::Branch);
                    if full >= 7 {
                        c = c.with_committee(3);
                    }
                }
                rows.push((id(), Some(vid), c));
            }
        }
    }
    Model {
        rows,
        district,
        townships,
        villages,
    }
}

fn next_id(h: &Hierarchy) -> UnitId {
    UnitId(h.units().map(|u| u.id().0).max().unwrap_or(0) + 1)
}

/// Builds the rows and adds the generated organizations, pairings and records, all valid.
fn realize(model: &Model, spec: &Spec) -> Hierarchy {
    let mut b = HierarchyBuilder::new();
    for (id, parent, unit) in &model.rows {
        b.push(*id, *parent, unit.clone());
    }
    let mut h = b.build().expect("generated rows form a forest");
    let standing: Vec<UnitId> = model.rows.iter().map(|r| r.0).collect();
    for &(host, full, days) in &spec.temporaries {
        let host = *host.get(&standing);
        let t = TemporaryOrg::new(
            "临时党支部",
            TaskPurpose::SpecialRectification,
            host,
            back(days),
        )
        .with_members(Members::new(full, 0));
        h.add_temporary(t).unwrap();
    }
    for &(core, first) in &spec.big {
        if model.villages.len() < 2 {
            continue;
        }
        let core = *core.get(&model.townships);
        let i = first.index(model.villages.len());
        let (m1, m2) = (
            model.villages[i],
            model.villages[(i + 1) % model.villages.len()],
        );
        let bc = BigCommittee::new("区域大党委", BigCommitteeKind::Regional, core)
            .with_member(m1)
            .with_member(m2)
            .with_part_time(m1, 2);
        h.add_big_committee(bc).unwrap();
    }
    // Weak-and-lax villages under rectification have a first secretary (全覆盖).
    let rectifying: Vec<UnitId> = h
        .units()
        .filter(|u| u.kind() == UnitKind::Village)
        .filter(|u| {
            u.details()
                .org
                .as_ref()
                .and_then(|o| o.weak_lax)
                .is_some_and(|w| w.accepted.is_none_or(|a| a > as_of()))
        })
        .map(|u| u.id())
        .collect();
    if !spec.secretaries.is_empty() || !rectifying.is_empty() {
        let organ = h
            .add_unit_with_id(
                next_id(&h),
                Some(model.townships[0]),
                Unit::new(UnitKind::Institution(Sector::Organ), "区直机关"),
            )
            .unwrap();
        for v in rectifying {
            let p = Pairing::new(PairingKind::FirstSecretary { secretary: None })
                .between(Some(back(400)), None);
            h.add_pairing(organ, v, p).unwrap();
        }
        for &(village, days) in &spec.secretaries {
            let v = *village.get(&model.villages);
            let p = Pairing::new(PairingKind::FirstSecretary { secretary: None })
                .between(Some(back(days)), None);
            h.add_pairing(organ, v, p).unwrap();
        }
    }
    for &(a, b) in &spec.joint {
        let (a, b) = (*a.get(&standing), *b.get(&standing));
        if a != b {
            h.add_pairing(a, b, Pairing::new(PairingKind::JointBuilding))
                .unwrap();
        }
    }
    for &(unit, raised, share, days) in &spec.records {
        let unit = *unit.get(&standing);
        let resolved = raised * share / 100;
        h.add_record(Record::new(
            unit,
            back(days),
            RecordKind::Appeals { raised, resolved },
        ))
        .unwrap();
    }
    h
}

/// The default policy with the optional first-secretary target check on, so that every
/// rule runs.
fn policy() -> Policy {
    let mut p = Policy::default();
    p.first_secretary_villages_only = true;
    p
}

fn report(h: &Hierarchy) -> partyorg::Report {
    Validation::new(&policy())
        .as_of(as_of())
        .run(h)
        .expect("unscoped validation cannot fail")
}

/// A defect to inject: the rule expected to report it.
fn defects() -> Vec<Rule> {
    Rule::ALL.to_vec()
}

fn add_under(h: &mut Hierarchy, parent: UnitId, unit: Unit) -> UnitId {
    let id = next_id(h);
    h.add_unit_with_id(id, Some(parent), unit).unwrap()
}

/// Gives a unit new members, form and details.
/// Replaces a unit's members, organization form and details; its committee is cleared
/// (an injector that wants one sets it afterwards).
fn reset(h: &mut Hierarchy, u: UnitId, m: Members, form: Option<PartyForm>, d: Details) {
    h.set_members(u, m).unwrap();
    h.set_party_form(u, form).unwrap();
    h.set_committee_size(u, None).unwrap();
    h.set_details(u, d).unwrap();
}

fn branch_with(o: OrgDetails) -> (Members, Option<PartyForm>, Details) {
    (Members::new(5, 0), Some(PartyForm::Branch), org(o))
}

fn term(elected: NaiveDate, years: u8) -> OrgDetails {
    let mut o = OrgDetails::default();
    o.term = Some(Term { elected, years });
    o
}

/// Applies the defect named by `rule` to the rows (`model`) or, after building, to the
/// hierarchy; returns the hierarchy and the unit the violation must be about.
fn inject(rule: Rule, mut model: Model, spec: &Spec, pick: usize) -> (Hierarchy, UnitId) {
    let v = model.villages[pick % model.villages.len()];
    let t = model.townships[pick % model.townships.len()];
    let row = |m: &Model, id: UnitId| m.rows.iter().position(|r| r.0 == id).unwrap();
    let fresh = UnitId(model.rows.len() as u32 + 1_000);
    // Row-level defects: what only data from a file can hold.
    match rule {
        Rule::ParentKind => {
            let r = row(&model, v);
            model.rows[r].1 = Some(model.district);
            return (realize(&model, spec), v);
        }
        Rule::RootKind => {
            let r = row(&model, t);
            model.rows[r].1 = None;
            return (realize(&model, spec), t);
        }
        Rule::CodeParent => {
            let r = row(&model, v);
            let c = model.rows[r].2.code.unwrap();
            model.rows[r].2.code = Some(code(c.get() + 1_000_000));
            return (realize(&model, spec), v);
        }
        Rule::CodeLevel => {
            let r = row(&model, v);
            let parent = model.rows[r].1.unwrap();
            let pr = row(&model, parent);
            model.rows[pr].2.code = None;
            model.rows[r].2.code = Some(code(DISTRICT_CODE + 998_000));
            return (realize(&model, spec), v);
        }
        Rule::CodeType => {
            let r = row(&model, v);
            let u = &mut model.rows[r].2;
            u.kind = if u.kind == UnitKind::Village {
                UnitKind::Community
            } else {
                UnitKind::Village
            };
            return (realize(&model, spec), v);
        }
        Rule::DuplicateCode | Rule::DuplicateSiblingName => {
            let r = row(&model, t);
            let orig = model.rows[r].2.clone();
            let mut copy = Unit::new(orig.kind, orig.name.clone());
            if rule == Rule::DuplicateCode {
                copy.name = format!("{}（重复）", orig.name);
                copy.code = orig.code;
            }
            model.rows.push((fresh, Some(model.district), copy));
            return (realize(&model, spec), t.min(fresh));
        }
        _ => {}
    }
    let mut h = realize(&model, spec);
    let temporary = |host: UnitId| {
        TemporaryOrg::new(
            "专项整改临时党支部",
            TaskPurpose::SpecialRectification,
            host,
            back(30),
        )
        .with_members(Members::new(3, 0))
    };
    let new_street = |h: &mut Hierarchy, name: &str, agricultural: bool| {
        let mut u = Unit::new(UnitKind::Street, name);
        if agricultural {
            u = u.agricultural();
        }
        add_under(h, model.district, u)
    };
    let pair = |h: &mut Hierarchy, a: UnitId, b: UnitId, kind: PairingKind, since: NaiveDate| {
        h.add_pairing(a, b, Pairing::new(kind).between(Some(since), None))
            .unwrap();
    };
    let expected = match rule {
        Rule::NoOrganization => {
            reset(&mut h, v, Members::new(5, 0), None, Details::default());
            v
        }
        Rule::BranchTooLarge | Rule::CommitteeMissing | Rule::CommitteeSize => {
            let (full, size) = match rule {
                Rule::BranchTooLarge => (60, Some(5)),
                Rule::CommitteeMissing => (10, None),
                _ => (10, Some(9)),
            };
            reset(
                &mut h,
                v,
                Members::new(full, 0),
                Some(PartyForm::Branch),
                Details::default(),
            );
            h.set_committee_size(v, size).unwrap();
            v
        }
        Rule::SmallBranchCommittee => {
            let (m, f, d) = branch_with(OrgDetails::default());
            reset(&mut h, v, m, f, d);
            h.set_committee_size(v, Some(4)).unwrap();
            v
        }
        Rule::GeneralBranchTooSmall | Rule::CommitteeTooSmall => {
            let form = if rule == Rule::GeneralBranchTooSmall {
                PartyForm::GeneralBranch
            } else {
                PartyForm::Committee
            };
            // An enterprise: a village's committee also needs the county's approval.
            add_under(
                &mut h,
                t,
                Unit::new(
                    UnitKind::Institution(Sector::NonPublicEnterprise),
                    "中型企业",
                )
                .with_members(Members::new(10, 0))
                .with_party_form(form),
            )
        }
        Rule::VillageCommitteeNotApproved => add_under(
            &mut h,
            t,
            Unit::new(UnitKind::Village, "大村")
                .with_members(Members::new(120, 0))
                .with_party_form(PartyForm::Committee),
        ),
        Rule::JointBranchTooWide => {
            reset(
                &mut h,
                v,
                Members::new(1, 0),
                Some(PartyForm::JointBranch),
                Details::default(),
            );
            for k in 0..5 {
                let e = add_under(
                    &mut h,
                    t,
                    Unit::new(
                        UnitKind::Institution(Sector::NonPublicEnterprise),
                        format!("小微企业{k}"),
                    ),
                );
                let joint = h.own_org_of_unit(v).unwrap();
                h.relate(joint, e, Relation::Covers).unwrap();
            }
            v
        }
        Rule::TermOverdue | Rule::ElectionShifted | Rule::TermLength | Rule::ElectionDueSoon => {
            let o = match rule {
                Rule::TermOverdue => term(back(6 * 366), 5),
                Rule::ElectionShifted => {
                    let mut o = term(back(100), 5);
                    o.due = Some(ahead(700));
                    o
                }
                Rule::TermLength => term(back(10), 4),
                _ => term(back(5 * 365 - 60), 5),
            };
            let (m, f, d) = branch_with(o);
            reset(&mut h, v, m, f, d);
            v
        }
        Rule::TemporaryTooFew
        | Rule::TemporaryNotApproved
        | Rule::TemporaryDates
        | Rule::TemporaryOutlived
        | Rule::TemporaryForbiddenAct
        | Rule::TemporaryRecruitOrDiscipline
        | Rule::TemporaryLeadersElected
        | Rule::TemporaryProjectTooLong => {
            let mut o = temporary(t);
            match rule {
                Rule::TemporaryTooFew => o.members = Members::new(2, 5),
                Rule::TemporaryNotApproved => o.approved = false,
                Rule::TemporaryDates => o.dissolved = Some(back(60)),
                Rule::TemporaryOutlived => o.task_ended = Some(back(1)),
                Rule::TemporaryRecruitOrDiscipline => o.acts.disciplined = true,
                Rule::TemporaryLeadersElected => o.acts.elected_leaders = true,
                Rule::TemporaryProjectTooLong => {
                    o.purpose = TaskPurpose::Project;
                    o.founded = Some(back(200));
                }
                _ => o.acts.held_election = true,
            }
            // A violation of a temporary organization names the unit it is based in.
            let id = h.add_temporary(o).unwrap();
            h.org(id).unwrap().based_in().id()
        }
        Rule::BigCommitteeTooFew
        | Rule::BigCommitteeOutsider
        | Rule::BigCommitteeDissolvedMember => {
            let inst = |h: &mut Hierarchy, name: &str| {
                add_under(
                    h,
                    t,
                    Unit::new(UnitKind::Institution(Sector::NonPublicEnterprise), name),
                )
            };
            let m1 = inst(&mut h, "商户甲");
            let m2 = inst(&mut h, "商户乙");
            let mut bc = BigCommittee::new("商圈大党委", BigCommitteeKind::BusinessDistrict, t)
                .with_member(m1)
                .with_member(m2);
            match rule {
                Rule::BigCommitteeTooFew => bc.members.truncate(1),
                Rule::BigCommitteeOutsider => {
                    let o = inst(&mut h, "外来单位");
                    bc = bc.with_part_time(o, 1);
                }
                _ => {
                    let mut d = Details::default();
                    d.dissolved = Some(back(10));
                    h.set_details(m2, d).unwrap();
                }
            }
            let id = h.add_big_committee(bc).unwrap();
            h.org(id).unwrap().based_in().id()
        }
        Rule::PairingEnds => {
            pair(&mut h, t, v, PairingKind::TownStreet, back(10));
            t
        }
        Rule::PairingNotAgricultural => {
            let a = new_street(&mut h, "新街甲", false);
            let b = new_street(&mut h, "新街乙", false);
            pair(&mut h, a, b, PairingKind::TownStreet, back(10));
            a
        }
        Rule::OnePlusThreeCount => {
            let a = new_street(&mut h, "涉农街", true);
            for name in ["结对街甲", "结对街乙"] {
                let s = new_street(&mut h, name, false);
                pair(&mut h, a, s, PairingKind::TownStreet, back(10));
            }
            a
        }
        Rule::StreetPairedTwice => {
            let shared = new_street(&mut h, "共享街", false);
            for lead in ["涉农街甲", "涉农街乙"] {
                let a = new_street(&mut h, lead, true);
                pair(&mut h, a, shared, PairingKind::TownStreet, back(10));
                for k in 0..2 {
                    let s = new_street(&mut h, &format!("{lead}伙伴{k}"), false);
                    pair(&mut h, a, s, PairingKind::TownStreet, back(10));
                }
            }
            shared
        }
        Rule::FirstSecretaryTerm | Rule::FirstSecretaryTarget => {
            let organ = add_under(
                &mut h,
                t,
                Unit::new(UnitKind::Institution(Sector::Organ), "派出单位"),
            );
            let fs = PairingKind::FirstSecretary {
                secretary: Some("王芳".into()),
            };
            if rule == Rule::FirstSecretaryTerm {
                pair(&mut h, organ, v, fs, back(4 * 365));
            } else {
                pair(&mut h, organ, t, fs, back(10));
            }
            organ
        }
        Rule::WeakLaxNotAccepted | Rule::WeakLaxAcceptedEarly | Rule::WeakLaxAcceptedLate => {
            let mut o = OrgDetails::default();
            o.weak_lax = Some(match rule {
                Rule::WeakLaxNotAccepted => WeakLax {
                    identified: back(2 * 365),
                    accepted: None,
                },
                Rule::WeakLaxAcceptedLate => WeakLax {
                    identified: back(500),
                    accepted: Some(back(50)),
                },
                _ => WeakLax {
                    identified: back(10),
                    accepted: Some(back(20)),
                },
            });
            let (m, f, d) = branch_with(o);
            reset(&mut h, v, m, f, d);
            if rule == Rule::WeakLaxNotAccepted && h.unit(v).unwrap().kind() == UnitKind::Village {
                // Under rectification, a village has its first secretary.
                let organ = add_under(
                    &mut h,
                    t,
                    Unit::new(UnitKind::Institution(Sector::Organ), "驻村单位"),
                );
                let fs = PairingKind::FirstSecretary { secretary: None };
                pair(&mut h, organ, v, fs, back(700));
            }
            v
        }
        Rule::WeakLaxNoFirstSecretary => {
            let mut o = OrgDetails::default();
            o.weak_lax = Some(WeakLax {
                identified: back(30),
                accepted: None,
            });
            add_under(
                &mut h,
                t,
                Unit::new(UnitKind::Village, "整顿村")
                    .with_members(Members::new(5, 0))
                    .with_party_form(PartyForm::Branch)
                    .with_details(org(o)),
            )
        }
        Rule::AppealsExceedRaised | Rule::RecordAfterAsOf => {
            let (date, kind) = if rule == Rule::AppealsExceedRaised {
                (
                    back(5),
                    RecordKind::Appeals {
                        raised: 3,
                        resolved: 4,
                    },
                )
            } else {
                (ahead(1), RecordKind::Training { person_times: 12 })
            };
            h.add_record(Record::new(v, date, kind)).unwrap();
            v
        }
        Rule::OrgSuperiorForm => {
            let a = h
                .add_org(None, v, Org::new(OrgForm::Branch, "甲支部"))
                .unwrap();
            h.add_org(Some(a), v, Org::new(OrgForm::Branch, "乙支部"))
                .unwrap();
            v
        }
        Rule::OrgOutsideArea => {
            let a = h
                .add_org(None, v, Org::new(OrgForm::Branch, "甲支部"))
                .unwrap();
            h.add_org(Some(a), t, Org::new(OrgForm::Group, "第一党小组"))
                .unwrap();
            t
        }
        Rule::OrgCycle => {
            // A community whose own general branch leads a branch based in another
            // street; moved into that street, its own organization reports to that branch.
            let (s1, s2) = (
                new_street(&mut h, "环甲街道", false),
                new_street(&mut h, "环乙街道", false),
            );
            h.add_org_with_id(
                OrgId(4_000_000_000),
                None,
                s1,
                Org::new(OrgForm::Branch, "占位支部"),
            )
            .unwrap();
            let c = add_under(
                &mut h,
                s1,
                Unit::new(UnitKind::Community, "环社区").with_party_form(PartyForm::Branch),
            );
            let own = h.own_org_of_unit(c).unwrap();
            h.add_org_with_id(
                OrgId(3_000_000_000),
                Some(own),
                s2,
                Org::new(OrgForm::Branch, "环支部"),
            )
            .unwrap();
            h.move_unit(c, Some(s2)).unwrap();
            s2
        }
        Rule::DissolvedBeforeFounded => {
            let mut d = Details::default();
            d.founded = Some(ahead(20));
            d.dissolved = Some(ahead(10));
            h.set_details(t, d).unwrap();
            t
        }
        other => panic!("no defect injector for {other}"),
    };
    (h, expected)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_valid_hierarchies_validate_clean(spec in spec()) {
        let model = rows(&spec);
        let h = realize(&model, &spec);
        let r = report(&h);
        prop_assert!(r.is_empty(), "{}", r);
        prop_assert_eq!(r.units_checked(), h.len());
        // Every subtree is clean too, and checks only its own units.
        for &t in &model.townships {
            let scoped = Validation::new(&Policy::default()).as_of(as_of()).within(t).run(&h).unwrap();
            prop_assert!(scoped.is_empty(), "{}", scoped);
            prop_assert!(scoped.units_checked() >= h.subtree_size(t).unwrap());
        }
    }

    #[test]
    fn any_single_defect_is_reported_by_its_rule(
        spec in spec(),
        rule in proptest::sample::select(defects()),
        pick in any::<usize>(),
    ) {
        let model = rows(&spec);
        let (h, unit) = inject(rule, model, &spec, pick);
        let r = report(&h);
        prop_assert!(
            r.violations().iter().any(|v| v.rule == rule && v.unit() == unit),
            "{} on {} not reported:\n{}", rule, unit, r
        );
        // Nothing else is reported: the injector breaks one rule only.
        let others: Vec<String> = r.violations().iter().filter(|v| v.rule != rule).map(ToString::to_string).collect();
        prop_assert!(others.is_empty(), "{} injected, also reported: {:?}", rule, others);
        // Skipping the rule removes exactly its violations.
        let skipped = Validation::new(&policy()).as_of(as_of()).skip(rule).run(&h).unwrap();
        prop_assert_eq!(skipped.violations().len(), r.violations().len() - r.of_rule(rule).count());
    }
}

#[test]
fn every_rule_has_an_injector() {
    // `inject` panics on a rule without an injector; run each once on a fixed spec.
    let spec = Spec {
        townships: vec![TownshipSpec {
            street: true,
            agricultural: false,
            villages: vec![VillageSpec {
                community: true,
                full: 4,
                probationary: 0,
                term_back: Some(10),
                pick: 0,
                weak: None,
                coops: vec![(3, 0)],
            }],
        }],
        temporaries: Vec::new(),
        big: Vec::new(),
        secretaries: Vec::new(),
        joint: Vec::new(),
        records: Vec::new(),
    };
    let model = rows(&spec);
    assert!(report(&realize(&model, &spec)).is_empty());
    for &rule in Rule::ALL {
        let (h, unit) = inject(rule, model.clone(), &spec, 0);
        let r = report(&h);
        assert!(
            r.violations()
                .iter()
                .any(|v| v.rule == rule && v.unit() == unit),
            "{rule} on {unit}:\n{r}"
        );
    }
}
