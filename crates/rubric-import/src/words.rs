//! The words of a cell read as values: points `(3分)`, numbering `一、` `1.` `(1)` `①`, deadlines
//! `2024年12月底`, and the names of people and offices in a cell that wraps them over lines.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// A deadline: a date the text names, or the text itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// `2024年12月底` → 2024-12-31.
    Date(NaiveDate),
    /// `持续推进`, `按规定时间节点完成` …
    Text(String),
}

/// The points stated in parentheses, `(3分)` `（0.5 分）` `( 1 分 )`, each with its byte range.
pub fn stated_points(text: &str) -> Vec<(Decimal, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut base = 0usize;
    while let Some(open) = rest.find(['(', '（']) {
        let open_len = rest[open..].chars().next().map_or(1, char::len_utf8);
        let after = &rest[open + open_len..];
        if let Some((n, used)) = points_inside(after) {
            out.push((n, base + open..base + open + open_len + used));
        }
        base += open + open_len;
        rest = after;
    }
    out
}

/// `3分)` after an opening parenthesis: the number and the bytes used up to the closing one.
fn points_inside(s: &str) -> Option<(Decimal, usize)> {
    let trimmed = s.trim_start();
    let lead = s.len() - trimmed.len();
    let digits: String = trimmed.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    if digits.is_empty() || digits.len() > 12 {
        return None;
    }
    let n = Decimal::from_str(&digits).ok()?;
    let after = trimmed[digits.len()..].trim_start();
    let after = after.strip_prefix('分')?.trim_start();
    let close = after.chars().next().filter(|c| matches!(c, ')' | '）'))?;
    let used = s.len() - after.len() + close.len_utf8();
    let _ = lead;
    Some((n, used))
}

/// The number a cell starts with (`1.`, `1、`, `(1)`, `（1）`, `①`, `一、`) and the text after it.
pub fn numbered(text: &str) -> Option<(String, &str)> {
    let t = text.trim_start();
    let first = t.chars().next()?;
    if let Some(i) = "①②③④⑤⑥⑦⑧⑨⑩".chars().position(|c| c == first) {
        return Some(((i + 1).to_string(), t[first.len_utf8()..].trim_start()));
    }
    let (inner, rest) = match first {
        '(' | '（' => {
            let body = &t[first.len_utf8()..];
            let close = body.find([')', '）'])?;
            let closer = body[close..].chars().next().map_or(1, char::len_utf8);
            (&body[..close], &body[close + closer..])
        }
        _ => {
            let end = t.find(|c: char| !(c.is_ascii_digit() || is_cn_digit(c))).unwrap_or(t.len());
            let rest = &t[end..];
            let sep = rest.chars().next()?;
            if !matches!(sep, '.' | '、' | '．' | '，') {
                return None;
            }
            // `1.5分` is a number, not a numbering.
            if rest[sep.len_utf8()..].starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            (&t[..end], &rest[sep.len_utf8()..])
        }
    };
    let inner = inner.trim();
    if inner.is_empty() || inner.chars().count() > 3 || !inner.chars().all(|c| c.is_ascii_digit() || is_cn_digit(c)) {
        return None;
    }
    Some((inner.to_string(), rest.trim_start()))
}

fn is_cn_digit(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

/// A deadline from its cell: the lines joined (a space before a line that starts with a digit
/// after one that ends with a word), a date when the text is one.
pub fn due(cell: &str) -> Option<Due> {
    let mut text = String::new();
    for line in cell.lines().map(|l| squeeze_spaces(l.trim())).filter(|l| !l.is_empty()) {
        let digit_next = line.starts_with(|c: char| c.is_ascii_digit());
        let word_before = text.chars().last().is_some_and(|c| !c.is_ascii_digit() && !matches!(c, '年' | '月' | '日'));
        if !text.is_empty() && digit_next && word_before {
            text.push(' ');
        }
        text.push_str(&line);
    }
    if text.is_empty() {
        return None;
    }
    Some(date_of(&text).map_or(Due::Text(text), Due::Date))
}

/// `2024年12月底`, `2024年7月31日`, `2024年7月底前`: the date; anything else is `None`.
pub fn date_of(text: &str) -> Option<NaiveDate> {
    let (y, rest) = text.split_once('年')?;
    let y: i32 = y.trim().parse().ok()?;
    let (m, rest) = rest.split_once('月')?;
    let m: u32 = m.trim().parse().ok()?;
    let rest = rest.trim();
    let rest = rest.strip_suffix('前').unwrap_or(rest);
    if rest == "底" || rest == "末" {
        return month_end(y, m);
    }
    let d: u32 = rest.strip_suffix('日')?.trim().parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The last day of a month.
pub fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y.checked_add(1)?, 1) } else { (y, m.checked_add(1)?) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// Spaces taken out of a name or a line of Chinese (`刘 甜` → `刘甜`).
pub fn squeeze_spaces(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The people of a 责任人 or 牵头领导 cell: one a line, except that a line of two characters or
/// fewer that is not the last is the first part of a name wrapped in the cell (`查汉` + `苏布德`).
/// Commas and 、 separate names too.
pub fn people(cell: &str) -> Vec<String> {
    let lines: Vec<String> =
        cell.split(['\n', '、', '，', ',', '；', ';']).map(squeeze_spaces).filter(|l| !l.is_empty()).collect();
    let mut out: Vec<String> = Vec::new();
    let mut pending = String::new();
    for (i, l) in lines.iter().enumerate() {
        pending.push_str(l);
        let last = i + 1 == lines.len();
        if pending.chars().count() <= 2 && !last {
            continue;
        }
        out.push(std::mem::take(&mut pending));
    }
    if !pending.is_empty() {
        out.push(pending);
    }
    out
}

/// The offices of a 责任股室 cell: lines joined until the name ends as an office does
/// (`服务` + `中心`), so a name wrapped in the cell is one office.
pub fn offices(cell: &str) -> Vec<String> {
    const ENDS: &[char] = &['股', '室', '心', '科', '局', '办', '队', '站', '所', '部', '处', '组', '委', '院'];
    let mut out = Vec::new();
    let mut pending = String::new();
    for l in cell.split(['\n', '、', '，', ',', '；', ';']).map(squeeze_spaces).filter(|l| !l.is_empty()) {
        pending.push_str(&l);
        if pending.ends_with(ENDS) {
            out.push(std::mem::take(&mut pending));
        }
    }
    if !pending.is_empty() {
        out.push(pending);
    }
    out
}

/// A title from a cell: its lines joined, spaces between Chinese taken out, the stated points
/// `(10分)` and a final 。 removed.
pub fn title(cell: &str) -> String {
    let mut t = prose(cell);
    for (_, r) in stated_points(&t).into_iter().rev() {
        t.replace_range(r, "");
    }
    t.trim().trim_end_matches(['。', '；', ';']).trim().to_string()
}

/// Running text from a cell: lines joined without breaks, spaces next to Chinese characters and
/// inside `( 1 分 )` taken out, characters a rule file refuses dropped.
pub fn prose(cell: &str) -> String {
    let joined: String = cell.lines().map(str::trim).collect::<Vec<_>>().join("");
    let chars: Vec<char> = joined.chars().filter(|c| !rubric_syntax::is_hidden(*c) && *c != '\t').collect();
    let mut out = String::with_capacity(joined.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let prev = out.chars().last();
            let next = chars.iter().skip(i + 1).find(|c| !c.is_whitespace()).copied();
            let wide = |x: Option<char>| x.is_none_or(|x| !x.is_ascii() || matches!(x, '(' | ')' | '.' | ','));
            if wide(prev) || wide(next) {
                continue;
            }
            if prev.is_some_and(char::is_whitespace) {
                continue;
            }
        }
        out.push(c);
    }
    out
}
