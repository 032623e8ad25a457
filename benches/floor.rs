//! The reference floor (../shared/floor/README.md): walk a tree, read every `.md`/`.mdx` file
//! and run it once through pulldown-cmark (`Options::all()`, no offsets), counting links and
//! headings; `-j N` splits the files over N threads. Built in the same release profile as
//! doclint so benchmark ratios compare like with like.
//!
//!     cargo run --release --example floor -- DOCS_DIR -j 2

use pulldown_cmark::{Event, Options, Parser, Tag};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).expect("usage: floor DOCS_DIR [-j N]");
    let threads: usize = args.iter().position(|a| a == "-j").and_then(|i| args.get(i + 1)).and_then(|n| n.parse().ok()).unwrap_or(1);
    let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md" || x == "mdx"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let chunk = files.len().div_ceil(threads.max(1)).max(1);
    let (links, headings) = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let (mut links, mut headings) = (0usize, 0usize);
                    for f in part {
                        let Ok(text) = std::fs::read_to_string(f) else { continue };
                        for event in Parser::new_ext(&text, Options::all()) {
                            match event {
                                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => links += 1,
                                Event::Start(Tag::Heading { .. }) => headings += 1,
                                _ => {}
                            }
                        }
                    }
                    (links, headings)
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    println!("{} files, {links} links, {headings} headings", files.len());
}
