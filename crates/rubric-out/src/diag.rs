//! Diagnostics as JSON: a rule file's (located by file, line and column) and any other error
//! (facts, scoring), as `check --format json` writes them one a line and the service answers.

use miette::Diagnostic;
use rubric::Sources;

/// 1-based line and column (in characters) of a byte offset: the line from the file's line
/// starts (found once), the column by counting that line alone, so that writing many
/// diagnostics of a large file takes time in proportion to their number.
fn line_col(file: &rubric::source::SourceFile, offset: usize) -> (usize, usize) {
    (file.line_of(offset) + 1, rubric::safe::char_column(&file.text, offset) + 1)
}

/// A rule file's diagnostic: severity, code, message, its location and related locations, help.
pub fn rule_json(d: &rubric::Diagnostic, sources: &Sources) -> serde_json::Value {
    let label = |l: &rubric::diag::Label| {
        let file = sources.get(l.file);
        let (line, column) = file.map(|f| line_col(f, l.span.start)).unwrap_or((0, 0));
        serde_json::json!({
            "file": file.map(|f| f.name.clone()),
            "line": line,
            "column": column,
            "start": l.span.start,
            "end": l.span.end,
            "label": l.text,
        })
    };
    serde_json::json!({
        "severity": d.severity,
        "code": d.code,
        "message": d.message,
        "location": label(&d.label),
        "related": d.related.iter().map(label).collect::<Vec<_>>(),
        "help": d.help,
    })
}

/// An error without a rule-file location (facts, scoring, a workbook): code, message, help and
/// the problems it is made of, each clipped to a bounded length.
pub fn plain_json(e: &dyn Diagnostic) -> serde_json::Value {
    let related: Vec<serde_json::Value> = e.related().map(|r| r.map(plain_json).collect()).unwrap_or_default();
    serde_json::json!({
        "severity": "error",
        "code": e.code().map(|c| c.to_string()),
        "message": rubric::safe::clip(e.to_string()),
        "help": e.help().map(|h| rubric::safe::clip(h.to_string())),
        "related": related,
    })
}
