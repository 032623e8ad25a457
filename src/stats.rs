//! `doclint stats`: the seed plan's "content type distribution" table computed from the tree:
//! a row per section (nested sections indented), a root row and totals; a column per content
//! type, untyped pages, planned pages, and the page budget used.

use std::fmt::Write as _;

use serde::Serialize;

use crate::cli::{Output, StatsFormat};
use crate::manifest::Settings;
use crate::structure::Status;
use crate::workspace::Workspace;

/// One row of the table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Section directory (`""` for pages outside every section).
    pub section: String,
    pub title: String,
    /// Nesting depth (0 for top-level sections and the root row).
    pub depth: usize,
    /// Pages of each content type, in `content-types` order (this section's own pages).
    pub types: Vec<usize>,
    pub untyped: usize,
    /// Declared pages with `status = "planned"` that do not exist yet.
    pub planned: usize,
    /// Allowed pages in the subtree (what page-budget counts).
    pub used: usize,
    pub max_pages: Option<usize>,
    /// Pages of this section's own (deepest) that are stray.
    pub stray: usize,
}

/// A topic: its owners and the pages that match it, per section.
#[derive(Debug, Clone, Serialize)]
pub struct TopicRow {
    pub topic: String,
    pub owners: Vec<String>,
    /// Section (`""` for root pages) → matching pages (root-relative), in path order.
    pub sections: Vec<TopicSection>,
}

/// The pages of one section that match a topic.
#[derive(Debug, Clone, Serialize)]
pub struct TopicSection {
    pub section: String,
    /// Whether the section is one of the topic's owners (or inside one).
    pub owner: bool,
    pub pages: Vec<String>,
}

/// The whole table.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub content_types: Vec<String>,
    pub rows: Vec<Row>,
    pub total: Row,
    pub topics: Vec<TopicRow>,
}

#[must_use]
pub fn run(settings: Settings, format: StatsFormat) -> Output {
    let ws = match Workspace::load(settings) {
        Ok(ws) => ws,
        Err(e) => return Output::error(format!("error: cannot read the docs root: {e}\n")),
    };
    let stats = compute(&ws);
    Output::ok(match format {
        StatsFormat::Human => table(&stats, false) + &topics_table(&stats, false),
        StatsFormat::Markdown => table(&stats, true) + &topics_table(&stats, true),
        StatsFormat::Json => serde_json::to_string_pretty(&stats).unwrap_or_default() + "\n",
    })
}

#[must_use]
pub fn compute(ws: &Workspace) -> Stats {
    let s = &ws.settings;
    let n = s.content_types.len();
    let empty = |section: String, title: String, depth: usize| Row {
        section,
        title,
        depth,
        types: vec![0; n],
        untyped: 0,
        planned: 0,
        used: 0,
        max_pages: None,
        stray: 0,
    };
    let mut rows: Vec<Row> = Vec::with_capacity(s.sections.len() + 1);
    rows.push(empty(String::new(), "(root pages)".to_owned(), 0));
    for sec in &s.sections {
        let depth = s.sections.iter().filter(|o| o.dir != sec.dir && crate::manifest::is_under(&sec.dir, &o.dir)).count();
        let mut row = empty(sec.dir.clone(), sec.title.clone().unwrap_or_else(|| sec.dir.clone()), depth);
        row.max_pages = sec.max_pages.as_ref().map(|(m, _)| *m);
        rows.push(row);
    }
    for (i, page) in ws.pages.iter().enumerate() {
        let row = &mut rows[ws.page_sections[i].map_or(0, |s| s + 1)];
        match &ws.structure.status[i] {
            Status::Allowed => match ws.content_type(i).and_then(|t| s.content_types.iter().position(|c| *c == t)) {
                Some(t) => row.types[t] += 1,
                None => row.untyped += 1,
            },
            status if status.is_stray() => row.stray += 1,
            _ => {}
        }
        let _ = page;
    }
    for (k, sec) in s.sections.iter().enumerate() {
        rows[k + 1].used = crate::rules::budget_used(ws, k);
        rows[k + 1].planned = sec.pages.iter().flat_map(|e| e.exact.iter()).filter(|e| e.planned && !ws.page_exists(&e.path)).count();
    }
    rows[0].used = rows[0].types.iter().sum::<usize>() + rows[0].untyped;
    rows[0].planned = s.root_pages.iter().flat_map(|e| e.exact.iter()).filter(|e| e.planned && !ws.page_exists(&e.path)).count();
    let mut total = empty(String::new(), "Total".to_owned(), 0);
    for r in &rows {
        for (t, c) in total.types.iter_mut().zip(&r.types) {
            *t += c;
        }
        total.untyped += r.untyped;
        total.planned += r.planned;
        total.stray += r.stray;
    }
    total.used = total.types.iter().sum::<usize>() + total.untyped;
    // Hide an empty root row: most trees have only an index there.
    if rows[0].used == 0 && rows[0].planned == 0 && rows[0].stray == 0 {
        rows.remove(0);
    }
    Stats { content_types: s.content_types.clone(), rows, total, topics: topics(ws) }
}

/// Each topic with the pages that match it (title, file stem or front-matter claim), grouped
/// by section: where the single source of truth is, and where copies crept in.
fn topics(ws: &Workspace) -> Vec<TopicRow> {
    use crate::duplicates::topic;
    let s = &ws.settings;
    s.topics
        .iter()
        .map(|t| {
            let mut sections: Vec<TopicSection> = Vec::new();
            for (i, page) in ws.pages.iter().enumerate() {
                if !(topic::title_matches(t, page) || topic::stem_matches(t, page) || topic::claim(t, page).is_some() || t.pages.contains(&page.path)) {
                    continue;
                }
                let section = ws.page_sections[i].map_or_else(String::new, |k| s.sections[k].dir.clone());
                match sections.iter_mut().find(|x| x.section == section) {
                    Some(x) => x.pages.push(page.path.clone()),
                    None => sections.push(TopicSection { owner: topic::owns(t, &page.path), section, pages: vec![page.path.clone()] }),
                }
            }
            sections.sort_by(|a, b| b.owner.cmp(&a.owner).then_with(|| a.section.cmp(&b.section)));
            TopicRow { topic: t.name.clone(), owners: t.owners.clone(), sections }
        })
        .collect()
}

fn topics_table(stats: &Stats, markdown: bool) -> String {
    let mut out = String::new();
    if stats.topics.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "\n{}",
        if markdown { "| Topic | Owners | Matching pages by section |\n| --- | --- | --- |" } else { "Topics (✓ owner section, ✗ outside the owners)" }
    );
    for t in &stats.topics {
        let cells: Vec<String> = t
            .sections
            .iter()
            .map(|x| format!("{} {}: {}", if x.owner { "✓" } else { "✗" }, if x.section.is_empty() { "(root)" } else { &x.section }, x.pages.len()))
            .collect();
        let cells = if cells.is_empty() { "no matching page".to_owned() } else { cells.join(", ") };
        if markdown {
            let _ = writeln!(out, "| {} | {} | {cells} |", t.topic, t.owners.join(", "));
        } else {
            let _ = writeln!(out, "  {} (owned by {}): {cells}", t.topic, t.owners.join(", "));
        }
    }
    out
}

fn table(stats: &Stats, markdown: bool) -> String {
    let mut header: Vec<String> = vec!["Section".to_owned()];
    header.extend(stats.content_types.iter().map(|t| title_case(t)));
    header.extend(["Untyped", "Planned", "Stray", "Pages / budget"].iter().map(|s| (*s).to_owned()));
    let cells = |r: &Row, bold: bool| -> Vec<String> {
        let name = if r.section.is_empty() { r.title.clone() } else { format!("{}{}", "  ".repeat(r.depth), r.section) };
        let name = if bold && markdown { format!("**{name}**") } else { name };
        let mut c = vec![name];
        c.extend(r.types.iter().map(ToString::to_string));
        c.push(r.untyped.to_string());
        c.push(r.planned.to_string());
        c.push(r.stray.to_string());
        c.push(r.max_pages.map_or_else(|| r.used.to_string(), |m| format!("{}/{m}{}", r.used, if r.used > m { " over" } else { "" })));
        c
    };
    let mut body: Vec<Vec<String>> = stats.rows.iter().map(|r| cells(r, false)).collect();
    body.push(cells(&stats.total, true));
    let widths: Vec<usize> = (0..header.len()).map(|i| std::iter::once(&header).chain(&body).map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
    let line = |r: &[String]| -> String {
        let parts: Vec<String> =
            r.iter().enumerate().map(|(i, c)| if i == 0 { format!("{c:<w$}", w = widths[i]) } else { format!("{c:>w$}", w = widths[i]) }).collect();
        if markdown { format!("| {} |", parts.join(" | ")) } else { parts.join("  ").trim_end().to_owned() }
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", line(&header));
    let rule: Vec<String> =
        widths.iter().enumerate().map(|(i, w)| if markdown && i > 0 { format!("{}:", "-".repeat(w.saturating_sub(1))) } else { "-".repeat(*w) }).collect();
    let _ = writeln!(out, "{}", if markdown { format!("| {} |", rule.join(" | ")) } else { rule.join("  ") });
    for (i, r) in body.iter().enumerate() {
        if !markdown && i + 1 == body.len() {
            let _ = writeln!(out, "{}", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
        }
        let _ = writeln!(out, "{}", line(r));
    }
    out
}

fn title_case(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}
