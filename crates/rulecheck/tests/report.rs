//! `rulecheck report`: the page's HTML (snapshot), escaping of every value from the input, the
//! refusals, and the page as a real browser shows it (headless Chromium: the DOM it builds, a
//! screenshot that is not blank, and the PDF it prints).
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use insta_cmd::get_cargo_bin;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rulecheck() -> Command {
    let mut c = Command::new(get_cargo_bin("rulecheck"));
    c.current_dir(root()).env("NO_COLOR", "1").arg("--color").arg("never");
    c
}

fn run(c: &mut Command) -> (String, String, i32) {
    let Output { status, stdout, stderr } = c.output().unwrap();
    (String::from_utf8(stdout).unwrap(), String::from_utf8(stderr).unwrap(), status.code().unwrap_or(-1))
}

/// The page with a line break between tags, so that a snapshot's diff shows what changed.
fn lines(html: &str) -> String {
    html.replace("><", ">\n<")
}

/// The shipped rubric and the facts the offices' CSV export gives (and its table of 六.2.2's
/// payments, named so that no note is said), for 鄂托克旗.
const WUSHEN: [&str; 7] = [
    "report",
    "rules/wushen-2024.rubric",
    "tests/facts/wushen-2024.csv",
    "--list",
    "抚恤发放=tests/facts/wushen-2024.抚恤发放.csv",
    "--unit",
    "鄂托克旗",
];

#[test]
fn the_page_of_a_shipped_rubric() {
    let (html, err, code) = run(rulecheck().args(WUSHEN));
    assert_eq!((code, err.as_str()), (0, ""), "{err}");
    assert!(html.starts_with("<!DOCTYPE html>"));
    for needed in ["鄂托克旗 考核结果反馈", "第4名 / 5个单位", "82.7 / 100", "<svg", "责任股室", "提升建议"]
    {
        assert!(html.contains(needed), "the page lacks {needed}");
    }
    // Self-contained: no script, nothing fetched.
    for absent in ["<script", "<link", "src=", "http://", "https://", "@import"] {
        let allowed = absent == "http://"
            && html.matches(absent).count() == 1
            && html.contains("xmlns=\"http://www.w3.org/2000/svg\"");
        assert!(allowed || !html.contains(absent), "the page has {absent}");
    }
    // The chart's labels are the sections' Chinese titles, as SVG text the browser lays out.
    let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
    assert!(svg.contains(">\n三 思想政治权益维护工作\n</text>") && svg.contains(">\n−3.3\n</text>"), "{svg}");
    insta::assert_snapshot!(lines(&html));
}

#[test]
fn the_page_in_english() {
    let (html, _, code) = run(rulecheck().args(WUSHEN).args(["--lang", "en"]));
    assert_eq!(code, 0);
    assert!(html.contains("4 of 5 units") && html.contains("Points lost by section") && html.contains("lang=\"en\""));
}

/// Writes a rubric and facts whose every name, title and text is markup, and returns the page.
fn hostile_page(dir: &Path) -> String {
    let rules = dir.join("hostile.rubric");
    std::fs::write(
        &rules,
        r#"rubric "<script>alert('rubric')</script>" {
  fact 次数: count "<i>说明</i>"
  section 一 "<img src=x onerror=alert(1)>" max 4 {
    office "<b>办公室</b>"
    owner "\"引号\" & 'quote'"
    item 一.1 "</td><script>alert(2)</script>" max 4 {
      text "<a href='javascript:alert(3)'>标准</a>"
      deduct 1 per 次数 "<u>每次扣1分</u>"
    }
  }
}
"#,
    )
    .unwrap();
    let facts = dir.join("hostile.facts.json");
    std::fs::write(
        &facts,
        r#"{"units": [{"unit": "<script>alert(1)</script>", "facts": {"次数": 2}}, {"unit": "乙", "facts": {"次数": 0}}]}"#,
    )
    .unwrap();
    let (html, err, code) =
        run(rulecheck().args(["report"]).arg(&rules).arg(&facts).args(["--unit", "<script>alert(1)</script>"]));
    assert_eq!(code, 0, "{err}");
    html
}

#[test]
fn every_value_from_the_input_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let html = hostile_page(dir.path());
    assert!(!html.contains("<script"), "{html}");
    assert!(
        !html.contains("<img") && !html.contains("<b>") && !html.contains("<a ") && !html.contains("<u>"),
        "{html}"
    );
    for shown in [
        "&lt;script&gt;alert(1)&lt;/script&gt; 考核结果反馈",
        "&lt;script&gt;alert('rubric')&lt;/script&gt;",
        "一 &lt;img src=x onerror=alert(1)&gt;",
        "&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;",
        "&lt;a href='javascript:alert(3)'&gt;标准&lt;/a&gt;",
        "&lt;b&gt;办公室&lt;/b&gt;",
        "&quot;引号&quot; &amp; 'quote'",
        "&lt;u&gt;每次扣1分&lt;/u&gt;",
    ] {
        assert!(html.contains(shown), "the page lacks {shown}: {html}");
    }
}

#[test]
fn characters_that_hide_or_reorder_text_show_as_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let facts = dir.path().join("names.facts.json");
    let clerk = std::fs::read_to_string(root().join("tests/cli/clerk.facts.json")).unwrap();
    std::fs::write(&facts, clerk.replace("\"甲镇\"", "\"乙\\u202e镇丙\\u001b[2J\"")).unwrap();
    let (html, err, code) = run(rulecheck()
        .args(["report", "tests/cli/clerk.rubric"])
        .arg(&facts)
        .args(["--unit", "乙\u{202e}镇丙\u{1b}[2J"]));
    assert_eq!(code, 0, "{err}");
    assert!(html.contains("<h1>乙\\u{202e}镇丙\\u{1b}[2J 考核结果反馈</h1>"), "{html}");
    assert!(!html.contains('\u{202e}') && !html.contains('\u{1b}'));
}

#[test]
fn a_rubric_in_periods_has_each_period_with_its_own_suggestions() {
    let (html, err, code) = run(rulecheck().args([
        "report",
        "rules/county-2021/service-center.rubric",
        "rules/county-2021/service-center.facts.json",
        "--unit",
        "县退役军人服务中心",
    ]));
    assert_eq!(code, 0, "{err}");
    for needed in [
        "<dd>119 / 160</dd>",
        "第2名 / 2个单位",
        "总分 119 / 160（平时 62 × 1 + 年底 57 × 1）",
        "【平时】平时考核（截至8月底）",
        "【年底】年底考核（截至12月底）",
        "本期可增",
        "扣 3分（3 × 服务质量投诉次数 1）：受到服务质量投诉的扣3分",
        "平时 · 履行职责",
    ] {
        assert!(html.contains(needed), "the page lacks {needed}: {html}");
    }
    assert_eq!(html.matches("<section class=\"period\"").count(), 2);
}

#[test]
fn facts_from_a_workbook() {
    // The workbook LibreOffice made (tests/xlsx/make.sh): its column `联系人` is not a fact, which
    // is reported once and exits with 2 after the page is written, as for every command.
    let (html, err, code) =
        run(rulecheck().args(["report", "tests/xlsx/facts.rubric", "tests/xlsx/units.xlsx", "--unit", "杭锦旗"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`联系人`, is not a fact of the rubric"), "{err}");
    assert!(html.contains("<h1>杭锦旗 考核结果反馈</h1>") && html.contains("第3名 / 3个单位"), "{html}");
}

#[test]
fn a_cohort_rubric_says_why_it_has_no_suggestions() {
    let (html, err, code) = run(rulecheck().args([
        "report",
        "tests/cli/rank-band.rubric",
        "tests/cli/rank-band.facts.json",
        "--unit",
        "丙旗",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(html.contains("第3名 / 4个单位"), "{html}");
    assert!(html.contains("与其他单位比较"), "{html}");
}

#[test]
fn refusals_say_what_to_do() {
    let (_, err, code) = run(rulecheck().args(WUSHEN.map(|a| if a == "鄂托克旗" { "无此旗" } else { a })));
    assert_eq!(code, 2);
    assert!(err.contains("no unit `无此旗`") && err.contains("鄂托克旗"), "{err}");

    // No browser on PATH: --pdf is an error that says how to install one, before any work.
    let empty = tempfile::tempdir().unwrap();
    let (_, err, code) = run(rulecheck().env("PATH", empty.path()).args(WUSHEN).args(["--pdf", "never.pdf"]));
    assert_eq!(code, 2);
    assert!(err.contains("no Chromium on PATH") && err.contains("apt-get install chromium"), "{err}");
    assert!(!root().join("never.pdf").exists());
}

/// Headless Chromium, which CI installs (`.ci/run`); a missing one fails the test.
fn chromium() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|n| std::env::split_paths(&path).map(|d| d.join(n)).find(|p| p.is_file()))
        .unwrap_or_else(|| {
            panic!(
                "the browser test needs Chromium: install it (`apt-get install chromium fonts-wqy-zenhei` on Debian)"
            )
        })
}

/// Runs headless Chromium on a page, with a profile in `dir`.
fn browse(dir: &Path, page: &Path, what: &[&str]) -> Output {
    let url = format!("file://{}", page.display());
    Command::new(chromium())
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1"])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .args(what)
        .arg(url)
        .output()
        .unwrap()
}

/// The screenshot of the page's top: the command docs/report.png was made with (copied there
/// when `RULECHECK_DOCS_SCREENSHOT=1`).
fn screenshot(dir: &Path, page: &Path) -> PathBuf {
    let png = dir.join("report.png");
    let shot = format!("--screenshot={}", png.display());
    let out = browse(dir, page, &["--window-size=820,1100", &shot]);
    assert!(png.is_file(), "no screenshot: {}", String::from_utf8_lossy(&out.stderr));
    png
}

#[test]
fn a_real_browser_shows_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("鄂托克旗.html");
    let (_, err, code) = run(rulecheck().args(WUSHEN).arg("-o").arg(&page));
    assert_eq!(code, 0, "{err}");

    // The DOM the browser built: the unit, the total, the first lost row and its reason.
    let dom = browse(dir.path(), &page, &["--dump-dom"]);
    let dom = String::from_utf8(dom.stdout).unwrap();
    for shown in [
        "<h1>鄂托克旗 考核结果反馈</h1>",
        "<dd>82.7 / 100</dd>",
        "一.1 领导小组会议",
        "未得 3分：未满足 领导小组全体会议次数 &gt;= 2",
        "<dd class=\"office\">办公室</dd>",
    ] {
        assert!(dom.contains(shown), "the browser's DOM lacks {shown}: {dom}");
    }

    // The screenshot is a picture of the page, not a blank one: many colours, the red of the
    // bars and headings among them, and much of it not white.
    let png = screenshot(dir.path(), &page);
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{:?}", info.color_type);
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(channels).map(|p| &p[..3]).collect();
    assert_eq!((info.width, info.height), (820, 1100));
    let colours: std::collections::HashSet<&[u8]> = pixels.iter().copied().collect();
    let inked = pixels.iter().filter(|p| p.iter().any(|c| *c < 200)).count();
    let red = pixels.iter().filter(|p| p[0] > 150 && p[1] < 90 && p[2] < 90).count();
    assert!(colours.len() > 50, "{} colours", colours.len());
    assert!(inked * 100 > pixels.len() * 3, "{inked} of {} pixels inked", pixels.len());
    assert!(red > 2_000, "{red} red pixels");
    if std::env::var_os("RULECHECK_DOCS_SCREENSHOT").is_some() {
        std::fs::copy(&png, root().join("docs/report.png")).unwrap();
    }
}

#[test]
fn the_pdf_is_printed_by_chromium() {
    chromium();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("鄂托克旗.pdf");
    let (out, err, code) = run(rulecheck().args(WUSHEN).arg("--pdf").arg(&pdf));
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF") && bytes.len() > 10_000, "{} bytes", bytes.len());
}

#[test]
fn the_page_shows_the_grade_after_quotas() {
    let (html, err, code) =
        run(rulecheck().args(["report", "tests/cli/grades.rubric", "tests/cli/grades.facts.json", "--unit", "乙"]));
    assert_eq!(code, 0, "{err}");
    assert!(html.contains("<dt>\n等次\n</dt>") || html.contains("<dt>等次</dt>"), "{html}");
    assert!(html.contains("并列第3名的2个单位均调整为良好"), "{html}");
    insta::assert_snapshot!(lines(&html));
}
