//! Checks on a compiled rubric: bands over their exact domain, unused names, and the rubric's
//! arithmetic (maxima that cannot be reached, deductions and bonuses without limits).

use crate::check::ranges::Ranges;
use crate::diag::Report;
use crate::diag::codes::{Arg, Code, Phrase};
use crate::plan::grades::GradeDef;
use crate::plan::interval::Interval;
use crate::plan::reads::rule_reads;
use crate::plan::{AdjustDef, BandDef, CExpr, Floor, Kind, Loc, NodeDef, Plan, RuleDef};
use crate::value::{Ty, Value, show_num, show_percent};
use rust_decimal::Decimal;

/// Runs every check on a compiled rubric, adding to the report.
pub(crate) fn lint(r: &Plan, report: &mut Report) {
    // Names look unused when the rule reading them failed to check: only judge a clean rubric.
    if !report.has_errors() {
        unused(r, report);
    }
    let parents = parents(r);
    let ranges = Ranges::of(r);
    for (i, n) in r.nodes.iter().enumerate() {
        for rule in &n.rules {
            if let RuleDef::Band(b) = rule {
                bands(r, &ranges, n, b, report);
            }
        }
        if n.kind == Kind::Item {
            reachable_max(n, report);
        }
        bonus_cap(r, &ranges, i, &parents, report);
    }
    for g in &r.grades {
        grade_cover(r, g, report);
    }
    crate::check::refs::score_max(r, &ranges, report);
    crate::check::quantity::quantities(r, report);
}

fn parents(r: &Plan) -> Vec<Option<usize>> {
    let mut p = vec![None; r.nodes.len()];
    for (i, n) in r.nodes.iter().enumerate() {
        for &c in &n.children {
            if let Some(slot) = p.get_mut(c) {
                *slot = Some(i);
            }
        }
    }
    p
}

// ------------------------------------------------------------------ unused names

fn unused(r: &Plan, report: &mut Report) {
    let base = r.facts.len();
    let grades = crate::plan::grades::grade_reads(&r.grades);
    let used = r.slots_read(r.nodes.iter().flat_map(rule_reads).chain(grades));
    // `used` has a flag for every slot; a slot without one is the checker's own fault.
    let missing = |loc: &Loc, name: &str| {
        Code::CheckerInternal.at(loc.file, loc.span).arg(format!("no read flag for the slot of `{name}`"))
    };
    for (i, f) in r.facts.iter().enumerate() {
        match used.get(i) {
            Some(true) => {}
            Some(false) => report.push(Code::UnusedFact.at(f.loc.file, f.loc.span).arg(&f.name)),
            None => report.push(missing(&f.loc, &f.name)),
        }
    }
    for (i, l) in r.lets.iter().enumerate() {
        match used.get(base + i) {
            Some(true) => {}
            Some(false) => report.push(Code::UnusedValue.at(l.loc.file, l.loc.span).arg(&l.name)),
            None => report.push(missing(&l.loc, &l.name)),
        }
    }
}

// ------------------------------------------------------------------ bands

/// An interval over decimals (dates as day numbers), with open or closed ends.
type Iv = Interval<Decimal>;

/// The values a banded expression must be scored for (its type's values: a percent 0%–100%,
/// unless its fact declares a range), the values it can take (a derived rate may exceed 100%,
/// a rank is never 0), and whether only whole numbers occur.
struct Domain {
    /// Every one of these values must fall in exactly one band.
    required: Iv,
    /// No value outside these can occur: a band holding none of them is never reached.
    possible: Iv,
    integer: bool,
}

fn domain(r: &Plan, ranges: &Ranges<'_>, b: &BandDef) -> Domain {
    let declared = match &b.subject.expr {
        CExpr::Slot(s) => r.facts.get(*s).and_then(|f| f.range.as_ref()),
        _ => None,
    };
    let ty = b.subject.ty;
    let integer = matches!(ty, Ty::Count | Ty::Date);
    if let Some(range) = declared {
        return Domain { required: range.numbers(), possible: range.numbers(), integer };
    }
    if ty == Ty::Date {
        return Domain { required: Iv::ALL, possible: Iv::ALL, integer };
    }
    let can = ranges.expr(&b.subject.expr);
    Domain { required: Ranges::of_type(ty).meet(can).interval(), possible: can.interval(), integer }
}

/// A piece of the number line between consecutive band boundaries.
#[derive(Debug, Clone, Copy)]
enum Atom {
    /// A boundary value itself.
    Point(Decimal),
    /// The open stretch between two boundaries (`None` for unbounded).
    Open(Option<Decimal>, Option<Decimal>),
}

impl Atom {
    /// A value standing for every value of the atom (bands only change at boundaries).
    fn sample(self) -> Option<Decimal> {
        match self {
            Atom::Point(v) => Some(v),
            // Halves first, so that two bounds near the largest decimal cannot overflow.
            Atom::Open(Some(a), Some(b)) => {
                let mid = (a / Decimal::TWO).checked_add(b / Decimal::TWO)?;
                (mid > a && mid < b).then_some(mid)
            }
            Atom::Open(None, Some(b)) => b.checked_sub(Decimal::ONE),
            Atom::Open(Some(a), None) => a.checked_add(Decimal::ONE),
            Atom::Open(None, None) => Some(Decimal::ZERO),
        }
    }

    /// Whether a value can occur in the atom (for whole-number domains, a whole number).
    fn occupied(self, integer: bool) -> bool {
        if !integer {
            return true;
        }
        match self {
            Atom::Point(v) => v.fract().is_zero(),
            Atom::Open(Some(a), Some(b)) => a.floor().saturating_add(Decimal::ONE) < b,
            Atom::Open(_, _) => true,
        }
    }
}

fn atoms(bounds: &[Decimal]) -> Vec<Atom> {
    let mut out = vec![Atom::Open(None, bounds.first().copied())];
    for (i, &b) in bounds.iter().enumerate() {
        out.push(Atom::Point(b));
        out.push(Atom::Open(Some(b), bounds.get(i + 1).copied()));
    }
    out
}

struct Shown<'a> {
    ty: Ty,
    r: &'a Plan,
}

impl Shown<'_> {
    fn value(&self, v: Decimal) -> String {
        match self.ty {
            Ty::Percent => show_percent(v),
            Ty::Date => rust_decimal::prelude::ToPrimitive::to_i32(&v.trunc())
                .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
                .map(|d| Value::Date(d).show(Ty::Date))
                .unwrap_or_else(|| show_num(v)),
            _ => show_num(v),
        }
    }

    /// Describes a run of atoms: "65%", "values from 50% to 60%", "3 to 4", "values above 100%".
    fn run(&self, run: &[Atom], integer: bool) -> Arg {
        let _ = self.r;
        if let [Atom::Point(v)] = run {
            return Arg::text(self.value(*v));
        }
        let (first, last) = match (run.first(), run.last()) {
            (Some(f), Some(l)) => (*f, *l),
            _ => return Arg::text(""),
        };
        if integer {
            let lo = match first {
                Atom::Point(v) => Some(v.ceil()),
                Atom::Open(Some(a), _) => Some(a.floor().saturating_add(Decimal::ONE)),
                Atom::Open(None, _) => None,
            };
            let hi = match last {
                Atom::Point(v) => Some(v.floor()),
                Atom::Open(_, Some(b)) => Some(b.ceil().saturating_sub(Decimal::ONE)),
                Atom::Open(_, None) => None,
            };
            return match (lo.map(|l| self.value(l)), hi.map(|h| self.value(h))) {
                (Some(l), Some(h)) if l == h => Arg::text(l),
                (Some(l), Some(h)) => Arg::word(format!("{l} to {h}"), format!("{l} 到 {h}")),
                (Some(l), None) => Arg::word(format!("{l} and above"), format!("{l} 及以上")),
                (None, Some(h)) => Arg::word(format!("{h} and below"), format!("{h} 及以下")),
                (None, None) => Arg::word("every value", "所有值"),
            };
        }
        let (open, lo) = match first {
            Atom::Point(v) => ('[', Some(v)),
            Atom::Open(a, _) => ('(', a),
        };
        let (close, hi) = match last {
            Atom::Point(v) => (']', Some(v)),
            Atom::Open(_, b) => (')', b),
        };
        let show = |v: Option<Decimal>| v.map(|v| self.value(v)).unwrap_or_else(|| "..".into());
        let range = format!("{open}{}, {}{close}", show(lo), show(hi));
        Arg::word(format!("values in {range}"), format!("区间 {range} 中的值"))
    }
}

fn bands(r: &Plan, ranges: &Ranges<'_>, item: &NodeDef, b: &BandDef, report: &mut Report) {
    // A table with an error in it was reported already; judging its coverage would only repeat that.
    if !b.complete {
        return;
    }
    let Domain { required: dom, possible, integer } = domain(r, ranges, b);
    let arms: Vec<Iv> = b.arms.iter().map(|a| a.range.numbers()).collect();
    let mut bounds: Vec<Decimal> = Vec::new();
    for i in arms.iter().chain([&dom, &possible]) {
        bounds.extend(i.lo.map(|x| x.0));
        bounds.extend(i.hi.map(|x| x.0));
    }
    bounds.sort();
    bounds.dedup();
    let shown = Shown { ty: b.subject.ty, r };
    let file = b.loc.file;
    // Which arms cover each atom of the values that can occur. A value that must be scored and
    // falls in no band is a gap; a value that can occur and falls in two is an overlap.
    let mut cover: Vec<(Atom, Vec<usize>)> = Vec::new();
    let mut reached = vec![false; arms.len()];
    for atom in atoms(&bounds) {
        let Some(v) = atom.sample() else { continue };
        if !(dom.contains(&v) || possible.contains(&v)) || !atom.occupied(integer) {
            continue;
        }
        let hits: Vec<usize> = arms.iter().enumerate().filter(|(_, a)| a.contains(&v)).map(|(i, _)| i).collect();
        for &h in &hits {
            if let Some(x) = reached.get_mut(h) {
                *x = true;
            }
        }
        if hits.is_empty() && !dom.contains(&v) {
            // Beyond the values that must be scored: a unit there gets `rubric::no-band`.
            continue;
        }
        cover.push((atom, hits));
    }
    // Gaps and overlaps, as runs of neighbouring atoms.
    let mut i = 0;
    while let Some((_, hits)) = cover.get(i) {
        let key = hits.clone();
        let mut j = i;
        while cover.get(j + 1).is_some_and(|(_, h)| *h == key) {
            j += 1;
        }
        let run: Vec<Atom> = cover.get(i..=j).map(|s| s.iter().map(|(a, _)| *a).collect()).unwrap_or_default();
        let what = shown.run(&run, integer);
        if key.is_empty() {
            let is = if run.len() == 1 { "is" } else { "are" };
            let mut d = Code::BandGap.at(file, b.subject.loc.span).put(what.clone()).word(is, "").arg(&item.id);
            for (k, a) in b.arms.iter().enumerate() {
                let touches = arms.get(k).is_some_and(|iv| touches_run(iv, &run));
                if touches {
                    d = d.note(a.loc.file, a.loc.span, Phrase::NextToGap, []);
                }
            }
            report.push(d);
        } else if key.len() > 1 {
            let mut labels = key.iter().filter_map(|&k| b.arms.get(k));
            if let Some(first) = labels.next() {
                let is = if run.len() == 1 { "is" } else { "are" };
                let mut d = Code::BandOverlap
                    .at(first.loc.file, first.loc.span)
                    .put(what.clone())
                    .word(is, "")
                    .arg(key.len())
                    .arg(&item.id);
                for a in labels {
                    d = d.note(a.loc.file, a.loc.span, Phrase::AlsoIncludes, [what.clone()]);
                }
                report.push(d);
            }
        }
        i = j + 1;
    }
    arm_findings(item, b, &reached, &domain_text(&shown, possible), report);
    band_order(item, b, &arms, report);
}

/// Each arm never reached by a value that can occur, and each arm worth more than the item.
fn arm_findings(item: &NodeDef, b: &BandDef, reached: &[bool], possible: &str, report: &mut Report) {
    for (k, a) in b.arms.iter().enumerate() {
        // `reached` has a flag per arm; an arm without one is not called unreachable.
        if !reached.get(k).copied().unwrap_or(true) {
            report
                .push(Code::BandUnreachable.at(a.loc.file, a.loc.span).arg(&a.range.text).arg(&item.id).arg(possible));
        }
        if let CExpr::Const(Value::Num(p)) = a.points
            && p > item.max
        {
            report.push(
                Code::BandPoints
                    .at(a.loc.file, a.loc.span)
                    .arg(&a.range.text)
                    .arg(show_num(p))
                    .arg(&item.id)
                    .arg(show_num(item.max)),
            );
        }
    }
}

fn touches_run(iv: &Iv, run: &[Atom]) -> bool {
    let lo = run.first().and_then(|a| match a {
        Atom::Point(v) => Some(*v),
        Atom::Open(a, _) => *a,
    });
    let hi = run.last().and_then(|a| match a {
        Atom::Point(v) => Some(*v),
        Atom::Open(_, b) => *b,
    });
    iv.hi.map(|h| h.0) == lo && lo.is_some() || iv.lo.map(|l| l.0) == hi && hi.is_some()
}

fn domain_text(shown: &Shown<'_>, d: Iv) -> String {
    let lo =
        d.lo.map(|(v, c)| format!("{}{}", if c { '[' } else { '(' }, shown.value(v))).unwrap_or_else(|| "(..".into());
    let hi =
        d.hi.map(|(v, c)| format!("{}{}", shown.value(v), if c { ']' } else { ')' })).unwrap_or_else(|| "..)".into());
    format!("{lo}, {hi}")
}

fn band_order(item: &NodeDef, b: &BandDef, arms: &[Iv], report: &mut Report) {
    let mut order: Vec<(Option<Decimal>, Decimal, Loc)> = Vec::new();
    for (a, iv) in b.arms.iter().zip(arms) {
        let CExpr::Const(Value::Num(p)) = a.points else { return };
        order.push((iv.lo.map(|l| l.0), p, a.loc));
    }
    order.sort_by(|x, y| match (x.0, y.0) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, _) => std::cmp::Ordering::Less,
        (_, None) => std::cmp::Ordering::Greater,
        (Some(a), Some(b)) => a.cmp(&b),
    });
    let pts: Vec<Decimal> = order.iter().map(|o| o.1).collect();
    let rising = pts.windows(2).all(|w| w.first() <= w.last());
    let falling = pts.windows(2).all(|w| w.first() >= w.last());
    if rising || falling {
        return;
    }
    let up = pts.windows(2).filter(|w| w.first() < w.last()).count();
    let down = pts.windows(2).filter(|w| w.first() > w.last()).count();
    // The step against the table's main direction.
    let bad = order.windows(2).find(|w| match (w.first(), w.last()) {
        (Some(a), Some(c)) => {
            if up >= down {
                a.1 > c.1
            } else {
                a.1 < c.1
            }
        }
        _ => false,
    });
    if let Some(w) = bad
        && let (Some(prev), Some(next)) = (w.first(), w.last())
    {
        report.push(Code::BandOrder.at(next.2.file, next.2.span).arg(&item.id).arg(show_num(next.1)).note(
            prev.2.file,
            prev.2.span,
            Phrase::Gives,
            [Arg::text(show_num(prev.1))],
        ));
    }
}

// ------------------------------------------------------------------ arithmetic

fn constant(e: &CExpr) -> Option<Decimal> {
    match e {
        CExpr::Const(Value::Num(n)) => Some(*n),
        _ => None,
    }
}

/// The most an item's base rules can give, if it can be known from the rules alone.
fn reachable_max(n: &NodeDef, report: &mut Report) {
    let bases: Vec<&RuleDef> = n.rules.iter().filter(|r| r.is_base()).collect();
    if bases.is_empty() {
        return;
    }
    let mut best = Decimal::ZERO;
    for r in bases {
        let most = match r {
            RuleDef::Band(b) if !b.complete => None,
            RuleDef::Band(b) => {
                b.arms.iter().map(|a| constant(&a.points)).try_fold(Decimal::ZERO, |m, p| p.map(|p| m.max(p)))
            }
            RuleDef::Award(a) => match (&a.per, &a.max) {
                (None, _) => constant(&a.amount.expr),
                (Some(_), Some(m)) => constant(&m.expr),
                (Some(_), None) => None,
            },
            RuleDef::Judged(_) => Some(n.max),
            _ => None,
        };
        let Some(m) = most else { return };
        best = best.saturating_add(m);
    }
    if best < n.max {
        report
            .push(Code::MaxUnreachable.at(n.loc.file, n.loc.span).arg(&n.id).arg(show_num(best)).arg(show_num(n.max)));
    }
}

/// The most an `award`, `deduct` or `bonus` line can give or take, when it is known: its
/// limit, its constant points, or its points times the most its quantity can be (a fact's
/// declared range, `count in [0, 10]`).
fn line_most(ranges: &Ranges<'_>, a: &AdjustDef) -> Option<Decimal> {
    if let Some(m) = &a.max {
        return constant(&m.expr);
    }
    let amount = constant(&a.amount.expr)?;
    match &a.per {
        None => Some(amount),
        Some(p) => {
            let q = ranges.expr(&p.expr);
            let (lo, hi) = (q.lo?, q.hi?);
            Some(amount.checked_mul(hi)?.max(amount.checked_mul(lo)?))
        }
    }
}

fn bonus_cap(r: &Plan, ranges: &Ranges<'_>, idx: usize, parents: &[Option<usize>], report: &mut Report) {
    let Some(n) = r.nodes.get(idx) else { return };
    // A limit at or above the node, or `bonus_cap none`: no limit, on purpose.
    let capped = {
        let mut at = Some(idx);
        let mut found = false;
        while let Some(i) = at {
            if r.nodes.get(i).is_some_and(|x| x.bonus_cap.is_some() || x.bonus_uncapped) {
                found = true;
                break;
            }
            at = parents.get(i).copied().flatten();
        }
        found
    };
    for rule in &n.rules {
        if let RuleDef::Bonus(b) = rule {
            let bounded = b.max.is_some() || line_most(ranges, b).is_some();
            if !bounded && !capped {
                report.push(Code::BonusCap.at(b.loc.file, b.loc.span));
            }
        }
    }
    if (n.bonus_cap.is_some() || n.bonus_uncapped) && !has_bonus_below(r, idx) {
        report.push(Code::UnusedBonusCap.at(n.loc.file, n.loc.span).word(
            if n.id.is_empty() { "the rubric".into() } else { format!("`{}`", n.id) },
            if n.id.is_empty() { "细则".into() } else { format!("`{}` ", n.id) },
        ));
    }
}

fn has_bonus_below(r: &Plan, idx: usize) -> bool {
    let mut stack = vec![idx];
    while let Some(i) = stack.pop() {
        let Some(n) = r.nodes.get(i) else { continue };
        if n.rules.iter().any(|x| matches!(x, RuleDef::Bonus(_))) {
            return true;
        }
        stack.extend(n.children.iter().copied());
    }
    false
}

/// The scores a graded node can have: from its floor (none below a `floor none` or a part that
/// may score below 0) to its maximum, plus the bonus it can hold (no end when its bonus has no cap).
fn grade_domain(r: &Plan, g: &GradeDef) -> Option<Iv> {
    let n = r.nodes.get(g.node)?;
    let lo = match n.floor {
        Floor::At(d) => Some((d, true)),
        Floor::None | Floor::Children => None,
    };
    let hi = if !has_bonus_below(r, g.node) {
        Some((n.max, true))
    } else {
        n.bonus_cap.and_then(|c| n.max.checked_add(c)).map(|h| (h, true))
    };
    Some(Interval { lo, hi })
}

/// Every score the graded node can have is in exactly one grade: the atoms of the grades'
/// boundaries tested as band tables are (`rubric::grade-gap`, `rubric::grade-overlap`).
fn grade_cover(r: &Plan, g: &GradeDef, report: &mut Report) {
    let (Some(dom), Some(n)) = (grade_domain(r, g), r.nodes.get(g.node)) else { return };
    let (en, zh) = node_words(&n.id);
    let arms: Vec<Iv> = g.arms.iter().map(|a| a.range.numbers()).collect();
    let mut bounds: Vec<Decimal> = Vec::new();
    for i in arms.iter().chain([&dom]) {
        bounds.extend(i.lo.map(|x| x.0));
        bounds.extend(i.hi.map(|x| x.0));
    }
    bounds.sort();
    bounds.dedup();
    let shown = Shown { ty: Ty::Points, r };
    let mut cover: Vec<(Atom, Vec<usize>)> = Vec::new();
    for atom in atoms(&bounds) {
        let Some(v) = atom.sample() else { continue };
        if dom.contains(&v) {
            cover.push((atom, arms.iter().enumerate().filter(|(_, a)| a.contains(&v)).map(|(i, _)| i).collect()));
        }
    }
    let mut i = 0;
    while let Some((_, hits)) = cover.get(i) {
        let key = hits.clone();
        let mut j = i;
        while cover.get(j + 1).is_some_and(|(_, h)| *h == key) {
            j += 1;
        }
        let run: Vec<Atom> = cover.get(i..=j).map(|s| s.iter().map(|(a, _)| *a).collect()).unwrap_or_default();
        let what = shown.run(&run, false);
        if key.is_empty() {
            // The keyword `grade`, not the whole table.
            let head = rubric_syntax::Span::new(g.loc.span.start, g.loc.span.start.saturating_add("grade".len()));
            report.push(Code::GradeGap.at(g.loc.file, head).put(what).word(en.clone(), zh.clone()));
        } else if key.len() > 1 {
            let mut labels = key.iter().filter_map(|&k| g.arms.get(k));
            if let Some(first) = labels.next() {
                let mut d = Code::GradeOverlap
                    .at(first.loc.file, first.loc.span)
                    .put(what.clone())
                    .arg(key.len())
                    .word(en.clone(), zh.clone());
                for a in labels {
                    d = d.note(a.loc.file, a.loc.span, Phrase::AlsoIncludes, [what.clone()]);
                }
                report.push(d);
            }
        }
        i = j + 1;
    }
}

/// A graded node as a message names it: the total, or the node's id in backticks.
pub(super) fn node_words(id: &str) -> (String, String) {
    if id.is_empty() { ("the total".into(), "总分".into()) } else { (format!("`{id}`"), format!("`{id}` ")) }
}
