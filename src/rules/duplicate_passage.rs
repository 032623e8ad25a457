//! duplicate-passage: a passage of at least `min-passage-words` words copied between two pages
//! that are not near-duplicates, and not boilerplate.

use std::ops::Range;

use super::{Rule, RuleId};
use crate::diagnostic::{Diagnostic, Related};
use crate::duplicates::{self, topic};
use crate::page::{Page, WordSpan};
use crate::workspace::Workspace;

pub(crate) struct DuplicatePassage;

/// Words of the passage quoted in the message, so a reader recognises it without the span.
const QUOTED_WORDS: usize = 8;

impl Rule for DuplicatePassage {
    fn check_workspace(&self, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let analysis = duplicates::of_workspace(ws);
        // Per reported page and source page, the passages already reported: a passage that
        // lies inside one of them (the same text copied twice into the other page) adds
        // nothing. Longest first, so the enclosing passage is the one kept.
        let mut order: Vec<&duplicates::Passage> = analysis.passages.iter().collect();
        order.sort_by_key(|p| (p.a, p.b, std::cmp::Reverse(p.a_words.len()), p.a_words.start, p.b_words.start));
        let mut reported: Vec<(usize, usize, Range<usize>)> = Vec::new();
        for passage in order {
            // A page left at a `moved.from` path is stray-page's finding: its copy is expected.
            if ws.structure.status[passage.a].is_moved_from() || ws.structure.status[passage.b].is_moved_from() {
                continue;
            }
            if reported.last().is_some_and(|&(g, k, _)| (g.min(k), g.max(k)) != (passage.a, passage.b)) {
                reported.clear(); // passages come grouped by pair
            }
            let (go, keep, by) = topic::would_go(ws, passage.a, passage.b);
            let (go_words, keep_words) = if go == passage.a { (&passage.a_words, &passage.b_words) } else { (&passage.b_words, &passage.a_words) };
            if reported.iter().any(|(g, k, r)| (*g, *k) == (go, keep) && r.start <= go_words.start && go_words.end <= r.end) {
                continue;
            }
            reported.push((go, keep, go_words.clone()));
            let (page, other) = (&ws.pages[go], &ws.pages[keep]);
            let (page_words, other_words) = (ws.words(go), ws.words(keep));
            let (Some(here), Some(there)) = (bytes(page_words, go_words), bytes(other_words, keep_words)) else { continue };
            let help = match by {
                Some(t) => format!("{}: keep the passage in `{}` and link to it from here", topic::owned_by(t), other.path),
                None => "keep the passage in one page and link to it from the other (or move it to a shared include); copies drift apart".to_owned(),
            };
            out.push(
                Diagnostic::new(
                    RuleId::DuplicatePassage,
                    &page.project_path,
                    format!("{} words are copied from `{}`: \"{}\"", go_words.len(), other.path, quote(page, page_words, go_words)),
                )
                .at(page.span(here))
                .help(help)
                .related(Related { path: other.project_path.clone(), span: Some(other.span(there)), message: "the same passage here".to_owned() })
                .subject(other.path.clone()),
            );
        }
    }
}

/// The byte range from the first word's start to the last word's end.
fn bytes(page_words: &[WordSpan], words: &Range<usize>) -> Option<Range<usize>> {
    let first = page_words.get(words.start)?;
    let last = page_words.get(words.end.checked_sub(1)?)?;
    Some(first.range().start..last.range().end)
}

fn quote(page: &Page, page_words: &[WordSpan], words: &Range<usize>) -> String {
    let shown: Vec<&str> = page_words.get(words.clone()).unwrap_or_default().iter().take(QUOTED_WORDS).filter_map(|w| page.text().get(w.range())).collect();
    let more = if words.len() > QUOTED_WORDS { " …" } else { "" };
    format!("{}{more}", shown.join(" "))
}
