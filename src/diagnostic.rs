//! Findings as plain data: where, what, how to fix. Rendering lives in `render/`.

use std::cmp::Ordering;
use std::ops::Range;

use serde::Serialize;

use crate::rules::RuleId;
use crate::text::{LineIndex, span_position};

/// How much a finding matters. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }

    /// Parses a severity name as the manifest and rule documents write it.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "error" => Some(Self::Error),
            "warning" | "warn" => Some(Self::Warning),
            "info" => Some(Self::Info),
            _ => None,
        }
    }
}

/// A byte range in a file together with its 1-based line/column positions (end exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    pub bytes: Range<usize>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Span {
    #[must_use]
    pub fn new(index: &LineIndex, text: &str, bytes: Range<usize>) -> Self {
        let [line, column, end_line, end_column] = span_position(index, text, &bytes);
        Self { bytes, line, column, end_line, end_column }
    }
}

/// A replacement of one span's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub span: Span,
    pub replacement: String,
}

/// A secondary location (the other page of a duplicate pair, the manifest entry, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub path: String,
    pub span: Option<Span>,
    pub message: String,
}

/// One finding. `path` is relative to the project directory, with `/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub rule: RuleId,
    pub severity: Severity,
    pub path: String,
    pub span: Option<Span>,
    pub message: String,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    pub related: Vec<Related>,
    /// What the finding is about, for the fingerprint (a link target, a page, a topic…).
    pub subject: String,
    /// Which occurrence of (rule, path, subject) this is, in output order. Set when sorting.
    pub occurrence: usize,
    pub data: Option<serde_json::Value>,
}

impl Diagnostic {
    /// A finding at `path` (whole file until [`Diagnostic::at`] gives it a span).
    #[must_use]
    pub fn new(rule: RuleId, path: impl Into<String>, message: impl Into<String>) -> Self {
        let path = path.into();
        Self {
            rule,
            severity: rule.default_severity(),
            subject: String::new(),
            path,
            span: None,
            message: message.into(),
            help: None,
            fix: None,
            related: Vec::new(),
            occurrence: 0,
            data: None,
        }
    }

    #[must_use]
    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    #[must_use]
    pub fn at_opt(mut self, span: Option<Span>) -> Self {
        self.span = span;
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    #[must_use]
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = subject.into();
        self
    }

    #[must_use]
    pub fn related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }

    #[must_use]
    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    #[must_use]
    pub fn data(mut self, data: serde_json::Value) -> Self {
        self.data = Some(data);
        self
    }

    /// `rule:path:subject:occurrence`: stable when lines shift above the finding.
    #[must_use]
    pub fn fingerprint(&self) -> String {
        format!("{}:{}:{}:{}", self.rule.as_str(), self.path, self.subject, self.occurrence)
    }

    /// The output order of contract §4: path (bytewise), line (whole-file first), column, rule,
    /// message; then the rest, so that the order is total and output is byte-identical.
    #[must_use]
    pub fn output_cmp(&self, other: &Self) -> Ordering {
        let pos = |d: &Self| d.span.as_ref().map(|s| (s.line, s.column));
        self.path
            .as_bytes()
            .cmp(other.path.as_bytes())
            .then_with(|| pos(self).cmp(&pos(other)))
            .then_with(|| self.rule.as_str().cmp(other.rule.as_str()))
            .then_with(|| self.message.cmp(&other.message))
            .then_with(|| self.subject.cmp(&other.subject))
            .then_with(|| self.help.cmp(&other.help))
            .then_with(|| {
                let end = |d: &Self| d.span.as_ref().map(|s| (s.end_line, s.end_column));
                end(self).cmp(&end(other))
            })
    }
}

/// Sorts findings into output order, drops exact duplicates and numbers the occurrences that
/// make fingerprints unique.
pub fn finalize(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(Diagnostic::output_cmp);
    diagnostics.dedup_by(|a, b| a.output_cmp(b) == Ordering::Equal && a.severity == b.severity);
    let mut seen: std::collections::HashMap<(RuleId, String, String), usize> = std::collections::HashMap::new();
    for d in diagnostics.iter_mut() {
        let n = seen.entry((d.rule, d.path.clone(), d.subject.clone())).or_default();
        d.occurrence = *n;
        *n += 1;
    }
}
