//! SVG org charts (`interchange::svg`, feature `svg`): the document parses as XML, names
//! every node of the drawn subtree once, in either tree; a depth limit cuts exactly the
//! deeper nodes; an unknown root is a typed error; hostile names are escaped; boxes never
//! overlap and rows wrap.

use partyorg::interchange::svg::{SvgOptions, Tree, to_svg};
use partyorg::{Hierarchy, Members, Org, OrgForm, OrgId, QueryError, Unit, UnitId, UnitKind};

/// One box of a chart: its class (`unit` or `org`), its name (the lines of its name
/// joined), its detail line, and its rectangle `[x, y, width, height]`.
#[derive(Debug)]
struct Drawn {
    class: String,
    name: String,
    detail: String,
    rect: [f64; 4],
}

fn number(n: roxmltree::Node<'_, '_>, attr: &str) -> f64 {
    n.attribute(attr)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{attr} of {n:?}"))
}

/// Parses the chart (panicking on bad XML) and reads its boxes and its size.
fn boxes(svg: &str) -> (Vec<Drawn>, [f64; 2]) {
    let doc = roxmltree::Document::parse(svg).expect("the chart is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let size = [number(root, "width"), number(root, "height")];
    let mut out = Vec::new();
    for g in doc.descendants().filter(|n| n.has_tag_name("g")) {
        let Some(class @ ("unit" | "org")) = g.attribute("class") else {
            continue;
        };
        let texts = |c: &str| -> Vec<String> {
            g.children()
                .filter(|t| t.has_tag_name("text") && t.attribute("class") == Some(c))
                .map(|t| t.text().unwrap_or("").to_owned())
                .collect()
        };
        let rect = g
            .children()
            .find(|r| r.has_tag_name("rect"))
            .expect("a rect");
        out.push(Drawn {
            class: class.to_owned(),
            name: texts("name").concat(),
            detail: texts("detail").concat(),
            rect: ["x", "y", "width", "height"].map(|a| number(rect, a)),
        });
    }
    (out, size)
}

/// Every `<text>` element's content, in document order.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").to_owned())
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn names(drawn: &[Drawn]) -> Vec<String> {
    sorted(drawn.iter().map(|d| d.name.clone()).collect())
}

/// No two boxes overlap, and every box lies inside the picture.
fn assert_tidy(drawn: &[Drawn], size: [f64; 2]) {
    for (i, a) in drawn.iter().enumerate() {
        let [x, y, w, h] = a.rect;
        assert!(
            x >= 0.0 && y >= 0.0 && x + w <= size[0] && y + h <= size[1],
            "{a:?}"
        );
        for b in &drawn[i + 1..] {
            let [bx, by, bw, bh] = b.rect;
            let apart = x + w <= bx || bx + bw <= x || y + h <= by || by + bh <= y;
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
}

/// Parses a chart and checks that it names exactly `expected` (in any order), every box
/// of `class`, none overlapping; returns its boxes.
fn check(svg: &str, class: &str, expected: Vec<String>) -> Vec<Drawn> {
    let (drawn, size) = boxes(svg);
    assert_eq!(names(&drawn), sorted(expected));
    assert!(drawn.iter().all(|d| d.class == class), "{drawn:?}");
    assert_tidy(&drawn, size);
    drawn
}

/// The detail line of the box named `name`.
fn detail<'a>(drawn: &'a [Drawn], name: &str) -> &'a str {
    &drawn.iter().find(|d| d.name == name).expect(name).detail
}

fn units(tree: Tree, depth: Option<u32>) -> SvgOptions {
    SvgOptions {
        tree,
        depth,
        ..SvgOptions::default()
    }
}

/// A district with a street of two communities (one with a co-op), a town, and the
/// organizations of the district, the street and one community; a temporary
/// organization outside the 隶属 tree.
struct Small {
    h: Hierarchy,
    district: UnitId,
    street: UnitId,
    district_org: OrgId,
    street_org: OrgId,
}

fn small() -> Small {
    let mut h = Hierarchy::new();
    let add = |h: &mut Hierarchy, p, k, n: &str, m| {
        h.add_unit(p, Unit::new(k, n).with_members(Members::new(m, 1)))
            .unwrap()
    };
    let district = add(&mut h, None, UnitKind::District, "白云区", 3);
    let street = add(&mut h, Some(district), UnitKind::Street, "均禾街道", 5);
    let c1 = add(
        &mut h,
        Some(street),
        UnitKind::Community,
        "罗岗社区居委会",
        30,
    );
    add(
        &mut h,
        Some(street),
        UnitKind::Community,
        "清湖社区居委会",
        20,
    );
    add(&mut h, Some(c1), UnitKind::EconomicCoop, "第一经济社", 4);
    add(&mut h, Some(district), UnitKind::Town, "钟落潭镇", 7);
    let district_org = h
        .add_org(None, district, Org::new(OrgForm::Committee, "中共白云区委"))
        .unwrap();
    let street_org = h
        .add_org(
            Some(district_org),
            street,
            Org::new(OrgForm::WorkingCommittee, "均禾街道党工委").with_members(Members::new(12, 0)),
        )
        .unwrap();
    h.add_org(
        Some(street_org),
        c1,
        Org::new(OrgForm::Branch, "罗岗社区党支部").with_members(Members::new(30, 2)),
    )
    .unwrap();
    h.add_temporary(partyorg::org::TemporaryOrg::new(
        "均禾临时党支部",
        partyorg::unit::TaskPurpose::Project,
        street,
        chrono::NaiveDate::from_ymd_opt(2023, 3, 1).unwrap(),
    ))
    .unwrap();
    Small {
        h,
        district,
        street,
        district_org,
        street_org,
    }
}

#[test]
fn a_unit_subtree_names_each_unit_once_with_its_kind_and_members() {
    let s = small();
    let svg = to_svg(&s.h, &units(Tree::Units(Some(s.street)), None)).unwrap();
    let expected =
        s.h.subtree(s.street)
            .unwrap()
            .map(|v| v.unit)
            .map(|u| u.name().into());
    let drawn = check(&svg, "unit", expected.collect());
    // Members of the whole subtree, full and probationary.
    assert_eq!(detail(&drawn, "均禾街道"), "街道 · 党员 63");
    assert_eq!(detail(&drawn, "罗岗社区居委会"), "社区 · 党员 36");
    assert_eq!(detail(&drawn, "第一经济社"), "经济社 · 党员 5");
    assert!(!svg.contains("白云区") && !svg.contains("钟落潭镇"));
}

#[test]
fn every_root_is_drawn_without_a_root_in_both_trees() {
    let s = small();
    let svg = to_svg(&s.h, &SvgOptions::default()).unwrap();
    check(&svg, "unit", s.h.units().map(|u| u.name().into()).collect());
    // The temporary organization stands outside the 隶属 tree.
    let tree = s.h.orgs().filter(|o| !o.form().is_outside());
    let svg = to_svg(&s.h, &units(Tree::Orgs(None), None)).unwrap();
    let drawn = check(&svg, "org", tree.map(|o| o.name().into()).collect());
    assert_eq!(detail(&drawn, "中共白云区委"), "党委 · 党员 44");
    assert_eq!(detail(&drawn, "均禾街道党工委"), "党工委 · 党员 44");
    assert_eq!(detail(&drawn, "罗岗社区党支部"), "党支部 · 党员 32");
}

#[test]
fn an_org_subtree_and_an_org_outside_the_tree() {
    let s = small();
    let svg = to_svg(&s.h, &units(Tree::Orgs(Some(s.street_org)), None)).unwrap();
    check(
        &svg,
        "org",
        vec!["均禾街道党工委".into(), "罗岗社区党支部".into()],
    );
    let temporary = s.h.orgs().find(|o| o.form().is_outside()).unwrap().id();
    let svg = to_svg(&s.h, &units(Tree::Orgs(Some(temporary)), None)).unwrap();
    let drawn = check(&svg, "org", vec!["均禾临时党支部".into()]);
    assert_eq!(drawn[0].detail, "临时党组织 · 党员 0");
}

#[test]
fn a_depth_limit_cuts_exactly_the_deeper_nodes_and_still_counts_their_members() {
    let s = small();
    for (depth, expected) in [
        (0, vec!["白云区"]),
        (1, vec!["白云区", "均禾街道", "钟落潭镇"]),
        (
            2,
            vec![
                "白云区",
                "均禾街道",
                "钟落潭镇",
                "罗岗社区居委会",
                "清湖社区居委会",
            ],
        ),
    ] {
        let svg = to_svg(&s.h, &units(Tree::Units(Some(s.district)), Some(depth))).unwrap();
        let drawn = check(
            &svg,
            "unit",
            expected.into_iter().map(String::from).collect(),
        );
        assert_eq!(detail(&drawn, "白云区"), "区 · 党员 75", "depth {depth}");
    }
    let svg = to_svg(&s.h, &units(Tree::Orgs(Some(s.district_org)), Some(1))).unwrap();
    check(
        &svg,
        "org",
        vec!["中共白云区委".into(), "均禾街道党工委".into()],
    );
}

#[test]
fn an_unknown_root_is_a_typed_error() {
    let s = small();
    let err = to_svg(&s.h, &units(Tree::Units(Some(UnitId(9999))), None)).unwrap_err();
    assert_eq!(err, QueryError::UnknownUnit { id: UnitId(9999) });
    let err = to_svg(&s.h, &units(Tree::Orgs(Some(OrgId(9999))), None)).unwrap_err();
    assert_eq!(err, QueryError::UnknownOrg { id: OrgId(9999) });
}

#[test]
fn an_empty_hierarchy_draws_an_empty_chart() {
    let h = Hierarchy::new();
    for tree in [Tree::Units(None), Tree::Orgs(None)] {
        let (drawn, _) = boxes(&to_svg(&h, &units(tree, None)).unwrap());
        assert!(drawn.is_empty());
    }
}

#[test]
fn hostile_names_are_escaped_and_the_document_parses() {
    let mut h = Hierarchy::new();
    let d = h
        .add_unit(
            None,
            Unit::new(UnitKind::District, "<script>alert(1)</script>"),
        )
        .unwrap();
    let hostile = [
        "A & B &amp; C",
        "\"双引号\" and 'single'",
        "]]> <![CDATA[ x",
        "<!-- --> <?xml ?>",
        "ctl\u{1}\u{7}\u{1b}\u{7f}end",
        "line\nbreak\ttab",
        "non\u{FFFF}char\u{FFFE}",
        // Longer than a line: wraps, and joins back to the whole name.
        "广州市白云区均禾街道石马鸿图社区居民委员会第一经济合作社党支部委员会",
    ];
    for n in hostile {
        h.add_unit(Some(d), Unit::new(UnitKind::Street, n)).unwrap();
    }
    let svg = to_svg(&h, &SvgOptions::default()).unwrap();
    assert!(!svg.contains("<script>") && !svg.contains("<!--") && !svg.contains("<![CDATA["));
    let (drawn, size) = boxes(&svg);
    assert_tidy(&drawn, size);
    let shown: Vec<String> = [
        "<script>alert(1)</script>",
        "A & B &amp; C",
        "\"双引号\" and 'single'",
        "]]> <![CDATA[ x",
        "<!-- --> <?xml ?>",
        "ctl\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}end",
        "line break tab",
        "non\u{FFFD}char\u{FFFD}",
        "广州市白云区均禾街道石马鸿图社区居民委员会第一经济合作社党支部委员会",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(names(&drawn), sorted(shown));
    let long = drawn.iter().find(|d| d.name.starts_with("广州市")).unwrap();
    assert!(long.rect[2] < 220.0, "a long name wraps: {long:?}");
}

#[test]
fn wide_rows_wrap_under_the_maximum_width() {
    let mut h = Hierarchy::new();
    let d = h
        .add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    for s in 0..40 {
        let street = h
            .add_unit(Some(d), Unit::new(UnitKind::Street, format!("第{s}街道")))
            .unwrap();
        for c in 0..3 {
            let community = format!("第{s}街道第{c}社区居委会");
            h.add_unit(Some(street), Unit::new(UnitKind::Community, community))
                .unwrap();
        }
    }
    for max_width in [400, 1000, 1600] {
        let options = SvgOptions {
            max_width,
            ..SvgOptions::default()
        };
        let (drawn, size) = boxes(&to_svg(&h, &options).unwrap());
        assert_eq!(drawn.len(), 161);
        assert_tidy(&drawn, size);
        assert!(size[0] <= f64::from(max_width), "{size:?}");
    }
}

#[cfg(feature = "datasets")]
mod embedded {
    use super::*;

    /// `dot embedded out.svg --root 均禾街道`: every unit of the street named in exactly as
    /// many `<text>` elements as it has namesakes in the subtree (第一经济社 repeats).
    #[test]
    fn the_street_chart_names_every_unit_as_often_as_it_occurs() {
        let h = partyorg::baiyun::baiyun_2023();
        let street = h.by_name("均禾街道").next().unwrap().id();
        let svg = to_svg(&h, &units(Tree::Units(Some(street)), None)).unwrap();
        let expected: Vec<String> = h
            .subtree(street)
            .unwrap()
            .map(|v| v.unit)
            .map(|u| u.name().into())
            .collect();
        assert!(expected.len() > 60);
        check(&svg, "unit", expected.clone());
        let texts = texts(&svg);
        for name in &expected {
            let want = expected.iter().filter(|n| *n == name).count();
            let got = texts.iter().filter(|t| *t == name).count();
            assert_eq!(got, want, "{name}");
        }
        let (_, size) = boxes(&svg);
        assert!(size[0] <= 1600.0);
    }

    #[test]
    fn the_street_org_chart_names_every_org() {
        let h = partyorg::baiyun::baiyun_2023();
        let org = h.orgs().find(|o| o.name() == "均禾街道").unwrap().id();
        let svg = to_svg(&h, &units(Tree::Orgs(Some(org)), None)).unwrap();
        let expected = h.org_subtree(org).unwrap().map(|o| o.name().into());
        let drawn = check(&svg, "org", expected.collect());
        let total: u64 = h.org_totals(org).unwrap().members();
        assert_eq!(detail(&drawn, "均禾街道"), format!("党委 · 党员 {total}"));
    }
}

/// A chain of sub-units thousands deep: drawn without recursion, one box a level, boxes
/// apart, even where the room left at that depth is narrower than a box.
#[test]
fn a_deep_chain_draws_without_recursion() {
    let mut h = Hierarchy::new();
    let mut parent = h
        .add_unit(None, Unit::new(UnitKind::District, "白云区"))
        .unwrap();
    let kind = UnitKind::Institution(partyorg::Sector::Organ);
    for i in 0..2000 {
        let name = format!("第{i}科");
        parent = h.add_unit(Some(parent), Unit::new(kind, name)).unwrap();
    }
    let options = SvgOptions {
        max_width: 300,
        ..SvgOptions::default()
    };
    let (drawn, size) = boxes(&to_svg(&h, &options).unwrap());
    assert_eq!(drawn.len(), 2001);
    assert_tidy(&drawn, size);
    assert_eq!(drawn[2000].detail, "机关 · 党员 0");
}
