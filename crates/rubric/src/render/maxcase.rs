//! A maximum that depends on the unit (城区2分，其他4分) said in Chinese or English:
//! "本项满分 2 分（地区类别 == 城区）".

use super::sentences::L;
use crate::diag::Lang;
use crate::value::text_num;
use rust_decimal::Decimal;

/// The unit's maximum of a row and why: the condition of its case, or "the other units".
pub(super) fn max_case(l: L, max: Decimal, when: Option<&str>) -> String {
    let max = text_num(max);
    match (l.0, when) {
        (Lang::Zh, Some(w)) => format!("本项满分 {max} 分（{w}）"),
        (Lang::Zh, None) => format!("本项满分 {max} 分（其他单位）"),
        (_, Some(w)) => format!("worth {max} for this unit ({w})"),
        (_, None) => format!("worth {max} for this unit (the other units)"),
    }
}
