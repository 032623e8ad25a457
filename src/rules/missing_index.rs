//! missing-index: a directory with allowed pages but no index page.

use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::structure::Status;
use crate::workspace::Workspace;

pub(crate) struct MissingIndex;

impl Rule for MissingIndex {
    fn check_workspace(&self, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let s = &ws.settings;
        // Allowed pages per directory (directly in it), and per section (its whole subtree):
        // one pass over the pages. Only looked up, never iterated: a hash map (a B-tree's
        // string comparisons per page were 30 ms at 100k pages).
        let mut direct: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
        for i in 0..ws.pages.len() {
            if ws.structure.status[i] == Status::Allowed {
                *direct.entry(crate::text::dir_of(ws.page_path(i))).or_default() += 1;
            }
        }
        let subtree = ws.allowed_in_section();
        let dirs = std::iter::once("").chain(ws.dirs.iter().map(String::as_str));
        for dir in dirs {
            let allowed = s.section_named(dir).map_or_else(|| direct.get(dir).copied().unwrap_or(0), |k| subtree[k]);
            if allowed == 0 || ws.index_of(dir).is_some() {
                continue;
            }
            let names = s.index_names.join(" or ");
            let shown = if dir.is_empty() { "the docs root".to_owned() } else { format!("directory `{dir}/`") };
            let first = s.index_names.first().map_or("index.md", String::as_str);
            let target = if dir.is_empty() { first.to_owned() } else { format!("{dir}/{first}") };
            let path = s.project_path(&if dir.is_empty() { String::new() } else { format!("{dir}/") });
            out.push(
                Diagnostic::new(RuleId::MissingIndex, path, format!("{shown} has {allowed} allowed page{} but no index page ({names})", if allowed == 1 { "" } else { "s" }))
                    .help(format!("add `{}`: an overview that introduces and links the directory's pages", s.project_path(&target)))
                    .subject(format!("{dir}/")),
            );
        }
    }
}
