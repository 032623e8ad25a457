//! invalid-front-matter: front matter that does not parse or never closes.

use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::page::Page;
use crate::workspace::Workspace;

pub(crate) struct InvalidFrontMatter;

impl Rule for InvalidFrontMatter {
    fn check_page(&self, page: &Page, _ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let Some((message, span)) = &page.front_matter.error else { return };
        let help = if message.contains("never closes") {
            "close it with a line holding only `---` (or `+++` for TOML), or start the page with something else if it is a thematic break"
        } else {
            "fix the syntax: until it parses, doclint cannot read the page's title, content type or topics"
        };
        out.push(Diagnostic::new(RuleId::InvalidFrontMatter, &page.project_path, message.clone()).at(page.span(span.clone())).help(help).subject(page.path.clone()));
    }
}
