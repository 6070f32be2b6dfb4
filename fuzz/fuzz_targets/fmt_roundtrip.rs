#![no_main]
//! UTF-8 input → `format`; when it formats, the output must be a fixed point of `format`
//! and must parse without errors.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(out) = rubric_syntax::format(text) else { return };
    let again = rubric_syntax::format(&out);
    match &again {
        Ok(o2) => assert!(
            *o2 == out,
            "format is not idempotent\n--- input\n{text:?}\n--- format(input)\n{out:?}\n--- format(format(input))\n{o2:?}"
        ),
        Err(errs) => panic!(
            "format(input) does not format again: {:?}\n--- input\n{text:?}\n--- format(input)\n{out:?}",
            errs.iter().map(|e| e.to_string()).collect::<Vec<_>>()
        ),
    }
    let parsed = rubric_syntax::parse(&out);
    assert!(
        parsed.errors.is_empty(),
        "format(input) does not parse: {:?}\n--- input\n{text:?}\n--- format(input)\n{out:?}",
        parsed.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>()
    );
});
