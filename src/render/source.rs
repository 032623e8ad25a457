//! Source text for miette snippets, with its line starts.
//!
//! miette's own `str` source finds a snippet by scanning from the first byte of the text to
//! the span, for each of the several spans it reads per finding: rendering many findings in
//! a long file (a manifest `doclint init` wrote lists every page) was quadratic. This source
//! starts miette's scan a few lines above the span instead, and shifts the result back, so
//! the snippet is the same, byte for byte.

use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

#[derive(Debug, Clone)]
pub struct LinedSource {
    text: Arc<str>,
    /// Where each line starts, with miette's line breaks: `\n`, `\r\n` and a lone `\r`.
    starts: Arc<[usize]>,
}

impl LinedSource {
    #[must_use]
    pub fn new(text: Arc<str>) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => i += 1,
                b'\r' | b'\n' => {}
                _ => {
                    i += 1;
                    continue;
                }
            }
            i += 1;
            starts.push(i);
        }
        Self { text, starts: starts.into() }
    }
}

impl SourceCode for LinedSource {
    fn read_span<'a>(&'a self, span: &SourceSpan, before: usize, after: usize) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // The span's line, and a line far enough above it that miette's context window (the
        // `before` lines above the span's line) lies wholly after it.
        let line = self.starts.partition_point(|&s| s <= span.offset()).saturating_sub(1);
        let first = line.saturating_sub(before + 1);
        let skip = self.starts[first];
        // Line starts follow an ASCII line break: always a character boundary.
        let rest = self.text.get(skip..).ok_or(MietteError::OutOfBounds)?;
        let inner = rest.read_span(&SourceSpan::new((span.offset() - skip).into(), span.len()), before, after)?;
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            SourceSpan::new((inner.span().offset() + skip).into(), inner.span().len()),
            inner.line() + first,
            inner.column(),
            inner.line_count() + first,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every span of a text with every kind of line break reads as miette's `str` reads it.
    #[test]
    fn reads_what_miette_reads() {
        let text = "one\ntwo\r\nthree\rfour\n\nsix ünïcode\r\n\r\neight\nnine";
        let source = LinedSource::new(Arc::from(text));
        let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        for &start in &boundaries {
            for &end in boundaries.iter().filter(|&&e| e >= start) {
                for context in 0..3 {
                    let span = SourceSpan::new(start.into(), end - start);
                    let want = text.read_span(&span, context, context);
                    let got = source.read_span(&span, context, context);
                    match (want, got) {
                        (Ok(w), Ok(g)) => {
                            let at = format!("{start}..{end} context {context}");
                            assert_eq!(w.data(), g.data(), "{at}");
                            assert_eq!(w.span(), g.span(), "{at}");
                            assert_eq!((w.line(), w.column(), w.line_count()), (g.line(), g.column(), g.line_count()), "{at}");
                        }
                        (Err(_), Err(_)) => {}
                        (w, g) => panic!("{start}..{end}: {:?} vs {:?}", w.is_ok(), g.is_ok()),
                    }
                }
            }
        }
    }
}
