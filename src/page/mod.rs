//! The page model: everything rules need to know about one Markdown file, computed once in
//! the parallel parse phase so that no rule parses again.

pub mod frontmatter;
pub mod markdown;
pub mod myst;
pub mod slug;

use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::diagnostic::Span;
use crate::text::LineIndex;

pub use frontmatter::FrontMatter;
pub use slug::SlugStyle;

/// A parsed page.
#[derive(Debug)]
pub struct Page {
    /// Path relative to the docs root, with `/`.
    pub path: String,
    /// Path relative to the project directory, with `/` (what findings print).
    pub project_path: String,
    /// The text without a leading BOM ([`Page::text`]): kept from the parse, or read again on
    /// first use once [`Page::release_text`] let it go.
    text: OnceLock<String>,
    /// The docs root to read the text again from, once it has been released.
    reread_from: Option<Arc<Path>>,
    /// Whether the file started with a UTF-8 BOM (kept by `--fix`).
    pub bom: bool,
    /// Line starts, computed on first use: most pages never need a line number.
    lines: OnceLock<LineIndex>,
    pub front_matter: FrontMatter,
    /// The first level-1 heading's text, kept only when the front matter has no `title`
    /// ([`Page::title`]; a copy of the front-matter title was an allocation per page).
    h1_title: Option<String>,
    /// The slug style the page's heading anchors were made with (what [`Page::headings`] and
    /// [`Page::anchors`] extract them again with).
    slug: SlugStyle,
    /// [`anchor_hash`] of each of [`Page::anchors`], sorted: what link checking looks fragments
    /// up in (a few contiguous integers instead of a string per probe, each in its own
    /// allocation). Headings are not kept (they were a sixth of peak memory at 100k pages);
    /// the anchor strings only with the text, for suggestions and other slow paths.
    pub anchor_hashes: Vec<u64>,
    /// [`anchor_hash`] of each anchor with an ASCII capital, lower-cased, sorted: with
    /// `anchor_hashes`, what a fragment that differs from an anchor only in case is looked up
    /// in. Nearly always empty.
    pub folded_anchor_hashes: Vec<u64>,
    /// Where the first level-1 heading is written (what a title from it points at).
    pub h1_span: Option<Range<usize>>,
    /// [`Page::anchors`], kept with the text and let go with it: a small tree keeps both, and
    /// its suggestions need not parse pages again (a large page took 1.5M instructions).
    kept_anchors: Option<Vec<String>>,
    /// `MyST` `(label)=` targets and other tree-wide labels defined in this page.
    pub labels: Vec<Label>,
    /// Every outgoing reference, in source order.
    pub references: References,
    /// Suppression comments (`<!-- doclint-disable… -->`).
    pub suppressions: Vec<Suppression>,
    /// How many prose words the page has (see [`Page::words`]).
    pub word_count: usize,
}

impl Page {
    /// Title per contract §2: front-matter `title`, else the first level-1 heading.
    #[must_use]
    pub fn title(&self) -> Option<&str> {
        self.front_matter.title.as_deref().or(self.h1_title.as_deref())
    }

    /// The text without a leading BOM. After [`Page::release_text`], the first call reads the
    /// file again (decoded as the walk decoded it); a file that can no longer be read gives an
    /// empty text, on which every span clamps to the start.
    #[must_use]
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| {
            let Some(root) = &self.reread_from else { return String::new() };
            std::fs::read(root.join(&self.path)).ok().and_then(|bytes| crate::text::decode(bytes).ok()).map(|(text, _)| text).unwrap_or_default()
        })
    }

    /// The text exactly as it was parsed, when it was kept (what `--fix` edits: a text read
    /// again may differ from what the spans were computed on).
    #[must_use]
    pub fn parsed_text(&self) -> Option<&str> {
        if self.reread_from.is_some() { None } else { self.text.get().map(String::as_str) }
    }

    /// Lets the text (and the anchors kept with it) go; [`Page::text`] reads it again from
    /// `root` when asked. Why and when: `workspace::KEEP_TEXTS_UP_TO`.
    pub fn release_text(&mut self, root: Arc<Path>) {
        self.text.take();
        self.kept_anchors = None;
        self.reread_from = Some(root);
    }

    /// A span of this page from a byte range.
    #[must_use]
    pub fn span(&self, bytes: Range<usize>) -> Span {
        Span::new(self.lines(), self.text(), bytes)
    }

    /// The page's line index (built on first use).
    #[must_use]
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text()))
    }

    /// Every fragment that resolves in this page: heading slugs (per the page's slug style),
    /// explicit ids, HTML ids and names, `(label)=` targets. Sorted, deduplicated. Kept with
    /// the text, else extracted again on each call: only slow paths (fuzzy matching,
    /// suggestions) need the strings.
    #[must_use]
    pub fn anchors(&self) -> Vec<String> {
        self.kept_anchors.clone().unwrap_or_else(|| self.anchors_extracted_again())
    }

    /// [`Page::anchors`] of a page that let go of them.
    fn anchors_extracted_again(&self) -> Vec<String> {
        let again = self.extract_again(self.slug, markdown::Words::Skip);
        sorted_anchors(all_anchors(&again.headings, &again.labels, &again.anchors).map(str::to_owned).collect())
    }

    /// The page's headings, extracted again (see [`Page::anchors`]).
    #[must_use]
    pub fn headings(&self) -> Vec<Heading> {
        self.extract_again(self.slug, markdown::Words::Skip).headings
    }

    /// The page parsed again from its text. Extraction depends only on the text, where the
    /// body starts and the slug style, so this gives what the parse saw.
    fn extract_again(&self, slug: SlugStyle, words: markdown::Words) -> markdown::Extracted {
        let opts = ParseOptions { slug, content_type_key: String::new(), nav: false, duplicates: None };
        markdown::extract_with(self.text(), self.front_matter.body_start, &opts, words)
    }

    /// The file name without its extension.
    #[must_use]
    pub fn stem(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    }

    /// Prose words outside code, front matter, HTML comments and link destinations, in order,
    /// as byte ranges into `text`. Extracted again on each call: the parse phase hashes them
    /// for duplicate detection and keeps only the count, since a 100k-page tree has some 40
    /// million words and only pages sharing passages ever need them again. Word extraction
    /// does not depend on the parse options, so this gives exactly the words the parse saw.
    #[must_use]
    pub fn words(&self) -> Vec<WordSpan> {
        self.extract_again(SlugStyle::Github, markdown::Words::Spans).words.iter().filter_map(WordSpan::new).collect()
    }
}

/// A word's byte range in a page, in 8 bytes (pages are capped well below 4 GiB by
/// `max-page-bytes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordSpan {
    start: u32,
    end: u32,
}

impl WordSpan {
    /// `None` when the range does not fit in 32 bits.
    #[must_use]
    pub fn new(range: &Range<usize>) -> Option<Self> {
        Some(Self { start: u32::try_from(range.start).ok()?, end: u32::try_from(range.end).ok()? })
    }

    #[must_use]
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A heading with its plain text and the anchor it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    /// Plain text: markup stripped, code text kept, whitespace collapsed.
    pub text: String,
    /// Explicit id (`{#id}`, `{ #id }`), if written.
    pub id: Option<String>,
    /// The anchor the page's slug style gives this heading (explicit id wins).
    pub anchor: String,
    pub span: Range<usize>,
}

/// A `(label)=` target (or another tree-wide label).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub name: String,
    pub span: Range<usize>,
}

/// How a reference was written; decides how it resolves and what `links-to` governs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefKind {
    /// `[text](dest)`, `[text][label]` with its definition, `<dest>` autolinks.
    Link,
    /// `![alt](src)`.
    Image,
    /// A reference definition `[label]: dest` (checked even when unused).
    Definition,
    /// Raw HTML `href`.
    HtmlHref,
    /// Raw HTML `src`.
    HtmlSrc,
    /// `[text][label]` whose label has no definition.
    UndefinedReference,
    /// `MyST` `{doc}` role: a docname, relative or `/`-rooted, usually without extension.
    DocRole,
    /// `MyST` `{ref}` role: a label name.
    RefRole,
    /// A `{toctree}` entry: a docname.
    Toctree,
    /// A sphinx-design `:link:` option with `:link-type: doc`.
    CardDoc,
    /// A sphinx-design `:link:` option with `:link-type: ref`.
    CardRef,
    /// A sphinx-design `:link:` option with `:link-type: url` (or none): a URL or path.
    CardUrl,
    /// An entry of a nav file (mdBook `SUMMARY.md`, …).
    Nav,
}

impl RefKind {
    /// Images and `src` attributes point at assets, not pages: `links-to` ignores them.
    #[must_use]
    pub const fn is_asset(self) -> bool {
        matches!(self, Self::Image | Self::HtmlSrc)
    }

    /// References that name a label rather than a path.
    #[must_use]
    pub const fn is_label(self) -> bool {
        matches!(self, Self::RefRole | Self::CardRef)
    }

    /// References that count for reachability with `orphans = "nav"`.
    #[must_use]
    pub const fn is_nav(self) -> bool {
        matches!(self, Self::Toctree | Self::Nav)
    }
}

/// One outgoing reference, as [`References`] hands it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference<'p> {
    pub kind: RefKind,
    /// The destination exactly as written (for roles: the target inside `<…>` or the whole
    /// role content; for toctree entries: the docname).
    pub dest: &'p str,
    /// Byte range of the destination in the page text (what `--fix` replaces).
    pub span: Range<usize>,
    /// For toctree entries with `:glob:`: the entry is a pattern.
    pub glob: bool,
}

/// A page's outgoing references, in source order. Their destinations share one string: a
/// string each was a million allocations at 100k pages, and a 40-byte reference with two
/// `usize` ranges is 20 bytes with `u32` ones (page texts are capped below 4 GiB by
/// `max-page-bytes`; a longer text given to [`parse`] directly has its far spans clamped).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct References {
    entries: Box<[StoredReference]>,
    dests: Box<str>,
}

/// A [`Reference`] as stored: its destination is a range of [`References::dests`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct StoredReference {
    kind: RefKind,
    glob: bool,
    dest: [u32; 2],
    span: [u32; 2],
}

impl References {
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Reference `i` (what a resolved target's position names).
    ///
    /// # Panics
    /// When `i` is out of range, as indexing a slice does.
    #[must_use]
    pub fn at(&self, i: usize) -> Reference<'_> {
        self.entries[i].view(&self.dests)
    }

    #[must_use]
    pub fn iter(&self) -> ReferencesIter<'_> {
        ReferencesIter { entries: self.entries.iter(), dests: &self.dests }
    }
}

impl<'r> IntoIterator for &'r References {
    type Item = Reference<'r>;
    type IntoIter = ReferencesIter<'r>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// [`References::iter`].
#[derive(Debug, Clone)]
pub struct ReferencesIter<'r> {
    entries: std::slice::Iter<'r, StoredReference>,
    dests: &'r str,
}

impl<'r> Iterator for ReferencesIter<'r> {
    type Item = Reference<'r>;

    fn next(&mut self) -> Option<Reference<'r>> {
        self.entries.next().map(|e| e.view(self.dests))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }
}

impl ExactSizeIterator for ReferencesIter<'_> {}

impl StoredReference {
    fn view(self, dests: &str) -> Reference<'_> {
        let [from, to] = self.dest.map(|b| b as usize);
        Reference { kind: self.kind, dest: dests.get(from..to).unwrap_or_default(), span: self.span[0] as usize..self.span[1] as usize, glob: self.glob }
    }
}

/// Collects a page's references (the parse keeps one per thread, so that its buffers keep
/// their capacity from page to page), then makes exact-size [`References`] of them.
#[derive(Debug, Default)]
pub(crate) struct ReferencesBuilder {
    entries: Vec<StoredReference>,
    dests: String,
}

/// A byte offset as stored (see [`References`]).
fn offset32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

impl ReferencesBuilder {
    /// Adds a reference at the end.
    pub(crate) fn push(&mut self, kind: RefKind, dest: &str, span: &Range<usize>, glob: bool) {
        let from = offset32(self.dests.len());
        self.dests.push_str(dest);
        self.entries.push(StoredReference { kind, glob, dest: [from, offset32(self.dests.len())], span: [offset32(span.start), offset32(span.end)] });
    }

    /// Puts the references in source order (stable: equal starts keep their order).
    pub(crate) fn sort_by_start(&mut self) {
        self.entries.sort_by_key(|e| e.span[0]);
    }

    /// Applies `fix` to every span.
    pub(crate) fn fix_spans(&mut self, mut fix: impl FnMut(&mut Range<usize>)) {
        for e in &mut self.entries {
            let mut span = e.span[0] as usize..e.span[1] as usize;
            fix(&mut span);
            e.span = [offset32(span.start), offset32(span.end)];
        }
    }

    /// Exact-size copies of what was collected; the builder is left empty, capacity kept.
    pub(crate) fn finish(&mut self) -> References {
        let refs = References { entries: self.entries.as_slice().into(), dests: self.dests.as_str().into() };
        self.entries.clear();
        self.dests.clear();
        refs
    }
}

/// A suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub kind: SuppressionKind,
    /// Rule ids as written; empty means every rule.
    pub rules: Vec<(String, Range<usize>)>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuppressionKind {
    NextLine,
    Disable,
    Enable,
    File,
}

/// The hash anchors are looked up by: exact bytes, well mixed (64 bits: a false match between
/// a page's handful of anchors and a fragment has odds of about 2^-61).
#[must_use]
pub fn anchor_hash(anchor: &str) -> u64 {
    crate::duplicates::bytes_hash(anchor.as_bytes())
}

/// Every anchor of a page, unsorted and with repeats.
fn all_anchors<'p>(headings: &'p [Heading], labels: &'p [Label], others: &'p [String]) -> impl Iterator<Item = &'p str> {
    let headings = headings.iter().map(|h| h.anchor.as_str());
    let labels = labels.iter().map(|l| l.name.as_str());
    headings.chain(labels).chain(others.iter().map(String::as_str))
}

/// Anchors sorted and deduplicated.
fn sorted_anchors(mut anchors: Vec<String>) -> Vec<String> {
    anchors.sort_unstable();
    anchors.dedup();
    anchors
}

/// [`anchor_hash`] of each anchor that has an ASCII capital, ASCII-lower-cased; sorted.
fn folded_anchor_hashes(headings: &[Heading], labels: &[Label], others: &[String]) -> Vec<u64> {
    let has_capital = |a: &str| a.bytes().any(|b| b.is_ascii_uppercase());
    // Every slug style lower-cases: only explicit ids, labels and HTML ids can have capitals.
    debug_assert!(headings.iter().filter(|h| h.id.is_none()).all(|h| !has_capital(&h.anchor)), "{headings:?}");
    let written = headings.iter().filter(|h| h.id.is_some()).map(|h| h.anchor.as_str());
    let written = written.chain(labels.iter().map(|l| l.name.as_str())).chain(others.iter().map(String::as_str));
    let mut hashes: Vec<u64> = written.filter(|a| has_capital(a)).map(|a| anchor_hash(&a.to_ascii_lowercase())).collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// [`anchor_hash`] of each distinct anchor, sorted.
fn anchor_hashes(headings: &[Heading], labels: &[Label], others: &[String]) -> Vec<u64> {
    // Equal anchors have equal hashes, so deduplicating the hashes deduplicates the anchors.
    let mut hashes: Vec<u64> = all_anchors(headings, labels, others).map(anchor_hash).collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// Options that decide how a page is parsed.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    pub slug: SlugStyle,
    pub content_type_key: String,
    /// Whether the file is an mdBook-style nav file whose links are `Nav` references.
    pub nav: bool,
    /// Compute the duplicate sketch with these settings (when a duplicate rule runs): the
    /// word hashes are made while the page is in cache and never stored.
    pub duplicates: Option<crate::manifest::DuplicateSettings>,
}

/// Parses one page. Never fails: broken front matter is recorded on [`FrontMatter::error`].
#[must_use]
pub fn parse(path: String, project_path: String, text: String, bom: bool, opts: &ParseOptions) -> Page {
    parse_sketched(path, project_path, text, bom, opts, None).0
}

/// [`parse`], with the page's duplicate sketch when [`ParseOptions::duplicates`] asks for one
/// (the workspace keeps sketches beside the pages, not in them: every pass over the pages
/// would carry them through the cache). With `release`, [`Page::release_text`] at once:
/// nothing kept with the text is built.
#[must_use]
pub fn parse_sketched(
    path: String,
    project_path: String,
    text: String,
    bom: bool,
    opts: &ParseOptions,
    release: Option<Arc<Path>>,
) -> (Page, Option<crate::duplicates::Sketch>) {
    let front_matter = frontmatter::parse(&text, &opts.content_type_key);
    let body_start = front_matter.body_start;
    let mode = if opts.duplicates.is_some() { markdown::Words::Hashes } else { markdown::Words::Count };
    let mut extracted = markdown::extract_with(&text, body_start, opts, mode);
    let h1_title = if front_matter.title.is_some() { None } else { extracted.title.take() };
    let anchor_hashes = anchor_hashes(&extracted.headings, &extracted.labels, &extracted.anchors);
    let folded_anchor_hashes = folded_anchor_hashes(&extracted.headings, &extracted.labels, &extracted.anchors);
    let h1_span = extracted.headings.iter().find(|h| h.level == 1).map(|h| h.span.clone());
    // The heading anchors move out (no copies); the headings' vector goes back to the thread.
    let kept_anchors = release.is_none().then(|| {
        let headings = extracted.headings.iter_mut().map(|h| std::mem::take(&mut h.anchor));
        sorted_anchors(headings.chain(extracted.labels.iter().map(|l| l.name.clone())).chain(extracted.anchors.drain(..)).collect())
    });
    let sketch = opts.duplicates.as_ref().map(|d| crate::duplicates::Sketch::of(&extracted.word_hashes, d));
    markdown::recycle_word_hashes(extracted.word_hashes);
    markdown::recycle_headings(extracted.headings);
    let mut page = Page {
        path,
        project_path,
        text: OnceLock::from(text),
        reread_from: None,
        bom,
        lines: OnceLock::new(),
        front_matter,
        h1_title,
        slug: opts.slug,
        anchor_hashes,
        folded_anchor_hashes,
        h1_span,
        kept_anchors,
        labels: extracted.labels,
        references: extracted.references,
        suppressions: extracted.suppressions,
        word_count: extracted.word_count,
    };
    if let Some(root) = release {
        page.release_text(root);
    }
    (page, sketch)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What slow paths extract again is what the parse hashed, for every slug style and
    /// whatever the text (duplicate headings, explicit ids, labels, HTML ids, front matter).
    #[test]
    fn anchors_extracted_again_match_the_parsed_hashes() {
        use proptest::prelude::*;
        let piece = prop::sample::select(vec![
            "# Intro\n",
            "## Intro\n",
            "## Set-up & run {#setup}\n",
            "### Étape 2\n",
            "(my-label)=\n",
            "<a id=\"raw\"></a>\n",
            "<h2 name=\"n\">x</h2>\n",
            "Text[^1].\n\n[^1]: note\n",
            "Para {#para-id}\n",
            "```\n# not a heading\n```\n",
            "---\ntitle: T\n---\n",
            "Setext\n======\n",
            "> # quoted\n",
            "- ## in a list\n",
            "\n",
        ]);
        let styles = [SlugStyle::Github, SlugStyle::Mkdocs, SlugStyle::Myst, SlugStyle::Gitlab];
        proptest!(ProptestConfig::with_cases(500), |(pieces in prop::collection::vec(piece, 0..12), style in 0..4usize)| {
            let text: String = pieces.concat();
            let opts = ParseOptions { slug: styles[style], content_type_key: "content_type".into(), nav: false, duplicates: None };
            let page = parse("a.md".into(), "docs/a.md".into(), text, false, &opts);
            for anchors in [page.anchors(), page.anchors_extracted_again()] {
                let mut again: Vec<u64> = anchors.iter().map(|a| anchor_hash(a)).collect();
                again.sort_unstable();
                again.dedup();
                prop_assert_eq!(again, page.anchor_hashes.clone());
            }
            prop_assert_eq!(page.anchors(), page.anchors_extracted_again());
            prop_assert_eq!(page.headings().len(), markdown::extract(page.text(), page.front_matter.body_start, &opts).headings.len());
        });
    }
}
