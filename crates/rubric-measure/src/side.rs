//! One side of a comparison: a loaded rule file, its rows (items), what each row reads and the
//! literals it mentions, a base unit that scores, and a row's score for chosen input values.

use crate::error::MeasureError;
use crate::values::{Class, Literals, Val};
use rubric::errors::UnitFactsError;
use rubric::{EvalError, FactProblem, FactsError, Load, NodeKind, Raw, Rubric, Step, UnitFacts};
use rubric_syntax::ast::FactType;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// How an input's value reaches the rubric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum How {
    /// A fact, given as it is.
    Fact(String),
    /// A derived value `num / den` of two counts: given as a pair of counts that divide to it.
    Ratio {
        /// The numerator fact.
        num: String,
        /// The denominator fact.
        den: String,
    },
}

/// One value a row reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Its name as shown (a fact, or `num/den`).
    pub name: String,
    /// What values it takes.
    pub class: Class,
    /// How it is given.
    pub how: How,
}

/// A scoring row (an item) of a side.
#[derive(Debug, Clone)]
pub struct Row {
    /// The item's id.
    pub id: String,
    /// The item's title.
    pub title: String,
    /// Which rubric scores it: `None` the whole rubric, `Some(p)` period `p`'s.
    pub period: Option<usize>,
    /// Its index in that rubric's nodes.
    pub index: usize,
    /// The values it reads.
    pub inputs: Vec<Input>,
    /// The literals its rules and text mention.
    pub lits: Literals,
    /// Whether an assessor's points score it (`judged F`).
    pub judged: bool,
    /// For a group or section: the items below it (empty for an item).
    pub covers: Vec<String>,
}

/// A score, or the error that stopped it (errors compare equal whatever they say).
pub type Score = Result<Decimal, String>;

/// A loaded rule file ready to be compared.
#[derive(Debug)]
pub struct Side {
    /// The file's name, as given.
    pub name: String,
    rubric: Rubric,
    /// Its rows, in the rubric's order.
    pub rows: Vec<Row>,
    /// Its groups and sections, each as a row covering its items.
    pub groups: Vec<Row>,
    /// The base unit of each scoring rubric (index 0: the whole rubric; 1 + p: period p).
    bases: Vec<Vec<(String, Raw)>>,
}

impl Side {
    /// A side from a load (`name` is shown in messages and tables).
    pub fn from_load(name: &str, load: Load) -> Result<Side, MeasureError> {
        let errors: Vec<String> = load.report.errors().map(|d| d.message.clone()).collect();
        let texts: Vec<String> = load.sources.iter().map(|s| s.text.to_string()).collect();
        let Some(rubric) = load.into_rubric() else {
            return Err(MeasureError::NotLoaded { file: name.to_string(), errors });
        };
        let mut lets = Literals::default();
        for t in &texts {
            for line in t.lines().filter(|l| l.trim_start().starts_with("let ")) {
                lets.scan(line);
            }
        }
        let mut bases = vec![base_unit(&rubric)];
        bases.extend(rubric.periods().map(|p| base_unit(p.rubric())));
        let mut side = Side { name: name.to_string(), rubric, rows: Vec::new(), groups: Vec::new(), bases };
        side.rows = side.find_rows(&texts, &lets);
        side.groups = side.find_groups();
        Ok(side)
    }

    /// The rubric scoring `period` (`None`: the whole one).
    fn scoring(&self, period: Option<usize>) -> Option<&Rubric> {
        match period {
            None => Some(&self.rubric),
            Some(p) => self.rubric.periods().nth(p).map(|p| p.rubric()),
        }
    }

    /// The year the rubric states.
    pub fn year(&self) -> Option<u32> {
        self.rubric.year()
    }

    /// Every item of the rubric with what it reads.
    fn find_rows(&self, texts: &[String], lets: &Literals) -> Vec<Row> {
        let mut rows = Vec::new();
        for node in self.rubric.nodes().filter(|n| n.kind() == NodeKind::Item) {
            let (period, index) = if self.rubric.has_periods() {
                match self
                    .rubric
                    .periods()
                    .enumerate()
                    .find_map(|(p, plan)| plan.index_of(node.index()).map(|i| (p, i)))
                {
                    Some((p, i)) => (Some(p), i),
                    None => continue,
                }
            } else {
                (None, node.index())
            };
            let Some(scoring) = self.scoring(period) else { continue };
            let inputs = inputs_of(scoring, node.id());
            let lits = item_literals(texts, node.id()).with(lets);
            let judged = self.is_judged(period, node.id());
            rows.push(Row {
                id: node.id().to_string(),
                title: node.title().to_string(),
                period,
                index,
                inputs,
                lits,
                judged,
                covers: Vec::new(),
            });
        }
        rows
    }

    /// Every group and section as a row reading what its items read, so that a draft's one item
    /// can be compared with a hand file's group of the same id (seed 000's 三.4.3, one row of the
    /// document with three parts, written as three items by hand).
    fn find_groups(&self) -> Vec<Row> {
        let mut out = Vec::new();
        for node in self.rubric.nodes().filter(|n| matches!(n.kind(), NodeKind::Group | NodeKind::Section)) {
            let (mut stack, mut items) = (vec![node], Vec::new());
            while let Some(n) = stack.pop() {
                for c in n.children() {
                    if c.kind() == NodeKind::Item {
                        items.push(c.id());
                    } else {
                        stack.push(c);
                    }
                }
            }
            let rows: Vec<&Row> = self.rows.iter().filter(|r| items.contains(&r.id.as_str())).collect();
            let Some(first) = rows.first() else { continue };
            if rows.iter().any(|r| r.period != first.period) {
                continue;
            }
            let index = match first.period {
                None => Some(node.index()),
                Some(p) => self.rubric.periods().nth(p).and_then(|plan| plan.index_of(node.index())),
            };
            let Some(index) = index else { continue };
            let mut inputs: Vec<Input> = Vec::new();
            let mut lits = Literals::default();
            for r in &rows {
                for i in &r.inputs {
                    if !inputs.iter().any(|x| x.name == i.name) {
                        inputs.push(i.clone());
                    }
                }
                lits = lits.with(&r.lits);
            }
            out.push(Row {
                id: node.id().to_string(),
                title: node.title().to_string(),
                period: first.period,
                index,
                inputs,
                lits,
                judged: rows.iter().any(|r| r.judged),
                covers: rows.iter().map(|r| r.id.clone()).collect(),
            });
        }
        out
    }

    /// Whether the row is scored by an assessor's points, seen in its breakdown on the base unit.
    fn is_judged(&self, period: Option<usize>, id: &str) -> bool {
        let (Some(r), Some(base)) = (self.scoring(period), self.base(period)) else { return false };
        let unit = unit_of("基准", base);
        r.evaluate(&unit)
            .ok()
            .and_then(|s| s.node(id).map(|n| n.steps.iter().any(|s| matches!(s, Step::Judged { .. }))))
            .unwrap_or(false)
    }

    /// The base unit of a scoring rubric.
    fn base(&self, period: Option<usize>) -> Option<&Vec<(String, Raw)>> {
        self.bases.get(period.map_or(0, |p| p + 1))
    }

    /// The row's score with `values` for its inputs (`None`: the base unit's value).
    pub fn score(&self, row: &Row, values: &[Option<&Val>]) -> Score {
        let (Some(r), Some(base)) = (self.scoring(row.period), self.base(row.period)) else {
            return Err(format!("no rubric scores row `{}`", row.id));
        };
        let mut facts = base.clone();
        for (input, v) in row.inputs.iter().zip(values) {
            let Some(v) = v else { continue };
            match (&input.how, v) {
                (How::Ratio { num, den }, Val::Pct(p)) => {
                    let (n, d) = ratio_pair(*p);
                    set(&mut facts, num, Raw::Number(n.to_string()));
                    set(&mut facts, den, Raw::Number(d.to_string()));
                }
                (How::Fact(name), Val::Ledger(k)) => set(&mut facts, name, self.ledger(name, *k)),
                (How::Fact(name), v) => set(&mut facts, name, raw(v)),
                (How::Ratio { .. }, _) => return Err(format!("a ratio given `{v}`")),
            }
        }
        let unit = unit_of("样本", &facts);
        let scores = r.bind(&unit).and_then(|b| r.score(&b)).map_err(|e| e.to_string())?;
        scores.node(row.index).ok_or_else(|| format!("no score for row `{}`", row.id))
    }
}

impl Side {
    /// The ledger of [`Val::Ledger`] for list fact `list`: a count field is the month, a date
    /// field the day, any other field its base value.
    fn ledger(&self, list: &str, late: u32) -> Raw {
        let Some(fact) = self.rubric.fact(list) else { return Raw::Records(Vec::new()) };
        let year = self.rubric.year().unwrap_or(2024);
        let record = |month: u32, day: u32| -> Vec<(String, Raw)> {
            fact.fields()
                .map(|f| {
                    let v = match f.ty() {
                        FactType::Count | FactType::Number => Raw::Number(month.to_string()),
                        FactType::Date => Raw::Text(format!("{year:04}-{month:02}-{day:02}")),
                        FactType::Bool => Raw::Bool(false),
                        FactType::Percent => Raw::Text("0%".into()),
                        FactType::Kind => f.names().first().map_or(Raw::Null, |n| Raw::Text(n.clone())),
                        FactType::Points => Raw::Number("0".into()),
                        FactType::List => Raw::Records(Vec::new()),
                    };
                    (f.name().to_string(), v)
                })
                .collect()
        };
        let mut out: Vec<Vec<(String, Raw)>> = (1..=12).map(|m| record(m, 5)).collect();
        out.extend((1..=late.min(12)).map(|m| record(m, 28)));
        Raw::Records(out)
    }

    /// The derived values (not facts) the row's breakdown shows for `values`, with their values:
    /// what a list stands for in the row.
    pub fn derived(&self, row: &Row, values: &[Option<&Val>]) -> Vec<(String, String)> {
        let (Some(r), Some(base)) = (self.scoring(row.period), self.base(row.period)) else { return Vec::new() };
        let mut facts = base.clone();
        for (input, v) in row.inputs.iter().zip(values) {
            if let (How::Fact(name), Some(Val::Ledger(k))) = (&input.how, v) {
                set(&mut facts, name, self.ledger(name, *k));
            }
        }
        let Ok(score) = r.evaluate(&unit_of("样本", &facts)) else { return Vec::new() };
        let Some(node) = score.node(&row.id) else { return Vec::new() };
        let mut out: Vec<(String, String)> = Vec::new();
        for step in &node.steps {
            let Ok(json) = serde_json::to_value(step) else { continue };
            for u in json.get("facts").and_then(|f| f.as_array()).into_iter().flatten() {
                let (Some(n), Some(v)) =
                    (u.get("name").and_then(|x| x.as_str()), u.get("value").and_then(|x| x.as_str()))
                else {
                    continue;
                };
                if r.fact(n).is_none() && !out.iter().any(|(m, _)| m == n) {
                    out.push((n.to_string(), v.to_string()));
                }
            }
        }
        out
    }
}

/// A unit from fact values.
fn unit_of(name: &str, facts: &[(String, Raw)]) -> UnitFacts {
    facts.iter().fold(UnitFacts::new(name), |u, (n, v)| u.with(n.clone(), v.clone()))
}

/// Sets fact `name` in `facts`.
fn set(facts: &mut [(String, Raw)], name: &str, value: Raw) {
    if let Some(slot) = facts.iter_mut().find(|(n, _)| n == name) {
        slot.1 = value;
    }
}

/// A value as a facts file gives it.
fn raw(v: &Val) -> Raw {
    match v {
        Val::Bool(b) => Raw::Bool(*b),
        Val::Num(d) => Raw::Number(d.normalize().to_string()),
        Val::Pct(_) | Val::Date(_) | Val::Kind(_) => Raw::Text(v.to_string()),
        Val::Ledger(_) => Raw::Records(Vec::new()),
    }
}

/// Two whole numbers whose quotient is exactly `p` (a fraction in [0, 1]), the smallest power of
/// ten from 100 as denominator.
fn ratio_pair(p: Decimal) -> (Decimal, Decimal) {
    let mut den = Decimal::ONE_HUNDRED;
    for _ in 0..8 {
        let num = p * den;
        if num.fract().is_zero() {
            return (num.normalize(), den);
        }
        den *= Decimal::TEN;
    }
    (p * den, den)
}

/// A value of every fact that fits it, with every ratio at 1/1, so that the unit scores.
fn base_unit(rubric: &Rubric) -> Vec<(String, Raw)> {
    let day = format!("{}-06-30", rubric.year().unwrap_or(2024));
    let mut out: Vec<(String, Raw)> = rubric
        .facts()
        .map(|f| {
            let tries: Vec<Raw> = match f.ty() {
                FactType::Bool => vec![Raw::Bool(false), Raw::Bool(true)],
                FactType::Percent => vec![Raw::Text("0%".into()), Raw::Text("100%".into())],
                FactType::Date => vec![Raw::Text(day.clone())],
                FactType::Kind => f.names().iter().map(|n| Raw::Text(n.clone())).collect(),
                FactType::List => vec![Raw::Records(Vec::new())],
                FactType::Count | FactType::Number | FactType::Points => {
                    ["0", "1", "0.5", "100"].iter().map(|s| Raw::Number((*s).to_string())).collect()
                }
            };
            let first = tries.first().cloned().unwrap_or(Raw::Null);
            let pick = tries.into_iter().find(|r| f.accepts(r)).unwrap_or(first);
            (f.name().to_string(), pick)
        })
        .collect();
    for r in rubric.ratios() {
        set(&mut out, r.numerator.name(), Raw::Number("1".into()));
        set(&mut out, r.denominator.name(), Raw::Number("1".into()));
    }
    out
}

/// The facts each item of `rubric` reads (directly or through derived values), from the missing
/// facts of a unit that gives none; the ratios among them become one input each.
fn inputs_of(rubric: &Rubric, id: &str) -> Vec<Input> {
    let want = format!("item `{id}`");
    let mut facts: BTreeSet<String> = BTreeSet::new();
    if let Err(EvalError::Facts(FactsError::Unit(UnitFactsError { problems, .. }))) =
        rubric.evaluate(&UnitFacts::new("?"))
    {
        for p in problems {
            if let FactProblem::Missing(m) = p {
                if m.needed_by.contains(&want) {
                    facts.insert(m.fact);
                }
            }
        }
    }
    let mut inputs = Vec::new();
    for r in rubric.ratios() {
        let (num, den) = (r.numerator.name().to_string(), r.denominator.name().to_string());
        if facts.contains(&num) && facts.contains(&den) {
            facts.remove(&num);
            facts.remove(&den);
            inputs.push(Input { name: format!("{num}/{den}"), class: Class::Percent, how: How::Ratio { num, den } });
        }
    }
    for name in facts {
        let Some(f) = rubric.fact(&name) else { continue };
        let class = match f.ty() {
            FactType::Bool => Class::Bool,
            FactType::Count => Class::Count,
            FactType::Number => Class::Number,
            FactType::Percent => Class::Percent,
            FactType::Date => Class::Date,
            FactType::Points => Class::Points,
            FactType::Kind => Class::Kind(f.names().to_vec()),
            FactType::List => Class::List,
        };
        inputs.push(Input { name: name.clone(), class, how: How::Fact(name) });
    }
    inputs
}

/// The literals of item `id`'s block in the files read (all the files' when it is not found as
/// written, e.g. a block's row given under another id).
fn item_literals(texts: &[String], id: &str) -> Literals {
    let mut lits = Literals::default();
    let head = format!("item {id}");
    for t in texts {
        let mut from = 0;
        while let Some(at) = t.get(from..).and_then(|s| s.find(&head)).map(|i| i + from) {
            from = at + head.len();
            let next = t.get(from..).and_then(|s| s.chars().next());
            if next.is_some_and(|c| c.is_whitespace() || c == '"') {
                if let Some(block) = block_at(t, from) {
                    lits.scan(block);
                    return lits;
                }
            }
        }
    }
    for t in texts {
        lits.scan(t);
    }
    lits
}

/// The text from the first `{` at or after `from` to its matching `}` (strings skipped).
fn block_at(text: &str, from: usize) -> Option<&str> {
    let rest = text.get(from..)?;
    let open = rest.find('{')?;
    let (mut depth, mut quoted) = (0usize, false);
    for (i, c) in rest.char_indices().skip_while(|(i, _)| *i < open) {
        match c {
            '"' => quoted = !quoted,
            '{' if !quoted => depth += 1,
            '}' if !quoted => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return rest.get(open..=i);
                }
            }
            _ => {}
        }
    }
    None
}
