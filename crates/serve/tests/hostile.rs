//! Bad input to `hcsim serve` gets ARM's error (status and code), never a panic, and the
//! server keeps serving. Codes: ARM's (Azure Resource Manager REST docs and the ARM RPC
//! `common-api-details.md`): MissingApiVersionParameter, InvalidApiVersionParameter,
//! NoRegisteredProviderFound, UnsupportedMediaType, InvalidRequestContent,
//! AuthenticationFailed, InvalidAuthenticationToken, ExpiredAuthenticationToken, and 413
//! for bodies over ARM's 4 MB request limit.

mod common;

use std::io::{Read, Write};
use std::time::Duration;

use common::serve;
use hcsim_serve::{Pace, Sim, handle_bytes};

const RG: &str = "/resourcegroups/rg1?api-version=2024-11-01";

/// The server still answers a plain request.
fn still_serving(s: &common::Served) {
    let a = s.send("GET", "/metadata/endpoints", None, None);
    assert_eq!(a.status, 200, "the server stopped serving");
}

#[test]
fn api_version_missing_malformed_or_unsupported() {
    let s = serve();
    let t = s.owner();
    let a = s.send("GET", &s.sub("/resourcegroups"), Some(&t), None);
    assert_eq!(
        (a.status, a.code().as_str()),
        (400, "MissingApiVersionParameter")
    );
    let a = s.send(
        "GET",
        &s.sub("/resourcegroups?api-version=abc"),
        Some(&t),
        None,
    );
    assert_eq!(
        (a.status, a.code().as_str()),
        (400, "InvalidApiVersionParameter")
    );
    let ws = "/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1?api-version=2099-01-01";
    let a = s.send("GET", &s.sub(ws), Some(&t), None);
    assert_eq!(
        (a.status, a.code().as_str()),
        (400, "NoRegisteredProviderFound")
    );
}

#[test]
fn content_type_json_and_routes() {
    let s = serve();
    let t = s.owner();
    let raw = format!(
        "PUT {} HTTP/1.1\r\nAuthorization: Bearer {t}\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
        s.sub(RG)
    );
    let a = s.raw(raw.as_bytes());
    assert_eq!((a.status, a.code().as_str()), (415, "UnsupportedMediaType"));
    let a = s.send("PUT", &s.sub(RG), Some(&t), Some("{\"location\": "));
    assert_eq!(
        (a.status, a.code().as_str()),
        (400, "InvalidRequestContent")
    );
    let a = s.send("GET", "/nothing/here", Some(&t), None);
    assert_eq!(a.status, 404);
    assert!(!a.code().is_empty());
    let a = s.send(
        "GET",
        &s.sub("/resourceGroups/rg1/bogus?api-version=2024-11-01"),
        Some(&t),
        None,
    );
    assert!(a.status >= 400 && !a.code().is_empty(), "{}", a.status);
    let a = s.send(
        "GET",
        &s.sub("/resourcegroups/%2F..%2F..?api-version=2024-11-01"),
        Some(&t),
        None,
    );
    assert!(a.status >= 400 && !a.code().is_empty(), "{}", a.status);
    still_serving(&s);
}

#[test]
fn missing_and_forged_tokens_are_401() {
    let s = serve();
    let a = s.send("GET", &s.sub(RG), None, None);
    assert_eq!((a.status, a.code().as_str()), (401, "AuthenticationFailed"));
    assert!(a.header("WWW-Authenticate").is_some());
    let t = s.owner();
    let mut forged = t.clone();
    forged.insert(forged.len() / 2, 'x');
    let a = s.send("GET", &s.sub(RG), Some(&forged), None);
    assert_eq!(
        (a.status, a.code().as_str()),
        (401, "InvalidAuthenticationToken")
    );
    let a = s.send("GET", &s.sub(RG), Some("a.b.c"), None);
    assert_eq!(
        (a.status, a.code().as_str()),
        (401, "InvalidAuthenticationToken")
    );
    let a = s.send("GET", "/v1.0/me", Some("garbage"), None);
    assert_eq!(a.status, 401);
}

fn sim() -> Sim {
    Sim::offline(7)
}

#[test]
fn expired_token_is_401_expired() {
    let mut sim = sim();
    let oid = sim.app_id(hcsim_serve::state::OWNER_SP).unwrap();
    let old = sim
        .tokens
        .issue(&serde_json::json!({"oid": oid, "exp": 1000}));
    let raw = format!(
        "GET /subscriptions?api-version=2022-12-01 HTTP/1.1\r\nAuthorization: Bearer {old}\r\n\r\n"
    );
    let out = String::from_utf8(handle_bytes(&mut sim, raw.as_bytes())).unwrap();
    assert!(out.starts_with("HTTP/1.1 401"), "{out}");
    assert!(out.contains("ExpiredAuthenticationToken"), "{out}");
}

#[test]
fn huge_bodies_and_headers_are_refused_with_413_and_431() {
    let s = serve();
    let t = s.owner();
    let raw = format!(
        "PUT {} HTTP/1.1\r\nAuthorization: Bearer {t}\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{{",
        s.sub(RG)
    );
    let a = s.raw(raw.as_bytes());
    assert_eq!(
        (a.status, a.code().as_str()),
        (413, "RequestEntityTooLarge")
    );
    let raw = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(40_000));
    assert_eq!(s.raw(raw.as_bytes()).status, 431);
    let many: String = (0..200).map(|i| format!("X-H{i}: v\r\n")).collect();
    assert_eq!(
        s.raw(format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes())
            .status,
        431
    );
    still_serving(&s);
}

#[test]
fn malformed_requests_get_400_and_chunked_bodies_work() {
    let s = serve();
    for raw in [
        &b"HELLO\r\n\r\n"[..],
        b"GET /\r\n\r\n",
        b"get / HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
        b"PUT / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        b"PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"\xff\xfe\x00 / HTTP/1.1\r\n\r\n",
    ] {
        let a = s.raw(raw);
        assert_eq!(a.status, 400, "{}", String::from_utf8_lossy(raw));
    }
    let t = s.owner();
    let body = "{\"location\":\"eastus\"}";
    let raw = format!(
        "PUT {} HTTP/1.1\r\nAuthorization: Bearer {t}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
        s.sub(RG),
        body.len()
    );
    assert_eq!(s.raw(raw.as_bytes()).status, 201);
    still_serving(&s);
}

/// A slow client (half a request, then nothing) is cut off at the deadline; others are
/// served meanwhile.
#[test]
fn slow_clients_are_cut_off_and_others_still_served() {
    let s = common::serve_with(Pace::Instant, Duration::from_millis(700));
    let mut slow = s.connect();
    slow.write_all(b"GET /metadata/endpoints HTTP/1.1\r\nX-Slow: ")
        .unwrap();
    slow.flush().unwrap();
    still_serving(&s);
    std::thread::sleep(Duration::from_millis(1200));
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    let text = String::from_utf8_lossy(&rest);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
    still_serving(&s);
}

#[test]
fn plain_http_and_tls_garbage_do_not_stop_the_server() {
    let s = serve();
    for bytes in [
        &b"GET / HTTP/1.1\r\n\r\n"[..],
        &[0x16, 0x03, 0x01, 0xff, 0xff, 0, 0, 0][..],
    ] {
        let mut tcp = std::net::TcpStream::connect(("127.0.0.1", s.port)).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let _ = tcp.write_all(bytes);
        let mut sink = Vec::new();
        let _ = tcp.read_to_end(&mut sink);
    }
    still_serving(&s);
}

/// Deterministic mutations of valid requests through the fuzz entry point: every answer is
/// an HTTP response.
#[test]
fn mutated_requests_always_get_an_http_answer() {
    let mut sim = sim();
    let token = hcsim_serve::identity::token_for(&sim, "trainee@contoso.com").unwrap();
    let seeds = [
        format!("PUT /subscriptions/11111111-1111-1111-1111-111111111111/resourcegroups/rg1?api-version=2024-11-01 HTTP/1.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 21\r\n\r\n{{\"location\":\"eastus\"}}"),
        format!("PUT /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1/fhirservices/f1?api-version=2024-03-31 HTTP/1.1\r\nAuthorization: Bearer {token}\r\nContent-Length: 40\r\n\r\n{{\"location\":\"eastus\",\"kind\":\"fhir-R4\"}}  "),
        "POST /organizations/oauth2/v2.0/token HTTP/1.1\r\nContent-Length: 40\r\n\r\ngrant_type=password&username=a&password=".to_string(),
        "POST /hcsim/sim HTTP/1.1\r\nContent-Length: 17\r\n\r\nsim advance 5m   ".to_string(),
    ];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..1500 {
        let mut b = seeds[i % seeds.len()].clone().into_bytes();
        for _ in 0..(1 + i % 4) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let at = (x as usize) % b.len();
            match x % 3 {
                0 => b[at] = (x >> 8) as u8,
                1 => {
                    b.remove(at);
                }
                _ => b.insert(at, b"%{}/'\"\\\x00\r\n"[(x as usize >> 16) % 10]),
            }
        }
        let out = handle_bytes(&mut sim, &b);
        assert!(
            out.starts_with(b"HTTP/1.1 "),
            "input {:?}",
            String::from_utf8_lossy(&b)
        );
    }
}

/// A collection ARM does not have: 404 `InvalidResourceType` (as ARM answers an unknown type).
#[test]
fn unknown_collections_are_invalid_resource_types() {
    let s = serve();
    let t = s.owner();
    for p in [
        "/nosuchcollection?api-version=2020-01-01",
        "/resourceGroups/rg1/nothing?api-version=2020-01-01",
    ] {
        let a = s.send("GET", &s.sub(p), Some(&t), None);
        assert_eq!(
            (a.status, a.code().as_str()),
            (404, "InvalidResourceType"),
            "{p}"
        );
    }
}

/// A client that waits for `100 Continue` (curl, for bodies over 1 KB) gets it at once.
#[test]
fn expect_continue_is_answered_before_the_body() {
    use std::io::{BufReader, Write};
    let s = serve();
    let body = format!(
        "{{\"line\": \"sim status\", \"pad\": \"{}\"}}",
        "x".repeat(3000)
    );
    let mut c = BufReader::new(s.connect());
    let head = format!(
        "POST /hcsim/sim HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        body.len()
    );
    c.get_mut().write_all(head.as_bytes()).unwrap();
    c.get_mut().flush().unwrap();
    let interim = common::read_answer(&mut c, true).expect("100 Continue");
    assert_eq!(interim.status, 100);
    c.get_mut().write_all(body.as_bytes()).unwrap();
    let a = common::read_answer(&mut c, false).expect("answer");
    assert_eq!(a.status, 200);
    assert_eq!(a.json()["ok"], true);
}
