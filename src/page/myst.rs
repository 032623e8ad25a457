//! `MyST` syntax that `CommonMark` does not know: roles, `(label)=` targets, directives.
//!
//! pulldown-cmark sees all of these as ordinary Markdown (a paragraph, a text followed by a
//! code span, a fenced code block); `markdown.rs` recognises them at the event level and calls
//! the small parsers here on the few source lines involved. Every range returned here is
//! relative to the string passed in.

use std::ops::Range;

use super::RefKind;

/// Splits `s` into lines, yielding each line's start offset and its text without the line
/// ending. Line endings are `\n`, `\r\n` and a lone `\r`.
pub(crate) fn lines(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = s.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'\n' && bytes[end] != b'\r' {
            end += 1;
        }
        pos = end;
        if bytes.get(pos) == Some(&b'\r') {
            pos += 1;
        }
        if bytes.get(pos) == Some(&b'\n') && (pos == end || bytes[end] == b'\r') {
            pos += 1;
        }
        // `end` stops at an ASCII byte or the end, so both slice ends are char boundaries.
        Some((start, &s[start..end]))
    })
}

/// Range of `inner` inside `outer`, when `inner` is a subslice of it.
fn sub_range(outer: &str, inner: &str) -> Range<usize> {
    let start = (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize);
    start..start + inner.len()
}

/// A `(name)=` target line: returns the range of `name` within `line`.
pub(crate) fn label_in_line(line: &str) -> Option<Range<usize>> {
    let trimmed = line.trim();
    let name = trimmed.strip_prefix('(')?.strip_suffix(")=")?;
    if name.is_empty() || name.contains(|c: char| c.is_whitespace() || c == '(' || c == ')') {
        return None;
    }
    Some(sub_range(line, name))
}

/// The role name written right before a code span starting at `code_start` (`{doc}` in
/// ``{doc}`path` ``), if any.
pub(crate) fn role_before(src: &str, code_start: usize) -> Option<&str> {
    let before = src.get(..code_start)?.strip_suffix('}')?;
    let open = before.rfind('{')?;
    let name = &before[open + 1..];
    let valid = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_' | b'+' | b'.'));
    valid.then_some(name)
}

/// The target of a role whose code span (with its backticks) is `code`: the text inside a
/// trailing `<…>` (explicit title form), else the whole content, trimmed.
pub(crate) fn role_target(code: &str) -> Option<Range<usize>> {
    let ticks = code.bytes().take_while(|&b| b == b'`').count();
    let content = code.get(ticks..code.len().checked_sub(ticks)?)?;
    let trimmed = content.trim();
    let target = match trimmed.strip_suffix('>') {
        Some(head) if head.contains('<') => head[head.rfind('<')? + 1..].trim(),
        _ => trimmed,
    };
    (!target.is_empty()).then(|| sub_range(code, target))
}

/// A directive's `{name}` and its argument, from a fence's info string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DirectiveInfo<'a> {
    pub name: &'a str,
    pub argument: &'a str,
}

pub(crate) fn directive_info(info: &str) -> Option<DirectiveInfo<'_>> {
    let rest = info.trim().strip_prefix('{')?;
    let close = rest.find('}')?;
    let name = rest[..close].trim();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return None;
    }
    Some(DirectiveInfo { name, argument: rest[close + 1..].trim() })
}

/// What a directive's body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DirectiveClass {
    /// A list of docnames.
    Toctree,
    /// Code, math, raw markup or reStructuredText: nothing is extracted.
    Code,
    /// Markdown content (admonitions, cards, tabs, and any unknown directive).
    Content,
}

pub(crate) fn classify(name: &str) -> DirectiveClass {
    match name {
        "toctree" => DirectiveClass::Toctree,
        "code-block" | "code" | "sourcecode" | "code-cell" | "mermaid" | "literalinclude" | "include" | "math" | "raw" | "csv-table" | "graphviz"
        | "plantuml" | "jupyter-execute" | "ipython" | "eval-rst" | "eval-md" | "highlight" | "doctest" | "testcode" | "testoutput" | "parsed-literal"
        | "program-output" | "command-output" | "exec" | "automodule" => DirectiveClass::Code,
        // autodoc (`autoclass`, `autofunction`, …) and domain directives (`py:function`) hold
        // reStructuredText signatures, not Markdown.
        _ if name.starts_with("auto") || name.contains(':') => DirectiveClass::Code,
        _ => DirectiveClass::Content,
    }
}

/// A directive option: its key and the range of its value in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DirectiveOption<'a> {
    pub key: &'a str,
    pub value: Range<usize>,
}

/// The options at the top of a directive body (`:key: value` lines, or a `---` YAML block),
/// and where the content after them starts.
#[derive(Debug, Default)]
pub(crate) struct Options<'a> {
    pub entries: Vec<DirectiveOption<'a>>,
    pub content_start: usize,
}

impl Options<'_> {
    pub(crate) fn get(&self, key: &str) -> Option<Range<usize>> {
        self.entries.iter().rev().find(|o| o.key == key).map(|o| o.value.clone())
    }

    pub(crate) fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|o| o.key == key)
    }
}

pub(crate) fn split_options(body: &str) -> Options<'_> {
    let mut options = Options::default();
    let mut yaml = false;
    for (i, (start, line)) in lines(body).enumerate() {
        let next_line = start + line.len() + eol_len(body, start + line.len());
        if i == 0 && line.trim_end() == "---" {
            yaml = true;
            options.content_start = next_line;
            continue;
        }
        if yaml {
            options.content_start = next_line;
            if line.trim_end() == "---" {
                break;
            }
            if let Some((key, value)) = line.split_once(':') {
                let key = key.trim();
                if !key.is_empty() && !key.contains(' ') {
                    options.entries.push(DirectiveOption { key, value: offset(sub_range(body, value.trim()), 0) });
                }
            }
            continue;
        }
        let Some(option) = option_line(line) else { break };
        options.entries.push(DirectiveOption { key: option.0, value: offset(option.1, start) });
        options.content_start = next_line;
    }
    options
}

/// A `:key: value` line: the key and the value's range within `line`.
fn option_line(line: &str) -> Option<(&str, Range<usize>)> {
    let rest = line.trim_start().strip_prefix(':')?;
    let close = rest.find(':')?;
    let key = &rest[..close];
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')) {
        return None;
    }
    let value = rest[close + 1..].trim();
    Some((key, sub_range(line, value)))
}

fn offset(r: Range<usize>, by: usize) -> Range<usize> {
    r.start + by..r.end + by
}

fn eol_len(s: &str, at: usize) -> usize {
    match s.as_bytes().get(at..at + 2) {
        Some(b"\r\n") => 2,
        _ if at < s.len() => 1,
        _ => 0,
    }
}

/// One `{toctree}` entry: the range of its docname in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TocEntry {
    pub dest: Range<usize>,
    pub glob: bool,
}

/// The entries of a toctree body whose content starts at `content_start`. `self` and external
/// URLs are not documents and are skipped.
pub(crate) fn toctree_entries(body: &str, options: &Options<'_>) -> Vec<TocEntry> {
    let glob = options.has("glob");
    let content = body.get(options.content_start..).unwrap_or("");
    let mut entries = Vec::new();
    for (start, line) in lines(content) {
        let trimmed = line.trim();
        if trimmed.is_empty() || option_line(trimmed).is_some() {
            continue;
        }
        let target = match trimmed.strip_suffix('>') {
            Some(head) if head.contains('<') => head[head.rfind('<').unwrap_or(0) + 1..].trim(),
            _ => trimmed,
        };
        if target.is_empty() || target == "self" || is_external(target) {
            continue;
        }
        let dest = offset(sub_range(line, target), start + options.content_start);
        entries.push(TocEntry { dest, glob: glob && target.contains(['*', '?', '[']) });
    }
    entries
}

/// URLs with a scheme (`https://`, `mailto:`) are never checked.
pub(crate) fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let scheme_len = dest.bytes().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')).count();
    scheme_len > 1 && dest.as_bytes().get(scheme_len) == Some(&b':') && dest.as_bytes()[0].is_ascii_alphabetic()
}

/// The kind of a sphinx-design `:link:` given its `:link-type:` value.
pub(crate) fn card_link_kind(link_type: Option<&str>) -> RefKind {
    match link_type.map(str::trim) {
        Some("doc") => RefKind::CardDoc,
        Some("ref") => RefKind::CardRef,
        _ => RefKind::CardUrl,
    }
}

/// `{button-ref}` names its target in the argument; `:ref-type:` is `ref` unless it says `doc`.
pub(crate) fn button_ref_kind(ref_type: Option<&str>) -> RefKind {
    match ref_type.map(str::trim) {
        Some("doc") => RefKind::CardDoc,
        Some("myst") => RefKind::CardUrl,
        _ => RefKind::CardRef,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_handle_every_ending() {
        let got: Vec<_> = lines("a\r\nb\rc\n\nd").collect();
        assert_eq!(got, [(0, "a"), (3, "b"), (5, "c"), (7, ""), (8, "d")]);
    }

    #[test]
    fn labels() {
        let line = "(my-label)=";
        assert_eq!(&line[label_in_line(line).unwrap()], "my-label");
        assert_eq!(label_in_line("(a b)="), None);
        assert_eq!(label_in_line("(x)= text"), None);
    }

    #[test]
    fn roles() {
        let src = "see {doc}`x`";
        assert_eq!(role_before(src, 9), Some("doc"));
        assert_eq!(role_before("see `x`", 4), None);
        let code = "`Title <../a/b>`";
        assert_eq!(&code[role_target(code).unwrap()], "../a/b");
        let code = "`` plain ``";
        assert_eq!(&code[role_target(code).unwrap()], "plain");
    }

    #[test]
    fn directive_infos() {
        assert_eq!(directive_info("{note} Title"), Some(DirectiveInfo { name: "note", argument: "Title" }));
        assert_eq!(directive_info("python"), None);
        assert_eq!(classify("autoclass"), DirectiveClass::Code);
        assert_eq!(classify("py:function"), DirectiveClass::Code);
        assert_eq!(classify("grid-item-card"), DirectiveClass::Content);
    }

    #[test]
    fn options_and_toctree() {
        let body = ":maxdepth: 2\r\n:glob:\r\n\r\nintro\r\nGuide <guide/index>\r\nref/*\r\nself\r\nhttps://x.org\r\n";
        let options = split_options(body);
        assert_eq!(options.entries.len(), 2);
        assert_eq!(&body[options.get("maxdepth").unwrap()], "2");
        let entries = toctree_entries(body, &options);
        let got: Vec<_> = entries.iter().map(|e| (&body[e.dest.clone()], e.glob)).collect();
        assert_eq!(got, [("intro", false), ("guide/index", false), ("ref/*", true)]);
    }

    #[test]
    fn yaml_options() {
        let body = "---\nlink: a/b\nlink-type: doc\n---\nBody";
        let options = split_options(body);
        assert_eq!(&body[options.get("link").unwrap()], "a/b");
        assert_eq!(&body[options.content_start..], "Body");
    }

    #[test]
    fn externals() {
        assert!(is_external("https://x"));
        assert!(is_external("mailto:a@b"));
        assert!(!is_external("a/b.md"));
        assert!(!is_external("c:"));
    }
}
