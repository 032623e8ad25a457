//! duplicate-topic: a page outside a topic's owner sections that covers the topic again.

use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::duplicates::topic::{claim, join, owned_by, owns, stem_matches, title_matches, title_span};
use crate::manifest::Topic;
use crate::page::Page;
use crate::workspace::Workspace;

pub(crate) struct DuplicateTopic;

impl Rule for DuplicateTopic {
    fn check_page(&self, page: &Page, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        // Without topics there is nothing to match (an empty regex set still costs a search).
        if ws.settings.topics.is_empty() {
            return;
        }
        // A page left at a `moved.from` path already has its finding (stray-page or
        // stray-directory, naming where it went): the plan has dealt with its topic.
        if ws.idx_of(page).is_some_and(|i| ws.structure.status[i].is_moved_from()) {
            return;
        }
        // Only the topics whose regexes match the title or file name or that the front matter
        // names can apply; visited in topic order as before.
        for topic in ws.topic_index().candidates(page).into_iter().map(|t| &ws.settings.topics[t]) {
            if owns(topic, &page.path) || topic.allow.contains(&page.path) {
                continue;
            }
            let (why, span) = if title_matches(topic, page) {
                (format!("its title `{}` matches the topic", page.title().unwrap_or_default()), title_span(page))
            } else if let Some(r) = claim(topic, page) {
                ("its front matter claims the topic".to_owned(), Some(r))
            } else if stem_matches(topic, page) {
                (format!("its file name `{}` matches the topic", page.stem()), None)
            } else {
                continue;
            };
            let message = format!("`{}` covers topic `{}` outside the sections that own it: {why}", page.path, topic.name);
            out.push(
                Diagnostic::new(RuleId::DuplicateTopic, &page.project_path, message)
                    .at_opt(span.map(|r| page.span(r)))
                    .help(help(topic))
                    .subject(topic.name.clone()),
            );
        }
    }
}

fn help(topic: &Topic) -> String {
    let exception = "or list this page in the topic's `allow` if it is a deliberate exception";
    if topic.pages.is_empty() {
        format!("{}; move this content there and link to it instead of repeating it, {exception}", owned_by(topic))
    } else {
        let pages: Vec<String> = topic.pages.iter().map(|p| format!("`{p}`")).collect();
        format!("{}; link to {} instead of repeating it, {exception}", owned_by(topic), join(&pages))
    }
}
