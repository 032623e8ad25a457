//! References that try to leave the project (contract §6): nothing outside the project
//! directory is ever opened — checked by findings, and by tracing the binary's file system
//! calls with strace when it is installed.

mod common;

use std::path::{Path, PathBuf};

use common::{KNOWN, Project};

const ESCAPES: &str = "# Escapes\n\n\
[a](../../../../etc/passwd)\n\
[b](/etc/passwd)\n\
[c](%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd)\n\
[d](..%2f..%2f..%2f..%2fetc/hostname)\n\
[e](ext/secret.md)\n\
[f](ext/)\n\
<img src=\"../../../../etc/shadow\">\n\
[g](old.md)\n\
[h](../../outside/secret.md)\n\
[i](../assets-link/secret.md)\n";

/// A project whose pages try every escape: `docs/ext` is a symlinked directory pointing
/// out, `docs/out.md` a symlinked page pointing out (with a moved link in it for `--fix`).
fn escaping_project() -> Project {
    let p = Project::with_manifest("[docs]\npages = { \"**/*.md\" = \"explanation\" }\n[[moved]]\nfrom = \"old.md\"\nto = \"index.md\"\n");
    p.write("docs/escapes.md", ESCAPES.as_bytes());
    let secret = p.outside_file("secret.md", b"# Secret\n\n[m](old.md)\n");
    p.symlink(secret.parent().expect("outside dir"), "docs/ext");
    p.symlink(&secret, "docs/out.md");
    p.symlink(secret.parent().expect("outside dir"), "assets-link");
    p
}

#[test]
fn escaping_references_are_findings() {
    let p = escaping_project();
    let run = p.check(&[]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stdout.contains(KNOWN), "{run}");
    let has = |s: &str| assert!(run.stdout.contains(s), "expected {s:?}:\n{run}");
    has("docs/escapes.md:3:5: error[escaping-link]: `../../../../etc/passwd` leaves the project directory");
    // Root-relative means the docs root: `docs/etc/passwd`, which does not exist.
    has("docs/escapes.md:4:5: warning[unresolved-site-path]");
    has("(first: `/etc/passwd`)");
    has("docs/escapes.md:5:5: error[escaping-link]");
    has("docs/escapes.md:6:5: error[escaping-link]");
    has("docs/escapes.md:7:5: error[broken-link]: link target `ext/secret.md` does not exist");
    has("docs/escapes.md:9:11: error[escaping-link]");
    has("docs/escapes.md:11:5: error[escaping-link]");
    // Inside the project, outside root, through a symlinked directory that leaves: not followed.
    has("docs/escapes.md:12:5: error[broken-link]");
    has("docs/out.md: error[unreadable-page]");
    let secret_seen = run.stdout.lines().any(|l| l.starts_with("docs/out.md:") && l.contains("moved-link"));
    assert!(!secret_seen, "the outside file was parsed:\n{run}");
}

#[test]
fn fix_never_writes_through_a_symlink_that_leaves() {
    let p = escaping_project();
    let secret = p.dir.parent().expect("tmp").join("outside/secret.md");
    let before = std::fs::read(&secret).expect("read");
    let run = p.check(&["--fix"]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(std::fs::read(&secret).expect("read"), before, "--fix wrote outside the project");
    assert!(std::fs::symlink_metadata(p.path("docs/out.md")).expect("lstat").file_type().is_symlink());
    // The moved link inside the project was fixed.
    assert!(String::from_utf8_lossy(&p.read("docs/escapes.md")).contains("[g](index.md)"));
}

/// Paths a process may touch whatever it runs: the loader, libraries, /proc, devices.
fn is_system_path(path: &str) -> bool {
    const SYSTEM: &[&str] = &["/lib", "/lib64", "/usr", "/proc", "/sys", "/dev", "/etc/ld.so", "/etc/localtime", "/etc/nsswitch.conf"];
    SYSTEM.iter().any(|s| path == *s || path.starts_with(&format!("{s}/")) || (s.ends_with("ld.so") && path.starts_with(s)))
}

/// The first quoted argument of an strace line (the path), if any.
fn traced_path(line: &str) -> Option<&str> {
    // With several threads strace splits a call in two lines: `readlink("path", <unfinished …>`
    // (the path, checked) and `<… readlink resumed>"target", 256) = 23`, whose first string is
    // what the call returned (a symlink's target text), not a path the call touched.
    if line.contains(" resumed>") {
        return None;
    }
    let start = line.find('"')? + 1;
    let end = start + line[start..].find('"')?;
    Some(&line[start..end])
}

#[test]
fn strace_shows_nothing_outside_the_project_is_touched() {
    let Ok(status) = std::process::Command::new("strace").arg("-V").output() else {
        println!("skipped: strace is not installed (apt-get install -y strace)");
        return;
    };
    if !status.status.success() {
        println!("skipped: strace does not run here");
        return;
    }
    let p = escaping_project();
    let log = p.dir.parent().expect("tmp").join("strace.log");
    let log_s = log.to_string_lossy().into_owned();
    let bin = env!("CARGO_BIN_EXE_doclint");
    let args = [
        "-f",
        "-qq",
        "-e",
        "trace=openat,open,stat,statx,newfstatat,lstat,readlink,readlinkat,access,faccessat,faccessat2,execve",
        "-o",
        &log_s,
        bin,
        "check",
        "--fix",
        "--format",
        "short",
    ];
    let run = common::run_with("strace", &p.dir, &args, &[]);
    if run.stderr.contains("PTRACE_TRACEME") || run.stderr.contains("Operation not permitted") {
        println!("skipped: ptrace is not permitted here: {}", run.stderr.trim());
        return;
    }
    assert_eq!(run.code, 1, "{run}");
    let trace = std::fs::read_to_string(&log).expect("strace log");
    let project = p.dir.clone();
    // canonicalize() may look at every ancestor of the project directory.
    let ancestors: Vec<PathBuf> = project.ancestors().map(Path::to_path_buf).collect();
    // The dynamic loader searches LD_LIBRARY_PATH (cargo points it at target/debug/deps).
    let loader_dirs: Vec<PathBuf> = std::env::var_os("LD_LIBRARY_PATH").map(|v| std::env::split_paths(&v).collect()).unwrap_or_default();
    let bin_dir = Path::new(bin).parent().expect("bin dir").to_path_buf();
    let is_loader_path = |p: &Path| {
        loader_dirs.iter().chain([&bin_dir]).any(|d| p.starts_with(d))
            && (p.extension().is_some_and(|e| e == "1" || e == "so") || !p.to_string_lossy().contains(".md"))
    };
    let mut outside = Vec::new();
    let mut seen = 0;
    for line in trace.lines() {
        let Some(path) = traced_path(line) else { continue };
        seen += 1;
        let abs = if path.starts_with('/') { PathBuf::from(path) } else { project.join(path) };
        let allowed = abs.starts_with(&project) || ancestors.contains(&abs) || is_system_path(path) || path == bin || path.is_empty() || is_loader_path(&abs);
        if !allowed {
            outside.push(line.to_owned());
        }
    }
    assert!(seen > 10, "strace saw too little:\n{trace}");
    assert!(trace.contains("docs/escapes.md"), "the trace does not show the pages being read:\n{trace}");
    assert!(outside.is_empty(), "paths outside the project were touched:\n{}", outside.join("\n"));
}

#[test]
fn docs_root_symlinked_out_of_the_project_is_exit_2() {
    let p = Project::new();
    let outside = p.outside_file("index.md", b"# Outside\n");
    std::fs::remove_dir_all(p.path("docs")).expect("rm docs");
    p.symlink(outside.parent().expect("outside dir"), "docs");
    let run = p.check(&[]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stdout.is_empty(), "{run}");
    assert!(run.stderr.contains("leaves the project directory"), "{run}");
}
