//! The lines of a run that are not diagnostics, in each language: what `test` says of each test
//! and at the end, and the lines that close `check`, `fmt` and `score`. Each line is one `match`
//! arm giving both languages, so a line without its translation does not compile.

use super::renderer::Render;
use crate::diag::Lang;

/// A line of a run ([`Render::message`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Message<'a> {
    /// The mark of a test that passed: `ok`.
    TestPassed,
    /// The mark of a test that failed: `FAIL`.
    TestFailed,
    /// A check of a failed test: `total: expected 80, got 75`.
    Expected {
        /// What was checked: `total`, a row's id.
        target: &'a str,
        /// The value the test expects.
        expected: &'a str,
        /// The value scored.
        actual: &'a str,
    },
    /// A rule file with errors, whose tests were not run.
    NotRun,
    /// The tally of `test`: `3 passed, 1 failed`.
    Tests {
        /// Tests that passed.
        passed: usize,
        /// Tests that failed.
        failed: usize,
    },
    /// Rule files whose tests could not be run.
    Untested {
        /// How many.
        files: usize,
    },
    /// A rule file that checked: `ok — 100 points, 60 items, 80 facts, 3 tests`.
    Checked {
        /// Its maximum, as shown.
        points: &'a str,
        /// Its items.
        items: usize,
        /// Its facts.
        facts: usize,
        /// Its tests.
        tests: usize,
        /// Its warnings.
        warnings: usize,
    },
    /// A file of shared blocks that checked.
    Library {
        /// Its warnings.
        warnings: usize,
    },
    /// The tally of `check`: `2 errors, 1 warning`.
    Problems {
        /// Errors.
        errors: usize,
        /// Warnings.
        warnings: usize,
    },
    /// Warnings that fail the run under `--deny-warnings`.
    Denied {
        /// How many.
        warnings: usize,
    },
    /// A file `fmt` leaves alone because it does not parse.
    LeftAsIs,
    /// A file `fmt` reformatted (or, with `check`, would).
    Reformatted {
        /// Whether the file was only checked.
        check: bool,
    },
    /// Files `fmt --check` found not formatted.
    NotFormatted {
        /// How many.
        files: usize,
    },
    /// Units that could not be scored: `2 of 10 units could not be scored`.
    Unscored {
        /// Units that failed.
        failed: usize,
        /// Units read.
        units: usize,
    },
}

/// `3 items`, `1 item`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

impl Render<'_> {
    /// A line of a run, in the renderer's language.
    ///
    /// ```
    /// use rubric::render::{Lang, Message, Render};
    ///
    /// let tally = Message::Tests { passed: 3, failed: 1 };
    /// assert_eq!(Render::new(Lang::En).message(tally), "3 passed, 1 failed");
    /// assert_eq!(Render::new(Lang::Zh).message(tally), "通过 3 个，失败 1 个");
    /// ```
    pub fn message(&self, m: Message<'_>) -> String {
        let zh = self.lang() == Lang::Zh;
        match m {
            Message::TestPassed => if zh { "通过" } else { "ok" }.into(),
            Message::TestFailed => if zh { "失败" } else { "FAIL" }.into(),
            Message::Expected { target, expected, actual } => match zh {
                true => format!("{target}：应为 {expected}，实得 {actual}"),
                false => format!("{target}: expected {expected}, got {actual}"),
            },
            Message::NotRun => {
                if zh { "未运行：规则文件有错误" } else { "not run, the rule file has errors" }.into()
            }
            Message::Tests { passed, failed } => match zh {
                true => format!("通过 {passed} 个，失败 {failed} 个"),
                false => format!("{passed} passed, {failed} failed"),
            },
            Message::Untested { files } => match zh {
                true => format!("{files} 个规则文件无法测试"),
                false => format!("{} could not be tested", count(files, "rule file")),
            },
            Message::Checked { points, items, facts, tests, warnings } => match zh {
                true => {
                    let tests = if tests > 0 { format!("，{tests} 个测试") } else { String::new() };
                    let warned = if warnings > 0 { format!("，{warnings} 个警告") } else { String::new() };
                    format!("通过 — 满分 {points} 分，{items} 项，{facts} 个事实{tests}{warned}")
                }
                false => {
                    let tests = if tests > 0 { format!(", {}", count(tests, "test")) } else { String::new() };
                    let warned = if warnings > 0 { format!(", {}", count(warnings, "warning")) } else { String::new() };
                    let points = format!("{points} point{}", if points == "1" { "" } else { "s" });
                    format!("ok — {points}, {}, {}{tests}{warned}", count(items, "item"), count(facts, "fact"))
                }
            },
            Message::Library { warnings } => match (zh, warnings) {
                (true, 0) => "通过 — 公共块文件".into(),
                (true, w) => format!("通过 — 公共块文件，{w} 个警告"),
                (false, 0) => "ok — a library of blocks".into(),
                (false, w) => format!("ok — a library of blocks, {}", count(w, "warning")),
            },
            Message::Problems { errors, warnings } => match zh {
                true => format!("{errors} 个错误，{warnings} 个警告"),
                false => format!("{}, {}", count(errors, "error"), count(warnings, "warning")),
            },
            Message::Denied { warnings } => match zh {
                true => format!("{warnings} 个警告（--deny-warnings 不允许警告）"),
                false => format!("{} (denied by --deny-warnings)", count(warnings, "warning")),
            },
            Message::LeftAsIs => {
                if zh { "因上面的错误，未改动" } else { "left as it is, because of the errors above" }.into()
            }
            Message::Reformatted { check } => match (zh, check) {
                (true, true) => "需要重排格式".into(),
                (true, false) => "已重排格式".into(),
                (false, true) => "would reformat".into(),
                (false, false) => "reformatted".into(),
            },
            Message::NotFormatted { files } => match zh {
                true => format!("{files} 个文件未按规范排版；请对其运行 `rulecheck fmt`"),
                false => format!(
                    "{} not formatted; run `rulecheck fmt` on {}",
                    count(files, "file"),
                    if files == 1 { "it" } else { "them" }
                ),
            },
            Message::Unscored { failed, units } => match zh {
                true => format!("{units} 个单位中有 {failed} 个无法评分"),
                false => format!("{failed} of {units} units could not be scored"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line, in English and in Chinese.
    #[test]
    fn every_message_in_both_languages() {
        let expected = ("total", "80", "75");
        let cases: Vec<(Message<'_>, &str, &str)> = vec![
            (Message::TestPassed, "ok", "通过"),
            (Message::TestFailed, "FAIL", "失败"),
            (
                Message::Expected { target: expected.0, expected: expected.1, actual: expected.2 },
                "total: expected 80, got 75",
                "total：应为 80，实得 75",
            ),
            (Message::NotRun, "not run, the rule file has errors", "未运行：规则文件有错误"),
            (Message::Tests { passed: 1, failed: 0 }, "1 passed, 0 failed", "通过 1 个，失败 0 个"),
            (Message::Untested { files: 1 }, "1 rule file could not be tested", "1 个规则文件无法测试"),
            (Message::Untested { files: 2 }, "2 rule files could not be tested", "2 个规则文件无法测试"),
            (
                Message::Checked { points: "1", items: 1, facts: 2, tests: 0, warnings: 1 },
                "ok — 1 point, 1 item, 2 facts, 1 warning",
                "通过 — 满分 1 分，1 项，2 个事实，1 个警告",
            ),
            (
                Message::Checked { points: "100", items: 60, facts: 80, tests: 3, warnings: 0 },
                "ok — 100 points, 60 items, 80 facts, 3 tests",
                "通过 — 满分 100 分，60 项，80 个事实，3 个测试",
            ),
            (Message::Library { warnings: 0 }, "ok — a library of blocks", "通过 — 公共块文件"),
            (Message::Library { warnings: 2 }, "ok — a library of blocks, 2 warnings", "通过 — 公共块文件，2 个警告"),
            (Message::Problems { errors: 1, warnings: 2 }, "1 error, 2 warnings", "1 个错误，2 个警告"),
            (
                Message::Denied { warnings: 1 },
                "1 warning (denied by --deny-warnings)",
                "1 个警告（--deny-warnings 不允许警告）",
            ),
            (Message::LeftAsIs, "left as it is, because of the errors above", "因上面的错误，未改动"),
            (Message::Reformatted { check: true }, "would reformat", "需要重排格式"),
            (Message::Reformatted { check: false }, "reformatted", "已重排格式"),
            (
                Message::NotFormatted { files: 1 },
                "1 file not formatted; run `rulecheck fmt` on it",
                "1 个文件未按规范排版；请对其运行 `rulecheck fmt`",
            ),
            (
                Message::Unscored { failed: 2, units: 10 },
                "2 of 10 units could not be scored",
                "10 个单位中有 2 个无法评分",
            ),
        ];
        for (m, en, zh) in cases {
            assert_eq!(Render::new(Lang::En).message(m), en, "{m:?}");
            assert_eq!(Render::new(Lang::Zh).message(m), zh, "{m:?}");
        }
    }
}
