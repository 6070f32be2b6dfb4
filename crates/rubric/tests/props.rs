//! Properties over generated rubrics and facts: scores stay within their bounds, a total is the
//! exact sum of its parts, the formatter is idempotent and keeps the tree, and scoring does not
//! depend on the order of facts or of units.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use proptest::prelude::*;
use rubric::{MemoryLoader, Raw, Rubric, UnitFacts};
use rust_decimal::Decimal;

/// A scoring rule of a generated item, in tenths of a point.
#[derive(Debug, Clone)]
enum GRule {
    /// Bands on `完成率` at these boundaries (percent), with these points (tenths).
    Band(Vec<u32>, Vec<u32>),
    /// `award P when 完成{k}`.
    Award(u32, usize),
    /// `deduct P per 次数{k}`.
    DeductPer(u32, usize),
    /// `deduct P when 完成{k}`.
    DeductWhen(u32, usize),
    /// `zero when 次数{k} >= N`.
    Zero(usize, u32),
}

#[derive(Debug, Clone)]
struct GItem {
    max: u32,
    rules: Vec<GRule>,
}

fn tenths(n: u32) -> String {
    Decimal::new(i64::from(n), 1).normalize().to_string()
}

fn rule() -> impl Strategy<Value = GRule> {
    prop_oneof![
        (prop::collection::btree_set(1u32..100, 1..4), prop::collection::vec(0u32..60, 4))
            .prop_map(|(b, p)| GRule::Band(b.into_iter().collect(), p)),
        (1u32..40, 0usize..3).prop_map(|(p, k)| GRule::Award(p, k)),
        (1u32..20, 0usize..3).prop_map(|(p, k)| GRule::DeductPer(p, k)),
        (1u32..30, 0usize..3).prop_map(|(p, k)| GRule::DeductWhen(p, k)),
        (0usize..3, 1u32..8).prop_map(|(k, n)| GRule::Zero(k, n)),
    ]
}

fn items() -> impl Strategy<Value = Vec<Vec<GItem>>> {
    let item = (1u32..60, prop::collection::vec(rule(), 0..4)).prop_map(|(max, rules)| GItem { max, rules });
    prop::collection::vec(prop::collection::vec(item, 1..4), 1..4)
}

/// The rule file of a generated rubric. Band points and awards are kept within the item's max.
fn render(sections: &[Vec<GItem>]) -> String {
    let mut out = String::from("rubric \"生成\" {\n  fact 完成率: percent\n");
    for k in 0..3 {
        out.push_str(&format!("  fact 次数{k}: count\n  fact 完成{k}: bool\n"));
    }
    for (si, items) in sections.iter().enumerate() {
        out.push_str(&format!("  section s{si} \"部分{si}\" {{\n"));
        for (ii, it) in items.iter().enumerate() {
            out.push_str(&format!("    item s{si}.{ii} \"行\" max {} {{\n", tenths(it.max)));
            for r in &it.rules {
                let line = match r {
                    GRule::Band(bounds, points) => {
                        let mut arms = Vec::new();
                        let mut lo = "0".to_string();
                        for (i, b) in bounds.iter().enumerate() {
                            arms.push(format!("[{lo}, {b}%) => {}", tenths(points[i].min(it.max))));
                            lo = format!("{b}%");
                        }
                        arms.push(format!("[{lo}, ..) => {}", tenths(points[bounds.len()].min(it.max))));
                        format!("band 完成率 {{ {} }}", arms.join("  "))
                    }
                    GRule::Award(p, k) => format!("award {} when 完成{k}", tenths((*p).min(it.max))),
                    GRule::DeductPer(p, k) => format!("deduct {} per 次数{k}", tenths(*p)),
                    GRule::DeductWhen(p, k) => format!("deduct {} when 完成{k}", tenths(*p)),
                    GRule::Zero(k, n) => format!("zero when 次数{k} >= {n}"),
                };
                out.push_str(&format!("      {line}\n"));
            }
            out.push_str("    }\n");
        }
        out.push_str("  }\n");
    }
    out.push_str("}\n");
    out
}

fn load(text: &str) -> Rubric {
    let load = rubric::load("g.rubric", &MemoryLoader::new().with("g.rubric", text));
    let errors: Vec<String> = load.report.errors().map(|d| d.message.clone()).collect();
    assert!(errors.is_empty(), "generated rubric does not check: {errors:?}\n{text}");
    load.into_rubric().unwrap()
}

fn facts() -> impl Strategy<Value = Vec<(String, Raw)>> {
    (0u32..=10000, prop::collection::vec(0u32..12, 3), prop::collection::vec(any::<bool>(), 3)).prop_map(
        |(p, counts, flags)| {
            let mut v =
                vec![("完成率".to_string(), Raw::Text(format!("{}%", Decimal::new(i64::from(p), 2).normalize())))];
            for k in 0..3 {
                v.push((format!("次数{k}"), Raw::Number(counts[k].to_string())));
                v.push((format!("完成{k}"), Raw::Bool(flags[k])));
            }
            v
        },
    )
}

fn unit(name: &str, values: Vec<(String, Raw)>) -> UnitFacts {
    UnitFacts { unit: name.to_string(), period: None, values, places: Vec::new() }
}

/// A tree of node results without spans, for comparing parses.
fn shape(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) if m.len() == 2 && m.contains_key("start") && m.contains_key("end") => {
            serde_json::Value::Null
        }
        serde_json::Value::Object(m) => serde_json::Value::Object(
            m.into_iter().filter(|(k, _)| k != "span" && k != "head").map(|(k, v)| (k, shape(v))).collect(),
        ),
        serde_json::Value::Array(a) => serde_json::Value::Array(a.into_iter().map(shape).collect()),
        other => other,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Without `floor`, `cap` or bonus, every node scores within [0, max], and a parent without
    /// rules of its own scores exactly the sum of its children.
    #[test]
    fn scores_stay_within_bounds_and_totals_are_exact_sums(sections in items(), values in facts()) {
        let r = load(&render(&sections));
        let s = r.evaluate(&unit("甲", values)).unwrap();
        for n in s.nodes() {
            prop_assert!(n.score >= Decimal::ZERO && n.score <= n.max, "{} scored {} of {}", n.id, n.score, n.max);
            if !n.children.is_empty() {
                let sum: Decimal = n.children.iter().map(|c| c.score).sum();
                prop_assert_eq!(n.score, sum.normalize(), "{}", n.id);
            }
        }
        let sum: Decimal = s.children.iter().map(|c| c.score).sum();
        prop_assert_eq!(s.score, sum.normalize());
        prop_assert!(s.score <= s.max);
    }

    /// The order of a unit's facts, and of the units, changes nothing.
    #[test]
    fn scoring_does_not_depend_on_order(sections in items(), a in facts(), b in facts(), seed in any::<u64>()) {
        let r = load(&render(&sections));
        let mut shuffled = a.clone();
        // A deterministic shuffle from the seed.
        let n = shuffled.len();
        for i in (1..n).rev() {
            let j = (seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64) >> 33) as usize % (i + 1);
            shuffled.swap(i, j);
        }
        let first = r.evaluate(&unit("甲", a.clone())).unwrap();
        let again = r.evaluate(&unit("甲", shuffled)).unwrap();
        prop_assert_eq!(&first, &again);
        let units = [unit("甲", a), unit("乙", b)];
        let forward: Vec<_> = units.iter().map(|u| r.evaluate(u).unwrap()).collect();
        let backward: Vec<_> = units.iter().rev().map(|u| r.evaluate(u).unwrap()).collect();
        prop_assert_eq!(&forward[0], &backward[1]);
        prop_assert_eq!(&forward[1], &backward[0]);
    }

    /// Formatting twice changes nothing, and the formatted file parses to the same tree.
    #[test]
    fn fmt_is_idempotent_and_keeps_the_tree(sections in items(), squeeze in any::<bool>()) {
        let mut text = render(&sections);
        if squeeze {
            // A messy layout of the same rubric: one line, odd spacing.
            text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        let once = rubric_syntax::format(&text).unwrap();
        let twice = rubric_syntax::format(&once).unwrap();
        prop_assert_eq!(&once, &twice);
        let before = shape(serde_json::to_value(rubric_syntax::parse(&text).file).unwrap());
        let after = shape(serde_json::to_value(rubric_syntax::parse(&once).file).unwrap());
        prop_assert_eq!(before, after);
    }
}

/// The facts of a unit for any rubric, generated from its declared facts: counts, numbers,
/// points, percents with two decimals, yes/no and dates, each from a seed.
fn any_unit(r: &Rubric, name: &str, seed: u64) -> UnitFacts {
    let mut x = seed | 1;
    let mut next = move |m: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % m
    };
    let mut u = UnitFacts::new(name);
    for f in r.facts() {
        let raw = match f.ty() {
            rubric_syntax::ast::FactType::Count => Raw::Number(next(12).to_string()),
            rubric_syntax::ast::FactType::Number => Raw::Number(next(3000).to_string()),
            rubric_syntax::ast::FactType::Points => Raw::Number(Decimal::new(next(31) as i64, 1).to_string()),
            rubric_syntax::ast::FactType::Percent => Raw::Text(format!("{}%", Decimal::new(next(10001) as i64, 2))),
            rubric_syntax::ast::FactType::Bool => Raw::Bool(next(2) == 0),
            rubric_syntax::ast::FactType::Kind => Raw::Text(f.names()[next(f.names().len() as u64) as usize].clone()),
            rubric_syntax::ast::FactType::Date => {
                let d = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(next(400));
                Raw::Text(d.to_string())
            }
            rubric_syntax::ast::FactType::List => Raw::Records(Vec::new()),
        };
        u.values.push((f.name().to_string(), raw));
    }
    u
}

/// Score-only and explained scoring of one unit give the same total, the same score for every
/// node, or the same error.
fn same_numbers(r: &Rubric, u: &UnitFacts) -> Result<(), TestCaseError> {
    let explained = r.evaluate(u);
    let scored = r.bind(u).and_then(|b| r.score(&b));
    match (explained, scored) {
        (Ok(e), Ok(s)) => {
            prop_assert_eq!(e.score, s.total(), "total of {}", u.unit);
            for (i, n) in r.nodes().enumerate().skip(1) {
                let shown = e.node(n.id()).map(|x| x.score);
                prop_assert_eq!(shown, s.node(i), "node {} of {}", n.id(), u.unit);
            }
        }
        (Err(e), Err(s)) => prop_assert_eq!(e.to_string(), s.to_string()),
        (e, s) => prop_assert!(false, "explained {:?} but score-only {:?}", e.map(|x| x.score), s.map(|x| x.total())),
    }
    Ok(())
}

fn shipped(path: &str) -> Rubric {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path);
    let text = std::fs::read_to_string(&root).unwrap();
    let dir = root.parent().unwrap().to_path_buf();
    let mut loader = MemoryLoader::new().with(path, text);
    for shared in ["shared/innovation.rubric", "calendars/cn-2024.rubric"] {
        if let Ok(t) = std::fs::read_to_string(dir.join(shared)) {
            let p = std::path::Path::new(path).parent().unwrap().join(shared);
            loader = loader.with(p.to_string_lossy().as_ref(), t);
        }
    }
    let load = rubric::load(path, &loader);
    assert!(load.report.errors().next().is_none(), "{path} does not check");
    load.into_rubric().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The explained path and the score-only path agree on every generated unit of every
    /// generated rubric.
    #[test]
    fn explained_and_score_only_agree_on_generated_rubrics(sections in items(), values in facts()) {
        let r = load(&render(&sections));
        same_numbers(&r, &unit("甲", values))?;
    }

    /// … and on units generated for the shipped rubrics, errors included.
    #[test]
    fn explained_and_score_only_agree_on_the_shipped_rubrics(seed in any::<u64>()) {
        static SHIPPED: std::sync::OnceLock<Vec<Rubric>> = std::sync::OnceLock::new();
        let rubrics = SHIPPED.get_or_init(|| {
            ["rules/wushen-2024.rubric", "rules/county-2021/cemetery.rubric"].map(shipped).to_vec()
        });
        for r in rubrics {
            same_numbers(r, &any_unit(r, "甲", seed))?;
        }
    }
}

/// Batch scoring returns every unit's result in input order, equal to scoring one by one.
#[test]
fn batch_scoring_keeps_input_order() {
    let r = shipped("rules/wushen-2024.rubric");
    let units: Vec<UnitFacts> = (0..500).map(|i| any_unit(&r, &format!("单位{i}"), i * 7919 + 1)).collect();
    let batch = r.score_units(&units);
    assert_eq!(batch.len(), units.len());
    let mut scored = 0;
    for (u, got) in units.iter().zip(&batch) {
        let one = r.bind(u).and_then(|b| r.score(&b));
        match (got, one) {
            (Ok(g), Ok(o)) => {
                assert_eq!(*g, o, "{}", u.unit);
                scored += 1;
            }
            (Err(g), Err(o)) => assert_eq!(g.to_string(), o.to_string()),
            (g, o) => panic!("{}: batch {g:?} but alone {o:?}", u.unit),
        }
    }
    assert!(scored > 250, "most generated units score ({scored} of 500)");
}
