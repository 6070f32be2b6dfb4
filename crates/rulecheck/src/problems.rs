//! The command-line problems rulecheck itself reports (a file it cannot read, an unknown unit,
//! an option that does not fit), as data, and their words in English and Chinese: one `match`
//! arm gives both languages, so a problem without its translation does not compile.

use rubric::Lang;
use std::fmt;

/// Why a file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// There is no such file.
    NoSuchFile,
    /// It is a folder.
    Folder,
    /// It is a pipe, where only regular files are read.
    Pipe,
    /// It is a device.
    Device,
    /// It is some other thing that is not a regular file.
    NotRegular,
    /// The system's reason, as it says it (in English).
    Io(String),
}

impl Why {
    /// Why, from an error of the system.
    pub fn of(e: &std::io::Error) -> Why {
        match e.kind() {
            std::io::ErrorKind::NotFound => Why::NoSuchFile,
            std::io::ErrorKind::IsADirectory => Why::Folder,
            _ => Why::Io(e.to_string().to_lowercase()),
        }
    }

    /// In English and in Chinese.
    pub(crate) fn both(&self) -> (String, String) {
        let (en, zh) = match self {
            Why::NoSuchFile => ("no such file", "文件不存在"),
            Why::Folder => ("it is a folder, not a file", "这是文件夹，不是文件"),
            Why::Pipe => (
                "it is a pipe, not a regular file; rule files are read only from regular files",
                "这是管道，不是普通文件；规则文件只从普通文件读取",
            ),
            Why::Device => ("it is a device, not a file", "这是设备，不是文件"),
            Why::NotRegular => ("it is not a regular file", "这不是普通文件"),
            Why::Io(why) => return (why.clone(), format!("系统报告：{why}")),
        };
        (en.into(), zh.into())
    }
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.both().0)
    }
}

/// A command-line problem ([`crate::ui::Ui::report`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem<'a> {
    /// A file that cannot be read.
    CannotRead {
        /// The path given.
        path: &'a str,
        /// Why.
        why: Why,
    },
    /// A facts file whose extension names no format.
    UnknownFormat {
        /// The path given.
        path: &'a str,
    },
    /// A file of shared blocks given where a rubric is scored.
    Library {
        /// The path given.
        path: &'a str,
    },
    /// `--unit` names no unit of the facts file.
    NoUnit {
        /// The name asked for.
        unit: &'a str,
        /// The facts file.
        facts: &'a str,
        /// The units it has.
        units: &'a [&'a str],
    },
    /// Many units in the facts file, and no `--unit` to name one.
    ManyUnits {
        /// The facts file.
        facts: &'a str,
        /// The units it has.
        units: &'a [&'a str],
    },
    /// `--item` names no row of the rubric.
    NoRow {
        /// The row asked for.
        row: &'a str,
        /// The rule file.
        rules: &'a str,
        /// Rows whose ids start alike.
        like: &'a [&'a str],
    },
    /// `diff --unit` without a facts file.
    UnitNeedsFacts,
    /// A workbook asked for on a terminal.
    WorkbookToTerminal,
    /// `-o` with a format that is not a workbook.
    OutputNeedsWorkbook,
    /// `--list` not of the form `LIST=FILE.csv`.
    ListOption {
        /// The option's value.
        given: &'a str,
    },
    /// `--list` names no list fact of the rubric.
    NotAList {
        /// The name given.
        list: &'a str,
        /// The list facts it declares.
        lists: &'a [&'a str],
    },
    /// A problem met while running (writing, printing, a bug): [`crate::run_problems::Run`].
    Run(crate::run_problems::Run<'a>),
    /// `--compact` with a format that is not JSON.
    CompactNeedsJson,
}

impl Problem<'_> {
    /// Its message and help, in English and in Chinese.
    fn both(&self) -> [(String, Option<String>); 2] {
        match self {
            Problem::Run(r) => r.both(),
            Problem::CannotRead { path, why } => {
                let (en, zh) = why.both();
                [(format!("cannot read `{path}`: {en}"), None), (format!("无法读取 `{path}`：{zh}"), None)]
            }
            Problem::UnknownFormat { path } => [
                (
                    format!("cannot tell the format of `{path}`"),
                    Some("facts files end in .json, .jsonl, .csv, .xlsx (.ods, .xls) or .toml".into()),
                ),
                (
                    format!("无法判断 `{path}` 的格式"),
                    Some("事实文件的扩展名为 .json、.jsonl、.csv、.xlsx（.ods、.xls）或 .toml".into()),
                ),
            ],
            Problem::Library { path } => [
                (format!("`{path}` is a library of blocks"), Some("score the rubric that imports it".into())),
                (format!("`{path}` 是公共块文件"), Some("请对导入它的规则文件评分".into())),
            ],
            Problem::NoUnit { unit, facts, units } => [
                (format!("no unit `{unit}` in `{facts}`"), Some(format!("the units are: {}", units.join(", ")))),
                (format!("`{facts}` 中没有单位 `{unit}`"), Some(format!("其中的单位有：{}", units.join("、")))),
            ],
            Problem::ManyUnits { facts, units } => [
                (
                    format!("`{facts}` has {} units; name one with --unit", units.len()),
                    Some(format!("the units are: {}", units.join(", "))),
                ),
                (
                    format!("`{facts}` 中有 {} 个单位；请用 --unit 指定其中一个", units.len()),
                    Some(format!("其中的单位有：{}", units.join("、"))),
                ),
            ],
            Problem::NoRow { row, rules, like } => [
                (
                    format!("no row `{row}` in `{rules}`"),
                    (!like.is_empty()).then(|| format!("rows like it: {}", like.join(", "))),
                ),
                (
                    format!("`{rules}` 中没有 `{row}` 这一行"),
                    (!like.is_empty()).then(|| format!("相近的行：{}", like.join("、"))),
                ),
            ],
            Problem::UnitNeedsFacts => [
                ("`--unit` needs a facts file".into(), Some("give the facts file after the two rule files".into())),
                ("`--unit` 需要事实文件".into(), Some("在两个规则文件之后给出事实文件".into())),
            ],
            Problem::WorkbookToTerminal => [
                (
                    "a workbook (--format xlsx) is binary and is not written to a terminal".into(),
                    Some("give the file to write with -o, e.g. `-o 结果.xlsx`, or redirect stdout to a file".into()),
                ),
                (
                    "工作簿（--format xlsx）是二进制文件，不输出到终端".into(),
                    Some("用 -o 给出要写入的文件，如 `-o 结果.xlsx`，或把标准输出重定向到文件".into()),
                ),
            ],
            Problem::OutputNeedsWorkbook => [
                (
                    "-o writes a workbook: use it with --format xlsx".into(),
                    Some("redirect other formats with `> FILE`".into()),
                ),
                ("-o 用于写工作簿：请与 --format xlsx 一起使用".into(), Some("其他格式请用 `> 文件` 重定向".into())),
            ],
            Problem::ListOption { given } => [
                (
                    format!("`--list {given}` is not of the form `LIST=FILE.csv`"),
                    Some("name the list fact and its table, e.g. `--list 事故=事故台账.csv`".into()),
                ),
                (
                    format!("`--list {given}` 的格式不是 `列表=文件.csv`"),
                    Some("请写出列表事实及其台账，如 `--list 事故=事故台账.csv`".into()),
                ),
            ],
            Problem::CompactNeedsJson => [
                (
                    "--compact writes JSON without whitespace: use it with --format json".into(),
                    Some("add `--format json`, or leave out `--compact`".into()),
                ),
                (
                    "--compact 用于写不含空白的 JSON：请与 --format json 一起使用".into(),
                    Some("加上 `--format json`，或去掉 `--compact`".into()),
                ),
            ],
            Problem::NotAList { list, lists } => [
                (
                    format!("the rubric declares no list fact `{list}`"),
                    Some(if lists.is_empty() {
                        "it declares no list facts".into()
                    } else {
                        format!("its list facts are: {}", lists.join(", "))
                    }),
                ),
                (
                    format!("规则中没有列表事实 `{list}`"),
                    Some(if lists.is_empty() {
                        "其中没有声明列表事实".into()
                    } else {
                        format!("其中的列表事实有：{}", lists.join("、"))
                    }),
                ),
            ],
        }
    }

    /// Its message and help in a language.
    pub fn said(&self, lang: Lang) -> (String, Option<String>) {
        let [en, zh] = self.both();
        if lang == Lang::Zh { zh } else { en }
    }
}
