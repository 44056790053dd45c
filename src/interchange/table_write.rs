//! The writers of the tables: a folder, or the units table alone.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::Table;
use crate::hierarchy::{Hierarchy, UnitRef};
use crate::interchange::row::header_names;
use crate::interchange::{Header, SaveError, save_files};

/// Writes one table as CSV, with the header chosen; a Chinese header is preceded by a
/// UTF-8 byte-order mark, by which spreadsheet software set to Chinese tells UTF-8 from
/// GB18030.
fn write_table(
    w: &mut BufWriter<File>,
    h: &Hierarchy,
    table: Table,
    header: Header,
) -> std::io::Result<()> {
    let mut w = csv_table_writer(w, table.schema(), header)?;
    table.write_rows(h, |row| {
        w.write_record(row.iter().map(|c| c.as_deref().unwrap_or("")))
    })?;
    w.flush()
}

/// A CSV writer of a table whose header (of `columns`, in the language chosen) is
/// written; a Chinese header is preceded by a UTF-8 byte-order mark, by which spreadsheet
/// software set to Chinese tells UTF-8 from GB18030.
pub(crate) fn csv_table_writer<W: Write>(
    mut w: W,
    columns: &[crate::interchange::row::Column],
    header: Header,
) -> std::io::Result<csv::Writer<W>> {
    if header == Header::Chinese {
        w.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    w.write_record(header_names(columns, header))?;
    Ok(w)
}

/// The units in the order files list them: each tree of the forest in pre-order (roots
/// by id, every parent before its children, children in their order, so that a load
/// restores that order).
pub(crate) fn units_in_file_order(h: &Hierarchy) -> impl Iterator<Item = UnitRef<'_>> + '_ {
    h.roots()
        .flat_map(move |root| h.subtree(root.id()).into_iter().flatten())
        .map(|v| v.unit)
}

/// Writes the units table alone (used by [`save_path`](crate::interchange::save_path) for a `.csv`
/// path), through a temporary file beside it renamed into place once written, so a save
/// that fails leaves the old file whole.
///
/// # Errors
///
/// [`SaveError::Io`] when the file cannot be written (its folder missing, say).
///
/// ```
/// use partyorg::interchange::table;
/// use partyorg::{Hierarchy, Unit, UnitKind};
/// let mut h = Hierarchy::new();
/// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
/// h.add_unit(Some(d), Unit::new(UnitKind::Town, "人和镇"))?;
/// let path = std::env::temp_dir().join(format!("partyorg-units-file-{}.csv", std::process::id()));
/// table::save_units_file(&h, &path)?;
/// assert!(std::fs::read_to_string(&path)?.starts_with("id,parent,kind,"));
/// assert_eq!(table::load_units_file(&path)?, h);
/// std::fs::remove_file(&path)?;
/// assert!(table::save_units_file(&h, path.join("no-such-folder/units.csv")).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn save_units_file(h: &Hierarchy, path: impl AsRef<Path>) -> Result<(), SaveError> {
    let path = path.as_ref();
    save_units_file_with(h, path, Header::English)
}

/// [`save_units_file`] with the header chosen.
pub(crate) fn save_units_file_with(
    h: &Hierarchy,
    path: &Path,
    header: Header,
) -> Result<(), SaveError> {
    save_files(&[path], |_, w| write_table(w, h, Table::Units, header))
}

/// Writes the tables into a folder (created if needed), rows in the order of the
/// module's documentation, which keeps every unit's children order. The tables are
/// written to temporary files beside them first and renamed into place only when all
/// were written, so a save that fails leaves the old tables whole.
///
/// # Errors
///
/// [`SaveError::Io`] when the folder cannot be created or a table cannot be written.
///
/// ```
/// use chrono::NaiveDate;
/// use partyorg::interchange::table::{self, RECORDS_FILE, UNITS_FILE};
/// use partyorg::{Hierarchy, Record, RecordKind, Unit, UnitKind};
/// let mut h = Hierarchy::new();
/// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
/// let day = NaiveDate::from_ymd_opt(2023, 4, 1).unwrap();
/// h.add_record(Record::new(d, day, RecordKind::Training { person_times: 80 }))?;
/// let dir = std::env::temp_dir().join(format!("partyorg-save-dir-{}", std::process::id()));
/// table::save_dir(&h, &dir)?;
/// assert!(dir.join(UNITS_FILE).is_file() && dir.join(RECORDS_FILE).is_file());
/// assert_eq!(table::load_dir(&dir)?, h);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn save_dir(h: &Hierarchy, dir: impl AsRef<Path>) -> Result<(), SaveError> {
    let dir = dir.as_ref();
    save_dir_with(h, dir, Header::English)
}

/// [`save_dir`] with the header chosen.
pub(crate) fn save_dir_with(h: &Hierarchy, dir: &Path, header: Header) -> Result<(), SaveError> {
    std::fs::create_dir_all(dir).map_err(|source| SaveError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let mut targets = Table::ALL.map(|t| dir.join(t.file())).to_vec();
    targets.push(dir.join(crate::interchange::CHANGES_FILE));
    let targets: Vec<&Path> = targets.iter().map(PathBuf::as_path).collect();
    save_files(&targets, |i, w| match Table::ALL.get(i) {
        Some(&table) => write_table(w, h, table, header),
        None => crate::interchange::changes::write_csv(w, h, header),
    })
}
