//! `rulecheck` as a user runs it: snapshots of stdout, stderr and the exit code.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rulecheck() -> Command {
    let mut c = Command::new(get_cargo_bin("rulecheck"));
    c.current_dir(root()).env("NO_COLOR", "1").arg("--color").arg("never");
    no_locale(&mut c);
    c
}

/// No locale: the machine's does not choose the language of a test's output (see `--lang`).
fn no_locale(c: &mut Command) -> &mut Command {
    c.env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("LANG")
}

fn rel(p: &Path) -> String {
    p.canonicalize().unwrap().strip_prefix(root().canonicalize().unwrap()).unwrap().to_string_lossy().replace('\\', "/")
}

#[test]
fn eval_text_for_every_example_facts_file() {
    insta::glob!("../../../rules", "**/*.facts.json", |path| {
        let facts = rel(path);
        let rules = facts.replace(".facts.json", ".rubric");
        assert_cmd_snapshot!(rulecheck().args(["eval", &rules, &facts]));
    });
}

#[test]
fn eval_json_for_one_unit() {
    assert_cmd_snapshot!(rulecheck().args([
        "eval",
        "rules/county-2021/cemetery.rubric",
        "rules/county-2021/cemetery.facts.json",
        "--unit",
        "县革命烈士陵园管理中心",
        "--format",
        "json"
    ]));
}

#[test]
fn check_the_shipped_rules() {
    assert_cmd_snapshot!(rulecheck().args([
        "check",
        "rules/wushen-2024.rubric",
        "rules/county-2021/service-center.rubric",
        "rules/county-2021/cemetery.rubric",
        "rules/county-2021/retired-cadres.rubric"
    ]));
}

#[test]
fn check_a_broken_rule_file_exits_2_with_located_errors() {
    assert_cmd_snapshot!(rulecheck().args([
        "check",
        "tests/check/err/unknown-name.rubric",
        "tests/parse/err/several-errors.rubric"
    ]));
}

#[test]
fn eval_reports_bad_facts_by_unit_and_fact() {
    let dir = std::env::temp_dir().join("rulecheck-cli-test");
    std::fs::create_dir_all(&dir).unwrap();
    let facts = dir.join("bad.facts.json");
    std::fs::write(&facts, r#"{"units": [{"unit": "甲", "facts": {"重点任务": "很好", "工作创新": 4}}]}"#).unwrap();
    let mut cmd = rulecheck();
    cmd.args(["eval", "rules/county-2021/cemetery.rubric"]).arg(&facts);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("unit `甲`"), "{err}");
    assert!(err.contains("fact `重点任务`: expected a number, found \"很好\""), "{err}");
    assert!(err.contains("missing fact `提质增效`"), "{err}");
}

#[test]
fn eval_of_an_unknown_unit_lists_the_units() {
    assert_cmd_snapshot!(rulecheck().args([
        "eval",
        "rules/wushen-2024.rubric",
        "rules/wushen-2024.facts.json",
        "--unit",
        "不存在"
    ]));
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let file = "tests/check/warn/unused-fact.rubric";
    let plain = rulecheck().args(["check", file]).output().unwrap();
    assert_eq!(plain.status.code(), Some(0), "{}", String::from_utf8_lossy(&plain.stderr));
    let denied = rulecheck().args(["check", "--deny-warnings", file]).output().unwrap();
    assert_eq!(denied.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&denied.stderr).contains("rubric::unused-fact"));
}

#[test]
fn explain_one_row_shows_every_band_and_what_would_raise_it() {
    assert_cmd_snapshot!(rulecheck().args([
        "explain",
        "rules/wushen-2024.rubric",
        "rules/wushen-2024.facts.json",
        "--unit",
        "鄂托克旗",
        "--item",
        "六.2"
    ]));
}

#[test]
fn explain_a_whole_unit() {
    assert_cmd_snapshot!(rulecheck().args([
        "explain",
        "rules/wushen-2024.rubric",
        "rules/wushen-2024.facts.json",
        "--unit",
        "达拉特旗"
    ]));
}

#[test]
fn explain_json_for_one_row() {
    assert_cmd_snapshot!(rulecheck().args([
        "explain",
        "rules/wushen-2024.rubric",
        "rules/wushen-2024.facts.json",
        "--unit",
        "鄂托克旗",
        "--item",
        "六.2.4",
        "--format",
        "json"
    ]));
}

#[test]
fn whatif_for_two_units() {
    for unit in ["鄂托克旗", "乌审旗"] {
        insta::with_settings!({ snapshot_suffix => unit }, {
            assert_cmd_snapshot!(rulecheck().args([
                "whatif",
                "rules/wushen-2024.rubric",
                "rules/wushen-2024.facts.json",
                "--unit",
                unit
            ]));
        });
    }
}

#[test]
fn whatif_at_an_open_band_edge_and_just_past_it() {
    for (unit, suffix) in [("恰为90%", "exactly-90"), ("90.01%", "just-above-90"), ("恰为50%", "exactly-50")] {
        insta::with_settings!({ snapshot_suffix => suffix }, {
            assert_cmd_snapshot!(rulecheck().args([
                "whatif",
                "tests/cli/whatif-edge.rubric",
                "tests/cli/whatif-edge.facts.json",
                "--unit",
                unit
            ]));
        });
    }
}

#[test]
fn whatif_json_with_a_limit() {
    assert_cmd_snapshot!(rulecheck().args([
        "whatif",
        "rules/wushen-2024.rubric",
        "rules/wushen-2024.facts.json",
        "--unit",
        "鄂托克旗",
        "--limit",
        "2",
        "--format",
        "json"
    ]));
}

#[test]
fn whatif_needs_a_unit_when_the_facts_file_has_several() {
    assert_cmd_snapshot!(rulecheck().args(["whatif", "rules/wushen-2024.rubric", "rules/wushen-2024.facts.json"]));
}

#[test]
fn rank_in_every_format() {
    for format in ["text", "markdown", "csv", "json"] {
        insta::with_settings!({ snapshot_suffix => format }, {
            assert_cmd_snapshot!(rulecheck().args(["rank", "rules/wushen-2024.rubric", "rules/wushen-2024.facts.json", "--format", format]));
        });
    }
}

#[test]
fn points_lost_by_owner() {
    assert_cmd_snapshot!(rulecheck().args([
        "eval",
        "rules/wushen-2024.rubric",
        "rules/wushen-2024.facts.json",
        "--unit",
        "杭锦旗",
        "--by",
        "owner"
    ]));
}

#[test]
fn points_lost_by_owner_as_json() {
    assert_cmd_snapshot!(rulecheck().args([
        "eval",
        "rules/county-2021/service-center.rubric",
        "rules/county-2021/service-center.facts.json",
        "--by",
        "owner",
        "--format",
        "json"
    ]));
}

#[test]
fn a_failing_test_is_reported_with_expected_and_actual() {
    assert_cmd_snapshot!(rulecheck().args(["test", "tests/cli/failing-test.rubric"]));
}

#[test]
fn diagnostics_as_json_lines() {
    assert_cmd_snapshot!(rulecheck().args([
        "--error-format",
        "json",
        "check",
        "tests/check/err/several-problems-1.rubric"
    ]));
}

#[test]
fn serve_refuses_another_address_without_a_token() {
    assert_cmd_snapshot!(
        rulecheck().args(["serve", "--rules", "rules", "--addr", "0.0.0.0:0"]).env_remove("RULECHECK_TOKEN")
    );
    assert_cmd_snapshot!(
        "serve_in_chinese",
        rulecheck().args(["--lang", "zh", "serve", "--addr", "0.0.0.0:0"]).env_remove("RULECHECK_TOKEN")
    );
    assert_cmd_snapshot!(
        "serve_without_its_rules_folder",
        rulecheck().args(["serve", "--rules", "no/such/folder", "--addr", "127.0.0.1:0"])
    );
}

#[test]
fn help_shows_examples_and_exit_codes() {
    assert_cmd_snapshot!(rulecheck().arg("--help"));
    for cmd in ["check", "eval", "explain", "rank", "test", "fmt", "template", "whatif", "serve", "import"] {
        let out = rulecheck().args([cmd, "--help"]).output().unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(help.contains("Examples:\n  rulecheck"), "`{cmd} --help` has no examples:\n{help}");
    }
}

#[test]
fn no_panic_on_a_closed_pipe() {
    use std::process::Stdio;
    let mut child = rulecheck()
        .args(["eval", "rules/wushen-2024.rubric", "rules/wushen-2024.facts.json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn template_in_both_formats() {
    for format in ["csv", "json"] {
        insta::with_settings!({ snapshot_suffix => format }, {
            assert_cmd_snapshot!(rulecheck().args([
                "template",
                "rules/county-2021/cemetery.rubric",
                "--unit",
                "县革命烈士陵园管理中心",
                "--format",
                format
            ]));
        });
    }
}

#[test]
fn eval_reads_an_excel_csv_export_like_the_json() {
    let csv = rulecheck()
        .args(["eval", "rules/wushen-2024.rubric", "tests/facts/wushen-2024.csv", "--format", "json"])
        .output()
        .unwrap();
    let json = rulecheck()
        .args(["eval", "rules/wushen-2024.rubric", "rules/wushen-2024.facts.json", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(csv.status.code(), Some(0), "{}", String::from_utf8_lossy(&csv.stderr));
    assert_eq!(String::from_utf8(csv.stdout).unwrap(), String::from_utf8(json.stdout).unwrap());
}

#[test]
fn a_bad_csv_cell_is_named_by_row_and_column() {
    let dir = std::env::temp_dir().join("rulecheck-cli-csv");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.csv");
    std::fs::write(&path, "\u{feff}单位,重点任务,工作创新,提质增效,争先进位,创新服务质量\r\n甲,3,很好,4,4,4\r\n")
        .unwrap();
    let out = rulecheck().args(["eval", "rules/county-2021/cemetery.rubric"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("fact `工作创新 (row 2, column C)`: expected a number, found \"很好\""), "{err}");
}

#[test]
fn rank_gives_equal_totals_the_same_place() {
    assert_cmd_snapshot!(rulecheck().args(["rank", "rules/county-2021/cemetery.rubric", "tests/cli/ties.facts.json"]));
}

#[test]
fn rank_scores_rows_compared_across_units_for_all_units_first() {
    // 丁 does not do the work: its 三.2 is the average of the four units that do (3.25).
    assert_cmd_snapshot!(rulecheck().args(["rank", "tests/program/row-cohort.rubric", "tests/cli/row-cohort.csv"]));
    assert_cmd_snapshot!(rulecheck().args([
        "eval",
        "tests/program/row-cohort.rubric",
        "tests/cli/row-cohort.csv",
        "--unit",
        "丁"
    ]));
}

#[test]
fn eval_reads_toml_facts_exactly() {
    assert_cmd_snapshot!(rulecheck().args(["eval", "rules/county-2021/cemetery.rubric", "tests/cli/units.facts.toml"]));
}

#[test]
fn fmt_check_reports_unformatted_files_and_refuses_broken_ones() {
    assert_cmd_snapshot!(rulecheck().args(["fmt", "--check", "tests/cli/unformatted.rubric", "rules/"]));
    let broken = rulecheck().args(["fmt", "--check", "tests/parse/err/several-errors.rubric"]).output().unwrap();
    assert_eq!(broken.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("left as it is, because of the errors above"));
}

#[test]
fn fmt_rewrites_a_messy_copy_into_the_canonical_layout() {
    let dir = std::env::temp_dir().join("rulecheck-cli-fmt");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("messy.rubric");
    std::fs::copy(root().join("tests/cli/unformatted.rubric"), &path).unwrap();
    let first = rulecheck().arg("fmt").arg(&path).output().unwrap();
    assert_eq!(first.status.code(), Some(0));
    let formatted = std::fs::read_to_string(&path).unwrap();
    let expected = rubric_syntax_format(&std::fs::read_to_string(root().join("tests/cli/unformatted.rubric")).unwrap());
    assert_eq!(formatted, expected);
    let again = rulecheck().args(["fmt", "--check"]).arg(&path).output().unwrap();
    assert_eq!(again.status.code(), Some(0), "formatting twice changes nothing");
}

fn rubric_syntax_format(src: &str) -> String {
    rubric_syntax::format(src).unwrap()
}

#[test]
fn a_file_with_hundreds_of_broken_lines_shows_the_first_hundred() {
    let dir = std::env::temp_dir().join("rulecheck-cli-many");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("many.rubric");
    let body: String = (0..150).map(|i| format!("  deduct 0.5 pre 次数{i}\n")).collect();
    std::fs::write(&path, format!("rubric \"r\" {{\n  item 一 \"行\" max 1 {{\n{body}  }}\n}}\n")).unwrap();
    let out = rulecheck().arg("check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.matches("rubric::syntax").count(), 100, "{err}");
    assert!(err.contains("… 50 more problems not shown"), "{err}");
    assert!(err.contains("150 errors, 0 warnings"), "{err}");
    let json = rulecheck().args(["--error-format", "json", "check"]).arg(&path).output().unwrap();
    assert_eq!(String::from_utf8(json.stderr).unwrap().lines().filter(|l| l.starts_with('{')).count(), 150);
}

#[test]
fn score_many_units_as_csv_and_json_lines() {
    assert_cmd_snapshot!(rulecheck().args(["score", "rules/wushen-2024.rubric", "rules/wushen-2024.facts.json"]));
    insta::with_settings!({ snapshot_suffix => "rows" }, {
        assert_cmd_snapshot!(rulecheck().args([
            "score", "rules/county-2021/cemetery.rubric", "rules/county-2021/cemetery.facts.json", "--rows", "--format", "jsonl"
        ]));
    });
}

#[test]
fn score_streams_a_table_and_reports_a_bad_unit_without_losing_the_others() {
    // The second unit's 应核查数 is `两百`: it gets an error row, the others are scored, exit 2.
    assert_cmd_snapshot!(rulecheck().args([
        "score",
        "rules/wushen-2024.rubric",
        "tests/cli/stream.csv",
        "--threads",
        "2",
        "--chunk",
        "1"
    ]));
}

#[test]
fn score_streams_a_table_with_its_list_table_as_the_json_file_scores() {
    // 六.2.2's payments are a list: `score` reads `wushen-2024.抚恤发放.csv` (next to the table, or
    // named with --list) before it streams the units, and gives each unit its rows.
    let run = |args: &[&str]| {
        let out = rulecheck().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    };
    let (json, _) = run(&["score", "rules/wushen-2024.rubric", "rules/wushen-2024.facts.json", "--rows"]);
    let (csv, note) =
        run(&["score", "rules/wushen-2024.rubric", "tests/facts/wushen-2024.csv", "--rows", "--chunk", "2"]);
    assert_eq!(csv, json);
    assert!(note.contains("tests/facts/wushen-2024.抚恤发放.csv"), "{note}");
    let (named, _) = run(&[
        "score",
        "rules/wushen-2024.rubric",
        "tests/facts/wushen-2024.csv",
        "--rows",
        "--list",
        "抚恤发放=tests/facts/wushen-2024.抚恤发放.csv",
    ]);
    assert_eq!(named, json);
    assert!(json.contains("鄂托克旗,82.7,"), "{json}");
}

#[test]
fn score_reports_a_list_row_for_a_unit_the_stream_did_not_give() {
    let dir = std::env::temp_dir().join("rulecheck-cli-score-list-stray");
    std::fs::create_dir_all(&dir).unwrap();
    let list = dir.join("payments.csv");
    std::fs::write(&list, "单位,月份,发放日期\n乌审旗,1,2024-01-19\n乌审其,2,2024-02-20\n").unwrap();
    let out = rulecheck()
        .args(["score", "rules/wushen-2024.rubric", "tests/cli/stream.csv", "--list"])
        .arg(format!("抚恤发放={}", list.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("row 3, column A: unit `乌审其` is not in the facts file (did you"), "{err}");
    // The units the stream gave are scored: 乌审旗 with one payment (11 months unpaid: 1 point off).
    let scores = String::from_utf8(out.stdout).unwrap();
    assert!(scores.contains("乌审旗,98,"), "{scores}");
}

#[test]
fn score_stops_at_a_broken_json_line_naming_it() {
    // Line 4 is not JSON: the units before it are written, then the error names line 4.
    assert_cmd_snapshot!(rulecheck().args([
        "score",
        "rules/wushen-2024.rubric",
        "tests/cli/stream.jsonl",
        "--format",
        "jsonl"
    ]));
}

#[test]
fn units_scored_against_each_other_show_the_cohort_figures() {
    // 准格尔旗 shares 4th place on 核查完成率 with 达拉特旗; --unit picks the unit shown, the
    // cohort is every unit of the facts file.
    assert_cmd_snapshot!(rulecheck().args([
        "explain",
        "rules/ordos-2024/ranking.rubric",
        "rules/ordos-2024/ranking.facts.json",
        "--unit",
        "准格尔旗"
    ]));
    insta::with_settings!({ snapshot_suffix => "rank" }, {
        assert_cmd_snapshot!(rulecheck().args(["rank", "rules/ordos-2024/ranking.rubric", "rules/ordos-2024/ranking.facts.json"]));
    });
}

#[test]
fn diff_2023_and_2024_for_every_unit() {
    assert_cmd_snapshot!(rulecheck().args([
        "diff",
        "rules/wushen-2023.rubric",
        "rules/wushen-2024.rubric",
        "rules/wushen-2024.facts.json"
    ]));
}

#[test]
fn diff_one_unit_in_every_format() {
    for format in ["text", "markdown", "json"] {
        insta::with_settings!({ snapshot_suffix => format }, {
            assert_cmd_snapshot!(rulecheck().args([
                "diff",
                "rules/wushen-2023.rubric",
                "rules/wushen-2024.rubric",
                "rules/wushen-2024.facts.json",
                "--unit",
                "鄂托克旗",
                "--format",
                format
            ]));
        });
    }
}

#[test]
fn diff_all_lists_unchanged_rows_too() {
    let out = rulecheck()
        .args([
            "diff",
            "rules/wushen-2023.rubric",
            "rules/wushen-2024.rubric",
            "rules/wushen-2024.facts.json",
            "--unit",
            "乌审旗",
            "--all",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    // Every row of both versions: 2024's nodes plus the removed 三.4.5, each once in the table.
    let table = text.split("乌审旗  2023: 99.2 → 2024: 99  (-0.2)\n").nth(1).unwrap();
    for row in [
        "一 领导小组办公室作用发挥",
        "六.2.2 抚恤补助资金发放",
        "三.4.5 交办转办信访事项办结率",
        "七.2.7 特色基层服务站",
    ] {
        assert_eq!(table.matches(row).count(), 1, "{row} in\n{table}");
    }
    assert!(table.contains("六.2.2 抚恤补助资金发放"));
}

#[test]
fn diff_of_identical_files_has_no_changes() {
    assert_cmd_snapshot!(rulecheck().args([
        "diff",
        "rules/wushen-2024.rubric",
        "rules/wushen-2024.rubric",
        "rules/wushen-2024.facts.json",
        "--unit",
        "杭锦旗"
    ]));
}

#[test]
fn diff_with_a_broken_version_exits_2_with_its_diagnostics() {
    assert_cmd_snapshot!(rulecheck().args([
        "diff",
        "tests/check/err/unknown-name.rubric",
        "rules/wushen-2024.rubric",
        "rules/wushen-2024.facts.json"
    ]));
}

#[test]
fn diff_with_bad_facts_exits_2_naming_the_version() {
    let dir = std::env::temp_dir().join("rulecheck-cli-diff-test");
    std::fs::create_dir_all(&dir).unwrap();
    let facts = dir.join("bad.facts.json");
    // 特色服务站数 is declared by 2024 only: accepted for 2023. 特色站 is declared by neither.
    std::fs::write(&facts, r#"{"units": [{"unit": "甲", "facts": {"特色服务站数": 2, "特色站": 1}}]}"#).unwrap();
    let mut cmd = rulecheck();
    cmd.args(["diff", "rules/wushen-2023.rubric", "rules/wushen-2024.rubric"]).arg(&facts);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("unknown fact `特色站`"), "{err}");
    assert!(!err.contains("unknown fact `特色服务站数`"), "{err}");
    assert!(err.contains("(while scoring unit `甲` under 2023, `rules/wushen-2023.rubric`)"), "{err}");
}

#[test]
fn explain_a_unit_scored_in_periods() {
    assert_cmd_snapshot!(rulecheck().args([
        "explain",
        "rules/county-2021/service-center.rubric",
        "rules/county-2021/service-center.facts.json",
        "--unit",
        "县退役军人服务中心"
    ]));
}

#[test]
fn eval_json_of_a_unit_scored_in_periods() {
    assert_cmd_snapshot!(rulecheck().args([
        "eval",
        "rules/county-2021/service-center.rubric",
        "rules/county-2021/service-center.facts.json",
        "--unit",
        "县退役军人服务中心",
        "--format",
        "json"
    ]));
}

#[test]
fn rank_units_scored_in_periods() {
    assert_cmd_snapshot!(rulecheck().args([
        "rank",
        "rules/county-2021/service-center.rubric",
        "rules/county-2021/service-center.facts.json"
    ]));
}

#[test]
fn a_period_without_facts_is_refused() {
    assert_cmd_snapshot!(rulecheck().args([
        "eval",
        "rules/county-2021/service-center.rubric",
        "tests/cli/period-missing.facts.json"
    ]));
}

#[test]
fn period_facts_for_a_rubric_without_periods_are_refused() {
    assert_cmd_snapshot!(rulecheck().args([
        "eval",
        "rules/county-2021/cemetery.rubric",
        "rules/county-2021/service-center.facts.json"
    ]));
}

#[test]
fn score_a_rubric_scored_in_periods() {
    // One record per unit and period: the columns are the weighted total and each period.
    assert_cmd_snapshot!(rulecheck().args([
        "score",
        "rules/county-2021/service-center.rubric",
        "rules/county-2021/service-center.facts.json"
    ]));
}

// ------------------------------------------------------------------ what a clerk reads (issue 14;
// issue 22 items 8 and 9): explanations that are true and consistent, output that is safe.

const CLERK: &str = "tests/cli/clerk.rubric";
const CLERK_FACTS: &str = "tests/cli/clerk.facts.json";

#[test]
fn a_clerk_reads_rounded_rates_plain_products_and_the_branch_taken() {
    // 11 / 12 is `≈91.67%`, never 28 digits; `0.5 × 0.5，其中 … = 0.5` says which figure is the
    // quantity; 规定天数 lists 新标准时限 (the branch taken), not 旧标准时限; the bonus is shown.
    for (suffix, args) in [
        ("eval", vec!["eval", CLERK, CLERK_FACTS, "--unit", "甲镇"]),
        ("explain", vec!["explain", CLERK, CLERK_FACTS, "--unit", "甲镇"]),
        ("whatif", vec!["whatif", CLERK, CLERK_FACTS, "--unit", "甲镇"]),
    ] {
        insta::with_settings!({ snapshot_suffix => suffix }, {
            assert_cmd_snapshot!(rulecheck().args(&args));
        });
    }
}

#[test]
fn json_keeps_the_exact_values_that_text_rounds() {
    let run = |args: &[&str]| {
        let out = rulecheck().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let eval = run(&["eval", CLERK, CLERK_FACTS, "--unit", "甲镇", "--format", "json"]);
    assert!(eval.contains(r#""value": "91.66666666666666666666666667%""#), "{eval}");
    // Rounded figures appear only as the `text` a person reads, beside the exact `value`.
    let rounded: Vec<&str> = eval.lines().filter(|l| l.contains('≈')).collect();
    assert!(!rounded.is_empty() && rounded.iter().all(|l| l.trim_start().starts_with(r#""text": "#)), "{eval}");
    let whatif = run(&["whatif", CLERK, CLERK_FACTS, "--unit", "甲镇", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&whatif).unwrap();
    assert_eq!(doc["suggestions"][0]["now"], "11");
    // The sentence is the text a person reads; the values beside it are exact.
    assert_eq!(doc["suggestions"][0]["rules"][0]["change"], "整改率 ≈91.67% → 100%，进入 [95%, ..)");
}

#[test]
fn explain_and_whatif_agree_on_what_can_be_recovered() {
    // 乙镇: a veto on a fact the unit could change (an accident) — both give back 30 points.
    // 丙镇: a section vetoed for being put under supervision, a `given` fact — neither suggests
    // anything, and neither says a `given` fact (hazards found, cases assigned) should move.
    for unit in ["乙镇", "丙镇"] {
        for cmd in ["explain", "whatif"] {
            insta::with_settings!({ snapshot_suffix => format!("{cmd}-{unit}") }, {
                assert_cmd_snapshot!(rulecheck().args([cmd, CLERK, CLERK_FACTS, "--unit", unit]));
            });
        }
    }
}

#[test]
fn a_place_is_said_one_way_also_in_a_band_over_rank() {
    for (suffix, args) in [
        ("eval", vec!["eval", "tests/cli/rank-band.rubric", "tests/cli/rank-band.facts.json", "--unit", "丁旗"]),
        ("explain", vec!["explain", "tests/cli/rank-band.rubric", "tests/cli/rank-band.facts.json", "--unit", "丁旗"]),
    ] {
        insta::with_settings!({ snapshot_suffix => suffix }, {
            assert_cmd_snapshot!(rulecheck().args(&args));
        });
    }
}

/// The cases of `tests/cli/languages.txt`: each a snapshot name, the locale variables set
/// (`LANG=zh_CN.UTF-8`), and the arguments.
#[test]
fn outputs_in_each_language() {
    let cases = std::fs::read_to_string(root().join("tests/cli/languages.txt")).unwrap();
    let cases: Vec<(&str, Vec<&str>)> = cases
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut words = l.split_whitespace();
            (words.next().unwrap(), words.collect())
        })
        .collect();
    assert!(cases.len() >= 10, "{cases:?}");
    for (name, words) in cases {
        let mut cmd = rulecheck();
        let mut args = Vec::new();
        for w in words {
            match w.split_once('=') {
                Some((k, v)) if args.is_empty() && k.chars().all(|c| c.is_ascii_uppercase() || c == '_') => {
                    cmd.env(k, v);
                }
                _ => args.push(w),
            }
        }
        insta::with_settings!({ snapshot_suffix => name }, {
            assert_cmd_snapshot!(cmd.args(&args));
        });
    }
}

#[test]
fn rank_and_score_show_the_bonus_and_the_veto() {
    for format in ["text", "csv", "json"] {
        insta::with_settings!({ snapshot_suffix => format!("rank-{format}") }, {
            assert_cmd_snapshot!(rulecheck().args(["rank", CLERK, CLERK_FACTS, "--format", format]));
        });
    }
    for format in ["csv", "jsonl"] {
        insta::with_settings!({ snapshot_suffix => format!("score-{format}") }, {
            assert_cmd_snapshot!(rulecheck().args(["score", CLERK, CLERK_FACTS, "--rows", "--format", format]));
        });
    }
}

#[test]
fn a_byte_order_mark_goes_to_a_file_or_pipe_but_not_to_a_terminal() {
    let bom = "\u{feff}".as_bytes();
    for args in [
        vec!["score", CLERK, CLERK_FACTS],
        vec!["rank", CLERK, CLERK_FACTS, "--format", "csv"],
        vec!["template", CLERK],
    ] {
        let piped = rulecheck().args(&args).output().unwrap();
        assert!(piped.stdout.starts_with(bom), "{args:?} to a pipe has no byte-order mark");
        // `script` runs the command on a pseudo-terminal, as a clerk's shell would.
        let line = std::iter::once(get_cargo_bin("rulecheck").to_string_lossy().to_string())
            .chain(["--color", "never"].into_iter().chain(args.iter().copied()).map(str::to_string))
            .collect::<Vec<_>>()
            .join(" ");
        let tty = no_locale(&mut Command::new("script"))
            .current_dir(root())
            .args(["-qec", &line, "/dev/null"])
            .output()
            .unwrap();
        assert_eq!(tty.status.code(), Some(0), "{}", String::from_utf8_lossy(&tty.stderr));
        assert!(tty.stdout.starts_with("单位".as_bytes()) || tty.stdout.starts_with("名次".as_bytes()), "{args:?}");
        assert!(!tty.stdout.windows(3).any(|w| w == bom), "{args:?} wrote a byte-order mark to a terminal");
    }
}

/// Characters that must never reach a terminal or file raw: control characters (but line feed,
/// tab, and a carriage return before a line feed), bidi controls and invisible characters. The
/// byte-order mark that starts a CSV file (for Excel) is no such character.
fn raw_hidden(text: &str) -> Option<char> {
    let mut chars = text.strip_prefix('\u{FEFF}').unwrap_or(text).chars().peekable();
    while let Some(c) = chars.next() {
        let crlf = c == '\r' && chars.peek() == Some(&'\n');
        // The one set of hidden characters, listed in `rubric_syntax::hidden`'s tests.
        let hidden = rubric_syntax::is_hidden(c) && !crlf;
        if hidden {
            return Some(c);
        }
    }
    None
}

#[test]
fn unit_names_with_escapes_nul_or_bidi_controls_never_reach_the_output_raw() {
    let facts = "tests/cli/hostile-names.facts.json";
    let runs: Vec<Vec<&str>> = vec![
        vec!["eval", CLERK, facts],
        vec!["eval", CLERK, facts, "--format", "json"],
        vec!["--error-format", "json", "eval", CLERK, facts],
        vec!["explain", CLERK, facts, "--unit", "甲\u{1b}[2J\u{1b}[31m红"],
        vec!["whatif", CLERK, facts, "--unit", "乙\u{202e}镇丙"],
        vec!["rank", CLERK, facts],
        vec!["rank", CLERK, facts, "--format", "csv"],
        vec!["rank", CLERK, facts, "--format", "json"],
        vec!["score", CLERK, facts],
        vec!["score", CLERK, facts, "--format", "jsonl"],
        vec!["template", CLERK, "--unit", "丁\u{0085}\u{200b}"],
        vec!["template", CLERK, "--unit", "丁\u{0085}\u{200b}", "--format", "json"],
        vec!["--error-format", "json", "eval", CLERK, facts, "--unit", "乙\u{202e}不存在"],
    ];
    for args in runs {
        let out = rulecheck().args(&args).output().unwrap();
        let (stdout, stderr) = (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap());
        for (name, text) in [("stdout", &stdout), ("stderr", &stderr)] {
            assert_eq!(raw_hidden(text), None, "{args:?} wrote a raw character to {name}:\n{text}");
        }
        // JSON stays JSON, with the names it was given (escaped as JSON escapes them).
        let parse = |text: &str| {
            let _: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{args:?}: {e}: {text}"));
        };
        if args.first() == Some(&"--error-format") {
            stderr.lines().for_each(parse);
        } else if args.contains(&"jsonl") {
            stdout.lines().for_each(parse);
        } else if args.contains(&"json") {
            parse(&stdout);
        }
    }
    // The escapes are visible where a person reads them, as JSON escapes in JSON.
    let text = rulecheck().args(["rank", CLERK, facts]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("甲\\u{1b}[2J\\u{1b}[31m红") && text.contains("乙\\u{202e}镇丙"), "{text}");
    let json = rulecheck().args(["--error-format", "json", "eval", CLERK, facts]).output().unwrap();
    let json = String::from_utf8(json.stderr).unwrap();
    assert!(json.contains(r"unit `戊\u2066坏\u2069`"), "{json}");
    let doc: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(doc["message"], "unit `戊\u{2066}坏\u{2069}`: 1 problem with its facts");
}

#[test]
fn no_csv_cell_runs_as_a_formula() {
    let facts = "tests/cli/formula-names.facts.json";
    for (suffix, args) in [
        ("score", vec!["score", "tests/cli/rank-band.rubric", facts]),
        ("rank", vec!["rank", "tests/cli/rank-band.rubric", facts, "--format", "csv"]),
        (
            "template",
            vec!["template", "tests/cli/rank-band.rubric", "--unit", "=1+2", "--unit", "@SUM(A1)", "--unit=-2"],
        ),
    ] {
        insta::with_settings!({ snapshot_suffix => suffix }, {
            assert_cmd_snapshot!(rulecheck().args(&args));
        });
    }
}

// ---------------------------------------------------------------- the checker (issues 14 and 22)

#[test]
fn deny_warnings_passes_on_faithful_files() {
    // Derived rates above 100%, bands over ranks, finite negative floors, declared ranges,
    // `bonus_cap none`, a row that may go negative: no warning to silence.
    assert_cmd_snapshot!(rulecheck().args(["check", "--deny-warnings", "tests/check/ok/"]));
}

#[test]
fn a_negative_row_reaches_the_total_and_an_uncapped_bonus_says_so() {
    assert_cmd_snapshot!(rulecheck().args([
        "eval",
        "tests/check/ok/deductions-within-limits.rubric",
        "tests/cli/negative-and-uncapped.facts.json"
    ]));
}

#[test]
fn explain_shows_a_bonus_without_limit() {
    assert_cmd_snapshot!(rulecheck().args([
        "explain",
        "tests/check/ok/deductions-within-limits.rubric",
        "tests/cli/negative-and-uncapped.facts.json",
        "--unit",
        "甲"
    ]));
}

#[test]
fn a_test_failing_for_its_facts_names_every_missing_fact() {
    assert_cmd_snapshot!(rulecheck().args(["test", "tests/cli/test-missing-facts.rubric"]));
}

#[test]
fn on_zero_works_on_a_ratio() {
    assert_cmd_snapshot!(rulecheck().args(["eval", "tests/cli/ratio-zero.rubric", "tests/cli/ratio-zero.facts.json"]));
}

#[test]
fn a_ratio_over_zero_in_a_rule_says_where_on_zero_goes() {
    assert_cmd_snapshot!(rulecheck().args([
        "eval",
        "tests/cli/ratio-zero-in-rule.rubric",
        "tests/cli/ratio-zero.facts.json"
    ]));
}

#[test]
fn a_rule_file_not_utf8_is_reported_where_its_first_bad_byte_is() {
    let dir = std::env::temp_dir().join("rulecheck-cli-utf8");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("gbk.rubric");
    // `一` then GBK bytes on line 3, after three characters.
    let mut bytes = "rubric \"r\" {\n  fact 一: count\n  一二三".as_bytes().to_vec();
    bytes.extend([0xB5, 0xA5, b'\n', b'}', b'\n']);
    std::fs::write(&file, bytes).unwrap();
    let out = rulecheck().arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("gbk.rubric:3:6]"), "{err}");
    let out = rulecheck().args(["--error-format", "json", "check"]).arg(&file).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("from line 3, column 6 (the byte 0xB5 at offset 42)"), "{err}");
    assert!(err.contains(r#""line":3,"column":6,"start":42"#), "{err}");
}

#[test]
fn json_diagnostics_are_bounded_with_a_count_of_the_rest() {
    let dir = std::env::temp_dir().join("rulecheck-cli-many");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("many.rubric");
    std::fs::write(&file, format!("rubric \"r\" {{\n{}}}\n", "  award ? when\n".repeat(1_500))).unwrap();
    let out = rulecheck().args(["--error-format", "json", "check"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1_001, "{}", lines.last().unwrap_or(&""));
    let last: serde_json::Value = serde_json::from_str(lines[1_000]).unwrap();
    assert_eq!(last["code"], "rulecheck::more");
    assert_eq!(last["more"], 500);
    let out = rulecheck().arg("check").arg(&file).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("… 1400 more problems not shown (the first 100 are above)"), "{err}");
    assert!(err.len() < 100_000, "{} bytes", err.len());
}

// ---------------------------------------------------------------- every read bounded, every path one reader
// Issue 22 (1 nesting, 2 imports outside the project root, 3 unbounded reads, 7 one reader,
// 13 one encoding message, 14 --threads) and issue 14 (the row of a bad cell in `score`), with
// real files in a temporary folder: FIFOs, /dev/zero, links, sparse files of many GiB.

/// A fresh, empty temporary folder for one test, removed with everything in it when the test ends.
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(&format!("rulecheck-input-{name}-")).tempdir().unwrap()
}

/// What a command printed and its exit code.
struct Ran {
    code: Option<i32>,
    out: String,
    err: String,
}

/// Runs `rulecheck ARGS` in `dir`, failing the test if it has not answered within 60 seconds
/// (a read that waits on a pipe, or grows without end, never answers). Output goes to files,
/// so that a full pipe cannot stall it.
fn run_in(dir: &Path, args: &[&str]) -> Ran {
    let (out_path, err_path) = (dir.join(".stdout"), dir.join(".stderr"));
    let mut child = no_locale(&mut Command::new(get_cargo_bin("rulecheck")))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["--color", "never"])
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`rulecheck {}` did not answer within 60 s", args.join(" "));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    Ran { code: status.code(), out: read(&out_path), err: read(&err_path) }
}

const ONE_ROW: &str = "rubric \"r\" {\n  fact 次数: count\n  item 一 \"一\" max 10 { deduct 1 per 次数 }\n}\n";

#[test]
fn a_toml_fact_nested_2500_deep_is_refused_by_every_command_without_a_crash() {
    let scratch = scratch("toml-deep");
    let dir = scratch.path();
    std::fs::write(dir.join("r.rubric"), ONE_ROW).unwrap();
    for (name, nest) in [("a", "[".repeat(2_500)), ("b", "[".repeat(10_000)), ("c", "{a=".repeat(10_000))] {
        let file = format!("{name}.toml");
        std::fs::write(dir.join(&file), format!("[[units]]\nunit = \"甲\"\n[units.facts]\n计数 = {nest}")).unwrap();
        // `score` reads on a thread of its pool, with a smaller stack than the main thread.
        for cmd in ["score", "eval", "rank"] {
            let r = run_in(dir, &[cmd, "r.rubric", &file]);
            assert_eq!(r.code, Some(2), "{cmd} {file}: {}", r.err);
            assert!(r.err.contains("rubric::facts-budget"), "{cmd} {file}: {}", r.err);
            assert!(r.err.contains("values are nested more than 16 deep"), "{cmd} {file}: {}", r.err);
        }
    }
}

#[cfg(unix)]
#[test]
fn imports_outside_the_project_root_are_refused_and_show_nothing_of_the_target() {
    let scratch = scratch("outside");
    let dir = scratch.path();
    std::fs::create_dir_all(dir.join("rules/shared")).unwrap();
    std::fs::write(dir.join("secret.txt"), "TOP SECRET: never shown\npassword = hunter2\n").unwrap();
    std::os::unix::fs::symlink("../../secret.txt", dir.join("rules/shared/link.rubric")).unwrap();
    std::fs::write(
        dir.join("rules/shared/ok.rubric"),
        "block 共 \"共\" { item 共.1 \"一\" max 1 { award 1 when true } }\n",
    )
    .unwrap();
    let imports = [
        "../secret.txt",
        "shared/../../secret.txt",
        "/etc/passwd",
        "/proc/self/environ",
        "/dev/zero",
        "shared/link.rubric",
    ];
    let text: String = imports.iter().map(|i| format!("import \"{i}\"\n")).collect();
    std::fs::write(dir.join("rules/r.rubric"), format!("{text}import \"shared/ok.rubric\"\n{ONE_ROW}")).unwrap();
    for format in ["human", "json"] {
        let r = run_in(dir, &["--error-format", format, "check", "rules/r.rubric"]);
        assert_eq!(r.code, Some(2), "{}", r.err);
        for shown in ["TOP SECRET", "hunter2", "root:", "PATH="] {
            assert!(!r.err.contains(shown) && !r.out.contains(shown), "{format} shows {shown:?}:\n{}", r.err);
        }
        assert_eq!(r.err.matches("rubric::import-outside").count(), 5, "{}", r.err);
        assert!(r.err.contains("leads outside the project root `rules`"), "{}", r.err);
        assert!(r.err.contains("it is a link that leads outside the project root"), "{}", r.err);
    }
    // The same imports from a file in the current folder: the root is `.`.
    std::fs::write(dir.join("rules/here.rubric"), format!("import \"../secret.txt\"\n{ONE_ROW}")).unwrap();
    let r = run_in(&dir.join("rules"), &["check", "here.rubric"]);
    assert!(r.err.contains("import `../secret.txt` leads outside the project root `.`"), "{}", r.err);
    assert!(!r.err.contains("TOP SECRET"), "{}", r.err);
    // Shared files below the root are read as before.
    std::fs::write(dir.join("rules/fine.rubric"), format!("import \"shared/ok.rubric\"\n{ONE_ROW}")).unwrap();
    let r = run_in(dir, &["check", "rules/fine.rubric"]);
    assert_eq!(r.code, Some(0), "{}", r.err);
}

#[cfg(unix)]
#[test]
fn an_import_of_a_fifo_or_a_device_is_refused_without_reading_it() {
    let scratch = scratch("fifo");
    let dir = scratch.path();
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    let made = Command::new("mkfifo").arg(dir.join("shared/fifo.rubric")).status().unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", dir.join("shared/zero.rubric")).unwrap();
    std::fs::write(dir.join("r.rubric"), format!("import \"shared/fifo.rubric\"\n{ONE_ROW}")).unwrap();
    let r = run_in(dir, &["check", "r.rubric"]);
    assert_eq!(r.code, Some(2), "{}", r.err);
    assert!(r.err.contains("cannot read `shared/fifo.rubric`: it is a pipe, not a regular file"), "{}", r.err);
    std::fs::write(dir.join("z.rubric"), format!("import \"shared/zero.rubric\"\n{ONE_ROW}")).unwrap();
    let r = run_in(dir, &["check", "z.rubric"]);
    assert_eq!(r.code, Some(2), "{}", r.err);
    assert!(r.err.contains("cannot read `shared/zero.rubric`: it is a link that leads outside"), "{}", r.err);
}

#[cfg(unix)]
#[test]
fn dev_zero_as_a_rule_file_or_a_facts_file_is_refused_without_reading_it() {
    let scratch = scratch("zero");
    let dir = scratch.path();
    std::fs::write(dir.join("r.rubric"), ONE_ROW).unwrap();
    for ext in ["json", "csv", "toml", "jsonl"] {
        std::os::unix::fs::symlink("/dev/zero", dir.join(format!("zero.{ext}"))).unwrap();
    }
    let r = run_in(dir, &["check", "/dev/zero"]);
    assert_eq!(r.code, Some(2));
    assert!(r.err.contains("cannot read `/dev/zero`: it is a device, not a file"), "{}", r.err);
    let r = run_in(dir, &["fmt", "--check", "/dev/zero"]);
    assert_eq!(r.code, Some(2));
    assert!(r.err.contains("it is a device, not a file"), "{}", r.err);
    for cmd in ["eval", "score", "rank"] {
        for ext in ["json", "csv", "toml", "jsonl"] {
            let file = format!("zero.{ext}");
            let r = run_in(dir, &[cmd, "r.rubric", &file]);
            assert_eq!(r.code, Some(2), "{cmd} {file}");
            assert!(r.err.contains(&format!("cannot read `{file}`: it is a device, not a file")), "{cmd}: {}", r.err);
        }
    }
}

#[test]
fn files_beyond_their_budget_are_refused_before_they_are_read() {
    let scratch = scratch("huge");
    let dir = scratch.path();
    // Sparse files of 20 GiB: reading one whole would take the machine's memory.
    let huge = 20u64 << 30;
    for name in ["huge.rubric", "huge.json", "huge.csv"] {
        std::fs::File::create(dir.join(name)).unwrap().set_len(huge).unwrap();
    }
    let r = run_in(dir, &["check", "huge.rubric"]);
    assert_eq!(r.code, Some(2));
    assert!(r.err.contains("rubric::budget"), "{}", r.err);
    assert!(
        r.err.contains("`huge.rubric` is 21474836480 bytes, beyond the budget `max_bytes` of 1048576"),
        "{}",
        r.err
    );
    let r = run_in(dir, &["fmt", "huge.rubric"]);
    assert_eq!(r.code, Some(2));
    assert!(r.err.contains("the file is 21474836480 bytes, beyond the budget `max_bytes` of 1048576"), "{}", r.err);
    std::fs::write(dir.join("r.rubric"), ONE_ROW).unwrap();
    // `eval` of one unit reads the file whole (`rank` streams it as `score` does: below).
    let r = run_in(dir, &["eval", "r.rubric", "huge.json", "--unit", "甲"]);
    assert_eq!(r.code, Some(2));
    assert!(r.err.contains("rubric::facts-budget"), "{}", r.err);
    assert!(
        r.err.contains("the facts file is 21474836480 bytes, beyond the budget `max_bytes` of 16777216"),
        "{}",
        r.err
    );
    // A 2 MiB facts file: refused with a budget of 1 MiB, read with the default of 16.
    let unit = "{\"unit\": \"甲\", \"facts\": {\"次数\": 1}}";
    let padding = " ".repeat(2 << 20);
    std::fs::write(dir.join("two.json"), format!("{{\"units\": [{unit}]}}{padding}")).unwrap();
    let r = run_in(dir, &["--max-facts-mib", "1", "eval", "r.rubric", "two.json"]);
    assert_eq!(r.code, Some(2));
    assert!(r.err.contains("beyond the budget `max_bytes` of 1048576"), "{}", r.err);
    let r = run_in(dir, &["eval", "r.rubric", "two.json"]);
    assert_eq!(r.code, Some(0), "{}", r.err);
    // A stream has no budget for its size, only for a row: the sparse table's first row is
    // 20 GiB of zero bytes.
    for cmd in ["score", "rank"] {
        let r = run_in(dir, &[cmd, "r.rubric", "huge.csv"]);
        assert_eq!(r.code, Some(2));
        assert!(r.err.contains("row 1: the row is longer than 1048576 bytes, beyond the budget"), "{}", r.err);
        // A JSON stream stops at its first byte that is not text.
        let r = run_in(dir, &[cmd, "r.rubric", "huge.json"]);
        assert_eq!(r.code, Some(2));
        assert!(r.err.contains("rubric::facts-encoding"), "{}", r.err);
    }
}

#[test]
fn score_reads_facts_by_the_rules_eval_reads_them() {
    let scratch = scratch("one-reader");
    let dir = scratch.path();
    std::fs::write(dir.join("r.rubric"), ONE_ROW).unwrap();
    let files = [
        // A unit twice, and ` 甲` for `甲`: one unit given twice.
        ("twice.csv", "单位,次数\r\n甲,1\r\n乙,2\r\n 甲,3\r\n".to_string(), "unit `甲` is given twice, in row 2 and in row 4"),
        (
            "twice.json",
            "{\"units\": [\n{\"unit\": \"甲\", \"facts\": {\"次数\": 1}},\n{\"unit\": \"甲\", \"facts\": {\"次数\": 2}}\n]}".into(),
            "unit `甲` is given twice, at line 2 and at line 3",
        ),
        (
            "twice.jsonl",
            "{\"unit\": \"甲\", \"facts\": {\"次数\": 1}}\n{\"unit\": \" 甲\", \"facts\": {\"次数\": 2}}\n".into(),
            "unit `甲` is given twice, on line 1 and on line 2",
        ),
        // Facts for a period, for a rubric without periods.
        (
            "period.jsonl",
            "{\"unit\": \"甲\", \"period\": \"平时\", \"facts\": {\"次数\": 1}}\n".into(),
            "unit `甲`: facts for period `平时`, but the rubric declares no periods",
        ),
        // A bad cell on the spreadsheet's row 2 of a table saved with CRLF (the header is row 1).
        ("cell.csv", "\u{feff}单位,次数\r\n甲,x\r\n".into(), "fact `次数 (row 2, column B)`: expected a number"),
    ];
    for (name, text, message) in &files {
        std::fs::write(dir.join(name), text).unwrap();
        for cmd in ["eval", "score"] {
            let r = run_in(dir, &[cmd, "r.rubric", name]);
            assert_eq!(r.code, Some(2), "{cmd} {name}: {}", r.err);
            assert!(r.err.contains(message), "{cmd} {name}: {}", r.err);
            // A stream stops at the error; what came before it is written, each unit once.
            let times = r.out.matches("\n甲,").count() + r.out.matches("单位 甲 ").count();
            assert!(times <= 1, "{cmd} {name} scored a unit given twice:\n{}", r.out);
        }
    }
}

#[test]
fn score_reads_gbk_and_utf16_as_eval_does() {
    let scratch = scratch("encoding");
    let dir = scratch.path();
    std::fs::write(dir.join("r.rubric"), ONE_ROW).unwrap();
    let mut gbk = "单位,次数\n".as_bytes().to_vec();
    gbk.extend_from_slice(&[0xB5, 0xA5, b',', b'1', b'\n']);
    std::fs::write(dir.join("gbk.csv"), &gbk).unwrap();
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("单位,次数\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    std::fs::write(dir.join("utf16.csv"), &utf16).unwrap();
    std::fs::write(
        dir.join("gbk.jsonl"),
        [b"{\"unit\": \"".as_slice(), &[0xB5, 0xA5], b"\", \"facts\": {}}\n"].concat(),
    )
    .unwrap();
    // A table in GBK, and one in UTF-16 with its mark, are read (issue 18), with a note.
    let (whole, _, _) = encoding_rs::GBK.encode("单位,次数\n乌审旗,\"1,234\"\n");
    std::fs::write(dir.join("whole-gbk.csv"), &whole).unwrap();
    for (name, note) in [("whole-gbk.csv", "read as GB18030 (GBK)"), ("utf16.csv", "read as UTF-16 (little-endian)")] {
        for cmd in ["eval", "score"] {
            let r = run_in(dir, &[cmd, "r.rubric", name]);
            assert_eq!(r.code, Some(0), "{cmd} {name}: {}", r.err);
            assert!(r.err.contains(&format!("note: {name}: the table was {note}")), "{cmd} {name}: {}", r.err);
        }
    }
    let r = run_in(dir, &["eval", "r.rubric", "whole-gbk.csv"]);
    assert!(r.out.contains("单位 乌审旗") && r.out.contains("次数 1234"), "{}", r.out);
    // UTF-8 with a GBK byte in it is neither: named as not UTF-8.
    for (name, message) in [
        ("gbk.csv", "the byte at offset 14 (line 2: 0xB5 0xA5) is not UTF-8; the"),
        ("gbk.jsonl", "the byte at offset 10 (line 1: 0xB5 0xA5) is not UTF-8; the"),
    ] {
        for cmd in ["eval", "score"] {
            let r = run_in(dir, &[cmd, "r.rubric", name]);
            assert_eq!(r.code, Some(2), "{cmd} {name}");
            assert!(r.err.contains("rubric::facts-encoding"), "{cmd} {name}: {}", r.err);
            assert!(r.err.contains(message), "{cmd} {name}: {}", r.err);
        }
    }
}

#[test]
fn threads_beyond_the_cap_are_refused_at_once() {
    let scratch = scratch("threads");
    let dir = scratch.path();
    std::fs::write(dir.join("r.rubric"), ONE_ROW).unwrap();
    std::fs::write(dir.join("u.csv"), "单位,次数\n甲,1\n").unwrap();
    let r = run_in(dir, &["score", "r.rubric", "u.csv", "--threads", "100000"]);
    assert_eq!(r.code, Some(2));
    assert!(r.err.contains("invalid value '100000' for '--threads <THREADS>': 100000 is not in 0..=256"), "{}", r.err);
    let r = run_in(dir, &["score", "r.rubric", "u.csv", "--threads", "256"]);
    assert_eq!((r.code, r.out.as_str()), (Some(0), "\u{feff}单位,总分,一,错误\n甲,9,9,\n"), "{}", r.err);
}

#[test]
fn rank_and_score_name_the_same_row_a_veto_zeroed() {
    // A veto on a row below a section: `rank` once listed only vetoes of the rubric and its
    // sections (its rows were trimmed before the vetoes were read).
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("row-veto");
    std::fs::create_dir_all(&dir).unwrap();
    let rules = dir.join("v.rubric");
    let facts = dir.join("v.facts.json");
    std::fs::write(
        &rules,
        "rubric \"v\" {\n  fact 坏: bool\n  section 一 \"甲\" {\n    item 1 \"行\" max 10 {\n      veto when 坏 \"坏了\"\n    }\n    item 2 \"行二\" max 5 {\n    }\n  }\n}\n",
    )
    .unwrap();
    std::fs::write(&facts, r#"{"units":[{"unit":"A","facts":{"坏":true}},{"unit":"B","facts":{"坏":false}}]}"#)
        .unwrap();
    let cell = |args: &[&str], unit_at: usize, veto_at: usize| -> String {
        let out = rulecheck().args(args).arg(&rules).arg(&facts).args(["--format", "csv"]).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        let row = text.lines().map(|l| l.split(',').collect::<Vec<_>>()).find(|r| r.get(unit_at) == Some(&"A"));
        row.unwrap_or_else(|| panic!("{args:?}: no row for A in {text}"))[veto_at].to_string()
    };
    // rank: 名次,单位,总分,一,一票否决; score: 单位,总分,一,一票否决,错误.
    assert_eq!(cell(&["rank"], 1, 4), "1");
    assert_eq!(cell(&["score"], 0, 3), "1");
}

/// A quotient shows as the number it is (an average of head counts is 83, not 8300%) and as a
/// percent where the rubric compares it with one; rounding functions show their values.
#[test]
fn explain_shows_ratios_as_numbers_or_percents_as_the_rubric_uses_them() {
    assert_cmd_snapshot!(rulecheck().args([
        "explain",
        "tests/check/ok/numbers-like-the-document.rubric",
        "tests/cli/numbers.facts.json",
        "--unit",
        "甲"
    ]));
}

/// `floor`, `ceil` and `pow` are explained with their values, and what-if says plainly that it
/// cannot follow a value through their steps.
#[test]
fn whole_units_are_explained_and_whatif_says_it_cannot_follow_them() {
    assert_cmd_snapshot!(rulecheck().args([
        "explain",
        "tests/check/ok/whole-units.rubric",
        "tests/cli/whole-units.facts.json",
        "--unit",
        "甲"
    ]));
    assert_cmd_snapshot!(rulecheck().args([
        "whatif",
        "tests/check/ok/whole-units.rubric",
        "tests/cli/whole-units.facts.json"
    ]));
}

#[test]
fn rank_applies_a_grade_quota_and_moves_a_tie_at_the_cut() {
    for lang in ["zh", "en"] {
        insta::with_settings!({ snapshot_suffix => lang }, {
            assert_cmd_snapshot!(rulecheck().args(["rank", "tests/cli/grades.rubric", "tests/cli/grades.facts.json", "--lang", lang]));
        });
    }
    assert_cmd_snapshot!(rulecheck().args(["score", "tests/cli/grades.rubric", "tests/cli/grades.facts.json"]));
    assert_cmd_snapshot!(rulecheck().args([
        "eval",
        "tests/cli/grades.rubric",
        "tests/cli/grades.facts.json",
        "--unit",
        "丁"
    ]));
}

/// A CSV facts file whose lists are second tables (`lists.事故.csv` next to `lists.csv`, read
/// without asking, or named with `--list`) scores as the JSON form of the same facts; a unit
/// with no rows has an empty list.
#[test]
fn lists_from_second_tables_score_as_the_json_facts() {
    const RULES: &str = "tests/program/lists.rubric";
    for cmd in [vec!["eval"], vec!["rank", "--format", "csv"], vec!["explain", "--unit", "丙"]] {
        let run = |facts: &str, more: &[&str]| {
            let out = rulecheck().args(&cmd[..1]).args([RULES, facts]).args(&cmd[1..]).args(more).output().unwrap();
            assert_eq!(out.status.code(), Some(0), "{cmd:?} {facts}: {}", String::from_utf8_lossy(&out.stderr));
            (out.stdout, String::from_utf8(out.stderr).unwrap())
        };
        let (json, _) = run("tests/cli/lists.facts.json", &[]);
        let (csv, notes) = run("tests/cli/lists.csv", &[]);
        assert_eq!(String::from_utf8_lossy(&csv), String::from_utf8_lossy(&json), "{cmd:?}");
        assert!(notes.contains("list `事故` is read from `tests/cli/lists.事故.csv`"), "{notes}");
        // The units' table as `template` writes it, with a blank column for each list.
        let (blank, _) = run("tests/cli/lists-template.csv", &[]);
        assert_eq!(String::from_utf8_lossy(&blank), String::from_utf8_lossy(&json), "{cmd:?}");
        let (named, notes) = run("tests/cli/lists.csv", &["--list", "事故=tests/cli/lists.事故.csv"]);
        assert_eq!(named, json, "{cmd:?}");
        assert!(!notes.contains("list `事故` is read"), "{notes}");
        assert!(notes.contains("list `表彰` is read"), "{notes}");
    }
}

/// `--list` that is not `LIST=FILE`, or names no list fact, is refused before anything is scored.
#[test]
fn a_bad_list_option_is_refused() {
    for (name, list) in [("no-file", "事故"), ("not-a-list", "事件=tests/cli/lists.事故.csv")] {
        insta::with_settings!({ snapshot_suffix => name }, {
            assert_cmd_snapshot!(rulecheck().args(["eval", "tests/program/lists.rubric", "tests/cli/lists.csv", "--list", list]));
        });
    }
}

#[test]
fn show_the_rules_beside_their_text() {
    assert_cmd_snapshot!(rulecheck().args(["show", "docs/cli/show.rubric"]));
}

#[test]
fn show_in_english() {
    assert_cmd_snapshot!(rulecheck().args(["--lang", "en", "show", "docs/cli/show.rubric"]));
}

#[test]
fn show_as_a_page() {
    assert_cmd_snapshot!(rulecheck().args(["show", "docs/cli/show.rubric", "--format", "html"]));
}
