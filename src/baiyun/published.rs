//! The figures the seed article publishes for Baiyun's 2023 report card.

/// How a published figure is worded, and so how a computed figure is checked against it.
///
/// Serde writes the wording and the figure: `{"more_than": 1682}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Claim {
    /// Exactly this many ("366个").
    Exactly(u64),
    /// More than this many ("超1682人次").
    MoreThan(u64),
    /// Close to but below this ("接近100万平方米"): within 1% below.
    Approaching(u64),
    /// Rounded to ten thousands with two decimals ("1.02万"): within 50 of the value.
    TenThousands(u64),
    /// About the value, rounded to a step ("约44万": within half of 10,000; "2.4万":
    /// within half of 1,000): the value and the step.
    About(u64, u64),
}

impl Claim {
    /// Whether a computed figure agrees with the claim.
    ///
    /// ```
    /// use partyorg::baiyun::Claim;
    /// assert!(Claim::Exactly(366).agrees(366));
    /// assert!(Claim::MoreThan(1682).agrees(1690) && !Claim::MoreThan(1682).agrees(1682));
    /// assert!(Claim::Approaching(1_000_000).agrees(998_000));
    /// assert!(!Claim::Approaching(1_000_000).agrees(1_000_000));
    /// assert!(Claim::TenThousands(10_200).agrees(10_230));
    /// assert!(Claim::About(440_000, 10_000).agrees(435_000));
    /// assert!(!Claim::About(440_000, 10_000).agrees(434_999));
    /// ```
    pub fn agrees(self, computed: u64) -> bool {
        match self {
            Claim::Exactly(v) => computed == v,
            Claim::MoreThan(v) => computed > v,
            Claim::Approaching(v) => computed < v && computed >= v - v / 100,
            Claim::TenThousands(v) => computed.abs_diff(v) < 50,
            Claim::About(v, step) => computed.abs_diff(v) <= step / 2,
        }
    }

    /// The published value, whatever the wording.
    ///
    /// ```
    /// use partyorg::baiyun::{Claim, PUBLISHED};
    /// assert_eq!(Claim::MoreThan(1682).value(), 1682);
    /// assert_eq!(Claim::About(440_000, 10_000).value(), 440_000);
    /// assert_eq!(PUBLISHED.temporary_orgs.value(), 366);
    /// ```
    pub fn value(self) -> u64 {
        match self {
            Claim::Exactly(v)
            | Claim::MoreThan(v)
            | Claim::Approaching(v)
            | Claim::TenThousands(v)
            | Claim::About(v, _) => v,
        }
    }
}

impl std::fmt::Display for Claim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Claim::Exactly(v) => write!(f, "{v}"),
            Claim::MoreThan(v) => write!(f, ">{v}"),
            Claim::Approaching(v) => write!(f, "≈<{v}"),
            Claim::TenThousands(v) => write!(f, "{:.2}万", *v as f64 / 10_000.0),
            Claim::About(v, _) => write!(f, "≈{v}"),
        }
    }
}

/// The seed's published figures (中共广州市白云区委组织部 2023 "成绩单"), keyword by
/// keyword. For tests and the report card to compare with; the dataset never reads them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Published {
    /// 关键词一: temporary party organizations set up (临时党组织) — 366.
    pub temporary_orgs: Claim,
    /// 关键词一: party commando teams (党员突击队) — 5,350.
    pub commando_teams: Claim,
    /// 关键词二: the distinct units (所在单位) that sent the city's and district's first
    /// secretaries, each paired with the urban village it serves (结对共建) — 33.
    pub first_secretary_pairings: Claim,
    /// 关键词二: joint meetings (联席会议) — 1,794.
    pub joint_meetings: Claim,
    /// 关键词二: important matters discussed — 449.
    pub matters: Claim,
    /// 关键词二: problems solved — 3,798.
    pub problems_solved: Claim,
    /// 关键词三: agricultural towns and streets (涉农镇街) — 6.
    pub agricultural: Claim,
    /// 关键词三: streets paired with them ("1+3") — 18.
    pub paired_streets: Claim,
    /// 关键词三: weak-and-lax village organizations accepted (龙岗等5个) — 5.
    pub weak_lax_accepted: Claim,
    /// 关键词四: district-level community demonstration sites — 5.
    pub district_demonstrations: Claim,
    /// 关键词四: town and street service centers — 24.
    pub town_centers: Claim,
    /// 关键词四: village, federation and community centers (村(联社、社区)) — 452.
    pub village_centers: Claim,
    /// 关键词四: co-op stations (经济社) — 1,170.
    pub coop_stations: Claim,
    /// 关键词四: party-building parks, squares and corridors — 404.
    pub venues: Claim,
    /// 关键词四: their area, "接近100万平方米".
    pub venue_area_m2: Claim,
    /// 关键词五: activities held (活动) — 7,136.
    pub activities: Claim,
    /// 关键词五: appeals resolved (群众诉求) — 1.02万.
    pub appeals_resolved: Claim,
    /// 关键词七: district organs (区直单位) that formed a lecture team (身边宣讲团) — 58.
    pub district_organs: Claim,
    /// 关键词九: towns' and streets' deputy secretaries for party building on a study tour
    /// (镇街分管党建副书记) — 24.
    pub towns_and_streets: Claim,
    /// 关键词九: village organization secretaries trained (封闭式培训) — 118.
    pub village_secretaries: Claim,
    /// 关键词九: community organization secretaries trained — 286.
    pub community_secretaries: Claim,
    /// 关键词九: training person-times, "超1682人次".
    pub training_person_times: Claim,
    /// 关键词十: industry-chain big committees — 3.
    pub industry_chain_committees: Claim,
    /// 关键词十一: business-district big committees — 7.
    pub business_district_committees: Claim,
    /// 关键词十一: "三新" commando teams — 22.
    pub three_new_commando_teams: Claim,
    /// 关键词十一: "三新" members as part-time members of regional committees — 75.
    pub part_time_members: Claim,
    /// 关键词十二: organ sections paired with co-ops — 398.
    pub organ_sections: Claim,
    /// 关键词十二: co-ops paired with organ sections — 321.
    pub coops_paired: Claim,
    /// 关键词十二: organ cadres paired with households — 1,592.
    pub cadres: Claim,
    /// 关键词十二: households paired — 837.
    pub households: Claim,
}

/// The seed's figures. See [`Published`].
pub const PUBLISHED: Published = Published {
    temporary_orgs: Claim::Exactly(366),
    commando_teams: Claim::Exactly(5_350),
    first_secretary_pairings: Claim::Exactly(33),
    joint_meetings: Claim::Exactly(1_794),
    matters: Claim::Exactly(449),
    problems_solved: Claim::Exactly(3_798),
    agricultural: Claim::Exactly(6),
    paired_streets: Claim::Exactly(18),
    weak_lax_accepted: Claim::Exactly(5),
    district_demonstrations: Claim::Exactly(5),
    town_centers: Claim::Exactly(24),
    village_centers: Claim::Exactly(452),
    coop_stations: Claim::Exactly(1_170),
    venues: Claim::Exactly(404),
    venue_area_m2: Claim::Approaching(1_000_000),
    activities: Claim::Exactly(7_136),
    appeals_resolved: Claim::TenThousands(10_200),
    district_organs: Claim::Exactly(58),
    towns_and_streets: Claim::Exactly(24),
    village_secretaries: Claim::Exactly(118),
    community_secretaries: Claim::Exactly(286),
    training_person_times: Claim::MoreThan(1_682),
    industry_chain_committees: Claim::Exactly(3),
    business_district_committees: Claim::Exactly(7),
    three_new_commando_teams: Claim::Exactly(22),
    part_time_members: Claim::Exactly(75),
    organ_sections: Claim::Exactly(398),
    coops_paired: Claim::Exactly(321),
    cadres: Claim::Exactly(1_592),
    households: Claim::Exactly(837),
};
