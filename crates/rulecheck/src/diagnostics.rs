//! Rendering diagnostics for people: miette's graphical reports, with or without colour.

use miette::{GraphicalReportHandler, GraphicalTheme};

/// Renders one diagnostic as text.
pub fn render(report: &miette::Report, color: bool) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    let mut out = String::new();
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        out = format!("{report}");
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}
