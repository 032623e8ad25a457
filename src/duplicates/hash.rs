//! Deterministic hashing of words and word sequences.
//!
//! Output must not depend on the process (no `RandomState`) or on the thread count, so every
//! hash here is a fixed function: FNV-1a over the folded word, finished with the splitmix64
//! mixer, which spreads FNV's weak low bits over the whole word.

/// The seed every sequence hash starts from.
const SEED: u64 = 0x9E37_79B9_7F4A_7C15;

/// The splitmix64 finaliser: a bijection with good avalanche, used to mix and combine hashes.
#[must_use]
pub(crate) const fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The part of a word that counts: without the punctuation around it (`word,` and `(word)` are
/// `word`), or the whole token when it has no letter or digit at all.
fn core(word: &str) -> &str {
    let trimmed = word.trim_matches(|c: char| !c.is_alphanumeric());
    if trimmed.is_empty() { word } else { trimmed }
}

/// The folded characters of a word: its core, lower-cased.
fn folded(word: &str) -> impl Iterator<Item = char> + '_ {
    core(word).chars().flat_map(char::to_lowercase)
}

/// The hash of a case-folded word. `word_hash(a) == word_hash(b)` whenever [`same_word`] holds.
#[must_use]
pub(crate) fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    // Fast path: ASCII words trim and fold byte by byte, with the same bytes as the general
    // path (profiling: hashing was a quarter of a check on fastapi's 13-language tree).
    if word.is_ascii() {
        let bytes = word.as_bytes();
        let start = bytes.iter().position(u8::is_ascii_alphanumeric);
        let core = match start {
            Some(start) => {
                let end = bytes.iter().rposition(u8::is_ascii_alphanumeric).map_or(bytes.len(), |e| e + 1);
                &bytes[start..end]
            }
            None => bytes, // no letter or digit: the whole token, as `core` does
        };
        for &b in core {
            h ^= u64::from(b.to_ascii_lowercase());
            h = h.wrapping_mul(0x0000_0100_0000_01B3);
        }
        return mix(h);
    }
    let mut buf = [0u8; 4];
    for c in folded(word) {
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
    mix(h)
}

/// Whether two words are the same after folding (the exact check behind [`word_hash`]).
#[must_use]
pub(crate) fn same_word(a: &str, b: &str) -> bool {
    a == b || folded(a).eq(folded(b))
}

/// An order-sensitive hash of a sequence of word hashes (a shingle or a k-gram).
#[must_use]
pub(crate) fn sequence_hash(words: &[u64]) -> u64 {
    words.iter().fold(SEED, |acc, &w| mix(acc ^ w).wrapping_add(SEED))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_surrounding_punctuation() {
        assert_eq!(word_hash("Config"), word_hash("config,"));
        assert_eq!(word_hash("(ÉTÉ)"), word_hash("été"));
        assert!(same_word("Config", "config."));
        assert!(!same_word("config", "configs"));
        assert_ne!(word_hash("config"), word_hash("configs"));
        // Punctuation-only tokens keep their own identity.
        assert_ne!(word_hash("--"), word_hash("|"));
    }

    #[test]
    fn sequences_are_order_sensitive() {
        let (a, b) = (word_hash("a"), word_hash("b"));
        assert_ne!(sequence_hash(&[a, b]), sequence_hash(&[b, a]));
        assert_eq!(sequence_hash(&[a, b]), sequence_hash(&[a, b]));
    }
}
