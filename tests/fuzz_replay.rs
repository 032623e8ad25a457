//! Replays the fuzz seeds (`fuzz/seeds/<target>/`) and every input a fuzzer ever crashed on
//! (`fuzz/regressions/<target>/`, none so far) through the same calls as the cargo-fuzz
//! targets, on stable, so CI keeps them fixed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use doclint::page::{ParseOptions, SlugStyle};

const STYLES: [SlugStyle; 4] = [SlugStyle::Github, SlugStyle::Mkdocs, SlugStyle::Myst, SlugStyle::Gitlab];

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out = Vec::new();
    for kind in ["seeds", "regressions"] {
        let Ok(dir) = std::fs::read_dir(fuzz.join(kind).join(target)) else { continue };
        for entry in dir.flatten() {
            out.push((entry.path(), std::fs::read(entry.path()).expect("read input")));
        }
    }
    out.sort();
    out
}

/// Same as `fuzz_targets/page_parse.rs`.
fn page_parse(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else { return };
    let Ok((text, bom)) = doclint::text::decode(rest.to_vec()) else { return };
    let opts = ParseOptions { slug: STYLES[usize::from(first & 3)], content_type_key: "content_type".to_owned(), nav: first & 4 != 0, duplicates: None };
    let page = doclint::page::parse("dir/page.md".to_owned(), "docs/dir/page.md".to_owned(), text, bom, &opts);
    for r in &page.references {
        assert!(r.span.start <= r.span.end && r.span.end <= page.text().len(), "reference span out of the text: {r:?}");
        let _ = page.span(r.span.clone());
    }
}

/// Same as `fuzz_targets/manifest.rs`.
fn manifest(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let text: Arc<str> = Arc::from(text);
    match doclint::manifest::parse_str(
        &text,
        "scope.toml",
        "scope.toml",
        PathBuf::from("/nonexistent/project"),
        PathBuf::from("/nonexistent/project/scope.toml"),
    ) {
        Ok(settings) => {
            for p in ["index.md", "a/b.md", "guide/x/y.md", ""] {
                let _ = settings.section_of(p);
                let _ = settings.moved_to(p);
            }
        }
        Err(e) => {
            let _ = doclint::cli::render_load_error(&e, false);
        }
    }
}

#[test]
fn page_parse_inputs() {
    let all = inputs("page_parse");
    assert!(!all.is_empty(), "no page_parse seeds");
    for (path, data) in all {
        let result = std::panic::catch_unwind(|| page_parse(&data));
        assert!(result.is_ok(), "page_parse panicked on {}", path.display());
    }
}

#[test]
fn manifest_inputs() {
    let all = inputs("manifest");
    assert!(!all.is_empty(), "no manifest seeds");
    for (path, data) in all {
        let result = std::panic::catch_unwind(|| manifest(&data));
        assert!(result.is_ok(), "manifest panicked on {}", path.display());
    }
}
