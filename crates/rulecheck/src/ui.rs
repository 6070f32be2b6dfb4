//! Writing to the terminal: results on stdout, diagnostics on stderr, human or JSON. Everything
//! written passes one filter: control characters (ESC, NUL, a lone CR), bidi controls and
//! invisible characters from the input ([`rubric_syntax::is_hidden`]) are written as visible
//! escapes (`\u{202e}`) in text and as JSON escapes (`\u202e`) in JSON, never raw.

use crate::cli::{Cli, Color, ErrorFormat};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use rubric::Load;
use rubric::render::{Lang, Render};
use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

/// Exit code: success.
pub const OK: u8 = 0;
/// Exit code: a test failed, a file is not formatted, or warnings were denied.
pub const FAILED: u8 = 1;
/// Exit code: bad input.
pub const BAD_INPUT: u8 = 2;

/// Most diagnostics rendered for people per file: each rendering shows the file's source, so a
/// damaged file with thousands of broken lines would otherwise take minutes to report.
const SHOWN: usize = 100;

/// Most diagnostics written as JSON lines per file: a damaged or hostile file with 50,000
/// broken lines gives a bounded report; the last line says how many more there are.
const SHOWN_JSON: usize = 1_000;

/// How to write.
pub struct Ui {
    color: bool,
    json: bool,
    lang: rubric::Lang,
    /// Nothing is written to stderr: a read made again, whose problems the next read says.
    silent: bool,
}

impl Ui {
    /// From the global options and the environment.
    pub fn new(cli: &Cli) -> Self {
        let color = match cli.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal(),
        };
        let (text, lang) = langs(cli.lang.map(Into::into), |k| std::env::var(k).ok());
        let _ = TEXT.set(text);
        Ui { color, json: cli.error_format == ErrorFormat::Json, lang, silent: false }
    }

    /// The same, writing nothing to stderr (results still go to stdout): for a read of a file
    /// made only to gather figures, whose problems are said when it is read again.
    pub fn silent(&self) -> Ui {
        Ui { silent: true, ..*self }
    }

    /// The renderer of messages (diagnostics, facts errors, the lines of `test`), in their
    /// language.
    pub fn says(&self) -> Render<'static> {
        Render::new(self.lang)
    }

    /// The language of messages.
    pub fn lang(&self) -> rubric::Lang {
        self.lang
    }

    /// Writes text results to stdout; a closed pipe (`| head`) ends output quietly.
    pub fn out(&self, text: &str) {
        write_out(&rubric_syntax::hidden::escape(text));
    }

    /// Writes JSON already serialised (a document, or one per line) to stdout.
    pub fn out_json(&self, text: &str) {
        write_out(&rubric_syntax::hidden::escape_json(text));
    }

    /// Writes JSON whose hidden characters are already escaped as [`Ui::out_json`] escapes them
    /// (`rubric::Trace::write_json`, or text passed through `escape_json`) to stdout as it is.
    pub fn out_json_escaped(&self, json: &[u8]) {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(json).and_then(|()| stdout.flush());
    }

    /// Writes a table for a spreadsheet (CSV that starts with a byte-order mark, so that Excel
    /// reads it as UTF-8). The mark is written only when stdout is a file or a pipe, where a
    /// spreadsheet may read it; on a terminal it would show as a stray character or nothing.
    pub fn csv(&self, text: &str) {
        let text = if std::io::stdout().is_terminal() { text.trim_start_matches('\u{feff}') } else { text };
        match text.strip_prefix('\u{feff}') {
            Some(rest) => write_out(&format!("\u{feff}{}", rubric_syntax::hidden::escape(rest))),
            None => self.out(text),
        }
    }

    /// Writes a result as pretty JSON on stdout; reports the problem and returns false when it
    /// cannot be serialised (nothing is written silently empty).
    pub fn json<T: serde::Serialize>(&self, value: &T) -> bool {
        self.json_as(value, false)
    }

    /// [`Ui::json`], or with `compact` the JSON without whitespace (`serde_json::to_string`).
    pub fn json_as<T: serde::Serialize>(&self, value: &T, compact: bool) -> bool {
        let text = if compact { serde_json::to_string(value) } else { serde_json::to_string_pretty(value) };
        match text {
            Ok(s) => {
                self.out_json(&format!("{s}\n"));
                true
            }
            Err(e) => {
                self.run_problem(crate::run_problems::Run::Json { why: e.to_string() });
                false
            }
        }
    }

    /// Writes a line to stderr.
    pub fn note(&self, text: &str) {
        if !self.json && !self.silent {
            let _ = writeln!(std::io::stderr().lock(), "{}", rubric_syntax::hidden::escape(text));
        }
    }

    /// Writes the diagnostics of a load, errors first; returns (errors, warnings).
    pub fn load_report(&self, load: &Load) -> (usize, usize) {
        self.show_report(&load.report, &load.sources)
    }

    /// Shows a report's diagnostics, as `load_report` does; returns (errors, warnings).
    pub fn show_report(&self, report: &rubric::Report, sources: &rubric::Sources) -> (usize, usize) {
        let mut shown: Vec<rubric::Diagnostic> = report.errors().map(|d| d.in_lang(self.lang)).collect();
        let errors = shown.len();
        shown.extend(report.warnings().map(|d| d.in_lang(self.lang)));
        let limit = if self.json { SHOWN_JSON } else { SHOWN };
        if self.json {
            let mut out = String::new();
            for d in shown.iter().take(limit) {
                out.push_str(&rubric_out::diag::rule_json(d, sources).to_string());
                out.push('\n');
            }
            if !out.is_empty() {
                self.err(&out);
            }
        } else {
            for d in shown.iter().take(limit) {
                self.err(&render(&d.to_report(sources), self.color));
            }
        }
        if let Some(more) = shown.len().checked_sub(limit).filter(|&n| n > 0) {
            let message =
                format!("… {more} more problems not shown (the first {limit} are above); fix those and check again");
            if self.json {
                self.json_line(&serde_json::json!({"severity": "note", "code": "rulecheck::more", "message": message, "more": more}));
            } else {
                self.err(&format!("{message}\n"));
            }
        }
        (errors, shown.len() - errors)
    }

    /// Writes an error that has no rule-file span (facts, scoring), a scoring or facts error in
    /// the language of messages ([`Render::error`]).
    pub fn error<E: Diagnostic + 'static>(&self, e: &E) {
        let any: &dyn std::any::Any = e;
        if self.lang == Lang::En {
            return self.show_error(e);
        }
        let said = match (any.downcast_ref::<rubric::EvalError>(), any.downcast_ref::<rubric::FactsError>()) {
            (Some(e), _) => self.says().error(e),
            (None, Some(e)) => self.says().facts_error(e),
            (None, None) => match any.downcast_ref::<rubric_xlsx::WorkbookError>() {
                Some(w) => w.said(&self.says()),
                None => return self.show_error(e),
            },
        };
        self.show_error(&said);
    }

    fn show_error(&self, e: &dyn Diagnostic) {
        if self.json {
            self.json_line(&rubric_out::diag::plain_json(e));
        } else {
            let mut out = String::new();
            let handler = handler(self.color);
            let safe = rubric::safe::Safe::new(e);
            if handler.render_report(&mut out, &safe).is_err() {
                out = safe.to_string();
            }
            self.err(&out);
        }
    }

    /// Writes a note, in the language of messages.
    pub fn say(&self, n: &crate::run_problems::Note<'_>) {
        self.note(&n.said(self.lang));
    }

    /// Writes a problem met while running, in the language of messages.
    pub fn run_problem(&self, r: crate::run_problems::Run<'_>) {
        self.report(&crate::problems::Problem::Run(r));
    }

    /// Writes a command-line problem rulecheck itself finds, in the language of messages.
    pub fn report(&self, p: &crate::problems::Problem<'_>) {
        let (message, help) = p.said(self.lang);
        self.problem(&message, help.as_deref());
    }

    /// Writes a command-line problem (a missing file, an unknown unit).
    pub fn problem(&self, message: &str, help: Option<&str>) {
        let message = &rubric::safe::clip(message.to_string());
        let help = help.map(|h| rubric::safe::clip(h.to_string()));
        let help = help.as_deref();
        if self.json {
            self.json_line(
                &serde_json::json!({"severity": "error", "code": "rulecheck::input", "message": message, "help": help}),
            );
        } else {
            let mut text = format!("error: {}\n", rubric::safe::clean_text(message));
            if let Some(h) = help {
                text.push_str(&format!("  help: {}\n", rubric::safe::clean_text(h)));
            }
            self.err(&text);
        }
    }

    /// Writes rendered diagnostics to stderr. Their text is already safe (`rubric::safe`), and
    /// may hold the colour escapes miette writes on purpose.
    fn err(&self, text: &str) {
        if self.silent {
            return;
        }
        let mut stderr = std::io::stderr().lock();
        let _ = stderr.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = stderr.write_all(b"\n");
        }
    }

    fn json_line(&self, v: &serde_json::Value) {
        if self.silent {
            return;
        }
        let _ = writeln!(std::io::stderr().lock(), "{}", rubric_syntax::hidden::escape_json(&v.to_string()));
    }
}

/// The language of results (explanations, headings of tables, sheets), set once from
/// `--lang` when the command starts.
static TEXT: OnceLock<Lang> = OnceLock::new();

/// The renderer of results: in the language of `--lang`, Chinese without it.
pub fn words() -> Render<'static> {
    Render::new(TEXT.get().copied().unwrap_or(Lang::Zh))
}

/// The languages of results and of messages, from `--lang` and the locale (`env` reads a
/// variable). `--lang` sets both. Without it, results are in Chinese, the language of the rule
/// files and of the offices that read them, and messages follow the locale: Chinese when the
/// first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set (and not empty) starts with `zh`,
/// English otherwise.
pub fn langs(flag: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> (Lang, Lang) {
    if let Some(l) = flag {
        return (l, l);
    }
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(|k| env(k).filter(|v| !v.is_empty()));
    let messages = if locale.is_some_and(|v| v.starts_with("zh")) { Lang::Zh } else { Lang::En };
    (Lang::Zh, messages)
}

/// Writes to stdout; a closed pipe (`| head`) ends output quietly.
fn write_out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
}

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false)
}

/// Renders a report as text.
pub fn render(report: &miette::Report, color: bool) -> String {
    let mut out = String::new();
    if handler(color).render_report(&mut out, report.as_ref()).is_err() {
        out = format!("{report}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--lang`, the locale variables set, and the languages of results and messages.
    type Case = (Option<Lang>, &'static [(&'static str, &'static str)], (Lang, Lang));

    #[test]
    fn the_languages_come_from_the_flag_then_the_locale() {
        let cases: &[Case] = &[
            (None, &[], (Lang::Zh, Lang::En)),
            (None, &[("LANG", "zh_CN.UTF-8")], (Lang::Zh, Lang::Zh)),
            (None, &[("LANG", "en_US.UTF-8")], (Lang::Zh, Lang::En)),
            (None, &[("LANG", "C")], (Lang::Zh, Lang::En)),
            (None, &[("LC_ALL", "en_GB.UTF-8"), ("LANG", "zh_CN.UTF-8")], (Lang::Zh, Lang::En)),
            (None, &[("LC_MESSAGES", "zh_TW.UTF-8"), ("LANG", "en_US.UTF-8")], (Lang::Zh, Lang::Zh)),
            (None, &[("LC_ALL", ""), ("LANG", "zh_CN.GB18030")], (Lang::Zh, Lang::Zh)),
            (Some(Lang::En), &[("LANG", "zh_CN.UTF-8")], (Lang::En, Lang::En)),
            (Some(Lang::Zh), &[("LANG", "en_US.UTF-8")], (Lang::Zh, Lang::Zh)),
        ];
        for (flag, vars, want) in cases {
            let env = |k: &str| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string());
            assert_eq!(langs(*flag, env), *want, "--lang {flag:?} with {vars:?}");
        }
    }
}
