//! Shared pieces of the reference rules: how a reference is named in messages, where its
//! finding points, and "did you mean" for paths and anchors.

use crate::diagnostic::Diagnostic;
use crate::page::{Page, RefKind, Reference};
use crate::rules::RuleId;
use crate::workspace::Workspace;

/// A finding at a reference's destination.
pub(crate) fn at(rule: RuleId, page: &Page, r: &Reference, message: String) -> Diagnostic {
    Diagnostic::new(rule, &page.project_path, message).at(page.span(r.span.clone())).subject(r.dest)
}

/// "link", "image", "toctree entry"…: how a message names a reference of this kind.
pub(crate) fn noun(kind: RefKind) -> &'static str {
    match kind {
        RefKind::Link | RefKind::Definition | RefKind::HtmlHref | RefKind::Nav | RefKind::CardUrl => "link",
        RefKind::Image | RefKind::HtmlSrc => "image",
        RefKind::UndefinedReference => "reference",
        RefKind::DocRole => "{doc} role",
        RefKind::RefRole => "{ref} role",
        RefKind::Toctree => "toctree entry",
        RefKind::CardDoc | RefKind::CardRef => "card link",
    }
}

/// `to` (root-relative) as a path relative to directory `from_dir` (root-relative).
pub(crate) fn relative(from_dir: &str, to: &str) -> String {
    let a: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let b: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<&str> = vec![".."; a.len() - common];
    parts.extend(&b[common..]);
    parts.join("/")
}

pub(crate) use crate::text::dir_of;

/// The existing page or file closest to a missing root-relative `path` (see
/// [`Suggestions::path`](crate::suggest::cache::Suggestions::path)), written relative to `page`.
pub(crate) fn suggest_path(ws: &Workspace, page: &Page, path: &str) -> Option<String> {
    ws.suggestions.path(ws, path).map(|hit| relative(dir_of(&page.path), &hit))
}
