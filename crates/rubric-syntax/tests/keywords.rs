//! Every list of the language's words is the grammar's: the words of "did you mean" hints
//! (`KEYWORDS`) are its keywords and type names, and the statement, clause, operator and
//! continuation words of `rubric_syntax::keywords` (which the budgets and the parser use) are
//! the keywords its rules start with; `StmtKind::keyword` names each statement as it is written.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use std::collections::BTreeSet;

/// The quoted words of the grammar's rule `name`, which runs from `name = @{` to its line's end
/// or, when it opens a block, to the `}` that starts a line.
fn words_of(name: &str) -> BTreeSet<String> {
    let grammar = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../grammar/rubric.pest")).unwrap();
    let start = grammar.find(&format!("\n{name}")).unwrap_or_else(|| panic!("the grammar has a `{name}` rule"));
    let rule = &grammar[start + 1..];
    let first = &rule[..rule.find('\n').unwrap()];
    let rule = if first.trim_end().ends_with('{') { &rule[..rule.find("\n}").unwrap()] } else { first };
    rule.split('"').skip(1).step_by(2).map(str::to_string).collect()
}

fn grammar_keywords() -> BTreeSet<String> {
    words_of("keyword = @{")
}

#[test]
fn hint_keywords_are_the_grammars_keywords() {
    let types = words_of("fact_type  = @{");
    assert_eq!(types.len(), 7, "the type names were read: {types:?}");
    let grammar: BTreeSet<String> = grammar_keywords().union(&types).cloned().collect();
    assert!(grammar.len() > 50, "the rules were read ({} words)", grammar.len());
    let hints: BTreeSet<String> = rubric_syntax::KEYWORDS.iter().map(|k| k.to_string()).collect();
    assert_eq!(hints.len(), rubric_syntax::KEYWORDS.len(), "KEYWORDS has no word twice");
    let missing: Vec<_> = grammar.difference(&hints).collect();
    let extra: Vec<_> = hints.difference(&grammar).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "not in KEYWORDS: {missing:?}; not keywords in the grammar: {extra:?}"
    );
}

#[test]
fn no_keyword_is_a_name() {
    let keywords = grammar_keywords();
    assert!(keywords.len() > 40, "the rule was read ({} words)", keywords.len());
    for k in &keywords {
        let src = format!("rubric \"甲\" {{\n  fact {k}: count\n}}\n");
        assert!(!rubric_syntax::parse(&src).errors.is_empty(), "`{k}` was accepted as a fact's name");
    }
}

/// The grammar's text.
fn grammar() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../grammar/rubric.pest")).unwrap()
}

/// The definition of the rule `name`: the text after its `=` up to the next rule.
fn rule(name: &str) -> String {
    let grammar = grammar();
    let line = grammar
        .lines()
        .position(|l| l.split_whitespace().next() == Some(name) && l.contains('='))
        .unwrap_or_else(|| panic!("the grammar has a `{name}` rule"));
    let lines: Vec<&str> = grammar.lines().collect();
    let mut text = lines[line].split_once('=').unwrap().1.to_string();
    for l in &lines[line + 1..] {
        if l.is_empty() || l.starts_with("//") || (!l.starts_with(' ') && l.contains(" = ")) {
            break;
        }
        text.push_str(l);
    }
    text
}

/// The names of the rules (not quoted words) a rule's definition names, in order.
fn names_in(definition: &str) -> Vec<String> {
    let unquoted: String = definition.split('"').step_by(2).collect::<Vec<_>>().join(" ");
    unquoted
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .map(str::to_string)
        .collect()
}

/// The keywords a rule starts with: its first `kw_…` (or the words of `node_kind`).
fn first_words(name: &str) -> BTreeSet<String> {
    let first = names_in(&rule(name)).into_iter().next().unwrap();
    match first.strip_prefix("kw_") {
        Some(w) => BTreeSet::from([w.to_string()]),
        None if first == "node_kind" => words_of("node_kind = @{"),
        None => panic!("`{name}` starts with `{first}`, no keyword"),
    }
}

/// The keywords of the `kw_…` rules a rule's definition names.
fn keywords_in(name: &str) -> BTreeSet<String> {
    names_in(&rule(name)).iter().filter_map(|n| n.strip_prefix("kw_")).map(str::to_string).collect()
}

fn set(words: &[&str]) -> BTreeSet<String> {
    let s: BTreeSet<String> = words.iter().map(|w| w.to_string()).collect();
    assert_eq!(s.len(), words.len(), "no word twice in {words:?}");
    s
}

#[test]
fn statement_words_are_the_words_the_grammars_statements_start_with() {
    // Top-level items, statements of a body and the lines of a test.
    let mut starts = BTreeSet::new();
    for list in ["top", "stmt_strict"] {
        for name in names_in(&rule(list)).iter().filter(|n| !n.starts_with("bad_")) {
            starts.extend(first_words(name));
        }
    }
    for name in ["given", "expect", "test_period", "test_unit"] {
        starts.extend(first_words(name));
    }
    assert!(starts.len() > 25, "the statements were read: {starts:?}");
    assert_eq!(set(rubric_syntax::keywords::STATEMENT_WORDS), starts);
}

#[test]
fn clause_operator_and_continuation_words_are_the_grammars() {
    use rubric_syntax::keywords::{CLAUSE_WORDS, CONTINUATION_WORDS, OPERATOR_WORDS};
    let clauses: BTreeSet<String> = ["per", "when", "limit"].into_iter().flat_map(first_words).collect();
    assert_eq!(set(CLAUSE_WORDS), clauses);
    let operators: BTreeSet<String> = ["or", "and", "not", "if_expr"].into_iter().flat_map(keywords_in).collect();
    assert_eq!(set(OPERATOR_WORDS), operators);
    // A line continues the one before with a clause, a binary operator, a branch of an `if` or
    // the `on zero` of a `let`: words that start no statement and no expression.
    let mut continuing = clauses;
    continuing.extend(keywords_in("or").into_iter().chain(keywords_in("and")));
    continuing.extend(["then", "else"].map(String::from));
    continuing.extend(first_words("on_zero"));
    assert_eq!(set(CONTINUATION_WORDS), continuing);
    let keywords = grammar_keywords();
    for w in CONTINUATION_WORDS.iter().chain(rubric_syntax::keywords::STATEMENT_WORDS) {
        assert!(keywords.contains(*w), "`{w}` is a keyword of the grammar");
    }
}

/// `StmtKind::keyword` is the word each statement of the files that use every construct starts
/// with, and a statement word.
#[test]
fn each_statement_is_named_by_the_word_it_starts_with() {
    use rubric_syntax::ast::{Stmt, StmtKind, Top};
    fn walk<'a>(body: &'a [Stmt], out: &mut Vec<&'a Stmt>) {
        for s in body {
            out.push(s);
            if let StmtKind::Node(n) = &s.kind {
                walk(&n.body, out);
            }
        }
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/parse/ok");
    let mut seen = BTreeSet::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let src = std::fs::read_to_string(e.unwrap().path()).unwrap();
        let parsed = rubric_syntax::parse(&src);
        let mut stmts = Vec::new();
        for item in &parsed.file.items {
            if let Top::Rubric(c) | Top::Block(c) = item {
                walk(&c.body, &mut stmts);
            }
        }
        for s in stmts {
            let k = s.kind.keyword();
            assert!(src[s.span.start..].starts_with(k), "`{k}` for `{}`", &src[s.span.start..s.span.end]);
            assert!(rubric_syntax::keywords::STATEMENT_WORDS.contains(&k), "`{k}`");
            seen.insert(k);
        }
    }
    // Every statement of a body (a node of each kind): all statement words but those of the top
    // level and of tests.
    let body: BTreeSet<&str> = rubric_syntax::keywords::STATEMENT_WORDS
        .iter()
        .copied()
        .filter(|w| !["import", "rubric", "block", "test", "calendar", "given", "expect", "unit"].contains(w))
        .collect();
    assert_eq!(seen, body, "every kind of statement is in tests/parse/ok");
}
