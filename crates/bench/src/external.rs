//! What is measured in other processes: moto in process in Python (the peer), `hcsim exec
//! --script` as a child (its wall time and peak resident memory, from `wait4`'s rusage), and
//! the browser's figures, read from the `BENCH <key> <value> <unit>` lines that
//! `web/tests/bench.mjs` printed (xtask runs it and hands the lines over in a file).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The moto driver, relative to the repository root.
pub const MOTO_SCRIPT: &str = "tests/clients/bench_moto.py";

/// `BENCH <key> <value> <unit>` lines as key → value.
pub fn parse_bench_lines(text: &str) -> BTreeMap<String, f64> {
    text.lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            (words.next()? == "BENCH").then_some(())?;
            let key = words.next()?;
            let value = words.next()?.parse().ok()?;
            Some((key.to_string(), value))
        })
        .collect()
}

/// moto's figures: requests per second and seconds for the script's calls, or why not.
pub fn moto(python: &Path, seconds: f64, calls: usize) -> Result<BTreeMap<String, f64>, String> {
    let out = Command::new(python)
        .arg(MOTO_SCRIPT)
        .args([
            "--seconds",
            &seconds.to_string(),
            "--calls",
            &calls.to_string(),
        ])
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    if !out.status.success() {
        return Err(format!("{MOTO_SCRIPT} failed ({})", out.status));
    }
    let lines = parse_bench_lines(&String::from_utf8_lossy(&out.stdout));
    if lines.contains_key("moto_rps") && lines.contains_key("moto_script_s") {
        Ok(lines)
    } else {
        Err(format!("{MOTO_SCRIPT} printed no BENCH lines"))
    }
}

/// A scratch directory of this run, removed by [`Scratch::drop`].
pub struct Scratch(PathBuf);

impl Scratch {
    /// Makes it under the system's temporary directory.
    pub fn new() -> Result<Scratch, String> {
        let dir = std::env::temp_dir().join(format!("hcsim-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(Scratch(dir))
    }

    /// Writes `lines` to the file `name` in it; returns its path.
    pub fn script(&self, name: &str, lines: &[String]) -> Result<PathBuf, String> {
        let path = self.0.join(name);
        std::fs::write(&path, lines.join("\n") + "\n")
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What one `hcsim exec --script` run cost: wall seconds and peak resident bytes.
pub struct ExecCost {
    /// CPU time (user + system) of the whole process, start-up included.
    pub seconds: f64,
    /// Its peak resident set (VmHWM), from `wait4`.
    pub peak_rss: u64,
}

/// How many times [`exec_script`] runs the script. One run of some milliseconds on a shared
/// machine is as likely to measure the neighbours as hcsim (the same binary measured 31 and
/// 21 ms in two runs a minute apart): the least CPU time of several is the run's own cost.
pub const EXEC_RUNS: usize = 5;

/// Runs `hcsim exec --script FILE` [`EXEC_RUNS`] times (output discarded): the least CPU
/// time of the runs, and the greatest peak memory.
pub fn exec_script(hcsim: &Path, script: &Path) -> Result<ExecCost, String> {
    let mut best = exec_once(hcsim, script)?;
    for _ in 1..EXEC_RUNS {
        let run = exec_once(hcsim, script)?;
        best.seconds = best.seconds.min(run.seconds);
        best.peak_rss = best.peak_rss.max(run.peak_rss);
    }
    Ok(best)
}

/// One run of `hcsim exec --script FILE`, waited for with `wait4`, so the peak memory is
/// this child's alone.
fn exec_once(hcsim: &Path, script: &Path) -> Result<ExecCost, String> {
    let child = Command::new(hcsim)
        .arg("exec")
        .arg("--script")
        .arg(script)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", hcsim.display()))?;
    let pid = libc::pid_t::try_from(child.id()).map_err(|e| e.to_string())?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, all zeros is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, writing into the two locals above.
    let waited = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    let seconds = tv(usage.ru_utime) + tv(usage.ru_stime);
    if waited != pid || !libc::WIFEXITED(status) {
        return Err(format!("{} exec did not exit normally", hcsim.display()));
    }
    // Linux reports ru_maxrss in kilobytes.
    let peak_rss = u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024;
    Ok(ExecCost { seconds, peak_rss })
}

/// The script row's lines: `n` `az group` lines (create, show, delete of a group, repeated;
/// a list at the end), the peer of moto's create/head/delete of buckets and its list.
pub fn group_lines(n: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    while out.len() + 3 < n {
        out.push(format!("az group create -n script{i} -l eastus"));
        out.push(format!("az group show -n script{i}"));
        out.push(format!("az group delete -n script{i} --yes"));
        i += 1;
    }
    while out.len() < n {
        out.push("az group list".into());
    }
    out
}

/// The console row's lines: `n` `az group create` then `n` `az group show` (ARM allows 980
/// groups per subscription: past that the creates are refused, as Azure refuses them, and
/// still cost a line each).
pub fn console_lines(n: usize) -> Vec<String> {
    let creates = (0..n).map(|i| format!("az group create -n console{i} -l eastus"));
    let shows = (0..n).map(|i| format!("az group show -n console{i}"));
    creates.chain(shows).collect()
}
