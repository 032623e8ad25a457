//! missing-index: a directory with allowed pages but no index page.

use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::workspace::Workspace;

pub(crate) struct MissingIndex;

impl Rule for MissingIndex {
    fn check_workspace(&self, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let s = &ws.settings;
        let dirs = std::iter::once("").chain(ws.dirs.iter().map(String::as_str));
        for dir in dirs {
            let in_dir = |p: &str| p.rsplit_once('/').map_or("", |(d, _)| d) == dir;
            let is_section = s.section_named(dir).is_some();
            let allowed = ws.pages.iter().enumerate().filter(|(i, p)| ws.structure.status[*i] == crate::structure::Status::Allowed && (in_dir(&p.path) || (is_section && crate::manifest::is_under(&p.path, dir)))).count();
            if allowed == 0 || ws.index_of(dir).is_some() {
                continue;
            }
            let names = s.index_names.join(" or ");
            let shown = if dir.is_empty() { "the docs root".to_owned() } else { format!("directory `{dir}/`") };
            let first = s.index_names.first().map_or("index.md", String::as_str);
            let target = if dir.is_empty() { first.to_owned() } else { format!("{dir}/{first}") };
            out.push(
                Diagnostic::new(RuleId::MissingIndex, s.project_path(&if dir.is_empty() { String::new() } else { format!("{dir}/") }), format!("{shown} has {allowed} allowed page{} but no index page ({names})", if allowed == 1 { "" } else { "s" }))
                    .help(format!("add `{}`: an overview that introduces and links the directory's pages", s.project_path(&target)))
                    .subject(format!("{dir}/")),
            );
        }
    }
}
