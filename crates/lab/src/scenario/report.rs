//! How a [`Report`] is shown: JSON for machines, text for people, an exit code for shells.

use alloc::format;
use alloc::string::{String, ToString};

use hcsim_core::SimTime;

use super::run::{Expectation, LessonStatus, Phase, Report};

const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

impl Report {
    /// The report as one JSON object (`hcsim-report/1`, SCENARIOS.md), pretty-printed.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| {
            // Serializing plain data cannot fail; keep a valid object if it ever does.
            format!(
                "{{\"format\": \"hcsim-report/1\", \"passed\": false, \"error\": {}}}",
                serde_json::Value::String(e.to_string())
            )
        })
    }

    /// The report for a terminal: one line per step (virtual time, input, outcome), each
    /// failure explained under its step, the lesson's goal, and a summary that always shows
    /// the seed. `color` adds ANSI colors.
    pub fn render_text(&self, color: bool) -> String {
        let paint = |code: &'static str, text: &str| -> String {
            if color {
                format!("{code}{text}{RESET}")
            } else {
                String::from(text)
            }
        };
        let mut out = String::new();
        out.push_str(&paint(BOLD, &self.scenario));
        if !self.origin.is_empty() && self.origin != self.scenario {
            out.push_str(&paint(DIM, &format!("  ({})", self.origin)));
        }
        out.push('\n');
        out.push_str(&format!("seed {}\n", self.seed));
        let mut phase = Phase::Steps;
        for st in &self.steps {
            if st.phase != phase {
                phase = st.phase;
                out.push_str(&paint(BOLD, "solution:\n"));
            }
            let mark = match st.expectation {
                Expectation::Met => paint(GREEN, "✓"),
                Expectation::Failed => paint(RED, "✗"),
                Expectation::None => paint(DIM, "·"),
            };
            out.push_str(&format!(
                "{mark} {} {:>3} {}\n",
                paint(DIM, &SimTime(st.time_ms).to_string()),
                st.index,
                one_line(&st.input, 200)
            ));
            let detail = format!("      → {}\n", one_line(&st.message, 300));
            if st.expectation == Expectation::Failed {
                out.push_str(&paint(RED, &detail));
                if let Some(e) = &st.explanation {
                    for line in e.lines().filter(|l| !l.trim().is_empty()) {
                        out.push_str(&format!("        {}\n", line.trim_end()));
                    }
                }
            } else {
                out.push_str(&paint(DIM, &detail));
            }
        }
        if let Some(goal) = &self.goal {
            out.push_str(&paint(BOLD, "goal:\n"));
            for c in &goal.checks {
                let mark = if c.met {
                    paint(GREEN, "✓")
                } else {
                    paint(RED, "✗")
                };
                out.push_str(&format!("{mark} {}\n", one_line(&c.description, 200)));
                if !c.met {
                    out.push_str(&paint(RED, &format!("      → {}\n", c.message)));
                }
            }
            if !goal.extras.is_empty() {
                out.push_str(&format!(
                    "  also present (not part of the goal, not blocking): {}\n",
                    goal.extras.len()
                ));
                for id in goal.extras.iter().take(20) {
                    out.push_str(&format!("    {id}\n"));
                }
                if goal.extras.len() > 20 {
                    out.push_str(&format!("    … and {} more\n", goal.extras.len() - 20));
                }
            }
            let status = match goal.status {
                LessonStatus::Solved => paint(GREEN, goal.status.as_str()),
                LessonStatus::CompletedWithSolutionShown => paint(GREEN, goal.status.as_str()),
                LessonStatus::InProgress => paint(RED, "goal not reached"),
            };
            out.push_str(&format!("lesson: {status}\n"));
        }
        let verdict = if self.passed {
            paint(GREEN, "PASSED")
        } else {
            paint(RED, "FAILED")
        };
        out.push_str(&format!(
            "{verdict}: {} met, {} failed · {} steps · virtual time {} · seed {} · trace {}\n",
            self.expectations.met,
            self.expectations.failed,
            self.steps.len(),
            SimTime(self.time_ms),
            self.seed,
            self.trace_hash
        ));
        if !self.passed {
            out.push_str(&format!("reproduce with --seed {}\n", self.seed));
        }
        out
    }

    /// The exit status of `hcsim run`: 0 when every expectation was met (and a lesson's goal
    /// holds), 1 otherwise. (2, for files that cannot be read or parsed, is the front end's.)
    pub fn exit_code(&self) -> i32 {
        if self.passed { 0 } else { 1 }
    }
}

/// The first line of `s`, at most `max` characters, marked when cut.
fn one_line(s: &str, max: usize) -> String {
    let mut lines = s.lines();
    let first = lines.next().unwrap_or("");
    let more = lines.next().is_some();
    let mut out: String = first.chars().take(max).collect();
    if more || first.chars().count() > max {
        out.push('…');
    }
    out
}
