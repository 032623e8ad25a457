//! Manifest problems: miette diagnostics that point at a line and column of `scope.toml`.

use miette::{NamedSource, SourceSpan};
use std::ops::Range;

use crate::render::source::LinedSource;

/// One problem in the manifest.
#[derive(Debug, Clone, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(doclint::manifest))]
pub struct ManifestProblem {
    pub message: String,
    #[source_code]
    pub src: NamedSource<LinedSource>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
    /// Byte range, kept for tests and the JSON of `init`.
    #[doc(hidden)]
    pub bytes: Option<Range<usize>>,
}

/// Why no manifest could be loaded (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("no scope.toml found in {0} or any parent directory")]
    NotFound(String),
    #[error("cannot read manifest {path}: {message}")]
    Io { path: String, message: String },
    #[error("invalid manifest {path}: {count} problem(s)")]
    Invalid { path: String, count: usize, problems: Vec<ManifestProblem> },
}
