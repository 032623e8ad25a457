//! Page-entry globs. Most are one `*` between literal text (`guides/*.md`): those match by
//! their prefix and suffix, without a regex, and never compile one (a regex per section
//! was 2 ms of a 100-section manifest's load); every other shape goes to globset.

use globset::{Glob, GlobMatcher};

/// A compiled page glob (`*` stays within one directory, as globset with `literal_separator`).
#[derive(Debug, Clone)]
pub struct PageGlob {
    shape: Shape,
}

#[derive(Debug, Clone)]
enum Shape {
    /// `prefix*suffix` with no other glob syntax: the two literals.
    Star(String, String),
    Other(GlobMatcher),
}

impl PageGlob {
    #[must_use]
    pub fn new(glob: &Glob) -> Self {
        let pattern = glob.glob();
        let shape = match pattern.split_once('*') {
            Some((prefix, suffix)) if !prefix.contains(is_syntax) && !suffix.contains(is_syntax) && !suffix.contains('/') => {
                Shape::Star(prefix.to_owned(), suffix.to_owned())
            }
            _ => Shape::Other(glob.compile_matcher()),
        };
        Self { shape }
    }

    #[must_use]
    pub fn is_match(&self, path: &str) -> bool {
        match &self.shape {
            Shape::Star(prefix, suffix) => {
                path.len() >= prefix.len() + suffix.len()
                    && path.starts_with(prefix.as_str())
                    && path.ends_with(suffix.as_str())
                    && !path.as_bytes()[prefix.len()..path.len() - suffix.len()].contains(&b'/')
            }
            Shape::Other(matcher) => matcher.is_match(path),
        }
    }
}

/// Characters with a meaning in a glob (with backslash escapes on).
fn is_syntax(c: char) -> bool {
    matches!(c, '*' | '?' | '[' | ']' | '{' | '}' | '\\')
}

#[cfg(test)]
mod tests {
    use super::*;
    use globset::GlobBuilder;

    #[test]
    fn agrees_with_globset() {
        use proptest::prelude::*;
        proptest!(ProptestConfig::with_cases(20_000), |(pattern in "[ab/.*?\\[\\]{},\\\\]{0,7}", path in "[ab/.*?\\\\]{0,8}")| {
            let Ok(glob) = GlobBuilder::new(&pattern).literal_separator(true).backslash_escape(true).build() else { return Ok(()) };
            prop_assert_eq!(PageGlob::new(&glob).is_match(&path), glob.compile_matcher().is_match(&path), "{} {}", pattern, path);
        });
    }

    #[test]
    fn common_shapes_take_the_literal_path() {
        let glob = |p: &str| PageGlob::new(&GlobBuilder::new(p).literal_separator(true).backslash_escape(true).build().unwrap());
        let g = glob("guides/*.md");
        assert!(matches!(g.shape, Shape::Star(..)));
        assert!(g.is_match("guides/a.md") && g.is_match("guides/.md"));
        assert!(!g.is_match("guides/a/b.md") && !g.is_match("guides.md") && !g.is_match("other/a.md"));
        assert!(matches!(glob("guides/**/*.md").shape, Shape::Other(_)));
        assert!(matches!(glob("*.{md,mdx}").shape, Shape::Other(_)));
    }
}
