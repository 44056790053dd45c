//! Reading the cells of one row (a CSV record or a JSON row) with every problem reported,
//! and the cell texts shared by the tables.

use chrono::NaiveDate;

use crate::code::DivisionCode;
use crate::unit::{CommandoTeams, Demonstration, ForbiddenActs, Venue};
use crate::vocab::Vocabulary;

use super::file_keys::{FileKeys, Resolved, Space};
use super::problem::{Expected, ProblemKind};
use super::units::{U_ACTS, U_COMMANDO, U_DEMOS, U_VENUES};
use crate::hierarchy::canonical_bytes;

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

    /// Whether every cell is UTF-8 (text formats other than CSV are text already).
    fn is_utf8(&self) -> bool {
        true
    }

    /// Whether the cell was refused before its row was read (a spreadsheet's number in a
    /// code column), its problem already reported: the row's own problems of that column
    /// are then left out, so that one fault is reported once.
    fn refused(&self, _col: usize) -> bool {
        false
    }

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
pub(crate) struct Row<'c, 'r, 'k, C: Cells> {
    pub(super) cells: &'c C,
    names: &'static [&'static str],
    report: &'r mut Report<'r>,
    /// The keys of the load, through which cells naming units and organizations read.
    keys: &'k FileKeys,
    pub(super) failed: bool,
}

impl<'c, 'r, 'k, C: Cells> Row<'c, 'r, 'k, C> {
    pub(crate) fn new(
        cells: &'c C,
        names: &'static [&'static str],
        keys: &'k FileKeys,
        report: &'r mut Report<'r>,
    ) -> Self {
        Row {
            cells,
            names,
            report,
            keys,
            failed: false,
        }
    }

    /// A cell naming a unit or an organization (`space`) by its id or key: the internal
    /// id (see the `file_keys` module).
    pub(super) fn node(&mut self, col: usize, space: Space) -> Option<u32> {
        // Numbers, the common case, straight from the bytes.
        if let Some(n) = self.cells.raw(col).and_then(canonical_bytes) {
            let read = self.keys.number(space, n);
            return self.take(col, read, || n.to_string());
        }
        let t = self.text(col)?;
        self.resolve(col, space, t)
    }

    /// [`node`](Self::node) for a required cell.
    pub(super) fn required_node(&mut self, col: usize, space: Space) -> Option<u32> {
        let t = self.required(col)?;
        self.resolve(col, space, t)
    }

    /// A row's own id cell: its internal id, and its key when the cell is one (not the
    /// id's own number).
    pub(super) fn own_id(&mut self, col: usize, space: Space) -> Option<(u32, Option<&'c str>)> {
        if let Some(n) = self.cells.raw(col).and_then(canonical_bytes) {
            let read = self.keys.number(space, n);
            return self.take(col, read, || n.to_string()).map(|id| (id, None));
        }
        // Not a number: a key.
        let t = self.required(col)?;
        let id = self.resolve(col, space, t)?;
        Some((id, Some(t)))
    }

    /// The internal id named by `text`, a cell of `col`; problems reported.
    pub(super) fn resolve(&mut self, col: usize, space: Space, text: &str) -> Option<u32> {
        if text.trim().is_empty() {
            self.bad(
                col,
                ProblemKind::BadValue {
                    text: text.to_owned(),
                    expected: Expected::Key,
                },
            );
            return None;
        }
        let read = self.keys.resolve(space, text);
        self.take(col, read, || text.to_owned())
    }

    /// Whether `text` is, as written, a key some row of `space` has (see
    /// [`FileKeys::names_key`]).
    pub(super) fn names_key(&self, space: Space, text: &str) -> bool {
        self.keys.names_key(space, text)
    }

    /// The id a cell of `col` read as, its problem reported (`text` gives the cell's
    /// text for the message).
    fn take(&mut self, col: usize, read: Resolved, text: impl FnOnce() -> String) -> Option<u32> {
        match read {
            Resolved::Id(n) => Some(n),
            Resolved::Unknown => {
                let kind = if self.keys.is_numbers_only() {
                    ProblemKind::BadValue {
                        text: text(),
                        expected: Expected::UnitId,
                    }
                } else {
                    ProblemKind::UnknownKey { key: text() }
                };
                self.bad(col, kind);
                None
            }
            // The file is read again with its keys: nothing to report now.
            Resolved::Later => {
                self.failed = true;
                None
            }
        }
    }

    pub(super) fn bad(&mut self, col: usize, kind: ProblemKind) {
        self.failed = true;
        if !self.cells.refused(col) {
            (self.report)(self.names[col], kind);
        }
    }

    pub(super) fn text(&mut self, col: usize) -> Option<&'c str> {
        match self.cells.cell(col) {
            Ok(t) => t,
            Err(()) => {
                self.bad(col, ProblemKind::InvalidUtf8);
                None
            }
        }
    }

    pub(super) fn has(&self, col: usize) -> bool {
        self.cells.present(col)
    }

    pub(super) fn required(&mut self, col: usize) -> Option<&'c str> {
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

    pub(super) fn parsed<T>(
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
    pub(super) fn word<T: Vocabulary>(&mut self, col: usize, expected: Expected) -> Option<T> {
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
    pub(super) fn code(&mut self, col: usize) -> Option<DivisionCode> {
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

    pub(super) fn number(&mut self, col: usize) -> Option<u32> {
        self.digits(col, u32::MAX, Expected::Number)
    }

    pub(super) fn small(&mut self, col: usize) -> Option<u8> {
        self.digits(col, u32::from(u8::MAX), Expected::SmallNumber)
            .map(|v| v as u8)
    }

    pub(super) fn date(&mut self, col: usize) -> Option<NaiveDate> {
        self.parsed(col, Expected::Date, parse_date)
    }

    pub(super) fn flag(&mut self, col: usize) -> Option<bool> {
        self.parsed(col, Expected::Bool, |t| match t {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        })
    }

    pub(super) fn required_number(&mut self, col: usize) -> Option<u32> {
        if !self.has(col) {
            self.required(col);
            return None;
        }
        self.number(col)
    }

    /// A term from its start and length columns, both or neither: the one given alone
    /// is [`ProblemKind::Needs`] the other.
    pub(super) fn term(&mut self, start_col: usize, years_col: usize) -> Option<crate::unit::Term> {
        let start = self.date(start_col);
        let years = self.small(years_col);
        match (self.has(start_col), self.has(years_col)) {
            (true, false) => self.bad(
                start_col,
                ProblemKind::Needs {
                    needs: "term_years",
                },
            ),
            (false, true) => self.bad(
                years_col,
                ProblemKind::Needs {
                    needs: "term_start",
                },
            ),
            _ => {}
        }
        Some(crate::unit::Term {
            elected: start?,
            years: years?,
        })
    }

    pub(super) fn not_applicable(&mut self, cols: &[usize], to: &str) {
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
    // The shape is checked: the digits are read directly (chrono's format parser is a
    // tenth of a records table's load).
    let n = |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |v, d| v * 10 + u32::from(d - b'0'));
    NaiveDate::from_ymd_opt(n(0..4) as i32, n(5..7), n(8..10))
}

/// A list of `word:number` pairs separated by `;`, each with an optional `@date` (the day
/// it was formed), each made into a value by `item`.
pub(super) fn word_pairs<W: crate::vocab::Vocabulary, N: std::str::FromStr, T>(
    t: &str,
    item: impl Fn(W, N, Option<NaiveDate>) -> T,
) -> Option<Vec<T>> {
    t.split(';')
        .map(|part| {
            // `word:number`, or `word:number@date`.
            let (pair, since) = match part.split_once('@') {
                Some((pair, d)) => (pair, Some(parse_date(d.trim())?)),
                None => (part, None),
            };
            let (w, n) = pair.split_once(':')?;
            Some(item(W::from_word(w.trim())?, n.trim().parse().ok()?, since))
        })
        .collect()
}

pub(super) fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// One column of a table, declared once: its English name (the header export writes, the
/// JSON field, the name problems give), the Chinese headers read as the same column (the
/// first is the one a Chinese-header export writes), and what its cells hold, which tells
/// how a spreadsheet's typed cell becomes text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Column {
    pub(crate) name: &'static str,
    pub(crate) chinese: &'static [&'static str],
    #[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
    pub(crate) cell: CellKind,
}

impl Column {
    /// Whether a header cell names this column, by its English name or a Chinese header
    /// (spaces around it ignored).
    pub(crate) fn is_named(&self, header: &[u8]) -> bool {
        let Ok(h) = std::str::from_utf8(header) else {
            return false;
        };
        let h = h.trim();
        self.name == h || self.chinese.contains(&h)
    }
}

/// What a column's cells hold, for reading a spreadsheet's typed cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CellKind {
    /// Anything written as text, numbers and words: a whole number a spreadsheet stored
    /// as `3.0` reads as `3`.
    Value,
    /// A code kept as text: a number there lost its leading zeros or digits, and is
    /// refused.
    Code,
    /// A date: a spreadsheet's date (or its serial number) reads as `yyyy-mm-dd`.
    Date,
    /// An id or key naming a unit or organization: text kept byte for byte (spaces
    /// around it included; a cell of spaces only is empty), a whole number as its digits.
    Key,
}

/// A column of values.
pub(crate) const fn col(name: &'static str, chinese: &'static [&'static str]) -> Column {
    Column {
        name,
        chinese,
        cell: CellKind::Value,
    }
}

/// A column of dates.
pub(crate) const fn date_col(name: &'static str, chinese: &'static [&'static str]) -> Column {
    Column {
        name,
        chinese,
        cell: CellKind::Date,
    }
}

/// A column of ids or keys.
pub(crate) const fn key_col(name: &'static str, chinese: &'static [&'static str]) -> Column {
    Column {
        name,
        chinese,
        cell: CellKind::Key,
    }
}

/// A column of codes kept as text.
pub(crate) const fn code_col(name: &'static str, chinese: &'static [&'static str]) -> Column {
    Column {
        name,
        chinese,
        cell: CellKind::Code,
    }
}

/// Columns that several tables share, declared once with their Chinese headers.
pub(crate) mod shared {
    use super::{Column, col, date_col, key_col};

    pub(crate) const ID: Column = key_col("id", &["编号"]);
    pub(crate) const FULL_MEMBERS: Column = col("full_members", &["正式党员"]);
    pub(crate) const PROBATIONARY_MEMBERS: Column = col("probationary_members", &["预备党员"]);
    pub(crate) const FOUNDED: Column = date_col("founded", &["成立日期"]);
    pub(crate) const DISSOLVED: Column = date_col("dissolved", &["撤销日期"]);
    pub(crate) const SECRETARY: Column = col("secretary", &["书记"]);
    pub(crate) const COMMITTEE_SIZE: Column = col("committee_size", &["委员人数"]);
    pub(crate) const TERM_START: Column = date_col("term_start", &["换届日期"]);
    pub(crate) const TERM_YEARS: Column = col("term_years", &["任期"]);
    pub(crate) const PURPOSE: Column = col("purpose", &["任务"]);
    pub(crate) const APPROVED: Column = col("approved", &["经批准"]);
    pub(crate) const TASK_ENDED: Column = date_col("task_ended", &["任务结束日期"]);
    pub(crate) const ACTS: Column = col("acts", &["违规事项"]);
    pub(crate) const BC_KIND: Column = col("bc_kind", &["大党委类型"]);
}

/// The English names of a table's columns, in their order.
pub(crate) const fn names<const N: usize>(columns: &[Column; N]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = columns[i].name;
        i += 1;
    }
    out
}

/// The header a table is written with.
pub(crate) fn header_names(columns: &[Column], header: super::Header) -> Vec<&'static str> {
    columns
        .iter()
        .map(|c| match header {
            super::Header::English => c.name,
            super::Header::Chinese => c.chinese.first().copied().unwrap_or(c.name),
        })
        .collect()
}
