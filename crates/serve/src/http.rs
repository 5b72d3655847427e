//! HTTP/1.1 messages: reading one request from a stream within bounds, and writing one
//! response. No routing here and no simulator: bytes in, a parsed request out (or the reason
//! it could not be read), so hostile input is handled in one place.

use std::io::{BufRead, Write};

/// ARM refuses request bodies over 4 MB (413 `RequestEntityTooLarge`); hcsim keeps the limit.
pub const MAX_BODY: usize = 4 * 1024 * 1024;
/// The most header bytes (request line included) hcsim reads; more is 431.
pub const MAX_HEADER: usize = 32 * 1024;
/// The most header lines hcsim reads; more is 431.
pub const MAX_HEADER_LINES: usize = 100;

/// One parsed request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpRequest {
    /// The verb, upper case as sent (`GET`, `PUT`, `HEAD` …).
    pub method: String,
    /// The path, still percent-encoded, without the query.
    pub path: String,
    /// The query string after `?`, still encoded (empty if none).
    pub query: String,
    /// Header names lower-cased, values trimmed, in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes (Content-Length or chunked).
    pub body: Vec<u8>,
    /// False when the client asked to close the connection after this request.
    pub keep_alive: bool,
}

impl HttpRequest {
    /// The first header called `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    /// The first query parameter called `name` (case-insensitive), percent-decoded.
    pub fn query_param(&self, name: &str) -> Option<String> {
        form_pairs(&self.query)
            .into_iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
}

/// A response to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Headers besides `Content-Length`, `Date` and `Connection`, which the writer adds.
    pub headers: Vec<(String, String)>,
    /// Body bytes (empty for 204 and HEAD).
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A JSON response.
    pub fn json(status: u16, body: &serde_json::Value) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![(
                "Content-Type".into(),
                "application/json; charset=utf-8".into(),
            )],
            body: body.to_string().into_bytes(),
        }
    }
    /// A response with no body.
    pub fn empty(status: u16) -> HttpResponse {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }
    /// Adds a header.
    pub fn with(mut self, name: &str, value: impl Into<String>) -> HttpResponse {
        self.headers.push((name.into(), value.into()));
        self
    }
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The peer closed the connection before a request began (the normal end of keep-alive).
    Closed,
    /// The bytes are not HTTP/1.1 (400).
    Malformed(String),
    /// The request line and headers are too long (431).
    HeaderTooLarge,
    /// The body is over [`MAX_BODY`] (413).
    BodyTooLarge,
    /// The socket failed or timed out mid-request (408 if anything can still be written).
    Io(String),
}

/// Reads one line ending in LF, at most `budget` bytes. `Ok(None)` at end of stream.
fn read_line(r: &mut impl BufRead, budget: &mut usize) -> Result<Option<String>, ReadError> {
    let mut line = Vec::new();
    loop {
        let buf = r.fill_buf().map_err(|e| ReadError::Io(e.to_string()))?;
        if buf.is_empty() {
            return if line.is_empty() {
                Ok(None)
            } else {
                Err(ReadError::Malformed("the request ends mid-line".into()))
            };
        }
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        if take > *budget {
            return Err(ReadError::HeaderTooLarge);
        }
        *budget -= take;
        line.extend_from_slice(&buf[..take]);
        r.consume(take);
        if done {
            while matches!(line.last(), Some(b'\n' | b'\r')) {
                line.pop();
            }
            return String::from_utf8(line)
                .map(Some)
                .map_err(|_| ReadError::Malformed("the header is not UTF-8".into()));
        }
    }
}

/// Reads one request. `Err(Closed)` when the peer ends the connection between requests.
pub fn read_request(r: &mut impl BufRead) -> Result<HttpRequest, ReadError> {
    let mut req = read_head(r)?;
    req.body = read_body(r, &req)?;
    Ok(req)
}

/// Whether the client waits for `100 Continue` before sending the body (curl does for
/// bodies over 1 KB; without the interim answer it waits a second).
pub fn expects_continue(req: &HttpRequest) -> bool {
    req.header("expect")
        .is_some_and(|e| e.eq_ignore_ascii_case("100-continue"))
}

/// Reads the request line and headers (the body is left for [`read_body`]).
pub fn read_head(r: &mut impl BufRead) -> Result<HttpRequest, ReadError> {
    let mut budget = MAX_HEADER;
    let mut first = None;
    // Tolerate blank lines before the request line (RFC 9112 §2.2).
    for _ in 0..4 {
        let line = match read_line(r, &mut budget) {
            // Nothing of a request arrived: an idle keep-alive connection ends quietly.
            Err(ReadError::Io(_)) if budget == MAX_HEADER => return Err(ReadError::Closed),
            other => other?,
        };
        match line {
            None => return Err(ReadError::Closed),
            Some(l) if l.is_empty() => continue,
            Some(l) => {
                first = Some(l);
                break;
            }
        }
    }
    let first = first.ok_or_else(|| ReadError::Malformed("no request line".into()))?;
    let mut parts = first.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Malformed(
            "the request line is not `METHOD target HTTP/1.1`".into(),
        ));
    };
    if !version.starts_with("HTTP/1.")
        || method.is_empty()
        || !method.bytes().all(|b| b.is_ascii_uppercase())
    {
        return Err(ReadError::Malformed(
            "the request line is not `METHOD target HTTP/1.1`".into(),
        ));
    }
    let mut headers = Vec::new();
    loop {
        let Some(line) = read_line(r, &mut budget)? else {
            return Err(ReadError::Malformed("the headers end early".into()));
        };
        if line.is_empty() {
            break;
        }
        if headers.len() >= MAX_HEADER_LINES {
            return Err(ReadError::HeaderTooLarge);
        }
        let Some((k, v)) = line.split_once(':') else {
            return Err(ReadError::Malformed("a header line has no ':'".into()));
        };
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut req = HttpRequest {
        method: method.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        keep_alive: version != "HTTP/1.0",
        headers,
        body: Vec::new(),
    };
    if let Some(c) = req.header("connection") {
        let c = c.to_ascii_lowercase();
        req.keep_alive = if c.contains("close") {
            false
        } else {
            req.keep_alive || c.contains("keep-alive")
        };
    }
    Ok(req)
}

/// The body of `req`: `Content-Length` bytes, or chunks, never more than [`MAX_BODY`].
pub fn read_body(r: &mut impl BufRead, req: &HttpRequest) -> Result<Vec<u8>, ReadError> {
    let chunked = req
        .header("transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    if chunked {
        return read_chunked(r);
    }
    let len = match req.header("content-length") {
        None => return Ok(Vec::new()),
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| ReadError::Malformed("Content-Length is not a number".into()))?,
    };
    if len > MAX_BODY {
        return Err(ReadError::BodyTooLarge);
    }
    let mut body = vec![0u8; len];
    r.read_exact(&mut body)
        .map_err(|e| ReadError::Io(e.to_string()))?;
    Ok(body)
}

fn read_chunked(r: &mut impl BufRead) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    loop {
        let mut budget = 1024;
        let line = read_line(r, &mut budget)?
            .ok_or_else(|| ReadError::Malformed("the chunked body ends early".into()))?;
        let size_text = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| ReadError::Malformed("a chunk size is not hexadecimal".into()))?;
        if size == 0 {
            // Trailers, up to the blank line.
            let mut budget = MAX_HEADER;
            while let Some(l) = read_line(r, &mut budget)? {
                if l.is_empty() {
                    break;
                }
            }
            return Ok(body);
        }
        if body.len().saturating_add(size) > MAX_BODY {
            return Err(ReadError::BodyTooLarge);
        }
        let start = body.len();
        body.resize(start + size, 0);
        r.read_exact(&mut body[start..])
            .map_err(|e| ReadError::Io(e.to_string()))?;
        let mut budget = 4;
        read_line(r, &mut budget)?;
    }
}

/// The reason phrase of a status.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// Writes `resp` (no body for HEAD); `close` adds `Connection: close`.
pub fn write_response(
    w: &mut impl Write,
    resp: &HttpResponse,
    head: bool,
    close: bool,
) -> std::io::Result<()> {
    let mut out = Vec::with_capacity(256 + resp.body.len());
    out.extend_from_slice(
        format!("HTTP/1.1 {} {}\r\n", resp.status, reason(resp.status)).as_bytes(),
    );
    for (k, v) in &resp.headers {
        // A header value never carries a line break (they come from the simulator's ids).
        let v: String = v.chars().filter(|c| !c.is_control()).collect();
        out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    let no_body = resp.status == 204 || resp.status == 304;
    if !no_body {
        out.extend_from_slice(format!("Content-Length: {}\r\n", resp.body.len()).as_bytes());
    }
    if close {
        out.extend_from_slice(b"Connection: close\r\n");
    }
    out.extend_from_slice(b"\r\n");
    if !head && !no_body {
        out.extend_from_slice(&resp.body);
    }
    w.write_all(&out)?;
    w.flush()
}

/// Decodes `%XX` and (in forms) `+`. Invalid escapes are kept as written.
pub fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// `a=1&b=2` (a query or a form body) as decoded pairs.
pub fn form_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}
