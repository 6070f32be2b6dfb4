//! Two versions of a rubric compared: rows matched by id, the rule lines that changed, and each unit's score under both.
//!
//! [`compare`] matches the nodes of an old and a new [`Rubric`] by id (ids follow the document's
//! numbering) and says for each row whether it is unchanged, changed (maximum, title, metadata
//! or rule lines), moved to another parent, added or removed. A row's rules are compared line by
//! line as written, with white space normalised: one line per `award`, `deduct`, `bonus`,
//! `score`, `judged`, `zero` or `veto`, and one line per band (`band 核查完成率 (65%, 90%] => 1.5`).
//! [`compare_unit`] scores one unit's facts under both versions and gives the change of every
//! row. Facts that only the other version declares are set aside for each version
//! ([`facts_for`]), so one facts file serves both; a name that neither declares is still
//! reported as `rubric::unknown-fact`. Pure data: no I/O.

use crate::eval::EvalError;
use crate::eval::Rubric;
use crate::eval::error::{InternalPlanError, OverflowError};
use crate::facts::UnitFacts;
use crate::plan::{Floor, Kind, Loc, Meta, NodeDef, RuleDef};
use crate::report::breakdown::UnitScore;
use crate::value::{ser_dec, ser_opt_dec, show_num};
use rust_decimal::Decimal;
use serde::Serialize;

/// The rule changes between two versions of a rubric.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RubricDiff {
    /// The old version.
    pub old: Version,
    /// The new version.
    pub new: Version,
    /// Every row of either version (sections, groups and items), in the new document's order
    /// with removed rows where they stood in the old one.
    pub rows: Vec<RowChange>,
    /// The rubric's own rules (a rubric-wide veto, bonus or limit) that differ.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub root: Vec<Line>,
    /// Declarations of facts and derived values (`fact …`, `let …`) that differ: a changed
    /// definition can change scores with no rule line changed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub declarations: Vec<Line>,
    /// Facts only the old version declares.
    pub facts_only_old: Vec<String>,
    /// Facts only the new version declares.
    pub facts_only_new: Vec<String>,
}

/// One version of the rubric.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// Its title.
    pub title: String,
    /// Its year, if declared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<u32>,
    /// Its total.
    #[serde(serialize_with = "ser_dec")]
    pub max: Decimal,
}

impl Version {
    fn of(r: &Rubric) -> Self {
        Version { title: r.title.clone(), year: r.year, max: r.plan().root().max }
    }

    /// How the version is named in output: its year, or `old`/`new`.
    pub fn label(&self, fallback: &str) -> String {
        self.year.map_or_else(|| fallback.to_string(), |y| y.to_string())
    }
}

/// What happened to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Status {
    /// Same maximum, title, metadata and rules.
    Unchanged,
    /// Its maximum, title, metadata or rules differ.
    Changed,
    /// It sits under another parent (and may also have changed).
    Moved,
    /// Only the new version has it.
    Added,
    /// Only the old version has it.
    Removed,
}

/// One row compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowChange {
    /// The id.
    pub id: String,
    /// The title (the new one, or the old one for a removed row).
    pub title: String,
    /// Section, group or item.
    pub kind: Kind,
    /// Its depth: 1 for a section, 2 for a row right under it, and so on.
    pub depth: usize,
    /// What happened to it.
    pub status: Status,
    /// The maximum in the old version.
    #[serde(serialize_with = "ser_opt_dec")]
    pub old_max: Option<Decimal>,
    /// The maximum in the new version.
    #[serde(serialize_with = "ser_opt_dec")]
    pub new_max: Option<Decimal>,
    /// The old title, when it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_title: Option<String>,
    /// The old and new parent ids, when the row moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved: Option<(String, String)>,
    /// Metadata that changed at this row (a change inherited unchanged from the parent is
    /// reported at the parent only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub meta: Vec<MetaChange>,
    /// The rule lines that differ: removed (old) and added (new) lines, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<Line>,
}

impl RowChange {
    /// Whether the maximum or the rules changed (what can change a score).
    pub fn rules_changed(&self) -> bool {
        self.old_max != self.new_max || !self.lines.is_empty()
    }
}

/// A metadata field that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaChange {
    /// `lead`, `office`, `owner`, `due` or `text`.
    pub field: &'static str,
    /// The old value (empty when unset).
    pub old: String,
    /// The new value (empty when unset).
    pub new: String,
}

/// A rule line only one version has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// `-` for the old version's line, `+` for the new one's.
    pub sign: Sign,
    /// The line as written, white space normalised.
    pub text: String,
}

/// Which version a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Sign {
    /// Only in the old version.
    #[serde(rename = "-")]
    Old,
    /// Only in the new version.
    #[serde(rename = "+")]
    New,
}

impl Sign {
    /// `-` or `+`.
    pub fn as_str(self) -> &'static str {
        match self {
            Sign::Old => "-",
            Sign::New => "+",
        }
    }
}

/// One unit scored under both versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitDiff {
    /// The unit.
    pub unit: String,
    /// The total under the old version.
    #[serde(serialize_with = "ser_dec")]
    pub old: Decimal,
    /// The total under the new version.
    #[serde(serialize_with = "ser_dec")]
    pub new: Decimal,
    /// `new − old`.
    #[serde(serialize_with = "ser_dec")]
    pub delta: Decimal,
    /// Every row of [`RubricDiff::rows`], in the same order.
    pub rows: Vec<RowScore>,
}

impl UnitDiff {
    /// The row with this id.
    pub fn row(&self, id: &str) -> Option<&RowScore> {
        self.rows.iter().find(|r| r.id == id)
    }
}

/// One row's score under both versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowScore {
    /// The id.
    pub id: String,
    /// The score under the old version (none when the row is new).
    #[serde(serialize_with = "ser_opt_dec")]
    pub old: Option<Decimal>,
    /// The score under the new version (none when the row was removed).
    #[serde(serialize_with = "ser_opt_dec")]
    pub new: Option<Decimal>,
    /// `new − old`, a missing score counting as 0.
    #[serde(serialize_with = "ser_dec")]
    pub delta: Decimal,
}

/// Which version a scoring error came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The old version.
    Old,
    /// The new version.
    New,
}

/// A unit that could not be scored under one of the versions.
#[derive(Debug)]
pub struct ScoreError {
    /// The version.
    pub side: Side,
    /// Why.
    pub error: Box<EvalError>,
}

/// Compares the rules of two versions of a rubric.
///
/// # Errors
///
/// [`EvalError::InternalPlan`] when a node lists a child that the rubric does not have (a bug in
/// rubric: a compiled rubric never does).
pub fn compare(old: &Rubric, new: &Rubric) -> Result<RubricDiff, EvalError> {
    let old_ids = ids(old)?;
    let new_ids = ids(new)?;
    let mut rows: Vec<RowChange> = Vec::new();
    for &(_, n, depth) in &new_ids {
        let row = match old.plan().node(&n.id) {
            Some(o) => matched(old, o, new, n, depth),
            None => one_sided(new, n, Sign::New, depth),
        };
        rows.push(row);
    }
    // A removed row goes after its previous sibling in the old document (and everything the
    // new document has below that sibling), or right after its parent when it came first.
    for &(i, o, depth) in &old_ids {
        if new.node(&o.id).is_some() {
            continue;
        }
        let parent = old.nodes.iter().find(|p| p.children.contains(&i));
        let sibling = parent.and_then(|p| {
            let k = p.children.iter().position(|&c| c == i)?;
            p.children.get(k.checked_sub(1)?).and_then(|&c| old.nodes.get(c))
        });
        let at = match (sibling, parent) {
            (Some(s), _) => after_subtree(new, &rows, &s.id),
            (None, Some(p)) => rows.iter().position(|r| r.id == p.id).map_or(0, |k| k + 1),
            (None, None) => 0,
        };
        rows.insert(at.min(rows.len()), one_sided(old, o, Sign::Old, depth));
    }
    let declared = |r: &Rubric, name: &str| r.fact(name).is_some();
    Ok(RubricDiff {
        old: Version::of(old),
        new: Version::of(new),
        rows,
        root: line_diff(&rule_lines(old, old.plan().root()), &rule_lines(new, new.plan().root())),
        declarations: line_diff(&declarations(old), &declarations(new)),
        facts_only_old: old.facts.iter().filter(|f| !declared(new, &f.name)).map(|f| f.name.clone()).collect(),
        facts_only_new: new.facts.iter().filter(|f| !declared(old, &f.name)).map(|f| f.name.clone()).collect(),
    })
}

/// The unit's facts for scoring under `rubric`, leaving out the facts that `rubric` does not
/// declare but `other` does; returns them with the names left out.
pub fn facts_for(rubric: &Rubric, other: &Rubric, unit: &UnitFacts) -> (UnitFacts, Vec<String>) {
    let mut kept = UnitFacts::new(unit.unit.clone());
    let mut left_out = Vec::new();
    for (i, (name, raw)) in unit.values.iter().enumerate() {
        if rubric.fact(name).is_none() && other.fact(name).is_some() {
            left_out.push(name.clone());
            continue;
        }
        kept.values.push((name.clone(), raw.clone()));
        if let Some(p) = unit.places.get(i) {
            kept.places.push(p.clone());
        }
    }
    (kept, left_out)
}

/// Scores one unit under both versions and compares every row of `diff` (from [`compare`]
/// of the same two rubrics).
pub fn compare_unit(diff: &RubricDiff, old: &Rubric, new: &Rubric, unit: &UnitFacts) -> Result<UnitDiff, ScoreError> {
    let (old_facts, _) = facts_for(old, new, unit);
    let (new_facts, _) = facts_for(new, old, unit);
    let a = old.evaluate(&old_facts).map_err(|e| ScoreError { side: Side::Old, error: Box::new(e) })?;
    let b = new.evaluate(&new_facts).map_err(|e| ScoreError { side: Side::New, error: Box::new(e) })?;
    let overflow = || ScoreError {
        side: Side::New,
        error: Box::new(EvalError::Overflow(OverflowError { unit: unit.unit.clone(), what: "the difference".into() })),
    };
    let mut rows = Vec::with_capacity(diff.rows.len());
    for r in &diff.rows {
        let o = score_of(old, &a, &r.id).map_err(|error| ScoreError { side: Side::Old, error })?;
        let n = score_of(new, &b, &r.id).map_err(|error| ScoreError { side: Side::New, error })?;
        // A row in one version only counts as 0 in the other (`RowScore::delta`).
        let delta = n.unwrap_or_default().checked_sub(o.unwrap_or_default()).ok_or_else(overflow)?;
        rows.push(RowScore { id: r.id.clone(), old: o, new: n, delta });
    }
    let delta = b.score.checked_sub(a.score).ok_or_else(overflow)?;
    Ok(UnitDiff { unit: unit.unit.clone(), old: a.score, new: b.score, delta, rows })
}

/// The score of row `id` in `s`, scored by `r`: none when `r` has no such row; an internal error
/// when it has one but the breakdown lacks it (never 0).
fn score_of(r: &Rubric, s: &UnitScore, id: &str) -> Result<Option<Decimal>, Box<EvalError>> {
    if r.plan().node(id).is_none() {
        return Ok(None);
    }
    let row = s.node(id).ok_or_else(|| EvalError::internal(s.unit.to_string(), "a row missing from its breakdown"))?;
    Ok(Some(row.score))
}

/// Nodes in document order (depth first) with their index and depth, without the root.
fn ids(r: &Rubric) -> Result<Vec<(usize, &NodeDef, usize)>, EvalError> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, usize)> = r.plan().root().children.iter().rev().map(|&c| (c, 1)).collect();
    while let Some((i, d)) = stack.pop() {
        let n = r
            .nodes
            .get(i)
            .ok_or(EvalError::InternalPlan(InternalPlanError { what: "a child index outside the nodes" }))?;
        out.push((i, n, d));
        stack.extend(n.children.iter().rev().map(|&c| (c, d + 1)));
    }
    Ok(out)
}

/// The id of a node's parent ("" for the rubric itself).
fn parent_id<'a>(r: &'a Rubric, id: &str) -> Option<&'a str> {
    let child = r.nodes.iter().position(|n| n.id == id)?;
    r.nodes.iter().find(|n| n.children.contains(&child)).map(|p| p.id.as_str())
}

/// Where in `rows` the rows at and below `id` (in `new`) end.
fn after_subtree(new: &Rubric, rows: &[RowChange], id: &str) -> usize {
    let Some(start) = rows.iter().position(|r| r.id == id) else { return rows.len() };
    let mut below = vec![false; new.nodes.len()];
    if let Some(i) = new.nodes.iter().position(|n| n.id == id) {
        new.mark_subtree(i, &mut below);
    }
    let inside = |r: &RowChange| {
        r.status == Status::Removed
            || new.nodes.iter().position(|n| n.id == r.id).is_some_and(|i| below.get(i).copied().unwrap_or(false))
    };
    let mut at = start + 1;
    while rows.get(at).is_some_and(inside) {
        at += 1;
    }
    at
}

fn one_sided(r: &Rubric, n: &NodeDef, sign: Sign, depth: usize) -> RowChange {
    let text = rule_lines(r, n);
    let (status, old_max, new_max) = match sign {
        Sign::Old => (Status::Removed, Some(n.max), None),
        Sign::New => (Status::Added, None, Some(n.max)),
    };
    RowChange {
        id: n.id.clone(),
        title: n.title.clone(),
        kind: n.kind,
        depth,
        status,
        old_max,
        new_max,
        old_title: None,
        moved: None,
        meta: Vec::new(),
        lines: text.into_iter().map(|t| Line { sign, text: t }).collect(),
    }
}

fn matched(old: &Rubric, o: &NodeDef, new: &Rubric, n: &NodeDef, depth: usize) -> RowChange {
    let lines = line_diff(&rule_lines(old, o), &rule_lines(new, n));
    let op = parent_id(old, &o.id).unwrap_or_default();
    let np = parent_id(new, &n.id).unwrap_or_default();
    let moved = (op != np).then(|| (op.to_string(), np.to_string()));
    let mut meta = meta_changes(&o.meta, &n.meta);
    // A change the parent shows in the same way is the parent's, inherited.
    if moved.is_none()
        && let (Some(po), Some(pn)) = (old.plan().node(op), new.plan().node(np))
    {
        let inherited = meta_changes(&po.meta, &pn.meta);
        meta.retain(|m| !inherited.contains(m));
    }
    let old_title = (o.title != n.title).then(|| o.title.clone());
    let status = if moved.is_some() {
        Status::Moved
    } else if o.max != n.max || old_title.is_some() || !meta.is_empty() || !lines.is_empty() {
        Status::Changed
    } else {
        Status::Unchanged
    };
    RowChange {
        id: n.id.clone(),
        title: n.title.clone(),
        kind: n.kind,
        depth,
        status,
        old_max: Some(o.max),
        new_max: Some(n.max),
        old_title,
        moved,
        meta,
        lines,
    }
}

fn meta_changes(o: &Meta, n: &Meta) -> Vec<MetaChange> {
    let list = |v: &[String]| v.join("、");
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let pairs = [
        ("lead", list(&o.lead), list(&n.lead)),
        ("office", list(&o.office), list(&n.office)),
        ("owner", list(&o.owner), list(&n.owner)),
        ("due", opt(&o.due), opt(&n.due)),
        ("text", opt(&o.text), opt(&n.text)),
    ];
    pairs.into_iter().filter(|(_, a, b)| a != b).map(|(field, old, new)| MetaChange { field, old, new }).collect()
}

/// The declarations of facts and derived values, one line each, as written.
fn declarations(r: &Rubric) -> Vec<String> {
    let facts = r.facts.iter().map(|f| &f.loc);
    let lets = r.lets.iter().map(|l| &l.loc);
    facts.chain(lets).map(|loc| whole_line(r, loc)).collect()
}

/// The source line holding a location (a declaration's name), without comments, white space
/// normalised.
fn whole_line(r: &Rubric, loc: &Loc) -> String {
    let Some(file) = r.sources.get(loc.file) else { return String::new() };
    let line = file.line_of(loc.span.start);
    let starts = file.line_starts();
    let start = starts.get(line).copied().unwrap_or(0);
    let end = starts.get(line + 1).copied().unwrap_or(file.text.len());
    let text = file.text.get(start..end).unwrap_or_default();
    without_comments(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The source text at a location, without comments, white space normalised.
fn source(r: &Rubric, loc: &Loc) -> String {
    let text = r.sources.get(loc.file).and_then(|f| f.text.get(loc.span.start..loc.span.end)).unwrap_or_default();
    without_comments(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text with its `// …` comments left out (not those inside a string), as the one scanner
/// of comments finds them ([`rubric_syntax::scan::comments`]).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for c in rubric_syntax::scan::comments(text) {
        out.push_str(text.get(last..c.span.start).unwrap_or_default());
        last = c.span.end;
    }
    out.push_str(text.get(last..).unwrap_or_default());
    out
}

/// A node's rules as lines: one per rule, one per band, then its limits when not the default.
pub fn rule_lines(r: &Rubric, n: &NodeDef) -> Vec<String> {
    let mut out = Vec::new();
    for rule in &n.rules {
        match rule {
            RuleDef::Band(b) => {
                for arm in &b.arms {
                    out.push(format!("band {} {}", b.subject.text, source(r, &arm.loc)));
                }
            }
            RuleDef::Award(a) | RuleDef::Deduct(a) | RuleDef::Bonus(a) => out.push(source(r, &a.loc)),
            RuleDef::Score(e) => out.push(format!("score {}", source(r, &e.loc))),
            RuleDef::Judged(j) => out.push(source(r, &j.loc)),
            RuleDef::Zero(c) | RuleDef::Veto(c) | RuleDef::CapWhen(crate::plan::CapWhenDef { cond: c, .. }) => {
                out.push(source(r, &c.loc))
            }
        }
    }
    // A part with a row that may go below 0 follows its rows unless it states a floor: there,
    // `floor 0` is not the default.
    let follows = n.children.iter().any(|&c| r.nodes.get(c).is_some_and(|k| k.floor.allows_negative()));
    match n.floor {
        Floor::At(f) if f.is_zero() && !follows => {}
        Floor::At(f) => out.push(format!("floor {}", show_num(f))),
        Floor::None => out.push("floor none".to_string()),
        // The default of a part with a row that may go below 0: said by that row.
        Floor::Children => {}
    }
    if n.cap != Some(n.max) {
        out.push(format!("cap {}", n.cap.map_or_else(|| "none".to_string(), show_num)));
    }
    if let Some(b) = n.bonus_cap {
        out.push(format!("bonus cap {}", show_num(b)));
    }
    if n.bonus_uncapped {
        out.push("bonus cap none".to_string());
    }
    if let Some((dp, mode)) = n.round {
        out.push(format!("round {dp} {mode:?}"));
    }
    out
}

/// Most cells of the table of common subsequences; beyond it the lines between the common
/// start and end are all shown as changed.
const LCS_CELLS: usize = 1 << 20;

/// The lines only one side has, by a longest common subsequence: removed and added lines in
/// the order they stand.
fn line_diff(old: &[String], new: &[String]) -> Vec<Line> {
    let (ko, kn): (Vec<String>, Vec<String>) =
        (old.iter().map(|l| key(l)).collect(), new.iter().map(|l| key(l)).collect());
    if ko == kn {
        return Vec::new();
    }
    // The common start and end need no table.
    let head = ko.iter().zip(&kn).take_while(|(a, b)| a == b).count();
    let tail = ko.iter().rev().zip(kn.iter().rev()).take_while(|(a, b)| a == b).count();
    let tail = tail.min(ko.len() - head).min(kn.len() - head);
    let (old, new) =
        (old.get(head..old.len() - tail).unwrap_or_default(), new.get(head..new.len() - tail).unwrap_or_default());
    let (ko, kn) =
        (ko.get(head..ko.len() - tail).unwrap_or_default(), kn.get(head..kn.len() - tail).unwrap_or_default());
    let (m, k) = (old.len(), new.len());
    if (m + 1).saturating_mul(k + 1) > LCS_CELLS {
        let gone = old.iter().map(|t| Line { sign: Sign::Old, text: t.clone() });
        return gone.chain(new.iter().map(|t| Line { sign: Sign::New, text: t.clone() })).collect();
    }
    // lcs[i][j]: length of the common subsequence of old[i..] and new[j..].
    let mut lcs = vec![vec![0usize; k + 1]; m + 1];
    for i in (0..m).rev() {
        for j in (0..k).rev() {
            let v = if ko.get(i) == kn.get(j) {
                at(&lcs, i + 1, j + 1) + 1
            } else {
                at(&lcs, i + 1, j).max(at(&lcs, i, j + 1))
            };
            if let Some(c) = lcs.get_mut(i).and_then(|row| row.get_mut(j)) {
                *c = v;
            }
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < m || j < k {
        match (old.get(i), new.get(j)) {
            (Some(_), Some(_)) if ko.get(i) == kn.get(j) => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(_)) if at(&lcs, i + 1, j) >= at(&lcs, i, j + 1) => {
                out.push(Line { sign: Sign::Old, text: a.clone() });
                i += 1;
            }
            (_, Some(b)) => {
                out.push(Line { sign: Sign::New, text: b.clone() });
                j += 1;
            }
            (Some(a), None) => {
                out.push(Line { sign: Sign::Old, text: a.clone() });
                i += 1;
            }
            (None, None) => break,
        }
    }
    out
}

/// A line as compared: without the spaces next to brackets, commas and operators (outside
/// strings), so `(65%,90%]` and `(65%, 90%]` are the same line.
fn key(line: &str) -> String {
    const TIGHT: &str = "()[],=<>+-*/!:";
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut in_string = false;
    let mut escaped = false;
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if c == ' ' {
            let prev = i.checked_sub(1).and_then(|p| chars.get(p));
            let next = chars.get(i + 1);
            if prev.is_some_and(|p| TIGHT.contains(*p)) || next.is_some_and(|n| TIGHT.contains(*n)) {
                continue;
            }
        }
        in_string = c == '"';
        out.push(c);
    }
    out
}

fn at(t: &[Vec<usize>], i: usize, j: usize) -> usize {
    t.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::{EvalError, Sign, UnitFacts, key, line_diff, score_of, without_comments};
    use rust_decimal::Decimal;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn shown(old: &[&str], new: &[&str]) -> Vec<String> {
        line_diff(&lines(old), &lines(new)).iter().map(|l| format!("{} {}", l.sign.as_str(), l.text)).collect()
    }

    #[test]
    fn only_the_lines_that_differ_are_shown_in_order() {
        assert_eq!(shown(&["a", "b", "c"], &["a", "B", "c", "d"]), ["- b", "+ B", "+ d"]);
        assert_eq!(shown(&["a"], &["a"]), Vec::<String>::new());
        assert_eq!(shown(&[], &["x"]), ["+ x"]);
        assert_eq!(shown(&["x", "y"], &[]), ["- x", "- y"]);
    }

    #[test]
    fn spacing_next_to_brackets_and_operators_does_not_count_but_inside_strings_it_does() {
        assert_eq!(key("band 率 (65%, 90%] => 1.5"), key("band 率 (65%,90%]=>1.5"));
        assert_eq!(key("award 2 when a >= 2"), key("award 2 when a>=2"));
        assert_ne!(key("award 2 when a \"x , y\""), key("award 2 when a \"x,y\""));
        assert_ne!(key("award 2 when a"), key("award 3 when a"));
    }

    #[test]
    fn a_row_missing_from_its_breakdown_is_an_internal_error_not_0() {
        let rules = r#"rubric "r" { fact a: bool  item 一 "t" max 1 { award 1 when a } }"#;
        let r = crate::load("r.rubric", &crate::MemoryLoader::new().with("r.rubric", rules)).into_rubric().unwrap();
        let mut s = r.evaluate(&UnitFacts::new("甲").flag("a", true)).unwrap();
        assert_eq!(score_of(&r, &s, "一").unwrap(), Some(Decimal::ONE));
        assert_eq!(score_of(&r, &s, "二").unwrap(), None);
        s.children.clear();
        let e = score_of(&r, &s, "一").unwrap_err();
        assert!(matches!(*e, EvalError::Internal(_)), "{e:?}");
    }

    #[test]
    fn comments_are_left_out_but_not_inside_strings() {
        assert_eq!(without_comments("award 1 when a // note\n"), "award 1 when a \n");
        assert_eq!(without_comments("deduct 1 when a \"见 // 原文\""), "deduct 1 when a \"见 // 原文\"");
    }

    #[test]
    fn a_huge_change_is_shown_whole_without_a_huge_table() {
        let old: Vec<String> = (0..3000).map(|i| format!("old {i}")).collect();
        let mut new: Vec<String> = (0..3000).map(|i| format!("new {i}")).collect();
        new.insert(0, "old 0".into());
        let d = line_diff(&old, &new);
        assert_eq!(d.len(), 2999 + 3000);
        assert_eq!((d[0].sign, d[0].text.as_str()), (Sign::Old, "old 1"));
        assert_eq!((d[2999].sign, d[2999].text.as_str()), (Sign::New, "new 0"));
    }
}
