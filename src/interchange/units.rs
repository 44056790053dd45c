//! The unit rows: the columns of `units.csv`, parsing a unit row and writing its cells.

use crate::unit::{
    CommandoTeams, Demonstration, Details, ForbiddenAct, ForbiddenActs, KindWord, Members,
    OrgDetails, Sector, ServiceCenter, TemporaryInfo, Unit, UnitId, UnitKind, Venue, WeakLax,
};
use crate::vocab::Vocabulary;

use super::file_keys::{FileKeys, IdText, Space};
use super::problem::{Expected, ProblemKind};
use super::row::{
    Cells, Column, Report, Row, code_col, col, date_col, date_text, key_col, names, shared,
    word_pairs,
};

/// The columns of `units.csv` (and fields of a snapshot's unit rows), in export order,
/// each with its Chinese headers (the first is the one a Chinese-header export writes).
pub(crate) const UNIT_SCHEMA: [Column; 31] = [
    shared::ID,
    key_col("parent", &["上级编号"]),
    col("kind", &["类型", "单位类型"]),
    col("sector", &["领域"]),
    col("name", &["名称", "单位名称"]),
    code_col("code", &["区划代码", "统计用区划代码"]),
    col("party_form", &["组织形式"]),
    shared::FULL_MEMBERS,
    shared::PROBATIONARY_MEMBERS,
    col("agricultural", &["涉农"]),
    shared::FOUNDED,
    shared::DISSOLVED,
    shared::SECRETARY,
    shared::COMMITTEE_SIZE,
    shared::TERM_START,
    shared::TERM_YEARS,
    date_col("election_due", &["应换届日期"]),
    col("approved_exception", &["批准延期换届"]),
    date_col("weak_lax_identified", &["软弱涣散认定日期"]),
    date_col("weak_lax_accepted", &["软弱涣散验收日期"]),
    col("service_center_m2", &["服务中心面积"]),
    date_col("service_center_since", &["服务中心建成日期"]),
    col("venues", &["党建阵地"]),
    col("commando_teams", &["党员突击队"]),
    col("demonstrations", &["示范点"]),
    shared::PURPOSE,
    shared::APPROVED,
    shared::TASK_ENDED,
    shared::ACTS,
    shared::BC_KIND,
    key_col("party_parent", &["上级党组织"]),
];
/// The English names of [`UNIT_SCHEMA`].
pub(crate) const UNIT_COLUMNS: [&str; 31] = names(&UNIT_SCHEMA);
/// Columns a units table must have.
pub(crate) const UNIT_REQUIRED: [usize; 4] = [U_ID, U_PARENT, U_KIND, U_NAME];

pub(crate) const U_ID: usize = 0;
pub(crate) const U_PARENT: usize = 1;
pub(crate) const U_KIND: usize = 2;
const U_SECTOR: usize = 3;
pub(crate) const U_NAME: usize = 4;
const U_CODE: usize = 5;
const U_FORM: usize = 6;
const U_FULL: usize = 7;
const U_PROB: usize = 8;
const U_AGRI: usize = 9;
/// The first detail column: a row with all of these empty has no details.
const U_FIRST_DETAIL: usize = 10;
const U_FOUNDED: usize = 10;
const U_DISSOLVED: usize = 11;
const U_SECRETARY: usize = 12;
const U_COMMITTEE: usize = 13;
const U_TERM_START: usize = 14;
const U_TERM_YEARS: usize = 15;
const U_DUE: usize = 16;
const U_EXCEPTION: usize = 17;
const U_WL_ID: usize = 18;
const U_WL_ACC: usize = 19;
const U_CENTER: usize = 20;
const U_CENTER_SINCE: usize = 21;
pub(crate) const U_VENUES: usize = 22;
pub(crate) const U_COMMANDO: usize = 23;
pub(crate) const U_DEMOS: usize = 24;
const U_PURPOSE: usize = 25;
const U_APPROVED: usize = 26;
const U_TASK_ENDED: usize = 27;
pub(crate) const U_ACTS: usize = 28;
const U_BC_KIND: usize = 29;
/// The recorded superior of the unit's own organization: an organization's id.
pub(crate) const U_PARTY_PARENT: usize = 30;

/// A row of the older form's units table that is an organization: a temporary
/// organization (`kind` `temporary`, its host in `parent`) or a big committee (`kind`
/// `big_committee`, its core in a `core` relation row).
pub(crate) struct OutsideRow {
    pub(crate) form: crate::OrgForm,
    pub(crate) name: String,
    pub(crate) members: Members,
    pub(crate) founded: Option<chrono::NaiveDate>,
    pub(crate) dissolved: Option<chrono::NaiveDate>,
    pub(crate) temporary: Option<TemporaryInfo>,
    pub(crate) big_committee: Option<crate::unit::BigCommitteeKind>,
    /// The row's key, which the organization keeps.
    pub(crate) key: Option<String>,
}

/// A parsed unit row.
pub(crate) struct UnitRowParsed<'c> {
    pub(crate) id: UnitId,
    pub(crate) parent: Option<UnitId>,
    /// The name, borrowed from the row (the unit keeps no `String` of its own, so that a
    /// bulk load allocates none per unit).
    pub(crate) name: &'c str,
    pub(crate) unit: UnitFacts,
    /// The recorded superior of its own organization.
    pub(crate) party_parent: Option<crate::OrgId>,
    /// For a row of the older form that is an organization, the organization (and
    /// `unit` is a placeholder).
    pub(crate) outside: Option<Box<OutsideRow>>,
}

/// A unit row's facts, small enough to travel from the reader to the builder cheaply
/// (about 64 bytes, a row's rare details boxed), made a [`Unit`] where it enters the
/// builder.
pub(crate) struct UnitFacts {
    pub(crate) kind: UnitKind,
    pub(crate) code: Option<crate::code::DivisionCode>,
    pub(crate) members: Members,
    pub(crate) party_form: Option<crate::PartyForm>,
    pub(crate) committee_size: Option<u8>,
    pub(crate) agricultural: bool,
    pub(crate) details: Option<Box<Details>>,
    pub(crate) key: Option<String>,
}

impl UnitFacts {
    /// The unit, without its name (given apart).
    pub(crate) fn into_unit(self) -> Unit {
        let mut unit = Unit::new(self.kind, String::new()).with_members(self.members);
        if let Some(d) = self.details {
            unit.details = *d;
        }
        unit.code = self.code;
        unit.party_form = self.party_form;
        unit.agricultural = self.agricultural;
        unit.committee_size = self.committee_size;
        unit.key = self.key;
        unit
    }
}

/// Parses one unit row; `None` (with every problem reported) when it is bad.
pub(crate) fn parse_unit<'c, C: Cells>(
    cells: &'c C,
    keys: &FileKeys,
    report: &mut Report<'_>,
) -> Option<UnitRowParsed<'c>> {
    // Re-borrow the report with the row's lifetime.
    let mut r = |c: &'static str, k: ProblemKind| report(c, k);
    let mut row = Row::new(cells, &UNIT_COLUMNS, keys, &mut r);
    let own = row.own_id(U_ID, Space::Units);
    let parent = row.node(U_PARENT, Space::Units);
    let word = row.required(U_KIND);
    let sector = row.word(U_SECTOR, Expected::Sector);
    let outside_form = match word.and_then(KindWord::from_word) {
        Some(KindWord::Temporary) => Some(crate::OrgForm::Temporary),
        Some(KindWord::BigCommittee) => Some(crate::OrgForm::BigCommittee),
        _ => None,
    };
    let kind = match word.map(|w| (w, KindWord::from_word(w))) {
        Some((w, Some(KindWord::Temporary | KindWord::BigCommittee))) => {
            if sector.is_some() {
                row.not_applicable(&[U_SECTOR], w);
            }
            Some(UnitKind::District)
        }
        None => None,
        Some((_, Some(KindWord::Institution))) => {
            if sector.is_none() && !row.has(U_SECTOR) {
                row.required(U_SECTOR);
            }
            UnitKind::from_word(KindWord::Institution, sector)
        }
        Some((w, Some(k))) => {
            if sector.is_some() {
                row.not_applicable(&[U_SECTOR], w);
            }
            UnitKind::from_word(k, None)
        }
        Some((w, None)) => match Sector::from_word(w) {
            // A sector alone names an institution of that sector (类型 学校), unless the
            // sector column names another.
            Some(s) if sector.is_none_or(|t| t == s) => Some(UnitKind::Institution(s)),
            _ => {
                row.bad(
                    U_KIND,
                    ProblemKind::BadValue {
                        text: w.to_owned(),
                        expected: Expected::Kind,
                    },
                );
                None
            }
        },
    };
    let name = row.text(U_NAME).unwrap_or("");
    let code = row.code(U_CODE);
    let form = row.word(U_FORM, Expected::PartyForm);
    let full = row.number(U_FULL).unwrap_or(0);
    let prob = row.number(U_PROB).unwrap_or(0);
    let agricultural = row.flag(U_AGRI).unwrap_or(false);
    let committee = row.small(U_COMMITTEE);
    let party_parent = row.node(U_PARTY_PARENT, Space::Orgs).map(crate::OrgId);
    if party_parent.is_some() && form.is_none() && !row.has(U_FORM) {
        row.bad(
            U_PARTY_PARENT,
            ProblemKind::Needs {
                needs: "party_form",
            },
        );
    }
    // The committee's size, read above, is no detail: a row with it alone has none.
    let (details, temporary, big_committee) =
        if (U_FIRST_DETAIL..U_PARTY_PARENT).any(|c| c != U_COMMITTEE && row.has(c)) {
            let (d, t, b) = parse_details(&mut row);
            (Some(Box::new(d)), t, b)
        } else {
            (None, None, None)
        };
    let words = outside_form.map_or("unit", crate::OrgForm::as_str);
    if outside_form.is_some() {
        // An organization of the older form keeps its name, members, dates and its own
        // facts; a unit's facts on its row would be lost, so they are refused.
        let kept = [
            U_ID,
            U_PARENT,
            U_KIND,
            U_NAME,
            U_FULL,
            U_PROB,
            U_FOUNDED,
            U_DISSOLVED,
            U_PURPOSE,
            U_APPROVED,
            U_TASK_ENDED,
            U_ACTS,
            U_BC_KIND,
            U_SECTOR,
            U_FORM,
        ];
        let lost: Vec<usize> = (0..UNIT_COLUMNS.len())
            .filter(|c| !kept.contains(c))
            .collect();
        row.not_applicable(&lost, words);
        if outside_form == Some(crate::OrgForm::BigCommittee) {
            // A big committee keeps no member counts and no dissolution date.
            row.not_applicable(&[U_FULL, U_PROB, U_DISSOLVED], words);
        }
        // The older form wrote the party form it gave them: a branch for a temporary
        // organization, a committee for a big committee. Their form says as much now.
        let implied = if outside_form == Some(crate::OrgForm::Temporary) {
            crate::PartyForm::Branch
        } else {
            crate::PartyForm::Committee
        };
        if form.is_some_and(|f| f != implied) {
            row.bad(
                U_FORM,
                ProblemKind::NotApplicable {
                    to: words.to_owned(),
                },
            );
        }
    }
    // A task belongs to a temporary organization (its approval, end and acts need the
    // task, checked with the details), a kind to a big committee.
    if outside_form != Some(crate::OrgForm::Temporary) {
        row.not_applicable(&[U_PURPOSE], words);
    }
    if outside_form != Some(crate::OrgForm::BigCommittee) {
        row.not_applicable(&[U_BC_KIND], words);
    }
    if row.failed {
        return None;
    }
    let outside = outside_form.map(|form| {
        Box::new(OutsideRow {
            form,
            name: name.to_owned(),
            members: Members::new(full, prob),
            founded: details.as_ref().and_then(|d| d.founded),
            dissolved: details.as_ref().and_then(|d| d.dissolved),
            temporary,
            big_committee,
            key: own.and_then(|(_, k)| k).map(str::to_owned),
        })
    });
    let ((id, key), kind) = (own?, kind?);
    let unit = UnitFacts {
        kind,
        code,
        members: Members::new(full, prob),
        party_form: form,
        committee_size: committee.filter(|&n| n > 0),
        agricultural,
        details,
        key: key.map(str::to_owned),
    };
    Some(UnitRowParsed {
        id: UnitId(id),
        parent: parent.map(UnitId),
        name,
        unit,
        party_parent,
        outside,
    })
}

/// A row's details, and an organization's of the older form: a temporary
/// organization's task and a big committee's kind.
type ParsedDetails = (
    Details,
    Option<TemporaryInfo>,
    Option<crate::unit::BigCommitteeKind>,
);

fn parse_details<C: Cells>(row: &mut Row<'_, '_, '_, C>) -> ParsedDetails {
    let mut d = Details {
        founded: row.date(U_FOUNDED),
        dissolved: row.date(U_DISSOLVED),
        ..Details::default()
    };
    // The organization's details: present when any of their columns is filled.
    let org_cols = [
        U_SECRETARY,
        U_TERM_START,
        U_TERM_YEARS,
        U_DUE,
        U_EXCEPTION,
        U_WL_ID,
        U_WL_ACC,
    ];
    if org_cols.iter().any(|&c| row.has(c)) {
        let mut org = OrgDetails {
            secretary: row.text(U_SECRETARY).map(str::to_owned),
            due: row.date(U_DUE),
            approved_exception: row.flag(U_EXCEPTION).unwrap_or(false),
            ..OrgDetails::default()
        };
        org.term = row.term(U_TERM_START, U_TERM_YEARS);
        let identified = row.date(U_WL_ID);
        let accepted = row.date(U_WL_ACC);
        if row.has(U_WL_ACC) && !row.has(U_WL_ID) {
            row.bad(
                U_WL_ACC,
                ProblemKind::Needs {
                    needs: "weak_lax_identified",
                },
            );
        }
        if let Some(identified) = identified {
            org.weak_lax = Some(WeakLax {
                identified,
                accepted,
            });
        }
        d.org = Some(org);
    }
    let since = row.date(U_CENTER_SINCE);
    d.service_center = row
        .number(U_CENTER)
        .map(|area_m2| ServiceCenter { area_m2, since });
    if row.has(U_CENTER_SINCE) && !row.has(U_CENTER) {
        row.bad(
            U_CENTER_SINCE,
            ProblemKind::Needs {
                needs: "service_center_m2",
            },
        );
    }
    // Lists given as values (JSON) are taken as they are; lists in text (CSV) are parsed.
    let lists = row.cells.lists();
    if let Some(l) = lists {
        d.venues.clone_from(&l.venues);
        d.commando_teams.clone_from(&l.commando_teams);
        d.demonstrations.clone_from(&l.demonstrations);
    } else {
        d.venues = row
            .parsed(U_VENUES, Expected::Venues, |t| {
                word_pairs(t, |kind, area_m2, since| Venue {
                    kind,
                    area_m2,
                    since,
                })
            })
            .unwrap_or_default();
        d.commando_teams = row
            .parsed(U_COMMANDO, Expected::CommandoTeams, |t| {
                word_pairs(t, |field, count, since| CommandoTeams {
                    field,
                    count,
                    since,
                })
            })
            .unwrap_or_default();
        d.demonstrations = row
            .parsed(U_DEMOS, Expected::Demonstrations, |t| {
                word_pairs(t, |level, year, since| {
                    since.is_none().then_some(Demonstration { level, year })
                })
                .and_then(|v| v.into_iter().collect())
            })
            .unwrap_or_default();
    }
    let purpose = row.word(U_PURPOSE, Expected::Purpose);
    let approved = row.flag(U_APPROVED).unwrap_or(false);
    let task_ended = row.date(U_TASK_ENDED);
    let acts = match lists {
        Some(l) => l.acts,
        None => row
            .parsed(U_ACTS, Expected::Acts, parse_acts)
            .unwrap_or_default(),
    };
    if !row.has(U_PURPOSE) {
        for c in [U_APPROVED, U_TASK_ENDED, U_ACTS] {
            if row.has(c) {
                row.bad(c, ProblemKind::Needs { needs: "purpose" });
            }
        }
    }
    let temporary = purpose.map(|purpose| TemporaryInfo {
        purpose,
        approved,
        task_ended,
        acts,
    });
    let big_committee = row.word(U_BC_KIND, Expected::BigCommitteeKind);
    (d, temporary, big_committee)
}

/// The cells of a unit, by column, as files write them.
pub(crate) fn unit_cells(
    h: &crate::Hierarchy,
    u: &crate::UnitRef<'_>,
    ids: IdText,
) -> [Option<String>; 31] {
    let mut c: [Option<String>; 31] = Default::default();
    c[U_PARTY_PARENT] = u.party_parent().map(|o| ids.org(h, o));
    let kind = u.kind();
    let members = u.members();
    c[U_ID] = Some(ids.unit(h, u.id()));
    c[U_PARENT] = u.parent().map(|p| ids.unit(h, p.id()));
    c[U_KIND] = Some(kind.as_str().to_owned());
    if let UnitKind::Institution(s) = kind {
        c[U_SECTOR] = Some(s.as_str().to_owned());
    }
    c[U_NAME] = Some(u.name().to_owned());
    c[U_CODE] = u.code().map(|x| x.to_string());
    c[U_FORM] = u.party_form().map(|f| f.as_str().to_owned());
    c[U_FULL] = (members.full != 0).then(|| members.full.to_string());
    c[U_PROB] = (members.probationary != 0).then(|| members.probationary.to_string());
    c[U_AGRI] = u.is_agricultural().then(|| "true".to_owned());
    c[U_COMMITTEE] = u.committee_size().map(|n| n.to_string());
    let d = u.details();
    c[U_FOUNDED] = d.founded.map(date_text);
    c[U_DISSOLVED] = d.dissolved.map(date_text);
    if let Some(org) = &d.org {
        c[U_SECRETARY] = org.secretary.clone();
        c[U_TERM_START] = org.term.map(|t| date_text(t.elected));
        c[U_TERM_YEARS] = org.term.map(|t| t.years.to_string());
        c[U_DUE] = org.due.map(date_text);
        // Always written when the organization has details, so that details with every
        // field empty survive a round trip.
        c[U_EXCEPTION] = Some(org.approved_exception.to_string());
        c[U_WL_ID] = org.weak_lax.map(|w| date_text(w.identified));
        c[U_WL_ACC] = org.weak_lax.and_then(|w| w.accepted).map(date_text);
    }
    c[U_CENTER] = d.service_center.map(|s| s.area_m2.to_string());
    c[U_CENTER_SINCE] = d.service_center.and_then(|s| s.since).map(date_text);
    let join = |v: Vec<String>| (!v.is_empty()).then(|| v.join(";"));
    // `word:number`, and `@date` when dated.
    let dated = |pair: String, since: Option<chrono::NaiveDate>| match since {
        Some(d) => format!("{pair}@{}", date_text(d)),
        None => pair,
    };
    c[U_VENUES] = join(
        d.venues
            .iter()
            .map(|v| dated(format!("{}:{}", v.kind, v.area_m2), v.since))
            .collect(),
    );
    c[U_COMMANDO] = join(
        d.commando_teams
            .iter()
            .map(|t| dated(format!("{}:{}", t.field, t.count), t.since))
            .collect(),
    );
    c[U_DEMOS] = join(
        d.demonstrations
            .iter()
            .map(|t| format!("{}:{}", t.level, t.year))
            .collect(),
    );
    c
}

/// Recorded acts as files write them: words separated by `;`.
pub(crate) fn parse_acts(t: &str) -> Option<ForbiddenActs> {
    let mut a = ForbiddenActs::default();
    for w in t.split(';').map(str::trim) {
        a.insert(ForbiddenAct::from_word(w)?);
    }
    Some(a)
}

/// The recorded acts as files write them, `recruited;collected_dues`; `None` for none.
pub(crate) fn acts_text(a: ForbiddenActs) -> Option<String> {
    let words: Vec<&str> = ForbiddenAct::ALL
        .into_iter()
        .filter(|&act| a.has(act))
        .map(ForbiddenAct::as_str)
        .collect();
    (!words.is_empty()).then(|| words.join(";"))
}
