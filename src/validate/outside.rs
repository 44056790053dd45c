//! Rules of the organizations outside the 隶属 tree: temporary party organizations and
//! big party committees.

use crate::hierarchy::OrgLink;
use petgraph::stable_graph::NodeIndex;

use super::{Ctx, Rule, add_months};
use crate::relation::Relation;
use crate::unit::{ForbiddenActs, TaskPurpose};

/// Every rule of a temporary organization (临时党组织), based in its host. *O(degree)*.
pub(super) fn temporary(cx: &mut Ctx<'_>, ix: NodeIndex) {
    let h = cx.h;
    let org = h.org_ref(ix);
    let host = org.based_in().index();
    let info = org.temporary_info();
    let subject = format!(
        "{} ({}, based in {})",
        org.name(),
        org.form(),
        org.based_in().name()
    );
    let full = org.members().full;
    if full < cx.policy.temporary_min_full {
        let msg = format!(
            "{subject} has {full} full members; a temporary organization needs at least {}",
            cx.policy.temporary_min_full
        );
        cx.report_outside(Rule::TemporaryTooFew, ix, &[], msg);
    }
    if !info.is_some_and(|i| i.approved) {
        let msg = format!("{subject} has no recorded approval by its host's party organization");
        cx.report_outside(Rule::TemporaryNotApproved, ix, &[], msg);
    }
    if let (Some(founded), Some(dissolved)) = (org.founded(), org.dissolved())
        && dissolved < founded
    {
        let msg =
            format!("{subject} was dissolved on {dissolved}, before it was founded on {founded}");
        cx.report_outside(Rule::TemporaryDates, ix, &[], msg);
    }
    if org.exists_on(cx.as_of) {
        let mut reasons = Vec::new();
        if let Some(gone) = cx.details(host).dissolved
            && gone <= cx.as_of
        {
            reasons.push(format!(
                "its host {} was dissolved on {gone}",
                cx.named(host)
            ));
        }
        if let Some(ended) = info.and_then(|i| i.task_ended)
            && ended <= cx.as_of
        {
            reasons.push(format!("its task ended on {ended}"));
        }
        if !reasons.is_empty() {
            let msg = format!(
                "{subject} is still active on {}, but {}",
                cx.as_of,
                reasons.join(" and ")
            );
            cx.report_outside(Rule::TemporaryOutlived, ix, &[], msg);
        }
    }
    if let Some(acts) = info.map(|i| i.acts) {
        acts_rules(cx, ix, &subject, acts);
    }
    project_length(cx, ix, &subject);
}

/// The acts recorded against a temporary organization: [`Rule::TemporaryForbiddenAct`]
/// (dues, delegates, re-elections: "不"), [`Rule::TemporaryRecruitOrDiscipline`]
/// ("一般不"), [`Rule::TemporaryLeadersElected`] (its leaders are appointed, 指定).
fn acts_rules(cx: &mut Ctx<'_>, ix: NodeIndex, subject: &str, acts: ForbiddenActs) {
    let said = |list: &[(bool, &str)]| -> Vec<String> {
        list.iter()
            .filter(|(done, _)| *done)
            .map(|(_, what)| (*what).to_owned())
            .collect()
    };
    let never = said(&[
        (acts.collected_dues, "collected dues"),
        (
            acts.held_election,
            "elected delegates or held a re-election",
        ),
    ]);
    if !never.is_empty() {
        let msg = format!(
            "{subject} {}, which a temporary organization does not do",
            never.join(" and ")
        );
        cx.report_outside(Rule::TemporaryForbiddenAct, ix, &[], msg);
    }
    let normally_not = said(&[
        (acts.recruited, "recruited members"),
        (acts.disciplined, "disciplined members"),
    ]);
    if !normally_not.is_empty() {
        let msg = format!(
            "{subject} {}, which a temporary organization normally does not do (一般不)",
            normally_not.join(" and ")
        );
        cx.report_outside(Rule::TemporaryRecruitOrDiscipline, ix, &[], msg);
    }
    if acts.elected_leaders {
        let msg = format!(
            "{subject} elected its leaders; the organization that approved it appoints them (指定)"
        );
        cx.report_outside(Rule::TemporaryLeadersElected, ix, &[], msg);
    }
}

/// [`Rule::TemporaryProjectTooLong`]: a project's temporary organization that has run
/// longer than the policy allows — founded more than the period before the as-of date
/// (while active) or before its dissolution.
fn project_length(cx: &mut Ctx<'_>, ix: NodeIndex, subject: &str) {
    let org = cx.h.org_ref(ix);
    let Some(founded) = org.founded() else {
        return;
    };
    if org.temporary_info().map(|i| i.purpose) != Some(TaskPurpose::Project) || founded > cx.as_of {
        return;
    }
    let until = org.dissolved().map_or(cx.as_of, |d| d.min(cx.as_of));
    let months = cx.policy.temporary_project_max_months;
    let limit = add_months(founded, months);
    if until > limit {
        let msg = format!(
            "{subject} has served a project from {founded} to {until}, longer than {months} months: a project of {months} months or more forms a regular branch"
        );
        cx.report_outside(Rule::TemporaryProjectTooLong, ix, &[], msg);
    }
}

/// Every rule of a big party committee (大党委), based in its core. *O(degree log
/// degree)*.
pub(super) fn big_committee(cx: &mut Ctx<'_>, ix: NodeIndex) {
    let h = cx.h;
    let org = h.org_ref(ix);
    let core = org.based_in().index();
    let subject = format!(
        "{} ({}, based in {})",
        org.name(),
        org.form(),
        org.based_in().name()
    );
    let mut members = Vec::new();
    let mut part_time = Vec::new();
    for OrgLink {
        relation: r,
        unit: u,
        ..
    } in org.links()
    {
        match r {
            Relation::Member => members.push(u.index()),
            Relation::PartTime(n) => part_time.push((u.index(), n)),
            _ => {}
        }
    }
    members.sort_unstable();
    members.dedup();
    if members.len() < cx.policy.big_committee_min_members as usize {
        let msg = format!(
            "{subject} has {} member units; a big committee has at least {}",
            members.len(),
            cx.policy.big_committee_min_members
        );
        cx.report_outside(Rule::BigCommitteeTooFew, ix, &[], msg);
    }
    let mut known: Vec<NodeIndex> = std::iter::once(core).chain(members).collect();
    known.sort_unstable();
    known.dedup();
    for (u, n) in part_time {
        if known.binary_search(&u).is_err() {
            let msg = format!(
                "{subject} has {n} part-time committee members from {}, which is neither its core nor a member",
                cx.named(u)
            );
            cx.report_outside(Rule::BigCommitteeOutsider, ix, &[u], msg);
        }
    }
    if !org.exists_on(cx.as_of) {
        return;
    }
    for u in known {
        if let Some(gone) = cx.details(u).dissolved
            && gone <= cx.as_of
        {
            let role = if u == core { "core" } else { "member" };
            let msg = format!("{subject}'s {role} {} was dissolved on {gone}", cx.named(u));
            let others: &[NodeIndex] = if u == core { &[] } else { &[u] };
            cx.report_outside(Rule::BigCommitteeDissolvedMember, ix, others, msg);
        }
    }
}
