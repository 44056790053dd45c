//! Hierarchy queries: parent, children, ancestors, descendants, paths, common ancestors,
//! and the relations of a unit. All traversals are iterative.

use std::fmt;

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::{EdgeReference, NodeIndex};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};

use super::{Hierarchy, NodeKind, OrgLink, OrgRef, UnitRef};
use crate::error::QueryError;
use crate::org::OrgForm;
use crate::relation::{Link, PairingLink, Relation};
use crate::unit::{UnitId, UnitKind};

/// The children of a unit, in the order they were attached. From
/// [`Hierarchy::children`], which collects them (*O(out-degree)* time, *O(children)*
/// space); each step is then *O(1)*.
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

/// The ancestors of a unit, nearest first. From [`Hierarchy::ancestors`]. Lazy: each step
/// is *O(in-degree)* time, and the walk holds *O(1)* extra space.
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
/// optionally limited in depth. From [`Hierarchy::subtree`]. Lazy: each step is
/// *O(out-degree)* time, and the walk's stack holds the children not yet visited of each
/// unit on the current path.
#[derive(Debug)]
pub struct Subtree<'a> {
    h: &'a Hierarchy,
    stack: Vec<(NodeIndex, u32)>,
    max_depth: u32,
}

impl<'a> Subtree<'a> {
    /// Stops at `depth` below the subtree's unit (0: the unit alone, 1: it and its
    /// children).
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// h.add_unit(Some(s), Unit::new(UnitKind::Community, "罗岗社区"))?;
    /// assert_eq!(h.subtree(d)?.count(), 3);
    /// let near: Vec<&str> = h.subtree(d)?.max_depth(1).map(|v| v.unit.name()).collect();
    /// assert_eq!(near, ["白云区", "均禾街道"]);
    /// assert_eq!(h.subtree(d)?.max_depth(0).count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn max_depth(mut self, depth: u32) -> Self {
        self.max_depth = depth;
        self.stack.retain(|&(_, d)| d <= depth);
        self
    }

    /// Keeps only the units of `kind` (the walk still passes through the others).
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// h.add_unit(Some(s), Unit::new(UnitKind::Community, "罗岗社区"))?;
    /// h.add_unit(Some(s), Unit::new(UnitKind::Village, "石马桥村"))?;
    /// // The walk passes through the street to reach its communities.
    /// let found: Vec<(&str, u32)> =
    ///     h.subtree(d)?.of_kind(UnitKind::Community).map(|v| (v.unit.name(), v.depth)).collect();
    /// assert_eq!(found, [("罗岗社区", 2)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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

    /// The roots of the standing forest (units with no parent), in id order. *O(n)* time,
    /// *O(roots)* extra space.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// h.add_unit(None, Unit::new(UnitKind::District, "越秀区"))?;
    /// let roots: Vec<&str> = h.roots().map(|u| u.name()).collect();
    /// assert_eq!(roots, ["白云区", "越秀区"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn roots(&self) -> impl Iterator<Item = UnitRef<'_>> + '_ {
        let mut v: Vec<NodeIndex> = self
            .graph
            .node_indices()
            .filter(|&ix| self.graph[ix].kind.is_unit() && self.parent_ix(ix).is_none())
            .collect();
        v.sort_unstable_by_key(|&ix| self.graph[ix].id);
        v.into_iter().map(move |ix| UnitRef::new(self, ix))
    }

    /// The parent of a unit (`None` for a root). *O(in-degree)* time, *O(1)* extra space.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// assert_eq!(h.parent(s)?.map(|p| p.name()), Some("白云区"));
    /// assert_eq!(h.parent(d)?, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parent(&self, id: UnitId) -> Result<Option<UnitRef<'_>>, QueryError> {
        Ok(self.unit(id)?.parent())
    }

    /// The children of a unit, in attachment order. *O(out-degree)* time, *O(children)* extra
    /// space (they are collected to be yielded oldest first).
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇"))?;
    /// let names: Vec<&str> = h.children(d)?.map(|u| u.name()).collect();
    /// assert_eq!(names, ["均禾街道", "钟落潭镇"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn children(&self, id: UnitId) -> Result<Children<'_>, QueryError> {
        let ix = self.index_of(id)?;
        let v: Vec<NodeIndex> = self.children_ix(ix).collect();
        Ok(Children {
            h: self,
            inner: v.into_iter().rev(),
        })
    }

    /// The other children of a unit's parent, in attachment order (empty for a root).
    /// *O(parent's out-degree)* time, *O(siblings)* extra space.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇"))?;
    /// let others: Vec<&str> = h.siblings(s)?.map(|u| u.name()).collect();
    /// assert_eq!(others, ["钟落潭镇"]);
    /// assert_eq!(h.siblings(d)?.count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn siblings(&self, id: UnitId) -> Result<impl Iterator<Item = UnitRef<'_>>, QueryError> {
        let ix = self.index_of(id)?;
        let v: Vec<NodeIndex> = match self.parent_ix(ix) {
            Some(p) => self.children_ix(p).filter(|&c| c != ix).collect(),
            None => Vec::new(),
        };
        Ok(v.into_iter().rev().map(move |c| UnitRef::new(self, c)))
    }

    /// The ancestors of a unit, parent first, root last. Lazy: *O(depth × in-degree)* time
    /// for the whole walk, *O(1)* extra space.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let c = h.add_unit(Some(s), Unit::new(UnitKind::Community, "罗岗社区"))?;
    /// let up: Vec<&str> = h.ancestors(c)?.map(|u| u.name()).collect();
    /// assert_eq!(up, ["均禾街道", "白云区"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ancestors(&self, id: UnitId) -> Result<Ancestors<'_>, QueryError> {
        let ix = self.index_of(id)?;
        Ok(Ancestors {
            h: self,
            next: self.parent_ix(ix),
        })
    }

    /// The units of a subtree in pre-order, the unit first (at depth 0), each with its
    /// depth below the unit: the one way to walk a subtree. Limit the depth with
    /// [`Subtree::max_depth`] and the kind with [`Subtree::of_kind`]; `.skip(1)` leaves
    /// the unit out. Lazy and iterative: *O(visited units × out-degree)* time (every
    /// out-edge of a visited unit is looked at), *O(depth × children)* extra space (the
    /// stack holds the children not yet visited of each unit on the current path), and no
    /// layout to build after a structural change.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
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
    pub fn subtree(&self, id: UnitId) -> Result<Subtree<'_>, QueryError> {
        let ix = self.index_of(id)?;
        Ok(Subtree {
            h: self,
            stack: vec![(ix, 0)],
            max_depth: u32::MAX,
        })
    }

    /// The path from the unit's root down to the unit. *O(depth × in-degree)* time,
    /// *O(depth)* extra space (the path itself).
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇"))?;
    /// let path = h.path(t)?;
    /// assert_eq!(path.units.len(), 2);
    /// assert_eq!(path.to_string(), "白云区 / 钟落潭镇");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn path(&self, id: UnitId) -> Result<Path<'_>, QueryError> {
        let me = self.unit(id)?;
        let mut units: Vec<UnitRef<'_>> = std::iter::once(me).chain(self.ancestors(id)?).collect();
        units.reverse();
        Ok(Path { units })
    }

    /// The depth of a unit: 0 for a root; the same integer type as [`Visit::depth`].
    /// *O(depth × in-degree)* time, *O(1)* extra space.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let c = h.add_unit(Some(s), Unit::new(UnitKind::Community, "罗岗社区"))?;
    /// assert_eq!((h.depth(d)?, h.depth(c)?), (0, 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn depth(&self, id: UnitId) -> Result<u32, QueryError> {
        // Fewer nodes than u32::MAX: a depth always fits.
        Ok(u32::try_from(self.ancestors(id)?.count()).unwrap_or(u32::MAX))
    }

    /// The lowest common ancestor of two units (a unit is its own ancestor here), or `None`
    /// when they are in different trees. *O(depth × in-degree)* time, *O(1)* extra space.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let c = h.add_unit(Some(s), Unit::new(UnitKind::Community, "罗岗社区"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇"))?;
    /// let other = h.add_unit(None, Unit::new(UnitKind::District, "越秀区"))?;
    /// assert_eq!(h.lowest_common_ancestor(c, t)?.map(|u| u.id()), Some(d));
    /// assert_eq!(h.lowest_common_ancestor(c, s)?.map(|u| u.id()), Some(s));
    /// assert_eq!(h.lowest_common_ancestor(c, other)?, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lowest_common_ancestor(
        &self,
        a: UnitId,
        b: UnitId,
    ) -> Result<Option<UnitRef<'_>>, QueryError> {
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

    /// Whether `unit` is `ancestor` or lies in its subtree. *O(1)* with the layout built
    /// (*O(n)* time and space to build it after a structural change).
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇"))?;
    /// assert!(h.is_within(s, d)? && h.is_within(s, s)?);
    /// assert!(!h.is_within(s, t)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_within(&self, unit: UnitId, ancestor: UnitId) -> Result<bool, QueryError> {
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
    /// [`QueryError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// h.add_unit(Some(s), Unit::new(UnitKind::Community, "罗岗社区"))?;
    /// assert_eq!((h.subtree_size(d)?, h.subtree_size(s)?), (3, 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn subtree_size(&self, id: UnitId) -> Result<usize, QueryError> {
        let ix = self.index_of(id)?;
        let l = self.layout();
        Ok(l.position(ix).map_or(0, |p| l.range(p).len()))
    }

    /// The units of a subtree in pre-order, the unit first, read from the layout: for the
    /// crate's own passes. *O(subtree)* time, *O(1)* extra space once the layout is built
    /// (*O(n)* to build it after a structural change).
    pub(crate) fn subtree_units(
        &self,
        id: UnitId,
    ) -> Result<impl Iterator<Item = UnitRef<'_>>, QueryError> {
        let ix = self.index_of(id)?;
        let l = self.layout();
        // Every unit has its place in the layout (the layout lays out every unit).
        let range = l.position(ix).map_or(0..0, |p| l.range(p));
        Ok(l.order[range].iter().map(move |&n| UnitRef::new(self, n)))
    }

    /// The temporary organizations based in (hosted by) units of a subtree, in pre-order
    /// of their hosts. *O(subtree × degree)* time, *O(1)* extra space once the layout is
    /// built.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, unit::TaskPurpose, org::TemporaryOrg, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇"))?;
    /// let since = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    /// h.add_temporary(TemporaryOrg::new("项目临时党支部", TaskPurpose::Project, t, since))?;
    /// let names: Vec<&str> = h.temporaries_in(d)?.map(|o| o.name()).collect();
    /// assert_eq!(names, ["项目临时党支部"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn temporaries_in(
        &self,
        id: UnitId,
    ) -> Result<impl Iterator<Item = OrgRef<'_>>, QueryError> {
        Ok(self.subtree_units(id)?.flat_map(move |u| {
            self.outside_orgs_based_in_ix(u.index())
                .filter(move |&o| self.graph[o].kind == NodeKind::Org(OrgForm::Temporary))
                .map(move |o| OrgRef::new(self, o))
        }))
    }

    /// The big committees a unit belongs to, with the relation: [`Relation::BasedIn`]
    /// for the committee whose core (一核) it is, [`Relation::Member`] for one it is a
    /// member unit of (多元). *O(in-degree)* time, *O(1)* extra space.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{org::BigCommittee, unit::BigCommitteeKind, Hierarchy, Relation, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let c = h.add_unit(Some(s), Unit::new(UnitKind::Community, "罗岗社区"))?;
    /// let bc = BigCommittee::new("均禾街道大工委", BigCommitteeKind::Regional, s).with_member(c);
    /// let bc = h.add_big_committee(bc)?;
    /// let of_c: Vec<_> = h.big_committees_of(c)?.map(|l| (l.org.id(), l.relation)).collect();
    /// assert_eq!(of_c, [(bc, Relation::Member)]);
    /// assert_eq!(h.big_committees_of(s)?.next().map(|l| l.relation), Some(Relation::BasedIn));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn big_committees_of(
        &self,
        id: UnitId,
    ) -> Result<impl Iterator<Item = OrgLink<'_>>, QueryError> {
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
    /// ([`Link::other`] gives the other end); the relations to organizations are left out
    /// (see [`OrgRef::links`]). *O(degree)* time, *O(1)* extra space.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{relation::Link, Hierarchy, Pairing, PairingKind, Relation, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇").agricultural())?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let p = h.add_pairing(t, s, Pairing::new(PairingKind::TownStreet))?;
    /// let of_s: Vec<_> = h.relations_of(s)?.collect();
    /// // The street is the pairing's head, not its tail; containment is not listed.
    /// assert_eq!(of_s, [Link { from: t, to: s, relation: Relation::Pairing(p) }]);
    /// assert_eq!(of_s[0].other(s), t);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn relations_of(&self, id: UnitId) -> Result<impl Iterator<Item = Link> + '_, QueryError> {
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
    /// *O(degree)* time, *O(1)* extra space.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Pairing, PairingKind, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇").agricultural())?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let p = h.add_pairing(t, s, Pairing::new(PairingKind::TownStreet))?;
    /// let l = h.pairings_of(t)?.next().unwrap();
    /// assert_eq!((l.id, &l.pairing.kind, l.other(t)), (p, &PairingKind::TownStreet, s));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pairings_of(
        &self,
        id: UnitId,
    ) -> Result<impl Iterator<Item = PairingLink<'_>>, QueryError> {
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

    /// Every pairing with its ends, in pairing-id order. *O(edges + p log p)* time for `p`
    /// pairings (every edge is looked at), *O(p)* extra space.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Pairing, PairingKind, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇").agricultural())?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let p = h.add_pairing(t, s, Pairing::new(PairingKind::TownStreet))?;
    /// let ends: Vec<_> = h.pairings().map(|l| (l.id, l.from, l.to)).collect();
    /// assert_eq!(ends, [(p, t, s)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
