//! The rule catalogue: one [`Rule`] per check, with its source, stable id and default
//! [`Severity`].

use crate::vocab::{Vocabulary, vocab, word_traits};

vocab! {
    /// How serious a [`Violation`](super::Violation) is; its word (`error`, `warning`,
    /// `notice`) is printed in reports.
    ///
    /// Ordered from the most serious: `Error < Warning < Notice` in the derived order (and
    /// in [`Severity::ALL`]), so that sorting puts errors first.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Severity: "severity" {
        /// The data breaks a rule of the regulations or is inconsistent: it must be fixed.
        Error => "error",
        /// Something the regulations call unusual ("一般", "normally"), or that needs a
        /// recorded approval: it should be looked at.
        Warning => "warning",
        /// A reminder, not a fault: such as an election falling due within months.
        Notice => "notice",
    }
}

macro_rules! rules {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident => $id:literal, $severity:ident;
    )*) => {
        /// A validation rule: one variant per check, each naming its source.
        ///
        /// Every rule has a stable string id ([`Rule::id`], such as `structure.parent_kind`)
        /// for files, filters and dashboards — `Display`, `FromStr` and serde speak it — and
        /// a default [`Severity`] ([`Rule::severity`]), which a [`Policy`](super::Policy)
        /// may override. Thresholds come from the [`Policy`](super::Policy).
        /// [`Rule::ALL`] lists them in declaration order, which is also the order reports
        /// sort by.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Rule {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Rule {
            /// Every rule, in declaration order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The ids of the rules, in the order of [`ALL`](Self::ALL).
            pub const IDS: &'static [&'static str] = &[$($id),*];

            /// The stable id, `family.name`, such as `structure.parent_kind`: also the
            /// rule's `Display` and the word `FromStr` reads.
            ///
            /// ```
            /// use partyorg::validate::Rule;
            /// assert_eq!(Rule::TermOverdue.id(), "terms.overdue");
            /// assert_eq!(Rule::TermOverdue.to_string(), Rule::TermOverdue.id());
            /// assert!(Rule::ALL.iter().all(|r| r.id().parse() == Ok(*r)));
            /// ```
            pub const fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// The default severity of the rule's violations, which a
            /// [`Policy`](super::Policy) may override.
            ///
            /// ```
            /// use partyorg::validate::{Policy, Rule, Severity};
            /// assert_eq!(Rule::NoOrganization.severity(), Severity::Error);
            /// assert_eq!(Rule::ElectionDueSoon.severity(), Severity::Notice);
            /// assert_eq!(Policy::default().severity(Rule::BranchTooLarge), Rule::BranchTooLarge.severity());
            /// ```
            pub const fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)* }
            }

            /// The rule with this id, if any.
            ///
            /// ```
            /// use partyorg::validate::Rule;
            /// assert_eq!(Rule::from_id("terms.overdue"), Some(Rule::TermOverdue));
            /// assert_eq!(Rule::from_id("terms.nonsense"), None);
            /// ```
            pub fn from_id(id: &str) -> Option<Rule> {
                match id { $($id => Some(Rule::$variant),)* _ => None }
            }
        }
    };
}

rules! {
    // ----- structure -----------------------------------------------------------------

    /// A unit stands under a parent whose kind may not contain it, such as a village
    /// directly under a district. Source: the containment table of the domain
    /// ([`UnitKind::may_contain`](crate::UnitKind::may_contain)), after the levels of the
    /// NBS division system (统计用区划代码编制规则). Data loaded with
    /// [`HierarchyBuilder::build`](crate::hierarchy::HierarchyBuilder::build) is not checked for it.
    ParentKind => "structure.parent_kind", Error;
    /// A unit without a parent is of a kind that may not be a root (only provinces, cities
    /// and districts may: [`UnitKind::may_be_root`](crate::UnitKind::may_be_root)).
    /// Source: as [`Rule::ParentKind`].
    RootKind => "structure.root_kind", Error;
    /// A unit's division code does not extend its (coded) parent's code: the leading
    /// segments differ. Source: NBS 统计用区划代码编制规则 (a child's code extends its
    /// parent's).
    CodeParent => "structure.code_parent", Error;
    /// A unit's division code is of another level than its kind carries
    /// ([`UnitKind::code_level`](crate::UnitKind::code_level)): a village with a
    /// township-level code. Source: NBS 统计用区划代码编制规则.
    CodeLevel => "structure.code_level", Error;
    /// A unit's division code is of the right level but its range names another type
    /// ([`UnitKind::agrees_with`](crate::UnitKind::agrees_with)): a street with a town
    /// code (100–599), a village with a community code (001–199). Source: NBS
    /// 统计用区划代码编制规则, the type ranges of the township and village segments.
    CodeType => "structure.code_type", Error;
    /// Two or more units have the same division code (possible in data loaded with the
    /// builder). Source: NBS 统计用区划代码编制规则 (a code names one unit).
    DuplicateCode => "structure.duplicate_code", Error;
    /// Two or more children of one parent (or two roots) have the same name, so that a
    /// path no longer names one unit. Source: data hygiene; the NBS lists never repeat a
    /// name under one parent.
    DuplicateSiblingName => "structure.duplicate_sibling_name", Warning;

    // ----- party organizations -------------------------------------------------------

    /// A standing unit with at least the policy's threshold of full members (default 3)
    /// has no party organization of its own. Source: Party Constitution art. 30 (凡是有
    /// 正式党员三人以上的，都应当成立党的基层组织); 支部工作条例（试行）2018 art. 4.
    NoOrganization => "party.no_organization", Error;
    /// A branch (or joint branch, counting the units it covers) has more members than the
    /// policy allows (default 50). Source: 支部工作条例（试行）2018 art. 4 (党员人数一般
    /// 不超过50名).
    BranchTooLarge => "party.branch_too_large", Warning;
    /// A branch with at least the policy's number of full members (default 7) has no
    /// branch committee recorded. Source: 支部工作条例（试行）2018 ch. 6 (正式党员7人以上
    /// 的党支部，设立党支部委员会).
    CommitteeMissing => "party.committee_missing", Error;
    /// A branch committee whose size is outside the policy's range (default 3–7). Source:
    /// 支部工作条例（试行）2018 ch. 6 (支部委员会由3至5人组成，一般不超过7人).
    CommitteeSize => "party.committee_size", Error;
    /// A branch below the committee threshold (7 full members) records a committee larger
    /// than a secretary and one deputy. Source: 支部工作条例（试行）2018 ch. 6 (不设支部
    /// 委员会的党支部设书记1名，必要时设副书记1名).
    SmallBranchCommittee => "party.small_branch_committee", Notice;
    /// A general branch (党总支) with fewer members than the policy's threshold (default
    /// 50) and no recorded approval
    /// ([`OrgDetails::approved_exception`](crate::unit::OrgDetails::approved_exception)); a
    /// village's general branch needs *more than* the threshold. Sources: 《中国共产党党和
    /// 国家机关基层组织工作条例》2019 (organs) and 《中国共产党国有企业基层组织工作条例
    /// （试行）》2019 (state-owned enterprises): 50 members or more, with the superior's
    /// approval; 《中国共产党农村基层组织工作条例》2019 (villages): 党员人数50人以上
    /// (more than 50). A warning, as localities and sectors differ. Not applied to a
    /// 区委 or a street's 党工委, which are not grassroots organizations (党章 ch. 5).
    GeneralBranchTooSmall => "party.general_branch_too_small", Warning;
    /// A grassroots committee (基层党委) with fewer members than the policy's threshold
    /// (default 100) and no recorded approval. Sources: the organs' and state-owned
    /// enterprises' regulations of 2019 (党员100人以上的，设立党的基层委员会, below that
    /// only with approval). A village's committee is [`Rule::VillageCommitteeNotApproved`]'s
    /// matter. Not applied to a 区委 or a street's 党工委 (党章 ch. 5).
    CommitteeTooSmall => "party.committee_too_small", Warning;
    /// A village's party committee (村党委) has no recorded approval of the county
    /// committee ([`OrgDetails::approved_exception`](crate::unit::OrgDetails::approved_exception)),
    /// whatever its size. Source: 《中国共产党农村基层组织工作条例》2019 ch. 2 (村党员人数
    /// 100人以上的，经县级地方党委批准，可以成立党的基层委员会). A warning: the approval may
    /// simply not be recorded.
    VillageCommitteeNotApproved => "party.village_committee_not_approved", Warning;
    /// A joint branch (联合党支部) covers more units, itself included, than the policy
    /// allows (default 5). Source: 支部工作条例（试行）2018 art. 5 (联合党支部覆盖单位
    /// 一般不超过5个).
    JointBranchTooWide => "party.joint_branch_too_wide", Warning;

    // ----- organizations recorded in their own right -----------------------------------

    /// An organization stands below a recorded superior whose form may not lead it (an
    /// own organization's inferred superior is not held to it): a branch
    /// below a branch (a branch has no sub-branches, only party groups), anything below a
    /// party group, a general branch below a general branch
    /// ([`OrgForm::may_lead`](crate::OrgForm::may_lead)). Source: 支部工作条例（试行）
    /// 2018 art. 5 (党员人数较多的可以成立党总支，下设党支部) and art. 11 (党支部可以划分
    /// 若干党小组).
    OrgSuperiorForm => "orgs.superior_form", Error;
    /// An organization is based in a unit outside its superior's area (the subtree of the
    /// unit the superior is based in), and the superior is not a working committee (党工委,
    /// 机关工委, 教育工委) or big committee, which lead across areas. A notice: industry
    /// committees (行业党委) also lead across areas. Source: the domain's 隶属 rules
    /// (属地管理为主).
    OrgOutsideArea => "orgs.outside_area", Notice;
    /// An organization's chain of superiors comes back to it: recorded superiors and the
    /// superiors that units' own organizations take from the place tree close a circle
    /// (after a unit moved, or lost its party form). The organization tree breaks the
    /// circle at its organization of the lowest id, which stands as a root until a
    /// superior is recorded that ends the circle. Source: the 隶属 relation itself (every
    /// organization has one chain of superiors, 党章 ch. 5).
    OrgCycle => "orgs.cycle", Error;

    // ----- terms ---------------------------------------------------------------------

    /// The organization's term ended before the as-of date and no new election is
    /// recorded: the election (换届) is overdue. Source: 中办《关于党的基层组织任期的
    /// 意见》2018 (任期届满应当按期进行换届选举).
    TermOverdue => "terms.overdue", Error;
    /// The last election was advanced or postponed by more than the policy allows
    /// (default one year) against the date it was due. Source: 中办《关于党的基层组织任期
    /// 的意见》2018 (延期或提前进行换届选举，一般不超过1年).
    ElectionShifted => "terms.shifted", Error;
    /// The term's length is not the policy's for the organization: grassroots committee 5
    /// years, general branch and branch 3; village and community organizations 5 whatever
    /// their form, and so are the branches and general branches of the economic co-ops,
    /// federations and estates under them ([`Policy::term_years`](super::Policy::term_years)).
    /// Source: 中办《关于党的基层组织任期的意见》2018 (村和社区党组织的委员会、总支部委员会、
    /// 支部委员会每届任期5年, "一般", so a warning); 支部工作条例（试行）2018 ch. 6 (村、
    /// 社区党支部委员会每届任期5年，其他基层单位党支部委员会一般每届任期3年).
    TermLength => "terms.length", Warning;
    /// The term ends within the policy's reminder period (default 6 months): prepare the
    /// election (换届提醒). Source: 中办《关于党的基层组织任期的意见》2018;
    /// 支部工作条例（试行）2018 (届满前提醒).
    ElectionDueSoon => "terms.due_soon", Notice;

    // ----- temporary organizations ---------------------------------------------------
    //
    // Source of the family: 中国共产党支部工作条例（试行）2018, chapter 2 (组织设置), the
    // article on temporary branches: 为执行某项任务临时组建的机构，党员组织关系不转接的，
    // 经上级党组织批准，可以成立临时党支部 … 一般不发展党员、处分处置党员，不收缴党费，
    // 不选举党代表大会代表和进行换届 … 书记、副书记和委员由批准其成立的党组织指定 …
    // 临时组建的机构撤销后，临时党支部自然撤销.

    /// A temporary organization (临时党组织) has fewer full members than the policy's
    /// minimum (default 3). Source: Party Constitution art. 30 (正式党员三人以上); 支部工作
    /// 条例（试行）2018 ch. 2.
    TemporaryTooFew => "temporary.too_few_members", Error;
    /// A temporary organization's approval is not recorded. Source: 支部工作条例（试行）
    /// 2018 ch. 2, the article on temporary branches (经上级党组织批准).
    TemporaryNotApproved => "temporary.not_approved", Error;
    /// A temporary organization's dissolution date is before its founding date. Source:
    /// date consistency.
    TemporaryDates => "temporary.dissolved_before_founded", Error;
    /// A temporary organization is still active on the as-of date although its host was
    /// dissolved or its task ended. Source: 支部工作条例（试行）2018 ch. 2, the article on
    /// temporary branches (临时组建的机构撤销后，临时党支部自然撤销).
    TemporaryOutlived => "temporary.outlived", Error;
    /// A temporary organization collected dues, elected delegates or held a re-election,
    /// which it does not do. Source: 支部工作条例（试行）2018 ch. 2, the article on
    /// temporary branches (不收缴党费，不选举党代表大会代表和进行换届).
    TemporaryForbiddenAct => "temporary.forbidden_act", Error;
    /// A temporary organization recruited (发展党员) or disciplined (处分处置) members,
    /// which it "一般不" (normally does not) do: a warning, for the superior to look at.
    /// Source: 支部工作条例（试行）2018 ch. 2, the article on temporary branches (一般不发展
    /// 党员、处分处置党员).
    TemporaryRecruitOrDiscipline => "temporary.recruit_or_discipline", Warning;
    /// A temporary organization elected its secretary or committee, whom the organization
    /// that approved it appoints (指定). Source: 支部工作条例（试行）2018 ch. 2, the article
    /// on temporary branches (临时党支部书记、副书记和委员由批准其成立的党组织指定).
    TemporaryLeadersElected => "temporary.leaders_elected", Error;
    /// A temporary organization for a project ([`TaskPurpose::Project`](crate::unit::TaskPurpose::Project))
    /// has run longer than the policy's period (default 6 months) — to the as-of date
    /// while active, or to its dissolution: a project of six months or more should have a
    /// regular branch. Source: 支部工作条例（试行）2018 ch. 2 (为期6个月以上的工程、工作项目
    /// 等，符合条件的，应当成立党支部).
    TemporaryProjectTooLong => "temporary.project_too_long", Warning;

    // ----- big committees ------------------------------------------------------------

    /// A big committee has fewer member units than the policy's minimum (default 2):
    /// "多元" needs several. Source: the "一核多元" model of regional and industry-chain
    /// party building (local practice, as in the Baiyun report). (Its core, "一核", is the
    /// unit it is based in: every big committee has one.)
    BigCommitteeTooFew => "big_committee.too_few_members", Warning;
    /// Part-time committee members (兼职委员) come from a unit that is neither a member
    /// nor the core of the big committee. Source: as [`Rule::BigCommitteeTooFew`]
    /// (members' people serve as part-time members).
    BigCommitteeOutsider => "big_committee.part_time_outsider", Warning;
    /// A member unit or the core of a big committee was dissolved on or before the as-of
    /// date. Source: date consistency.
    BigCommitteeDissolvedMember => "big_committee.dissolved_member", Warning;

    // ----- pairings ------------------------------------------------------------------

    /// A pairing's ends have kinds its type does not allow
    /// ([`PairingKind::ends_allowed`](crate::PairingKind::ends_allowed)): a 1+3 pairing
    /// to a town, an organ–co-op pairing from a school. First-secretary postings are
    /// checked by [`Rule::FirstSecretaryTarget`] instead. Source: the pairing programmes of
    /// the Baiyun report (镇街"1+3"结对互促, 机关科室与经济社结对).
    PairingEnds => "pairing.ends", Error;
    /// A 1+3 pairing (镇街"1+3"结对互促) starts from a town or street that is not
    /// agricultural (涉农). Source: the Baiyun report (6 agricultural towns and streets
    /// each paired with 3 streets).
    PairingNotAgricultural => "pairing.not_agricultural", Error;
    /// An agricultural town or street taking part in 1+3 has, on the as-of date, other
    /// than the policy's number of street partners (default 3). Source: the Baiyun report.
    OnePlusThreeCount => "pairing.one_plus_three_count", Warning;
    /// A street is the partner of more than one agricultural town or street in 1+3 on the
    /// as-of date. Source: the Baiyun report (6 × 3 = 18 distinct streets).
    StreetPairedTwice => "pairing.street_paired_twice", Warning;
    /// A first secretary (第一书记) has been posted longer than the policy's term (default
    /// 3 years), to the end of the posting or to the as-of date. Source: 中组部 2015
    /// notice on first secretaries; 中办 2021 opinion (任期一般为1至3年).
    FirstSecretaryTerm => "pairing.first_secretary_term", Warning;
    /// A first secretary is posted to a unit that is not a village or community. Runs only
    /// when the policy asks for it
    /// ([`Policy::first_secretary_villages_only`](super::Policy::first_secretary_villages_only),
    /// off by default): the national programme posts to villages (中组部 2015 notice; 中办
    /// 2021 opinion, 向村(社区)选派第一书记), but localities such as Baiyun send first
    /// secretaries to organizations of every field (the seed: 向各领域党组织全面选派第一书记).
    FirstSecretaryTarget => "pairing.first_secretary_target", Warning;

    // ----- weak and lax --------------------------------------------------------------

    /// A weak-and-lax (软弱涣散) organization identified more than the policy's period
    /// ago (default one year) has no acceptance (验收) recorded by the as-of date. Source:
    /// 中组部 practice of yearly identification and rectification; local rules.
    WeakLaxNotAccepted => "weak_lax.not_accepted", Warning;
    /// A weak-and-lax organization's acceptance came later than the policy's period
    /// (default 12 months) after its identification: the rectification overran. Source:
    /// as [`Rule::WeakLaxNotAccepted`] (rectified within about a year).
    WeakLaxAcceptedLate => "weak_lax.accepted_late", Warning;
    /// A weak-and-lax village has no first secretary in force on the as-of date while it
    /// is being rectified (identified, not yet accepted). Source: 中组部 2015 notice on
    /// first secretaries (对党组织软弱涣散村…全覆盖选派); 中办 2021 opinion.
    WeakLaxNoFirstSecretary => "weak_lax.no_first_secretary", Warning;
    /// A weak-and-lax organization's acceptance is dated before its identification.
    /// Source: date consistency.
    WeakLaxAcceptedEarly => "weak_lax.accepted_before_identified", Error;

    // ----- records -------------------------------------------------------------------

    /// An appeals record (群众诉求) resolves more appeals than were raised. Source: count
    /// consistency. (Joint meetings legitimately solve more problems than they discuss
    /// matters — Baiyun 2023: 3,798 problems, 449 matters — so that is not checked.)
    AppealsExceedRaised => "records.appeals_resolved_exceed_raised", Error;
    /// A record is dated after the as-of date. Source: date consistency.
    RecordAfterAsOf => "records.after_as_of", Warning;

    // ----- dates ---------------------------------------------------------------------

    /// A unit was dissolved before it was founded (temporary organizations:
    /// [`Rule::TemporaryDates`]). Source: date consistency.
    DissolvedBeforeFounded => "dates.dissolved_before_founded", Error;
}

impl Rule {
    /// The family of the rule: the part of its id before the dot (`structure`, `party`,
    /// `terms`, `temporary`, `big_committee`, `pairing`, `weak_lax`, `records`, `dates`).
    ///
    /// ```
    /// use partyorg::validate::Rule;
    /// assert_eq!(Rule::TermOverdue.family(), "terms");
    /// let party = Rule::ALL.iter().filter(|r| r.family() == "party").count();
    /// assert!(party > 0 && party < Rule::ALL.len());
    /// ```
    pub fn family(self) -> &'static str {
        let id = self.id();
        id.split_once('.').map_or(id, |(family, _)| family)
    }

    /// The position of the rule in [`Rule::ALL`].
    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

/// A rule's word is its id: `Display`, `FromStr` and serde (as in policy files) all
/// speak it.
impl Vocabulary for Rule {
    const WHAT: &'static str = "rule";
    const VARIANTS: &'static [Self] = Rule::ALL;
    const WORDS: &'static [&'static str] = Rule::IDS;

    fn word(self) -> &'static str {
        self.id()
    }

    fn from_word(word: &str) -> Option<Self> {
        Rule::from_id(word)
    }
}

word_traits!(Rule);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for &r in Rule::ALL {
            assert!(seen.insert(r.id()), "duplicate id {}", r.id());
            assert_eq!(Rule::from_id(r.id()), Some(r));
            assert!(r.id().contains('.'), "{}", r.id());
            assert_eq!(Rule::ALL[r.index()], r);
        }
    }
}
