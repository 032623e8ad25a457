//! The real reorganisation of `NeMo` Gym's docs (`tests/data/nemo-gym-reorg`, see its README):
//! a directory moved without editing any page. Without the move recorded, doclint reports the
//! toctree entry to the old place and the unexpected directory; with it recorded, the entry is
//! a moved-link that `--fix` rewrites, after which the tree is as clean as before the move.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_doclint");
const ENTRY_LINE: u64 = 188;

fn data() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    common::copy_into(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/nemo-gym-reorg"), tmp.path());
    tmp
}

fn check(dir: &Path, manifest: &str, fix: bool) -> Value {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir).args(["check", "--manifest", manifest, "--format", "json"]);
    if fix {
        cmd.arg("--fix");
    }
    let out = cmd.output().expect("run doclint");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn findings(report: &Value) -> BTreeSet<(String, String, Option<u64>, String)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_owned(),
                d["path"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64(),
                d["message"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

fn has(report: &Value, rule: &str, path: &str, line: Option<u64>) -> bool {
    findings(report).iter().any(|(r, p, l, _)| r == rule && p == path && *l == line)
}

#[test]
fn naive_move_is_reported() {
    let tmp = data();
    let report = check(tmp.path(), "scope-before.toml", false);
    assert!(has(&report, "broken-link", "docs/index.md", Some(ENTRY_LINE)), "{report:#}");
    assert!(has(&report, "stray-directory", "docs/contribute/", None), "{report:#}");
}

#[test]
fn recorded_move_is_fixed_back_to_the_before_state() {
    // The tree before the move: the directory back in its old place, the init manifest.
    let before = data();
    std::fs::rename(before.path().join("docs/contribute/rl-framework-integration"), before.path().join("docs/training/rl-framework-integration"))
        .expect("move back");
    std::fs::remove_dir(before.path().join("docs/contribute")).expect("rmdir");
    let baseline = findings(&check(before.path(), "scope-before.toml", false));
    assert!(baseline.iter().all(|(_, path, _, _)| path.starts_with("docs/")), "{baseline:#?}");

    let tmp = data();
    let dir = tmp.path();
    let report = check(dir, "scope.toml", false);
    assert!(has(&report, "moved-link", "docs/index.md", Some(ENTRY_LINE)), "{report:#}");
    assert!(!has(&report, "broken-link", "docs/index.md", Some(ENTRY_LINE)), "{report:#}");
    assert!(!findings(&report).iter().any(|(r, ..)| r == "stray-directory" || r == "missing-page"), "{report:#}");

    let index_before = std::fs::read_to_string(dir.join("docs/index.md")).expect("read");
    let after = check(dir, "scope.toml", true);
    let index_after = std::fs::read_to_string(dir.join("docs/index.md")).expect("read");
    let changed: Vec<(&str, &str)> = index_before.lines().zip(index_after.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed, [("training/rl-framework-integration/index.md", "contribute/rl-framework-integration/index.md")]);
    assert_eq!(index_before.len() + 2, index_after.len());
    assert_eq!(findings(&after), baseline, "after --fix the tree is as clean as before the move");
    assert_eq!(findings(&check(dir, "scope.toml", false)), baseline);
}
