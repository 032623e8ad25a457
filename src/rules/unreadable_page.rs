//! unreadable-page: a page that cannot be read as UTF-8 text, is too big, or is a symlink
//! leaving the project.

use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::workspace::Workspace;

pub(crate) struct UnreadablePage;

impl Rule for UnreadablePage {
    fn check_workspace(&self, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let s = &ws.settings;
        for u in &ws.unreadable {
            let help = if u.reason.contains("max-page-bytes") {
                "split the page, exclude it in [docs] exclude, or raise `max-page-bytes`"
            } else if u.reason.contains("not valid UTF-8 (doclint names pages") {
                "rename it (or the directory) with a UTF-8 name, or exclude it in [docs] exclude"
            } else if u.reason.contains("symlink") {
                "doclint never opens files outside the project directory: replace the link with the file, or exclude it"
            } else if u.reason.contains("UTF") || u.reason.contains("binary") {
                "save the page as UTF-8 text, or exclude it if it is not a page"
            } else {
                "check the file's permissions"
            };
            out.push(Diagnostic::new(RuleId::UnreadablePage, s.project_path(&u.path), format!("`{}` {}", u.path, u.reason)).help(help).subject(u.path.clone()));
        }
        for (path, reason) in &ws.walk_errors {
            out.push(
                Diagnostic::new(RuleId::UnreadablePage, s.project_path(path), format!("`{path}` cannot be read: {reason}"))
                    .help("check the directory's permissions; its pages were not checked")
                    .subject(path.clone()),
            );
        }
    }
}
