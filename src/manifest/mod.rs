//! `scope.toml`: discovery, parsing and validation into [`Settings`].
//!
//! Parsing is two-phase, like cargo-deny's: serde reads each table on its own (so one bad
//! table does not hide the problems of the others), then validation checks what serde cannot
//! (names that must exist, regexes, globs, moves). Every problem found in one run is reported.

mod error;
pub mod glob;
pub mod raw;
mod settings;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use miette::NamedSource;

use crate::render::source::LinedSource;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::diagnostic::Span;
use crate::page::SlugStyle;
use crate::rules::RuleId;
use crate::suggest::closest;
use crate::text::LineIndex;

pub use error::{LoadError, ManifestProblem};
pub use raw::TOP_LEVEL;
pub use settings::*;

/// Unknown keys reported one by one per table; the rest are counted in one more problem.
const MAX_UNKNOWN_KEYS: usize = 100;

/// The manifest file name searched for.
pub const FILE_NAME: &str = "scope.toml";

/// The nearest `scope.toml` in `start` or its ancestors.
#[must_use]
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|d| d.join(FILE_NAME)).find(|p| p.is_file())
}

/// Reads and validates the manifest at `path`; `display` is how output names it.
pub fn load(path: &Path, display: &str) -> Result<Settings, LoadError> {
    let io = |e: std::io::Error| LoadError::Io { path: display.to_owned(), message: e.to_string() };
    let bytes = std::fs::read(path).map_err(io)?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Err(LoadError::Io {
                path: display.to_owned(),
                message: format!("not valid UTF-8 (first bad byte at offset {})", e.utf8_error().valid_up_to()),
            });
        }
    };
    let text = text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text);
    let manifest_path = std::path::absolute(path).map_err(io)?;
    let project_dir = manifest_path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let project_dir = std::fs::canonicalize(&project_dir).map_err(io)?;
    let file_name = manifest_path.file_name().map_or_else(|| FILE_NAME.to_owned(), |n| n.to_string_lossy().into_owned());
    parse_str(&Arc::from(text), display, &file_name, project_dir, manifest_path)
}

/// Validates manifest `text` for a project at `project_dir` (no filesystem access).
pub fn parse_str(text: &Arc<str>, display: &str, file_name: &str, project_dir: PathBuf, manifest_path: PathBuf) -> Result<Settings, LoadError> {
    let mut cx = Cx { text: Arc::clone(text), lines: LineIndex::new(text), display: display.to_owned(), problems: Vec::new(), source: None };
    let settings = cx.build(file_name, project_dir, manifest_path);
    match settings {
        Some(s) if cx.problems.is_empty() => Ok(s),
        _ => {
            let mut problems = cx.problems;
            problems.sort_by_key(|p| p.bytes.as_ref().map_or(0, |b| b.start));
            Err(LoadError::Invalid { path: display.to_owned(), count: problems.len(), problems })
        }
    }
}

/// Validation context: the manifest text and the problems found so far.
struct Cx {
    text: Arc<str>,
    lines: LineIndex,
    display: String,
    problems: Vec<ManifestProblem>,
    /// The text as problems show it, made at the first problem.
    source: Option<LinedSource>,
}

type Val<'a> = Spanned<DeValue<'a>>;

impl Cx {
    fn problem(&mut self, span: Option<Range<usize>>, message: impl Into<String>, label: impl Into<String>, help: Option<String>) {
        let message = message.into();
        let source = self.source.get_or_insert_with(|| LinedSource::new(Arc::clone(&self.text))).clone();
        self.problems.push(ManifestProblem {
            message,
            src: NamedSource::new(self.display.clone(), source),
            span: span.clone().map(Into::into),
            label: label.into(),
            help,
            bytes: span,
        });
    }

    fn span(&self, bytes: Range<usize>) -> Span {
        Span::new(&self.lines, &self.text, bytes)
    }

    /// The span of a map key written just before the value at `value`: `"key" = value`.
    fn key_span(&self, key: &str, value: &Range<usize>) -> Range<usize> {
        let before = &self.text[..value.start.min(self.text.len())];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = &before[line_start..];
        let mut quoted = String::with_capacity(key.len() + 2);
        for quote in ["\"", "'", ""] {
            quoted.clear();
            quoted.extend([quote, key, quote]);
            if let Some(i) = line.rfind(quoted.as_str()) {
                return line_start + i..line_start + i + quoted.len();
            }
        }
        value.clone()
    }

    /// Deserializes one table, reporting every unknown key (removing each and retrying) and
    /// then the first other error.
    fn de<T: DeserializeOwned>(&mut self, value: &Val<'_>, what: &str) -> Option<T> {
        // Copied only once a key has to be removed: a table of 10,000 page entries is a
        // sizeable tree to copy, and nearly every table deserializes at the first attempt.
        let mut edited: Option<Val<'_>> = None;
        for _ in 0..256 {
            match T::deserialize(ValueDeserializer::from(edited.as_ref().unwrap_or(value).clone())) {
                Ok(t) => return Some(t),
                Err(e) => {
                    let span = e.span();
                    let message = e.message().to_owned();
                    if message.starts_with("unknown field") {
                        if let Some(span) = span.clone() {
                            let value = edited.get_or_insert_with(|| value.clone());
                            if self.remove_unknown_keys(value, &span, &message, what) {
                                continue;
                            }
                            if remove_key(value, &span) {
                                let names = backticked(&message);
                                let unknown = names.first().cloned().unwrap_or_default();
                                let help = closest(&unknown, names.iter().skip(1).map(String::as_str))
                                    .map(|s| format!("did you mean `{s}`?"))
                                    .or_else(|| (names.len() > 1).then(|| format!("{what} takes: {}", names[1..].join(", "))));
                                self.problem(Some(span), format!("unknown key `{unknown}` in {what}"), "unknown key", help);
                                continue;
                            }
                        }
                    }
                    self.problem(span, format!("invalid {what}: {message}"), "here", None);
                    return None;
                }
            }
        }
        None
    }

    /// When the unknown key sits directly in `value`'s table, removes every key of that table
    /// the message does not list as expected, reporting each (at most [`MAX_UNKNOWN_KEYS`]),
    /// in one pass: a table with 500,000 unknown keys costs one clone, not one per key.
    fn remove_unknown_keys(&mut self, value: &mut Val<'_>, span: &Range<usize>, message: &str, what: &str) -> bool {
        let names = backticked(message);
        let DeValue::Table(t) = value.get_mut() else { return false };
        if names.len() < 2 || !t.iter().any(|(k, _)| k.span() == *span) {
            return false;
        }
        let expected = &names[1..];
        let unknown: Vec<(String, Range<usize>)> =
            t.iter().filter(|(k, _)| !expected.iter().any(|e| e == k.get_ref().as_ref())).map(|(k, _)| (k.get_ref().to_string(), k.span())).collect();
        for (k, v) in std::mem::take(t) {
            if expected.iter().any(|e| e == k.get_ref().as_ref()) {
                t.insert(k, v);
            }
        }
        for (name, key_span) in unknown.iter().take(MAX_UNKNOWN_KEYS) {
            let help = closest(name, expected.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| Some(format!("{what} takes: {}", expected.join(", "))));
            self.problem(Some(key_span.clone()), format!("unknown key `{name}` in {what}"), "unknown key", help);
        }
        if unknown.len() > MAX_UNKNOWN_KEYS {
            let (_, first_hidden) = &unknown[MAX_UNKNOWN_KEYS];
            let more = unknown.len() - MAX_UNKNOWN_KEYS;
            self.problem(Some(first_hidden.clone()), format!("{more} more unknown keys in {what}"), "from here", None);
        }
        true
    }

    fn build(&mut self, file_name: &str, project_dir: PathBuf, manifest_path: PathBuf) -> Option<Settings> {
        let text = Arc::clone(&self.text);
        let doc = match DeTable::parse(&text) {
            Ok(doc) => doc,
            Err(e) => {
                let help = Some("scope.toml must be valid TOML (https://toml.io)".to_owned());
                self.problem(e.span(), format!("invalid TOML: {}", e.message().trim()), "here", help);
                return None;
            }
        };
        let mut docs_v = None;
        let mut sections_v = None;
        let mut topics_v = None;
        let mut moved_v = None;
        let mut dup_v = None;
        let mut rules_v = None;
        let mut overrides_v = None;
        for (key, value) in doc.get_ref() {
            let slot = match key.get_ref().as_ref() {
                "docs" => &mut docs_v,
                "sections" => &mut sections_v,
                "topics" => &mut topics_v,
                "moved" => &mut moved_v,
                "duplicates" => &mut dup_v,
                "rules" => &mut rules_v,
                "overrides" => &mut overrides_v,
                other => {
                    let help = closest(other, TOP_LEVEL.iter().copied())
                        .map_or_else(|| format!("the manifest's tables are: {}", TOP_LEVEL.join(", ")), |s| format!("did you mean `{s}`?"));
                    self.problem(Some(key.span()), format!("unknown key `{other}`"), "unknown key", Some(help));
                    continue;
                }
            };
            *slot = Some(value.clone());
        }

        let raw_docs: raw::RawDocs = docs_v.as_ref().map_or_else(|| Some(raw::RawDocs::default()), |v| self.de(v, "[docs]")).unwrap_or_default();
        let mut s = self.docs(&raw_docs, file_name, project_dir, manifest_path);

        // Sections: each table read on its own.
        let mut raw_sections = Vec::new();
        if let Some(v) = &sections_v {
            for (key, value) in self.table_entries(v, "[sections]") {
                if let Some(raw) = self.de::<raw::RawSection>(&value, &format!("[sections.\"{}\"]", key.get_ref())) {
                    raw_sections.push((key, raw));
                }
            }
        }
        self.sections(&mut s, &raw_sections);
        self.root_pages(&mut s, &raw_docs);
        for (key, raw) in &raw_sections {
            self.section_pages(&mut s, key, raw);
        }
        if let Some(v) = &topics_v {
            for (key, value) in self.table_entries(v, "[topics]") {
                if let Some(raw) = self.de::<raw::RawTopic>(&value, &format!("[topics.{}]", key.get_ref())) {
                    self.topic(&mut s, &key, raw);
                }
            }
        }
        if let Some(v) = &moved_v {
            for value in self.array_items(v, "[[moved]]") {
                if let Some(raw) = self.de::<raw::RawMove>(&value, "[[moved]]") {
                    self.moved(&mut s, &value, &raw);
                }
            }
        }
        self.check_moves(&s);
        if let Some(v) = &dup_v {
            if let Some(raw) = self.de::<raw::RawDuplicates>(v, "[duplicates]") {
                self.duplicates(&mut s, raw);
            }
        }
        if let Some(v) = &rules_v {
            if let Some(raw) = self.de::<indexmap::IndexMap<String, Spanned<String>>>(v, "[rules]") {
                s.levels = self.levels(&raw, v);
            }
        }
        if let Some(v) = &overrides_v {
            for value in self.array_items(v, "[[overrides]]") {
                if let Some(raw) = self.de::<raw::RawOverride>(&value, "[[overrides]]") {
                    self.override_entry(&mut s, &raw);
                }
            }
        }
        Some(s)
    }

    fn table_entries<'a>(&mut self, v: &Val<'a>, what: &str) -> Vec<(Spanned<String>, Val<'a>)> {
        match v.get_ref() {
            DeValue::Table(t) => t.iter().map(|(k, v)| (Spanned::new(k.span(), k.get_ref().to_string()), v.clone())).collect(),
            other => {
                self.problem(Some(v.span()), format!("{what} must be a table, not {}", other.type_str()), "here", None);
                Vec::new()
            }
        }
    }

    fn array_items<'a>(&mut self, v: &Val<'a>, what: &str) -> Vec<Val<'a>> {
        match v.get_ref() {
            DeValue::Array(a) => a.iter().cloned().collect(),
            other => {
                self.problem(
                    Some(v.span()),
                    format!("{what} must be an array of tables, not {}", other.type_str()),
                    "here",
                    Some(format!("write each entry under its own `{what}` header")),
                );
                Vec::new()
            }
        }
    }

    fn docs(&mut self, raw: &raw::RawDocs, file_name: &str, project_dir: PathBuf, manifest_path: PathBuf) -> Settings {
        let generator = match &raw.generator {
            Some(g) => Generator::parse(g.get_ref()).unwrap_or_else(|| {
                self.unknown_name(g, "generator", Generator::NAMES);
                Generator::Plain
            }),
            None => Generator::Plain,
        };
        let (root, root_span) = match &raw.root {
            Some(r) => match normalize(r.get_ref()) {
                Ok(p) => (p.trim_end_matches('/').to_owned(), Some(self.span(r.span()))),
                Err(why) => {
                    self.problem(
                        Some(r.span()),
                        format!("`root` must lie inside the project directory: {why}"),
                        "outside the project",
                        Some("write a path relative to the directory that holds scope.toml, like \"docs\"".to_owned()),
                    );
                    (String::new(), None)
                }
            },
            None => ("docs".to_owned(), None),
        };
        let content_types: Vec<String> = match &raw.content_types {
            Some(list) => {
                let mut out: Vec<String> = Vec::new();
                for t in list {
                    if out.contains(t.get_ref()) {
                        self.problem(
                            Some(t.span()),
                            format!("content type `{}` is listed twice", t.get_ref()),
                            "duplicate",
                            Some("delete one of them".to_owned()),
                        );
                    } else {
                        out.push(t.get_ref().clone());
                    }
                }
                out
            }
            None => ["tutorial", "how-to", "explanation", "reference"].iter().map(|s| (*s).to_owned()).collect(),
        };
        let mut aliases = BTreeMap::new();
        for (alias, target) in raw.content_type_aliases.iter().flatten() {
            if content_types.contains(target.get_ref()) {
                aliases.insert(alias.clone(), target.get_ref().clone());
            } else {
                let help = closest(target.get_ref(), content_types.iter().map(String::as_str)).map(|s| format!("did you mean `{s}`?"));
                self.problem(
                    Some(target.span()),
                    format!("alias `{alias}` points at `{}`, which is not in `content-types`", target.get_ref()),
                    "unknown content type",
                    help.or_else(|| Some(format!("content types: {}", content_types.join(", ")))),
                );
            }
        }
        let slug = match &raw.slug {
            Some(v) => self.slug_style(v).unwrap_or(generator.default_slug()),
            None => generator.default_slug(),
        };
        let orphans = match raw.orphans.as_ref().map(|o| (o, o.get_ref().as_str())) {
            None | Some((_, "links")) => OrphanMode::Links,
            Some((_, "nav")) => OrphanMode::Nav,
            Some((o, _)) => {
                self.unknown_name(o, "orphans mode", &["links", "nav"]);
                OrphanMode::Links
            }
        };
        let exclude = self.globset(raw.exclude.iter().flatten(), "exclude");
        let extensions =
            raw.extensions.as_ref().map_or_else(|| vec!["md".to_owned()], |l| l.iter().map(|e| e.get_ref().trim_start_matches('.').to_owned()).collect());
        let index_names = raw.index.as_ref().map_or_else(|| generator.default_index(), |i| i.get_ref().to_vec());
        let mut nav = Vec::new();
        let mut nav_pages = Vec::new();
        for n in raw.nav.iter().flatten() {
            if crate::importers::is_config_nav(n.get_ref()) {
                // mkdocs.yml or sidebars.js: root-relative like every nav entry, but it may sit
                // above root (`../mkdocs.yml`) as long as it is inside the project.
                let joined = if root.is_empty() { n.get_ref().clone() } else { format!("{root}/{}", n.get_ref()) };
                let listed = normalize(&joined).and_then(|p| crate::importers::nav_file_pages(&project_dir, &root, &p));
                match listed {
                    Ok(pages) => nav_pages.extend(pages),
                    Err(why) => self.problem(Some(n.span()), format!("nav file `{}`: {why}", n.get_ref()), "here", None),
                }
                continue;
            }
            match normalize(n.get_ref()) {
                Ok(p) => nav.push(p),
                Err(why) => self.problem(Some(n.span()), format!("nav file `{}`: {why}", n.get_ref()), "here", None),
            }
        }
        if generator == Generator::Mdbook {
            // SUMMARY.md is not a page under mdbook: its chapters are the reachability roots.
            let summary = if root.is_empty() { "SUMMARY.md".to_owned() } else { format!("{root}/SUMMARY.md") };
            nav_pages.extend(crate::importers::nav_file_pages(&project_dir, &root, &summary).unwrap_or_default());
        }
        let mut site_paths: Vec<(String, String)> = Vec::new();
        for (prefix, target) in raw.site_paths.iter().flatten() {
            if !prefix.starts_with('/') {
                let span = self.key_span(prefix, &target.span());
                self.problem(
                    Some(span),
                    format!("site path prefix `{prefix}` must start with `/`"),
                    "here",
                    Some(format!("write \"/{}\"", prefix.trim_start_matches('/'))),
                );
                continue;
            }
            match normalize(target.get_ref()) {
                Ok(p) => site_paths.push((prefix.clone(), p)),
                Err(why) => self.problem(
                    Some(target.span()),
                    format!("site path target `{}`: {why}", target.get_ref()),
                    "here",
                    Some("site paths map to paths relative to the project directory".to_owned()),
                ),
            }
        }
        site_paths.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let max_page_bytes = match &raw.max_page_bytes {
            Some(v) if *v.get_ref() <= 0 => {
                self.problem(Some(v.span()), "`max-page-bytes` must be positive", "here", None);
                10 * 1024 * 1024
            }
            // Offsets into a page are 32-bit (compact word spans): 4 GiB is the hard ceiling.
            Some(v) if *v.get_ref() > i64::from(u32::MAX) => {
                self.problem(
                    Some(v.span()),
                    "`max-page-bytes` must be below 4 GiB",
                    "here",
                    Some("pages that large are not documentation; exclude them".to_owned()),
                );
                10 * 1024 * 1024
            }
            Some(v) => u64::try_from(*v.get_ref()).unwrap_or(u64::MAX),
            None => 10 * 1024 * 1024,
        };
        let content_type_key = raw.content_type_key.as_ref().map_or_else(|| "content_type".to_owned(), |k| k.get_ref().clone());
        let text = Arc::clone(&self.text);
        Settings {
            manifest_path,
            manifest_display: self.display.clone(),
            manifest_rel: file_name.to_owned(),
            manifest_lines: LineIndex::new(&text),
            manifest_text: text,
            project_dir,
            root,
            root_span,
            generator,
            extensions,
            index_names,
            exclude,
            content_types,
            aliases,
            content_type_key,
            slug,
            orphans,
            nav,
            nav_pages,
            site_paths,
            max_page_bytes,
            root_pages: None,
            sections: Vec::new(),
            section_dirs: rustc_hash::FxHashMap::default(),
            topics: Vec::new(),
            moves: Vec::new(),
            move_index: settings::MoveIndex::default(),
            duplicates: DuplicateSettings::default(),
            levels: BTreeMap::new(),
            overrides: Vec::new(),
        }
    }

    fn unknown_name(&mut self, v: &Spanned<String>, what: &str, names: &[&str]) {
        let help =
            closest(v.get_ref(), names.iter().copied()).map_or_else(|| format!("expected one of: {}", names.join(", ")), |s| format!("did you mean `{s}`?"));
        self.problem(Some(v.span()), format!("unknown {what} `{}`", v.get_ref()), format!("not a known {what}"), Some(help));
    }

    fn slug_style(&mut self, v: &Spanned<String>) -> Option<SlugStyle> {
        let style = SlugStyle::parse(v.get_ref());
        if style.is_none() {
            self.unknown_name(v, "slug style", SlugStyle::NAMES);
        }
        style
    }

    fn globset<'a>(&mut self, globs: impl Iterator<Item = &'a Spanned<String>>, what: &str) -> GlobSet {
        let mut builder = GlobSetBuilder::new();
        for g in globs {
            if let Some(glob) = self.glob(g, what) {
                builder.add(glob);
            }
        }
        builder.build().unwrap_or_else(|_| GlobSet::empty())
    }

    fn glob(&mut self, g: &Spanned<String>, what: &str) -> Option<Glob> {
        let pattern = g.get_ref().trim_start_matches("./");
        match GlobBuilder::new(pattern).literal_separator(true).backslash_escape(true).build() {
            Ok(glob) => Some(glob),
            Err(e) => {
                self.problem(
                    Some(g.span()),
                    format!("invalid glob in {what}: {}", e.kind()),
                    "invalid glob",
                    Some("globs use `*` (one path component), `**` (any depth), `?`, `[abc]` and `{a,b}`".to_owned()),
                );
                None
            }
        }
    }

    /// The content type of an entry, canonical; reports unknown types.
    fn content_type(&mut self, s: &Settings, t: &Spanned<String>) -> Option<String> {
        if let Some(c) = s.canonical_type(t.get_ref()) {
            return Some(c.to_owned());
        }
        let names: Vec<&str> = s.content_types.iter().map(String::as_str).chain(s.aliases.keys().map(String::as_str)).collect();
        let help = closest(t.get_ref(), names.iter().copied())
            .map_or_else(|| format!("add it to `content-types` in [docs], or use one of: {}", names.join(", ")), |n| format!("did you mean `{n}`?"));
        self.problem(Some(t.span()), format!("unknown content type `{}`", t.get_ref()), "not in `content-types`", Some(help));
        None
    }

    fn sections(&mut self, s: &mut Settings, raw: &[(Spanned<String>, raw::RawSection)]) {
        let mut seen: BTreeMap<String, Range<usize>> = BTreeMap::new();
        for (key, r) in raw {
            let dir = match normalize(key.get_ref()) {
                Ok(d) if !d.trim_end_matches('/').is_empty() => d.trim_end_matches('/').to_owned(),
                Ok(_) => {
                    self.problem(
                        Some(key.span()),
                        "a section cannot be the docs root itself",
                        "here",
                        Some("list root pages under `[docs] pages` instead".to_owned()),
                    );
                    continue;
                }
                Err(why) => {
                    self.problem(
                        Some(key.span()),
                        format!("section `{}`: {why}", key.get_ref()),
                        "here",
                        Some("section keys are directories relative to `root`".to_owned()),
                    );
                    continue;
                }
            };
            if let Some(first) = seen.get(&dir) {
                let line = self.span(first.clone()).line;
                self.problem(
                    Some(key.span()),
                    format!("section `{dir}` is declared twice"),
                    "duplicate",
                    Some(format!("it is first declared on line {line}; merge the two tables")),
                );
                continue;
            }
            seen.insert(dir.clone(), key.span());
            let max_pages = r.max_pages.as_ref().and_then(|m| {
                if let Ok(n) = usize::try_from(*m.get_ref()) {
                    Some((n, self.span(m.span())))
                } else {
                    self.problem(Some(m.span()), "`max-pages` must not be negative", "here", None);
                    None
                }
            });
            let content_type = r.content_type.as_ref().and_then(|t| self.content_type(s, t));
            let slug = r.slug.as_ref().and_then(|v| self.slug_style(v));
            s.sections.push(Section {
                dir,
                title: r.title.as_ref().map(|t| t.get_ref().clone()),
                max_pages,
                content_type,
                links_to: None,
                slug,
                pages: None,
                span: self.span(key.span()),
            });
        }
        s.sections.sort_by(|a, b| a.dir.cmp(&b.dir));
        s.section_dirs = s.sections.iter().enumerate().map(|(i, sec)| (sec.dir.clone(), i)).collect();
        // links-to names sections: check once all are known.
        for (key, r) in raw {
            let Some(links) = &r.links_to else { continue };
            let Ok(dir) = normalize(key.get_ref()) else { continue };
            let dir = dir.trim_end_matches('/').to_owned();
            let mut names = Vec::new();
            for l in links {
                let name = l.get_ref().trim_end_matches('/');
                if s.section_named(name).is_some() {
                    names.push(name.to_owned());
                } else {
                    let help = closest(name, s.sections.iter().map(|s| s.dir.as_str()))
                        .map_or_else(|| "`links-to` names sections declared in this manifest".to_owned(), |n| format!("did you mean `{n}`?"));
                    self.problem(Some(l.span()), format!("`links-to` names `{name}`, which is not a section"), "no such section", Some(help));
                }
            }
            if let Some(i) = s.section_named(&dir) {
                s.sections[i].links_to = Some(names);
            }
        }
    }

    fn root_pages(&mut self, s: &mut Settings, raw: &raw::RawDocs) {
        if let Some(pages) = &raw.pages {
            s.root_pages = Some(self.entries(s, None, pages));
        }
    }

    fn section_pages(&mut self, s: &mut Settings, key: &Spanned<String>, raw: &raw::RawSection) {
        let Some(pages) = &raw.pages else { return };
        let Ok(dir) = normalize(key.get_ref()) else { return };
        let Some(i) = s.section_named(dir.trim_end_matches('/')) else { return };
        let entries = self.entries(s, Some(i), pages);
        s.sections[i].pages = Some(entries);
    }

    /// Reads a `pages` table of section `section` (or of `[docs]`).
    fn entries(&mut self, s: &Settings, section: Option<usize>, pages: &indexmap::IndexMap<String, Spanned<raw::RawEntry>>) -> PageEntries {
        let base = section.map_or("", |i| s.sections[i].dir.as_str()).to_owned();
        let owner = section.map_or_else(|| "[docs] pages".to_owned(), |i| format!("section `{}`", s.sections[i].dir));
        let mut out = PageEntries::default();
        out.exact.reserve(pages.len());
        let mut seen: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
        for (pattern, entry) in pages {
            let span = self.key_span(pattern, &entry.span());
            let entry = entry.get_ref().clone().with_span(&entry.span());
            let rel = match normalize(pattern) {
                Ok(p) if !p.is_empty() && !p.ends_with('/') => p,
                Ok(_) => {
                    self.problem(
                        Some(span),
                        format!("page entry `{pattern}` names a directory"),
                        "not a page",
                        Some("name pages with their extension, or a glob like `dir/*.md`".to_owned()),
                    );
                    continue;
                }
                Err(why) => {
                    self.problem(
                        Some(span),
                        format!("page entry `{pattern}`: {why}"),
                        "here",
                        Some(format!("entries are relative to the {owner}'s directory")),
                    );
                    continue;
                }
            };
            let path = if base.is_empty() { rel.clone() } else { format!("{base}/{rel}") };
            if let Some(line) = seen.get(&path) {
                self.problem(
                    Some(span.clone()),
                    format!("page `{path}` is declared twice in {owner}"),
                    "duplicate",
                    Some(format!("it is first declared on line {line}; delete one entry")),
                );
                continue;
            }
            let entry_span = self.span(span.clone());
            seen.insert(path.clone(), entry_span.line);
            // An entry must not lie inside a nested section: that section's table owns it. The
            // deepest section holding the path, found through its ancestors (a pass over every
            // section per entry was quadratic in a manifest that lists every page).
            let nested =
                s.sections_containing(&path).find(|&j| Some(j) != section && (base.is_empty() || is_under(&s.sections[j].dir, &base))).map(|j| &s.sections[j]);
            if let Some(sec) = nested {
                let inner = path.strip_prefix(&format!("{}/", sec.dir)).unwrap_or(&path);
                self.problem(
                    Some(span.clone()),
                    format!("page entry `{pattern}` lies inside the nested section `{}`", sec.dir),
                    "belongs to another section",
                    Some(format!("move it to [sections.\"{}\"] as \"{inner}\"", sec.dir)),
                );
                continue;
            }
            let ty = entry.ty.as_ref().and_then(|t| self.content_type(s, t));
            let planned = match &entry.status {
                None => false,
                Some(st) if st.get_ref() == "planned" => true,
                Some(st) if st.get_ref() == "existing" => false,
                Some(st) => {
                    self.unknown_name(st, "status", &["planned", "existing"]);
                    false
                }
            };
            let is_glob = path.contains(['*', '?', '[', '{']);
            let glob = if is_glob {
                match self.glob(&Spanned::new(span.clone(), path.clone()), "a page entry") {
                    Some(g) => Some(glob::PageGlob::new(&g)),
                    None => continue,
                }
            } else {
                None
            };
            out.push(PageEntry { pattern: pattern.clone(), path, glob, ty, planned, span: entry_span });
        }
        out
    }

    fn topic(&mut self, s: &mut Settings, key: &Spanned<String>, raw: raw::RawTopic) {
        let mut owners = Vec::new();
        for o in raw.owner.get_ref().to_vec() {
            let name = o.trim_end_matches('/').to_owned();
            if s.section_named(&name).is_some() {
                owners.push(name);
            } else {
                let help = closest(&name, s.sections.iter().map(|s| s.dir.as_str()))
                    .map_or_else(|| "`owner` names sections declared in this manifest".to_owned(), |n| format!("did you mean `{n}`?"));
                self.problem(
                    Some(raw.owner.span()),
                    format!("topic `{}` is owned by `{name}`, which is not a section", key.get_ref()),
                    "no such section",
                    Some(help),
                );
            }
        }
        let mut matches = Vec::new();
        for m in &raw.matches {
            match regex::Regex::new(m.get_ref()) {
                Ok(r) => matches.push(r),
                Err(e) => {
                    let detail = e.to_string();
                    let last = detail.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("").trim().to_owned();
                    self.problem(
                        Some(m.span()),
                        format!("invalid regex in topic `{}`: {last}", key.get_ref()),
                        "invalid regex",
                        Some("regexes use Rust regex syntax; write them in single quotes ('…') so backslashes stay literal".to_owned()),
                    );
                }
            }
        }
        let pages = raw.pages.iter().filter_map(|p| self.path_value(p, "topic page")).collect();
        let allow = raw.allow.iter().filter_map(|p| self.path_value(p, "topic allow entry")).collect();
        s.topics.push(Topic {
            name: key.get_ref().clone(),
            title: raw.title.map(Spanned::into_inner),
            owners,
            pages,
            matches,
            allow,
            span: self.span(key.span()),
        });
    }

    fn path_value(&mut self, p: &Spanned<String>, what: &str) -> Option<String> {
        match normalize(p.get_ref()) {
            Ok(n) => Some(n),
            Err(why) => {
                self.problem(Some(p.span()), format!("{what} `{}`: {why}", p.get_ref()), "here", Some("paths are relative to `root`".to_owned()));
                None
            }
        }
    }

    fn moved(&mut self, s: &mut Settings, value: &Val<'_>, raw: &raw::RawMove) {
        let Some(from) = self.path_value(&raw.from, "moved.from") else { return };
        let (to, fragment) = match &raw.to {
            Some(t) => {
                let (path, frag) = t.get_ref().split_once('#').map_or((t.get_ref().as_str(), None), |(p, f)| (p, Some(f.to_owned())));
                match normalize(path) {
                    Ok(p) => (Some(p), frag),
                    Err(why) => {
                        self.problem(Some(t.span()), format!("moved.to `{}`: {why}", t.get_ref()), "here", Some("paths are relative to `root`".to_owned()));
                        return;
                    }
                }
            }
            None => (None, None),
        };
        if let Some(to) = &to {
            if from.ends_with('/') != to.ends_with('/') {
                let t = raw.to.as_ref().map(Spanned::span);
                self.problem(
                    t,
                    "a directory move needs a directory on both sides",
                    "here",
                    Some("end both `from` and `to` with `/` to move a directory, or neither to move a page".to_owned()),
                );
                return;
            }
        }
        if let Some(prev) = s.move_from(&from) {
            let line = prev.span.line;
            self.problem(
                Some(raw.from.span()),
                format!("`{from}` is moved twice"),
                "duplicate",
                Some(format!("the first [[moved]] for it is on line {line}; delete one")),
            );
            return;
        }
        // A moved page must not still be declared.
        if !from.ends_with('/') {
            let (_, entries) = s.entries_for(&from);
            if let Some(e) = entries.and_then(|e| e.exact(&from)) {
                let line = e.span.line;
                self.problem(
                    Some(raw.from.span()),
                    format!("`{from}` is moved but still declared as a page"),
                    "declared on line {line}",
                    Some(format!("delete the entry on line {line}: a moved page is no longer part of the plan")),
                );
            }
        }
        // Whether an entry allows `to` is checked once every move is known (`check_moves`):
        // in a chain a→b→c, b need not be allowed.
        let to_span = raw.to.as_ref().map(|t| self.span(t.span()));
        s.push_move(Move { from, to, fragment, span: self.span(value.span()), to_span });
    }

    /// Every `to` must be allowed by an entry, unless it moves on (a chain); chains must end:
    /// a→b→a is a loop.
    fn check_moves(&mut self, s: &Settings) {
        for m in &s.moves {
            if let Some(to) = &m.to {
                let chained = s.first_move(to).is_some();
                let ok = chained || if to.ends_with('/') { to_dir_allowed(s, to) } else { s.allowed(to).is_some() };
                if !ok {
                    let (sec, _) = s.entries_for(to);
                    let home = sec.map_or_else(|| "[docs] pages".to_owned(), |i| format!("[sections.\"{}\"] pages", s.sections[i].dir));
                    self.problem(
                        m.to_span.as_ref().map(|sp| sp.bytes.clone()),
                        format!("`{to}` is the destination of a move, but no entry allows it"),
                        "not allowed",
                        Some(format!("declare it under {home}")),
                    );
                }
            }
            let mut current = m.to.clone();
            let mut visited = BTreeSet::from([m.from.clone()]);
            while let Some(c) = current {
                if !visited.insert(c.clone()) {
                    self.problem(
                        Some(m.span.bytes.clone()),
                        format!("moves form a loop through `{}`", m.from),
                        "loop",
                        Some("a chain of [[moved]] entries must end at a page that stays".to_owned()),
                    );
                    break;
                }
                current = s.first_move(&c).and_then(|n| s.moves[n].apply(&c)).flatten();
            }
        }
    }

    fn duplicates(&mut self, s: &mut Settings, raw: raw::RawDuplicates) {
        let d = &mut s.duplicates;
        if let Some(t) = raw.threshold {
            if (0.0..=1.0).contains(t.get_ref()) {
                d.threshold = *t.get_ref();
            } else {
                self.problem(
                    Some(t.span()),
                    "`threshold` must be between 0 and 1",
                    "here",
                    Some("0.7 reports pages that share 70% of their 3-word shingles".to_owned()),
                );
            }
        }
        let count = |v: Option<Spanned<i64>>, name: &str, slot: &mut usize, problems: &mut Self| {
            if let Some(v) = v {
                match usize::try_from(*v.get_ref()) {
                    Ok(n) if n > 0 => *slot = n,
                    _ => problems.problem(Some(v.span()), format!("`{name}` must be a positive number"), "here", None),
                }
            }
        };
        let (mut mw, mut mpw, mut bp) = (d.min_words, d.min_passage_words, d.boilerplate_pages);
        count(raw.min_words, "min-words", &mut mw, self);
        count(raw.min_passage_words, "min-passage-words", &mut mpw, self);
        count(raw.boilerplate_pages, "boilerplate-pages", &mut bp, self);
        let d = &mut s.duplicates;
        (d.min_words, d.min_passage_words, d.boilerplate_pages) = (mw, mpw, bp);
        if let Some(scope) = raw.scope {
            match scope.get_ref().as_str() {
                "cross-section" => s.duplicates.scope = DuplicateScope::CrossSection,
                "all" => s.duplicates.scope = DuplicateScope::All,
                _ => self.unknown_name(&scope, "duplicates scope", &["cross-section", "all"]),
            }
        }
    }

    fn levels(&mut self, raw: &indexmap::IndexMap<String, Spanned<String>>, _table: &Val<'_>) -> BTreeMap<RuleId, Level> {
        let mut out = BTreeMap::new();
        for (name, level) in raw {
            let key = self.key_span(name, &level.span());
            let Some(rule) = RuleId::parse(name) else {
                let help = RuleId::suggest(name).map_or_else(|| "`doclint rules` lists every rule id".to_owned(), |n| format!("did you mean `{n}`?"));
                self.problem(Some(key), format!("unknown rule `{name}`"), "no such rule", Some(help));
                continue;
            };
            match Level::parse(level.get_ref()) {
                Some(l) => {
                    out.insert(rule, l);
                }
                None => self.unknown_name(level, "severity", Level::NAMES),
            }
        }
        out
    }

    fn override_entry(&mut self, s: &mut Settings, raw: &raw::RawOverride) {
        let paths = self.globset(raw.paths.iter(), "overrides.paths");
        let mut rules = BTreeMap::new();
        for (name, level) in &raw.rules {
            let key = self.key_span(name, &level.span());
            let Some(rule) = RuleId::parse(name) else {
                let help = RuleId::suggest(name).map_or_else(|| "`doclint rules` lists every rule id".to_owned(), |n| format!("did you mean `{n}`?"));
                self.problem(Some(key), format!("unknown rule `{name}`"), "no such rule", Some(help));
                continue;
            };
            match Level::parse(level.get_ref()) {
                Some(l) => {
                    rules.insert(rule, l);
                }
                None => self.unknown_name(level, "severity", Level::NAMES),
            }
        }
        s.overrides.push(Override { paths, rules });
    }
}

/// Whether every page moved into directory `to` could be allowed: the directory lies in a
/// section, or root pages are open.
fn to_dir_allowed(s: &Settings, to: &str) -> bool {
    let probe = format!("{to}x.md");
    s.section_of(&probe).is_some() || s.allowed(&probe).is_some() || s.root_pages.as_ref().is_some_and(|e| e.all().any(|e| e.path.starts_with(to)))
}

/// Normalizes a relative manifest path: `/` separators, no `.` components, `..` resolved
/// without leaving the base; a trailing `/` is kept.
pub fn normalize(path: &str) -> Result<String, String> {
    if path.starts_with('/') || path.contains('\\') || path.get(1..2) == Some(":") {
        return Err("must be a relative path with `/` separators".to_owned());
    }
    let trailing = path.ends_with('/') && !path.trim_end_matches('/').is_empty();
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("leaves the project directory".to_owned());
                }
            }
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    if trailing && !out.is_empty() {
        out.push('/');
    }
    Ok(out)
}

/// Removes the key whose span is `span` anywhere in `value`. True when found.
fn remove_key(value: &mut Val<'_>, span: &Range<usize>) -> bool {
    match value.get_mut() {
        DeValue::Table(t) => {
            let found = t.iter().find(|(k, _)| k.span() == *span).map(|(k, _)| k.get_ref().to_string());
            if let Some(name) = found {
                t.remove(name.as_str());
                return true;
            }
            t.iter_mut().any(|(_, v)| remove_key(v, span))
        }
        DeValue::Array(a) => a.iter_mut().any(|v| remove_key(v, span)),
        _ => false,
    }
}

/// The names between backticks in a serde message.
fn backticked(message: &str) -> Vec<String> {
    message.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}
