//! escaping-link: a relative reference that leaves the project directory.

use super::common::at;
use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::page::Page;
use crate::resolve::Target;
use crate::workspace::Workspace;

pub(crate) struct EscapingLink;

impl Rule for EscapingLink {
    fn check_page(&self, page: &Page, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let Some(idx) = ws.idx_of(page) else { return };
        for (reference, target) in ws.resolved(idx).iter().enumerate() {
            if *target != Target::Escaping {
                continue;
            }
            let r = &page.references.at(reference);
            out.push(
                at(RuleId::EscapingLink, page, r, format!("`{}` leaves the project directory", r.dest))
                    .help("doclint never opens files outside the project; link to the published URL instead, or move the manifest up to a directory that contains the target"),
            );
        }
    }
}
