//! Page parsing: decoding, front matter, Markdown/MyST extraction, references, slugging, and
//! line/column positions of every span.
#![no_main]

use doclint::page::{ParseOptions, SlugStyle, slug::Slugger};
use libfuzzer_sys::fuzz_target;

const STYLES: [SlugStyle; 4] = [SlugStyle::Github, SlugStyle::Mkdocs, SlugStyle::Myst, SlugStyle::Gitlab];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let Ok((text, bom)) = doclint::text::decode(rest.to_vec()) else { return };
    let opts = ParseOptions { slug: STYLES[usize::from(first & 3)], content_type_key: "content_type".to_owned(), nav: first & 4 != 0, duplicates: None };
    let page = doclint::page::parse("dir/page.md".to_owned(), "docs/dir/page.md".to_owned(), text, bom, &opts);
    for r in &page.references {
        assert!(r.span.start <= r.span.end && r.span.end <= page.text().len(), "reference span out of the text: {r:?}");
        let _ = page.span(r.span.clone());
    }
    for h in &page.headings() {
        assert!(h.span.end <= page.text().len());
        let _ = page.span(h.span.clone());
    }
    // Slugs: never panic, deterministic.
    let mut a = Slugger::new(opts.slug);
    let mut b = Slugger::new(opts.slug);
    for line in page.text().lines().take(64) {
        assert_eq!(a.slug(line), b.slug(line));
    }
});
