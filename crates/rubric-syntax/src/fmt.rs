//! The canonical formatter: prints a parsed rule file in one layout, keeping every comment.
//!
//! The layout is described in `docs/language.md` (section "Formatting"). In short: two spaces
//! per level, one statement per line, `{` at the end of its header line and `}` on a line of
//! its own, an empty body as `{}`, at most one blank line where the source had any, none after
//! `{` or before `}`, one blank line between top-level items, band tables aligned by display
//! width. Literals keep their text; dates are written `YYYY-MM-DD`.
//!
//! Comments are placed by position. The printer walks the tree in source order and keeps a
//! cursor into the comments of the text. Before it writes a line it writes, each on a line of
//! its own, every comment that starts before the end of what the line prints (comments before
//! the statement and comments inside it); after the line it appends the comment that follows
//! it on the same source line with nothing but blanks between (a trailing comment). Comments
//! left before a closing `}` or at the end of the file are written there. The cursor only
//! moves forward, so no comment is written twice or out of order, and the end of the file
//! writes all that remain, so none is lost.

use crate::ast::*;
use crate::error::SyntaxError;
use crate::parser::parse;
use crate::span::Span;
use chrono::{Datelike, NaiveDate};
use unicode_width::UnicodeWidthStr;

mod calendar;

/// Formats a rule file in the canonical layout.
///
/// A file with syntax errors is not formatted: its errors are returned instead.
///
/// ```
/// let out = rubric_syntax::format("rubric \"r\" max 1 { item 一 \"行\" max 1 { award 1 when 完成 } }");
/// assert_eq!(
///     out.ok().as_deref(),
///     Some("rubric \"r\" max 1 {\n  item 一 \"行\" max 1 {\n    award 1 when 完成\n  }\n}\n")
/// );
/// ```
pub fn format(src: &str) -> Result<String, Vec<SyntaxError>> {
    let parsed = parse(src);
    if !parsed.errors.is_empty() {
        return Err(parsed.errors);
    }
    let mut p = Printer {
        src,
        comments: &parsed.file.comments,
        next: 0,
        out: String::with_capacity(src.len() + src.len() / 8),
        last_end: 0,
        fresh: true,
        force_blank: false,
        after_import: false,
    };
    p.file(&parsed.file);
    // Joining a statement onto one line can, in extreme files, make a line longer than the
    // budget; such output would not parse again, so it is refused instead of returned.
    let over = crate::budget::check(&p.out, &crate::budget::Limits::default());
    if let Some(SyntaxError::Budget(b)) = over.into_iter().next() {
        return Err(vec![SyntaxError::Budget(crate::error::BudgetExceeded {
            what: format!("formatted, the file would be beyond a budget ({})", b.what),
            span: Span::new(0, 0).into(),
            ..b
        })]);
    }
    Ok(p.out)
}

/// Two spaces per level.
const INDENT: &str = "  ";

/// The whitespace of the grammar.
fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{3000}' | '\u{FEFF}')
}

struct Printer<'a> {
    src: &'a str,
    /// Every comment of the file, in source order.
    comments: &'a [Comment],
    /// The first comment not yet written.
    next: usize,
    out: String,
    /// Where, in the source, what was written last ends.
    last_end: usize,
    /// Nothing written yet in the current body (or file): no blank line before the next line.
    fresh: bool,
    /// The next line gets a blank line before it whatever the source had (top level).
    force_blank: bool,
    /// The last top-level line written was an `import`.
    after_import: bool,
}

/// One line of a `test` body, in source order.
enum TestLine<'t> {
    Given(&'t [Given]),
    Expect(&'t Expect),
    Period(&'t TestPeriod),
    Unit(&'t TestUnit),
}

/// The `given` and `expect` lines of a test body.
struct TestParts<'t> {
    given: &'t [Given],
    expect: &'t [Expect],
}

impl<'a> Printer<'a> {
    // ------------------------------------------------------------ layout and comments

    fn indent(&mut self, level: usize) {
        for _ in 0..level {
            self.out.push_str(INDENT);
        }
    }

    fn text(&self, from: usize, to: usize) -> &'a str {
        if from >= to {
            return "";
        }
        self.src.get(from..to).unwrap_or("")
    }

    /// Whether the source between two offsets holds a blank line.
    fn has_blank(&self, from: usize, to: usize) -> bool {
        let mut lines = self.text(from, to).split('\n');
        lines.next(); // the rest of the line `from` is on
        let rest: Vec<&str> = lines.collect();
        match rest.split_last() {
            Some((_, whole)) => whole.iter().any(|l| l.chars().all(is_ws)),
            None => false,
        }
    }

    /// Writes the blank line that goes before a line starting at `start`, if any.
    fn separate(&mut self, start: usize) {
        if !self.fresh && (self.force_blank || self.has_blank(self.last_end, start)) {
            self.out.push('\n');
        }
        self.fresh = false;
        self.force_blank = false;
    }

    /// Writes, each on its own line, every comment not yet written that starts before `limit`.
    fn comments_before(&mut self, limit: usize, level: usize) {
        let comments = self.comments;
        while let Some(c) = comments.get(self.next) {
            if c.span.start >= limit {
                break;
            }
            self.separate(c.span.start);
            self.indent(level);
            self.out.push_str(&c.text);
            self.out.push('\n');
            self.last_end = c.span.end;
            self.next += 1;
            self.after_import = false;
        }
    }

    /// Appends the next comment to the line just written if it followed that line's text on
    /// the same source line with only blanks between.
    fn trailing(&mut self) {
        let Some(c) = self.comments.get(self.next) else { return };
        if c.span.start < self.last_end {
            return;
        }
        let gap = self.text(self.last_end, c.span.start);
        if gap.chars().all(|ch| is_ws(ch) && ch != '\n') {
            if self.out.ends_with('\n') {
                self.out.pop();
            }
            self.out.push(' ');
            self.out.push_str(&c.text);
            self.out.push('\n');
            self.last_end = c.span.end;
            self.next += 1;
        }
    }

    /// Writes one line of text standing for the source `start..end`, with the comments that
    /// come before it or inside it above it and its trailing comment after it.
    fn line(&mut self, level: usize, text: &str, start: usize, end: usize) {
        self.comments_before(end, level);
        self.separate(start);
        self.indent(level);
        self.out.push_str(text);
        self.out.push('\n');
        self.last_end = end;
        self.trailing();
    }

    /// Writes `head {`, the body, and `}`; or `head {}` when the body holds nothing at all.
    /// `braces` are the offsets of the `{` and the `}` in the source.
    fn block(
        &mut self,
        level: usize,
        head: &str,
        start: usize,
        braces: (usize, usize),
        empty: bool,
        body: impl FnOnce(&mut Self, usize),
    ) {
        let (open, close) = braces;
        if empty && !self.comment_within(open, close) {
            self.line(level, &format!("{head} {{}}"), start, close + 1);
            return;
        }
        let one_line = !self.text(start, close).contains('\n');
        self.line(level, &format!("{head} {{"), start, open + 1);
        if one_line {
            // `item … { … } // c` written on one line: the comment is about the whole block
            // and goes on its header line (there can be no comment inside such a block).
            let (at, next) = (self.last_end, self.next);
            self.last_end = close + 1;
            self.trailing();
            if self.next == next {
                self.last_end = at;
            }
        }
        self.fresh = true;
        body(self, level + 1);
        self.comments_before(close, level + 1);
        self.indent(level);
        self.out.push_str("}\n");
        self.last_end = close + 1;
        self.fresh = false;
        self.trailing();
    }

    /// Whether a comment not yet written starts strictly between two offsets.
    fn comment_within(&self, from: usize, to: usize) -> bool {
        self.comments.iter().skip(self.next).take_while(|c| c.span.start < to).any(|c| c.span.start > from)
    }

    /// The end of a span's own text: a statement's span may run on over the blanks and
    /// comments after its last token, which belong to what follows.
    fn content_end(&self, span: Span) -> usize {
        let mut end = span.end;
        loop {
            let kept = self.text(span.start, end).trim_end_matches(is_ws).len();
            end = span.start + kept;
            match self.comments.binary_search_by_key(&end, |c| c.span.end) {
                Ok(i) => match self.comments.get(i) {
                    Some(c) if c.span.start >= span.start && c.span.start < end => end = c.span.start,
                    _ => return end,
                },
                Err(_) => return end,
            }
        }
    }

    /// The offset of the first `{` at or after `from`, outside comments and strings.
    fn brace_after(&self, from: usize) -> usize {
        crate::scan::code_byte(self.src, from, b'{').unwrap_or(from)
    }

    /// The offset of the `{` that opens a body whose header is `head`.
    fn open_brace(&self, head: Span) -> usize {
        if self.src.as_bytes().get(head.end) == Some(&b'{') { head.end } else { self.brace_after(head.start) }
    }

    // ------------------------------------------------------------ the file

    fn file(&mut self, f: &File) {
        for item in &f.items {
            match item {
                Top::Import(i) => {
                    let end = self.content_end(i.span);
                    self.line(0, &format!("import {}", quote(&i.path.value)), i.span.start, end);
                    self.after_import = true;
                }
                Top::Block(c) | Top::Rubric(c) => {
                    self.before_item();
                    self.container(c);
                    self.force_blank = true;
                }
                Top::Test(t) => {
                    self.before_item();
                    self.test(t);
                    self.force_blank = true;
                }
                Top::Calendar(c) => {
                    self.before_item();
                    self.calendar(c);
                    self.force_blank = true;
                }
            }
        }
        self.comments_before(usize::MAX, 0);
    }

    /// A block, rubric or test right after an import gets a blank line before it.
    fn before_item(&mut self) {
        if self.after_import {
            self.force_blank = true;
        }
        self.after_import = false;
    }

    fn container(&mut self, c: &Container) {
        let mut head = match &c.name {
            Some(name) => format!("block {} {}", name.value, quote(&c.title.value)),
            None => format!("rubric {}", quote(&c.title.value)),
        };
        if !c.params.is_empty() {
            head.push(' ');
            head.push_str(&params(&c.params));
        }
        push_max(&mut head, c.max.as_ref(), c.max_cases.as_ref());
        push_max_name(&mut head, c.max_name.as_ref());
        let braces = (self.open_brace(c.head), c.span.end.saturating_sub(1));
        self.block(0, &head, c.span.start, braces, c.body.is_empty(), |p, level| p.stmts(&c.body, level));
    }

    fn test(&mut self, t: &TestBlock) {
        let head = format!("test {}", quote(&t.name.value));
        let braces = (self.brace_after(t.name.span.end), t.span.end.saturating_sub(1));
        let empty = t.given.is_empty() && t.expect.is_empty() && t.periods.is_empty() && t.units.is_empty();
        self.block(0, &head, t.span.start, braces, empty, |p, level| {
            p.checks(&t.given, &t.expect, &t.periods, &t.units, level);
        });
    }

    /// The lines of a test body (or of a `period` block in it), in source order.
    fn checks(&mut self, given: &[Given], expect: &[Expect], periods: &[TestPeriod], units: &[TestUnit], level: usize) {
        let t = TestParts { given, expect };
        let mut lines: Vec<(usize, TestLine<'_>)> = Vec::new();
        let mut from = 0;
        for (i, g) in t.given.iter().enumerate() {
            if g.line_start && i > from {
                if let Some(group) = t.given.get(from..i) {
                    lines.push((group.first().map_or(0, |g| g.span.start), TestLine::Given(group)));
                }
                from = i;
            }
        }
        if let Some(group) = t.given.get(from..).filter(|g| !g.is_empty()) {
            lines.push((group.first().map_or(0, |g| g.span.start), TestLine::Given(group)));
        }
        lines.extend(t.expect.iter().map(|e| (e.span.start, TestLine::Expect(e))));
        lines.extend(periods.iter().map(|tp| (tp.span.start, TestLine::Period(tp))));
        lines.extend(units.iter().map(|tu| (tu.span.start, TestLine::Unit(tu))));
        lines.sort_by_key(|(start, _)| *start);
        let p = self;
        {
            for (start, line) in &lines {
                match line {
                    TestLine::Period(tp) => {
                        let head = format!("period {}", tp.name.value);
                        let braces = (p.brace_after(tp.name.span.end), tp.span.end.saturating_sub(1));
                        let empty = tp.given.is_empty() && tp.expect.is_empty();
                        p.block(level, &head, tp.span.start, braces, empty, |q, inner| {
                            q.checks(&tp.given, &tp.expect, &[], &[], inner);
                        });
                    }
                    TestLine::Unit(tu) => {
                        let name = if tu.quoted { quote(&tu.name.value) } else { tu.name.value.clone() };
                        let braces = (p.brace_after(tu.name.span.end), tu.span.end.saturating_sub(1));
                        let empty = tu.given.is_empty() && tu.expect.is_empty();
                        p.block(level, &format!("unit {name}"), tu.span.start, braces, empty, |q, inner| {
                            q.checks(&tu.given, &tu.expect, &[], &[], inner);
                        });
                    }
                    TestLine::Given(group) => {
                        let end = group.last().map_or(*start, |g| p.content_end(g.span));
                        let pairs: Vec<String> =
                            group.iter().map(|g| format!("{} = {}", g.fact.value, test_value(&g.value))).collect();
                        p.line(level, &format!("given {}", pairs.join(", ")), *start, end);
                    }
                    TestLine::Expect(e) => {
                        let text = match &e.kind {
                            ExpectKind::Total(n) => format!("expect total = {}", lit(n)),
                            ExpectKind::Node(id, n) => format!("expect {} = {}", id.value, lit(n)),
                            ExpectKind::Error(code) => format!("expect error {}", quote(&code.value)),
                            ExpectKind::Rank(n) => format!("expect rank = {}", lit(n)),
                            ExpectKind::Grade(Some(id), g) => {
                                format!("expect {} grade = {}", id.value, quote(&g.value))
                            }
                            ExpectKind::Grade(None, g) => format!("expect grade = {}", quote(&g.value)),
                        };
                        let end = p.content_end(e.span);
                        p.line(level, &text, e.span.start, end);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------ statements

    fn stmts(&mut self, body: &[Stmt], level: usize) {
        for s in body {
            self.stmt(s, level);
        }
    }

    fn stmt(&mut self, s: &Stmt, level: usize) {
        let text = match &s.kind {
            StmtKind::Node(n) => return self.node(n, s, level),
            StmtKind::Band(b) => return self.band(b, s, level),
            StmtKind::Table(t) => return self.table(t, s, level),
            StmtKind::Fact(f) if f.ty.value == FactType::List => return self.list_fact(f, s, level),
            StmtKind::Grade(g) => return self.grade(g, s, level),
            StmtKind::Fact(f) => {
                let given = match (f.optional, f.given) {
                    (true, true) => "optional given ",
                    (true, false) => "optional ",
                    (false, true) => "given ",
                    (false, false) => "",
                };
                let mut t = format!("fact {}: {given}{}", f.name.value, f.ty.value.keyword());
                if !f.names.is_empty() {
                    let names: Vec<&str> = f.names.iter().map(|n| n.value.as_str()).collect();
                    t.push(' ');
                    t.push_str(&names.join("/"));
                }
                if let Some(r) = &f.range {
                    t.push_str(" in ");
                    t.push_str(&interval(r));
                }
                push_label(&mut t, f.desc.as_ref());
                t
            }
            StmtKind::Let(l) => {
                let ty = l.ty.as_ref().map(|t| format!(": {}", t.value.keyword())).unwrap_or_default();
                let mut t = format!("let {}{ty} = {}", l.name.value, expr(&l.expr));
                match &l.on_zero {
                    Some(OnZero::Error(_)) => t.push_str(" on zero => error"),
                    Some(OnZero::NotApplicable(_)) => t.push_str(" on zero => 不适用"),
                    Some(OnZero::Value(e)) => {
                        t.push_str(" on zero => ");
                        t.push_str(&expr(e));
                    }
                    None => {}
                }
                push_label(&mut t, l.desc.as_ref());
                t
            }
            StmtKind::Year(y) => format!("year {}", y.value),
            StmtKind::Use(u) => {
                let mut t = format!("use {}", u.name.value);
                if !u.args.is_empty() {
                    let args: Vec<String> =
                        u.args.iter().map(|a| format!("{} = {}", a.name.value, lit(&a.value))).collect();
                    t.push_str(&format!("({})", args.join(", ")));
                }
                if let Some(a) = &u.alias {
                    t.push_str(&format!(" as {}", a.value));
                }
                if let Some(title) = &u.title {
                    t.push_str(&format!(" {}", quote(&title.value)));
                }
                if !u.only.is_empty() {
                    t.push_str(&format!(" only {}", names(&u.only)));
                }
                t
            }
            StmtKind::Period(p) => {
                let mut t = format!("period {} {} weight {}", p.name.value, quote(&p.title.value), lit(&p.weight));
                if let Some(d) = &p.due {
                    t.push_str(&format!(" due {}", date(d.value)));
                }
                t
            }
            StmtKind::Only(v) => format!("only {}", names(v)),
            StmtKind::Lead(v) => format!("lead {}", quote_list(v)),
            StmtKind::Office(v) => format!("office {}", quote_list(v)),
            StmtKind::Owner(v) => format!("owner {}", quote_list(v)),
            StmtKind::Due(Due::Date(d)) => format!("due {}", date(d.value)),
            StmtKind::Due(Due::Text(t)) => format!("due {}", quote(&t.value)),
            StmtKind::Text(t) => format!("text {}", quote(&t.value)),
            StmtKind::Award(a) => adjust("award", a),
            StmtKind::Deduct(a) => adjust("deduct", a),
            StmtKind::Bonus(a) => adjust("bonus", a),
            StmtKind::Score(sc) => {
                let mut t = format!("score {}", expr(&sc.expr));
                push_label(&mut t, sc.label.as_ref());
                t
            }
            StmtKind::Judged(j) => {
                let mut t = format!("judged {}", j.fact.value);
                push_label(&mut t, j.label.as_ref());
                t
            }
            StmtKind::Zero(c) => cond("zero", c),
            StmtKind::Veto(c) => cond("veto", c),
            StmtKind::Floor(l) => format!("floor {}", limit(l)),
            StmtKind::Cap(l) => format!("cap {}", limit(l)),
            StmtKind::Combine(c) => {
                let mut t = format!("combine {}", c.how.value.keyword());
                push_label(&mut t, c.label.as_ref());
                t
            }
            StmtKind::NotApplicable(c) => {
                let how = c.to.as_ref().map_or(c.how.value.keyword(), |t| t.value.as_str());
                let mut t = format!("not_applicable => {how}");
                push_label(&mut t, c.label.as_ref());
                t
            }
            StmtKind::CapWhen(c) => {
                let mut t = format!("cap {} when ", lit(&c.points));
                write_expr(&mut t, &c.cond);
                push_label(&mut t, c.label.as_ref());
                t
            }
            StmtKind::BonusCap(l) => format!("bonus_cap {}", limit(l)),
            StmtKind::Round(r) => match &r.mode {
                Some(m) => format!("round {} {}", r.places.value, m.value.keyword()),
                None => format!("round {}", r.places.value),
            },
        };
        let end = self.content_end(s.span);
        self.line(level, &text, s.span.start, end);
    }

    fn node(&mut self, n: &Node, s: &Stmt, level: usize) {
        let mut head = format!("{} {} {}", n.kind.value.keyword(), n.id.value, quote(&n.title.value));
        push_max(&mut head, n.max.as_ref(), n.max_cases.as_ref());
        push_max_name(&mut head, n.max_name.as_ref());
        let braces = (self.open_brace(n.head), s.span.end.saturating_sub(1));
        self.block(level, &head, s.span.start, braces, n.body.is_empty(), |p, inner| p.stmts(&n.body, inner));
    }

    /// A band table: one arm a line, `=>` aligned, labels aligned after the points.
    fn band(&mut self, b: &Band, s: &Stmt, level: usize) {
        let head = format!("band {}", expr(&b.subject));
        let braces = (self.brace_after(b.subject.span.end), s.span.end.saturating_sub(1));
        let intervals: Vec<String> = b.arms.iter().map(|a| interval(&a.interval)).collect();
        let points: Vec<String> = b.arms.iter().map(|a| expr(&a.points)).collect();
        let iv_width = intervals.iter().map(|t| t.width()).max().unwrap_or(0);
        let pt_width =
            b.arms.iter().zip(&points).filter(|(a, _)| a.label.is_some()).map(|(_, t)| t.width()).max().unwrap_or(0);
        let mut lines = Vec::with_capacity(b.arms.len());
        for ((arm, iv), pt) in b.arms.iter().zip(&intervals).zip(&points) {
            let mut t = String::new();
            pad(&mut t, iv, iv_width);
            t.push_str(" => ");
            match &arm.label {
                Some(label) => {
                    pad(&mut t, pt, pt_width);
                    t.push(' ');
                    t.push_str(&quote(&label.value));
                }
                None => t.push_str(pt),
            }
            lines.push((arm.span, t));
        }
        self.block(level, &head, s.span.start, braces, lines.is_empty(), |p, inner| {
            for (span, text) in &lines {
                let end = p.content_end(*span);
                p.line(inner, text, span.start, end);
            }
        });
    }
}

impl Printer<'_> {
    /// `fact NAME: list "…" { FIELD: TYPE … }`: one field a line.
    fn list_fact(&mut self, f: &FactDecl, s: &Stmt, level: usize) {
        let mut head = format!("fact {}: list", f.name.value);
        push_label(&mut head, f.desc.as_ref());
        let after = f.desc.as_ref().map_or(f.ty.span.end, |d| d.span.end);
        let braces = (self.brace_after(after), s.span.end.saturating_sub(1));
        let lines: Vec<(Span, String)> = f
            .fields
            .iter()
            .map(|x| {
                let mut t = format!("{}: {}", x.name.value, x.ty.value.keyword());
                if !x.names.is_empty() {
                    let names: Vec<&str> = x.names.iter().map(|n| n.value.as_str()).collect();
                    t.push(' ');
                    t.push_str(&names.join("/"));
                }
                if let Some(r) = &x.range {
                    t.push_str(" in ");
                    t.push_str(&interval(r));
                }
                push_label(&mut t, x.desc.as_ref());
                let end = [x.desc.as_ref().map(|d| d.span.end), x.range.as_ref().map(|r| r.span.end)]
                    .into_iter()
                    .flatten()
                    .chain(x.names.last().map(|n| n.span.end))
                    .chain([x.ty.span.end])
                    .max()
                    .unwrap_or(x.ty.span.end);
                (Span { start: x.name.span.start, end }, t)
            })
            .collect();
        self.block(level, &head, s.span.start, braces, lines.is_empty(), |p, inner| {
            for (span, text) in &lines {
                let end = p.content_end(*span);
                p.line(inner, text, span.start, end);
            }
        });
    }

    /// `grade { … }`: one line each, the arrows of the intervals aligned, and their names when
    /// labelled.
    fn grade(&mut self, g: &Grade, s: &Stmt, level: usize) {
        let braces = (self.brace_after(s.span.start.saturating_add("grade".len())), s.span.end.saturating_sub(1));
        let arms: Vec<Option<String>> = g
            .lines
            .iter()
            .map(|l| match &l.kind {
                GradeLineKind::Arm(iv) => Some(interval(iv)),
                _ => None,
            })
            .collect();
        let iv_width = arms.iter().flatten().map(|t| t.width()).max().unwrap_or(0);
        let name_width = g
            .lines
            .iter()
            .zip(&arms)
            .filter(|(l, a)| a.is_some() && l.label.is_some())
            .map(|(l, _)| l.name.value.width())
            .max()
            .unwrap_or(0);
        let mut lines = Vec::with_capacity(g.lines.len());
        for (line, arm) in g.lines.iter().zip(&arms) {
            let name = &line.name.value;
            let mut t = String::new();
            match (&line.kind, arm) {
                (GradeLineKind::Arm(_), Some(iv)) => {
                    pad(&mut t, iv, iv_width);
                    t.push_str(" => ");
                    if line.label.is_some() {
                        pad(&mut t, name, name_width);
                    } else {
                        t.push_str(name);
                    }
                }
                (GradeLineKind::Fix(c), _) => t = format!("{name} when {}", expr(c)),
                (GradeLineKind::Bar(c), _) => t = format!("bar {name} when {}", expr(c)),
                (GradeLineKind::Quota(q), _) => t = format!("quota {name} {}", lit(q)),
                (GradeLineKind::Arm(iv), None) => t = format!("{} => {name}", interval(iv)),
            }
            if let Some(label) = &line.label {
                t.push(' ');
                t.push_str(&quote(&label.value));
            }
            lines.push((line.span, t));
        }
        self.block(level, "grade", s.span.start, braces, lines.is_empty(), |p, inner| {
            for (span, text) in &lines {
                let end = p.content_end(*span);
                p.line(inner, text, span.start, end);
            }
        });
    }

    /// `table NAME by KIND, KIND "…" { … }`: one cell a line, the arrows aligned.
    fn table(&mut self, t: &Table, s: &Stmt, level: usize) {
        let by: Vec<&str> = t.by.iter().map(|k| k.value.as_str()).collect();
        let mut head = format!("table {} by {}", t.name.value, by.join(", "));
        push_label(&mut head, t.desc.as_ref());
        let after = t.desc.as_ref().map_or_else(|| t.by.last().map_or(t.name.span.end, |k| k.span.end), |d| d.span.end);
        let braces = (self.brace_after(after), s.span.end.saturating_sub(1));
        let keys: Vec<String> =
            t.cells.iter().map(|c| c.names.iter().map(|n| n.value.as_str()).collect::<Vec<_>>().join(", ")).collect();
        let width = keys.iter().map(|k| k.width()).max().unwrap_or(0);
        let lines: Vec<(Span, String)> = t
            .cells
            .iter()
            .zip(&keys)
            .map(|(c, k)| {
                let mut line = String::new();
                pad(&mut line, k, width);
                line.push_str(" => ");
                line.push_str(&expr(&c.value));
                (c.span, line)
            })
            .collect();
        self.block(level, &head, s.span.start, braces, lines.is_empty(), |p, inner| {
            for (span, text) in &lines {
                let end = p.content_end(*span);
                p.line(inner, text, span.start, end);
            }
        });
    }
}

// ------------------------------------------------------------ pieces of lines

/// Appends `text`, then spaces up to the display width `width`.
fn pad(out: &mut String, text: &str, width: usize) {
    out.push_str(text);
    for _ in text.width()..width {
        out.push(' ');
    }
}

/// `max N`, or `max 2 when C, 3 when D else 4` when the maximum depends on the unit.
fn push_max(head: &mut String, max: Option<&Literal>, cases: Option<&crate::ast::MaxCases>) {
    if let Some(c) = cases {
        let arms: Vec<String> = c.cases.iter().map(|a| format!("{} when {}", lit(&a.value), expr(&a.when))).collect();
        head.push_str(" max ");
        head.push_str(&arms.join(", "));
        if let Some(o) = &c.otherwise {
            head.push_str(" else ");
            head.push_str(&lit(o));
        }
    } else if let Some(m) = max {
        head.push_str(" max ");
        head.push_str(&lit(m));
    }
}

fn push_max_name(head: &mut String, max: Option<&crate::span::Spanned<String>>) {
    if let Some(m) = max {
        head.push_str(" max ");
        head.push_str(&m.value);
    }
}

fn names(v: &[crate::span::Spanned<String>]) -> String {
    v.iter().map(|n| n.value.as_str()).collect::<Vec<_>>().join(", ")
}

fn params(v: &[Param]) -> String {
    let parts: Vec<String> = v
        .iter()
        .map(|p| {
            let mut t = p.name.value.clone();
            if let Some(ty) = &p.ty {
                t.push_str(": ");
                t.push_str(ty.value.keyword());
            }
            if let Some(d) = &p.default {
                t.push_str(" = ");
                t.push_str(&lit(d));
            }
            t
        })
        .collect();
    format!("({})", parts.join(", "))
}

fn push_label(line: &mut String, label: Option<&crate::span::Spanned<String>>) {
    if let Some(l) = label {
        line.push(' ');
        line.push_str(&quote(&l.value));
    }
}

fn adjust(keyword: &str, a: &Adjust) -> String {
    let mut t = format!("{keyword} {}", expr(&a.amount));
    for (word, part) in [("per", &a.per), ("when", &a.when), ("max", &a.max)] {
        if let Some(e) = part {
            t.push(' ');
            t.push_str(word);
            t.push(' ');
            t.push_str(&expr(e));
        }
    }
    push_label(&mut t, a.label.as_ref());
    t
}

fn cond(keyword: &str, c: &Cond) -> String {
    let mut t = format!("{keyword} when {}", expr(&c.cond));
    push_label(&mut t, c.label.as_ref());
    t
}

fn limit(l: &Limit) -> String {
    match l {
        Limit::None(_) => "none".to_string(),
        Limit::Value(n) => lit(n),
    }
}

fn interval(i: &Interval) -> String {
    format!(
        "{}{}, {}{}",
        if i.lo_closed { '[' } else { '(' },
        bound(&i.lo),
        bound(&i.hi),
        if i.hi_closed { ']' } else { ')' }
    )
}

fn bound(b: &Bound) -> String {
    match b {
        Bound::Unbounded(_) => "..".to_string(),
        Bound::Value(l) => lit(l),
        Bound::Name(n) => n.value.clone(),
    }
}

fn test_value(v: &TestValue) -> String {
    match v {
        TestValue::Lit(l) => lit(l),
        TestValue::Bool(b) => b.to_string(),
        TestValue::Text(t) => quote(t),
        TestValue::Records(rs) => {
            let rs: Vec<String> = rs
                .iter()
                .map(|r| {
                    let fs: Vec<String> =
                        r.fields.iter().map(|(n, v)| format!("{} = {}", n.value, test_value(v))).collect();
                    format!("{{{}}}", fs.join(", "))
                })
                .collect();
            format!("[{}]", rs.join(", "))
        }
        TestValue::NotApplicable(w) => w.clone(),
    }
}

/// A literal as written, except that a date is written `YYYY-MM-DD`.
fn lit(l: &Literal) -> String {
    match l.value {
        LitValue::Date(d) => date(d),
        LitValue::Number(_) | LitValue::Percent(_) => l.text.clone(),
    }
}

fn date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// A string literal, with `"`, `\`, newlines and tabs escaped.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn quote_list(v: &[crate::span::Spanned<String>]) -> String {
    v.iter().map(|s| quote(&s.value)).collect::<Vec<_>>().join(", ")
}

/// An expression, with single spaces around binary operators and the source's parentheses.
fn expr(e: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, e);
    out
}

/// Writes an expression. Chains of prefixes and of left-associative operators (`a + b + c …`,
/// which the parser builds without recursion) are written in a loop, not by recursion.
fn write_expr(out: &mut String, e: &Expr) {
    let mut e = e;
    while let ExprKind::Unary(op, x) = &e.kind {
        match op {
            UnOp::Not => out.push_str("not "),
            UnOp::Neg if matches!(x.kind, ExprKind::Unary(UnOp::Neg, _)) => out.push_str("- "), // not `--x`
            UnOp::Neg => out.push('-'),
        }
        e = x;
    }
    let mut rights = Vec::new();
    while let ExprKind::Binary(op, a, b) = &e.kind {
        rights.push((*op, b));
        e = a;
    }
    if !rights.is_empty() {
        write_expr(out, e);
        for (op, b) in rights.into_iter().rev() {
            out.push(' ');
            out.push_str(op.symbol());
            out.push(' ');
            write_expr(out, b);
        }
        return;
    }
    match &e.kind {
        ExprKind::Lit(l) => out.push_str(&lit(l)),
        ExprKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        ExprKind::Name(n) => out.push_str(n),
        // Written by the loops above.
        ExprKind::Unary(..) | ExprKind::Binary(..) => {}
        ExprKind::Call(f, args) => {
            out.push_str(f.name());
            out.push('(');
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_expr(out, a);
            }
            if *f == crate::ast::Func::RankLowest {
                out.push_str(", lowest");
            }
            if let crate::ast::Func::Round(m) = f
                && *m != crate::ast::RoundMode::HalfUp
            {
                out.push_str(", ");
                out.push_str(m.keyword());
            }
            out.push(')');
        }
        ExprKind::Among(f, args, among) => {
            out.push_str(f.name());
            out.push('(');
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_expr(out, a);
            }
            if *f == crate::ast::Func::RankLowest {
                out.push_str(", lowest");
            }
            if !args.is_empty() {
                out.push(' ');
            }
            out.push_str("among ");
            write_expr(out, &among.cond);
            if let Some(e) = &among.or_else {
                out.push_str(", else ");
                write_expr(out, e);
            }
            out.push(')');
        }
        ExprKind::If(c, a, b) => {
            out.push_str("if ");
            write_expr(out, c);
            out.push_str(" then ");
            write_expr(out, a);
            out.push_str(" else ");
            write_expr(out, b);
        }
        ExprKind::In(x, names) => {
            write_expr(out, x);
            let names: Vec<&str> = names.iter().map(|n| n.value.as_str()).collect();
            out.push_str(" in [");
            out.push_str(&names.join(", "));
            out.push(']');
        }
        ExprKind::Paren(x) => {
            out.push('(');
            write_expr(out, x);
            out.push(')');
        }
        // Only in a file with syntax errors, which is never formatted.
        ExprKind::Error => {}
        ExprKind::Agg(a) => {
            out.push_str(a.func.name());
            out.push('(');
            write_list(out, &a.list);
            if let Some(x) = &a.arg {
                out.push_str(", ");
                match a.pick {
                    Some(crate::ast::AggPick::Max) => out.push_str("max "),
                    Some(crate::ast::AggPick::Min) => out.push_str("min "),
                    None => {}
                }
                write_expr(out, x);
            }
            if let Some(d) = &a.default {
                out.push_str(", else ");
                write_expr(out, d);
            }
            out.push(')');
        }
        ExprKind::List(l) => write_list(out, l),
        ExprKind::NodeRef(read, id) => {
            out.push_str(read.keyword());
            out.push('(');
            // An id whose parentheses do not pair up is quoted, as it was written.
            if crate::ast::ref_id_bare(&id.value) {
                out.push_str(&id.value);
            } else {
                out.push_str(&quote(&id.value));
            }
            out.push(')');
        }
    }
}

/// `LIST [where COND] [by FIELD]`.
fn write_list(out: &mut String, l: &ListExpr) {
    out.push_str(&l.name.value);
    if let Some(c) = &l.filter {
        out.push_str(" where ");
        write_expr(out, c);
    }
    if let Some(b) = &l.by {
        out.push_str(" by ");
        out.push_str(&b.value);
    }
}
