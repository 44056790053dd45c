//! The rules of party organizations recorded in their own right: the form of their
//! superior, their area, and the grassroots thresholds by form.
//!
//! A unit's own organization of the one-table form is checked by the unit's rules
//! ([`super::party`]), whose members are the unit's. Its superior is not recorded but
//! inferred (the organization of the nearest ancestor unit that has one), so the
//! superior-form rule holds only superiors that were recorded to account.

use petgraph::stable_graph::NodeIndex;

use super::{Ctx, Rule, add_months};
use crate::org::OrgForm;
use crate::unit::UnitKind;

/// Every organization rule of the organizations based in the standing unit `unit`.
/// *O(organizations based in it)*, each *O(1)* but for a committee's subtree size.
pub(super) fn based_in(cx: &mut Ctx<'_>, unit: NodeIndex) {
    let h = cx.h;
    let orgs: Vec<NodeIndex> = h.orgs_based_in_ix(unit).collect();
    for o in orgs {
        let org = h.org_ref(o);
        if h.stored_superior_ix(o).is_some() {
            superior_form(cx, o);
        }
        if org.is_own() {
            continue;
        }
        if let Some(d) = org.dissolved()
            && d <= cx.as_of
        {
            continue;
        }
        if org.founded().is_some_and(|f| f > cx.as_of) {
            continue;
        }
        outside_area(cx, o);
        thresholds(cx, o);
        terms(cx, o);
    }
}

/// [`Rule::OrgSuperiorForm`].
fn superior_form(cx: &mut Ctx<'_>, o: NodeIndex) {
    let h = cx.h;
    let org = h.org_ref(o);
    let Some(sup) = org.superior() else {
        return;
    };
    if !sup.form().may_lead(org.form()) {
        let unit = org.based_in();
        let msg = format!(
            "{} ({}, based in {}) stands below {} ({} {}), which may not lead a {}",
            org.name(),
            org.form(),
            unit.name(),
            sup.id(),
            sup.name(),
            sup.form(),
            org.form()
        );
        cx.report_org(Rule::OrgSuperiorForm, o, &[sup.index()], msg);
    }
}

/// [`Rule::OrgOutsideArea`].
fn outside_area(cx: &mut Ctx<'_>, o: NodeIndex) {
    let h = cx.h;
    let org = h.org_ref(o);
    let Some(sup) = org.superior() else {
        return;
    };
    if matches!(
        sup.form(),
        OrgForm::WorkingCommittee | OrgForm::BigCommittee
    ) {
        return;
    }
    let (unit, area) = (org.based_in(), sup.based_in());
    let inside = match (
        cx.layout.position(unit.index()),
        cx.layout.position(area.index()),
    ) {
        (Some(u), Some(a)) => cx.layout.range(a).contains(&(u as usize)),
        _ => true,
    };
    if !inside {
        let msg = format!(
            "{} ({}) is based in {} ({}), outside the area of its superior {} ({}), based in {} ({})",
            org.name(),
            org.form(),
            unit.name(),
            unit.kind(),
            sup.id(),
            sup.name(),
            area.name(),
            area.kind()
        );
        cx.report_org(Rule::OrgOutsideArea, o, &[sup.index()], msg);
    }
}

/// The grassroots thresholds of an organization by its form: [`Rule::BranchTooLarge`],
/// [`Rule::CommitteeMissing`], [`Rule::CommitteeSize`], [`Rule::SmallBranchCommittee`],
/// [`Rule::JointBranchTooWide`] for branches; [`Rule::GeneralBranchTooSmall`] and
/// [`Rule::CommitteeTooSmall`] for general branches and committees, counting the members
/// of the organization's whole 隶属 subtree. A committee based in a district or above (a
/// 区委) and forms that are not grassroots organizations
/// ([`OrgForm::is_grassroots`]) are not held to them (党章 ch. 5).
fn thresholds(cx: &mut Ctx<'_>, o: NodeIndex) {
    let h = cx.h;
    let org = h.org_ref(o);
    let form = org.form();
    let above_grassroots = matches!(
        org.based_in().kind(),
        UnitKind::District | UnitKind::City | UnitKind::Province
    );
    if !form.is_grassroots() || (form == OrgForm::Committee && above_grassroots) {
        return;
    }
    let policy = cx.policy;
    match form {
        OrgForm::Branch | OrgForm::JointBranch | OrgForm::Temporary => {
            let m = org.members();
            let (full, total) = (u64::from(m.full), m.total());
            let what = form.as_str();
            if total > policy.branch_max_members {
                let msg = format!(
                    "{} ({what}) has {total} members, over {}",
                    org.name(),
                    policy.branch_max_members
                );
                cx.report_org(Rule::BranchTooLarge, o, &[], msg);
            }
            let size = org.committee_size();
            let (min, max) = (policy.committee_min_size, policy.committee_max_size);
            if full >= u64::from(policy.committee_from_full) {
                match size {
                    None => {
                        let msg = format!(
                            "{} ({what}) has {full} full members but no branch committee (required from {})",
                            org.name(),
                            policy.committee_from_full
                        );
                        cx.report_org(Rule::CommitteeMissing, o, &[], msg);
                    }
                    Some(s) if s < min || s > max => {
                        let msg = format!(
                            "{} ({what}) has a branch committee of {s}, outside {min}-{max}",
                            org.name()
                        );
                        cx.report_org(Rule::CommitteeSize, o, &[], msg);
                    }
                    Some(_) => {}
                }
            } else if let Some(s) = size
                && s > policy.small_branch_max_leaders
            {
                let msg = format!(
                    "{} ({what}) has {full} full members with a committee of {s}; below {} a secretary and at most one deputy ({}) lead it",
                    org.name(),
                    policy.committee_from_full,
                    policy.small_branch_max_leaders
                );
                cx.report_org(Rule::SmallBranchCommittee, o, &[], msg);
            }
            if form == OrgForm::JointBranch {
                let units = org.covers().count() + 1;
                if units > policy.joint_branch_max_units as usize {
                    let msg = format!(
                        "{} (joint_branch) covers {units} units, its own included; at most {}",
                        org.name(),
                        policy.joint_branch_max_units
                    );
                    cx.report_org(Rule::JointBranchTooWide, o, &[], msg);
                }
            }
        }
        OrgForm::GeneralBranch | OrgForm::Committee => {
            let layout = h.org_layout();
            let total = layout.position(o).map_or(0, |p| {
                let [f, pr] = layout.totals[p as usize];
                f.saturating_add(pr)
            });
            let (rule, min) = if form == OrgForm::GeneralBranch {
                (
                    Rule::GeneralBranchTooSmall,
                    policy.general_branch_min_members,
                )
            } else {
                (Rule::CommitteeTooSmall, policy.committee_min_members)
            };
            if total < min {
                let msg = format!(
                    "{} ({form}) has {total} members in its 隶属 subtree, below {min}",
                    org.name()
                );
                cx.report_org(rule, o, &[], msg);
            }
        }
        _ => {}
    }
}

/// The term rules of an organization recorded in its own right: [`Rule::TermOverdue`],
/// [`Rule::ElectionDueSoon`] and [`Rule::TermLength`] (the length the policy gives its
/// form and its place: 5 years for committees, for village and community organizations
/// and for those under them, 3 for other general branches and branches;
/// 中办《关于党的基层组织任期的意见》2018). Forms that are not grassroots organizations, and a 区委, are not held to them.
fn terms(cx: &mut Ctx<'_>, o: NodeIndex) {
    let h = cx.h;
    let org = h.org_ref(o);
    let Some(term) = org.term() else {
        return;
    };
    let form = org.form();
    let unit = org.based_in();
    let above_grassroots = matches!(
        unit.kind(),
        UnitKind::District | UnitKind::City | UnitKind::Province
    );
    if !form.is_grassroots() || (form == OrgForm::Committee && above_grassroots) {
        return;
    }
    let ends = term.ends();
    if cx.as_of > ends {
        let days = (cx.as_of - ends).num_days();
        let msg = format!(
            "{} ({form}, based in {})'s term (elected {}, {} years) ended on {ends}; the election is {days} days overdue on {}",
            org.name(),
            unit.name(),
            term.elected,
            term.years,
            cx.as_of
        );
        cx.report_org(Rule::TermOverdue, o, &[], msg);
    } else if ends <= add_months(cx.as_of, cx.policy.election_reminder_months) {
        let msg = format!(
            "{} ({form}, based in {})'s term (elected {}, {} years) ends on {ends}, within {} months of {}: prepare the election",
            org.name(),
            unit.name(),
            term.elected,
            term.years,
            cx.policy.election_reminder_months,
            cx.as_of
        );
        cx.report_org(Rule::ElectionDueSoon, o, &[], msg);
    }
    if let Some(party_form) = form.party_form() {
        let expected = cx
            .policy
            .term_years_at(party_form, super::party::village_level(cx, unit.index()));
        if term.years != expected {
            let msg = format!(
                "{} ({form}, based in {}) has a term of {} years; the term is {expected} years",
                org.name(),
                unit.name(),
                term.years
            );
            cx.report_org(Rule::TermLength, o, &[], msg);
        }
    }
}

/// [`Rule::OrgCycle`]: the organizations at which the organization tree broke a circle of
/// superiors, when their unit is in scope.
pub(super) fn cycles(cx: &mut Ctx<'_>) {
    let h = cx.h;
    for &o in &h.org_layout().broken {
        let org = h.org_ref(o);
        let unit = org.based_in();
        if !cx.in_scope(unit.index()) {
            continue;
        }
        let chain: Vec<String> = h
            .org_cycle_of(o)
            .iter()
            .map(|&x| h.org_ref(x).id().to_string())
            .collect();
        let msg = format!(
            "{} ({}, based in {}) is its own superior through {}; it stands as a root until a superior ends the circle",
            org.name(),
            org.form(),
            unit.name(),
            chain.join(" → ")
        );
        cx.report_org(Rule::OrgCycle, o, &[], msg);
    }
}
