//! Tallies (台账): dated, counted items of a unit's work that the organization tree holds
//! neither as a unit, an organization, a relation nor a record — a unit that formed a
//! lecture team (身边宣讲团), a case it submitted, a cohort trained, a party-building
//! instructor (党建指导员) sent to it, the teams it formed and the venues it built in a year.
//!
//! A [`Tally`] says: on `date`, at `unit`, `count` of `item`. [`Tallies`] sums them over a
//! unit's subtree and a [`Period`], and tells the units that have one; the report card of
//! the embedded Baiyun data reads the seed's yearly achievements from them, so that a card
//! of another year shows none of 2023's.
//!
//! ```
//! use chrono::NaiveDate;
//! use partyorg::rollup::Period;
//! use partyorg::tally::{Tallies, Tally, TallyItem};
//! use partyorg::{Hierarchy, Unit, UnitKind};
//!
//! let mut h = Hierarchy::new();
//! let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
//! let street = h.add_unit(Some(district), Unit::new(UnitKind::Street, "均禾街道"))?;
//! let day = NaiveDate::from_ymd_opt(2023, 5, 4).unwrap();
//! let mut tallies = Tallies::new();
//! tallies.push(Tally::new(street, day, TallyItem::ThinkingRoom, 1));
//! assert_eq!(tallies.sum(&h, district, &Period::year(2023), TallyItem::ThinkingRoom)?, 1);
//! assert_eq!(tallies.sum(&h, district, &Period::year(2022), TallyItem::ThinkingRoom)?, 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::QueryError;
use crate::hierarchy::Hierarchy;
use crate::rollup::Period;
use crate::unit::UnitId;

crate::vocab::vocab! {
    /// What a [`Tally`] counts. Its words are the variants in snake case
    /// (`commando_teams`, `venue_area_m2` …).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum TallyItem: "tally item" {
        /// Party commando teams (党员突击队) formed.
        CommandoTeams => "commando_teams",
        /// Of them, "三新" commando teams (三新党员攻坚突击队).
        ThreeNewCommandoTeams => "three_new_commando_teams",
        /// A party-mass service center or station (党群服务中心/站) built or integrated.
        ServiceCenter => "service_center",
        /// Party-building parks, squares and corridors (党建文化公园、广场、长廊) built.
        Venue => "venue",
        /// Their area, in square metres.
        VenueAreaM2 => "venue_area_m2",
        /// Media that carried the unit's experience (经验做法被…刊登).
        ExperiencePublished => "experience_published",
        /// Provincial demonstration towns and villages (省级乡村治理示范镇村) designated.
        ProvincialDemonstration => "provincial_demonstration",
        /// National honours of a village (全国村典型案例, 全国民主法治示范村, 全国乡村治理
        /// 示范村).
        NationalHonour => "national_honour",
        /// Posts published on the platform (推文).
        PlatformPosts => "platform_posts",
        /// Reads of those posts (阅读量, person-times).
        PlatformReads => "platform_reads",
        /// Innovation cases submitted to the district's selection (创新案例申报材料).
        CaseSubmitted => "case_submitted",
        /// Cases selected among the district's ten (区"十大创新案例").
        CaseSelectedDistrict => "case_selected_district",
        /// Cases selected by the province (广东基层党建创新案例).
        CaseSelectedProvince => "case_selected_province",
        /// Cases selected by the city (广州基层治理优秀案例).
        CaseSelectedCity => "case_selected_city",
        /// A reflection room (思悟室) built.
        ThinkingRoom => "thinking_room",
        /// A lecture team (身边宣讲团) formed.
        LectureTeam => "lecture_team",
        /// A member unit (成员单位) of a pilot, such as the red village pilot.
        PilotMemberUnit => "pilot_member_unit",
        /// Articles of management measures issued (措施…条).
        MeasureArticles => "measure_articles",
        /// A deputy secretary for party building (分管党建副书记) on a study tour.
        DeputySecretaryTrained => "deputy_secretary_trained",
        /// A village organization's secretary trained (村党组织书记).
        VillageSecretaryTrained => "village_secretary_trained",
        /// A community organization's secretary trained (社区党组织书记).
        CommunitySecretaryTrained => "community_secretary_trained",
        /// A party-building instructor (党建指导员) or organizer (组织员) trained.
        InstructorTrained => "instructor_trained",
        /// A party-building instructor (党建指导员) sent to the unit: its work coverage
        /// (工作覆盖) when it has no party organization.
        InstructorPosted => "instructor_posted",
        /// A party committee formed in the "三新" fields (博士团党委).
        ThreeNewCommittee => "three_new_committee",
        /// Activities held (论坛、辅导 …), counted.
        ForumActivities => "forum_activities",
        /// Person-times of new-employment groups served (服务新就业群体).
        NewEmploymentServed => "new_employment_served",
        /// A prize of a contest (奖, such as a "金穗杯" third prize).
        Prize => "prize",
        /// An award for organizing a contest (优秀组织奖).
        OrganizingAward => "organizing_award",
        /// A party school (党校) founded.
        PartySchool => "party_school",
        /// Supervision rules issued (监管制度).
        SupervisionRules => "supervision_rules",
    }
}

/// One tally: on `date`, at `unit`, `count` of `item`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Tally {
    /// The unit it is kept at.
    pub unit: UnitId,
    /// The date of the item.
    pub date: NaiveDate,
    /// What is counted.
    pub item: TallyItem,
    /// How many.
    pub count: u64,
}

impl Tally {
    /// `count` of `item` at `unit` on `date`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::UnitId;
    /// use partyorg::tally::{Tally, TallyItem};
    /// let day = NaiveDate::from_ymd_opt(2023, 11, 8).unwrap();
    /// let t = Tally::new(UnitId(3), day, TallyItem::LectureTeam, 1);
    /// assert_eq!((t.unit, t.date, t.item, t.count), (UnitId(3), day, TallyItem::LectureTeam, 1));
    /// ```
    pub fn new(unit: UnitId, date: NaiveDate, item: TallyItem, count: u64) -> Tally {
        Tally {
            unit,
            date,
            item,
            count,
        }
    }
}

/// A list of tallies kept beside a [`Hierarchy`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Tallies {
    items: Vec<Tally>,
}

impl Tallies {
    /// No tallies.
    ///
    /// ```
    /// use partyorg::tally::Tallies;
    /// let tallies = Tallies::new();
    /// assert!(tallies.is_empty());
    /// assert_eq!(tallies, Tallies::default());
    /// ```
    pub fn new() -> Tallies {
        Tallies::default()
    }

    /// Adds one.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::UnitId;
    /// use partyorg::tally::{Tallies, Tally, TallyItem};
    /// let day = NaiveDate::from_ymd_opt(2023, 4, 1).unwrap();
    /// let mut tallies = Tallies::new();
    /// tallies.push(Tally::new(UnitId(0), day, TallyItem::PlatformPosts, 120));
    /// assert_eq!(tallies.len(), 1);
    /// ```
    pub fn push(&mut self, tally: Tally) {
        self.items.push(tally);
    }

    /// Every tally, in the order added. *O(tallies)* to exhaust, *O(1)* extra space.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::tally::{Tallies, Tally, TallyItem};
    /// # use partyorg::{Hierarchy, Period, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(district), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let renhe = h.add_unit(Some(district), Unit::new(UnitKind::Town, "人和镇"))?;
    /// let day = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
    /// let mut tallies = Tallies::new();
    /// tallies.push(Tally::new(junhe, day(2023, 3), TallyItem::Prize, 1));
    /// tallies.push(Tally::new(junhe, day(2023, 9), TallyItem::Prize, 2));
    /// tallies.push(Tally::new(renhe, day(2023, 5), TallyItem::Prize, 1));
    /// tallies.push(Tally::new(renhe, day(2022, 5), TallyItem::Prize, 4));
    /// let counts: Vec<u64> = tallies.iter().map(|t| t.count).collect();
    /// assert_eq!(counts, [1, 2, 1, 4]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = &Tally> + '_ {
        self.items.iter()
    }

    /// How many tallies there are.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::tally::{Tallies, Tally, TallyItem};
    /// # use partyorg::{Hierarchy, Period, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(district), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let renhe = h.add_unit(Some(district), Unit::new(UnitKind::Town, "人和镇"))?;
    /// let day = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
    /// let mut tallies = Tallies::new();
    /// tallies.push(Tally::new(junhe, day(2023, 3), TallyItem::Prize, 1));
    /// tallies.push(Tally::new(junhe, day(2023, 9), TallyItem::Prize, 2));
    /// tallies.push(Tally::new(renhe, day(2023, 5), TallyItem::Prize, 1));
    /// tallies.push(Tally::new(renhe, day(2022, 5), TallyItem::Prize, 4));
    /// assert_eq!(tallies.len(), 4);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    ///
    /// ```
    /// use partyorg::tally::Tallies;
    /// assert!(Tallies::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The tallies of `item` dated in `period` and kept at `unit` or below it, in the
    /// order added. *O(tallies)* to exhaust once the layout is built (each check of a unit's
    /// place is *O(1)*, [`Hierarchy::is_within`]), *O(1)* extra space.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`] when `unit` is not in `h`.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::tally::{Tallies, Tally, TallyItem};
    /// # use partyorg::{Hierarchy, Period, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(district), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let renhe = h.add_unit(Some(district), Unit::new(UnitKind::Town, "人和镇"))?;
    /// let day = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
    /// let mut tallies = Tallies::new();
    /// tallies.push(Tally::new(junhe, day(2023, 3), TallyItem::Prize, 1));
    /// tallies.push(Tally::new(junhe, day(2023, 9), TallyItem::Prize, 2));
    /// tallies.push(Tally::new(renhe, day(2023, 5), TallyItem::Prize, 1));
    /// tallies.push(Tally::new(renhe, day(2022, 5), TallyItem::Prize, 4));
    /// let y2023 = Period::year(2023);
    /// let dates: Vec<_> = tallies.within(&h, district, &y2023, TallyItem::Prize)?
    ///     .map(|t| t.date).collect();
    /// assert_eq!(dates, [day(2023, 3), day(2023, 9), day(2023, 5)]);
    /// assert!(tallies.within(&h, partyorg::UnitId(99), &y2023, TallyItem::Prize).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn within<'a>(
        &'a self,
        h: &'a Hierarchy,
        unit: UnitId,
        period: &'a Period,
        item: TallyItem,
    ) -> Result<impl Iterator<Item = &'a Tally> + 'a, QueryError> {
        h.unit(unit)?;
        Ok(self.items.iter().filter(move |t| {
            t.item == item && period.contains(t.date) && h.is_within(t.unit, unit).unwrap_or(false)
        }))
    }

    /// The sum of the counts of `item` dated in `period` at `unit` or below (saturating at
    /// `u64::MAX`). *O(tallies)* once the layout is built, *O(1)* extra space.
    ///
    /// # Errors
    ///
    /// As [`within`](Self::within).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::tally::{Tallies, Tally, TallyItem};
    /// # use partyorg::{Hierarchy, Period, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(district), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let renhe = h.add_unit(Some(district), Unit::new(UnitKind::Town, "人和镇"))?;
    /// let day = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
    /// let mut tallies = Tallies::new();
    /// tallies.push(Tally::new(junhe, day(2023, 3), TallyItem::Prize, 1));
    /// tallies.push(Tally::new(junhe, day(2023, 9), TallyItem::Prize, 2));
    /// tallies.push(Tally::new(renhe, day(2023, 5), TallyItem::Prize, 1));
    /// tallies.push(Tally::new(renhe, day(2022, 5), TallyItem::Prize, 4));
    /// let y2023 = Period::year(2023);
    /// assert_eq!(tallies.sum(&h, district, &y2023, TallyItem::Prize)?, 4);
    /// assert_eq!(tallies.sum(&h, junhe, &y2023, TallyItem::Prize)?, 3);
    /// assert_eq!(tallies.sum(&h, renhe, &Period::year(2022), TallyItem::Prize)?, 4);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sum(
        &self,
        h: &Hierarchy,
        unit: UnitId,
        period: &Period,
        item: TallyItem,
    ) -> Result<u64, QueryError> {
        Ok(self
            .within(h, unit, period, item)?
            .fold(0u64, |s, t| s.saturating_add(t.count)))
    }

    /// The distinct units at or below `unit` with a tally of `item` dated in `period`, in
    /// id order. *O(tallies + k log k)* for `k` matching tallies once the layout is built,
    /// *O(k)* extra space.
    ///
    /// # Errors
    ///
    /// As [`within`](Self::within).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::tally::{Tallies, Tally, TallyItem};
    /// # use partyorg::{Hierarchy, Period, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(district), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let renhe = h.add_unit(Some(district), Unit::new(UnitKind::Town, "人和镇"))?;
    /// let day = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
    /// let mut tallies = Tallies::new();
    /// tallies.push(Tally::new(junhe, day(2023, 3), TallyItem::Prize, 1));
    /// tallies.push(Tally::new(junhe, day(2023, 9), TallyItem::Prize, 2));
    /// tallies.push(Tally::new(renhe, day(2023, 5), TallyItem::Prize, 1));
    /// tallies.push(Tally::new(renhe, day(2022, 5), TallyItem::Prize, 4));
    /// let y2023 = Period::year(2023);
    /// assert_eq!(tallies.units(&h, district, &y2023, TallyItem::Prize)?, [junhe, renhe]);
    /// assert!(tallies.units(&h, district, &y2023, TallyItem::LectureTeam)?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn units(
        &self,
        h: &Hierarchy,
        unit: UnitId,
        period: &Period,
        item: TallyItem,
    ) -> Result<Vec<UnitId>, QueryError> {
        let mut v: Vec<UnitId> = self
            .within(h, unit, period, item)?
            .map(|t| t.unit)
            .collect();
        v.sort_unstable();
        v.dedup();
        Ok(v)
    }
}

/// Every tally, in the order added (as [`Tallies::iter`]).
impl<'a> IntoIterator for &'a Tallies {
    type Item = &'a Tally;
    type IntoIter = std::slice::Iter<'a, Tally>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// Organizational and work coverage (组织覆盖, 工作覆盖) of the units of one kind in a
/// subtree: the seed's "党的组织和党的工作全覆盖". From [`Tallies::coverage`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WorkCoverage {
    /// Units of the kind.
    pub units: u64,
    /// Those with a party organization of their own or covering them (组织覆盖).
    pub organization: u64,
    /// Those without one where a party-building instructor (党建指导员) was sent by the
    /// date ([`TallyItem::InstructorPosted`]): their work is covered (工作覆盖).
    pub work: u64,
}

impl WorkCoverage {
    /// Whether every unit is covered, by an organization or by work (全覆盖).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::tally::Tallies;
    /// use partyorg::{Hierarchy, Sector, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let school = UnitKind::Institution(Sector::School);
    /// let day = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
    /// assert!(Tallies::new().coverage(&h, d, school, day)?.is_full()); // no school: vacuously
    /// h.add_unit(Some(d), Unit::new(school, "第一小学"))?;
    /// assert!(!Tallies::new().coverage(&h, d, school, day)?.is_full());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_full(&self) -> bool {
        self.organization + self.work == self.units
    }
}

impl Tallies {
    /// The organizational and the work coverage of the units of `kind` at or below
    /// `unit` on `date`: a unit without a party organization is covered by work when an
    /// instructor was sent to it on or before `date`. *O(subtree × degree + tallies + i log i)*
    /// for `i` instructors' tallies, *O(i)* extra space.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::tally::{Tallies, Tally, TallyItem};
    /// use partyorg::{Hierarchy, PartyForm, Sector, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let k = UnitKind::Institution(Sector::NonPublicEnterprise);
    /// h.add_unit(Some(d), Unit::new(k, "企业甲").with_party_form(PartyForm::Branch))?;
    /// let b = h.add_unit(Some(d), Unit::new(k, "培训中心乙"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    /// let mut tallies = Tallies::new();
    /// tallies.push(Tally::new(b, day, TallyItem::InstructorPosted, 1));
    /// let c = tallies.coverage(&h, d, k, day)?;
    /// assert_eq!((c.units, c.organization, c.work), (2, 1, 1));
    /// assert!(c.is_full());
    /// let before = tallies.coverage(&h, d, k, day.pred_opt().unwrap())?;
    /// assert!(!before.is_full());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`] when `unit` is unknown,
    /// [`QueryError::NotInTree`] when it is not in the tree.
    pub fn coverage(
        &self,
        h: &Hierarchy,
        unit: UnitId,
        kind: crate::unit::UnitKind,
        date: NaiveDate,
    ) -> Result<WorkCoverage, crate::QueryError> {
        use crate::rollup::Facility;
        let c = h.coverage(unit, kind, date)?;
        let mut posted: Vec<UnitId> = self
            .items
            .iter()
            .filter(|t| t.item == TallyItem::InstructorPosted && t.date <= date)
            .map(|t| t.unit)
            .collect();
        posted.sort_unstable();
        let work = h
            .lacking(unit, kind, Facility::PartyOrganization, date)?
            .filter(|u| posted.binary_search(&u.id()).is_ok())
            .count() as u64;
        Ok(WorkCoverage {
            units: c.units,
            organization: c.with_party_org,
            work,
        })
    }
}
