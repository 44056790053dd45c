//! The crate's conventions, as the crate doc states them: ids and vocabulary enums display
//! and parse back, collections iterate by `IntoIterator`, a period converts from an
//! inclusive range (and refuses an inverted one), and every end date is exclusive — a
//! pairing's `ends` as a unit's `dissolved` — while files keep a pairing's inclusive
//! `until`.

use std::fmt::{Debug, Display};
use std::str::FromStr;

use chrono::NaiveDate;
use partyorg::code::{CodeLevel, NbsType};
use partyorg::hierarchy::Removal;
use partyorg::history::ChangeWord;
use partyorg::interchange::{Format, Header};
use partyorg::record::RecordWord;
use partyorg::relation::{PairingWord, RelationWord};
use partyorg::rollup::Facility;
use partyorg::tally::{Tallies, Tally, TallyItem};
use partyorg::unit::{
    BigCommitteeKind, CommandoField, DemoLevel, ForbiddenAct, KindWord, TaskPurpose, VenueKind,
};
use partyorg::vocab::Vocabulary;
use partyorg::{
    DivisionCode, OrgForm, OrgId, Pairing, PairingId, PairingKind, PartyForm, Period, Policy,
    QueryError, RecordId, Rule, Sector, Severity, Unit, UnitId, UnitKind, load_path, save_path,
};

use crate::support::{scratch_path, two_streets};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a date")
}

/// Every value of a vocabulary displays as its word, parses back from it, and an unknown
/// word is refused.
fn words_round_trip<T>()
where
    T: Vocabulary + FromStr + Display,
    <T as FromStr>::Err: Debug,
{
    assert!(!T::VARIANTS.is_empty(), "{}", T::WHAT);
    for &v in T::VARIANTS {
        let shown = v.to_string();
        assert_eq!(shown, v.word(), "{}", T::WHAT);
        assert_eq!(shown.parse::<T>().expect("its own word"), v, "{}", T::WHAT);
    }
    assert!("no such word".parse::<T>().is_err(), "{}", T::WHAT);
}

#[test]
fn every_vocabulary_enum_displays_its_word_and_parses_back() {
    words_round_trip::<CodeLevel>();
    words_round_trip::<NbsType>();
    words_round_trip::<Removal>();
    words_round_trip::<ChangeWord>();
    words_round_trip::<OrgForm>();
    words_round_trip::<RecordWord>();
    words_round_trip::<PairingWord>();
    words_round_trip::<RelationWord>();
    words_round_trip::<Facility>();
    words_round_trip::<BigCommitteeKind>();
    words_round_trip::<CommandoField>();
    words_round_trip::<DemoLevel>();
    words_round_trip::<ForbiddenAct>();
    words_round_trip::<KindWord>();
    words_round_trip::<PartyForm>();
    words_round_trip::<Sector>();
    words_round_trip::<TaskPurpose>();
    words_round_trip::<VenueKind>();
    words_round_trip::<Rule>();
    words_round_trip::<Severity>();
    words_round_trip::<TallyItem>();
    words_round_trip::<Format>();
    words_round_trip::<Header>();
}

#[test]
fn the_new_words_are_the_ones_serde_and_the_docs_use() {
    // Tally items kept serde's snake-case names when they became a vocabulary.
    assert_eq!(TallyItem::VenueAreaM2.to_string(), "venue_area_m2");
    assert_eq!(
        serde_json::to_value(TallyItem::ThreeNewCommandoTeams).unwrap(),
        "three_new_commando_teams"
    );
    assert_eq!("units_csv".parse::<Format>(), Ok(Format::UnitsCsv));
    assert_eq!(serde_json::to_value(Header::Chinese).unwrap(), "chinese");
}

#[test]
fn every_unit_kind_displays_and_parses_back() {
    for k in UnitKind::ALL {
        assert_eq!(k.to_string().parse::<UnitKind>(), Ok(k), "{k}");
    }
    assert!("no such kind".parse::<UnitKind>().is_err());
}

fn id_round_trip<T>(values: &[T])
where
    T: FromStr + Display + PartialEq + Debug,
    <T as FromStr>::Err: Debug,
{
    for v in values {
        assert_eq!(&v.to_string().parse::<T>().expect("its own display"), v);
    }
    assert!("not an id".parse::<T>().is_err());
}

#[test]
fn every_id_displays_and_parses_back() {
    id_round_trip(&[UnitId(0), UnitId(17), UnitId(u32::MAX - 1)]);
    id_round_trip(&[OrgId(0), OrgId(17), OrgId(u32::MAX - 1)]);
    id_round_trip(&[PairingId(0), PairingId(7), PairingId(u32::MAX - 1)]);
    id_round_trip(&[RecordId(0), RecordId(4), RecordId(u32::MAX - 1)]);
    id_round_trip(&[
        "440111000000".parse::<DivisionCode>().unwrap(),
        "440111013201".parse::<DivisionCode>().unwrap(),
    ]);
}

#[test]
fn collections_iterate_with_into_iterator() {
    let (mut h, district, [a, b]) = two_streets();
    let by_method: Vec<UnitId> = h.units().map(|u| u.id()).collect();
    let mut by_loop = Vec::new();
    for u in &h {
        by_loop.push(u.id());
    }
    assert_eq!(by_loop, by_method);
    assert_eq!(by_loop.len(), 3);

    let path = h.path(a).unwrap();
    let borrowed: Vec<UnitId> = (&path).into_iter().map(|u| u.id()).collect();
    let owned: Vec<UnitId> = path.into_iter().map(|u| u.id()).collect();
    assert_eq!(borrowed, [district, a]);
    assert_eq!(owned, borrowed);

    // Two streets of one name under one district: a report with something in it.
    let twin = h
        .add_unit(Some(district), Unit::new(UnitKind::Street, "均禾街道"))
        .unwrap();
    let report = h.validate(&Policy::default(), d(2023, 12, 31));
    let by_ref: Vec<_> = (&report).into_iter().cloned().collect();
    assert!(!by_ref.is_empty());
    assert_eq!(by_ref.as_slice(), report.violations());
    let owned: Vec<_> = report.into_iter().collect();
    assert_eq!(owned, by_ref);

    let all = h.totals_all(&Period::year(2023)).unwrap();
    let pairs: Vec<(UnitId, u64)> = (&all).into_iter().map(|(u, t)| (u.id(), t.units)).collect();
    let iter: Vec<(UnitId, u64)> = all.iter().map(|(u, t)| (u.id(), t.units)).collect();
    assert_eq!(pairs, iter);
    assert_eq!(pairs[0], (district, 4));
    assert!(pairs.contains(&(twin, 1)));

    let mut tallies = Tallies::new();
    tallies.push(Tally::new(a, d(2023, 5, 4), TallyItem::ThinkingRoom, 1));
    tallies.push(Tally::new(b, d(2023, 6, 4), TallyItem::LectureTeam, 2));
    let items: Vec<TallyItem> = (&tallies).into_iter().map(|t| t.item).collect();
    assert_eq!(items, [TallyItem::ThinkingRoom, TallyItem::LectureTeam]);
}

#[test]
fn a_period_converts_from_an_inclusive_range_and_refuses_an_inverted_one() {
    let (start, end) = (d(2023, 4, 1), d(2023, 6, 30));
    let q2 = Period::try_from(start..=end).unwrap();
    assert_eq!(q2, Period::new(start, end).unwrap());
    assert!(q2.contains(start) && q2.contains(end));
    assert!(!q2.contains(d(2023, 3, 31)) && !q2.contains(d(2023, 7, 1)));
    let one_day: Period = (start..=start).try_into().unwrap();
    assert!(one_day.contains(start));
    assert_eq!(
        Period::try_from(end..=start),
        Err(QueryError::EmptyPeriod {
            start: end,
            end: start
        })
    );
}

#[test]
fn a_pairing_ends_on_the_first_day_it_is_no_longer_in_force() {
    let (mut h, district, [a, b]) = two_streets();
    let ends = d(2023, 7, 1);
    let p = Pairing::new(PairingKind::JointBuilding).between(Some(d(2023, 3, 1)), Some(ends));
    assert!(p.active_on(d(2023, 6, 30)));
    assert!(!p.active_on(ends));
    h.add_pairing(a, b, p).unwrap();
    let pairings = |p: Period| {
        h.totals(district, &p)
            .unwrap()
            .pairings(PairingWord::JointBuilding)
    };
    let day = |x| Period::new(x, x).unwrap();
    assert_eq!(pairings(day(d(2023, 6, 30))), 1);
    assert_eq!(pairings(day(ends)), 0);
    assert_eq!(pairings(Period::new(ends, d(2023, 12, 31)).unwrap()), 0);
}

#[test]
fn a_dissolved_unit_stands_until_the_day_before_its_dissolution() {
    let (mut h, district, [a, _]) = two_streets();
    let dissolved = d(2023, 7, 1);
    h.dissolve(a, dissolved).unwrap();
    let units = |x| {
        h.totals(district, &Period::new(x, x).unwrap())
            .unwrap()
            .units
    };
    assert_eq!(units(d(2023, 6, 30)), 3);
    assert_eq!(units(dissolved), 2);
}

#[test]
fn files_keep_a_pairings_last_day_in_until_and_read_back_its_exclusive_end() {
    let (mut h, _, [a, b]) = two_streets();
    let ends = d(2024, 1, 1);
    let id = h
        .add_pairing(
            a,
            b,
            Pairing::new(PairingKind::JointBuilding).between(Some(d(2023, 1, 1)), Some(ends)),
        )
        .unwrap();
    let dir = scratch_path("conventions", "until");
    save_path(&h, &dir).unwrap();
    let relations = std::fs::read_to_string(dir.join("relations.csv")).unwrap();
    assert!(relations.contains("2023-12-31"), "{relations}");
    assert!(!relations.contains("2024-01-01"), "{relations}");
    let back = load_path(&dir).unwrap();
    assert_eq!(back.pairing(id).unwrap().ends, Some(ends));
    assert_eq!(back, h);

    // So does a JSON snapshot.
    let snapshot = scratch_path("conventions", "until.json");
    save_path(&h, &snapshot).unwrap();
    let text = std::fs::read_to_string(&snapshot).unwrap();
    assert!(
        text.contains("2023-12-31") && !text.contains("2024-01-01"),
        "{text}"
    );
    assert_eq!(load_path(&snapshot).unwrap(), h);
    std::fs::remove_file(&snapshot).unwrap();

    // Serde speaks the files' word too.
    let json = serde_json::to_value(h.pairing(id).unwrap()).unwrap();
    assert_eq!(json["until"], "2023-12-31");
    let read: Pairing = serde_json::from_value(json).unwrap();
    assert_eq!(read.ends, Some(ends));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_written_before_the_convention_keeps_its_meaning() {
    // A table as departments have always written it: in force through 2023-12-31.
    let dir = scratch_path("conventions", "old");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("units.csv"),
        "id,parent,kind,name\n1,,district,白云区\n2,1,street,均禾街道\n3,1,street,松洲街道\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("relations.csv"),
        "from,to,relation,id,pairing,since,until\n2,3,pairing,7,joint_building,2023-01-01,2023-12-31\n",
    )
    .unwrap();
    let h = load_path(&dir).unwrap();
    let p = h.pairing(PairingId(7)).unwrap();
    assert!(p.active_on(d(2023, 12, 31)), "the last day is in force");
    assert!(!p.active_on(d(2024, 1, 1)));
    assert_eq!(p.ends, Some(d(2024, 1, 1)));
    std::fs::remove_dir_all(&dir).unwrap();
}
