//! Source text helpers: decoding files and mapping byte offsets to line/column.

use std::ops::Range;

/// `c.is_alphanumeric()`, with the answers for the Basic Multilingual Plane cached 256 code
/// points at a time on first use. The standard library searches its Unicode tables on every
/// call; on a tree of translated pages (fastapi's 13 languages) those searches, for the ends
/// of every word and for punctuation such as `、` and `，`, were a quarter of a check.
#[must_use]
pub fn is_alphanumeric(c: char) -> bool {
    static BLOCKS: [std::sync::OnceLock<[u64; 4]>; 256] = [const { std::sync::OnceLock::new() }; 256];
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    let cp = u32::from(c);
    if cp > 0xFFFF {
        return c.is_alphanumeric();
    }
    let bits = BLOCKS[(cp >> 8) as usize].get_or_init(|| {
        let mut bits = [0u64; 4];
        for low in 0..256u32 {
            if char::from_u32((cp & !0xFF) | low).is_some_and(char::is_alphanumeric) {
                bits[(low >> 6) as usize] |= 1 << (low & 63);
            }
        }
        bits
    });
    let low = cp & 0xFF;
    bits[(low >> 6) as usize] >> (low & 63) & 1 == 1
}

/// The lower case of `c` when it is one character (nearly always; `İ` is two), with the
/// Basic Multilingual Plane cached like [`is_alphanumeric`]: folding every word of translated
/// pages searched the case tables once per character, a twelfth of a check.
#[must_use]
pub fn single_lowercase(c: char) -> Option<char> {
    /// Per code point: its lower case, or `u32::MAX` when that is not one character.
    static BLOCKS: [std::sync::OnceLock<[u32; 256]>; 256] = [const { std::sync::OnceLock::new() }; 256];
    fn single(c: char) -> Option<char> {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) => Some(l),
            _ => None,
        }
    }
    let cp = u32::from(c);
    if cp > 0xFFFF {
        return single(c);
    }
    let block = BLOCKS[(cp >> 8) as usize].get_or_init(|| {
        let mut lower = [u32::MAX; 256];
        for (low, slot) in (0..256u32).zip(lower.iter_mut()) {
            if let Some(l) = char::from_u32((cp & !0xFF) | low).and_then(single) {
                *slot = u32::from(l);
            }
        }
        lower
    });
    char::from_u32(block[(cp & 0xFF) as usize])
}

/// Maps byte offsets of one text to 1-based lines and 1-based *character* columns.
///
/// Line breaks are `\n`, `\r\n` and a lone `\r`, as `CommonMark` defines them, so positions are
/// exact for files with CRLF, mixed or old-Mac line endings. The BOM is stripped before a text
/// reaches this index, so it never counts as a column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line starts (32-bit: pages are capped below 4 GiB, and a
    /// 100k-page tree holds millions of lines).
    starts: Vec<u32>,
}

impl LineIndex {
    #[must_use]
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(offset32(i + 1)),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(offset32(i + 1)),
                _ => {}
            }
            i += 1;
        }
        Self { starts }
    }

    /// 1-based line and character column of `offset` (clamped to the text).
    #[must_use]
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s as usize <= offset) - 1;
        let start = self.starts[line] as usize;
        let column = text[start..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// Byte offset of the start of 1-based `line`, if the text has that line.
    #[must_use]
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).map(|&s| s as usize)
    }

    #[must_use]
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

/// A byte offset as 32 bits, saturating (texts longer than 4 GiB are refused earlier).
fn offset32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// Positions of both ends of a byte range: `(line, column, end_line, end_column)`, end exclusive.
#[must_use]
pub fn span_position(index: &LineIndex, text: &str, span: &Range<usize>) -> [usize; 4] {
    let (l1, c1) = index.position(text, span.start);
    let (l2, c2) = index.position(text, span.end.max(span.start));
    [l1, c1, l2, c2]
}

#[must_use]
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// `s.trim()`, without decoding characters when both ends are visible ASCII (nearly every
/// link destination; `trim` decodes UTF-8 from both ends).
#[must_use]
pub fn trim_fast(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// Calls `f` with the position of each byte of `bytes` equal to any of `needles`, in order,
/// until it returns false (then returns false). Finds them eight bytes at a time (SWAR): for
/// short strings with few such bytes (link destinations, paths), where a byte loop costs a
/// compare per byte and `memchr`'s set-up more than the search. No needle may be 0.
pub fn each_of4(bytes: &[u8], needles: [u8; 4], mut f: impl FnMut(usize) -> bool) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The needles in two pairs, each found by one zero-byte test: a byte `b` with
    // `(b ^ a) & !(a ^ c) == 0` is `a`, `c`, or (when the two differ in more than one bit)
    // other bytes, which are told apart by checking flagged bytes again (`#` and `%`
    // also flag `!` and `'`; `?` and `{` also `;` and DEL). Half the work of four tests.
    let pair = |[first, second]: [u8; 2]| (ONES * u64::from(first), ONES * u64::from(!(first ^ second)));
    // The pairing whose needles differ in the fewest bits flags the fewest other bytes
    // (needles are constants at every call: this folds away).
    let [n0, n1, n2, n3] = needles;
    let differing = |[first, second]: [u8; 2]| (first ^ second).count_ones();
    let [one, two] = [[[n0, n1], [n2, n3]], [[n0, n2], [n1, n3]], [[n0, n3], [n1, n2]]]
        .into_iter()
        .min_by_key(|&[one, two]| differing(one) + differing(two))
        .unwrap_or([[n0, n1], [n2, n3]]);
    let pairs = [pair(one), pair(two)];
    // The high bit of each flagged byte. Exact for the lowest such byte; above it a borrow may
    // flag a byte that is not one: flagged bytes are checked again anyway.
    let flagged = |x: u64| {
        pairs.iter().fold(0, |m, &(first, keep)| {
            let y = (x ^ first) & keep;
            m | (y.wrapping_sub(ONES) & !y & HIGH)
        })
    };
    let mut visit = |base: usize, mut mask: u64| {
        while mask != 0 {
            let i = base + (mask.trailing_zeros() / 8) as usize;
            mask &= mask - 1;
            if needles.contains(&bytes[i]) && !f(i) {
                return false;
            }
        }
        true
    };
    let mut chunks = bytes.chunks_exact(8);
    for (k, chunk) in (&mut chunks).enumerate() {
        let mask = flagged(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        // Most chunks hold no needle: no call into `visit` for them.
        if mask != 0 && !visit(8 * k, mask) {
            return false;
        }
    }
    let tail = chunks.remainder();
    if tail.is_empty() {
        return true;
    }
    let x = match bytes.len().checked_sub(8) {
        // The last eight bytes, shifted so that the tail's come first: one load, not a byte
        // loop (a variable-length `copy_from_slice` would be a `memcpy` call).
        Some(from) => u64::from_le_bytes(bytes[from..].try_into().unwrap_or_default()) >> (8 * (8 - tail.len())),
        None => tail.iter().enumerate().fold(0u64, |acc, (k, &b)| acc | u64::from(b) << (8 * k)),
    };
    // Past the tail the word is zero-padded; a padding byte may be flagged: masked off.
    let live = (1u64 << (8 * tail.len())) - 1; // a remainder holds 1 to 7 bytes
    visit(bytes.len() - tail.len(), flagged(x) & live)
}

/// The directory of a `/`-separated path (`""` for a top-level name). A byte loop: paths
/// are short, and `rsplit_once`'s searcher set-up cost more than the search.
#[must_use]
pub fn dir_of(path: &str) -> &str {
    path.as_bytes().iter().rposition(|&c| c == b'/').map_or("", |i| &path[..i])
}

/// Words joined by single spaces (what `split_whitespace().join(" ")` gives, without the `Vec`):
/// heading text, titles, reference labels.
#[must_use]
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// [`collapse_whitespace`] for an owned string: most heading texts and labels are already
/// collapsed, and then the string is returned as it is instead of copied.
#[must_use]
pub fn collapse_whitespace_owned(s: String) -> String {
    if is_collapsed(&s) { s } else { collapse_whitespace(&s) }
}

/// Whether `s` is what [`collapse_whitespace`] would make of it: no whitespace but single
/// spaces between words. Says no to any non-ASCII text (which may hold a Unicode space), so
/// that such text takes the copying path.
fn is_collapsed(s: &str) -> bool {
    // The start counts as a space, so that leading whitespace is a run too.
    let mut after_space = true;
    for &b in s.as_bytes() {
        let space = char::from(b).is_whitespace();
        if !b.is_ascii() || (space && (b != b' ' || after_space)) {
            return false;
        }
        after_space = space;
    }
    s.is_empty() || !after_space
}

/// Why a file's bytes are not a page's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Not valid UTF-8: the byte offset of the first bad sequence.
    InvalidUtf8 { offset: usize },
    /// A UTF-16 byte-order mark.
    Utf16,
    /// A NUL byte: a binary file with a page extension.
    Binary { offset: usize },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::InvalidUtf8 { offset } => write!(f, "is not valid UTF-8 (first bad byte at offset {offset})"),
            Self::Utf16 => f.write_str("is UTF-16 encoded; doclint reads UTF-8 only"),
            Self::Binary { offset } => write!(f, "looks binary (NUL byte at offset {offset})"),
        }
    }
}

/// Decodes a page: UTF-8, an optional UTF-8 BOM (stripped; `true` when present), no NUL bytes.
pub fn decode(bytes: Vec<u8>) -> Result<(String, bool), DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::Utf16);
    }
    if let Some(offset) = memchr_nul(&bytes) {
        return Err(DecodeError::Binary { offset });
    }
    let mut text = String::from_utf8(bytes).map_err(|e| DecodeError::InvalidUtf8 { offset: e.utf8_error().valid_up_to() })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
        Ok((text, true))
    } else {
        Ok((text, false))
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    // The `memchr` crate's vectorised search: `contains` on bytes goes a word at a time, an
    // instruction per byte of every page (1% of a check).
    memchr::memchr(0, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_of4_finds_every_needle() {
        use proptest::prelude::*;
        // With the bytes a needle pair's test also flags (`!`, `'`, `;`, DEL), and needle sets
        // whose pairs differ in many bits or none.
        let alphabet = b"#?%{/a.\x00\x80\xFF\x22\x23\x24!';\x7F".to_vec();
        let sets = [[b'#', b'?', b'%', b'{'], [b'#', b'%', b'?', b'{'], [b'/'; 4], [b'a', 0x80, b'.', 0xFF]];
        proptest!(ProptestConfig::with_cases(5000), |(s in prop::collection::vec(prop::sample::select(alphabet.clone()), 0..40), set in 0..sets.len())| {
            let needles = sets[set];
            let naive: Vec<usize> = s.iter().enumerate().filter(|(_, b)| needles.contains(b)).map(|(i, _)| i).collect();
            let mut found = Vec::new();
            let all = each_of4(&s, needles, |i| {
                found.push(i);
                true
            });
            prop_assert!(all);
            prop_assert_eq!(found, naive);
        });
    }

    #[test]
    fn trim_fast_is_trim() {
        for s in ["", " ", "a", " a", "a ", "\u{a0}a", "a\u{2003}", "é", "x\ty", "\n", "~"] {
            assert_eq!(trim_fast(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn owned_collapse_is_collapse() {
        use proptest::prelude::*;
        for s in ["", " ", "a", " a", "a ", "a  b", "a b", "a\tb", "a\u{a0}b", "\u{2003}", "é è", "a b c ", "x\ny"] {
            assert_eq!(collapse_whitespace_owned(s.to_owned()), collapse_whitespace(s), "{s:?}");
        }
        proptest!(ProptestConfig::with_cases(2000), |(s in "[ ab\t\n\r\x0b\x0c\u{85}\u{a0}\u{2003}\u{3000}é]{0,12}")| {
            prop_assert_eq!(collapse_whitespace_owned(s.clone()), collapse_whitespace(&s));
        });
    }

    /// A naive reference: walk characters, counting CRLF as one break.
    fn naive(text: &str, offset: usize) -> (usize, usize) {
        let (mut line, mut col) = (1, 1);
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if i >= offset {
                break;
            }
            match c {
                '\r' if chars.peek().is_some_and(|&(_, n)| n == '\n') => {
                    let (j, _) = chars.next().unwrap_or((i, '\n'));
                    if j >= offset {
                        // offset points between \r and \n: still on this line
                        col += 1;
                        break;
                    }
                    line += 1;
                    col = 1;
                }
                '\r' | '\n' => {
                    line += 1;
                    col = 1;
                }
                _ => col += 1,
            }
        }
        (line, col)
    }

    #[test]
    fn positions_match_naive_reference() {
        let texts = ["a\nb\r\nc\rd", "héllo\nwörld", "", "\n\n\r\r\n", "日本語\r\nx"];
        for text in texts {
            let index = LineIndex::new(text);
            for (offset, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                assert_eq!(index.position(text, offset), naive(text, offset), "{text:?} at {offset}");
            }
        }
    }

    #[test]
    fn decode_strips_bom_and_rejects_binary() {
        assert_eq!(decode(b"\xEF\xBB\xBF# T".to_vec()), Ok(("# T".to_owned(), true)));
        assert_eq!(decode(b"a\0b".to_vec()), Err(DecodeError::Binary { offset: 1 }));
        assert_eq!(decode(b"\xFF\xFEa\0".to_vec()), Err(DecodeError::Utf16));
        assert!(matches!(decode(b"ok\xC3(".to_vec()), Err(DecodeError::InvalidUtf8 { offset: 2 })));
    }

    #[test]
    fn cached_lowercase_is_the_standard_one() {
        for cp in (0..=0xFFFFu32).chain((0x1_0000..0x11_0000).step_by(97)) {
            if let Some(c) = char::from_u32(cp) {
                let std: Vec<char> = c.to_lowercase().collect();
                let want = if std.len() == 1 { Some(std[0]) } else { None };
                assert_eq!(single_lowercase(c), want, "U+{cp:04X}");
            }
        }
    }

    #[test]
    fn cached_alphanumeric_is_the_standard_one() {
        // Every code point of the BMP (and a sample beyond), some twice (cached).
        for cp in (0..=0xFFFFu32).chain((0x1_0000..0x11_0000).step_by(97)).chain(0x3000..0x3100) {
            if let Some(c) = char::from_u32(cp) {
                assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "U+{cp:04X}");
            }
        }
    }
}
