//! Two readings of counts the words justify. A row whose sentence states only its points but
//! names counts (`不少于2次`, `每半年一次`) is awarded when every requirement is met: a count
//! fact compared with the number stated, and a yes/no for each run of other clauses
//! (`award 3 when 全体会议次数 >= 2 and 根据工作需要召开专题会议 and 联络员会议次数 >= 1`). A row made
//! only of deductions for events (`受到服务质量投诉的扣3分`, `服务质量出现事故的扣4分`,
//! `未及时办理相关业务的扣5分`) deducts per event: each complaint, incident or case is one more.

use crate::rules::{Adjust, Row, dec};
use rubric_text::{Claim, Condition, Needed, PerCase, Period, Span, Stated, Unit};
use rust_decimal::Decimal;

/// `award MAX when …` over the sentence's requirements, when a clause names a count and the row
/// has no other rule.
pub(crate) fn award_counted(row: &mut Row<'_>, max: Decimal, adjust: &Adjust) -> Option<String> {
    if !adjust.lines.is_empty() {
        return None;
    }
    let text = row.text;
    let reqs = rubric_text::requirements(text);
    if reqs.is_empty() {
        return None;
    }
    let mut conds = Vec::new();
    let mut run: Option<Span> = None;
    for r in &reqs {
        match r.count {
            None => {
                run = Some(run.map_or(r.span, |s| Span { start: s.start, end: r.span.end }));
            }
            Some(n) => {
                if let Some(s) = run.take() {
                    conds.push(yes_no(row, s));
                }
                conds.push(counted(row, r.span, &n));
            }
        }
    }
    if let Some(s) = run.take() {
        conds.push(yes_no(row, s));
    }
    Some(format!("award {} when {}", dec(max), conds.join(" and ")))
}

/// A yes/no named by its own words.
fn yes_no(row: &mut Row<'_>, s: Span) -> String {
    let words = s.text(row.text).trim_matches(|c: char| "，,、；;。 ".contains(c));
    let words = words.strip_prefix('并').or_else(|| words.strip_prefix('且')).unwrap_or(words).to_string();
    row.declare(&words, &words, "bool")
}

/// A count compared with the number the clause states; `每半年N次` is `2N` in the year, and
/// `每季度`/`每月` read the quarter (month) with the fewest.
fn counted(row: &mut Row<'_>, clause: Span, n: &Needed) -> String {
    let words = clause.text(row.text).to_string();
    let said = n.span.text(row.text);
    let what = rubric_text::suggest_name(n.what.text(row.text), Unit::None);
    let counted_as = said.chars().last().map_or("次数".to_string(), |u| format!("{u}数"));
    let (prefix, note, at_least) = match n.period {
        Period::HalfYear => (
            "",
            format!("全年的{counted_as}：每半年{said}，即全年至少{}{}", dec(n.count * Decimal::TWO), last(said)),
            n.count * Decimal::TWO,
        ),
        Period::Quarter => ("季度最少", format!("各季度中最少一个季度的{counted_as}"), n.count),
        Period::Month => ("月最少", format!("各月中最少一个月的{counted_as}"), n.count),
        _ => ("", format!("全年的{counted_as}"), n.count),
    };
    let base = format!("{prefix}{}{counted_as}", last_chars(&what, 8));
    let f = row.declare(&base, &format!("{words}（{note}）"), "count");
    format!("{f} >= {}", dec(at_least))
}

/// The last `n` letters of a name (a Chinese noun phrase ends with its head: `…基层退役军人服务站`).
fn last_chars(s: &str, n: usize) -> String {
    let letters: Vec<char> =
        s.chars().filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c) || c.is_ascii_alphanumeric()).collect();
    let tail: String = letters.iter().skip(letters.len().saturating_sub(n)).collect();
    tail.trim_start_matches(|c: char| c.is_ascii_digit() || "的之和及并且".contains(c)).to_string()
}

fn last(s: &str) -> String {
    s.chars().last().map(String::from).unwrap_or_default()
}

/// Whether every claim besides `扣完为止` deducts once on an event's words (受到…, 出现…, 发生…,
/// …业务): a row of such deductions is read per event.
pub(crate) fn events_only(others: &[Stated], text: &str) -> bool {
    let event = |c: &Condition| {
        let w = c.span.text(text);
        c.compare.is_none()
            && (w.starts_with("受到") || w.contains("出现") || w.contains("发生") || w.ends_with("业务"))
    };
    let mut any = false;
    for c in others {
        match c.kind {
            Claim::Deduct(a) if a.condition.as_ref().is_some_and(event) => any = true,
            Claim::Limit(rubric_text::Limit::FloorZero) => {}
            _ => return false,
        }
    }
    any
}

/// `deduct N per COUNT`; the first of the row opens with a comment that says the reading.
pub(crate) fn deduct_per_event(
    row: &mut Row<'_>,
    cond: &Condition,
    points: Decimal,
    said: &str,
    first: bool,
) -> Vec<String> {
    let words = cond.span.text(row.text).trim_end_matches('的').to_string();
    let name = rubric_text::suggest_name(&words, Unit::Time);
    let f = row.declare(&name, &format!("考核期内{words}的次数（件数）"), "count");
    let mut out = Vec::new();
    if first {
        out.push(format!("// {PER_EVENT}: each complaint, incident or case deducts the points again (floor 0)"));
    }
    out.push(format!("deduct {} per {f} {said}", dec(points)));
    out
}

/// The comment that opens a row read per event.
pub(crate) const PER_EVENT: &str = "a row made only of deductions for events (受到…, 出现…, …业务), read per event";

/// A part `…办结率100%`: a percent fact compared with the rate stated (`达到`/`不低于`/none:
/// `>=`; `高于`/`超过`: `>`, except 100%, which no rate exceeds: read as reaching it, said in a
/// comment). The condition and the comment, if any.
pub(crate) fn rate_condition(row: &mut Row<'_>, clause: &str) -> Option<(String, Option<String>)> {
    let clause = clause.trim();
    let head = clause.strip_suffix('%').or_else(|| clause.strip_suffix('％'))?;
    let digits = head.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    let n: Decimal = head.get(digits.len()..)?.parse().ok()?;
    let (what, above) = match ["达到", "不低于", "高于", "超过"].iter().find(|w| digits.ends_with(*w)) {
        Some(w) => (digits.strip_suffix(*w)?, matches!(*w, "高于" | "超过")),
        None => (digits, false),
    };
    let hundred = Decimal::ONE_HUNDRED;
    if !what.ends_with('率') || n > hundred {
        return None;
    }
    let (op, note) = match (above, n == hundred) {
        (true, true) => (">=", Some(format!("// “{clause}”: no rate exceeds 100%, read as reaching 100% (>=)"))),
        (true, false) => (">", None),
        (false, _) => (">=", None),
    };
    let name = rubric_text::suggest_name(what, Unit::Percent);
    let f = row.declare(&name, what, "percent");
    Some((format!("{f} {op} {}%", dec(n)), note))
}

/// A row `N月底前完成…` (one clause, then its points): a date fact compared with the month's last
/// day in the rubric's year.
pub(crate) fn award_by_deadline(row: &mut Row<'_>, max: Decimal, year: Option<i32>) -> Option<String> {
    let year = year?;
    let text = row.text.trim();
    let clause = match text.rfind(['(', '（']) {
        Some(at) if text.ends_with("分)") || text.ends_with("分）") => text.get(..at)?,
        _ => text,
    };
    let clause = clause.trim_end_matches(['。', '.', ' ']);
    if clause.contains(['，', ',', '；', ';', '。']) {
        return None;
    }
    let (m, what) = clause.split_once("月底前完成").or_else(|| clause.split_once("月末前完成"))?;
    let m: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
    let last = crate::words::month_end(year, m)?;
    let f = row.declare(
        &format!("{}完成日期", last_chars(what.strip_suffix("任务").unwrap_or(what), 7)),
        &format!("{what}的完成日期（须在{year}年{m}月底前）"),
        "date",
    );
    Some(format!("award {} when {f} <= {}", dec(max), last.format("%Y-%m-%d")))
}

/// The tasks of a sentence numbered `1、…2、…` from its start, each ending before the next
/// number (at `。`/`；`); `None` when the sentence is not such a list of two or more.
fn numbered_tasks(text: &str) -> Option<Vec<&str>> {
    let text = text.trim();
    let mut starts = Vec::new();
    let mut from = 0;
    for k in 1..=20 {
        // `1、…2、…`, and `2.` / `2．` after a sentence's end (`…开放。2.维护好…`).
        let marks = [format!("{k}、"), format!("{k}."), format!("{k}．")];
        let found = if k == 1 {
            marks.iter().find(|m| text.starts_with(m.as_str())).map(|m| (0, m.len()))
        } else {
            let rest = text.get(from..)?;
            marks.iter().find_map(|m| {
                let i = rest.find(m.as_str())?;
                rest.get(..i)?.ends_with(['。', '；']).then_some((from + i, m.len()))
            })
        };
        let Some((at, len)) = found else {
            if k == 1 {
                return None;
            }
            break;
        };
        starts.push((at, at + len));
        from = at + len;
    }
    if starts.len() < 2 {
        return None;
    }
    let ends = starts.iter().skip(1).map(|s| s.0).chain([text.len()]);
    let tasks: Vec<&str> = starts
        .iter()
        .zip(ends)
        .map(|((_, a), b)| text.get(*a..b).unwrap_or("").trim_end_matches(['。', '；', ' ']))
        .collect();
    tasks.iter().all(|t| !t.is_empty()).then_some(tasks)
}

/// A row of numbered tasks (`1、…2、…`) with no points stated for them: the row's points split
/// equally, each task all or nothing, said in a comment to review; `None` unless the split is
/// exact to the hundredth.
pub(crate) fn award_numbered(row: &mut Row<'_>, max: Decimal, adjust: &Adjust) -> Option<Vec<String>> {
    if !adjust.lines.is_empty() {
        return None;
    }
    let text = row.text;
    let tasks = numbered_tasks(text)?;
    let n = Decimal::from(tasks.len());
    let each = max.checked_div(n)?;
    if each.round_dp(2) != each || each * n != max {
        return None;
    }
    let mut lines = vec![format!(
        "// {} numbered tasks and no split of the {} points stated: each task {} all or nothing (review)",
        tasks.len(),
        dec(max),
        dec(each)
    )];
    for (k, task) in tasks.iter().enumerate() {
        let head = task.split(['，', ',']).next().unwrap_or(task);
        let f = row.declare(head, task, "bool");
        lines.push(format!("award {} when {f} {}", dec(each), crate::draft::quote(&format!("{}、{head}", k + 1))));
    }
    Some(lines)
}

/// `缺一次活动，扣N分` after `在清明节、烈士纪念日组织祭扫及公祭活动`: the occasions the sentence
/// lists (two or more, between `在` and the verb), each a yes/no whose absence deducts N.
pub(crate) fn per_occasion(row: &mut Row<'_>, cond: &Condition, points: Decimal) -> Option<Vec<String>> {
    let words = cond.span.text(row.text).rsplit(['，', ',']).next()?.trim();
    let rest = words.strip_prefix("缺一次").or_else(|| words.strip_prefix("缺1次"))?;
    if !(rest.is_empty() || rest == "活动") {
        return None;
    }
    let text = row.text;
    let clause = text.split(['，', ',', '。', '；', ';']).find(|c| c.trim_start().starts_with('在'))?;
    let body = clause.trim_start().strip_prefix('在')?;
    let (at, verb) = ["组织", "开展", "举办", "召开"].iter().filter_map(|v| body.find(v).map(|i| (i, *v))).min()?;
    let occasions: Vec<&str> = body.get(..at)?.split('、').map(str::trim).collect();
    let what = body.get(at + verb.len()..)?;
    if occasions.len() < 2 || occasions.iter().any(|o| o.is_empty()) || what.is_empty() {
        return None;
    }
    let mut lines = vec![format!(
        "// “{words}” over the {} occasions the sentence lists: each one missing deducts {}",
        occasions.len(),
        dec(points)
    )];
    for o in occasions {
        let f = row.declare(&format!("{o}{}", last_chars(what, 7)), &format!("{o}{verb}了{what}"), "bool");
        lines.push(format!("deduct {} when not {f} {}", dec(points), crate::draft::quote(&format!("缺{o}活动"))));
    }
    Some(lines)
}

/// A per-case deduction written between two "(N分)" parts (`…规范办理信访事项(1.5分)；每有1件评价结果
/// 为不合格的，扣除0.5分；不发生…(1.5分)`) belongs to the part before it: taken out of the row's
/// claims, with the index of that part. `None` when the row has other claims besides it, or the
/// deduction comes after the last part (it may then be the row's).
pub(crate) fn part_local(parts: &[(Decimal, Span)], others: &mut Vec<Stated>) -> Option<(usize, PerCase)> {
    let [one] = others.as_slice() else { return None };
    let Claim::DeductPer(pc) = one.kind else { return None };
    let at = one.span.start;
    let before = parts.iter().rposition(|(_, s)| s.end <= at)?;
    if pc.each != Decimal::ONE || pc.subject.is_none() || !parts.iter().any(|(_, s)| s.start >= one.span.end) {
        return None;
    }
    others.clear();
    Some((before, pc))
}

/// The points of a part less its own per-case deduction, not below 0: `max(1.5 - 0.5 * N, 0)`,
/// said in a comment pushed to `rules`.
pub(crate) fn part_less(
    row: &mut Row<'_>,
    points: Decimal,
    pc: &PerCase,
    rules: &mut Vec<String>,
) -> Result<String, String> {
    let words = pc.subject.map(|s| s.text(row.text).trim_end_matches('的').to_string()).unwrap_or_default();
    if words.is_empty() {
        return Err("a per-case deduction that does not say what is counted".into());
    }
    let name = rubric_text::suggest_name(&words, pc.unit);
    let f = row.declare(&name, &format!("{words}的件数"), "count");
    rules.push(format!(
        "// “{words}” deducts {} each from the ({}分) part it follows, not below 0 (the other parts keep theirs)",
        dec(pc.points),
        dec(points)
    ));
    Ok(format!("max({} - {} * {f}, 0)", dec(points), dec(pc.points)))
}

/// A row whose points come from its 分值 column and whose text states duties with no scoring
/// words and no numbers (`维护好烈士纪念设施，清洁好烈士墓碑。`): one sentence is all or
/// nothing; several sentences share the points equally, each all or nothing, said in a comment
/// to review (`None` unless the split is exact to the hundredth). A text that ends in an open
/// list (`…管理创新等`) says what an assessor weighs, not a duty done or not: `None`, so the row
/// is left to the assessor.
pub(crate) fn award_sentences(row: &mut Row<'_>, max: Decimal, adjust: &Adjust) -> Option<Vec<String>> {
    let text = row.text.trim();
    if !adjust.lines.is_empty() || text.trim_end_matches(['。', '；', ' ']).ends_with('等') {
        return None;
    }
    let sentences: Vec<&str> = text.split('。').map(str::trim).filter(|t| !t.is_empty()).collect();
    let n = Decimal::from(sentences.len());
    let each = max.checked_div(n)?;
    if sentences.is_empty() || each.round_dp(2) != each || each * n != max {
        return None;
    }
    let mut lines = vec![if sentences.len() == 1 {
        format!("// one duty, no scoring words: all {} points or none (review)", dec(max))
    } else {
        format!(
            "// {} sentences and no split of the {} points stated: each sentence {} all or nothing (review)",
            sentences.len(),
            dec(max),
            dec(each)
        )
    }];
    for sentence in sentences {
        let head = sentence.split(['，', ',', '；']).next().unwrap_or(sentence);
        let f = row.declare(head, sentence, "bool");
        lines.push(format!("award {} when {f} {}", dec(each), crate::draft::quote(head)));
    }
    Some(lines)
}
