//! The bare parent-array pass, the limit of an all-subtrees rollup, and the arrays it runs
//! on, taken from a hierarchy through the public API. Shared by `benches/hierarchy.rs`
//! and `examples/national.rs` (`#[path]`).

use partyorg::Hierarchy;

/// The limit of an all-subtrees rollup: parents in pre-order, members copied into a fresh
/// vector and summed into every parent in one reverse pass. Returns the roots' total.
pub fn bare_pass(parents: &[u32], members: &[u64]) -> u64 {
    let mut totals = members.to_vec();
    for i in (0..totals.len()).rev() {
        let p = parents[i];
        if p != u32::MAX {
            totals[p as usize] += totals[i];
        }
    }
    parents
        .iter()
        .zip(&totals)
        .filter(|(p, _)| **p == u32::MAX)
        .map(|(_, t)| *t)
        .sum()
}

/// Pre-order parents and full members of the place tree, through the public API.
pub fn place_arrays(h: &Hierarchy) -> (Vec<u32>, Vec<u64>) {
    let max = h.units().map(|u| u.id().0).max().unwrap_or(0) as usize;
    let mut pos = vec![u32::MAX; max + 1];
    let (mut parents, mut members) = (Vec::new(), Vec::new());
    for r in h.roots() {
        for u in h.subtree(r.id()).expect("a root").map(|v| v.unit) {
            pos[u.id().0 as usize] = parents.len() as u32;
            parents.push(u.parent().map_or(u32::MAX, |p| pos[p.id().0 as usize]));
            members.push(u64::from(u.members().full));
        }
    }
    (parents, members)
}

/// Pre-order parents and full members of the organization tree.
pub fn org_arrays(h: &Hierarchy) -> (Vec<u32>, Vec<u64>) {
    let max = h.orgs().map(|o| o.id().0).max().unwrap_or(0) as usize;
    let mut pos = vec![u32::MAX; max + 1];
    let (mut parents, mut members) = (Vec::new(), Vec::new());
    let roots: Vec<_> = h.org_roots().map(|o| o.id()).collect();
    for r in roots {
        for o in h.org_subtree(r).expect("a root") {
            pos[o.id().0 as usize] = parents.len() as u32;
            parents.push(o.superior().map_or(u32::MAX, |s| pos[s.id().0 as usize]));
            members.push(u64::from(o.members().full));
        }
    }
    (parents, members)
}
