//! Runs a command and prints its wall time and peak memory: `peak CMD ARG…` → `SECONDS MAX_RSS_KB EXIT_CODE CPU_SECONDS`.
//!
//! The command's standard output is thrown away (its standard error is kept); the line above
//! is the only output. The peak is the kernel's own count of the child's largest resident set
//! (`getrusage(RUSAGE_CHILDREN)`, in KiB): exact, not sampled, and needing no program of the
//! system (`/usr/bin/time`). The CPU time (user and system, all threads) is the kernel's too:
//! on a shared machine it moves less with the load than the wall time. One `peak` measures one command: the count is the largest over
//! all the children a process has waited for.

use nix::sys::resource::{UsageWho, getrusage};
use std::io::Write;
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

fn run() -> Result<String, String> {
    let mut args = std::env::args().skip(1);
    let program = args.next().ok_or("usage: peak CMD ARG…")?;
    let start = Instant::now();
    let status =
        Command::new(&program).args(args).stdout(Stdio::null()).status().map_err(|e| format!("`{program}`: {e}"))?;
    let wall = start.elapsed();
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).map_err(|e| format!("getrusage: {e}"))?;
    // -1 for a child ended by a signal.
    let code = status.code().unwrap_or(-1);
    let seconds = |t: nix::sys::time::TimeVal| t.tv_sec() as f64 + t.tv_usec() as f64 / 1e6;
    let cpu = seconds(usage.user_time()) + seconds(usage.system_time());
    Ok(format!("{:.6} {} {code} {cpu:.6}", wall.as_secs_f64(), usage.max_rss()))
}

fn main() -> ExitCode {
    match run() {
        Ok(line) => {
            let _ = writeln!(std::io::stdout(), "{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "peak: {e}");
            ExitCode::from(2)
        }
    }
}
