//! Reading CSV tables: text in either encoding, exact line numbers, headers mapped to
//! columns (by English name or Chinese header), problems located.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use csv::ByteRecord;

use super::row::Column;
use super::text::Text;
use super::{Assembly, Cells, LoadError, Position, ProblemKind, open_regular};

/// Opens a table's file as UTF-8 text, with its UTF-8 byte-order mark, if any, skipped:
/// taken as UTF-8, or with its encoding detected (`detect`: a GB18030 file decoded, see
/// [`text`](super::text)).
pub(crate) fn open_text(path: &Path, detect: bool) -> Result<BufReader<Text<File>>, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let file = open_regular(path)?;
    let text = if detect {
        super::text::detect(file).map_err(io)?
    } else {
        Text::Utf8(file)
    };
    let mut r = BufReader::with_capacity(1 << 16, text);
    skip_bom(&mut r).map_err(io)?;
    Ok(r)
}

/// Skips a UTF-8 byte-order mark at the start of a buffered reader.
pub(crate) fn skip_bom<R: BufRead>(r: &mut R) -> std::io::Result<()> {
    let buf = r.fill_buf()?;
    if buf.starts_with(b"\xEF\xBB\xBF") {
        r.consume(3);
    }
    Ok(())
}

pub(crate) fn csv_reader<R: Read>(r: R) -> csv::Reader<LineEnds<R>> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .buffer_capacity(1 << 16)
        .from_reader(LineEnds::new(r))
}

/// A reader that counts the line ends it passes on, so that a record's line can be told
/// exactly. A line ends at `\n`, at `\r\n` and at a `\r` alone (old Mac files); a line
/// end is counted at its first byte.
///
/// The csv crate gives a record the position where its reading began, which lies before
/// any blank lines (and, with CRLF line ends, on the `\n` ending the previous line:
/// BurntSushi/rust-csv#395), and counts only `\n`. The line of a record is therefore
/// told from its end instead: the line ends before the end, less those inside the
/// record's cells and its terminator ([`record_line`]).
///
/// Only the offsets of the line ends in the last chunk read are kept: the csv reader
/// refills its buffer only when it is empty, so every earlier byte has been consumed and
/// no record can end there any more. Memory stays at one chunk's line ends (at most 64 Ki
/// offsets) whatever the number of blank lines or the length of a cell.
pub(crate) struct LineEnds<R> {
    inner: R,
    /// Bytes passed on so far.
    passed: u64,
    /// Line ends before the first byte of the last chunk.
    before: u64,
    /// Offsets of the line ends in the last chunk, ascending.
    chunk: Vec<u64>,
    /// Whether the last byte passed on is a `\r` (so that a `\n` next is not a line end
    /// of its own).
    after_cr: bool,
    /// Whether the inner reader reached its end.
    eof: bool,
}

impl<R> LineEnds<R> {
    fn new(inner: R) -> Self {
        LineEnds {
            inner,
            passed: 0,
            before: 0,
            chunk: Vec::new(),
            after_cr: false,
            eof: false,
        }
    }

    /// The line ends before byte `at`, which must not lie before the last chunk.
    fn ends_before(&self, at: u64) -> u64 {
        self.before + self.chunk.partition_point(|&o| o < at) as u64
    }

    /// The 1-based line of byte `at` (at or after the csv reader's consumed position).
    pub(crate) fn line_at(&self, at: u64) -> u64 {
        1 + self.ends_before(at)
    }
}

/// The line ends inside a cell's bytes, counted as [`LineEnds`] counts them.
fn cell_line_ends(cell: &[u8]) -> u64 {
    let mut n = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', cell) {
        if cell[i] == b'\r' || i == 0 || cell[i - 1] != b'\r' {
            n += 1;
        }
    }
    n
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 {
            self.eof = !buf.is_empty();
            return Ok(0);
        }
        // The csv reader asks for more only when it has consumed everything passed on.
        self.before += self.chunk.len() as u64;
        self.chunk.clear();
        let bytes = &buf[..n];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let after_cr = if i == 0 {
                self.after_cr
            } else {
                bytes[i - 1] == b'\r'
            };
            if bytes[i] == b'\r' || !after_cr {
                self.chunk.push(self.passed + i as u64);
            }
        }
        self.after_cr = bytes[n - 1] == b'\r';
        self.passed += n as u64;
        Ok(n)
    }
}

/// The 1-based line where the record just read by `rdr` begins (also for a record refused
/// for its number of fields, which is read whole): the line at its end, less the line ends
/// in its cells and the one ending it (none for a last record that ends with the file).
pub(crate) fn record_line<R: Read>(rdr: &csv::Reader<LineEnds<R>>, rec: &ByteRecord) -> u64 {
    RecordEnd::of(rdr).line(rec)
}

/// Where the record just read ends, told while the reader still knows (its line ends move
/// on with the next record), so that the line where it begins can be told later, from
/// the record alone ([`line`](Self::line)).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RecordEnd {
    /// The 1-based line of the record's last byte read.
    line: u64,
    /// Whether a line end ends the record (not so for a last record that ends the file).
    terminated: bool,
}

impl RecordEnd {
    /// The end of the record `rdr` read last.
    pub(crate) fn of<R: Read>(rdr: &csv::Reader<LineEnds<R>>) -> RecordEnd {
        let end = rdr.position().byte();
        let ends = rdr.get_ref();
        RecordEnd {
            line: ends.line_at(end),
            terminated: !(ends.eof && end == ends.passed),
        }
    }

    /// The 1-based line where `rec`, which ends here, begins.
    pub(crate) fn line(self, rec: &ByteRecord) -> u64 {
        // Most records hold no line end in any cell: one scan of their bytes tells.
        let in_cells = if memchr::memchr2(b'\n', b'\r', rec.as_slice()).is_none() {
            0
        } else {
            rec.iter().map(cell_line_ends).sum::<u64>()
        };
        let inside = in_cells + u64::from(self.terminated);
        self.line.saturating_sub(inside).max(1)
    }
}

/// Where a csv error lies: the line of a record with the wrong number of fields, the file
/// as a whole for a read error.
pub(crate) fn error_position<R: Read>(
    rdr: &csv::Reader<LineEnds<R>>,
    e: &csv::Error,
    rec: &ByteRecord,
) -> Position {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { .. } => Position::Line {
            line: record_line(rdr, rec),
            column: None,
        },
        _ => Position::File,
    }
}

/// Maps a header to column indexes: `map[col]` is the field index of `columns[col]`, found
/// by its English name or one of its Chinese headers (a header may mix both); a field
/// given as `None` is passed over. Reports
/// unknown, duplicate (also a column given once by each of two names) and missing required
/// columns, each with the column as the header writes it.
pub(crate) fn header_map<'h>(
    header: impl IntoIterator<Item = Option<&'h [u8]>>,
    columns: &[Column],
    required: &[usize],
    mut report: impl FnMut(Option<String>, ProblemKind),
) -> Vec<Option<usize>> {
    let mut map = vec![None; columns.len()];
    // `None`: a field to pass over (a spreadsheet's column with neither header nor data).
    let named = header
        .into_iter()
        .enumerate()
        .filter_map(|(i, h)| Some((i, h?)));
    for (i, raw) in named {
        let Ok(name) = std::str::from_utf8(raw) else {
            report(None, ProblemKind::InvalidUtf8);
            continue;
        };
        let name = name.trim();
        match columns.iter().position(|c| c.is_named(name.as_bytes())) {
            Some(c) if map[c].is_some() => report(
                Some(name.to_owned()),
                ProblemKind::DuplicateColumn {
                    column: if name == columns[c].name {
                        name.to_owned()
                    } else {
                        format!("{name} ({})", columns[c].name)
                    },
                },
            ),
            Some(c) => map[c] = Some(i),
            None => report(
                Some(name.to_owned()),
                ProblemKind::UnknownColumn {
                    column: name.to_owned(),
                },
            ),
        }
    }
    for &c in required {
        if map[c].is_none() {
            report(
                None,
                ProblemKind::MissingColumn {
                    column: columns[c].name.to_owned(),
                },
            );
        }
    }
    map
}

pub(crate) fn csv_problem(e: &csv::Error) -> ProblemKind {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => ProblemKind::InvalidUtf8,
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => ProblemKind::MalformedCsv {
            message: format!("{len} fields where the header has {expected_len}"),
        },
        _ => ProblemKind::MalformedCsv {
            message: e.to_string(),
        },
    }
}

/// A CSV record seen through a header map: a column's cell is the record's field the map
/// names, found in *O(1)* (the record keeps its fields' bounds); only the cells asked for
/// as text are checked as UTF-8.
pub(crate) struct RecordCells<'a> {
    rec: &'a ByteRecord,
    /// Each schema column's field in the record (the header map).
    map: &'a [Option<usize>],
}

impl<'a> RecordCells<'a> {
    /// The record's cells through `map` (each column's field index).
    pub(crate) fn new(rec: &'a ByteRecord, map: &'a [Option<usize>]) -> Self {
        RecordCells { rec, map }
    }

    /// A column's cell's bytes; `None` when the column is absent or the cell empty.
    fn bytes(&self, col: usize) -> Option<&'a [u8]> {
        let field = (*self.map.get(col)?)?;
        self.rec.get(field).filter(|b| !b.is_empty())
    }
}

impl Cells for RecordCells<'_> {
    fn cell(&self, col: usize) -> Result<Option<&str>, ()> {
        // Each cell is checked by itself: a cell that does not start and end on a
        // character's boundary is not UTF-8, whatever its neighbours make of it.
        match self.bytes(col) {
            None => Ok(None),
            Some(b) => std::str::from_utf8(b).map(Some).map_err(|_| ()),
        }
    }

    fn present(&self, col: usize) -> bool {
        self.bytes(col).is_some()
    }

    fn is_utf8(&self) -> bool {
        std::str::from_utf8(self.rec.as_slice()).is_ok()
    }

    fn raw(&self, col: usize) -> Option<&[u8]> {
        self.bytes(col)
    }
}

/// Hands each good record of `rdr` to `row` as cells through `map`, with its position
/// (told only when asked: the reader's line ends stay as they are until the next
/// record); a malformed record is reported, and a reading error ends the table.
pub(crate) fn for_each_record<R: Read>(
    rdr: &mut csv::Reader<LineEnds<R>>,
    file: &Path,
    map: &[Option<usize>],
    asm: &mut Assembly,
    mut row: impl FnMut(&mut Assembly, &RecordCells<'_>, &dyn Fn() -> Position),
) {
    let mut rec = ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let cells = RecordCells::new(&rec, map);
                let rdr = &*rdr;
                let at = || Position::Line {
                    line: record_line(rdr, &rec),
                    column: None,
                };
                row(asm, &cells, &at);
            }
            Err(e) => {
                let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                let pos = error_position(rdr, &e, &rec);
                asm.problems.push(file, pos, csv_problem(&e));
                if fatal {
                    break;
                }
            }
        }
    }
}
