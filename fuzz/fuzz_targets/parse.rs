#![no_main]
//! Arbitrary bytes → (if UTF-8) `rubric_syntax::parse`. Must never panic, hang or overflow.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let parsed = rubric_syntax::parse(text);
        // Every error's span must lie inside the text, on character boundaries.
        for e in &parsed.errors {
            let s = e.span();
            let (start, end) = (s.offset(), s.offset() + s.len());
            assert!(end <= text.len(), "error span {start}..{end} beyond text of {} bytes: {e}", text.len());
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "error span {start}..{end} not on a char boundary: {e}"
            );
        }
    }
});
