//! The rule documents are data: one per rule id, well-formed, with fixtures beside them.

use std::collections::BTreeSet;
use std::path::Path;

use doclint::rules::RuleId;

const SECTIONS: &[&str] = &["## What it finds", "## Why it matters", "## Example", "## How to fix"];

#[test]
fn every_rule_has_exactly_one_document() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let on_disk: BTreeSet<String> = std::fs::read_dir(root.join("rules"))
        .expect("rules/")
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".md")).map(str::to_owned))
        .collect();
    let registered: BTreeSet<String> = RuleId::ALL.iter().map(|r| r.as_str().to_owned()).collect();
    assert_eq!(on_disk, registered, "rules/*.md and the rule registry disagree");
}

#[test]
fn documents_are_well_formed() {
    for id in RuleId::ALL {
        let doc = id.doc();
        assert_eq!(doc.id, id.as_str(), "rules/{}.md: `id` does not match the file name", id.as_str());
        assert!(!doc.summary.is_empty() && !doc.summary.contains("TODO"), "rules/{}.md: empty summary", id.as_str());
        assert!(doc.body.starts_with(&format!("# {}\n", id.as_str())), "rules/{}.md: must start with `# {}`", id.as_str(), id.as_str());
        for section in SECTIONS {
            assert!(doc.body.contains(section), "rules/{}.md: missing `{section}`", id.as_str());
        }
    }
}

#[test]
fn every_rule_has_failing_and_clean_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for id in RuleId::ALL {
        let dir = root.join(id.as_str());
        let scenarios: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("fixtures/{}/ is missing", id.as_str()))
            .filter_map(Result::ok)
            .filter(|e| e.path().join("scope.toml").is_file())
            .filter_map(|e| e.file_name().to_str().map(str::to_owned))
            .collect();
        assert!(scenarios.iter().any(|s| s.starts_with("clean")), "fixtures/{}/ needs a clean scenario", id.as_str());
        assert!(scenarios.iter().any(|s| !s.starts_with("clean")), "fixtures/{}/ needs a failing scenario", id.as_str());
    }
}

#[test]
fn rule_ids_are_stable() {
    let ids: Vec<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
    insta::assert_debug_snapshot!(ids);
}

#[test]
fn user_docs_list_every_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in ["docs/reference/rules.md", "README.md"] {
        let text = std::fs::read_to_string(root.join(file)).expect("read");
        for id in RuleId::ALL {
            let doc = id.doc();
            let row = format!("{} | {} | ", if file == "README.md" { format!("`{}`", id.as_str()) } else { id.as_str().to_owned() }, doc.default.as_str());
            assert!(text.contains(&row), "{file} does not list `{}` with its default severity `{}`", id.as_str(), doc.default.as_str());
        }
    }
}
