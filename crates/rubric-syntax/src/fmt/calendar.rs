//! The canonical text of a `calendar` declaration: one line for each year, holiday and workday line.

use super::{Printer, date, quote};
use crate::ast::{CalendarDecl, CalendarLine, DaySpan};

impl Printer<'_> {
    pub(super) fn calendar(&mut self, c: &CalendarDecl) {
        let head = format!("calendar {}", quote(&c.name.value));
        let braces = (self.brace_after(c.name.span.end), c.span.end.saturating_sub(1));
        self.block(0, &head, c.span.start, braces, c.lines.is_empty(), |p, level| {
            for line in &c.lines {
                match line {
                    CalendarLine::Year(y) => {
                        let end = p.content_end(y.span);
                        p.line(level, &format!("year {}", y.value), y.span.start, end);
                    }
                    CalendarLine::Days(d) => {
                        let spans: Vec<String> = d.spans.iter().map(day_span).collect();
                        let mut text = format!("{} {}", d.kind.keyword(), spans.join(", "));
                        if let Some(n) = &d.note {
                            text.push(' ');
                            text.push_str(&quote(&n.value));
                        }
                        let end = p.content_end(d.span);
                        p.line(level, &text, d.span.start, end);
                    }
                }
            }
        });
    }
}

/// `2024-02-10` or `2024-02-10 .. 2024-02-17`.
fn day_span(s: &DaySpan) -> String {
    match &s.to {
        Some(to) => format!("{} .. {}", date(s.from.value), date(to.value)),
        None => date(s.from.value),
    }
}
