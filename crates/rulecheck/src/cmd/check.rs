//! `rulecheck check`: parse and check rule files, every problem at once.

use crate::cli::CheckArgs;
use crate::files::{FsLoader, rule_files};
use crate::ui::{BAD_INPUT, FAILED, OK, Ui};

/// Runs the command.
pub fn run(ui: &Ui, args: &CheckArgs) -> u8 {
    let (mut errors, mut warnings) = (0, 0);
    for f in rule_files(&args.files) {
        let load = rubric::load(&f, &FsLoader::for_entry(&f));
        let (e, w) = ui.load_report(&load);
        errors += e;
        warnings += w;
        let warned = if w > 0 { format!(", {w} warning{}", plural(w)) } else { String::new() };
        if let Some(r) = load.rubric() {
            let items = r.nodes.iter().filter(|n| n.kind == rubric::plan::Kind::Item).count();
            let tests = if r.tests.is_empty() { String::new() } else { format!(", {}", count(r.tests.len(), "test")) };
            let points = rubric::value::show_num(r.max());
            ui.note(&format!(
                "{f}: ok — {points} point{}, {}, {}{tests}{warned}",
                if points == "1" { "" } else { "s" },
                count(items, "item"),
                count(r.facts.len(), "fact")
            ));
        } else if load.is_library() && e == 0 {
            ui.note(&format!("{f}: ok — a library of blocks{warned}"));
        }
    }
    if errors > 0 {
        ui.note(&format!("{errors} error{}, {warnings} warning{}", plural(errors), plural(warnings)));
        BAD_INPUT
    } else if warnings > 0 && args.deny_warnings {
        ui.note(&format!("{warnings} warning{} (denied by --deny-warnings)", plural(warnings)));
        FAILED
    } else {
        OK
    }
}

/// `s` for plurals.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `1 item`, `3 items`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", plural(n))
}
