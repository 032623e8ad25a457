//! page-budget: a section with more pages than its `max-pages`.

use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::workspace::Workspace;

pub(crate) struct PageBudget;

/// Existing, allowed pages in a section's subtree: what the budget counts.
#[must_use]
pub fn used(ws: &Workspace, section: usize) -> usize {
    ws.allowed_in_section().get(section).copied().unwrap_or(0)
}

impl Rule for PageBudget {
    fn check_workspace(&self, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let s = &ws.settings;
        for (i, sec) in s.sections.iter().enumerate() {
            let Some((max, span)) = &sec.max_pages else { continue };
            let used = used(ws, i);
            if used <= *max {
                continue;
            }
            let over = used - max;
            out.push(
                Diagnostic::new(RuleId::PageBudget, &s.manifest_rel, format!("section `{}` has {used} pages, over its budget of {max}", sec.dir))
                    .at(span.clone())
                    .help(format!("merge or delegate {over} page{} to the sections that own their topics, or raise `max-pages`", if over == 1 { "" } else { "s" }))
                    .subject(sec.dir.clone())
                    .data(serde_json::json!({ "pages": used, "max_pages": max })),
            );
        }
    }
}
