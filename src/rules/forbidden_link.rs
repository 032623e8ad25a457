//! forbidden-link: a reference into a section that `links-to` does not allow.

use super::common::at;
use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::manifest::{Settings, is_under};
use crate::page::Page;
use crate::workspace::Workspace;

pub(crate) struct ForbiddenLink;

impl Rule for ForbiddenLink {
    fn check_page(&self, page: &Page, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let Some(idx) = ws.idx_of(page) else { return };
        let s = &ws.settings;
        let Some((owner, allowed)) = policy(s, ws.page_sections[idx]) else { return };
        for (reference, target) in ws.resolved(idx).iter().enumerate() {
            if target.pages().is_empty() {
                continue; // not a page: nothing a section policy governs
            }
            let r = &page.references.at(reference);
            if r.kind.is_asset() {
                continue;
            }
            for &t in target.pages() {
                let Some(ts) = ws.page_sections[t] else { continue }; // root pages are always fine
                let tdir = &s.sections[ts].dir;
                let odir = &s.sections[owner].dir;
                if tdir == odir || is_under(tdir, odir) || is_under(odir, tdir) || allowed.iter().any(|a| tdir == a || is_under(tdir, a)) {
                    continue;
                }
                let list = if allowed.is_empty() { "no other section".to_owned() } else { allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ") };
                out.push(
                    at(RuleId::ForbiddenLink, page, r, format!("section `{odir}` may not link into `{tdir}` (`{}`)", ws.pages[t].path))
                        .help(format!("`links-to` of section `{odir}` allows {list}: link to the owning section's page instead, or add `{tdir}` to its `links-to`")),
                );
                break;
            }
        }
    }
}

/// The section whose `links-to` governs pages of `section` (itself or its nearest ancestor
/// that sets one) and its list.
fn policy(s: &Settings, section: Option<usize>) -> Option<(usize, &[String])> {
    let mut current = section?;
    loop {
        if let Some(list) = &s.sections[current].links_to {
            return Some((current, list));
        }
        // The nearest enclosing section: a lookup per directory above, not a pass over every
        // section (this runs for every page of a section without `links-to`).
        current = s.sections_containing(&s.sections[current].dir).next()?;
    }
}
