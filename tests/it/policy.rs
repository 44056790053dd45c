//! The validation policy as configuration: per-rule enabled flags and severity
//! overrides that reports follow, and policy files in TOML and JSON.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use partyorg::validate::{Policy, PolicyError, Report, Rule, Severity, Validation};
use partyorg::{Hierarchy, Members, Unit, UnitKind};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 12, 31).unwrap()
}

/// 白云区 / 均禾街道 with three communities of five full members each and no party
/// organization (three `party.no_organization` errors), two of them of the same name (a
/// `structure.duplicate_sibling_name` warning).
pub fn three_communities_without_organizations() -> Hierarchy {
    let (mut h, _, street) =
        super::support::under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    for name in ["罗岗社区居委会", "荔景社区居委会", "荔景社区居委会"] {
        h.add_unit(
            Some(street),
            Unit::new(UnitKind::Community, name).with_members(Members::new(5, 0)),
        )
        .unwrap();
    }
    h
}

/// The violations of a report as (rule, units, message), without their severities.
fn findings(r: &Report) -> Vec<(Rule, Vec<partyorg::UnitId>, String)> {
    r.violations()
        .iter()
        .map(|v| (v.rule, v.units.clone(), v.message.clone()))
        .collect()
}

/// A file under the system's temporary folder, unique to this process and `name`.
fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("partyorg-policy-{}-{name}", std::process::id()))
}

/// A policy that differs from the default in a threshold, a rule turned off and a
/// severity.
fn local_policy() -> Policy {
    let mut p = Policy::default();
    p.branch_max_members = 60;
    p.election_reminder_months = 3;
    p.set_enabled(Rule::ElectionDueSoon, false)
        .set_severity(Rule::CodeLevel, Severity::Warning)
        .set_severity(Rule::TermLength, Severity::Error);
    p
}

mod severity_overrides {
    use super::*;

    #[test]
    fn changing_a_rules_severity_moves_its_findings_between_the_counts() {
        let h = three_communities_without_organizations();
        let base = h.validate(&Policy::default(), as_of());
        let n = base.of_rule(Rule::NoOrganization).count();
        assert_eq!(n, 3);
        assert_eq!(base.errors(), 3);
        assert_eq!(base.warnings(), 1);

        let mut policy = Policy::default();
        policy.set_severity(Rule::NoOrganization, Severity::Warning);
        let report = h.validate(&policy, as_of());
        assert_eq!(report.errors(), base.errors() - n);
        assert_eq!(report.warnings(), base.warnings() + n);
        assert_eq!(report.notices(), base.notices());
        assert!(!report.has_errors());
        assert!(
            report
                .of_rule(Rule::NoOrganization)
                .all(|v| v.severity == Severity::Warning)
        );
        assert_eq!(findings(&report), findings(&base));
        assert!(
            report.to_string().contains("warning party.no_organization"),
            "{report}"
        );
        // The other rules keep their own severity.
        assert!(
            report
                .of_rule(Rule::DuplicateSiblingName)
                .all(|v| v.severity == Severity::Warning)
        );
    }

    /// On the embedded data, which is clean under the regulations' thresholds: a smaller
    /// branch limit finds large branches (warnings), and making that rule an error moves
    /// all of them to the errors.
    #[cfg(feature = "datasets")]
    #[test]
    fn on_the_embedded_data_thresholds_and_severities_decide_the_counts() {
        let h = partyorg::baiyun::baiyun_2023();
        assert!(h.validate(&Policy::default(), as_of()).is_empty());
        let mut strict = Policy::default();
        strict.branch_max_members = 10;
        let warned = h.validate(&strict, as_of());
        let n = warned.of_rule(Rule::BranchTooLarge).count();
        assert!(n > 0);
        assert_eq!(warned.warnings(), n);
        assert_eq!(warned.errors(), 0);
        strict.set_severity(Rule::BranchTooLarge, Severity::Error);
        let errors = h.validate(&strict, as_of());
        assert_eq!(errors.errors(), warned.errors() + n);
        assert_eq!(errors.warnings(), warned.warnings() - n);
        assert_eq!(findings(&errors), findings(&warned));
    }

    #[test]
    fn a_severity_equal_to_the_rules_own_is_no_override() {
        let mut p = Policy::default();
        p.set_severity(Rule::NoOrganization, Severity::Error);
        assert_eq!(p, Policy::default());
        p.set_severity(Rule::NoOrganization, Severity::Notice);
        assert_ne!(p, Policy::default());
        assert_eq!(p.severity(Rule::NoOrganization), Severity::Notice);
        p.set_severity(Rule::NoOrganization, Severity::Error);
        assert_eq!(p, Policy::default());
    }
}

mod disabling {
    use super::*;

    #[test]
    fn disabling_a_rule_removes_its_findings_and_only_those() {
        let h = three_communities_without_organizations();
        let base = h.validate(&Policy::default(), as_of());
        let mut policy = Policy::default();
        policy.set_enabled(Rule::NoOrganization, false);
        assert!(!policy.is_enabled(Rule::NoOrganization));
        assert!(policy.is_enabled(Rule::DuplicateSiblingName));
        let report = h.validate(&policy, as_of());
        assert_eq!(report.of_rule(Rule::NoOrganization).count(), 0);
        let mut expected = findings(&base);
        expected.retain(|(rule, ..)| *rule != Rule::NoOrganization);
        assert!(!expected.is_empty());
        assert_eq!(findings(&report), expected);
        assert_eq!(report.errors(), 0);
        policy.set_enabled(Rule::NoOrganization, true);
        assert_eq!(policy, Policy::default());
    }

    #[test]
    fn a_disabled_rule_keeps_its_severity_for_when_it_is_enabled_again() {
        let h = three_communities_without_organizations();
        let mut policy = Policy::default();
        policy
            .set_severity(Rule::NoOrganization, Severity::Notice)
            .set_enabled(Rule::NoOrganization, false);
        assert_eq!(h.validate(&policy, as_of()).notices(), 0);
        policy.set_enabled(Rule::NoOrganization, true);
        assert_eq!(h.validate(&policy, as_of()).notices(), 3);
    }

    #[test]
    fn skipping_in_a_run_adds_to_the_rules_the_policy_turns_off() {
        let h = three_communities_without_organizations();
        let mut policy = Policy::default();
        policy.set_enabled(Rule::NoOrganization, false);
        let report = Validation::new(&policy)
            .as_of(as_of())
            .skip(Rule::DuplicateSiblingName)
            .run(&h)
            .unwrap();
        assert!(report.is_empty(), "{report}");
        let only_skip = Validation::new(&Policy::default())
            .as_of(as_of())
            .skip(Rule::DuplicateSiblingName)
            .run(&h)
            .unwrap();
        assert_eq!(only_skip.errors(), 3);
        assert_eq!(only_skip.warnings(), 0);
    }
}

mod files {
    use super::*;

    #[test]
    fn a_policy_file_round_trips_through_toml_and_json() {
        let p = local_policy();
        let json = serde_json::to_string_pretty(&p).unwrap();
        assert!(json.contains("\"branch_max_members\": 60"), "{json}");
        assert!(json.contains("\"terms.due_soon\""), "{json}");
        assert_eq!(Policy::from_json_str(&json).unwrap(), p);
        #[cfg_attr(not(feature = "policy-toml"), allow(unused_mut))]
        let mut files = vec![("round.json", json)];
        #[cfg(feature = "policy-toml")]
        {
            let toml = p.to_toml_string();
            assert!(toml.contains("branch_max_members = 60"), "{toml}");
            assert!(toml.contains("[rules.\"terms.due_soon\"]"), "{toml}");
            assert!(toml.contains("severity = \"warning\""), "{toml}");
            assert_eq!(Policy::from_toml_str(&toml).unwrap(), p);
            assert_eq!(
                Policy::from_toml_str(&Policy::default().to_toml_string()).unwrap(),
                Policy::default()
            );
            files.push(("round.toml", toml));
        }
        for (name, text) in files {
            let path = temp_path(name);
            std::fs::write(&path, text).unwrap();
            let loaded = Policy::load(&path);
            std::fs::remove_file(&path).unwrap();
            assert_eq!(loaded.unwrap(), p, "{name}");
        }
    }

    #[cfg(feature = "policy-toml")]
    #[test]
    fn thresholds_and_rules_are_named_as_the_fields_and_the_rule_ids() {
        let p = Policy::from_toml_str(
            r#"
            [thresholds]
            branch_max_members = 60
            election_reminder_months = 3

            [rules."terms.due_soon"]
            enabled = false

            [rules."structure.code_level"]
            severity = "warning"

            [rules."terms.length"]
            severity = "error"
            "#,
        )
        .unwrap();
        assert_eq!(p, local_policy());
    }

    #[test]
    fn a_file_may_leave_anything_out() {
        assert_eq!(Policy::from_json_str("{}").unwrap(), Policy::default());
        let p = Policy::from_json_str(r#"{"thresholds": {"temporary_min_full": 5}}"#).unwrap();
        let mut expected = Policy::default();
        expected.temporary_min_full = 5;
        assert_eq!(p, expected);
        #[cfg(feature = "policy-toml")]
        assert_eq!(Policy::from_toml_str("").unwrap(), Policy::default());
    }

    /// The sample the `validate` example's doc points to stays a valid policy, and says
    /// what its comments say: every threshold at its default, reminders off, code levels
    /// a warning.
    #[cfg(feature = "policy-toml")]
    #[test]
    fn the_sample_policy_file_loads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/policy.toml");
        let mut p = Policy::load(&path).unwrap();
        assert!(!p.is_enabled(Rule::ElectionDueSoon));
        assert_eq!(p.severity(Rule::CodeLevel), Severity::Warning);
        p.set_enabled(Rule::ElectionDueSoon, true)
            .set_severity(Rule::CodeLevel, Severity::Error);
        assert_eq!(p, Policy::default());
        let text = std::fs::read_to_string(&path).unwrap();
        let settings = text
            .lines()
            .filter(|l| !l.starts_with('#') && l.contains(" = "))
            .count();
        // Every threshold is listed (two more lines set the rules): as many as the
        // default policy writes in its `[thresholds]` table.
        let written = Policy::default().to_toml_string();
        let thresholds = written
            .lines()
            .skip_while(|l| *l != "[thresholds]")
            .skip(1)
            .take_while(|l| !l.starts_with('['))
            .filter(|l| l.contains(" = "))
            .count();
        assert_eq!(thresholds, 22);
        assert_eq!(settings, thresholds + 2);
    }
}

mod refusals {
    use super::*;

    fn invalid(r: Result<Policy, PolicyError>) -> (Option<(usize, usize)>, String, String) {
        match r {
            Err(e @ PolicyError::Invalid { .. }) => {
                let shown = e.to_string();
                let PolicyError::Invalid { at, message, .. } = e else {
                    unreachable!()
                };
                (at, message, shown)
            }
            other => panic!("not refused as invalid: {other:?}"),
        }
    }

    #[test]
    fn an_unknown_rule_is_refused_naming_it() {
        let (at, message, shown) = invalid(Policy::from_json_str(
            "{\"rules\": {\n  \"orgs.threshold\": {\"enabled\": false}}}",
        ));
        assert_eq!(at.map(|(line, _)| line), Some(2), "{shown}");
        assert!(
            message.contains("unknown rule \"orgs.threshold\""),
            "{message}"
        );
        assert!(
            message.contains("terms.due_soon"),
            "the valid ids: {message}"
        );
        assert!(shown.starts_with("<json>:2:"), "{shown}");
        #[cfg(feature = "policy-toml")]
        {
            let (at, message, shown) = invalid(Policy::from_toml_str(
                "[thresholds]\n\n[rules.\"orgs.threshold\"]\nenabled = false\n",
            ));
            assert_eq!(at.map(|(line, _)| line), Some(3), "{shown}");
            assert!(message.contains("orgs.threshold"), "{message}");
            assert!(shown.starts_with("<toml>:3:"), "{shown}");
        }
    }

    #[cfg(feature = "policy-toml")]
    #[test]
    fn unknown_fields_and_bad_values_are_refused_at_their_line() {
        for (text, line, needle) in [
            (
                "[thresholds]\nbranch_max_member = 60\n",
                2,
                "branch_max_member",
            ),
            ("[rules.\"terms.overdue\"]\n\nenable = false\n", 3, "enable"),
            ("[threshold]\nbranch_max_members = 60\n", 1, "threshold"),
            (
                "[rules.\"terms.overdue\"]\nseverity = \"fatal\"\n",
                2,
                "fatal",
            ),
            (
                "[thresholds]\n\nbranch_max_members = \"sixty\"\n",
                3,
                "sixty",
            ),
            ("[thresholds]\ncommittee_min_size = 300\n", 2, "300"),
            ("[thresholds\n", 1, ""),
        ] {
            let (at, message, shown) = invalid(Policy::from_toml_str(text));
            assert_eq!(at.map(|(l, _)| l), Some(line), "{text:?}: {shown}");
            assert!(message.contains(needle), "{text:?}: {message}");
        }
        let (_, message, _) = invalid(Policy::from_toml_str(
            "[rules.\"terms.overdue\"]\nseverity = \"fatal\"\n",
        ));
        assert!(message.contains("error, warning, notice"), "{message}");
    }

    #[test]
    fn load_chooses_the_format_by_extension_and_reads_only_files() {
        assert!(matches!(
            Policy::load("policy.yaml"),
            Err(PolicyError::UnknownFormat { path }) if path == Path::new("policy.yaml")
        ));
        assert!(matches!(
            Policy::load("no-extension"),
            Err(PolicyError::UnknownFormat { .. })
        ));
        let missing = temp_path("missing.json");
        assert!(matches!(
            Policy::load(&missing),
            Err(PolicyError::Io { path, .. }) if path == missing
        ));
        let folder = temp_path("folder.json");
        std::fs::create_dir_all(&folder).unwrap();
        let result = Policy::load(&folder);
        std::fs::remove_dir(&folder).unwrap();
        assert!(matches!(result, Err(PolicyError::Io { .. })), "{result:?}");
        let upper = temp_path("UPPER.JSON");
        std::fs::write(&upper, "{\"thresholds\": {\"branch_max_members\": 9}}").unwrap();
        let loaded = Policy::load(&upper);
        let bad = temp_path("bad.json");
        std::fs::write(&bad, "{\n\"rules\": 3}").unwrap();
        let refused = Policy::load(&bad);
        std::fs::remove_file(&upper).unwrap();
        std::fs::remove_file(&bad).unwrap();
        assert_eq!(loaded.unwrap().branch_max_members, 9);
        match refused {
            Err(PolicyError::Invalid { file, at, .. }) => {
                assert_eq!(file, bad);
                assert_eq!(at.map(|(l, _)| l), Some(2));
            }
            other => panic!("{other:?}"),
        }
    }

    #[cfg(not(feature = "policy-toml"))]
    #[test]
    fn without_the_feature_a_toml_policy_is_an_unknown_format() {
        let e = Policy::load("policy.toml").unwrap_err();
        assert!(matches!(e, PolicyError::UnknownFormat { .. }));
        assert!(e.to_string().contains("policy-toml"), "{e}");
    }
}
