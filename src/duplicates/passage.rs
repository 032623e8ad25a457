//! Shared passages: the fingerprint index, boilerplate detection and the extension of shared
//! fingerprints to maximal runs of words.

use std::ops::Range;

use rayon::prelude::*;

use super::Source;
use super::hash::same_word;

/// One winnowed fingerprint: the hash of the k-gram starting at word `pos` of page `doc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Fingerprint {
    pub(crate) hash: u64,
    pub(crate) doc: u32,
    pub(crate) pos: u32,
}

/// Fingerprints sorted by hash, then page and position; equal hashes form groups.
pub(crate) struct Index {
    entries: Vec<Fingerprint>,
    /// Each group's range in `entries` and how many distinct pages it spans.
    groups: Vec<(Range<usize>, usize)>,
}

/// How often one page may contribute the same k-gram to a group: a phrase repeated within
/// a page must not multiply the seeds of a pair.
const MAX_OCCURRENCES_PER_PAGE: usize = 4;

/// The most pages a fingerprint may be shared by and still seed pairwise passages. A k-gram in
/// `boilerplate-pages` or more pages that is not boilerplate (the pages agree on fewer than
/// `t` words around it) may still sit in a passage two of them share: it seeds too, or which
/// passages are found would depend on where winnowing's minima fall. Beyond this many pages
/// a k-gram is a stock phrase, and seeding every pair would be quadratic.
const MAX_SEED_PAGES: usize = 32;

impl Index {
    #[must_use]
    pub(crate) fn new(mut entries: Vec<Fingerprint>) -> Self {
        entries.par_sort_unstable();
        let mut groups = Vec::new();
        let mut start = 0;
        for chunk in entries.chunk_by(|a, b| a.hash == b.hash) {
            let docs = 1 + chunk.windows(2).filter(|w| w[0].doc != w[1].doc).count();
            if docs > 1 {
                groups.push((start..start + chunk.len(), docs));
            }
            start += chunk.len();
        }
        Self { entries, groups }
    }

    /// The pages holding a fingerprint that another page also holds, sorted.
    pub(crate) fn docs(&self) -> Vec<usize> {
        let mut docs: Vec<usize> = self.groups.iter().flat_map(|(r, _)| self.entries[r.clone()].iter().map(|f| f.doc as usize)).collect();
        docs.sort_unstable();
        docs.dedup();
        docs
    }

    /// Groups shared by at least `min` and fewer than `max` pages.
    fn groups(&self, min: usize, max: usize) -> impl Iterator<Item = &[Fingerprint]> {
        self.groups.iter().filter(move |(_, d)| (min..max).contains(d)).map(|(r, _)| &self.entries[r.clone()])
    }
}

/// The maximal run of equal words through k-grams at `a.pos` and `b.pos`, as word ranges in
/// each page; `None` when the k-grams differ (a hash collision). `stop` ends a run at a word
/// (boilerplate) in either page.
pub(crate) fn extend(
    src: &(impl Source + ?Sized),
    a: (usize, usize),
    b: (usize, usize),
    k: usize,
    stop: &impl Fn(usize, usize) -> bool,
) -> Option<(Range<usize>, Range<usize>)> {
    let ((da, pa), (db, pb)) = (a, b);
    let same = |i: usize, j: usize| same_word(src.word(da, i), src.word(db, j)) && !stop(da, i) && !stop(db, j);
    if pa + k > src.len(da) || pb + k > src.len(db) || !(0..k).all(|o| same(pa + o, pb + o)) {
        return None;
    }
    let mut left = 0;
    while left < pa.min(pb) && same(pa - left - 1, pb - left - 1) {
        left += 1;
    }
    let mut right = k;
    while pa + right < src.len(da) && pb + right < src.len(db) && same(pa + right, pb + right) {
        right += 1;
    }
    Some((pa - left..pa + right, pb - left..pb + right))
}

/// Whether word `i` lies in one of the sorted, disjoint `ranges`.
#[must_use]
pub(crate) fn covered(ranges: &[Range<u32>], i: usize) -> bool {
    let i = i as u32;
    let at = ranges.partition_point(|r| r.end <= i);
    ranges.get(at).is_some_and(|r| r.start <= i)
}

/// Sorts and merges ranges.
fn merge(mut ranges: Vec<Range<u32>>) -> Vec<Range<u32>> {
    ranges.sort_unstable_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<u32>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Boilerplate: per page, the word ranges of passages of at least `t` words that at least
/// `pages` pages share. A fingerprint in that many pages is extended against the first
/// `pages - 1` other pages holding it; the words all of them agree on are boilerplate.
#[must_use]
pub(crate) fn boilerplate(src: &(impl Source + ?Sized), index: &Index, k: usize, t: usize, pages: usize) -> Vec<Vec<Range<u32>>> {
    let mut by_doc: Vec<(u32, u32, usize)> = Vec::new();
    for (g, group) in index.groups(pages, usize::MAX).enumerate() {
        by_doc.extend(group.iter().map(|f| (f.doc, f.pos, g)));
    }
    let groups: Vec<&[Fingerprint]> = index.groups(pages, usize::MAX).collect();
    by_doc.par_sort_unstable();
    let marked: Vec<(u32, Vec<Range<u32>>)> = by_doc
        .par_chunk_by(|a, b| a.0 == b.0)
        .map(|occurrences| {
            let doc = occurrences[0].0 as usize;
            let mut ranges: Vec<Range<u32>> = Vec::new();
            for &(_, pos, g) in occurrences {
                let pos = pos as usize;
                if ranges.iter().any(|r| r.start as usize <= pos && pos + k <= r.end as usize) {
                    continue;
                }
                if let Some(r) = agreed_run(src, groups[g], doc, pos, k, pages - 1) {
                    if r.len() >= t {
                        ranges.push(r.start as u32..r.end as u32);
                    }
                }
            }
            (doc as u32, merge(ranges))
        })
        .collect();
    let mut out = vec![Vec::new(); src.docs()];
    for (doc, ranges) in marked {
        out[doc as usize] = ranges;
    }
    out
}

/// The run around the k-gram at `pos` of `doc` that `others` other pages of `group` share
/// word for word, in `doc`'s words; `None` when fewer pages really share the k-gram.
fn agreed_run(src: &(impl Source + ?Sized), group: &[Fingerprint], doc: usize, pos: usize, k: usize, others: usize) -> Option<Range<usize>> {
    let mut run = 0..usize::MAX;
    let mut agreed = 0;
    let mut last_doc = None;
    for f in group {
        if agreed == others {
            break;
        }
        if f.doc as usize == doc || last_doc == Some(f.doc) {
            continue;
        }
        if let Some((r, _)) = extend(src, (doc, pos), (f.doc as usize, f.pos as usize), k, &|_, _| false) {
            last_doc = Some(f.doc);
            run = run.start.max(r.start)..run.end.min(r.end);
            agreed += 1;
        }
    }
    (agreed == others).then_some(run)
}

/// A passage shared by two pages: word ranges in each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SharedRun {
    pub(crate) a: u32,
    pub(crate) b: u32,
    pub(crate) a_words: Range<usize>,
    pub(crate) b_words: Range<usize>,
}

/// Maximal runs of at least `t` words shared by two pages, outside boilerplate, between page
/// pairs for which `skip_pair` is false (the near-duplicates). Seeds are the fingerprints
/// outside boilerplate shared by two to [`MAX_SEED_PAGES`] pages.
#[must_use]
pub(crate) fn shared_runs(
    src: &(impl Source + ?Sized),
    index: &Index,
    boilerplate: &[Vec<Range<u32>>],
    k: usize,
    t: usize,
    pages: usize,
    skip_pair: &(impl Fn(u32, u32) -> bool + Sync),
) -> Vec<SharedRun> {
    let is_boilerplate = |doc: usize, i: usize| covered(&boilerplate[doc], i);
    let mut seeds: Vec<(u32, u32, u32, u32)> = Vec::new();
    for group in index.groups(2, pages.max(MAX_SEED_PAGES) + 1) {
        let mut occ: Vec<Fingerprint> = Vec::new();
        for same_doc in group.chunk_by(|x, y| x.doc == y.doc) {
            occ.extend(same_doc.iter().take(MAX_OCCURRENCES_PER_PAGE).filter(|f| !is_boilerplate(f.doc as usize, f.pos as usize)));
        }
        for (i, x) in occ.iter().enumerate() {
            for y in &occ[i + 1..] {
                if x.doc != y.doc && !skip_pair(x.doc, y.doc) {
                    seeds.push((x.doc, y.doc, x.pos, y.pos));
                }
            }
        }
    }
    seeds.par_sort_unstable();
    seeds.dedup();
    seeds
        .par_chunk_by(|x, y| (x.0, x.1) == (y.0, y.1))
        .flat_map_iter(|pair| {
            let (a, b) = (pair[0].0, pair[0].1);
            let mut runs: Vec<SharedRun> = Vec::new();
            for &(_, _, pa, pb) in pair {
                let (pa, pb) = (pa as usize, pb as usize);
                let seen = runs.iter().any(|r| r.a_words.start + pb == pa + r.b_words.start && r.a_words.start <= pa && pa + k <= r.a_words.end);
                if seen {
                    continue;
                }
                let Some((ra, rb)) = extend(src, (a as usize, pa), (b as usize, pb), k, &is_boilerplate) else { continue };
                let contained =
                    runs.iter().any(|r| r.a_words.start <= ra.start && ra.end <= r.a_words.end && r.b_words.start <= rb.start && rb.end <= r.b_words.end);
                if ra.len() >= t && !contained {
                    runs.push(SharedRun { a, b, a_words: ra, b_words: rb });
                }
            }
            runs
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_and_covers() {
        let m = merge(vec![5..9, 0..2, 1..3, 9..10]);
        assert_eq!(m, vec![0..3, 5..10]);
        assert!(covered(&m, 0) && covered(&m, 2) && covered(&m, 9));
        assert!(!covered(&m, 3) && !covered(&m, 4) && !covered(&m, 10));
    }
}
