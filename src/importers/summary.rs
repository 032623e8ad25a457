//! mdBook `SUMMARY.md`: part titles (`# Part`) and the chapter list's links.

use std::sync::LazyLock;

use regex::Regex;

use super::mkdocs::NavPage;

static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[((?:[^\]\\]|\\.)*)\]\(\s*<?([^)\s>]*)>?\s*\)").expect("valid regex"));

/// Every chapter link, in order, with the part (`# Title`) or top-level chapter it sits in.
/// Draft chapters (`[Title]()`) and external links are skipped.
#[must_use]
pub fn parse(text: &str) -> Vec<NavPage> {
    let mut out = Vec::new();
    let mut part: Option<String> = None;
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if let Some(h) = trimmed.strip_prefix('#') {
            part = Some(h.trim_start_matches('#').trim().to_owned()).filter(|t| !t.is_empty());
            continue;
        }
        for cap in LINK.captures_iter(line) {
            let dest = cap.get(2).map_or("", |m| m.as_str());
            let dest = dest.split('#').next().unwrap_or("");
            if dest.is_empty() || crate::resolve::is_external(dest) {
                continue;
            }
            let decoded = percent_encoding::percent_decode_str(dest).decode_utf8_lossy();
            out.push(NavPage { group: part.clone(), path: decoded.trim_start_matches("./").to_owned() });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_chapters_and_drafts() {
        let text = "# Summary\n\n[Intro](intro.md)\n\n# Guide\n\n- [Start](guide/start.md)\n    - [Deep](guide/deep%20dive.md#x)\n- [Draft]()\n";
        let got: Vec<(Option<String>, String)> = parse(text).into_iter().map(|p| (p.group, p.path)).collect();
        assert_eq!(
            got,
            [
                (Some("Summary".to_owned()), "intro.md".to_owned()),
                (Some("Guide".to_owned()), "guide/start.md".to_owned()),
                (Some("Guide".to_owned()), "guide/deep dive.md".to_owned())
            ]
        );
    }
}
