//! Boundary words: the edges a clause states (以上, 以下, 至, (含), (不含), 不低于 …), and rule 2
//! of the reading guide (a number belongs to exactly one band).

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::norm::Norm;
use crate::num::{self, NUM, UNIT};
use crate::types::{Band, Binding, Compare, Edge, Op};

/// The lower or upper side of a band.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    Low,
    High,
}

/// An edge found in a clause, with its side.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Found {
    pub(crate) side: Side,
    pub(crate) edge: Edge,
    /// Normalised byte where the edge's words start.
    pub(crate) at: usize,
}

const NOTE: &str = r"(\((?:包含|含|不含|不包含)[^()]{0,12}\)|含本数)?";
const AFTER: &str = r"(及以上|以上|及以下|以下|以内)";
const BEFORE: &str =
    r"(不低于|不少于|至少|达到|满|超过|高于|多于|大于|不足|不满|低于|少于|小于|不超过|不高于|不多于|最多)";

static EDGES: LazyLock<Option<Regex>> = LazyLock::new(|| {
    // A number followed by a date word is a date, not an edge.
    let range = format!(r"{NUM}{UNIT}{NOTE}(?:至|到|~|-|—){NUM}{UNIT}{NOTE}");
    let after = format!(r"{NUM}{UNIT}{NOTE}{AFTER}");
    let before = format!(r"{BEFORE}{NUM}{UNIT}{NOTE}");
    Regex::new(&format!(r"(?:{range})|(?:{after})|(?:{before})")).ok()
});

/// What a note says: `Some(true)` the number is in, `Some(false)` it is not.
fn note(m: Option<&str>) -> Option<bool> {
    let m = m?;
    if m.contains("不含") || m.contains("不包含") { Some(false) } else { Some(true) }
}

fn edge(
    norm: &Norm,
    caps: &Captures<'_>,
    (n, u, t): (usize, usize, usize),
    default: (bool, Binding),
    unit_from: Option<usize>,
) -> Option<Edge> {
    let number = caps.get(n)?;
    let value = num::value(number.as_str())?;
    let mut unit = num::unit(caps.get(u).map(|m| m.as_str()));
    if caps.get(u).is_none() {
        if let Some(other) = unit_from {
            unit = num::unit(caps.get(other).map(|m| m.as_str()));
        }
    }
    let (closed, binding) = match note(caps.get(t).map(|m| m.as_str())) {
        Some(inside) => (inside, Binding::Note),
        None => default,
    };
    let whole = caps.get(0)?;
    Some(Edge { value, unit, closed, binding, span: norm.span(whole.start(), whole.end()) })
}

/// Words that make the number after them relative (超额20% is above 120%).
const RELATIVE: &[&str] = &["超额", "超出", "增长", "提高", "下降", "降低", "减少", "增加"];

fn is_date(rest: &str) -> bool {
    rest.starts_with(['月', '日', '年', '时', '号', '周'])
}

/// The edges stated in `norm[a..b]`, in order.
pub(crate) fn edges(norm: &Norm, a: usize, b: usize) -> Vec<Found> {
    let mut out = Vec::new();
    let Some(re) = EDGES.as_ref() else { return out };
    let text = norm.get(a, b);
    for caps in re.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let at = a + whole.start();
        // 超额20%: a number relative to another, not an edge.
        if text.get(..whole.start()).is_some_and(|h| RELATIVE.iter().any(|r| h.ends_with(r))) {
            continue;
        }
        if caps.get(1).is_some() {
            // A至B; a number followed by a date word (9月至11月) is not an edge.
            let low_end = caps.get(3).or(caps.get(2)).or(caps.get(1)).map_or(0, |m| m.end());
            if is_date(text.get(low_end..).unwrap_or("")) || is_date(text.get(whole.end()..).unwrap_or("")) {
                continue;
            }
            let shifted = Shift { caps: &caps, base: a };
            if let Some(e) = shifted.edge(norm, (1, 2, 3), (true, Binding::Range), Some(5)) {
                out.push(Found { side: Side::Low, edge: e, at });
            }
            if let Some(e) = shifted.edge(norm, (4, 5, 6), (true, Binding::Range), None) {
                out.push(Found { side: Side::High, edge: e, at });
            }
        } else if let Some(word) = caps.get(10) {
            let side = if word.as_str().contains("以上") { Side::Low } else { Side::High };
            let shifted = Shift { caps: &caps, base: a };
            if let Some(e) = shifted.edge(norm, (7, 8, 9), (true, Binding::Word), None) {
                out.push(Found { side, edge: e, at });
            }
        } else if let Some(word) = caps.get(11) {
            let (side, closed) = match word.as_str() {
                "不低于" | "不少于" | "至少" | "达到" | "满" => (Side::Low, true),
                "超过" | "高于" | "多于" | "大于" => (Side::Low, false),
                "不足" | "不满" | "低于" | "少于" | "小于" => (Side::High, false),
                _ => (Side::High, true),
            };
            let shifted = Shift { caps: &caps, base: a };
            if let Some(e) = shifted.edge(norm, (12, 13, 14), (closed, Binding::Word), None) {
                out.push(Found { side, edge: e, at });
            }
        }
    }
    out
}

/// Captures of a sub-slice, read with spans in the whole normalised text.
struct Shift<'c, 'h> {
    caps: &'c Captures<'h>,
    base: usize,
}

impl Shift<'_, '_> {
    fn edge(
        &self,
        norm: &Norm,
        groups: (usize, usize, usize),
        default: (bool, Binding),
        unit_from: Option<usize>,
    ) -> Option<Edge> {
        let mut e = edge(norm, self.caps, groups, default, unit_from)?;
        let first = self.caps.get(groups.0)?.start();
        let last = [groups.2, groups.1, groups.0].iter().find_map(|g| self.caps.get(*g)).map_or(first, |m| m.end());
        let whole = self.caps.get(0)?;
        // The edge's own words: its number, unit, note and boundary word.
        let (s, t) = match self.caps.get(10).or(self.caps.get(11)) {
            Some(w) => (first.min(w.start()), last.max(w.end())),
            None => (first, last),
        };
        let _ = whole;
        e.span = norm.span(self.base + s, self.base + t);
        Some(e)
    }
}

/// The comparison one edge states.
pub(crate) fn compare(f: &Found) -> Compare {
    let op = match (f.side, f.edge.closed) {
        (Side::Low, true) => Op::Ge,
        (Side::Low, false) => Op::Gt,
        (Side::High, true) => Op::Le,
        (Side::High, false) => Op::Lt,
    };
    Compare { op, value: f.edge.value, unit: f.edge.unit, span: f.edge.span }
}

fn rank(b: Binding) -> u8 {
    match b {
        // A boundary word and 至 both hold their number by default: neither outranks the other.
        Binding::Note => 2,
        Binding::Word | Binding::Range => 1,
        Binding::Neighbour | Binding::Ambiguous => 0,
    }
}

/// Rule 2: where two bands both hold a number, the explicit one keeps it.
pub(crate) fn settle(bands: &mut [Band]) {
    let n = bands.len();
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let (Some(hi), Some(lo)) = (bands.get(i).and_then(|b| b.high), bands.get(j).and_then(|b| b.low)) else {
                continue;
            };
            if hi.value != lo.value || !hi.closed || !lo.closed {
                continue;
            }
            let (rh, rl) = (rank(hi.binding), rank(lo.binding));
            let fix = |e: &mut Option<Edge>, b: Binding, closed: bool| {
                if let Some(e) = e.as_mut() {
                    e.binding = b;
                    e.closed = closed;
                }
            };
            if rh > rl {
                if let Some(b) = bands.get_mut(j) {
                    fix(&mut b.low, Binding::Neighbour, false);
                }
            } else if rl > rh {
                if let Some(b) = bands.get_mut(i) {
                    fix(&mut b.high, Binding::Neighbour, false);
                }
            } else {
                if let Some(b) = bands.get_mut(j) {
                    fix(&mut b.low, Binding::Ambiguous, true);
                }
                if let Some(b) = bands.get_mut(i) {
                    fix(&mut b.high, Binding::Ambiguous, true);
                }
            }
        }
    }
}
