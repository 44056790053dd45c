//! Rollups (汇总): what a subtree holds and what happened in it over a period.
//!
//! - [`Totals`] of a subtree over a [`Period`]: members, units per kind, party
//!   organizations per form, service centers, venues, commando teams, temporary
//!   organizations, big committees, pairings, weak-and-lax acceptances, demonstration
//!   sites, and the dated records (joint meetings, activities, appeals, trainings).
//!   [`Hierarchy::totals`], [`Hierarchy::totals_all`], [`Hierarchy::totals_by_child`].
//! - General folds with any [`Combine`] value (checked [`Sum`], [`Count`], [`Min`],
//!   [`Max`], tuples, [`Totals`]): over one subtree ([`Hierarchy::fold_subtree`]), over
//!   every subtree in one reverse pass over the layout ([`Hierarchy::fold_all`]), grouped
//!   ([`Hierarchy::group_by`], [`Hierarchy::totals_by_child`]).
//! - [`Coverage`] of a kind of unit by party organizations, service centers and first
//!   secretaries, with the list of units lacking one ([`Hierarchy::lacking`]).
//! - Time-correct by default: totals, coverage and [`Hierarchy::lacking`] count only the
//!   units that stood in the period (or on the date): a village dissolved on 2024-01-01
//!   counts in 2023, not in 2024. Member counts are as the hierarchy holds them; for the
//!   members, names and parents as they were, ask the view [`Hierarchy::as_of`].
//! - Time: the hierarchy as of a date ([`Hierarchy::as_of`]), terms ending in a period
//!   ([`Hierarchy::terms_ending`]), weak-and-lax organizations open on a date
//!   ([`Hierarchy::weak_lax_open`]).
//!
//! # Costs and the memo
//!
//! A subtree is a contiguous range of the pre-order layout, so a fresh
//! [`Hierarchy::totals`] is one scan of that range (each unit's node weight, its details
//! if it has any, its relations) plus the subtree's run of the record index (records
//! sorted by position, built once after a change of the records in *O(r log r)*):
//! *O(subtree + its relations + its records)*.
//!
//! Results are memoized per (subtree root, period) in the hierarchy's derived state, so
//! reads take `&self`. The memo is **bounded**: at most [`MEMO_CAPACITY`] pairs in all,
//! periods included, in [`MEMO_SHARDS`] shards locked independently (a read locks one
//! shard for one hash lookup; no read or insertion scans the memo). Past the cap a new
//! result takes the place of one not read recently (CLOCK, a second chance for what was
//! read since the hand last passed), in *O(1)* amortized. A query that misses costs the
//! fresh scan plus one lookup and one insertion, so a dashboard asking thousands of
//! distinct date windows pays about what it would without the memo. Nothing is stored per
//! unit. The memo is kept current:
//!
//! - [`Hierarchy::set_members`] of a unit of the tree touches no entry: a memoized
//!   result's members are read from the layout's subtree member totals, which the change
//!   patches in *O(depth)* (less the members of the units that did not stand in the
//!   period, which the memo keeps; a member change of a unit with a founding or
//!   dissolution date drops the memo);
//! - [`Hierarchy::add_record`] and [`Hierarchy::remove_record`] patch the entries of the
//!   record's unit's ancestors whose period contains the record's date: *O(entries)*, at
//!   most [`MEMO_CAPACITY`];
//! - other changes of facts or relations (details, party form, pairings, hosts, a
//!   temporary organization's members) drop the memo; structural changes drop it with
//!   the layout.
//!
//! So after one member change, reading a subtree's totals again costs *O(depth)* for the
//! layout's patch and *O(1)* for the read.
//!
//! `Hierarchy` is `Send + Sync`: an `Arc<Hierarchy>` may be read from many threads at
//! once, the memo filling as they go.

mod cache;
mod coverage;
mod fold;
mod period;
mod time;
mod totals;

use crate::hierarchy::OrgLink;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef;

pub(crate) use cache::RollupCache;
pub use cache::{MEMO_CAPACITY, MEMO_SHARDS};
pub use coverage::{Coverage, Facility};
pub use fold::{Combine, Count, Max, Min, OrgSubtreeValues, Overflow, SubtreeValues, Sum};
pub use period::Period;
pub use time::{AsOf, TermEnding};
pub use totals::Totals;

use crate::error::QueryError;
use crate::hierarchy::{HAS_DETAILS, Hierarchy, NONE_POSITION, UnitRef};
use crate::org::OrgForm;
use crate::record::Record;
use crate::relation::{PairingKind, Relation};
use crate::unit::{Members, UnitId};
use totals::bump;

/// A child of a unit with the totals of its subtree: a row of
/// [`Hierarchy::totals_by_child`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildTotals<'h> {
    /// The child.
    pub unit: UnitRef<'h>,
    /// The totals of its subtree over the period asked for.
    pub totals: Totals,
}

impl Hierarchy {
    /// The [`Totals`] of the subtree of `unit` (itself included) over `period`.
    ///
    /// *O(1)* when memoized (also after [`set_members`](Self::set_members), whose change
    /// the layout's member totals carry, and after [`add_record`](Self::add_record) and
    /// [`remove_record`](Self::remove_record), which patch the memo); otherwise
    /// *O(subtree + its relations + its records)* time and *O(1)* extra space, then
    /// memoized (one entry), evicting one entry once the memo holds [`MEMO_CAPACITY`]. See the [module doc](crate::rollup).
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`] when no unit has the id (an organization's id, temporary
    /// ones and big committees included, names no unit);
    /// [`QueryError::Overflow`] when a total does not fit in `u64`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::rollup::Period;
    /// use partyorg::{Hierarchy, Members, Record, RecordKind, Unit, UnitKind};
    ///
    /// let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道")
    ///     .with_members(Members::new(40, 2)))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 5, 4).unwrap();
    /// h.add_record(Record::new(s, day, RecordKind::JointMeeting { matters: 1, problems_solved: 3 }))?;
    /// let t = h.totals(d, &Period::year(2023))?;
    /// assert_eq!((t.units, t.members(), t.joint_meetings, t.problems_solved), (2, 42, 1, 3));
    /// assert_eq!(h.totals(d, &Period::year(2022))?.joint_meetings, 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn totals(&self, unit: UnitId, period: &Period) -> Result<Totals, QueryError> {
        let p = self.tree_position(unit)?;
        let key = (p, *period);
        let [full, probationary] = self.layout().totals[p as usize];
        if let Some(mut t) = self.derived.rollup.get(&key) {
            // Members are not kept in the memo's copy: the layout's subtree totals are
            // current after every member change. The copy keeps instead the members of
            // the units that did not stand in the period, which the layout counts.
            t.full_members = full.saturating_sub(t.full_members);
            t.probationary_members = probationary.saturating_sub(t.probationary_members);
            return Ok(t);
        }
        let t = self.totals_uncached(unit, period)?;
        let mut kept = t.clone();
        kept.full_members = full.saturating_sub(t.full_members);
        kept.probationary_members = probationary.saturating_sub(t.probationary_members);
        self.derived.rollup.insert(key, kept);
        Ok(t)
    }

    /// [`totals`](Self::totals) computed afresh, ignoring and not filling the memo: a hook
    /// for the tests and benchmarks of the memo, not part of the supported surface.
    /// *O(subtree + its relations + its records)* time, *O(1)* extra space.
    ///
    /// # Errors
    ///
    /// As [`totals`](Self::totals).
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Members, Period, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_members(Members::new(9, 0)))?;
    /// let year = Period::year(2023);
    /// assert_eq!(h.totals_uncached(d, &year)?, h.totals(d, &year)?);
    /// assert_eq!(h.rollup_memo_len(), 1); // only `totals` filled the memo
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[doc(hidden)]
    pub fn totals_uncached(&self, unit: UnitId, period: &Period) -> Result<Totals, QueryError> {
        let p = self.tree_position(unit)?;
        let l = self.layout();
        let range = l.range(p);
        let mut t = Totals::default();
        let overflow = |_| self.overflow(unit);
        for &ix in &l.order[range.clone()] {
            self.own_totals_into(ix, period, &mut t).map_err(overflow)?;
        }
        let index = self.record_index();
        let a = index.partition_point(|&(q, _)| (q as usize) < range.start);
        let b = index.partition_point(|&(q, _)| (q as usize) < range.end);
        for &(_, slot) in &index[a..b] {
            if let Some(r) = self.record_at(slot as usize)
                && period.contains(r.date)
            {
                t.add_record(&r.kind).map_err(overflow)?;
            }
        }
        Ok(t)
    }

    /// The totals of every subtree at once, in one reverse pass over the layout
    /// ([`fold_all`](Self::fold_all) of each unit's own contribution). *O(n + relations +
    /// records)*; it holds one [`Totals`] per unit while it runs, so use it on a district
    /// or a city, and [`totals`](Self::totals) on the nation.
    ///
    /// # Errors
    ///
    /// [`QueryError::Overflow`].
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Members, Period, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道").with_members(Members::new(30, 1)))?;
    /// let all = h.totals_all(&Period::year(2023))?;
    /// assert_eq!(all.len(), 2);
    /// assert_eq!(all.get(d).map(|t| (t.units, t.members())), Some((2, 31)));
    /// assert_eq!(all.get(s).map(|t| t.units), Some(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn totals_all(&self, period: &Period) -> Result<SubtreeValues<'_, Totals>, QueryError> {
        let index = self.record_index();
        let l = self.layout();
        let mut failed: Option<UnitId> = None;
        let values = self.fold_all(|u| {
            let mut t = Totals::default();
            let ix = u.index();
            let ok = self.own_totals_into(ix, period, &mut t).is_ok() && {
                let p = l.position(ix).unwrap_or(NONE_POSITION);
                let a = index.partition_point(|&(q, _)| q < p);
                let b = index.partition_point(|&(q, _)| q <= p);
                index[a..b]
                    .iter()
                    .all(|&(_, slot)| match self.record_at(slot as usize) {
                        Some(r) if period.contains(r.date) => t.add_record(&r.kind).is_ok(),
                        _ => true,
                    })
            };
            if !ok && failed.is_none() {
                failed = Some(u.id());
            }
            t
        })?;
        match failed {
            Some(unit) => Err(self.overflow(unit)),
            None => Ok(values),
        }
    }

    /// The totals of each child of `unit`, in attachment order: the table of a district's
    /// towns and streets. Each child's totals are memoized. *O(subtree + its relations +
    /// its records)* time when fresh, *O(children)* extra space.
    ///
    /// # Errors
    ///
    /// As [`totals`](Self::totals).
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Members, Period, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道").with_members(Members::new(30, 1)))?;
    /// h.add_unit(Some(d), Unit::new(UnitKind::Town, "钟落潭镇").with_members(Members::new(50, 0)))?;
    /// let rows: Vec<(&str, u64)> = h.totals_by_child(d, &Period::year(2023))?
    ///     .into_iter().map(|r| (r.unit.name(), r.totals.members())).collect();
    /// assert_eq!(rows, [("均禾街道", 31), ("钟落潭镇", 50)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn totals_by_child(
        &self,
        unit: UnitId,
        period: &Period,
    ) -> Result<Vec<ChildTotals<'_>>, QueryError> {
        let p = self.tree_position(unit)?;
        self.child_positions(p)
            .into_iter()
            .map(|(ix, _)| {
                let unit = self.unit_ref(ix);
                let totals = self.totals(unit.id(), period)?;
                Ok(ChildTotals { unit, totals })
            })
            .collect()
    }

    /// The big committees (大党委) touching the subtree of `unit`: those whose core or a
    /// member unit lies in it, each once, in id order. Unlike the additive
    /// [`Totals::big_committees_by_kind`] (counted at the core), a committee reaching into
    /// two streets appears under both. *O(subtree × degree + k log k)* time, *O(k)* extra
    /// space.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`] when no unit has the id (an organization's id, temporary
    /// ones and big committees included, names no unit).
    ///
    /// ```
    /// # use partyorg::{org::BigCommittee, unit::BigCommitteeKind, Hierarchy, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let a = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let b = h.add_unit(Some(d), Unit::new(UnitKind::Street, "嘉禾街道"))?;
    /// let c = h.add_unit(Some(b), Unit::new(UnitKind::Community, "望岗社区"))?;
    /// let bc = h.add_big_committee(BigCommittee::new("大党委", BigCommitteeKind::Regional, a).with_member(c))?;
    /// // Its core is in one street, a member unit in the other: it touches both.
    /// for street in [a, b] {
    ///     assert_eq!(h.big_committees_touching(street)?.iter().map(|o| o.id()).collect::<Vec<_>>(), [bc]);
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn big_committees_touching(
        &self,
        unit: UnitId,
    ) -> Result<Vec<crate::OrgRef<'_>>, QueryError> {
        let p = self.tree_position(unit)?;
        let l = self.layout();
        let mut found: Vec<NodeIndex> = l.order[l.range(p)]
            .iter()
            .flat_map(|&ix| {
                self.edges_in(ix)
                    .filter(|e| {
                        matches!(e.weight(), Relation::BasedIn | Relation::Member)
                            && self.node(e.source()).kind
                                == crate::hierarchy::NodeKind::Org(OrgForm::BigCommittee)
                    })
                    .map(|e| e.source())
            })
            .collect();
        found.sort_unstable_by_key(|&ix| self.node(ix).id);
        found.dedup();
        Ok(found.into_iter().map(|ix| self.org_ref(ix)).collect())
    }

    /// The number of memoized subtree totals: a hook for the tests of the memo, not part of
    /// the supported surface.
    ///
    /// ```
    /// # use partyorg::{Hierarchy, Period, Unit, UnitKind};
    /// # let mut h = Hierarchy::new();
    /// # let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// assert_eq!(h.rollup_memo_len(), 0);
    /// h.totals(d, &Period::year(2023))?;
    /// h.totals(d, &Period::year(2023))?;
    /// assert_eq!(h.rollup_memo_len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[doc(hidden)]
    pub fn rollup_memo_len(&self) -> usize {
        self.derived.rollup.memo_len()
    }

    /// Adds one unit's own contribution (its facts, its relations; not its records):
    /// nothing for a unit that did not stand on any day of the period (founded after it,
    /// or dissolved before it began).
    fn own_totals_into(
        &self,
        ix: NodeIndex,
        period: &Period,
        t: &mut Totals,
    ) -> Result<(), Overflow> {
        let n = &self.node(ix);
        if !self.stands_in(ix, period) {
            return Ok(());
        }
        bump(&mut t.units, 1)?;
        bump(&mut t.units_by_kind[n.unit_kind().index()], 1)?;
        bump(&mut t.full_members, n.full.into())?;
        bump(&mut t.probationary_members, n.probationary.into())?;
        if let Some(f) = self.party_form_of(ix) {
            bump(&mut t.party_orgs_by_form[f as usize], 1)?;
        }
        if self.unit_ref(ix).is_agricultural() {
            bump(&mut t.agricultural, 1)?;
        }
        if n.flags & HAS_DETAILS != 0
            && let Some(d) = self.details_of(ix)
        {
            // Stocks count from the day they were formed (undated: always).
            let formed = period.end();
            if let Some(sc) = d.service_center.filter(|sc| sc.stands_on(formed)) {
                bump(&mut t.service_centers_by_kind[n.unit_kind().index()], 1)?;
                bump(&mut t.service_center_area_m2, sc.area_m2.into())?;
            }
            for v in d.venues.iter().filter(|v| v.stands_on(formed)) {
                bump(&mut t.venues_by_kind[v.kind as usize], 1)?;
                bump(
                    &mut t.venue_area_m2_by_kind[v.kind as usize],
                    v.area_m2.into(),
                )?;
            }
            for c in d.commando_teams.iter().filter(|c| c.stands_on(formed)) {
                bump(
                    &mut t.commando_teams_by_field[c.field as usize],
                    c.count.into(),
                )?;
            }
            for demo in &d.demonstrations {
                if period.touches_year(demo.year) {
                    bump(&mut t.demonstrations_by_level[demo.level as usize], 1)?;
                }
            }
            if let Some(wl) = d.org.as_ref().and_then(|o| o.weak_lax) {
                if period.contains(wl.identified) {
                    bump(&mut t.weak_lax_identified, 1)?;
                }
                if wl.accepted.is_some_and(|a| period.contains(a)) {
                    bump(&mut t.weak_lax_accepted, 1)?;
                }
            }
        }
        let (mut coop_paired, mut first_secretary) = (false, false);
        for e in self.edges_in(ix) {
            match *e.weight() {
                Relation::Pairing(id) => {
                    let Some(p) = self.pairing(id) else {
                        continue;
                    };
                    let in_force = period.overlaps(p.since, p.ends);
                    if !in_force {
                        continue;
                    }
                    bump(&mut t.pairings_by_type[p.kind.word() as usize], 1)?;
                    match p.kind {
                        PairingKind::OrganCoop { sections } => {
                            bump(&mut t.organ_sections, sections.into())?;
                            coop_paired = true;
                        }
                        PairingKind::CadreHousehold { cadres, households } => {
                            bump(&mut t.cadres, cadres.into())?;
                            bump(&mut t.households, households.into())?;
                        }
                        PairingKind::FirstSecretary { .. } => first_secretary = true,
                        PairingKind::TownStreet | PairingKind::JointBuilding => {}
                    }
                }
                Relation::Member => bump(&mut t.big_committee_links, 1)?,
                Relation::BasedIn => {
                    let o = self.org_ref(e.source());
                    match o.form() {
                        OrgForm::BigCommittee => {
                            // Based in its core (一核).
                            bump(&mut t.big_committee_links, 1)?;
                            if o.founded().is_some_and(|f| f > period.end()) {
                                continue;
                            }
                            if let Some(kind) = o.big_committee_kind() {
                                bump(&mut t.big_committees_by_kind[kind as usize], 1)?;
                                for OrgLink { relation: r, .. } in o.links() {
                                    if let Relation::PartTime(k) = r {
                                        bump(
                                            &mut t.part_time_members_by_kind[kind as usize],
                                            k.into(),
                                        )?;
                                    }
                                }
                            }
                        }
                        OrgForm::Temporary => {
                            // Based in its host.
                            let (founded, dissolved) = (o.founded(), o.dissolved());
                            if period.overlaps(founded, dissolved) {
                                bump(&mut t.temporary_active, 1)?;
                                bump(&mut t.temporary_members, o.members().total())?;
                            }
                            if founded.is_some_and(|f| period.contains(f)) {
                                bump(&mut t.temporary_founded, 1)?;
                            }
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        if coop_paired {
            bump(&mut t.coops_paired, 1)?;
        }
        if first_secretary {
            bump(&mut t.units_with_first_secretary, 1)?;
        }
        Ok(())
    }

    /// Whether a unit stood on at least one day of `period` (its founding and dissolution
    /// dates, when recorded). *O(1)*.
    pub(crate) fn stands_in(&self, ix: NodeIndex, period: &Period) -> bool {
        self.node(ix).flags & HAS_DETAILS == 0
            || self
                .details_of(ix)
                .is_none_or(|d| period.overlaps(d.founded, d.dissolved))
    }

    /// The layout position a record counts at: its unit's.
    fn record_position(&self, record: &Record) -> Option<u32> {
        let ix = self.index_of(record.unit).ok()?;
        self.layout().position(ix)
    }

    /// Records sorted by the position they count at. Built on first use after a change of
    /// records or structure: *O(r log r)*, 8 bytes per record.
    fn record_index(&self) -> &[(u32, u32)] {
        self.derived.rollup.records.get_or_init(|| {
            let mut v: Vec<(u32, u32)> = self
                .records()
                .filter_map(|(id, r)| Some((self.record_position(r)?, id.0)))
                .collect();
            v.sort_unstable();
            v
        })
    }

    // ----- hooks called only by `Hierarchy::changed` (hierarchy/change.rs) ---------------

    /// Keeps the memo right after a member change of one node: nothing to do for a unit
    /// of the tree (a memoized result's members are read from the layout, which the
    /// change patched); a temporary organization's members count at its host, so the
    /// memo is dropped. *O(1)*.
    pub(crate) fn rollup_members_changed(&mut self, ix: NodeIndex, _old: Members, _new: Members) {
        let in_layout = self
            .derived
            .layout
            .get()
            .is_some_and(|l| l.position(ix).is_some());
        // The memo keeps the members of the units that did not stand in its periods: a
        // member change of a dated unit may change them.
        let dated = self
            .details_of(ix)
            .is_some_and(|d| d.founded.is_some() || d.dissolved.is_some());
        if (dated || !in_layout) && !self.derived.rollup.memo_is_empty() {
            self.derived.rollup.clear_memo();
        }
    }

    /// Patches the memo after a record was added (`added`) or removed: the entries of the
    /// record's unit's ancestors whose period contains its date. *O(entries)*, at most
    /// [`MEMO_CAPACITY`].
    pub(crate) fn rollup_record_changed(&mut self, record: &Record, added: bool) {
        self.derived.rollup.records_changed();
        if self.derived.rollup.memo_is_empty() {
            return;
        }
        let position = self.record_position(record);
        let derived = &mut self.derived;
        let (Some(l), Some(r)) = (derived.layout.get(), position) else {
            return;
        };
        derived.rollup.retain_mut(|&(p, period), t| {
            let holds = p <= r && r < l.end[p as usize];
            !holds
                || !period.contains(record.date)
                || if added {
                    t.add_record(&record.kind).is_ok()
                } else {
                    t.sub_record(&record.kind).is_ok()
                }
        });
    }

    /// Drops the memo after a change of facts that is not patched incrementally.
    pub(crate) fn rollup_facts_changed(&mut self) {
        self.derived.rollup.clear_memo();
    }

    /// Drops the memo and the record index after a change of relations (a host or core
    /// may have changed, and with it where records count).
    pub(crate) fn rollup_relations_changed(&mut self) {
        self.derived.rollup.clear_memo();
        self.derived.rollup.records_changed();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unit::{Unit, UnitKind};

    #[test]
    fn totals_subtract_back_and_refuse_to_underflow() {
        let mut a = Totals::default();
        a.add_record(&crate::RecordKind::JointMeeting {
            matters: 2,
            problems_solved: 5,
        })
        .unwrap();
        let b = a.clone();
        a.checked_add_assign(&b).unwrap();
        assert_eq!((a.joint_meetings, a.problems_solved), (2, 10));
        a.sub_record(&crate::RecordKind::JointMeeting {
            matters: 2,
            problems_solved: 5,
        })
        .unwrap();
        assert_eq!(a, b);
        assert!(Totals::default().checked_sub_assign(&b).is_err());
        let mut max = Totals {
            units: u64::MAX,
            ..Totals::default()
        };
        let one = Totals {
            units: 1,
            ..Totals::default()
        };
        assert_eq!(max.checked_add_assign(&one), Err(Overflow));
    }

    #[test]
    fn years_outside_chrono_clamp() {
        let far = Period::year(i32::MAX);
        assert_eq!(far.start(), far.end());
        assert!(Period::year(i32::MIN).start() <= Period::year(i32::MIN).end());
        assert!(Period::ALL.contains(chrono::NaiveDate::MIN));
    }

    #[test]
    fn big_committees_touching_count_each_once() {
        let mut h = Hierarchy::new();
        let d = h
            .add_unit(None, Unit::new(UnitKind::District, "区"))
            .unwrap();
        let a = h
            .add_unit(Some(d), Unit::new(UnitKind::Street, "甲"))
            .unwrap();
        let b = h
            .add_unit(Some(d), Unit::new(UnitKind::Street, "乙"))
            .unwrap();
        let bc = h
            .add_big_committee(
                crate::org::BigCommittee::new("大党委", crate::unit::BigCommitteeKind::Regional, a)
                    .with_member(b)
                    .with_member(a),
            )
            .unwrap();
        let ids = |u| {
            h.big_committees_touching(u)
                .unwrap()
                .iter()
                .map(|c| c.id())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(d), [bc]);
        assert_eq!(ids(b), [bc]);
        let y = Period::year(2023);
        assert_eq!(h.totals(b, &y).unwrap().big_committees(), 0);
        assert_eq!(h.totals(a, &y).unwrap().big_committees(), 1);
    }
}
