//! What the tests that run `rulecheck` as a user would share: one run from the repository's root.
#![allow(clippy::unwrap_used)] // test code: failing loudly is the point

use insta_cmd::get_cargo_bin;
use std::path::PathBuf;
use std::process::Command;

/// `rulecheck ARGS` from the repository's root, without colour or the caller's locale: exit
/// code, stdout, stderr.
pub fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new(get_cargo_bin("rulecheck"))
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args(["--color", "never"])
        .args(args)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}
