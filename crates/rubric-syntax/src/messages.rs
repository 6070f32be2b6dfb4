//! Plain-language messages for parse errors; users never see grammar rule names.

use crate::error::Unexpected;
use crate::keywords::KEYWORDS;
use crate::parser::GrammarRule as Rule;
use crate::span::Span;
use pest::error::{ErrorVariant, InputLocation};

/// What a grammar rule is called in messages, or `None` to leave it out.
fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "end of file",
        Rule::import => "`import`",
        Rule::rubric => "`rubric`",
        Rule::block => "`block`",
        Rule::body | Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::arrow => "`=>`",
        Rule::comma => "`,`",
        Rule::colon => "`:`",
        Rule::assign => "`=`",
        Rule::ident => "a name",
        Rule::node_id => "an id such as `六.2.4` or `(一)`",
        Rule::node_kind => "`section`, `group` or `item`",
        Rule::string | Rule::string_list => "a quoted string",
        Rule::number | Rule::signed_number => "a number",
        Rule::integer => "a whole number",
        Rule::percent | Rule::signed_percent => "a percent such as `65%`",
        Rule::date => "a date such as `2024-12-31`",
        Rule::boolean => "`true` or `false`",
        Rule::expr => "an expression",
        Rule::interval => "an interval such as `[50%, 65%]`",
        Rule::open => "`[` or `(`",
        Rule::close => "`]` or `)`",
        Rule::bound => "a bound (a number, percent, date or `..`)",
        Rule::unbounded => "`..`",
        Rule::band_arm => "a band such as `[50%, 65%] => 1`",
        Rule::kind_names => "the names of a kind (`城区/郊区/山区`)",
        Rule::table_cell => "a cell such as `较大, 火灾 => 5`",
        Rule::in_list => "a list of names (`in [较大, 重大]`)",
        Rule::fact_type => "a fact type (`count`, `number`, `percent`, `bool`, `date`, `points`, `kind`)",
        Rule::fact_range => "`in`",
        Rule::max_clause | Rule::kw_max | Rule::limit => "`max`",
        Rule::max_cases | Rule::max_case => "a maximum such as `2 when 地区类别 == 城区 else 4`",
        Rule::per | Rule::kw_per => "`per`",
        Rule::when | Rule::kw_when => "`when`",
        Rule::on_zero => "`on zero =>`",
        Rule::round_mode => "a rounding mode (`half_up`, `half_even`, `down`, `up`)",
        Rule::or | Rule::kw_or => "`or`",
        Rule::and | Rule::kw_and => "`and`",
        Rule::eq => "`==`",
        Rule::ne => "`!=`",
        Rule::lt => "`<`",
        Rule::le => "`<=`",
        Rule::gt => "`>`",
        Rule::ge => "`>=`",
        Rule::add => "`+`",
        Rule::sub => "`-`",
        Rule::mul => "`*`",
        Rule::div => "`/`",
        Rule::not | Rule::kw_not => "`not`",
        Rule::neg => "`-`",
        Rule::if_expr | Rule::kw_if => "`if`",
        Rule::kw_then => "`then`",
        Rule::kw_else => "`else`",
        Rule::call | Rule::func | Rule::among_call => "a function call",
        Rule::kw_among => "`among`",
        Rule::kw_none => "`none`",
        Rule::kw_error => "`error`",
        Rule::kw_zero => "`zero`",
        Rule::kw_on => "`on`",
        Rule::kw_in => "`in`",
        Rule::fact | Rule::kw_fact => "`fact`",
        Rule::let_ | Rule::kw_let => "`let`",
        Rule::node => "`section`, `group` or `item`",
        Rule::use_ | Rule::kw_use => "`use`",
        Rule::kw_as => "`as`",
        Rule::fact_ref => "a fact's name",
        Rule::year | Rule::kw_year => "`year`",
        Rule::lead | Rule::kw_lead => "`lead`",
        Rule::office | Rule::kw_office => "`office`",
        Rule::owner | Rule::kw_owner => "`owner`",
        Rule::due | Rule::kw_due => "`due`",
        Rule::text | Rule::kw_text => "`text`",
        Rule::band | Rule::kw_band => "`band`",
        Rule::award | Rule::kw_award => "`award`",
        Rule::score | Rule::kw_score => "`score`",
        Rule::judged | Rule::kw_judged => "`judged`",
        Rule::deduct | Rule::kw_deduct => "`deduct`",
        Rule::bonus | Rule::kw_bonus => "`bonus`",
        Rule::zero => "`zero`",
        Rule::veto | Rule::kw_veto => "`veto`",
        Rule::floor | Rule::kw_floor => "`floor`",
        Rule::cap | Rule::kw_cap => "`cap`",
        Rule::bonus_cap | Rule::kw_bonus_cap => "`bonus_cap`",
        Rule::round | Rule::kw_round => "`round`",
        Rule::combine | Rule::kw_combine => "`combine`",
        Rule::combine_how => "`min`, `max`, `average` or `largest_loss`",
        Rule::cap_when => "`cap`",
        Rule::not_applicable | Rule::kw_not_applicable => "`not_applicable`",
        Rule::na_how => "`full` or `rescale`",
        Rule::na_value => "`不适用`",
        Rule::node_ref | Rule::ref_read => "`points`, `deducted` or `bonused`",
        Rule::ref_id => "a node's id",
        Rule::test | Rule::kw_test => "`test`",
        Rule::given | Rule::kw_given => "`given`",
        Rule::expect | Rule::kw_expect => "`expect`",
        Rule::kw_total => "`total`",
        Rule::kw_rank => "`rank`",
        Rule::test_unit | Rule::kw_unit => "`unit`",
        Rule::assignment => "`NAME = VALUE`",
        Rule::test_value => "a value (a number, percent, date, `true`/`false` or a quoted string)",
        Rule::period | Rule::kw_period | Rule::test_period => "`period`",
        Rule::kw_weight => "`weight`",
        Rule::only | Rule::kw_only => "`only`",
        Rule::params | Rule::args => "`(`",
        Rule::param | Rule::arg => "a parameter such as `分值 = 50`",
        Rule::param_type => "a parameter type (`number`, `percent`, `points`)",
        Rule::param_value => "a number or percent",
        _ => return None,
    })
}

const STATEMENT_RULES: &[Rule] = &[
    Rule::fact,
    Rule::let_,
    Rule::node,
    Rule::use_,
    Rule::year,
    Rule::lead,
    Rule::office,
    Rule::owner,
    Rule::due,
    Rule::text,
    Rule::band,
    Rule::award,
    Rule::score,
    Rule::judged,
    Rule::deduct,
    Rule::bonus,
    Rule::zero,
    Rule::veto,
    Rule::floor,
    Rule::cap,
    Rule::bonus_cap,
    Rule::round,
    Rule::period,
    Rule::only,
    Rule::combine,
    Rule::cap_when,
    Rule::not_applicable,
    Rule::node_kind,
    Rule::kw_fact,
    Rule::kw_let,
    Rule::kw_use,
    Rule::kw_year,
    Rule::kw_lead,
    Rule::kw_office,
    Rule::kw_owner,
    Rule::kw_due,
    Rule::kw_text,
    Rule::kw_band,
    Rule::kw_award,
    Rule::kw_score,
    Rule::kw_judged,
    Rule::kw_deduct,
    Rule::kw_bonus,
    Rule::kw_zero,
    Rule::kw_veto,
    Rule::kw_floor,
    Rule::kw_cap,
    Rule::kw_bonus_cap,
    Rule::kw_round,
    Rule::kw_combine,
    Rule::kw_not_applicable,
];

const OPERATOR_RULES: &[Rule] = &[
    Rule::eq,
    Rule::ne,
    Rule::le,
    Rule::ge,
    Rule::lt,
    Rule::gt,
    Rule::add,
    Rule::sub,
    Rule::mul,
    Rule::div,
    Rule::and,
    Rule::or,
    Rule::kw_and,
    Rule::kw_or,
];

/// Turns a pest error found in `text` (which starts at byte `base` of `src`) into a message.
pub(crate) fn from_pest(e: &pest::error::Error<Rule>, base: usize, text: &str, src: &str) -> Unexpected {
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let found = found_token(text.get(pos..).unwrap_or(""));
    let positives: &[Rule] = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => positives,
        ErrorVariant::CustomError { .. } => &[],
    };
    let rest = text.get(pos..).unwrap_or("");
    if rest.trim().is_empty() && positives.contains(&Rule::rbrace) {
        // A string left open runs to the end of the file and takes the `}`s with it.
        if let Some(q) = crate::scan::open_string(src) {
            return unclosed_string(q);
        }
        let at = base + pos;
        return Unexpected {
            message: "unexpected end of file: a `{` is not closed".into(),
            span: Span::new(at, at).into(),
            label: "expected `}` before here".into(),
            help: Some("add the missing `}`; each `{` needs its `}`".into()),
        };
    }
    // A string found where something else is expected: when it is closed on its line, the
    // string is what is out of place; when not, that it is not closed.
    let found = match (rest.starts_with('"'), string_len(rest)) {
        (true, Some(len)) => rest.get(..len).unwrap_or(&found).to_string(),
        (true, None) => return unclosed_string(base + pos),
        (false, _) => found,
    };
    let expected = expected_list(positives);
    let start = base + pos;
    let span = Span::new(start, start + found.len());
    let at_end_of_file = base + text.len() >= src.len();
    let shown = match (found.is_empty(), at_end_of_file) {
        (false, _) => format!("`{}`", clean(&found)),
        (true, true) => "end of file".to_string(),
        (true, false) => "end of the statement".to_string(),
    };
    let message = if expected.is_empty() {
        format!("unexpected {shown}")
    } else {
        format!("unexpected {shown}; expected {expected}")
    };
    let label = if expected.is_empty() { "not understood".to_string() } else { format!("expected {expected}") };
    let before = text.get(..pos).unwrap_or("");
    if let Some(e) = in_id(&found, before, positives, span) {
        return e;
    }
    let mut help = in_expect(&found, before).or_else(|| hint(&found, src, start));
    if found.is_empty() && help.is_none() {
        let last = text.get(..pos).unwrap_or("").split_whitespace().last().unwrap_or("");
        // The operators a value follows and the clauses (`keywords::CLAUSE_WORDS`): a set of
        // its own, not a copy of a list of keywords.
        if matches!(
            last,
            "and"
                | "or"
                | "not"
                | "+"
                | "-"
                | "*"
                | "/"
                | ">"
                | "<"
                | ">="
                | "<="
                | "=="
                | "!="
                | "when"
                | "per"
                | "max"
        ) {
            help = Some(format!("`{last}` needs a value after it"));
        }
    }
    Unexpected { message, span: span.into(), label, help }
}

fn expected_list(positives: &[Rule]) -> String {
    let statements = positives.iter().filter(|r| STATEMENT_RULES.contains(r)).count();
    let mut names: Vec<&str> = Vec::new();
    let value_rules = [
        Rule::ident,
        Rule::number,
        Rule::percent,
        Rule::date,
        Rule::boolean,
        Rule::call,
        Rule::func,
        Rule::node_ref,
        Rule::ref_read,
        Rule::if_expr,
        Rule::kw_if,
        Rule::not,
        Rule::kw_not,
        Rule::neg,
    ];
    let is_value = |r: &Rule| value_rules.contains(r);
    let values = positives.iter().filter(|r| is_value(r)).count();
    if values > 3 {
        names.push("a value (a name, number, percent, date, `true`/`false`, `not`, `if` or `(`)");
    }
    if statements > 3 {
        names.push("a statement (`item`, `award`, `deduct`, `band`, …)");
    }
    let operators = positives.iter().filter(|r| OPERATOR_RULES.contains(r)).count();
    if operators > 3 {
        names.push("an operator (`and`, `or`, `>=`, `+`, …)");
    }
    for r in positives {
        if (statements > 3 && STATEMENT_RULES.contains(r))
            || (operators > 3 && OPERATOR_RULES.contains(r))
            || (values > 3 && is_value(r))
        {
            continue;
        }
        if let Some(d) = describe(*r)
            && !names.contains(&d)
        {
            names.push(d);
        }
    }
    match names.len() {
        0 => String::new(),
        1 => names.concat(),
        n => {
            let (init, last) = names.split_at(n - 1);
            format!("{} or {}", init.join(", "), last.concat())
        }
    }
}

/// The token at the start of `rest`: a word, or a single other character.
fn found_token(rest: &str) -> String {
    let mut chars = rest.chars();
    let Some(first) = chars.next() else { return String::new() };
    if first.is_alphanumeric() || first == '_' {
        rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.').collect()
    } else {
        first.to_string()
    }
}

/// A snippet of input for a one-line message: at most 60 characters, with every hidden character
/// ([`crate::is_hidden`]), line feed and tab shown as an escape instead of raw.
pub fn clean(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().take(60) {
        if crate::is_hidden(c) || matches!(c, '\n' | '\t') {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

fn hint(found: &str, src: &str, at: usize) -> Option<String> {
    let full_width = [
        ('，', ','),
        ('（', '('),
        ('）', ')'),
        ('：', ':'),
        ('“', '"'),
        ('”', '"'),
        ('【', '['),
        ('】', ']'),
        ('＝', '='),
        ('＞', '>'),
        ('＜', '<'),
        ('；', ';'),
    ];
    if let Some(c) = found.chars().next() {
        if let Some((_, ascii)) = full_width.iter().find(|(w, _)| *w == c) {
            return Some(format!("`{c}` is a full-width character; write the half-width `{ascii}`"));
        }
    }
    let after = src.get(at..).unwrap_or("");
    let rest_of_line = after.get(found.len()..).unwrap_or("").lines().next().unwrap_or("");
    // The operators a value follows (a set of its own, not a copy of a list of keywords).
    if matches!(found, "and" | "or" | "not" | "+" | "-" | "*" | "/" | ">" | "<" | ">=" | "<=" | "==")
        && rest_of_line.trim().is_empty()
    {
        return Some(format!("`{found}` needs a value after it on the same line"));
    }
    if found == "=" && !after.starts_with("==") && !after.starts_with("=>") {
        return Some("write `==` to compare two values".into());
    }
    if found == "%" || found == "％" {
        return Some("write the percent right after its number, e.g. `65%`".into());
    }
    if !found.is_empty() && !KEYWORDS.contains(&found) && found.chars().all(|c| c.is_ascii_alphabetic() || c == '_') {
        if let Some(k) = KEYWORDS
            .iter()
            .filter(|k| **k != found)
            .map(|k| (strsim::damerau_levenshtein(found, k), k))
            .filter(|(d, k)| *d <= 2 && *d < k.len())
            .min_by_key(|(d, _)| *d)
        {
            return Some(format!("did you mean `{}`?", k.1));
        }
    }
    None
}

/// The message for a line that parses on its own but not where it stands.
pub(crate) fn not_a_statement(text: &str) -> (String, String, Option<String>) {
    (
        format!("`{}` cannot stand here", clean(text.lines().next().unwrap_or(""))),
        "not allowed here".into(),
        Some("check the braces around this line".into()),
    )
}

/// The length of the string literal that starts `rest` (with its quotes), when it is closed
/// on its line.
fn string_len(rest: &str) -> Option<usize> {
    let mut chars = rest.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => return Some(i + 1),
            '\n' | '\r' => return None,
            _ => {}
        }
    }
    None
}

fn unclosed_string(at: usize) -> Unexpected {
    Unexpected {
        message: "this string is not closed".into(),
        span: Span::new(at, at + 1).into(),
        label: "opens here, no closing `\"`".into(),
        help: Some(
            "add `\"` where the text ends; a string is written on one line (`\\n` stands for a line break)".into(),
        ),
    }
}

/// What the documents write in their numbering, and an id may hold.
const ID_HOLDS: &str =
    "an id holds letters, digits, `.`, `-`, `、`, brackets `( )` `（ ）` and numbers such as `①` `⑴` `㈠`";

/// A character that cannot stand in an id, right after an id in a node's header or an
/// `expect`, or where an id is expected: one error that says what an id may hold.
fn in_id(found: &str, before: &str, positives: &[Rule], span: Span) -> Option<Unexpected> {
    let first = found.chars().next()?;
    if first.is_whitespace() || matches!(first, '"' | '=' | '{') {
        return None;
    }
    let statement = before.trim_start();
    let head = statement.split_whitespace().next().unwrap_or("");
    // The words an id follows: the node kinds and `expect` (a set of its own).
    let after_id = matches!(head, "section" | "group" | "item" | "expect")
        && statement.split_whitespace().count() == 2
        && before.ends_with(|c: char| !c.is_whitespace());
    if !(after_id || positives.contains(&Rule::node_id)) {
        return None;
    }
    let ch = clean(&first.to_string());
    let (message, id) = if after_id {
        let id = before.split_whitespace().last().unwrap_or("");
        (format!("`{ch}` cannot stand in the id `{}{ch}`", clean(id)), clean(id))
    } else {
        (format!("`{ch}` cannot stand in an id"), "一.1".to_string())
    };
    let at = span.start;
    Some(Unexpected {
        message,
        span: Span::new(at, at + first.len_utf8()).into(),
        label: "not a character of an id".into(),
        help: Some(format!("{ID_HOLDS}; write the row's number as the document does, e.g. `{id}`")),
    })
}

/// Help for a value an `expect` line cannot compare: a test expects points.
fn in_expect(found: &str, before: &str) -> Option<String> {
    if !before.trim_start().starts_with("expect") || !found.starts_with('"') {
        return None;
    }
    Some(format!(
        "a test expects a row's points (`expect 一 = 2`), not a text such as {}: write the points the document gives for it",
        clean(found)
    ))
}

/// A carriage return (CR) that no line feed follows: editors show a new line there, so a rule
/// after it would look like code while a comment before it takes it in. The file is refused.
pub(crate) fn lone_cr(src: &str) -> Option<crate::error::SyntaxError> {
    let bytes = src.as_bytes();
    let mut lone =
        bytes.iter().enumerate().filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n')).map(|(i, _)| i);
    let first = lone.next()?;
    let more = lone.count();
    let message = if more == 0 {
        "a carriage return (CR) without a line feed: editors start a new line here, a rule file does not".to_string()
    } else {
        format!(
            "{} carriage returns (CR) without a line feed: editors start a new line at each, a rule file does not",
            more + 1
        )
    };
    Some(
        Unexpected {
            message,
            span: Span::new(first, first + 1).into(),
            label: "CR without LF".into(),
            help: Some(
                "save the file with LF or CRLF line ends (the editor's line-ending setting, e.g. 换行符 LF)".into(),
            ),
        }
        .into(),
    )
}
