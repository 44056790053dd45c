//! The hierarchy: units, party organizations and their relations, held in a petgraph
//! [`StableGraph`].
//!
//! The graph is the source of truth. Everything derived from it — the id, code and name
//! indexes, the pre-order layout in which every subtree is a contiguous
//! range, the cached member totals — is built from the graph and kept current (or dropped
//! and rebuilt on the next read) by the hierarchy's own mutating methods; nothing edits a
//! derived structure on its own.

mod access;
mod builder;
mod change;
mod edit;
mod equality;
mod history;
mod ids;
mod item_keys;
mod keys;
mod layout;
mod links;
mod org_edit;
mod org_layout;
mod org_merge;
mod org_ref;
mod org_totals;
mod orgs;
mod query;
mod rewind;
mod undo;
mod unit_ref;

use std::sync::OnceLock;

use hashbrown::HashMap;
use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};

use crate::code::DivisionCode;
use crate::error::{HierarchyError, Missing, QueryError};
use crate::names::{NameId, Names};
use crate::org::OrgForm;
use crate::record::{Record, RecordId};
use crate::relation::{Link, Pairing, PairingId, Relation};
use crate::unit::{Details, Members, Unit, UnitId, UnitKind};

pub use builder::{BuildError, BuildProblem, HierarchyBuilder, MAX_LISTED_PROBLEMS};
pub(crate) use change::Change;
pub(crate) use ids::{IdIndex, IdIndexWrapper, MAX_NODES};
pub(crate) use keys::{canonical_bytes, canonical_number};
pub use layout::Layout;
/// The layout's "no position" marker, for the rollups.
pub(crate) use layout::NONE as NONE_POSITION;
pub use org_ref::OrgLink;
pub use org_totals::{OrgChildTotals, OrgTotals};
pub use orgs::OrgRef;
pub use query::{Ancestors, Children, Path, Subtree, Visit};
pub use unit_ref::UnitRef;

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

/// What a node is: a unit of a kind, or a party organization of a form. Two bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NodeKind {
    /// A unit.
    Unit(UnitKind),
    /// A party organization.
    Org(OrgForm),
}

impl NodeKind {
    /// Whether the node is a unit (a node of the place tree).
    pub(crate) fn is_unit(self) -> bool {
        matches!(self, NodeKind::Unit(_))
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
    /// unit id index, containment edges, the place layout, based-in edges' heads); an
    /// organization's node answers with the kind of an institution of no named sector.
    pub(crate) fn unit_kind(&self) -> UnitKind {
        match self.kind {
            NodeKind::Unit(k) => k,
            NodeKind::Org(_) => UnitKind::Institution(crate::unit::Sector::Other),
        }
    }

    pub(crate) fn members(&self) -> Members {
        Members::new(self.full, self.probationary)
    }

    pub(crate) fn committee_size(&self) -> Option<u8> {
        (self.committee > 0).then_some(self.committee)
    }
}

/// What keeps ids from being reused, as a snapshot keeps it.
#[derive(Clone, Debug, Default)]
pub(crate) struct IdCounters {
    pub(crate) next_unit: u32,
    pub(crate) next_org: u32,
    pub(crate) next_pairing: u32,
    pub(crate) retired_units: Vec<u32>,
    pub(crate) retired_orgs: Vec<u32>,
}

/// What to do with a removed unit's children.
///
/// In every case the removed units' relations (pairings, memberships, coverage) and
/// records go with them, and so does every organization based in them: their own, the
/// temporary organizations they host (whose approval lapses with the host) and the big
/// committees whose core they are.
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
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Removed {
    /// The ids of the removed units, in pre-order.
    pub units: Vec<UnitId>,
    /// The party organizations based in a removed unit (temporary organizations and big
    /// committees among them), removed with it, in id order.
    /// Organizations
    /// that were recorded below one of them now report to the nearest organization above
    /// that stays.
    pub orgs: Vec<crate::org::OrgId>,
    /// How many pairings were dropped with them.
    pub pairings: usize,
    /// How many records were dropped with them.
    pub records: usize,
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

/// The organization system: a forest of units, the party organizations based in them with
/// their own 隶属 tree, the relations across both and the dated records of the units.
///
/// # Model
///
/// - Units form a forest under the containment table ([`UnitKind::may_contain`]); roots
///   are provinces, cities or districts.
/// - Party organizations ([`OrgRef`]) are based in units and form the 隶属 forest;
///   temporary organizations and big committees are organizations outside it, linked to
///   units by [`Relation`]s.
/// - Pairings are relations between units with details ([`Pairing`]); records are kept
///   per unit.
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
    graph: Graph,
    names: Names,
    ids: IdIndexWrapper,
    codes: HashMap<NodeIndex, DivisionCode>,
    by_code: HashMap<DivisionCode, NodeIndex>,
    details: HashMap<NodeIndex, Box<Details>>,
    pairings: HashMap<PairingId, Pairing>,
    records: Vec<Option<Record>>,
    next_id: u32,
    next_pairing: u32,
    /// Ids of removed units and organizations, refused by the `*_with_id` methods so that
    /// no id is ever reused. Grows with removals (4 bytes each, plus the set's overhead).
    retired: hashbrown::HashSet<UnitId>,
    /// Renames since the name arena was last compacted (see [`Hierarchy::rename`]).
    renames: usize,
    /// Organization id → node.
    org_ids: IdIndexWrapper,
    /// The rarer facts of organizations that have any (code, secretary, term, dates).
    org_extra: HashMap<NodeIndex, Box<orgs::OrgExtra>>,
    next_org: u32,
    /// The number of organization nodes.
    org_count: usize,
    /// Ids of removed organizations, never accepted again.
    retired_orgs: hashbrown::HashSet<crate::org::OrgId>,
    /// The explicit external keys' text (see the `keys` module).
    keys: Names,
    /// Node → its explicit key (source data, like `codes`).
    key_of_node: HashMap<NodeIndex, NameId>,
    /// Explicit key → unit (derived, written by the change hook).
    unit_keys: HashMap<NameId, NodeIndex>,
    /// Explicit key → organization (derived, written by the change hook).
    org_keys: HashMap<NameId, NodeIndex>,
    /// Pairing → its explicit key, and record → its explicit key (source data; see the
    /// `item_keys` module).
    key_of_pairing: HashMap<PairingId, NameId>,
    key_of_record: HashMap<RecordId, NameId>,
    /// Explicit key → pairing, and → record (derived, written by the change hook).
    pairing_keys: HashMap<NameId, PairingId>,
    record_keys: HashMap<NameId, RecordId>,
    /// The change log, in date order (see [`crate::history`]): source data, like the
    /// graph.
    history: Vec<crate::history::ChangeEvent>,
    /// Derived state. Only the rollups' memo is reached from outside the store (by the
    /// rollups, whose hooks only [`Hierarchy::changed`] calls); everything else of the
    /// hierarchy is private to the store.
    pub(crate) derived: Derived,
}

/// Iterating a `&Hierarchy` visits its units in id order, as [`Hierarchy::units`] (*O(n log n)*
/// time, *O(n)* extra space).
///
/// ```
/// use partyorg::{Hierarchy, Unit, UnitKind};
/// let mut h = Hierarchy::new();
/// h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
/// let names: Vec<&str> = (&h).into_iter().map(|u| u.name()).collect();
/// assert_eq!(names, ["白云区"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl<'a> IntoIterator for &'a Hierarchy {
    type Item = UnitRef<'a>;
    type IntoIter = Box<dyn Iterator<Item = UnitRef<'a>> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.units())
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
    ///
    /// ```
    /// use partyorg::Hierarchy;
    /// let h = Hierarchy::new();
    /// assert!(h.is_empty() && h.org_count() == 0);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty hierarchy with room for `units` units, so that a large build does not
    /// reallocate (and briefly double) its storage.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::with_capacity(1_000);
    /// assert!(h.heap_bytes() > Hierarchy::new().heap_bytes());
    /// h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// assert_eq!(h.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_capacity(units: usize) -> Self {
        Hierarchy {
            graph: Graph::with_capacity(units, units),
            ids: IdIndexWrapper(IdIndex::Dense(Vec::with_capacity(units))),
            ..Self::default()
        }
    }

    // ----- lookups -------------------------------------------------------------------

    /// The number of units (party organizations are counted by
    /// [`org_count`](Self::org_count)).
    ///
    /// ```
    /// use partyorg::{Hierarchy, PartyForm, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = Unit::new(UnitKind::District, "白云区").with_party_form(PartyForm::Committee);
    /// h.add_unit(None, d)?;
    /// // The district's own organization is not a unit.
    /// assert_eq!((h.len(), h.org_count()), (1, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.graph.node_count() - self.org_count
    }

    /// Whether the hierarchy has no unit.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// assert!(h.is_empty());
    /// h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// assert!(!h.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of live records.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Record, RecordKind, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 5, 4).unwrap();
    /// let r = h.add_record(Record::new(d, day, RecordKind::Training { person_times: 30 }))?;
    /// h.add_record(Record::new(d, day, RecordKind::Activity { participants: 12 }))?;
    /// h.remove_record(r)?;
    /// assert_eq!(h.record_count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn record_count(&self) -> usize {
        self.records.iter().filter(|r| r.is_some()).count()
    }

    pub(crate) fn index_of(&self, id: UnitId) -> Result<NodeIndex, Missing> {
        self.ids
            .0
            .get(id)
            .filter(|ix| self.graph.contains_node(*ix))
            .ok_or(Missing::Unit(id))
    }

    pub(crate) fn unit_ref(&self, ix: NodeIndex) -> UnitRef<'_> {
        UnitRef::new(self, ix)
    }

    /// Whether a unit with this id exists.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitId, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// assert!(h.contains(d));
    /// assert!(!h.contains(UnitId(99)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn contains(&self, id: UnitId) -> bool {
        self.index_of(id).is_ok()
    }

    /// The unit with this id. *O(1)*.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitId, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// assert_eq!(h.get(d).map(|u| u.name()), Some("白云区"));
    /// assert!(h.get(UnitId(99)).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get(&self, id: UnitId) -> Option<UnitRef<'_>> {
        self.index_of(id).ok().map(|ix| self.unit_ref(ix))
    }

    /// The unit with this id, or [`QueryError::UnknownUnit`]. *O(1)*.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`] when no unit has the id.
    ///
    /// ```
    /// use partyorg::{Hierarchy, QueryError, Unit, UnitId, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// assert_eq!(h.unit(d)?.kind(), UnitKind::District);
    /// assert!(matches!(h.unit(UnitId(99)), Err(QueryError::UnknownUnit { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unit(&self, id: UnitId) -> Result<UnitRef<'_>, QueryError> {
        Ok(self.unit_ref(self.index_of(id)?))
    }

    /// [`unit`](Self::unit) for a change: a missing unit is the store's
    /// [`HierarchyError::UnknownUnit`].
    pub(crate) fn unit_for_edit(&self, id: UnitId) -> Result<UnitRef<'_>, HierarchyError> {
        Ok(self.unit_ref(self.index_of(id)?))
    }

    /// The unit with this division code (the first added, if a file gave two units the same
    /// code). *O(1)*.
    ///
    /// ```
    /// use partyorg::{DivisionCode, Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let code = DivisionCode::from_u64(440_111_000_000)?;
    /// h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_code(code))?;
    /// assert_eq!(h.by_code(code).map(|u| u.name()), Some("白云区"));
    /// assert!(h.by_code(DivisionCode::from_u64(440_104_000_000)?).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn by_code(&self, code: DivisionCode) -> Option<UnitRef<'_>> {
        self.by_code.get(&code).map(|&ix| self.unit_ref(ix))
    }

    /// Every unit with exactly this name, in id order. Names repeat (every village may have
    /// a 第一经济社). *O(log n + k)* time and *O(1)* extra space once the name index is
    /// built; building it costs *O(n log n)* time and *O(n)* space after a structural
    /// change.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let v1 = h.add_unit(Some(s), Unit::new(UnitKind::Village, "石马桥村"))?;
    /// # let v2 = h.add_unit(Some(s), Unit::new(UnitKind::Village, "罗岗村"))?;
    /// let a = h.add_unit(Some(v1), Unit::new(UnitKind::EconomicCoop, "第一经济社"))?;
    /// let b = h.add_unit(Some(v2), Unit::new(UnitKind::EconomicCoop, "第一经济社"))?;
    /// let found: Vec<_> = h.by_name("第一经济社").map(|u| u.id()).collect();
    /// assert_eq!(found, [a, b]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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

    /// Every unit, in id order (party organizations, temporary ones and big committees among
    /// them, are listed by [`orgs`](Self::orgs)). *O(n log n)* time, *O(n)* extra space.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let names: Vec<&str> = h.units().map(|u| u.name()).collect();
    /// assert_eq!(names, ["白云区", "均禾街道"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn units(&self) -> impl Iterator<Item = UnitRef<'_>> + '_ {
        let mut v: Vec<NodeIndex> = self.unit_indices().collect();
        v.sort_unstable_by_key(|&ix| self.graph[ix].id);
        v.into_iter().map(move |ix| self.unit_ref(ix))
    }

    /// The pairing with this id.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Pairing, PairingKind, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Street, "景泰街道"))?;
    /// let p = h.add_pairing(s, t, Pairing::new(PairingKind::JointBuilding))?;
    /// assert_eq!(h.pairing(p).map(|x| &x.kind), Some(&PairingKind::JointBuilding));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pairing(&self, id: PairingId) -> Option<&Pairing> {
        self.pairings.get(&id)
    }

    /// Every live record with its id, in id order. *O(record slots)* time, *O(1)* extra
    /// space.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Record, RecordKind, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 5, 4).unwrap();
    /// let r = h.add_record(Record::new(d, day, RecordKind::Training { person_times: 30 }))?;
    /// let all: Vec<_> = h.records().map(|(id, rec)| (id, rec.date)).collect();
    /// assert_eq!(all, [(r, day)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn records(&self) -> impl Iterator<Item = (RecordId, &Record)> + '_ {
        self.records
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().map(|r| (RecordId(i as u32), r)))
    }

    /// The records attached to one unit, in id order. *O(records)* time (every record is
    /// looked at), *O(1)* extra space.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Record, RecordKind, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 5, 4).unwrap();
    /// h.add_record(Record::new(d, day, RecordKind::Training { person_times: 30 }))?;
    /// let r = h.add_record(Record::new(s, day, RecordKind::Activity { participants: 12 }))?;
    /// assert_eq!(h.records_of(s).map(|(id, _)| id).collect::<Vec<_>>(), [r]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn records_of(&self, unit: UnitId) -> impl Iterator<Item = (RecordId, &Record)> + '_ {
        self.records().filter(move |(_, r)| r.unit == unit)
    }

    /// The nodes of units (party organizations not), in graph order.
    pub(crate) fn unit_indices(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph
            .node_indices()
            .filter(|&ix| self.graph[ix].kind.org().is_none())
    }

    /// Every relation between units other than containment, as links, in edge order.
    /// (The relations of party organizations — superiors, the units they are based in
    /// and cover — are read through [`org`](Self::org).)
    ///
    /// ```
    /// # use partyorg::{Hierarchy, relation::Link, Pairing, PairingKind, Relation, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let t = h.add_unit(Some(d), Unit::new(UnitKind::Street, "景泰街道"))?;
    /// let p = h.add_pairing(s, t, Pairing::new(PairingKind::JointBuilding))?;
    /// let links: Vec<Link> = h.relations().collect();
    /// assert_eq!(links, [Link { from: s, to: t, relation: Relation::Pairing(p) }]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let before = h.heap_bytes();
    /// h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// assert!(h.heap_bytes() > before);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
            + self.keys_heap_bytes()
            + self.item_keys_heap_bytes()
            + self.ids.0.heap_bytes()
            + self.pairings.capacity() * (size_of::<Pairing>() + 5)
            + self.records.capacity() * size_of::<Option<Record>>()
    }

    /// Reserves room for `nodes` more nodes and `edges` more edges, exactly, so that a
    /// large build of known size does not reallocate (and briefly double) the graph.
    pub(crate) fn reserve_exact(&mut self, nodes: usize, edges: usize) {
        self.graph.reserve_exact_nodes(nodes);
        self.graph.reserve_exact_edges(edges);
    }

    /// The id counters and retired ids, for snapshots.
    pub(crate) fn id_counters(&self) -> IdCounters {
        let mut retired_units: Vec<u32> = self.retired.iter().map(|u| u.0).collect();
        retired_units.sort_unstable();
        let mut retired_orgs: Vec<u32> = self.retired_orgs.iter().map(|o| o.0).collect();
        retired_orgs.sort_unstable();
        IdCounters {
            next_unit: self.next_id,
            next_org: self.next_org,
            next_pairing: self.next_pairing,
            retired_units,
            retired_orgs,
        }
    }

    /// Restores a snapshot's id counters and retired ids after its rows were loaded: the
    /// counters only move forward, and units' own organizations (named by their units in
    /// files) take fresh ids past the restored counter.
    ///
    /// # Errors
    ///
    /// [`ProblemKind::BadValue`](crate::interchange::ProblemKind) when a retired id is
    /// held by a unit or organization of the snapshot.
    pub(crate) fn restore_id_counters(
        &mut self,
        c: IdCounters,
    ) -> Result<(), crate::interchange::ProblemKind> {
        let clash = |what: &str, id: u32| crate::interchange::ProblemKind::RetiredIdInUse {
            what: what.to_owned(),
            id,
        };
        for &u in &c.retired_units {
            if self.contains(UnitId(u)) || u == u32::MAX {
                return Err(clash("unit", u));
            }
        }
        self.next_id = self.next_id.max(c.next_unit);
        self.next_pairing = self.next_pairing.max(c.next_pairing);
        self.retired.extend(c.retired_units.into_iter().map(UnitId));
        let top = c
            .retired_orgs
            .iter()
            .max()
            .map_or(0, |m| m.saturating_add(1));
        self.next_org = self.next_org.max(c.next_org).max(top);
        // Units' own organizations (named by their units in files) were numbered on
        // load; one that took a retired id makes way. A retired id held by an
        // organization of the snapshot's rows is a contradiction.
        for &o in &c.retired_orgs {
            if let Ok(ix) = self.org_index_of(crate::org::OrgId(o)) {
                if self.graph[ix].flags & OWN_ORG == 0 || self.next_org == u32::MAX {
                    return Err(clash("organization", o));
                }
                let fresh = self.next_org;
                self.graph[ix].id = UnitId(fresh);
                self.changed(Change::Renumbered { ix, old: UnitId(o) });
                self.next_org = fresh + 1;
            }
        }
        self.retired_orgs
            .extend(c.retired_orgs.into_iter().map(crate::org::OrgId));
        Ok(())
    }

    /// Removes a node's incoming edges of one relation (its host, its recorded
    /// superior). *O(in-degree)*.
    pub(crate) fn remove_in_edges(&mut self, ix: NodeIndex, relation: Relation) {
        let doomed: Vec<EdgeIndex> = self
            .graph
            .edges_directed(ix, Incoming)
            .filter(|e| *e.weight() == relation)
            .map(|e| e.id())
            .collect();
        for e in doomed {
            self.graph.remove_edge(e);
        }
    }

    /// Removes a node's outgoing edges of one relation (an organization's based-in
    /// unit). *O(out-degree)*.
    pub(crate) fn remove_out_edges(&mut self, ix: NodeIndex, relation: Relation) {
        let doomed: Vec<EdgeIndex> = self
            .graph
            .edges_directed(ix, Outgoing)
            .filter(|e| *e.weight() == relation)
            .map(|e| e.id())
            .collect();
        for e in doomed {
            self.graph.remove_edge(e);
        }
    }

    /// Releases spare capacity after a large build.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::with_capacity(10_000);
    /// h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let reserved = h.heap_bytes();
    /// h.shrink_to_fit();
    /// assert!(h.heap_bytes() < reserved);
    /// assert_eq!(h.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn shrink_to_fit(&mut self) {
        self.graph.shrink_to_fit();
        self.names.shrink_to_fit();
        self.codes.shrink_to_fit();
        self.by_code.shrink_to_fit();
        self.details.shrink_to_fit();
        self.records.shrink_to_fit();
    }

    // ----- internal mutation helpers -------------------------------------------------

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

    pub(super) fn containment_edge(&self, ix: NodeIndex) -> Option<EdgeIndex> {
        self.graph
            .edges_directed(ix, Incoming)
            .find(|e| *e.weight() == Relation::Contains)
            .map(|e| e.id())
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
                if pn.unit_kind().may_contain(child_kind) {
                    Ok(())
                } else {
                    Err(HierarchyError::NotAllowed {
                        child,
                        child_kind,
                        parent: pn.id,
                        parent_kind: pn.unit_kind(),
                        parent_label: self.label_ix(p),
                        child_label: child.map(|c| self.unit_label(c)),
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
                label: self.label_ix(ix),
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
        mut unit: Unit,
    ) -> Result<NodeIndex, HierarchyError> {
        if self.graph.node_count() >= MAX_NODES {
            return Err(HierarchyError::Full { what: "units" });
        }
        let key = unit.key.take();
        let store_key = self.check_key(key.as_deref(), id, false)?;
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
        }
        let key = match key.as_deref().filter(|_| store_key) {
            Some(k) => Some(self.store_key(ix, k)?),
            None => None,
        };
        self.changed(Change::Added {
            ix,
            code: unit.code,
            key,
        });
        self.next_id = self.next_id.max(id.0.saturating_add(1));
        if let Some(form) = unit.party_form {
            self.put_party_form(ix, form)?;
        }
        Ok(ix)
    }
}

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
