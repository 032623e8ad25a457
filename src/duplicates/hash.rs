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
    let trimmed = word.trim_matches(|c: char| !crate::text::is_alphanumeric(c));
    if trimmed.is_empty() { word } else { trimmed }
}

/// The folded characters of a word: its core, lower-cased.
fn folded(word: &str) -> impl Iterator<Item = char> + '_ {
    core(word).chars().flat_map(char::to_lowercase)
}

/// The hash of a case-folded word. `word_hash(a) == word_hash(b)` whenever [`same_word`] holds:
/// both paths hash the folded UTF-8 bytes, eight at a time.
#[must_use]
#[inline(never)] // the word scanner's rare path: kept out of its inner loop
pub fn word_hash(word: &str) -> u64 {
    // Fast path: ASCII words trim and fold eight bytes at a time (a check hashes every word of
    // the tree; byte-at-a-time FNV was a tenth of a whole check on synthetic trees).
    if word.is_ascii() {
        let bytes = word.as_bytes();
        let core = match bytes.iter().position(u8::is_ascii_alphanumeric) {
            Some(start) => {
                let end = bytes.iter().rposition(u8::is_ascii_alphanumeric).map_or(bytes.len(), |e| e + 1);
                &bytes[start..end]
            }
            None => bytes, // no letter or digit: the whole token, as `core` does
        };
        return ascii_core_hash(core);
    }
    let mut h = Chunks::default();
    let (mut pending, mut n) = (0u64, 0usize);
    let mut push = |b: u8| {
        pending |= u64::from(b) << (8 * n);
        n += 1;
        if n == 8 {
            h.absorb(pending, 8);
            (pending, n) = (0, 0);
        }
    };
    // [`folded`] unrolled: ASCII letters of a mixed word fold without the Unicode tables, and
    // no flattening iterator stands between the characters and the bytes.
    let mut buf = [0u8; 4];
    for c in core(word).chars() {
        if c.is_ascii() {
            push(c.to_ascii_lowercase() as u8);
        } else if let Some(lower) = crate::text::single_lowercase(c) {
            lower.encode_utf8(&mut buf).bytes().for_each(&mut push);
        } else {
            for lower in c.to_lowercase() {
                lower.encode_utf8(&mut buf).bytes().for_each(&mut push);
            }
        }
    }
    h.finish(pending, n)
}

/// [`word_hash`] of an ASCII word that is its own core (starts and ends with a letter or
/// digit, or has none): what the word scanner hands over for nearly every word.
#[must_use]
#[inline(never)] // words of eight bytes or more: kept out of the word scanner's inner loop
pub fn ascii_core_hash(core: &[u8]) -> u64 {
    chunked_hash(core, lower_ascii8)
}

/// A hash of raw bytes (no folding), eight at a time.
#[must_use]
pub fn bytes_hash(bytes: &[u8]) -> u64 {
    chunked_hash(bytes, |chunk| chunk)
}

/// Absorbs `bytes` eight at a time (little-endian, each chunk passed through `fold`).
fn chunked_hash(bytes: &[u8], fold: impl Fn(u64) -> u64) -> u64 {
    let mut h = Chunks::default();
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        h.absorb(fold(u64::from_le_bytes(chunk.try_into().unwrap_or_default())), 8);
    }
    // The tail byte by byte: a `copy_from_slice` of a variable length is a `memcpy` call,
    // which cost more than the hashing of a short word (and an overlapping load of the last
    // eight bytes, shifted, cost more than this loop on words of 8 to 12 bytes).
    let tail = chunks.remainder();
    let last = tail.iter().enumerate().fold(0u64, |acc, (i, &b)| acc | u64::from(b) << (8 * i));
    h.finish(fold(last), tail.len())
}

/// [`ascii_core_hash`] of an ASCII core of `len < 8` bytes, given packed little-endian (the
/// word scanner's fast path has them in a register already).
#[must_use]
#[inline] // most words: inlined into the word scanner
pub fn ascii_short_hash(packed: u64, len: usize) -> u64 {
    debug_assert!(len < 8);
    Chunks::default().finish(lower_ascii8(packed), len)
}

/// Absorbs a byte string eight bytes (little-endian) at a time.
#[derive(Default)]
struct Chunks {
    h: u64,
    len: u64,
}

impl Chunks {
    fn absorb(&mut self, chunk: u64, bytes: usize) {
        self.h = mix(self.h ^ chunk).wrapping_add(SEED);
        self.len += bytes as u64;
    }

    /// The hash, given the last (possibly empty, zero-padded) chunk of `bytes` bytes.
    fn finish(mut self, last: u64, bytes: usize) -> u64 {
        self.len += bytes as u64;
        mix(self.h ^ last ^ self.len.rotate_right(8))
    }
}

/// ASCII upper-case letters of eight packed ASCII bytes to lower case (SWAR: no byte has its
/// high bit set, so no addition carries into the next byte).
const fn lower_ascii8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let at_least_a = x + ONES * (0x80 - b'A' as u64);
    let above_z = x + ONES * (0x80 - b'Z' as u64 - 1);
    let upper = at_least_a & !above_z & (ONES * 0x80);
    x | (upper >> 2)
}

/// Whether two words are the same after folding (the exact check behind [`word_hash`]).
#[must_use]
pub(crate) fn same_word(a: &str, b: &str) -> bool {
    a == b || folded(a).eq(folded(b))
}

/// An order-sensitive hash of a sequence of hashes (an LSH band).
#[must_use]
pub(crate) fn sequence_hash(words: impl IntoIterator<Item = u64>) -> u64 {
    words.into_iter().fold(SEED, |acc, w| mix(acc ^ w).wrapping_add(SEED))
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
    fn ascii_and_general_paths_agree() {
        // The Kelvin sign folds to an ASCII `k`: the general path must hash like the ASCII one.
        assert_eq!(word_hash("\u{212A}elvin"), word_hash("kelvin"));
        assert_eq!(word_hash("\u{212A}elvinsAndMoreBytes"), word_hash("kelvinsandmorebytes"));
        for w in ["a", "abcdefgh", "abcdefghi", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "x1-y2", "@[]`{"] {
            let via_general = format!("{w}\u{00E9}");
            assert_eq!(word_hash(w), word_hash(&w.to_lowercase()), "{w}");
            assert_ne!(word_hash(w), word_hash(&via_general), "{w}");
        }
        assert_ne!(word_hash("abcdefgh"), word_hash("abcdefgh0"));
        assert_ne!(word_hash("abcdefgh"), word_hash("abcdefghabcdefgh"));
        assert_eq!(word_hash("ÉTÉ-"), word_hash("été"));
    }

    #[test]
    fn word_hash_hashes_the_folded_bytes() {
        use proptest::prelude::*;
        // The definition the unrolled loop in `word_hash` stands for: the bytes of `folded`.
        let by_definition = |word: &str| {
            let bytes: Vec<u8> = folded(word).collect::<String>().into_bytes();
            let mut h = Chunks::default();
            let mut chunks = bytes.chunks_exact(8);
            for chunk in &mut chunks {
                h.absorb(u64::from_le_bytes(chunk.try_into().unwrap()), 8);
            }
            let tail = chunks.remainder();
            h.finish(tail.iter().enumerate().fold(0u64, |acc, (i, &b)| acc | u64::from(b) << (8 * i)), tail.len())
        };
        proptest!(ProptestConfig::with_cases(5000), |(word in "[aZ9éÉİ\u{212A}ßЖж日ﬁ'.,-]{0,12}")| {
            prop_assert_eq!(word_hash(&word), by_definition(&word), "{:?}", word);
        });
    }

    #[test]
    fn chunked_hash_reads_the_tail_as_padded_bytes() {
        use proptest::prelude::*;
        // The tail's definition, which any faster way of reading it must keep: its bytes,
        // zero-padded.
        let by_definition = |bytes: &[u8]| {
            let mut h = Chunks::default();
            let mut chunks = bytes.chunks_exact(8);
            for chunk in &mut chunks {
                h.absorb(lower_ascii8(u64::from_le_bytes(chunk.try_into().unwrap())), 8);
            }
            let tail = chunks.remainder();
            h.finish(lower_ascii8(tail.iter().enumerate().fold(0u64, |acc, (i, &b)| acc | u64::from(b) << (8 * i))), tail.len())
        };
        proptest!(ProptestConfig::with_cases(2000), |(word in "[a-zA-Z0-9]{0,40}")| {
            prop_assert_eq!(ascii_core_hash(word.as_bytes()), by_definition(word.as_bytes()), "{:?}", word);
        });
    }

    #[test]
    fn sequences_are_order_sensitive() {
        let (a, b) = (word_hash("a"), word_hash("b"));
        assert_ne!(sequence_hash([a, b]), sequence_hash([b, a]));
        assert_eq!(sequence_hash([a, b]), sequence_hash([a, b]));
    }
}
