//! Phase timings for profiling: `DOCLINT_TIMINGS=1 doclint check` prints how long each phase
//! of the pipeline took to stderr. Off (one cached env lookup) otherwise.

use std::io::Write;
use std::sync::OnceLock;
use std::time::Instant;

/// Whether `DOCLINT_TIMINGS` is set.
#[must_use]
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("DOCLINT_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0"))
}

/// Runs `f`, printing its wall time under `name` when timings are on.
pub fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let out = f();
    // Diagnostics for whoever asked with DOCLINT_TIMINGS; a closed stderr is not an error.
    let _ = writeln!(std::io::stderr(), "doclint timing: {name:<18} {:>8.2} ms", start.elapsed().as_secs_f64() * 1000.0);
    out
}

static START: OnceLock<Instant> = OnceLock::new();

/// Marks the start of the process's work (first thing in `main`).
pub fn start() {
    START.get_or_init(Instant::now);
}

/// Prints the wall time since [`start`] under `name` when timings are on: what the phases
/// leave out (argument parsing, output, dropping what is left).
pub fn since_start(name: &str) {
    if let (true, Some(start)) = (enabled(), START.get()) {
        let _ = writeln!(std::io::stderr(), "doclint timing: {name:<18} {:>8.2} ms", start.elapsed().as_secs_f64() * 1000.0);
    }
}
