//! Topics and the pages they concern: shared by duplicate-topic and by the duplicate rules,
//! which report a copied pair at the page outside the topic's owners.

use std::ops::Range;

use regex::RegexSet;
use rustc_hash::FxHashMap;

use crate::manifest::{Topic, is_under};
use crate::page::Page;
use crate::workspace::Workspace;

/// Whether root-relative `path` is where `topic` belongs: in an owner section's subtree
/// (nested sections included) or one of its canonical pages.
#[must_use]
pub fn owns(topic: &Topic, path: &str) -> bool {
    topic.owners.iter().any(|o| is_under(path, o)) || topic.pages.iter().any(|p| p == path)
}

/// Whether the page's title matches one of the topic's regexes.
#[must_use]
pub fn title_matches(topic: &Topic, page: &Page) -> bool {
    page.title().is_some_and(|t| topic.matches.iter().any(|r| r.is_match(t)))
}

/// Whether the page's file stem matches one of the topic's regexes.
#[must_use]
pub fn stem_matches(topic: &Topic, page: &Page) -> bool {
    topic.matches.iter().any(|r| r.is_match(page.stem()))
}

/// Where the page's front matter claims the topic, if it does.
#[must_use]
pub fn claim(topic: &Topic, page: &Page) -> Option<Range<usize>> {
    page.front_matter.topics.iter().find(|(name, _)| *name == topic.name).map(|(_, r)| r.clone())
}

/// Whether the page is about the topic at all: owned by it, matching it or claiming it.
#[must_use]
pub fn concerns(topic: &Topic, page: &Page) -> bool {
    owns(topic, &page.path) || title_matches(topic, page) || stem_matches(topic, page) || claim(topic, page).is_some()
}

/// The manifest's topics indexed so that a page finds the few topics it may concern without
/// running every topic's regexes (pages × topics regex runs dominated duplicate-topic).
#[derive(Debug)]
pub struct TopicIndex {
    /// Every topic regex in one set, and the topic of each (in topic order); `None` when the
    /// set cannot be built (too large), in which case every topic is a candidate.
    set: Option<(RegexSet, Vec<usize>)>,
    /// Topic name → topics of that name, for front-matter claims.
    by_name: FxHashMap<String, Vec<usize>>,
    /// Owner directory → topics it owns, canonical page path → topics listing it.
    owner_dirs: FxHashMap<String, Vec<usize>>,
    page_paths: FxHashMap<String, Vec<usize>>,
    /// Topics owned by the root (an owner that is the empty directory).
    root_owned: Vec<usize>,
    topics: usize,
}

impl TopicIndex {
    #[must_use]
    pub fn new(topics: &[Topic]) -> Self {
        let mut patterns = Vec::new();
        let mut of = Vec::new();
        let mut by_name: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut owner_dirs: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut page_paths: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut root_owned = Vec::new();
        for (t, topic) in topics.iter().enumerate() {
            for r in &topic.matches {
                patterns.push(r.as_str());
                of.push(t);
            }
            by_name.entry(topic.name.clone()).or_default().push(t);
            for o in &topic.owners {
                if o.is_empty() {
                    root_owned.push(t);
                } else {
                    owner_dirs.entry(o.clone()).or_default().push(t);
                }
            }
            for p in &topic.pages {
                page_paths.entry(p.clone()).or_default().push(t);
            }
        }
        // Each pattern compiled on its own by `Regex::new` with default flags: the set does
        // the same, and reports which patterns match anywhere in the text, as `is_match` does.
        let set = RegexSet::new(&patterns).ok().map(|set| (set, of));
        Self { set, by_name, owner_dirs, page_paths, root_owned, topics: topics.len() }
    }

    /// Topics whose regexes may match `text` (a superset: the caller still checks), in order.
    fn matching(&self, text: &str, out: &mut Vec<usize>) {
        match &self.set {
            Some((set, of)) => out.extend(set.matches(text).iter().map(|m| of[m])),
            None => out.extend(0..self.topics),
        }
    }

    /// The topics that may concern `page` through its title, file name or front matter (a
    /// superset of those that do; ownership aside), sorted by topic index without repeats.
    #[must_use]
    pub fn candidates(&self, page: &Page) -> Vec<usize> {
        let mut out = Vec::new();
        if let Some(title) = page.title() {
            self.matching(title, &mut out);
        }
        self.matching(page.stem(), &mut out);
        for (name, _) in &page.front_matter.topics {
            if let Some(ts) = self.by_name.get(name.as_str()) {
                out.extend_from_slice(ts);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The topics that own root-relative `path` (see [`owns`]): a superset, sorted, no repeats.
    #[must_use]
    pub fn owning(&self, path: &str) -> Vec<usize> {
        let mut out = self.root_owned.clone();
        if let Some(ts) = self.page_paths.get(path) {
            out.extend_from_slice(ts);
        }
        let mut dir = path;
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if let Some(ts) = self.owner_dirs.get(parent) {
                out.extend_from_slice(ts);
            }
            dir = parent;
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Topics that may concern `page` at all (see [`concerns`]): a superset, sorted, no repeats.
    #[must_use]
    pub fn concerning(&self, page: &Page) -> Vec<usize> {
        let mut out = self.candidates(page);
        out.extend(self.owning(&page.path));
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Of two pages holding the same text, the one that should go (and the topic that decides it):
/// when a topic concerns both and owns exactly one, the other; otherwise the later path.
#[must_use]
pub fn would_go(ws: &Workspace, a: usize, b: usize) -> (usize, usize, Option<&Topic>) {
    let (pa, pb) = (&ws.pages[a], &ws.pages[b]);
    // Only topics that may concern both pages, in topic order (the first that decides wins).
    let index = ws.topic_index();
    let (ta, tb) = (index.concerning(pa), index.concerning(pb));
    let both = ta.iter().filter(|t| tb.binary_search(t).is_ok());
    for topic in both.map(|&t| &ws.settings.topics[t]) {
        if !(concerns(topic, pa) && concerns(topic, pb)) {
            continue;
        }
        match (owns(topic, &pa.path), owns(topic, &pb.path)) {
            (true, false) => return (b, a, Some(topic)),
            (false, true) => return (a, b, Some(topic)),
            _ => {}
        }
    }
    if pa.path <= pb.path { (b, a, None) } else { (a, b, None) }
}

/// "`configuration` is owned by `setup-deployment`": the owners, for help texts.
#[must_use]
pub fn owned_by(topic: &Topic) -> String {
    let owners: Vec<String> = topic.owners.iter().map(|o| format!("`{o}`")).collect();
    format!("`{}` is owned by {}", topic.name, join(&owners))
}

/// `a`, `a and b`, `a, b and c`.
#[must_use]
pub fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Where the title is written: the front-matter `title` value, else the first level-1 heading.
#[must_use]
pub fn title_span(page: &Page) -> Option<Range<usize>> {
    if page.front_matter.title.is_some() {
        let block = page.front_matter.span.clone()?;
        let mut offset = block.start;
        for line in page.text().get(block)?.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            if let Some(rest) = content.strip_prefix("title") {
                let value = rest.trim_start();
                if let Some(value) = value.strip_prefix(':').or_else(|| value.strip_prefix('=')) {
                    let value = value.trim();
                    let start = offset + (value.as_ptr() as usize - content.as_ptr() as usize);
                    return Some(start..start + value.len());
                }
            }
            offset += line.len();
        }
        return None;
    }
    page.h1_span.clone()
}

#[cfg(test)]
mod tests {
    use super::{TopicIndex, owns};
    use crate::diagnostic::Span;
    use crate::manifest::Topic;

    fn topic(name: &str, owners: &[&str], pages: &[&str]) -> Topic {
        Topic {
            name: name.to_owned(),
            title: None,
            owners: owners.iter().map(|&o| o.to_owned()).collect(),
            pages: pages.iter().map(|&p| p.to_owned()).collect(),
            matches: Vec::new(),
            allow: Vec::new(),
            span: Span { bytes: 0..0, line: 1, column: 1, end_line: 1, end_column: 1 },
        }
    }

    #[test]
    fn owning_is_exactly_owns() {
        let topics = [
            topic("a", &["guide"], &["ref/a.md"]),
            topic("b", &["guide/deep", "api"], &[]),
            topic("c", &[""], &[]),
            topic("d", &["gui"], &["guide.md", "api/x.md"]),
        ];
        let index = TopicIndex::new(&topics);
        for path in ["guide/x.md", "guide/deep/y.md", "guide.md", "guidebook/x.md", "api/x.md", "ref/a.md", "x.md", "gui/z/w.md", "guide/deep"] {
            let expected: Vec<usize> = (0..topics.len()).filter(|&t| owns(&topics[t], path)).collect();
            assert_eq!(index.owning(path), expected, "{path}");
        }
    }
}
