//! Heading anchors as each renderer makes them.
//!
//! Each style reproduces one real implementation, including how it numbers repeated headings,
//! because a fragment that works on the rendered site must be accepted and one that does not
//! must be reported.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// Which renderer's anchor rules a page follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SlugStyle {
    /// github-slugger (GitHub, Docusaurus, mdBook).
    Github,
    /// Python-Markdown `toc` extension (`MkDocs`).
    Mkdocs,
    /// myst-parser `default_slugify` (Sphinx + `MyST`).
    Myst,
    /// GitLab's `TableOfContentsFilter`.
    Gitlab,
}

impl SlugStyle {
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "github" => Some(Self::Github),
            "mkdocs" => Some(Self::Mkdocs),
            "myst" => Some(Self::Myst),
            "gitlab" => Some(Self::Gitlab),
            _ => None,
        }
    }

    pub const NAMES: &'static [&'static str] = &["github", "mkdocs", "myst", "gitlab"];
}

// The character classes below are Unicode categories; the `regex` crate has the tables, so we
// use it for these single-string substitutions (never for Markdown structure).

/// github-slugger keeps letters, marks, numbers, connector punctuation, `-` and space.
static GITHUB_REMOVE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[^\p{L}\p{M}\p{N}\p{Pc} -]").expect("valid regex"));
/// Python's Unicode `\w` is letters, numbers and `_` (no marks); myst adds CJK explicitly.
static MYST_REMOVE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[^\p{L}\p{N}_\x{4e00}-\x{9fff} -]").expect("valid regex"));
/// Ruby's `\p{Word}`: letters, marks, decimal numbers, connector punctuation.
static GITLAB_REMOVE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[^\p{L}\p{M}\p{Nd}\p{Pc} -]").expect("valid regex"));

/// The anchor of `text` before duplicate numbering.
fn base_slug(style: SlugStyle, text: &str) -> String {
    // Nearly every heading is ASCII, where each style's character class is `[a-z0-9_-]` after
    // lower-casing: one pass instead of lower-casing, a regex and a replace.
    if text.is_ascii() {
        match style {
            SlugStyle::Github => return ascii_slug(text),
            SlugStyle::Myst => return ascii_slug(text.trim()),
            SlugStyle::Mkdocs | SlugStyle::Gitlab => {}
        }
    }
    base_slug_general(style, text)
}

/// github-slugger's and myst's removal and space replacement for ASCII text.
fn ascii_slug(text: &str) -> String {
    // Lower-case and filter the bytes in place: one copy, no per-character pushes.
    let mut slug = text.to_ascii_lowercase().into_bytes();
    slug.retain_mut(|b| match *b {
        b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' => true,
        b' ' => {
            *b = b'-';
            true
        }
        _ => false,
    });
    String::from_utf8(slug).expect("ASCII bytes are UTF-8")
}

/// [`base_slug`] for any text, with the renderers' Unicode classes.
fn base_slug_general(style: SlugStyle, text: &str) -> String {
    match style {
        // `value.toLowerCase().replace(regex, '').replace(/ /g, '-')`; no trimming.
        SlugStyle::Github => GITHUB_REMOVE.replace_all(&text.to_lowercase(), "").replace(' ', "-"),
        SlugStyle::Mkdocs => mkdocs_slug(text),
        // `re.sub(r"[^\w\u4e00-\u9fff\- ]", "", title.strip().lower()).replace(" ", "-")`
        SlugStyle::Myst => MYST_REMOVE.replace_all(&text.trim().to_lowercase(), "").replace(' ', "-"),
        SlugStyle::Gitlab => gitlab_slug(text),
    }
}

/// Python-Markdown `toc.slugify` with `unicode=False` and separator `-`:
/// NFKD, drop non-ASCII, remove `[^\w\s-]`, strip, lowercase, `[-\s]+` → `-`.
fn mkdocs_slug(text: &str) -> String {
    let kept: String = text.nfkd().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-' || c.is_ascii_whitespace()).collect();
    let mut out = String::with_capacity(kept.len());
    let mut in_separator = false;
    for c in kept.trim_matches(|c: char| c.is_ascii_whitespace()).chars() {
        if c == '-' || c.is_ascii_whitespace() {
            if !in_separator {
                out.push('-');
            }
            in_separator = true;
        } else {
            out.push(c.to_ascii_lowercase());
            in_separator = false;
        }
    }
    out
}

/// GitLab: `text.strip.downcase.gsub(/[^\p{Word}\- ]/u, '').tr(' ', '-').squeeze('-')`, and an
/// all-digit result gets an `anchor-` prefix.
fn gitlab_slug(text: &str) -> String {
    let removed = GITLAB_REMOVE.replace_all(&text.trim().to_lowercase(), "").replace(' ', "-");
    let mut out = String::with_capacity(removed.len());
    for c in removed.chars() {
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    if !out.is_empty() && out.bytes().all(|b| b.is_ascii_digit()) {
        out.insert_str(0, "anchor-");
    }
    out
}

/// Gives each heading of one page its anchor, numbering repeated ones.
#[derive(Debug)]
pub struct Slugger {
    style: SlugStyle,
    /// Every anchor handed out or reserved so far.
    used: Taken,
    /// Per base slug that was numbered: the last number github-slugger and myst gave it; per
    /// base slug requested: how many times, for GitLab.
    counts: HashMap<String, usize>,
    /// Per base slug that was numbered: the last anchor the mkdocs probing handed out.
    /// Anchors are never released, so probing resumes there: 50,000 equal headings cost
    /// linear, not quadratic, time (regression: such a page hung the run).
    probed: HashMap<String, String>,
}

impl Slugger {
    #[must_use]
    pub fn new(style: SlugStyle) -> Self {
        Self { style, used: Taken::default(), counts: HashMap::default(), probed: HashMap::default() }
    }

    /// Marks an explicit id as taken so that generated anchors avoid it (as Python-Markdown
    /// and myst do; harmless for the others).
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_owned());
    }

    /// The anchor of the next heading with plain text `text`.
    pub fn slug(&mut self, text: &str) -> String {
        let base = base_slug(self.style, text);
        let slug = match self.style {
            SlugStyle::Github => self.github_unique(base),
            SlugStyle::Mkdocs => self.mkdocs_unique(base),
            SlugStyle::Myst => self.myst_unique(base),
            SlugStyle::Gitlab => self.gitlab_unique(base),
        };
        self.used.insert(slug.clone());
        slug
    }

    /// github-slugger: `while (slug in occurrences) { occurrences[base]++; slug = base-n }`.
    fn github_unique(&mut self, base: String) -> String {
        // Most headings are unique: then `base` is the anchor and there is no count to keep.
        if !self.used.contains(&base) {
            return base;
        }
        let mut n = self.counts.get(&base).copied().unwrap_or(0);
        let slug = loop {
            n += 1;
            let slug = format!("{base}-{n}");
            if !self.used.contains(&slug) {
                break slug;
            }
        };
        self.counts.insert(base, n);
        slug
    }

    /// Python-Markdown `unique`: while taken *or empty*, bump a trailing `_N` or append `_1`.
    fn mkdocs_unique(&mut self, base: String) -> String {
        // A free `base` is handed out as is; only numbered bases need a resume point (a
        // missing one means "start at `base`", which is taken by then).
        if !base.is_empty() && !self.used.contains(&base) {
            return base;
        }
        let mut id = self.probed.get(&base).cloned().unwrap_or_else(|| base.clone());
        while id.is_empty() || self.used.contains(&id) {
            id = next_mkdocs_id(&id);
        }
        self.probed.insert(base, id.clone());
        id
    }

    /// mdit-py-plugins `unique_slug`: try `base`, then `base-1`, `base-2`, ….
    fn myst_unique(&mut self, base: String) -> String {
        let i = self.counts.get(&base).copied().unwrap_or(0);
        // Unnumbered and free: no count to keep (a missing count is 0).
        if i == 0 && !self.used.contains(&base) {
            return base;
        }
        let (slug, i) = myst_probe(&base, i, |s| self.used.contains(s));
        self.counts.insert(base, i);
        slug
    }

    /// GitLab: a plain counter per base slug, no collision check.
    fn gitlab_unique(&mut self, base: String) -> String {
        let n = self.counts.entry(base.clone()).or_insert(0);
        let slug = if *n == 0 { base } else { format!("{base}-{n}") };
        *n += 1;
        slug
    }
}

/// The anchors of one page handed out so far. Pages have a handful of headings, and
/// comparing against each is cheaper than hashing; past [`Taken::FEW`] they move into a hash
/// set, so that thousands of headings stay linear.
#[derive(Debug)]
enum Taken {
    Few(Vec<String>),
    Many(HashSet<String>),
}

/// mdit-py-plugins' probe: `base` (number 0) or `base-N` from number `from` up, until one is
/// not taken; that slug and its number.
fn myst_probe(base: &str, from: usize, taken: impl Fn(&str) -> bool) -> (String, usize) {
    let mut i = from;
    let mut slug = if i == 0 { base.to_owned() } else { format!("{base}-{i}") };
    while taken(&slug) {
        i += 1;
        slug = format!("{base}-{i}");
    }
    (slug, i)
}

/// Python-Markdown's next candidate after a taken id: a trailing `_N` bumped, else `_1` added.
fn next_mkdocs_id(id: &str) -> String {
    match id.rsplit_once('_') {
        Some((stem, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => match n.parse::<u64>() {
            Ok(n) => format!("{stem}_{}", n + 1),
            Err(_) => format!("{id}_1"),
        },
        _ => format!("{id}_1"),
    }
}

impl Default for Taken {
    fn default() -> Self {
        // Room for all of them at once: one allocation instead of growing through 4 and 8.
        Self::Few(Vec::with_capacity(Self::FEW))
    }
}

impl Taken {
    const FEW: usize = 16;

    fn contains(&self, anchor: &str) -> bool {
        match self {
            Self::Few(list) => list.iter().any(|taken| taken == anchor),
            Self::Many(set) => set.contains(anchor),
        }
    }

    fn insert(&mut self, anchor: String) {
        match self {
            Self::Few(list) if list.len() < Self::FEW => list.push(anchor),
            Self::Few(list) => {
                let mut set: HashSet<String> = list.drain(..).collect();
                set.insert(anchor);
                *self = Self::Many(set);
            }
            Self::Many(set) => {
                set.insert(anchor);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADINGS: [&str; 7] = ["Conclusion & Future Work", "--config", "Déjà vu", "你好世界", "C++ / C#", "🚀 Launch", "Hello_World"];

    fn slugs(style: SlugStyle, headings: &[&str]) -> Vec<String> {
        let mut slugger = Slugger::new(style);
        headings.iter().map(|h| slugger.slug(h)).collect()
    }

    /// Regression (reliability): numbering equal headings was quadratic for mkdocs and myst;
    /// 50,000 `## Same` hung a run. The numbering itself is unchanged.
    #[test]
    fn many_equal_headings_are_linear_and_numbered_as_before() {
        for style in [SlugStyle::Github, SlugStyle::Mkdocs, SlugStyle::Myst, SlugStyle::Gitlab] {
            let mut slugger = Slugger::new(style);
            let all: Vec<String> = (0..20_000).map(|_| slugger.slug("Same")).collect();
            let last = match style {
                SlugStyle::Mkdocs => "same_19999",
                _ => "same-19999",
            };
            assert_eq!(all.last().map(String::as_str), Some(last), "{style:?}");
        }
        assert_eq!(slugs(SlugStyle::Myst, &["a", "a-1", "a", "a", "a-2"]), ["a", "a-1", "a-2", "a-3", "a-2-1"]);
        assert_eq!(slugs(SlugStyle::Mkdocs, &["a", "a_1", "a", "a", "a_2"]), ["a", "a_1", "a_2", "a_3", "a_4"]);
    }

    /// The slugger before [`Taken`] and the skipped bookkeeping for free anchors: every
    /// anchor in a hash set, a count or resume point kept for every base.
    struct Reference {
        style: SlugStyle,
        used: HashSet<String>,
        counts: HashMap<String, usize>,
        probed: HashMap<String, String>,
    }

    impl Reference {
        fn slug(&mut self, text: &str) -> String {
            let base = base_slug(self.style, text);
            let slug = match self.style {
                SlugStyle::Github => {
                    let mut slug = base.clone();
                    while self.used.contains(&slug) {
                        let n = self.counts.entry(base.clone()).or_insert(0);
                        *n += 1;
                        slug = format!("{base}-{n}");
                    }
                    slug
                }
                SlugStyle::Mkdocs => {
                    let mut id = self.probed.get(&base).cloned().unwrap_or_else(|| base.clone());
                    while id.is_empty() || self.used.contains(&id) {
                        id = next_mkdocs_id(&id);
                    }
                    self.probed.insert(base, id.clone());
                    id
                }
                SlugStyle::Myst => {
                    let i = self.counts.get(&base).copied().unwrap_or(0);
                    let (slug, i) = myst_probe(&base, i, |s| self.used.contains(s));
                    self.counts.insert(base, i);
                    slug
                }
                SlugStyle::Gitlab => {
                    let n = self.counts.entry(base.clone()).or_insert(0);
                    let slug = if *n == 0 { base } else { format!("{base}-{n}") };
                    *n += 1;
                    slug
                }
            };
            self.used.insert(slug.clone());
            slug
        }
    }

    /// Numbering is unchanged by the short list, its move into a hash set past [`Taken::FEW`]
    /// anchors and the bookkeeping skipped for free ones: headings from a small alphabet
    /// collide with each other, with numbered anchors and with reserved ids.
    #[test]
    fn numbering_matches_the_reference() {
        use proptest::prelude::*;
        let heading = prop::sample::select(vec!["A", "a", "a 1", "a-1", "a_1", "a-2", "a_2", "a_x", "B", "", "?", "你好", "_1", "1", "a-1-1"]);
        let reserved = prop::sample::select(vec!["a", "a-1", "a_1", "b", "_1", "a-3", "x"]);
        proptest!(ProptestConfig::with_cases(500), |(headings in prop::collection::vec(heading, 0..60), ids in prop::collection::vec(reserved, 0..4))| {
            for style in [SlugStyle::Github, SlugStyle::Mkdocs, SlugStyle::Myst, SlugStyle::Gitlab] {
                let mut slugger = Slugger::new(style);
                let mut reference = Reference { style, used: HashSet::default(), counts: HashMap::default(), probed: HashMap::default() };
                for id in &ids {
                    slugger.reserve(id);
                    reference.used.insert((*id).to_owned());
                }
                for h in &headings {
                    prop_assert_eq!(slugger.slug(h), reference.slug(h), "{:?} {:?} {:?}", style, ids, headings);
                }
            }
        });
    }

    #[test]
    fn ascii_fast_path_matches_the_general_one() {
        use proptest::prelude::*;
        proptest!(ProptestConfig::with_cases(2000), |(text in "[ -~\t\n\x0b\x0c\r\x1c]{0,24}")| {
            for style in [SlugStyle::Github, SlugStyle::Myst, SlugStyle::Mkdocs, SlugStyle::Gitlab] {
                prop_assert_eq!(base_slug(style, &text), base_slug_general(style, &text), "{:?} {:?}", style, text);
            }
        });
    }

    #[test]
    fn github() {
        assert_eq!(slugs(SlugStyle::Github, &HEADINGS), ["conclusion--future-work", "--config", "déjà-vu", "你好世界", "c--c", "-launch", "hello_world"]);
    }

    #[test]
    fn mkdocs() {
        // `你好世界` becomes empty after dropping non-ASCII; Python-Markdown's `unique` never
        // hands out an empty id and turns it into `_1`.
        assert_eq!(slugs(SlugStyle::Mkdocs, &HEADINGS), ["conclusion-future-work", "-config", "deja-vu", "_1", "c-c", "launch", "hello_world"]);
    }

    #[test]
    fn myst() {
        assert_eq!(slugs(SlugStyle::Myst, &HEADINGS), ["conclusion--future-work", "--config", "déjà-vu", "你好世界", "c--c", "-launch", "hello_world"]);
    }

    #[test]
    fn gitlab() {
        assert_eq!(slugs(SlugStyle::Gitlab, &HEADINGS), ["conclusion-future-work", "-config", "déjà-vu", "你好世界", "c-c", "-launch", "hello_world"]);
        assert_eq!(slugs(SlugStyle::Gitlab, &["2024"]), ["anchor-2024"]);
    }

    #[test]
    fn duplicates() {
        let repeated = ["Intro", "Intro", "Intro-1", "Intro"];
        // github-slugger loops until unused: the literal `intro-1` heading gets `intro-1-1`.
        assert_eq!(slugs(SlugStyle::Github, &repeated), ["intro", "intro-1", "intro-1-1", "intro-2"]);
        assert_eq!(slugs(SlugStyle::Mkdocs, &["Intro", "Intro", "Intro"]), ["intro", "intro_1", "intro_2"]);
        assert_eq!(slugs(SlugStyle::Myst, &repeated), ["intro", "intro-1", "intro-1-1", "intro-2"]);
        assert_eq!(slugs(SlugStyle::Gitlab, &["Intro", "Intro", "Intro"]), ["intro", "intro-1", "intro-2"]);
    }

    #[test]
    fn reserved_ids_are_avoided() {
        let mut slugger = Slugger::new(SlugStyle::Mkdocs);
        slugger.reserve("setup");
        assert_eq!(slugger.slug("Setup"), "setup_1");
    }

    #[test]
    fn parse_names() {
        for name in SlugStyle::NAMES {
            assert!(SlugStyle::parse(name).is_some());
        }
        assert_eq!(SlugStyle::parse("nope"), None);
    }
}
