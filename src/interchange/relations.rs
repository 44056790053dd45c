//! The relation and record rows: the columns of `relations.csv` and `records.csv`,
//! parsing their rows and writing their cells.

use crate::hierarchy::Hierarchy;
use crate::hierarchy::OrgLink;
use crate::record::{Record, RecordId, RecordKind, RecordWord};
use crate::relation::PairingLink;
use crate::relation::{Pairing, PairingId, PairingKind, PairingWord, Relation, RelationWord};
use crate::unit::UnitId;
use crate::vocab::Vocabulary;

use super::file_keys::{FileKeys, IdText, Space};
use super::problem::{Expected, ProblemKind};
use super::row::{Cells, Column, Report, Row, col, date_col, date_text, key_col, names, shared};

/// The columns of `relations.csv`, in export order, each with its Chinese headers (the
/// first is the one a Chinese-header export writes).
pub(crate) const RELATION_SCHEMA: [Column; 13] = [
    key_col("from", &["起"]),
    key_col("to", &["止"]),
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
    key_col("org", &["党组织"]),
];
/// The English names of [`RELATION_SCHEMA`].
pub(crate) const RELATION_COLUMNS: [&str; 13] = names(&RELATION_SCHEMA);
pub(crate) const RELATION_REQUIRED: [usize; 3] = [0, 1, 2];

/// The columns of `records.csv`, in export order, each with its Chinese headers (the
/// first is the one a Chinese-header export writes).
pub(crate) const RECORD_SCHEMA: [Column; 10] = [
    shared::ID,
    key_col("unit", &["单位"]),
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

/// The tail of an organization's relation row: the organization (`org`), or in files of
/// the older form a unit row (`from`): a temporary organization's or big committee's row,
/// or a unit whose own organization is the joint branch.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Tail {
    Org(crate::OrgId),
    Unit(UnitId),
}

/// A parsed relation row.
pub(crate) enum RelationItem {
    /// An organization's relation to a unit.
    Link(Tail, UnitId, Relation),
    /// A big committee's core, in files of the older form: (committee's unit row, core).
    Core(UnitId, UnitId),
    /// A pairing: its id, ends, details and explicit key (when its row gave one).
    Pairing(PairingId, UnitId, UnitId, Pairing, Option<String>),
}

const R_FROM: usize = 0;
const R_TO: usize = 1;
const R_REL: usize = 2;
pub(crate) const R_ID: usize = 3;
const R_TYPE: usize = 4;
const R_SINCE: usize = 5;
const R_UNTIL: usize = 6;
const R_COUNT: usize = 7;
const R_SECTIONS: usize = 8;
const R_CADRES: usize = 9;
const R_HOUSEHOLDS: usize = 10;
const R_SECRETARY: usize = 11;
const R_ORG: usize = 12;

/// Parses one relation row.
pub(crate) fn parse_relation<C: Cells>(
    cells: &C,
    keys: &FileKeys,
    report: &mut Report<'_>,
) -> Option<RelationItem> {
    let mut r = |c: &'static str, k: ProblemKind| report(c, k);
    let mut row = Row::new(cells, &RELATION_COLUMNS, keys, &mut r);
    let from = row.node(R_FROM, Space::Units);
    let org = row.node(R_ORG, Space::Orgs);
    let to = row.required_node(R_TO, Space::Units);
    let rel = row.required(R_REL);
    let word = rel.and_then(RelationWord::from_word);
    let takes_org = matches!(
        word,
        Some(
            RelationWord::Seconds
                | RelationWord::Member
                | RelationWord::PartTime
                | RelationWord::Covers
        )
    );
    if takes_org && from.is_some() {
        row.not_applicable(&[R_ORG], "row with a from");
    } else if !takes_org {
        row.not_applicable(&[R_ORG], rel.unwrap_or("relation"));
    }
    if from.is_none() && !(takes_org && org.is_some()) && !row.has(R_FROM) {
        row.required(R_FROM);
    }
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
            let id = row.own_id(R_ID, Space::Pairings);
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
                (Some((id, key)), Some(kind)) => Some(RelationItem::Pairing(
                    PairingId(id),
                    UnitId(from?),
                    UnitId(to?),
                    // The file's `until` is the last day in force; the pairing ends the day after.
                    Pairing::new(kind).between(since, until.map(crate::relation::day_after)),
                    key.map(str::to_owned),
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
                        RelationWord::Core => {
                            let (from, to) = (from?, to?);
                            return (!row.failed)
                                .then_some(RelationItem::Core(UnitId(from), UnitId(to)));
                        }
                        RelationWord::Member => Relation::Member,
                        _ => Relation::Covers,
                    }
                }
            };
            let tail = match (org, from) {
                (Some(o), _) => Tail::Org(crate::OrgId(o)),
                (None, f) => Tail::Unit(UnitId(f?)),
            };
            Some(RelationItem::Link(tail, UnitId(to?), rel))
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
pub(crate) fn relation_cells(
    h: &Hierarchy,
    item: &RelationItem,
    ids: IdText,
) -> [Option<String>; 13] {
    let mut c: [Option<String>; 13] = Default::default();
    let n = |v: u32| Some(v.to_string());
    let unit = |u: UnitId| Some(ids.unit(h, u));
    match item {
        RelationItem::Link(tail, t, rel) => {
            match tail {
                Tail::Org(o) => c[R_ORG] = Some(ids.org(h, *o)),
                Tail::Unit(u) => c[R_FROM] = unit(*u),
            }
            c[R_TO] = unit(*t);
            c[R_REL] = Some(rel.as_str().to_owned());
            if let Relation::Seconds(k) | Relation::PartTime(k) = rel {
                c[R_COUNT] = n(*k);
            }
        }
        RelationItem::Core(f, t) => {
            c[R_FROM] = unit(*f);
            c[R_TO] = unit(*t);
            c[R_REL] = Some(RelationWord::Core.as_str().to_owned());
        }
        RelationItem::Pairing(id, f, t, p, _) => {
            c[R_FROM] = unit(*f);
            c[R_TO] = unit(*t);
            c[R_REL] = Some(RelationWord::Pairing.as_str().to_owned());
            c[R_ID] = Some(ids.pairing(h, *id));
            c[R_TYPE] = Some(p.kind.as_str().to_owned());
            c[R_SINCE] = p.since.map(date_text);
            c[R_UNTIL] = p
                .ends
                .map(|e| date_text(crate::relation::last_day_before(e)));
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

/// Every relation row of a hierarchy, in a deterministic order: organizations'
/// relations to units by (organization, unit, relation, count) — a unit's own
/// organization named by its unit (`from`), the others by id (`org`), and joint branches
/// recorded in their own right left to the organizations table's `covers` — then
/// pairings by id.
pub(crate) fn relation_items(h: &Hierarchy) -> Vec<RelationItem> {
    let mut links: Vec<(u8, u32, UnitId, &'static str, u32, Relation)> = Vec::new();
    for o in h.orgs() {
        let own = o.is_own();
        for OrgLink {
            relation: r,
            unit: u,
            ..
        } in o.links()
        {
            if r == Relation::Covers && !own {
                continue;
            }
            let count = match r {
                Relation::Seconds(k) | Relation::PartTime(k) => k,
                _ => 0,
            };
            let (tag, id) = if own {
                (0, o.based_in().id().0)
            } else {
                (1, o.id().0)
            };
            links.push((tag, id, u.id(), r.as_str(), count, r));
        }
    }
    links.sort_by_key(|t| (t.0, t.1, t.2, t.3, t.4));
    let mut items: Vec<RelationItem> = links
        .into_iter()
        .map(|(tag, id, u, _, _, r)| {
            let tail = if tag == 0 {
                Tail::Unit(UnitId(id))
            } else {
                Tail::Org(crate::OrgId(id))
            };
            RelationItem::Link(tail, u, r)
        })
        .collect();
    items.extend(h.pairings().map(
        |PairingLink {
             id,
             pairing: p,
             from: f,
             to: t,
         }| RelationItem::Pairing(id, f, t, p.clone(), None),
    ));
    items
}

pub(crate) const C_ID: usize = 0;
const C_UNIT: usize = 1;
const C_DATE: usize = 2;
const C_TYPE: usize = 3;
const C_MATTERS: usize = 4;
const C_SOLVED: usize = 5;
const C_PARTICIPANTS: usize = 6;
const C_RAISED: usize = 7;
const C_RESOLVED: usize = 8;
const C_PERSON_TIMES: usize = 9;

/// Parses one record row: its id, the record and its explicit key (when its `id` is one).
pub(crate) fn parse_record<C: Cells>(
    cells: &C,
    keys: &FileKeys,
    report: &mut Report<'_>,
) -> Option<(RecordId, Record, Option<String>)> {
    let mut r = |c: &'static str, k: ProblemKind| report(c, k);
    let mut row = Row::new(cells, &RECORD_COLUMNS, keys, &mut r);
    let id = row.own_id(C_ID, Space::Records);
    let unit = row.required_node(C_UNIT, Space::Units);
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
    let take = |row: &mut Row<'_, '_, '_, C>, ty: &str, wanted: &[usize]| -> Vec<Option<u32>> {
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
    let (id, key) = id?;
    Some((
        RecordId(id),
        Record::new(UnitId(unit?), date?, kind?),
        key.map(str::to_owned),
    ))
}

/// The cells of a record row.
pub(crate) fn record_cells(
    h: &Hierarchy,
    id: RecordId,
    r: &Record,
    ids: IdText,
) -> [Option<String>; 10] {
    let mut c: [Option<String>; 10] = Default::default();
    let n = |v: u32| Some(v.to_string());
    c[C_ID] = Some(ids.record(h, id));
    c[C_UNIT] = Some(ids.unit(h, r.unit));
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
