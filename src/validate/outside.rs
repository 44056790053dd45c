//! Rules of the organizations outside the tree: temporary party organizations and big
//! party committees.

use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::{Ctx, Rule};
use crate::relation::Relation;

/// Every rule of a temporary organization (临时党组织). *O(degree)*.
pub(super) fn temporary(cx: &mut Ctx<'_>, ix: NodeIndex) {
    let h = cx.h;
    let node = &h.node(ix);
    let id = node.id;
    let d = cx.details(ix);
    let info = d.temporary;
    if node.full < cx.policy.temporary_min_full {
        let msg = format!(
            "{} has {} full members; a temporary organization needs at least {}",
            cx.subject(ix),
            node.full,
            cx.policy.temporary_min_full
        );
        cx.report(Rule::TemporaryTooFew, vec![id], msg);
    }
    let host = h
        .edges_in(ix)
        .find(|e| *e.weight() == Relation::Hosts)
        .map(|e| e.source());
    if host.is_none() {
        let msg = format!("{} has no host unit", cx.subject(ix));
        cx.report(Rule::TemporaryNoHost, vec![id], msg);
    }
    if !info.is_some_and(|i| i.approved) {
        let msg = format!(
            "{} has no recorded approval by its host's party organization",
            cx.subject(ix)
        );
        cx.report(Rule::TemporaryNotApproved, vec![id], msg);
    }
    if let (Some(founded), Some(dissolved)) = (d.founded, d.dissolved)
        && dissolved < founded
    {
        let msg = format!(
            "{} was dissolved on {dissolved}, before it was founded on {founded}",
            cx.subject(ix)
        );
        cx.report(Rule::TemporaryDates, vec![id], msg);
    }
    if d.exists_on(cx.as_of) {
        let mut reasons = Vec::new();
        let mut units = vec![id];
        if let Some(hix) = host
            && let Some(gone) = cx.details(hix).dissolved
            && gone <= cx.as_of
        {
            reasons.push(format!(
                "its host {} was dissolved on {gone}",
                cx.named(hix)
            ));
            units.push(cx.id(hix));
        }
        if let Some(ended) = info.and_then(|i| i.task_ended)
            && ended <= cx.as_of
        {
            reasons.push(format!("its task ended on {ended}"));
        }
        if !reasons.is_empty() {
            let msg = format!(
                "{} is still active on {}, but {}",
                cx.subject(ix),
                cx.as_of,
                reasons.join(" and ")
            );
            cx.report(Rule::TemporaryOutlived, units, msg);
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
            "{} {}, which a temporary organization may not do",
            cx.subject(ix),
            list.join(", ")
        );
        cx.report(Rule::TemporaryForbiddenAct, vec![id], msg);
    }
}

/// Every rule of a big party committee (大党委). *O(degree log degree)*.
pub(super) fn big_committee(cx: &mut Ctx<'_>, ix: NodeIndex) {
    let h = cx.h;
    let id = cx.id(ix);
    let mut cores = Vec::new();
    let mut members = Vec::new();
    let mut part_time = Vec::new();
    for e in h.edges_out(ix) {
        match *e.weight() {
            Relation::Core => cores.push(e.target()),
            Relation::Member => members.push(e.target()),
            Relation::PartTime(n) => part_time.push((e.target(), n)),
            _ => {}
        }
    }
    members.sort_unstable();
    members.dedup();
    if cores.is_empty() {
        let msg = format!("{} has no core unit (一核)", cx.subject(ix));
        cx.report(Rule::BigCommitteeNoCore, vec![id], msg);
    }
    if members.len() < cx.policy.big_committee_min_members as usize {
        let msg = format!(
            "{} has {} member units; a big committee has at least {}",
            cx.subject(ix),
            members.len(),
            cx.policy.big_committee_min_members
        );
        cx.report(Rule::BigCommitteeTooFew, vec![id], msg);
    }
    let mut known: Vec<NodeIndex> = cores.iter().chain(&members).copied().collect();
    known.sort_unstable();
    known.dedup();
    for (u, n) in part_time {
        if known.binary_search(&u).is_err() {
            let msg = format!(
                "{} has {n} part-time committee members from {}, which is neither its core nor a member",
                cx.subject(ix),
                cx.named(u)
            );
            cx.report(Rule::BigCommitteeOutsider, vec![id, cx.id(u)], msg);
        }
    }
    if !cx.details(ix).exists_on(cx.as_of) {
        return;
    }
    for u in known {
        if let Some(gone) = cx.details(u).dissolved
            && gone <= cx.as_of
        {
            let role = if cores.contains(&u) { "core" } else { "member" };
            let msg = format!(
                "{}'s {role} {} was dissolved on {gone}",
                cx.subject(ix),
                cx.named(u)
            );
            cx.report(Rule::BigCommitteeDissolvedMember, vec![id, cx.id(u)], msg);
        }
    }
}
