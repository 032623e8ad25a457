//! stray-directory: a non-section directory holding pages but no allowed page.

use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::structure::Status;
use crate::workspace::Workspace;

pub(crate) struct StrayDirectory;

impl Rule for StrayDirectory {
    fn check_workspace(&self, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let s = &ws.settings;
        for sd in &ws.structure.stray_dirs {
            let n = sd.pages.len();
            let listed: Vec<String> = sd
                .pages
                .iter()
                .map(|&i| {
                    let p = &ws.pages[i];
                    match &ws.structure.status[i] {
                        Status::Moved { to } => {
                            let fragment = s.moved_to(&p.path).and_then(|(m, _)| s.moves[m].fragment.clone()).map(|f| format!("#{f}")).unwrap_or_default();
                            format!("`{}` (moved to `{to}{fragment}`)", p.path)
                        }
                        Status::Removed => format!("`{}` (removed by the plan)", p.path),
                        _ => format!("`{}`", p.path),
                    }
                })
                .collect();
            let (section, _) = s.entries_for(&format!("{}/x", sd.dir));
            let owner = section.map_or_else(|| "a section or [docs] pages".to_owned(), |i| format!("[sections.\"{}\"] pages", s.sections[i].dir));
            let all_moved = sd.pages.iter().all(|&i| ws.structure.status[i].is_moved_from());
            let help = if all_moved {
                format!("every page of it moved or was removed by the plan: delete the directory once their content lives on. Its pages: {}", listed.join(", "))
            } else {
                format!("its pages: {}. Delete or move the directory, or declare its pages in {owner}", listed.join(", "))
            };
            let plural = if n == 1 { "page" } else { "pages" };
            out.push(
                Diagnostic::new(RuleId::StrayDirectory, s.project_path(&format!("{}/", sd.dir)), format!("directory `{}/` holds {n} {plural} and none is allowed by the manifest", sd.dir))
                    .help(help)
                    .subject(format!("{}/", sd.dir))
                    .data(serde_json::json!({ "pages": sd.pages.iter().map(|&i| ws.pages[i].path.clone()).collect::<Vec<_>>() })),
            );
        }
    }
}
