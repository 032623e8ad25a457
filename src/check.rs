//! The check pipeline: run every rule over the workspace, apply configured levels and
//! suppressions, keep what the reported PATHs cover, sort once.

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, finalize};
use crate::manifest::Level;
use crate::report::Report;
use crate::rules::RuleId;
use crate::suppress;
use crate::workspace::Workspace;

/// Which findings to report: project-relative path prefixes (empty: everything).
#[derive(Debug, Clone, Default)]
pub struct PathFilter {
    /// Project-relative paths of files or directories (`""` is the whole project).
    pub prefixes: Vec<String>,
}

impl PathFilter {
    /// Whether a finding at project-relative `path` is reported.
    #[must_use]
    pub fn covers(&self, path: &str) -> bool {
        self.prefixes.is_empty()
            || self.prefixes.iter().any(|p| {
                let p = p.trim_end_matches('/');
                p.is_empty() || path == p || path.strip_prefix(p).is_some_and(|rest| rest.starts_with('/'))
            })
    }
}

/// Options of one check run.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub filter: PathFilter,
    /// Only run these rules (fixture tests); `None`: all.
    pub only: Option<Vec<RuleId>>,
    pub report_unused_suppressions: bool,
    /// `--changed-since`: report only what the change is responsible for.
    pub changed: Option<crate::changed::Changed>,
    /// `--baseline`: drop findings whose fingerprint it lists.
    pub baseline: Option<crate::baseline::Baseline>,
}

/// Runs every rule and returns the findings in output order.
#[must_use]
pub fn run(ws: &Workspace, opts: &CheckOptions) -> Vec<Diagnostic> {
    // A rule that is off everywhere (and not turned on by an override) does not run at all.
    let rules: Vec<RuleId> = RuleId::ALL.iter().copied().filter(|r| opts.only.as_ref().is_none_or(|o| o.contains(r)) && ws.settings.rule_enabled(*r)).collect();
    ws.prepare(rules.iter().any(|r| matches!(r, RuleId::NearDuplicate | RuleId::DuplicatePassage)));
    let page_costs = crate::timings::RuleCosts::new(rules.len());
    let workspace_costs = crate::timings::RuleCosts::new(rules.len());
    // Side by side: a workspace rule is one job (missing-index walks every directory), which
    // would otherwise leave the other threads idle once the page rules are done.
    let (mut found, workspace): (Vec<Diagnostic>, Vec<Vec<Diagnostic>>) = rayon::join(
        || {
            crate::timings::phase("page rules", || {
                ws.pages
                    .par_iter()
                    .flat_map_iter(|page| {
                        let mut out = Vec::new();
                        for (n, rule) in rules.iter().enumerate() {
                            page_costs.time(n, || rule.rule().check_page(page, ws, &mut out));
                        }
                        out
                    })
                    .collect()
            })
        },
        || {
            crate::timings::phase("workspace rules", || {
                rules
                    .par_iter()
                    .enumerate()
                    .map(|(n, rule)| {
                        let mut out = Vec::new();
                        workspace_costs.time(n, || rule.rule().check_workspace(ws, &mut out));
                        out
                    })
                    .collect()
            })
        },
    );
    page_costs.print("page", &rules);
    workspace_costs.print("workspace", &rules);
    found.extend(workspace.into_iter().flatten());
    found.retain_mut(|d| apply_level(ws, d));
    let mut found = suppress::apply(ws, found, opts.report_unused_suppressions, &rules);
    found.retain(|d| opts.filter.covers(&d.path));
    if let Some(changed) = &opts.changed {
        let relevance = changed.relevance(ws);
        found.retain(|d| relevance.covers(d, ws));
    }
    crate::timings::phase("finalize", || finalize(&mut found));
    // After finalize: fingerprints need their occurrence numbers.
    if let Some(baseline) = &opts.baseline {
        found.retain(|d| !baseline.contains(&d.fingerprint()));
    }
    found
}

/// Sets the configured severity; false when the rule is off for this path. A rule may demote
/// a finding below the rule's default (a planned missing page is info): that stays.
fn apply_level(ws: &Workspace, d: &mut Diagnostic) -> bool {
    match ws.settings.level(d.rule, &d.path) {
        Level::Off => false,
        Level::On(severity) => {
            if d.severity >= d.rule.default_severity() {
                d.severity = severity;
            }
            true
        }
    }
}

/// Runs the check and packages the result for a renderer.
#[must_use]
pub fn report(ws: &Workspace, opts: &CheckOptions, display_prefix: String, manifest_display: String) -> Report {
    let diagnostics = run(ws, opts);
    let mut sources = std::collections::BTreeMap::new();
    // By project path, built only when there is something to show (a lookup per finding
    // would otherwise scan every page).
    let by_path: std::collections::HashMap<&str, &crate::page::Page> = if diagnostics.is_empty() {
        std::collections::HashMap::new()
    } else {
        ws.pages.iter().chain(&ws.nav_files).map(|p| (p.project_path.as_str(), p)).rev().collect()
    };
    for d in &diagnostics {
        for path in std::iter::once(&d.path).chain(d.related.iter().map(|r| &r.path)) {
            if sources.contains_key(path) {
                continue;
            }
            if *path == ws.settings.manifest_rel {
                sources.insert(path.clone(), std::sync::Arc::clone(&ws.settings.manifest_text));
            } else if let Some(page) = by_path.get(path.as_str()) {
                sources.insert(path.clone(), std::sync::Arc::from(page.text()));
            }
        }
    }
    Report { diagnostics, pages: ws.pages.len(), manifest: manifest_display, sources, display_prefix }
}
