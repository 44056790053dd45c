//! Baiyun District (广州市白云区) in 2023, embedded: the crate's worked dataset.
//!
//! [`baiyun_2023`] builds a deterministic [`Hierarchy`] whose rollups reproduce the
//! figures of the organization department's 2023 report card (the seed article), listed in
//! [`PUBLISHED`].
//!
//! # What is real and what is synthetic
//!
//! **Real** (NBS statistical division codes, 2023, `data/baiyun-divisions.csv`): the
//! names and codes of the district, its 24 towns and streets (20 streets, 4 towns) and its
//! 404 villages and communities (118 villages, 286 communities). The six agricultural
//! (涉农) towns and streets are the six that contain villages: the 4 towns, 龙归街道 and
//! 大源街道.
//!
//! **Published, placed synthetically**: every count of [`PUBLISHED`] is reproduced
//! exactly (or as worded: "超1682", "接近100万", "1.02万"), but where the seed gives only a
//! total, its distribution is synthetic and drawn from a seeded generator:
//!
//! - 48 economic federations (经济联社) under communities converted from villages (the
//!   452 − 404 village-level centers; an inference) and 1,170 economic co-ops under the
//!   118 villages and those federations, each with a service station;
//! - 58 district organs (区直单位) with synthetic names beyond the few the seed names, and
//!   five city organs under 广州市 that, with 28 district organs, are the 33 sending units
//!   (所在单位) of the 33 first secretaries, one each (the five weak-and-lax organizations,
//!   from their identification; 海苑社区, from June 2023; 26 urban villages and peri-urban
//!   communities, from June 2022);
//! - the "1+3" pairs (which 3 streets each agricultural unit pairs with), the 321
//!   organ–co-op pairings (77 with two sections: 398; every organ has some), the 58
//!   cadre–household pairings (1,592 cadres, 837 households; each organ with the
//!   households of a village of its own);
//! - 366 temporary organizations founded in 2023, each at a different town, street,
//!   village or community, a third for each purpose (special rectification, rural
//!   revitalization, key projects), about one in five dissolved when its task ended, and
//!   every project's within six months (a longer project forms a regular branch);
//! - 5,350 commando teams (22 in the 三新 fields), 404 venues of about 1,000,000 m²
//!   (998,000 in all), 5 district-level community demonstration sites (汇侨北 among them)
//!   besides the national designations of 大源村 and 太和镇白山村;
//! - 7 business-district, 3 industry-chain (轨道交通产业联盟, 化妆品产业链, 乡村振兴产业联盟)
//!   and 30 regional big committees (20 street 大工委, 10 community 大党委) with the 75
//!   part-time members, each gathering two-new organizations of its core's street, all
//!   founded in 2023;
//! - the five weak-and-lax organizations accepted in 2023, each within a year of its
//!   identification: 龙岗村, which the seed names, and four federations of town
//!   communities whose names the dataset made up and marks (`合成经济联社一`…,
//!   [`SYNTHETIC_PREFIX`]): no real place the seed does not name carries a negative label;
//! - 24 off-campus training institutions (校外培训机构, one per town and street) without
//!   members, whose work instructors cover;
//! - dated records of 2023: 1,794 joint meetings (449 matters, 3,798 problems) in every
//!   town, street and village, 7,136 activities in every village and community, each
//!   town's and street's appeals month by month (10,200 resolved), the organization
//!   department's trainings (1,690 person-times);
//! - member counts, party forms, secretaries' names, terms (not expired on 2023-12-31),
//!   service-center areas: entirely synthetic, and plausible: an organization of its own
//!   from 3 full members, a committee of 3 to 5 from 7, branches within 50 members,
//!   probationary members at most a tenth of the full ones plus one, a service center on
//!   every level from the district to the co-ops, 2- or 3-character names.
//!
//! # Organizations
//!
//! Every unit with a party form has its own organization ([`Org`], one-table form),
//! reporting up the place tree: co-op branches under their village's or federation's
//! organization, villages' under their town's or street's, those under the district
//! committee. Where the 隶属 tree leaves the place tree, the organizations are recorded in
//! their own right: the district's working committee for organs (区直机关工委) with the 58
//! organs' organizations below it, and its education working committee (教育工委) with
//! the 48 schools'. Each town's and street's smallest kindergarten is covered by the first
//! kindergarten's joint branch.
//!
//! Nothing computed reads [`PUBLISHED`]: the dataset is built from its own parameters and
//! the tests check the rollups against the published figures.
//!
//! # Achievements and the article's figures
//!
//! [`tallies_2023`] keeps the year's achievements beside the hierarchy as dated
//! [`Tallies`](crate::tally::Tallies) — teams formed, centers and venues built, cases,
//! rooms, lecture teams, trainings, instructors, prizes — so that a card of another year
//! shows none of them. [`figures`] lists every countable figure of the article, with how
//! the data holds it ([`Basis`]) or why it does not, and [`reproduce`] computes them over a
//! [`Scope`].
//!
//! [`Org`]: crate::org::Org

mod achievements;
mod build;
mod figures;
mod published;

use chrono::NaiveDate;

use crate::HierarchyError;
use crate::hierarchy::Hierarchy;
use crate::rng::SplitMix64;
use crate::unit::{OrgDetails, PartyForm, Term};

pub use achievements::{
    CITY_CASES, PRIZED_ORGANS, PROVINCIAL_CASES, TRAINING_INSTITUTION, tallies_2023,
};
pub use figures::{Basis, Figure, Reproduced, Scope, figures, reproduce};
pub use published::{Claim, PUBLISHED, Published};

use build::build;

/// The NBS division rows of Baiyun (code, name, level, parent code, urban-rural code,
/// unit type), embedded.
pub const DIVISIONS_CSV: &str = include_str!("../../data/baiyun-divisions.csv");

/// The division code of Baiyun District.
pub const BAIYUN_CODE: u64 = 440_111_000_000;

/// The seed of the synthetic parts.
const SEED: u64 = 0x4241_4959_554E_2023;

/// The mark of the units whose name the dataset made up to carry a synthetic case the seed
/// counts but does not name (the four weak-and-lax organizations besides 龙岗村): their
/// names begin with it. Negative labels — weak and lax, overdue, violations — go only on
/// such units or on the units the seed names so ([`is_marked_synthetic`]).
pub const SYNTHETIC_PREFIX: &str = "合成";

/// Whether a unit's name carries the [`SYNTHETIC_PREFIX`].
///
/// ```
/// use partyorg::baiyun::is_marked_synthetic;
/// assert!(is_marked_synthetic("合成经济联社一"));
/// assert!(!is_marked_synthetic("龙岗村委会"));
/// ```
pub fn is_marked_synthetic(name: &str) -> bool {
    name.starts_with(SYNTHETIC_PREFIX)
}

/// Baiyun District's organization system at the end of 2023: real divisions, synthetic
/// details reproducing the published figures (see the [module doc](self)).
///
/// Deterministic: every call returns an equal hierarchy. About 1,900 units, their party
/// organizations, about 400 temporary organizations and big committees, 10,000 records;
/// builds in a few milliseconds.
///
/// ```
/// use partyorg::baiyun::{baiyun_2023, BAIYUN_CODE};
/// use partyorg::rollup::Period;
/// use partyorg::DivisionCode;
///
/// let h = baiyun_2023();
/// let district = h.by_code(DivisionCode::from_u64(BAIYUN_CODE)?).unwrap().id();
/// let t = h.totals(district, &Period::year(2023))?;
/// assert_eq!(t.joint_meetings, 1_794);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Panics
///
/// Never for the embedded data, which the crate's tests build; a panic would name the
/// failing step.
pub fn baiyun_2023() -> Hierarchy {
    build().expect("the embedded Baiyun dataset builds")
}

/// Errors of the build, only possible if the embedded data were corrupted.
#[derive(Debug, thiserror::Error)]
enum BuildFailure {
    #[error("division file: {0}")]
    Csv(#[from] csv::Error),
    #[error("division code: {0}")]
    Code(#[from] crate::code::CodeError),
    #[error("hierarchy: {0}")]
    Hierarchy(#[from] HierarchyError),
    #[error("division file: {0}")]
    Shape(&'static str),
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// A date of 2023 from a day number 0..365.
fn day_of_2023(day: u32) -> NaiveDate {
    date(2023, 1, 1)
        .checked_add_days(chrono::Days::new(u64::from(day % 365)))
        .unwrap_or(NaiveDate::MIN)
}

/// Splits `total` into `n` parts of at least `min`, by random weights; the parts sum to
/// `total` exactly (`total >= n * min`).
fn split(rng: &mut SplitMix64, total: u64, n: usize, min: u64) -> Vec<u64> {
    if n == 0 {
        return Vec::new();
    }
    let spare = total - min * n as u64;
    let weights: Vec<u64> = (0..n).map(|_| u64::from(rng.between(1, 100))).collect();
    let sum: u64 = weights.iter().sum();
    let mut parts: Vec<u64> = weights.iter().map(|w| min + spare * w / sum).collect();
    let mut left = total - parts.iter().sum::<u64>();
    while left > 0 {
        parts[rng.below(n as u32) as usize] += 1;
        left -= 1;
    }
    parts
}

fn shuffle<T>(rng: &mut SplitMix64, v: &mut [T]) {
    for i in (1..v.len()).rev() {
        let j = rng.below(i as u32 + 1) as usize;
        v.swap(i, j);
    }
}

const SURNAMES: &[char] = &[
    '陈', '李', '黄', '张', '梁', '刘', '林', '何', '罗', '郭', '钟', '谭', '冯', '邓', '曾', '吴',
];
const GIVEN: &[char] = &[
    '志', '伟', '建', '国', '明', '华', '文', '德', '海', '丽', '娟', '强', '军', '平', '玲', '斌',
];

fn person(rng: &mut SplitMix64) -> String {
    let mut s = String::new();
    s.push(SURNAMES[rng.below(SURNAMES.len() as u32) as usize]);
    s.push(GIVEN[rng.below(GIVEN.len() as u32) as usize]);
    if rng.chance(0.6) {
        s.push(GIVEN[rng.below(GIVEN.len() as u32) as usize]);
    }
    s
}

fn numeral(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[n - 10]),
        20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
        _ => n.to_string(),
    }
}

/// A party organization's form for its member count (支部工作条例 art. 4; committees
/// from 100, general branches from 50).
fn form_for(full: u32) -> PartyForm {
    match full {
        100.. => PartyForm::Committee,
        50.. => PartyForm::GeneralBranch,
        _ => PartyForm::Branch,
    }
}

/// Organization details with a secretary and a term elected on `elected` for `years`
/// (the committee is sized once the member count is drawn).
fn org(rng: &mut SplitMix64, elected: NaiveDate, years: u8) -> OrgDetails {
    OrgDetails {
        secretary: Some(person(rng)),
        term: Some(Term { elected, years }),
        ..OrgDetails::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_are_chinese_up_to_ninety_nine() {
        let cases = [
            (1, "一"),
            (9, "九"),
            (10, "十"),
            (11, "十一"),
            (19, "十九"),
            (20, "二十"),
            (21, "二十一"),
            (99, "九十九"),
            (100, "100"),
        ];
        for (n, want) in cases {
            assert_eq!(numeral(n), want, "{n}");
        }
    }

    #[test]
    fn day_numbers_walk_through_2023_and_wrap() {
        assert_eq!(day_of_2023(0), date(2023, 1, 1));
        assert_eq!(day_of_2023(31), date(2023, 2, 1));
        assert_eq!(day_of_2023(364), date(2023, 12, 31));
        assert_eq!(day_of_2023(365), date(2023, 1, 1));
        assert_eq!(day_of_2023(365 + 59), date(2023, 3, 1));
    }

    #[test]
    fn split_keeps_the_total_and_the_minimum_and_follows_its_weights() {
        for seed in 0..50 {
            let mut rng = SplitMix64::new(seed);
            let parts = split(&mut rng, 100_000, 8, 7);
            assert_eq!(parts.len(), 8);
            assert_eq!(parts.iter().sum::<u64>(), 100_000);
            assert!(parts.iter().all(|&p| p >= 7), "{parts:?}");
            // Weights of 1..100 make the parts unequal; spreading the total unit by unit
            // would leave them all within a few hundred of 12,500.
            let (lo, hi) = (parts.iter().min().unwrap(), parts.iter().max().unwrap());
            assert!(hi - lo > 2_000, "seed {seed}: {parts:?}");
        }
        let mut rng = SplitMix64::new(1);
        assert_eq!(split(&mut rng, 30, 10, 3), vec![3; 10]);
        assert!(split(&mut rng, 5, 0, 1).is_empty());
    }

    #[test]
    fn shuffle_reaches_every_order() {
        let mut rng = SplitMix64::new(7);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..600 {
            let mut v = [0, 1, 2];
            shuffle(&mut rng, &mut v);
            let mut sorted = v;
            sorted.sort_unstable();
            assert_eq!(sorted, [0, 1, 2]);
            seen.insert(v);
        }
        // Fisher–Yates: all 3! orders, the identity included.
        assert_eq!(seen.len(), 6, "{seen:?}");
    }

    #[test]
    fn people_have_a_surname_and_one_or_two_given_characters() {
        let mut rng = SplitMix64::new(3);
        let mut lengths = std::collections::HashSet::new();
        for _ in 0..200 {
            let name: Vec<char> = person(&mut rng).chars().collect();
            assert!(SURNAMES.contains(&name[0]), "{name:?}");
            assert!(name[1..].iter().all(|c| GIVEN.contains(c)), "{name:?}");
            lengths.insert(name.len());
        }
        assert_eq!(lengths, [2, 3].into_iter().collect());
    }
}
