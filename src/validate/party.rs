//! Party-organization, term and weak-and-lax rules of one standing unit.

use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::{Ctx, Rule, add_months, sub_months};
use crate::relation::Relation;
use crate::unit::{OrgDetails, PartyForm, UnitKind};

/// Every party-organization, term and weak-and-lax rule of the standing unit at layout
/// position `p`. Units that do not exist on the as-of date (dissolved, or not yet
/// founded) are skipped. *O(out-degree)* for a joint branch, *O(1)* otherwise.
///
/// Member counts: a branch counts its unit's own members; a joint branch adds the members
/// of the units it covers; a general branch or grassroots committee counts the members of
/// its unit's whole subtree (its sub-organizations are part of it), read from the layout's
/// cached totals.
pub(super) fn unit(cx: &mut Ctx<'_>, ix: NodeIndex, p: usize) {
    let h = cx.h;
    let node = &h.node(ix);
    let details = cx.details(ix);
    if !details.exists_on(cx.as_of) {
        return;
    }
    let org = details.org.as_ref();
    match h.party_form_of(ix) {
        None => {
            // An organization recorded in its own right, based in the unit or covering
            // it, is its organization too.
            let covered = h.covered_by_recorded_org_ix(ix);
            if node.full >= cx.policy.own_organization_min_full && !covered {
                let msg = format!(
                    "{} has {} full members but no party organization of its own (required from {})",
                    cx.subject(ix),
                    node.full,
                    cx.policy.own_organization_min_full
                );
                cx.report(Rule::NoOrganization, vec![node.id], msg);
            }
        }
        Some(form @ (PartyForm::Branch | PartyForm::JointBranch)) => {
            branch(cx, ix, form);
        }
        Some(PartyForm::GeneralBranch | PartyForm::Committee)
            if above_grassroots(node.unit_kind()) => {}
        Some(form @ (PartyForm::GeneralBranch | PartyForm::Committee)) => {
            let [full, probationary] = cx.layout.totals[p];
            let total = full.saturating_add(probationary);
            let approved = org.is_some_and(|o| o.approved_exception);
            let village = node.unit_kind() == UnitKind::Village;
            if village && form == PartyForm::Committee && !approved {
                let msg = format!(
                    "{} has a village party committee of {total} members with no recorded approval of the county committee",
                    cx.subject(ix)
                );
                cx.report(Rule::VillageCommitteeNotApproved, vec![node.id], msg);
            }
            // A village's general branch needs more than the threshold (党员人数50人以上).
            let too_small = |min: u64| {
                if village && form == PartyForm::GeneralBranch {
                    total <= min
                } else {
                    total < min
                }
            };
            let (rule, what, min) = if form == PartyForm::GeneralBranch {
                (
                    Rule::GeneralBranchTooSmall,
                    "general branch",
                    cx.policy.general_branch_min_members,
                )
            } else {
                (
                    Rule::CommitteeTooSmall,
                    "grassroots committee",
                    cx.policy.committee_min_members,
                )
            };
            if too_small(min) && !approved {
                let below = if village && form == PartyForm::GeneralBranch {
                    format!("not more than {min}")
                } else {
                    format!("below {min}")
                };
                let msg = format!(
                    "{} has a {what} of {total} members in its subtree, {below}, with no recorded approval",
                    cx.subject(ix)
                );
                cx.report(rule, vec![node.id], msg);
            }
        }
    }
    if let Some(org) = org {
        terms(cx, ix, node.unit_kind(), h.party_form_of(ix), org);
        weak_lax(cx, ix, org);
    }
}

/// Whether a unit of `kind` holds a local committee or a working committee rather than a
/// grassroots organization in the one-table form: a district's, city's or province's
/// organization is a local committee (区委 …), a street's is its working committee
/// (街道党工委), a body the local committee dispatches. The grassroots thresholds
/// ([`Rule::GeneralBranchTooSmall`], [`Rule::CommitteeTooSmall`]) do not apply to them
/// (党章 ch. 5: 党的基层组织; ch. 4 for local committees and their dispatched bodies).
pub(super) fn above_grassroots(kind: UnitKind) -> bool {
    matches!(
        kind,
        UnitKind::District | UnitKind::City | UnitKind::Province | UnitKind::Street
    )
}

/// Whether the organization of the unit `ix` is a village or community organization or
/// stands under one (a co-op's, federation's or estate's below a village or community),
/// and so has the village term ([`Policy::term_years_at`](super::Policy::term_years_at)).
/// *O(depth)*, at most the three levels a co-op may stand below a village.
pub(super) fn village_level(cx: &Ctx<'_>, ix: NodeIndex) -> bool {
    let mut u = cx.unit(ix);
    for _ in 0..4 {
        match u.kind() {
            UnitKind::Village | UnitKind::Community => return true,
            UnitKind::Federation | UnitKind::EconomicCoop | UnitKind::Estate => {}
            _ => return false,
        }
        match u.parent() {
            Some(p) => u = p,
            None => return false,
        }
    }
    false
}

/// The rules of a branch or joint branch: size, committee, coverage.
fn branch(cx: &mut Ctx<'_>, ix: NodeIndex, form: PartyForm) {
    let h = cx.h;
    let node = &h.node(ix);
    let mut full = u64::from(node.full);
    let mut probationary = u64::from(node.probationary);
    if form == PartyForm::JointBranch {
        // The units its own organization (the joint branch) covers.
        let mut covered: Vec<NodeIndex> = h
            .own_org_ix(ix)
            .into_iter()
            .flat_map(|o| h.edges_out(o))
            .filter(|e| *e.weight() == Relation::Covers && e.target() != ix)
            .map(|e| e.target())
            .collect();
        covered.sort_unstable();
        covered.dedup();
        for &c in &covered {
            // At most u32::MAX edges of u32 counts: the u64 sums cannot overflow.
            full += u64::from(h.node(c).full);
            probationary += u64::from(h.node(c).probationary);
        }
        let units = covered.len() + 1;
        if units > cx.policy.joint_branch_max_units as usize {
            covered.sort_unstable_by_key(|&c| cx.id(c));
            let list: Vec<String> = covered.iter().map(|&c| cx.named(c).to_string()).collect();
            let msg = format!(
                "{} has a joint branch covering {units} units, itself and {}; at most {}",
                cx.subject(ix),
                list.join(", "),
                cx.policy.joint_branch_max_units
            );
            let ids = std::iter::once(node.id)
                .chain(covered.iter().map(|&c| cx.id(c)))
                .collect();
            cx.report(Rule::JointBranchTooWide, ids, msg);
        }
    }
    let what = if form == PartyForm::JointBranch {
        "joint branch"
    } else {
        "branch"
    };
    let total = full + probationary;
    if total > cx.policy.branch_max_members {
        let msg = format!(
            "{} has a {what} of {total} members ({full} full, {probationary} probationary), over {}",
            cx.subject(ix),
            cx.policy.branch_max_members
        );
        cx.report(Rule::BranchTooLarge, vec![node.id], msg);
    }
    let size = node.committee_size();
    let (min, max) = (cx.policy.committee_min_size, cx.policy.committee_max_size);
    if full >= u64::from(cx.policy.committee_from_full) {
        match size {
            None => {
                let msg = format!(
                    "{} has a {what} of {full} full members but no branch committee (required from {} full members)",
                    cx.subject(ix),
                    cx.policy.committee_from_full
                );
                cx.report(Rule::CommitteeMissing, vec![node.id], msg);
            }
            Some(s) if s < min || s > max => {
                let msg = format!(
                    "{} has a branch committee of {s}, outside {min}-{max}",
                    cx.subject(ix)
                );
                cx.report(Rule::CommitteeSize, vec![node.id], msg);
            }
            Some(_) => {}
        }
    } else if let Some(s) = size
        && s > cx.policy.small_branch_max_leaders
    {
        let msg = format!(
            "{} has a {what} of {full} full members with a committee of {s}; below {} full members a secretary and at most one deputy ({}) lead it",
            cx.subject(ix),
            cx.policy.committee_from_full,
            cx.policy.small_branch_max_leaders
        );
        cx.report(Rule::SmallBranchCommittee, vec![node.id], msg);
    }
}

/// [`Rule::TermOverdue`], [`Rule::ElectionDueSoon`], [`Rule::ElectionShifted`],
/// [`Rule::TermLength`].
fn terms(
    cx: &mut Ctx<'_>,
    ix: NodeIndex,
    kind: UnitKind,
    form: Option<PartyForm>,
    org: &OrgDetails,
) {
    let id = cx.id(ix);
    let Some(term) = org.term else {
        return;
    };
    let village = village_level(cx, ix);
    let ends = term.ends();
    if cx.as_of > ends {
        let days = (cx.as_of - ends).num_days();
        let msg = format!(
            "{}'s term (elected {}, {} years) ended on {ends}; the election is {days} days overdue on {}",
            cx.subject(ix),
            term.elected,
            term.years,
            cx.as_of
        );
        cx.report(Rule::TermOverdue, vec![id], msg);
    } else if ends <= add_months(cx.as_of, cx.policy.election_reminder_months) {
        let msg = format!(
            "{}'s term (elected {}, {} years) ends on {ends}, within {} months of {}: prepare the election",
            cx.subject(ix),
            term.elected,
            term.years,
            cx.policy.election_reminder_months,
            cx.as_of
        );
        cx.report(Rule::ElectionDueSoon, vec![id], msg);
    }
    if let Some(due) = org.due {
        let shift = cx.policy.election_shift_months;
        let how = if term.elected < sub_months(due, shift) {
            Some("advanced")
        } else if term.elected > add_months(due, shift) {
            Some("postponed")
        } else {
            None
        };
        if let Some(how) = how {
            let msg = format!(
                "{}'s election on {} was {how} from {due} by more than {shift} months",
                cx.subject(ix),
                term.elected
            );
            cx.report(Rule::ElectionShifted, vec![id], msg);
        }
    }
    if let Some(form) = form {
        let expected = cx.policy.term_years_at(form, village);
        if term.years != expected {
            let msg = format!(
                "{}'s {} has a term of {} years; the term is {expected} years",
                cx.subject(ix),
                form_name(kind, form),
                term.years
            );
            cx.report(Rule::TermLength, vec![id], msg);
        }
    }
}

fn form_name(kind: UnitKind, form: PartyForm) -> &'static str {
    match (kind, form) {
        (UnitKind::Village, _) => "village organization",
        (UnitKind::Community, _) => "community organization",
        (UnitKind::EconomicCoop, _) => "co-op organization",
        (UnitKind::Federation, _) => "federation organization",
        (_, PartyForm::Committee) => "grassroots committee",
        (_, PartyForm::GeneralBranch) => "general branch",
        (_, PartyForm::Branch) => "branch",
        (_, PartyForm::JointBranch) => "joint branch",
    }
}

/// [`Rule::WeakLaxNotAccepted`], [`Rule::WeakLaxAcceptedEarly`], [`Rule::WeakLaxAcceptedLate`],
/// [`Rule::WeakLaxNoFirstSecretary`].
fn weak_lax(cx: &mut Ctx<'_>, ix: NodeIndex, org: &OrgDetails) {
    let Some(w) = org.weak_lax else {
        return;
    };
    let id = cx.id(ix);
    if let Some(accepted) = w.accepted
        && accepted < w.identified
    {
        let msg = format!(
            "{}'s weak-and-lax rectification was accepted on {accepted}, before it was identified on {}",
            cx.subject(ix),
            w.identified
        );
        cx.report(Rule::WeakLaxAcceptedEarly, vec![id], msg);
    }
    let deadline = add_months(w.identified, cx.policy.weak_lax_acceptance_months);
    if let Some(a) = w.accepted
        && a <= cx.as_of
        && a > deadline
    {
        let msg = format!(
            "{}'s weak-and-lax rectification was accepted on {a}, more than {} months after its identification on {} (due by {deadline})",
            cx.subject(ix),
            cx.policy.weak_lax_acceptance_months,
            w.identified
        );
        cx.report(Rule::WeakLaxAcceptedLate, vec![id], msg);
    }
    let rectifying = w.identified <= cx.as_of && w.accepted.is_none_or(|a| a > cx.as_of);
    if rectifying
        && cx.h.node(ix).unit_kind() == UnitKind::Village
        && cx.wants(Rule::WeakLaxNoFirstSecretary)
        && !super::pairing::has_first_secretary(cx, ix)
    {
        let msg = format!(
            "{} is being rectified as weak and lax (identified on {}) but has no first secretary on {}",
            cx.subject(ix),
            w.identified,
            cx.as_of
        );
        cx.report(Rule::WeakLaxNoFirstSecretary, vec![id], msg);
    }
    let accepted = w.accepted.is_some_and(|a| a <= cx.as_of);
    if !accepted && cx.as_of > deadline {
        let msg = format!(
            "{} was identified as weak and lax on {}; no acceptance is recorded by {} (due by {deadline})",
            cx.subject(ix),
            w.identified,
            cx.as_of
        );
        cx.report(Rule::WeakLaxNotAccepted, vec![id], msg);
    }
}
