//! The draft rule file of a laid-out table, written as text in the language and then put through
//! the project's formatter (`rubric_syntax::format`), so that `rulecheck fmt --check` passes on it.
//! Metadata shared by every row below a node is written once on that node; each row's sentence
//! is drafted as rules (`rules`) or, when it is not read, left to the assessor (`judged`) with a
//! comment that says why.

use crate::layout::{Laid, Meta, Node};
use crate::words::Due;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// Where a draft comes from, for its opening comment.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The document's name as given.
    pub source: String,
    /// The day of the import (`2026-12-07`).
    pub date: String,
}

/// A draft and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The rubric's title.
    pub title: String,
    /// The rule file's text, formatted.
    pub text: String,
    /// Rows read (items drafted).
    pub rows: usize,
    /// Rows drafted as rules.
    pub ruled: usize,
    /// Rows left to the assessor (`judged`).
    pub judged: usize,
}

/// Writes the draft of a laid-out table. A row whose drafted rules do not check is written again
/// as assessor-judged, with the checker's message, so that the draft always checks.
pub fn write(laid: &Laid, origin: &Origin) -> Result<Draft, crate::error::ImportError> {
    let mut forced: HashMap<String, String> = HashMap::new();
    for _ in 0..4 {
        let draft = write_once(laid, origin, &forced)?;
        let name = "draft.rubric";
        let load = rubric::load(name, &rubric::MemoryLoader::new().with(name, draft.text.clone()));
        let errors: Vec<&rubric::Diagnostic> =
            load.report.diagnostics.iter().filter(|d| d.severity == rubric::Severity::Error).collect();
        if errors.is_empty() {
            return Ok(draft);
        }
        let before = forced.len();
        for e in errors {
            match item_at(&draft.text, e.label.span.start) {
                Some(id) => forced.entry(id).or_insert_with(|| e.message.clone()),
                None => forced.entry("*".into()).or_insert_with(|| e.message.clone()),
            };
        }
        if forced.len() == before {
            forced.insert("*".into(), "the drafted rules did not check".into());
        }
    }
    forced.insert("*".into(), "the drafted rules did not check".into());
    write_once(laid, origin, &forced)
}

/// The id of the item whose text holds byte `at` of a draft.
fn item_at(text: &str, at: usize) -> Option<String> {
    let head = text.get(..at)?;
    let line = head.lines().rev().find(|l| l.trim_start().starts_with("item "))?;
    line.trim_start().strip_prefix("item ")?.split_whitespace().next().map(str::to_string)
}

fn write_once(
    laid: &Laid,
    origin: &Origin,
    forced: &HashMap<String, String>,
) -> Result<Draft, crate::error::ImportError> {
    let mut w = Writer { forced, facts: Vec::new(), names: HashSet::new(), rows: 0, ruled: 0, year: laid.year };
    let mut body = String::new();
    for s in &laid.sections {
        w.node(s, &Meta::default(), &mut body, 1);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// Draft rule file imported by `rulecheck import` from {} on {}.",
        one_line(&origin.source),
        origin.date
    );
    let _ = writeln!(out, "// A draft to review: check every row's points, metadata and rules against the document.");
    let _ = writeln!(
        out,
        "// Rows: {}; drafted as rules: {}; left to the assessor (`judged`): {}.",
        w.rows,
        w.ruled,
        w.rows - w.ruled
    );
    out.push('\n');
    let title = if laid.title.is_empty() { "导入的考评细则".to_string() } else { laid.title.clone() };
    match periods_max(laid) {
        Some(m) => {
            let _ = writeln!(out, "rubric {} max {} {{", quote(&title), m.normalize());
        }
        None => {
            let _ = writeln!(out, "rubric {} {{", quote(&title));
        }
    }
    if let Some(y) = laid.year {
        let _ = writeln!(out, "year {y}");
    }
    for p in &laid.periods {
        let due = p.due.map(|d| format!(" due {}", d.format("%Y-%m-%d"))).unwrap_or_default();
        let _ = writeln!(out, "period {} {} weight 1{due}", p.name, quote(&p.title));
    }
    if !laid.periods.is_empty() {
        let _ = writeln!(
            out,
            "// The document does not say how the checkpoints combine: each is weighted 1 here (review)."
        );
    }
    out.push('\n');
    for f in &w.facts {
        let _ = writeln!(out, "{f}");
    }
    out.push('\n');
    out.push_str(&body);
    out.push_str("}\n");
    let text = rubric_syntax::format(&out).map_err(|e| crate::error::internal(&out, &e))?;
    Ok(Draft { title, text, rows: w.rows, ruled: w.ruled, judged: w.rows - w.ruled })
}

struct Writer<'a> {
    /// Rows to leave to the assessor, by id (`*`: all), and why.
    forced: &'a HashMap<String, String>,
    facts: Vec<String>,
    names: HashSet<String>,
    rows: usize,
    ruled: usize,
    /// The rubric's year, for deadlines stated by month (`7月底前`).
    year: Option<i32>,
}

/// A string literal of the language.
pub fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            c if rubric_syntax::is_hidden(c) => {}
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

fn one_line(s: &str) -> String {
    s.chars().filter(|c| !c.is_control() && !rubric_syntax::is_hidden(*c)).collect()
}

/// The metadata lines of a node, each key written once where every row below shares it.
fn meta_lines(node: &Node, inherited: &Meta) -> (Vec<String>, Meta) {
    let items = node.items();
    let metas: Vec<&Meta> = items.iter().filter_map(|i| i.row.as_ref().map(|r| &r.meta)).collect();
    let mut lines = Vec::new();
    let mut now = inherited.clone();
    macro_rules! key {
        ($f:ident, $render:expr, $empty:expr) => {
            if let Some(first) = metas.first() {
                let v = &first.$f;
                if metas.iter().all(|m| &m.$f == v) && !$empty(v) && v != &inherited.$f {
                    lines.push($render(v));
                    now.$f = v.clone();
                }
            }
        };
    }
    let list =
        |word: &str, v: &Vec<String>| format!("{word} {}", v.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", "));
    key!(lead, |v: &Vec<String>| list("lead", v), |v: &Vec<String>| v.is_empty());
    key!(office, |v: &Vec<String>| list("office", v), |v: &Vec<String>| v.is_empty());
    key!(owner, |v: &Vec<String>| list("owner", v), |v: &Vec<String>| v.is_empty());
    key!(
        due,
        |v: &Option<Due>| match v {
            Some(Due::Date(d)) => format!("due {}", d.format("%Y-%m-%d")),
            Some(Due::Text(t)) => format!("due {}", quote(t)),
            None => String::new(),
        },
        |v: &Option<Due>| v.is_none()
    );
    (lines, now)
}

/// With checkpoints (each weighted 1), the rubric's maximum: each period's rows added up.
fn periods_max(laid: &Laid) -> Option<Decimal> {
    if laid.periods.is_empty() {
        return None;
    }
    let mut total = Decimal::ZERO;
    for p in &laid.periods {
        for s in &laid.sections {
            for i in s.items() {
                let only = if i.only.is_empty() { &s.only } else { &i.only };
                if only.is_empty() || only.contains(&p.name) {
                    total = total.checked_add(i.max?)?;
                }
            }
        }
    }
    Some(total)
}

fn sum_of(node: &Node) -> Option<Decimal> {
    node.items().iter().map(|i| i.max).sum::<Option<Decimal>>()
}

impl Writer<'_> {
    fn node(&mut self, node: &Node, inherited: &Meta, out: &mut String, depth: usize) {
        let _ = depth;
        let mut max = node.max;
        let mut notes = Vec::new();
        if node.kind != "item"
            && let (Some(m), sum) = (max, sum_of(node))
            && sum != Some(m)
        {
            notes.push(format!(
                "// The document states ({m}分) but its rows add up to {}: review (no max written).",
                sum.map_or_else(|| "an unknown number".to_string(), |s| s.normalize().to_string())
            ));
            max = None;
        }
        if node.kind == "item" && max.is_none() {
            notes.push("// The document states no points for this row: review its max.".to_string());
            max = Some(Decimal::ZERO);
        }
        for n in &notes {
            let _ = writeln!(out, "{n}");
        }
        if let Some(was) = &node.was {
            let _ =
                writeln!(out, "// The document numbers an earlier row `{}` too: renamed here (review).", one_line(was));
        }
        if let Some(n) = &node.note {
            let _ = writeln!(out, "// 评分内容: {}", one_line(n));
        }
        let max = max.map(|m| format!(" max {}", m.normalize())).unwrap_or_default();
        let _ = writeln!(out, "{} {} {}{max} {{", node.kind, node.id, quote(&node.title));
        if !node.only.is_empty() {
            let _ = writeln!(out, "only {}", node.only.join(", "));
        }
        let (lines, now) = meta_lines(node, inherited);
        for l in &lines {
            let _ = writeln!(out, "{l}");
        }
        if let Some(row) = &node.row {
            self.rows += 1;
            let _ = writeln!(out, "text {}", quote(&row.text));
            let forced = self.forced.get(&node.id).or_else(|| self.forced.get("*"));
            let drafted = match (forced, node.max) {
                (Some(why), _) => Err(format!("the drafted rules did not check ({why})")),
                (None, Some(m)) if m > Decimal::ZERO => {
                    crate::rules::rules_for_in(&row.text, m, &node.title, &mut self.names, self.year)
                }
                (None, _) => Err("the row states no points".to_string()),
            };
            match drafted {
                Ok(ruled) => {
                    self.ruled += 1;
                    self.facts.extend(ruled.facts);
                    let _ = writeln!(out, "// drafted from the sentence: review");
                    for r in &ruled.rules {
                        let _ = writeln!(out, "{r}");
                    }
                }
                Err(why) => {
                    let fact = self.fact_for(node);
                    let _ = writeln!(out, "// assessor-judged: {}", one_line(&why));
                    let _ = writeln!(out, "judged {fact}");
                }
            }
        }
        for c in &node.children {
            self.node(c, &now, out, depth + 1);
        }
        let _ = writeln!(out, "}}");
    }

    /// Declares the `points` fact of an assessor-judged item, named from its title.
    fn fact_for(&mut self, node: &Node) -> String {
        let base: String = node
            .title
            .chars()
            .filter(|c| is_cjk(*c) || c.is_ascii_alphanumeric() || *c == '_')
            .skip_while(|c| c.is_ascii_digit() || *c == '_')
            .take(12)
            .collect();
        let base = if base.is_empty() || !base.chars().next().is_some_and(is_cjk) {
            format!("得分{}", node.id.chars().filter(|c| is_cjk(*c) || c.is_ascii_alphanumeric()).collect::<String>())
        } else {
            format!("{base}得分")
        };
        let mut name = base.clone();
        let mut n = 2;
        while !self.names.insert(name.clone()) {
            name = format!("{base}{n}");
            n += 1;
        }
        let max = node.max.unwrap_or_default().normalize();
        self.facts.push(format!(
            "fact {name}: given points {}",
            quote(&format!("{} {}的得分（0–{max}），由评委按评分标准评定", node.id, node.title))
        ));
        name
    }
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}
