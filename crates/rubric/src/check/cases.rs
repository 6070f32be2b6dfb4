//! The cases of a rubric whose maxima depend on the unit: every combination of the cases'
//! conditions a unit can meet, found over the kinds and yes/no facts they read (a condition on
//! another fact is taken as able to hold or not), each compiled into its own plan by the
//! unchanged checker, so every check on maxima (a parent's points, bands and awards against the
//! row's maximum, the grade table's coverage) is made in every case. A problem found in some
//! cases only names them.

use crate::check::compile::Compiler;
use crate::diag::codes::{Arg, Code};
use crate::diag::{Diagnostic, Report};
use crate::plan::maxcase::{MaxCaseDef, holds};
use crate::plan::{Loc, Plan};
use crate::value::Value;
use rubric_syntax::ast;
use rubric_syntax::ast::FactType;
use std::collections::HashMap;

/// Most combinations of the conditions' facts looked at.
const MAX_ASSIGNMENTS: usize = 4096;
/// Most cases compiled.
const MAX_CASES: usize = 64;

/// Whether any node of the files read writes a maximum that depends on the unit.
pub(super) fn any(files: &[(crate::source::FileId, ast::File)]) -> bool {
    let mut bodies: Vec<&[ast::Stmt]> = Vec::new();
    for (_, f) in files {
        for item in &f.items {
            match item {
                ast::Top::Rubric(c) | ast::Top::Block(c) if c.max_cases.is_some() => return true,
                ast::Top::Rubric(c) | ast::Top::Block(c) => bodies.push(&c.body),
                _ => {}
            }
        }
    }
    while let Some(body) = bodies.pop() {
        for s in body {
            if let ast::StmtKind::Node(n) = &s.kind {
                if n.max_cases.is_some() {
                    return true;
                }
                bodies.push(&n.body);
            }
        }
    }
    false
}

/// One case: the choice of every node with cases, and the units it is for, in both languages.
struct Case {
    choice: HashMap<usize, Option<usize>>,
    label: (String, String),
}

/// The plan and report of a rubric with cases: each case compiled from `base` (the compiler
/// after reading the files), the first case's plan holding the others' (`Plan::cases`).
pub(super) fn each(base: &Compiler, first: Option<Plan>, mut report: Report) -> (Option<Plan>, Report) {
    // Each case is checked even when the first compile found errors: a problem of one case
    // names it, and one of every case is said once.
    let Some(plan) = first else { return (None, report) };
    let cases = match find(&plan, &mut report) {
        Some(c) if !c.is_empty() => c,
        _ => return (None, report),
    };
    let mut plans = Vec::new();
    let mut reports = Vec::new();
    for case in &cases {
        let mut c = base.clone();
        c.max_choice = Some(case.choice.clone());
        let (p, r) = c.run();
        plans.push(p);
        reports.push(r);
    }
    let mut merged = Report::default();
    let mut seen: Vec<&Diagnostic> = Vec::new();
    for r in &reports {
        for d in &r.diagnostics {
            if seen.contains(&d) {
                continue;
            }
            seen.push(d);
            let in_cases: Vec<&Case> =
                cases.iter().zip(&reports).filter(|(_, r)| r.diagnostics.contains(d)).map(|(c, _)| c).collect();
            if in_cases.len() == cases.len() {
                merged.push(d.clone());
            } else {
                let en: Vec<&str> = in_cases.iter().map(|c| c.label.0.as_str()).collect();
                let zh: Vec<&str> = in_cases.iter().map(|c| c.label.1.as_str()).collect();
                merged.push(d.clone().in_case(&en.join("; "), &zh.join("；")));
            }
        }
    }
    if merged.has_errors() {
        return (None, merged);
    }
    let mut plans = plans.into_iter();
    let Some(Some(mut main)) = plans.next() else {
        merged.push(Code::CheckerInternal.at(0, rubric_syntax::Span::default()).arg("a case compiled to no plan"));
        return (None, merged);
    };
    for p in plans {
        let Some(p) = p else {
            merged.push(Code::CheckerInternal.at(0, rubric_syntax::Span::default()).arg("a case compiled to no plan"));
            return (None, merged);
        };
        main.cases.push(p);
    }
    (Some(main), merged)
}

/// A node with cases.
struct Site<'p> {
    idx: usize,
    def: &'p MaxCaseDef,
    id: &'p str,
    loc: Loc,
}

/// Every case a unit can be in, in the order first met; a node without `else` that some units
/// meet no case of, and more cases than are compiled, are reported (and give `None`).
fn find(plan: &Plan, report: &mut Report) -> Option<Vec<Case>> {
    let sites: Vec<Site<'_>> = plan
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(idx, n)| n.max_case.as_deref().map(|def| Site { idx, def, id: n.id.as_str(), loc: n.loc }))
        .collect();
    let first_loc = sites.first()?.loc;
    // The kinds and yes/no facts read, with their values; every other condition is free.
    let mut slots: Vec<usize> =
        sites.iter().flat_map(|s| s.def.arms.iter().flat_map(|a| a.cond.reads.iter().copied())).collect();
    slots.sort_unstable();
    slots.dedup();
    let domains: Vec<(usize, Vec<Value>)> = slots.iter().filter_map(|&s| domain(plan, s).map(|d| (s, d))).collect();
    let known = |reads: &[usize]| reads.iter().all(|r| domains.iter().any(|(s, _)| s == r));
    let start = |s: usize| domains.iter().find(|(d, _)| *d == s).and_then(|(_, v)| v.first().copied());
    let free: Vec<(usize, usize)> = sites
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.def.arms.iter().enumerate().map(move |(j, a)| (i, j, a)))
        .filter(|(_, _, a)| !known(&a.cond.reads) || holds(&a.cond.expr, &start).is_none())
        .map(|(i, j, _)| (i, j))
        .collect();
    let count = domains.iter().try_fold(1usize, |n, (_, d)| n.checked_mul(d.len())).and_then(|n| {
        u32::try_from(free.len()).ok().and_then(|f| 1usize.checked_shl(f)).and_then(|f| n.checked_mul(f))
    });
    let Some(count) = count.filter(|&n| n <= MAX_ASSIGNMENTS) else {
        report.push(
            Code::MaxCaseMany.at(first_loc.file, first_loc.span).arg(format!("{MAX_ASSIGNMENTS}+")).arg(MAX_CASES),
        );
        return None;
    };
    let mut found: Vec<(Vec<Option<usize>>, Seen)> = Vec::new();
    let mut gaps: Vec<(usize, (String, String))> = Vec::new();
    for n in 0..count {
        let (values, bits) = assignment(&domains, free.len(), n);
        let get = |s: usize| domains.iter().zip(&values).find(|((d, _), _)| *d == s).map(|(_, v)| *v);
        let mut choice = Vec::with_capacity(sites.len());
        for (i, site) in sites.iter().enumerate() {
            let hit =
                site.def.arms.iter().enumerate().position(|(j, a)| match free.iter().position(|f| *f == (i, j)) {
                    Some(b) => bits.get(b).copied().unwrap_or(false),
                    None => holds(&a.cond.expr, &get) == Some(true),
                });
            if hit.is_none() && site.def.otherwise.is_none() && !gaps.iter().any(|(g, _)| *g == i) {
                gaps.push((i, describe(plan, &domains, &values, &free, &bits, &sites, i)));
            }
            choice.push(hit);
        }
        match found.iter_mut().find(|(c, _)| *c == choice) {
            Some((_, seen)) => seen.add(&values, &bits),
            None => {
                let mut seen = Seen::new(&domains, free.len());
                seen.add(&values, &bits);
                found.push((choice, seen));
            }
        }
    }
    if !gaps.is_empty() {
        for (i, (en, zh)) in gaps {
            let Some(site) = sites.get(i) else { continue };
            report.push(Code::MaxCaseCover.at(site.loc.file, site.loc.span).arg(site.id).put(Arg::word(en, zh)));
        }
        return None;
    }
    if found.len() > MAX_CASES {
        report.push(Code::MaxCaseMany.at(first_loc.file, first_loc.span).arg(found.len()).arg(MAX_CASES));
        return None;
    }
    Some(
        found
            .into_iter()
            .map(|(choice, seen)| Case {
                choice: sites.iter().zip(choice).map(|(s, c)| (s.idx, c)).collect(),
                label: seen.label(plan, &domains, &free, &sites),
            })
            .collect(),
    )
}

/// The values a kind or yes/no fact can take; `None` for any other slot.
fn domain(plan: &Plan, slot: usize) -> Option<Vec<Value>> {
    let f = plan.facts.get(slot)?;
    match f.ty {
        FactType::Kind => Some((0..f.names.len()).map(|i| Value::Num(i.into())).collect()),
        FactType::Bool => Some(vec![Value::Bool(true), Value::Bool(false)]),
        _ => None,
    }
}

/// Combination `n`: a value of each fact, then whether each free condition holds.
fn assignment(domains: &[(usize, Vec<Value>)], free: usize, mut n: usize) -> (Vec<Value>, Vec<bool>) {
    let mut values = Vec::with_capacity(domains.len());
    for (_, d) in domains {
        let len = d.len().max(1);
        values.extend(d.get(n % len).copied());
        n /= len;
    }
    let bits = (0..free).map(|b| (n >> b) & 1 == 0).collect();
    (values, bits)
}

/// One combination in words: `地区类别 = 山区`.
fn describe(
    plan: &Plan,
    domains: &[(usize, Vec<Value>)],
    values: &[Value],
    free: &[(usize, usize)],
    bits: &[bool],
    sites: &[Site<'_>],
    site: usize,
) -> (String, String) {
    let mut seen = Seen::new(domains, free.len());
    seen.add(values, bits);
    // Only what the node's own conditions read: every other fact and condition takes each value.
    let read: Vec<usize> = sites
        .get(site)
        .map(|s| s.def.arms.iter().flat_map(|a| a.cond.reads.iter().copied()).collect())
        .unwrap_or_default();
    for ((slot, _), v) in domains.iter().zip(seen.values.iter_mut()) {
        if !read.contains(slot) {
            v.iter_mut().for_each(|x| *x = true);
        }
    }
    for ((i, _), o) in free.iter().zip(seen.outcomes.iter_mut()) {
        if *i != site {
            *o = [true, true];
        }
    }
    seen.label(plan, domains, free, sites)
}

/// The values each fact took, and the outcomes each free condition had, over the combinations
/// of one case.
struct Seen {
    values: Vec<Vec<bool>>,
    outcomes: Vec<[bool; 2]>,
}

impl Seen {
    fn new(domains: &[(usize, Vec<Value>)], free: usize) -> Seen {
        Seen { values: domains.iter().map(|(_, d)| vec![false; d.len()]).collect(), outcomes: vec![[false; 2]; free] }
    }

    fn add(&mut self, values: &[Value], bits: &[bool]) {
        for (seen, v) in self.values.iter_mut().zip(values) {
            let at = match v {
                Value::Num(n) => usize::try_from(*n).ok(),
                Value::Bool(b) => Some(usize::from(!*b)),
                _ => None,
            };
            if let Some(s) = at.and_then(|i| seen.get_mut(i)) {
                *s = true;
            }
        }
        for (o, b) in self.outcomes.iter_mut().zip(bits) {
            if let Some(s) = o.get_mut(usize::from(!*b)) {
                *s = true;
            }
        }
    }

    /// The units of the case in words, English and Chinese: each fact that does not take every
    /// value (`地区类别 = 郊区/山区`), each free condition that always or never holds.
    fn label(
        &self,
        plan: &Plan,
        domains: &[(usize, Vec<Value>)],
        free: &[(usize, usize)],
        sites: &[Site<'_>],
    ) -> (String, String) {
        let mut parts: Vec<(String, String)> = Vec::new();
        for ((slot, _), seen) in domains.iter().zip(&self.values) {
            if seen.iter().all(|s| *s) {
                continue;
            }
            let Some(f) = plan.facts.get(*slot) else { continue };
            let names: Vec<String> = match f.ty {
                FactType::Kind => f.names.iter().zip(seen).filter(|(_, s)| **s).map(|(n, _)| n.clone()).collect(),
                _ => ["true", "false"].iter().zip(seen).filter(|(_, s)| **s).map(|(n, _)| n.to_string()).collect(),
            };
            let text = format!("{} = {}", f.name, names.join("/"));
            parts.push((text.clone(), text));
        }
        for ((i, j), o) in free.iter().zip(&self.outcomes) {
            let Some(arm) = sites.get(*i).and_then(|s| s.def.arms.get(*j)) else { continue };
            let c = &arm.cond.text;
            match o {
                [true, false] => parts.push((format!("`{c}` holds"), format!("`{c}` 成立"))),
                [false, true] => parts.push((format!("`{c}` does not hold"), format!("`{c}` 不成立"))),
                _ => {}
            }
        }
        if parts.is_empty() {
            return ("every unit".to_string(), "所有单位".to_string());
        }
        let en: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
        let zh: Vec<&str> = parts.iter().map(|p| p.1.as_str()).collect();
        (en.join(", "), zh.join("，"))
    }
}
