//! `check --changed-since REV`: which findings a pull request is responsible for. The whole
//! tree is still analysed; this only narrows what is reported to findings in changed or added
//! files, in pages whose references point at changed, renamed or deleted files, and (through
//! the file list) in the manifest when it changed.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::diagnostic::Diagnostic;
use crate::resolve::Target;
use crate::workspace::Workspace;

/// Project-relative paths that changed since a revision (both sides of a rename).
#[derive(Debug, Clone, Default)]
pub struct Changed {
    paths: BTreeSet<String>,
}

impl Changed {
    /// Asks git in `project_dir` what changed since `rev`, including untracked files. The
    /// error is a complete message for stderr.
    pub fn from_git(project_dir: &Path, rev: &str) -> Result<Self, String> {
        if rev.is_empty() || rev.starts_with('-') {
            return Err(format!("--changed-since: `{rev}` is not a revision"));
        }
        git(project_dir, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
            .map_err(|e| format!("--changed-since: unknown revision `{rev}` ({e})"))?;
        let diff = git(project_dir, &["diff", "--name-status", "-z", "-M", "--relative", rev, "--"])?;
        let untracked = git(project_dir, &["ls-files", "--others", "--exclude-standard", "-z"])?;
        let mut paths = parse_name_status(&diff);
        paths.extend(untracked.split('\0').filter(|p| !p.is_empty()).map(str::to_owned));
        Ok(Self { paths })
    }

    /// A changed set from a list of paths (tests).
    #[must_use]
    pub fn from_paths<I: IntoIterator<Item = String>>(paths: I) -> Self {
        Self { paths: paths.into_iter().collect() }
    }

    /// Works out which pages refer into the changed set, once per run.
    #[must_use]
    pub fn relevance(&self, ws: &Workspace) -> Relevance<'_> {
        let s = &ws.settings;
        // Docnames and extensionless links name a page without its extension.
        let stems: BTreeSet<&str> = self.paths.iter().filter_map(|p| stem(p)).collect();
        let hits = |project_path: &str| self.paths.contains(project_path) || stems.contains(project_path);
        let mut referrers = BTreeSet::new();
        for (i, page) in ws.pages.iter().enumerate() {
            let refers = ws.resolved(i).iter().any(|target| match target {
                Target::Page { page, .. } | Target::Label { page } => hits(&ws.pages[*page].project_path),
                Target::Glob { pages } => pages.iter().any(|p| hits(&ws.pages[*p].project_path)),
                Target::Missing { path } | Target::Removed { from: path } => hits(&s.project_path(path)),
                Target::Moved(m) => hits(&s.project_path(&m.from)) || hits(&s.project_path(&m.to)),
                Target::Outside { path, .. } => hits(path),
                _ => false,
            });
            if refers {
                referrers.insert(page.project_path.clone());
            }
        }
        Relevance { changed: &self.paths, referrers }
    }
}

/// What `--changed-since` keeps.
#[derive(Debug)]
pub struct Relevance<'a> {
    changed: &'a BTreeSet<String>,
    referrers: BTreeSet<String>,
}

impl Relevance<'_> {
    /// Whether a finding belongs to the change: it is in a changed file (or a directory holding
    /// one), in a page referring into the change, about a changed page (a manifest finding
    /// such as missing-page names its page), or related to a changed file.
    #[must_use]
    pub fn covers(&self, d: &Diagnostic, ws: &Workspace) -> bool {
        let p = d.path.as_str();
        self.changed.contains(p)
            || self.referrers.contains(p)
            || (p.ends_with('/') && self.changed.iter().any(|c| c.starts_with(p)))
            || (!d.subject.is_empty() && self.changed.contains(&ws.settings.project_path(&d.subject)))
            || d.related.iter().any(|r| self.changed.contains(&r.path))
    }
}

/// Paths from `git diff --name-status -z`: one path per entry, two for renames and copies
/// (a copy's source did not change).
fn parse_name_status(out: &str) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    let mut fields = out.split('\0').filter(|f| !f.is_empty());
    while let Some(status) = fields.next() {
        let two = status.starts_with('R') || status.starts_with('C');
        let first = fields.next();
        if two {
            let second = fields.next();
            if status.starts_with('R') {
                paths.extend(first.map(str::to_owned));
            }
            paths.extend(second.map(str::to_owned));
        } else {
            paths.extend(first.map(str::to_owned));
        }
    }
    paths
}

/// `p` without the extension of its file name, if it has one.
fn stem(p: &str) -> Option<&str> {
    let name_start = p.rfind('/').map_or(0, |i| i + 1);
    p[name_start..].rfind('.').filter(|&i| i > 0).map(|i| &p[..name_start + i])
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git").args(args).current_dir(dir).output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            "--changed-since needs git, which is not installed or not on PATH".to_owned()
        } else {
            format!("cannot run git: {e}")
        }
    })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        let shown = if err.is_empty() { format!("git {} failed", args.first().copied().unwrap_or_default()) } else { err };
        return Err(shown);
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_count_both_sides_copies_only_the_new_path() {
        let out = "M\0docs/a.md\0R100\0docs/old.md\0docs/new.md\0C90\0docs/src.md\0docs/copy.md\0D\0docs/gone.md\0";
        let paths: Vec<String> = parse_name_status(out).into_iter().collect();
        assert_eq!(paths, ["docs/a.md", "docs/copy.md", "docs/gone.md", "docs/new.md", "docs/old.md"]);
    }
}
