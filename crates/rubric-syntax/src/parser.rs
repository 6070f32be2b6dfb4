//! Lowering of the pest parse tree into the AST, with error recovery.

use crate::ast::*;
use crate::error::{BadDate, BadEscape, BadNumber, DateYear, HiddenChar, Internal, SyntaxError, Unexpected, YEARS};
use crate::span::{Span, Spanned};
use chrono::NaiveDate;
use pest::Parser as _;
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use rust_decimal::Decimal;
use std::sync::OnceLock;

mod calendar;
#[path = "parser_lists.rs"]
mod lists;

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
    let mut cx = Cx { src, errors: Vec::new(), any_year: false };
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
    file.comments = crate::scan::comments(src);
    let mut errors = cx.errors;
    errors.extend(crate::messages::lone_cr(src));
    errors.sort_by_key(|e| e.span().offset());
    Parsed { file, errors }
}

struct Cx<'s> {
    src: &'s str,
    errors: Vec<SyntaxError>,
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
            .op(Op::postfix(Rule::in_list))
    })
}

impl<'s> Cx<'s> {
    /// The children of a pair, with comments taken out (and checked for hidden characters; the
    /// file's list of comments is [`crate::scan::comments`]).
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
    }

    /// Reports a part of the parse tree this lowering has no case for: a bug of the parser, never
    /// read as a guess.
    fn internal(&mut self, sp: Span, what: String) {
        self.errors.push(Internal { what, span: sp.into() }.into());
    }

    /// A child of a pair that the lowering does not read: punctuation and keywords carry no value
    /// of their own and are passed over; any other rule is one the lowering has no case for.
    fn skip(&mut self, k: &Pair<'_, Rule>) {
        if !is_token(k.as_rule()) {
            self.internal(span(k), format!("`{}` here", crate::messages::clean(k.as_str())));
        }
    }

    /// The value a word of the grammar stands for, by `table`; a word the table lacks is an
    /// internal error, not a default.
    fn word<T>(&mut self, k: &Pair<'_, Rule>, what: &str, table: fn(&str) -> Option<T>) -> Option<T> {
        let v = table(k.as_str());
        if v.is_none() {
            self.internal(span(k), format!("the {what} `{}`", crate::messages::clean(k.as_str())));
        }
        v
    }

    /// `v`, or, when it is missing and nothing has been reported since `before` errors were
    /// recorded, an internal error: a part the grammar requires was not found, so what was read
    /// would be left out of the tree without a word.
    fn needed<T>(&mut self, v: Option<T>, before: usize, k: &Pair<'_, Rule>) -> Option<T> {
        if v.is_none() && self.errors.len() == before {
            let line = k.as_str().lines().next().unwrap_or_default();
            self.internal(span(k), format!("`{}`", crate::messages::clean(line)));
        }
        v
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
                    let before = self.errors.len();
                    let string = self.kids(k.clone()).into_iter().find(|k| k.as_rule() == Rule::string);
                    if let Some(s) = self.needed(string, before, &k) {
                        items.push(Top::Import(Import { path: self.string(s), span: sp }));
                    }
                }
                Rule::rubric => items.push(Top::Rubric(self.container(k))),
                Rule::block => items.push(Top::Block(self.container(k))),
                Rule::test => items.push(Top::Test(self.test(k))),
                Rule::calendar => {
                    if let Some(c) = self.calendar(k) {
                        items.push(Top::Calendar(c));
                    }
                }
                Rule::bad_top => self.reparse(&k, Rule::top_alone),
                _ => self.skip(&k),
            }
        }
        File { items, comments: Vec::new() }
    }

    fn container(&mut self, p: Pair<'_, Rule>) -> Container {
        let sp = span(&p);
        let before = self.errors.len();
        let mut name = None;
        let mut title = None;
        let mut max = None;
        let mut max_name = None;
        let mut max_cases = None;
        let mut params = Vec::new();
        let mut body = None;
        let mut head_end = sp.end;
        for k in self.kids(p.clone()) {
            match k.as_rule() {
                Rule::ident => name = Some(ident(&k)),
                Rule::string => title = Some(self.string(k)),
                Rule::params => params = self.params(k),
                Rule::max_clause => (max, max_name, max_cases) = self.max_clause(k),
                Rule::body => {
                    head_end = span(&k).start;
                    body = Some(self.body(k));
                }
                _ => self.skip(&k),
            }
        }
        // The grammar requires both: without them the file is refused, so the empty ones stand
        // in no tree that is used.
        let title = self.needed(title, before, &p).unwrap_or_else(|| Spanned::new(String::new(), sp));
        let body = self.needed(body, before, &p).unwrap_or_default();
        Container { name, title, max, max_name, max_cases, params, body, head: Span::new(sp.start, head_end), span: sp }
    }

    fn params(&mut self, p: Pair<'_, Rule>) -> Vec<Param> {
        let mut out = Vec::new();
        for k in self.kids(p) {
            if k.as_rule() != Rule::param {
                self.skip(&k);
                continue;
            }
            let sp = span(&k);
            let before = self.errors.len();
            let (mut name, mut ty, mut default) = (None, None, None);
            for x in self.kids(k.clone()) {
                match x.as_rule() {
                    Rule::ident => name = Some(ident(&x)),
                    Rule::param_type => {
                        ty = self.word(&x, "parameter type", param_type).map(|t| Spanned::new(t, span(&x)));
                    }
                    Rule::param_value => default = self.param_value(x),
                    _ => self.skip(&x),
                }
            }
            if let Some(name) = self.needed(name, before, &k) {
                out.push(Param { name, ty, default, span: sp });
            }
        }
        out
    }

    fn param_value(&mut self, p: Pair<'_, Rule>) -> Option<Literal> {
        let before = self.errors.len();
        let k = self.kids(p.clone()).into_iter().next();
        let k = self.needed(k, before, &p)?;
        self.literal(k)
    }

    fn use_stmt(&mut self, kids: Vec<Pair<'_, Rule>>) -> Option<StmtKind> {
        let mut name = None;
        let mut args = Vec::new();
        let (mut alias, mut title, mut as_next) = (None, None, false);
        let mut only = Vec::new();
        for k in kids {
            match k.as_rule() {
                Rule::ident if name.is_none() => name = Some(ident(&k)),
                Rule::kw_as => as_next = true,
                Rule::node_id if as_next => {
                    alias = Some(Spanned::new(k.as_str().to_string(), span(&k)));
                    as_next = false;
                }
                Rule::string if alias.is_some() && only.is_empty() => title = Some(self.string(k)),
                Rule::kw_only => {}
                Rule::ident => only.push(ident(&k)),
                Rule::args => {
                    for a in self.kids(k) {
                        if a.as_rule() != Rule::arg {
                            self.skip(&a);
                            continue;
                        }
                        let sp = span(&a);
                        let before = self.errors.len();
                        let (mut n, mut v) = (None, None);
                        for x in self.kids(a.clone()) {
                            match x.as_rule() {
                                Rule::ident => n = Some(ident(&x)),
                                Rule::param_value => v = self.param_value(x),
                                _ => self.skip(&x),
                            }
                        }
                        if let Some((name, value)) = self.needed(n.zip(v), before, &a) {
                            args.push(Arg { name, value, span: sp });
                        }
                    }
                }
                _ => self.skip(&k),
            }
        }
        Some(StmtKind::Use(UseStmt { name: name?, args, alias, title, only }))
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
                _ => self.skip(&k),
            }
        }
        Some(StmtKind::Period(PeriodDecl { name: name?, title: title?, weight: weight?, due }))
    }

    fn test(&mut self, p: Pair<'_, Rule>) -> TestBlock {
        let sp = span(&p);
        let before = self.errors.len();
        let mut name = None;
        let mut given = Vec::new();
        let mut expect = Vec::new();
        let mut periods = Vec::new();
        let mut units = Vec::new();
        for k in self.kids(p.clone()) {
            match k.as_rule() {
                Rule::string => name = Some(self.string(k)),
                Rule::test_unit => units.extend(self.test_unit(k)),
                Rule::test_period => {
                    let psp = span(&k);
                    let before = self.errors.len();
                    let mut pname = None;
                    let mut inner = Vec::new();
                    for x in self.kids(k.clone()) {
                        match x.as_rule() {
                            Rule::ident => pname = Some(ident(&x)),
                            _ => inner.push(x),
                        }
                    }
                    let (g, e) = self.checks(inner);
                    if let Some(name) = self.needed(pname, before, &k) {
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
        let name = self.needed(name, before, &p).unwrap_or_else(|| Spanned::new(String::new(), sp));
        TestBlock { name, given, expect, periods, units, span: sp }
    }

    /// `unit NAME { given … expect … }` inside a test.
    fn test_unit(&mut self, k: Pair<'_, Rule>) -> Option<TestUnit> {
        let usp = span(&k);
        let before = self.errors.len();
        let mut uname = None;
        let mut inner = Vec::new();
        for x in self.kids(k.clone()) {
            match x.as_rule() {
                Rule::ident => uname = Some((ident(&x), false)),
                Rule::string => uname = Some((self.string(x), true)),
                Rule::kw_unit => {}
                _ => inner.push(x),
            }
        }
        let (given, expect) = self.checks(inner);
        let (name, quoted) = self.needed(uname, before, &k)?;
        Some(TestUnit { name, quoted, given, expect, span: usp })
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
                            self.skip(&a);
                            continue;
                        }
                        let asp = span(&a);
                        let before = self.errors.len();
                        let mut fact = None;
                        let mut value = None;
                        for x in self.kids(a.clone()) {
                            match x.as_rule() {
                                Rule::fact_ref => fact = Some(ident(&x)),
                                Rule::test_value => value = self.test_value(x),
                                _ => self.skip(&x),
                            }
                        }
                        if let Some((fact, value)) = self.needed(fact.zip(value), before, &a) {
                            given.push(Given { fact, value, span: asp, line_start: first });
                        }
                        first = false;
                    }
                }
                Rule::expect => {
                    let esp = span(&k);
                    let before = self.errors.len();
                    let kids = self.kids(k.clone());
                    let mut target: Option<Option<Spanned<String>>> = None;
                    let mut error = None;
                    let mut number = None;
                    let mut rank = false;
                    let mut grade = None;
                    for x in kids {
                        match x.as_rule() {
                            Rule::kw_total => target = Some(None),
                            Rule::kw_rank => rank = true,
                            Rule::node_id => target = Some(Some(Spanned::new(x.as_str().to_string(), span(&x)))),
                            // `expect error "…"`: the string says it.
                            Rule::kw_error => {}
                            Rule::string => error = Some(self.string(x)),
                            Rule::signed_number => number = self.literal(x),
                            Rule::expect_grade => grade = self.expect_grade(x),
                            _ => self.skip(&x),
                        }
                    }
                    let kind = match (error, target, number) {
                        _ if grade.is_some() => grade,
                        (Some(e), _, _) => Some(ExpectKind::Error(e)),
                        (None, None, Some(n)) if rank => Some(ExpectKind::Rank(n)),
                        (None, Some(None), Some(n)) => Some(ExpectKind::Total(n)),
                        (None, Some(Some(id)), Some(n)) => Some(ExpectKind::Node(id, n)),
                        _ => None,
                    };
                    if let Some(kind) = self.needed(kind, before, &k) {
                        expect.push(Expect { kind, span: esp });
                    }
                }
                Rule::bad_check => self.reparse(&k, Rule::check_alone),
                _ => self.skip(&k),
            }
        }
        (given, expect)
    }

    /// The value of a `given` line.
    fn test_value(&mut self, p: Pair<'_, Rule>) -> Option<TestValue> {
        let before = self.errors.len();
        let v = self.kids(p.clone()).into_iter().next();
        let v = self.needed(v, before, &p)?;
        match v.as_rule() {
            Rule::boolean => self.word(&v, "truth value", boolean).map(TestValue::Bool),
            Rule::string => Some(TestValue::Text(self.string(v).value)),
            Rule::records => self.records(v).map(TestValue::Records),
            Rule::na_value => Some(TestValue::NotApplicable(v.as_str().to_string())),
            _ => self.literal(v).map(TestValue::Lit),
        }
    }

    fn max_clause(&mut self, p: Pair<'_, Rule>) -> (Option<Literal>, Option<Ident>, Option<MaxCases>) {
        let before = self.errors.len();
        let value = self
            .kids(p.clone())
            .into_iter()
            .find(|k| matches!(k.as_rule(), Rule::number | Rule::ident | Rule::max_cases));
        match self.needed(value, before, &p) {
            Some(k) if k.as_rule() == Rule::ident => (None, Some(ident(&k)), None),
            Some(k) if k.as_rule() == Rule::max_cases => {
                let cases = self.max_cases(k);
                let first = cases.as_ref().and_then(|c| c.cases.first()).map(|c| c.value.clone());
                (first, None, cases)
            }
            Some(k) => (self.literal(k), None, None),
            None => (None, None, None),
        }
    }

    /// `2 when C, 3 when D else 4`.
    fn max_cases(&mut self, p: Pair<'_, Rule>) -> Option<MaxCases> {
        let sp = span(&p);
        let before = self.errors.len();
        let mut cases = Vec::new();
        let mut otherwise = None;
        for k in self.kids(p.clone()) {
            match k.as_rule() {
                Rule::max_case => {
                    let mut value = None;
                    let mut when = None;
                    for part in self.kids(k.clone()) {
                        match part.as_rule() {
                            Rule::number => value = self.literal(part),
                            Rule::expr => when = Some(self.expr(part)),
                            _ => self.skip(&part),
                        }
                    }
                    cases
                        .push(MaxCase { value: self.needed(value, before, &k)?, when: self.needed(when, before, &k)? });
                }
                Rule::number => otherwise = self.literal(k),
                _ => self.skip(&k),
            }
        }
        Some(MaxCases { cases, otherwise, span: sp })
    }

    fn body(&mut self, p: Pair<'_, Rule>) -> Vec<Stmt> {
        let mut out: Vec<Stmt> = Vec::new();
        for k in self.kids(p) {
            if matches!(k.as_rule(), Rule::lbrace | Rule::rbrace) {
                continue;
            }
            if k.as_rule() == Rule::bad_stmt {
                // `award 1 when <broken>` parses as `award 1` and a broken line starting at
                // `when`: read the two together so the error points into the condition.
                let first = k.as_str().split_whitespace().next().unwrap_or("");
                let continues = crate::keywords::CONTINUATION_WORDS.contains(&first);
                match out.last() {
                    Some(prev) if continues => {
                        let start = prev.span.start;
                        let end = span(&k).end;
                        out.pop();
                        self.reparse_text(start, end, Rule::stmt_alone);
                    }
                    _ => self.reparse(&k, Rule::stmt_alone),
                }
            } else {
                let before = self.errors.len();
                let s = self.stmt(k.clone());
                if let Some(s) = self.needed(s, before, &k) {
                    out.push(s);
                }
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
            Rule::list_fact => self.list_fact(kids)?,
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
                    Rule::string => StmtKind::Due(Due::Text(self.string(k))),
                    _ => return None,
                }
            }
            Rule::text => StmtKind::Text(self.string(kids.into_iter().find(|k| k.as_rule() == Rule::string)?)),
            Rule::band => self.band(kids)?,
            Rule::grade => self.grade(kids),
            Rule::table => self.table(kids)?,
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
                        _ => self.skip(&k),
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
                        _ => self.skip(&k),
                    }
                }
                StmtKind::Judged(Judged { fact: fact?, label })
            }
            Rule::zero => StmtKind::Zero(self.cond(kids)?),
            Rule::veto => StmtKind::Veto(self.cond(kids)?),
            Rule::floor => StmtKind::Floor(self.limit(kids)?),
            Rule::cap => StmtKind::Cap(self.limit(kids)?),
            Rule::combine => {
                let mut how = None;
                let mut label = None;
                for k in kids {
                    match k.as_rule() {
                        Rule::combine_how => {
                            how = self.word(&k, "way to combine", combine_how).map(|h| Spanned::new(h, span(&k)))
                        }
                        Rule::string => label = Some(self.string(k)),
                        _ => self.skip(&k),
                    }
                }
                StmtKind::Combine(Combine { how: how?, label })
            }
            Rule::not_applicable => {
                let mut how = None;
                let mut label = None;
                let mut to = None;
                for k in kids {
                    match k.as_rule() {
                        Rule::na_how => {
                            how = self.word(&k, "not-applicable rule", na_how).map(|h| Spanned::new(h, span(&k)))
                        }
                        Rule::node_id => {
                            how = Some(Spanned::new(NaHow::Move, span(&k)));
                            to = Some(Spanned::new(k.as_str().to_string(), span(&k)));
                        }
                        Rule::string => label = Some(self.string(k)),
                        Rule::kw_not_applicable | Rule::arrow => {}
                        _ => self.skip(&k),
                    }
                }
                StmtKind::NotApplicable(NotApplicable { how: how?, label, to })
            }
            Rule::cap_when => {
                let mut points = None;
                let mut cond = None;
                let mut label = None;
                for k in kids {
                    match k.as_rule() {
                        Rule::number => points = self.literal(k),
                        Rule::when => cond = self.sub_expr(k),
                        Rule::string => label = Some(self.string(k)),
                        _ => self.skip(&k),
                    }
                }
                StmtKind::CapWhen(CapWhen { points: points?, cond: cond?, label })
            }
            Rule::bonus_cap => StmtKind::BonusCap(self.limit(kids)?),
            Rule::round => {
                let mut places = None;
                let mut mode = None;
                for k in kids {
                    match k.as_rule() {
                        Rule::integer => places = Some(Spanned::new(self.integer(&k)?, span(&k))),
                        Rule::round_mode => {
                            let m = self.word(&k, "rounding mode", round_mode)?;
                            mode = Some(Spanned::new(m, span(&k)));
                        }
                        _ => self.skip(&k),
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
        let mut optional = false;
        let mut names = Vec::new();
        for k in kids {
            match k.as_rule() {
                Rule::ident => name = Some(ident(&k)),
                Rule::kind_names => names = self.idents(k),
                Rule::fact_given => given = true,
                Rule::fact_optional => optional = true,
                Rule::fact_type => ty = self.word(&k, "fact type", fact_type).map(|t| Spanned::new(t, span(&k))),
                Rule::fact_range => {
                    let before = self.errors.len();
                    let i = self.kids(k.clone()).into_iter().find(|k| k.as_rule() == Rule::interval);
                    let i = self.needed(i, before, &k)?;
                    self.any_year = true;
                    range = self.interval(i);
                    self.any_year = false;
                }
                Rule::string => desc = Some(self.string(k)),
                _ => self.skip(&k),
            }
        }
        Some(StmtKind::Fact(FactDecl { name: name?, ty: ty?, range, desc, given, names, fields: Vec::new(), optional }))
    }

    /// The names of a `kind_names` or an `in_list`.
    fn idents(&mut self, p: Pair<'_, Rule>) -> Vec<Ident> {
        let mut out = Vec::new();
        for k in self.kids(p) {
            match k.as_rule() {
                Rule::ident => out.push(ident(&k)),
                _ => self.skip(&k),
            }
        }
        out
    }

    fn let_(&mut self, kids: Vec<Pair<'_, Rule>>) -> Option<StmtKind> {
        let mut name = None;
        let mut expr = None;
        let mut on_zero = None;
        let mut desc = None;
        let mut ty = None;
        for k in kids {
            match k.as_rule() {
                Rule::ident => name = Some(ident(&k)),
                Rule::param_type => ty = self.word(&k, "type", param_type).map(|t| Spanned::new(t, span(&k))),
                Rule::expr => expr = Some(self.expr(k)),
                Rule::on_zero => {
                    for z in self.kids(k) {
                        match z.as_rule() {
                            Rule::kw_error => on_zero = Some(OnZero::Error(span(&z))),
                            Rule::na_value => on_zero = Some(OnZero::NotApplicable(span(&z))),
                            Rule::expr => on_zero = Some(OnZero::Value(self.expr(z))),
                            _ => self.skip(&z),
                        }
                    }
                }
                Rule::string => desc = Some(self.string(k)),
                _ => self.skip(&k),
            }
        }
        Some(StmtKind::Let(LetDecl { name: name?, ty, expr: expr?, on_zero, desc }))
    }

    fn node(&mut self, kids: Vec<Pair<'_, Rule>>, sp: Span) -> Option<StmtKind> {
        let mut kind = None;
        let mut id = None;
        let mut title = None;
        let mut max = None;
        let mut max_name = None;
        let mut max_cases = None;
        let mut body = Vec::new();
        let mut head_end = sp.end;
        for k in kids {
            match k.as_rule() {
                Rule::node_kind => kind = self.word(&k, "node kind", node_kind).map(|n| Spanned::new(n, span(&k))),
                Rule::node_id => id = Some(Spanned::new(k.as_str().to_string(), span(&k))),
                Rule::string => title = Some(self.string(k)),
                Rule::max_clause => (max, max_name, max_cases) = self.max_clause(k),
                Rule::body => {
                    head_end = span(&k).start;
                    body = self.body(k);
                }
                _ => self.skip(&k),
            }
        }
        Some(StmtKind::Node(Node {
            kind: kind?,
            id: id?,
            title: title?,
            max,
            max_name,
            max_cases,
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
                    let before = self.errors.len();
                    let mut interval = None;
                    let mut points = None;
                    let mut label = None;
                    for a in self.kids(k.clone()) {
                        match a.as_rule() {
                            Rule::interval => interval = self.interval(a),
                            Rule::expr => points = Some(self.expr(a)),
                            Rule::string => label = Some(self.string(a)),
                            _ => self.skip(&a),
                        }
                    }
                    if let Some((interval, points)) = self.needed(interval.zip(points), before, &k) {
                        arms.push(BandArm { interval, points, label, span: sp });
                    }
                }
                Rule::bad_arm => self.reparse(&k, Rule::arm_alone),
                _ => self.skip(&k),
            }
        }
        Some(StmtKind::Band(Band { subject: subject?, arms }))
    }

    /// `grade { … }`: each line kept when it parsed whole; a broken line re-read alone.
    fn grade(&mut self, kids: Vec<Pair<'_, Rule>>) -> StmtKind {
        let mut lines = Vec::new();
        for k in kids {
            match k.as_rule() {
                Rule::grade_arm | Rule::grade_fix | Rule::grade_bar | Rule::grade_quota => {
                    let before = self.errors.len();
                    let line = self.grade_line(&k);
                    if let Some(line) = self.needed(line, before, &k) {
                        lines.push(line);
                    }
                }
                Rule::bad_arm => self.reparse(&k, Rule::grade_alone),
                _ => self.skip(&k),
            }
        }
        StmtKind::Grade(Grade { lines })
    }

    fn grade_line(&mut self, k: &Pair<'_, Rule>) -> Option<GradeLine> {
        let sp = span(k);
        let (mut name, mut label, mut kind) = (None, None, None);
        for a in self.kids(k.clone()) {
            match a.as_rule() {
                Rule::ident => name = Some(ident(&a)),
                Rule::string => label = Some(self.string(a)),
                Rule::interval => kind = self.interval(a).map(GradeLineKind::Arm),
                Rule::when => {
                    kind = self.sub_expr(a).map(|e| match k.as_rule() {
                        Rule::grade_bar => GradeLineKind::Bar(e),
                        _ => GradeLineKind::Fix(e),
                    });
                }
                Rule::percent | Rule::integer => kind = self.literal(a).map(GradeLineKind::Quota),
                _ => self.skip(&a),
            }
        }
        Some(GradeLine { kind: kind?, name: name?, label, span: sp })
    }

    /// `[ID] grade = "NAME"` of an `expect` line.
    fn expect_grade(&mut self, p: Pair<'_, Rule>) -> Option<ExpectKind> {
        let (mut id, mut name) = (None, None);
        for x in self.kids(p) {
            match x.as_rule() {
                Rule::node_id => id = Some(Spanned::new(x.as_str().to_string(), span(&x))),
                Rule::string => name = Some(self.string(x)),
                _ => self.skip(&x),
            }
        }
        Some(ExpectKind::Grade(id, name?))
    }

    fn table(&mut self, kids: Vec<Pair<'_, Rule>>) -> Option<StmtKind> {
        let mut name = None;
        let mut by = Vec::new();
        let mut desc = None;
        let mut cells = Vec::new();
        for k in kids {
            match k.as_rule() {
                Rule::ident if name.is_none() => name = Some(ident(&k)),
                Rule::ident => by.push(ident(&k)),
                Rule::string => desc = Some(self.string(k)),
                Rule::table_cell => {
                    let sp = span(&k);
                    let before = self.errors.len();
                    let mut names = Vec::new();
                    let mut value = None;
                    for a in self.kids(k.clone()) {
                        match a.as_rule() {
                            Rule::ident => names.push(ident(&a)),
                            Rule::expr => value = Some(self.expr(a)),
                            _ => self.skip(&a),
                        }
                    }
                    if let Some(value) = self.needed(value, before, &k) {
                        cells.push(TableCell { names, value, span: sp });
                    }
                }
                Rule::bad_arm => self.reparse(&k, Rule::cell_alone),
                _ => self.skip(&k),
            }
        }
        Some(StmtKind::Table(Table { name: name?, by, desc, cells }))
    }

    fn interval(&mut self, p: Pair<'_, Rule>) -> Option<Interval> {
        let sp = span(&p);
        let (mut lo_closed, mut hi_closed) = (None, None);
        let mut bounds = Vec::new();
        let before = self.errors.len();
        for k in self.kids(p.clone()) {
            match k.as_rule() {
                Rule::open => lo_closed = Some(self.word(&k, "bracket", closed)?),
                Rule::close => hi_closed = Some(self.word(&k, "bracket", closed)?),
                Rule::bound => {
                    let b = self.kids(k.clone()).into_iter().next();
                    let b = self.needed(b, before, &k)?;
                    match b.as_rule() {
                        Rule::unbounded => bounds.push(Bound::Unbounded(span(&b))),
                        Rule::ident => bounds.push(Bound::Name(ident(&b))),
                        _ => bounds.push(Bound::Value(self.literal(b)?)),
                    }
                }
                _ => self.skip(&k),
            }
        }
        let mut it = bounds.into_iter();
        let parts = it.next().zip(it.next()).zip(lo_closed.zip(hi_closed));
        let ((lo, hi), (lo_closed, hi_closed)) = self.needed(parts, before, &p)?;
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
                Rule::per => per = self.per(k),
                Rule::when => when = self.sub_expr(k),
                Rule::limit => max = self.sub_expr(k),
                Rule::string => label = Some(self.string(k)),
                _ => self.skip(&k),
            }
        }
        Some(Adjust { amount: amount?, per, when, max, label })
    }

    fn sub_expr(&mut self, p: Pair<'_, Rule>) -> Option<Expr> {
        let before = self.errors.len();
        let k = self.kids(p.clone()).into_iter().find(|k| k.as_rule() == Rule::expr);
        self.needed(k, before, &p).map(|k| self.expr(k))
    }

    fn cond(&mut self, kids: Vec<Pair<'_, Rule>>) -> Option<Cond> {
        let mut cond = None;
        let mut label = None;
        for k in kids {
            match k.as_rule() {
                Rule::when => cond = self.sub_expr(k),
                Rule::string => label = Some(self.string(k)),
                _ => self.skip(&k),
            }
        }
        Some(Cond { cond: cond?, label })
    }

    fn limit(&mut self, kids: Vec<Pair<'_, Rule>>) -> Option<Limit> {
        for k in kids {
            match k.as_rule() {
                Rule::kw_none => return Some(Limit::None(span(&k))),
                Rule::number | Rule::signed_number => return self.literal(k).map(Limit::Value),
                _ => self.skip(&k),
            }
        }
        None
    }

    fn string_list(&mut self, kids: Vec<Pair<'_, Rule>>) -> Vec<Spanned<String>> {
        let mut out = Vec::new();
        for k in kids {
            if k.as_rule() != Rule::string_list {
                self.skip(&k);
                continue;
            }
            for s in self.kids(k) {
                if s.as_rule() == Rule::string {
                    out.push(self.string(s));
                } else {
                    self.skip(&s);
                }
            }
        }
        out
    }

    fn string(&mut self, p: Pair<'_, Rule>) -> Spanned<String> {
        let sp = span(&p);
        // `string_inner` matches the empty text too, so it is always there.
        let Some(inner) = p.into_inner().next() else {
            self.internal(sp, "a string without its text".to_string());
            return Spanned::new(String::new(), sp);
        };
        let (text, base) = (inner.as_str(), inner.as_span().start());
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
            Rule::number | Rule::signed_number | Rule::integer => LitValue::Number(self.decimal(text, sp)?),
            _ => {
                self.internal(sp, format!("the value `{}`", crate::messages::clean(text)));
                return None;
            }
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
                let kind = match un_op(op.as_rule()) {
                    Some(o) => ExprKind::Unary(o, Box::new(rhs)),
                    None => cell.borrow_mut().operator(&op),
                };
                Expr { kind, span: sp }
            })
            .map_postfix(|lhs, op| {
                let sp = lhs.span.join(span(&op));
                let kind = match op.as_rule() {
                    Rule::in_list => ExprKind::In(Box::new(lhs), cell.borrow_mut().idents(op)),
                    _ => cell.borrow_mut().operator(&op),
                };
                Expr { kind, span: sp }
            })
            .map_infix(|lhs, op, rhs| {
                let sp = lhs.span.join(rhs.span);
                let kind = match bin_op(op.as_rule()) {
                    Some(o) => ExprKind::Binary(o, Box::new(lhs), Box::new(rhs)),
                    None => cell.borrow_mut().operator(&op),
                };
                Expr { kind, span: sp }
            })
            .parse(kids.into_iter())
    }

    /// An operator the lowering has no case for: reported, and the expression left an error.
    fn operator(&mut self, op: &Pair<'_, Rule>) -> ExprKind {
        self.internal(span(op), format!("the operator `{}`", crate::messages::clean(op.as_str())));
        ExprKind::Error
    }

    /// `points(三.2)`, `deducted((一))`, `bonused("1)")`.
    fn node_ref(&mut self, p: Pair<'_, Rule>) -> ExprKind {
        let before = self.errors.len();
        let mut read = None;
        let mut id = None;
        for k in self.kids(p.clone()) {
            match k.as_rule() {
                Rule::ref_read => read = self.word(&k, "node figure", node_read),
                Rule::ref_id => id = Some(Spanned::new(k.as_str().to_string(), span(&k))),
                Rule::string => id = Some(self.string(k)),
                _ => self.skip(&k),
            }
        }
        match self.needed(read.zip(id), before, &p) {
            Some((read, id)) => ExprKind::NodeRef(read, id),
            None => ExprKind::Error,
        }
    }

    /// `rank(x among C)`, `average(x among C, else 0)`, `cohort_count()`: a call with a subset, or
    /// with no argument.
    fn among_call(&mut self, p: Pair<'_, Rule>) -> ExprKind {
        let before = self.errors.len();
        let mut func = None;
        let (mut args, mut cond, mut or_else) = (Vec::new(), None, None);
        // 0: the arguments, 1: the condition, 2: the `else` value.
        let mut part = 0;
        for k in self.kids(p.clone()) {
            match k.as_rule() {
                Rule::func => func = self.word(&k, "function", self::func),
                Rule::kw_among => part = 1,
                Rule::kw_else => part = 2,
                Rule::expr => {
                    let e = self.expr(k);
                    match part {
                        0 => args.push(e),
                        1 => cond = Some(e),
                        _ => or_else = Some(e),
                    }
                }
                _ => self.skip(&k),
            }
        }
        let Some(mut func) = self.needed(func, before, &p) else { return ExprKind::Error };
        // `rank(x, lowest among C)`: the order is a word, as in `call`.
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
        match cond {
            Some(cond) => ExprKind::Among(func, args, Box::new(crate::ast::Among { cond, or_else })),
            None => ExprKind::Call(func, args),
        }
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
                let before = self.errors.len();
                let mut parts: Vec<Expr> = Vec::new();
                for k in self.kids(p.clone()) {
                    if k.as_rule() == Rule::expr {
                        parts.push(self.expr(k));
                    } else {
                        self.skip(&k);
                    }
                }
                let mut it = parts.into_iter();
                let three = it.next().zip(it.next()).zip(it.next());
                match self.needed(three, before, &p) {
                    Some(((c, a), b)) => ExprKind::If(Box::new(c), Box::new(a), Box::new(b)),
                    None => ExprKind::Error,
                }
            }
            Rule::aggregate => self.aggregate(p),
            Rule::call => {
                let before = self.errors.len();
                let mut func = None;
                let mut args = Vec::new();
                for k in self.kids(p.clone()) {
                    match k.as_rule() {
                        Rule::func => func = self.word(&k, "function", self::func),
                        Rule::expr => args.push(self.expr(k)),
                        _ => self.skip(&k),
                    }
                }
                let Some(mut func) = self.needed(func, before, &p) else {
                    return Expr { kind: ExprKind::Error, span: sp };
                };
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
                // `round(x, 2, half_even)`: the mode is a word, as in a `round` line.
                if func == Func::Round(RoundMode::HalfUp)
                    && let [_, _, mode] = args.as_slice()
                    && let ExprKind::Name(word) = &mode.kind
                    && let Some(m) = round_mode(word)
                {
                    func = Func::Round(m);
                    args.truncate(2);
                }
                ExprKind::Call(func, args)
            }
            Rule::among_call => self.among_call(p),
            Rule::ident => ExprKind::Name(p.as_str().to_string()),
            Rule::node_ref => self.node_ref(p),
            Rule::date | Rule::percent | Rule::number => match self.literal(p) {
                Some(l) => ExprKind::Lit(l),
                None => ExprKind::Error,
            },
            Rule::boolean => match self.word(&p, "truth value", boolean) {
                Some(b) => ExprKind::Bool(b),
                None => ExprKind::Error,
            },
            _ => {
                self.internal(sp, format!("`{}` as a value", crate::messages::clean(p.as_str())));
                ExprKind::Error
            }
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

/// Whether a rule is punctuation or a keyword that only marks the statement it starts: passed
/// over where it stands. (`total`, `none` and `error` mean something and are read where they do.)
fn is_token(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::EOI
            | Rule::lbrace
            | Rule::rbrace
            | Rule::arrow
            | Rule::comma
            | Rule::colon
            | Rule::assign
            | Rule::kw_import
            | Rule::kw_rubric
            | Rule::kw_block
            | Rule::kw_use
            | Rule::kw_fact
            | Rule::kw_let
            | Rule::kw_year
            | Rule::kw_lead
            | Rule::kw_office
            | Rule::kw_owner
            | Rule::kw_due
            | Rule::kw_text
            | Rule::kw_band
            | Rule::kw_award
            | Rule::kw_score
            | Rule::kw_judged
            | Rule::kw_deduct
            | Rule::kw_bonus
            | Rule::kw_bonus_cap
            | Rule::kw_zero
            | Rule::kw_veto
            | Rule::kw_floor
            | Rule::kw_cap
            | Rule::kw_round
            | Rule::kw_per
            | Rule::kw_when
            | Rule::kw_max
            | Rule::kw_in
            | Rule::kw_on
            | Rule::kw_and
            | Rule::kw_or
            | Rule::kw_not
            | Rule::kw_if
            | Rule::kw_then
            | Rule::kw_else
            | Rule::kw_test
            | Rule::kw_given
            | Rule::kw_expect
            | Rule::kw_period
            | Rule::kw_weight
            | Rule::kw_only
            | Rule::kw_table
            | Rule::kw_by
            | Rule::kw_where
            | Rule::kw_list
            | Rule::kw_min
            | Rule::kw_as
            | Rule::kw_unit
            | Rule::kw_rank
            | Rule::kw_grade
            | Rule::kw_bar
            | Rule::kw_quota
            | Rule::kw_combine
            | Rule::kw_among
            | Rule::kw_not_applicable
    )
}

/// The words of the grammar's `fact_type`.
fn fact_type(word: &str) -> Option<FactType> {
    Some(match word {
        "count" => FactType::Count,
        "kind" => FactType::Kind,
        "number" => FactType::Number,
        "percent" => FactType::Percent,
        "bool" => FactType::Bool,
        "date" => FactType::Date,
        "points" => FactType::Points,
        _ => return None,
    })
}

/// The words of the grammar's `param_type`: the fact types a parameter may have.
fn param_type(word: &str) -> Option<FactType> {
    fact_type(word).filter(|t| matches!(t, FactType::Number | FactType::Percent | FactType::Points))
}

/// The words of the grammar's `node_kind`.
fn node_kind(word: &str) -> Option<NodeKind> {
    Some(match word {
        "section" => NodeKind::Section,
        "group" => NodeKind::Group,
        "item" => NodeKind::Item,
        _ => return None,
    })
}

/// The words of the grammar's `round_mode`, in English and in Chinese.
fn round_mode(word: &str) -> Option<RoundMode> {
    Some(match word {
        "half_up" | "四舍五入" => RoundMode::HalfUp,
        "half_even" => RoundMode::HalfEven,
        "down" | "去尾" => RoundMode::Down,
        "up" | "进一" => RoundMode::Up,
        _ => return None,
    })
}

/// The words of the grammar's `func`.
fn func(word: &str) -> Option<Func> {
    Some(match word {
        "min" => Func::Min,
        "max" => Func::Max,
        "abs" => Func::Abs,
        "rank" => Func::Rank,
        "best" => Func::Best,
        "worst" => Func::Worst,
        "average" => Func::Average,
        "ratio" => Func::Ratio,
        "floor" => Func::Floor,
        "ceil" => Func::Ceil,
        "round" => Func::Round(RoundMode::HalfUp),
        "pow" => Func::Pow,
        "days" => Func::Days,
        "date" => Func::Date,
        "workday" => Func::Workday,
        "next_workday" => Func::NextWorkday,
        "workdays" => Func::Workdays,
        "cohort_sum" => Func::CohortSum,
        "cohort_count" => Func::CohortCount,
        _ => return None,
    })
}

/// The words of the grammar's `na_how`.
fn na_how(word: &str) -> Option<NaHow> {
    Some(match word {
        "full" => NaHow::Full,
        "rescale" => NaHow::Rescale,
        _ => return None,
    })
}

/// The words of the grammar's `combine_how`.
fn combine_how(word: &str) -> Option<CombineHow> {
    Some(match word {
        "min" => CombineHow::Min,
        "max" => CombineHow::Max,
        "average" => CombineHow::Average,
        "largest_loss" => CombineHow::LargestLoss,
        _ => return None,
    })
}

/// The words of the grammar's `ref_read`.
fn node_read(word: &str) -> Option<NodeRead> {
    Some(match word {
        "points" => NodeRead::Points,
        "deducted" => NodeRead::Deducted,
        "bonused" => NodeRead::Bonused,
        _ => return None,
    })
}

/// The words of the grammar's `boolean`.
fn boolean(word: &str) -> Option<bool> {
    match word {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The infix operators of the grammar's `infix`.
fn bin_op(rule: Rule) -> Option<BinOp> {
    Some(match rule {
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
        Rule::div => BinOp::Div,
        _ => return None,
    })
}

/// The prefix operators of the grammar's `prefix`.
fn un_op(rule: Rule) -> Option<UnOp> {
    match rule {
        Rule::not => Some(UnOp::Not),
        Rule::neg => Some(UnOp::Neg),
        _ => None,
    }
}

/// Whether the bracket of an interval's end includes it: `[` and `]` do, `(` and `)` do not.
fn closed(bracket: &str) -> Option<bool> {
    match bracket {
        "[" | "]" => Some(true),
        "(" | ")" => Some(false),
        _ => None,
    }
}

pub(crate) use self::Rule as GrammarRule;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point
    use super::*;

    const GRAMMAR: &str = include_str!("../../../grammar/rubric.pest");

    /// The quoted words (not punctuation) of the one-line grammar rule that starts `name`.
    fn words_of(name: &str) -> Vec<&'static str> {
        let line = GRAMMAR.lines().find(|l| l.starts_with(name)).expect("the rule is in the grammar");
        let word = |w: &&str| w.chars().all(|c| c.is_alphanumeric() || c == '_');
        line.split('"').skip(1).step_by(2).filter(word).collect()
    }

    fn cx(src: &str) -> Cx<'_> {
        Cx { src, errors: Vec::new(), any_year: false }
    }

    /// The first pair of `rule` read from `text`.
    fn pair(rule: Rule, text: &str) -> Pair<'_, Rule> {
        Grammar::parse(rule, text).unwrap().next().unwrap()
    }

    /// The one error, which must be an internal error at `at`.
    fn internal_at(errors: &[SyntaxError], at: std::ops::Range<usize>) -> String {
        let [SyntaxError::Internal(e)] = errors else { panic!("not one internal error: {errors:?}") };
        assert_eq!((e.span.offset(), e.span.offset() + e.span.len()), (at.start, at.end), "{e:?}");
        let help = miette::Diagnostic::help(e).unwrap().to_string();
        assert!(help.contains("bug in rubric"), "{help}");
        e.to_string()
    }

    /// Every word of a rule of the grammar has its value, and a word it lacks has none (it used
    /// to be read as the last value of the list: `Points`, `Item`, `HalfUp`, `Min`).
    #[test]
    fn every_word_of_the_grammar_has_its_value_and_no_other_word_has_one() {
        // Each table, with the words its value is written as.
        type Read = fn(&str) -> Option<[&'static str; 2]>;
        let tables: [(&str, Read, usize); 6] = [
            ("fact_type  =", |w| fact_type(w).map(|t| [t.keyword(); 2]), 7),
            ("param_type =", |w| param_type(w).map(|t| [t.keyword(); 2]), 3),
            ("node_kind =", |w| node_kind(w).map(|n| [n.keyword(); 2]), 3),
            ("round_mode =", |w| round_mode(w).map(|m| [m.keyword(), m.chinese()]), 7),
            ("func    =", |w| func(w).map(|f| [f.name(); 2]), 19),
            ("boolean =", |w| boolean(w).map(|b| [if b { "true" } else { "false" }; 2]), 2),
        ];
        for (rule, read, count) in tables {
            let words = words_of(rule);
            assert_eq!(words.len(), count, "the words of `{rule}` were read: {words:?}");
            for w in words {
                let names = read(w);
                assert!(
                    names.is_some_and(|n| n.contains(&w) || w == "四舍五入"),
                    "`{rule}`: `{w}` is read as {names:?}"
                );
            }
            for w in ["", "item ", "Points", "rank_lowest", "四舍", "bogus"] {
                assert_eq!(read(w), None, "`{rule}`: `{w}` is read as a value");
            }
        }
        assert_eq!(round_mode("四舍五入"), Some(RoundMode::HalfUp));
        assert_eq!(param_type("count"), None, "a parameter is not a count");
        assert_eq!((closed("["), closed(")"), closed("{")), (Some(true), Some(false), None));
    }

    /// `round(x, places, mode)` reads the mode in the words of a `round` line, English or
    /// Chinese; without one it is 四舍五入, and another name stays a value.
    #[test]
    fn a_rounding_mode_is_a_word_of_the_round_line() {
        for (text, want, args) in [
            ("round(x, 0, 去尾)", Func::Round(RoundMode::Down), 2),
            ("round(x, 0, 进一)", Func::Round(RoundMode::Up), 2),
            ("round(x, 1, half_even)", Func::Round(RoundMode::HalfEven), 2),
            ("round(x, 0, 四舍五入)", Func::Round(RoundMode::HalfUp), 2),
            ("round(x)", Func::Round(RoundMode::HalfUp), 1),
            ("round(x, 0, y)", Func::Round(RoundMode::HalfUp), 3),
            ("floor(x / 50000)", Func::Floor, 1),
            ("ceil(x)", Func::Ceil, 1),
            ("pow(2, n)", Func::Pow, 2),
        ] {
            let mut cx = cx(text);
            let e = cx.expr(pair(Rule::expr, text));
            let ExprKind::Call(f, a) = &e.kind else { panic!("{text}: {e:?}") };
            assert_eq!((*f, a.len()), (want, args), "{text}");
            assert!(cx.errors.is_empty(), "{text}: {:?}", cx.errors);
        }
    }

    /// Every operator of an expression is read as itself; any other rule is no operator (it used
    /// to be read as `/` and `-`).
    #[test]
    fn every_operator_is_read_as_itself_and_no_other_rule_is_an_operator() {
        for op in ["or", "and", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/"] {
            let text = format!("a {op} b");
            let expr = pair(Rule::expr, &text).into_inner().nth(1).unwrap();
            assert_eq!(bin_op(expr.as_rule()).map(BinOp::symbol), Some(op), "{expr:?}");
        }
        for (text, op) in [("not a", UnOp::Not), ("-a", UnOp::Neg)] {
            let expr = pair(Rule::expr, text).into_inner().next().unwrap();
            assert_eq!(un_op(expr.as_rule()), Some(op), "{expr:?}");
        }
        for rule in [Rule::comma, Rule::kw_and, Rule::expr, Rule::arrow] {
            assert_eq!((bin_op(rule), un_op(rule)), (None, None), "{rule:?}");
        }
        let src = "a , b";
        let mut cx = cx(src);
        assert_eq!(cx.operator(&pair(Rule::comma, ",")), ExprKind::Error);
        internal_at(&cx.errors, 0..1);
    }

    /// A rule the lowering has no case for, where a value, a word or a part is read, is a located
    /// internal error, never a default value or a part left out.
    #[test]
    fn a_rule_without_a_case_is_a_located_internal_error() {
        // A value: was `ExprKind::Error` without a word.
        let src = "\"甲\"";
        let mut c = cx(src);
        assert_eq!(c.primary(pair(Rule::string, src)).kind, ExprKind::Error);
        assert!(internal_at(&c.errors, 0..5).contains("`\"甲\"` as a value"));
        // A literal: was read as a number.
        let src = "true";
        let mut c = cx(src);
        assert_eq!(c.literal(pair(Rule::boolean, src)), None);
        internal_at(&c.errors, 0..4);
        // A word read by the wrong table: was the last value of the table.
        let src = "points";
        let mut c = cx(src);
        assert_eq!(c.word(&pair(Rule::fact_type, src), "node kind", node_kind), None);
        assert_eq!(internal_at(&c.errors, 0..6), "internal error: the parser cannot read the node kind `points`");
        // A child no case reads: was passed over.
        let src = "a";
        let mut c = cx(src);
        c.skip(&pair(Rule::ident, src));
        internal_at(&c.errors, 0..1);
        let mut c = cx(",");
        c.skip(&pair(Rule::comma, ","));
        assert!(c.errors.is_empty(), "punctuation is passed over");
        // A part that is missing: the statement was left out of the tree.
        let src = "award 1";
        let mut c = cx(src);
        assert_eq!(c.needed(None::<()>, 0, &pair(Rule::award, src)), None);
        internal_at(&c.errors, 0..7);
        // ... unless its own error was reported.
        let mut c = cx(src);
        c.errors.push(BadNumber { text: "1".into(), span: Span::new(6, 7).into() }.into());
        assert_eq!(c.needed(None::<()>, 0, &pair(Rule::award, src)), None);
        assert_eq!(c.errors.len(), 1);
    }

    /// The comments of the grammar (its `COMMENT` pairs), or `None` when `src` does not parse.
    fn grammar_comments(src: &str) -> Option<Vec<Comment>> {
        let file = Grammar::parse(Rule::file, src).ok()?;
        let c = file.flatten().filter(|p| p.as_rule() == Rule::COMMENT);
        Some(c.map(|p| Comment { text: p.as_str().trim_end().to_string(), span: span(&p) }).collect())
    }

    /// The rule files of a folder and the folders in it.
    fn rule_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                rule_files(&path, out);
            } else if path.extension().is_some_and(|x| x == "rubric") {
                out.push(path);
            }
        }
    }

    /// The one scanner of comments ([`crate::scan::comments`], which fills `File::comments`)
    /// finds the grammar's comments, no more and no fewer, in every rule file of the repository
    /// that parses and with a comment added at each blank of the file that uses every construct.
    #[test]
    fn the_scanner_finds_the_grammars_comments() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        for dir in ["rules", "tests"] {
            rule_files(&root.join(dir), &mut files);
        }
        let mut texts: Vec<String> = files.iter().filter_map(|f| std::fs::read_to_string(f).ok()).collect();
        let every = std::fs::read_to_string(root.join("tests/parse/ok/every-construct.rubric")).unwrap();
        for (i, _) in every.char_indices().filter(|&(_, c)| c == ' ') {
            texts.push(format!("{} // c{i} \"\n{}", &every[..i], &every[i + 1..]));
        }
        let mut compared = 0;
        for src in &texts {
            if let Some(grammar) = grammar_comments(src) {
                assert_eq!(crate::scan::comments(src), grammar, "{src}");
                compared += usize::from(!grammar.is_empty());
            }
        }
        assert!(compared > 300, "only {compared} texts with comments parsed");
    }
}
