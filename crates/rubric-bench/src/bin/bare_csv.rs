//! The floor for reading a CSV facts file: a bare pass of the `csv` crate over the files, `bare_csv FILE…`.
//!
//! Every record of every file (the facts table and its list tables, as `rulecheck score` reads
//! them) is read into one reused `StringRecord` (so checked as UTF-8, as any reader of a text file
//! must) and every field is touched: the lengths of all fields are summed and printed with the
//! counts, so that nothing can be optimised away. No value is parsed and nothing is kept: the
//! least any reader of these files must do.

use std::io::Write;
use std::process::ExitCode;

/// Records, fields and the bytes of all fields read.
#[derive(Debug, Default)]
struct Pass {
    records: u64,
    fields: u64,
    bytes: u64,
}

fn read(path: &str, pass: &mut Pass) -> Result<(), String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(std::io::BufReader::with_capacity(1 << 16, file));
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(|e| format!("{path}: {e}"))? {
        pass.records += 1;
        for field in &record {
            pass.fields += 1;
            pass.bytes += field.len() as u64;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let mut err = std::io::stderr();
    if files.is_empty() {
        let _ = writeln!(err, "usage: bare_csv FILE…");
        return ExitCode::from(2);
    }
    let mut pass = Pass::default();
    for f in &files {
        if let Err(e) = read(f, &mut pass) {
            let _ = writeln!(err, "bare_csv: {e}");
            return ExitCode::from(2);
        }
    }
    let _ = writeln!(std::io::stdout(), "records {} fields {} bytes {}", pass.records, pass.fields, pass.bytes);
    ExitCode::SUCCESS
}
