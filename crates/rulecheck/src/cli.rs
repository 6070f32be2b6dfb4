//! The command line: arguments, and the `check` and `eval` commands.

use crate::diagnostics::render;
use crate::files::{FsLoader, read_text};
use crate::tree;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rubric::{Rubric, UnitFacts};
use std::io::IsTerminal;

/// Check rubric rule files and score units, explaining every point.
#[derive(Parser, Debug)]
#[command(name = "rulecheck", version, about, long_about = None)]
pub struct Cli {
    /// When to use colour in diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// When to use colour.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Color {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Parse and check rule files; report every problem at once.
    #[command(
        after_help = "Examples:\n  rulecheck check rules/wushen-2024.rubric\n  rulecheck check rules/*.rubric rules/county-2021/*.rubric"
    )]
    Check(CheckArgs),
    /// Score the units of a facts file and show where every point went.
    #[command(
        after_help = "Examples:\n  rulecheck eval rules/wushen-2024.rubric rules/wushen-2024.facts.json\n  rulecheck eval rules/wushen-2024.rubric rules/wushen-2024.facts.json --unit 乌审旗 --format json"
    )]
    Eval(EvalArgs),
}

/// Arguments of `check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Rule files to check.
    #[arg(required = true)]
    pub files: Vec<String>,
    /// Fail (exit 1) when there are warnings.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// Arguments of `eval`.
#[derive(Args, Debug)]
pub struct EvalArgs {
    /// The rule file.
    pub rules: String,
    /// The facts file (JSON: {"units": [{"unit": …, "facts": {…}}]}).
    pub facts: String,
    /// Score only this unit.
    #[arg(long)]
    pub unit: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Output formats of `eval`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// A tree in Chinese, aligned for the terminal.
    Text,
    /// JSON, with decimals as strings.
    Json,
}

fn use_color(c: Color) -> bool {
    match c {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal(),
    }
}

/// Loads one rule file, printing its diagnostics; returns the rubric when it has no errors.
fn load(path: &str, color: bool, deny_warnings: bool) -> (Option<Rubric>, bool, usize, usize) {
    let load = rubric::load(path, &FsLoader);
    let (mut errors, mut warnings) = (0, 0);
    // Errors first, then warnings, each in the order found.
    let mut shown: Vec<&rubric::Diagnostic> = load.report.errors().collect();
    shown.extend(load.report.warnings());
    for d in shown {
        match d.severity {
            rubric::Severity::Error => errors += 1,
            rubric::Severity::Warning => warnings += 1,
        }
        eprint!("{}", render(&d.to_report(&load.sources), color));
    }
    let _ = deny_warnings;
    (load.rubric, load.library, errors, warnings)
}

/// `rulecheck check`.
pub fn check(cli: &Cli, args: &CheckArgs) -> u8 {
    let color = use_color(cli.color);
    let (mut errors, mut warnings) = (0, 0);
    for f in &args.files {
        let (r, library, e, w) = load(f, color, args.deny_warnings);
        errors += e;
        warnings += w;
        if library && e == 0 {
            eprintln!(
                "{f}: ok — a library of blocks{}",
                if w > 0 { format!(", {w} warning{}", plural(w)) } else { String::new() }
            );
        }
        if let Some(r) = r {
            let items = r.nodes.iter().filter(|n| n.kind == rubric::plan::Kind::Item).count();
            eprintln!(
                "{f}: ok — {} points, {} items, {} facts{}",
                rubric::value::show_num(r.root().max),
                items,
                r.facts.len(),
                if w > 0 { format!(", {w} warning{}", if w == 1 { "" } else { "s" }) } else { String::new() }
            );
        }
    }
    if errors > 0 {
        eprintln!("{errors} error{}, {warnings} warning{}", plural(errors), plural(warnings));
        2
    } else if warnings > 0 && args.deny_warnings {
        1
    } else {
        0
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `rulecheck eval`.
pub fn eval(cli: &Cli, args: &EvalArgs) -> u8 {
    let color = use_color(cli.color);
    let (rubric, library, _, _) = load(&args.rules, color, false);
    let Some(rubric) = rubric else {
        if library {
            eprintln!("{}: a library of blocks cannot be scored; score the rubric that imports it", args.rules);
        } else {
            eprintln!("{}: cannot score units until the rule file is fixed", args.rules);
        }
        return 2;
    };
    let text = match read_text(&args.facts) {
        Ok(t) => t,
        Err(why) => {
            eprintln!("error: cannot read `{}`: {why}", args.facts);
            return 2;
        }
    };
    let units = match rubric::facts::from_json(&text) {
        Ok(u) => u,
        Err(e) => {
            eprint!("{}", render(&miette::Report::new(e), color));
            return 2;
        }
    };
    let units: Vec<&UnitFacts> = match &args.unit {
        None => units.iter().collect(),
        Some(name) => {
            let found: Vec<&UnitFacts> = units.iter().filter(|u| &u.unit == name).collect();
            if found.is_empty() {
                let names: Vec<&str> = units.iter().map(|u| u.unit.as_str()).collect();
                eprintln!("error: no unit `{name}` in `{}`\n  help: the units are: {}", args.facts, names.join(", "));
                return 2;
            }
            found
        }
    };
    let mut scores = Vec::new();
    let mut failed = false;
    for u in units {
        match rubric.evaluate(u) {
            Ok(s) => scores.push(s),
            Err(e) => {
                failed = true;
                eprint!("{}", render(&miette::Report::new(e), color));
            }
        }
    }
    match args.format {
        Format::Json => {
            let doc = serde_json::json!({ "rubric": rubric.title, "units": scores });
            match serde_json::to_string_pretty(&doc) {
                Ok(s) => out(&format!("{s}\n")),
                Err(e) => {
                    eprintln!("error: cannot write JSON: {e}");
                    return 2;
                }
            }
        }
        Format::Text => {
            let mut text = String::new();
            for (i, s) in scores.iter().enumerate() {
                if i > 0 {
                    text.push('\n');
                }
                text.push_str(&tree::render(&rubric, s));
            }
            out(&text);
        }
    }
    if failed { 2 } else { 0 }
}

/// Writes results to stdout; a closed pipe (`| head`) ends output quietly instead of panicking.
fn out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
}
