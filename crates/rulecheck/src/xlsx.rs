//! `--format xlsx`: results as a workbook (a ranking sheet, then a sheet per unit with every row,
//! its points, its maximum and the reason `eval` prints), written by `rubric-xlsx`; a workbook
//! goes to the file of `-o`, or to stdout only when it is not a terminal.

use crate::ui::{BAD_INPUT, OK, Ui};
use rubric_xlsx::write::WriteError;
use std::io::{IsTerminal, Write};

/// Refuses, before any work, to write a workbook to a terminal, and `-o` with another format.
pub fn check_output(ui: &Ui, output: Option<&str>, xlsx: bool) -> Result<(), u8> {
    match (xlsx, output) {
        (true, None) if std::io::stdout().is_terminal() => {
            ui.report(&crate::problems::Problem::WorkbookToTerminal);
            Err(BAD_INPUT)
        }
        (false, Some(_)) => {
            ui.report(&crate::problems::Problem::OutputNeedsWorkbook);
            Err(BAD_INPUT)
        }
        _ => Ok(()),
    }
}

/// Writes a workbook to `output`, or to stdout.
pub fn save(ui: &Ui, output: Option<&str>, book: Result<Vec<u8>, WriteError>) -> u8 {
    let bytes = match book {
        Ok(b) => b,
        Err(e) => {
            ui.error(&e);
            return BAD_INPUT;
        }
    };
    let written = match output {
        Some(path) => std::fs::write(path, &bytes),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes).and_then(|()| out.flush())
        }
    };
    match written {
        Ok(()) => OK,
        Err(e) => {
            ui.run_problem(crate::run_problems::Run::CannotWrite { path: output, why: crate::problems::Why::of(&e) });
            BAD_INPUT
        }
    }
}
