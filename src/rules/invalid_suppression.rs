//! invalid-suppression: a suppression naming an unknown rule.

use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::page::Page;
use crate::workspace::Workspace;

pub(crate) struct InvalidSuppression;

impl Rule for InvalidSuppression {
    fn check_page(&self, page: &Page, _ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let names = page.suppressions.iter().flat_map(|s| s.rules.iter()).chain(page.front_matter.disable.iter());
        for (name, span) in names {
            if RuleId::parse(name).is_some() {
                continue;
            }
            let help = RuleId::suggest(name).map_or_else(|| "`doclint rules` lists every rule id".to_owned(), |s| format!("did you mean `{s}`?"));
            out.push(Diagnostic::new(RuleId::InvalidSuppression, &page.project_path, format!("suppression names unknown rule `{name}`")).at(page.span(span.clone())).help(help).subject(name.clone()));
        }
    }
}
