//! Errors a caller can match: one type per layer (changing the store, asking it), the same
//! variant for the same failure wherever it arises, reachable through `Box<dyn Error>` with
//! one `downcast_ref`, and messages that name units and organizations by key and name.

use std::error::Error;

use chrono::NaiveDate;
use partyorg::interchange::json;
use partyorg::validate::{Policy, Validation};
use partyorg::{
    Hierarchy, HierarchyError, LoadError, Members, OrgId, Period, QueryError, Record, RecordKind,
    Sector, Unit, UnitId, UnitKind, batch::Edit, hierarchy::Removal,
};

use crate::support::unit_label;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// 白云区 (code 440111000000) → 均禾街道 (key JH-001) → 罗岗社区 (no key, no code), with a
/// branch based in the street; and the id of a unit removed from it.
fn small() -> (Hierarchy, [UnitId; 3], OrgId, UnitId) {
    let mut h = Hierarchy::new();
    let d = h
        .add_unit(
            None,
            Unit::new(UnitKind::District, "白云区").with_code("440111000000".parse().unwrap()),
        )
        .unwrap();
    let s = h
        .add_unit(
            Some(d),
            Unit::new(UnitKind::Street, "均禾街道").with_key("JH-001"),
        )
        .unwrap();
    let c = h
        .add_unit(
            Some(s),
            Unit::new(UnitKind::Community, "罗岗社区").with_members(Members::new(30, 1)),
        )
        .unwrap();
    let org = h
        .add_org(
            None,
            s,
            partyorg::Org::new(partyorg::OrgForm::Committee, "均禾街道党工委"),
        )
        .unwrap();
    let gone = h
        .add_unit(Some(s), Unit::new(UnitKind::Community, "清湖社区"))
        .unwrap();
    h.remove_unit(gone, Removal::LeafOnly).unwrap();
    (h, [d, s, c], org, gone)
}

// ----- one variant for one failure ------------------------------------------------------

#[test]
fn a_missing_unit_is_the_same_query_error_from_every_question() {
    let (h, _, _, gone) = small();
    let want = QueryError::UnknownUnit { id: gone };
    let policy = Policy::default();
    let as_of = h.as_of(day(2023, 1, 1)).unwrap();
    let answers: Vec<(&str, QueryError)> = vec![
        ("unit", h.unit(gone).unwrap_err()),
        ("path", h.path(gone).unwrap_err()),
        ("subtree", h.subtree(gone).err().unwrap()),
        ("orgs_based_in", h.orgs_based_in(gone).err().unwrap()),
        ("orgs_within", h.orgs_within(gone).unwrap_err()),
        ("rollup", h.totals(gone, &Period::ALL).unwrap_err()),
        (
            "totals in a period",
            h.totals(gone, &Period::year(2023)).unwrap_err(),
        ),
        (
            "coverage",
            h.coverage(gone, UnitKind::Community, day(2023, 1, 1))
                .unwrap_err(),
        ),
        (
            "validation",
            Validation::new(&policy)
                .as_of(day(2023, 12, 31))
                .within(gone)
                .run(&h)
                .unwrap_err(),
        ),
        ("as_of", as_of.unit(gone).unwrap_err()),
    ];
    for (asked, got) in answers {
        assert_eq!(got, want, "{asked}");
        assert_eq!(got.to_string(), format!("unit {gone} does not exist"));
    }
}

#[test]
fn a_missing_organization_is_the_same_query_error_from_every_question() {
    let (h, _, org, _) = small();
    let gone = OrgId(org.0 + 100);
    let want = QueryError::UnknownOrg { id: gone };
    assert_eq!(h.org(gone).unwrap_err(), want);
    assert_eq!(h.org_subtree(gone).err(), Some(want.clone()));
    assert_eq!(h.org_totals(gone).unwrap_err(), want);
    assert_eq!(
        h.org_totals_in(gone, &Period::year(2023)).unwrap_err(),
        want
    );
}

#[test]
fn an_empty_period_is_a_query_error() {
    let err = Period::new(day(2023, 6, 1), day(2023, 4, 1)).unwrap_err();
    assert_eq!(
        err,
        QueryError::EmptyPeriod {
            start: day(2023, 6, 1),
            end: day(2023, 4, 1),
        }
    );
}

#[test]
fn a_missing_unit_is_the_same_hierarchy_error_from_every_change() {
    let (mut h, [d, ..], _, gone) = small();
    let want = HierarchyError::UnknownUnit { id: gone };
    let before = h.clone();
    assert_eq!(h.rename(gone, "新名"), Err(want.clone()));
    assert_eq!(h.move_unit(gone, Some(d)), Err(want.clone()));
    assert_eq!(h.set_members(gone, Members::new(1, 0)), Err(want.clone()));
    assert_eq!(
        h.add_unit(Some(gone), Unit::new(UnitKind::Community, "新社区")),
        Err(want.clone())
    );
    assert_eq!(
        h.add_record(Record::new(
            gone,
            day(2023, 1, 1),
            RecordKind::JointMeeting {
                matters: 1,
                problems_solved: 0
            }
        )),
        Err(want.clone())
    );
    // In a batch, the same variant with the failing edit's index.
    let err = h
        .apply_batch(vec![
            Edit::Rename {
                unit: d,
                name: "白云".into(),
            },
            Edit::Rename {
                unit: gone,
                name: "新名".into(),
            },
        ])
        .unwrap_err();
    assert_eq!(err.refused, vec![(1, want.clone())]);
    assert_eq!(h, before);
}

// ----- one downcast through Box<dyn Error> ----------------------------------------------

/// Asks `h` about `unit` the ways a caller would, boxing every error with `?`.
fn report(h: &Hierarchy, unit: UnitId, which: usize) -> Result<u64, Box<dyn Error>> {
    Ok(match which {
        0 => h.path(unit)?.to_string().len() as u64,
        1 => h.totals(unit, &Period::ALL)?.members(),
        2 => Validation::new(&Policy::default())
            .as_of(day(2023, 12, 31))
            .within(unit)
            .run(h)?
            .units_checked() as u64,
        3 => h.as_of(day(2023, 1, 1))?.unit(unit)?.members().total(),
        _ => Period::new(day(2023, 2, 1), day(2023, 1, 1))?
            .contains(day(2023, 1, 1))
            .into(),
    })
}

#[test]
fn one_downcast_matches_a_query_failure_through_a_boxed_error() {
    let (h, _, _, gone) = small();
    for which in 0..4 {
        let err = report(&h, gone, which).unwrap_err();
        let q = err.downcast_ref::<QueryError>();
        assert!(
            matches!(q, Some(QueryError::UnknownUnit { id }) if *id == gone),
            "{which}: {err}"
        );
    }
    let err = report(&h, gone, 4).unwrap_err();
    assert!(matches!(
        err.downcast_ref::<QueryError>(),
        Some(QueryError::EmptyPeriod { .. })
    ));
}

#[test]
fn a_batch_and_a_file_keep_the_stores_refusal_as_their_source() {
    let (mut h, [_, s, _], _, _) = small();
    let err = h
        .apply_batch(vec![Edit::RemoveUnit {
            unit: s,
            how: Removal::LeafOnly,
        }])
        .unwrap_err();
    let boxed: Box<dyn Error> = err.into();
    assert!(boxed.downcast_ref::<HierarchyError>().is_none());
    let inner = boxed.source().unwrap().downcast_ref::<HierarchyError>();
    assert!(matches!(inner, Some(HierarchyError::HasChildren { id, .. }) if *id == s));
    // A snapshot whose record names a unit the store has not got: the load's first
    // problem is the store's refusal, and its source the store's own error.
    let (mut with_record, [_, _, c], _, gone) = small();
    with_record
        .add_record(Record::new(
            c,
            day(2023, 5, 4),
            RecordKind::JointMeeting {
                matters: 1,
                problems_solved: 0,
            },
        ))
        .unwrap();
    let text = json::to_string(&with_record);
    let field = format!("\"unit\": {}", c.0);
    assert!(text.contains(&field), "{text}");
    let bad = text.replace(&field, &format!("\"unit\": {}", gone.0));
    let err = json::from_str(&bad).unwrap_err();
    assert!(matches!(err, LoadError::Invalid { .. }));
    let problem = err.source().expect("the first problem");
    let store = problem
        .source()
        .and_then(|e| e.downcast_ref::<HierarchyError>());
    assert_eq!(store, Some(&HierarchyError::UnknownUnit { id: gone }));
}

// ----- messages name key and name ---------------------------------------------------------

#[test]
fn messages_name_a_unit_by_its_explicit_key_else_its_code_else_its_id() {
    let (mut h, [d, s, c], _, _) = small();
    // Explicit key (the street), no key nor code (the community): its id.
    let err = h.move_unit(s, Some(c)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("JH-001 均禾街道 (a street) may not be placed under {c} 罗岗社区 (a community)")
    );
    // Units of a kind that nests: a cycle names both.
    let organ = UnitKind::Institution(Sector::Organ);
    let dept = h
        .add_unit(Some(d), Unit::new(organ, "区委组织部").with_key("ZZB"))
        .unwrap();
    let section = h.add_unit(Some(dept), Unit::new(organ, "组织科")).unwrap();
    let err = h.move_unit(dept, Some(section)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("moving ZZB 区委组织部 under {section} 组织科 would make a cycle")
    );
    // Division code (the district); a unit not yet added is named by its kind.
    let err = h
        .add_unit(Some(d), Unit::new(UnitKind::Village, "石马桥村"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a village may not be placed under 440111000000 白云区 (a district)"
    );
    // The label is kept beside the id, as the store named it.
    match err {
        HierarchyError::NotAllowed {
            parent,
            parent_label,
            ..
        } => {
            assert_eq!(parent, d);
            assert_eq!(
                (parent_label.key.as_str(), parent_label.name.as_str()),
                ("440111000000", "白云区")
            );
        }
        e => panic!("{e:?}"),
    }
}

#[cfg(feature = "datasets")]
mod baiyun {
    use partyorg::{HierarchyError, Org, OrgForm, Unit, UnitKind, hierarchy::Removal};

    use crate::support::{org_label, unit_label};

    /// Every refusal's message names the units of the embedded data by division code and
    /// name, never `#<number>`; the hierarchy is unchanged after each.
    #[test]
    fn refusals_name_baiyun_units_by_code_and_name_and_change_nothing() {
        let mut h = partyorg::baiyun::baiyun_2023();
        let before = h.clone();
        let find = |h: &partyorg::Hierarchy, name: &str| h.by_name(name).next().unwrap().id();
        let (district, junhe) = (find(&h, "白云区"), find(&h, "均禾街道"));
        let community = h.children(junhe).unwrap().next().unwrap().id();
        let named = |h: &partyorg::Hierarchy, id| unit_label(h, id).to_string();
        let (d, j, c) = (named(&h, district), named(&h, junhe), named(&h, community));
        assert_eq!(
            d,
            format!("{} 白云区", h.unit(district).unwrap().code().unwrap())
        );
        assert_eq!(
            j,
            format!("{} 均禾街道", h.unit(junhe).unwrap().code().unwrap())
        );
        let refusals: Vec<(HierarchyError, Vec<&str>)> = vec![
            (
                h.move_unit(district, Some(junhe)).unwrap_err(),
                vec![&d, &j],
            ),
            (
                h.add_unit(Some(district), Unit::new(UnitKind::Village, "新村"))
                    .unwrap_err(),
                vec![&d],
            ),
            (
                h.remove_unit(junhe, Removal::LeafOnly).unwrap_err(),
                vec![&j],
            ),
            (h.attach(community, district).unwrap_err(), vec![&c, &j]),
            (
                h.add_unit(
                    Some(district),
                    Unit::new(UnitKind::Street, "新街道")
                        .with_code(h.unit(junhe).unwrap().code().unwrap()),
                )
                .unwrap_err(),
                vec![&j],
            ),
        ];
        for (err, names) in &refusals {
            let text = err.to_string();
            for name in names {
                assert!(text.contains(name), "{text:?} should name {name:?}");
            }
            assert!(!text.contains('#'), "{text:?} names a unit by number");
        }
        assert!(
            matches!(refusals[0].0, HierarchyError::NotAllowed { child, parent, .. } if child == Some(district) && parent == junhe)
        );
        assert!(matches!(refusals[1].0, HierarchyError::NotAllowed { .. }));
        assert!(matches!(refusals[2].0, HierarchyError::HasChildren { .. }));
        assert!(matches!(
            refusals[3].0,
            HierarchyError::AlreadyHasParent { .. }
        ));
        assert!(matches!(
            refusals[4].0,
            HierarchyError::DuplicateCode { .. }
        ));
        assert_eq!(h, before);
        // A cycle (the embedded units have no kind that nests, so the cycle is the 隶属
        // tree's) names both organizations by key and name.
        let (top, below) = h
            .orgs()
            .filter(|o| !o.is_own())
            .find_map(|o| Some((o.id(), o.subordinates().next()?.id())))
            .expect("an organization in its own right with one below it");
        let err = h.set_superior(top, Some(below)).unwrap_err();
        let text = err.to_string();
        assert!(text.contains(&org_label(&h, top).to_string()), "{text}");
        assert!(text.contains(&org_label(&h, below).to_string()), "{text}");
        assert!(text.contains(h.org(top).unwrap().name()), "{text}");
        assert!(matches!(err, HierarchyError::OrgCycle { org, .. } if org == top));
        let err = h
            .add_org(Some(top), junhe, Org::new(OrgForm::Temporary, "临时党支部"))
            .unwrap_err();
        assert!(err.to_string().contains("临时党支部"), "{err}");
        assert_eq!(h, before);
    }
}

#[test]
fn a_store_error_keeps_its_label_when_the_unit_is_renamed_later() {
    let (mut h, [_, s, c], _, _) = small();
    let err = h.move_unit(s, Some(c)).unwrap_err();
    let then = unit_label(&h, s);
    h.rename(s, "嘉禾街道").unwrap();
    // The message was captured when the store refused, not looked up when shown.
    assert!(err.to_string().contains(&then.to_string()));
    assert!(!err.to_string().contains(&unit_label(&h, s).to_string()));
}
