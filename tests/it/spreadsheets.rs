//! The forms in which an organization department keeps its tables: CSV saved by Chinese
//! spreadsheet software (GB18030, or UTF-8 with a byte-order mark), Chinese headers and
//! words, `.xlsx` workbooks; and a `.csv` whose format is unclear is refused, not guessed.

use std::path::{Path, PathBuf};

#[cfg(any(feature = "datasets", feature = "xlsx"))]
use partyorg::OrgForm;
use partyorg::interchange::{Format, Header, load_as, load_path, save_as, save_path, table};
use partyorg::{
    Hierarchy, LoadError, Members, PartyForm, Sector, UnitId, UnitKind, interchange::Position,
    interchange::ProblemKind,
};
#[cfg(feature = "datasets")]
use partyorg::{Org, Period};

/// A fresh folder of its own for one test.
fn scratch(tag: &str) -> PathBuf {
    let dir = crate::support::scratch_path("sheets", tag);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The problems of a refused load.
fn refused(r: Result<Hierarchy, LoadError>) -> Vec<partyorg::interchange::Problem> {
    match r {
        Err(LoadError::Invalid { problems, .. }) => problems,
        Err(e) => panic!("not a located refusal: {e}"),
        Ok(_) => panic!("loaded"),
    }
}

fn line(line: u64, column: &str) -> Position {
    Position::Line {
        line,
        column: Some(column.into()),
    }
}

/// Text in GB18030, as Chinese spreadsheet software saves CSV.
fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// The embedded Baiyun data with organizations recorded in their own right: a branch
/// with a code that a spreadsheet would spoil (leading zeros), below a street's own
/// organization.
#[cfg(feature = "datasets")]
fn baiyun_with_orgs() -> (Hierarchy, UnitId) {
    let mut h = partyorg::baiyun::baiyun_2023();
    let street = h
        .units()
        .find(|u| u.kind() == UnitKind::Street && u.party_form().is_some())
        .expect("a street with its own organization")
        .id();
    let own = h.own_org_of_unit(street).expect("its organization");
    let branch = h
        .add_org(
            Some(own),
            street,
            Org::new(OrgForm::Branch, "第一党支部")
                .with_code("001001001004000")
                .with_members(Members::new(12, 1))
                .with_secretary("张三"),
        )
        .unwrap();
    h.add_org(Some(branch), street, Org::new(OrgForm::Group, "第一党小组"))
        .unwrap();
    let district = h
        .units()
        .find(|u| u.kind() == UnitKind::District)
        .expect("Baiyun")
        .id();
    (h, district)
}

/// The same data in UTF-8 with English headers, in GB18030 with Chinese headers, and in
/// workbooks with English and Chinese sheets loads back equal, with the same totals.
#[cfg(feature = "datasets")]
#[test]
fn every_encoding_header_language_and_workbook_loads_the_same_hierarchy_and_totals() {
    let (h, district) = baiyun_with_orgs();
    let year = Period::year(2023);
    let totals = h.totals(district, &year).unwrap();
    let dir = scratch("same");

    let english = dir.join("english");
    save_path(&h, &english).unwrap();
    let units = std::fs::read_to_string(english.join("units.csv")).unwrap();
    assert!(units.starts_with("id,parent,kind,sector,name,code,"));

    // Chinese headers, then every table re-encoded as GB18030 (without the byte-order
    // mark the UTF-8 export starts with).
    let chinese = dir.join("chinese");
    save_as(&h, &chinese, Format::Folder, Header::Chinese).unwrap();
    for name in ["units.csv", "orgs.csv", "relations.csv", "records.csv"] {
        let path = chinese.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.strip_prefix('\u{FEFF}').expect("a byte-order mark");
        std::fs::write(&path, gb18030(text)).unwrap();
        assert!(std::str::from_utf8(&std::fs::read(&path).unwrap()).is_err());
    }
    let gb = std::fs::read(chinese.join("units.csv")).unwrap();
    assert!(gb.starts_with(&gb18030("编号,上级编号,类型,领域,名称,区划代码")));
    let orgs = std::fs::read(chinese.join("orgs.csv")).unwrap();
    assert!(orgs.starts_with(&gb18030("编号,上级党组织,党组织类别,党组织名称,所在单位")));

    let mut loaded = vec![
        ("utf-8 english", load_path(&english).unwrap()),
        ("gb18030 chinese", load_path(&chinese).unwrap()),
    ];
    #[cfg(feature = "xlsx")]
    for (header, name) in [(Header::English, "en.xlsx"), (Header::Chinese, "zh.xlsx")] {
        let path = dir.join(name);
        save_as(&h, &path, Format::Xlsx, header).unwrap();
        loaded.push((name, load_path(&path).unwrap()));
    }
    for (what, got) in &loaded {
        assert_eq!(got, &h, "{what}");
        assert_eq!(got.totals(district, &year).unwrap(), totals, "{what}");
        assert_eq!(got.orgs().count(), h.orgs().count(), "{what}");
    }
    // The code with leading zeros kept every digit through the workbook.
    #[cfg(feature = "xlsx")]
    assert!(
        loaded[3]
            .1
            .orgs()
            .any(|o| o.to_org().code.as_deref() == Some("001001001004000"))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_units_table_with_a_utf8_byte_order_mark_chinese_headers_and_words_loads() {
    let dir = scratch("bom");
    let path = dir.join("units.csv");
    let text = "\u{FEFF}编号,上级编号,类型,名称,区划代码,组织形式,正式党员,预备党员,成立日期\r\n\
                1,,区,白云区,440111000000,党委,420,3,1984-01-01\r\n\
                2,1,街道,均禾街道,440111013000,党委,180,,\r\n\
                3,2,社区,荔景社区,440111013001,党支部,45,2,\r\n\
                4,2,学校,均禾中学,,党总支,30,,\r\n";
    std::fs::write(&path, text).unwrap();
    let h = load_path(&path).unwrap();
    assert_eq!(h.len(), 4);
    let kinds: Vec<UnitKind> = (1..=4).map(|i| h.unit(UnitId(i)).unwrap().kind()).collect();
    assert_eq!(
        kinds,
        [
            UnitKind::District,
            UnitKind::Street,
            UnitKind::Community,
            UnitKind::Institution(Sector::School)
        ]
    );
    let school = h.unit(UnitId(4)).unwrap();
    assert_eq!(school.party_form(), Some(PartyForm::GeneralBranch));
    assert_eq!(h.unit(UnitId(1)).unwrap().members(), Members::new(420, 3));
    // Written back in English: the words too.
    let out = dir.join("out.csv");
    save_path(&h, &out).unwrap();
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("4,2,institution,school,均禾中学,,general_branch,30,"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn chinese_words_of_pairings_records_and_lists_read_as_their_values() {
    let dir = scratch("words");
    std::fs::write(
        dir.join("units.csv"),
        "编号,上级编号,类型,名称,党建阵地\n1,,区,白云区,\n2,1,街道,均禾街道,广场:1200;长廊:300\n3,2,村,清湖村,\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("relations.csv"),
        "起,止,关系,编号,结对类型,书记\n2,3,pairing,1,第一书记,李四\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("records.csv"),
        "编号,单位,日期,类型,培训人次\n1,3,2023-05-01,培训,40\n",
    )
    .unwrap();
    let h = load_path(&dir).unwrap();
    let venues = &h.unit(UnitId(2)).unwrap().details().venues;
    assert_eq!(venues.len(), 2);
    assert_eq!(venues[0].kind, partyorg::unit::VenueKind::Square);
    let pairing = h.pairings().next().unwrap().pairing;
    assert_eq!(pairing.kind.as_str(), "first_secretary");
    let (_, record) = h.records().next().unwrap();
    assert_eq!(record.kind.as_str(), "training");
    // Written back, the words are English.
    let out = dir.join("out");
    save_path(&h, &out).unwrap();
    let units = std::fs::read_to_string(out.join("units.csv")).unwrap();
    assert!(units.contains("square:1200;corridor:300"), "{units}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_cell_in_a_gb18030_file_is_located_at_its_line() {
    let dir = scratch("gb-bad");
    let path = dir.join("units.csv");
    // A cell spanning two lines before the bad row, so that lines are counted, not rows.
    let text = "编号,上级编号,类型,名称,正式党员\n\
                1,,区,白云区,420\n\
                2,1,街道,\"均禾\n街道\",180\n\
                3,2,社区,荔景社区,四十五\n";
    std::fs::write(&path, gb18030(text)).unwrap();
    let problems = refused(load_path(&path));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].position, line(5, "full_members"));
    assert_eq!(
        problems[0].kind,
        ProblemKind::BadValue {
            text: "四十五".into(),
            expected: partyorg::interchange::Expected::Number
        }
    );
    // The same through the reader API, and through a folder.
    let reader = table::load_units_reader(std::io::Cursor::new(gb18030(text)), &path);
    assert_eq!(refused(reader)[0].position, line(5, "full_members"));
    assert_eq!(
        refused(table::load_dir(&dir))[0].position,
        line(5, "full_members")
    );
    // A problem found after the rows are read (a missing parent) is located by reading
    // the decoded text again.
    let text =
        "编号,上级编号,类型,名称\n1,,区,白云区\n2,1,街道,\"均禾\n街道\"\n3,9,社区,荔景社区\n";
    std::fs::write(&path, gb18030(text)).unwrap();
    let missing = ProblemKind::MissingParent {
        id: UnitId(3),
        parent: UnitId(9),
    };
    for problems in [
        refused(load_path(&path)),
        refused(table::load_units_reader(
            std::io::Cursor::new(gb18030(text)),
            &path,
        )),
    ] {
        assert_eq!(problems[0].position, line(5, "parent"));
        assert_eq!(problems[0].kind, missing);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_nbs_file_in_gb18030_is_told_by_its_header_and_loads_the_same() {
    let original = Path::new("tests/fixtures/baiyun-divisions.csv");
    let text = std::fs::read_to_string(original).unwrap();
    let dir = scratch("nbs-gb");
    let path = dir.join("divisions.csv");
    std::fs::write(&path, gb18030(&text)).unwrap();
    assert!(partyorg::interchange::nbs::is_nbs_file(&path).unwrap());
    assert_eq!(load_path(&path).unwrap(), load_path(original).unwrap());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bytes_of_neither_encoding_are_invalid_utf8_at_their_line() {
    let dir = scratch("neither");
    let path = dir.join("units.csv");
    std::fs::write(
        &path,
        b"id,parent,kind,name\n1,,district,a\n2,1,street,\xFF\xFF\n",
    )
    .unwrap();
    let problems = refused(load_path(&path));
    assert_eq!(problems[0].position, line(3, "name"));
    assert_eq!(problems[0].kind, ProblemKind::InvalidUtf8);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_column_named_in_both_languages_is_a_duplicate() {
    let dir = scratch("dup");
    let path = dir.join("units.csv");
    std::fs::write(
        &path,
        "id,parent,kind,name,名称\n1,,district,白云区,白云区\n",
    )
    .unwrap();
    let problems = refused(load_path(&path));
    assert_eq!(
        problems[0].kind,
        ProblemKind::DuplicateColumn {
            column: "名称 (name)".into()
        }
    );
    assert_eq!(problems[0].position, line(1, "名称"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A `.csv` header of neither format is refused saying so (the header mixing both is
/// pinned in `interchange`).
#[test]
fn a_csv_header_of_neither_format_is_refused_saying_so() {
    let dir = scratch("neither-format");
    let path = dir.join("units.csv");
    std::fs::write(&path, "colour,size\nred,3\n").unwrap();
    let problems = refused(load_path(&path));
    assert_eq!(
        problems[0].kind,
        ProblemKind::UnclearFormat {
            nbs: vec![],
            units: vec![]
        }
    );
    assert!(problems[0].to_string().contains("neither a units table's"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn formats_are_told_by_name_and_chosen_by_load_as() {
    assert_eq!(Format::of_path(Path::new("a.JSON")), Some(Format::Json));
    assert_eq!(Format::of_path(Path::new("a.csv.gz")), Some(Format::Nbs));
    assert_eq!(Format::of_path(Path::new("a.csv")), None);
    assert_eq!(Format::of_path(Path::new("tables")), Some(Format::Folder));
    #[cfg(feature = "xlsx")]
    assert_eq!(Format::of_path(Path::new("a.xlsx")), Some(Format::Xlsx));
    // A units table named .txt loads when its format is named.
    let dir = scratch("as");
    let path = dir.join("units.txt");
    std::fs::write(&path, "id,parent,kind,name\n1,,district,白云区\n").unwrap();
    assert!(matches!(
        load_path(&path),
        Err(LoadError::UnknownFormat { .. })
    ));
    assert_eq!(load_as(&path, Format::UnitsCsv).unwrap().len(), 1);
    // NBS files are read-only.
    let h = load_as(&path, Format::UnitsCsv).unwrap();
    assert!(save_as(&h, dir.join("d.csv"), Format::Nbs, Header::English).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A Chinese-header export of each table format reloads identically.
#[cfg(feature = "datasets")]
#[test]
fn a_chinese_header_export_round_trips() {
    let (h, _) = baiyun_with_orgs();
    let dir = scratch("zh");
    let mut formats = vec![
        (Format::Folder, dir.join("tables")),
        (Format::Json, dir.join("h.json")),
    ];
    #[cfg(feature = "xlsx")]
    formats.push((Format::Xlsx, dir.join("h.xlsx")));
    for (format, path) in formats {
        save_as(&h, &path, format, Header::Chinese).unwrap();
        assert_eq!(load_as(&path, format).unwrap(), h, "{format:?}");
    }
    // A units table alone, of a hierarchy that a single table holds.
    let units_only = load_path(Path::new("tests/fixtures/baiyun-divisions.csv")).unwrap();
    let path = dir.join("units.csv");
    save_as(&units_only, &path, Format::UnitsCsv, Header::Chinese).unwrap();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("\u{FEFF}编号,")
    );
    assert_eq!(load_path(&path).unwrap(), units_only);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Workbooks made the way a person makes them in a spreadsheet: typed cells.
#[cfg(feature = "xlsx")]
mod workbooks {
    use super::*;
    use rust_xlsxwriter::{Format as CellFormat, Workbook};

    /// A cell of a handmade sheet.
    enum C {
        T(&'static str),
        N(f64),
        Date(f64),
        Empty,
    }

    /// A handmade sheet: its name, its header and its rows.
    type Sheet<'a> = (&'a str, &'a [&'a str], Vec<Vec<C>>);

    /// Writes a workbook of the named sheets.
    fn workbook(path: &Path, sheets: &[Sheet<'_>]) {
        let mut wb = Workbook::new();
        let date = CellFormat::new().set_num_format("yyyy-mm-dd");
        for (name, header, rows) in sheets {
            let ws = wb.add_worksheet();
            ws.set_name(*name).unwrap();
            for (c, h) in header.iter().enumerate() {
                ws.write_string(0, c as u16, *h).unwrap();
            }
            for (r, row) in rows.iter().enumerate() {
                let r = r as u32 + 1;
                for (c, cell) in row.iter().enumerate() {
                    let c = c as u16;
                    match cell {
                        C::T(t) => ws.write_string(r, c, *t).map(|_| ()),
                        C::N(n) => ws.write_number(r, c, *n).map(|_| ()),
                        C::Date(n) => ws.write_number_with_format(r, c, *n, &date).map(|_| ()),
                        C::Empty => Ok(()),
                    }
                    .unwrap();
                }
            }
        }
        wb.save(path).unwrap();
    }

    const UNITS: &[&str] = &[
        "编号",
        "上级编号",
        "类型",
        "名称",
        "区划代码",
        "组织形式",
        "正式党员",
        "成立日期",
    ];

    fn sheet_at(sheet: &str, row: u64, column: &str) -> Position {
        Position::Sheet {
            sheet: sheet.into(),
            row: Some(row),
            column: Some(column.into()),
        }
    }

    #[test]
    fn numbers_stored_as_floats_dates_and_serials_and_spaced_text_read_as_meant() {
        use C::*;
        let dir = scratch("typed");
        let path = dir.join("typed.xlsx");
        workbook(
            &path,
            &[
                (
                    "单位",
                    UNITS,
                    vec![
                        vec![
                            N(1.0),
                            Empty,
                            T("区"),
                            T("白云区 "),
                            T("440111000000"),
                            T("党委"),
                            N(420.0),
                            Date(45000.0),
                        ],
                        // A blank row, as people leave them.
                        vec![Empty, T("  ")],
                        vec![
                            N(2.0),
                            N(1.0),
                            T(" 街道"),
                            T("均禾街道\u{3000}"),
                            T("440111013000"),
                            T("党委"),
                            N(3.0),
                            N(45001.0),
                        ],
                    ],
                ),
                (
                    "党组织",
                    &[
                        "编号",
                        "上级党组织",
                        "上级党组织所在单位",
                        "党组织类别",
                        "党组织名称",
                        "所在单位",
                        "党组织代码",
                        "成立日期",
                    ],
                    vec![vec![
                        N(7.0),
                        Empty,
                        N(2.0),
                        T("党支部"),
                        T("第一党支部"),
                        N(2.0),
                        T("001001004"),
                        Date(45002.0),
                    ]],
                ),
            ],
        );
        let h = load_path(&path).unwrap();
        let district = h.unit(UnitId(1)).unwrap();
        assert_eq!(district.name(), "白云区");
        assert_eq!(district.members().full, 420);
        assert_eq!(
            district.details().founded,
            chrono::NaiveDate::from_ymd_opt(2023, 3, 15)
        );
        let street = h.unit(UnitId(2)).unwrap();
        assert_eq!(street.kind(), UnitKind::Street);
        assert_eq!(street.name(), "均禾街道");
        assert_eq!(street.members().full, 3);
        // A serial number in a date column is a date too.
        assert_eq!(
            street.details().founded,
            chrono::NaiveDate::from_ymd_opt(2023, 3, 16)
        );
        let branch = h.org(partyorg::OrgId(7)).unwrap().to_org();
        assert_eq!(branch.form, OrgForm::Branch);
        assert_eq!(branch.code.as_deref(), Some("001001004"));
        assert_eq!(branch.founded, chrono::NaiveDate::from_ymd_opt(2023, 3, 17));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_code_a_spreadsheet_turned_into_a_number_is_refused_at_its_cell() {
        use C::*;
        let dir = scratch("float-code");
        let path = dir.join("codes.xlsx");
        workbook(
            &path,
            &[(
                "单位",
                UNITS,
                vec![
                    vec![N(1.0), Empty, T("区"), T("白云区"), N(440111000000.0)],
                    vec![N(2.0), N(1.0), T("街道"), T("均禾街道"), T("440111013000")],
                    // An id column holding a code that became a float.
                    vec![N(4.40111013e11), N(1.0), T("街道"), T("松洲街道")],
                    // A number that is not whole is a key, as the cell shows it.
                    vec![N(3.5), N(1.0), T("街道"), T("景泰街道")],
                ],
            )],
        );
        let problems = refused(load_path(&path));
        let found: Vec<(Position, ProblemKind)> = problems
            .iter()
            .map(|p| (p.position.clone(), p.kind.clone()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    sheet_at("单位", 2, "code"),
                    ProblemKind::NumberForCode {
                        number: "440111000000".into()
                    }
                ),
                (
                    sheet_at("单位", 4, "id"),
                    ProblemKind::NumberForCode {
                        number: "440111013000".into()
                    }
                ),
            ]
        );
        let message = problems[0].to_string();
        assert!(
            message.contains("sheet 单位, row 2, column code: "),
            "{message}"
        );
        assert!(message.contains("format the column as text"), "{message}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_unknown_sheet_or_no_units_sheet_is_refused() {
        use C::*;
        let dir = scratch("sheets");
        let path = dir.join("extra.xlsx");
        let units = vec![vec![N(1.0), Empty, T("区"), T("白云区")]];
        workbook(
            &path,
            &[("单位", UNITS, units), ("说明", &["备注"], vec![])],
        );
        let problems = refused(load_path(&path));
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].position,
            Position::Sheet {
                sheet: "说明".into(),
                row: None,
                column: None
            }
        );
        assert!(
            matches!(&problems[0].kind, ProblemKind::UnknownSheet { sheet, .. } if sheet == "说明")
        );
        assert!(
            problems[0]
                .to_string()
                .contains("units, 单位, orgs, 党组织")
        );

        // A column with a value but no header is refused; one with neither is passed over.
        let path = dir.join("no-header.xlsx");
        let header: &[&str] = &["编号", "上级编号", "类型", "名称", ""];
        let units = vec![vec![N(1.0), Empty, T("区"), T("白云区"), T("备注")]];
        workbook(&path, &[("units", header, units)]);
        let problems = refused(load_path(&path));
        assert_eq!(
            problems[0].kind,
            ProblemKind::UnknownColumn { column: "".into() }
        );
        let path = dir.join("spare-column.xlsx");
        let units = vec![vec![N(1.0), Empty, T("区"), T("白云区"), T("  ")]];
        workbook(&path, &[("units", header, units)]);
        assert_eq!(load_path(&path).unwrap().len(), 1);

        // English names in any case are the tables'.
        let path = dir.join("case.xlsx");
        let units = vec![vec![N(1.0), Empty, T("区"), T("白云区")]];
        workbook(&path, &[("Units", UNITS, units), ("ORGS", &[], vec![])]);
        assert_eq!(load_path(&path).unwrap().len(), 1);

        let path = dir.join("no-units.xlsx");
        workbook(&path, &[("orgs", &["id"], vec![])]);
        let problems = refused(load_path(&path));
        assert_eq!(
            problems[0].kind,
            ProblemKind::MissingSheet {
                sheet: "units",
                chinese: "单位"
            }
        );

        let path = dir.join("twice.xlsx");
        workbook(&path, &[("units", UNITS, vec![]), ("单位", UNITS, vec![])]);
        let problems = refused(load_path(&path));
        assert!(
            matches!(&problems[0].kind, ProblemKind::DuplicateSheet { first } if first == "units")
        );

        let path = dir.join("not-a-workbook.xlsx");
        std::fs::write(&path, "id,parent,kind,name\n").unwrap();
        let problems = refused(load_path(&path));
        assert!(matches!(problems[0].kind, ProblemKind::BadWorkbook { .. }));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn structural_problems_of_a_workbook_are_located_at_their_rows() {
        use C::*;
        let dir = scratch("structure");
        let path = dir.join("cycle.xlsx");
        workbook(
            &path,
            &[(
                "units",
                &["id", "parent", "kind", "name"],
                vec![
                    vec![N(1.0), Empty, T("district"), T("白云区")],
                    vec![N(2.0), N(3.0), T("street"), T("甲")],
                    vec![N(3.0), N(2.0), T("street"), T("乙")],
                    vec![N(4.0), N(9.0), T("street"), T("丙")],
                ],
            )],
        );
        let problems = refused(load_path(&path));
        let positions: Vec<&Position> = problems.iter().map(|p| &p.position).collect();
        assert!(
            positions.contains(&&sheet_at("units", 3, "parent")),
            "{problems:?}"
        );
        assert!(
            positions.contains(&&sheet_at("units", 5, "parent")),
            "{problems:?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
