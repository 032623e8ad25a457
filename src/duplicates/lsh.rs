//! Locality-sensitive hashing over `MinHash` signatures: candidate pairs without all-pairs.
//!
//! The signature is cut into `b` bands of `r` rows. Two pages become candidates when all `r`
//! rows of at least one band agree. Each row agrees with probability `s` (the pair's Jaccard
//! index), so a pair is found with probability
//!
//! ```text
//! P(s) = 1 - (1 - s^r)^b
//! ```
//!
//! an S-curve that rises around `(1/b)^(1/r)`. Candidates are verified with the exact Jaccard
//! index, so a false candidate only costs time while a missed pair is a missed finding: we
//! take the largest `r` (fewest false candidates) whose recall at the threshold is at least
//! [`RECALL`]. For the default threshold 0.7 with 128 hashes that is `r = 4, b = 32`:
//! `P(0.7) = 1 - (1 - 0.2401)^32 = 0.99985`, `P(0.5) = 0.87`, `P(0.3) = 0.23`, `P(0.1) = 0.003`
//! (`r = 5` would give `P(0.7) = 0.990`, too low).

use rayon::prelude::*;

use super::hash::sequence_hash;
use std::borrow::Borrow;

use super::minhash::{HASHES, Signature};

/// The recall required at the threshold.
pub(crate) const RECALL: f64 = 0.999;

/// How the signature is cut into bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Banding {
    pub(crate) bands: usize,
    pub(crate) rows: usize,
}

impl Banding {
    /// The probability that a pair with Jaccard index `s` becomes a candidate.
    #[must_use]
    pub(crate) fn probability(self, s: f64) -> f64 {
        let exp = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        1.0 - (1.0 - s.powi(exp(self.rows))).powi(exp(self.bands))
    }

    /// The banding with the most rows per band that still finds pairs at `threshold` with
    /// probability [`RECALL`]. Below thresholds no banding can serve (about 0.06), one row per
    /// band is the best there is.
    #[must_use]
    pub(crate) fn for_threshold(threshold: f64) -> Self {
        thread_local! {
            /// The last answer: every page's sketch asks, always with the run's threshold, and
            /// the search costs a hundred `powi` (3% of a 10k-page check when asked per page).
            static LAST: std::cell::Cell<Option<(u64, Banding)>> = const { std::cell::Cell::new(None) };
        }
        let key = threshold.to_bits();
        if let Some((_, banding)) = LAST.get().filter(|(k, _)| *k == key) {
            return banding;
        }
        let banding = Self::search(threshold);
        LAST.set(Some((key, banding)));
        banding
    }

    fn search(threshold: f64) -> Self {
        (1..=HASHES)
            .rev()
            .map(|rows| Self { bands: HASHES / rows, rows })
            .find(|b| b.probability(threshold) >= RECALL)
            .unwrap_or(Self { bands: HASHES, rows: 1 })
    }
}

/// The hash of each band of a signature, in band order: all that LSH reads of it.
#[must_use]
pub(crate) fn bands_of(signature: &Signature, banding: Banding) -> Box<[u32]> {
    let mut out = vec![0u32; banding.bands.min(HASHES / banding.rows.max(1))].into_boxed_slice();
    // The default banding (four rows) unrolled: [`band_hash`] of two packed pairs and the band,
    // without the iterator chain around each (a tenth of a page's sketch when it was generic).
    if banding.rows == 4 {
        for ((band, rows), slot) in signature.0.chunks_exact(4).enumerate().zip(out.iter_mut()) {
            let pair = |i: usize| u64::from(rows[i]) << 32 | u64::from(rows[i + 1]);
            *slot = short(sequence_hash([pair(0), pair(2), band as u64]));
        }
    } else {
        for ((band, rows), slot) in signature.0.chunks_exact(banding.rows.max(1)).enumerate().zip(out.iter_mut()) {
            *slot = short(band_hash(rows, band));
        }
    }
    out
}

/// Candidate pairs `(i, j)`, `i < j`, sorted and deduplicated, among the pages that have band
/// hashes ([`bands_of`] with the same `banding`). Each band is bucketed in an open-addressing
/// table of band hashes, so memory is one slot per page per band in flight, and the result
/// does not depend on the thread count. Each page's band hashes are let go (left `None`) as
/// soon as they are copied into the band-major layout, so the two copies never coexist (25 MB
/// of peak memory at 100k pages).
#[must_use]
pub(crate) fn candidates<B: Borrow<[u32]> + Send>(bands: &mut [Option<B>], banding: Banding) -> Vec<(u32, u32)> {
    let pages = bands.len();
    let blocks = band_hashes(bands, banding);
    let mut pairs: Vec<(u32, u32)> = (0..banding.bands)
        .into_par_iter()
        .map_init(
            || BandTable::new(pages),
            |table, band| {
                table.clear();
                let mut out = Vec::new();
                for block in &blocks {
                    let len = block.present.len();
                    for (i, (&hash, &present)) in block.hashes[band * len..(band + 1) * len].iter().zip(&block.present).enumerate() {
                        if present {
                            table.insert(hash, (block.start + i) as u32, &mut out);
                        }
                    }
                }
                out
            },
        )
        .flatten_iter()
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

/// Pages per block of band hashes.
const BLOCK: usize = 2048;

/// The band hashes of a run of pages, band by band.
struct Block {
    start: usize,
    /// Whether each page has a signature.
    present: Vec<bool>,
    /// `hashes[band * present.len() + i]`: band `band` of page `start + i`.
    hashes: Vec<u32>,
}

/// Every band hash of every page, from one pass over each page's, laid out so that each band
/// reads its hashes in order. Reading band by band from the pages read every page once per
/// band: at 100k pages, 32 strided passes, most of LSH's time.
fn band_hashes<B: Borrow<[u32]> + Send>(pages: &mut [Option<B>], banding: Banding) -> Vec<Block> {
    pages
        .par_chunks_mut(BLOCK)
        .enumerate()
        .map(|(b, chunk)| {
            let len = chunk.len();
            let mut hashes = vec![0; banding.bands * len];
            let present = chunk.iter().map(Option::is_some).collect();
            for (i, s) in chunk.iter_mut().enumerate() {
                let Some(s) = s.take() else { continue };
                for (band, &hash) in s.borrow().iter().enumerate().take(banding.bands) {
                    hashes[band * len + i] = hash;
                }
            }
            Block { start: b * BLOCK, present, hashes }
        })
        .collect()
}

/// One band's buckets: linear probing over page numbers, no deletions. Every page with the
/// same band hash lies on the probe path from that hash's home slot, so an insert meets all
/// the earlier pages of its bucket. Nearly every bucket holds one page: this replaced sorting
/// every band's keys (a third of the analysis on 10k pages). Slots hold only the page (a
/// small table stays in cache); its hash is in `hashes`.
struct BandTable {
    slots: Vec<u32>,
    hashes: Vec<u32>,
    mask: usize,
}

impl BandTable {
    const EMPTY: u32 = u32::MAX;

    fn new(pages: usize) -> Self {
        // At most half full: probe paths stay a slot or two long.
        let len = (pages.max(1) * 2).next_power_of_two();
        Self { slots: vec![Self::EMPTY; len], hashes: vec![0; pages], mask: len - 1 }
    }

    fn clear(&mut self) {
        self.slots.fill(Self::EMPTY);
    }

    /// Inserts `page` (pages come in increasing order), pushing `(earlier, page)` for every
    /// earlier page with the same hash.
    fn insert(&mut self, hash: u32, page: u32, out: &mut Vec<(u32, u32)>) {
        self.hashes[page as usize] = hash;
        // `band_hash` ends in a full mixer: its low bits are as good as any.
        let mut at = hash as usize & self.mask;
        loop {
            let p = self.slots[at];
            if p == Self::EMPTY {
                self.slots[at] = page;
                return;
            }
            if self.hashes[p as usize] == hash {
                out.push((p, page));
            }
            at = (at + 1) & self.mask;
        }
    }
}

/// A band hash as kept: its high 32 bits. Two pages of different bands then share one with
/// probability 2^-32, which at 100k pages makes about one false candidate per band; candidates
/// are checked with the exact Jaccard index, so that costs nothing but that check, and it
/// halves what every page carries and LSH copies (25 MB at 100k pages).
fn short(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// The hash of one band's rows: two rows per mixed word (half the mixing of one per row).
fn band_hash(rows: &[u32], band: usize) -> u64 {
    sequence_hash(rows.chunks(2).map(|pair| pair.iter().fold(0u64, |acc, &v| acc << 32 | u64::from(v))).chain(std::iter::once(band as u64)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duplicates::hash::mix;
    use crate::duplicates::minhash::signature;

    #[test]
    fn unrolled_bands_are_the_generic_band_hashes() {
        for seed in 0..50u64 {
            let sig = signature((0..(seed * 7)).map(|i| mix(seed << 32 | i)));
            for banding in [Banding { bands: 32, rows: 4 }, Banding { bands: 25, rows: 5 }, Banding { bands: 128, rows: 1 }] {
                let generic: Vec<u32> = sig.0.chunks_exact(banding.rows).take(banding.bands).enumerate().map(|(b, rows)| short(band_hash(rows, b))).collect();
                assert_eq!(&*bands_of(&sig, banding), generic.as_slice(), "{banding:?}");
            }
        }
    }

    /// Candidates among signatures, through their band hashes.
    fn from_signatures(signatures: &[Option<Signature>], banding: Banding) -> Vec<(u32, u32)> {
        let mut bands: Vec<Option<Box<[u32]>>> = signatures.iter().map(|s| s.as_ref().map(|s| bands_of(s, banding))).collect();
        candidates(&mut bands, banding)
    }

    #[test]
    fn default_threshold_banding() {
        let b = Banding::for_threshold(0.7);
        assert_eq!(b, Banding { bands: 32, rows: 4 });
        assert!(b.probability(0.7) > 0.999);
        assert!(b.probability(0.2) < 0.05);
        // Higher thresholds afford more rows (fewer false candidates).
        assert!(Banding::for_threshold(0.9).rows > 4);
        assert_eq!(Banding::for_threshold(0.0), Banding { bands: 128, rows: 1 });
    }

    /// Empirical recall at the threshold: 200 independent pairs at Jaccard 0.7 exactly.
    #[test]
    fn finds_pairs_at_the_threshold() {
        let banding = Banding::for_threshold(0.7);
        let mut found = 0;
        let trials = 200u64;
        for t in 0..trials {
            // 140 shared + 30 + 30 private elements: J = 140 / 200 = 0.7.
            let shared = (0..140).map(|i| mix(t << 20 | i));
            let a: Vec<u64> = shared.clone().chain((0..30).map(|i| mix(t << 20 | 1 << 16 | i))).collect();
            let b: Vec<u64> = shared.chain((0..30).map(|i| mix(t << 20 | 2 << 16 | i))).collect();
            let sigs = vec![Some(signature(a.iter().copied())), Some(signature(b.iter().copied()))];
            if from_signatures(&sigs, banding) == vec![(0, 1)] {
                found += 1;
            }
        }
        // Expected misses: 200 * 0.00015 = 0.03.
        assert!(found >= trials - 1, "found {found} of {trials}");
    }

    #[test]
    fn unrelated_pages_are_rarely_candidates() {
        let banding = Banding::for_threshold(0.7);
        let sigs: Vec<Option<Signature>> = (0..50u64).map(|p| Some(signature((0..200).map(|i| mix(p << 32 | i))))).collect();
        assert!(from_signatures(&sigs, banding).is_empty());
    }

    #[test]
    fn pages_without_signature_are_skipped() {
        let s = signature([1, 2, 3]);
        assert_eq!(from_signatures(&[Some(s.clone()), None, Some(s)], Banding::for_threshold(0.7)), vec![(0, 2)]);
    }

    /// A bucket of three pages gives all three pairs, whatever lies between them in the table.
    #[test]
    fn every_pair_of_a_bucket() {
        let same = signature([1, 2, 3]);
        let mut sigs: Vec<Option<Signature>> = (0..40u64).map(|p| Some(signature((0..50).map(|i| mix(p << 32 | i))))).collect();
        for i in [3, 17, 39] {
            sigs[i] = Some(same.clone());
        }
        assert_eq!(from_signatures(&sigs, Banding::for_threshold(0.7)), vec![(3, 17), (3, 39), (17, 39)]);
    }
}
