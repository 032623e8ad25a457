//! unknown-topic: front matter `topics` naming a topic the manifest does not declare.

use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::page::Page;
use crate::suggest::closest;
use crate::workspace::Workspace;

pub(crate) struct UnknownTopic;

impl Rule for UnknownTopic {
    fn check_page(&self, page: &Page, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let topics = &ws.settings.topics;
        for (name, span) in &page.front_matter.topics {
            if topics.iter().any(|t| t.name == *name) {
                continue;
            }
            let help = match closest(name, topics.iter().map(|t| t.name.as_str())) {
                Some(near) => format!("did you mean `{near}`?"),
                None if topics.is_empty() => format!("{} declares no topics; declare it as `[topics.{name}]` or remove it", ws.settings.manifest_display),
                None => {
                    let known: Vec<String> = topics.iter().map(|t| format!("`{}`", t.name)).collect();
                    format!("declared topics: {}; declare it as `[topics.{name}]` in {} or remove it", known.join(", "), ws.settings.manifest_display)
                }
            };
            out.push(
                Diagnostic::new(RuleId::UnknownTopic, &page.project_path, format!("topic `{name}` is not declared in the manifest"))
                    .at(page.span(span.clone()))
                    .help(help)
                    .subject(name.clone()),
            );
        }
    }
}
