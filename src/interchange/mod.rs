//! Interchange (数据交换): reading and writing a hierarchy without loss, and saying exactly
//! what is wrong with a bad file.
//!
//! | format | module | read | write |
//! |---|---|---|---|
//! | JSON snapshot (`.json`) | [`json`] | [`json::load_file`], [`json::from_str`] | [`json::save_file`], [`json::to_string`] |
//! | CSV tables in a folder (`units.csv`, `orgs.csv`, `relations.csv`, `records.csv`), UTF-8 or GB18030, English or Chinese headers | [`table`] | [`table::load_dir`], [`table::load_units_file`] | [`table::save_dir`] |
//! | an `.xlsx` workbook, one sheet per table (feature `xlsx`, on by default) | `xlsx` | [`load_as`] | [`save_as`] |
//! | NBS division files (`code,name,level,parent_code,…`, plain or `.csv.gz`) | [`nbs`] | [`nbs::load_file`] | — |
//! | Graphviz DOT pictures | [`dot`] | — | [`dot::to_dot`] |
//! | SVG org charts of either tree, drawn without Graphviz (feature `svg`, on by default) | `svg` | — | `svg::to_svg` |
//!
//! [`load_path`] and [`save_path`] choose the format from the path; [`load_as`] and
//! [`save_as`] take it as a [`Format`], and [`save_as`] the [`Header`] of the tables
//! (English, or Chinese for people who keep the tables in spreadsheets). Every format goes
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
//! # Spreadsheets: encodings, Chinese headers, workbooks
//!
//! The tables are what an organization department keeps in spreadsheets, so they are read
//! as spreadsheet software writes them:
//!
//! - CSV in UTF-8 (with or without a byte-order mark) or GB18030 (GBK), told from the
//!   bytes. Both stream, in constant memory: a clean UTF-8 file is read once (each cell
//!   taken as text checked as it is read); a reading that meets a problem is done again
//!   with the encoding detected, so a GB18030 file costs three more passes (to find it is
//!   not UTF-8, to check that it decodes, to load it) and its decoding. Problems name the
//!   file's lines either way.
//! - Headers in English or Chinese (编号, 上级编号, 类型, 名称 …), mixed if need be, and
//!   the words of unit kinds, sectors, party forms and organization forms in Chinese as
//!   well (街道, 学校, 党支部 …): [`table`] lists them all. Files are written in English
//!   unless [`save_as`] is given [`Header::Chinese`].
//! - `.xlsx` workbooks (feature `xlsx`): one sheet per table, `units` (or 单位, required),
//!   `orgs` (党组织), `relations` (关系), `records` (记录), each with a header row and the
//!   CSV table's columns, read by the same rules. A sheet of another name is an error,
//!   never skipped. Typed cells read as a person means them: a whole number stored as
//!   `3.0` is `3`, a date cell (or a date's serial number in a date column) a date, text
//!   is trimmed of the spaces around it (but for keys, kept byte for byte), blank rows
//!   are skipped; a number in a code column
//!   (`code`, 区划代码) or one too large for any id (4.40111013e11 in `id`) is refused
//!   ([`ProblemKind::NumberForCode`]), since the spreadsheet may have dropped its leading
//!   zeros or digits. Problems are located by sheet, row and column
//!   ([`Position::Sheet`]). Workbooks are written with every cell as text, so that codes
//!   keep every digit.
//!
//! # Errors
//!
//! A load either builds the whole hierarchy or nothing. [`LoadError::Invalid`] lists every
//! problem found — bad cells, bad rows, and structural problems (duplicate ids, missing
//! parents, cycles) mapped back to the lines or JSON paths where the ids appear — up to
//! [`MAX_LISTED_PROBLEMS`]; its `total` counts all of them. Row problems are found first,
//! file by file; structural problems after them.

mod assembly;
mod changes;
mod csv_read;
pub mod dot;
mod file_keys;
mod files;
pub mod json;
pub mod nbs;
pub(crate) mod orgs;
mod pipeline;
mod problem;
mod relations;
mod row;
#[cfg(feature = "svg")]
pub mod svg;
pub mod table;
mod text;
mod units;
#[cfg(feature = "xlsx")]
mod xlsx;

use std::path::Path;

use crate::hierarchy::Hierarchy;

pub use crate::hierarchy::MAX_LISTED_PROBLEMS;
pub use changes::CHANGES_FILE;
pub use problem::{Expected, LoadError, Position, Problem, ProblemKind, SaveError};

use assembly::{Assembly, Problems, with_column};
use files::save_files;
// For the policy files of `validate`, read as safely as the data files.
pub(crate) use files::open_regular;
pub(crate) use problem::Quoted;
use relations::{
    RECORD_REQUIRED, RELATION_REQUIRED, parse_record, parse_relation, record_cells, relation_cells,
    relation_items,
};
use row::{Cells, Report, Row, UnitLists, date_text, parse_code_bytes};
use units::{U_ACTS, U_COMMANDO, U_DEMOS, U_ID, U_VENUES, UNIT_REQUIRED, parse_unit, unit_cells};

/// A format of files, for [`load_as`] and [`save_as`]. Its words (`Display`, `FromStr`,
/// serde): `json`, `folder`, `units_csv`, `nbs`, `xlsx`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// A JSON snapshot ([`json`]).
    Json,
    /// A folder of CSV tables ([`table`]).
    Folder,
    /// A single units table, `units.csv` ([`table::load_units_file`]).
    UnitsCsv,
    /// An NBS division file ([`nbs`]), read-only; gzip-compressed when its name ends in
    /// `.gz`.
    Nbs,
    /// An `.xlsx` workbook with one sheet per table (`units`, `orgs`, `relations`,
    /// `records`, or 单位, 党组织, 关系, 记录), the same columns as the CSV tables.
    #[cfg(feature = "xlsx")]
    Xlsx,
}

impl Format {
    /// The format a path's name says, if it says one: `.json` a snapshot, `.xlsx` a
    /// workbook, `.csv.gz` an NBS file, an existing folder or a new name without an
    /// extension a folder. A `.csv` says no format by itself: a units table and an NBS file share
    /// it ([`load_path`] tells them by their headers).
    ///
    /// ```
    /// use partyorg::interchange::Format;
    /// assert_eq!(Format::of_path("baiyun.json"), Some(Format::Json));
    /// assert_eq!(Format::of_path("divisions.csv.gz"), Some(Format::Nbs));
    /// assert_eq!(Format::of_path("units.csv"), None);
    /// ```
    pub fn of_path(path: impl AsRef<Path>) -> Option<Format> {
        let path = path.as_ref();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if path.is_dir() {
            Some(Format::Folder)
        } else if name.ends_with(".json") {
            Some(Format::Json)
        } else if name.ends_with(".csv.gz") {
            Some(Format::Nbs)
        } else if name.ends_with(".xlsx") {
            #[cfg(feature = "xlsx")]
            return Some(Format::Xlsx);
            #[cfg(not(feature = "xlsx"))]
            return None;
        } else if name.ends_with(".csv") || name.contains('.') || path.exists() {
            None
        } else {
            Some(Format::Folder)
        }
    }
}

/// The header tables are written with: English column names (the default, what programs
/// read) or Chinese ones (编号, 上级编号, 类型, 名称 …, see [`table`]), for people who keep
/// the tables in spreadsheets. Either reads back the same: a header may name each column
/// in either language. Its words (`Display`, `FromStr`, serde): `english`, `chinese`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Header {
    /// `id`, `parent`, `kind`, `name` …
    #[default]
    English,
    /// 编号, 上级编号, 类型, 名称 …; a CSV file then starts with a UTF-8 byte-order mark, by
    /// which spreadsheet software set to Chinese tells UTF-8 from GB18030.
    Chinese,
}

impl crate::vocab::Vocabulary for Format {
    const WHAT: &'static str = "format";
    const VARIANTS: &'static [Self] = &[
        Format::Json,
        Format::Folder,
        Format::UnitsCsv,
        Format::Nbs,
        #[cfg(feature = "xlsx")]
        Format::Xlsx,
    ];
    const WORDS: &'static [&'static str] = &[
        "json",
        "folder",
        "units_csv",
        "nbs",
        #[cfg(feature = "xlsx")]
        "xlsx",
    ];

    fn word(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Folder => "folder",
            Format::UnitsCsv => "units_csv",
            Format::Nbs => "nbs",
            #[cfg(feature = "xlsx")]
            Format::Xlsx => "xlsx",
        }
    }

    fn from_word(word: &str) -> Option<Self> {
        Self::VARIANTS.iter().copied().find(|f| f.word() == word)
    }
}

crate::vocab::word_traits!(Format);

impl crate::vocab::Vocabulary for Header {
    const WHAT: &'static str = "header";
    const VARIANTS: &'static [Self] = &[Header::English, Header::Chinese];
    const WORDS: &'static [&'static str] = &["english", "chinese"];

    fn word(self) -> &'static str {
        Self::WORDS[self as usize]
    }

    fn from_word(word: &str) -> Option<Self> {
        Self::VARIANTS.iter().copied().find(|h| h.word() == word)
    }
}

crate::vocab::word_traits!(Header);

/// Loads a hierarchy from a file of the format given, without looking at its name.
///
/// # Errors
///
/// [`LoadError::Io`] if the path cannot be read, [`LoadError::Invalid`] listing every
/// problem of a bad file, including a file of another format (its header's unknown
/// columns, a workbook's unknown sheets).
///
/// # Example
///
/// ```
/// use partyorg::interchange::{Format, load_as};
/// let h = load_as("tests/fixtures/baiyun-divisions.csv", Format::Nbs)?;
/// assert_eq!(h.len(), 429);
/// // The same file is no units table.
/// assert!(load_as("tests/fixtures/baiyun-divisions.csv", Format::UnitsCsv).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_as(path: impl AsRef<Path>, format: Format) -> Result<Hierarchy, LoadError> {
    let path = path.as_ref();
    match format {
        Format::Json => json::load_file(path),
        Format::Folder => table::load_dir(path),
        Format::UnitsCsv => table::load_units_file(path),
        Format::Nbs => nbs::load_file(path),
        #[cfg(feature = "xlsx")]
        Format::Xlsx => xlsx::load_file(path),
    }
}

/// Saves a hierarchy in the format given, with the tables' header chosen (a JSON
/// snapshot's fields are always English).
///
/// | format | writes |
/// |---|---|
/// | [`Format::Json`] | the snapshot ([`json::save_file`]) |
/// | [`Format::Folder`] | the four tables ([`table::save_dir`]), the folder created if needed |
/// | [`Format::UnitsCsv`] | the units table, when the hierarchy has nothing that only the other tables hold |
/// | [`Format::Xlsx`] | a workbook with the four sheets (named in the header's language), every cell as text so that codes keep every digit |
/// | [`Format::Nbs`] | nothing: NBS files are read-only |
///
/// Every save writes a temporary file beside its target and renames it into place once
/// written, so a save that fails leaves the old file whole.
///
/// # Errors
///
/// [`SaveError::Io`] when writing fails; [`SaveError::WouldLoseData`] for
/// [`Format::Nbs`], and for [`Format::UnitsCsv`] when the hierarchy has relations,
/// pairings, records or organizations recorded in their own right.
///
/// # Example
///
/// ```
/// use partyorg::interchange::{Format, Header, load_as, save_as};
/// use partyorg::{Hierarchy, Unit, UnitKind};
///
/// let mut h = Hierarchy::new();
/// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
/// h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
/// let dir = std::env::temp_dir().join(format!("partyorg-doc-as-{}", std::process::id()));
/// save_as(&h, &dir, Format::Folder, Header::Chinese)?;
/// let text = std::fs::read_to_string(dir.join("units.csv"))?;
/// assert!(text.starts_with("\u{FEFF}编号,上级编号,类型,领域,名称"));
/// assert_eq!(load_as(&dir, Format::Folder)?, h);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn save_as(
    h: &Hierarchy,
    path: impl AsRef<Path>,
    format: Format,
    header: Header,
) -> Result<(), SaveError> {
    let path = path.as_ref();
    match format {
        Format::Json => json::save_file(h, path),
        Format::Folder => table::save_dir_with(h, path, header),
        Format::UnitsCsv => {
            if h.relations().next().is_some()
                || h.records().next().is_some()
                || h.orgs().any(|o| !o.is_own() || o.links().next().is_some())
            {
                return Err(SaveError::WouldLoseData {
                    path: path.to_owned(),
                });
            }
            table::save_units_file_with(h, path, header)
        }
        Format::Nbs => Err(SaveError::WouldLoseData {
            path: path.to_owned(),
        }),
        #[cfg(feature = "xlsx")]
        Format::Xlsx => xlsx::save_file(h, path, header),
    }
}

/// Loads a hierarchy, choosing the format from the path: a `.json` file is a snapshot, a
/// folder holds the CSV tables, an `.xlsx` file is a workbook (feature `xlsx`), a
/// `.csv.gz` file is a gzip-compressed NBS file, and a single `.csv` file is a units table
/// or an NBS file, told by its header: an NBS file's starts with `code,name` and has
/// `parent_code`. A `.csv` header that mixes the two formats' columns (`code,name,kind,
/// parent_code,party_form`) or names no column of either is refused
/// ([`ProblemKind::UnclearFormat`], naming the columns of each), never loaded in part:
/// name its format with [`load_as`]. CSV files may be UTF-8 (with or without a byte-order
/// mark) or GB18030, told by their bytes.
///
/// # Errors
///
/// [`LoadError::Io`] if the path cannot be read, [`LoadError::UnknownFormat`] for another
/// extension, [`LoadError::Invalid`] listing every problem of a bad file.
///
/// # Example
///
/// ```
/// let h = partyorg::interchange::load_path("tests/fixtures/baiyun-divisions.csv")?;
/// assert_eq!(h.len(), 429);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_path(path: impl AsRef<Path>) -> Result<Hierarchy, LoadError> {
    let path = path.as_ref();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.ends_with(".csv") && !path.is_dir() {
        return load_csv(path);
    }
    match Format::of_path(path) {
        Some(Format::Folder) if !path.exists() => Err(LoadError::Io {
            path: path.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
        }),
        Some(format) => load_as(path, format),
        None if !path.exists() => Err(LoadError::Io {
            path: path.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
        }),
        None => Err(LoadError::UnknownFormat {
            path: path.to_owned(),
        }),
    }
}

/// Loads a single `.csv` file as the format its header says (see [`load_path`]).
fn load_csv(path: &Path) -> Result<Hierarchy, LoadError> {
    match nbs::header_format(path)? {
        nbs::HeaderFormat::Nbs => nbs::load_file(path),
        nbs::HeaderFormat::Units => table::load_units_file(path),
        nbs::HeaderFormat::Unclear { nbs, units } => {
            // The problems of the format its columns suggest, after the one that says why
            // it is not clear; never a hierarchy.
            let looks_nbs = nbs.iter().any(|c| c == "parent_code");
            let first = Problem {
                file: path.to_owned(),
                position: Position::Line {
                    line: 1,
                    column: None,
                },
                kind: ProblemKind::UnclearFormat { nbs, units },
            };
            let loaded = if looks_nbs {
                nbs::load_file(path)
            } else {
                table::load_units_file(path)
            };
            match loaded {
                Err(LoadError::Invalid {
                    mut problems,
                    total,
                }) => {
                    problems.insert(0, first);
                    problems.truncate(MAX_LISTED_PROBLEMS);
                    Err(LoadError::Invalid {
                        problems,
                        total: total + 1,
                    })
                }
                Err(other) => Err(other),
                Ok(_) => Err(LoadError::Invalid {
                    problems: vec![first],
                    total: 1,
                }),
            }
        }
    }
}

/// Saves a hierarchy, choosing the format from the path: a `.json` path gets a snapshot,
/// an `.xlsx` path a workbook of all the tables (feature `xlsx`), a `.csv` path a units
/// table (only when the hierarchy has no relations, pairings, records or organizations
/// recorded in their own right, which a single table cannot hold), and any other path a
/// folder of CSV tables (created if needed). Headers are English: [`save_as`] writes
/// Chinese ones.
///
/// # Errors
///
/// [`SaveError::Io`] when writing fails; [`SaveError::WouldLoseData`] for a `.csv` or
/// `.csv.gz` path that cannot hold the whole hierarchy.
///
/// ```
/// use chrono::NaiveDate;
/// use partyorg::{Hierarchy, Record, RecordKind, SaveError, Unit, UnitKind, load_path, save_path};
/// let mut h = Hierarchy::new();
/// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
/// let dir = std::env::temp_dir().join(format!("partyorg-save-path-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// save_path(&h, dir.join("units.csv"))?; // one table: enough for units alone
/// assert_eq!(load_path(dir.join("units.csv"))?, h);
/// let day = NaiveDate::from_ymd_opt(2023, 4, 1).unwrap();
/// h.add_record(Record::new(d, day, RecordKind::Activity { participants: 30 }))?;
/// let lost = save_path(&h, dir.join("units.csv"));
/// assert!(matches!(lost, Err(SaveError::WouldLoseData { .. })));
/// save_path(&h, dir.join("baiyun.json"))?; // a snapshot holds everything
/// save_path(&h, dir.join("tables"))?; // and so does a folder of tables
/// assert_eq!(load_path(dir.join("baiyun.json"))?, h);
/// assert_eq!(load_path(dir.join("tables"))?, h);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn save_path(h: &Hierarchy, path: impl AsRef<Path>) -> Result<(), SaveError> {
    let path = path.as_ref();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let format = if name.ends_with(".json") {
        Format::Json
    } else if name.ends_with(".csv.gz") {
        Format::Nbs
    } else if name.ends_with(".csv") {
        Format::UnitsCsv
    } else {
        match Format::of_path(path) {
            #[cfg(feature = "xlsx")]
            Some(Format::Xlsx) => Format::Xlsx,
            _ => Format::Folder,
        }
    };
    save_as(h, path, format, Header::English)
}
