//! `check --fix` round trip (contract §6): a copy of `fixtures/moved-link/file-move` plus a
//! BOM + CRLF page, a page with unusual permissions and a symlinked page. Fixes are applied by
//! the binary; the result is compared with a reference computed from the spans `check`
//! reports, so every byte outside the rewritten destinations must be unchanged.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_doclint");

/// The fixture tree, extended with the pages that exercise byte-level guarantees.
fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    common::copy_into(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/moved-link/file-move"), dir);
    let manifest = std::fs::read_to_string(dir.join("scope.toml")).expect("scope.toml");
    let manifest = manifest.replace(
        "[sections.training]\npages = { \"index.md\" = \"explanation\" }",
        "[sections.training]\npages = { \"index.md\" = \"explanation\", \"*.md\" = \"how-to\" }",
    ) + "\n[[moved]]\nfrom = \"old-guide.md\"\nto = \"setup/config.md#options\"\n";
    std::fs::write(dir.join("scope.toml"), manifest).expect("write scope.toml");
    // BOM and CRLF, an extensionless link, a move whose `to` carries the fragment.
    std::fs::write(
        dir.join("docs/training/crlf.md"),
        "\u{feff}---\r\ncontent_type: how-to\r\n---\r\n\r\n# Crlf\r\n\r\nSee [config](config.md), [ext](config) and [guide](../old-guide.md).\r\nÜmlaut [again](config.md#options) stays.\r\n",
    )
    .expect("write crlf.md");
    std::fs::write(dir.join("docs/training/private.md"), "---\ncontent_type: how-to\n---\n\n# Private\n\n[config](./config.md)\n").expect("write private.md");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.join("docs/training/private.md"), std::fs::Permissions::from_mode(0o600)).expect("chmod");
        std::fs::create_dir_all(dir.join("shared")).expect("mkdir shared");
        std::fs::write(dir.join("shared/linked.md"), "---\ncontent_type: how-to\n---\n\n# Linked\n\nA [link](config.md) through a symlink.\n")
            .expect("write linked");
        std::os::unix::fs::symlink("../../shared/linked.md", dir.join("docs/training/linked.md")).expect("symlink");
    }
    tmp
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN).current_dir(dir).args(["check", "--manifest", "scope.toml", "--color", "never"]).args(args).output().expect("run doclint")
}

fn json(dir: &Path) -> Value {
    let out = run(dir, &["--format", "json"]);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("json: {e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn moved_links(report: &Value) -> Vec<&Value> {
    report["diagnostics"].as_array().expect("diagnostics").iter().filter(|d| d["rule"] == "moved-link").collect()
}

/// Byte offset of a 1-based (line, character column) position in `text` (BOM excluded).
fn offset(text: &str, line: u64, column: u64) -> usize {
    let mut at = 0;
    for _ in 1..line {
        at += text[at..].find('\n').expect("line exists") + 1;
    }
    let col = usize::try_from(column).expect("column") - 1;
    at + text[at..].char_indices().nth(col).map_or(text.len() - at, |(i, _)| i)
}

/// Every file's expected bytes after `--fix`: the reported replacements spliced in by span.
fn expected_after_fix(dir: &Path, report: &Value, only: Option<&str>) -> Vec<(PathBuf, Vec<u8>)> {
    let mut by_file: std::collections::BTreeMap<String, Vec<&Value>> = std::collections::BTreeMap::new();
    for d in moved_links(report) {
        let path = d["path"].as_str().expect("path");
        if only.is_none_or(|o| path.starts_with(o)) {
            by_file.entry(path.to_owned()).or_default().push(d);
        }
    }
    by_file
        .into_iter()
        .map(|(path, diags)| {
            let full = dir.join(&path);
            let raw = std::fs::read_to_string(&full).expect("read page");
            let (bom, text) = raw.strip_prefix('\u{feff}').map_or(("", raw.as_str()), |t| ("\u{feff}", t));
            let mut edits: Vec<(usize, usize, String)> = diags
                .iter()
                .map(|d| {
                    let f = &d["fix"];
                    let start = offset(text, f["line"].as_u64().expect("line"), f["column"].as_u64().expect("column"));
                    let end = offset(text, f["end_line"].as_u64().expect("end_line"), f["end_column"].as_u64().expect("end_column"));
                    (start, end, f["replacement"].as_str().expect("replacement").to_owned())
                })
                .collect();
            edits.sort();
            let mut out = String::from(bom);
            let mut at = 0;
            for (start, end, replacement) in edits {
                out.push_str(&text[at..start]);
                out.push_str(&replacement);
                at = end;
            }
            out.push_str(&text[at..]);
            (full, out.into_bytes())
        })
        .collect()
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            if std::fs::symlink_metadata(&p).expect("meta").is_dir() {
                stack.push(p);
            } else {
                files.push((p.clone(), std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    files.sort();
    files
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).expect("read")
}

#[test]
fn fix_round_trip() {
    let tmp = project();
    let dir = tmp.path();
    let before = json(dir);
    assert!(moved_links(&before).len() >= 10, "{before:#}");
    let expected = expected_after_fix(dir, &before, None);
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let untouched: Vec<(PathBuf, Vec<u8>)> = snapshot(dir).into_iter().filter(|(p, _)| !expected.iter().any(|(e, _)| canonical(e) == canonical(p))).collect();

    let out = run(dir, &["--fix", "--format", "short"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for page in ["docs/index.md", "docs/training/index.md", "docs/training/crlf.md", "docs/training/private.md"] {
        assert!(stderr.contains(page), "stderr does not name {page}: {stderr}");
    }
    assert!(!String::from_utf8_lossy(&out.stdout).contains("moved-link"), "moved-links remain after --fix");

    // Every byte outside the destinations is unchanged (the symlinked page through its link).
    for (path, bytes) in &expected {
        assert_eq!(String::from_utf8_lossy(&std::fs::read(path).expect("read")), String::from_utf8_lossy(bytes), "{}", path.display());
    }
    for (path, bytes) in &untouched {
        assert_eq!(&std::fs::read(path).unwrap_or_default(), bytes, "{} changed", path.display());
    }

    // Each destination in its own style.
    let index = read(dir, "docs/index.md");
    assert!(index.contains("```{toctree}\nsetup/index\ntraining/index\nsetup/config\n```"), "{index}");
    assert!(index.contains("[config](setup/config.md#options)"), "{index}");
    assert!(index.contains("{doc}`setup/config`"), "{index}");
    assert!(index.contains("{doc}`Config </setup/config>`"), "{index}");
    assert!(index.contains("[the page](/setup/config.md)"), "{index}");
    let training = read(dir, "docs/training/index.md");
    assert!(training.contains("[config](../setup/config.md), [ref-style][cfg] and <a href=\"../setup/config.md\">html</a>"), "{training}");
    assert!(training.contains("[cfg]: ../setup/config.md#options"), "{training}");
    let crlf = read(dir, "docs/training/crlf.md");
    assert!(crlf.starts_with('\u{feff}'), "BOM lost");
    assert!(crlf.contains("See [config](../setup/config.md), [ext](../setup/config) and [guide](../setup/config.md#options).\r\n"), "{crlf:?}");
    assert!(crlf.contains("Ümlaut [again](../setup/config.md#options) stays.\r\n"), "{crlf:?}");
    assert_eq!(crlf.matches('\n').count(), crlf.matches("\r\n").count(), "CRLF not preserved");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("docs/training/private.md")).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "permissions not kept");
        assert!(std::fs::symlink_metadata(dir.join("docs/training/linked.md")).expect("meta").file_type().is_symlink(), "symlink replaced");
        // Written at the link's target, relative to where the page is served (docs/training/).
        assert!(read(dir, "shared/linked.md").contains("[link](../setup/config.md)"), "symlink target not written");
    }

    // Re-check: no moved-link; a second --fix changes no byte and reports nothing fixed.
    assert!(moved_links(&json(dir)).is_empty());
    let fixed_once = snapshot(dir);
    let again = run(dir, &["--fix", "--format", "short"]);
    assert_eq!(snapshot(dir), fixed_once, "second --fix changed bytes");
    assert!(!String::from_utf8_lossy(&again.stderr).contains("fixed"), "{}", String::from_utf8_lossy(&again.stderr));
}

#[test]
fn fix_is_limited_to_paths() {
    let tmp = project();
    let dir = tmp.path();
    let before_report = json(dir);
    let index_before = read(dir, "docs/index.md");
    let expected = expected_after_fix(dir, &before_report, Some("docs/training/"));
    let out = run(dir, &["--fix", "--format", "short", "docs/training/index.md", "docs/training/crlf.md"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("docs/training/index.md") && stderr.contains("docs/training/crlf.md"), "{stderr}");
    assert!(!stderr.contains("docs/index.md") && !stderr.contains("private.md"), "{stderr}");
    assert_eq!(read(dir, "docs/index.md"), index_before, "a page outside PATHs was fixed");
    for (path, bytes) in &expected {
        let name = path.to_string_lossy();
        let now = std::fs::read(path).expect("read");
        if name.ends_with("training/index.md") || name.ends_with("training/crlf.md") {
            assert_eq!(&now, bytes, "{name}");
        } else {
            assert_ne!(&now, bytes, "{name} was fixed though not under PATHs");
        }
    }
}
