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
