//! Topics and the pages they concern: shared by duplicate-topic and by the duplicate rules,
//! which report a copied pair at the page outside the topic's owners.

use std::ops::Range;

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
    page.title.as_deref().is_some_and(|t| topic.matches.iter().any(|r| r.is_match(t)))
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

/// Of two pages holding the same text, the one that should go (and the topic that decides it):
/// when a topic concerns both and owns exactly one, the other; otherwise the later path.
#[must_use]
pub fn would_go(ws: &Workspace, a: usize, b: usize) -> (usize, usize, Option<&Topic>) {
    let (pa, pb) = (&ws.pages[a], &ws.pages[b]);
    for topic in &ws.settings.topics {
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
        for line in page.text.get(block)?.split_inclusive('\n') {
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
    page.headings.iter().find(|h| h.level == 1).map(|h| h.span.clone())
}
