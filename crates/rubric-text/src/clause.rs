//! The reader: splits a sentence into clauses, finds each clause's outcome (得/扣/加/不得分 …)
//! and reads the words before it as its condition, band or per-case count.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::band::{self, Found, Side};
use crate::norm::Norm;
use crate::num::{self, NUM, UNIT};
use crate::types::{Amount, Band, Claim, Condition, Limit, PerCase, Points, Reading, Span, Stated, Zero};

static PAREN_POINTS: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(&format!(r"\({NUM}分\)")).ok());
static PARTS: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"未完成(?:的)?(?:扣除|扣)相应分值").ok());
static OUTCOME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)
        (?P<dmax>(?:最多|最高)扣(?:除|减)?{NUM}分|扣分(?:最多|不超过|最高|上限为?){NUM}分)
        |(?P<bmax>(?:最高|最多)加{NUM}分|加分(?:最多|不超过|最高|上限为?){NUM}分)
        |(?P<neg>最多倒扣{NUM}分)
        |(?P<negany>可倒扣)
        |(?P<floor>扣完为止)
        |(?P<nofloor>扣分不封顶|倒扣不设下限)
        |(?P<nobmax>加分不设上限)
        |(?P<most>(?:最高|最多得?|上限为?){NUM}分)
        |(?P<veto>一票否决)
        |(?P<zero>(?:本项)?不得分|分数全部扣除|(?:本项)?得0分)
        |(?P<earn>得{NUM}分)
        |(?P<deduct>扣(?:除|减)?{NUM}分)
        |(?P<bonus>加{NUM}分)"
    ))
    .ok()
});
static PER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"每(?:有|发现|出现|满|缺|发生|演练|举办|开展|组织|后退|下降|超出|逾期)?{NUM}?{UNIT}|^{NUM}{UNIT}|出现{NUM}{UNIT}"
    ))
    .ok()
});

/// One clause: normalised byte range, and whether it ends a segment (。；).
#[derive(Clone, Copy)]
pub(crate) struct Piece {
    pub(crate) a: usize,
    pub(crate) b: usize,
    ends: bool,
}

pub(crate) fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '。' | '；' | '，' | '!' | '！' | '?' | '？' | '\n' if depth == 0 => {
                out.push(Piece { a: start, b: at, ends: c != '，' });
                start = at + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(Piece { a: start, b: text.len(), ends: true });
    out
}

/// The first number group of a match (groups after `first`).
fn points_in(caps: &regex::Captures<'_>, name: &str) -> Option<Decimal> {
    let m = caps.name(name)?;
    let re = NUM_ONLY.as_ref()?;
    re.find(m.as_str()).and_then(|n| num::value(n.as_str()))
}

/// Words that speak of points: a number of 分, or a deduction.
static SCORING: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(&format!(r"{NUM}分|扣|得分|否决|加分")).ok());

static NUM_ONLY: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(NUM).ok());

/// Strip punctuation and filler from the ends of a condition's words.
fn trim(text: &str, mut a: usize, mut b: usize) -> (usize, usize) {
    const HEAD: &[&str] = &["，", "、", "：", "且", "并", "凡", "如", "对"];
    const TAIL: &[&str] = &["，", "、", "：", "本项", "的", "者", "则", "即", "时", "实行", "考核", "予以", "给予"];
    loop {
        let s = text.get(a..b).unwrap_or("");
        if let Some(h) = HEAD.iter().find(|h| s.starts_with(*h)) {
            a += h.len();
        } else if let Some(t) = TAIL.iter().find(|t| s.ends_with(*t)) {
            b -= t.len();
        } else {
            return (a, b.max(a));
        }
    }
}

/// Reads one sentence.
pub(crate) fn read(sentence: &str) -> Reading {
    let norm = Norm::new(sentence);
    let mut r = Reader { norm: &norm, claims: Vec::new(), unread: Vec::new(), covered: Vec::new() };
    r.paren_points();
    r.parts();
    r.clauses();
    let mut claims = r.claims;
    claims.sort_by_key(|c| c.1);
    let mut unread = r.unread;
    unread.sort();
    Reading { claims: claims.into_iter().map(|c| c.0).collect(), unread }
}

struct Reader<'n> {
    norm: &'n Norm,
    /// Claims and the normalised byte where they start (for order).
    claims: Vec<(Stated, usize)>,
    unread: Vec<Span>,
    /// Normalised ranges already read.
    covered: Vec<(usize, usize)>,
}

/// A band-shaped outcome waiting to know whether the sentence has a scale.
struct Pending {
    at: usize,
    span: Span,
    points: Decimal,
    zero: bool,
    subject: Option<Span>,
    edges: Vec<Found>,
    condition: Span,
}

impl Reader<'_> {
    fn push(&mut self, kind: Claim, a: usize, b: usize) {
        self.claims.push((Stated { kind, span: self.norm.span(a, b) }, a));
        self.covered.push((a, b));
    }

    fn paren_points(&mut self) {
        let Some(re) = PAREN_POINTS.as_ref() else { return };
        let text = &self.norm.text;
        let found: Vec<_> = re
            .captures_iter(text)
            .filter_map(|c| Some((c.get(0)?, num::value(c.get(1)?.as_str())?)))
            .map(|(m, v)| (m.start(), m.end(), v))
            .collect();
        let last_at_end = found
            .last()
            .is_some_and(|(_, end, _)| text.get(*end..).unwrap_or("").chars().all(|c| matches!(c, '。' | '；' | '.')));
        for (a, b, points) in &found {
            let p = Points { points: *points };
            let kind = if found.len() == 1 && last_at_end { Claim::RowPoints(p) } else { Claim::PartPoints(p) };
            self.push(kind, *a, *b);
        }
    }

    fn parts(&mut self) {
        let Some(re) = PARTS.as_ref() else { return };
        let found: Vec<_> = re.find_iter(&self.norm.text).map(|m| (m.start(), m.end())).collect();
        for (a, b) in found {
            self.push(Claim::PartsAllOrNothing, a, b);
        }
    }

    fn is_covered(&self, a: usize, b: usize) -> bool {
        self.covered.iter().any(|(s, e)| a < *e && *s < b)
    }

    fn clauses(&mut self) {
        let Some(re) = OUTCOME.as_ref() else { return };
        let text = self.norm.text.clone();
        let mut context: Option<usize> = None;
        let mut pending: Vec<Pending> = Vec::new();
        for p in pieces(&text) {
            let from = context.unwrap_or(p.a);
            let slice = text.get(p.a..p.b).unwrap_or("");
            let mut any = false;
            let mut cursor = from;
            for caps in re.captures_iter(slice) {
                let Some(m) = caps.get(0) else { continue };
                let (a, b) = (p.a + m.start(), p.a + m.end());
                if self.is_covered(a, b) {
                    continue;
                }
                any = true;
                self.outcome(&caps, (cursor, a, b), &mut pending);
                cursor = b;
            }
            if !any && self.points_words(p.a, p.b) {
                self.unread.push(self.norm.span(p.a, p.b));
            }
            context = if any || p.ends { None } else { Some(from) };
        }
        self.bands(pending);
    }

    /// Whether `a..b` outside what was read speaks of points.
    fn points_words(&self, a: usize, b: usize) -> bool {
        let Some(re) = SCORING.as_ref() else { return false };
        re.find_iter(self.norm.get(a, b)).any(|m| !self.is_covered(a + m.start(), a + m.end()))
    }

    fn condition(&self, a: usize, b: usize) -> Option<Condition> {
        let (a, b) = trim(&self.norm.text, a, b);
        if a >= b {
            return None;
        }
        let compare = band::edges(self.norm, a, b).first().map(band::compare);
        Some(Condition { span: self.norm.span(a, b), compare })
    }

    fn outcome(&mut self, caps: &regex::Captures<'_>, (ctx, a, b): (usize, usize, usize), pending: &mut Vec<Pending>) {
        let pts = |n: &str| points_in(caps, n);
        let limit = if let Some(v) = pts("dmax") {
            Some(Limit::DeductMax(v))
        } else if let Some(v) = pts("bmax") {
            Some(Limit::BonusMax(v))
        } else if let Some(v) = pts("neg") {
            Some(Limit::Negative(Some(v)))
        } else if caps.name("negany").is_some() {
            Some(Limit::Negative(None))
        } else if caps.name("floor").is_some() {
            Some(Limit::FloorZero)
        } else if caps.name("nofloor").is_some() {
            Some(Limit::NoFloor)
        } else if caps.name("nobmax").is_some() {
            Some(Limit::NoBonusMax)
        } else {
            pts("most").map(Limit::Most)
        };
        if let Some(l) = limit {
            self.push(Claim::Limit(l), a, b);
        } else if caps.name("veto").is_some() {
            let condition = self.condition(ctx, a);
            self.push(Claim::Veto(Zero { condition }), a, b);
        } else if caps.name("zero").is_some() {
            self.scaled(ctx, (a, b), Decimal::ZERO, true, pending);
        } else if let Some(v) = pts("earn") {
            match self.per(ctx, a, v) {
                Some(per) => self.push(Claim::EarnPer(per), a, b),
                None => self.scaled(ctx, (a, b), v, false, pending),
            }
        } else if let Some(v) = pts("deduct") {
            let kind = match self.per(ctx, a, v) {
                Some(per) => Claim::DeductPer(per),
                None => Claim::Deduct(Amount { points: v, condition: self.condition(ctx, a) }),
            };
            self.push(kind, a, b);
        } else if let Some(v) = pts("bonus") {
            let kind = match self.per(ctx, a, v) {
                Some(per) => Claim::BonusPer(per),
                None => Claim::Bonus(Amount { points: v, condition: self.condition(ctx, a) }),
            };
            self.push(kind, a, b);
        }
    }

    /// `每有1件…`, `出现一次`, `1名…` before the verb: a per-case amount. The count is read in
    /// the last clause that states one; what is counted follows it, or else precedes it.
    fn per(&self, ctx: usize, a: usize, points: Decimal) -> Option<PerCase> {
        let (ctx, a) = trim(&self.norm.text, ctx, a);
        let mut found = None;
        for p in pieces(self.norm.get(ctx, a)) {
            if let Some(hit) = self.per_in(ctx + p.a, ctx + p.b) {
                found = Some(hit);
            }
        }
        let (at, end, each, unit) = found?;
        let (sa, sb) = trim(&self.norm.text, end, a);
        let (sa, sb) = if sa < sb { (sa, sb) } else { trim(&self.norm.text, ctx, at) };
        let subject = (sa < sb).then(|| self.norm.span(sa, sb));
        Some(PerCase { points, each, unit: num::unit(Some(unit.as_str())), subject })
    }

    /// A count in the clause `a..b`: its start, end, how many, and its unit.
    fn per_in(&self, a: usize, b: usize) -> Option<(usize, usize, Decimal, String)> {
        let re = PER.as_ref()?;
        let words = self.norm.get(a, b);
        for caps in re.captures_iter(words) {
            let m = caps.get(0)?;
            let every = m.as_str().starts_with('每');
            let (n, u) = if every {
                (caps.get(1), caps.get(2))
            } else if caps.get(3).is_some() {
                (caps.get(3), caps.get(4))
            } else {
                (caps.get(5), caps.get(6))
            };
            let rest = words.get(m.end()..).unwrap_or("");
            let each = match n {
                Some(n) => num::value(n.as_str())?,
                None => Decimal::ONE,
            };
            // Without 每 the count must be one, and not a threshold (1名及以上).
            let threshold = rest.starts_with('及') || rest.starts_with('以');
            let Some(u) = u else { continue };
            if (!every && each != Decimal::ONE) || threshold {
                continue;
            }
            return Some((a + m.start(), a + m.end(), each, u.as_str().to_string()));
        }
        None
    }

    /// 得N分 / 不得分: a band level when its words state edges, else a condition.
    fn scaled(&mut self, ctx: usize, (a, b): (usize, usize), points: Decimal, zero: bool, pending: &mut Vec<Pending>) {
        // The edges of the last clause before the verb that states any.
        let mut edges = Vec::new();
        let mut subject_at = ctx;
        for p in pieces(self.norm.get(ctx, a)) {
            let found = band::edges(self.norm, ctx + p.a, ctx + p.b);
            if !found.is_empty() {
                edges = found;
                subject_at = ctx + p.a;
            }
        }
        let (ca, cb) = trim(&self.norm.text, ctx, a);
        if edges.is_empty() {
            let condition = (ca < cb).then(|| Condition { span: self.norm.span(ca, cb), compare: None });
            let kind = if zero { Claim::Zero(Zero { condition }) } else { Claim::Earn(Amount { points, condition }) };
            self.push(kind, a, b);
            return;
        }
        let first = edges.first().map_or(a, |f| f.at);
        let subject = {
            let words = self.norm.get(subject_at, first);
            let words = words.trim_end_matches(['在', '为', '达', '是']);
            let (sa, sb) = trim(&self.norm.text, subject_at, subject_at + words.len());
            (sa < sb).then(|| self.norm.span(sa, sb))
        };
        self.covered.push((a, b));
        pending.push(Pending {
            at: a,
            span: self.norm.span(a, b),
            points,
            zero,
            subject,
            edges,
            condition: self.norm.span(ca, cb.max(ca)),
        });
    }

    /// Two or more levels (or one with both edges) make a scale; a lone one is a condition.
    fn bands(&mut self, pending: Vec<Pending>) {
        let scale = pending.len() >= 2;
        let mut bands: Vec<(Band, Span, usize)> = Vec::new();
        let mut subject = None;
        for p in pending {
            let low = p.edges.iter().find(|f| f.side == Side::Low).map(|f| f.edge);
            let high = p.edges.iter().find(|f| f.side == Side::High).map(|f| f.edge);
            if scale || (low.is_some() && high.is_some()) {
                subject = p.subject.or(subject);
                bands.push((Band { subject, low, high, points: p.points }, p.span, p.at));
                continue;
            }
            let compare = p.edges.first().map(band::compare);
            let condition = Some(Condition { span: p.condition, compare });
            let kind = if p.zero {
                Claim::Zero(Zero { condition })
            } else {
                Claim::Earn(Amount { points: p.points, condition })
            };
            self.claims.push((Stated { kind, span: p.span }, p.at));
        }
        let mut only: Vec<Band> = bands.iter().map(|b| b.0).collect();
        band::settle(&mut only);
        for (b, (_, span, at)) in only.into_iter().zip(bands) {
            self.claims.push((Stated { kind: Claim::Band(b), span }, at));
        }
    }
}
