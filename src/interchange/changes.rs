//! The `changes` table: the hierarchy's change log ([`crate::history`]) as rows, read and
//! written by the folder format (`changes.csv`), JSON snapshots (`changes`) and workbooks
//! (the `changes` sheet). The columns are documented with the other tables' in
//! [`table`](super::table).
//!
//! The other tables hold each unit and organization as it stands now; this one holds the
//! history that led there, in date order. It must agree with them: it is checked, newest
//! change first, by taking each change back
//! ([`Hierarchy::check_changes`](crate::Hierarchy::check_changes)), and the first change
//! that disagrees (the last move's `to` is not the unit's parent now, a change dated before
//! its unit was founded, a merge into a unit that no longer stands, a move back into one's
//! own subtree) is a located error on its row.

use std::io::{BufWriter, Read, Write};
use std::path::Path;

use chrono::NaiveDate;
use csv::ByteRecord;

use super::Header;
use super::assembly::Problems;
use super::csv_read::RecordCells;
use super::file_keys::{IdText, list_parts};
use super::problem::{Expected, LoadError, Position, ProblemKind};
use super::row::{Cells, Column, col, date_col, key_col, names, parse_date};
use super::table::{csv_problem, csv_reader, error_position, header_map, record_line};
use crate::code::DivisionCode;
use crate::hierarchy::Hierarchy;
use crate::history::{ChangeEvent, ChangeWord, EventKind, Subject};
use crate::org::OrgId;
use crate::record::RecordId;
use crate::unit::{Members, UnitId};
use crate::vocab::Vocabulary;

/// The changes table's file name in a folder.
pub const CHANGES_FILE: &str = "changes.csv";

/// The changes table's sheet names in a workbook: English, then Chinese.
#[cfg(feature = "xlsx")]
pub(crate) const CHANGES_SHEETS: [&str; 2] = ["changes", "变更"];

const C_DATE: usize = 0;
const C_UNIT: usize = 1;
const C_ORG: usize = 2;
const C_CHANGE: usize = 3;
const C_FROM: usize = 4;
const C_TO: usize = 5;
const C_CHILDREN: usize = 6;
const C_RECORDS: usize = 7;
const C_ORGS: usize = 8;
const C_MEMBERS: usize = 9;

/// The columns of the changes table, declared once.
pub(crate) const CHANGE_SCHEMA: [Column; 10] = [
    date_col("date", &["日期", "变更日期"]),
    key_col("unit", &["单位"]),
    key_col("org", &["党组织"]),
    col("change", &["变更类型"]),
    col("from", &["变更前"]),
    col("to", &["变更后"]),
    key_col("children", &["下级单位"]),
    key_col("records", &["记录"]),
    key_col("orgs", &["转入党组织"]),
    col("members", &["党员数"]),
];
/// The English names of [`CHANGE_SCHEMA`].
pub(crate) const CHANGE_COLUMNS: [&str; 10] = names(&CHANGE_SCHEMA);
/// The columns every changes table must have.
pub(crate) const CHANGE_REQUIRED: [usize; 2] = [C_DATE, C_CHANGE];

/// A row's problems, each with its column.
type Report<'a> = dyn FnMut(&'static str, ProblemKind) + 'a;

/// Members written as `full/probationary` (`40/2`).
fn members_text(m: Members) -> String {
    format!("{}/{}", m.full, m.probationary)
}

fn parse_members(t: &str) -> Option<Members> {
    let (f, p) = t.split_once('/')?;
    Some(Members::new(f.trim().parse().ok()?, p.trim().parse().ok()?))
}

/// Items separated by `;`; `None` for none.
fn list_text(items: impl Iterator<Item = String>) -> Option<String> {
    let v: Vec<String> = items.collect();
    (!v.is_empty()).then(|| v.join(";"))
}

/// The cells of one change, in [`CHANGE_SCHEMA`]'s order, units and organizations named
/// as `ids` says (by key in tables, by internal id in a snapshot).
pub(crate) fn change_cells(h: &Hierarchy, e: &ChangeEvent, ids: IdText) -> [Option<String>; 10] {
    let mut c: [Option<String>; 10] = Default::default();
    c[C_DATE] = Some(e.date.format("%Y-%m-%d").to_string());
    match e.subject {
        Subject::Unit(u) => c[C_UNIT] = Some(ids.unit(h, u)),
        Subject::Org(o) => c[C_ORG] = Some(ids.org(h, o)),
    }
    c[C_CHANGE] = Some(e.kind.word().as_str().to_owned());
    let unit = |u: Option<UnitId>| u.map(|u| ids.unit(h, u));
    let org = |o: Option<OrgId>| o.map(|o| ids.org(h, o));
    match &e.kind {
        EventKind::Found { parent } => c[C_TO] = unit(*parent),
        EventKind::Dissolve => {}
        EventKind::Move { from, to } => (c[C_FROM], c[C_TO]) = (unit(*from), unit(*to)),
        EventKind::Superior { from, to } => (c[C_FROM], c[C_TO]) = (org(*from), org(*to)),
        EventKind::Rename { from, to } => {
            (c[C_FROM], c[C_TO]) = (Some(from.clone()), Some(to.clone()))
        }
        EventKind::Recode { from, to } => {
            let code = |c: &Option<DivisionCode>| c.map(|c| c.to_string());
            (c[C_FROM], c[C_TO]) = (code(from), code(to));
        }
        EventKind::Merge {
            into,
            children,
            records,
            orgs,
            members,
        } => {
            c[C_TO] = unit(Some(*into));
            c[C_CHILDREN] = list_text(children.iter().map(|&u| ids.unit(h, u)));
            c[C_RECORDS] = list_text(records.iter().map(|&r| ids.record(h, r)));
            c[C_ORGS] = list_text(orgs.iter().map(|&o| ids.org(h, o)));
            c[C_MEMBERS] = Some(members_text(*members));
        }
        EventKind::MergeOrg {
            into,
            subordinates,
            members,
        } => {
            c[C_TO] = org(Some(*into));
            c[C_ORGS] = list_text(subordinates.iter().map(|&o| ids.org(h, o)));
            c[C_MEMBERS] = Some(members_text(*members));
        }
        EventKind::Split {
            new,
            children,
            members,
        } => {
            c[C_TO] = unit(Some(*new));
            c[C_CHILDREN] = list_text(children.iter().map(|&u| ids.unit(h, u)));
            c[C_MEMBERS] = Some(members_text(*members));
        }
        EventKind::Members { from, to } => {
            (c[C_FROM], c[C_TO]) = (Some(members_text(*from)), Some(members_text(*to)));
        }
    }
    c
}

/// Reads the cells of one row, reporting every problem; `None` when there was any.
struct Reader<'c, 'r, C: Cells> {
    cells: &'c C,
    report: &'r mut Report<'r>,
    bad: bool,
    /// The hierarchy the changes belong to, through which keys are found.
    h: &'c Hierarchy,
    ids: IdText,
}

impl<C: Cells> Reader<'_, '_, C> {
    fn fail(&mut self, col: usize, kind: ProblemKind) {
        self.bad = true;
        (self.report)(CHANGE_COLUMNS[col], kind);
    }

    fn text(&mut self, col: usize) -> Option<String> {
        match self.cells.cell(col) {
            Ok(t) => t.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()),
            Err(()) => {
                self.fail(col, ProblemKind::InvalidUtf8);
                None
            }
        }
    }

    fn parsed<T>(
        &mut self,
        col: usize,
        expected: Expected,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let t = self.text(col)?;
        let v = parse(&t);
        if v.is_none() {
            self.fail(col, ProblemKind::BadValue { text: t, expected });
        }
        v
    }

    /// `v`, or a missing value reported when its cell is empty (a filled cell that did
    /// not parse was reported already).
    fn required<T>(&mut self, col: usize, v: Option<T>) -> Option<T> {
        if v.is_none() && !self.cells.present(col) {
            self.fail(col, ProblemKind::MissingValue);
        }
        v
    }

    /// A unit named by `text` (its key in a table, its id in a snapshot).
    fn find_unit(&self, text: &str) -> Option<UnitId> {
        match self.ids {
            IdText::Keys => self.h.unit_by_key(text).map(|u| u.id()),
            IdText::Numbers => text.parse().ok().map(UnitId),
        }
    }

    /// An organization named by `text`.
    fn find_org(&self, text: &str) -> Option<OrgId> {
        match self.ids {
            IdText::Keys => self.h.org_by_key(text).map(|o| o.id()),
            IdText::Numbers => text.parse().ok().map(OrgId),
        }
    }

    /// A record named by `text`: its key in a table (a record no longer held, by its
    /// number), its id in a snapshot.
    fn find_record(&self, text: &str) -> Option<RecordId> {
        match self.ids {
            IdText::Keys => self
                .h
                .record_by_key(text)
                .or_else(|| crate::hierarchy::canonical_number(text).map(RecordId))
                .filter(|&r| self.h.explicit_record_key(r).is_none_or(|k| k == text)),
            IdText::Numbers => text.parse().ok().map(RecordId),
        }
    }

    /// The node a cell names, or its problem: a key no unit or organization has (a
    /// table), or no number (a snapshot).
    fn node<T>(&mut self, col: usize, find: impl Fn(&Self, &str) -> Option<T>) -> Option<T> {
        // A key is read as written, spaces around it included.
        let t = match self.cells.cell(col) {
            Ok(t) => t.filter(|t| !t.trim().is_empty())?.to_owned(),
            Err(()) => {
                self.fail(col, ProblemKind::InvalidUtf8);
                return None;
            }
        };
        let v = find(self, &t);
        if v.is_none() {
            let kind = match self.ids {
                IdText::Keys => ProblemKind::UnknownKey { key: t },
                IdText::Numbers => ProblemKind::BadValue {
                    text: t,
                    expected: Expected::UnitId,
                },
            };
            self.fail(col, kind);
        }
        v
    }

    fn unit(&mut self, col: usize) -> Option<UnitId> {
        self.node(col, Self::find_unit)
    }

    fn org(&mut self, col: usize) -> Option<OrgId> {
        self.node(col, Self::find_org)
    }

    /// A list of units or organizations, `;` between them: a part is a key as written
    /// when a node has it (spaces around it included, as lists are written), else it is
    /// trimmed.
    fn nodes<T>(&mut self, col: usize, find: impl Fn(&Self, &str) -> Option<T>) -> Vec<T> {
        // The cell as written: `text` trims it, which would take the spaces around the
        // first and last keys.
        let t = match self.cells.cell(col) {
            Ok(Some(t)) if !t.trim().is_empty() => t.to_owned(),
            Ok(_) => return Vec::new(),
            Err(()) => {
                self.fail(col, ProblemKind::InvalidUtf8);
                return Vec::new();
            }
        };
        let keys = self.ids == IdText::Keys;
        let mut v = Vec::new();
        for part in list_parts(&t, |raw| keys && find(self, raw).is_some()) {
            match find(self, part) {
                Some(x) => v.push(x),
                None => {
                    let kind = match self.ids {
                        IdText::Keys if !part.is_empty() => ProblemKind::UnknownKey {
                            key: part.to_owned(),
                        },
                        _ => ProblemKind::BadValue {
                            text: t.trim().to_owned(),
                            expected: Expected::Ids,
                        },
                    };
                    self.fail(col, kind);
                    return Vec::new();
                }
            }
        }
        v
    }

    fn members(&mut self, col: usize) -> Option<Members> {
        self.parsed(col, Expected::Members, parse_members)
    }

    fn not_applicable(&mut self, cols: &[usize], to: ChangeWord) {
        for &c in cols {
            if self.cells.present(c) {
                self.fail(
                    c,
                    ProblemKind::NotApplicable {
                        to: format!("{to} change"),
                    },
                );
            }
        }
    }
}

/// Parses one row of the changes table; `None` (its problems reported) when it is bad.
pub(crate) fn parse_change<C: Cells>(
    cells: &C,
    h: &Hierarchy,
    ids: IdText,
    report: &mut Report<'_>,
) -> Option<ChangeEvent> {
    let mut r = Reader {
        cells,
        report,
        bad: false,
        h,
        ids,
    };
    let date = r.parsed(C_DATE, Expected::Date, parse_date);
    let date: Option<NaiveDate> = r.required(C_DATE, date);
    let word = r.parsed(C_CHANGE, Expected::Change, ChangeWord::from_word);
    let word = r.required(C_CHANGE, word)?;
    let unit = r.unit(C_UNIT);
    let org = r.org(C_ORG);
    let subject = match (unit, org, cells.present(C_UNIT), cells.present(C_ORG)) {
        (_, _, true, true) => {
            r.fail(
                C_ORG,
                ProblemKind::NotApplicable {
                    to: "change of a unit".into(),
                },
            );
            None
        }
        (Some(u), _, _, _) => Some(Subject::Unit(u)),
        (_, Some(o), _, _) => Some(Subject::Org(o)),
        (None, None, false, false) => {
            r.fail(C_UNIT, ProblemKind::MissingValue);
            None
        }
        _ => None,
    };
    let lists = [C_CHILDREN, C_RECORDS, C_ORGS, C_MEMBERS];
    let is_org = matches!(subject, Some(Subject::Org(_)));
    if is_org
        && !matches!(
            word,
            ChangeWord::Dissolve | ChangeWord::Move | ChangeWord::Merge
        )
    {
        r.fail(
            C_ORG,
            ProblemKind::NotApplicable {
                to: format!("{word} change"),
            },
        );
    }
    let kind = match word {
        ChangeWord::Found => {
            r.not_applicable(&[C_FROM], word);
            r.not_applicable(&lists, word);
            Some(EventKind::Found {
                parent: r.unit(C_TO),
            })
        }
        ChangeWord::Dissolve => {
            r.not_applicable(&[C_FROM, C_TO], word);
            r.not_applicable(&lists, word);
            Some(EventKind::Dissolve)
        }
        ChangeWord::Move if is_org => {
            r.not_applicable(&lists, word);
            Some(EventKind::Superior {
                from: r.org(C_FROM),
                to: r.org(C_TO),
            })
        }
        ChangeWord::Move => {
            r.not_applicable(&lists, word);
            Some(EventKind::Move {
                from: r.unit(C_FROM),
                to: r.unit(C_TO),
            })
        }
        ChangeWord::Rename => {
            r.not_applicable(&lists, word);
            let from = r.text(C_FROM);
            let from = r.required(C_FROM, from);
            let to = r.text(C_TO);
            let to = r.required(C_TO, to);
            Some(EventKind::Rename {
                from: from?,
                to: to?,
            })
        }
        ChangeWord::Recode => {
            r.not_applicable(&lists, word);
            let code = |t: &str| t.parse::<DivisionCode>().ok();
            Some(EventKind::Recode {
                from: r.parsed(C_FROM, Expected::Code, code),
                to: r.parsed(C_TO, Expected::Code, code),
            })
        }
        ChangeWord::Merge if is_org => {
            r.not_applicable(&[C_FROM, C_CHILDREN, C_RECORDS], word);
            let into = r.org(C_TO);
            let into = r.required(C_TO, into);
            let subordinates = r.nodes(C_ORGS, Reader::find_org);
            let members = r.members(C_MEMBERS).unwrap_or_default();
            Some(EventKind::MergeOrg {
                into: into?,
                subordinates,
                members,
            })
        }
        ChangeWord::Merge => {
            r.not_applicable(&[C_FROM], word);
            let into = r.unit(C_TO);
            let into = r.required(C_TO, into);
            let children = r.nodes(C_CHILDREN, Reader::find_unit);
            let records = r.nodes(C_RECORDS, Reader::find_record);
            let orgs = r.nodes(C_ORGS, Reader::find_org);
            let members = r.members(C_MEMBERS).unwrap_or_default();
            Some(EventKind::Merge {
                into: into?,
                children,
                records,
                orgs,
                members,
            })
        }
        ChangeWord::Split => {
            r.not_applicable(&[C_FROM, C_RECORDS, C_ORGS], word);
            let new = r.unit(C_TO);
            let new = r.required(C_TO, new);
            let children = r.nodes(C_CHILDREN, Reader::find_unit);
            let members = r.members(C_MEMBERS).unwrap_or_default();
            Some(EventKind::Split {
                new: new?,
                children,
                members,
            })
        }
        ChangeWord::Members => {
            r.not_applicable(&lists, word);
            let from = r.members(C_FROM);
            let from = r.required(C_FROM, from);
            let to = r.members(C_TO);
            let to = r.required(C_TO, to);
            Some(EventKind::Members {
                from: from?,
                to: to?,
            })
        }
    };
    if r.bad {
        return None;
    }
    Some(ChangeEvent {
        date: date?,
        subject: subject?,
        kind: kind?,
    })
}

/// Rows of the changes table as read, each with where it was.
pub(crate) type ChangeRows = Vec<(Position, ChangeEvent)>;

/// Reads `changes.csv` (any encoding the other tables take) of the hierarchy `h` loaded
/// from the other tables, every problem located.
pub(crate) fn read_csv(path: &Path, h: &Hierarchy) -> Result<ChangeRows, LoadError> {
    let mut problems = Problems::default();
    let rows = read_rows(super::table::open_text(path, true)?, path, h, &mut problems);
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems.into_error())
    }
}

fn read_rows<R: Read>(
    reader: R,
    file: &Path,
    h: &Hierarchy,
    problems: &mut Problems,
) -> ChangeRows {
    let mut rdr = csv_reader(reader);
    let mut rows = Vec::new();
    let header = match rdr.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(file, Position::File, csv_problem(&e));
            return rows;
        }
    };
    let before = problems.total;
    let map = header_map(
        header.iter().map(Some),
        &CHANGE_SCHEMA,
        &CHANGE_REQUIRED,
        |column, kind| {
            problems.push(file, Position::Line { line: 1, column }, kind);
        },
    );
    if problems.total > before {
        return rows;
    }
    let mut rec = ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let line = record_line(&rdr, &rec);
                let cells = RecordCells::new(&rec, &map);
                let at = || Position::Line { line, column: None };
                let mut report = problems.at(file, &at);
                if let Some(e) = parse_change(&cells, h, IdText::Keys, &mut report) {
                    rows.push((at(), e));
                }
            }
            Err(e) => {
                let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                let pos = error_position(&rdr, &e, &rec);
                problems.push(file, pos, csv_problem(&e));
                if fatal {
                    break;
                }
            }
        }
    }
    rows
}

/// Gives the loaded hierarchy the log its rows hold, checked against the other tables;
/// the change at fault is a problem located at its row.
pub(crate) fn install(h: &mut Hierarchy, file: &Path, rows: ChangeRows) -> Result<(), LoadError> {
    let (positions, log): (Vec<Position>, Vec<ChangeEvent>) = rows.into_iter().unzip();
    h.install_changes(log).map_err(|(index, e)| {
        let mut problems = Problems::default();
        let at = positions.get(index).cloned().unwrap_or(Position::File);
        problems.push(file, at, ProblemKind::Refused(e));
        problems.into_error()
    })
}

/// Loads `changes.csv` into a hierarchy loaded from the other tables of its folder.
pub(crate) fn load_csv_into(h: &mut Hierarchy, path: &Path) -> Result<(), LoadError> {
    let rows = read_csv(path, h)?;
    install(h, path, rows)
}

/// Writes the changes table as CSV, with the header chosen (as the other tables).
pub(crate) fn write_csv<W: Write>(
    w: &mut BufWriter<W>,
    h: &Hierarchy,
    header: Header,
) -> std::io::Result<()> {
    let mut w = super::table::csv_table_writer(w, &CHANGE_SCHEMA, header)?;
    for e in h.changes() {
        let cells = change_cells(h, e, IdText::Keys);
        w.write_record(cells.iter().map(|c| c.as_deref().unwrap_or("")))?;
    }
    w.flush()
}

/// Cells given as texts (a JSON row's fields, a workbook's row).
pub(crate) struct TextCells(pub(crate) [Option<String>; 10]);

impl Cells for TextCells {
    fn cell(&self, col: usize) -> Result<Option<&str>, ()> {
        Ok(self.0[col].as_deref().filter(|s| !s.is_empty()))
    }

    fn raw(&self, col: usize) -> Option<&[u8]> {
        self.0[col]
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(str::as_bytes)
    }
}

/// A row of a JSON snapshot's `changes`: the columns of `changes.csv`, ids as numbers,
/// the lists as arrays of ids, `from` and `to` as text (names, codes, ids, members).
#[derive(serde::Serialize, serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChangeDto {
    date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    org: Option<u32>,
    change: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    children: Vec<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    records: Vec<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    orgs: Vec<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    members: Option<String>,
}

impl ChangeDto {
    /// The row of a change.
    pub(crate) fn of(h: &Hierarchy, e: &ChangeEvent) -> Self {
        let [date, unit, org, change, from, to, _, _, _, members] =
            change_cells(h, e, IdText::Numbers);
        let (children, records, orgs) = match &e.kind {
            EventKind::Merge {
                children,
                records,
                orgs,
                ..
            } => (
                children.iter().map(|u| u.0).collect(),
                records.iter().map(|r| r.0).collect(),
                orgs.iter().map(|o| o.0).collect(),
            ),
            EventKind::Split { children, .. } => (
                children.iter().map(|u| u.0).collect(),
                Vec::new(),
                Vec::new(),
            ),
            EventKind::MergeOrg { subordinates, .. } => (
                Vec::new(),
                Vec::new(),
                subordinates.iter().map(|o| o.0).collect(),
            ),
            _ => (Vec::new(), Vec::new(), Vec::new()),
        };
        ChangeDto {
            date: date.unwrap_or_default(),
            unit: unit.and_then(|u| u.parse().ok()),
            org: org.and_then(|o| o.parse().ok()),
            change: change.unwrap_or_default(),
            from,
            to,
            children,
            records,
            orgs,
            members,
        }
    }

    /// Its cells, as a CSV row gives them.
    pub(crate) fn cells(&self) -> TextCells {
        let list = |v: &[u32]| {
            (!v.is_empty()).then(|| v.iter().map(u32::to_string).collect::<Vec<_>>().join(";"))
        };
        TextCells([
            Some(self.date.clone()),
            self.unit.map(|u| u.to_string()),
            self.org.map(|o| o.to_string()),
            Some(self.change.clone()),
            self.from.clone(),
            self.to.clone(),
            list(&self.children),
            list(&self.records),
            list(&self.orgs),
            self.members.clone(),
        ])
    }
}
