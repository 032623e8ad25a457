//! The common front matter read without a YAML parser: only `key: value` lines whose values YAML
//! certainly reads as plain strings (or as exactly `true`/`false`). `serde_yaml_ng` costs ~2 µs
//! even for two lines; this costs a small fraction of that.
//!
//! Anything else answers `None` and the caller parses with `serde_yaml_ng`, so this only has to be
//! right when it answers, and it answers only where YAML leaves no room for doubt. The property
//! test in `super::tests` holds it to `serde_yaml_ng`.

use super::{Keys, Written};

/// The keys of `body` (the text between the fences), or `None` unless every line is blank (spaces
/// only) or `key: value` at column 0 with a plain-identifier key seen once and a certain scalar.
/// Values carry their offsets in `body`, so that the caller need not search for them.
pub(super) fn keys<'a>(body: &'a str, content_type_key: &str) -> Option<Keys<'a>> {
    let mut keys = Keys::default();
    // Keys so far, without allocating; front matter with more keys is left to serde_yaml_ng.
    let mut seen = [""; 32];
    let mut count = 0;
    let mut next_line = 0;
    for line in body.split('\n') {
        let line_start = next_line;
        next_line += line.len() + 1;
        // A lone `\r` is a line break to YAML too; it stays in the line and fails the checks below.
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.bytes().all(|b| b == b' ') {
            continue;
        }
        // The key ends at the first `:` (a byte scan; `split_once(": ")` sets up a substring search).
        let colon = line.bytes().position(|b| b == b':')?;
        let (key, rest) = line.split_at(colon);
        let value = rest.strip_prefix(": ")?;
        // A duplicate key is an error to serde_yaml_ng; let it say so.
        if !is_plain_key(key) || seen[..count].contains(&key) || count == seen.len() {
            return None;
        }
        seen[count] = key;
        count += 1;
        let (lead, value) = trim_spaces(value);
        let scalar = scalar(value)?;
        // Where `value_span` would find it: no other line's key starts with this one (keys are plain
        // and unique), and the colon and spaces before the value cannot start a plain string.
        let written = scalar.as_str().map(|value| Written { value, at: Some(line_start + colon + 2 + lead) });
        // Each key is read independently: the content-type key may be `title` or `topics`.
        if key == "title" {
            keys.title = scalar.as_str();
        }
        if key == content_type_key {
            keys.content_type = written;
        }
        if key == "topics" {
            keys.topics = written.into_iter().collect();
        }
        if key == "orphan" {
            keys.orphan = scalar == Scalar::Bool(true);
        }
        // `doclint` as a scalar has no `disable`; a mapping is not simple.
    }
    Some(keys)
}

/// `s` without leading and trailing spaces (a byte loop: `trim_matches` sets up a char searcher),
/// and how many leading spaces there were.
fn trim_spaces(s: &str) -> (usize, &str) {
    let lead = s.bytes().take_while(|&b| b == b' ').count();
    let end = s.bytes().rposition(|b| b != b' ').map_or(lead, |i| i + 1);
    (lead, &s[lead..end])
}

#[derive(Clone, Copy, PartialEq)]
enum Scalar<'a> {
    Str(&'a str),
    Bool(bool),
}

impl<'a> Scalar<'a> {
    fn as_str(self) -> Option<&'a str> {
        match self {
            Scalar::Str(s) => Some(s),
            Scalar::Bool(_) => None,
        }
    }
}

/// What YAML reads from a plain scalar written alone on its line, when this is sure of it.
fn scalar(value: &str) -> Option<Scalar<'_>> {
    match value {
        // serde_yaml_ng's booleans, exactly (`yes`/`on` are strings to it, but are not taken here).
        "true" | "True" | "TRUE" => Some(Scalar::Bool(true)),
        "false" | "False" | "FALSE" => Some(Scalar::Bool(false)),
        _ => is_plain_string(value).then_some(Scalar::Str(value)),
    }
}

/// A key YAML reads as this very string and that libyaml takes as a simple key.
fn is_plain_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && key.len() <= 64
        && !is_reserved_word(key)
}

/// A plain scalar YAML certainly reads as this very string: starts with a letter (so no indicator,
/// number, `~` or `.inf`), is not a null/boolean word of any YAML version, has no `: ` or ` #`
/// (mapping value, comment) and only characters libyaml reads as ordinary text.
fn is_plain_string(value: &str) -> bool {
    value.chars().next().is_some_and(char::is_alphabetic)
        && !is_reserved_word(value)
        && !value.ends_with(':')
        && !value.as_bytes().windows(2).any(|pair| pair == b": " || pair == b" #")
        && (value.bytes().all(|b| (b' '..=b'~').contains(&b)) || value.chars().all(is_ordinary_char))
}

/// Words some YAML schema reads as null, a boolean or a float; compared ignoring ASCII case.
fn is_reserved_word(s: &str) -> bool {
    const WORDS: [&str; 12] = ["null", "true", "false", "yes", "no", "on", "off", "y", "n", "inf", "infinity", "nan"];
    s.len() <= 8 && WORDS.iter().any(|w| w.eq_ignore_ascii_case(s))
}

/// Printable ASCII, or a non-ASCII character libyaml accepts that is neither a line break
/// (U+2028, U+2029; U+0085 is below U+00A0) nor a byte-order mark. No tabs, no controls.
fn is_ordinary_char(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{A0}'..='\u{2027}' | '\u{202A}'..='\u{D7FF}' | '\u{E000}'..='\u{FEFE}' | '\u{FF00}'..='\u{FFFD}' | '\u{10000}'..)
}
