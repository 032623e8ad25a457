//! broken-link: a reference whose target file, docname or label does not exist.

use super::common::{at, dir_of, noun, relative, suggest_path};
use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::page::Page;
use crate::resolve::Target;
use crate::workspace::Workspace;

pub(crate) struct BrokenLink;

impl Rule for BrokenLink {
    fn check_page(&self, page: &Page, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let Some(idx) = ws.idx_of(page) else { return };
        report(page, ws, ws.resolved(idx), out);
    }

    /// Nav files that are not pages (mdBook's SUMMARY.md) are checked too.
    fn check_workspace(&self, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        for nav in &ws.nav_files {
            report(nav, ws, &ws.resolve_other(nav), out);
        }
    }
}

fn report(page: &Page, ws: &Workspace, resolved: &[crate::resolve::Target], out: &mut Vec<Diagnostic>) {
    {
        for (reference, target) in resolved.iter().enumerate() {
            if !matches!(target, Target::Missing { .. } | Target::Outside { exists: false, .. } | Target::MissingLabel { .. } | Target::Undefined { .. } | Target::Removed { .. }) {
                continue; // nearly every reference: no need to look at it
            }
            let r = &page.references.at(reference);
            let what = noun(r.kind);
            let d = match target {
                Target::Missing { path } => {
                    let help = suggest_path(ws, page, path).map_or_else(
                        || format!("no file `{}` exists; fix the path or create the page", ws.settings.project_path(path)),
                        |s| format!("did you mean `{s}`?"),
                    );
                    at(RuleId::BrokenLink, page, r, format!("{what} target `{}` does not exist", r.dest)).help(help)
                }
                Target::Outside { exists: false, path } => {
                    at(RuleId::BrokenLink, page, r, format!("{what} target `{}` does not exist", r.dest)).help(format!("no file `{path}` exists in the project"))
                }
                Target::MissingLabel { name } => {
                    let help = ws
                        .suggestions
                        .label(ws, name)
                        .map_or_else(|| format!("define it with a `({name})=` line before a heading"), |s| format!("did you mean `{s}`?"));
                    at(RuleId::BrokenLink, page, r, format!("label `{name}` is not defined on any page")).help(help)
                }
                Target::Undefined { label } => at(RuleId::BrokenLink, page, r, format!("reference `[{label}]` has no definition"))
                    .help(format!("add a definition line `[{label}]: path.md`, or fix the label")),
                Target::Removed { from } => {
                    let shown = relative(dir_of(&page.path), from);
                    at(RuleId::BrokenLink, page, r, format!("{what} target `{}` was removed by the plan", r.dest))
                        .help(format!("`{shown}` has a [[moved]] entry without `to`: remove the link or point it at the page that now covers the topic"))
                }
                _ => continue,
            };
            out.push(d);
        }
    }
}
