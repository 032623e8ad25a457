//! Reference, heading and word extraction from the pulldown-cmark event stream.
//!
//! One pass over the events of the page body (with source offsets) collects everything rules
//! need. Structure always comes from the parser, never from pattern matching on raw Markdown;
//! the only raw-text scanning is on single, already-located pieces (a link's destination, an
//! HTML tag, a directive's option lines).
//!
//! `MyST` directives are fenced code blocks to `CommonMark`. The body of a content directive
//! (`{note}`, `{card}`, …) is re-parsed as Markdown on its own; an [`OffsetMap`] maps offsets
//! in that body back to the file, so every span returned is a byte range of the full file.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{BrokenLink, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::myst::{self, DirectiveClass, DirectiveInfo};
use super::slug::Slugger;
use super::{Heading, Label, ParseOptions, RefKind, References, ReferencesBuilder, Suppression, SuppressionKind};

/// Directives nest (a `{card}` in a `{grid}` in a `{tab-item}`); real pages need a handful of
/// levels, and the cap bounds the work a hostile page can cause.
const MAX_DIRECTIVE_DEPTH: usize = 16;

/// What one pass over a page's Markdown yields.
#[derive(Debug, Default)]
pub struct Extracted {
    pub title: Option<String>,
    pub headings: Vec<Heading>,
    /// Anchors that are neither a heading's (those are on [`Heading::anchor`]) nor labels:
    /// HTML ids and names, attribute-list ids, footnotes.
    pub anchors: Vec<String>,
    pub labels: Vec<Label>,
    pub references: References,
    pub suppressions: Vec<Suppression>,
    /// Word spans, in order ([`Words::Spans`] only).
    pub words: Vec<Range<usize>>,
    /// Word hashes for duplicate detection, in order ([`Words::Hashes`] only).
    pub word_hashes: Vec<u64>,
    /// How many words, in every mode.
    pub word_count: usize,
}

/// What extraction keeps of the words it finds: a check needs only their hashes (duplicate
/// detection) or their number; their spans are needed again for the few pages that share a
/// passage, and by tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    Spans,
    Hashes,
    Count,
    /// Nothing of the words: a page parsed again for its anchors or headings (the scan of
    /// the words was half of that parse).
    Skip,
}

thread_local! {
    /// A word-hash buffer per thread, handed back by [`recycle_word_hashes`]: grown once to
    /// the longest page instead of doubling its way up for every page.
    static WORD_HASHES: std::cell::Cell<Vec<u64>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Returns [`Extracted::word_hashes`] for the next page parsed on this thread.
pub fn recycle_word_hashes(hashes: Vec<u64>) {
    WORD_HASHES.set(hashes);
}

/// Returns [`Extracted::headings`] (emptied, capacity kept) for the next page parsed on this
/// thread.
pub fn recycle_headings(mut headings: Vec<Heading>) {
    headings.clear();
    HEADINGS.set(headings);
}

thread_local! {
    /// Per thread, the vectors a page's references and headings are collected in. They keep
    /// their capacity from page to page, and each page gets an exact-size copy: growing a
    /// fresh vector per page reallocated it three times (a page has about a dozen links),
    /// and left up to half of it unused for as long as the page is kept.
    static REFERENCES: std::cell::Cell<ReferencesBuilder> = std::cell::Cell::new(ReferencesBuilder::default());
    static HEADINGS: std::cell::Cell<Vec<Heading>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Extracts everything from the body of `text` that starts at `body_start`, with word spans.
#[must_use]
pub fn extract(text: &str, body_start: usize, opts: &ParseOptions) -> Extracted {
    extract_with(text, body_start, opts, Words::Spans)
}

/// [`extract`], keeping of the words what `words` says.
#[must_use]
pub fn extract_with(text: &str, body_start: usize, opts: &ParseOptions, words: Words) -> Extracted {
    let body_start = if text.is_char_boundary(body_start) { body_start } else { 0 };
    let mut collector = Collector::new(opts, words);
    let map = OffsetMap::shifted(body_start);
    let ctx = Ctx { map: &map, base: 0 };
    let body = &text[body_start..];
    // pulldown-cmark does not end lines at a lone `\r` (old Mac files). Replacing each one
    // with `\n` keeps every byte offset, so spans into the copy are spans into the file.
    if has_lone_cr(body) {
        collector.run(&lone_cr_to_lf(body), &ctx, 0);
    } else {
        collector.run(body, &ctx, 0);
    }
    collector.finish(text)
}

fn has_lone_cr(s: &str) -> bool {
    // Vectorised (see `text::decode`): nearly every page has no `\r` at all.
    let bytes = s.as_bytes();
    memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'))
}

fn lone_cr_to_lf(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(if c == '\r' && chars.peek() != Some(&'\n') { '\n' } else { c });
    }
    out
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS | Options::ENABLE_HEADING_ATTRIBUTES
    // Not definition lists: they would turn MyST colon fences and their `:option:` lines into
    // definition lists, and links inside definitions are found either way.
}

/// Maps offsets of a parsed string to offsets of the file, piece by piece. The page body is a
/// single piece; a directive body is one piece per source line it was assembled from.
#[derive(Debug, Clone)]
struct OffsetMap {
    /// Sorted by `local`; the first piece starts at local offset 0.
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    local: usize,
    file: usize,
}

impl OffsetMap {
    fn shifted(by: usize) -> Self {
        Self { pieces: vec![Piece { local: 0, file: by }] }
    }

    fn to_file(&self, local: usize) -> usize {
        if let [only] = self.pieces.as_slice() {
            return only.file + local.saturating_sub(only.local);
        }
        let i = self.pieces.partition_point(|p| p.local <= local).saturating_sub(1);
        self.pieces.get(i).map_or(local, |p| p.file + (local - p.local.min(local)))
    }
}

/// Where the string being parsed lies: offset `x` in it is `base + x` in `map`'s local space.
#[derive(Debug, Clone, Copy)]
struct Ctx<'m> {
    map: &'m OffsetMap,
    base: usize,
}

impl Ctx<'_> {
    fn pos(&self, local: usize) -> usize {
        self.map.to_file(self.base + local)
    }

    /// File range of a local range. The end is mapped from its last byte, so a range ending
    /// at a piece boundary stays in its own piece.
    fn span(&self, local: &Range<usize>) -> Range<usize> {
        let start = self.pos(local.start);
        if local.end <= local.start {
            return start..start;
        }
        start..self.pos(local.end - 1) + 1
    }
}

/// A heading being read.
#[derive(Debug)]
struct OpenHeading {
    level: u8,
    id: Option<String>,
    text: String,
    span: Range<usize>,
}

/// A link or image being read: its destination span is found once its text has ended.
#[derive(Debug)]
struct OpenLink<'s> {
    image: bool,
    link_type: LinkType,
    dest: CowStr<'s>,
    range: Range<usize>,
    /// End of the last event inside the link text: the `](` follows it.
    content_end: usize,
}

/// A code block being read. Only directive bodies are collected.
#[derive(Debug)]
struct OpenCode {
    directive: Option<(String, String)>,
    range: Range<usize>,
    body: String,
    pieces: Vec<Piece>,
}

/// Per-parse state of the event loop.
#[derive(Debug, Default)]
struct Pass<'s> {
    heading: Option<OpenHeading>,
    links: Vec<OpenLink<'s>>,
    /// How many of `links` are images.
    images: usize,
    code: Option<OpenCode>,
    /// Contiguous run of text events not yet scanned for words (pulldown splits text at
    /// characters like `_`, so words and attribute lists are read from whole runs).
    text_run: Option<Range<usize>>,
}

struct Collector<'o> {
    opts: &'o ParseOptions,
    words: Words,
    out: Extracted,
    /// The references found so far (in the order found).
    refs: ReferencesBuilder,
    /// `[x][label]` uses with no definition in their own parse: (normalised label, label as
    /// written, span).
    undefined: Vec<(String, String, Range<usize>)>,
    /// Normalised labels of every reference definition in the page (any parse).
    defined: HashSet<String>,
    /// Whether the page uses mkdocstrings autorefs (see [`is_autoref`]).
    autorefs: bool,
}

impl<'o> Collector<'o> {
    fn new(opts: &'o ParseOptions, words: Words) -> Self {
        let mut out = Extracted { headings: HEADINGS.take(), ..Extracted::default() };
        if words == Words::Hashes {
            out.word_hashes = WORD_HASHES.take();
            out.word_hashes.clear();
        }
        Self { opts, words, out, refs: REFERENCES.take(), undefined: Vec::new(), defined: HashSet::new(), autorefs: false }
    }

    /// Parses `src` (the page body or a directive body) and collects from it.
    fn run(&mut self, src: &str, ctx: &Ctx<'_>, depth: usize) {
        let mut broken: Vec<(Range<usize>, LinkType)> = Vec::new();
        {
            let callback = |link: BrokenLink<'_>| -> Option<(CowStr<'_>, CowStr<'_>)> {
                if matches!(link.link_type, LinkType::Reference | LinkType::Collapsed) {
                    broken.push((link.span, link.link_type));
                }
                None
            };
            let mut events = Parser::new_with_broken_link_callback(src, parser_options(), Some(callback)).into_offset_iter();
            for (label, def) in events.reference_definitions().iter() {
                self.definition(src, ctx, label, &def.dest, &def.span);
            }
            let mut pass = Pass::default();
            for (event, range) in &mut events {
                self.event(&mut pass, src, ctx, depth, event, range);
            }
            self.flush_text(&mut pass, src, ctx);
        }
        broken.sort_by_key(|(span, _)| (span.start, span.end));
        broken.dedup_by_key(|(span, _)| span.clone());
        for (span, link_type) in broken {
            self.undefined_reference(src, ctx, &span, link_type);
        }
    }

    fn event<'s>(&mut self, pass: &mut Pass<'s>, src: &'s str, ctx: &Ctx<'_>, depth: usize, event: Event<'s>, range: Range<usize>) {
        if let Some(code) = &mut pass.code {
            match event {
                Event::Text(text) if code.directive.is_some() => {
                    code.pieces.push(Piece { local: code.body.len(), file: ctx.pos(range.start) });
                    code.body.push_str(&text);
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(code) = pass.code.take() {
                        self.directive(src, ctx, depth, code);
                    }
                }
                _ => {}
            }
            return;
        }
        if let Event::Text(text) = &event {
            if let Some(link) = pass.links.last_mut() {
                link.content_end = link.content_end.max(range.end);
                if matches!(link.link_type, LinkType::Autolink | LinkType::Email) {
                    return; // the URL is a destination, not prose
                }
            }
            // An image's alt text is not part of a heading's text content.
            if let (Some(heading), 0) = (&mut pass.heading, pass.images) {
                heading.text.push_str(text);
            }
            match &mut pass.text_run {
                Some(run) if run.end == range.start => run.end = range.end,
                _ => {
                    self.flush_text(pass, src, ctx);
                    pass.text_run = Some(range);
                }
            }
            return;
        }
        self.flush_text(pass, src, ctx);
        if let Some(link) = pass.links.last_mut() {
            if !matches!(event, Event::End(TagEnd::Link | TagEnd::Image)) {
                link.content_end = link.content_end.max(range.end);
            }
        }
        match event {
            // Headings inside directives get no page anchor in Sphinx.
            Event::Start(Tag::Heading { level, id, .. }) if depth == 0 => {
                pass.heading = Some(OpenHeading { level: level as u8, id: id.map(|id| String::from(&*id)), text: String::new(), span: ctx.span(&range) });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = pass.heading.take() {
                    let text = crate::text::collapse_whitespace_owned(h.text);
                    // The anchor is assigned once every explicit id is known (see `assign_anchors`).
                    self.out.headings.push(Heading { level: h.level, text, id: h.id, anchor: String::new(), span: h.span });
                }
            }
            Event::Start(Tag::Paragraph) => {
                self.labels(src, ctx, &range);
                self.colon_fence(src, ctx, &range);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let directive = match &kind {
                    CodeBlockKind::Fenced(info) => myst::directive_info(info).map(|d| (d.name.to_owned(), d.argument.to_owned())),
                    CodeBlockKind::Indented => None,
                };
                pass.code = Some(OpenCode { directive, range, body: String::new(), pieces: Vec::new() });
            }
            // Footnotes render with ids: `fn:x`/`fnref:x` (Python-Markdown), `user-content-fn-x`/
            // `user-content-fnref-x` (GitHub); links to them are valid anchors.
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.out.anchors.push(format!("fn:{label}"));
                self.out.anchors.push(format!("user-content-fn-{label}"));
            }
            Event::FootnoteReference(label) => {
                self.out.anchors.push(format!("fnref:{label}"));
                self.out.anchors.push(format!("user-content-fnref-{label}"));
            }
            Event::Start(Tag::HtmlBlock) => self.html(src, ctx, &range, None),
            Event::InlineHtml(_) => self.html(src, ctx, &range, pass.heading.as_mut()),
            Event::Code(_) => {
                if let Some(heading) = &mut pass.heading {
                    let code = &src[range.clone()];
                    heading.text.push_str(code.trim_matches('`').trim());
                }
                self.role(src, ctx, &range);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(heading) = &mut pass.heading {
                    heading.text.push(' ');
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                pass.links.push(OpenLink { image: false, link_type, dest: dest_url, content_end: range.start + 1, range });
            }
            Event::Start(Tag::Image { link_type, dest_url, .. }) => {
                pass.images += 1;
                pass.links.push(OpenLink { image: true, link_type, dest: dest_url, content_end: range.start + 2, range });
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some(link) = pass.links.pop() {
                    pass.images -= usize::from(link.image);
                    if let Some(parent) = pass.links.last_mut() {
                        parent.content_end = parent.content_end.max(link.range.end);
                    }
                    self.link(src, ctx, &link);
                }
            }
            _ => {}
        }
    }

    /// Emits the reference of a finished link or image.
    fn link(&mut self, src: &str, ctx: &Ctx<'_>, link: &OpenLink<'_>) {
        let kind = if link.image {
            RefKind::Image
        } else if self.opts.nav {
            RefKind::Nav
        } else {
            RefKind::Link
        };
        let local = match link.link_type {
            LinkType::Inline => {
                let borrowed = borrowed_destination(src, link);
                // Tests (debug builds) hold the shortcut to the scan it replaces, link by link.
                debug_assert!(
                    borrowed.is_none() || borrowed == inline_destination(src, link.content_end, link.range.end),
                    "destination of {:?} in {src:?}",
                    link.range
                );
                borrowed.or_else(|| inline_destination(src, link.content_end, link.range.end))
            }
            // `<https://…>`: the destination is between the brackets.
            LinkType::Autolink => Some(link.range.start + 1..link.range.end.saturating_sub(1).max(link.range.start + 1)),
            // Reference-style uses: the definition carries the destination. E-mail addresses
            // and other kinds are never checked.
            _ => None,
        };
        // Should the destination not be found where CommonMark puts it, the whole link is a
        // better span than losing the reference.
        let local = match link.link_type {
            LinkType::Inline => Some(local.unwrap_or_else(|| link.range.clone())),
            _ => local,
        };
        if let Some(local) = local {
            self.push_ref(kind, &link.dest, ctx.span(&local));
        }
    }

    fn push_ref(&mut self, kind: RefKind, dest: &str, span: Range<usize>) {
        self.refs.push(kind, dest, &span, false);
    }

    /// A reference definition `[label]: dest`, emitted whether used or not.
    fn definition(&mut self, src: &str, ctx: &Ctx<'_>, label: &str, dest: &str, span: &Range<usize>) {
        self.defined.insert(normalize_label(label));
        let Some(def) = src.get(span.clone()) else { return };
        if let Some(local) = definition_destination(def) {
            let local = span.start + local.start..span.start + local.end;
            self.push_ref(RefKind::Definition, dest, ctx.span(&local));
        }
    }

    /// `[text][label]` / `[label][]` whose label has no definition in this parse.
    fn undefined_reference(&mut self, src: &str, ctx: &Ctx<'_>, span: &Range<usize>, link_type: LinkType) {
        let Some(written) = src.get(span.clone()) else { return };
        let Some(inner) = written.strip_suffix(']') else { return };
        // pulldown's span of a collapsed reference is `[label]`, without the trailing `[]`.
        let label = match link_type {
            LinkType::Collapsed => Some(1..inner.strip_suffix("][").unwrap_or(inner).len()),
            _ => inner.rfind('[').map(|open| open + 1..inner.len()),
        };
        let Some(label) = label.filter(|l| l.start <= l.end) else { return };
        let name = &written[label.clone()];
        if is_autoref(name) {
            self.autorefs = true;
            return;
        }
        if name.trim().is_empty() {
            return;
        }
        let local = span.start + label.start..span.start + label.end;
        self.undefined.push((normalize_label(name), name.to_owned(), ctx.span(&local)));
    }

    /// `(label)=` target lines of a paragraph.
    fn labels(&mut self, src: &str, ctx: &Ctx<'_>, range: &Range<usize>) {
        let Some(paragraph) = src.get(range.clone()) else { return };
        // `=` is rare in prose: a vectorised search for it, not a substring search per paragraph
        // (which was 1% of a check).
        let bytes = paragraph.as_bytes();
        if !memchr::memchr_iter(b'=', bytes).any(|i| i > 0 && bytes[i - 1] == b')') {
            return;
        }
        for (start, line) in myst::lines(paragraph) {
            if let Some(name) = myst::label_in_line(line) {
                let local = range.start + start + name.start..range.start + start + name.end;
                self.out.labels.push(Label { name: line[name].to_owned(), span: ctx.span(&local) });
            }
        }
    }

    /// A `{doc}` or `{ref}` role: the code span at `range` right after `{name}`.
    fn role(&mut self, src: &str, ctx: &Ctx<'_>, range: &Range<usize>) {
        let kind = match myst::role_before(src, range.start) {
            Some("doc") => RefKind::DocRole,
            Some("ref") => RefKind::RefRole,
            _ => return,
        };
        let Some(code) = src.get(range.clone()) else { return };
        if let Some(target) = myst::role_target(code) {
            let dest = &code[target.clone()];
            let local = range.start + target.start..range.start + target.end;
            self.push_ref(kind, dest, ctx.span(&local));
        }
    }

    /// Raw HTML (a block or one inline tag): `href`, `src`, ids, names, suppressions.
    fn html(&mut self, src: &str, ctx: &Ctx<'_>, range: &Range<usize>, heading: Option<&mut OpenHeading>) {
        let Some(html) = src.get(range.clone()) else { return };
        let mut heading = heading;
        let at = |r: Range<usize>| ctx.span(&(range.start + r.start..range.start + r.end));
        scan_html(html, |item| match item {
            HtmlItem::Comment { whole, inner } => {
                let body = &html[inner.clone()];
                if let Some((kind, rules)) = suppression(body) {
                    let rules = rules.into_iter().map(|r| (body[r.clone()].to_owned(), at(inner.start + r.start..inner.start + r.end))).collect();
                    self.out.suppressions.push(Suppression { kind, rules, span: at(whole) });
                } else if let (Some(h), Some(setting)) = (heading.as_deref_mut(), body.trim().strip_prefix("md:setting ")) {
                    // mkdocs-material documents settings with `#### <!-- md:setting config.x -->`,
                    // which its build turns into the heading id `config.x`.
                    if h.id.is_none() {
                        h.id = Some(setting.trim().to_owned());
                    }
                }
            }
            HtmlItem::Attr { tag, name, value } => {
                let text = &html[value.clone()];
                if name.eq_ignore_ascii_case("href") {
                    self.push_ref(RefKind::HtmlHref, text, at(value));
                } else if name.eq_ignore_ascii_case("src") {
                    self.push_ref(RefKind::HtmlSrc, text, at(value));
                } else if (name.eq_ignore_ascii_case("id") || (name.eq_ignore_ascii_case("name") && tag.eq_ignore_ascii_case("a"))) && !text.is_empty() {
                    self.out.anchors.push(text.to_owned());
                }
            }
        });
    }

    /// A finished directive (a fenced block whose info string is `{name}`).
    fn directive(&mut self, src: &str, ctx: &Ctx<'_>, depth: usize, code: OpenCode) {
        let Some((name, argument)) = &code.directive else { return };
        let body = code.body.as_str();
        let body_map = OffsetMap { pieces: code.pieces };
        let body_ctx = Ctx { map: &body_map, base: 0 };
        let options = myst::split_options(body);
        let argument = argument_range(src, &code.range, DirectiveInfo { name, argument }).map(|local| (argument.as_str(), ctx.span(&local)));
        self.directive_references(name, argument, body, &options, &body_ctx);
        if myst::classify(name) == DirectiveClass::Content && depth < MAX_DIRECTIVE_DEPTH && !body.is_empty() {
            let content = body.get(options.content_start..).unwrap_or("");
            self.run(content, &Ctx { map: &body_map, base: options.content_start }, depth + 1);
        }
    }

    /// `:::{name}` colon fences (myst `colon_fence`). To `CommonMark` they are a paragraph whose
    /// content is parsed as Markdown anyway; only their options and toctree entries need
    /// reading. Fences often follow each other without blank lines (a `::::{grid}` holding
    /// several `:::{grid-item-card}`), so every opening line of the paragraph starts one, whose
    /// body runs to the next fence line.
    fn colon_fence(&mut self, src: &str, ctx: &Ctx<'_>, range: &Range<usize>) {
        let Some(paragraph) = src.get(range.clone()) else { return };
        if !paragraph.trim_start().starts_with(":::") {
            return;
        }
        let fences: Vec<(usize, &str)> = myst::lines(paragraph).filter(|(_, l)| l.trim_start().starts_with(":::")).collect();
        for (k, &(start, line)) in fences.iter().enumerate() {
            let Some(info) = myst::directive_info(line.trim_start().trim_start_matches(':')) else { continue };
            let body_start = (start + line.len() + 1).min(paragraph.len());
            let body_end = fences.get(k + 1).map_or(paragraph.len(), |&(next, _)| next).max(body_start);
            let body = &paragraph[body_start..body_end];
            let options = myst::split_options(body);
            let argument_at = myst::sub_range(paragraph, info.argument);
            let argument = (info.argument, ctx.span(&(range.start + argument_at.start..range.start + argument_at.end)));
            self.directive_references(info.name, Some(argument), body, &options, &Ctx { map: ctx.map, base: ctx.base + range.start + body_start });
        }
    }

    /// The references a directive's options, argument and (for `toctree`) body carry.
    fn directive_references(&mut self, name: &str, argument: Option<(&str, Range<usize>)>, body: &str, options: &myst::Options<'_>, body_ctx: &Ctx<'_>) {
        let option = |key: &str| options.get(key).and_then(|r| body.get(r));
        // sphinx-design: `:link:` with `:link-type:` on cards, grid items and buttons.
        if let Some(value) = options.get("link").filter(|v| !v.is_empty()) {
            let kind = myst::card_link_kind(option("link-type"));
            self.push_ref(kind, &body[value.clone()], body_ctx.span(&value));
        }
        let argument_kind = match name {
            "button-ref" => Some(myst::button_ref_kind(option("ref-type"))),
            "button-link" => Some(RefKind::CardUrl),
            _ => None,
        };
        if let (Some(kind), Some((argument, span))) = (argument_kind, argument.filter(|(a, _)| !a.is_empty())) {
            self.push_ref(kind, argument, span);
        }
        if myst::classify(name) == DirectiveClass::Toctree {
            for entry in myst::toctree_entries(body, options) {
                self.refs.push(RefKind::Toctree, &body[entry.dest.clone()], &body_ctx.span(&entry.dest), entry.glob);
            }
        }
    }

    /// Scans the pending text run for words and attribute-list ids.
    fn flush_text(&mut self, pass: &mut Pass<'_>, src: &str, ctx: &Ctx) {
        let Some(run) = pass.text_run.take() else { return };
        let Some(text) = src.get(run.clone()) else { return };
        // The word scanner sees every byte anyway: it says whether a `{` was among them, which
        // spares prose a second scan for attribute lists.
        let out = &mut self.out;
        let has_brace = match self.words {
            Words::Skip => text.contains('{'),
            _ if !is_prose(text) => text.contains('{'),
            Words::Spans => words(text, |w, _, _| out.words.push(ctx.span(&(run.start + w.start..run.start + w.end)))),
            // An ASCII word from the scanner starts and ends with a letter or digit: it is its
            // own core, and hashes without trimming or decoding.
            Words::Hashes => words(text, |w, ascii, packed| {
                out.word_hashes.push(match packed {
                    Some(packed) => crate::duplicates::ascii_short_hash(packed, w.len()),
                    None if ascii => crate::duplicates::ascii_core_hash(&text.as_bytes()[w]),
                    None => crate::duplicates::word_hash(&text[w]),
                });
            }),
            Words::Count => words(text, |_, _, _| out.word_count += 1),
        };
        if has_brace {
            attribute_list_ids(text, |id| self.out.anchors.push(id.to_owned()));
        }
    }

    fn finish(mut self, text: &str) -> Extracted {
        self.assign_anchors();
        // A page written for mkdocstrings also links `[dict][]` or `[type-params][]` through
        // the Python inventory; without the build we cannot tell those from typos, so such a
        // page reports no undefined references at all.
        if self.autorefs {
            self.undefined.clear();
        }
        for (label, name, span) in std::mem::take(&mut self.undefined) {
            if !self.defined.contains(&label) {
                self.refs.push(RefKind::UndefinedReference, &name, &span, false);
            }
        }
        self.refs.sort_by_start();
        self.out.labels.sort_by_key(|l| l.span.start);
        self.out.suppressions.sort_by_key(|s| s.span.start);
        // Words are not sorted: they come in document order (directive bodies are parsed where
        // they end), and every mode must see the same sequence.
        self.out.word_count = self.out.word_count.max(self.out.words.len()).max(self.out.word_hashes.len());
        clamp_spans(&mut self.out, &mut self.refs, text);
        self.out.references = self.refs.finish();
        REFERENCES.set(std::mem::take(&mut self.refs));
        // Headings stay in the thread's scratch vector: `page::parse` hashes their anchors and
        // hands the vector back with `recycle_headings`.
        self.out
    }

    /// Gives each heading its anchor: explicit ids are reserved first (generated anchors avoid
    /// them, as the renderers do), then the others are slugged in order.
    fn assign_anchors(&mut self) {
        if self.out.headings.is_empty() {
            return; // no slugger to set up
        }
        let mut slugger = Slugger::new(self.opts.slug);
        for id in self.out.headings.iter().filter_map(|h| h.id.as_deref()) {
            slugger.reserve(id);
        }
        for h in &mut self.out.headings {
            h.anchor = h.id.clone().unwrap_or_else(|| slugger.slug(&h.text));
            if h.level == 1 && self.out.title.is_none() && !h.text.is_empty() {
                self.out.title = Some(h.text.clone());
            }
        }
    }
}

/// Keeps every span inside the text and on character boundaries, whatever the mapping did,
/// so that slicing with them never panics.
fn clamp_spans(out: &mut Extracted, refs: &mut ReferencesBuilder, text: &str) {
    let fix = |r: &mut Range<usize>| {
        let end = floor_boundary(text, r.end.min(text.len()));
        let start = floor_boundary(text, r.start.min(end));
        *r = start..end;
    };
    // References store `u32` offsets: a span past 4 GiB (a text given to `page::parse` without
    // the `max-page-bytes` cap) ends at the last boundary below it.
    refs.fix_spans(|r| {
        r.end = r.end.min(u32::MAX as usize);
        fix(r);
    });
    out.labels.iter_mut().for_each(|l| fix(&mut l.span));
    out.headings.iter_mut().for_each(|h| fix(&mut h.span));
    out.words.iter_mut().for_each(fix);
    for s in &mut out.suppressions {
        fix(&mut s.span);
        s.rules.iter_mut().for_each(|(_, r)| fix(r));
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Where an inline link's destination lies in `src` when pulldown-cmark hands it over as a
/// slice of `src` (no escapes or entities to decode: nearly every link). Its address gives
/// the range directly, without scanning the link again for `](`.
fn borrowed_destination(src: &str, link: &OpenLink<'_>) -> Option<Range<usize>> {
    let CowStr::Borrowed(dest) = &link.dest else { return None };
    let start = dest.as_ptr().addr().checked_sub(src.as_ptr().addr())?;
    let range = start..start + dest.len();
    // An empty destination may be a static `""`, and only the link's own tail can hold it. A
    // backslash is left to the scan, which reads it as an escape wherever it stands.
    let plain = !dest.is_empty() && !dest.as_bytes().contains(&b'\\');
    (plain && link.content_end <= range.start && range.end <= link.range.end).then_some(range)
}

/// The destination of an inline link `[text](dest "title")`, given where its text ends.
fn inline_destination(src: &str, content_end: usize, end: usize) -> Option<Range<usize>> {
    let tail = src.get(content_end..end)?;
    // A byte loop: `str::find` sets up a two-way searcher per call, which cost more than the
    // search itself here (once per inline link, a few bytes from the start).
    let open = tail.as_bytes().windows(2).position(|w| w == b"](")? + 2;
    let bytes = tail.as_bytes();
    let mut i = open;
    // Whitespace and the line ending CommonMark allows, and after it a block quote's `>`
    // markers: those belong to the container, not the destination (`> [x](\n> a.md)`).
    let mut line_start = false;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' | b'\r' => line_start = true,
            b' ' | b'\t' => {}
            b'>' if line_start => {}
            _ => break,
        }
        i += 1;
    }
    let start = i;
    if bytes.get(i) == Some(&b'<') {
        let close = tail[i..].find('>')? + i;
        return Some(content_end + i + 1..content_end + close);
    }
    let mut depth = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            b if b.is_ascii_whitespace() || b.is_ascii_control() => break,
            _ => {}
        }
        i += 1;
    }
    let i = i.min(bytes.len());
    Some(content_end + start..content_end + i)
}

/// The destination within a reference definition's source `[label]: dest "title"`.
fn definition_destination(def: &str) -> Option<Range<usize>> {
    let bytes = def.as_bytes();
    let mut i = def.find('[')? + 1;
    while i < bytes.len() && bytes[i] != b']' {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    if bytes.get(i + 1) != Some(&b':') {
        return None;
    }
    i += 2;
    // Whitespace, at most one line ending, and a container's `>` markers may come first.
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'>') {
        i += 1;
    }
    if bytes.get(i) == Some(&b'<') {
        let close = def[i..].find('>')? + i;
        return Some(i + 1..close);
    }
    let start = i;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    (i > start).then_some(start..i)
}

/// The argument of a directive on its fence line (`{button-ref} target`), as a local range.
fn argument_range(src: &str, block: &Range<usize>, info: DirectiveInfo<'_>) -> Option<Range<usize>> {
    let (_, fence) = myst::lines(src.get(block.clone())?).next()?;
    let after_name = fence.find(&format!("{{{}}}", info.name))? + info.name.len() + 2;
    let at = after_name + fence[after_name..].find(info.argument)?;
    Some(block.start + at..block.start + at + info.argument.len())
}

/// mkdocstrings autorefs (`[Foo][pydantic.main.Foo]`, ``[`Foo`][]``, ``[`list`][]``) resolve
/// to API pages the site builder generates; they are not undefined references. A label that is
/// dotted or written as code names an object, not a definition.
fn is_autoref(label: &str) -> bool {
    let code = label.len() > 2 && label.starts_with('`') && label.ends_with('`');
    let label = label.trim_matches('`');
    (code || label.contains('.')) && !label.contains(|c: char| c.is_whitespace() || c == '/')
}

/// `CommonMark` label matching: case-insensitive, whitespace runs are one space.
fn normalize_label(label: &str) -> String {
    crate::text::collapse_whitespace_owned(label.to_lowercase())
}

/// Text that is `MyST` markup rather than prose: `(label)=` lines, `:::{note}` colon fences
/// and their `:option: value` lines.
fn is_prose(text: &str) -> bool {
    // Every such line starts with `:` or `(`: most text is prose by its first character,
    // without trimming both ends.
    let starts_with_marker = match text.as_bytes().first() {
        // The common case, without trimming: a printable ASCII first byte.
        Some(&b) if b > b' ' && b.is_ascii() => b == b':' || b == b'(',
        _ => text.trim_start().starts_with([':', '(']),
    };
    if !starts_with_marker {
        return true;
    }
    let t = text.trim();
    let colon_fence = t.starts_with(":::");
    let option_line = t.strip_prefix(':').is_some_and(|rest| rest.contains(": ") || rest.ends_with(':'));
    !(colon_fence || option_line || myst::label_in_line(t).is_some())
}

/// Calls `f` with the range of each word, whether it is all ASCII, and for an ASCII word of
/// under 8 bytes its bytes packed little-endian (so hashing need not read them again): a run
/// of alphanumeric characters with inner apostrophes or hyphens. `{…}` groups (role names,
/// attribute lists, template macros) are skipped. Every prose byte of the tree passes here:
/// plain ASCII stretches go through [`ascii_block_words`] 64 bytes at a time, the rest
/// byte-wise with a fast path for short ASCII words. Returns whether the text holds a `{`.
fn words(text: &str, f: impl FnMut(Range<usize>, bool, Option<u64>)) -> bool {
    scan_words::<true>(text, f)
}

/// [`words`], with (`BLOCKS`) or without the 64-byte block scanner: the byte-wise scanner
/// alone is what the block scanner is tested against.
fn scan_words<const BLOCKS: bool>(text: &str, mut f: impl FnMut(Range<usize>, bool, Option<u64>)) -> bool {
    let bytes = text.as_bytes();
    let mut unclosed_brace = false;
    let mut has_brace = false;
    let mut i = 0;
    // Where the block scanner may start again: not where it just handed back, which it would
    // only hand back again.
    let mut block_from = 0;
    while let Some(&b) = bytes.get(i) {
        // Between words: the block scanner takes plain ASCII from here, and hands back at a `{`,
        // a non-ASCII byte, or a word that may run past its block.
        if BLOCKS && i >= block_from && b.is_ascii() && b != b'{' && i + BLOCK_MIN <= bytes.len() {
            let next = ascii_block_words(bytes, i, &mut f);
            block_from = next + 1;
            if next > i {
                i = next;
                continue;
            }
        }
        if b.is_ascii() && !ASCII_WORD[usize::from(b)] {
            if b == b'{' {
                has_brace = true;
                // Once a `{` has no closing `}`, no later one has either: stop looking (a long
                // run of unclosed braces would otherwise make this quadratic).
                if !unclosed_brace {
                    if let Some(close) = text[i + 1..].find('}') {
                        i += 1 + close + 1;
                        continue;
                    }
                    unclosed_brace = true;
                }
            }
            i += 1;
            continue;
        }
        // Most words are short ASCII words: classify eight bytes at once and emit the word
        // whole when it ends inside them at a byte that cannot continue it.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let packed = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            let n = (ascii_word_bytes8(packed) ^ HIGH_BITS).trailing_zeros() as usize / 8;
            if (1..8).contains(&n) && !matches!(bytes[i + n], b'\'' | b'-' | 0x80..) {
                f(i..i + n, true, Some(packed & ((1u64 << (8 * n)) - 1)));
                i += n;
                continue;
            }
        }
        let (c, len) = char_len_at(text, i);
        if !is_word_char(c) {
            i += len;
            continue;
        }
        let start = i;
        let mut ascii = b.is_ascii();
        i += len;
        loop {
            while let Some(&b) = bytes.get(i) {
                if ASCII_WORD[usize::from(b)] {
                    i += 1;
                    continue;
                }
                if b.is_ascii() {
                    break;
                }
                let (c, len) = char_len_at(text, i);
                if !is_word_char(c) {
                    break;
                }
                ascii = false;
                i += len;
            }
            // An inner apostrophe or hyphen: `don't`, `well-known`.
            let Some(&b) = bytes.get(i) else { break };
            let joiner = match b {
                b'\'' | b'-' => 1,
                0xE2 if text[i..].starts_with('’') => '’'.len_utf8(),
                _ => break,
            };
            if i + joiner < bytes.len() && is_word_char(char_len_at(text, i + joiner).0) {
                ascii &= joiner == 1;
                i += joiner;
            } else {
                break;
            }
        }
        f(start..i, ascii, None);
    }
    has_brace
}

/// The words of the plain ASCII stretch at `at` (up to 64 bytes, ending before the first `{`
/// or non-ASCII byte), found with bit masks rather than a branch per byte. Calls `f` exactly
/// as the byte-wise scanner would, and returns where that scanner takes over: after the
/// stretch, or at the start of a word that what follows the stretch may continue. `at` must
/// not be inside a word.
fn ascii_block_words(bytes: &[u8], at: usize, f: &mut impl FnMut(Range<usize>, bool, Option<u64>)) -> usize {
    // Bit k: byte `at + k` is a letter or digit.
    let mut word = 0u64;
    let mut len = 0;
    for chunk in bytes[at..].chunks_exact(8).take(8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let stop = (x & HIGH_BITS) | bytes_in_range8(x & !HIGH_BITS, b'{', b'{');
        let mut bits = high_bits_to_mask(ascii_word_bytes8(x));
        if stop != 0 {
            let n = stop.trailing_zeros() / 8;
            bits &= (1 << n) - 1;
            word |= bits << len;
            len += n;
            break;
        }
        word |= bits << len;
        len += 8;
    }
    // Past the stretch the text may go on with a letter, which would extend a word that
    // reaches its end or a joiner in its last byte.
    let stretch_end = at + len as usize;
    let open_end = stretch_end < bytes.len();
    let mut rest = word;
    while rest != 0 {
        let start = rest.trailing_zeros();
        let mut end = start + (!(rest >> start)).trailing_zeros();
        // The byte-wise fast path packs a word only when no joiner follows its letters.
        let mut packable = true;
        // An inner `'` or `-` joins the next run of letters when one follows it directly.
        loop {
            if end == len {
                if open_end {
                    return at + start as usize;
                }
                break;
            }
            if !matches!(bytes[at + end as usize], b'\'' | b'-') {
                break;
            }
            packable = false;
            if end + 1 == len && open_end {
                return at + start as usize;
            }
            if end + 1 == len || word & (1 << (end + 1)) == 0 {
                break;
            }
            end += 1 + (!(word >> (end + 1))).trailing_zeros();
        }
        let (s, e) = (at + start as usize, at + end as usize);
        let packed = match bytes.get(s..s + 8) {
            Some(chunk) if packable && e - s < 8 => Some(u64::from_le_bytes(chunk.try_into().unwrap_or_default()) & ((1 << (8 * (e - s))) - 1)),
            _ => None,
        };
        f(s..e, true, packed);
        // Clears bits `..end` (`end` is 1 to 64).
        rest = word & !(2u64 << (end - 1)).wrapping_sub(1);
    }
    stretch_end
}

/// One bit per byte of eight packed bytes (bit k from byte k's high bit; the others clear):
/// the multiplication gathers the eight high bits into the top byte without carries.
const fn high_bits_to_mask(m: u64) -> u64 {
    ((m >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The shortest rest of a text worth a block scan: shorter ones are mostly a word or two.
const BLOCK_MIN: usize = 16;

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of eight packed bytes that is an ASCII letter or digit (SWAR:
/// with the high bits cleared first, no addition carries into the next byte).
const fn ascii_word_bytes8(x: u64) -> u64 {
    let low = x & !HIGH_BITS;
    let digit = bytes_in_range8(low, b'0', b'9');
    let letter = bytes_in_range8(low | 0x2020_2020_2020_2020, b'a', b'z');
    (digit | letter) & !x & HIGH_BITS
}

/// The high bit of each byte of `v` (all high bits clear) within `lo..=hi`.
const fn bytes_in_range8(v: u64, lo: u8, hi: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let at_least_lo = v + ONES * (0x80 - lo as u64);
    let above_hi = v + ONES * (0x7F - hi as u64);
    at_least_lo & !above_hi & HIGH_BITS
}

/// ASCII letters and digits, by byte: the word scanner's innermost test.
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The character at byte `i` (a char boundary) and its length in bytes.
fn char_len_at(text: &str, i: usize) -> (char, usize) {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => (b as char, 1),
        _ => text.get(i..).and_then(|t| t.chars().next()).map_or(('\0', 1), |c| (c, c.len_utf8())),
    }
}

/// A letter or digit, what words are made of ([`crate::text::is_alphanumeric`]: cached, since
/// translated pages ask for every character).
fn is_word_char(c: char) -> bool {
    crate::text::is_alphanumeric(c)
}

/// Ids in attribute lists written in text: `{ #id .class key=value }`.
fn attribute_list_ids<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if after.starts_with('{') {
            // `{{ macro }}`: skip the whole template expression.
            rest = after.find("}}").map_or("", |c| &after[c + 2..]);
            continue;
        }
        let Some(close) = after.find(['}', '{']) else { return };
        let group = &after[..close];
        if group.trim_start().starts_with(['#', '.']) && after[close..].starts_with('}') {
            for token in group.split_whitespace() {
                if let Some(id) = token.strip_prefix('#').filter(|id| !id.is_empty()) {
                    f(id);
                }
            }
        }
        rest = &after[close..];
    }
}

/// The directive word and rule ids of a `doclint-…` suppression comment body.
fn suppression(body: &str) -> Option<(SuppressionKind, Vec<Range<usize>>)> {
    const KINDS: [(&str, SuppressionKind); 4] = [
        ("doclint-disable-next-line", SuppressionKind::NextLine),
        ("doclint-disable-file", SuppressionKind::File),
        ("doclint-disable", SuppressionKind::Disable),
        ("doclint-enable", SuppressionKind::Enable),
    ];
    let lead = body.len() - body.trim_start().len();
    let trimmed = &body[lead..];
    let (keyword, kind) = KINDS.iter().find(|(k, _)| trimmed.strip_prefix(k).is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace)))?;
    let mut rules = Vec::new();
    let rest_start = lead + keyword.len();
    let mut token_start = None;
    for (i, c) in body[rest_start..].char_indices().chain(std::iter::once((body.len() - rest_start, ' '))) {
        if c.is_whitespace() || c == ',' {
            if let Some(s) = token_start.take() {
                // `-- reason` ends the rule list, as in ESLint.
                if &body[rest_start + s..rest_start + i] == "--" {
                    break;
                }
                rules.push(rest_start + s..rest_start + i);
            }
        } else {
            token_start.get_or_insert(i);
        }
    }
    Some((*kind, rules))
}

/// One thing of interest in raw HTML.
enum HtmlItem<'h> {
    /// `<!-- … -->`: the whole comment and its inside.
    Comment { whole: Range<usize>, inner: Range<usize> },
    /// An attribute with a value: the tag name, the attribute name and the value's range.
    Attr { tag: &'h str, name: &'h str, value: Range<usize> },
}

/// A small, forgiving scanner for tags and comments in raw HTML. Contents of `<script>` and
/// `<style>` are skipped.
fn scan_html<'h>(html: &'h str, mut f: impl FnMut(HtmlItem<'h>)) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = html.get(i..).and_then(|s| s.find('<')) {
        i += lt;
        if html[i..].starts_with("<!--") {
            let inner_start = i + 4;
            let close = html[inner_start..].find("-->").map_or(html.len(), |c| inner_start + c);
            let end = (close + 3).min(html.len());
            f(HtmlItem::Comment { whole: i..end, inner: inner_start..close });
            i = end;
            continue;
        }
        i += 1;
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
            i += 1;
        }
        let tag = &html[name_start..i];
        i = scan_attributes(html, i, |name, value| f(HtmlItem::Attr { tag, name, value }));
        if tag.eq_ignore_ascii_case("script") || tag.eq_ignore_ascii_case("style") {
            i = find_closing_tag(html, i, tag).unwrap_or(html.len());
        }
    }
}

/// Offset of the next `</tag` (any case) at or after `from`.
fn find_closing_tag(html: &str, from: usize, tag: &str) -> Option<usize> {
    let mut at = from;
    loop {
        at += html.get(at..)?.find("</")?;
        if html.get(at + 2..at + 2 + tag.len()).is_some_and(|name| name.eq_ignore_ascii_case(tag)) {
            return Some(at);
        }
        at += 2;
    }
}

/// Reads the attributes of a tag starting at `i` (after its name); returns the offset after
/// the tag.
fn scan_attributes<'h>(html: &'h str, mut i: usize, mut f: impl FnMut(&'h str, Range<usize>)) -> usize {
    let bytes = html.as_bytes();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' || bytes[i] == b'<' {
            return (i + usize::from(bytes.get(i) == Some(&b'>'))).min(bytes.len());
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>' | b'/' | b'<') {
            i += 1;
        }
        let name = &html[name_start..i];
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            if i == name_start {
                i += 1; // a stray character; move on
            }
            continue;
        }
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if let Some(&q @ (b'"' | b'\'')) = bytes.get(j) {
            let close = html[j + 1..].find(q as char).map_or(html.len(), |c| j + 1 + c);
            f(name, j + 1..close);
            i = (close + 1).min(html.len());
        } else {
            let start = j;
            while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                j += 1;
            }
            f(name, start..j);
            i = j;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::SlugStyle;

    fn opts(slug: SlugStyle) -> ParseOptions {
        ParseOptions { slug, content_type_key: "content_type".into(), nav: false, duplicates: None }
    }

    fn run(text: &str) -> Extracted {
        extract(text, 0, &opts(SlugStyle::Myst))
    }

    /// (kind, dest, source text at span) of every reference.
    fn refs(text: &str) -> Vec<(RefKind, String, String)> {
        run(text).references.into_iter().map(|r| (r.kind, r.dest.into(), text[r.span].to_owned())).collect()
    }

    fn r(kind: RefKind, dest: &str, at: &str) -> (RefKind, String, String) {
        (kind, dest.to_owned(), at.to_owned())
    }

    fn words_of(text: &str) -> Vec<&str> {
        run(text).words.into_iter().map(|w| &text[w]).collect()
    }

    /// Regression (reliability): a heading ended by a lone `\r` swallowed the next line.
    #[test]
    fn is_prose_fast_path_agrees() {
        use proptest::prelude::*;
        let slow = |text: &str| {
            let t = text.trim();
            let colon_fence = t.starts_with(":::");
            let option_line = t.strip_prefix(':').is_some_and(|rest| rest.contains(": ") || rest.ends_with(':'));
            !(colon_fence || option_line || myst::label_in_line(t).is_some())
        };
        proptest!(ProptestConfig::with_cases(20_000), |(text in "[ \t\n\x0b\x0c\r\u{a0}\u{1c}\u{3000}:()=a{}]{0,10}")| {
            prop_assert_eq!(is_prose(&text), slow(&text));
        });
    }

    #[test]
    fn lone_cr_ends_a_heading() {
        let text = "# T\r\rA [a](one.md)\r# U\rB [b](two.md)";
        assert_eq!(refs(text), [r(RefKind::Link, "one.md", "one.md"), r(RefKind::Link, "two.md", "two.md")]);
        assert_eq!(run(text).headings.iter().map(|h| h.text.as_str()).collect::<Vec<_>>(), ["T", "U"]);
    }

    #[test]
    fn inline_links_and_images() {
        let text = "See [the *guide*](guide.md#intro \"Title\") and ![alt [x]](img/a.png).\n[<b>](<with space.md>) [e]()";
        assert_eq!(
            refs(text),
            [
                r(RefKind::Link, "guide.md#intro", "guide.md#intro"),
                r(RefKind::Image, "img/a.png", "img/a.png"),
                r(RefKind::Link, "with space.md", "with space.md"),
                r(RefKind::Link, "", ""),
            ]
        );
    }

    #[test]
    fn destination_on_a_block_quote_continuation_line() {
        // The `>` of the second line is the quote's, not the destination's; the escaped `_`
        // makes pulldown own the destination, so the span comes from the scan.
        let text = "> [x](\n> a\\_b.md)\n";
        let out = extract(text, 0, &opts(SlugStyle::Github));
        let spans: Vec<&str> = out.references.iter().map(|r| &text[r.span.clone()]).collect();
        assert_eq!(spans, ["a\\_b.md"]);
    }

    #[test]
    fn image_inside_link_and_parens() {
        let text = "[![badge](b.svg)](https://x.org/a_(b)) [t](a(1).md)";
        assert_eq!(
            refs(text),
            [r(RefKind::Image, "b.svg", "b.svg"), r(RefKind::Link, "https://x.org/a_(b)", "https://x.org/a_(b)"), r(RefKind::Link, "a(1).md", "a(1).md"),]
        );
    }

    #[test]
    fn reference_style_links() {
        let text = "[full][a] [collapsed][] [shortcut] [Unused]\n\n[a]: a.md#x\n[collapsed]: <c d.md>\n[shortcut]: s.md \"t\"\n[unused]:\n  u.md\n";
        assert_eq!(
            refs(text),
            [
                r(RefKind::Definition, "a.md#x", "a.md#x"),
                r(RefKind::Definition, "c d.md", "c d.md"),
                r(RefKind::Definition, "s.md", "s.md"),
                r(RefKind::Definition, "u.md", "u.md"),
            ]
        );
    }

    #[test]
    fn undefined_references() {
        let text = "[x][nope] [gone][] [shortcut] - [ ] task\n- [x] done\n";
        assert_eq!(refs(text), [r(RefKind::UndefinedReference, "nope", "nope"), r(RefKind::UndefinedReference, "gone", "gone")]);
        // mkdocstrings pages: autorefs are not findings, and neither are inventory names.
        let text = "[Foo][pydantic.main.Foo] [`Bar`][pydantic.Bar] [`a.b`][] [`list`][] [dict][]\n";
        assert!(refs(text).is_empty());
    }

    #[test]
    fn definitions_inside_directives_count_for_the_page() {
        let text = "[x][a]\n\n```{note}\n[a]: a.md\n```\n";
        assert_eq!(refs(text), [r(RefKind::Definition, "a.md", "a.md")]);
    }

    #[test]
    fn autolinks_and_attribute_lists() {
        let text = "<https://example.com/x> <me@example.com> [t](x.md){.internal-link target=_blank} after\n";
        assert_eq!(refs(text), [r(RefKind::Link, "https://example.com/x", "https://example.com/x"), r(RefKind::Link, "x.md", "x.md")]);
        assert_eq!(words_of(text), ["t", "after"]);
    }

    #[test]
    fn nothing_in_code() {
        let text = "`[a](b.md)` and\n\n```md\n[a](c.md) {doc}`x`\n```\n\n    [a](d.md)\n\n```{code-block} md\n[a](e.md)\n```\n";
        assert!(refs(text).is_empty());
        assert_eq!(words_of(text), ["and"]);
    }

    #[test]
    fn raw_html() {
        let text = "<div id=\"top\">\n<a href='x.md#y' name=n1>x</a>\n<img src=\"i.png\"/>\n<!-- <a href=\"no.md\"> -->\n</div>\n\nInline <a href=\"in.md\">l</a> <span id=s1>.</span>\n";
        let got = refs(text);
        assert_eq!(got, [r(RefKind::HtmlHref, "x.md#y", "x.md#y"), r(RefKind::HtmlSrc, "i.png", "i.png"), r(RefKind::HtmlHref, "in.md", "in.md")]);
        let anchors = run(text).anchors;
        for id in ["top", "n1", "s1"] {
            assert!(anchors.contains(&id.to_owned()), "{id}");
        }
    }

    #[test]
    fn suppressions() {
        let text = "<!-- doclint-disable-next-line broken-link, orphan-page -- moved soon -->\n[a](b.md)\n\nText <!-- doclint-disable --> and <!-- doclint-enable-x -->\n\n<!--\ndoclint-disable-file\n-->\n";
        let out = run(text);
        let got: Vec<_> = out.suppressions.iter().map(|s| (s.kind, s.rules.iter().map(|(n, r)| (n.as_str(), &text[r.clone()])).collect::<Vec<_>>())).collect();
        assert_eq!(
            got,
            [
                (SuppressionKind::NextLine, vec![("broken-link", "broken-link"), ("orphan-page", "orphan-page")]),
                (SuppressionKind::Disable, vec![]),
                (SuppressionKind::File, vec![]),
            ]
        );
        assert!(text[out.suppressions[0].span.clone()].starts_with("<!--"));
    }

    #[test]
    fn headings_and_title() {
        let text =
            "Intro\n\n## Setup *now* `cfg` { #custom-id .cls }\n\nTitle `x`  {{ ver }}\n=====\n\n## Setup\n## Setup\n\n#### <!-- md:setting config.tags -->\n";
        let out = extract(text, 0, &opts(SlugStyle::Github));
        assert_eq!(out.title.as_deref(), Some("Title x {{ ver }}"));
        let got: Vec<_> = out.headings.iter().map(|h| (h.level, h.text.as_str(), h.id.as_deref(), h.anchor.as_str())).collect();
        assert_eq!(
            got,
            [
                (2, "Setup now cfg", Some("custom-id"), "custom-id"),
                (1, "Title x {{ ver }}", None, "title-x--ver-"),
                (2, "Setup", None, "setup"),
                (2, "Setup", None, "setup-1"),
                (4, "", Some("config.tags"), "config.tags"),
            ]
        );
        assert_eq!(&text[out.headings[2].span.clone()].trim_end(), &"## Setup");
    }

    #[test]
    fn heading_text_skips_image_alt() {
        let out = run("# ![logo](l.png) Project *Name*\n");
        assert_eq!(out.title.as_deref(), Some("Project Name"));
        assert_eq!(out.headings[0].anchor, "project-name");
    }

    #[test]
    fn attribute_list_anchor_in_paragraph() {
        let out = run("&nbsp;\n{ #feedback style=\"margin: 0\" }\n\nA {{ macro }} b\n");
        assert!(out.anchors.contains(&"feedback".to_owned()));
        assert_eq!(out.anchors.len(), 1);
    }

    #[test]
    fn myst_labels_and_roles() {
        let text = "(my_label)=\n# Title\n\nSee {doc}`../a/b` and {ref}`Text <sec-x>` and {py:class}`X` or `code`.\n";
        let out = run(text);
        assert_eq!(out.labels.iter().map(|l| (l.name.as_str(), &text[l.span.clone()])).collect::<Vec<_>>(), [("my_label", "my_label")]);
        assert_eq!(refs(text), [r(RefKind::DocRole, "../a/b", "../a/b"), r(RefKind::RefRole, "sec-x", "sec-x")]);
        assert_eq!(words_of(text), ["Title", "See", "and", "and", "or"]);
    }

    #[test]
    fn crlf_input() {
        let text = "# T\r\n\r\n[a](a.md) {doc}`d`\r\n\r\n```{toctree}\r\n:maxdepth: 1\r\n\r\nOne <one>\r\ntwo\r\n```\r\n\r\n```{note}\r\n[n](n.md)\r\n```\r\n\r\n[x]: x.md\r\n";
        assert_eq!(
            refs(text),
            [
                r(RefKind::Link, "a.md", "a.md"),
                r(RefKind::DocRole, "d", "d"),
                r(RefKind::Toctree, "one", "one"),
                r(RefKind::Toctree, "two", "two"),
                r(RefKind::Link, "n.md", "n.md"),
                r(RefKind::Definition, "x.md", "x.md"),
            ]
        );
    }

    #[test]
    fn lone_cr_input() {
        let text = "# T\r\r[a](a.md)\r\r```{note}\r{ref}`x`\r```\r";
        assert_eq!(refs(text), [r(RefKind::Link, "a.md", "a.md"), r(RefKind::RefRole, "x", "x")]);
        assert_eq!(run(text).title.as_deref(), Some("T"));
    }

    #[test]
    fn content_directives() {
        let text = "```{note}\nA [n](n.md) note.\n```\n\n````{dropdown} More\n:open:\n\n(in-label)=\n## Not a page heading\n{ref}`lbl`\n```python\n[c](code.md)\n```\n````\n\n```{list-table}\n:header-rows: 1\n\n* - [t](table.md)\n  - <a href=\"h.md\">h</a>\n```\n";
        let out = run(text);
        assert!(out.headings.is_empty());
        assert_eq!(out.labels.len(), 1);
        assert_eq!(&text[out.labels[0].span.clone()], "in-label");
        assert_eq!(
            refs(text),
            [
                r(RefKind::Link, "n.md", "n.md"),
                r(RefKind::RefRole, "lbl", "lbl"),
                r(RefKind::Link, "table.md", "table.md"),
                r(RefKind::HtmlHref, "h.md", "h.md"),
            ]
        );
        assert!(words_of(text).contains(&"note"));
        assert!(!words_of(text).contains(&"open"));
    }

    #[test]
    fn toctree_titles_and_glob() {
        let text = "```{toctree}\n:glob:\n:hidden:\n\nself\nIntro <intro>\nguides/*\nhttps://example.com\n/abs/page\n```\n";
        let out = run(text);
        let got: Vec<_> = out.references.iter().map(|r| (r.dest, &text[r.span.clone()], r.glob, r.kind)).collect();
        assert_eq!(
            got,
            [
                ("intro", "intro", false, RefKind::Toctree),
                ("guides/*", "guides/*", true, RefKind::Toctree),
                ("/abs/page", "/abs/page", false, RefKind::Toctree)
            ]
        );
    }

    #[test]
    fn cards_and_buttons() {
        let text = "`````{grid} 2\n\n````{grid-item-card} A\n:link: setup/index\n:link-type: doc\n\nBody [x](x.md)\n````\n\n```{card} B\n:link: sec-label\n:link-type: ref\n```\n\n```{card}\n:link: https://x.org\n```\n`````\n\n```{button-ref} some-label\n:ref-type: ref\n```\n\n```{button-link} https://y.org\n```\n";
        assert_eq!(
            refs(text),
            [
                r(RefKind::CardDoc, "setup/index", "setup/index"),
                r(RefKind::Link, "x.md", "x.md"),
                r(RefKind::CardRef, "sec-label", "sec-label"),
                r(RefKind::CardUrl, "https://x.org", "https://x.org"),
                r(RefKind::CardRef, "some-label", "some-label"),
                r(RefKind::CardUrl, "https://y.org", "https://y.org"),
            ]
        );
    }

    #[test]
    fn indented_directive_in_list() {
        let text = "1. Step\n\n   ```{note}\n   See [x](x.md) and\n   [y](y.md).\n   ```\n\n> ```{tip}\n> [q](q.md)\n> ```\n";
        assert_eq!(refs(text), [r(RefKind::Link, "x.md", "x.md"), r(RefKind::Link, "y.md", "y.md"), r(RefKind::Link, "q.md", "q.md")]);
    }

    #[test]
    fn colon_fence_options() {
        let text = "::::{grid} 2\n:gutter: 1\n\n:::{grid-item-card} {octicon}`note` Title\n:link: notes/index\n:link-type: doc\nBody [x](x.md).\n+++\n:::\n::::\n\n:::{button-ref} lbl\n:::\n\n:::{toctree}\n:hidden:\na <b>\n:::\n";
        assert_eq!(
            refs(text),
            [
                r(RefKind::CardDoc, "notes/index", "notes/index"),
                r(RefKind::Link, "x.md", "x.md"),
                r(RefKind::CardRef, "lbl", "lbl"),
                r(RefKind::Toctree, "b", "b"),
            ]
        );
        // Colon-fence toctree titles are ordinary paragraph text to CommonMark (rare; accepted).
        assert_eq!(words_of(text), ["Title", "Body", "x", "a"]);
    }

    #[test]
    fn colon_fences_keep_links() {
        let text = ":::{note}\n:class: x\nSee [a](a.md).\n:::\n";
        assert_eq!(refs(text), [r(RefKind::Link, "a.md", "a.md")]);
        assert_eq!(words_of(text), ["See", "a"]);
    }

    #[test]
    fn nav_files() {
        let text = "# Summary\n\n- [Intro](intro.md)\n  - [Sub](sub/x.md)\n";
        let out = extract(text, 0, &ParseOptions { nav: true, ..opts(SlugStyle::Github) });
        assert!(out.references.iter().all(|r| r.kind == RefKind::Nav));
        assert_eq!(out.references.len(), 2);
    }

    #[test]
    fn body_start_offsets() {
        let text = "---\ntitle: x\n---\n[a](é.md) word\n";
        let start = text.find("[a]").unwrap();
        let out = extract(text, start, &opts(SlugStyle::Github));
        assert_eq!(&text[out.references.at(0).span], "é.md");
        assert_eq!(out.words.iter().map(|w| &text[w.clone()]).collect::<Vec<_>>(), ["a", "word"]);
    }

    /// The scanner before its byte-wise rewrite, kept as the oracle the rewrite must match.
    fn words_oracle(text: &str) -> Vec<Range<usize>> {
        let char_at = |i: usize| text.get(i..).and_then(|t| t.chars().next());
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let mut unclosed_brace = false;
        let mut i = 0;
        while let Some(c) = char_at(i) {
            let next = i + c.len_utf8();
            if is_word_char(c) {
                start.get_or_insert(i);
            } else if start.is_some() && matches!(c, '\'' | '’' | '-') && char_at(next).is_some_and(is_word_char) {
            } else {
                if let Some(s) = start.take() {
                    out.push(s..i);
                }
                if c == '{' && !unclosed_brace {
                    match text[next..].find('}') {
                        Some(close) => {
                            i = next + close + 1;
                            continue;
                        }
                        None => unclosed_brace = true,
                    }
                }
            }
            i = next;
        }
        if let Some(s) = start {
            out.push(s..text.len());
        }
        out
    }

    #[test]
    fn borrowed_destinations_are_where_the_scan_finds_them() {
        use proptest::prelude::*;
        // `link` asserts (in debug builds) that pulldown's borrowed destination is the range
        // `inline_destination` finds; this feeds it link-heavy text.
        let alphabet = prop::sample::select(vec![
            "[", "]", "(", ")", "<", ">", " ", "\\", "&amp;", "a", "b.md", "#x", "é", "\"t\"", "'t'", "!", "\n", "`", "*", "](", "[x](", "](<", "%20",
        ]);
        proptest!(ProptestConfig::with_cases(20_000), |(parts in prop::collection::vec(alphabet, 0..30))| {
            let text: String = parts.concat();
            let out = extract(&text, 0, &opts(SlugStyle::Github));
            prop_assert!(out.references.iter().all(|r| text.get(r.span.clone()).is_some()));
        });
    }

    #[test]
    fn word_scanner_matches_its_oracle() {
        use proptest::prelude::*;
        let alphabet = prop::sample::select(vec![
            "a", "Z", "7", "é", "ж", "日", "'", "’", "-", "--", " ", "{", "}", "{{", "—", "_", ".", "\n", "\u{00D7}", "ß", "word", "Is", "x9", "@", "`", "[",
            "/", ":",
        ]);
        proptest!(ProptestConfig::with_cases(2000), |(parts in prop::collection::vec(alphabet, 0..40))| {
            let text: String = parts.concat();
            let mut got = Vec::new();
            let mut ascii_ok = true;
            let has_brace = words(&text, |w, ascii, packed| {
                ascii_ok &= ascii == text[w.clone()].is_ascii();
                if let Some(packed) = packed {
                    let bytes = text.as_bytes()[w.clone()].iter().rev().fold(0u64, |acc, &b| acc << 8 | u64::from(b));
                    ascii_ok &= w.len() < 8 && packed == bytes;
                    ascii_ok &= crate::duplicates::ascii_short_hash(packed, w.len()) == crate::duplicates::word_hash(&text[w.clone()]);
                }
                // What the hashing mode relies on: an ASCII scanner word is its own core.
                ascii_ok &= !ascii || crate::duplicates::ascii_core_hash(&text.as_bytes()[w.clone()]) == crate::duplicates::word_hash(&text[w.clone()]);
                got.push(w);
            });
            prop_assert!(ascii_ok);
            prop_assert_eq!(has_brace, text.contains('{'));
            prop_assert_eq!(got, words_oracle(&text), "{:?}", text);
        });
    }

    /// Every call of `f` as (range, ascii, packed), and the returned `{` flag.
    type Calls = (Vec<(Range<usize>, bool, Option<u64>)>, bool);

    fn new_calls(text: &str) -> Calls {
        let mut out = Vec::new();
        let brace = words(text, |w, ascii, packed| out.push((w, ascii, packed)));
        (out, brace)
    }

    fn old_calls(text: &str) -> Calls {
        let mut out = Vec::new();
        let brace = scan_words::<false>(text, |w, ascii, packed| out.push((w, ascii, packed)));
        (out, brace)
    }

    #[test]
    fn block_scanner_matches_the_bytewise_one() {
        use proptest::prelude::*;
        let long = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        let alphabet = prop::sample::select(vec![
            "a",
            "Z",
            "7",
            "q",
            "é",
            "ж",
            "日",
            "'",
            "’",
            "-",
            "--",
            " ",
            " ",
            "  ",
            "{",
            "}",
            "{{",
            "—",
            "_",
            ".",
            ",",
            "\n",
            "(",
            ")",
            "word",
            "Is",
            "x9",
            "don't",
            "well-known",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            &long[..30],
            long,
            "a-",
            "-b",
            "a'",
            "`",
            "[",
            "/",
            ":",
            "ß",
        ]);
        proptest!(ProptestConfig::with_cases(20_000), |(parts in prop::collection::vec(alphabet, 0..80))| {
            let text: String = parts.concat();
            prop_assert_eq!(new_calls(&text), old_calls(&text), "{:?}", text);
        });
    }

    /// Words at and across the 8-byte chunk and 64-byte block edges, joiners there, and what
    /// stops a block (`{`, non-ASCII) just before or after a word or joiner.
    #[test]
    fn block_scanner_edges() {
        let word = |n: usize| "abcdefghijklmnopqrstuvwxyz0123456789".repeat(4)[..n].to_owned();
        let mut texts = Vec::new();
        for pad in [0, 1, 7, 8, 9, 55, 56, 57, 60, 61, 62, 63, 64, 65] {
            let pad = " ".repeat(pad);
            for n in [1, 2, 7, 8, 9, 63, 64, 65, 70] {
                for after in ["", " ", "x", "-", "'", "-x", "'x", "--x", "-'x", "- x", "-é", "’x", "é", "{x}", "{", "-{", " {y}", ".", "\n and more text here"]
                {
                    for before in ["", " ", "é ", "{x} ", "x-"] {
                        texts.push(format!("{before}{pad}{}{after}", word(n)));
                        texts.push(format!("{before}{pad}{}{after}{pad}{}", word(n), word(n)));
                    }
                }
            }
        }
        texts.extend([
            "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-a-b-c-d-e-f-g-h-i-j".to_owned(),
            "it's ".repeat(20),
            "x- ".repeat(30),
            "-'".repeat(40),
        ]);
        for text in &texts {
            assert_eq!(new_calls(text), old_calls(text), "{text:?}");
        }
    }

    #[test]
    fn words_rules() {
        assert_eq!(words_of("Don't re-use well—known _x_ 3.14 ünïcode\n"), ["Don't", "re-use", "well", "known", "x", "3", "14", "ünïcode"]);
    }

    /// Random soups of Markdown, `MyST` and HTML fragments: no panic, every span inside the text
    /// and on character boundaries.
    #[test]
    fn random_fragments_never_panic() {
        const TOKENS: [&str; 44] = [
            "[",
            "]",
            "(",
            ")",
            "<",
            ">",
            "`",
            "```",
            "````{note}",
            "```{toctree}",
            ":::{card}",
            "{doc}",
            "{ref}",
            "\n",
            "\r\n",
            "\r",
            "> ",
            "- ",
            "1. ",
            "   ",
            "é",
            "你",
            "🚀",
            "<!--",
            "-->",
            "<a href=\"",
            "\"",
            "# ",
            "{#x}",
            "*",
            "_",
            "\\",
            "[x]: ",
            ":link: ",
            ":link-type: doc",
            "(l)=",
            "|",
            "---",
            "\t",
            "![",
            "{",
            "}",
            "a.md",
            "word ",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..3000 {
            let len = next() % 80;
            let text: String = (0..len).map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize]).collect();
            let style = [SlugStyle::Github, SlugStyle::Mkdocs, SlugStyle::Myst, SlugStyle::Gitlab][round % 4];
            let out = extract(&text, 0, &opts(style));
            let ok = |r: &Range<usize>| r.start <= r.end && text.get(r.clone()).is_some();
            assert!(out.references.iter().all(|r| ok(&r.span)), "{text:?}");
            assert!(out.words.iter().all(ok), "{text:?}");
            assert!(out.labels.iter().all(|l| ok(&l.span)), "{text:?}");
            assert!(out.suppressions.iter().all(|s| ok(&s.span) && s.rules.iter().all(|(_, r)| ok(r))), "{text:?}");
        }
    }

    #[test]
    fn hostile_inputs_do_not_blow_up() {
        let deep = ">".repeat(50_000) + " x\n";
        let _ = run(&deep);
        let brackets = "[".repeat(20_000) + "a";
        let _ = run(&brackets);
        // Inputs that would be quadratic for naive scanning.
        assert_eq!(run(&"{a ".repeat(300_000)).words.len(), 300_000);
        let _ = run(&"}`x` ".repeat(200_000));
        let _ = run(&format!("<div>\n{}", "<script>x</SCRIPT>".repeat(100_000)));
        let _ = run(&format!("# {}x{}", "![".repeat(10_000), "](a)".repeat(10_000)));
        let long = "word [a](b.md) ".repeat(70_000);
        assert_eq!(run(&long).references.len(), 70_000);
        let mut nested = String::new();
        for i in (3..40).rev() {
            nested.push_str(&"`".repeat(i));
            nested.push_str("{note}\n");
        }
        nested.push_str("[deep](deep.md)\n");
        for i in 3..40 {
            nested.push_str(&"`".repeat(i));
            nested.push('\n');
        }
        let _ = run(&nested);
        let _ = run("```{note}\n");
        let _ = run("<a href=\"unclosed");
        let _ = run("[x]: <unclosed\n\n[é][]\n\n```{toctree}\n```");
    }

    /// Sanity check on real trees: `DOCLINT_CORPORA=/work/shared/corpora cargo test --release
    /// corpus_counts -- --ignored --nocapture` prints reference counts per kind for each tree.
    #[test]
    #[ignore = "needs the corpora checkout named by DOCLINT_CORPORA"]
    #[allow(clippy::print_stderr)] // a report for a human, on purpose
    fn corpus_counts() {
        use std::collections::BTreeMap;
        let Ok(root) = std::env::var("DOCLINT_CORPORA") else { return };
        let trees = [
            ("nemo-gym", "nemo-gym/docs", SlugStyle::Myst),
            ("nemo-gym-reorg-naive", "nemo-gym-reorg-naive/docs", SlugStyle::Myst),
            ("nemo-rl", "nemo-rl/docs", SlugStyle::Myst),
            ("nemo-curator", "nemo-curator/docs", SlugStyle::Myst),
            ("fastapi-en", "fastapi/docs/en/docs", SlugStyle::Mkdocs),
            ("fastapi-all", "fastapi/docs", SlugStyle::Mkdocs),
            ("pydantic", "pydantic/docs", SlugStyle::Mkdocs),
            ("mkdocs-material", "mkdocs-material/docs", SlugStyle::Mkdocs),
            ("react-native", "react-native/docs", SlugStyle::Github),
            ("rust-book", "rust-book/src", SlugStyle::Github),
        ];
        for (name, dir, slug) in trees {
            let files: Vec<(String, String)> = walkdir::WalkDir::new(format!("{root}/{dir}"))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|e| e == "md" || e == "mdx"))
                .filter_map(|e| Some((e.path().display().to_string(), std::fs::read_to_string(e.path()).ok()?)))
                .collect();
            // Time the extraction alone (front matter + one Markdown pass per page).
            let mut elapsed = std::time::Duration::MAX;
            for _ in 0..3 {
                let started = std::time::Instant::now();
                for (path, text) in &files {
                    let opts = ParseOptions { slug, content_type_key: "content_type".into(), nav: path.ends_with("SUMMARY.md"), duplicates: None };
                    std::hint::black_box(extract(text, 0, &opts));
                }
                elapsed = elapsed.min(started.elapsed());
            }
            let (mut pages, mut labels, mut headings, mut words, mut ids, mut mismatched) = (0, 0, 0, 0, 0, 0);
            let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
            for (path, text) in files {
                let opts = ParseOptions { slug, content_type_key: "content_type".into(), nav: path.ends_with("SUMMARY.md"), duplicates: None };
                let page = crate::page::parse(path, String::new(), text, false, &opts);
                pages += 1;
                labels += page.labels.len();
                let page_headings = page.headings();
                headings += page_headings.len();
                words += page.word_count;
                ids += page_headings.iter().filter(|h| h.id.is_some()).count();
                for r in &page.references {
                    if page.text()[r.span.clone()] != *r.dest {
                        mismatched += 1;
                        if mismatched <= 5 {
                            eprintln!("  span differs: {}: {:?} {:?}", page.path, r.dest, &page.text()[r.span.clone()]);
                        }
                    }
                    *kinds.entry(format!("{:?}", r.kind)).or_default() += 1;
                    if std::env::var("DOCLINT_SHOW").is_ok_and(|k| k == format!("{:?}", r.kind)) {
                        eprintln!("  {}: {:?} {:?}", page.path, r.dest, &page.text()[r.span.clone()]);
                    }
                }
            }
            eprintln!(
                "{name}: {pages} pages, {headings} headings ({ids} ids), {labels} labels, {words} words, {mismatched} spans differ, {kinds:?}, extract: {elapsed:?}"
            );
        }
    }
}

#[cfg(test)]
mod footnote_tests {
    use super::*;
    use crate::page::SlugStyle;

    #[test]
    fn footnotes_are_anchors() {
        let opts = ParseOptions { slug: SlugStyle::Mkdocs, content_type_key: "content_type".to_owned(), nav: false, duplicates: None };
        let out = extract("Text[^1].\n\n[^1]: The note.\n", 0, &opts);
        for a in ["fn:1", "fnref:1", "user-content-fn-1", "user-content-fnref-1"] {
            assert!(out.anchors.iter().any(|x| x == a), "{a} in {:?}", out.anchors);
        }
    }
}
