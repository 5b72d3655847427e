//! A served session on a free port and a tiny HTTPS client (rustls, trusting the CA file the
//! server wrote), for the integration tests.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use hcsim_core::Config;
use hcsim_lab::Lab;
use hcsim_serve::{Limits, Options, Pace, Server, Stopper};
use serde_json::Value;

/// A running server.
pub struct Served {
    pub base: String,
    pub port: u16,
    pub vars: Vec<(String, String)>,
    stop: Stopper,
    dir: PathBuf,
    tls: Arc<rustls::ClientConfig>,
}

/// One answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    /// ARM's error code (`error.code`).
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// Serves a fresh default session (seed 42).
pub fn serve() -> Served {
    serve_with(Pace::Instant, Duration::from_secs(10))
}

/// Serves with a pace and a per-request deadline.
pub fn serve_with(pace: Pace, deadline: Duration) -> Served {
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("hcsim-serve-test-{}-{n}", std::process::id()));
    serve_in(dir, pace, deadline)
}

/// Serves with its state (CA, token key) in `dir`, removed when the server is dropped.
pub fn serve_in(dir: PathBuf, pace: Pace, deadline: Duration) -> Served {
    let opts = Options {
        port: 0,
        pace,
        state_dir: Some(dir.clone()),
        limits: Limits {
            request_deadline: deadline,
            max_connections: 64,
        },
        ..Options::default()
    };
    let server = Server::bind(|| Lab::new(Config::new(42)), &opts).expect("bind");
    let vars = server.vars();
    let (port, stop, base) = (server.port, server.stopper(), server.base_url());
    let ca = std::fs::read(&server.ca_file).expect("CA file");
    std::thread::spawn(move || server.serve());
    let mut roots = rustls::RootCertStore::empty();
    for c in rustls::pki_types::CertificateDer::pem_slice_iter(&ca) {
        roots.add(c.expect("PEM")).expect("root");
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    Served {
        base,
        port,
        vars,
        stop,
        dir,
        tls: Arc::new(tls),
    }
}

use rustls::pki_types::pem::PemObject;

impl Drop for Served {
    fn drop(&mut self) {
        self.stop.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A TLS connection to the server.
pub type Conn = rustls::StreamOwned<rustls::ClientConnection, TcpStream>;

impl Served {
    pub fn var(&self, k: &str) -> String {
        self.vars
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// A new TLS connection (the certificate is checked for IP 127.0.0.1 against the CA).
    pub fn connect(&self) -> Conn {
        let tcp = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        tcp.set_read_timeout(Some(Duration::from_secs(20))).ok();
        let name = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
        let conn = rustls::ClientConnection::new(Arc::clone(&self.tls), name).expect("tls");
        rustls::StreamOwned::new(conn, tcp)
    }

    /// Sends `raw` bytes on a new connection and reads one answer.
    pub fn raw(&self, raw: &[u8]) -> Answer {
        let mut c = self.connect();
        c.write_all(raw).expect("write");
        c.flush().ok();
        read_answer(&mut BufReader::new(c), false).expect("an answer")
    }

    /// A request with an optional bearer token and JSON body.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> Answer {
        let mut c = self.connect();
        c.write_all(&request_bytes(method, path, token, body, true))
            .expect("write");
        read_answer(&mut BufReader::new(c), method == "HEAD").expect("an answer")
    }

    /// A PUT of a JSON body under the default subscription (`rest` starts after
    /// `/subscriptions/{id}`), as the caller whose token is given.
    pub fn put(&self, token: &str, rest: &str, body: &str) -> Answer {
        self.send("PUT", &self.sub(rest), Some(token), Some(body))
    }

    /// A form POST (the token endpoint).
    pub fn form(&self, path: &str, form: &str) -> Answer {
        let raw = format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
            form.len()
        );
        self.raw(raw.as_bytes())
    }

    /// A token for a service principal (client credentials).
    pub fn sp_token(&self, id: &str, secret: &str) -> String {
        let tenant = self.var("AZURE_TENANT_ID");
        let a = self.form(
            &format!("/{tenant}/oauth2/v2.0/token"),
            &format!("grant_type=client_credentials&client_id={id}&client_secret={secret}&scope={}/.default", self.base),
        );
        assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
        a.json()["access_token"].as_str().unwrap().to_string()
    }

    /// The Owner service principal's token.
    pub fn owner(&self) -> String {
        self.sp_token(
            &self.var("AZURE_CLIENT_ID"),
            &self.var("AZURE_CLIENT_SECRET"),
        )
    }

    /// A user's token (password grant).
    pub fn user_token(&self, user: &str) -> String {
        let a = self.form(
            "/organizations/oauth2/v2.0/token",
            &format!(
                "grant_type=password&client_id=04b07795-8ddb-461a-bbee-02f9e1bf7b46&username={user}&password={}&scope={}//.default%20offline_access",
                self.var("HCSIM_USER_PASSWORD").replace('!', "%21"),
                self.base
            ),
        );
        assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
        a.json()["access_token"].as_str().unwrap().to_string()
    }

    /// `/subscriptions/{training}` + rest.
    pub fn sub(&self, rest: &str) -> String {
        let sub = hcsim_core::id::ArmPath::at_subscription(&self.var("AZURE_SUBSCRIPTION_ID"));
        format!("{}{rest}", sub.request_path())
    }

    /// POSTs a line to the control route.
    pub fn control(&self, line: &str) -> Value {
        let a = self.send("POST", "/hcsim/sim", None, Some(line));
        assert_eq!(a.status, 200);
        a.json()
    }
}

/// A request's bytes.
pub fn request_bytes(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
    close: bool,
) -> Vec<u8> {
    let mut s = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    if let Some(t) = token {
        s.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    if let Some(b) = body {
        s.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            b.len()
        ));
    }
    if close {
        s.push_str("Connection: close\r\n");
    }
    s.push_str("\r\n");
    s.push_str(body.unwrap_or(""));
    s.into_bytes()
}

/// Reads one response (Content-Length framed).
pub fn read_answer(r: &mut impl BufRead, head: bool) -> Option<Answer> {
    let mut line = String::new();
    r.read_line(&mut line).ok()?;
    let status = line.split(' ').nth(1)?.parse().ok()?;
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        r.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; if head { 0 } else { len }];
    r.read_exact(&mut body).ok()?;
    Some(Answer {
        status,
        headers,
        body,
    })
}
