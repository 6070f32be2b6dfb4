//! The tree: a rubric, block or node body compiled into nodes, one function per kind of statement.

use crate::check::compile::Compiler;
use crate::diag::codes::{Arg, Code, Phrase};
use crate::plan::*;
use crate::source::FileId;
use crate::value::show_num;
use rubric_syntax::Span;
use rubric_syntax::ast::{self, Container, Due, LitValue, Stmt, StmtKind};
use rust_decimal::Decimal;
use std::collections::HashMap;

impl Compiler {
    /// Compiles a rubric, block or node body into a node and its subtree; returns its index.
    pub(super) fn container(
        &mut self,
        file: FileId,
        c: &Container,
        kind: Kind,
        id: String,
        parent: &Meta,
        using: &mut Vec<String>,
    ) -> usize {
        if let Some(m) = &c.max_name {
            self.unknown_param(file, m);
        }
        let head = NodeHead {
            file,
            kind,
            id,
            title: c.title.value.clone(),
            max: c.max.clone(),
            head: c.head,
            decl_ok: true,
            max_cases: c.max_cases.clone(),
            in_block: !using.is_empty(),
        };
        self.node(head, &c.body, parent, using)
    }

    fn node(&mut self, h: NodeHead, body: &[Stmt], parent: &Meta, using: &mut Vec<String>) -> usize {
        let idx = self.nodes.len();
        if idx == self.options.max_nodes + 1 {
            self.report.push(Code::TooManyNodes.at(h.file, h.head).arg(self.options.max_nodes));
        }
        let meta = self.meta(h.file, body, parent);
        // What the children inherit; a node without children (every item) needs no copy.
        let inherit = if body.iter().any(|s| matches!(s.kind, StmtKind::Node(_) | StmtKind::Use(_))) {
            meta.clone()
        } else {
            Meta::default()
        };
        self.open(&h, meta);
        let src = self.src(h.file);
        let here = Here { file: h.file, kind: h.kind, idx, decl_ok: h.decl_ok, src: &src, inherit: &inherit };
        let mut parts = Parts::default();
        for s in body {
            let before = self.refs.borrow().len();
            self.stmt(&here, s, using, &mut parts);
            // The node references its rules read (a child's were claimed by the child).
            for r in self.refs.borrow_mut().iter_mut().skip(before).filter(|r| r.from.is_none()) {
                r.from = Some(idx);
            }
        }
        self.close(&h, idx, parts);
        idx
    }

    /// The settings a node inherits from its parent, with its own `lead`, `office`, `owner`,
    /// `due` and `text` over them.
    fn meta(&mut self, file: FileId, body: &[Stmt], parent: &Meta) -> Meta {
        let mut meta = Meta {
            lead: parent.lead.clone(),
            office: parent.office.clone(),
            owner: parent.owner.clone(),
            due: parent.due.clone(),
            text: None,
        };
        for s in body {
            match &s.kind {
                StmtKind::Lead(v) => meta.lead = strings(v),
                StmtKind::Office(v) => meta.office = strings(v),
                StmtKind::Owner(v) => meta.owner = strings(v),
                StmtKind::Due(Due::Date(d)) => {
                    self.deadline_year(
                        file,
                        d.span,
                        chrono::Datelike::year(&d.value),
                        &d.value.format("%Y-%m-%d").to_string(),
                    );
                    meta.due = Some(d.value.format("%Y-%m-%d").to_string());
                }
                StmtKind::Due(Due::Text(t)) => {
                    self.deadline_text(file, t);
                    meta.due = Some(t.value.clone());
                }
                StmtKind::Text(t) => meta.text = Some(t.value.clone()),
                // The other statements are read by `stmt`.
                _ => {}
            }
        }
        meta
    }

    /// Adds the node to the arena, before its children: its id must be new (full-width
    /// characters folded), and an item must state its maximum.
    fn open(&mut self, h: &NodeHead, meta: Meta) {
        let NodeHead { file, kind, head, .. } = *h;
        let id = &h.id;
        let mut max_case = None;
        let max_value = match (&h.max, &h.max_cases) {
            (_, Some(cases)) => {
                let at = super::maxcase::CaseSite { file, idx: self.nodes.len(), id, kind, in_block: h.in_block };
                self.max_case(&at, cases).map(|(max, def)| {
                    max_case = Some(Box::new(def));
                    max
                })
            }
            (Some(m), None) => match m.value {
                LitValue::Number(n) => Some(n),
                // A block's `max` parameter given a percent or a date.
                LitValue::Percent(_) | LitValue::Date(_) => {
                    let shown = if id.is_empty() { "the block" } else { id.as_str() };
                    self.report.push(Code::TypeMax.at(file, m.span).arg(shown).arg(&m.text));
                    None
                }
            },
            (None, None) => None,
        };
        self.nodes.push(NodeDef {
            id: id.clone(),
            title: h.title.clone(),
            kind,
            // Without a declared maximum, the children's sum is set in `close`.
            max: max_value.unwrap_or_default(),
            max_declared: max_value.is_some(),
            children: Vec::new(),
            rules: Vec::new(),
            floor: Floor::At(Decimal::ZERO),
            cap: None,
            bonus_cap: None,
            bonus_uncapped: false,
            round: None,
            meta,
            loc: Loc { file, span: head },
            combine: None,
            na: None,
            takes: Vec::new(),
            max_case,
        });
        if kind != Kind::Rubric {
            let key = half_width(id);
            if let Some((prev_id, prev)) = self.ids.get(&key) {
                let code = if prev_id == id { Code::DuplicateId } else { Code::DuplicateIdWidth };
                self.report.push(code.at(file, head).arg(id).arg(prev_id).note(
                    prev.file,
                    prev.span,
                    Phrase::FirstUsed,
                    [],
                ));
            } else {
                self.ids.insert(key, (id.clone(), Loc { file, span: head }));
            }
        }
        if kind == Kind::Item && h.max.is_none() {
            self.report.push(Code::ItemMax.at(file, head).arg(id));
        }
    }

    /// Checks one statement of a node's body where it stands, and adds what it makes to `parts`.
    fn stmt(&mut self, here: &Here<'_>, s: &Stmt, using: &mut Vec<String>, parts: &mut Parts) {
        let Here { file, kind, src, .. } = *here;
        match &s.kind {
            StmtKind::Fact(_) | StmtKind::Let(_) | StmtKind::Table(_) | StmtKind::Year(_) => {
                if !here.decl_ok {
                    self.placed(here, s, s.kind.keyword(), Phrase::PlaceDecl);
                }
            }
            StmtKind::Node(n) if kind == Kind::Item => {
                self.placed(here, s, n.kind.value.keyword(), Phrase::PlaceInItem);
            }
            StmtKind::Node(n) => self.child(here, s, n, using, parts),
            StmtKind::Use(_) if kind == Kind::Item => self.placed(here, s, "use", Phrase::PlaceUse),
            StmtKind::Use(u) => self.use_block(here, u, using, parts),
            // Read by `meta`.
            StmtKind::Lead(_) | StmtKind::Office(_) | StmtKind::Owner(_) | StmtKind::Due(_) | StmtKind::Text(_) => {}
            StmtKind::Period(_) => {
                if kind != Kind::Rubric {
                    self.placed(here, s, "period", Phrase::PlacePeriod);
                }
            }
            StmtKind::Only(v) => {
                if kind == Kind::Rubric {
                    self.placed(here, s, "only", Phrase::PlaceOnly);
                } else if self.once(file, s.span, "only", parts) {
                    let set = self.period_names(file, v);
                    self.only.insert(here.idx, set);
                }
            }
            // A section, group or the rubric may be scored by `score` (reading its parts).
            StmtKind::Band(_) | StmtKind::Award(_) | StmtKind::Judged(_) if kind != Kind::Item => {
                self.placed(here, s, s.kind.keyword(), Phrase::PlaceRule);
            }
            StmtKind::Band(b) => parts.add(self.band(file, src, b, s.span).map(RuleDef::Band)),
            StmtKind::Award(a) => parts.add(self.adjust(file, src, a, s.span).map(RuleDef::Award)),
            StmtKind::Deduct(a) => parts.add(self.adjust(file, src, a, s.span).map(RuleDef::Deduct)),
            StmtKind::Bonus(a) => parts.add(self.adjust(file, src, a, s.span).map(RuleDef::Bonus)),
            StmtKind::Score(sc) => parts.add(self.score(file, src, sc).map(RuleDef::Score)),
            StmtKind::Judged(j) => parts.add(self.judged(file, src, j, s.span).map(RuleDef::Judged)),
            StmtKind::Zero(c) => parts.add(self.cond(file, src, c, s.span).map(RuleDef::Zero)),
            StmtKind::Veto(c) => parts.add(self.cond(file, src, c, s.span).map(RuleDef::Veto)),
            StmtKind::Floor(l) => {
                if self.once(file, s.span, "floor", parts) {
                    parts.floor = Some(self.limit(file, l).map_or(Floor::None, Floor::At));
                }
            }
            StmtKind::Cap(l) => {
                if self.once(file, s.span, "cap", parts) {
                    parts.cap_set = true;
                    parts.cap = self.limit(file, l);
                }
            }
            StmtKind::BonusCap(l) => {
                if self.once(file, s.span, "bonus_cap", parts) {
                    parts.bonus_cap = self.limit(file, l);
                    parts.bonus_uncapped = matches!(l, ast::Limit::None(_));
                }
            }
            StmtKind::Grade(g) => self.grade(file, src, here.idx, g, s.span),
            StmtKind::Combine(_) if kind == Kind::Item => self.placed(here, s, "combine", Phrase::PlaceRule),
            StmtKind::Combine(c) => {
                if self.once(file, s.span, "combine", parts) {
                    parts.combine = Some((c.how.value, c.label.as_ref().map(|l| l.value.clone()), s.span));
                }
            }
            StmtKind::NotApplicable(c) => self.na_stmt(here, c, s.span, parts),
            StmtKind::CapWhen(c) => {
                let cond = ast::Cond { cond: c.cond.clone(), label: c.label.clone() };
                let cap = self.limit(file, &ast::Limit::Value(c.points.clone()));
                let cond = self.cond(file, src, &cond, s.span);
                parts.add(cap.zip(cond).map(|(cap, cond)| RuleDef::CapWhen(CapWhenDef { cap, cond })));
            }
            StmtKind::Round(r) => {
                if self.once(file, s.span, "round", parts) {
                    if r.places.value > 10 {
                        self.report.push(Code::Round.at(file, r.places.span).arg(r.places.value));
                    } else {
                        // Without a mode, `round N` rounds half up (the mode's default).
                        parts.round = Some((r.places.value, r.mode.as_ref().map(|m| m.value).unwrap_or_default()));
                    }
                }
            }
        }
    }

    /// `not_applicable => HOW`, once a node; `rescale` on the rubric has no parent to rescale in.
    fn na_stmt(&mut self, here: &Here<'_>, c: &ast::NotApplicable, span: Span, parts: &mut Parts) {
        if here.kind == Kind::Rubric && c.how.value == ast::NaHow::Rescale {
            self.report.push(Code::NaRoot.at(here.file, span));
        } else if self.once(here.file, span, "not_applicable", parts) {
            parts.na = Some((c.how.value, c.label.as_ref().map(|l| l.value.clone())));
            parts.na_to = c.to.as_ref().map(|t| (t.value.clone(), t.span));
        }
    }

    /// The number of a `floor`, `cap` or `bonus_cap`; `None` for `none`. The grammar allows only
    /// a number there: anything else is an internal error (the load fails), never "no limit".
    fn limit(&mut self, file: FileId, l: &ast::Limit) -> Option<Decimal> {
        match l {
            ast::Limit::None(_) => None,
            ast::Limit::Value(v) => match v.value {
                LitValue::Number(n) => Some(n),
                LitValue::Percent(_) | LitValue::Date(_) => {
                    let what = format!("`{}` where the grammar allows a number", v.text);
                    self.report.push(Code::CheckerInternal.at(file, v.span).arg(what));
                    None
                }
            },
        }
    }

    /// A statement that may not stand in this kind of node.
    fn placed(&mut self, here: &Here<'_>, s: &Stmt, what: &str, help: Phrase) {
        self.report.push(Code::Misplaced.at(here.file, s.span).arg(what).put(describe_kind(here.kind)).hint(help, []));
    }

    /// Whether the setting `key` is stated for the first time in this node; a second is reported.
    fn once(&mut self, file: FileId, span: Span, key: &'static str, parts: &mut Parts) -> bool {
        if let Some(prev) = parts.seen.get(key) {
            self.report.push(Code::DuplicateSetting.at(file, span).arg(key).note(file, *prev, Phrase::FirstSet, []));
            false
        } else {
            parts.seen.insert(key, span);
            true
        }
    }

    /// A section or group (or an item) inside this node.
    fn child(&mut self, here: &Here<'_>, s: &Stmt, n: &ast::Node, using: &mut Vec<String>, parts: &mut Parts) {
        let Here { file, kind, .. } = *here;
        if n.kind.value == ast::NodeKind::Section && kind != Kind::Rubric {
            self.placed(here, s, "section", Phrase::PlaceSection);
        }
        if !self.deeper(file, n.head) {
            return;
        }
        if let Some(m) = &n.max_name {
            self.unknown_param(file, m);
        }
        let h = NodeHead {
            file,
            kind: n.kind.value.into(),
            id: n.id.value.clone(),
            title: n.title.value.clone(),
            max: n.max.clone(),
            head: n.head,
            decl_ok: false,
            max_cases: n.max_cases.clone(),
            in_block: !using.is_empty(),
        };
        parts.children.push(self.node(h, &n.body, here.inherit, using));
        self.depth -= 1;
    }

    /// `use NAME`: the block compiled here as a section, once, without cycles and within the
    /// depth budgets.
    fn use_block(&mut self, here: &Here<'_>, u: &ast::UseStmt, using: &mut Vec<String>, parts: &mut Parts) {
        let file = here.file;
        let name = &u.name;
        if using.len() >= self.options.max_use_depth {
            self.report.push(Code::UseTooDeep.at(file, name.span).arg(self.options.max_use_depth));
            return;
        }
        if using.contains(&name.value) {
            self.report.push(Code::UseCycle.at(file, name.span).arg(&name.value));
            return;
        }
        let key = crate::check::alias::key(u).to_string();
        let at = u.alias.as_ref().map_or(name.span, |a| a.span);
        // `as` a block's name was refused when the copies were made (`rubric::use-as-taken`).
        if u.alias.is_some()
            && self.blocks.get(&key).is_some_and(|(_, b)| b.name.as_ref().is_some_and(|n| n.value == key))
        {
            return;
        }
        if let Some(first) = self.used_blocks.get(&key) {
            // Two uses under one `as` id are one id twice; a block used twice needs `as`.
            let code = if u.alias.is_some() { Code::DuplicateId } else { Code::DuplicateUse };
            self.report.push(code.at(file, at).arg(&key).note(first.file, first.span, Phrase::FirstUsed, []));
            return;
        }
        self.used_blocks.insert(key.clone(), Loc { file, span: at });
        // An unknown block has no `as` copy either: both are the block's name unknown.
        let Some((bf, b)) = self.blocks.get(&key).cloned().filter(|_| self.blocks.contains_key(&name.value)) else {
            // Among equally close names the first in order, so the help is the same from run to
            // run (the blocks are a hash map).
            let best =
                crate::diag::closest(&name.value, self.blocks.keys().map(String::as_str), 0.4).map(str::to_string);
            let d = Code::UnknownBlock.at(file, name.span).arg(&name.value);
            self.report.push(match best {
                Some(k) => d.hint(Phrase::DidYouMean, [Arg::text(k)]),
                None => d,
            });
            return;
        };
        if !self.deeper(file, name.span) {
            return;
        }
        using.push(name.value.clone());
        let child = self.container(bf, &b, Kind::Section, key, here.inherit, using);
        parts.children.push(child);
        if !u.only.is_empty() {
            let set = self.period_names(file, &u.only);
            self.only.insert(child, set);
        }
        using.pop();
        self.depth -= 1;
    }

    /// Gives the node its children, rules and limits: an undeclared maximum is the children's
    /// sum, a declared one must match it (unless a `cap` or the periods decide).
    fn close(&mut self, h: &NodeHead, idx: usize, parts: Parts) {
        let NodeHead { file, kind, head, .. } = *h;
        let id = &h.id;
        let Parts {
            children,
            mut rules,
            floor,
            cap_set,
            cap,
            bonus_cap,
            bonus_uncapped,
            round,
            combine,
            na,
            na_to,
            ..
        } = parts;
        // `combine`: a `score` line reading the parts, and the most it gives.
        let combined = match combine {
            Some((how, label, span)) if kind != Kind::Item => {
                self.combine(idx, file, &children, how, label.clone(), span).map(|(rule, most)| {
                    rules.push(rule);
                    (most, refs::CombineDef { how, label, rule: rules.len() - 1 })
                })
            }
            _ => None,
        };
        let child_sum: Decimal = children
            .iter()
            .filter_map(|&c| self.nodes.get(c))
            .map(|n| n.max)
            .fold(Decimal::ZERO, |a, b| a.saturating_add(b));
        let periods_decide = kind == Kind::Rubric && !self.periods.is_empty();
        // A part that may score below 0 passes its negative score up, unless the node states
        // its own floor: the document says 可倒扣 once, on the row.
        let negative_part = children.iter().any(|&c| self.nodes.get(c).is_some_and(|n| n.floor.allows_negative()));
        let Some(node) = self.nodes.get_mut(idx) else {
            self.report.push(Code::CheckerInternal.at(file, head).arg(format!("node {idx} missing from the arena")));
            return;
        };
        node.na = na.map(|(how, label)| crate::plan::NaDef {
            how,
            label,
            stated_on: idx,
            to: na_to.as_ref().map(|t| t.0.clone()),
            to_at: na_to.map(|t| t.1),
        });
        if kind != Kind::Item {
            if let Some((most, def)) = combined {
                node.combine = Some(def);
                if !node.max_declared {
                    node.max = most;
                } else if node.max != most {
                    let name = if id.is_empty() { Arg::word("the rubric", "细则") } else { Arg::text(id) };
                    self.report
                        .push(Code::ScoreMax.at(file, head).put(name).arg(show_num(node.max)).arg(show_num(most)));
                }
            } else if !node.max_declared {
                node.max = child_sum;
            } else if node.max != child_sum
                && !cap_set
                && !children.is_empty()
                && !periods_decide
                && !rules.iter().any(|r| matches!(r, RuleDef::Score(_)))
            {
                let name = if id.is_empty() { Arg::word("the rubric", "细则") } else { Arg::text(id) };
                let d = Code::MaxMismatch.at(file, head).put(name).arg(show_num(node.max)).arg(show_num(child_sum));
                self.report.push(d);
            }
            if children.is_empty() && kind != Kind::Rubric {
                self.report.push(Code::Empty.at(file, head).arg(id));
            }
        }
        let floor = match floor {
            Some(f) => f,
            None if kind != Kind::Item && negative_part => Floor::Children,
            // The default floor: a node scores at least 0.
            None => Floor::At(Decimal::ZERO),
        };
        node.children = children;
        node.rules = rules;
        node.floor = floor;
        node.bonus_uncapped = bonus_uncapped;
        node.cap = if cap_set { cap } else { Some(node.max) };
        node.bonus_cap = bonus_cap;
        node.round = round;
    }

    /// Goes one level deeper into the tree, or reports that the tree is too deep. Braces and
    /// `use` both nest the tree, so the depth is counted through both: the compiler recurses once
    /// per level and must stay within a small stack.
    pub(super) fn deeper(&mut self, file: FileId, span: Span) -> bool {
        if self.depth >= self.options.max_tree_depth {
            if !self.too_deep {
                self.too_deep = true;
                self.report.push(Code::TreeTooDeep.at(file, span).arg(self.options.max_tree_depth));
            }
            return false;
        }
        self.depth += 1;
        true
    }
}

/// An id with full-width ASCII characters (`１`, `．`) folded to half-width.
pub(super) fn half_width(id: &str) -> String {
    id.chars()
        .map(|c| match c {
            // Always a character: the range maps onto `!`..`~`.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '。' => '.',
            c => c,
        })
        .collect()
}

/// The node whose body is being read.
#[derive(Clone, Copy)]
struct Here<'a> {
    file: FileId,
    kind: Kind,
    /// Its index in the arena.
    idx: usize,
    /// Whether declarations may stand in its body (a rubric or a block).
    decl_ok: bool,
    /// The text of its file.
    src: &'a str,
    /// What its children inherit.
    inherit: &'a Meta,
}

/// What a node's statements make, gathered while its body is read.
#[derive(Default)]
struct Parts {
    children: Vec<usize>,
    rules: Vec<RuleDef>,
    /// `floor` as declared: `None` when the node states none, so its default applies.
    floor: Option<Floor>,
    /// Whether the node states a `cap` (`cap none` included).
    cap_set: bool,
    cap: Option<Decimal>,
    bonus_cap: Option<Decimal>,
    bonus_uncapped: bool,
    round: Option<(u32, ast::RoundMode)>,
    /// The settings stated once each (`floor`, `cap`, `only`…) and where.
    seen: HashMap<&'static str, Span>,
    /// `combine HOW ["label"]` and where it was written.
    combine: Option<(ast::CombineHow, Option<String>, Span)>,
    /// `not_applicable => HOW ["label"]` stated on the node.
    na: Option<(ast::NaHow, Option<String>)>,
    /// `not_applicable => ID`: the row the points go to.
    na_to: Option<(String, Span)>,
}

impl Parts {
    /// Adds a rule that compiled; one that did not was reported.
    fn add(&mut self, rule: Option<RuleDef>) {
        self.rules.extend(rule);
    }
}

struct NodeHead {
    file: FileId,
    kind: Kind,
    id: String,
    title: String,
    max: Option<ast::Literal>,
    head: Span,
    /// Whether declarations may stand in this body (a rubric or a block).
    decl_ok: bool,
    /// `max 2 when C else 4`: the maximum depends on the unit.
    max_cases: Option<ast::MaxCases>,
    /// Inside a block the rubric uses.
    in_block: bool,
}

fn strings(v: &[rubric_syntax::Spanned<String>]) -> Vec<String> {
    v.iter().map(|s| s.value.clone()).collect()
}

fn describe_kind(k: Kind) -> Arg {
    match k {
        Kind::Rubric => Arg::word("the rubric body", "细则正文"),
        Kind::Section => Arg::word("a section", "部分（section）"),
        Kind::Group => Arg::word("a group", "组（group）"),
        Kind::Item => Arg::word("an item", "条目（item）"),
    }
}

#[cfg(test)]
mod tests {
    use super::half_width;

    #[test]
    fn full_width_ids_fold_to_half_width() {
        assert_eq!(half_width("六．2.１"), "六.2.1");
    }
}
