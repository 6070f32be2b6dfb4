//! The page of `rulecheck serve` in a real browser: headless Chromium (Debian's `chromium`,
//! driven by `chromium-driver` over WebDriver) against the service on loopback. A clerk's path:
//! upload the shipped example workbook, read the ranking and one unit's breakdown (the figures
//! `rulecheck eval` gives for the same workbook), see what would raise it, download the results
//! and the unit's report; a unit named `<script>` shows as text; facts with errors are shown
//! located. Needs Chromium: a missing browser fails (`.ci/run` installs it).
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::print_stderr)] // test code: failing loudly is the point

mod browser_kit;

use browser_kit::{Browser, root};
use serde_json::json;
use std::path::Path;

/// `rulecheck rank rules/wushen-2024.rubric tests/xlsx/wushen-2024.xlsx`: rank, unit, total and
/// each section's score.
const RANKING: [[&str; 10]; 5] = [
    ["1", "乌审旗", "99", "10", "10", "14.5", "15", "15", "14.5", "20"],
    ["2", "杭锦旗", "86.6", "10", "7", "11.6", "15", "15", "11", "17"],
    ["3", "准格尔旗", "83.5", "7", "9", "11.5", "14", "14", "13", "15"],
    ["4", "鄂托克旗", "82.7", "7", "10", "11", "13", "12", "11.7", "18"],
    ["5", "达拉特旗", "58.3", "5.5", "6", "5.8", "10", "9", "8", "14"],
];

/// The part of a `score / max` cell before the slash.
fn score(cell: &str) -> &str {
    cell.split(" / ").next().unwrap_or(cell).trim()
}

/// Waits for the page to list the rubrics and chooses `id`.
async fn choose(b: &Browser, id: &str) {
    b.until("the rubrics", "return document.querySelectorAll('#rubric option').length > 0", 30).await;
    b.js(
        "const s = document.getElementById('rubric'); s.value = arguments[0]; s.dispatchEvent(new Event('change'));",
        vec![json!(id)],
    )
    .await;
}

/// Uploads `file` and waits for the ranking.
async fn upload(b: &Browser, file: &Path) {
    b.upload("#file", file).await;
    b.until("the ranking", "return !document.getElementById('step-rank').hidden && document.querySelectorAll('#ranking tr[data-unit]').length > 0", 60).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerk_scores_the_example_workbook_and_downloads_the_results() {
    let service = browser_kit::Service::start(&root().join("rules")).await;
    let b = Browser::start(1280, 1500).await;
    b.client.goto(&service.url("/")).await.unwrap();
    choose(&b, "wushen-2024").await;
    upload(&b, &root().join("tests/xlsx/wushen-2024.xlsx")).await;

    // The ranking: every unit's rank, total and sections, as `rulecheck rank` gives them.
    let rows = b.cells("#ranking tr[data-unit]").await;
    assert_eq!(rows.len(), RANKING.len(), "{rows:?}");
    for (row, want) in rows.iter().zip(RANKING) {
        let got: Vec<&str> = row.iter().enumerate().map(|(i, c)| if i < 2 { c.trim() } else { score(c) }).collect();
        assert_eq!(got, want, "{row:?}");
        assert!(row[2].ends_with("/ 100"), "{row:?}");
    }

    // One unit's breakdown: the total and every row, each with the service's `eval` figures.
    b.click("#ranking button[data-unit='鄂托克旗']").await;
    b.until("the breakdown", "return !document.getElementById('step-unit').hidden && document.querySelectorAll('#breakdown tr[data-id]').length > 0", 60).await;
    let total = b.js("return document.getElementById('unit-total').textContent", vec![]).await;
    assert!(
        total.as_str().unwrap().contains("82.7 / 100") && total.as_str().unwrap().contains("第4名 / 5个单位"),
        "{total}"
    );
    let expected = service.eval("wushen-2024", "鄂托克旗", &root().join("tests/xlsx/wushen-2024.xlsx")).await;
    let shown = b.cells("#breakdown tr[data-id]").await;
    let mut want = vec![];
    flatten(&expected["units"][0]["children"], &mut want);
    assert_eq!(shown.len(), want.len(), "{shown:?}");
    for (row, (id, s, m)) in shown.iter().zip(&want) {
        assert_eq!(
            (row[0].as_str(), row[2].as_str(), row[3].as_str()),
            (id.as_str(), s.as_str(), m.as_str()),
            "{row:?}"
        );
    }
    // 一.1 lost all its 3 points, and the page says why and marks it.
    let lost = b.cells("#breakdown tr.lost[data-id='一.1']").await;
    assert_eq!(lost.len(), 1, "一.1 is not marked as lost");
    // The reason is the sentence `rulecheck eval rules/wushen-2024.rubric tests/xlsx/wushen-2024.xlsx
    // --unit 鄂托克旗` prints for the row.
    assert_eq!(
        lost[0][4],
        "未得 3分：未满足 领导小组全体会议次数 >= 2 and 按需召开专题会议 and 联络员会议次数 >= 1\
         （领导小组全体会议次数=1，按需召开专题会议=是，联络员会议次数=1）"
    );
    let lost_rows = b.js("return document.querySelectorAll('#breakdown tr.lost').length", vec![]).await;
    assert!(lost_rows.as_u64().unwrap() > 5, "{lost_rows}");
    // What would raise it.
    b.until("the hints", "return document.querySelectorAll('#hints li, #whatif tr').length > 1", 30).await;

    // The screenshot of docs/service.png: the page's top, the ranking and the unit's first rows.
    b.js("window.scrollTo(0, 0)", vec![]).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let png = b.client.screenshot().await.unwrap();
    check_screenshot(&png);
    if std::env::var_os("RULECHECK_DOCS_SCREENSHOT").is_some() {
        std::fs::write(root().join("docs/service.png"), &png).unwrap();
    }

    // The unit's report, downloaded as the page the CLI's `report` writes.
    b.click("#download-report").await;
    let report = std::fs::read_to_string(b.downloaded("鄂托克旗.html").await).unwrap();
    assert!(report.contains("鄂托克旗 考核结果反馈") && report.contains("82.7 / 100"), "{report}");

    // The results workbook, downloaded and read back: the ranking sheet has the same figures.
    b.click("#download-xlsx").await;
    let xlsx = b.downloaded("计分结果.xlsx").await;
    let sheet = ranking_sheet(&xlsx);
    for want in RANKING {
        let row =
            sheet.iter().find(|r| r.get(1).map(String::as_str) == Some(want[1])).unwrap_or_else(|| panic!("{sheet:?}"));
        assert_eq!(row[..want.len()], want.map(String::from), "{sheet:?}");
    }

    // The blank workbook to fill in.
    b.click("#template").await;
    let template = b.downloaded("wushen-2024.facts.xlsx").await;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&template).unwrap();
    let facts = calamine::Reader::worksheet_range(&mut book, "事实").unwrap();
    assert_eq!(facts.get((0, 0)).map(ToString::to_string).as_deref(), Some("单位"));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_with_a_token_asks_for_it() {
    let token = "a-token-for-the-browser-test";
    let service = browser_kit::Service::start_with(&root().join("rules"), Some(token)).await;
    let b = Browser::start(1280, 900).await;
    b.client.goto(&service.url("/")).await.unwrap();
    let input = b
        .client
        .wait()
        .at_most(std::time::Duration::from_secs(30))
        .for_element(fantoccini::Locator::Css("#token"))
        .await;
    input.unwrap().send_keys(token).await.unwrap();
    b.click("#errors button").await;
    choose(&b, "wushen-2024").await;
    b.click("#example").await;
    b.until("the ranking", "return document.querySelectorAll('#ranking tr[data-unit]').length == 5", 60).await;
    b.close().await;
}

/// Every node of an `eval` breakdown in the document's order: id, score, max.
fn flatten(nodes: &serde_json::Value, out: &mut Vec<(String, String, String)>) {
    for n in nodes.as_array().unwrap() {
        out.push((
            n["id"].as_str().unwrap().into(),
            n["score"].as_str().unwrap().into(),
            n["max"].as_str().unwrap().into(),
        ));
        flatten(&n["children"], out);
    }
}

/// The sheet `排名` of a results workbook, each cell as text.
fn ranking_sheet(path: &Path) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range("排名").unwrap();
    range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

/// A screenshot is a picture of the page: the right size, many colours, the header's red.
fn check_screenshot(png: &[u8]) {
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(channels).map(|p| &p[..3]).collect();
    let colours: std::collections::HashSet<&[u8]> = pixels.iter().copied().collect();
    let red = pixels.iter().filter(|p| p[0] > 150 && p[1] < 90 && p[2] < 90).count();
    assert!(
        info.width >= 1000 && colours.len() > 50 && red > 10_000,
        "{}×{}, {} colours, {red} red",
        info.width,
        info.height,
        colours.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_made_of_markup_are_text_and_errors_are_located() {
    let service = browser_kit::Service::start(&root().join("rules")).await;
    let dir = tempfile::tempdir().unwrap();
    let script = "<script>alert(1)</script>";
    let img = "<img src=x onerror=\"document.title='pwned'\">";
    let example = std::fs::read_to_string(root().join("rules/wushen-2024.facts.json")).unwrap();
    let hostile = example
        .replace("\"鄂托克旗\"", &serde_json::to_string(script).unwrap())
        .replace("\"杭锦旗\"", &serde_json::to_string(img).unwrap());
    let facts = dir.path().join("hostile.json");
    std::fs::write(&facts, hostile).unwrap();

    let b = Browser::start(1280, 900).await;
    b.client.goto(&service.url("/")).await.unwrap();
    choose(&b, "wushen-2024").await;
    upload(&b, &facts).await;
    let units: Vec<String> = b.cells("#ranking tr[data-unit]").await.into_iter().map(|r| r[1].clone()).collect();
    assert!(units.contains(&script.to_string()) && units.contains(&img.to_string()), "{units:?}");
    let buttons = b.client.find_all(fantoccini::Locator::Css("#ranking button[data-unit]")).await.unwrap();
    let mut hostile_button = None;
    for button in buttons {
        if button.text().await.unwrap() == script {
            hostile_button = Some(button);
        }
    }
    hostile_button.unwrap().click().await.unwrap();
    b.until("the breakdown", "return !document.getElementById('step-unit').hidden", 60).await;
    let shown = b.js("return [document.getElementById('unit-title').textContent, document.scripts.length, document.querySelectorAll('main img').length, document.title]", vec![]).await;
    assert_eq!(shown, json!([script, 1, 0, "绩效考评计分"]));
    assert!(b.client.get_alert_text().await.is_err(), "an alert is open");

    // A workbook with a column that is no fact, and a count that is no number: each problem
    // shown with its unit, row and column.
    let csv = std::fs::read_to_string(root().join("tests/facts/wushen-2024.csv")).unwrap();
    let bad = dir.path().join("错误.csv");
    std::fs::write(
        &bad,
        csv.replacen("单位,", "单位,联系人,", 1)
            .replace("\n乌审旗,", "\n乌审旗,张三,")
            .replace("\n杭锦旗,", "\n杭锦旗,,")
            .replace("\n准格尔旗,", "\n准格尔旗,,")
            .replace("\n鄂托克旗,", "\n鄂托克旗,,")
            .replace("\n达拉特旗,", "\n达拉特旗,,"),
    )
    .unwrap();
    b.upload("#file", &bad).await;
    b.until("the errors", "return !document.getElementById('errors').hidden", 30).await;
    let errors = b.js("return document.getElementById('errors').innerText", vec![]).await;
    assert!(errors.as_str().unwrap().contains("联系人"), "{errors}");

    // A count that is no number: the unit is left out of the ranking, with the cell said.
    let bad = dir.path().join("数值错误.csv");
    std::fs::write(&bad, csv.replacen("\n鄂托克旗,1,", "\n鄂托克旗,很多,", 1)).unwrap();
    b.upload("#file", &bad).await;
    b.until("the failed units", "return document.getElementById('failed').textContent.includes('很多')", 30).await;
    let failed = b.js("return document.getElementById('failed').innerText", vec![]).await;
    let failed = failed.as_str().unwrap();
    assert!(
        failed.contains("单位 `鄂托克旗`")
            && failed.contains("事实 `领导小组全体会议次数`（第 4 行 B 列）：应为数字，实为 \"很多\""),
        "{failed}"
    );
    assert!(!failed.contains("乌审旗：单位"), "the unit is said twice: {failed}");
    b.close().await;
}

/// A rubric with a fact of each kind the form has a control for.
const FORM_RUBRIC: &str = r#"rubric "表单测试" {
  fact 按时上报: bool "按时上报了年度计划"
  fact 等级: kind 优秀/一般/较差 "自评等级"
  fact 参训率: percent "参训率"
  fact 次数: count "违规次数"
  section 一 "基础工作" max 10 {
    item 一.1 "上报" max 4 {
      award 4 when 按时上报 "按时上报得4分"
    }
    item 一.2 "等级" max 3 {
      award 3 when 等级 == 优秀 "自评优秀得3分"
    }
    item 一.3 "培训" max 2 {
      award 2 when 参训率 >= 90% "参训率达90%得2分"
    }
    item 一.4 "违规" max 1 {
      deduct 0.5 per 次数 "每次扣0.5分"
    }
  }
}
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_made_from_the_rubrics_facts_scores_a_unit() {
    let rules = tempfile::tempdir().unwrap();
    std::fs::write(rules.path().join("form.rubric"), FORM_RUBRIC).unwrap();
    let service = browser_kit::Service::start(rules.path()).await;
    let b = Browser::start(1280, 900).await;
    b.client.goto(&service.url("/")).await.unwrap();
    choose(&b, "form").await;
    b.click("#form-open").await;
    b.until("the form", "return document.querySelectorAll('#form [name]').length >= 5", 30).await;
    let field = |name: &str| format!("#form [name=\"0:{name}\"]");
    let find = |css: String| {
        let client = b.client.clone();
        async move { client.find(fantoccini::Locator::Css(&css)).await.unwrap_or_else(|e| panic!("{css}: {e}")) }
    };
    find(field("")).await.send_keys("甲镇").await.unwrap();
    find(field("按时上报")).await.select_by_value("true").await.unwrap();
    find(field("等级")).await.select_by_value("优秀").await.unwrap();
    find(field("参训率")).await.send_keys("95%").await.unwrap();
    find(field("次数")).await.send_keys("1").await.unwrap();
    // The choices are the kind's names, and yes/no is 是/否.
    let options = b
        .js(
            "return [...document.querySelectorAll(arguments[0] + ' option')].map(o => o.textContent)",
            vec![json!(field("等级"))],
        )
        .await;
    assert_eq!(options, json!(["（未填）", "优秀", "一般", "较差"]));
    b.click("#form-score").await;
    b.until("the ranking", "return document.querySelectorAll('#ranking tr[data-unit]').length == 1", 30).await;
    let rows = b.cells("#ranking tr[data-unit]").await;
    assert_eq!(rows[0][..3], ["1", "甲镇", "9.5 / 10"], "{rows:?}");

    // In English: the page's words and the service's sentences.
    b.click("#ranking button[data-unit='甲镇']").await;
    b.until("the breakdown", "return document.querySelectorAll('#breakdown tr[data-id]').length == 5", 30).await;
    b.click("#lang").await;
    b.until(
        "the breakdown in English",
        "return document.getElementById('unit-total').textContent.startsWith('Total 9.5 / 10')",
        30,
    )
    .await;
    let reason = b.cells("#breakdown tr[data-id='一.4']").await;
    assert_eq!(reason[0][4], "deducted 0.5 pts (0.5 × 次数 1): 每次扣0.5分", "{reason:?}");
    let heading = b.js("return document.querySelector('[data-t=step3]').textContent", vec![]).await;
    assert_eq!(heading, json!("3. Ranking"));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_shipped_example_scores_on_the_page() {
    let service = browser_kit::Service::start(&root().join("rules")).await;
    let b = Browser::start(1280, 900).await;
    b.client.goto(&service.url("/")).await.unwrap();
    choose(&b, "wushen-2024").await;
    let ids = b.js("return [...document.querySelectorAll('#rubric option')].map(o => o.value)", vec![]).await;
    let ids: Vec<String> = serde_json::from_value(ids).unwrap();
    assert!(ids.len() >= 8 && ids.contains(&"county-2021/service-center".to_string()), "{ids:?}");
    let mut scored = 0;
    for id in &ids {
        choose(&b, id).await;
        let has_example = b.js("return !document.getElementById('example').hidden", vec![]).await;
        if has_example != json!(true) {
            continue;
        }
        b.click("#example").await;
        let ranked = "return document.querySelectorAll('#ranking tr[data-unit]').length > 0 && !document.getElementById('step-rank').hidden";
        b.until(&format!("the ranking of {id}"), ranked, 60).await;
        b.click("#ranking button[data-unit]").await;
        let opened = "return document.querySelectorAll('#breakdown tr[data-id]').length > 0 && !document.getElementById('step-unit').hidden";
        b.until(&format!("a unit of {id}"), opened, 60).await;
        let state = b
            .js("return [document.getElementById('errors').hidden, document.getElementById('failed').textContent, document.querySelectorAll('#breakdown ul.reasons li').length > 0]", vec![])
            .await;
        assert_eq!(state, json!([true, "", true]), "{id}");
        scored += 1;
    }
    assert!(scored >= 8, "{scored} examples scored");
    b.close().await;
}
