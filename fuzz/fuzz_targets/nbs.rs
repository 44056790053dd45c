//! Arbitrary bytes as an NBS division table: loading never panics; a loaded hierarchy has
//! ids 1, 2, … in file order and is a forest covering every unit, and validating it and
//! rolling it up from each root never panic.
#![no_main]

use std::path::Path;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use partyorg::interchange::nbs;
use partyorg::validate::Policy;
use partyorg::{Period, UnitId};

fuzz_target!(|data: &[u8]| {
    if let Ok(h) = nbs::load_reader(data, Path::new("fuzz-nbs.csv")) {
        let n = h.len();
        for i in 1..=n {
            assert!(h.unit(UnitId(i as u32)).is_ok(), "unit #{i} missing");
        }
        let mut covered = 0;
        for root in h.roots() {
            covered += h.subtree_size(root.id()).expect("a root has a subtree");
            let t = h.totals(root.id(), &Period::ALL).expect("a root rolls up");
            assert_eq!(t.units, h.subtree_size(root.id()).unwrap() as u64);
        }
        assert_eq!(covered, n, "the trees do not cover every unit");
        let as_of = NaiveDate::from_ymd_opt(2024, 1, 1).expect("a valid date");
        let _ = h.validate(&Policy::default(), as_of);
    }
});
