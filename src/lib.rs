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
//! ## What a platform does, in five steps
//!
//! Load a hierarchy, query it, validate it against the regulations, roll it up, save it.
//! Here on the embedded Baiyun District 2023 data (feature `datasets`, on by default); a
//! platform's own files load the same way with [`load_path`].
//!
//! ```
//! # #[cfg(feature = "datasets")]
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use chrono::NaiveDate;
//! use partyorg::{Period, Policy, Severity, UnitKind, load_path, save_path};
//!
//! // 1. Load: the embedded data (or `load_path("units.csv")`, a folder, a snapshot …).
//! let h = partyorg::baiyun::baiyun_2023();
//!
//! // 2. Query: find units by code or name, walk the place tree.
//! let district = h.by_code("440111000000".parse()?).expect("Baiyun District");
//! let junhe = h.by_name("均禾街道").next().expect("a street of Baiyun");
//! assert_eq!(junhe.parent().map(|p| p.id()), Some(district.id()));
//! assert_eq!(h.path(junhe.id())?.to_string(), "广州市 / 白云区 / 均禾街道");
//! let villages = h.units().filter(|u| u.kind() == UnitKind::Village).count();
//! assert!(villages > 0);
//!
//! // 3. Validate: every rule, under the default policy, as of a date.
//! let end_of_2023 = NaiveDate::from_ymd_opt(2023, 12, 31).expect("a date");
//! let report = h.validate(&Policy::default(), end_of_2023);
//! assert_eq!(report.count(Severity::Error), 0, "{report}");
//!
//! // 4. Roll up: what the district holds and did in 2023.
//! let totals = h.totals(district.id(), &Period::year(2023))?;
//! assert_eq!(totals.joint_meetings, 1_794);
//! assert_eq!(totals.units as usize, h.subtree_size(district.id())?);
//!
//! // 5. Save: the format follows the path (a folder of CSV tables here), and reads back.
//! let dir = std::env::temp_dir().join(format!("partyorg-doc-{}", std::process::id()));
//! save_path(&h, &dir)?;
//! assert_eq!(load_path(&dir)?, h);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "datasets"))]
//! # fn main() {}
//! ```
//!
//! What to reach for first is at the root: [`Hierarchy`] and its handles [`UnitRef`] and
//! [`OrgRef`]; the ids [`UnitId`], [`OrgId`], [`PairingId`], [`RecordId`]; the model
//! ([`Unit`], [`UnitKind`], [`Org`], [`OrgForm`], [`Members`], [`PartyForm`],
//! [`Sector`], [`Pairing`], [`Relation`], [`Record`]); [`load_path`] and [`save_path`]
//! with their [`LoadError`] and [`SaveError`]; [`HierarchyError`]; [`Validation`],
//! [`Policy`] and [`Report`]; [`Period`] and [`Totals`]. Everything else has one path,
//! in the module where it belongs ([`unit::Details`], [`hierarchy::HierarchyBuilder`],
//! [`batch::Edit`], [`interchange::ProblemKind`] …).
//!
//! ## Conventions
//!
//! - **End dates are exclusive.** Every end date of a fact — a unit's or an
//!   organization's `dissolved`, a pairing's [`ends`](Pairing::ends), a temporary
//!   organization's `task_ended`, a term's [`ends`](unit::Term::ends) — is the first day
//!   it no longer holds, so a fact holds on `d` when `start <= d < end`, and one that
//!   ends on a day is replaced by what begins on it without a gap or an overlap. The one
//!   inclusive end is the department's own column `until` of a pairing in files and
//!   serde (its last day in force), converted on reading and writing. A [`Period`] is a
//!   range of days to count over, not a fact: both its ends are included, as in
//!   `start..=end`, and it converts from a [`RangeInclusive`](std::ops::RangeInclusive)
//!   (a `TryFrom`: an inverted range is refused, not read as empty).
//! - **Ids and words.** Every id and every vocabulary enum displays as its word or
//!   number and parses back (`FromStr`): `"440111000000".parse::<DivisionCode>()`,
//!   `"#12".parse::<UnitId>()`, `"branch".parse::<PartyForm>()`.
//! - **Paths** are `impl AsRef<Path>`; depths are `u32`; a `&Hierarchy` iterates over its
//!   units (`for u in &h`).
//!
//! ## The model
//!
//! Two kinds of nodes in one petgraph `StableGraph`, the source of truth ([`Hierarchy`]):
//!
//! - A [`Unit`] is a place or institution (单位): province … district, street, town,
//!   village, community, co-op, federation, estate, institution with its [`Sector`]
//!   ([`UnitKind`]), with a name, an optional 12-digit [`DivisionCode`] and its party
//!   [`Members`]. Rarer facts — dates, the organization's secretary and term, service
//!   centers, venues, commando teams — are [`Details`](unit::Details). Standing units form the **place
//!   tree** under the containment table ([`UnitKind::may_contain`]): a village stands
//!   under a town or street, never directly under a district.
//! - An [`Org`] is a party organization (党组织) of an [`OrgForm`] (committee, working
//!   committee, general branch, branch, joint branch, temporary, big committee, party
//!   group), with its own [`OrgId`], members, committee, term, secretary and dates. It is
//!   **based in** one unit (所在单位), may **cover** others (a joint branch), and reports to
//!   a **superior** organization: the organizations form the **隶属 tree**, which need not
//!   follow the place tree (organs' branches under the district's 机关工委). A unit's
//!   party form in the one-table form ([`Unit::with_party_form`], a `party_form` column) is
//!   the unit's own organization, reporting to the organization of the nearest ancestor
//!   unit that has one.
//! - Temporary organizations ([`TemporaryOrg`](org::TemporaryOrg)) and big committees ([`BigCommittee`](org::BigCommittee)) are
//!   organizations outside the 隶属 tree (no superior), based in their host or core and
//!   linked to other units by typed [`Relation`]s (seconded members, member units,
//!   part-time members). [`Pairing`]s link units; [`Record`]s are dated facts attached to
//!   units.
//! - Ids ([`UnitId`], [`OrgId`], [`PairingId`], [`RecordId`]) are distinct types, stable
//!   and never reused within a hierarchy; they are not graph indices.
//!
//! Derived structures — the id, code and name indexes and the pre-order layouts of
//! both trees, in which every subtree is a contiguous range with its member totals — are
//! built from the graph and kept current by the hierarchy's own methods. Every mutating
//! method checks first and changes nothing when it refuses: a rejected operation leaves
//! the hierarchy exactly as it was. The words of the domain, the rules and their sources
//! are in [`domain`].
//!
//! ## Example
//!
//! ```
//! use partyorg::{Hierarchy, Members, Org, OrgForm, PartyForm, Unit, UnitKind};
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
//!
//! // The 隶属 tree: the street's working committee, and a grid branch below the
//! // community's own branch, both in the community's organization tree.
//! let gw = h.add_org(None, junhe, Org::new(OrgForm::WorkingCommittee, "均禾街道党工委"))?;
//! let own = h.own_org_of_unit(community).unwrap();
//! h.set_superior(own, Some(gw))?;
//! h.add_org(Some(own), community, Org::new(OrgForm::Group, "第一网格党小组"))?;
//! assert_eq!(h.org_totals(gw)?.orgs, 3);
//! assert_eq!(h.org_totals(gw)?.full_members, 38);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Rollups and the Baiyun dataset
//!
//! [`rollup`] answers "what does this subtree hold, and what happened in it in 2023":
//! [`Totals`] over a [`Period`], general folds over one subtree or all subtrees at once,
//! coverage and time views, with a bounded memo ([`rollup::MEMO_CAPACITY`] entries) kept
//! current after member changes (*O(depth)*) and records. [`baiyun::baiyun_2023`] embeds Baiyun District's real divisions with
//! synthetic details that reproduce the seed's published figures; the `report_card`
//! example prints the card.
//!
//! ## Time
//!
//! [`history`] keeps the dated changes that led to the hierarchy as it stands (founding,
//! dissolution, moves and changes of superior, renames, code changes, merges, splits,
//! member counts), each made by one call ([`Hierarchy::merge`], [`Hierarchy::split`],
//! [`Hierarchy::dissolve`], [`Hierarchy::move_unit_on`] …) that applies it atomically and
//! logs it. [`Hierarchy::as_of`] gives the hierarchy as it stood on any date, on which
//! every query, rollup and validation runs; and rollups count only the units that stood
//! in their period.
//!
//! ## Validation
//!
//! [`validate`] checks the data against the regulations ([`domain`], "Rules"): every
//! [`Rule`] — structure and division codes, party-organization thresholds, terms and
//! elections, temporary organizations, big committees, pairings, weak-and-lax acceptance,
//! records and dates — names its source and has a stable id (`terms.overdue`) and a default
//! [`Severity`]. [`Validation`] runs them all under a configurable [`Policy`], over the
//! whole hierarchy or one subtree, as of an explicit date, and returns one [`Report`] of
//! every [`Violation`]; [`Hierarchy::validate`] is the short form. Linear in units,
//! relations and records. The policy is configuration: thresholds, rules turned off and
//! severities changed, read from a TOML or JSON file ([`Policy::load`]).
//!
//! ## File formats
//!
//! [`interchange`] reads and writes a hierarchy without loss: a JSON snapshot (`.json`),
//! a folder of CSV tables as an organization department keeps them in spreadsheets
//! (`units.csv`, `relations.csv`, `records.csv`, `changes.csv`), and the NBS division files (`.csv`,
//! `.csv.gz`); it also draws Graphviz pictures. [`load_path`] and [`save_path`] choose the
//! format from the path. A bad file loads nothing, and the [`LoadError`] names the file,
//! line and column (or JSON path) of every problem found.
//!
//! Every data type is also serde, speaking the files' words (`coop`,
//! `non_public_enterprise`, a record's `type` and counts as the records table has them),
//! so that a platform can put units, reports, totals or policies in its own messages. A
//! [`Hierarchy`] serializes as its JSON snapshot and deserializes through the snapshot
//! loader's checks: a bad snapshot is an error, never a half-built hierarchy.
//!
//! ## Costs and scale
//!
//! Each query documents its cost. Parent, ancestors, depth and paths walk the graph
//! (*O(depth)*); subtree sizes and ranges read the cached layout (*O(1)* once built,
//! *O(n)* to build after a structural change).
//!
//! Most of the nation's 5.3 million units are co-ops that carry little, so a node weight
//! — a unit's or an organization's — is 20 bytes (id, interned name, member counts, kind
//! or form, committee size, flags); codes, [`Details`](unit::Details) and organizations' rarer facts live
//! in side tables only for the nodes that have them. Measured on the whole nation
//! (`examples/national.rs`, 5.36 million units and 5.0 million organizations): about 112
//! resident bytes per node at the peak, indexes and both layouts included; every
//! subtree's member total in 1.4–1.6× the time of a bare parent-array pass; full
//! validation in 1.0–1.5 s.
//!
//! ## Batch edits
//!
//! [`Hierarchy::apply_batch`] applies a list of [`Edit`](batch::Edit)s all together or not at all,
//! reporting every refused edit in a [`BatchError`](batch::BatchError). There is an [`Edit`](batch::Edit) for every
//! mutating method; a refused batch is taken back in place by an undo log, in time
//! proportional to its edits (not a copy of the hierarchy).
//!
//! ## How derived state stays right
//!
//! Every change to the graph — a method, a batch edit, an undo, a loader — ends by
//! reporting a typed change to one place in the store, which alone updates what is derived
//! from the graph: both layouts with their cached totals, the name index, the rollups'
//! memo. The graph itself is private to the store module.
//!
//! ## Crate features
//!
//! - `datasets` (default): the embedded Baiyun District 2023 dataset ([`baiyun`]) and the
//!   deterministic national workload generator ([`generate`]). Without it
//!   (`default-features = false`) the crate holds only the model, the store, validation,
//!   rollups and the file formats; the examples that read the embedded data need it.
//! - `policy-toml` (default): validation policies in TOML (`Policy::from_toml_str`,
//!   `Policy::to_toml_string`, `.toml` files in [`Policy::load`]) through the `toml`
//!   crate. Without it policies are read from JSON only.
//! - `xlsx` (default): `.xlsx` workbooks in [`interchange::load_path`],
//!   [`interchange::save_path`], [`interchange::load_as`] and [`interchange::save_as`]
//!   (one sheet per table, English or Chinese sheet names), through `calamine` and
//!   `rust_xlsxwriter`. Without it the tables are exchanged as CSV (UTF-8 or GB18030) and
//!   JSON.
//! - `svg` (default): SVG org charts of either tree, laid out in Rust and written by the
//!   `svg` crate (`interchange::svg::to_svg`): pictures that need no Graphviz.
//!
//! ## Out of scope
//!
//! The crate keeps no database and does no I/O but through [`interchange`]; it holds no
//! personal data beyond the secretaries' names a file gives it; it does not decide who may
//! see or change what (a platform's access control is its own).
//!
//! ## Untrusted input
//!
//! Files and calls may come from anywhere; the crate treats them as hostile.
//!
//! What is guaranteed, whatever the bytes or arguments:
//!
//! - **No panic.** Truncated or malformed CSV and JSON, bytes that are not UTF-8, wrong
//!   types, negative or overflowing numbers (`-1`, `4294967296`, `99999999999999999999`
//!   where a `u32` count belongs), impossible dates (`2023-02-30`), duplicate ids, parents
//!   that do not exist, cycles (a unit that is its own parent is a cycle of one),
//!   relations to missing units, a big committee listing itself, a temporary organization
//!   hosted by a unit that does not exist: each is an error value. A UTF-8 byte-order mark
//!   is accepted, and so are several roots: the standing units form a forest, and no
//!   operation expects exactly one root (each tree is rolled up and validated on its own,
//!   [`Validation::within`] picks one).
//! - **No blocking on what is not a file.** Every file a load reads — a `.json` or `.csv`
//!   file, a folder's tables — is checked to be a regular file before it is opened, so a
//!   FIFO, a device or a folder in its place is a [`LoadError::Io`] naming it, never a
//!   load that blocks; a folder's optional tables are absent only when nothing is there
//!   (a folder, a link leading nowhere or an unreadable file in their place is an error).
//!   The folder given to [`interchange::table::load_dir`] must be a folder.
//! - **No half-written files.** A save writes each file to a temporary sibling
//!   (`.{name}.tmp-{pid}`) and renames it over the target once written; a folder's three
//!   tables are all written before any is renamed into place. A save that fails leaves the
//!   old files whole (the temporaries are removed).
//! - **No partial state.** A load builds a whole new [`Hierarchy`] or returns a
//!   [`LoadError`]; a refused method or [`Edit`](batch::Edit) leaves the hierarchy exactly as it was,
//!   children order included; [`Hierarchy::apply_batch`] applies all its edits or none and
//!   its [`BatchError`](batch::BatchError) lists every refused edit by index.
//! - **One error per layer.** A refused change is a [`HierarchyError`] (in a batch, with
//!   its edit's index), a question without an answer a [`QueryError`] — a missing unit is
//!   the `UnknownUnit` of its layer wherever it arises — and a file a [`LoadError`] or
//!   [`SaveError`], whose `source()` leads to the store's error. Messages name units and
//!   organizations by [`Label`], key and name (`440111013000 均禾街道`).
//! - **Every problem located.** [`LoadError::Invalid`] lists the problems of a file with
//!   its path and the line and column ([`Position::Line`](interchange::Position::Line)) or the JSON path and line and
//!   column ([`Position::Json`](interchange::Position::Json)) of each, as a typed [`ProblemKind`](interchange::ProblemKind) — up to
//!   [`interchange::MAX_LISTED_PROBLEMS`] (100) of them; its `total` counts the rest.
//!   [`BuildError`](hierarchy::BuildError) caps its list the same way, and a cycle's message lists its first
//!   [`error::MAX_LISTED_CYCLE`] (20) ids and how many more (the problem keeps them all).
//!   Wherever a message quotes the file's text (a column name, a JSON path, a parser's
//!   explanation), control characters are escaped (`\n`, `\u{1b}`), so a file cannot
//!   forge lines or terminal escapes in it.
//! - **Strict dates.** Every date in every format is `yyyy-mm-dd` with exactly four digits
//!   of year and two of month and day, and must exist: `+2023-01-01`, `2023-1-5`, year
//!   `-1` and `2023-02-30` are refused.
//! - **No recursion.** Every traversal — layout, validation, rollups, paths, ancestors,
//!   descendants, removal, the builder's cycle check — is iterative: a chain a million
//!   units deep, or a unit with 100,000 children, runs on a 2 MiB stack in time linear in
//!   its size. Every loader checks cycles and attaches rows in one linear pass of the
//!   [`HierarchyBuilder`](hierarchy::HierarchyBuilder), whatever the order of the rows (children before their parents
//!   included). JSON nesting is bounded by the snapshot's types, and values the loader
//!   skips are skipped without recursion.
//! - **No silent overflow.** Counts in files are `u32` and checked when parsed; rollup
//!   sums are `u64` with checked addition ([`Totals::checked_add_assign`],
//!   [`rollup::Combine`]), and an overflow is [`QueryError::Overflow`] naming the unit
//!   whose subtree overflowed, never a wrapped number.
//!
//! The limits that apply:
//!
//! - ids are `u32` ([`UnitId`], [`PairingId`], [`RecordId`]); unit id `u32::MAX`
//!   (4294967295) itself is reserved and refused in every file format with a located
//!   problem, and a file holding id 4294967294 leaves no fresh id for
//!   [`Hierarchy::add_unit`] ([`HierarchyError::Full`]);
//! - a record id may lie at most [`hierarchy::MAX_RECORD_ID_GAP`] past twice the current
//!   record count, since records are stored by id (an id such as 4000000000 in a file is
//!   refused at its line rather than allocated for);
//! - the name arena holds at most `u32::MAX` bytes of distinct names and `u32::MAX` names;
//!   the graph at most `u32::MAX - 1` units;
//! - the units table reader reserves storage from the file's size, but never for more
//!   than 16 million rows up front.
//!
//! What is **not** limited: the size of a file, the length of a name or a cell, the
//! number of rows. Memory grows in proportion to the input (a JSON snapshot is read whole
//! and held as rows while it is checked; a `.csv.gz` file is as large as it unpacks to;
//! the CSV readers themselves hold the largest record and one read buffer, however many
//! lines or blank lines a file has),
//! so a caller that accepts files from outside should bound their size (and the unpacked
//! size of gzip files) before loading them.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

#[cfg(feature = "datasets")]
pub mod baiyun;
pub mod batch;
pub mod code;
pub mod domain;
pub mod error;
#[cfg(feature = "datasets")]
pub mod generate;
pub mod hierarchy;
pub mod history;
pub mod interchange;
mod names;
pub mod org;
pub mod record;
pub mod relation;
#[cfg(feature = "datasets")]
mod rng;
pub mod rollup;
pub mod tally;
pub mod unit;
pub mod validate;
pub mod vocab;

// The root holds what a platform needs in its first hour; everything else has one path,
// in the module where it belongs.
pub use code::DivisionCode;
pub use error::{HierarchyError, Label, ParseIdError, QueryError};
pub use hierarchy::{Hierarchy, OrgRef, UnitRef};
pub use interchange::{LoadError, SaveError, load_path, save_path};
pub use org::{Org, OrgForm, OrgId};
pub use record::{Record, RecordId, RecordKind};
pub use relation::{Pairing, PairingId, PairingKind, Relation};
pub use rollup::{Period, Totals};
pub use unit::{Members, PartyForm, Sector, Unit, UnitId, UnitKind};
pub use validate::{Policy, Report, Rule, Severity, Validation, Violation};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
