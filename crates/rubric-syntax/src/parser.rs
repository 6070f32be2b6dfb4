//! Lowering of the pest parse tree into the AST, with error recovery.

use crate::ast::*;
use crate::error::{BadDate, BadEscape, BadNumber, DateYear, HiddenChar, SyntaxError, Unexpected, YEARS};
use crate::span::{Span, Spanned};
use chrono::NaiveDate;
use pest::Parser as _;
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use rust_decimal::Decimal;
use std::sync::OnceLock;

#[derive(pest_derive::Parser)]
#[grammar = "../../grammar/rubric.pest"]
struct Grammar;

/// The result of parsing: the tree as far as it could be read, and every error found.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The syntax tree; broken lines are left out of it.
    pub file: File,
    /// Every syntax error, in source order.
    pub errors: Vec<SyntaxError>,
}

impl Parsed {
    /// Whether the file parsed without errors.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Parses a rule file. Never fails: errors are collected, and parsing goes on
/// after each broken line so that every problem is reported at once.
pub fn parse(src: &str) -> Parsed {
    parse_with(src, &crate::budget::Limits::default())
}

/// Parses a rule file within the given budgets; a file beyond a budget is not parsed at all.
pub fn parse_with(src: &str, limits: &crate::budget::Limits) -> Parsed {
    let over = crate::budget::check(src, limits);
    if !over.is_empty() {
        return Parsed { file: File::default(), errors: over };
    }
    // pest recurses once for each level of nesting, which the budgets have just bounded: make
    // sure that much stack is there (on a new stack if need be) instead of probing on every rule.
    let need = crate::budget::stack_needed(limits);
    stacker::maybe_grow(need, need.saturating_mul(2), || parse_checked(src))
}

/// Parses a text already within the budgets.
fn parse_checked(src: &str) -> Parsed {
    let mut cx = Cx { src, errors: Vec::new(), comments: Vec::new(), any_year: false };
    let file = match Grammar::parse(Rule::file, src) {
        Ok(mut pairs) => match pairs.next() {
            Some(file) => cx.file(file),
            None => File::default(),
        },
        Err(e) => {
            cx.errors.push(cx.pest_error(&e, 0, src));
            File::default()
        }
    };
    let mut file = file;
    file.comments = std::mem::take(&mut cx.comments);
    file.comments.sort_by_key(|c| c.span.start);
    let mut errors = cx.errors;
    errors.extend(crate::messages::lone_cr(src));
    errors.sort_by_key(|e| e.span().offset());
    Parsed { file, errors }
}

struct Cx<'s> {
    src: &'s str,
    errors: Vec<SyntaxError>,
    comments: Vec<Comment>,
    /// Whether a fact's declared range is being read, where a date may have any year.
    any_year: bool,
}

/// The span of a pair, without the whitespace pest may leave at its end.
fn span(p: &Pair<'_, Rule>) -> Span {
    let start = p.as_span().start();
    Span::new(start, start + p.as_str().trim_end().len())
}

fn pratt() -> &'static PrattParser<Rule> {
    static P: OnceLock<PrattParser<Rule>> = OnceLock::new();
    P.get_or_init(|| {
        PrattParser::new()
            .op(Op::infix(Rule::or, Assoc::Left))
            .op(Op::infix(Rule::and, Assoc::Left))
            .op(Op::prefix(Rule::not))
            .op(Op::infix(Rule::eq, Assoc::Left)
                | Op::infix(Rule::ne, Assoc::Left)
                | Op::infix(Rule::lt, Assoc::Left)
                | Op::infix(Rule::le, Assoc::Left)
                | Op::infix(Rule::gt, Assoc::Left)
                | Op::infix(Rule::ge, Assoc::Left))
            .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
            .op(Op::infix(Rule::mul, Assoc::Left) | Op::infix(Rule::div, Assoc::Left))
            .op(Op::prefix(Rule::neg))
    })
}

impl<'s> Cx<'s> {
    /// The children of a pair, with comments taken out and recorded.
    fn kids<'i>(&mut self, p: Pair<'i, Rule>) -> Vec<Pair<'i, Rule>> {
        let mut out = Vec::new();
        for k in p.into_inner() {
            if k.as_rule() == Rule::COMMENT {
                self.comment(&k);
            } else {
                out.push(k);
            }
        }
        out
    }

    fn comment(&mut self, k: &Pair<'_, Rule>) {
        self.hidden(k.as_str(), k.as_span().start(), "a comment");
        self.comments.push(Comment { text: k.as_str().trim_end().to_string(), span: span(k) });
    }

    /// Refuses the first hidden character ([`crate::is_hidden`]) of a comment or string that
    /// starts at byte `base`. A carriage return is left to the line-end rules.
    fn hidden(&mut self, text: &str, base: usize, place: &'static str) {
        if let Some((i, c)) = text.char_indices().find(|&(_, c)| c != '\r' && crate::is_hidden(c)) {
            let at = base + i;
            self.errors.push(
                HiddenChar {
                    what: crate::hidden::describe(c),
                    code: u32::from(c),
                    place,
                    span: Span::new(at, at + c.len_utf8()).into(),
                }
                .into(),
            );
        }
    }

    fn file(&mut self, p: Pair<'_, Rule>) -> File {
        let mut items = Vec::new();
        for k in self.kids(p) {
            match k.as_rule() {
                Rule::import => {
                    let sp = span(&k);
                    let kids = self.kids(k);
                    if let Some(s) = kids.into_iter().find(|k| k.as_rule() == Rule::string) {
                        items.push(Top::Import(Import { path: self.string(s), span: sp }));
                    }
                }
                Rule::rubric => items.push(Top::Rubric(self.container(k))),
                Rule::block => items.push(Top::Block(self.container(k))),
                Rule::test => items.push(Top::Test(self.test(k))),
                Rule::bad_top => self.reparse(&k, Rule::top_alone),
                _ => {}
            }
        }
        File { items, comments: Vec::new() }
    }

    fn container(&mut self, p: Pair<'_, Rule>) -> Container {
        let sp = span(&p);
        let mut name = None;
        let mut title = Spanned::new(String::new(), sp);
        let mut max = None;
        let mut max_name = None;
        let mut params = Vec::new();
        let mut body = Vec::new();
        let mut head_end = sp.end;
        for k in self.kids(p) {
            match k.as_rule() {
                Rule::ident => name = Some(ident(&k)),
                Rule::string => title = self.string(k),
                Rule::params => params = self.params(k),
                Rule::max_clause => (max, max_name) = self.max_clause(k),
                Rule::body => {
                    head_end = span(&k).start;
                    body = self.body(k);
                }
                _ => {}
            }
        }
        Container { name, title, max, max_name, params, body, head: Span::new(sp.start, head_end), span: sp }
    }

    fn params(&mut self, p: Pair<'_, Rule>) -> Vec<Param> {
        let mut out = Vec::new();
        for k in self.kids(p) {
            if k.as_rule() != Rule::param {
                continue;
            }
            let sp = span(&k);
            let (mut name, mut ty, mut default) = (None, None, None);
            for x in self.kids(k) {
                match x.as_rule() {
                    Rule::ident => name = Some(ident(&x)),
                    Rule::param_type => {
                        let t = match x.as_str() {
                            "percent" => FactType::Percent,
                            "points" => FactType::Points,
                            _ => FactType::Number,
                        };
                        ty = Some(Spanned::new(t, span(&x)));
                    }
                    Rule::param_value => default = self.param_value(x),
                    _ => {}
                }
            }
            if let Some(name) = name {
                out.push(Param { name, ty, default, span: sp });
            }
        }
        out
    }

    fn param_value(&mut self, p: Pair<'_, Rule>) -> Option<Literal> {
        let k = self.kids(p).into_iter().next()?;
        self.literal(k)
    }

    fn use_stmt(&mut self, kids: Vec<Pair<'_, Rule>>) -> Option<StmtKind> {
        let mut name = None;
        let mut args = Vec::new();
        let mut only = Vec::new();
        for k in kids {
            match k.as_rule() {
                Rule::ident if name.is_none() => name = Some(ident(&k)),
                Rule::ident => only.push(ident(&k)),
                Rule::args => {
                    for a in self.kids(k) {
                        if a.as_rule() != Rule::arg {
                            continue;
                        }
                        let sp = span(&a);
                        let (mut n, mut v) = (None, None);
                        for x in self.kids(a) {
                            match x.as_rule() {
                                Rule::ident => n = Some(ident(&x)),
                                Rule::param_value => v = self.param_value(x),
                                _ => {}
                            }
                        }
                        if let (Some(name), Some(value)) = (n, v) {
                            args.push(Arg { name, value, span: sp });
                        }
                    }
                }
                _ => {}
            }
        }
        Some(StmtKind::Use(UseStmt { name: name?, args, only }))
    }

    fn period(&mut self, kids: Vec<Pair<'_, Rule>>) -> Option<StmtKind> {
        let (mut name, mut title, mut weight, mut due) = (None, None, None, None);
        for k in kids {
            match k.as_rule() {
                Rule::ident => name = Some(ident(&k)),
                Rule::string => title = Some(self.string(k)),
                Rule::percent | Rule::number => weight = self.literal(k),
                Rule::date => {
                    let d = self.date(&k)?;
                    due = Some(Spanned::new(d, span(&k)));
                }
                _ => {}
            }
        }
        Some(StmtKind::Period(PeriodDecl { name: name?, title: title?, weight: weight?, due }))
    }

    fn test(&mut self, p: Pair<'_, Rule>) -> TestBlock {
        let sp = span(&p);
        let mut name = Spanned::new(String::new(), sp);
        let mut given = Vec::new();
        let mut expect = Vec::new();
        let mut periods = Vec::new();
        for k in self.kids(p) {
            match k.as_rule() {
                Rule::string => name = self.string(k),
                Rule::test_period => {
                    let psp = span(&k);
                    let mut pname = None;
                    let mut inner = Vec::new();
                    for x in self.kids(k) {
                        match x.as_rule() {
                            Rule::ident => pname = Some(ident(&x)),
                            _ => inner.push(x),
                        }
                    }
                    let (g, e) = self.checks(inner);
                    if let Some(name) = pname {
                        periods.push(TestPeriod { name, given: g, expect: e, span: psp });
                    }
                }
                _ => {
                    let (g, e) = self.checks(vec![k]);
                    given.extend(g);
                    expect.extend(e);
                }
            }
        }
        TestBlock { name, given, expect, periods, span: sp }
    }

    /// The `given` and `expect` lines among `kids`.
    fn checks(&mut self, kids: Vec<Pair<'_, Rule>>) -> (Vec<Given>, Vec<Expect>) {
        let mut given = Vec::new();
        let mut expect = Vec::new();
        for k in kids {
            match k.as_rule() {
                Rule::given => {
                    let mut first = true;
                    for a in self.kids(k) {
                        if a.as_rule() != Rule::assignment {
                            continue;
                        }
                        let asp = span(&a);
                        let mut fact = None;
                        let mut value = None;
                        for x in self.kids(a) {
                            match x.as_rule() {
                                Rule::ident => fact = Some(ident(&x)),
                                Rule::test_value => {
                                    let Some(v) = self.kids(x).into_iter().next() else { continue };
                                    value = match v.as_rule() {
                                        Rule::boolean => Some(TestValue::Bool(v.as_str() == "true")),
                                        Rule::string => Some(TestValue::Text(self.string(v).value)),
                                        _ => self.literal(v).map(TestValue::Lit),
                                    };
                                }
                                _ => {}
                            }
                        }
                        if let (Some(fact), Some(value)) = (fact, value) {
                            given.push(Given { fact, value, span: asp, line_start: first });
                        }
                        first = false;
                    }
                }
                Rule::expect => {
                    let esp = span(&k);
                    let kids = self.kids(k);
                    let mut target: Option<Option<Spanned<String>>> = None;
                    let mut error = None;
                    let mut number = None;
                    for x in kids {
                        match x.as_rule() {
                            Rule::kw_total => target = Some(None),
                            Rule::node_id => target = Some(Some(Spanned::new(x.as_str().to_string(), span(&x)))),
                            Rule::string => error = Some(self.string(x)),
                            Rule::signed_number => number = self.literal(x),
                            _ => {}
                        }
                    }
                    let kind = match (error, target, number) {
                        (Some(e), _, _) => Some(ExpectKind::Error(e)),
                        (None, Some(None), Some(n)) => Some(ExpectKind::Total(n)),
                        (None, Some(Some(id)), Some(n)) => Some(ExpectKind::Node(id, n)),
                        _ => None,
                    };
                    if let Some(kind) = kind {
                        expect.push(Expect { kind, span: esp });
                    }
                }
                Rule::bad_check => self.reparse(&k, Rule::check_alone),
                _ => {}
            }
        }
        (given, expect)
    }

    fn max_clause(&mut self, p: Pair<'_, Rule>) -> (Option<Literal>, Option<Ident>) {
        let kids = self.kids(p);
        match kids.into_iter().find(|k| matches!(k.as_rule(), Rule::number | Rule::ident)) {
            Some(k) if k.as_rule() == Rule::ident => (None, Some(ident(&k))),
            Some(k) => (self.literal(k), None),
            None => (None, None),
        }
    }

    fn body(&mut self, p: Pair<'_, Rule>) -> Vec<Stmt> {
        let mut out: Vec<Stmt> = Vec::new();
        for k in self.kids(p) {
            if k.as_rule() == Rule::bad_stmt {
                // `award 1 when <broken>` parses as `award 1` and a broken line starting at
                // `when`: read the two together so the error points into the condition.
                let first = k.as_str().split_whitespace().next().unwrap_or("");
                let continues = matches!(first, "when" | "per" | "max" | "and" | "or" | "then" | "else" | "on");
                match out.last() {
                    Some(prev) if continues => {
                        let start = prev.span.start;
                        let end = span(&k).end;
                        out.pop();
                        self.reparse_text(start, end, Rule::stmt_alone);
                    }
                    _ => self.reparse(&k, Rule::stmt_alone),
                }
            } else if let Some(s) = self.stmt(k) {
                out.push(s);
            }
        }
        out
    }

    fn stmt(&mut self, p: Pair<'_, Rule>) -> Option<Stmt> {
        let sp = span(&p);
        let rule = p.as_rule();
        let kids = self.kids(p);
        let kind = match rule {
            Rule::fact => self.fact(kids)?,
            Rule::let_ => self.let_(kids)?,
            Rule::year => {
                let k = kids.into_iter().find(|k| k.as_rule() == Rule::integer)?;
                let n = self.integer(&k)?;
                StmtKind::Year(Spanned::new(n, span(&k)))
            }
            Rule::node => self.node(kids, sp)?,
            Rule::use_ => self.use_stmt(kids)?,
            Rule::period => self.period(kids)?,
            Rule::only => StmtKind::Only(kids.iter().filter(|k| k.as_rule() == Rule::ident).map(ident).collect()),
            Rule::lead => StmtKind::Lead(self.string_list(kids)),
            Rule::office => StmtKind::Office(self.string_list(kids)),
            Rule::owner => StmtKind::Owner(self.string_list(kids)),
            Rule::due => {
                let k = kids.into_iter().find(|k| k.as_rule() != Rule::kw_due)?;
                match k.as_rule() {
                    Rule::date => {
                        let d = self.date(&k)?;
                        StmtKind::Due(Due::Date(Spanned::new(d, span(&k))))
                    }
                    _ => StmtKind::Due(Due::Text(self.string(k))),
                }
            }
            Rule::text => StmtKind::Text(self.string(kids.into_iter().find(|k| k.as_rule() == Rule::string)?)),
            Rule::band => self.band(kids)?,
            Rule::award => StmtKind::Award(self.adjust(kids)?),
            Rule::deduct => StmtKind::Deduct(self.adjust(kids)?),
            Rule::bonus => StmtKind::Bonus(self.adjust(kids)?),
            Rule::score => {
                let mut expr = None;
                let mut label = None;
                for k in kids {
                    match k.as_rule() {
                        Rule::expr => expr = Some(self.expr(k)),
                        Rule::string => label = Some(self.string(k)),
                        _ => {}
                    }
                }
                StmtKind::Score(ScoreStmt { expr: expr?, label })
            }
            Rule::judged => {
                let mut fact = None;
                let mut label = None;
                for k in kids {
                    match k.as_rule() {
                        Rule::ident => fact = Some(ident(&k)),
                        Rule::string => label = Some(self.string(k)),
                        _ => {}
                    }
                }
                StmtKind::Judged(Judged { fact: fact?, label })
            }
            Rule::zero => StmtKind::Zero(self.cond(kids)?),
            Rule::veto => StmtKind::Veto(self.cond(kids)?),
            Rule::floor => StmtKind::Floor(self.limit(kids)?),
            Rule::cap => StmtKind::Cap(self.limit(kids)?),
            Rule::bonus_cap => StmtKind::BonusCap(self.limit(kids)?),
            Rule::round => {
                let mut places = None;
                let mut mode = None;
                for k in kids {
                    match k.as_rule() {
                        Rule::integer => places = Some(Spanned::new(self.integer(&k)?, span(&k))),
                        Rule::round_mode => {
                            let m = match k.as_str() {
                                "half_even" => RoundMode::HalfEven,
                                "down" | "去尾" => RoundMode::Down,
                                "up" | "进一" => RoundMode::Up,
                                _ => RoundMode::HalfUp,
                            };
                            mode = Some(Spanned::new(m, span(&k)));
                        }
                        _ => {}
                    }
                }
                StmtKind::Round(Round { places: places?, mode })
            }
            _ => return None,
        };
        Some(Stmt { kind, span: sp })
    }

    fn fact(&mut self, kids: Vec<Pair<'_, Rule>>) -> Option<StmtKind> {
        let mut name = None;
        let mut ty = None;
        let mut range = None;
        let mut desc = None;
        let mut given = false;
        for k in kids {
            match k.as_rule() {
                Rule::ident => name = Some(ident(&k)),
                Rule::fact_given => given = true,
                Rule::fact_type => {
                    let t = match k.as_str() {
                        "count" => FactType::Count,
                        "number" => FactType::Number,
                        "percent" => FactType::Percent,
                        "bool" => FactType::Bool,
                        "date" => FactType::Date,
                        _ => FactType::Points,
                    };
                    ty = Some(Spanned::new(t, span(&k)));
                }
                Rule::fact_range => {
                    let kids = self.kids(k);
                    if let Some(i) = kids.into_iter().find(|k| k.as_rule() == Rule::interval) {
                        self.any_year = true;
                        range = self.interval(i);
                        self.any_year = false;
                    }
                }
                Rule::string => desc = Some(self.string(k)),
                _ => {}
            }
        }
        Some(StmtKind::Fact(FactDecl { name: name?, ty: ty?, range, desc, given }))
    }

    fn let_(&mut self, kids: Vec<Pair<'_, Rule>>) -> Option<StmtKind> {
        let mut name = None;
        let mut expr = None;
        let mut on_zero = None;
        let mut desc = None;
        for k in kids {
            match k.as_rule() {
                Rule::ident => name = Some(ident(&k)),
                Rule::expr => expr = Some(self.expr(k)),
                Rule::on_zero => {
                    for z in self.kids(k) {
                        match z.as_rule() {
                            Rule::kw_error => on_zero = Some(OnZero::Error(span(&z))),
                            Rule::expr => on_zero = Some(OnZero::Value(self.expr(z))),
                            _ => {}
                        }
                    }
                }
                Rule::string => desc = Some(self.string(k)),
                _ => {}
            }
        }
        Some(StmtKind::Let(LetDecl { name: name?, expr: expr?, on_zero, desc }))
    }

    fn node(&mut self, kids: Vec<Pair<'_, Rule>>, sp: Span) -> Option<StmtKind> {
        let mut kind = None;
        let mut id = None;
        let mut title = None;
        let mut max = None;
        let mut max_name = None;
        let mut body = Vec::new();
        let mut head_end = sp.end;
        for k in kids {
            match k.as_rule() {
                Rule::node_kind => {
                    let nk = match k.as_str() {
                        "section" => NodeKind::Section,
                        "group" => NodeKind::Group,
                        _ => NodeKind::Item,
                    };
                    kind = Some(Spanned::new(nk, span(&k)));
                }
                Rule::node_id => id = Some(Spanned::new(k.as_str().to_string(), span(&k))),
                Rule::string => title = Some(self.string(k)),
                Rule::max_clause => (max, max_name) = self.max_clause(k),
                Rule::body => {
                    head_end = span(&k).start;
                    body = self.body(k);
                }
                _ => {}
            }
        }
        Some(StmtKind::Node(Node {
            kind: kind?,
            id: id?,
            title: title?,
            max,
            max_name,
            body,
            head: Span::new(sp.start, head_end),
        }))
    }

    fn band(&mut self, kids: Vec<Pair<'_, Rule>>) -> Option<StmtKind> {
        let mut subject = None;
        let mut arms = Vec::new();
        for k in kids {
            match k.as_rule() {
                Rule::expr => subject = Some(self.expr(k)),
                Rule::band_arm => {
                    let sp = span(&k);
                    let mut interval = None;
                    let mut points = None;
                    let mut label = None;
                    for a in self.kids(k) {
                        match a.as_rule() {
                            Rule::interval => interval = self.interval(a),
                            Rule::expr => points = Some(self.expr(a)),
                            Rule::string => label = Some(self.string(a)),
                            _ => {}
                        }
                    }
                    if let (Some(interval), Some(points)) = (interval, points) {
                        arms.push(BandArm { interval, points, label, span: sp });
                    }
                }
                Rule::bad_arm => self.reparse(&k, Rule::arm_alone),
                _ => {}
            }
        }
        Some(StmtKind::Band(Band { subject: subject?, arms }))
    }

    fn interval(&mut self, p: Pair<'_, Rule>) -> Option<Interval> {
        let sp = span(&p);
        let mut lo_closed = true;
        let mut hi_closed = true;
        let mut bounds = Vec::new();
        for k in self.kids(p) {
            match k.as_rule() {
                Rule::open => lo_closed = k.as_str() == "[",
                Rule::close => hi_closed = k.as_str() == "]",
                Rule::bound => {
                    let inner = self.kids(k);
                    let b = inner.into_iter().next()?;
                    if b.as_rule() == Rule::unbounded {
                        bounds.push(Bound::Unbounded(span(&b)));
                    } else if b.as_rule() == Rule::ident {
                        bounds.push(Bound::Name(ident(&b)));
                    } else {
                        bounds.push(Bound::Value(self.literal(b)?));
                    }
                }
                _ => {}
            }
        }
        let mut it = bounds.into_iter();
        let lo = it.next()?;
        let hi = it.next()?;
        Some(Interval { lo, lo_closed, hi, hi_closed, span: sp })
    }

    fn adjust(&mut self, kids: Vec<Pair<'_, Rule>>) -> Option<Adjust> {
        let mut amount = None;
        let mut per = None;
        let mut when = None;
        let mut max = None;
        let mut label = None;
        for k in kids {
            match k.as_rule() {
                Rule::expr => amount = Some(self.expr(k)),
                Rule::per => per = self.sub_expr(k),
                Rule::when => when = self.sub_expr(k),
                Rule::limit => max = self.sub_expr(k),
                Rule::string => label = Some(self.string(k)),
                _ => {}
            }
        }
        Some(Adjust { amount: amount?, per, when, max, label })
    }

    fn sub_expr(&mut self, p: Pair<'_, Rule>) -> Option<Expr> {
        let kids = self.kids(p);
        kids.into_iter().find(|k| k.as_rule() == Rule::expr).map(|k| self.expr(k))
    }

    fn cond(&mut self, kids: Vec<Pair<'_, Rule>>) -> Option<Cond> {
        let mut cond = None;
        let mut label = None;
        for k in kids {
            match k.as_rule() {
                Rule::when => cond = self.sub_expr(k),
                Rule::string => label = Some(self.string(k)),
                _ => {}
            }
        }
        Some(Cond { cond: cond?, label })
    }

    fn limit(&mut self, kids: Vec<Pair<'_, Rule>>) -> Option<Limit> {
        for k in kids {
            match k.as_rule() {
                Rule::kw_none => return Some(Limit::None(span(&k))),
                Rule::number | Rule::signed_number => return self.literal(k).map(Limit::Value),
                _ => {}
            }
        }
        None
    }

    fn string_list(&mut self, kids: Vec<Pair<'_, Rule>>) -> Vec<Spanned<String>> {
        let mut out = Vec::new();
        for k in kids {
            if k.as_rule() == Rule::string_list {
                for s in self.kids(k) {
                    if s.as_rule() == Rule::string {
                        out.push(self.string(s));
                    }
                }
            }
        }
        out
    }

    fn string(&mut self, p: Pair<'_, Rule>) -> Spanned<String> {
        let sp = span(&p);
        let raw = p.into_inner().next().map(|i| (i.as_str(), i.as_span().start())).unwrap_or(("", sp.start));
        let (text, base) = raw;
        self.hidden(text, base, "a string");
        if !text.contains('\\') {
            return Spanned::new(text.to_string(), sp);
        }
        let mut out = String::with_capacity(text.len());
        let mut chars = text.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((j, other)) => {
                    let end = j + other.len_utf8();
                    self.errors.push(
                        BadEscape {
                            text: text.get(i..end).unwrap_or("\\").to_string(),
                            span: Span::new(base + i, base + end).into(),
                        }
                        .into(),
                    );
                }
                None => {}
            }
        }
        Spanned::new(out, sp)
    }

    fn integer(&mut self, p: &Pair<'_, Rule>) -> Option<u32> {
        match p.as_str().parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                self.errors.push(BadNumber { text: p.as_str().to_string(), span: span(p).into() }.into());
                None
            }
        }
    }

    fn date(&mut self, p: &Pair<'_, Rule>) -> Option<NaiveDate> {
        let text = p.as_str();
        let mut parts = text.split('-').map(|s| s.parse::<u32>().ok());
        let (y, m, d) = (parts.next().flatten(), parts.next().flatten(), parts.next().flatten());
        let date = match (y, m, d) {
            (Some(y), Some(m), Some(d)) => i32::try_from(y).ok().and_then(|y| NaiveDate::from_ymd_opt(y, m, d)),
            _ => None,
        };
        match date {
            None => self.errors.push(BadDate { text: text.to_string(), span: span(p).into() }.into()),
            Some(d) if !self.any_year && !YEARS.contains(&chrono::Datelike::year(&d)) => {
                let (first, last) = (*YEARS.start(), *YEARS.end());
                let year = chrono::Datelike::year(&d);
                // The date is kept, so the line it stands in is read on and nothing else is
                // reported because of it.
                self.errors.push(DateYear { text: text.to_string(), year, first, last, span: span(p).into() }.into());
            }
            Some(_) => {}
        }
        date
    }

    fn literal(&mut self, p: Pair<'_, Rule>) -> Option<Literal> {
        let sp = span(&p);
        let text = p.as_str();
        let value = match p.as_rule() {
            Rule::date => LitValue::Date(self.date(&p)?),
            Rule::percent | Rule::signed_percent => {
                let digits = text.trim_end_matches(['%', '％']);
                let n = self.decimal(digits, sp)?;
                match n.checked_div(Decimal::ONE_HUNDRED) {
                    Some(v) if v.checked_mul(Decimal::ONE_HUNDRED) == Some(n) => LitValue::Percent(v),
                    _ => {
                        self.errors.push(BadNumber { text: text.to_string(), span: sp.into() }.into());
                        return None;
                    }
                }
            }
            _ => LitValue::Number(self.decimal(text, sp)?),
        };
        Some(Literal { value, text: text.to_string(), span: sp })
    }

    fn decimal(&mut self, text: &str, sp: Span) -> Option<Decimal> {
        match Decimal::from_str_exact(text) {
            Ok(d) => Some(d),
            Err(_) => {
                self.errors.push(BadNumber { text: text.to_string(), span: sp.into() }.into());
                None
            }
        }
    }

    fn expr(&mut self, p: Pair<'_, Rule>) -> Expr {
        let kids = self.kids(p);
        let cell = std::cell::RefCell::new(self);
        pratt()
            .map_primary(|k| cell.borrow_mut().primary(k))
            .map_prefix(|op, rhs| {
                let sp = span(&op).join(rhs.span);
                let op = if op.as_rule() == Rule::not { UnOp::Not } else { UnOp::Neg };
                Expr { kind: ExprKind::Unary(op, Box::new(rhs)), span: sp }
            })
            .map_infix(|lhs, op, rhs| {
                let sp = lhs.span.join(rhs.span);
                let op = match op.as_rule() {
                    Rule::or => BinOp::Or,
                    Rule::and => BinOp::And,
                    Rule::eq => BinOp::Eq,
                    Rule::ne => BinOp::Ne,
                    Rule::lt => BinOp::Lt,
                    Rule::le => BinOp::Le,
                    Rule::gt => BinOp::Gt,
                    Rule::ge => BinOp::Ge,
                    Rule::add => BinOp::Add,
                    Rule::sub => BinOp::Sub,
                    Rule::mul => BinOp::Mul,
                    _ => BinOp::Div,
                };
                Expr { kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), span: sp }
            })
            .parse(kids.into_iter())
    }

    fn primary(&mut self, p: Pair<'_, Rule>) -> Expr {
        let sp = span(&p);
        let kind = match p.as_rule() {
            Rule::expr => {
                // A parenthesised expression: widen the span to the parentheses.
                let inner = self.expr(p);
                let wide = self.paren_span(inner.span);
                return Expr { kind: ExprKind::Paren(Box::new(inner)), span: wide };
            }
            Rule::if_expr => {
                let mut parts: Vec<Expr> = Vec::new();
                for k in self.kids(p) {
                    if k.as_rule() == Rule::expr {
                        parts.push(self.expr(k));
                    }
                }
                let mut it = parts.into_iter();
                match (it.next(), it.next(), it.next()) {
                    (Some(c), Some(a), Some(b)) => ExprKind::If(Box::new(c), Box::new(a), Box::new(b)),
                    _ => ExprKind::Error,
                }
            }
            Rule::call => {
                let mut func = Func::Min;
                let mut args = Vec::new();
                for k in self.kids(p) {
                    match k.as_rule() {
                        Rule::func => {
                            func = match k.as_str() {
                                "max" => Func::Max,
                                "abs" => Func::Abs,
                                "rank" => Func::Rank,
                                "best" => Func::Best,
                                "worst" => Func::Worst,
                                "average" => Func::Average,
                                "ratio" => Func::Ratio,
                                _ => Func::Min,
                            }
                        }
                        Rule::expr => args.push(self.expr(k)),
                        _ => {}
                    }
                }
                // `rank(x, lowest)` / `rank(x, highest)`: the order is a word, not a value.
                if func == Func::Rank
                    && let [_, order] = args.as_slice()
                    && let ExprKind::Name(word) = &order.kind
                    && (word == "lowest" || word == "highest")
                {
                    if word == "lowest" {
                        func = Func::RankLowest;
                    }
                    args.truncate(1);
                }
                ExprKind::Call(func, args)
            }
            Rule::boolean => ExprKind::Bool(p.as_str() == "true"),
            Rule::ident => ExprKind::Name(p.as_str().to_string()),
            Rule::date | Rule::percent | Rule::number => match self.literal(p) {
                Some(l) => ExprKind::Lit(l),
                None => ExprKind::Error,
            },
            _ => ExprKind::Error,
        };
        Expr { kind, span: sp }
    }

    /// Extends an inner span outwards over the parentheses around it.
    fn paren_span(&self, inner: Span) -> Span {
        let bytes = self.src.as_bytes();
        let mut start = inner.start;
        while start > 0 {
            start -= 1;
            match bytes.get(start) {
                Some(b'(') => break,
                Some(b' ' | b'\t' | b'\r' | b'\n') => continue,
                _ => return inner,
            }
        }
        let mut end = inner.end;
        while let Some(b) = bytes.get(end) {
            end += 1;
            match b {
                b')' => return Span::new(start, end),
                b' ' | b'\t' | b'\r' | b'\n' => continue,
                _ => return inner,
            }
        }
        inner
    }

    /// Re-reads a broken line on its own to find out exactly what is wrong with it.
    fn reparse(&mut self, bad: &Pair<'_, Rule>, rule: Rule) {
        let sp = span(bad);
        self.reparse_text(sp.start, bad.as_span().end(), rule);
    }

    /// Re-reads `src[start..end]` with `rule` and reports the error found there.
    fn reparse_text(&mut self, start: usize, end: usize, rule: Rule) {
        let sp = Span::new(start, end);
        let text = self.src.get(start..end).unwrap_or("");
        match Grammar::parse(rule, text) {
            Err(e) => {
                let err = self.pest_error(&e, sp.start, text);
                self.errors.push(err);
            }
            Ok(_) => {
                let (message, label, help) = crate::messages::not_a_statement(text);
                self.errors.push(Unexpected { message, span: sp.into(), label, help }.into());
            }
        }
    }

    fn pest_error(&self, e: &pest::error::Error<Rule>, base: usize, text: &str) -> SyntaxError {
        crate::messages::from_pest(e, base, text, self.src).into()
    }
}

fn ident(p: &Pair<'_, Rule>) -> Ident {
    Spanned::new(p.as_str().to_string(), span(p))
}

pub(crate) use self::Rule as GrammarRule;
