//! Rules of the organizations outside the 隶属 tree: temporary party organizations and
//! big party committees.

use petgraph::stable_graph::NodeIndex;

use super::{Ctx, Rule};
use crate::relation::Relation;

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
    if let Some(acts) = info.map(|i| i.acts)
        && acts.any()
    {
        let list: Vec<&str> = [
            (acts.recruited, "recruited members"),
            (acts.disciplined, "disciplined members"),
            (acts.collected_dues, "collected dues"),
            (acts.held_election, "held an election"),
        ]
        .into_iter()
        .filter_map(|(done, what)| done.then_some(what))
        .collect();
        let msg = format!(
            "{subject} {}, which a temporary organization may not do",
            list.join(", ")
        );
        cx.report_outside(Rule::TemporaryForbiddenAct, ix, &[], msg);
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
    for (r, u) in org.links() {
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
