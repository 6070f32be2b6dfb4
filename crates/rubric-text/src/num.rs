//! Numbers as written: ASCII digits (after folding), 万, and small Chinese numerals, exactly.

use rust_decimal::Decimal;
use std::str::FromStr;

use crate::types::Unit;

/// The regex fragment of a number (one capture group).
pub(crate) const NUM: &str = r"(\d{1,12}(?:\.\d{1,8})?万?|[一二两三四五六七八九十半]{1,3})";

/// The regex fragment of a unit (one capture group, may be empty).
pub(crate) const UNIT: &str = r"(%|件|次|回|人|名|天|元|分|个月|个|项|篇|家|起)?";

fn digit(c: char) -> Option<u32> {
    Some(match c {
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn chinese(s: &str) -> Option<Decimal> {
    if s == "半" {
        return Some(Decimal::new(5, 1));
    }
    let chars: Vec<char> = s.chars().collect();
    let value = match chars.as_slice() {
        [d] if *d == '十' => 10,
        [d] => digit(*d)?,
        ['十', u] => 10 + digit(*u)?,
        [t, '十'] => digit(*t)? * 10,
        [t, '十', u] => digit(*t)? * 10 + digit(*u)?,
        _ => return None,
    };
    Some(Decimal::from(value))
}

/// The exact value of a number matched by [`NUM`].
pub(crate) fn value(s: &str) -> Option<Decimal> {
    if let Some(head) = s.strip_suffix('万') {
        return Decimal::from_str(head).ok()?.checked_mul(Decimal::from(10_000));
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return Decimal::from_str(s).ok().map(|d| d.normalize());
    }
    chinese(s)
}

/// The unit of a matched unit group.
pub(crate) fn unit(s: Option<&str>) -> Unit {
    match s.unwrap_or("") {
        "%" => Unit::Percent,
        "件" => Unit::Case,
        "次" | "回" => Unit::Time,
        "人" | "名" => Unit::Person,
        "天" => Unit::Day,
        "元" => Unit::Yuan,
        "分" => Unit::Point,
        "个" | "项" | "篇" | "家" | "起" => Unit::Item,
        "个月" => Unit::Month,
        _ => Unit::None,
    }
}
