//! What the manifest says about each page: allowed, stray, moved or pending. Computed once
//! per run; the structure rules and reachability read it.

use crate::manifest::{Settings, is_under};
use crate::page::Page;

/// A page's standing against the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// An entry (or an open section/root) allows it.
    Allowed,
    /// No entry allows it.
    Stray,
    /// It sits at a `moved.from` whose destination exists: a leftover copy.
    Moved { to: String },
    /// It sits at a `moved.from` the plan removed.
    Removed,
    /// It sits at a `moved.from` whose destination does not exist yet: tolerated.
    Pending { to: String },
}

impl Status {
    /// Stray in the sense of stray-page: not allowed and not tolerated.
    #[must_use]
    pub fn is_stray(&self) -> bool {
        matches!(self, Self::Stray | Self::Moved { .. } | Self::Removed)
    }

    /// Whether the page is at a `moved.from` path.
    #[must_use]
    pub fn is_moved_from(&self) -> bool {
        matches!(self, Self::Moved { .. } | Self::Removed | Self::Pending { .. })
    }
}

/// A stray directory: the topmost non-section directory with pages but no allowed page.
#[derive(Debug, Clone)]
pub struct StrayDir {
    /// Root-relative, without trailing `/`.
    pub dir: String,
    /// Indexes of its pages.
    pub pages: Vec<usize>,
}

/// The status of every page (parallel to `pages`), and the stray directories.
#[derive(Debug, Default)]
pub struct Structure {
    pub status: Vec<Status>,
    pub stray_dirs: Vec<StrayDir>,
    /// For each page, the stray directory that holds it.
    pub in_stray_dir: Vec<Option<usize>>,
}

impl Structure {
    #[must_use]
    pub fn compute(settings: &Settings, pages: &[Page], page_exists: impl Fn(&str) -> bool) -> Self {
        let status: Vec<Status> = pages.iter().map(|p| status_of(settings, &p.path, &page_exists)).collect();
        let stray_dirs = stray_dirs(settings, pages, &status);
        let mut in_stray_dir = vec![None; pages.len()];
        for (d, sd) in stray_dirs.iter().enumerate() {
            for &i in &sd.pages {
                in_stray_dir[i] = Some(d);
            }
        }
        Self { status, stray_dirs, in_stray_dir }
    }
}

fn status_of(settings: &Settings, path: &str, page_exists: &impl Fn(&str) -> bool) -> Status {
    if let Some((_, to)) = settings.moved_to(path) {
        return match to {
            None => Status::Removed,
            Some(to) if page_exists(&to) => Status::Moved { to },
            Some(to) => Status::Pending { to },
        };
    }
    if settings.allowed(path).is_some() { Status::Allowed } else { Status::Stray }
}

/// Directories (not sections, not holding a section) whose pages are all stray: only the
/// topmost of each such subtree.
fn stray_dirs(settings: &Settings, pages: &[Page], status: &[Status]) -> Vec<StrayDir> {
    // Candidate directories: every ancestor directory of a stray page.
    let mut candidates: Vec<String> = Vec::new();
    for (p, s) in pages.iter().zip(status) {
        if !s.is_stray() {
            continue;
        }
        let mut dir = p.path.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            candidates.push(parent.to_owned());
            dir = parent;
        }
    }
    candidates.sort();
    candidates.dedup();
    let is_stray_dir = |dir: &str| {
        let is_section_or_holds_one = settings.sections.iter().any(|s| s.dir == dir || is_under(&s.dir, dir));
        if is_section_or_holds_one {
            return false;
        }
        let mut any = false;
        for (p, s) in pages.iter().zip(status) {
            if is_under(&p.path, dir) {
                if !s.is_stray() {
                    return false;
                }
                any = true;
            }
        }
        any
    };
    let stray: Vec<&String> = candidates.iter().filter(|d| is_stray_dir(d)).collect();
    // Keep the topmost: drop a directory whose ancestor is also stray.
    stray
        .iter()
        .filter(|d| !stray.iter().any(|a| is_under(d, a)))
        .map(|d| StrayDir { dir: (*d).clone(), pages: pages.iter().enumerate().filter(|(_, p)| is_under(&p.path, d)).map(|(i, _)| i).collect() })
        .collect()
}
