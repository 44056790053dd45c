//! Keys in files: the `id` cells of the units, organizations, relations (pairing rows)
//! and records tables, and every cell that names a unit or an organization, hold keys
//! (any text not only white space, kept byte for byte), not only numbers.
//!
//! A key that is a canonical decimal number below `u32::MAX` (no sign, no leading zero)
//! is the internal id itself, so numeric files load exactly as before and their ids are
//! kept. Any other key (`440111013000`, `001001001004000`, `JH-001`) is kept as the
//! node's key ([`Hierarchy::unit_by_key`](crate::Hierarchy::unit_by_key)) and its node
//! takes an internal id above every number the table's `id` column holds, in the order
//! the rows come.
//!
//! A file is read once while every id is a number. On meeting a key, the first reading
//! goes on collecting the rows' own keys, and the file is read a second time with every
//! key known: a cell naming a key no row has is then a located
//! [`ProblemKind::UnknownKey`](super::ProblemKind::UnknownKey), and a number above the
//! table's numeric ids names no row (it is not taken for a key's internal id).

use std::cell::Cell;

use super::{Position, ProblemKind};
use crate::hierarchy::{Hierarchy, canonical_bytes, canonical_number};
use crate::names::{NameId, Names};
use crate::org::OrgId;
use crate::record::RecordId;
use crate::relation::PairingId;
use crate::unit::UnitId;

/// The spaces of ids a file's cells name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Space {
    /// Units: `units.id`, `parent`, `orgs.unit`, `covers`, `from`, `to`, `records.unit`.
    Units,
    /// Organizations: `orgs.id`, `orgs.parent`, `party_parent`, relations' `org`.
    Orgs,
    /// Pairings: a pairing row's `id` in `relations.csv`.
    Pairings,
    /// Records: `records.id`.
    Records,
}

impl Space {
    const ALL: [Space; 4] = [Space::Units, Space::Orgs, Space::Pairings, Space::Records];

    /// The ids of the space, as [`HierarchyError::Full`](crate::HierarchyError::Full)
    /// names them.
    fn what(self) -> &'static str {
        match self {
            Space::Units => "unit ids",
            Space::Orgs => "organization ids",
            Space::Pairings => "pairing ids",
            Space::Records => "record ids",
        }
    }
}

/// One space's keys: the rows' own keys, collected by the first reading (each distinct
/// key once, in the order the rows came, in a name arena: about 12 bytes a key besides
/// its text) and resolved by the second: the `i`-th key takes the id `first_given + i`.
#[derive(Default)]
struct SpaceKeys {
    /// The largest numeric own id seen.
    max_number: Option<u32>,
    /// The distinct own keys, in the order they came.
    keys: Names,
    /// How many distinct keys there are (0 when none, or none could be kept).
    count: u32,
    /// The first internal id given to a key: numbers from here on name no row.
    first_given: u32,
}

impl std::fmt::Debug for SpaceKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpaceKeys")
            .field("max_number", &self.max_number)
            .field("count", &self.count)
            .field("first_given", &self.first_given)
            .finish()
    }
}

/// The keys of one load.
#[derive(Debug, Default)]
pub(crate) struct FileKeys {
    units: SpaceKeys,
    orgs: SpaceKeys,
    pairings: SpaceKeys,
    records: SpaceKeys,
    /// Whether the keys are resolved (the second reading of a keyed file).
    active: bool,
    /// Set by the first reading on meeting a cell that is not a number.
    met: Cell<bool>,
    /// Set when the keys cannot all be given internal ids (numbers run out): the ids
    /// that ran out, for the problem.
    exhausted: Option<&'static str>,
    /// Whether the format's ids are numbers (a snapshot's).
    numbers_only: bool,
}

/// How an id cell reads.
pub(crate) enum Resolved {
    /// The internal id.
    Id(u32),
    /// A key no row has (second reading), or a number no row can have.
    Unknown,
    /// A key met by the first reading: the file is to be read again.
    Later,
}

impl FileKeys {
    fn space(&self, s: Space) -> &SpaceKeys {
        match s {
            Space::Units => &self.units,
            Space::Orgs => &self.orgs,
            Space::Pairings => &self.pairings,
            Space::Records => &self.records,
        }
    }

    fn space_mut(&mut self, s: Space) -> &mut SpaceKeys {
        match s {
            Space::Units => &mut self.units,
            Space::Orgs => &mut self.orgs,
            Space::Pairings => &mut self.pairings,
            Space::Records => &mut self.records,
        }
    }

    /// Keys for a file whose ids are numbers by its format (a snapshot): any other text
    /// names no row.
    pub(crate) fn numbers_only() -> FileKeys {
        FileKeys {
            active: true,
            numbers_only: true,
            ..FileKeys::default()
        }
    }

    /// Whether the file's ids are numbers by its format.
    pub(crate) fn is_numbers_only(&self) -> bool {
        self.numbers_only
    }

    /// Notes a row's own id cell (first reading: numbers raise the largest, keys are
    /// kept in order). Empty and unreadable cells are the row parser's to report.
    pub(crate) fn note_own(&mut self, s: Space, cell: &[u8]) {
        if self.active {
            return;
        }
        if let Some(n) = canonical_bytes(cell) {
            let sp = self.space_mut(s);
            sp.max_number = Some(sp.max_number.map_or(n, |m| m.max(n)));
            return;
        }
        // Text that is not UTF-8 or only white space is the row parser's to report.
        if let Ok(text) = std::str::from_utf8(cell)
            && !text.trim().is_empty()
        {
            self.met.set(true);
            let sp = self.space_mut(s);
            match sp.keys.intern(text) {
                Ok(NameId(i)) => sp.count = sp.count.max(i + 1),
                Err(_) => self.exhausted = Some(s.what()),
            }
        }
    }

    /// Whether the first reading met a key, so that the file is to be read again.
    pub(crate) fn met_keys(&self) -> bool {
        !self.active && self.met.get()
    }

    /// The keys for the second reading: each distinct own key an internal id above the
    /// space's numbers, in the order the rows came.
    pub(crate) fn second_reading(mut self) -> FileKeys {
        let mut out = FileKeys {
            active: true,
            exhausted: self.exhausted,
            ..FileKeys::default()
        };
        for s in Space::ALL {
            let mut sp = std::mem::take(self.space_mut(s));
            let first = sp.max_number.map_or(Some(1), |m| m.checked_add(1));
            // Every key's id below `u32::MAX`, which is reserved.
            let fits =
                first.is_some_and(|f| u64::from(f) + u64::from(sp.count) <= u64::from(u32::MAX));
            if sp.count > 0 && !fits {
                out.exhausted = Some(s.what());
                sp.count = 0;
                sp.keys = Names::default();
            }
            sp.first_given = first.unwrap_or(u32::MAX);
            *out.space_mut(s) = sp;
        }
        out
    }

    /// Whether some keys could not be given an internal id: the numbers of the table's
    /// ids leave none above them.
    /// `Some` names the ids that ran out.
    pub(crate) fn exhausted(&self) -> Option<&'static str> {
        self.exhausted
    }

    /// How the text of a cell naming a node of `s` reads.
    pub(crate) fn resolve(&self, s: Space, text: &str) -> Resolved {
        let sp = self.space(s);
        if let Some(n) = canonical_number(text) {
            return self.number(s, n);
        }
        if !self.active {
            self.met.set(true);
            return Resolved::Later;
        }
        match sp.keys.find(text) {
            Some(NameId(i)) => Resolved::Id(sp.first_given + i),
            None => Resolved::Unknown,
        }
    }

    /// Whether `text` is, as written, a key some row of `s` has (second reading only:
    /// the first knows no key yet, and asking it notes nothing).
    pub(crate) fn names_key(&self, s: Space, text: &str) -> bool {
        self.active && self.space(s).keys.find(text).is_some()
    }

    /// The problem of a second row with the internal id `id` of `s`: a repeated key
    /// when a key was given that id, a repeated id otherwise.
    pub(crate) fn duplicate(&self, s: Space, id: u32, first: Position) -> ProblemKind {
        match self.key_of(s, id) {
            Some(key) => ProblemKind::DuplicateKey {
                key: key.to_owned(),
                first,
            },
            None => ProblemKind::DuplicateId {
                id: u64::from(id),
                first,
            },
        }
    }

    /// How a cell holding the canonical number `n` reads: the id `n`, unless keys took
    /// the ids from some number below it on (a number at or above the first id given to
    /// a key names no row of the file: it is never taken for a key's internal id).
    pub(crate) fn number(&self, s: Space, n: u32) -> Resolved {
        let sp = self.space(s);
        if self.active && sp.count > 0 && n >= sp.first_given {
            Resolved::Unknown
        } else {
            Resolved::Id(n)
        }
    }

    /// The key given the internal id `id` of `s`, if one was (for messages).
    pub(crate) fn key_of(&self, s: Space, id: u32) -> Option<&str> {
        let sp = self.space(s);
        let i = id.checked_sub(sp.first_given).filter(|&i| i < sp.count)?;
        Some(sp.keys.get(NameId(i)))
    }
}

/// The parts of a `;`-separated list of keys (a joint branch's `covers`, a change's
/// `children` or `orgs`): each part as written when `is_key` says a row has it so (spaces
/// around it included, as lists are written), else trimmed of the spaces around it.
pub(crate) fn list_parts(text: &str, is_key: impl Fn(&str) -> bool) -> Vec<&str> {
    text.split(';')
        .map(|raw| if is_key(raw) { raw } else { raw.trim() })
        .collect()
}

/// How a writer names units, organizations, pairings and records: by key in the
/// department's tables (CSV, workbooks), by internal id in a snapshot (which keeps keys
/// in fields of their own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IdText {
    /// The internal id's number.
    Numbers,
    /// The key: the explicit key, or the id's number for a node without one.
    Keys,
}

impl IdText {
    /// How the item numbered `id` is named: its explicit key (asked only when keys are
    /// written), else its number.
    fn name<'k>(self, id: u32, key: impl FnOnce() -> Option<&'k str>) -> String {
        match self {
            IdText::Keys => key().map_or_else(|| id.to_string(), str::to_owned),
            IdText::Numbers => id.to_string(),
        }
    }

    /// How a unit is named.
    pub(crate) fn unit(self, h: &Hierarchy, id: UnitId) -> String {
        self.name(id.0, || h.get(id).and_then(|u| u.explicit_key()))
    }

    /// How an organization is named.
    pub(crate) fn org(self, h: &Hierarchy, id: OrgId) -> String {
        self.name(id.0, || h.org(id).ok().and_then(|o| o.explicit_key()))
    }

    /// How a pairing is named.
    pub(crate) fn pairing(self, h: &Hierarchy, id: PairingId) -> String {
        self.name(id.0, || h.explicit_pairing_key(id))
    }

    /// How a record is named.
    pub(crate) fn record(self, h: &Hierarchy, id: RecordId) -> String {
        self.name(id.0, || h.explicit_record_key(id))
    }
}
