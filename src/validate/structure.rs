//! Structure rules: parents and roots, division codes, duplicate codes and sibling names;
//! and the date-consistency rule of units.

use hashbrown::HashMap;
use hashbrown::hash_map::Entry;
use petgraph::stable_graph::NodeIndex;

use super::{Ctx, Rule};
use crate::code::{CodeLevel, DivisionCode, NbsType};
use crate::names::NameId;

/// The layout's "no parent" position (`u32::MAX`).
const NONE: u32 = u32::MAX;

/// Names seen per parent position (`NONE` for roots), to find duplicate sibling names in
/// one pass.
#[derive(Default)]
pub(super) struct SiblingNames {
    first: HashMap<(u32, NameId), NodeIndex>,
    /// Groups with more than one unit: the first unit's key → every unit after it.
    dups: HashMap<(u32, NameId), Vec<NodeIndex>>,
}

fn level_name(level: CodeLevel) -> &'static str {
    match level {
        CodeLevel::Province => "province",
        CodeLevel::City => "city",
        CodeLevel::County => "county",
        CodeLevel::Township => "township",
        CodeLevel::Village => "village",
    }
}

fn type_name(t: NbsType) -> &'static str {
    match t {
        NbsType::Street => "street (001-099)",
        NbsType::Town => "town (100-199)",
        NbsType::Township => "township (200-399)",
        NbsType::TownLike => "town-like unit (400-599)",
        NbsType::ResidentsCommittee => "residents' committee (001-199)",
        NbsType::VillagersCommittee => "villagers' committee (200-399)",
        NbsType::CommunityLike => "community-like unit (400-499)",
        NbsType::VillageLike => "village-like unit (500-599)",
        NbsType::Other => "undocumented range (600-999)",
    }
}

/// The rules about one standing unit's place and code: [`Rule::RootKind`],
/// [`Rule::ParentKind`], [`Rule::CodeParent`], [`Rule::CodeLevel`], [`Rule::CodeType`];
/// and it records the unit's name for [`Rule::DuplicateSiblingName`]. *O(1)* expected.
pub(super) fn unit(cx: &mut Ctx<'_>, ix: NodeIndex, p: usize, names: &mut SiblingNames) {
    let h = cx.h;
    let node = &h.graph[ix];
    let kind = node.kind;
    let parent_pos = cx.layout.parent[p];
    let parent = (parent_pos != NONE).then(|| cx.layout.order[parent_pos as usize]);
    match parent {
        None if !kind.may_be_root() => {
            let msg = format!(
                "{} has no parent, but a {kind} may not be a root (only provinces, cities and districts may)",
                cx.subject(ix)
            );
            cx.report(Rule::RootKind, vec![node.id], msg);
        }
        Some(pix) if !h.graph[pix].kind.may_contain(kind) => {
            let msg = format!(
                "{} stands under {}, which may not contain a {kind}",
                cx.subject(ix),
                cx.named(pix)
            );
            cx.report(Rule::ParentKind, vec![node.id, cx.id(pix)], msg);
        }
        _ => {}
    }
    if let Some(&code) = h.codes.get(&ix) {
        if let Some(pix) = parent
            && let Some(&pc) = h.codes.get(&pix)
            && !code.extends(pc)
        {
            let msg = format!(
                "{} has code {code}, which does not extend the code {pc} of its parent {}",
                cx.subject(ix),
                cx.named(pix)
            );
            cx.report(Rule::CodeParent, vec![node.id, cx.id(pix)], msg);
        }
        if let Some(level) = kind.code_level() {
            if code.level() != level {
                let msg = format!(
                    "{} has code {code} of {} level, but a {kind} carries a {}-level code",
                    cx.subject(ix),
                    level_name(code.level()),
                    level_name(level)
                );
                cx.report(Rule::CodeLevel, vec![node.id], msg);
            } else if let Some(t) = code.nbs_type()
                && !kind.agrees_with(t)
            {
                let msg = format!(
                    "{} has code {code} in the range of a {}, which does not fit a {kind}",
                    cx.subject(ix),
                    type_name(t)
                );
                cx.report(Rule::CodeType, vec![node.id], msg);
            }
        }
    }
    // The scope's own root is compared with no siblings: they are out of scope.
    if !(cx.scoped && p == cx.range.start) && cx.wants(Rule::DuplicateSiblingName) {
        let key = (parent_pos, node.name);
        match names.first.entry(key) {
            Entry::Vacant(e) => {
                e.insert(ix);
            }
            Entry::Occupied(_) => names.dups.entry(key).or_default().push(ix),
        }
    }
}

/// [`Rule::DuplicateSiblingName`] from the names gathered by [`unit`]. *O(duplicates)*.
pub(super) fn sibling_names(cx: &mut Ctx<'_>, names: SiblingNames) {
    for (key, rest) in names.dups {
        let Some(&first) = names.first.get(&key) else {
            continue;
        };
        let mut group: Vec<NodeIndex> = std::iter::once(first).chain(rest).collect();
        group.sort_unstable_by_key(|&ix| cx.id(ix));
        let under = if key.0 == NONE {
            "as roots".to_owned()
        } else {
            format!("under {}", cx.named(cx.layout.order[key.0 as usize]))
        };
        let others: Vec<String> = group[1..]
            .iter()
            .map(|&ix| cx.named(ix).to_string())
            .collect();
        let msg = format!(
            "{} has the same name as {} {under}",
            cx.subject(group[0]),
            others.join(", ")
        );
        let ids = group.iter().map(|&ix| cx.id(ix)).collect();
        cx.report(Rule::DuplicateSiblingName, ids, msg);
    }
}

/// [`Rule::DuplicateCode`]: one pass over the code table, reporting every group of units
/// sharing a code with a unit in scope. *O(coded units)*.
pub(super) fn duplicate_codes(cx: &mut Ctx<'_>) {
    if !cx.wants(Rule::DuplicateCode) {
        return;
    }
    let h = cx.h;
    let mut first: HashMap<DivisionCode, NodeIndex> = HashMap::with_capacity(h.codes.len());
    let mut dups: HashMap<DivisionCode, Vec<NodeIndex>> = HashMap::new();
    for (&ix, &code) in &h.codes {
        match first.entry(code) {
            Entry::Vacant(e) => {
                e.insert(ix);
            }
            Entry::Occupied(_) => dups.entry(code).or_default().push(ix),
        }
    }
    for (code, rest) in dups {
        let Some(&f) = first.get(&code) else {
            continue;
        };
        let mut group: Vec<NodeIndex> = std::iter::once(f).chain(rest).collect();
        if !group.iter().any(|&ix| cx.in_scope(ix)) {
            continue;
        }
        group.sort_unstable_by_key(|&ix| cx.id(ix));
        let others: Vec<String> = group[1..]
            .iter()
            .map(|&ix| cx.named(ix).to_string())
            .collect();
        let msg = format!(
            "{} has code {code}, which {} also {}",
            cx.subject(group[0]),
            others.join(", "),
            if others.len() == 1 { "has" } else { "have" }
        );
        let ids = group.iter().map(|&ix| cx.id(ix)).collect();
        cx.report(Rule::DuplicateCode, ids, msg);
    }
}

/// [`Rule::DissolvedBeforeFounded`] for a standing unit or big committee. *O(1)*.
pub(super) fn dates(cx: &mut Ctx<'_>, ix: NodeIndex) {
    let d = cx.details(ix);
    if let (Some(founded), Some(dissolved)) = (d.founded, d.dissolved)
        && dissolved < founded
    {
        let msg = format!(
            "{} was dissolved on {dissolved}, before it was founded on {founded}",
            cx.subject(ix)
        );
        cx.report(Rule::DissolvedBeforeFounded, vec![cx.id(ix)], msg);
    }
}
