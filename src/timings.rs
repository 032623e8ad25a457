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

/// Whether `DOCLINT_TIMINGS=rules`: each rule's time too. Timing every rule on every page
/// costs about 10% of the page-rule phase, so plain timings leave it out.
#[must_use]
pub fn per_rule() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("DOCLINT_TIMINGS").is_some_and(|v| v == "rules"))
}

/// Runs `f`, printing its wall time under `name` when timings are on.
pub fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let cpu = cpu_nanos();
    let start = Instant::now();
    let out = f();
    let wall = start.elapsed().as_secs_f64() * 1000.0;
    let cpu = match (cpu, cpu_nanos()) {
        (Some(before), Some(after)) => format!("  (cpu {:.1} ms)", after.saturating_sub(before) as f64 / 1e6),
        _ => String::new(),
    };
    // Diagnostics for whoever asked with DOCLINT_TIMINGS; a closed stderr is not an error.
    let _ = writeln!(std::io::stderr(), "doclint timing: {name:<18} {wall:>8.2} ms{}{cpu}", resident());
    out
}

/// `  (rss N MiB)` on Linux: memory the process has touched so far. Every fresh page is zeroed
/// by the kernel, which shows as system time, so growth here is time too.
fn resident() -> String {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    match statm.split_whitespace().nth(1).and_then(|pages| pages.parse::<u64>().ok()) {
        Some(pages) => format!("  (rss {} MiB)", pages * 4096 / (1024 * 1024)),
        None => String::new(),
    }
}

/// CPU time of every thread of the process so far, in nanoseconds (Linux): with the wall time
/// it says how well a phase uses the threads it has. The kernel updates a running thread's
/// figure at scheduler ticks, so a phase of a few milliseconds may be credited with some of the
/// previous phase's time.
fn cpu_nanos() -> Option<u64> {
    let tasks = std::fs::read_dir("/proc/self/task").ok()?;
    let mut total = 0;
    for task in tasks.flatten() {
        let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(total)
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

/// Time spent in each rule (summed over threads and pages), with `DOCLINT_TIMINGS=rules`:
/// which rule a slow phase is waiting for.
pub struct RuleCosts(Option<Vec<std::sync::atomic::AtomicU64>>);

impl RuleCosts {
    #[must_use]
    pub fn new(rules: usize) -> Self {
        Self(per_rule().then(|| std::iter::repeat_with(Default::default).take(rules).collect()))
    }

    /// Runs `f`, adding its wall time to rule `n` when per-rule timings are on.
    pub fn time(&self, n: usize, f: impl FnOnce()) {
        let Some(costs) = &self.0 else { return f() };
        let start = Instant::now();
        f();
        let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        costs[n].fetch_add(nanos, std::sync::atomic::Ordering::Relaxed);
    }

    /// Prints the rules that took at least 0.1 ms, most expensive first.
    pub fn print(&self, kind: &str, rules: &[crate::rules::RuleId]) {
        let Some(costs) = &self.0 else { return };
        let mut costs: Vec<(u64, &str)> = costs.iter().zip(rules).map(|(c, r)| (c.load(std::sync::atomic::Ordering::Relaxed), r.as_str())).collect();
        costs.sort_unstable_by(|a, b| b.cmp(a));
        let mut err = std::io::stderr().lock();
        for (nanos, id) in costs.into_iter().filter(|(n, _)| *n >= 100_000) {
            #[allow(clippy::cast_precision_loss)] // a duration in ms
            let ms = nanos as f64 / 1e6;
            let _ = writeln!(err, "doclint timing:   {kind} rule {id:<22} {ms:>8.2} ms (summed)");
        }
    }
}
