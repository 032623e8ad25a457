//! Helpers shared by the integration tests: running the binary, copying and generating
//! trees, bounded runs (time and memory limits, no panic).
#![allow(dead_code, unreachable_pub)]

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

pub fn doclint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_doclint")).args(args).current_dir(dir).env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE").output().expect("run doclint")
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A temporary copy of `from`.
pub fn copy_tree(from: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_into(from, tmp.path());
    tmp
}

/// Copies the tree at `from` into directory `to` (created when missing).
pub fn copy_into(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// `check --format json` in `dir` with extra arguments: the exit code and the diagnostics'
/// (rule, path) pairs.
pub fn check_json(dir: &Path, extra: &[&str]) -> (Option<i32>, Vec<(String, String)>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = doclint(dir, &args);
    assert_ne!(out.status.code(), Some(2), "exit 2: {}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json output");
    let found = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| (d["rule"].as_str().unwrap_or_default().to_owned(), d["path"].as_str().unwrap_or_default().to_owned()))
        .collect();
    (out.status.code(), found)
}

/// A run is killed (and the test fails) after this long.
pub const TIME_LIMIT: Duration = Duration::from_secs(20);
/// Address-space limit of a run, in KiB (`ulimit -v`): 3 GiB.
pub const MEMORY_LIMIT_KIB: u64 = 3 * 1024 * 1024;

/// The finding every generated tree holds in `docs/index.md`.
pub const KNOWN: &str = "docs/index.md:3:17: error[broken-link]: link target `known-missing.md` does not exist";
pub const INDEX: &str = "# Home\n\nSee the [known](known-missing.md) page.\n";
pub const MANIFEST: &str = "[docs]\npages = { \"**/*.md\" = \"explanation\" }\n";

/// Whether the tests run as root (permission bits do not bind).
#[must_use]
pub fn is_root() -> bool {
    // The owner of a file we just created is our effective uid.
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::metadata(dir.path()).is_ok_and(|m| m.uid() == 0)
}

/// A project (`scope.toml` + `docs/`) in `<tmp>/project`, with `<tmp>/outside` beside it.
pub struct Project {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
}

impl Project {
    pub fn new() -> Self {
        Self::with_manifest(MANIFEST)
    }

    pub fn with_manifest(manifest: &str) -> Self {
        let tmp = tempfile::tempdir().expect("tempdir");
        // Canonical, so that strace paths compare as written.
        let dir = std::fs::canonicalize(tmp.path()).expect("canonicalize").join("project");
        let p = Self { tmp, dir };
        p.write("scope.toml", manifest.as_bytes());
        p.write("docs/index.md", INDEX.as_bytes());
        p
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }

    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).expect("read")
    }

    /// `<tmp>/outside/<name>`, a file outside the project.
    pub fn outside_file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let dir = self.dir.parent().expect("tmp").join("outside");
        std::fs::create_dir_all(&dir).expect("mkdir");
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        path
    }

    /// A symlink at project-relative `link` pointing at `target` (as written).
    pub fn symlink(&self, target: impl AsRef<Path>, link: &str) {
        let link = self.path(link);
        std::fs::create_dir_all(link.parent().expect("parent")).expect("mkdir");
        std::os::unix::fs::symlink(target, link).expect("symlink");
    }

    /// `doclint check --format short ARGS` in the project directory.
    pub fn check(&self, args: &[&str]) -> Run {
        let mut all = vec!["check", "--format", "short"];
        all.extend_from_slice(args);
        run(&self.dir, &all, &[])
    }
}

/// The outcome of a bounded run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cut = |s: &str| if s.len() > 4000 { format!("{}… ({} bytes)", &s[..doclint::text::floor_char_boundary(s, 4000)], s.len()) } else { s.to_owned() };
        write!(f, "exit {} after {:?}\n--- stdout\n{}\n--- stderr\n{}", self.code, self.elapsed, cut(&self.stdout), cut(&self.stderr))
    }
}

/// Runs the binary in `dir` with a time and memory limit; fails the test on a timeout, a
/// signal or a panic message.
pub fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    run_with(env!("CARGO_BIN_EXE_doclint"), dir, args, env)
}

pub fn run_with(program: &str, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let script = format!("ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\"");
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(script).arg(program).args(args).current_dir(dir).env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let start = Instant::now();
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn doclint");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let err_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("doclint {args:?} in {} ran over {TIME_LIMIT:?}: killed", dir.display());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&out_t.join().expect("stdout thread")).into_owned();
    let stderr = String::from_utf8_lossy(&err_t.join().expect("stderr thread")).into_owned();
    let code = status.code().unwrap_or_else(|| panic!("doclint {args:?} died by a signal ({status}); stderr:\n{stderr}"));
    let run = Run { code, stdout, stderr, elapsed };
    assert!(!run.stderr.contains("panicked"), "doclint panicked:\n{run}");
    assert!(matches!(run.code, 0..=2), "unexpected exit code:\n{run}");
    run
}
