//! broken-anchor: a reference whose `#fragment` names no heading, id or label in the target.

use super::common::at;
use super::{Rule, RuleId};
use crate::diagnostic::Diagnostic;
use crate::page::Page;
use crate::resolve::Target;
use crate::workspace::Workspace;

pub(crate) struct BrokenAnchor;

impl Rule for BrokenAnchor {
    fn check_page(&self, page: &Page, ws: &Workspace, out: &mut Vec<Diagnostic>) {
        let Some(idx) = ws.idx_of(page) else { return };
        let resolved = ws.resolved(idx);
        ws.warm_anchors(resolved);
        for (reference, target) in resolved.iter().enumerate() {
            let Target::Page { page: t, fragment: Some(start) } = target else { continue };
            let r = &page.references.at(reference);
            let fragment = crate::resolve::fragment(r, *start);
            if ws.anchor_exists(*t, &fragment) {
                continue;
            }
            let target = &ws.pages[*t];
            let style = ws.settings.slug_for(&target.path);
            let help = ws.suggestions.anchor(ws, *t, &fragment).map_or_else(
                || format!("`{}` has no such heading, id or label (anchors follow the `{}` slug rules)", target.path, serde_json::to_value(style).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()),
                |a| format!("did you mean `#{a}`?"),
            );
            let d = at(RuleId::BrokenAnchor, page, r, format!("anchor `#{fragment}` does not exist in `{}`", target.path)).help(help);
            out.push(d);
        }
    }
}
