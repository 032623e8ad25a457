//! Property tests for the laws the reliability issue names: slugs never panic and are
//! deterministic; `--fix`'s rewriter returns its input for no-op fixes and never changes a
//! byte outside the replaced spans; `LineIndex::position` agrees with a naive reference.

use doclint::diagnostic::{Fix, Span};
use doclint::page::SlugStyle;
use doclint::page::slug::Slugger;
use doclint::text::LineIndex;
use proptest::prelude::*;

const STYLES: [SlugStyle; 4] = [SlugStyle::Github, SlugStyle::Mkdocs, SlugStyle::Myst, SlugStyle::Gitlab];

/// Text with the characters that matter here: line breaks, multibyte, punctuation.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("\r".to_owned()),
            Just("\n".to_owned()),
            Just("\r\n".to_owned()),
            "[a-z #_.-]",
            "[é日本語😀\u{301}\u{feff}]",
            any::<char>().prop_map(String::from)
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

/// Naive positions: walk characters; `\r\n`, `\n` and a lone `\r` each end a line.
fn naive(text: &str, offset: usize) -> (usize, usize) {
    let (mut line, mut col) = (1, 1);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < offset.min(text.len()) {
        let c = text[i..].chars().next().unwrap_or(' ');
        let n = c.len_utf8();
        if i + n > offset {
            break; // offset inside a character: the character's column
        }
        match c {
            '\r' if bytes.get(i + 1) == Some(&b'\n') => {
                if i + 1 >= offset {
                    col += 1; // between \r and \n
                    break;
                }
                line += 1;
                col = 1;
                i += 2;
                continue;
            }
            '\r' | '\n' => {
                line += 1;
                col = 1;
            }
            _ => col += 1,
        }
        i += n;
    }
    (line, col)
}

fn fix(start: usize, end: usize, replacement: &str) -> Fix {
    Fix { span: Span { bytes: start..end, line: 1, column: 1, end_line: 1, end_column: 1 }, replacement: replacement.to_owned() }
}

/// Sorted, non-overlapping char-boundary spans of `text` from arbitrary cut points.
fn spans(text: &str, cuts: &[usize]) -> Vec<(usize, usize)> {
    let mut points: Vec<usize> = cuts.iter().map(|c| doclint::text::floor_char_boundary(text, c % (text.len() + 1))).collect();
    points.sort_unstable();
    points.dedup();
    points.chunks_exact(2).map(|w| (w[0], w[1])).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn slugs_never_panic_and_are_deterministic(headings in proptest::collection::vec(text(), 0..8), ids in proptest::collection::vec("[a-z-]{0,6}", 0..3)) {
        for style in STYLES {
            let mut a = Slugger::new(style);
            let mut b = Slugger::new(style);
            for id in &ids {
                a.reserve(id);
                b.reserve(id);
            }
            for h in &headings {
                prop_assert_eq!(a.slug(h), b.slug(h));
            }
        }
    }

    #[test]
    fn line_index_agrees_with_naive(text in text(), offsets in proptest::collection::vec(0usize..200, 0..20)) {
        let index = LineIndex::new(&text);
        for offset in offsets.into_iter().chain(text.char_indices().map(|(i, _)| i)).chain([text.len()]) {
            let clamped = doclint::text::floor_char_boundary(&text, offset.min(text.len()));
            prop_assert_eq!(index.position(&text, offset), naive(&text, clamped), "{:?} at {}", text, offset);
        }
    }

    #[test]
    fn no_op_fixes_return_the_input(text in text(), cuts in proptest::collection::vec(0usize..300, 0..10)) {
        let fixes: Vec<Fix> = spans(&text, &cuts).into_iter().map(|(s, e)| fix(s, e, &text[s..e])).collect();
        prop_assert_eq!(doclint::fix::apply_to_text(&text, &fixes), text);
    }

    #[test]
    fn fixes_change_only_their_spans(text in text(), cuts in proptest::collection::vec(0usize..300, 0..10), reps in proptest::collection::vec("[a-z/.#]{0,5}", 10)) {
        let spans = spans(&text, &cuts);
        let fixes: Vec<Fix> = spans.iter().zip(&reps).map(|(&(s, e), r)| fix(s, e, r)).collect();
        let out = doclint::fix::apply_to_text(&text, &fixes);
        // Rebuild the expected output from the untouched pieces and the replacements.
        let mut expected = String::new();
        let mut at = 0;
        for f in &fixes {
            expected.push_str(&text[at..f.span.bytes.start]);
            expected.push_str(&f.replacement);
            at = f.span.bytes.end;
        }
        expected.push_str(&text[at..]);
        prop_assert_eq!(out, expected);
    }

    #[test]
    fn fixes_never_panic_on_arbitrary_spans(text in text(), raw in proptest::collection::vec((0usize..300, 0usize..300, "[a-z]{0,3}"), 0..6)) {
        let mut fixes: Vec<Fix> = raw.iter().map(|(s, e, r)| fix(*s, *e, r)).collect();
        fixes.sort_by_key(|f| f.span.bytes.start);
        let _ = doclint::fix::apply_to_text(&text, &fixes);
    }
}
