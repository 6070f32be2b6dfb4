//! `rulecheck report`: one unit's results as a self-contained HTML page to hand it (考核结果反馈),
//! laid out by `rubric-html`, and printed to PDF by headless Chromium when asked.

use crate::files::{pick, read_facts_for, rubric_for_scoring};
use crate::run_problems::{Pdf, Run};
use crate::ui::{BAD_INPUT, OK, Ui};
use rubric_out::rank::Failure;
use rubric_out::report::PageError;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Arguments of `report`.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// The rule file.
    pub rules: String,
    /// The facts file (.json, .csv, .xlsx or .toml); the unit is ranked among all its units.
    pub facts: String,
    /// The unit the page is for.
    #[arg(long)]
    pub unit: String,
    /// The HTML file to write; without it (and without --pdf) the page goes to stdout.
    #[arg(short, long, value_name = "FILE.html")]
    pub output: Option<String>,
    /// Also print the page to a PDF (A4) with headless Chromium: `chromium`, `chromium-browser`
    /// or `google-chrome` on PATH.
    #[arg(long, value_name = "FILE.pdf")]
    pub pdf: Option<String>,
}

/// Browsers that print to PDF, looked for on PATH in this order.
const BROWSERS: [&str; 4] = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/// How long Chromium may take to print the page.
const PRINT_TIMEOUT: Duration = Duration::from_secs(120);

/// Runs the command.
pub fn run(ui: &Ui, args: &ReportArgs) -> u8 {
    let browser = match &args.pdf {
        None => None,
        Some(pdf) => match find_browser() {
            Some(b) => Some(b),
            None => {
                ui.run_problem(Run::Pdf { pdf, why: Pdf::NoBrowser });
                return BAD_INPUT;
            }
        },
    };
    let rubric = match rubric_for_scoring(ui, &args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let Some(units) = read_facts_for(ui, &args.facts, &rubric) else { return BAD_INPUT };
    let Some(unit) = pick(ui, &units, Some(&args.unit), &args.facts).and_then(|p| p.first().copied()) else {
        return BAD_INPUT;
    };
    // Every unit is scored: the page gives the unit's rank among them, and rules that compare
    // units need them all. Only the unit's own breakdown is kept.
    let (failures, page) = rubric_out::report::unit_page(&rubric, &units, unit, crate::ui::words().lang());
    for f in &failures {
        match f {
            Failure::Eval(_, e) => ui.error(e),
            Failure::NoBreakdown(u) => ui.run_problem(Run::NoBreakdown { unit: Some(u) }),
        }
    }
    let failed = !failures.is_empty();
    let Some(page) = page else { return BAD_INPUT };
    if failed {
        ui.say(&crate::run_problems::Note::LeftOutOfRank);
    }
    let html = match page {
        Ok(h) => h,
        Err(PageError::Eval(e)) => {
            ui.error(&e);
            return BAD_INPUT;
        }
        Err(PageError::Chart(what)) => {
            ui.run_problem(Run::Bug { what });
            return BAD_INPUT;
        }
    };
    let code = write(ui, args, browser.as_deref(), &html);
    if failed { BAD_INPUT } else { code }
}

/// Writes the page where asked: the HTML file, the PDF, or stdout.
fn write(ui: &Ui, args: &ReportArgs, browser: Option<&Path>, html: &str) -> u8 {
    if let Some(out) = &args.output {
        if let Err(e) = std::fs::write(out, html) {
            ui.run_problem(Run::CannotWrite { path: Some(out), why: crate::problems::Why::of(&e) });
            return BAD_INPUT;
        }
    }
    match (&args.pdf, browser) {
        (Some(pdf), Some(browser)) => print_pdf(ui, browser, args.output.as_deref(), html, pdf),
        _ if args.output.is_none() => {
            ui.out(html);
            OK
        }
        _ => OK,
    }
}

/// The first browser of [`BROWSERS`] on PATH.
fn find_browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    BROWSERS.iter().find_map(|name| std::env::split_paths(&path).map(|dir| dir.join(name)).find(|p| p.is_file()))
}

/// Prints the page to `pdf` with headless Chromium, from the HTML file written (or a scratch
/// copy), with a profile of its own that is removed afterwards.
fn print_pdf(ui: &Ui, browser: &Path, written: Option<&str>, html: &str, pdf: &str) -> u8 {
    let scratch = std::env::temp_dir().join(format!("rulecheck-report-{}", std::process::id()));
    let code = print_in(ui, browser, &scratch, written, html, pdf);
    let _ = std::fs::remove_dir_all(&scratch);
    code
}

fn print_in(ui: &Ui, browser: &Path, scratch: &Path, written: Option<&str>, html: &str, pdf: &str) -> u8 {
    let fail = |why: Pdf| {
        ui.run_problem(Run::Pdf { pdf, why });
        BAD_INPUT
    };
    let lower = |e: std::io::Error| e.to_string().to_lowercase();
    if let Err(e) = std::fs::create_dir_all(scratch) {
        return fail(Pdf::Scratch(lower(e)));
    }
    let page = match written {
        Some(p) => PathBuf::from(p),
        None => scratch.join("report.html"),
    };
    if written.is_none() {
        if let Err(e) = std::fs::write(&page, html) {
            return fail(Pdf::Page(lower(e)));
        }
    }
    let (Ok(page), Ok(cwd)) = (std::fs::canonicalize(&page), std::env::current_dir()) else {
        return fail(Pdf::NoPage);
    };
    let target = cwd.join(pdf);
    let _ = std::fs::remove_file(&target);
    let mut command = std::process::Command::new(browser);
    command
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf-no-header"])
        .arg(format!("--user-data-dir={}", scratch.join("profile").display()))
        .arg(format!("--print-to-pdf={}", target.display()))
        .arg(file_url(&page))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let status = match command.spawn() {
        Ok(mut child) => wait(&mut child),
        Err(e) => Err(Pdf::Start(browser.display().to_string(), lower(e))),
    };
    let shown = browser.display().to_string();
    match status {
        Err(why) => fail(why),
        Ok(false) => fail(Pdf::Failed(shown)),
        Ok(true) => match std::fs::read(&target) {
            Ok(bytes) if bytes.starts_with(b"%PDF") => OK,
            _ => fail(Pdf::Empty(shown)),
        },
    }
}

/// Waits for the browser, at most [`PRINT_TIMEOUT`]; whether it succeeded.
fn wait(child: &mut std::process::Child) -> Result<bool, Pdf> {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status.success()),
            Ok(None) if start.elapsed() < PRINT_TIMEOUT => std::thread::sleep(Duration::from_millis(100)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Pdf::Timeout(PRINT_TIMEOUT.as_secs()));
            }
            Err(e) => return Err(Pdf::Wait(e.to_string().to_lowercase())),
        }
    }
}

/// `file:///…` for an absolute path, every byte but unreserved ones and `/` percent-encoded.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_urls_encode_what_a_url_would_misread() {
        let url = super::file_url(std::path::Path::new("/tmp/a b/鄂#1.html"));
        assert_eq!(url, "file:///tmp/a%20b/%E9%84%82%231.html");
    }
}
