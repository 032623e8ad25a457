//! Where the parse phase spends its time, one component at a time, single-threaded, on texts
//! already in memory: `cargo run --release --example parse_parts -- DOCS_DIR`.

use std::time::Instant;

use doclint::page::{self, ParseOptions, SlugStyle};
use pulldown_cmark::{Event, Options, Parser};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: parse_parts DOCS_DIR");
        std::process::exit(2);
    };
    let files: Vec<_> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md" || x == "mdx"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    // With a manifest beside the docs (a generated tree), time doclint's own walk too.
    let manifest = std::path::Path::new(&dir).parent().map(|p| p.join("scope.toml")).filter(|m| m.is_file());
    if let Some(settings) = manifest.and_then(|m| doclint::manifest::load(&m, "scope.toml").ok()) {
        sink_walk(time("walk (doclint)", || {
            let mut pages = 0;
            doclint::walk::discover(&settings, |_| pages += 1).map_or(0, |t| t.entries.len() + pages)
        }));
    }
    time("walk (walkdir)", || walkdir::WalkDir::new(&dir).into_iter().filter_map(Result::ok).count());
    let texts: Vec<String> = time("read", || files.iter().filter_map(|f| std::fs::read_to_string(f).ok()).collect());
    let mut sink = 0usize;
    sink += time("pulldown-cmark, no offsets", || {
        texts.iter().map(|s| Parser::new_ext(s, Options::all()).filter(|e| matches!(e, Event::Start(_))).count()).sum::<usize>()
    });
    sink += time("pulldown-cmark, offsets", || {
        texts.iter().map(|s| Parser::new_ext(s, Options::all()).into_offset_iter().map(|(_, r)| r.start & 1).sum::<usize>()).sum::<usize>()
    });
    sink += time("front matter", || texts.iter().map(|s| page::frontmatter::parse(s, "content_type").body_start).sum::<usize>());
    let opts = ParseOptions { slug: SlugStyle::Github, content_type_key: "content_type".into(), nav: false, duplicates: None };
    sink += time("markdown::extract", || texts.iter().map(|s| page::markdown::extract(s, 0, &opts).words.len()).sum::<usize>());
    sink += time("page::parse", || texts.iter().map(|s| page::parse(String::new(), String::new(), s.clone(), false, &opts).word_count).sum::<usize>());
    let opts = ParseOptions { duplicates: Some(doclint::manifest::DuplicateSettings::default()), ..opts };
    sink += time("page::parse + sketch", || texts.iter().map(|s| page::parse(String::new(), String::new(), s.clone(), false, &opts).word_count).sum::<usize>());
    println!("{} pages ({sink})", texts.len());
}

fn sink_walk(n: usize) {
    println!("{n} entries");
}

/// Runs and times one part; `PART=<prefix>` runs only the parts whose name starts with it
/// (for a profiler), the others return the default.
fn time<T: Default>(name: &str, f: impl FnOnce() -> T) -> T {
    if std::env::var("PART").is_ok_and(|p| name != "read" && !name.starts_with(&p)) {
        return T::default();
    }
    let start = Instant::now();
    let out = f();
    println!("{name:<28} {:>9.2} ms", start.elapsed().as_secs_f64() * 1000.0);
    out
}
