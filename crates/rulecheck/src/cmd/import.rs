//! `rulecheck import`: a draft rule file from a rubric document's table (the text of a Word
//! table, or a .docx), written to stdout or `-o FILE`, with a summary on stderr.

use crate::files::{Refusal, read_bounded};
use crate::problems::Problem;
use crate::run_problems::Run;
use crate::ui::{BAD_INPUT, OK, Ui};
use clap::Args;
use rubric::Lang;
use rubric_import::{ImportError, Limits, Origin};

/// Arguments of `import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The document: the text of a Word table (UTF-8) or a .docx.
    pub doc: String,
    /// Write the draft to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
    /// Which table to draft, when the document holds several (1 = the first).
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1000))]
    pub table: usize,
}

/// Runs the command.
pub fn run(ui: &Ui, args: &ImportArgs) -> u8 {
    let limits = Limits::default();
    // The larger budget of the two: the library refuses text over its own once it knows the kind.
    let max = limits.max_bytes.max(limits.max_docx_bytes);
    let bytes = match read_bounded(&args.doc, max, false) {
        Ok(b) => b,
        Err(Refusal::TooLarge(size)) => {
            let e = ImportError::TooLarge(rubric_import::error::Size {
                bytes: size.unwrap_or(max as u64 + 1),
                max: max as u64,
            });
            return fail(ui, &args.doc, &e);
        }
        Err(Refusal::Why(why)) => {
            ui.report(&Problem::CannotRead { path: &args.doc, why });
            return BAD_INPUT;
        }
    };
    let origin = Origin { source: args.doc.clone(), date: today() };
    let drafts = match rubric_import::import(&args.doc, &bytes, &origin, &limits) {
        Ok(d) => d,
        Err(e) => return fail(ui, &args.doc, &e),
    };
    let Some(draft) = drafts.get(args.table - 1) else {
        let (m, h) = match ui.lang() {
            Lang::Zh => (
                format!("`{}` 只有 {} 个表格，没有第 {} 个", args.doc, drafts.len(), args.table),
                format!("用 --table 1 到 --table {} 选择表格", drafts.len()),
            ),
            _ => (
                format!(
                    "`{}` holds {} table{}, not {}",
                    args.doc,
                    drafts.len(),
                    if drafts.len() == 1 { "" } else { "s" },
                    args.table
                ),
                format!("choose one with --table 1 to --table {}", drafts.len()),
            ),
        };
        ui.problem(&m, Some(&h));
        return BAD_INPUT;
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &draft.text) {
                ui.run_problem(Run::CannotWrite { path: Some(path), why: crate::problems::Why::of(&e) });
                return BAD_INPUT;
            }
        }
        None => ui.out(&draft.text),
    }
    ui.note(&summary(ui.lang(), &drafts, args.table));
    OK
}

fn fail(ui: &Ui, doc: &str, e: &ImportError) -> u8 {
    let (m, h) = e.said(ui.lang());
    ui.problem(&format!("{doc}: {m}"), Some(&h));
    BAD_INPUT
}

/// The summary on stderr: rows read, drafted as rules, left to the assessor; the other tables.
fn summary(lang: Lang, drafts: &[rubric_import::Draft], table: usize) -> String {
    let Some(d) = drafts.get(table - 1) else { return String::new() };
    let mut s = match lang {
        Lang::Zh => format!(
            "已导入“{}”：读取 {} 行，起草为规则 {} 行，留给评委评分 {} 行；草稿须逐行核对",
            d.title, d.rows, d.ruled, d.judged
        ),
        _ => format!(
            "imported “{}”: {} rows read, {} drafted as rules, {} left to the assessor; review the draft row by row",
            d.title, d.rows, d.ruled, d.judged
        ),
    };
    if drafts.len() > 1 {
        let others: Vec<String> = drafts.iter().enumerate().map(|(i, d)| format!("{} {}", i + 1, d.title)).collect();
        s.push('\n');
        s.push_str(&match lang {
            Lang::Zh => format!(
                "文档含 {} 个表格（{}）；这是第 {} 个，用 --table N 导入其他表格",
                drafts.len(),
                others.join("；"),
                table
            ),
            _ => format!(
                "the document holds {} tables ({}); this is table {table}: --table N drafts another",
                drafts.len(),
                others.join("; ")
            ),
        });
    }
    s
}

/// Today's date (`SOURCE_DATE_EPOCH` when set, for reproducible output), as `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok().map(|d| d.as_secs()))
        .unwrap_or(0);
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|d| d.checked_add_signed(chrono::TimeDelta::try_days(days)?))
        .map_or_else(|| "1970-01-01".to_string(), |d| d.format("%Y-%m-%d").to_string())
}
