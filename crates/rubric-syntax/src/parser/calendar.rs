//! `calendar` declarations lowered to the AST: the years covered, holidays and working days.

use super::{Cx, Rule, span};
use crate::ast::{CalendarDays, CalendarDecl, CalendarLine, DayKind, DaySpan};
use crate::span::Spanned;
use pest::iterators::Pair;

impl Cx<'_> {
    /// `calendar "name" { year 2024  holiday …  workday … }`.
    pub(super) fn calendar(&mut self, p: Pair<'_, Rule>) -> Option<CalendarDecl> {
        let sp = span(&p);
        let before = self.errors.len();
        let mut name = None;
        let mut lines = Vec::new();
        for k in self.kids(p.clone()) {
            match k.as_rule() {
                Rule::string => name = Some(self.string(k)),
                Rule::year => {
                    let n = self.kids(k).into_iter().find(|k| k.as_rule() == Rule::integer);
                    if let Some(n) = n
                        && let Some(y) = self.integer(&n)
                    {
                        lines.push(CalendarLine::Year(Spanned::new(y, span(&n))));
                    }
                }
                Rule::calendar_day => {
                    if let Some(d) = self.calendar_days(k) {
                        lines.push(CalendarLine::Days(d));
                    }
                }
                Rule::bad_arm => self.reparse(&k, Rule::calendar_line_alone),
                Rule::kw_calendar => {}
                _ => self.skip(&k),
            }
        }
        let name = self.needed(name, before, &p)?;
        Some(CalendarDecl { name, lines, span: sp })
    }

    /// `holiday 2024-02-10 .. 2024-02-17 "春节"`.
    fn calendar_days(&mut self, p: Pair<'_, Rule>) -> Option<CalendarDays> {
        let sp = span(&p);
        let before = self.errors.len();
        let (mut kind, mut spans, mut note) = (None, Vec::new(), None);
        for k in self.kids(p.clone()) {
            match k.as_rule() {
                Rule::day_kind => kind = self.word(&k, "kind of day", day_kind),
                Rule::day_span => {
                    let at = span(&k);
                    let dates: Vec<_> = self.kids(k).into_iter().filter(|d| d.as_rule() == Rule::date).collect();
                    let mut read = dates.iter().map(|d| self.date(d).map(|v| Spanned::new(v, span(d))));
                    let from = read.next().flatten();
                    let to = read.next().flatten();
                    if let Some(from) = from {
                        spans.push(DaySpan { from, to, span: at });
                    }
                }
                Rule::string => note = Some(self.string(k)),
                _ => self.skip(&k),
            }
        }
        let kind = self.needed(kind, before, &p)?;
        Some(CalendarDays { kind, spans, note, span: sp })
    }
}

/// The kind of day a line's first word names.
pub(super) fn day_kind(word: &str) -> Option<DayKind> {
    match word {
        "holiday" => Some(DayKind::Holiday),
        "workday" => Some(DayKind::Workday),
        _ => None,
    }
}
