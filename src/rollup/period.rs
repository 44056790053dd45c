//! Inclusive date ranges for dated rollups.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::RollupError;

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
    type Error = RollupError;

    fn try_from(f: PeriodFile) -> Result<Period, RollupError> {
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
    /// [`RollupError::EmptyPeriod`] when `end` is before `start`.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Period, RollupError> {
        if end < start {
            return Err(RollupError::EmptyPeriod { start, end });
        }
        Ok(Period { start, end })
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

/// The dates of a range, both ends included, as [`Period::new`]: `(a..=b).try_into()`.
///
/// A `TryFrom`, not a `From`, by choice: a period has no empty value (a rollup over it
/// counts what stood on at least one of its days), and an inverted range such as
/// `d(6)..=d(4)` is almost always two dates given in the wrong order. Read as an empty
/// period it would roll up to zeros without a word; refused, it is
/// [`RollupError::EmptyPeriod`], naming both dates.
///
/// ```
/// use chrono::NaiveDate;
/// use partyorg::Period;
/// let d = |m| NaiveDate::from_ymd_opt(2023, m, 1).unwrap();
/// let q2 = Period::try_from(d(4)..=d(6))?;
/// assert!(q2.contains(d(6)) && !q2.contains(d(7)));
/// assert!(Period::try_from(d(6)..=d(4)).is_err());
/// # Ok::<(), partyorg::RollupError>(())
/// ```
impl TryFrom<std::ops::RangeInclusive<NaiveDate>> for Period {
    type Error = RollupError;

    fn try_from(range: std::ops::RangeInclusive<NaiveDate>) -> Result<Period, RollupError> {
        Period::new(*range.start(), *range.end())
    }
}
