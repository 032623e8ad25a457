//! The rule registry. Each rule is a unit struct in its own file, documented in
//! `rules/<id>.md`; [`rules!`] is the one table that lists them.

pub(crate) mod common;
pub mod doc;

use std::sync::LazyLock;

use crate::diagnostic::{Diagnostic, Severity};
use crate::page::Page;
use crate::workspace::Workspace;

pub use doc::RuleDoc;
pub use page_budget::used as budget_used;

/// A check. Rules are stateless; settings come from `ws.settings`. A rule says where and what;
/// the engine applies the configured severity, suppressions and overrides.
pub trait Rule: Sync {
    /// Facts about one page. Runs in parallel over pages.
    fn check_page(&self, _page: &Page, _ws: &Workspace, _out: &mut Vec<Diagnostic>) {}
    /// Facts about the whole tree. Runs once.
    fn check_workspace(&self, _ws: &Workspace, _out: &mut Vec<Diagnostic>) {}
}

macro_rules! rules {
    ($($variant:ident => $id:literal, $module:ident;)*) => {
        $(mod $module;)*

        /// Every rule id.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId { $($variant),* }

        impl RuleId {
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant),*];

            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $(RuleId::$variant => $id),* }
            }

            /// The rule's document, compiled in.
            #[must_use]
            pub const fn doc_source(self) -> &'static str {
                match self { $(RuleId::$variant => include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/", $id, ".md"))),* }
            }

            #[must_use]
            pub fn rule(self) -> &'static dyn Rule {
                match self { $(RuleId::$variant => &$module::$variant),* }
            }
        }
    };
}

rules! {
    StrayPage => "stray-page", stray_page;
    StrayDirectory => "stray-directory", stray_directory;
    MissingPage => "missing-page", missing_page;
    MissingIndex => "missing-index", missing_index;
    PageBudget => "page-budget", page_budget;
    UnmatchedGlob => "unmatched-glob", unmatched_glob;
    MissingContentType => "missing-content-type", missing_content_type;
    UnknownContentType => "unknown-content-type", unknown_content_type;
    ContentTypeMismatch => "content-type-mismatch", content_type_mismatch;
    InvalidFrontMatter => "invalid-front-matter", invalid_front_matter;
    UnreadablePage => "unreadable-page", unreadable_page;
    BrokenLink => "broken-link", broken_link;
    BrokenAnchor => "broken-anchor", broken_anchor;
    MovedLink => "moved-link", moved_link;
    ForbiddenLink => "forbidden-link", forbidden_link;
    EscapingLink => "escaping-link", escaping_link;
    UnresolvedSitePath => "unresolved-site-path", unresolved_site_path;
    OrphanPage => "orphan-page", orphan_page;
    DuplicateTopic => "duplicate-topic", duplicate_topic;
    UnknownTopic => "unknown-topic", unknown_topic;
    DuplicateTitle => "duplicate-title", duplicate_title;
    NearDuplicate => "near-duplicate", near_duplicate;
    DuplicatePassage => "duplicate-passage", duplicate_passage;
    InvalidSuppression => "invalid-suppression", invalid_suppression;
    UnusedSuppression => "unused-suppression", unused_suppression;
}

static DOCS: LazyLock<Vec<RuleDoc>> =
    LazyLock::new(|| RuleId::ALL.iter().map(|id| doc::parse(id.doc_source()).unwrap_or_else(|e| panic!("rules/{}.md: {e}", id.as_str()))).collect());

impl RuleId {
    /// Parses a rule id as users write it.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|id| id.as_str() == name)
    }

    #[must_use]
    pub fn doc(self) -> &'static RuleDoc {
        &DOCS[self as usize]
    }

    #[must_use]
    pub fn default_severity(self) -> Severity {
        self.doc().default
    }

    /// The closest rule id to a misspelt one, for "did you mean".
    #[must_use]
    pub fn suggest(name: &str) -> Option<&'static str> {
        crate::suggest::closest(name, Self::ALL.iter().map(|id| id.as_str()))
    }
}
