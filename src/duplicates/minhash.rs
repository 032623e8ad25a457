//! `MinHash` signatures (Broder 1997): for each of [`HASHES`] hash functions, the minimum over a
//! page's shingles. Two signatures agree at a position with probability equal to the Jaccard
//! index of the sets, so the fraction of agreeing positions estimates it.

use std::sync::LazyLock;

use super::hash::mix;

/// Hash functions per signature. 128 gives a standard error of at most 0.044 per estimate,
/// and enough rows for LSH banding at any useful threshold (see `lsh`).
pub(crate) const HASHES: usize = 128;

/// A page's `MinHash` signature. 32-bit minima halve the memory (512 bytes per page) at a
/// collision rate (2^-32 per position) far below the estimate's own error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Signature(pub(crate) [u32; HASHES]);

/// Multiply-shift hash functions `h_i(x) = (a_i·x + b_i) >> 32` over the already well-mixed
/// 64-bit shingle hashes: one multiply per function, from a fixed seed so runs are identical.
static FUNCTIONS: LazyLock<[(u64, u64); HASHES]> = LazyLock::new(|| {
    let mut state: u64 = 0x5EED_D0C1_1A7E_0001;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(state)
    };
    std::array::from_fn(|_| (next() | 1, next()))
});

/// The signature of a set of shingle hashes (the empty set gives all `u32::MAX`; callers never
/// compare empty sets).
#[must_use]
pub(crate) fn signature(shingles: &[u64]) -> Signature {
    let functions = &*FUNCTIONS;
    let mut mins = [u32::MAX; HASHES];
    for &s in shingles {
        for (m, &(a, b)) in mins.iter_mut().zip(functions.iter()) {
            let h = (a.wrapping_mul(s).wrapping_add(b) >> 32) as u32;
            *m = (*m).min(h);
        }
    }
    Signature(mins)
}

/// The estimated Jaccard index of the sets behind two signatures.
#[cfg(test)]
#[must_use]
pub(crate) fn estimate(a: &Signature, b: &Signature) -> f64 {
    a.0.iter().zip(b.0.iter()).filter(|(x, y)| x == y).count() as f64 / HASHES as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duplicates::shingle::jaccard;

    /// Two sets of 400 elements sharing `common` of them.
    fn pair(common: u64, salt: u64) -> (Vec<u64>, Vec<u64>) {
        let shared: Vec<u64> = (0..common).map(|i| mix(i ^ (salt << 32))).collect();
        let mut a = shared.clone();
        let mut b = shared;
        a.extend((common..400).map(|i| mix(i ^ (salt << 32) ^ 0xA000_0000)));
        b.extend((common..400).map(|i| mix(i ^ (salt << 32) ^ 0xB000_0000)));
        a.sort_unstable();
        b.sort_unstable();
        (a, b)
    }

    #[test]
    fn estimates_jaccard_within_sampling_error() {
        let mut total_error = 0.0;
        let mut n = 0.0;
        for common in [40, 120, 200, 280, 330, 370] {
            for salt in 0..8 {
                let (a, b) = pair(common, salt);
                let exact = jaccard(&a, &b);
                let est = estimate(&signature(&a), &signature(&b));
                // Four standard errors: sqrt(J(1-J)/128) <= 0.044.
                assert!((est - exact).abs() < 0.18, "J={exact:.3} est={est:.3}");
                total_error += (est - exact).abs();
                n += 1.0;
            }
        }
        // The mean absolute error of an unbiased estimator with sd <= 0.044 is about 0.035.
        assert!(total_error / n < 0.05, "mean error {}", total_error / n);
    }

    #[test]
    fn identical_sets_agree_everywhere() {
        let (a, _) = pair(100, 1);
        assert!((estimate(&signature(&a), &signature(&a)) - 1.0).abs() < f64::EPSILON);
    }
}
