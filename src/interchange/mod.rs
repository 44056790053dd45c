//! Interchange (数据交换): reading and writing a hierarchy without loss, and saying exactly
//! what is wrong with a bad file.
//!
//! | format | module | read | write |
//! |---|---|---|---|
//! | JSON snapshot (`.json`) | [`json`] | [`json::load_file`], [`json::from_str`] | [`json::save_file`], [`json::to_string`] |
//! | CSV tables in a folder (`units.csv`, `relations.csv`, `records.csv`) | [`table`] | [`table::load_dir`], [`table::load_units_file`] | [`table::save_dir`] |
//! | NBS division files (`code,name,level,parent_code,…`, plain or `.csv.gz`) | [`nbs`] | [`nbs::load_file`] | — |
//! | Graphviz DOT pictures | [`dot`] | — | [`dot::to_dot`] |
//!
//! [`load_path`] and [`save_path`] choose the format from the path. Every format goes
//! through types of this module's own (never the model's internals), so files stay stable
//! while the model changes; ids in files are [`UnitId`], [`PairingId`]
//! and [`RecordId`] numbers, never graph indices.
//!
//! [`UnitId`]: crate::unit::UnitId
//! [`PairingId`]: crate::relation::PairingId
//! [`RecordId`]: crate::record::RecordId
//!
//! # The row format shared by CSV and JSON
//!
//! A JSON snapshot holds the same tables as a CSV folder — `units`, `orgs`, `relations`,
//! `records` — with the same field names as the CSV columns (see [`table`] for the list),
//! so that converting JSON → CSV → JSON gives the same text. Temporary organizations
//! (临时党组织) and big committees (大党委) are organization rows of form `temporary` and
//! `big_committee`, based (`unit`) in their host or core; their relations to other units
//! are relation rows naming them in `org`. (Files of the older form, where they were unit
//! rows, still load.) Pairings (结对) are relation rows of relation `pairing` with their
//! own `id`.
//!
//! # Errors
//!
//! A load either builds the whole hierarchy or nothing. [`LoadError::Invalid`] lists every
//! problem found — bad cells, bad rows, and structural problems (duplicate ids, missing
//! parents, cycles) mapped back to the lines or JSON paths where the ids appear — up to
//! [`MAX_LISTED_PROBLEMS`]; its `total` counts all of them. Row problems are found first,
//! file by file; structural problems after them.

mod assembly;
pub mod dot;
mod files;
pub mod json;
pub mod nbs;
pub(crate) mod orgs;
mod problem;
mod relations;
mod row;
pub mod table;
mod units;

use std::path::Path;

use crate::hierarchy::Hierarchy;

pub use crate::hierarchy::MAX_LISTED_PROBLEMS;
pub use problem::{Expected, LoadError, Position, Problem, ProblemKind, SaveError};

use assembly::{Assembly, Problems, with_column};
use files::save_files;
// For the policy files of `validate`, read as safely as the data files.
pub(crate) use files::open_regular;
pub(crate) use problem::Quoted;
use relations::{
    RECORD_COLUMNS, RECORD_REQUIRED, RELATION_COLUMNS, RELATION_REQUIRED, parse_record,
    parse_relation, record_cells, relation_cells, relation_items,
};
use row::{Cells, Report, Row, UnitLists, date_text, parse_code_bytes};
use units::{
    U_ACTS, U_COMMANDO, U_DEMOS, U_ID, U_VENUES, UNIT_COLUMNS, UNIT_REQUIRED, parse_unit,
    unit_cells,
};

/// Loads a hierarchy, choosing the format from the path: a `.json` file is a snapshot, a
/// folder holds the CSV tables, a single `.csv` file is a units table or an NBS file
/// (recognised by its header starting with `code,name,level,parent_code`), and a
/// `.csv.gz` file is a gzip-compressed NBS file.
///
/// # Errors
///
/// [`LoadError::Io`] if the path cannot be read, [`LoadError::UnknownFormat`] for another
/// extension, [`LoadError::Invalid`] listing every problem of a bad file.
///
/// # Example
///
/// ```
/// let h = partyorg::interchange::load_path("tests/fixtures/baiyun-divisions.csv".as_ref())?;
/// assert_eq!(h.len(), 429);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_path(path: &Path) -> Result<Hierarchy, LoadError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if path.is_dir() {
        table::load_dir(path)
    } else if name.ends_with(".json") {
        json::load_file(path)
    } else if name.ends_with(".csv.gz") {
        nbs::load_file(path)
    } else if name.ends_with(".csv") {
        if nbs::is_nbs_file(path)? {
            nbs::load_file(path)
        } else {
            table::load_units_file(path)
        }
    } else if !path.exists() {
        Err(LoadError::Io {
            path: path.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
        })
    } else {
        Err(LoadError::UnknownFormat {
            path: path.to_owned(),
        })
    }
}

/// Saves a hierarchy, choosing the format from the path: a `.json` path gets a snapshot, a
/// `.csv` path a units table (only when the hierarchy has no relations, pairings or
/// records, which a single table cannot hold), and any other path a folder of CSV tables
/// (created if needed).
///
/// # Errors
///
/// [`SaveError::Io`] when writing fails; [`SaveError::WouldLoseData`] for a `.csv` or
/// `.csv.gz` path that cannot hold the whole hierarchy.
pub fn save_path(h: &Hierarchy, path: &Path) -> Result<(), SaveError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.ends_with(".json") {
        json::save_file(h, path)
    } else if name.ends_with(".csv.gz") {
        Err(SaveError::WouldLoseData {
            path: path.to_owned(),
        })
    } else if name.ends_with(".csv") {
        if h.relations().next().is_some()
            || h.records().next().is_some()
            || h.orgs().any(|o| !o.is_own() || o.links().next().is_some())
        {
            return Err(SaveError::WouldLoseData {
                path: path.to_owned(),
            });
        }
        table::save_units_file(h, path)
    } else {
        table::save_dir(h, path)
    }
}
