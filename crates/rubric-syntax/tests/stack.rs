//! The deepest files the budgets let through parse on a 256 KiB stack (in a debug build they need
//! more than that, less than 512 KiB): the budgets bound the nesting and the parser makes sure once that the stack
//! holds that much, instead of pest probing the stack on every rule.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs)]

use rubric_syntax::{Limits, SyntaxError, parse_with};

/// Parses `src` on a thread with a 256 KiB stack and returns the errors, or fails the test if the
/// thread dies.
fn parse_small_stack(src: String) -> Vec<SyntaxError> {
    parse_small_stack_with(src, Limits::default())
}

fn parse_small_stack_with(src: String, limits: Limits) -> Vec<SyntaxError> {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || parse_with(&src, &limits).errors)
        .unwrap()
        .join()
        .expect("parsing overflowed a 256 KiB stack")
}

fn is_budget(e: &SyntaxError) -> bool {
    matches!(e, SyntaxError::Budget(_))
}

/// `depth` nested groups (with the rubric and the item, `depth + 2` braces) around `stmt`.
fn nested(depth: usize, stmt: &str) -> String {
    let mut s = String::from("rubric \"r\" {\n  fact x: number\n");
    for k in 0..depth {
        s.push_str(&format!("group g{k} \"t\" {{\n"));
    }
    s.push_str(&format!("item a \"t\" max 1 {{ {stmt} }}\n"));
    s.push_str(&"}\n".repeat(depth + 1));
    s
}

#[test]
fn the_deepest_shapes_within_budget_parse_on_a_small_stack() {
    let limits = Limits::default();
    let ifs = limits.max_expr_ops;
    let braces = limits.max_depth - 2;
    let cases = [
        // Brackets to the limit: braces of groups, then parentheses.
        (nested(braces, "score x"), false),
        (nested(0, &format!("score {}x{}", "(".repeat(braces), ")".repeat(braces))), false),
        // `if`s to the operator limit, inside the deepest braces: pest recurses once for each.
        (nested(braces, &format!("score {}x", "if ".repeat(ifs))), true),
        (nested(braces, &format!("score {}x then 1 else 0", "if x then ".repeat(ifs / 3 - 1))), true),
        (nested(braces, &format!("score {}1{}", "if x then ".repeat(ifs / 3), " else 0".repeat(ifs / 3))), false),
        // Parentheses and `if`s together, and a broken line that is read again on its own.
        (nested(0, &format!("score {}{}x{}", "(".repeat(braces), "if ".repeat(ifs), ")".repeat(braces))), true),
        (nested(braces, &format!("award 1 when {}x >", "not ".repeat(ifs - 1))), true),
        (nested(0, &format!("score {}x +", "(".repeat(braces))), true),
    ];
    for (src, broken) in cases {
        let errors = parse_small_stack(src.clone());
        assert!(!errors.iter().any(is_budget), "over a budget: {src}\n{errors:?}");
        assert_eq!(!errors.is_empty(), broken, "{src}\n{errors:?}");
    }
}

#[test]
fn one_level_more_is_refused_before_parsing() {
    let limits = Limits::default();
    let too_deep = nested(limits.max_depth - 1, "score x");
    let errors = parse_small_stack(too_deep);
    assert!(errors.iter().all(is_budget) && !errors.is_empty(), "{errors:?}");
    let too_many = nested(0, &format!("score {}x", "if ".repeat(limits.max_expr_ops + 1)));
    let errors = parse_small_stack(too_many);
    assert!(errors.iter().all(is_budget) && !errors.is_empty(), "{errors:?}");
}

#[test]
fn raised_budgets_get_a_deeper_stack() {
    let limits = Limits { max_depth: 40, max_expr_ops: 400, ..Limits::default() };
    let src = nested(38, &format!("score {}x", "if ".repeat(400)));
    let errors = parse_small_stack_with(src, limits);
    assert!(!errors.is_empty() && !errors.iter().any(is_budget), "{errors:?}");
}

/// The dashes of dates are no operators: a calendar of a whole year's days is within budget,
/// while a chain of subtractions of numbers, or of dates written one after another, is not.
#[test]
fn dates_are_not_operators_but_subtractions_are() {
    let limits = Limits::default();
    let mut calendar = String::from("calendar \"甲\" {\n  year 2024\n");
    for d in 1..=200 {
        calendar.push_str(&format!("  holiday 2024-01-{:02} .. 2024-1-{}\n", d % 28 + 1, d % 28 + 1));
    }
    calendar.push_str("}\n");
    let errors = rubric_syntax::budget::check(&calendar, &limits);
    assert!(errors.is_empty(), "{errors:?}");
    for chain in
        ["1-".repeat(limits.max_expr_ops + 1), "2024-01-01-".repeat(limits.max_expr_ops + 1), "x-2024-".repeat(40)]
    {
        let errors = rubric_syntax::budget::check(&nested(0, &format!("score {chain}1")), &limits);
        assert!(errors.iter().all(is_budget) && !errors.is_empty(), "{chain}: {errors:?}");
    }
}
