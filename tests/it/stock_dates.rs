//! Dated stocks: commando teams, venues and service centers count in totals from the day
//! they were formed; files carry the dates (`park:5000@2023-05-01`, `service_center_since`)
//! and old undated cells still load, as stock that stood always.

use std::io::Cursor;
use std::path::Path;

use chrono::NaiveDate;
use partyorg::interchange::{Expected, Format, Header, json, load_as, save_as, table};
use partyorg::rollup::{Facility, Period};
use partyorg::{
    Hierarchy, LoadError, Unit, UnitId, UnitKind, interchange::ProblemKind, unit::CommandoField,
    unit::CommandoTeams, unit::Details, unit::ServiceCenter, unit::Venue, unit::VenueKind,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A district with one village: 3 grid teams, a park and a center formed on 2023-05-01,
/// one undated three-new team and an undated square.
fn village() -> (Hierarchy, UnitId, UnitId) {
    let mut h = Hierarchy::new();
    let district = h
        .add_unit(None, Unit::new(UnitKind::District, "样例区"))
        .unwrap();
    let town = h
        .add_unit(Some(district), Unit::new(UnitKind::Town, "样例镇"))
        .unwrap();
    let formed = d(2023, 5, 1);
    let mut details = Details::default();
    details.commando_teams = vec![
        CommandoTeams::new(CommandoField::Grid, 3).since(formed),
        CommandoTeams::new(CommandoField::ThreeNew, 1),
    ];
    details.venues = vec![
        Venue::new(VenueKind::Park, 5_000).since(formed),
        Venue::new(VenueKind::Square, 1_200),
    ];
    details.service_center = Some(ServiceCenter::new(600).since(formed));
    let village = h
        .add_unit(
            Some(town),
            Unit::new(UnitKind::Village, "上村").with_details(details),
        )
        .unwrap();
    (h, district, village)
}

#[test]
fn a_team_formed_on_2023_05_01_counts_in_2023_and_not_in_2022() {
    let (h, district, _) = village();
    let y2022 = h.totals(district, &Period::year(2022)).unwrap();
    // Only the undated stock stood in 2022.
    assert_eq!(y2022.commando_teams(), 1);
    assert_eq!(y2022.commando_teams_in(CommandoField::Grid), 0);
    assert_eq!((y2022.venues(), y2022.venue_area_m2()), (1, 1_200));
    assert_eq!(y2022.venues_of(VenueKind::Park), 0);
    assert_eq!(
        (y2022.service_centers(), y2022.service_center_area_m2),
        (0, 0)
    );
    let y2023 = h.totals(district, &Period::year(2023)).unwrap();
    assert_eq!(y2023.commando_teams(), 4);
    assert_eq!((y2023.venues(), y2023.venue_area_m2()), (2, 6_200));
    assert_eq!(
        (y2023.service_centers(), y2023.service_center_area_m2),
        (1, 600)
    );
    // At the boundary: the day before and the day itself.
    let before = h.totals(district, &Period::day(d(2023, 4, 30))).unwrap();
    let on = h.totals(district, &Period::day(d(2023, 5, 1))).unwrap();
    assert_eq!((before.commando_teams(), on.commando_teams()), (1, 4));
    assert_eq!((before.venues(), on.venues()), (1, 2));
    // Asked again (memoized per period), the 2022 answer has not taken 2023's.
    assert_eq!(h.totals(district, &Period::year(2022)).unwrap(), y2022);
    // Coverage by service center on a date.
    let share = |date| {
        h.coverage(district, UnitKind::Village, date)
            .unwrap()
            .with(Facility::ServiceCenter)
    };
    assert_eq!((share(d(2023, 4, 30)), share(d(2023, 5, 1))), (0, 1));
}

#[test]
fn a_stock_stands_from_its_day_and_undated_always() {
    let team = CommandoTeams::new(CommandoField::Grid, 2);
    assert!(team.stands_on(NaiveDate::MIN));
    let dated = team.since(d(2023, 5, 1));
    assert_eq!(dated.since, Some(d(2023, 5, 1)));
    assert!(!dated.stands_on(d(2023, 4, 30)));
    assert!(dated.stands_on(d(2023, 5, 1)));
    assert!(
        !Venue::new(VenueKind::Park, 1)
            .since(d(2024, 1, 1))
            .stands_on(d(2023, 12, 31))
    );
    assert!(
        ServiceCenter::new(1)
            .since(d(2020, 1, 1))
            .stands_on(d(2020, 1, 1))
    );
}

fn units(rows: &str) -> Result<Hierarchy, LoadError> {
    table::load_units_reader(Cursor::new(rows), Path::new("units.csv"))
}

#[test]
fn old_undated_cells_load_as_stock_that_stood_always() {
    let rows = "id,parent,kind,name,service_center_m2,venues,commando_teams\n\
        1,,district,样例区,,,\n\
        2,1,village,上村,600,park:5000;square:1200,grid:3;three_new:1\n";
    let h = units(rows).unwrap();
    let v = h.by_name("上村").next().unwrap();
    let det = v.details();
    assert_eq!(det.service_center, Some(ServiceCenter::new(600)));
    assert_eq!(
        det.venues,
        vec![
            Venue::new(VenueKind::Park, 5_000),
            Venue::new(VenueKind::Square, 1_200)
        ]
    );
    assert!(det.commando_teams.iter().all(|c| c.since.is_none()));
    let root = h.by_name("样例区").next().unwrap().id();
    let t = h.totals(root, &Period::year(1990)).unwrap();
    assert_eq!(
        (t.commando_teams(), t.venues(), t.service_centers()),
        (4, 2, 1)
    );
}

#[test]
fn dated_cells_load_with_their_days_and_a_bad_day_is_located() {
    let rows = "id,parent,kind,name,service_center_m2,service_center_since,venues,commando_teams\n\
        1,,district,样例区,,,,\n\
        2,1,village,上村,600,2023-05-01,park:5000@2023-05-01;square:1200,grid:3 @ 2023-06-01;three_new:1\n";
    let h = units(rows).unwrap();
    let det = h.by_name("上村").next().unwrap().details().clone();
    assert_eq!(det.service_center.unwrap().since, Some(d(2023, 5, 1)));
    assert_eq!(det.venues[0].since, Some(d(2023, 5, 1)));
    assert_eq!(det.venues[1].since, None);
    assert_eq!(det.commando_teams[0].since, Some(d(2023, 6, 1)));
    assert_eq!(det.commando_teams[1].since, None);

    let problems = |rows: &str| match units(rows) {
        Err(LoadError::Invalid { problems, .. }) => problems,
        other => panic!("not refused: {:?}", other.map(|h| h.len())),
    };
    let bad = problems(
        "id,parent,kind,name,venues\n1,,district,样例区,\n2,1,village,上村,park:5000@2023-13-01\n",
    );
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert_eq!(
        bad[0].kind,
        ProblemKind::BadValue {
            text: "park:5000@2023-13-01".into(),
            expected: Expected::Venues
        }
    );
    // A day without a center to date.
    let lone =
        problems("id,parent,kind,name,service_center_since\n1,,district,样例区,2023-05-01\n");
    assert_eq!(
        lone[0].kind,
        ProblemKind::Needs {
            needs: "service_center_m2"
        }
    );
    // Demonstrations carry a year, not a day.
    let demo = problems(
        "id,parent,kind,name,demonstrations\n1,,district,样例区,district:2023@2023-05-01\n",
    );
    assert_eq!(demo.len(), 1, "{demo:?}");
}

#[test]
fn every_format_keeps_the_days_of_the_stock() {
    let (h, _, _) = village();
    let (dir, formats) = crate::support::format_paths("stock", "formats");
    for header in [Header::English, Header::Chinese] {
        for (format, path) in &formats {
            save_as(&h, path, *format, header).unwrap();
            let back = load_as(path, *format).unwrap();
            assert_eq!(back, h, "{format:?}");
            let det = back.by_name("上村").next().unwrap().details().clone();
            assert_eq!(
                det.commando_teams[0].since,
                Some(d(2023, 5, 1)),
                "{format:?}"
            );
            assert_eq!(det.service_center.unwrap().since, Some(d(2023, 5, 1)));
        }
    }
    save_as(&h, dir.join("en"), Format::Folder, Header::English).unwrap();
    let text = std::fs::read_to_string(dir.join("en").join("units.csv")).unwrap();
    assert!(text.contains("service_center_since"), "{text}");
    assert!(text.contains("park:5000@2023-05-01;square:1200"), "{text}");
    assert!(text.contains("grid:3@2023-05-01;three_new:1"), "{text}");
    let snapshot = json::to_string(&h);
    assert!(
        snapshot.contains(r#""since":"2023-05-01""#)
            || snapshot.contains(r#""since": "2023-05-01""#)
    );
    assert!(snapshot.contains("service_center_since"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_json_row_without_days_still_loads() {
    let (h, _, _) = village();
    let mut undated = h.clone();
    let id = undated.by_name("上村").next().unwrap().id();
    let mut det = undated.unit(id).unwrap().details().clone();
    for c in &mut det.commando_teams {
        c.since = None;
    }
    for v in &mut det.venues {
        v.since = None;
    }
    det.service_center = det
        .service_center
        .map(|c| ServiceCenter { since: None, ..c });
    undated.set_details(id, det).unwrap();
    let text = json::to_string(&undated);
    assert!(!text.contains("since"), "{text}");
    let back = json::from_str(&text).unwrap();
    assert_eq!(back, undated);
    assert_ne!(back, h);
}
