#![no_main]
//! A rule file (usually broken) rendered as a user sees it, through miette's
//! GraphicalReportHandler (unicode, no colour): the first syntax errors of `parse` with the raw
//! text as their source (must not panic), and every diagnostic of `load` through
//! `Diagnostic::to_report` at widths 24, 80, 100 and one picked by the first byte (8..=518);
//! `to_report` output must hold no raw control, ANSI or bidi character. Lossy UTF-8 decoding
//! keeps invalid bytes as U+FFFD.

use libfuzzer_sys::fuzz_target;
use miette::NamedSource;

#[path = "common.rs"]
mod common;

const WIDTHS: [usize; 3] = [24, 80, 100];

fuzz_target!(|data: &[u8]| {
    let Some(&w) = data.first() else { return };
    let text = String::from_utf8_lossy(data);
    let extra = 8 + usize::from(w) * 2;
    let widths = [WIDTHS[0], WIDTHS[1], WIDTHS[2], extra];
    let parsed = rubric_syntax::parse(&text);
    // The raw path (a SyntaxError with the whole text as its source, as an embedder of
    // rubric-syntax alone would render it) costs O(file) per error inside miette, so only the
    // first few are rendered, at one width; `to_report` below renders every diagnostic.
    for e in parsed.errors.iter().take(8) {
        let report = miette::Report::new(e.clone()).with_source_code(NamedSource::new("main.rubric", text.to_string()));
        let _ = common::render(report.as_ref(), extra);
    }
    let load = common::load(&text);
    common::render_load(&load, &widths);
});
