//! `rulecheck`: check rubric rule files and score units, explaining every point.
//!
//! This is the only part of the project that prints. Exit codes: 0 success, 1 a test failed,
//! a file is not formatted or warnings were denied, 2 bad input (rule files, facts files or the
//! command line).

mod cli;
mod cmd;
mod files;
mod list_join;
mod list_tables;
mod passes;
mod problems;
mod run_problems;
mod table;
mod tree;
mod ui;
mod xlsx;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let ui = ui::Ui::new(&args);
    files::set_facts_limits(rubric::facts::FactsLimits {
        max_bytes: args.max_facts_mib << 20,
        ..rubric::facts::FactsLimits::default()
    });
    files::set_list_tables(args.lists.clone());
    let code = match &args.command {
        cli::Command::Check(a) => cmd::check::run(&ui, a),
        cli::Command::Eval(a) => cmd::eval::run(&ui, a),
        cli::Command::Explain(a) => cmd::explain::run(&ui, a),
        cli::Command::Rank(a) => cmd::rank::run(&ui, a),
        cli::Command::Score(a) => cmd::score::run(&ui, a),
        cli::Command::Test(a) => cmd::test::run(&ui, a),
        cli::Command::Template(a) => cmd::template::run(&ui, a),
        cli::Command::Fmt(a) => cmd::fmt::run(&ui, a),
        cli::Command::Diff(a) => cmd::diff::run(&ui, a),
        cli::Command::Show(a) => cmd::show::run(&ui, a),
        cli::Command::Whatif(a) => cmd::whatif::run(&ui, a),
        cli::Command::Report(a) => cmd::report::run(&ui, a),
        cli::Command::Serve(a) => cmd::serve::run(&ui, a),
        cli::Command::Import(a) => cmd::import::run(&ui, a),
    };
    // A column of a table that is not a fact was reported once; the units were scored without it.
    let code = if files::unknown_columns() && code == ui::OK { ui::BAD_INPUT } else { code };
    ExitCode::from(code)
}
