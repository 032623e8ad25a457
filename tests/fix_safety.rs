//! `--fix` safety (contract §6): temp file + rename in the same directory, permissions kept,
//! symlinks written through and never replaced, a file changed since it was read is left
//! alone, a read-only file is reported and not half-written.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};

use common::{Project, is_root};
use doclint::check::PathFilter;
use doclint::workspace::{Texts, Workspace};

const MANIFEST: &str = "[docs]\npages = { \"**/*.md\" = \"explanation\" }\n[[moved]]\nfrom = \"old.md\"\nto = \"new.md\"\n";
const PAGE: &str = "# Page\n\nSee [the old page](old.md#top) and [again](old.md).\n";
const FIXED: &str = "# Page\n\nSee [the old page](new.md#top) and [again](new.md).\n";

fn project() -> Project {
    let p = Project::with_manifest(MANIFEST);
    p.write("docs/new.md", b"# New\n");
    p.write("docs/page.md", PAGE.as_bytes());
    p
}

fn stray_temp_files(p: &Project) -> Vec<String> {
    walkdir::WalkDir::new(&p.dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_string_lossy().into_owned())
        .filter(|n| n.contains(".doclint-") || std::path::Path::new(n).extension().is_some_and(|e| e.eq_ignore_ascii_case("tmp")))
        .collect()
}

#[test]
fn fix_writes_a_temp_file_and_renames_it() {
    let p = project();
    let inode = std::fs::metadata(p.path("docs/page.md")).expect("stat").ino();
    let run = p.check(&["--fix"]);
    assert!(run.stderr.contains("fixed 2 moved links in docs/page.md"), "{run}");
    assert_eq!(String::from_utf8_lossy(&p.read("docs/page.md")), FIXED);
    // A rename puts a new inode in place; an in-place write would keep the old one.
    assert_ne!(std::fs::metadata(p.path("docs/page.md")).expect("stat").ino(), inode, "the page was written in place, not renamed over");
    assert!(stray_temp_files(&p).is_empty(), "temp files left: {:?}", stray_temp_files(&p));
    // A second --fix changes nothing.
    let again = p.check(&["--fix"]);
    assert!(!again.stderr.contains("fixed"), "{again}");
    assert_eq!(String::from_utf8_lossy(&p.read("docs/page.md")), FIXED);
}

#[test]
fn fix_keeps_permissions() {
    let p = project();
    std::fs::set_permissions(p.path("docs/page.md"), std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let run = p.check(&["--fix"]);
    assert!(run.stderr.contains("fixed 2 moved links"), "{run}");
    assert_eq!(String::from_utf8_lossy(&p.read("docs/page.md")), FIXED);
    let mode = std::fs::metadata(p.path("docs/page.md")).expect("stat").permissions().mode() & 0o7777;
    assert_eq!(mode, 0o640, "mode changed to {mode:o}");
}

#[test]
fn fix_writes_through_a_symlink_and_keeps_it() {
    let p = project();
    std::fs::remove_file(p.path("docs/page.md")).expect("rm");
    p.write("shared/page.md", PAGE.as_bytes());
    p.symlink("../shared/page.md", "docs/page.md");
    let run = p.check(&["--fix"]);
    assert!(run.stderr.contains("fixed 2 moved links in docs/page.md"), "{run}");
    let meta = std::fs::symlink_metadata(p.path("docs/page.md")).expect("lstat");
    assert!(meta.file_type().is_symlink(), "the symlink was replaced by a file");
    assert_eq!(String::from_utf8_lossy(&p.read("shared/page.md")), FIXED, "the target was not fixed");
    assert!(stray_temp_files(&p).is_empty(), "temp files left: {:?}", stray_temp_files(&p));
}

#[test]
fn fix_leaves_a_file_changed_since_it_was_read() {
    let p = project();
    let settings = doclint::manifest::load(&p.path("scope.toml"), "scope.toml").expect("manifest");
    let ws = Workspace::load_keeping_texts(settings).expect("workspace");
    let edited = "# Page\n\nEdited meanwhile: [the old page](old.md).\n";
    p.write("docs/page.md", edited.as_bytes());
    let outcome = doclint::fix::apply(&ws, &PathFilter::default());
    assert_eq!(outcome.changed, 0, "{}", outcome.log);
    assert!(outcome.log.contains("error: not fixed: docs/page.md: the file changed since doclint read it"), "{}", outcome.log);
    assert_eq!(String::from_utf8_lossy(&p.read("docs/page.md")), edited, "the new content was clobbered");
    assert!(stray_temp_files(&p).is_empty());
}

#[test]
fn fix_refuses_texts_it_did_not_keep() {
    // A workspace loaded for checking lets page texts go and reads them again on demand: a
    // text read again may not be the one the spans were computed on, so it is never edited.
    let p = project();
    let settings = doclint::manifest::load(&p.path("scope.toml"), "scope.toml").expect("manifest");
    let ws = Workspace::load_with(settings, Texts::Release).expect("workspace");
    let outcome = doclint::fix::apply(&ws, &PathFilter::default());
    assert_eq!(outcome.changed, 0, "{}", outcome.log);
    assert!(outcome.log.contains("error: not fixed: docs/page.md: the workspace was loaded without its page texts"), "{}", outcome.log);
    assert_eq!(String::from_utf8_lossy(&p.read("docs/page.md")), PAGE);
}

#[test]
fn fix_reports_a_read_only_file() {
    // The mode bits are checked explicitly, so this holds as root too.
    let p = project();
    std::fs::set_permissions(p.path("docs/page.md"), std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let run = p.check(&["--fix"]);
    assert!(run.stderr.contains("error: not fixed: docs/page.md: the file is read-only"), "{run}");
    assert_eq!(String::from_utf8_lossy(&p.read("docs/page.md")), PAGE, "a read-only file was written");
    assert_eq!(std::fs::metadata(p.path("docs/page.md")).expect("stat").permissions().mode() & 0o777, 0o444);
    assert!(stray_temp_files(&p).is_empty());
    // The moved links are still reported.
    assert!(run.stdout.contains("docs/page.md:3:20: warning[moved-link]") || run.stdout.contains("docs/page.md:3:20:"), "{run}");
}

#[test]
fn fix_reports_a_read_only_directory() {
    if is_root() {
        println!("skipped: running as root, where a read-only directory still accepts the temp file");
        return;
    }
    let p = project();
    std::fs::set_permissions(p.path("docs"), std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let run = p.check(&["--fix"]);
    std::fs::set_permissions(p.path("docs"), std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    assert!(run.stderr.contains("error: not fixed: docs/page.md"), "{run}");
    assert_eq!(String::from_utf8_lossy(&p.read("docs/page.md")), PAGE);
    assert!(stray_temp_files(&p).is_empty());
}

#[test]
fn fix_never_follows_a_planted_temp_file_symlink() {
    let p = project();
    let victim = p.outside_file("victim.txt", b"untouched");
    // Every temp name this process could pick, planted as a symlink out of the project.
    let pid = std::process::id();
    p.symlink(&victim, &format!("docs/.page.md.doclint-{pid}.tmp"));
    for i in 0..16 {
        p.symlink(&victim, &format!("docs/.page.md.doclint-{pid}-{i}.tmp"));
    }
    let settings = doclint::manifest::load(&p.path("scope.toml"), "scope.toml").expect("manifest");
    let ws = Workspace::load_keeping_texts(settings).expect("workspace");
    let outcome = doclint::fix::apply(&ws, &PathFilter::default());
    assert_eq!(std::fs::read(&victim).expect("read"), b"untouched", "--fix wrote through a planted symlink");
    assert!(outcome.log.contains("error: not fixed: docs/page.md: cannot create a temporary file"), "{}", outcome.log);
    assert_eq!(String::from_utf8_lossy(&p.read("docs/page.md")), PAGE);
}
