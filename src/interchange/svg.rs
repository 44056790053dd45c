//! Org charts as SVG pictures, laid out and written in Rust: no Graphviz needed
//! (feature `svg`, on by default).
//!
//! [`to_svg`] draws a subtree of either tree — the place tree of units, or the 隶属 tree
//! of party organizations — as a tidy tree: depth from top to bottom, each parent above
//! its children, every subtree in a block of its own so that no two boxes overlap. Each
//! box shows the name, the kind of unit or the form of the organization in Chinese (街道,
//! 党支部 …) and the party members (full and probationary) of its whole subtree, those
//! below a depth limit included.
//!
//! Large subtrees stay readable by wrapping, not by a node limit: a parent's children
//! wrap to further rows, joined by a trunk on the left, once a row would pass
//! [`SvgOptions::max_width`]; a parent whose children are all leaves sets them in a grid
//! of about as many columns as rows. The chart is thus no wider than `max_width` (unless
//! one box alone is wider than the room left at its depth) and grows downwards; a depth
//! limit ([`SvgOptions::depth`]) keeps it short. The whole embedded Baiyun place tree
//! (1,904 units) is a picture 1,588 px wide and 29,360 px tall; a national hierarchy of
//! millions of units wants a root or a depth limit.
//!
//! Names and words go only into text nodes, never into attributes, and are escaped by
//! the `svg` crate (`&`, `<`, `>`); characters XML cannot hold (control characters,
//! U+FFFE, U+FFFF) are drawn as U+FFFD, and tabs and line breaks as spaces. The fonts asked for are common CJK ones ("Noto Sans CJK SC", "Source
//! Han Sans SC", "Microsoft YaHei"), then `sans-serif`. Box widths are estimated from the
//! text (a CJK character one em, other characters 0.62 em), since the fonts a viewer has
//! are unknown; names longer than twelve em wrap to further lines.
//!
//! The picture's structure is stable for programs that read it: each box is a
//! `<g class="unit">` or `<g class="org">` holding a `<rect>`, a `<title>` with the full
//! name, one `<text class="name">` per line of the name and one `<text class="detail">`;
//! the connectors are the `<path>`s of `<g class="links">`.

use std::collections::VecDeque;
use std::fmt::Write as _;

use svg::Document;
use svg::node::element::path::Data;
use svg::node::element::{Element, Group, Path, Rectangle, Title};
use svg::node::{Node as _, Text};

use crate::error::QueryError;
use crate::hierarchy::{Hierarchy, OrgRef, UnitRef};
use crate::org::{OrgForm, OrgId};
use crate::unit::{KindWord, UnitId, UnitKind};
use crate::vocab::Vocabulary;

/// Which tree to draw, and from where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tree {
    /// The place tree of units, from this unit (`None`: every root of the forest).
    Units(Option<UnitId>),
    /// The 隶属 tree of party organizations, from this organization (`None`: every root
    /// of the 隶属 forest; temporary organizations and big committees, which stand
    /// outside it, are drawn only when asked for as the root).
    Orgs(Option<OrgId>),
}

impl Default for Tree {
    fn default() -> Self {
        Tree::Units(None)
    }
}

/// What [`to_svg`] draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SvgOptions {
    /// The tree and its root.
    pub tree: Tree,
    /// How many levels below the root to draw (0: the root alone); `None` for all.
    pub depth: Option<u32>,
    /// The picture's width in pixels, past which rows of children wrap (at least 200 is
    /// used); wider only where a single box needs it. Default 1600.
    pub max_width: u32,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            tree: Tree::default(),
            depth: None,
            max_width: 1600,
        }
    }
}

/// The fonts asked for, CJK ones first.
const FONTS: &str = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', \
                     'PingFang SC', 'WenQuanYi Micro Hei', sans-serif";
const NAME_PX: f64 = 14.0;
const DETAIL_PX: f64 = 12.0;
const NAME_LINE: f64 = 18.0;
const DETAIL_LINE: f64 = 16.0;
const PAD_X: f64 = 10.0;
const PAD_Y: f64 = 7.0;
/// Names wider than this many em wrap.
const NAME_MAX_EM: f64 = 12.0;
const MIN_BOX: f64 = 72.0;
/// Between sibling blocks in a row.
const H_GAP: f64 = 14.0;
/// Between a parent's box and its first row of children.
const V_GAP: f64 = 34.0;
/// Between two rows of children.
const ROW_GAP: f64 = 26.0;
/// The indent of wrapped rows, where their trunk runs.
const TRUNK: f64 = 14.0;
const MARGIN: f64 = 16.0;
const NONE: usize = usize::MAX;

/// A node of either tree.
#[derive(Clone, Copy)]
enum Item<'a> {
    Unit(UnitRef<'a>),
    Org(OrgRef<'a>),
}

impl<'a> Item<'a> {
    fn name(&self) -> &'a str {
        match self {
            Item::Unit(u) => u.name(),
            Item::Org(o) => o.name(),
        }
    }

    fn members(&self) -> u64 {
        match self {
            Item::Unit(u) => u.members().total(),
            Item::Org(o) => o.members().total(),
        }
    }

    fn word(&self) -> &'static str {
        match self {
            Item::Unit(u) => unit_word(u.kind()),
            Item::Org(o) => form_word(o.form()),
        }
    }

    /// Its children, in the tree's order. *O(children)*.
    fn children(&self, h: &'a Hierarchy, out: &mut Vec<Item<'a>>) {
        out.clear();
        match self {
            Item::Unit(u) => {
                if let Ok(c) = h.children(u.id()) {
                    out.extend(c.map(Item::Unit));
                }
            }
            Item::Org(o) => out.extend(o.subordinates().map(Item::Org)),
        }
    }
}

/// The first Chinese word of a vocabulary value, else its English word.
fn chinese<T: Vocabulary>(v: T) -> &'static str {
    T::ALIASES
        .iter()
        .find(|(_, x)| *x == v)
        .map_or(v.word(), |(w, _)| w)
}

fn unit_word(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Institution(sector) => chinese(sector),
        k => chinese::<KindWord>(k.word()),
    }
}

fn form_word(form: OrgForm) -> &'static str {
    match form {
        // Its first Chinese word, 临时党支部, would misname a 临时党委.
        OrgForm::Temporary => "临时党组织",
        f => chinese(f),
    }
}

/// The text as XML can hold it: line breaks and tabs as spaces, other control characters
/// and the non-characters U+FFFE and U+FFFF as U+FFFD.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// An estimate of a character's width in em.
fn em(c: char) -> f64 {
    if c.is_ascii() { 0.62 } else { 1.0 }
}

fn width_em(s: &str) -> f64 {
    s.chars().map(em).sum()
}

/// The name in lines of at most [`NAME_MAX_EM`]: a name without spaces (Chinese) in
/// lines as even as the characters allow, one with spaces broken after a space where
/// one falls in the line's second half. *O(name)*.
fn wrap(name: &str) -> Vec<String> {
    let total = width_em(name);
    if total <= NAME_MAX_EM {
        return vec![name.to_owned()];
    }
    // Without spaces, even lines: each full line is wider than `limit − 1` (no character
    // is wider than an em), so there are as few lines as at the full width. With spaces,
    // full lines broken at spaces, as prose is.
    let lines = (total / NAME_MAX_EM).ceil();
    let limit = if name.contains(' ') {
        NAME_MAX_EM
    } else {
        (total / lines + 1.0).min(NAME_MAX_EM)
    };
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut w = 0.0;
    // The byte offset just past the line's last space, and the width up to it.
    let mut space: Option<(usize, f64)> = None;
    for c in name.chars() {
        let cw = em(c);
        if w + cw > limit && w > 0.0 {
            match space {
                Some((at, before)) if before >= limit / 2.0 => {
                    let rest = line.split_off(at);
                    lines.push(std::mem::replace(&mut line, rest));
                    w -= before;
                }
                _ => {
                    lines.push(std::mem::take(&mut line));
                    w = 0.0;
                }
            }
            space = None;
        }
        line.push(c);
        w += cw;
        if c == ' ' {
            space = Some((line.len(), w));
        }
    }
    lines.push(line);
    lines
}

/// A drawn node and its layout.
struct Node<'a> {
    item: Option<Item<'a>>,
    parent: usize,
    /// 1 for a root, 0 for the forest node.
    level: u32,
    first_child: usize,
    children: usize,
    /// Members of its whole subtree.
    total: u64,
    lines: Vec<String>,
    detail: String,
    /// Box size.
    w: f64,
    h: f64,
    /// Block size (the box and every drawn descendant).
    bw: f64,
    bh: f64,
    /// The box's centre from the block's left.
    cx: f64,
    /// Where the rows of children start from the block's left (after the trunk's indent).
    rows_x: f64,
    /// The trunk's x from the block's left, when the children wrap.
    trunk_x: Option<f64>,
    /// Its rows, in `rows`.
    rows: std::ops::Range<usize>,
    /// The block's origin.
    x: f64,
    y: f64,
}

/// A row of children: `first..end` in the nodes.
struct Row {
    first: usize,
    end: usize,
    width: f64,
    height: f64,
}

fn node<'a>(item: Option<Item<'a>>, parent: usize, level: u32) -> Node<'a> {
    Node {
        item,
        parent,
        level,
        first_child: NONE,
        children: 0,
        total: item.map_or(0, |i| i.members()),
        lines: Vec::new(),
        detail: String::new(),
        w: 0.0,
        h: 0.0,
        bw: 0.0,
        bh: 0.0,
        cx: 0.0,
        rows_x: 0.0,
        trunk_x: None,
        rows: 0..0,
        x: 0.0,
        y: 0.0,
    }
}

/// The drawn nodes in breadth-first order (so each node's children are contiguous and
/// come after it), node 0 a box-less forest node when there is no single root; the
/// members of undrawn descendants are added to their drawn ancestor. *O(subtree)*,
/// iterative.
fn collect<'a>(h: &'a Hierarchy, roots: Vec<Item<'a>>, forest: bool, max: u32) -> Vec<Node<'a>> {
    let mut nodes: Vec<Node<'a>> = Vec::new();
    let mut queue: VecDeque<(Item<'a>, usize, u32)> = VecDeque::new();
    if forest {
        nodes.push(node(None, NONE, 0));
        queue.extend(roots.into_iter().map(|r| (r, 0, 0)));
    } else {
        queue.extend(roots.into_iter().map(|r| (r, NONE, 0)));
    }
    let mut kids = Vec::new();
    let mut below: Vec<Item<'a>> = Vec::new();
    while let Some((item, parent, depth)) = queue.pop_front() {
        let here = nodes.len();
        nodes.push(node(Some(item), parent, depth.saturating_add(1)));
        if parent != NONE {
            let p = &mut nodes[parent];
            if p.children == 0 {
                p.first_child = here;
            }
            p.children += 1;
        }
        item.children(h, &mut kids);
        if depth < max {
            queue.extend(kids.drain(..).map(|c| (c, here, depth + 1)));
        } else {
            // Below the limit: only their members count, into this node.
            below.append(&mut kids);
            let mut sum = 0u64;
            while let Some(b) = below.pop() {
                sum += b.members();
                b.children(h, &mut kids);
                below.append(&mut kids);
            }
            nodes[here].total += sum;
        }
    }
    nodes
}

/// Sizes every box and block, children before parents. *O(nodes)*.
///
/// The rows of a node of level `l` hold at most `max_width − 2 × MARGIN − l × TRUNK`, so
/// that its block, with the trunk's indent, fits a row of its parent's, and the root's
/// block the picture: a chart is wider than `max_width` only when one box is wider than
/// the room left for it.
fn measure(nodes: &mut [Node<'_>], rows: &mut Vec<Row>, max_width: f64) {
    for i in (0..nodes.len()).rev() {
        if let Some(item) = nodes[i].item {
            let n = &mut nodes[i];
            n.lines = wrap(&clean(item.name()));
            n.detail = format!("{} · 党员 {}", item.word(), n.total);
            let name_w = n.lines.iter().map(|l| width_em(l)).fold(0.0, f64::max) * NAME_PX;
            let detail_w = width_em(&n.detail) * DETAIL_PX;
            n.w = (name_w.max(detail_w) + 2.0 * PAD_X).max(MIN_BOX).ceil();
            n.h = 2.0 * PAD_Y + NAME_LINE * n.lines.len() as f64 + DETAIL_LINE;
            let (parent, total) = (nodes[i].parent, nodes[i].total);
            if let Some(p) = nodes.get_mut(parent) {
                p.total += total;
            }
        }
        let n = &nodes[i];
        let (first, count) = (n.first_child, n.children);
        if count == 0 {
            let n = &mut nodes[i];
            (n.bw, n.bh, n.cx) = (n.w, n.h, n.w / 2.0);
            continue;
        }
        let leaves = (first..first + count).all(|c| nodes[c].children == 0);
        // Leaves in a grid about as wide as it is tall; other children as wide as allowed.
        let columns = if leaves && count > 4 {
            (count as f64).sqrt().ceil().max(3.0) as usize
        } else {
            usize::MAX
        };
        let cap = (max_width - 2.0 * MARGIN - TRUNK * f64::from(nodes[i].level)).max(MIN_BOX);
        let start = rows.len();
        let mut row = Row {
            first,
            end: first,
            width: 0.0,
            height: 0.0,
        };
        for (c, child) in nodes.iter().enumerate().skip(first).take(count) {
            let (bw, bh) = (child.bw, child.bh);
            let used = row.end - row.first;
            if used > 0 && (used == columns || row.width + H_GAP + bw > cap) {
                let next = Row {
                    first: c,
                    end: c,
                    width: 0.0,
                    height: 0.0,
                };
                rows.push(std::mem::replace(&mut row, next));
            }
            row.width += if row.end > row.first { H_GAP } else { 0.0 } + bw;
            row.height = row.height.max(bh);
            row.end = c + 1;
        }
        rows.push(row);
        let mine = &rows[start..];
        let forest = nodes[i].item.is_none();
        let wrapped = mine.len() > 1 && !forest;
        let indent = if wrapped { TRUNK } else { 0.0 };
        let inner = indent + mine.iter().map(|r| r.width).fold(0.0, f64::max);
        let n = &nodes[i];
        let bw = n.w.max(inner);
        let rows_x = (bw - inner) / 2.0 + indent;
        // Centred over the first row's children, inside the block.
        let r0 = &mine[0];
        let first_c = rows_x + nodes[r0.first].cx;
        let last = r0.end - 1;
        let last_c = rows_x + r0.width - nodes[last].bw + nodes[last].cx;
        let cx = ((first_c + last_c) / 2.0).clamp(n.w / 2.0, bw - n.w / 2.0);
        let top = if forest { 0.0 } else { n.h + V_GAP };
        let gaps = ROW_GAP * (mine.len() - 1) as f64;
        let bh = top + mine.iter().map(|r| r.height).sum::<f64>() + gaps;
        let n = &mut nodes[i];
        (n.bw, n.bh, n.cx, n.rows_x) = (bw, bh, cx, rows_x);
        n.trunk_x = wrapped.then_some(rows_x - indent / 2.0);
        n.rows = start..rows.len();
    }
}

/// Rounds a coordinate to a tenth of a pixel, for short output.
fn r(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Places every block, parents before children, and draws each parent's connectors.
/// *O(nodes)*.
fn place(nodes: &mut [Node<'_>], rows: &[Row]) -> Data {
    let mut data = Data::new();
    if let Some(n) = nodes.first_mut() {
        (n.x, n.y) = (MARGIN, MARGIN);
    }
    for i in 0..nodes.len() {
        let n = &nodes[i];
        let (x, y) = (n.x, n.y);
        let forest = n.item.is_none();
        let mut row_top = y + if forest { 0.0 } else { n.h + V_GAP };
        let (px, py) = (x + n.cx, y + n.h);
        let trunk = n.trunk_x.map(|t| x + t);
        let rows_x = x + n.rows_x;
        let mut last_bus = None;
        for (k, row) in rows[n.rows.clone()].iter().enumerate() {
            let bus = row_top - (if k == 0 { V_GAP } else { ROW_GAP }) / 2.0;
            let mut cx = rows_x;
            let mut centres = Vec::with_capacity(row.end - row.first);
            for child in &mut nodes[row.first..row.end] {
                (child.x, child.y) = (cx, row_top);
                centres.push(cx + child.cx);
                cx += child.bw + H_GAP;
            }
            if !forest {
                let mut left = centres[0];
                let mut right = centres[centres.len() - 1];
                if k == 0 {
                    data = data.move_to((r(px), r(py))).vertical_line_to(r(bus));
                    (left, right) = (left.min(px), right.max(px));
                }
                if let Some(t) = trunk {
                    left = left.min(t);
                }
                data = data.move_to((r(left), r(bus))).horizontal_line_to(r(right));
                for c in centres {
                    data = data.move_to((r(c), r(bus))).vertical_line_to(r(row_top));
                }
                last_bus = Some(bus);
            }
            row_top += row.height + ROW_GAP;
        }
        if let (Some(t), Some(end)) = (trunk, last_bus) {
            let first_bus = y + nodes[i].h + V_GAP / 2.0;
            data = data.move_to((r(t), r(first_bus))).vertical_line_to(r(end));
        }
    }
    data
}

/// Fill and stroke of a box, by depth in the drawing: the root strongest.
fn colors(level: u32) -> (&'static str, &'static str) {
    match level {
        0 | 1 => ("#fbe3dc", "#b3261e"),
        2 => ("#fff1e6", "#c4502a"),
        _ => ("#fffaf5", "#c98b6b"),
    }
}

/// A `<text>` element holding `content` as one escaped text node. (The `svg` crate's own
/// `Text` element writes line breaks around its content, which readers of the text would
/// have to trim.)
fn text(class: &str, x: f64, y: f64, size: f64, content: &str) -> Element {
    let mut e = Element::new("text");
    e.assign("class", class);
    e.assign("x", r(x));
    e.assign("y", r(y));
    e.assign("font-size", size);
    e.append(Text::new(content));
    e
}

fn draw(nodes: &[Node<'_>], links: Data) -> Document {
    let (w, h) = nodes
        .first()
        .map_or((0.0, 0.0), |n| (n.bw + 2.0 * MARGIN, n.bh + 2.0 * MARGIN));
    let (w, h) = (w.ceil(), h.ceil());
    let mut doc = Document::new()
        .set("width", w)
        .set("height", h)
        .set("viewBox", (0, 0, w, h))
        .set("font-family", FONTS)
        .add(
            Rectangle::new()
                .set("width", "100%")
                .set("height", "100%")
                .set("fill", "#ffffff"),
        )
        .add(
            Group::new()
                .set("class", "links")
                .set("fill", "none")
                .set("stroke", "#9a8f88")
                .set("stroke-width", 1.2)
                .add(Path::new().set("d", links)),
        );
    let mut boxes = Group::new().set("text-anchor", "middle");
    for n in nodes {
        let Some(item) = n.item else { continue };
        let (fill, stroke) = colors(n.level);
        let left = n.x + n.cx - n.w / 2.0;
        let centre = n.x + n.cx;
        let mut g = Group::new()
            .set(
                "class",
                match item {
                    Item::Unit(_) => "unit",
                    Item::Org(_) => "org",
                },
            )
            .add(Title::new(clean(item.name())))
            .add(
                Rectangle::new()
                    .set("x", r(left))
                    .set("y", r(n.y))
                    .set("width", r(n.w))
                    .set("height", r(n.h))
                    .set("rx", 4)
                    .set("fill", fill)
                    .set("stroke", stroke)
                    .set("stroke-width", if n.level == 1 { 1.8 } else { 1.0 }),
            );
        for (k, line) in n.lines.iter().enumerate() {
            let base = n.y + PAD_Y + NAME_LINE * k as f64 + 14.0;
            let mut t = text("name", centre, base, NAME_PX, line);
            t.assign("font-weight", "bold");
            t.assign("fill", "#2b1d16");
            g = g.add(t);
        }
        let base = n.y + PAD_Y + NAME_LINE * n.lines.len() as f64 + 12.5;
        let mut t = text("detail", centre, base, DETAIL_PX, &n.detail);
        t.assign("fill", "#6b5b53");
        g = g.add(t);
        boxes = boxes.add(g);
    }
    doc = doc.add(boxes);
    doc
}

/// An SVG org chart of a subtree of the place tree or of the 隶属 tree (see the
/// [module](self) for what it shows and how it wraps).
///
/// *O(subtree)* time and space (the undrawn part below a depth limit only summed),
/// iterative.
///
/// # Errors
///
/// [`QueryError::UnknownUnit`] or [`QueryError::UnknownOrg`] when the root does
/// not exist.
///
/// # Example
///
/// ```
/// use partyorg::{Hierarchy, Members, Unit, UnitKind};
/// use partyorg::interchange::svg::{to_svg, SvgOptions, Tree};
///
/// let mut h = Hierarchy::new();
/// let d = h.add_unit(None, Unit::new(UnitKind::District, "白云区"))?;
/// let s = h.add_unit(Some(d), Unit::new(UnitKind::Street, "均禾街道"))?;
/// h.add_unit(Some(s), Unit::new(UnitKind::Community, "罗岗社区居委会")
///     .with_members(Members::new(38, 2)))?;
/// let svg = to_svg(&h, &SvgOptions { tree: Tree::Units(Some(s)), ..SvgOptions::default() })?;
/// assert!(svg.starts_with("<svg"));
/// assert!(svg.contains(">均禾街道</text>") && svg.contains(">罗岗社区居委会</text>"));
/// assert!(svg.contains(">社区 · 党员 40</text>") && !svg.contains("白云区"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn to_svg(h: &Hierarchy, options: &SvgOptions) -> Result<String, QueryError> {
    let (roots, forest): (Vec<Item<'_>>, bool) = match options.tree {
        Tree::Units(Some(id)) => (vec![Item::Unit(h.unit(id)?)], false),
        Tree::Units(None) => (h.roots().map(Item::Unit).collect(), true),
        Tree::Orgs(Some(id)) => (vec![Item::Org(h.org(id)?)], false),
        Tree::Orgs(None) => (h.org_roots().map(Item::Org).collect(), true),
    };
    let mut nodes = collect(h, roots, forest, options.depth.unwrap_or(u32::MAX));
    let mut rows = Vec::new();
    measure(&mut nodes, &mut rows, f64::from(options.max_width.max(200)));
    let links = place(&mut nodes, &rows);
    let mut out = String::new();
    let _ = write!(out, "{}", draw(&nodes, links));
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{NAME_MAX_EM, width_em, wrap};

    #[test]
    fn names_wrap_evenly_and_after_spaces() {
        assert_eq!(wrap("均禾街道"), ["均禾街道"]);
        let long = "广州市白云区均禾街道石马鸿图社区居民委员会第一经济合作社党支部委员会";
        let lines = wrap(long);
        assert_eq!(lines.concat(), long);
        assert_eq!(lines.len(), 3);
        assert!(
            lines
                .iter()
                .all(|l| (9.0..=NAME_MAX_EM).contains(&width_em(l)))
        );
        assert_eq!(
            wrap("\"双引号\" and 'single'"),
            ["\"双引号\" and ", "'single'"]
        );
        assert_eq!(
            wrap("<script>alert(1)</script>"),
            ["<script>alert(", "1)</script>"]
        );
        // A character wider than a line stands alone; nothing is lost.
        let odd = "x".repeat(50);
        assert_eq!(wrap(&odd).concat(), odd);
    }
}
