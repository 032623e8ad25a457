//! "Did you mean" suggestions.
//!
//! [`closest`] scores every candidate; [`Suggester`] indexes a candidate list once and answers
//! the same question for many names, skipping candidates whose score provably cannot win.

pub(crate) mod cache;

/// A candidate scoring below this is not a likely typo.
const THRESHOLD: f64 = 0.6;

/// The candidate closest to `name`, if it is close enough to be a likely typo: the only
/// candidate that `name` (3+ bytes) starts, else the best normalized Damerau-Levenshtein score
/// of at least 0.6 (case-insensitive), ties going to the smallest candidate.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    // A name that is the start of exactly one candidate (`setup` for `setup-deployment`).
    let prefixed: Vec<&'a str> = candidates.iter().copied().filter(|c| lower.len() >= 3 && c.to_lowercase().starts_with(&lower)).collect();
    if let [only] = prefixed.as_slice() {
        return Some(only);
    }
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|&(score, c)| score >= THRESHOLD || (c.to_lowercase() == lower))
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// Characters counted per bucket in a [`Shape`].
const BUCKETS: usize = 64;

/// A lowercased candidate and the facts its bounds need.
#[derive(Debug)]
struct Entry {
    raw: Box<str>,
    lower: Box<str>,
    shape: Shape,
}

/// A string's length in chars and its characters counted by bucket (saturating).
#[derive(Debug)]
struct Shape {
    chars: usize,
    counts: [u8; BUCKETS],
}

impl Shape {
    fn of(s: &str) -> Self {
        let mut counts = [0u8; BUCKETS];
        let mut chars = 0;
        for c in s.chars() {
            chars += 1;
            let b = &mut counts[bucket(c)];
            *b = b.saturating_add(1);
        }
        Self { chars, counts }
    }

    /// A lower bound on the Damerau-Levenshtein distance between the two strings. An edit
    /// (insertion, deletion, substitution, transposition) removes at most one character from
    /// the surplus of either side, so the distance is at least the larger surplus. Merging
    /// characters into buckets and saturating counts only shrink a surplus: still a bound.
    fn distance_bound(&self, other: &Self) -> usize {
        let (mut over, mut under) = (0usize, 0usize);
        for (&a, &b) in self.counts.iter().zip(&other.counts) {
            over += usize::from(a.saturating_sub(b));
            under += usize::from(b.saturating_sub(a));
        }
        over.max(under).max(self.chars.abs_diff(other.chars))
    }
}

/// Letters and digits get a bucket each, common separators too; the rest share by code point.
fn bucket(c: char) -> usize {
    match c {
        'a'..='z' => c as usize - 'a' as usize,
        '0'..='9' => 26 + (c as usize - '0' as usize),
        '-' => 36,
        '_' => 37,
        '.' => 38,
        '/' => 39,
        ' ' => 40,
        _ => 41 + (c as usize % (BUCKETS - 41)),
    }
}

/// The score of a pair at Damerau-Levenshtein `distance`, computed as strsim computes
/// `normalized_damerau_levenshtein` (so that a bound on the distance bounds the float).
fn score(distance: usize, longest: usize) -> f64 {
    if longest == 0 { 1.0 } else { 1.0 - (distance as f64) / (longest as f64) }
}

/// Whether a candidate with `score` ranks above the best so far: a higher score, or the same
/// score and a smaller name (the order `closest` takes its maximum in).
fn beats(candidate: (f64, &str), best: (f64, &str)) -> bool {
    candidate.0.total_cmp(&best.0).then_with(|| best.1.cmp(candidate.1)).is_gt()
}

/// A candidate list indexed for [`closest`] queries: same answer, without scoring every
/// candidate. Candidates are kept with their multiplicity (a duplicate defeats the prefix rule).
#[derive(Debug)]
pub struct Suggester {
    /// Sorted by lowercase form: the candidates a name starts form one run.
    entries: Vec<Entry>,
    /// Positions in `entries`, by length in chars: the lengths close enough form one run.
    by_len: Vec<u32>,
}

impl Suggester {
    pub fn new<'a>(candidates: impl IntoIterator<Item = &'a str>) -> Self {
        let mut entries: Vec<Entry> = candidates
            .into_iter()
            .map(|raw| {
                let lower = raw.to_lowercase();
                Entry { raw: raw.into(), shape: Shape::of(&lower), lower: lower.into() }
            })
            .collect();
        entries.sort_unstable_by(|a, b| a.lower.cmp(&b.lower));
        let mut by_len: Vec<u32> = (0..entries.len() as u32).collect();
        by_len.sort_by_key(|&i| entries[i as usize].shape.chars);
        Self { entries, by_len }
    }

    /// What [`closest`] answers for `name` over these candidates.
    #[must_use]
    pub fn closest(&self, name: &str) -> Option<&str> {
        let lower = name.to_lowercase();
        if let Some(only) = self.only_prefixed(&lower) {
            return Some(only);
        }
        let query = Shape::of(&lower);
        // Candidates that may reach the threshold, best bound first (then smallest, the tie-break).
        let mut hopeful: Vec<(f64, u32)> = self
            .len_window(query.chars)
            .iter()
            .filter_map(|&i| {
                let shape = &self.entries[i as usize].shape;
                let bound = score(query.distance_bound(shape), query.chars.max(shape.chars));
                (bound >= THRESHOLD).then_some((bound, i))
            })
            .collect();
        hopeful.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then_with(|| self.entries[a.1 as usize].raw.cmp(&self.entries[b.1 as usize].raw)));
        let mut best: Option<(f64, &Entry)> = None;
        for (bound, i) in hopeful {
            let e = &self.entries[i as usize];
            if let Some((top, winner)) = best {
                // Every later candidate has a lower bound, or the same bound and a larger name.
                if !beats((bound, &e.raw), (top, &winner.raw)) {
                    break;
                }
            }
            let s = strsim::normalized_damerau_levenshtein(&lower, &e.lower);
            let wins = best.is_none_or(|(top, winner)| beats((s, &e.raw), (top, &winner.raw)));
            if s >= THRESHOLD && wins {
                best = Some((s, e));
            }
        }
        best.map(|(_, e)| &*e.raw)
    }

    /// The one candidate whose lowercase form starts with `lower` (3+ bytes), if exactly one does.
    fn only_prefixed(&self, lower: &str) -> Option<&str> {
        if lower.len() < 3 {
            return None;
        }
        let start = self.entries.partition_point(|e| &*e.lower < lower);
        let mut run = self.entries[start..].iter().take_while(|e| e.lower.starts_with(lower)).take(2);
        match (run.next(), run.next()) {
            (Some(only), None) => Some(&only.raw),
            _ => None,
        }
    }

    /// The candidates whose length alone does not rule them out for a name of `chars` chars.
    /// The length bound rises with a candidate's length up to `chars`, then falls.
    fn len_window(&self, chars: usize) -> &[u32] {
        let len_bound = |i: u32| {
            let n = self.entries[i as usize].shape.chars;
            score(n.abs_diff(chars), n.max(chars))
        };
        let len = |i: u32| self.entries[i as usize].shape.chars;
        let lo = self.by_len.partition_point(|&i| len(i) < chars && len_bound(i) < THRESHOLD);
        let hi = self.by_len.partition_point(|&i| len(i) <= chars || len_bound(i) >= THRESHOLD);
        &self.by_len[lo..hi.max(lo)]
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Suggester, closest};

    #[test]
    fn suggests_near_names() {
        assert_eq!(super::closest("maxpages", ["title", "max-pages", "pages"]), Some("max-pages"));
        assert_eq!(super::closest("zzz", ["title", "max-pages"]), None);
        assert_eq!(super::closest("setup", ["training", "setup-deployment"]), Some("setup-deployment"));
    }

    #[test]
    fn suggester_matches_closest_on_edge_cases() {
        let cases: &[(&str, &[&str])] = &[
            ("", &["", "a"]),
            ("", &["a", "b"]),
            ("ab", &["", "ba", "AB", "ab"]),
            ("abc", &["ABC", "abc"]),
            ("abc", &["abcd", "ABCD"]),
            ("abc", &["abcd", "abcd"]),
            ("abcd", &["abce", "abcf", "Abce"]),
            ("İstanbul", &["i̇stanbul", "istanbul", "İSTANBUL"]),
            ("straße", &["STRASSE", "strase", "straẞe"]),
            ("ab", &["ba", "ab", "aab"]),
        ];
        for &(name, candidates) in cases {
            let s = Suggester::new(candidates.iter().copied());
            assert_eq!(s.closest(name), closest(name, candidates.iter().copied()), "{name:?} in {candidates:?}");
        }
    }

    /// Names from a small alphabet (so that near misses, ties and prefixes are common), with
    /// case differences, non-ASCII letters whose lowercase form changes length, and separators.
    fn word() -> impl Strategy<Value = String> {
        proptest::collection::vec(prop::sample::select(vec!['a', 'b', 'c', 'A', 'B', 'd', '-', '/', '.', 'é', 'É', 'İ', 'ß', '1', '😀']), 0..9)
            .prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn suggester_matches_closest(name in word(), candidates in proptest::collection::vec(word(), 0..24)) {
            let s = Suggester::new(candidates.iter().map(String::as_str));
            prop_assert_eq!(s.closest(&name), closest(&name, candidates.iter().map(String::as_str)));
        }

        #[test]
        fn suggester_matches_closest_on_near_copies(base in proptest::collection::vec(word(), 1..6), name in word(), picks in proptest::collection::vec((0usize..6, 0usize..4, word()), 0..30)) {
            // Candidates that share long runs with each other and with the name: many close scores.
            let candidates: Vec<String> = picks.iter().map(|(i, cut, tail)| {
                let b = &base[i % base.len()];
                let keep: String = b.chars().take(b.chars().count().saturating_sub(*cut)).collect();
                format!("{keep}{tail}")
            }).collect();
            let name = format!("{}{name}", base[0]);
            let s = Suggester::new(candidates.iter().map(String::as_str));
            prop_assert_eq!(s.closest(&name), closest(&name, candidates.iter().map(String::as_str)));
        }
    }
}
