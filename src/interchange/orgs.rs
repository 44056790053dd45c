//! The organizations table (`orgs.csv`, a snapshot's `orgs`): party organizations
//! recorded in their own right.
//!
//! | column | required | meaning |
//! |---|---|---|
//! | `id` | yes | the organization's key or id (keyed apart from units; see [ids and keys](super::table#ids-and-keys)) |
//! | `parent` | yes (may be empty) | the superior organization's key or id (隶属) |
//! | `form` | yes | an [`OrgForm`] word: `committee`, `working_committee`, `general_branch`, `branch`, `joint_branch`, `temporary`, `big_committee`, `group` |
//! | `name` | yes | its name |
//! | `unit` | yes | the key or id of the unit it is based in (所在单位) |
//! | `parent_unit` | no | instead of `parent`: the superior is the own organization (the `party_form`) of this unit |
//! | `code` | no | its code in the department's records, as text (`001001001004000`) |
//! | `full_members`, `probationary_members` | no | its members |
//! | `founded`, `dissolved` | no | dates, `yyyy-mm-dd` |
//! | `secretary` | no | its secretary's name |
//! | `committee_size` | no | its elected committee's size |
//! | `term_start`, `term_years` | no | its current term (both or neither) |
//! | `covers` | no | a joint branch's other units: unit keys or ids separated by `;` (an array of ids in a snapshot) |
//! | `purpose` | no | a temporary organization's task: a [`TaskPurpose`](crate::unit::TaskPurpose) word |
//! | `approved` | no | a temporary organization: whether its host's organization approved it (`true`/`false`); needs `purpose` |
//! | `task_ended` | no | a temporary organization: when its task ended; needs `purpose` |
//! | `acts` | no | a temporary organization: forbidden acts recorded against it, [`ForbiddenAct`](crate::unit::ForbiddenAct) words separated by `;`; needs `purpose` |
//! | `bc_kind` | no | a big committee's [`BigCommitteeKind`](crate::unit::BigCommitteeKind) word |
//!
//! A temporary organization (`temporary`) is based in its host and a big committee
//! (`big_committee`) in its core unit; neither has a `parent` (they stand outside the
//! 隶属 tree). Their other units are relation rows (`seconds`, `member`, `part_time`)
//! naming them in the relations table's `org` column. Neither keeps a `code`,
//! `secretary`, `committee_size` or term, nor a big committee member counts or a
//! `dissolved` date: such a cell is refused, never dropped.
//!
//! A unit's own organization of the one-table form is not a row here: it is the unit's
//! `party_form`, and an organization recorded below it names it by `parent_unit`.
//! Rows may come in any order; superiors need not come first.

use hashbrown::HashMap;

use super::file_keys::{FileKeys, IdText, Space, list_parts};
use super::row::{Column, code_col, col, key_col, names, shared};
use super::{Cells, Expected, Position, ProblemKind, Problems, Report, Row};
use crate::hierarchy::Hierarchy;
use crate::org::{BigCommittee, Org, OrgForm, OrgId, TemporaryOrg};
use crate::unit::{BigCommitteeKind, Members, TaskPurpose, TemporaryInfo, UnitId};

/// The columns of `orgs.csv` (and fields of a snapshot's organization rows), in export
/// order, each with its Chinese headers (the first is the one a Chinese-header export
/// writes).
pub(crate) const ORG_SCHEMA: [Column; 21] = [
    key_col("id", &["编号", "党组织编号"]),
    key_col("parent", &["上级党组织", "上级编号"]),
    col("form", &["党组织类别", "组织形式"]),
    col("name", &["党组织名称", "名称"]),
    key_col("unit", &["所在单位"]),
    key_col("parent_unit", &["上级党组织所在单位"]),
    code_col("code", &["党组织代码"]),
    shared::FULL_MEMBERS,
    shared::PROBATIONARY_MEMBERS,
    shared::FOUNDED,
    shared::DISSOLVED,
    shared::SECRETARY,
    shared::COMMITTEE_SIZE,
    shared::TERM_START,
    shared::TERM_YEARS,
    key_col("covers", &["覆盖单位"]),
    shared::PURPOSE,
    shared::APPROVED,
    shared::TASK_ENDED,
    shared::ACTS,
    shared::BC_KIND,
];
/// The English names of [`ORG_SCHEMA`].
pub(crate) const ORG_COLUMNS: [&str; 21] = names(&ORG_SCHEMA);
/// Columns an organizations table must have.
pub(crate) const ORG_REQUIRED: [usize; 5] = [O_ID, O_PARENT, O_FORM, O_NAME, O_UNIT];

pub(crate) const O_ID: usize = 0;
const O_PARENT: usize = 1;
const O_FORM: usize = 2;
const O_NAME: usize = 3;
const O_UNIT: usize = 4;
const O_PARENT_UNIT: usize = 5;
const O_CODE: usize = 6;
const O_FULL: usize = 7;
const O_PROB: usize = 8;
const O_FOUNDED: usize = 9;
const O_DISSOLVED: usize = 10;
const O_SECRETARY: usize = 11;
const O_COMMITTEE: usize = 12;
const O_TERM_START: usize = 13;
const O_TERM_YEARS: usize = 14;
pub(crate) const O_COVERS: usize = 15;
const O_PURPOSE: usize = 16;
const O_APPROVED: usize = 17;
const O_TASK_ENDED: usize = 18;
const O_ACTS: usize = 19;
const O_BC_KIND: usize = 20;

/// A parsed organization row.
#[derive(Clone, Debug)]
pub(crate) struct OrgItem {
    pub(crate) id: OrgId,
    pub(crate) parent: Option<OrgId>,
    pub(crate) parent_unit: Option<UnitId>,
    pub(crate) unit: UnitId,
    pub(crate) org: Org,
    pub(crate) covers: Vec<UnitId>,
    /// A temporary organization's task.
    pub(crate) temporary: Option<TemporaryInfo>,
    /// A big committee's kind.
    pub(crate) bc_kind: Option<BigCommitteeKind>,
}

/// Parses one organization row; problems go to `report`.
pub(crate) fn parse_org<C: Cells>(
    cells: &C,
    keys: &FileKeys,
    report: &mut Report<'_>,
) -> Option<OrgItem> {
    let mut r = |c: &'static str, k: ProblemKind| report(c, k);
    let mut row = Row::new(cells, &ORG_COLUMNS, keys, &mut r);
    let own = row.own_id(O_ID, Space::Orgs);
    let parent = row.node(O_PARENT, Space::Orgs);
    let form: Option<OrgForm> = if row.has(O_FORM) {
        row.word(O_FORM, Expected::OrgForm)
    } else {
        row.required(O_FORM);
        None
    };
    let name = row.required(O_NAME).unwrap_or("");
    let unit = row.required_node(O_UNIT, Space::Units);
    let parent_unit = row.node(O_PARENT_UNIT, Space::Units);
    if parent.is_some() && parent_unit.is_some() {
        row.not_applicable(&[O_PARENT_UNIT], "row with a parent");
    }
    let code = row.text(O_CODE);
    let full = row.number(O_FULL).unwrap_or(0);
    let prob = row.number(O_PROB).unwrap_or(0);
    let founded = row.date(O_FOUNDED);
    let dissolved = row.date(O_DISSOLVED);
    let secretary = row.text(O_SECRETARY);
    let committee = row.small(O_COMMITTEE);
    let term = row.term(O_TERM_START, O_TERM_YEARS);
    let covers = covers_cell(&mut row);
    let purpose: Option<TaskPurpose> = row.word(O_PURPOSE, Expected::Purpose);
    let approved = row.flag(O_APPROVED).unwrap_or(false);
    let task_ended = row.date(O_TASK_ENDED);
    let acts = row
        .parsed(O_ACTS, Expected::Acts, super::units::parse_acts)
        .unwrap_or_default();
    let bc_kind: Option<BigCommitteeKind> = row.word(O_BC_KIND, Expected::BigCommitteeKind);
    let word = form.map_or("organization", OrgForm::as_str);
    if form == Some(OrgForm::Temporary) {
        if !row.has(O_PURPOSE) {
            for c in [O_APPROVED, O_TASK_ENDED, O_ACTS] {
                if row.has(c) {
                    row.bad(c, ProblemKind::Needs { needs: "purpose" });
                }
            }
        }
    } else {
        row.not_applicable(&[O_PURPOSE, O_APPROVED, O_TASK_ENDED, O_ACTS], word);
    }
    if form != Some(OrgForm::BigCommittee) {
        row.not_applicable(&[O_BC_KIND], word);
    }
    if form.is_some_and(OrgForm::is_outside) {
        // Neither keeps a code, a secretary, a committee or a term: refused, not dropped.
        let not_kept = [
            O_PARENT,
            O_PARENT_UNIT,
            O_COVERS,
            O_CODE,
            O_SECRETARY,
            O_COMMITTEE,
            O_TERM_START,
            O_TERM_YEARS,
        ];
        row.not_applicable(&not_kept, word);
    }
    if form == Some(OrgForm::BigCommittee) {
        // A big committee keeps no member counts and no dissolution date.
        row.not_applicable(&[O_FULL, O_PROB, O_DISSOLVED], word);
    }
    if row.failed {
        return None;
    }
    let temporary = purpose.map(|purpose| TemporaryInfo {
        purpose,
        approved,
        task_ended,
        acts,
    });
    let (id, key) = own?;
    let mut org = Org::new(form?, name).with_members(Members::new(full, prob));
    org.key = key.map(str::to_owned);
    org.code = code.map(str::to_owned);
    org.secretary = secretary.map(str::to_owned);
    org.committee_size = committee.filter(|&n| n > 0);
    org.founded = founded;
    org.dissolved = dissolved;
    org.term = term;
    Some(OrgItem {
        id: OrgId(id),
        parent: parent.map(OrgId),
        parent_unit: parent_unit.map(UnitId),
        unit: UnitId(unit?),
        org,
        covers,
        temporary,
        bc_kind,
    })
}

/// A joint branch's covered units: ids or keys separated by `;`. A part is a key as
/// written when a row has that key (keys are kept byte for byte, spaces around them
/// included, and a list is written with the keys as they are), else it is trimmed of
/// the white space around it.
fn covers_cell<C: Cells>(row: &mut Row<'_, '_, '_, C>) -> Vec<UnitId> {
    let Some(text) = row.text(O_COVERS) else {
        return Vec::new();
    };
    let mut units = Vec::new();
    for part in list_parts(text, |raw| row.names_key(Space::Units, raw)) {
        if part.is_empty() {
            row.bad(
                O_COVERS,
                ProblemKind::BadValue {
                    text: text.to_owned(),
                    expected: Expected::UnitIds,
                },
            );
            return Vec::new();
        }
        match row.resolve(O_COVERS, Space::Units, part) {
            Some(id) => units.push(UnitId(id)),
            None => return Vec::new(),
        }
    }
    units
}

/// The cells of an organization's row, in the order of [`ORG_COLUMNS`].
pub(crate) fn org_cells(h: &Hierarchy, o: &crate::OrgRef<'_>, ids: IdText) -> [Option<String>; 21] {
    let mut c: [Option<String>; 21] = Default::default();
    let org = o.to_org();
    c[O_ID] = Some(ids.org(h, o.id()));
    match h.stored_superior(o) {
        Some(s) if s.is_own() => c[O_PARENT_UNIT] = Some(ids.unit(h, s.based_in().id())),
        Some(s) => c[O_PARENT] = Some(ids.org(h, s.id())),
        None => {}
    }
    c[O_FORM] = Some(org.form.as_str().to_owned());
    c[O_NAME] = Some(org.name);
    c[O_UNIT] = Some(ids.unit(h, o.based_in().id()));
    c[O_CODE] = org.code;
    let m = org.members;
    c[O_FULL] = (m.full > 0).then(|| m.full.to_string());
    c[O_PROB] = (m.probationary > 0).then(|| m.probationary.to_string());
    c[O_FOUNDED] = org.founded.map(super::date_text);
    c[O_DISSOLVED] = org.dissolved.map(super::date_text);
    c[O_SECRETARY] = org.secretary;
    c[O_COMMITTEE] = org.committee_size.map(|n| n.to_string());
    if let Some(t) = org.term {
        c[O_TERM_START] = Some(super::date_text(t.elected));
        c[O_TERM_YEARS] = Some(t.years.to_string());
    }
    if let Some(t) = o.temporary_info() {
        c[O_PURPOSE] = Some(t.purpose.as_str().to_owned());
        c[O_APPROVED] = Some(t.approved.to_string());
        c[O_TASK_ENDED] = t.task_ended.map(super::date_text);
        c[O_ACTS] = super::units::acts_text(t.acts);
    }
    c[O_BC_KIND] = o.big_committee_kind().map(|k| k.as_str().to_owned());
    let covers = covers_of(o);
    c[O_COVERS] = (!covers.is_empty()).then(|| {
        covers
            .iter()
            .map(|&u| ids.unit(h, u))
            .collect::<Vec<_>>()
            .join(";")
    });
    c
}

/// The units a joint branch covers, in id order.
pub(crate) fn covers_of(o: &crate::OrgRef<'_>) -> Vec<UnitId> {
    let mut v: Vec<UnitId> = o.covers().map(|u| u.id()).collect();
    v.sort_unstable();
    v
}

/// The organizations recorded in their own right, as the table lists them: the
/// organization tree in pre-order (a superior before those below it).
pub(crate) fn orgs_in_file_order(h: &Hierarchy) -> Vec<crate::OrgRef<'_>> {
    // Most hierarchies hold only units' own organizations: no layout for those.
    if h.orgs_recorded_in_own_right() == 0 {
        return Vec::new();
    }
    // Every organization is in the layout (a circle of superiors is broken at one of its
    // own), so the layout's order lists each once.
    h.org_file_order().filter(|o| !o.is_own()).collect()
}

/// Adds the organization rows to a hierarchy whose units are built: superiors before
/// the organizations below them, whatever the rows' order (one linear pass), with every
/// problem located.
pub(crate) fn add_orgs(
    h: &mut Hierarchy,
    rows: Vec<(super::assembly::FileName, Position, OrgItem)>,
    reserved: &hashbrown::HashSet<u32>,
    keys: &FileKeys,
    problems: &mut Problems,
) {
    if rows.is_empty() && reserved.is_empty() {
        return;
    }
    // Own organizations (named by their units in files) make way for the rows' ids and
    // for the ids a snapshot retired.
    let top = rows.iter().map(|r| r.2.id.0).max();
    let ids: hashbrown::HashSet<u32> = rows.iter().map(|r| r.2.id.0).collect();
    let lowest = ids.iter().chain(reserved).copied().min();
    h.renumber_own_orgs(top, lowest, |id| {
        id == u32::MAX || ids.contains(&id) || reserved.contains(&id)
    });
    if rows.is_empty() {
        return;
    }
    let mut index: HashMap<OrgId, usize> = HashMap::new();
    let mut keep = vec![true; rows.len()];
    for (i, (file, pos, item)) in rows.iter().enumerate() {
        if let Some(&first) = index.get(&item.id) {
            problems.push(
                file,
                super::with_column(pos.clone(), "id"),
                keys.duplicate(
                    Space::Orgs,
                    item.id.0,
                    super::with_column(rows[first].1.clone(), "id"),
                ),
            );
            keep[i] = false;
        } else {
            index.insert(item.id, i);
        }
    }
    // Superiors first: each row after the row it names, cycles reported once.
    // 0 unvisited, 1 on the current walk, 2 placed.
    let mut state = vec![0u8; rows.len()];
    let mut order: Vec<usize> = Vec::with_capacity(rows.len());
    let mut walk: Vec<usize> = Vec::new();
    for start in 0..rows.len() {
        if state[start] != 0 || !keep[start] {
            continue;
        }
        walk.clear();
        let mut cur = Some(start);
        while let Some(i) = cur {
            if state[i] == 2 {
                break;
            }
            if state[i] == 1 {
                let at = walk.iter().position(|&w| w == i).unwrap_or(0);
                let mut cycle: Vec<OrgId> = walk[at..].iter().map(|&w| rows[w].2.id).collect();
                let min = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
                cycle.rotate_left(min);
                let (file, pos, _) = &rows[index[&cycle[0]]];
                problems.push(
                    file,
                    super::with_column(pos.clone(), "parent"),
                    ProblemKind::OrgCycle {
                        org: cycle[0],
                        cycle,
                    },
                );
                for &w in &walk[at..] {
                    keep[w] = false;
                }
                break;
            }
            state[i] = 1;
            walk.push(i);
            cur = rows[i].2.parent.and_then(|p| index.get(&p).copied());
        }
        for &w in walk.iter().rev() {
            state[w] = 2;
            order.push(w);
        }
    }
    let mut rows: Vec<Option<(super::assembly::FileName, Position, OrgItem)>> =
        rows.into_iter().map(Some).collect();
    for i in order {
        let Some((file, pos, item)) = rows[i].take() else {
            continue;
        };
        if !keep[i] {
            continue;
        }
        let superior = match (item.parent, item.parent_unit) {
            (Some(p), _) if !index.contains_key(&p) => {
                problems.push(
                    &file,
                    super::with_column(pos, "parent"),
                    ProblemKind::MissingSuperior {
                        org: item.id,
                        superior: p,
                    },
                );
                continue;
            }
            (Some(p), _) => Some(p),
            (None, Some(u)) => match h.own_org_of(u) {
                Some(o) => Some(o),
                None => {
                    problems.push(
                        &file,
                        super::with_column(pos, "parent_unit"),
                        ProblemKind::NoOwnOrg { unit: u },
                    );
                    continue;
                }
            },
            (None, None) => None,
        };
        if let Err(err) = add_org_item(
            h,
            item.id,
            superior,
            item.unit,
            item.org,
            item.temporary,
            item.bc_kind,
        ) {
            problems.push(&file, pos, ProblemKind::Refused(err));
            continue;
        }
        for u in item.covers {
            if let Err(err) = h.cover(item.id, u) {
                problems.push(
                    &file,
                    super::with_column(pos.clone(), "covers"),
                    ProblemKind::Refused(err),
                );
            }
        }
    }
}

/// Adds one organization row: a temporary organization or big committee through its own
/// method, any other through [`Hierarchy::add_org_with_id`].
fn add_org_item(
    h: &mut Hierarchy,
    id: OrgId,
    superior: Option<OrgId>,
    unit: UnitId,
    org: Org,
    temporary: Option<TemporaryInfo>,
    bc_kind: Option<BigCommitteeKind>,
) -> Result<OrgId, crate::HierarchyError> {
    match org.form {
        OrgForm::Temporary => {
            let mut t = TemporaryOrg::from_parts(
                org.name,
                unit,
                org.members,
                org.founded,
                org.dissolved,
                temporary,
            );
            t.key = org.key;
            h.add_temporary_row(id, t, temporary.is_some())
        }
        OrgForm::BigCommittee => {
            let kind = bc_kind.unwrap_or(BigCommitteeKind::Regional);
            let mut bc = BigCommittee::new(org.name, kind, unit);
            bc.founded = org.founded;
            bc.key = org.key;
            h.add_big_committee_row(id, bc, bc_kind)
        }
        _ => h.add_org_with_id(id, superior, unit, org),
    }
}
