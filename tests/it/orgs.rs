//! Party organizations as nodes of their own: the one-table form's own organizations,
//! organizations recorded in their own right with a 隶属 tree that differs from the
//! place tree, joint branches' coverage, removal, refusals and batches.

use crate::support::org_label;
use partyorg::hierarchy::OrgLink;
use partyorg::{
    Hierarchy, HierarchyError, Members, Org, OrgForm, OrgId, PartyForm, Sector, Unit, UnitId,
    UnitKind, batch::Edit, hierarchy::Removal,
};

fn unit(kind: UnitKind, name: &str) -> Unit {
    Unit::new(kind, name)
}

fn org_ids<'a>(it: impl Iterator<Item = partyorg::OrgRef<'a>>) -> Vec<OrgId> {
    it.map(|o| o.id()).collect()
}

/// 白云区 with a street, a community under it, two villages under a town and an organ,
/// a school and three enterprises under the district; no organizations yet.
struct Place {
    h: Hierarchy,
    district: UnitId,
    street: UnitId,
    community: UnitId,
    town: UnitId,
    village: UnitId,
    coop: UnitId,
    organ: UnitId,
    school: UnitId,
    firms: [UnitId; 3],
}

fn place() -> Place {
    let mut h = Hierarchy::new();
    let district = h
        .add_unit(None, unit(UnitKind::District, "白云区"))
        .unwrap();
    let street = h
        .add_unit(Some(district), unit(UnitKind::Street, "均禾街道"))
        .unwrap();
    let community = h
        .add_unit(Some(street), unit(UnitKind::Community, "罗岗社区"))
        .unwrap();
    let town = h
        .add_unit(Some(district), unit(UnitKind::Town, "钟落潭镇"))
        .unwrap();
    let village = h
        .add_unit(Some(town), unit(UnitKind::Village, "龙岗村"))
        .unwrap();
    let coop = h
        .add_unit(Some(village), unit(UnitKind::EconomicCoop, "第一经济社"))
        .unwrap();
    let organ = h
        .add_unit(
            Some(district),
            unit(UnitKind::Institution(Sector::Organ), "区委组织部"),
        )
        .unwrap();
    let school = h
        .add_unit(
            Some(district),
            unit(UnitKind::Institution(Sector::School), "白云区实验小学"),
        )
        .unwrap();
    let firms = ["甲公司", "乙公司", "丙公司"].map(|n| {
        h.add_unit(
            Some(street),
            unit(UnitKind::Institution(Sector::NonPublicEnterprise), n)
                .with_members(Members::new(2, 0)),
        )
        .unwrap()
    });
    Place {
        h,
        district,
        street,
        community,
        town,
        village,
        coop,
        organ,
        school,
        firms,
    }
}

// ----- the one-table form ------------------------------------------------------------

#[test]
fn a_units_party_form_is_its_own_organization_reporting_up_the_place_tree() {
    let mut p = place();
    let h = &mut p.h;
    h.set_party_form(p.town, Some(PartyForm::Committee))
        .unwrap();
    h.set_members(p.village, Members::new(60, 2)).unwrap();
    h.set_party_form(p.village, Some(PartyForm::GeneralBranch))
        .unwrap();
    assert_eq!(h.org_count(), 2);
    let own = h.orgs_based_in(p.village).unwrap().next().unwrap();
    assert!(own.is_own());
    assert_eq!(own.form(), OrgForm::GeneralBranch);
    assert_eq!(own.name(), "龙岗村");
    assert_eq!(own.members(), Members::new(60, 2));
    let town_org = h.orgs_based_in(p.town).unwrap().next().unwrap().id();
    assert_eq!(own.superior().unwrap().id(), town_org);
    // Its members are the unit's, in both trees.
    h.set_members(p.village, Members::new(70, 0)).unwrap();
    assert_eq!(h.org_totals(town_org).unwrap().members(), 70);
    // Renaming the unit renames its own organization.
    h.rename(p.village, "龙岗村委会").unwrap();
    let own = h.orgs_based_in(p.village).unwrap().next().unwrap();
    assert_eq!(own.name(), "龙岗村委会");
    assert_eq!(
        h.unit(p.village).unwrap().party_form(),
        Some(PartyForm::GeneralBranch)
    );
}

#[test]
fn an_own_organization_follows_its_unit_when_the_unit_moves() {
    let mut p = place();
    let h = &mut p.h;
    h.set_party_form(p.street, Some(PartyForm::Committee))
        .unwrap();
    h.set_party_form(p.town, Some(PartyForm::Committee))
        .unwrap();
    h.set_party_form(p.coop, Some(PartyForm::Branch)).unwrap();
    let street_org = h.orgs_based_in(p.street).unwrap().next().unwrap().id();
    let town_org = h.orgs_based_in(p.town).unwrap().next().unwrap().id();
    let coop_org = h.orgs_based_in(p.coop).unwrap().next().unwrap().id();
    // The village has no organization: the co-op's reports to the town's.
    assert_eq!(h.org(coop_org).unwrap().superior().unwrap().id(), town_org);
    h.move_unit(p.village, Some(p.street)).unwrap();
    assert_eq!(
        h.org(coop_org).unwrap().superior().unwrap().id(),
        street_org
    );
    // A nearer organization, once there, takes it.
    h.set_party_form(p.village, Some(PartyForm::GeneralBranch))
        .unwrap();
    let village_org = h.orgs_based_in(p.village).unwrap().next().unwrap().id();
    assert_eq!(
        h.org(coop_org).unwrap().superior().unwrap().id(),
        village_org
    );
    assert_eq!(
        org_ids(h.org_ancestors(coop_org).unwrap()),
        vec![village_org, street_org]
    );
    // Its superior is the place tree's to decide.
    let before = h.clone();
    assert_eq!(
        h.set_superior(coop_org, Some(town_org)),
        Err(HierarchyError::OwnOrg {
            id: coop_org,
            label: org_label(h, coop_org),
        })
    );
    assert_eq!(*h, before);
}

// ----- organizations in their own right ----------------------------------------------

/// 区委 → 区直机关工委 → the organ's branch; 区委 → 教育工委 → the school's committee;
/// 区委 → 均禾街道党工委 → 罗岗社区党委 → two grid branches, and a joint branch of three
/// enterprises.
struct Orgs {
    district: OrgId,
    organs: OrgId,
    organ_branch: OrgId,
    education: OrgId,
    school: OrgId,
    street: OrgId,
    community: OrgId,
    grids: [OrgId; 2],
    joint: OrgId,
}

fn orgs(p: &mut Place) -> Orgs {
    let h = &mut p.h;
    let add = |h: &mut Hierarchy, sup: Option<OrgId>, u: UnitId, form, name: &str, full| {
        h.add_org(
            sup,
            u,
            Org::new(form, name).with_members(Members::new(full, 1)),
        )
        .unwrap()
    };
    let district = add(h, None, p.district, OrgForm::Committee, "中共白云区委", 0);
    let organs = add(
        h,
        Some(district),
        p.district,
        OrgForm::WorkingCommittee,
        "区直机关工委",
        0,
    );
    let organ_branch = add(
        h,
        Some(organs),
        p.organ,
        OrgForm::Branch,
        "区委组织部党支部",
        30,
    );
    let education = add(
        h,
        Some(district),
        p.district,
        OrgForm::WorkingCommittee,
        "区教育工委",
        0,
    );
    let school = add(
        h,
        Some(education),
        p.school,
        OrgForm::Committee,
        "实验小学党委",
        110,
    );
    let street = add(
        h,
        Some(district),
        p.street,
        OrgForm::WorkingCommittee,
        "均禾街道党工委",
        0,
    );
    let community = add(
        h,
        Some(street),
        p.community,
        OrgForm::Committee,
        "罗岗社区党委",
        5,
    );
    let grids = [
        add(
            h,
            Some(community),
            p.community,
            OrgForm::Branch,
            "第一网格党支部",
            40,
        ),
        add(
            h,
            Some(community),
            p.community,
            OrgForm::Branch,
            "第二网格党支部",
            35,
        ),
    ];
    let joint = add(
        h,
        Some(street),
        p.firms[0],
        OrgForm::JointBranch,
        "均禾街道非公企业联合党支部",
        6,
    );
    h.cover(joint, p.firms[1]).unwrap();
    h.cover(joint, p.firms[2]).unwrap();
    Orgs {
        district,
        organs,
        organ_branch,
        education,
        school,
        street,
        community,
        grids,
        joint,
    }
}

#[test]
fn the_organization_tree_is_not_the_place_tree() {
    let mut p = place();
    let o = orgs(&mut p);
    let h = &p.h;
    // The organ stands under the district in the place tree, its branch under the
    // working committee in the 隶属 tree.
    assert_eq!(h.unit(p.organ).unwrap().parent().unwrap().id(), p.district);
    assert_eq!(
        org_ids(h.org_ancestors(o.organ_branch).unwrap()),
        vec![o.organs, o.district]
    );
    assert_eq!(
        org_ids(h.org(o.district).unwrap().subordinates()),
        vec![o.organs, o.education, o.street]
    );
    assert_eq!(
        org_ids(h.org(o.community).unwrap().subordinates()),
        o.grids.to_vec()
    );
    // One unit, three organizations.
    assert_eq!(
        org_ids(h.orgs_based_in(p.community).unwrap()),
        vec![o.community, o.grids[0], o.grids[1]]
    );
    assert_eq!(
        org_ids(h.org_subtree(o.street).unwrap()),
        vec![o.street, o.community, o.grids[0], o.grids[1], o.joint]
    );
    assert_eq!(org_ids(h.org_roots()), vec![o.district]);
    assert_eq!(h.org(o.school).unwrap().based_in().id(), p.school);
    assert_eq!(h.org(o.education).unwrap().based_in().id(), p.district);
}

#[test]
fn a_working_committees_totals_are_the_sum_of_what_stands_below_it() {
    let mut p = place();
    let o = orgs(&mut p);
    let h = &mut p.h;
    let street = h.org_totals(o.street).unwrap();
    let below: Vec<OrgId> = vec![o.street, o.community, o.grids[0], o.grids[1], o.joint];
    let sum: Members = below.iter().fold(Members::default(), |m, &id| {
        let x = h.org(id).unwrap().members();
        Members::new(m.full + x.full, m.probationary + x.probationary)
    });
    assert_eq!(street.full_members, u64::from(sum.full));
    assert_eq!(street.probationary_members, u64::from(sum.probationary));
    assert_eq!(street.orgs, 5);
    assert_eq!(street.of_form(OrgForm::Branch), 2);
    assert_eq!(street.of_form(OrgForm::JointBranch), 1);
    assert_eq!(street.of_form(OrgForm::Committee), 1);
    assert_eq!(street.of_form(OrgForm::WorkingCommittee), 1);
    let all = h.org_totals(o.district).unwrap();
    assert_eq!(all.orgs, h.org_count() as u64);
    // A member change is seen at once all the way up.
    let before = all.full_members;
    h.set_org_members(o.grids[1], Members::new(45, 1)).unwrap();
    assert_eq!(h.org_totals(o.district).unwrap().full_members, before + 10);
    assert_eq!(
        h.org_totals(o.street).unwrap().full_members,
        street.full_members + 10
    );
    // The place tree's members are the units', untouched.
    assert_eq!(h.unit(p.community).unwrap().members(), Members::default());
}

#[test]
fn a_joint_branch_covers_every_unit_it_serves() {
    let mut p = place();
    assert!(!p.h.is_covered(p.firms[1]).unwrap());
    let o = orgs(&mut p);
    let h = &p.h;
    for firm in p.firms {
        assert!(h.is_covered(firm).unwrap(), "{firm} is covered");
        assert_eq!(org_ids(h.orgs_covering(firm).unwrap()), vec![o.joint]);
    }
    let covered: Vec<UnitId> = h.org(o.joint).unwrap().covers().map(|u| u.id()).collect();
    assert_eq!(covered.len(), 2);
    assert!(covered.contains(&p.firms[1]) && covered.contains(&p.firms[2]));
    assert!(!h.is_covered(p.village).unwrap());
    assert!(h.is_covered(p.community).unwrap());
}

// ----- removal and refusals ------------------------------------------------------------

#[test]
fn removing_a_unit_removes_its_organizations_and_lifts_those_below_them() {
    let mut p = place();
    let o = orgs(&mut p);
    let h = &mut p.h;
    let removed = h.remove_unit(p.community, Removal::LeafOnly).unwrap();
    let mut gone = vec![o.community, o.grids[0], o.grids[1]];
    gone.sort();
    assert_eq!(removed.orgs, gone);
    for id in &gone {
        assert!(h.org(*id).is_err());
    }
    assert_eq!(h.org_count(), 7);
    // Ids of removed organizations are never accepted again.
    assert_eq!(
        h.add_org_with_id(
            o.community,
            Some(o.street),
            p.street,
            Org::new(OrgForm::Branch, "x")
        ),
        Err(HierarchyError::RetiredOrgId { id: o.community })
    );
    // A branch recorded below an organization of a removed unit passes to the nearest
    // one above that stays.
    let mut p = place();
    let o = orgs(&mut p);
    let h = &mut p.h;
    let firm_branch = h
        .add_org(
            Some(o.grids[0]),
            p.firms[1],
            Org::new(OrgForm::Group, "党小组"),
        )
        .unwrap();
    h.remove_unit(p.community, Removal::LeafOnly).unwrap();
    assert_eq!(
        h.org(firm_branch).unwrap().superior().unwrap().id(),
        o.street
    );
}

#[test]
fn organization_refusals_change_nothing() {
    let mut p = place();
    let o = orgs(&mut p);
    let h = &mut p.h;
    let before = h.clone();
    assert_eq!(
        h.set_superior(o.street, Some(o.grids[0])),
        Err(HierarchyError::OrgCycle {
            org: o.street,
            new_superior: o.grids[0],
            org_label: org_label(h, o.street),
            superior_label: org_label(h, o.grids[0]),
        })
    );
    assert_eq!(
        h.set_superior(o.street, Some(o.street)),
        Err(HierarchyError::OrgCycle {
            org: o.street,
            new_superior: o.street,
            org_label: org_label(h, o.street),
            superior_label: org_label(h, o.street),
        })
    );
    assert_eq!(
        h.remove_org(o.community, Removal::LeafOnly),
        Err(HierarchyError::OrgHasSubordinates {
            id: o.community,
            subordinates: 2,
            label: org_label(h, o.community),
        })
    );
    assert_eq!(
        h.add_org(Some(OrgId(999)), p.street, Org::new(OrgForm::Branch, "x")),
        Err(HierarchyError::UnknownOrg { id: OrgId(999) })
    );
    assert_eq!(
        h.add_org_with_id(o.joint, None, p.street, Org::new(OrgForm::Branch, "x")),
        Err(HierarchyError::DuplicateOrgId { id: o.joint })
    );
    assert_eq!(
        h.add_org_with_id(
            OrgId(u32::MAX),
            None,
            p.street,
            Org::new(OrgForm::Branch, "x")
        ),
        Err(HierarchyError::ReservedOrgId {
            id: OrgId(u32::MAX)
        })
    );
    assert_eq!(*h, before);
    // Moving an organization moves what stands below it.
    h.set_superior(o.community, Some(o.district)).unwrap();
    assert_ne!(*h, before);
    assert_eq!(
        org_ids(h.org_ancestors(o.grids[1]).unwrap()),
        vec![o.community, o.district]
    );
    assert_eq!(h.org_totals(o.street).unwrap().orgs, 2);
    // Lifting on removal, and a whole subtree.
    let lifted = h.remove_org(o.community, Removal::LiftChildren).unwrap();
    assert_eq!(lifted, vec![o.community]);
    assert_eq!(
        h.org(o.grids[0]).unwrap().superior().unwrap().id(),
        o.district
    );
    let gone = h.remove_org(o.education, Removal::Subtree).unwrap();
    assert_eq!(gone, vec![o.education, o.school]);
    assert!(h.org(o.school).is_err());
}

#[test]
fn a_refused_batch_gives_own_organizations_back_their_ids_and_what_stood_below() {
    let mut p = place();
    let h = &mut p.h;
    h.set_party_form(p.village, Some(PartyForm::GeneralBranch))
        .unwrap();
    let own = h.orgs_based_in(p.village).unwrap().next().unwrap().id();
    let coop_branch = h
        .add_org(
            Some(own),
            p.coop,
            Org::new(OrgForm::Branch, "第一经济社党支部"),
        )
        .unwrap();
    let before = h.clone();
    let err = h
        .apply_batch(vec![
            Edit::SetPartyForm {
                unit: p.village,
                form: None,
            },
            Edit::SetPartyForm {
                unit: p.street,
                form: Some(PartyForm::Committee),
            },
            Edit::RemoveUnit {
                unit: p.town,
                how: Removal::Subtree,
            },
            // Refused: the town is gone.
            Edit::SetMembers {
                unit: p.town,
                members: Members::new(1, 0),
            },
        ])
        .unwrap_err();
    assert_eq!(err.refused.len(), 1);
    assert_eq!(*h, before);
    assert_eq!(h.org(own).unwrap().form(), OrgForm::GeneralBranch);
    assert_eq!(h.org(coop_branch).unwrap().superior().unwrap().id(), own);
    // The ids the refused batch issued are free again.
    let next = h
        .add_org(None, p.street, Org::new(OrgForm::Branch, "新支部"))
        .unwrap();
    assert_eq!(next, OrgId(coop_branch.0 + 1));
}

// ----- validation ------------------------------------------------------------------------

fn report(h: &Hierarchy) -> partyorg::Report {
    partyorg::Validation::new(&partyorg::Policy::default())
        .as_of(chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap())
        .run(h)
        .unwrap()
}

fn rules_about(h: &Hierarchy, org: OrgId) -> Vec<partyorg::Rule> {
    report(h)
        .violations()
        .iter()
        .filter(|v| v.orgs.first() == Some(&org))
        .map(|v| v.rule)
        .collect()
}

#[test]
fn grassroots_thresholds_hold_organizations_by_their_form() {
    use partyorg::Rule;
    let mut p = place();
    let o = orgs(&mut p);
    let h = &mut p.h;
    // The fixture is within every threshold but the sizes of committees and the
    // committee a 40-member branch needs.
    assert_eq!(rules_about(h, o.grids[1]), vec![Rule::CommitteeMissing]);
    h.set_org_members(o.grids[1], Members::new(5, 1)).unwrap();
    assert_eq!(rules_about(h, o.grids[1]), vec![]);
    // A branch of 50 members is within; 51 is over.
    h.set_org_members(o.grids[1], Members::new(6, 44)).unwrap();
    assert_eq!(rules_about(h, o.grids[1]), vec![]);
    h.set_org_members(o.grids[1], Members::new(6, 45)).unwrap();
    assert_eq!(rules_about(h, o.grids[1]), vec![Rule::BranchTooLarge]);
    // A community committee counts its whole 隶属 subtree: below 100 it is too small.
    assert_eq!(rules_about(h, o.community), vec![Rule::CommitteeTooSmall]);
    // The 区委 and the working committees are not grassroots organizations.
    for id in [o.district, o.organs, o.education, o.street] {
        assert_eq!(rules_about(h, id), vec![], "{id}");
    }
    // A joint branch of five units is within; of six, too wide.
    let firms: Vec<UnitId> = (0..3)
        .map(|i| {
            h.add_unit(
                Some(p.street),
                unit(
                    UnitKind::Institution(Sector::NonPublicEnterprise),
                    &format!("丁公司{i}"),
                ),
            )
            .unwrap()
        })
        .collect();
    h.cover(o.joint, firms[0]).unwrap();
    h.cover(o.joint, firms[1]).unwrap();
    assert_eq!(rules_about(h, o.joint), vec![]);
    h.cover(o.joint, firms[2]).unwrap();
    assert_eq!(rules_about(h, o.joint), vec![Rule::JointBranchTooWide]);
}

#[test]
fn a_unit_with_members_is_covered_by_an_organization_based_in_it_or_covering_it() {
    use partyorg::Rule;
    let mut p = place();
    let h = &mut p.h;
    h.set_members(p.firms[0], Members::new(3, 0)).unwrap();
    let lacking = |h: &Hierarchy| -> Vec<UnitId> {
        report(h)
            .of_rule(Rule::NoOrganization)
            .map(|v| v.unit())
            .collect()
    };
    assert_eq!(lacking(h), vec![p.firms[0]]);
    let joint = h
        .add_org(
            None,
            p.firms[1],
            Org::new(OrgForm::JointBranch, "联合党支部"),
        )
        .unwrap();
    h.cover(joint, p.firms[0]).unwrap();
    assert_eq!(lacking(h), vec![]);
    assert_eq!(rules_about(h, joint), vec![]);
}

// ----- files -----------------------------------------------------------------------------

fn scratch(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("partyorg-orgs-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Loads a folder written from `files` (name, content) in a fresh scratch folder, which
/// is removed again.
fn load_folder(tag: &str, files: &[(&str, &str)]) -> Result<Hierarchy, partyorg::LoadError> {
    let dir = scratch(tag);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let loaded = partyorg::interchange::table::load_dir(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    loaded
}

fn folder_bytes(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_folder_with_organizations_converts_to_json_and_back_to_the_same_folder() {
    use partyorg::interchange::{json, table};
    let mut p = place();
    let o = orgs(&mut p);
    // One-table forms too, with an organization recorded below a unit's own one.
    p.h.set_party_form(p.village, Some(PartyForm::GeneralBranch))
        .unwrap();
    let village_org = p.h.orgs_based_in(p.village).unwrap().next().map(|x| x.id());
    let coop_branch =
        p.h.add_org(
            village_org,
            p.coop,
            Org::new(OrgForm::Branch, "第一经济社党支部")
                .with_code("001001001004000")
                .with_secretary("李四")
                .with_members(Members::new(12, 0))
                .with_committee_size(3),
        )
        .unwrap();
    // Organizations outside the 隶属 tree: a temporary organization and a big committee,
    // with their relations to other units.
    let day = chrono::NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    let t =
        p.h.add_temporary(
            partyorg::org::TemporaryOrg::new(
                "均禾街道专项整改临时党支部",
                partyorg::unit::TaskPurpose::SpecialRectification,
                p.street,
                day,
            )
            .with_members(Members::new(4, 0))
            .seconded_from(p.community, 4),
        )
        .unwrap();
    let bc =
        p.h.add_big_committee(
            partyorg::org::BigCommittee::new(
                "均禾商圈大党委",
                partyorg::unit::BigCommitteeKind::BusinessDistrict,
                p.street,
            )
            .with_member(p.firms[0])
            .with_member(p.firms[1])
            .with_part_time(p.firms[0], 2),
        )
        .unwrap();
    let first = scratch("first");
    table::save_dir(&p.h, &first).unwrap();
    let from_folder = table::load_dir(&first).unwrap();
    assert_eq!(from_folder, p.h);
    let text = json::to_string(&from_folder);
    let from_json = json::from_str(&text).unwrap();
    assert_eq!(from_json, p.h);
    let second = scratch("second");
    table::save_dir(&from_json, &second).unwrap();
    assert_eq!(folder_bytes(&first), folder_bytes(&second));
    // The organization tree's totals survive the trip.
    for id in [o.district, o.street, o.community, o.joint, coop_branch] {
        assert_eq!(
            from_json.org_totals(id).unwrap(),
            p.h.org_totals(id).unwrap(),
            "{id}"
        );
    }
    let branch = from_json.org(coop_branch).unwrap();
    assert_eq!(branch.code(), Some("001001001004000"));
    assert_eq!(branch.secretary(), Some("李四"));
    assert!(branch.superior().unwrap().is_own());
    for firm in p.firms {
        assert!(from_json.is_covered(firm).unwrap());
    }
    assert_eq!(
        from_json.org(t).unwrap().to_temporary(),
        p.h.org(t).unwrap().to_temporary()
    );
    assert_eq!(
        from_json.org(bc).unwrap().to_big_committee(),
        p.h.org(bc).unwrap().to_big_committee()
    );
    // They are rows of the organizations table, and their relations name them by `org`.
    let relations = String::from_utf8(std::fs::read(first.join("relations.csv")).unwrap()).unwrap();
    let org_col = relations
        .lines()
        .next()
        .unwrap()
        .split(',')
        .position(|c| c == "org")
        .unwrap();
    let naming = |o: OrgId| {
        relations
            .lines()
            .filter(|l| l.split(',').nth(org_col) == Some(o.0.to_string().as_str()))
            .count()
    };
    assert_eq!((naming(t), naming(bc)), (1, 3));
    let orgs_csv = String::from_utf8(std::fs::read(first.join("orgs.csv")).unwrap()).unwrap();
    assert!(
        orgs_csv.contains(",temporary,均禾街道专项整改临时党支部,"),
        "{orgs_csv}"
    );
    assert!(
        orgs_csv.contains(",big_committee,均禾商圈大党委,"),
        "{orgs_csv}"
    );
    assert!(
        orgs_csv.starts_with("id,parent,form,name,unit,parent_unit,"),
        "{orgs_csv}"
    );
    let _ = std::fs::remove_dir_all(&first);
    let _ = std::fs::remove_dir_all(&second);
}

#[test]
fn an_organizations_table_in_any_row_order_loads_with_its_tree() {
    use partyorg::interchange::table;
    let dir = scratch("handmade");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("units.csv"),
        "id,parent,kind,name,sector,party_form,full_members\n\
         1,,district,白云区,,,\n\
         2,1,street,均禾街道,,,\n\
         3,2,community,罗岗社区,,committee,120\n\
         4,2,institution,甲公司,non_public_enterprise,,2\n\
         5,2,institution,乙公司,non_public_enterprise,,2\n\
         6,2,institution,丙公司,non_public_enterprise,,1\n",
    )
    .unwrap();
    // Subordinates before their superiors; one below the community's own committee.
    std::fs::write(
        dir.join("orgs.csv"),
        "id,parent,form,name,unit,parent_unit,full_members,covers\n\
         12,11,joint_branch,非公企业联合党支部,4,,5,5;6\n\
         13,,branch,第一网格党支部,3,3,30,\n\
         11,10,working_committee,均禾街道党工委,2,,,\n\
         10,,committee,中共白云区委,1,,,\n",
    )
    .unwrap();
    let h = table::load_dir(&dir).unwrap();
    assert_eq!(h.org_count(), 5);
    let joint = h.org(OrgId(12)).unwrap();
    assert_eq!(joint.superior().unwrap().id(), OrgId(11));
    assert_eq!(
        org_ids(h.org_ancestors(OrgId(12)).unwrap()),
        vec![OrgId(11), OrgId(10)]
    );
    for u in [4, 5, 6] {
        assert!(h.is_covered(UnitId(u)).unwrap());
    }
    let grid = h.org(OrgId(13)).unwrap();
    let own = grid.superior().unwrap();
    assert!(own.is_own());
    assert_eq!(own.based_in().id(), UnitId(3));
    // The community's own committee reports to the organization of the nearest unit
    // above that has one: the street's working committee.
    assert_eq!(own.superior().unwrap().id(), OrgId(11));
    assert_eq!(h.org_totals(OrgId(11)).unwrap().full_members, 5 + 120 + 30);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_organization_rows_are_located_and_nothing_loads() {
    use partyorg::{LoadError, interchange::Position, interchange::ProblemKind};
    let Err(LoadError::Invalid { problems, .. }) = load_folder(
        "bad",
        &[
            (
                "units.csv",
                "id,parent,kind,name\n1,,district,白云区\n2,1,street,均禾街道\n",
            ),
            (
                "orgs.csv",
                "id,parent,form,name,unit,parent_unit\n\
         10,11,branch,甲,2,\n\
         11,10,branch,乙,2,\n\
         12,99,branch,丙,2,\n\
         13,,branch,丁,77,\n\
         14,,cell,戊,2,\n\
         15,,branch,己,2,2\n\
         15,,branch,庚,2,\n",
            ),
        ],
    ) else {
        panic!("a bad organizations table loaded");
    };
    let at = |line: u64| {
        problems
            .iter()
            .filter(|p| matches!(p.position, Position::Line { line: l, .. } if l == line))
            .map(|p| p.kind.clone())
            .collect::<Vec<_>>()
    };
    assert!(
        matches!(at(2)[..], [ProblemKind::OrgCycle { org: OrgId(10), .. }]),
        "{problems:?}"
    );
    assert!(matches!(
        at(4)[..],
        [ProblemKind::MissingSuperior {
            org: OrgId(12),
            superior: OrgId(99)
        }]
    ));
    assert!(matches!(
        at(5)[..],
        [ProblemKind::Refused(HierarchyError::UnknownUnit {
            id: UnitId(77)
        })]
    ));
    assert!(matches!(at(6)[..], [ProblemKind::BadValue { .. }]));
    assert!(matches!(
        at(7)[..],
        [ProblemKind::NoOwnOrg { unit: UnitId(2) }]
    ));
    assert!(matches!(
        at(8)[..],
        [ProblemKind::DuplicateId { id: 15, .. }]
    ));
    for p in &problems {
        assert!(p.file.ends_with("orgs.csv"), "{p}");
        assert!(!p.to_string().is_empty());
    }
}

#[test]
fn a_single_units_file_refuses_organizations_it_cannot_hold() {
    let mut p = place();
    let path = scratch("single").with_extension("csv");
    partyorg::save_path(&p.h, &path).unwrap();
    orgs(&mut p);
    assert!(matches!(
        partyorg::save_path(&p.h, &path),
        Err(partyorg::SaveError::WouldLoseData { .. })
    ));
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_units_own_organization_may_report_to_an_organization_recorded_in_its_own_right() {
    use partyorg::interchange::{json, table};
    let mut p = place();
    let h = &mut p.h;
    h.set_party_form(p.district, Some(PartyForm::Committee))
        .unwrap();
    h.set_members(p.organ, Members::new(30, 0)).unwrap();
    h.set_party_form(p.organ, Some(PartyForm::Branch)).unwrap();
    let district_org = h.own_org_of_unit(p.district).unwrap();
    let organ_org = h.own_org_of_unit(p.organ).unwrap();
    assert_eq!(
        h.org(organ_org).unwrap().superior().unwrap().id(),
        district_org
    );
    let organs = h
        .add_org(
            Some(district_org),
            p.district,
            Org::new(OrgForm::WorkingCommittee, "区直机关工委"),
        )
        .unwrap();
    h.set_superior(organ_org, Some(organs)).unwrap();
    assert_eq!(
        org_ids(h.org_ancestors(organ_org).unwrap()),
        vec![organs, district_org]
    );
    assert_eq!(h.org_totals(organs).unwrap().full_members, 30);
    // The recorded superior survives files: the unit row names it.
    let dir = scratch("party-parent");
    table::save_dir(h, &dir).unwrap();
    let units_csv = std::fs::read_to_string(dir.join("units.csv")).unwrap();
    assert!(units_csv.lines().next().unwrap().ends_with(",party_parent"));
    let back = table::load_dir(&dir).unwrap();
    assert_eq!(back, *h);
    assert_eq!(json::from_str(&json::to_string(h)).unwrap(), *h);
    let organ_back = back.own_org_of_unit(p.organ).unwrap();
    assert_eq!(
        back.org(organ_back).unwrap().superior().unwrap().id(),
        organs
    );
    // Cleared, the superior follows the place tree again.
    h.set_superior(organ_org, None).unwrap();
    assert_eq!(
        h.org(organ_org).unwrap().superior().unwrap().id(),
        district_org
    );
    assert_eq!(h.org_totals(organs).unwrap().full_members, 0);
    let _ = std::fs::remove_dir_all(&dir);
}

// ----- the organization tree against a model -------------------------------------------

mod model {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// A place tree of up to 40 standing units (a district, streets, communities,
    /// estates), some with a party form, and up to 30 organizations recorded in their
    /// own right with random superiors among those before them.
    #[derive(Clone, Debug)]
    struct Spec {
        units: Vec<(usize, Option<PartyForm>, u32)>,
        orgs: Vec<(usize, Option<usize>, u32)>,
    }

    fn spec() -> impl Strategy<Value = Spec> {
        let form = prop_oneof![
            Just(None),
            Just(Some(PartyForm::Branch)),
            Just(Some(PartyForm::Committee))
        ];
        (
            proptest::collection::vec((any::<usize>(), form, 0u32..60), 1..40),
            proptest::collection::vec((any::<usize>(), any::<Option<usize>>(), 0u32..60), 0..30),
        )
            .prop_map(|(units, orgs)| Spec { units, orgs })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn subtree_totals_and_superiors_agree_with_a_model(spec in spec()) {
            let mut h = Hierarchy::new();
            let mut units: Vec<UnitId> = Vec::new();
            let mut parent_of: HashMap<UnitId, UnitId> = HashMap::new();
            for (i, &(p, form, full)) in spec.units.iter().enumerate() {
                // Streets under the district, communities under streets, estates under
                // communities (a unit picked under an estate goes beside it).
                let (kind, parent) = if i == 0 {
                    (UnitKind::District, None)
                } else {
                    let mut p = units[p % i];
                    if h.unit(p).unwrap().kind() == UnitKind::Estate {
                        p = parent_of[&p];
                    }
                    let kind = match h.unit(p).unwrap().kind() {
                        UnitKind::District => UnitKind::Street,
                        UnitKind::Street => UnitKind::Community,
                        _ => UnitKind::Estate,
                    };
                    (kind, Some(p))
                };
                let mut u = Unit::new(kind, format!("单位{i}")).with_members(Members::new(full, 0));
                u.party_form = form;
                let id = h.add_unit(parent, u).unwrap();
                if let Some(p) = parent {
                    parent_of.insert(id, p);
                }
                units.push(id);
            }
            // Recorded organizations; superiors among those recorded before (or none).
            let mut recorded: Vec<(OrgId, Option<OrgId>)> = Vec::new();
            for (i, &(u, sup, full)) in spec.orgs.iter().enumerate() {
                let unit = units[u % units.len()];
                let sup = sup.and_then(|s| (i > 0).then(|| recorded[s % i].0));
                let id = h
                    .add_org(sup, unit, Org::new(OrgForm::Branch, format!("组织{i}")).with_members(Members::new(full, 0)))
                    .unwrap();
                recorded.push((id, sup));
            }
            let recorded_sup: HashMap<OrgId, Option<OrgId>> = recorded.iter().copied().collect();
            // The model's superior of every organization.
            let principal = |h: &Hierarchy, u: UnitId| -> Option<OrgId> {
                h.own_org_of_unit(u).or_else(|| h.orgs_based_in(u).unwrap().map(|o| o.id()).min())
            };
            let model_superior = |o: OrgId| -> Option<OrgId> {
                if let Some(s) = recorded_sup.get(&o) {
                    return *s;
                }
                let mut cur = parent_of.get(&h.org(o).unwrap().based_in().id()).copied();
                while let Some(u) = cur {
                    if let Some(p) = principal(&h, u) {
                        return Some(p);
                    }
                    cur = parent_of.get(&u).copied();
                }
                None
            };
            let all: Vec<OrgId> = h.orgs().map(|o| o.id()).collect();
            prop_assert_eq!(all.len(), h.org_count());
            prop_assert_eq!(h.org_layout().len(), all.len());
            for &o in &all {
                let got = h.org(o).unwrap().superior().map(|s| s.id());
                prop_assert_eq!(got, model_superior(o), "superior of {}", o);
            }
            // Totals: every organization whose model chain passes through `o`.
            for &o in &all {
                let mut want_full = 0u64;
                let mut want_orgs = 0u64;
                for &x in &all {
                    let mut cur = Some(x);
                    while let Some(c) = cur {
                        if c == o {
                            want_full += u64::from(h.org(x).unwrap().members().full);
                            want_orgs += 1;
                            break;
                        }
                        cur = model_superior(c);
                    }
                }
                let t = h.org_totals(o).unwrap();
                prop_assert_eq!(t.full_members, want_full, "members below {}", o);
                prop_assert_eq!(t.orgs, want_orgs, "organizations below {}", o);
                let sub: Vec<OrgId> = h.org(o).unwrap().subordinates().map(|s| s.id()).collect();
                let mut want_sub: Vec<OrgId> = all.iter().copied().filter(|&x| model_superior(x) == Some(o)).collect();
                let mut got_sorted = sub.clone();
                got_sorted.sort();
                want_sub.sort();
                prop_assert_eq!(got_sorted, want_sub, "subordinates of {}", o);
            }
        }
    }
}

// ----- batches of every kind of edit -----------------------------------------------------

fn every_kind_of_edit(p: &Place, o: &Orgs) -> Vec<Edit> {
    use partyorg::{
        Relation, org::BigCommittee, org::TemporaryOrg, unit::BigCommitteeKind, unit::TaskPurpose,
    };
    let day = chrono::NaiveDate::from_ymd_opt(2023, 5, 1).unwrap();
    vec![
        Edit::AddUnit {
            id: UnitId(500),
            parent: None,
            unit: unit(UnitKind::City, "清远市"),
        },
        Edit::AddUnit {
            id: UnitId(501),
            parent: None,
            unit: unit(UnitKind::District, "清城区"),
        },
        Edit::Attach {
            unit: UnitId(501),
            parent: UnitId(500),
        },
        Edit::SetCommitteeSize {
            unit: p.community,
            size: Some(5),
        },
        Edit::SetAgricultural {
            unit: p.town,
            yes: true,
        },
        Edit::AddTemporary {
            id: OrgId(502),
            org: Box::new(TemporaryOrg::new(
                "临时党支部",
                TaskPurpose::RuralRevitalization,
                p.town,
                day,
            )),
        },
        Edit::SetHost {
            temporary: OrgId(502),
            host: p.street,
        },
        Edit::AddBigCommittee {
            id: OrgId(503),
            committee: Box::new(BigCommittee::new(
                "商圈大党委",
                BigCommitteeKind::BusinessDistrict,
                p.street,
            )),
        },
        Edit::Relate {
            org: OrgId(503),
            unit: p.firms[0],
            relation: Relation::Member,
        },
        Edit::AddOrg {
            id: OrgId(900),
            superior: Some(o.street),
            unit: p.firms[1],
            org: Box::new(
                Org::new(OrgForm::Branch, "乙公司党支部").with_members(Members::new(9, 0)),
            ),
        },
        Edit::SetSuperior {
            org: o.community,
            superior: Some(o.district),
        },
        Edit::SetOrgMembers {
            org: o.grids[0],
            members: Members::new(1, 1),
        },
        Edit::Cover {
            org: o.joint,
            unit: p.community,
        },
        Edit::RemoveOrg {
            org: o.street,
            how: Removal::LiftChildren,
        },
        Edit::RemoveOrg {
            org: o.education,
            how: Removal::Subtree,
        },
        Edit::SetPartyForm {
            unit: p.village,
            form: Some(PartyForm::Branch),
        },
    ]
}

#[test]
fn a_refused_batch_takes_back_every_kind_of_edit_on_organizations() {
    let mut p = place();
    let o = orgs(&mut p);
    let before = p.h.clone();
    let totals = |h: &Hierarchy| {
        h.orgs()
            .map(|x| (x.id(), h.org_totals(x.id()).unwrap()))
            .collect::<Vec<_>>()
    };
    let totals_before = totals(&before);
    let mut edits = every_kind_of_edit(&p, &o);
    // Refused: the organization is gone by then.
    edits.push(Edit::SetOrgMembers {
        org: o.street,
        members: Members::new(1, 0),
    });
    let err = p.h.apply_batch(edits.clone()).unwrap_err();
    assert_eq!(err.refused.len(), 1, "{err:?}");
    assert_eq!(err.refused[0].0, edits.len() - 1);
    assert_eq!(p.h, before);
    assert_eq!(totals(&p.h), totals_before);
    assert!(!p.h.unit(p.town).unwrap().is_agricultural());
    assert!(p.h.get(UnitId(500)).is_none());
    // The same edits without the refused one apply, as they would one by one.
    edits.pop();
    let mut one_by_one = before.clone();
    for e in edits.clone() {
        one_by_one.apply(e).unwrap();
    }
    p.h.apply_batch(edits).unwrap();
    assert_eq!(p.h, one_by_one);
    assert_eq!(totals(&p.h), totals(&one_by_one));
    assert!(p.h.org(o.street).is_err());
    assert_eq!(
        p.h.org(o.community).unwrap().superior().unwrap().id(),
        o.district
    );
}

#[test]
fn organizations_are_counted_by_place_by_form_and_by_sector() {
    let mut p = place();
    let o = orgs(&mut p);
    let h = &p.h;
    let all = h.orgs_within(p.district).unwrap();
    assert_eq!(all.orgs, h.org_count() as u64);
    let by_form: u64 = all.orgs_by_form.iter().sum();
    assert_eq!(by_form, all.orgs);
    assert_eq!(all.of_sector(Sector::Organ), 1);
    assert_eq!(all.of_sector(Sector::School), 1);
    assert_eq!(all.of_sector(Sector::NonPublicEnterprise), 1);
    // The street's place subtree holds the community's three and the joint branch, not
    // the working committee of the district's organs.
    let street = h.orgs_within(p.street).unwrap();
    assert_eq!(street.orgs, 5);
    assert_eq!(street.of_form(OrgForm::WorkingCommittee), 1);
    assert_eq!(
        h.orgs_within(p.village).unwrap(),
        partyorg::hierarchy::OrgTotals::default()
    );
    // By child in the 隶属 tree: the parts add up to the whole, less the organization
    // itself.
    let parts = h.org_totals_by_child(o.district).unwrap();
    assert_eq!(
        parts.iter().map(|c| c.org).collect::<Vec<_>>(),
        vec![o.organs, o.education, o.street]
    );
    let whole = h.org_totals(o.district).unwrap();
    let own = h.org(o.district).unwrap().members();
    assert_eq!(
        parts.iter().map(|c| c.totals.full_members).sum::<u64>() + u64::from(own.full),
        whole.full_members
    );
    assert_eq!(
        parts.iter().map(|c| c.totals.orgs).sum::<u64>() + 1,
        whole.orgs
    );
}

#[test]
fn terms_of_organizations_recorded_in_their_own_right_are_checked() {
    use partyorg::{Rule, unit::Term};
    let mut p = place();
    let o = orgs(&mut p);
    let elected = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    // (superior, unit, form, years, elected, what validation says on 2023-12-31)
    let cases = [
        // Ended the day before the as-of date: overdue.
        (
            o.street,
            p.firms[1],
            OrgForm::Branch,
            3,
            elected(2020, 12, 30),
            vec![Rule::TermOverdue],
        ),
        // Ending within six months: due soon.
        (
            o.street,
            p.firms[2],
            OrgForm::Branch,
            3,
            elected(2021, 6, 30),
            vec![Rule::ElectionDueSoon],
        ),
        // A branch of five years: the wrong length; of three, right.
        (
            o.street,
            p.firms[2],
            OrgForm::Branch,
            5,
            elected(2023, 1, 1),
            vec![Rule::TermLength],
        ),
        (
            o.street,
            p.firms[2],
            OrgForm::Branch,
            3,
            elected(2023, 1, 1),
            vec![],
        ),
        // A community's organization has five years.
        (
            o.community,
            p.community,
            OrgForm::Branch,
            5,
            elected(2021, 3, 1),
            vec![],
        ),
        // A working committee is not held to it.
        (
            o.district,
            p.district,
            OrgForm::WorkingCommittee,
            1,
            elected(2000, 1, 1),
            vec![],
        ),
    ];
    for (superior, unit, form, years, when, want) in cases {
        let mut org = Org::new(form, "支部").with_members(Members::new(5, 0));
        org.term = Some(Term {
            elected: when,
            years,
        });
        let id = p.h.add_org(Some(superior), unit, org).unwrap();
        assert_eq!(
            rules_about(&p.h, id),
            want,
            "{form} of {years} years elected {when}"
        );
    }
}

#[test]
fn a_file_giving_a_big_committee_two_cores_is_refused_at_the_second() {
    use partyorg::{LoadError, interchange::Position, interchange::ProblemKind};
    let Err(LoadError::Invalid { problems, total }) = load_folder(
        "two-cores",
        &[
            (
                "units.csv",
                "id,parent,kind,name,bc_kind\n1,,district,白云区,\n2,1,street,均禾街道,\n3,1,street,京溪街道,\n9,,big_committee,商圈大党委,business_district\n",
            ),
            ("relations.csv", "from,to,relation\n9,2,core\n9,3,core\n"),
        ],
    ) else {
        panic!("two cores loaded");
    };
    assert_eq!(total, 1);
    assert!(matches!(
        problems[0].position,
        Position::Line { line: 3, .. }
    ));
    assert!(matches!(
        problems[0].kind,
        ProblemKind::SecondCore {
            committee: UnitId(9),
            core: UnitId(2)
        }
    ));
}

#[test]
fn an_organizations_term_needs_its_start_and_its_length() {
    use partyorg::{LoadError, interchange::Position, interchange::ProblemKind};
    let Err(LoadError::Invalid { problems, .. }) = load_folder(
        "term",
        &[
            ("units.csv", "id,parent,kind,name\n1,,district,白云区\n"),
            (
                "orgs.csv",
                "id,parent,form,name,unit,term_start,term_years\n\
         1,,branch,甲,1,2023-01-01,\n\
         2,,branch,乙,1,,3\n\
         3,,branch,丙,1,2023-01-01,3\n",
            ),
        ],
    ) else {
        panic!("a term of one column loaded");
    };
    let found: Vec<(u64, String)> = problems
        .iter()
        .map(|p| match (&p.position, &p.kind) {
            (Position::Line { line, column }, ProblemKind::Needs { needs }) => (
                *line,
                format!("{} needs {needs}", column.clone().unwrap_or_default()),
            ),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (2, "term_start needs term_years".to_string()),
            (3, "term_years needs term_start".to_string())
        ]
    );
}

// ----- hostile sequences, round trips and refused batches ---------------------------------

/// Every organization stands in the 隶属 tree: each is a root or below one, and the tree's
/// pre-order holds each once.
/// The organizations at which validation reports a circle of superiors.
fn cycles_reported(h: &Hierarchy) -> Vec<OrgId> {
    report(h)
        .of_rule(partyorg::Rule::OrgCycle)
        .filter_map(|v| v.orgs.first().copied())
        .collect()
}

fn assert_org_tree_whole(h: &Hierarchy) {
    let in_layout = h
        .org_roots()
        .flat_map(|r| org_ids(h.org_subtree(r.id()).unwrap()))
        .count();
    assert_eq!(
        in_layout,
        h.org_count(),
        "organizations outside the 隶属 tree (a cycle)"
    );
}

#[test]
fn an_organization_added_below_an_own_organization_it_would_lead_is_refused_as_a_cycle() {
    // The district has no organization; the community's own one would report to the
    // first organization based in the district: a new one recorded below the community's
    // own would close a cycle.
    let mut p = place();
    p.h.set_party_form(p.community, Some(PartyForm::Committee))
        .unwrap();
    let own = p.h.own_org_of_unit(p.community).unwrap();
    let before = p.h.clone();
    let err =
        p.h.add_org(
            Some(own),
            p.district,
            Org::new(OrgForm::Committee, "中共白云区委"),
        )
        .unwrap_err();
    assert!(matches!(err, HierarchyError::OrgCycle { .. }), "{err:?}");
    assert_eq!(p.h, before);
    assert_org_tree_whole(&p.h);
}

#[test]
fn moving_a_unit_below_an_organization_recorded_below_its_own_keeps_the_tree_whole_and_reports_the_circle()
 {
    let mut p = place();
    p.h.set_party_form(p.village, Some(PartyForm::GeneralBranch))
        .unwrap();
    let own = p.h.own_org_of_unit(p.village).unwrap();
    // Recorded below the village's own organization, based in the street (which has none).
    let below =
        p.h.add_org(Some(own), p.street, Org::new(OrgForm::Branch, "街道某支部"))
            .unwrap();
    assert_eq!(cycles_reported(&p.h), vec![]);
    // Below the street, the village's own organization reports to the street's, which
    // reports to it: a circle. The move is the place tree's to make; the organization
    // tree breaks the circle at its lowest id and validation reports it.
    p.h.move_unit(p.village, Some(p.street)).unwrap();
    assert_org_tree_whole(&p.h);
    let cut = own.min(below);
    assert!(p.h.org(cut).unwrap().superior().is_none());
    assert_eq!(cycles_reported(&p.h), vec![cut]);
    // Every organization query stays whole, and removal works.
    assert_eq!(p.h.org_totals(cut).unwrap().orgs, 2);
    p.h.remove_org(below, Removal::LiftChildren).unwrap();
    assert_org_tree_whole(&p.h);
    assert_eq!(cycles_reported(&p.h), vec![]);
}

#[test]
fn taking_a_party_form_away_that_closes_a_circle_keeps_the_tree_whole_and_reports_it() {
    // The village's own general branch, recorded below a root, stands between the coop's
    // own branch and the town's committee, recorded below the coop's branch. Without the
    // village's form, the coop's branch reports to the town's committee, which reports
    // to it.
    let mut p = place();
    let root =
        p.h.add_org(
            None,
            p.street,
            Org::new(OrgForm::WorkingCommittee, "街道党工委"),
        )
        .unwrap();
    p.h.set_party_form(p.village, Some(PartyForm::GeneralBranch))
        .unwrap();
    p.h.set_party_form(p.coop, Some(PartyForm::Branch)).unwrap();
    let village = p.h.own_org_of_unit(p.village).unwrap();
    let coop = p.h.own_org_of_unit(p.coop).unwrap();
    p.h.set_superior(village, Some(root)).unwrap();
    let town =
        p.h.add_org(Some(coop), p.town, Org::new(OrgForm::Committee, "镇党委"))
            .unwrap();
    assert_eq!(p.h.org(coop).unwrap().superior().unwrap().id(), village);
    assert_org_tree_whole(&p.h);
    p.h.set_party_form(p.village, None).unwrap();
    assert_org_tree_whole(&p.h);
    let cut = coop.min(town);
    assert_eq!(cycles_reported(&p.h), vec![cut]);
    let message = report(&p.h)
        .of_rule(partyorg::Rule::OrgCycle)
        .map(|v| v.message.clone())
        .next()
        .unwrap();
    assert!(
        message.contains(&coop.to_string()) && message.contains(&town.to_string()),
        "{message}"
    );
    // Recording a superior that ends the circle ends the report.
    p.h.set_superior(town, Some(root)).unwrap();
    assert_org_tree_whole(&p.h);
    assert_eq!(cycles_reported(&p.h), vec![]);
}

#[test]
fn own_organizations_renumbered_on_load_never_take_the_reserved_id() {
    use partyorg::interchange::json;
    let mut p = place();
    p.h.set_party_form(p.village, Some(PartyForm::GeneralBranch))
        .unwrap();
    p.h.set_party_form(p.coop, Some(PartyForm::Branch)).unwrap();
    p.h.add_org_with_id(
        OrgId(u32::MAX - 1),
        None,
        p.district,
        Org::new(OrgForm::Committee, "中共白云区委"),
    )
    .unwrap();
    let text = json::to_string(&p.h);
    match json::from_str(&text) {
        Ok(back) => {
            assert_eq!(back, p.h);
            assert_eq!(back.org_count(), 3);
            for o in back.orgs() {
                assert_ne!(o.id(), OrgId(u32::MAX));
                assert_eq!(back.org(o.id()).unwrap().name(), o.name());
            }
        }
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a_refused_batch_gives_an_own_organization_back_its_recorded_superior_and_coverage() {
    let mut p = place();
    let root =
        p.h.add_org(
            None,
            p.district,
            Org::new(OrgForm::WorkingCommittee, "区农业工委"),
        )
        .unwrap();
    p.h.set_party_form(p.village, Some(PartyForm::JointBranch))
        .unwrap();
    let own = p.h.own_org_of_unit(p.village).unwrap();
    p.h.set_superior(own, Some(root)).unwrap();
    p.h.relate(own, p.coop, partyorg::Relation::Covers).unwrap();
    let before = p.h.clone();
    let totals_before: Vec<_> = before
        .orgs()
        .map(|o| (o.id(), before.org_totals(o.id()).unwrap()))
        .collect();
    let err =
        p.h.apply_batch(vec![
            Edit::SetPartyForm {
                unit: p.village,
                form: None,
            },
            Edit::SetMembers {
                unit: UnitId(999),
                members: Members::new(1, 0),
            },
        ])
        .unwrap_err();
    assert_eq!(err.refused.len(), 1);
    assert_eq!(p.h, before);
    let totals: Vec<_> =
        p.h.orgs()
            .map(|o| (o.id(), p.h.org_totals(o.id()).unwrap()))
            .collect();
    assert_eq!(totals, totals_before);
    assert_eq!(p.h.org(own).unwrap().superior().unwrap().id(), root);
    assert!(p.h.is_covered(p.coop).unwrap());
}

#[test]
fn a_refused_batch_keeps_the_order_of_subordinates() {
    let mut p = place();
    let o = orgs(&mut p);
    p.h.set_party_form(p.village, Some(PartyForm::GeneralBranch))
        .unwrap();
    let own = p.h.own_org_of_unit(p.village).unwrap();
    for name in ["第一经济社党支部", "第二经济社党支部", "第三经济社党支部"]
    {
        p.h.add_org(Some(own), p.coop, Org::new(OrgForm::Branch, name))
            .unwrap();
    }
    p.h.set_superior(own, Some(o.district)).unwrap();
    let before = p.h.clone();
    let subs = |h: &Hierarchy| {
        h.orgs()
            .map(|x| (x.id(), org_ids(x.subordinates())))
            .collect::<Vec<_>>()
    };
    let err =
        p.h.apply_batch(vec![
            Edit::RemoveOrg {
                org: o.organs,
                how: Removal::Subtree,
            },
            Edit::RemoveOrg {
                org: o.community,
                how: Removal::LiftChildren,
            },
            Edit::SetSuperior {
                org: o.school,
                superior: Some(o.street),
            },
            Edit::SetPartyForm {
                unit: p.village,
                form: None,
            },
            Edit::SetMembers {
                unit: UnitId(999),
                members: Members::new(1, 0),
            },
        ])
        .unwrap_err();
    assert_eq!(err.refused.len(), 1);
    assert_eq!(p.h, before);
    assert_eq!(subs(&p.h), subs(&before));
}

#[test]
fn own_organizations_with_recorded_superiors_and_coverage_survive_files_and_json() {
    use partyorg::interchange::{json, table};
    let mut p = place();
    let o = orgs(&mut p);
    p.h.set_party_form(p.village, Some(PartyForm::JointBranch))
        .unwrap();
    p.h.set_party_form(p.town, Some(PartyForm::Committee))
        .unwrap();
    let own = p.h.own_org_of_unit(p.village).unwrap();
    p.h.set_superior(own, Some(o.district)).unwrap();
    // Files keep a one-table joint branch's coverage as a relation row from its unit.
    p.h.cover(own, p.coop).unwrap();
    p.h.add_org(Some(own), p.coop, Org::new(OrgForm::Group, "党小组"))
        .unwrap();
    p.h.remove_unit(p.school, Removal::LeafOnly).unwrap();
    let dir = scratch("own-superior");
    table::save_dir(&p.h, &dir).unwrap();
    let back = table::load_dir(&dir).unwrap();
    assert_eq!(back, p.h);
    let from_json = json::from_str(&json::to_string(&p.h)).unwrap();
    assert_eq!(from_json, p.h);
    assert!(from_json.is_covered(p.coop).unwrap());
    let _ = std::fs::remove_dir_all(&dir);
}

// ----- ids across a save and a load ------------------------------------------------------

#[test]
fn ids_are_never_reused_across_a_snapshot() {
    use partyorg::interchange::json;
    let mut p = place();
    let o = orgs(&mut p);
    let h = &mut p.h;
    h.remove_unit(p.school, Removal::Subtree).unwrap();
    let fresh_unit = {
        let mut probe = h.clone();
        probe
            .add_unit(Some(p.street), unit(UnitKind::Community, "新社区"))
            .unwrap()
    };
    let fresh_org = {
        let mut probe = h.clone();
        probe
            .add_org(None, p.street, Org::new(OrgForm::Branch, "新支部"))
            .unwrap()
    };
    let text = json::to_string(h);
    assert!(text.contains("\"retired_units\""), "{text}");
    let mut back = json::from_str(&text).unwrap();
    assert_eq!(back, *h);
    // The school and its committee stay retired; fresh ids continue where they were.
    assert_eq!(
        back.add_unit_with_id(p.school, Some(p.district), unit(UnitKind::Street, "x")),
        Err(HierarchyError::RetiredId { id: p.school })
    );
    assert_eq!(
        back.add_org_with_id(o.school, None, p.district, Org::new(OrgForm::Branch, "x")),
        Err(HierarchyError::RetiredOrgId { id: o.school })
    );
    assert_eq!(
        back.add_unit(Some(p.street), unit(UnitKind::Community, "新社区")),
        Ok(fresh_unit)
    );
    assert_eq!(
        back.add_org(None, p.street, Org::new(OrgForm::Branch, "新支部")),
        Ok(fresh_org)
    );
    // A snapshot whose retired ids are held by its rows contradicts itself.
    let bad = text.replacen(
        &format!("\"retired_units\": [\n      {}", p.school.0),
        &format!("\"retired_units\": [\n      {}", p.street.0),
        1,
    );
    assert_ne!(bad, text);
    let Err(partyorg::LoadError::Invalid { problems, .. }) = json::from_str(&bad) else {
        panic!("a snapshot retiring a live id loaded");
    };
    assert!(matches!(
        problems[0].kind,
        partyorg::interchange::ProblemKind::RetiredIdInUse { id, .. } if id == p.street.0
    ));
}

#[test]
fn a_relation_row_naming_a_joint_branch_covers_the_unit() {
    // The full form: a joint branch recorded in its own right covers two more enterprises
    // through relation rows naming it in `org`.
    let h = load_folder(
        "covers-rows",
        &[
            (
                "units.csv",
                "id,parent,kind,sector,name,full_members\n\
                 1,,district,,白云区,\n\
                 2,1,street,,均禾街道,\n\
                 3,2,institution,non_public_enterprise,甲公司,2\n\
                 4,2,institution,non_public_enterprise,乙公司,1\n\
                 5,2,institution,non_public_enterprise,丙公司,1\n",
            ),
            (
                "orgs.csv",
                "id,parent,form,name,unit\n1,,joint_branch,甲乙丙联合党支部,3\n",
            ),
            (
                "relations.csv",
                "org,from,to,relation\n1,,4,covers\n1,,5,covers\n",
            ),
        ],
    )
    .unwrap();
    for u in [3, 4, 5] {
        assert!(h.is_covered(UnitId(u)).unwrap(), "{u}");
        assert_eq!(
            h.orgs_covering(UnitId(u))
                .unwrap()
                .map(|o| o.id())
                .collect::<Vec<_>>(),
            vec![OrgId(1)]
        );
    }
    assert!(!h.is_covered(UnitId(2)).unwrap());
    // A row naming both a unit and an organization says two things: refused.
    let err = load_folder(
        "covers-both",
        &[
            (
                "units.csv",
                "id,parent,kind,name\n1,,district,白云区\n2,1,street,均禾街道\n",
            ),
            (
                "orgs.csv",
                "id,parent,form,name,unit\n1,,joint_branch,联合党支部,2\n",
            ),
            ("relations.csv", "org,from,to,relation\n1,2,1,covers\n"),
        ],
    )
    .unwrap_err();
    assert!(err.to_string().contains("org"), "{err}");
}

#[test]
fn temporary_organizations_and_big_committees_stand_outside_the_tree_and_its_totals() {
    let mut p = place();
    let o = orgs(&mut p);
    let day = chrono::NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    let before = p.h.org_totals(o.district).unwrap();
    let within = p.h.orgs_within(p.street).unwrap();
    let t =
        p.h.add_temporary(
            partyorg::org::TemporaryOrg::new(
                "临时党支部",
                partyorg::unit::TaskPurpose::Project,
                p.street,
                day,
            )
            .with_members(Members::new(30, 0)),
        )
        .unwrap();
    let bc =
        p.h.add_big_committee(partyorg::org::BigCommittee::new(
            "大党委",
            partyorg::unit::BigCommitteeKind::Regional,
            p.street,
        ))
        .unwrap();
    // Their members keep their membership at home: no total of the 隶属 tree changes, and
    // they are not organizations of the street in its counts.
    assert_eq!(p.h.org_totals(o.district).unwrap(), before);
    assert_eq!(p.h.orgs_within(p.street).unwrap(), within);
    assert!(p.h.org_roots().all(|r| r.id() != t && r.id() != bc));
    assert!(
        p.h.orgs_based_in(p.street)
            .unwrap()
            .all(|r| r.id() != t && r.id() != bc)
    );
    // They cover nothing, and no superior can be recorded for them or below them.
    let firm = p.firms[0];
    p.h.set_party_form(firm, None).unwrap();
    let covered = p.h.is_covered(firm).unwrap();
    assert!(p.h.cover(t, firm).is_err());
    assert_eq!(p.h.is_covered(firm).unwrap(), covered);
    let outside = |h: &Hierarchy, org, found| HierarchyError::OutsideTree {
        org,
        found,
        label: org_label(h, org),
    };
    assert_eq!(
        p.h.set_superior(t, Some(o.street)),
        Err(outside(&p.h, t, OrgForm::Temporary))
    );
    assert_eq!(
        p.h.set_superior(o.community, Some(bc)),
        Err(outside(&p.h, bc, OrgForm::BigCommittee))
    );
    let next = OrgId(bc.0 + 1);
    assert_eq!(
        p.h.add_org(Some(t), p.street, Org::new(OrgForm::Group, "党小组")),
        Err(outside(&p.h, t, OrgForm::Temporary))
    );
    assert_eq!(
        p.h.add_org(None, p.street, Org::new(OrgForm::Temporary, "临时党支部")),
        // The organization refused is named by the id it would take and its name.
        Err(HierarchyError::OutsideTree {
            org: next,
            found: OrgForm::Temporary,
            label: partyorg::Label {
                key: next.to_string(),
                name: "临时党支部".into(),
            },
        })
    );
    assert!(p.h.org(t).unwrap().superior().is_none());
    assert!(!OrgForm::Committee.may_lead(OrgForm::Temporary));
    assert!(!OrgForm::Temporary.may_lead(OrgForm::Group));
    assert!(!OrgForm::BigCommittee.may_lead(OrgForm::Branch));
    // Their own totals are their own members.
    assert_eq!(p.h.org_totals(t).unwrap().members(), 30);
}

#[test]
fn equality_sees_an_outside_organizations_task_kind_and_links() {
    let day = chrono::NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    let build = |approved: bool, seconded: u32, kind: partyorg::unit::BigCommitteeKind| {
        let mut p = place();
        let mut t = partyorg::org::TemporaryOrg::new(
            "临时党支部",
            partyorg::unit::TaskPurpose::Project,
            p.street,
            day,
        )
        .seconded_from(p.community, seconded);
        t.approved = approved;
        p.h.add_temporary(t).unwrap();
        p.h.add_big_committee(
            partyorg::org::BigCommittee::new("大党委", kind, p.street).with_member(p.firms[0]),
        )
        .unwrap();
        p.h
    };
    use partyorg::unit::BigCommitteeKind::{BusinessDistrict, Regional};
    let base = build(true, 3, Regional);
    assert_eq!(base, build(true, 3, Regional));
    assert_ne!(base, build(false, 3, Regional));
    assert_ne!(base, build(true, 4, Regional));
    assert_ne!(base, build(true, 3, BusinessDistrict));
}

#[test]
fn a_temporary_organizations_members_reach_its_hosts_memoized_totals() {
    let mut p = place();
    let day = chrono::NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
    let t =
        p.h.add_temporary(
            partyorg::org::TemporaryOrg::new(
                "临时党支部",
                partyorg::unit::TaskPurpose::Project,
                p.street,
                day,
            )
            .with_members(Members::new(5, 0)),
        )
        .unwrap();
    let year = partyorg::Period::year(2023);
    // Read once, so that the totals are memoized.
    assert_eq!(p.h.totals(p.street, &year).unwrap().temporary_members, 5);
    p.h.set_org_members(t, Members::new(9, 1)).unwrap();
    assert_eq!(p.h.totals(p.street, &year).unwrap().temporary_members, 10);
    assert_eq!(
        p.h.totals(p.street, &year).unwrap(),
        p.h.totals_uncached(p.street, &year).unwrap()
    );
}

/// The `(file name, line, column)` of each problem of a refused load.
fn problem_places(err: partyorg::LoadError) -> Vec<(String, u64, Option<String>)> {
    let partyorg::LoadError::Invalid { problems, .. } = err else {
        panic!("{err}");
    };
    problems
        .iter()
        .map(|p| match &p.position {
            partyorg::interchange::Position::Line { line, column } => (
                p.file.file_name().unwrap().to_string_lossy().into_owned(),
                *line,
                column.clone(),
            ),
            other => panic!("{other:?}"),
        })
        .collect()
}

#[test]
fn outside_organization_rows_refuse_the_cells_they_cannot_keep() {
    let units = "id,parent,kind,name\n1,,district,白云区\n2,1,street,均禾街道\n";
    // A temporary organization keeps no code, secretary, committee or term; a big
    // committee no member counts and no dissolution date either. Each is refused at its
    // cell, not dropped.
    let err = load_folder(
        "outside-cells",
        &[
            ("units.csv", units),
            (
                "orgs.csv",
                "id,parent,form,name,unit,purpose,bc_kind,code,secretary,committee_size,term_start,term_years,full_members,dissolved\n\
                 1,,temporary,临时党支部,2,project,,001,张三,3,2023-01-01,3,5,2024-01-01\n\
                 2,,big_committee,大党委,2,,regional,,,,,,30,2024-01-01\n",
            ),
        ],
    )
    .unwrap_err();
    let col = |line: u64, c: &str| ("orgs.csv".to_owned(), line, Some(c.to_owned()));
    assert_eq!(
        problem_places(err),
        vec![
            col(2, "code"),
            col(2, "secretary"),
            col(2, "committee_size"),
            col(2, "term_start"),
            col(2, "term_years"),
            col(3, "full_members"),
            col(3, "dissolved"),
        ]
    );
    // The same in a snapshot.
    let text = r#"{"format_version": 1,
      "units": [{"id": 1, "kind": "district", "name": "白云区"}],
      "orgs": [{"id": 1, "form": "temporary", "name": "t", "unit": 1, "purpose": "project", "secretary": "张三"},
               {"id": 2, "form": "big_committee", "name": "b", "unit": 1, "bc_kind": "regional", "full_members": 30}]
    }"#;
    let err = partyorg::interchange::json::from_str(text).unwrap_err();
    let partyorg::LoadError::Invalid { problems, .. } = err else {
        panic!("{err}");
    };
    let paths: Vec<String> = problems
        .iter()
        .map(|p| match &p.position {
            partyorg::interchange::Position::Json { path, .. } => path.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(paths, ["orgs[0].secretary", "orgs[1].full_members"]);
    // And a big committee's row of the older form.
    let err = load_folder(
        "outside-cells-older",
        &[
            (
                "units.csv",
                "id,parent,kind,name,bc_kind,full_members,dissolved\n\
                 1,,district,白云区,,,\n\
                 9,,big_committee,大党委,regional,30,2024-01-01\n",
            ),
            ("relations.csv", "from,to,relation\n9,1,core\n"),
        ],
    )
    .unwrap_err();
    assert_eq!(
        problem_places(err),
        vec![
            ("units.csv".to_owned(), 3, Some("full_members".to_owned())),
            ("units.csv".to_owned(), 3, Some("dissolved".to_owned())),
        ]
    );
}

#[test]
fn a_core_row_naming_a_unit_that_cannot_be_a_core_is_located_in_the_relations_file() {
    let units = "id,parent,kind,name,purpose,bc_kind\n\
                 1,,district,白云区,,\n\
                 10,1,temporary,临时党支部,project,\n\
                 11,,big_committee,大党委,,regional\n";
    for (tag, core) in [("core-outside", "10"), ("core-missing", "99")] {
        let err = load_folder(
            tag,
            &[
                ("units.csv", units),
                (
                    "relations.csv",
                    &format!("from,to,relation\n11,{core},core\n"),
                ),
            ],
        )
        .unwrap_err();
        assert_eq!(
            problem_places(err),
            vec![("relations.csv".to_owned(), 2, Some("to".to_owned()))],
            "{tag}"
        );
    }
}

#[test]
fn a_member_unit_related_twice_is_a_member_once_and_a_refused_batch_keeps_it() {
    let mut p = place();
    let bc =
        p.h.add_big_committee(
            partyorg::org::BigCommittee::new(
                "大党委",
                partyorg::unit::BigCommitteeKind::Regional,
                p.street,
            )
            .with_member(p.town),
        )
        .unwrap();
    let members = |h: &Hierarchy| {
        h.org(bc)
            .unwrap()
            .links()
            .filter(|OrgLink { relation: r, .. }| *r == partyorg::Relation::Member)
            .count()
    };
    let before = p.h.clone();
    p.h.relate(bc, p.town, partyorg::Relation::Member).unwrap();
    assert_eq!(members(&p.h), 1);
    assert_eq!(p.h, before);
    // Taking back a batch's repeated relation leaves the relation that was there.
    let err = p.h.apply_batch(vec![
        Edit::Relate {
            org: bc,
            unit: p.town,
            relation: partyorg::Relation::Member,
        },
        Edit::Rename {
            unit: UnitId(999),
            name: "x".into(),
        },
    ]);
    assert!(err.is_err());
    assert_eq!(members(&p.h), 1);
    assert_eq!(p.h, before);
    // The same twice in a file loads as one member unit.
    let h = load_folder(
        "member-twice",
        &[
            (
                "units.csv",
                "id,parent,kind,name\n1,,district,白云区\n2,1,street,均禾街道\n",
            ),
            (
                "orgs.csv",
                "id,parent,form,name,unit,bc_kind\n1,,big_committee,大党委,2,regional\n",
            ),
            (
                "relations.csv",
                "org,from,to,relation\n1,,1,member\n1,,1,member\n",
            ),
        ],
    )
    .unwrap();
    assert_eq!(h.org(OrgId(1)).unwrap().links().count(), 1);
}

#[test]
fn a_cell_that_does_not_apply_is_named_without_a_doubled_article() {
    let err = load_folder(
        "articles",
        &[
            (
                "units.csv",
                "id,parent,kind,name,purpose\n1,,district,白云区,project\n",
            ),
            (
                "orgs.csv",
                "id,parent,form,name,unit,parent_unit\n1,,committee,区委,1,\n2,1,branch,支部,1,1\n",
            ),
        ],
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("does not apply to a unit"), "{text}");
    assert!(
        text.contains("does not apply to a row with a parent"),
        "{text}"
    );
    assert!(!text.contains(" a a "), "{text}");
}

#[test]
fn a_big_committee_given_a_member_unit_twice_has_it_once() {
    let mut p = place();
    let bc =
        p.h.add_big_committee(
            partyorg::org::BigCommittee::new(
                "大党委",
                partyorg::unit::BigCommitteeKind::Regional,
                p.street,
            )
            .with_member(p.town)
            .with_member(p.village)
            .with_member(p.town),
        )
        .unwrap();
    let got = p.h.org(bc).unwrap().to_big_committee().unwrap().members;
    assert_eq!(got, vec![p.town, p.village]);
}

#[test]
fn a_covers_row_from_a_unit_without_an_organization_says_so_without_a_superior() {
    let err = load_folder(
        "covers-no-own",
        &[
            (
                "units.csv",
                "id,parent,kind,name\n1,,district,白云区\n2,1,street,均禾街道\n",
            ),
            ("relations.csv", "from,to,relation\n2,1,covers\n"),
        ],
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("unit #2 has no organization of its own"),
        "{text}"
    );
    assert!(!text.contains("superior"), "{text}");
    assert_eq!(
        problem_places(err),
        vec![("relations.csv".to_owned(), 2, Some("from".to_owned()))]
    );
}

#[test]
fn an_org_cell_never_names_the_organization_made_of_an_older_forms_row() {
    // The temporary organization's row of the older form becomes an organization with a
    // fresh id (0, or 1 past the organizations table's 0); a relation row's `org` naming
    // that id names no organization of the file.
    let units = "id,parent,kind,name,purpose\n\
                 1,,district,白云区,\n\
                 2,1,street,均禾街道,\n\
                 3,1,street,京溪街道,\n\
                 10,2,temporary,临时党支部,project\n";
    for (tag, orgs, org) in [
        ("fresh-only", None, 0),
        (
            "fresh-past",
            Some("id,parent,form,name,unit\n0,,committee,区委,1\n"),
            1,
        ),
    ] {
        let relations = format!("org,from,to,relation,count\n{org},,3,seconds,2\n");
        let mut files = vec![("units.csv", units), ("relations.csv", relations.as_str())];
        if let Some(o) = orgs {
            files.push(("orgs.csv", o));
        }
        let err = load_folder(tag, &files).unwrap_err();
        assert_eq!(
            problem_places(err),
            vec![("relations.csv".to_owned(), 2, Some("org".to_owned()))],
            "{tag}"
        );
    }
    // Named by its row in `from`, as the older form does, it is found.
    let h = load_folder(
        "fresh-from",
        &[
            ("units.csv", units),
            ("relations.csv", "from,to,relation,count\n10,3,seconds,2\n"),
        ],
    )
    .unwrap();
    let t = h.orgs().next().unwrap();
    assert_eq!(
        t.links()
            .map(
                |OrgLink {
                     relation: r,
                     unit: u,
                     ..
                 }| (r, u.id())
            )
            .collect::<Vec<_>>(),
        vec![(partyorg::Relation::Seconds(2), UnitId(3))]
    );
}
