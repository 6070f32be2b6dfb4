//! Rubrics are loaded again when a file changes: a new version is served; a version that does
//! not check leaves the last good one served and its diagnostics at `/api/problems`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;
use common::*;

/// Asks until `done` holds, for at most a minute (the folder is looked at every 20 ms).
fn until(r: &Running, path: &str, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    for _ in 0..3000 {
        let (_, v) = get_json(r, path);
        if done(&v) {
            return v;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("{path} never changed");
}

#[test]
fn a_changed_file_is_served_and_a_broken_one_keeps_the_last_good() {
    let dir = tempfile::tempdir().unwrap();
    let clerk = std::fs::read_to_string(root().join("tests/cli/clerk.rubric")).unwrap();
    let file = dir.path().join("clerk.rubric");
    std::fs::write(&file, &clerk).unwrap();
    let mut c = config(dir.path());
    c.poll = std::time::Duration::from_millis(20);
    let r = start(c);
    let (_, d) = get_json(&r, "/api/rubrics/clerk");
    let old_title = d["title"].as_str().unwrap().to_string();

    // A new version (a longer title, so that the size changes too).
    let new = clerk.replacen(&old_title, "安全生产与信访工作考核（新版本）", 1);
    std::fs::write(&file, &new).unwrap();
    until(&r, "/api/rubrics/clerk", |d| d["title"] == "安全生产与信访工作考核（新版本）");

    // A new file appears.
    std::fs::write(dir.path().join("second.rubric"), &clerk).unwrap();
    until(&r, "/api/rubrics", |l| l.as_array().unwrap().len() == 2);

    // A broken version: the last good one is still served, the problems say why.
    std::fs::write(&file, format!("{new}\n这一行不是规则\n")).unwrap();
    let problems = until(&r, "/api/problems", |p| !p.as_array().unwrap().is_empty());
    assert_eq!(problems[0]["file"], "clerk.rubric");
    assert!(!problems[0]["diagnostics"].as_array().unwrap().is_empty());
    let (s, d) = get_json(&r, "/api/rubrics/clerk");
    assert_eq!(s, 200);
    assert_eq!(d["title"], "安全生产与信访工作考核（新版本）");

    // Fixed again: no problems.
    std::fs::write(&file, &clerk).unwrap();
    until(&r, "/api/problems", |p| p.as_array().unwrap().is_empty());
    let (_, d) = get_json(&r, "/api/rubrics/clerk");
    assert_eq!(d["title"], old_title.as_str());
}
