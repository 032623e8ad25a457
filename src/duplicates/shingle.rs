//! Word 3-shingles: the unit of near-duplicate similarity (contract §3).

/// Words per shingle, fixed by the contract.
pub(crate) const SHINGLE: usize = 3;

/// The set of shingle hashes of a page, sorted and deduplicated. `segments` are the runs of
/// word hashes left after boilerplate removal; a shingle never spans two segments, so removing
/// a passage does not invent shingles that the page does not contain.
#[must_use]
pub(crate) fn shingle_set<'a>(segments: impl IntoIterator<Item = &'a [u64]>) -> Vec<u64> {
    let mut set: Vec<u64> = segments.into_iter().flat_map(|s| s.windows(SHINGLE).map(shingle_hash)).collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// The hash of one shingle (three word hashes): a polynomial over the already mixed word
/// hashes, order-sensitive; `MinHash` mixes it again, so no finaliser is needed here.
#[must_use]
pub(crate) fn shingle_hash(words: &[u64]) -> u64 {
    const B: u64 = 0x9E37_79B9_7F4A_7C15 | 1;
    words.iter().fold(0u64, |h, &w| h.wrapping_mul(B).wrapping_add(w))
}

/// The exact Jaccard index of two sorted, deduplicated sets (0 when both are empty).
#[must_use]
pub(crate) fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    if union == 0 { 0.0 } else { common as f64 / union as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duplicates::hash::word_hash;

    fn hashes(text: &str) -> Vec<u64> {
        text.split_whitespace().map(word_hash).collect()
    }

    #[test]
    fn shingles_are_case_folded_sets() {
        let a = shingle_set([hashes("The quick brown fox jumps").as_slice()]);
        assert_eq!(a.len(), 3);
        let b = shingle_set([hashes("the QUICK brown fox jumps the quick brown").as_slice()]);
        // "the quick brown" repeats: a set counts it once.
        assert_eq!(b.len(), 5);
        assert!((jaccard(&a, &b) - 3.0 / 5.0).abs() < 1e-9);
    }

    #[test]
    fn shingles_never_span_segments() {
        let words = hashes("one two three four five six");
        let whole = shingle_set([words.as_slice()]);
        let split = shingle_set([&words[..3], &words[3..]]);
        assert_eq!(whole.len(), 4);
        assert_eq!(split.len(), 2);
        assert!(shingle_set([&words[..2]]).is_empty());
    }

    #[test]
    fn jaccard_edges() {
        assert!(jaccard(&[], &[]).abs() < f64::EPSILON);
        assert!((jaccard(&[1, 2], &[1, 2]) - 1.0).abs() < f64::EPSILON);
        assert!(jaccard(&[1], &[2]).abs() < f64::EPSILON);
    }
}
