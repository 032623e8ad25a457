//! doclint: a documentation structure linter.
#![forbid(unsafe_code)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod changed;
pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod duplicates;
pub mod fix;
pub mod importers;
pub mod init;
pub mod manifest;
pub mod page;
pub mod path_index;
pub mod redirects;
pub mod render;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod schema;
pub mod stats;
pub mod structure;
pub mod suggest;
pub mod suppress;
pub mod text;
pub mod timings;
pub mod walk;
pub mod workspace;
