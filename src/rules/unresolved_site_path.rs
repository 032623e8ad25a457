//! unresolved-site-path: site-absolute references under a prefix no `site-paths` entry maps,
//! once per prefix with a count.

use std::collections::BTreeMap;

use super::common::at;
use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::resolve::Target;
use crate::workspace::Workspace;

pub(crate) struct UnresolvedSitePath;

impl Rule for UnresolvedSitePath {
    fn check_workspace(&self, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        // prefix → (count, first page, first reference)
        let mut seen: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
        for idx in 0..ws.pages.len() {
            for (reference, target) in ws.resolved(idx).iter().enumerate() {
                if let Target::UnmappedSite(site) = target {
                    let prefix = &site.prefix;
                    seen.entry(prefix.as_str()).and_modify(|e| e.0 += 1).or_insert((1, idx, reference));
                }
            }
        }
        let s = &ws.settings;
        for (prefix, (count, idx, reference)) in seen {
            let page = &ws.pages[idx];
            let r = &page.references.at(reference);
            let example = if s.root.is_empty() { prefix.trim_start_matches('/').to_owned() } else { format!("{}{prefix}", s.root) };
            let plural = if count == 1 { "reference" } else { "references" };
            out.push(
                at(RuleId::UnresolvedSitePath, page, r, format!("{count} site-absolute {plural} under `{prefix}` match no file under the docs root (first: `{}`)", r.dest))
                    .help(format!("map the prefix to where the site serves it from, e.g. `site-paths = {{ \"{prefix}\" = \"{example}\" }}` in [docs]"))
                    .subject(prefix.to_owned())
                    .data(serde_json::json!({ "count": count })),
            );
        }
    }
}
