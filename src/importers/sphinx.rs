//! Sphinx (`conf.py`): the navigation is the toctree tree under the root index. The pages are
//! parsed by doclint's own extractor, so MyST `{toctree}` fences, globs and captions behave
//! exactly as in `check`.

use std::collections::{BTreeSet, VecDeque};

use crate::page::RefKind;
use crate::workspace::Workspace;

/// Root-relative paths of the pages reachable from the root index through toctree entries
/// (the root index included).
#[must_use]
pub fn toctree_pages(ws: &Workspace) -> BTreeSet<String> {
    let mut reached = vec![false; ws.pages.len()];
    let mut queue: VecDeque<usize> = ws.index_of("").and_then(|p| ws.page_idx(&p.path)).into_iter().collect();
    for &i in &queue {
        reached[i] = true;
    }
    while let Some(i) = queue.pop_front() {
        for (reference, target) in ws.resolved(i).iter().enumerate() {
            if ws.pages[i].references.at(reference).kind != RefKind::Toctree {
                continue;
            }
            for &t in target.pages() {
                if !reached[t] {
                    reached[t] = true;
                    queue.push_back(t);
                }
            }
        }
    }
    ws.pages.iter().zip(reached).filter(|(_, r)| *r).map(|(p, _)| p.path.clone()).collect()
}
