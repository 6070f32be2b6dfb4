//! `rulecheck fmt`: write rule files in the canonical layout, keeping every comment.

use crate::cli::FmtArgs;
use crate::files::{read_text, rule_files};
use crate::problems::Why;
use crate::ui::{BAD_INPUT, FAILED, OK, Ui};
use rubric::render::{Message, Phrase};
use rubric::{Diagnostic, Sources};

/// Runs the command.
pub fn run(ui: &Ui, args: &FmtArgs) -> u8 {
    let (mut changed, mut broken) = (Vec::new(), 0usize);
    for f in rule_files(&args.files) {
        let text = match read_text(&f) {
            Ok(t) => t,
            Err(why) => {
                ui.report(&crate::problems::Problem::CannotRead { path: &f, why: Why::Io(why) });
                broken += 1;
                continue;
            }
        };
        match rubric_syntax::format(&text) {
            Ok(formatted) if formatted == text => {}
            Ok(formatted) => {
                if !args.check
                    && let Err(e) = std::fs::write(&f, &formatted)
                {
                    ui.run_problem(crate::run_problems::Run::CannotWrite { path: Some(&f), why: Why::of(&e) });
                    broken += 1;
                    continue;
                }
                changed.push(f);
            }
            Err(errors) => {
                // A broken file is never rewritten; say why, as `check` would.
                let mut sources = Sources::default();
                let id = sources.add(&f, &text);
                let report =
                    rubric::Report { diagnostics: errors.iter().map(|e| Diagnostic::from_syntax(e, id)).collect() };
                ui.show_report(&report, &sources);
                let say = ui.says();
                ui.note(&format!("{f}{}{}", say.phrase(Phrase::Colon), say.message(Message::LeftAsIs)));
                broken += 1;
            }
        }
    }
    let verb = ui.says().message(Message::Reformatted { check: args.check });
    for f in &changed {
        ui.note(&format!("{verb} {f}"));
    }
    if broken > 0 {
        BAD_INPUT
    } else if args.check && !changed.is_empty() {
        ui.note(&ui.says().message(Message::NotFormatted { files: changed.len() }));
        FAILED
    } else {
        OK
    }
}
