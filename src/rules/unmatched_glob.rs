//! unmatched-glob: a `pages` glob that matches no page (contract §2: info at its line).

use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::workspace::Workspace;

pub(crate) struct UnmatchedGlob;

impl Rule for UnmatchedGlob {
    fn check_workspace(&self, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let s = &ws.settings;
        let owners = std::iter::once((None, s.root_pages.as_ref())).chain(s.sections.iter().enumerate().map(|(i, sec)| (Some(i), sec.pages.as_ref())));
        for (section, entries) in owners {
            let Some(entries) = entries else { continue };
            for e in &entries.globs {
                let Some(glob) = &e.glob else { continue };
                let matched = ws.pages.iter().zip(&ws.page_sections).any(|(p, sec)| *sec == section && glob.is_match(&p.path));
                if !matched {
                    out.push(
                        Diagnostic::new(RuleId::UnmatchedGlob, &s.manifest_rel, format!("page glob `{}` matches no page", e.pattern))
                            .at(e.span.clone())
                            .help("globs are relative to the section's directory; `*` stays within one directory, `**` crosses any depth. Delete the entry if it is obsolete")
                            .subject(e.path.clone()),
                    );
                }
            }
        }
    }
}
