//! The result of a run, as every renderer receives it.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Severity};

/// Findings in output order plus what renderers need to print them.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Sorted with [`crate::diagnostic::finalize`].
    pub diagnostics: Vec<Diagnostic>,
    /// Pages analysed.
    pub pages: usize,
    /// The manifest path relative to the current directory (JSON `manifest`).
    pub manifest: String,
    /// Texts of the files findings point into (project-relative path → text), for snippets.
    pub sources: BTreeMap<String, Arc<str>>,
    /// What to put before a project-relative path to make it relative to the current
    /// directory (`""`, `"docs-project/"`, `"../"`…); human, short and github use it.
    pub display_prefix: String,
}

impl Report {
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// A project-relative path as the user should see it from the current directory.
    #[must_use]
    pub fn display_path(&self, path: &str) -> String {
        let mut prefix = self.display_prefix.as_str();
        let mut path = path;
        // `../docs/x.md` with prefix `../`… fine; `sub/` prefix with `sub` leading path stays.
        while let Some(rest) = prefix.strip_prefix("./") {
            prefix = rest;
        }
        if prefix.is_empty() {
            while let Some(rest) = path.strip_prefix("./") {
                path = rest;
            }
            return path.to_owned();
        }
        format!("{prefix}{path}")
    }
}
