//! The words of "did you mean" hints (`KEYWORDS`) are the grammar's keywords and type names.
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
    assert_eq!(types.len(), 6, "the type names were read: {types:?}");
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
