//! What the server holds behind its one lock: the lab session (so a served session saves,
//! loads and replays like any other), the virtual clock's link to wall time, the token key,
//! the credentials of the principals real clients sign in as, and a short request log.
//!
//! The only wall-clock reads of hcsim are here (and in the connection's timeouts): the core
//! never reads time, it is advanced to the wall-time equivalent before each request.

use std::collections::VecDeque;
use std::time::Instant;

use hcsim_core::directory::PrincipalKind;
use hcsim_core::{Input, Millis, Output, Timing};
use hcsim_lab::Lab;

use crate::token::Tokens;

/// The service principal that is Owner of every subscription, as the trainee is
/// (`AZURE_CLIENT_ID` of `--print-env`).
pub const OWNER_SP: &str = "hcsim-automation";
/// A service principal with no role at all (for RBAC tests: every ARM write is 403).
pub const NOROLE_SP: &str = "hcsim-norole";
/// The password of every user of the simulated tenant (ROPC sign-in). Simulated: it guards
/// nothing but the teaching of a wrong-password error.
pub const USER_PASSWORD: &str = "hcsim-Passw0rd!";
/// The Azure CLI's public client application id (the `appid` claim of user tokens).
pub const AZURE_CLI_APP_ID: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
/// How many recent requests the log keeps (`GET /hcsim/status`, the terminal's live view).
pub const LOG_LEN: usize = 200;

/// The most reads one history step holds (the core allows 10 000 inputs per step).
pub const READS_PER_STEP: usize = 1000;

/// How virtual time follows the wall clock.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pace {
    /// Operations finish at once (the core's instant timing); the clock moves only when told.
    Instant,
    /// The virtual clock runs at wall time × `speed` (thousandths: 1000 = real time).
    Realistic {
        /// Speed in thousandths.
        speed_milli: u64,
    },
    /// A front end moves the clock itself (the terminal simulator's own clock, `hcsim
    /// --serve`): the session's timing is left as it is.
    External,
}

/// One line of the request log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// `PUT /subscriptions/…`.
    pub request: String,
    /// The status answered.
    pub status: u16,
    /// Who sent it (principal name, or `-` before sign-in).
    pub principal: String,
}

/// The server's state (behind one `Mutex`).
pub struct Sim {
    /// The session.
    pub lab: Lab,
    /// `https://127.0.0.1:PORT` (no trailing slash).
    pub base: String,
    /// Issues and checks tokens.
    pub tokens: Tokens,
    /// The `X-IDENTITY-HEADER` value the managed-identity endpoint wants.
    pub identity_header: String,
    /// How time passes.
    pub pace: Pace,
    started: Instant,
    started_virtual_ms: u64,
    /// Recent requests, newest last.
    pub log: VecDeque<LogLine>,
    /// Requests served since start.
    pub served: u64,
    /// Reads in the open history step (see `arm::send`).
    pub open_reads: usize,
}

impl std::fmt::Debug for Sim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sim").field("base", &self.base).finish()
    }
}

/// The secret of a service principal. Deterministic (from its app id), so the environment
/// lines stay the same across restarts; hcsim's secrets guard nothing real.
pub fn secret_of(app_id: &str) -> String {
    let short: String = app_id.chars().filter(|c| *c != '-').take(12).collect();
    format!("hcsim.{short}.secret")
}

impl Sim {
    /// The state around `lab`, served at `base`, with a random token key.
    pub fn new(mut lab: Lab, base: String, pace: Pace, key: &[u8]) -> Sim {
        let timing = match pace {
            Pace::Instant => Some(Timing::Instant),
            Pace::Realistic { .. } => Some(Timing::Realistic),
            Pace::External => None,
        };
        if let Some(timing) = timing
            && lab.world().timing() != timing
        {
            lab.apply("sim timing", Input::SetTiming { timing });
            lab.commit();
        }
        ensure_principals(&mut lab);
        let identity_header = format!("hcsim-{}", crate::token::b64url(&key[..9.min(key.len())]));
        Sim {
            started_virtual_ms: lab.world().now().0,
            lab,
            base,
            tokens: Tokens::new(key),
            identity_header,
            pace,
            started: Instant::now(),
            log: VecDeque::new(),
            served: 0,
            open_reads: 0,
        }
    }

    /// A server state with no socket, for fuzzing [`crate::handle_bytes`]: the default session
    /// with `seed`, instant timing and a fixed token key.
    pub fn offline(seed: u64) -> Sim {
        let lab = Lab::new(hcsim_core::Config::new(seed));
        Sim::new(
            lab,
            "https://127.0.0.1:0".into(),
            Pace::Instant,
            b"hcsim offline key",
        )
    }

    /// Unix seconds now (token lifetimes follow the wall clock: clients compare them to it).
    pub fn unix_now() -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }

    /// Moves the virtual clock to the wall-time equivalent (realistic pace only), as one
    /// history step of its own.
    pub fn catch_up(&mut self) {
        let Pace::Realistic { speed_milli } = self.pace else {
            return;
        };
        let wall_ms = self.started.elapsed().as_millis() as u64;
        let target = self
            .started_virtual_ms
            .saturating_add(wall_ms.saturating_mul(speed_milli) / 1000);
        let now = self.lab.world().now().0;
        if target > now + 50 {
            self.lab.commit();
            self.open_reads = 0;
            self.lab.apply(
                "sim advance",
                Input::Advance {
                    by: Millis(target - now),
                },
            );
            self.lab.commit();
        }
    }

    /// After an explicit `sim advance` through the control route: the wall clock keeps
    /// running from the new virtual time.
    pub fn rebase_clock(&mut self) {
        self.started = Instant::now();
        self.started_virtual_ms = self.lab.world().now().0;
    }

    /// Records a served request.
    pub fn record(&mut self, request: String, status: u16, principal: String) {
        self.served += 1;
        if self.log.len() >= LOG_LEN {
            self.log.pop_front();
        }
        self.log.push_back(LogLine {
            request,
            status,
            principal,
        });
    }

    /// The app id (object id in hcsim) of a principal named `name`.
    pub fn app_id(&self, name: &str) -> Option<String> {
        self.lab
            .world()
            .directory()
            .find(name)
            .map(|p| p.object_id.clone())
    }
}

/// Adds [`OWNER_SP`] (Owner of every subscription, as part of the session's setup, so in
/// effect at once even in realistic timing) and [`NOROLE_SP`] if the session lacks them,
/// through the core's own directory input, so a saved session replays them and RBAC treats
/// them as any principal.
fn ensure_principals(lab: &mut Lab) {
    let missing = |lab: &Lab, n: &str| {
        lab.world()
            .directory()
            .find(n)
            .is_none_or(|p| p.kind != PrincipalKind::ServicePrincipal)
    };
    if !missing(lab, OWNER_SP) && !missing(lab, NOROLE_SP) {
        return;
    }
    // Only the tenant's administrator (the trainee) may add principals: act as them for it.
    let acting = lab.world().acting().to_string();
    let trainee = hcsim_core::world::TRAINEE;
    let switch = !acting.eq_ignore_ascii_case(trainee);
    lab.commit();
    if switch {
        let who = trainee.into();
        lab.apply("hcsim serve", Input::ActAs { principal: who });
    }
    for (name, owner) in [(OWNER_SP, true), (NOROLE_SP, false)] {
        if missing(lab, name) {
            let out = lab.apply(
                "hcsim serve",
                Input::AddServicePrincipal {
                    name: name.into(),
                    owner,
                },
            );
            if let Output::Refused { error } = &out {
                eprintln!("hcsim serve: could not add {name}: {}", error.message);
            }
        }
    }
    if switch {
        lab.apply("hcsim serve", Input::ActAs { principal: acting });
    }
    lab.commit();
}
