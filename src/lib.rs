//! # partyorg
//!
//! The grassroots party-organization system of a Chinese district (党组织体系) as a typed
//! hierarchy: from the district down through towns and streets (镇街), villages and
//! communities (村居), to economic co-ops (经济社), together with the organizations that
//! cut across that tree — temporary party organizations (临时党组织), industry-chain and
//! business-district big party committees (大党委), pairings (结对) — and dated records
//! such as joint meetings (联席会议).
//!
//! It is written for the dashboards and "smart party-building" (智慧党建) platforms of an
//! organization department (组织部): keep the tree, check it against the regulations, and
//! produce statistics such as the 2023 report card of 广州市白云区.
//!
//! ## The model
//!
//! - A [`Unit`] has a [`UnitKind`], a name, an optional 12-digit [`DivisionCode`],
//!   [`Members`] and perhaps a party organization ([`PartyForm`]). Rarer facts —
//!   dates, the organization's secretary and term, service centers, venues, commando teams —
//!   are [`Details`].
//! - A [`Hierarchy`] holds the units in a petgraph `StableGraph`, the source of truth.
//!   Standing units form a forest whose shape the containment table
//!   ([`UnitKind::may_contain`]) limits: a village stands under a town or street, never
//!   directly under a district.
//! - Temporary organizations ([`TemporaryOrg`]) and big committees ([`BigCommittee`]) are
//!   nodes outside the tree, linked to it by typed [`Relation`]s; so are [`Pairing`]s.
//! - [`Record`]s are dated facts attached to units.
//! - Ids ([`UnitId`], [`PairingId`], [`RecordId`]) are stable and never reused; they are not
//!   graph indices.
//!
//! Derived structures — the id, code and name indexes and the pre-order [`Layout`] in
//! which every subtree is a contiguous range — are built from the graph and kept current
//! by the hierarchy's own methods. Every mutating method checks first and changes nothing
//! when it refuses: a rejected operation leaves the hierarchy exactly as it was.
//!
//! ## Example
//!
//! ```
//! use partyorg::{Hierarchy, Members, PartyForm, Unit, UnitKind};
//!
//! let mut h = Hierarchy::new();
//! let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区")
//!     .with_code("440111000000".parse()?))?;
//! let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道")
//!     .with_code("440111013000".parse()?))?;
//! let community = h.add_unit(Some(junhe), Unit::new(UnitKind::Community, "罗岗社区居委会")
//!     .with_members(Members::new(38, 2))
//!     .with_party_form(PartyForm::Branch))?;
//!
//! assert_eq!(h.path(community)?.to_string(), "白云区 / 均禾街道 / 罗岗社区居委会");
//! assert_eq!(h.by_code("440111013000".parse()?).unwrap().id(), junhe);
//! assert_eq!(h.subtree_size(baiyun)?, 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Rollups and the Baiyun dataset
//!
//! [`rollup`] answers "what does this subtree hold, and what happened in it in 2023":
//! [`Totals`] over a [`Period`], general folds over one subtree or all subtrees at once,
//! coverage and time views, with a memo kept current in *O(depth)* after member changes
//! and records. [`baiyun::baiyun_2023`] embeds Baiyun District's real divisions with
//! synthetic details that reproduce the seed's published figures; the `report_card`
//! example prints the card.
//!
//! ## Validation
//!
//! [`validate`] checks the data against the regulations (DOMAIN.md, "Rules"): every
//! [`Rule`] — structure and division codes, party-organization thresholds, terms and
//! elections, temporary organizations, big committees, pairings, weak-and-lax acceptance,
//! records and dates — names its source and has a stable id (`terms.overdue`) and a default
//! [`Severity`]. [`Validation`] runs them all under a configurable [`Policy`], over the
//! whole hierarchy or one subtree, as of an explicit date, and returns one [`Report`] of
//! every [`Violation`]; [`Hierarchy::validate`] is the short form. Linear in units,
//! relations and records.
//!
//! ## File formats
//!
//! [`interchange`] reads and writes a hierarchy without loss: a JSON snapshot (`.json`),
//! a folder of CSV tables as an organization department keeps them in spreadsheets
//! (`units.csv`, `relations.csv`, `records.csv`), and the NBS division files (`.csv`,
//! `.csv.gz`); it also draws Graphviz pictures. [`load_path`] and [`save_path`] choose the
//! format from the path. A bad file loads nothing, and the [`LoadError`] names the file,
//! line and column (or JSON path) of every problem found.
//!
//! ## Costs and scale
//!
//! Each query documents its cost. Parent, ancestors, depth and paths walk the graph
//! (*O(depth)*); subtree sizes and ranges read the cached layout (*O(1)* once built,
//! *O(n)* to build after a structural change).
//!
//! Most of the nation's 5.3 million units are co-ops that carry little, so a unit's node
//! weight is 20 bytes (id, interned name, member counts, kind, form, committee size,
//! flags); codes and [`Details`] live in side tables only for the units that have them.
//! Measured on the whole nation (`examples/national.rs`): 123.5 resident bytes per unit at
//! the peak, indexes and layout included; every subtree's member total in 1.6× the time of
//! a bare parent-array pass; full validation in 0.6 s.
//!
//! ## Batch edits
//!
//! [`Hierarchy::apply_batch`] applies a list of [`Edit`]s all together or not at all,
//! reporting every refused edit in a [`BatchError`].
//!
//! ## Out of scope
//!
//! The crate keeps no database and does no I/O but through [`interchange`]; it holds no
//! personal data beyond the secretaries' names a file gives it; it does not decide who may
//! see or change what (a platform's access control is its own).

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

pub mod baiyun;
pub mod batch;
pub mod code;
pub mod error;
pub mod generate;
pub mod hierarchy;
pub mod interchange;
mod names;
pub mod org;
pub mod record;
pub mod relation;
mod rng;
pub mod rollup;
pub mod unit;
pub mod validate;

pub use batch::{BatchError, Edit};
pub use code::{CodeError, CodeLevel, DivisionCode, NbsType};
pub use error::HierarchyError;
pub use hierarchy::{
    Ancestors, BuildError, BuildProblem, Children, Descendants, Hierarchy, HierarchyBuilder,
    Layout, Path, Removal, Removed, UnitRef, Visit,
};
pub use interchange::{LoadError, Position, Problem, ProblemKind, SaveError, load_path, save_path};
pub use org::{BigCommittee, TemporaryOrg};
pub use record::{Record, RecordId, RecordKind};
pub use relation::{Link, Pairing, PairingId, PairingKind, Relation};
pub use rollup::{Period, Rollup, RollupError, Totals};
pub use unit::{
    BigCommitteeKind, CommandoField, CommandoTeams, DemoLevel, Demonstration, Details,
    ForbiddenActs, Members, OrgDetails, PartyForm, Sector, ServiceCenter, TaskPurpose,
    TemporaryInfo, Term, Unit, UnitId, UnitKind, Venue, VenueKind, WeakLax,
};
pub use validate::{Policy, Report, Rule, Severity, Validation, Violation};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
