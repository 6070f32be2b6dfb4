//! A generator of large, valid rule files: sections of groups of rows with awards, parts, bands, deductions, zeroing and dates.
//!
//! [`rubric_text`] writes a rubric of any number of rows in the style of the seed files (Chinese
//! names and titles, a scoring-standard `text` on every row, metadata on every section), cycling
//! through six kinds of row: all-or-nothing award, parts with `zero when`, a band on a rate
//! with `on zero`, deductions per incident with `zero when`, a per-count award with `max` and a
//! deduction, and a date deadline. Every fact and derived value is read by some row once there
//! are at least a few hundred rows. [`options`] raises the loader's budgets to fit the text.

use std::fmt::Write;

/// Rows per group and groups per section.
const ROWS_PER_GROUP: usize = 10;
const GROUPS_PER_SECTION: usize = 10;

/// A rule file of `rows` scoring rows.
pub fn rubric_text(rows: usize) -> String {
    // Each kind of row comes every 6 rows and walks its pool one fact per row, so pools up to
    // rows / 6 are read whole.
    let bools = rows / 8 + 1;
    let counts = rows / 20 + 1;
    let rates = rows / 50 + 1;
    let dates = rows / 100 + 1;
    let mut s = String::with_capacity(rows * 420);
    let _ = writeln!(s, "// A generated rubric of {rows} rows for the parse and check benchmark.");
    let _ = writeln!(s, "rubric \"生成的绩效考评细则（{rows}行）\" {{");
    let _ = writeln!(s, "  year 2024\n");
    for i in 0..bools {
        let _ = writeln!(s, "  fact 已落实{i}: bool \"第{i}项工作已按要求落实\"");
    }
    for i in 0..counts {
        let _ = writeln!(s, "  fact 不合格件数{i}: count \"第{i}类抽查中不合格的件数\"");
        let _ = writeln!(s, "  fact 报送篇数{i}: count \"第{i}类信息的报送篇数\"");
    }
    for i in 0..rates {
        let _ = writeln!(s, "  fact 完成数{i}: count \"第{i}类任务已完成的件数\"");
        let _ = writeln!(s, "  fact 应完成数{i}: count \"第{i}类任务应完成的件数\"");
        let _ = writeln!(s, "  let 完成率{i} = 完成数{i} / 应完成数{i} on zero => 100% \"无应完成任务视为全部完成\"");
    }
    for i in 0..dates {
        let _ = writeln!(s, "  fact 完成日期{i}: date \"第{i}项任务的完成日期\"");
    }
    let per_section = ROWS_PER_GROUP * GROUPS_PER_SECTION;
    for k in 0..rows {
        let (sec, grp, row) = (k / per_section + 1, k % per_section / ROWS_PER_GROUP + 1, k % ROWS_PER_GROUP + 1);
        if k > 0 && k % ROWS_PER_GROUP == 0 {
            let _ = writeln!(s, "    }}");
        }
        if k > 0 && k % per_section == 0 {
            let _ = writeln!(s, "  }}");
        }
        if k % per_section == 0 {
            let _ = writeln!(s, "\n  section {sec} \"第{sec}部分重点工作\" {{");
            let _ = writeln!(
                s,
                "    lead \"边海军\"\n    office \"办公室\"\n    owner \"李伟春\", \"刘甜\"\n    due 2024-12-31"
            );
        }
        if k % ROWS_PER_GROUP == 0 {
            let _ = writeln!(s, "    group {sec}.{grp} \"第{sec}部分第{grp}项任务\" {{");
        }
        let m = k / 6;
        let b = m % bools;
        let b2 = (m + 1) % bools;
        let c = m % counts;
        let id = format!("{sec}.{grp}.{row}");
        match k % 6 {
            0 => {
                let _ = writeln!(s, "      item {id} \"按时完成第{b}项工作\" max 3 {{");
                let _ = writeln!(s, "        text \"按时完成第{b}项工作，建立工作台账并有效推动落实。(3分)\"");
                let _ = writeln!(s, "        award 3 when 已落实{b} \"按时完成并建立台账\"");
            }
            1 => {
                let _ = writeln!(s, "      item {id} \"分项落实第{b}项工作\" max 1 {{");
                let _ = writeln!(
                    s,
                    "        text \"制定工作方案(0.5分)；建立工作台账(0.5分)；未按要求落实的，分数全部扣除。\""
                );
                let _ = writeln!(s, "        award 0.5 when 已落实{b} \"制定工作方案\"");
                let _ = writeln!(s, "        award 0.5 when 已落实{b2} \"建立工作台账\"");
                let _ = writeln!(s, "        zero when not 已落实{} \"未按要求落实，分数全部扣除\"", (m + 2) % bools);
            }
            2 => {
                let r = m % rates;
                let _ = writeln!(s, "      item {id} \"第{r}类任务完成率\" max 2 {{");
                let _ = writeln!(
                    s,
                    "        text \"完成率在50%(不含)以下本项不得分，50%至65%得1分，65%至90%得1.5分，90%以上得2分。(2分)\""
                );
                let _ = writeln!(s, "        band 完成率{r} {{");
                let _ = writeln!(s, "          [0, 50%)   => 0   \"50%以下不得分\"");
                let _ = writeln!(s, "          [50%, 65%] => 1   \"50%至65%，得1分\"");
                let _ = writeln!(s, "          (65%, 90%] => 1.5 \"65%至90%，得1.5分\"");
                let _ = writeln!(s, "          (90%, ..)  => 2   \"90%以上，得2分\"");
                let _ = writeln!(s, "        }}");
            }
            3 => {
                let _ = writeln!(s, "      item {id} \"第{c}类事项规范办理\" max 1 {{");
                let _ = writeln!(s, "        text \"每有1件不合格的扣0.5分，3件及以上本项不得分。(1分)\"");
                let _ = writeln!(s, "        deduct 0.5 per 不合格件数{c} \"每有1件不合格的扣0.5分\"");
                let _ = writeln!(s, "        zero when 不合格件数{c} >= 3 \"3件及以上本项不得分\"");
            }
            4 => {
                let _ = writeln!(s, "      item {id} \"第{c}类信息报送\" max 2 {{");
                let _ = writeln!(s, "        text \"每报送1篇得0.5分，最高2分；未按时上报的扣1分。(2分)\"");
                let _ = writeln!(s, "        award 0.5 per 报送篇数{c} max 2 \"每篇得0.5分，最高2分\"");
                let _ = writeln!(s, "        deduct 1 when not 已落实{b} \"未按时上报的扣1分\"");
            }
            _ => {
                let d = m % dates;
                let _ = writeln!(s, "      item {id} \"第{d}项任务按期完成\" max 3 {{");
                let _ = writeln!(s, "        due 2024-07-31");
                let _ = writeln!(s, "        text \"7月底前完成第{d}项任务。(3分)\"");
                let _ = writeln!(s, "        award 3 when 完成日期{d} <= 2024-07-31 \"7月底前完成\"");
            }
        }
        let _ = writeln!(s, "      }}");
    }
    if rows > 0 {
        let _ = writeln!(s, "    }}\n  }}");
    }
    let _ = writeln!(s, "}}");
    s
}

/// Loader budgets that fit a generated file of `bytes` bytes and `rows` rows.
pub fn options(bytes: usize, rows: usize) -> rubric::Options {
    let mut o = rubric::Options::default();
    o.limits.max_bytes = o.limits.max_bytes.max(bytes + 1);
    o.limits.max_lines = o.limits.max_lines.max(rows * 12 + 1000);
    o.max_nodes = o.max_nodes.max(rows * 2 + 100);
    o.max_facts = o.max_facts.max(rows + 100);
    o
}
