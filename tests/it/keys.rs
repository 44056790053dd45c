//! External keys: units and organizations keyed by a department's own text, kept byte
//! for byte beside the compact internal ids.

use partyorg::{
    Hierarchy, HierarchyError, Org, OrgForm, Unit, UnitId, UnitKind, batch::Edit,
    hierarchy::Removal, org::BigCommittee, org::TemporaryOrg, unit::BigCommitteeKind,
    unit::TaskPurpose,
};

fn district() -> (Hierarchy, UnitId) {
    let mut h = Hierarchy::new();
    let d = h
        .add_unit(
            None,
            Unit::new(UnitKind::District, "白云区").with_key("440111000000"),
        )
        .unwrap();
    (h, d)
}

#[test]
fn keys_of_every_style_are_kept_byte_for_byte_and_found() {
    let (mut h, d) = district();
    let keys = [
        "440111013000",
        "001001001004000",
        "JH-001",
        "均禾街道 ",
        "0017",
    ];
    let mut ids = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        let id = h
            .add_unit(
                Some(d),
                Unit::new(UnitKind::Street, format!("街道{i}")).with_key(*k),
            )
            .unwrap();
        ids.push(id);
    }
    for (k, id) in keys.iter().zip(&ids) {
        assert_eq!(h.unit_by_key(k).unwrap().id(), *id, "{k:?}");
        assert_eq!(h.unit(*id).unwrap().key(), *k);
        assert_eq!(h.unit(*id).unwrap().to_unit().key.as_deref(), Some(*k));
    }
    // Neighbours of a key find nothing: no trimming, no case folding, no number parsing.
    for near in ["JH-001 ", "jh-001", "17", "均禾街道", "440111013000.0"] {
        assert!(h.unit_by_key(near).is_none(), "{near:?}");
    }
    // A unit without a key is keyed by its id's number.
    let plain = h
        .add_unit(Some(d), Unit::new(UnitKind::Street, "无编号街道"))
        .unwrap();
    assert_eq!(h.unit(plain).unwrap().key(), plain.0.to_string());
    assert_eq!(h.unit_by_key(&plain.0.to_string()).unwrap().id(), plain);
    // A unit with a key is not also found by its number.
    assert!(h.unit_by_key(&ids[2].0.to_string()).is_none());
}

#[test]
fn keys_are_unique_non_empty_and_never_another_nodes_number() {
    let (mut h, d) = district();
    let before = h.clone();
    let refused = |h: &mut Hierarchy, key: &str| {
        h.add_unit(Some(d), Unit::new(UnitKind::Street, "x").with_key(key))
            .unwrap_err()
    };
    assert_eq!(
        refused(&mut h, "440111000000"),
        HierarchyError::DuplicateKey {
            key: "440111000000".into()
        }
    );
    assert!(matches!(refused(&mut h, ""), HierarchyError::BadKey { .. }));
    assert!(matches!(
        refused(&mut h, " \t"),
        HierarchyError::BadKey { .. }
    ));
    // "0" is the district's id: a key that is a number names that node.
    assert!(matches!(
        refused(&mut h, "0"),
        HierarchyError::BadKey { .. }
    ));
    assert_eq!(h, before, "a refused key changes nothing");
    // Its own id's number is no key of its own: accepted, and not stored.
    let id = h
        .add_unit(Some(d), Unit::new(UnitKind::Street, "y").with_key("1"))
        .unwrap();
    assert_eq!(id, UnitId(1));
    assert_eq!(h.unit(id).unwrap().to_unit().key, None);
    // Units and organizations are keyed apart: the same text in both tables is fine.
    let o = h
        .add_org(
            None,
            d,
            Org::new(OrgForm::Committee, "区委").with_key("440111000000"),
        )
        .unwrap();
    assert_eq!(h.org_by_key("440111000000").unwrap().id(), o);
    assert_eq!(h.unit_by_key("440111000000").unwrap().id(), d);
    assert_eq!(
        h.add_org(
            None,
            d,
            Org::new(OrgForm::Branch, "支部").with_key("440111000000")
        ),
        Err(HierarchyError::DuplicateKey {
            key: "440111000000".into()
        })
    );
}

#[test]
fn outside_organizations_carry_keys_too() {
    let (mut h, d) = district();
    let day = chrono::NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    let t = h
        .add_temporary(
            TemporaryOrg::new("临时党支部", TaskPurpose::Project, d, day).with_key("LS-01"),
        )
        .unwrap();
    let bc = h
        .add_big_committee(
            BigCommittee::new("大党委", BigCommitteeKind::Regional, d).with_key("DDW-01"),
        )
        .unwrap();
    assert_eq!(h.org_by_key("LS-01").unwrap().id(), t);
    assert_eq!(h.org_by_key("DDW-01").unwrap().id(), bc);
    assert_eq!(
        h.org(t).unwrap().to_temporary().unwrap().key.as_deref(),
        Some("LS-01")
    );
    assert_eq!(
        h.org(bc)
            .unwrap()
            .to_big_committee()
            .unwrap()
            .key
            .as_deref(),
        Some("DDW-01")
    );
}

#[test]
fn a_removed_nodes_key_is_free_again_but_its_id_is_not() {
    let (mut h, d) = district();
    let s = h
        .add_unit(
            Some(d),
            Unit::new(UnitKind::Street, "均禾街道").with_key("JH"),
        )
        .unwrap();
    h.remove_unit(s, Removal::LeafOnly).unwrap();
    assert!(h.unit_by_key("JH").is_none());
    let again = h
        .add_unit(
            Some(d),
            Unit::new(UnitKind::Street, "均禾街道").with_key("JH"),
        )
        .unwrap();
    assert_ne!(again, s);
    assert_eq!(h.unit_by_key("JH").unwrap().id(), again);
}

#[test]
fn a_refused_batch_gives_every_key_back() {
    let (mut h, d) = district();
    let s = h
        .add_unit(
            Some(d),
            Unit::new(UnitKind::Street, "均禾街道").with_key("JH"),
        )
        .unwrap();
    let before = h.clone();
    let err = h.apply_batch(vec![
        Edit::RemoveUnit {
            unit: s,
            how: Removal::Subtree,
        },
        Edit::AddUnit {
            id: UnitId(50),
            parent: Some(d),
            unit: Unit::new(UnitKind::Street, "新街道").with_key("XJ"),
        },
        // Refused: the unit is gone.
        Edit::Rename {
            unit: s,
            name: "x".into(),
        },
    ]);
    assert!(err.is_err());
    assert_eq!(h, before);
    assert_eq!(h.unit_by_key("JH").unwrap().id(), s);
    assert!(h.unit_by_key("XJ").is_none());
}
