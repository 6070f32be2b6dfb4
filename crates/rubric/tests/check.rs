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

/// The entries of docs/diagnostics.md: each `## \`rubric::code\`` heading with the word its text
/// opens with (`Error`, `Warning`).
fn documented() -> Vec<(String, String)> {
    let doc = std::fs::read_to_string(common::root().join("docs/diagnostics.md")).unwrap();
    doc.split("\n## `")
        .skip(1)
        .map(|entry| {
            let code = entry.split('`').next().unwrap().to_string();
            let kind = entry.split("**").nth(1).unwrap_or("").trim_end_matches('.').to_string();
            (code, kind)
        })
        .collect()
}

/// The codes of scoring: the `code(…)` of the runtime error enums' `#[diagnostic]` attributes,
/// which are their table (the checker's codes come from `Code::ALL`).
fn scoring_codes() -> Vec<String> {
    let mut codes = Vec::new();
    let files = [
        "crates/rubric/src/eval/error.rs",
        "crates/rubric/src/facts/error.rs",
        "crates/rubric/src/facts/list_table.rs",
        "crates/rubric-xlsx/src/error.rs",
        "crates/rubric-xlsx/src/write.rs",
    ];
    for file in files {
        let text = std::fs::read_to_string(common::root().join(file)).unwrap();
        for (i, _) in text.match_indices("code(\"rubric::") {
            let rest = &text[i + "code(\"".len()..];
            codes.push(rest[..rest.find('"').unwrap()].to_string());
        }
    }
    assert!(codes.len() >= 25, "only {} codes of scoring found", codes.len());
    codes
}

#[test]
fn every_code_is_documented_under_its_severity() {
    let doc = documented();
    for &code in rubric::Code::ALL {
        let entry = doc.iter().find(|(c, _)| c == code.name());
        let Some((_, kind)) = entry else { panic!("{code:?} (`{code}`) is not documented in docs/diagnostics.md") };
        let want = match code.severity() {
            rubric::Severity::Error => "Error",
            _ => "Warning",
        };
        assert_eq!(kind, want, "docs/diagnostics.md calls `{code}` a{} {kind}", if kind == "Error" { "n" } else { "" });
    }
    for code in scoring_codes() {
        assert!(doc.iter().any(|(c, _)| *c == code), "`{code}` is not documented in docs/diagnostics.md");
    }
}

/// Each entry stands in its severity's part: a warning under `# Warnings`, a checker error under
/// `# Errors` (scoring problems have their own part).
#[test]
fn every_entry_is_in_its_severitys_part() {
    let doc = std::fs::read_to_string(common::root().join("docs/diagnostics.md")).unwrap();
    let mut part = "";
    let mut misplaced = Vec::new();
    for block in doc.split("\n# ").skip(1) {
        part = block.lines().next().unwrap_or(part);
        for entry in block.split("\n## `").skip(1) {
            let code = entry.split('`').next().unwrap();
            let kind = entry.split("**").nth(1).unwrap_or("").trim_end_matches('.');
            let fits = match part {
                "Warnings" => kind == "Warning",
                "Errors" => kind == "Error",
                _ => true,
            };
            if !fits {
                misplaced.push(format!("`{code}` ({kind}) under `# {part}`"));
            }
        }
    }
    assert!(misplaced.is_empty(), "docs/diagnostics.md: {misplaced:?}");
}

#[test]
fn the_docs_list_no_code_that_does_not_exist() {
    let scoring = scoring_codes();
    let stale: Vec<String> = documented()
        .into_iter()
        .map(|(c, _)| c)
        .filter(|c| !rubric::Code::ALL.iter().any(|k| k.name() == c) && !scoring.contains(c))
        .collect();
    assert!(stale.is_empty(), "docs/diagnostics.md documents codes that nothing gives: {stale:?}");
}

/// Each name means one fault: only the listed families are shared by several variants, each
/// family of one severity, and every name is a kebab code.
#[test]
fn each_code_names_one_fault() {
    use rubric::Code;
    for &code in Code::ALL {
        let name = code.name();
        let kebab = name.strip_prefix("rubric::").unwrap();
        assert!(!kebab.is_empty() && kebab.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{name}");
        let same: Vec<&Code> = Code::ALL.iter().filter(|k| k.name() == name).collect();
        if same.len() > 1 {
            assert!(Code::FAMILIES.contains(&name), "{same:?} share `{name}`, which is not a family");
            assert!(same.iter().all(|k| k.severity() == code.severity()), "`{name}` mixes severities");
        }
    }
    for family in Code::FAMILIES {
        let n = Code::ALL.iter().filter(|k| k.name() == *family).count();
        assert!(n > 1, "`{family}` is listed as a family but has {n} variant(s)");
    }
    let mut all = Code::ALL.to_vec();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), Code::ALL.len(), "a code is listed twice in Code::ALL");
    assert_eq!(rubric::diag::codes::mismatched_arities(), Vec::<String>::new(), "Chinese text reads other arguments");
}

/// No diagnostic of the corpus leaves a `{N}` unfilled, in English or Chinese, and the Chinese
/// text is Chinese.
#[test]
fn every_diagnostic_of_the_corpus_is_filled_in_both_languages() {
    let mut seen = 0;
    for dir in ["err", "warn"] {
        for e in std::fs::read_dir(common::root().join("tests/check").join(dir)).unwrap() {
            let path = e.unwrap().path();
            let src = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let load = rubric::load(&name, &MemoryLoader::new().with(name.clone(), src));
            for d in &load.report.diagnostics {
                for lang in [rubric::Lang::En, rubric::Lang::Zh] {
                    let d = d.in_lang(lang);
                    let texts = [Some(&d.message), Some(&d.label.text), d.help.as_ref()];
                    for t in texts.into_iter().flatten().chain(d.related.iter().map(|l| &l.text)) {
                        let unfilled = (0..10).any(|n| t.contains(&format!("{{{n}}}")));
                        assert!(!unfilled, "{name}: `{}` leaves a blank in {lang:?}: {t}", d.code);
                    }
                }
                let zh = d.in_lang(rubric::Lang::Zh);
                let syntax = ["rubric::syntax", "rubric::number", "rubric::date", "rubric::escape"];
                if !syntax.contains(&d.code.as_str()) && d.code != rubric::Code::SourceBudget {
                    assert!(
                        zh.message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                        "{name}: {}",
                        zh.message
                    );
                }
                seen += 1;
            }
        }
    }
    assert!(seen >= 80, "only {seen} diagnostics in the corpus");
}

/// The files with several problems, in Chinese: the same diagnostics, the text from the table.
#[test]
fn several_problems_in_chinese() {
    insta::glob!("../../../tests/check", "err/several-problems-*.rubric", |path| {
        let src = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let mut load = rubric::load(&name, &MemoryLoader::new().with(name.clone(), src));
        for d in &mut load.report.diagnostics {
            *d = d.in_lang(rubric::Lang::Zh);
        }
        insta::assert_snapshot!(common::render(&load));
    });
}

#[test]
fn shipped_rules_check_clean() {
    let files = common::rule_files();
    assert!(files.len() >= 5, "expected the seed rule files, found {files:?}");
    for f in files {
        let load = rubric::load(&f, &common::Fs);
        assert_eq!(common::render(&load), "", "{f} should check clean");
        // Shared blocks and calendars are libraries, imported by the rubrics.
        let library = f.contains("/shared/") || f.contains("/calendars/");
        assert_eq!(load.rubric().is_some(), !library, "{f}");
        assert_eq!(load.is_library(), library, "{f}");
    }
}

#[test]
fn seed_000_adds_up_to_100() {
    let load = rubric::load("rules/wushen-2024.rubric", &common::Fs);
    let r = load.into_rubric().unwrap();
    assert_eq!(r.root().max(), rust_decimal::Decimal::from(100));
    let sections: Vec<(String, String)> =
        r.root().children().map(|n| (n.id().to_string(), n.max().normalize().to_string())).collect();
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
        assert_eq!(block.max(), rust_decimal::Decimal::from(20), "{unit}");
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
        let got: Vec<(String, String)> = if !rubric.has_periods() {
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
