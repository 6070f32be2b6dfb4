//! `rulecheck template`: a blank facts form for a rubric, to fill in (e.g. in Excel).

use crate::cli::{TemplateArgs, TemplateFormat};
use crate::files::rubric_for_scoring;
use crate::ui::{OK, Ui};

/// Runs the command.
pub fn run(ui: &Ui, args: &TemplateArgs) -> u8 {
    let xlsx = args.format == TemplateFormat::Xlsx;
    if let Err(code) = crate::xlsx::check_output(ui, args.output.as_deref(), xlsx) {
        return code;
    }
    let rubric = match rubric_for_scoring(ui, &args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    match args.format {
        TemplateFormat::Csv => {
            ui.csv(&rubric::report::template::template_csv(&rubric, &args.units));
            crate::list_tables::say_headers(ui, &rubric);
        }
        TemplateFormat::Json => ui.out_json(&rubric::report::template::template_json(&rubric, &args.units)),
        TemplateFormat::Xlsx => {
            return crate::xlsx::save(ui, args.output.as_deref(), rubric_xlsx::write::template(&rubric, &args.units));
        }
    }
    OK
}
