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
        (1..=HASHES)
            .rev()
            .map(|rows| Self { bands: HASHES / rows, rows })
            .find(|b| b.probability(threshold) >= RECALL)
            .unwrap_or(Self { bands: HASHES, rows: 1 })
    }
}

/// Candidate pairs `(i, j)`, `i < j`, sorted and deduplicated, among the pages that have a
/// signature. Each band is bucketed by sorting `(band hash, page)`, so memory is one entry per
/// page per band in flight, and the result does not depend on the thread count.
#[must_use]
pub(crate) fn candidates(signatures: &[Option<Signature>], banding: Banding) -> Vec<(u32, u32)> {
    // Each key packs the band hash's high bits above the page index, so that bucketing is a
    // sort of plain integers. Two bands that agree only in those high bits make a false
    // candidate, which the exact Jaccard check drops (odds about pages / 2^(64 - index bits)).
    let index_bits = usize::BITS - signatures.len().leading_zeros();
    let index_mask = (1u64 << index_bits) - 1;
    let mut pairs: Vec<(u32, u32)> = (0..banding.bands)
        .into_par_iter()
        .flat_map_iter(|band| {
            let rows = band * banding.rows..(band + 1) * banding.rows;
            let mut keys: Vec<u64> =
                signatures.iter().enumerate().filter_map(|(i, s)| Some(band_hash(&s.as_ref()?.0[rows.clone()], band) & !index_mask | i as u64)).collect();
            keys.sort_unstable();
            let mut out = Vec::new();
            for bucket in keys.chunk_by(|a, b| a & !index_mask == b & !index_mask) {
                for (x, &i) in bucket.iter().enumerate() {
                    out.extend(bucket[x + 1..].iter().map(|&j| ((i & index_mask) as u32, (j & index_mask) as u32)));
                }
            }
            out
        })
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
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
            if candidates(&sigs, banding) == vec![(0, 1)] {
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
        assert!(candidates(&sigs, banding).is_empty());
    }

    #[test]
    fn pages_without_signature_are_skipped() {
        let s = signature([1, 2, 3]);
        assert_eq!(candidates(&[Some(s.clone()), None, Some(s)], Banding::for_threshold(0.7)), vec![(0, 2)]);
    }
}
