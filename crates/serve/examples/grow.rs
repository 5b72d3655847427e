//! CPU per request of the served session as requests accumulate: the create/get/list/delete
//! mix of `cargo xtask bench-serve` (a workspace in one group), straight through
//! [`hcsim_serve::handle_bytes`] (no socket, no TLS). Prints µs per request per window.
//!
//! `cargo run --release -p hcsim-serve --example grow [-- REQUESTS]`

use std::time::Instant;

use hcsim_core::id::ArmPath;
use hcsim_serve::Sim;
use hcsim_serve::state::{OWNER_SP, secret_of};

fn request(method: &str, path: &str, token: Option<&str>, body: Option<&str>) -> Vec<u8> {
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
    s.push_str("\r\n");
    s.push_str(body.unwrap_or(""));
    s.into_bytes()
}

fn status(resp: &[u8]) -> u16 {
    std::str::from_utf8(&resp[9..12.min(resp.len())])
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn token(sim: &mut Sim) -> String {
    let tenant = sim.lab.world().directory().tenant_id.clone();
    let id = sim.app_id(OWNER_SP).expect("owner");
    let form = format!(
        "grant_type=client_credentials&client_id={id}&client_secret={}&scope={}/.default",
        secret_of(&id),
        sim.base
    );
    let raw = format!(
        "POST /{tenant}/oauth2/v2.0/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
        form.len()
    );
    let resp = hcsim_serve::handle_bytes(sim, raw.as_bytes());
    let text = String::from_utf8_lossy(&resp);
    let body = text.split("\r\n\r\n").nth(1).expect("body");
    let v: serde_json::Value = serde_json::from_str(body).expect("json");
    v["access_token"].as_str().expect("token").to_string()
}

fn main() {
    let total: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(12_000);
    let mut sim = Sim::offline(7);
    let t = token(&mut sim);
    let sub = sim.lab.world().current_subscription().to_string();
    let rg = ArmPath::at_subscription(&sub).group("benchrg");
    let group = rg.request_path();
    let setup = request(
        "PUT",
        &format!("{group}?api-version=2024-11-01"),
        Some(&t),
        Some(r#"{"location":"eastus"}"#),
    );
    assert!(status(&hcsim_serve::handle_bytes(&mut sim, &setup)) < 300);
    let coll = rg
        .clone()
        .provider_collection("Microsoft.HealthcareApis", "workspaces")
        .request_path();
    let api = "2024-03-31";
    let body = r#"{"location":"eastus","properties":{}}"#;
    let (mut n, mut window) = (0usize, Instant::now());
    let mut i = 0;
    while n < total {
        let ws = rg.clone().provider(
            "Microsoft.HealthcareApis",
            "workspaces",
            &format!("bench{i}"),
        );
        let one = format!("{}?api-version={api}", ws.request_path());
        let list = format!("{coll}?api-version={api}");
        for (m, p, b) in [
            ("PUT", &one, Some(body)),
            ("GET", &one, None),
            ("GET", &list, None),
            ("DELETE", &one, None),
        ] {
            let s = status(&hcsim_serve::handle_bytes(
                &mut sim,
                &request(m, p, Some(&t), b),
            ));
            assert!(s < 300, "{m} {p}: {s}");
            n += 1;
            if n % 1000 == 0 {
                let us = window.elapsed().as_secs_f64() * 1e6 / 1000.0;
                let steps = sim.lab.session().steps().len();
                println!("{n:>7} requests: {us:>8.1} µs/request  steps {steps}");
                window = Instant::now();
            }
        }
        i += 1;
    }
    // What the spacing of checkpoints costs elsewhere: an undo, a save and a load.
    let events = sim.lab.world().events().len();
    let at = Instant::now();
    let undone = sim.lab.undo();
    let undo_ms = at.elapsed().as_secs_f64() * 1e3;
    let text = sim.lab.save();
    let at = Instant::now();
    let loaded = hcsim_lab::Lab::load(&text).expect("load");
    let load_ms = at.elapsed().as_secs_f64() * 1e3;
    assert_eq!(loaded.world().trace_hash(), sim.lab.world().trace_hash());
    println!(
        "{events} events; undo ({}) {undo_ms:.1} ms; load {load_ms:.1} ms",
        undone.unwrap_or_default()
    );
}
