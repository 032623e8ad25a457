//! `doclint init`: write a manifest describing an existing tree.

use std::path::Path;

use crate::cli::{InitArgs, Output};

#[must_use]
pub fn run(args: &InitArgs, manifest: Option<&Path>, cwd: &Path) -> Output {
    let _ = (args, manifest, cwd);
    Output { stdout: String::new(), stderr: "error: init is not available yet\n".to_owned(), status: crate::cli::ExitStatus::Error }
}
