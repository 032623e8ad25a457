//! mkdocs.yml: `docs_dir` and the `nav` tree. Tags such as `!!python/name:…` and `!ENV` are
//! kept as tagged values by the YAML parser and ignored here; if a document still does not
//! parse, the tags are stripped textually and parsing is tried once more.

use serde_yaml_ng::Value;

/// A page of the nav with the title of its top-level group, if it sits in one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavPage {
    pub group: Option<String>,
    /// As written in the nav: relative to `docs_dir`.
    pub path: String,
}

/// What mkdocs.yml says about the site's pages.
#[derive(Debug, Clone)]
pub struct MkdocsNav {
    /// `docs_dir`, relative to the directory of mkdocs.yml (default `docs`).
    pub docs_dir: String,
    /// `None` when there is no `nav` (mkdocs then lists every page).
    pub pages: Option<Vec<NavPage>>,
}

/// Parses the text of a mkdocs.yml.
pub fn parse(text: &str) -> Result<MkdocsNav, String> {
    let doc: Value = match serde_yaml_ng::from_str(text) {
        Ok(v) => v,
        Err(first) => serde_yaml_ng::from_str(&strip_tags(text)).map_err(|_| first.to_string())?,
    };
    let docs_dir = doc.get("docs_dir").and_then(Value::as_str).unwrap_or("docs").trim_end_matches('/').to_owned();
    let pages = doc.get("nav").map(|nav| {
        let mut out = Vec::new();
        collect(nav, None, true, &mut out);
        out
    });
    Ok(MkdocsNav { docs_dir, pages })
}

fn collect(v: &Value, group: Option<&str>, top: bool, out: &mut Vec<NavPage>) {
    match v {
        Value::Sequence(items) => {
            for item in items {
                collect(item, group, top, out);
            }
        }
        Value::Mapping(map) => {
            for (k, child) in map {
                // At the top level a titled list is a group; deeper, the group stays.
                let title = k.as_str();
                let g = if top && matches!(child, Value::Sequence(_)) { title.or(group) } else { group };
                collect(child, g, false, out);
            }
        }
        Value::String(s) => {
            let s = s.trim();
            if !s.is_empty() && !crate::resolve::is_external(s) {
                out.push(NavPage { group: group.map(str::to_owned), path: s.trim_start_matches("./").to_owned() });
            }
        }
        Value::Tagged(t) => collect(&t.value, group, top, out),
        _ => {}
    }
}

/// Removes YAML tags (`!ENV`, `!!python/name:x.y`) so that the rest parses as plain data.
fn strip_tags(text: &str) -> String {
    let re = regex::Regex::new(r#"(^|[\s\[{,:])!!?[^\s,\]}'"]*"#).expect("valid regex");
    re.replace_all(text, "$1").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_groups_and_unknown_tags() {
        let text = "site_name: x\ndocs_dir: src\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n      enabled: !ENV [CI, false]\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds: {case: lower}\nnav:\n  - index.md\n  - Guide:\n      - Start: guide/start.md\n      - More:\n          - guide/deep/more.md\n  - External: https://example.com\n";
        let nav = parse(text).expect("parses");
        assert_eq!(nav.docs_dir, "src");
        let pages = nav.pages.expect("nav");
        let got: Vec<(Option<&str>, &str)> = pages.iter().map(|p| (p.group.as_deref(), p.path.as_str())).collect();
        assert_eq!(got, [(None, "index.md"), (Some("Guide"), "guide/start.md"), (Some("Guide"), "guide/deep/more.md")]);
    }

    #[test]
    fn no_nav_and_bad_yaml() {
        assert!(parse("site_name: x\n").expect("parses").pages.is_none());
        assert!(parse("nav: [\n").is_err());
    }
}
