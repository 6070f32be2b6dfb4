//! `rulecheck show`: the rubric as the document's table, each row's original text beside its
//! rules in canonical words (原文对照), as Markdown, an HTML page or a workbook.

use crate::cli::{ShowArgs, ShowFormat};
use crate::files::rubric_for_scoring;
use crate::run_problems::Run;
use crate::ui::{BAD_INPUT, OK, Ui};

/// Runs the command.
pub fn run(ui: &Ui, args: &ShowArgs) -> u8 {
    let xlsx = args.format == ShowFormat::Xlsx;
    if xlsx && let Err(code) = crate::xlsx::check_output(ui, args.output.as_deref(), true) {
        return code;
    }
    let rubric = match rubric_for_scoring(ui, &args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let doc = rubric_out::show::document(&rubric, crate::ui::words().lang());
    let text = match args.format {
        ShowFormat::Xlsx => return crate::xlsx::save(ui, args.output.as_deref(), rubric_out::show::workbook(&doc)),
        ShowFormat::Md => rubric_out::show::markdown(&doc),
        ShowFormat::Html => rubric_out::show::html(&doc),
    };
    match &args.output {
        None => {
            ui.out(&text);
            OK
        }
        Some(path) => match std::fs::write(path, &text) {
            Ok(()) => OK,
            Err(e) => {
                ui.run_problem(Run::CannotWrite { path: Some(path), why: crate::problems::Why::of(&e) });
                BAD_INPUT
            }
        },
    }
}
