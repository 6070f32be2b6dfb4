#![no_main]
//! Arbitrary bytes as a facts file in every format — JSON (if UTF-8), CSV bytes (BOM, CRLF,
//! GBK detection), TOML (if UTF-8) and JSON lines — then every unit read is bound to fixed
//! rubrics and scored, and hints computed: a small inline rubric with one fact of every type,
//! the county-2021 cemetery rubric (with its import), and the wushen-2024 rubric (whose facts
//! are the seed files). Every error is rendered through miette.
//!
//! The readers run on a thread with a 512 KiB stack (`score` reads on a thread of its pool),
//! with the default budgets and with small ones, and the text is also read with its first
//! bracket amplified into a nesting up to 4,000 deep (`[`, `{a=`, `{"a":` or `[1,`, picked by
//! the first byte, the depth by the second), so that nesting deep enough to overflow a parser
//! that recurses is tried on every run.

use libfuzzer_sys::fuzz_target;
use rubric::{FactsError, Rubric, UnitFacts};
use std::sync::OnceLock;

#[path = "common.rs"]
mod common;

const SMALL: &str = r#"
rubric "小表" max 20 {
  year 2024
  fact 次数: count "发生次数"
  fact 金额: number in [0, 1000]
  fact 完成率: percent
  fact 超额率: percent in [0%, 150%]
  fact 完成: bool
  fact 日期: date
  fact 评分: points
  let 人均 = 金额 / 次数 on zero => 0%
  let 严格 = 金额 / 次数 on zero => error
  section 一 "一" max 20 {
    item 一.1 "带" max 4 {
      band 完成率 { [0%, 60%) => 0  [60%, 90%) => 2 "中"  [90%, 100%] => 4 }
    }
    item 一.2 "扣" max 4 {
      due 2024-12-31
      award 2 when 完成 and 日期 <= 2024-07-31 "按时"
      award 0.5 per 次数 when 次数 <= 4 max 2
      deduct 0.25 per 次数 when 次数 > 4 "每次扣0.25分"
      zero when 次数 >= 100
      round 2 四舍五入
    }
    item 一.3 "算" max 4 {
      score min(3, 金额 * 0.003)
      award 1 when 人均 > 5000%
      bonus 0.5 when 严格 > 100% and 超额率 > 100%
      bonus_cap 1
      round 1 half_even
    }
    item 一.4 "评" max 4 { judged 评分 }
    item 一.5 "比" max 4 {
      score 4 * min(超额率, 100%)
      veto when 金额 > 999 "一票否决"
    }
  }
}
"#;

const CEMETERY: &str = include_str!("../../rules/county-2021/cemetery.rubric");
const WUSHEN: &str = include_str!("../../rules/wushen-2024.rubric");
const CN2024: &str = include_str!("../../rules/calendars/cn-2024.rubric");

fn rubrics() -> &'static [Rubric] {
    static R: OnceLock<Vec<Rubric>> = OnceLock::new();
    R.get_or_init(|| {
        let loader = common::loader(SMALL)
            .with("rules/county-2021/cemetery.rubric", CEMETERY)
            .with("rules/county-2021/shared/innovation.rubric", common::INNOVATION)
            .with("rules/wushen-2024.rubric", WUSHEN)
            .with("rules/calendars/cn-2024.rubric", CN2024);
        ["main.rubric", "rules/county-2021/cemetery.rubric", "rules/wushen-2024.rubric"]
            .iter()
            .map(|p| {
                let load = rubric::load(p, &loader);
                match load.rubric().cloned() {
                    Some(r) => r,
                    None => panic!("fixed rubric {p} does not check: {:?}", load.report.diagnostics),
                }
            })
            .collect()
    })
}

fn score(units: Result<Vec<UnitFacts>, FactsError>) {
    match units {
        Ok(units) => {
            for unit in units.iter().take(16) {
                for r in rubrics() {
                    match r.evaluate(unit) {
                        Ok(s) => {
                            for h in rubric::analysis::explain::hints(r, unit, &s).expect("hints of a scored unit") {
                                let _ = rubric::render::Render::new(rubric::Lang::Zh).hint(&h);
                            }
                        }
                        Err(e) => {
                            common::render_error(&e);
                        }
                    }
                }
            }
        }
        Err(e) => {
            common::render_error(&e);
        }
    }
}

/// The text with its first `[` or `{` replaced by a nesting of a pattern picked by the first
/// byte, as deep as the second byte says (up to 4,081 levels).
fn amplified(text: &str, data: &[u8]) -> Option<String> {
    let at = text.find(['[', '{'])?;
    let pattern = ["[", "{a=", "{\"a\":", "[1,"][usize::from(*data.first()?) % 4];
    let depth = 1 + usize::from(*data.get(1)?) * 16;
    Some(format!("{}{}{}", &text[..at], pattern.repeat(depth), &text[at + 1..]))
}

fn read_all(data: &[u8]) {
    use rubric::facts::FactsLimits;
    let limits = FactsLimits::default();
    let small = FactsLimits { max_bytes: 4096, max_row_bytes: 256, max_depth: 3, max_records: 16 };
    if let Ok(text) = std::str::from_utf8(data) {
        score(rubric::facts::from_json(text));
        score(rubric::from_toml(text));
        score(rubric::facts::from_json_with(text, &small));
        score(rubric::facts::toml::from_toml_with(text, &small));
        if let Some(deep) = amplified(text, data) {
            score(rubric::facts::from_json(&deep));
            score(rubric::from_toml(&deep));
            score(rubric::facts::json_lines(deep.as_bytes(), &limits).collect());
        }
    }
    score(rubric::from_csv_bytes(data));
    score(rubric::facts::csv::from_csv_with(data, &small));
    score(rubric::facts::json_lines(data, &limits).collect());
    score(rubric::facts::json_lines(data, &small).collect());
}

fuzz_target!(|data: &[u8]| {
    let _ = rubrics();
    let data = data.to_vec();
    let reader = std::thread::Builder::new().stack_size(512 * 1024).spawn(move || read_all(&data));
    if let Ok(Err(panic)) = reader.map(std::thread::JoinHandle::join) {
        std::panic::resume_unwind(panic);
    }
});
