//! The thresholds validation checks against.

use crate::unit::{PartyForm, UnitKind};

/// The thresholds of the rules, with the defaults of the regulations ([domain](crate::domain), "Rules").
///
/// Localities and sectors differ and the upper organization may approve exceptions, so
/// every threshold is a public field: start from [`Policy::default`] and change what
/// differs.
///
/// ```
/// use partyorg::validate::Policy;
///
/// let mut policy = Policy::default();
/// assert_eq!(policy.own_organization_min_full, 3);
/// policy.branch_max_members = 60; // a local rule
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Policy {
    /// Full members from which a unit needs its own party organization. Default 3: Party
    /// Constitution art. 30; 支部工作条例（试行）2018 art. 4.
    pub own_organization_min_full: u32,
    /// The most units a joint branch (联合党支部) may cover, itself included. Default 5:
    /// 支部工作条例（试行）2018 art. 5.
    pub joint_branch_max_units: u32,
    /// The most members (full and probationary) of a branch. Default 50: 支部工作条例
    /// （试行）2018 art. 4.
    pub branch_max_members: u64,
    /// Full members from which a branch needs a branch committee (支部委员会). Default 7:
    /// 支部工作条例（试行）2018 ch. 6.
    pub committee_from_full: u32,
    /// The smallest branch committee. Default 3: 支部工作条例（试行）2018 ch. 6.
    pub committee_min_size: u8,
    /// The largest branch committee. Default 7: 支部工作条例（试行）2018 ch. 6.
    pub committee_max_size: u8,
    /// The most leaders a branch below the committee threshold may record as its
    /// "committee": a secretary and one deputy. Default 2: 支部工作条例（试行）2018 ch. 6.
    pub small_branch_max_leaders: u8,
    /// Members from which a general branch (党总支) is set up without special approval.
    /// Default 50: sector regulations (organs, SOEs, rural); checked as a warning.
    pub general_branch_min_members: u64,
    /// Members from which a grassroots committee (基层党委) is set up without special
    /// approval. Default 100: sector regulations; checked as a warning.
    pub committee_min_members: u64,
    /// Term of a grassroots committee, in years. Default 5: 中办《关于党的基层组织任期的
    /// 意见》2018.
    pub committee_term_years: u8,
    /// Term of a general branch, in years. Default 3: same opinion.
    pub general_branch_term_years: u8,
    /// Term of a branch or joint branch, in years. Default 3: same opinion.
    pub branch_term_years: u8,
    /// Term of a village or community organization (村、社区党组织), whatever its form, in
    /// years. Default 5: same opinion.
    pub village_term_years: u8,
    /// How far an election may be advanced or postponed, in months. Default 12 (one year):
    /// same opinion.
    pub election_shift_months: u32,
    /// How long before a term ends the election reminder (换届提醒) starts, in months.
    /// Default 6: same opinion; 支部工作条例（试行）2018.
    pub election_reminder_months: u32,
    /// The fewest full members of a temporary organization. Default 3: Party Constitution
    /// art. 30; 支部工作条例（试行）2018 art. 9.
    pub temporary_min_full: u32,
    /// The longest posting of a first secretary (第一书记), in months. Default 36 (3
    /// years): 中组部 2015 notice; 中办 2021 opinion.
    pub first_secretary_max_months: u32,
    /// How long after identification a weak-and-lax (软弱涣散) organization's
    /// rectification should be accepted, in months. Default 12: yearly identification
    /// (中组部 practice; local rules).
    pub weak_lax_acceptance_months: u32,
    /// The fewest member units of a big committee (大党委). Default 2: "一核多元" (one
    /// core, many members), local practice.
    pub big_committee_min_members: u32,
    /// How many streets each agricultural town or street is paired with in "1+3"
    /// (镇街"1+3"结对互促). Default 3: the Baiyun report (6 agricultural towns and streets
    /// with 18 streets).
    pub streets_per_agricultural: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            own_organization_min_full: 3,
            joint_branch_max_units: 5,
            branch_max_members: 50,
            committee_from_full: 7,
            committee_min_size: 3,
            committee_max_size: 7,
            small_branch_max_leaders: 2,
            general_branch_min_members: 50,
            committee_min_members: 100,
            committee_term_years: 5,
            general_branch_term_years: 3,
            branch_term_years: 3,
            village_term_years: 5,
            election_shift_months: 12,
            election_reminder_months: 6,
            temporary_min_full: 3,
            first_secretary_max_months: 36,
            weak_lax_acceptance_months: 12,
            big_committee_min_members: 2,
            streets_per_agricultural: 3,
        }
    }
}

impl Policy {
    /// The term length, in years, the policy expects for an organization of `form` in a
    /// unit of `kind`: 5 for any village or community organization, otherwise by form.
    ///
    /// ```
    /// use partyorg::{PartyForm, UnitKind};
    /// use partyorg::validate::Policy;
    ///
    /// let p = Policy::default();
    /// assert_eq!(p.term_years(UnitKind::Village, PartyForm::Branch), 5);
    /// assert_eq!(p.term_years(UnitKind::Street, PartyForm::Committee), 5);
    /// assert_eq!(p.term_years(UnitKind::EconomicCoop, PartyForm::Branch), 3);
    /// ```
    pub fn term_years(&self, kind: UnitKind, form: PartyForm) -> u8 {
        if matches!(kind, UnitKind::Village | UnitKind::Community) {
            return self.village_term_years;
        }
        match form {
            PartyForm::Committee => self.committee_term_years,
            PartyForm::GeneralBranch => self.general_branch_term_years,
            PartyForm::Branch | PartyForm::JointBranch => self.branch_term_years,
        }
    }
}
