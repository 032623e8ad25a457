//! Discovering the docs tree: every file under `root` (pages and the rest), sorted.

use std::path::{Path, PathBuf};

use crate::manifest::Settings;

/// One file found under the docs root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Root-relative path with `/`.
    pub path: String,
    pub kind: EntryKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// A page to read and parse. Its size is checked when it is read (an `fstat` on the open
    /// file in the parallel phase, not a path lookup per page in the sequential walk).
    Page,
    /// Any other file: a valid link target, never read.
    File,
    /// A page-like file that cannot be read (symlink out of the project, metadata error, …).
    Unreadable { reason: String },
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct Tree {
    /// Every file but the readable pages (which went to `on_page`), sorted by path (bytewise).
    pub entries: Vec<Entry>,
    /// Every directory below the root (root-relative, no trailing `/`), sorted.
    pub dirs: Vec<String>,
    /// Problems that hid part of the tree (unreadable directories), with their paths.
    pub errors: Vec<(String, String)>,
}

/// Walks `settings.root_dir()`. Hidden entries are skipped; symlinks are never followed out of
/// the project directory and symlinked directories are not descended (so no loops).
/// `on_page` gets the root-relative path of each readable page once the walk is done, in
/// bytewise path order (the order the workspace keeps pages in, so it never sorts them);
/// pages are not among the tree's entries.
pub fn discover(settings: &Settings, mut on_page: impl FnMut(String)) -> std::io::Result<Tree> {
    let root = settings.root_dir();
    if resolve_inside(&settings.project_dir, &root) == Confined::Leaves {
        return Err(std::io::Error::other("it is a symlink that leaves the project directory"));
    }
    let meta = std::fs::metadata(&root)?;
    if !meta.is_dir() {
        return Err(std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a directory"));
    }
    let mut found = Found::default();
    walk_dir(settings, &root, "", true, 0, &mut found);
    found.pages.into_iter().for_each(&mut on_page);
    let mut tree = Tree { entries: found.entries, dirs: found.dirs, errors: found.errors };
    tree.entries.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    tree.dirs.sort();
    Ok(tree)
}

/// What one part of the walk found, in walk order.
#[derive(Debug, Default)]
struct Found {
    pages: Vec<String>,
    entries: Vec<Entry>,
    dirs: Vec<String>,
    errors: Vec<(String, String)>,
}

impl Found {
    fn append(&mut self, mut other: Self) {
        self.pages.append(&mut other.pages);
        self.entries.append(&mut other.entries);
        self.dirs.append(&mut other.dirs);
        self.errors.append(&mut other.errors);
    }
}

/// A run of files of one directory, or one of its subdirectories.
enum Part {
    Files(Found),
    Dir { abs: PathBuf, rel: String, utf8: bool },
}

/// Directories this deep and deeper are walked by [`walk_deep`], without recursion.
const PARALLEL_DEPTH: usize = 8;

/// Walks directory `dir` (root-relative `rel_dir`, empty for the root, `depth` 0) into `out`.
/// Its subdirectories are walked in parallel and their findings joined in sibling order (the
/// walk was a serial 5% of a 100k-page check); from [`PARALLEL_DEPTH`] down, one job walks
/// the rest of its subtree without recursion.
fn walk_dir(settings: &Settings, dir: &Path, rel_dir: &str, utf8: bool, depth: usize, out: &mut Found) {
    let parts = list(settings, dir, rel_dir, utf8, &mut out.errors);
    if depth >= PARALLEL_DEPTH {
        walk_deep(settings, parts, out);
        return;
    }
    let walk_part = |part: Part| match part {
        Part::Files(found) => found,
        Part::Dir { abs, rel, utf8 } => {
            let mut found = Found { dirs: vec![rel.clone()], ..Found::default() };
            walk_dir(settings, &abs, &rel, utf8, depth + 1, &mut found);
            found
        }
    };
    let found: Vec<Found> = if parts.iter().filter(|p| matches!(p, Part::Dir { .. })).count() < 2 {
        parts.into_iter().map(walk_part).collect()
    } else {
        use rayon::prelude::*;
        parts.into_par_iter().map(walk_part).collect()
    };
    for found in found {
        out.append(found);
    }
}

/// Depth-first through `parts` and everything below them, with a stack of listings instead of
/// recursion: paths allow some 2,000 levels of directories, and recursing that deep overflowed
/// a worker thread's stack.
fn walk_deep(settings: &Settings, parts: Vec<Part>, out: &mut Found) {
    let mut stack = vec![parts.into_iter()];
    while let Some(listing) = stack.last_mut() {
        match listing.next() {
            None => {
                stack.pop();
            }
            Some(Part::Files(found)) => out.append(found),
            Some(Part::Dir { abs, rel, utf8 }) => {
                let parts = list(settings, &abs, &rel, utf8, &mut out.errors);
                out.dirs.push(rel);
                stack.push(parts.into_iter());
            }
        }
    }
}

/// The children of directory `dir` in [`sibling_order`]: runs of files, already classified, and
/// the subdirectories to walk. Hidden entries are skipped; a symlinked directory is a file
/// here (not descended). `utf8`: whether every name from the root down to `dir` is UTF-8.
fn list(settings: &Settings, dir: &Path, rel_dir: &str, utf8: bool, errors: &mut Vec<(String, String)>) -> Vec<Part> {
    let join = |name: &str| if rel_dir.is_empty() { name.to_owned() } else { format!("{rel_dir}/{name}") };
    let listing = match std::fs::read_dir(dir) {
        Ok(listing) => listing,
        Err(err) => {
            errors.push((rel_dir.to_owned(), err.to_string()));
            return Vec::new();
        }
    };
    let mut children = Vec::new();
    for item in listing {
        let entry = match item {
            Ok(entry) => entry,
            Err(err) => {
                errors.push((rel_dir.to_owned(), err.to_string()));
                continue;
            }
        };
        let name = entry.file_name();
        if name.as_encoded_bytes().first() == Some(&b'.') {
            continue;
        }
        match entry.file_type() {
            Ok(file_type) => children.push((name, file_type)),
            Err(err) => errors.push((join(&name.to_string_lossy()), err.to_string())),
        }
    }
    children.sort_by(|(a, a_type), (b, b_type)| sibling_order(a, a_type.is_dir(), b, b_type.is_dir()));
    let mut parts: Vec<Part> = Vec::new();
    for (name, file_type) in children {
        let path = join(&name.to_string_lossy());
        if file_type.is_dir() {
            parts.push(Part::Dir { abs: dir.join(&name), rel: path, utf8: utf8 && name.to_str().is_some() });
            continue;
        }
        if !matches!(parts.last(), Some(Part::Files(_))) {
            parts.push(Part::Files(Found::default()));
        }
        let Some(Part::Files(files)) = parts.last_mut() else { continue };
        let is_page_name = is_page_name(settings, &path);
        let kind = if is_page_name && !(utf8 && name.to_str().is_some()) {
            // Pages are named by their paths as text: `path` is a lossy spelling that names no
            // file, and reading it would report a baffling "No such file or directory".
            let whose = if utf8 { "has a name that" } else { "lies in a directory whose name" };
            Some(EntryKind::Unreadable { reason: format!("{whose} is not valid UTF-8 (doclint names pages by their paths as UTF-8 text)") })
        } else if file_type.is_symlink() {
            symlink_kind(settings, &dir.join(&name), is_page_name, &mut files.dirs, &path)
        } else if is_page_name {
            Some(EntryKind::Page)
        } else {
            Some(EntryKind::File)
        };
        match kind {
            Some(EntryKind::Page) => files.pages.push(path),
            Some(kind) => files.entries.push(Entry { path, kind }),
            None => {}
        }
    }
    parts
}

/// Orders two entries of one directory (by their names, or by their whole paths, which
/// share the parent's) so that a depth-first walk visits paths in bytewise
/// order of their whole paths: a directory sorts as its name followed by `/` (`guide-2.md`
/// comes before everything in `guide/`, as `-` sorts before `/`). Comparing names alone would
/// put `guide/` first, and the workspace would have to sort every page again.
fn sibling_order(a: &std::ffi::OsStr, a_dir: bool, b: &std::ffi::OsStr, b_dir: bool) -> std::cmp::Ordering {
    let (a, b) = (a.as_encoded_bytes(), b.as_encoded_bytes());
    let common = a.len().min(b.len());
    a[..common].cmp(&b[..common]).then_with(|| {
        // One name is a prefix of the other: what follows it is its next byte, or `/` for a
        // directory's children, or nothing.
        let next = |name: &[u8], dir: bool| name.get(common).copied().or(dir.then_some(b'/'));
        next(a, a_dir).cmp(&next(b, b_dir))
    })
}

/// A symlink: inside the project it stands for its target; outside it is never opened.
fn symlink_kind(settings: &Settings, path: &Path, is_page_name: bool, dirs: &mut Vec<String>, rel_path: &str) -> Option<EntryKind> {
    let (target, inside) = match resolve_inside(&settings.project_dir, path) {
        Confined::Inside(t) => (Some(t), true),
        Confined::Leaves => (Some(PathBuf::new()), false),
        Confined::Broken => (None, false),
    };
    match (target, inside) {
        (None, _) => Some(if is_page_name { EntryKind::Unreadable { reason: "is a broken symlink or a symlink loop".to_owned() } } else { EntryKind::File }),
        (Some(_), false) => {
            Some(if is_page_name { EntryKind::Unreadable { reason: "is a symlink that leaves the project directory".to_owned() } } else { EntryKind::File })
        }
        (Some(t), true) if t.is_dir() => {
            dirs.push(rel_path.to_owned());
            None
        }
        (Some(_), true) => Some(if is_page_name { EntryKind::Page } else { EntryKind::File }),
    }
}

/// Where a path leads when every symlink on the way is followed without leaving the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confined {
    /// The canonical path, inside the project directory.
    Inside(PathBuf),
    /// A symlink on the way points out of the project directory (its target was not touched).
    Leaves,
    /// Missing, a symlink loop, or another error.
    Broken,
}

/// Symlinks followed before a path counts as a loop (as Linux's `MAXSYMLINKS`).
const MAX_SYMLINKS: usize = 40;

/// Like `fs::canonicalize`, but it never touches anything outside `project` (which must be
/// canonical): each component is checked lexically before it is looked at, so a symlink that
/// points out is recognised from its own text, without a `stat` or `readlink` of its target.
/// Only the project directory and its ancestors are looked at on the way in.
#[must_use]
pub fn resolve_inside(project: &Path, path: &Path) -> Confined {
    use std::collections::VecDeque;
    use std::path::Component;
    let Ok(abs) = std::path::absolute(path) else { return Confined::Broken };
    let mut pending: VecDeque<std::ffi::OsString> = VecDeque::new();
    for c in abs.components() {
        match c {
            Component::Normal(n) => pending.push_back(n.to_owned()),
            Component::ParentDir => pending.push_back("..".into()),
            Component::RootDir | Component::Prefix(_) | Component::CurDir => {}
        }
    }
    let mut resolved = PathBuf::from("/");
    let mut links = 0;
    while let Some(part) = pending.pop_front() {
        if part == ".." {
            resolved.pop();
            continue;
        }
        let candidate = resolved.join(&part);
        // Inside the project, or an ancestor of it (on the way in): may be looked at.
        if !candidate.starts_with(project) && !project.starts_with(&candidate) {
            return Confined::Leaves;
        }
        let Ok(meta) = std::fs::symlink_metadata(&candidate) else { return Confined::Broken };
        if !meta.file_type().is_symlink() {
            resolved = candidate;
            continue;
        }
        links += 1;
        if links > MAX_SYMLINKS {
            return Confined::Broken;
        }
        let Ok(target) = std::fs::read_link(&candidate) else { return Confined::Broken };
        if target.is_absolute() {
            resolved = PathBuf::from("/");
        }
        for c in target.components().rev() {
            match c {
                Component::Normal(n) => pending.push_front(n.to_owned()),
                Component::ParentDir => pending.push_front("..".into()),
                Component::RootDir | Component::Prefix(_) | Component::CurDir => {}
            }
        }
    }
    if resolved.starts_with(project) { Confined::Inside(resolved) } else { Confined::Leaves }
}

/// Whether a root-relative path names a page (contract §2, "Pages and sections").
#[must_use]
pub fn is_page_name(settings: &Settings, path: &str) -> bool {
    // Byte loops: `rsplit`'s searcher set-up cost more than the search (once per file).
    let bytes = path.as_bytes();
    let name = &path[bytes.iter().rposition(|&c| c == b'/').map_or(0, |i| i + 1)..];
    let Some(dot) = name.as_bytes().iter().rposition(|&c| c == b'.') else { return false };
    let ext = &name[dot + 1..];
    // A hidden component: one that starts with `.`.
    let hidden = bytes.first() == Some(&b'.') || bytes.windows(2).any(|w| w == b"/.");
    settings.extensions.iter().any(|e| e == ext) && !settings.generator.is_non_page(name) && !settings.exclude.is_match(path) && !hidden
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_bytewise_are_page_names_by_components() {
        use proptest::prelude::*;
        let dir = std::env::temp_dir();
        let manifest = "[docs]\nroot = \".\"\nexclude = [\"a/**\"]\n";
        let settings = crate::manifest::parse_str(&manifest.into(), "scope.toml", "scope.toml", dir.clone(), dir.join("scope.toml")).expect("valid manifest");
        proptest!(ProptestConfig::with_cases(5_000), |(path in "[a./]{0,8}(md|mdx|txt)?")| {
            // The component-wise reading the byte loops replaced.
            let name = path.rsplit('/').next().unwrap_or(&path);
            let want = name.rsplit_once('.').is_some_and(|(_, ext)| settings.extensions.iter().any(|e| e == ext))
                && !settings.generator.is_non_page(name)
                && !settings.exclude.is_match(&path)
                && !path.split('/').any(|c| c.starts_with('.'));
            prop_assert_eq!(is_page_name(&settings, &path), want, "{}", path);
        });
    }

    #[test]
    fn depth_first_in_sibling_order_is_path_order() {
        use proptest::prelude::*;
        use std::collections::BTreeSet;
        use std::ffi::OsStr;
        // Files of a tree; a name that is both a file and a directory is dropped (impossible).
        fn walk(files: &BTreeSet<String>, dir: &str, out: &mut Vec<String>) {
            let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
            let mut children: Vec<(String, bool)> = files
                .iter()
                .filter_map(|f| f.strip_prefix(&prefix))
                .map(|rest| rest.split_once('/').map_or((rest.to_owned(), false), |(name, _)| (name.to_owned(), true)))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            children.sort_by(|(a, a_dir), (b, b_dir)| sibling_order(OsStr::new(a), *a_dir, OsStr::new(b), *b_dir));
            for (name, is_dir) in children {
                let path = format!("{prefix}{name}");
                if is_dir { walk(files, &path, out) } else { out.push(path) }
            }
        }
        proptest!(ProptestConfig::with_cases(2_000), |(paths in prop::collection::vec("[a-b.-]{1,3}(/[a-b.-]{1,3}){0,2}", 0..16))| {
            let all: BTreeSet<String> = paths.into_iter().collect();
            let files: BTreeSet<String> = all.iter().filter(|f| !all.iter().any(|g| g.starts_with(&format!("{f}/")))).cloned().collect();
            let mut walked = Vec::new();
            walk(&files, "", &mut walked);
            let mut sorted: Vec<String> = files.into_iter().collect();
            sorted.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            prop_assert_eq!(walked, sorted);
        });
    }

    #[test]
    fn resolve_inside_never_follows_out() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let base = std::fs::canonicalize(tmp.path()).expect("canonical");
        let project = base.join("p");
        std::fs::create_dir_all(project.join("docs/sub")).expect("mkdir");
        std::fs::create_dir_all(base.join("out")).expect("mkdir");
        std::fs::write(project.join("docs/a.md"), "a").expect("write");
        std::fs::write(base.join("out/x.md"), "x").expect("write");
        let link = |target: &str, at: &str| std::os::unix::fs::symlink(target, project.join(at)).expect("symlink");
        link("a.md", "docs/in.md");
        link("../a.md", "docs/sub/up.md");
        link("../../out/x.md", "docs/out.md");
        link(base.join("out").to_str().expect("utf-8"), "docs/outdir");
        link("loop2.md", "docs/loop1.md");
        link("loop1.md", "docs/loop2.md");
        link("missing.md", "docs/dangling.md");
        link("sub/../../docs/a.md", "docs/dots.md");
        let r = |p: &str| resolve_inside(&project, &project.join(p));
        assert_eq!(r("docs/a.md"), Confined::Inside(project.join("docs/a.md")));
        assert_eq!(r("docs/in.md"), Confined::Inside(project.join("docs/a.md")));
        assert_eq!(r("docs/sub/up.md"), Confined::Inside(project.join("docs/a.md")));
        assert_eq!(r("docs/dots.md"), Confined::Inside(project.join("docs/a.md")));
        assert_eq!(r("docs/out.md"), Confined::Leaves);
        assert_eq!(r("docs/outdir"), Confined::Leaves);
        assert_eq!(r("docs/outdir/x.md"), Confined::Leaves);
        assert_eq!(r("docs/loop1.md"), Confined::Broken);
        assert_eq!(r("docs/dangling.md"), Confined::Broken);
        assert_eq!(r("../out/x.md"), Confined::Leaves);
    }
}
