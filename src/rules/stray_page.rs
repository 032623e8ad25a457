//! stray-page: a page that no manifest entry allows.

use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::page::Page;
use crate::structure::Status;
use crate::workspace::Workspace;

pub(crate) struct StrayPage;

impl Rule for StrayPage {
    fn check_page(&self, page: &Page, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let Some(i) = ws.idx_of(page) else { return };
        if ws.structure.in_stray_dir[i].is_some() {
            return; // stray-directory reports the whole directory once
        }
        let s = &ws.settings;
        let d = match &ws.structure.status[i] {
            Status::Moved { to } => Diagnostic::new(RuleId::StrayPage, &page.project_path, format!("`{}` was moved to `{to}` but is still here", page.path))
                .help(format!("the page now lives at `{}`: merge any changes there, then delete this copy", s.project_path(to))),
            Status::Removed => Diagnostic::new(RuleId::StrayPage, &page.project_path, format!("`{}` was removed by the plan but is still here", page.path))
                .help("delete it; its [[moved]] entry in the manifest has no `to`"),
            Status::Stray => {
                let (section, _) = s.entries_for(&page.path);
                let owner = section.map_or_else(|| "[docs] pages".to_owned(), |i| format!("[sections.\"{}\"] pages", s.sections[i].dir));
                let near = ws.suggestions.missing_entry(ws, &page.path);
                let help = match near {
                    Some(n) => format!("did you mean the declared page `{n}`? Rename the file, or declare it in {owner}"),
                    None => format!("declare it in {owner} of {}, move it to the section that owns its topic, or delete it", s.manifest_rel),
                };
                Diagnostic::new(RuleId::StrayPage, &page.project_path, format!("page `{}` is not allowed by any entry of {owner}", page.path)).help(help)
            }
            Status::Allowed | Status::Pending { .. } => return,
        };
        out.push(d.subject(page.path.clone()));
    }
}
