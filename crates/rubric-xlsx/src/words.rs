//! The words of a workbook's errors and notes, in English and Chinese, written once here
//! ([`rubric::errors::Words`]) for every message the workbook reader gives.

use rubric::errors::Words;
use rubric_syntax::clean;

/// `sheet 事实, cell C3`.
pub(crate) fn cell(sheet: &str, cell: &str) -> Words {
    let sheet = clean(sheet);
    Words::new(format!("sheet {sheet}, cell {cell}"), format!("工作表 {sheet} 的 {cell} 单元格"))
}

/// `sheet 事实, cells B3:C3`.
pub(crate) fn cells(sheet: &str, from: &str, to: &str) -> Words {
    let sheet = clean(sheet);
    Words::new(format!("sheet {sheet}, cells {from}:{to}"), format!("工作表 {sheet} 的 {from}:{to} 单元格"))
}

/// `sheet 事实`.
pub(crate) fn sheet(sheet: &str) -> Words {
    let sheet = clean(sheet);
    Words::new(format!("sheet {sheet}"), format!("工作表 {sheet}"))
}

/// Why a workbook cannot be read at all.
pub(crate) mod unreadable {
    use super::*;

    /// A zip archive that is no workbook.
    pub(crate) fn other_zip() -> Words {
        Words::new(
            "it is a zip archive, but neither an Excel workbook (.xlsx) nor an OpenDocument spreadsheet (.ods)",
            "文件是 zip 压缩包，但既不是 Excel 工作簿（.xlsx）也不是 OpenDocument 电子表格（.ods）",
        )
    }

    /// Text given as a workbook.
    pub(crate) fn text(start: &str) -> Words {
        let start = clean(start);
        Words::new(
            format!("it is text, not a workbook (it starts `{start}`): a CSV file is read by its name ending in .csv"),
            format!("文件是文本，不是工作簿（开头是 `{start}`）：CSV 文件请以 .csv 结尾命名"),
        )
    }

    /// An empty file.
    pub(crate) fn empty() -> Words {
        Words::new("the file is empty", "文件是空的")
    }

    /// Bytes of no workbook.
    pub(crate) fn not_a_workbook() -> Words {
        Words::new(
            "it is neither an Excel workbook (.xlsx, .xls) nor an OpenDocument spreadsheet (.ods)",
            "文件既不是 Excel 工作簿（.xlsx、.xls）也不是 OpenDocument 电子表格（.ods）",
        )
    }

    /// What the spreadsheet reader said (English: it has no other).
    pub(crate) fn said(message: &str) -> Words {
        Words::new(message, format!("工作簿已损坏或不完整（{message}）"))
    }

    /// No visible worksheet.
    pub(crate) fn no_sheet() -> Words {
        Words::new("it has no visible worksheet", "工作簿中没有可见的工作表")
    }

    /// A zip archive cut short.
    pub(crate) fn not_complete(e: &dyn std::fmt::Display) -> Words {
        Words::new(
            format!("it is not a complete zip archive, as an .xlsx is ({e})"),
            format!("文件不是完整的 zip 压缩包（.xlsx 是 zip 压缩包）（{e}）"),
        )
    }

    /// A damaged part of the archive.
    pub(crate) fn damaged(part: usize, e: &dyn std::fmt::Display) -> Words {
        Words::new(
            format!("part {part} of the archive is damaged ({e})"),
            format!("压缩包的第 {part} 个部分已损坏（{e}）"),
        )
    }

    /// A part of the archive that cannot be opened.
    pub(crate) fn damaged_part(path: &str, e: &dyn std::fmt::Display) -> Words {
        let path = clean(path);
        Words::new(format!("`{path}`: {e}"), format!("无法打开 `{path}`（{e}）"))
    }

    /// A sheet's XML that is not well formed.
    pub(crate) fn bad_xml(path: &str, e: &dyn std::fmt::Display) -> Words {
        let path = clean(path);
        Words::new(format!("`{path}` is not well-formed XML ({e})"), format!("`{path}` 不是格式正确的 XML（{e}）"))
    }
}

/// Why a cell cannot be read.
pub(crate) mod cell {
    use super::*;

    /// A number that is not finite.
    pub(crate) fn not_finite() -> Words {
        Words::new("the cell holds a number that is not finite", "单元格中的数字不是有限数")
    }

    /// A number beyond a decimal.
    pub(crate) fn too_big(shown: &str) -> Words {
        Words::new(
            format!("the number {shown} is beyond what a decimal of 28 places holds"),
            format!("数字 {shown} 超出了 28 位十进制数的范围"),
        )
    }

    /// A number of more digits than a spreadsheet keeps.
    pub(crate) fn digits_lost(shown: &str, digits: usize) -> Words {
        Words::new(
            format!(
                "the cell holds {shown}, a number of more than {digits} digits, more than a spreadsheet keeps: its last digits are lost; enter such a number (an ID) as text"
            ),
            format!(
                "单元格中的 {shown} 超过 {digits} 位，多于电子表格保存的位数，末几位已丢失；这样的数字（如编号）请以文本输入"
            ),
        )
    }

    /// A number that cannot be rounded to the digits shown.
    pub(crate) fn no_rounding(text: &str, digits: usize) -> Words {
        Words::new(
            format!("the cell holds the number `{text}`, which cannot be rounded to {digits} digits"),
            format!("单元格中的数字 `{text}` 无法舍入到 {digits} 位"),
        )
    }

    /// The day Excel invents.
    pub(crate) fn lotus_day() -> Words {
        Words::new(
            "the cell holds the date 1900-02-29, a day that does not exist (a spreadsheet counts it, after an old Lotus bug); correct the date",
            "单元格中的日期 1900-02-29 并不存在（电子表格沿袭旧版 Lotus 的错误而计入了这一天）；请改正日期",
        )
    }

    /// A date serial outside the calendar.
    pub(crate) fn serial(serial: &dyn std::fmt::Display) -> Words {
        Words::new(
            format!("the cell is a date with the serial number {serial}, outside the calendar a spreadsheet shows"),
            format!("单元格是序号为 {serial} 的日期，超出了电子表格能显示的日历范围"),
        )
    }

    /// A duration.
    pub(crate) fn duration() -> Words {
        Words::new(
            "the cell holds a length of time (a duration), not a value a fact takes",
            "单元格中是一段时长，不是事实可取的值",
        )
    }

    /// How to fix a cell.
    pub(crate) fn help() -> Words {
        Words::new("correct the cell, or type its value as text", "改正该单元格，或以文本输入它的值")
    }

    /// A range merged across columns.
    pub(crate) fn merged_across() -> (Words, Words) {
        (
            Words::new(
                "the cells are merged across columns, but a facts table has one value in each cell",
                "这些单元格跨列合并，而事实表每格一个值",
            ),
            Words::new(
                "unmerge the cells (开始 › 合并后居中 › 取消单元格合并) and give each column its own value",
                "取消合并（开始 › 合并后居中 › 取消单元格合并），每列各填一个值",
            ),
        )
    }

    /// A value under no heading.
    pub(crate) fn no_heading(value: &str) -> (Words, Words) {
        let value = clean(value.trim());
        (
            Words::new(
                format!("the cell has a value, `{value}`, but its column has no fact name in the header row"),
                format!("单元格有值 `{value}`，但所在列的表头没有事实名称"),
            ),
            Words::new(
                "name the column in the header row, or clear the cell",
                "在表头写上该列的事实名称，或清空该单元格",
            ),
        )
    }

    /// The facts table's layout (for a table error at a cell).
    pub(crate) fn table_help() -> Words {
        Words::new(
            "the first sheet of the workbook holds the facts table: a header row `单位 | FACT | …`, then one row per unit with one value in each cell",
            "工作簿的第一个工作表是事实表：表头 `单位 | 事实 | …`，之后每个单位一行，每格一个值",
        )
    }

    /// An empty sheet.
    pub(crate) fn empty_sheet() -> (Words, Words) {
        (
            Words::new(
                "the sheet is empty: it needs a header row `单位 | FACT | …`",
                "工作表是空的：第一行应是表头 `单位 | 事实 | …`",
            ),
            Words::new(
                "put the facts table on the workbook's first sheet (rulecheck template --format xlsx writes one)",
                "把事实表放在工作簿的第一个工作表（rulecheck template --format xlsx 可生成模板）",
            ),
        )
    }
}

/// The budgets of a workbook.
pub(crate) mod budget {
    use super::*;

    /// More rows than `max_rows`.
    pub(crate) fn rows(sheet: &str, rows: u64, limit: usize) -> Words {
        let sheet = clean(sheet);
        Words::new(
            format!("sheet {sheet} has {rows} rows, beyond the budget `max_rows` of {limit}"),
            format!("工作表 {sheet} 有 {rows} 行，超出了上限 `max_rows`（{limit} 行）"),
        )
    }

    /// A row of more text than `max_row_bytes`.
    pub(crate) fn row_bytes(sheet: &str, row: u32, limit: usize, cell: &str) -> Words {
        let sheet = clean(sheet);
        Words::new(
            format!(
                "sheet {sheet}, row {row}: the row holds more than {limit} bytes of text (cell {cell}), beyond the budget `max_row_bytes`"
            ),
            format!(
                "工作表 {sheet} 第 {row} 行：该行文本超过 {limit} 字节（{cell} 单元格），超出了上限 `max_row_bytes`"
            ),
        )
    }

    /// A workbook that unpacks beyond `max_unpacked_bytes`.
    pub(crate) fn unpacked(total: u64, part: &str, size: u64, limit: u64) -> Words {
        let part = clean(part);
        Words::new(
            format!(
                "the workbook unpacks to {total} bytes (its largest part, `{part}`, to {size}), beyond the budget `max_unpacked_bytes` of {limit}"
            ),
            format!(
                "工作簿解压后有 {total} 字节（最大的部分 `{part}` 有 {size} 字节），超出了上限 `max_unpacked_bytes`（{limit} 字节）"
            ),
        )
    }
}

/// The notes of a workbook read.
pub(crate) mod note {
    use super::*;

    /// Other sheets not read.
    pub(crate) fn other_sheets(first: &str, others: &str) -> Words {
        let first = clean(first);
        Words::new(
            format!(
                "the facts are read from the sheet `{first}`, the first; the workbook's other sheets ({others}) are not read"
            ),
            format!("事实读自第一个工作表 `{first}`；工作簿的其他工作表（{others}）不读取"),
        )
    }

    /// Places named in a note, in English and Chinese (`A1; B2 and 3 more`).
    pub(crate) type Named = (String, String);

    /// A list's sheet read.
    pub(crate) fn list_sheet(name: &str, rows: usize) -> Words {
        let name = clean(name);
        Words::new(
            format!("list `{name}` is read from the sheet `{name}`, one record a row ({rows} rows)"),
            format!("列表 `{name}` 读自工作表 `{name}`，每行一条记录（共 {rows} 行）"),
        )
    }

    /// Formulas read by their saved values.
    pub(crate) fn formulas(n: usize, sheet: &str, (cells, cells_zh): &Named) -> Words {
        let sheet = clean(sheet);
        let (s, verb) = if n == 1 { ("", "s") } else { ("s", "") };
        Words::new(
            format!(
                "{n} cell{s} of sheet {sheet} hold{verb} a formula ({cells}): read by the value last calculated and saved with the workbook, not calculated again"
            ),
            format!("工作表 {sheet} 有 {n} 个单元格是公式（{cells_zh}）：按工作簿保存时最后计算的值读取，不重新计算"),
        )
    }

    /// Float noise removed.
    pub(crate) fn noise((cells, cells_zh): &Named) -> Words {
        Words::new(
            format!(
                "float noise removed, reading the numbers as the sheet shows them (15 significant digits): {cells}"
            ),
            format!("已去除浮点误差，按表格显示的数值（15 位有效数字）读取：{cells_zh}"),
        )
    }

    /// Cells shown with fewer decimals than they hold.
    pub(crate) fn rounded((cells, cells_zh): &Named) -> Words {
        Words::new(
            format!("cells whose format shows fewer decimals than they hold are read by the value held: {cells}"),
            format!("以下单元格显示的小数位少于实际保存的，按保存的值读取：{cells_zh}"),
        )
    }

    /// Merged cells filled down.
    pub(crate) fn merged(ranges: &str) -> Words {
        Words::new(
            format!("merged cells give their value to every row they span: {ranges}"),
            format!("合并单元格的值用于其跨越的每一行：{ranges}"),
        )
    }

    /// Hidden rows and columns; `rows`, `columns`: how many and which.
    pub(crate) fn hidden(sheet: &str, rows: Option<(usize, Named)>, columns: Option<(usize, Named)>) -> Words {
        let sheet = clean(sheet);
        let (mut en, mut zh) = (Vec::new(), Vec::new());
        if let Some((n, (which, which_zh))) = rows {
            en.push(format!("{} {which}", if n == 1 { "row" } else { "rows" }));
            zh.push(format!("第 {which_zh} 行"));
        }
        if let Some((n, (which, which_zh))) = columns {
            en.push(format!("{} {which}", if n == 1 { "column" } else { "columns" }));
            zh.push(format!("{which_zh} 列"));
        }
        Words::new(
            format!(
                "sheet {sheet} has hidden {}: they are read like the others, as a spreadsheet saves them to CSV",
                en.join(" and ")
            ),
            format!("工作表 {sheet} 有隐藏的{}：与其他行列一样读取（与电子表格另存为 CSV 时相同）", zh.join("和")),
        )
    }
}
