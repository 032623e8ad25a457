//! Renderers: pure functions from a [`Report`] to the bytes printed on stdout.
//!
//! One file per `--format`. Every renderer is deterministic: it walks `report.diagnostics` in
//! the order given (already sorted) and never iterates a hash map into its output.

mod github;
mod human;
mod json;
mod junit;
mod sarif;
mod short;
pub mod source;

use crate::diagnostic::Span;
use crate::report::Report;

/// `check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Short,
    Json,
    Sarif,
    Github,
    Junit,
}

/// Presentation options (human output only).
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub color: bool,
    /// Terminal width for wrapping human output.
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self { color: false, width: 100 }
    }
}

/// Renders `report` in `format`.
#[must_use]
pub fn render(format: Format, report: &Report, opts: RenderOptions) -> String {
    match format {
        Format::Human => human::render(report, opts),
        Format::Short => short::render(report),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
        Format::Junit => junit::render(report),
    }
}

/// `path:line:column` (or just `path` without a span), with the path as the user sees it.
fn location(report: &Report, path: &str, span: Option<&Span>) -> String {
    let path = report.display_path(path);
    match span {
        Some(s) => format!("{path}:{}:{}", s.line, s.column),
        None => path,
    }
}

/// `text` on one line: every line break (`\r\n`, `\n`, `\r`) becomes a space.
fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

/// `Some(text)` unless it is empty.
fn non_empty(text: Option<&String>) -> Option<&str> {
    text.map(String::as_str).filter(|t| !t.is_empty())
}

#[cfg(test)]
pub(crate) mod sample {
    //! A small hand-built report that exercises every shape of finding.

    use std::sync::Arc;

    use crate::diagnostic::{Diagnostic, Fix, Related, Severity, Span};
    use crate::report::Report;
    use crate::rules::RuleId;
    use crate::text::LineIndex;

    pub(crate) const GUIDE: &str = "# Guide\n\nSee [the setup](../setup/config.md) and [café](caf%C3%A9.md).\n\nA <tag> & \"quotes\" — ünïcödé\n";
    pub(crate) const SCOPE: &str = "[sections.training]\ntitle = \"Training\"\nmax-pages = 2\npages = { \"index.md\" = \"how-to\" }\n";

    pub(crate) fn span(text: &str, needle: &str) -> Span {
        let start = text.find(needle).expect("needle in text");
        Span::new(&LineIndex::new(text), text, start..start + needle.len())
    }

    /// Findings of every kind: whole-file, with a span, with a fix, with related locations in
    /// the same and in another file, info level, XML/JSON-hostile characters, a file with spaces.
    pub(crate) fn report() -> Report {
        let guide = "docs/training/guide.md";
        let mut diagnostics = vec![
            Diagnostic::new(RuleId::StrayPage, "docs/old notes/draft.md", "page `old notes/draft.md` is not allowed by any entry")
                .help("add it to a section's `pages`, or delete it")
                .subject("docs/old notes/draft.md"),
            Diagnostic::new(RuleId::PageBudget, guide, "section `training` has 3 pages, more than `max-pages = 2`")
                .at(span(GUIDE, "[the setup](../setup/config.md)"))
                .related(Related { path: guide.into(), span: Some(span(GUIDE, "A <tag>")), message: "the budget counts this page too".into() })
                .related(Related { path: "scope.toml".into(), span: Some(span(SCOPE, "max-pages = 2")), message: "budget set here".into() })
                .subject("training"),
            Diagnostic::new(RuleId::MissingPage, guide, "link target `café.md` does not exist <&\"'>")
                .at(span(GUIDE, "caf%C3%A9.md"))
                .help("did you mean `cafe.md`?\nor create the page")
                .fix(Fix { span: span(GUIDE, "caf%C3%A9.md"), replacement: "cafe.md".into() })
                .subject("café.md")
                .data(serde_json::json!({ "similarity": 0.87, "candidates": ["cafe.md"] })),
            Diagnostic::new(RuleId::UnmatchedGlob, "scope.toml", "glob `*.md` matches no page: 100% unused, a,b:c")
                .at(span(SCOPE, "\"index.md\""))
                .related(Related { path: "docs/training".into(), span: None, message: "the section's directory".into() })
                .subject("*.md"),
            Diagnostic::new(RuleId::MissingIndex, "docs/training/", "directory has no index page").subject("docs/training/"),
        ];
        diagnostics[2].severity = Severity::Warning;
        diagnostics[3].severity = Severity::Info;
        diagnostics[4].severity = Severity::Warning;
        crate::diagnostic::finalize(&mut diagnostics);
        let mut sources = std::collections::BTreeMap::new();
        sources.insert(guide.to_owned(), Arc::<str>::from(GUIDE));
        sources.insert("scope.toml".to_owned(), Arc::<str>::from(SCOPE));
        Report { diagnostics, pages: 24, manifest: "scope.toml".into(), sources, display_prefix: String::new() }
    }

    /// The same report seen from a parent directory.
    pub(crate) fn report_with_prefix() -> Report {
        Report { display_prefix: "project/".into(), ..report() }
    }

    pub(crate) fn empty() -> Report {
        Report { pages: 24, manifest: "scope.toml".into(), ..Report::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::{Format, RenderOptions, render, sample};
    use crate::diagnostic::{Diagnostic, Fix, Related, Span};
    use crate::rules::RuleId;

    /// Nothing a rule can put into a finding makes a renderer panic, and every format is
    /// byte-identical from run to run.
    #[test]
    fn every_format_survives_odd_data() {
        let mut report = sample::report();
        let zero = Span { bytes: usize::MAX - 1..usize::MAX, line: 0, column: 0, end_line: 0, end_column: 0 };
        report.diagnostics.push(
            Diagnostic::new(RuleId::UnreadablePage, "", "")
                .at(zero.clone())
                .help("")
                .fix(Fix { span: zero.clone(), replacement: String::new() })
                .related(Related { path: String::new(), span: Some(zero), message: "\u{0}\u{1b}[31m\r\n::x::".into() })
                .data(serde_json::Value::Null),
        );
        report.diagnostics.push(Diagnostic::new(RuleId::UnreadablePage, "docs/training/guide.md", "\u{7}\t%0A ]]> --> <!--").help("\r"));
        report.sources.insert(String::new(), "".into());
        for format in [Format::Human, Format::Short, Format::Json, Format::Sarif, Format::Github, Format::Junit] {
            for color in [false, true] {
                let opts = RenderOptions { color, width: 40 };
                let out = render(format, &report, opts);
                assert!(out.ends_with('\n'), "{format:?}");
                assert_eq!(out, render(format, &report, opts), "{format:?}");
            }
        }
    }
}
