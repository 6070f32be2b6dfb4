//! `rulecheck test`: run the `test` blocks of rule files and report expected against actual.

use crate::cli::TestArgs;
use crate::files::{FsLoader, rule_files};
use crate::tree::pad_right;
use crate::ui::{BAD_INPUT, FAILED, OK, Ui};
use rubric::render::{Message, Phrase};

/// Runs the command.
pub fn run(ui: &Ui, args: &TestArgs) -> u8 {
    let (mut passed, mut failed, mut broken) = (0usize, 0usize, 0usize);
    let mut out = String::new();
    let say = ui.says();
    let colon = say.phrase(Phrase::Colon);
    let mark = |m| pad_right(&say.message(m), 4);
    for f in rule_files(&args.files) {
        let load = rubric::load(&f, &FsLoader::for_entry(&f));
        let (errors, _) = ui.load_report(&load);
        let Some(r) = load.into_rubric() else {
            if errors > 0 {
                broken += 1;
                out.push_str(&format!("{f}{colon}{}\n", say.message(Message::NotRun)));
            }
            continue;
        };
        if r.tests().next().is_none() {
            continue;
        }
        out.push_str(&format!("{f}\n"));
        for t in r.run_tests() {
            if t.passed() {
                passed += 1;
                out.push_str(&format!("  {}  {}\n", mark(Message::TestPassed), t.name));
            } else {
                failed += 1;
                out.push_str(&format!("  {}  {}\n", mark(Message::TestFailed), t.name));
                for c in t.checks.iter().filter(|c| !c.passed) {
                    let actual = &say.got(c);
                    let (target, expected) = (&c.target, &c.expected);
                    let check = say.message(Message::Expected { target, expected, actual });
                    out.push_str(&format!("        {f}:{}: {check}\n", c.line));
                }
            }
        }
    }
    out.push_str(&format!("\n{}\n", say.message(Message::Tests { passed, failed })));
    ui.out(&out);
    if broken > 0 {
        ui.note(&say.message(Message::Untested { files: broken }));
        BAD_INPUT
    } else if failed > 0 {
        FAILED
    } else {
        OK
    }
}
