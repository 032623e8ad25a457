//! Hostile inputs (contract §6): every case is a tree generated in a temp dir, checked by the
//! real binary under a time limit (killed after 20 s) and an address-space limit. Each tree
//! also holds one normal page with a known broken link, which must still be reported: bad
//! input never hides the other findings.

mod common;

use common::{KNOWN, Project, is_root};

/// The finding every tree must still report.
fn assert_known(run: &common::Run) {
    assert!(run.stdout.contains(KNOWN), "the known finding is missing:\n{run}");
}

/// One page-level case: `docs/<name>` holds `bytes`; expects exit 1, `expected` in stdout.
fn page_case(name: &str, bytes: &[u8], expected: &[&str]) -> common::Run {
    let p = Project::new();
    p.write(&format!("docs/{name}"), bytes);
    let run = p.check(&[]);
    assert_eq!(run.code, 1, "{run}");
    assert_known(&run);
    for e in expected {
        assert!(run.stdout.contains(e), "expected {e:?}:\n{run}");
    }
    run
}

#[test]
fn invalid_utf8_is_an_unreadable_page() {
    page_case("bad.md", b"# Bad \xff\xfe text\n", &["docs/bad.md: error[unreadable-page]", "not valid UTF-8 (first bad byte at offset 6)"]);
}

#[test]
fn utf16_with_bom_is_an_unreadable_page() {
    let mut bytes = vec![0xFF, 0xFE];
    for c in "# Title\n".encode_utf16() {
        bytes.extend_from_slice(&c.to_le_bytes());
    }
    page_case("utf16.md", &bytes, &["docs/utf16.md: error[unreadable-page]", "UTF-16"]);
    let mut be = vec![0xFE, 0xFF];
    for c in "# Title\n".encode_utf16() {
        be.extend_from_slice(&c.to_be_bytes());
    }
    page_case("utf16be.md", &be, &["docs/utf16be.md: error[unreadable-page]", "UTF-16"]);
}

#[test]
fn binary_file_named_md_is_an_unreadable_page() {
    page_case("logo.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0", &["docs/logo.md: error[unreadable-page]", "looks binary (NUL byte at offset 8)"]);
}

#[test]
fn nul_bytes_in_text_are_an_unreadable_page() {
    page_case("nul.md", b"# Title\n\nText\0more\n", &["docs/nul.md: error[unreadable-page]", "NUL byte at offset 13"]);
}

#[test]
fn page_over_max_page_bytes_is_reported_not_parsed() {
    let p = Project::with_manifest("[docs]\npages = { \"**/*.md\" = \"explanation\" }\nmax-page-bytes = 1000\n");
    // The big page has its own broken link: it must not be parsed, so no finding from it.
    let mut big = "# Big\n\n[gone](never-parsed.md)\n".to_owned();
    big.push_str(&"x".repeat(2000));
    p.write("docs/big.md", big.as_bytes());
    let run = p.check(&[]);
    assert_eq!(run.code, 1, "{run}");
    assert_known(&run);
    assert!(run.stdout.contains("docs/big.md: error[unreadable-page]: "), "{run}");
    assert!(run.stdout.contains("over `max-page-bytes` (1000)"), "{run}");
    assert!(!run.stdout.contains("never-parsed.md"), "{run}");
}

#[test]
fn default_size_limit_stops_an_11_mib_page() {
    let p = Project::new();
    p.write("docs/huge.md", "y".repeat(11 * 1024 * 1024).as_bytes());
    let run = p.check(&[]);
    assert_eq!(run.code, 1, "{run}");
    assert_known(&run);
    assert!(run.stdout.contains("docs/huge.md: error[unreadable-page]") && run.stdout.contains("over `max-page-bytes` (10485760)"), "{run}");
}

#[test]
fn fifty_thousand_nested_block_quotes() {
    let mut text = ">".repeat(50_000);
    text.push_str(" deep [q](deep-quote.md)\n");
    let run = page_case("quotes.md", text.as_bytes(), &[]);
    assert!(!run.stderr.contains("panicked"), "{run}");
}

#[test]
fn three_thousand_nested_list_levels() {
    // One line: 3,000 list markers open 3,000 nested lists.
    let mut one_line = "- ".repeat(3000);
    one_line.push_str("[l](deep-list.md)\n");
    page_case("lists.md", one_line.as_bytes(), &[]);
    // Indented: each level two spaces deeper.
    let mut indented = String::new();
    for i in 0..3000 {
        indented.push_str(&"  ".repeat(i));
        indented.push_str("- item\n");
    }
    page_case("lists2.md", indented.as_bytes(), &[]);
}

#[test]
fn one_megabyte_single_line() {
    let mut text = "word ".repeat(200_000);
    text.push_str("[end](far-away.md)");
    // Exact column: 1,000,000 characters and `[end](` before the destination.
    page_case("long.md", text.as_bytes(), &["docs/long.md:1:1000007: error[broken-link]: link target `far-away.md` does not exist"]);
}

#[test]
fn twenty_thousand_unclosed_brackets() {
    for (i, unit) in ["[", "![", "[a](", "<", "[a]: <", "`", "{ref}`", "(("].iter().enumerate() {
        let mut text = unit.repeat(20_000);
        text.push('\n');
        page_case(&format!("brackets{i}.md"), text.as_bytes(), &[]);
    }
}

#[test]
fn crlf_positions_are_exact() {
    page_case(
        "crlf.md",
        b"# Title\r\n\r\nText and [a](crlf-target.md).\r\n\r\nMore [b](second.md)\r\n",
        &["docs/crlf.md:3:14: error[broken-link]: link target `crlf-target.md`", "docs/crlf.md:5:10: error[broken-link]: link target `second.md`"],
    );
}

#[test]
fn mixed_and_lone_cr_positions_are_exact() {
    page_case(
        "mixed.md",
        b"# Title\r\rA [a](one.md)\nB\r\nC\rDD [b](two.md)\r",
        &["docs/mixed.md:3:7: error[broken-link]: link target `one.md`", "docs/mixed.md:6:8: error[broken-link]: link target `two.md`"],
    );
    page_case("lonecr.md", b"# T\r\rx [c](three.md)\r", &["docs/lonecr.md:3:7: error[broken-link]: link target `three.md`"]);
}

#[test]
fn bom_is_not_a_column() {
    page_case("bom.md", b"\xEF\xBB\xBF[a](bom-target.md)\r\n# T\r\n", &["docs/bom.md:1:5: error[broken-link]: link target `bom-target.md`"]);
    // A BOM before front matter still opens front matter.
    page_case(
        "bomfm.md",
        b"\xEF\xBB\xBF---\r\ntitle: T\r\n---\r\n\r\n\xc3\xa9 [a](fm-target.md)\r\n",
        &["docs/bomfm.md:5:7: error[broken-link]: link target `fm-target.md`"],
    );
}

#[test]
fn empty_file() {
    let run = page_case("empty.md", b"", &[]);
    assert!(!run.stdout.contains("docs/empty.md: error[unreadable-page]"), "{run}");
}

#[test]
fn front_matter_invalid_yaml() {
    page_case("fm.md", b"---\ntitle: [unclosed\n---\n# T\n\n[x](fm-link.md)\n", &["docs/fm.md:", "error[invalid-front-matter]", "link target `fm-link.md`"]);
}

#[test]
fn front_matter_never_closes() {
    page_case("open.md", b"---\ntitle: T\n\n# T\n\n[x](open-link.md)\n", &["docs/open.md:1:1: error[invalid-front-matter]", "never closes"]);
}

#[test]
fn awkward_file_names_resolve() {
    let p = Project::new();
    let names = ["my page.md", "\u{fc}n\u{ef}c\u{f6}d\u{e9}.md", "100%.md", "c#.md", "what?.md", "\u{65e5}\u{672c}.md"];
    for n in names {
        p.write(&format!("docs/{n}"), b"# Page\n");
    }
    p.write(
        "docs/links.md",
        "# Links\n\n[a](my%20page.md) [b](<my page.md>) [c](\u{fc}n\u{ef}c\u{f6}d\u{e9}.md) [d](100%25.md) [e](c%23.md) \
         [f](what%3F.md) [g](%E6%97%A5%E6%9C%AC.md) [h](100%.md)\n"
            .as_bytes(),
    );
    let run = p.check(&[]);
    assert_eq!(run.code, 1, "{run}");
    assert_known(&run);
    assert!(!run.stdout.lines().any(|l| l.starts_with("docs/links.md:") && l.contains("error")), "every awkward name resolves:\n{run}");
}

#[test]
fn two_thousand_nested_directories() {
    // As deep as a path allows (4,096 bytes): a recursive walk overflowed its thread's stack.
    let p = Project::new();
    let mut dir = p.path("docs");
    for level in 0..2000 {
        dir.push("d");
        if std::fs::create_dir(&dir).is_err() {
            assert!(level > 1000, "only {level} levels");
            dir.pop();
            break;
        }
    }
    std::fs::write(dir.join("bottom.md"), b"# Bottom\n").expect("write");
    let run = p.check(&[]);
    assert_eq!(run.code, 1, "{run}");
    assert_known(&run);
    assert!(run.stdout.contains("/d/bottom.md"), "{run}");
}

#[test]
fn page_names_that_are_not_utf8_are_named_as_such() {
    use std::os::unix::ffi::OsStrExt;
    let p = Project::new();
    let odd = std::ffi::OsStr::from_bytes(b"caf\xe9");
    std::fs::write(p.path("docs").join(std::ffi::OsStr::from_bytes(b"caf\xe9.md")), b"# Cafe\n").expect("write");
    std::fs::create_dir_all(p.path("docs").join(odd)).expect("mkdir");
    std::fs::write(p.path("docs").join(odd).join("inner.md"), b"# Inner\n").expect("write");
    let run = p.check(&[]);
    assert_eq!(run.code, 1, "{run}");
    assert_known(&run);
    // Before: "`caf\u{fffd}.md` cannot be read: No such file or directory", from opening the
    // lossy spelling of the name.
    assert!(run.stdout.contains("docs/caf\u{fffd}.md: error[unreadable-page]: `caf\u{fffd}.md` has a name that is not valid UTF-8"), "{run}");
    assert!(
        run.stdout.contains("docs/caf\u{fffd}/inner.md: error[unreadable-page]: `caf\u{fffd}/inner.md` lies in a directory whose name is not valid UTF-8"),
        "{run}"
    );
    assert!(!run.stdout.contains("No such file"), "{run}");
}

#[test]
fn symlink_loop_is_an_unreadable_page() {
    let p = Project::new();
    p.symlink("loop-b.md", "docs/loop-a.md");
    p.symlink("loop-a.md", "docs/loop-b.md");
    p.symlink(".", "docs/self"); // a directory loop: never descended
    p.symlink("../docs", "docs/up");
    let run = p.check(&[]);
    assert_eq!(run.code, 1, "{run}");
    assert_known(&run);
    assert!(run.stdout.contains("docs/loop-a.md: error[unreadable-page]: ") && run.stdout.contains("symlink loop"), "{run}");
    assert!(run.stdout.contains("docs/loop-b.md: error[unreadable-page]"), "{run}");
}

#[test]
fn symlink_to_a_file_outside_the_project() {
    let p = Project::new();
    let outside = p.outside_file("secret.md", b"# Secret\n\n[s](outside-link.md)\n");
    p.symlink(&outside, "docs/out.md");
    let run = p.check(&[]);
    assert_eq!(run.code, 1, "{run}");
    assert_known(&run);
    assert!(run.stdout.contains("docs/out.md: error[unreadable-page]") && run.stdout.contains("leaves the project directory"), "{run}");
    assert!(!run.stdout.contains("outside-link.md"), "the outside file was parsed:\n{run}");
}

#[test]
fn symlink_to_a_page_inside() {
    let p = Project::new();
    p.write("docs/real.md", b"# Real\n\n[r](real-link.md)\n");
    p.symlink("real.md", "docs/alias.md");
    let run = p.check(&[]);
    assert_eq!(run.code, 1, "{run}");
    assert_known(&run);
    assert!(!run.stdout.contains("unreadable-page"), "{run}");
    assert!(run.stdout.contains("docs/alias.md:3:5: error[broken-link]: link target `real-link.md`"), "{run}");
}

#[test]
fn unreadable_file_and_directory() {
    use std::os::unix::fs::PermissionsExt;
    if is_root() {
        println!("skipped: running as root, where chmod 000 does not stop reads");
        return;
    }
    let p = Project::new();
    p.write("docs/locked.md", b"# Locked\n");
    p.write("docs/closed/inner.md", b"# Inner\n");
    std::fs::set_permissions(p.path("docs/locked.md"), std::fs::Permissions::from_mode(0o000)).expect("chmod");
    std::fs::set_permissions(p.path("docs/closed"), std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let run = p.check(&[]);
    std::fs::set_permissions(p.path("docs/closed"), std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    assert_eq!(run.code, 1, "{run}");
    assert_known(&run);
    assert!(run.stdout.contains("docs/locked.md: error[unreadable-page]"), "{run}");
    assert!(run.stdout.contains("docs/closed"), "{run}");
}

#[test]
fn empty_manifest_uses_defaults() {
    let p = Project::with_manifest("");
    let run = p.check(&[]);
    assert_eq!(run.code, 1, "{run}");
    assert_known(&run);
}

#[test]
fn manifest_not_utf8_is_exit_2() {
    let p = Project::new();
    p.write("scope.toml", b"[docs]\nroot = \"d\xffocs\"\n");
    let run = p.check(&[]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stdout.is_empty(), "{run}");
    assert!(run.stderr.contains("scope.toml") && run.stderr.contains("not valid UTF-8 (first bad byte at offset 16)"), "{run}");
}

#[test]
fn ten_megabyte_manifests() {
    // Valid: 10 MB of comments.
    let mut text = "[docs]\npages = { \"**/*.md\" = \"explanation\" }\n".to_owned();
    let line = format!("# {}\n", "c".repeat(98));
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&line);
    }
    let p = Project::with_manifest(&text);
    let run = p.check(&[]);
    assert_eq!(run.code, 1, "{run}");
    assert_known(&run);

    // Invalid: 10 MB of unknown keys. Exit 2, a bounded message, no hang.
    let mut bad = "[docs]\n".to_owned();
    let mut i = 0;
    while bad.len() < 10 * 1024 * 1024 {
        bad.push_str(&format!("unknown-key-{i} = 1\n"));
        i += 1;
    }
    let p = Project::with_manifest(&bad);
    let run = p.check(&[]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stdout.is_empty(), "{run}");
    assert!(run.stderr.contains("unknown-key-0") && run.stderr.contains("more unknown keys in [docs]"), "{run}");

    // Invalid TOML: one 10 MB string that never closes.
    let mut open = "[docs]\nroot = \"".to_owned();
    open.push_str(&"z".repeat(10 * 1024 * 1024));
    let p = Project::with_manifest(&open);
    let run = p.check(&[]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stdout.is_empty(), "{run}");
    assert!(run.stderr.contains("scope.toml"), "{run}");
}

#[test]
fn fifty_thousand_equal_headings_in_every_slug_style() {
    for generator in ["plain", "mkdocs", "sphinx", "mdbook"] {
        let p = Project::with_manifest(&format!("[docs]\ngenerator = \"{generator}\"\npages = {{ \"**/*.md\" = \"explanation\" }}\n"));
        p.write("docs/same.md", "## Same\n".repeat(50_000).as_bytes());
        let run = p.check(&[]);
        assert_eq!(run.code, 1, "{generator}: {run}");
        assert_known(&run);
    }
}
