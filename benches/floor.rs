//! The reference floor, verbatim from `../shared/floor/src/main.rs` (its README defines it:
//! walk, read every `.md`/`.mdx` file, one pulldown-cmark pass with `Options::all()` and no
//! offsets, count links and headings; `-j N` splits the files over N threads). A copy, so that
//! the benchmark runs from a fresh clone; built in doclint's release profile (LTO, one codegen
//! unit, as the reference's).
//!
//!     cargo run --release --example floor -- DOCS_DIR -j 2
//!
//! Not rewritten in this project's style on purpose: an earlier tidier version read files
//! with `read_to_string` instead of `fs::read` + `from_utf8_lossy`, and that alone made it
//! about 6% faster than the reference (43.5 ms against 46.0 ms on the 10k tree, 30 runs each),
//! which overstated every ratio to the floor. Hence no lints either.
#![allow(clippy::all, clippy::pedantic)]
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::{env, fs, thread};
use walkdir::WalkDir;

fn parse(files: &[std::path::PathBuf]) -> (usize, usize, usize) {
    let (mut bytes, mut links, mut heads) = (0, 0, 0);
    for f in files {
        let Ok(raw) = fs::read(f) else { continue };
        bytes += raw.len();
        let text = String::from_utf8_lossy(&raw);
        for ev in Parser::new_ext(&text, Options::all()) {
            match ev {
                Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. }) => links += 1,
                Event::Start(Tag::Heading { .. }) => heads += 1,
                _ => {}
            }
        }
    }
    (bytes, links, heads)
}

fn main() {
    let args: Vec<String> = env::args().collect();
    let root = args.get(1).expect("usage: floor DIR [-j N]");
    let jobs: usize = args.iter().position(|a| a == "-j").map(|i| args[i + 1].parse().unwrap()).unwrap_or(1);
    let files: Vec<_> = WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md" || x == "mdx"))
        .map(|e| e.into_path())
        .collect();
    let chunk = files.len().div_ceil(jobs.max(1)).max(1);
    let totals = thread::scope(|s| {
        let hs: Vec<_> = files.chunks(chunk).map(|c| s.spawn(move || parse(c))).collect();
        hs.into_iter().map(|h| h.join().unwrap()).fold((0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
    });
    println!("files={} bytes={} links={} headings={}", files.len(), totals.0, totals.1, totals.2);
}
