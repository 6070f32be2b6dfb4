//! `rulecheck test`: run the `test` blocks of rule files and report expected against actual.

use crate::cli::TestArgs;
use crate::cmd::check::plural;
use crate::files::{FsLoader, rule_files};
use crate::ui::{BAD_INPUT, FAILED, OK, Ui};

/// Runs the command.
pub fn run(ui: &Ui, args: &TestArgs) -> u8 {
    let (mut passed, mut failed, mut broken) = (0usize, 0usize, 0usize);
    let mut out = String::new();
    for f in rule_files(&args.files) {
        let load = rubric::load(&f, &FsLoader::for_entry(&f));
        let (errors, _) = ui.load_report(&load);
        let Some(r) = load.into_rubric() else {
            if errors > 0 {
                broken += 1;
                out.push_str(&format!("{f}: not run, the rule file has errors\n"));
            }
            continue;
        };
        if r.tests.is_empty() {
            continue;
        }
        out.push_str(&format!("{f}\n"));
        for t in r.run_tests() {
            if t.passed() {
                passed += 1;
                out.push_str(&format!("  ok    {}\n", t.name));
            } else {
                failed += 1;
                out.push_str(&format!("  FAIL  {}\n", t.name));
                for c in t.checks.iter().filter(|c| !c.passed) {
                    out.push_str(&format!(
                        "        {f}:{}: {}: expected {}, got {}\n",
                        c.line, c.target, c.expected, c.actual
                    ));
                }
            }
        }
    }
    out.push_str(&format!("\n{passed} passed, {failed} failed\n"));
    ui.out(&out);
    if broken > 0 {
        ui.note(&format!("{broken} rule file{} could not be tested", plural(broken)));
        BAD_INPUT
    } else if failed > 0 {
        FAILED
    } else {
        OK
    }
}
