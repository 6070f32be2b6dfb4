//! `rulecheck check`: parse and check rule files, every problem at once.

use crate::cli::CheckArgs;
use crate::files::{FsLoader, rule_files};
use crate::ui::{BAD_INPUT, FAILED, OK, Ui};
use rubric::render::{Message, Phrase};

/// Runs the command.
pub fn run(ui: &Ui, args: &CheckArgs) -> u8 {
    let (mut errors, mut warnings) = (0, 0);
    let say = ui.says();
    let colon = say.phrase(Phrase::Colon);
    for f in rule_files(&args.files) {
        let load = rubric::load(&f, &FsLoader::for_entry(&f));
        let (e, w) = ui.load_report(&load);
        errors += e;
        warnings += w;
        if let Some(r) = load.rubric() {
            let items = r.nodes().filter(|n| n.kind() == rubric::NodeKind::Item).count();
            // With maxima that depend on the unit, each case's: `9/10/12`.
            let maxima: Vec<String> = r.case_maxima(0).into_iter().map(rubric::value::show_num).collect();
            let points = &maxima.join("/");
            let (facts, tests) = (r.facts().count(), r.tests().count());
            let ok = say.message(Message::Checked { points, items, facts, tests, warnings: w });
            ui.note(&format!("{f}{colon}{ok}"));
        } else if load.is_library() && e == 0 {
            ui.note(&format!("{f}{colon}{}", say.message(Message::Library { warnings: w })));
        }
    }
    if errors > 0 {
        ui.note(&say.message(Message::Problems { errors, warnings }));
        BAD_INPUT
    } else if warnings > 0 && args.deny_warnings {
        ui.note(&say.message(Message::Denied { warnings }));
        FAILED
    } else {
        OK
    }
}
