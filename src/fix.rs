//! `check --fix`: rewrites moved-link destinations in pages under the reported PATHs, and
//! nothing else. Each file is written through a temporary file in its own directory and a
//! rename that keeps its permissions; a symlinked page is written at its target (the link
//! stays a link); a file that changed since it was read is left alone and reported.

use std::fmt::Write as _;
use std::path::Path;

use crate::check::PathFilter;
use crate::diagnostic::Fix;
use crate::page::Page;
use crate::rules::RuleId;
use crate::workspace::Workspace;

/// What `--fix` did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Files rewritten.
    pub changed: usize,
    /// One line per changed file or problem, for stderr.
    pub log: String,
}

/// Applies the fixes of every moved-link finding in pages under `filter`.
#[must_use]
pub fn apply(ws: &Workspace, filter: &PathFilter) -> Outcome {
    let mut outcome = Outcome::default();
    let rule = RuleId::MovedLink.rule();
    ws.prepare(false);
    for page in &ws.pages {
        if !filter.covers(&page.project_path) {
            continue;
        }
        let mut found = Vec::new();
        rule.check_page(page, ws, &mut found);
        let mut fixes: Vec<Fix> =
            found.into_iter().filter(|d| ws.settings.level(d.rule, &d.path) != crate::manifest::Level::Off).filter_map(|d| d.fix).collect();
        if fixes.is_empty() {
            continue;
        }
        fixes.sort_by_key(|f| f.span.bytes.start);
        fixes.dedup_by(|b, a| a.span.bytes.end > b.span.bytes.start); // never overlapping
        let path = ws.settings.root_dir().join(&page.path);
        match write_fixed(&ws.settings.project_dir, &path, page, &fixes) {
            Ok(()) => {
                outcome.changed += 1;
                let n = fixes.len();
                let _ = writeln!(outcome.log, "fixed {n} moved link{} in {}", if n == 1 { "" } else { "s" }, page.project_path);
            }
            Err(e) => {
                let _ = writeln!(outcome.log, "error: not fixed: {}: {e}", page.project_path);
            }
        }
    }
    outcome
}

/// Applies non-overlapping `fixes` (sorted) to `text`.
#[must_use]
pub fn apply_to_text(text: &str, fixes: &[Fix]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in fixes {
        let (start, end) = (f.span.bytes.start.min(text.len()), f.span.bytes.end.min(text.len()));
        if start < at || end < start || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(&f.replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

fn write_fixed(project: &Path, path: &Path, page: &Page, fixes: &[Fix]) -> std::io::Result<()> {
    // Write where the bytes live: through a symlink to its target, never replacing the link.
    let real = match crate::walk::resolve_inside(project, path) {
        crate::walk::Confined::Inside(real) => real,
        crate::walk::Confined::Leaves => return Err(std::io::Error::other("a symlink on the way leaves the project directory")),
        crate::walk::Confined::Broken => return Err(std::io::Error::new(std::io::ErrorKind::NotFound, "the file is gone or a symlink loop")),
    };
    // The spans were computed on the text as parsed: only that text may be edited.
    let Some(text) = page.parsed_text() else {
        return Err(std::io::Error::other("the workspace was loaded without its page texts (Workspace::load_keeping_texts)"));
    };
    let original = std::fs::read(&real)?;
    let mut expected = Vec::with_capacity(text.len() + 3);
    if page.bom {
        expected.extend_from_slice("\u{feff}".as_bytes());
    }
    expected.extend_from_slice(text.as_bytes());
    if original != expected {
        return Err(std::io::Error::other("the file changed since doclint read it; run again"));
    }
    let mut rewritten = String::with_capacity(expected.len());
    if page.bom {
        rewritten.push('\u{feff}');
    }
    rewritten.push_str(&apply_to_text(text, fixes));
    let meta = std::fs::metadata(&real)?;
    if meta.permissions().readonly() {
        return Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, "the file is read-only"));
    }
    let dir = real.parent().unwrap_or_else(|| Path::new("."));
    let name = real.file_name().map_or_else(|| "page".into(), |n| n.to_string_lossy().into_owned());
    // `create_new` (O_EXCL) never follows or reuses an existing file or symlink at the
    // temporary name, so a planted `.page.md.doclint-<pid>.tmp` symlink cannot redirect the
    // write out of the project.
    let (tmp, mut file) = (0..16)
        .find_map(|i| {
            let tmp = dir.join(format!(".{name}.doclint-{}-{i}.tmp", std::process::id()));
            std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp).ok().map(|f| (tmp, f))
        })
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::AlreadyExists, "cannot create a temporary file beside it"))?;
    let result = (|| {
        std::io::Write::write_all(&mut file, rewritten.as_bytes())?;
        file.sync_all()?;
        drop(file);
        std::fs::set_permissions(&tmp, meta.permissions())?;
        std::fs::rename(&tmp, &real)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
