//! duplicate-title: two pages in different sections with the same normalised title.

use std::hash::BuildHasher;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{Rule, RuleId};
use crate::diagnostic::{Diagnostic, Related};
use crate::duplicates::topic::title_span;
use crate::workspace::Workspace;

pub(crate) struct DuplicateTitle;

/// Landing-page titles that say "this section's front page" and nothing else. Two *index*
/// pages with one of these titles are told apart by their section in every nav and
/// breadcrumb, so they are not reported; any other page with such a title still is.
const LANDING_TITLES: &[&str] = &["overview", "introduction", "index", "home", "welcome", "contents", "table of contents", "about"];

impl Rule for DuplicateTitle {
    fn check_workspace(&self, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        // Pages are sorted by path, so each group lists its pages in path order. Titles are
        // normalised in parallel and grouped by hash first (a string key per page made this
        // the slowest workspace rule); only groups of two or more are compared as strings.
        let keys: Vec<Option<u64>> = ws
            .pages
            .par_iter()
            .enumerate()
            .map_init(String::new, |buf, (i, page)| {
                // A page left at a `moved.from` path is stray-page's finding, not a second title.
                let title = page.title.as_deref().filter(|_| !ws.structure.status[i].is_moved_from())?;
                normalise_into(title, buf);
                (!buf.is_empty()).then(|| rustc_hash::FxBuildHasher.hash_one(buf.as_str()))
            })
            .collect();
        let mut by_key: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        for (i, key) in keys.iter().enumerate() {
            if let Some(key) = key {
                by_key.entry(*key).or_default().push(i);
            }
        }
        // Only titles shared by two pages matter; in title order, for deterministic output.
        let mut shared: Vec<(String, Vec<usize>)> = Vec::new();
        for pages in by_key.into_values().filter(|pages| pages.len() > 1) {
            let mut exact: Vec<(String, Vec<usize>)> = Vec::new();
            for i in pages {
                let title = normalise(ws.pages[i].title.as_deref().unwrap_or_default());
                match exact.iter_mut().find(|(t, _)| *t == title) {
                    Some((_, group)) => group.push(i),
                    None => exact.push((title, vec![i])),
                }
            }
            shared.extend(exact.into_iter().filter(|(_, group)| group.len() > 1));
        }
        shared.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (title, pages) in &shared {
            let landing = LANDING_TITLES.contains(&title.as_str());
            // The group's first page in another section than its very first page: what any
            // page in that first section repeats (found once, so a big group stays linear).
            let first_section = ws.page_sections[pages[0]];
            let first_elsewhere = pages.iter().position(|&j| ws.page_sections[j] != first_section);
            for (n, &i) in pages.iter().enumerate() {
                let exempt = |j: usize| landing && ws.is_index(&ws.pages[i]) && ws.is_index(&ws.pages[j]);
                // The first earlier page in another section: the page this one repeats.
                let first = if landing {
                    pages[..n].iter().copied().find(|&j| ws.page_sections[j] != ws.page_sections[i] && !exempt(j))
                } else if ws.page_sections[i] != first_section {
                    Some(pages[0])
                } else {
                    first_elsewhere.filter(|&k| k < n).map(|k| pages[k])
                };
                let Some(first) = first else { continue };
                let (page, other) = (&ws.pages[i], &ws.pages[first]);
                let shown = page.title.as_deref().unwrap_or_default();
                out.push(
                    Diagnostic::new(RuleId::DuplicateTitle, &page.project_path, format!("title `{shown}` is also the title of `{}`", other.path))
                        .help(format!(
                            "readers and search results cannot tell {} and {} apart; give each page a title that says what only it covers, or merge them",
                            section_name(ws, i),
                            section_name(ws, first)
                        ))
                        .related(Related {
                            path: other.project_path.clone(),
                            span: title_span(other).map(|r| other.span(r)),
                            message: "the same title here".to_owned(),
                        })
                        .subject(other.path.clone()),
                );
            }
        }
    }
}

/// Case-folded, whitespace collapsed, trailing punctuation trimmed.
fn normalise(title: &str) -> String {
    let mut out = String::new();
    normalise_into(title, &mut out);
    out
}

/// [`normalise`] into `out`, without allocating for an ASCII title that fits.
fn normalise_into(title: &str, out: &mut String) {
    out.clear();
    if title.is_ascii() {
        for word in title.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        out.make_ascii_lowercase();
    } else {
        // `str::to_lowercase` knows what a character-wise fold does not (a final sigma).
        out.push_str(&crate::text::collapse_whitespace(title).to_lowercase());
    }
    let kept = out.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ':' | ';' | '!' | '?' | '…' | '。' | '：' | '！' | '？')).len();
    out.truncate(kept);
}

fn section_name(ws: &Workspace, page: usize) -> String {
    match ws.page_sections[page] {
        Some(s) => format!("the page in `{}`", ws.settings.sections[s].dir),
        None => "the root page".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn normalises_titles() {
        assert_eq!(super::normalise("  Configuration   Reference. "), "configuration reference");
        assert_eq!(super::normalise("What is it?"), "what is it");
        assert_eq!(super::normalise("C++"), "c++");
        assert_eq!(super::normalise("Setup:"), "setup");
        assert_eq!(super::normalise("Tab\tand\u{b}vertical tab"), "tab and vertical tab");
        assert_eq!(super::normalise("ΟΔΥΣΣΕΥΣ  Guide"), "οδυσσευς guide", "a final sigma folds as in prose");
    }
}
