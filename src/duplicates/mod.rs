//! Duplicate detection over a whole tree: near-duplicate pages (`MinHash` + LSH, verified with
//! the exact Jaccard index of word 3-shingles) and shared passages (winnowed word k-grams,
//! extended to maximal runs), with boilerplate passages removed from both.
//!
//! Pipeline, near-linear in the number of words:
//! 1. per page (parallel): fold and hash words, hash word k-grams, winnow → fingerprints;
//! 2. one sorted fingerprint index; a fingerprint in `boilerplate-pages` pages seeds a
//!    boilerplate passage, extended word for word against the other pages;
//! 3. per page (parallel): shingles of the words outside boilerplate → `MinHash` signature;
//! 4. LSH bands → candidate pairs → exact Jaccard → near-duplicate pairs;
//! 5. fingerprints outside boilerplate shared by 2 to 32 pages seed passages between pages
//!    that are not near-duplicates, extended to maximal runs.
//!
//! Only fingerprints (about 5% of k-grams), LSH band hashes (256 bytes per page at the default
//! threshold) and the results stay in memory; word hashes and shingle sets live only while
//! their page is processed.

mod hash;
mod lsh;
mod minhash;
mod passage;
mod shingle;
pub mod topic;
mod winnow;

use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use crate::manifest::DuplicateSettings;

use crate::workspace::Workspace;

use passage::{Fingerprint, Index};

/// Words of a set of documents, by index. Implemented over pages without copying words.
pub trait Source: Sync {
    fn docs(&self) -> usize;
    fn len(&self, doc: usize) -> usize;
    fn word(&self, doc: usize, i: usize) -> &str;
    /// Makes the words of `docs` ready before they are read (a source that computes words on
    /// demand does it in parallel here, rather than one page at a time later).
    fn prefetch(&self, _docs: &[usize]) {}
}

impl<S: AsRef<str> + Sync> Source for [Vec<S>] {
    fn docs(&self) -> usize {
        <[Vec<S>]>::len(self)
    }
    fn len(&self, doc: usize) -> usize {
        self[doc].len()
    }
    fn word(&self, doc: usize, i: usize) -> &str {
        self[doc][i].as_ref()
    }
}

/// The prose words of a workspace's pages, extracted again (once per page, on first use, and
/// kept by the workspace) for the few pages whose words the analysis reads: those sharing
/// fingerprints.
struct PageWords<'a>(&'a Workspace);

impl Source for PageWords<'_> {
    fn docs(&self) -> usize {
        self.0.pages.len()
    }
    fn len(&self, doc: usize) -> usize {
        self.0.pages[doc].word_count
    }
    fn word(&self, doc: usize, i: usize) -> &str {
        self.0.words(doc).get(i).and_then(|w| self.0.pages[doc].text().get(w.range())).unwrap_or("")
    }
    fn prefetch(&self, docs: &[usize]) {
        docs.par_iter().for_each(|&doc| {
            let _ = self.0.words(doc);
        });
    }
}

/// Two pages at or over the similarity threshold (`a < b`, page indexes).
#[derive(Debug, Clone, PartialEq)]
pub struct NearPair {
    pub a: usize,
    pub b: usize,
    /// The exact Jaccard index of their shingle sets.
    pub similarity: f64,
}

/// A passage of at least `min-passage-words` words shared by two pages (`a < b`) that are not
/// near-duplicates. Word ranges index the pages' `words`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub a: usize,
    pub b: usize,
    pub a_words: Range<usize>,
    pub b_words: Range<usize>,
}

/// Everything the duplicate rules report from.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Per page, the word ranges removed as boilerplate.
    pub boilerplate: Vec<Vec<Range<u32>>>,
    /// Every near-duplicate pair, whatever the sections (rules apply `scope`), sorted.
    pub near: Vec<NearPair>,
    /// Every reportable shared passage, sorted by pages and position.
    pub passages: Vec<Passage>,
}

/// What one page contributes to the analysis, computed from its word hashes alone (so the
/// parse phase can compute it while the page is hot and drop the hashes): its winnowed
/// fingerprints and the LSH band hashes of its `MinHash` signature as if it had no
/// boilerplate.
#[derive(Debug, Clone, Default)]
pub struct Sketch {
    /// `(k-gram hash, word position)`, in position order.
    fingerprints: Vec<(u64, u32)>,
    /// LSH reads nothing else of the signature: the band hashes (32 of 4 bytes at the default
    /// threshold, where the signature is 128 of 4) are all a page carries of it.
    bands: Option<Box<[u32]>>,
}

impl Sketch {
    /// The sketch of a page from its word hashes ([`word_hash`]).
    #[must_use]
    pub fn of(words: &[u64], settings: &DuplicateSettings) -> Self {
        thread_local! {
            /// The k-gram buffer, reused from page to page on each thread.
            static KGRAMS: std::cell::Cell<Vec<u64>> = const { std::cell::Cell::new(Vec::new()) };
        }
        let (k, w) = winnow::parameters(settings.min_passage_words.max(1));
        let mut kgrams = KGRAMS.take();
        winnow::kgram_hashes_into(words, k, &mut kgrams);
        let fingerprints = winnow::winnow(&kgrams, w);
        KGRAMS.set(kgrams);
        let bands = signature_of(words, &[], settings.min_words).map(|s| lsh::bands_of(&s, lsh::Banding::for_threshold(settings.threshold)));
        Self { fingerprints, bands }
    }
}

pub use hash::{ascii_core_hash, ascii_short_hash, bytes_hash, word_hash};

/// Pages per parallel job when their fingerprints are gathered.
const FILL_RUN: usize = 1024;

/// Runs the whole analysis over any word source.
#[must_use]
pub fn analyse(src: &(impl Source + ?Sized), settings: &DuplicateSettings) -> Analysis {
    let sketches: Vec<Sketch> = (0..src.docs()).into_par_iter().map(|doc| Sketch::of(&doc_hashes(src, doc), settings)).collect();
    analyse_sketched(src, settings, sketches)
}

/// [`analyse`] with each page's [`Sketch`] already computed (parallel to the source's docs).
#[must_use]
pub fn analyse_sketched(src: &(impl Source + ?Sized), settings: &DuplicateSettings, sketches: Vec<Sketch>) -> Analysis {
    let t = settings.min_passage_words.max(1);
    // A passage in one page is no evidence of anything: boilerplate needs at least two.
    let pages = settings.boilerplate_pages.max(2);
    let (k, _) = winnow::parameters(t);
    let (fingerprints, unbounded_bands) = crate::timings::phase("dup: collect", || {
        // One allocation of the exact size: collecting in parallel built per-thread pieces and
        // copied them again (160 ms and 100 MiB of fresh memory at 100k pages, with the
        // signature copies below). Runs of pages fill disjoint parts of it in parallel (one
        // thread took 31 ms at 100k pages, a cache miss per page).
        let total = sketches.iter().map(|s| s.fingerprints.len()).sum();
        let mut fingerprints = vec![Fingerprint { hash: 0, doc: 0, pos: 0 }; total];
        let mut parts: Vec<(usize, &mut [Fingerprint])> = Vec::new();
        let mut rest = fingerprints.as_mut_slice();
        for (run, pages) in sketches.chunks(FILL_RUN).enumerate() {
            let (part, tail) = rest.split_at_mut(pages.iter().map(|s| s.fingerprints.len()).sum());
            parts.push((run * FILL_RUN, part));
            rest = tail;
        }
        parts.into_par_iter().for_each(|(first, part)| {
            let all = sketches[first..].iter().enumerate().flat_map(|(i, s)| s.fingerprints.iter().map(move |&(hash, pos)| (first + i, hash, pos)));
            for (slot, (doc, hash, pos)) in part.iter_mut().zip(all) {
                *slot = Fingerprint { hash, doc: doc as u32, pos };
            }
        });
        // The boxes move, the band hashes stay where parsing put them: LSH reads each page's
        // once.
        let unbounded_bands: Vec<Option<Box<[u32]>>> = sketches.into_iter().map(|s| s.bands).collect();
        (fingerprints, unbounded_bands)
    });
    let index = crate::timings::phase("dup: index", || Index::new(fingerprints));
    // Every page that shares a fingerprint has its words read below: ready them all at once.
    crate::timings::phase("dup: prefetch", || src.prefetch(&index.docs()));
    let boilerplate = crate::timings::phase("dup: boilerplate", || passage::boilerplate(src, &index, k, t, pages));

    let near = crate::timings::phase("dup: near", || near_duplicates(src, &boilerplate, settings, unbounded_bands));
    let is_near = |a: u32, b: u32| near.binary_search_by(|p| (p.a, p.b).cmp(&(a as usize, b as usize))).is_ok();
    let runs = crate::timings::phase("dup: passages", || passage::shared_runs(src, &index, &boilerplate, k, t, pages, &is_near));
    let mut passages: Vec<Passage> = runs.into_iter().map(|r| Passage { a: r.a as usize, b: r.b as usize, a_words: r.a_words, b_words: r.b_words }).collect();
    passages.sort_by_key(|p| (p.a, p.b, p.a_words.start, p.b_words.start));
    Analysis { boilerplate, near, passages }
}

fn doc_hashes(src: &(impl Source + ?Sized), doc: usize) -> Vec<u64> {
    (0..src.len(doc)).map(|i| hash::word_hash(src.word(doc, i))).collect()
}

/// How many of a page's `len` words lie outside its (sorted, disjoint) boilerplate ranges.
fn kept_words(len: usize, boilerplate: &[Range<u32>]) -> usize {
    let removed: usize = boilerplate.iter().map(|r| (r.end as usize).min(len).saturating_sub(r.start as usize)).sum();
    len.saturating_sub(removed)
}

/// The words outside boilerplate, as segments (shingles never span a removed passage).
fn segments<'w>(words: &'w [u64], boilerplate: &[Range<u32>]) -> Vec<&'w [u64]> {
    let mut segments: Vec<&[u64]> = Vec::new();
    let mut start = 0;
    for r in boilerplate {
        let (s, e) = ((r.start as usize).min(words.len()), (r.end as usize).min(words.len()));
        segments.push(&words[start.min(s)..s]);
        start = e;
    }
    segments.push(&words[start.min(words.len())..]);
    segments
}

/// The `MinHash` signature of a page without its boilerplate, or `None` when fewer than
/// `min_words` words remain or no shingle does. One-permutation hashing keeps a minimum per
/// bin, so shingles need no sorting or deduplication here.
fn signature_of(words: &[u64], boilerplate: &[Range<u32>], min_words: usize) -> Option<minhash::Signature> {
    const _: () = assert!(shingle::SHINGLE == 3, "the single-segment loop zips three slices");
    if kept_words(words.len(), boilerplate) < min_words.max(1) {
        return None;
    }
    let segments = segments(words, boilerplate);
    if segments.iter().all(|s| s.len() < shingle::SHINGLE) {
        return None;
    }
    // Most pages have no boilerplate: one segment, a plain loop the compiler can pipeline.
    Some(match segments.as_slice() {
        // Three offset slices zipped: no bounds check or slice per shingle (equal to
        // `windows(SHINGLE).map(shingle_hash)`: `signature_of_zips_the_windows` holds it).
        [whole] => minhash::signature(whole.iter().zip(&whole[1..]).zip(&whole[2..]).map(|((&a, &b), &c)| shingle::shingle_hash(&[a, b, c]))),
        _ => minhash::signature(segments.iter().flat_map(|s| s.windows(shingle::SHINGLE).map(shingle::shingle_hash))),
    })
}

/// The shingle set of a page without its boilerplate, or `None` when fewer than `min_words`
/// words remain (such pages are not compared).
fn shingles(src: &(impl Source + ?Sized), doc: usize, boilerplate: &[Range<u32>], min_words: usize) -> Option<Vec<u64>> {
    let words = doc_hashes(src, doc);
    if kept_words(words.len(), boilerplate) < min_words.max(1) {
        return None;
    }
    let set = shingle::shingle_set(segments(&words, boilerplate));
    (!set.is_empty()).then_some(set)
}

/// Near-duplicate pairs: `MinHash` per page, LSH candidates, exact Jaccard on the candidates.
fn near_duplicates(
    src: &(impl Source + ?Sized),
    boilerplate: &[Vec<Range<u32>>],
    settings: &DuplicateSettings,
    mut bands: Vec<Option<Box<[u32]>>>,
) -> Vec<NearPair> {
    let banding = lsh::Banding::for_threshold(settings.threshold);
    // Band hashes computed without boilerplate removal stay valid for pages that have none.
    bands.par_iter_mut().enumerate().filter(|(doc, _)| !boilerplate[*doc].is_empty()).for_each(|(doc, b)| {
        *b = signature_of(&doc_hashes(src, doc), &boilerplate[doc], settings.min_words).map(|s| lsh::bands_of(&s, banding));
    });
    let candidates = crate::timings::phase("dup: lsh", || lsh::candidates(&mut bands, banding));
    if crate::timings::enabled() {
        let _ = std::io::Write::write_fmt(&mut std::io::stderr(), format_args!("doclint timing: dup: {} candidate pairs\n", candidates.len()));
    }
    drop(bands);
    // Shingle sets again, only for pages in a candidate pair, one pass each.
    let mut involved: Vec<u32> = candidates.iter().flat_map(|&(a, b)| [a, b]).collect();
    involved.sort_unstable();
    involved.dedup();
    let sets: Vec<Vec<u64>> =
        involved.par_iter().map(|&doc| shingles(src, doc as usize, &boilerplate[doc as usize], settings.min_words).unwrap_or_default()).collect();
    let set_of = |doc: u32| involved.binary_search(&doc).map_or(&[][..], |i| sets[i].as_slice());
    candidates
        .par_iter()
        .filter_map(|&(a, b)| {
            let similarity = shingle::jaccard(set_of(a), set_of(b));
            (similarity >= settings.threshold).then_some(NearPair { a: a as usize, b: b as usize, similarity })
        })
        .collect()
}

/// The analysis of a workspace, computed once per workspace (near-duplicate and
/// duplicate-passage both read it). `check::run` computes it before rules run in parallel, so
/// no rayon job ever waits on its initialisation.
pub fn of_workspace(ws: &Workspace) -> Arc<Analysis> {
    if ws.pages.is_empty() {
        return Arc::default();
    }
    Arc::clone(ws.duplicates.get_or_init(|| {
        let src = PageWords(ws);
        // Sketches come from the parse phase unless pages were parsed without them.
        let sketches = ws.take_sketches();
        Arc::new(if sketches.len() == ws.pages.len() {
            analyse_sketched(&src, &ws.settings.duplicates, sketches)
        } else {
            analyse(&src, &ws.settings.duplicates)
        })
    }))
}

#[cfg(test)]
mod tests;
