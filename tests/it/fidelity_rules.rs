//! The rules of issue 15 at their boundaries, each just inside and just outside: the
//! village term of co-op branches, temporary organizations (一般不, 指定, projects of six
//! months), first secretaries (an optional target check; weak-and-lax villages), the
//! weak-and-lax acceptance period, and the grassroots thresholds (not for a 区委 or a
//! street's 党工委; a village's general branch from more than 50, its committee approved).

use chrono::NaiveDate;
use partyorg::validate::{Policy, Rule, Severity};
use partyorg::{
    Hierarchy, Members, Pairing, PairingKind, PartyForm, Sector, Unit, UnitId, UnitKind,
    org::TemporaryOrg, unit::Details, unit::OrgDetails, unit::TaskPurpose, unit::Term,
    unit::WeakLax,
};

use crate::support::under_a_district;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

/// The rules reported about `unit` as of `as_of` under `policy`.
fn rules_of(h: &Hierarchy, policy: &Policy, as_of: NaiveDate, unit: UnitId) -> Vec<Rule> {
    h.validate(policy, as_of)
        .of_unit(unit)
        .map(|v| v.rule)
        .collect()
}

fn org_details(o: OrgDetails) -> Details {
    let mut det = Details::default();
    det.org = Some(o);
    det
}

fn with_term(years: u8) -> Details {
    let mut o = OrgDetails::default();
    o.term = Some(Term {
        elected: d(2022, 5, 20),
        years,
    });
    org_details(o)
}

// ----- 1. terms -------------------------------------------------------------------------

/// A co-op branch under `parent_kind` (a village, or a federation under a town) with a
/// term of `years`: whether its length is reported.
fn coop_term_reported(years: u8, under_village: bool) -> bool {
    let (mut h, _, town) = under_a_district(Unit::new(UnitKind::Town, "人和镇"));
    let parent = if under_village {
        h.add_unit(Some(town), Unit::new(UnitKind::Village, "明星村委会"))
            .unwrap()
    } else {
        h.add_unit(
            Some(town),
            Unit::new(UnitKind::Federation, "人和镇经济联合总社"),
        )
        .unwrap()
    };
    let coop = h
        .add_unit(
            Some(parent),
            Unit::new(UnitKind::EconomicCoop, "第一经济社")
                .with_members(Members::new(5, 0))
                .with_party_form(PartyForm::Branch)
                .with_details(with_term(years)),
        )
        .unwrap();
    rules_of(&h, &Policy::default(), d(2023, 12, 31), coop).contains(&Rule::TermLength)
}

#[test]
fn a_coop_branch_under_a_village_has_the_village_term_of_five_years() {
    // Under a village organization: 5 years, as the village's own (中办 2018 opinion).
    assert!(!coop_term_reported(5, true));
    assert!(coop_term_reported(3, true));
    // Under a town's federation, outside any village: a branch's 3 years.
    assert!(!coop_term_reported(3, false));
    assert!(coop_term_reported(5, false));
}

// ----- 2. temporary organizations -------------------------------------------------------

fn street_with_temporary(t: impl FnOnce(UnitId) -> TemporaryOrg) -> (Hierarchy, UnitId) {
    let (mut h, _, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    h.add_temporary(t(street)).unwrap();
    (h, street)
}

fn rectification(host: UnitId, founded: NaiveDate) -> TemporaryOrg {
    TemporaryOrg::new(
        "专项整改临时党支部",
        TaskPurpose::SpecialRectification,
        host,
        founded,
    )
    .with_members(Members::new(3, 0))
}

#[test]
fn recruiting_or_disciplining_is_a_warning_and_dues_an_error() {
    let (h, street) = street_with_temporary(|s| {
        let mut t = rectification(s, d(2023, 10, 1));
        t.acts.recruited = true;
        t.acts.disciplined = true;
        t
    });
    let report = h.validate(&Policy::default(), d(2023, 12, 31));
    let found: Vec<_> = report.of_unit(street).collect();
    assert_eq!(found.len(), 1, "{report}");
    assert_eq!(found[0].rule, Rule::TemporaryRecruitOrDiscipline);
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(found[0].message.contains("一般不"), "{}", found[0].message);
    // Dues are not collected at all: an error, reported by its own rule.
    let (h, street) = street_with_temporary(|s| {
        let mut t = rectification(s, d(2023, 10, 1));
        t.acts.collected_dues = true;
        t
    });
    let report = h.validate(&Policy::default(), d(2023, 12, 31));
    let found: Vec<_> = report.of_unit(street).collect();
    assert_eq!(found.len(), 1, "{report}");
    assert_eq!(
        (found[0].rule, found[0].severity),
        (Rule::TemporaryForbiddenAct, Severity::Error)
    );
}

#[test]
fn a_temporary_organizations_leaders_are_appointed_not_elected() {
    for (elected, reported) in [(false, false), (true, true)] {
        let (h, street) = street_with_temporary(|s| {
            let mut t = rectification(s, d(2023, 10, 1));
            t.acts.elected_leaders = elected;
            t
        });
        let rules = rules_of(&h, &Policy::default(), d(2023, 12, 31), street);
        assert_eq!(rules.contains(&Rule::TemporaryLeadersElected), reported);
        assert_eq!(rules.len(), usize::from(reported), "{rules:?}");
    }
    // The act reads and writes as a word of the acts column.
    assert_eq!(
        "elected_leaders"
            .parse::<partyorg::unit::ForbiddenAct>()
            .ok(),
        Some(partyorg::unit::ForbiddenAct::ElectedLeaders)
    );
}

#[test]
fn a_projects_temporary_organization_may_run_six_months_and_no_longer() {
    let founded = d(2023, 3, 1);
    let project = |host| {
        TemporaryOrg::new("重点项目临时党支部", TaskPurpose::Project, host, founded)
            .with_members(Members::new(3, 0))
    };
    let (h, street) = street_with_temporary(project);
    let count = |as_of| {
        rules_of(&h, &Policy::default(), as_of, street)
            .iter()
            .filter(|&&r| r == Rule::TemporaryProjectTooLong)
            .count()
    };
    // Six months to the day: still within; a day more: reported.
    assert_eq!(count(d(2023, 9, 1)), 0);
    assert_eq!(count(d(2023, 9, 2)), 1);
    // Dissolved at six months, it is not reported later either; a day later it is.
    for (dissolved, reported) in [(d(2023, 9, 1), 0), (d(2023, 9, 2), 1)] {
        let (h, street) = street_with_temporary(|s| project(s).dissolved_on(dissolved));
        let found = rules_of(&h, &Policy::default(), d(2024, 6, 30), street);
        assert_eq!(found, vec![Rule::TemporaryProjectTooLong; reported]);
    }
    // Another task may run as long as it lasts.
    let (h, street) = street_with_temporary(|s| rectification(s, founded));
    assert!(rules_of(&h, &Policy::default(), d(2024, 6, 30), street).is_empty());
}

// ----- 3. first secretaries -------------------------------------------------------------

#[test]
fn the_village_only_target_check_is_a_policy_option_off_by_default() {
    let (mut h, district, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    let firm = h
        .add_unit(
            Some(street),
            Unit::new(
                UnitKind::Institution(Sector::NonPublicEnterprise),
                "民营企业",
            ),
        )
        .unwrap();
    let posting = Pairing::new(PairingKind::FirstSecretary { secretary: None })
        .between(Some(d(2023, 1, 1)), None);
    h.add_pairing(district, firm, posting).unwrap();
    let as_of = d(2023, 12, 31);
    // Baiyun sends first secretaries to organizations of every field: not reported.
    assert!(h.validate(&Policy::default(), as_of).is_empty());
    assert!(!Policy::default().first_secretary_villages_only);
    // A locality that posts to villages only says so in its policy file.
    #[cfg(feature = "policy-toml")]
    {
        let local =
            Policy::from_toml_str("[thresholds]\nfirst_secretary_villages_only = true\n").unwrap();
        assert!(local.first_secretary_villages_only);
        assert_eq!(
            rules_of(&h, &local, as_of, district),
            vec![Rule::FirstSecretaryTarget]
        );
        assert_eq!(
            Policy::from_toml_str(&local.to_toml_string()).unwrap(),
            local
        );
    }
}

/// A weak-and-lax village identified on 2023-03-01, accepted on `accepted`, with a first
/// secretary posted from `since` to `until`.
fn weak_village(
    accepted: Option<NaiveDate>,
    posting: Option<(NaiveDate, NaiveDate)>,
) -> (Hierarchy, UnitId) {
    let (mut h, district, town) = under_a_district(Unit::new(UnitKind::Town, "钟落潭镇"));
    let mut o = OrgDetails::default();
    o.weak_lax = Some(WeakLax {
        identified: d(2023, 3, 1),
        accepted,
    });
    let v = h
        .add_unit(
            Some(town),
            Unit::new(UnitKind::Village, "龙岗村委会")
                .with_members(Members::new(9, 0))
                .with_party_form(PartyForm::Branch)
                .with_committee(3)
                .with_details(org_details(o)),
        )
        .unwrap();
    // The posting's first and last day in force; the pairing ends the day after.
    if let Some((since, last)) = posting {
        let p = Pairing::new(PairingKind::FirstSecretary { secretary: None })
            .between(Some(since), last.succ_opt());
        h.add_pairing(district, v, p).unwrap();
    }
    (h, v)
}

#[test]
fn a_weak_and_lax_village_has_a_first_secretary_while_it_is_rectified() {
    let missing = |h: &Hierarchy, v, as_of| {
        rules_of(h, &Policy::default(), as_of, v).contains(&Rule::WeakLaxNoFirstSecretary)
    };
    // Posted from 2023-04-01 to 2023-10-31; accepted on 2023-12-01.
    let (h, v) = weak_village(Some(d(2023, 12, 1)), Some((d(2023, 4, 1), d(2023, 10, 31))));
    assert!(!missing(&h, v, d(2023, 2, 28)), "not yet identified");
    assert!(
        missing(&h, v, d(2023, 3, 31)),
        "identified, no secretary yet"
    );
    assert!(!missing(&h, v, d(2023, 4, 1)));
    assert!(!missing(&h, v, d(2023, 10, 31)));
    assert!(missing(&h, v, d(2023, 11, 1)), "the posting ended");
    assert!(missing(&h, v, d(2023, 11, 30)));
    assert!(!missing(&h, v, d(2023, 12, 1)), "accepted: rectified");
    // Only villages: a weak-and-lax community is not held to it.
    let (mut h, _, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    let mut o = OrgDetails::default();
    o.weak_lax = Some(WeakLax {
        identified: d(2023, 3, 1),
        accepted: None,
    });
    let c = h
        .add_unit(
            Some(street),
            Unit::new(UnitKind::Community, "罗岗社区居委会")
                .with_members(Members::new(5, 0))
                .with_party_form(PartyForm::Branch)
                .with_details(org_details(o)),
        )
        .unwrap();
    assert!(!missing(&h, c, d(2023, 6, 1)));
}

// ----- 4. weak and lax: acceptance within 12 months -------------------------------------

#[test]
fn an_acceptance_more_than_twelve_months_after_identification_is_a_warning() {
    let posting = Some((d(2023, 3, 1), d(2025, 2, 28)));
    for (accepted, late) in [
        (d(2024, 3, 1), false),
        (d(2024, 3, 2), true),
        (d(2024, 8, 1), true),
    ] {
        let (h, v) = weak_village(Some(accepted), posting);
        let report = h.validate(&Policy::default(), d(2024, 12, 31));
        let found: Vec<_> = report.of_unit(v).collect();
        assert_eq!(found.len(), usize::from(late), "{accepted}: {report}");
        if late {
            assert_eq!(found[0].rule, Rule::WeakLaxAcceptedLate);
            assert_eq!(found[0].severity, Severity::Warning);
        }
        // Before the acceptance happened, it is not late yet (it is not accepted).
        let before = rules_of(&h, &Policy::default(), d(2024, 2, 1), v);
        assert!(!before.contains(&Rule::WeakLaxAcceptedLate), "{before:?}");
    }
}

// ----- 5. grassroots thresholds ----------------------------------------------------------

/// A unit of `kind` under a district with an organization of `form` and `members` full
/// members: the rules reported about it (its term and everything else in order).
fn threshold_rules(kind: UnitKind, form: PartyForm, members: u32, approved: bool) -> Vec<Rule> {
    let mut o = OrgDetails::default();
    o.approved_exception = approved;
    let mut unit = Unit::new(kind, "单位")
        .with_members(Members::new(members, 0))
        .with_party_form(form)
        .with_details(org_details(o));
    if form != PartyForm::Branch && members >= 7 {
        unit = unit.with_committee(5);
    }
    let (h, u) = if matches!(kind, UnitKind::Village) {
        let (mut h, _, town) = under_a_district(Unit::new(UnitKind::Town, "太和镇"));
        let v = h.add_unit(Some(town), unit).unwrap();
        (h, v)
    } else if kind == UnitKind::District {
        let mut h = Hierarchy::new();
        let u = h.add_unit(None, unit).unwrap();
        (h, u)
    } else {
        let (h, _, u) = under_a_district(unit);
        (h, u)
    };
    rules_of(&h, &Policy::default(), d(2023, 12, 31), u)
}

#[test]
fn a_district_committee_and_a_street_working_committee_are_not_held_to_the_thresholds() {
    use PartyForm::{Committee, GeneralBranch};
    // 60 members: a town's committee is too small, a 区委's or a 街道党工委's is not.
    assert_eq!(
        threshold_rules(UnitKind::Town, Committee, 60, false),
        vec![Rule::CommitteeTooSmall]
    );
    assert!(threshold_rules(UnitKind::Street, Committee, 60, false).is_empty());
    assert!(threshold_rules(UnitKind::District, Committee, 60, false).is_empty());
    assert!(threshold_rules(UnitKind::Street, GeneralBranch, 20, false).is_empty());
    // At the threshold, a town's committee stands.
    assert!(threshold_rules(UnitKind::Town, Committee, 100, false).is_empty());
}

#[test]
fn a_villages_general_branch_needs_more_than_fifty_members() {
    use PartyForm::GeneralBranch;
    let organ = UnitKind::Institution(Sector::Organ);
    // Organs and enterprises: from 50.
    assert!(threshold_rules(organ, GeneralBranch, 50, false).is_empty());
    assert_eq!(
        threshold_rules(organ, GeneralBranch, 49, false),
        vec![Rule::GeneralBranchTooSmall]
    );
    // A village: more than 50 (农村基层组织工作条例 2019).
    assert!(threshold_rules(UnitKind::Village, GeneralBranch, 51, false).is_empty());
    assert_eq!(
        threshold_rules(UnitKind::Village, GeneralBranch, 50, false),
        vec![Rule::GeneralBranchTooSmall]
    );
    assert!(threshold_rules(UnitKind::Village, GeneralBranch, 50, true).is_empty());
}

#[test]
fn a_village_committee_needs_the_countys_approval() {
    use PartyForm::Committee;
    assert!(threshold_rules(UnitKind::Village, Committee, 120, true).is_empty());
    assert_eq!(
        threshold_rules(UnitKind::Village, Committee, 120, false),
        vec![Rule::VillageCommitteeNotApproved]
    );
    // A town's committee of the same size needs no recorded approval.
    assert!(threshold_rules(UnitKind::Town, Committee, 120, false).is_empty());
}

#[test]
fn every_new_rule_names_its_source() {
    // The rule's documentation is its source; the ids are stable words of the catalogue.
    for (rule, id) in [
        (
            Rule::TemporaryRecruitOrDiscipline,
            "temporary.recruit_or_discipline",
        ),
        (Rule::TemporaryLeadersElected, "temporary.leaders_elected"),
        (Rule::TemporaryProjectTooLong, "temporary.project_too_long"),
        (Rule::WeakLaxAcceptedLate, "weak_lax.accepted_late"),
        (Rule::WeakLaxNoFirstSecretary, "weak_lax.no_first_secretary"),
        (
            Rule::VillageCommitteeNotApproved,
            "party.village_committee_not_approved",
        ),
    ] {
        assert_eq!(rule.id(), id);
        assert_eq!(Rule::from_id(id), Some(rule));
    }
    assert_eq!(
        Rule::TemporaryRecruitOrDiscipline.severity(),
        Severity::Warning
    );
    assert_eq!(Rule::TemporaryForbiddenAct.severity(), Severity::Error);
}

#[test]
fn a_policy_severity_override_applies_to_temporary_organizations() {
    let (h, street) = street_with_temporary(|s| {
        let mut t = rectification(s, d(2023, 10, 1));
        t.acts.recruited = true;
        t
    });
    let mut strict = Policy::default();
    strict.set_severity(Rule::TemporaryRecruitOrDiscipline, Severity::Error);
    let report = h.validate(&strict, d(2023, 12, 31));
    let v: Vec<_> = report.of_unit(street).collect();
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].severity, Severity::Error);
    assert_eq!(report.errors(), 1);
}
