//! Characters that are never shown as they are: control characters (ESC starts the ANSI
//! sequences that recolour or clear a terminal), bidi controls (Trojan Source: text that reads
//! differently from what it is) and other invisible format characters. One set, used wherever
//! text from input is shown — diagnostics, results, JSON — and refused in rule files.

use std::borrow::Cow;

/// Whether `c` is never shown as it is. The set: every control character (C0, DEL, C1 — so
/// ESC, NUL and carriage return, but not line feed and tab); the bidi controls U+061C, U+200E,
/// U+200F, U+202A–U+202E and U+2066–U+2069; and invisible format characters — zero-width
/// space, joiners and word joiner (U+200B–U+200D, U+2060–U+2064), the Mongolian vowel separator
/// U+180E, the deprecated format characters U+206A–U+206F, line and paragraph separators
/// (U+2028, U+2029), the zero-width no-break space U+FEFF, interlinear annotation marks
/// (U+FFF9–U+FFFB) and tag characters (U+E0000–U+E007F, which can spell hidden text).
pub fn is_hidden(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        _ if c.is_control() => true,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => true,
        '\u{180E}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{2060}'..='\u{2064}'
        | '\u{206A}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E007F}' => true,
        _ => false,
    }
}

/// Whether `c` is a bidi control, which reorders the text around it.
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text for a terminal or a text file: every [`is_hidden`] character written as a visible escape
/// (`\u{1b}`, `\u{202e}`), except a carriage return right before a line feed (a Windows line
/// end). Line feeds and tabs stay.
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_with(s, |c, out| out.push_str(&c.escape_unicode().to_string()))
}

/// JSON text (already serialised) with every [`is_hidden`] character written as a JSON escape
/// (`\u001b`, `\u202e`, a surrogate pair beyond U+FFFF). In valid JSON such characters can only
/// stand inside strings, where the escape means the same character, so the value is unchanged.
pub fn escape_json(s: &str) -> Cow<'_, str> {
    escape_with(s, |c, out| {
        let mut units = [0u16; 2];
        for u in c.encode_utf16(&mut units) {
            out.push_str(&format!("\\u{u:04x}"));
        }
    })
}

fn escape_with(s: &str, write: impl Fn(char, &mut String)) -> Cow<'_, str> {
    let hidden =
        |(i, c): (usize, char)| is_hidden(c) && !(c == '\r' && s.get(i + 1..).is_some_and(|r| r.starts_with('\n')));
    // Looked for byte by byte: a character is decoded only where one that is hidden could start.
    let found = s
        .bytes()
        .enumerate()
        .any(|(i, b)| may_start_hidden(b) && s.get(i..).and_then(|r| r.chars().next()).is_some_and(|c| hidden((i, c))));
    if !found {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for (i, c) in s.char_indices() {
        if hidden((i, c)) {
            write(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether a character starting with byte `b` of its UTF-8 may be [`is_hidden`]: an ASCII
/// control character (line feed and tab are not hidden, but are looked at), or the lead byte of
/// U+0080–U+00BF (C2: the C1 controls), U+0600–U+063F (D8: U+061C), U+1800–U+1FFF (E1:
/// U+180E), U+2000–U+2FFF (E2: U+200B–U+206F), U+F000–U+FFFF (EF: U+FEFF, U+FFF9–U+FFFB) or
/// U+C0000–U+FFFFF (F3: the tag characters). A lead byte is never inside another character.
pub fn may_start_hidden(b: u8) -> bool {
    b < 0x20 || matches!(b, 0x7f | 0xC2 | 0xD8 | 0xE1 | 0xE2 | 0xEF | 0xF3)
}

/// What kind of character a hidden one is, for messages.
pub fn describe(c: char) -> &'static str {
    if is_bidi(c) {
        "a bidi control character"
    } else if c.is_control() {
        "a control character"
    } else {
        "an invisible character"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hidden_character_starts_with_a_byte_looked_at() {
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32).filter(|&c| is_hidden(c)) {
            let mut b = [0u8; 4];
            let lead = c.encode_utf8(&mut b).as_bytes().first().copied().unwrap_or(0);
            assert!(may_start_hidden(lead), "{c:?}");
            let text = format!("“甲”{c}乙");
            assert_ne!(escape_json(&text), text, "{c:?}");
        }
    }

    /// The whole set, listed: every character of Unicode is hidden exactly when it is in one of
    /// these ranges, and a bidi control exactly when it is in the second list. Everything that
    /// shows or refuses text ([`escape`], `rubric::safe`, `messages::clean`, the parser) asks
    /// [`is_hidden`], so this is the one list.
    #[test]
    fn the_hidden_characters_are_these() {
        let hidden = [
            (0x00, 0x08),       // C0 controls before tab (NUL …)
            (0x0B, 0x1F),       // C0 controls after line feed (VT, FF, CR, ESC …)
            (0x7F, 0x9F),       // DEL and the C1 controls (NEL, CSI …)
            (0x061C, 0x061C),   // ARABIC LETTER MARK
            (0x180E, 0x180E),   // MONGOLIAN VOWEL SEPARATOR
            (0x200B, 0x200F),   // zero-width space, ZWNJ, ZWJ, LRM, RLM
            (0x2028, 0x202E),   // line and paragraph separators, LRE, RLE, PDF, LRO, RLO
            (0x2060, 0x2064),   // word joiner, invisible function application, times, separator, plus
            (0x2066, 0x206F),   // LRI, RLI, FSI, PDI, deprecated format characters
            (0xFEFF, 0xFEFF),   // zero-width no-break space (BOM)
            (0xFFF9, 0xFFFB),   // interlinear annotation marks
            (0xE0000, 0xE007F), // tag characters
        ];
        let bidi = [(0x061C, 0x061C), (0x200E, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069)];
        let ranges = |test: fn(char) -> bool| {
            let mut out: Vec<(u32, u32)> = Vec::new();
            for c in (0..=0x10FFFF).filter_map(char::from_u32).filter(|&c| test(c)) {
                let n = u32::from(c);
                match out.last_mut() {
                    Some((_, end)) if *end + 1 == n => *end = n,
                    _ => out.push((n, n)),
                }
            }
            out
        };
        assert_eq!(ranges(is_hidden), hidden);
        assert_eq!(ranges(is_bidi), bidi);
        for (c, what) in [
            ('\u{202e}', "a bidi control character"),
            ('\u{1b}', "a control character"),
            ('\u{200b}', "an invisible character"),
        ] {
            assert_eq!(describe(c), what);
        }
    }

    #[test]
    fn hidden_characters_are_escaped_and_line_ends_kept() {
        assert_eq!(escape("甲\u{1b}[2J乙\u{202e}丙\r\n丁\r戊\t\n"), "甲\\u{1b}[2J乙\\u{202e}丙\r\n丁\\u{d}戊\t\n");
        assert_eq!(escape_json("\"a\u{202e}b\u{85}\u{E0041}\""), "\"a\\u202eb\\u0085\\udb40\\udc41\"");
        assert!(matches!(escape("普通的文字 87.5%"), Cow::Borrowed(_)));
        for c in ['\0', '\u{7f}', '\u{9b}', '\u{200b}', '\u{2066}', '\u{feff}', '\u{e0001}'] {
            assert!(is_hidden(c), "{c:?}");
        }
        for c in ['\n', '\t', ' ', '　', '中', '％', '\u{3000}'] {
            assert!(!is_hidden(c), "{c:?}");
        }
    }
}
