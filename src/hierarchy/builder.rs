//! Building a hierarchy from rows that arrive in any order, as loaders do.

use petgraph::stable_graph::NodeIndex;
use petgraph::visit::NodeIndexable;

use super::Hierarchy;
use crate::error::{CycleList, HierarchyError};
use crate::relation::Relation;
use crate::unit::{Unit, UnitId};

/// The most problems a [`BuildError`] lists; past it, the count says how many more.
pub const MAX_LISTED_PROBLEMS: usize = 100;

/// One reason a set of rows does not form a forest.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildProblem {
    /// Two rows share an id.
    #[error("unit id {id} appears twice")]
    DuplicateId {
        /// The id.
        id: UnitId,
    },
    /// A row names a parent that no row has.
    #[error("unit {id} names parent {parent}, which does not exist")]
    MissingParent {
        /// The row's unit.
        id: UnitId,
        /// The missing parent.
        parent: UnitId,
    },
    /// Following parents from this unit comes back to it (a unit that is its own parent is
    /// a cycle of one).
    #[error("unit {id} is its own ancestor: the cycle runs through {}", CycleList(.cycle))]
    Cycle {
        /// The unit with the lowest id on the cycle.
        id: UnitId,
        /// The units of the cycle, starting there (all of them; the message lists the
        /// first [`MAX_LISTED_CYCLE`](crate::error::MAX_LISTED_CYCLE)).
        cycle: Vec<UnitId>,
    },
    /// A capacity ran out, or the strict build refused a placement.
    #[error(transparent)]
    Hierarchy(#[from] HierarchyError),
}

/// Why [`HierarchyBuilder::build`] refused its rows: every problem found, up to
/// [`MAX_LISTED_PROBLEMS`]. Nothing was built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s) in the rows, first: {}", .total, .problems.first().map(ToString::to_string).unwrap_or_default())]
pub struct BuildError {
    /// The problems, in row order, at most [`MAX_LISTED_PROBLEMS`].
    pub problems: Vec<BuildProblem>,
    /// How many problems there were in all.
    pub total: usize,
}

/// Collects standing units with their parents' ids, in any order (a child before its
/// parent is fine), and builds a [`Hierarchy`] in one step.
///
/// Units go into the graph as they are pushed; only the parent ids wait (12 bytes a row),
/// so a national build needs little more memory than the hierarchy itself. While every
/// row's parent came before it (as in every file this crate writes), its tree edge is
/// added as it is pushed, so that [`build`](Self::build) has nothing left to join and no
/// cycle to look for; from the first row whose parent is not there yet, the rest wait for
/// the build, which joins them in row order.
///
/// [`build`](Self::build) checks what would break the forest — duplicate ids, missing
/// parents, cycles — and leaves the regulatory shape (the containment table, codes) to
/// validation, so that data as it arrives from a file can be loaded and then reported on.
/// [`build_strict`](Self::build_strict) also enforces the containment table.
///
/// # Example
///
/// ```
/// use partyorg::{hierarchy::HierarchyBuilder, Unit, UnitId, UnitKind};
///
/// let mut b = HierarchyBuilder::new();
/// b.push(UnitId(2), Some(UnitId(1)), Unit::new(UnitKind::Street, "均禾街道"));
/// b.push(UnitId(1), None, Unit::new(UnitKind::District, "白云区"));
/// let h = b.build()?;
/// assert_eq!(h.parent(UnitId(2))?.unwrap().name(), "白云区");
///
/// let mut bad = HierarchyBuilder::new();
/// bad.push(UnitId(1), Some(UnitId(1)), Unit::new(UnitKind::District, "白云区"));
/// assert!(bad.build().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct HierarchyBuilder {
    h: Hierarchy,
    rows: Vec<(NodeIndex, Option<UnitId>)>,
    /// Units' party forms, whose own organizations are added after every unit, so that
    /// the units' nodes lie together in row order (and the organizations' after them).
    forms: Vec<(NodeIndex, crate::unit::PartyForm)>,
    /// How many leading rows are joined to their parents already: each of them named no
    /// parent or a parent pushed before it, and its edge was added as it was pushed.
    joined: usize,
    problems: Vec<BuildProblem>,
    total: usize,
}

impl HierarchyBuilder {
    /// An empty builder.
    ///
    /// ```
    /// use partyorg::hierarchy::HierarchyBuilder;
    /// let b = HierarchyBuilder::new();
    /// assert!(b.is_empty());
    /// assert!(b.build()?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty builder with room for `rows` rows.
    ///
    /// ```
    /// use partyorg::{hierarchy::HierarchyBuilder, Unit, UnitId, UnitKind};
    /// let mut b = HierarchyBuilder::with_capacity(2);
    /// b.push(UnitId(7), None, Unit::new(UnitKind::District, "白云区"));
    /// assert_eq!(b.build()?.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_capacity(rows: usize) -> Self {
        HierarchyBuilder {
            h: Hierarchy::with_capacity(rows),
            rows: Vec::with_capacity(rows),
            forms: Vec::new(),
            joined: 0,
            problems: Vec::new(),
            total: 0,
        }
    }

    fn problem(&mut self, p: BuildProblem) {
        self.total += 1;
        if self.problems.len() < MAX_LISTED_PROBLEMS {
            self.problems.push(p);
        }
    }

    /// Adds a row: a unit, its id and its parent's id. Problems with the row are kept and
    /// reported by [`build`](Self::build).
    ///
    /// ```
    /// # use partyorg::{hierarchy::BuildProblem, hierarchy::HierarchyBuilder, Unit, UnitId, UnitKind};
    /// let mut b = HierarchyBuilder::new();
    /// b.push(UnitId(1), None, Unit::new(UnitKind::District, "白云区"));
    /// b.push(UnitId(1), None, Unit::new(UnitKind::District, "越秀区"));
    /// // The second row is kept aside as a problem; the error lists it.
    /// assert_eq!(b.len(), 1);
    /// let err = b.build().unwrap_err();
    /// assert_eq!(err.problems, [BuildProblem::DuplicateId { id: UnitId(1) }]);
    /// ```
    pub fn push(&mut self, id: UnitId, parent: Option<UnitId>, mut unit: Unit) {
        let name = std::mem::take(&mut unit.name);
        self.push_named(id, parent, &name, unit);
    }

    /// [`push`](Self::push) with the name given apart, borrowed from a loader's cell;
    /// `unit.name` is ignored.
    pub(crate) fn push_named(
        &mut self,
        id: UnitId,
        parent: Option<UnitId>,
        name: &str,
        mut unit: Unit,
    ) {
        if self.h.contains(id) {
            self.problem(BuildProblem::DuplicateId { id });
            return;
        }
        let form = unit.party_form.take();
        match self.h.insert_node_named(id, name, unit) {
            Ok(ix) => {
                if self.joined == self.rows.len() {
                    // Every row so far is joined: this one too, when its parent came
                    // before it (a unit that is its own parent waits, and is a cycle).
                    match parent.map(|p| self.h.index_of(p)) {
                        None => self.joined += 1,
                        Some(Ok(pix)) if pix != ix => {
                            self.h.graph.add_edge(pix, ix, Relation::Contains);
                            self.joined += 1;
                        }
                        Some(_) => {}
                    }
                }
                self.rows.push((ix, parent));
                if let Some(f) = form {
                    self.forms.push((ix, f));
                }
            }
            Err(e) => self.problem(e.into()),
        }
    }

    /// Gives the row accepted `row`-th (0-based, in push order) the parent `parent`, for
    /// loaders that learn a row's parent only after later rows (the NBS file names parents
    /// by code). The cycle check and attachment of [`build`](Self::build) cover it like
    /// any other row.
    pub(crate) fn set_parent(&mut self, row: usize, parent: UnitId) {
        if row >= self.rows.len() {
            return;
        }
        // A joined row waits again, with every joined row after it (their edges taken
        // back), so that the build joins them in row order. `joined` only falls: each
        // row is taken back at most once, *O(rows)* over every call.
        for &(ix, _) in &self.rows[row.min(self.joined)..self.joined] {
            if let Some(e) = self.h.containment_edge(ix) {
                self.h.graph.remove_edge(e);
            }
        }
        self.joined = self.joined.min(row);
        self.rows[row].1 = Some(parent);
    }

    /// The number of rows accepted so far.
    ///
    /// ```
    /// use partyorg::{hierarchy::HierarchyBuilder, Unit, UnitId, UnitKind};
    /// let mut b = HierarchyBuilder::new();
    /// b.push(UnitId(2), Some(UnitId(1)), Unit::new(UnitKind::Street, "均禾街道"));
    /// b.push(UnitId(1), None, Unit::new(UnitKind::District, "白云区"));
    /// assert_eq!(b.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no row was accepted.
    ///
    /// ```
    /// use partyorg::{hierarchy::HierarchyBuilder, Unit, UnitId, UnitKind};
    /// let mut b = HierarchyBuilder::new();
    /// assert!(b.is_empty());
    /// b.push(UnitId(1), None, Unit::new(UnitKind::District, "白云区"));
    /// assert!(!b.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Builds the forest, without checking the containment table. *O(n)*.
    ///
    /// # Errors
    ///
    /// [`BuildError`] listing duplicate ids, missing parents, cycles and rows the store
    /// refused ([`BuildProblem::Hierarchy`]: a malformed or repeated key, a store that is
    /// full).
    ///
    /// ```
    /// # use partyorg::{hierarchy::BuildProblem, hierarchy::HierarchyBuilder, Unit, UnitId, UnitKind};
    /// let mut b = HierarchyBuilder::new();
    /// // A street as a root is accepted here (validation reports it) ...
    /// b.push(UnitId(1), None, Unit::new(UnitKind::Street, "均禾街道"));
    /// assert!(!b.build()?.is_well_placed());
    /// // ... but a missing parent is not.
    /// let mut b = HierarchyBuilder::new();
    /// b.push(UnitId(2), Some(UnitId(9)), Unit::new(UnitKind::Street, "均禾街道"));
    /// let err = b.build().unwrap_err();
    /// assert_eq!(err.problems, [BuildProblem::MissingParent { id: UnitId(2), parent: UnitId(9) }]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build(self) -> Result<Hierarchy, BuildError> {
        self.build_inner(false)
    }

    /// Builds the forest and enforces the containment table and root kinds, as
    /// [`Hierarchy::add_unit`] does.
    ///
    /// # Errors
    ///
    /// As [`build`](Self::build), plus [`HierarchyError::NotAllowed`] and
    /// [`HierarchyError::NeedsParent`] problems.
    ///
    /// ```
    /// # use partyorg::{hierarchy::BuildProblem, hierarchy::HierarchyBuilder, HierarchyError, Unit, UnitId, UnitKind};
    /// let mut b = HierarchyBuilder::new();
    /// b.push(UnitId(1), None, Unit::new(UnitKind::Street, "均禾街道"));
    /// let err = b.build_strict().unwrap_err();
    /// assert!(matches!(
    ///     err.problems[..],
    ///     [BuildProblem::Hierarchy(HierarchyError::NeedsParent { .. })]
    /// ));
    /// ```
    pub fn build_strict(self) -> Result<Hierarchy, BuildError> {
        self.build_inner(true)
    }

    fn build_inner(mut self, strict: bool) -> Result<Hierarchy, BuildError> {
        let rows = std::mem::take(&mut self.rows);
        let (joined, waiting) = rows.split_at(self.joined);
        if strict {
            // The joined rows' parents are in the graph already.
            for &(ix, _) in joined {
                let parent = self.h.parent_ix(ix);
                self.check_placement(ix, parent, strict);
            }
        }
        // The rows that wait: parent of each node, by node index, or u32::MAX. Nodes are
        // added in push order, so a joined row's node comes before every waiting one's:
        // walking up from a waiting row ends at a root or at a joined row, whose path
        // to its root was checked as it was pushed.
        let first_waiting = waiting.first().map_or(usize::MAX, |r| r.0.index());
        let bound = if waiting.is_empty() {
            0
        } else {
            self.h.graph.node_bound()
        };
        let mut parent_of = vec![u32::MAX; bound];
        for &(ix, parent) in waiting {
            let Some(p) = parent else {
                self.check_placement(ix, None, strict);
                continue;
            };
            let Ok(pix) = self.h.index_of(p) else {
                let id = self.h.graph[ix].id;
                self.problem(BuildProblem::MissingParent { id, parent: p });
                continue;
            };
            parent_of[ix.index()] = pix.index() as u32;
            self.check_placement(ix, Some(pix), strict);
        }
        // Cycles: walk up from every unvisited waiting node; 0 unvisited, 1 on the
        // current walk, 2 done. Every node is walked once.
        let mut state = vec![0u8; bound];
        let mut walk: Vec<u32> = Vec::new();
        for &(start, _) in waiting {
            if state[start.index()] != 0 {
                continue;
            }
            walk.clear();
            let mut cur = start.index() as u32;
            while cur != u32::MAX && (cur as usize) >= first_waiting && state[cur as usize] != 2 {
                if state[cur as usize] == 1 {
                    let at = walk.iter().position(|&w| w == cur).unwrap_or(0);
                    let mut cycle: Vec<UnitId> = walk[at..]
                        .iter()
                        .map(|&w| self.h.graph[NodeIndex::new(w as usize)].id)
                        .collect();
                    let min = cycle
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, id)| **id)
                        .map_or(0, |(i, _)| i);
                    cycle.rotate_left(min);
                    self.problem(BuildProblem::Cycle {
                        id: cycle[0],
                        cycle,
                    });
                    break;
                }
                state[cur as usize] = 1;
                walk.push(cur);
                cur = parent_of[cur as usize];
            }
            for &w in &walk {
                state[w as usize] = 2;
            }
        }
        if self.total > 0 {
            return Err(BuildError {
                problems: self.problems,
                total: self.total,
            });
        }
        drop(state);
        // Exactly the room the edges and own organizations take.
        let forms = std::mem::take(&mut self.forms);
        let children = waiting.iter().filter(|r| r.1.is_some()).count();
        self.h.reserve_exact(forms.len(), children + forms.len());
        for &(ix, _) in waiting {
            let p = parent_of[ix.index()];
            if p != u32::MAX {
                self.h
                    .graph
                    .add_edge(NodeIndex::new(p as usize), ix, Relation::Contains);
            }
        }
        drop(parent_of);
        for (ix, form) in forms {
            if let Err(e) = self.h.put_party_form(ix, form) {
                self.problem(e.into());
                return Err(BuildError {
                    problems: self.problems,
                    total: self.total,
                });
            }
        }
        self.h.changed(super::Change::Structure);
        Ok(self.h)
    }

    /// The strict build's checks of one row: a root of a kind that needs a parent, a
    /// parent of a kind the containment table forbids. Nothing when not `strict`.
    fn check_placement(&mut self, ix: NodeIndex, parent: Option<NodeIndex>, strict: bool) {
        if !strict {
            return;
        }
        let node = &self.h.graph[ix];
        let (id, kind) = (node.id, node.unit_kind());
        let problem = match parent {
            None if !kind.may_be_root() => HierarchyError::NeedsParent {
                unit: Some(id),
                kind,
            },
            None => return,
            Some(pix) => {
                let pk = self.h.graph[pix].unit_kind();
                if pk.may_contain(kind) {
                    return;
                }
                HierarchyError::NotAllowed {
                    child: Some(id),
                    child_kind: kind,
                    parent: self.h.graph[pix].id,
                    parent_kind: pk,
                    parent_label: self.h.label_ix(pix),
                    child_label: Some(self.h.label_ix(ix)),
                }
            }
        };
        self.problem(problem.into());
    }
}

impl Hierarchy {
    /// Whether every standing unit's parent is allowed by the containment table and every
    /// root is of a root kind (always true for a hierarchy built only with checked
    /// operations).
    ///
    /// ```
    /// use partyorg::{hierarchy::HierarchyBuilder, Unit, UnitId, UnitKind};
    /// let mut b = HierarchyBuilder::new();
    /// b.push(UnitId(1), None, Unit::new(UnitKind::Village, "石马桥村"));
    /// b.push(UnitId(2), Some(UnitId(1)), Unit::new(UnitKind::District, "白云区"));
    /// // The unchecked build keeps what the containment table forbids.
    /// assert!(!b.build()?.is_well_placed());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_well_placed(&self) -> bool {
        self.unit_indices().all(|ix| {
            let k = self.graph[ix].unit_kind();
            match self.parent_ix(ix) {
                Some(p) => self.graph[p].unit_kind().may_contain(k),
                None => k.may_be_root(),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    //! Crate-internal checks of the builder: the graph it leaves behind.

    use super::*;
    use crate::hierarchy::Layout;
    use crate::unit::UnitKind;

    #[test]
    fn build_adds_exactly_one_containment_edge_per_child() {
        let mut b = HierarchyBuilder::with_capacity(4);
        b.push(
            UnitId(3),
            Some(UnitId(2)),
            Unit::new(UnitKind::Village, "龙岗村"),
        );
        b.push(
            UnitId(2),
            Some(UnitId(1)),
            Unit::new(UnitKind::Town, "钟落潭镇"),
        );
        b.push(UnitId(1), None, Unit::new(UnitKind::District, "白云区"));
        b.push(
            UnitId(4),
            Some(UnitId(2)),
            Unit::new(UnitKind::Village, "马洞村"),
        );
        let h = b.build_strict().unwrap();
        assert_eq!(h.graph.edge_count(), 3);
        for ix in h.graph.node_indices() {
            let parents = h
                .graph
                .edges_directed(ix, petgraph::Direction::Incoming)
                .filter(|e| *e.weight() == Relation::Contains)
                .count();
            assert_eq!(parents, usize::from(h.graph[ix].id != UnitId(1)));
        }
        // The layout the builder leaves is the one its graph gives.
        let fresh = Layout::build(&h.graph);
        assert_eq!(h.layout().order, fresh.order);
        assert_eq!(h.layout().end, fresh.end);
        assert_eq!(h.layout().len(), 4);
    }

    #[test]
    fn far_ids_use_the_sparse_index() {
        let mut b = HierarchyBuilder::new();
        b.push(UnitId(1), None, Unit::new(UnitKind::District, "白云区"));
        b.push(
            UnitId(2_000_000_000),
            Some(UnitId(1)),
            Unit::new(UnitKind::Street, "均禾街道"),
        );
        let h = b.build().unwrap();
        assert!(matches!(h.ids.0, crate::hierarchy::IdIndex::Sparse(_)));
        assert_eq!(
            h.parent(UnitId(2_000_000_000)).unwrap().unwrap().id(),
            UnitId(1)
        );
        assert!(!h.contains(UnitId(2)));
    }

    #[test]
    fn problems_past_the_cap_are_counted_not_kept() {
        let mut b = HierarchyBuilder::new();
        for i in 0..(MAX_LISTED_PROBLEMS as u32 + 3) {
            b.push(
                UnitId(0),
                None,
                Unit::new(UnitKind::District, format!("区{i}")),
            );
        }
        assert_eq!(b.problems.len(), MAX_LISTED_PROBLEMS);
        assert_eq!(b.total, MAX_LISTED_PROBLEMS + 2);
        assert_eq!(b.len(), 1);
    }
}
