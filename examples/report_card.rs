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

use partyorg::relation::PairingLink;
use std::process::ExitCode;
use std::time::Instant;

use chrono::Datelike;
use partyorg::baiyun::{
    BAIYUN_CODE, Basis, Scope, TRAINING_INSTITUTION, baiyun_2023, reproduce, tallies_2023,
};
use partyorg::rollup::{Facility, Period};
use partyorg::{
    DivisionCode, Hierarchy, Sector, Totals, UnitId, UnitKind, UnitRef, unit::DemoLevel,
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
        UnitKind::Institution(Sector::NonPublicEnterprise) => "非公企业",
        UnitKind::Institution(Sector::SocialOrganization) => "社会组织",
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
    match card(&h, unit, district, embedded, opts.year, built) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The names of the article's twelve keywords.
const KEYWORDS: [&str; 12] = [
    "关键词一 基层党建五项措施",
    "关键词二 “三大”机制",
    "关键词三 党建+乡村振兴",
    "关键词四 党建+社区示范点建设",
    "关键词五 智慧党建矩阵",
    "关键词六 基层党建创新品牌",
    "关键词七 党员精神家园",
    "关键词八 红色美丽村庄试点",
    "关键词九 基层干部队伍建设",
    "关键词十 产业链党建",
    "关键词十一 “三新”党建",
    "关键词十二 典型引领 百花齐放",
];

/// What the card says of its sources, printed with it.
const NOTE: &str = "\
Published and synthetic (see partyorg::baiyun):
  published  the figures in the second column, from the article; the names and codes of
             the district, its 24 towns and streets and 404 villages and communities (NBS
             2023); where the article names a unit (龙岗村, 海苑社区, 大源村, 白山村, the
             case-winning streets, the prized organs), the item is placed there (P).
  synthetic  where the article gives only a total, its spread over units (S): members,
             forms, secretaries, terms, areas, dates within 2023, organs' and enterprises'
             names. No real village, community or unit the article does not name is given
             a negative label: the four weak-and-lax cases besides 龙岗村 sit on units
             whose names begin with 合成 (synthetic).";

fn card(
    h: &Hierarchy,
    unit: UnitId,
    district: UnitId,
    embedded: bool,
    year: i32,
    built: std::time::Duration,
) -> Result<(), Box<dyn std::error::Error>> {
    let period = Period::year(year);
    let year_end = period.end();
    let me = h.unit(unit)?;
    let compare = embedded && unit == district && year == 2023;
    let tallies = embedded.then(|| tallies_2023(h));
    let started = Instant::now();
    let scope = Scope::new(h, tallies.as_ref(), unit, year)?;
    let t = scope.totals().clone();
    let took = started.elapsed();
    let (lines, reproduced) = reproduce(&scope);

    let title = format!("{} {year} 党建成绩单", h.path(unit)?);
    println!("{title}");
    println!("{}", "=".repeat(width(&title)));
    println!(
        "(computed, published, agreement; P placed where the article says, S a published total spread synthetically)"
    );
    for (k, keyword) in KEYWORDS.iter().enumerate() {
        println!("\n{keyword}");
        for (f, value) in lines
            .iter()
            .filter(|(f, _)| usize::from(f.keyword) == k + 1)
        {
            let basis = match f.basis {
                Basis::Published => "P",
                Basis::Synthetic => "S",
                _ => "",
            };
            let Some(v) = value else {
                let why = match f.basis {
                    Basis::NotModeled(why) => format!("not modeled: {why}"),
                    _ => "no data".to_owned(),
                };
                println!(
                    "  {}{}  {}  ({why})",
                    left(f.what, 40),
                    right("—", 10),
                    right(&f.claim.to_string(), 10)
                );
                continue;
            };
            let published = if compare {
                let ok = f.claim.agrees(*v);
                format!(
                    "{}  {} {basis}",
                    right(&f.claim.to_string(), 10),
                    if ok { "✓" } else { "✗" }
                )
            } else {
                basis.to_string()
            };
            println!(
                "  {}{}  {published}",
                left(f.what, 40),
                right(&v.to_string(), 10)
            );
        }
    }
    if year == 2023 {
        facts(h, unit, &period)?;
    }
    if compare {
        println!(
            "\n{} of {} published figures reproduced",
            reproduced.agree, reproduced.checked
        );
    } else {
        println!("\n(published figures apply to 白云区 in 2023 only; not compared)");
    }

    // Coverage: organizational and work coverage apart (组织覆盖, 工作覆盖).
    println!("\n覆盖 (coverage on {year_end})");
    println!(
        "  {}{}{}{}{}{}",
        left("kind", 10),
        right("units", 8),
        right("党组织", 10),
        right("工作覆盖", 10),
        right("服务中心", 10),
        right("第一书记", 10)
    );
    let none = partyorg::tally::Tallies::new();
    let tallied = tallies.as_ref().unwrap_or(&none);
    for kind in [
        UnitKind::Village,
        UnitKind::Community,
        UnitKind::Federation,
        UnitKind::EconomicCoop,
        UnitKind::Institution(Sector::School),
        UnitKind::Institution(Sector::Kindergarten),
        UnitKind::Institution(Sector::NonPublicEnterprise),
        UnitKind::Institution(Sector::SocialOrganization),
    ] {
        let c = h.coverage(unit, kind, year_end)?;
        if c.units == 0 {
            continue;
        }
        let w = tallied.coverage(h, unit, kind, year_end)?;
        let pct = |f| {
            c.share(f)
                .map_or_else(String::new, |s| format!("{:.1}%", s * 100.0))
        };
        println!(
            "  {}{}{}{}{}{}",
            left(kind_label(kind), 10),
            right(&c.units.to_string(), 8),
            right(&pct(Facility::PartyOrganization), 10),
            right(&w.work.to_string(), 10),
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
    // Training institutions (校外培训机构) have no members: covered by work when an
    // instructor was sent to each.
    let trainers: Vec<UnitId> = h
        .subtree(unit)?
        .map(|v| v.unit)
        .filter(|u| u.name().ends_with(TRAINING_INSTITUTION))
        .map(|u| u.id())
        .collect();
    if !trainers.is_empty() {
        let mut covered = 0;
        for &t in &trainers {
            let k = h.unit(t)?.kind();
            let c = tallied.coverage(h, t, k, year_end)?;
            covered += usize::from(c.is_full());
        }
        println!(
            "  校外培训机构党的工作全覆盖: {} ({covered} of {} by instructors)",
            if covered == trainers.len() {
                "✓"
            } else {
                "✗"
            },
            trainers.len()
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
    println!("\n{NOTE}");
    println!("\n(dataset built in {built:.1?}; card computed by rollups and tallies)");
    if compare {
        println!(
            "{} of {} countable figures in the article reproduced",
            reproduced.agree, reproduced.total
        );
    }
    Ok(())
}

/// The article's named facts about single units, when the unit lies in the card's
/// subtree: 龙岗村 accepted, 海苑社区's first secretary from June 2023, the national
/// designations of 大源村 and 白山村, and full coverage of kindergartens (organizations)
/// and training institutions (work).
fn facts(h: &Hierarchy, unit: UnitId, period: &Period) -> Result<(), Box<dyn std::error::Error>> {
    let named = |name: &str| {
        h.by_name(name)
            .find(|u| h.is_within(u.id(), unit).unwrap_or(false))
    };
    let mut out: Vec<(String, bool)> = Vec::new();
    if let Some(u) = named("龙岗村委会") {
        let t = h.totals(u.id(), period)?;
        out.push(("龙岗村 among the accepted".into(), t.weak_lax_accepted == 1));
    }
    if let Some(u) = named("海苑社区居委会") {
        let june = h.pairings().any(|PairingLink { pairing: p, to, .. }| {
            to == u.id()
                && matches!(p.kind, partyorg::PairingKind::FirstSecretary { .. })
                && p.since.is_some_and(|s| s.year() == 2023 && s.month() == 6)
        });
        out.push(("海苑社区 first secretary from June 2023".into(), june));
    }
    for name in ["大源村委会", "白山村委会"] {
        if let Some(u) = named(name) {
            let t = h.totals(u.id(), period)?;
            out.push((
                format!("{name} national designation"),
                t.demonstrations(DemoLevel::National) == 1,
            ));
        }
    }
    if out.is_empty() {
        return Ok(());
    }
    println!("\nnamed facts");
    for (what, ok) in out {
        println!("  {}  {}", left(&what, 42), if ok { "✓" } else { "✗" });
    }
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
    let Some(deep) = copy
        .subtree(unit)?
        .map(|v| v.unit)
        .last()
        .map(|u| (u.id(), u.members()))
    else {
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
        .map(|c| (c.unit, c.totals))
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
