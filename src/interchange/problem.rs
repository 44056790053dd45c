//! What is wrong with a bad file, and why a load or a save failed: positions, problems
//! and the load and save errors.

use std::fmt;
use std::path::PathBuf;

use crate::code::CodeLevel;
use crate::error::CycleList;
use crate::error::HierarchyError;
use crate::hierarchy::BuildProblem;
use crate::record::RecordWord;
use crate::relation::{PairingWord, RelationWord};
use crate::unit::{
    BigCommitteeKind, ForbiddenAct, KindWord, PartyForm, Sector, TaskPurpose, UnitId,
};

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
    /// A sheet of a workbook, and its row (1-based as the spreadsheet numbers them; the
    /// header is row 1) and column when the problem is in a row or a cell.
    Sheet {
        /// The sheet's name.
        sheet: String,
        /// The row, when the problem is in one.
        row: Option<u64>,
        /// The column's header name, when one cell is at fault.
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
            Position::Sheet { sheet, row, column } => {
                write!(f, "sheet {}", Quoted(sheet))?;
                if let Some(row) = row {
                    write!(f, ", row {row}")?;
                }
                if let Some(c) = column {
                    write!(f, ", column {}", Quoted(c))?;
                }
                Ok(())
            }
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
    /// A list of venues `park:5000;square:1200@2023-05-01`.
    Venues,
    /// A list of commando teams `grid:3;three_new:1@2023-05-01`.
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
    /// Unit ids or keys separated by `;`.
    UnitIds,
    /// An id or key naming a unit or organization: a number, or text that is not only
    /// white space.
    Key,
    /// Ids (of records) or keys (of organizations) separated by `;`.
    Ids,
    /// A change word.
    Change,
    /// Member counts `full/probationary` (`40/2`).
    Members,
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
            Expected::Venues => f.write_str("venues like park:5000;square:1200@2023-05-01"),
            Expected::CommandoTeams => {
                f.write_str("commando teams like grid:3;three_new:1@2023-05-01")
            }
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
            Expected::UnitIds => {
                f.write_str("unit ids or keys separated by ;, such as 12;15 or JH-001;JH-002")
            }
            Expected::Key => f.write_str("an id or key: text that is not only white space"),
            Expected::Ids => f.write_str("ids separated by ;, such as 12;15"),
            Expected::Change => list(f, "a change", crate::history::ChangeWord::WORDS),
            Expected::Members => f.write_str("member counts full/probationary, such as 40/2"),
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
    /// A `.csv` file's header mixes the columns of two formats, or names no column of
    /// either: load it with [`load_as`](super::load_as) and the format it is, after
    /// removing the other format's columns. Nothing is guessed, so nothing is dropped.
    #[error("{}", UnclearHeader(.nbs, .units))]
    UnclearFormat {
        /// Its columns that only an NBS division file has (`level`, `parent_code` …).
        nbs: Vec<String>,
        /// Its columns that only a units table has (`id`, `kind`, `party_form` …).
        units: Vec<String>,
    },
    /// A workbook has a sheet that is none of the tables. Rename it to one (`units`,
    /// `orgs`, `relations`, `records`, or 单位, 党组织, 关系, 记录) or delete it: a sheet is
    /// never skipped, so that its data is never dropped silently.
    #[error("unknown sheet {}, expected one of: {}", Quoted(.sheet), .expected.join(", "))]
    UnknownSheet {
        /// The sheet's name.
        sheet: String,
        /// The sheet names that are tables.
        expected: Vec<&'static str>,
    },
    /// Two sheets of a workbook hold one table (`units` and 单位). Merge them or delete
    /// one.
    #[error("this sheet holds the same table as sheet {}", Quoted(.first))]
    DuplicateSheet {
        /// The first sheet of the table.
        first: String,
    },
    /// The file is not an `.xlsx` workbook that can be read (not a zip archive, a part
    /// missing or broken). Save it again from the spreadsheet as `.xlsx`.
    #[error("not a readable .xlsx workbook: {}", Quoted(.message))]
    BadWorkbook {
        /// The reader's explanation.
        message: String,
    },
    /// A workbook has no sheet of the units table (`units` or 单位). Add it.
    #[error("no sheet {sheet} (or {chinese}): the units table is required")]
    MissingSheet {
        /// The sheet's English name.
        sheet: &'static str,
        /// Its Chinese name.
        chinese: &'static str,
    },
    /// A spreadsheet stored a number where a code or an id belongs, and a number has lost
    /// what a code keeps: leading zeros, digits past the 15th (440111013001 shown as
    /// 4.40111E+11). Format the column as text and type the code again.
    #[error(
        "the cell holds the number {number}, not the text of a code: format the column as text and type it again"
    )]
    NumberForCode {
        /// The number as the spreadsheet stored it.
        number: String,
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
    /// A cell names a unit or organization by a key (or a number) that no row of the
    /// table has. Add the row or correct the cell.
    #[error("no row has the id or key {}", Quoted(key))]
    UnknownKey {
        /// The cell's text, as given.
        key: String,
    },
    /// Two rows of a table (units, organizations, pairings or records) have the same
    /// key. Give one of them another key.
    #[error("key {} appears again (first {first})", Quoted(key))]
    DuplicateKey {
        /// The key, as given.
        key: String,
        /// Where it first appears.
        first: Position,
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
    /// An organization row's `parent_unit`, or a relation row's `from`, names a unit that
    /// has no own organization (no `party_form`). Give the unit a party form, or name the
    /// organization by its id (`parent`, `org`).
    #[error("unit {unit} has no organization of its own (no party_form)")]
    NoOwnOrg {
        /// The unit.
        unit: UnitId,
    },
    /// A snapshot's retired ids (`ids.retired_units`, `ids.retired_orgs`) include one that
    /// a row of the snapshot holds: ids are never reused, so the snapshot contradicts
    /// itself.
    #[error("retired {what} id {id} is held by a row")]
    RetiredIdInUse {
        /// `unit` or `organization`.
        what: String,
        /// The id.
        id: u32,
    },
    /// A row names a parent that no row has. Add the parent or empty the cell.
    #[error("unit {id} names parent {parent}, which does not exist")]
    MissingParent {
        /// The row's unit.
        id: UnitId,
        /// The missing parent.
        parent: UnitId,
    },
    /// In a file of the older form: a unit's parent is a temporary organization's or big
    /// committee's row, or a big committee's row has a parent. Only units form the tree.
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
    /// A `core` row (files of the older form) whose `from` is no big committee's unit row.
    #[error("unit row {id} is no big committee: a core row names a big committee's row in from")]
    NotABigCommittee {
        /// The row's `from`.
        id: UnitId,
    },
    /// A big committee of the older form (a unit row) has a second `core` row; it has
    /// one core, the unit it is based in.
    #[error("big committee {committee} already has core {core}")]
    SecondCore {
        /// The big committee's unit row.
        committee: UnitId,
        /// The core its first `core` row names.
        core: UnitId,
    },
    /// The rows do not form a forest for another reason the builder gives.
    #[error(transparent)]
    Build(BuildProblem),
    /// The hierarchy refused the row (an unknown unit, a wrong kind at an end of a
    /// relation, a taken pairing or record id).
    #[error(transparent)]
    Refused(#[from] HierarchyError),
}

/// The message of [`ProblemKind::UnclearFormat`].
struct UnclearHeader<'a>(&'a [String], &'a [String]);

impl fmt::Display for UnclearHeader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (nbs, units) = (self.0, self.1);
        if nbs.is_empty() || units.is_empty() {
            return f.write_str(
                "the header is neither a units table's (id, parent, kind, name …) nor an NBS \
                 file's (code, name, level, parent_code …)",
            );
        }
        write!(
            f,
            "the header mixes columns of an NBS file ({}) with columns of a units table ({}): \
             keep one format's columns and load it as that format",
            nbs.iter()
                .map(|c| Quoted(c).to_string())
                .collect::<Vec<_>>()
                .join(", "),
            units
                .iter()
                .map(|c| Quoted(c).to_string())
                .collect::<Vec<_>>()
                .join(", "),
        )
    }
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

impl std::error::Error for Problem {
    /// The store's refusal, when the problem is one ([`ProblemKind::Refused`], or a
    /// placement a strict build refused): its [`HierarchyError`], to match or
    /// `downcast_ref`.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ProblemKind::Refused(e) | ProblemKind::Build(BuildProblem::Hierarchy(e)) => Some(e),
            _ => None,
        }
    }
}

/// Why a file (or folder) could not be loaded. Nothing was built.
///
/// Its [`source`](std::error::Error::source) is the operating system's error of
/// [`Io`](Self::Io), and the first [`Problem`] of [`Invalid`](Self::Invalid), whose own
/// source is the store's [`HierarchyError`] when the store refused the row.
#[derive(Debug)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be opened or read. Check the path and permissions.
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The path is none of the known formats: a `.json` file, a folder, a `.csv` file, a
    /// `.csv.gz` file or (with the feature `xlsx`) an `.xlsx` workbook. Rename it, convert
    /// it, or name its format with [`load_as`](super::load_as).
    UnknownFormat {
        /// The path.
        path: PathBuf,
    },
    /// The content is bad: every problem found, up to [`MAX_LISTED_PROBLEMS`]. Fix them and
    /// load again.
    ///
    /// [`MAX_LISTED_PROBLEMS`]: super::MAX_LISTED_PROBLEMS
    Invalid {
        /// The problems, in the order found.
        problems: Vec<Problem>,
        /// How many problems there were in all.
        total: usize,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            LoadError::UnknownFormat { path } => write!(
                f,
                "{}: not a .json snapshot, a folder of CSV tables, a .csv table, a .csv.gz NBS \
                 file or an .xlsx workbook",
                path.display()
            ),
            LoadError::Invalid { problems, total } => ProblemList(problems, *total).fmt(f),
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Io { source, .. } => Some(source),
            LoadError::UnknownFormat { .. } => None,
            LoadError::Invalid { problems, .. } => problems.first().map(|p| p as _),
        }
    }
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
    ///
    /// ```
    /// use partyorg::interchange::json;
    /// use partyorg::{LoadError, interchange::Position};
    /// let err = json::from_str(r#"{"format_version": 1, "units": [}"#).unwrap_err();
    /// assert_eq!(err.problems().len(), 1);
    /// assert!(matches!(err.problems()[0].position, Position::Json { .. }));
    /// let io = partyorg::load_path("tests/fixtures/no-such-file.json").unwrap_err();
    /// assert!(matches!(io, LoadError::Io { .. }) && io.problems().is_empty());
    /// ```
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
    /// and NBS files are read-only here. Save to a `.json` file, a folder or an `.xlsx`
    /// workbook instead.
    #[error("{}: this format would lose data; save to a .json file or a folder", .path.display())]
    WouldLoseData {
        /// The path.
        path: PathBuf,
    },
}
