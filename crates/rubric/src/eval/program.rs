//! The compiled scoring program of a rubric: derived values and rows as typed operations over
//! decimals, laid out flat in scoring order and worked out once ([`Program::of`]).
//!
//! Expressions are compiled by type (a number, a yes/no, a date), so running them reads a slot
//! and computes without testing what kind of value it holds, and a node is a short run of
//! operations with only the steps it needs. The program covers every rule of a rubric that
//! scores its units alone; it is not made for rules that compare units. Running it
//! ([`crate::eval::machine`]) never reports an error itself: whatever it cannot score (a division by
//! zero without `on zero`, a value in no band, an overflow) it hands back, and the unit is
//! scored again by the general evaluator in `eval.rs`, which says what went wrong. So both give
//! the same numbers, the same explanation and the same errors.

use crate::eval::layout::{Layout, constant};
use crate::eval::machine::Iv;
use crate::plan::Plan;
use crate::plan::exact::Q;
use crate::plan::order::{ORDER, Phase};
use crate::plan::{AdjustDef, CExpr, Floor, Kind, RuleDef};
use crate::value::{Ty, Value};
use chrono::NaiveDate;
use dates::DayCall;
use fuse::fuse;
use rubric_syntax::ast::{BinOp, Func, RoundMode, UnOp};
use rust_decimal::Decimal;

pub(crate) mod aggs;
pub(crate) mod dates;
mod fuse;
pub(crate) mod lists;

/// A rubric's compiled program.
#[derive(Debug, Clone)]
pub(crate) struct Program {
    /// The derived values, in order.
    pub(crate) lets: Vec<LetOp>,
    /// The nodes' operations, children before parents.
    pub(crate) ops: Vec<Op>,
    /// The children of every parent node, listed contiguously (see [`Op::Kids`]).
    pub(crate) kids: Vec<u32>,
    /// The number of nodes.
    pub(crate) nodes: usize,
}

/// A derived value: compiled with its `on zero` value (its aggregates over lists of records
/// too, `program/aggs.rs`), or, when it holds an aggregate the program does not compile,
/// computed by the general expression evaluator (`program/lists.rs`).
#[derive(Debug, Clone)]
pub(crate) enum LetOp {
    Compiled { expr: Any, on_zero: Option<Any> },
    List(Box<lists::ListLet>),
}

/// An expression of any type.
#[derive(Debug, Clone)]
pub(crate) enum Any {
    Num(Num),
    Cond(Cond),
    Date(Date),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    fn of(op: BinOp) -> Option<Cmp> {
        Some(match op {
            BinOp::Eq => Cmp::Eq,
            BinOp::Ne => Cmp::Ne,
            BinOp::Lt => Cmp::Lt,
            BinOp::Le => Cmp::Le,
            BinOp::Gt => Cmp::Gt,
            BinOp::Ge => Cmp::Ge,
            _ => return None,
        })
    }

    /// Whether `a OP b` holds.
    #[inline(always)]
    pub(crate) fn test<V: Ord>(self, a: &V, b: &V) -> bool {
        self.holds(a.cmp(b))
    }

    /// Whether `a OP b` holds, given how `a` compares with `b`.
    #[inline(always)]
    pub(crate) fn holds(self, o: std::cmp::Ordering) -> bool {
        match self {
            Cmp::Eq => o.is_eq(),
            Cmp::Ne => o.is_ne(),
            Cmp::Lt => o.is_lt(),
            Cmp::Le => o.is_le(),
            Cmp::Gt => o.is_gt(),
            Cmp::Ge => o.is_ge(),
        }
    }
}

/// A numeric expression.
#[derive(Debug, Clone)]
pub(crate) enum Num {
    Const(Q),
    Fact(u32),
    Let(u32),
    Add(Box<(Num, Num)>),
    Sub(Box<(Num, Num)>),
    Mul(Box<(Num, Num)>),
    Div(Box<(Num, Num)>),
    Neg(Box<Num>),
    Abs(Box<Num>),
    /// `floor`, `ceil`, `round` (the value and its places) or `pow` (the base and the power).
    Whole(Func, Box<(Num, Num)>),
    Min(Box<[Num]>),
    Max(Box<[Num]>),
    If(Box<(Cond, Num, Num)>),
    /// `days(a, b)` or `workdays(a, b)`.
    Day(Box<DayCall>),
    /// Field `i` of the record an aggregate reads.
    Field(u32),
    /// An aggregate over a list (`program/aggs.rs`), only in a derived value.
    Agg(Box<aggs::Agg>),
}

/// A yes/no expression.
#[derive(Debug, Clone)]
pub(crate) enum Cond {
    Const(bool),
    Fact(u32),
    Let(u32),
    Not(Box<Cond>),
    /// Every condition, in order, stopping at the first that fails.
    And(Box<[Cond]>),
    /// Any condition, in order, stopping at the first that holds.
    Or(Box<[Cond]>),
    /// A numeric fact compared with a constant, the most common condition.
    FactCmp(Cmp, u32, Decimal),
    Num(Cmp, Box<(Num, Num)>),
    Date(Cmp, Box<(Date, Date)>),
    Bool(Cmp, Box<(Cond, Cond)>),
    If(Box<(Cond, Cond, Cond)>),
    /// `workday(d)`.
    Day(Box<DayCall>),
    /// Field `i` of the record an aggregate reads.
    Field(u32),
    /// An aggregate over a list (`program/aggs.rs`), only in a derived value.
    Agg(Box<aggs::Agg>),
}

/// A date expression.
#[derive(Debug, Clone)]
pub(crate) enum Date {
    Const(NaiveDate),
    Fact(u32),
    Let(u32),
    Min(Box<[Date]>),
    Max(Box<[Date]>),
    If(Box<(Cond, Date, Date)>),
    /// `date(y, m, d)` or `next_workday(d)`.
    Day(Box<DayCall>),
    /// Field `i` of the record an aggregate reads.
    Field(u32),
    /// An aggregate over a list (`program/aggs.rs`), only in a derived value.
    Agg(Box<aggs::Agg>),
    /// `next_workday(date(Y, m, D))` with a constant year and day, looked up by month.
    Table(Box<dates::Table>),
}

/// The quantity of a `deduct P per Q` line in its common form: a fact or a derived value (a
/// count over a list of records, `program/lists.rs`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Per {
    Fact(u32),
    Let(u32),
}

/// An `award`, `deduct` or `bonus` line in general form.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub(crate) amount: Num,
    pub(crate) per: Option<Num>,
    pub(crate) when: Option<Cond>,
    pub(crate) max: Option<Num>,
    /// Its points, quantity and limit are constants or facts: when its condition does not hold,
    /// nothing needs working out (unless the steps are recorded).
    pub(crate) plain: bool,
}

/// A band table.
#[derive(Debug, Clone)]
pub(crate) struct Band {
    pub(crate) subject: Any,
    pub(crate) arms: Box<[(Iv, Num)]>,
}

/// One step of scoring a node. A node's steps run between its `Start` (or `Full`) and its
/// `End`, in the order of `docs/language.md`; `rule` fields index the node's rules.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    /// Starts node `node` at 0.
    Start(u32),
    /// Starts item `node`, which has no base rules, at its maximum.
    Full(u32, Q),
    /// Adds the children `kids[from..to]`: their regular points to the score, their bonus to
    /// the bonus.
    Kids(u32, u32),
    /// Adds the children `kids[from..to]` of a rubric without bonus rules.
    KidsPlain(u32, u32),
    /// A whole item of a rubric without bonus rules: `award P when C` and nothing else.
    Row {
        node: u32,
        rule: u32,
        cond: Cond,
        points: Q,
    },
    /// A whole item of a rubric without bonus rules: several `award P when C` lines and
    /// nothing else.
    Rows {
        node: u32,
        parts: Box<[(u32, Cond, Q)]>,
    },
    /// A whole parent node of a rubric without bonus rules: the sum of its children
    /// `kids[from..to]`, with nothing else to apply.
    Sum {
        node: u32,
        from: u32,
        to: u32,
    },
    /// `award P when C` with constant points, no quantity and no limit.
    AwardIf {
        rule: u32,
        cond: Cond,
        points: Q,
    },
    /// `award P` with constant points and no condition.
    AwardAll {
        rule: u32,
        points: Q,
    },
    /// Any other `award` line.
    Award(u32, Box<Line>),
    Band(u32, Box<Band>),
    Score(u32, Num),
    Judged {
        rule: u32,
        slot: u32,
        max: Q,
    },
    /// `deduct P per Q` with constant points and a quantity fact (or derived value), with an
    /// optional condition and an optional constant limit.
    DeductPer {
        rule: u32,
        points: Q,
        per: Per,
        when: Option<Cond>,
        max: Option<Q>,
    },
    /// `deduct P when C` with constant points, no quantity and no limit.
    DeductIf {
        rule: u32,
        cond: Cond,
        points: Q,
    },
    Deduct(u32, Box<Line>),
    Floor(Q),
    /// The floor of a parent with a part that may score below 0: the lower of 0 and the sum
    /// of its parts.
    FloorKids,
    Cap(Q),
    Bonus(u32, Box<Line>),
    BonusCap(Q),
    /// The total: score plus bonus (before zeroing and rounding).
    Total,
    Zero(u32, Cond),
    Veto(u32, Cond),
    Round(u32, RoundMode),
    /// Ends node `node`; `summed` says whether `Total` ran.
    End {
        node: u32,
        summed: bool,
    },
    /// Ends node `node` of a rubric without bonus rules, which was not zeroed or rounded.
    EndPlain(u32),
}

/// The kind of value an expression gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum K {
    Num,
    Bool,
    Date,
}

/// Compiles expressions against a rubric's slots.
struct Cc<'a> {
    r: &'a Plan,
    /// The list whose record is read (in an aggregate's condition or value): its fields.
    fields: Option<&'a [crate::plan::FactDef]>,
    /// Whether aggregates are compiled (in a derived value only).
    aggs: bool,
}

impl Program {
    /// The program of a rubric, or `None` when its rules compare units (or, defensively, when
    /// an expression does not have the type the checker gave it): such a rubric is scored by
    /// the general evaluator.
    pub(crate) fn of(r: &Plan, layout: &Layout) -> Option<Program> {
        // A rubric whose rules read nodes (`points(…)`) is scored by the general evaluator, in
        // its order (`Plan::order`); so is one with a parent scored by `score` or a `cap … when`.
        if r.is_cohort() || r.combines() {
            return None;
        }
        let cc = Cc { r, fields: None, aggs: false };
        let mut lets = Vec::with_capacity(r.lets.len());
        for l in &r.lets {
            if let Some(list) = lists::ListLet::of(l, &r.calendars) {
                // Its aggregates compiled when they can be (`program/aggs.rs`), else computed by
                // the general expression evaluator.
                lets.push(aggs::of(r, l).unwrap_or_else(|| LetOp::List(Box::new(list))));
                continue;
            }
            let k = ty_kind(l.ty);
            let on_zero = match &l.on_zero {
                Some(z) => Some(cc.any(z, k)?),
                None => None,
            };
            lets.push(LetOp::Compiled { expr: cc.any(&l.expr, k)?, on_zero });
        }
        // Without bonus rules, no node has bonus: parents add only their children's scores.
        let bonus = r.nodes.iter().any(|n| n.rules.iter().any(|x| matches!(x, RuleDef::Bonus(_))));
        let mut ops = Vec::new();
        let mut kids = Vec::new();
        for idx in (0..r.nodes.len()).rev() {
            let (n, l) = (r.nodes.get(idx)?, layout.nodes.get(idx)?);
            let node = u32::try_from(idx).ok()?;
            let rule_of = |i: usize| Some((u32::try_from(i).ok()?, n.rules.get(i)?));
            // A rule the layout does not know leaves the rubric to the general evaluator.
            let plain = |i: usize| l.plain.get(i).copied();
            if n.kind == Kind::Item && l.full {
                ops.push(Op::Full(node, Q::dec(n.max)));
            } else {
                ops.push(Op::Start(node));
            }
            let summed = !l.zero.is_empty() || n.round.is_some();
            for phase in ORDER {
                match phase {
                    Phase::Base if n.kind == Kind::Item => {
                        for &i in l.rules(phase) {
                            let (rule, def) = rule_of(i)?;
                            ops.push(match def {
                                RuleDef::Band(b) => {
                                    let subject = cc.any(&b.subject.expr, cc.kind(&b.subject.expr)?)?;
                                    let arms: Option<Vec<(Iv, Num)>> =
                                        b.arms.iter().map(|a| Some((Iv::of(&a.range), cc.num(&a.points)?))).collect();
                                    Op::Band(rule, Box::new(Band { subject, arms: arms?.into_boxed_slice() }))
                                }
                                RuleDef::Award(a) => {
                                    match (constant(&a.amount.expr).map(Q::dec), &a.per, &a.max, &a.when) {
                                        (Some(points), None, None, Some(w)) => {
                                            Op::AwardIf { rule, cond: cc.cond(&w.expr)?, points }
                                        }
                                        (Some(points), None, None, None) => Op::AwardAll { rule, points },
                                        _ => Op::Award(rule, Box::new(cc.line(a, plain(i)?)?)),
                                    }
                                }
                                RuleDef::Score(s) => Op::Score(rule, cc.num(&s.expr)?),
                                RuleDef::Judged(j) => Op::Judged { rule, slot: cc.fact(j.slot)?, max: Q::dec(n.max) },
                                _ => return None,
                            });
                        }
                    }
                    Phase::Base => {
                        let from = u32::try_from(kids.len()).ok()?;
                        for &c in &n.children {
                            kids.push(u32::try_from(c).ok()?);
                        }
                        let to = u32::try_from(kids.len()).ok()?;
                        ops.push(if bonus { Op::Kids(from, to) } else { Op::KidsPlain(from, to) });
                    }
                    Phase::Deduct => {
                        for &i in l.rules(phase) {
                            let (rule, RuleDef::Deduct(a)) = rule_of(i)? else { return None };
                            ops.push(deduct(&cc, rule, a, plain(i)?)?);
                        }
                    }
                    Phase::Floor if l.floor => match n.floor {
                        Floor::At(f) => ops.push(Op::Floor(Q::dec(f))),
                        Floor::Children => ops.push(Op::FloorKids),
                        Floor::None => {}
                    },
                    Phase::Cap if l.cap => {
                        if let Some(c) = n.cap {
                            ops.push(Op::Cap(Q::dec(c)));
                        }
                    }
                    Phase::Floor | Phase::Cap => {}
                    Phase::Bonus => {
                        for &i in l.rules(phase) {
                            let (rule, RuleDef::Bonus(a)) = rule_of(i)? else { return None };
                            ops.push(Op::Bonus(rule, Box::new(cc.line(a, plain(i)?)?)));
                        }
                    }
                    Phase::BonusCap => {
                        if let Some(c) = n.bonus_cap {
                            ops.push(Op::BonusCap(Q::dec(c)));
                        }
                    }
                    // Only needed when something reads the total before the node ends.
                    Phase::Total if summed => ops.push(Op::Total),
                    Phase::Total => {}
                    Phase::Zero => {
                        for &i in l.rules(phase) {
                            let (rule, def) = rule_of(i)?;
                            ops.push(match def {
                                RuleDef::Zero(c) => Op::Zero(rule, cc.cond(&c.cond.expr)?),
                                RuleDef::Veto(c) => Op::Veto(rule, cc.cond(&c.cond.expr)?),
                                _ => return None,
                            });
                        }
                    }
                    Phase::Round => {
                        if let Some((places, mode)) = n.round {
                            ops.push(Op::Round(places, mode));
                        }
                    }
                }
            }
            if bonus || summed {
                ops.push(Op::End { node, summed });
            } else {
                ops.push(Op::EndPlain(node));
                fuse(&mut ops);
            }
        }
        Some(Program { lets, ops, kids, nodes: r.nodes.len() })
    }
}

/// The operation of a `deduct` line: the common forms specialised.
fn deduct(cc: &Cc<'_>, rule: u32, a: &AdjustDef, plain: bool) -> Option<Op> {
    let per_fact = a.per.as_ref().and_then(|p| match p.expr {
        CExpr::Slot(s) => match cc.slot(s)? {
            Ok(f) => Some(Per::Fact(f)),
            Err(l) if cc.slot_kind(s)? == K::Num => Some(Per::Let(l)),
            Err(_) => None,
        },
        _ => None,
    });
    let max = a.max.as_ref().map(|m| constant(&m.expr).map(Q::dec));
    Some(match (constant(&a.amount.expr).map(Q::dec), per_fact, max, &a.when, &a.per) {
        (Some(points), Some(per), None | Some(Some(_)), when, _) => {
            let when = match when {
                Some(w) => Some(cc.cond(&w.expr)?),
                None => None,
            };
            Op::DeductPer { rule, points, per, when, max: max.flatten() }
        }
        (Some(points), None, None, Some(w), None) => Op::DeductIf { rule, cond: cc.cond(&w.expr)?, points },
        _ => Op::Deduct(rule, Box::new(cc.line(a, plain)?)),
    })
}

impl crate::eval::Rubric {
    /// Whether [`Rubric::score`](crate::Rubric::score) and [`Rubric::trace`](crate::Rubric::trace) run the rubric's compiled program
    /// (every rubric whose rules do not compare units). Either way the numbers, the
    /// explanation and the errors are those of the general evaluator.
    pub fn is_compiled(&self) -> bool {
        self.layout().program.is_some()
    }
}

/// The kind of value of a type.
fn ty_kind(t: Ty) -> K {
    match t {
        Ty::Bool => K::Bool,
        Ty::Date => K::Date,
        _ => K::Num,
    }
}

impl Cc<'_> {
    /// A fact's slot, if `s` is one.
    fn fact(&self, s: usize) -> Option<u32> {
        if s < self.r.facts.len() { u32::try_from(s).ok() } else { None }
    }

    /// A slot as a fact or a derived value: `Ok(fact)` or `Err(let)`.
    fn slot(&self, s: usize) -> Option<Result<u32, u32>> {
        match s.checked_sub(self.r.facts.len()) {
            None => Some(Ok(u32::try_from(s).ok()?)),
            Some(l) if l < self.r.lets.len() => Some(Err(u32::try_from(l).ok()?)),
            Some(_) => None,
        }
    }

    /// The type of a slot.
    fn slot_kind(&self, s: usize) -> Option<K> {
        match s.checked_sub(self.r.facts.len()) {
            None => Some(ty_kind(self.r.facts.get(s)?.value_ty())),
            Some(l) => Some(ty_kind(self.r.lets.get(l)?.ty)),
        }
    }

    /// The kind of value an expression gives.
    fn kind(&self, e: &CExpr) -> Option<K> {
        Some(match e {
            CExpr::Const(Value::Num(_)) => K::Num,
            CExpr::Const(Value::Bool(_)) => K::Bool,
            CExpr::Const(Value::Date(_)) => K::Date,
            // The program is not made for a rubric with 不适用 values.
            CExpr::Const(Value::NotApplicable) => return None,
            CExpr::Slot(s) if self.field(*s).is_some() => {
                ty_kind(self.fields?.get(self.field(*s)? as usize)?.value_ty())
            }
            CExpr::Slot(s) => self.slot_kind(*s)?,
            CExpr::Agg(a) if self.aggs => ty_kind(a.ty),
            CExpr::Unary(UnOp::Not, _) => K::Bool,
            CExpr::Unary(UnOp::Neg, _) => K::Num,
            CExpr::Binary(op, ..) => match op {
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => K::Num,
                _ => K::Bool,
            },
            CExpr::Call(Func::Min | Func::Max, args) => self.kind(args.first()?)?,
            CExpr::Call(Func::Abs | Func::Floor | Func::Ceil | Func::Round(_) | Func::Pow, _) => K::Num,
            CExpr::Call(Func::Days | Func::Workdays, _) => K::Num,
            CExpr::Call(Func::Workday, _) => K::Bool,
            CExpr::Call(Func::Date | Func::NextWorkday, _) => K::Date,
            CExpr::Call(..) | CExpr::Cohort(_) | CExpr::Agg(_) | CExpr::Node(_) => return None,
            CExpr::If(_, a, _) => self.kind(a)?,
        })
    }

    fn any(&self, e: &CExpr, k: K) -> Option<Any> {
        Some(match k {
            K::Num => Any::Num(self.num(e)?),
            K::Bool => Any::Cond(self.cond(e)?),
            K::Date => Any::Date(self.date(e)?),
        })
    }

    fn two<T>(&self, a: &CExpr, b: &CExpr, f: impl Fn(&Self, &CExpr) -> Option<T>) -> Option<Box<(T, T)>> {
        Some(Box::new((f(self, a)?, f(self, b)?)))
    }

    fn num(&self, e: &CExpr) -> Option<Num> {
        if self.kind(e)? != K::Num {
            return None;
        }
        Some(match e {
            CExpr::Const(Value::Num(d)) => Num::Const(Q::dec(*d)),
            CExpr::Slot(s) if self.field(*s).is_some() => Num::Field(self.field(*s)?),
            CExpr::Agg(a) => Num::Agg(Box::new(self.agg(a)?)),
            CExpr::Slot(s) => match self.slot(*s)? {
                Ok(f) => Num::Fact(f),
                Err(l) => Num::Let(l),
            },
            CExpr::Unary(UnOp::Neg, a) => Num::Neg(Box::new(self.num(a)?)),
            CExpr::Binary(op, a, b, _) => {
                let both = self.two(a, b, Self::num)?;
                match op {
                    BinOp::Add => Num::Add(both),
                    BinOp::Sub => Num::Sub(both),
                    BinOp::Mul => Num::Mul(both),
                    BinOp::Div => Num::Div(both),
                    _ => return None,
                }
            }
            CExpr::Call(f, args) if f.is_date() => Num::Day(self.day_call(*f, args)?),
            CExpr::Call(f, args) => {
                let args: Option<Vec<Num>> = args.iter().map(|a| self.num(a)).collect();
                let args = args?;
                match f {
                    Func::Min => Num::Min(args.into_boxed_slice()),
                    Func::Max => Num::Max(args.into_boxed_slice()),
                    // `abs` takes one argument; the general evaluator takes the first.
                    Func::Abs => Num::Abs(Box::new(args.into_iter().next()?)),
                    Func::Floor | Func::Ceil | Func::Round(_) | Func::Pow => {
                        let mut args = args.into_iter();
                        Num::Whole(*f, Box::new((args.next()?, args.next()?)))
                    }
                    _ => return None,
                }
            }
            CExpr::If(c, a, b) => Num::If(Box::new((self.cond(c)?, self.num(a)?, self.num(b)?))),
            _ => return None,
        })
    }

    fn cond(&self, e: &CExpr) -> Option<Cond> {
        if self.kind(e)? != K::Bool {
            return None;
        }
        Some(match e {
            CExpr::Const(Value::Bool(b)) => Cond::Const(*b),
            CExpr::Slot(s) if self.field(*s).is_some() => Cond::Field(self.field(*s)?),
            CExpr::Agg(a) => Cond::Agg(Box::new(self.agg(a)?)),
            CExpr::Slot(s) => match self.slot(*s)? {
                Ok(f) => Cond::Fact(f),
                Err(l) => Cond::Let(l),
            },
            CExpr::Unary(UnOp::Not, a) => Cond::Not(Box::new(self.cond(a)?)),
            CExpr::Binary(op @ (BinOp::And | BinOp::Or), ..) => {
                let mut parts = Vec::new();
                self.chain(*op, e, &mut parts)?;
                if *op == BinOp::And { Cond::And(parts.into_boxed_slice()) } else { Cond::Or(parts.into_boxed_slice()) }
            }
            CExpr::Binary(op, a, b, _) => {
                let cmp = Cmp::of(*op)?;
                match self.kind(a)? {
                    K::Num => match (a.as_ref(), b.as_ref()) {
                        (CExpr::Slot(s), CExpr::Const(Value::Num(c))) if self.fact(*s).is_some() => {
                            Cond::FactCmp(cmp, self.fact(*s)?, *c)
                        }
                        _ => Cond::Num(cmp, self.two(a, b, Self::num)?),
                    },
                    K::Date => Cond::Date(cmp, self.two(a, b, Self::date)?),
                    K::Bool => Cond::Bool(cmp, self.two(a, b, Self::cond)?),
                }
            }
            CExpr::If(c, a, b) => Cond::If(Box::new((self.cond(c)?, self.cond(a)?, self.cond(b)?))),
            CExpr::Call(f, args) if f.is_date() => Cond::Day(self.day_call(*f, args)?),
            _ => return None,
        })
    }

    /// The operands of a chain of `and` (or of `or`), flattened in evaluation order.
    fn chain(&self, op: BinOp, e: &CExpr, out: &mut Vec<Cond>) -> Option<()> {
        match e {
            CExpr::Binary(o, a, b, _) if *o == op => {
                self.chain(op, a, out)?;
                self.chain(op, b, out)
            }
            _ => {
                out.push(self.cond(e)?);
                Some(())
            }
        }
    }

    fn date(&self, e: &CExpr) -> Option<Date> {
        if self.kind(e)? != K::Date {
            return None;
        }
        Some(match e {
            CExpr::Const(Value::Date(d)) => Date::Const(*d),
            CExpr::Slot(s) if self.field(*s).is_some() => Date::Field(self.field(*s)?),
            CExpr::Agg(a) => Date::Agg(Box::new(self.agg(a)?)),
            CExpr::Slot(s) => match self.slot(*s)? {
                Ok(f) => Date::Fact(f),
                Err(l) => Date::Let(l),
            },
            CExpr::Call(f @ (Func::Min | Func::Max), args) => {
                let args: Option<Vec<Date>> = args.iter().map(|a| self.date(a)).collect();
                let args = args?.into_boxed_slice();
                if *f == Func::Min { Date::Min(args) } else { Date::Max(args) }
            }
            CExpr::If(c, a, b) => Date::If(Box::new((self.cond(c)?, self.date(a)?, self.date(b)?))),
            CExpr::Call(Func::NextWorkday, args) if let Some(t) = self.table(args) => Date::Table(Box::new(t)),
            CExpr::Call(f, args) if f.is_date() => Date::Day(self.day_call(*f, args)?),
            _ => return None,
        })
    }

    /// A call of a date function, each argument compiled by its kind.
    fn day_call(&self, f: Func, args: &[CExpr]) -> Option<Box<DayCall>> {
        let args: Option<Vec<Any>> = args.iter().map(|a| self.any(a, self.kind(a)?)).collect();
        Some(Box::new(DayCall { f, args: args?.into_boxed_slice(), cals: self.r.calendars.clone() }))
    }

    /// An `award`, `deduct` or `bonus` line; `plain` as the layout says.
    fn line(&self, a: &AdjustDef, plain: bool) -> Option<Line> {
        Some(Line {
            amount: self.num(&a.amount.expr)?,
            per: match &a.per {
                Some(p) => Some(self.num(&p.expr)?),
                None => None,
            },
            when: match &a.when {
                Some(w) => Some(self.cond(&w.expr)?),
                None => None,
            },
            max: match &a.max {
                Some(m) => Some(self.num(&m.expr)?),
                None => None,
            },
            plain,
        })
    }
}
