//! Root-relative path → page index, laid out for lookups that mostly hit: every path sits in
//! one contiguous buffer, and one open-addressing table of 16-byte slots holds, per path, a
//! tag of its hash, its page and where it lies in the buffer. A lookup reads one slot and the
//! path's bytes: two cache misses on a large tree, where a hash map of hashes plus a table of
//! spans took four (resolving a 100k-page tree does a million lookups).

#[derive(Debug, Default)]
pub struct PathIndex {
    /// Every path given, back to back and in order (a repeated one too).
    arena: String,
    /// Where each given path ends in `arena`: [`PathIndex::path`] reads the paths in order
    /// from one contiguous buffer, where a pass over the pages' own strings took a cache miss
    /// or two per page on a large tree.
    ends: Vec<u32>,
    /// Linear probing, at most half full; `len` is the number of slots, a power of two.
    slots: Vec<Slot>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The high half of the path's hash (the low half picks the home slot).
    tag: u32,
    /// The page, or [`Slot::EMPTY`].
    idx: u32,
    /// Where the path lies in `arena`.
    start: u32,
    len: u32,
}

impl Slot {
    const EMPTY: u32 = u32::MAX;
    const VACANT: Self = Self { tag: 0, idx: Self::EMPTY, start: 0, len: 0 };
}

impl PathIndex {
    /// Indexes `paths` by position; a path given twice keeps its first index.
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a str, IntoIter: Clone>) -> Self {
        let paths = paths.into_iter();
        let count = paths.clone().count();
        let mut index = Self {
            arena: String::with_capacity(paths.clone().map(str::len).sum()),
            ends: Vec::with_capacity(count),
            slots: vec![Slot::VACANT; (count.max(1) * 2).next_power_of_two()],
        };
        for (i, path) in paths.enumerate() {
            let (Ok(idx), Ok(start), Ok(len), Ok(end)) =
                (u32::try_from(i), u32::try_from(index.arena.len()), u32::try_from(path.len()), u32::try_from(index.arena.len() + path.len()))
            else {
                // Beyond 4 GiB of paths or 4 billion pages: not a docs tree this indexes.
                break;
            };
            index.arena.push_str(path);
            index.ends.push(end);
            let h = hash(path);
            let mut at = home(h, index.mask());
            loop {
                let slot = index.slots[at];
                if slot.idx == Slot::EMPTY {
                    index.slots[at] = Slot { tag: tag(h), idx, start, len };
                    break;
                }
                if slot.tag == tag(h) && index.path_at(slot) == path {
                    break; // given before: the first index stays
                }
                at = (at + 1) & index.mask();
            }
        }
        index
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    fn path_at(&self, slot: Slot) -> &str {
        self.arena.get(slot.start as usize..(slot.start + slot.len) as usize).unwrap_or_default()
    }

    #[must_use]
    pub fn get(&self, path: &str) -> Option<usize> {
        let h = hash(path);
        let mut at = home(h, self.mask());
        loop {
            let slot = self.slots[at];
            if slot.idx == Slot::EMPTY {
                return None;
            }
            if slot.tag == tag(h) && self.path_at(slot) == path {
                return Some(slot.idx as usize);
            }
            at = (at + 1) & self.mask();
        }
    }

    /// The `i`-th path given (`None` past the end).
    #[must_use]
    pub fn path(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.arena.get(start..end)
    }

    /// Starts loading what looking up paths with these [`hash`]es will read (each home slot,
    /// then the path bytes it points at), without waiting for one load before the next. On a
    /// tree whose index is far bigger than the cache, each lookup misses twice; one at a time,
    /// resolving a 100k-page tree waited on two million misses in a row.
    pub fn warm(&self, hashes: &[u64]) {
        let mask = self.mask();
        // Independent loads: the processor has them all in flight at once.
        let slots = hashes.iter().fold(0u32, |acc, &h| acc.wrapping_add(self.slots[home(h, mask)].start));
        let bytes = hashes.iter().fold(0u8, |acc, &h| {
            let slot = self.slots[home(h, mask)];
            acc.wrapping_add(self.arena.as_bytes().get(slot.start as usize).copied().unwrap_or(0))
        });
        // Kept, or the loads would be optimised away.
        std::hint::black_box((slots, bytes));
    }

    /// Whether the index is large enough for [`PathIndex::warm`] to pay: its slots and paths
    /// no longer fit in a core's cache.
    #[must_use]
    pub fn is_large(&self) -> bool {
        self.slots.len() * std::mem::size_of::<Slot>() + self.arena.len() > LARGE_BYTES
    }

    #[must_use]
    pub fn contains(&self, path: &str) -> bool {
        self.get(path).is_some()
    }
}

/// Beyond this many bytes of slots and paths, lookups miss the cache (a core's L2 is 1 MiB
/// on this project's benchmark machine, and the index shares it with everything else).
/// Measured: warming cost 3 ms of resolving's 17 on the 10k-page tree (a 0.5 MiB index, in
/// cache) and saved 43 ms of its 248 on the 100k-page tree (7 MiB).
const LARGE_BYTES: usize = 2 << 20;

/// `FxHash`: a multiply per eight bytes. A weak hash only lengthens probe paths; every
/// match is confirmed on the path's bytes.
#[must_use]
pub fn hash(path: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(path.as_bytes());
    h.finish()
}

fn home(h: u64, mask: usize) -> usize {
    (h as usize) & mask
}

fn tag(h: u64) -> u32 {
    (h >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_path_and_nothing_else() {
        let paths = ["a.md", "dir/b.md", "dir/c.md", "", "dir/b.md"];
        let index = PathIndex::new(paths);
        assert_eq!(index.get("a.md"), Some(0));
        assert_eq!(index.get("dir/b.md"), Some(1), "a repeated path keeps its first index");
        assert_eq!(index.get("dir/c.md"), Some(2));
        assert_eq!(index.get(""), Some(3));
        assert_eq!(index.get("dir"), None);
        assert_eq!(index.get("dir/b.m"), None);
        assert_eq!(PathIndex::new([]).get("x"), None);
    }

    #[test]
    fn agrees_with_a_hash_map() {
        use proptest::prelude::*;
        // Short paths over a tiny alphabet: many share a home slot or a tag.
        proptest!(ProptestConfig::with_cases(2_000), |(paths in prop::collection::vec("[ab/]{0,4}", 0..40), probes in prop::collection::vec("[ab/]{0,4}", 0..20))| {
            let index = PathIndex::new(paths.iter().map(String::as_str));
            // Warming is only a hint: any hashes, found or not, change no answer.
            index.warm(&paths.iter().chain(&probes).map(|p| hash(p)).collect::<Vec<_>>());
            let mut first = std::collections::HashMap::new();
            for (i, p) in paths.iter().enumerate() {
                first.entry(p.as_str()).or_insert(i);
            }
            for p in paths.iter().chain(&probes) {
                prop_assert_eq!(index.get(p), first.get(p.as_str()).copied(), "{}", p);
            }
            for (i, p) in paths.iter().enumerate() {
                prop_assert_eq!(index.path(i), Some(p.as_str()));
            }
            prop_assert_eq!(index.path(paths.len()), None);
        });
    }
}
