//! Assembling a hierarchy from parsed rows: the problems found so far, and the rows on
//! their way into a hierarchy.

use std::path::Path;

use hashbrown::{HashMap, HashSet};

use crate::error::HierarchyError;
use crate::hierarchy::{BuildProblem, Hierarchy, HierarchyBuilder};
use crate::org::{BigCommittee, OrgForm, OrgId};
use crate::record::{Record, RecordId};
use crate::relation::PairingId;
use crate::unit::UnitId;

use super::MAX_LISTED_PROBLEMS;
use super::file_keys::{FileKeys, Space};
use super::orgs;
use super::problem::{LoadError, Position, Problem, ProblemKind};
use super::relations::{RelationItem, Tail};
use super::units::{OutsideRow, UnitFacts, UnitRowParsed};

/// Problems found so far, capped at [`MAX_LISTED_PROBLEMS`].
#[derive(Debug, Default)]
pub(crate) struct Problems {
    pub(crate) list: Vec<Problem>,
    pub(crate) total: usize,
}

impl Problems {
    pub(crate) fn push(&mut self, file: &Path, position: Position, kind: ProblemKind) {
        self.total += 1;
        if self.list.len() < MAX_LISTED_PROBLEMS {
            self.list.push(Problem {
                file: file.to_owned(),
                position,
                kind,
            });
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// A reporter for the cells of one row: each problem is placed at the row's position
    /// `at` (a CSV line, a sheet's row) and the named column.
    pub(crate) fn at<'a>(
        &'a mut self,
        file: &'a Path,
        at: &'a dyn Fn() -> Position,
    ) -> impl FnMut(&'static str, ProblemKind) + 'a {
        move |column, kind| self.push(file, with_column(at(), column), kind)
    }

    pub(crate) fn into_error(self) -> LoadError {
        LoadError::Invalid {
            problems: self.list,
            total: self.total,
        }
    }
}

/// The position of one cell of a row: the column of a CSV line, the field of a JSON row.
pub(super) fn with_column(p: Position, column: &str) -> Position {
    match p {
        Position::Line { line, .. } => Position::Line {
            line,
            column: Some(column.to_owned()),
        },
        Position::Json { path, at } => Position::Json {
            path: format!("{path}.{column}"),
            at,
        },
        Position::Sheet { sheet, row, .. } => Position::Sheet {
            sheet,
            row,
            column: Some(column.to_owned()),
        },
        other => other,
    }
}

/// A row of the older form's units table that is a temporary organization or big
/// committee, added as an organization after the tree.
pub(crate) struct Extra {
    pub(crate) position: Position,
    pub(crate) id: UnitId,
    pub(crate) parent: Option<UnitId>,
    pub(crate) org: OutsideRow,
}

/// A standing unit of a row, on its way into the builder.
pub(crate) struct Standing<'c> {
    pub(crate) id: UnitId,
    pub(crate) parent: Option<UnitId>,
    /// Its name, borrowed from the row.
    pub(crate) name: &'c str,
    pub(crate) unit: UnitFacts,
}

/// Rows on their way into a hierarchy: standing units go straight into the builder, the
/// rest waits until the tree stands.
#[derive(Default)]
pub(crate) struct Assembly {
    pub(crate) builder: HierarchyBuilder,
    pub(crate) extras: Vec<Extra>,
    pub(crate) relations: Vec<(FileName, Position, RelationItem)>,
    /// Record rows: where, the id, the record and its explicit key.
    pub(crate) records: Vec<(FileName, Position, RecordId, Record, Option<String>)>,
    pub(crate) problems: Problems,
    /// Ids of unit rows that failed to parse, so that their children do not also report a
    /// missing parent.
    pub(crate) failed_ids: HashSet<u32>,
    /// How many problems the unit rows had (set by [`units_done`](Self::units_done)).
    pub(crate) unit_problems: usize,
    /// The name of the column holding a row's parent, when not `parent`.
    pub(crate) parent_column: Option<&'static str>,
    /// Organization rows, added once the units are built.
    pub(crate) orgs: Vec<(FileName, Position, orgs::OrgItem)>,
    /// Units whose own organization has a recorded superior, set once the organizations
    /// are added.
    pub(crate) party_parents: Vec<(Position, UnitId, crate::OrgId)>,
    /// Organization ids a snapshot retired, which units' own organizations (numbered on
    /// load) must not take.
    pub(crate) retired_orgs: HashSet<u32>,
    /// The ids of the older form's organization rows.
    pub(crate) extras_seen: HashSet<UnitId>,
    /// The keys of the load (see the `file_keys` module).
    pub(crate) keys: FileKeys,
    /// The units' forest being built on a thread of its own (a large table read
    /// cleanly, see the `pipeline` module), in place of `builder`.
    pub(crate) building: Option<super::pipeline::Building>,
    /// The file of the rows read last, shared by the rows that wait for the tree.
    pub(crate) last_file: Option<FileName>,
}

/// A file's name, shared by every row read from it that waits for the tree (a clone is
/// a count, not a copy).
pub(crate) type FileName = std::sync::Arc<Path>;

/// Reads a file into an assembly with `read`, which is told whether to detect the
/// encoding of the text (`true`) or take it as UTF-8 (`false`); `file` (the units
/// table, or the workbook) names the file in a problem of the whole load.
///
/// The first reading takes the text as UTF-8 and keys as unknown: a clean UTF-8 file with
/// numeric ids, the common case, is read once, a clean one with keys twice. A reading
/// that meets a problem is done again with the encoding detected (a GB18030 file meets
/// one at its first Chinese text, which is no UTF-8, or its first Chinese header), so
/// that problems are those of the file's true text; and a reading that meets keys is done
/// again with every key known (see the `file_keys` module).
pub(crate) fn read_keyed(
    file: &Path,
    mut read: impl FnMut(&mut Assembly, bool) -> Result<(), LoadError>,
) -> Result<Assembly, LoadError> {
    let mut asm = Assembly::default();
    read(&mut asm, false)?;
    if asm.problems.is_empty() && !asm.keys.met_keys() {
        return Ok(asm);
    }
    // Without a problem, every cell was UTF-8 and every key was collected: the keys'
    // reading follows. Otherwise the file is read again with its encoding detected (and
    // its keys collected again, in that text), then with its keys.
    let clean = asm.problems.is_empty();
    if !clean {
        asm = Assembly::default();
        read(&mut asm, true)?;
        if !asm.keys.met_keys() {
            return Ok(asm);
        }
    }
    let mut asm = Assembly {
        keys: std::mem::take(&mut asm.keys).second_reading(),
        ..Assembly::default()
    };
    read(&mut asm, !clean)?;
    if let Some(what) = asm.keys.exhausted() {
        asm.problems.push(
            file,
            Position::File,
            ProblemKind::Refused(HierarchyError::Full { what }),
        );
    }
    Ok(asm)
}

impl Assembly {
    /// The shared name of `file`, made once per file read.
    pub(crate) fn file_name(&mut self, file: &Path) -> FileName {
        match &self.last_file {
            Some(name) if name.as_os_str() == file.as_os_str() => name.clone(),
            _ => {
                let name: FileName = file.into();
                self.last_file = Some(name.clone());
                name
            }
        }
    }

    /// Marks the end of the unit rows: problems found from here on are in relations and
    /// records, which are still checked against the hierarchy when the units are good.
    pub(crate) fn units_done(&mut self) {
        self.unit_problems = self.problems.total;
    }

    /// Takes a parsed unit row: its recorded superior and, for a row of the older form
    /// that is an organization, the row itself wait for the tree; a standing unit is
    /// returned for the builder ([`push_standing`](Self::push_standing), or a builder on
    /// another thread).
    pub(crate) fn unit<'c>(
        &mut self,
        position: impl Fn() -> Position,
        row: UnitRowParsed<'c>,
    ) -> Option<Standing<'c>> {
        if let Some(org) = row.party_parent {
            self.party_parents
                .push((with_column(position(), "party_parent"), row.id, org));
        }
        match row.outside {
            None => Some(Standing {
                id: row.id,
                parent: row.parent,
                name: row.name,
                unit: row.unit,
            }),
            Some(org) => {
                self.extras.push(Extra {
                    position: position(),
                    id: row.id,
                    parent: row.parent,
                    org: *org,
                });
                None
            }
        }
    }

    /// Adds a standing unit to the builder.
    pub(crate) fn push_standing(&mut self, s: Standing<'_>) {
        self.builder
            .push_named(s.id, s.parent, s.name, s.unit.into_unit());
    }

    /// Adds the temporary organizations and big committees of the older form's unit rows
    /// as organizations, each with a fresh id, and returns the ids their rows map to. A
    /// temporary organization's host is its `parent`; a big committee's core is its
    /// `core` relation row (taken from the relations here).
    fn add_legacy_outside(
        &mut self,
        h: &mut Hierarchy,
        units_file: &Path,
        locate: &mut impl FnMut(&HashSet<UnitId>, &FileKeys) -> HashMap<UnitId, Vec<Position>>,
    ) -> (HashMap<UnitId, OrgId>, HashSet<UnitId>) {
        let mut map: HashMap<UnitId, OrgId> = HashMap::new();
        let mut failed: HashSet<UnitId> = HashSet::new();
        if self.extras.is_empty() {
            for (file, pos, item) in &self.relations {
                if let RelationItem::Core(f, _) = item {
                    self.problems.push(
                        file,
                        with_column(pos.clone(), "from"),
                        ProblemKind::NotABigCommittee { id: *f },
                    );
                }
            }
            return (map, failed);
        }
        // The cores named by `core` rows, the first for each committee.
        let mut cores: HashMap<UnitId, (UnitId, FileName, Position)> = HashMap::new();
        let is_bc: HashSet<UnitId> = self
            .extras
            .iter()
            .filter(|e| e.org.form == OrgForm::BigCommittee)
            .map(|e| e.id)
            .collect();
        for (file, pos, item) in &self.relations {
            if let RelationItem::Core(f, t) = item {
                if !is_bc.contains(f) {
                    self.problems.push(
                        file,
                        with_column(pos.clone(), "from"),
                        ProblemKind::NotABigCommittee { id: *f },
                    );
                } else if let Some((first, ..)) = cores.get(f) {
                    self.problems.push(
                        file,
                        with_column(pos.clone(), "to"),
                        ProblemKind::SecondCore {
                            committee: *f,
                            core: *first,
                        },
                    );
                } else {
                    cores.insert(*f, (*t, file.clone(), pos.clone()));
                }
            }
        }
        let mut first_extra: HashMap<UnitId, Position> = HashMap::new();
        let mut collide: Vec<(UnitId, Position)> = Vec::new();
        self.extras_seen = self.extras.iter().map(|e| e.id).collect();
        for e in std::mem::take(&mut self.extras) {
            if let Some(first) = first_extra.get(&e.id) {
                let kind = self.keys.duplicate(Space::Units, e.id.0, first.clone());
                self.problems
                    .push(units_file, with_column(e.position, "id"), kind);
                continue;
            }
            if h.contains(e.id) {
                collide.push((e.id, e.position));
                continue;
            }
            first_extra.insert(e.id, with_column(e.position.clone(), "id"));
            let o = e.org;
            // Where the base is named: the row's parent, or the core row of the relations.
            let (base, base_file, base_pos) = if o.form == OrgForm::Temporary {
                (
                    e.parent,
                    FileName::from(units_file),
                    with_column(e.position.clone(), "parent"),
                )
            } else {
                if let Some(p) = e.parent {
                    self.problems.push(
                        units_file,
                        with_column(e.position.clone(), "parent"),
                        ProblemKind::ParentNotStanding {
                            id: e.id,
                            parent: p,
                        },
                    );
                    continue;
                }
                match cores.get(&e.id) {
                    Some((c, file, pos)) => {
                        (Some(*c), file.clone(), with_column(pos.clone(), "to"))
                    }
                    None => (
                        None,
                        units_file.into(),
                        with_column(e.position.clone(), "id"),
                    ),
                }
            };
            let Some(base) = base else {
                self.problems.push(
                    &base_file,
                    base_pos,
                    ProblemKind::Needs {
                        needs: if o.form == OrgForm::Temporary {
                            "parent (its host)"
                        } else {
                            "core (a core relation row)"
                        },
                    },
                );
                continue;
            };
            if !h.contains(base) {
                let kind = if is_bc.contains(&base) || first_extra.contains_key(&base) {
                    ProblemKind::ParentNotStanding {
                        id: e.id,
                        parent: base,
                    }
                } else {
                    ProblemKind::MissingParent {
                        id: e.id,
                        parent: base,
                    }
                };
                self.problems.push(&base_file, base_pos, kind);
                continue;
            }
            let res = h.fresh_org_id().and_then(|id| {
                if o.form == OrgForm::Temporary {
                    let mut t = crate::org::TemporaryOrg::from_parts(
                        o.name,
                        base,
                        o.members,
                        o.founded,
                        o.dissolved,
                        o.temporary,
                    );
                    t.key = o.key;
                    h.add_temporary_row(id, t, o.temporary.is_some())
                } else {
                    let kind = o
                        .big_committee
                        .unwrap_or(crate::unit::BigCommitteeKind::Regional);
                    let mut bc = BigCommittee::new(o.name, kind, base);
                    bc.founded = o.founded;
                    bc.key = o.key;
                    h.add_big_committee_row(id, bc, o.big_committee)
                }
            });
            match res {
                Ok(id) => {
                    map.insert(e.id, id);
                }
                Err(err) => self
                    .problems
                    .push(units_file, e.position, ProblemKind::Refused(err)),
            }
        }
        if !collide.is_empty() {
            let wanted: HashSet<UnitId> = collide.iter().map(|c| c.0).collect();
            let found = locate(&wanted, &self.keys);
            for (id, pos) in collide {
                let first = found
                    .get(&id)
                    .and_then(|v| v.first().cloned())
                    .map_or(Position::File, |p| with_column(p, "id"));
                let kind = self.keys.duplicate(Space::Units, id.0, first);
                self.problems.push(units_file, with_column(pos, "id"), kind);
            }
        }
        for e in &self.extras_seen {
            if !map.contains_key(e) {
                failed.insert(*e);
            }
        }
        (map, failed)
    }

    /// Reports a key the store refused for an item (a snapshot's `key` field): a key
    /// another item holds is [`ProblemKind::DuplicateKey`], naming the holder's row.
    fn key_problem(
        &mut self,
        file: &Path,
        pos: &Position,
        err: HierarchyError,
        first: Option<&Position>,
    ) {
        let kind = match (err, first) {
            (HierarchyError::DuplicateKey { key }, Some(first)) => ProblemKind::DuplicateKey {
                key,
                first: first.clone(),
            },
            (err, _) => ProblemKind::Refused(err),
        };
        self.problems
            .push(file, with_column(pos.clone(), "key"), kind);
    }

    /// Builds the hierarchy, or reports every problem. `units_file` is the file of the unit
    /// rows; `locate` finds the positions of the unit rows with the given ids (in file
    /// order), for structural problems.
    pub(crate) fn finish(
        mut self,
        units_file: &Path,
        mut locate: impl FnMut(&HashSet<UnitId>, &FileKeys) -> HashMap<UnitId, Vec<Position>>,
    ) -> Result<Hierarchy, LoadError> {
        let extra_ids: HashMap<UnitId, usize> = self
            .extras
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id, i))
            .collect();
        let parent_column = self.parent_column.unwrap_or("parent");
        let built = match self.building.take() {
            Some(building) => building.join(),
            None => std::mem::take(&mut self.builder).build(),
        };
        let mut h = match built {
            Ok(h) => h,
            Err(e) => {
                let wanted: HashSet<UnitId> = e
                    .problems
                    .iter()
                    .filter_map(|p| match p {
                        BuildProblem::DuplicateId { id }
                        | BuildProblem::MissingParent { id, .. } => Some(*id),
                        BuildProblem::Cycle { id, .. } => Some(*id),
                        _ => None,
                    })
                    .collect();
                let found = locate(&wanted, &self.keys);
                let at = |id: UnitId, n: usize, column: &str| {
                    found
                        .get(&id)
                        .and_then(|v| v.get(n).cloned())
                        .map_or(Position::File, |p| with_column(p, column))
                };
                let mut dup_seen: HashMap<UnitId, usize> = HashMap::new();
                for p in &e.problems {
                    match p {
                        BuildProblem::DuplicateId { id } => {
                            let n = dup_seen.entry(*id).or_insert(0);
                            *n += 1;
                            let kind = self.keys.duplicate(Space::Units, id.0, at(*id, 0, "id"));
                            self.problems.push(units_file, at(*id, *n, "id"), kind);
                        }
                        BuildProblem::MissingParent { id, parent } => {
                            if self.failed_ids.contains(&parent.0) {
                                continue;
                            }
                            let kind = if extra_ids.contains_key(parent) {
                                ProblemKind::ParentNotStanding {
                                    id: *id,
                                    parent: *parent,
                                }
                            } else {
                                ProblemKind::MissingParent {
                                    id: *id,
                                    parent: *parent,
                                }
                            };
                            self.problems
                                .push(units_file, at(*id, 0, parent_column), kind);
                        }
                        BuildProblem::Cycle { id, cycle } => {
                            let kind = ProblemKind::Cycle {
                                id: *id,
                                cycle: cycle.clone(),
                            };
                            self.problems
                                .push(units_file, at(*id, 0, parent_column), kind);
                        }
                        BuildProblem::Hierarchy(err) => {
                            self.problems.push(
                                units_file,
                                Position::File,
                                ProblemKind::Refused(err.clone()),
                            );
                        }
                    }
                }
                // Problems the builder counted but did not list.
                self.problems.total += e.total - e.problems.len();
                return Err(self.problems.into_error());
            }
        };
        if self.unit_problems > 0 {
            return Err(self.problems.into_error());
        }
        // Party organizations recorded in their own right.
        orgs::add_orgs(
            &mut h,
            std::mem::take(&mut self.orgs),
            &self.retired_orgs,
            &self.keys,
            &mut self.problems,
        );
        // Temporary organizations and big committees of the older form (unit rows),
        // numbered past the organizations table's ids.
        let (legacy, failed_legacy) = self.add_legacy_outside(&mut h, units_file, &mut locate);
        for (pos, unit, org) in std::mem::take(&mut self.party_parents) {
            let res = match h.own_org_of(unit) {
                Some(own) => h.set_superior(own, Some(org)),
                None => Err(HierarchyError::UnknownOrg { id: org }),
            };
            if let Err(err) = res {
                self.problems
                    .push(units_file, pos, ProblemKind::Refused(err));
            }
        }
        // The ids given to the older form's rows are no file's: an `org` cell naming one
        // names an organization the file does not have.
        let fresh: HashSet<OrgId> = legacy.values().copied().collect();
        // Relations and pairings.
        let mut first_pairing: HashMap<PairingId, Position> = HashMap::new();
        for (file, pos, item) in std::mem::take(&mut self.relations) {
            let res = match item {
                RelationItem::Core(..) => continue,
                RelationItem::Link(tail, t, rel) => {
                    if !h.contains(t) {
                        Err(HierarchyError::UnknownUnit { id: t })
                    } else {
                        let org = match tail {
                            Tail::Org(o) if fresh.contains(&o) => {
                                self.problems.push(
                                    &file,
                                    with_column(pos, "org"),
                                    ProblemKind::Refused(HierarchyError::UnknownOrg { id: o }),
                                );
                                continue;
                            }
                            Tail::Org(o) => o,
                            // Its row was refused, and said so.
                            Tail::Unit(u) if failed_legacy.contains(&u) => continue,
                            Tail::Unit(u) => {
                                match legacy.get(&u).copied().or_else(|| h.own_org_of(u)) {
                                    Some(o) => o,
                                    None => {
                                        let kind = if h.contains(u) {
                                            ProblemKind::NoOwnOrg { unit: u }
                                        } else {
                                            ProblemKind::Refused(HierarchyError::UnknownUnit {
                                                id: u,
                                            })
                                        };
                                        self.problems.push(&file, with_column(pos, "from"), kind);
                                        continue;
                                    }
                                }
                            }
                        };
                        h.relate(org, t, rel)
                    }
                }
                RelationItem::Pairing(id, f, t, p, key) => {
                    if let Some(first) = first_pairing.get(&id) {
                        let kind = self.keys.duplicate(Space::Pairings, id.0, first.clone());
                        self.problems.push(&file, with_column(pos, "id"), kind);
                        continue;
                    }
                    first_pairing.insert(id, with_column(pos.clone(), "id"));
                    match h.add_pairing_with_id(id, f, t, p) {
                        Ok(_) => {
                            if let Some(key) = key
                                && let Err(err) = h.set_pairing_key(id, Some(&key))
                            {
                                let holder = h.pairing_by_key(&key);
                                let first = holder.and_then(|p| first_pairing.get(&p));
                                self.key_problem(&file, &pos, err, first);
                            }
                            Ok(())
                        }
                        Err(e) => Err(e),
                    }
                }
            };
            if let Err(err) = res {
                self.problems.push(&file, pos, ProblemKind::Refused(err));
            }
        }
        // Records.
        let mut first_record: HashMap<RecordId, Position> =
            HashMap::with_capacity(self.records.len());
        for (file, pos, id, mut rec, key) in std::mem::take(&mut self.records) {
            if failed_legacy.contains(&rec.unit) {
                continue;
            }
            // A record of the older form's temporary organization or big committee row is
            // kept by the unit it is based in, where it always counted.
            if let Some(o) = legacy.get(&rec.unit)
                && let Ok(o) = h.org(*o)
            {
                rec.unit = o.based_in().id();
            }
            if let Some(first) = first_record.get(&id) {
                let first = with_column(first.clone(), "id");
                let kind = self.keys.duplicate(Space::Records, id.0, first);
                self.problems.push(&file, with_column(pos, "id"), kind);
                continue;
            }
            // The row's place as read (a line: no text to copy); its column is added
            // when a later row repeats the id.
            first_record.insert(id, pos.clone());
            if let Err(err) = h.add_record_with_id(id, rec) {
                self.problems.push(&file, pos, ProblemKind::Refused(err));
            } else if let Some(key) = key
                && let Err(err) = h.set_record_key(id, Some(&key))
            {
                let first = h
                    .record_by_key(&key)
                    .and_then(|r| first_record.get(&r))
                    .map(|p| with_column(p.clone(), "id"));
                self.key_problem(&file, &pos, err, first.as_ref());
            }
        }
        if self.problems.is_empty() {
            Ok(h)
        } else {
            Err(self.problems.into_error())
        }
    }
}
