//! `--format human`: miette's graphical reports, one per finding, then a summary line.
//!
//! `Diagnostic` stays plain data; this file adapts it to [`miette::Diagnostic`]. The snippet
//! comes from `report.sources`; a finding without a span or without source text gets an
//! `at path[:line:column]` line instead. Related locations in the same file become extra
//! labels; the others become `path:line:column: message` lines under the message.
//!
//! Without colour (`opts.color == false`) the output uses the uncoloured Unicode theme, a fixed
//! width, no syntax highlighting and no hyperlinks: byte-identical for snapshots.

use std::fmt::{self, Write as _};
use std::ops::Range;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

use super::source::LinedSource;
use super::{location, non_empty};
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::Report;
use crate::text::floor_char_boundary;

/// A line under the message (`╰─▶ …`): where a finding without snippet is, or a related
/// location in another file. Chained through `source()`, which is how miette lists them.
#[derive(Debug)]
struct Note {
    text: String,
    next: Option<Box<Note>>,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for Note {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.next.as_deref().map(|n| n as &(dyn std::error::Error + 'static))
    }
}

/// One finding as miette sees it.
#[derive(Debug)]
struct Adapter {
    message: String,
    code: &'static str,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<NamedSource<LinedSource>>,
    labels: Vec<LabeledSpan>,
    notes: Option<Box<Note>>,
}

impl fmt::Display for Adapter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Adapter {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.notes.as_deref().map(|n| n as &(dyn std::error::Error + 'static))
    }
}

impl miette::Diagnostic for Adapter {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() { None } else { Some(Box::new(self.labels.iter().cloned())) }
    }
}

const fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// `bytes` made safe for `text`: inside it, on character boundaries, start ≤ end. An empty
/// range stays empty (miette points at the position).
fn clamp(text: &str, bytes: &Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, bytes.start.min(text.len()));
    let end = floor_char_boundary(text, bytes.end.min(text.len())).max(start);
    start..end
}

/// Each file's [`LinedSource`], made on first use (many findings share a file).
type Sources = std::collections::HashMap<String, LinedSource>;

fn adapter(report: &Report, d: &Diagnostic, sources: &mut Sources) -> Adapter {
    let source = report.sources.get(&d.path).filter(|_| d.span.is_some());
    let mut labels = Vec::new();
    let mut notes = Vec::new();
    match (source, &d.span) {
        (Some(text), Some(span)) => labels.push(LabeledSpan::new_primary_with_span(Some("here".into()), clamp(text, &span.bytes))),
        _ => notes.push(format!("at {}", location(report, &d.path, d.span.as_ref()))),
    }
    for r in &d.related {
        match (source, &r.span) {
            (Some(text), Some(span)) if r.path == d.path => {
                labels.push(LabeledSpan::new_with_span(Some(r.message.clone()), clamp(text, &span.bytes)));
            }
            _ => notes.push(format!("{}: {}", location(report, &r.path, r.span.as_ref()), r.message)),
        }
    }
    let notes = notes.into_iter().rev().fold(None, |next, text| Some(Box::new(Note { text, next })));
    Adapter {
        message: d.message.clone(),
        code: d.rule.as_str(),
        severity: miette_severity(d.severity),
        help: non_empty(d.help.as_ref()).map(str::to_owned),
        // The header shows doclint's own position (columns in characters, as everywhere else),
        // not miette's (which counts bytes).
        source: source.map(|text| {
            let lined = sources.entry(d.path.clone()).or_insert_with(|| LinedSource::new(Arc::clone(text)));
            NamedSource::new(location(report, &d.path, d.span.as_ref()), lined.clone())
        }),
        labels,
        notes,
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// The last line: `Found 2 errors, 1 warning, 0 infos in 24 pages.` or, without findings,
/// `✓ 24 pages checked, no findings.`
fn summary(report: &Report) -> String {
    let pages = plural(report.pages, "page");
    if report.diagnostics.is_empty() {
        return format!("✓ {pages} checked, no findings.");
    }
    format!(
        "Found {}, {}, {} in {pages}.",
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        plural(report.count(Severity::Info), "info"),
    )
}

pub(super) fn render(report: &Report, opts: super::RenderOptions) -> String {
    let theme = if opts.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler =
        GraphicalReportHandler::new_themed(theme).with_links(false).with_width(opts.width.max(20)).without_syntax_highlighting().without_primary_span_start();
    let mut out = String::new();
    let mut sources = Sources::new();
    for d in &report.diagnostics {
        let adapter = adapter(report, d, &mut sources);
        let mut one = String::new();
        if handler.render_report(&mut one, &adapter).is_err() {
            // miette could not read the snippet: print the finding without it.
            one.clear();
            let fallback = Adapter { source: None, labels: Vec::new(), ..adapter };
            let fallback = Adapter {
                notes: Some(Box::new(Note { text: format!("at {}", location(report, &d.path, d.span.as_ref())), next: fallback.notes })),
                ..fallback
            };
            let _ = handler.render_report(&mut one, &fallback);
        }
        out.push_str(one.trim_end());
        out.push_str("\n\n");
    }
    let _ = writeln!(out, "{}", summary(report));
    out
}

#[cfg(test)]
mod tests {
    use super::super::{RenderOptions, sample};
    use super::render;
    use crate::diagnostic::{Diagnostic, Span};
    use crate::report::Report;
    use crate::rules::RuleId;

    const OPTS: RenderOptions = RenderOptions { color: false, width: 80 };

    #[test]
    fn human() {
        insta::assert_snapshot!(render(&sample::report(), OPTS));
    }

    #[test]
    fn human_relative_to_current_directory() {
        insta::assert_snapshot!(render(&sample::report_with_prefix(), OPTS));
    }

    #[test]
    fn human_empty() {
        insta::assert_snapshot!(render(&sample::empty(), OPTS));
    }

    #[test]
    fn human_is_deterministic_and_colour_free() {
        let a = render(&sample::report(), OPTS);
        assert_eq!(a, render(&sample::report(), OPTS));
        assert!(!a.contains('\u{1b}'));
        assert!(render(&sample::report(), RenderOptions { color: true, width: 80 }).contains('\u{1b}'));
    }

    /// Spans that are empty, reversed, past the end or inside a character never panic.
    #[test]
    fn human_odd_spans() {
        let text = "# Tïtle\n\nbody\n";
        let mut report = sample::empty();
        let odd = [(0, 0), (3, 3), (3, 4), (10, 2), (15, 15), (14, 999), (999, 1000), (2, 3)];
        for (i, (start, end)) in odd.into_iter().enumerate() {
            let bytes = start..end;
            let span = Span { bytes, line: i + 1, column: 1, end_line: i + 1, end_column: 1 };
            report.diagnostics.push(Diagnostic::new(RuleId::InvalidFrontMatter, "docs/a.md", format!("odd {i}")).at(span));
        }
        report.sources.insert("docs/a.md".into(), text.into());
        report.sources.insert("docs/empty.md".into(), "".into());
        let empty_span = Span { bytes: 0..5, line: 1, column: 1, end_line: 1, end_column: 6 };
        report.diagnostics.push(Diagnostic::new(RuleId::InvalidFrontMatter, "docs/empty.md", "empty file").at(empty_span));
        insta::assert_snapshot!(render(&report, OPTS));
    }

    #[test]
    fn human_narrow_width_does_not_panic() {
        let out = render(&sample::report(), RenderOptions { color: false, width: 0 });
        assert!(out.ends_with("in 24 pages.\n"));
        let _ = render(&Report::default(), RenderOptions { color: true, width: 1 });
    }
}
