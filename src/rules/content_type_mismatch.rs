//! content-type-mismatch: front matter disagrees with the page's exact-path entry.

use super::{Rule, RuleId};
use crate::diagnostic::{Diagnostic, Related};
use crate::page::Page;
use crate::workspace::Workspace;

pub(crate) struct ContentTypeMismatch;

impl Rule for ContentTypeMismatch {
    fn check_page(&self, page: &Page, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let Some((ty, span)) = &page.front_matter.content_type else { return };
        let s = &ws.settings;
        let Some(front) = s.canonical_type(ty) else { return };
        let Some(entry) = s.entries_for(&page.path).1.and_then(|e| e.exact(&page.path)) else { return };
        let Some(declared) = &entry.ty else { return };
        if declared == front {
            return;
        }
        out.push(
            Diagnostic::new(RuleId::ContentTypeMismatch, &page.project_path, format!("front matter says `{ty}` but {} declares this page `{declared}`", s.manifest_rel))
                .at(page.span(span.clone()))
                .help(format!("change the front matter to `{declared}`, or change the entry on line {} of {} if the page really is {}", entry.span.line, s.manifest_rel, article(front)))
                .related(Related { path: s.manifest_rel.clone(), span: Some(entry.span.clone()), message: format!("declared `{declared}` here") })
                .subject(page.path.clone()),
        );
    }
}

fn article(ty: &str) -> String {
    let vowel = ty.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {ty}", if vowel { "an" } else { "a" })
}
