//! Every fixture tree under `fixtures/<rule>/<scenario>/` runs its rule (or every rule, for
//! `_all`) and its output is snapshotted as human text and JSON. Scenarios named `clean*` must
//! have no findings of their rule; every other scenario must have at least one.

use std::path::Path;

use doclint::check::{self, CheckOptions};
use doclint::manifest;
use doclint::render::{self, Format, RenderOptions};
use doclint::rules::RuleId;
use doclint::workspace::Workspace;

fn run(manifest_path: &Path) -> doclint::report::Report {
    let scenario = manifest_path.parent().expect("scenario dir");
    let rule_dir = scenario.parent().and_then(Path::file_name).and_then(|n| n.to_str()).expect("rule dir");
    let rule = (rule_dir != "_all").then(|| RuleId::parse(rule_dir).unwrap_or_else(|| panic!("fixtures/{rule_dir}: no such rule")));
    // unused-suppression needs every rule to run to know what a suppression suppressed.
    let unused = rule == Some(RuleId::UnusedSuppression);
    let only = if unused { None } else { rule.map(|r| vec![r]) };
    let settings = manifest::load(manifest_path, "scope.toml").unwrap_or_else(|e| panic!("{}: {e:?}", manifest_path.display()));
    let ws = Workspace::load(settings).expect("docs root");
    let mut report =
        check::report(&ws, &CheckOptions { only, report_unused_suppressions: unused, ..CheckOptions::default() }, String::new(), "scope.toml".to_owned());
    if unused {
        report.diagnostics.retain(|d| d.rule == RuleId::UnusedSuppression);
    }
    report
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures", "*/*/scope.toml", |manifest_path| {
        let report = run(manifest_path);
        let scenario = manifest_path.parent().and_then(Path::file_name).and_then(|n| n.to_str()).unwrap_or_default();
        if scenario.starts_with("clean") {
            assert!(report.diagnostics.is_empty(), "{}: clean scenario has findings: {:#?}", manifest_path.display(), report.diagnostics);
        } else {
            assert!(!report.diagnostics.is_empty(), "{}: scenario has no findings", manifest_path.display());
        }
        insta::assert_snapshot!("human", render::render(Format::Human, &report, RenderOptions { color: false, width: 100 }));
        insta::assert_snapshot!("json", render::render(Format::Json, &report, RenderOptions::default()));
    });
}
