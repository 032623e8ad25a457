//! The manifest loader and the rendering of its problems (no filesystem access).
#![no_main]

use std::path::PathBuf;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let text: Arc<str> = Arc::from(text);
    match doclint::manifest::parse_str(&text, "scope.toml", "scope.toml", PathBuf::from("/nonexistent/project"), PathBuf::from("/nonexistent/project/scope.toml")) {
        Ok(settings) => {
            for p in ["index.md", "a/b.md", "guide/x/y.md", "", "blog/2024/post.md"] {
                let _ = settings.section_of(p);
                let _ = settings.slug_for(p);
                let _ = settings.moved_to(p);
            }
        }
        Err(e) => {
            let _ = doclint::cli::render_load_error(&e, false);
        }
    }
});
