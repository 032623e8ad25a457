//! Front matter: YAML between `---` lines or TOML between `+++` lines at the top of a page.

use std::ops::Range;

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
}

#[derive(Clone, Copy)]
enum Syntax {
    Yaml,
    Toml,
}

/// Finds and parses the front matter of `text` (BOM already stripped).
#[must_use]
pub fn parse(text: &str, content_type_key: &str) -> FrontMatter {
    let (syntax, fence) = if first_line(text) == "---" {
        (Syntax::Yaml, "---")
    } else if first_line(text) == "+++" {
        (Syntax::Toml, "+++")
    } else {
        return FrontMatter::default();
    };
    let open_end = line_end_with_break(text, 0);
    let mut pos = open_end;
    let mut close = None;
    while pos < text.len() {
        let line = line_content(text, pos);
        let trimmed = line.trim_end();
        if trimmed == fence || (matches!(syntax, Syntax::Yaml) && trimmed == "...") {
            close = Some((pos, line_end_with_break(text, pos)));
            break;
        }
        pos = line_end_with_break(text, pos);
    }
    let Some((close_start, close_end)) = close else {
        return FrontMatter {
            body_start: 0,
            error: Some((format!("front matter opened with `{fence}` never closes"), 0..first_line(text).len())),
            ..FrontMatter::default()
        };
    };
    let body = &text[open_end..close_start];
    let mut fm = FrontMatter { span: Some(0..close_end), body_start: close_end, ..FrontMatter::default() };
    let value = match syntax {
        Syntax::Yaml => parse_yaml(body, open_end),
        Syntax::Toml => parse_toml(body, open_end),
    };
    match value {
        Ok(Some(map)) => read_keys(&mut fm, &map, text, open_end..close_start, content_type_key),
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

fn read_keys(fm: &mut FrontMatter, map: &Map, text: &str, block: Range<usize>, content_type_key: &str) {
    if let Some(serde_json::Value::String(title)) = map.get("title") {
        fm.title = Some(title.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    if let Some(value) = map.get(content_type_key) {
        if let Some(ty) = value.as_str() {
            let span = value_span(text, &block, content_type_key, ty);
            fm.content_type = Some((ty.to_owned(), span));
        }
    }
    if let Some(topics) = map.get("topics") {
        let names: Vec<&str> = match topics {
            serde_json::Value::String(s) => vec![s.as_str()],
            serde_json::Value::Array(items) => items.iter().filter_map(serde_json::Value::as_str).collect(),
            _ => Vec::new(),
        };
        fm.topics = names.into_iter().map(|n| (n.to_owned(), value_span(text, &block, "topics", n))).collect();
    }
    fm.orphan = matches!(map.get("orphan"), Some(serde_json::Value::Bool(true)));
    if let Some(disable) = map.get("doclint").and_then(|d| d.get("disable")) {
        let names: Vec<&str> = match disable {
            serde_json::Value::String(s) => vec![s.as_str()],
            serde_json::Value::Array(items) => items.iter().filter_map(serde_json::Value::as_str).collect(),
            _ => Vec::new(),
        };
        fm.disable = names.into_iter().map(|n| (n.to_owned(), value_span(text, &block, "doclint", n))).collect();
    }
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

fn first_line(text: &str) -> &str {
    line_content(text, 0).trim_end()
}

/// The line starting at `start`, without its line break.
fn line_content(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    &rest[..end]
}

/// The offset just past the line break of the line starting at `start`.
fn line_end_with_break(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    match rest.find(['\n', '\r']) {
        Some(i) if rest[i..].starts_with("\r\n") => start + i + 2,
        Some(i) => start + i + 1,
        None => text.len(),
    }
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
}
