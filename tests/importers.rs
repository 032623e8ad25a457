//! `init --from` for each generator: every page is declared, pages outside the navigation are
//! marked, and `check` right after reports no structure finding.

mod common;

use common::{check_json, copy_tree, doclint, root, text};

fn import(case: &str, from: &str) -> (tempfile::TempDir, String) {
    let tmp = copy_tree(&root().join("tests/data/import").join(case));
    let out = doclint(tmp.path(), &["init", "--from", from]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let manifest = std::fs::read_to_string(tmp.path().join("scope.toml")).expect("written");
    (tmp, manifest)
}

fn assert_structure_clean(tmp: &tempfile::TempDir, orphans: &[&str]) {
    let (_, found) = check_json(tmp.path(), &[]);
    for (rule, path) in &found {
        assert!(!["stray-page", "stray-directory", "missing-page"].contains(&rule.as_str()), "{rule} at {path}");
    }
    let got: Vec<&str> = found.iter().filter(|(r, _)| r == "orphan-page").map(|(_, p)| p.as_str()).collect();
    assert_eq!(got, orphans, "only pages outside the nav are orphans");
}

#[test]
fn mkdocs_yml_with_python_tags() {
    let (tmp, m) = import("mkdocs", "mkdocs.yml");
    assert!(m.contains("generator = \"mkdocs\"") && m.contains("nav = [\"../mkdocs.yml\"]"), "{m}");
    assert!(m.contains("title = \"User guide\""), "{m}");
    assert!(m.contains("\"draft.md\" = {}  # not in the nav"), "{m}");
    assert!(!m.contains("\"install.md\" = {}  #"), "{m}");
    assert_structure_clean(&tmp, &["docs/guide/draft.md"]);
}

#[test]
fn mdbook_summary() {
    let (tmp, m) = import("mdbook", "src/SUMMARY.md");
    assert!(m.contains("root = \"src\"") && m.contains("title = \"Part one\""), "{m}");
    assert!(m.contains("\"extra.md\" = {}  # not in the nav"), "{m}");
    assert_structure_clean(&tmp, &["src/part/extra.md"]);
}

#[test]
fn sphinx_toctrees() {
    let (tmp, m) = import("sphinx", "docs/conf.py");
    assert!(m.contains("generator = \"sphinx\""), "{m}");
    assert!(m.contains("\"loose.md\" = {}  # not in the nav") && !m.contains("\"setup.md\" = {}  #"), "{m}");
    assert_structure_clean(&tmp, &["docs/guide/loose.md"]);
}

#[test]
fn docusaurus_sidebars() {
    let (tmp, m) = import("docusaurus", "sidebars.js");
    assert!(m.contains("nav = [\"../sidebars.js\"]"), "{m}");
    assert!(m.contains("\"hidden.md\" = {}  # not in the nav") && !m.contains("\"deploy.mdx\" = {}  #"), "{m}");
    assert_structure_clean(&tmp, &["docs/guides/hidden.md"]);
}

#[test]
fn unknown_nav_file_is_exit_2() {
    let tmp = copy_tree(&root().join("tests/data/import/mkdocs"));
    std::fs::write(tmp.path().join("nav.txt"), "x").expect("write");
    let out = doclint(tmp.path(), &["init", "--from", "nav.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot tell which generator"));
    let out = doclint(tmp.path(), &["init", "--from", "missing.yml"]);
    assert_eq!(out.status.code(), Some(2));

    // A nav file that is missing is a manifest problem at its entry.
    std::fs::write(tmp.path().join("scope.toml"), "[docs]\nroot = \"docs\"\nnav = [\"../nope.yml\"]\n").expect("write");
    let out = doclint(tmp.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("nav file `../nope.yml`"), "{}", text(&out.stderr));
}
