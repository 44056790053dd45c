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

/// Reads an id as [`Display`](fmt::Display) writes it (`record#17`) or as its number.
impl std::str::FromStr for RecordId {
    type Err = crate::error::ParseIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::error::parse_id(s, "record#", "record").map(RecordId)
    }
}

/// What a record records, with its counts.
///
/// Serde writes it as the records table does: its [`RecordWord`] as `type`, with the
/// counts of that type under the table's column names
/// (`{"type": "joint_meeting", "matters": 3, "problems_solved": 5}`); reading one refuses
/// a missing count and a count of another type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "RecordKindFile", try_from = "RecordKindFile")]
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
    ///
    /// ```
    /// use partyorg::RecordKind;
    /// assert_eq!(RecordKind::Training { person_times: 120 }.as_str(), "training");
    /// assert_eq!(RecordKind::Appeals { raised: 9, resolved: 8 }.as_str(), "appeals");
    /// ```
    pub const fn as_str(self) -> &'static str {
        self.word().as_str()
    }

    /// The type without its counts.
    ///
    /// ```
    /// use partyorg::{RecordKind, record::RecordWord};
    /// let kind = RecordKind::Activity { participants: 35 };
    /// assert_eq!(kind.word(), RecordWord::Activity);
    /// assert_eq!("活动".parse(), Ok(kind.word()));
    /// ```
    pub const fn word(self) -> RecordWord {
        match self {
            RecordKind::JointMeeting { .. } => RecordWord::JointMeeting,
            RecordKind::Activity { .. } => RecordWord::Activity,
            RecordKind::Appeals { .. } => RecordWord::Appeals,
            RecordKind::Training { .. } => RecordWord::Training,
        }
    }
}

/// A [`RecordKind`] as the records table holds it.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordKindFile {
    #[serde(rename = "type")]
    word: RecordWord,
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

impl From<RecordKind> for RecordKindFile {
    fn from(k: RecordKind) -> RecordKindFile {
        let mut f = RecordKindFile {
            word: k.word(),
            matters: None,
            problems_solved: None,
            participants: None,
            raised: None,
            resolved: None,
            person_times: None,
        };
        match k {
            RecordKind::JointMeeting {
                matters,
                problems_solved,
            } => (f.matters, f.problems_solved) = (Some(matters), Some(problems_solved)),
            RecordKind::Activity { participants } => f.participants = Some(participants),
            RecordKind::Appeals { raised, resolved } => {
                (f.raised, f.resolved) = (Some(raised), Some(resolved));
            }
            RecordKind::Training { person_times } => f.person_times = Some(person_times),
        }
        f
    }
}

impl TryFrom<RecordKindFile> for RecordKind {
    type Error = String;

    fn try_from(f: RecordKindFile) -> Result<RecordKind, String> {
        let needed: &[&str] = match f.word {
            RecordWord::JointMeeting => &["matters", "problems_solved"],
            RecordWord::Activity => &["participants"],
            RecordWord::Appeals => &["raised", "resolved"],
            RecordWord::Training => &["person_times"],
        };
        let present = [
            ("matters", f.matters.is_some()),
            ("problems_solved", f.problems_solved.is_some()),
            ("participants", f.participants.is_some()),
            ("raised", f.raised.is_some()),
            ("resolved", f.resolved.is_some()),
            ("person_times", f.person_times.is_some()),
        ];
        let word = format!("type {}", f.word);
        crate::vocab::check_fields(&word, &present, needed, &[])?;
        let n = Option::unwrap_or_default;
        Ok(match f.word {
            RecordWord::JointMeeting => RecordKind::JointMeeting {
                matters: n(f.matters),
                problems_solved: n(f.problems_solved),
            },
            RecordWord::Activity => RecordKind::Activity {
                participants: n(f.participants),
            },
            RecordWord::Appeals => RecordKind::Appeals {
                raised: n(f.raised),
                resolved: n(f.resolved),
            },
            RecordWord::Training => RecordKind::Training {
                person_times: n(f.person_times),
            },
        })
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
#[serde(deny_unknown_fields)]
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
    /// A record of `kind` on `date` at `unit`, to add with
    /// [`Hierarchy::add_record`](crate::Hierarchy::add_record).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{Hierarchy, Record, RecordKind, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let day = NaiveDate::from_ymd_opt(2023, 6, 30).unwrap();
    /// let kind = RecordKind::JointMeeting { matters: 3, problems_solved: 5 };
    /// let id = h.add_record(Record::new(district, day, kind))?;
    /// assert_eq!(h.records_of(district).map(|(i, r)| (i, r.kind)).collect::<Vec<_>>(), [(id, kind)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(unit: UnitId, date: NaiveDate, kind: RecordKind) -> Self {
        Record { unit, date, kind }
    }
}
