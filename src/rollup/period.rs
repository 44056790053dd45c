//! Inclusive date ranges for dated rollups.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::QueryError;

/// An inclusive range of dates (`start ..= end`) over which dated facts are rolled up:
/// records, founding of temporary organizations, weak-and-lax acceptances, pairings in
/// force, demonstration designations.
///
/// ```
/// use chrono::NaiveDate;
/// use partyorg::rollup::Period;
///
/// let y = Period::year(2023);
/// assert!(y.contains(NaiveDate::from_ymd_opt(2023, 12, 31).unwrap()));
/// assert!(!y.contains(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()));
/// assert!(Period::new(y.end(), y.start()).is_err());
/// ```
///
/// Serde writes `{"start": "2023-01-01", "end": "2023-12-31"}` and refuses an end before
/// the start, as [`Period::new`] does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "PeriodFile")]
pub struct Period {
    start: NaiveDate,
    end: NaiveDate,
}

/// A period as serde reads it, checked by [`Period::new`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodFile {
    start: NaiveDate,
    end: NaiveDate,
}

impl TryFrom<PeriodFile> for Period {
    type Error = QueryError;

    fn try_from(f: PeriodFile) -> Result<Period, QueryError> {
        Period::new(f.start, f.end)
    }
}

impl Period {
    /// Every representable date.
    pub const ALL: Period = Period {
        start: NaiveDate::MIN,
        end: NaiveDate::MAX,
    };

    /// The dates from `start` to `end`, both included.
    ///
    /// # Errors
    ///
    /// [`QueryError::EmptyPeriod`] when `end` is before `start`.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Period, QueryError> {
        if end < start {
            return Err(QueryError::EmptyPeriod { start, end });
        }
        Ok(Period { start, end })
    }

    /// The dates of `range`, both ends included (as [`new`](Self::new)).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::Period;
    /// let d = |m| NaiveDate::from_ymd_opt(2023, m, 1).unwrap();
    /// let q2 = Period::try_from(d(4)..=d(6))?;
    /// assert!(q2.contains(d(6)) && !q2.contains(d(7)));
    /// assert!(Period::try_from(d(6)..=d(4)).is_err());
    /// # Ok::<(), partyorg::QueryError>(())
    /// ```
    pub fn of_range(range: std::ops::RangeInclusive<NaiveDate>) -> Result<Period, QueryError> {
        Period::new(*range.start(), *range.end())
    }

    /// A calendar year, January 1st to December 31st. Years outside chrono's range are
    /// clamped to its first or last representable date.
    pub fn year(year: i32) -> Period {
        let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(if year < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        });
        let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(start);
        Period {
            start: start.min(end),
            end,
        }
    }

    /// A single day.
    pub fn day(date: NaiveDate) -> Period {
        Period {
            start: date,
            end: date,
        }
    }

    /// The first day.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day.
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// Whether `date` lies in the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// Whether a year (as a demonstration designation carries) overlaps the period.
    pub fn touches_year(&self, year: i32) -> bool {
        self.start.year() <= year && year <= self.end.year()
    }

    /// Whether something that exists from `from` (if known) until just before `until` (if
    /// it ended) exists on at least one day of the period.
    pub fn overlaps(&self, from: Option<NaiveDate>, until: Option<NaiveDate>) -> bool {
        from.is_none_or(|f| f <= self.end) && until.is_none_or(|u| u > self.start)
    }
}

impl From<i32> for Period {
    fn from(year: i32) -> Self {
        Period::year(year)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ..= {}", self.start, self.end)
    }
}

/// A range of dates as a period: [`Period::of_range`]. (A `TryFrom`, not a `From`: a range
/// that ends before it starts is no period.)
impl TryFrom<std::ops::RangeInclusive<NaiveDate>> for Period {
    type Error = QueryError;

    fn try_from(range: std::ops::RangeInclusive<NaiveDate>) -> Result<Period, QueryError> {
        Period::of_range(range)
    }
}
