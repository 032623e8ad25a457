//! unknown-content-type: a front-matter content type the manifest does not know.

use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::page::Page;
use crate::suggest::closest;
use crate::workspace::Workspace;

pub(crate) struct UnknownContentType;

impl Rule for UnknownContentType {
    fn check_page(&self, page: &Page, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let Some((ty, span)) = &page.front_matter.content_type else { return };
        let s = &ws.settings;
        if s.canonical_type(ty).is_some() {
            return;
        }
        let known: Vec<&str> = s.content_types.iter().map(String::as_str).chain(s.aliases.keys().map(String::as_str)).collect();
        let help = closest(ty, known.iter().copied()).map_or_else(
            || format!("use one of: {}; or add `{ty}` to `content-types` (or `content-type-aliases`) in {}", known.join(", "), s.manifest_rel),
            |n| format!("did you mean `{n}`?"),
        );
        out.push(Diagnostic::new(RuleId::UnknownContentType, &page.project_path, format!("unknown content type `{ty}`")).at(page.span(span.clone())).help(help).subject(ty.clone()));
    }
}
