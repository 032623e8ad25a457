//! Suppressions (contract §5): `<!-- doclint-disable-next-line RULE… -->`,
//! `<!-- doclint-disable RULE… -->` … `<!-- doclint-enable RULE… -->`,
//! `<!-- doclint-disable-file RULE… -->` (no rule: all) and front matter
//! `doclint: { disable: [RULE…] }`. Findings in the manifest and on directories are governed by
//! `[[overrides]]` instead.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::page::{Page, SuppressionKind};
use crate::rules::RuleId;
use crate::workspace::Workspace;

/// One suppression in effect over a range of lines of a page.
struct Scope {
    /// `None`: every rule.
    rules: Option<Vec<RuleId>>,
    /// Inclusive line range; `None`: the whole file, whole-file findings included.
    lines: Option<(usize, usize)>,
    /// Where it is written (for unused-suppression).
    span: std::ops::Range<usize>,
    used: bool,
}

impl Scope {
    fn covers(&self, d: &Diagnostic) -> bool {
        let rule_ok = self.rules.as_ref().is_none_or(|r| r.contains(&d.rule));
        let line_ok = match (self.lines, &d.span) {
            (None, _) => true,
            (Some((a, b)), Some(s)) => (a..=b).contains(&s.line),
            (Some(_), None) => false,
        };
        rule_ok && line_ok
    }
}

/// Drops suppressed findings; with `report_unused`, adds unused-suppression findings.
#[must_use]
pub fn apply(ws: &Workspace, found: Vec<Diagnostic>, report_unused: bool, _rules: &[RuleId]) -> Vec<Diagnostic> {
    let by_path: HashMap<&str, usize> = ws.pages.iter().enumerate().map(|(i, p)| (p.project_path.as_str(), i)).collect();
    let mut scopes: HashMap<usize, Vec<Scope>> = HashMap::new();
    let mut kept = Vec::with_capacity(found.len());
    for d in found {
        let Some(&idx) = by_path.get(d.path.as_str()) else {
            kept.push(d);
            continue;
        };
        // invalid-suppression findings are never suppressed themselves.
        if d.rule == RuleId::InvalidSuppression {
            kept.push(d);
            continue;
        }
        let page_scopes = scopes.entry(idx).or_insert_with(|| scopes_of(&ws.pages[idx]));
        let mut suppressed = false;
        for s in page_scopes.iter_mut() {
            if s.covers(&d) {
                s.used = true;
                suppressed = true;
            }
        }
        if !suppressed {
            kept.push(d);
        }
    }
    if report_unused {
        for (idx, page) in ws.pages.iter().enumerate() {
            let page_scopes = scopes.entry(idx).or_insert_with(|| scopes_of(page));
            for s in page_scopes.iter().filter(|s| !s.used) {
                let mut d = Diagnostic::new(RuleId::UnusedSuppression, &page.project_path, "this suppression suppresses nothing")
                    .at(page.span(s.span.clone()))
                    .help("delete it: the finding it was written for is gone")
                    .subject(page.text().get(s.span.clone()).unwrap_or("").to_owned());
                d.severity = Severity::Warning;
                if ws.settings.level(d.rule, &d.path) != crate::manifest::Level::Off {
                    kept.push(d);
                }
            }
        }
    }
    kept
}

fn known(names: &[(String, std::ops::Range<usize>)]) -> Option<Vec<RuleId>> {
    if names.is_empty() { None } else { Some(names.iter().filter_map(|(n, _)| RuleId::parse(n)).collect()) }
}

fn scopes_of(page: &Page) -> Vec<Scope> {
    let mut out = Vec::new();
    if !page.front_matter.disable.is_empty() {
        let span = page.front_matter.span.clone().unwrap_or(0..0);
        out.push(Scope { rules: known(&page.front_matter.disable), lines: None, span, used: false });
    }
    let last_line = page.lines().line_count();
    let mut open: Vec<(Option<Vec<RuleId>>, usize, std::ops::Range<usize>)> = Vec::new();
    for s in &page.suppressions {
        let rules = known(&s.rules);
        let start_line = page.lines().position(page.text(), s.span.start).0;
        let end_line = page.lines().position(page.text(), s.span.end.saturating_sub(1).max(s.span.start)).0;
        match s.kind {
            SuppressionKind::File => out.push(Scope { rules, lines: None, span: s.span.clone(), used: false }),
            SuppressionKind::NextLine => out.push(Scope { rules, lines: Some((end_line + 1, end_line + 1)), span: s.span.clone(), used: false }),
            SuppressionKind::Disable => open.push((rules, end_line, s.span.clone())),
            SuppressionKind::Enable => {
                // Close the matching disables: all of them for a bare enable, else those naming
                // exactly the rules re-enabled (or every rule).
                let mut i = 0;
                while i < open.len() {
                    let matches = rules.is_none() || open[i].0 == rules;
                    if matches {
                        let (r, from, span) = open.remove(i);
                        out.push(Scope { rules: r, lines: Some((from, start_line)), span, used: false });
                    } else {
                        i += 1;
                    }
                }
            }
        }
    }
    for (rules, from, span) in open {
        out.push(Scope { rules, lines: Some((from, last_line)), span, used: false });
    }
    out
}
