//! Party organizations (党组织): the department's main records, the 隶属 tree, and the
//! temporary organizations and big committees outside it.
//!
//! A party organization is not the unit it sits in. Each [`Org`] has its own [`OrgId`],
//! a [form](OrgForm), a name, perhaps its own code, members, a committee, a term and a
//! secretary; it is **based in** one unit (所在单位) and reports to a **superior**
//! organization (隶属关系). The organizations form their own tree, which often differs
//! from the place tree: organs' branches stand under the district's 直属机关工委, schools'
//! under 教育工委, two-new organizations under a street 党工委 or an industry committee.
//! One unit may hold several organizations (a community 党委 with 网格党支部 and 小区党支部
//! below it); a joint branch (联合党支部) is one organization that also **covers** up to
//! four more units.
//!
//! | form | Chinese | may lead |
//! |---|---|---|
//! | [`OrgForm::Committee`] | 党委 (基层党委, also 区委 above the grassroots) | every form in the 隶属 tree |
//! | [`OrgForm::WorkingCommittee`] | 党工委 (a street's, 机关工委, 教育工委) | every form in the 隶属 tree |
//! | [`OrgForm::GeneralBranch`] | 党总支 | branches, joint branches, groups |
//! | [`OrgForm::Branch`], [`OrgForm::JointBranch`] | 党支部, 联合党支部 | party groups only |
//! | [`OrgForm::Group`] | 党小组 | nothing |
//! | [`OrgForm::Temporary`], [`OrgForm::BigCommittee`] | 临时党支部, 大党委 | nothing (outside the tree) |
//!
//! A branch has no sub-branches, only party groups (支部工作条例（试行）2018, art. 11:
//! a branch with many members may divide into party groups); a general branch leads
//! branches (art. 5).
//!
//! The older one-table form — a unit row that carries a `party_form` — still works: the
//! unit's own organization is then an org of that form, based in the unit, named after
//! it, reporting to the organization of the nearest ancestor unit that has one
//! ([`OrgRef::is_own`](crate::OrgRef::is_own)).
//!
//! Temporary party organizations (临时党组织, [`OrgForm::Temporary`]) and big party
//! committees (大党委, [`OrgForm::BigCommittee`]) are organizations too, added with
//! [`TemporaryOrg`] and [`BigCommittee`], and they stand **outside the 隶属 tree**: a
//! temporary organization's members keep their membership at home
//! ([`Relation::Seconds`](crate::Relation::Seconds) names the home units), and a big
//! committee is a platform joining units whose own organizations keep their superiors
//! ([`Relation::Member`](crate::Relation::Member)). Neither has a superior nor leads an
//! organization (the store refuses both, [`HierarchyError::OutsideTree`](crate::HierarchyError::OutsideTree)),
//! so no subtree total of the 隶属 tree counts a member twice. A temporary organization is based in its host, whose
//! organization approved it; a big committee in its core unit (一核).

use chrono::NaiveDate;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::unit::{BigCommitteeKind, ForbiddenActs, Members, PartyForm, TaskPurpose, Term, UnitId};

/// The stable identifier of a party organization in a [`Hierarchy`](crate::Hierarchy).
///
/// Its own type and its own numbering, apart from [`UnitId`]: an organization id cannot
/// be passed where a unit belongs. Assigned in increasing order or taken from a file, and
/// never reused within one hierarchy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OrgId(pub u32);

impl fmt::Display for OrgId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "org#{}", self.0)
    }
}

/// Reads an id as [`Display`](fmt::Display) writes it (`org#17`) or as its number.
impl std::str::FromStr for OrgId {
    type Err = crate::error::ParseIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::error::parse_id(s, "org#", "organization").map(OrgId)
    }
}

crate::vocab::vocab! {
    /// The form of a party organization (党组织的组织形式).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum OrgForm: "organization form" {
        /// A party committee (党委): a grassroots committee (基层党委), or a local
        /// committee above the grassroots such as a 区委.
        Committee => "committee" | "党委" | "基层党委",
        /// A working committee (党工委): a street's, or a district's 直属机关工委 or
        /// 教育工委. Not a grassroots organization (党章 ch. 5).
        WorkingCommittee => "working_committee" | "党工委",
        /// A general branch (党总支).
        GeneralBranch => "general_branch" | "党总支",
        /// A branch (党支部).
        Branch => "branch" | "党支部",
        /// A joint branch (联合党支部): one branch for several small units, covering at
        /// most five in all.
        JointBranch => "joint_branch" | "联合党支部",
        /// A temporary branch or committee (临时党支部 / 临时党委), set up for a task.
        Temporary => "temporary" | "临时党支部" | "临时党委" | "临时党组织",
        /// A big party committee (大党委, "一核多元").
        BigCommittee => "big_committee" | "大党委",
        /// A party group (党小组) inside a branch.
        Group => "group" | "党小组",
    }
}

impl OrgForm {
    /// Whether an organization of this form may stand directly below one of `self`'s
    /// form in the 隶属 tree: committees and working committees lead every form of the
    /// tree; a general branch leads branches, joint branches and groups; a branch (joint
    /// too) leads only party groups; a group leads nothing (支部工作条例（试行）2018,
    /// art. 5 and 11). Temporary organizations and big committees neither lead nor stand
    /// below anything ([`is_outside`](Self::is_outside)).
    ///
    /// ```
    /// use partyorg::OrgForm;
    /// assert!(OrgForm::GeneralBranch.may_lead(OrgForm::Branch));
    /// assert!(!OrgForm::Branch.may_lead(OrgForm::Branch));
    /// assert!(OrgForm::Branch.may_lead(OrgForm::Group));
    /// assert!(!OrgForm::Committee.may_lead(OrgForm::Temporary));
    /// ```
    pub const fn may_lead(self, below: OrgForm) -> bool {
        match self {
            _ if below.is_outside() => false,
            OrgForm::Committee | OrgForm::WorkingCommittee => true,
            OrgForm::GeneralBranch => matches!(
                below,
                OrgForm::Branch | OrgForm::JointBranch | OrgForm::Group
            ),
            OrgForm::Branch | OrgForm::JointBranch => matches!(below, OrgForm::Group),
            OrgForm::Group | OrgForm::Temporary | OrgForm::BigCommittee => false,
        }
    }

    /// Whether the grassroots rules (thresholds, committees, terms) apply: every form but
    /// a working committee (a dispatched body, not a grassroots organization), a big
    /// committee (a platform of several organizations) and a party group (part of a
    /// branch). A committee may still be a 区委; [`Hierarchy`](crate::Hierarchy) validation
    /// tells those apart by the unit they are based in.
    ///
    /// ```
    /// use partyorg::OrgForm;
    /// assert!(OrgForm::Branch.is_grassroots());
    /// assert!(OrgForm::Temporary.is_grassroots());
    /// assert!(!OrgForm::WorkingCommittee.is_grassroots());
    /// assert!(!OrgForm::Group.is_grassroots());
    /// ```
    pub const fn is_grassroots(self) -> bool {
        !matches!(
            self,
            OrgForm::WorkingCommittee | OrgForm::BigCommittee | OrgForm::Group
        )
    }

    /// Whether organizations of this form stand outside the 隶属 tree, with no superior:
    /// temporary organizations, whose members keep their membership at home, and big
    /// committees, platforms whose member units' organizations keep their own superiors.
    ///
    /// ```
    /// use partyorg::OrgForm;
    /// assert!(OrgForm::Temporary.is_outside());
    /// assert!(!OrgForm::JointBranch.is_outside());
    /// ```
    pub const fn is_outside(self) -> bool {
        matches!(self, OrgForm::Temporary | OrgForm::BigCommittee)
    }

    /// The one-table form with the same word, if any; converting it back with
    /// [`From`] gives the same form.
    ///
    /// ```
    /// use partyorg::{OrgForm, PartyForm};
    /// assert_eq!(OrgForm::JointBranch.party_form(), Some(PartyForm::JointBranch));
    /// assert_eq!(OrgForm::Group.party_form(), None);
    /// for form in OrgForm::ALL {
    ///     if let Some(p) = form.party_form() {
    ///         assert_eq!(OrgForm::from(p), form);
    ///     }
    /// }
    /// ```
    pub const fn party_form(self) -> Option<PartyForm> {
        match self {
            OrgForm::Committee => Some(PartyForm::Committee),
            OrgForm::GeneralBranch => Some(PartyForm::GeneralBranch),
            OrgForm::Branch => Some(PartyForm::Branch),
            OrgForm::JointBranch => Some(PartyForm::JointBranch),
            _ => None,
        }
    }
}

impl From<PartyForm> for OrgForm {
    fn from(f: PartyForm) -> Self {
        match f {
            PartyForm::Committee => OrgForm::Committee,
            PartyForm::GeneralBranch => OrgForm::GeneralBranch,
            PartyForm::Branch => OrgForm::Branch,
            PartyForm::JointBranch => OrgForm::JointBranch,
        }
    }
}

/// A party organization to add with [`Hierarchy::add_org`](crate::Hierarchy::add_org).
///
/// ```
/// use partyorg::{Members, Org, OrgForm};
/// let org = Org::new(OrgForm::Branch, "罗岗社区第一网格党支部")
///     .with_members(Members::new(23, 1))
///     .with_secretary("张三");
/// assert_eq!(org.members.full, 23);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Org {
    /// Its form.
    pub form: OrgForm,
    /// Its name, such as `中共广州市白云区均禾街道罗岗社区委员会`.
    pub name: String,
    /// Its own code in the department's records (党组织代码), kept as text: such codes
    /// carry leading zeros (`001001001004000`).
    pub code: Option<String>,
    /// Its members: full (正式) and probationary (预备).
    pub members: Members,
    /// The size of its elected committee, if it has one.
    pub committee_size: Option<u8>,
    /// Its secretary's name (书记).
    pub secretary: Option<String>,
    /// Its current term.
    pub term: Option<Term>,
    /// When it was founded.
    pub founded: Option<NaiveDate>,
    /// When it was dissolved, if it was (the first day it no longer stood).
    pub dissolved: Option<NaiveDate>,
    /// Its external key, if the department keys it by text of its own
    /// ([`Hierarchy::org_by_key`](crate::Hierarchy::org_by_key)); without one it is keyed
    /// by its id's number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl Org {
    /// An organization of `form` named `name`, with nothing else yet.
    ///
    /// ```
    /// use partyorg::{Members, Org, OrgForm};
    /// let org = Org::new(OrgForm::GeneralBranch, "均禾街道机关党总支");
    /// assert_eq!((org.form, org.name.as_str()), (OrgForm::GeneralBranch, "均禾街道机关党总支"));
    /// assert_eq!((org.members, org.secretary, org.term), (Members::default(), None, None));
    /// ```
    pub fn new(form: OrgForm, name: impl Into<String>) -> Self {
        Org {
            form,
            name: name.into(),
            code: None,
            members: Members::default(),
            committee_size: None,
            secretary: None,
            term: None,
            founded: None,
            dissolved: None,
            key: None,
        }
    }

    /// Sets its external key: any text not only white space, unique among the organizations, kept
    /// byte for byte.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// # let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let street = h.add_unit(Some(district), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let org = h.add_org(None, street, Org::new(OrgForm::WorkingCommittee, "均禾街道党工委")
    ///     .with_key("JH-001"))?;
    /// assert_eq!(h.org_by_key("JH-001").map(|o| o.id()), Some(org));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Sets its code (党组织代码), kept as text with its leading zeros.
    ///
    /// ```
    /// use partyorg::{Org, OrgForm};
    /// let org = Org::new(OrgForm::Branch, "罗岗社区党支部").with_code("001001001004000");
    /// assert_eq!(org.code.as_deref(), Some("001001001004000"));
    /// ```
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Sets its members.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Members, Org, OrgForm, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// # let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let town = h.add_unit(Some(district), Unit::new(UnitKind::Town, "钟落潭镇"))?;
    /// let village = h.add_unit(Some(town), Unit::new(UnitKind::Village, "龙岗村"))?;
    /// let org = h.add_org(None, village, Org::new(OrgForm::Branch, "龙岗村党支部")
    ///     .with_members(Members::new(41, 3)))?;
    /// assert_eq!(h.org(org)?.members().total(), 44);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_members(mut self, members: Members) -> Self {
        self.members = members;
        self
    }

    /// Sets its secretary.
    ///
    /// ```
    /// use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// # let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let town = h.add_unit(Some(district), Unit::new(UnitKind::Town, "钟落潭镇"))?;
    /// let village = h.add_unit(Some(town), Unit::new(UnitKind::Village, "龙岗村"))?;
    /// let org = h.add_org(None, village, Org::new(OrgForm::Branch, "龙岗村党支部")
    ///     .with_secretary("李明"))?;
    /// assert_eq!(h.org(org)?.secretary(), Some("李明"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_secretary(mut self, name: impl Into<String>) -> Self {
        self.secretary = Some(name.into());
        self
    }

    /// Sets its committee's size.
    ///
    /// ```
    /// use partyorg::{Org, OrgForm};
    /// let org = Org::new(OrgForm::Committee, "罗岗社区党委").with_committee_size(7);
    /// assert_eq!(org.committee_size, Some(7));
    /// ```
    pub fn with_committee_size(mut self, size: u8) -> Self {
        self.committee_size = Some(size);
        self
    }

    /// Sets its term.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{Org, OrgForm, unit::Term};
    /// let elected = NaiveDate::from_ymd_opt(2021, 5, 10).unwrap();
    /// let org = Org::new(OrgForm::Branch, "龙岗村党支部").with_term(Term { elected, years: 5 });
    /// assert_eq!(org.term.map(Term::ends), NaiveDate::from_ymd_opt(2026, 5, 10));
    /// ```
    pub fn with_term(mut self, term: Term) -> Self {
        self.term = Some(term);
        self
    }

    /// Sets its founding date.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// let day = NaiveDate::from_ymd_opt(2019, 7, 1).unwrap();
    /// let mut h = Hierarchy::new();
    /// # let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let town = h.add_unit(Some(district), Unit::new(UnitKind::Town, "钟落潭镇"))?;
    /// let village = h.add_unit(Some(town), Unit::new(UnitKind::Village, "龙岗村"))?;
    /// let org = h.add_org(None, village, Org::new(OrgForm::Branch, "龙岗村党支部").founded_on(day))?;
    /// assert_eq!(h.org(org)?.founded(), Some(day));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn founded_on(mut self, date: NaiveDate) -> Self {
        self.founded = Some(date);
        self
    }

    /// Sets its dissolution date: the first day it no longer stands.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{Hierarchy, Org, OrgForm, Unit, UnitKind};
    /// let d = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
    /// let mut h = Hierarchy::new();
    /// # let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let town = h.add_unit(Some(district), Unit::new(UnitKind::Town, "钟落潭镇"))?;
    /// let village = h.add_unit(Some(town), Unit::new(UnitKind::Village, "龙岗村"))?;
    /// let org = h.add_org(None, village, Org::new(OrgForm::Branch, "龙岗村党支部")
    ///     .founded_on(d(2010)).dissolved_on(d(2022)))?;
    /// assert!(h.org(org)?.exists_on(d(2021)));
    /// assert!(!h.org(org)?.exists_on(d(2022)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dissolved_on(mut self, date: NaiveDate) -> Self {
        self.dissolved = Some(date);
        self
    }
}

/// A temporary party organization to add with
/// [`Hierarchy::add_temporary`](crate::Hierarchy::add_temporary).
///
/// Set up for a task — special rectification, rural revitalization, a project of six months
/// or more — and approved by the party organization of its host, the unit it is based in.
/// Its members keep their membership at home ([`seconded`](Self::seconded) names the home
/// units). It is dissolved when the task ends (支部工作条例, art. 9, as widely quoted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TemporaryOrg {
    /// Its name, such as `人和镇乡村振兴临时党支部`.
    pub name: String,
    /// The task.
    pub purpose: TaskPurpose,
    /// The unit it is based in, whose organization approved it.
    pub host: UnitId,
    /// Whether the host approved it.
    pub approved: bool,
    /// Its founding date (`None` only in data that arrives without one).
    pub founded: Option<NaiveDate>,
    /// Its dissolution date, if dissolved: the first day it no longer stood.
    pub dissolved: Option<NaiveDate>,
    /// When its task ended, if it has: the first day it no longer ran.
    pub task_ended: Option<NaiveDate>,
    /// Its members (whose membership stays at home).
    pub members: Members,
    /// Home units and how many members each seconded.
    pub seconded: Vec<(UnitId, u32)>,
    /// Forbidden acts recorded against it.
    pub acts: ForbiddenActs,
    /// Its external key (see [`Org::key`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl TemporaryOrg {
    /// An approved temporary organization hosted by `host`, founded on `founded`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{unit::TaskPurpose, org::TemporaryOrg, UnitId};
    /// let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    /// let t = TemporaryOrg::new("项目临时党支部", TaskPurpose::Project, UnitId(4), day);
    /// assert!(t.approved);
    /// assert_eq!((t.host, t.founded, t.dissolved), (UnitId(4), Some(day), None));
    /// ```
    pub fn new(
        name: impl Into<String>,
        purpose: TaskPurpose,
        host: UnitId,
        founded: NaiveDate,
    ) -> Self {
        TemporaryOrg {
            name: name.into(),
            purpose,
            host,
            approved: true,
            founded: Some(founded),
            dissolved: None,
            task_ended: None,
            members: Members::default(),
            seconded: Vec::new(),
            acts: ForbiddenActs::default(),
            key: None,
        }
    }

    /// Sets its external key (see [`Org::with_key`]).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{Hierarchy, unit::TaskPurpose, org::TemporaryOrg, Unit, UnitKind};
    /// let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    /// let mut h = Hierarchy::new();
    /// # let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let town = h.add_unit(Some(district), Unit::new(UnitKind::Town, "人和镇"))?;
    /// let t = h.add_temporary(TemporaryOrg::new("专项整治临时党支部", TaskPurpose::Other, town, day)
    ///     .with_key("T-7"))?;
    /// assert_eq!(h.org(t)?.key(), "T-7");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Sets the members.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{Members, unit::TaskPurpose, org::TemporaryOrg, UnitId};
    /// let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    /// let t = TemporaryOrg::new("项目临时党支部", TaskPurpose::Project, UnitId(4), day)
    ///     .with_members(Members::new(6, 1));
    /// assert_eq!(t.members.total(), 7);
    /// ```
    pub fn with_members(mut self, members: Members) -> Self {
        self.members = members;
        self
    }

    /// A temporary organization from its parts as a store or a file holds them; without
    /// `info` (a file's row that gives no task) its purpose, approval, task end and acts
    /// are placeholders, which the store then ignores.
    pub(crate) fn from_parts(
        name: impl Into<String>,
        host: UnitId,
        members: Members,
        founded: Option<NaiveDate>,
        dissolved: Option<NaiveDate>,
        info: Option<crate::unit::TemporaryInfo>,
    ) -> TemporaryOrg {
        let purpose = info.map_or(TaskPurpose::Other, |i| i.purpose);
        let mut t = TemporaryOrg::new(name, purpose, host, NaiveDate::MIN).with_members(members);
        t.founded = founded;
        t.dissolved = dissolved;
        if let Some(i) = info {
            t.approved = i.approved;
            t.task_ended = i.task_ended;
            t.acts = i.acts;
        }
        t
    }

    /// Adds a home unit that seconded `count` members.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{Hierarchy, Relation, unit::TaskPurpose, org::TemporaryOrg, Unit, UnitKind};
    /// let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    /// let mut h = Hierarchy::new();
    /// # let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let town = h.add_unit(Some(district), Unit::new(UnitKind::Town, "人和镇"))?;
    /// let village = h.add_unit(Some(town), Unit::new(UnitKind::Village, "秀水村"))?;
    /// let t = h.add_temporary(TemporaryOrg::new("防汛临时党支部", TaskPurpose::Other, town, day)
    ///     .seconded_from(village, 3))?;
    /// let links: Vec<_> = h.org(t)?.links().map(|l| (l.relation, l.unit.id())).collect();
    /// assert!(links.contains(&(Relation::Seconds(3), village)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn seconded_from(mut self, unit: UnitId, count: u32) -> Self {
        self.seconded.push((unit, count));
        self
    }

    /// Sets the dissolution date.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{unit::TaskPurpose, org::TemporaryOrg, UnitId};
    /// let d = |m| NaiveDate::from_ymd_opt(2023, m, 1).unwrap();
    /// let t = TemporaryOrg::new("项目临时党支部", TaskPurpose::Project, UnitId(4), d(3))
    ///     .dissolved_on(d(11));
    /// assert_eq!((t.founded, t.dissolved), (Some(d(3)), Some(d(11))));
    /// ```
    pub fn dissolved_on(mut self, date: NaiveDate) -> Self {
        self.dissolved = Some(date);
        self
    }
}

/// A big party committee to add with
/// [`Hierarchy::add_big_committee`](crate::Hierarchy::add_big_committee): a core
/// organization plus member units from across the hierarchy ("一核多元"), whose people
/// serve as part-time committee members (兼职委员).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BigCommittee {
    /// Its name, such as `化妆品产业链大党委`.
    pub name: String,
    /// Industry chain, business district or regional.
    pub kind: BigCommitteeKind,
    /// Its core unit (一核), the unit it is based in.
    pub core: UnitId,
    /// Its member units (多元).
    pub members: Vec<UnitId>,
    /// Units that part-time committee members come from, with how many from each.
    pub part_time: Vec<(UnitId, u32)>,
    /// When it was founded.
    pub founded: Option<NaiveDate>,
    /// Its external key (see [`Org::key`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl BigCommittee {
    /// A big committee of `kind` around `core`, with no members yet.
    ///
    /// ```
    /// use partyorg::{org::BigCommittee, unit::BigCommitteeKind, UnitId};
    /// let bc = BigCommittee::new("商圈大党委", BigCommitteeKind::BusinessDistrict, UnitId(2));
    /// assert_eq!((bc.core, bc.kind), (UnitId(2), BigCommitteeKind::BusinessDistrict));
    /// assert!(bc.members.is_empty() && bc.part_time.is_empty());
    /// ```
    pub fn new(name: impl Into<String>, kind: BigCommitteeKind, core: UnitId) -> Self {
        BigCommittee {
            name: name.into(),
            kind,
            core,
            members: Vec::new(),
            part_time: Vec::new(),
            founded: None,
            key: None,
        }
    }

    /// Sets its external key (see [`Org::with_key`]).
    ///
    /// ```
    /// use partyorg::{org::BigCommittee, unit::BigCommitteeKind, Hierarchy, Unit, UnitKind};
    /// let mut h = Hierarchy::new();
    /// # let district = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let street = h.add_unit(Some(district), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// let bc = h.add_big_committee(
    ///     BigCommittee::new("区域化大党委", BigCommitteeKind::Regional, street).with_key("BC1"),
    /// )?;
    /// assert_eq!(h.org_by_key("BC1").map(|o| o.id()), Some(bc));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Adds a member unit.
    ///
    /// ```
    /// use partyorg::{org::BigCommittee, unit::BigCommitteeKind, UnitId};
    /// let bc = BigCommittee::new("商圈大党委", BigCommitteeKind::BusinessDistrict, UnitId(2))
    ///     .with_member(UnitId(5))
    ///     .with_member(UnitId(6));
    /// assert_eq!(bc.members, [UnitId(5), UnitId(6)]);
    /// ```
    pub fn with_member(mut self, unit: UnitId) -> Self {
        self.members.push(unit);
        self
    }

    /// Adds `count` part-time committee members from `unit`.
    ///
    /// ```
    /// use partyorg::{org::BigCommittee, unit::BigCommitteeKind, UnitId};
    /// let bc = BigCommittee::new("产业链大党委", BigCommitteeKind::IndustryChain, UnitId(2))
    ///     .with_part_time(UnitId(5), 2);
    /// assert_eq!(bc.part_time, [(UnitId(5), 2)]);
    /// ```
    pub fn with_part_time(mut self, unit: UnitId, count: u32) -> Self {
        self.part_time.push((unit, count));
        self
    }
}
