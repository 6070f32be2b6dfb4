//! The requirements `rubric_text::requirements` reads in every sentence under `tests/text/` that
//! names a count (the others give none), as readable snapshots.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::fmt::Write as _;

use rubric_text::{Period, requirements};

fn render(s: &str) -> Option<String> {
    let reqs = requirements(s);
    if reqs.is_empty() {
        return None;
    }
    let mut out = format!("{s}\n");
    for r in &reqs {
        assert!(s.get(r.span.start..r.span.end).is_some(), "{s:?}: {r:?}");
        match r.count {
            None => writeln!(out, "  yes/no «{}»", r.span.text(s)).unwrap(),
            Some(n) => {
                let period = match n.period {
                    Period::HalfYear => "each half-year",
                    Period::Quarter => "each quarter",
                    Period::Month => "each month",
                    _ => "the year",
                };
                writeln!(
                    out,
                    "  count «{}» >= {} in {period}, from «{}», of «{}»",
                    r.span.text(s),
                    n.count,
                    n.span.text(s),
                    n.what.text(s)
                )
                .unwrap();
            }
        }
    }
    Some(out)
}

#[test]
fn requirements_of_the_corpus() {
    insta::glob!("text/*.txt", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let mut out = String::new();
        for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            if let Some(r) = render(line) {
                out.push_str(&r);
                out.push('\n');
            }
        }
        insta::assert_snapshot!(out);
    });
}

#[test]
fn a_sentence_with_no_count_has_no_requirements() {
    assert!(requirements("按时上报年度工作计划、总结。(1分)").is_empty());
    assert!(requirements("一次性发放补助金。(1分)").is_empty());
    assert!(requirements("至少3个月开展一次。").iter().all(|r| r.count.is_none_or(|c| c.count == 1.into())));
}
