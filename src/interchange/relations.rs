//! The relation and record rows: the columns of `relations.csv` and `records.csv`,
//! parsing their rows and writing their cells.

use crate::hierarchy::Hierarchy;
use crate::record::{Record, RecordId, RecordKind, RecordWord};
use crate::relation::{Pairing, PairingId, PairingKind, PairingWord, Relation, RelationWord};
use crate::unit::UnitId;
use crate::vocab::Vocabulary;

use super::problem::{Expected, ProblemKind};
use super::row::{Cells, Column, Report, Row, col, date_col, date_text, names, shared};

/// The columns of `relations.csv`, in export order, each with its Chinese headers (the
/// first is the one a Chinese-header export writes).
pub(crate) const RELATION_SCHEMA: [Column; 12] = [
    col("from", &["起"]),
    col("to", &["止"]),
    col("relation", &["关系"]),
    shared::ID,
    col("pairing", &["结对类型"]),
    date_col("since", &["开始日期"]),
    date_col("until", &["结束日期"]),
    col("count", &["人数"]),
    col("sections", &["科室数"]),
    col("cadres", &["干部数"]),
    col("households", &["户数"]),
    shared::SECRETARY,
];
/// The English names of [`RELATION_SCHEMA`].
pub(crate) const RELATION_COLUMNS: [&str; 12] = names(&RELATION_SCHEMA);
pub(crate) const RELATION_REQUIRED: [usize; 3] = [0, 1, 2];

/// The columns of `records.csv`, in export order, each with its Chinese headers (the
/// first is the one a Chinese-header export writes).
pub(crate) const RECORD_SCHEMA: [Column; 10] = [
    shared::ID,
    col("unit", &["单位"]),
    date_col("date", &["日期"]),
    col("type", &["类型"]),
    col("matters", &["议题数"]),
    col("problems_solved", &["解决问题数"]),
    col("participants", &["参加人数"]),
    col("raised", &["诉求数"]),
    col("resolved", &["办结数"]),
    col("person_times", &["培训人次"]),
];
/// The English names of [`RECORD_SCHEMA`].
pub(crate) const RECORD_COLUMNS: [&str; 10] = names(&RECORD_SCHEMA);
pub(crate) const RECORD_REQUIRED: [usize; 4] = [0, 1, 2, 3];

/// A parsed relation row: a plain relation or a pairing.
pub(crate) enum RelationItem {
    Plain(UnitId, UnitId, Relation),
    Pairing(PairingId, UnitId, UnitId, Pairing),
}

const R_FROM: usize = 0;
const R_TO: usize = 1;
const R_REL: usize = 2;
const R_ID: usize = 3;
const R_TYPE: usize = 4;
const R_SINCE: usize = 5;
const R_UNTIL: usize = 6;
const R_COUNT: usize = 7;
const R_SECTIONS: usize = 8;
const R_CADRES: usize = 9;
const R_HOUSEHOLDS: usize = 10;
const R_SECRETARY: usize = 11;

/// Parses one relation row.
pub(crate) fn parse_relation<C: Cells>(cells: &C, report: &mut Report<'_>) -> Option<RelationItem> {
    let mut r = |c: &'static str, k: ProblemKind| report(c, k);
    let mut row = Row::new(cells, &RELATION_COLUMNS, &mut r);
    let from = row.required_number(R_FROM);
    let to = row.required_number(R_TO);
    let rel = row.required(R_REL);
    let pairing_only = [
        R_ID,
        R_TYPE,
        R_SINCE,
        R_UNTIL,
        R_SECTIONS,
        R_CADRES,
        R_HOUSEHOLDS,
        R_SECRETARY,
    ];
    let item = match rel.map(|w| (w, RelationWord::from_word(w).filter(|r| r.in_files()))) {
        None => None,
        Some((_, Some(RelationWord::Pairing))) => {
            row.not_applicable(&[R_COUNT], RelationWord::Pairing.as_str());
            let id = row.required_number(R_ID);
            let since = row.date(R_SINCE);
            let until = row.date(R_UNTIL);
            let ty = row.required(R_TYPE);
            let kind = match ty.map(|t| (t, PairingWord::from_word(t))) {
                None => None,
                Some((_, Some(ty))) => {
                    let to = ty.as_str();
                    match ty {
                        PairingWord::TownStreet | PairingWord::JointBuilding => {
                            row.not_applicable(
                                &[R_SECTIONS, R_CADRES, R_HOUSEHOLDS, R_SECRETARY],
                                to,
                            );
                            Some(if ty == PairingWord::TownStreet {
                                PairingKind::TownStreet
                            } else {
                                PairingKind::JointBuilding
                            })
                        }
                        PairingWord::OrganCoop => {
                            row.not_applicable(&[R_CADRES, R_HOUSEHOLDS, R_SECRETARY], to);
                            row.required_number(R_SECTIONS)
                                .map(|sections| PairingKind::OrganCoop { sections })
                        }
                        PairingWord::CadreHousehold => {
                            row.not_applicable(&[R_SECTIONS, R_SECRETARY], to);
                            let cadres = row.required_number(R_CADRES);
                            let households = row.required_number(R_HOUSEHOLDS);
                            cadres.zip(households).map(|(cadres, households)| {
                                PairingKind::CadreHousehold { cadres, households }
                            })
                        }
                        PairingWord::FirstSecretary => {
                            row.not_applicable(&[R_SECTIONS, R_CADRES, R_HOUSEHOLDS], to);
                            Some(PairingKind::FirstSecretary {
                                secretary: row.text(R_SECRETARY).map(str::to_owned),
                            })
                        }
                    }
                }
                Some((other, None)) => {
                    row.bad(
                        R_TYPE,
                        ProblemKind::BadValue {
                            text: other.to_owned(),
                            expected: Expected::PairingType,
                        },
                    );
                    None
                }
            };
            match (id, kind) {
                (Some(id), Some(kind)) => Some(RelationItem::Pairing(
                    PairingId(id),
                    UnitId(from?),
                    UnitId(to?),
                    Pairing::new(kind).between(since, until),
                )),
                _ => None,
            }
        }
        Some((w, Some(r))) => {
            row.not_applicable(&pairing_only, w);
            let rel = match r {
                RelationWord::Seconds => Relation::Seconds(row.required_number(R_COUNT)?),
                RelationWord::PartTime => Relation::PartTime(row.required_number(R_COUNT)?),
                other => {
                    row.not_applicable(&[R_COUNT], w);
                    match other {
                        RelationWord::Core => Relation::Core,
                        RelationWord::Member => Relation::Member,
                        _ => Relation::Covers,
                    }
                }
            };
            Some(RelationItem::Plain(UnitId(from?), UnitId(to?), rel))
        }
        Some((other, None)) => {
            row.bad(
                R_REL,
                ProblemKind::BadValue {
                    text: other.to_owned(),
                    expected: Expected::Relation,
                },
            );
            None
        }
    };
    if row.failed { None } else { item }
}

/// The cells of a relation row.
pub(crate) fn relation_cells(item: &RelationItem) -> [Option<String>; 12] {
    let mut c: [Option<String>; 12] = Default::default();
    let n = |v: u32| Some(v.to_string());
    match item {
        RelationItem::Plain(f, t, rel) => {
            c[R_FROM] = n(f.0);
            c[R_TO] = n(t.0);
            c[R_REL] = Some(rel.as_str().to_owned());
            if let Relation::Seconds(k) | Relation::PartTime(k) = rel {
                c[R_COUNT] = n(*k);
            }
        }
        RelationItem::Pairing(id, f, t, p) => {
            c[R_FROM] = n(f.0);
            c[R_TO] = n(t.0);
            c[R_REL] = Some(RelationWord::Pairing.as_str().to_owned());
            c[R_ID] = n(id.0);
            c[R_TYPE] = Some(p.kind.as_str().to_owned());
            c[R_SINCE] = p.since.map(date_text);
            c[R_UNTIL] = p.until.map(date_text);
            match &p.kind {
                PairingKind::OrganCoop { sections } => c[R_SECTIONS] = n(*sections),
                PairingKind::CadreHousehold { cadres, households } => {
                    c[R_CADRES] = n(*cadres);
                    c[R_HOUSEHOLDS] = n(*households);
                }
                PairingKind::FirstSecretary { secretary } => c[R_SECRETARY] = secretary.clone(),
                _ => {}
            }
        }
    }
    c
}

/// Every relation of a hierarchy except containment and hosting (hosting is a temporary
/// organization's `parent`), in a deterministic order: plain relations by (from, to,
/// relation, count), then pairings by id.
pub(crate) fn relation_items(h: &Hierarchy) -> Vec<RelationItem> {
    let mut plain: Vec<(UnitId, UnitId, &'static str, u32, Relation)> = h
        .relations()
        .filter_map(|l| match l.relation {
            Relation::Hosts | Relation::Pairing(_) | Relation::Contains => None,
            r => {
                let count = match r {
                    Relation::Seconds(k) | Relation::PartTime(k) => k,
                    _ => 0,
                };
                Some((l.from, l.to, r.as_str(), count, r))
            }
        })
        .collect();
    plain.sort_by_key(|t| (t.0, t.1, t.2, t.3));
    let mut items: Vec<RelationItem> = plain
        .into_iter()
        .map(|(f, t, _, _, r)| RelationItem::Plain(f, t, r))
        .collect();
    items.extend(
        h.pairings()
            .map(|(id, p, f, t)| RelationItem::Pairing(id, f, t, p.clone())),
    );
    items
}

const C_ID: usize = 0;
const C_UNIT: usize = 1;
const C_DATE: usize = 2;
const C_TYPE: usize = 3;
const C_MATTERS: usize = 4;
const C_SOLVED: usize = 5;
const C_PARTICIPANTS: usize = 6;
const C_RAISED: usize = 7;
const C_RESOLVED: usize = 8;
const C_PERSON_TIMES: usize = 9;

/// Parses one record row.
pub(crate) fn parse_record<C: Cells>(
    cells: &C,
    report: &mut Report<'_>,
) -> Option<(RecordId, Record)> {
    let mut r = |c: &'static str, k: ProblemKind| report(c, k);
    let mut row = Row::new(cells, &RECORD_COLUMNS, &mut r);
    let id = row.required_number(C_ID);
    let unit = row.required_number(C_UNIT);
    let date = if row.has(C_DATE) {
        row.date(C_DATE)
    } else {
        row.required(C_DATE);
        None
    };
    let counts = [
        C_MATTERS,
        C_SOLVED,
        C_PARTICIPANTS,
        C_RAISED,
        C_RESOLVED,
        C_PERSON_TIMES,
    ];
    let take = |row: &mut Row<'_, '_, C>, ty: &str, wanted: &[usize]| -> Vec<Option<u32>> {
        let others: Vec<usize> = counts
            .iter()
            .copied()
            .filter(|c| !wanted.contains(c))
            .collect();
        row.not_applicable(&others, ty);
        wanted.iter().map(|&c| row.required_number(c)).collect()
    };
    let ty = row.required(C_TYPE);
    let kind = match ty.map(|t| (t, RecordWord::from_word(t))) {
        None => None,
        Some((_, Some(ty))) => {
            let to = ty.as_str();
            match ty {
                RecordWord::JointMeeting => match take(&mut row, to, &[C_MATTERS, C_SOLVED])[..] {
                    [Some(matters), Some(problems_solved)] => Some(RecordKind::JointMeeting {
                        matters,
                        problems_solved,
                    }),
                    _ => None,
                },
                RecordWord::Activity => take(&mut row, to, &[C_PARTICIPANTS])[0]
                    .map(|participants| RecordKind::Activity { participants }),
                RecordWord::Appeals => match take(&mut row, to, &[C_RAISED, C_RESOLVED])[..] {
                    [Some(raised), Some(resolved)] => {
                        Some(RecordKind::Appeals { raised, resolved })
                    }
                    _ => None,
                },
                RecordWord::Training => take(&mut row, to, &[C_PERSON_TIMES])[0]
                    .map(|person_times| RecordKind::Training { person_times }),
            }
        }
        Some((other, None)) => {
            row.bad(
                C_TYPE,
                ProblemKind::BadValue {
                    text: other.to_owned(),
                    expected: Expected::RecordType,
                },
            );
            None
        }
    };
    if row.failed {
        return None;
    }
    Some((RecordId(id?), Record::new(UnitId(unit?), date?, kind?)))
}

/// The cells of a record row.
pub(crate) fn record_cells(id: RecordId, r: &Record) -> [Option<String>; 10] {
    let mut c: [Option<String>; 10] = Default::default();
    let n = |v: u32| Some(v.to_string());
    c[C_ID] = n(id.0);
    c[C_UNIT] = n(r.unit.0);
    c[C_DATE] = Some(date_text(r.date));
    c[C_TYPE] = Some(r.kind.as_str().to_owned());
    match r.kind {
        RecordKind::JointMeeting {
            matters,
            problems_solved,
        } => {
            c[C_MATTERS] = n(matters);
            c[C_SOLVED] = n(problems_solved);
        }
        RecordKind::Activity { participants } => c[C_PARTICIPANTS] = n(participants),
        RecordKind::Appeals { raised, resolved } => {
            c[C_RAISED] = n(raised);
            c[C_RESOLVED] = n(resolved);
        }
        RecordKind::Training { person_times } => c[C_PERSON_TIMES] = n(person_times),
    }
    c
}
