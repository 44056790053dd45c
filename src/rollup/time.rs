//! Time: the hierarchy as of a date, terms ending, weak-and-lax organizations open.

use chrono::NaiveDate;

use super::{Period, RollupError};
use crate::hierarchy::{Hierarchy, UnitRef};
use crate::unit::{Term, UnitId};

/// The hierarchy as it stood on one date: units founded on or before it and not yet
/// dissolved ([`Details::exists_on`](crate::Details::exists_on)). A filtering view; nothing
/// is copied. From [`Hierarchy::as_of`].
#[derive(Clone, Copy, Debug)]
pub struct AsOf<'h> {
    h: &'h Hierarchy,
    date: NaiveDate,
}

impl<'h> AsOf<'h> {
    /// The date of the view.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// Whether the unit exists on the date.
    pub fn exists(&self, id: UnitId) -> bool {
        self.h
            .get(id)
            .is_some_and(|u| u.details().exists_on(self.date))
    }

    /// The units of the subtree of `unit` that exist on the date, in pre-order. A unit
    /// whose parent did not exist yet is still listed if it existed itself (files record
    /// what they record). *O(subtree)* to exhaust.
    ///
    /// # Errors
    ///
    /// [`RollupError::UnknownUnit`], [`RollupError::NotInTree`].
    pub fn subtree(
        &self,
        unit: UnitId,
    ) -> Result<impl Iterator<Item = UnitRef<'h>> + 'h, RollupError> {
        let date = self.date;
        self.h.tree_position(unit)?;
        let units = self
            .h
            .subtree(unit)
            .map_err(|_| RollupError::UnknownUnit { id: unit })?;
        Ok(units.filter(move |u| u.details().exists_on(date)))
    }

    /// The temporary organizations hosted in the subtree of `unit` that are active on the
    /// date (founded, not dissolved), in pre-order of their hosts. *O(subtree × degree)*.
    ///
    /// # Errors
    ///
    /// [`RollupError::UnknownUnit`], [`RollupError::NotInTree`].
    pub fn temporaries(
        &self,
        unit: UnitId,
    ) -> Result<impl Iterator<Item = crate::OrgRef<'h>> + 'h, RollupError> {
        let date = self.date;
        self.h.tree_position(unit)?;
        let hosted = self
            .h
            .temporaries_in(unit)
            .map_err(|_| RollupError::UnknownUnit { id: unit })?;
        Ok(hosted.filter(move |t| t.exists_on(date)))
    }
}

/// A party organization whose term ends in a period. From [`Hierarchy::terms_ending`].
#[derive(Clone, Copy, Debug)]
pub struct TermEnding<'h> {
    /// The unit.
    pub unit: UnitRef<'h>,
    /// Its current term.
    pub term: Term,
    /// When the term ends ([`Term::ends`]).
    pub ends: NaiveDate,
}

impl Hierarchy {
    /// The hierarchy as of `date`.
    pub fn as_of(&self, date: NaiveDate) -> AsOf<'_> {
        AsOf { h: self, date }
    }

    /// The party organizations of the subtree of `unit` whose term ends within `period`,
    /// soonest first: the election reminders (换届提醒; the regulations remind six months
    /// ahead, 中办《关于党的基层组织任期的意见》2018). *O(subtree + k log k)*.
    ///
    /// # Errors
    ///
    /// [`RollupError::UnknownUnit`], [`RollupError::NotInTree`].
    pub fn terms_ending(
        &self,
        unit: UnitId,
        period: &Period,
    ) -> Result<Vec<TermEnding<'_>>, RollupError> {
        let p = self.tree_position(unit)?;
        let l = self.layout();
        let mut out: Vec<TermEnding<'_>> = l.order[l.range(p)]
            .iter()
            .filter_map(|&ix| {
                let u = self.unit_ref(ix);
                let term = u.details().org.as_ref()?.term?;
                let ends = term.ends();
                period.contains(ends).then_some(TermEnding {
                    unit: u,
                    term,
                    ends,
                })
            })
            .collect();
        out.sort_by_key(|t| (t.ends, t.unit.id()));
        Ok(out)
    }

    /// The party organizations of the subtree of `unit` that are weak and lax (软弱涣散) on
    /// `date`: identified on or before it, not accepted (验收) by then. In pre-order.
    /// *O(subtree)*.
    ///
    /// # Errors
    ///
    /// [`RollupError::UnknownUnit`], [`RollupError::NotInTree`].
    pub fn weak_lax_open(
        &self,
        unit: UnitId,
        date: NaiveDate,
    ) -> Result<Vec<UnitRef<'_>>, RollupError> {
        let p = self.tree_position(unit)?;
        let l = self.layout();
        Ok(l.order[l.range(p)]
            .iter()
            .map(|&ix| self.unit_ref(ix))
            .filter(|u| {
                u.details()
                    .org
                    .as_ref()
                    .and_then(|o| o.weak_lax)
                    .is_some_and(|w| w.identified <= date && w.accepted.is_none_or(|a| a > date))
            })
            .collect())
    }
}
