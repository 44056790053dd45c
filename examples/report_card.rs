//! Baiyun District's 2023 party-building report card (成绩单), computed by rollups from the
//! embedded dataset and checked against the published figures.
//!
//! ```sh
//! cargo run --release --example report_card
//! cargo run --release --example report_card -- --unit 440111021000   # 大源街道's own card
//! cargo run --release --example report_card -- --unit 大源街道 --year 2023
//! ```
//!
//! Options: `--unit CODE|#ID|NAME` (a unit's own card), `--year YYYY` (default 2023),
//! `--file PATH` (another dataset in any format of `partyorg::load_path`: a `.json`
//! snapshot, a folder of CSV tables, a units or NBS `.csv`; its Baiyun District, or its
//! only tree, is the default unit). Published figures are compared only for the embedded
//! data.

use std::process::ExitCode;
use std::time::Instant;

use partyorg::baiyun::{BAIYUN_CODE, Claim, PUBLISHED, baiyun_2023};
use partyorg::rollup::{Count, Facility, PairingType, Period};
use partyorg::{
    BigCommitteeKind, CommandoField, DemoLevel, DivisionCode, Hierarchy, Sector, Totals, UnitId,
    UnitKind, UnitRef,
};

struct Options {
    unit: Option<String>,
    year: i32,
    file: Option<String>,
}

const USAGE: &str = "usage: report_card [--unit CODE|#ID|NAME] [--year YYYY] [--file PATH]";

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        unit: None,
        year: 2023,
        file: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--unit" => o.unit = Some(value("--unit")?),
            "--year" => {
                let v = value("--year")?;
                o.year = v
                    .parse()
                    .map_err(|_| format!("--year: {v:?} is not a year"))?;
            }
            "--file" => o.file = Some(value("--file")?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    Ok(o)
}

/// Display width in a terminal: wide (CJK, full-width) characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let c = c as u32;
            let wide = (0x1100..=0x115F).contains(&c)
                || (0x2E80..=0x303E).contains(&c)
                || (0x3041..=0x33FF).contains(&c)
                || (0x3400..=0x4DBF).contains(&c)
                || (0x4E00..=0x9FFF).contains(&c)
                || (0xA000..=0xA4CF).contains(&c)
                || (0xAC00..=0xD7A3).contains(&c)
                || (0xF900..=0xFAFF).contains(&c)
                || (0xFE30..=0xFE4F).contains(&c)
                || (0xFF00..=0xFF60).contains(&c)
                || (0xFFE0..=0xFFE6).contains(&c);
            if wide { 2 } else { 1 }
        })
        .sum()
}

fn left(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

fn right(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(width(s))))
}

fn find_unit(h: &Hierarchy, key: &str) -> Option<UnitId> {
    if let Ok(code) = key.parse::<DivisionCode>() {
        return h.by_code(code).map(|u| u.id());
    }
    if let Some(n) = key.strip_prefix('#').and_then(|n| n.parse().ok()) {
        return h.get(UnitId(n)).map(|u| u.id());
    }
    h.by_name(key).next().map(|u| u.id())
}

/// One line of the card: what, computed, and the published claim when it applies.
struct Line {
    label: &'static str,
    computed: u64,
    published: Option<Claim>,
}

fn line(label: &'static str, computed: u64, published: Claim) -> Line {
    Line {
        label,
        computed,
        published: Some(published),
    }
}

fn kind_label(k: UnitKind) -> &'static str {
    match k {
        UnitKind::Street => "街道",
        UnitKind::Town => "镇",
        UnitKind::Village => "村",
        UnitKind::Community => "社区",
        UnitKind::Federation => "联社",
        UnitKind::EconomicCoop => "经济社",
        UnitKind::Institution(Sector::Organ) => "机关",
        UnitKind::Institution(Sector::Kindergarten) => "幼儿园",
        UnitKind::Institution(Sector::School) => "学校",
        UnitKind::Institution(_) => "单位",
        _ => "其他",
    }
}

fn main() -> ExitCode {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let h = match &opts.file {
        None => baiyun_2023(),
        Some(path) => match partyorg::load_path(std::path::Path::new(path)) {
            Ok(h) => h,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let built = started.elapsed();
    let baiyun = DivisionCode::from_u64(BAIYUN_CODE)
        .ok()
        .and_then(|c| h.by_code(c))
        .map(|u| u.id());
    let roots: Vec<UnitId> = h.roots().map(|r| r.id()).collect();
    let district = match (baiyun, roots.as_slice()) {
        (Some(d), _) => d,
        (None, [only]) => *only,
        (None, []) => {
            eprintln!("error: the dataset has no unit to report on");
            return ExitCode::FAILURE;
        }
        (None, many) if opts.unit.is_some() => many[0],
        (None, many) => {
            eprintln!(
                "error: the dataset holds {} trees and no Baiyun District; name the unit with --unit",
                many.len()
            );
            return ExitCode::from(2);
        }
    };
    let embedded = opts.file.is_none();
    let unit = match &opts.unit {
        None => district,
        Some(key) => match find_unit(&h, key) {
            Some(u) => u,
            None => {
                eprintln!("error: no unit {key:?} (give a 12-digit code, #id or a name)");
                return ExitCode::from(2);
            }
        },
    };
    match card(&h, unit, district, embedded, opts.year) {
        Ok(()) => {
            println!("\n(dataset built in {built:.1?}; card computed by rollups)");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn card(
    h: &Hierarchy,
    unit: UnitId,
    district: UnitId,
    embedded: bool,
    year: i32,
) -> Result<(), Box<dyn std::error::Error>> {
    let period = Period::year(year);
    let year_end = period.end();
    let me = h.unit(unit)?;
    let compare = embedded && unit == district && year == 2023;
    let started = Instant::now();
    let t = h.totals(unit, &period)?;
    let took = started.elapsed();
    let count = |pred: &dyn Fn(UnitRef<'_>) -> bool| {
        h.fold_subtree(unit, |u| Count::of(pred(u))).map(|c| c.0)
    };
    let secretaries = |kind: UnitKind| {
        count(&|u: UnitRef<'_>| {
            u.kind() == kind
                && u.details()
                    .org
                    .as_ref()
                    .is_some_and(|o| o.secretary.is_some())
        })
    };
    // A named unit's figure, if the unit lies in this card's subtree.
    let named = |name: &str| {
        h.by_name(name)
            .find(|u| h.is_within(u.id(), unit).unwrap_or(false))
    };
    let haiyuan_secretary = named("海苑社区居委会")
        .map(|u| h.coverage(u.id(), UnitKind::Community, year_end))
        .transpose()?
        .map(|c| u64::from(c.is_full(Facility::FirstSecretary) && c.units == 1));
    let longgang_accepted = named("龙岗村委会")
        .map(|u| h.totals(u.id(), &period))
        .transpose()?
        .map(|t| t.weak_lax_accepted);
    let p = &PUBLISHED;
    let keywords: Vec<(&str, Vec<Line>)> = vec![
        (
            "关键词一 基层党建五项措施",
            vec![
                line(
                    "临时党组织 (founded)",
                    t.temporary_founded,
                    p.temporary_orgs,
                ),
                line("党员突击队", t.commando_teams(), p.commando_teams),
            ],
        ),
        (
            "关键词二 “三大”机制",
            vec![
                line(
                    "第一书记结对共建",
                    t.pairings(PairingType::FirstSecretary),
                    p.first_secretary_pairings,
                ),
                line("联席会议", t.joint_meetings, p.joint_meetings),
                line("重要事项", t.matters, p.matters),
                line("解决问题", t.problems_solved, p.problems_solved),
            ],
        ),
        (
            "关键词三 党建+乡村振兴",
            vec![
                line("涉农镇街", t.agricultural, p.agricultural),
                line(
                    "“1+3”结对街道 (received)",
                    t.pairings(PairingType::TownStreet),
                    p.paired_streets,
                ),
                line("软弱涣散村验收", t.weak_lax_accepted, p.weak_lax_accepted),
            ]
            .into_iter()
            .chain(longgang_accepted.map(|n| Line {
                label: "  其中龙岗村",
                computed: n,
                published: Some(Claim::Exactly(1)),
            }))
            .chain([Line {
                label: "全国级示范 (designations)",
                computed: t.demonstrations(DemoLevel::National),
                published: None,
            }])
            .collect(),
        ),
        (
            "关键词四 社区示范点建设",
            vec![
                line(
                    "区级社区示范点",
                    t.demonstrations(DemoLevel::District),
                    p.district_demonstrations,
                ),
                line(
                    "镇街党群服务中心",
                    t.service_centers_of(UnitKind::Street) + t.service_centers_of(UnitKind::Town),
                    p.town_centers,
                ),
                line(
                    "村(联社、社区)中心",
                    t.service_centers_of(UnitKind::Village)
                        + t.service_centers_of(UnitKind::Community)
                        + t.service_centers_of(UnitKind::Federation),
                    p.village_centers,
                ),
                line(
                    "经济社党群服务站",
                    t.service_centers_of(UnitKind::EconomicCoop),
                    p.coop_stations,
                ),
                line("党建公园、广场、长廊", t.venues(), p.venues),
                line("  总面积 m²", t.venue_area_m2(), p.venue_area_m2),
            ],
        ),
        (
            "关键词五 智慧党建矩阵",
            vec![
                line("举办活动", t.activities, p.activities),
                line("解决群众诉求", t.appeals_resolved, p.appeals_resolved),
            ],
        ),
        ("关键词六 基层党建创新品牌 (not modeled)", vec![]),
        (
            "关键词七 党员精神家园",
            vec![line(
                "区直单位",
                t.units_of(UnitKind::Institution(Sector::Organ)),
                p.district_organs,
            )],
        ),
        (
            "关键词八 红色美丽村庄试点",
            haiyuan_secretary
                .map(|c| Line {
                    label: "海苑社区第一书记",
                    computed: c,
                    published: Some(Claim::Exactly(1)),
                })
                .into_iter()
                .collect(),
        ),
        (
            "关键词九 基层干部队伍建设",
            vec![
                line(
                    "镇街",
                    t.units_of(UnitKind::Street) + t.units_of(UnitKind::Town),
                    p.towns_and_streets,
                ),
                line(
                    "村党组织书记",
                    secretaries(UnitKind::Village)?,
                    p.village_secretaries,
                ),
                line(
                    "社区党组织书记",
                    secretaries(UnitKind::Community)?,
                    p.community_secretaries,
                ),
                line("培训人次", t.training_person_times, p.training_person_times),
            ],
        ),
        (
            "关键词十 产业链党建",
            vec![line(
                "产业链大党委",
                t.big_committees_of(BigCommitteeKind::IndustryChain),
                p.industry_chain_committees,
            )],
        ),
        (
            "关键词十一 “三新”党建",
            vec![
                line(
                    "商圈大党委",
                    t.big_committees_of(BigCommitteeKind::BusinessDistrict),
                    p.business_district_committees,
                ),
                line(
                    "“三新”突击队",
                    t.commando_teams_in(CommandoField::ThreeNew),
                    p.three_new_commando_teams,
                ),
                line(
                    "“三新”兼职委员",
                    t.part_time_members_of(BigCommitteeKind::Regional),
                    p.part_time_members,
                ),
            ],
        ),
        (
            "关键词十二 典型引领 百花齐放",
            vec![
                line("机关科室结对", t.organ_sections, p.organ_sections),
                line("结对经济社", t.coops_paired, p.coops_paired),
                line("机关干部职工结对", t.cadres, p.cadres),
                line("结对群众户数", t.households, p.households),
            ],
        ),
    ];

    let title = format!("{} {year} 党建成绩单", h.path(unit)?);
    println!("{title}");
    println!("{}", "=".repeat(width(&title)));
    let (mut agree, mut checked) = (0, 0);
    for (keyword, lines) in &keywords {
        println!("\n{keyword}");
        for l in lines {
            let published = match (compare, l.published) {
                (true, Some(c)) => {
                    checked += 1;
                    let ok = c.agrees(l.computed);
                    agree += usize::from(ok);
                    format!(
                        "{}  {}",
                        right(&c.to_string(), 10),
                        if ok { "✓" } else { "✗" }
                    )
                }
                _ => String::new(),
            };
            println!(
                "  {}{}  {published}",
                left(l.label, 26),
                right(&l.computed.to_string(), 10)
            );
        }
    }
    if compare {
        println!("\n{agree} of {checked} published figures reproduced");
    } else {
        println!("\n(published figures apply to 白云区 in 2023 only; not compared)");
    }

    // Coverage.
    println!("\n覆盖 (coverage on {year_end})");
    println!(
        "  {}{}{}{}{}",
        left("kind", 10),
        right("units", 8),
        right("党组织", 10),
        right("服务中心", 10),
        right("第一书记", 10)
    );
    for kind in [
        UnitKind::Village,
        UnitKind::Community,
        UnitKind::Federation,
        UnitKind::EconomicCoop,
        UnitKind::Institution(Sector::School),
        UnitKind::Institution(Sector::Kindergarten),
    ] {
        let c = h.coverage(unit, kind, year_end)?;
        if c.units == 0 {
            continue;
        }
        let pct = |f| {
            c.share(f)
                .map_or_else(String::new, |s| format!("{:.1}%", s * 100.0))
        };
        println!(
            "  {}{}{}{}{}",
            left(kind_label(kind), 10),
            right(&c.units.to_string(), 8),
            right(&pct(Facility::PartyOrganization), 10),
            right(&pct(Facility::ServiceCenter), 10),
            right(&c.with_first_secretary.to_string(), 10)
        );
    }
    let kindergartens = h.coverage(unit, UnitKind::Institution(Sector::Kindergarten), year_end)?;
    if kindergartens.units > 0 {
        println!(
            "  幼儿园党的组织全覆盖: {}",
            if kindergartens.is_full(Facility::PartyOrganization) {
                "✓"
            } else {
                "✗"
            }
        );
    }
    let open = h.weak_lax_open(unit, year_end)?;
    println!("  软弱涣散 open on {year_end}: {}", open.len());
    let ending = h.terms_ending(
        unit,
        &Period::new(year_end, year_end + chrono::Days::new(183))?,
    )?;
    println!("  terms ending within six months: {}", ending.len());

    table(h, unit, &period)?;
    println!(
        "\n(totals of {} computed in {took:.1?}: {} units, {} members)",
        me.name(),
        t.units,
        t.members()
    );
    incremental(h, unit, &period)?;
    Ok(())
}

/// Shows the memo at work on a copy: a re-read, then a member change and a new record
/// deep in the tree, each patched along the ancestors before the next read.
fn incremental(
    h: &Hierarchy,
    unit: UnitId,
    period: &Period,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut copy = h.clone();
    let before = copy.totals(unit, period)?;
    let started = Instant::now();
    copy.totals(unit, period)?;
    let reread = started.elapsed();
    let Some(deep) = copy.subtree(unit)?.last().map(|u| (u.id(), u.members())) else {
        return Ok(());
    };
    let started = Instant::now();
    copy.set_members(
        deep.0,
        partyorg::Members::new(deep.1.full + 1, deep.1.probationary),
    )?;
    copy.add_record(partyorg::Record::new(
        deep.0,
        period.start(),
        partyorg::RecordKind::Activity { participants: 10 },
    ))?;
    let after = copy.totals(unit, period)?;
    let patched = started.elapsed();
    let started = Instant::now();
    let fresh = copy.totals_uncached(unit, period)?;
    let recomputed = started.elapsed();
    assert_eq!(after, fresh, "the memo agrees with a fresh rollup");
    assert_eq!(after.members(), before.members() + 1);
    println!(
        "(memoized re-read {reread:.1?}; one member change + one record, patched and re-read \
         {patched:.1?}; fresh recomputation {recomputed:.1?})"
    );
    Ok(())
}

fn table(h: &Hierarchy, unit: UnitId, period: &Period) -> Result<(), Box<dyn std::error::Error>> {
    let rows: Vec<(UnitRef<'_>, Totals)> = h
        .totals_by_child(unit, period)?
        .into_iter()
        .filter(|(u, _)| {
            matches!(
                u.kind(),
                UnitKind::Street | UnitKind::Town | UnitKind::Village | UnitKind::Community
            )
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    let headers = [
        "name",
        "kind",
        "涉农",
        "村",
        "社区",
        "经济社",
        "党员",
        "临时",
        "联席",
        "活动",
        "诉求",
    ];
    let name_w = rows
        .iter()
        .map(|(u, _)| width(u.name()))
        .max()
        .unwrap_or(4)
        .max(4);
    let widths = [name_w, 6, 5, 5, 6, 7, 7, 6, 6, 7, 7];
    println!();
    let mut head = String::from("  ");
    for (i, hd) in headers.iter().enumerate() {
        head.push_str(&if i < 3 {
            left(hd, widths[i])
        } else {
            right(hd, widths[i])
        });
        if i < 3 {
            head.push(' ');
        }
    }
    println!("{head}");
    println!("  {}", "-".repeat(width(&head) - 2));
    let mut sum = Totals::default();
    for (u, t) in &rows {
        sum.checked_add_assign(t)?;
        print_row(
            u.name(),
            kind_label(u.kind()),
            u.is_agricultural(),
            t,
            &widths,
        );
    }
    println!("  {}", "-".repeat(width(&head) - 2));
    print_row("合计", "", false, &sum, &widths);
    Ok(())
}

fn print_row(name: &str, kind: &str, agri: bool, t: &Totals, w: &[usize; 11]) {
    let cells = [
        t.units_of(UnitKind::Village),
        t.units_of(UnitKind::Community),
        t.units_of(UnitKind::EconomicCoop),
        t.members(),
        t.temporary_founded,
        t.joint_meetings,
        t.activities,
        t.appeals_resolved,
    ];
    let mut s = format!(
        "  {} {} {} ",
        left(name, w[0]),
        left(kind, w[1]),
        left(if agri { "✓" } else { "" }, w[2])
    );
    for (i, c) in cells.iter().enumerate() {
        s.push_str(&right(&c.to_string(), w[3 + i]));
    }
    println!("{s}");
}
