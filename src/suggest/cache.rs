//! "Did you mean" indexes shared by the rules of one run: built on first use (sequentially,
//! see [`Workspace::prepare`]) and answers memoised per distinct query. Rules run in parallel
//! over pages; an answer depends only on its query, never on which thread asked first.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use super::Suggester;
use crate::rules::common::dir_of;
use crate::workspace::Workspace;

/// Answers already computed, by query.
#[derive(Debug, Default)]
struct Memo(Mutex<HashMap<String, Option<String>>>);

impl Memo {
    /// The memoised answer for `key`, computed outside the lock (two threads may both compute
    /// it: they get the same answer).
    fn get_or(&self, key: &str, compute: impl FnOnce() -> Option<String>) -> Option<String> {
        if let Some(hit) = self.0.lock().ok().and_then(|m| m.get(key).cloned()) {
            return hit;
        }
        let answer = compute();
        if let Ok(mut m) = self.0.lock() {
            m.insert(key.to_owned(), answer.clone());
        }
        answer
    }
}

#[derive(Debug, Default)]
pub(crate) struct Suggestions {
    labels: OnceLock<Suggester>,
    label_answers: Memo,
    paths: OnceLock<PathIndex>,
    path_answers: Memo,
    /// Per section (`0` for root pages, `i + 1` for section `i`): its exact entries that do not exist.
    missing_entries: OnceLock<Vec<OnceLock<Suggester>>>,
    /// Per page: its anchors, indexed when a link first misses one of them.
    anchors: OnceLock<Vec<OnceLock<Suggester>>>,
    /// By `page#fragment`.
    anchor_answers: Memo,
}

impl Suggestions {
    /// The defined label closest to a missing one.
    pub(crate) fn label(&self, ws: &Workspace, name: &str) -> Option<String> {
        self.label_answers.get_or(name, || {
            let labels = self.labels.get_or_init(|| Suggester::new(ws.labels.keys().map(String::as_str)));
            labels.closest(name).map(ToOwned::to_owned)
        })
    }

    /// The existing page or file (root-relative) closest to a missing root-relative `path`:
    /// a case-only mismatch first (Linux CI is case-sensitive), then the nearest name in the
    /// same directory, then the only page of the same file stem anywhere.
    pub(crate) fn path(&self, ws: &Workspace, path: &str) -> Option<String> {
        self.path_answers.get_or(path, || self.paths.get_or_init(|| PathIndex::new(ws)).closest(ws, path))
    }

    /// The anchor of page `target` closest to a `fragment` it does not have (a page with
    /// thousands of anchors, such as an API reference, can be missed by thousands of links).
    pub(crate) fn anchor(&self, ws: &Workspace, target: usize, fragment: &str) -> Option<String> {
        self.anchor_answers.get_or(&format!("{target}#{fragment}"), || {
            let slots = self.anchors.get_or_init(|| std::iter::repeat_with(OnceLock::new).take(ws.pages.len()).collect());
            let anchors = slots[target].get_or_init(|| Suggester::new(ws.pages[target].anchors().iter().map(String::as_str)));
            anchors.closest(fragment).map(ToOwned::to_owned)
        })
    }

    /// The exact entry, among those of the page's section that do not exist, closest to `path`.
    pub(crate) fn missing_entry(&self, ws: &Workspace, path: &str) -> Option<String> {
        let s = &ws.settings;
        let (section, entries) = s.entries_for(path);
        let entries = entries?;
        let slots = self.missing_entries.get_or_init(|| std::iter::repeat_with(OnceLock::new).take(s.sections.len() + 1).collect());
        let missing = slots[section.map_or(0, |i| i + 1)]
            .get_or_init(|| Suggester::new(entries.exact.iter().filter(|e| !ws.page_exists(&e.path)).map(|e| e.path.as_str())));
        missing.closest(path).map(ToOwned::to_owned)
    }
}

/// Every page and file (pages first, as the linear search saw them), indexed by what
/// [`Suggestions::path`] looks for.
#[derive(Debug)]
struct PathIndex {
    /// Lowercased path → its first page or file.
    by_lower: HashMap<String, u32>,
    /// Directory → the file names of its pages and files.
    names_in: HashMap<String, Suggester>,
    /// File stem → how many pages have it, and the first.
    stems: HashMap<String, (usize, u32)>,
}

impl PathIndex {
    fn new(ws: &Workspace) -> Self {
        let mut by_lower = HashMap::new();
        let mut names: HashMap<&str, Vec<&str>> = HashMap::new();
        for (i, p) in all_paths(ws).enumerate() {
            by_lower.entry(p.to_lowercase()).or_insert(i as u32);
            names.entry(dir_of(p)).or_default().push(file_name(p));
        }
        let mut stems: HashMap<String, (usize, u32)> = HashMap::new();
        for (i, p) in ws.pages.iter().enumerate() {
            stems.entry(stem(&p.path).to_owned()).or_insert((0, i as u32)).0 += 1;
        }
        let names_in = names.into_iter().map(|(dir, names)| (dir.to_owned(), Suggester::new(names))).collect();
        Self { by_lower, names_in, stems }
    }

    fn closest(&self, ws: &Workspace, path: &str) -> Option<String> {
        if let Some(&i) = self.by_lower.get(&path.to_lowercase()) {
            let i = i as usize;
            return Some(ws.pages.get(i).map_or_else(|| ws.files[i - ws.pages.len()].clone(), |p| p.path.clone()));
        }
        let dir = dir_of(path);
        let name = file_name(path);
        if let Some(hit) = self.names_in.get(dir).and_then(|s| s.closest(name)) {
            return Some(if dir.is_empty() { hit.to_owned() } else { format!("{dir}/{hit}") });
        }
        match self.stems.get(stem(name)) {
            Some(&(1, i)) => Some(ws.pages[i as usize].path.clone()),
            _ => None,
        }
    }
}

/// Pages, then other files (root-relative).
fn all_paths(ws: &Workspace) -> impl Iterator<Item = &str> {
    ws.pages.iter().map(|p| p.path.as_str()).chain(ws.files.iter().map(String::as_str))
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The file name without its last extension.
fn stem(path: &str) -> &str {
    let name = file_name(path);
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}
