//! Cell text as offices write it, shared by every table reader (CSV here, workbooks in
//! `rubric-xlsx`): the encoding of a table (UTF-8, UTF-16 with a byte-order mark, or GB18030,
//! which holds GBK), the spellings of numbers, yes/no and dates that Excel and WPS users type, the
//! notes columns a table may carry, and columns the rubric does not declare, reported once.
//!
//! The spellings are read into the one form each fact type reads, never guessed:
//!
//! | written | read as |
//! | --- | --- |
//! | `1,234`, `12,345.5` (commas between groups of three digits) | `1234`, `12345.5` |
//! | `１２３．５`, `８７．５％` (full-width digits, point, sign and percent) | `123.5`, `87.5%` |
//! | `是` `对` `有` `√` `✓` `✔` `true` `yes` `y` | yes |
//! | `否` `错` `无` `×` `✗` `✘` `false` `no` `n` | no |
//! | `2026/6/15`, `2026-06-15 0:00`, `2026年6月15日`, `2026.6.15`, `2026-06-15T00:00:00` | 2026-06-15 |
//!
//! `1,5` (a decimal comma) and `1,23` are refused: only groups of three digits read as
//! thousands. A date with a time of day other than midnight is refused: a date fact is a day.

use crate::facts::FactsError;
use crate::facts::error::EncodingError;
use std::borrow::Cow;
use std::io::Read;

/// The headings of columns that hold notes (`备注`, `说明`, and `notes`): a table may carry
/// them, and they are not read as facts unless the rubric declares a fact of that name.
pub const NOTE_COLUMNS: [&str; 3] = ["备注", "说明", "notes"];

/// Whether a column heading names a notes column ([`NOTE_COLUMNS`]).
pub fn is_note_column(name: &str) -> bool {
    NOTE_COLUMNS.iter().any(|n| n.eq_ignore_ascii_case(name.trim()))
}

/// The text encodings a facts table is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16, little-endian, with its byte-order mark (Excel's "Unicode 文本").
    Utf16Le,
    /// UTF-16, big-endian, with its byte-order mark.
    Utf16Be,
    /// GB18030, which holds GBK and GB2312: what Excel and WPS on Chinese Windows write as
    /// plain "CSV (逗号分隔)".
    Gb18030,
}

impl Encoding {
    /// The encoding's name, as a note shows it.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16 (little-endian)",
            Encoding::Utf16Be => "UTF-16 (big-endian)",
            Encoding::Gb18030 => "GB18030 (GBK)",
        }
    }

    /// A note for a table read in this encoding; none for UTF-8, the expected one.
    pub fn note(self) -> Option<crate::facts::words::Words> {
        use crate::facts::words::Words;
        match self {
            Encoding::Utf8 => None,
            Encoding::Gb18030 => Some(Words::new(
                "the table was read as GB18030 (GBK), as Excel and WPS save plain \"CSV (逗号分隔)\" on Chinese Windows",
                "表按 GB18030（GBK）编码读取：中文 Windows 上的 Excel 和 WPS 保存普通“CSV (逗号分隔)”时用这种编码",
            )),
            other => Some(Words::new(
                format!("the table was read as {}, by its byte-order mark", other.name()),
                format!("表按 {} 编码读取（据其字节顺序标记）", other.name()),
            )),
        }
    }

    fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Utf16Le => encoding_rs::UTF_16LE,
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
            Encoding::Gb18030 => encoding_rs::GB18030,
        }
    }
}

/// A reader that gives UTF-8 whatever the table's encoding: it reads a first part of the
/// input (`sniff` bytes, or all of it when shorter) and decides — a UTF-16 byte-order mark is
/// UTF-16; valid UTF-8 (a byte-order mark or not) is UTF-8 and passes through unchanged, to be
/// checked row by row as before, and so is UTF-8 text with a bad byte after some characters
/// that are not ASCII (a GBK file almost never starts as valid UTF-8 Chinese); otherwise
/// GB18030 when that part decodes without errors. Bytes
/// that the encoding does not read end the stream with an error ([`BadBytes`]) naming their
/// offset in the file, never a replacement character.
pub(crate) struct Decoded<R> {
    inner: R,
    sniff: usize,
    encoding: Option<Encoding>,
    decoder: Option<encoding_rs::Decoder>,
    /// Raw bytes read and not yet decoded (or, for UTF-8, not yet given out).
    raw: Vec<u8>,
    /// For UTF-8, the bytes of `raw` given out (a cursor, so that a table held whole is not
    /// moved down at every read).
    given: usize,
    /// Decoded bytes not yet given out, from `out_at`.
    out: Vec<u8>,
    out_at: usize,
    /// The file offset of `raw[0]`.
    offset: u64,
    /// Line ends decoded so far, for messages.
    lines: usize,
    eof: bool,
    /// The last part has been decoded (with `last`), so a sequence cut by the end is an error.
    done: bool,
}

/// Bytes a table's encoding does not read: where they are, for `rubric::facts-encoding`.
#[derive(Debug)]
pub(crate) struct BadBytes(pub(crate) FactsError);

impl std::fmt::Display for BadBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for BadBytes {}

const CHUNK: usize = 8 * 1024;

impl<R: Read> Decoded<R> {
    /// Decides the encoding from the first `sniff` bytes (at least 4 KiB).
    pub(crate) fn new(inner: R, sniff: usize) -> Self {
        Decoded {
            inner,
            sniff: sniff.max(4096),
            encoding: None,
            decoder: None,
            raw: Vec::new(),
            given: 0,
            out: Vec::new(),
            out_at: 0,
            offset: 0,
            lines: 0,
            eof: false,
            done: false,
        }
    }

    /// The encoding read, once decided (after the first read).
    pub(crate) fn encoding(&self) -> Option<Encoding> {
        self.encoding
    }

    fn fill(&mut self, want: usize) -> std::io::Result<()> {
        let mut chunk = [0u8; CHUNK];
        while !self.eof && self.raw.len() < want {
            let n = self.inner.read(&mut chunk)?;
            if n == 0 {
                self.eof = true;
            }
            self.raw.extend_from_slice(chunk.get(..n).unwrap_or_default());
        }
        Ok(())
    }

    fn decide(&mut self) -> std::io::Result<()> {
        self.fill(self.sniff)?;
        let encoding = if self.raw.starts_with(b"\xEF\xBB\xBF") {
            // A UTF-8 byte-order mark says UTF-8: a byte that is not is named as not UTF-8.
            Encoding::Utf8
        } else if self.raw.starts_with(&[0xFF, 0xFE]) {
            Encoding::Utf16Le
        } else if self.raw.starts_with(&[0xFE, 0xFF]) {
            Encoding::Utf16Be
        } else {
            match std::str::from_utf8(&self.raw) {
                Ok(_) => Encoding::Utf8,
                // A character cut by the end of the part read is still UTF-8.
                Err(e) if e.error_len().is_none() && !self.eof => Encoding::Utf8,
                // A zero byte is UTF-16 without a mark: the UTF-8 check names it.
                Err(_) if self.raw.contains(&0) => Encoding::Utf8,
                // UTF-8 text (Chinese in UTF-8 before the first bad byte) with bytes that are not:
                // named as not UTF-8, never read again as GB18030, which would garble it.
                Err(e) if !self.raw.get(..e.valid_up_to()).unwrap_or_default().is_ascii() => Encoding::Utf8,
                Err(e) => {
                    let utf8_upto = e.valid_up_to();
                    match gb18030_error(&self.raw, self.eof) {
                        None => Encoding::Gb18030,
                        Some(gb_at) => {
                            let at = gb_at.max(utf8_upto);
                            let by = if gb_at >= utf8_upto { "GB18030 (GBK)" } else { "UTF-8" };
                            return Err(self.bad(at, by));
                        }
                    }
                }
            }
        };
        self.encoding = Some(encoding);
        if encoding != Encoding::Utf8 {
            self.decoder = Some(encoding.codec().new_decoder_with_bom_removal());
        }
        Ok(())
    }

    /// The error for the byte at `at` of `raw`, which the encoding `by` does not read.
    fn bad(&self, at: usize, by: &str) -> std::io::Error {
        let line = self.lines
            + 1
            + if self.decoder.is_none() {
                self.raw.get(..at).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
            } else {
                0
            };
        let shown: Vec<String> =
            self.raw.get(at..).unwrap_or_default().iter().take(2).map(|b| format!("0x{b:02X}")).collect();
        let offset = usize::try_from(self.offset).unwrap_or(usize::MAX).saturating_add(at);
        std::io::Error::other(BadBytes(FactsError::Encoding(EncodingError {
            message: crate::facts::words::neither(offset, line, &shown.join(" "), by),
            offset,
        })))
    }

    /// Decodes what is in `raw` into `out`.
    fn decode(&mut self) -> std::io::Result<()> {
        let Some(decoder) = self.decoder.as_mut() else { return Ok(()) };
        let last = self.eof;
        let room = decoder.max_utf8_buffer_length_without_replacement(self.raw.len()).unwrap_or(self.raw.len() * 3);
        self.out.clear();
        self.out_at = 0;
        self.out.resize(room + 16, 0);
        let (result, read, written) = decoder.decode_to_utf8_without_replacement(&self.raw, &mut self.out, last);
        self.out.truncate(written);
        self.lines += self.out.iter().filter(|&&c| c == b'\n').count();
        if let encoding_rs::DecoderResult::Malformed(bad, extra) = result {
            let at = read.saturating_sub(usize::from(extra)).saturating_sub(usize::from(bad));
            let name = self.encoding.map_or("UTF-8", Encoding::name);
            return Err(self.bad(at, name));
        }
        self.raw.drain(..read);
        self.offset += read as u64;
        Ok(())
    }
}

/// Where GB18030 stops reading `bytes`: the offset of the first malformed sequence, or none.
fn gb18030_error(bytes: &[u8], last: bool) -> Option<usize> {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut out = vec![0u8; decoder.max_utf8_buffer_length_without_replacement(bytes.len())?];
    let (result, read, _) = decoder.decode_to_utf8_without_replacement(bytes, &mut out, last);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, extra) => {
            Some(read.saturating_sub(usize::from(extra)).saturating_sub(usize::from(bad)))
        }
        _ => None,
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.encoding.is_none() {
            self.decide()?;
        }
        if self.decoder.is_none() {
            // UTF-8: the bytes as they are, first those read to decide.
            if self.given < self.raw.len() {
                let rest = self.raw.get(self.given..).unwrap_or_default();
                let n = buf.len().min(rest.len());
                buf.get_mut(..n).unwrap_or_default().copy_from_slice(rest.get(..n).unwrap_or_default());
                self.given += n;
                if self.given == self.raw.len() {
                    self.raw = Vec::new();
                    self.given = 0;
                }
                return Ok(n);
            }
            return self.inner.read(buf);
        }
        loop {
            if self.out_at < self.out.len() {
                let rest = self.out.get(self.out_at..).unwrap_or_default();
                let n = buf.len().min(rest.len());
                buf.get_mut(..n).unwrap_or_default().copy_from_slice(rest.get(..n).unwrap_or_default());
                self.out_at += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            self.fill(self.raw.len() + CHUNK)?;
            self.done = self.eof;
            self.decode()?;
        }
    }
}

/// Full-width digits, point, comma, signs and percent (`１２３．５％`) as ASCII; other
/// characters unchanged.
fn half_width(t: &str) -> Cow<'_, str> {
    if t.is_ascii() || !t.chars().any(|c| ('\u{FF01}'..='\u{FF5E}').contains(&c)) {
        return Cow::Borrowed(t);
    }
    Cow::Owned(
        t.chars()
            .map(|c| match c {
                '０'..='９' | '．' | '－' | '＋' | '％' | '，' | '：' | '／' => {
                    char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
                }
                other => other,
            })
            .collect(),
    )
}

/// A number as offices write it, in the plain form [`crate::facts::parse_decimal`] reads:
/// full-width characters made ASCII and the commas of thousands (`1,234,567.5`) removed. None
/// when a comma is not a thousands separator (`1,5`, `12,34`), which is then refused, never read
/// as a decimal comma.
pub fn number_text(t: &str) -> Option<Cow<'_, str>> {
    let t = half_width(t.trim());
    if !t.contains(',') {
        return Some(t);
    }
    let (sign, body) = match t.strip_prefix(['-', '+']) {
        Some(rest) => (t.get(..1).unwrap_or_default(), rest),
        None => ("", t.as_ref()),
    };
    let (whole, frac) = match body.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    let mut groups = whole.split(',');
    let first = groups.next()?;
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if first.is_empty() || first.len() > 3 || !digits(first) {
        return None;
    }
    let mut out = format!("{sign}{first}");
    for g in groups {
        if g.len() != 3 || !digits(g) {
            return None;
        }
        out.push_str(g);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(Cow::Owned(out))
}

/// A yes/no word as offices write it ([`crate::facts::text`]'s table): `Some(true)` for yes,
/// `Some(false)` for no, none for anything else.
pub fn bool_word(t: &str) -> Option<bool> {
    // The words are in lower case already: a word as written is read without lowering it.
    let t = t.trim();
    yes_no(t).or_else(|| yes_no(&t.to_lowercase()))
}

/// A yes or no word of [`bool_word`], in lower case.
fn yes_no(t: &str) -> Option<bool> {
    match t {
        "是" | "对" | "有" | "√" | "✓" | "✔" | "true" | "yes" | "y" => Some(true),
        "否" | "错" | "无" | "×" | "✗" | "✘" | "false" | "no" | "n" => Some(false),
        _ => None,
    }
}

/// A date as offices write it, without the time a spreadsheet may add: full-width digits made
/// ASCII, spaces inside `2026 年 6 月 15 日` removed, and a time of midnight (`0:00`, `00:00:00`,
/// `T00:00:00`) dropped. Err when the time is another time of day.
pub fn date_text(t: &str) -> Result<Cow<'_, str>, crate::facts::BadFact> {
    let t = half_width(t.trim());
    let split = t.split_once(['T', ' ']).filter(|(d, rest)| d.len() >= 8 && rest.contains(':'));
    if let Some((day, time)) = split {
        let time = time.trim();
        let midnight = time.split(':').all(|p| !p.is_empty() && p.trim_end_matches(".000").chars().all(|c| c == '0'));
        if !midnight {
            return Err(crate::facts::BadFact::TimeOfDay {
                text: rubric_syntax::clean(&t).to_string(),
                time: rubric_syntax::clean(time).to_string(),
                day: rubric_syntax::clean(day.trim()).to_string(),
            });
        }
        return Ok(Cow::Owned(day.trim().to_string()));
    }
    if t.contains(['年', '月']) && t.contains(' ') {
        return Ok(Cow::Owned(t.chars().filter(|c| *c != ' ').collect()));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_only_in_groups_of_three() {
        let read = |t: &str| number_text(t).map(Cow::into_owned);
        assert_eq!(read("1,234").as_deref(), Some("1234"));
        assert_eq!(read("-12,345,678.25").as_deref(), Some("-12345678.25"));
        assert_eq!(read("１２３．５").as_deref(), Some("123.5"));
        assert_eq!(read("１，２３４").as_deref(), Some("1234"));
        for bad in ["1,5", "12,34", "1,2345", ",123", "1234,567", "1,,234", "a,123"] {
            assert_eq!(read(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_lose_a_midnight_time_only() {
        assert_eq!(date_text("2026-06-15 0:00").unwrap(), "2026-06-15");
        assert_eq!(date_text("2026/6/15 00:00:00").unwrap(), "2026/6/15");
        assert_eq!(date_text("2026-06-15T00:00:00").unwrap(), "2026-06-15");
        assert_eq!(date_text("２０２６年６月１５日").unwrap(), "2026年6月15日");
        assert_eq!(date_text("2026 年 6 月 15 日").unwrap(), "2026年6月15日");
        assert!(date_text("2026-06-15 14:30").unwrap_err().to_string().contains("time of day (14:30)"));
    }

    #[test]
    fn gbk_is_read_and_a_bad_byte_named() {
        let (gbk, _, _) = encoding_rs::GBK.encode("单位,次数\n甲,1\n");
        let mut text = String::new();
        let mut d = Decoded::new(&gbk[..], 1 << 16);
        d.read_to_string(&mut text).unwrap();
        assert_eq!((text.as_str(), d.encoding()), ("单位,次数\n甲,1\n", Some(Encoding::Gb18030)));
        let mut bad = gbk.to_vec();
        bad.extend_from_slice(b"\xFF\xFF\n");
        let e = Decoded::new(&bad[..], 1 << 16).read_to_string(&mut String::new()).unwrap_err();
        assert!(e.to_string().contains("offset 15 (line 3: 0xFF 0xFF)"), "{e}");
    }

    #[test]
    fn utf16_with_its_mark_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "单位,次数\r\n甲,1\r\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let mut text = String::new();
        let mut d = Decoded::new(&bytes[..], 1 << 16);
        d.read_to_string(&mut text).unwrap();
        assert_eq!((text.as_str(), d.encoding()), ("单位,次数\r\n甲,1\r\n", Some(Encoding::Utf16Le)));
    }
}
