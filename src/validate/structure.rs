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

/// Scratch space for [`Rule::DuplicateSiblingName`]: the names of one parent's children
/// at a time, reused from parent to parent.
#[derive(Default)]
pub(super) struct SiblingNames {
    units: Vec<NodeIndex>,
    first: HashMap<NameId, NodeIndex>,
    repeated: Vec<NodeIndex>,
}

/// Up to this many siblings are compared pairwise, without hashing.
const PAIRWISE: usize = 8;

impl SiblingNames {
    /// Reports every name held by more than one of `units`, the children of `parent`
    /// (`None`: the roots), then clears itself. *O(units)* expected, no allocation per
    /// unit once warm; a few siblings are compared pairwise.
    fn check(
        &mut self,
        cx: &mut Ctx<'_>,
        parent: Option<NodeIndex>,
        units: impl Iterator<Item = NodeIndex>,
    ) {
        let h = cx.h;
        self.units.clear();
        self.units.extend(units);
        let n = self.units.len();
        if n < 2 {
            return;
        }
        let name = |ix: NodeIndex| h.node(ix).name;
        if n <= PAIRWISE {
            let u = &self.units;
            let clash = (1..n).any(|i| (0..i).any(|j| name(u[i]) == name(u[j])));
            if !clash {
                return;
            }
        }
        for &ix in &self.units {
            match self.first.entry(name(ix)) {
                Entry::Vacant(e) => {
                    e.insert(ix);
                }
                Entry::Occupied(_) => self.repeated.push(ix),
            }
        }
        if !self.repeated.is_empty() {
            let mut groups: HashMap<NameId, Vec<NodeIndex>> = HashMap::new();
            for ix in self.repeated.drain(..) {
                let name = h.node(ix).name;
                let first = self.first[&name];
                groups.entry(name).or_insert_with(|| vec![first]).push(ix);
            }
            for (_, mut group) in groups {
                group.sort_unstable_by_key(|&ix| cx.id(ix));
                let under = match parent {
                    None => "as roots".to_owned(),
                    Some(p) => format!("under {}", cx.named(p)),
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
        // Clearing costs the table's capacity: drop a table grown by one large family.
        if self.first.capacity() > 4 * n + 64 {
            self.first = HashMap::new();
        } else {
            self.first.clear();
        }
    }
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

/// The rules about one standing unit's place: [`Rule::RootKind`], [`Rule::ParentKind`],
/// and [`Rule::DuplicateSiblingName`] among the unit's children. *O(out-degree)*.
pub(super) fn unit(cx: &mut Ctx<'_>, ix: NodeIndex, p: usize, names: &mut SiblingNames) {
    let h = cx.h;
    let node = &h.node(ix);
    let kind = node.unit_kind();
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
        Some(pix) if !h.node(pix).unit_kind().may_contain(kind) => {
            let msg = format!(
                "{} stands under {}, which may not contain a {kind}",
                cx.subject(ix),
                cx.named(pix)
            );
            cx.report(Rule::ParentKind, vec![node.id, cx.id(pix)], msg);
        }
        _ => {}
    }
    // Siblings are compared at their parent, so the scope's own root (whose siblings
    // are out of scope) is compared with none.
    if cx.wants(Rule::DuplicateSiblingName) {
        // The children from the layout: the first follows the unit, each next one
        // follows the previous one's subtree.
        let layout = cx.layout;
        let end = layout.end[p] as usize;
        let mut c = p + 1;
        let children = std::iter::from_fn(|| {
            (c < end).then(|| {
                let child = layout.order[c];
                c = layout.end[c] as usize;
                child
            })
        });
        names.check(cx, Some(ix), children);
    }
}

/// [`Rule::DuplicateSiblingName`] among the roots of the forest. *O(roots)*.
pub(super) fn root_names(cx: &mut Ctx<'_>, names: &mut SiblingNames) {
    if !cx.wants(Rule::DuplicateSiblingName) {
        return;
    }
    // Each root's subtree ends where the next root begins.
    let layout = cx.layout;
    let mut p = 0;
    let roots = std::iter::from_fn(|| {
        (p < layout.len()).then(|| {
            let root = layout.order[p];
            p = layout.end[p] as usize;
            root
        })
    });
    names.check(cx, None, roots);
}

/// The code rules of one coded node: [`Rule::CodeParent`], [`Rule::CodeLevel`],
/// [`Rule::CodeType`]. *O(1)* expected.
fn code_rules(cx: &mut Ctx<'_>, ix: NodeIndex, code: DivisionCode) {
    let h = cx.h;
    let node = &h.node(ix);
    let kind = node.unit_kind();
    let parent = cx
        .layout
        .position(ix)
        .map(|p| cx.layout.parent[p as usize])
        .filter(|&pp| pp != NONE)
        .map(|pp| cx.layout.order[pp as usize]);
    if let Some(pix) = parent
        && let Some(pc) = h.code_of(pix)
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

/// Every code rule in one pass over the code table (so that the many uncoded units cost
/// nothing): [`code_rules`] for each coded node in scope, and [`Rule::DuplicateCode`] for
/// every group of units sharing a code with a unit in scope. *O(coded units)*.
///
/// Duplicates are found through the hierarchy's code index, which maps a code to one of
/// its holders: a unit that is not its code's indexed holder is a candidate (stale or
/// missing index entries make candidates too, never hide one). Only when there are
/// candidates does a second pass group the holders of their codes, so a clean table costs
/// one lookup per coded unit and no extra space.
pub(super) fn codes(cx: &mut Ctx<'_>) {
    let h = cx.h;
    let duplicates = cx.wants(Rule::DuplicateCode);
    let mut suspect: HashMap<DivisionCode, Vec<NodeIndex>> = HashMap::new();
    for (ix, code) in h.coded() {
        if cx.in_scope(ix) {
            code_rules(cx, ix, code);
        }
        if duplicates && h.code_owner(code) != Some(ix) {
            suspect.insert(code, Vec::new());
        }
    }
    if suspect.is_empty() {
        return;
    }
    for (ix, code) in h.coded() {
        if let Some(group) = suspect.get_mut(&code) {
            group.push(ix);
        }
    }
    for (code, mut group) in suspect {
        if group.len() < 2 || !group.iter().any(|&ix| cx.in_scope(ix)) {
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

/// [`Rule::DissolvedBeforeFounded`] for a unit. *O(1)*.
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
