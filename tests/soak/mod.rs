//! The soak (in the manner of TigerBeetle's VOPR): seeded random sessions of az and sim
//! lines, faults, time advances, undo/redo/jump, save/load round trips and template deploys,
//! with the world's invariants checked after every step.
//!
//! A session's steps are drawn from its seed alone, before it runs (never from the world's
//! state), so a failing session is a list of steps that replays anywhere; the failure is
//! then shrunk by removing steps while it still fails, and reported with the seed and the
//! minimal list. `cargo xtask soak` runs many sessions in release; the normal test run keeps
//! a short one (`soak.rs`).

mod invariants;
mod steps;

use std::time::Instant;

use hcsim_core::{Config, Timing};
use hcsim_lab::Lab;

pub use invariants::check_world;
pub use steps::{Step, draw_session};

/// What to soak.
#[derive(Clone, Copy, Debug)]
pub struct SoakConfig {
    /// How many sessions.
    pub sessions: u64,
    /// The campaign's seed: session `i` runs with a seed drawn from it and `i`.
    pub seed: u64,
    /// Steps per session.
    pub steps: usize,
}

/// A session that broke an invariant: what to replay.
#[derive(Clone, Debug)]
pub struct Failure {
    /// The session's own seed (`Config::new(seed)`, and the steps' draw).
    pub session_seed: u64,
    /// Index of the session in the campaign.
    pub index: u64,
    /// The invariant broken, in words.
    pub message: String,
    /// The shortest step list found that still breaks it.
    pub steps: Vec<Step>,
}

impl core::fmt::Display for Failure {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        writeln!(
            f,
            "soak: session {} (seed {}) broke an invariant: {}",
            self.index, self.session_seed, self.message
        )?;
        writeln!(f, "minimal steps ({}):", self.steps.len())?;
        for (i, s) in self.steps.iter().enumerate() {
            writeln!(f, "  {i:>3}. {s}")?;
        }
        Ok(())
    }
}

/// What a campaign did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Sessions run.
    pub sessions: u64,
    /// Steps run (first runs only, not replays).
    pub steps: u64,
    /// Invariant checks passed.
    pub checks: u64,
    /// Wall time in milliseconds.
    pub millis: u128,
}

/// SplitMix64: the session seeds and step draws (std only, same on every platform).
pub fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seed of session `index` of a campaign seeded `seed`.
pub fn session_seed(seed: u64, index: u64) -> u64 {
    let mut s = seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F);
    splitmix(&mut s)
}

/// Runs a campaign; stops at the first failure, shrunk.
pub fn soak(c: &SoakConfig) -> Result<Report, Box<Failure>> {
    soak_with_progress(c, &mut |_| {})
}

/// [`soak`], calling `progress` with the report so far after every 1,000 sessions (the
/// long soak prints it, so a campaign stopped early still says how far it got).
pub fn soak_with_progress(
    c: &SoakConfig,
    progress: &mut dyn FnMut(&Report),
) -> Result<Report, Box<Failure>> {
    let started = Instant::now();
    let mut report = Report::default();
    for index in 0..c.sessions {
        let seed = session_seed(c.seed, index);
        let steps = draw_session(seed, c.steps);
        match run_session(seed, &steps) {
            Ok(checks) => report.checks += checks,
            Err(message) => {
                let steps = shrink(seed, steps);
                let message = run_session(seed, &steps).err().unwrap_or(message);
                return Err(Box::new(Failure {
                    session_seed: seed,
                    index,
                    message,
                    steps,
                }));
            }
        }
        report.sessions += 1;
        report.steps += steps.len() as u64;
        if report.sessions % 1000 == 0 {
            report.millis = started.elapsed().as_millis();
            progress(&report);
        }
    }
    report.millis = started.elapsed().as_millis();
    Ok(report)
}

/// A fresh lab for a session: realistic timing for odd seeds, instant for even ones.
fn new_lab(seed: u64) -> Lab {
    let mut config = Config::new(seed);
    config.timing = if seed % 2 == 1 {
        Timing::Realistic
    } else {
        Timing::Instant
    };
    Lab::new(config)
}

/// Runs one session's steps, checking the invariants after each, then replays the whole
/// session from its seed and compares the trace. Returns the number of checks passed.
pub fn run_session(seed: u64, steps: &[Step]) -> Result<u64, String> {
    let mut lab = new_lab(seed);
    let mut checks = 0;
    for (i, step) in steps.iter().enumerate() {
        let before = invariants::Locked::of(lab.world());
        lab = step
            .apply(lab)
            .map_err(|e| format!("step {i} ({step}): {e}"))?;
        // Undo and jump travel in time: they may remove what a lock now protects.
        let travels = matches!(step, Step::Undo | Step::Jump(_));
        checks += check_world(lab.world())
            .and_then(|n| {
                if travels {
                    Ok(n)
                } else {
                    before.still_holds(lab.world()).map(|()| n + 1)
                }
            })
            .map_err(|e| format!("after step {i} ({step}): {e}"))?;
    }
    invariants::round_trip(&lab).map_err(|e| format!("at the end: {e}"))?;
    let mut again = new_lab(seed);
    for step in steps {
        again = step.apply(again).map_err(|e| format!("on replay: {e}"))?;
    }
    if again.world().trace_hash_hex() != lab.world().trace_hash_hex() {
        return Err(format!(
            "the same steps replayed give another trace: {} then {}",
            lab.world().trace_hash_hex(),
            again.world().trace_hash_hex()
        ));
    }
    Ok(checks + 2)
}

/// Removes steps (halves, then one at a time) while the session still fails.
fn shrink(seed: u64, mut steps: Vec<Step>) -> Vec<Step> {
    let mut chunk = steps.len() / 2;
    while chunk >= 1 {
        let mut start = 0;
        while start < steps.len() {
            let mut candidate = steps.clone();
            let end = (start + chunk).min(candidate.len());
            candidate.drain(start..end);
            if run_session(seed, &candidate).is_err() {
                steps = candidate;
            } else {
                start += chunk;
            }
        }
        chunk /= 2;
    }
    steps
}
