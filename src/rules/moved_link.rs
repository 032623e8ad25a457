//! moved-link: a reference to a `moved.from` page whose `to` exists (fixable).

use super::common::{at, dir_of, relative};
use super::{Rule, RuleId};
use crate::diagnostic::{Diagnostic, Fix};
use crate::manifest::Settings;
use crate::page::{Page, RefKind, Reference};
use crate::resolve::Target;
use crate::workspace::Workspace;

pub(crate) struct MovedLink;

impl Rule for MovedLink {
    fn check_page(&self, page: &Page, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let Some(idx) = ws.idx_of(page) else { return };
        for (reference, target) in ws.resolved(idx).iter().enumerate() {
            let Target::Moved(moved) = target else { continue };
            let crate::resolve::MovedTarget { from, to, fragment } = moved.as_ref();
            let r = &page.references.at(reference);
            let moved_fragment = ws.settings.first_move(from).and_then(|m| ws.settings.moves[m].fragment.clone());
            let replacement = rewrite(&ws.settings, page, r, to, fragment.as_deref().or(moved_fragment.as_deref()));
            let span = page.span(r.span.clone());
            out.push(
                at(RuleId::MovedLink, page, r, format!("`{}` points at `{from}`, which moved to `{to}`", r.dest))
                    .help(format!("update it to `{replacement}` (`doclint check --fix` does this)"))
                    .fix(Fix { span, replacement }),
            );
        }
    }
}

/// The destination that points at `to` in the style the reference was written in: relative
/// stays relative, `/`-rooted stays rooted, extensionless and docnames stay extensionless,
/// `.html` stays `.html`; the fragment is kept.
pub(crate) fn rewrite(settings: &Settings, page: &Page, r: &Reference, to: &str, fragment: Option<&str>) -> String {
    let written = r.dest.split(['#', '?']).next().unwrap_or("");
    let last = written.rsplit('/').next().unwrap_or(written);
    let docname = matches!(r.kind, RefKind::DocRole | RefKind::Toctree | RefKind::CardDoc);
    let to_stem = to.rsplit_once('.').filter(|(_, ext)| !ext.contains('/')).map_or(to, |(stem, _)| stem);
    let to_name = to.rsplit('/').next().unwrap_or(to);
    let path = if written.ends_with('/') && settings.index_names.iter().any(|n| n == to_name) {
        // A directory link stays a directory link: `rl/` → `../contribute/rl/`.
        format!("{}/", dir_of(to))
    } else if std::path::Path::new(written).extension().is_some_and(|e| e.eq_ignore_ascii_case("html")) {
        format!("{to_stem}.html")
    } else if settings.extensions.iter().any(|e| last.len() > e.len() + 1 && last.ends_with(&format!(".{e}"))) || (!docname && last.contains('.')) {
        // Written with its extension (a toctree entry may carry `.md` too): keep it.
        to.to_owned()
    } else {
        to_stem.to_owned()
    };
    let mut out = if written.starts_with('/') {
        let rooted = settings.site_paths.iter().find(|(p, _)| written.starts_with(p.as_str()));
        match rooted {
            Some((prefix, target)) => {
                let root_prefix = target.strip_prefix(&format!("{}/", settings.root)).unwrap_or("");
                format!("{prefix}{}", path.strip_prefix(root_prefix).unwrap_or(&path))
            }
            None => format!("/{path}"),
        }
    } else {
        let rel = relative(dir_of(&page.path), &path);
        if path.ends_with('/') && !rel.is_empty() { format!("{}/", rel.trim_end_matches('/')) } else if rel.is_empty() { "./".to_owned() } else { rel }
    };
    if let Some(f) = fragment.filter(|f| !f.is_empty()) {
        out.push('#');
        out.push_str(f);
    }
    out
}
