//! The ranking of units (`rank`, the service's `rank` and `results.xlsx`): every unit scored with
//! its breakdown, its row of the table (total, each section's or period's figure, bonus, veto,
//! grade after quotas), competition ranking, the JSON document and the results workbook.

use rubric::render::{Phrase, Render};
use rubric::value::show_num;
use rubric::{Column, ColumnOf, Outcome, Rubric};
use rubric_xlsx::write::{Cell, Sheet};
use rust_decimal::Decimal;
use serde::Serialize;

/// Which of the extra columns a rubric needs: 加分 when some node has a `bonus` line, 一票否决
/// when some node has a `veto when`, 等次 when it grades its total. A rubric without them keeps
/// the plain table.
#[derive(Debug, Clone, Copy)]
pub struct Extras {
    /// 加分.
    pub bonus: bool,
    /// 一票否决.
    pub veto: bool,
    /// 等次: the rubric grades its total (the column comes last, after quotas).
    pub grade: bool,
}

impl Extras {
    /// The columns `rubric` needs.
    pub fn of(rubric: &Rubric) -> Self {
        Extras { bonus: rubric.shows_bonus(), veto: rubric.shows_veto(), grade: rubric.has_total_grade() }
    }

    /// The headings, in order.
    pub fn headings(self, words: &Render<'_>) -> Vec<String> {
        let mut out = Vec::new();
        if self.bonus {
            out.push(words.phrase(Phrase::Bonus).to_string());
        }
        if self.veto {
            out.push(words.phrase(Phrase::Vetoed).to_string());
        }
        if self.grade {
            out.push(words.phrase(Phrase::Grade).to_string());
        }
        out
    }

    /// The cells of one unit: its bonus and the vetoed nodes, by id (`vetoed` gives the ids,
    /// the rubric itself as the empty id), joined by `、`; the rubric itself is `总分` (as the
    /// total's column is headed; JSON says `total`, as a `test` block does: `expect total`).
    pub fn cells<'a>(self, bonus: Decimal, vetoed: impl Iterator<Item = &'a str>, words: &Render<'_>) -> Vec<String> {
        let mut out = Vec::new();
        if self.bonus {
            out.push(show_num(bonus));
        }
        if self.veto {
            let (whole, sep) = (words.phrase(Phrase::Total), words.phrase(Phrase::ListSep));
            out.push(vetoed.map(|id| if id.is_empty() { whole } else { id }).collect::<Vec<_>>().join(sep));
        }
        out
    }

    /// The same as JSON fields: `"bonus": "3"` and `"vetoed": ["total", "三"]`.
    pub fn json<'a>(
        self,
        obj: &mut serde_json::Map<String, serde_json::Value>,
        bonus: Decimal,
        vetoed: impl Iterator<Item = &'a str>,
    ) {
        if self.bonus {
            obj.insert("bonus".into(), show_num(bonus).into());
        }
        if self.veto {
            let ids: Vec<serde_json::Value> =
                vetoed.map(|id| if id.is_empty() { "total" } else { id }.into()).collect();
            obj.insert("vetoed".into(), serde_json::Value::Array(ids));
        }
    }
}

/// The total's grade of each unit, by name, with the quotas applied across all of `units`
/// (scored together once more, numbers only), and the units that could not be graded; empty when
/// the rubric has no grade of the total.
pub fn grades(
    rubric: &Rubric,
    units: &[rubric::UnitFacts],
) -> (std::collections::HashMap<String, rubric::Grade>, Vec<rubric::EvalError>) {
    if !rubric.has_total_grade() {
        return (std::collections::HashMap::new(), Vec::new());
    }
    let mut scored = rubric.scoring().units(units);
    // Units that could not be scored are reported by the caller's own scoring; only a unit that
    // scored and could not be graded is an error here.
    let scored_ok: Vec<bool> = scored.iter().map(|s| s.outcome.is_ok()).collect();
    let graded = rubric.grade_batch(units, &mut scored);
    let mut errors = Vec::new();
    let mut out = std::collections::HashMap::new();
    for ((s, g), ok) in scored.into_iter().zip(graded).zip(scored_ok) {
        match s.outcome {
            Ok(_) => {
                if let Some((_, g)) = g.into_iter().find(|(id, _)| id.is_empty()) {
                    out.insert(s.unit, g);
                }
            }
            Err(e) if ok => errors.push(e),
            Err(_) => {}
        }
    }
    (out, errors)
}

/// A unit's row of the table: its total, its figure in each column (sections, or periods) and
/// what the bonus and veto columns show; small, so that a large file's rows stay small (the
/// maxima are shared with the row before when they are the same, as they are unless they depend
/// on the unit; the grade is boxed, as most rows of a large file wait for it).
pub struct Row {
    /// The unit.
    pub unit: String,
    /// Its total.
    pub score: Decimal,
    /// The most it could get.
    pub max: Decimal,
    /// The bonus in the total.
    pub bonus: Decimal,
    /// The ids of the nodes a veto zeroed (the rubric itself as the empty id).
    pub vetoed: Box<[String]>,
    /// Its figure in each column.
    pub figures: Box<[Decimal]>,
    /// Its maximum of each column (with maxima that depend on the unit, its case's).
    pub maxima: std::sync::Arc<[Decimal]>,
    /// The total's grade after quotas.
    pub grade: Option<Box<rubric::Grade>>,
}

/// A unit in the ranking: its place and its row (the figures are read from the row as the
/// ranking is written, not copied).
pub struct Ranked<'a> {
    /// Its place: equal totals share one.
    pub rank: usize,
    /// The unit's row.
    pub row: &'a Row,
}

impl<'a> Ranked<'a> {
    /// The unit.
    pub fn unit(&self) -> &'a str {
        &self.row.unit
    }

    /// The total's grade after quotas, when the rubric grades the total.
    pub fn grade(&self) -> Option<&'a rubric::Grade> {
        self.row.grade.as_deref()
    }

    /// The ids of the nodes a veto zeroed (the rubric itself as the empty id).
    pub fn vetoed(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.row.vetoed.iter().map(String::as_str)
    }

    /// Its figure in each of `columns` (the rubric's, as the row was made).
    pub fn sections<'c>(&self, columns: &'c [Column<'c>]) -> impl Iterator<Item = Section<'c>> + use<'a, 'c> {
        columns.iter().zip(self.row.figures.iter().zip(self.row.maxima.iter())).map(|(c, (score, max))| Section {
            id: c.id,
            title: c.title,
            score: *score,
            max: *max,
            children: [],
        })
    }
}

/// A unit in the ranking as JSON writes it, made one unit at a time.
#[derive(Serialize)]
struct RankedJson<'a> {
    rank: usize,
    unit: &'a str,
    #[serde(serialize_with = "rubric::value::ser_dec")]
    score: Decimal,
    #[serde(serialize_with = "rubric::value::ser_dec")]
    max: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    grade: Option<&'a rubric::Grade>,
    sections: Vec<Section<'a>>,
}

/// A unit's figure in one column.
#[derive(Serialize)]
pub struct Section<'a> {
    /// The section's id, or the period's name.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// The unit's figure.
    #[serde(serialize_with = "rubric::value::ser_dec")]
    pub score: Decimal,
    /// The most it can be.
    #[serde(serialize_with = "rubric::value::ser_dec")]
    pub max: Decimal,
    /// Always `[]`: the table stops at the sections.
    children: [(); 0],
}

/// What went wrong while ranking, in the order met: a unit that could not be scored or graded,
/// or an outcome without its breakdown (a bug).
pub enum Failure {
    /// A unit's error, and the unit when the scoring said which (a grade's error does not).
    Eval(Option<String>, rubric::EvalError),
    /// The unit whose outcome had no breakdown.
    NoBreakdown(String),
}

/// The units scored for a ranking: their rows, each unit's sheet when asked, the failures.
pub struct Table {
    /// The rows, in the order of the facts.
    pub rows: Vec<Row>,
    /// Each unit's sheet, when sheets were asked for.
    pub sheets: Vec<(String, Sheet)>,
    /// What went wrong.
    pub failures: Vec<Failure>,
}

/// Scores `units` with their breakdowns (all, or the one `only` names, among all) into rows,
/// with a sheet of each unit when `sheets` gives the words, then grades them after quotas.
pub fn table(rubric: &Rubric, units: &[rubric::UnitFacts], only: Option<&str>, sheets: Option<&Render<'_>>) -> Table {
    let mut out = Table { rows: Vec::new(), sheets: Vec::new(), failures: Vec::new() };
    let scoring = rubric.scoring().explained();
    let scoring = match only {
        Some(unit) => scoring.only(unit),
        None => scoring,
    };
    add_rows(rubric, scoring, units, sheets, &mut out);
    let (grades, errors) = grades(rubric, units);
    out.failures.extend(errors.into_iter().map(|e| Failure::Eval(None, e)));
    for r in &mut out.rows {
        r.grade = grades.get(&r.unit).cloned().map(Box::new);
    }
    out
}

/// Scores `units` by `scoring` and adds their rows (and sheets, when `sheets` gives the words:
/// then `scoring` must be explained) and failures to `out`, in order: a batch of [`table`],
/// before grades. A row is the same from the numbers alone as from the breakdown.
pub fn add_rows(
    rubric: &Rubric,
    scoring: rubric::Scoring<'_>,
    units: &[rubric::UnitFacts],
    sheets: Option<&Render<'_>>,
    out: &mut Table,
) {
    let columns = rubric.columns(false);
    scoring.units_each(units, |s| {
        let outcome = match s.outcome {
            Ok(o) => o,
            Err(e) => return out.failures.push(Failure::Eval(Some(s.unit.clone()), e)),
        };
        // Each unit's sheet is its whole breakdown: of the rubric, or of each period.
        let sheet = match (&outcome, sheets) {
            (Outcome::Periods(p), Some(w)) => Some(Some(crate::sheets::period_sheet(rubric, p, w))),
            (Outcome::Explained(full), Some(w)) => Some(Some(crate::sheets::unit_sheet(rubric, full, w))),
            (Outcome::Periods(_) | Outcome::Explained(_) | Outcome::Scores(_), None) => Some(None),
            _ => None,
        };
        match (sheet, row_of(rubric, &columns, &s.unit, &outcome, out.rows.last())) {
            (Some(sheet), Some(row)) => {
                if let Some(sheet) = sheet {
                    out.sheets.push((s.unit.clone(), sheet));
                }
                out.rows.push(row);
            }
            _ => out.failures.push(Failure::NoBreakdown(s.unit.clone())),
        }
    });
}

/// The total's grades of a file's units graded a batch at a time, as [`grades`] gives them for
/// the whole file: each batch scored (numbers only) and graded before quotas, the quotas applied
/// across every unit at the end. Holds a unit's name and grades, not its facts.
#[derive(Default)]
pub struct GradesGathered {
    names: Vec<String>,
    before: Vec<rubric::UnitGrades>,
    errors: Vec<rubric::EvalError>,
}

impl GradesGathered {
    /// Adds a batch of units, in the file's order, scored in `cohort` (the file's, gathered
    /// beforehand) when the rules compare units.
    pub fn add(&mut self, rubric: &Rubric, units: &[rubric::UnitFacts], cohort: Option<&rubric::Cohort>) {
        if !rubric.has_total_grade() {
            return;
        }
        let scoring = match cohort {
            Some(c) => rubric.scoring().in_cohort(c),
            None => rubric.scoring(),
        };
        let mut scored = scoring.units(units);
        let scored_ok: Vec<bool> = scored.iter().map(|s| s.outcome.is_ok()).collect();
        self.before.extend(rubric.grades_before_quotas(units, &mut scored, cohort));
        for (s, ok) in scored.into_iter().zip(scored_ok) {
            self.names.push(s.unit);
            // Only a unit that scored and could not be graded is an error here.
            if let (Err(e), true) = (s.outcome, ok) {
                self.errors.push(e);
            }
        }
    }

    /// Gives each of `rows` (rows of the units added, in the same order, a unit's row at most
    /// once) the total's grade of its unit, quotas applied, as [`grades`] of every unit added
    /// gives it by name; returns the units that could not be graded. The grades are moved into
    /// the rows in one walk, no map of names made; a grade whose unit has no row in its place is
    /// kept by name, and a row left without its unit's place looks its grade up by name.
    pub fn finish_into(self, rubric: &Rubric, rows: &mut [Row]) -> Vec<rubric::EvalError> {
        if !rubric.has_total_grade() {
            return self.errors;
        }
        let mut next = 0;
        let mut stray = std::collections::HashMap::new();
        for (name, g) in self.names.into_iter().zip(rubric.apply_quotas(self.before)) {
            let total = g.into_iter().find(|(id, _)| id.is_empty()).map(|(_, g)| Box::new(g));
            match rows.get_mut(next) {
                Some(r) if r.unit == name => {
                    r.grade = total;
                    next += 1;
                }
                _ => {
                    if let Some(g) = total {
                        stray.insert(name, g);
                    }
                }
            }
        }
        for r in rows.iter_mut().skip(next) {
            r.grade = stray.get(&r.unit).cloned();
        }
        self.errors
    }
}

/// A unit's row of the table, from any outcome; `None` for an outcome without a figure of a
/// column, which an explained request never gives.
/// `last` is the row before, whose maxima are shared when they are the same.
fn row_of(rubric: &Rubric, columns: &[Column<'_>], unit: &str, outcome: &Outcome, last: Option<&Row>) -> Option<Row> {
    let figures = columns.iter().map(|c| outcome.figure(c)).collect::<Option<Box<[Decimal]>>>()?;
    let maxima = columns.iter().map(|c| outcome.column_max(rubric, c).ok()).collect::<Option<Vec<Decimal>>>()?;
    let maxima = match last {
        Some(r) if *r.maxima == *maxima => std::sync::Arc::clone(&r.maxima),
        _ => maxima.into(),
    };
    Some(Row {
        unit: unit.to_string(),
        score: outcome.total(),
        max: outcome.max_in(rubric).ok()?,
        maxima,
        bonus: outcome.bonus(),
        vetoed: outcome.vetoed(rubric).into_iter().map(str::to_string).collect(),
        figures,
        grade: None,
    })
}

/// Competition ranking: equal totals share a rank, and the next rank skips (1, 2, 2, 4).
/// `columns` are the rubric's, as the rows were made (each [`Ranked::sections`] reads them).
pub fn rank<'a>(scores: &'a [Row], _columns: &[Column<'_>]) -> Vec<Ranked<'a>> {
    let mut order: Vec<&Row> = scores.iter().collect();
    order.sort_by_key(|s| std::cmp::Reverse(s.score));
    let mut out: Vec<Ranked<'_>> = Vec::with_capacity(order.len());
    for (i, s) in order.into_iter().enumerate() {
        let rank = match out.last() {
            Some(prev) if prev.row.score == s.score => prev.rank,
            _ => i + 1,
        };
        out.push(Ranked { rank, row: s });
    }
    out
}

/// `rank --format json`: the rubric's title and maximum, and each unit in rank order with its
/// sections as `children` (with periods, `children: []` and the periods as `periods`).
pub fn json(rubric: &Rubric, ranked: &[Ranked<'_>], columns: &[Column<'_>]) -> serde_json::Value {
    let extras = Extras::of(rubric);
    let units: Vec<serde_json::Value> = ranked.iter().map(|r| unit_json(extras, r, columns)).collect();
    serde_json::json!({ "rubric": rubric.title(), "max": show_num(json_max(rubric)), "units": units })
}

/// The document of [`json`] as it is written: each unit's object made as it is serialized, so
/// that the whole tree is never held (the same text, field for field).
pub struct JsonDoc<'a> {
    rubric: &'a Rubric,
    ranked: &'a [Ranked<'a>],
    columns: &'a [Column<'a>],
}

/// [`JsonDoc`] of `ranked`.
pub fn json_doc<'a>(rubric: &'a Rubric, ranked: &'a [Ranked<'a>], columns: &'a [Column<'a>]) -> JsonDoc<'a> {
    JsonDoc { rubric, ranked, columns }
}

impl Serialize for JsonDoc<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        /// The units, each made as it is written.
        struct Units<'b>(&'b JsonDoc<'b>);
        impl Serialize for Units<'_> {
            fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeSeq;
                let extras = Extras::of(self.0.rubric);
                let mut seq = ser.serialize_seq(Some(self.0.ranked.len()))?;
                for r in self.0.ranked {
                    seq.serialize_element(&unit_json(extras, r, self.0.columns))?;
                }
                seq.end()
            }
        }
        let mut map = ser.serialize_map(Some(3))?;
        map.serialize_entry("rubric", self.rubric.title())?;
        map.serialize_entry("max", &show_num(json_max(self.rubric)))?;
        map.serialize_entry("units", &Units(self))?;
        map.end()
    }
}

/// With maxima that depend on the unit, the most any unit can get; each unit has its own `max`.
fn json_max(rubric: &Rubric) -> Decimal {
    rubric.case_maxima(0).into_iter().max().unwrap_or_else(|| rubric.max())
}

/// One unit of [`json`].
fn unit_json(extras: Extras, r: &Ranked<'_>, columns: &[Column<'_>]) -> serde_json::Value {
    let unit = RankedJson {
        rank: r.rank,
        unit: r.unit(),
        score: r.row.score,
        max: r.row.max,
        grade: r.grade(),
        sections: r.sections(columns).collect(),
    };
    let mut v = serde_json::to_value(unit).unwrap_or_default();
    if let Some(obj) = v.as_object_mut() {
        let sections = obj.remove("sections").unwrap_or_default();
        extras.json(obj, r.row.bonus, r.vetoed());
        let (children, periods) = split(sections, columns);
        obj.insert("children".into(), children);
        if let Some(periods) = periods {
            obj.insert("periods".into(), periods_json(periods));
        }
    }
    v
}

/// The columns of a unit scored in periods, as the `periods` of its JSON: `id` is the period.
fn periods_json(sections: serde_json::Value) -> serde_json::Value {
    let serde_json::Value::Array(items) = sections else { return serde_json::Value::Array(Vec::new()) };
    let periods = items
        .into_iter()
        .map(|mut s| {
            if let Some(o) = s.as_object_mut() {
                if let Some(id) = o.remove("id") {
                    o.insert("period".into(), id);
                }
                o.remove("children");
            }
            s
        })
        .collect();
    serde_json::Value::Array(periods)
}

/// A row's columns in JSON: those of nodes as `children`, and those of periods, if the columns
/// are periods.
fn split(sections: serde_json::Value, columns: &[Column<'_>]) -> (serde_json::Value, Option<serde_json::Value>) {
    let serde_json::Value::Array(items) = sections else { return (sections, None) };
    let (nodes, periods): (Vec<_>, Vec<_>) =
        items.into_iter().zip(columns).partition(|(_, c)| matches!(c.of, ColumnOf::Node(_)));
    let values =
        |v: Vec<(serde_json::Value, &Column<'_>)>| serde_json::Value::Array(v.into_iter().map(|(s, _)| s).collect());
    let periods = (!periods.is_empty()).then(|| values(periods));
    (values(nodes), periods)
}

/// `名次`, `单位`, `总分(max)`.
pub fn head3(max: String, words: &Render<'_>) -> Vec<String> {
    let total = format!("{}({max})", words.phrase(Phrase::Total));
    vec![words.phrase(Phrase::Place).into(), words.phrase(Phrase::Unit).into(), total]
}

/// The header of the CSV table and of the ranking sheet.
pub fn header(rubric: &Rubric, extras: Extras, words: &Render<'_>) -> Vec<String> {
    let mut h = head3(maxima(rubric, Some(0), rubric.max(), show_num), words);
    for c in rubric.columns(false) {
        let name = if c.id == c.title { c.id.to_string() } else { format!("{} {}", c.id, c.title) };
        h.push(format!("{name}({})", maxima(rubric, node_of(&c), c.max, show_num)));
    }
    h.extend(extras.headings(words));
    h
}

/// The ranking as a sheet: the columns of `rank --format csv`, scores as exact numbers.
fn ranking_sheet(rubric: &Rubric, ranked: &[Ranked<'_>], extras: Extras, words: &Render<'_>) -> Sheet {
    let rows = ranked
        .iter()
        .map(|r| {
            let mut row =
                vec![Cell::Number(r.rank.into()), Cell::Text(r.unit().to_string()), Cell::Number(r.row.score)];
            row.extend(r.row.figures.iter().map(|s| Cell::Number(*s)));
            if extras.bonus {
                row.push(Cell::Number(r.row.bonus));
            }
            if extras.veto {
                let only_veto = Extras { bonus: false, veto: true, grade: false };
                row.push(Cell::Text(only_veto.cells(r.row.bonus, r.vetoed(), words).join("")));
            }
            if extras.grade {
                row.push(Cell::Text(r.grade().map(|g| g.name.clone()).unwrap_or_default()));
            }
            row
        })
        .collect();
    Sheet {
        name: words.phrase(Phrase::Ranking).into(),
        title: Some(rubric.title().to_string()),
        header: header(rubric, extras, words),
        rows,
        notes: Vec::new(),
    }
}

/// The results workbook: the ranking sheet, then each unit's sheet in the ranking's order.
pub fn workbook(
    rubric: &Rubric,
    mut table: Table,
    words: &Render<'_>,
) -> Result<Vec<u8>, rubric_xlsx::write::WriteError> {
    let columns = rubric.columns(false);
    let ranked = rank(&table.rows, &columns);
    let mut book = vec![ranking_sheet(rubric, &ranked, Extras::of(rubric), words)];
    for r in &ranked {
        if let Some(i) = table.sheets.iter().position(|(u, _)| u == r.unit()) {
            book.push(table.sheets.swap_remove(i).1);
        }
    }
    rubric_xlsx::write::workbook(&book)
}

/// The maxima a column has, `4` or, when it depends on the unit, each case's: `2/4`.
pub fn maxima(rubric: &Rubric, idx: Option<usize>, max: Decimal, show: fn(Decimal) -> String) -> String {
    let all = idx.map(|i| rubric.case_maxima(i)).unwrap_or_default();
    match all.len() > 1 {
        true => all.into_iter().map(show).collect::<Vec<_>>().join("/"),
        false => show(max),
    }
}

/// The node a column shows, if it is one (not a period).
pub fn node_of(c: &Column<'_>) -> Option<usize> {
    match c.of {
        rubric::ColumnOf::Node(i) => Some(i),
        _ => None,
    }
}
