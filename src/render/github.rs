//! `--format github`: GitHub Actions workflow commands, one annotation per finding.
//! <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>

use std::fmt::Write as _;

use super::non_empty;
use crate::diagnostic::Severity;
use crate::report::Report;

/// Escapes a command's data (the part after `::`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a command property value (`file=…`, `title=…`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties = format!("file={}", escape_property(&report.display_path(&d.path)));
        if let Some(s) = &d.span {
            let _ = write!(properties, ",line={},col={},endLine={},endColumn={}", s.line, s.column, s.end_line, s.end_column);
        }
        let _ = write!(properties, ",title={}", escape_property(&format!("doclint({})", d.rule.as_str())));
        let mut message = d.message.clone();
        if let Some(help) = non_empty(d.help.as_ref()) {
            let _ = write!(message, "\nhelp: {help}");
        }
        for r in &d.related {
            let _ = write!(message, "\nnote: {}: {}", super::location(report, &r.path, r.span.as_ref()), r.message);
        }
        let _ = writeln!(out, "::{command} {properties}::{}", escape_data(&message));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::sample;
    use super::{escape_data, escape_property, render};

    #[test]
    fn github() {
        insta::assert_snapshot!(render(&sample::report()));
    }

    #[test]
    fn github_empty() {
        assert_eq!(render(&sample::empty()), "");
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_data("100%\r\nok: a,b"), "100%25%0D%0Aok: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn one_line_per_finding() {
        let report = sample::report();
        assert_eq!(render(&report).lines().count(), report.diagnostics.len());
    }
}
