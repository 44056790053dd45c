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
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::Period;
    /// let d = |m, day| NaiveDate::from_ymd_opt(2023, m, day).unwrap();
    /// let summer = Period::new(d(6, 1), d(8, 31))?;
    /// assert_eq!((summer.start(), summer.end()), (d(6, 1), d(8, 31)));
    /// assert_eq!(Period::new(d(3, 1), d(3, 1))?, Period::day(d(3, 1)));
    /// assert!(Period::new(d(8, 31), d(6, 1)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Period, QueryError> {
        if end < start {
            return Err(QueryError::EmptyPeriod { start, end });
        }
        Ok(Period { start, end })
    }

    /// A calendar year, January 1st to December 31st. Years outside chrono's range are
    /// clamped to its first or last representable date.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::Period;
    /// let y = Period::year(2024);
    /// assert_eq!(y.start(), NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
    /// assert_eq!(y.end(), NaiveDate::from_ymd_opt(2024, 12, 31).unwrap());
    /// assert_eq!(Period::from(2024), y);
    /// assert_eq!(Period::year(i32::MAX).start(), NaiveDate::MAX);
    /// ```
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
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::Period;
    /// let d = |day| NaiveDate::from_ymd_opt(2023, 7, day).unwrap();
    /// let day = Period::day(d(1));
    /// assert_eq!((day.start(), day.end()), (d(1), d(1)));
    /// assert!(day.contains(d(1)) && !day.contains(d(2)));
    /// ```
    pub fn day(date: NaiveDate) -> Period {
        Period {
            start: date,
            end: date,
        }
    }

    /// The first day.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::Period;
    /// assert_eq!(Period::year(2023).start(), NaiveDate::from_ymd_opt(2023, 1, 1).unwrap());
    /// assert_eq!(Period::ALL.start(), NaiveDate::MIN);
    /// ```
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::Period;
    /// assert_eq!(Period::year(2023).end(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// assert_eq!(Period::ALL.end(), NaiveDate::MAX);
    /// ```
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// Whether `date` lies in the period, both ends included.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::Period;
    /// let d = |m| NaiveDate::from_ymd_opt(2023, m, 1).unwrap();
    /// let spring = Period::new(d(3), d(5))?;
    /// assert!(spring.contains(d(3)) && spring.contains(d(5)));
    /// assert!(!spring.contains(d(2)) && !spring.contains(d(6)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// Whether a year (as a demonstration designation carries) overlaps the period.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::Period;
    /// let d = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
    /// let winter = Period::new(d(2022, 12), d(2023, 2))?;
    /// assert!(winter.touches_year(2022) && winter.touches_year(2023));
    /// assert!(!winter.touches_year(2024));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn touches_year(&self, year: i32) -> bool {
        self.start.year() <= year && year <= self.end.year()
    }

    /// Whether something that exists from `from` (if known) until just before `until` (if
    /// it ended) exists on at least one day of the period.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::Period;
    /// let d = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
    /// let y2023 = Period::year(2023);
    /// assert!(y2023.overlaps(Some(d(2020, 1)), None));
    /// assert!(y2023.overlaps(None, Some(d(2023, 1)).map(|d| d.succ_opt().unwrap())));
    /// assert!(!y2023.overlaps(None, Some(d(2023, 1)))); // ended before the year began
    /// assert!(!y2023.overlaps(Some(d(2024, 1)), None));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
/// [`QueryError::EmptyPeriod`], naming both dates.
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
impl TryFrom<std::ops::RangeInclusive<NaiveDate>> for Period {
    type Error = QueryError;

    fn try_from(range: std::ops::RangeInclusive<NaiveDate>) -> Result<Period, QueryError> {
        Period::new(*range.start(), *range.end())
    }
}
