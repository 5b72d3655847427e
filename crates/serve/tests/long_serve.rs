//! A long-served session, through `handle_bytes` (no socket): reads share history steps, the
//! session still saves, loads and undoes exactly, and nothing per request grows but the
//! inputs the history must keep (the cost per request is measured by `examples/grow.rs`; the
//! checkpoints' copying is bounded by a test in `hcsim_core::history`).

use hcsim_lab::Lab;
use hcsim_serve::Sim;
use hcsim_serve::state::{LOG_LEN, OWNER_SP, READS_PER_STEP, secret_of};

fn send(sim: &mut Sim, method: &str, path: &str, token: &str, body: Option<&str>) -> u16 {
    let mut s = format!("{method} {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n");
    if let Some(b) = body {
        s.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            b.len()
        ));
    }
    s.push_str("\r\n");
    s.push_str(body.unwrap_or(""));
    let out = hcsim_serve::handle_bytes(sim, s.as_bytes());
    String::from_utf8_lossy(&out[9..12]).parse().unwrap()
}

/// A resource group's URL path (built with the id type) with the api-version the tests use.
fn group_url(sub: &str, name: &str) -> String {
    let path = hcsim_core::id::ArmPath::at_subscription(sub).group(name);
    format!("{}?api-version=2024-11-01", path.request_path())
}

fn token(sim: &mut Sim) -> String {
    let tenant = sim.lab.world().directory().tenant_id.clone();
    let id = sim.app_id(OWNER_SP).unwrap();
    let form = format!(
        "grant_type=client_credentials&client_id={id}&client_secret={}&scope={}/.default",
        secret_of(&id),
        sim.base
    );
    let raw = format!(
        "POST /{tenant}/oauth2/v2.0/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
        form.len()
    );
    let out = hcsim_serve::handle_bytes(sim, raw.as_bytes());
    let text = String::from_utf8_lossy(&out).to_string();
    let v: serde_json::Value =
        serde_json::from_str(text.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    v["access_token"].as_str().unwrap().to_string()
}

#[test]
fn many_reads_share_steps_and_the_session_still_saves_loads_and_undoes() {
    let mut sim = Sim::offline(11);
    let t = token(&mut sim);
    let sub = sim.lab.world().current_subscription().to_string();
    let rg = group_url(&sub, "longrg");
    assert!(send(&mut sim, "PUT", &rg, &t, Some(r#"{"location":"eastus"}"#)) < 300);
    let steps = sim.lab.session().steps().len();
    let events = sim.lab.world().events().len();
    for _ in 0..READS_PER_STEP {
        assert_eq!(send(&mut sim, "GET", &rg, &t, None), 200);
    }
    // A thousand reads that found what they read: no step, no stored input, no event, a
    // bounded request log (they are not needed to replay the session).
    sim.lab.commit();
    assert_eq!(sim.lab.session().steps().len(), steps);
    assert_eq!(sim.lab.world().events().len(), events);
    assert_eq!(sim.log.len(), LOG_LEN);
    // Writes and reads mixed, past several checkpoints.
    for i in 0..200 {
        let one = group_url(&sub, &format!("g{i}"));
        assert!(send(&mut sim, "PUT", &one, &t, Some(r#"{"location":"eastus"}"#)) < 300);
        assert_eq!(send(&mut sim, "GET", &one, &t, None), 200);
        assert!(send(&mut sim, "DELETE", &one, &t, None) < 300);
    }
    let loaded = Lab::load(&sim.lab.save()).unwrap();
    assert_eq!(loaded.world().trace_hash(), sim.lab.world().trace_hash());
    assert!(sim.lab.undo().is_some());
    let back = Lab::load(&sim.lab.save()).unwrap();
    assert_eq!(back.world().trace_hash(), sim.lab.world().trace_hash());
}

#[test]
fn a_read_that_leaves_a_mark_is_recorded_so_replay_stays_exact() {
    let mut sim = Sim::offline(12);
    let t = token(&mut sim);
    let sub = sim.lab.world().current_subscription().to_string();
    let inputs = |sim: &Sim| -> usize {
        let s = sim.lab.session();
        s.steps().iter().map(|st| st.inputs.len()).sum()
    };
    sim.lab.commit();
    let before = inputs(&sim);
    for i in 0..10 {
        let missing = group_url(&sub, &format!("none{i}"));
        assert_eq!(send(&mut sim, "GET", &missing, &t, None), 404);
    }
    sim.lab.commit();
    // Each 404 left its `RequestRejected` event: all ten are kept for replay.
    assert_eq!(inputs(&sim), before + 10);
    let loaded = Lab::load(&sim.lab.save()).unwrap();
    assert_eq!(loaded.world().trace_hash(), sim.lab.world().trace_hash());
    assert_eq!(
        loaded.world().events().len(),
        sim.lab.world().events().len()
    );
}
