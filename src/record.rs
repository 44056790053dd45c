//! Dated records attached to units: joint meetings, activities, appeals, trainings.
//!
//! Records are kept beside the graph, not in it: there are many, each attached to one unit,
//! and rollups read them by date range.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::unit::UnitId;
use crate::vocab::vocab;

/// The stable identifier of a record in a [`Hierarchy`](crate::Hierarchy).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(pub u32);

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "record#{}", self.0)
    }
}

/// What a record records, with its counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
#[non_exhaustive]
pub enum RecordKind {
    /// A joint meeting (联席会议) of the "三大" mechanism.
    JointMeeting {
        /// Important matters discussed (讨论研究重要事项).
        matters: u32,
        /// Problems it solved (推动解决问题).
        problems_solved: u32,
    },
    /// A party activity (活动).
    Activity {
        /// Participants (参与人次), if counted.
        participants: u32,
    },
    /// Residents' appeals (群众诉求) handled over the record's period.
    Appeals {
        /// Appeals raised.
        raised: u32,
        /// Appeals resolved.
        resolved: u32,
    },
    /// A training (培训).
    Training {
        /// Person-times trained (人次).
        person_times: u32,
    },
}

impl RecordKind {
    /// The type's word in files ([`RecordWord`]): `joint_meeting`, `activity` …
    pub const fn as_str(self) -> &'static str {
        self.word().as_str()
    }

    /// The type without its counts.
    pub const fn word(self) -> RecordWord {
        match self {
            RecordKind::JointMeeting { .. } => RecordWord::JointMeeting,
            RecordKind::Activity { .. } => RecordWord::Activity,
            RecordKind::Appeals { .. } => RecordWord::Appeals,
            RecordKind::Training { .. } => RecordWord::Training,
        }
    }
}

vocab! {
    /// The word of a [`RecordKind`] in files (the `type` column): its type without its
    /// counts.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum RecordWord: "record type" {
        /// [`RecordKind::JointMeeting`].
        JointMeeting => "joint_meeting" | "联席会议",
        /// [`RecordKind::Activity`].
        Activity => "activity" | "活动",
        /// [`RecordKind::Appeals`].
        Appeals => "appeals" | "诉求",
        /// [`RecordKind::Training`].
        Training => "training" | "培训",
    }
}

/// A dated record attached to a unit.
///
/// ```
/// use chrono::NaiveDate;
/// use partyorg::{Record, RecordKind, UnitId};
/// let r = Record::new(
///     UnitId(7),
///     NaiveDate::from_ymd_opt(2023, 5, 4).unwrap(),
///     RecordKind::JointMeeting { matters: 1, problems_solved: 2 },
/// );
/// assert_eq!(r.unit, UnitId(7));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Record {
    /// The unit it is attached to.
    pub unit: UnitId,
    /// The date it happened.
    pub date: NaiveDate,
    /// What happened.
    pub kind: RecordKind,
}

impl Record {
    /// A record of `kind` on `date` at `unit`.
    pub fn new(unit: UnitId, date: NaiveDate, kind: RecordKind) -> Self {
        Record { unit, date, kind }
    }
}
