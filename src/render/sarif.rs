//! `--format sarif`: SARIF 2.1.0, one run, one rule descriptor per rule id.
//! <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>
//!
//! Built from derive structs, so key order is declaration order and the bytes are stable.

use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::Serialize;

use super::non_empty;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::report::Report;
use crate::rules::RuleId;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";
const FINGERPRINT_KEY: &str = "doclint/v1";

/// Characters that must not appear raw in a relative URI reference: controls, space, the
/// delimiters that would end the path (`?`, `#`), `%` itself and the "unwise" set. `/` stays.
const URI_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    original_uri_base_ids: BTreeMap<&'static str, BaseLocation>,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    version: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: DescriptorProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct DescriptorProperties {
    fixable: bool,
}

#[derive(Serialize)]
struct BaseLocation {
    description: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(clippy::struct_field_names)] // SARIF's names.
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

const fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `broken-link` → `BrokenLink`.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|first| first.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

fn artifact(path: &str) -> ArtifactLocation {
    ArtifactLocation { uri: utf8_percent_encode(path, URI_PATH).to_string(), uri_base_id: SRCROOT }
}

fn region(span: &Span) -> Region {
    Region { start_line: span.line, start_column: span.column, end_line: span.end_line, end_column: span.end_column }
}

fn descriptor(id: RuleId) -> Descriptor {
    let doc = id.doc();
    Descriptor {
        id: id.as_str(),
        name: pascal_case(id.as_str()),
        short_description: Text { text: doc.summary.clone() },
        full_description: Text { text: doc.body.to_owned() },
        help: Help { text: doc.body, markdown: doc.body },
        default_configuration: Configuration { level: level(doc.default) },
        properties: DescriptorProperties { fixable: doc.fixable },
    }
}

fn result(d: &Diagnostic) -> SarifResult {
    let mut text = d.message.clone();
    if let Some(help) = non_empty(d.help.as_ref()) {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let location =
        Location { id: None, physical_location: PhysicalLocation { artifact_location: artifact(&d.path), region: d.span.as_ref().map(region) }, message: None };
    let related_locations = d
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| Location {
            id: Some(i),
            physical_location: PhysicalLocation { artifact_location: artifact(&r.path), region: r.span.as_ref().map(region) },
            message: Some(Text { text: r.message.clone() }),
        })
        .collect();
    let fixes = d
        .fix
        .iter()
        .map(|f| SarifFix {
            description: Text { text: format!("replace with `{}`", f.replacement) },
            artifact_changes: vec![ArtifactChange {
                artifact_location: artifact(&d.path),
                replacements: vec![Replacement { deleted_region: region(&f.span), inserted_content: Text { text: f.replacement.clone() } }],
            }],
        })
        .collect();
    SarifResult {
        rule_id: d.rule.as_str(),
        rule_index: RuleId::ALL.iter().position(|&id| id == d.rule).unwrap_or_default(),
        level: level(d.severity),
        message: Text { text },
        locations: vec![location],
        related_locations,
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, d.fingerprint())]),
        fixes,
    }
}

pub(super) fn render(report: &Report) -> String {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "doclint",
                    information_uri: (!repository.is_empty()).then_some(repository),
                    version: env!("CARGO_PKG_VERSION"),
                    rules: RuleId::ALL.iter().copied().map(descriptor).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                BaseLocation { description: Text { text: "The project directory: the directory that holds the manifest.".into() } },
            )]),
            results: report.diagnostics.iter().map(result).collect(),
        }],
    };
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::super::sample;
    use super::{pascal_case, render};

    #[test]
    fn sarif() {
        // The rule descriptors carry whole rule documents; snapshot the run from `columnKind`
        // on (the real bytes, keys in output order) and check the descriptors separately.
        let out = render(&sample::report());
        let start = out.find("\"columnKind\"").unwrap();
        insta::assert_snapshot!(&out[start..]);
    }

    #[test]
    fn sarif_has_one_descriptor_per_rule() {
        let value: serde_json::Value = serde_json::from_str(&render(&sample::empty())).unwrap();
        let rules = value["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        let expected: Vec<&str> = crate::rules::RuleId::ALL.iter().map(|id| id.as_str()).collect();
        assert_eq!(ids, expected);
        assert_eq!(value["runs"][0]["columnKind"], "unicodeCodePoints");
        assert_eq!(value["runs"][0]["results"], serde_json::json!([]));
    }

    #[test]
    fn names() {
        assert_eq!(pascal_case("broken-link"), "BrokenLink");
        assert_eq!(pascal_case("stray-page"), "StrayPage");
        assert_eq!(pascal_case(""), "");
    }
}
