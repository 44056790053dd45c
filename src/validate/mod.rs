//! Validation: what is wrong with the data, checked against the regulations.
//!
//! An organization department's first question of its data is "what is wrong with it".
//! [`Validation`] answers it in one report: every [`Rule`] of the regulations ([domain](crate::domain),
//! "Rules"), each with its source and a default [`Severity`], over the whole hierarchy or
//! one subtree, evaluated as of a date. Thresholds come from a [`Policy`] whose defaults
//! are the regulations' own; the policy also turns rules off and overrides their
//! severities, and loads from a TOML or JSON file ([`Policy::load`]).
//!
//! # Example
//!
//! ```
//! use chrono::NaiveDate;
//! use partyorg::{Hierarchy, Members, Unit, UnitKind};
//! use partyorg::validate::{Policy, Rule, Validation};
//!
//! let mut h = Hierarchy::new();
//! let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
//! let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
//! // Five full members and no party organization.
//! let luogang = h.add_unit(Some(junhe), Unit::new(UnitKind::Community, "罗岗社区居委会")
//!     .with_members(Members::new(5, 0)))?;
//!
//! let policy = Policy::default();
//! let as_of = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
//! let report = Validation::new(&policy).as_of(as_of).within(junhe).run(&h)?;
//! assert_eq!(report.errors(), 1);
//! let v = &report.violations()[0];
//! assert_eq!((v.rule, v.unit()), (Rule::NoOrganization, luogang));
//! assert!(report.to_string().starts_with("error party.no_organization #2 罗岗社区居委会"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Scope and date
//!
//! [`Validation::within`] restricts the report to one subtree: its units (a contiguous
//! range of the layout), the temporary organizations and big committees
//! linked to them (hosted by, seconding from, or having as core, member or part-time
//! source one of them), the pairings with an end among them and the records
//! attached to any of these. A violation is reported when one of its units is in scope
//! (the scope unit's name is not compared with its siblings', which lie outside).
//!
//! The as-of date decides every rule about time: overdue elections and reminders, the
//! activity of temporary organizations, dissolved members, first-secretary postings,
//! weak-and-lax acceptance and future-dated records. Party-organization, term and
//! weak-and-lax rules apply only to units that exist on that date
//! ([`Details::exists_on`](crate::unit::Details::exists_on)); structural and date-consistency
//! rules apply to every unit.
//!
//! # Cost
//!
//! - One pass over the units in scope, each looking at its own edges and at its children
//!   through the layout: *O(units + relations)*. No traversal per unit: parents, children,
//!   subtrees and subtree member totals come from the cached layout.
//! - One pass over the division-code table: the code rules of the coded units in scope,
//!   and duplicates through the hierarchy's code index (a second pass only when some code
//!   is held twice): *O(coded units)*, also for a scoped run.
//! - One pass over the records: *O(records)*.
//! - A sort of the violations: *O(v log v)*.
//!
//! Extra space: the names of one family of siblings at a time, and the report.

mod orgs;
mod outside;
mod pairing;
mod party;
mod policy;
mod records;
mod rule;
mod structure;

use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};

use crate::error::QueryError;
use crate::hierarchy::{HAS_DETAILS, Hierarchy, Layout, NodeKind, UnitRef};
use crate::relation::Relation;
use crate::unit::{Details, UnitId};

pub use policy::{Policy, PolicyError};
pub use rule::{Rule, Severity};

/// One problem found: which rule, how serious, the units concerned and what is wrong.
///
/// Serde writes it with the words of reports and policy files:
/// `{"rule": "party.no_organization", "severity": "error", "units": [2], "message": …}`
/// (`orgs` only when there are any).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Violation {
    /// The rule broken.
    pub rule: Rule,
    /// Its severity: the one the [`Policy`] gives the rule (the rule's own,
    /// [`Rule::severity`], unless the policy overrides it).
    pub severity: Severity,
    /// The units concerned, never empty: the unit the violation is about first, then the
    /// others involved (the parent, the other holders of a code, a pairing's other end …).
    /// A violation about a party organization names the unit it is based in first.
    pub units: Vec<UnitId>,
    /// The party organizations concerned, the one the violation is about first; empty
    /// for violations about units.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orgs: Vec<crate::org::OrgId>,
    /// What is wrong, naming the first unit by name and kind (its id is `units[0]`,
    /// printed before the message in a report line), every other unit by id, name and
    /// kind, and the offending values.
    pub message: String,
}

impl Violation {
    /// The unit the violation is about (`units[0]`).
    ///
    /// ```
    /// # use chrono::NaiveDate; use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # use partyorg::validate::{Policy, Rule, Severity, Validation};
    /// # let mut h = Hierarchy::new(); let c = |n| Unit::new(UnitKind::Community, n);
    /// # let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let luogang = h.add_unit(Some(junhe), c("罗岗社区").with_members(Members::new(5, 0)))?;
    /// # let xinzhuang = h.add_unit(Some(junhe), c("新庄社区"))?; h.add_unit(Some(junhe), c("新庄社区"))?;
    /// # let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// // `report`: 罗岗社区 has 5 members and no organization (an error); two 新庄社区 (a warning).
    /// let v = report.of_rule(Rule::NoOrganization).next().unwrap();
    /// assert_eq!(v.unit(), luogang);
    /// assert_eq!(v.unit(), v.units[0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unit(&self) -> UnitId {
        self.units[0]
    }
}

impl fmt::Display for Violation {
    /// `SEVERITY RULE UNIT_ID message`, as in a report line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {}",
            self.severity,
            self.rule.id(),
            self.unit(),
            self.message
        )
    }
}

/// The result of a validation: every violation found, in a deterministic order (by unit
/// id, then rule, then message).
///
/// Displays as one line per violation, `SEVERITY RULE UNIT_ID message`, followed by a
/// summary line `N errors, N warnings, N notices over N units`:
///
/// ```text
/// error structure.parent_kind #12 石马桥村委会 (village) stands under #1 白云区 (district), which may not contain a village
/// 1 errors, 0 warnings, 0 notices over 3 units
/// ```
///
/// Serde writes the date, the scope (absent for the whole hierarchy), the units checked,
/// the counts by severity and the violations:
/// `{"as_of": "2023-12-31", "units_checked": 3, "errors": 1, "warnings": 0, "notices": 0,
/// "violations": […]}`. Reading one back checks that the counts agree with the
/// violations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "ReportFile", try_from = "ReportFile")]
pub struct Report {
    violations: Vec<Violation>,
    counts: [usize; 3],
    units_checked: usize,
    as_of: NaiveDate,
    scope: Option<UnitId>,
}

impl Report {
    /// Every violation, sorted by unit id, then rule, then message.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # use partyorg::validate::{Policy, Rule, Severity, Validation};
    /// # let mut h = Hierarchy::new();
    /// # let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// // Five full members and no party organization: an error.
    /// let luogang = h.add_unit(Some(junhe), Unit::new(UnitKind::Community, "罗岗社区")
    ///     .with_members(Members::new(5, 0)))?;
    /// // Two communities of one name under one street: a warning.
    /// let xinzhuang = h.add_unit(Some(junhe), Unit::new(UnitKind::Community, "新庄社区"))?;
    /// h.add_unit(Some(junhe), Unit::new(UnitKind::Community, "新庄社区"))?;
    /// let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// let found: Vec<_> = report.violations().iter().map(|v| (v.rule, v.unit())).collect();
    /// assert_eq!(found[0], (Rule::NoOrganization, luogang));
    /// assert_eq!(found[1].0, Rule::DuplicateSiblingName);
    /// assert!(report.violations().is_sorted_by_key(|v| v.unit()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The violations, owned.
    ///
    /// ```
    /// # use chrono::NaiveDate; use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # use partyorg::validate::{Policy, Rule, Severity, Validation};
    /// # let mut h = Hierarchy::new(); let c = |n| Unit::new(UnitKind::Community, n);
    /// # let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let luogang = h.add_unit(Some(junhe), c("罗岗社区").with_members(Members::new(5, 0)))?;
    /// # let xinzhuang = h.add_unit(Some(junhe), c("新庄社区"))?; h.add_unit(Some(junhe), c("新庄社区"))?;
    /// # let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// // `report`: 罗岗社区 has 5 members and no organization (an error); two 新庄社区 (a warning).
    /// let mut violations = report.into_violations();
    /// violations.retain(|v| v.severity == Severity::Error);
    /// assert_eq!(violations.len(), 1);
    /// assert_eq!(violations[0].units, [luogang]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }

    /// The violations of one rule, in report order. *O(violations)* to exhaust.
    ///
    /// ```
    /// # use chrono::NaiveDate; use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # use partyorg::validate::{Policy, Rule, Severity, Validation};
    /// # let mut h = Hierarchy::new(); let c = |n| Unit::new(UnitKind::Community, n);
    /// # let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let luogang = h.add_unit(Some(junhe), c("罗岗社区").with_members(Members::new(5, 0)))?;
    /// # let xinzhuang = h.add_unit(Some(junhe), c("新庄社区"))?; h.add_unit(Some(junhe), c("新庄社区"))?;
    /// # let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// // `report`: 罗岗社区 has 5 members and no organization (an error); two 新庄社区 (a warning).
    /// assert_eq!(report.of_rule(Rule::DuplicateSiblingName).count(), 1);
    /// assert_eq!(report.of_rule(Rule::TermOverdue).count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of_rule(&self, rule: Rule) -> impl Iterator<Item = &Violation> + '_ {
        self.violations.iter().filter(move |v| v.rule == rule)
    }

    /// The violations concerning one unit (anywhere in their unit lists), in report order.
    /// *O(violations × units listed)* to exhaust.
    ///
    /// ```
    /// # use chrono::NaiveDate; use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # use partyorg::validate::{Policy, Rule, Severity, Validation};
    /// # let mut h = Hierarchy::new(); let c = |n| Unit::new(UnitKind::Community, n);
    /// # let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let luogang = h.add_unit(Some(junhe), c("罗岗社区").with_members(Members::new(5, 0)))?;
    /// # let xinzhuang = h.add_unit(Some(junhe), c("新庄社区"))?; h.add_unit(Some(junhe), c("新庄社区"))?;
    /// # let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// // `report`: 罗岗社区 has 5 members and no organization (an error); two 新庄社区 (a warning).
    /// let about: Vec<Rule> = report.of_unit(xinzhuang).map(|v| v.rule).collect();
    /// assert_eq!(about, [Rule::DuplicateSiblingName]);
    /// assert_eq!(report.of_unit(baiyun).count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of_unit(&self, unit: UnitId) -> impl Iterator<Item = &Violation> + '_ {
        self.violations
            .iter()
            .filter(move |v| v.units.contains(&unit))
    }

    /// How many violations have this severity. *O(1)*.
    ///
    /// ```
    /// # use chrono::NaiveDate; use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # use partyorg::validate::{Policy, Rule, Severity, Validation};
    /// # let mut h = Hierarchy::new(); let c = |n| Unit::new(UnitKind::Community, n);
    /// # let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let luogang = h.add_unit(Some(junhe), c("罗岗社区").with_members(Members::new(5, 0)))?;
    /// # let xinzhuang = h.add_unit(Some(junhe), c("新庄社区"))?; h.add_unit(Some(junhe), c("新庄社区"))?;
    /// # let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// // `report`: 罗岗社区 has 5 members and no organization (an error); two 新庄社区 (a warning).
    /// assert_eq!(report.count(Severity::Error), 1);
    /// assert_eq!(report.count(Severity::Warning), 1);
    /// assert_eq!(Severity::ALL.map(|s| report.count(s)).iter().sum::<usize>(), report.violations().len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn count(&self, severity: Severity) -> usize {
        self.counts[severity as usize]
    }

    /// How many errors.
    ///
    /// ```
    /// # use chrono::NaiveDate; use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # use partyorg::validate::{Policy, Rule, Severity, Validation};
    /// # let mut h = Hierarchy::new(); let c = |n| Unit::new(UnitKind::Community, n);
    /// # let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let luogang = h.add_unit(Some(junhe), c("罗岗社区").with_members(Members::new(5, 0)))?;
    /// # let xinzhuang = h.add_unit(Some(junhe), c("新庄社区"))?; h.add_unit(Some(junhe), c("新庄社区"))?;
    /// # let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// // `report`: 罗岗社区 has 5 members and no organization (an error); two 新庄社区 (a warning).
    /// assert_eq!(report.errors(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// How many warnings.
    ///
    /// ```
    /// # use chrono::NaiveDate; use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # use partyorg::validate::{Policy, Rule, Severity, Validation};
    /// # let mut h = Hierarchy::new(); let c = |n| Unit::new(UnitKind::Community, n);
    /// # let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let luogang = h.add_unit(Some(junhe), c("罗岗社区").with_members(Members::new(5, 0)))?;
    /// # let xinzhuang = h.add_unit(Some(junhe), c("新庄社区"))?; h.add_unit(Some(junhe), c("新庄社区"))?;
    /// # let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// // `report`: 罗岗社区 has 5 members and no organization (an error); two 新庄社区 (a warning).
    /// assert_eq!(report.warnings(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    /// How many notices.
    ///
    /// ```
    /// # use chrono::NaiveDate; use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # use partyorg::validate::{Policy, Rule, Severity, Validation};
    /// # let mut h = Hierarchy::new(); let c = |n| Unit::new(UnitKind::Community, n);
    /// # let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let luogang = h.add_unit(Some(junhe), c("罗岗社区").with_members(Members::new(5, 0)))?;
    /// # let xinzhuang = h.add_unit(Some(junhe), c("新庄社区"))?; h.add_unit(Some(junhe), c("新庄社区"))?;
    /// # let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// // `report`: 罗岗社区 has 5 members and no organization (an error); two 新庄社区 (a warning).
    /// assert_eq!(report.notices(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn notices(&self) -> usize {
        self.count(Severity::Notice)
    }

    /// Whether any violation is an error.
    ///
    /// ```
    /// # use chrono::NaiveDate; use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # use partyorg::validate::{Policy, Rule, Severity, Validation};
    /// # let mut h = Hierarchy::new(); let c = |n| Unit::new(UnitKind::Community, n);
    /// # let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let luogang = h.add_unit(Some(junhe), c("罗岗社区").with_members(Members::new(5, 0)))?;
    /// # let xinzhuang = h.add_unit(Some(junhe), c("新庄社区"))?; h.add_unit(Some(junhe), c("新庄社区"))?;
    /// # let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// // `report`: 罗岗社区 has 5 members and no organization (an error); two 新庄社区 (a warning).
    /// assert!(report.has_errors());
    /// let mut lenient = Policy::default();
    /// lenient.set_severity(Rule::NoOrganization, Severity::Warning);
    /// assert!(!h.validate(&lenient, report.as_of()).has_errors());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    /// Whether nothing was found.
    ///
    /// ```
    /// # use chrono::NaiveDate; use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # use partyorg::validate::{Policy, Rule, Severity, Validation};
    /// # let mut h = Hierarchy::new(); let c = |n| Unit::new(UnitKind::Community, n);
    /// # let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let luogang = h.add_unit(Some(junhe), c("罗岗社区").with_members(Members::new(5, 0)))?;
    /// # let xinzhuang = h.add_unit(Some(junhe), c("新庄社区"))?; h.add_unit(Some(junhe), c("新庄社区"))?;
    /// # let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// // `report`: 罗岗社区 has 5 members and no organization (an error); two 新庄社区 (a warning).
    /// assert!(!report.is_empty());
    /// let policy = Policy::default();
    /// let rest = Validation::new(&policy).as_of(report.as_of())
    ///     .skip(Rule::NoOrganization).skip(Rule::DuplicateSiblingName).run(&h)?;
    /// assert!(rest.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// The number of units checked (those in scope; the organizations based in them, and
    /// the temporary organizations and big committees that reach into them, are checked
    /// with them).
    ///
    /// ```
    /// # use chrono::NaiveDate; use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # use partyorg::validate::{Policy, Rule, Severity, Validation};
    /// # let mut h = Hierarchy::new(); let c = |n| Unit::new(UnitKind::Community, n);
    /// # let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let luogang = h.add_unit(Some(junhe), c("罗岗社区").with_members(Members::new(5, 0)))?;
    /// # let xinzhuang = h.add_unit(Some(junhe), c("新庄社区"))?; h.add_unit(Some(junhe), c("新庄社区"))?;
    /// # let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// // `report`: 罗岗社区 has 5 members and no organization (an error); two 新庄社区 (a warning).
    /// assert_eq!(report.units_checked(), 5);
    /// let policy = Policy::default();
    /// let one = Validation::new(&policy).as_of(report.as_of()).within(luogang).run(&h)?;
    /// assert_eq!(one.units_checked(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn units_checked(&self) -> usize {
        self.units_checked
    }

    /// The date the report was evaluated as of.
    ///
    /// ```
    /// # use chrono::NaiveDate; use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # use partyorg::validate::{Policy, Rule, Severity, Validation};
    /// # let mut h = Hierarchy::new(); let c = |n| Unit::new(UnitKind::Community, n);
    /// # let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let luogang = h.add_unit(Some(junhe), c("罗岗社区").with_members(Members::new(5, 0)))?;
    /// # let xinzhuang = h.add_unit(Some(junhe), c("新庄社区"))?; h.add_unit(Some(junhe), c("新庄社区"))?;
    /// # let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// // `report`: 罗岗社区 has 5 members and no organization (an error); two 新庄社区 (a warning).
    /// assert_eq!(report.as_of(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The unit whose subtree was checked, or `None` for the whole hierarchy.
    ///
    /// ```
    /// # use chrono::NaiveDate; use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # use partyorg::validate::{Policy, Rule, Severity, Validation};
    /// # let mut h = Hierarchy::new(); let c = |n| Unit::new(UnitKind::Community, n);
    /// # let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let luogang = h.add_unit(Some(junhe), c("罗岗社区").with_members(Members::new(5, 0)))?;
    /// # let xinzhuang = h.add_unit(Some(junhe), c("新庄社区"))?; h.add_unit(Some(junhe), c("新庄社区"))?;
    /// # let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// // `report`: 罗岗社区 has 5 members and no organization (an error); two 新庄社区 (a warning).
    /// assert_eq!(report.scope(), None);
    /// let policy = Policy::default();
    /// let scoped = Validation::new(&policy).as_of(report.as_of()).within(junhe).run(&h)?;
    /// assert_eq!(scoped.scope(), Some(junhe));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn scope(&self) -> Option<UnitId> {
        self.scope
    }
}

/// Every violation, in the order of [`Report::violations`].
impl<'a> IntoIterator for &'a Report {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.violations.iter()
    }
}

/// The violations, owned (as [`Report::into_violations`]).
impl IntoIterator for Report {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.violations.into_iter()
    }
}

/// A report as serde writes it.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportFile {
    as_of: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scope: Option<UnitId>,
    units_checked: usize,
    errors: usize,
    warnings: usize,
    notices: usize,
    violations: Vec<Violation>,
}

impl From<Report> for ReportFile {
    fn from(r: Report) -> ReportFile {
        let [errors, warnings, notices] = r.counts;
        ReportFile {
            as_of: r.as_of,
            scope: r.scope,
            units_checked: r.units_checked,
            errors,
            warnings,
            notices,
            violations: r.violations,
        }
    }
}

impl TryFrom<ReportFile> for Report {
    type Error = String;

    fn try_from(f: ReportFile) -> Result<Report, String> {
        let counts = counts(&f.violations);
        if counts != [f.errors, f.warnings, f.notices] {
            return Err(format!(
                "the counts ({} errors, {} warnings, {} notices) disagree with the \
                 violations ({} errors, {} warnings, {} notices)",
                f.errors, f.warnings, f.notices, counts[0], counts[1], counts[2]
            ));
        }
        Ok(Report {
            violations: f.violations,
            counts,
            units_checked: f.units_checked,
            as_of: f.as_of,
            scope: f.scope,
        })
    }
}

/// The violations by severity, in the order of [`Severity::ALL`].
fn counts(violations: &[Violation]) -> [usize; 3] {
    let mut counts = [0; 3];
    for v in violations {
        counts[v.severity as usize] += 1;
    }
    counts
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for v in &self.violations {
            writeln!(f, "{v}")?;
        }
        writeln!(
            f,
            "{} errors, {} warnings, {} notices over {} units",
            self.errors(),
            self.warnings(),
            self.notices(),
            self.units_checked
        )
    }
}

/// The state of a [`Validation`] before its date is set: it cannot run yet.
///
/// Validation depends on the date (terms expire, tasks end), and "today" would make a
/// report irreproducible, so [`Validation::as_of`] is required before
/// [`Validation::run`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Undated;

/// A validation to run: a policy (thresholds, and which rules run at what severity), a
/// date, and optionally a subtree and rules to skip in this run.
///
/// ```
/// use chrono::NaiveDate;
/// use partyorg::{Hierarchy, Unit, UnitKind};
/// use partyorg::validate::{Policy, Rule, Validation};
///
/// let mut h = Hierarchy::new();
/// let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
/// let policy = Policy::default();
/// let report = Validation::new(&policy)
///     .as_of(NaiveDate::from_ymd_opt(2023, 12, 31).unwrap())
///     .within(baiyun)
///     .skip(Rule::ElectionDueSoon)
///     .run(&h)?;
/// assert!(report.is_empty());
/// assert_eq!(report.units_checked(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Validation<'p, D = NaiveDate> {
    policy: &'p Policy,
    as_of: D,
    within: Option<UnitId>,
    skip: Vec<Rule>,
}

impl<'p> Validation<'p, Undated> {
    /// A validation of the whole hierarchy against `policy`, every rule the policy enables
    /// at the severity it gives. Set the
    /// date with [`as_of`](Validation::as_of).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::Hierarchy;
    /// use partyorg::validate::{Policy, Validation};
    /// let policy = Policy::default();
    /// let validation = Validation::new(&policy); // no date yet: it cannot run
    /// let report = validation.as_of(NaiveDate::from_ymd_opt(2023, 12, 31).unwrap())
    ///     .run(&Hierarchy::new())?;
    /// assert!(report.is_empty() && report.units_checked() == 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(policy: &'p Policy) -> Self {
        Validation {
            policy,
            as_of: Undated,
            within: None,
            skip: Vec::new(),
        }
    }
}

impl<'p, D> Validation<'p, D> {
    /// Evaluates every date-dependent rule as of `date`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{Hierarchy, unit::OrgDetails, PartyForm, unit::Term, Unit, UnitKind, unit::Details, Members};
    /// use partyorg::validate::{Policy, Rule, Validation};
    /// let d = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
    /// let mut org = OrgDetails::default();
    /// org.term = Some(Term { elected: d(2018, 6), years: 5 }); // ends 2023-06-01
    /// let mut details = Details::default();
    /// details.org = Some(org);
    /// let mut h = Hierarchy::new();
    /// h.add_unit(None, Unit::new(UnitKind::District, "白云区")
    ///     .with_members(Members::new(120, 0)).with_party_form(PartyForm::Committee)
    ///     .with_committee(7).with_details(details))?;
    /// let policy = Policy::default();
    /// let overdue = |date| -> Result<usize, Box<dyn std::error::Error>> {
    ///     Ok(Validation::new(&policy).as_of(date).run(&h)?.of_rule(Rule::TermOverdue).count())
    /// };
    /// assert_eq!(overdue(d(2023, 1))?, 0);
    /// assert_eq!(overdue(d(2023, 7))?, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_of(self, date: NaiveDate) -> Validation<'p, NaiveDate> {
        Validation {
            policy: self.policy,
            as_of: date,
            within: self.within,
            skip: self.skip,
        }
    }

    /// Restricts the report to the subtree of `unit` (see the module doc's "Scope and
    /// date"). A temporary organization or big committee as scope checks just itself.
    ///
    /// ```
    /// # use chrono::NaiveDate; use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # use partyorg::validate::{Policy, Rule, Severity, Validation};
    /// # let mut h = Hierarchy::new(); let c = |n| Unit::new(UnitKind::Community, n);
    /// # let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let luogang = h.add_unit(Some(junhe), c("罗岗社区").with_members(Members::new(5, 0)))?;
    /// # let xinzhuang = h.add_unit(Some(junhe), c("新庄社区"))?; h.add_unit(Some(junhe), c("新庄社区"))?;
    /// # let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// // `report`: 罗岗社区 has 5 members and no organization (an error); two 新庄社区 (a warning).
    /// let policy = Policy::default();
    /// let street = Validation::new(&policy).as_of(report.as_of()).within(junhe).run(&h)?;
    /// assert_eq!((street.units_checked(), street.errors()), (4, 1));
    /// let one = Validation::new(&policy).as_of(report.as_of()).within(xinzhuang).run(&h)?;
    /// assert!(one.is_empty()); // its namesake lies outside the scope
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn within(mut self, unit: UnitId) -> Self {
        self.within = Some(unit);
        self
    }

    /// Leaves a rule out of this run's report, as if the policy turned it off
    /// ([`Policy::set_enabled`]); a rule the policy turns off stays off.
    ///
    /// ```
    /// # use chrono::NaiveDate; use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # use partyorg::validate::{Policy, Rule, Severity, Validation};
    /// # let mut h = Hierarchy::new(); let c = |n| Unit::new(UnitKind::Community, n);
    /// # let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let luogang = h.add_unit(Some(junhe), c("罗岗社区").with_members(Members::new(5, 0)))?;
    /// # let xinzhuang = h.add_unit(Some(junhe), c("新庄社区"))?; h.add_unit(Some(junhe), c("新庄社区"))?;
    /// # let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// // `report`: 罗岗社区 has 5 members and no organization (an error); two 新庄社区 (a warning).
    /// let policy = Policy::default();
    /// let quiet = Validation::new(&policy).as_of(report.as_of())
    ///     .skip(Rule::DuplicateSiblingName)
    ///     .run(&h)?;
    /// assert_eq!((quiet.errors(), quiet.warnings()), (1, 0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn skip(mut self, rule: Rule) -> Self {
        self.skip.push(rule);
        self
    }
}

impl Validation<'_, NaiveDate> {
    /// Runs every enabled rule and returns the report. Costs as the module doc says:
    /// linear in the units in scope, their relations, the coded units and the records.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownUnit`] when the scope unit of
    /// [`within`](Validation::within) does not exist; nothing else fails.
    ///
    /// ```
    /// # use chrono::NaiveDate; use partyorg::{Hierarchy, Members, Unit, UnitKind};
    /// # use partyorg::validate::{Policy, Rule, Severity, Validation};
    /// # let mut h = Hierarchy::new(); let c = |n| Unit::new(UnitKind::Community, n);
    /// # let baiyun = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// # let junhe = h.add_unit(Some(baiyun), Unit::new(UnitKind::Street, "均禾街道"))?;
    /// # let luogang = h.add_unit(Some(junhe), c("罗岗社区").with_members(Members::new(5, 0)))?;
    /// # let xinzhuang = h.add_unit(Some(junhe), c("新庄社区"))?; h.add_unit(Some(junhe), c("新庄社区"))?;
    /// # let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// // `report`: 罗岗社区 has 5 members and no organization (an error); two 新庄社区 (a warning).
    /// let policy = Policy::default();
    /// let run = Validation::new(&policy).as_of(report.as_of()).run(&h)?;
    /// assert_eq!(run, report); // the same as Hierarchy::validate
    /// let missing = Validation::new(&policy).as_of(report.as_of()).within(partyorg::UnitId(99)).run(&h);
    /// assert!(matches!(missing, Err(partyorg::QueryError::UnknownUnit { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run(&self, h: &Hierarchy) -> Result<Report, QueryError> {
        let scope = self.within.map(|id| h.index_of(id)).transpose()?;
        Ok(self.run_on(h, scope))
    }

    /// Runs over the subtree of `scope` (a node of `h`), or everything.
    fn run_on(&self, h: &Hierarchy, scope: Option<NodeIndex>) -> Report {
        let layout = h.layout();
        let (range, orgs) = match scope {
            None => whole(h, layout),
            Some(ix) => subtree(h, layout, ix),
        };
        let enabled = Rule::ALL
            .iter()
            .map(|&r| self.policy.is_enabled(r) && !self.skip.contains(&r))
            .collect();
        let mut cx = Ctx {
            h,
            layout,
            policy: self.policy,
            as_of: self.as_of,
            scoped: scope.is_some(),
            range,
            orgs,
            enabled,
            out: Vec::new(),
        };
        cx.check_all();
        let mut violations = cx.out;
        violations
            .sort_by(|a, b| (a.unit(), a.rule, &a.message).cmp(&(b.unit(), b.rule, &b.message)));
        Report {
            counts: counts(&violations),
            violations,
            units_checked: cx.range.len(),
            as_of: self.as_of,
            scope: self.within,
        }
    }
}

impl Hierarchy {
    /// Validates the whole hierarchy against `policy` as of `as_of`: the convenience form
    /// of [`Validation`]. Linear in units, relations and records (see
    /// [`crate::validate`]).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use partyorg::{Hierarchy, Unit, UnitKind};
    /// use partyorg::validate::Policy;
    ///
    /// let mut h = Hierarchy::new();
    /// h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
    /// let report = h.validate(&Policy::default(), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    /// assert!(!report.has_errors());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate(&self, policy: &Policy, as_of: NaiveDate) -> Report {
        Validation::new(policy).as_of(as_of).run_on(self, None)
    }
}

/// Every unit, and every organization outside the 隶属 tree.
fn whole(h: &Hierarchy, layout: &Layout) -> (Range<usize>, Vec<NodeIndex>) {
    let orgs = h
        .node_indices()
        .filter(|&ix| matches!(h.node(ix).kind, NodeKind::Org(f) if f.is_outside()))
        .collect();
    (0..layout.len(), orgs)
}

/// The subtree of `ix`, and the organizations outside the tree linked to it.
fn subtree(h: &Hierarchy, layout: &Layout, ix: NodeIndex) -> (Range<usize>, Vec<NodeIndex>) {
    let Some(p) = layout.position(ix) else {
        return (0..0, vec![ix]);
    };
    let range = layout.range(p);
    let mut orgs = Vec::new();
    for &n in &layout.order[range.clone()] {
        for e in h.edges_in(n) {
            if matches!(
                e.weight(),
                Relation::Seconds(_) | Relation::BasedIn | Relation::Member | Relation::PartTime(_)
            ) && matches!(h.node(e.source()).kind, NodeKind::Org(f) if f.is_outside())
            {
                orgs.push(e.source());
            }
        }
    }
    orgs.sort_unstable();
    orgs.dedup();
    (range, orgs)
}

/// The state of one run, shared by the rule families.
pub(crate) struct Ctx<'h> {
    pub(crate) h: &'h Hierarchy,
    pub(crate) layout: &'h Layout,
    pub(crate) policy: &'h Policy,
    pub(crate) as_of: NaiveDate,
    /// Whether a scope unit was given.
    pub(crate) scoped: bool,
    /// Layout positions in scope.
    pub(crate) range: Range<usize>,
    /// Organizations outside the tree in scope, sorted.
    pub(crate) orgs: Vec<NodeIndex>,
    enabled: Vec<bool>,
    out: Vec<Violation>,
}

impl<'h> Ctx<'h> {
    fn check_all(&mut self) {
        let mut names = structure::SiblingNames::default();
        for p in self.range.clone() {
            let ix = self.layout.order[p];
            structure::unit(self, ix, p, &mut names);
            structure::dates(self, ix);
            party::unit(self, ix, p);
            orgs::based_in(self, ix);
            pairing::unit(self, ix);
        }
        if !self.scoped {
            structure::root_names(self, &mut names);
        }
        structure::codes(self);
        orgs::cycles(self);
        for i in 0..self.orgs.len() {
            let ix = self.orgs[i];
            match self.h.node(ix).kind {
                NodeKind::Org(crate::OrgForm::Temporary) => outside::temporary(self, ix),
                NodeKind::Org(crate::OrgForm::BigCommittee) => outside::big_committee(self, ix),
                _ => {}
            }
        }
        pairing::edges(self);
        records::check(self);
    }

    /// Whether a node is in scope.
    pub(crate) fn in_scope(&self, ix: NodeIndex) -> bool {
        match self.layout.position(ix) {
            Some(p) => self.range.contains(&(p as usize)),
            None => self.orgs.binary_search(&ix).is_ok(),
        }
    }

    /// Records a violation of `rule` about `units` (the first is the subject).
    pub(crate) fn report(&mut self, rule: Rule, units: Vec<UnitId>, message: String) {
        if self.enabled[rule.index()] && !units.is_empty() {
            self.out.push(Violation {
                rule,
                severity: self.policy.severity(rule),
                units,
                orgs: Vec::new(),
                message,
            });
        }
    }

    /// Records a violation of `rule` about the organization `org` (and `others`).
    pub(crate) fn report_org(
        &mut self,
        rule: Rule,
        org: NodeIndex,
        others: &[NodeIndex],
        message: String,
    ) {
        if !self.enabled[rule.index()] {
            return;
        }
        let h = self.h;
        let o = h.org_ref(org);
        let orgs = std::iter::once(o.id())
            .chain(others.iter().map(|&x| h.org_ref(x).id()))
            .collect();
        self.out.push(Violation {
            rule,
            severity: self.policy.severity(rule),
            units: vec![o.based_in().id()],
            orgs,
            message,
        });
    }

    /// Records a violation of `rule` about an organization outside the 隶属 tree: the
    /// unit it is based in first, then the `units` involved.
    pub(crate) fn report_outside(
        &mut self,
        rule: Rule,
        org: NodeIndex,
        units: &[NodeIndex],
        message: String,
    ) {
        if !self.enabled[rule.index()] {
            return;
        }
        let o = self.h.org_ref(org);
        let units = std::iter::once(o.based_in().id())
            .chain(units.iter().map(|&u| self.id(u)))
            .collect();
        self.out.push(Violation {
            rule,
            severity: self.policy.severity(rule),
            units,
            orgs: vec![o.id()],
            message,
        });
    }

    /// Whether the rule is enabled (to skip work for a disabled one).
    pub(crate) fn wants(&self, rule: Rule) -> bool {
        self.enabled[rule.index()]
    }

    pub(crate) fn unit(&self, ix: NodeIndex) -> UnitRef<'h> {
        self.h.unit_ref(ix)
    }

    pub(crate) fn id(&self, ix: NodeIndex) -> UnitId {
        self.h.node(ix).id
    }

    /// A node's details; the side table is consulted only for nodes flagged as having
    /// any.
    pub(crate) fn details(&self, ix: NodeIndex) -> &'h Details {
        if self.h.node(ix).flags & HAS_DETAILS == 0 {
            return &crate::unit::EMPTY_DETAILS;
        }
        self.h.unit_ref(ix).details()
    }

    /// The subject of a message: `name (kind)`.
    pub(crate) fn subject(&self, ix: NodeIndex) -> Subject<'h> {
        Subject(self.unit(ix))
    }

    /// Another unit in a message: `#id name (kind)`.
    pub(crate) fn named(&self, ix: NodeIndex) -> Named<'h> {
        Named(self.unit(ix))
    }
}

/// Displays a unit as `name (kind)`.
pub(crate) struct Subject<'a>(UnitRef<'a>);

impl fmt::Display for Subject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.0.name(), self.0.kind())
    }
}

/// Displays a unit as `#id name (kind)`.
pub(crate) struct Named<'a>(UnitRef<'a>);

impl fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.0.id(), self.0.name(), self.0.kind())
    }
}

/// `date + months`, saturating at the calendar's end.
pub(crate) fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(chrono::Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// `date - months`, saturating at the calendar's start.
pub(crate) fn sub_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(chrono::Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}
