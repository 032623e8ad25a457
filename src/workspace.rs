//! The workspace: the settings, every file of the tree and every parsed page, indexed once
//! before any rule runs. Rules only read it.

use std::collections::BTreeMap;

use std::sync::OnceLock;

use rayon::prelude::*;

use crate::manifest::Settings;
use crate::page::{self, Page, ParseOptions};
use crate::resolve::{self, OutsideCache, Target};
use crate::structure::Structure;
use crate::text::decode;
use crate::walk::{self, EntryKind, Tree};

/// A page-named file that could not become a page, and why.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub path: String,
    pub reason: String,
}

/// Everything rules read.
#[derive(Debug)]
pub struct Workspace {
    pub settings: Settings,
    /// Parsed pages, sorted by root-relative path.
    pub pages: Vec<Page>,
    /// The deepest section of each page (parallel to `pages`).
    pub page_sections: Vec<Option<usize>>,
    /// Root-relative path → index into `pages`.
    pub(crate) page_index: crate::path_index::PathIndex,
    /// Every file under root that is not a page (root-relative), sorted.
    pub files: Vec<String>,
    /// Every directory under root (root-relative), sorted.
    pub dirs: Vec<String>,
    /// Page-named files that could not be read or parsed.
    pub unreadable: Vec<Unreadable>,
    /// Directories the walk could not read.
    pub walk_errors: Vec<(String, String)>,
    /// Label name → pages (index) defining it.
    pub labels: BTreeMap<String, Vec<usize>>,
    /// Each page's standing against the manifest, and the stray directories.
    pub structure: Structure,
    /// Every page's references, resolved once (in parallel) on first use.
    resolved: OnceLock<Vec<Vec<Target>>>,
    outside: OutsideCache,
    /// Nav files that are not pages (mdBook's `SUMMARY.md`, a `nav` entry excluded from
    /// pages): parsed for their references, which are reachability roots and are checked.
    pub nav_files: Vec<Page>,
    /// Each page's duplicate sketch from the parse phase (parallel to `pages`; empty when not
    /// computed), taken by the duplicate analysis.
    sketches: std::sync::Mutex<Vec<Option<crate::duplicates::Sketch>>>,
    /// Each page's word spans, extracted again on first use (see [`Page::words`]) and kept:
    /// the duplicate analysis and duplicate-passage read the same few pages.
    words: Vec<OnceLock<Vec<crate::page::WordSpan>>>,
    /// Each page's anchor index (mkdocstrings objects, lowercased anchors), built the first
    /// time an anchor of the page misses its hash.
    anchor_index: OnceLock<Vec<OnceLock<resolve::AnchorIndex>>>,
    /// Allowed pages in each section's subtree (what budgets count), computed once.
    allowed_in_section: OnceLock<Vec<usize>>,
    /// The duplicate analysis (shingles, near-duplicate pairs, passages), computed once.
    pub duplicates: OnceLock<std::sync::Arc<crate::duplicates::Analysis>>,
    /// The manifest's topics indexed by pattern and front-matter name, built once.
    topic_index: OnceLock<crate::duplicates::topic::TopicIndex>,
    /// "Did you mean" indexes, built on first use.
    pub(crate) suggestions: crate::suggest::cache::Suggestions,
}

/// What becomes of page texts once parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    /// Kept as parsed ([`Page::parsed_text`]): what `--fix` needs.
    Keep,
    /// Let go, and read again when a finding needs one ([`Page::release_text`]).
    Release,
    /// Kept on trees of up to [`KEEP_TEXTS_UP_TO`] pages, let go on larger ones.
    BySize,
}

/// Up to this many pages, texts are kept: a few MiB, and reading again every page that has
/// a finding cost more than that (1-2 ms on real trees of 100-250 pages). Beyond, keeping
/// them is what costs: at 100k pages they were a third of peak memory, fresh memory the
/// kernel must zero (sys time 0.96 -> 0.59 s once they were let go).
pub const KEEP_TEXTS_UP_TO: usize = 4096;

impl Workspace {
    /// Walks the tree, then reads and parses every page in parallel, in the walk's order
    /// (which is path order) into one vector of the exact size. Walking first costs little
    /// (100k pages list in about 50 ms) and spares what handing pages to the pool during the
    /// walk needed: a channel, per-thread vectors that grew by doubling and were joined, and
    /// putting the pages back in order (34 MB less peak memory at 100k pages).
    ///
    /// Page texts are kept on trees of up to [`KEEP_TEXTS_UP_TO`] pages; on larger ones they
    /// are let go once parsed and read again when a finding needs one (see [`Texts`]).
    pub fn load(settings: Settings) -> std::io::Result<Self> {
        Self::load_with(settings, Texts::BySize)
    }

    /// [`Workspace::load`], keeping every page's text as parsed: what `--fix` needs, since it
    /// edits the text its spans were computed on and refuses a file changed since.
    pub fn load_keeping_texts(settings: Settings) -> std::io::Result<Self> {
        Self::load_with(settings, Texts::Keep)
    }

    /// [`Workspace::load`] with the choice of what happens to page texts spelled out.
    pub fn load_with(settings: Settings, texts: Texts) -> std::io::Result<Self> {
        let root = settings.root_dir();
        let nav: Vec<&str> = settings.nav.iter().map(String::as_str).collect();
        let mut paths: Vec<String> = Vec::new();
        let tree = crate::timings::phase("walk", || walk::discover(&settings, |path| paths.push(path)))?;
        let release = match texts {
            Texts::Keep => false,
            Texts::Release => true,
            Texts::BySize => paths.len() > KEEP_TEXTS_UP_TO,
        };
        let release: Option<std::sync::Arc<std::path::Path>> = release.then(|| root.as_path().into());
        // Checked here, where the paths are contiguous and in cache; parse results keep this
        // order (see `sort_by_path`).
        let in_path_order = paths.windows(2).all(|w| w[0] <= w[1]);
        // Straight into the vectors the workspace keeps: a page that cannot be read leaves a
        // stand-in, taken out in `assemble` (moving 100k parse results out of a vector of
        // `Result`s was a serial pass of 14 ms).
        let failed = std::sync::Mutex::new(Vec::new());
        let read_root = shortest_root(&root, std::env::current_dir().ok().as_deref());
        let (mut pages, mut sketches): (Vec<Page>, Vec<Option<crate::duplicates::Sketch>>) = (Vec::new(), Vec::new());
        crate::timings::phase("read+parse", || {
            paths
                .into_par_iter()
                .map(|path| read_page(&settings, &read_root, &path, nav.contains(&path.as_str()), release.as_ref(), &failed))
                .unzip_into_vecs(&mut pages, &mut sketches);
        });
        let failed = failed.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(crate::timings::phase("assemble", || Self::assemble(settings, tree, Parsed { pages, sketches, failed }, in_path_order)))
    }

    /// Indexes parsed pages (in the walk's order) with the rest of the walked tree.
    fn assemble(settings: Settings, tree: Tree, parsed: Parsed, in_path_order: bool) -> Self {
        let root = settings.root_dir();
        let Parsed { mut pages, mut sketches, failed: mut unreadable } = parsed;
        if !in_path_order {
            sort_by_path(&mut pages, &mut sketches);
        }
        if !unreadable.is_empty() {
            unreadable.sort_unstable_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
            let keep: Vec<bool> = pages.iter().map(|p| unreadable.binary_search_by(|u| u.path.as_bytes().cmp(p.path.as_bytes())).is_err()).collect();
            let mut kept = keep.iter();
            pages.retain(|_| kept.next().copied().unwrap_or(true));
            let mut kept = keep.iter();
            sketches.retain(|_| kept.next().copied().unwrap_or(true));
        }
        for e in &tree.entries {
            if let EntryKind::Unreadable { reason } = &e.kind {
                unreadable.push(Unreadable { path: e.path.clone(), reason: reason.clone() });
            }
        }
        unreadable.sort_unstable_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
        let page_count = pages.len();
        let files: Vec<String> = tree.entries.iter().filter(|e| matches!(e.kind, EntryKind::File)).map(|e| e.path.clone()).collect();
        // Independent indexes, side by side (each walks every page: 9 and 7 ms at 100k pages).
        let (page_index, (page_sections, labels)) = rayon::join(
            || crate::path_index::PathIndex::new(pages.iter().map(|p| p.path.as_str())),
            || rayon::join(|| pages.par_iter().map(|p| settings.section_of(&p.path)).collect(), || labels_of(&pages)),
        );
        let nav_files = nav_files(&settings, &root, &files);
        let exists = |p: &str| page_index.contains(p) || unreadable.binary_search_by(|u: &Unreadable| u.path.as_str().cmp(p)).is_ok();
        let structure = crate::timings::phase("structure", || Structure::compute(&settings, &pages, exists));
        Self {
            settings,
            pages,
            page_sections,
            page_index,
            files,
            dirs: tree.dirs,
            unreadable,
            walk_errors: tree.errors,
            labels,
            structure,
            resolved: OnceLock::new(),
            outside: OutsideCache::default(),
            sketches: std::sync::Mutex::new(sketches),
            words: std::iter::repeat_with(OnceLock::new).take(page_count).collect(),
            anchor_index: OnceLock::new(),
            duplicates: OnceLock::new(),
            allowed_in_section: OnceLock::new(),
            topic_index: OnceLock::new(),
            suggestions: crate::suggest::cache::Suggestions::default(),
            nav_files,
        }
    }

    /// Computes the facts rules share (resolved references, the duplicate analysis) before
    /// rules run as rayon jobs: a job must never wait on a `OnceLock` whose initialiser runs
    /// parallel loops on the same pool (it could steal the job that waits, and deadlock).
    ///
    /// The two are independent (neither reads the other), so they run side by side: each
    /// leaves a thread idle at its end (the last pages to resolve, the last LSH buckets), which
    /// the other fills.
    pub fn prepare(&self, duplicates: bool) {
        let resolve = || {
            if !self.pages.is_empty() {
                crate::timings::phase("resolve", || self.resolved(0));
            }
        };
        if duplicates {
            rayon::join(resolve, || crate::timings::phase("duplicates", || crate::duplicates::of_workspace(self)));
        } else {
            resolve();
        }
    }

    /// The parse phase's duplicate sketches (parallel to `pages`), once; empty afterwards or
    /// when pages were parsed without them.
    pub(crate) fn take_sketches(&self) -> Vec<crate::duplicates::Sketch> {
        let sketches = self.sketches.lock().map(|mut s| std::mem::take(&mut *s)).unwrap_or_default();
        if sketches.iter().all(Option::is_some) { sketches.into_iter().flatten().collect() } else { Vec::new() }
    }

    /// The word spans of page `idx` (extracted on first use, then kept).
    #[must_use]
    pub fn words(&self, idx: usize) -> &[crate::page::WordSpan] {
        self.words[idx].get_or_init(|| self.pages[idx].words())
    }

    /// Whether `fragment` names an anchor of page `idx`: its hashes first, then the page's
    /// [`resolve::AnchorIndex`] (one lookup per dotted prefix instead of a scan of the page's
    /// lines and anchors per reference).
    #[must_use]
    pub fn anchor_exists(&self, idx: usize, fragment: &str) -> bool {
        let page = &self.pages[idx];
        if resolve::anchor_is_direct(page, fragment) {
            return true;
        }
        let slots = self.anchor_index.get_or_init(|| std::iter::repeat_with(OnceLock::new).take(self.pages.len()).collect());
        slots[idx].get_or_init(resolve::AnchorIndex::default).contains(page, fragment)
    }

    /// Starts loading what [`Workspace::anchor_exists`] will read for each page target with a
    /// fragment (the target page, then its anchor hashes), without waiting for one before the
    /// next: on a large tree each target is a cache miss of its own, or two. Only a hint.
    pub fn warm_anchors(&self, targets: &[Target]) {
        if !self.page_index.is_large() {
            return; // in cache already: the extra pass would only cost
        }
        let with_fragment = || {
            targets.iter().filter_map(|t| match t {
                Target::Page { page, fragment: Some(_) } => Some(*page),
                _ => None,
            })
        };
        let pages = with_fragment().fold(0usize, |acc, t| acc.wrapping_add(self.pages[t].anchor_hashes.len()));
        let hashes = with_fragment().fold(0u64, |acc, t| acc.wrapping_add(self.pages[t].anchor_hashes.first().copied().unwrap_or(0)));
        // Kept, or the loads would be optimised away.
        std::hint::black_box((pages, hashes));
    }

    /// Resolves the references of a page that is not in `pages` (a nav file).
    #[must_use]
    pub fn resolve_other(&self, page: &Page) -> Vec<Target> {
        resolve::resolve_page(self, page, &self.outside)
    }

    /// The resolved references of page `idx` (parallel to its `references`).
    #[must_use]
    pub fn resolved(&self, idx: usize) -> &[Target] {
        let all = self.resolved.get_or_init(|| self.pages.par_iter().map(|p| resolve::resolve_page(self, p, &self.outside)).collect());
        &all[idx]
    }

    /// The page at root-relative `path`.
    #[must_use]
    pub fn page(&self, path: &str) -> Option<&Page> {
        self.page_index.get(path).map(|i| &self.pages[i])
    }

    /// `pages[i].path`, read from the path index's one contiguous buffer: what a pass over
    /// every page's path reads, without a cache miss per page on a large tree.
    #[must_use]
    pub fn page_path(&self, i: usize) -> &str {
        self.page_index.path(i).unwrap_or_else(|| self.pages.get(i).map_or("", |p| p.path.as_str()))
    }

    #[must_use]
    pub fn page_idx(&self, path: &str) -> Option<usize> {
        self.page_index.get(path)
    }

    /// [`Self::page_idx`] of `page.path`, found from the page's address when it is one of
    /// `pages` (as every page a rule is handed is): rules ask this for every page, and the
    /// hash lookup cost a cache miss each time.
    #[must_use]
    pub fn idx_of(&self, page: &Page) -> Option<usize> {
        let offset = std::ptr::from_ref(page).addr().wrapping_sub(self.pages.as_ptr().addr());
        let i = offset / std::mem::size_of::<Page>().max(1);
        match self.pages.get(i) {
            Some(p) if std::ptr::eq(p, page) => Some(i),
            _ => self.page_idx(&page.path),
        }
    }

    /// Whether root-relative `path` is a page-named file that could not be read (sorted: a
    /// tree of many binary `.md` files must not make every failed lookup a scan).
    fn is_unreadable(&self, path: &str) -> bool {
        self.unreadable.binary_search_by(|u| u.path.as_str().cmp(path)).is_ok()
    }

    /// Whether root-relative `path` is a page, an unreadable page or another file of the tree.
    #[must_use]
    pub fn file_exists(&self, path: &str) -> bool {
        self.page_index.contains(path) || self.files.binary_search_by(|f| f.as_str().cmp(path)).is_ok() || self.is_unreadable(path)
    }

    /// Whether root-relative `path` exists as a page-named file, readable or not.
    #[must_use]
    pub fn page_exists(&self, path: &str) -> bool {
        self.page_index.contains(path) || self.is_unreadable(path)
    }

    #[must_use]
    pub fn dir_exists(&self, path: &str) -> bool {
        path.is_empty() || self.dirs.binary_search_by(|d| d.as_str().cmp(path)).is_ok()
    }

    /// How many allowed pages lie in each section's subtree (parallel to
    /// `settings.sections`): one pass over the pages, each walking up its own directories.
    #[must_use]
    pub fn allowed_in_section(&self) -> &[usize] {
        self.allowed_in_section.get_or_init(|| {
            let mut counts = vec![0; self.settings.sections.len()];
            for i in 0..self.pages.len() {
                if self.structure.status[i] == crate::structure::Status::Allowed {
                    for k in self.settings.sections_containing(self.page_path(i)) {
                        counts[k] += 1;
                    }
                }
            }
            counts
        })
    }

    /// The index page of directory `dir` (root-relative, `""` for the root), by `index` names.
    #[must_use]
    pub fn index_of(&self, dir: &str) -> Option<&Page> {
        let name_of = |n: &str| if dir.is_empty() { n.to_owned() } else { format!("{dir}/{n}") };
        for name in &self.settings.index_names {
            if let Some(p) = self.page(&name_of(name)) {
                return Some(p);
            }
        }
        // Docusaurus also treats `<dir>/<dir>.md` as the directory's index.
        if self.settings.generator == crate::manifest::Generator::Docusaurus && !dir.is_empty() {
            let last = dir.rsplit('/').next().unwrap_or(dir);
            for ext in &self.settings.extensions {
                if let Some(p) = self.page(&name_of(&format!("{last}.{ext}"))) {
                    return Some(p);
                }
            }
        }
        None
    }

    /// The manifest's topics indexed for [`crate::duplicates::topic`], built on first use.
    #[must_use]
    pub fn topic_index(&self) -> &crate::duplicates::topic::TopicIndex {
        self.topic_index.get_or_init(|| crate::duplicates::topic::TopicIndex::new(&self.settings.topics))
    }

    /// Whether a page is an index page of its directory.
    #[must_use]
    pub fn is_index(&self, page: &Page) -> bool {
        let dir = crate::text::dir_of(&page.path);
        self.index_of(dir).is_some_and(|p| p.path == page.path)
    }

    /// The canonical content type of a page, per contract §2: exact entry, else front matter
    /// (through aliases), else a matching glob entry, else the section's `content-type`.
    #[must_use]
    pub fn content_type(&self, idx: usize) -> Option<&str> {
        let page = &self.pages[idx];
        let s = &self.settings;
        // The page's section from assembly, not looked up again (three rules ask per page).
        let section = self.page_sections[idx];
        let entries = s.entries_of(section);
        if let Some(ty) = entries.and_then(|e| e.exact(&page.path)).and_then(|e| e.ty.as_deref()) {
            return Some(ty);
        }
        if let Some((ty, _)) = &page.front_matter.content_type {
            if let Some(c) = s.canonical_type(ty) {
                return Some(c);
            }
        }
        if let Some(ty) = entries.and_then(|e| e.matching(&page.path)).and_then(|e| e.ty.as_deref()) {
            return Some(ty);
        }
        section.and_then(|i| s.sections[i].content_type.as_deref())
    }

    /// Whether a page sits at the `from` of a move (directly or inside a moved directory).
    #[must_use]
    pub fn is_moved_from(&self, path: &str) -> bool {
        self.settings.moved_to(path).is_some()
    }
}

/// What the parse phase hands [`Workspace::assemble`]: a page (or a stand-in) and a sketch
/// per walked page, and the pages that could not be read.
struct Parsed {
    pages: Vec<Page>,
    sketches: Vec<Option<crate::duplicates::Sketch>>,
    failed: Vec<Unreadable>,
}

/// Reads and parses one page; with `release`, the page lets go of its text (and what is kept
/// with it) once parsed, to read it again from that docs root when asked. A page that cannot
/// be read goes to `failed`, and an empty page stands in for it.
fn read_page(
    settings: &Settings,
    root: &std::path::Path,
    path: &str,
    nav: bool,
    release: Option<&std::sync::Arc<std::path::Path>>,
    failed: &std::sync::Mutex<Vec<Unreadable>>,
) -> (Page, Option<crate::duplicates::Sketch>) {
    let opts = ParseOptions {
        slug: settings.slug_for(path),
        content_type_key: settings.content_type_key.clone(),
        nav: nav || is_summary(settings, path),
        duplicates: wants_sketch(settings).then(|| settings.duplicates.clone()),
    };
    let read = read_capped(&root.join(path), settings.max_page_bytes)
        .map_err(|e| match e {
            Capped::Over(size) => format!("is {size} bytes, over `max-page-bytes` ({})", settings.max_page_bytes),
            Capped::Io(e) => format!("cannot be read: {e}"),
        })
        .and_then(|bytes| decode(bytes).map_err(|e| e.to_string()));
    match read {
        Ok((text, bom)) => page::parse_sketched(path.to_owned(), settings.project_path(path), text, bom, &opts, release.cloned()),
        Err(reason) => {
            failed.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(Unreadable { path: path.to_owned(), reason });
            // The stand-in is removed in `assemble`: no sketch to compute for it.
            let opts = ParseOptions { duplicates: None, ..opts };
            (page::parse(path.to_owned(), settings.project_path(path), String::new(), false, &opts), None)
        }
    }
}

/// `root`, relative to the working directory when it lies inside it: the same files, reached
/// through fewer path components. The kernel looks up every component of a path on each
/// open, and an absolute path to a page is often twice as long: 8 components against 3 on
/// the benchmark trees (`__d_lookup_rcu` and `link_path_walk`, 3% of a 10k-page check).
fn shortest_root(root: &std::path::Path, cwd: Option<&std::path::Path>) -> std::path::PathBuf {
    // Lexically inside: `cwd` is where relative paths start, so `cwd/rest` and `rest` open
    // the same file.
    cwd.and_then(|cwd| root.strip_prefix(cwd).ok()).unwrap_or(root).to_path_buf()
}

enum Capped {
    Over(u64),
    Io(std::io::Error),
}

/// Reads a file of at most `max` bytes: its size is checked on the open file first, and the
/// read stops after `max + 1` bytes, so a file that grows meanwhile is still refused.
fn read_capped(path: &std::path::Path, max: u64) -> Result<Vec<u8>, Capped> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(Capped::Io)?;
    let size = file.metadata().map_err(Capped::Io)?.len();
    if size > max {
        return Err(Capped::Over(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(Capped::Io)?;
    if bytes.len() as u64 > max {
        return Err(Capped::Over(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Label name → the pages (index) that define it.
fn labels_of(pages: &[Page]) -> BTreeMap<String, Vec<usize>> {
    let mut labels: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        for l in &p.labels {
            labels.entry(l.name.clone()).or_default().push(i);
        }
    }
    labels
}

/// Sorts parsed pages (and their sketches with them) by path, bytewise. They come in the
/// walk's order, which is path order (see `walk::discover`) unless a name is not UTF-8:
/// `load_with` checks the walk's paths and calls this only then.
fn sort_by_path(pages: &mut Vec<Page>, sketches: &mut Vec<Option<crate::duplicates::Sketch>>) {
    let mut both: Vec<(Page, Option<crate::duplicates::Sketch>)> = std::mem::take(pages).into_iter().zip(std::mem::take(sketches)).collect();
    both.sort_by(|a, b| a.0.path.as_bytes().cmp(b.0.path.as_bytes()));
    (*pages, *sketches) = both.into_iter().unzip();
}

/// Nav files that the walk recorded as plain files (not pages): read and parsed as nav.
fn nav_files(settings: &Settings, root: &std::path::Path, files: &[String]) -> Vec<Page> {
    let mut names: Vec<&str> = settings.nav.iter().map(String::as_str).collect();
    if settings.generator == crate::manifest::Generator::Mdbook {
        names.push("SUMMARY.md");
    }
    names
        .into_iter()
        .filter(|n| files.binary_search_by(|f| f.as_str().cmp(n)).is_ok() && std::path::Path::new(n).extension().is_some_and(|e| e.eq_ignore_ascii_case("md")))
        .filter_map(|n| {
            let bytes = std::fs::read(root.join(n)).ok()?;
            if bytes.len() as u64 > settings.max_page_bytes {
                return None;
            }
            let (text, bom) = decode(bytes).ok()?;
            let opts = ParseOptions { slug: settings.slug_for(n), content_type_key: settings.content_type_key.clone(), nav: true, duplicates: None };
            Some(page::parse(n.to_owned(), settings.project_path(n), text, bom, &opts))
        })
        .collect()
}

/// Whether pages are parsed with a duplicate sketch: when a rule that reads the analysis runs.
fn wants_sketch(settings: &Settings) -> bool {
    settings.rule_enabled(crate::rules::RuleId::NearDuplicate) || settings.rule_enabled(crate::rules::RuleId::DuplicatePassage)
}

fn is_summary(settings: &Settings, path: &str) -> bool {
    settings.generator == crate::manifest::Generator::Mdbook && path == "SUMMARY.md"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_open_relative_to_the_working_directory_only_from_inside_it() {
        use std::path::Path;
        let root = Path::new("/home/u/project/docs");
        assert_eq!(shortest_root(root, Some(Path::new("/home/u/project"))), Path::new("docs"));
        assert_eq!(shortest_root(root, Some(root)), Path::new(""));
        // Outside, beside (a name that only starts the same) or unknown: the absolute root.
        for cwd in [Some("/home/u/other"), Some("/home/u/project/docs/guide"), Some("/home/u/proj"), None] {
            assert_eq!(shortest_root(root, cwd.map(Path::new)), root, "{cwd:?}");
        }
    }

    #[test]
    fn results_out_of_path_order_are_sorted() {
        let opts = ParseOptions { slug: page::SlugStyle::Github, content_type_key: String::new(), nav: false, duplicates: None };
        let page = |p: &str| page::parse(p.to_owned(), p.to_owned(), String::new(), false, &opts);
        let mut pages: Vec<Page> = ["b/c.md", "a.md", "b-2.md", "a/b.md"].into_iter().map(page).collect();
        // Each sketch travels with its page (here only `a.md` has one).
        let mut sketches: Vec<Option<crate::duplicates::Sketch>> = vec![None; 4];
        sketches[1] = Some(crate::duplicates::Sketch::of(&[1, 2, 3], &crate::manifest::DuplicateSettings::default()));
        sort_by_path(&mut pages, &mut sketches);
        let got: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(got, ["a.md", "a/b.md", "b-2.md", "b/c.md"]);
        assert_eq!(sketches.iter().map(Option::is_some).collect::<Vec<_>>(), [true, false, false, false]);
    }

    #[test]
    fn pages_are_in_path_order_when_names_are_not_utf8() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("docs")).expect("mkdir");
        std::fs::write(dir.path().join("scope.toml"), "[docs]\npages = { \"**/*.md\" = \"explanation\" }\n").expect("write");
        // Walked as raw bytes, 0x80 comes before "é" (0xC3 0xA9); read lossily, its U+FFFD
        // (0xEF 0xBF 0xBD) comes after: the walk's order is not path order here.
        std::fs::write(dir.path().join("docs").join(std::ffi::OsStr::from_bytes(b"a\x80x.md")), "# A\n").expect("write");
        for name in ["a\u{e9}.md", "a.md", "b.md"] {
            std::fs::write(dir.path().join("docs").join(name), "# P\n").expect("write");
        }
        let settings = crate::manifest::load(&dir.path().join("scope.toml"), "scope.toml").expect("manifest");
        let ws = Workspace::load(settings).expect("load");
        let paths: Vec<&str> = ws.pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["a.md", "a\u{e9}.md", "b.md"]);
        // Its lossy name names no file: reported as unreadable, never dropped.
        let unreadable: Vec<&str> = ws.unreadable.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(unreadable, ["a\u{fffd}x.md"]);
    }

    #[test]
    fn released_texts_read_again_as_parsed() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("docs")).expect("mkdir");
        std::fs::write(dir.path().join("scope.toml"), "[docs]\npages = { \"**/*.md\" = \"explanation\" }\n").expect("write");
        let text = "# Título\r\n\r\nSee [b](b.md#nope).\r\n";
        std::fs::write(dir.path().join("docs/a.md"), format!("\u{feff}{text}")).expect("write");
        std::fs::write(dir.path().join("docs/b.md"), "# B\n").expect("write");
        let load = |keep| {
            let settings = crate::manifest::load(&dir.path().join("scope.toml"), "scope.toml").expect("manifest");
            Workspace::load_with(settings, if keep { Texts::Keep } else { Texts::Release }).expect("load")
        };
        let (kept, released) = (load(true), load(false));
        let small = Workspace::load(crate::manifest::load(&dir.path().join("scope.toml"), "scope.toml").expect("manifest")).expect("load");
        assert!(small.pages[0].parsed_text().is_some(), "a small tree keeps its texts");
        let (k, r) = (&kept.pages[0], &released.pages[0]);
        assert_eq!(k.parsed_text(), Some(text));
        assert_eq!(r.parsed_text(), None, "a released text is never offered as the parsed one");
        assert_eq!(r.text(), text, "read again without the BOM, as parsed");
        let span = r.references.at(0).span;
        assert_eq!((r.span(span.clone()).line, r.span(span.clone()).column), (3, 9));
        assert_eq!(r.span(span.clone()), k.span(span));
        // A file gone since: an empty text, on which spans clamp instead of panicking.
        let released = load(false);
        std::fs::remove_file(dir.path().join("docs/a.md")).expect("rm");
        assert_eq!(released.pages[0].text(), "");
        assert_eq!(released.pages[0].span(10..20).line, 1);
    }
}
