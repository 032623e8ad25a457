//! `--format sarif` output validates against the official SARIF 2.1.0 JSON schema
//! (vendored as `tests/sarif-schema-2.1.0.json`, from oasis-tcs/sarif-spec).

use std::collections::BTreeMap;
use std::sync::Arc;

use doclint::diagnostic::{Diagnostic, Fix, Related, Severity, Span};
use doclint::render::{Format, RenderOptions, render};
use doclint::report::Report;
use doclint::rules::RuleId;
use doclint::text::LineIndex;
use serde_json::Value;

const SCHEMA: &str = include_str!("sarif-schema-2.1.0.json");
const PAGE: &str = "# Title\n\nSee [setup](../setup/config.md) and [café](caf%C3%A9.md).\n\nLast line — ünïcödé\n";
const SCOPE: &str = "[sections.guide]\nmax-pages = 1\npages = { \"*.md\" = \"how-to\" }\n";

fn span(text: &str, needle: &str) -> Span {
    let start = text.find(needle).expect("needle");
    Span::new(&LineIndex::new(text), text, start..start + needle.len())
}

fn report() -> Report {
    let page = "docs/guide/my page.md";
    let mut diagnostics = vec![
        // Whole file, error.
        Diagnostic::new(RuleId::StrayPage, "docs/stray [draft]#1.md", "page is not allowed by any entry").help("add it to `pages`"),
        // With a span and related locations in the same and another file.
        Diagnostic::new(RuleId::PageBudget, page, "section `guide` has 2 pages, more than `max-pages = 1`")
            .at(span(PAGE, "[setup](../setup/config.md)"))
            .related(Related { path: "scope.toml".into(), span: Some(span(SCOPE, "max-pages = 1")), message: "budget set here".into() })
            .related(Related { path: page.into(), span: Some(span(PAGE, "Last line")), message: "counted".into() })
            .related(Related { path: "docs/guide/".into(), span: None, message: "the section directory".into() }),
        // With a fix, warning, non-ASCII.
        Diagnostic::new(RuleId::MissingPage, page, "link target `café.md` does not exist")
            .at(span(PAGE, "caf%C3%A9.md"))
            .fix(Fix { span: span(PAGE, "caf%C3%A9.md"), replacement: "cafe.md".into() })
            .subject("café.md")
            .data(serde_json::json!({ "similarity": 0.9 })),
        // An insertion fix (empty deleted region).
        Diagnostic::new(RuleId::MissingContentType, page, "page has no content type")
            .at(span(PAGE, ""))
            .fix(Fix { span: span(PAGE, ""), replacement: "---\ncontent_type: how-to\n---\n".into() }),
        // Info level in the manifest.
        Diagnostic::new(RuleId::UnmatchedGlob, "scope.toml", "glob `*.md` matches no page").at(span(SCOPE, "\"*.md\"")),
        // A directory.
        Diagnostic::new(RuleId::StrayDirectory, "docs/old/", "directory holds no allowed page"),
    ];
    diagnostics[2].severity = Severity::Warning;
    diagnostics[3].severity = Severity::Warning;
    diagnostics[4].severity = Severity::Info;
    doclint::diagnostic::finalize(&mut diagnostics);
    let sources = BTreeMap::from([(page.to_owned(), Arc::<str>::from(PAGE)), ("scope.toml".to_owned(), Arc::<str>::from(SCOPE))]);
    Report { diagnostics, pages: 3, manifest: "scope.toml".into(), sources, display_prefix: "../".into() }
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(SCHEMA).expect("schema is JSON");
    jsonschema::options().should_validate_formats(true).build(&schema).expect("schema compiles")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator.iter_errors(instance).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

fn sarif(report: &Report) -> Value {
    serde_json::from_str(&render(Format::Sarif, report, RenderOptions::default())).expect("SARIF output is JSON")
}

#[test]
fn sarif_output_is_valid() {
    let validator = validator();
    for report in [report(), Report::default()] {
        let value = sarif(&report);
        let problems = errors(&validator, &value);
        assert!(problems.is_empty(), "SARIF output violates the schema:\n{}", problems.join("\n"));
    }
}

#[test]
fn sarif_output_has_the_expected_shape() {
    let value = sarif(&report());
    let run = &value["runs"][0];
    assert_eq!(value["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 6);
    let levels: Vec<&str> = results.iter().map(|r| r["level"].as_str().unwrap()).collect();
    assert!(levels.contains(&"note") && levels.contains(&"warning") && levels.contains(&"error"));
    for r in results {
        let index = usize::try_from(r["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(run["tool"]["driver"]["rules"][index]["id"], r["ruleId"]);
        assert!(r["partialFingerprints"]["doclint/v1"].is_string());
    }
    let uris: Vec<&str> = results.iter().map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap()).collect();
    assert!(uris.contains(&"docs/guide/my%20page.md"), "{uris:?}");
    assert!(uris.contains(&"docs/stray%20%5Bdraft%5D%231.md"), "{uris:?}");
    assert!(results.iter().any(|r| r["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "cafe.md"));
}

/// A named way to break a valid SARIF document.
type Breakage = (&'static str, fn(&mut Value));

/// The validator is not vacuous: outputs broken in typical ways are rejected.
#[test]
fn broken_sarif_is_rejected() {
    let validator = validator();
    let good = sarif(&report());
    let breakages: [Breakage; 5] = [
        ("unknown level", |v| v["runs"][0]["results"][0]["level"] = "fatal".into()),
        ("zero start line", |v| v["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into()),
        ("wrong version", |v| v["version"] = "2.0.0".into()),
        ("message without text", |v| v["runs"][0]["results"][0]["message"] = serde_json::json!({ "txt": "x" })),
        ("unknown column kind", |v| v["runs"][0]["columnKind"] = "bytes".into()),
    ];
    for (what, breakage) in breakages {
        let mut broken = good.clone();
        breakage(&mut broken);
        assert!(!errors(&validator, &broken).is_empty(), "{what}: accepted by the schema");
    }
}
