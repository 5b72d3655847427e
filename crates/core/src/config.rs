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
