//! The listener: TLS connections on 127.0.0.1, a thread per connection (bounded), HTTP/1.1
//! keep-alive, a deadline per request against slow clients, and a clean stop.

use std::io::{BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crate::http::{HttpRequest, HttpResponse, ReadError, read_body, read_head, write_response};
use crate::state::Sim;

/// Limits of the listener.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// How long one request may take to arrive (and an idle keep-alive connection may wait).
    pub request_deadline: Duration,
    /// The most connections served at once; more are closed at once.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            request_deadline: Duration::from_secs(30),
            max_connections: 256,
        }
    }
}

/// A socket whose reads fail once a deadline has passed (a slow client cannot hold a thread).
struct Deadline<S> {
    inner: S,
    deadline: Instant,
}

impl<S: Read> Read for Deadline<S> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if Instant::now() >= self.deadline {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "request deadline passed",
            ));
        }
        self.inner.read(buf)
    }
}

impl<S: Write> Write for Deadline<S> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Work for the simulator's thread: the session is not `Send` (it is `no_std` code with
/// shared `Rc`s), so one thread owns it and connections hand it their requests in turn;
/// this is the one lock of the server.
pub enum Job {
    /// An HTTP request to answer.
    Http {
        /// The request.
        req: crate::http::HttpRequest,
        /// Whether the peer is on this machine.
        loopback: bool,
        /// Where the answer goes.
        reply: mpsc::SyncSender<HttpResponse>,
    },
    /// Anything else to do with the state (print the environment, save).
    Call(Box<dyn FnOnce(&mut Sim) + Send>),
}

/// A handle on the simulator's thread.
#[derive(Clone, Debug)]
pub struct SimHandle {
    tx: mpsc::Sender<Job>,
}

impl SimHandle {
    /// A handle sending to `tx`.
    pub fn new(tx: mpsc::Sender<Job>) -> SimHandle {
        SimHandle { tx }
    }
    /// Answers `req` on the simulator's thread (503 if that thread is gone).
    pub fn route(&self, req: crate::http::HttpRequest, loopback: bool) -> HttpResponse {
        let (reply, answer) = mpsc::sync_channel(1);
        if self
            .tx
            .send(Job::Http {
                req,
                loopback,
                reply,
            })
            .is_err()
        {
            return gone();
        }
        answer.recv().unwrap_or_else(|_| gone())
    }
    /// Runs `f` on the state and returns its result (`None` if the thread is gone).
    pub fn call<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Sim) -> R + Send + 'static,
    ) -> Option<R> {
        let (reply, answer) = mpsc::sync_channel(1);
        let job = Job::Call(Box::new(move |sim: &mut Sim| {
            let _ = reply.send(f(sim));
        }));
        self.tx.send(job).ok()?;
        answer.recv().ok()
    }
}

fn gone() -> HttpResponse {
    crate::reply::arm_error(503, "ServiceUnavailable", "The simulator has stopped.")
}

/// The simulator's loop: answers jobs until every handle is dropped.
pub fn sim_loop(sim: &mut Sim, jobs: &mpsc::Receiver<Job>) {
    for job in jobs {
        handle_job(sim, job);
    }
}

/// Answers one job; returns the request line and status of an HTTP job (for a live view).
pub fn handle_job(sim: &mut Sim, job: Job) -> Option<(String, u16)> {
    match job {
        Job::Http {
            req,
            loopback,
            reply,
        } => {
            // A bug that panics answers 500 and the server keeps serving (the session stays
            // as the core left it; the core changes state only after its checks).
            let routed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                crate::router::route(sim, &req, loopback)
            }));
            let resp = routed.unwrap_or_else(|_| {
                crate::reply::arm_error(
                    500,
                    "InternalServerError",
                    "hcsim serve hit an internal error answering this request; it keeps serving.",
                )
            });
            let line = format!("{} {}", req.method, hcsim_core::id::shorten(&req.path));
            let status = resp.status;
            let _ = reply.send(resp);
            Some((line, status))
        }
        Job::Call(f) => {
            f(sim);
            None
        }
    }
}

/// Stops a running [`accept_loop`] from another thread.
#[derive(Clone, Debug)]
pub struct Stopper {
    stop: Arc<AtomicBool>,
    port: u16,
}

impl Stopper {
    /// Asks the loop to stop, and wakes its `accept`.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
    /// Whether a stop was asked.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

/// A new stopper for the loop on `port`.
pub fn stopper(port: u16) -> Stopper {
    Stopper {
        stop: Arc::new(AtomicBool::new(false)),
        port,
    }
}

/// Accepts connections until `stop` is asked.
pub fn accept_loop(
    listener: &TcpListener,
    tls: &Arc<rustls::ServerConfig>,
    sim: &SimHandle,
    stop: &Stopper,
    limits: Limits,
) {
    let open = Arc::new(AtomicUsize::new(0));
    for conn in listener.incoming() {
        if stop.stopped() {
            break;
        }
        let Ok(stream) = conn else { continue };
        if open.load(Ordering::SeqCst) >= limits.max_connections {
            drop(stream);
            continue;
        }
        open.fetch_add(1, Ordering::SeqCst);
        let (tls, sim, open) = (Arc::clone(tls), sim.clone(), Arc::clone(&open));
        let spawned = std::thread::Builder::new()
            .name("hcsim-conn".into())
            .spawn(move || {
                serve_connection(stream, tls, &sim, limits);
                open.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // The thread was never started, so its counter decrement never runs.
            eprintln!("hcsim serve: cannot start a connection thread");
        }
    }
}

/// Serves one TLS connection until the peer closes it, asks to, or is too slow.
fn serve_connection(
    stream: TcpStream,
    tls: Arc<rustls::ServerConfig>,
    sim: &SimHandle,
    limits: Limits,
) {
    let loopback = stream
        .peer_addr()
        .map(|a| a.ip().is_loopback())
        .unwrap_or(false);
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(limits.request_deadline));
    let _ = stream.set_write_timeout(Some(limits.request_deadline));
    let Ok(conn) = rustls::ServerConnection::new(tls) else {
        return;
    };
    let tls_stream = rustls::StreamOwned::new(conn, stream);
    let mut reader = BufReader::new(Deadline {
        inner: tls_stream,
        deadline: Instant::now() + limits.request_deadline,
    });
    loop {
        reader.get_mut().deadline = Instant::now() + limits.request_deadline;
        let (resp, head, keep) = match read_with_continue(&mut reader) {
            Ok(req) => {
                let (head, keep) = (req.method == "HEAD", req.keep_alive);
                (sim.route(req, loopback), head, keep)
            }
            Err(ReadError::Closed) => return,
            Err(e) => (error_response(&e), false, false),
        };
        let w = reader.get_mut();
        if write_response(w, &resp, head, !keep).is_err() || !keep {
            w.inner.conn.send_close_notify();
            let _ = w.inner.flush();
            return;
        }
    }
}

/// Reads a request, answering `100 Continue` first when the client waits for it.
fn read_with_continue<S: Read + Write>(
    reader: &mut BufReader<Deadline<S>>,
) -> Result<HttpRequest, ReadError> {
    let mut req = read_head(reader)?;
    let too_big = req
        .header("content-length")
        .and_then(|l| l.parse::<usize>().ok())
        .is_some_and(|l| l > crate::http::MAX_BODY);
    if crate::http::expects_continue(&req) && !too_big {
        let w = reader.get_mut();
        w.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .and_then(|()| w.flush())
            .map_err(|e| ReadError::Io(e.to_string()))?;
    }
    req.body = read_body(reader, &req)?;
    Ok(req)
}

/// ARM's answer to a request that could not be read.
pub fn error_response(e: &ReadError) -> HttpResponse {
    use crate::reply::arm_error;
    match e {
        ReadError::BodyTooLarge => arm_error(
            413,
            "RequestEntityTooLarge",
            "The request content size exceeds the maximum size of 4 MB.",
        ),
        ReadError::HeaderTooLarge => arm_error(
            431,
            "RequestHeaderFieldsTooLarge",
            "The request headers are too large.",
        ),
        ReadError::Malformed(why) => arm_error(
            400,
            "InvalidRequestFormat",
            &format!("The request is not valid HTTP/1.1: {why}."),
        ),
        ReadError::Io(_) | ReadError::Closed => {
            arm_error(408, "RequestTimeout", "The request did not arrive in time.")
        }
    }
}
