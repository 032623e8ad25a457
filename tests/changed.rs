//! `check --changed-since REV` in a temporary git repository.

mod common;

use std::path::Path;
use std::process::Command;

use common::{check_json, doclint, text};

fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .args(["-c", "user.name=doclint", "-c", "user.email=doclint@example.com", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

#[test]
fn reports_what_the_change_is_responsible_for() {
    if Command::new("git").arg("--version").output().is_err() {
        println!("skipped: git is not installed");
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    write(dir, "scope.toml", "[docs]\nroot = \"docs\"\npages = { \"*.md\" = \"reference\" }\n");
    write(dir, "docs/index.md", "# Home\n\n[A](a.md), [B](b.md), [C](c.md)\n");
    write(dir, "docs/a.md", "# A\n\nSee [C](c.md).\n");
    write(dir, "docs/b.md", "# B\n\nAn old problem: [gone](old.md).\n");
    write(dir, "docs/c.md", "# C\n");
    assert!(git(dir, &["init", "-q"]) && git(dir, &["add", "-A"]) && git(dir, &["commit", "-qm", "base"]), "git setup");

    // Unchanged: nothing is reported, though b.md has an old broken link.
    assert_eq!(check_json(dir, &["--changed-since", "HEAD"]), (Some(0), vec![]));

    assert!(git(dir, &["rm", "-q", "docs/c.md"]) && git(dir, &["commit", "-qm", "delete c"]));
    let (code, found) = check_json(dir, &["--changed-since", "HEAD~1"]);
    assert_eq!(code, Some(1));
    let paths: Vec<&str> = found.iter().map(|(_, p)| p.as_str()).collect();
    assert!(found.iter().all(|(rule, _)| rule == "broken-link"), "{found:?}");
    assert_eq!(paths, ["docs/a.md", "docs/index.md"], "the referrers of the deleted page, not b.md");

    // Without the filter b.md's old finding is there; with PATHs the two combine.
    let (_, all) = check_json(dir, &[]);
    assert!(all.iter().any(|(_, p)| p == "docs/b.md"));
    let (_, only_a) = check_json(dir, &["--changed-since", "HEAD~1", "docs/a.md"]);
    assert_eq!(only_a, [("broken-link".to_owned(), "docs/a.md".to_owned())]);

    // A new untracked page is part of the change.
    write(dir, "docs/new.md", "# New\n\n[x](missing.md)\n");
    let (_, found) = check_json(dir, &["--changed-since", "HEAD"]);
    assert!(found.iter().any(|(rule, p)| rule == "broken-link" && p == "docs/new.md"), "{found:?}");

    let out = doclint(dir, &["check", "--changed-since", "no-such-rev"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("unknown revision `no-such-rev`"), "{}", text(&out.stderr));
}
