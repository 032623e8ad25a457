//! near-duplicate: two pages whose word 3-shingle sets are at least `threshold` similar.

use super::{Rule, RuleId};
use crate::diagnostic::{Diagnostic, Related};
use crate::duplicates::{self, topic};
use crate::manifest::DuplicateScope;
use crate::workspace::Workspace;

pub(crate) struct NearDuplicate;

impl Rule for NearDuplicate {
    fn check_workspace(&self, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let analysis = duplicates::of_workspace(ws);
        let cross_section = ws.settings.duplicates.scope == DuplicateScope::CrossSection;
        for pair in &analysis.near {
            // A page left at a `moved.from` path is stray-page's finding: its copy is expected.
            let moved = |i: usize| ws.structure.status[i].is_moved_from();
            if (cross_section && ws.page_sections[pair.a] == ws.page_sections[pair.b]) || moved(pair.a) || moved(pair.b) {
                continue;
            }
            let (go, keep, by) = topic::would_go(ws, pair.a, pair.b);
            let (page, other) = (&ws.pages[go], &ws.pages[keep]);
            let similarity = (pair.similarity * 100.0).round() / 100.0;
            let help = match by {
                Some(t) => format!("{}: merge what this page adds into `{}`, delete this copy and link there", topic::owned_by(t), other.path),
                None => format!("keep one source of truth: merge what this page adds into `{}`, delete this copy and link there", other.path),
            };
            out.push(
                Diagnostic::new(
                    RuleId::NearDuplicate,
                    &page.project_path,
                    format!("`{}` is a near-duplicate of `{}` ({:.0}% of their word sequences are shared)", page.path, other.path, pair.similarity * 100.0),
                )
                .help(help)
                .related(Related { path: other.project_path.clone(), span: None, message: "the other copy".to_owned() })
                .subject(other.path.clone())
                .data(serde_json::json!({ "similarity": similarity })),
            );
        }
    }
}
