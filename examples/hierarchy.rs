//! A real piece of 广州市白云区 built from the NBS division file, then every hierarchy query
//! printed with what it returns.
//!
//! Names and codes of the district, towns, streets, communities and villages come from
//! `tests/fixtures/baiyun-divisions.csv`. Member counts, economic co-ops (第一经济社 …),
//! enterprises and organ names are synthetic.
//!
//! Run with `cargo run --example hierarchy`.

use partyorg::hierarchy::OrgLink;
use partyorg::relation::PairingLink;
use std::collections::HashMap;
use std::error::Error;

use chrono::NaiveDate;
use partyorg::{
    DivisionCode, Hierarchy, Members, Pairing, PairingKind, PartyForm, Record, RecordKind,
    Relation, Sector, Unit, UnitId, UnitKind, UnitRef, org::BigCommittee, org::TemporaryOrg,
    unit::BigCommitteeKind, unit::TaskPurpose,
};
use serde::Deserialize;

/// The NBS division rows of Baiyun, embedded at compile time.
const DIVISIONS: &str = include_str!("../tests/fixtures/baiyun-divisions.csv");

/// One row of the division file (see `tests/fixtures/README` for the columns).
#[derive(Debug, Deserialize)]
struct Row {
    code: DivisionCode,
    name: String,
    parent_code: Option<DivisionCode>,
}

/// The rows by code, and each code's children in file order.
struct Divisions {
    by_code: HashMap<DivisionCode, Row>,
    children: HashMap<DivisionCode, Vec<DivisionCode>>,
}

impl Divisions {
    fn parse(text: &str) -> Result<Self, Box<dyn Error>> {
        let mut by_code = HashMap::new();
        let mut children: HashMap<DivisionCode, Vec<DivisionCode>> = HashMap::new();
        for row in csv::Reader::from_reader(text.as_bytes()).deserialize() {
            let row: Row = row?;
            if let Some(p) = row.parent_code {
                children.entry(p).or_default().push(row.code);
            }
            by_code.insert(row.code, row);
        }
        Ok(Divisions { by_code, children })
    }

    fn row(&self, code: &str) -> Result<&Row, Box<dyn Error>> {
        let code: DivisionCode = code.parse()?;
        self.by_code
            .get(&code)
            .ok_or_else(|| format!("code {code} is not in the division file").into())
    }

    fn children(&self, code: DivisionCode) -> impl Iterator<Item = &Row> {
        self.children
            .get(&code)
            .into_iter()
            .flatten()
            .filter_map(|c| self.by_code.get(c))
    }
}

/// A unit for a division row: its kind follows from the code, its members are synthetic
/// (derived from the code so that every run prints the same figures).
fn unit_for(row: &Row) -> Unit {
    let seed = (row.code.get() % 997) as u32;
    Unit::new(UnitKind::from_code(row.code), row.name.clone())
        .with_code(row.code)
        .with_members(Members::new(20 + seed % 60, seed % 4))
        .with_party_form(PartyForm::Branch)
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate, Box<dyn Error>> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("bad date {y}-{m}-{d}").into())
}

/// `钟落潭镇 [town, 440111108000]`.
fn show(u: UnitRef<'_>) -> String {
    match u.code() {
        Some(c) => format!("{} [{}, {c}]", u.name(), u.kind()),
        None => format!("{} [{}, {}]", u.name(), u.kind(), u.id()),
    }
}

fn heading(title: &str) {
    println!("\n== {title} ==");
}

fn main() -> Result<(), Box<dyn Error>> {
    let div = Divisions::parse(DIVISIONS)?;
    let mut h = Hierarchy::new();

    // The district and its streets and towns.
    let baiyun_row = div.row("440111000000")?;
    let baiyun = h.add_unit(
        None,
        unit_for(baiyun_row).with_party_form(PartyForm::Committee),
    )?;
    let township = |h: &mut Hierarchy, code: &str, agricultural: bool| {
        let row = div.row(code)?;
        let mut u = unit_for(row).with_party_form(PartyForm::Committee);
        if agricultural {
            u = u.agricultural();
        }
        Ok::<_, Box<dyn Error>>((h.add_unit(Some(baiyun), u)?, row.code))
    };
    let (junhe, junhe_code) = township(&mut h, "440111013000", false)?;
    let (zhongluotan, zlt_code) = township(&mut h, "440111108000", true)?;
    let (sanyuanli, _) = township(&mut h, "440111002000", false)?;
    let (songzhou, _) = township(&mut h, "440111003000", false)?;
    let (jingtai, _) = township(&mut h, "440111004000", false)?;

    // Every community of 均禾街道.
    let mut communities = Vec::new();
    for row in div.children(junhe_code) {
        communities.push(h.add_unit(Some(junhe), unit_for(row))?);
    }

    // Some villages of 钟落潭镇, three of them with economic co-ops.
    let mut villages = Vec::new();
    for row in div
        .children(zlt_code)
        .filter(|r| UnitKind::from_code(r.code) == UnitKind::Village)
        .take(6)
    {
        villages.push(h.add_unit(Some(zhongluotan), unit_for(row))?);
    }
    let coop_names = ["第一经济社", "第二经济社", "第三经济社"];
    for (i, &v) in villages.iter().take(3).enumerate() {
        for (j, name) in coop_names.iter().enumerate() {
            let members = Members::new(3 + (i * 3 + j) as u32 % 5, (j % 2) as u32);
            h.add_unit(
                Some(v),
                Unit::new(UnitKind::EconomicCoop, *name).with_members(members),
            )?;
        }
    }

    // Institutions (synthetic names): an organ under the district, enterprises in the town.
    let organ = Sector::Organ;
    let bureau = h.add_unit(
        Some(baiyun),
        Unit::new(UnitKind::Institution(organ), "白云区工业和信息化局")
            .with_members(Members::new(64, 1))
            .with_party_form(PartyForm::GeneralBranch),
    )?;
    let enterprise = |name: &str| {
        Unit::new(
            UnitKind::Institution(Sector::NonPublicEnterprise),
            name.to_owned(),
        )
        .with_members(Members::new(12, 1))
        .with_party_form(PartyForm::Branch)
    };
    let firm_a = h.add_unit(Some(zhongluotan), enterprise("某美妆科技有限公司"))?;
    let firm_b = h.add_unit(Some(junhe), enterprise("某化妆品制造有限公司"))?;

    // A rural-revitalization temporary organization hosted by the town, with members
    // seconded from two of its villages.
    let temp = h.add_temporary(
        TemporaryOrg::new(
            "钟落潭镇乡村振兴临时党支部",
            TaskPurpose::RuralRevitalization,
            zhongluotan,
            date(2023, 3, 1)?,
        )
        .with_members(Members::new(7, 0))
        .seconded_from(villages[0], 4)
        .seconded_from(villages[1], 3),
    )?;

    // The cosmetics industry-chain big committee: a core and member units, with part-time
    // committee members from them.
    let cosmetics = h.add_big_committee(
        BigCommittee::new(
            "化妆品产业链大党委",
            BigCommitteeKind::IndustryChain,
            bureau,
        )
        .with_member(firm_a)
        .with_member(firm_b)
        .with_member(zhongluotan)
        .with_part_time(firm_a, 2)
        .with_part_time(firm_b, 1)
        .with_part_time(zhongluotan, 1),
    )?;

    // "1+3": the agricultural town paired with three streets.
    let since = Some(date(2023, 1, 1)?);
    for street in [sanyuanli, songzhou, jingtai] {
        h.add_pairing(
            zhongluotan,
            street,
            Pairing::new(PairingKind::TownStreet).between(since, None),
        )?;
    }

    // A couple of records, kept by the units the committee and the temporary
    // organization are based in.
    h.add_record(Record::new(
        bureau,
        date(2023, 6, 15)?,
        RecordKind::JointMeeting {
            matters: 4,
            problems_solved: 3,
        },
    ))?;
    h.add_record(Record::new(
        zhongluotan,
        date(2023, 7, 1)?,
        RecordKind::Activity { participants: 42 },
    ))?;

    // ----- what the queries return ---------------------------------------------------

    println!(
        "Built {} units, {} relations, {} pairings, {} records",
        h.len(),
        h.relations().count(),
        h.pairings().count(),
        h.record_count()
    );

    heading("roots");
    for r in h.roots() {
        println!("  {}", show(r));
    }

    let coop = h
        .subtree(villages[1])?
        .of_kind(UnitKind::EconomicCoop)
        .filter(|v| v.depth > 0)
        .nth(1)
        .map(|v| v.unit.id())
        .ok_or("the second village has co-ops")?;
    heading("path of a co-op");
    println!("  {}", h.path(coop)?);

    heading("parent of the co-op");
    if let Some(p) = h.parent(coop)? {
        println!("  {}", show(p));
    }

    heading("children of 钟落潭镇 (attachment order)");
    for c in h.children(zhongluotan)? {
        println!("  {}", show(c));
    }

    heading("ancestors of the co-op (nearest first)");
    for a in h.ancestors(coop)? {
        println!("  {}", show(a));
    }

    heading("descendants of 白云区 to depth 2, villages only");
    for v in h
        .subtree(baiyun)?
        .max_depth(2)
        .of_kind(UnitKind::Village)
        .filter(|v| v.depth > 0)
    {
        println!("  depth {}: {}", v.depth, show(v.unit));
    }

    heading("descendants of 钟落潭镇 to depth 2 (pre-order)");
    for v in h.subtree(zhongluotan)?.max_depth(2).filter(|v| v.depth > 0) {
        println!("  {}{}", "  ".repeat(v.depth as usize - 1), show(v.unit));
    }

    heading("siblings of the first community of 均禾街道");
    let first = communities
        .first()
        .copied()
        .ok_or("均禾街道 has communities")?;
    println!("  of {}:", show(h.unit(first)?));
    for s in h.siblings(first)? {
        println!("  {}", show(s));
    }

    heading("depth");
    for id in [baiyun, junhe, first, coop] {
        println!("  {} → {}", h.unit(id)?.name(), h.depth(id)?);
    }

    heading("lowest common ancestor");
    let pairs = [
        (coop, villages[0]),
        (coop, first),
        (villages[2], zhongluotan),
        (sanyuanli, coop),
    ];
    for (a, b) in pairs {
        let lca = h.lowest_common_ancestor(a, b)?;
        println!(
            "  {} & {} → {}",
            h.unit(a)?.name(),
            h.unit(b)?.name(),
            lca.map_or_else(|| "none (different trees)".to_owned(), show)
        );
    }

    heading("is within");
    println!(
        "  co-op within 钟落潭镇: {}; within 均禾街道: {}",
        h.is_within(coop, zhongluotan)?,
        h.is_within(coop, junhe)?
    );

    heading("subtree sizes");
    for id in [baiyun, junhe, zhongluotan, villages[0]] {
        println!("  {} → {}", h.unit(id)?.name(), h.subtree_size(id)?);
    }

    heading("subtree of the first village (pre-order)");
    for u in h.subtree(villages[0])?.map(|v| v.unit) {
        println!("  {}", show(u));
    }

    heading("temporary organizations in 白云区");
    for t in h.temporaries_in(baiyun)? {
        println!(
            "  {} (hosted by {}), members {:?}",
            t.name(),
            show(t.based_in()),
            t.members()
        );
        // Relations come newest first (the graph's adjacency order); sort them by home
        // unit for reading.
        let mut homes: Vec<_> = t
            .links()
            .filter_map(
                |OrgLink {
                     relation: rel,
                     unit: other,
                     ..
                 }| match rel {
                    Relation::Seconds(n) => Some((other.id(), n)),
                    _ => None,
                },
            )
            .collect();
        homes.sort();
        for (home, n) in homes {
            println!("    {n} seconded from {}", show(h.unit(home)?));
        }
    }

    heading("big committees of a town, an enterprise and an organ");
    for id in [zhongluotan, firm_a, bureau] {
        for OrgLink {
            org: bc,
            relation: rel,
            ..
        } in h.big_committees_of(id)?
        {
            let role = if rel == Relation::BasedIn {
                "the core (一核)"
            } else {
                "a member"
            };
            println!("  {} is {role} of {}", h.unit(id)?.name(), bc.name());
        }
    }

    heading("relations of the big committee");
    let bc = h.org(cosmetics)?;
    println!("  core (based in) {}", show(bc.based_in()));
    for OrgLink {
        relation: rel,
        unit: other,
        ..
    } in bc.links()
    {
        println!("  → {:?} {}", rel, show(other));
    }

    heading("pairings of 钟落潭镇 (by pairing id)");
    let mut of_town: Vec<_> = h.pairings_of(zhongluotan)?.collect();
    of_town.sort_by_key(|l| l.id);
    for l in of_town {
        let other = h.unit(l.other(zhongluotan))?;
        println!(
            "  {}: {} with {}",
            l.id,
            l.pairing.kind.as_str(),
            show(other)
        );
    }

    heading("every pairing");
    for PairingLink {
        id,
        pairing: p,
        from,
        to,
    } in h.pairings()
    {
        println!(
            "  {id}: {} → {} ({})",
            h.unit(from)?.name(),
            h.unit(to)?.name(),
            p.kind.as_str()
        );
    }

    heading("lookup by code");
    for code in [
        "440111013000",
        "440111108000",
        "440111004000",
        "440111999000",
    ] {
        let found = h
            .by_code(code.parse()?)
            .map_or_else(|| "not found".to_owned(), show);
        println!("  {code} → {found}");
    }

    heading("lookup by name: 第一经济社 (names repeat)");
    for u in h.by_name("第一经济社") {
        println!("  {}  ({})", u.id(), h.path(u.id())?);
    }

    heading("records");
    for (id, r) in h.records() {
        println!(
            "  {id}: {} at {} on {}",
            r.kind.as_str(),
            h.unit(r.unit)?.name(),
            r.date
        );
    }
    for id in [bureau, zhongluotan] {
        println!(
            "  {} has {} record(s)",
            h.unit(id)?.name(),
            h.records_of(id).count()
        );
    }
    println!(
        "  {} and {} are organizations based there",
        h.org(cosmetics)?.name(),
        h.org(temp)?.name()
    );

    heading("first units in id order");
    for u in h.units().take(5) {
        let id: UnitId = u.id();
        println!("  {id} {}", show(u));
    }

    assert!(h.is_well_placed());
    Ok(())
}
