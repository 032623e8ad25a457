//! Shared pieces of the reference rules: how a reference is named in messages, where its
//! finding points, and "did you mean" for paths and anchors.

use crate::diagnostic::Diagnostic;
use crate::page::{Page, RefKind, Reference};
use crate::rules::RuleId;
use crate::suggest::closest;
use crate::workspace::Workspace;

/// A finding at a reference's destination.
pub(crate) fn at(rule: RuleId, page: &Page, r: &Reference, message: String) -> Diagnostic {
    Diagnostic::new(rule, &page.project_path, message).at(page.span(r.span.clone())).subject(r.dest.clone())
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

/// The directory of a root-relative path.
pub(crate) fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The existing page or file closest to a missing root-relative `path`, written relative to
/// `page`: a case-only mismatch first (Linux CI is case-sensitive), then the nearest name in
/// the same directory, then a page of the same file name anywhere.
pub(crate) fn suggest_path(ws: &Workspace, page: &Page, path: &str) -> Option<String> {
    let lower = path.to_lowercase();
    let all = || ws.pages.iter().map(|p| p.path.as_str()).chain(ws.files.iter().map(String::as_str));
    if let Some(hit) = all().find(|p| p.to_lowercase() == lower) {
        return Some(relative(dir_of(&page.path), hit));
    }
    let dir = dir_of(path);
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = |p: &str| p.rsplit('/').next().unwrap_or(p).rsplit_once('.').map_or(p.rsplit('/').next().unwrap_or(p), |(s, _)| s).to_owned();
    let siblings = all().filter(|p| dir_of(p) == dir);
    if let Some(hit) = closest(name, siblings.clone().map(|p| p.rsplit('/').next().unwrap_or(p))) {
        let full = if dir.is_empty() { hit.to_owned() } else { format!("{dir}/{hit}") };
        return Some(relative(dir_of(&page.path), &full));
    }
    let wanted = stem(name);
    let same_name: Vec<&str> = ws.pages.iter().map(|p| p.path.as_str()).filter(|p| stem(p) == wanted).collect();
    if let [only] = same_name.as_slice() {
        return Some(relative(dir_of(&page.path), only));
    }
    None
}

/// The closest anchor of `target` to `fragment`.
pub(crate) fn suggest_anchor(target: &Page, fragment: &str) -> Option<String> {
    closest(fragment, target.anchors.iter().map(String::as_str)).map(ToOwned::to_owned)
}
