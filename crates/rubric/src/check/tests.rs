//! `test` blocks: their facts and expectations checked against the compiled plan, and the
//! facts a test leaves out that its rows read.

use crate::check::compile::Compiler;
use crate::diag::codes::{Arg, Code, Phrase};
use crate::plan::*;
use crate::source::FileId;
use rubric_syntax::ast::{self, LitValue};

impl Compiler {
    /// Checks a `test` block against the rubric: its facts exist and fit their types, its ids exist.
    pub(super) fn test(&mut self, file: FileId, t: &ast::TestBlock, r: &Plan) -> Option<TestDef> {
        let (facts, mut ok) = self.test_given(file, &t.given, r, &t.name.value);
        let (expects, e_ok) = self.test_expect(file, &t.expect, r, None, false);
        ok &= e_ok;
        let (units, u_ok) = self.test_units(file, t, r, &facts);
        ok &= u_ok;
        let mut periods: Vec<crate::plan::TestPeriodDef> = Vec::new();
        for tp in &t.periods {
            let set = self.period_in(file, r, &tp.name);
            let (pf, g_ok) = self.test_given(file, &tp.given, r, &t.name.value);
            let (pe, e_ok) = self.test_expect(file, &tp.expect, r, set, false);
            ok &= g_ok && e_ok && set.is_some();
            if let Some(period) = set {
                if periods.iter().any(|p| p.period == period) {
                    self.report.push(Code::DuplicateTestPeriod.at(file, tp.name.span).arg(&tp.name.value));
                    ok = false;
                }
                periods.push(crate::plan::TestPeriodDef { period, facts: pf, expects: pe });
            }
        }
        let expects_nothing = expects.is_empty()
            && periods.iter().all(|p| p.expects.is_empty())
            && units.iter().all(|u| u.expects.is_empty());
        // A line of the test that could not be read was reported; its `expect` may be that line.
        let broken = self.report.errors().any(|d| {
            d.code == Code::Syntax
                && d.label.file == file
                && t.span.start <= d.label.span.start
                && d.label.span.start < t.span.end
        });
        if expects_nothing && ok && !broken {
            self.report.push(Code::EmptyTest.at(file, t.name.span).arg(&t.name.value));
        }
        let def =
            TestDef { name: t.name.value.clone(), facts, expects, periods, units, loc: Loc { file, span: t.span } };
        if ok {
            self.test_facts(file, t, &def, r);
        }
        ok.then_some(def)
    }

    /// Warns of a test whose `given` lacks facts that the rows it expects read: it would fail
    /// with `rubric::missing-fact`. A test that expects an error may leave facts out on purpose.
    pub(super) fn test_facts(&mut self, file: FileId, t: &ast::TestBlock, def: &TestDef, r: &Plan) {
        let all = std::iter::once(&def.expects)
            .chain(def.periods.iter().map(|p| &p.expects))
            .chain(def.units.iter().map(|u| &u.expects));
        if all.flatten().any(|e| matches!(e.target, Target::Error(_))) {
            return;
        }
        let mask_of = |expects: &[ExpectDef], period: Option<&PeriodDef>| -> Vec<bool> {
            let whole = expects.iter().any(|e| matches!(e.target, Target::Total(_) | Target::Rank(_)));
            let mut mask = vec![whole; r.nodes.len()];
            for e in expects {
                if let Target::Node(i, _) = e.target {
                    r.mark_scored(i, &mut mask);
                }
            }
            if let Some(p) = period {
                for (m, inside) in mask.iter_mut().zip(&p.nodes) {
                    *m &= *inside;
                }
            }
            mask
        };
        let names = |f: &crate::facts::UnitFacts| -> Vec<String> { f.values.iter().map(|(k, _)| k.clone()).collect() };
        // (facts given, rows scored, the period) for each scoring the test makes.
        let mut runs: Vec<(Vec<String>, Vec<bool>, Option<String>)> = Vec::new();
        if !def.units.is_empty() {
            // Every unit is scored whole: ranks and the figures of rules that compare units
            // need every row.
            runs.extend(def.units.iter().map(|u| (names(&u.facts), vec![true; r.nodes.len()], None)));
        } else if r.periods.is_empty() {
            runs.push((names(&def.facts), mask_of(&def.expects, None), None));
        } else {
            for (p, pd) in r.periods.iter().enumerate() {
                let block = def.periods.iter().find(|b| b.period == p);
                let mut given = names(&def.facts);
                if let Some(b) = block {
                    given.extend(names(&b.facts));
                }
                let mut expects: Vec<ExpectDef> = def.expects.clone();
                // A period the test has no block for: only the test's own expectations.
                expects.extend(block.map(|b| b.expects.clone()).unwrap_or_default());
                runs.push((given, mask_of(&expects, Some(pd)), Some(pd.name.clone())));
            }
        }
        let mut missing: Vec<String> = Vec::new();
        let mut read_by: Vec<String> = Vec::new();
        let mut read_by_zh: Vec<String> = Vec::new();
        for (given, mask, period) in &runs {
            let given: Vec<&str> = given.iter().map(String::as_str).collect();
            for (slot, rows) in crate::plan::reads::not_given(r, &given, mask) {
                let Some(f) = r.facts.get(slot) else {
                    let what = format!("fact slot {slot} read but not declared");
                    self.report.push(Code::CheckerInternal.at(file, t.name.span).arg(what));
                    continue;
                };
                if missing.contains(&f.name) {
                    continue;
                }
                let mut ids: Vec<String> = rows.iter().filter_map(|&i| r.nodes.get(i)).map(node_name).take(3).collect();
                if rows.len() > 3 {
                    ids.push("…".into());
                }
                let within = period.as_ref().map(|p| format!(" in period `{p}`")).unwrap_or_default();
                read_by.push(format!("`{}` is read by {}{within}", f.name, ids.join(", ")));
                let within = period.as_ref().map(|p| format!("（考核期 `{p}`）")).unwrap_or_default();
                read_by_zh.push(format!("`{}` 由 {} 读取{within}", f.name, ids.join(", ")));
                missing.push(f.name.clone());
            }
        }
        if missing.is_empty() {
            return;
        }
        let list: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
        self.report.push(
            Code::TestFacts
                .at(file, t.name.span)
                .arg(&t.name.value)
                .word(list.join(", "), list.join("、"))
                .word(read_by.join("; "), read_by_zh.join("；")),
        );
    }

    /// The index of the period a test's `period NAME` block names.
    pub(super) fn period_in(&mut self, file: FileId, r: &Plan, name: &rubric_syntax::Spanned<String>) -> Option<usize> {
        let found = r.periods.iter().position(|p| p.name == name.value);
        if found.is_none() {
            let saved = std::mem::replace(&mut self.periods, r.periods.clone());
            self.period_names(file, std::slice::from_ref(name));
            self.periods = saved;
        }
        found
    }

    /// The facts of a test's `given` lines.
    pub(super) fn test_given(
        &mut self,
        file: FileId,
        given: &[ast::Given],
        r: &Plan,
        name: &str,
    ) -> (crate::facts::UnitFacts, bool) {
        let mut facts = crate::facts::UnitFacts::new(name.to_string());
        let mut ok = true;
        for g in given {
            let Some(def) = r.fact(&g.fact.value) else {
                let best = crate::diag::closest(&g.fact.value, r.facts.iter().map(|f| f.name.as_str()), 0.5);
                let d = Code::UnknownTestFact.at(file, g.fact.span).arg(&g.fact.value);
                self.report.push(match best {
                    Some(b) => d.hint(Phrase::DidYouMean, [Arg::text(b)]),
                    None => d,
                });
                ok = false;
                continue;
            };
            let raw = test_raw(&g.value);
            if def.ty == rubric_syntax::ast::FactType::List {
                if let Err(whys) = def.records(&raw) {
                    for why in whys {
                        self.report.push(
                            Code::TypeTestFact.at(file, g.span).arg(&def.name).arg(def.ty.keyword()).put(why.said()),
                        );
                    }
                    ok = false;
                    continue;
                }
            } else if let Err(why) = def.read(&raw) {
                self.report
                    .push(Code::TypeTestFact.at(file, g.span).arg(&def.name).arg(def.ty.keyword()).put(why.said()));
                ok = false;
                continue;
            }
            facts = facts.with(g.fact.value.clone(), raw);
        }
        (facts, ok)
    }

    /// The expectations of a test's `expect` lines; in a period, a row must be scored in it;
    /// `expect rank` only in a `unit` block (`in_unit`).
    pub(super) fn test_expect(
        &mut self,
        file: FileId,
        expect: &[ast::Expect],
        r: &Plan,
        period: Option<usize>,
        in_unit: bool,
    ) -> (Vec<ExpectDef>, bool) {
        let mut ok = true;
        let mut expects = Vec::new();
        for e in expect {
            let loc = Loc { file, span: e.span };
            let target = match &e.kind {
                ast::ExpectKind::Total(n) => {
                    let Some(number) = self.lit_num(file, n) else {
                        ok = false;
                        continue;
                    };
                    Target::Total(number)
                }
                ast::ExpectKind::Error(code) => Target::Error(code.value.clone()),
                ast::ExpectKind::Rank(n) => {
                    let place = n.text.parse::<u32>().ok().filter(|p| *p >= 1);
                    match place {
                        Some(p) if in_unit => Target::Rank(p),
                        _ => {
                            let d = Code::TestRank.at(file, e.span).arg(&n.text);
                            self.report.push(match in_unit {
                                true => d.word("a place is a whole number from 1", "名次是从 1 开始的整数").word(
                                    "write the place, such as `expect rank = 2`",
                                    "写出名次，如 `expect rank = 2`",
                                ),
                                false => d
                                    .word(
                                        "a place among units belongs in a `unit` block of a test",
                                        "名次是多个单位之间的，应写在测试的 `unit` 块中",
                                    )
                                    .word(
                                        "give the units in `unit 甲 { given … expect rank = 1 }` blocks",
                                        "用 `unit 甲 { given … expect rank = 1 }` 块给出各单位",
                                    ),
                            });
                            ok = false;
                            continue;
                        }
                    }
                }
                ast::ExpectKind::Grade(id, name) => match self.expect_grade(file, r, id.as_ref(), name) {
                    Some(t) => t,
                    None => {
                        ok = false;
                        continue;
                    }
                },
                ast::ExpectKind::Node(id, n) => {
                    match r.nodes.iter().position(|x| x.id == id.value && x.kind != Kind::Rubric) {
                        Some(i) => {
                            let outside = period
                                .and_then(|p| r.periods.get(p))
                                .filter(|p| !p.nodes.get(i).copied().unwrap_or(false));
                            if let Some(p) = outside {
                                self.report.push(Code::NotInPeriod.at(file, id.span).arg(&id.value).arg(&p.name));
                                ok = false;
                                continue;
                            }
                            let Some(number) = self.lit_num(file, n) else {
                                ok = false;
                                continue;
                            };
                            Target::Node(i, number)
                        }
                        None => {
                            let best = crate::diag::closest(&id.value, r.nodes.iter().map(|x| x.id.as_str()), 0.5);
                            let d = Code::UnknownId.at(file, id.span).arg(&id.value);
                            self.report.push(match best {
                                Some(b) => d.hint(Phrase::DidYouMean, [Arg::text(b)]),
                                None => d,
                            });
                            ok = false;
                            continue;
                        }
                    }
                }
            };
            expects.push(ExpectDef { target, loc });
        }
        (expects, ok)
    }
}

impl Compiler {
    /// `expect [ID] grade = "NAME"`: the node (the total without an id) must have a grade table
    /// that gives the name.
    fn expect_grade(
        &mut self,
        file: FileId,
        r: &Plan,
        id: Option<&rubric_syntax::Spanned<String>>,
        name: &rubric_syntax::Spanned<String>,
    ) -> Option<Target> {
        let node = match id {
            None => 0,
            Some(id) => match r.nodes.iter().position(|x| x.id == id.value && x.kind != Kind::Rubric) {
                Some(i) => i,
                None => {
                    let best = crate::diag::closest(&id.value, r.nodes.iter().map(|x| x.id.as_str()), 0.5);
                    let d = Code::UnknownId.at(file, id.span).arg(&id.value);
                    self.report.push(match best {
                        Some(b) => d.hint(Phrase::DidYouMean, [Arg::text(b)]),
                        None => d,
                    });
                    return None;
                }
            },
        };
        let arms: Vec<&str> = r
            .grades
            .iter()
            .find(|g| g.node == node)
            .map(|g| g.arms.iter().map(|a| a.name.as_str()).collect())
            .unwrap_or_default();
        if arms.contains(&name.value.as_str()) {
            return Some(Target::Grade(node, name.value.clone()));
        }
        let listed = arms.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join("、");
        // A node without a grade table has no grade to name.
        let listed = if arms.is_empty() {
            Arg::word(
                "the grades of a `grade { … }` table (the node has none)",
                "`grade { … }` 表的等次（该节点没有等次表）",
            )
        } else {
            Arg::text(listed)
        };
        let near = crate::diag::closest(&name.value, arms.iter().copied(), 0.5);
        let d = Code::GradeUnknown.at(file, name.span).arg(&name.value).put(listed);
        self.report.push(match near {
            Some(n) => d.hint(Phrase::DidYouMean, [Arg::text(n)]),
            None => d,
        });
        None
    }
}

/// A node as messages name it: `item `一.1``, `the rubric`.
fn node_name(n: &NodeDef) -> String {
    match n.kind {
        Kind::Rubric => "the rubric".into(),
        Kind::Section => format!("section `{}`", n.id),
        Kind::Group => format!("group `{}`", n.id),
        Kind::Item => format!("item `{}`", n.id),
    }
}

/// A value given in a test, as a facts file gives it.
fn test_raw(v: &ast::TestValue) -> crate::facts::Raw {
    match v {
        ast::TestValue::Bool(b) => crate::facts::Raw::Bool(*b),
        ast::TestValue::Text(t) | ast::TestValue::NotApplicable(t) => crate::facts::Raw::Text(t.clone()),
        ast::TestValue::Lit(l) => match l.value {
            LitValue::Number(_) => crate::facts::Raw::Number(l.text.clone()),
            _ => crate::facts::Raw::Text(l.text.clone()),
        },
        ast::TestValue::Records(rs) => crate::facts::Raw::Records(
            rs.iter().map(|r| r.fields.iter().map(|(n, v)| (n.value.clone(), test_raw(v))).collect()).collect(),
        ),
    }
}

impl Compiler {
    /// The `unit` blocks of a test: each unit's facts (the test's common ones, then its own)
    /// and expectations; an `expect` outside them, a unit given twice and units in a rubric
    /// scored in periods are reported.
    fn test_units(
        &mut self,
        file: FileId,
        t: &ast::TestBlock,
        r: &Plan,
        common: &crate::facts::UnitFacts,
    ) -> (Vec<TestUnitDef>, bool) {
        let mut ok = true;
        let Some(first) = t.units.first() else { return (Vec::new(), true) };
        if !r.periods.is_empty() {
            self.report.push(Code::TestUnitsPeriods.at(file, first.name.span).arg(&t.name.value));
            return (Vec::new(), false);
        }
        for e in &t.expect {
            self.report.push(Code::TestUnitExpect.at(file, e.span).arg(&t.name.value));
            ok = false;
        }
        let mut units: Vec<TestUnitDef> = Vec::new();
        let mut seen: Vec<&rubric_syntax::Spanned<String>> = Vec::new();
        for u in &t.units {
            if let Some(prev) = seen.iter().find(|p| p.value == u.name.value) {
                self.report.push(Code::TestUnitTwice.at(file, u.name.span).arg(&u.name.value).note(
                    file,
                    prev.span,
                    Phrase::FirstGiven,
                    [],
                ));
                ok = false;
                continue;
            }
            seen.push(&u.name);
            let (own, g_ok) = self.test_given(file, &u.given, r, &u.name.value);
            let (expects, e_ok) = self.test_expect(file, &u.expect, r, None, true);
            ok &= g_ok && e_ok;
            let mut facts = crate::facts::UnitFacts::new(u.name.value.clone());
            // A fact the unit gives again is the unit's own value, not the test's.
            let shared = common.values.iter().filter(|(n, _)| !own.values.iter().any(|(o, _)| o == n));
            for (name, raw) in shared.chain(own.values.iter()) {
                facts = facts.with(name.clone(), raw.clone());
            }
            units.push(TestUnitDef { facts, expects });
        }
        (units, ok)
    }
}
