//! The readings of every sentence under `tests/text/` (seeds, the reading guide, rule labels),
//! as readable snapshots: each snapshot IS the specification of the reader.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::fmt::Write as _;

use rubric_text::{Binding, Claim, Condition, Edge, Limit, Span, Unit, read, suggest_name};

fn unit(u: Unit) -> &'static str {
    match u {
        Unit::Percent => "%",
        Unit::Case => "件",
        Unit::Time => "次",
        Unit::Person => "人",
        Unit::Day => "天",
        Unit::Yuan => "元",
        Unit::Point => "分",
        Unit::Item => "个",
        Unit::Month => "个月",
        _ => "",
    }
}

fn quote(s: &str, span: Span) -> String {
    format!("«{}»", span.text(s))
}

fn cond(s: &str, c: &Option<Condition>) -> String {
    match c {
        None => String::new(),
        Some(c) => {
            let mut out = format!(" when {}", quote(s, c.span));
            let mut u = Unit::None;
            if let Some(cmp) = c.compare {
                write!(out, " [{:?} {}{}]", cmp.op, cmp.value, unit(cmp.unit)).unwrap();
                u = cmp.unit;
            }
            write!(out, " name={}", suggest_name(c.span.text(s), u)).unwrap();
            out
        }
    }
}

fn edge(e: &Option<Edge>, low: bool) -> String {
    match e {
        None => "..".to_string(),
        Some(e) => {
            let b = match e.binding {
                Binding::Note => "note",
                Binding::Word => "word",
                Binding::Range => "range",
                Binding::Neighbour => "neighbour",
                Binding::Ambiguous => "AMBIGUOUS",
                _ => "?",
            };
            let bracket = match (low, e.closed) {
                (true, true) => "[",
                (true, false) => "(",
                (false, true) => "]",
                (false, false) => ")",
            };
            if low {
                format!("{bracket}{}{} ({b})", e.value, unit(e.unit))
            } else {
                format!("{}{}{bracket} ({b})", e.value, unit(e.unit))
            }
        }
    }
}

fn render(s: &str) -> String {
    let r = read(s);
    let mut out = format!("{s}\n");
    for c in r.claims() {
        let what = match &c.kind {
            Claim::RowPoints(p) => format!("row points {}", p.points),
            Claim::PartPoints(p) => format!("part points {}", p.points),
            Claim::Earn(a) => format!("earn {}{}", a.points, cond(s, &a.condition)),
            Claim::Deduct(a) => format!("deduct {}{}", a.points, cond(s, &a.condition)),
            Claim::Bonus(a) => format!("bonus {}{}", a.points, cond(s, &a.condition)),
            Claim::DeductPer(p) | Claim::BonusPer(p) | Claim::EarnPer(p) => {
                let verb = match c.kind {
                    Claim::DeductPer(_) => "deduct",
                    Claim::BonusPer(_) => "bonus",
                    _ => "earn",
                };
                let subj = p
                    .subject
                    .map_or(String::new(), |x| format!(" of {} name={}", quote(s, x), suggest_name(x.text(s), p.unit)));
                format!("{verb} {} per {}{}{subj}", p.points, p.each, unit(p.unit))
            }
            Claim::Zero(z) => format!("zero{}", cond(s, &z.condition)),
            Claim::Veto(z) => format!("veto{}", cond(s, &z.condition)),
            Claim::Band(b) => {
                let subj = b.subject.map_or(String::new(), |x| format!("{} ", quote(s, x)));
                format!("band {subj}{}, {} => {}", edge(&b.low, true), edge(&b.high, false), b.points)
            }
            Claim::Limit(l) => match l {
                Limit::FloorZero => "limit: floor 0 (扣完为止)".to_string(),
                Limit::DeductMax(n) => format!("limit: deduction max {n}"),
                Limit::BonusMax(n) => format!("limit: bonus max {n}"),
                Limit::Negative(n) => format!("limit: may go negative {n:?}"),
                Limit::NoFloor => "limit: no floor".to_string(),
                Limit::NoBonusMax => "limit: no bonus max".to_string(),
                Limit::Most(n) => format!("limit: at most {n}"),
                _ => format!("{l:?}"),
            },
            Claim::PartsAllOrNothing => "parts all-or-nothing".to_string(),
            _ => format!("{:?}", c.kind),
        };
        writeln!(out, "  {} {what}", quote(s, c.span)).unwrap();
    }
    for u in r.unread() {
        writeln!(out, "  UNREAD {}", quote(s, *u)).unwrap();
    }
    out
}

#[test]
fn readings() {
    insta::glob!("text/*.txt", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let mut out = String::new();
        for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            out.push_str(&render(line));
            out.push('\n');
        }
        insta::assert_snapshot!(out);
    });
}

/// `read` never panics, and every span it gives is a part of the sentence.
fn spans_fit(s: &str) {
    let r = read(s);
    let fits = |sp: Span| sp.start <= sp.end && s.get(sp.start..sp.end).is_some();
    for c in r.claims() {
        assert!(fits(c.span), "{s:?}: {c:?}");
    }
    for u in r.unread() {
        assert!(fits(*u), "{s:?}: {u:?}");
    }
}

#[test]
fn every_line_of_the_seeds() {
    for seed in ["seed-000.txt", "seed-002.txt", "guide.txt", "labels.txt"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/text").join(seed);
        for line in std::fs::read_to_string(path).unwrap().lines() {
            spans_fit(line);
            // Every prefix and suffix at a char boundary, too.
            for (i, _) in line.char_indices() {
                spans_fit(&line[..i]);
                spans_fit(&line[i..]);
            }
        }
    }
}

proptest::proptest! {
    #[test]
    fn never_panics_on_random_text(s in "\\PC{0,80}") {
        spans_fit(&s);
    }

    #[test]
    fn never_panics_on_scoring_words(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "完成率", "在", "50", "%", "％", "（", "）", "(", ")", "不含", "包含", "含", "以上", "以下",
                "至", "得", "扣", "除", "分", "1", "0.5", "１", "本项不得分", "每有", "件", "次", "名",
                "一", "出现", "及以上", "，", "；", "。", "扣完为止", "最多扣", "最高加", "加", "可倒扣",
                "一票否决", "不足", "超过", "不低于", "万", "元", " ", "\u{3000}", "未完成扣除相应分值",
            ]),
            0..30,
        )
    ) {
        spans_fit(&parts.concat());
    }
}
