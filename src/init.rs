//! `doclint init`: write a manifest that describes an existing tree exactly, so that the
//! next change to the tree is a finding: every page listed under `[docs] pages` or under a
//! section per top-level directory, with its front-matter content type.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cli::{ExitStatus, InitArgs, Output, slash_path};
use crate::importers::{Imported, NavSource};
use crate::manifest::{self, Generator, LoadError};
use crate::workspace::Workspace;

/// The four Diátaxis types, the default `content-types`.
const DEFAULT_TYPES: &[&str] = &["tutorial", "how-to", "explanation", "reference"];

/// Spellings of the default types that become aliases rather than new types.
const ALIASES: &[(&str, &str)] = &[
    ("howto", "how-to"),
    ("how_to", "how-to"),
    ("how-to-guide", "how-to"),
    ("guide", "how-to"),
    ("guides", "how-to"),
    ("concept", "explanation"),
    ("concepts", "explanation"),
    ("conceptual", "explanation"),
    ("explanations", "explanation"),
    ("ref", "reference"),
    ("references", "reference"),
    ("tutorials", "tutorial"),
];

#[must_use]
pub fn run(args: &InitArgs, manifest: Option<&Path>, cwd: &Path) -> Output {
    let imported = match &args.from {
        Some(from) => match crate::importers::import(&cwd.join(from)) {
            Ok(i) => Some(i),
            Err(e) => return Output::error(format!("error: {e}\n")),
        },
        None => None,
    };
    let output_path = match (&args.output, manifest) {
        (Some(o), _) if o == "-" => None,
        (Some(o), _) => Some(cwd.join(o)),
        (None, Some(m)) => Some(cwd.join(m)),
        (None, None) => Some(cwd.join(manifest::FILE_NAME)),
    };
    if let Some(p) = &output_path {
        if p.exists() && !args.force {
            return Output::error(format!(
                "error: {} already exists\n  help: pass --force to overwrite it, or --output FILE to write elsewhere\n",
                p.display()
            ));
        }
    }
    let project_dir = output_path.as_ref().and_then(|p| p.parent().map(Path::to_path_buf)).unwrap_or_else(|| cwd.to_path_buf());
    let Ok(project_dir) = std::fs::canonicalize(&project_dir) else {
        return Output::error(format!("error: directory {} does not exist\n", project_dir.display()));
    };
    let root_abs = match (&args.root, &imported) {
        (Some(r), _) => cwd.join(r),
        (None, Some(i)) => i.root.clone(),
        (None, None) if cwd.join("docs").is_dir() => cwd.join("docs"),
        (None, None) => cwd.to_path_buf(),
    };
    let Ok(root_abs) = std::fs::canonicalize(&root_abs) else {
        return Output::error(format!("error: docs root {} does not exist\n", root_abs.display()));
    };
    let Ok(root_rel) = root_abs.strip_prefix(&project_dir) else {
        return Output::error(format!(
            "error: the docs root {} is outside the project directory {}\n  help: write the manifest into a directory that contains the docs root (--output)\n",
            root_abs.display(),
            project_dir.display()
        ));
    };
    let root = slash_path(root_rel);
    match build(&project_dir, &root_abs, &root, imported.as_ref()) {
        Ok(text) => match output_path {
            None => Output::ok(text),
            Some(p) => match write_atomic(&p, &text) {
                Ok(()) => Output { stdout: String::new(), stderr: format!("wrote {}\n", p.display()), status: ExitStatus::Clean },
                Err(e) => Output::error(format!("error: cannot write {}: {e}\n", p.display())),
            },
        },
        Err(message) => Output::error(message),
    }
}

/// The manifest text for the tree at `root_abs` (`root` relative to `project_dir`).
fn build(project_dir: &Path, root_abs: &Path, root: &str, imported: Option<&Imported>) -> Result<String, String> {
    let generator = imported.map_or_else(|| detect_generator(project_dir, root_abs), |i| i.generator);
    let has_mdx = walkdir::WalkDir::new(root_abs).into_iter().filter_map(Result::ok).any(|e| e.path().extension().is_some_and(|x| x == "mdx"));
    let mut docs = String::new();
    let _ = writeln!(docs, "[docs]\nroot = {}\ngenerator = \"{}\"", quote(if root.is_empty() { "." } else { root }), generator.as_str());
    if has_mdx {
        let _ = writeln!(docs, "extensions = [\"md\", \"mdx\"]");
    }
    let exclude = default_excludes(generator);
    if !exclude.is_empty() {
        let _ = writeln!(docs, "exclude = [{}]", exclude.iter().map(|e| quote(e)).collect::<Vec<_>>().join(", "));
    }
    if generator == Generator::Mdbook {
        let _ = writeln!(docs, "nav = [\"SUMMARY.md\"]");
    } else if let Some(nav) = imported.and_then(|i| i.nav_file.as_deref()).and_then(|f| nav_entry(project_dir, root_abs, f)) {
        let _ = writeln!(docs, "nav = [{}]", quote(&nav));
    } else if let Some(nav) =
        (generator == Generator::Mkdocs).then(|| mkdocs_with_nav(project_dir, root_abs)).flatten().and_then(|f| nav_entry(project_dir, root_abs, &f))
    {
        // MkDocs sites are navigated through mkdocs.yml's `nav`: without it as a root, every
        // page reached only from the nav would be an orphan.
        let _ = writeln!(docs, "nav = [{}]", quote(&nav));
    }
    // Read the tree with a provisional manifest: content types unknown to it are collected
    // from front matter, not validated.
    let provisional = format!("{docs}content-type-key = \"__doclint_init_none__\"\n");
    let settings = settings_from(&provisional, project_dir)?;
    let ws = Workspace::load_keeping_texts(settings).map_err(|e| format!("error: cannot read the docs root: {e}\n"))?;

    // Each page (readable or not) with its front-matter type, raw.
    let mut pages: BTreeMap<String, Option<String>> = BTreeMap::new();
    for p in &ws.pages {
        let ty = crate::page::frontmatter::parse(p.text(), "content_type").content_type.map(|(t, _)| t);
        pages.insert(p.path.clone(), ty);
    }
    for u in &ws.unreadable {
        pages.insert(u.path.clone(), None);
    }
    let (types, aliases) = classify_types(pages.values().flatten());
    let _ = writeln!(docs, "content-types = [{}]", types.iter().map(|t| quote(t)).collect::<Vec<_>>().join(", "));
    if !aliases.is_empty() {
        let list: Vec<String> = aliases.iter().map(|(a, t)| format!("{} = {}", key(a), quote(t))).collect();
        let _ = writeln!(docs, "content-type-aliases = {{ {} }}", list.join(", "));
    }

    let (in_nav, titles) = imported.map(|i| nav_of(i, &ws)).unwrap_or_default();
    let mark = |path: &str| if in_nav.as_ref().is_some_and(|n| !n.contains(path)) { "  # not in the nav" } else { "" };

    let mut root_pages = Vec::new();
    let mut sections: BTreeMap<String, Vec<(String, Option<String>)>> = BTreeMap::new();
    for (path, ty) in &pages {
        match path.split_once('/') {
            None => root_pages.push((path.clone(), ty.clone())),
            Some((dir, rest)) => sections.entry(dir.to_owned()).or_default().push((rest.to_owned(), ty.clone())),
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "# scope.toml: the planned structure of this documentation, checked by `doclint check`.");
    let _ = writeln!(out, "# Written by `doclint init` from the tree as it is: every page is listed. Edit it into the");
    let _ = writeln!(out, "# plan you want (budgets, links-to, topics, moves); see `doclint explain stray-page`.\n");
    out.push_str(&docs);
    out.push('\n');
    out.push_str("[docs.pages]\n");
    for (path, ty) in &root_pages {
        let _ = writeln!(out, "{} = {}{}", key(path), entry(ty.as_ref()), mark(path));
    }
    for (dir, entries) in &sections {
        let title = titles.get(dir).cloned().or_else(|| ws.index_of(dir).and_then(|p| p.title().map(str::to_owned))).unwrap_or_else(|| dir.clone());
        let _ = writeln!(out, "\n[sections.{}]\ntitle = {}\n\n[sections.{}.pages]", key(dir), quote(&title), key(dir));
        for (path, ty) in entries {
            let _ = writeln!(out, "{} = {}{}", key(path), entry(ty.as_ref()), mark(&format!("{dir}/{path}")));
        }
    }
    // A tree that mostly declares no types would drown in missing-content-type warnings.
    let untyped = pages.values().filter(|t| t.is_none()).count();
    if untyped * 2 > pages.len() {
        let _ = writeln!(
            out,
            "\n[rules]\n# {untyped} of {} pages declare no content type yet: turn this on once they do.\nmissing-content-type = \"off\"",
            pages.len()
        );
    }
    // Never write a manifest that `check` would reject.
    if let Err(e) = settings_from(&out, project_dir) {
        return Err(format!("error: doclint init built an invalid manifest (a bug; please report it):\n{e}"));
    }
    Ok(out)
}

/// Root-relative pages the imported navigation lists (`None`: it lists every page), and the
/// title of each top-level directory's nav group.
fn nav_of(imported: &Imported, ws: &Workspace) -> (Option<BTreeSet<String>>, BTreeMap<String, String>) {
    let mut titles = BTreeMap::new();
    let listed: BTreeSet<String> = match &imported.nav {
        NavSource::Everything => return (None, titles),
        NavSource::Toctree => crate::importers::sphinx::toctree_pages(ws),
        NavSource::Pages(pages) => {
            for p in pages {
                if let (Some(group), Some((dir, _))) = (&p.group, p.path.split_once('/')) {
                    titles.entry(dir.to_owned()).or_insert_with(|| group.clone());
                }
            }
            pages.iter().filter_map(|p| crate::resolve::normalize(&p.path)).collect()
        }
        NavSource::DocIds(ids) => {
            let candidates: BTreeSet<String> = ids.iter().flat_map(|id| crate::importers::docusaurus::candidates(id)).collect();
            ws.pages.iter().map(|p| p.path.clone()).filter(|p| candidates.contains(p)).collect()
        }
    };
    (Some(listed), titles)
}

/// The `nav` entry (relative to root) for a nav file inside the project directory.
fn nav_entry(project_dir: &Path, root_abs: &Path, file: &Path) -> Option<String> {
    let file = std::fs::canonicalize(file).ok()?;
    file.strip_prefix(project_dir).ok()?;
    let prefix = crate::cli::relative_prefix(root_abs, file.parent()?);
    Some(format!("{prefix}{}", file.file_name()?.to_string_lossy()))
}

fn settings_from(text: &str, project_dir: &Path) -> Result<crate::manifest::Settings, String> {
    manifest::parse_str(&Arc::from(text), "scope.toml", manifest::FILE_NAME, project_dir.to_path_buf(), project_dir.join(manifest::FILE_NAME)).map_err(|e| {
        match e {
            LoadError::Invalid { problems, .. } => problems.iter().fold(String::new(), |mut out, p| {
                let _ = writeln!(out, "  {}: {}", p.message, p.help.clone().unwrap_or_default());
                out
            }),
            other => other.to_string(),
        }
    })
}

/// Known types stay; near spellings of the defaults become aliases; the rest become types.
fn classify_types<'a>(seen: impl Iterator<Item = &'a String>) -> (Vec<String>, BTreeMap<String, String>) {
    let mut types: Vec<String> = DEFAULT_TYPES.iter().map(|t| (*t).to_owned()).collect();
    let mut aliases = BTreeMap::new();
    let seen: BTreeSet<&String> = seen.collect();
    for t in seen {
        if types.contains(t) || aliases.contains_key(t) {
            continue;
        }
        match ALIASES.iter().find(|(a, _)| a.eq_ignore_ascii_case(t)) {
            Some((_, target)) => {
                aliases.insert(t.clone(), (*target).to_owned());
            }
            None => types.push(t.clone()),
        }
    }
    (types, aliases)
}

/// The mkdocs.yml (in the docs root or above it, inside the project) that has a `nav`.
fn mkdocs_with_nav(project_dir: &Path, root: &Path) -> Option<PathBuf> {
    root.ancestors()
        .take_while(|d| d.starts_with(project_dir))
        .flat_map(|d| [d.join("mkdocs.yml"), d.join("mkdocs.yaml")])
        .find(|f| std::fs::read_to_string(f).is_ok_and(|text| text.lines().any(|l| l.starts_with("nav:"))))
}

/// The generator whose configuration sits in the docs root or a directory above it (up to
/// the project directory).
fn detect_generator(project_dir: &Path, root: &Path) -> Generator {
    let mut dirs: Vec<PathBuf> = root.ancestors().take_while(|d| d.starts_with(project_dir)).map(Path::to_path_buf).collect();
    if dirs.is_empty() {
        dirs.push(root.to_path_buf());
    }
    for dir in &dirs {
        if dir.join("conf.py").is_file() {
            return Generator::Sphinx;
        }
        if dir.join("mkdocs.yml").is_file() || dir.join("mkdocs.yaml").is_file() {
            return Generator::Mkdocs;
        }
        if dir.join("book.toml").is_file() {
            return Generator::Mdbook;
        }
        if ["docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs"].iter().any(|f| dir.join(f).is_file()) {
            return Generator::Docusaurus;
        }
    }
    if root.join("SUMMARY.md").is_file() {
        return Generator::Mdbook;
    }
    let has_mdx = walkdir::WalkDir::new(root).max_depth(3).into_iter().filter_map(Result::ok).any(|e| e.path().extension().is_some_and(|x| x == "mdx"));
    if has_mdx { Generator::Docusaurus } else { Generator::Plain }
}

fn default_excludes(generator: Generator) -> Vec<&'static str> {
    match generator {
        Generator::Sphinx => vec!["_build/**"],
        Generator::Docusaurus => vec!["node_modules/**"],
        _ => Vec::new(),
    }
}

fn entry(ty: Option<&String>) -> String {
    ty.map_or_else(|| "{}".to_owned(), |t| quote(t))
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML key: bare when possible.
fn key(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') { s.to_owned() } else { quote(s) }
}

/// Writes through a temporary file in the same directory and a rename.
fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let tmp = dir.join(format!(".{}.doclint-tmp", path.file_name().map_or_else(|| "scope.toml".into(), |n| n.to_string_lossy())));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
