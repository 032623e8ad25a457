//! `doclint init --from NAV`: read a site generator's navigation (mkdocs.yml, mdBook
//! SUMMARY.md, Sphinx conf.py + toctrees, Docusaurus sidebars.js), and nav files that are not
//! Markdown (mkdocs.yml, sidebars.js) as reachability roots for orphan-page.

pub mod docusaurus;
pub mod mkdocs;
pub mod sphinx;
pub mod summary;

use std::path::{Path, PathBuf};

use crate::manifest::Generator;
pub use mkdocs::NavPage;

/// Where the navigation comes from.
#[derive(Debug, Clone)]
pub enum NavSource {
    /// Pages listed by the nav, relative to the docs root.
    Pages(Vec<NavPage>),
    /// The generator lists every page (mkdocs.yml without `nav`).
    Everything,
    /// Sphinx: the toctree tree under the root index.
    Toctree,
    /// Docusaurus doc ids.
    DocIds(Vec<String>),
}

/// What `init --from` learned from a generator's configuration.
#[derive(Debug, Clone)]
pub struct Imported {
    pub generator: Generator,
    /// The docs root the navigation's paths are relative to (absolute).
    pub root: PathBuf,
    pub nav: NavSource,
    /// A nav file to list under `nav` in [docs] (absolute), when it is not implied.
    pub nav_file: Option<PathBuf>,
}

/// Reads the navigation file `from` (absolute). The error is a complete message for stderr.
pub fn import(from: &Path) -> Result<Imported, String> {
    let name = from.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let read = || std::fs::read_to_string(from).map_err(|e| format!("cannot read {}: {e}", from.display()));
    let dir = from.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let ext = from.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "yml" | "yaml" => {
            let nav = mkdocs::parse(&read()?).map_err(|e| format!("{} does not parse as YAML: {e}", from.display()))?;
            let root = dir.join(&nav.docs_dir);
            let source = nav.pages.map_or(NavSource::Everything, NavSource::Pages);
            Ok(Imported { generator: Generator::Mkdocs, root, nav: source, nav_file: Some(from.to_path_buf()) })
        }
        "md" => Ok(Imported { generator: Generator::Mdbook, root: dir, nav: NavSource::Pages(summary::parse(&read()?)), nav_file: None }),
        "py" => {
            read()?;
            Ok(Imported { generator: Generator::Sphinx, root: dir, nav: NavSource::Toctree, nav_file: None })
        }
        "js" | "ts" | "cjs" | "mjs" | "json" => {
            let ids = docusaurus::doc_ids(&read()?);
            Ok(Imported { generator: Generator::Docusaurus, root: dir.join("docs"), nav: NavSource::DocIds(ids), nav_file: Some(from.to_path_buf()) })
        }
        _ => Err(format!(
            "cannot tell which generator `{name}` belongs to\n  help: pass mkdocs.yml, SUMMARY.md (mdBook), conf.py (Sphinx) or sidebars.js (Docusaurus)"
        )),
    }
}

/// Whether a `nav` entry names a generator configuration rather than a Markdown nav page.
#[must_use]
pub fn is_config_nav(path: &str) -> bool {
    let ext = Path::new(path).extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    matches!(ext.as_str(), "yml" | "yaml" | "js" | "ts" | "cjs" | "mjs" | "json")
}

/// Root-relative paths of the pages that the nav file at project-relative `nav_path` lists
/// (mkdocs.yml, mdBook SUMMARY.md; for Docusaurus: every path a doc id may name). Paths outside `root` are left out.
pub fn nav_file_pages(project_dir: &Path, root: &str, nav_path: &str) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(project_dir.join(nav_path)).map_err(|e| format!("cannot read it: {e}"))?;
    let nav_dir = crate::text::dir_of(nav_path);
    let (base, listed): (String, Vec<String>) = if Path::new(nav_path).extension().is_some_and(|e| e == "yml" || e == "yaml") {
        let nav = mkdocs::parse(&text).map_err(|e| format!("does not parse as YAML: {e}"))?;
        let base = join(nav_dir, &nav.docs_dir);
        (base, nav.pages.unwrap_or_default().into_iter().map(|p| p.path).collect())
    } else if Path::new(nav_path).extension().is_some_and(|e| e == "md") {
        (nav_dir.to_owned(), summary::parse(&text).into_iter().map(|p| p.path).collect())
    } else {
        (root.to_owned(), docusaurus::doc_ids(&text).iter().flat_map(|id| docusaurus::candidates(id)).collect())
    };
    let mut out = Vec::new();
    for p in listed {
        let Some(project_rel) = crate::resolve::normalize(&join(&base, &p)) else { continue };
        let root_rel = if root.is_empty() { Some(project_rel.as_str()) } else { project_rel.strip_prefix(root).and_then(|r| r.strip_prefix('/')) };
        out.extend(root_rel.map(str::to_owned));
    }
    Ok(out)
}

fn join(dir: &str, rel: &str) -> String {
    if dir.is_empty() { rel.to_owned() } else { format!("{dir}/{rel}") }
}
