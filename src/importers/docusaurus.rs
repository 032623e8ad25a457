//! Docusaurus `sidebars.js` (or `.ts`, `.json`): a pragmatic extraction without a JavaScript
//! engine. Every string literal that could be a doc id is a candidate (`'intro'`,
//! `id: 'guides/setup'`, `items: ['a', 'b']`); candidates that name no page are ignored, so
//! labels and keys do no harm. Ids computed by code, ids set in front matter (`id:`) and
//! number prefixes that Docusaurus strips (`01-intro.md`) are not understood.

use std::sync::LazyLock;

use regex::Regex;

static STRING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`([^`$]*)`"#).expect("valid regex"));
static COMMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*//.*$|/\*(?s:.*?)\*/").expect("valid regex"));

/// String literals of the file that look like doc ids, in order, without duplicates.
#[must_use]
pub fn doc_ids(text: &str) -> Vec<String> {
    let text = COMMENT.replace_all(text, "");
    let mut out: Vec<String> = Vec::new();
    for cap in STRING.captures_iter(&text) {
        let s = cap.get(1).or_else(|| cap.get(2)).or_else(|| cap.get(3)).map_or("", |m| m.as_str()).trim();
        let plausible = !s.is_empty() && !s.contains(char::is_whitespace) && !s.starts_with('@') && !crate::resolve::is_external(s);
        if plausible && !out.iter().any(|o| o == s) {
            out.push(s.trim_start_matches("./").to_owned());
        }
    }
    out
}

/// The page paths (relative to the docs directory) a doc id may name.
#[must_use]
pub fn candidates(id: &str) -> Vec<String> {
    let id = id.trim_end_matches('/');
    if std::path::Path::new(id).extension().is_some_and(|e| e == "md" || e == "mdx") {
        return vec![id.to_owned()];
    }
    let last = id.rsplit('/').next().unwrap_or(id);
    let mut out = vec![format!("{id}.md"), format!("{id}.mdx"), format!("{id}/index.md"), format!("{id}/index.mdx"), format!("{id}/README.md")];
    out.push(format!("{id}/{last}.md"));
    out.push(format!("{id}/{last}.mdx"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_a_sidebar() {
        let text = "// a comment 'nope'\nmodule.exports = {\n  docs: [\n    'intro',\n    { type: 'category', label: 'Getting Started', items: [\"guides/setup\", {type: 'doc', id: 'guides/deploy'}] },\n  ],\n};\n";
        let ids = doc_ids(text);
        assert_eq!(ids, ["intro", "category", "guides/setup", "doc", "guides/deploy"]);
        assert!(candidates("guides/setup").contains(&"guides/setup.md".to_owned()));
    }
}
