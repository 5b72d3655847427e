//! `hcsim serve`: an HTTPS endpoint on 127.0.0.1 that speaks Azure Resource Manager's REST
//! protocol over the simulator's core, plus the identity-platform and Microsoft Graph slices
//! real clients call first, so the real az CLI and the Azure SDKs run against hcsim.
//!
//! Modules, leaves first: `http` (HTTP/1.1 messages, bounds), `reply` (ARM's error body), `token` (JWTs issued and
//! checked), `tls` (the certificate and rustls), `state` (the session behind the lock, the
//! clock's link to wall time, the principals' credentials), `filter` (ARM's `$filter` on
//! lists), `roles` (built-in role definitions in ARM's REST shape), `providers` (resource providers,
//! their types and api-versions), `identity` (metadata, OpenID, token, device code, managed identity), `graph`
//! (Graph v1.0 slice), `arm` (ARM routes over the core, LRO headers, ARM's errors),
//! `control` (the loopback control route), `router` (which part answers, the token check),
//! `server` (listener, connections, deadlines), `env` (the `--print-env` lines and banner).
//! Also a leaf: `jsonc` (the unquoted property names and comments ARM accepts, which az's
//! deployment bodies carry).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod arm;
pub mod control;
pub mod env;
pub mod filter;
pub mod graph;
pub mod http;
pub mod identity;
pub mod jsonc;
pub mod providers;
pub mod reply;
pub mod roles;
pub mod router;
pub mod server;
pub mod state;
pub mod tls;
pub mod token;

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, mpsc};

use hcsim_lab::Lab;

pub use server::{Limits, SimHandle, Stopper};
pub use state::{Pace, Sim};

/// How to serve.
#[derive(Clone, Debug)]
pub struct Options {
    /// The port on 127.0.0.1 (0: any free one).
    pub port: u16,
    /// How virtual time passes.
    pub pace: Pace,
    /// A certificate chain and key (PEM) to use instead of generating them.
    pub cert: Option<(PathBuf, PathBuf)>,
    /// Where the CA file and the certificate go (default: the state folder per port).
    pub state_dir: Option<PathBuf>,
    /// Listener limits.
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            port: 0,
            pace: Pace::Instant,
            cert: None,
            state_dir: None,
            limits: Limits::default(),
        }
    }
}

/// A bound server, ready to [`Server::serve`]. The session lives on its own thread.
pub struct Server {
    listener: TcpListener,
    tls: Arc<rustls::ServerConfig>,
    sim: SimHandle,
    stopper: Stopper,
    limits: Limits,
    /// The port it listens on.
    pub port: u16,
    /// The file clients must trust (`REQUESTS_CA_BUNDLE`).
    pub ca_file: PathBuf,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("port", &self.port).finish()
    }
}

/// The session's side of a server bound with [`Server::bind_external`].
pub struct External {
    /// The requests to answer, in arrival order ([`server::handle_job`] answers one).
    pub jobs: mpsc::Receiver<server::Job>,
    base: String,
    pace: Pace,
    key: [u8; 32],
}

impl std::fmt::Debug for External {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("External")
            .field("base", &self.base)
            .finish()
    }
}

impl External {
    /// The server's state around `lab` (adds the service principals real clients sign in as).
    pub fn sim(&self, lab: Lab) -> Sim {
        Sim::new(lab, self.base.clone(), self.pace, &self.key)
    }
}

/// The key tokens are signed with: `token.key` in the state folder, made once (random,
/// owner-only), so tokens a client cached stay valid when the server restarts on that port.
fn token_key(dir: &std::path::Path) -> Result<[u8; 32], String> {
    let path = dir.join("token.key");
    if let Ok(bytes) = std::fs::read(&path)
        && let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice())
    {
        return Ok(key);
    }
    let mut key = [0u8; 32];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut key)
        .map_err(|_| "no system randomness for the token key".to_string())?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    std::fs::write(&path, key).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
    }
    Ok(key)
}

/// The default state folder: `$XDG_STATE_HOME/hcsim/serve/<port>`, else
/// `~/.local/state/hcsim/serve/<port>`, else the temp folder.
fn state_dir(port: u16) -> PathBuf {
    let base = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("hcsim").join("serve").join(port.to_string())
}

impl Server {
    /// Binds 127.0.0.1, makes (or loads) the certificate, writes the CA file, and starts the
    /// simulator's thread on the session `make_lab` builds there (the session is not `Send`),
    /// with its service principals and timing.
    pub fn bind<F>(make_lab: F, opts: &Options) -> Result<Server, String>
    where
        F: FnOnce() -> Lab + Send + 'static,
    {
        let (server, external) = Server::bind_external(opts)?;
        std::thread::Builder::new()
            .name("hcsim-sim".into())
            .spawn(move || {
                let mut sim = external.sim(make_lab());
                server::sim_loop(&mut sim, &external.jobs);
            })
            .map_err(|e| format!("cannot start the simulator thread: {e}"))?;
        Ok(server)
    }

    /// Binds as [`Server::bind`] does, but leaves the session to the caller: it builds the
    /// state with [`External::sim`] on its own thread and answers the jobs (the terminal
    /// simulator does, between frames, on the session it shows).
    pub fn bind_external(opts: &Options) -> Result<(Server, External), String> {
        let listener = TcpListener::bind(("127.0.0.1", opts.port))
            .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", opts.port))?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let files = match &opts.cert {
            Some((c, k)) => tls::load(c, k)?,
            None => tls::generate()?,
        };
        let dir = opts.state_dir.clone().unwrap_or_else(|| state_dir(port));
        let ca_file = match &opts.cert {
            Some((c, _)) => c.clone(),
            None => tls::write(&files, &dir)?,
        };
        let tls = tls::server_config(&files)?;
        let key = token_key(&dir)?;
        let (tx, jobs) = mpsc::channel();
        let external = External {
            jobs,
            base: format!("https://127.0.0.1:{port}"),
            pace: opts.pace,
            key,
        };
        let server = Server {
            listener,
            tls,
            sim: SimHandle::new(tx),
            stopper: server::stopper(port),
            limits: opts.limits,
            port,
            ca_file,
        };
        Ok((server, external))
    }

    /// The handle on the simulator's thread.
    pub fn sim(&self) -> SimHandle {
        self.sim.clone()
    }

    /// A handle that stops [`Server::serve`] from another thread.
    pub fn stopper(&self) -> Stopper {
        self.stopper.clone()
    }

    /// `https://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("https://127.0.0.1:{}", self.port)
    }

    /// The `export NAME=value` lines.
    pub fn export_lines(&self) -> String {
        let ca = self.ca_file.clone();
        self.sim
            .call(move |s| env::export_lines(s, &ca))
            .unwrap_or_default()
    }

    /// The environment as pairs.
    pub fn vars(&self) -> Vec<(String, String)> {
        let ca = self.ca_file.clone();
        self.sim
            .call(move |s| env::vars(s, &ca))
            .unwrap_or_default()
    }

    /// Writes the `export` lines to `env.sh` beside the CA file (for `. env.sh`); returns it.
    pub fn write_env_file(&self) -> Result<PathBuf, String> {
        let path = env::env_file(&self.ca_file);
        std::fs::write(&path, self.export_lines())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(path)
    }

    /// The banner for a person.
    pub fn banner(&self) -> String {
        let ca = self.ca_file.clone();
        self.sim
            .call(move |s| env::banner(s, &ca))
            .unwrap_or_default()
    }

    /// Serves until stopped.
    pub fn serve(&self) {
        server::accept_loop(
            &self.listener,
            &self.tls,
            &self.sim,
            &self.stopper,
            self.limits,
        );
    }

    /// Makes SIGTERM and SIGINT (ctrl-c) stop [`Server::serve`]. Call it before telling
    /// anyone the server is up (printing the environment), so an early signal is not lost.
    pub fn stop_on_signals(&self) -> Result<(), String> {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT])
            .map_err(|e| format!("cannot watch signals: {e}"))?;
        let stop = self.stopper();
        std::thread::spawn(move || {
            if signals.forever().next().is_some() {
                stop.stop();
            }
        });
        Ok(())
    }

    /// The session as saved now.
    pub fn save(&self) -> String {
        self.sim.call(|s| s.lab.save()).unwrap_or_default()
    }
}

/// Answers one raw HTTP request (bytes) with one raw response: the whole server but the
/// socket and TLS, for fuzzing. Never panics on input.
pub fn handle_bytes(sim: &mut Sim, bytes: &[u8]) -> Vec<u8> {
    let mut reader = std::io::BufReader::new(bytes);
    let (resp, head) = match http::read_request(&mut reader) {
        Ok(req) => (router::route(sim, &req, true), req.method == "HEAD"),
        Err(e) => (server::error_response(&e), false),
    };
    let mut out = Vec::new();
    let _ = http::write_response(&mut out, &resp, head, true);
    out
}
