//! Same bytes every run, whatever the thread count.

use std::path::Path;

use doclint::check::{self, CheckOptions};
use doclint::render::{self, Format, RenderOptions};
use doclint::workspace::{Texts, Workspace};

fn render_all(manifest: &Path, threads: usize) -> Vec<String> {
    render_with(manifest, threads, Texts::BySize)
}

fn render_with(manifest: &Path, threads: usize, texts: Texts) -> Vec<String> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
    pool.install(|| {
        let settings = doclint::manifest::load(manifest, "scope.toml").expect("manifest");
        let ws = Workspace::load_with(settings, texts).expect("tree");
        let report = check::report(&ws, &CheckOptions::default(), String::new(), "scope.toml".to_owned());
        [Format::Json, Format::Human, Format::Short, Format::Sarif, Format::Github, Format::Junit]
            .iter()
            .map(|f| render::render(*f, &report, RenderOptions::default()))
            .collect()
    })
}

#[test]
fn output_is_identical_across_thread_counts_and_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for entry in walkdir::WalkDir::new(&root).min_depth(3).max_depth(3) {
        let entry = entry.expect("walk");
        if entry.file_name() != "scope.toml" {
            continue;
        }
        let one = render_all(entry.path(), 1);
        assert!(!one[0].is_empty());
        for threads in [2, 8] {
            assert_eq!(one, render_all(entry.path(), threads), "{} differs with {threads} threads", entry.path().display());
        }
        assert_eq!(one, render_all(entry.path(), 1), "{} differs between runs", entry.path().display());
        // Texts let go and read again for findings (what large trees do) give the same bytes.
        assert_eq!(one, render_with(entry.path(), 2, Texts::Release), "{} differs with texts read again", entry.path().display());
    }
}
