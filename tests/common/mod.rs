//! Helpers shared by the command-line tests.
#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn doclint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_doclint")).args(args).current_dir(dir).env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE").output().expect("run doclint")
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A temporary copy of `from`.
pub fn copy_tree(from: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let dest = tmp.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
    tmp
}

/// `check --format json` in `dir` with extra arguments: the exit code and the diagnostics'
/// (rule, path) pairs.
pub fn check_json(dir: &Path, extra: &[&str]) -> (Option<i32>, Vec<(String, String)>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = doclint(dir, &args);
    assert_ne!(out.status.code(), Some(2), "exit 2: {}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json output");
    let found = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| (d["rule"].as_str().unwrap_or_default().to_owned(), d["path"].as_str().unwrap_or_default().to_owned()))
        .collect();
    (out.status.code(), found)
}
