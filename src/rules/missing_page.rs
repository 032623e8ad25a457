//! missing-page: a declared page that does not exist (info when planned), and the
//! destination of a pending move.

use super::{Rule, RuleId};
use crate::diagnostic::{Diagnostic, Severity};
use crate::suggest::Suggester;
use crate::workspace::Workspace;

pub(crate) struct MissingPage;

impl Rule for MissingPage {
    fn check_workspace(&self, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let s = &ws.settings;
        // Built once, on the first missing entry: the stray pages are the same for every entry.
        let mut stray: Option<Suggester> = None;
        let entries = s.root_pages.iter().chain(s.sections.iter().filter_map(|sec| sec.pages.as_ref()));
        for entries in entries {
            for e in &entries.exact {
                if ws.page_exists(&e.path) {
                    continue;
                }
                let mut d = Diagnostic::new(RuleId::MissingPage, &s.manifest_rel, format!("declared page `{}` does not exist", e.path)).at(e.span.clone()).subject(e.path.clone());
                if e.planned {
                    d.message = format!("planned page `{}` does not exist yet", e.path);
                    d.severity = Severity::Info;
                    d = d.help("write it when its turn comes; remove `status = \"planned\"` once it exists");
                } else {
                    let candidates = stray.get_or_insert_with(|| Suggester::new(stray_pages(ws)));
                    d = d.help(match candidates.closest(&e.path) {
                        Some(n) => format!("did you mean `{n}`, which exists but is not declared? Rename one of them"),
                        None => format!("create `{}`, mark the entry `status = \"planned\"`, or delete the entry", s.project_path(&e.path)),
                    });
                }
                out.push(d);
            }
        }
        // A pending move: `to` does not exist yet.
        for m in &s.moves {
            let Some(to) = &m.to else { continue };
            // In a chain a→b→c, b moves on: only the end of the chain must exist.
            if s.first_move(to).is_some() {
                continue;
            }
            if m.is_dir() {
                // Pages are sorted by path: those under `from` are one run.
                let start = ws.pages.partition_point(|p| p.path.as_str() < m.from.as_str());
                let from_pages: Vec<&str> = ws.pages[start..].iter().map(|p| p.path.as_str()).take_while(|p| p.starts_with(&m.from)).collect();
                for from in from_pages {
                    let target = format!("{to}{}", &from[m.from.len()..]);
                    if !ws.page_exists(&target) && !declared(ws, &target) {
                        out.push(pending(ws, from, &target, m.span.clone()));
                    }
                }
            } else if !ws.page_exists(to) && !declared(ws, to) {
                out.push(pending(ws, &m.from, to, m.span.clone()));
            }
        }
    }
}

/// The pages no entry allows, candidates for a misspelt entry.
fn stray_pages(ws: &Workspace) -> impl Iterator<Item = &str> {
    ws.pages.iter().enumerate().filter(|(i, _)| ws.structure.status[*i].is_stray()).map(|(_, p)| p.path.as_str())
}

/// Whether an exact entry declares `path` (it then reports the missing page itself).
fn declared(ws: &Workspace, path: &str) -> bool {
    ws.settings.entries_for(path).1.is_some_and(|e| e.exact(path).is_some())
}

fn pending(ws: &Workspace, from: &str, to: &str, span: crate::diagnostic::Span) -> Diagnostic {
    let s = &ws.settings;
    Diagnostic::new(RuleId::MissingPage, &s.manifest_rel, format!("`{to}` does not exist yet (moved from `{from}`)"))
        .at(span)
        .subject(to.to_owned())
        .help(format!("move the page: `git mv {} {}`; until then links to `{from}` stay valid", s.project_path(from), s.project_path(to)))
}
