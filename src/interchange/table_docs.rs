//! The table docs (the `table` module's) list exactly the declared columns, headers and
//! words.

use std::collections::BTreeSet;

/// The column tables of this module's documentation name exactly the columns the
/// readers and writers declare: a column added to a schema without its line in the
/// docs (or the reverse) fails here.
#[test]
fn the_docs_column_tables_name_every_declared_column_and_no_other() {
    let source = include_str!("table.rs");
    let doc: Vec<&str> = source
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .collect();
    for (file, declared) in [
        ("units.csv", &super::super::units::UNIT_COLUMNS[..]),
        ("orgs.csv", &super::super::orgs::ORG_COLUMNS[..]),
        (
            "relations.csv",
            &super::super::relations::RELATION_COLUMNS[..],
        ),
        ("records.csv", &super::super::relations::RECORD_COLUMNS[..]),
        ("changes.csv", &super::super::changes::CHANGE_COLUMNS[..]),
    ] {
        let heading = format!("//! # `{file}`");
        let start = doc
            .iter()
            .position(|l| *l == heading)
            .unwrap_or_else(|| panic!("no section for {file}"));
        let documented: BTreeSet<&str> = doc[start + 1..]
            .iter()
            .take_while(|l| !l.starts_with("//! # "))
            .filter(|l| l.starts_with("//! | `"))
            .flat_map(|l| l.split('|').nth(1).unwrap_or("").split(','))
            .map(|c| c.trim().trim_matches('`'))
            .collect();
        let declared: BTreeSet<&str> = declared.iter().copied().collect();
        assert_eq!(documented, declared, "{file}");
    }
}

/// The lines of the module doc's section `heading` that are rows of a table (not its
/// header or rule).
fn section_rows(heading: &str) -> Vec<String> {
    let source = include_str!("table.rs");
    let doc: Vec<&str> = source
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .collect();
    let start = doc
        .iter()
        .position(|l| *l == heading)
        .unwrap_or_else(|| panic!("no section {heading}"));
    doc[start + 1..]
        .iter()
        .take_while(|l| !l.starts_with("//! # "))
        .filter(|l| l.starts_with("//! | ") && !l.starts_with("//! |---"))
        .skip(1)
        .map(|l| l.to_string())
        .collect()
}

/// The Chinese headers' table of the module doc is the declared one: every column of
/// every table with its Chinese headers, in declaration order. On a mismatch the
/// message holds the rows to paste.
#[test]
fn the_docs_chinese_headers_are_the_declared_ones() {
    let mut rows = Vec::new();
    for table in super::Table::ALL {
        for c in table.schema() {
            assert!(!c.chinese.is_empty(), "{} has no Chinese header", c.name);
            rows.push(format!(
                "//! | `{}` | `{}` | {} |",
                table.file(),
                c.name,
                c.chinese.join(", ")
            ));
        }
    }
    for c in &super::super::changes::CHANGE_SCHEMA {
        rows.push(format!(
            "//! | `changes.csv` | `{}` | {} |",
            c.name,
            c.chinese.join(", ")
        ));
    }
    assert_eq!(
        section_rows("//! # Chinese headers (中文表头)"),
        rows,
        "\n{}\n",
        rows.join("\n")
    );
}

/// One row of the Chinese words' table per value with Chinese names.
fn word_rows<T: crate::vocab::Vocabulary>(rows: &mut Vec<String>) {
    for &v in T::VARIANTS {
        let names: Vec<&str> = T::ALIASES
            .iter()
            .filter(|(_, w)| *w == v)
            .map(|(a, _)| *a)
            .collect();
        assert!(
            !names.is_empty(),
            "{} {} has no Chinese name",
            T::WHAT,
            v.word()
        );
        rows.push(format!(
            "//! | {} | `{}` | {} |",
            T::WHAT,
            v.word(),
            names.join(", ")
        ));
    }
}

/// The Chinese words' table of the module doc is the declared one, and every value of
/// those vocabularies has a Chinese name that reads back as it.
#[test]
fn the_docs_chinese_words_are_the_declared_ones() {
    use crate::vocab::Vocabulary;
    let mut rows = Vec::new();
    word_rows::<crate::unit::KindWord>(&mut rows);
    word_rows::<crate::Sector>(&mut rows);
    word_rows::<crate::PartyForm>(&mut rows);
    word_rows::<crate::OrgForm>(&mut rows);
    word_rows::<crate::unit::TaskPurpose>(&mut rows);
    word_rows::<crate::unit::BigCommitteeKind>(&mut rows);
    word_rows::<crate::unit::VenueKind>(&mut rows);
    word_rows::<crate::unit::CommandoField>(&mut rows);
    word_rows::<crate::unit::DemoLevel>(&mut rows);
    word_rows::<crate::unit::ForbiddenAct>(&mut rows);
    word_rows::<crate::relation::PairingWord>(&mut rows);
    word_rows::<crate::record::RecordWord>(&mut rows);
    word_rows::<crate::history::ChangeWord>(&mut rows);
    assert_eq!(
        section_rows("//! # Chinese words (中文词)"),
        rows,
        "\n{}\n",
        rows.join("\n")
    );
    for (alias, v) in crate::Sector::ALIASES {
        assert_eq!(crate::Sector::from_word(alias), Some(*v));
    }
}
