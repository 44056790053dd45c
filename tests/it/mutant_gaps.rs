//! Behaviour that cargo-mutants runs showed no other test pinned down: every kind word of
//! the units table, coverage counts, a period's display, the organization named in a
//! term-length message, ids of removed units, emptiness.

use std::io::Cursor;
use std::path::Path;

use chrono::NaiveDate;
use partyorg::interchange::table;
use partyorg::rollup::Facility;
use partyorg::{
    Details, Hierarchy, Members, OrgDetails, PartyForm, Period, Policy, Rule, Term, Unit, UnitKind,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a date")
}

/// 白云区 with one unit under it: the hierarchy, the district and the unit.
fn under_a_district(unit: Unit) -> (Hierarchy, partyorg::UnitId, partyorg::UnitId) {
    let mut h = Hierarchy::new();
    let district = h
        .add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    let child = h.add_unit(Some(district), unit).unwrap();
    (h, district, child)
}

/// The findings of `rule` for a hierarchy validated on `as_of`.
fn count_of(h: &Hierarchy, rule: Rule, as_of: NaiveDate) -> usize {
    h.validate(&Policy::default(), as_of).of_rule(rule).count()
}

/// The located problems of a units CSV that must be refused; `why` says why.
fn refused_units(rows: &str, why: &str) -> Vec<partyorg::interchange::Problem> {
    match table::load_units_reader(Cursor::new(rows), Path::new("units.csv")) {
        Err(partyorg::LoadError::Invalid { problems, .. }) => problems,
        Err(err) => panic!("not a located problem ({why}): {err}"),
        Ok(_) => panic!("loaded, but {why}"),
    }
}

#[test]
fn every_kind_word_of_the_units_table_reads_as_its_kind() {
    let rows = "id,parent,kind,sector,name\n\
        1,,province,,广东省\n\
        2,1,city,,广州市\n\
        3,2,district,,白云区\n\
        4,3,street,,均禾街道\n\
        5,3,town,,人和镇\n\
        6,5,village,,凤和村委会\n\
        7,4,community,,罗岗社区居委会\n\
        8,6,coop,,第一经济社\n\
        9,7,federation,,罗岗经济联社\n\
        10,7,estate,,罗岗花园\n\
        11,3,institution,school,白云中学\n\
        12,5,temporary,,人和镇乡村振兴临时党支部\n";
    let h = table::load_units_reader(Cursor::new(rows), Path::new("units.csv"))
        .expect("every kind word loads");
    let kinds: Vec<(u32, UnitKind)> = h.units().map(|u| (u.id().0, u.kind())).collect();
    assert_eq!(
        kinds,
        vec![
            (1, UnitKind::Province),
            (2, UnitKind::City),
            (3, UnitKind::District),
            (4, UnitKind::Street),
            (5, UnitKind::Town),
            (6, UnitKind::Village),
            (7, UnitKind::Community),
            (8, UnitKind::EconomicCoop),
            (9, UnitKind::Federation),
            (10, UnitKind::Estate),
            (11, UnitKind::Institution(partyorg::Sector::School)),
            (12, UnitKind::Temporary),
        ]
    );
    // And every kind writes back as the word it was read from.
    for u in h.units() {
        assert!(
            rows.contains(&format!(",{},", u.kind().as_str())),
            "{}",
            u.kind()
        );
    }
}

#[test]
fn coverage_counts_each_facility_once_per_unit() {
    let (mut h, district, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    let with_org = |name: &str| {
        Unit::new(UnitKind::Community, name)
            .with_members(Members::new(5, 0))
            .with_party_form(PartyForm::Branch)
    };
    let mut center = Details::default();
    center.service_center = Some(partyorg::ServiceCenter { area_m2: 300 });
    h.add_unit(
        Some(street),
        with_org("罗岗社区居委会").with_details(center.clone()),
    )
    .unwrap();
    h.add_unit(
        Some(street),
        with_org("清湖社区居委会").with_details(center),
    )
    .unwrap();
    h.add_unit(Some(street), with_org("平沙社区居委会"))
        .unwrap();
    let bare = h
        .add_unit(
            Some(street),
            Unit::new(UnitKind::Community, "新石社区居委会"),
        )
        .unwrap();
    let c = h
        .coverage(district, UnitKind::Community, d(2023, 12, 31))
        .unwrap();
    assert_eq!(c.units, 4);
    assert_eq!(c.with(Facility::PartyOrganization), 3);
    assert_eq!(c.share(Facility::PartyOrganization), Some(0.75));
    assert!(!c.is_full(Facility::PartyOrganization));
    assert_eq!(c.with(Facility::ServiceCenter), 2);
    assert_eq!(c.share(Facility::ServiceCenter), Some(0.5));
    let lacking: Vec<_> = h
        .lacking(
            district,
            UnitKind::Community,
            Facility::PartyOrganization,
            d(2023, 12, 31),
        )
        .unwrap()
        .map(|u| u.id())
        .collect();
    assert_eq!(lacking, vec![bare]);
}

#[test]
fn a_period_displays_as_its_inclusive_range() {
    assert_eq!(Period::year(2023).to_string(), "2023-01-01 ..= 2023-12-31");
    let p = Period::new(d(2023, 3, 1), d(2023, 3, 1)).unwrap();
    assert_eq!(p.to_string(), "2023-03-01 ..= 2023-03-01");
}

#[test]
fn a_term_length_message_names_the_kind_of_organization() {
    let cases = [
        (UnitKind::Village, PartyForm::Branch, "village organization"),
        (
            UnitKind::Community,
            PartyForm::Branch,
            "community organization",
        ),
        (
            UnitKind::Institution(partyorg::Sector::Organ),
            PartyForm::GeneralBranch,
            "general branch",
        ),
    ];
    for (kind, form, words) in cases {
        let (mut h, _, town) = under_a_district(Unit::new(UnitKind::Town, "人和镇"));
        let mut org = OrgDetails::default();
        org.term = Some(Term {
            elected: d(2023, 1, 1),
            years: 2,
        });
        let mut details = Details::default();
        details.org = Some(org);
        let members = if form == PartyForm::GeneralBranch {
            Members::new(55, 0)
        } else {
            Members::new(5, 0)
        };
        let u = h
            .add_unit(
                Some(town),
                Unit::new(kind, "单位")
                    .with_members(members)
                    .with_party_form(form)
                    .with_details(details),
            )
            .unwrap();
        let report = h.validate(&Policy::default(), d(2023, 6, 30));
        let v = report
            .of_rule(Rule::TermLength)
            .next()
            .unwrap_or_else(|| panic!("a term-length violation for {kind}: {report}"));
        assert_eq!(v.unit(), u);
        assert!(v.message.contains(words), "{words:?} in {:?}", v.message);
    }
}

#[test]
fn severities_display_as_their_words() {
    use partyorg::Severity;
    assert_eq!(Severity::Error.to_string(), "error");
    assert_eq!(Severity::Warning.to_string(), "warning");
    assert_eq!(Severity::Notice.to_string(), "notice");
}

#[cfg(feature = "datasets")]
#[test]
fn a_figure_approaching_a_published_one_is_within_a_hundredth_below_it() {
    use partyorg::baiyun::Claim;
    let near = Claim::Approaching(1_000_000);
    assert!(near.agrees(990_000));
    assert!(!near.agrees(989_999));
    assert!(!near.agrees(500_000));
    assert!(!near.agrees(1_000_000));
}

#[test]
fn a_large_branch_is_named_as_a_branch_and_a_joint_one_as_joint() {
    for (form, word) in [
        (PartyForm::Branch, "has a branch of 51 members"),
        (PartyForm::JointBranch, "has a joint branch of 51 members"),
    ] {
        let (mut h, _, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
        let c = h
            .add_unit(
                Some(street),
                Unit::new(UnitKind::Community, "罗岗社区居委会")
                    .with_members(Members::new(45, 6))
                    .with_party_form(form)
                    .with_committee(5),
            )
            .unwrap();
        let report = h.validate(&Policy::default(), d(2023, 12, 31));
        let v = report
            .of_rule(Rule::BranchTooLarge)
            .next()
            .unwrap_or_else(|| panic!("a branch over 50: {report}"));
        assert_eq!(v.unit(), c);
        assert!(v.message.contains(word), "{word:?} in {:?}", v.message);
    }
}

#[test]
fn a_big_committee_keeps_its_founding_date_and_kind() {
    use partyorg::{BigCommittee, BigCommitteeKind};
    let (mut h, district, a) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    let b = h
        .add_unit(Some(district), Unit::new(UnitKind::Street, "嘉禾街道"))
        .unwrap();
    let mut bc =
        BigCommittee::new("均禾商圈大党委", BigCommitteeKind::BusinessDistrict, a).with_member(b);
    bc.founded = Some(d(2023, 3, 1));
    let id = h.add_big_committee(bc).unwrap();
    let u = h.unit(id).unwrap();
    assert_eq!(u.details().founded, Some(d(2023, 3, 1)));
    assert_eq!(
        u.details().big_committee,
        Some(BigCommitteeKind::BusinessDistrict)
    );
    assert_eq!(u.kind(), UnitKind::BigCommittee);
}

#[test]
fn clearing_details_keeps_the_agricultural_flag() {
    let (mut h, _, town) = under_a_district(Unit::new(UnitKind::Town, "人和镇").agricultural());
    let mut details = Details::default();
    details.founded = Some(d(1987, 1, 1));
    h.set_details(town, details).unwrap();
    assert!(h.unit(town).unwrap().is_agricultural());
    h.set_details(town, Details::default()).unwrap();
    let t = h.unit(town).unwrap();
    assert!(t.is_agricultural());
    assert!(t.details().founded.is_none());
}

#[test]
fn unit_refs_are_equal_when_they_view_the_same_unit() {
    let (h, district, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    assert_eq!(h.unit(street).unwrap(), h.unit(street).unwrap());
    assert_eq!(h.parent(street).unwrap(), Some(h.unit(district).unwrap()));
    assert_ne!(h.unit(street).unwrap(), h.unit(district).unwrap());
}

#[test]
fn a_bad_cell_says_what_was_expected() {
    let rows = "id,parent,kind,name,full_members,founded\n1,,district,白云区,many,2023-02-30\n";
    let err = table::load_units_reader(Cursor::new(rows), Path::new("units.csv"))
        .expect_err("two bad cells");
    let text = err.to_string();
    assert!(text.contains("a whole number"), "{text}");
    assert!(text.contains("a date yyyy-mm-dd that exists"), "{text}");
}

#[test]
fn a_rule_displays_as_its_id() {
    for rule in Rule::ALL {
        assert_eq!(rule.to_string(), rule.id());
    }
    assert_eq!(Rule::TermLength.to_string(), "terms.length");
}

#[test]
fn a_period_touches_the_years_it_overlaps() {
    let p = Period::new(d(2022, 12, 1), d(2023, 1, 31)).unwrap();
    assert!(p.touches_year(2022));
    assert!(p.touches_year(2023));
    assert!(!p.touches_year(2021));
    assert!(!p.touches_year(2024));
}

#[test]
fn a_big_committee_row_with_a_parent_is_refused_whether_or_not_the_parent_exists() {
    use partyorg::{ProblemKind, UnitId};
    for parent in ["1", "99"] {
        let rows = format!(
            "id,parent,kind,name,bc_kind\n1,,district,白云区,\n2,{parent},big_committee,商圈大党委,business_district\n"
        );
        let problems = refused_units(&rows, "a big committee has no parent");
        let wanted = ProblemKind::ParentNotStanding {
            id: UnitId(2),
            parent: UnitId(parent.parse().unwrap()),
        };
        assert!(
            problems.iter().any(|p| p.kind == wanted),
            "{wanted:?} in {problems:?}"
        );
    }
}

#[test]
fn a_removed_units_id_finds_nothing_even_when_its_slot_is_reused() {
    let (mut h, district, child) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    h.remove_unit(child, partyorg::Removal::LeafOnly).unwrap();
    // The graph reuses the freed slot for the next unit; the old id must not reach it.
    let next = h
        .add_unit(Some(district), Unit::new(UnitKind::Street, "松洲街道"))
        .unwrap();
    assert_ne!(next, child);
    assert!(h.unit(child).is_err());
    assert!(h.parent(child).is_err());
    assert_eq!(h.unit(next).unwrap().name(), "松洲街道");
}

#[test]
fn a_hierarchy_is_empty_only_without_units() {
    let mut h = Hierarchy::new();
    assert!(h.is_empty());
    let id = h
        .add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    assert!(!h.is_empty());
    h.remove_unit(id, partyorg::Removal::LeafOnly).unwrap();
    assert!(h.is_empty());
}

#[test]
fn shrinking_releases_the_room_reserved_for_a_build() {
    let mut h = Hierarchy::with_capacity(10_000);
    h.add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    let reserved = h.heap_bytes();
    h.shrink_to_fit();
    assert!(
        h.heap_bytes() < reserved / 10,
        "{} of {reserved}",
        h.heap_bytes()
    );
    assert_eq!(h.len(), 1);
}

#[test]
fn clearing_details_leaves_a_street_not_agricultural() {
    let (mut h, _, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    let mut details = Details::default();
    details.founded = Some(d(1987, 1, 1));
    h.set_details(street, details).unwrap();
    h.set_details(street, Details::default()).unwrap();
    assert!(!h.unit(street).unwrap().is_agricultural());
}

#[test]
fn marking_agricultural_twice_is_the_same_as_once() {
    let (mut h, _, town) = under_a_district(Unit::new(UnitKind::Town, "人和镇"));
    for yes in [true, true, false, false, true] {
        h.set_agricultural(town, yes).unwrap();
        assert_eq!(h.unit(town).unwrap().is_agricultural(), yes);
    }
}

#[test]
fn hierarchies_differing_only_in_a_record_or_a_pairing_are_unequal() {
    use partyorg::{Pairing, PairingKind, Record, RecordKind};
    let (h, district, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    let meeting = |matters| RecordKind::JointMeeting {
        matters,
        problems_solved: 1,
    };
    let mut one = h.clone();
    one.add_record(Record::new(street, d(2023, 3, 1), meeting(1)))
        .unwrap();
    let mut other = h.clone();
    other
        .add_record(Record::new(street, d(2023, 3, 1), meeting(2)))
        .unwrap();
    assert_ne!(one, other);
    assert_eq!(one, one.clone());
    let mut paired = h.clone();
    paired
        .add_pairing(district, street, Pairing::new(PairingKind::TownStreet))
        .unwrap();
    let mut paired_later = h.clone();
    paired_later
        .add_pairing(
            district,
            street,
            Pairing::new(PairingKind::TownStreet).between(Some(d(2023, 1, 1)), None),
        )
        .unwrap();
    assert_ne!(paired, paired_later);
    assert_ne!(paired, h);
}

#[test]
fn error_messages_say_where_and_what_was_expected() {
    // A CSV cell: its line and column, and the words a sector may be.
    let rows = "id,parent,kind,sector,name\n1,,district,,白云区\n2,1,institution,robot,某单位\n";
    let text = table::load_units_reader(Cursor::new(rows), Path::new("units.csv"))
        .expect_err("a bad sector")
        .to_string();
    assert!(text.contains("line 3, column sector"), "{text}");
    assert!(
        text.contains("a sector (organ, public_institution, state_owned_enterprise,"),
        "{text}"
    );
    // A JSON value: its path, and where the parser was.
    let json = r#"{"format_version": 1, "units": [
        {"id": 1, "kind": "district", "name": "a"},
        {"id": 2, "parent": 5, "kind": "street", "name": "b"}
    ]}"#;
    let text = partyorg::interchange::json::from_str(json)
        .expect_err("a missing parent")
        .to_string();
    assert!(text.contains("at units[1].parent"), "{text}");
}

#[test]
fn a_long_list_of_problems_counts_only_those_it_leaves_out() {
    let max = partyorg::interchange::MAX_LISTED_PROBLEMS;
    let rows = |bad: usize| {
        let mut s = String::from("id,parent,kind,name\n1,,district,白云区\n");
        for i in 0..bad {
            s.push_str(&format!("{},1,nonsense,单位\n", i + 2));
        }
        s
    };
    let text = |bad| {
        table::load_units_reader(Cursor::new(rows(bad)), Path::new("units.csv"))
            .expect_err("bad kinds")
            .to_string()
    };
    let all_listed = text(max);
    assert!(!all_listed.contains("more"), "{all_listed}");
    let one_left_out = text(max + 1);
    assert!(one_left_out.ends_with("and 1 more"), "{one_left_out}");
}

#[test]
fn a_units_csv_cannot_hold_records() {
    use partyorg::interchange::{SaveError, save_path};
    use partyorg::{Record, RecordKind};
    let (mut h, _, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    h.add_record(Record::new(
        street,
        d(2023, 3, 1),
        RecordKind::JointMeeting {
            matters: 1,
            problems_solved: 1,
        },
    ))
    .unwrap();
    let dir = std::env::temp_dir().join(format!("partyorg-units-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let err = save_path(&h, &dir.join("units.csv")).expect_err("records would be lost");
    assert!(matches!(err, SaveError::WouldLoseData { .. }), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_hierarchy_built_within_its_capacity_does_not_grow() {
    let mut h = Hierarchy::with_capacity(1_000);
    let root = h
        .add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    h.add_unit(Some(root), Unit::new(UnitKind::Street, "街道"))
        .unwrap();
    let reserved = h.heap_bytes();
    // One name for all, so that the name arena does not grow either.
    for _ in 2..1_000 {
        h.add_unit(Some(root), Unit::new(UnitKind::Street, "街道"))
            .unwrap();
    }
    assert_eq!(h.len(), 1_000);
    assert_eq!(h.heap_bytes(), reserved);
}

#[test]
fn a_term_needs_both_its_start_and_its_length() {
    use partyorg::ProblemKind;
    for (start, years, missing) in [("2021-03-01", "", "term_years"), ("", "5", "term_start")] {
        let rows = format!(
            "id,parent,kind,name,term_start,term_years\n1,,district,白云区,{start},{years}\n"
        );
        let problems = refused_units(&rows, "half a term");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].kind, ProblemKind::Needs { needs: missing });
    }
}

#[test]
fn a_temporary_organization_with_a_standing_units_id_is_a_duplicate() {
    use partyorg::ProblemKind;
    let rows = "id,parent,kind,name,purpose\n\
        1,,district,白云区,\n\
        2,1,street,均禾街道,\n\
        2,1,temporary,临时党支部,project\n";
    let problems = refused_units(rows, "id 2 twice");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        matches!(problems[0].kind, ProblemKind::DuplicateId { id: 2, .. }),
        "{problems:?}"
    );
    assert_eq!(problems[0].position.to_string(), "line 4, column id");
}

#[test]
fn errors_name_records_and_pairings_by_their_kind_of_id() {
    use partyorg::{HierarchyError, PairingId, Record, RecordId, RecordKind};
    let (mut h, _, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    let meeting = Record::new(
        street,
        d(2023, 3, 1),
        RecordKind::JointMeeting {
            matters: 1,
            problems_solved: 1,
        },
    );
    let id = h.add_record(meeting).unwrap();
    let err = h.add_record_with_id(id, meeting).unwrap_err();
    assert_eq!(err, HierarchyError::DuplicateRecord { id });
    assert!(
        err.to_string().contains(&format!("record#{}", id.0)),
        "{err}"
    );
    assert_eq!(RecordId(7).to_string(), "record#7");
    assert_eq!(PairingId(7).to_string(), "pairing#7");
    assert_ne!(RecordId(7).to_string(), PairingId(7).to_string());
}

/// 白云区 with two streets: the hierarchy, the district and the streets.
fn two_streets() -> (Hierarchy, partyorg::UnitId, [partyorg::UnitId; 2]) {
    let (mut h, district, a) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    let b = h
        .add_unit(Some(district), Unit::new(UnitKind::Street, "松洲街道"))
        .unwrap();
    (h, district, [a, b])
}

#[test]
fn a_big_committees_records_count_where_its_core_stands() {
    use partyorg::rollup::Rollup;
    use partyorg::{BigCommittee, BigCommitteeKind, Record, RecordKind};
    let (mut h, _, [core, member]) = two_streets();
    let bc = h
        .add_big_committee(
            BigCommittee::new("均禾大工委", BigCommitteeKind::Regional, core).with_member(member),
        )
        .unwrap();
    h.add_record(Record::new(
        bc,
        d(2023, 5, 1),
        RecordKind::JointMeeting {
            matters: 2,
            problems_solved: 3,
        },
    ))
    .unwrap();
    let r = Rollup::new(&h).period(2023);
    assert_eq!(r.totals(core).unwrap().joint_meetings, 1);
    assert_eq!(r.totals(member).unwrap().joint_meetings, 0);
}

#[test]
fn a_big_committee_founded_on_the_last_day_of_a_period_counts_in_it() {
    use partyorg::rollup::Rollup;
    use partyorg::{BigCommittee, BigCommitteeKind};
    for (founded, counted) in [(d(2023, 12, 31), 1), (d(2024, 1, 1), 0)] {
        let (mut h, district, [core, member]) = two_streets();
        let mut bc =
            BigCommittee::new("均禾大工委", BigCommitteeKind::Regional, core).with_member(member);
        bc.founded = Some(founded);
        h.add_big_committee(bc).unwrap();
        let t = Rollup::new(&h).period(2023).totals(district).unwrap();
        assert_eq!(
            t.big_committees_by_kind[BigCommitteeKind::Regional as usize],
            counted,
            "{founded}"
        );
    }
}

#[test]
fn rollups_by_child_are_the_hierarchys() {
    use partyorg::rollup::Rollup;
    let (h, district, [a, b]) = two_streets();
    let r = Rollup::new(&h).period(2023);
    let got: Vec<_> = r
        .by_child(district)
        .unwrap()
        .into_iter()
        .map(|(u, t)| (u.id(), t))
        .collect();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0], (a, r.totals(a).unwrap()));
    assert_eq!(got[1], (b, r.totals(b).unwrap()));
}

#[test]
fn a_code_of_the_wrong_level_or_range_is_reported_for_every_kind() {
    use partyorg::DivisionCode;
    let code = |v: u64| DivisionCode::from_u64(v).unwrap();
    // A kind, a code of another level (CodeLevel), or of the wrong range (CodeType).
    let cases = [
        (UnitKind::Province, 440_100_000_000, Rule::CodeLevel),
        (UnitKind::City, 440_111_000_000, Rule::CodeLevel),
        (UnitKind::District, 440_111_013_000, Rule::CodeLevel),
        (UnitKind::Town, 440_111_013_000, Rule::CodeType),
        (UnitKind::Street, 440_111_101_000, Rule::CodeType),
    ];
    for (kind, value, rule) in cases {
        let mut h = Hierarchy::new();
        let parent = matches!(kind, UnitKind::Town | UnitKind::Street).then(|| {
            h.add_unit(None, Unit::new(UnitKind::District, "白云区"))
                .unwrap()
        });
        h.add_unit(parent, Unit::new(kind, "某单位").with_code(code(value)))
            .unwrap();
        let report = h.validate(&Policy::default(), d(2023, 12, 31));
        assert_eq!(
            report.of_rule(rule).count(),
            1,
            "{kind:?} {value}: {report}"
        );
        let message = &report.of_rule(rule).next().unwrap().message;
        if kind == UnitKind::Province {
            let want = "of city level, but a province carries a province-level code";
            assert!(message.contains(want), "{message}");
        }
        if kind == UnitKind::Town {
            assert!(
                message.contains("in the range of a street (001-099)"),
                "{message}"
            );
        }
    }
}

#[test]
fn sector_and_form_words_are_distinct_and_two_new_means_enterprises_and_associations() {
    use partyorg::Sector;
    let words: std::collections::HashSet<&str> = Sector::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(words.len(), Sector::ALL.len());
    assert!(
        words
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
    );
    assert_eq!(
        Sector::NonPublicEnterprise.as_str(),
        "non_public_enterprise"
    );
    let two_new: Vec<Sector> = Sector::ALL.into_iter().filter(|s| s.is_two_new()).collect();
    assert_eq!(
        two_new,
        [Sector::NonPublicEnterprise, Sector::SocialOrganization]
    );
    let forms: std::collections::HashSet<&str> =
        PartyForm::ALL.iter().map(|f| f.as_str()).collect();
    assert_eq!(forms.len(), PartyForm::ALL.len());
    assert!(
        forms
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
    );
}

#[test]
fn a_reports_owned_violations_are_its_violations() {
    use partyorg::DivisionCode;
    let mut h = Hierarchy::new();
    h.add_unit(
        None,
        Unit::new(UnitKind::Province, "广东省")
            .with_code(DivisionCode::from_u64(440_100_000_000).unwrap()),
    )
    .unwrap();
    let report = h.validate(&Policy::default(), d(2023, 12, 31));
    let listed = report.violations().to_vec();
    assert!(!listed.is_empty());
    assert_eq!(report.into_violations(), listed);
}

#[test]
fn a_committee_of_no_seats_is_no_committee() {
    assert_eq!(
        Unit::new(UnitKind::Street, "均禾街道")
            .with_committee(0)
            .committee_size,
        None
    );
    assert_eq!(
        Unit::new(UnitKind::Street, "均禾街道")
            .with_committee(3)
            .committee_size,
        Some(3)
    );
}

#[test]
fn a_report_counts_its_notices_and_keeps_its_date() {
    let unit = Unit::new(UnitKind::Street, "均禾街道")
        .with_members(Members::new(5, 0))
        .with_party_form(PartyForm::Branch)
        .with_committee(3);
    let (h, _, street) = under_a_district(unit);
    let report = h.validate(&Policy::default(), d(2023, 12, 31));
    assert_eq!(
        report.of_rule(Rule::SmallBranchCommittee).count(),
        1,
        "{report}"
    );
    assert_eq!(
        report.notices(),
        report.of_rule(Rule::SmallBranchCommittee).count()
    );
    assert!(report.of_unit(street).count() >= 1);
    assert!(!report.is_empty());
    assert_eq!(report.as_of(), d(2023, 12, 31));
    let clean = Hierarchy::new().validate(&Policy::default(), d(2024, 6, 30));
    assert!(clean.is_empty());
    assert_eq!(clean.as_of(), d(2024, 6, 30));
}

#[cfg(feature = "datasets")]
#[test]
fn published_claims_agree_up_to_their_wording() {
    use partyorg::baiyun::Claim;
    // More than: strictly.
    assert!(Claim::MoreThan(1_682).agrees(1_683));
    assert!(!Claim::MoreThan(1_682).agrees(1_682));
    // Approaching: up to just below (the lower edge is tested above).
    assert!(Claim::Approaching(1_000_000).agrees(999_999));
    // Ten thousands with two decimals: within 50.
    assert!(Claim::TenThousands(10_200).agrees(10_249));
    assert!(!Claim::TenThousands(10_200).agrees(10_250));
    for (claim, value, text) in [
        (Claim::Exactly(366), 366, "366"),
        (Claim::MoreThan(1_682), 1_682, ">1682"),
        (Claim::Approaching(1_000_000), 1_000_000, "≈<1000000"),
        (Claim::TenThousands(10_200), 10_200, "1.02万"),
    ] {
        assert_eq!(claim.value(), value);
        assert_eq!(claim.to_string(), text);
    }
}

#[test]
fn an_empty_hierarchy_lays_out_nothing() {
    let (mut h, district, _) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    assert!(!h.layout().is_empty());
    h.remove_unit(district, partyorg::Removal::Subtree).unwrap();
    assert!(h.layout().is_empty());
    assert_eq!(h.layout().len(), 0);
}

#[test]
fn only_a_code_name_parent_code_header_is_an_nbs_file() {
    use partyorg::interchange::nbs::is_nbs_file;
    let dir = std::env::temp_dir().join(format!("partyorg-nbs-header-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (header, nbs) in [
        ("code,name,level,parent_code", true),
        ("id,name,parent_code,kind", false),
        ("id,parent_code,name,kind", false),
        ("code,name,parent", false),
        ("code,name", false),
        ("code", false),
    ] {
        let path = dir.join("divisions.csv");
        std::fs::write(&path, format!("{header}\n")).unwrap();
        assert_eq!(is_nbs_file(&path).unwrap(), nbs, "{header}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_json_problem_after_an_escaped_quote_has_its_path() {
    let json = r#"{"format_version": 1, "units": [
        {"id": 1, "kind": "district", "name": "白云\"区\\"},
        {"id": 2, "parent": 5, "kind": "street", "name": "b"}
    ]}"#;
    let text = partyorg::interchange::json::from_str(json)
        .expect_err("a missing parent")
        .to_string();
    assert!(text.contains("at units[1].parent"), "{text}");
}

#[test]
fn a_bad_row_far_into_a_large_file_has_its_line() {
    let mut rows = String::from("id,parent,kind,name\n1,,district,白云区\n");
    for i in 2..5_000 {
        rows.push_str(&format!("{i},1,street,街道{i}\n"));
    }
    rows.push_str("5000,1,nonsense,某单位\n");
    let problems = refused_units(&rows, "a bad kind");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].position.to_string(), "line 5001, column kind");
}

#[test]
fn a_column_named_twice_is_refused() {
    use partyorg::ProblemKind;
    let rows = "id,parent,kind,name,name\n1,,district,白云区,白云\n";
    let problems = refused_units(rows, "two name columns");
    assert_eq!(
        problems[0].kind,
        ProblemKind::DuplicateColumn {
            column: "name".into()
        },
        "{problems:?}"
    );
}

#[test]
fn the_record_index_follows_a_change_of_structure() {
    use partyorg::{Record, RecordKind};
    let (mut h, district, [a, b]) = two_streets();
    h.add_record(Record::new(
        b,
        d(2023, 5, 1),
        RecordKind::JointMeeting {
            matters: 1,
            problems_solved: 1,
        },
    ))
    .unwrap();
    let year = Period::year(2023);
    // The all-subtrees pass indexes the records by pre-order position (no memo).
    assert_eq!(
        h.totals_all(&year).unwrap().get(b).unwrap().joint_meetings,
        1
    );
    // A new community under the first street shifts the second street's position.
    h.add_unit(Some(a), Unit::new(UnitKind::Community, "罗岗社区居委会"))
        .unwrap();
    let all = h.totals_all(&year).unwrap();
    assert_eq!(all.get(b).unwrap().joint_meetings, 1);
    assert_eq!(all.get(a).unwrap().joint_meetings, 0);
    assert_eq!(all.get(district).unwrap().joint_meetings, 1);
}

#[test]
fn folds_of_minimums_and_pairs_over_a_subtree() {
    use partyorg::rollup::{Count, Min, Sum};
    let (mut h, district, [a, b]) = two_streets();
    h.set_members(a, Members::new(30, 1)).unwrap();
    h.set_members(b, Members::new(12, 0)).unwrap();
    h.set_members(district, Members::new(50, 2)).unwrap();
    let least = h
        .fold_subtree(district, |u| Min(Some(u.members().full)))
        .unwrap();
    assert_eq!(least, Min(Some(12)));
    let pair = h
        .fold_subtree(district, |u| {
            (
                Sum(u64::from(u.members().full)),
                Count::of(u.members().probationary > 0),
            )
        })
        .unwrap();
    assert_eq!(pair, (Sum(92), Count(2)));
}

#[test]
fn all_subtree_values_list_every_unit_in_pre_order() {
    let (h, district, [a, b]) = two_streets();
    let all = h.totals_all(&Period::year(2023)).unwrap();
    assert!(!all.is_empty());
    assert_eq!(all.len(), 3);
    let order: Vec<_> = all.iter().map(|(u, t)| (u.id(), t.units)).collect();
    assert_eq!(order, [(district, 3), (a, 1), (b, 1)]);
    let none = Hierarchy::new();
    let empty = none.totals_all(&Period::year(2023)).unwrap();
    assert!(empty.is_empty());
    assert_eq!(empty.iter().count(), 0);
}

#[test]
fn years_beyond_the_calendar_clamp_to_its_ends() {
    let past = Period::year(i32::MIN);
    assert_eq!((past.start(), past.end()), (NaiveDate::MIN, NaiveDate::MIN));
    let future = Period::year(i32::MAX);
    assert_eq!(
        (future.start(), future.end()),
        (NaiveDate::MAX, NaiveDate::MAX)
    );
    let y = Period::year(2023);
    assert_eq!((y.start(), y.end()), (d(2023, 1, 1), d(2023, 12, 31)));
}

#[test]
fn an_as_of_view_knows_its_date_and_who_exists() {
    let (mut h, district, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    let mut details = Details::default();
    details.dissolved = Some(d(2023, 6, 30));
    h.set_details(street, details).unwrap();
    let before = h.as_of(d(2023, 6, 1));
    assert_eq!(before.date(), d(2023, 6, 1));
    assert!(before.exists(street) && before.exists(district));
    let after = h.as_of(d(2023, 7, 1));
    assert!(!after.exists(street) && after.exists(district));
}

/// A joint branch at a street (own members) covering a second street (members), under
/// 白云区.
fn joint_branch(own: Members, covered: Members) -> (Hierarchy, partyorg::UnitId) {
    let (mut h, _, [lead, other]) = two_streets();
    h.set_members(lead, own).unwrap();
    h.set_members(other, covered).unwrap();
    h.set_party_form(lead, Some(PartyForm::JointBranch))
        .unwrap();
    h.relate(lead, other, partyorg::Relation::Covers).unwrap();
    (h, lead)
}

#[test]
fn a_joint_branch_adds_the_members_it_covers() {
    let findings = |h: &Hierarchy, lead, rule| {
        let report = h.validate(&Policy::default(), d(2023, 12, 31));
        report.of_rule(rule).filter(|v| v.units[0] == lead).count()
    };
    // 3 + 3 full members: below the committee threshold of 7.
    let (h, lead) = joint_branch(Members::new(3, 0), Members::new(3, 0));
    assert_eq!(findings(&h, lead, Rule::CommitteeMissing), 0);
    // 4 + 3: at it.
    let (h, lead) = joint_branch(Members::new(4, 0), Members::new(3, 0));
    assert_eq!(findings(&h, lead, Rule::CommitteeMissing), 1);
    // 40 + 1 and 6 + 4: 51 members, over 50; 40 + 1 and 6 + 3: 50, within.
    let (h, lead) = joint_branch(Members::new(40, 1), Members::new(6, 4));
    assert_eq!(findings(&h, lead, Rule::BranchTooLarge), 1);
    let (h, lead) = joint_branch(Members::new(40, 1), Members::new(6, 3));
    assert_eq!(findings(&h, lead, Rule::BranchTooLarge), 0);
}

#[test]
fn a_joint_branch_does_not_count_its_units_children() {
    let (mut h, lead) = joint_branch(Members::new(5, 0), Members::new(5, 0));
    // A community of 45 under the lead street is its own organization, not covered.
    let c = h
        .add_unit(Some(lead), Unit::new(UnitKind::Community, "罗岗社区居委会"))
        .unwrap();
    h.set_members(c, Members::new(45, 0)).unwrap();
    let report = h.validate(&Policy::default(), d(2023, 12, 31));
    assert_eq!(
        report
            .of_rule(Rule::BranchTooLarge)
            .filter(|v| v.units[0] == lead)
            .count(),
        0,
        "{report}"
    );
}

#[test]
fn dates_on_the_edge_of_a_rule_are_within_it() {
    use partyorg::{Pairing, PairingKind, TaskPurpose, TemporaryOrg};
    // A temporary organization dissolved the day it was founded: allowed; the day
    // before: reported.
    for (dissolved, reported) in [(d(2023, 3, 1), 0), (d(2023, 2, 28), 1)] {
        let (mut h, _, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
        let org = TemporaryOrg::new("临时党支部", TaskPurpose::Project, street, d(2023, 3, 1))
            .with_members(Members::new(3, 0))
            .dissolved_on(dissolved);
        h.add_temporary(org).unwrap();
        assert_eq!(
            count_of(&h, Rule::TemporaryDates, d(2023, 12, 31)),
            reported
        );
    }
    // A first secretary posted for exactly 36 months: allowed; a day longer: reported.
    for (until, reported) in [(d(2023, 3, 1), 0), (d(2023, 3, 2), 1)] {
        let (mut h, district, town) =
            under_a_district(Unit::new(UnitKind::Town, "人和镇").agricultural());
        let posting = Pairing::new(PairingKind::FirstSecretary { secretary: None })
            .between(Some(d(2020, 3, 1)), Some(until));
        h.add_pairing(district, town, posting).unwrap();
        assert_eq!(
            count_of(&h, Rule::FirstSecretaryTerm, d(2023, 12, 31)),
            reported
        );
    }
}

#[cfg(feature = "datasets")]
#[test]
fn totals_read_by_form_kind_and_sum_alike() {
    use partyorg::VenueKind;
    use partyorg::baiyun::{BAIYUN_CODE, baiyun_2023};
    let h = baiyun_2023();
    let district = h
        .by_code(partyorg::DivisionCode::from_u64(BAIYUN_CODE).unwrap())
        .unwrap()
        .id();
    let t = h.totals(district, &Period::year(2023)).unwrap();
    let branches = t.party_orgs_of(PartyForm::Branch);
    assert!(branches > 1);
    assert_eq!(branches, t.party_orgs_by_form[PartyForm::Branch as usize]);
    assert!(t.service_centers() > 1);
    assert_eq!(
        t.service_centers(),
        t.service_centers_by_kind.iter().sum::<u64>()
    );
    let parks = t.venues_of(VenueKind::Park);
    assert!(parks > 1);
    assert_eq!(parks, t.venues_by_kind[VenueKind::Park as usize]);
    let twice: partyorg::rollup::Totals = [t.clone(), t.clone()].into_iter().sum();
    assert_eq!(twice.full_members, 2 * t.full_members);
    assert_eq!(twice, t.clone() + t);
}

#[test]
fn rule_boundaries_are_inclusive_where_the_regulations_allow() {
    use partyorg::WeakLax;
    let end = d(2023, 12, 31);
    // Dissolved the day it was founded: allowed.
    for (dissolved, reported) in [(d(2020, 1, 1), 0), (d(2019, 12, 31), 1)] {
        let (mut h, _, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
        let mut details = Details::default();
        details.founded = Some(d(2020, 1, 1));
        details.dissolved = Some(dissolved);
        h.set_details(street, details).unwrap();
        assert_eq!(count_of(&h, Rule::DissolvedBeforeFounded, end), reported);
    }
    // Weak and lax: accepted the day it was identified is not early; unaccepted exactly
    // twelve months on is not yet overdue.
    let weak = |identified, accepted| {
        let mut details = Details::default();
        let mut org = OrgDetails::default();
        org.weak_lax = Some(WeakLax {
            identified,
            accepted,
        });
        details.org = Some(org);
        let (mut h, _, street) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
        h.set_details(street, details).unwrap();
        h
    };
    let h = weak(d(2023, 3, 1), Some(d(2023, 3, 1)));
    assert_eq!(count_of(&h, Rule::WeakLaxAcceptedEarly, end), 0);
    let h = weak(d(2023, 3, 1), Some(d(2023, 2, 28)));
    assert_eq!(count_of(&h, Rule::WeakLaxAcceptedEarly, end), 1);
    let h = weak(d(2022, 3, 1), None);
    assert_eq!(count_of(&h, Rule::WeakLaxNotAccepted, d(2023, 3, 1)), 0);
    assert_eq!(count_of(&h, Rule::WeakLaxNotAccepted, d(2023, 3, 2)), 1);
    // An election within twelve months of its due date is neither advanced nor postponed.
    let elected = |on| {
        let mut details = Details::default();
        let mut org = OrgDetails::default();
        org.term = Some(Term {
            elected: on,
            years: 5,
        });
        org.due = Some(d(2021, 6, 1));
        details.org = Some(org);
        let (mut h, _, street) = under_a_district(
            Unit::new(UnitKind::Street, "均禾街道")
                .with_members(Members::new(120, 0))
                .with_party_form(PartyForm::Committee),
        );
        h.set_details(street, details).unwrap();
        h
    };
    let shifted = |on| count_of(&elected(on), Rule::ElectionShifted, d(2022, 12, 31));
    assert_eq!(shifted(d(2020, 6, 1)), 0);
    assert_eq!(shifted(d(2020, 5, 31)), 1);
    assert_eq!(shifted(d(2022, 6, 1)), 0);
    assert_eq!(shifted(d(2022, 6, 2)), 1);
}

#[test]
fn a_joint_branch_may_cover_up_to_five_units_itself_included() {
    for (covered, reported) in [(4, 0), (5, 1)] {
        let (mut h, district, lead) = under_a_district(
            Unit::new(UnitKind::Street, "均禾街道")
                .with_members(Members::new(3, 0))
                .with_party_form(PartyForm::JointBranch),
        );
        for i in 0..covered {
            let u = h
                .add_unit(
                    Some(district),
                    Unit::new(UnitKind::Street, format!("街道{i}")),
                )
                .unwrap();
            h.relate(lead, u, partyorg::Relation::Covers).unwrap();
        }
        assert_eq!(
            count_of(&h, Rule::JointBranchTooWide, d(2023, 12, 31)),
            reported
        );
    }
}

#[test]
fn a_duplicate_code_outside_the_scope_is_not_reported() {
    use partyorg::Validation;
    let rows = "id,parent,kind,name,code\n\
        1,,district,白云区,\n\
        2,1,street,均禾街道,440111013000\n\
        3,1,street,均禾街道二,440111013000\n\
        4,1,street,松洲街道,\n";
    let h = table::load_units_reader(Cursor::new(rows), Path::new("units.csv")).unwrap();
    let policy = Policy::default();
    let run = |scope| {
        Validation::new(&policy)
            .as_of(d(2023, 12, 31))
            .within(partyorg::UnitId(scope))
            .run(&h)
            .unwrap()
            .of_rule(Rule::DuplicateCode)
            .count()
    };
    assert_eq!(run(1), 1);
    assert_eq!(run(2), 1);
    assert_eq!(run(4), 0);
}
