//! Fixtures shared by several modules of tests: small hierarchies under 白云区, and
//! scratch paths for files.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use partyorg::{Hierarchy, PairingKind, RecordKind, Unit, UnitId, UnitKind};

/// A folder of one test's own, made, and a path in it for each file format: a folder of
/// tables, a JSON snapshot and (with the feature) a workbook.
pub fn format_paths(
    prefix: &str,
    tag: &str,
) -> (PathBuf, Vec<(partyorg::interchange::Format, PathBuf)>) {
    use partyorg::interchange::Format;
    let dir = scratch_path(prefix, tag);
    std::fs::create_dir_all(&dir).unwrap();
    let paths = vec![
        (Format::Folder, dir.join("tables")),
        (Format::Json, dir.join("h.json")),
        #[cfg(feature = "xlsx")]
        (Format::Xlsx, dir.join("h.xlsx")),
    ];
    (dir, paths)
}

/// A path of one test's own under the temporary folder,
/// `partyorg-{prefix}-{process}-{n}-{tag}`, with nothing there.
pub fn scratch_path(prefix: &str, tag: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let path = std::env::temp_dir().join(format!(
        "partyorg-{prefix}-{}-{}-{tag}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&path);
    path
}

/// 白云区 with one unit under it: the hierarchy, the district and the unit.
pub fn under_a_district(unit: Unit) -> (Hierarchy, UnitId, UnitId) {
    let mut h = Hierarchy::new();
    let district = h
        .add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    let child = h.add_unit(Some(district), unit).unwrap();
    (h, district, child)
}

/// 白云区 with two streets: the hierarchy, the district and the streets.
pub fn two_streets() -> (Hierarchy, UnitId, [UnitId; 2]) {
    let (mut h, district, a) = under_a_district(Unit::new(UnitKind::Street, "均禾街道"));
    let b = h
        .add_unit(Some(district), Unit::new(UnitKind::Street, "松洲街道"))
        .unwrap();
    (h, district, [a, b])
}

/// A pairing kind of every type (a first secretary with and without a name).
pub fn every_pairing_kind() -> [PairingKind; 6] {
    [
        PairingKind::TownStreet,
        PairingKind::JointBuilding,
        PairingKind::OrganCoop { sections: 4 },
        PairingKind::CadreHousehold {
            cadres: 12,
            households: 30,
        },
        PairingKind::FirstSecretary {
            secretary: Some("李四".into()),
        },
        PairingKind::FirstSecretary { secretary: None },
    ]
}

/// A record kind of every type.
pub fn every_record_kind() -> [RecordKind; 4] {
    [
        RecordKind::JointMeeting {
            matters: 3,
            problems_solved: 5,
        },
        RecordKind::Activity { participants: 30 },
        RecordKind::Appeals {
            raised: 9,
            resolved: 7,
        },
        RecordKind::Training { person_times: 80 },
    ]
}

/// How an error names a unit of `h`: its explicit key, else its division code, else its
/// id (`#19`); and its name.
pub fn unit_label(h: &Hierarchy, id: UnitId) -> partyorg::Label {
    let u = h.unit(id).unwrap();
    let explicit = (u.key() != id.0.to_string()).then(|| u.key().into_owned());
    let key = explicit
        .or_else(|| u.code().map(|c| c.to_string()))
        .unwrap_or_else(|| id.to_string());
    partyorg::Label {
        key,
        name: u.name().to_owned(),
    }
}

/// How an error names an organization of `h`: its explicit key, else its organization
/// code, else its id (`org#19`); and its name.
pub fn org_label(h: &Hierarchy, id: partyorg::OrgId) -> partyorg::Label {
    let o = h.org(id).unwrap();
    let explicit = (o.key() != id.0.to_string()).then(|| o.key().into_owned());
    let key = explicit
        .or_else(|| o.code().map(str::to_owned))
        .unwrap_or_else(|| id.to_string());
    partyorg::Label {
        key,
        name: o.name().to_owned(),
    }
}
