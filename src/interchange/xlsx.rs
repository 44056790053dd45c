//! `.xlsx` workbooks (feature `xlsx`): the CSV tables of a folder as sheets of one
//! workbook, read with calamine and written with rust_xlsxwriter.
//!
//! One sheet per table, named in English (in any case) or Chinese: `units` (单位,
//! required), `orgs` (党组织), `relations` (关系), `records` (记录), `changes` (变更: the
//! change log). A sheet of another name, or two sheets of one table, is an error: nothing in a workbook is skipped. Each sheet's first row is
//! its header, with the columns of the CSV table (English or Chinese, see
//! [`table`](super::table)); its rows are read by the same code as CSV rows, so every
//! column and rule is the same. Problems are located by sheet, row (as the spreadsheet
//! numbers it) and column ([`Position::Sheet`]).
//!
//! A spreadsheet's typed cells are read the way a person means them:
//!
//! - text is trimmed of spaces at either end (also the full-width 　), and a cell of
//!   spaces is empty; a row of empty cells is skipped, as a blank line of a CSV file;
//! - a whole number stored as a float (`3.0`) reads as `3`, `true`/`false` cells as
//!   `true`/`false`;
//! - a date cell (or a date's serial number in a date column) reads as `yyyy-mm-dd`;
//! - a number in a code column (`code`, 区划代码, 党组织代码), or a number too large for
//!   any id or count (4.40111013e11 in `id` or `parent`), is refused
//!   ([`ProblemKind::NumberForCode`]): the spreadsheet may have dropped its leading zeros
//!   or its digits past the 15th, so it is never taken as a code.
//!
//! A workbook is written with every cell as text, so that a code keeps every digit and
//! the workbook reads back identically. The whole workbook is held in memory while it is
//! read or written (spreadsheets hold at most 1,048,576 rows a sheet).

use std::io::{BufReader, Write};
use std::path::Path;

use calamine::{Data, ExcelDateTime, ExcelDateTimeType, Range, Reader, Xlsx};
use hashbrown::{HashMap, HashSet};

use super::assembly::read_keyed;
use super::changes::{
    CHANGE_REQUIRED, CHANGE_SCHEMA, CHANGES_SHEETS, change_cells, install, parse_change,
};
use super::file_keys::{FileKeys, IdText, Resolved, Space};
use super::row::{CellKind, Column, header_names};
use super::table::{Table, header_map};
use super::units::U_ID;
use super::{
    Assembly, Cells, Header, LoadError, Position, ProblemKind, SaveError, open_regular, save_files,
};
use crate::hierarchy::Hierarchy;
use crate::unit::UnitId;

/// A row of a sheet as text, seen through the header map.
struct SheetCells<'a> {
    texts: &'a [Option<String>],
    /// Which fields were refused (their problems reported).
    refused: &'a [bool],
    map: &'a [Option<usize>],
}

impl Cells for SheetCells<'_> {
    fn cell(&self, col: usize) -> Result<Option<&str>, ()> {
        Ok(self.map[col]
            .and_then(|i| self.texts.get(i))
            .and_then(Option::as_deref))
    }

    fn raw(&self, col: usize) -> Option<&[u8]> {
        self.cell(col).ok().flatten().map(str::as_bytes)
    }

    fn refused(&self, col: usize) -> bool {
        self.map[col].is_some_and(|i| self.refused.get(i).copied().unwrap_or(false))
    }
}

/// A date's text, or a date and time's when it is not midnight (which no date column
/// takes, so it is reported with its time).
fn date_text(dt: chrono::NaiveDateTime) -> String {
    if dt.time() == chrono::NaiveTime::MIN {
        dt.format("%Y-%m-%d").to_string()
    } else {
        dt.format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

/// The text a person means by a cell of a column of `kind` (see the module doc); `None`
/// for an empty cell.
///
/// # Errors
///
/// [`ProblemKind::NumberForCode`] for a number where a code (or an id) belongs.
fn cell_text(cell: &Data, kind: CellKind) -> Result<Option<String>, ProblemKind> {
    let number = |f: f64| -> Result<Option<String>, ProblemKind> {
        // Serial numbers of the days Excel has: 1900-01-01 to 9999-12-31.
        if kind == CellKind::Date && (1.0..2_958_466.0).contains(&f) {
            let dt = ExcelDateTime::new(f, ExcelDateTimeType::DateTime, false).as_datetime();
            return Ok(Some(dt.map_or_else(|| f.to_string(), date_text)));
        }
        let whole = f.fract() == 0.0 && f.abs() <= f64::from(u32::MAX);
        if kind == CellKind::Code || (f.fract() == 0.0 && !whole) {
            return Err(ProblemKind::NumberForCode {
                number: f.to_string(),
            });
        }
        Ok(Some(if whole {
            format!("{}", f as i64)
        } else {
            f.to_string()
        }))
    };
    match cell {
        Data::Empty => Ok(None),
        // A key is kept as written, spaces around it included.
        Data::String(s) if kind == CellKind::Key => Ok((!s.trim().is_empty()).then(|| s.clone())),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            let t = s.trim();
            Ok((!t.is_empty()).then(|| t.to_owned()))
        }
        Data::Float(f) => number(*f),
        // Above 2^53 a float is no longer exact; such an integer is no id or count anyway.
        Data::Int(i) => number(*i as f64),
        Data::Bool(b) => Ok(Some(b.to_string())),
        Data::DateTime(dt) => Ok(Some(
            dt.as_datetime()
                .map_or_else(|| dt.as_f64().to_string(), date_text),
        )),
        Data::Error(e) => Ok(Some(e.to_string())),
    }
}

/// Whether a row has no cell a person would call filled.
fn is_blank(row: &[Data]) -> bool {
    row.iter().all(|c| match c {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    })
}

/// A sheet's position, at a row when given.
fn at(sheet: &str, row: Option<u64>) -> Position {
    Position::Sheet {
        sheet: sheet.to_owned(),
        row,
        column: None,
    }
}

/// Reads one sheet into the assembly: its header, then its rows through the table's
/// rows, every problem located at the sheet's row and column.
fn read_sheet(asm: &mut Assembly, file: &Path, sheet: &str, range: &Range<Data>, table: Table) {
    let columns = Columns {
        schema: table.schema(),
        required: table.required(),
        needed: table == Table::Units,
    };
    read_rows(asm, file, sheet, range, columns, &mut |asm, cells, at| {
        table.take_row(asm, file, cells, at);
    });
}

/// The columns of a sheet's table: all of them, the required ones, and whether an empty
/// sheet still needs them (the units sheet).
struct Columns {
    schema: &'static [Column],
    required: &'static [usize],
    needed: bool,
}

/// A handler of one row of a sheet: its cells and its position.
type TakeRow<'a> = dyn FnMut(&mut Assembly, &SheetCells<'_>, &dyn Fn() -> Position) + 'a;

/// Reads one sheet: its header through `columns`, then each row through `take`, every
/// problem located at the sheet's row and column.
fn read_rows(
    asm: &mut Assembly,
    file: &Path,
    sheet: &str,
    range: &Range<Data>,
    columns: Columns,
    take: &mut TakeRow<'_>,
) {
    let Columns {
        schema,
        required,
        needed,
    } = columns;
    let Some((top, _)) = range.start() else {
        // An empty sheet: a table with no rows, but the units table needs its columns.
        if needed {
            header_map(std::iter::empty(), schema, required, |_, kind| {
                asm.problems.push(file, at(sheet, Some(1)), kind)
            });
        }
        return;
    };
    let mut rows = range.rows();
    let header_row = u64::from(top) + 1;
    let header: Vec<String> = rows
        .next()
        .unwrap_or_default()
        .iter()
        .map(|c| {
            cell_text(c, CellKind::Value)
                .ok()
                .flatten()
                .unwrap_or_default()
        })
        .collect();
    // A column with neither a header nor a value (only formatting) is no column; one
    // with values but no header is an unknown column "".
    let used: Vec<bool> = (0..header.len())
        .map(|i| {
            !header[i].is_empty()
                || range
                    .rows()
                    .skip(1)
                    .any(|r| r.get(i).is_some_and(|c| !is_blank(std::slice::from_ref(c))))
        })
        .collect();
    let before = asm.problems.total;
    let map = header_map(
        header
            .iter()
            .zip(&used)
            .map(|(h, &used)| used.then_some(h.as_bytes())),
        schema,
        required,
        |column, kind| {
            let position = Position::Sheet {
                sheet: sheet.to_owned(),
                row: Some(header_row),
                column,
            };
            asm.problems.push(file, position, kind);
        },
    );
    if asm.problems.total > before {
        return;
    }
    // The column of each field, for its cells' kind and its problems.
    let mut column_of: Vec<Option<&Column>> = vec![None; header.len()];
    for (c, i) in map.iter().enumerate() {
        if let Some(i) = *i {
            column_of[i] = Some(&schema[c]);
        }
    }
    let mut texts: Vec<Option<String>> = Vec::with_capacity(header.len());
    let mut refused: Vec<bool> = Vec::with_capacity(header.len());
    for (n, cells) in rows.enumerate() {
        if is_blank(cells) {
            continue;
        }
        let row = header_row + 1 + n as u64;
        texts.clear();
        refused.clear();
        for (i, cell) in cells.iter().enumerate() {
            let column = column_of.get(i).copied().flatten();
            let kind = column.map_or(CellKind::Value, |c| c.cell);
            match cell_text(cell, kind) {
                Ok(t) => {
                    texts.push(t);
                    refused.push(false);
                }
                Err(problem) => {
                    let position = Position::Sheet {
                        sheet: sheet.to_owned(),
                        row: Some(row),
                        column: column.map(|c| c.name.to_owned()),
                    };
                    asm.problems.push(file, position, problem);
                    texts.push(None);
                    refused.push(true);
                }
            }
        }
        let cells = SheetCells {
            texts: &texts,
            refused: &refused,
            map: &map,
        };
        take(asm, &cells, &|| at(sheet, Some(row)));
    }
}

/// The rows of the units sheet holding the given ids, in sheet order.
fn locate_units(
    sheet: &str,
    range: &Range<Data>,
    wanted: &HashSet<UnitId>,
    keys: &FileKeys,
) -> HashMap<UnitId, Vec<Position>> {
    let mut found: HashMap<UnitId, Vec<Position>> = HashMap::new();
    let Some((top, _)) = range.start() else {
        return found;
    };
    let mut rows = range.rows();
    let id_column = Table::Units.schema()[U_ID];
    let Some(idc) = rows.next().and_then(|header| {
        header.iter().position(|c| {
            let text = cell_text(c, CellKind::Value)
                .ok()
                .flatten()
                .unwrap_or_default();
            id_column.is_named(text.as_bytes())
        })
    }) else {
        return found;
    };
    for (n, cells) in rows.enumerate() {
        let id = cells
            .get(idc)
            .and_then(|c| cell_text(c, CellKind::Value).ok().flatten())
            .and_then(|t| match keys.resolve(Space::Units, &t) {
                Resolved::Id(n) => Some(UnitId(n)),
                _ => None,
            });
        if let Some(id) = id
            && wanted.contains(&id)
        {
            let row = u64::from(top) + 2 + n as u64;
            found.entry(id).or_default().push(at(sheet, Some(row)));
        }
    }
    found
}

/// Loads a workbook (see the module doc).
///
/// # Errors
///
/// [`LoadError::Io`] if the file cannot be read; [`LoadError::Invalid`] when it is no
/// workbook, has an unknown sheet, two sheets of one table or no units sheet, or has bad
/// rows, every problem located.
pub(crate) fn load_file(path: &Path) -> Result<Hierarchy, LoadError> {
    let file = open_regular(path)?;
    let mut asm = Assembly::default();
    let bad_workbook = |e: calamine::XlsxError| {
        let mut asm = Assembly::default();
        asm.problems.push(
            path,
            Position::File,
            ProblemKind::BadWorkbook {
                message: e.to_string(),
            },
        );
        asm.problems.into_error()
    };
    let mut workbook: Xlsx<_> =
        Xlsx::new(BufReader::with_capacity(1 << 16, file)).map_err(bad_workbook)?;
    // Which sheet holds which table: every sheet must be one, each table at most once.
    let mut sheets: Vec<(Table, String)> = Vec::new();
    let mut changes_sheet: Option<String> = None;
    let mut expected: Vec<&'static str> = Table::ALL.iter().flat_map(|t| t.sheets()).collect();
    expected.extend(CHANGES_SHEETS);
    for name in workbook.sheet_names() {
        if CHANGES_SHEETS
            .iter()
            .any(|s| s.eq_ignore_ascii_case(name.trim()))
        {
            match &changes_sheet {
                Some(first) => asm.problems.push(
                    path,
                    at(&name, None),
                    ProblemKind::DuplicateSheet {
                        first: first.clone(),
                    },
                ),
                None => changes_sheet = Some(name),
            }
            continue;
        }
        let table = Table::ALL.into_iter().find(|t| {
            t.sheets()
                .iter()
                .any(|s| s.eq_ignore_ascii_case(name.trim()))
        });
        match table {
            None => asm.problems.push(
                path,
                at(&name, None),
                ProblemKind::UnknownSheet {
                    sheet: name.clone(),
                    expected: expected.clone(),
                },
            ),
            Some(t) => match sheets.iter().find(|(u, _)| *u == t) {
                Some((_, first)) => asm.problems.push(
                    path,
                    at(&name, None),
                    ProblemKind::DuplicateSheet {
                        first: first.clone(),
                    },
                ),
                None => sheets.push((t, name)),
            },
        }
    }
    if !sheets.iter().any(|(t, _)| *t == Table::Units) {
        let [sheet, chinese] = Table::Units.sheets();
        asm.problems.push(
            path,
            Position::File,
            ProblemKind::MissingSheet { sheet, chinese },
        );
    }
    if !asm.problems.is_empty() {
        return Err(asm.problems.into_error());
    }
    // Units first, then the tables that name them.
    sheets.sort_by_key(|(t, _)| Table::ALL.iter().position(|u| u == t));
    let mut ranges: Vec<(Table, String, Range<Data>)> = Vec::with_capacity(sheets.len());
    for (table, name) in sheets {
        let range = workbook.worksheet_range(&name).map_err(bad_workbook)?;
        ranges.push((table, name, range));
    }
    let changes_range = match &changes_sheet {
        Some(name) => Some((name, workbook.worksheet_range(name).map_err(bad_workbook)?)),
        None => None,
    };
    // A workbook has no encoding to detect: a second reading is only for keys.
    let asm = read_keyed(path, |asm, _| {
        for (table, name, range) in &ranges {
            if *table == Table::Units {
                asm.builder = crate::hierarchy::HierarchyBuilder::with_capacity(range.height());
                read_sheet(asm, path, name, range, *table);
                asm.units_done();
            } else {
                read_sheet(asm, path, name, range, *table);
            }
        }
        Ok(())
    })?;
    let units = ranges.iter().find(|(t, ..)| *t == Table::Units);
    let mut h = asm.finish(path, |wanted, keys| match units {
        Some((_, name, range)) => locate_units(name, range, wanted, keys),
        None => HashMap::new(),
    })?;
    // The changes name the hierarchy's nodes by key: read once it stands.
    let mut changes = Vec::new();
    if let Some((name, range)) = &changes_range {
        let mut casm = Assembly::default();
        let columns = Columns {
            schema: &CHANGE_SCHEMA,
            required: &CHANGE_REQUIRED,
            needed: false,
        };
        read_rows(
            &mut casm,
            path,
            name,
            range,
            columns,
            &mut |casm, cells, at| {
                let mut report = casm.problems.at(path, at);
                if let Some(e) = parse_change(cells, &h, IdText::Keys, &mut report) {
                    changes.push((at(), e));
                }
            },
        );
        if !casm.problems.is_empty() {
            return Err(casm.problems.into_error());
        }
    }
    install(&mut h, path, changes)?;
    Ok(h)
}

/// Writes a workbook of the four tables, the header and the sheets' names in the
/// language chosen (see the module doc), through a temporary file renamed into place.
///
/// # Errors
///
/// [`SaveError::Io`] when the workbook cannot be made (a sheet over the spreadsheet's
/// 1,048,576 rows) or written.
pub(crate) fn save_file(h: &Hierarchy, path: &Path, header: Header) -> Result<(), SaveError> {
    let io = |e: rust_xlsxwriter::XlsxError| SaveError::Io {
        path: path.to_owned(),
        source: std::io::Error::other(e),
    };
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for table in Table::ALL {
        let sheet = add_sheet(&mut workbook, table.sheets(), table.schema(), header).map_err(io)?;
        let mut r: u32 = 0;
        table
            .write_rows(h, |row| {
                r = r.saturating_add(1);
                for (c, cell) in row.iter().enumerate() {
                    if let Some(text) = cell {
                        sheet.write_string(r, c as u16, text)?;
                    }
                }
                Ok(())
            })
            .map_err(io)?;
    }
    let sheet = add_sheet(&mut workbook, CHANGES_SHEETS, &CHANGE_SCHEMA, header).map_err(io)?;
    for (r, e) in h.changes().iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in change_cells(h, e, IdText::Keys).iter().enumerate() {
            if let Some(text) = cell {
                sheet.write_string(r, c as u16, text).map_err(io)?;
            }
        }
    }
    let bytes = workbook.save_to_buffer().map_err(io)?;
    save_files(&[path], |_, w| w.write_all(&bytes))
}

/// Adds a sheet named in the language of `header` (`names`: English, then Chinese), its
/// first row the header of `columns`, frozen.
fn add_sheet<'w>(
    workbook: &'w mut rust_xlsxwriter::Workbook,
    [english, chinese]: [&str; 2],
    columns: &[Column],
    header: Header,
) -> Result<&'w mut rust_xlsxwriter::Worksheet, rust_xlsxwriter::XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(match header {
        Header::English => english,
        Header::Chinese => chinese,
    })?;
    for (c, name) in header_names(columns, header).into_iter().enumerate() {
        sheet.write_string(0, c as u16, name)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(cell: Data, kind: CellKind) -> Result<Option<String>, ProblemKind> {
        cell_text(&cell, kind)
    }

    #[test]
    fn typed_cells_read_as_a_person_means_them() {
        let some = |t: &str| Ok(Some(t.to_owned()));
        assert_eq!(text(Data::Float(3.0), CellKind::Value), some("3"));
        assert_eq!(text(Data::Float(3.5), CellKind::Value), some("3.5"));
        assert_eq!(text(Data::Float(-1.0), CellKind::Value), some("-1"));
        assert_eq!(text(Data::Int(7), CellKind::Value), some("7"));
        assert_eq!(text(Data::Bool(true), CellKind::Value), some("true"));
        assert_eq!(
            text(Data::String(" 均禾街道\u{3000}".into()), CellKind::Value),
            some("均禾街道")
        );
        assert_eq!(text(Data::String("  ".into()), CellKind::Value), Ok(None));
        assert_eq!(text(Data::Empty, CellKind::Code), Ok(None));
        assert_eq!(
            text(Data::String("440111013001".into()), CellKind::Code),
            some("440111013001")
        );
        assert_eq!(
            text(Data::Float(45000.0), CellKind::Date),
            some("2023-03-15")
        );
        // A time of day is no date, and serials outside Excel's days are no dates.
        assert_eq!(
            text(Data::Float(45000.5), CellKind::Date),
            some("2023-03-15 12:00:00")
        );
        assert_eq!(text(Data::Float(-3.0), CellKind::Date), some("-3"));
        let date = ExcelDateTime::new(45001.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            text(Data::DateTime(date), CellKind::Value),
            some("2023-03-16")
        );
        let refused = |f: f64| ProblemKind::NumberForCode {
            number: f.to_string(),
        };
        assert_eq!(
            text(Data::Float(440111013001.0), CellKind::Code),
            Err(refused(440111013001.0))
        );
        assert_eq!(text(Data::Int(1001), CellKind::Code), Err(refused(1001.0)));
        assert_eq!(
            text(Data::Float(4.40111013e11), CellKind::Value),
            Err(refused(4.40111013e11))
        );
        assert_eq!(
            text(Data::Float(4294967295.0), CellKind::Value),
            some("4294967295")
        );
    }
}
