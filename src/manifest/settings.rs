//! The validated manifest: what the rest of doclint reads.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use globset::GlobSet;
use regex::Regex;

use crate::diagnostic::{Severity, Span};
use crate::page::SlugStyle;
use crate::rules::RuleId;
use crate::text::LineIndex;

/// Which site generator the tree is written for (contract §2, "Generators").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    Plain,
    Sphinx,
    Mkdocs,
    Docusaurus,
    Mdbook,
}

impl Generator {
    pub const NAMES: &'static [&'static str] = &["plain", "sphinx", "mkdocs", "docusaurus", "mdbook"];

    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "plain" => Some(Self::Plain),
            "sphinx" => Some(Self::Sphinx),
            "mkdocs" => Some(Self::Mkdocs),
            "docusaurus" => Some(Self::Docusaurus),
            "mdbook" => Some(Self::Mdbook),
            _ => None,
        }
    }

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Plain => "plain",
            Self::Sphinx => "sphinx",
            Self::Mkdocs => "mkdocs",
            Self::Docusaurus => "docusaurus",
            Self::Mdbook => "mdbook",
        }
    }

    #[must_use]
    pub const fn default_slug(self) -> SlugStyle {
        match self {
            Self::Sphinx => SlugStyle::Myst,
            Self::Mkdocs => SlugStyle::Mkdocs,
            Self::Plain | Self::Docusaurus | Self::Mdbook => SlugStyle::Github,
        }
    }

    #[must_use]
    pub fn default_index(self) -> Vec<String> {
        let names: &[&str] = match self {
            Self::Sphinx => &["index.md"],
            Self::Mdbook => &["README.md", "index.md"],
            Self::Plain | Self::Mkdocs | Self::Docusaurus => &["index.md", "README.md"],
        };
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    /// Whether extensionless targets resolve to a page source.
    #[must_use]
    pub const fn resolves_extensionless(self) -> bool {
        matches!(self, Self::Sphinx | Self::Docusaurus)
    }

    /// Whether `.html` targets resolve to a page source.
    #[must_use]
    pub const fn resolves_html(self) -> bool {
        matches!(self, Self::Sphinx | Self::Docusaurus | Self::Mdbook)
    }

    /// Whether a file name (last path component) is a generator non-page.
    #[must_use]
    pub fn is_non_page(self, file_name: &str) -> bool {
        match self {
            Self::Docusaurus => file_name.starts_with('_'),
            Self::Mdbook => file_name == "SUMMARY.md",
            _ => false,
        }
    }
}

/// `orphans = "links" | "nav"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrphanMode {
    Links,
    Nav,
}

/// `[duplicates] scope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateScope {
    CrossSection,
    All,
}

/// One `pages` entry, of `[docs]` or of a section.
#[derive(Debug, Clone)]
pub struct PageEntry {
    /// The key as written (relative to the section).
    pub pattern: String,
    /// Root-relative path (exact entries) or root-relative glob.
    pub path: String,
    /// `None` for exact paths.
    pub glob: Option<super::glob::PageGlob>,
    /// The declared content type, canonical (aliases resolved).
    pub ty: Option<String>,
    pub planned: bool,
    /// The entry's key in the manifest.
    pub span: Span,
}

/// The `pages` of `[docs]` or of one section.
#[derive(Debug, Clone, Default)]
pub struct PageEntries {
    /// In file order.
    pub exact: Vec<PageEntry>,
    /// In file order: the last match wins.
    pub globs: Vec<PageEntry>,
    /// Path → index into `exact`: `doclint init` lists every page, so a section can hold
    /// thousands of entries, and every page is looked up several times.
    by_path: rustc_hash::FxHashMap<String, usize>,
}

impl PageEntries {
    /// Adds an entry: exact or glob by whether it has a matcher. The caller has refused a
    /// path given twice.
    pub fn push(&mut self, entry: PageEntry) {
        if entry.glob.is_some() {
            self.globs.push(entry);
        } else {
            self.by_path.insert(entry.path.clone(), self.exact.len());
            self.exact.push(entry);
        }
    }

    /// The entry that allows root-relative `path`: an exact path beats any glob; among globs
    /// the last in file order wins.
    #[must_use]
    pub fn matching(&self, path: &str) -> Option<&PageEntry> {
        self.exact(path).or_else(|| self.globs.iter().rev().find(|e| e.glob.as_ref().is_some_and(|g| g.is_match(path))))
    }

    #[must_use]
    pub fn exact(&self, path: &str) -> Option<&PageEntry> {
        self.by_path.get(path).map(|&i| &self.exact[i])
    }

    pub fn all(&self) -> impl Iterator<Item = &PageEntry> {
        self.exact.iter().chain(self.globs.iter())
    }
}

/// A `[sections."dir"]` table.
#[derive(Debug, Clone)]
pub struct Section {
    /// Root-relative directory, without a trailing `/`.
    pub dir: String,
    pub title: Option<String>,
    pub max_pages: Option<(usize, Span)>,
    pub content_type: Option<String>,
    /// `None`: any section.
    pub links_to: Option<Vec<String>>,
    pub slug: Option<SlugStyle>,
    /// `None`: every page in the subtree is allowed.
    pub pages: Option<PageEntries>,
    /// The table header (or first key) in the manifest.
    pub span: Span,
}

impl Section {
    /// Whether root-relative `path` lies in this section's subtree.
    #[must_use]
    pub fn contains(&self, path: &str) -> bool {
        is_under(path, &self.dir)
    }
}

/// Whether root-relative `path` lies under directory `dir` (`""` is the root).
#[must_use]
pub fn is_under(path: &str, dir: &str) -> bool {
    dir.is_empty() || (path.len() > dir.len() && path.starts_with(dir) && path.as_bytes()[dir.len()] == b'/')
}

/// A `[topics.NAME]` table.
#[derive(Debug, Clone)]
pub struct Topic {
    pub name: String,
    pub title: Option<String>,
    pub owners: Vec<String>,
    pub pages: Vec<String>,
    pub matches: Vec<Regex>,
    pub allow: Vec<String>,
    pub span: Span,
}

/// A `[[moved]]` entry. Paths are root-relative; directories end with `/`.
#[derive(Debug, Clone)]
pub struct Move {
    pub from: String,
    /// The destination path without fragment; `None` when the plan removed the page.
    pub to: Option<String>,
    pub fragment: Option<String>,
    pub span: Span,
    /// Where `to` is written.
    pub to_span: Option<Span>,
}

/// `[[moved]]` entries by `from`: files exactly, directories (`from` ending in `/`) by prefix.
#[derive(Debug, Clone, Default)]
pub(crate) struct MoveIndex {
    files: rustc_hash::FxHashMap<String, usize>,
    dirs: rustc_hash::FxHashMap<String, usize>,
}

impl Move {
    #[must_use]
    pub fn is_dir(&self) -> bool {
        self.from.ends_with('/')
    }

    /// Where root-relative page `path` went under this move, if the move covers it.
    /// `Some(None)`: removed by the plan.
    #[must_use]
    pub fn apply(&self, path: &str) -> Option<Option<String>> {
        if self.is_dir() {
            let rest = path.strip_prefix(&self.from)?;
            Some(self.to.as_ref().map(|to| format!("{to}{rest}")))
        } else if path == self.from {
            Some(self.to.clone())
        } else {
            None
        }
    }
}

/// `[duplicates]`.
#[derive(Debug, Clone)]
pub struct DuplicateSettings {
    pub threshold: f64,
    pub min_words: usize,
    pub scope: DuplicateScope,
    pub min_passage_words: usize,
    pub boilerplate_pages: usize,
}

impl Default for DuplicateSettings {
    fn default() -> Self {
        Self { threshold: 0.7, min_words: 80, scope: DuplicateScope::CrossSection, min_passage_words: 50, boilerplate_pages: 3 }
    }
}

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        if name == "off" { Some(Self::Off) } else { Severity::parse(name).map(Self::On) }
    }
    pub const NAMES: &'static [&'static str] = &["error", "warning", "warn", "info", "off"];
}

/// An `[[overrides]]` entry.
#[derive(Debug, Clone)]
pub struct Override {
    /// Globs relative to the project directory (or to root, tried both ways).
    pub paths: GlobSet,
    pub rules: BTreeMap<RuleId, Level>,
}

/// Everything the manifest says, validated.
#[derive(Debug)]
pub struct Settings {
    /// Absolute path of the manifest.
    pub manifest_path: PathBuf,
    /// The manifest's path as output prints it (relative to the current directory).
    pub manifest_display: String,
    /// The manifest's path relative to the project directory (its file name).
    pub manifest_rel: String,
    pub manifest_text: Arc<str>,
    pub manifest_lines: LineIndex,
    /// The directory holding the manifest, canonicalized.
    pub project_dir: PathBuf,
    /// Docs root relative to the project directory, with `/` (`""`: the project directory).
    pub root: String,
    pub root_span: Option<Span>,
    pub generator: Generator,
    pub extensions: Vec<String>,
    pub index_names: Vec<String>,
    pub exclude: GlobSet,
    pub content_types: Vec<String>,
    pub aliases: BTreeMap<String, String>,
    pub content_type_key: String,
    pub slug: SlugStyle,
    pub orphans: OrphanMode,
    pub nav: Vec<String>,
    /// Root-relative pages listed by nav files that are generator configurations
    /// (mkdocs.yml `nav`, Docusaurus sidebars): reachability roots, not parsed as pages.
    pub nav_pages: Vec<String>,
    /// Site-absolute prefix → project-relative path prefix, longest prefix first.
    pub site_paths: Vec<(String, String)>,
    pub max_page_bytes: u64,
    /// `[docs] pages`, root-relative.
    pub root_pages: Option<PageEntries>,
    /// Sorted by directory.
    pub sections: Vec<Section>,
    /// Section directory → index into `sections` (kept in step by the loader).
    pub section_dirs: rustc_hash::FxHashMap<String, usize>,
    pub topics: Vec<Topic>,
    /// In file order; add them with [`Settings::push_move`], which keeps `move_index` in step.
    pub moves: Vec<Move>,
    pub(crate) move_index: MoveIndex,
    pub duplicates: DuplicateSettings,
    pub levels: BTreeMap<RuleId, Level>,
    pub overrides: Vec<Override>,
}

impl Settings {
    /// The project-relative path of a root-relative path.
    #[must_use]
    pub fn project_path(&self, root_relative: &str) -> String {
        if self.root.is_empty() {
            root_relative.to_owned()
        } else if root_relative.is_empty() {
            format!("{}/", self.root)
        } else {
            format!("{}/{root_relative}", self.root)
        }
    }

    /// The absolute docs root.
    #[must_use]
    pub fn root_dir(&self) -> PathBuf {
        if self.root.is_empty() { self.project_dir.clone() } else { self.project_dir.join(&self.root) }
    }

    /// Index of the deepest section containing root-relative `path`.
    #[must_use]
    pub fn section_of(&self, path: &str) -> Option<usize> {
        // The deepest ancestor directory that is a section: O(depth) lookups, not O(sections)
        // prefix comparisons (called several times per page and per reference).
        // A byte loop: `rsplit_once`'s searcher set-up cost more than the search, and this
        // runs several times per page.
        let mut dir = path;
        while let Some(slash) = dir.as_bytes().iter().rposition(|&c| c == b'/') {
            dir = &dir[..slash];
            if let Some(&i) = self.section_dirs.get(dir) {
                return Some(i);
            }
        }
        None
    }

    /// Every section whose subtree holds root-relative `path`, deepest first: O(depth)
    /// lookups.
    pub fn sections_containing<'a>(&'a self, path: &'a str) -> impl Iterator<Item = usize> + 'a {
        let parent = |p: &'a str| p.rsplit_once('/').map(|(dir, _)| dir);
        // The proper ancestor directories, deepest first, then the root (which holds every
        // path, as `is_under` says).
        std::iter::successors(parent(path), move |&d| parent(d)).chain(Some("")).filter_map(|d| self.section_dirs.get(d).copied())
    }

    /// Index of the section whose directory is exactly `dir`.
    #[must_use]
    pub fn section_named(&self, dir: &str) -> Option<usize> {
        self.section_dirs.get(dir).copied()
    }

    /// The canonical content type for a name written in front matter or the manifest.
    #[must_use]
    pub fn canonical_type(&self, name: &str) -> Option<&str> {
        if let Some(t) = self.content_types.iter().find(|t| *t == name) {
            return Some(t);
        }
        self.aliases.get(name).map(String::as_str)
    }

    /// The slug style of pages at root-relative `path`.
    #[must_use]
    pub fn slug_for(&self, path: &str) -> SlugStyle {
        self.section_of(path).and_then(|i| self.sections[i].slug).unwrap_or(self.slug)
    }

    /// The page entries that govern root-relative `path` and the section they belong to.
    #[must_use]
    pub fn entries_for(&self, path: &str) -> (Option<usize>, Option<&PageEntries>) {
        let section = self.section_of(path);
        (section, self.entries_of(section))
    }

    /// The page entries of a section (`None`: the root's).
    #[must_use]
    pub fn entries_of(&self, section: Option<usize>) -> Option<&PageEntries> {
        match section {
            Some(i) => self.sections[i].pages.as_ref(),
            None => self.root_pages.as_ref(),
        }
    }

    /// Whether root-relative page `path` is allowed by the manifest, and by which entry.
    /// `Some(None)`: allowed without an entry (a section without `pages`, or a root page when
    /// `[docs] pages` is absent).
    #[must_use]
    pub fn allowed(&self, path: &str) -> Option<Option<&PageEntry>> {
        match self.entries_for(path) {
            (Some(_), None) => Some(None),
            (Some(_) | None, Some(entries)) => entries.matching(path).map(Some),
            (None, None) => (!path.contains('/')).then_some(None),
        }
    }

    /// The first move (in file order) that covers root-relative `path`: a lookup per
    /// directory of the path, not a pass over every move (a reorganisation plan can list
    /// thousands, and every page and link is looked up).
    #[must_use]
    pub fn first_move(&self, path: &str) -> Option<usize> {
        let file = self.move_index.files.get(path).copied();
        if self.move_index.dirs.is_empty() {
            return file;
        }
        // A directory move's `from` ends with `/`: it covers the paths it is a prefix of.
        path.match_indices('/').filter_map(|(i, _)| self.move_index.dirs.get(&path[..=i]).copied()).chain(file).min()
    }

    /// The move whose `from` is exactly `from`.
    #[must_use]
    pub fn move_from(&self, from: &str) -> Option<&Move> {
        let index = if from.ends_with('/') { &self.move_index.dirs } else { &self.move_index.files };
        index.get(from).map(|&i| &self.moves[i])
    }

    /// Adds a move (the loader has refused a `from` given twice).
    pub fn push_move(&mut self, m: Move) {
        let index = if m.is_dir() { &mut self.move_index.dirs } else { &mut self.move_index.files };
        index.entry(m.from.clone()).or_insert(self.moves.len());
        self.moves.push(m);
    }

    /// The move that covers root-relative `path`, and where it leads after following chains.
    /// `Some(None)`: removed by the plan.
    #[must_use]
    pub fn moved_to(&self, path: &str) -> Option<(usize, Option<String>)> {
        let first = self.first_move(path)?;
        let mut to = self.moves[first].apply(path)?;
        let mut hops = 0;
        while let Some(current) = to.clone() {
            let Some(next) = self.first_move(&current).and_then(|i| self.moves[i].apply(&current)) else { break };
            to = next;
            hops += 1;
            if hops > self.moves.len() {
                break;
            }
        }
        Some((first, to))
    }

    /// Whether `rule` is on somewhere: not off, or turned on by an override. A rule off
    /// everywhere does not run (and what only it needs is not computed).
    #[must_use]
    pub fn rule_enabled(&self, rule: RuleId) -> bool {
        self.levels.get(&rule) != Some(&Level::Off) || self.overrides.iter().any(|o| o.rules.get(&rule).is_some_and(|l| *l != Level::Off))
    }

    /// The configured level of `rule` for a finding at project-relative `path`.
    #[must_use]
    pub fn level(&self, rule: RuleId, path: &str) -> Level {
        let mut level = self.levels.get(&rule).copied().unwrap_or(Level::On(rule.default_severity()));
        let root_rel = if self.root.is_empty() { Some(path) } else { path.strip_prefix(&self.root).and_then(|p| p.strip_prefix('/')) };
        for o in &self.overrides {
            if let Some(l) = o.rules.get(&rule) {
                if o.paths.is_match(path) || root_rel.is_some_and(|p| o.paths.is_match(p)) {
                    level = *l;
                }
            }
        }
        level
    }

    /// A span in the manifest.
    #[must_use]
    pub fn manifest_span(&self, bytes: std::ops::Range<usize>) -> Span {
        Span::new(&self.manifest_lines, &self.manifest_text, bytes)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    fn settings(toml: &str) -> super::Settings {
        let dir = std::env::temp_dir();
        crate::manifest::parse_str(&Arc::from(toml), "scope.toml", "scope.toml", dir.clone(), dir.join("scope.toml")).expect("valid manifest")
    }

    /// `first_move` looks moves up by path and directory; it must find what a pass over the
    /// moves in file order finds, whichever kind comes first.
    #[test]
    fn first_move_matches_a_scan_in_file_order() {
        let s = settings(
            "[docs]\nroot = \"docs\"\npages = { \"**/*.md\" = {} }\n\
             [[moved]]\nfrom = \"a/b/\"\nto = \"x/b/\"\n\
             [[moved]]\nfrom = \"a/b/c.md\"\nto = \"y.md\"\n\
             [[moved]]\nfrom = \"a/d.md\"\nto = \"z.md\"\n\
             [[moved]]\nfrom = \"a/\"\nto = \"w/\"\n\
             [[moved]]\nfrom = \"old.md\"\n",
        );
        assert_eq!(s.moves.len(), 5);
        for path in ["a/b/c.md", "a/b/", "a/b/e/f.md", "a/d.md", "a/e.md", "a/", "old.md", "old.mdx", "b/c.md", "ab/c.md", "a", ""] {
            let scanned = s.moves.iter().position(|m| m.apply(path).is_some());
            assert_eq!(s.first_move(path), scanned, "{path}");
        }
        assert_eq!(s.moved_to("a/e.md"), Some((3, Some("w/e.md".to_owned()))));
        assert_eq!(s.moved_to("old.md"), Some((4, None)));
        assert!(s.move_from("a/d.md").is_some() && s.move_from("a/b/").is_some() && s.move_from("a/b").is_none());
    }

    /// `sections_containing` walks up a path's directories; it must name exactly the sections
    /// whose `contains` holds, deepest first.
    #[test]
    fn sections_containing_matches_contains() {
        let s = settings("[docs]\nroot = \"docs\"\n[sections.a]\n[sections.\"a/b\"]\n[sections.ab]\n[sections.\"a/b/c\"]\n");
        assert_eq!(s.sections.len(), 4);
        for path in ["a/x.md", "a/b/x.md", "a/b/c/d/x.md", "ab/x.md", "abc/x.md", "x.md", "a/bc/x.md"] {
            let walked: Vec<usize> = s.sections_containing(path).collect();
            let mut scanned: Vec<usize> = (0..s.sections.len()).filter(|&k| s.sections[k].contains(path)).collect();
            scanned.sort_by_key(|&k| std::cmp::Reverse(s.sections[k].dir.len()));
            assert_eq!(walked, scanned, "{path}");
        }
    }
}
