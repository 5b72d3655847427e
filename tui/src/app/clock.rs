//! The clock: whether virtual time runs with real time, and how fast. Real time drives only
//! this; the simulation stays a function of its inputs (the advances are recorded like any
//! other input).

use std::time::Duration;

/// Virtual seconds per real second while time runs.
pub const SPEEDS: &[u64] = &[1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/// Running or paused, the speed, and the sub-millisecond carry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    running: bool,
    speed: usize,
    carry_us: u128,
}

impl Clock {
    /// True while virtual time runs.
    pub fn running(&self) -> bool {
        self.running
    }

    /// Virtual seconds per real second.
    pub fn speed(&self) -> u64 {
        SPEEDS[self.speed.min(SPEEDS.len() - 1)]
    }

    /// Runs or pauses; the message to show.
    pub fn toggle(&mut self) -> String {
        self.running = !self.running;
        self.carry_us = 0;
        if self.running {
            format!("▶ virtual time runs at ×{}", self.speed())
        } else {
            "⏸ virtual time paused".into()
        }
    }

    /// Pauses (a new session starts paused).
    pub fn stop(&mut self) {
        self.running = false;
        self.carry_us = 0;
    }

    /// One speed up; the message to show.
    pub fn faster(&mut self) -> String {
        self.speed = (self.speed + 1).min(SPEEDS.len() - 1);
        format!("speed ×{}", self.speed())
    }

    /// One speed down; the message to show.
    pub fn slower(&mut self) -> String {
        self.speed = self.speed.saturating_sub(1);
        format!("speed ×{}", self.speed())
    }

    /// The virtual milliseconds `elapsed` real time is worth (0 while paused).
    pub fn tick(&mut self, elapsed: Duration) -> u64 {
        if !self.running {
            return 0;
        }
        let us = elapsed.as_micros() * self.speed() as u128 + self.carry_us;
        self.carry_us = us % 1000;
        (us / 1000).min(u64::MAX as u128) as u64
    }
}
