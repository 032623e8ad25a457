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
    // Interim plain renderer until the format renderers land.
    let _ = (format, opts);
    let mut out = String::new();
    for d in &report.diagnostics {
        let pos = d.span.as_ref().map_or(String::new(), |s| format!(":{}:{}", s.line, s.column));
        out.push_str(&format!("{}{pos}: {}[{}]: {}\n", report.display_path(&d.path), d.severity.as_str(), d.rule.as_str(), d.message));
        if let Some(h) = &d.help {
            out.push_str(&format!("  help: {h}\n"));
        }
    }
    out
}
