//! `doclint redirects`: the redirect map implied by [[moved]], so a move updates links *and*
//! keeps old URLs alive.

use std::fmt::Write as _;

use crate::cli::RedirectTarget;
use crate::manifest::Settings;

/// One redirect: old page path → new page path (root-relative, with extension), fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub from: String,
    pub to: String,
    pub fragment: Option<String>,
}

/// The page-level redirects of every move with a destination (chains followed). Directory
/// moves redirect the directory prefix.
#[must_use]
pub fn redirects(settings: &Settings) -> Vec<Redirect> {
    let mut out: Vec<Redirect> = settings
        .moves
        .iter()
        .filter_map(|m| {
            let (_, to) = settings.moved_to(&m.from)?;
            Some(Redirect { from: m.from.clone(), to: to?, fragment: m.fragment.clone() })
        })
        .collect();
    out.sort_by(|a, b| a.from.cmp(&b.from));
    out
}

#[must_use]
pub fn render(settings: &Settings, target: RedirectTarget) -> String {
    let list = redirects(settings);
    let mut out = String::new();
    let stem = |p: &str| p.rsplit_once('.').filter(|(_, e)| !e.contains('/')).map_or(p, |(s, _)| s).to_owned();
    let frag = |r: &Redirect| r.fragment.as_ref().map(|f| format!("#{f}")).unwrap_or_default();
    match target {
        RedirectTarget::Mkdocs => {
            // mkdocs-redirects plugin: `redirect_maps` from source paths to source paths.
            out.push_str("plugins:\n  - redirects:\n      redirect_maps:\n");
            for r in &list {
                let _ = writeln!(out, "        '{}': '{}{}'", r.from, r.to, frag(r));
            }
        }
        RedirectTarget::Sphinx => {
            // sphinx-reredirects: `redirects` in conf.py, docnames to relative HTML targets.
            out.push_str("redirects = {\n");
            for r in &list {
                let from = stem(&r.from);
                let depth = from.matches('/').count();
                let _ = writeln!(out, "    \"{from}\": \"{}{}.html{}\",", "../".repeat(depth), stem(&r.to), frag(r));
            }
            out.push_str("}\n");
        }
        RedirectTarget::Docusaurus => {
            // @docusaurus/plugin-client-redirects: `redirects` of the plugin options.
            out.push_str("redirects: [\n");
            for r in &list {
                let _ = writeln!(out, "  {{ from: '/{}', to: '/{}' }},", stem(&r.from), stem(&r.to));
            }
            out.push_str("],\n");
        }
        RedirectTarget::Netlify => {
            // `_redirects`: one line per rule, 301 permanent.
            for r in &list {
                let from = stem(&r.from);
                let to = stem(&r.to);
                if r.from.ends_with('/') {
                    let _ = writeln!(out, "/{from}* /{to}:splat 301");
                } else {
                    let _ = writeln!(out, "/{from} /{to}{} 301", frag(r));
                }
            }
        }
    }
    out
}
