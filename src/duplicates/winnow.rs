//! Winnowing (Schleimer, Wilkerson, Aiken 2003): a bounded sample of a page's word k-gram
//! hashes with a guarantee.
//!
//! In every window of `w` consecutive k-gram hashes the minimum is selected (the rightmost
//! one on ties). Two pages sharing a run of `t = k + w - 1` words have one window whose `w`
//! k-grams lie inside the run on both sides; both select the same minimum there, so any
//! shared run of at least `t` words shares at least one fingerprint. Density is about
//! `2 / (w + 1)` of the k-grams, so the index stays small.

use super::hash::mix;

/// Words per k-gram: long enough that common phrases ("for more information, see the") are
/// not fingerprints of their own, short enough to leave a useful window at 50 words.
pub(crate) const K: usize = 12;

/// The k-gram length and window for a guaranteed passage length `t` (words).
#[must_use]
pub(crate) fn parameters(t: usize) -> (usize, usize) {
    let t = t.max(1);
    let k = K.min(t);
    (k, t - k + 1)
}

/// The hash of every word k-gram, in order (`len - k + 1` of them): a polynomial rolling hash
/// (Rabin–Karp, mod 2^64), one multiply-add per word instead of k mixes per window (profiling:
/// the per-window hash was the largest single cost of a 10k-page check), finished by the
/// splitmix64 mixer so that winnowing's minima are well spread. Order-sensitive like
/// `sequence_hash`; equal windows always hash equal, which is all winnowing needs.
#[must_use]
#[cfg(test)]
pub(crate) fn kgram_hashes(words: &[u64], k: usize) -> Vec<u64> {
    let mut out = Vec::new();
    kgram_hashes_into(words, k, &mut out);
    out
}

/// [`kgram_hashes`] into `out` (cleared first), so that a caller can reuse one buffer.
pub(crate) fn kgram_hashes_into(words: &[u64], k: usize, out: &mut Vec<u64>) {
    const BASE: u64 = 0x9E37_79B9_7F4A_7C15 | 1;
    out.clear();
    let k = k.max(1);
    if words.len() < k {
        return;
    }
    // BASE^(k-1): the weight of the word that leaves the window.
    let top = (1..k).fold(1u64, |acc, _| acc.wrapping_mul(BASE));
    let mut h = words[..k].iter().fold(0u64, |acc, &w| acc.wrapping_mul(BASE).wrapping_add(w));
    out.push(mix(h));
    // `extend` over a zip of exact length: one capacity check, not one per push.
    out.extend(words.iter().zip(&words[k..]).map(|(&leaving, &entering)| {
        h = h.wrapping_sub(leaving.wrapping_mul(top)).wrapping_mul(BASE).wrapping_add(entering);
        mix(h)
    }));
}

/// The winnowed fingerprints of a sequence of k-gram hashes: `(hash, k-gram index)` in order,
/// each position once. Sequences shorter than one window give none: they cannot hold a
/// shared run of `t` words.
///
/// The window minimum is kept incrementally and only searched again when it leaves the
/// window: for hashed (random-looking) input that happens about once per window, so the cost
/// is one comparison per k-gram; any input costs at most `w` comparisons per k-gram.
#[must_use]
pub(crate) fn winnow(hashes: &[u64], w: usize) -> Vec<(u64, u32)> {
    let w = w.max(1);
    if hashes.len() < w {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(2 * hashes.len() / (w + 1) + 1);
    let rightmost_min = |window: std::ops::Range<usize>| window.reduce(|m, j| if hashes[j] <= hashes[m] { j } else { m }).unwrap_or(0);
    let mut m = rightmost_min(0..w);
    out.push((hashes[m], m as u32));
    for i in w..hashes.len() {
        if hashes[i] <= hashes[m] {
            m = i;
        } else if m + w <= i {
            m = rightmost_min(i + 1 - w..i + 1);
        } else {
            continue;
        }
        out.push((hashes[m], m as u32));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duplicates::hash::{mix, word_hash};

    #[test]
    fn selects_window_minima() {
        let h = [5, 3, 8, 1, 9, 9, 2, 7];
        // Windows of 3: [5,3,8]→3@1, [3,8,1]→1@3, [8,1,9]→1, [1,9,9]→1, [9,9,2]→2@6, [9,2,7]→2.
        assert_eq!(winnow(&h, 3), vec![(3, 1), (1, 3), (2, 6)]);
        assert!(winnow(&h[..2], 3).is_empty());
        // Ties: the rightmost minimum.
        assert_eq!(winnow(&[4, 4], 2), vec![(4, 1)]);
    }

    /// The monotone-deque formulation the incremental one replaced: the oracle.
    fn winnow_oracle(hashes: &[u64], w: usize) -> Vec<(u64, u32)> {
        let mut out: Vec<(u64, u32)> = Vec::new();
        let mut deque = std::collections::VecDeque::new();
        for (i, &h) in hashes.iter().enumerate() {
            while deque.back().is_some_and(|&j: &usize| hashes[j] >= h) {
                deque.pop_back();
            }
            deque.push_back(i);
            if deque.front().is_some_and(|&j| j + w <= i) {
                deque.pop_front();
            }
            if i + 1 >= w {
                if let Some(&m) = deque.front() {
                    if out.last().is_none_or(|&(_, p)| p as usize != m) {
                        out.push((hashes[m], m as u32));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn matches_the_deque_formulation() {
        use proptest::prelude::*;
        proptest!(ProptestConfig::with_cases(3000), |(hashes in prop::collection::vec(0u64..6, 0..60), w in 1usize..9)| {
            prop_assert_eq!(winnow(&hashes, w), winnow_oracle(&hashes, w));
        });
    }

    #[test]
    fn density_is_bounded() {
        let hashes: Vec<u64> = (0..10_000u64).map(mix).collect();
        let (_, w) = parameters(50);
        let n = winnow(&hashes, w).len();
        let expected = 2.0 * 10_000.0 / (w as f64 + 1.0);
        assert!((n as f64) < expected * 1.3, "{n} fingerprints, expected about {expected}");
    }

    /// The guarantee: every shared run of `t` words shares a fingerprint, wherever it sits.
    #[test]
    fn any_shared_run_of_t_words_shares_a_fingerprint() {
        let passage = 50;
        let (k, w) = parameters(passage);
        let words = |seed: u64, n: u64| -> Vec<u64> { (0..n).map(|i| word_hash(&format!("w{}", mix(seed << 32 | i)))).collect() };
        for trial in 0..200u64 {
            let run = words(1000 + trial, passage as u64);
            let mut a = words(2 * trial, trial % 37);
            a.extend(&run);
            a.extend(words(2 * trial + 1, 20));
            let mut b = words(5000 + trial, (trial * 7) % 53);
            b.extend(&run);
            let fa: std::collections::BTreeSet<u64> = winnow(&kgram_hashes(&a, k), w).into_iter().map(|f| f.0).collect();
            let fb: Vec<u64> = winnow(&kgram_hashes(&b, k), w).into_iter().map(|f| f.0).collect();
            assert!(fb.iter().any(|h| fa.contains(h)), "trial {trial}: no shared fingerprint");
        }
    }

    #[test]
    fn parameters_for_short_passages() {
        assert_eq!(parameters(50), (12, 39));
        assert_eq!(parameters(5), (5, 1));
        assert_eq!(parameters(0), (1, 1));
    }
}
