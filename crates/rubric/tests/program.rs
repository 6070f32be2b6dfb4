//! The compiled program and the general evaluator agree: on every rule file shipped, in the
//! docs and in `tests/program/`, for generated units (values at band edges, zero denominators,
//! out-of-range and missing facts included), both give the same breakdown, the same scores and
//! the same errors. Every engine is chosen explicitly (`Engine`) and held to the reference
//! evaluator, which uses none of the layout's skips and no program. A ranking's row reads the
//! same figures from the score-only outcome as from the breakdown.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use rubric::{Engine, Raw, Rubric, UnitFacts};
use rubric_syntax::ast::FactType;
use rust_decimal::Decimal;

/// The rule files checked: every file that loads as a rubric without errors.
fn corpus() -> Vec<(String, Rubric)> {
    common::corpus_rubrics()
}

/// A small random-number generator (xorshift), so failures can be replayed from the seed.
struct Gen(u64);

impl Gen {
    fn next(&mut self, m: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % m
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.next(xs.len() as u64) as usize]
    }
}

/// A unit's facts, from the rubric's declared facts: mostly ordinary values, often values at
/// the usual band edges and zero, sometimes out of range, now and then a fact left out.
fn unit(r: &Rubric, name: &str, seed: u64) -> UnitFacts {
    let mut g = Gen(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut u = UnitFacts::new(name);
    let drop = if g.next(12) == 0 { g.next(r.facts().count().max(1) as u64) as usize } else { usize::MAX };
    for (i, f) in r.facts().enumerate() {
        if i == drop {
            continue;
        }
        // A list: up to six records (none now and then), each field drawn as a fact is.
        if f.ty() == FactType::List {
            let n = if g.next(4) == 0 { 0 } else { g.next(7) };
            let records: Vec<Vec<(String, Raw)>> =
                (0..n).map(|_| f.fields().map(|x| (x.name().to_string(), raw(&mut g, &x))).collect()).collect();
            u.values.push((f.name().to_string(), Raw::Records(records)));
            continue;
        }
        u.values.push((f.name().to_string(), raw(&mut g, &f)));
    }
    u
}

/// A value of a fact drawn at random, at its edges a third of the time.
fn raw(g: &mut Gen, f: &rubric::FactRef<'_>) -> Raw {
    {
        let edge = g.next(3) == 0;
        match f.ty() {
            FactType::Count if edge => Raw::Number(g.pick(&["0", "1", "2", "3", "5", "6", "9", "11", "100"]).into()),
            FactType::Count => Raw::Number(g.next(12).to_string()),
            FactType::Number if edge => Raw::Number(g.pick(&["0", "-1", "0.5", "1000", "2999.99", "1e3"]).into()),
            FactType::Number => Raw::Number(g.next(3000).to_string()),
            FactType::Points if edge => Raw::Number(g.pick(&["0", "1", "2.5", "3", "5", "-1", "100"]).into()),
            FactType::Points => Raw::Number(Decimal::new(g.next(51) as i64, 1).to_string()),
            FactType::Percent if edge => Raw::Text(g.pick(&["0%", "50%", "65%", "90%", "100%", "120%"]).into()),
            FactType::Percent => Raw::Text(format!("{}%", Decimal::new(g.next(10001) as i64, 2))),
            FactType::Bool => Raw::Bool(g.next(2) == 0),
            // A kind by one of its names, now and then a name it does not list.
            FactType::Kind if edge && g.next(4) == 0 => Raw::Text("不是类别".into()),
            FactType::Kind => Raw::Text(f.names()[g.next(f.names().len() as u64) as usize].clone()),
            FactType::Date if edge => {
                Raw::Text(g.pick(&["2024-07-31", "2024-08-01", "2024-08-31", "2024-12-31"]).into())
            }
            FactType::Date => {
                let d = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(g.next(400));
                Raw::Text(d.to_string())
            }
            FactType::List => Raw::Null,
        }
    }
}

/// The engines held to the reference evaluator.
const ENGINES: [Engine; 4] = [Engine::Auto, Engine::General, Engine::Compiled, Engine::Fixed];

/// Every engine scores one unit as the reference evaluator does: breakdown, total, row scores
/// and bonus, explained or score-only, and the same errors.
fn check(file: &str, r: &Rubric, u: &UnitFacts) -> Result<(), String> {
    let reference = r.evaluate_by(u, Engine::Reference);
    for engine in ENGINES {
        let explained = r.evaluate_by(u, engine);
        let scored = r.bind(u).and_then(|b| r.score_by(&b, engine));
        match (&reference, &explained, &scored) {
            (Ok(g), Ok(c), Ok(s)) => {
                if g != c {
                    return Err(format!(
                        "{file}: {engine:?} breakdown differs for {u:?}\nreference: {g:#?}\n{engine:?}: {c:#?}"
                    ));
                }
                if g.score != s.total() {
                    return Err(format!("{file}: total {} but {engine:?} score-only {} for {u:?}", g.score, s.total()));
                }
                for (i, n) in r.nodes().enumerate().skip(1) {
                    let shown = g.node(n.id()).map(|x| (x.score, x.bonus));
                    if shown != s.node(i).zip(s.bonus(i)) {
                        return Err(format!(
                            "{file}: node {} is {shown:?} but {engine:?} score-only {:?} for {u:?}",
                            n.id(),
                            s.node(i)
                        ));
                    }
                }
            }
            (Err(g), Err(c), Err(s)) if g.to_string() == c.to_string() && g.to_string() == s.to_string() => {}
            _ => {
                return Err(format!(
                    "{file}: reference {:?}, {engine:?} {:?}, score-only {:?} for {u:?}",
                    reference.as_ref().map(|x| x.score).map_err(ToString::to_string),
                    explained.as_ref().map(|x| x.score).map_err(ToString::to_string),
                    scored.as_ref().map(|x| x.total()).map_err(ToString::to_string)
                ));
            }
        }
    }
    Ok(())
}

/// What a ranking's row reads of a unit's outcome (`rank` reads it from the numbers alone): the
/// total, the maximum, each column's figure and maximum, the bonus and the vetoes are the same
/// from the score-only outcome as from the explained breakdown.
fn same_row(file: &str, r: &Rubric, u: &UnitFacts) -> Result<(), String> {
    let (Ok(g), Ok(s)) = (r.evaluate(u), r.bind(u).and_then(|b| r.score(&b))) else { return Ok(()) };
    let (explained, scored) = (rubric::Outcome::Explained(g), rubric::Outcome::Scores(s));
    // Where rows may be 不适用, numbers only refuse to tell a maximum (only the breakdown has
    // it: the points move), and `rank` explains each unit.
    if r.has_na() {
        let columns = r.columns(false);
        let refused = scored.max_in(r).is_err() && columns.iter().all(|c| scored.column_max(r, c).is_err());
        return if refused { Ok(()) } else { Err(format!("{file}: numbers only gave a maximum with 不适用 rows")) };
    }
    let row = |o: &rubric::Outcome| {
        let columns: Vec<_> = [false, true].iter().flat_map(|&rows| r.columns(rows)).collect();
        let each: Vec<_> = columns.iter().map(|c| (o.figure(c), o.column_max(r, c).ok())).collect();
        let vetoed: Vec<String> = o.vetoed(r).into_iter().map(str::to_string).collect();
        (o.total(), o.max_in(r).ok(), each, o.bonus(), vetoed)
    };
    let (a, b) = (row(&explained), row(&scored));
    if a == b { Ok(()) } else { Err(format!("{file}: explained row {a:?} but score-only {b:?} for {u:?}")) }
}

/// Rubrics whose lists of records are read only through derived values: the compiled program
/// computes those values with the general evaluator's expressions (`eval/program/lists.rs`).
const LISTS_IN_LETS: [&str; 3] =
    ["tests/program/list-lets.rubric", "rules/wushen-2024.rubric", "rules/wushen-2023.rubric"];

/// Rubrics whose rules read lists themselves: the general evaluator scores them.
const LISTS_IN_RULES: [&str; 1] = ["tests/program/lists.rubric"];

#[test]
fn every_engine_agrees_with_the_reference_evaluator() {
    let corpus = corpus();
    assert!(corpus.len() >= 15, "the corpus holds {} rubrics", corpus.len());
    for f in LISTS_IN_LETS.iter().chain(&LISTS_IN_RULES) {
        assert!(corpus.iter().any(|(x, _)| x == f), "{f} is not in the corpus");
    }
    let mut failures = Vec::new();
    let (mut scored, mut errors) = (0, 0);
    for (file, r) in &corpus {
        // Rubrics that compare units, or whose rules read lists of records themselves, are
        // scored by the general evaluator alone; a rubric in periods is scored period by
        // period, each with a plan of its own. So are rubrics whose rules read nodes or combine
        // parts other than by a sum. Lists read only through derived values are compiled.
        let general_only = |r: &Rubric| r.is_cohort() || r.combines() || r.has_na();
        let lists = |r: &Rubric| r.facts().any(|f| f.ty() == FactType::List);
        let compiled = |r: &Rubric| {
            if general_only(r) { !r.has_engine(Engine::Compiled) } else { r.has_engine(Engine::Compiled) || lists(r) }
        };
        assert!(compiled(r), "{file}");
        if LISTS_IN_LETS.contains(&file.as_str()) {
            assert!(r.is_compiled(), "{file}: lists read only through derived values are compiled");
        }
        if LISTS_IN_RULES.contains(&file.as_str()) {
            assert!(!r.is_compiled(), "{file}: a rule reading a list leaves the rubric to the general evaluator");
        }
        let plans: Vec<&Rubric> = if !r.has_periods() { vec![r] } else { r.periods().map(|p| p.rubric()).collect() };
        for r in plans {
            assert!(compiled(r), "{file}");
            for seed in 0..400 {
                let u = unit(r, "甲", seed);
                match check(file, r, &u).and_then(|()| same_row(file, r, &u)) {
                    Ok(()) => {}
                    Err(e) => failures.push(e),
                }
                if r.evaluate(&u).is_ok() { scored += 1 } else { errors += 1 }
            }
        }
    }
    assert!(failures.is_empty(), "{} disagreements; the first:\n{}", failures.len(), failures[0]);
    // The generated units reach both outcomes often.
    assert!(scored > 2_000 && errors > 300, "{scored} scored, {errors} errors");
}

/// Every operation is reached: the file written for this test is compiled, and its units score
/// with bonus, bonus caps, zeroing, vetoes, rounding, floors, caps, bands, judged points and
/// `score` lines all taking effect somewhere.
#[test]
fn the_test_file_reaches_every_step() {
    let load = rubric::load("tests/program/every-operation.rubric", &common::Fs);
    let r = load.into_rubric().unwrap();
    assert!(r.has_engine(Engine::Compiled));
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..400 {
        let Ok(s) = r.evaluate(&unit(&r, "甲", seed)) else { continue };
        let json = serde_json::to_string(&s).unwrap();
        for step in ["floor", "cap", "bonus_cap", "zero", "veto", "round", "band", "judged", "bonus", "score"] {
            let step = format!("\"kind\":\"{step}\"");
            if json.contains(&step) {
                seen.insert(step);
            }
        }
    }
    assert_eq!(seen.len(), 10, "steps seen: {seen:?}");
}

/// A part whose rows may go below 0 keeps their negative score, and its own deductions stop at
/// the lower of 0 and its rows' sum: the floor that follows the rows binds below 0 somewhere,
/// in the decimal program and in the whole-number one.
#[test]
fn a_part_with_negative_rows_floors_at_their_sum() {
    for (file, part) in
        [("tests/program/every-operation.rubric", "三.7"), ("tests/program/constant-points.rubric", "二.6")]
    {
        let r = rubric::load(file, &common::Fs).into_rubric().unwrap();
        let mut below = 0;
        for seed in 0..400 {
            let Ok(s) = r.evaluate(&unit(&r, "甲", seed)) else { continue };
            let n = s.node(part).unwrap();
            let negative = |st: &rubric::Step| matches!(st, rubric::Step::Floor { after, .. } if *after < 0.into());
            if n.steps.iter().any(negative) {
                below += 1;
            }
        }
        assert!(below > 0, "{file}: part {part} never floors below 0");
    }
}

/// A rubric whose every point is a constant is scored in whole numbers when only scores are
/// asked for (the agreement above covers its numbers); a unit that does not bind or score
/// takes the other paths.
#[test]
fn constant_points_are_scored_in_whole_numbers() {
    let r = rubric::load("tests/program/constant-points.rubric", &common::Fs).into_rubric().unwrap();
    let mut fixed = 0;
    for seed in 0..200 {
        let Ok(s) = r.bind(&unit(&r, "甲", seed)).and_then(|b| r.score(&b)) else { continue };
        if s.engine() == Engine::Fixed {
            fixed += 1;
        }
    }
    assert!(fixed > 150, "{fixed} of 200 units scored in whole numbers");
}

/// Each engine chosen scores the units itself when it can (a program hands a unit it cannot
/// score to the general evaluator), and says so.
#[test]
fn each_engine_chosen_scores_the_unit() {
    let r = rubric::load("tests/program/constant-points.rubric", &common::Fs).into_rubric().unwrap();
    assert!(r.has_engine(Engine::Fixed) && r.has_engine(Engine::Compiled));
    for engine in [Engine::General, Engine::Compiled, Engine::Fixed, Engine::Reference] {
        let mut own = 0;
        for seed in 0..200 {
            let Ok(s) = r.bind(&unit(&r, "甲", seed)).and_then(|b| r.score_by(&b, engine)) else { continue };
            if s.engine() == engine {
                own += 1;
            }
        }
        assert!(own > 150, "{engine:?} scored {own} of 200 units itself");
    }
}

/// `floor`, `ceil`, `round` and `pow` run in the compiled program and in the whole-number one
/// (a call they did not know would leave the rubric to the general evaluator alone).
#[test]
fn whole_units_run_in_every_engine() {
    let r = rubric::load("tests/check/ok/whole-units.rubric", &common::Fs).into_rubric().unwrap();
    assert!(r.has_engine(Engine::Compiled));
    // `per EXPR` is scored in decimals; in conditions and band values they run in whole numbers.
    let r = rubric::load("tests/program/whole-units-fixed.rubric", &common::Fs).into_rubric().unwrap();
    assert!(r.has_engine(Engine::Compiled) && r.has_engine(Engine::Fixed));
    let r = rubric::load("tests/check/ok/numbers-like-the-document.rubric", &common::Fs).into_rubric().unwrap();
    assert!(r.has_engine(Engine::Compiled));
}

/// Lists of records read only through derived values run in the compiled program (those values
/// computed by the general evaluator's expressions), which scores most units itself; rules
/// that read a list leave the rubric to the general evaluator.
#[test]
fn lists_read_through_derived_values_are_compiled() {
    let r = rubric::load("tests/program/list-lets.rubric", &common::Fs).into_rubric().unwrap();
    assert!(r.is_compiled());
    let mut own = 0;
    for seed in 0..200 {
        let Ok(s) = r.bind(&unit(&r, "甲", seed)).and_then(|b| r.score_by(&b, Engine::Compiled)) else { continue };
        if s.engine() == Engine::Compiled {
            own += 1;
        }
    }
    assert!(own > 20, "the compiled program scored {own} of 200 units itself");
    let r = rubric::load("tests/program/lists.rubric", &common::Fs).into_rubric().unwrap();
    assert!(!r.is_compiled());
}

/// The JSON written straight from a trace (`Trace::write_json`, what `eval --format json`
/// writes) is, byte for byte, serde_json's pretty JSON of the breakdown rendered from it with
/// its hidden characters escaped (`escape_json`), at the document's indentation too: on every rubric of the corpus (each period's plan for a rubric in
/// periods), for generated units, scored alone or, when the rules compare units, together; and
/// on every shipped facts file beside its rule file. Its compact form
/// (`Trace::write_json_compact`) is serde_json's compact JSON of the same breakdown, escaped.
#[test]
fn the_json_written_from_a_trace_is_the_rendered_breakdowns() {
    let mut written = 0;
    // What the steps written straight from the trace (`eval/trace/json/direct.rs`) write, each
    // seen at least once: the kinds written by hand, their optional fields, and facts with a
    // text of their own or something said beside them.
    let needles = [
        "\"kind\": \"full\"",
        "\"kind\": \"sum\"",
        "\"kind\": \"award\"",
        "\"kind\": \"deduct\"",
        "\"kind\": \"bonus\"",
        "\"kind\": \"floor\"",
        "\"kind\": \"cap\"",
        "\"applied\": false",
        "\"per\": ",
        "\"per_text\": ",
        "\"limited_to\": ",
        "\"uncapped\": true",
        "\"label\": ",
        "\"text\": ",
        "\"aside\": ",
        "\"kind\": \"max_case\"",
        "\"kind\": \"zero\"",
        "\"kind\": \"veto\"",
        "\"kind\": \"on_zero\"",
        "\"bonus\": ",
    ];
    let mut seen = vec![false; needles.len()];
    let mut same = |file: &str, r: &Rubric, units: &[UnitFacts]| {
        let bound: Vec<rubric::Bound> = units.iter().filter_map(|u| r.bind(u).ok()).collect();
        let cohort = r.is_cohort().then(|| r.cohort(&bound));
        for b in &bound {
            let trace = match &cohort {
                Some(c) => r.trace_in(b, c),
                None => r.trace(b),
            };
            let Ok(trace) = trace else { continue };
            let mut out = Vec::new();
            let done = trace.write_json(r, 0, &mut out);
            match trace.render(r) {
                Ok(s) => {
                    done.unwrap_or_else(|e| panic!("{file}, {}: {e}", trace.unit()));
                    let want = serde_json::to_string_pretty(&s).unwrap();
                    let want = rubric_syntax::hidden::escape_json(&want).into_owned();
                    for (k, n) in needles.iter().enumerate() {
                        seen[k] |= want.contains(n);
                    }
                    assert_eq!(String::from_utf8(out).unwrap(), want, "{file}, unit {}", trace.unit());
                    let mut padded = b"xyz".to_vec();
                    trace.write_json(r, 4, &mut padded).unwrap();
                    let want: Vec<String> = want.split('\n').map(|l| format!("    {l}")).collect();
                    assert_eq!(String::from_utf8(padded).unwrap(), format!("xyz{}", want.join("\n")), "{file}");
                    // The compact form: serde_json's compact JSON of the same breakdown.
                    let mut compact = b"xyz".to_vec();
                    trace.write_json_compact(r, &mut compact).unwrap();
                    let want = rubric_syntax::hidden::escape_json(&serde_json::to_string(&s).unwrap()).into_owned();
                    assert_eq!(String::from_utf8(compact).unwrap(), format!("xyz{want}"), "{file}, compact");
                    written += 1;
                }
                Err(_) => {
                    assert!(done.is_err() && out.is_empty(), "{file}: written where it is not rendered");
                    assert!(trace.write_json_compact(r, &mut out).is_err() && out.is_empty(), "{file}: compact");
                }
            }
        }
    };
    for (file, r) in &corpus() {
        let plans: Vec<&Rubric> = if !r.has_periods() { vec![r] } else { r.periods().map(|p| p.rubric()).collect() };
        for r in plans {
            for seed in 0..40 {
                // Units' names with a hidden character, escaped in the JSON.
                let units: Vec<UnitFacts> =
                    (0..5).map(|k| unit(r, &format!("单位{k}“\u{202e}”"), seed * 5 + k)).collect();
                same(file, r, &units);
            }
        }
        let facts = file.replace(".rubric", ".facts.json");
        if let Ok(text) = std::fs::read_to_string(common::root().join(&facts))
            && !r.has_periods()
            && let Ok(units) = rubric::facts::from_json(&text)
        {
            same(&facts, r, &units);
        }
    }
    assert!(written > 2_000, "only {written} breakdowns written");
    let unseen: Vec<&str> = needles.iter().zip(&seen).filter(|(_, s)| !**s).map(|(n, _)| *n).collect();
    assert!(unseen.is_empty(), "never written: {unseen:?}");
}

/// A cohort gathered a batch at a time (`Rubric::gather_cohort`: a file read as a stream, twice
/// for figures over rows' scores) is the cohort of the units bound at once, and scoring and
/// grading in it a batch at a time (`Scoring::in_cohort`, `grades_before_quotas`, then
/// `apply_quotas` across every batch) gives every unit the outcome and grades of the whole
/// batch scored together, on every rubric of the corpus that compares units or has quotas.
#[test]
fn a_cohort_gathered_in_batches_scores_as_the_units_bound_at_once() {
    let mut checked = 0;
    for (file, r) in corpus() {
        if !(r.is_cohort() || r.has_quotas()) || r.has_periods() {
            continue;
        }
        for seed in 0..6u64 {
            let units: Vec<UnitFacts> = (0..37u64).map(|i| unit(&r, &format!("单位{i}"), seed * 1000 + i)).collect();
            let bound: Vec<rubric::Bound> = units.iter().filter_map(|u| r.bind(u).ok()).collect();
            let whole = r.cohort(&bound);
            for size in [1, 5, 37] {
                let mut gather = r.gather_cohort();
                units.chunks(size).for_each(|c| gather.add(c));
                if gather.again() {
                    gather.next_pass();
                    units.chunks(size).for_each(|c| gather.add(c));
                }
                let gathered = gather.finish();
                assert_eq!(gathered, whole, "{file}, seed {seed}, batches of {size}");
                let mut want = r.scoring().units(&units);
                let want_grades = r.grade_batch(&units, &mut want);
                let (mut got, mut before) = (Vec::new(), Vec::new());
                for c in units.chunks(size) {
                    let mut s = r.scoring().in_cohort(&gathered).units(c);
                    before.extend(r.grades_before_quotas(c, &mut s, Some(&gathered)));
                    got.extend(s);
                }
                let got_grades = r.apply_quotas(before);
                let show = |s: &[rubric::Scored]| format!("{:?}", s.iter().map(|s| &s.outcome).collect::<Vec<_>>());
                assert_eq!(show(&got), show(&want), "{file}, seed {seed}, batches of {size}");
                assert_eq!(got_grades, want_grades, "{file}, seed {seed}, batches of {size}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 30, "{checked} rubrics × seeds × batch sizes checked");
}
