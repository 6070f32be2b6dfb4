//! The errors of a facts file as a whole (its syntax, layout, encoding, budgets, a unit given
//! twice, an unknown column) in Chinese: the message from the catalogue of facts words
//! ([`crate::facts::words`]) with the place and help in Chinese.

use super::errors::Said;
use crate::facts::{FactsError, column_letters};

/// A facts file's error in Chinese; none for the errors said elsewhere (a unit's facts, a list's row).
pub(super) fn zh(e: &FactsError) -> Option<Said> {
    let (code, message, help) = match e {
        FactsError::Json(j) => (
            "rubric::facts-json",
            format!("事实文件第 {} 行第 {} 列不是有效的 JSON：{}", j.line, j.column, j.message.zh()),
            "事实文件的格式如 {\"units\": [{\"unit\": \"乌审旗\", \"facts\": {\"核查完成数\": 175}}]}",
        ),
        FactsError::JsonLine(j) => (
            "rubric::facts-jsonl",
            format!("事实流第 {} 行第 {} 列不是有效的 JSON：{}", j.line, j.column, j.message.zh()),
            "JSON Lines 事实文件每行一个单位：{\"unit\": \"乌审旗\", \"facts\": {\"核查完成数\": 175}}",
        ),
        FactsError::Shape(s) => (
            "rubric::facts-shape",
            s.message.zh().to_string(),
            "每项事实给出一个数字、字符串或 true/false；列表给出记录的数组",
        ),
        FactsError::Encoding(x) => (
            "rubric::facts-encoding",
            format!("事实文件的编码无法读取：{}", x.message.zh()),
            "在 Excel 中选择 文件 › 另存为，类型选“CSV UTF-8 (逗号分隔)(*.csv)”；在 WPS 或文本编辑器中以 UTF-8 编码保存",
        ),
        FactsError::Csv(c) => (
            "rubric::facts-csv",
            format!("事实表第 {} 行 {} 列：{}", c.row, column_letters(c.column), c.message.zh()),
            "事实表第一行是表头 `单位,事实,事实,…`，之后每个单位一行，每列一个单元格",
        ),
        FactsError::Toml(t) => (
            "rubric::facts-toml",
            format!("事实文件第 {} 行第 {} 列：{}", t.line, t.column, t.message.zh()),
            "TOML 事实文件每个单位一个 `[[units]]` 表：`unit = \"乌审旗\"`，然后是 `[units.facts]`，每项事实一行 `名称 = 值`",
        ),
        FactsError::Budget(b) => (
            "rubric::facts-budget",
            b.message.zh().to_string(),
            "这么大或嵌套这么深的事实文件不是一个考核办公室的单位数据：请拆分文件，或用 `rulecheck score` 从 .csv 或 .jsonl 文件评分（逐行读取）；上限用 `--max-facts-mib` 设置，在代码中用 `FactsLimits`",
        ),
        FactsError::DuplicateUnit(d) => (
            "rubric::duplicate-unit",
            d.message.zh().to_string(),
            "事实文件中每个单位只给出一次（有考核期的规则每个考核期一次）：合并两处，或删去错误的一处；比较名称时忽略前后的空格",
        ),
        FactsError::UnknownColumn(u) => (
            "rubric::unknown-column",
            u.message.zh().to_string(),
            "表头写规则文件声明的事实名称（`rulecheck template` 会全部列出），或删去该列，或将表头写为 `备注` 作为不读取的备注列",
        ),
        FactsError::Unit(_) | FactsError::ListRow(_) => return None,
    };
    Some(Said { code: Some(code.into()), message, help: Some(help.into()), related: Vec::new() })
}
