//! A fact name proposed from a condition's words: the shortest meaningful noun phrase.

use std::sync::LazyLock;

use regex::Regex;

use crate::types::Unit;

/// A comparison's words: a number with its unit, note and boundary word.
static COMPARE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let num =
        "[0-9.一二两三四五六七八九十]+(?:%|件|次|回|人|名|天|元|分|个月|个|项|篇|家|起)?(?:[(（][^()（）]*[)）])?";
    let before =
        "(?:不低于|不少于|至少|达到|满|超过|高于|多于|大于|不足|不满|低于|少于|小于|不超过|不高于|不多于|最多)";
    let after = "(?:及以上|以上|及以下|以下|以内)";
    Regex::new(&format!("在?(?:{before}{num}|{num}{after}|{num}(?:至|到){num})")).ok()
});

const HEAD: &[&str] = &["每有", "每发现", "每出现", "每", "受到", "出现", "发生", "存在", "有", "被"];
const TAIL: &[&str] = &["的", "情况", "情形", "现象", "实行", "考核", "予以", "给予", "实施"];

/// Proposes a fact name from a condition's or subject's words, with a counting suffix for a
/// per-case unit (`件数`, `次数`, `人数`).
///
/// ```
/// use rubric_text::{suggest_name, Unit};
/// assert_eq!(suggest_name("受到服务质量投诉的", Unit::None), "服务质量投诉");
/// assert_eq!(suggest_name("评价结果为不合格的", Unit::Case), "不合格件数");
/// ```
pub fn suggest_name(words: &str, unit: Unit) -> String {
    // Drop comparisons (`3名及以上`), what is in parentheses, and keep the last clause.
    let stripped = match COMPARE.as_ref() {
        Some(re) => re.replace_all(words, "").into_owned(),
        None => words.to_string(),
    };
    let suffix = match unit {
        Unit::Case => "件数",
        Unit::Time => "次数",
        Unit::Person => "人数",
        Unit::Day => "天数",
        Unit::Yuan => "金额",
        Unit::Item => "数",
        Unit::Month => "月数",
        _ => "",
    };
    if stripped.trim().is_empty() {
        // Only a comparison (`3件及以下`): the count is all there is to name.
        return if suffix.len() < "件数".len() { words.to_string() } else { suffix.to_string() };
    }
    let words = stripped.as_str();
    let mut plain = String::new();
    let mut depth = 0usize;
    for c in words.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            c if depth == 0 && !c.is_whitespace() => plain.push(c),
            _ => {}
        }
    }
    let last = plain.rsplit(['，', ',', '、', '；', ';', '：']).find(|s| !s.is_empty()).unwrap_or("");
    let mut s = last.trim_start_matches(|c: char| c.is_ascii_digit() || "件次名人个项.".contains(c));
    loop {
        let before = s;
        for h in HEAD {
            s = s.strip_prefix(h).unwrap_or(s);
        }
        for t in TAIL {
            s = s.strip_suffix(t).unwrap_or(s);
        }
        s = s.trim_start_matches(|c: char| c.is_ascii_digit() || "件次名人个项.".contains(c));
        if s == before {
            break;
        }
    }
    if let Some((_, after)) = s.rsplit_once('为') {
        if after.chars().count() >= 2 {
            s = after;
        }
    }
    let mut name: String = s.to_string();
    if !suffix.is_empty() && !name.ends_with('数') {
        name.push_str(suffix);
    }
    name
}
