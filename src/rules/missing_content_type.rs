//! missing-content-type: a page with no content type from any source.

use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::page::Page;
use crate::workspace::Workspace;

pub(crate) struct MissingContentType;

impl Rule for MissingContentType {
    fn check_page(&self, page: &Page, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let Some(i) = ws.idx_of(page) else { return };
        if ws.structure.status[i].is_stray() || ws.content_type(i).is_some() {
            return;
        }
        // An unknown front-matter type is unknown-content-type's finding, not this one.
        if page.front_matter.content_type.is_some() || page.front_matter.error.is_some() {
            return;
        }
        let s = &ws.settings;
        let example = s.content_types.first().map_or("how-to", String::as_str);
        out.push(
            Diagnostic::new(RuleId::MissingContentType, &page.project_path, format!("page `{}` has no content type", page.path))
                .help(format!("add `{}: {example}` to its front matter, or give its entry or section a `content-type` in {}", s.content_type_key, s.manifest_rel))
                .subject(page.path.clone()),
        );
    }
}
