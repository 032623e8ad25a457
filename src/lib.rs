//! doclint: a documentation structure linter.
#![forbid(unsafe_code)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod diagnostic;
pub mod manifest;
pub mod page;
pub mod render;
pub mod report;
pub mod rules;
pub mod suggest;
pub mod text;
pub mod walk;
pub mod workspace;
