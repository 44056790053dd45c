//! Arbitrary bytes as a `units.csv`: loading never panics; a loaded hierarchy saves to a
//! folder of tables and loads back equal.
#![no_main]

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use partyorg::interchange::table;

/// One folder per fuzzing process, reused by every run that loads.
fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        std::env::temp_dir().join(format!("partyorg-fuzz-csv-{}", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(h) = table::load_units_reader(Cursor::new(data), Path::new("units.csv")) {
        let dir = scratch();
        table::save_dir(&h, dir).expect("the tables are written");
        let again = table::load_dir(dir).expect("saved tables load");
        assert!(again == h, "the units table did not round-trip");
    }
});
