//! `rulecheck`: check rubric rule files and score units, explaining every point.
//!
//! This is the only part of the project that prints. Exit codes: 0 success,
//! 1 a check found only warnings under `--deny-warnings`, 2 bad input (rule
//! files, facts files or command-line usage).

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;
mod diagnostics;
mod files;
mod tree;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let code = match &args.command {
        cli::Command::Check(c) => cli::check(&args, c),
        cli::Command::Eval(e) => cli::eval(&args, e),
    };
    ExitCode::from(code)
}
