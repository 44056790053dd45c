//! The crate's own datasets obey the regulations: the embedded Baiyun 2023 data and the
//! national generator validate without errors or warnings.

use chrono::NaiveDate;
use partyorg::baiyun::baiyun_2023;
use partyorg::generate::{NationalSpec, national};
use partyorg::{Policy, Severity};

fn end_of_2023() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 12, 31).expect("a date")
}

#[test]
fn the_embedded_baiyun_data_validates_clean() {
    let h = baiyun_2023();
    let report = h.validate(&Policy::default(), end_of_2023());
    assert_eq!(report.count(Severity::Error), 0, "{report}");
    assert_eq!(report.count(Severity::Warning), 0, "{report}");
    assert_eq!(report.units_checked(), h.len());
}

#[test]
fn the_national_generator_validates_clean() {
    let h = national(&NationalSpec::scaled(0.002));
    let report = h.validate(&Policy::default(), end_of_2023());
    assert_eq!(report.count(Severity::Error), 0, "{report}");
    assert_eq!(report.count(Severity::Warning), 0, "{report}");
}

#[test]
fn every_village_and_community_organization_of_the_embedded_data_records_its_term() {
    use partyorg::UnitKind;
    let h = baiyun_2023();
    let mut seen = 0;
    for u in h
        .units()
        .filter(|u| matches!(u.kind(), UnitKind::Village | UnitKind::Community))
        .filter(|u| u.party_form().is_some())
    {
        let term = u.details().org.as_ref().and_then(|o| o.term);
        assert!(term.is_some(), "{} has no recorded term", u.name());
        seen += 1;
    }
    assert_eq!(seen, 404);
}
