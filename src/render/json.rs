//! `--format json`: contract §4, field for field and in that key order.

use serde::Serialize;

use super::non_empty;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::report::Report;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    manifest: &'a str,
    summary: Summary,
    diagnostics: Vec<Finding<'a>>,
}

#[derive(Serialize)]
struct Summary {
    pages: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'static str,
    severity: Severity,
    path: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedOut<'a>>,
    fingerprint: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a serde_json::Value>,
}

#[derive(Serialize)]
struct FixOut<'a> {
    replacement: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    path: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
}

fn finding(d: &Diagnostic) -> Finding<'_> {
    let span = d.span.as_ref();
    Finding {
        rule: d.rule.as_str(),
        severity: d.severity,
        path: &d.path,
        line: span.map(|s| s.line),
        column: span.map(|s| s.column),
        end_line: span.map(|s| s.end_line),
        end_column: span.map(|s| s.end_column),
        message: &d.message,
        help: non_empty(d.help.as_ref()),
        fix: d.fix.as_ref().map(|f| {
            let Span { line, column, end_line, end_column, .. } = f.span;
            FixOut { replacement: &f.replacement, line, column, end_line, end_column }
        }),
        related: d
            .related
            .iter()
            .map(|r| RelatedOut { path: &r.path, line: r.span.as_ref().map(|s| s.line), column: r.span.as_ref().map(|s| s.column), message: &r.message })
            .collect(),
        fingerprint: d.fingerprint(),
        data: d.data.as_ref().filter(|v| !v.is_null() && v.as_object().is_none_or(|o| !o.is_empty())),
    }
}

pub(super) fn render(report: &Report) -> String {
    let doc = Document {
        version: 1,
        manifest: &report.manifest,
        summary: Summary {
            pages: report.pages,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
        },
        diagnostics: report.diagnostics.iter().map(finding).collect(),
    };
    // Serializing plain structs, strings, numbers and `Value`s cannot fail.
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::super::sample;
    use super::render;

    #[test]
    fn json() {
        insta::assert_snapshot!(render(&sample::report()));
    }

    #[test]
    fn json_empty() {
        insta::assert_snapshot!(render(&sample::empty()));
    }

    #[test]
    fn json_keeps_project_relative_paths_and_contract_key_order() {
        let out = render(&sample::report_with_prefix());
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        let first = &value["diagnostics"][0];
        assert_eq!(first["path"], "docs/old notes/draft.md");
        assert!(first["line"].is_null() && first["column"].is_null() && first["end_line"].is_null() && first["end_column"].is_null());
        assert!(first.get("fix").is_none() && first.get("related").is_none() && first.get("data").is_none());
        let keys = ["\"version\"", "\"manifest\"", "\"summary\"", "\"diagnostics\""];
        let positions: Vec<usize> = keys.iter().map(|k| out.find(k).unwrap()).collect();
        assert!(positions.is_sorted());
        assert!(out.ends_with("}\n"));
        assert_eq!(value["summary"], serde_json::json!({ "pages": 24, "errors": 2, "warnings": 2, "infos": 1 }));
    }
}
