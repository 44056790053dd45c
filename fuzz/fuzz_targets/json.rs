//! Arbitrary bytes as a JSON snapshot: loading never panics; a loaded hierarchy
//! re-serializes and re-loads to an equal hierarchy, and validating it and rolling it up
//! from each root never panic.
#![no_main]

use std::path::Path;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use partyorg::interchange::json;
use partyorg::validate::Policy;
use partyorg::{Hierarchy, Period};

fn exercise(h: &Hierarchy) {
    let as_of = NaiveDate::from_ymd_opt(2024, 1, 1).expect("a valid date");
    let _ = h.validate(&Policy::default(), as_of);
    let roots: Vec<_> = h.roots().map(|u| u.id()).collect();
    for root in roots {
        // A root may be a non-standing unit (a big committee) with no tree position: an
        // error is fine, a panic is not.
        let _ = h.totals(root, &Period::ALL);
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(h) = json::from_bytes(data, Path::new("fuzz.json")) {
        let text = json::to_string(&h);
        let again = json::from_str(&text).expect("a saved snapshot loads");
        assert!(again == h, "the snapshot did not round-trip");
        exercise(&h);
    }
});
