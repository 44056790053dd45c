//! The embedded Baiyun dataset survives every format: embedded → JSON → CSV folder → JSON
//! gives the same JSON text, and the hierarchy read back equals the embedded one.

use partyorg::baiyun::baiyun_2023;
use partyorg::interchange::{json, table};
use partyorg::{Period, UnitKind};

#[test]
fn embedded_to_json_to_csv_to_json_gives_the_same_json() {
    let h = baiyun_2023();
    let first = json::to_string(&h);
    let from_json = json::from_str(&first).expect("the snapshot loads");
    assert_eq!(from_json, h);

    let dir = std::env::temp_dir().join(format!("partyorg-embedded-{}", std::process::id()));
    table::save_dir(&from_json, &dir).expect("the tables are written");
    let from_csv = table::load_dir(&dir).expect("the tables load");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(from_csv, h);
    assert_eq!(json::to_string(&from_csv), first);

    // What the report card reads survives too.
    let district = h
        .units()
        .find(|u| u.kind() == UnitKind::District)
        .expect("Baiyun")
        .id();
    let year = Period::year(2023);
    assert_eq!(
        from_csv.totals(district, &year).expect("totals"),
        h.totals(district, &year).expect("totals")
    );
}
