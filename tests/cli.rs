//! The command line as users and CI see it: exit codes, stdout/stderr split, manifest errors,
//! init round trips.

mod common;

use std::process::{Command, Output};

use common::{doclint, root, text};

#[test]
fn exit_1_on_errors_and_0_when_clean() {
    let example = root().join("fixtures/_all/training-scope-reduction");
    let out = doclint(&example, &["check", "--format", "short"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("error[stray-directory]"));
    let clean = root().join("fixtures/stray-page/clean");
    let out = doclint(&clean, &["check", "--format", "short"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let dir = root().join("fixtures/missing-index/no-index");
    let out = doclint(&dir, &["check", "--format", "short"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("warning[missing-index]"));
    let out = doclint(&dir, &["check", "--format", "short", "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn every_manifest_problem_in_one_run() {
    let dir = root().join("tests/data/bad-manifest");
    let out = doclint(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "stdout must be empty on exit 2");
    let stderr = text(&out.stderr);
    for expected in [
        "unknown key `rot`",
        "did you mean `root`?",
        "unknown key `maxpages`",
        "did you mean `max-pages`?",
        "unknown content type `howto`",
        "did you mean `how-to`?",
        "invalid regex",
        "scope.toml:2:1",
        "scope.toml:13:10",
    ] {
        assert!(stderr.contains(expected), "missing `{expected}` in:\n{stderr}");
    }
    insta::assert_snapshot!("bad_manifest", stderr);
}

#[test]
fn run_errors_exit_2_with_empty_stdout() {
    let dir = root().join("fixtures/stray-page/clean");
    for args in [&["check", "no/such/path"][..], &["check", "--manifest", "nope.toml"], &["explain", "no-such-rule"], &["check", "--format", "xml"]] {
        let out = doclint(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("scope.toml"), "[docs]\nroot = \"missing\"\n").expect("write");
    let out = doclint(tmp.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read the docs root"), "{}", text(&out.stderr));
}

#[test]
fn paths_limit_what_is_reported() {
    let dir = root().join("fixtures/_all/training-scope-reduction");
    let out = doclint(&dir, &["check", "--format", "short", "docs/training/notes.md"]);
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("docs/training/notes.md: error[stray-page]"), "{stdout}");
}

#[test]
fn human_output_has_no_colour_with_no_color() {
    let dir = root().join("fixtures/_all/training-scope-reduction");
    let out = doclint(&dir, &["check"]);
    assert!(!text(&out.stdout).contains('\u{1b}'));
    let coloured = Command::new(env!("CARGO_BIN_EXE_doclint")).args(["check", "--color", "always"]).current_dir(&dir).output().expect("run");
    assert!(text(&coloured.stdout).contains('\u{1b}'));
}

#[test]
fn rules_and_explain() {
    let out = doclint(&root(), &["rules"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("rules", text(&out.stdout));
    let out = doclint(&root(), &["explain", "moved-link"]);
    assert!(text(&out.stdout).starts_with("# moved-link\n"));
    let out = doclint(&root(), &["explain", "moved-links"]);
    assert!(text(&out.stderr).contains("did you mean `moved-link`?"));
}

#[test]
fn stats_table() {
    let dir = root().join("fixtures/_all/training-scope-reduction");
    let out = doclint(&dir, &["stats", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("stats", text(&out.stdout));
}

#[test]
fn init_then_delete_one_and_add_one() {
    let tmp = tempfile::tempdir().expect("tmp");
    common::copy_into(&root().join("fixtures/_all/training-scope-reduction/docs"), &tmp.path().join("docs"));
    let out = doclint(tmp.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let again = doclint(tmp.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2), "init must not overwrite without --force");
    let count = |out: &Output, rule: &str| text(&out.stdout).matches(&format!("[{rule}]")).count();
    let check = doclint(tmp.path(), &["check", "--format", "short"]);
    assert_ne!(check.status.code(), Some(2), "{}", text(&check.stderr));
    for rule in ["stray-page", "stray-directory", "missing-page"] {
        assert_eq!(count(&check, rule), 0, "{rule} right after init:\n{}", text(&check.stdout));
    }
    std::fs::remove_file(tmp.path().join("docs/training/verification/reward-shaping.md")).expect("rm");
    std::fs::write(tmp.path().join("docs/training/datasets/new-page.md"), "# New\n").expect("write");
    let check = doclint(tmp.path(), &["check", "--format", "short"]);
    assert_eq!(count(&check, "missing-page"), 1, "{}", text(&check.stdout));
    assert_eq!(count(&check, "stray-page"), 1, "{}", text(&check.stdout));
}

#[test]
fn json_output_matches_the_contract() {
    let dir = root().join("fixtures/_all/training-scope-reduction");
    let out = doclint(&dir, &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["version"], 1);
    assert_eq!(v["manifest"], "scope.toml");
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(
        v["summary"]["errors"].as_u64().unwrap_or(0) + v["summary"]["warnings"].as_u64().unwrap_or(0) + v["summary"]["infos"].as_u64().unwrap_or(0),
        diags.len() as u64
    );
    for d in diags {
        for key in ["rule", "severity", "path", "line", "column", "end_line", "end_column", "message", "fingerprint"] {
            assert!(d.get(key).is_some(), "missing {key} in {d}");
        }
    }
}
