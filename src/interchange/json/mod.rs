//! JSON snapshots of the whole state.
//!
//! ```json
//! {
//!   "format_version": 1,
//!   "units": [ { "id": 1, "kind": "district", "name": "白云区", "code": "440111000000" } ],
//!   "orgs": [ { "id": 10, "form": "working_committee", "name": "区直机关工委", "unit": 1 } ],
//!   "relations": [ { "from": 7, "to": 9, "relation": "pairing", "id": 0, "pairing": "town_street" } ],
//!   "records": [ { "id": 0, "unit": 9, "date": "2023-05-04", "type": "activity", "participants": 30 } ],
//!   "changes": [ { "date": "2023-03-01", "unit": 7, "change": "rename", "from": "均禾街道", "to": "均禾街" } ]
//! }
//! ```
//!
//! The fields of the rows are the columns of the CSV tables (see
//! [`table`](super::table)), with numbers as JSON numbers, booleans as JSON booleans, and
//! lists as arrays: `venues` as `[{"kind": "park", "area_m2": 5000}]`, `commando_teams` as
//! `[{"field": "grid", "count": 3, "since": "2023-05-01"}]` (a venue or teams carry
//! `since` when dated), `demonstrations` as `[{"level": "district", "year":
//! 2023}]`, `acts` as `["recruited"]`, an organization's `covers` as `[4, 5]`. The
//! `orgs` table is left out when there are no organizations recorded in their own right,
//! the `changes` table (the change log) when it is empty; its `from` and `to` are text and
//! its `children`, `records` and `temporaries` arrays of ids.
//! Absent fields are empty. Dates are `yyyy-mm-dd`
//! strings, codes 12-digit strings. The lists map to the model item by item (never through
//! the CSV text form): each word must be one word of the vocabulary, and one that is not
//! (`"park;square"`, `""`) is a [`ProblemKind::JsonData`] at its path, line and column.
//!
//! A snapshot is the store's own form: its ids are the internal ids (JSON numbers, so that
//! an id held by a program stays valid across a save and a load), and a unit or
//! organization with a key ([ids and keys](super::table#ids-and-keys)) carries it in a
//! `key` field, `{"id": 3, "key": "440111013000", …}`, kept byte for byte; so does a
//! pairing row and a record row with a key (`{"id": 0, "key": "JD-001", …}`). A table
//! keyed by text converts to a snapshot and back with its keys unchanged.
//!
//! A hierarchy from which units or organizations were removed also writes `ids`: the
//! next fresh ids (`next_unit`, `next_org`, `next_pairing`) and the retired ones
//! (`retired_units`, `retired_orgs`), so that no id is reused after a load; a retired id
//! held by a row is [`ProblemKind::RetiredIdInUse`].
//!
//! Loading checks `format_version` first ([`ProblemKind::UnsupportedVersion`] for another
//! version), refuses unknown fields ([`ProblemKind::UnknownField`]) and reports every
//! problem with its JSON path (`units[3].kind`) and, for problems the JSON parser finds,
//! the line and column. The document is read twice when loading: once for the version,
//! once for the content.
//!
//! [`Hierarchy`] is serde data in this form: it serializes as its snapshot and
//! deserializes through the same checks, so `serde_json::from_str::<Hierarchy>` refuses
//! what [`from_str`] refuses.

mod rows;

use std::io::Write;
use std::path::Path;

use hashbrown::{HashMap, HashSet};
use serde::{Deserialize, Serialize};

use super::{
    Assembly, LoadError, Position, ProblemKind, Problems, SaveError, parse_record, parse_relation,
    parse_unit, record_cells, relation_cells, relation_items, unit_cells,
};
use crate::hierarchy::Hierarchy;
use crate::unit::UnitId;

use super::file_keys::{FileKeys, IdText};
use rows::{OrgDto, RecordDto, RelationDto, UnitDto};

/// The snapshot format's version, written as `format_version` and required on loading.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Snapshot {
    format_version: u32,
    #[serde(default)]
    units: Vec<UnitDto>,
    /// Party organizations recorded in their own right; absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    orgs: Vec<OrgDto>,
    #[serde(default)]
    relations: Vec<RelationDto>,
    #[serde(default)]
    records: Vec<RecordDto>,
    /// The change log (the `changes` table); absent when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    changes: Vec<super::changes::ChangeDto>,
    /// The id counters and the ids of removed units and organizations, so that ids stay
    /// never reused across a save and a load; absent when nothing was ever removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ids: Option<IdsDto>,
}

/// What keeps ids from being reused: the next fresh ids and the retired ones.
#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct IdsDto {
    next_unit: u32,
    next_org: u32,
    next_pairing: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    retired_units: Vec<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    retired_orgs: Vec<u32>,
}

#[derive(Deserialize)]
struct Probe {
    format_version: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct VersionOnly {
    format_version: u64,
}

fn snapshot(h: &Hierarchy) -> Snapshot {
    Snapshot {
        format_version: FORMAT_VERSION,
        units: super::table::units_in_file_order(h)
            .map(|u| UnitDto::from_cells(unit_cells(h, &u, IdText::Numbers), u.details(), &u))
            .collect(),
        orgs: super::orgs::orgs_in_file_order(h)
            .iter()
            .map(|o| OrgDto::of(h, o))
            .collect(),
        relations: relation_items(h)
            .iter()
            .map(|i| {
                let mut dto = RelationDto::from_cells(relation_cells(h, i, IdText::Numbers));
                if let super::relations::RelationItem::Pairing(id, ..) = i {
                    dto.key = h.explicit_pairing_key(*id).map(str::to_owned);
                }
                dto
            })
            .collect(),
        records: h
            .records()
            .map(|(id, r)| {
                let mut dto = RecordDto::from_cells(record_cells(h, id, r, IdText::Numbers));
                dto.key = h.explicit_record_key(id).map(str::to_owned);
                dto
            })
            .collect(),
        changes: h
            .changes()
            .iter()
            .map(|e| super::changes::ChangeDto::of(h, e))
            .collect(),
        ids: {
            let c = h.id_counters();
            (!c.retired_units.is_empty() || !c.retired_orgs.is_empty()).then_some(IdsDto {
                next_unit: c.next_unit,
                next_org: c.next_org,
                next_pairing: c.next_pairing,
                retired_units: c.retired_units,
                retired_orgs: c.retired_orgs,
            })
        },
    }
}

/// The snapshot of a hierarchy as pretty-printed JSON text, units, relations and records
/// each in a deterministic order: units as the CSV tables list them (tree by tree, each
/// parent before its children and the children in their order, which loading restores),
/// relations and records by id.
///
/// # Example
///
/// ```
/// use partyorg::{Hierarchy, Unit, UnitKind};
/// use partyorg::interchange::json;
///
/// let mut h = Hierarchy::new();
/// h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
/// let text = json::to_string(&h);
/// assert!(text.contains("\"format_version\": 1"));
/// assert_eq!(json::from_str(&text)?, h);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn to_string(h: &Hierarchy) -> String {
    let mut s = serde_json::to_string_pretty(&snapshot(h)).unwrap_or_default();
    s.push('\n');
    s
}

/// Writes the snapshot to a file, through a temporary file beside it (`.{name}.tmp-{pid}`)
/// renamed into place once written, so a save that fails leaves the old file whole.
///
/// # Errors
///
/// [`SaveError::Io`] when the file cannot be written.
///
/// ```
/// use partyorg::interchange::json;
/// use partyorg::{Hierarchy, Members, Unit, UnitKind};
/// let mut h = Hierarchy::new();
/// h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_members(Members::new(12, 1)))?;
/// let path = std::env::temp_dir().join(format!("partyorg-json-save-{}.json", std::process::id()));
/// json::save_file(&h, &path)?;
/// assert_eq!(std::fs::read_to_string(&path)?, json::to_string(&h));
/// std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn save_file(h: &Hierarchy, path: impl AsRef<Path>) -> Result<(), SaveError> {
    let path = path.as_ref();
    let snap = snapshot(h);
    super::save_files(&[path], |_, w| {
        serde_json::to_writer_pretty(&mut *w, &snap)?;
        w.write_all(b"\n")
    })
}

/// Loads a snapshot file.
///
/// # Errors
///
/// [`LoadError::Io`] if the file cannot be read or is not a regular file;
/// [`LoadError::Invalid`] for bad content, as [`from_str`].
///
/// ```
/// use partyorg::LoadError;
/// use partyorg::interchange::json;
/// let h = json::load_file("tests/fixtures/snapshot-organizations.json")?;
/// assert!(h.org_count() > 0);
/// let bad = json::load_file("tests/fixtures/snapshot-unknown-kind.json").unwrap_err();
/// assert!(matches!(bad, LoadError::Invalid { .. }));
/// assert!(matches!(json::load_file("tests/fixtures"), Err(LoadError::Io { .. }))); // a folder
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_file(path: impl AsRef<Path>) -> Result<Hierarchy, LoadError> {
    let path = path.as_ref();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut super::open_regular(path)?, &mut bytes).map_err(|source| {
        LoadError::Io {
            path: path.to_owned(),
            source,
        }
    })?;
    from_bytes(&bytes, path)
}

/// Loads a snapshot from text. Problems name the file `<json>`.
///
/// # Errors
///
/// [`LoadError::Invalid`] listing the problems: a JSON syntax error, a truncated document,
/// an unknown field, a wrong `format_version`, bad values with their paths, and the
/// structural problems of the rows (duplicate ids, missing parents, cycles, relations to
/// units that do not exist).
///
/// ```
/// use partyorg::interchange::json;
/// use partyorg::interchange::Position;
/// let text = r#"{"format_version": 1, "units": [
///     {"id": 1, "kind": "district", "name": "白云区"},
///     {"id": 2, "parent": 1, "kind": "street", "name": "均禾街道"}
/// ]}"#;
/// let h = json::from_str(text)?;
/// assert_eq!(h.path(partyorg::UnitId(2))?.to_string(), "白云区 / 均禾街道");
/// let err = json::from_str(&text.replace("street", "hamlet")).unwrap_err();
/// let problem = &err.problems()[0];
/// assert!(matches!(&problem.position, Position::Json { path, .. } if path == "units[1].kind"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn from_str(text: &str) -> Result<Hierarchy, LoadError> {
    from_bytes(text.as_bytes(), Path::new("<json>"))
}

fn single(file: &Path, position: Position, kind: ProblemKind) -> LoadError {
    let mut p = Problems::default();
    p.push(file, position, kind);
    p.into_error()
}

/// The error for a snapshot of another version than [`FORMAT_VERSION`].
fn unsupported(file: &Path, found: u64) -> LoadError {
    single(
        file,
        Position::Json {
            path: "format_version".into(),
            at: None,
        },
        ProblemKind::UnsupportedVersion {
            found,
            supported: FORMAT_VERSION,
        },
    )
}

/// Loads a snapshot from bytes; `file` names it in problems.
///
/// # Errors
///
/// As [`from_str`], and [`ProblemKind::InvalidUtf8`] when the bytes are not UTF-8.
///
/// ```
/// use std::path::Path;
/// use partyorg::interchange::json;
/// use partyorg::interchange::ProblemKind;
/// use partyorg::{Hierarchy, Unit, UnitKind};
/// let mut h = Hierarchy::new();
/// h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
/// let bytes = json::to_string(&h).into_bytes();
/// assert_eq!(json::from_bytes(&bytes, "upload.json")?, h);
/// let err = json::from_bytes(b"{\"units\": \"\xff\"}", "upload.json").unwrap_err();
/// assert!(matches!(err.problems()[0].kind, ProblemKind::InvalidUtf8));
/// assert_eq!(err.problems()[0].file, Path::new("upload.json"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn from_bytes(bytes: &[u8], file: impl AsRef<Path>) -> Result<Hierarchy, LoadError> {
    let file = file.as_ref();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, column) = line_col(bytes, e.valid_up_to());
            return Err(single(
                file,
                Position::Json {
                    path: path_at(
                        &String::from_utf8_lossy(&bytes[..e.valid_up_to()]),
                        usize::MAX,
                    ),
                    at: Some((line, column)),
                },
                ProblemKind::InvalidUtf8,
            ));
        }
    };
    // The version first, so that another version's fields are not reported one by one.
    match serde_json::from_str::<Probe>(text) {
        Err(e) => return Err(single(file, json_position(text, &e), json_problem(&e))),
        Ok(Probe {
            format_version: None,
        }) => {
            return Err(single(
                file,
                Position::Json {
                    path: String::from("(document)"),
                    at: None,
                },
                ProblemKind::MissingColumn {
                    column: "format_version".into(),
                },
            ));
        }
        Ok(_) => {}
    }
    match serde_json::from_str::<VersionOnly>(text) {
        Ok(v) if v.format_version == u64::from(FORMAT_VERSION) => {}
        Ok(v) => return Err(unsupported(file, v.format_version)),
        Err(e) => return Err(single(file, json_position(text, &e), json_problem(&e))),
    }
    let snap: Snapshot = serde_json::from_str(text)
        .map_err(|e| single(file, json_position(text, &e), json_problem(&e)))?;
    assemble(snap, file)
}

/// Builds the hierarchy of a snapshot of the supported version through the checks every
/// loader makes; `file` names it in problems.
fn assemble(mut snap: Snapshot, file: &Path) -> Result<Hierarchy, LoadError> {
    // A snapshot's ids are numbers; keys are the rows' `key` fields.
    let mut asm = Assembly {
        keys: FileKeys::numbers_only(),
        ..Assembly::default()
    };
    let path_pos = |table: &str, i: usize, col: Option<&str>| Position::Json {
        path: match col {
            Some(c) => format!("{table}[{i}].{c}"),
            None => format!("{table}[{i}]"),
        },
        at: None,
    };
    for (i, u) in snap.units.iter().enumerate() {
        let cells = u.cells();
        let problems = &mut asm.problems;
        let mut report = |c: &'static str, k| problems.push(file, path_pos("units", i, Some(c)), k);
        match parse_unit(&cells, &asm.keys, &mut report) {
            Some(mut row) => {
                row.unit.key.clone_from(&u.key);
                if let Some(o) = &mut row.outside {
                    o.key.clone_from(&u.key);
                }
                if let Some(standing) = asm.unit(|| path_pos("units", i, None), row) {
                    asm.push_standing(standing);
                }
            }
            None => {
                asm.failed_ids.insert(u.id);
            }
        }
    }
    asm.units_done();
    let name = asm.file_name(file);
    for (i, o) in snap.orgs.iter().enumerate() {
        let cells = o.cells();
        let problems = &mut asm.problems;
        let mut report = |c: &'static str, k| problems.push(file, path_pos("orgs", i, Some(c)), k);
        if let Some(mut item) = super::orgs::parse_org(&cells, &asm.keys, &mut report) {
            item.covers = o.covers.iter().map(|&u| UnitId(u)).collect();
            item.org.key.clone_from(&o.key);
            asm.orgs
                .push((name.clone(), path_pos("orgs", i, None), item));
        }
    }
    for (i, r) in snap.relations.iter().enumerate() {
        let cells = r.cells();
        let problems = &mut asm.problems;
        let mut report =
            |c: &'static str, k| problems.push(file, path_pos("relations", i, Some(c)), k);
        if let Some(mut item) = parse_relation(&cells, &asm.keys, &mut report) {
            if let super::relations::RelationItem::Pairing(.., key) = &mut item {
                key.clone_from(&r.key);
            } else if r.key.is_some() {
                let kind = ProblemKind::NotApplicable {
                    to: r.relation.clone(),
                };
                asm.problems
                    .push(file, path_pos("relations", i, Some("key")), kind);
                continue;
            }
            asm.relations
                .push((name.clone(), path_pos("relations", i, None), item));
        }
    }
    for (i, r) in snap.records.iter().enumerate() {
        let cells = r.cells();
        let problems = &mut asm.problems;
        let mut report =
            |c: &'static str, k| problems.push(file, path_pos("records", i, Some(c)), k);
        if let Some((id, rec, _)) = parse_record(&cells, &asm.keys, &mut report) {
            let pos = path_pos("records", i, None);
            asm.records
                .push((name.clone(), pos, id, rec, r.key.clone()));
        }
    }
    // The changes name the hierarchy's nodes: read once it stands.
    let change_rows = std::mem::take(&mut snap.changes);
    let ids: Vec<u32> = snap.units.iter().map(|u| u.id).collect();
    let counters = snap.ids.take();
    drop(snap);
    if let Some(c) = &counters {
        asm.retired_orgs = c.retired_orgs.iter().copied().collect();
    }
    let mut h = asm.finish(file, |wanted: &HashSet<UnitId>, _: &FileKeys| {
        let mut found: HashMap<UnitId, Vec<Position>> = HashMap::new();
        for (i, &id) in ids.iter().enumerate() {
            if wanted.contains(&UnitId(id)) {
                found
                    .entry(UnitId(id))
                    .or_default()
                    .push(path_pos("units", i, None));
            }
        }
        found
    })?;
    if let Some(c) = counters {
        h.restore_id_counters(crate::hierarchy::IdCounters {
            next_unit: c.next_unit,
            next_org: c.next_org,
            next_pairing: c.next_pairing,
            retired_units: c.retired_units,
            retired_orgs: c.retired_orgs,
        })
        .map_err(|kind| {
            single(
                file,
                Position::Json {
                    path: "ids".into(),
                    at: None,
                },
                kind,
            )
        })?;
    }
    let mut problems = Problems::default();
    let mut changes = Vec::with_capacity(change_rows.len());
    for (i, c) in change_rows.iter().enumerate() {
        let cells = c.cells();
        let mut report =
            |col: &'static str, k| problems.push(file, path_pos("changes", i, Some(col)), k);
        if let Some(e) = super::changes::parse_change(&cells, &h, IdText::Numbers, &mut report) {
            changes.push((path_pos("changes", i, None), e));
        }
    }
    if !problems.is_empty() {
        return Err(problems.into_error());
    }
    super::changes::install(&mut h, file, changes)?;
    Ok(h)
}

/// A hierarchy serializes as its JSON snapshot, the same value [`to_string`] writes:
/// `serde_json::to_string_pretty(&h)` and a newline is `to_string(&h)`.
impl Serialize for Hierarchy {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        snapshot(self).serialize(s)
    }
}

/// A hierarchy deserializes from its JSON snapshot (in any serde format) through the
/// checks of [`from_str`]: a snapshot of another version, with an unknown field, or whose
/// rows are bad or do not fit together (a missing parent, a cycle, a duplicate id) is an
/// error listing its problems, never a partly built hierarchy. Problems name the file
/// `<serde>`; [`from_str`] locates them in the text too.
impl<'de> Deserialize<'de> for Hierarchy {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let snap = Snapshot::deserialize(d)?;
        let file = Path::new("<serde>");
        if snap.format_version != FORMAT_VERSION {
            let found = u64::from(snap.format_version);
            return Err(serde::de::Error::custom(unsupported(file, found)));
        }
        assemble(snap, file).map_err(serde::de::Error::custom)
    }
}

/// The 1-based line and column (in bytes) of a byte offset.
pub(crate) fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, offset - start + 1)
}

fn json_position(text: &str, e: &serde_json::Error) -> Position {
    if e.line() == 0 {
        return Position::Json {
            path: "(document)".into(),
            at: None,
        };
    }
    // serde_json's column is the byte offset within the line of the byte it stopped at.
    let start = text
        .split_inclusive('\n')
        .take(e.line() - 1)
        .map(str::len)
        .sum::<usize>();
    let offset = start + e.column();
    Position::Json {
        path: path_at(text, offset),
        at: Some((e.line(), e.column())),
    }
}

fn json_problem(e: &serde_json::Error) -> ProblemKind {
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_owned(),
        None => full,
    };
    match e.classify() {
        serde_json::error::Category::Eof => ProblemKind::Truncated,
        serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
            ProblemKind::JsonSyntax { message }
        }
        serde_json::error::Category::Data => {
            match message
                .strip_prefix("unknown field `")
                .and_then(|r| r.split_once('`'))
            {
                Some((field, _)) => ProblemKind::UnknownField {
                    field: field.to_owned(),
                },
                None => ProblemKind::JsonData { message },
            }
        }
    }
}

/// The path (`units[3].kind`) of the place a byte offset lies in, from a scan of the text
/// before it: open objects with their current key, open arrays with their current index.
fn path_at(text: &str, offset: usize) -> String {
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let b = text.as_bytes();
    let end = offset.min(b.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut expect_key = false;
    let mut i = 0;
    while i < end {
        match b[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                let stop = i.min(b.len());
                if expect_key {
                    if let Some(Frame::Object(k)) = stack.last_mut() {
                        *k = Some(String::from_utf8_lossy(&b[start..stop]).into_owned());
                    }
                    expect_key = false;
                }
            }
            b'{' => {
                stack.push(Frame::Object(None));
                expect_key = true;
            }
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object(k)) => {
                    *k = None;
                    expect_key = true;
                }
                Some(Frame::Array(n)) => *n += 1,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for f in &stack {
        match f {
            Frame::Object(Some(k)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object(None) => {}
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    if path.is_empty() {
        path.push_str("(document)");
    }
    path
}

#[cfg(test)]
mod tests {
    use super::path_at;

    #[test]
    fn paths_follow_objects_and_arrays() {
        let t = r#"{"units": [{"id": 1}, {"id": 2, "kind": "x"}], "a": {"b": [1, 2, 3]}}"#;
        let at = |needle: &str| path_at(t, t.find(needle).unwrap() + needle.len());
        assert_eq!(at(r#""kind""#), "units[1].kind");
        assert_eq!(at(r#""id": 1"#), "units[0].id");
        assert_eq!(at("[1, 2"), "a.b[1]");
        assert_eq!(at("[1, 2, 3"), "a.b[2]");
        assert_eq!(path_at(t, 0), "(document)");
    }

    #[test]
    fn escaped_quotes_do_not_end_a_string() {
        let t = r#"{"units": [{"name": "a\"b\\", "id": 1}, {"name": "\"", "kind": 5}]}"#;
        let at = |needle: &str| path_at(t, t.find(needle).unwrap() + needle.len());
        assert_eq!(at(r#""kind": 5"#), "units[1].kind");
        assert_eq!(at(r#""id": 1"#), "units[0].id");
    }
}
