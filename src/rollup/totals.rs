//! The totals of a subtree.

use std::ops::Add;

use serde::{Deserialize, Serialize};

use crate::record::RecordKind;
use crate::relation::PairingWord;
use crate::unit::{BigCommitteeKind, CommandoField, DemoLevel, PartyForm, UnitKind, VenueKind};

use super::fold::{Combine, Overflow};

/// What a subtree holds and what happened in it over a [`Period`](super::Period).
///
/// Every field is additive: each fact is attributed to exactly one unit of the tree, so
/// the totals of a subtree are the sum of its units' own contributions and of its
/// children's totals (that is what makes the all-subtrees pass and the incremental memo
/// possible). The attribution rules:
///
/// - unit facts (kind, members, party organization, service center, venues, commando
///   teams, demonstrations, weak-and-lax dates) belong to the unit; structural facts are
///   those of the hierarchy as it stands, dated ones are filtered by the period: a
///   service center, venue or commando team counts when it was formed by the period's
///   last day (their `since`; undated, always);
/// - a temporary organization (临时党组织) belongs to its host;
/// - a big committee (大党委) belongs to its core unit (一核), with its part-time members
///   (兼职委员);
/// - a pairing (结对) belongs to its receiving end (the street of a "1+3" pair, the co-op
///   of an organ–co-op pair, the village of a first secretary or of cadre–household pairs);
/// - a record belongs to its unit; a record of a temporary organization to its host, of a
///   big committee to its core.
///
/// Counts are `u64`. The rollups add totals with checked arithmetic ([`Combine`]) and
/// report [`QueryError::Overflow`](super::QueryError::Overflow) rather than wrap; `+`
/// ([`Add`]) panics on overflow and is meant for tests and small data.
///
/// Serde writes every field under its name, the per-kind counts as arrays in the order
/// their doc names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Totals {
    /// Standing units.
    pub units: u64,
    /// Standing units per kind, indexed by [`UnitKind::index`].
    pub units_by_kind: [u64; 20],
    /// Full party members (正式党员).
    pub full_members: u64,
    /// Probationary members (预备党员).
    pub probationary_members: u64,
    /// Party organizations per form, indexed as [`PartyForm::ALL`].
    pub party_orgs_by_form: [u64; 4],
    /// Agricultural (涉农) towns and streets.
    pub agricultural: u64,
    /// Party-mass service centers and stations (党群服务中心/站) per kind of the unit that
    /// keeps them, indexed by [`UnitKind::index`].
    pub service_centers_by_kind: [u64; 20],
    /// Their floor area, m².
    pub service_center_area_m2: u64,
    /// Party-building venues (党建阵地) per [`VenueKind`] (park, square, corridor).
    pub venues_by_kind: [u64; 3],
    /// Their area per kind, m².
    pub venue_area_m2_by_kind: [u64; 3],
    /// Party commando teams (党员突击队) per [`CommandoField`] (organ, village/residence,
    /// grid, two-new, three-new).
    pub commando_teams_by_field: [u64; 5],
    /// Temporary organizations hosted in the subtree that exist on some day of the period.
    pub temporary_active: u64,
    /// Temporary organizations hosted in the subtree founded in the period.
    pub temporary_founded: u64,
    /// Members of the active temporary organizations (their membership stays at home).
    pub temporary_members: u64,
    /// Big committees whose core lies in the subtree, per [`BigCommitteeKind`]
    /// (industry chain, business district, regional).
    pub big_committees_by_kind: [u64; 3],
    /// Part-time committee members (兼职委员) of those big committees, per kind.
    pub part_time_members_by_kind: [u64; 3],
    /// Core and member links (一核多元) from big committees to units of the subtree.
    pub big_committee_links: u64,
    /// Pairings in force on some day of the period, counted at their receiving end, per
    /// [`PairingWord`], in the order of [`PairingWord::ALL`].
    pub pairings_by_type: [u64; 5],
    /// Organ sections (科室) of those organ–co-op pairings.
    pub organ_sections: u64,
    /// Distinct co-ops with at least one organ–co-op pairing.
    pub coops_paired: u64,
    /// Cadres (干部职工) of cadre–household pairings.
    pub cadres: u64,
    /// Households (户) of cadre–household pairings.
    pub households: u64,
    /// Units with at least one first secretary (第一书记) in force.
    pub units_with_first_secretary: u64,
    /// Party organizations identified as weak and lax (软弱涣散) in the period.
    pub weak_lax_identified: u64,
    /// Weak-and-lax rectifications accepted (验收) in the period.
    pub weak_lax_accepted: u64,
    /// Demonstration-site designations (示范点) whose year overlaps the period, per
    /// [`DemoLevel`] (national, provincial, city, district).
    pub demonstrations_by_level: [u64; 4],
    /// Joint meetings (联席会议) held in the period.
    pub joint_meetings: u64,
    /// Important matters they discussed.
    pub matters: u64,
    /// Problems they solved.
    pub problems_solved: u64,
    /// Activities (活动) held.
    pub activities: u64,
    /// Their participants (人次).
    pub activity_participants: u64,
    /// Residents' appeals (群众诉求) raised.
    pub appeals_raised: u64,
    /// Appeals resolved.
    pub appeals_resolved: u64,
    /// Trainings (培训).
    pub trainings: u64,
    /// Training person-times (人次).
    pub training_person_times: u64,
}

/// Applies `f` to every pair of corresponding counters; stops at the first `None`.
/// Adds `v` to a counter, refusing to wrap.
pub(crate) fn bump(x: &mut u64, v: u64) -> Result<(), Overflow> {
    *x = x.checked_add(v).ok_or(Overflow)?;
    Ok(())
}

macro_rules! zip_fields {
    ($a:expr, $b:expr, $f:expr; scalars: $($s:ident),*; arrays: $($v:ident),*) => {{
        let f = $f;
        let mut ok = true;
        $( match f($a.$s, $b.$s) { Some(x) => $a.$s = x, None => ok = false } )*
        $( for (x, y) in $a.$v.iter_mut().zip($b.$v.iter()) {
            match f(*x, *y) { Some(z) => *x = z, None => ok = false }
        } )*
        ok
    }};
}

macro_rules! all_fields {
    ($a:expr, $b:expr, $f:expr) => {
        zip_fields!($a, $b, $f;
            scalars: units, full_members, probationary_members, agricultural,
                service_center_area_m2, temporary_active, temporary_founded,
                temporary_members, big_committee_links, organ_sections, coops_paired, cadres,
                households, units_with_first_secretary, weak_lax_identified,
                weak_lax_accepted, joint_meetings, matters, problems_solved, activities,
                activity_participants, appeals_raised, appeals_resolved, trainings,
                training_person_times;
            arrays: units_by_kind, party_orgs_by_form, service_centers_by_kind,
                venues_by_kind, venue_area_m2_by_kind, commando_teams_by_field,
                big_committees_by_kind, part_time_members_by_kind, pairings_by_type,
                demonstrations_by_level)
    };
}

impl Totals {
    /// Adds `other` field by field with checked arithmetic.
    ///
    /// # Errors
    ///
    /// [`Overflow`] when a counter would pass `u64::MAX`; `self` may then be partly added
    /// and should be discarded.
    ///
    /// ```
    /// use partyorg::rollup::{Overflow, Totals};
    /// let mut sum = Totals::default();
    /// let mut part = Totals::default();
    /// part.units = 3;
    /// part.joint_meetings = 2;
    /// sum.checked_add_assign(&part)?;
    /// sum.checked_add_assign(&part)?;
    /// assert_eq!((sum.units, sum.joint_meetings), (6, 4));
    /// let mut huge = Totals::default();
    /// huge.units = u64::MAX;
    /// assert_eq!(sum.checked_add_assign(&huge), Err(Overflow));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checked_add_assign(&mut self, other: &Totals) -> Result<(), Overflow> {
        if all_fields!(self, other, |x: u64, y: u64| x.checked_add(y)) {
            Ok(())
        } else {
            Err(Overflow)
        }
    }

    /// Subtracts `other` field by field; used to patch memoized totals when a
    /// contribution is removed.
    pub(crate) fn checked_sub_assign(&mut self, other: &Totals) -> Result<(), Overflow> {
        if all_fields!(self, other, |x: u64, y: u64| x.checked_sub(y)) {
            Ok(())
        } else {
            Err(Overflow)
        }
    }

    /// Adds what one record contributes, with checked arithmetic.
    pub(crate) fn add_record(&mut self, kind: &RecordKind) -> Result<(), Overflow> {
        match *kind {
            RecordKind::JointMeeting {
                matters,
                problems_solved,
            } => {
                bump(&mut self.joint_meetings, 1)?;
                bump(&mut self.matters, matters.into())?;
                bump(&mut self.problems_solved, problems_solved.into())
            }
            RecordKind::Activity { participants } => {
                bump(&mut self.activities, 1)?;
                bump(&mut self.activity_participants, participants.into())
            }
            RecordKind::Appeals { raised, resolved } => {
                bump(&mut self.appeals_raised, raised.into())?;
                bump(&mut self.appeals_resolved, resolved.into())
            }
            RecordKind::Training { person_times } => {
                bump(&mut self.trainings, 1)?;
                bump(&mut self.training_person_times, person_times.into())
            }
        }
    }

    /// Takes away what one record contributed (the record was removed).
    pub(crate) fn sub_record(&mut self, kind: &RecordKind) -> Result<(), Overflow> {
        let mut delta = Totals::default();
        delta.add_record(kind)?;
        self.checked_sub_assign(&delta)
    }

    /// All party members, full and probationary.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Members, Period, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_members(Members::new(9, 1)))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道").with_members(Members::new(40, 2)))?;
    /// let t = h.totals(d, &Period::ALL)?;
    /// assert_eq!((t.full_members, t.probationary_members, t.members()), (49, 3, 52));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn members(&self) -> u64 {
        self.full_members.saturating_add(self.probationary_members)
    }

    /// Units of one kind.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Period, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// h.add_unit(Some(s), Unit::new(UnitKind::Community, "罗岗社区"))?;
    /// h.add_unit(Some(s), Unit::new(UnitKind::Community, "新庄社区"))?;
    /// let t = h.totals(d, &Period::ALL)?;
    /// assert_eq!((t.units, t.units_of(UnitKind::Community), t.units_of(UnitKind::Village)), (4, 2, 0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn units_of(&self, kind: UnitKind) -> u64 {
        self.units_by_kind[kind.index()]
    }

    /// Party organizations of all forms (in the one-table form: units with a party form).
    ///
    /// ```
    /// use partyorg::{Hierarchy, PartyForm, Period, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_party_form(PartyForm::Committee))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道").with_party_form(PartyForm::Committee))?;
    /// h.add_unit(Some(s), Unit::new(UnitKind::Community, "罗岗社区").with_party_form(PartyForm::Branch))?;
    /// h.add_unit(Some(s), Unit::new(UnitKind::Community, "新庄社区"))?;
    /// assert_eq!(h.totals(d, &Period::ALL)?.party_orgs(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn party_orgs(&self) -> u64 {
        self.party_orgs_by_form.iter().sum()
    }

    /// Party organizations of one form.
    ///
    /// ```
    /// use partyorg::{Hierarchy, PartyForm, Period, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_party_form(PartyForm::Committee))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道").with_party_form(PartyForm::Committee))?;
    /// h.add_unit(Some(s), Unit::new(UnitKind::Community, "罗岗社区").with_party_form(PartyForm::Branch))?;
    /// let t = h.totals(d, &Period::ALL)?;
    /// assert_eq!(t.party_orgs_of(PartyForm::Committee), 2);
    /// assert_eq!(t.party_orgs_of(PartyForm::Branch), 1);
    /// assert_eq!(t.party_orgs_of(PartyForm::GeneralBranch), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn party_orgs_of(&self, form: PartyForm) -> u64 {
        self.party_orgs_by_form[form as usize]
    }

    /// Service centers and stations kept by units of `kind`.
    ///
    /// ```
    /// use partyorg::{unit::Details, Hierarchy, Period, unit::ServiceCenter, Unit, UnitKind};
    /// let center = |m2| {
    ///     let mut d = Details::default();
    ///     d.service_center = Some(ServiceCenter::new(m2));
    ///     d
    /// };
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_details(center(3000)))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道").with_details(center(900)))?;
    /// h.add_unit(Some(s), Unit::new(UnitKind::Community, "罗岗社区").with_details(center(300)))?;
    /// let t = h.totals(d, &Period::ALL)?;
    /// assert_eq!(t.service_centers_of(UnitKind::Community), 1);
    /// assert_eq!(t.service_centers_of(UnitKind::Village), 0);
    /// assert_eq!(t.service_center_area_m2, 4200);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn service_centers_of(&self, kind: UnitKind) -> u64 {
        self.service_centers_by_kind[kind.index()]
    }

    /// All service centers and stations. A center formed after the period's last day
    /// does not count.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{unit::Details, Hierarchy, Period, unit::ServiceCenter, Unit, UnitKind};
    /// let opened = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
    /// let mut details = Details::default();
    /// details.service_center = Some(ServiceCenter::new(500).since(opened));
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_details(details))?;
    /// assert_eq!(h.totals(d, &Period::year(2023))?.service_centers(), 1);
    /// assert_eq!(h.totals(d, &Period::year(2022))?.service_centers(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn service_centers(&self) -> u64 {
        self.service_centers_by_kind.iter().sum()
    }

    /// All venues.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{unit::Details, Hierarchy, Period, Unit, UnitKind, unit::Venue, unit::VenueKind};
    /// let built = NaiveDate::from_ymd_opt(2024, 7, 1).unwrap();
    /// let mut details = Details::default();
    /// details.venues = vec![Venue::new(VenueKind::Park, 5000), Venue::new(VenueKind::Corridor, 300).since(built)];
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_details(details))?;
    /// assert_eq!(h.totals(d, &Period::year(2024))?.venues(), 2);
    /// assert_eq!(h.totals(d, &Period::year(2023))?.venues(), 1); // the corridor not built yet
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn venues(&self) -> u64 {
        self.venues_by_kind.iter().sum()
    }

    /// Venues of one kind.
    ///
    /// ```
    /// use partyorg::{unit::Details, Hierarchy, Period, Unit, UnitKind, unit::Venue, unit::VenueKind};
    /// let mut details = Details::default();
    /// details.venues = vec![Venue::new(VenueKind::Park, 5000), Venue::new(VenueKind::Square, 800)];
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_details(details))?;
    /// let t = h.totals(d, &Period::ALL)?;
    /// assert_eq!((t.venues_of(VenueKind::Park), t.venues_of(VenueKind::Corridor)), (1, 0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn venues_of(&self, kind: VenueKind) -> u64 {
        self.venues_by_kind[kind as usize]
    }

    /// The area of all venues, m².
    ///
    /// ```
    /// use partyorg::{unit::Details, Hierarchy, Period, Unit, UnitKind, unit::Venue, unit::VenueKind};
    /// let mut details = Details::default();
    /// details.venues = vec![Venue::new(VenueKind::Park, 5000), Venue::new(VenueKind::Square, 800)];
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_details(details))?;
    /// assert_eq!(h.totals(d, &Period::ALL)?.venue_area_m2(), 5800);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn venue_area_m2(&self) -> u64 {
        self.venue_area_m2_by_kind.iter().sum()
    }

    /// All commando teams.
    ///
    /// ```
    /// use partyorg::{unit::CommandoField, unit::CommandoTeams, unit::Details, Hierarchy, Period, Unit, UnitKind};
    /// let teams = |field, n| {
    ///     let mut d = Details::default();
    ///     d.commando_teams = vec![CommandoTeams::new(field, n)];
    ///     d
    /// };
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_details(teams(CommandoField::Organ, 2)))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道").with_details(teams(CommandoField::Grid, 5)))?;
    /// assert_eq!(h.totals(d, &Period::ALL)?.commando_teams(), 7);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn commando_teams(&self) -> u64 {
        self.commando_teams_by_field.iter().sum()
    }

    /// Commando teams of one field.
    ///
    /// ```
    /// use partyorg::{unit::CommandoField, unit::CommandoTeams, unit::Details, Hierarchy, Period, Unit, UnitKind};
    /// let mut details = Details::default();
    /// details.commando_teams = vec![CommandoTeams::new(CommandoField::Grid, 4)];
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_details(details))?;
    /// let t = h.totals(d, &Period::ALL)?;
    /// assert_eq!((t.commando_teams_in(CommandoField::Grid), t.commando_teams_in(CommandoField::Organ)), (4, 0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn commando_teams_in(&self, field: CommandoField) -> u64 {
        self.commando_teams_by_field[field as usize]
    }

    /// Big committees of every kind whose core lies in the subtree.
    ///
    /// ```
    /// use partyorg::{org::BigCommittee, unit::BigCommitteeKind, Hierarchy, Period, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// h.add_big_committee(BigCommittee::new("均禾商圈大党委", BigCommitteeKind::BusinessDistrict, s))?;
    /// h.add_big_committee(BigCommittee::new("均禾街道大工委", BigCommitteeKind::Regional, s).with_member(d))?;
    /// assert_eq!(h.totals(d, &Period::ALL)?.big_committees(), 2);
    /// assert_eq!(h.totals(s, &Period::ALL)?.big_committees(), 2); // counted at the core
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn big_committees(&self) -> u64 {
        self.big_committees_by_kind.iter().sum()
    }

    /// Big committees of one kind.
    ///
    /// ```
    /// use partyorg::{org::BigCommittee, unit::BigCommitteeKind, Hierarchy, Period, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// h.add_big_committee(BigCommittee::new("均禾商圈大党委", BigCommitteeKind::BusinessDistrict, s))?;
    /// let t = h.totals(d, &Period::ALL)?;
    /// assert_eq!(t.big_committees_of(BigCommitteeKind::BusinessDistrict), 1);
    /// assert_eq!(t.big_committees_of(BigCommitteeKind::Regional), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn big_committees_of(&self, kind: BigCommitteeKind) -> u64 {
        self.big_committees_by_kind[kind as usize]
    }

    /// Part-time members of the big committees of one kind.
    ///
    /// ```
    /// use partyorg::{org::BigCommittee, unit::BigCommitteeKind, Hierarchy, Period, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// h.add_big_committee(BigCommittee::new("化妆品产业链大党委", BigCommitteeKind::IndustryChain, s)
    ///     .with_part_time(d, 2)
    ///     .with_part_time(s, 1))?;
    /// assert_eq!(h.totals(d, &Period::ALL)?.part_time_members_of(BigCommitteeKind::IndustryChain), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn part_time_members_of(&self, kind: BigCommitteeKind) -> u64 {
        self.part_time_members_by_kind[kind as usize]
    }

    /// Pairings of one type in force in the period, counted at their receiving end.
    ///
    /// ```
    /// use partyorg::relation::PairingWord;
    /// use partyorg::{Hierarchy, Pairing, PairingKind, Period, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let town = h.add_unit(Some(d), Unit::new(UnitKind::Town, "人和镇").agricultural())?;
    /// let street = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// h.add_pairing(town, street, Pairing::new(PairingKind::TownStreet))?;
    /// assert_eq!(h.totals(street, &Period::ALL)?.pairings(PairingWord::TownStreet), 1);
    /// assert_eq!(h.totals(town, &Period::ALL)?.pairings(PairingWord::TownStreet), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pairings(&self, ty: PairingWord) -> u64 {
        self.pairings_by_type[ty as usize]
    }

    /// Demonstration designations of one level whose year overlaps the period.
    ///
    /// ```
    /// use partyorg::{unit::DemoLevel, unit::Demonstration, unit::Details, Hierarchy, Period, Unit, UnitKind};
    /// let mut details = Details::default();
    /// details.demonstrations = vec![Demonstration { level: DemoLevel::City, year: 2022 }];
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_details(details))?;
    /// assert_eq!(h.totals(d, &Period::year(2022))?.demonstrations(DemoLevel::City), 1);
    /// assert_eq!(h.totals(d, &Period::year(2023))?.demonstrations(DemoLevel::City), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn demonstrations(&self, level: DemoLevel) -> u64 {
        self.demonstrations_by_level[level as usize]
    }
}

impl Combine for Totals {
    fn empty() -> Self {
        Totals::default()
    }

    fn combine(&mut self, other: &Self) -> Result<(), Overflow> {
        self.checked_add_assign(other)
    }
}

impl Add for Totals {
    type Output = Totals;

    /// Field-by-field sum.
    ///
    /// # Panics
    ///
    /// When a counter overflows `u64` (it never wraps). Use
    /// [`Totals::checked_add_assign`] to get an error instead.
    fn add(mut self, rhs: Totals) -> Totals {
        self.checked_add_assign(&rhs)
            .expect("totals overflow u64; use checked_add_assign");
        self
    }
}

impl std::iter::Sum for Totals {
    /// # Panics
    ///
    /// As [`Add`].
    fn sum<I: Iterator<Item = Totals>>(iter: I) -> Totals {
        iter.fold(Totals::default(), |a, b| a + b)
    }
}
