//! duplicate-title: two pages in different sections with the same normalised title.

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
        // Pages are sorted by path, so each group lists its pages in path order.
        let mut groups: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, page) in ws.pages.iter().enumerate() {
            // A page left at a `moved.from` path is stray-page's finding, not a second title.
            if ws.structure.status[i].is_moved_from() {
                continue;
            }
            if let Some(title) = page.title.as_deref().map(normalise).filter(|t| !t.is_empty()) {
                groups.entry(title).or_default().push(i);
            }
        }
        // Only titles shared by two pages matter; in title order, for deterministic output.
        let mut shared: Vec<(&String, &Vec<usize>)> = groups.iter().filter(|(_, pages)| pages.len() > 1).collect();
        shared.sort_unstable_by_key(|(title, _)| *title);
        for (title, pages) in shared {
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
    let mut out = crate::text::collapse_whitespace(title).to_lowercase();
    let kept = out.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ':' | ';' | '!' | '?' | '…' | '。' | '：' | '！' | '？')).len();
    out.truncate(kept);
    out
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
    }
}
