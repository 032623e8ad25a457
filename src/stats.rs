//! `doclint stats`: the per-section content-type table.

use crate::cli::{Output, StatsFormat};
use crate::manifest::Settings;

#[must_use]
pub fn run(settings: Settings, format: StatsFormat) -> Output {
    let _ = (settings, format);
    Output { stdout: String::new(), stderr: "error: stats is not available yet\n".to_owned(), status: crate::cli::ExitStatus::Error }
}
