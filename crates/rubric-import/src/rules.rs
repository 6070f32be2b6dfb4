//! A row's scoring sentence drafted as rules from the claims `rubric-text` reads in it: bands,
//! `award N when …` per "(N分)" part, deductions once or per case (with `max`), `zero when` and
//! `veto when`, with facts declared and named from the sentence's words. A sentence with words
//! not read, or a claim with no rule here, is not drafted: the caller leaves the row to the
//! assessor and says why.

use rubric_text::{Band, Claim, Compare, Condition, Edge, Limit, Op, Span, Unit};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// The rules of one row and the facts they read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ruled {
    /// `fact …` lines.
    pub facts: Vec<String>,
    /// Rule lines of the item.
    pub rules: Vec<String>,
}

/// The names of facts already declared in the draft.
pub type Names = HashSet<String>;

/// A row's facts as they are named: the same words give the same fact within the row.
pub(crate) struct Row<'a> {
    pub(crate) text: &'a str,
    /// Whether facts are being named from a condition's words (`未举办宣传活动的`).
    condition_words: bool,
    pub(crate) names: &'a mut Names,
    mine: HashMap<String, String>,
    pub(crate) out: Ruled,
}

pub(crate) fn dec(d: Decimal) -> String {
    d.normalize().to_string()
}

fn op(o: Op) -> &'static str {
    match o {
        Op::Ge => ">=",
        Op::Gt => ">",
        Op::Le => "<=",
        Op::Lt => "<",
    }
}

fn value(v: Decimal, unit: Unit) -> String {
    if unit == Unit::Percent { format!("{}%", dec(v)) } else { dec(v) }
}

fn fact_type(unit: Unit) -> &'static str {
    match unit {
        Unit::Percent => "percent",
        Unit::Yuan | Unit::Point => "number",
        _ => "count",
    }
}

impl Row<'_> {
    fn words(&self, s: Span) -> &str {
        s.text(self.text).trim_matches(|c: char| "，,、；;。的 ".contains(c))
    }

    /// The fact for `words` (declared once per row, a fresh name in the draft).
    fn fact(&mut self, words: &str, unit: Unit, ty: &str) -> String {
        let key = format!("{ty} {words}");
        if let Some(n) = self.mine.get(&key) {
            return n.clone();
        }
        // A yes/no fact is named by its own words (so that its meaning is the words'); a count or
        // a rate by the noun phrase `rubric-text` proposes.
        let base = if ty == "bool" && !self.condition_words {
            clean_name(words)
        } else {
            clean_name(&rubric_text::suggest_name(words, unit))
        };
        let name = self.declare(&base, words, ty);
        self.mine.insert(key, name.clone());
        name
    }

    /// Declares a fact named from `base` (cleaned; a fresh name in the draft) with its label.
    pub(crate) fn declare(&mut self, base: &str, label: &str, ty: &str) -> String {
        let base = clean_name(base);
        let base = if base.is_empty() { "事实".to_string() } else { base };
        let mut name = base.clone();
        let mut n = 2;
        while self.names.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.names.insert(name.clone());
        self.out.facts.push(format!("fact {name}: {ty} {}", crate::draft::quote(label)));
        name
    }

    /// A condition as an expression: its comparison on the row's one count fact, or a bool fact.
    fn condition(&mut self, c: &Condition, count: Option<&(String, Unit)>) -> Result<String, String> {
        if let Some(Compare { op: o, value: v, unit, .. }) = c.compare {
            if let Some((f, u)) = count
                && (*u == unit || unit == Unit::None)
            {
                return Ok(format!("{f} {} {}", op(o), value(v, unit)));
            }
            let words = self.words(c.span).to_string();
            let f = self.fact(&words, unit, fact_type(unit));
            return Ok(format!("{f} {} {}", op(o), value(v, unit)));
        }
        let words = self.words(c.span).to_string();
        if words.is_empty() {
            return Err("a condition with no words".into());
        }
        self.condition_words = true;
        let f = self.fact(&words, Unit::None, "bool");
        self.condition_words = false;
        Ok(f)
    }
}

/// Letters of a fact name: Chinese characters, ASCII letters and digits, not starting with a
/// digit, at most 12.
pub(crate) fn clean_name(s: &str) -> String {
    s.chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c) || c.is_ascii_alphanumeric())
        .skip_while(char::is_ascii_digit)
        .take(14)
        .collect()
}

/// Drafts the rules of a row whose points are `max`.
pub fn rules_for(text: &str, max: Decimal, title: &str, names: &mut Names) -> Result<Ruled, String> {
    rules_for_in(text, max, title, names, None)
}

/// Drafts the rules of a row whose points are `max` in a rubric of `year` (for `N月底前完成`).
pub fn rules_for_in(
    text: &str,
    max: Decimal,
    title: &str,
    names: &mut Names,
    year: Option<i32>,
) -> Result<Ruled, String> {
    let reading = rubric_text::read(text);
    if !reading.unread().is_empty() {
        let words: Vec<String> = reading.unread().iter().map(|s| format!("“{}”", s.text(text))).collect();
        return Err(format!("words not read: {}", words.join("、")));
    }
    let mut row = Row { text, condition_words: false, names, mine: HashMap::new(), out: Ruled::default() };
    let mut parts: Vec<(Decimal, Span)> = Vec::new();
    let mut row_points = None;
    let mut bands: Vec<Band> = Vec::new();
    let mut others = Vec::new();
    for c in reading.claims() {
        match c.kind {
            Claim::RowPoints(p) => row_points = Some((p.points, c.span)),
            Claim::PartPoints(p) => parts.push((p.points, c.span)),
            Claim::PartsAllOrNothing => {}
            Claim::Band(b) => bands.push(b),
            _ => others.push(*c),
        }
    }
    if !parts.is_empty()
        && let Some(r) = row_points
        && parts.iter().map(|p| p.0).sum::<Decimal>() + r.0 == max
    {
        parts.push(r);
    }
    let local = if bands.is_empty() { crate::counts::part_local(&parts, &mut others) } else { None };
    let adjust = adjustments(&mut row, &others)?;
    let mut rules = Vec::new();
    if !bands.is_empty() {
        rules.push(band_lines(&mut row, &bands)?);
    } else if !parts.is_empty() {
        let mut from = 0usize;
        for (i, (p, span)) in parts.iter().enumerate() {
            let clause = clause_before(text, from, span.start);
            from = span.end;
            if clause.is_empty() {
                return Err("a part with no words before its points".into());
            }
            let f = match crate::counts::rate_condition(&mut row, &clause) {
                Some((f, note)) => {
                    rules.extend(note);
                    f
                }
                None => row.fact(&clause, Unit::None, "bool"),
            };
            let points = match &local {
                Some((k, pc)) if *k == i => crate::counts::part_less(&mut row, *p, pc, &mut rules)?,
                _ => dec(*p),
            };
            rules.push(format!("award {points} when {f} {}", crate::draft::quote(&clause)));
        }
    } else if !adjust.deducts {
        if row_points.is_none() {
            let numbered = crate::counts::award_numbered(&mut row, max, &adjust)
                .or_else(|| crate::counts::award_sentences(&mut row, max, &adjust));
            let why = if text.trim().trim_end_matches(['。', '；', ' ']).ends_with('等') {
                "the sentence states no points and no scoring words, and ends in an open list (…等): what an assessor weighs"
            } else {
                "the sentence states no points and no scoring words (得分, 扣分, 不得分)"
            };
            rules.extend(numbered.ok_or(why)?);
        } else {
            let counted = crate::counts::award_counted(&mut row, max, &adjust);
            let dated = |row: &mut Row<'_>| {
                if adjust.lines.is_empty() { crate::counts::award_by_deadline(row, max, year) } else { None }
            };
            match counted.or_else(|| dated(&mut row)) {
                Some(line) => rules.push(line),
                None => {
                    let f = row.fact(title, Unit::None, "bool");
                    rules.push(format!("award {} when {f}", dec(max)));
                }
            }
        }
    }
    rules.extend(adjust.lines);
    row.out.rules = rules;
    Ok(row.out)
}

/// The lines of a row's deductions, zeroing and conditional points.
pub(crate) struct Adjust {
    pub(crate) lines: Vec<String>,
    /// Whether the row deducts (so it starts from its max).
    deducts: bool,
}

fn adjustments(row: &mut Row<'_>, others: &[rubric_text::Stated]) -> Result<Adjust, String> {
    let text = row.text;
    // The one count fact of the row's per-case deduction, for conditions on the same count.
    let mut count: Option<(String, Unit)> = None;
    let mut lines = Vec::new();
    let mut deducts = false;
    let mut per_lines: Vec<usize> = Vec::new();
    let mut thresholds: Vec<(Op, Decimal)> = Vec::new();
    let per_event = crate::counts::events_only(others, text);
    for c in others {
        if let Claim::DeductPer(pc) = c.kind {
            if pc.each != Decimal::ONE {
                return Err(format!("a deduction per {} cases", dec(pc.each)));
            }
            let words = pc.subject.map(|s| row.words(s).to_string()).unwrap_or_default();
            if words.is_empty() {
                return Err("a per-case deduction that does not say what is counted".into());
            }
            let f = row.fact(&words, pc.unit, "count");
            count = Some((f.clone(), pc.unit));
            per_lines.push(lines.len());
            lines.push(format!("deduct {} per {f} {}", dec(pc.points), crate::draft::quote(c.span.text(text))));
            deducts = true;
        }
    }
    for c in others {
        let said = crate::draft::quote(c.span.text(text));
        match c.kind {
            Claim::DeductPer(_) | Claim::Limit(Limit::FloorZero) => {}
            Claim::Deduct(a) if per_event => {
                let Some(cond) = a.condition else { return Err("a deduction with no condition".into()) };
                let first = !lines.iter().any(|l: &String| l.contains(crate::counts::PER_EVENT));
                lines.extend(crate::counts::deduct_per_event(row, &cond, a.points, &said, first));
                deducts = true;
            }
            Claim::Deduct(a) => {
                let Some(cond) = a.condition else { return Err("a deduction with no condition".into()) };
                if let Some(each) = crate::counts::per_occasion(row, &cond, a.points) {
                    lines.extend(each);
                    deducts = true;
                    continue;
                }
                if let Some(cmp) = cond.compare
                    && count.is_some()
                {
                    thresholds.push((cmp.op, cmp.value));
                }
                let when = row.condition(&cond, count.as_ref())?;
                lines.push(format!("deduct {} when {when} {said}", dec(a.points)));
                deducts = true;
            }
            Claim::Zero(z) | Claim::Veto(z) => {
                let Some(cond) = z.condition else { return Err("不得分 with no condition".into()) };
                let when = row.condition(&cond, count.as_ref())?;
                let word = if matches!(c.kind, Claim::Veto(_)) { "veto" } else { "zero" };
                lines.push(format!("{word} when {when} {said}"));
            }
            Claim::Limit(Limit::DeductMax(m)) => {
                let [i] = per_lines.as_slice() else {
                    return Err("最多扣 with no single per-case deduction".into());
                };
                insert_before_label(&mut lines, *i, &format!(" max {}", dec(m)));
            }
            Claim::Earn(a) => {
                let Some(cond) = a.condition else { return Err("得分 with no condition".into()) };
                let when = row.condition(&cond, count.as_ref())?;
                lines.push(format!("award {} when {when} {said}", dec(a.points)));
            }
            _ => return Err(format!("no rule drafted for “{}”", c.span.text(text))),
        }
    }
    // A per-case deduction that a larger count replaces applies below that count.
    if let (Some((f, _)), [i], [(o, v)]) = (&count, per_lines.as_slice(), thresholds.as_slice()) {
        let below = match o {
            Op::Ge => "<",
            Op::Gt => "<=",
            _ => return Err("a per-case deduction with a threshold below".into()),
        };
        insert_before_label(&mut lines, *i, &format!(" when {f} {below} {}", dec(*v)));
    }
    Ok(Adjust { lines, deducts })
}

/// Inserts words into line `i` before its label (`"…"`).
fn insert_before_label(lines: &mut [String], i: usize, words: &str) {
    if let Some(l) = lines.get_mut(i) {
        let at = l.find(" \"").unwrap_or(l.len());
        l.insert_str(at, words);
    }
}

/// The words of the clause that ends at `end`: from the last separator after `from`.
fn clause_before(text: &str, from: usize, end: usize) -> String {
    let s = text.get(from..end).unwrap_or("").trim_end_matches(|c: char| "，,、；;。 ".contains(c));
    let start = s.rfind(['；', ';', '。']).map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
    s[start..].trim_matches(|c: char| "，,、；;。 ".contains(c)).to_string()
}

fn edge(e: &Edge) -> String {
    value(e.value, e.unit)
}

/// A `band` over the bands' subject.
fn band_lines(row: &mut Row<'_>, bands: &[Band]) -> Result<String, String> {
    let subject = bands.iter().find_map(|b| b.subject).ok_or("a scale with no subject")?;
    let unit = bands.iter().flat_map(|b| [b.low, b.high]).flatten().map(|e| e.unit).next().unwrap_or(Unit::None);
    let words = row.words(subject).to_string();
    let f = row.fact(&words, unit, fact_type(unit));
    let mut arms = Vec::new();
    for b in bands {
        if b.low.is_some_and(|e| e.unit != unit) || b.high.is_some_and(|e| e.unit != unit) {
            return Err("a scale with edges in different units".into());
        }
        let low = match &b.low {
            Some(e) => format!("{}{}", if e.closed { "[" } else { "(" }, edge(e)),
            None => format!("[{}", value(Decimal::ZERO, unit)),
        };
        let high = match &b.high {
            Some(e) => format!("{}{}", edge(e), if e.closed { "]" } else { ")" }),
            None => "..)".to_string(),
        };
        arms.push(format!("{low}, {high} => {}", dec(b.points)));
    }
    Ok(format!("band {f} {{\n{}\n}}", arms.join("\n")))
}
