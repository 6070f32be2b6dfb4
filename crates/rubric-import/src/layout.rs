//! A table laid out as a rubric: the header row names each column's role, the numbering makes
//! sections, groups and items with the document's numbers as ids (the convention of
//! `rules/wushen-2024.rubric`), each row gets its points and metadata, and an empty metadata
//! cell continues the value above within its merged block.

use crate::columns::{Role, header_roles, squeeze};
use crate::error::{At, Broken, ImportError};
use crate::table::{Cell, Table};
use crate::words::{self, Due};
use rust_decimal::Decimal;

/// A rubric laid out from one table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Laid {
    /// The title: the last line of the loose text before the table that is not an attachment
    /// mark (附件).
    pub title: String,
    /// The year the title names.
    pub year: Option<i32>,
    /// The checkpoints (平时/年底) when the table scores the rows at several.
    pub periods: Vec<Period>,
    /// The top-level nodes.
    pub sections: Vec<Node>,
}

/// A checkpoint of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// Its name, from the header (`平时`).
    pub name: String,
    /// The header's words.
    pub title: String,
    /// Its date (`截至8月底` in the table's year).
    pub due: Option<chrono::NaiveDate>,
}

/// A section, group or item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// `section`, `group` or `item`.
    pub kind: &'static str,
    /// The id, from the document's numbering.
    pub id: String,
    /// The title.
    pub title: String,
    /// The points the document states for it.
    pub max: Option<Decimal>,
    /// A note for the draft (the unnumbered 评分内容 of a section).
    pub note: Option<String>,
    /// The periods it is scored in, when not all.
    pub only: Vec<String>,
    /// The id the document gives it, when that id was taken by an earlier row and this one was
    /// renamed (`一` → `一-2`).
    pub was: Option<String>,
    /// Below it.
    pub children: Vec<Node>,
    /// For an item: its row.
    pub row: Option<ItemRow>,
}

/// An item's row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemRow {
    /// Where the row starts.
    pub line: usize,
    /// The scoring sentence.
    pub text: String,
    /// Metadata, as the row's cells give it (continued from above where empty).
    pub meta: Meta,
}

/// The metadata columns of a row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// 完成时限.
    pub due: Option<Due>,
    /// 牵头领导.
    pub lead: Vec<String>,
    /// 责任股室.
    pub office: Vec<String>,
    /// 责任人.
    pub owner: Vec<String>,
}

impl Node {
    fn new(kind: &'static str, id: String, title: String) -> Node {
        Node {
            kind,
            id: clean_id(&id),
            title,
            max: None,
            note: None,
            only: Vec::new(),
            was: None,
            children: Vec::new(),
            row: None,
        }
    }

    /// Every item below it (itself, for an item), in order.
    pub fn items(&self) -> Vec<&Node> {
        if self.kind == "item" {
            return vec![self];
        }
        self.children.iter().flat_map(Node::items).collect()
    }
}

/// The continued values of the metadata columns.
#[derive(Default)]
struct Carry {
    due: Option<String>,
    lead: Option<String>,
    office: Option<String>,
    owner: Option<String>,
}

/// Lays out a table.
pub fn lay_out(table: &Table) -> Result<Laid, ImportError> {
    let title = table
        .before
        .iter()
        .rev()
        .find(|l| !l.starts_with("附件") && l.chars().count() > 4)
        .cloned()
        .unwrap_or_default();
    let year = year_in(&title);
    let mut laid = Laid { title, year, ..Laid::default() };
    let mut roles: Option<Vec<Role>> = None;
    let mut fresh = false;
    let mut carry = Carry::default();
    for row in &table.rows {
        let mut grid = row.grid();
        if let Some(r) = &roles
            && grid.len() < r.len()
        {
            // A row cut short (at a page break, at the end) has empty cells where it stops.
            grid.resize(r.len(), Cell { text: String::new(), span: 1, merged_above: false });
        }
        let texts: Vec<String> = grid.iter().map(|c| c.text.clone()).collect();
        if let Some(r) = header_roles(&texts) {
            periods_of(&r, &texts, year, &mut laid.periods);
            roles = Some(r);
            fresh = true;
            continue;
        }
        let Some(r) = &roles else { continue };
        let cells = Cells { roles: r, grid: &grid };
        if cells.is_empty() {
            continue;
        }
        let meta = meta_of(&cells, fresh && !table.merges_known, table.merges_known, &mut carry);
        fresh = false;
        place(&mut laid, &cells, meta, row.line)?;
    }
    if roles.is_none() {
        return Err(ImportError::NoHeader(At { line: table.rows.first().map_or(1, |r| r.line) }));
    }
    let mut seen = std::collections::HashSet::new();
    for s in &mut laid.sections {
        unique_ids(s, &mut seen);
    }
    Ok(laid)
}

/// A data row's cells by role.
struct Cells<'a> {
    roles: &'a [Role],
    grid: &'a [Cell],
}

impl Cells<'_> {
    fn get(&self, role: Role) -> Option<&Cell> {
        let i = self.roles.iter().position(|r| *r == role)?;
        self.grid.get(i)
    }

    fn text(&self, role: Role) -> &str {
        self.get(role).map_or("", |c| c.text.as_str())
    }

    fn is_empty(&self) -> bool {
        self.grid.iter().all(|c| c.text.trim().is_empty())
    }

    /// The points column right after a checkpoint's column, or the only points column.
    fn points_after(&self, role: Role) -> Option<Decimal> {
        let i = self.roles.iter().position(|r| *r == role)?;
        let j = i + 1;
        if self.roles.get(j) != Some(&Role::Points) {
            return None;
        }
        number(&self.grid.get(j)?.text)
    }
}

fn number(text: &str) -> Option<Decimal> {
    let t = squeeze(text);
    let t = t.trim_end_matches('分');
    t.parse::<Decimal>().ok()
}

fn year_in(title: &str) -> Option<i32> {
    let chars: Vec<char> = title.chars().collect();
    chars.windows(4).find_map(|w| {
        let s: String = w.iter().collect();
        s.parse::<i32>().ok().filter(|y| (2000..=2099).contains(y) && s.starts_with("20"))
    })
}

/// The checkpoints a header names, once (a later header without them keeps them).
fn periods_of(roles: &[Role], texts: &[String], year: Option<i32>, out: &mut Vec<Period>) {
    if !out.is_empty() {
        return;
    }
    for (r, t) in roles.iter().zip(texts) {
        if let Role::Checkpoint(_) = r {
            let words = squeeze(t);
            let name = words.split("考核").next().filter(|n| !n.is_empty()).unwrap_or(&words).to_string();
            let name: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
            let due = words
                .split_once("截至")
                .and_then(|(_, rest)| {
                    let m: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    m.parse::<u32>().ok()
                })
                .zip(year)
                .and_then(|(m, y)| words::month_end(y, m));
            out.push(Period { name, title: t.replace('\n', ""), due });
        }
    }
    if out.len() < 2 {
        out.clear();
    }
}

/// A metadata cell: its value, the value above when it is empty, or none when it is blank: empty
/// and not merged from above in a .docx, or, in a table's text, empty in a section's first row
/// right below a header (a new blank cell, not a continuation).
fn carried(cell: Option<&Cell>, blank: bool, slot: &mut Option<String>) -> Option<String> {
    let cell = cell?;
    if !cell.text.trim().is_empty() {
        *slot = Some(cell.text.clone());
    } else if blank && !cell.merged_above {
        *slot = None;
    }
    slot.clone()
}

fn meta_of(cells: &Cells<'_>, fresh: bool, merges_known: bool, carry: &mut Carry) -> Meta {
    let starts_section = !cells.text(Role::Number).trim().is_empty() || !cells.text(Role::Level1).trim().is_empty();
    // Where merges are known, an empty cell that is not merged from above is blank.
    let blank = merges_known || (fresh && starts_section);
    Meta {
        due: carried(cells.get(Role::Due), blank, &mut carry.due).and_then(|t| words::due(&t)),
        lead: carried(cells.get(Role::Lead), blank, &mut carry.lead).map(|t| words::people(&t)).unwrap_or_default(),
        office: carried(cells.get(Role::Office), blank, &mut carry.office)
            .map(|t| words::offices(&t))
            .unwrap_or_default(),
        owner: carried(cells.get(Role::Owner), blank, &mut carry.owner).map(|t| words::people(&t)).unwrap_or_default(),
    }
}

fn broken(line: usize, why: &str, why_zh: &str) -> ImportError {
    ImportError::BrokenRow(Broken { line, why: why.into(), why_zh: why_zh.into() })
}

/// Places a data row in the tree.
fn place(laid: &mut Laid, cells: &Cells<'_>, meta: Meta, line: usize) -> Result<(), ImportError> {
    let number = squeeze(cells.text(Role::Number));
    let level1 = squeeze(cells.text(Role::Level1));
    if !number.is_empty() || !level1.is_empty() {
        let id =
            if number.is_empty() { level1.clone() } else { number.trim_end_matches(['、', '.', '．']).to_string() };
        let task = cells.text(Role::Task);
        let title = if task.trim().is_empty() { id.clone() } else { words::title(task) };
        let mut s = Node::new("section", id, title);
        s.max = words::stated_points(&words::prose(task)).iter().map(|p| p.0).reduce(|a, b| a + b);
        laid.sections.push(s);
    }
    let periods: Vec<(String, Option<chrono::NaiveDate>)> =
        laid.periods.iter().map(|p| (p.name.clone(), p.due)).collect();
    let Some(section) = laid.sections.last_mut() else {
        if cells.text(Role::Criterion).trim().is_empty() && cells.text(Role::Level2).trim().is_empty() {
            return Ok(());
        }
        return Err(broken(
            line,
            "it comes before any section: no row above has a 序号 or 一级指标",
            "它在所有部分之前：上方没有填写序号或一级指标的行",
        ));
    };
    if cells.roles.contains(&Role::Level2) {
        return place_indicator(section, cells, meta, line, &periods);
    }
    let content = cells.text(Role::Content);
    if !content.trim().is_empty() {
        match words::numbered(content) {
            Some((n, rest)) => {
                let id = format!("{}.{n}", section.id);
                section.children.push(Node::new("group", id, words::title(rest)));
            }
            None => section.note = Some(words::prose(content)),
        }
    }
    let criterion = cells.text(Role::Criterion);
    if criterion.trim().is_empty() {
        return Ok(());
    }
    let text = words::prose(criterion);
    let parent = match section.children.last_mut() {
        Some(g) if g.kind == "group" && section.note.is_none() => g,
        _ => section,
    };
    let id = format!("{}.{}", parent.id, parent.children.len() + 1);
    let mut item = Node::new("item", id, short_title(&text));
    item.max = words::stated_points(&text).iter().map(|p| p.0).reduce(|a, b| a + b);
    item.row = Some(ItemRow { line, text, meta });
    parent.children.push(item);
    Ok(())
}

/// A row of a table of 一级/二级/三级指标: with checkpoint columns, one item per checkpoint (or
/// one item scored in all when their sentences are the same); without, one item of the 三级指标.
fn place_indicator(
    section: &mut Node,
    cells: &Cells<'_>,
    meta: Meta,
    line: usize,
    periods: &[(String, Option<chrono::NaiveDate>)],
) -> Result<(), ImportError> {
    let level2 = squeeze(cells.text(Role::Level2));
    if level2.is_empty() {
        return Err(broken(line, "its 二级指标 cell is empty", "二级指标单元格为空"));
    }
    let checkpoints: Vec<(String, Option<Decimal>)> = (0..periods.len())
        .filter_map(|k| {
            let role = Role::Checkpoint(k);
            cells.get(role).map(|c| (words::prose(&c.text), cells.points_after(role)))
        })
        .collect();
    if checkpoints.is_empty() {
        let text = words::prose(cells.text(Role::Level3));
        let mut item = Node::new("item", format!("{}.{level2}", section.id), level2.clone());
        item.max = cells.points_after(Role::Level3).or_else(|| number(cells.text(Role::Points)));
        item.row = Some(ItemRow { line, text, meta });
        if let Some((last, _)) = periods.last()
            && periods.len() > 1
        {
            section.only = vec![last.clone()];
        }
        section.children.push(item);
        return Ok(());
    }
    let same = checkpoints.windows(2).all(|w| matches!(w, [a, b] if a == b));
    if same && let Some((text, max)) = checkpoints.first() {
        let mut item = Node::new("item", level2.clone(), level2);
        item.max = *max;
        item.row = Some(ItemRow { line, text: text.clone(), meta });
        section.children.push(item);
        return Ok(());
    }
    let mut group = Node::new("group", level2.clone(), level2.clone());
    for ((text, max), (name, due)) in checkpoints.into_iter().zip(periods) {
        let mut item = Node::new("item", format!("{level2}.{name}"), name.clone());
        item.max = max;
        item.only = vec![name.clone()];
        // A checkpoint's row is due on the checkpoint's date.
        let mut meta = meta.clone();
        if meta.due.is_none() {
            meta.due = due.map(Due::Date);
        }
        item.row = Some(ItemRow { line, text, meta });
        group.children.push(item);
    }
    section.children.push(group);
    Ok(())
}

/// The characters an id may hold (letters, digits, `.`, `-`, brackets, `、`, circled numbers);
/// others are left out.
fn clean_id(id: &str) -> String {
    let id: String = id.chars().filter(|c| c.is_alphanumeric() || ".-()（）、".contains(*c)).collect();
    if id.is_empty() { "无编号".to_string() } else { id }
}

/// Ids made unique in document order: an id met again (full-width and half-width alike) gets
/// `-2`, `-3` …, and keeps the document's id in `was`.
fn unique_ids(node: &mut Node, seen: &mut std::collections::HashSet<String>) {
    let key = |id: &str| -> String {
        id.chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
                _ => c,
            })
            .collect()
    };
    if !seen.insert(key(&node.id)) {
        let mut n = 2;
        while !seen.insert(key(&format!("{}-{n}", node.id))) {
            n += 1;
        }
        node.was = Some(node.id.clone());
        node.id = format!("{}-{n}", node.id);
    }
    for c in &mut node.children {
        unique_ids(c, seen);
    }
}

/// A short title for an item: the first clause of its sentence.
pub fn short_title(text: &str) -> String {
    let clause = text.split(['，', '。', '；', ',', ';', '(', '（']).find(|c| !c.trim().is_empty()).unwrap_or(text);
    let t: String = clause.chars().take(20).collect();
    t.trim().to_string()
}
