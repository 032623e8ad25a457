//! Command-line interface: argument parsing and dispatch. Returns what to print; only
//! `main.rs` writes to the terminal.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::check::{self, CheckOptions, PathFilter};
use crate::manifest::{self, LoadError, Settings};
use crate::render::{self, Format, RenderOptions};
use crate::rules::RuleId;
use crate::workspace::Workspace;

/// Exit status of a run (contract §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// No error-level finding.
    Clean = 0,
    /// At least one error-level finding (or a warning with `--deny-warnings`).
    Findings = 1,
    /// The run could not be done.
    Error = 2,
}

/// What a run prints and how it exits.
#[derive(Debug)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub status: ExitStatus,
}

impl Output {
    #[must_use]
    pub fn ok(stdout: String) -> Self {
        Self { stdout, stderr: String::new(), status: ExitStatus::Clean }
    }

    #[must_use]
    pub fn error(stderr: String) -> Self {
        Self { stdout: String::new(), stderr, status: ExitStatus::Error }
    }
}

#[derive(Debug, Parser)]
#[command(name = "doclint", version, about = "Check a documentation tree against its planned structure (scope.toml).", long_about = None)]
pub struct Cli {
    /// The manifest (default: the nearest scope.toml in the current directory or its ancestors).
    #[arg(long, global = true, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// When to use colour (`NO_COLOR` is honoured with `auto`).
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint the docs tree against the manifest.
    Check(CheckArgs),
    /// Write a scope.toml describing an existing tree.
    Init(InitArgs),
    /// Per-section table: pages by content type, planned pages, budget used.
    Stats(StatsArgs),
    /// List every rule: id, default severity, summary.
    Rules,
    /// Print a rule's full documentation.
    Explain {
        /// A rule id, like `broken-link`.
        rule: String,
    },
    /// Print the redirect map implied by [[moved]].
    Redirects(RedirectsArgs),
    /// Record today's findings so that `check --baseline` reports only new ones.
    Baseline(BaselineArgs),
    /// Print a JSON Schema for scope.toml (for editors: Taplo, Even Better TOML).
    Schema,
}

#[derive(Debug, clap::Args)]
pub struct BaselineArgs {
    /// Where to write the baseline (`-`: stdout). Default: doclint-baseline.json next to the manifest.
    #[arg(long, value_name = "FILE")]
    pub output: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories whose findings to report (the whole tree is always analysed).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Rewrite moved-link destinations to where the pages went.
    #[arg(long)]
    pub fix: bool,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Report suppressions that suppressed nothing.
    #[arg(long)]
    pub report_unused_suppressions: bool,
    /// Report only findings whose fingerprint is not in this baseline file (`doclint baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Report only findings a change since git revision REV is responsible for.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The docs root, relative to the current directory (default: `docs` if it exists, else `.`).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Where to write the manifest (`-`: stdout). Default: scope.toml in the current directory.
    #[arg(long, value_name = "FILE")]
    pub output: Option<String>,
    /// Overwrite an existing manifest.
    #[arg(long)]
    pub force: bool,
    /// Build sections from a generator's navigation (mkdocs.yml, SUMMARY.md, …).
    #[arg(long, value_name = "NAV")]
    pub from: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    #[arg(long, value_enum, default_value_t = StatsFormat::Human)]
    pub format: StatsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Debug, clap::Args)]
pub struct RedirectsArgs {
    #[arg(long, value_enum, default_value_t = RedirectTarget::Mkdocs)]
    pub target: RedirectTarget,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RedirectTarget {
    Mkdocs,
    Sphinx,
    Docusaurus,
    Netlify,
}

/// Runs doclint as the command line asks, from directory `cwd`.
#[must_use]
pub fn run(cli: &Cli, cwd: &Path, color_env: ColorEnv) -> Output {
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => color_env.is_tty && !color_env.no_color,
    };
    match &cli.command {
        Command::Rules => Output::ok(rules_table()),
        Command::Explain { rule } => explain(rule),
        Command::Init(args) => crate::init::run(args, cli.manifest.as_deref(), cwd),
        Command::Check(args) => with_manifest(cli, cwd, color, |s| run_check(s, args, cwd, color)),
        Command::Stats(args) => with_manifest(cli, cwd, color, |s| crate::stats::run(s, args.format)),
        Command::Redirects(args) => with_manifest(cli, cwd, color, |s| Output::ok(crate::redirects::render(&s, args.target))),
        Command::Baseline(args) => with_manifest(cli, cwd, color, |s| run_baseline(s, args, cwd)),
        Command::Schema => Output::ok(crate::schema::json()),
    }
}

/// What the environment says about colour.
#[derive(Debug, Clone, Copy, Default)]
pub struct ColorEnv {
    pub is_tty: bool,
    pub no_color: bool,
}

fn with_manifest(cli: &Cli, cwd: &Path, color: bool, f: impl FnOnce(Settings) -> Output) -> Output {
    let path = match &cli.manifest {
        Some(p) => cwd.join(p),
        None => match manifest::discover(cwd) {
            Some(p) => p,
            None => {
                return Output::error(format!(
                    "error: {}\n  help: run `doclint init` to write one, or pass --manifest FILE\n",
                    LoadError::NotFound(cwd.display().to_string())
                ));
            }
        },
    };
    let display = relative_display(cwd, &path);
    match crate::timings::phase("manifest", || manifest::load(&path, &display)) {
        Ok(settings) => f(settings),
        Err(e) => Output::error(render_load_error(&e, color)),
    }
}

/// Renders a manifest failure: every problem as a miette report, then a count.
#[must_use]
pub fn render_load_error(e: &LoadError, color: bool) -> String {
    match e {
        LoadError::Invalid { problems, path, count } => {
            let theme = if color { miette::GraphicalTheme::unicode() } else { miette::GraphicalTheme::unicode_nocolor() };
            let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
            let mut out = String::new();
            for p in problems {
                let _ = handler.render_report(&mut out, p);
                out.push('\n');
            }
            out.push_str(&format!(
                "error: {path} has {count} problem{}; fix {} and run again\n",
                if *count == 1 { "" } else { "s" },
                if *count == 1 { "it" } else { "them" }
            ));
            out
        }
        other => format!("error: {other}\n"),
    }
}

fn run_check(settings: Settings, args: &CheckArgs, cwd: &Path, color: bool) -> Output {
    let project_dir = settings.project_dir.clone();
    let mut prefixes = Vec::new();
    for p in &args.paths {
        let abs = cwd.join(p);
        let Ok(canonical) = std::fs::canonicalize(&abs) else {
            return Output::error(format!("error: path `{}` does not exist\n", p.display()));
        };
        let Ok(rel) = canonical.strip_prefix(&project_dir) else {
            return Output::error(format!("error: path `{}` is outside the project directory {}\n", p.display(), project_dir.display()));
        };
        prefixes.push(slash_path(rel));
    }
    let baseline = match &args.baseline {
        Some(file) => match crate::baseline::Baseline::load(&cwd.join(file)) {
            Ok(b) => Some(b),
            Err(e) => return Output::error(format!("error: {e}\n  help: write one with `doclint baseline --output {}`\n", file.display())),
        },
        None => None,
    };
    let changed = match &args.changed_since {
        Some(rev) => match crate::changed::Changed::from_git(&project_dir, rev) {
            Ok(c) => Some(c),
            Err(e) => return Output::error(format!("error: {e}\n")),
        },
        None => None,
    };
    let manifest_display = settings.manifest_display.clone();
    let ws = match load_workspace(settings, args.fix) {
        Ok(ws) => ws,
        Err(out) => return out,
    };
    let opts = CheckOptions {
        filter: PathFilter { prefixes: prefixes.clone() },
        only: None,
        report_unused_suppressions: args.report_unused_suppressions,
        changed,
        baseline,
    };
    let mut stderr = String::new();
    let ws = if args.fix {
        let outcome = crate::fix::apply(&ws, &opts.filter);
        stderr.push_str(&outcome.log);
        if outcome.changed == 0 {
            ws
        } else {
            // Re-read the tree so the report describes what is on disk now.
            match Workspace::load(ws.settings) {
                Ok(ws) => ws,
                Err(e) => return Output::error(format!("error: cannot re-read the docs root after --fix: {e}\n")),
            }
        }
    } else {
        ws
    };
    let display_prefix = relative_prefix(cwd, &project_dir);
    let report = check::report(&ws, &opts, display_prefix, manifest_display);
    let width = terminal_width();
    let stdout = crate::timings::phase("render", || render::render(args.format, &report, RenderOptions { color, width }));
    let errors = report.count(crate::diagnostic::Severity::Error);
    let warnings = report.count(crate::diagnostic::Severity::Warning);
    let status = if errors > 0 || (args.deny_warnings && warnings > 0) { ExitStatus::Findings } else { ExitStatus::Clean };
    release((report, ws));
    Output { stdout, stderr, status }
}

/// Reads the tree (keeping page texts for `--fix`), or the exit-2 output saying why it cannot.
fn load_workspace(settings: Settings, keep_texts: bool) -> Result<Workspace, Output> {
    let manifest_display = settings.manifest_display.clone();
    let root_display = settings.project_path("");
    let loaded = if keep_texts { Workspace::load_keeping_texts(settings) } else { Workspace::load(settings) };
    loaded.map_err(|e| {
        Output::error(format!(
            "error: cannot read the docs root `{root_display}`: {e}\n  help: set `root` in [docs] of {manifest_display} to the directory that holds the pages\n"
        ))
    })
}

/// `doclint baseline`: every current finding's fingerprint, to a file or stdout.
fn run_baseline(settings: Settings, args: &BaselineArgs, cwd: &Path) -> Output {
    let target = match args.output.as_deref() {
        Some("-") => None,
        Some(o) => Some(cwd.join(o)),
        None => Some(settings.project_dir.join(crate::baseline::DEFAULT_FILE)),
    };
    let ws = match load_workspace(settings, false) {
        Ok(ws) => ws,
        Err(out) => return out,
    };
    let found = check::run(&ws, &CheckOptions::default());
    let text = crate::baseline::render(&found);
    match target {
        None => Output::ok(text),
        Some(path) => match std::fs::write(&path, &text) {
            Ok(()) => Output {
                stdout: String::new(),
                stderr: format!("wrote {} finding{} to {}\n", found.len(), if found.len() == 1 { "" } else { "s" }, relative_display(cwd, &path)),
                status: ExitStatus::Clean,
            },
            Err(e) => Output::error(format!("error: cannot write {}: {e}\n", path.display())),
        },
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|&w: &usize| w >= 40).unwrap_or(100)
}

fn rules_table() -> String {
    let width = RuleId::ALL.iter().map(|r| r.as_str().len()).max().unwrap_or(0);
    let mut out = String::new();
    for id in RuleId::ALL {
        let doc = id.doc();
        let fix = if doc.fixable { " (fixable)" } else { "" };
        out.push_str(&format!("{:width$}  {:7}  {}{fix}\n", id.as_str(), doc.default.as_str(), doc.summary));
    }
    out
}

fn explain(rule: &str) -> Output {
    if let Some(id) = RuleId::parse(rule) {
        Output::ok(id.doc().body.to_owned())
    } else {
        let help = RuleId::suggest(rule).map_or_else(|| "run `doclint rules` to list every rule".to_owned(), |s| format!("did you mean `{s}`?"));
        Output::error(format!("error: unknown rule `{rule}`\n  help: {help}\n"))
    }
}

/// A path with `/` separators.
#[must_use]
pub fn slash_path(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

/// `target` relative to `cwd` for display (falls back to the path as given).
fn relative_display(cwd: &Path, target: &Path) -> String {
    let abs_cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    let abs = target.parent().and_then(|p| std::fs::canonicalize(p).ok()).map(|p| p.join(target.file_name().unwrap_or_default()));
    match abs {
        Some(abs) => {
            let prefix = relative_prefix(&abs_cwd, abs.parent().unwrap_or(&abs));
            format!("{prefix}{}", abs.file_name().unwrap_or_default().to_string_lossy())
        }
        None => target.display().to_string(),
    }
}

/// What to put before a path relative to `dir` to make it relative to `cwd` (`""`, `"sub/"`,
/// `"../"`, `"../other/"`).
#[must_use]
pub fn relative_prefix(cwd: &Path, dir: &Path) -> String {
    let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let a: Vec<_> = cwd.components().collect();
    let b: Vec<_> = dir.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = String::new();
    for _ in common..a.len() {
        out.push_str("../");
    }
    for c in &b[common..] {
        out.push_str(&c.as_os_str().to_string_lossy());
        out.push('/');
    }
    out
}

/// Set by the binary, which exits as soon as `run` returns.
static EXITS_AFTER_RUN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Tells `run` that the process ends right after it: the tree need not be freed.
pub fn exits_after_run() {
    EXITS_AFTER_RUN.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Frees what a check built. Freeing a big tree one allocation at a time took 16 ms of a
/// 10k-page check: a process about to exit leaves it to the operating system; a library
/// caller frees it on a detached thread while the output is written (or here, should no
/// thread start).
fn release<T: Send + 'static>(value: T) {
    if EXITS_AFTER_RUN.load(std::sync::atomic::Ordering::Relaxed) {
        std::mem::forget(value);
    } else {
        let _ = std::thread::Builder::new().name("doclint-free".to_owned()).spawn(move || drop(value));
    }
}
