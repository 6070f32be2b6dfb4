//! Every endpoint over real HTTP on loopback, with good and bad input; the JSON is the same
//! as the command's (made by the same `rubric-out` code, checked here against it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;
use common::*;

#[test]
fn health_lists_and_problems() {
    let r = shipped();
    let (s, h) = get_json(&r, "/health");
    assert_eq!(s, 200);
    assert_eq!(h["status"], "ok");
    let (s, list) = get_json(&r, "/api/rubrics");
    assert_eq!(s, 200);
    let list = list.as_array().unwrap();
    assert_eq!(h["rubrics"].as_u64().unwrap() as usize, list.len());
    let w = list.iter().find(|e| e["id"] == "wushen-2024").unwrap();
    assert_eq!(w["file"], "wushen-2024.rubric");
    assert_eq!(w["max"], "100");
    assert_eq!(w["units_example"], true);
    assert_eq!(w["basis"], "alone");
    let o = list.iter().find(|e| e["id"] == "ordos-2024/ranking").unwrap();
    assert_eq!(o["basis"], "cohort");
    assert!(o["grades"].as_array().unwrap().iter().any(|g| g == "优秀"));
    // Calendars are libraries, not rubrics.
    assert!(!list.iter().any(|e| e["id"].as_str().unwrap().contains("calendars")));
    let (s, p) = get_json(&r, "/api/problems");
    assert_eq!((s, p), (200, serde_json::json!([])));
}

#[test]
fn details_give_the_tree_and_the_form() {
    let r = shipped();
    let (s, d) = get_json(&r, "/api/rubrics/wushen-2024");
    assert_eq!(s, 200);
    assert_eq!(d["tree"]["children"][0]["id"], "一");
    assert_eq!(d["tree"]["max"], "100");
    let facts = d["facts"].as_array().unwrap();
    assert!(facts.iter().any(|f| f["name"] == "领导小组全体会议次数"));
    let (s, d) = get_json(&r, "/api/rubrics/ordos-2024/ranking");
    assert_eq!(s, 200);
    assert_eq!(d["id"], "ordos-2024/ranking");
    let (s, e) = get_json(&r, "/api/rubrics/no-such");
    assert_eq!(s, 404);
    assert_eq!(e["error"]["code"], "not-found");
}

#[test]
fn templates_in_every_format_and_the_example() {
    let r = shipped();
    let c = client();
    let csv = c.get(r.url("/api/rubrics/wushen-2024/template?format=csv&unit=乌审旗&unit=杭锦旗")).send().unwrap();
    assert_eq!(csv.status(), 200);
    let text = csv.text().unwrap();
    assert!(text.contains("乌审旗") && text.contains("杭锦旗"), "{text}");
    let json = c.get(r.url("/api/rubrics/wushen-2024/template?format=json")).send().unwrap();
    assert_eq!(json.status(), 200);
    let _: serde_json::Value = json.json().unwrap();
    let xlsx = c.get(r.url("/api/rubrics/wushen-2024/template")).send().unwrap();
    assert_eq!(xlsx.status(), 200);
    assert!(xlsx.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
    assert!(xlsx.bytes().unwrap().starts_with(b"PK"));
    let bad = c.get(r.url("/api/rubrics/wushen-2024/template?format=pdf")).send().unwrap();
    assert_eq!(bad.status(), 400);
    let ex = c.get(r.url("/api/rubrics/wushen-2024/example")).send().unwrap();
    assert_eq!(ex.status(), 200);
    assert_eq!(ex.bytes().unwrap().to_vec(), wushen_facts());
    assert_eq!(c.get(r.url("/api/rubrics/wushen-2023/example")).send().unwrap().status(), 404);
}

/// `show` is `rulecheck show`'s document: Markdown by default, a page, a workbook, in either
/// language.
#[test]
fn show_in_every_format() {
    let r = shipped();
    let c = client();
    let md = c.get(r.url("/api/rubrics/wushen-2024/show")).send().unwrap();
    assert_eq!(md.status(), 200);
    assert!(md.headers()["content-type"].to_str().unwrap().starts_with("text/markdown"));
    let text = md.text().unwrap();
    assert!(text.contains("| 序号 | 评分任务/内容 | 原文 | 规则 |"), "{text}");
    assert!(text.contains("每件 信访抽查不合格件数 扣0.5分"), "{text}");
    let en = c.get(r.url("/api/rubrics/wushen-2024/show?lang=en")).send().unwrap().text().unwrap();
    assert!(en.contains("deduct 0.5 pts per 信访抽查不合格件数"), "{en}");
    let html = c.get(r.url("/api/rubrics/wushen-2024/show?format=html")).send().unwrap();
    assert_eq!(html.status(), 200);
    assert!(html.text().unwrap().starts_with("<!DOCTYPE html>"));
    let xlsx = c.get(r.url("/api/rubrics/wushen-2024/show?format=xlsx")).send().unwrap();
    assert_eq!(xlsx.status(), 200);
    assert!(xlsx.headers()["content-disposition"].to_str().unwrap().contains("wushen-2024.show.xlsx"));
    assert!(xlsx.bytes().unwrap().starts_with(b"PK"));
    let bad = c.get(r.url("/api/rubrics/wushen-2024/show?format=pdf")).send().unwrap();
    assert_eq!(bad.status(), 400);
}

/// The ranking is `rank --format json` (the same function), plus the units that failed.
#[test]
fn rank_is_the_commands_json() {
    let r = shipped();
    let (s, doc) = post_json(&r, "/api/rubrics/wushen-2024/rank", wushen_facts());
    assert_eq!(s, 200, "{doc}");
    let load = rubric::load(root().join("rules/wushen-2024.rubric").to_str().unwrap(), &FsLoader);
    let rubric = load.rubric().unwrap();
    let text = String::from_utf8(wushen_facts()).unwrap();
    let units = rubric::facts::from_json_with(&text, &Default::default()).unwrap();
    let columns = rubric.columns(false);
    let table = rubric_out::rank::table(rubric, &units, None, None);
    let mut expected = rubric_out::rank::json(rubric, &rubric_out::rank::rank(&table.rows, &columns), &columns);
    expected.as_object_mut().unwrap().insert("failed".into(), serde_json::json!([]));
    assert_eq!(doc, expected);
    assert_eq!(doc["units"][0]["rank"], 1);
}

/// Reads files for the library in the test (the service reads its own way).
struct FsLoader;
impl rubric::Loader for FsLoader {
    fn load(&self, path: &str, _max: usize) -> Result<String, rubric::LoadError> {
        std::fs::read_to_string(path).map_err(|e| e.to_string().into())
    }
}

#[test]
fn eval_explain_whatif_score() {
    let r = shipped();
    let (s, doc) = post_json(&r, "/api/rubrics/wushen-2024/eval?unit=乌审旗", wushen_facts());
    assert_eq!(s, 200, "{doc}");
    assert_eq!(doc["units"].as_array().unwrap().len(), 1);
    assert_eq!(doc["units"][0]["unit"], "乌审旗");
    assert_eq!(doc["units"][0]["score"], "99");
    // Every row's reason, in the language asked for.
    let reasons = doc["units"][0]["reasons"].as_object().unwrap();
    assert!(reasons.contains_key("六.2.2"), "{reasons:?}");
    let (_, en) = post_json(&r, "/api/rubrics/wushen-2024/eval?unit=乌审旗&lang=en", wushen_facts());
    assert!(reasons.values().any(|r| !r.as_str().unwrap().is_empty()));
    assert_ne!(doc["units"][0]["reasons"], en["units"][0]["reasons"]);
    let (s, all) = post_json(&r, "/api/rubrics/wushen-2024/eval", wushen_facts());
    assert_eq!(s, 200);
    assert!(all["units"].as_array().unwrap().len() > 1);

    let (s, ex) = post_json(&r, "/api/rubrics/wushen-2024/explain?unit=乌审旗", wushen_facts());
    assert_eq!(s, 200, "{ex}");
    assert_eq!(ex["unit"], "乌审旗");
    assert!(!ex["hints"].as_array().unwrap().is_empty());
    let zh = ex["hints"][0]["text"].as_str().unwrap().to_string();
    let (_, en) = post_json(&r, "/api/rubrics/wushen-2024/explain?unit=乌审旗&lang=en", wushen_facts());
    assert_ne!(en["hints"][0]["text"].as_str().unwrap(), zh, "the hints follow `lang`");
    let (s, one) = post_json(&r, "/api/rubrics/wushen-2024/explain?unit=乌审旗&item=一", wushen_facts());
    assert_eq!(s, 200);
    assert_eq!(one["nodes"][0]["id"], "一");
    let (s, no) = post_json(&r, "/api/rubrics/wushen-2024/explain?unit=乌审旗&item=九", wushen_facts());
    assert_eq!(s, 404, "{no}");

    let (s, w) = post_json(&r, "/api/rubrics/wushen-2024/whatif?unit=乌审旗", wushen_facts());
    assert_eq!(s, 200, "{w}");
    assert_eq!(w["unit"], "乌审旗");
    let ordos = std::fs::read(root().join("rules/ordos-2024/ranking.facts.json")).unwrap();
    let (s, w) = post_json(&r, "/api/rubrics/ordos-2024/ranking/whatif?unit=乌审旗", ordos);
    assert_eq!(s, 422, "{w}");
    assert_eq!(w["error"]["code"], "whatif-basis");

    let (s, sc) = post_json(&r, "/api/rubrics/wushen-2024/score", wushen_facts());
    assert_eq!(s, 200);
    assert_eq!(sc[0]["unit"], "乌审旗");
    assert!(sc[0]["nodes"].get("一").is_some());
    let (_, rows) = post_json(&r, "/api/rubrics/wushen-2024/score?rows=true", wushen_facts());
    assert!(rows[0]["nodes"].as_object().unwrap().len() > sc[0]["nodes"].as_object().unwrap().len());
}

#[test]
fn results_workbook_and_report_page() {
    let r = shipped();
    let c = client();
    let post = |path: &str| {
        c.post(r.url(path)).header("Content-Type", "application/json").body(wushen_facts()).send().unwrap()
    };
    let book = post("/api/rubrics/wushen-2024/results.xlsx");
    assert_eq!(book.status(), 200);
    assert_eq!(book.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert!(book.bytes().unwrap().starts_with(b"PK"));
    let page = post("/api/rubrics/wushen-2024/report?unit=乌审旗");
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = page.text().unwrap();
    assert!(html.contains("乌审旗") && html.contains("<html"), "{}", &html[..200.min(html.len())]);
    assert_eq!(post("/api/rubrics/wushen-2024/report?unit=没有").status(), 404);
}

#[test]
fn bad_facts_are_located_problems() {
    let r = shipped();
    let (s, e) = post_json(&r, "/api/rubrics/wushen-2024/rank", b"{\"units\": [".to_vec());
    assert_eq!(s, 422, "{e}");
    assert_eq!(e["error"]["code"], "bad-facts");
    assert!(!e["error"]["problems"].as_array().unwrap().is_empty());
    assert!(e["error"]["message_zh"].is_string());
    let bad_value = r#"{"units":[{"unit":"甲","facts":{"领导小组全体会议次数":"很多"}}]}"#.as_bytes().to_vec();
    let (s, e) = post_json(&r, "/api/rubrics/wushen-2024/rank?lang=en", bad_value);
    assert_eq!(s, 200, "a unit that fails is listed with its error: {e}");
    assert_eq!(e["failed"][0]["unit"], "甲");
    let (s, e) = post_json(&r, "/api/rubrics/wushen-2024/eval?unit=没有", wushen_facts());
    assert_eq!(s, 404);
    assert!(e["error"]["problems"][0]["units"].as_array().unwrap().iter().any(|u| u == "乌审旗"));
    let (s, _) = post_json(&r, "/api/rubrics/wushen-2024/explain", wushen_facts());
    assert_eq!(s, 400, "several units and none named");
    let res = client()
        .post(r.url("/api/rubrics/wushen-2024/rank"))
        .header("Content-Type", "text/plain")
        .body("x")
        .send()
        .unwrap();
    assert_eq!(res.status(), 415);
    let (s, _) = post_json(&r, "/api/rubrics/wushen-2024/rank?lang=fr", wushen_facts());
    assert_eq!(s, 400);
    let res = client().get(r.url("/api/rubrics/wushen-2024/rank")).send().unwrap();
    assert_eq!(res.status(), 405);
}

/// A workbook and a GBK CSV as bodies, read as `rulecheck` reads them; a workbook with errors
/// gives located problems.
#[test]
fn workbook_and_csv_bodies() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("tests/xlsx/facts.rubric"), dir.path().join("xlsx.rubric")).unwrap();
    let r = start(config(dir.path()));
    let c = client();
    let send = |kind: &str, file: &str| {
        let body = std::fs::read(root().join("tests/xlsx").join(file)).unwrap();
        let res = c.post(r.url("/api/rubrics/xlsx/rank")).header("Content-Type", kind).body(body).send().unwrap();
        let status = res.status().as_u16();
        (status, res.json::<serde_json::Value>().unwrap())
    };
    let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let (s, book) = send(xlsx, "merged.xlsx");
    assert_eq!(s, 200, "{book}");
    assert!(!book["units"].as_array().unwrap().is_empty());
    // A column the rubric does not declare is refused, located (sheet, column, heading).
    let (s, e) = send(xlsx, "units.xlsx");
    assert_eq!(s, 422, "{e}");
    assert_eq!(e["error"]["problems"][0]["code"], "rubric::unknown-column");
    let (s, csv) = send("text/csv", "gbk.csv");
    assert_eq!(s, 200, "{csv}");
    assert!(csv["units"].as_array().unwrap().iter().any(|u| u["unit"] == "乌审旗"));
    let (s, e) = send(xlsx, "errors.xlsx");
    assert!(s == 422 || !e["failed"].as_array().unwrap().is_empty(), "{e}");
    let (s, e) = send(xlsx, "encrypted.xlsx");
    assert_eq!(s, 422, "{e}");
}

#[test]
fn check_and_diff() {
    let r = shipped();
    let c = client();
    let text = std::fs::read_to_string(root().join("tests/cli/clerk.rubric")).unwrap();
    let ok: serde_json::Value = c.post(r.url("/api/check")).body(text.clone()).send().unwrap().json().unwrap();
    assert_eq!(ok["ok"], true, "{ok}");
    let broken = text.replacen("=>", "=", 1);
    let res = c.post(r.url("/api/check?lang=en")).body(broken).send().unwrap();
    assert_eq!(res.status(), 200);
    let bad: serde_json::Value = res.json().unwrap();
    assert_eq!(bad["ok"], false);
    assert!(bad["diagnostics"][0]["location"]["line"].as_u64().unwrap() > 0);
    let big = "x".repeat((1 << 20) + 1);
    assert_eq!(c.post(r.url("/api/check")).body(big).send().unwrap().status(), 413);

    let old = std::fs::read_to_string(root().join("tests/cli/clerk.rubric")).unwrap();
    let new = old.replacen("=> 5", "=> 6", 1);
    let facts: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("tests/cli/clerk.facts.json")).unwrap()).unwrap();
    let body = serde_json::json!({ "old": old, "new": new, "facts": facts });
    let res = c.post(r.url("/api/diff")).json(&body).send().unwrap();
    assert_eq!(res.status(), 200);
    let d: serde_json::Value = res.json().unwrap();
    assert!(d["units"].is_array() && d["rows"].is_array(), "{d}");
    let res = c.post(r.url("/api/diff")).json(&serde_json::json!({"old": "x"})).send().unwrap();
    assert_eq!(res.status(), 400);
    let res = c.post(r.url("/api/diff")).json(&serde_json::json!({"old": "x", "new": old})).send().unwrap();
    assert_eq!(res.status(), 422);
}

#[test]
fn the_page_and_its_assets() {
    let r = shipped();
    let c = client();
    let page = c.get(r.url("/")).send().unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let a = c.get(r.url("/assets/index.html")).send().unwrap();
    assert_eq!(a.status(), 200);
    assert_eq!(c.get(r.url("/assets/nothing.js")).send().unwrap().status(), 404);
    assert_eq!(c.get(r.url("/no/such/route")).send().unwrap().status(), 404);
}

/// A rubric scored in periods: `explain` gives `explain --format json`'s document, each period's
/// account beside its name and weight, then the weighted total, and `item` keeps one row.
#[test]
fn explain_in_periods_is_the_commands_json() {
    let r = shipped();
    let facts = std::fs::read(root().join("rules/county-2021/service-center.facts.json")).unwrap();
    let path = "/api/rubrics/county-2021/service-center/explain?unit=县退役军人服务中心";
    let (s, doc) = post_json(&r, path, facts.clone());
    assert_eq!(s, 200, "{doc}");
    assert_eq!((doc["unit"].as_str(), doc["nodes"].as_array().map(Vec::len)), (Some("县退役军人服务中心"), Some(0)));
    let periods = doc["periods"].as_array().unwrap();
    let names: Vec<&str> = periods.iter().map(|p| p["period"].as_str().unwrap()).collect();
    assert_eq!(names, ["平时", "年底"]);
    for p in periods {
        assert!(p["weight"].is_string() && p["weight_text"].is_string() && p.get("rubric").is_none(), "{p}");
        assert!(!p["nodes"].as_array().unwrap().is_empty() && p["hints"].is_array(), "{p}");
    }
    let first_row = periods[0]["nodes"][0]["id"].as_str().unwrap().to_string();
    let (s, one) = post_json(&r, &format!("{path}&item={first_row}"), facts);
    assert_eq!(s, 200, "{one}");
    assert!(one["periods"].as_array().unwrap().iter().all(|p| p["nodes"][0]["id"] == first_row.as_str()), "{one}");
}
