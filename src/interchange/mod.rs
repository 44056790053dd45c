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
//! # The row format shared by CSV and JSON
//!
//! A JSON snapshot holds the same three tables as a CSV folder — `units`, `relations`,
//! `records` — with the same field names as the CSV columns (see [`table`] for the list),
//! so that converting JSON → CSV → JSON gives the same text. Temporary organizations
//! (临时党组织) and big committees (大党委) are unit rows of kind `temporary` and
//! `big_committee`; a temporary organization's `parent` is its host. Pairings (结对) are
//! relation rows of relation `pairing` with their own `id`.
//!
//! # Errors
//!
//! A load either builds the whole hierarchy or nothing. [`LoadError::Invalid`] lists every
//! problem found — bad cells, bad rows, and structural problems (duplicate ids, missing
//! parents, cycles) mapped back to the lines or JSON paths where the ids appear — up to
//! [`MAX_LISTED_PROBLEMS`]; its `total` counts all of them. Row problems are found first,
//! file by file; structural problems after them.

pub mod dot;
pub mod json;
pub mod nbs;
pub(crate) mod orgs;
pub mod table;

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use hashbrown::{HashMap, HashSet};

use crate::code::{CodeLevel, DivisionCode};
use crate::error::CycleList;
use crate::error::HierarchyError;
use crate::hierarchy::{BuildProblem, Hierarchy, HierarchyBuilder};
use crate::record::{Record, RecordId, RecordKind, RecordWord};
use crate::relation::{Pairing, PairingId, PairingKind, PairingWord, Relation, RelationWord};
use crate::unit::{
    BigCommitteeKind, CommandoTeams, Demonstration, Details, ForbiddenAct, ForbiddenActs, KindWord,
    Members, OrgDetails, PartyForm, Sector, ServiceCenter, TaskPurpose, TemporaryInfo, Term, Unit,
    UnitId, UnitKind, Venue, WeakLax,
};
use crate::vocab::Vocabulary;

pub use crate::hierarchy::MAX_LISTED_PROBLEMS;

/// Where in a file a problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Position {
    /// The file as a whole (it could not be read, or it has no header).
    File,
    /// A line of a CSV file (1-based; the header is line 1), and the column when one cell
    /// is at fault.
    Line {
        /// The line.
        line: u64,
        /// The column's header name.
        column: Option<String>,
    },
    /// A place in a JSON document: a path such as `units[3].kind`, with the line and
    /// column (1-based, in bytes) when the JSON parser gave them.
    Json {
        /// The path from the document's root.
        path: String,
        /// The line and column, when known.
        at: Option<(usize, usize)>,
    },
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::File => Ok(()),
            Position::Line { line, column: None } => write!(f, "line {line}"),
            Position::Line {
                line,
                column: Some(c),
            } => write!(f, "line {line}, column {}", Quoted(c)),
            Position::Json { path, at: None } => write!(f, "at {}", Quoted(path)),
            Position::Json {
                path,
                at: Some((l, c)),
            } => write!(f, "at {} (line {l}, column {c})", Quoted(path)),
        }
    }
}

/// Text from a file as problem messages quote it: control characters (and the Unicode
/// line and paragraph separators and bidirectional controls) escaped as `\n`, `\u{1b}`,
/// so that a message can neither forge lines nor send terminal escapes.
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        for c in self.0.chars() {
            let unsafe_char = c.is_control()
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            if unsafe_char {
                for e in c.escape_unicode() {
                    f.write_char(e)?;
                }
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

/// What a bad value should have been.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Expected {
    /// A whole number from 0 to 4,294,967,295 (a year may be negative).
    Number,
    /// A unit id: a whole number from 0 to 4,294,967,294 (4,294,967,295 is reserved).
    UnitId,
    /// A small whole number from 0 to 255.
    SmallNumber,
    /// A calendar date `yyyy-mm-dd` that exists: four digits of year, two of month, two of
    /// day.
    Date,
    /// `true` or `false` (also `1` / `0`).
    Bool,
    /// A 12-digit division code.
    Code,
    /// A unit kind word.
    Kind,
    /// An institution sector word.
    Sector,
    /// A party organization form word.
    PartyForm,
    /// A list of venues `park:5000;square:1200`.
    Venues,
    /// A list of commando teams `grid:3;three_new:1`.
    CommandoTeams,
    /// A list of demonstration designations `district:2023`.
    Demonstrations,
    /// A temporary organization's purpose word.
    Purpose,
    /// A list of forbidden acts `recruited;collected_dues`.
    Acts,
    /// A big committee kind word.
    BigCommitteeKind,
    /// A relation word.
    Relation,
    /// A pairing type word.
    PairingType,
    /// A record type word.
    RecordType,
    /// An NBS level word agreeing with the code.
    Level,
    /// A party organization's form word.
    OrgForm,
    /// Unit ids separated by `;`.
    UnitIds,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |f: &mut fmt::Formatter<'_>, what: &str, words: &[&str]| {
            write!(f, "{what} ({})", words.join(", "))
        };
        match self {
            Expected::Number => f.write_str("a whole number"),
            Expected::UnitId => {
                f.write_str("a unit id from 0 to 4294967294 (4294967295 is reserved)")
            }
            Expected::SmallNumber => f.write_str("a whole number from 0 to 255"),
            Expected::Date => f.write_str("a date yyyy-mm-dd that exists"),
            Expected::Bool => f.write_str("true or false"),
            Expected::Code => f.write_str("a 12-digit division code"),
            Expected::Kind => list(f, "a unit kind", KindWord::WORDS),
            Expected::Sector => list(f, "a sector", Sector::WORDS),
            Expected::PartyForm => list(f, "a party form", PartyForm::WORDS),
            Expected::Venues => f.write_str("venues like park:5000;square:1200"),
            Expected::CommandoTeams => f.write_str("commando teams like grid:3;three_new:1"),
            Expected::Demonstrations => f.write_str("demonstrations like district:2023"),
            Expected::Purpose => list(f, "a purpose", TaskPurpose::WORDS),
            Expected::Acts => list(f, "acts separated by ;", ForbiddenAct::WORDS),
            Expected::BigCommitteeKind => list(f, "a big committee kind", BigCommitteeKind::WORDS),
            Expected::Relation => {
                let in_files = RelationWord::ALL.into_iter().filter(|r| r.in_files());
                list(
                    f,
                    "a relation",
                    &in_files.map(RelationWord::as_str).collect::<Vec<_>>(),
                )
            }
            Expected::PairingType => list(f, "a pairing type", PairingWord::WORDS),
            Expected::RecordType => list(f, "a record type", RecordWord::WORDS),
            Expected::Level => list(f, "the level of the code", CodeLevel::WORDS),
            Expected::OrgForm => list(f, "an organization form", crate::OrgForm::WORDS),
            Expected::UnitIds => f.write_str("unit ids separated by ;, such as 12;15"),
        }
    }
}

/// One reason a file is bad.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProblemKind {
    /// A required column (or JSON field) is missing. Add it.
    #[error("missing required column {column}")]
    MissingColumn {
        /// The column.
        column: String,
    },
    /// The header has a column this format does not define. Rename it to a documented
    /// column or delete it: unknown columns are refused so that a misspelt column never
    /// drops data silently.
    #[error("unknown column {column:?}")]
    UnknownColumn {
        /// The column as written.
        column: String,
    },
    /// A column appears twice in the header. Delete one.
    #[error("column {} appears twice", Quoted(.column))]
    DuplicateColumn {
        /// The column.
        column: String,
    },
    /// A required cell is empty. Fill it in.
    #[error("a value is required")]
    MissingValue,
    /// A cell does not parse. Correct it to what is expected.
    #[error("expected {expected}, found {text:?}")]
    BadValue {
        /// The cell's text.
        text: String,
        /// What it should be.
        expected: Expected,
    },
    /// A cell is filled that does not apply to the row (a sector on a street, a count on a
    /// relation that takes none). Empty it or fix the row's kind or type.
    #[error("this value does not apply to a {to}")]
    NotApplicable {
        /// The row's kind or type.
        to: String,
    },
    /// A cell is filled while another it depends on is empty (a term's length without its
    /// start). Fill in the other one.
    #[error("needs {needs} as well")]
    Needs {
        /// The column that must be filled too.
        needs: &'static str,
    },
    /// The bytes are not UTF-8. Save the file as UTF-8.
    #[error("the text is not valid UTF-8")]
    InvalidUtf8,
    /// The CSV structure is broken (a row with more or fewer fields than the header).
    #[error("malformed CSV: {}", Quoted(.message))]
    MalformedCsv {
        /// The CSV reader's explanation.
        message: String,
    },
    /// The JSON is not well formed. Fix the syntax at the position given.
    #[error("JSON syntax: {}", Quoted(.message))]
    JsonSyntax {
        /// The JSON parser's explanation.
        message: String,
    },
    /// The JSON document ends too early (a truncated file). Write it again in full.
    #[error("the JSON ends too early")]
    Truncated,
    /// A JSON object has a field this format does not define.
    #[error("unknown field {field:?}")]
    UnknownField {
        /// The field.
        field: String,
    },
    /// A JSON value has the wrong type or a field is missing.
    #[error("{}", Quoted(.message))]
    JsonData {
        /// The JSON parser's explanation.
        message: String,
    },
    /// The snapshot was written by another version of the format. Convert it with the
    /// version of this crate that wrote it.
    #[error("format_version {found} is not supported (this crate reads version {supported})")]
    UnsupportedVersion {
        /// The version in the file.
        found: u64,
        /// The version this crate reads and writes.
        supported: u32,
    },
    /// Two rows have the same id. Give one of them another id.
    #[error("id {id} appears again (first {first})")]
    DuplicateId {
        /// The id (of a unit, pairing or record).
        id: u64,
        /// Where it first appears.
        first: Position,
    },
    /// Two rows of an NBS file have the same division code.
    #[error("division code {code} appears again (first {first})")]
    DuplicateCode {
        /// The code.
        code: String,
        /// Where it first appears.
        first: Position,
    },
    /// An organization row names a superior that no organization row has. Add it or
    /// empty the cell.
    #[error("organization {org} names superior {superior}, which does not exist")]
    MissingSuperior {
        /// The row's organization.
        org: crate::OrgId,
        /// The missing superior.
        superior: crate::OrgId,
    },
    /// Organization rows name each other as superiors in a circle.
    #[error("organization {org} is its own superior through {}", CycleList(.cycle))]
    OrgCycle {
        /// The first organization of the cycle (the smallest id).
        org: crate::OrgId,
        /// The organizations of the cycle, in superior order.
        cycle: Vec<crate::OrgId>,
    },
    /// An organization row's `parent_unit` names a unit that has no own organization (no
    /// `party_form`). Give the unit a party form, or name the superior by its id.
    #[error("unit {unit} has no organization of its own to be a superior")]
    NoOwnOrg {
        /// The unit.
        unit: UnitId,
    },
    /// A row names a parent that no row has. Add the parent or empty the cell.
    #[error("unit {id} names parent {parent}, which does not exist")]
    MissingParent {
        /// The row's unit.
        id: UnitId,
        /// The missing parent.
        parent: UnitId,
    },
    /// A standing unit's parent is a temporary organization or big committee, or a big
    /// committee has a parent. Only standing units form the tree.
    #[error("unit {id} may not have parent {parent}: only standing units form the tree")]
    ParentNotStanding {
        /// The row's unit.
        id: UnitId,
        /// The parent it names.
        parent: UnitId,
    },
    /// Following parents from this unit comes back to it. Break the cycle.
    #[error("unit {id} is its own ancestor: the cycle runs through {}", CycleList(.cycle))]
    Cycle {
        /// The unit with the lowest id on the cycle.
        id: UnitId,
        /// The units of the cycle, starting there (all of them; the message lists the
        /// first [`MAX_LISTED_CYCLE`](crate::error::MAX_LISTED_CYCLE)).
        cycle: Vec<UnitId>,
    },
    /// The rows do not form a forest for another reason the builder gives.
    #[error(transparent)]
    Build(BuildProblem),
    /// The hierarchy refused the row (an unknown unit, a wrong kind at an end of a
    /// relation, a taken pairing or record id).
    #[error(transparent)]
    Refused(#[from] HierarchyError),
}

/// One problem of a file, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub file: PathBuf,
    /// Where in the file.
    pub position: Position,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display().to_string();
        match &self.position {
            Position::File => write!(f, "{}: {}", Quoted(&file), self.kind),
            p => write!(f, "{}: {p}: {}", Quoted(&file), self.kind),
        }
    }
}

/// Why a file (or folder) could not be loaded. Nothing was built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be opened or read. Check the path and permissions.
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The path is none of the known formats: a `.json` file, a folder, a `.csv` file or a
    /// `.csv.gz` file. Rename it or convert it.
    #[error("{}: not a .json snapshot, a folder of CSV tables, a .csv table or a .csv.gz NBS file", .path.display())]
    UnknownFormat {
        /// The path.
        path: PathBuf,
    },
    /// The content is bad: every problem found, up to [`MAX_LISTED_PROBLEMS`]. Fix them and
    /// load again.
    #[error("{}", ProblemList(.problems, *.total))]
    Invalid {
        /// The problems, in the order found.
        problems: Vec<Problem>,
        /// How many problems there were in all.
        total: usize,
    },
}

struct ProblemList<'a>(&'a [Problem], usize);

impl fmt::Display for ProblemList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s)", self.1)?;
        for p in self.0 {
            write!(f, "\n  {p}")?;
        }
        if self.1 > self.0.len() {
            write!(f, "\n  and {} more", self.1 - self.0.len())?;
        }
        Ok(())
    }
}

impl LoadError {
    /// The problems of an [`Invalid`](Self::Invalid) file (empty for the other variants).
    pub fn problems(&self) -> &[Problem] {
        match self {
            LoadError::Invalid { problems, .. } => problems,
            _ => &[],
        }
    }
}

/// Why a hierarchy could not be saved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SaveError {
    /// Writing failed. Check the path, the permissions and the free space.
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The target format cannot hold everything: a single `.csv` file holds units only,
    /// and NBS files are read-only here. Save to a `.json` file or a folder instead.
    #[error("{}: this format would lose data; save to a .json file or a folder", .path.display())]
    WouldLoseData {
        /// The path.
        path: PathBuf,
    },
}

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
        // Hosting is a temporary organization's parent, which the table holds.
        if h.relations().any(|l| l.relation != Relation::Hosts)
            || h.records().next().is_some()
            || h.orgs().any(|o| !o.is_own() || o.covers().next().is_some())
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

// ----- opening and writing files ----------------------------------------------------------

/// Opens a file for reading, after checking that it is a regular file: a FIFO or a device
/// would block in `open` or never end, and a folder is not a table.
///
/// # Errors
///
/// [`LoadError::Io`] naming the file: it cannot be read, or it is not a regular file
/// ([`std::io::ErrorKind::InvalidInput`]).
pub(crate) fn open_regular(path: &Path) -> Result<std::fs::File, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let not_regular = || {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ))
    };
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Err(not_regular());
    }
    let file = std::fs::File::open(path).map_err(io)?;
    // The path may have been replaced between the check and the opening.
    if !file.metadata().map_err(io)?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// The temporary sibling a save writes before renaming it over `target`:
/// `.{name}.tmp-{pid}` in the same folder (so that the rename stays on one file system).
fn temp_sibling(target: &Path) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    target.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Saves files as a whole or not at all: each target's content is written by `write`
/// (given the target's index) into the target's temporary sibling, and only when every
/// one was written are they renamed into place, in order. When writing fails, the
/// temporaries are removed and every target keeps its old content.
pub(crate) fn save_files(
    targets: &[&Path],
    mut write: impl FnMut(usize, &mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<(), SaveError> {
    let mut staged: Vec<PathBuf> = Vec::with_capacity(targets.len());
    let clean = |staged: &[PathBuf]| {
        for t in staged {
            let _ = std::fs::remove_file(t);
        }
    };
    for (i, &target) in targets.iter().enumerate() {
        let tmp = temp_sibling(target);
        let written = std::fs::File::create(&tmp).and_then(|f| {
            staged.push(tmp.clone());
            let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
            write(i, &mut w)?;
            w.into_inner()
                .map_err(std::io::IntoInnerError::into_error)?;
            Ok(())
        });
        if let Err(source) = written {
            clean(&staged);
            return Err(SaveError::Io {
                path: target.to_owned(),
                source,
            });
        }
    }
    for (n, (tmp, &target)) in staged.iter().zip(targets).enumerate() {
        if let Err(source) = std::fs::rename(tmp, target) {
            clean(&staged[n..]);
            return Err(SaveError::Io {
                path: target.to_owned(),
                source,
            });
        }
    }
    Ok(())
}

// ----- lists of words ---------------------------------------------------------------------

/// The recorded acts as files write them, `recruited;collected_dues`; `None` for none.
fn acts_text(a: ForbiddenActs) -> Option<String> {
    let words: Vec<&str> = ForbiddenAct::ALL
        .into_iter()
        .filter(|&act| a.has(act))
        .map(ForbiddenAct::as_str)
        .collect();
    (!words.is_empty()).then(|| words.join(";"))
}

fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

// ----- the unit columns -------------------------------------------------------------------

/// The columns of `units.csv` (and fields of a snapshot's unit rows), in export order.
pub(crate) const UNIT_COLUMNS: [&str; 30] = [
    "id",
    "parent",
    "kind",
    "sector",
    "name",
    "code",
    "party_form",
    "full_members",
    "probationary_members",
    "agricultural",
    "founded",
    "dissolved",
    "secretary",
    "committee_size",
    "term_start",
    "term_years",
    "election_due",
    "approved_exception",
    "weak_lax_identified",
    "weak_lax_accepted",
    "service_center_m2",
    "venues",
    "commando_teams",
    "demonstrations",
    "purpose",
    "approved",
    "task_ended",
    "acts",
    "bc_kind",
    "party_parent",
];
/// Columns a units table must have.
pub(crate) const UNIT_REQUIRED: [usize; 4] = [U_ID, U_PARENT, U_KIND, U_NAME];

pub(crate) const U_ID: usize = 0;
pub(crate) const U_PARENT: usize = 1;
pub(crate) const U_KIND: usize = 2;
const U_SECTOR: usize = 3;
pub(crate) const U_NAME: usize = 4;
const U_CODE: usize = 5;
const U_FORM: usize = 6;
const U_FULL: usize = 7;
const U_PROB: usize = 8;
const U_AGRI: usize = 9;
/// The first detail column: a row with all of these empty has no details.
const U_FIRST_DETAIL: usize = 10;
const U_FOUNDED: usize = 10;
const U_DISSOLVED: usize = 11;
const U_SECRETARY: usize = 12;
const U_COMMITTEE: usize = 13;
const U_TERM_START: usize = 14;
const U_TERM_YEARS: usize = 15;
const U_DUE: usize = 16;
const U_EXCEPTION: usize = 17;
const U_WL_ID: usize = 18;
const U_WL_ACC: usize = 19;
const U_CENTER: usize = 20;
pub(crate) const U_VENUES: usize = 21;
pub(crate) const U_COMMANDO: usize = 22;
pub(crate) const U_DEMOS: usize = 23;
const U_PURPOSE: usize = 24;
const U_APPROVED: usize = 25;
const U_TASK_ENDED: usize = 26;
pub(crate) const U_ACTS: usize = 27;
const U_BC_KIND: usize = 28;
/// The recorded superior of the unit's own organization: an organization's id.
pub(crate) const U_PARTY_PARENT: usize = 29;

/// The columns of `relations.csv`, in export order.
pub(crate) const RELATION_COLUMNS: [&str; 12] = [
    "from",
    "to",
    "relation",
    "id",
    "pairing",
    "since",
    "until",
    "count",
    "sections",
    "cadres",
    "households",
    "secretary",
];
pub(crate) const RELATION_REQUIRED: [usize; 3] = [0, 1, 2];

/// The columns of `records.csv`, in export order.
pub(crate) const RECORD_COLUMNS: [&str; 10] = [
    "id",
    "unit",
    "date",
    "type",
    "matters",
    "problems_solved",
    "participants",
    "raised",
    "resolved",
    "person_times",
];
pub(crate) const RECORD_REQUIRED: [usize; 4] = [0, 1, 2, 3];

/// A source of cells by column index: a CSV record or a JSON row.
pub(crate) trait Cells {
    /// The cell's text; `Ok(None)` when empty or absent, `Err(())` when not UTF-8.
    fn cell(&self, col: usize) -> Result<Option<&str>, ()>;

    /// Whether the cell is filled (without checking its text).
    fn present(&self, col: usize) -> bool {
        self.raw(col).is_some()
    }

    /// The cell's bytes, unchecked; `None` when empty or absent.
    fn raw(&self, col: usize) -> Option<&[u8]>;

    /// A unit row's lists when the format gives them as values (JSON arrays), taken as
    /// they are instead of their columns' text; `None` when they are text (CSV).
    fn lists(&self) -> Option<&UnitLists> {
        None
    }
}

/// The lists of a unit row given as values.
#[derive(Default)]
pub(crate) struct UnitLists {
    pub(crate) venues: Vec<Venue>,
    pub(crate) commando_teams: Vec<CommandoTeams>,
    pub(crate) demonstrations: Vec<Demonstration>,
    pub(crate) acts: ForbiddenActs,
}

impl UnitLists {
    /// Whether the list of a list column is filled.
    pub(crate) fn present(&self, col: usize) -> bool {
        match col {
            U_VENUES => !self.venues.is_empty(),
            U_COMMANDO => !self.commando_teams.is_empty(),
            U_DEMOS => !self.demonstrations.is_empty(),
            U_ACTS => self.acts.any(),
            _ => false,
        }
    }
}

/// A 12-digit division code from its bytes, with the checks of its `FromStr`.
pub(crate) fn parse_code_bytes(b: &[u8]) -> Option<DivisionCode> {
    if b.len() != 12 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v = b
        .iter()
        .fold(0u64, |acc, &c| acc * 10 + u64::from(c - b'0'));
    DivisionCode::from_u64(v).ok()
}

/// A `u32` from ASCII digits (no sign, no spaces), `None` on anything else or overflow.
pub(crate) fn parse_digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() {
        return None;
    }
    b.iter().try_fold(0u32, |acc, &c| {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        acc.checked_mul(10)?.checked_add(u32::from(d))
    })
}

/// Where problems of one row go: the column's name and the problem.
pub(crate) type Report<'r> = dyn FnMut(&'static str, ProblemKind) + 'r;

/// Cell accessors that report problems and return `None` on failure.
pub(crate) struct Row<'c, 'r, C: Cells> {
    cells: &'c C,
    names: &'static [&'static str],
    report: &'r mut Report<'r>,
    failed: bool,
}

impl<'c, 'r, C: Cells> Row<'c, 'r, C> {
    pub(crate) fn new(
        cells: &'c C,
        names: &'static [&'static str],
        report: &'r mut Report<'r>,
    ) -> Self {
        Row {
            cells,
            names,
            report,
            failed: false,
        }
    }

    fn bad(&mut self, col: usize, kind: ProblemKind) {
        self.failed = true;
        (self.report)(self.names[col], kind);
    }

    fn text(&mut self, col: usize) -> Option<&'c str> {
        match self.cells.cell(col) {
            Ok(t) => t,
            Err(()) => {
                self.bad(col, ProblemKind::InvalidUtf8);
                None
            }
        }
    }

    fn has(&self, col: usize) -> bool {
        self.cells.present(col)
    }

    fn required(&mut self, col: usize) -> Option<&'c str> {
        match self.cells.cell(col) {
            Ok(Some(t)) => Some(t),
            Ok(None) => {
                self.bad(col, ProblemKind::MissingValue);
                None
            }
            Err(()) => {
                self.bad(col, ProblemKind::InvalidUtf8);
                None
            }
        }
    }

    fn parsed<T>(
        &mut self,
        col: usize,
        expected: Expected,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Option<T> {
        let t = self.text(col)?;
        let v = parse(t);
        if v.is_none() {
            self.bad(
                col,
                ProblemKind::BadValue {
                    text: t.to_owned(),
                    expected,
                },
            );
        }
        v
    }

    /// A word of a vocabulary.
    fn word<T: Vocabulary>(&mut self, col: usize, expected: Expected) -> Option<T> {
        self.parsed(col, expected, T::from_word)
    }

    /// A whole number read straight from the cell's bytes (ASCII digits only).
    fn digits(&mut self, col: usize, max: u32, expected: Expected) -> Option<u32> {
        let b = self.cells.raw(col)?;
        let v = parse_digits(b).filter(|&v| v <= max);
        if v.is_none() {
            self.bad(
                col,
                ProblemKind::BadValue {
                    text: String::from_utf8_lossy(b).into_owned(),
                    expected,
                },
            );
        }
        v
    }

    /// A division code read straight from the cell's bytes.
    fn code(&mut self, col: usize) -> Option<DivisionCode> {
        let b = self.cells.raw(col)?;
        let v = parse_code_bytes(b);
        if v.is_none() {
            self.bad(
                col,
                ProblemKind::BadValue {
                    text: String::from_utf8_lossy(b).into_owned(),
                    expected: Expected::Code,
                },
            );
        }
        v
    }

    fn number(&mut self, col: usize) -> Option<u32> {
        self.digits(col, u32::MAX, Expected::Number)
    }

    fn small(&mut self, col: usize) -> Option<u8> {
        self.digits(col, u32::from(u8::MAX), Expected::SmallNumber)
            .map(|v| v as u8)
    }

    fn date(&mut self, col: usize) -> Option<NaiveDate> {
        self.parsed(col, Expected::Date, parse_date)
    }

    fn flag(&mut self, col: usize) -> Option<bool> {
        self.parsed(col, Expected::Bool, |t| match t {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        })
    }

    /// A unit id: a number other than `u32::MAX`, which is reserved.
    fn unit_id(&mut self, col: usize) -> Option<u32> {
        let id = self.number(col)?;
        if id == u32::MAX {
            self.bad(
                col,
                ProblemKind::BadValue {
                    text: id.to_string(),
                    expected: Expected::UnitId,
                },
            );
            return None;
        }
        Some(id)
    }

    fn required_number(&mut self, col: usize) -> Option<u32> {
        if !self.has(col) {
            self.required(col);
            return None;
        }
        self.number(col)
    }

    fn not_applicable(&mut self, cols: &[usize], to: &str) {
        for &c in cols {
            if self.has(c) {
                self.bad(c, ProblemKind::NotApplicable { to: to.to_owned() });
            }
        }
    }
}

/// Parses a `yyyy-mm-dd` date that exists: exactly four digits of year, two of month and
/// two of day (chrono alone also takes `+2023-01-01`, `2023-1-5` and year `-1`).
pub(crate) fn parse_date(t: &str) -> Option<NaiveDate> {
    let b = t.as_bytes();
    let shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shaped {
        return None;
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
}

/// A list of `word:number` pairs separated by `;`, each made into a value by `item`.
fn word_pairs<W: crate::vocab::Vocabulary, N: std::str::FromStr, T>(
    t: &str,
    item: impl Fn(W, N) -> T,
) -> Option<Vec<T>> {
    t.split(';')
        .map(|part| {
            let (w, n) = part.split_once(':')?;
            Some(item(W::from_word(w.trim())?, n.trim().parse().ok()?))
        })
        .collect()
}

/// A parsed unit row.
pub(crate) struct UnitRowParsed<'c> {
    pub(crate) id: UnitId,
    pub(crate) parent: Option<UnitId>,
    /// The name, borrowed from the row (the unit's own `name` is left empty so that a bulk
    /// load allocates no `String` per unit).
    pub(crate) name: &'c str,
    pub(crate) unit: Unit,
    /// The recorded superior of its own organization.
    pub(crate) party_parent: Option<crate::OrgId>,
}

/// Parses one unit row; `None` (with every problem reported) when it is bad.
pub(crate) fn parse_unit<'c, C: Cells>(
    cells: &'c C,
    report: &mut Report<'_>,
) -> Option<UnitRowParsed<'c>> {
    // Re-borrow the report with the row's lifetime.
    let mut r = |c: &'static str, k: ProblemKind| report(c, k);
    let mut row = Row::new(cells, &UNIT_COLUMNS, &mut r);
    let id = if row.has(U_ID) {
        row.unit_id(U_ID)
    } else {
        row.required(U_ID);
        None
    };
    let parent = row.unit_id(U_PARENT);
    let word = row.required(U_KIND);
    let sector = row.word(U_SECTOR, Expected::Sector);
    let kind = match word.map(|w| (w, KindWord::from_word(w))) {
        None => None,
        Some((_, Some(KindWord::Institution))) => {
            if sector.is_none() && !row.has(U_SECTOR) {
                row.required(U_SECTOR);
            }
            UnitKind::from_word(KindWord::Institution, sector)
        }
        Some((w, Some(k))) => {
            if sector.is_some() {
                row.not_applicable(&[U_SECTOR], w);
            }
            UnitKind::from_word(k, None)
        }
        Some((w, None)) => {
            row.bad(
                U_KIND,
                ProblemKind::BadValue {
                    text: w.to_owned(),
                    expected: Expected::Kind,
                },
            );
            None
        }
    };
    let name = row.text(U_NAME).unwrap_or("");
    let code = row.code(U_CODE);
    let form = row.word(U_FORM, Expected::PartyForm);
    let full = row.number(U_FULL).unwrap_or(0);
    let prob = row.number(U_PROB).unwrap_or(0);
    let agricultural = row.flag(U_AGRI).unwrap_or(false);
    let committee = row.small(U_COMMITTEE);
    let party_parent = row.number(U_PARTY_PARENT).map(crate::OrgId);
    if party_parent.is_some() && form.is_none() && !row.has(U_FORM) {
        row.bad(
            U_PARTY_PARENT,
            ProblemKind::Needs {
                needs: "party_form",
            },
        );
    }
    let details = if (U_FIRST_DETAIL..U_PARTY_PARENT).any(|c| row.has(c)) {
        parse_details(&mut row)
    } else {
        Details::default()
    };
    if row.failed {
        return None;
    }
    let (id, kind) = (id?, kind?);
    let mut unit = Unit::new(kind, String::new())
        .with_members(Members::new(full, prob))
        .with_details(details);
    unit.code = code;
    unit.party_form = form;
    unit.agricultural = agricultural;
    unit.committee_size = committee.filter(|&n| n > 0);
    Some(UnitRowParsed {
        id: UnitId(id),
        parent: parent.map(UnitId),
        name,
        unit,
        party_parent,
    })
}

fn parse_details<C: Cells>(row: &mut Row<'_, '_, C>) -> Details {
    let mut d = Details {
        founded: row.date(U_FOUNDED),
        dissolved: row.date(U_DISSOLVED),
        ..Details::default()
    };
    // The organization's details: present when any of their columns is filled.
    let org_cols = [
        U_SECRETARY,
        U_TERM_START,
        U_TERM_YEARS,
        U_DUE,
        U_EXCEPTION,
        U_WL_ID,
        U_WL_ACC,
    ];
    if org_cols.iter().any(|&c| row.has(c)) {
        let mut org = OrgDetails {
            secretary: row.text(U_SECRETARY).map(str::to_owned),
            due: row.date(U_DUE),
            approved_exception: row.flag(U_EXCEPTION).unwrap_or(false),
            ..OrgDetails::default()
        };
        let start = row.date(U_TERM_START);
        let years = row.small(U_TERM_YEARS);
        match (row.has(U_TERM_START), row.has(U_TERM_YEARS)) {
            (true, false) => row.bad(
                U_TERM_START,
                ProblemKind::Needs {
                    needs: "term_years",
                },
            ),
            (false, true) => row.bad(
                U_TERM_YEARS,
                ProblemKind::Needs {
                    needs: "term_start",
                },
            ),
            _ => {}
        }
        if let (Some(elected), Some(years)) = (start, years) {
            org.term = Some(Term { elected, years });
        }
        let identified = row.date(U_WL_ID);
        let accepted = row.date(U_WL_ACC);
        if row.has(U_WL_ACC) && !row.has(U_WL_ID) {
            row.bad(
                U_WL_ACC,
                ProblemKind::Needs {
                    needs: "weak_lax_identified",
                },
            );
        }
        if let Some(identified) = identified {
            org.weak_lax = Some(WeakLax {
                identified,
                accepted,
            });
        }
        d.org = Some(org);
    }
    d.service_center = row
        .number(U_CENTER)
        .map(|area_m2| ServiceCenter { area_m2 });
    // Lists given as values (JSON) are taken as they are; lists in text (CSV) are parsed.
    let lists = row.cells.lists();
    if let Some(l) = lists {
        d.venues.clone_from(&l.venues);
        d.commando_teams.clone_from(&l.commando_teams);
        d.demonstrations.clone_from(&l.demonstrations);
    } else {
        d.venues = row
            .parsed(U_VENUES, Expected::Venues, |t| {
                word_pairs(t, |kind, area_m2| Venue { kind, area_m2 })
            })
            .unwrap_or_default();
        d.commando_teams = row
            .parsed(U_COMMANDO, Expected::CommandoTeams, |t| {
                word_pairs(t, |field, count| CommandoTeams { field, count })
            })
            .unwrap_or_default();
        d.demonstrations = row
            .parsed(U_DEMOS, Expected::Demonstrations, |t| {
                word_pairs(t, |level, year| Demonstration { level, year })
            })
            .unwrap_or_default();
    }
    let purpose = row.word(U_PURPOSE, Expected::Purpose);
    let approved = row.flag(U_APPROVED).unwrap_or(false);
    let task_ended = row.date(U_TASK_ENDED);
    let acts = match lists {
        Some(l) => l.acts,
        None => row
            .parsed(U_ACTS, Expected::Acts, |t| {
                let mut a = ForbiddenActs::default();
                for w in t.split(';').map(str::trim) {
                    a.insert(ForbiddenAct::from_word(w)?);
                }
                Some(a)
            })
            .unwrap_or_default(),
    };
    if !row.has(U_PURPOSE) {
        for c in [U_APPROVED, U_TASK_ENDED, U_ACTS] {
            if row.has(c) {
                row.bad(c, ProblemKind::Needs { needs: "purpose" });
            }
        }
    }
    if let Some(purpose) = purpose {
        d.temporary = Some(TemporaryInfo {
            purpose,
            approved,
            task_ended,
            acts,
        });
    }
    d.big_committee = row.word(U_BC_KIND, Expected::BigCommitteeKind);
    d
}

/// The cells of a unit, by column, as files write them.
pub(crate) fn unit_cells(u: &crate::UnitRef<'_>, parent: Option<UnitId>) -> [Option<String>; 30] {
    let mut c: [Option<String>; 30] = Default::default();
    c[U_PARTY_PARENT] = u.party_parent().map(|o| o.0.to_string());
    let kind = u.kind();
    let members = u.members();
    c[U_ID] = Some(u.id().0.to_string());
    c[U_PARENT] = parent.map(|p| p.0.to_string());
    c[U_KIND] = Some(kind.as_str().to_owned());
    if let UnitKind::Institution(s) = kind {
        c[U_SECTOR] = Some(s.as_str().to_owned());
    }
    c[U_NAME] = Some(u.name().to_owned());
    c[U_CODE] = u.code().map(|x| x.to_string());
    c[U_FORM] = u.party_form().map(|f| f.as_str().to_owned());
    c[U_FULL] = (members.full != 0).then(|| members.full.to_string());
    c[U_PROB] = (members.probationary != 0).then(|| members.probationary.to_string());
    c[U_AGRI] = u.is_agricultural().then(|| "true".to_owned());
    c[U_COMMITTEE] = u.committee_size().map(|n| n.to_string());
    let d = u.details();
    c[U_FOUNDED] = d.founded.map(date_text);
    c[U_DISSOLVED] = d.dissolved.map(date_text);
    if let Some(org) = &d.org {
        c[U_SECRETARY] = org.secretary.clone();
        c[U_TERM_START] = org.term.map(|t| date_text(t.elected));
        c[U_TERM_YEARS] = org.term.map(|t| t.years.to_string());
        c[U_DUE] = org.due.map(date_text);
        // Always written when the organization has details, so that details with every
        // field empty survive a round trip.
        c[U_EXCEPTION] = Some(org.approved_exception.to_string());
        c[U_WL_ID] = org.weak_lax.map(|w| date_text(w.identified));
        c[U_WL_ACC] = org.weak_lax.and_then(|w| w.accepted).map(date_text);
    }
    c[U_CENTER] = d.service_center.map(|s| s.area_m2.to_string());
    let join = |v: Vec<String>| (!v.is_empty()).then(|| v.join(";"));
    c[U_VENUES] = join(
        d.venues
            .iter()
            .map(|v| format!("{}:{}", v.kind, v.area_m2))
            .collect(),
    );
    c[U_COMMANDO] = join(
        d.commando_teams
            .iter()
            .map(|t| format!("{}:{}", t.field, t.count))
            .collect(),
    );
    c[U_DEMOS] = join(
        d.demonstrations
            .iter()
            .map(|t| format!("{}:{}", t.level, t.year))
            .collect(),
    );
    if let Some(t) = d.temporary {
        c[U_PURPOSE] = Some(t.purpose.as_str().to_owned());
        c[U_APPROVED] = Some(t.approved.to_string());
        c[U_TASK_ENDED] = t.task_ended.map(date_text);
        c[U_ACTS] = acts_text(t.acts);
    }
    c[U_BC_KIND] = d.big_committee.map(|k| k.as_str().to_owned());
    c
}

// ----- relations and records --------------------------------------------------------------

/// A parsed relation row: a plain relation or a pairing.
pub(crate) enum RelationItem {
    Plain(UnitId, UnitId, Relation),
    Pairing(PairingId, UnitId, UnitId, Pairing),
}

const R_FROM: usize = 0;
const R_TO: usize = 1;
const R_REL: usize = 2;
const R_ID: usize = 3;
const R_TYPE: usize = 4;
const R_SINCE: usize = 5;
const R_UNTIL: usize = 6;
const R_COUNT: usize = 7;
const R_SECTIONS: usize = 8;
const R_CADRES: usize = 9;
const R_HOUSEHOLDS: usize = 10;
const R_SECRETARY: usize = 11;

/// Parses one relation row.
pub(crate) fn parse_relation<C: Cells>(cells: &C, report: &mut Report<'_>) -> Option<RelationItem> {
    let mut r = |c: &'static str, k: ProblemKind| report(c, k);
    let mut row = Row::new(cells, &RELATION_COLUMNS, &mut r);
    let from = row.required_number(R_FROM);
    let to = row.required_number(R_TO);
    let rel = row.required(R_REL);
    let pairing_only = [
        R_ID,
        R_TYPE,
        R_SINCE,
        R_UNTIL,
        R_SECTIONS,
        R_CADRES,
        R_HOUSEHOLDS,
        R_SECRETARY,
    ];
    let item = match rel.map(|w| (w, RelationWord::from_word(w).filter(|r| r.in_files()))) {
        None => None,
        Some((_, Some(RelationWord::Pairing))) => {
            row.not_applicable(&[R_COUNT], RelationWord::Pairing.as_str());
            let id = row.required_number(R_ID);
            let since = row.date(R_SINCE);
            let until = row.date(R_UNTIL);
            let ty = row.required(R_TYPE);
            let kind = match ty.map(|t| (t, PairingWord::from_word(t))) {
                None => None,
                Some((_, Some(ty))) => {
                    let to = ty.as_str();
                    match ty {
                        PairingWord::TownStreet | PairingWord::JointBuilding => {
                            row.not_applicable(
                                &[R_SECTIONS, R_CADRES, R_HOUSEHOLDS, R_SECRETARY],
                                to,
                            );
                            Some(if ty == PairingWord::TownStreet {
                                PairingKind::TownStreet
                            } else {
                                PairingKind::JointBuilding
                            })
                        }
                        PairingWord::OrganCoop => {
                            row.not_applicable(&[R_CADRES, R_HOUSEHOLDS, R_SECRETARY], to);
                            row.required_number(R_SECTIONS)
                                .map(|sections| PairingKind::OrganCoop { sections })
                        }
                        PairingWord::CadreHousehold => {
                            row.not_applicable(&[R_SECTIONS, R_SECRETARY], to);
                            let cadres = row.required_number(R_CADRES);
                            let households = row.required_number(R_HOUSEHOLDS);
                            cadres.zip(households).map(|(cadres, households)| {
                                PairingKind::CadreHousehold { cadres, households }
                            })
                        }
                        PairingWord::FirstSecretary => {
                            row.not_applicable(&[R_SECTIONS, R_CADRES, R_HOUSEHOLDS], to);
                            Some(PairingKind::FirstSecretary {
                                secretary: row.text(R_SECRETARY).map(str::to_owned),
                            })
                        }
                    }
                }
                Some((other, None)) => {
                    row.bad(
                        R_TYPE,
                        ProblemKind::BadValue {
                            text: other.to_owned(),
                            expected: Expected::PairingType,
                        },
                    );
                    None
                }
            };
            match (id, kind) {
                (Some(id), Some(kind)) => Some(RelationItem::Pairing(
                    PairingId(id),
                    UnitId(from?),
                    UnitId(to?),
                    Pairing::new(kind).between(since, until),
                )),
                _ => None,
            }
        }
        Some((w, Some(r))) => {
            row.not_applicable(&pairing_only, w);
            let rel = match r {
                RelationWord::Seconds => Relation::Seconds(row.required_number(R_COUNT)?),
                RelationWord::PartTime => Relation::PartTime(row.required_number(R_COUNT)?),
                other => {
                    row.not_applicable(&[R_COUNT], w);
                    match other {
                        RelationWord::Core => Relation::Core,
                        RelationWord::Member => Relation::Member,
                        _ => Relation::Covers,
                    }
                }
            };
            Some(RelationItem::Plain(UnitId(from?), UnitId(to?), rel))
        }
        Some((other, None)) => {
            row.bad(
                R_REL,
                ProblemKind::BadValue {
                    text: other.to_owned(),
                    expected: Expected::Relation,
                },
            );
            None
        }
    };
    if row.failed { None } else { item }
}

/// The cells of a relation row.
pub(crate) fn relation_cells(item: &RelationItem) -> [Option<String>; 12] {
    let mut c: [Option<String>; 12] = Default::default();
    let n = |v: u32| Some(v.to_string());
    match item {
        RelationItem::Plain(f, t, rel) => {
            c[R_FROM] = n(f.0);
            c[R_TO] = n(t.0);
            c[R_REL] = Some(rel.as_str().to_owned());
            if let Relation::Seconds(k) | Relation::PartTime(k) = rel {
                c[R_COUNT] = n(*k);
            }
        }
        RelationItem::Pairing(id, f, t, p) => {
            c[R_FROM] = n(f.0);
            c[R_TO] = n(t.0);
            c[R_REL] = Some(RelationWord::Pairing.as_str().to_owned());
            c[R_ID] = n(id.0);
            c[R_TYPE] = Some(p.kind.as_str().to_owned());
            c[R_SINCE] = p.since.map(date_text);
            c[R_UNTIL] = p.until.map(date_text);
            match &p.kind {
                PairingKind::OrganCoop { sections } => c[R_SECTIONS] = n(*sections),
                PairingKind::CadreHousehold { cadres, households } => {
                    c[R_CADRES] = n(*cadres);
                    c[R_HOUSEHOLDS] = n(*households);
                }
                PairingKind::FirstSecretary { secretary } => c[R_SECRETARY] = secretary.clone(),
                _ => {}
            }
        }
    }
    c
}

/// Every relation of a hierarchy except containment and hosting (hosting is a temporary
/// organization's `parent`), in a deterministic order: plain relations by (from, to,
/// relation, count), then pairings by id.
pub(crate) fn relation_items(h: &Hierarchy) -> Vec<RelationItem> {
    let mut plain: Vec<(UnitId, UnitId, &'static str, u32, Relation)> = h
        .relations()
        .filter_map(|l| match l.relation {
            Relation::Hosts | Relation::Pairing(_) | Relation::Contains => None,
            r => {
                let count = match r {
                    Relation::Seconds(k) | Relation::PartTime(k) => k,
                    _ => 0,
                };
                Some((l.from, l.to, r.as_str(), count, r))
            }
        })
        .collect();
    plain.sort_by_key(|t| (t.0, t.1, t.2, t.3));
    let mut items: Vec<RelationItem> = plain
        .into_iter()
        .map(|(f, t, _, _, r)| RelationItem::Plain(f, t, r))
        .collect();
    items.extend(
        h.pairings()
            .map(|(id, p, f, t)| RelationItem::Pairing(id, f, t, p.clone())),
    );
    items
}

const C_ID: usize = 0;
const C_UNIT: usize = 1;
const C_DATE: usize = 2;
const C_TYPE: usize = 3;
const C_MATTERS: usize = 4;
const C_SOLVED: usize = 5;
const C_PARTICIPANTS: usize = 6;
const C_RAISED: usize = 7;
const C_RESOLVED: usize = 8;
const C_PERSON_TIMES: usize = 9;

/// Parses one record row.
pub(crate) fn parse_record<C: Cells>(
    cells: &C,
    report: &mut Report<'_>,
) -> Option<(RecordId, Record)> {
    let mut r = |c: &'static str, k: ProblemKind| report(c, k);
    let mut row = Row::new(cells, &RECORD_COLUMNS, &mut r);
    let id = row.required_number(C_ID);
    let unit = row.required_number(C_UNIT);
    let date = if row.has(C_DATE) {
        row.date(C_DATE)
    } else {
        row.required(C_DATE);
        None
    };
    let counts = [
        C_MATTERS,
        C_SOLVED,
        C_PARTICIPANTS,
        C_RAISED,
        C_RESOLVED,
        C_PERSON_TIMES,
    ];
    let take = |row: &mut Row<'_, '_, C>, ty: &str, wanted: &[usize]| -> Vec<Option<u32>> {
        let others: Vec<usize> = counts
            .iter()
            .copied()
            .filter(|c| !wanted.contains(c))
            .collect();
        row.not_applicable(&others, ty);
        wanted.iter().map(|&c| row.required_number(c)).collect()
    };
    let ty = row.required(C_TYPE);
    let kind = match ty.map(|t| (t, RecordWord::from_word(t))) {
        None => None,
        Some((_, Some(ty))) => {
            let to = ty.as_str();
            match ty {
                RecordWord::JointMeeting => match take(&mut row, to, &[C_MATTERS, C_SOLVED])[..] {
                    [Some(matters), Some(problems_solved)] => Some(RecordKind::JointMeeting {
                        matters,
                        problems_solved,
                    }),
                    _ => None,
                },
                RecordWord::Activity => take(&mut row, to, &[C_PARTICIPANTS])[0]
                    .map(|participants| RecordKind::Activity { participants }),
                RecordWord::Appeals => match take(&mut row, to, &[C_RAISED, C_RESOLVED])[..] {
                    [Some(raised), Some(resolved)] => {
                        Some(RecordKind::Appeals { raised, resolved })
                    }
                    _ => None,
                },
                RecordWord::Training => take(&mut row, to, &[C_PERSON_TIMES])[0]
                    .map(|person_times| RecordKind::Training { person_times }),
            }
        }
        Some((other, None)) => {
            row.bad(
                C_TYPE,
                ProblemKind::BadValue {
                    text: other.to_owned(),
                    expected: Expected::RecordType,
                },
            );
            None
        }
    };
    if row.failed {
        return None;
    }
    Some((RecordId(id?), Record::new(UnitId(unit?), date?, kind?)))
}

/// The cells of a record row.
pub(crate) fn record_cells(id: RecordId, r: &Record) -> [Option<String>; 10] {
    let mut c: [Option<String>; 10] = Default::default();
    let n = |v: u32| Some(v.to_string());
    c[C_ID] = n(id.0);
    c[C_UNIT] = n(r.unit.0);
    c[C_DATE] = Some(date_text(r.date));
    c[C_TYPE] = Some(r.kind.as_str().to_owned());
    match r.kind {
        RecordKind::JointMeeting {
            matters,
            problems_solved,
        } => {
            c[C_MATTERS] = n(matters);
            c[C_SOLVED] = n(problems_solved);
        }
        RecordKind::Activity { participants } => c[C_PARTICIPANTS] = n(participants),
        RecordKind::Appeals { raised, resolved } => {
            c[C_RAISED] = n(raised);
            c[C_RESOLVED] = n(resolved);
        }
        RecordKind::Training { person_times } => c[C_PERSON_TIMES] = n(person_times),
    }
    c
}

// ----- assembling a hierarchy from parsed rows --------------------------------------------

/// Problems found so far, capped at [`MAX_LISTED_PROBLEMS`].
#[derive(Debug, Default)]
pub(crate) struct Problems {
    pub(crate) list: Vec<Problem>,
    pub(crate) total: usize,
}

impl Problems {
    pub(crate) fn push(&mut self, file: &Path, position: Position, kind: ProblemKind) {
        self.total += 1;
        if self.list.len() < MAX_LISTED_PROBLEMS {
            self.list.push(Problem {
                file: file.to_owned(),
                position,
                kind,
            });
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// A reporter for the cells of one CSV line: each problem is placed at `line` and the
    /// named column.
    pub(crate) fn at_line<'a>(
        &'a mut self,
        file: &'a Path,
        line: u64,
    ) -> impl FnMut(&'static str, ProblemKind) + 'a {
        move |column, kind| {
            self.push(
                file,
                Position::Line {
                    line,
                    column: Some(column.to_owned()),
                },
                kind,
            );
        }
    }

    pub(crate) fn into_error(self) -> LoadError {
        LoadError::Invalid {
            problems: self.list,
            total: self.total,
        }
    }
}

/// The position of one cell of a row: the column of a CSV line, the field of a JSON row.
fn with_column(p: Position, column: &str) -> Position {
    match p {
        Position::Line { line, .. } => Position::Line {
            line,
            column: Some(column.to_owned()),
        },
        Position::Json { path, at } => Position::Json {
            path: format!("{path}.{column}"),
            at,
        },
        other => other,
    }
}

/// A temporary organization or big committee row, added after the tree.
pub(crate) struct Extra {
    pub(crate) position: Position,
    pub(crate) id: UnitId,
    pub(crate) parent: Option<UnitId>,
    pub(crate) unit: Unit,
}

/// Rows on their way into a hierarchy: standing units go straight into the builder, the
/// rest waits until the tree stands.
#[derive(Default)]
pub(crate) struct Assembly {
    pub(crate) builder: HierarchyBuilder,
    pub(crate) extras: Vec<Extra>,
    pub(crate) relations: Vec<(PathBuf, Position, RelationItem)>,
    pub(crate) records: Vec<(PathBuf, Position, RecordId, Record)>,
    pub(crate) problems: Problems,
    /// Ids of unit rows that failed to parse, so that their children do not also report a
    /// missing parent.
    pub(crate) failed_ids: HashSet<u32>,
    /// How many problems the unit rows had (set by [`units_done`](Self::units_done)).
    pub(crate) unit_problems: usize,
    /// The name of the column holding a row's parent, when not `parent`.
    pub(crate) parent_column: Option<&'static str>,
    /// Organization rows, added once the units are built.
    pub(crate) orgs: Vec<(PathBuf, Position, orgs::OrgItem)>,
    /// Units whose own organization has a recorded superior, set once the organizations
    /// are added.
    pub(crate) party_parents: Vec<(Position, UnitId, crate::OrgId)>,
}

impl Assembly {
    /// Marks the end of the unit rows: problems found from here on are in relations and
    /// records, which are still checked against the hierarchy when the units are good.
    pub(crate) fn units_done(&mut self) {
        self.unit_problems = self.problems.total;
    }

    /// Adds a parsed unit row.
    pub(crate) fn unit(&mut self, position: impl Fn() -> Position, row: UnitRowParsed<'_>) {
        if let Some(org) = row.party_parent {
            self.party_parents
                .push((with_column(position(), "party_parent"), row.id, org));
        }
        if row.unit.kind.is_standing() {
            self.builder
                .push_named(row.id, row.parent, row.name, row.unit);
        } else {
            let mut unit = row.unit;
            unit.name = row.name.to_owned();
            self.extras.push(Extra {
                position: position(),
                id: row.id,
                parent: row.parent,
                unit,
            });
        }
    }

    /// Builds the hierarchy, or reports every problem. `units_file` is the file of the unit
    /// rows; `locate` finds the positions of the unit rows with the given ids (in file
    /// order), for structural problems.
    pub(crate) fn finish(
        mut self,
        units_file: &Path,
        mut locate: impl FnMut(&HashSet<UnitId>) -> HashMap<UnitId, Vec<Position>>,
    ) -> Result<Hierarchy, LoadError> {
        let extra_ids: HashMap<UnitId, usize> = self
            .extras
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id, i))
            .collect();
        let parent_column = self.parent_column.unwrap_or("parent");
        let built = std::mem::take(&mut self.builder).build();
        let mut h = match built {
            Ok(h) => h,
            Err(e) => {
                let wanted: HashSet<UnitId> = e
                    .problems
                    .iter()
                    .filter_map(|p| match p {
                        BuildProblem::DuplicateId { id }
                        | BuildProblem::MissingParent { id, .. }
                        | BuildProblem::NotStanding { id, .. } => Some(*id),
                        BuildProblem::Cycle { id, .. } => Some(*id),
                        _ => None,
                    })
                    .collect();
                let found = locate(&wanted);
                let at = |id: UnitId, n: usize, column: &str| {
                    found
                        .get(&id)
                        .and_then(|v| v.get(n).cloned())
                        .map_or(Position::File, |p| with_column(p, column))
                };
                let mut dup_seen: HashMap<UnitId, usize> = HashMap::new();
                for p in &e.problems {
                    match p {
                        BuildProblem::DuplicateId { id } => {
                            let n = dup_seen.entry(*id).or_insert(0);
                            *n += 1;
                            let kind = ProblemKind::DuplicateId {
                                id: u64::from(id.0),
                                first: at(*id, 0, "id"),
                            };
                            self.problems.push(units_file, at(*id, *n, "id"), kind);
                        }
                        BuildProblem::MissingParent { id, parent } => {
                            if self.failed_ids.contains(&parent.0) {
                                continue;
                            }
                            let kind = if extra_ids.contains_key(parent) {
                                ProblemKind::ParentNotStanding {
                                    id: *id,
                                    parent: *parent,
                                }
                            } else {
                                ProblemKind::MissingParent {
                                    id: *id,
                                    parent: *parent,
                                }
                            };
                            self.problems
                                .push(units_file, at(*id, 0, parent_column), kind);
                        }
                        BuildProblem::Cycle { id, cycle } => {
                            let kind = ProblemKind::Cycle {
                                id: *id,
                                cycle: cycle.clone(),
                            };
                            self.problems
                                .push(units_file, at(*id, 0, parent_column), kind);
                        }
                        BuildProblem::Hierarchy(err) => {
                            self.problems.push(
                                units_file,
                                Position::File,
                                ProblemKind::Refused(err.clone()),
                            );
                        }
                        other => {
                            let id = match other {
                                BuildProblem::NotStanding { id, .. } => *id,
                                _ => UnitId(u32::MAX),
                            };
                            self.problems.push(
                                units_file,
                                at(id, 0, "kind"),
                                ProblemKind::Build(other.clone()),
                            );
                        }
                    }
                }
                // Problems the builder counted but did not list.
                self.problems.total += e.total - e.problems.len();
                return Err(self.problems.into_error());
            }
        };
        if self.unit_problems > 0 {
            return Err(self.problems.into_error());
        }
        // Temporary organizations and big committees.
        let mut first_extra: HashMap<UnitId, Position> = HashMap::new();
        let mut collide: Vec<(UnitId, Position)> = Vec::new();
        for e in std::mem::take(&mut self.extras) {
            if let Some(first) = first_extra.get(&e.id) {
                let kind = ProblemKind::DuplicateId {
                    id: u64::from(e.id.0),
                    first: first.clone(),
                };
                self.problems
                    .push(units_file, with_column(e.position, "id"), kind);
                continue;
            }
            if h.contains(e.id) {
                collide.push((e.id, e.position));
                continue;
            }
            first_extra.insert(e.id, with_column(e.position.clone(), "id"));
            let parent_pos = with_column(e.position.clone(), "parent");
            let host = match e.parent {
                None => None,
                Some(p) => match h.index_of(p) {
                    Ok(ix)
                        if e.unit.kind == UnitKind::Temporary && h.graph[ix].kind.is_standing() =>
                    {
                        Some(ix)
                    }
                    Ok(_) => {
                        self.problems.push(
                            units_file,
                            parent_pos,
                            ProblemKind::ParentNotStanding {
                                id: e.id,
                                parent: p,
                            },
                        );
                        continue;
                    }
                    Err(_) if e.unit.kind == UnitKind::Temporary => {
                        let kind = if extra_ids.contains_key(&p) {
                            ProblemKind::ParentNotStanding {
                                id: e.id,
                                parent: p,
                            }
                        } else {
                            ProblemKind::MissingParent {
                                id: e.id,
                                parent: p,
                            }
                        };
                        self.problems.push(units_file, parent_pos, kind);
                        continue;
                    }
                    Err(_) => {
                        self.problems.push(
                            units_file,
                            parent_pos,
                            ProblemKind::ParentNotStanding {
                                id: e.id,
                                parent: p,
                            },
                        );
                        continue;
                    }
                },
            };
            match h.insert_node(e.id, e.unit) {
                Ok(ix) => {
                    if let Some(host) = host {
                        h.graph.add_edge(host, ix, Relation::Hosts);
                    }
                }
                Err(err) => self
                    .problems
                    .push(units_file, e.position, ProblemKind::Refused(err)),
            }
        }
        if !collide.is_empty() {
            let wanted: HashSet<UnitId> = collide.iter().map(|c| c.0).collect();
            let found = locate(&wanted);
            for (id, pos) in collide {
                let first = found
                    .get(&id)
                    .and_then(|v| v.first().cloned())
                    .map_or(Position::File, |p| with_column(p, "id"));
                let kind = ProblemKind::DuplicateId {
                    id: u64::from(id.0),
                    first,
                };
                self.problems.push(units_file, with_column(pos, "id"), kind);
            }
        }
        // Party organizations recorded in their own right.
        orgs::add_orgs(&mut h, std::mem::take(&mut self.orgs), &mut self.problems);
        for (pos, unit, org) in std::mem::take(&mut self.party_parents) {
            let res = match h.own_org_of(unit) {
                Some(own) => h.set_superior(own, Some(org)),
                None => Err(HierarchyError::UnknownOrg { id: org }),
            };
            if let Err(err) = res {
                self.problems
                    .push(units_file, pos, ProblemKind::Refused(err));
            }
        }
        // Relations and pairings.
        let mut first_pairing: HashMap<PairingId, Position> = HashMap::new();
        for (file, pos, item) in std::mem::take(&mut self.relations) {
            let res = match item {
                RelationItem::Plain(f, t, rel) => h.relate(f, t, rel).map(|_| ()),
                RelationItem::Pairing(id, f, t, p) => {
                    if let Some(first) = first_pairing.get(&id) {
                        self.problems.push(
                            &file,
                            with_column(pos, "id"),
                            ProblemKind::DuplicateId {
                                id: u64::from(id.0),
                                first: first.clone(),
                            },
                        );
                        continue;
                    }
                    first_pairing.insert(id, with_column(pos.clone(), "id"));
                    h.add_pairing_with_id(id, f, t, p).map(|_| ())
                }
            };
            if let Err(err) = res {
                self.problems.push(&file, pos, ProblemKind::Refused(err));
            }
        }
        // Records.
        let mut first_record: HashMap<RecordId, Position> = HashMap::new();
        for (file, pos, id, rec) in std::mem::take(&mut self.records) {
            if let Some(first) = first_record.get(&id) {
                self.problems.push(
                    &file,
                    with_column(pos, "id"),
                    ProblemKind::DuplicateId {
                        id: u64::from(id.0),
                        first: first.clone(),
                    },
                );
                continue;
            }
            first_record.insert(id, with_column(pos.clone(), "id"));
            if let Err(err) = h.add_record_with_id(id, rec) {
                self.problems.push(&file, pos, ProblemKind::Refused(err));
            }
        }
        if self.problems.is_empty() {
            h.structure_changed();
            Ok(h)
        } else {
            Err(self.problems.into_error())
        }
    }
}
