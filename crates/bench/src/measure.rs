//! Timing: the process's CPU time (not wall time: the machines are shared, and a process
//! waiting for a core is not slower), the median of a few batches, so one noisy batch does
//! not decide a row; and the sizes of a full or a quick run. The peers are measured the same
//! way: moto with Python's `time.process_time()`, `hcsim exec` with its rusage.

/// CPU seconds this process has used so far.
pub fn cpu_now() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: writes the current process CPU clock into the local `t`.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &raw mut t) };
    if ok != 0 {
        return 0.0;
    }
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

/// A start point of CPU time.
struct Instant(f64);

impl Instant {
    fn now() -> Instant {
        Instant(cpu_now())
    }

    fn elapsed_secs(&self) -> f64 {
        cpu_now() - self.0
    }
}

/// Seconds per call of `f`: `batches` batches of `per_batch` calls, the median batch.
pub fn per_call(batches: usize, per_batch: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..batches.max(1))
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_batch {
                f();
            }
            start.elapsed_secs() / per_batch.max(1) as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// Seconds `f` takes once, with what it returns.
pub fn once<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed_secs(), out)
}

/// The sizes of a run. The sizes where the machine allows; the rows name the sizes
/// they used.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// The small world of the scaling row (the issue: 1k).
    pub small: usize,
    /// The world of the GET, mixed and heap rows (100k).
    pub mid: usize,
    /// The big world of the scaling row (the 1M: packed bodies keep it near 1.5 GB of
    /// heap; the row's label gives the peak heap measured while it was built and loaded).
    pub big: usize,
    /// Requests per timed batch.
    pub batch: usize,
    /// Undo: the two step counts (1k, 10k) and how many undos are timed at each.
    pub undo: (usize, usize, usize),
    /// Inputs of the saved session loaded (the issue: 400k; see `lab_rows.rs`).
    pub load_inputs: usize,
    /// TUI frame: the two session sizes in resources (100, 100k).
    pub tui: (usize, usize),
    /// The console session's groups (10k created, then 10k shown).
    pub console_groups: usize,
    /// `az group` lines of the script row (3,001).
    pub script_lines: usize,
    /// The fill row: groups × vnets per group (10 × 999).
    pub fill: (usize, usize),
    /// Seconds moto's requests-per-second loop runs.
    pub moto_seconds: f64,
    /// Device messages normalized by the MedTech row (the browser's figure uses 20,000).
    pub medtech_messages: usize,
}

impl Sizes {
    /// The full run.
    pub const FULL: Sizes = Sizes {
        small: 1_000,
        mid: 100_000,
        big: 1_000_000,
        batch: 2_000,
        undo: (1_000, 10_000, 50),
        load_inputs: 250_000,
        tui: (100, 100_000),
        console_groups: 10_000,
        script_lines: 3_001,
        fill: (10, 999),
        moto_seconds: 3.0,
        medtech_messages: 20_000,
    };

    /// The smoke run of `cargo xtask test` (debug build, seconds): the table is produced,
    /// its figures mean little.
    pub const QUICK: Sizes = Sizes {
        small: 100,
        mid: 1_000,
        big: 3_000,
        batch: 100,
        undo: (50, 200, 5),
        load_inputs: 1_000,
        tui: (100, 1_000),
        console_groups: 100,
        script_lines: 31,
        fill: (2, 20),
        moto_seconds: 0.5,
        medtech_messages: 200,
    };
}
