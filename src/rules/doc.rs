//! Rule documents: `rules/<id>.md`, TOML front matter between `+++` lines, then Markdown.
//! The single source for `doclint rules`, `doclint explain`, SARIF descriptors and defaults.

use serde::Deserialize;

use crate::diagnostic::Severity;

/// A rule document's front matter and body.
#[derive(Debug, Clone)]
pub struct RuleDoc {
    pub id: String,
    pub default: Severity,
    pub summary: String,
    pub fixable: bool,
    /// The Markdown after the front matter.
    pub body: &'static str,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    id: String,
    default: String,
    summary: String,
    #[serde(default)]
    fixable: bool,
}

/// Parses a rule document. Documents are compiled in and checked by a test, so a malformed one
/// is a bug in doclint itself: the error says which document.
pub fn parse(source: &'static str) -> Result<RuleDoc, String> {
    let rest = source.strip_prefix("+++\n").ok_or("rule document must start with `+++`")?;
    let end = rest.find("\n+++\n").ok_or("rule document front matter never closes")?;
    let meta: Meta = toml::from_str(&rest[..end]).map_err(|e| e.message().to_owned())?;
    let default = Severity::parse(&meta.default).ok_or_else(|| format!("bad default severity `{}`", meta.default))?;
    Ok(RuleDoc { id: meta.id, default, summary: meta.summary, fixable: meta.fixable, body: rest[end + 5..].trim_start_matches('\n') })
}
