//! `doclint redirects`: the redirect map implied by [[moved]].

use crate::cli::RedirectTarget;
use crate::manifest::Settings;

#[must_use]
pub fn render(settings: &Settings, target: RedirectTarget) -> String {
    let _ = (settings, target);
    String::new()
}
