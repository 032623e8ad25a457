//! What the manifest says about each page: allowed, stray, moved or pending. Computed once
//! per run; the structure rules and reachability read it.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::manifest::Settings;
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
    pub fn compute(settings: &Settings, pages: &[Page], page_exists: impl Fn(&str) -> bool + Sync) -> Self {
        // In parallel: each page may be matched against every glob entry and move.
        let status: Vec<Status> = pages.par_iter().map(|p| status_of(settings, &p.path, &page_exists)).collect();
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
/// topmost of each such subtree. One pass over each page's ancestors (comparing every
/// candidate directory with every page was quadratic in a large unplanned tree).
fn stray_dirs(settings: &Settings, pages: &[Page], status: &[Status]) -> Vec<StrayDir> {
    // Pages under each directory, and how many of them are stray. Pages come sorted, so the
    // pages of a directory mostly come in runs: each run is added to its ancestors once
    // (a hash lookup per ancestor per page was half the structure phase at 100k pages).
    let mut counts: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
    let mut add = |path, all, stray| {
        for dir in ancestors(path) {
            let c = counts.entry(dir).or_default();
            c.0 += all;
            c.1 += stray;
        }
    };
    // The current run: a page of it, its directory, its pages, its stray pages.
    let mut run: Option<(&str, &str, usize, usize)> = None;
    for (p, s) in pages.iter().zip(status) {
        let dir = crate::text::dir_of(&p.path);
        let stray = usize::from(s.is_stray());
        match &mut run {
            Some((_, run_dir, all, strays)) if *run_dir == dir => {
                *all += 1;
                *strays += stray;
            }
            _ => {
                if let Some((path, _, all, strays)) = run.replace((&p.path, dir, 1, stray)) {
                    add(path, all, strays);
                }
            }
        }
    }
    if let Some((path, _, all, strays)) = run {
        add(path, all, strays);
    }
    // A section's directory and every directory above one.
    let mut sectioned: FxHashSet<&str> = FxHashSet::default();
    for sec in &settings.sections {
        sectioned.insert(sec.dir.as_str());
        sectioned.extend(ancestors(&sec.dir));
    }
    let is_stray_dir = |dir: &str| !sectioned.contains(dir) && counts.get(dir).is_some_and(|&(all, stray)| all > 0 && stray == all);
    // The topmost stray directory of each page, if any.
    let mut by_dir: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        if !status[i].is_stray() {
            continue;
        }
        if let Some(top) = ancestors(&p.path).filter(|d| is_stray_dir(d)).last() {
            by_dir.entry(top).or_default().push(i);
        }
    }
    by_dir.into_iter().map(|(dir, pages)| StrayDir { dir: dir.to_owned(), pages }).collect()
}

/// The proper ancestor directories of a root-relative path, deepest first (not the root).
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(path.rsplit_once('/').map(|(d, _)| d), |d| d.rsplit_once('/').map(|(p, _)| p))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::manifest::is_under;
    use crate::page::{ParseOptions, SlugStyle};

    fn settings(toml: &str) -> Settings {
        let dir = std::env::temp_dir();
        crate::manifest::parse_str(&Arc::from(toml), "scope.toml", "scope.toml", dir.clone(), dir.join("scope.toml")).expect("valid manifest")
    }

    fn page(path: &str) -> Page {
        let opts = ParseOptions { slug: SlugStyle::Github, content_type_key: "content_type".into(), nav: false, duplicates: None };
        crate::page::parse(path.to_owned(), path.to_owned(), "# Title\n".to_owned(), false, &opts)
    }

    /// The definition, directly: every ancestor of a stray page that is not a section, holds
    /// no section and has only stray pages, keeping the topmost.
    fn stray_dirs_by_definition(settings: &Settings, pages: &[Page], status: &[Status]) -> Vec<(String, Vec<usize>)> {
        let mut candidates: Vec<&str> = pages.iter().zip(status).filter(|(_, s)| s.is_stray()).flat_map(|(p, _)| ancestors(&p.path)).collect();
        candidates.sort_unstable();
        candidates.dedup();
        let is_stray = |dir: &str| {
            let under: Vec<usize> = (0..pages.len()).filter(|&i| is_under(&pages[i].path, dir)).collect();
            !settings.sections.iter().any(|s| s.dir == dir || is_under(&s.dir, dir)) && !under.is_empty() && under.iter().all(|&i| status[i].is_stray())
        };
        let stray: Vec<&str> = candidates.into_iter().filter(|d| is_stray(d)).collect();
        stray
            .iter()
            .filter(|d| !stray.iter().any(|a| is_under(d, a)))
            .map(|d| ((*d).to_owned(), (0..pages.len()).filter(|&i| is_under(&pages[i].path, d)).collect()))
            .collect()
    }

    #[test]
    fn stray_dirs_by_runs_are_stray_dirs_by_definition() {
        use proptest::prelude::*;
        let s = settings("[docs]\nroot = \"docs\"\npages = { \"b/a.md\" = \"how-to\", \"a-b.md\" = \"how-to\" }\n[sections.\"a/b\"]\n");
        proptest!(ProptestConfig::with_cases(1_000), |(set in prop::collection::btree_set("[ab-]{1,2}(/[ab]{1,2}){0,2}\\.md", 0..24))| {
            // Sorted as the workspace keeps pages: bytewise.
            let mut paths: Vec<String> = set.into_iter().collect();
            paths.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            let pages: Vec<Page> = paths.iter().map(|p| page(p)).collect();
            let structure = Structure::compute(&s, &pages, |p| paths.iter().any(|q| q == p));
            let got: Vec<(String, Vec<usize>)> = structure.stray_dirs.iter().map(|d| (d.dir.clone(), d.pages.clone())).collect();
            prop_assert_eq!(got, stray_dirs_by_definition(&s, &pages, &structure.status));
        });
    }

    #[test]
    fn stray_dirs_are_the_topmost_all_stray_directories() {
        let s = settings(
            "[docs]\nroot = \"docs\"\npages = { \"index.md\" = \"how-to\", \"mixed/ok.md\" = \"how-to\" }\n[sections.guide]\n[sections.\"old/keep\"]\n",
        );
        let paths = [
            "index.md",
            "guide/a.md",
            "guide/deep/b.md",
            "stray/a.md",
            "stray/sub/b.md",
            "stray/sub/more/c.md",
            "mixed/ok.md",
            "mixed/bad.md",
            "mixed/sub/bad.md",
            "old/x.md",
            "old/keep/y.md",
            "other/a.md",
            "other2/b.md",
        ];
        let pages: Vec<Page> = paths.iter().map(|p| page(p)).collect();
        let structure = Structure::compute(&s, &pages, |p| paths.contains(&p));
        let got: Vec<(String, Vec<usize>)> = structure.stray_dirs.iter().map(|d| (d.dir.clone(), d.pages.clone())).collect();
        assert_eq!(got, stray_dirs_by_definition(&s, &pages, &structure.status));
        let dirs: Vec<&str> = got.iter().map(|(d, _)| d.as_str()).collect();
        // `mixed` has an allowed page (its `sub` is stray); `old` holds a section.
        assert_eq!(dirs, ["mixed/sub", "other", "other2", "stray"]);
        assert_eq!(structure.in_stray_dir[5], Some(3), "a page deep inside belongs to the topmost stray directory");
    }
}
