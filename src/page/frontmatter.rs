//! Front matter: YAML between `---` lines or TOML between `+++` lines at the top of a page.

use std::ops::Range;

mod simple_yaml;

/// What doclint reads from a page's front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    /// The whole block including its fences, when the page has one.
    pub span: Option<Range<usize>>,
    /// Where the Markdown body starts (after the closing fence and its line break).
    pub body_start: usize,
    /// `title`, when it is a string.
    pub title: Option<String>,
    /// The content-type key's value and the byte range of the value.
    pub content_type: Option<(String, Range<usize>)>,
    /// `topics`: each claimed topic and where it is written.
    pub topics: Vec<(String, Range<usize>)>,
    /// `orphan: true` exempts the page from orphan-page.
    pub orphan: bool,
    /// `doclint: { disable: [...] }`: rule ids and where each is written.
    pub disable: Vec<(String, Range<usize>)>,
    /// Why the block does not parse (or never closes), and where.
    pub error: Option<(String, Range<usize>)>,
    /// The Docusaurus doc id: the value of the block's first `id:` line, unquoted.
    pub doc_id: Option<String>,
}

#[derive(Clone, Copy)]
enum Syntax {
    Yaml,
    Toml,
}

/// Finds and parses the front matter of `text` (BOM already stripped).
#[must_use]
pub fn parse(text: &str, content_type_key: &str) -> FrontMatter {
    let mut fm = parse_with(text, content_type_key, true);
    fm.doc_id = fm.span.clone().and_then(|span| doc_id(text.get(span)?)).map(str::to_owned);
    fm
}

/// The value of a block's first `id:` line, as Docusaurus reads it: line-based, whatever the
/// YAML around it, so that a block that does not parse still gives its id.
fn doc_id(block: &str) -> Option<&str> {
    block.lines().find_map(|l| l.strip_prefix("id:")).map(|v| v.trim().trim_matches(['"', '\'']).trim()).filter(|v| !v.is_empty())
}

/// `fast_path: false` always takes `serde_yaml_ng`, the reference the fast path is tested against.
fn parse_with(text: &str, content_type_key: &str, fast_path: bool) -> FrontMatter {
    let (first, open_end) = line_at(text, 0);
    let first = first.trim_end();
    let (syntax, fence) = match first {
        "---" => (Syntax::Yaml, "---"),
        "+++" => (Syntax::Toml, "+++"),
        _ => return FrontMatter::default(),
    };
    let mut pos = open_end;
    let mut close = None;
    while pos < text.len() {
        let (line, next) = line_at(text, pos);
        let trimmed = line.trim_end();
        if trimmed == fence || (matches!(syntax, Syntax::Yaml) && trimmed == "...") {
            close = Some((pos, next));
            break;
        }
        pos = next;
    }
    let Some((close_start, close_end)) = close else {
        return FrontMatter {
            body_start: 0,
            error: Some((format!("front matter opened with `{fence}` never closes"), 0..first.len())),
            ..FrontMatter::default()
        };
    };
    let body = &text[open_end..close_start];
    let block = open_end..close_start;
    let mut fm = FrontMatter { span: Some(0..close_end), body_start: close_end, ..FrontMatter::default() };
    let fast = match syntax {
        Syntax::Yaml if fast_path => simple_yaml::keys(body, content_type_key),
        _ => None,
    };
    if let Some(keys) = fast {
        apply_keys(&mut fm, &keys, text, &block, content_type_key);
        return fm;
    }
    let value = match syntax {
        Syntax::Yaml => parse_yaml(body, open_end),
        Syntax::Toml => parse_toml(body, open_end),
    };
    match value {
        Ok(Some(map)) => apply_keys(&mut fm, &keys_of_map(&map, content_type_key), text, &block, content_type_key),
        Ok(None) => {}
        Err((message, span)) => fm.error = Some((message, span)),
    }
    fm
}

type Map = serde_json::Map<String, serde_json::Value>;

fn parse_yaml(body: &str, offset: usize) -> Result<Option<Map>, (String, Range<usize>)> {
    if body.trim().is_empty() {
        return Ok(None);
    }
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(body).map_err(|e| {
        let at = e.location().map_or(offset, |l| offset + l.index().min(body.len()));
        (format!("front matter is not valid YAML: {}", strip_location(&e.to_string())), at..at)
    })?;
    match yaml_to_json(value) {
        serde_json::Value::Object(map) => Ok(Some(map)),
        serde_json::Value::Null => Ok(None),
        other => Err((format!("front matter must be a mapping of keys, not {}", json_kind(&other)), offset..offset + body.trim_end().len())),
    }
}

fn parse_toml(body: &str, offset: usize) -> Result<Option<Map>, (String, Range<usize>)> {
    let table: toml::Table = toml::from_str(body).map_err(|e| {
        let span = e.span().map_or(offset..offset, |s| offset + s.start..offset + s.end);
        (format!("front matter is not valid TOML: {}", e.message()), span)
    })?;
    match serde_json::to_value(table) {
        Ok(serde_json::Value::Object(map)) => Ok(Some(map)),
        _ => Ok(None),
    }
}

/// YAML values become JSON-like values; tags (`!ENV`, `!!python/name`) are dropped, keeping the
/// tagged value, and non-string keys are written as strings.
fn yaml_to_json(value: serde_yaml_ng::Value) -> serde_json::Value {
    use serde_yaml_ng::Value as Y;
    match value {
        Y::Null => serde_json::Value::Null,
        Y::Bool(b) => serde_json::Value::Bool(b),
        Y::Number(n) => n
            .as_i64()
            .map(serde_json::Value::from)
            .or_else(|| n.as_u64().map(serde_json::Value::from))
            .or_else(|| n.as_f64().map(serde_json::Value::from))
            .unwrap_or(serde_json::Value::Null),
        Y::String(s) => serde_json::Value::String(s),
        Y::Sequence(items) => serde_json::Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => serde_json::Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        other => serde_yaml_ng::to_string(&other).unwrap_or_default().trim().to_owned(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "nothing",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "a mapping",
    }
}

/// `serde_yaml` appends " at line X column Y"; doclint prints its own position.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// The values doclint reads, borrowed from whichever parser produced them.
#[derive(Default)]
struct Keys<'a> {
    /// `title`, when it is a string.
    title: Option<&'a str>,
    /// The content-type key, when it is a string.
    content_type: Option<Written<'a>>,
    /// `topics`: a string or the strings of a list.
    topics: Vec<Written<'a>>,
    /// `orphan` is the boolean `true`.
    orphan: bool,
    /// `doclint.disable`: a string or the strings of a list.
    disable: Vec<Written<'a>>,
}

/// A string value and, when the parser knows it, its offset in the block (else it is searched for).
#[derive(Clone, Copy)]
struct Written<'a> {
    value: &'a str,
    at: Option<usize>,
}

impl<'a> Written<'a> {
    fn unlocated(value: &'a str) -> Self {
        Self { value, at: None }
    }
}

fn keys_of_map<'a>(map: &'a Map, content_type_key: &str) -> Keys<'a> {
    Keys {
        title: map.get("title").and_then(serde_json::Value::as_str),
        content_type: map.get(content_type_key).and_then(serde_json::Value::as_str).map(Written::unlocated),
        topics: map.get("topics").map_or_else(Vec::new, strings),
        orphan: matches!(map.get("orphan"), Some(serde_json::Value::Bool(true))),
        disable: map.get("doclint").and_then(|d| d.get("disable")).map_or_else(Vec::new, strings),
    }
}

/// A string, or the string items of a list (other items are skipped).
fn strings(value: &serde_json::Value) -> Vec<Written<'_>> {
    match value {
        serde_json::Value::String(s) => vec![Written::unlocated(s)],
        serde_json::Value::Array(items) => items.iter().filter_map(serde_json::Value::as_str).map(Written::unlocated).collect(),
        _ => Vec::new(),
    }
}

/// Fills `fm` from the keys: normalises the title and finds where each value is written.
fn apply_keys(fm: &mut FrontMatter, keys: &Keys, text: &str, block: &Range<usize>, content_type_key: &str) {
    fm.title = keys.title.map(|t| crate::text::collapse_whitespace_owned(t.to_owned()));
    let located = |key: &str, w: &Written| {
        let span = w.at.map_or_else(|| value_span(text, block, key, w.value), |at| block.start + at..block.start + at + w.value.len());
        (w.value.to_owned(), span)
    };
    fm.content_type = keys.content_type.as_ref().map(|w| located(content_type_key, w));
    fm.topics = keys.topics.iter().map(|w| located("topics", w)).collect();
    fm.orphan = keys.orphan;
    fm.disable = keys.disable.iter().map(|w| located("doclint", w)).collect();
}

/// Where a top-level key's value `needle` is written: the first occurrence of the needle after
/// the key at the start of a line; else the key's line; else the block's first line.
fn value_span(text: &str, block: &Range<usize>, key: &str, needle: &str) -> Range<usize> {
    let body = &text[block.clone()];
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let rest = line.strip_prefix(key).map(str::trim_start);
        if let Some(rest) = rest.filter(|r| r.starts_with(':') || r.starts_with('=')) {
            let key_at = block.start + offset;
            let search_from = key_at + (line.len() - rest.len());
            let tail = &text[search_from..block.end];
            if let Some(i) = tail.find(needle).filter(|_| !needle.is_empty()) {
                return search_from + i..search_from + i + needle.len();
            }
            let line_len = line.trim_end().len();
            return key_at..key_at + line_len;
        }
        offset += line.len();
    }
    block.start..block.start
}

/// The line starting at `start` without its line break, and where the next line starts (one
/// scan for both).
fn line_at(text: &str, start: usize) -> (&str, usize) {
    let rest = &text[start..];
    match line_break(rest) {
        Some(i) if rest.as_bytes()[i..].starts_with(b"\r\n") => (&rest[..i], start + i + 2),
        Some(i) => (&rest[..i], start + i + 1),
        None => (rest, text.len()),
    }
}

/// Where the first `\n` or `\r` is: a byte scan, much faster than `find(['\n', '\r'])`, which
/// decodes characters (both are ASCII, so never inside a multi-byte character).
fn line_break(s: &str) -> Option<usize> {
    s.bytes().position(|b| b == b'\n' || b == b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_with_crlf() {
        let text = "---\r\ntitle: Hello  World\r\ncontent_type: how-to\r\ntopics: [configuration]\r\n---\r\n# Body\r\n";
        let fm = parse(text, "content_type");
        assert_eq!(fm.title.as_deref(), Some("Hello World"));
        let (ty, span) = fm.content_type.clone().unwrap();
        assert_eq!(ty, "how-to");
        assert_eq!(&text[span], "how-to");
        assert_eq!(fm.topics[0].0, "configuration");
        assert_eq!(&text[fm.body_start..], "# Body\r\n");
    }

    #[test]
    fn docusaurus_doc_id() {
        let id = |text: &str| parse(text, "content_type").doc_id;
        assert_eq!(id("---\ntitle: T\nid: 'environment-setup'\n---\n").as_deref(), Some("environment-setup"));
        // Line-based, as Docusaurus reads it: a block that does not parse still has its id.
        assert_eq!(id("---\nid: setup\n: [broken\n---\n").as_deref(), Some("setup"));
        assert_eq!(id("---\nid:\nid: later\n---\n"), None, "the first `id:` line counts, even empty");
        assert_eq!(id("# no front matter\nid: x\n"), None);
    }

    #[test]
    fn toml_front_matter() {
        let fm = parse("+++\ntitle = \"T\"\norphan = true\n+++\nx", "content_type");
        assert_eq!(fm.title.as_deref(), Some("T"));
        assert!(fm.orphan);
    }

    #[test]
    fn broken_and_unclosed() {
        assert!(parse("---\ntitle: [unclosed\n---\n", "t").error.is_some());
        let fm = parse("---\ntitle: x\n", "t");
        assert!(fm.error.unwrap().0.contains("never closes"));
        assert_eq!(parse("# no front matter", "t"), FrontMatter::default());
    }

    #[test]
    fn yaml_tags_are_ignored() {
        let fm = parse("---\ntitle: !ENV [X, \"d\"]\norphan: true\n---\n", "t");
        assert!(fm.error.is_none());
        assert!(fm.orphan);
    }

    /// Parses `body` as YAML front matter both ways: (whether the fast path took it, with it, without).
    fn both_ways(body: &str, content_type_key: &str) -> (bool, FrontMatter, FrontMatter) {
        let text = format!("---\n{body}---\n# Body\n");
        let fast = parse_with(&text, content_type_key, true);
        let full = parse_with(&text, content_type_key, false);
        (simple_yaml::keys(body, content_type_key).is_some(), fast, full)
    }

    #[test]
    fn fast_path_takes_the_common_case() {
        let body = "title: Page 7468  topic \r\ncontent_type: explanation\n\ntopics: configuration\norphan: true\n";
        let (accepted, fast, full) = both_ways(body, "content_type");
        assert!(accepted);
        assert_eq!(fast, full);
        assert_eq!(fast.title.as_deref(), Some("Page 7468 topic"));
        assert!(fast.orphan);
    }

    #[test]
    fn fast_path_declines_what_yaml_reads_otherwise() {
        for body in [
            "title: yes\n",
            "title: Null\n",
            "title: 2024-01-01\n",
            "title: a: b\n",
            "title: a #b\n",
            "title: 'quoted'\n",
            "title: !ENV x\n",
            "title:\n",
            "title:x\n",
            "title: a\ntitle: b\n",
            "title: a\n  b\n",
            "title: a\tb\n",
            "title: a\u{2028}b\n",
            "y: a\n",
            "# comment\n",
            "doclint:\n  disable: [x]\n",
        ] {
            assert!(simple_yaml::keys(body, "content_type").is_none(), "{body:?}");
            let (_, fast, full) = both_ways(body, "content_type");
            assert_eq!(fast, full, "{body:?}");
        }
    }

    /// Front matter built from keys, separators, scalar fragments and line ends chosen to sit on
    /// both sides of the fast path's rules (mostly eligible, with one spoiler here and there):
    /// whenever it answers, it answers what `serde_yaml_ng` does.
    #[test]
    fn fast_path_matches_serde_yaml() {
        use proptest::prelude::*;
        fn pick(items: &[&'static str]) -> BoxedStrategy<&'static str> {
            prop::sample::select(items.to_vec()).boxed()
        }
        let key = prop_oneof![
            12 => pick(&["title", "content_type", "topics", "orphan", "doclint", "type", "Title", "_x", "a-b", "k9"]),
            1 => pick(&["null", "Null", "true", "y", "yes", "on", "nan", "key with space", "1", "-", "? x", "&a", " title", "titlé", "é"]),
        ];
        let separator = prop_oneof![12 => Just(": "), 1 => pick(&[":  ", ":", " : ", ":\t", " = ", ": \t", ":\u{a0}"])];
        let start = prop_oneof![
            12 => pick(&["Page", "a", "Z", "é", "日本", "Ωmega", "x", "yes", "on", "n", "true", "True", "false", "NULL", "inf", "Infinity", "nan"]),
            1 => pick(&["", "7", "-", "~", ".", "'", "\"", "[", "{", "!", "&", "*", "|", ">", "%", "@", "`", "#", "?", ",", "\u{a0}", "\u{feff}"]),
        ];
        let fragment = prop_oneof![
            20 => pick(&["a", "Page", " ", "  ", "#", ":x", "'", "\"", "-", "- ", "?", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "%",
                "@", "`", "~", "\\", "_", ".", "+", "null", "true", "yes", "1", "0x1F", "1.5", ".inf", "2024-01-01", "12:30", "é", "日本",
                "\u{a0}", "🎉", "–", "...", "---", "\u{3000}"]),
            1 => pick(&["\t", " #", ":", ": ", "\u{85}", "\u{2028}", "\u{2029}", "\u{feff}", "\u{7f}", "\u{1}", "\u{fffe}", "\r"]),
        ];
        let value = (start, prop::collection::vec(fragment, 0..5)).prop_map(|(s, rest)| format!("{s}{}", rest.concat()));
        let key_line = (key, separator, value).prop_map(|(k, s, v)| format!("{k}{s}{v}"));
        let other_line = pick(&["", "  ", "\t", " \t", "# comment", "  indented: x", "- item", "...", "---", "title", "orphan: True", "\u{a0}"]);
        let line = prop_oneof![12 => key_line, 1 => other_line.prop_map(str::to_owned)];
        let end = prop_oneof![12 => pick(&["\n", "\n", "\r\n"]), 1 => Just("\r")];
        let block = prop::collection::vec((line, end), 1..6);
        let content_type_key = pick(&["content_type", "type", "title", "topics"]);
        proptest!(ProptestConfig::with_cases(50_000), |(lines in block, ct in content_type_key)| {
            let body: String = lines.iter().flat_map(|(l, e)| [l.as_str(), e]).collect();
            let (_, fast, full) = both_ways(&body, ct);
            prop_assert_eq!(fast, full, "{:?}", body);
        });
    }

    /// Whole pages (fences with trailing blanks or CRLF, `...` closers, an unclosed block, values
    /// repeated as substrings of earlier lines): the fast path's own value offsets, title and fence
    /// scan give what the `serde_yaml_ng` path with its `value_span` search gives.
    #[test]
    fn fast_path_matches_serde_yaml_on_whole_pages() {
        use proptest::prelude::*;
        let key = prop::sample::select(vec!["title", "content_type", "topics", "orphan", "doclint", "type", "description", "ti", "topicsx"]);
        let word = prop::sample::select(vec![
            "how-to", "Page", "topic", "a", "é", "日本", "x:y", "a: b", "C#", "a #b", "'q'", "\"q\"", "don't", "[a, b]", "[x]", "true", "-", "\u{a0}",
            "\u{3000}", "🎉",
        ]);
        let value = prop::collection::vec((word, prop::sample::select(vec![" ", "  ", ""])), 1..4)
            .prop_map(|parts| parts.iter().flat_map(|(w, s)| [*w, *s]).collect::<String>());
        let separator = prop::sample::select(vec![": ", ": ", ":  ", " : ", ":"]);
        let line = prop_oneof![
            8 => (key, separator, value).prop_map(|(k, s, v)| format!("{k}{s}{v}")),
            1 => prop::sample::select(vec!["", "  ", "# how-to", "  - how-to", "- Page"]).prop_map(str::to_owned),
        ];
        let open = prop::sample::select(vec!["---", "---", "--- ", "+++"]);
        let close = prop::sample::select(vec!["---", "---", "...", "---  ", "+++", "# no close"]);
        let end = prop::sample::select(vec!["\n", "\r\n"]);
        let page = (open, prop::collection::vec(line, 0..6), close, end);
        proptest!(ProptestConfig::with_cases(20_000), |((open, lines, close, end) in page)| {
            let mut text = format!("{open}{end}");
            for line in &lines {
                text.push_str(line);
                text.push_str(end);
            }
            text.push_str(close);
            text.push_str(end);
            text.push_str("# Body how-to");
            prop_assert_eq!(parse_with(&text, "content_type", true), parse_with(&text, "content_type", false), "{:?}", text);
        });
    }

    /// Only eligible lines: the fast path must take every block (else the test above proves little).
    #[test]
    fn fast_path_takes_every_eligible_block() {
        use proptest::prelude::*;
        let words = prop::sample::select(vec!["Page", "topic", "a", "é", "日本", "how-to", "C#", "x:y", "don't", "[draft]", "a,b", "–", "🎉", "-1", "1.5"]);
        let value = prop::collection::vec((words, prop::sample::select(vec![" ", "  ", ""])), 1..5)
            .prop_map(|parts| format!("Value {}", parts.iter().flat_map(|(w, s)| [*w, *s]).collect::<String>()));
        let keys = prop::sample::subsequence(vec!["title", "content_type", "topics", "orphan", "doclint", "description", "id"], 0..7);
        let end = prop::sample::select(vec!["\n", "\r\n"]);
        proptest!(ProptestConfig::with_cases(5_000), |(keys in keys, values in prop::collection::vec(value, 7), end in end)| {
            let body: String = keys.iter().zip(&values).flat_map(|(k, v)| [k, ": ", v.as_str(), end]).collect();
            let (accepted, fast, full) = both_ways(&body, "content_type");
            prop_assert!(accepted, "{:?}", body);
            prop_assert_eq!(fast, full, "{:?}", body);
        });
    }
}
