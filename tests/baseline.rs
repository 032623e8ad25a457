//! `doclint baseline` and `check --baseline`: only new findings are reported, old ones stay
//! accepted when lines shift, and fixing an old one reports nothing new.

mod common;

use common::{check_json, copy_tree, doclint, root, text};

const PAGE: &str = "docs/training/rollout-collection/optimize-for-training.md";

#[test]
fn baseline_reports_only_new_findings() {
    let tmp = copy_tree(&root().join("fixtures/_all/training-scope-reduction"));
    let dir = tmp.path();
    let (code, before) = check_json(dir, &[]);
    assert_eq!(code, Some(1));
    assert!(before.iter().any(|(rule, path)| rule == "moved-link" && path == PAGE), "{before:?}");

    let out = doclint(dir, &["baseline"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let file = std::fs::read_to_string(dir.join("doclint-baseline.json")).expect("baseline written next to the manifest");
    let json: serde_json::Value = serde_json::from_str(&file).expect("json");
    assert_eq!(json["version"], 1);
    let fps: Vec<&str> = json["fingerprints"].as_array().expect("list").iter().filter_map(|f| f.as_str()).collect();
    assert!(fps.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
    assert_eq!(fps.len(), before.len());

    // Nothing new: clean, exit 0, nothing printed.
    assert_eq!(check_json(dir, &["--baseline", "doclint-baseline.json"]), (Some(0), vec![]));

    // Lines shift above an old finding: still accepted.
    let page = dir.join(PAGE);
    let original = std::fs::read_to_string(&page).expect("read");
    let (head, rest) = original.split_once("\n# ").expect("a level-1 heading");
    let shifted = format!("{head}\n# {}", rest.replacen('\n', "\n\nA new paragraph.\n\nAnd another.\n", 1));
    std::fs::write(&page, &shifted).expect("write");
    assert_eq!(check_json(dir, &["--baseline", "doclint-baseline.json"]), (Some(0), vec![]));

    // A new finding: reported, alone, and it sets the exit code.
    std::fs::write(&page, format!("{shifted}\nSee [the plan](no-such-page.md).\n")).expect("write");
    let (code, found) = check_json(dir, &["--baseline", "doclint-baseline.json"]);
    assert_eq!(code, Some(1));
    assert_eq!(found, [("broken-link".to_owned(), PAGE.to_owned())]);

    // Fixing an old finding (the stray page goes) reports nothing new.
    std::fs::write(&page, &shifted).expect("write");
    std::fs::remove_file(dir.join("docs/training/notes.md")).expect("remove");
    assert_eq!(check_json(dir, &["--baseline", "doclint-baseline.json"]), (Some(0), vec![]));
}

#[test]
fn a_missing_or_bad_baseline_is_exit_2() {
    let dir = root().join("fixtures/stray-page/clean");
    let out = doclint(&dir, &["check", "--baseline", "no-such-baseline.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("cannot read baseline"), "{}", text(&out.stderr));
}
