//! Dumps the parse of a file (development aid).
#![allow(clippy::print_stdout, clippy::unwrap_used)]
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let src = std::fs::read_to_string(&path).unwrap();
    let parsed = rubric_syntax::parse(&src);
    if std::env::args().nth(2).is_some() { println!("{:#?}", parsed.file); }
    for e in parsed.errors {
        let r = miette::Report::new(e).with_source_code(miette::NamedSource::new(&path, src.clone()));
        println!("{r:?}");
    }
}
