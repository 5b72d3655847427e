//! A small std-only static file server for the playground, bound to 127.0.0.1.
//!
//! It serves GET and HEAD for files under one directory with the right MIME types
//! (`application/wasm` lets the page use `WebAssembly.instantiateStreaming`), never
//! leaves that directory, and repeats an HTML page's `<meta http-equiv=
//! "Content-Security-Policy">` as a header so tests see the policy a real host would send.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::proc::Result;

/// Binds 127.0.0.1:`port` (0 picks a free port).
pub fn bind(port: u16) -> Result<TcpListener> {
    TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        format!("cannot listen on 127.0.0.1:{port}: {e} (is another server using it? try --port)")
    })
}

/// The address a listener is bound to, as a URL ending in `/`.
pub fn url(listener: &TcpListener) -> Result<String> {
    let addr: SocketAddr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the server's address: {e}"))?;
    Ok(format!("http://{addr}/"))
}

/// Serves `root` on a background thread until the process exits.
pub fn spawn(listener: TcpListener, root: PathBuf) {
    std::thread::spawn(move || serve(&listener, &root));
}

/// Serves `root` forever, one thread per connection.
pub fn serve(listener: &TcpListener, root: &Path) {
    for stream in listener.incoming().flatten() {
        let root = root.to_path_buf();
        std::thread::spawn(move || {
            // A client that hangs up early is not the server's problem.
            let _ = handle(stream, &root);
        });
    }
}

/// Reads one request and writes one response, then closes the connection.
fn handle(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?.take(64 * 1024));
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    skip_headers(&mut reader)?;
    let response = respond(&request_line, root);
    stream.write_all(&response)?;
    stream.flush()
}

/// Consumes the request headers up to the blank line.
fn skip_headers(reader: &mut impl BufRead) -> std::io::Result<()> {
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            return Ok(());
        }
    }
}

/// The full response (status line, headers, body) to one request line.
pub fn respond(request_line: &str, root: &Path) -> Vec<u8> {
    let mut words = request_line.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    if method != "GET" && method != "HEAD" {
        return simple(405, "Method Not Allowed", "only GET and HEAD\n");
    }
    let Some(path) = resolve(root, target) else {
        return simple(400, "Bad Request", "bad path\n");
    };
    let Ok(body) = std::fs::read(&path) else {
        return simple(404, "Not Found", "not found\n");
    };
    let mime = mime_type(&path);
    let mut extra = String::new();
    if mime.starts_with("text/html")
        && let Some(csp) = meta_csp(&String::from_utf8_lossy(&body))
    {
        extra = format!("Content-Security-Policy: {csp}\r\n");
    }
    let mut response = head(200, "OK", mime, body.len(), &extra);
    if method == "GET" {
        response.extend_from_slice(&body);
    }
    response
}

/// The status line and headers.
fn head(code: u16, reason: &str, mime: &str, len: usize, extra: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {code} {reason}\r\nContent-Type: {mime}\r\nContent-Length: {len}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n{extra}\
         Connection: close\r\n\r\n"
    )
    .into_bytes()
}

/// A plain-text response.
fn simple(code: u16, reason: &str, body: &str) -> Vec<u8> {
    let mut response = head(code, reason, "text/plain; charset=utf-8", body.len(), "");
    response.extend_from_slice(body.as_bytes());
    response
}

/// Maps a request target to a file under `root`: drops the query, decodes `%XX`, refuses
/// `..` and anything odd, and serves `index.html` for directories.
pub fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let decoded = percent_decode(path.strip_prefix('/')?)?;
    let mut file = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(['\\', '\0']) => return None,
            s => file.push(s),
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    Some(file)
}

/// Decodes `%XX` escapes; `None` for a malformed escape or invalid UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The MIME type for a file name's extension.
pub fn mime_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" | "md" | "ts" => "text/plain; charset=utf-8",
        "yaml" | "yml" | "toml" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The `content` of a page's `<meta http-equiv="Content-Security-Policy" content="…">`.
pub fn meta_csp(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let at = lower.find("\"content-security-policy\"")?;
    let tag_start = lower[..at].rfind('<')?;
    let tag_end = at + lower[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let value_start = tag.to_ascii_lowercase().find("content=\"")? + "content=\"".len();
    let value = &tag[value_start..];
    let value = &value[..value.find('"')?];
    let value = value.replace("&amp;", "&").replace("&quot;", "\"");
    // A header value may not break the response.
    Some(value.replace(['\r', '\n'], " ").trim().to_owned()).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_the_right_mime_types() {
        assert_eq!(mime_type(Path::new("pkg/x_bg.wasm")), "application/wasm");
        assert!(mime_type(Path::new("main.mjs")).starts_with("text/javascript"));
        assert!(mime_type(Path::new("pkg/x.js")).starts_with("text/javascript"));
        assert!(mime_type(Path::new("index.HTML")).starts_with("text/html"));
        assert_eq!(mime_type(Path::new("blob")), "application/octet-stream");
    }

    #[test]
    fn never_leaves_the_root() {
        let root = Path::new("/srv/web");
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/a/%2e%2e/%2e%2e/etc"), None);
        assert_eq!(resolve(root, "no-slash"), None);
        assert_eq!(resolve(root, "/%zz"), None);
        assert_eq!(
            resolve(root, "/pkg/a%20b.js?v=1"),
            Some(PathBuf::from("/srv/web/pkg/a b.js"))
        );
    }

    #[test]
    fn passes_the_page_csp_through() {
        let html = r#"<head><META http-equiv="Content-Security-Policy"
            content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"></head>"#;
        assert_eq!(
            meta_csp(html).as_deref(),
            Some("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'")
        );
        assert_eq!(meta_csp("<html></html>"), None);
    }

    #[test]
    fn serves_over_tcp_on_an_ephemeral_port() {
        let dir = std::env::temp_dir().join(format!("xtask-tcp-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        std::fs::write(dir.join("pkg/a.wasm"), b"\0asm").unwrap();
        let listener = bind(0).unwrap();
        let url = url(&listener).unwrap();
        spawn(listener, dir.clone());
        let addr = url.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .write_all(b"GET /pkg/a.wasm HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).unwrap();
        let reply = String::from_utf8_lossy(&reply);
        assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
        assert!(
            reply.contains("Content-Type: application/wasm\r\n"),
            "{reply}"
        );
        assert!(reply.ends_with("\0asm"), "{reply}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn answers_requests_with_files_and_errors() {
        let dir = std::env::temp_dir().join(format!("xtask-server-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<p>hi</p>").unwrap();
        let ok = String::from_utf8(respond("GET / HTTP/1.1\r\n", &dir)).unwrap();
        assert!(ok.starts_with("HTTP/1.1 200 OK\r\n"), "{ok}");
        assert!(ok.contains("Content-Length: 9\r\n") && ok.ends_with("<p>hi</p>"));
        let head = String::from_utf8(respond("HEAD /index.html HTTP/1.1", &dir)).unwrap();
        assert!(head.ends_with("\r\n\r\n"), "{head}");
        let missing = String::from_utf8(respond("GET /nope.js HTTP/1.1", &dir)).unwrap();
        assert!(missing.starts_with("HTTP/1.1 404"));
        let post = String::from_utf8(respond("POST / HTTP/1.1", &dir)).unwrap();
        assert!(post.starts_with("HTTP/1.1 405"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
