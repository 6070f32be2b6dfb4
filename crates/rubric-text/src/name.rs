//! A fact name proposed from a condition's words: the shortest meaningful noun phrase.

use crate::types::Unit;

const HEAD: &[&str] = &["每有", "每发现", "每出现", "每", "受到", "出现", "发生", "存在", "有", "被"];
const TAIL: &[&str] = &["的", "情况", "情形", "现象", "问题的"];

/// Proposes a fact name from a condition's or subject's words, with a counting suffix for a
/// per-case unit (`件数`, `次数`, `人数`).
///
/// ```
/// use rubric_text::{suggest_name, Unit};
/// assert_eq!(suggest_name("受到服务质量投诉的", Unit::None), "服务质量投诉");
/// assert_eq!(suggest_name("评价结果为不合格的", Unit::Case), "不合格件数");
/// ```
pub fn suggest_name(words: &str, unit: Unit) -> String {
    // Drop what is in parentheses, and keep the last clause.
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
    let suffix = match unit {
        Unit::Case => "件数",
        Unit::Time => "次数",
        Unit::Person => "人数",
        Unit::Day => "天数",
        Unit::Yuan => "金额",
        Unit::Item => "个数",
        _ => "",
    };
    if !suffix.is_empty() && !name.ends_with('数') {
        name.push_str(suffix);
    }
    name
}
