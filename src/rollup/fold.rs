//! General folds: a value per unit, combined over one subtree or over every subtree at
//! once.

use std::collections::BTreeMap;
use std::fmt;

use petgraph::stable_graph::NodeIndex;

use crate::error::QueryError;
use crate::hierarchy::{Hierarchy, Layout, NONE_POSITION, OrgRef, UnitRef};
use crate::org::OrgId;
use crate::unit::UnitId;

/// A combination would not fit: a checked sum passed `u64::MAX`. The rollups turn it into
/// [`QueryError::Overflow`] naming the unit whose subtree overflowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a combined value does not fit")]
pub struct Overflow;

/// A value that combines associatively with an identity (a monoid): sums, counts,
/// minima, maxima, [`Totals`](super::Totals), and pairs of them.
///
/// `combine` must be associative and `empty()` its identity; the folds rely on it to
/// combine in any grouping. A combination may fail ([`Overflow`]) rather than wrap.
///
/// ```
/// use partyorg::rollup::{Combine, Max, Sum};
/// let mut s = Sum(u64::MAX - 1);
/// assert!(s.combine(&Sum(1)).is_ok());
/// assert!(s.combine(&Sum(1)).is_err());
/// let mut m = Max::empty();
/// m.combine(&Max(Some(3)))?;
/// m.combine(&Max(Some(1)))?;
/// assert_eq!(m, Max(Some(3)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Combine: Clone {
    /// The identity of `combine`.
    fn empty() -> Self;

    /// Combines `other` into `self`.
    ///
    /// # Errors
    ///
    /// [`Overflow`] when the result does not fit; `self` should then be discarded.
    fn combine(&mut self, other: &Self) -> Result<(), Overflow>;
}

/// `u64` newtypes combined by checked addition: overflow is an error, never a wrap.
/// Serde writes them as the number.
macro_rules! checked_u64 {
    ($($(#[doc = $doc:literal])* $name:ident;)*) => {$(
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl Combine for $name {
            fn empty() -> Self {
                $name(0)
            }
            fn combine(&mut self, other: &Self) -> Result<(), Overflow> {
                self.0 = self.0.checked_add(other.0).ok_or(Overflow)?;
                Ok(())
            }
        }
    )*};
}

checked_u64! {
    /// A checked `u64` sum: overflow is an error, never a wrap.
    Sum;
    /// A count of units for which a predicate holds: fold `Count::of(bool)`.
    Count;
}

impl Count {
    /// One if `yes`, else zero.
    ///
    /// ```
    /// use partyorg::rollup::Count;
    /// use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道").with_members(Members::new(3, 0)))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Town, "人和镇"))?;
    /// assert_eq!((Count::of(true), Count::of(false)), (Count(1), Count(0)));
    /// let without_members = h.fold_subtree(d, |u| Count::of(u.members().total() == 0))?;
    /// assert_eq!(without_members, Count(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of(yes: bool) -> Count {
        Count(u64::from(yes))
    }
}

/// The least value seen, `None` for none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Min<T>(pub Option<T>);

impl<T: Ord + Clone> Combine for Min<T> {
    fn empty() -> Self {
        Min(None)
    }
    fn combine(&mut self, other: &Self) -> Result<(), Overflow> {
        if let Some(o) = &other.0
            && self.0.as_ref().is_none_or(|s| o < s)
        {
            self.0 = Some(o.clone());
        }
        Ok(())
    }
}

/// The greatest value seen, `None` for none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Max<T>(pub Option<T>);

impl<T: Ord + Clone> Combine for Max<T> {
    fn empty() -> Self {
        Max(None)
    }
    fn combine(&mut self, other: &Self) -> Result<(), Overflow> {
        if let Some(o) = &other.0
            && self.0.as_ref().is_none_or(|s| o > s)
        {
            self.0 = Some(o.clone());
        }
        Ok(())
    }
}

impl<A: Combine, B: Combine> Combine for (A, B) {
    fn empty() -> Self {
        (A::empty(), B::empty())
    }
    fn combine(&mut self, other: &Self) -> Result<(), Overflow> {
        self.0.combine(&other.0)?;
        self.1.combine(&other.1)
    }
}

impl<A: Combine, B: Combine, C: Combine> Combine for (A, B, C) {
    fn empty() -> Self {
        (A::empty(), B::empty(), C::empty())
    }
    fn combine(&mut self, other: &Self) -> Result<(), Overflow> {
        self.0.combine(&other.0)?;
        self.1.combine(&other.1)?;
        self.2.combine(&other.2)
    }
}

/// One combined value per unit of the standing forest: the value of its whole subtree.
/// From [`Hierarchy::fold_all`].
pub struct SubtreeValues<'h, T> {
    h: &'h Hierarchy,
    /// Values by layout position.
    values: Vec<T>,
}

impl<T: fmt::Debug> fmt::Debug for SubtreeValues<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SubtreeValues")
            .field("len", &self.values.len())
            .finish()
    }
}

impl<'h, T> SubtreeValues<'h, T> {
    /// The value of the subtree of `id`; `None` for an unknown id or a unit outside the
    /// tree. *O(1)*.
    ///
    /// ```
    /// use partyorg::rollup::Count;
    /// use partyorg::{Hierarchy, Unit, UnitId, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let sizes = h.fold_all(|_| Count(1))?;
    /// assert_eq!((sizes.get(d), sizes.get(s)), (Some(&Count(2)), Some(&Count(1))));
    /// assert_eq!(sizes.get(UnitId(99)), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get(&self, id: UnitId) -> Option<&T> {
        let ix = self.h.index_of(id).ok()?;
        let p = self.h.layout().position(ix)?;
        self.values.get(p as usize)
    }

    /// Every unit with its subtree's value, in pre-order. *O(n)* for the whole walk,
    /// *O(1)* extra space.
    ///
    /// ```
    /// use partyorg::rollup::Sum;
    /// use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道").with_members(Members::new(30, 0)))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Town, "人和镇").with_members(Members::new(12, 0)))?;
    /// let all = h.fold_all(|u| Sum(u.members().total()))?;
    /// let rows: Vec<(&str, u64)> = all.iter().map(|(u, s)| (u.name(), s.0)).collect();
    /// assert_eq!(rows, [("白云区", 42), ("均禾街道", 30), ("人和镇", 12)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (UnitRef<'h>, &T)> + '_ {
        let h = self.h;
        h.layout()
            .order
            .iter()
            .zip(&self.values)
            .map(move |(&ix, v)| (h.unit_ref(ix), v))
    }

    /// The number of values (units of the standing forest).
    ///
    /// ```
    /// use partyorg::rollup::Count;
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// h.add_unit(None, Unit::new(UnitKind::District, "黄埔区"))?; // a second root
    /// assert_eq!(h.fold_all(|_| Count(1))?.len(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there is none: the hierarchy has no standing unit.
    ///
    /// ```
    /// use partyorg::rollup::Count;
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// assert!(h.fold_all(|_| Count(1))?.is_empty());
    /// h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// assert!(!h.fold_all(|_| Count(1))?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Every unit with its subtree's value, in pre-order (as [`SubtreeValues::iter`]).
impl<'a, 'h, T> IntoIterator for &'a SubtreeValues<'h, T> {
    type Item = (UnitRef<'h>, &'a T);
    type IntoIter = Box<dyn Iterator<Item = (UnitRef<'h>, &'a T)> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

/// One combined value per organization of the 隶属 tree: the value of its whole subtree.
/// From [`Hierarchy::fold_all_orgs`].
pub struct OrgSubtreeValues<'h, T> {
    h: &'h Hierarchy,
    /// Values by organization layout position.
    values: Vec<T>,
}

impl<T: fmt::Debug> fmt::Debug for OrgSubtreeValues<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OrgSubtreeValues")
            .field("len", &self.values.len())
            .finish()
    }
}

impl<'h, T> OrgSubtreeValues<'h, T> {
    /// The value of the subtree of `id`; `None` for an unknown id. *O(1)*.
    ///
    /// ```
    /// use partyorg::rollup::Count;
    /// use partyorg::{Hierarchy, Org, OrgForm, OrgId, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let c = h.add_org(None, d, Org::new(OrgForm::Committee, "区委"))?;
    /// let w = h.add_org(Some(c), d, Org::new(OrgForm::WorkingCommittee, "区直机关工委"))?;
    /// h.add_org(Some(w), d, Org::new(OrgForm::Branch, "区委办党支部"))?;
    /// let sizes = h.fold_all_orgs(|_| Count(1))?;
    /// assert_eq!((sizes.get(c), sizes.get(w)), (Some(&Count(3)), Some(&Count(2))));
    /// assert_eq!(sizes.get(OrgId(99)), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get(&self, id: OrgId) -> Option<&T> {
        let ix = self.h.org_index_of(id).ok()?;
        let p = self.h.org_layout().position(ix)?;
        self.values.get(p as usize)
    }

    /// Every organization with its subtree's value, in the layout's pre-order. *O(n)*
    /// for the whole walk, *O(1)* extra space.
    ///
    /// ```
    /// use partyorg::rollup::Sum;
    /// use partyorg::{Hierarchy, Members, Org, OrgForm, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let c = h.add_org(None, d, Org::new(OrgForm::Committee, "党委").with_members(Members::new(5, 0)))?;
    /// h.add_org(Some(c), d, Org::new(OrgForm::Branch, "党支部").with_members(Members::new(30, 0)))?;
    /// let all = h.fold_all_orgs(|o| Sum(o.members().total()))?;
    /// let rows: Vec<(&str, u64)> = all.iter().map(|(o, s)| (o.name(), s.0)).collect();
    /// assert_eq!(rows, [("党委", 35), ("党支部", 30)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (OrgRef<'h>, &T)> + '_ {
        let h = self.h;
        h.org_layout()
            .order
            .iter()
            .zip(&self.values)
            .map(move |(&ix, v)| (h.org_ref(ix), v))
    }

    /// The number of values (organizations of the 隶属 tree).
    ///
    /// ```
    /// use partyorg::rollup::Count;
    /// use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let c = h.add_org(None, d, Org::new(OrgForm::Committee, "党委"))?;
    /// h.add_org(Some(c), d, Org::new(OrgForm::Branch, "党支部"))?;
    /// assert_eq!(h.fold_all_orgs(|_| Count(1))?.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there is none.
    ///
    /// ```
    /// use partyorg::rollup::Count;
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?; // a unit, no organization
    /// assert!(h.fold_all_orgs(|_| Count(1))?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Every organization with its subtree's value, in pre-order (as
/// [`OrgSubtreeValues::iter`]).
impl<'a, 'h, T> IntoIterator for &'a OrgSubtreeValues<'h, T> {
    type Item = (OrgRef<'h>, &'a T);
    type IntoIter = Box<dyn Iterator<Item = (OrgRef<'h>, &'a T)> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

/// The all-subtrees fold over a layout: values by position, or the position whose
/// subtree's value overflowed. One reverse pass: a child's subtree value is complete
/// when it is reached (children follow their parent), so its own value goes in and the
/// whole goes to the parent.
fn fold_layout<T: Combine>(
    l: &Layout,
    mut value: impl FnMut(NodeIndex) -> T,
) -> Result<Vec<T>, usize> {
    let n = l.order.len();
    let mut values: Vec<T> = vec![T::empty(); n];
    for p in (0..n).rev() {
        let ix = if l.in_node_order {
            NodeIndex::new(l.base + p)
        } else {
            l.order[p]
        };
        let (head, tail) = values.split_at_mut(p);
        let v = &mut tail[0];
        v.combine(&value(ix)).map_err(|_| p)?;
        let parent = l.parent[p];
        if parent != NONE_POSITION {
            head[parent as usize]
                .combine(v)
                .map_err(|_| parent as usize)?;
        }
    }
    Ok(values)
}

impl Hierarchy {
    /// [`QueryError::Overflow`] of the subtree of `unit`.
    pub(crate) fn overflow(&self, unit: UnitId) -> QueryError {
        QueryError::Overflow {
            unit,
            label: self.unit_label(unit),
        }
    }

    /// The position of a standing unit in the layout.
    pub(crate) fn tree_position(&self, id: UnitId) -> Result<u32, QueryError> {
        let ix = self.index_of(id)?;
        self.layout()
            .position(ix)
            .ok_or_else(|| QueryError::NotInTree {
                id,
                label: self.label_ix(ix),
            })
    }

    /// Combines `value(u)` over every unit `u` of the subtree of `unit` (itself included),
    /// in pre-order. *O(subtree)* calls of `value` and *O(1)* extra space (one accumulator)
    /// once the layout is built; the layout's range makes the subtree a contiguous slice.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`] when no unit has the id (an organization's id, temporary
    /// ones and big committees included, names no unit), [`QueryError::Overflow`] naming `unit` when the
    /// combination does not fit.
    ///
    /// ```
    /// use partyorg::rollup::Sum;
    /// use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道")
    ///     .with_members(Members::new(40, 1)))?;
    /// let sum = h.fold_subtree(d, |u| Sum(u.members().total()))?;
    /// assert_eq!(sum, Sum(41));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fold_subtree<T: Combine>(
        &self,
        unit: UnitId,
        mut value: impl FnMut(UnitRef<'_>) -> T,
    ) -> Result<T, QueryError> {
        let p = self.tree_position(unit)?;
        let l = self.layout();
        let mut acc = T::empty();
        for &ix in &l.order[l.range(p)] {
            acc.combine(&value(self.unit_ref(ix)))
                .map_err(|_| self.overflow(unit))?;
        }
        Ok(acc)
    }

    /// Combines `value(u)` over every subtree at once, in one reverse pass over the
    /// layout: each unit's own value (evaluated there, in reverse pre-order) is combined
    /// into its subtree's value, whose children are already in, and the result into its
    /// parent's. *O(n)* calls and combinations, *O(n)* values held; the units' weights are
    /// read in (reverse) layout order, which for a hierarchy built by a loader or the
    /// builder is their storage order.
    ///
    /// # Errors
    ///
    /// [`QueryError::Overflow`] naming the unit whose subtree's value does not fit.
    ///
    /// ```
    /// use partyorg::rollup::Sum;
    /// use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道")
    ///     .with_members(Members::new(40, 1)))?;
    /// let all = h.fold_all(|u| Sum(u.members().full.into()))?;
    /// assert_eq!((all.get(d), all.get(s)), (Some(&Sum(40)), Some(&Sum(40))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fold_all<T: Combine>(
        &self,
        mut value: impl FnMut(UnitRef<'_>) -> T,
    ) -> Result<SubtreeValues<'_, T>, QueryError> {
        let l = self.layout();
        let values = fold_layout(l, |ix| value(self.unit_ref(ix)))
            .map_err(|p| self.overflow(self.node(l.order[p]).id))?;
        Ok(SubtreeValues { h: self, values })
    }

    /// [`fold_all`](Self::fold_all) over the organization tree (隶属): `value(o)` combined
    /// over every organization's subtree, in one reverse pass over the organization
    /// layout. *O(organizations)* calls and combinations, *O(organizations)* values held,
    /// once the organization layout is built.
    ///
    /// # Errors
    ///
    /// [`QueryError::OrgOverflow`] naming the organization whose subtree's value does
    /// not fit.
    ///
    /// ```
    /// use partyorg::rollup::Sum;
    /// use partyorg::{Hierarchy, Members, Org, OrgForm, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let c = h.add_org(None, d, Org::new(OrgForm::Committee, "党委").with_members(Members::new(5, 0)))?;
    /// let b = h.add_org(Some(c), d, Org::new(OrgForm::Branch, "党支部").with_members(Members::new(30, 0)))?;
    /// let all = h.fold_all_orgs(|o| Sum(o.members().full.into()))?;
    /// assert_eq!((all.get(c), all.get(b)), (Some(&Sum(35)), Some(&Sum(30))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fold_all_orgs<T: Combine>(
        &self,
        mut value: impl FnMut(OrgRef<'_>) -> T,
    ) -> Result<OrgSubtreeValues<'_, T>, QueryError> {
        let l = self.org_layout();
        let values =
            fold_layout(l, |ix| value(self.org_ref(ix))).map_err(|p| QueryError::OrgOverflow {
                org: OrgId(self.node(l.order[p]).id.0),
                label: self.label_ix(l.order[p]),
            })?;
        Ok(OrgSubtreeValues { h: self, values })
    }

    /// Groups the units of a subtree by `key` (units with `None` are left out) and
    /// combines `value` within each group: per kind, per sector, per form …
    /// *O(subtree × log groups)* time, *O(groups)* extra space.
    ///
    /// # Errors
    ///
    /// As [`fold_subtree`](Self::fold_subtree).
    ///
    /// ```
    /// use partyorg::rollup::Count;
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Town, "人和镇"))?;
    /// let by_kind = h.group_by(d, |u| Some(u.kind()), |_| Count(1))?;
    /// assert_eq!(by_kind[&UnitKind::Town], Count(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn group_by<K: Ord, T: Combine>(
        &self,
        unit: UnitId,
        mut key: impl FnMut(UnitRef<'_>) -> Option<K>,
        mut value: impl FnMut(UnitRef<'_>) -> T,
    ) -> Result<BTreeMap<K, T>, QueryError> {
        let p = self.tree_position(unit)?;
        let l = self.layout();
        let mut groups: BTreeMap<K, T> = BTreeMap::new();
        for &ix in &l.order[l.range(p)] {
            let u = self.unit_ref(ix);
            if let Some(k) = key(u) {
                groups
                    .entry(k)
                    .or_insert_with(T::empty)
                    .combine(&value(u))
                    .map_err(|_| self.overflow(unit))?;
            }
        }
        Ok(groups)
    }

    /// The children of a standing unit with their layout positions, in attachment order.
    pub(crate) fn child_positions(&self, p: u32) -> Vec<(NodeIndex, u32)> {
        let l = self.layout();
        let mut out = Vec::new();
        let mut c = p as usize + 1;
        let end = l.end[p as usize] as usize;
        while c < end {
            out.push((l.order[c], c as u32));
            c = l.end[c] as usize;
        }
        out
    }
}
