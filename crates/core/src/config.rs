//! How a session is configured: its seed, operation timing and release stage.

use serde::{Deserialize, Serialize};

/// How long operations take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Timing {
    /// Operations finish at once (still through the same lifecycle).
    Instant,
    /// Durations of the order Azure takes (minutes for a FHIR service), with seeded jitter.
    Realistic,
}

/// The simulated release stage of the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// General availability: everything available.
    Ga,
    /// Private preview: no workspace-level settings (rule `private-preview-no-settings`).
    PrivatePreview,
}

impl Timing {
    /// `instant` / `realistic`.
    pub fn as_str(self) -> &'static str {
        match self {
            Timing::Instant => "instant",
            Timing::Realistic => "realistic",
        }
    }
}

impl Stage {
    /// `ga` / `private-preview`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Ga => "ga",
            Stage::PrivatePreview => "private-preview",
        }
    }
}

/// How a session starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// The seed of every random choice.
    pub seed: u64,
    /// Operation durations.
    pub timing: Timing,
    /// Release stage.
    pub stage: Stage,
}

impl Config {
    /// The default session's settings with `seed` (timing realistic, stage GA).
    pub fn new(seed: u64) -> Config {
        Config {
            seed,
            timing: Timing::Realistic,
            stage: Stage::Ga,
        }
    }
}

/// The session's mode: its starting configuration, and the timing and stage now in force.
///
/// Invariant: `config` never changes after the world is built (it is what the session was
/// started with); timing and stage change only through their inputs.
#[derive(Clone, Copy, Debug)]
pub struct Mode {
    config: Config,
    timing: Timing,
    stage: Stage,
}

impl Mode {
    /// The mode a session starts in.
    pub fn new(config: Config) -> Mode {
        Mode {
            config,
            timing: config.timing,
            stage: config.stage,
        }
    }
    /// The starting configuration.
    pub fn config(&self) -> Config {
        self.config
    }
    /// Current timing.
    pub fn timing(&self) -> Timing {
        self.timing
    }
    /// Current stage.
    pub fn stage(&self) -> Stage {
        self.stage
    }
    /// Changes the timing.
    pub fn set_timing(&mut self, timing: Timing) {
        self.timing = timing;
    }
    /// Changes the stage.
    pub fn set_stage(&mut self, stage: Stage) {
        self.stage = stage;
    }
}
