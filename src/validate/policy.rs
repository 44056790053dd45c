//! The policy validation runs under: the thresholds of the rules, and per rule whether it
//! runs and how serious its findings are. A policy is data: it loads from TOML or JSON.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::rule::{Rule, Severity};
use crate::interchange::Quoted;
use crate::unit::{PartyForm, UnitKind};

/// Declares the thresholds once: the public fields of [`Policy`] with their defaults, and
/// the `[thresholds]` table of a policy file with the same names.
macro_rules! thresholds {
    (
        $(#[$meta:meta])*
        pub struct Policy {
            $( $(#[doc = $doc:literal])* $field:ident: $ty:ty = $default:expr; )*
        }
    ) => {
        $(#[$meta])*
        pub struct Policy {
            $( $(#[doc = $doc])* pub $field: $ty, )*
            /// The rules whose setting differs from the default (enabled, at the rule's
            /// own severity); a rule absent here has the default setting.
            rules: BTreeMap<Rule, RuleSetting>,
        }

        impl Default for Policy {
            fn default() -> Self {
                Policy {
                    $( $field: $default, )*
                    rules: BTreeMap::new(),
                }
            }
        }

        /// The `[thresholds]` table of a policy file: every field optional (the default's
        /// value), none unknown.
        #[derive(Serialize, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        struct Thresholds {
            $( $field: $ty, )*
        }

        impl Default for Thresholds {
            fn default() -> Self {
                Thresholds::of(&Policy::default())
            }
        }

        impl Thresholds {
            fn of(p: &Policy) -> Thresholds {
                Thresholds { $( $field: p.$field, )* }
            }

            fn into_policy(self, rules: BTreeMap<Rule, RuleSetting>) -> Policy {
                Policy { $( $field: self.$field, )* rules }
            }
        }
    };
}

thresholds! {
    /// What validation runs under: the thresholds of the rules, with the defaults of the
    /// regulations ([domain](crate::domain), "Rules"), and per [`Rule`] whether it runs and
    /// at what [`Severity`].
    ///
    /// Localities and sectors differ and the upper organization may approve exceptions, so
    /// every threshold is a public field: start from [`Policy::default`] and change what
    /// differs. Rules are switched off with [`set_enabled`](Policy::set_enabled) and made
    /// more or less serious with [`set_severity`](Policy::set_severity); a
    /// [`Violation`](super::Violation) carries the severity the policy gives its rule, and
    /// a [`Report`](super::Report) counts by it.
    ///
    /// ```
    /// use partyorg::validate::{Policy, Rule, Severity};
    ///
    /// let mut policy = Policy::default();
    /// assert_eq!(policy.own_organization_min_full, 3);
    /// policy.branch_max_members = 60; // a local rule
    /// policy.set_severity(Rule::CodeLevel, Severity::Warning);
    /// policy.set_enabled(Rule::ElectionDueSoon, false);
    /// assert_eq!(policy.severity(Rule::CodeLevel), Severity::Warning);
    /// assert!(!policy.is_enabled(Rule::ElectionDueSoon));
    /// ```
    ///
    /// # Policy files
    ///
    /// A policy is serde data and a file of its own, in TOML (`Policy::from_toml_str`,
    /// with the default feature `policy-toml`) or JSON ([`Policy::from_json_str`]);
    /// [`Policy::load`] reads either by the file's extension. Every part is optional and
    /// falls back to the default; thresholds go in `[thresholds]` under the names of the
    /// fields, rules in `[rules."ID"]` under their stable ids ([`Rule::id`]) with `enabled`
    /// and `severity` (`error`, `warning`, `notice`). An unknown threshold, rule id or
    /// field is refused, with its line and column:
    ///
    /// ```toml
    /// [thresholds]
    /// branch_max_members = 60
    ///
    /// [rules."terms.due_soon"]
    /// enabled = false
    ///
    /// [rules."structure.code_level"]
    /// severity = "warning"
    /// ```
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(from = "PolicyFile", into = "PolicyFile")]
    #[non_exhaustive]
    pub struct Policy {
        /// Full members from which a unit needs its own party organization. Default 3: Party
        /// Constitution art. 30; 支部工作条例（试行）2018 art. 4.
        own_organization_min_full: u32 = 3;
        /// The most units a joint branch (联合党支部) may cover, itself included. Default 5:
        /// 支部工作条例（试行）2018 art. 5.
        joint_branch_max_units: u32 = 5;
        /// The most members (full and probationary) of a branch. Default 50: 支部工作条例
        /// （试行）2018 art. 4.
        branch_max_members: u64 = 50;
        /// Full members from which a branch needs a branch committee (支部委员会). Default 7:
        /// 支部工作条例（试行）2018 ch. 6.
        committee_from_full: u32 = 7;
        /// The smallest branch committee. Default 3: 支部工作条例（试行）2018 ch. 6.
        committee_min_size: u8 = 3;
        /// The largest branch committee. Default 7: 支部工作条例（试行）2018 ch. 6.
        committee_max_size: u8 = 7;
        /// The most leaders a branch below the committee threshold may record as its
        /// "committee": a secretary and one deputy. Default 2: 支部工作条例（试行）2018 ch. 6.
        small_branch_max_leaders: u8 = 2;
        /// Members from which a general branch (党总支) is set up without special approval
        /// (a village's needs more than this). Default 50: 《中国共产党党和国家机关基层组织
        /// 工作条例》2019, 《中国共产党国有企业基层组织工作条例（试行）》2019, 《中国共产党
        /// 农村基层组织工作条例》2019 (党员人数50人以上); checked as a warning.
        general_branch_min_members: u64 = 50;
        /// Members from which a grassroots committee (基层党委) is set up without special
        /// approval. Default 100: the organs' and state-owned enterprises' regulations of
        /// 2019 (a village's committee also needs the county committee's approval);
        /// checked as a warning.
        committee_min_members: u64 = 100;
        /// Term of a grassroots committee, in years. Default 5: 中办《关于党的基层组织任期的
        /// 意见》2018.
        committee_term_years: u8 = 5;
        /// Term of a general branch, in years. Default 3: same opinion.
        general_branch_term_years: u8 = 3;
        /// Term of a branch or joint branch, in years. Default 3: same opinion.
        branch_term_years: u8 = 3;
        /// Term of a village or community organization (村、社区党组织), whatever its form,
        /// and of the co-op, federation and estate organizations under it, in years.
        /// Default 5: same opinion (村和社区党组织的委员会、总支部委员会、支部委员会);
        /// 支部工作条例（试行）2018 ch. 6.
        village_term_years: u8 = 5;
        /// How far an election may be advanced or postponed, in months. Default 12 (one year):
        /// same opinion.
        election_shift_months: u32 = 12;
        /// How long before a term ends the election reminder (换届提醒) starts, in months.
        /// Default 6: same opinion; 支部工作条例（试行）2018.
        election_reminder_months: u32 = 6;
        /// The fewest full members of a temporary organization. Default 3: Party Constitution
        /// art. 30; 支部工作条例（试行）2018 ch. 2.
        temporary_min_full: u32 = 3;
        /// The longest a temporary organization for a project may run, in months, before a
        /// regular branch is due. Default 6: 支部工作条例（试行）2018 ch. 2 (为期6个月以上的
        /// 工程、工作项目等 … 应当成立党支部).
        temporary_project_max_months: u32 = 6;
        /// The longest posting of a first secretary (第一书记), in months. Default 36 (3
        /// years): 中组部 2015 notice; 中办 2021 opinion.
        first_secretary_max_months: u32 = 36;
        /// Whether first secretaries may be posted only to villages and communities
        /// ([`Rule::FirstSecretaryTarget`] runs only when set). Default `false`: the national
        /// programme posts to villages (中组部 2015 notice; 中办 2021 opinion), but Baiyun
        /// sends them to organizations of every field (向各领域党组织全面选派第一书记).
        first_secretary_villages_only: bool = false;
        /// How long after identification a weak-and-lax (软弱涣散) organization's
        /// rectification should be accepted, in months. Default 12: yearly identification
        /// (中组部 practice; local rules).
        weak_lax_acceptance_months: u32 = 12;
        /// The fewest member units of a big committee (大党委). Default 2: "一核多元" (one
        /// core, many members), local practice.
        big_committee_min_members: u32 = 2;
        /// How many streets each agricultural town or street is paired with in "1+3"
        /// (镇街"1+3"结对互促). Default 3: the Baiyun report (6 agricultural towns and streets
        /// with 18 streets).
        streets_per_agricultural: u32 = 3;
    }
}

/// A policy as its files hold it.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    #[serde(default)]
    thresholds: Thresholds,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    rules: BTreeMap<Rule, RuleSetting>,
}

impl From<PolicyFile> for Policy {
    fn from(f: PolicyFile) -> Policy {
        let mut rules = f.rules;
        for (rule, setting) in rules.iter_mut() {
            setting.normalize(*rule);
        }
        rules.retain(|_, s| !s.is_default());
        f.thresholds.into_policy(rules)
    }
}

impl From<Policy> for PolicyFile {
    fn from(p: Policy) -> PolicyFile {
        PolicyFile {
            thresholds: Thresholds::of(&p),
            rules: p.rules,
        }
    }
}

/// The setting of one rule in a policy file (`[rules."ID"]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSetting {
    /// Whether the rule runs (default `true`).
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    enabled: bool,
    /// The severity of its violations, when not the rule's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    severity: Option<Severity>,
}

fn yes() -> bool {
    true
}

fn is_yes(b: &bool) -> bool {
    *b
}

impl RuleSetting {
    const DEFAULT: RuleSetting = RuleSetting {
        enabled: true,
        severity: None,
    };

    fn is_default(&self) -> bool {
        *self == Self::DEFAULT
    }

    /// Drops a severity that is the rule's own, so that equal policies compare equal.
    fn normalize(&mut self, rule: Rule) {
        if self.severity == Some(rule.severity()) {
            self.severity = None;
        }
    }
}

/// The formats [`Policy::load`] reads, for its error message.
#[cfg(feature = "policy-toml")]
const FORMATS: &str = "not a .toml or .json policy";
#[cfg(not(feature = "policy-toml"))]
const FORMATS: &str = "not a .json policy (.toml policies need the crate feature `policy-toml`)";

/// Why a policy could not be read. No policy was made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// The file could not be opened or read, or is not a regular file. Check the path and
    /// permissions.
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The path's extension is neither `.toml` nor `.json` (or is `.toml` without the
    /// feature `policy-toml`). Rename the file or convert it.
    #[error("{}: {FORMATS}", .path.display())]
    UnknownFormat {
        /// The path.
        path: PathBuf,
    },
    /// The text is no policy: bad syntax, an unknown threshold, rule id or field, a value
    /// of the wrong type or an unknown severity. The message names the offending value and
    /// what was expected; fix the file and load again.
    #[error("{}", Located(.file, *.at, .message))]
    Invalid {
        /// The file, or `<toml>` and `<json>` for text.
        file: PathBuf,
        /// The line and column (1-based, the column in bytes) of the problem, when known.
        at: Option<(usize, usize)>,
        /// What is wrong.
        message: String,
    },
}

/// `file:line:column: message`, the file's text quoted with control characters escaped.
struct Located<'a>(&'a Path, Option<(usize, usize)>, &'a str);

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.0.display().to_string();
        match self.1 {
            Some((line, column)) => write!(f, "{}:{line}:{column}: ", Quoted(&file))?,
            None => write!(f, "{}: ", Quoted(&file))?,
        }
        write!(f, "{}", Quoted(self.2))
    }
}

impl Policy {
    /// Whether `rule` runs (every rule does unless the policy turns it off).
    ///
    /// ```
    /// use partyorg::validate::{Policy, Rule};
    /// let mut policy = Policy::default();
    /// assert!(Rule::ALL.iter().all(|&r| policy.is_enabled(r)));
    /// policy.set_enabled(Rule::OrgOutsideArea, false);
    /// assert!(!policy.is_enabled(Rule::OrgOutsideArea));
    /// ```
    pub fn is_enabled(&self, rule: Rule) -> bool {
        self.rules.get(&rule).is_none_or(|s| s.enabled)
    }

    /// The severity of `rule`'s violations under this policy: the rule's own
    /// ([`Rule::severity`]) unless the policy overrides it.
    ///
    /// ```
    /// use partyorg::validate::{Policy, Rule, Severity};
    /// let policy = Policy::from_json_str(r#"{"rules": {"terms.length": {"severity": "error"}}}"#)?;
    /// assert_eq!(policy.severity(Rule::TermLength), Severity::Error);
    /// assert_eq!(policy.severity(Rule::TermOverdue), Rule::TermOverdue.severity());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn severity(&self, rule: Rule) -> Severity {
        self.rules
            .get(&rule)
            .and_then(|s| s.severity)
            .unwrap_or(rule.severity())
    }

    /// Turns `rule` on or off; calls chain.
    ///
    /// ```
    /// use partyorg::validate::{Policy, Rule};
    /// let mut policy = Policy::default();
    /// policy.set_enabled(Rule::ElectionDueSoon, false).set_enabled(Rule::OrgOutsideArea, false);
    /// assert!(!policy.is_enabled(Rule::ElectionDueSoon) && !policy.is_enabled(Rule::OrgOutsideArea));
    /// policy.set_enabled(Rule::ElectionDueSoon, true);
    /// assert!(policy.is_enabled(Rule::ElectionDueSoon));
    /// ```
    pub fn set_enabled(&mut self, rule: Rule, enabled: bool) -> &mut Self {
        self.change(rule, |s| s.enabled = enabled)
    }

    /// Gives `rule`'s violations `severity` (the rule's own severity undoes an override).
    ///
    /// ```
    /// use partyorg::validate::{Policy, Rule, Severity};
    /// let mut policy = Policy::default();
    /// policy.set_severity(Rule::BranchTooLarge, Severity::Error);
    /// assert_eq!(policy.severity(Rule::BranchTooLarge), Severity::Error);
    /// policy.set_severity(Rule::BranchTooLarge, Rule::BranchTooLarge.severity());
    /// assert_eq!(policy, Policy::default());
    /// ```
    pub fn set_severity(&mut self, rule: Rule, severity: Severity) -> &mut Self {
        self.change(rule, |s| s.severity = Some(severity))
    }

    /// Changes the setting of one rule, keeping only settings that differ from the
    /// default.
    fn change(&mut self, rule: Rule, f: impl FnOnce(&mut RuleSetting)) -> &mut Self {
        let mut setting = self
            .rules
            .get(&rule)
            .copied()
            .unwrap_or(RuleSetting::DEFAULT);
        f(&mut setting);
        setting.normalize(rule);
        if setting.is_default() {
            self.rules.remove(&rule);
        } else {
            self.rules.insert(rule, setting);
        }
        self
    }

    /// Reads a policy from TOML text (see "Policy files" above). Problems name the file
    /// `<toml>`.
    ///
    /// ```
    /// use partyorg::validate::{Policy, PolicyError, Rule, Severity};
    ///
    /// let policy = Policy::from_toml_str(r#"
    ///     [thresholds]
    ///     branch_max_members = 60
    ///
    ///     [rules."terms.due_soon"]
    ///     enabled = false
    ///
    ///     [rules."structure.code_level"]
    ///     severity = "warning"
    /// "#)?;
    /// assert_eq!(policy.branch_max_members, 60);
    /// assert_eq!(policy.own_organization_min_full, 3); // not in the file: the default
    /// assert!(!policy.is_enabled(Rule::ElectionDueSoon));
    /// assert_eq!(policy.severity(Rule::CodeLevel), Severity::Warning);
    ///
    /// let err = Policy::from_toml_str("[rules.\"terms.nonsense\"]\nenabled = false\n")
    ///     .unwrap_err();
    /// assert!(matches!(err, PolicyError::Invalid { at: Some((1, _)), .. }));
    /// assert!(err.to_string().contains("terms.nonsense"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`PolicyError::Invalid`] with the line and column of the problem.
    #[cfg(feature = "policy-toml")]
    pub fn from_toml_str(text: &str) -> Result<Policy, PolicyError> {
        Self::toml_in(text, Path::new("<toml>"))
    }

    #[cfg(feature = "policy-toml")]
    fn toml_in(text: &str, file: &Path) -> Result<Policy, PolicyError> {
        toml::from_str(text).map_err(|e: toml::de::Error| PolicyError::Invalid {
            file: file.to_owned(),
            at: e
                .span()
                .map(|span| crate::interchange::json::line_col(text.as_bytes(), span.start)),
            message: e.message().trim_end().to_owned(),
        })
    }

    /// The policy as TOML text, every threshold written out and the rules whose setting
    /// differs from the default; [`from_toml_str`](Self::from_toml_str) reads it back.
    ///
    /// ```
    /// use partyorg::validate::{Policy, Rule};
    /// let mut policy = Policy::default();
    /// policy.branch_max_members = 60;
    /// policy.set_enabled(Rule::ElectionDueSoon, false);
    /// let text = policy.to_toml_string();
    /// assert!(text.contains("branch_max_members = 60"));
    /// assert!(text.contains("terms.due_soon"));
    /// assert_eq!(Policy::from_toml_str(&text)?, policy);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "policy-toml")]
    pub fn to_toml_string(&self) -> String {
        // Every value of a policy has a TOML form: numbers, booleans, words, tables.
        toml::to_string(self).unwrap_or_default()
    }

    /// Reads a policy from JSON text: `{"thresholds": {…}, "rules": {"ID": {…}}}`, the
    /// same names as a TOML file. Problems name the file `<json>`.
    ///
    /// ```
    /// use partyorg::validate::{Policy, Rule};
    ///
    /// let policy = Policy::from_json_str(
    ///     r#"{"rules": {"terms.due_soon": {"enabled": false}}}"#)?;
    /// assert!(!policy.is_enabled(Rule::ElectionDueSoon));
    /// assert_eq!(serde_json::to_string(&policy)?.contains("\"terms.due_soon\""), true);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`PolicyError::Invalid`] with the line and column of the problem.
    pub fn from_json_str(text: &str) -> Result<Policy, PolicyError> {
        Self::json_in(text, Path::new("<json>"))
    }

    fn json_in(text: &str, file: &Path) -> Result<Policy, PolicyError> {
        serde_json::from_str(text).map_err(|e| {
            let full = e.to_string();
            let message = full
                .rfind(" at line ")
                .map_or(full.as_str(), |i| &full[..i])
                .to_owned();
            PolicyError::Invalid {
                file: file.to_owned(),
                at: (e.line() > 0).then(|| (e.line(), e.column())),
                message,
            }
        })
    }

    /// Reads a policy file, TOML or JSON by its extension (`.toml`, `.json`, in any case).
    ///
    /// # Errors
    ///
    /// [`PolicyError::UnknownFormat`] for another extension (and for `.toml` without the
    /// feature `policy-toml`), [`PolicyError::Io`] when the file cannot be read or is not
    /// a regular file, [`PolicyError::Invalid`] for bad content.
    ///
    /// ```
    /// use partyorg::validate::{Policy, PolicyError};
    /// let dir = std::env::temp_dir().join(format!("partyorg-policy-load-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let path = dir.join("policy.json");
    /// std::fs::write(&path, r#"{"thresholds": {"branch_max_members": 60}}"#)?;
    /// let policy = Policy::load(&path)?;
    /// assert_eq!(policy.branch_max_members, 60);
    /// assert!(matches!(Policy::load(dir.join("policy.yaml")), Err(PolicyError::UnknownFormat { .. })));
    /// assert!(matches!(Policy::load(dir.join("missing.json")), Err(PolicyError::Io { .. })));
    /// std::fs::write(&path, r#"{"thresholds": {"no_such_threshold": 1}}"#)?;
    /// assert!(matches!(Policy::load(&path), Err(PolicyError::Invalid { .. })));
    /// std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Policy, PolicyError> {
        let path = path.as_ref();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let unknown = || PolicyError::UnknownFormat {
            path: path.to_owned(),
        };
        let read = || -> Result<String, PolicyError> {
            let io = |source| PolicyError::Io {
                path: path.to_owned(),
                source,
            };
            let mut file = crate::interchange::open_regular(path).map_err(|e| match e {
                crate::LoadError::Io { source, .. } => io(source),
                other => io(std::io::Error::other(other.to_string())),
            })?;
            let mut text = String::new();
            std::io::Read::read_to_string(&mut file, &mut text).map_err(io)?;
            Ok(text)
        };
        match ext.as_deref() {
            #[cfg(feature = "policy-toml")]
            Some("toml") => Self::toml_in(&read()?, path),
            Some("json") => Self::json_in(&read()?, path),
            _ => Err(unknown()),
        }
    }

    /// The term length, in years, the policy expects for an organization of `form` in a
    /// unit of `kind`, the unit standing where its kind usually stands: 5 for any village
    /// or community organization and for the organizations of the economic co-ops,
    /// federations and estates, which stand under villages and communities; otherwise by
    /// form. [`term_years_at`](Self::term_years_at) decides for a unit whose place is
    /// known (a federation may also stand under a town).
    ///
    /// ```
    /// use partyorg::{PartyForm, Sector, UnitKind};
    /// use partyorg::validate::Policy;
    ///
    /// let p = Policy::default();
    /// assert_eq!(p.term_years(UnitKind::Village, PartyForm::Branch), 5);
    /// assert_eq!(p.term_years(UnitKind::Street, PartyForm::Committee), 5);
    /// assert_eq!(p.term_years(UnitKind::EconomicCoop, PartyForm::Branch), 5);
    /// let school = UnitKind::Institution(Sector::School);
    /// assert_eq!(p.term_years(school, PartyForm::Branch), 3);
    /// ```
    pub fn term_years(&self, kind: UnitKind, form: PartyForm) -> u8 {
        let village_level = matches!(
            kind,
            UnitKind::Village
                | UnitKind::Community
                | UnitKind::Federation
                | UnitKind::EconomicCoop
                | UnitKind::Estate
        );
        self.term_years_at(form, village_level)
    }

    /// The term length, in years, of an organization of `form`: the village term when it
    /// is a village or community organization or stands under one (`village_level`: the
    /// co-op, federation and estate branches below a village or community), otherwise by
    /// form (committee 5, general branch and branch 3).
    ///
    /// ```
    /// use partyorg::PartyForm;
    /// use partyorg::validate::Policy;
    ///
    /// let p = Policy::default();
    /// assert_eq!(p.term_years_at(PartyForm::Branch, true), 5);
    /// assert_eq!(p.term_years_at(PartyForm::Branch, false), 3);
    /// assert_eq!(p.term_years_at(PartyForm::Committee, false), 5);
    /// ```
    pub fn term_years_at(&self, form: PartyForm, village_level: bool) -> u8 {
        if village_level {
            return self.village_term_years;
        }
        match form {
            PartyForm::Committee => self.committee_term_years,
            PartyForm::GeneralBranch => self.general_branch_term_years,
            PartyForm::Branch | PartyForm::JointBranch => self.branch_term_years,
        }
    }
}
