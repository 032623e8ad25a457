//! Baselines: `doclint baseline` records the fingerprints of today's findings so that
//! `doclint check --baseline FILE` reports only new ones. Fingerprints (`rule:path:subject:
//! occurrence`) carry no line numbers, so editing above an old finding keeps it baselined.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// The default file name, written next to the manifest.
pub const DEFAULT_FILE: &str = "doclint-baseline.json";

/// The file format version this build reads and writes.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct FileOut<'a> {
    version: u32,
    fingerprints: Vec<&'a str>,
    /// For people reading the file; `check` reads only `fingerprints`.
    findings: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    fingerprint: &'a str,
    rule: &'a str,
    path: &'a str,
}

#[derive(Deserialize)]
struct FileIn {
    version: u32,
    fingerprints: Vec<String>,
}

/// The fingerprints of accepted findings.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    fingerprints: BTreeSet<String>,
}

impl Baseline {
    /// Reads a baseline file; the error is a complete message for stderr.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| format!("baseline {} is not a doclint baseline: {e}", path.display()))
    }

    /// Parses the JSON text of a baseline file.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: FileIn = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if file.version != VERSION {
            return Err(format!("version {} is not supported (expected {VERSION})", file.version));
        }
        Ok(Self { fingerprints: file.fingerprints.into_iter().collect() })
    }

    /// Whether a finding with this fingerprint is accepted.
    #[must_use]
    pub fn contains(&self, fingerprint: &str) -> bool {
        self.fingerprints.contains(fingerprint)
    }
}

/// The baseline file for these findings: sorted, deduplicated, one entry per line-stable
/// fingerprint, ending in a newline.
#[must_use]
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut entries: Vec<(String, &Diagnostic)> = diagnostics.iter().map(|d| (d.fingerprint(), d)).collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.dedup_by(|a, b| a.0 == b.0);
    let file = FileOut {
        version: VERSION,
        fingerprints: entries.iter().map(|(f, _)| f.as_str()).collect(),
        findings: entries.iter().map(|(f, d)| Entry { fingerprint: f, rule: d.rule.as_str(), path: &d.path }).collect(),
    };
    let mut out = serde_json::to_string_pretty(&file).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_other_versions_and_garbage() {
        assert!(Baseline::parse(r#"{"version":2,"fingerprints":[]}"#).is_err());
        assert!(Baseline::parse("[]").is_err());
        let b = Baseline::parse(r#"{"version":1,"fingerprints":["a:b:c:0"]}"#).expect("parses");
        assert!(b.contains("a:b:c:0"));
        assert!(!b.contains("a:b:c:1"));
    }
}
