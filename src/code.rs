//! Statistical division codes (统计用区划代码).
//!
//! The National Bureau of Statistics (国家统计局, NBS) numbers every administrative unit
//! down to the village with a 12-digit code `PP CC XX TTT VVV`: province 2 digits, city
//! (prefecture) 2, county 2, township 3, village 3. The coding rules (NBS《统计用区划代码编制
//! 规则》) also give the ranges that tell a unit's type:
//!
//! | segment | range | type |
//! |---|---|---|
//! | township | 001–099 | street (街道) |
//! | township | 100–199 | town (镇) |
//! | township | 200–399 | township (乡, 民族乡, 苏木) |
//! | township | 400–599 | town-like (farms, forest farms, development zones) |
//! | village | 001–199 | residents' committee (居委会, community) |
//! | village | 200–399 | villagers' committee (村委会, village) |
//! | village | 400–499 | community-like |
//! | village | 500–599 | village-like |

use std::fmt;
use std::num::NonZeroU64;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::vocab::vocab;

/// A 12-digit statistical division code (统计用区划代码), such as `440111013000` for
/// 均禾街道 of 白云区.
///
/// The code is stored as a number; it displays zero-padded to 12 digits. It knows its
/// [`level`](Self::level) (which of its segments are non-zero) and its
/// [`nbs_type`](Self::nbs_type) (from the code ranges of the NBS coding rules).
///
/// # Example
///
/// ```
/// use partyorg::{code::CodeLevel, DivisionCode, code::NbsType};
///
/// let junhe: DivisionCode = "440111013000".parse()?;
/// assert_eq!(junhe.level(), CodeLevel::Township);
/// assert_eq!(junhe.nbs_type(), Some(NbsType::Street));
/// assert_eq!(junhe.parent().unwrap().to_string(), "440111000000");
/// assert!("44011101300".parse::<DivisionCode>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DivisionCode(NonZeroU64);

vocab! {
    /// The level of the administrative hierarchy that a [`DivisionCode`] names; its word
    /// is the `level` column of NBS division files (a township-level code is `town`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum CodeLevel: "code level" {
        /// A province (省级): only the first 2 digits are non-zero.
        Province => "province",
        /// A prefecture-level city (地级): digits 3–4 non-zero, the rest zero.
        City => "city",
        /// A county-level unit (县级: district, county): digits 5–6 non-zero, the rest zero.
        County => "county",
        /// A township-level unit (乡级: street, town, township): digits 7–9 non-zero.
        Township => "town",
        /// A village-level unit (村级: community, village): digits 10–12 non-zero.
        Village => "village",
    }
}

vocab! {
    /// The type of a township- or village-level unit, read from the code ranges of the NBS
    /// coding rules.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum NbsType: "nbs type" {
        /// Township segment 001–099: a street (街道).
        Street => "street",
        /// Township segment 100–199: a town (镇).
        Town => "town",
        /// Township segment 200–399: a township (乡, 民族乡, 苏木).
        Township => "township",
        /// Township segment 400–599: a unit run like a town (farm, forest farm, zone).
        TownLike => "town_like",
        /// Village segment 001–199: a residents' committee (居委会, community).
        ResidentsCommittee => "residents_committee",
        /// Village segment 200–399: a villagers' committee (村委会, village).
        VillagersCommittee => "villagers_committee",
        /// Village segment 400–499: a unit run like a community.
        CommunityLike => "community_like",
        /// Village segment 500–599: a unit run like a village.
        VillageLike => "village_like",
        /// A township or village segment outside every documented range (600–999).
        Other => "other",
    }
}

/// Why a string is not a [`DivisionCode`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CodeError {
    /// The text is not exactly 12 ASCII digits. Recover by zero-padding a shorter code
    /// (`440111` → `440111000000`) or fixing the typo.
    #[error("division code {text:?} is not 12 ASCII digits")]
    Format {
        /// The rejected text.
        text: String,
    },
    /// The code is all zeros, or its province segment is zero.
    #[error("division code {text:?} has a zero province segment")]
    ZeroProvince {
        /// The rejected text.
        text: String,
    },
    /// A lower segment is non-zero while a higher one is zero (`440000001000`), so the code
    /// has no level. A zero county segment under a city is allowed: cities without counties
    /// (东莞, 中山, 儋州) number their towns so (`441900003000`).
    #[error("division code {text:?} skips a level: a segment is set below a zero segment")]
    SkippedLevel {
        /// The rejected text.
        text: String,
    },
}

const TEN12: u64 = 1_000_000_000_000;

impl DivisionCode {
    /// Builds a code from its numeric value, for example `440111013000`.
    ///
    /// # Errors
    ///
    /// [`CodeError::Format`] when the value has more than 12 digits,
    /// [`CodeError::ZeroProvince`] for a zero province segment (zero itself included),
    /// [`CodeError::SkippedLevel`] for a non-zero segment below a zero one (a zero county
    /// segment under a city excepted).
    ///
    /// ```
    /// use partyorg::{code::CodeError, DivisionCode};
    /// let junhe = DivisionCode::from_u64(440111013000)?;
    /// assert_eq!(junhe, "440111013000".parse()?);
    /// assert!(matches!(DivisionCode::from_u64(1_000_000_000_000), Err(CodeError::Format { .. })));
    /// assert!(matches!(DivisionCode::from_u64(11013000), Err(CodeError::ZeroProvince { .. })));
    /// assert!(matches!(DivisionCode::from_u64(440000001000), Err(CodeError::SkippedLevel { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_u64(value: u64) -> Result<Self, CodeError> {
        let text = || format!("{value:012}");
        if value >= TEN12 {
            return Err(CodeError::Format { text: text() });
        }
        let segments = Self::split(value);
        if segments[0] == 0 {
            return Err(CodeError::ZeroProvince { text: text() });
        }
        let mut seen_zero = false;
        for (i, &s) in segments.iter().enumerate().skip(1) {
            // Cities without counties (东莞 4419, 中山 4420, 儋州 4604) number their towns
            // with a zero county segment: 441900003000.
            if i == 2 && s == 0 && segments[1] != 0 {
                continue;
            }
            if s == 0 {
                seen_zero = true;
            } else if seen_zero {
                return Err(CodeError::SkippedLevel { text: text() });
            }
        }
        // The province segment is non-zero, so the value is.
        NonZeroU64::new(value)
            .map(Self)
            .ok_or(CodeError::ZeroProvince { text: text() })
    }

    /// The numeric value, for example `440111013000`.
    ///
    /// ```
    /// use partyorg::DivisionCode;
    /// let code: DivisionCode = "110101001001".parse()?;
    /// assert_eq!(code.get(), 110_101_001_001);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn get(self) -> u64 {
        self.0.get()
    }

    fn split(value: u64) -> [u64; 5] {
        [
            value / 10_000_000_000,
            value / 100_000_000 % 100,
            value / 1_000_000 % 100,
            value / 1_000 % 1_000,
            value % 1_000,
        ]
    }

    /// The five segments: province, city, county, township, village.
    ///
    /// ```
    /// use partyorg::DivisionCode;
    /// let code: DivisionCode = "440111013201".parse()?;
    /// assert_eq!(code.segments(), [44, 1, 11, 13, 201]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn segments(self) -> [u16; 5] {
        // Each segment is below 1,000, so the narrowing cannot lose digits.
        Self::split(self.get()).map(|s| s as u16)
    }

    /// The level of the unit this code names: the lowest non-zero segment.
    ///
    /// ```
    /// use partyorg::{code::CodeLevel, DivisionCode};
    /// let level = |text: &str| text.parse::<DivisionCode>().map(DivisionCode::level);
    /// assert_eq!(level("440000000000")?, CodeLevel::Province);
    /// assert_eq!(level("440111000000")?, CodeLevel::County);
    /// assert_eq!(level("441900003000")?, CodeLevel::Township); // 东莞: no county segment
    /// assert_eq!(level("440111013001")?, CodeLevel::Village);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn level(self) -> CodeLevel {
        let s = self.segments();
        if s[4] != 0 {
            CodeLevel::Village
        } else if s[3] != 0 {
            CodeLevel::Township
        } else if s[2] != 0 {
            CodeLevel::County
        } else if s[1] != 0 {
            CodeLevel::City
        } else {
            CodeLevel::Province
        }
    }

    /// The NBS type of a township- or village-level code, from the code ranges; `None` for
    /// provinces, cities and counties.
    ///
    /// ```
    /// use partyorg::{DivisionCode, code::NbsType};
    /// let nbs = |text: &str| text.parse::<DivisionCode>().map(DivisionCode::nbs_type);
    /// assert_eq!(nbs("440111103000")?, Some(NbsType::Town)); // township segment 103
    /// assert_eq!(nbs("440111103201")?, Some(NbsType::VillagersCommittee));
    /// assert_eq!(nbs("440111000000")?, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn nbs_type(self) -> Option<NbsType> {
        let s = self.segments();
        match self.level() {
            CodeLevel::Township => Some(match s[3] {
                1..=99 => NbsType::Street,
                100..=199 => NbsType::Town,
                200..=399 => NbsType::Township,
                400..=599 => NbsType::TownLike,
                _ => NbsType::Other,
            }),
            CodeLevel::Village => Some(match s[4] {
                1..=199 => NbsType::ResidentsCommittee,
                200..=399 => NbsType::VillagersCommittee,
                400..=499 => NbsType::CommunityLike,
                500..=599 => NbsType::VillageLike,
                _ => NbsType::Other,
            }),
            _ => None,
        }
    }

    /// The code of the level above: `440111013001` → `440111013000`; `None` for a province.
    ///
    /// ```
    /// use partyorg::DivisionCode;
    /// let mut code: DivisionCode = "440111013001".parse()?;
    /// let mut chain = vec![code.to_string()];
    /// while let Some(up) = code.parent() {
    ///     chain.push(up.to_string());
    ///     code = up;
    /// }
    /// assert_eq!(chain, ["440111013001", "440111013000", "440111000000", "440100000000", "440000000000"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parent(self) -> Option<DivisionCode> {
        let v = self.get();
        let parent = match self.level() {
            CodeLevel::Province => return None,
            CodeLevel::City => v / 10_000_000_000 * 10_000_000_000,
            CodeLevel::County => v / 100_000_000 * 100_000_000,
            CodeLevel::Township => v / 1_000_000 * 1_000_000,
            CodeLevel::Village => v / 1_000 * 1_000,
        };
        NonZeroU64::new(parent).map(Self)
    }

    /// Whether this code lies below `ancestor` in the code tree: same leading segments,
    /// and a deeper level. A code does not extend itself.
    ///
    /// ```
    /// use partyorg::DivisionCode;
    /// let district: DivisionCode = "440111000000".parse()?;
    /// let community: DivisionCode = "440111013001".parse()?;
    /// assert!(community.extends(district));
    /// assert!(!district.extends(community));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn extends(self, ancestor: DivisionCode) -> bool {
        let mut cur = self.parent();
        while let Some(c) = cur {
            if c == ancestor {
                return true;
            }
            cur = c.parent();
        }
        false
    }
}

impl FromStr for DivisionCode {
    type Err = CodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeError::Format {
                text: s.chars().take(40).collect(),
            });
        }
        let value = s
            .parse::<u64>()
            .map_err(|_| CodeError::Format { text: s.into() })?;
        Self::from_u64(value)
    }
}

impl fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:012}", self.get())
    }
}

impl fmt::Debug for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DivisionCode({:012})", self.get())
    }
}

impl Serialize for DivisionCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DivisionCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> DivisionCode {
        s.parse().unwrap()
    }

    #[test]
    fn levels_follow_the_lowest_nonzero_segment() {
        assert_eq!(code("440000000000").level(), CodeLevel::Province);
        assert_eq!(code("440100000000").level(), CodeLevel::City);
        assert_eq!(code("440111000000").level(), CodeLevel::County);
        assert_eq!(code("440111103000").level(), CodeLevel::Township);
        assert_eq!(code("440111103201").level(), CodeLevel::Village);
    }

    #[test]
    fn nbs_types_follow_the_ranges() {
        let cases = [
            ("440111002000", NbsType::Street),
            ("440111099000", NbsType::Street),
            ("440111100000", NbsType::Town),
            ("440111199000", NbsType::Town),
            ("440111200000", NbsType::Township),
            ("440111399000", NbsType::Township),
            ("440111400000", NbsType::TownLike),
            ("440111599000", NbsType::TownLike),
            ("440111600000", NbsType::Other),
            ("440111013001", NbsType::ResidentsCommittee),
            ("440111013199", NbsType::ResidentsCommittee),
            ("440111103200", NbsType::VillagersCommittee),
            ("440111103399", NbsType::VillagersCommittee),
            ("440111103400", NbsType::CommunityLike),
            ("440111103500", NbsType::VillageLike),
            ("440111103600", NbsType::Other),
        ];
        for (text, expected) in cases {
            assert_eq!(code(text).nbs_type(), Some(expected), "{text}");
        }
        assert_eq!(code("440111000000").nbs_type(), None);
    }

    #[test]
    fn rejects_anything_but_twelve_digits() {
        for bad in [
            "",
            "44011101300",
            "4401110130000",
            "44011101300a",
            "-44011101300",
            "４40111013000",
        ] {
            assert!(
                matches!(bad.parse::<DivisionCode>(), Err(CodeError::Format { .. })),
                "{bad:?}"
            );
        }
        assert!(matches!(
            "000000000000".parse::<DivisionCode>(),
            Err(CodeError::ZeroProvince { .. })
        ));
        // A level below a zero one: a town without city and county, a county without
        // city (the county-less exception is for towns under a city, not the reverse).
        for skipped in ["440000001000", "440001000000", "440001001000"] {
            assert!(
                matches!(
                    skipped.parse::<DivisionCode>(),
                    Err(CodeError::SkippedLevel { .. })
                ),
                "{skipped}"
            );
        }
        // A town of a city without counties (东莞市 4419).
        let dongguan: DivisionCode = "441900003001".parse().unwrap();
        assert_eq!(dongguan.level(), CodeLevel::Village);
        assert_eq!(
            dongguan.parent().unwrap().parent().unwrap().to_string(),
            "441900000000"
        );
        assert!(DivisionCode::from_u64(TEN12).is_err());
    }

    #[test]
    fn parents_and_extension() {
        let v = code("440111013001");
        assert_eq!(v.parent(), Some(code("440111013000")));
        assert_eq!(code("440111013000").parent(), Some(code("440111000000")));
        assert_eq!(code("440111000000").parent(), Some(code("440100000000")));
        assert_eq!(code("440100000000").parent(), Some(code("440000000000")));
        assert_eq!(code("440000000000").parent(), None);
        assert!(v.extends(code("440000000000")));
        assert!(!v.extends(code("440111002000")));
        assert!(!v.extends(v));
    }

    #[test]
    fn display_round_trips() {
        let c = code("110101001001");
        assert_eq!(c.to_string(), "110101001001");
        assert_eq!(code(&c.to_string()), c);
        assert_eq!(c.segments(), [11, 1, 1, 1, 1]);
    }
}
