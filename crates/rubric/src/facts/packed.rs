//! The values of a list table's rows packed into bytes by the table's first pass
//! ([`crate::facts::list_step::grouped_with`]), so that the rows are read once: the second pass
//! takes each chunk's rows back from these bytes ([`crate::facts::list_cut::Slice::packed`])
//! rather than cutting, checking and reading the table's text again.
//!
//! A row is a mark (`0`: the same unit as the row before it in the same chunk; `1`: a unit's
//! name follows, its length then its UTF-8 bytes), then each field's value in the order of the
//! list's fields. A value is exact both ways: a decimal by its flags and its 96-bit mantissa
//! (as [`rust_decimal::Decimal::serialize`] holds them), a date by its day from the common era.
//!
//! ```
//! use rubric::facts::packed::{Packer, Unpacker};
//! use rubric::value::Value;
//! let d = rust_decimal::Decimal::new(-12345, 3);
//! let date = chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
//! let mut p = Packer::default();
//! p.row("甲", &[Value::Num(d), Value::Date(date)]);
//! p.row("甲", &[Value::Bool(true), Value::NotApplicable]);
//! p.row("乙", &[Value::Num(rust_decimal::Decimal::ZERO), Value::Bool(false)]);
//! let mut u = Unpacker::new(p.bytes());
//! let mut rows = Vec::new();
//! while let Some(row) = u.row(2) {
//!     let (name, values) = row.unwrap();
//!     rows.push((name.to_string(), values.to_vec()));
//! }
//! assert_eq!(rows[0], ("甲".to_string(), vec![Value::Num(d), Value::Date(date)]));
//! assert_eq!(rows[1].0, "甲");
//! assert_eq!(rows[2].1, vec![Value::Num(rust_decimal::Decimal::ZERO), Value::Bool(false)]);
//! ```

use crate::value::Value;
use chrono::Datelike;

/// A value's first byte.
const NUM: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const DATE: u8 = 3;
const NA: u8 = 4;

/// Rows packed one after another, each ending at a known length.
#[derive(Debug, Default)]
pub struct Packer {
    bytes: Vec<u8>,
    /// Where each row ends.
    ends: Vec<usize>,
    /// The unit of the last row packed.
    last: Option<String>,
}

impl Packer {
    /// Packs a row of unit `unit` with its fields' values.
    pub fn row(&mut self, unit: &str, values: &[Value]) {
        if self.last.as_deref() == Some(unit) {
            self.bytes.push(0);
        } else {
            self.bytes.push(1);
            varint(&mut self.bytes, unit.len() as u128);
            self.bytes.extend_from_slice(unit.as_bytes());
            self.last = Some(unit.to_string());
        }
        for v in values {
            value(&mut self.bytes, *v);
        }
        self.ends.push(self.bytes.len());
    }

    /// Where each row packed ends, in order.
    pub fn ends(&self) -> &[usize] {
        &self.ends
    }

    /// The bytes packed so far (the end of the last row).
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether no row is packed.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The rows' bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// A file the rows of a table's chunks are packed into, one chunk after another.
pub(crate) struct Spill {
    out: std::io::BufWriter<std::fs::File>,
    len: u64,
}

impl Spill {
    /// Packs into `file` (empty) from its start.
    pub(crate) fn new(file: std::fs::File) -> Spill {
        Spill { out: std::io::BufWriter::with_capacity(1 << 16, file), len: 0 }
    }

    /// Writes a chunk's rows: the offset in the file where they start; none when the file
    /// could not be written.
    pub(crate) fn write(&mut self, rows: &Packer) -> Option<u64> {
        use std::io::Write;
        self.out.write_all(rows.bytes()).ok()?;
        let base = self.len;
        self.len += rows.bytes().len() as u64;
        Some(base)
    }

    /// The file, every row written; none when it could not be.
    pub(crate) fn finish(self) -> Option<std::fs::File> {
        self.out.into_inner().ok()
    }
}

fn varint(out: &mut Vec<u8>, mut n: u128) {
    loop {
        let low = (n & 0x7F) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

fn value(out: &mut Vec<u8>, v: Value) {
    match v {
        Value::Num(d) => {
            let b = d.serialize();
            out.push(NUM);
            out.extend_from_slice(b.get(..4).unwrap_or_default());
            let mut m = [0u8; 16];
            if let (Some(to), Some(from)) = (m.get_mut(..12), b.get(4..16)) {
                to.copy_from_slice(from);
            }
            varint(out, u128::from_le_bytes(m));
        }
        Value::Bool(false) => out.push(FALSE),
        Value::Bool(true) => out.push(TRUE),
        Value::Date(d) => {
            out.push(DATE);
            out.extend_from_slice(&d.num_days_from_ce().to_le_bytes());
        }
        Value::NotApplicable => out.push(NA),
    }
}

/// Packed rows read back in order.
pub struct Unpacker<'b> {
    bytes: &'b [u8],
    at: usize,
    name: &'b str,
    values: Vec<Value>,
}

/// Bytes that are not rows as [`Packer`] packs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Corrupt;

impl<'b> Unpacker<'b> {
    /// Reads the rows of `bytes`.
    pub fn new(bytes: &'b [u8]) -> Unpacker<'b> {
        Unpacker { bytes, at: 0, name: "", values: Vec::new() }
    }

    /// The next row (its unit and its `fields` values), none at the end.
    pub fn row(&mut self, fields: usize) -> Option<Result<(&'b str, &[Value]), Corrupt>> {
        let mut values = std::mem::take(&mut self.values);
        values.clear();
        let row = self.row_into(fields, &mut values);
        self.values = values;
        Some(row?.map(|name| (name, self.values.as_slice())))
    }

    /// The next row's unit, none at the end; its `fields` values pushed onto `out` (some of
    /// them, when the bytes are [`Corrupt`]).
    pub fn row_into(&mut self, fields: usize, out: &mut Vec<Value>) -> Option<Result<&'b str, Corrupt>> {
        if self.at >= self.bytes.len() {
            return None;
        }
        Some(self.next_row(fields, out))
    }

    fn next_row(&mut self, fields: usize, out: &mut Vec<Value>) -> Result<&'b str, Corrupt> {
        match self.byte()? {
            0 if self.at > 1 => {}
            1 => {
                let len = usize::try_from(self.varint()?).map_err(|_| Corrupt)?;
                let end = self.at.checked_add(len).ok_or(Corrupt)?;
                let name = self.bytes.get(self.at..end).ok_or(Corrupt)?;
                self.name = std::str::from_utf8(name).map_err(|_| Corrupt)?;
                self.at = end;
            }
            _ => return Err(Corrupt),
        }
        for _ in 0..fields {
            let v = self.value()?;
            out.push(v);
        }
        Ok(self.name)
    }

    fn byte(&mut self) -> Result<u8, Corrupt> {
        let b = *self.bytes.get(self.at).ok_or(Corrupt)?;
        self.at += 1;
        Ok(b)
    }

    /// The next 4 bytes.
    fn four(&mut self) -> Result<[u8; 4], Corrupt> {
        let end = self.at.checked_add(4).ok_or(Corrupt)?;
        let b = self.bytes.get(self.at..end).and_then(|b| <[u8; 4]>::try_from(b).ok()).ok_or(Corrupt)?;
        self.at = end;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u128, Corrupt> {
        // One byte for most values (a month, a small count).
        if let Some(&b) = self.bytes.get(self.at)
            && b & 0x80 == 0
        {
            self.at += 1;
            return Ok(u128::from(b));
        }
        let mut n = 0u128;
        for shift in (0..128).step_by(7) {
            let b = self.byte()?;
            n |= u128::from(b & 0x7F).checked_shl(shift).ok_or(Corrupt)?;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(Corrupt)
    }

    fn value(&mut self) -> Result<Value, Corrupt> {
        match self.byte()? {
            NUM => {
                let mut b = [0u8; 16];
                if let Some(flags) = b.get_mut(..4) {
                    flags.copy_from_slice(&self.four()?);
                }
                let m = self.varint()?.to_le_bytes();
                if m.get(12..).is_none_or(|hi| hi.iter().any(|&x| x != 0)) {
                    return Err(Corrupt);
                }
                if let (Some(to), Some(from)) = (b.get_mut(4..16), m.get(..12)) {
                    to.copy_from_slice(from);
                }
                Ok(Value::Num(rust_decimal::Decimal::deserialize(b)))
            }
            FALSE => Ok(Value::Bool(false)),
            TRUE => Ok(Value::Bool(true)),
            DATE => {
                let d = self.four()?;
                chrono::NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(d)).map(Value::Date).ok_or(Corrupt)
            }
            NA => Ok(Value::NotApplicable),
            _ => Err(Corrupt),
        }
    }
}
