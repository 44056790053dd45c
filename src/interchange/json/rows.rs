//! The rows of a snapshot: the unit, organization, relation and record rows as JSON
//! objects, and their conversion to and from the cells the shared row parsers read.

use serde::{Deserialize, Serialize};

use crate::hierarchy::Hierarchy;
use crate::interchange::file_keys::IdText;
use crate::interchange::orgs;
use crate::interchange::{Cells, U_ACTS, U_COMMANDO, U_DEMOS, U_VENUES, UnitLists};
use crate::unit::{CommandoField, CommandoTeams, DemoLevel, Demonstration, Venue, VenueKind};
use crate::unit::{ForbiddenAct, ForbiddenActs};
use crate::vocab::Vocabulary;

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct UnitDto {
    pub(super) id: u32,
    /// The unit's key, when it has one besides its id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<u32>,
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sector: Option<String>,
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    party_form: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    full_members: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    probationary_members: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    agricultural: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    founded: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dissolved: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secretary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    committee_size: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    term_start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    term_years: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    election_due: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    approved_exception: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    weak_lax_identified: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    weak_lax_accepted: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    service_center_m2: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    service_center_since: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    venues: Vec<VenueDto>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    commando_teams: Vec<CommandoDto>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    demonstrations: Vec<DemoDto>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    purpose: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    approved: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    task_ended: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    acts: Vec<Word<ForbiddenAct>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bc_kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    party_parent: Option<u32>,
}

/// A list item of a snapshot: an object of a vocabulary word and a number, standing for
/// the model's value of the same fields; with `; dated`, also `since` when dated.
macro_rules! pair_dto {
    ($dto:ident, $model:ident, $word:ident: $w:ty, $number:ident: $n:ty $(; $since:ident)?) => {
        #[derive(Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct $dto {
            $word: Word<$w>,
            $number: $n,
            $(
                #[serde(default, skip_serializing_if = "Option::is_none")]
                $since: Option<chrono::NaiveDate>,
            )?
        }

        impl $dto {
            fn model(&self) -> $model {
                $model {
                    $word: self.$word.0,
                    $number: self.$number,
                    $($since: self.$since,)?
                }
            }

            fn of(m: &$model) -> Self {
                $dto {
                    $word: Word(m.$word),
                    $number: m.$number,
                    $($since: m.$since,)?
                }
            }
        }
    };
}

pair_dto!(VenueDto, Venue, kind: VenueKind, area_m2: u32; since);
pair_dto!(CommandoDto, CommandoTeams, field: CommandoField, count: u32; since);
pair_dto!(DemoDto, Demonstration, level: DemoLevel, year: i32);

/// A word of the vocabulary as a JSON string: read straight into its value, so that a
/// word that is not in the vocabulary is a JSON error at its path, line and column.
#[derive(Clone, Copy)]
struct Word<T>(T);

impl<T: Vocabulary> Serialize for Word<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.word())
    }
}

impl<'de, T: Vocabulary> Deserialize<'de> for Word<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// Checks the word where it is read, so that the parser places the error there.
        struct OneOf<T>(std::marker::PhantomData<T>);

        impl<T: Vocabulary> serde::de::Visitor<'_> for OneOf<T> {
            type Value = Word<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("one of ")?;
                for (i, w) in T::WORDS.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(w)?;
                }
                Ok(())
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Word<T>, E> {
                T::from_word(v)
                    .map(Word)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
        }

        d.deserialize_str(OneOf(std::marker::PhantomData))
    }
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RelationDto {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    org: Option<u32>,
    to: u32,
    pub(super) relation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<u32>,
    /// A pairing's key, when it has one besides its id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pairing: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sections: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cadres: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    households: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secretary: Option<String>,
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RecordDto {
    id: u32,
    /// The record's key, when it has one besides its id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) key: Option<String>,
    unit: u32,
    date: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    matters: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    problems_solved: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    participants: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    raised: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    resolved: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    person_times: Option<u32>,
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct OrgDto {
    id: u32,
    /// The organization's key, when it has one besides its id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<u32>,
    form: String,
    name: String,
    unit: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent_unit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    full_members: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    probationary_members: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    founded: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dissolved: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secretary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    committee_size: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    term_start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    term_years: Option<u8>,
    /// A joint branch's other units.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) covers: Vec<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    purpose: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    approved: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    task_ended: Option<String>,
    /// A temporary organization's recorded acts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    acts: Vec<Word<ForbiddenAct>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bc_kind: Option<String>,
}

impl OrgDto {
    /// The row's cells; `covers` is taken as a list of values, not through its text.
    pub(super) fn cells(&self) -> OwnedCells {
        OwnedCells(
            vec![
                Some(self.id.to_string()),
                num(self.parent),
                Some(self.form.clone()),
                Some(self.name.clone()),
                Some(self.unit.to_string()),
                num(self.parent_unit),
                self.code.clone(),
                num(self.full_members),
                num(self.probationary_members),
                self.founded.clone(),
                self.dissolved.clone(),
                self.secretary.clone(),
                num(self.committee_size),
                self.term_start.clone(),
                num(self.term_years),
                None,
                self.purpose.clone(),
                num(self.approved),
                self.task_ended.clone(),
                (!self.acts.is_empty()).then(|| {
                    self.acts
                        .iter()
                        .map(|a| a.0.as_str())
                        .collect::<Vec<_>>()
                        .join(";")
                }),
                self.bc_kind.clone(),
            ],
            None,
        )
    }

    pub(super) fn of(h: &Hierarchy, o: &crate::OrgRef<'_>) -> OrgDto {
        let c = orgs::org_cells(h, o, IdText::Numbers);
        fn n<T: std::str::FromStr>(c: &[Option<String>], i: usize) -> Option<T> {
            c[i].as_deref().and_then(|t| t.parse().ok())
        }
        OrgDto {
            id: o.id().0,
            key: o.explicit_key().map(str::to_owned),
            parent: n(&c, 1),
            form: c[2].clone().unwrap_or_default(),
            name: c[3].clone().unwrap_or_default(),
            unit: o.based_in().id().0,
            parent_unit: n(&c, 5),
            code: c[6].clone(),
            full_members: n(&c, 7),
            probationary_members: n(&c, 8),
            founded: c[9].clone(),
            dissolved: c[10].clone(),
            secretary: c[11].clone(),
            committee_size: n(&c, 12),
            term_start: c[13].clone(),
            term_years: n(&c, 14),
            covers: orgs::covers_of(o).iter().map(|u| u.0).collect(),
            purpose: c[16].clone(),
            approved: c[17].as_deref().map(|t| t == "true"),
            task_ended: c[18].clone(),
            acts: o
                .temporary_info()
                .map(|t| {
                    ForbiddenAct::ALL
                        .into_iter()
                        .filter(|&act| t.acts.has(act))
                        .map(Word)
                        .collect()
                })
                .unwrap_or_default(),
            bc_kind: c[20].clone(),
        }
    }
}

/// Owned cells, as the shared row parsers read them, and a unit row's lists as values.
pub(super) struct OwnedCells(Vec<Option<String>>, Option<UnitLists>);

impl Cells for OwnedCells {
    fn cell(&self, col: usize) -> Result<Option<&str>, ()> {
        Ok(self.0[col].as_deref().filter(|s| !s.is_empty()))
    }

    fn present(&self, col: usize) -> bool {
        match &self.1 {
            Some(l) if matches!(col, U_VENUES | U_COMMANDO | U_DEMOS | U_ACTS) => l.present(col),
            _ => self.raw(col).is_some(),
        }
    }

    fn raw(&self, col: usize) -> Option<&[u8]> {
        self.0[col]
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(str::as_bytes)
    }

    fn lists(&self) -> Option<&UnitLists> {
        self.1.as_ref()
    }
}

fn num<T: ToString>(v: Option<T>) -> Option<String> {
    v.map(|v| v.to_string())
}

impl UnitDto {
    pub(super) fn cells(&self) -> OwnedCells {
        OwnedCells(
            vec![
                Some(self.id.to_string()),
                num(self.parent),
                Some(self.kind.clone()),
                self.sector.clone(),
                Some(self.name.clone()),
                self.code.clone(),
                self.party_form.clone(),
                num(self.full_members),
                num(self.probationary_members),
                num(self.agricultural),
                self.founded.clone(),
                self.dissolved.clone(),
                self.secretary.clone(),
                num(self.committee_size),
                self.term_start.clone(),
                num(self.term_years),
                self.election_due.clone(),
                num(self.approved_exception),
                self.weak_lax_identified.clone(),
                self.weak_lax_accepted.clone(),
                num(self.service_center_m2),
                self.service_center_since.clone(),
                None,
                None,
                None,
                self.purpose.clone(),
                num(self.approved),
                self.task_ended.clone(),
                None,
                self.bc_kind.clone(),
                num(self.party_parent),
            ],
            Some(self.lists()),
        )
    }

    /// The lists, as the model has them.
    fn lists(&self) -> UnitLists {
        UnitLists {
            venues: self.venues.iter().map(VenueDto::model).collect(),
            commando_teams: self.commando_teams.iter().map(CommandoDto::model).collect(),
            demonstrations: self.demonstrations.iter().map(DemoDto::model).collect(),
            acts: {
                let mut a = ForbiddenActs::default();
                for act in &self.acts {
                    a.insert(act.0);
                }
                a
            },
        }
    }

    /// From cells this crate wrote (so every number parses), and the lists from the
    /// unit's details.
    pub(super) fn from_cells(
        c: [Option<String>; 31],
        d: &crate::unit::Details,
        u: &crate::UnitRef<'_>,
    ) -> UnitDto {
        let [
            id,
            parent,
            kind,
            sector,
            name,
            code,
            party_form,
            full,
            prob,
            agri,
            founded,
            dissolved,
            secretary,
            committee,
            term_start,
            term_years,
            due,
            exception,
            wl_id,
            wl_acc,
            center,
            center_since,
            _venues,
            _commando,
            _demos,
            purpose,
            approved,
            task_ended,
            _acts,
            bc_kind,
            party_parent,
        ] = c;
        let n = |v: Option<String>| v.and_then(|s| s.parse::<u32>().ok());
        let b = |v: Option<String>| v.map(|s| s == "true");
        UnitDto {
            id: n(id).unwrap_or(0),
            key: u.explicit_key().map(str::to_owned),
            parent: n(parent),
            kind: kind.unwrap_or_default(),
            sector,
            name: name.unwrap_or_default(),
            code,
            party_form,
            full_members: n(full),
            probationary_members: n(prob),
            agricultural: b(agri),
            founded,
            dissolved,
            secretary,
            committee_size: n(committee),
            term_start,
            term_years: n(term_years),
            election_due: due,
            approved_exception: b(exception),
            weak_lax_identified: wl_id,
            weak_lax_accepted: wl_acc,
            service_center_m2: n(center),
            service_center_since: center_since,
            venues: d.venues.iter().map(VenueDto::of).collect(),
            commando_teams: d.commando_teams.iter().map(CommandoDto::of).collect(),
            demonstrations: d.demonstrations.iter().map(DemoDto::of).collect(),
            purpose,
            approved: b(approved),
            task_ended,
            // Units carry no recorded acts: those are a temporary organization's.
            acts: Vec::new(),
            bc_kind,
            party_parent: n(party_parent),
        }
    }
}

impl RelationDto {
    pub(super) fn cells(&self) -> OwnedCells {
        OwnedCells(
            vec![
                num(self.from),
                Some(self.to.to_string()),
                Some(self.relation.clone()),
                num(self.id),
                self.pairing.clone(),
                self.since.clone(),
                self.until.clone(),
                num(self.count),
                num(self.sections),
                num(self.cadres),
                num(self.households),
                self.secretary.clone(),
                num(self.org),
            ],
            None,
        )
    }

    pub(super) fn from_cells(c: [Option<String>; 13]) -> RelationDto {
        let [
            from,
            to,
            relation,
            id,
            pairing,
            since,
            until,
            count,
            sections,
            cadres,
            households,
            secretary,
            org,
        ] = c;
        let n = |v: Option<String>| v.and_then(|s| s.parse::<u32>().ok());
        RelationDto {
            from: n(from),
            org: n(org),
            to: n(to).unwrap_or(0),
            relation: relation.unwrap_or_default(),
            id: n(id),
            key: None,
            pairing,
            since,
            until,
            count: n(count),
            sections: n(sections),
            cadres: n(cadres),
            households: n(households),
            secretary,
        }
    }
}

impl RecordDto {
    pub(super) fn cells(&self) -> OwnedCells {
        OwnedCells(
            vec![
                Some(self.id.to_string()),
                Some(self.unit.to_string()),
                Some(self.date.clone()),
                Some(self.kind.clone()),
                num(self.matters),
                num(self.problems_solved),
                num(self.participants),
                num(self.raised),
                num(self.resolved),
                num(self.person_times),
            ],
            None,
        )
    }

    pub(super) fn from_cells(c: [Option<String>; 10]) -> RecordDto {
        let [
            id,
            unit,
            date,
            kind,
            matters,
            solved,
            participants,
            raised,
            resolved,
            person_times,
        ] = c;
        let n = |v: Option<String>| v.and_then(|s| s.parse::<u32>().ok());
        RecordDto {
            id: n(id).unwrap_or(0),
            key: None,
            unit: n(unit).unwrap_or(0),
            date: date.unwrap_or_default(),
            kind: kind.unwrap_or_default(),
            matters: n(matters),
            problems_solved: n(solved),
            participants: n(participants),
            raised: n(raised),
            resolved: n(resolved),
            person_times: n(person_times),
        }
    }
}
