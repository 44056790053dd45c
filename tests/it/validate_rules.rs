//! Validation, rule by rule: for every rule a minimal hierarchy that breaks exactly that
//! rule and nothing else; clean hierarchies; scope; the as-of date; the real NBS data;
//! each rule's boundary dates and counts; the wording of messages and what a report counts.

use std::collections::{BTreeSet, HashMap};
use std::io::Cursor;
use std::path::Path;

use chrono::NaiveDate;
use partyorg::interchange::table;
use partyorg::validate::{Policy, Rule, Severity, Validation};
use partyorg::{
    DivisionCode, Hierarchy, Members, Org, OrgForm, OrgId, Pairing, PairingKind, PartyForm,
    QueryError, Record, RecordKind, Relation, Sector, Unit, UnitId, UnitKind,
    hierarchy::HierarchyBuilder, org::BigCommittee, org::TemporaryOrg, unit::BigCommitteeKind,
    unit::Details, unit::OrgDetails, unit::TaskPurpose, unit::Term, unit::WeakLax,
};

use crate::support::{two_streets, under_a_district};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn code(s: &str) -> DivisionCode {
    s.parse().expect("valid test code")
}

/// The date every case is validated as of.
fn as_of() -> NaiveDate {
    d(2023, 12, 31)
}

/// A clean minimal hierarchy: 白云区 / 均禾街道 / 罗岗社区居委会.
struct Base {
    h: Hierarchy,
    district: UnitId,
    street: UnitId,
    community: UnitId,
}

fn base() -> Base {
    let mut h = Hierarchy::new();
    let district = h
        .add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    let street = h
        .add_unit(Some(district), Unit::new(UnitKind::Street, "均禾街道"))
        .unwrap();
    let community = h
        .add_unit(
            Some(street),
            Unit::new(UnitKind::Community, "罗岗社区居委会"),
        )
        .unwrap();
    Base {
        h,
        district,
        street,
        community,
    }
}

fn with_org(org: OrgDetails) -> Details {
    let mut det = Details::default();
    det.org = Some(org);
    det
}

/// The organization details, with the upper organization's approval recorded.
fn approved(mut o: OrgDetails) -> OrgDetails {
    o.approved_exception = true;
    o
}

fn term(elected: NaiveDate, years: u8) -> OrgDetails {
    let mut o = OrgDetails::default();
    o.term = Some(Term { elected, years });
    o
}

/// The community as a branch with an elected committee of `size`.
fn community_committee(b: &mut Base, members: Members, form: PartyForm, size: u8) -> UnitId {
    let c = community_with(b, members, form, Details::default());
    b.h.set_committee_size(c, Some(size)).unwrap();
    c
}

fn dissolved(on: NaiveDate) -> Details {
    let mut det = Details::default();
    det.dissolved = Some(on);
    det
}

/// A community of `b` with members, a form and details.
fn community_with(b: &mut Base, members: Members, form: PartyForm, det: Details) -> UnitId {
    let c = b.community;
    b.h.set_members(c, members).unwrap();
    b.h.set_party_form(c, Some(form)).unwrap();
    b.h.set_details(c, det).unwrap();
    c
}

fn institution(b: &mut Base, sector: Sector, name: &str) -> UnitId {
    b.h.add_unit(
        Some(b.street),
        Unit::new(UnitKind::Institution(sector), name),
    )
    .unwrap()
}

fn street(b: &mut Base, name: &str, agricultural: bool) -> UnitId {
    let mut u = Unit::new(UnitKind::Street, name);
    if agricultural {
        u = u.agricultural();
    }
    b.h.add_unit(Some(b.district), u).unwrap()
}

/// A valid temporary organization hosted by the street: 3 full members, approved, active
/// (for a special rectification: a project's would have run past six months).
fn temporary(b: &Base) -> TemporaryOrg {
    TemporaryOrg::new(
        "均禾街道专项整改临时党支部",
        TaskPurpose::SpecialRectification,
        b.street,
        d(2023, 1, 1),
    )
    .with_members(Members::new(3, 0))
}

fn big_committee(b: &mut Base) -> (BigCommittee, [UnitId; 2]) {
    let m1 = institution(b, Sector::NonPublicEnterprise, "美妆企业甲");
    let m2 = institution(b, Sector::NonPublicEnterprise, "美妆企业乙");
    let bc = BigCommittee::new(
        "化妆品产业链大党委",
        BigCommitteeKind::IndustryChain,
        b.street,
    )
    .with_member(m1)
    .with_member(m2);
    (bc, [m1, m2])
}

fn pair(b: &mut Base, from: UnitId, to: UnitId, kind: PairingKind, since: Option<NaiveDate>) {
    b.h.add_pairing(from, to, Pairing::new(kind).between(since, None))
        .unwrap();
}

fn first_secretary() -> PairingKind {
    PairingKind::FirstSecretary {
        secretary: Some("李明".into()),
    }
}

/// One case: a hierarchy breaking one rule, and the unit the violation is about.
struct Case {
    rule: Rule,
    what: &'static str,
    build: fn() -> (Hierarchy, UnitId),
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            rule: Rule::ParentKind,
            what: "a village directly under a district (loaded by the builder)",
            build: || {
                let mut b = HierarchyBuilder::new();
                b.push(UnitId(1), None, Unit::new(UnitKind::District, "白云区"));
                b.push(
                    UnitId(2),
                    Some(UnitId(1)),
                    Unit::new(UnitKind::Village, "石马桥村委会"),
                );
                (b.build().unwrap(), UnitId(2))
            },
        },
        Case {
            rule: Rule::RootKind,
            what: "a street as a root",
            build: || {
                let mut b = HierarchyBuilder::new();
                b.push(UnitId(7), None, Unit::new(UnitKind::Street, "均禾街道"));
                (b.build().unwrap(), UnitId(7))
            },
        },
        Case {
            rule: Rule::CodeParent,
            what: "a street coded in another district",
            build: || {
                let mut h = Hierarchy::new();
                let dist = h
                    .add_unit(
                        None,
                        Unit::new(UnitKind::District, "白云区").with_code(code("440111000000")),
                    )
                    .unwrap();
                let s = h
                    .add_unit(
                        Some(dist),
                        Unit::new(UnitKind::Street, "均禾街道").with_code(code("440112013000")),
                    )
                    .unwrap();
                (h, s)
            },
        },
        Case {
            rule: Rule::CodeLevel,
            what: "a street with a village-level code",
            build: || {
                let mut b = base();
                b.h.set_code(b.street, Some(code("440111013001"))).unwrap();
                (b.h, b.street)
            },
        },
        Case {
            rule: Rule::CodeType,
            what: "a street with a town-range code",
            build: || {
                let mut b = base();
                b.h.set_code(b.district, Some(code("440111000000")))
                    .unwrap();
                b.h.set_code(b.street, Some(code("440111103000"))).unwrap();
                (b.h, b.street)
            },
        },
        Case {
            rule: Rule::CodeType,
            what: "a village with a community-range code",
            build: || {
                let mut h = Hierarchy::new();
                let dist = h
                    .add_unit(None, Unit::new(UnitKind::District, "白云区"))
                    .unwrap();
                let town = h
                    .add_unit(
                        Some(dist),
                        Unit::new(UnitKind::Town, "人和镇").with_code(code("440111103000")),
                    )
                    .unwrap();
                let v = h
                    .add_unit(
                        Some(town),
                        Unit::new(UnitKind::Village, "明星村委会").with_code(code("440111103001")),
                    )
                    .unwrap();
                (h, v)
            },
        },
        Case {
            rule: Rule::DuplicateCode,
            what: "two streets with one code (loaded by the builder)",
            build: || {
                let mut b = HierarchyBuilder::new();
                b.push(
                    UnitId(1),
                    None,
                    Unit::new(UnitKind::District, "白云区").with_code(code("440111000000")),
                );
                b.push(
                    UnitId(3),
                    Some(UnitId(1)),
                    Unit::new(UnitKind::Street, "嘉禾街道").with_code(code("440111013000")),
                );
                b.push(
                    UnitId(2),
                    Some(UnitId(1)),
                    Unit::new(UnitKind::Street, "均禾街道").with_code(code("440111013000")),
                );
                (b.build().unwrap(), UnitId(2))
            },
        },
        Case {
            rule: Rule::DuplicateSiblingName,
            what: "two communities of one name under one street",
            build: || {
                let mut b = base();
                b.h.add_unit(
                    Some(b.street),
                    Unit::new(UnitKind::Community, "罗岗社区居委会"),
                )
                .unwrap();
                (b.h, b.community)
            },
        },
        Case {
            rule: Rule::NoOrganization,
            what: "3 full members and no organization",
            build: || {
                let mut b = base();
                b.h.set_members(b.community, Members::new(3, 0)).unwrap();
                (b.h, b.community)
            },
        },
        Case {
            rule: Rule::BranchTooLarge,
            what: "a branch of 51 members",
            build: || {
                let mut b = base();
                let c = community_committee(&mut b, Members::new(45, 6), PartyForm::Branch, 5);
                (b.h, c)
            },
        },
        Case {
            rule: Rule::CommitteeMissing,
            what: "a branch of 7 full members without a committee",
            build: || {
                let mut b = base();
                let c = community_with(
                    &mut b,
                    Members::new(7, 0),
                    PartyForm::Branch,
                    Details::default(),
                );
                (b.h, c)
            },
        },
        Case {
            rule: Rule::CommitteeSize,
            what: "a branch committee of 8",
            build: || {
                let mut b = base();
                let c = community_committee(&mut b, Members::new(30, 0), PartyForm::Branch, 8);
                (b.h, c)
            },
        },
        Case {
            rule: Rule::SmallBranchCommittee,
            what: "a branch of 6 full members with a committee of 3",
            build: || {
                let mut b = base();
                let c = community_committee(&mut b, Members::new(6, 1), PartyForm::Branch, 3);
                (b.h, c)
            },
        },
        Case {
            rule: Rule::GeneralBranchTooSmall,
            what: "a general branch of 30 members without approval",
            build: || {
                let mut b = base();
                let c = community_with(
                    &mut b,
                    Members::new(30, 0),
                    PartyForm::GeneralBranch,
                    Details::default(),
                );
                (b.h, c)
            },
        },
        Case {
            rule: Rule::CommitteeTooSmall,
            what: "a town's grassroots committee over 80 members without approval",
            build: || {
                let mut b = base();
                let town =
                    b.h.add_unit(
                        Some(b.district),
                        Unit::new(UnitKind::Town, "太和镇").with_party_form(PartyForm::Committee),
                    )
                    .unwrap();
                b.h.add_unit(
                    Some(town),
                    Unit::new(UnitKind::Community, "太和社区居委会")
                        .with_members(Members::new(40, 0))
                        .with_party_form(PartyForm::Branch)
                        .with_committee(3),
                )
                .unwrap();
                b.h.add_unit(
                    Some(town),
                    Unit::new(UnitKind::Community, "嘉禾社区居委会")
                        .with_members(Members::new(40, 0))
                        .with_party_form(PartyForm::Branch)
                        .with_committee(3),
                )
                .unwrap();
                (b.h, town)
            },
        },
        Case {
            rule: Rule::JointBranchTooWide,
            what: "a joint branch covering itself and 5 enterprises",
            build: || {
                let mut b = base();
                let host = institution(&mut b, Sector::NonPublicEnterprise, "企业0");
                b.h.set_party_form(host, Some(PartyForm::JointBranch))
                    .unwrap();
                for i in 1..=5 {
                    let e = institution(&mut b, Sector::NonPublicEnterprise, &format!("企业{i}"));
                    b.h.set_members(e, Members::new(1, 0)).unwrap();
                    b.h.relate(b.h.own_org_of_unit(host).unwrap(), e, Relation::Covers)
                        .unwrap();
                }
                (b.h, host)
            },
        },
        Case {
            rule: Rule::TermOverdue,
            what: "a term ended on 2023-01-01",
            build: || {
                let mut b = base();
                let c = community_with(
                    &mut b,
                    Members::new(5, 0),
                    PartyForm::Branch,
                    with_org(term(d(2018, 1, 1), 5)),
                );
                (b.h, c)
            },
        },
        Case {
            rule: Rule::ElectionShifted,
            what: "an election postponed by 29 months",
            build: || {
                let mut b = base();
                let mut o = term(d(2023, 6, 1), 5);
                o.due = Some(d(2021, 1, 1));
                let c = community_with(&mut b, Members::new(5, 0), PartyForm::Branch, with_org(o));
                (b.h, c)
            },
        },
        Case {
            rule: Rule::ElectionShifted,
            what: "an election advanced by 13 months",
            build: || {
                let mut b = base();
                let mut o = term(d(2022, 1, 1), 5);
                o.due = Some(d(2023, 2, 1));
                let c = community_with(&mut b, Members::new(5, 0), PartyForm::Branch, with_org(o));
                (b.h, c)
            },
        },
        Case {
            rule: Rule::TermLength,
            what: "a community organization with a 3-year term",
            build: || {
                let mut b = base();
                let c = community_with(
                    &mut b,
                    Members::new(5, 0),
                    PartyForm::Branch,
                    with_org(term(d(2023, 1, 1), 3)),
                );
                (b.h, c)
            },
        },
        Case {
            rule: Rule::ElectionDueSoon,
            what: "a term ending on 2024-03-01",
            build: || {
                let mut b = base();
                let c = community_with(
                    &mut b,
                    Members::new(5, 0),
                    PartyForm::Branch,
                    with_org(term(d(2019, 3, 1), 5)),
                );
                (b.h, c)
            },
        },
        Case {
            rule: Rule::TemporaryTooFew,
            what: "a temporary organization of 2 full members",
            build: || {
                let mut b = base();
                let t = temporary(&b).with_members(Members::new(2, 1));
                let t = b.h.add_temporary(t).unwrap();
                let host = b.h.org(t).unwrap().based_in().id();
                (b.h, host)
            },
        },
        Case {
            rule: Rule::TemporaryNotApproved,
            what: "an unapproved temporary organization",
            build: || {
                let mut b = base();
                let mut t = temporary(&b);
                t.approved = false;
                let t = b.h.add_temporary(t).unwrap();
                let host = b.h.org(t).unwrap().based_in().id();
                (b.h, host)
            },
        },
        Case {
            rule: Rule::TemporaryDates,
            what: "a temporary organization dissolved before it was founded",
            build: || {
                let mut b = base();
                let t = temporary(&b).dissolved_on(d(2022, 6, 1));
                let t = b.h.add_temporary(t).unwrap();
                let host = b.h.org(t).unwrap().based_in().id();
                (b.h, host)
            },
        },
        Case {
            rule: Rule::TemporaryOutlived,
            what: "a temporary organization active after its task ended",
            build: || {
                let mut b = base();
                let mut t = temporary(&b);
                t.task_ended = Some(d(2023, 9, 30));
                let t = b.h.add_temporary(t).unwrap();
                let host = b.h.org(t).unwrap().based_in().id();
                (b.h, host)
            },
        },
        Case {
            rule: Rule::TemporaryOutlived,
            what: "a temporary organization active after its host was dissolved",
            build: || {
                let mut b = base();
                let host = institution(&mut b, Sector::StateOwnedEnterprise, "轨道交通项目部");
                b.h.set_details(host, dissolved(d(2023, 10, 1))).unwrap();
                let mut t = temporary(&b);
                t.host = host;
                let t = b.h.add_temporary(t).unwrap();
                let host = b.h.org(t).unwrap().based_in().id();
                (b.h, host)
            },
        },
        Case {
            rule: Rule::TemporaryForbiddenAct,
            what: "a temporary organization that collected dues",
            build: || {
                let mut b = base();
                let mut t = temporary(&b);
                t.acts.collected_dues = true;
                let t = b.h.add_temporary(t).unwrap();
                let host = b.h.org(t).unwrap().based_in().id();
                (b.h, host)
            },
        },
        Case {
            rule: Rule::TemporaryRecruitOrDiscipline,
            what: "a temporary organization that recruited a member",
            build: || {
                let mut b = base();
                let mut t = temporary(&b);
                t.acts.recruited = true;
                let t = b.h.add_temporary(t).unwrap();
                let host = b.h.org(t).unwrap().based_in().id();
                (b.h, host)
            },
        },
        Case {
            rule: Rule::TemporaryLeadersElected,
            what: "a temporary organization that elected its secretary",
            build: || {
                let mut b = base();
                let mut t = temporary(&b);
                t.acts.elected_leaders = true;
                let t = b.h.add_temporary(t).unwrap();
                let host = b.h.org(t).unwrap().based_in().id();
                (b.h, host)
            },
        },
        Case {
            rule: Rule::TemporaryProjectTooLong,
            what: "a project's temporary organization active since January",
            build: || {
                let mut b = base();
                let mut t = temporary(&b);
                t.purpose = TaskPurpose::Project;
                let t = b.h.add_temporary(t).unwrap();
                let host = b.h.org(t).unwrap().based_in().id();
                (b.h, host)
            },
        },
        Case {
            rule: Rule::BigCommitteeTooFew,
            what: "a big committee of one member unit",
            build: || {
                let mut b = base();
                let (mut bc, _) = big_committee(&mut b);
                bc.members.truncate(1);
                let id = b.h.add_big_committee(bc).unwrap();
                let core = b.h.org(id).unwrap().based_in().id();
                (b.h, core)
            },
        },
        Case {
            rule: Rule::BigCommitteeOutsider,
            what: "part-time members from a unit outside the big committee",
            build: || {
                let mut b = base();
                let (bc, [m1, _]) = big_committee(&mut b);
                let outsider = institution(&mut b, Sector::SocialOrganization, "美妆协会");
                let bc = bc.with_part_time(m1, 2).with_part_time(outsider, 1);
                let id = b.h.add_big_committee(bc).unwrap();
                let core = b.h.org(id).unwrap().based_in().id();
                (b.h, core)
            },
        },
        Case {
            rule: Rule::BigCommitteeDissolvedMember,
            what: "a big committee with a dissolved member",
            build: || {
                let mut b = base();
                let (bc, [_, m2]) = big_committee(&mut b);
                b.h.set_details(m2, dissolved(d(2023, 5, 1))).unwrap();
                let id = b.h.add_big_committee(bc).unwrap();
                let core = b.h.org(id).unwrap().based_in().id();
                (b.h, core)
            },
        },
        Case {
            rule: Rule::PairingEnds,
            what: "a 1+3 pairing with a community",
            build: || {
                let mut b = base();
                b.h.set_agricultural(b.street, true).unwrap();
                let (s, c) = (b.street, b.community);
                pair(&mut b, s, c, PairingKind::TownStreet, None);
                (b.h, s)
            },
        },
        Case {
            rule: Rule::PairingEnds,
            what: "an organ-co-op pairing from a school",
            build: || {
                let mut b = base();
                let school = institution(&mut b, Sector::School, "均禾小学");
                let coop =
                    b.h.add_unit(
                        Some(b.community),
                        Unit::new(UnitKind::EconomicCoop, "第一经济社"),
                    )
                    .unwrap();
                pair(
                    &mut b,
                    school,
                    coop,
                    PairingKind::OrganCoop { sections: 2 },
                    None,
                );
                (b.h, school)
            },
        },
        Case {
            rule: Rule::PairingNotAgricultural,
            what: "a 1+3 pairing led by a non-agricultural street",
            build: || {
                let mut b = base();
                let other = street(&mut b, "嘉禾街道", false);
                let s = b.street;
                pair(&mut b, s, other, PairingKind::TownStreet, None);
                (b.h, s)
            },
        },
        Case {
            rule: Rule::OnePlusThreeCount,
            what: "an agricultural street paired with 2 streets",
            build: || {
                let mut b = base();
                b.h.set_agricultural(b.street, true).unwrap();
                let s = b.street;
                for name in ["嘉禾街道", "鹤龙街道"] {
                    let t = street(&mut b, name, false);
                    pair(&mut b, s, t, PairingKind::TownStreet, Some(d(2023, 3, 1)));
                }
                (b.h, s)
            },
        },
        Case {
            rule: Rule::StreetPairedTwice,
            what: "a street partner of two agricultural streets",
            build: || {
                let mut b = base();
                b.h.set_agricultural(b.street, true).unwrap();
                let a = b.street;
                let e = street(&mut b, "龙归街道", true);
                let shared = street(&mut b, "嘉禾街道", false);
                for (lead, names) in [(a, ["京溪街道", "同德街道"]), (e, ["松洲街道", "景泰街道"])]
                {
                    pair(&mut b, lead, shared, PairingKind::TownStreet, None);
                    for name in names {
                        let t = street(&mut b, name, false);
                        pair(&mut b, lead, t, PairingKind::TownStreet, None);
                    }
                }
                (b.h, shared)
            },
        },
        Case {
            rule: Rule::FirstSecretaryTerm,
            what: "a first secretary posted since 2019",
            build: || {
                let mut b = base();
                let organ = institution(&mut b, Sector::Organ, "区委组织部");
                let c = b.community;
                pair(&mut b, organ, c, first_secretary(), Some(d(2019, 1, 1)));
                (b.h, organ)
            },
        },
        Case {
            rule: Rule::FirstSecretaryTarget,
            what: "a first secretary posted to a street",
            build: || {
                let mut b = base();
                let organ = institution(&mut b, Sector::Organ, "区委组织部");
                let s = b.street;
                pair(&mut b, organ, s, first_secretary(), Some(d(2023, 1, 1)));
                (b.h, organ)
            },
        },
        Case {
            rule: Rule::WeakLaxNotAccepted,
            what: "weak and lax since 2022-06 with no acceptance",
            build: || {
                let mut b = base();
                let mut o = OrgDetails::default();
                o.weak_lax = Some(WeakLax {
                    identified: d(2022, 6, 1),
                    accepted: None,
                });
                let c = community_with(&mut b, Members::new(5, 0), PartyForm::Branch, with_org(o));
                (b.h, c)
            },
        },
        Case {
            rule: Rule::WeakLaxAcceptedLate,
            what: "a weak-and-lax rectification accepted after 15 months",
            build: || {
                let mut b = base();
                let mut o = OrgDetails::default();
                o.weak_lax = Some(WeakLax {
                    identified: d(2022, 3, 15),
                    accepted: Some(d(2023, 6, 20)),
                });
                let c = community_with(&mut b, Members::new(5, 0), PartyForm::Branch, with_org(o));
                (b.h, c)
            },
        },
        Case {
            rule: Rule::WeakLaxNoFirstSecretary,
            what: "a weak-and-lax village under rectification with no first secretary",
            build: || {
                let mut b = base();
                let mut o = OrgDetails::default();
                o.weak_lax = Some(WeakLax {
                    identified: d(2023, 6, 1),
                    accepted: None,
                });
                let v =
                    b.h.add_unit(
                        Some(b.street),
                        Unit::new(UnitKind::Village, "龙岗村委会")
                            .with_members(Members::new(5, 0))
                            .with_party_form(PartyForm::Branch)
                            .with_details(with_org(o)),
                    )
                    .unwrap();
                (b.h, v)
            },
        },
        Case {
            rule: Rule::VillageCommitteeNotApproved,
            what: "a village party committee of 120 members without the county's approval",
            build: || {
                let mut b = base();
                let v =
                    b.h.add_unit(
                        Some(b.street),
                        Unit::new(UnitKind::Village, "大源村委会")
                            .with_members(Members::new(120, 0))
                            .with_party_form(PartyForm::Committee),
                    )
                    .unwrap();
                (b.h, v)
            },
        },
        Case {
            rule: Rule::WeakLaxAcceptedEarly,
            what: "weak-and-lax acceptance before identification",
            build: || {
                let mut b = base();
                let mut o = OrgDetails::default();
                o.weak_lax = Some(WeakLax {
                    identified: d(2023, 6, 1),
                    accepted: Some(d(2023, 3, 1)),
                });
                let c = community_with(&mut b, Members::new(5, 0), PartyForm::Branch, with_org(o));
                (b.h, c)
            },
        },
        Case {
            rule: Rule::AppealsExceedRaised,
            what: "6 appeals resolved of 5 raised",
            build: || {
                let mut b = base();
                let c = b.community;
                b.h.add_record(Record::new(
                    c,
                    d(2023, 5, 1),
                    RecordKind::Appeals {
                        raised: 5,
                        resolved: 6,
                    },
                ))
                .unwrap();
                (b.h, c)
            },
        },
        Case {
            rule: Rule::RecordAfterAsOf,
            what: "an activity dated after the as-of date",
            build: || {
                let mut b = base();
                let c = b.community;
                b.h.add_record(Record::new(
                    c,
                    d(2024, 2, 1),
                    RecordKind::Activity { participants: 30 },
                ))
                .unwrap();
                (b.h, c)
            },
        },
        Case {
            rule: Rule::OrgSuperiorForm,
            what: "a branch recorded below a branch",
            build: || {
                let mut b = base();
                let c = b.community;
                let a =
                    b.h.add_org(None, c, Org::new(OrgForm::Branch, "罗岗社区党支部"))
                        .unwrap();
                b.h.add_org(Some(a), c, Org::new(OrgForm::Branch, "罗岗社区网格党支部"))
                    .unwrap();
                (b.h, c)
            },
        },
        Case {
            rule: Rule::OrgOutsideArea,
            what: "a party group based outside its branch's community",
            build: || {
                let mut b = base();
                let a =
                    b.h.add_org(
                        None,
                        b.community,
                        Org::new(OrgForm::Branch, "罗岗社区党支部"),
                    )
                    .unwrap();
                b.h.add_org(Some(a), b.street, Org::new(OrgForm::Group, "街道党小组"))
                    .unwrap();
                (b.h, b.street)
            },
        },
        Case {
            rule: Rule::OrgCycle,
            what: "a community moved into the street of a branch recorded below its own organization",
            build: || {
                let mut b = base();
                let other =
                    b.h.add_unit(Some(b.district), Unit::new(UnitKind::Street, "京溪街道"))
                        .unwrap();
                // An organization of a higher id first, so that the branch has the lowest.
                b.h.add_org_with_id(
                    OrgId(9),
                    None,
                    b.street,
                    Org::new(OrgForm::Branch, "均禾街道党支部"),
                )
                .unwrap();
                b.h.set_party_form(b.community, Some(PartyForm::Branch))
                    .unwrap();
                let own = b.h.own_org_of_unit(b.community).unwrap();
                b.h.add_org_with_id(
                    OrgId(1),
                    Some(own),
                    other,
                    Org::new(OrgForm::Branch, "京溪街道党支部"),
                )
                .unwrap();
                b.h.move_unit(b.community, Some(other)).unwrap();
                (b.h, other)
            },
        },
        Case {
            rule: Rule::DissolvedBeforeFounded,
            what: "a street dissolved before it was founded",
            build: || {
                let mut b = base();
                let mut det = dissolved(d(2019, 1, 1));
                det.founded = Some(d(2020, 1, 1));
                b.h.set_details(b.street, det).unwrap();
                (b.h, b.street)
            },
        },
    ]
}

/// The policy of the cases: the default, with the optional first-secretary target check
/// on so that every rule runs.
fn cases_policy() -> Policy {
    let mut p = Policy::default();
    p.first_secretary_villages_only = true;
    p
}

fn report_of(h: &Hierarchy) -> partyorg::Report {
    Validation::new(&cases_policy())
        .as_of(as_of())
        .run(h)
        .expect("unscoped validation cannot fail")
}

#[test]
fn each_case_breaks_exactly_its_rule() {
    for case in cases() {
        let (h, unit) = (case.build)();
        let report = report_of(&h);
        let v = report.violations();
        assert_eq!(
            v.len(),
            1,
            "{} ({}): expected one violation, got:\n{report}",
            case.rule,
            case.what
        );
        let v = &v[0];
        assert_eq!(v.rule, case.rule, "{}:\n{report}", case.what);
        assert_eq!(v.unit(), unit, "{}:\n{report}", case.what);
        assert_eq!(v.severity, case.rule.severity());
        let name = h.unit(unit).unwrap().name().to_owned();
        assert!(
            v.message.contains(&name),
            "{}: message does not name the unit: {}",
            case.what,
            v.message
        );
        for other in &v.units[1..] {
            assert!(
                v.message.contains(&other.to_string()),
                "{}: message does not name {other}: {}",
                case.what,
                v.message
            );
        }
        let line = report.to_string();
        let first = line.lines().next().unwrap();
        assert_eq!(
            first,
            format!("{} {} {} {}", v.severity, case.rule.id(), unit, v.message)
        );
        assert_eq!(report.count(v.severity), 1);
        assert_eq!(report.has_errors(), v.severity == Severity::Error);
        // Skipping the rule silences it.
        let skipped = Validation::new(&cases_policy())
            .as_of(as_of())
            .skip(case.rule)
            .run(&h)
            .unwrap();
        assert!(skipped.is_empty(), "{}:\n{skipped}", case.what);
    }
}

#[test]
fn every_rule_has_a_case() {
    let covered: BTreeSet<Rule> = cases().iter().map(|c| c.rule).collect();
    let all: BTreeSet<Rule> = Rule::ALL.iter().copied().collect();
    assert_eq!(covered, all);
}

#[test]
fn minimal_hierarchy_is_clean() {
    let b = base();
    let report = report_of(&b.h);
    assert!(report.is_empty(), "{report}");
    assert_eq!(report.units_checked(), 3);
    assert_eq!(
        report.to_string(),
        "0 errors, 0 warnings, 0 notices over 3 units\n"
    );
}

/// Every kind of fact, each within the rules.
fn rich_clean() -> Base {
    let mut b = base();
    b.h.set_code(b.district, Some(code("440111000000")))
        .unwrap();
    b.h.set_code(b.street, Some(code("440111013000"))).unwrap();
    b.h.set_code(b.community, Some(code("440111013001")))
        .unwrap();
    b.h.set_agricultural(b.street, true).unwrap();
    let mut o = term(d(2021, 3, 1), 5);
    o.due = Some(d(2021, 6, 1));
    o.weak_lax = Some(WeakLax {
        identified: d(2022, 1, 10),
        accepted: Some(d(2022, 11, 1)),
    });
    let c = community_with(&mut b, Members::new(40, 3), PartyForm::Branch, with_org(o));
    b.h.set_committee_size(c, Some(5)).unwrap();
    let village_town =
        b.h.add_unit(
            Some(b.district),
            Unit::new(UnitKind::Town, "人和镇")
                .with_code(code("440111103000"))
                .agricultural(),
        )
        .unwrap();
    let village =
        b.h.add_unit(
            Some(village_town),
            Unit::new(UnitKind::Village, "明星村委会")
                .with_code(code("440111103201"))
                .with_members(Members::new(120, 4))
                .with_party_form(PartyForm::Committee)
                .with_details(with_org(approved(term(d(2021, 4, 1), 5)))),
        )
        .unwrap();
    b.h.add_unit(
        Some(village),
        Unit::new(UnitKind::EconomicCoop, "第一经济社").with_members(Members::new(2, 0)),
    )
    .unwrap();
    let s = b.street;
    for name in ["嘉禾街道", "鹤龙街道", "京溪街道"] {
        let t = street(&mut b, name, false);
        pair(&mut b, s, t, PairingKind::TownStreet, Some(d(2023, 3, 1)));
    }
    let organ = institution(&mut b, Sector::Organ, "区委组织部");
    pair(
        &mut b,
        organ,
        village,
        first_secretary(),
        Some(d(2022, 1, 1)),
    );
    let (bc, [m1, _]) = big_committee(&mut b);
    b.h.add_big_committee(bc.with_part_time(m1, 2)).unwrap();
    let mut t = temporary(&b).seconded_from(b.community, 2);
    t.task_ended = Some(d(2023, 6, 30));
    t.dissolved = Some(d(2023, 7, 15));
    b.h.add_temporary(t).unwrap();
    b.h.add_temporary(temporary(&b)).unwrap();
    let c = b.community;
    b.h.add_record(Record::new(
        c,
        d(2023, 5, 4),
        RecordKind::JointMeeting {
            matters: 2,
            problems_solved: 17,
        },
    ))
    .unwrap();
    b.h.add_record(Record::new(
        c,
        d(2023, 12, 31),
        RecordKind::Appeals {
            raised: 12,
            resolved: 12,
        },
    ))
    .unwrap();
    b
}

#[test]
fn rich_clean_hierarchy_is_clean() {
    let b = rich_clean();
    let report = report_of(&b.h);
    assert!(report.is_empty(), "{report}");
    assert_eq!(report.units_checked(), b.h.len());
    // The same through the convenience form.
    assert_eq!(b.h.validate(&Policy::default(), as_of()), report);
}

#[test]
fn scope_excludes_violations_outside_the_subtree() {
    let mut b = base();
    // A problem inside 均禾街道 and one in another street.
    b.h.set_members(b.community, Members::new(4, 0)).unwrap();
    let other = street(&mut b, "嘉禾街道", false);
    let outside =
        b.h.add_unit(
            Some(other),
            Unit::new(UnitKind::Community, "嘉禾社区居委会").with_members(Members::new(9, 0)),
        )
        .unwrap();
    // A temporary organization hosted outside, with a forbidden act.
    let mut t = temporary(&b);
    t.host = other;
    t.acts.recruited = true;
    b.h.add_temporary(t).unwrap();

    let whole = report_of(&b.h);
    assert_eq!(whole.violations().len(), 3, "{whole}");

    let policy = Policy::default();
    let inside = Validation::new(&policy)
        .as_of(as_of())
        .within(b.street)
        .run(&b.h)
        .unwrap();
    assert_eq!(inside.violations().len(), 1, "{inside}");
    assert_eq!(inside.violations()[0].unit(), b.community);
    assert_eq!(inside.units_checked(), 2);
    assert_eq!(inside.scope(), Some(b.street));

    let there = Validation::new(&policy)
        .as_of(as_of())
        .within(other)
        .run(&b.h)
        .unwrap();
    let units: BTreeSet<UnitId> = there.violations().iter().map(|v| v.unit()).collect();
    // The temporary organization's violation names the unit it is based in.
    assert_eq!(units, BTreeSet::from([outside, other]), "{there}");

    let unknown = Validation::new(&policy)
        .as_of(as_of())
        .within(UnitId(999))
        .run(&b.h);
    assert_eq!(unknown, Err(QueryError::UnknownUnit { id: UnitId(999) }));
}

#[test]
fn scope_keeps_pairings_and_records_touching_the_subtree() {
    let mut b = base();
    let other = street(&mut b, "嘉禾街道", false);
    let c = b.community;
    // A bad pairing from outside into the subtree, and a bad record inside.
    pair(&mut b, other, c, PairingKind::TownStreet, None);
    b.h.add_record(Record::new(
        c,
        d(2023, 2, 1),
        RecordKind::Appeals {
            raised: 1,
            resolved: 2,
        },
    ))
    .unwrap();
    let policy = Policy::default();
    let inside = Validation::new(&policy)
        .as_of(as_of())
        .within(b.street)
        .run(&b.h)
        .unwrap();
    let rules: Vec<Rule> = inside.violations().iter().map(|v| v.rule).collect();
    assert_eq!(rules.len(), 2, "{inside}");
    assert!(rules.contains(&Rule::PairingEnds));
    assert!(rules.contains(&Rule::AppealsExceedRaised));
    // Seen from the other street the pairing is reported once, the record not at all.
    let there = Validation::new(&policy)
        .as_of(as_of())
        .within(other)
        .run(&b.h)
        .unwrap();
    assert_eq!(there.violations().len(), 1, "{there}");
    assert_eq!(there.violations()[0].rule, Rule::PairingEnds);
}

#[test]
fn as_of_date_changes_the_term_verdicts() {
    let mut b = base();
    // A community term of 5 years from 2019-03-01: ends 2024-03-01.
    community_with(
        &mut b,
        Members::new(5, 0),
        PartyForm::Branch,
        with_org(term(d(2019, 3, 1), 5)),
    );
    let policy = Policy::default();
    let at = |h: &Hierarchy, date| {
        let r = Validation::new(&policy).as_of(date).run(h).unwrap();
        r.violations().iter().map(|v| v.rule).collect::<Vec<_>>()
    };
    assert_eq!(at(&b.h, d(2023, 6, 1)), Vec::<Rule>::new());
    assert_eq!(at(&b.h, d(2023, 9, 1)), vec![Rule::ElectionDueSoon]);
    assert_eq!(at(&b.h, d(2024, 3, 1)), vec![Rule::ElectionDueSoon]);
    assert_eq!(at(&b.h, d(2024, 3, 2)), vec![Rule::TermOverdue]);
    // A unit dissolved by the date has no overdue election.
    let mut det = with_org(term(d(2019, 3, 1), 5));
    det.dissolved = Some(d(2024, 1, 1));
    b.h.set_details(b.community, det).unwrap();
    assert_eq!(at(&b.h, d(2024, 6, 1)), Vec::<Rule>::new());
}

#[test]
fn approval_and_policy_change_the_verdicts() {
    let mut b = base();
    let mut o = OrgDetails::default();
    o.approved_exception = true;
    community_with(
        &mut b,
        Members::new(30, 0),
        PartyForm::GeneralBranch,
        with_org(o),
    );
    assert!(report_of(&b.h).is_empty());

    let mut b = base();
    community_committee(&mut b, Members::new(55, 0), PartyForm::Branch, 5);
    assert_eq!(report_of(&b.h).warnings(), 1);
    let mut local = Policy::default();
    local.branch_max_members = 60;
    assert!(b.h.validate(&local, as_of()).is_empty());
}

#[test]
fn report_order_and_counts_are_deterministic() {
    let mut b = base();
    let s2 = street(&mut b, "嘉禾街道", false);
    b.h.set_members(s2, Members::new(3, 0)).unwrap();
    b.h.set_members(b.community, Members::new(3, 0)).unwrap();
    b.h.add_record(Record::new(
        b.community,
        d(2024, 1, 5),
        RecordKind::Training { person_times: 40 },
    ))
    .unwrap();
    let r = report_of(&b.h);
    let keys: Vec<(UnitId, Rule)> = r.violations().iter().map(|v| (v.unit(), v.rule)).collect();
    assert_eq!(
        keys,
        vec![
            (b.community, Rule::NoOrganization),
            (b.community, Rule::RecordAfterAsOf),
            (s2, Rule::NoOrganization),
        ]
    );
    assert_eq!((r.errors(), r.warnings(), r.notices()), (2, 1, 0));
    let text = r.to_string();
    assert_eq!(text.lines().count(), 4);
    assert!(text.ends_with("2 errors, 1 warnings, 0 notices over 4 units\n"));
    assert_eq!(r.of_rule(Rule::NoOrganization).count(), 2);
    assert_eq!(r.of_unit(b.community).count(), 2);
    assert_eq!(r, report_of(&b.h.clone()));
}

/// Loads an NBS division file as the brief describes: kinds from the codes, parents by
/// parent code, a parent outside the file making a root.
fn load_divisions(path: &str) -> Hierarchy {
    let mut reader = csv::Reader::from_path(path).expect("fixture exists");
    let mut ids: HashMap<DivisionCode, UnitId> = HashMap::new();
    let mut rows = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.expect("well-formed csv row");
        let c = code(&row[0]);
        let parent = (!row[3].is_empty()).then(|| code(&row[3]));
        let id = UnitId(i as u32 + 1);
        ids.insert(c, id);
        rows.push((id, c, row[1].to_owned(), parent));
    }
    let mut b = HierarchyBuilder::with_capacity(rows.len());
    for (id, c, name, parent) in rows {
        let parent = parent.and_then(|p| ids.get(&p).copied());
        b.push(
            id,
            parent,
            Unit::new(UnitKind::from_code(c), name).with_code(c),
        );
    }
    b.build().expect("the NBS file forms a forest")
}

fn structural_errors(h: &Hierarchy) -> Vec<String> {
    report_of(h)
        .violations()
        .iter()
        .filter(|v| v.rule.family() == "structure" && v.severity == Severity::Error)
        .map(ToString::to_string)
        .collect()
}

#[test]
fn baiyun_divisions_have_no_structural_errors() {
    let h = load_divisions("tests/fixtures/baiyun-divisions.csv");
    assert_eq!(h.len(), 429);
    assert_eq!(structural_errors(&h), Vec::<String>::new());
    let report = report_of(&h);
    assert!(report.is_empty(), "{report}");
    // The loader's output is checked at all: moving a village under the district breaks
    // the containment table and the code rules.
    let mut b = HierarchyBuilder::new();
    b.push(
        UnitId(1),
        None,
        Unit::new(UnitKind::District, "白云区").with_code(code("440111000000")),
    );
    b.push(
        UnitId(2),
        Some(UnitId(1)),
        Unit::new(UnitKind::Village, "永兴村委会").with_code(code("440111103201")),
    );
    let bad = b.build().unwrap();
    assert_eq!(structural_errors(&bad).len(), 1);
}

#[test]
fn guangzhou_divisions_have_no_structural_errors() {
    let h = load_divisions("tests/fixtures/guangzhou-divisions.csv");
    assert_eq!(h.len(), 3041);
    assert_eq!(structural_errors(&h), Vec::<String>::new());
    let report = report_of(&h);
    assert!(report.is_empty(), "{report}");
    assert_eq!(report.units_checked(), 3041);
}

#[test]
fn duplicate_names_are_grouped_in_large_families_and_among_roots() {
    let mut b = base();
    let mut ids = Vec::new();
    // Twelve communities: "甲" three times, "乙" twice, the rest distinct.
    for i in 0..12 {
        let name = match i {
            0 | 5 | 9 => "甲社区居委会".to_owned(),
            2 | 11 => "乙社区居委会".to_owned(),
            _ => format!("社区{i}"),
        };
        ids.push(
            b.h.add_unit(Some(b.street), Unit::new(UnitKind::Community, name))
                .unwrap(),
        );
    }
    // A second root of the same name as the district.
    b.h.add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    let r = report_of(&b.h);
    let groups: Vec<Vec<UnitId>> = r
        .of_rule(Rule::DuplicateSiblingName)
        .map(|v| v.units.clone())
        .collect();
    assert_eq!(
        groups,
        vec![
            vec![b.district, UnitId(ids[11].0 + 1)],
            vec![ids[0], ids[5], ids[9]],
            vec![ids[2], ids[11]],
        ],
        "{r}"
    );
    assert_eq!(r.violations().len(), 3, "{r}");
    // Within the street the roots are out of scope; the street's own families are not.
    let policy = Policy::default();
    let inside = Validation::new(&policy)
        .as_of(as_of())
        .within(b.street)
        .run(&b.h)
        .unwrap();
    assert_eq!(inside.violations().len(), 2, "{inside}");
}

#[test]
fn an_organization_outside_the_tree_is_checked_with_the_unit_it_is_based_in() {
    let mut b = base();
    b.h.set_members(b.community, Members::new(3, 0)).unwrap();
    let mut t = temporary(&b);
    t.approved = false;
    t.host = b.community;
    let t = b.h.add_temporary(t).unwrap();
    let policy = Policy::default();
    let r = Validation::new(&policy)
        .as_of(as_of())
        .within(b.community)
        .run(&b.h)
        .unwrap();
    assert_eq!(r.units_checked(), 1);
    let v: Vec<_> = r
        .violations()
        .iter()
        .filter(|v| v.rule == Rule::TemporaryNotApproved)
        .collect();
    assert_eq!(v.len(), 1, "{r}");
    assert_eq!((v[0].unit(), v[0].orgs.clone()), (b.community, vec![t]));
    // The street's subtree takes in the organization its community hosts.
    let street = Validation::new(&policy)
        .as_of(as_of())
        .within(b.street)
        .run(&b.h)
        .unwrap();
    assert_eq!(street.units_checked(), 2);
    assert!(
        street
            .violations()
            .iter()
            .any(|v| v.rule == Rule::TemporaryNotApproved && v.orgs == [t]),
        "{street}"
    );
}

#[test]
fn duplicate_codes_are_grouped_even_when_the_code_index_lost_its_entry() {
    let street = |name: &str| Unit::new(UnitKind::Street, name).with_code(code("440111013000"));
    let mut b = HierarchyBuilder::new();
    b.push(
        UnitId(1),
        None,
        Unit::new(UnitKind::District, "白云区").with_code(code("440111000000")),
    );
    for (id, name) in [(2, "均禾街道"), (3, "嘉禾街道"), (4, "鹤龙街道")] {
        b.push(UnitId(id), Some(UnitId(1)), street(name));
    }
    let mut h = b.build().unwrap();
    let r = report_of(&h);
    let groups: Vec<Vec<UnitId>> = r.violations().iter().map(|v| v.units.clone()).collect();
    assert_eq!(groups, vec![vec![UnitId(2), UnitId(3), UnitId(4)]], "{r}");
    // Recoding the indexed holder drops the index entry of the old code; the other two
    // still share it.
    let indexed = h.by_code(code("440111013000")).unwrap().id();
    h.set_code(indexed, Some(code("440111014000"))).unwrap();
    let r = report_of(&h);
    let groups: Vec<Vec<UnitId>> = r.violations().iter().map(|v| v.units.clone()).collect();
    let rest: Vec<UnitId> = [2, 3, 4]
        .map(UnitId)
        .into_iter()
        .filter(|&u| u != indexed)
        .collect();
    assert_eq!(groups, vec![rest], "{r}");
    assert_eq!(r.violations()[0].rule, Rule::DuplicateCode);
}

// ----- rule boundaries: inclusive where the regulations allow ----------------------------

/// The findings of `rule` for a hierarchy validated on `as_of`.
fn count_of(h: &Hierarchy, rule: Rule, as_of: NaiveDate) -> usize {
    h.validate(&Policy::default(), as_of).of_rule(rule).count()
}

/// A joint branch at a street (own members) covering a second street (members), under
/// 白云区.
fn joint_branch(own: Members, covered: Members) -> (Hierarchy, partyorg::UnitId) {
    let (mut h, _, [lead, other]) = two_streets();
    h.set_members(lead, own).unwrap();
    h.set_members(other, covered).unwrap();
    h.set_party_form(lead, Some(PartyForm::JointBranch))
        .unwrap();
    h.relate(
        h.own_org_of_unit(lead).unwrap(),
        other,
        partyorg::Relation::Covers,
    )
    .unwrap();
    (h, lead)
}

#[test]
fn rule_boundaries_are_inclusive_where_the_regulations_allow() {
    use partyorg::unit::WeakLax;
    let end = d(2023, 12, 31);
    // Dissolved the day it was founded: allowed.
    for (dissolved, reported) in [(d(2020, 1, 1), 0), (d(2019, 12, 31), 1)] {
        let (mut h, _, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
        let mut details = Details::default();
        details.founded = Some(d(2020, 1, 1));
        details.dissolved = Some(dissolved);
        h.set_details(street, details).unwrap();
        assert_eq!(count_of(&h, Rule::DissolvedBeforeFounded, end), reported);
    }
    // Weak and lax: accepted the day it was identified is not early; unaccepted exactly
    // twelve months on is not yet overdue.
    let weak = |identified, accepted| {
        let mut details = Details::default();
        let mut org = OrgDetails::default();
        org.weak_lax = Some(WeakLax {
            identified,
            accepted,
        });
        details.org = Some(org);
        let (mut h, _, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
        h.set_details(street, details).unwrap();
        h
    };
    let h = weak(d(2023, 3, 1), Some(d(2023, 3, 1)));
    assert_eq!(count_of(&h, Rule::WeakLaxAcceptedEarly, end), 0);
    let h = weak(d(2023, 3, 1), Some(d(2023, 2, 28)));
    assert_eq!(count_of(&h, Rule::WeakLaxAcceptedEarly, end), 1);
    let h = weak(d(2022, 3, 1), None);
    assert_eq!(count_of(&h, Rule::WeakLaxNotAccepted, d(2023, 3, 1)), 0);
    assert_eq!(count_of(&h, Rule::WeakLaxNotAccepted, d(2023, 3, 2)), 1);
    // An election within twelve months of its due date is neither advanced nor postponed.
    let elected = |on| {
        let mut details = Details::default();
        let mut org = OrgDetails::default();
        org.term = Some(Term {
            elected: on,
            years: 5,
        });
        org.due = Some(d(2021, 6, 1));
        details.org = Some(org);
        let (mut h, _, street) = under_a_district(
            Unit::new(UnitKind::Street, "均禾街道")
                .with_members(Members::new(120, 0))
                .with_party_form(PartyForm::Committee),
        );
        h.set_details(street, details).unwrap();
        h
    };
    let shifted = |on| count_of(&elected(on), Rule::ElectionShifted, d(2022, 12, 31));
    assert_eq!(shifted(d(2020, 6, 1)), 0);
    assert_eq!(shifted(d(2020, 5, 31)), 1);
    assert_eq!(shifted(d(2022, 6, 1)), 0);
    assert_eq!(shifted(d(2022, 6, 2)), 1);
}

#[test]
fn dates_on_the_edge_of_a_rule_are_within_it() {
    use partyorg::{Pairing, PairingKind, org::TemporaryOrg, unit::TaskPurpose};
    // A temporary organization dissolved the day it was founded: allowed; the day
    // before: reported.
    for (dissolved, reported) in [(d(2023, 3, 1), 0), (d(2023, 2, 28), 1)] {
        let (mut h, _, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
        let org = TemporaryOrg::new("临时党支部", TaskPurpose::Project, street, d(2023, 3, 1))
            .with_members(Members::new(3, 0))
            .dissolved_on(dissolved);
        h.add_temporary(org).unwrap();
        assert_eq!(
            count_of(&h, Rule::TemporaryDates, d(2023, 12, 31)),
            reported
        );
    }
    // A first secretary posted for exactly 36 months (ending, exclusively, on the day
    // 36 months after the first): allowed; a day longer: reported.
    for (ends, reported) in [(d(2023, 3, 1), 0), (d(2023, 3, 2), 1)] {
        let (mut h, district, town) =
            under_a_district(Unit::new(UnitKind::Town, "人和镇").agricultural());
        let posting = Pairing::new(PairingKind::FirstSecretary { secretary: None })
            .between(Some(d(2020, 3, 1)), Some(ends));
        h.add_pairing(district, town, posting).unwrap();
        assert_eq!(
            count_of(&h, Rule::FirstSecretaryTerm, d(2023, 12, 31)),
            reported
        );
        // The message names the last day in force, as files write it.
        let report = h.validate(&Policy::default(), d(2023, 12, 31));
        if let Some(v) = report.of_rule(Rule::FirstSecretaryTerm).next() {
            assert!(v.message.contains("through 2023-03-01"), "{}", v.message);
        }
    }
}

#[test]
fn a_joint_branch_adds_the_members_it_covers() {
    let findings = |h: &Hierarchy, lead, rule| {
        let report = h.validate(&Policy::default(), d(2023, 12, 31));
        report.of_rule(rule).filter(|v| v.units[0] == lead).count()
    };
    // 3 + 3 full members: below the committee threshold of 7.
    let (h, lead) = joint_branch(Members::new(3, 0), Members::new(3, 0));
    assert_eq!(findings(&h, lead, Rule::CommitteeMissing), 0);
    // 4 + 3: at it.
    let (h, lead) = joint_branch(Members::new(4, 0), Members::new(3, 0));
    assert_eq!(findings(&h, lead, Rule::CommitteeMissing), 1);
    // 40 + 1 and 6 + 4: 51 members, over 50; 40 + 1 and 6 + 3: 50, within.
    let (h, lead) = joint_branch(Members::new(40, 1), Members::new(6, 4));
    assert_eq!(findings(&h, lead, Rule::BranchTooLarge), 1);
    let (h, lead) = joint_branch(Members::new(40, 1), Members::new(6, 3));
    assert_eq!(findings(&h, lead, Rule::BranchTooLarge), 0);
}

#[test]
fn a_joint_branch_does_not_count_its_units_children() {
    let (mut h, lead) = joint_branch(Members::new(5, 0), Members::new(5, 0));
    // A community of 45 under the lead street is its own organization, not covered.
    let c = h
        .add_unit(Some(lead), Unit::new(UnitKind::Community, "罗岗社区居委会"))
        .unwrap();
    h.set_members(c, Members::new(45, 0)).unwrap();
    let report = h.validate(&Policy::default(), d(2023, 12, 31));
    assert_eq!(
        report
            .of_rule(Rule::BranchTooLarge)
            .filter(|v| v.units[0] == lead)
            .count(),
        0,
        "{report}"
    );
}

#[test]
fn a_joint_branch_may_cover_up_to_five_units_itself_included() {
    for (covered, reported) in [(4, 0), (5, 1)] {
        let (mut h, district, lead) = under_a_district(
            Unit::new(UnitKind::Street, "均禾街道")
                .with_members(Members::new(3, 0))
                .with_party_form(PartyForm::JointBranch),
        );
        for i in 0..covered {
            let u = h
                .add_unit(
                    Some(district),
                    Unit::new(UnitKind::Street, format!("街道{i}")),
                )
                .unwrap();
            h.relate(
                h.own_org_of_unit(lead).unwrap(),
                u,
                partyorg::Relation::Covers,
            )
            .unwrap();
        }
        assert_eq!(
            count_of(&h, Rule::JointBranchTooWide, d(2023, 12, 31)),
            reported
        );
    }
}

#[test]
fn a_code_of_the_wrong_level_or_range_is_reported_for_every_kind() {
    use partyorg::DivisionCode;
    let code = |v: u64| DivisionCode::from_u64(v).unwrap();
    // A kind, a code of another level (CodeLevel), or of the wrong range (CodeType).
    let cases = [
        (UnitKind::Province, 440_100_000_000, Rule::CodeLevel),
        (UnitKind::City, 440_111_000_000, Rule::CodeLevel),
        (UnitKind::District, 440_111_013_000, Rule::CodeLevel),
        (UnitKind::Town, 440_111_013_000, Rule::CodeType),
        (UnitKind::Street, 440_111_101_000, Rule::CodeType),
    ];
    for (kind, value, rule) in cases {
        let mut h = Hierarchy::new();
        let parent = matches!(kind, UnitKind::Town | UnitKind::Street).then(|| {
            h.add_unit(None, Unit::new(UnitKind::District, "白云区"))
                .unwrap()
        });
        h.add_unit(parent, Unit::new(kind, "某单位").with_code(code(value)))
            .unwrap();
        let report = h.validate(&Policy::default(), d(2023, 12, 31));
        assert_eq!(
            report.of_rule(rule).count(),
            1,
            "{kind:?} {value}: {report}"
        );
        let message = &report.of_rule(rule).next().unwrap().message;
        if kind == UnitKind::Province {
            let want = "of city level, but a province carries a province-level code";
            assert!(message.contains(want), "{message}");
        }
        if kind == UnitKind::Town {
            assert!(
                message.contains("in the range of a street (001-099)"),
                "{message}"
            );
        }
    }
}

#[test]
fn a_duplicate_code_outside_the_scope_is_not_reported() {
    use partyorg::Validation;
    let rows = "id,parent,kind,name,code\n\
        1,,district,白云区,\n\
        2,1,street,均禾街道,440111013000\n\
        3,1,street,均禾街道二,440111013000\n\
        4,1,street,松洲街道,\n";
    let h = table::load_units_reader(Cursor::new(rows), Path::new("units.csv")).unwrap();
    let policy = Policy::default();
    let run = |scope| {
        Validation::new(&policy)
            .as_of(d(2023, 12, 31))
            .within(partyorg::UnitId(scope))
            .run(&h)
            .unwrap()
            .of_rule(Rule::DuplicateCode)
            .count()
    };
    assert_eq!(run(1), 1);
    assert_eq!(run(2), 1);
    assert_eq!(run(4), 0);
}

// ----- messages and reports --------------------------------------------------------------

/// The message of the first violation of `rule` in `report`, which must be at `unit`.
fn first_message(report: &partyorg::Report, rule: Rule, unit: UnitId) -> &str {
    let v = report
        .of_rule(rule)
        .next()
        .unwrap_or_else(|| panic!("a violation of {rule}: {report}"));
    assert_eq!(v.unit(), unit, "{report}");
    &v.message
}

#[test]
fn a_term_length_message_names_the_kind_of_organization() {
    let cases = [
        (UnitKind::Village, PartyForm::Branch, "village organization"),
        (
            UnitKind::Community,
            PartyForm::Branch,
            "community organization",
        ),
        (
            UnitKind::Institution(partyorg::Sector::Organ),
            PartyForm::GeneralBranch,
            "general branch",
        ),
    ];
    for (kind, form, words) in cases {
        let (mut h, _, town) = under_a_district(Unit::new(UnitKind::Town, "人和镇"));
        let mut org = OrgDetails::default();
        org.term = Some(Term {
            elected: d(2023, 1, 1),
            years: 2,
        });
        let mut details = Details::default();
        details.org = Some(org);
        let members = if form == PartyForm::GeneralBranch {
            Members::new(55, 0)
        } else {
            Members::new(5, 0)
        };
        let u = h
            .add_unit(
                Some(town),
                Unit::new(kind, "单位")
                    .with_members(members)
                    .with_party_form(form)
                    .with_details(details),
            )
            .unwrap();
        let report = h.validate(&Policy::default(), d(2023, 6, 30));
        let message = first_message(&report, Rule::TermLength, u);
        assert!(
            message.contains(words),
            "{words:?} for {kind} in {message:?}"
        );
    }
}

#[test]
fn a_large_branch_is_named_as_a_branch_and_a_joint_one_as_joint() {
    for (form, word) in [
        (PartyForm::Branch, "has a branch of 51 members"),
        (PartyForm::JointBranch, "has a joint branch of 51 members"),
    ] {
        let (mut h, _, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
        let c = h
            .add_unit(
                Some(street),
                Unit::new(UnitKind::Community, "罗岗社区居委会")
                    .with_members(Members::new(45, 6))
                    .with_party_form(form)
                    .with_committee(5),
            )
            .unwrap();
        let report = h.validate(&Policy::default(), d(2023, 12, 31));
        let message = first_message(&report, Rule::BranchTooLarge, c);
        assert!(message.contains(word), "{word:?} in {message:?}");
    }
}

#[test]
fn a_reports_owned_violations_are_its_violations() {
    use partyorg::DivisionCode;
    let mut h = Hierarchy::new();
    h.add_unit(
        None,
        Unit::new(UnitKind::Province, "广东省")
            .with_code(DivisionCode::from_u64(440_100_000_000).unwrap()),
    )
    .unwrap();
    let report = h.validate(&Policy::default(), d(2023, 12, 31));
    let listed = report.violations().to_vec();
    assert!(!listed.is_empty());
    assert_eq!(report.into_violations(), listed);
}

#[test]
fn a_report_counts_its_notices_and_keeps_its_date() {
    let unit = Unit::new(UnitKind::Street, "均禾街道")
        .with_members(Members::new(5, 0))
        .with_party_form(PartyForm::Branch)
        .with_committee(3);
    let (h, _, street) = under_a_district(unit);
    let report = h.validate(&Policy::default(), d(2023, 12, 31));
    assert_eq!(
        report.of_rule(Rule::SmallBranchCommittee).count(),
        1,
        "{report}"
    );
    assert_eq!(
        report.notices(),
        report.of_rule(Rule::SmallBranchCommittee).count()
    );
    assert!(report.of_unit(street).count() >= 1);
    assert!(!report.is_empty());
    assert_eq!(report.as_of(), d(2023, 12, 31));
    let clean = Hierarchy::new().validate(&Policy::default(), d(2024, 6, 30));
    assert!(clean.is_empty());
    assert_eq!(clean.as_of(), d(2024, 6, 30));
}
