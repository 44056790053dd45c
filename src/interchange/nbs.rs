//! The NBS division files (统计用区划代码) as published in this project's data folder:
//! `code,name,level,parent_code,urban_rural_code_2016,unit_type`, plain or gzip-compressed.
//!
//! - Each row becomes a unit whose kind comes from its code's ranges
//!   ([`UnitKind::from_code`]): a 001–099 township code is a street, other township codes
//!   towns, 001–199 and 400–499 village codes communities, the others villages. Names are
//!   kept as written.
//! - **Ids are assigned in file order: the first data row gets id 1, the next id 2, and so
//!   on.**
//! - A row's parent is the row whose code is its `parent_code`, wherever it is in the file;
//!   a parent outside the file (the top row of a city or district extract) makes the row a
//!   root.
//! - Required columns: `code`, `name`, `parent_code`. `level`, when present, must agree
//!   with the code's level. The NBS's own `urban_rural_code_2016` and `unit_type` are
//!   known and not kept: the kind is derived from the code. Any other column is refused
//!   ([`ProblemKind::UnknownColumn`]), so that a table keyed by division codes with
//!   columns of another format (`kind`, `party_form`, `full_members`) is never loaded as
//!   divisions with its other columns dropped.
//!
//! The reader streams: one reused [`csv::ByteRecord`], no per-row allocation beyond the
//! name, rows straight into the [`HierarchyBuilder`](crate::hierarchy::HierarchyBuilder).

use std::io::{BufReader, Read};
use std::path::Path;

use csv::ByteRecord;
use flate2::read::MultiGzDecoder;
use hashbrown::{HashMap, HashSet};

use super::row::{Column, code_col, col};
use super::table::{csv_problem, csv_reader, error_position, header_map, record_line, skip_bom};
use super::units::UNIT_SCHEMA;
use super::{Assembly, Expected, LoadError, Position, ProblemKind};
use crate::code::DivisionCode;
use crate::hierarchy::Hierarchy;
use crate::unit::{Unit, UnitId, UnitKind};

const NBS_COLUMNS: [Column; 6] = [
    code_col("code", &[]),
    col("name", &[]),
    col("level", &[]),
    code_col("parent_code", &[]),
    col("urban_rural_code_2016", &[]),
    col("unit_type", &[]),
];
const N_CODE: usize = 0;
const N_NAME: usize = 1;
const N_LEVEL: usize = 2;
const N_PARENT: usize = 3;
const N_PARENT_COLUMN: &str = "parent_code";

/// Whether a plain `.csv` file is an NBS file: its header starts with `code,name`, and has
/// `parent_code`.
///
/// # Errors
///
/// [`LoadError::Io`] if the file cannot be read.
///
/// ```
/// use partyorg::interchange::nbs::is_nbs_file;
/// assert!(is_nbs_file("tests/fixtures/baiyun-divisions.csv")?);
/// assert!(!is_nbs_file("tests/fixtures/units-cycle.csv")?); // a units table
/// assert!(is_nbs_file("tests/fixtures/no-such-file.csv").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn is_nbs_file(path: impl AsRef<Path>) -> Result<bool, LoadError> {
    let path = path.as_ref();
    Ok(header_of(path)?.is_some_and(|fields| is_nbs_header(&fields)))
}

/// The header of a `.csv` file, trimmed, as the csv reader sees it whatever the line ends
/// and the encoding; `None` when its first record does not read (the loader reports it).
fn header_of(path: &Path) -> Result<Option<Vec<String>>, LoadError> {
    let head = super::text::head(super::open_regular(path)?).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut rdr = csv_reader(head.trim_start_matches('\u{FEFF}').as_bytes());
    let Ok(header) = rdr.byte_headers() else {
        return Ok(None);
    };
    Ok(Some(
        header
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_owned())
            .collect(),
    ))
}

fn is_nbs_header(fields: &[String]) -> bool {
    fields.len() >= 3
        && fields[0] == "code"
        && fields[1] == "name"
        && fields.iter().any(|f| f == "parent_code")
}

/// What a `.csv` file's header says it is.
pub(crate) enum HeaderFormat {
    /// An NBS division file.
    Nbs,
    /// A units table.
    Units,
    /// Both or neither: the columns only an NBS file has, and those only a units table
    /// has (both empty when no column is either's).
    Unclear {
        nbs: Vec<String>,
        units: Vec<String>,
    },
}

/// What a `.csv` file's header says it is: an NBS file when it starts with `code,name`
/// and has `parent_code`, a units table otherwise; unclear when it has columns that only
/// an NBS file has together with columns that only a units table has, or no column of
/// either.
///
/// # Errors
///
/// [`LoadError::Io`] if the file cannot be read.
pub(crate) fn header_format(path: &Path) -> Result<HeaderFormat, LoadError> {
    let Some(fields) = header_of(path)? else {
        return Ok(HeaderFormat::Units);
    };
    let is_unit_column = |f: &str| UNIT_SCHEMA.iter().any(|c| c.is_named(f.as_bytes()));
    let is_nbs_column = |f: &str| NBS_COLUMNS.iter().any(|c| c.is_named(f.as_bytes()));
    let only = |this: &dyn Fn(&str) -> bool, other: &dyn Fn(&str) -> bool| -> Vec<String> {
        fields
            .iter()
            .filter(|f| this(f) && !other(f))
            .cloned()
            .collect()
    };
    let nbs = only(&is_nbs_column, &is_unit_column);
    let units = only(&is_unit_column, &is_nbs_column);
    let known = fields.iter().any(|f| is_unit_column(f) || is_nbs_column(f));
    Ok(
        if (!nbs.is_empty() && !units.is_empty()) || (!known && !fields.is_empty()) {
            HeaderFormat::Unclear { nbs, units }
        } else if is_nbs_header(&fields) {
            HeaderFormat::Nbs
        } else {
            HeaderFormat::Units
        },
    )
}

/// Loads an NBS file; a name ending in `.gz` is read through gzip.
///
/// # Errors
///
/// [`LoadError::Io`] if it cannot be read; [`LoadError::Invalid`] listing bad codes,
/// names that are not UTF-8, levels that disagree with codes, duplicate codes and cycles,
/// with their lines.
///
/// # Example
///
/// ```
/// use partyorg::UnitKind;
/// let h = partyorg::interchange::nbs::load_file("tests/fixtures/baiyun-divisions.csv")?;
/// let towns = h.units().filter(|u| u.kind() == UnitKind::Town).count();
/// assert_eq!(towns, 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_file(path: impl AsRef<Path>) -> Result<Hierarchy, LoadError> {
    let path = path.as_ref();
    let file = super::open_regular(path)?;
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    if gz {
        load_reader(
            MultiGzDecoder::new(BufReader::with_capacity(1 << 16, file)),
            path,
        )
    } else {
        let text = super::text::detect(file).map_err(|source| LoadError::Io {
            path: path.to_owned(),
            source,
        })?;
        load_reader(text, path)
    }
}

/// Loads an NBS table from any reader (already decompressed); `file` names it in
/// problems.
///
/// # Errors
///
/// As [`load_file`].
///
/// ```
/// use partyorg::UnitKind;
/// use partyorg::interchange::nbs;
/// let text = "code,name,level,parent_code\n\
///     440111000000,白云区,county,440100000000\n\
///     440111013000,均禾街道,town,440111000000\n";
/// let h = nbs::load_reader(text.as_bytes(), "divisions.csv")?;
/// let junhe = h.by_code("440111013000".parse()?).unwrap();
/// assert_eq!((junhe.kind(), junhe.parent().map(|p| p.name())), (UnitKind::Street, Some("白云区")));
/// let bad = text.replace("440111013000", "44011101300x");
/// assert!(nbs::load_reader(bad.as_bytes(), "divisions.csv").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_reader<R: Read>(reader: R, file: impl AsRef<Path>) -> Result<Hierarchy, LoadError> {
    let file = file.as_ref();
    let mut r = BufReader::with_capacity(1 << 16, reader);
    skip_bom(&mut r).map_err(|source| LoadError::Io {
        path: file.to_owned(),
        source,
    })?;
    let mut rdr = csv_reader(r);
    let mut asm = Assembly::default();
    let header = match rdr.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            asm.problems.push(
                file,
                Position::File,
                ProblemKind::MalformedCsv {
                    message: e.to_string(),
                },
            );
            return Err(asm.problems.into_error());
        }
    };
    let map = header_map(
        header.iter().map(Some),
        &NBS_COLUMNS,
        &[N_CODE, N_NAME, N_PARENT],
        |column, kind| {
            asm.problems
                .push(file, Position::Line { line: 1, column }, kind)
        },
    );
    if !asm.problems.is_empty() {
        return Err(asm.problems.into_error());
    }
    let field = |rec: &ByteRecord, c: usize| -> Option<usize> { map[c].filter(|&i| i < rec.len()) };
    let (ci, ni, pi, li) = (
        field(&header, N_CODE).unwrap_or(0),
        field(&header, N_NAME).unwrap_or(0),
        field(&header, N_PARENT).unwrap_or(0),
        map[N_LEVEL],
    );
    // Code → (id, line). Lines are kept for duplicate codes and cycles.
    let mut by_code: HashMap<u64, (u32, u64)> = HashMap::new();
    let mut lines: Vec<u64> = Vec::new();
    // Rows whose parent code had not been seen yet: (builder row, parent code). Their
    // parents are set once every code is known, and the builder's one linear pass checks
    // cycles and attaches them with the rest.
    let mut pending: Vec<(usize, u64)> = Vec::new();
    let mut rec = ByteRecord::new();
    let mut next: u32 = 1;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let pos = error_position(&rdr, &e, &rec);
                let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                asm.problems.push(file, pos, csv_problem(&e));
                if fatal {
                    break;
                }
                continue;
            }
        }
        let line = record_line(&rdr, &rec);
        let id = next;
        next = next.saturating_add(1);
        let mut bad = |column: &str, kind| {
            asm.problems.push(
                file,
                Position::Line {
                    line,
                    column: Some(column.to_owned()),
                },
                kind,
            );
        };
        let code = parse_code(&rec[ci]);
        if code.is_none() {
            bad(
                "code",
                ProblemKind::BadValue {
                    text: String::from_utf8_lossy(&rec[ci]).into_owned(),
                    expected: Expected::Code,
                },
            );
        }
        let parent = &rec[pi];
        let parent_code = if parent.is_empty() {
            None
        } else {
            let p = parse_code(parent);
            if p.is_none() {
                bad(
                    "parent_code",
                    ProblemKind::BadValue {
                        text: String::from_utf8_lossy(parent).into_owned(),
                        expected: Expected::Code,
                    },
                );
            }
            p
        };
        let name = match std::str::from_utf8(&rec[ni]) {
            Ok(n) => Some(n),
            Err(_) => {
                bad("name", ProblemKind::InvalidUtf8);
                None
            }
        };
        if let (Some(code), Some(li)) = (code, li)
            && let Some(level) = rec.get(li)
            && !level.is_empty()
            && level != code.level().as_str().as_bytes()
        {
            bad(
                "level",
                ProblemKind::BadValue {
                    text: String::from_utf8_lossy(level).into_owned(),
                    expected: Expected::Level,
                },
            );
            continue;
        }
        let (Some(code), Some(name)) = (code, name) else {
            continue;
        };
        if let Some(&(_, first)) = by_code.get(&code.get()) {
            bad(
                "code",
                ProblemKind::DuplicateCode {
                    code: code.to_string(),
                    first: Position::Line {
                        line: first,
                        column: Some("code".into()),
                    },
                },
            );
            continue;
        }
        if id == u32::MAX {
            // Ids are row numbers, and u32::MAX is reserved: the file has too many rows.
            bad(
                "code",
                ProblemKind::Refused(crate::HierarchyError::Full { what: "unit ids" }),
            );
            continue;
        }
        let row = asm.builder.len();
        let parent_id = match parent_code {
            Some(p) => match by_code.get(&p.get()) {
                Some(&(pid, _)) => Some(UnitId(pid)),
                None => {
                    pending.push((row, p.get()));
                    None
                }
            },
            None => None,
        };
        by_code.insert(code.get(), (id, line));
        if lines.len() < id as usize {
            lines.resize(id as usize, 0);
        }
        lines[id as usize - 1] = line;
        asm.builder.push(
            UnitId(id),
            parent_id,
            Unit::new(UnitKind::from_code(code), name).with_code(code),
        );
    }
    // Parents that came after their children; a parent outside the file leaves the row a
    // root.
    for (row, parent_code) in pending {
        if let Some(&(pid, _)) = by_code.get(&parent_code) {
            asm.builder.set_parent(row, UnitId(pid));
        }
    }
    drop(by_code);
    asm.parent_column = Some(N_PARENT_COLUMN);
    asm.units_done();
    asm.finish(
        file,
        |wanted: &HashSet<UnitId>, _: &super::file_keys::FileKeys| {
            wanted
                .iter()
                .filter_map(|&id| {
                    let line = *lines.get((id.0 as usize).checked_sub(1)?)?;
                    Some((id, vec![Position::Line { line, column: None }]))
                })
                .collect()
        },
    )
}

fn parse_code(b: &[u8]) -> Option<DivisionCode> {
    super::parse_code_bytes(b)
}
