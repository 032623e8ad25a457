//! duplicate-title: two pages in different sections with the same normalised title.

use std::hash::BuildHasher;

use rayon::prelude::*;

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
                let title = page.title().filter(|_| !ws.structure.status[i].is_moved_from())?;
                normalise_into(title, buf);
                (!buf.is_empty()).then(|| rustc_hash::FxBuildHasher.hash_one(buf.as_str()))
            })
            .collect();
        // Grouped by sorting (key, page) and walking runs of one key: a hash map of one vector
        // per title made an allocation per page (100k on a 100k-page tree).
        let mut by_key: Vec<(u64, usize)> = keys.iter().enumerate().filter_map(|(i, key)| Some(((*key)?, i))).collect();
        by_key.par_sort_unstable();
        // Only titles shared by two pages matter; in title order, for deterministic output.
        let mut shared: Vec<(String, Vec<usize>)> = Vec::new();
        for group in by_key.chunk_by(|a, b| a.0 == b.0).filter(|group| group.len() > 1) {
            let mut exact: Vec<(String, Vec<usize>)> = Vec::new();
            for &(_, i) in group {
                let title = normalise(ws.pages[i].title().unwrap_or_default());
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
            // Whether each member is its directory's index page: asked once per page, and only
            // for landing titles, where two index pages do not count as a repeat.
            let index: Vec<bool> = if landing { pages.iter().map(|&i| ws.is_index(&ws.pages[i])).collect() } else { Vec::new() };
            let sections: Vec<Option<usize>> = pages.iter().map(|&i| ws.page_sections[i]).collect();
            let firsts = first_repeated(&sections, &index);
            for (&i, first) in pages.iter().zip(firsts) {
                let Some(first) = first.map(|k| pages[k]) else { continue };
                let (page, other) = (&ws.pages[i], &ws.pages[first]);
                let shown = page.title().unwrap_or_default();
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

/// For each member of a same-title group (in path order), the position of the page it
/// repeats: the first earlier member in another section, where for a landing title (when
/// `index` is given, one flag per member) an index page does not repeat another index page.
///
/// Linear in the group: what a page repeats is always the group's first member, its first
/// member in another section than that, or the same two among its non-index members (a
/// scan of the prefix per page made a group of thousands of `index.md` "Overview" pages
/// quadratic).
fn first_repeated(sections: &[Option<usize>], index: &[bool]) -> Vec<Option<usize>> {
    // The group's first page, and its first page in another section than that one.
    let (any, any_elsewhere) = first_elsewhere(sections, 0..sections.len());
    // The same among the non-index pages: the only ones an index page can repeat.
    let (plain, plain_elsewhere) = first_elsewhere(sections, (0..sections.len()).filter(|&k| !index.get(k).copied().unwrap_or(false)));
    (0..sections.len())
        .map(|n| {
            let (a, b) = if index.get(n).copied().unwrap_or(false) { (plain, plain_elsewhere) } else { (any, any_elsewhere) };
            let first = match a {
                Some(a) if sections[a] != sections[n] => Some(a),
                // Every member before `b` is in `a`'s section, which is this page's.
                Some(_) => b,
                None => None,
            };
            first.filter(|&k| k < n)
        })
        .collect()
}

/// The first of `members`, and the first of them in another section than that one.
fn first_elsewhere(sections: &[Option<usize>], mut members: impl Iterator<Item = usize>) -> (Option<usize>, Option<usize>) {
    let first = members.next();
    let elsewhere = first.and_then(|a| members.find(|&k| sections[k] != sections[a]));
    (first, elsewhere)
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

    /// The straightforward definition [`super::first_repeated`] must agree with: scan the
    /// prefix for the first page in another section that is not an index page repeating an
    /// index page (for landing titles).
    fn oracle(sections: &[Option<usize>], index: &[bool], landing: bool) -> Vec<Option<usize>> {
        (0..sections.len())
            .map(|n| (0..n).find(|&j| sections[j] != sections[n] && !(landing && index[n] && index[j])))
            .collect()
    }

    #[test]
    fn first_repeated_matches_a_scan_of_the_prefix() {
        // xorshift: many random small groups, deterministic.
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = |bound: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % bound).unwrap()
        };
        for _ in 0..20_000 {
            let len = 1 + next(9);
            let kinds = 1 + next(4);
            let sections: Vec<Option<usize>> = (0..len).map(|_| Some(next(kinds as u64)).filter(|&s| s > 0)).collect();
            let index: Vec<bool> = (0..len).map(|_| next(3) > 0).collect();
            for landing in [false, true] {
                let given: &[bool] = if landing { &index } else { &[] };
                assert_eq!(super::first_repeated(&sections, given), oracle(&sections, &index, landing), "{sections:?} {index:?} landing={landing}");
            }
        }
    }
}
