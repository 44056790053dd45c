//! Hierarchy queries: parent, children, ancestors, descendants, paths, common ancestors,
//! and the relations of a unit. All traversals are iterative.

use std::fmt;

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::{EdgeReference, NodeIndex};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};

use super::{AGRICULTURAL, Hierarchy, NodeKind, OrgLink, OrgRef};
use crate::code::DivisionCode;
use crate::error::HierarchyError;
use crate::org::OrgForm;
use crate::relation::{Link, PairingLink, Relation};
use crate::unit::{Details, Members, PartyForm, Unit, UnitId, UnitKind};

/// A borrowed view of one unit of a [`Hierarchy`].
#[derive(Clone, Copy)]
pub struct UnitRef<'a> {
    h: &'a Hierarchy,
    ix: NodeIndex,
}

impl<'a> UnitRef<'a> {
    pub(crate) fn new(h: &'a Hierarchy, ix: NodeIndex) -> Self {
        UnitRef { h, ix }
    }

    pub(crate) fn index(&self) -> NodeIndex {
        self.ix
    }

    pub(crate) fn hierarchy(&self) -> &'a Hierarchy {
        self.h
    }

    /// Its id.
    pub fn id(&self) -> UnitId {
        self.h.graph[self.ix].id
    }

    /// Its kind.
    pub fn kind(&self) -> UnitKind {
        self.h.graph[self.ix].unit_kind()
    }

    /// Its name.
    pub fn name(&self) -> &'a str {
        self.h.names.get(self.h.graph[self.ix].name)
    }

    /// Its division code.
    pub fn code(&self) -> Option<DivisionCode> {
        self.h.codes.get(&self.ix).copied()
    }

    /// Its party members.
    pub fn members(&self) -> Members {
        self.h.graph[self.ix].members()
    }

    /// The form of its party organization, if it has one.
    pub fn party_form(&self) -> Option<PartyForm> {
        self.h.party_form_of(self.ix)
    }

    /// The size of its party organization's elected committee, if one is elected.
    pub fn committee_size(&self) -> Option<u8> {
        self.h.graph[self.ix].committee_size()
    }

    /// Whether it is an agricultural (涉农) town or street.
    pub fn is_agricultural(&self) -> bool {
        self.h.graph[self.ix].flags & AGRICULTURAL != 0
    }

    /// Its rarer facts (empty for most units).
    pub fn details(&self) -> &'a Details {
        self.h
            .details
            .get(&self.ix)
            .map_or(&crate::unit::EMPTY_DETAILS, |d| d)
    }

    /// Its parent in the tree.
    pub fn parent(&self) -> Option<UnitRef<'a>> {
        self.h.parent_ix(self.ix).map(|p| UnitRef::new(self.h, p))
    }

    /// Its external key: the explicit key it was given, or its id's number.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道").with_key("JH-001"))?;
    /// assert_eq!((h.unit(d)?.key(), h.unit(s)?.key()), ("0".into(), "JH-001".into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn key(&self) -> std::borrow::Cow<'a, str> {
        self.h.key_text(self.ix)
    }

    /// Its explicit key, if it was given one (none for a unit keyed by its id).
    pub(crate) fn explicit_key(&self) -> Option<&'a str> {
        self.h.explicit_key(self.ix)
    }

    /// An owned copy of everything it says about itself.
    pub fn to_unit(&self) -> Unit {
        let mut u = Unit::new(self.kind(), self.name());
        u.key = self.h.explicit_key(self.ix).map(str::to_owned);
        u.code = self.code();
        u.members = self.members();
        u.party_form = self.party_form();
        u.committee_size = self.committee_size();
        u.agricultural = self.is_agricultural();
        u.details = self.details().clone();
        u
    }
}

impl fmt::Debug for UnitRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnitRef")
            .field("id", &self.id())
            .field("kind", &self.kind())
            .field("name", &self.name())
            .finish()
    }
}

impl PartialEq for UnitRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.h, other.h) && self.ix == other.ix
    }
}

impl Eq for UnitRef<'_> {}

/// The children of a unit, in the order they were attached. From
/// [`Hierarchy::children`].
#[derive(Debug)]
pub struct Children<'a> {
    h: &'a Hierarchy,
    inner: std::iter::Rev<std::vec::IntoIter<NodeIndex>>,
}

impl<'a> Iterator for Children<'a> {
    type Item = UnitRef<'a>;
    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next().map(|ix| UnitRef::new(self.h, ix))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl ExactSizeIterator for Children<'_> {}

/// The ancestors of a unit, nearest first. From [`Hierarchy::ancestors`].
#[derive(Debug)]
pub struct Ancestors<'a> {
    h: &'a Hierarchy,
    next: Option<NodeIndex>,
}

impl<'a> Iterator for Ancestors<'a> {
    type Item = UnitRef<'a>;
    fn next(&mut self) -> Option<Self::Item> {
        let ix = self.next?;
        self.next = self.h.parent_ix(ix);
        Some(UnitRef::new(self.h, ix))
    }
}

/// A unit reached by [`Hierarchy::subtree`], with its depth below the subtree's unit (the
/// unit itself is at depth 0, its children at 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Visit<'a> {
    /// The unit.
    pub unit: UnitRef<'a>,
    /// Its depth below the starting unit.
    pub depth: u32,
}

/// The units of a subtree in pre-order, the unit first (children in attachment order),
/// optionally limited in depth. From [`Hierarchy::subtree`].
#[derive(Debug)]
pub struct Subtree<'a> {
    h: &'a Hierarchy,
    stack: Vec<(NodeIndex, u32)>,
    max_depth: u32,
}

impl<'a> Subtree<'a> {
    /// Stops at `depth` below the subtree's unit (0: the unit alone, 1: it and its
    /// children).
    pub fn max_depth(mut self, depth: u32) -> Self {
        self.max_depth = depth;
        self.stack.retain(|&(_, d)| d <= depth);
        self
    }

    /// Keeps only the units of `kind` (the walk still passes through the others).
    pub fn of_kind(self, kind: UnitKind) -> impl Iterator<Item = Visit<'a>> {
        self.filter(move |v| v.unit.kind() == kind)
    }
}

impl<'a> Iterator for Subtree<'a> {
    type Item = Visit<'a>;
    fn next(&mut self) -> Option<Self::Item> {
        let (ix, depth) = self.stack.pop()?;
        if depth < self.max_depth {
            self.stack
                .extend(self.h.children_edges(ix).map(|e| (e.target(), depth + 1)));
        }
        Some(Visit {
            unit: UnitRef::new(self.h, ix),
            depth,
        })
    }
}

/// The path from a root to a unit; displays as `白云区 / 均禾街道 / …`. From
/// [`Hierarchy::path`].
#[derive(Clone, Debug)]
pub struct Path<'a> {
    /// The units, root first.
    pub units: Vec<UnitRef<'a>>,
}

/// The units, root first.
impl<'a> IntoIterator for Path<'a> {
    type Item = UnitRef<'a>;
    type IntoIter = std::vec::IntoIter<UnitRef<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.units.into_iter()
    }
}

/// The units, root first.
impl<'p, 'a> IntoIterator for &'p Path<'a> {
    type Item = &'p UnitRef<'a>;
    type IntoIter = std::slice::Iter<'p, UnitRef<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.units.iter()
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, u) in self.units.iter().enumerate() {
            if i > 0 {
                f.write_str(" / ")?;
            }
            f.write_str(u.name())?;
        }
        Ok(())
    }
}

impl Hierarchy {
    pub(crate) fn children_edges(
        &self,
        ix: NodeIndex,
    ) -> impl Iterator<Item = EdgeReference<'_, Relation, u32>> + '_ {
        self.graph
            .edges_directed(ix, Outgoing)
            .filter(|e| *e.weight() == Relation::Contains)
    }

    /// Children, newest first (graph adjacency order).
    pub(crate) fn children_ix(&self, ix: NodeIndex) -> impl Iterator<Item = NodeIndex> + '_ {
        self.children_edges(ix).map(|e| e.target())
    }

    /// The roots of the standing forest (units with no parent), in id order. *O(n)*.
    pub fn roots(&self) -> impl Iterator<Item = UnitRef<'_>> + '_ {
        let mut v: Vec<NodeIndex> = self
            .graph
            .node_indices()
            .filter(|&ix| self.graph[ix].kind.is_unit() && self.parent_ix(ix).is_none())
            .collect();
        v.sort_unstable_by_key(|&ix| self.graph[ix].id);
        v.into_iter().map(move |ix| UnitRef::new(self, ix))
    }

    /// The parent of a unit (`None` for a root). *O(in-degree)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn parent(&self, id: UnitId) -> Result<Option<UnitRef<'_>>, HierarchyError> {
        Ok(self.unit(id)?.parent())
    }

    /// The children of a unit, in attachment order. *O(out-degree)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn children(&self, id: UnitId) -> Result<Children<'_>, HierarchyError> {
        let ix = self.index_of(id)?;
        let v: Vec<NodeIndex> = self.children_ix(ix).collect();
        Ok(Children {
            h: self,
            inner: v.into_iter().rev(),
        })
    }

    /// The other children of a unit's parent, in attachment order (empty for a root).
    /// *O(siblings)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn siblings(
        &self,
        id: UnitId,
    ) -> Result<impl Iterator<Item = UnitRef<'_>>, HierarchyError> {
        let ix = self.index_of(id)?;
        let v: Vec<NodeIndex> = match self.parent_ix(ix) {
            Some(p) => self.children_ix(p).filter(|&c| c != ix).collect(),
            None => Vec::new(),
        };
        Ok(v.into_iter().rev().map(move |c| UnitRef::new(self, c)))
    }

    /// The ancestors of a unit, parent first, root last. *O(depth)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn ancestors(&self, id: UnitId) -> Result<Ancestors<'_>, HierarchyError> {
        let ix = self.index_of(id)?;
        Ok(Ancestors {
            h: self,
            next: self.parent_ix(ix),
        })
    }

    /// The units of a subtree in pre-order, the unit first (at depth 0), each with its
    /// depth below the unit: the one way to walk a subtree. Limit the depth with
    /// [`Subtree::max_depth`] and the kind with [`Subtree::of_kind`]; `.skip(1)` leaves
    /// the unit out. Lazy and iterative: *O(visited units × degree)*, *O(depth × degree)*
    /// extra space, and no layout to build after a structural change.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let c = h.add_unit(Some(s), Unit::new(UnitKind::Community, "罗岗社区居委会"))?;
    /// let walk: Vec<_> = h.subtree(d)?.map(|v| (v.unit.id(), v.depth)).collect();
    /// assert_eq!(walk, [(d, 0), (s, 1), (c, 2)]);
    /// assert_eq!(h.subtree(d)?.max_depth(1).count(), 2);
    /// assert_eq!(h.subtree(d)?.skip(1).next().map(|v| v.unit.id()), Some(s));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn subtree(&self, id: UnitId) -> Result<Subtree<'_>, HierarchyError> {
        let ix = self.index_of(id)?;
        Ok(Subtree {
            h: self,
            stack: vec![(ix, 0)],
            max_depth: u32::MAX,
        })
    }

    /// The path from the unit's root down to the unit. *O(depth)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn path(&self, id: UnitId) -> Result<Path<'_>, HierarchyError> {
        let me = self.unit(id)?;
        let mut units: Vec<UnitRef<'_>> = std::iter::once(me).chain(self.ancestors(id)?).collect();
        units.reverse();
        Ok(Path { units })
    }

    /// The depth of a unit: 0 for a root; the same integer type as [`Visit::depth`].
    /// *O(depth)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn depth(&self, id: UnitId) -> Result<u32, HierarchyError> {
        // Fewer nodes than u32::MAX: a depth always fits.
        Ok(u32::try_from(self.ancestors(id)?.count()).unwrap_or(u32::MAX))
    }

    /// The lowest common ancestor of two units (a unit is its own ancestor here), or `None`
    /// when they are in different trees. *O(depth)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn lowest_common_ancestor(
        &self,
        a: UnitId,
        b: UnitId,
    ) -> Result<Option<UnitRef<'_>>, HierarchyError> {
        let (mut x, mut y) = (self.index_of(a)?, self.index_of(b)?);
        let (mut dx, mut dy) = (self.depth(a)?, self.depth(b)?);
        while dx > dy {
            x = self.parent_ix(x).expect("depth counts parents");
            dx -= 1;
        }
        while dy > dx {
            y = self.parent_ix(y).expect("depth counts parents");
            dy -= 1;
        }
        loop {
            if x == y {
                return Ok(Some(UnitRef::new(self, x)));
            }
            match (self.parent_ix(x), self.parent_ix(y)) {
                (Some(px), Some(py)) => {
                    x = px;
                    y = py;
                }
                _ => return Ok(None),
            }
        }
    }

    /// Whether `unit` is `ancestor` or lies in its subtree. *O(1)* with the layout built.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn is_within(&self, unit: UnitId, ancestor: UnitId) -> Result<bool, HierarchyError> {
        let (u, a) = (self.index_of(unit)?, self.index_of(ancestor)?);
        let l = self.layout();
        Ok(match (l.position(u), l.position(a)) {
            (Some(pu), Some(pa)) => l.range(pa).contains(&(pu as usize)),
            _ => u == a,
        })
    }

    /// The number of units in a unit's subtree, itself included. *O(1)* once the layout is
    /// built (*O(n)* to build it after a structural change).
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn subtree_size(&self, id: UnitId) -> Result<usize, HierarchyError> {
        let ix = self.index_of(id)?;
        let l = self.layout();
        Ok(l.position(ix).map_or(0, |p| l.range(p).len()))
    }

    /// The units of a subtree in pre-order, the unit first, read from the layout: for the
    /// crate's own passes. *O(subtree)* once the layout is built.
    pub(crate) fn subtree_units(
        &self,
        id: UnitId,
    ) -> Result<impl Iterator<Item = UnitRef<'_>>, HierarchyError> {
        let ix = self.index_of(id)?;
        let l = self.layout();
        // Every unit has its place in the layout (the layout lays out every unit).
        let range = l.position(ix).map_or(0..0, |p| l.range(p));
        Ok(l.order[range].iter().map(move |&n| UnitRef::new(self, n)))
    }

    /// The temporary organizations based in (hosted by) units of a subtree, in pre-order
    /// of their hosts. *O(subtree × degree)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn temporaries_in(
        &self,
        id: UnitId,
    ) -> Result<impl Iterator<Item = OrgRef<'_>>, HierarchyError> {
        Ok(self.subtree_units(id)?.flat_map(move |u| {
            self.outside_orgs_based_in_ix(u.index())
                .filter(move |&o| self.graph[o].kind == NodeKind::Org(OrgForm::Temporary))
                .map(move |o| OrgRef::new(self, o))
        }))
    }

    /// The big committees a unit belongs to, with the relation: [`Relation::BasedIn`]
    /// for the committee whose core (一核) it is, [`Relation::Member`] for one it is a
    /// member unit of (多元). *O(in-degree)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn big_committees_of(
        &self,
        id: UnitId,
    ) -> Result<impl Iterator<Item = OrgLink<'_>>, HierarchyError> {
        let ix = self.index_of(id)?;
        Ok(self
            .graph
            .edges_directed(ix, Incoming)
            .filter(|e| {
                matches!(e.weight(), Relation::BasedIn | Relation::Member)
                    && self.graph[e.source()].kind == NodeKind::Org(OrgForm::BigCommittee)
            })
            .map(move |e| OrgLink {
                org: OrgRef::new(self, e.source()),
                relation: *e.weight(),
                unit: UnitRef::new(self, ix),
            }))
    }

    /// The relations of a unit to other units (containment excluded), in both directions:
    /// the unit is the [`Link`]'s `from` when it is the tail, its `to` when it is the head
    /// ([`Link::other`] gives the other end). *O(degree)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn relations_of(
        &self,
        id: UnitId,
    ) -> Result<impl Iterator<Item = Link> + '_, HierarchyError> {
        let ix = self.index_of(id)?;
        let link = move |e: EdgeReference<'_, Relation>| Link {
            from: self.graph[e.source()].id,
            to: self.graph[e.target()].id,
            relation: *e.weight(),
        };
        let between_units = move |e: &EdgeReference<'_, Relation>| {
            *e.weight() != Relation::Contains
                && self.graph[e.source()].kind.org().is_none()
                && self.graph[e.target()].kind.org().is_none()
        };
        let out = self.graph.edges_directed(ix, Outgoing);
        let inc = self.graph.edges_directed(ix, Incoming);
        Ok(out.chain(inc).filter(between_units).map(link))
    }

    /// The pairings of a unit in both directions (the unit is `from` or `to`).
    /// *O(degree)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn pairings_of(
        &self,
        id: UnitId,
    ) -> Result<impl Iterator<Item = PairingLink<'_>>, HierarchyError> {
        Ok(self
            .relations_of(id)?
            .filter_map(move |l| match l.relation {
                Relation::Pairing(p) => self.pairings.get(&p).map(|pairing| PairingLink {
                    id: p,
                    pairing,
                    from: l.from,
                    to: l.to,
                }),
                _ => None,
            }))
    }

    /// Every pairing with its ends, in pairing-id order. *O(p log p)*.
    pub fn pairings(&self) -> impl Iterator<Item = PairingLink<'_>> + '_ {
        let mut v: Vec<_> = self
            .graph
            .edge_references()
            .filter_map(|e| match e.weight() {
                Relation::Pairing(p) => {
                    Some((*p, self.graph[e.source()].id, self.graph[e.target()].id))
                }
                _ => None,
            })
            .collect();
        v.sort_unstable_by_key(|t| t.0);
        v.into_iter().filter_map(move |(id, from, to)| {
            self.pairings.get(&id).map(|pairing| PairingLink {
                id,
                pairing,
                from,
                to,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    //! Crate-internal checks of the cached layout: the pre-order arrays and the member
    //! totals kept current by `set_members` against a fresh `Layout::build`.

    use proptest::prelude::*;

    use super::super::layout::{Layout, NONE};
    use crate::unit::{Members, Sector, Unit, UnitId, UnitKind};
    use crate::{Hierarchy, hierarchy::Removal, org::TemporaryOrg, unit::TaskPurpose};

    /// Checks the cached layout against a fresh build and against brute force.
    fn check_layout(h: &Hierarchy) {
        let cached = h.layout();
        let fresh = Layout::build(&h.graph);
        assert_eq!(cached.order, fresh.order);
        assert_eq!(cached.parent, fresh.parent);
        assert_eq!(cached.end, fresh.end);
        assert_eq!(cached.totals, fresh.totals, "cached totals drifted");
        for (p, &ix) in cached.order.iter().enumerate() {
            assert_eq!(cached.position(ix), Some(p as u32));
            // The parent position is the parent node's position.
            let parent = h.parent_ix(ix).map(|q| cached.position(q).unwrap());
            assert_eq!(parent.unwrap_or(NONE), cached.parent[p]);
            // The range is exactly the descendants, in the same order.
            let id = h.graph[ix].id;
            let desc: Vec<_> = h
                .subtree(id)
                .unwrap()
                .skip(1)
                .map(|v| v.unit.index())
                .collect();
            let range = cached.range(p as u32);
            assert_eq!(cached.order[range.start + 1..range.end], desc[..]);
            // Totals by brute force from the walk.
            let mut want = [
                u64::from(h.graph[ix].full),
                u64::from(h.graph[ix].probationary),
            ];
            for d in &desc {
                want[0] += u64::from(h.graph[*d].full);
                want[1] += u64::from(h.graph[*d].probationary);
            }
            assert_eq!(cached.totals[p], want, "totals of {id}");
        }
        for ix in h.graph.node_indices() {
            assert_eq!(
                cached.position(ix).is_some(),
                h.graph[ix].kind.is_unit(),
                "only units are laid out"
            );
        }
    }

    fn district() -> (Hierarchy, Vec<UnitId>) {
        let mut h = Hierarchy::new();
        let d = h
            .add_unit(None, Unit::new(UnitKind::District, "白云区"))
            .unwrap();
        let s = h
            .add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))
            .unwrap();
        let t = h
            .add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇"))
            .unwrap();
        let c = h
            .add_unit(
                Some(s),
                Unit::new(UnitKind::Community, "罗岗社区").with_members(Members::new(38, 2)),
            )
            .unwrap();
        let v = h
            .add_unit(
                Some(t),
                Unit::new(UnitKind::Village, "龙岗村").with_members(Members::new(60, 3)),
            )
            .unwrap();
        let e = h
            .add_unit(
                Some(v),
                Unit::new(UnitKind::EconomicCoop, "第一经济社").with_members(Members::new(4, 1)),
            )
            .unwrap();
        (h, vec![d, s, t, c, v, e])
    }

    #[test]
    fn set_members_keeps_cached_totals_along_ancestors() {
        let (mut h, ids) = district();
        let [d, s, t, c, v, e] = <[UnitId; 6]>::try_from(ids).expect("six units");
        check_layout(&h);
        let total = |h: &Hierarchy, id| {
            let l = h.layout();
            l.totals[l.position(h.index_of(id).unwrap()).unwrap() as usize]
        };
        assert_eq!(total(&h, d), [102, 6]);
        // The layout is built; these adjust it in place.
        h.set_members(e, Members::new(10, 0)).unwrap();
        h.set_members(c, Members::new(0, 0)).unwrap();
        h.set_members(d, Members::new(5, 5)).unwrap();
        assert!(
            h.derived.layout.get().is_some(),
            "member changes keep the layout"
        );
        assert_eq!(total(&h, e), [10, 0]);
        assert_eq!(total(&h, v), [70, 3]);
        assert_eq!(total(&h, t), [70, 3]);
        assert_eq!(total(&h, s), [0, 0]);
        assert_eq!(total(&h, d), [75, 8]);
        check_layout(&h);
        // A clone keeps the cache; a rebuild from its graph agrees with it.
        let clone = h.clone();
        check_layout(&clone);
        // Members of an organization outside the tree touch no total.
        let tmp = h
            .add_temporary(TemporaryOrg::new(
                "临时党支部",
                TaskPurpose::Project,
                t,
                chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(),
            ))
            .unwrap();
        let _ = h.layout();
        h.set_org_members(tmp, Members::new(100, 100)).unwrap();
        assert_eq!(total(&h, d), [75, 8]);
        check_layout(&h);
    }

    #[test]
    fn extreme_member_counts_sum_without_overflow() {
        let (mut h, ids) = district();
        for &id in &ids {
            h.set_members(id, Members::new(u32::MAX, u32::MAX)).unwrap();
        }
        let l = h.layout();
        let root = l.position(h.index_of(ids[0]).unwrap()).unwrap() as usize;
        assert_eq!(l.totals[root], [6 * u64::from(u32::MAX); 2]);
        h.set_members(ids[5], Members::new(0, 1)).unwrap();
        check_layout(&h);
        assert_eq!(
            h.layout().totals[root],
            [5 * u64::from(u32::MAX), 5 * u64::from(u32::MAX) + 1]
        );
    }

    #[derive(Clone, Debug)]
    enum Step {
        Members(usize, u32, u32),
        Move(usize, usize),
        Add(usize),
        Remove(usize, bool),
        Read,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            4 => (any::<usize>(), 0u32..1000, 0u32..50).prop_map(|(u, f, p)| Step::Members(u, f, p)),
            2 => (any::<usize>(), any::<usize>()).prop_map(|(u, p)| Step::Move(u, p)),
            2 => any::<usize>().prop_map(Step::Add),
            1 => (any::<usize>(), any::<bool>()).prop_map(|(u, s)| Step::Remove(u, s)),
            2 => Just(Step::Read),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Member changes interleaved with structural changes and reads: the cached totals
        /// always equal a fresh layout's and brute-force sums.
        #[test]
        fn cached_totals_match_a_fresh_layout(steps in proptest::collection::vec(step(), 1..50)) {
            let (mut h, _) = district();
            let organ = UnitKind::Institution(Sector::Organ);
            for s in steps {
                let all: Vec<UnitId> = h.units().map(|u| u.id()).collect();
                let pick = |i: usize| all[i % all.len()];
                match s {
                    Step::Members(u, f, p) => {
                        h.set_members(pick(u), Members::new(f, p)).unwrap();
                    }
                    Step::Move(u, p) => {
                        let _ = h.move_unit(pick(u), Some(pick(p)));
                    }
                    Step::Add(p) => {
                        let parent = pick(p);
                        let kind = [organ, UnitKind::EconomicCoop, UnitKind::Village, UnitKind::Community]
                            .into_iter()
                            .find(|k| h.unit(parent).unwrap().kind().may_contain(*k));
                        if let Some(k) = kind {
                            h.add_unit(Some(parent), Unit::new(k, "x").with_members(Members::new(2, 1)))
                                .unwrap();
                        }
                    }
                    Step::Remove(u, subtree) => {
                        let u = pick(u);
                        if h.roots().count() > 1 || h.parent(u).unwrap().is_some() {
                            let how = if subtree { Removal::Subtree } else { Removal::LeafOnly };
                            let _ = h.remove_unit(u, how);
                        }
                    }
                    Step::Read => {
                        let _ = h.layout();
                    }
                }
                check_layout(&h);
            }
        }
    }
}
