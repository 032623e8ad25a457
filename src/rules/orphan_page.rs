//! orphan-page: a page that cannot be reached from the root index or a nav file.

use std::collections::VecDeque;

use super::{Rule, RuleId};
use crate::diagnostic::{Diagnostic, Severity};
use crate::manifest::OrphanMode;
use crate::workspace::Workspace;

pub(crate) struct OrphanPage;

impl Rule for OrphanPage {
    fn check_workspace(&self, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let s = &ws.settings;
        let mut starts: Vec<usize> = ws.index_of("").and_then(|p| ws.page_idx(&p.path)).into_iter().collect();
        starts.extend(s.nav.iter().filter_map(|n| ws.page_idx(n)));
        starts.extend(s.nav_pages.iter().filter_map(|n| ws.page_idx(n)));
        // Nav files that are not pages (mdBook's SUMMARY.md): their targets are roots.
        for nav in &ws.nav_files {
            for target in ws.resolve_other(nav) {
                starts.extend_from_slice(target.pages());
            }
        }
        let has_nav_file = !ws.nav_files.is_empty();
        if starts.is_empty() && !has_nav_file {
            let mut d = Diagnostic::new(RuleId::OrphanPage, s.project_path(""), "no root index page and no nav file: reachability is not checked")
                .help(format!("add `{}` or list nav files under `nav` in [docs]", s.project_path(s.index_names.first().map_or("index.md", String::as_str))))
                .subject("");
            d.severity = Severity::Info;
            out.push(d);
            return;
        }
        let nav_only = s.orphans == OrphanMode::Nav;
        let mut reached = vec![false; ws.pages.len()];
        let mut queue: VecDeque<usize> = VecDeque::new();
        for st in starts {
            if !reached[st] {
                reached[st] = true;
                queue.push_back(st);
            }
        }
        while let Some(i) = queue.pop_front() {
            let page = &ws.pages[i];
            for (reference, target) in ws.resolved(i).iter().enumerate() {
                if nav_only && !page.references.at(reference).kind.is_nav() && !is_nav_file(ws, i) {
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
        let how = if nav_only { "a toctree entry or nav file" } else { "a link, toctree entry or nav file" };
        for (i, page) in ws.pages.iter().enumerate() {
            if reached[i] || page.front_matter.orphan || ws.structure.status[i] != crate::structure::Status::Allowed {
                continue;
            }
            out.push(
                Diagnostic::new(RuleId::OrphanPage, &page.project_path, format!("page `{}` cannot be reached from the root index", page.path))
                    .help(format!("reference it through {how} from a reachable page (its section's index), or mark it `orphan: true` in its front matter"))
                    .subject(page.path.clone()),
            );
        }
    }
}

fn is_nav_file(ws: &Workspace, idx: usize) -> bool {
    let path = &ws.pages[idx].path;
    ws.settings.nav.iter().any(|n| n == path) || (ws.settings.generator == crate::manifest::Generator::Mdbook && path == "SUMMARY.md")
}
