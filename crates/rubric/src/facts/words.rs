//! The words of a facts file's errors, in English and Chinese: one catalogue every reader (JSON,
//! JSON Lines, CSV, TOML and, through [`Words::new`], the workbook reader) draws its messages from,
//! so that each message is written once in both languages and every front end says the same.

use crate::diag::Lang;
use rubric_syntax::clean;
use std::fmt;

/// A message in English and in Chinese. `Display` is English (for embedders and logs);
/// [`crate::render::Render::facts_error`] says it in the renderer's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    en: String,
    zh: String,
}

impl Words {
    /// A message in both languages (for readers outside this crate, such as a workbook's).
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Words { en: en.into(), zh: zh.into() }
    }

    /// The message in English.
    pub fn en(&self) -> &str {
        &self.en
    }

    /// The message in Chinese.
    pub fn zh(&self) -> &str {
        &self.zh
    }

    /// The message in a language.
    pub fn said(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            _ => &self.en,
        }
    }

    /// The message with a place before it: `line 3: …`, `第 3 行：…`.
    pub fn at_line(self, line: usize) -> Self {
        Words { en: format!("line {line}: {}", self.en), zh: format!("第 {line} 行：{}", self.zh) }
    }

    /// The message with a place of a sheet before it: `sheet 事实: …`, `工作表 事实：…`.
    pub fn in_sheet(self, sheet: &str) -> Self {
        let sheet = clean(sheet);
        Words { en: format!("sheet {sheet}: {}", self.en), zh: format!("工作表 {sheet}：{}", self.zh) }
    }
}

impl fmt::Display for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// serde_json's message (English; it has no other), with what kind of fault it is in Chinese.
pub(crate) fn json(e: &serde_json::Error) -> Words {
    // serde_json ends its message with the position, which the error gives on its own.
    let message = e.to_string();
    let en = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m).to_string();
    let kind = match e.classify() {
        serde_json::error::Category::Eof => "文件在中途结束（少了右括号、右引号？）",
        serde_json::error::Category::Syntax => "语法错误（逗号、引号、括号是否为英文半角？）",
        serde_json::error::Category::Data => "内容的形式不对",
        serde_json::error::Category::Io => "读取失败",
    };
    Words { zh: format!("{kind}（{en}）"), en }
}

/// A unit of a JSON facts file without a name, and where it is (none in a JSON Lines line).
pub(crate) fn no_name(at: Option<Given>) -> Words {
    let (en, zh) = at.map(|g| g.both()).map(|(en, zh)| (format!(" {en}"), format!("（{zh}）"))).unwrap_or_default();
    Words {
        en: format!("the unit{en} has no name; give `\"unit\": \"NAME\"`"),
        zh: format!("单位{zh}没有名称；请写 `\"unit\": \"名称\"`"),
    }
}

/// A line of a JSON Lines stream that cannot be read at all.
pub(crate) fn line_unreadable(line: usize, e: &std::io::Error) -> Words {
    let e = e.to_string().to_lowercase();
    Words { en: format!("line {line} cannot be read: {e}"), zh: format!("第 {line} 行无法读取（{e}）") }
}

/// A fact given as a JSON object or list where one value is read.
pub(crate) fn not_single(fact: &str, unit: &str, object: bool) -> Words {
    let (fact, unit) = (clean(fact), clean(unit.trim()));
    let (en, zh) = if object { ("an object", "对象（{…}）") } else { ("a value", "多个值") };
    Words {
        en: format!("fact `{fact}` of unit `{unit}` is {en}, not a single value"),
        zh: format!("单位 `{unit}` 的事实 `{fact}` 是{zh}，不是单个值"),
    }
}

/// A record of a list in JSON that is not an object of single values (`field`: the field that is not).
pub(crate) fn bad_record(index: usize, fact: &str, unit: &str, field: Option<&str>) -> Words {
    let (fact, unit) = (clean(fact), clean(unit.trim()));
    let example = "{\"等级\": \"一般\", \"发生日期\": \"2024-03-01\"}";
    let (en, zh) = match field {
        Some(f) => (
            format!("has field `{}` that is not a single value", clean(f)),
            format!("的字段 `{}` 不是单个值", clean(f)),
        ),
        None => ("is not an object".to_string(), "不是对象（{…}）".to_string()),
    };
    Words {
        en: format!(
            "record {index} of list `{fact}` of unit `{unit}` {en}; a record is an object of single values: {example}"
        ),
        zh: format!(
            "单位 `{unit}` 的列表 `{fact}` 的第 {index} 条记录{zh}；每条记录是由单个值组成的对象，如 {example}"
        ),
    }
}

/// Where a unit was given (for a unit given twice).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Given {
    /// On a line of a JSON Lines stream.
    Line(usize),
    /// In a row of a table.
    Row(usize),
    /// In a `[[units]]` table of TOML starting at a line.
    Table(usize),
    /// An entry of a JSON file's `units`: its line and, when two are on one line, its column.
    Entry(Option<(usize, Option<usize>)>, usize),
}

impl Given {
    fn both(self) -> (String, String) {
        match self {
            Given::Line(l) => (format!("on line {l}"), format!("第 {l} 行")),
            Given::Row(r) => (format!("in row {r}"), format!("第 {r} 行")),
            Given::Table(l) => (format!("in the table at line {l}"), format!("第 {l} 行的表")),
            Given::Entry(Some((l, None)), _) => (format!("at line {l}"), format!("第 {l} 行")),
            Given::Entry(Some((l, Some(c))), _) => (format!("at line {l}, column {c}"), format!("第 {l} 行第 {c} 列")),
            Given::Entry(None, i) => (format!("as entry {i} of `units`"), format!("`units` 的第 {i} 项")),
        }
    }

    fn entry(self) -> (&'static str, &'static str) {
        match self {
            Given::Line(_) => ("line", "一行"),
            Given::Row(_) => ("row", "一行"),
            Given::Table(_) => ("table", "一个表"),
            Given::Entry(..) => ("entry", "一项"),
        }
    }
}

/// A unit given twice in one file (for one period).
pub(crate) fn twice(unit: &str, period: Option<&str>, first: Given, again: Given) -> Words {
    let unit = clean(unit);
    let ((f_en, f_zh), (a_en, a_zh)) = (first.both(), again.both());
    let (entry, entry_zh) = first.entry();
    match period.map(clean) {
        Some(p) => Words {
            en: format!(
                "unit `{unit}` is given twice for period `{p}`, {f_en} and {a_en}; keep one {entry} per unit and period"
            ),
            zh: format!("单位 `{unit}` 在考核期 `{p}` 给出了两次：{f_zh}和{a_zh}；每个单位每个考核期只保留{entry_zh}"),
        },
        None => Words {
            en: format!("unit `{unit}` is given twice, {f_en} and {a_en}; keep one {entry} per unit"),
            zh: format!("单位 `{unit}` 给出了两次：{f_zh}和{a_zh}；每个单位只保留{entry_zh}"),
        },
    }
}

/// A facts file beyond `max_bytes`: its size when known.
pub(crate) fn too_large(size: Option<u64>, limit: usize) -> Words {
    let (en, zh) = match size {
        Some(n) => (format!("the facts file is {n} bytes"), format!("事实文件有 {n} 字节")),
        None => (format!("the facts file is more than {limit} bytes"), format!("事实文件超过 {limit} 字节")),
    };
    Words {
        en: format!("{en}, beyond the budget `max_bytes` of {limit}"),
        zh: format!("{zh}，超出了上限 `max_bytes`（{limit} 字节）"),
    }
}

/// A line of a JSON Lines stream beyond `max_row_bytes`.
pub(crate) fn line_too_long(line: usize, limit: usize) -> Words {
    Words {
        en: format!("line {line} of the facts stream is longer than {limit} bytes, beyond the budget `max_row_bytes`"),
        zh: format!("事实流第 {line} 行超过 {limit} 字节，超出了上限 `max_row_bytes`"),
    }
}

/// A row of a table beyond `max_row_bytes`.
pub(crate) fn row_too_long(row: usize, limit: usize) -> Words {
    Words {
        en: format!("facts table, row {row}: the row is longer than {limit} bytes, beyond the budget `max_row_bytes`"),
        zh: format!("事实表第 {row} 行超过 {limit} 字节，超出了上限 `max_row_bytes`"),
    }
}

/// Values nested beyond `max_depth`.
pub(crate) fn too_deep(line: usize, column: usize, max_depth: usize) -> Words {
    Words {
        en: format!(
            "line {line}, column {column}: values are nested more than {max_depth} deep, beyond the budget `max_depth`; a facts file nests 4 deep"
        ),
        zh: format!(
            "第 {line} 行第 {column} 列：值嵌套超过 {max_depth} 层，超出了上限 `max_depth`；事实文件只需嵌套 4 层"
        ),
    }
}

/// A list with more records than `max_records`.
pub(crate) fn too_many_records(fact: &str, unit: &str, n: usize, limit: usize) -> Words {
    let (fact, unit) = (clean(fact), clean(unit.trim()));
    Words {
        en: format!("list `{fact}` of unit `{unit}` has {n} records, beyond the budget `max_records` of {limit}"),
        zh: format!("单位 `{unit}` 的列表 `{fact}` 有 {n} 条记录，超出了上限 `max_records`（{limit} 条）"),
    }
}

/// Bytes that are not UTF-8 where only UTF-8 is read.
pub(crate) fn not_utf8() -> Words {
    Words::new("not UTF-8", "不是 UTF-8 编码")
}

/// A UTF-16 byte-order mark.
pub(crate) fn utf16_mark() -> Words {
    Words::new(
        "the file is UTF-16, as Excel writes \"Unicode 文本\" (its bytes at offset 0 are a UTF-16 byte-order mark)",
        "文件是 UTF-16 编码（Excel 另存为“Unicode 文本”时的编码；开头是 UTF-16 的字节顺序标记）",
    )
}

/// A zero byte: UTF-16 without a mark.
pub(crate) fn zero_byte(offset: usize) -> Words {
    Words {
        en: format!("the byte at offset {offset} is 0x00; the file is probably UTF-16 without a byte-order mark"),
        zh: format!("第 {offset} 字节是 0x00；文件可能是不带字节顺序标记的 UTF-16 编码"),
    }
}

/// Bytes that are not UTF-8 in a file read only as UTF-8 (JSON, TOML).
pub(crate) fn gbk_in_utf8(offset: usize, line: usize, shown: &str) -> Words {
    Words {
        en: format!(
            "the byte at offset {offset} (line {line}: {shown}) is not UTF-8; the file is probably GBK (ANSI), as Excel writes plain \"CSV (逗号分隔)\"; save it as \"CSV UTF-8\""
        ),
        zh: format!(
            "第 {offset} 字节（第 {line} 行：{shown}）不是 UTF-8 编码；文件可能是 GBK（ANSI）编码，即 Excel 普通“CSV (逗号分隔)”的编码；请另存为“CSV UTF-8”"
        ),
    }
}

/// Bytes that are neither UTF-8 nor GB18030 in a table; `by` is the encoding read up to there.
pub(crate) fn neither(offset: usize, line: usize, shown: &str, by: &str) -> Words {
    Words {
        en: format!(
            "the byte at offset {offset} (line {line}: {shown}) is neither UTF-8 nor GB18030 (GBK) text; the table was read as {by} up to there"
        ),
        zh: format!(
            "第 {offset} 字节（第 {line} 行：{shown}）既不是 UTF-8 也不是 GB18030（GBK）编码；此前按 {by} 读取"
        ),
    }
}

/// Text that turned out not to be UTF-8 after the check (`e`: the decoder's words).
pub(crate) fn bad_text(line: usize, e: &std::str::Utf8Error) -> Words {
    Words { en: format!("line {line}: {e}"), zh: format!("第 {line} 行不是 UTF-8 编码（{e}）") }
}

/// A column of a table whose heading is not a fact of the rubric.
pub(crate) fn unknown_column(sheet: Option<&str>, column: &str, name: &str, near: Option<&str>) -> Words {
    let name = clean(name);
    let (at, at_zh) = match sheet.map(clean) {
        Some(s) => (format!("sheet {s}, column {column}"), format!("工作表 {s} 的 {column} 列")),
        None => (format!("the table's column {column}"), format!("表的 {column} 列")),
    };
    let (near, near_zh) =
        near.map(|s| (format!(" (did you mean `{s}`?)"), format!("（是不是 `{s}`？）"))).unwrap_or_default();
    Words {
        en: format!("{at}, `{name}`, is not a fact of the rubric{near}; its cells are not read"),
        zh: format!("{at_zh}（`{name}`）不是规则文件中的事实{near_zh}；该列不读取"),
    }
}

/// The words of a facts table (CSV) and a TOML facts file.
pub(crate) mod table {
    use super::Words;
    use rubric_syntax::clean;

    /// A table with no header row.
    pub(crate) fn empty() -> Words {
        Words::new(
            "the table is empty: it needs a header row `单位,FACT,FACT,…`",
            "表是空的：第一行应是表头 `单位,事实,事实,…`",
        )
    }

    /// A row with more or fewer cells than the header.
    pub(crate) fn cells(n: usize, header: usize) -> Words {
        let (en, zh) = if n < header { ("fewer", "少于") } else { ("more", "多于") };
        Words {
            en: format!(
                "this row has {n} cells, {en} than the {header} of the header row; every row needs one cell per column"
            ),
            zh: format!("这一行有 {n} 个单元格，{zh}表头的 {header} 个；每行每列一个单元格"),
        }
    }

    /// A notes column, read as notes (not read).
    pub(crate) fn notes_column(column: &str, name: &str) -> Words {
        let name = clean(name);
        Words {
            en: format!("column {column}, `{name}`, holds notes and is not read"),
            zh: format!("{column} 列（`{name}`）是备注，不读取"),
        }
    }

    /// A row with values and no unit.
    pub(crate) fn no_unit() -> Words {
        Words::new("this row has values but no unit name in its first cell", "这一行有值，但第一格没有单位名称")
    }

    /// A value in a column with no heading.
    pub(crate) fn no_heading(column: &str, cell: &str, header_row: usize) -> Words {
        let cell = clean(cell);
        Words {
            en: format!("column {column} has a value, `{cell}`, but no fact name in the header row (row {header_row})"),
            zh: format!("{column} 列有值 `{cell}`，但表头（第 {header_row} 行）没有写事实名称"),
        }
    }

    /// A spreadsheet's error value in the unit's cell.
    pub(crate) fn error_value(cell: &str) -> Words {
        let cell = clean(cell);
        Words {
            en: format!(
                "the unit's cell holds `{cell}`, a spreadsheet's error value (a formula that failed), not a unit's name; correct the formula or type the name (a note row starts with `#` and a space or text, such as `# 说明`)"
            ),
            zh: format!(
                "单位一格是 `{cell}`，是电子表格的错误值（公式出错），不是单位名称；请改正公式或直接填写名称（说明行以 `#` 加空格或文字开头，如 `# 说明`）"
            ),
        }
    }

    /// Cells separated by something other than commas (`name`: `;` or tabs).
    pub(crate) fn separator(semicolon: bool) -> Words {
        let (en, zh) = if semicolon { ("`;`", "分号 `;` ") } else { ("tabs", "制表符") };
        Words {
            en: format!(
                "the cells of this file are separated by {en}, not commas; save it as \"CSV UTF-8 (逗号分隔)\" (a comma-separated file)"
            ),
            zh: format!("文件的单元格以{zh}分隔，不是逗号；请另存为“CSV UTF-8 (逗号分隔)”"),
        }
    }

    /// A first heading that is not the unit column.
    pub(crate) fn first_heading(first: &str) -> Words {
        let first = clean(first);
        Words {
            en: format!(
                "the first column must be headed `单位` (or `unit`), found `{first}`; the header row names the unit column and then each fact"
            ),
            zh: format!("第一列的表头应为 `单位`（或 `unit`），实为 `{first}`；表头先写单位列，再写各项事实"),
        }
    }

    /// A fact heading two columns.
    pub(crate) fn two_columns(name: &str, a: &str, b: &str) -> Words {
        let name = clean(name);
        Words {
            en: format!("fact `{name}` heads two columns, {a} and {b}; keep one column per fact"),
            zh: format!("事实 `{name}` 是 {a} 列和 {b} 列两列的表头；每项事实只保留一列"),
        }
    }

    /// A table the csv crate cannot read (`e`: its words).
    pub(crate) fn unreadable(e: &csv::Error) -> Words {
        Words { en: format!("the table cannot be read: {e}"), zh: format!("表无法读取（{e}）") }
    }

    /// TOML's own message (English; the parser has no other), a key given twice said plainly.
    pub(crate) fn toml(message: &str, key: Option<&str>) -> Words {
        match (message == "duplicate key", key) {
            (true, Some(key)) => Words {
                en: format!("`{key}` is given twice; a key may stand only once in a table"),
                zh: format!("`{key}` 给出了两次；同一个表中每个键只能出现一次"),
            },
            _ => Words { en: message.to_string(), zh: format!("不是有效的 TOML（{message}）") },
        }
    }

    /// What a TOML facts file may not have, in its layout.
    #[derive(Debug, Clone, Copy)]
    pub(crate) enum Toml<'a> {
        /// `rubric = …` that is not a string.
        RubricNotText,
        /// A top-level key other than `rubric` and `units`.
        UnknownKey(&'a str),
        /// No `[[units]]`.
        NoUnits,
        /// An entry of `units` that is not a table.
        EntryNotTable,
        /// `units` that is not an array of tables.
        UnitsNotArray,
        /// A unit's key other than `unit`, `period`, `facts`.
        UnknownUnitKey(&'a str),
        /// A unit without `unit = "NAME"`.
        NoName,
        /// A unit's name that is empty.
        EmptyName,
        /// A unit's name that is not a string.
        NameNotText,
        /// A `period` that is not a string.
        PeriodNotText,
        /// A unit without `[units.facts]`.
        NoFacts(&'a str),
        /// `facts` that is not a table.
        FactsNotTable(&'a str),
        /// A fact that is a table (a dotted name?).
        FactIsTable(&'a str, &'a str),
        /// A field of a record that is not a single value: record, list, unit, field.
        FieldNotSingle(usize, &'a str, &'a str, &'a str),
        /// A number that cannot be read: fact, unit.
        NoNumber(&'a str, &'a str),
        /// A number that is not finite or not exact: fact, unit, text, whether it is inf/nan.
        Inexact(&'a str, &'a str, &'a str, bool),
        /// A fact that is an array (`true`) or table where one value is read: fact, unit.
        NotSingle(&'a str, &'a str, bool),
    }

    impl Toml<'_> {
        /// The words of the fault.
        pub(crate) fn words(self) -> Words {
            use Toml as T;
            let w = |en: String, zh: String| Words { en, zh };
            match self {
                T::RubricNotText => {
                    w("`rubric` is the rubric's title, a string".into(), "`rubric` 是规则文件的标题，应为字符串".into())
                }
                T::UnknownKey(k) => w(
                    format!("unknown key `{k}`; a facts file has `[[units]]` tables (and may name its `rubric`)"),
                    format!("未知的键 `{k}`；事实文件由 `[[units]]` 表组成（可写 `rubric` 标题）"),
                ),
                T::NoUnits => w(
                    "no `[[units]]` tables: give one `[[units]]` table per unit".into(),
                    "没有 `[[units]]` 表：每个单位写一个 `[[units]]` 表".into(),
                ),
                T::EntryNotTable => {
                    w("each entry of `units` must be a table".into(), "`units` 的每一项都应是表".into())
                }
                T::UnitsNotArray => w(
                    "`units` must be an array of tables: write `[[units]]` for each unit".into(),
                    "`units` 应是表的数组：每个单位写一个 `[[units]]`".into(),
                ),
                T::UnknownUnitKey(k) => w(
                    format!("unknown key `{k}` in a unit; a unit has `unit = \"NAME\"` and `[units.facts]`"),
                    format!("单位中未知的键 `{k}`；单位由 `unit = \"名称\"` 和 `[units.facts]` 组成"),
                ),
                T::NoName => w("this unit has no `unit = \"NAME\"`".into(), "这个单位没有 `unit = \"名称\"`".into()),
                T::EmptyName => w("the unit's name is empty".into(), "单位名称是空的".into()),
                T::NameNotText => {
                    w("`unit` is the unit's name, a string".into(), "`unit` 是单位名称，应为字符串".into())
                }
                T::PeriodNotText => w(
                    "`period` is the name of a period of the rubric, a string".into(),
                    "`period` 是规则文件中考核期的名称，应为字符串".into(),
                ),
                T::NoFacts(u) => {
                    let u = clean(u);
                    w(format!("unit `{u}` has no `[units.facts]` table"), format!("单位 `{u}` 没有 `[units.facts]` 表"))
                }
                T::FactsNotTable(u) => {
                    let u = clean(u);
                    w(format!("`facts` of unit `{u}` must be a table"), format!("单位 `{u}` 的 `facts` 应是表"))
                }
                T::FactIsTable(f, u) => {
                    let (f, u) = (clean(f), clean(u));
                    w(
                        format!(
                            "fact `{f}` of unit `{u}` is a table, not a single value (is there a `.` in its name? then quote the name)"
                        ),
                        format!("单位 `{u}` 的事实 `{f}` 是表，不是单个值（名称中有 `.` 吗？有则给名称加引号）"),
                    )
                }
                T::FieldNotSingle(i, l, u, f) => {
                    let (l, u, f) = (clean(l), clean(u), clean(f));
                    w(
                        format!("record {i} of list `{l}` of unit `{u}`: field `{f}` is not a single value"),
                        format!("单位 `{u}` 的列表 `{l}` 的第 {i} 条记录：字段 `{f}` 不是单个值"),
                    )
                }
                T::NoNumber(f, u) => {
                    let (f, u) = (clean(f), clean(u));
                    w(
                        format!("fact `{f}` of unit `{u}`: cannot read the number"),
                        format!("单位 `{u}` 的事实 `{f}`：无法读取数字"),
                    )
                }
                T::Inexact(f, u, src, infinite) => {
                    let (f, u, src) = (clean(f), clean(u), clean(src));
                    let (en, zh) = if infinite {
                        ("is not a number that can be scored", "不是可以计分的数字")
                    } else {
                        (
                            "cannot be held exactly (at most 28 significant digits); it is not rounded",
                            "无法精确表示（最多 28 位有效数字），不作舍入",
                        )
                    };
                    w(format!("fact `{f}` of unit `{u}`: {src} {en}"), format!("单位 `{u}` 的事实 `{f}`：{src} {zh}"))
                }
                T::NotSingle(f, u, array) => {
                    let (f, u) = (clean(f), clean(u));
                    let (kind, zh) = if array { ("a list", "数组") } else { ("a table", "表") };
                    w(
                        format!(
                            "fact `{f}` of unit `{u}` is {kind}, not a single value; give one number, string, date or true/false"
                        ),
                        format!(
                            "单位 `{u}` 的事实 `{f}` 是{zh}，不是单个值；请给出一个数字、字符串、日期或 true/false"
                        ),
                    )
                }
            }
        }
    }
}
