//! The `--fix` rewriter with fuzzed spans and text: never panics, and bytes outside the
//! replaced spans never change.
#![no_main]

use arbitrary::Arbitrary;
use doclint::diagnostic::{Fix, Span};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    text: String,
    fixes: Vec<(usize, usize, String)>,
    no_op: bool,
}

fuzz_target!(|input: Input| {
    let len = input.text.len().max(1);
    let mut fixes: Vec<Fix> = input
        .fixes
        .iter()
        .map(|(s, e, r)| {
            let (s, e) = (s % (len + 2), e % (len + 2));
            let bytes = s.min(e)..s.max(e);
            let replacement = if input.no_op { input.text.get(bytes.clone()).unwrap_or_default().to_owned() } else { r.clone() };
            Fix { span: Span { bytes, line: 1, column: 1, end_line: 1, end_column: 1 }, replacement }
        })
        .collect();
    fixes.sort_by_key(|f| f.span.bytes.start);
    let out = doclint::fix::apply_to_text(&input.text, &fixes);
    if input.no_op && fixes.iter().all(|f| input.text.get(f.span.bytes.clone()).is_some()) {
        assert_eq!(out, input.text, "no-op fixes changed the text");
    }
    if fixes.is_empty() {
        assert_eq!(out, input.text);
    }
    // The text before the first applicable span is kept byte for byte.
    if let Some(first) = fixes.first() {
        let start = first.span.bytes.start.min(input.text.len());
        let start = doclint::text::floor_char_boundary(&input.text, start);
        assert!(out.starts_with(&input.text[..start]));
    }
});
