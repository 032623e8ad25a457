//! Renderers: pure functions from a [`Report`] to the bytes printed on stdout.

use crate::report::Report;

/// `check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Short,
    Json,
    Sarif,
    Github,
    Junit,
}

/// Presentation options (human output only).
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub color: bool,
    /// Terminal width for wrapping human output.
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self { color: false, width: 100 }
    }
}

/// Renders `report` in `format`.
#[must_use]
pub fn render(format: Format, report: &Report, opts: RenderOptions) -> String {
    let _ = (format, report, opts);
    String::new()
}
