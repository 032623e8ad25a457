//! `--format short`: one line per finding, `path:line:column: severity[rule]: message`.
//! Nothing else: no snippet, no help, no summary, so the output greps and parses easily.

use std::fmt::Write as _;

use super::{location, one_line};
use crate::report::Report;

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let _ = writeln!(out, "{}: {}[{}]: {}", location(report, &d.path, d.span.as_ref()), d.severity.as_str(), d.rule.as_str(), one_line(&d.message));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::sample;
    use super::render;

    #[test]
    fn short() {
        insta::assert_snapshot!(render(&sample::report()));
    }

    #[test]
    fn short_relative_to_current_directory() {
        insta::assert_snapshot!(render(&sample::report_with_prefix()));
    }

    #[test]
    fn short_empty() {
        assert_eq!(render(&sample::empty()), "");
    }
}
