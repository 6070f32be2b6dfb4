//! The checker corpus: `tests/check/err` snapshots every diagnostic; every file in `rules/` checks clean.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use rubric::MemoryLoader;

#[test]
fn err_files_report_every_problem() {
    insta::glob!("../../../tests/check", "err/*.rubric", |path| {
        let src = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let load = rubric::load(&name, &MemoryLoader::new().with(name.clone(), src));
        assert!(load.report.has_errors(), "{name} should not check");
        insta::assert_snapshot!(common::render(&load));
    });
}

#[test]
fn warn_files_give_only_warnings() {
    insta::glob!("../../../tests/check", "warn/*.rubric", |path| {
        let src = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let load = rubric::load(&name, &MemoryLoader::new().with(name.clone(), src));
        assert!(!load.report.has_errors(), "{name} should have no errors:\n{}", common::render(&load));
        assert!(load.report.warnings().count() > 0, "{name} should warn");
        let code = format!("rubric::{}", name.trim_end_matches(".rubric"));
        assert!(load.report.warnings().any(|w| w.code == code), "{name} should warn with {code}");
        insta::assert_snapshot!(common::render(&load));
    });
}

#[test]
fn ok_files_check_without_any_diagnostic() {
    insta::glob!("../../../tests/check", "ok/*.rubric", |path| {
        let src = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let load = rubric::load(&name, &MemoryLoader::new().with(name.clone(), src));
        assert_eq!(common::render(&load), "", "{name} should check clean");
        // Their tests state what the document means: they pass.
        for t in load.into_rubric().unwrap().run_tests() {
            assert!(t.passed(), "{name}: test `{}` fails: {:?}", t.name, t.checks);
        }
    });
}

/// Every `## \`rubric::code\`` entry of docs/diagnostics.md has an example that gives that code.
#[test]
fn every_documented_example_gives_its_code() {
    let doc = std::fs::read_to_string(common::root().join("docs/diagnostics.md")).unwrap();
    let mut checked = 0;
    for entry in doc.split("\n## `").skip(1) {
        let code = entry.split('`').next().unwrap().to_string();
        let Some(start) = entry.find("```rubric\n") else { continue };
        let body = &entry[start + "```rubric\n".len()..];
        let example = &body[..body.find("\n```").unwrap()];
        let load = rubric::load("example.rubric", &MemoryLoader::new().with("example.rubric", example));
        let codes: Vec<&str> = load.report.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(codes.contains(&code.as_str()), "docs example for {code} gives {codes:?}");
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} documented examples");
}

#[test]
fn every_code_the_checker_can_give_is_documented() {
    let doc = std::fs::read_to_string(common::root().join("docs/diagnostics.md")).unwrap();
    let mut sources = String::new();
    let mut dirs: Vec<_> = ["crates/rubric/src", "crates/rubric-syntax/src", "crates/rubric-xlsx/src"]
        .map(|d| common::root().join(d))
        .into();
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let text = std::fs::read_to_string(path).unwrap();
            for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                sources.push_str(line);
                sources.push('\n');
            }
        }
    }
    let mut codes: Vec<&str> = sources
        .match_indices("\"rubric::")
        .map(|(i, _)| {
            let rest = &sources[i + 1..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    codes.extend(sources.match_indices("code(rubric::").map(|(i, _)| {
        let rest = &sources[i + 5..];
        &rest[..rest.find(')').unwrap()]
    }));
    codes.sort();
    codes.dedup();
    let missing: Vec<&&str> = codes.iter().filter(|c| !doc.contains(&format!("## `{c}`"))).collect();
    assert!(missing.is_empty(), "undocumented codes: {missing:?}");
}

#[test]
fn shipped_rules_check_clean() {
    let files = common::rule_files();
    assert!(files.len() >= 5, "expected the seed rule files, found {files:?}");
    for f in files {
        let load = rubric::load(&f, &common::Fs);
        assert_eq!(common::render(&load), "", "{f} should check clean");
        assert_eq!(load.rubric().is_some(), !f.contains("/shared/"), "{f}");
        assert_eq!(load.is_library(), f.contains("/shared/"), "{f}");
    }
}

#[test]
fn seed_000_adds_up_to_100() {
    let load = rubric::load("rules/wushen-2024.rubric", &common::Fs);
    let r = load.into_rubric().unwrap();
    assert_eq!(r.root().max, rust_decimal::Decimal::from(100));
    let sections: Vec<(String, String)> =
        r.root().children.iter().map(|&i| (r.nodes[i].id.clone(), r.nodes[i].max.normalize().to_string())).collect();
    let expected = [("一", "10"), ("二", "10"), ("三", "15"), ("四", "15"), ("五", "15"), ("六", "15"), ("七", "20")];
    assert_eq!(sections, expected.map(|(a, b)| (a.to_string(), b.to_string())));
}

#[test]
fn the_shared_block_exists_once() {
    let mut defining = Vec::new();
    let mut stack = vec![common::root().join("rules")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if std::fs::read_to_string(&p).unwrap().contains("block 创新创优") {
                defining.push(p);
            }
        }
    }
    assert_eq!(defining.len(), 1, "{defining:?}");
    for unit in ["service-center", "cemetery", "retired-cadres"] {
        let r = rubric::load(&format!("rules/county-2021/{unit}.rubric"), &common::Fs).into_rubric().unwrap();
        let block = r.node("创新创优").unwrap();
        assert_eq!(block.max, rust_decimal::Decimal::from(20), "{unit}");
    }
}

/// Totals worked out by hand from the documents' rules (see `rules/README.md`).
#[test]
fn example_units_score_as_computed_by_hand() {
    let expected: &[(&str, &[(&str, &str)])] = &[
        (
            "rules/wushen-2024",
            &[("乌审旗", "99"), ("鄂托克旗", "82.7"), ("杭锦旗", "86.6"), ("准格尔旗", "83.5"), ("达拉特旗", "58.3")],
        ),
        ("rules/county-2021/service-center", &[("县退役军人服务中心", "119"), ("对照单位（虚构）", "160")]),
        ("rules/county-2021/cemetery", &[("县革命烈士陵园管理中心", "89"), ("对照单位（虚构）", "85")]),
        ("rules/county-2021/retired-cadres", &[("县军队离退休干部服务中心", "99.5"), ("对照单位（虚构）", "78.5")]),
    ];
    for (base, units) in expected {
        let rubric = rubric::load(&format!("{base}.rubric"), &common::Fs).into_rubric().unwrap();
        let facts = std::fs::read_to_string(common::root().join(format!("{base}.facts.json"))).unwrap();
        let facts = rubric::facts::from_json(&facts).unwrap();
        let got: Vec<(String, String)> = if rubric.periods.is_empty() {
            facts.iter().map(|u| (u.unit.clone(), rubric.evaluate(u).unwrap().score.to_string())).collect()
        } else {
            rubric::analysis::periods::units(&facts)
                .into_iter()
                .map(|u| (u.to_string(), rubric.evaluate_periods(&facts, u).unwrap().total.to_string()))
                .collect()
        };
        let want: Vec<(String, String)> = units.iter().map(|(u, s)| (u.to_string(), s.to_string())).collect();
        assert_eq!(got, want, "{base}");
    }
}
