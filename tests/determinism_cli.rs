//! Byte-identical output from the binary with 1, 2 and 8 threads, and whatever order the
//! tree's files were created in, on a generated tree of ~300 pages with findings of many rules.

mod common;

use std::path::Path;

const SECTIONS: usize = 5;
const PAGES: usize = 58;

fn manifest() -> String {
    let mut m = String::from("[docs]\npages = { \"index.md\" = \"explanation\" }\n");
    for s in 0..SECTIONS {
        let links_to = if s == 0 { "links-to = [\"s1\"]\n" } else { "" };
        m.push_str(&format!("[sections.s{s}]\ntitle = \"S{s}\"\nmax-pages = 40\n{links_to}pages = {{ \"index.md\" = \"explanation\", \"*.md\" = \"how-to\", \"planned.md\" = {{ type = \"how-to\", status = \"planned\" }}, \"missing-{s}.md\" = \"reference\" }}\n"));
    }
    m.push_str("[[moved]]\nfrom = \"s0/p1.md\"\nto = \"s1/p1.md\"\n[[moved]]\nfrom = \"s2/gone.md\"\n");
    m
}

/// Every file of the tree: (project-relative path, text).
fn files() -> Vec<(String, String)> {
    let mut out = vec![("scope.toml".to_owned(), manifest()), ("docs/index.md".to_owned(), "# Home\n\n[S0](s0/index.md)\n".to_owned())];
    for s in 0..SECTIONS {
        out.push((format!("docs/s{s}/index.md"), format!("# Section {s}\n\n[first](p0.md)\n")));
        for p in 0..PAGES {
            let ty = match p % 7 {
                1 => "bogus-type",
                2 => "tutorial",
                _ => "how-to",
            };
            let other = (s + 1 + p % 3) % SECTIONS;
            let body = format!(
                "---\ncontent_type: {ty}\n---\n\n# Page {p}\n\n## Part {p}\n\nSee [next](p{next}.md#part-{next}), [bad anchor](p{next}.md#nope-{p}), \
                 [other](../s{other}/p{p}.md), [missing](gone-{p}.md), [up](../../../../x-{p}.md), [moved](../s0/p1.md), [removed](../s2/gone.md).\n\n\
                 Shared boilerplate paragraph about configuration that appears in many pages of this generated tree for duplicate detection.\n",
                next = (p + 1) % PAGES
            );
            out.push((format!("docs/s{s}/p{p}.md"), body));
        }
    }
    out.push(("docs/extra/stray.md".to_owned(), "# Stray\n\n[x](nowhere.md)\n".to_owned()));
    out.push(("docs/extra/more/deep.md".to_owned(), "---\ntitle: [unclosed\n---\n# Deep\n".to_owned()));
    out
}

fn create(dir: &Path, files: &[(String, String)]) {
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

#[test]
fn cli_output_is_identical_across_threads_and_creation_order() {
    let files = files();
    let forward = tempfile::tempdir().expect("tempdir");
    create(forward.path(), &files);
    let backward = tempfile::tempdir().expect("tempdir");
    let mut reversed = files.clone();
    reversed.reverse();
    create(backward.path(), &reversed);

    for format in ["json", "human", "sarif"] {
        let reference = common::run(forward.path(), &["check", "--format", format], &[("RAYON_NUM_THREADS", "1")]);
        assert_eq!(reference.code, 1, "{reference}");
        if format == "json" {
            let rules: std::collections::BTreeSet<&str> = reference.stdout.lines().filter_map(|l| l.trim().strip_prefix("\"rule\": \"")).collect();
            assert!(rules.len() >= 8, "the tree should trigger many rules, got {rules:?}");
            assert!(reference.stdout.matches("\"rule\":").count() > 500, "the tree should give many findings");
        }
        for (dir, threads) in [(forward.path(), "2"), (forward.path(), "8"), (backward.path(), "1"), (backward.path(), "8")] {
            let other = common::run(dir, &["check", "--format", format], &[("RAYON_NUM_THREADS", threads)]);
            assert!(other.stdout == reference.stdout, "{format} output differs with {threads} threads in {}", dir.display());
            assert_eq!(other.code, reference.code);
        }
    }
}
