//! The checks of the fuzz targets in `fuzz/fuzz_targets/` (`json`, `csv_units`, `nbs`), run
//! on their committed seeds (`fuzz/seeds/`) and on hand-made adversarial inputs: truncated
//! documents at every byte, invalid UTF-8, a byte-order mark alone, a header alone. A
//! loader must return a hierarchy or a clear error naming the file, never panic; a loaded
//! hierarchy must survive a save and a reload unchanged, a validation and a rollup.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::NaiveDate;
use partyorg::interchange::{json, nbs, table};
use partyorg::validate::Policy;
use partyorg::{Hierarchy, LoadError, Period, Position, ProblemKind, UnitId};

const JSON_NAME: &str = "fuzz.json";
const UNITS_NAME: &str = "units.csv";
const NBS_NAME: &str = "fuzz-nbs.csv";

fn seeds(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no seeds in {}", dir.display());
    out
}

fn scratch() -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "partyorg-fuzzreg-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// An error is clear: it is an invalid-content error whose every problem names `file`, and
/// its message names the file.
fn assert_clear(e: &LoadError, file: &str) {
    assert!(
        matches!(e, LoadError::Invalid { .. }),
        "expected invalid content, got {e:?}"
    );
    assert!(!e.problems().is_empty());
    for p in e.problems() {
        assert_eq!(p.file, Path::new(file), "{p}");
    }
    assert!(e.to_string().contains(file), "{e}");
}

/// Validating and rolling up from every root must not panic; each standing root's rollup
/// counts its whole subtree.
fn exercise(h: &Hierarchy) {
    let as_of = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let _ = h.validate(&Policy::default(), as_of);
    for root in h.roots() {
        match h.totals(root.id(), &Period::ALL) {
            Ok(t) => assert_eq!(
                usize::try_from(t.units).unwrap(),
                h.subtree_size(root.id()).unwrap()
            ),
            Err(_) => assert!(!root.kind().is_standing()),
        }
    }
}

/// The `json` target's check.
fn check_json(bytes: &[u8]) -> Result<Hierarchy, LoadError> {
    let result = json::from_bytes(bytes, Path::new(JSON_NAME));
    match &result {
        Ok(h) => {
            let again = json::from_str(&json::to_string(h)).expect("a saved snapshot loads");
            assert!(again == *h, "the snapshot did not round-trip");
            exercise(h);
        }
        Err(e) => assert_clear(e, JSON_NAME),
    }
    result
}

/// The `csv_units` target's check.
fn check_units(bytes: &[u8]) -> Result<Hierarchy, LoadError> {
    let result = table::load_units_reader(Cursor::new(bytes), Path::new(UNITS_NAME));
    match &result {
        Ok(h) => {
            let dir = scratch();
            table::save_dir(h, &dir).unwrap();
            let again = table::load_dir(&dir).expect("saved tables load");
            std::fs::remove_dir_all(&dir).unwrap();
            assert!(again == *h, "the units table did not round-trip");
            exercise(h);
        }
        Err(e) => assert_clear(e, UNITS_NAME),
    }
    result
}

/// The `nbs` target's check.
fn check_nbs(bytes: &[u8]) -> Result<Hierarchy, LoadError> {
    let result = nbs::load_reader(bytes, Path::new(NBS_NAME));
    match &result {
        Ok(h) => {
            // Ids 1, 2, … in file order, and every unit in exactly one tree (an extract's
            // top rows are roots, whatever their kind).
            for i in 1..=h.len() {
                assert!(h.unit(UnitId(u32::try_from(i).unwrap())).is_ok());
            }
            let covered: usize = h.roots().map(|r| h.subtree_size(r.id()).unwrap()).sum();
            assert_eq!(covered, h.len());
            exercise(h);
        }
        Err(e) => assert_clear(e, NBS_NAME),
    }
    result
}

fn kinds(e: &LoadError) -> Vec<&ProblemKind> {
    e.problems().iter().map(|p| &p.kind).collect()
}

/// Data rows of a CSV text (lines after the header, not counting an empty last line).
fn data_rows(text: &[u8]) -> usize {
    text.split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .count()
        - 1
}

// ----- the seeds ---------------------------------------------------------------------------

#[test]
fn json_seeds_load_and_pass_the_checks() {
    for (path, bytes) in seeds("json") {
        let h = check_json(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // The seeds are snapshots as written: writing them again gives the same text.
        assert_eq!(json::to_string(&h).as_bytes(), bytes, "{}", path.display());
    }
}

#[test]
fn units_seeds_load_and_pass_the_checks() {
    for (path, bytes) in seeds("csv_units") {
        let h = check_units(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(h.len(), data_rows(&bytes), "{}", path.display());
    }
}

#[test]
fn nbs_seeds_load_and_pass_the_checks() {
    for (path, bytes) in seeds("nbs") {
        let h = check_nbs(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // Every division row is a unit (rows whose parent is not in the file are roots).
        assert_eq!(h.len(), data_rows(&bytes), "{}", path.display());
    }
}

// ----- truncation at every byte ------------------------------------------------------------

#[test]
fn json_cut_at_every_byte_is_an_error() {
    for (path, bytes) in seeds("json") {
        let end = bytes.trim_ascii_end().len();
        for cut in 0..end {
            let e = check_json(&bytes[..cut]).expect_err("a cut snapshot is incomplete");
            // The problem is the cut: the document ends early, or a character is cut.
            let k = kinds(&e);
            assert!(
                matches!(k[..], [ProblemKind::Truncated] | [ProblemKind::InvalidUtf8]),
                "{} cut at {cut}: {e}",
                path.display()
            );
        }
        // Cut after the closing brace, only white space is missing.
        assert!(check_json(&bytes[..end]).is_ok());
    }
}

#[test]
fn units_cut_at_every_byte_never_panics() {
    for (path, bytes) in seeds("csv_units") {
        let written = !path.ends_with("bom-crlf.csv");
        for cut in 0..=bytes.len() {
            let prefix = &bytes[..cut];
            let result = check_units(prefix);
            // The seeds written by the crate list parents before children, so a cut at a
            // line's end leaves whole rows that form a forest.
            if written && cut > 0 && prefix.ends_with(b"\n") {
                let h = result.unwrap_or_else(|e| panic!("{} cut at {cut}: {e}", path.display()));
                assert_eq!(h.len(), data_rows(prefix));
            }
        }
    }
}

#[test]
fn nbs_cut_at_every_byte_never_panics() {
    for (path, bytes) in seeds("nbs") {
        for cut in 0..=bytes.len() {
            let prefix = &bytes[..cut];
            let result = check_nbs(prefix);
            if cut > 0 && prefix.ends_with(b"\n") {
                let h = result.unwrap_or_else(|e| panic!("{} cut at {cut}: {e}", path.display()));
                assert_eq!(h.len(), data_rows(prefix));
            }
        }
    }
}

// ----- invalid UTF-8 -----------------------------------------------------------------------

/// `text` with the first byte of `word` replaced by a byte that is never UTF-8, and the
/// 1-based line it is on.
fn spoil(text: &[u8], word: &str) -> (Vec<u8>, u64) {
    let at = text
        .windows(word.len())
        .position(|w| w == word.as_bytes())
        .unwrap();
    let line = 1 + text[..at].iter().filter(|&&b| b == b'\n').count() as u64;
    let mut out = text.to_vec();
    out[at] = 0xFF;
    (out, line)
}

#[test]
fn invalid_utf8_in_a_json_name() {
    let (_, tiny) = seeds("json")
        .into_iter()
        .find(|(p, _)| p.ends_with("tiny.json"))
        .unwrap();
    let (bad, line) = spoil(&tiny, "均禾街道");
    let e = check_json(&bad).unwrap_err();
    assert_eq!(kinds(&e), [&ProblemKind::InvalidUtf8]);
    match &e.problems()[0].position {
        Position::Json {
            at: Some((l, _)), ..
        } => assert_eq!(*l as u64, line),
        other => panic!("expected a position in the document, got {other:?}"),
    }
}

#[test]
fn invalid_utf8_in_a_units_name() {
    let text = "id,parent,kind,name\n1,,district,白云区\n2,1,street,均禾街道\n";
    let (bad, line) = spoil(text.as_bytes(), "均禾街道");
    let e = check_units(&bad).unwrap_err();
    assert_eq!(kinds(&e), [&ProblemKind::InvalidUtf8]);
    assert!(
        matches!(e.problems()[0].position, Position::Line { line: l, .. } if l == line),
        "{e}"
    );
}

#[test]
fn invalid_utf8_in_an_nbs_name() {
    let (_, head) = seeds("nbs")
        .into_iter()
        .find(|(p, _)| p.ends_with("baiyun-head.csv"))
        .unwrap();
    let (bad, line) = spoil(&head, "三元里街道");
    let e = check_nbs(&bad).unwrap_err();
    assert!(kinds(&e).contains(&&ProblemKind::InvalidUtf8), "{e}");
    assert!(
        e.problems()
            .iter()
            .any(|p| matches!(p.position, Position::Line { line: l, .. } if l == line)),
        "{e}"
    );
}

// ----- a byte-order mark alone, a header alone ---------------------------------------------

const BOM: &[u8] = b"\xEF\xBB\xBF";

#[test]
fn a_bom_alone_is_an_error() {
    let e = check_json(BOM).unwrap_err();
    assert_eq!(kinds(&e), [&ProblemKind::Truncated]);
    // No header: the required columns are missing.
    let e = check_units(BOM).unwrap_err();
    assert!(
        kinds(&e)
            .iter()
            .all(|k| matches!(k, ProblemKind::MissingColumn { .. })),
        "{e}"
    );
    let e = check_nbs(BOM).unwrap_err();
    assert!(!e.problems().is_empty());
}

#[test]
fn nothing_at_all_is_an_error() {
    assert!(check_json(b"").is_err());
    assert!(check_units(b"").is_err());
    assert!(check_nbs(b"").is_err());
}

#[test]
fn a_header_alone_is_an_empty_hierarchy() {
    for text in [
        &b"id,parent,kind,name\n"[..],
        b"\xEF\xBB\xBFid,parent,kind,name\r\n",
        b"id,parent,kind,name",
    ] {
        let h = check_units(text).unwrap();
        assert!(h.is_empty());
    }
    let (_, head) = seeds("nbs").into_iter().next().unwrap();
    let header = &head[..=head.iter().position(|&b| b == b'\n').unwrap()];
    assert!(check_nbs(header).unwrap().is_empty());
}

#[test]
fn a_header_missing_a_required_column_names_it() {
    let e = check_units(b"id,parent,name\n1,,x\n").unwrap_err();
    assert!(
        kinds(&e)
            .iter()
            .any(|k| matches!(k, ProblemKind::MissingColumn { column } if column == "kind")),
        "{e}"
    );
}

// ----- line numbers with CRLF line ends and blank lines ------------------------------------

/// The lines named by a failed load.
fn lines(e: &LoadError) -> Vec<u64> {
    e.problems()
        .iter()
        .map(|p| match p.position {
            Position::Line { line, .. } => line,
            ref other => panic!("expected a line, got {other:?} in {e}"),
        })
        .collect()
}

/// `text` with every `\n` made `\r\n`.
fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

/// The 1-based lines of `text` that contain `needle`.
fn lines_with(text: &str, needle: &str) -> Vec<u64> {
    (1..)
        .zip(text.split('\n'))
        .filter(|(_, l)| l.contains(needle))
        .map(|(n, _)| n)
        .collect()
}

// The csv crate positions a record where its reading began, which with CRLF line ends is
// on the previous line's `\n` (BurntSushi/rust-csv#395): every line was one too small.
#[test]
fn units_errors_name_the_same_lines_with_crlf_and_blank_lines() {
    let lf = "id,parent,kind,name\n1,,district,白云区\n2,1,street,BAD-A\n3,1,hamlet,x\n\n\n4,1,street,乙,BAD-B\n5,9,street,BAD-C\n";
    for text in [lf.to_owned(), crlf(lf), format!("\u{FEFF}{}", crlf(lf))] {
        let e = check_units(text.as_bytes()).unwrap_err();
        // An unknown kind; a field too many after two blank lines; a missing parent after
        // that malformed row.
        let mut want = lines_with(lf, "hamlet");
        want.extend(lines_with(lf, "BAD-B"));
        want.extend(lines_with(lf, "BAD-C"));
        assert_eq!(lines(&e), want, "{text:?}: {e}");
    }
    // A structural problem, found after the rows are read, is located by a second read.
    let lf = "id,parent,kind,name\n\n1,,district,白云区\n\n2,9,street,BAD-C\n";
    for text in [lf.to_owned(), crlf(lf)] {
        let e = check_units(text.as_bytes()).unwrap_err();
        assert!(
            matches!(e.problems()[0].kind, ProblemKind::MissingParent { .. }),
            "{e}"
        );
        assert_eq!(lines(&e), lines_with(lf, "BAD-C"), "{text:?}: {e}");
    }
}

#[test]
fn nbs_errors_name_the_same_lines_with_crlf() {
    let (_, head) = seeds("nbs")
        .into_iter()
        .find(|(p, _)| p.ends_with("baiyun-head.csv"))
        .unwrap();
    let lf = String::from_utf8(head).unwrap();
    for text in [lf.clone(), crlf(&lf)] {
        let (bad, line) = spoil(text.as_bytes(), "三元里街道");
        let e = check_nbs(&bad).unwrap_err();
        assert_eq!(lines(&e), [line], "{e}");
        assert_eq!([line], lines_with(&lf, "三元里街道")[..]);
    }
}
