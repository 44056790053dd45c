//! serde on the crate's data: every type round-trips through `serde_json`, speaks the
//! words of the files, and a hierarchy serializes as its JSON snapshot and deserializes
//! only through the checked loader.

use partyorg::hierarchy::OrgLink;
use std::fmt::Debug;

use chrono::NaiveDate;
use partyorg::interchange::dot::DotOptions;
use partyorg::interchange::json;
use partyorg::rollup::{Count, Facility, Max, Min, Sum};
use partyorg::validate::{Policy, Rule, Severity};
use partyorg::{
    Hierarchy, Members, Org, OrgForm, OrgId, Pairing, PairingId, PairingKind, PartyForm, Period,
    Record, RecordId, RecordKind, Relation, Sector, Unit, UnitId, UnitKind, batch::Edit,
    code::NbsType, hierarchy::Removal, org::BigCommittee, org::TemporaryOrg, relation::Link,
    relation::PairingWord, relation::RelationWord, unit::BigCommitteeKind, unit::ForbiddenAct,
    unit::TaskPurpose, unit::Term,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Serializes `v`, reads it back, checks the value is the same, and returns the JSON.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(v: &T) -> Value {
    let text = serde_json::to_string(v).unwrap();
    let back: T = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} does not read back: {e}\n{text}", type_name::<T>()));
    assert_eq!(&back, v, "{} round trip through {text}", type_name::<T>());
    serde_json::from_str(&text).unwrap()
}

fn type_name<T>() -> &'static str {
    std::any::type_name::<T>()
}

/// The error of reading `value` as a `T`.
fn refused<T: DeserializeOwned + Debug>(value: Value) -> String {
    serde_json::from_value::<T>(value.clone())
        .map(|v| panic!("{value} read as {v:?}"))
        .unwrap_err()
        .to_string()
}

use super::support::{every_pairing_kind, every_record_kind};

/// The id of the unit named `name`.
fn named(h: &Hierarchy, name: &str) -> UnitId {
    h.units().find(|u| u.name() == name).unwrap().id()
}

/// The interchange tests' hierarchy with something of everything, completed with the
/// pairing and record types it lacks, an organization recorded in its own right and a
/// removed unit (so that a snapshot keeps its id counters).
fn everything() -> Hierarchy {
    let mut h = super::interchange::rich();
    let street = named(&h, "均禾街道");
    let village = named(&h, "西湖村委会");
    let organ = named(&h, "区委组织部");
    for kind in [
        PairingKind::JointBuilding,
        PairingKind::FirstSecretary { secretary: None },
    ] {
        h.add_pairing(organ, village, Pairing::new(kind)).unwrap();
    }
    for kind in [
        RecordKind::Activity { participants: 30 },
        RecordKind::Appeals {
            raised: 9,
            resolved: 7,
        },
    ] {
        h.add_record(Record::new(village, day(2023, 5, 4), kind))
            .unwrap();
    }
    h.add_org(
        None,
        street,
        Org::new(OrgForm::WorkingCommittee, "均禾街道党工委").with_members(Members::new(9, 0)),
    )
    .unwrap();
    let gone = h
        .add_unit(Some(street), Unit::new(UnitKind::Community, "旧社区"))
        .unwrap();
    h.remove_unit(gone, Removal::LeafOnly).unwrap();
    h
}

mod every_type_round_trips {
    use super::*;

    #[test]
    fn units_organizations_and_their_parts() {
        let h = everything();
        let mut kinds = std::collections::HashSet::new();
        for u in h.units() {
            kinds.insert(u.kind().word());
            round_trip(&u.to_unit());
            round_trip(u.details());
        }
        // Units of every kind the fixture holds (six: temporary organizations and big
        // committees are organizations), with details of every sort.
        assert!(kinds.len() >= 6, "{kinds:?}");
        for o in h.orgs() {
            round_trip(&o.to_org());
            if let Some(t) = o.to_temporary() {
                round_trip(&t);
            }
            if let Some(bc) = o.to_big_committee() {
                round_trip(&bc);
            }
        }
        let village = h.unit(named(&h, "西湖村委会")).unwrap();
        assert!(village.details().org.is_some() && !village.details().venues.is_empty());
        let mut unit = Unit::new(UnitKind::Institution(Sector::School), "白云中学")
            .with_code("440111013001".parse().unwrap())
            .with_members(Members::new(12, 1))
            .with_party_form(PartyForm::GeneralBranch)
            .with_committee(5)
            .with_details(village.details().clone());
        unit.agricultural = true;
        round_trip(&unit);
        round_trip(&Members::new(3, 4));
        let org = Org::new(OrgForm::JointBranch, "联合党支部")
            .with_code("001001001004000")
            .with_members(Members::new(20, 1))
            .with_secretary("王五")
            .with_committee_size(3)
            .with_term(Term {
                elected: day(2022, 1, 1),
                years: 3,
            })
            .founded_on(day(2000, 7, 1))
            .dissolved_on(day(2024, 1, 1));
        round_trip(&org);
        let mut temporary = TemporaryOrg::new(
            "临时党支部",
            TaskPurpose::SpecialRectification,
            UnitId(3),
            day(2023, 3, 1),
        )
        .with_members(Members::new(4, 0))
        .seconded_from(UnitId(4), 2)
        .dissolved_on(day(2023, 12, 1));
        temporary.founded = None;
        temporary.task_ended = Some(day(2023, 11, 1));
        temporary.acts.insert(ForbiddenAct::Recruited);
        round_trip(&temporary);
        let mut committee =
            BigCommittee::new("商圈大党委", BigCommitteeKind::BusinessDistrict, UnitId(2))
                .with_member(UnitId(5))
                .with_part_time(UnitId(5), 2);
        committee.founded = Some(day(2021, 6, 1));
        round_trip(&committee);
    }

    #[test]
    fn ids_relations_pairings_and_records() {
        assert_eq!(round_trip(&UnitId(7)), json!(7));
        assert_eq!(round_trip(&OrgId(8)), json!(8));
        assert_eq!(round_trip(&PairingId(9)), json!(9));
        assert_eq!(round_trip(&RecordId(10)), json!(10));
        for kind in every_pairing_kind() {
            round_trip(&kind);
            round_trip(&Pairing::new(kind).between(Some(day(2023, 1, 1)), None));
        }
        for kind in every_record_kind() {
            round_trip(&kind);
            round_trip(&Record::new(UnitId(3), day(2023, 5, 4), kind));
        }
        let h = everything();
        let links: Vec<Link> = h.relations().collect();
        let org_links: Vec<Relation> = h
            .orgs()
            .flat_map(|o| {
                o.links()
                    .map(|OrgLink { relation: r, .. }| r)
                    .collect::<Vec<_>>()
            })
            .collect();
        let words: std::collections::HashSet<RelationWord> = links
            .iter()
            .map(|l| l.relation)
            .chain(org_links.iter().copied())
            .map(Relation::word)
            .collect();
        for r in &org_links {
            round_trip(r);
        }
        // The relations across the trees, with their numbers and ids.
        for w in [
            RelationWord::Seconds,
            RelationWord::Member,
            RelationWord::PartTime,
            RelationWord::Pairing,
        ] {
            assert!(words.contains(&w), "{w} missing from the fixture");
        }
        for link in &links {
            round_trip(link);
        }
        for relation in [
            Relation::Contains,
            Relation::Covers,
            Relation::Superior,
            Relation::BasedIn,
        ] {
            round_trip(&relation);
        }
    }

    #[test]
    fn rollups() {
        let h = everything();
        let district = h.roots().next().unwrap().id();
        let year = Period::year(2023);
        let totals = h.totals(district, &year).unwrap();
        // The fixture's totals are not empty, so the round trip carries numbers.
        assert!(totals.pairings_by_type.iter().sum::<u64>() > 0);
        assert!(totals.joint_meetings > 0);
        round_trip(&totals);
        let org = h.orgs().next().unwrap().id();
        round_trip(&h.org_totals(org).unwrap());
        let coverage = h
            .coverage(district, UnitKind::Village, day(2023, 12, 31))
            .unwrap();
        assert_eq!(coverage.with_party_org, 1);
        round_trip(&coverage);
        assert_eq!(
            round_trip(&year),
            json!({"start": "2023-01-01", "end": "2023-12-31"})
        );
        round_trip(&Sum(5));
        round_trip(&Count(6));
        round_trip(&Min(Some(day(2023, 1, 1))));
        round_trip(&Max::<u32>(None));
        let removed = everything()
            .remove_unit(district, Removal::Subtree)
            .unwrap();
        assert!(!removed.units.is_empty() && !removed.orgs.is_empty());
        round_trip(&removed);
        round_trip(&DotOptions {
            root: Some(district),
            depth: Some(2),
        });
    }

    #[test]
    fn validation_reports_and_policies() {
        let h = super::super::policy::three_communities_without_organizations();
        let report = h.validate(&Policy::default(), day(2023, 12, 31));
        assert_eq!(report.errors(), 3);
        let v = round_trip(&report);
        assert_eq!(v["errors"], 3);
        assert_eq!(v["violations"][0]["rule"], "party.no_organization");
        assert_eq!(v["violations"][0]["severity"], "error");
        for violation in report.violations() {
            round_trip(violation);
        }
        for &rule in Rule::ALL {
            assert_eq!(round_trip(&rule), json!(rule.id()));
        }
        for severity in Severity::ALL {
            round_trip(&severity);
        }
        let mut policy = Policy::default();
        policy.branch_max_members = 60;
        policy.set_enabled(Rule::ElectionDueSoon, false);
        policy.set_severity(Rule::CodeLevel, Severity::Notice);
        round_trip(&policy);
    }

    #[test]
    fn batch_edits() {
        let h = everything();
        let village = named(&h, "西湖村委会");
        let unit = h.unit(village).unwrap().to_unit();
        let edits = vec![
            Edit::AddUnit {
                id: UnitId(100),
                parent: Some(village),
                unit: unit.clone(),
            },
            Edit::MoveUnit {
                unit: UnitId(100),
                new_parent: None,
            },
            Edit::RemoveUnit {
                unit: UnitId(3),
                how: Removal::LiftChildren,
            },
            Edit::SetDetails {
                unit: village,
                details: Box::new(unit.details.clone()),
            },
            Edit::SetCode {
                unit: village,
                code: Some("440111103201".parse().unwrap()),
            },
            Edit::AddPairing {
                id: PairingId(9),
                from: UnitId(1),
                to: UnitId(2),
                pairing: Pairing::new(PairingKind::OrganCoop { sections: 2 }),
            },
            Edit::AddRecord {
                id: RecordId(9),
                record: Record::new(
                    village,
                    day(2023, 1, 1),
                    RecordKind::Activity { participants: 4 },
                ),
            },
            Edit::Relate {
                org: OrgId(1),
                unit: UnitId(2),
                relation: Relation::Covers,
            },
            Edit::AddOrg {
                id: OrgId(50),
                superior: None,
                unit: village,
                org: Box::new(Org::new(OrgForm::Group, "第一党小组")),
            },
            Edit::RemoveOrg {
                org: OrgId(50),
                how: Removal::Subtree,
            },
        ];
        round_trip(&edits);
        assert_eq!(
            serde_json::to_value(&edits[2]).unwrap(),
            json!({"edit": "remove_unit", "unit": 3, "how": "lift_children"})
        );
        let e = refused::<Edit>(json!({"edit": "remove_unit", "unit": 3, "how": "all"}));
        assert!(e.contains("leaf_only, lift_children, subtree"), "{e}");
    }

    #[cfg(feature = "datasets")]
    #[test]
    fn the_published_figures() {
        let v = round_trip(&partyorg::baiyun::PUBLISHED);
        assert_eq!(v["temporary_orgs"], json!({"exactly": 366}));
    }

    #[cfg(feature = "datasets")]
    #[test]
    fn generator_specs() {
        let mut spec = partyorg::generate::NationalSpec::scaled(0.01);
        spec.coops = (1, 3);
        round_trip(&spec);
    }
}

mod the_words_are_the_files_words {
    use super::*;

    #[test]
    fn a_unit_needs_only_its_kind_and_name() {
        assert_eq!(
            serde_json::from_value::<Unit>(json!({"kind": "coop", "name": "第一经济社"})).unwrap(),
            Unit::new(UnitKind::EconomicCoop, "第一经济社")
        );
        assert_eq!(
            serde_json::from_value::<partyorg::unit::Details>(json!({})).unwrap(),
            partyorg::unit::Details::default()
        );
        let e = refused::<Unit>(json!({"kind": "coop", "name": "x", "colour": "red"}));
        assert!(e.contains("colour"), "{e}");
        let e = refused::<Unit>(json!({"kind": "economic_coop", "name": "x"}));
        assert!(
            e.contains("economic_coop") && e.contains("coop, federation"),
            "{e}"
        );
    }

    #[test]
    fn units_write_their_kind_sector_and_form_as_the_files_do() {
        let coop = serde_json::to_value(
            Unit::new(UnitKind::EconomicCoop, "第一经济社").with_party_form(PartyForm::JointBranch),
        )
        .unwrap();
        assert_eq!(coop["kind"], "coop");
        assert_eq!(coop["party_form"], "joint_branch");
        let firm = serde_json::to_value(Unit::new(
            UnitKind::Institution(Sector::NonPublicEnterprise),
            "某公司",
        ))
        .unwrap();
        assert_eq!(firm["kind"], "institution:non_public_enterprise");
        let org = serde_json::to_value(Org::new(OrgForm::WorkingCommittee, "党工委")).unwrap();
        assert_eq!(org["form"], "working_committee");
    }

    #[test]
    fn records_pairings_and_relations_are_written_as_their_table_rows() {
        assert_eq!(
            serde_json::to_value(RecordKind::JointMeeting {
                matters: 3,
                problems_solved: 5
            })
            .unwrap(),
            json!({"type": "joint_meeting", "matters": 3, "problems_solved": 5})
        );
        assert_eq!(
            serde_json::to_value(PairingKind::OrganCoop { sections: 4 }).unwrap(),
            json!({"pairing": "organ_coop", "sections": 4})
        );
        assert_eq!(
            serde_json::to_value(PairingKind::TownStreet).unwrap(),
            json!({"pairing": "town_street"})
        );
        assert_eq!(
            serde_json::to_value(Relation::PartTime(2)).unwrap(),
            json!({"relation": "part_time", "count": 2})
        );
        assert_eq!(
            serde_json::to_value(Relation::Pairing(PairingId(7))).unwrap(),
            json!({"relation": "pairing", "id": 7})
        );
        assert_eq!(
            serde_json::to_value(Relation::BasedIn).unwrap(),
            json!({"relation": "based_in"})
        );
        // The older form's `core` row reads as the unit a big committee is based in.
        assert_eq!(
            serde_json::from_value::<Relation>(json!({"relation": "core"})).unwrap(),
            Relation::BasedIn
        );
    }

    /// The fields serde writes for a record's and a pairing's kind are the fields of the
    /// snapshot's rows, with the same values.
    #[test]
    fn serde_fields_are_the_snapshot_rows_fields() {
        let h = everything();
        let snapshot: Value = serde_json::from_str(&json::to_string(&h)).unwrap();
        let records: Vec<(RecordId, Record)> = h.records().map(|(id, r)| (id, *r)).collect();
        assert_eq!(records.len(), 4);
        for (row, (_, record)) in snapshot["records"].as_array().unwrap().iter().zip(&records) {
            let kind = serde_json::to_value(record.kind).unwrap();
            for (field, value) in kind.as_object().unwrap() {
                assert_eq!(&row[field], value, "{field} of {row}");
            }
        }
        let pairing_rows: Vec<&Value> = snapshot["relations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["relation"] == "pairing")
            .collect();
        assert_eq!(pairing_rows.len(), every_pairing_kind().len());
        for row in pairing_rows {
            let id = PairingId(row["id"].as_u64().unwrap() as u32);
            let pairing = h.pairing(id).unwrap();
            let kind = serde_json::to_value(&pairing.kind).unwrap();
            for (field, value) in kind.as_object().unwrap() {
                assert_eq!(&row[field], value, "{field} of {row}");
            }
            let relation = serde_json::to_value(Relation::Pairing(id)).unwrap();
            for (field, value) in relation.as_object().unwrap() {
                assert_eq!(&row[field], value, "{field} of {row}");
            }
        }
    }

    #[test]
    fn enums_without_file_columns_speak_their_vocabulary() {
        for t in PairingWord::ALL {
            assert_eq!(serde_json::to_value(t).unwrap(), json!(t.as_str()));
            assert_eq!(round_trip(&t), json!(t.as_str()));
        }
        assert_eq!(
            serde_json::to_value(PairingWord::OrganCoop).unwrap(),
            json!("organ_coop")
        );
        assert_eq!(
            serde_json::to_value(Facility::PartyOrganization).unwrap(),
            json!("party_organization")
        );
        assert_eq!(
            serde_json::to_value(NbsType::ResidentsCommittee).unwrap(),
            json!("residents_committee")
        );
        assert_eq!(NbsType::TownLike.to_string(), "town_like");
        assert_eq!("village_like".parse(), Ok(NbsType::VillageLike));
    }
}

mod rows_are_checked_as_the_files_check_them {
    use super::*;

    #[test]
    fn a_missing_count_or_a_count_of_another_type_is_refused() {
        let e = refused::<RecordKind>(json!({"type": "activity"}));
        assert!(e.contains("type activity needs participants"), "{e}");
        let e = refused::<RecordKind>(json!({"type": "activity", "participants": 1, "matters": 2}));
        assert!(e.contains("matters does not apply to type activity"), "{e}");
        let e = refused::<RecordKind>(json!({"type": "meeting", "participants": 1}));
        assert!(e.contains("meeting") && e.contains("joint_meeting"), "{e}");
        let e = refused::<PairingKind>(json!({"pairing": "cadre_household", "cadres": 1}));
        assert!(e.contains("needs households"), "{e}");
        let e = refused::<PairingKind>(json!({"pairing": "town_street", "sections": 1}));
        assert!(
            e.contains("sections does not apply to pairing town_street"),
            "{e}"
        );
        let e = refused::<Relation>(json!({"relation": "seconds"}));
        assert!(e.contains("relation seconds needs count"), "{e}");
        let e = refused::<Relation>(json!({"relation": "core", "id": 3}));
        assert!(e.contains("id does not apply to relation core"), "{e}");
        let e = refused::<Relation>(json!({"relation": "core", "colour": "red"}));
        assert!(e.contains("colour"), "{e}");
    }

    #[test]
    fn a_first_secretary_may_leave_the_secretary_out() {
        assert_eq!(
            serde_json::from_value::<PairingKind>(json!({"pairing": "first_secretary"})).unwrap(),
            PairingKind::FirstSecretary { secretary: None }
        );
    }

    #[test]
    fn a_period_ending_before_it_starts_is_refused() {
        let e = refused::<Period>(json!({"start": "2023-12-31", "end": "2023-01-01"}));
        assert!(e.contains("2023-12-31") && e.contains("2023-01-01"), "{e}");
    }

    #[test]
    fn a_report_whose_counts_disagree_with_its_violations_is_refused() {
        let h = super::super::policy::three_communities_without_organizations();
        let report = h.validate(&Policy::default(), day(2023, 12, 31));
        let mut v = serde_json::to_value(&report).unwrap();
        v["errors"] = json!(2);
        let e = refused::<partyorg::Report>(v);
        assert!(e.contains("2 errors") && e.contains("3 errors"), "{e}");
    }
}

mod a_hierarchy_is_its_snapshot {
    use super::*;

    #[test]
    fn it_serializes_as_the_snapshot_text() {
        let h = everything();
        let snapshot = json::to_string(&h);
        assert!(snapshot.contains("\"ids\""), "the fixture has a retired id");
        assert_eq!(serde_json::to_string_pretty(&h).unwrap() + "\n", snapshot);
        let compact: Value = serde_json::from_str(&serde_json::to_string(&h).unwrap()).unwrap();
        assert_eq!(compact, serde_json::from_str::<Value>(&snapshot).unwrap());
    }

    #[test]
    fn it_deserializes_to_an_equal_hierarchy() {
        let h = everything();
        let back: Hierarchy = serde_json::from_str(&serde_json::to_string(&h).unwrap()).unwrap();
        assert_eq!(back, h);
        // Through another deserializer than the text one.
        let value = serde_json::to_value(&h).unwrap();
        assert_eq!(serde_json::from_value::<Hierarchy>(value).unwrap(), h);
    }

    #[cfg(feature = "datasets")]
    #[test]
    fn the_embedded_dataset_round_trips() {
        let h = partyorg::baiyun::baiyun_2023();
        let back: Hierarchy = serde_json::from_str(&serde_json::to_string(&h).unwrap()).unwrap();
        assert_eq!(back, h);
    }

    /// Each bad snapshot is refused with the loader's problem, through serde as through
    /// `json::from_str`.
    #[test]
    fn a_bad_snapshot_is_an_error_never_a_half_built_hierarchy() {
        let good = serde_json::to_value(everything()).unwrap();
        let with = |f: &dyn Fn(&mut Value)| {
            let mut v = good.clone();
            f(&mut v);
            v
        };
        let cases: Vec<(&str, Value)> = vec![
            (
                "parent",
                with(&|v| v["units"][1]["parent"] = json!(999_999)),
            ),
            (
                "cycle",
                with(&|v| v["units"][0]["parent"] = v["units"][1]["id"].clone()),
            ),
            (
                "appears again",
                with(&|v| v["units"][2]["id"] = v["units"][1]["id"].clone()),
            ),
            ("format_version", with(&|v| v["format_version"] = json!(2))),
            ("colour", with(&|v| v["colour"] = json!("red"))),
            (
                "does not apply",
                with(&|v| v["records"][0]["person_times"] = json!(3)),
            ),
        ];
        for (needle, bad) in cases {
            let e = refused::<Hierarchy>(bad.clone());
            assert!(e.contains(needle), "{needle}: {e}");
            let through_loader = json::from_str(&bad.to_string()).unwrap_err().to_string();
            assert!(
                through_loader.contains(needle),
                "{needle}: {through_loader}"
            );
        }
    }
}
