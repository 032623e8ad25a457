//! Reference resolution (contract §2, "Links and references"): from what a page wrote to the
//! file, page, label or anchor it means. Only the walk's file list is consulted, plus one
//! cached metadata call for targets inside the project but outside `root`; nothing is read.

use std::borrow::Cow;
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::ops::Range;
use std::sync::{Mutex, OnceLock};

use std::path::Path;

use percent_encoding::percent_decode_str;

use crate::manifest::{Generator, Settings};
use crate::page::{Page, RefKind, Reference};
use crate::workspace::Workspace;

/// What a reference points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A URL with a scheme, a protocol-relative URL, or a template expression: never checked.
    External,
    /// A page (index into `ws.pages`) and the fragment to check, if any: where it starts in
    /// the reference's destination ([`fragment`] reads it). An offset, not a string: a string
    /// per fragment was 370k allocations at 100k pages.
    Page { page: usize, fragment: Option<NonZeroU32> },
    /// A page-named file that exists but could not be read.
    Unreadable,
    /// Any other existing file or directory under root (fragments are not checked).
    File,
    /// A file or directory inside the project but outside root (checked for existence only).
    Outside { exists: bool, path: String },
    /// A label (`{ref}`, `[text](label)`) defined on a page.
    Label { page: usize },
    /// Nothing at the resolved root-relative path.
    Missing { path: String },
    /// A label that no page defines.
    MissingLabel { name: String },
    /// `[text][label]` with no definition.
    Undefined { label: String },
    /// A relative path that leaves the project directory.
    Escaping,
    /// A site-absolute path that no `site-paths` entry maps and that is not under root.
    UnmappedSite(Box<SitePathTarget>),
    /// A page at a `moved.from` path whose destination exists.
    /// Boxed: rare, and it would double the size of every resolved reference.
    Moved(Box<MovedTarget>),
    /// A page the plan removed (`[[moved]]` without `to`).
    Removed { from: String },
    /// A toctree glob that matches pages (all of them count as targets).
    Glob { pages: Vec<usize> },
}

// Every reference of the tree holds one (a million at 100k pages): keep it at 32 bytes.
const _: () = assert!(std::mem::size_of::<Target>() <= 32);

impl Target {
    /// A page target with `fragment` (every other target has none to check).
    fn with_fragment(self, fragment: Option<NonZeroU32>) -> Self {
        match self {
            Self::Page { page, .. } => Self::Page { page, fragment },
            t => t,
        }
    }

    /// The pages (indexes into `ws.pages`) a resolved reference reaches: its page, its label's
    /// page, or every page of a toctree glob.
    #[must_use]
    pub fn pages(&self) -> &[usize] {
        match self {
            Self::Page { page, .. } | Self::Label { page } => std::slice::from_ref(page),
            Self::Glob { pages } => pages,
            _ => &[],
        }
    }
}

/// Where a moved page went (`Target::Moved`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedTarget {
    pub from: String,
    pub to: String,
    pub fragment: Option<Box<str>>,
}

/// An unmapped site-absolute path (`Target::UnmappedSite`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePathTarget {
    pub prefix: String,
    pub path: String,
}

/// Caches metadata calls for paths outside root (one per path per run).
#[derive(Debug, Default)]
pub struct OutsideCache {
    seen: Mutex<HashMap<String, bool>>,
    /// Docusaurus doc ids set in front matter (`id: environment-setup`): root-relative
    /// `dir/id` → page.
    doc_ids: OnceLock<HashMap<String, usize>>,
}

impl OutsideCache {
    fn exists(&self, settings: &Settings, project_path: &str) -> bool {
        if let Ok(seen) = self.seen.lock() {
            if let Some(&e) = seen.get(project_path) {
                return e;
            }
        }
        // symlink_metadata: a symlink counts as existing and is never followed out; its
        // directory is reached without following a symlink out of the project either.
        let full = settings.project_dir.join(project_path);
        let exists = match (full.parent(), full.file_name()) {
            (Some(dir), Some(name)) => match crate::walk::resolve_inside(&settings.project_dir, dir) {
                crate::walk::Confined::Inside(dir) => std::fs::symlink_metadata(dir.join(name)).is_ok(),
                crate::walk::Confined::Leaves | crate::walk::Confined::Broken => false,
            },
            _ => false,
        };
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(project_path.to_owned(), exists);
        }
        exists
    }
}

fn doc_ids<'c>(ws: &Workspace, cache: &'c OutsideCache) -> &'c HashMap<String, usize> {
    cache.doc_ids.get_or_init(|| {
        ws.pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let id = p.front_matter.doc_id.as_deref()?;
                let dir = crate::text::dir_of(&p.path);
                Some((if dir.is_empty() { id.to_owned() } else { format!("{dir}/{id}") }, i))
            })
            .collect()
    })
}

/// Resolves every reference of `page`.
#[must_use]
pub fn resolve_page(ws: &Workspace, page: &Page, cache: &OutsideCache) -> Vec<Target> {
    resolve_page_with(ws, page, cache, ws.page_index.is_large())
}

/// [`resolve_page`], through [`Prepared`] or not: both give the same targets (tested on every
/// fixture; only large trees take the prepared path on their own).
fn resolve_page_with(ws: &Workspace, page: &Page, cache: &OutsideCache, prepare: bool) -> Vec<Target> {
    // One buffer for every joined path of the page: most are only looked up, never kept.
    let mut path = String::new();
    if !prepare {
        return page.references.iter().map(|r| resolve(ws, page, &r, cache, &mut path, None)).collect();
    }
    let prepared = Prepared::of(ws, page, &mut path);
    page.references.iter().zip(&prepared.links).map(|(r, link)| resolve(ws, page, &r, cache, &mut path, link.as_ref().map(|l| (l, prepared.path(l))))).collect()
}

/// What [`resolve`] would work out first for each plain link of a page on a large tree, worked
/// out for all of them before any lookup ([`Prepared::of`]), and then kept for [`resolve`].
struct Prepared {
    /// Per reference: its shape and, for a plain relative link, its joined path in `paths`.
    links: Vec<Option<PreparedLink>>,
    paths: String,
}

struct PreparedLink {
    shape: Shape,
    /// The joined path's range in [`Prepared::paths`] (`None`: not a plain relative link).
    path: Option<Range<u32>>,
}

impl Prepared {
    /// Prepares the page's links and has the path index load what their lookups will read,
    /// all at once ([`PathIndex::warm`](crate::path_index::PathIndex::warm)): on a large tree a
    /// link's target is anywhere in memory, and waiting on each lookup's misses in turn was
    /// most of resolving. Only a hint: the lookups themselves come later.
    fn of(ws: &Workspace, page: &Page, buf: &mut String) -> Self {
        const BATCH: usize = 32;
        let page_dir = crate::text::dir_of(&page.path);
        let mut hashes = [0u64; BATCH];
        let mut n = 0;
        let mut paths = String::new();
        let links = page
            .references
            .iter()
            .map(|r| {
                if !matches!(r.kind, RefKind::Link | RefKind::Image) {
                    return None;
                }
                let dest = crate::text::trim_fast(r.dest);
                let shape = Shape::of(dest);
                let path = shape.path(dest);
                if shape.external || shape.path_escaped || path.is_empty() || path.starts_with('/') || !join_into(buf, page_dir, path) {
                    return Some(PreparedLink { shape, path: None });
                }
                hashes[n] = crate::path_index::hash(buf);
                n += 1;
                if n == BATCH {
                    ws.page_index.warm(&hashes);
                    n = 0;
                }
                let start = paths.len();
                paths.push_str(buf);
                // Pages are capped far below 4 GiB, and so are the paths joined from them; a
                // range that does not fit is simply not kept.
                let range = u32::try_from(start).ok().zip(u32::try_from(paths.len()).ok()).map(|(s, e)| s..e);
                Some(PreparedLink { shape, path: range })
            })
            .collect();
        ws.page_index.warm(&hashes[..n]);
        Self { links, paths }
    }

    fn path(&self, link: &PreparedLink) -> Option<&str> {
        link.path.as_ref().and_then(|r| self.paths.get(r.start as usize..r.end as usize))
    }
}

/// Resolves one reference on its own (the fuzz target's entry point; pages go through
/// [`resolve_page`], which shares one path buffer between their references).
#[must_use]
pub fn resolve_reference(ws: &Workspace, page: &Page, r: &Reference, cache: &OutsideCache) -> Target {
    resolve(ws, page, r, cache, &mut String::new(), None)
}

/// Resolves one reference; `buf` is scratch space for the joined path. `prepared`: what
/// [`Prepared::of`] worked out for it already (its shape, and its joined path when it has one).
fn resolve(ws: &Workspace, page: &Page, r: &Reference, cache: &OutsideCache, buf: &mut String, prepared: Option<(&PreparedLink, Option<&str>)>) -> Target {
    let dest = crate::text::trim_fast(r.dest);
    match r.kind {
        // With mkdocs, `[text][identifier]` without a definition is how mkdocstrings'
        // autorefs cross-references API objects and headings: the builder resolves it.
        RefKind::UndefinedReference if ws.settings.generator == Generator::Mkdocs => return Target::External,
        RefKind::UndefinedReference => return Target::Undefined { label: dest.to_owned() },
        RefKind::RefRole | RefKind::CardRef => return label(ws, dest),
        _ => {}
    }
    let shape = prepared.map_or_else(|| Shape::of(dest), |(link, _)| link.shape);
    if shape.external {
        return Target::External;
    }
    let path_part = shape.path(dest);
    let decoded_cow = if shape.path_escaped { decode(path_part) } else { std::borrow::Cow::Borrowed(path_part) };
    let decoded: &str = &decoded_cow;
    // After the `#`, so never 0 (and below 4 GiB: destinations are slices of a page).
    let fragment = shape.fragment.and_then(|i| NonZeroU32::new(u32::try_from(i + 1).ok()?));
    let docname = matches!(r.kind, RefKind::DocRole | RefKind::Toctree | RefKind::CardDoc);
    if decoded.is_empty() {
        // `#fragment` alone: this page.
        let idx = ws.idx_of(page).unwrap_or(0);
        return Target::Page { page: idx, fragment };
    }
    let page_dir = crate::text::dir_of(&page.path);
    let s = &ws.settings;
    // The directory the destination is relative to (clean, root-relative) and the rest.
    let (base, rel): (&str, std::borrow::Cow<'_, str>) = match decoded.strip_prefix('/') {
        // A `/`-rooted docname (`{doc}`, toctree, card) is relative to the docs root, as
        // Sphinx reads it; only written URLs go through `site-paths`.
        Some(abs) => match if docname { None } else { site_path(s, decoded) } {
            Some(SitePath::Root(p)) => ("", p.into()),
            Some(SitePath::Outside(p)) => return Target::Outside { exists: cache.exists(s, &p), path: p },
            None => ("", abs.into()),
        },
        None => (page_dir, decoded.into()),
    };
    // A prepared plain link was joined from the same page directory and path already.
    let joined = match prepared {
        Some((_, Some(joined))) => {
            buf.clear();
            buf.push_str(joined);
            true
        }
        _ => join_into(buf, base, &rel),
    };
    if !joined {
        // Leaves root: inside the project is fine (checked for existence), beyond it escapes.
        return match join(&join(&s.root, base).unwrap_or_default(), &rel) {
            Some(p) => Target::Outside { exists: cache.exists(s, &p), path: p },
            None => Target::Escaping,
        };
    }
    let path: &str = buf;
    if r.glob && r.kind == RefKind::Toctree {
        return toctree_glob(ws, path);
    }
    if let Some(t) = lookup(ws, path, decoded, docname) {
        return moved_or(ws, t.with_fragment(fragment), dest);
    }
    // mkdocs renders `a/b.md` at `a/b/`: raw HTML written against the rendered URL.
    if s.generator == Generator::Mkdocs && matches!(r.kind, RefKind::HtmlSrc | RefKind::HtmlHref) && !decoded.starts_with('/') {
        let rendered_dir = if ws.is_index(page) { page_dir.to_owned() } else { page.path.rsplit_once('.').map_or(page.path.clone(), |(p, _)| p.to_owned()) };
        if let Some(p) = normalize(&format!("{rendered_dir}/{decoded}")) {
            if let Some(t) = lookup(ws, &p, decoded, docname) {
                return t.with_fragment(fragment);
            }
        }
    }
    if s.generator == Generator::Docusaurus && !docname {
        // A doc id from front matter (`id: environment-setup` in `getting-started.md`).
        let stem = path.strip_suffix(".md").or_else(|| path.strip_suffix(".mdx")).unwrap_or(path);
        if let Some(&i) = doc_ids(ws, cache).get(stem) {
            return moved_or(ws, Target::Page { page: i, fragment }, dest);
        }
        // Docusaurus resolves a file path that is not found beside the page from the docs root.
        if !decoded.starts_with('/') && !decoded.starts_with("..") && Path::new(decoded).extension().is_some_and(|e| e == "md" || e == "mdx") {
            if let Some(t) = normalize(decoded).and_then(|p| lookup(ws, &p, decoded, false)) {
                return moved_or(ws, t.with_fragment(fragment), dest);
            }
        }
    }
    // MyST: `[text](label)` names a `(label)=` target anywhere in the tree.
    if s.generator == Generator::Sphinx && matches!(r.kind, RefKind::Link | RefKind::Definition) && !decoded.contains('/') && !decoded.contains('.') {
        if let Some(pages) = ws.labels.get(decoded) {
            return Target::Label { page: pages[0] };
        }
    }
    if let Some(t) = moved(ws, path, decoded, docname, fragment_text(dest, fragment)) {
        return t;
    }
    if !docname && decoded.starts_with('/') && !s.site_paths.iter().any(|(p, _)| decoded.starts_with(p.as_str())) {
        let prefix = decoded.split('/').nth(1).map_or_else(|| "/".to_owned(), |first| format!("/{first}/"));
        return Target::UnmappedSite(Box::new(SitePathTarget { prefix, path: decoded.to_owned() }));
    }
    Target::Missing { path: path.to_owned() }
}

/// A missing target that a `[[moved]]` entry covers, tried the way the generator would have
/// found the page: as written, then (for docnames, extensionless and `.html` targets) with
/// each page extension, then (for directories) as the directory's index page.
fn moved(ws: &Workspace, path: &str, written: &str, docname: bool, fragment: Option<Box<str>>) -> Option<Target> {
    let s = &ws.settings;
    let base = path.trim_end_matches('/');
    let name = base.rsplit('/').next().unwrap_or(base);
    let mut candidates: Vec<String> = Vec::new();
    if !written.ends_with('/') {
        candidates.push(base.to_owned());
    }
    if docname || (!name.contains('.') && (s.generator.resolves_extensionless() || written.ends_with('/') || s.generator == Generator::Mkdocs)) {
        candidates.extend(s.extensions.iter().map(|ext| format!("{base}.{ext}")));
    }
    if s.generator.resolves_html() {
        if let Some(stem) = base.strip_suffix(".html") {
            candidates.extend(s.extensions.iter().map(|ext| format!("{stem}.{ext}")));
        }
    }
    if !name.contains('.') || written.ends_with('/') {
        let dir = if base.is_empty() { String::new() } else { format!("{base}/") };
        candidates.extend(s.index_names.iter().map(|n| format!("{dir}{n}")));
    }
    // A directory move covers every candidate; the one whose destination exists wins.
    let mut pending = None;
    for c in candidates {
        match s.moved_to(&c) {
            None => {}
            Some((_, None)) => return Some(Target::Removed { from: c }),
            Some((_, Some(to))) if ws.page_exists(&to) => return Some(Target::Moved(Box::new(MovedTarget { from: c, to, fragment }))),
            Some((_, Some(_))) => pending = pending.or(Some(Target::Missing { path: path.to_owned() })),
        }
    }
    pending
}

/// A found target may sit at a `moved.from`: then it is a moved link. `dest` is the
/// (trimmed) destination the target's fragment offset is into.
fn moved_or(ws: &Workspace, t: Target, dest: &str) -> Target {
    // Without moves there is nothing to look up (and the target page need not be touched).
    if ws.settings.moves.is_empty() {
        return t;
    }
    if let Target::Page { page, fragment } = &t {
        let path = &ws.pages[*page].path;
        if let Some((_, to)) = ws.settings.moved_to(path) {
            return match to {
                None => Target::Removed { from: path.clone() },
                Some(to) if ws.page_exists(&to) => Target::Moved(Box::new(MovedTarget { from: path.clone(), to, fragment: fragment_text(dest, *fragment) })),
                Some(_) => t,
            };
        }
    }
    t
}

/// Looks a root-relative path up the way the generator would. A page comes without its
/// fragment ([`Target::with_fragment`] adds it): the caller owns it, and this tries several
/// paths.
fn lookup(ws: &Workspace, path: &str, written: &str, docname: bool) -> Option<Target> {
    let s = &ws.settings;
    let found = |p: &str| -> Option<Target> {
        if let Some(i) = ws.page_idx(p) {
            return Some(Target::Page { page: i, fragment: None });
        }
        if ws.page_exists(p) {
            return Some(Target::Unreadable);
        }
        ws.file_exists(p).then_some(Target::File)
    };
    let dir_index = |dir: &str| ws.index_of(dir).and_then(|p| ws.idx_of(p)).map(|i| Target::Page { page: i, fragment: None });
    let trailing_slash = written.ends_with('/');
    if !trailing_slash {
        if let Some(t) = found(path) {
            return Some(t);
        }
    }
    if ws.dir_exists(path) {
        return Some(dir_index(path).unwrap_or(Target::File));
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let has_ext = name.contains('.');
    // Docnames and extensionless targets: `guide` → `guide.md`.
    if docname || (!has_ext && (s.generator.resolves_extensionless() || trailing_slash)) {
        let base = path.trim_end_matches('/');
        for ext in &s.extensions {
            if let Some(t) = found(&format!("{base}.{ext}")) {
                return Some(t);
            }
        }
    }
    // `.html` targets: `ch01.html` → `ch01.md`, `dir/index.html` → the directory's index.
    if s.generator.resolves_html() {
        if let Some(stem) = path.strip_suffix(".html") {
            for ext in &s.extensions {
                if let Some(t) = found(&format!("{stem}.{ext}")) {
                    return Some(t);
                }
            }
            if let Some(dir) = stem.strip_suffix("/index").or((stem == "index").then_some("")) {
                return dir_index(dir);
            }
        }
    }
    // mkdocs with directory URLs: `../other/` → `other.md`.
    if trailing_slash && s.generator == Generator::Mkdocs {
        for ext in &s.extensions {
            if let Some(t) = found(&format!("{}.{ext}", path.trim_end_matches('/'))) {
                return Some(t);
            }
        }
    }
    None
}

fn label(ws: &Workspace, dest: &str) -> Target {
    // `{ref}` takes `label` or `Text <label>` (the extractor already took the target); an
    // intersphinx target `project:label` is external.
    if dest.contains(':') && !dest.contains(' ') && !ws.labels.contains_key(dest) {
        return Target::External;
    }
    match ws.labels.get(dest).or_else(|| ws.labels.get(dest.to_lowercase().as_str())) {
        Some(pages) => Target::Label { page: pages[0] },
        None => Target::MissingLabel { name: dest.to_owned() },
    }
}

fn toctree_glob(ws: &Workspace, pattern: &str) -> Target {
    let Ok(glob) = globset::GlobBuilder::new(pattern).literal_separator(true).build() else { return Target::Missing { path: pattern.to_owned() } };
    let m = glob.compile_matcher();
    // Whatever the glob matches (the stem or the path) starts with its literal directory
    // prefix, and pages are sorted by path: only that run of pages can match (each glob
    // entry was tried against every page).
    let candidates = glob_candidates(&ws.pages, pattern);
    let pages: Vec<usize> = candidates
        .clone()
        .zip(&ws.pages[candidates])
        .filter(|(_, p)| m.is_match(p.path.rsplit_once('.').map_or(p.path.as_str(), |(stem, _)| stem)) || m.is_match(&p.path))
        .map(|(i, _)| i)
        .collect();
    if pages.is_empty() { Target::Missing { path: pattern.to_owned() } } else { Target::Glob { pages } }
}

/// The pages (a range of the path-sorted `pages`) whose path starts with the directories of
/// `pattern` before its first glob metacharacter: only those can match it.
fn glob_candidates(pages: &[Page], pattern: &str) -> std::ops::Range<usize> {
    let literal = &pattern[..pattern.find(['*', '?', '[', ']', '{', '}', '\\']).unwrap_or(pattern.len())];
    let prefix = literal.rfind('/').map_or("", |i| &literal[..i]).as_bytes();
    let start = pages.partition_point(|p| p.path.as_bytes() < prefix);
    let end = start + pages[start..].partition_point(|p| p.path.as_bytes().starts_with(prefix));
    start..end
}

enum SitePath {
    /// Maps under root: the root-relative path.
    Root(String),
    /// Maps inside the project but outside root: the project-relative path.
    Outside(String),
}

fn site_path(s: &Settings, dest: &str) -> Option<SitePath> {
    let (prefix, target) = s.site_paths.iter().find(|(p, _)| dest.starts_with(p.as_str()))?;
    let rest = &dest[prefix.len()..];
    let project = normalize(&format!("{}{}{rest}", target.trim_end_matches('/'), if target.is_empty() { "" } else { "/" }))?;
    if s.root.is_empty() {
        return Some(SitePath::Root(project));
    }
    match project.strip_prefix(&format!("{}/", s.root)) {
        Some(r) => Some(SitePath::Root(r.to_owned())),
        None => Some(SitePath::Outside(project)),
    }
}

/// Whether a destination is a URL (or a template) rather than a path.
#[must_use]
pub fn is_external(dest: &str) -> bool {
    Shape::of(dest).external
}

/// What one pass over a destination tells [`resolve`]: whether it is external
/// ([`is_external`]), where its query and fragment start, and whether its path holds a `%`
/// to decode. One pass, eight bytes at a time: the separate searches it replaced (scheme,
/// template, `#`, `?`, `%` twice) each read the destination again, a fifth of the resolve
/// phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Shape {
    external: bool,
    /// The first `?` before any `#`.
    query: Option<usize>,
    /// The first `#`.
    fragment: Option<usize>,
    /// A `%` before the query or fragment (the fragment is decoded when read: [`fragment`]).
    path_escaped: bool,
}

impl Shape {
    /// The part of `dest` (the destination this shape is of) before its query or fragment.
    fn path<'d>(&self, dest: &'d str) -> &'d str {
        &dest[..self.query.or(self.fragment).unwrap_or(dest.len())]
    }

    fn of(dest: &str) -> Self {
        // A scheme (or `//`) as MyST reads one.
        if crate::page::myst::is_external(dest) {
            return Self { external: true, ..Self::default() };
        }
        let bytes = dest.as_bytes();
        let mut shape = Self::default();
        // The rest only at the bytes that matter, found eight at a time.
        let mut template = false;
        crate::text::each_of4(bytes, [b'#', b'?', b'%', b'{'], |i| {
            match bytes[i] {
                b'#' if shape.fragment.is_none() => shape.fragment = Some(i),
                b'?' if shape.fragment.is_none() && shape.query.is_none() => shape.query = Some(i),
                b'%' if shape.fragment.is_some() => {}
                b'%' if shape.query.is_none() => shape.path_escaped = true,
                // A template: `{{ … }}`, `{% … %}`.
                b'{' => template = matches!(bytes.get(i + 1), Some(b'{' | b'%')),
                _ => {}
            }
            !template
        });
        if template {
            return Self { external: true, ..Self::default() };
        }
        shape
    }
}

/// The fragment of a reference resolved to [`Target::Page`] with `fragment: Some(at)`,
/// percent-decoded (borrowed when it has no `%`).
#[must_use]
pub fn fragment<'r>(r: &Reference<'r>, at: NonZeroU32) -> Cow<'r, str> {
    decode(crate::text::trim_fast(r.dest).get(at.get() as usize..).unwrap_or_default())
}

/// [`fragment`], owned, given the trimmed destination.
fn fragment_text(dest: &str, at: Option<NonZeroU32>) -> Option<Box<str>> {
    at.map(|at| decode(dest.get(at.get() as usize..).unwrap_or_default()).into())
}

/// Percent-decodes a destination, borrowing when it has no `%` (nearly every link).
fn decode(s: &str) -> std::borrow::Cow<'_, str> {
    if s.as_bytes().contains(&b'%') { percent_decode_str(s).decode_utf8_lossy() } else { std::borrow::Cow::Borrowed(s) }
}

/// The first `b` (ASCII) in `s`. A plain loop: destinations are a few dozen bytes, where
/// `str::find`'s memchr set-up cost more than the search (a tenth of the resolve phase).
fn find_byte(s: &str, b: u8) -> Option<usize> {
    s.as_bytes().iter().position(|&c| c == b)
}

/// `s.trim_matches('/')`, bytewise (see [`find_byte`]).
fn trim_slashes(s: &str) -> &str {
    let bytes = s.as_bytes();
    let start = bytes.iter().position(|&c| c != b'/').unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|&c| c != b'/').map_or(start, |i| i + 1);
    &s[start..end]
}

/// `s.split('/')`, bytewise (see [`find_byte`]).
fn slash_parts(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        if let Some(i) = find_byte(r, b'/') {
            rest = Some(&r[i + 1..]);
            Some(&r[..i])
        } else {
            rest = None;
            Some(r)
        }
    })
}

/// Normalizes a `/`-separated relative path; `None` when `..` leaves it.
#[must_use]
pub fn normalize(path: &str) -> Option<String> {
    join("", path)
}

/// `rel` resolved against the clean directory `base` (`""` for the root), normalized; `None`
/// when `..` leaves the root. Built in place, without formatting or a vector of parts: this
/// runs for every reference of the tree.
#[must_use]
pub fn join(base: &str, rel: &str) -> Option<String> {
    let mut out = String::new();
    join_into(&mut out, base, rel).then_some(out)
}

/// [`join`] into `out` (cleared first); false when `..` leaves the root.
fn join_into(out: &mut String, base: &str, rel: &str) -> bool {
    out.clear();
    out.reserve(base.len() + rel.len() + 1);
    out.push_str(trim_slashes(base));
    // Nearly every link is `../`s and `./`s, then plain names: climb, then append the rest
    // whole instead of segment by segment.
    let mut rest = rel;
    loop {
        if let Some(r) = rest.strip_prefix("../") {
            if out.is_empty() {
                return false;
            }
            out.truncate(crate::text::dir_of(out).len());
            rest = r;
        } else if let Some(r) = rest.strip_prefix("./") {
            rest = r;
        } else {
            break;
        }
    }
    if is_plain_relative(rest) {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(rest);
        return true;
    }
    for part in slash_parts(rest) {
        match part {
            "" | "." => {}
            ".." => {
                if out.is_empty() {
                    return false;
                }
                out.truncate(crate::text::dir_of(out).len());
            }
            p => {
                if !out.is_empty() {
                    out.push('/');
                }
                out.push_str(p);
            }
        }
    }
    true
}

/// Whether `rel` is a non-empty `/`-separated path with no empty, `.` or `..` segment and
/// no leading or trailing `/` (so joining it is appending it): no segment starts with `.` or
/// `/`, and none is empty at the end.
fn is_plain_relative(rel: &str) -> bool {
    let bytes = rel.as_bytes();
    if matches!(bytes.first(), None | Some(b'.' | b'/')) {
        return false;
    }
    crate::text::each_of4(bytes, [b'/'; 4], |i| !matches!(bytes.get(i + 1), None | Some(b'.' | b'/')))
}

/// Whether `fragment` names an anchor of `page` without looking further than its anchor
/// hashes: empty, `top`, or an anchor exactly. The rest is [`AnchorIndex::contains`].
#[must_use]
pub fn anchor_is_direct(page: &Page, fragment: &str) -> bool {
    fragment.is_empty() || fragment == "top" || page.anchor_hashes.binary_search(&crate::page::anchor_hash(fragment)).is_ok()
}

/// The anchors of a page that its hashes do not give directly: its mkdocstrings objects
/// (`::: pydantic.config` renders the object and its members with their dotted paths as ids,
/// `#pydantic.config.ConfigDict`), read from its text on first need, and its anchors but for
/// ASCII case (a fragment that differs only in case still works in a browser), from the
/// hashes the parse kept.
#[derive(Debug, Default)]
pub struct AnchorIndex {
    objects: OnceLock<rustc_hash::FxHashSet<String>>,
}

impl AnchorIndex {
    /// Whether `fragment` is an object or a member of one (itself or a `.`-prefix is an
    /// object) of `page` (the page this index was made for), or an anchor but for ASCII case.
    #[must_use]
    pub fn contains(&self, page: &Page, fragment: &str) -> bool {
        if fragment.contains('.') {
            let objects = self.objects.get_or_init(|| {
                page.text().lines().filter_map(|l| l.strip_prefix(":::")).map(str::trim).filter(|o| !o.is_empty()).map(ToOwned::to_owned).collect()
            });
            if !objects.is_empty() && (objects.contains(fragment) || fragment.match_indices('.').any(|(i, _)| objects.contains(&fragment[..i]))) {
                return true;
            }
        }
        // The lower-cased fragment is an anchor that has no capital, or the lower-cased form of
        // one that has.
        let folded = crate::page::anchor_hash(&fragment.to_ascii_lowercase());
        page.anchor_hashes.binary_search(&folded).is_ok() || page.folded_anchor_hashes.binary_search(&folded).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `str`-method versions the bytewise helpers replaced: their oracles.
    fn is_external_oracle(dest: &str) -> bool {
        if dest.starts_with("//") || dest.match_indices('{').any(|(i, _)| matches!(dest.as_bytes().get(i + 1), Some(b'{' | b'%'))) {
            return true;
        }
        let Some(colon) = dest.find(':') else { return false };
        let scheme = &dest[..colon];
        scheme.len() > 1
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
    }

    /// [`Shape::of`] from the separate searches it replaced.
    fn shape_oracle(dest: &str) -> Shape {
        if is_external_oracle(dest) {
            return Shape { external: true, ..Shape::default() };
        }
        let fragment = dest.find('#');
        let before_fragment = &dest[..fragment.unwrap_or(dest.len())];
        let query = before_fragment.find('?');
        Shape { external: false, query, fragment, path_escaped: before_fragment[..query.unwrap_or(before_fragment.len())].contains('%') }
    }

    fn join_oracle(base: &str, rel: &str) -> Option<String> {
        let mut out = base.trim_matches('/').to_owned();
        for part in rel.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if out.is_empty() {
                        return None;
                    }
                    out.truncate(out.rfind('/').unwrap_or(0));
                }
                p => {
                    if !out.is_empty() {
                        out.push('/');
                    }
                    out.push_str(p);
                }
            }
        }
        Some(out)
    }

    #[test]
    fn bytewise_helpers_match_the_str_methods() {
        use proptest::prelude::*;
        let text = "[a-z/.:#?%{}é+-]{0,16}";
        proptest!(ProptestConfig::with_cases(20_000), |(base in text, rel in text)| {
            prop_assert_eq!(is_external(&rel), is_external_oracle(&rel));
            prop_assert_eq!(Shape::of(&rel), shape_oracle(&rel));
            prop_assert_eq!(join(&base, &rel), join_oracle(&base, &rel));
            prop_assert_eq!(crate::text::dir_of(&rel), rel.rsplit_once('/').map_or("", |(d, _)| d));
            prop_assert_eq!(trim_slashes(&rel), rel.trim_matches('/'));
            prop_assert_eq!(slash_parts(&rel).collect::<Vec<_>>(), rel.split('/').collect::<Vec<_>>());
        });
    }

    #[test]
    fn externals() {
        for d in ["https://x.org", "mailto:a@b.c", "//cdn.x/y.js", "{{ url }}", "tel:123"] {
            assert!(is_external(d), "{d}");
        }
        for d in ["a.md", "../b.md#c", "/img/x.png", "c:d", "#frag"] {
            assert!(!is_external(d) || d == "c:d", "{d}");
        }
    }

    #[test]
    fn normalizes() {
        assert_eq!(normalize("a/./b/../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalize("../x"), None);
        assert_eq!(normalize("a//b"), Some("a/b".to_owned()));
        assert_eq!(join("guide/setup", "../ref/./x.md").as_deref(), Some("guide/ref/x.md"));
        assert_eq!(join("guide", "../../x.md"), None);
        assert_eq!(join("", "./x/"), Some("x".to_owned()));
        assert_eq!(join("a", ""), Some("a".to_owned()));
    }

    #[test]
    fn prepared_and_plain_resolving_agree_on_every_fixture() {
        // Only trees with a path index over 2 MiB resolve through `Prepared` by themselves:
        // every fixture is run through both paths here.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut references = 0;
        for entry in walkdir::WalkDir::new(&root).min_depth(2).max_depth(3).into_iter().filter_map(Result::ok) {
            if entry.file_name() != "scope.toml" {
                continue;
            }
            let settings = crate::manifest::load(entry.path(), "scope.toml").expect("manifest");
            let ws = Workspace::load(settings).expect("tree");
            for page in &ws.pages {
                let (plain, prepared) = (OutsideCache::default(), OutsideCache::default());
                let plain = resolve_page_with(&ws, page, &plain, false);
                assert_eq!(plain, resolve_page_with(&ws, page, &prepared, true), "{} in {}", page.path, entry.path().display());
                references += plain.len();
            }
        }
        assert!(references > 200, "only {references} references: the fixtures moved?");
    }

    fn page(path: &str, text: &str) -> Page {
        crate::page::parse(
            path.to_owned(),
            path.to_owned(),
            text.to_owned(),
            false,
            &crate::page::ParseOptions { slug: crate::page::SlugStyle::Mkdocs, content_type_key: String::new(), nav: false, duplicates: None },
        )
    }

    /// The toctree glob only tries the pages under the pattern's literal directories: it must
    /// find what matching every page finds, stem or path.
    #[test]
    fn glob_candidates_hold_every_match() {
        let mut paths: Vec<String> = Vec::new();
        for a in ["", "a/", "a/b/", "ab/", "a.b/", "b/", "a-/", "a/b/c/"] {
            for f in ["a.md", "b.md", "index.md", "x.y.md", "c", "ab.rst"] {
                paths.push(format!("{a}{f}"));
            }
        }
        paths.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        let pages: Vec<Page> = paths.iter().map(|p| page(p, "# T\n")).collect();
        let patterns = [
            "*",
            "**",
            "a/*",
            "a/**",
            "a/**/*",
            "a",
            "a/b/*",
            "a/b*",
            "a*/*",
            "ab/*",
            "a.b/*",
            "a/b/c/*",
            "a/?.md",
            "a/[ab]*",
            "a/{b,x}/*",
            "a/b/**",
            "b/*",
            "a\\*/x",
            "a/b\\/*",
            "*/index",
            "a/b/c/**/x",
            "zz/*",
            "",
            "a/",
            "a/b/[a]",
        ];
        for pattern in patterns {
            let Ok(glob) = globset::GlobBuilder::new(pattern).literal_separator(true).build() else { continue };
            let m = glob.compile_matcher();
            let hit = |p: &Page| m.is_match(p.path.rsplit_once('.').map_or(p.path.as_str(), |(stem, _)| stem)) || m.is_match(&p.path);
            let all: Vec<usize> = pages.iter().enumerate().filter(|(_, p)| hit(p)).map(|(i, _)| i).collect();
            let range = glob_candidates(&pages, pattern);
            let within: Vec<usize> = range.clone().filter(|&i| hit(&pages[i])).collect();
            assert_eq!(within, all, "{pattern} ({range:?})");
        }
    }

    /// The definition the index must agree with: a scan of the page's lines and anchors.
    fn anchor_exists_by_scan(page: &Page, fragment: &str) -> bool {
        if fragment.is_empty() || fragment == "top" || page.anchor_hashes.binary_search(&crate::page::anchor_hash(fragment)).is_ok() {
            return true;
        }
        // mkdocstrings: `::: pydantic.config` renders the object and its members with their
        // dotted paths as ids (`#pydantic.config.ConfigDict`).
        if fragment.contains('.')
            && page
                .text()
                .lines()
                .filter_map(|l| l.strip_prefix(":::"))
                .map(str::trim)
                .any(|obj| !obj.is_empty() && (fragment == obj || fragment.strip_prefix(obj).is_some_and(|rest| rest.starts_with('.'))))
        {
            return true;
        }
        page.anchors().iter().any(|a| a.eq_ignore_ascii_case(fragment))
    }

    /// The anchor index must answer what the scan of the page answers.
    #[test]
    fn anchor_index_matches_the_scan() {
        let text =
            "# Heading One\n\n::: pkg.mod\n:::   pkg.other.Cls  \n:::\n::: a.\n\n## Ünïcode Tëxt\n\n(my-Label)=\n## Other <a id=\"Raw.Id\"></a>\n\r\n::: x\r\n";
        let p = page("api.md", text);
        let index = AnchorIndex::default();
        let mut fragments: Vec<String> = [
            "",
            "top",
            "heading-one",
            "HEADING-ONE",
            "Heading-One",
            "pkg",
            "pkg.mod",
            "pkg.mod.X",
            "pkg.modX",
            "pkg.mod.",
            "pkg.other",
            "pkg.other.Cls",
            "pkg.other.Cls.f.g",
            "PKG.MOD.x",
            "a",
            "a.",
            "a..b",
            "a.b",
            "x",
            "x.y",
            "raw.id",
            "Raw.Id",
            "RAW.ID",
            "my-label",
            "MY-LABEL",
            "ünïcode-tëxt",
            "ÜNÏCODE-TËXT",
            "other",
            ".",
            "..",
            "pkg.mod..",
            "nope.nope",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        fragments.extend(p.anchors().iter().flat_map(|a| [a.clone(), a.to_uppercase(), a.to_ascii_uppercase(), format!("{a}.x")]));
        for f in &fragments {
            assert_eq!(anchor_is_direct(&p, f) || index.contains(&p, f), anchor_exists_by_scan(&p, f), "{f:?} in {:?}", p.anchors());
        }
    }
}
