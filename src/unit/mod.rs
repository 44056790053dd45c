//! Units of the standing hierarchy (组织体系) and what each may carry.
//!
//! A unit is one node of the organization tree: a district, a street, a village, an
//! economic co-op, an institution … ([`UnitKind`]). The tree's shape is limited by the
//! containment table of [`UnitKind::may_contain`]. Temporary party organizations
//! (临时党组织) and big party committees (大党委) are not units but party organizations
//! ([`crate::org`]), based in a unit and linked to others by relations
//! ([`crate::relation`]).
//!
//! Most of the nation's units are co-ops that carry little: a name, a kind, member counts
//! and perhaps a party organization form. Everything rarer — dates, the organization's
//! secretary and term, service centers, venues, commando teams — lives in [`Details`],
//! which the hierarchy keeps in a side table only for the units that have any.

mod details;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::code::{CodeLevel, DivisionCode, NbsType};
use crate::vocab::{UnknownWord, vocab};

pub(crate) use details::EMPTY_DETAILS;
pub use details::{
    BigCommitteeKind, CommandoField, CommandoTeams, DemoLevel, Demonstration, Details,
    ForbiddenAct, ForbiddenActs, OrgDetails, ServiceCenter, TaskPurpose, TemporaryInfo, Term,
    Venue, VenueKind, WeakLax,
};

/// The stable identifier of a unit in a [`Hierarchy`](crate::Hierarchy).
///
/// Ids are assigned by the hierarchy in increasing order, or taken from a file; they are
/// never reused within one hierarchy (a removed unit's id is refused by
/// [`add_unit_with_id`](crate::Hierarchy::add_unit_with_id)) nor across a JSON snapshot,
/// which keeps the counters and the retired ids; a folder of CSV tables keeps only the
/// live ids. They survive the removal of other units. They are not petgraph indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitId(pub u32);

impl fmt::Display for UnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Reads an id as [`Display`](fmt::Display) writes it (`#17`) or as its number (`17`).
///
/// ```
/// use partyorg::UnitId;
/// assert_eq!("#17".parse(), Ok(UnitId(17)));
/// assert_eq!("17".parse::<UnitId>().unwrap().to_string(), "#17");
/// assert!("4294967295".parse::<UnitId>().is_err());
/// ```
impl std::str::FromStr for UnitId {
    type Err = crate::error::ParseIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::error::parse_id(s, "#", "unit").map(UnitId)
    }
}

vocab! {
    /// The sector (领域) of an [`UnitKind::Institution`].
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Sector: "sector" {
        /// A party or government organ (机关).
        Organ => "organ" | "机关" | "党政机关",
        /// A public institution (事业单位).
        PublicInstitution => "public_institution" | "事业单位",
        /// A state-owned enterprise (国有企业).
        StateOwnedEnterprise => "state_owned_enterprise" | "国有企业" | "国企",
        /// A non-public enterprise (非公有制企业); one of the "two new" (两新).
        NonPublicEnterprise => "non_public_enterprise" | "非公企业" | "非公有制企业",
        /// A social organization (社会组织); one of the "two new" (两新).
        SocialOrganization => "social_organization" | "社会组织",
        /// A school (学校).
        School => "school" | "学校",
        /// A kindergarten (幼儿园).
        Kindergarten => "kindergarten" | "幼儿园",
        /// Any other sector.
        Other => "other" | "其他",
    }
}

impl Sector {
    /// Whether the sector is one of the "two new" (两新): non-public enterprises and social
    /// organizations.
    ///
    /// ```
    /// use partyorg::Sector;
    /// let two_new: Vec<Sector> = Sector::ALL.into_iter().filter(|s| s.is_two_new()).collect();
    /// assert_eq!(two_new, [Sector::NonPublicEnterprise, Sector::SocialOrganization]);
    /// ```
    pub const fn is_two_new(self) -> bool {
        matches!(
            self,
            Sector::NonPublicEnterprise | Sector::SocialOrganization
        )
    }
}

/// The kind of a unit.
///
/// Every unit stands in the place tree. (Temporary party organizations and big party
/// committees are party organizations, [`OrgForm::Temporary`](crate::OrgForm::Temporary)
/// and [`OrgForm::BigCommittee`](crate::OrgForm::BigCommittee), not units.)
///
/// Its word in files is its [`KindWord`] ([`as_str`](Self::as_str)), with an
/// institution's sector in a column of its own; as one string ([`Display`](fmt::Display),
/// [`FromStr`], serde) an institution is written with its sector after a colon:
///
/// ```
/// use partyorg::{Sector, UnitKind};
/// assert_eq!(UnitKind::EconomicCoop.to_string(), "coop");
/// assert_eq!("institution:school".parse(), Ok(UnitKind::Institution(Sector::School)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnitKind {
    /// A province (省), above cities.
    Province,
    /// A prefecture-level city (市), above districts.
    City,
    /// A district or county (区 / 县); Baiyun is one.
    District,
    /// A street (街道, subdistrict) under a district.
    Street,
    /// A town (镇, also 乡 and town-like units) under a district.
    Town,
    /// An administrative village (行政村); in Guangdong its collective is the 经济联社,
    /// "村(联社)".
    Village,
    /// A community (社区, residents' committee 居委会).
    Community,
    /// An economic co-op (经济社): the village-group collective, third tier of service
    /// stations.
    EconomicCoop,
    /// An economic federation (经济联社) standing apart from a village, as kept by
    /// communities converted from villages (村改居).
    Federation,
    /// A residential compound (住宅小区) under a community.
    Estate,
    /// An institution (机关, 事业单位, 国企, 非公企业, 社会组织, 学校, 幼儿园 …) with its sector.
    Institution(Sector),
}

impl UnitKind {
    /// Every kind, institutions once per sector.
    pub const ALL: [UnitKind; 18] = [
        UnitKind::Province,
        UnitKind::City,
        UnitKind::District,
        UnitKind::Street,
        UnitKind::Town,
        UnitKind::Village,
        UnitKind::Community,
        UnitKind::EconomicCoop,
        UnitKind::Federation,
        UnitKind::Estate,
        UnitKind::Institution(Sector::Organ),
        UnitKind::Institution(Sector::PublicInstitution),
        UnitKind::Institution(Sector::StateOwnedEnterprise),
        UnitKind::Institution(Sector::NonPublicEnterprise),
        UnitKind::Institution(Sector::SocialOrganization),
        UnitKind::Institution(Sector::School),
        UnitKind::Institution(Sector::Kindergarten),
        UnitKind::Institution(Sector::Other),
    ];

    /// Whether a unit of this kind may be a root of the tree (have no parent): a
    /// province, a city or a district.
    ///
    /// ```
    /// use partyorg::{Hierarchy, HierarchyError, Unit, UnitKind};
    /// assert!(UnitKind::District.may_be_root());
    /// assert!(!UnitKind::Street.may_be_root());
    /// let mut h = Hierarchy::new();
    /// let refused = h.add_unit(None, Unit::new(UnitKind::Street, "均禾街道"));
    /// assert!(matches!(refused, Err(HierarchyError::NeedsParent { .. })));
    /// ```
    pub const fn may_be_root(self) -> bool {
        matches!(
            self,
            UnitKind::Province | UnitKind::City | UnitKind::District
        )
    }

    /// The containment table: whether a unit of kind `self` may have a child of kind
    /// `child`.
    ///
    /// From the domain's table of units ([domain](crate::domain), "Units of the standing hierarchy"):
    ///
    /// | child | parents |
    /// |---|---|
    /// | city | province |
    /// | district | city, province (county-level units directly under a province) |
    /// | street, town | district; city (cities without counties: 东莞, 中山, 儋州) |
    /// | village, community | town, street |
    /// | economic co-op | village, community, federation |
    /// | federation | village, community, town, street |
    /// | estate | community |
    /// | institution | province, city, district, street, town, institution (a sub-unit) |
    ///
    /// ```
    /// use partyorg::UnitKind;
    /// assert!(UnitKind::Town.may_contain(UnitKind::Village));
    /// assert!(!UnitKind::District.may_contain(UnitKind::Village));
    /// ```
    pub const fn may_contain(self, child: UnitKind) -> bool {
        use UnitKind::*;
        match child {
            Province => false,
            City => matches!(self, Province),
            District => matches!(self, City | Province),
            Street | Town => matches!(self, District | City),
            Village | Community => matches!(self, Town | Street),
            EconomicCoop => matches!(self, Village | Community | Federation),
            Federation => matches!(self, Village | Community | Town | Street),
            Estate => matches!(self, Community),
            Institution(_) => matches!(
                self,
                Province | City | District | Street | Town | Institution(_)
            ),
        }
    }

    /// The code level a unit of this kind should carry, if it carries a code at all.
    ///
    /// ```
    /// use partyorg::{code::CodeLevel, Sector, UnitKind};
    /// assert_eq!(UnitKind::District.code_level(), Some(CodeLevel::County));
    /// assert_eq!(UnitKind::Street.code_level(), Some(CodeLevel::Township));
    /// assert_eq!(UnitKind::Institution(Sector::School).code_level(), None);
    /// ```
    pub const fn code_level(self) -> Option<CodeLevel> {
        match self {
            UnitKind::Province => Some(CodeLevel::Province),
            UnitKind::City => Some(CodeLevel::City),
            UnitKind::District => Some(CodeLevel::County),
            UnitKind::Street | UnitKind::Town => Some(CodeLevel::Township),
            UnitKind::Village | UnitKind::Community => Some(CodeLevel::Village),
            _ => None,
        }
    }

    /// Whether an NBS type read from a code agrees with this kind: a street has a
    /// 001–099 township code, a town 100–599, a community 001–199 or 400–499, a village
    /// 200–399 or 500–599 (NBS《统计用区划代码编制规则》).
    ///
    /// ```
    /// use partyorg::{DivisionCode, code::NbsType, UnitKind};
    /// let code: DivisionCode = "440111013000".parse()?; // township segment 013: a street
    /// assert!(UnitKind::Street.agrees_with(code.nbs_type().unwrap()));
    /// assert!(!UnitKind::Town.agrees_with(NbsType::Street));
    /// assert!(UnitKind::Village.agrees_with(NbsType::VillageLike));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn agrees_with(self, nbs: NbsType) -> bool {
        match self {
            UnitKind::Street => matches!(nbs, NbsType::Street),
            UnitKind::Town => matches!(nbs, NbsType::Town | NbsType::Township | NbsType::TownLike),
            UnitKind::Community => {
                matches!(nbs, NbsType::ResidentsCommittee | NbsType::CommunityLike)
            }
            UnitKind::Village => matches!(nbs, NbsType::VillagersCommittee | NbsType::VillageLike),
            _ => true,
        }
    }

    /// The kind that a division code implies: township codes give a street or a town,
    /// village codes a community or a village, higher levels a province, city or
    /// district.
    ///
    /// ```
    /// use partyorg::UnitKind;
    /// let kind = |text: &str| text.parse().map(UnitKind::from_code);
    /// assert_eq!(kind("440111000000")?, UnitKind::District);
    /// assert_eq!(kind("440111013000")?, UnitKind::Street);
    /// assert_eq!(kind("440111103000")?, UnitKind::Town);
    /// assert_eq!(kind("440111103201")?, UnitKind::Village);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_code(code: DivisionCode) -> UnitKind {
        match code.level() {
            CodeLevel::Province => UnitKind::Province,
            CodeLevel::City => UnitKind::City,
            CodeLevel::County => UnitKind::District,
            CodeLevel::Township => match code.nbs_type() {
                Some(NbsType::Street) => UnitKind::Street,
                _ => UnitKind::Town,
            },
            CodeLevel::Village => match code.nbs_type() {
                Some(NbsType::ResidentsCommittee | NbsType::CommunityLike) => UnitKind::Community,
                _ => UnitKind::Village,
            },
        }
    }

    /// The kind's word in files ([`KindWord`]): `street`, `coop`, `institution`,
    /// `temporary` … (an institution's sector is a column of its own).
    ///
    /// ```
    /// use partyorg::{Sector, UnitKind};
    /// assert_eq!(UnitKind::EconomicCoop.as_str(), "coop");
    /// let school = UnitKind::Institution(Sector::School);
    /// assert_eq!((school.as_str(), school.to_string().as_str()), ("institution", "institution:school"));
    /// ```
    pub const fn as_str(self) -> &'static str {
        self.word().as_str()
    }

    /// The word of the kind without an institution's sector; with the sector,
    /// [`from_word`](Self::from_word) gives the kind back.
    ///
    /// ```
    /// use partyorg::{unit::KindWord, Sector, UnitKind};
    /// let organ = UnitKind::Institution(Sector::Organ);
    /// assert_eq!(organ.word(), KindWord::Institution);
    /// assert_eq!(UnitKind::from_word(organ.word(), Some(Sector::Organ)), Some(organ));
    /// ```
    pub const fn word(self) -> KindWord {
        match self {
            UnitKind::Province => KindWord::Province,
            UnitKind::City => KindWord::City,
            UnitKind::District => KindWord::District,
            UnitKind::Street => KindWord::Street,
            UnitKind::Town => KindWord::Town,
            UnitKind::Village => KindWord::Village,
            UnitKind::Community => KindWord::Community,
            UnitKind::EconomicCoop => KindWord::EconomicCoop,
            UnitKind::Federation => KindWord::Federation,
            UnitKind::Estate => KindWord::Estate,
            UnitKind::Institution(_) => KindWord::Institution,
        }
    }

    /// The kind of a word and, for an institution, its sector; `None` for an institution
    /// without a sector, and for the words of the older form that name organizations
    /// (`temporary`, `big_committee`). The sector of another kind is ignored.
    ///
    /// ```
    /// use partyorg::{unit::KindWord, Sector, UnitKind};
    /// assert_eq!(UnitKind::from_word(KindWord::Village, None), Some(UnitKind::Village));
    /// assert_eq!(UnitKind::from_word(KindWord::Village, Some(Sector::School)), Some(UnitKind::Village));
    /// assert_eq!(UnitKind::from_word(KindWord::Institution, None), None);
    /// assert_eq!(UnitKind::from_word(KindWord::Temporary, None), None);
    /// ```
    pub const fn from_word(word: KindWord, sector: Option<Sector>) -> Option<UnitKind> {
        Some(match word {
            KindWord::Province => UnitKind::Province,
            KindWord::City => UnitKind::City,
            KindWord::District => UnitKind::District,
            KindWord::Street => UnitKind::Street,
            KindWord::Town => UnitKind::Town,
            KindWord::Village => UnitKind::Village,
            KindWord::Community => UnitKind::Community,
            KindWord::EconomicCoop => UnitKind::EconomicCoop,
            KindWord::Federation => UnitKind::Federation,
            KindWord::Estate => UnitKind::Estate,
            KindWord::Institution => match sector {
                Some(s) => UnitKind::Institution(s),
                None => return None,
            },
            KindWord::Temporary | KindWord::BigCommittee => return None,
        })
    }

    /// A dense index of the kind, `0..UnitKind::ALL.len()`, for tables of counts.
    ///
    /// ```
    /// use partyorg::UnitKind;
    /// let mut counts = [0u32; UnitKind::ALL.len()];
    /// for kind in [UnitKind::Village, UnitKind::Village, UnitKind::Street] {
    ///     counts[kind.index()] += 1;
    /// }
    /// assert_eq!(counts[UnitKind::Village.index()], 2);
    /// assert!(UnitKind::ALL.iter().enumerate().all(|(i, k)| k.index() == i));
    /// ```
    pub const fn index(self) -> usize {
        match self {
            UnitKind::Province => 0,
            UnitKind::City => 1,
            UnitKind::District => 2,
            UnitKind::Street => 3,
            UnitKind::Town => 4,
            UnitKind::Village => 5,
            UnitKind::Community => 6,
            UnitKind::EconomicCoop => 7,
            UnitKind::Federation => 8,
            UnitKind::Estate => 9,
            UnitKind::Institution(s) => 10 + s as usize,
        }
    }
}

/// The words of the unit kinds: [`KindWord`]'s but the last two, the older form's words
/// of organizations (`temporary`, `big_committee`).
const UNIT_KIND_WORDS: &[&str] = KindWord::WORDS.split_at(KindWord::WORDS.len() - 2).0;

/// What [`UnitKind`]'s `FromStr` says when an institution's sector is missing or unknown.
const INSTITUTION_SECTOR: &str = "institution sector (as in institution:school)";

/// A kind as one word: its [`KindWord`], and for an institution a colon and its
/// [`Sector`] — `coop`, `village`, `institution:school`. Serde uses the same form.
/// (Files write an institution's sector in a column of its own.)
impl fmt::Display for UnitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnitKind::Institution(s) => write!(f, "{}:{s}", self.as_str()),
            k => f.write_str(k.as_str()),
        }
    }
}

/// Reads the form [`Display`](fmt::Display) writes: `coop`, `institution:school`.
impl FromStr for UnitKind {
    type Err = UnknownWord;

    fn from_str(s: &str) -> Result<Self, UnknownWord> {
        let (word, sector) = match s.split_once(':') {
            Some((w, sector)) => (w, Some(sector)),
            None => (s, None),
        };
        let word: KindWord = word.parse()?;
        match (word, sector) {
            (KindWord::Institution, Some(sector)) => sector
                .parse()
                .map(UnitKind::Institution)
                .map_err(|_| UnknownWord::new(sector, INSTITUTION_SECTOR, Sector::WORDS)),
            (_, Some(_)) | (KindWord::Temporary | KindWord::BigCommittee, None) => {
                Err(UnknownWord::new(s, "unit kind", UNIT_KIND_WORDS))
            }
            // `None` only for an institution without its sector.
            (word, None) => UnitKind::from_word(word, None)
                .ok_or_else(|| UnknownWord::new("", INSTITUTION_SECTOR, Sector::WORDS)),
        }
    }
}

impl Serialize for UnitKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for UnitKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

vocab! {
    /// The word of a [`UnitKind`] in files: the kind without an institution's sector,
    /// which files keep in a column of its own (`sector`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum KindWord: "unit kind" {
        /// [`UnitKind::Province`].
        Province => "province" | "省",
        /// [`UnitKind::City`].
        City => "city" | "市",
        /// [`UnitKind::District`].
        District => "district" | "区" | "县",
        /// [`UnitKind::Street`].
        Street => "street" | "街道",
        /// [`UnitKind::Town`].
        Town => "town" | "镇" | "乡",
        /// [`UnitKind::Village`].
        Village => "village" | "村" | "行政村",
        /// [`UnitKind::Community`].
        Community => "community" | "社区",
        /// [`UnitKind::EconomicCoop`].
        EconomicCoop => "coop" | "经济社",
        /// [`UnitKind::Federation`].
        Federation => "federation" | "经济联社",
        /// [`UnitKind::Estate`].
        Estate => "estate" | "小区",
        /// [`UnitKind::Institution`], of any sector.
        Institution => "institution" | "单位",
        /// A temporary party organization, in a units table of the older form: read as
        /// an organization of form [`OrgForm::Temporary`](crate::OrgForm::Temporary).
        Temporary => "temporary" | "临时党组织",
        /// A big party committee, in a units table of the older form: read as an
        /// organization of form [`OrgForm::BigCommittee`](crate::OrgForm::BigCommittee).
        BigCommittee => "big_committee" | "大党委",
    }
}

vocab! {
    /// The form of a party organization (党组织).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum PartyForm: "party form" {
        /// A grassroots committee (基层党委).
        Committee => "committee" | "党委" | "基层党委",
        /// A general branch (党总支).
        GeneralBranch => "general_branch" | "党总支",
        /// A branch (党支部).
        Branch => "branch" | "党支部",
        /// A joint branch (联合党支部) covering several small units.
        JointBranch => "joint_branch" | "联合党支部",
    }
}

/// Party members of a unit: full (正式) and probationary (预备).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Members {
    /// Full members (正式党员).
    pub full: u32,
    /// Probationary members (预备党员).
    pub probationary: u32,
}

impl Members {
    /// Members with the given counts.
    ///
    /// ```
    /// use partyorg::Members;
    /// let m = Members::new(38, 2);
    /// assert_eq!((m.full, m.probationary), (38, 2));
    /// ```
    pub const fn new(full: u32, probationary: u32) -> Self {
        Members { full, probationary }
    }

    /// Full plus probationary members, in `u64` so the sum cannot overflow.
    ///
    /// ```
    /// use partyorg::Members;
    /// assert_eq!(Members::new(38, 2).total(), 40);
    /// assert_eq!(Members::new(u32::MAX, u32::MAX).total(), 2 * u64::from(u32::MAX));
    /// ```
    pub const fn total(self) -> u64 {
        self.full as u64 + self.probationary as u64
    }
}

/// A unit to add to a hierarchy: everything the unit says about itself. Its place in the
/// tree is given separately.
///
/// # Example
///
/// ```
/// use partyorg::{Members, PartyForm, Unit, UnitKind};
///
/// let unit = Unit::new(UnitKind::Community, "荔景社区居委会")
///     .with_code("440111013001".parse()?)
///     .with_members(Members::new(45, 2))
///     .with_party_form(PartyForm::Branch);
/// assert_eq!(unit.members.full, 45);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Serde writes every field under its name, the kind as one word (`coop`,
/// `institution:school`) and the code as its 12 digits; reading one, only the kind and
/// the name are required.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Unit {
    /// Its kind.
    pub kind: UnitKind,
    /// Its official name.
    pub name: String,
    /// Its division code, if it has one.
    pub code: Option<DivisionCode>,
    /// Its party members.
    #[serde(default)]
    pub members: Members,
    /// The form of its party organization, if it has one.
    pub party_form: Option<PartyForm>,
    /// The size of its party organization's elected committee (支部委员会 / 党委), if one
    /// is elected. Kept with the unit rather than in [`OrgDetails`] because every branch of
    /// 7 or more full members has one, and the nation has millions of them.
    pub committee_size: Option<u8>,
    /// Whether a town or street is agricultural (涉农).
    #[serde(default)]
    pub agricultural: bool,
    /// Its rarer facts.
    #[serde(default)]
    pub details: Details,
    /// Its external key, if the department keys it by text of its own
    /// ([`Hierarchy::unit_by_key`](crate::Hierarchy::unit_by_key)); without one it is keyed
    /// by its id's number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl Unit {
    /// A unit with a kind and a name and nothing else.
    ///
    /// ```
    /// use partyorg::{Members, Unit, UnitKind};
    /// let unit = Unit::new(UnitKind::Town, "钟落潭镇");
    /// assert_eq!((unit.kind, unit.name.as_str()), (UnitKind::Town, "钟落潭镇"));
    /// assert_eq!((unit.code, unit.members, unit.party_form), (None, Members::default(), None));
    /// ```
    pub fn new(kind: UnitKind, name: impl Into<String>) -> Self {
        Unit {
            kind,
            name: name.into(),
            code: None,
            members: Members::default(),
            party_form: None,
            committee_size: None,
            agricultural: false,
            details: Details::default(),
            key: None,
        }
    }

    /// Sets its external key: any text not only white space, unique among the units, kept byte for
    /// byte (`440111013000`, `001001001004000`, `JH-001`).
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_key("BY"))?;
    /// assert_eq!(h.unit_by_key("BY").map(|u| u.id()), Some(district));
    /// assert_eq!(h.unit(district)?.key(), "BY");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Sets the division code.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let code = "440111000000".parse()?;
    /// let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_code(code))?;
    /// assert_eq!(h.by_code(code).map(|u| u.id()), Some(district));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_code(mut self, code: DivisionCode) -> Self {
        self.code = Some(code);
        self
    }

    /// Sets the member counts.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let street = h.add_unit(Some(district), Unit::new(UnitKind::Street, "均禾街道")
    ///     .with_members(Members::new(120, 4)))?;
    /// assert_eq!(h.unit(street)?.members(), Members::new(120, 4));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_members(mut self, members: Members) -> Self {
        self.members = members;
        self
    }

    /// Sets the party organization's form: the unit then has its own organization of
    /// that form, named after it.
    ///
    /// ```
    /// use partyorg::{Hierarchy, OrgForm, PartyForm, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区")
    ///     .with_party_form(PartyForm::Committee))?;
    /// let own = h.own_org_of_unit(district).expect("its own organization");
    /// assert_eq!(h.org(own)?.form(), OrgForm::Committee);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_party_form(mut self, form: PartyForm) -> Self {
        self.party_form = Some(form);
        self
    }

    /// Sets the size of the organization's elected committee. A size of 0 means no
    /// committee.
    ///
    /// ```
    /// use partyorg::{Unit, UnitKind};
    /// assert_eq!(Unit::new(UnitKind::Village, "龙岗村").with_committee(5).committee_size, Some(5));
    /// assert_eq!(Unit::new(UnitKind::Village, "龙岗村").with_committee(0).committee_size, None);
    /// ```
    pub fn with_committee(mut self, size: u8) -> Self {
        self.committee_size = (size > 0).then_some(size);
        self
    }

    /// Marks a town or street agricultural (涉农).
    ///
    /// ```
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let town = h.add_unit(Some(district), Unit::new(UnitKind::Town, "钟落潭镇").agricultural())?;
    /// assert!(h.unit(town)?.is_agricultural());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn agricultural(mut self) -> Self {
        self.agricultural = true;
        self
    }

    /// Sets the rarer facts.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{unit::Details, Hierarchy, Unit, UnitKind};
    /// let founded = NaiveDate::from_ymd_opt(1987, 1, 1);
    /// let mut details = Details::default();
    /// details.founded = founded;
    /// let mut h = Hierarchy::new();
    /// let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区").with_details(details))?;
    /// assert_eq!(h.unit(district)?.details().founded, founded);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_details(mut self, details: Details) -> Self {
        self.details = details;
        self
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    #[test]
    fn the_unit_kind_words_are_the_kinds_words() {
        let words: Vec<&str> = UnitKind::ALL.iter().map(|k| k.as_str()).collect();
        for w in UNIT_KIND_WORDS {
            assert!(words.contains(w), "{w}");
        }
        for w in &words {
            assert!(UNIT_KIND_WORDS.contains(w), "{w}");
        }
        assert!(!UNIT_KIND_WORDS.contains(&"temporary"));
        assert!(!UNIT_KIND_WORDS.contains(&"big_committee"));
    }

    #[test]
    fn kind_indexes_are_dense_and_distinct() {
        for (i, k) in UnitKind::ALL.iter().enumerate() {
            assert_eq!(k.index(), i, "{k}");
        }
    }

    #[test]
    fn containment_table() {
        use UnitKind::*;
        assert!(District.may_contain(Street));
        assert!(District.may_contain(Town));
        assert!(Town.may_contain(Village));
        assert!(Street.may_contain(Community));
        assert!(Village.may_contain(EconomicCoop));
        assert!(Community.may_contain(Estate));
        assert!(!District.may_contain(Village));
        assert!(!Village.may_contain(District));
        assert!(!Village.may_contain(Village));
        assert!(!Estate.may_contain(EconomicCoop));
        for k in UnitKind::ALL {
            assert!(!k.may_contain(Province), "{k} may not contain a province");
        }
    }

    #[test]
    fn kind_from_code() {
        let k = |s: &str| UnitKind::from_code(s.parse().unwrap());
        assert_eq!(k("440000000000"), UnitKind::Province);
        assert_eq!(k("440100000000"), UnitKind::City);
        assert_eq!(k("440111000000"), UnitKind::District);
        assert_eq!(k("440111013000"), UnitKind::Street);
        assert_eq!(k("440111103000"), UnitKind::Town);
        assert_eq!(k("440111013001"), UnitKind::Community);
        assert_eq!(k("440111103201"), UnitKind::Village);
        assert_eq!(k("440111103501"), UnitKind::Village);
        assert_eq!(k("440111103401"), UnitKind::Community);
    }

    #[test]
    fn terms_end_after_their_years() {
        let t = Term {
            elected: NaiveDate::from_ymd_opt(2021, 3, 15).unwrap(),
            years: 5,
        };
        assert_eq!(t.ends(), NaiveDate::from_ymd_opt(2026, 3, 15).unwrap());
        let leap = Term {
            elected: NaiveDate::from_ymd_opt(2020, 2, 29).unwrap(),
            years: 3,
        };
        assert_eq!(leap.ends(), NaiveDate::from_ymd_opt(2023, 2, 28).unwrap());
    }

    #[test]
    fn details_existence_by_date() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let det = Details {
            founded: Some(d("2023-03-01")),
            dissolved: Some(d("2023-09-01")),
            ..Details::default()
        };
        assert!(!det.exists_on(d("2023-02-28")));
        assert!(det.exists_on(d("2023-03-01")));
        assert!(det.exists_on(d("2023-08-31")));
        assert!(!det.exists_on(d("2023-09-01")));
        assert!(Details::default().exists_on(d("1900-01-01")));
        assert!(Details::default().is_empty());
        assert!(!det.is_empty());
    }
}
