//! A draft row against a hand row: every type-compatible correspondence of their inputs tried on
//! the same samples; identical when one gives the same exact score on every sample.

use crate::side::{Row, Score, Side};
use crate::values::{Class, Val, candidates};
use std::collections::BTreeSet;

/// Rows reading more inputs than this are not searched (6! correspondences at most).
pub const MAX_INPUTS: usize = 6;

/// One input's value in a counterexample: the hand's name, the draft's name, the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given {
    /// The hand row's input.
    pub hand: String,
    /// The draft row's input given the same value.
    pub draft: String,
    /// The value (`None`: left at the base unit's).
    pub value: Option<Val>,
    /// The draft's value when it is not the same (a count for the hand's ledger).
    pub draft_value: Option<Val>,
}

/// Why a row is not identical.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// No correspondence of the inputs is type-compatible.
    Inputs {
        /// The draft row's inputs.
        draft: Vec<String>,
        /// The hand row's inputs.
        hand: Vec<String>,
    },
    /// The rows read more inputs than are searched.
    TooMany(usize),
    /// No sample scored: the hand row failed on every one (the first error), so agreement would
    /// prove nothing.
    Unscored(String),
    /// The closest correspondence and its first sample that scores differently.
    Sample {
        /// The inputs and their values.
        given: Vec<Given>,
        /// The draft row's score.
        draft: Score,
        /// The hand row's score.
        hand: Score,
        /// Samples that agreed before this one.
        agreed: usize,
    },
}

/// The outcome of one row.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Scores identically: the correspondence (draft input, hand input) and the samples tried.
    Identical {
        /// Draft input ↔ hand input.
        pairs: Vec<(String, String)>,
        /// Samples tried.
        samples: usize,
    },
    /// Scores differently.
    Differs(Why),
    /// The draft row is judged by an assessor and the hand row is not.
    Judged,
    /// The hand row has no draft row of its id.
    MissingInDraft,
    /// The draft row has no hand row of its id.
    MissingInHand,
}

/// Compares draft row `d` of `draft` with hand row `h` of `hand` on at most `n` samples.
pub fn compare_row(draft: &Side, d: &Row, hand: &Side, h: &Row, n: usize) -> Verdict {
    if d.judged && !h.judged {
        return Verdict::Judged;
    }
    let k = h.inputs.len();
    let names = |r: &Row| r.inputs.iter().map(|i| format!("{}: {}", i.name, i.class.word())).collect::<Vec<_>>();
    if d.inputs.len() != k {
        return Verdict::Differs(Why::Inputs { draft: names(d), hand: names(h) });
    }
    if k > MAX_INPUTS {
        return Verdict::Differs(Why::TooMany(k));
    }
    let corrs = correspondences(d, h);
    if corrs.is_empty() {
        return Verdict::Differs(Why::Inputs { draft: names(d), hand: names(h) });
    }
    let lits = h.lits.clone().with(&d.lits);
    let lists: Vec<Vec<Option<Val>>> = h
        .inputs
        .iter()
        .map(|i| {
            let c = candidates(&i.class, &lits, hand.year());
            if c.is_empty() { vec![None] } else { c.into_iter().map(Some).collect() }
        })
        .collect();
    let samples = sample_set(&lists, n);
    let mut hand_scores: Vec<Option<Score>> = vec![None; samples.len()];
    let mut counts: Vec<Option<Option<Val>>> = vec![None; samples.len()];
    let mut best: Option<Why> = None;
    // The counterexample shown is the one of the correspondence whose names are most alike (then
    // negated as the names say, then the one that agreed longest): the pairing a reader would make.
    let mut best_rank = (0usize, 0usize, 0usize);
    for corr in &corrs {
        let mut failed = None;
        for (s, sample) in samples.iter().enumerate() {
            let values: Vec<Option<&Val>> = sample.iter().map(Option::as_ref).collect();
            let hs = match hand_scores.get_mut(s) {
                Some(Some(v)) => v.clone(),
                Some(slot) => slot.insert(hand.score(h, &values)).clone(),
                None => hand.score(h, &values),
            };
            // A ledger of the hand's stands for a draft count through the derived value it gives.
            let count = match counts.get_mut(s) {
                Some(Some(v)) => v.clone(),
                Some(slot) => slot.insert(ledger_count(hand, h, &values)).clone(),
                None => None,
            };
            let dvals = draft_values(d, h, corr, &values, count.as_ref());
            let ds = draft.score(d, &dvals);
            if !same(&ds, &hs) {
                failed = Some((s, ds, hs));
                break;
            }
        }
        if failed.is_none() && !hand_scores.iter().flatten().any(Result::is_ok) {
            let first = hand_scores.iter().flatten().find_map(|r| r.as_ref().err().cloned());
            return Verdict::Differs(Why::Unscored(first.unwrap_or_default()));
        }
        match failed {
            None => {
                let pairs = corr
                    .to
                    .iter()
                    .enumerate()
                    .filter_map(|(j, &dj)| Some((draft_name(d, corr, j, dj)?, h.inputs.get(j)?.name.clone())));
                return Verdict::Identical { pairs: pairs.collect(), samples: samples.len() };
            }
            Some((s, ds, hs)) if best.is_none() || rank(d, h, corr, s) > best_rank => {
                best_rank = rank(d, h, corr, s);
                let count = counts.get(s).cloned().flatten().flatten();
                let given = corr.to.iter().enumerate().filter_map(|(j, &dj)| {
                    Some(Given {
                        hand: h.inputs.get(j)?.name.clone(),
                        draft: draft_name(d, corr, j, dj)?,
                        value: samples.get(s)?.get(j)?.clone(),
                        draft_value: if counted(d, h, j, dj) { count.clone() } else { None },
                    })
                });
                let given = given.collect();
                best = Some(Why::Sample { given, draft: ds, hand: hs, agreed: s });
            }
            Some(_) => {}
        }
    }
    Verdict::Differs(best.unwrap_or(Why::TooMany(k)))
}

/// The draft input paired with hand input `j`, marked `¬` when negated.
fn draft_name(d: &Row, corr: &Corr, j: usize, dj: usize) -> Option<String> {
    let not = if corr.neg.get(j).copied().unwrap_or(false) { "¬" } else { "" };
    Some(format!("{not}{}", d.inputs.get(dj)?.name))
}

/// Whether hand input `j` is a list and draft input `dj` the count it stands for.
fn counted(d: &Row, h: &Row, j: usize, dj: usize) -> bool {
    h.inputs.get(j).is_some_and(|i| i.class == Class::List) && d.inputs.get(dj).is_some_and(|i| i.class == Class::Count)
}

/// The draft's values: draft input sigma[j] takes hand input j's value (or, for a list it stands
/// for, the count the hand row derives from it).
fn draft_values<'a>(
    d: &Row,
    h: &Row,
    corr: &Corr,
    values: &[Option<&'a Val>],
    count: Option<&'a Val>,
) -> Vec<Option<&'a Val>> {
    static YES: Val = Val::Bool(true);
    static NO: Val = Val::Bool(false);
    let mut out: Vec<Option<&Val>> = vec![None; d.inputs.len()];
    for (j, &dj) in corr.to.iter().enumerate() {
        if let Some(slot) = out.get_mut(dj) {
            *slot = match values.get(j).copied().flatten() {
                _ if counted(d, h, j, dj) => count,
                Some(Val::Bool(b)) if corr.neg.get(j).copied().unwrap_or(false) => Some(if *b { &NO } else { &YES }),
                v => v,
            };
        }
    }
    out
}

/// A correspondence: hand input j is draft input `to[j]`, negated when `neg[j]` (yes/no only).
#[derive(Debug, Clone)]
struct Corr {
    to: Vec<usize>,
    neg: Vec<bool>,
}

/// Correspondences tried at most per row (6 inputs: 720 orders × the negations of the yes/nos).
const MAX_CORRESPONDENCES: usize = 50_000;

/// The whole number the hand row derives from the sample's ledger (its first derived value that
/// is one), when the sample has a ledger.
fn ledger_count(hand: &Side, h: &Row, values: &[Option<&Val>]) -> Option<Val> {
    if !values.iter().any(|v| matches!(v, Some(Val::Ledger(_)))) {
        return None;
    }
    hand.derived(h, values)
        .into_iter()
        .find_map(|(_, v)| v.parse::<rust_decimal::Decimal>().ok().filter(|d| d.fract().is_zero()))
        .map(Val::Num)
}

/// Names most alike, then the most pairs negated exactly when one name says 未/不/没/无 and the
/// other does not, then most samples agreed.
fn rank(d: &Row, h: &Row, corr: &Corr, agreed: usize) -> (usize, usize, usize) {
    let says_not = |n: &str| n.contains(['未', '不', '没', '无']);
    let natural = corr
        .to
        .iter()
        .enumerate()
        .filter(|(j, dj)| match (d.inputs.get(**dj), h.inputs.get(*j)) {
            (Some(a), Some(b)) => {
                corr.neg.get(*j).copied().unwrap_or(false) == (says_not(&a.name) != says_not(&b.name))
            }
            _ => false,
        })
        .count();
    (alike(d, h, corr), natural, agreed)
}

/// How alike the paired names are: the characters each draft name shares with its hand name.
fn alike(d: &Row, h: &Row, corr: &Corr) -> usize {
    corr.to
        .iter()
        .enumerate()
        .filter_map(|(j, &dj)| {
            let (a, b) = (&d.inputs.get(dj)?.name, &h.inputs.get(j)?.name);
            Some(a.chars().filter(|c| b.contains(*c)).count())
        })
        .sum()
}

/// Two scores agree: the same exact decimal, or both an error.
fn same(a: &Score, b: &Score) -> bool {
    match (a, b) {
        (Ok(x), Ok(y)) => x == y,
        (Err(_), Err(_)) => true,
        _ => false,
    }
}

/// Every bijection of [`orders`], each yes/no pair direct or negated (a draft's 未举办宣传活动 is a
/// hand's 举办双拥宣传活动 negated): all direct first, then every other choice of negations.
fn correspondences(d: &Row, h: &Row) -> Vec<Corr> {
    let orders = orders(d, h);
    let bools: Vec<usize> =
        h.inputs.iter().enumerate().filter(|(_, i)| i.class == Class::Bool).map(|(j, _)| j).collect();
    let k = h.inputs.len();
    let mut out: Vec<Corr> = orders.iter().map(|to| Corr { to: to.clone(), neg: vec![false; k] }).collect();
    let masks = 1u64.checked_shl(u32::try_from(bools.len()).unwrap_or(u32::MAX)).unwrap_or(1);
    for mask in 1..masks {
        for to in &orders {
            if out.len() >= MAX_CORRESPONDENCES {
                return out;
            }
            let mut neg = vec![false; k];
            for (bit, &j) in bools.iter().enumerate() {
                if let Some(n) = neg.get_mut(j) {
                    *n = mask >> bit & 1 == 1;
                }
            }
            out.push(Corr { to: to.clone(), neg });
        }
    }
    out
}

/// Every bijection hand input j → draft input sigma[j] that pairs inputs of the same class.
fn orders(d: &Row, h: &Row) -> Vec<Vec<usize>> {
    let k = h.inputs.len();
    let mut out = Vec::new();
    let mut perm: Vec<usize> = (0..k).collect();
    loop {
        let fits = perm.iter().enumerate().all(|(j, &dj)| match (h.inputs.get(j), d.inputs.get(dj)) {
            (Some(a), Some(b)) => a.class == b.class || (a.class == Class::List && b.class == Class::Count),
            _ => false,
        });
        if fits {
            out.push(perm.clone());
        }
        if !next_permutation(&mut perm) {
            return out;
        }
    }
}

/// The next permutation in lexicographic order; false after the last.
fn next_permutation(p: &mut [usize]) -> bool {
    let Some(i) = (1..p.len()).rev().find(|&i| p.get(i - 1) < p.get(i)) else { return false };
    let Some(pivot) = p.get(i - 1).copied() else { return false };
    let Some(j) = (i..p.len()).rev().find(|&j| p.get(j).is_some_and(|&v| v > pivot)) else { return false };
    p.swap(i - 1, j);
    if let Some(tail) = p.get_mut(i..) {
        tail.reverse();
    }
    true
}

/// SplitMix64, for the samples of a row whose full product is too large.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The samples: every combination when there are at most `n`, else each value of each input with
/// the others at their first and at their last value, then random combinations up to `n`.
pub fn sample_set(lists: &[Vec<Option<Val>>], n: usize) -> Vec<Vec<Option<Val>>> {
    let sizes: Vec<usize> = lists.iter().map(|l| l.len().max(1)).collect();
    let total = sizes.iter().try_fold(1usize, |acc, &s| acc.checked_mul(s));
    let mut picks: Vec<Vec<usize>> = Vec::new();
    if total.is_some_and(|t| t <= n.max(1)) {
        let mut idx = vec![0usize; sizes.len()];
        loop {
            picks.push(idx.clone());
            let mut carry = true;
            for (i, s) in idx.iter_mut().zip(&sizes) {
                *i += 1;
                if *i < *s {
                    carry = false;
                    break;
                }
                *i = 0;
            }
            if carry {
                break;
            }
        }
    } else {
        let mut seen: BTreeSet<Vec<usize>> = BTreeSet::new();
        for base in [0usize, usize::MAX] {
            for (j, &s) in sizes.iter().enumerate() {
                for v in 0..s {
                    let p: Vec<usize> =
                        sizes.iter().enumerate().map(|(i, &si)| if i == j { v } else { base.min(si - 1) }).collect();
                    if seen.insert(p.clone()) {
                        picks.push(p);
                    }
                }
            }
        }
        let mut state = 0x5EED_u64;
        let mut tries = 0;
        while picks.len() < n && tries < n * 4 {
            tries += 1;
            let p: Vec<usize> =
                sizes.iter().map(|&s| usize::try_from(splitmix(&mut state) % s as u64).unwrap_or(0)).collect();
            if seen.insert(p.clone()) {
                picks.push(p);
            }
        }
    }
    picks.into_iter().map(|p| p.iter().zip(lists).map(|(&i, l)| l.get(i).cloned().flatten()).collect()).collect()
}
