//! The hierarchy: units, organizations outside the tree and their relations, held in a
//! petgraph [`StableGraph`].
//!
//! The graph is the source of truth. Everything derived from it — the id, code and name
//! indexes, the pre-order [layout](crate::Layout) in which every subtree is a contiguous
//! range, the cached member totals — is built from the graph and kept current (or dropped
//! and rebuilt on the next read) by the hierarchy's own mutating methods; nothing edits a
//! derived structure on its own.

mod builder;
mod layout;
mod orgs;
mod query;
mod undo;

use std::sync::OnceLock;

use hashbrown::HashMap;
use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};

use crate::code::DivisionCode;
use crate::error::HierarchyError;
use crate::names::{NameId, Names};
use crate::org::{BigCommittee, OrgForm, TemporaryOrg};
use crate::record::{Record, RecordId};
use crate::relation::{Link, Pairing, PairingId, Relation};
use crate::unit::{Details, Members, PartyForm, TemporaryInfo, Unit, UnitId, UnitKind};

pub use builder::{BuildError, BuildProblem, HierarchyBuilder, MAX_LISTED_PROBLEMS};
pub use layout::Layout;
/// The layout's "no position" marker, for the rollups.
pub(crate) use layout::NONE as NONE_POSITION;
pub use orgs::{OrgRef, OrgTotals};
pub use query::{Ancestors, Children, Descendants, Path, UnitRef, Visit};

/// Renames allowed before the name arena is compacted, however small it is.
const MIN_RENAMES_BEFORE_COMPACTION: usize = 4096;

/// How far past twice the current record count a chosen record id may lie
/// ([`Hierarchy::add_record_with_id`]): about 24 MB of vacant slots at most.
pub const MAX_RECORD_ID_GAP: usize = 1 << 20;

/// The graph type: nodes are units, edges are [`Relation`]s, indices are `u32`.
pub(crate) type Graph = StableGraph<Node, Relation, petgraph::Directed, u32>;

pub(crate) const AGRICULTURAL: u8 = 1;
pub(crate) const HAS_DETAILS: u8 = 2;
/// On an organization's node: the unit's own organization of the one-table form.
pub(crate) const OWN_ORG: u8 = 4;
/// On a temporary organization's or big committee's node: its party form, as
/// `PartyForm` index + 1 in these bits (0 for none). Standing units keep theirs as an
/// own organization node instead.
pub(crate) const FORM_BITS: u8 = 0b0111_0000;
pub(crate) const FORM_SHIFT: u8 = 4;

/// What a node is: a unit of a kind, or a party organization of a form. Two bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NodeKind {
    /// A unit (or a temporary organization or big committee, still unit kinds).
    Unit(UnitKind),
    /// A party organization.
    Org(OrgForm),
}

impl NodeKind {
    /// Whether the node is a standing unit (a node of the place tree).
    pub(crate) fn is_standing(self) -> bool {
        matches!(self, NodeKind::Unit(k) if k.is_standing())
    }

    /// The unit kind, if the node is a unit.
    #[allow(dead_code)]
    pub(crate) fn unit(self) -> Option<UnitKind> {
        match self {
            NodeKind::Unit(k) => Some(k),
            NodeKind::Org(_) => None,
        }
    }

    /// The organization form, if the node is an organization.
    pub(crate) fn org(self) -> Option<OrgForm> {
        match self {
            NodeKind::Org(f) => Some(f),
            NodeKind::Unit(_) => None,
        }
    }
}

impl PartialEq<UnitKind> for NodeKind {
    fn eq(&self, other: &UnitKind) -> bool {
        *self == NodeKind::Unit(*other)
    }
}

/// A node weight: what every unit and organization carries. 20 bytes; the rarer facts
/// live in the hierarchy's side tables (codes, details, organizations' extras).
///
/// An organization's node holds its own id's number in `id` (ids of units and of
/// organizations are told apart by `kind`), its form in `kind` and, in `flags`,
/// [`OWN_ORG`] when it is a unit's own organization of the one-table form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Node {
    pub(crate) id: UnitId,
    pub(crate) name: NameId,
    pub(crate) full: u32,
    pub(crate) probationary: u32,
    pub(crate) kind: NodeKind,
    pub(crate) flags: u8,
    /// The elected committee's size; 0 for none.
    pub(crate) committee: u8,
}

impl Node {
    /// The unit kind of a unit's node. Only called on nodes reached through units (the
    /// unit id index, containment edges, the place layout); an organization's node
    /// answers with a kind no rule treats as standing.
    pub(crate) fn unit_kind(&self) -> UnitKind {
        match self.kind {
            NodeKind::Unit(k) => k,
            NodeKind::Org(_) => UnitKind::BigCommittee,
        }
    }

    pub(crate) fn members(&self) -> Members {
        Members::new(self.full, self.probationary)
    }

    pub(crate) fn committee_size(&self) -> Option<u8> {
        (self.committee > 0).then_some(self.committee)
    }
}

/// What to do with a removed unit's children.
///
/// In every case the removed units' relations (pairings, memberships, coverage) and
/// records go with them, and so do the temporary organizations they host, whose approval
/// lapses with the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Removal {
    /// Refuse with [`HierarchyError::HasChildren`] if the unit has children.
    LeafOnly,
    /// Give the children to the removed unit's parent (or make them roots). Refused, with
    /// nothing changed, if any child's kind may not stand there.
    LiftChildren,
    /// Remove the whole subtree.
    Subtree,
}

/// What a removal removed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Removed {
    /// The ids of the removed units, temporary organizations and big committees, in
    /// pre-order.
    pub units: Vec<UnitId>,
    /// The party organizations based in a removed unit, removed with it, in id order.
    /// Organizations
    /// that were recorded below one of them now report to the nearest organization above
    /// that stays.
    pub orgs: Vec<crate::org::OrgId>,
    /// How many pairings were dropped with them.
    pub pairings: usize,
    /// How many records were dropped with them.
    pub records: usize,
}

/// Unit id → graph node. Dense while ids are (a vector indexed by id), sparse otherwise.
#[derive(Clone, Debug)]
pub(crate) enum IdIndex {
    Dense(Vec<u32>),
    Sparse(HashMap<u32, u32>),
}

const VACANT: u32 = u32::MAX;

/// The most nodes a hierarchy holds: graph indices are `u32`, and `u32::MAX` marks a
/// vacant slot of the id index.
const MAX_NODES: usize = (u32::MAX - 1) as usize;

impl IdIndex {
    fn get(&self, id: UnitId) -> Option<NodeIndex> {
        let raw = match self {
            IdIndex::Dense(v) => *v.get(id.0 as usize)?,
            IdIndex::Sparse(m) => *m.get(&id.0)?,
        };
        (raw != VACANT).then(|| NodeIndex::new(raw as usize))
    }

    /// Whether a dense vector grown to index `i` would be mostly vacant with `live` units:
    /// then the index turns sparse. A choice of representation only: both answer alike.
    fn dense_would_waste(i: usize, live: usize) -> bool {
        i > 2 * live + 65_536
    }

    fn insert(&mut self, id: UnitId, ix: NodeIndex, live: usize) {
        let i = id.0 as usize;
        if let IdIndex::Dense(v) = self
            && i >= v.len()
            && Self::dense_would_waste(i, live)
        {
            let map = v
                .iter()
                .enumerate()
                .filter(|(_, n)| **n != VACANT)
                .map(|(k, n)| (k as u32, *n))
                .collect();
            *self = IdIndex::Sparse(map);
        }
        match self {
            IdIndex::Dense(v) => {
                if i >= v.len() {
                    v.resize(i + 1, VACANT);
                }
                v[i] = ix.index() as u32;
            }
            IdIndex::Sparse(m) => {
                m.insert(id.0, ix.index() as u32);
            }
        }
    }

    fn remove(&mut self, id: UnitId) {
        match self {
            IdIndex::Dense(v) => {
                if let Some(slot) = v.get_mut(id.0 as usize) {
                    *slot = VACANT;
                }
            }
            IdIndex::Sparse(m) => {
                m.remove(&id.0);
            }
        }
    }

    fn heap_bytes(&self) -> usize {
        match self {
            IdIndex::Dense(v) => v.capacity() * 4,
            IdIndex::Sparse(m) => m.capacity() * 9,
        }
    }
}

/// Derived structures, built lazily from the graph and dropped on structural change.
#[derive(Clone, Debug, Default)]
pub(crate) struct Derived {
    pub(crate) layout: OnceLock<Layout>,
    /// Node indices sorted by (name id, node index).
    pub(crate) by_name: OnceLock<Vec<NodeIndex>>,
    /// The rollups' record index and memo of subtree totals (nothing per unit).
    pub(crate) rollup: crate::rollup::RollupCache,
    /// The pre-order layout of the organization forest (the 隶属 tree).
    pub(crate) org_layout: OnceLock<Layout>,
}

/// The organization system: a forest of standing units, the organizations outside it, the
/// relations across it and the dated records of its units.
///
/// # Model
///
/// - Standing units form a forest under the containment table
///   ([`UnitKind::may_contain`]); roots are provinces, cities or districts.
/// - Temporary organizations and big committees are nodes outside the tree, linked by
///   [`Relation`]s.
/// - Pairings are relations with details ([`Pairing`]); records are kept per unit.
///
/// Every mutating method checks everything first and changes nothing when it refuses.
///
/// # Example
///
/// ```
/// use partyorg::{Hierarchy, Unit, UnitKind};
///
/// let mut h = Hierarchy::new();
/// let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
/// let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
/// let village = Unit::new(UnitKind::Village, "石马桥村委会");
/// // A village may not stand directly under a district.
/// assert!(h.add_unit(Some(baiyun), village.clone()).is_err());
/// let v = h.add_unit(Some(junhe), village)?;
/// assert_eq!(h.path(v)?.to_string(), "白云区 / 均禾街道 / 石马桥村委会");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default)]
pub struct Hierarchy {
    pub(crate) graph: Graph,
    pub(crate) names: Names,
    pub(crate) ids: IdIndexWrapper,
    pub(crate) codes: HashMap<NodeIndex, DivisionCode>,
    pub(crate) by_code: HashMap<DivisionCode, NodeIndex>,
    pub(crate) details: HashMap<NodeIndex, Box<Details>>,
    pub(crate) pairings: HashMap<PairingId, Pairing>,
    pub(crate) records: Vec<Option<Record>>,
    pub(crate) next_id: u32,
    pub(crate) next_pairing: u32,
    /// Ids of removed units and organizations, refused by the `*_with_id` methods so that
    /// no id is ever reused. Grows with removals (4 bytes each, plus the set's overhead).
    pub(crate) retired: hashbrown::HashSet<UnitId>,
    /// Renames since the name arena was last compacted (see [`Hierarchy::rename`]).
    pub(crate) renames: usize,
    /// Organization id → node.
    pub(crate) org_ids: IdIndexWrapper,
    /// The rarer facts of organizations that have any (code, secretary, term, dates).
    pub(crate) org_extra: HashMap<NodeIndex, Box<orgs::OrgExtra>>,
    pub(crate) next_org: u32,
    /// The number of organization nodes.
    pub(crate) org_count: usize,
    /// Ids of removed organizations, never accepted again.
    pub(crate) retired_orgs: hashbrown::HashSet<crate::org::OrgId>,
    pub(crate) derived: Derived,
}

/// Default-constructible wrapper of [`IdIndex`].
#[derive(Clone, Debug)]
pub(crate) struct IdIndexWrapper(pub(crate) IdIndex);

impl Default for IdIndexWrapper {
    fn default() -> Self {
        IdIndexWrapper(IdIndex::Dense(Vec::new()))
    }
}

impl std::fmt::Debug for Hierarchy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hierarchy")
            .field("units", &self.len())
            .field("orgs", &self.org_count)
            .field("relations", &self.graph.edge_count())
            .field("pairings", &self.pairings.len())
            .field("records", &self.record_count())
            .finish()
    }
}

impl Hierarchy {
    /// An empty hierarchy.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty hierarchy with room for `units` units, so that a large build does not
    /// reallocate (and briefly double) its storage.
    pub fn with_capacity(units: usize) -> Self {
        Hierarchy {
            graph: Graph::with_capacity(units, units),
            ids: IdIndexWrapper(IdIndex::Dense(Vec::with_capacity(units))),
            ..Self::default()
        }
    }

    // ----- lookups -------------------------------------------------------------------

    /// The number of units, temporary organizations and big committees (party
    /// organizations are counted by [`org_count`](Self::org_count)).
    pub fn len(&self) -> usize {
        self.graph.node_count() - self.org_count
    }

    /// Whether the hierarchy has no unit.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of live records.
    pub fn record_count(&self) -> usize {
        self.records.iter().filter(|r| r.is_some()).count()
    }

    pub(crate) fn index_of(&self, id: UnitId) -> Result<NodeIndex, HierarchyError> {
        self.ids
            .0
            .get(id)
            .filter(|ix| self.graph.contains_node(*ix))
            .ok_or(HierarchyError::UnknownUnit { id })
    }

    pub(crate) fn unit_ref(&self, ix: NodeIndex) -> UnitRef<'_> {
        UnitRef::new(self, ix)
    }

    /// Whether a unit with this id exists.
    pub fn contains(&self, id: UnitId) -> bool {
        self.index_of(id).is_ok()
    }

    /// The unit with this id. *O(1)*.
    pub fn get(&self, id: UnitId) -> Option<UnitRef<'_>> {
        self.index_of(id).ok().map(|ix| self.unit_ref(ix))
    }

    /// The unit with this id, or [`HierarchyError::UnknownUnit`]. *O(1)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`] when no unit has the id.
    pub fn unit(&self, id: UnitId) -> Result<UnitRef<'_>, HierarchyError> {
        self.index_of(id).map(|ix| self.unit_ref(ix))
    }

    /// The unit with this division code (the first added, if a file gave two units the same
    /// code). *O(1)*.
    pub fn by_code(&self, code: DivisionCode) -> Option<UnitRef<'_>> {
        self.by_code.get(&code).map(|&ix| self.unit_ref(ix))
    }

    /// Every unit with exactly this name, in id order. Names repeat (every village may have
    /// a 第一经济社). *O(log n + k)* once the name index is built; building it costs
    /// *O(n log n)* after a structural change.
    pub fn by_name<'a>(&'a self, name: &str) -> impl Iterator<Item = UnitRef<'a>> + 'a {
        let index = self.name_index();
        let range = match self.names.find(name) {
            Some(id) => {
                let start = index.partition_point(|&ix| self.graph[ix].name < id);
                let end = index.partition_point(|&ix| self.graph[ix].name <= id);
                start..end
            }
            None => 0..0,
        };
        index[range].iter().map(move |&ix| self.unit_ref(ix))
    }

    fn name_index(&self) -> &[NodeIndex] {
        self.derived.by_name.get_or_init(|| {
            let mut v: Vec<NodeIndex> = self.unit_indices().collect();
            v.sort_unstable_by_key(|&ix| (self.graph[ix].name, self.graph[ix].id));
            v
        })
    }

    /// Every unit, temporary organization and big committee, in id order. *O(n log n)*.
    pub fn units(&self) -> impl Iterator<Item = UnitRef<'_>> + '_ {
        let mut v: Vec<NodeIndex> = self.unit_indices().collect();
        v.sort_unstable_by_key(|&ix| self.graph[ix].id);
        v.into_iter().map(move |ix| self.unit_ref(ix))
    }

    /// The pairing with this id.
    pub fn pairing(&self, id: PairingId) -> Option<&Pairing> {
        self.pairings.get(&id)
    }

    /// Every live record with its id, in id order.
    pub fn records(&self) -> impl Iterator<Item = (RecordId, &Record)> + '_ {
        self.records
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().map(|r| (RecordId(i as u32), r)))
    }

    /// The records attached to one unit, in id order. *O(records)*.
    pub fn records_of(&self, unit: UnitId) -> impl Iterator<Item = (RecordId, &Record)> + '_ {
        self.records().filter(move |(_, r)| r.unit == unit)
    }

    /// The nodes of units (temporary organizations and big committees included, party
    /// organizations not), in graph order.
    pub(crate) fn unit_indices(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph
            .node_indices()
            .filter(|&ix| self.graph[ix].kind.org().is_none())
    }

    /// Every relation between units other than containment, as links, in edge order.
    /// (The relations of party organizations — superiors, the units they are based in
    /// and cover — are read through [`org`](Self::org).)
    pub fn relations(&self) -> impl Iterator<Item = Link> + '_ {
        self.graph
            .edge_references()
            .filter(|e| {
                *e.weight() != Relation::Contains
                    && self.graph[e.source()].kind.org().is_none()
                    && self.graph[e.target()].kind.org().is_none()
            })
            .map(|e| Link {
                from: self.graph[e.source()].id,
                to: self.graph[e.target()].id,
                relation: *e.weight(),
            })
    }

    /// An estimate of the bytes the hierarchy holds on the heap, derived structures
    /// included (capacity, not length).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let nodes = self.graph.capacity().0 * (size_of::<Node>() + 8);
        let edges = self.graph.capacity().1 * (size_of::<Relation>() + 16);
        let details =
            self.details.capacity() * 16 + self.details.len() * (size_of::<Details>() + 16);
        let codes = (self.codes.capacity() + self.by_code.capacity()) * 17;
        let derived = self.derived.layout.get().map_or(0, Layout::heap_bytes)
            + self.derived.by_name.get().map_or(0, |v| v.capacity() * 4)
            + self.derived.rollup.heap_bytes();
        nodes
            + edges
            + details
            + codes
            + derived
            + self.names.heap_bytes()
            + self.ids.0.heap_bytes()
            + self.pairings.capacity() * (size_of::<Pairing>() + 5)
            + self.records.capacity() * size_of::<Option<Record>>()
    }

    /// Releases spare capacity after a large build.
    pub fn shrink_to_fit(&mut self) {
        self.graph.shrink_to_fit();
        self.names.shrink_to_fit();
        self.codes.shrink_to_fit();
        self.by_code.shrink_to_fit();
        self.details.shrink_to_fit();
        self.records.shrink_to_fit();
    }

    // ----- internal mutation helpers -------------------------------------------------

    /// Drops derived structures after a structural change.
    pub(crate) fn structure_changed(&mut self) {
        // Only what was built needs dropping: a bulk load calls this once per unit.
        if self.derived.layout.get().is_some() {
            self.derived.layout = OnceLock::new();
        }
        if self.derived.by_name.get().is_some() {
            self.derived.by_name = OnceLock::new();
        }
        if self.derived.org_layout.get().is_some() {
            self.derived.org_layout = OnceLock::new();
        }
        if !self.derived.rollup.is_empty() {
            self.derived.rollup = crate::rollup::RollupCache::default();
        }
    }

    fn fresh_id(&self) -> Result<UnitId, HierarchyError> {
        if self.next_id == u32::MAX {
            return Err(HierarchyError::Full { what: "unit ids" });
        }
        Ok(UnitId(self.next_id))
    }

    /// The containment parent of a node, if any.
    pub(crate) fn parent_ix(&self, ix: NodeIndex) -> Option<NodeIndex> {
        self.graph
            .edges_directed(ix, Incoming)
            .find(|e| *e.weight() == Relation::Contains)
            .map(|e| e.source())
    }

    fn containment_edge(&self, ix: NodeIndex) -> Option<EdgeIndex> {
        self.graph
            .edges_directed(ix, Incoming)
            .find(|e| *e.weight() == Relation::Contains)
            .map(|e| e.id())
    }

    fn standing(&self, ix: NodeIndex, expected: &'static str) -> Result<(), HierarchyError> {
        let n = &self.graph[ix];
        if n.unit_kind().is_standing() {
            Ok(())
        } else {
            Err(HierarchyError::WrongKind {
                id: n.id,
                found: n.unit_kind(),
                expected,
            })
        }
    }

    fn check_placement(
        &self,
        child: Option<UnitId>,
        child_kind: UnitKind,
        parent: Option<NodeIndex>,
    ) -> Result<(), HierarchyError> {
        match parent {
            None if child_kind.may_be_root() => Ok(()),
            None => Err(HierarchyError::NeedsParent {
                unit: child,
                kind: child_kind,
            }),
            Some(p) => {
                let pn = &self.graph[p];
                if !pn.unit_kind().is_standing() {
                    return Err(HierarchyError::WrongKind {
                        id: pn.id,
                        found: pn.unit_kind(),
                        expected: "a standing unit as parent",
                    });
                }
                if pn.unit_kind().may_contain(child_kind) {
                    Ok(())
                } else {
                    Err(HierarchyError::NotAllowed {
                        child,
                        child_kind,
                        parent: pn.id,
                        parent_kind: pn.unit_kind(),
                    })
                }
            }
        }
    }

    fn check_code_free(&self, code: Option<DivisionCode>) -> Result<(), HierarchyError> {
        match code.and_then(|c| self.by_code.get(&c).map(|&ix| (c, ix))) {
            Some((code, ix)) => Err(HierarchyError::DuplicateCode {
                code,
                existing: self.graph[ix].id,
            }),
            None => Ok(()),
        }
    }

    fn check_id_free(&self, id: UnitId) -> Result<(), HierarchyError> {
        if id.0 == u32::MAX {
            Err(HierarchyError::ReservedId { id })
        } else if self.contains(id) {
            Err(HierarchyError::DuplicateId { id })
        } else if self.retired.contains(&id) {
            Err(HierarchyError::RetiredId { id })
        } else {
            Ok(())
        }
    }

    /// Inserts a node with no checks but capacity; returns its index. The caller has
    /// checked everything else.
    pub(crate) fn insert_node(
        &mut self,
        id: UnitId,
        mut unit: Unit,
    ) -> Result<NodeIndex, HierarchyError> {
        let name = std::mem::take(&mut unit.name);
        self.insert_node_named(id, &name, unit)
    }

    /// [`insert_node`](Self::insert_node) with the name given apart (a loader's borrowed
    /// cell), so that a bulk load allocates no `String` per unit; `unit.name` is ignored.
    pub(crate) fn insert_node_named(
        &mut self,
        id: UnitId,
        name: &str,
        unit: Unit,
    ) -> Result<NodeIndex, HierarchyError> {
        if self.graph.node_count() >= MAX_NODES {
            return Err(HierarchyError::Full { what: "units" });
        }
        let name = self
            .names
            .intern(name)
            .map_err(|_| HierarchyError::Full { what: "name bytes" })?;
        let mut flags = 0;
        if unit.agricultural {
            flags |= AGRICULTURAL;
        }
        let has_details = !unit.details.is_empty();
        if has_details {
            flags |= HAS_DETAILS;
        }
        let ix = self.graph.add_node(Node {
            id,
            name,
            full: unit.members.full,
            probationary: unit.members.probationary,
            kind: NodeKind::Unit(unit.kind),
            flags,
            committee: unit.committee_size.unwrap_or(0),
        });
        if has_details {
            self.details.insert(ix, Box::new(unit.details));
        }
        if let Some(code) = unit.code {
            self.codes.insert(ix, code);
            self.by_code.entry(code).or_insert(ix);
        }
        let live = self.graph.node_count();
        self.ids.0.insert(id, ix, live);
        self.next_id = self.next_id.max(id.0.saturating_add(1));
        if let Some(form) = unit.party_form {
            self.put_party_form(ix, form)?;
        }
        self.structure_changed();
        Ok(ix)
    }

    // ----- public mutation -----------------------------------------------------------

    /// Adds a standing unit under `parent` (or as a root), returning its new id.
    ///
    /// # Errors
    ///
    /// - [`HierarchyError::UnknownUnit`] if the parent does not exist;
    /// - [`HierarchyError::NotAllowed`] if the containment table forbids the pair;
    /// - [`HierarchyError::NeedsParent`] for a root of a kind that needs a parent;
    /// - [`HierarchyError::WrongKind`] for a temporary organization or big committee (use
    ///   their own methods) or a parent that is one;
    /// - [`HierarchyError::DuplicateCode`] if another unit has the code.
    ///
    /// *O(1)* amortized; it drops the derived layout.
    pub fn add_unit(
        &mut self,
        parent: Option<UnitId>,
        unit: Unit,
    ) -> Result<UnitId, HierarchyError> {
        let id = self.fresh_id()?;
        self.add_unit_with_id(id, parent, unit)
    }

    /// Adds a standing unit with a chosen id, as loaders do to keep a file's ids.
    ///
    /// # Errors
    ///
    /// As [`add_unit`](Self::add_unit), and [`HierarchyError::DuplicateId`] if the id is
    /// taken.
    pub fn add_unit_with_id(
        &mut self,
        id: UnitId,
        parent: Option<UnitId>,
        unit: Unit,
    ) -> Result<UnitId, HierarchyError> {
        self.check_id_free(id)?;
        if !unit.kind.is_standing() {
            return Err(HierarchyError::WrongKind {
                id,
                found: unit.kind,
                expected: "a standing unit (use add_temporary or add_big_committee)",
            });
        }
        let parent_ix = parent.map(|p| self.index_of(p)).transpose()?;
        self.check_placement(None, unit.kind, parent_ix)?;
        self.check_code_free(unit.code)?;
        let ix = self.insert_node(id, unit)?;
        if let Some(p) = parent_ix {
            self.graph.add_edge(p, ix, Relation::Contains);
        }
        Ok(id)
    }

    /// Attaches a root unit under `parent`. Use [`move_unit`](Self::move_unit) for a unit
    /// that has a parent.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::AlreadyHasParent`] (a second parent), [`HierarchyError::Cycle`]
    /// (the parent is in the unit's subtree), and the placement errors of
    /// [`add_unit`](Self::add_unit).
    pub fn attach(&mut self, unit: UnitId, parent: UnitId) -> Result<(), HierarchyError> {
        let ix = self.index_of(unit)?;
        if let Some(p) = self.parent_ix(ix) {
            return Err(HierarchyError::AlreadyHasParent {
                unit,
                parent: self.graph[p].id,
            });
        }
        self.move_unit(unit, Some(parent))
    }

    /// Moves a unit and its subtree under `new_parent` (or makes it a root with `None`).
    /// Moving a unit under the parent it has changes nothing (it keeps its place among its
    /// siblings).
    ///
    /// *O(depth)* for the cycle check; it drops the derived layout.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::Cycle`] if the new parent is the unit or one of its descendants,
    /// and the placement errors of [`add_unit`](Self::add_unit).
    pub fn move_unit(
        &mut self,
        unit: UnitId,
        new_parent: Option<UnitId>,
    ) -> Result<(), HierarchyError> {
        let ix = self.index_of(unit)?;
        let kind = self.graph[ix].unit_kind();
        if !kind.is_standing() {
            return Err(HierarchyError::WrongKind {
                id: unit,
                found: kind,
                expected: "a standing unit",
            });
        }
        let parent_ix = new_parent.map(|p| self.index_of(p)).transpose()?;
        self.check_placement(Some(unit), kind, parent_ix)?;
        if parent_ix.is_some() && parent_ix == self.parent_ix(ix) {
            // Already there: keep its place among its siblings.
            return Ok(());
        }
        if let Some(p) = parent_ix {
            let mut cur = Some(p);
            while let Some(c) = cur {
                if c == ix {
                    return Err(HierarchyError::Cycle {
                        unit,
                        new_parent: self.graph[p].id,
                    });
                }
                cur = self.parent_ix(c);
            }
        }
        if let Some(e) = self.containment_edge(ix) {
            self.graph.remove_edge(e);
        }
        if let Some(p) = parent_ix {
            self.graph.add_edge(p, ix, Relation::Contains);
        }
        self.structure_changed();
        Ok(())
    }

    /// Removes a unit (or a temporary organization or big committee), with the documented
    /// semantics of [`Removal`] for its children.
    ///
    /// *O(removed units × their degree + records)*; it drops the derived layout.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::HasChildren`] with [`Removal::LeafOnly`];
    /// [`HierarchyError::NotAllowed`] / [`HierarchyError::NeedsParent`] with
    /// [`Removal::LiftChildren`] when a child may not take the unit's place.
    pub fn remove_unit(&mut self, id: UnitId, how: Removal) -> Result<Removed, HierarchyError> {
        self.remove_unit_logged(id, how, None)
    }

    /// [`remove_unit`](Self::remove_unit), keeping in `log` (when given) everything it
    /// takes away, so that a refused batch can put it back ([`undo::Undo::Removed`]).
    pub(crate) fn remove_unit_logged(
        &mut self,
        id: UnitId,
        how: Removal,
        log: Option<&mut undo::RemovedState>,
    ) -> Result<Removed, HierarchyError> {
        let ix = self.index_of(id)?;
        // In attachment order, so that lifted children keep their order and the first
        // misfit reported is the first child.
        let mut children: Vec<NodeIndex> = self.children_ix(ix).collect();
        children.reverse();
        let parent = self.parent_ix(ix);
        let mut doomed = Vec::new();
        match how {
            Removal::LeafOnly if !children.is_empty() => {
                return Err(HierarchyError::HasChildren {
                    id,
                    children: children.len(),
                });
            }
            Removal::LeafOnly => doomed.push(ix),
            Removal::LiftChildren => {
                for &c in &children {
                    let cn = &self.graph[c];
                    self.check_placement(Some(cn.id), cn.unit_kind(), parent)?;
                }
                doomed.push(ix);
            }
            Removal::Subtree => {
                let mut stack = vec![ix];
                while let Some(n) = stack.pop() {
                    doomed.push(n);
                    stack.extend(self.children_ix(n));
                }
            }
        }
        // Temporary organizations hosted by a removed unit go too.
        let mut hosted = Vec::new();
        for &n in &doomed {
            hosted.extend(
                self.graph
                    .edges_directed(n, Outgoing)
                    .filter(|e| *e.weight() == Relation::Hosts)
                    .map(|e| e.target()),
            );
        }
        doomed.extend(hosted);
        // Party organizations based in a removed unit go too; those recorded below one of
        // them pass to the nearest organization above that stays.
        let org_doomed = self.orgs_doomed_with(&doomed);
        let relink = self.relink_after(&org_doomed);
        doomed.extend(org_doomed);
        // Everything is checked; from here on nothing fails.
        if let Some(log) = log {
            self.capture_removal(log, &doomed, parent, how == Removal::LiftChildren);
            log.relinked = relink.iter().map(|&(o, _)| self.key_of(o)).collect();
        }
        if how == Removal::LiftChildren {
            for &c in &children {
                if let Some(e) = self.containment_edge(c) {
                    self.graph.remove_edge(e);
                }
                if let Some(p) = parent {
                    self.graph.add_edge(p, c, Relation::Contains);
                }
            }
        }
        let mut removed = Removed::default();
        let mut gone = hashbrown::HashSet::new();
        for &n in &doomed {
            if self.graph[n].kind.org().is_some() {
                removed.orgs.push(crate::org::OrgId(self.graph[n].id.0));
                continue;
            }
            let nid = self.graph[n].id;
            gone.insert(nid);
            removed.units.push(nid);
            for e in self
                .graph
                .edges_directed(n, Outgoing)
                .chain(self.graph.edges_directed(n, Incoming))
            {
                if let Relation::Pairing(p) = e.weight()
                    && self.pairings.remove(p).is_some()
                {
                    removed.pairings += 1;
                }
            }
        }
        let mut lost_codes = hashbrown::HashSet::new();
        for &n in &doomed {
            let node = self.graph.remove_node(n).expect("doomed nodes are live");
            if node.kind.org().is_some() {
                let id = crate::org::OrgId(node.id.0);
                self.org_ids.0.remove(node.id);
                self.retired_orgs.insert(id);
                self.org_extra.remove(&n);
                self.org_count -= 1;
                continue;
            }
            self.ids.0.remove(node.id);
            self.retired.insert(node.id);
            self.details.remove(&n);
            if let Some(code) = self.codes.remove(&n)
                && self.by_code.get(&code) == Some(&n)
            {
                self.by_code.remove(&code);
                lost_codes.insert(code);
            }
        }
        // Another unit loaded with the same code stays findable (the one with the lowest
        // graph index, a deterministic choice): one pass for the whole removal, and none
        // when every code is distinct.
        if !lost_codes.is_empty() && self.by_code.len() < self.codes.len() {
            for (&ix, code) in &self.codes {
                if lost_codes.contains(code) {
                    let e = self.by_code.entry(*code).or_insert(ix);
                    *e = (*e).min(ix);
                }
            }
        }
        for slot in &mut self.records {
            if slot.is_some_and(|r| gone.contains(&r.unit)) {
                *slot = None;
                removed.records += 1;
            }
        }
        for (org, superior) in relink {
            self.graph.add_edge(superior, org, Relation::Superior);
        }
        removed.orgs.sort_unstable();
        self.structure_changed();
        Ok(removed)
    }

    /// Sets a unit's member counts. Cached totals are kept current along the unit's
    /// ancestors: *O(depth)*; the next read of any subtree's totals is *O(1)*.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn set_members(&mut self, id: UnitId, members: Members) -> Result<(), HierarchyError> {
        let ix = self.index_of(id)?;
        let old = self.graph[ix].members();
        let node = &mut self.graph[ix];
        node.full = members.full;
        node.probationary = members.probationary;
        if let Some(layout) = self.derived.layout.get_mut() {
            layout.member_delta(ix, old, members);
        }
        if let Some(own) = self.own_org_ix(ix) {
            self.set_org_node_members(own, members);
        }
        self.rollup_members_changed(ix, old, members);
        Ok(())
    }

    /// Sets (or clears) the form of a unit's party organization.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn set_party_form(
        &mut self,
        id: UnitId,
        form: Option<PartyForm>,
    ) -> Result<(), HierarchyError> {
        let ix = self.index_of(id)?;
        match form {
            Some(f) => self.put_party_form(ix, f)?,
            None => self.clear_party_form(ix),
        }
        self.rollup_facts_changed();
        Ok(())
    }

    /// Sets (or clears, with `None` or `Some(0)`) the size of the unit's elected committee.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn set_committee_size(
        &mut self,
        id: UnitId,
        size: Option<u8>,
    ) -> Result<(), HierarchyError> {
        let ix = self.index_of(id)?;
        self.graph[ix].committee = size.unwrap_or(0);
        Ok(())
    }

    /// Marks a town or street agricultural (涉农), or not.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn set_agricultural(&mut self, id: UnitId, yes: bool) -> Result<(), HierarchyError> {
        let ix = self.index_of(id)?;
        let n = &mut self.graph[ix];
        n.flags = if yes {
            n.flags | AGRICULTURAL
        } else {
            n.flags & !AGRICULTURAL
        };
        self.rollup_facts_changed();
        Ok(())
    }

    /// Renames a unit.
    ///
    /// *O(1)* amortized. Names no unit holds any more are reclaimed: after more renames
    /// than there are nodes (and at least 4,096), the name arena is rebuilt from the names
    /// in use in *O(n)*, so renaming one unit again and again keeps memory bounded.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`], or [`HierarchyError::Full`] if the name arena is
    /// full.
    ///
    /// # Example
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let street = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.rename(street, "广州市白云区")?;
    /// assert_eq!(h.unit(street)?.name(), "广州市白云区");
    /// assert_eq!(h.by_name("白云区").count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rename(&mut self, id: UnitId, name: &str) -> Result<(), HierarchyError> {
        let ix = self.index_of(id)?;
        let name = self
            .names
            .intern(name)
            .map_err(|_| HierarchyError::Full { what: "name bytes" })?;
        self.graph[ix].name = name;
        if let Some(own) = self.own_org_ix(ix) {
            self.graph[own].name = name;
        }
        self.derived.by_name = OnceLock::new();
        self.renames += 1;
        if self.renames > self.graph.node_count().max(MIN_RENAMES_BEFORE_COMPACTION) {
            self.compact_names();
        }
        Ok(())
    }

    /// Rebuilds the name arena from the names in use, dropping names that no unit holds
    /// any more. *O(n)*, run by [`rename`](Self::rename) after more renames than there are
    /// nodes (and at least 4,096), so a rename costs *O(1)* amortized and the arena holds
    /// at most the names in use plus `max(n, 4096)` renamed-away names.
    fn compact_names(&mut self) {
        let mut fresh = Names::default();
        let mut map: HashMap<NameId, NameId> = HashMap::new();
        let ixs: Vec<NodeIndex> = self.graph.node_indices().collect();
        for ix in ixs {
            let old = self.graph[ix].name;
            let new = match map.get(&old) {
                Some(&n) => n,
                None => {
                    // The arena only shrinks here: the names fit where they fitted before.
                    let n = fresh
                        .intern(self.names.get(old))
                        .expect("a subset of the names fits the arena");
                    map.insert(old, n);
                    n
                }
            };
            self.graph[ix].name = new;
        }
        self.names = fresh;
        self.renames = 0;
        self.derived.by_name = OnceLock::new();
    }

    /// Sets (or clears) a unit's division code.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`], or [`HierarchyError::DuplicateCode`] if another unit
    /// has it.
    pub fn set_code(
        &mut self,
        id: UnitId,
        code: Option<DivisionCode>,
    ) -> Result<(), HierarchyError> {
        let ix = self.index_of(id)?;
        if let Some(c) = code
            && let Some(&other) = self.by_code.get(&c)
            && other != ix
        {
            return Err(HierarchyError::DuplicateCode {
                code: c,
                existing: self.graph[other].id,
            });
        }
        if let Some(old) = self.codes.remove(&ix)
            && self.by_code.get(&old) == Some(&ix)
        {
            self.by_code.remove(&old);
            // Another unit loaded with the same code stays findable, as on removal (the
            // lowest graph index); only searched for when some code is shared at all.
            if self.by_code.len() < self.codes.len()
                && let Some(other) = self
                    .codes
                    .iter()
                    .filter(|(_, c)| **c == old)
                    .map(|(&ix, _)| ix)
                    .min()
            {
                self.by_code.insert(old, other);
            }
        }
        if let Some(c) = code {
            self.codes.insert(ix, c);
            self.by_code.insert(c, ix);
        }
        Ok(())
    }

    /// Replaces a unit's rarer facts.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`].
    pub fn set_details(&mut self, id: UnitId, details: Details) -> Result<(), HierarchyError> {
        let ix = self.index_of(id)?;
        let n = &mut self.graph[ix];
        if details.is_empty() {
            n.flags &= !HAS_DETAILS;
            self.details.remove(&ix);
        } else {
            n.flags |= HAS_DETAILS;
            self.details.insert(ix, Box::new(details));
        }
        self.rollup_facts_changed();
        Ok(())
    }

    /// Adds a temporary party organization hosted by `org.host`, with edges to the home
    /// units of its seconded members. Returns its id.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`] for a missing host or home unit;
    /// [`HierarchyError::WrongKind`] if the host or a home unit is not a standing unit.
    pub fn add_temporary(&mut self, org: TemporaryOrg) -> Result<UnitId, HierarchyError> {
        let id = self.fresh_id()?;
        self.add_temporary_with_id(id, org)
    }

    /// [`add_temporary`](Self::add_temporary) with a chosen id.
    ///
    /// # Errors
    ///
    /// As [`add_temporary`](Self::add_temporary), and [`HierarchyError::DuplicateId`].
    pub fn add_temporary_with_id(
        &mut self,
        id: UnitId,
        org: TemporaryOrg,
    ) -> Result<UnitId, HierarchyError> {
        self.check_id_free(id)?;
        let host = org.host.map(|h| self.index_of(h)).transpose()?;
        if let Some(h) = host {
            self.standing(h, "a standing unit as host")?;
        }
        let homes = org
            .seconded
            .iter()
            .map(|&(u, n)| {
                let ix = self.index_of(u)?;
                self.standing(ix, "a standing unit as home unit")?;
                Ok((ix, n))
            })
            .collect::<Result<Vec<_>, HierarchyError>>()?;
        let details = Details {
            founded: Some(org.founded),
            dissolved: org.dissolved,
            temporary: Some(TemporaryInfo {
                purpose: org.purpose,
                approved: org.approved,
                task_ended: org.task_ended,
                acts: org.acts,
            }),
            ..Details::default()
        };
        let unit = Unit::new(UnitKind::Temporary, org.name)
            .with_members(org.members)
            .with_party_form(PartyForm::Branch)
            .with_details(details);
        let ix = self.insert_node(id, unit)?;
        if let Some(h) = host {
            self.graph.add_edge(h, ix, Relation::Hosts);
        }
        for (home, n) in homes {
            self.graph.add_edge(ix, home, Relation::Seconds(n));
        }
        Ok(id)
    }

    /// Adds a big party committee with its core, member units and part-time members.
    /// Returns its id.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`] for a missing unit; [`HierarchyError::WrongKind`] if
    /// any of them is not a standing unit (a big committee cannot list itself or another
    /// big committee).
    pub fn add_big_committee(&mut self, bc: BigCommittee) -> Result<UnitId, HierarchyError> {
        let id = self.fresh_id()?;
        self.add_big_committee_with_id(id, bc)
    }

    /// [`add_big_committee`](Self::add_big_committee) with a chosen id.
    ///
    /// # Errors
    ///
    /// As [`add_big_committee`](Self::add_big_committee), and
    /// [`HierarchyError::DuplicateId`].
    pub fn add_big_committee_with_id(
        &mut self,
        id: UnitId,
        bc: BigCommittee,
    ) -> Result<UnitId, HierarchyError> {
        self.check_id_free(id)?;
        let resolve = |h: &Self, u: UnitId, what: &'static str| {
            let ix = h.index_of(u)?;
            h.standing(ix, what)?;
            Ok::<_, HierarchyError>(ix)
        };
        let core = bc
            .core
            .map(|c| resolve(self, c, "a standing unit as core"))
            .transpose()?;
        let members = bc
            .members
            .iter()
            .map(|&u| resolve(self, u, "a standing unit as member"))
            .collect::<Result<Vec<_>, _>>()?;
        let part_time = bc
            .part_time
            .iter()
            .map(|&(u, n)| {
                Ok((
                    resolve(self, u, "a standing unit for part-time members")?,
                    n,
                ))
            })
            .collect::<Result<Vec<_>, HierarchyError>>()?;
        let details = Details {
            founded: bc.founded,
            big_committee: Some(bc.kind),
            ..Details::default()
        };
        let unit = Unit::new(UnitKind::BigCommittee, bc.name)
            .with_party_form(PartyForm::Committee)
            .with_details(details);
        let ix = self.insert_node(id, unit)?;
        if let Some(c) = core {
            self.graph.add_edge(ix, c, Relation::Core);
        }
        for m in members {
            self.graph.add_edge(ix, m, Relation::Member);
        }
        for (u, n) in part_time {
            self.graph.add_edge(ix, u, Relation::PartTime(n));
        }
        Ok(id)
    }

    /// Adds a relation other than containment, pairing or hosting between two existing
    /// nodes: [`Relation::Seconds`], [`Relation::Core`], [`Relation::Member`],
    /// [`Relation::PartTime`] or [`Relation::Covers`].
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`]; [`HierarchyError::WrongKind`] when an end has the
    /// wrong kind for the relation (the tail of `Core`, `Member`, `PartTime` must be a big
    /// committee, of `Seconds` a temporary organization, and every head a standing unit)
    /// or the relation is `Contains`, `Hosts` or `Pairing`, which have their own methods.
    pub fn relate(
        &mut self,
        from: UnitId,
        to: UnitId,
        relation: Relation,
    ) -> Result<(), HierarchyError> {
        let f = self.index_of(from)?;
        let t = self.index_of(to)?;
        if f == t {
            return Err(HierarchyError::SelfRelation { id: from });
        }
        let fk = self.graph[f].unit_kind();
        let tail_ok = match relation {
            Relation::Core | Relation::Member | Relation::PartTime(_) => {
                fk == UnitKind::BigCommittee
            }
            Relation::Seconds(_) => fk == UnitKind::Temporary,
            Relation::Covers => fk.is_standing(),
            Relation::Contains
            | Relation::Hosts
            | Relation::Pairing(_)
            | Relation::Superior
            | Relation::BasedIn => false,
        };
        if !tail_ok {
            return Err(HierarchyError::WrongKind {
                id: from,
                found: fk,
                expected: "a tail of the relation's kind",
            });
        }
        self.standing(t, "a standing unit as the relation's head")?;
        if relation == Relation::Core
            && let Some(core) = self
                .graph
                .edges_directed(f, Outgoing)
                .find(|e| *e.weight() == Relation::Core)
        {
            return Err(HierarchyError::SecondCore {
                committee: from,
                core: self.graph[core.target()].id,
            });
        }
        self.graph.add_edge(f, t, relation);
        self.rollup_relations_changed();
        Ok(())
    }

    /// Sets the host of a temporary organization (replacing any host it had).
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`]; [`HierarchyError::WrongKind`] if `temporary` is not
    /// a temporary organization or `host` not a standing unit.
    pub fn set_host(&mut self, temporary: UnitId, host: UnitId) -> Result<(), HierarchyError> {
        let t = self.index_of(temporary)?;
        let h = self.index_of(host)?;
        let tk = self.graph[t].unit_kind();
        if tk != UnitKind::Temporary {
            return Err(HierarchyError::WrongKind {
                id: temporary,
                found: tk,
                expected: "a temporary organization",
            });
        }
        self.standing(h, "a standing unit as host")?;
        let old: Vec<EdgeIndex> = self
            .graph
            .edges_directed(t, Incoming)
            .filter(|e| *e.weight() == Relation::Hosts)
            .map(|e| e.id())
            .collect();
        for e in old {
            self.graph.remove_edge(e);
        }
        self.graph.add_edge(h, t, Relation::Hosts);
        self.rollup_relations_changed();
        Ok(())
    }

    /// Pairs two standing units. Returns the pairing's id.
    ///
    /// Whether the ends suit the pairing type is a validation rule, not a refusal, so
    /// that data as it stands can be recorded and then checked.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`]; [`HierarchyError::WrongKind`] if an end is not a
    /// standing unit; [`HierarchyError::Full`] past `u32::MAX` pairings.
    pub fn add_pairing(
        &mut self,
        from: UnitId,
        to: UnitId,
        pairing: Pairing,
    ) -> Result<PairingId, HierarchyError> {
        let f = self.index_of(from)?;
        let t = self.index_of(to)?;
        if f == t {
            return Err(HierarchyError::SelfRelation { id: from });
        }
        self.standing(f, "a standing unit as pairing end")?;
        self.standing(t, "a standing unit as pairing end")?;
        if self.next_pairing == u32::MAX {
            return Err(HierarchyError::Full {
                what: "pairing ids",
            });
        }
        let id = PairingId(self.next_pairing);
        self.next_pairing += 1;
        self.pairings.insert(id, pairing);
        self.graph.add_edge(f, t, Relation::Pairing(id));
        self.rollup_relations_changed();
        Ok(id)
    }

    /// [`add_pairing`](Self::add_pairing) with a chosen id, as loaders do to keep a file's
    /// ids.
    ///
    /// # Errors
    ///
    /// As [`add_pairing`](Self::add_pairing); [`HierarchyError::DuplicatePairing`] if the
    /// id is taken.
    pub fn add_pairing_with_id(
        &mut self,
        id: PairingId,
        from: UnitId,
        to: UnitId,
        pairing: Pairing,
    ) -> Result<PairingId, HierarchyError> {
        if self.pairings.contains_key(&id) {
            return Err(HierarchyError::DuplicatePairing { id });
        }
        if id.0 == u32::MAX {
            return Err(HierarchyError::Full {
                what: "pairing ids",
            });
        }
        let f = self.index_of(from)?;
        let t = self.index_of(to)?;
        if f == t {
            return Err(HierarchyError::SelfRelation { id: from });
        }
        self.standing(f, "a standing unit as pairing end")?;
        self.standing(t, "a standing unit as pairing end")?;
        self.next_pairing = self.next_pairing.max(id.0 + 1);
        self.pairings.insert(id, pairing);
        self.graph.add_edge(f, t, Relation::Pairing(id));
        self.rollup_relations_changed();
        Ok(id)
    }

    /// Removes a pairing. *O(relations)*: the pairing's edge is found by a scan of the
    /// graph's edges (pairings are rarely removed; a national hierarchy has ~5 million
    /// edges).
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownPairing`].
    pub fn remove_pairing(&mut self, id: PairingId) -> Result<Pairing, HierarchyError> {
        let pairing = self
            .pairings
            .remove(&id)
            .ok_or(HierarchyError::UnknownPairing { id })?;
        if let Some(e) = self
            .graph
            .edge_indices()
            .find(|&e| self.graph[e] == Relation::Pairing(id))
        {
            self.graph.remove_edge(e);
        }
        self.rollup_relations_changed();
        Ok(pairing)
    }

    /// [`add_record`](Self::add_record) with a chosen id, as loaders do to keep a file's
    /// ids. Ids between the last one and this one stay vacant; records are stored by id, so
    /// an id more than [`MAX_RECORD_ID_GAP`] past twice the current count is refused rather
    /// than allocated for.
    ///
    /// # Errors
    ///
    /// As [`add_record`](Self::add_record); [`HierarchyError::DuplicateRecord`] if the id
    /// is taken.
    pub fn add_record_with_id(
        &mut self,
        id: RecordId,
        record: Record,
    ) -> Result<RecordId, HierarchyError> {
        self.index_of(record.unit)?;
        let i = id.0 as usize;
        if id.0 == u32::MAX {
            return Err(HierarchyError::Full { what: "records" });
        }
        if i > self.records.len().saturating_mul(2) + MAX_RECORD_ID_GAP {
            return Err(HierarchyError::Full {
                what: "records (an id far beyond the others)",
            });
        }
        if self.records.get(i).is_some_and(Option::is_some) {
            return Err(HierarchyError::DuplicateRecord { id });
        }
        if i >= self.records.len() {
            self.records
                .try_reserve(i + 1 - self.records.len())
                .map_err(|_| HierarchyError::Full { what: "records" })?;
            self.records.resize(i + 1, None);
        }
        self.records[i] = Some(record);
        self.rollup_record_changed(&record, true);
        Ok(id)
    }

    /// Attaches a dated record to its unit. Returns the record's id.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownUnit`] if `record.unit` does not exist;
    /// [`HierarchyError::Full`] past `u32::MAX` records.
    pub fn add_record(&mut self, record: Record) -> Result<RecordId, HierarchyError> {
        self.index_of(record.unit)?;
        let id = u32::try_from(self.records.len())
            .ok()
            .filter(|&i| i != u32::MAX)
            .ok_or(HierarchyError::Full { what: "records" })?;
        self.records.push(Some(record));
        self.rollup_record_changed(&record, true);
        Ok(RecordId(id))
    }

    /// Removes a record.
    ///
    /// # Errors
    ///
    /// [`HierarchyError::UnknownRecord`].
    pub fn remove_record(&mut self, id: RecordId) -> Result<Record, HierarchyError> {
        let record = self
            .records
            .get_mut(id.0 as usize)
            .and_then(Option::take)
            .ok_or(HierarchyError::UnknownRecord { id })?;
        self.rollup_record_changed(&record, false);
        Ok(record)
    }
}

impl PartialEq for Hierarchy {
    /// Two hierarchies are equal when they hold the same units with the same ids, facts,
    /// parents, children order and relations, the same party organizations (a unit's own
    /// organization of the one-table form named by its unit, any other by its id) with
    /// the same facts, units, superiors and coverage, the same pairings and the same
    /// records — whatever their graph indices and derived structures. Children order
    /// counts: it is the order in which units are shown.
    fn eq(&self, other: &Self) -> bool {
        if self.len() != other.len()
            || self.org_count != other.org_count
            || self.graph.edge_count() != other.graph.edge_count()
            || self.pairings != other.pairings
            || self.records().ne(other.records())
        {
            return false;
        }
        snapshot(self) == snapshot(other)
    }
}

/// An organization named as files name it: a unit's own organization by its unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum OrgKey {
    Own(UnitId),
    Org(u32),
}

type Snapshot = (
    Vec<(UnitId, Unit, Option<UnitId>, Vec<UnitId>)>,
    Vec<(UnitId, UnitId, String)>,
    Vec<(OrgKey, crate::org::Org, UnitId, Option<OrgKey>, Vec<UnitId>)>,
);

/// What equality compares, in a canonical order.
fn snapshot(h: &Hierarchy) -> Snapshot {
    let key = |o: NodeIndex| {
        if h.graph[o].flags & OWN_ORG != 0 {
            OrgKey::Own(h.graph[h.based_in_ix(o).expect("based in a unit")].id)
        } else {
            OrgKey::Org(h.graph[o].id.0)
        }
    };
    let mut units: Vec<_> = h
        .unit_indices()
        .map(|ix| {
            let u = h.unit_ref(ix);
            let children = h.children_ix(ix).map(|c| h.graph[c].id).collect();
            (
                u.id(),
                u.to_unit(),
                h.parent_ix(ix).map(|p| h.graph[p].id),
                children,
            )
        })
        .collect();
    units.sort_by_key(|u| u.0);
    let mut links: Vec<_> = h
        .relations()
        .map(|l| (l.from, l.to, format!("{:?}", l.relation)))
        .collect();
    links.sort();
    let mut orgs: Vec<_> = h
        .orgs()
        .map(|o| {
            let mut covers: Vec<UnitId> = o.covers().map(|u| u.id()).collect();
            covers.sort();
            (
                key(o.index()),
                o.to_org(),
                o.based_in().id(),
                h.stored_superior_ix(o.index()).map(key),
                covers,
            )
        })
        .collect();
    orgs.sort_by_key(|o| o.0);
    (units, links, orgs)
}

impl Eq for Hierarchy {}

#[cfg(test)]
mod size_tests {
    use super::*;

    #[test]
    fn node_weight_stays_compact() {
        // The nation has ~5.3 million units; every byte here is 5 MB there.
        assert_eq!(std::mem::size_of::<Node>(), 20);
        assert_eq!(std::mem::size_of::<Option<Node>>(), 20);
        assert_eq!(std::mem::size_of::<Relation>(), 8);
        assert_eq!(std::mem::size_of::<Option<Relation>>(), 8);
    }
}
