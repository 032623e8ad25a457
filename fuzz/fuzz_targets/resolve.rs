//! Resolution of fuzzed destinations against small workspaces (one per generator) built once
//! from a temp tree.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use doclint::page::{RefKind, Reference};
use doclint::resolve::{self, OutsideCache};
use doclint::workspace::Workspace;
use libfuzzer_sys::fuzz_target;

const GENERATORS: [&str; 5] = ["plain", "sphinx", "mkdocs", "docusaurus", "mdbook"];
const KINDS: [RefKind; 14] = [
    RefKind::Link,
    RefKind::Image,
    RefKind::Definition,
    RefKind::HtmlHref,
    RefKind::HtmlSrc,
    RefKind::UndefinedReference,
    RefKind::DocRole,
    RefKind::RefRole,
    RefKind::Toctree,
    RefKind::CardDoc,
    RefKind::CardRef,
    RefKind::CardUrl,
    RefKind::Nav,
    RefKind::Link,
];

struct Fixture {
    workspaces: Vec<(Workspace, OutsideCache)>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let mut workspaces = Vec::new();
        for generator in GENERATORS {
            let dir = tempfile::tempdir().expect("tempdir").keep();
            let write = |rel: &str, text: &str| {
                let p = dir.join(rel);
                std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
                std::fs::write(p, text).expect("write");
            };
            write(
                "scope.toml",
                &format!(
                    "[docs]\ngenerator = \"{generator}\"\nsite-paths = {{ \"/img/\" = \"docs/img/\", \"/assets/\" = \"assets/\" }}\n\
                     [sections.guide]\npages = {{ \"*.md\" = \"how-to\" }}\n\
                     [[moved]]\nfrom = \"old.md\"\nto = \"guide/a.md\"\n[[moved]]\nfrom = \"gone/\"\n"
                ),
            );
            write("README.md", "# Readme\n");
            write("assets/logo.png", "png");
            write("docs/index.md", "# Home\n\n(home-label)=\n## Start here\n");
            write("docs/SUMMARY.md", "# Summary\n\n- [A](guide/a.md)\n");
            write("docs/guide/index.md", "# Guide\n");
            write("docs/guide/a.md", "# A\n\n## Section one {#custom}\n\n(a-label)=\n## Dup\n## Dup\n");
            write("docs/img/x.png", "png");
            write("docs/gone/old.md", "# Old\n");
            let settings = doclint::manifest::load(&dir.join("scope.toml"), "scope.toml").expect("manifest");
            let ws = Workspace::load(settings).expect("workspace");
            workspaces.push((ws, OutsideCache::default()));
        }
        Fixture { workspaces }
    })
}

#[derive(Debug, Arbitrary)]
struct Input {
    workspace: u8,
    page: u8,
    kind: u8,
    glob: bool,
    dest: String,
}

fuzz_target!(|input: Input| {
    let f = fixture();
    let (ws, cache) = &f.workspaces[usize::from(input.workspace) % f.workspaces.len()];
    let page = &ws.pages[usize::from(input.page) % ws.pages.len()];
    let r = Reference { kind: KINDS[usize::from(input.kind) % KINDS.len()], dest: input.dest.as_str(), span: 0..0, glob: input.glob };
    let target = resolve::resolve_reference(ws, page, &r, cache);
    if let resolve::Target::Page { page, fragment: Some(start) } = &target {
        let _ = ws.anchor_exists(*page, &resolve::fragment(&r, *start));
    }
    let _ = resolve::normalize(&input.dest);
    let _ = resolve::is_external(&input.dest);
});
