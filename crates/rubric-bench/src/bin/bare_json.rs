//! The floor for reading a JSON facts file: a bare serde_json pass, `bare_json FILE.json|FILE.jsonl`.
//!
//! A `.json` file's `units` array is read one unit at a time through a streaming `SeqAccess`,
//! each unit deserialized into a `serde_json::Value` (every key and string allocated, every
//! number kept as its text: the workspace builds serde_json with `arbitrary_precision` and
//! `preserve_order`, as `rulecheck` uses it) and then walked and dropped; any other key of the
//! document is skipped (`IgnoredAny`). A `.jsonl` file is read a line at a time into a reused
//! buffer, each line into a `Value`. The file is read through a 64 KiB buffer, never held whole.
//!
//! Why this is a fair floor: a facts reader has to do at least this much — parse every token,
//! check it as UTF-8, and make each unit's names and values into something it can bind — and
//! it must stream (the issue asks for memory bounded by the batch, so holding a 2.7 GB file is
//! not open to it). Nothing here is checked against a rubric, no value is read as a number or
//! date, and nothing is kept. A pass into `IgnoredAny` (parsing without building) would be a
//! lower floor no reader that uses the values can reach, so the unit-as-`Value` pass is the one
//! `bench/e2e` compares with.

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;
use std::io::{BufRead, Write};
use std::process::ExitCode;

/// Units, values and bytes of text read.
#[derive(Debug, Default)]
struct Pass {
    units: u64,
    values: u64,
    bytes: u64,
}

impl Pass {
    /// Counts a unit's values and the bytes of its keys, strings and numbers.
    fn touch(&mut self, v: &Value) {
        self.values += 1;
        match v {
            Value::String(s) => self.bytes += s.len() as u64,
            Value::Number(n) => self.bytes += n.as_str().len() as u64,
            Value::Array(a) => a.iter().for_each(|x| self.touch(x)),
            Value::Object(o) => o.iter().for_each(|(k, x)| {
                self.bytes += k.len() as u64;
                self.touch(x);
            }),
            Value::Null | Value::Bool(_) => {}
        }
    }
}

/// The document: its `units` read with [`Units`], anything else skipped.
struct Document<'a>(&'a mut Pass);

impl<'de> Visitor<'de> for Document<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with `units`")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "units" {
                map.next_value_seed(Units(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// The `units` array, one unit at a time.
struct Units<'a>(&'a mut Pass);

impl<'de> DeserializeSeed<'de> for Units<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Units<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of units")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(unit) = seq.next_element::<Value>()? {
            self.0.units += 1;
            self.0.touch(&unit);
        }
        Ok(())
    }
}

fn read(path: &str) -> Result<Pass, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    let mut pass = Pass::default();
    if path.ends_with(".jsonl") {
        let mut line = String::new();
        while reader.read_line(&mut line).map_err(|e| format!("{path}: {e}"))? > 0 {
            if !line.trim().is_empty() {
                let unit: Value = serde_json::from_str(&line).map_err(|e| format!("{path}: {e}"))?;
                pass.units += 1;
                pass.touch(&unit);
            }
            line.clear();
        }
    } else {
        let mut de = serde_json::Deserializer::from_reader(reader);
        de.deserialize_map(Document(&mut pass)).map_err(|e| format!("{path}: {e}"))?;
        de.end().map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(pass)
}

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        let _ = writeln!(std::io::stderr(), "usage: bare_json FILE.json|FILE.jsonl");
        return ExitCode::from(2);
    };
    match read(&path) {
        Ok(p) => {
            let _ = writeln!(std::io::stdout(), "units {} values {} bytes {}", p.units, p.values, p.bytes);
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "bare_json: {e}");
            ExitCode::from(2)
        }
    }
}
