//! The control route, for the simulator itself (loopback only, no token): a test script
//! injects a fault or moves the clock between two real-client calls, as LocalStack's chaos
//! API does.
//!
//! - `POST /hcsim/sim`: body a command line (`sim advance 5m`, `sim fault add region-outage
//!   --region eastus`, `sim probe …`, `sim undo`, `sim status`; `az …` lines work too), as
//!   text or as JSON `{"line": "…"}`. Answer: the lab's outcome as JSON (`ok`, `output`,
//!   `error`, `code`, `rule`, `events` …), 200 even when the line failed (see `ok`).
//! - `GET /hcsim/status`: requests served, virtual time, timing, acting principal, resources,
//!   faults, and the recent request log.
//! - `GET /hcsim/session`: the session as saved (`hcsim --load` opens it).
//! - `POST /hcsim/save?path=FILE`: writes the session to FILE.

use serde_json::{Value, json};

use crate::http::{HttpRequest, HttpResponse};
use crate::state::{Pace, Sim};

/// The longest control line accepted.
const MAX_LINE: usize = 64 * 1024;

fn control_error(status: u16, code: &str, message: &str) -> HttpResponse {
    HttpResponse::json(
        status,
        &json!({"error": {"code": code, "message": message}}),
    )
}

/// Answers `/hcsim/…`.
pub fn handle(sim: &mut Sim, req: &HttpRequest) -> HttpResponse {
    match (req.method.as_str(), req.path.trim_end_matches('/')) {
        ("POST", "/hcsim/sim") => run_line(sim, req),
        ("GET", "/hcsim/status") => status(sim),
        ("GET", "/hcsim/session") => HttpResponse {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: sim.lab.save().into_bytes(),
        },
        ("POST", "/hcsim/save") => save(sim, req),
        _ => control_error(
            404,
            "NotFound",
            "hcsim's control routes: POST /hcsim/sim, GET /hcsim/status, GET /hcsim/session, POST /hcsim/save?path=FILE.",
        ),
    }
}

fn run_line(sim: &mut Sim, req: &HttpRequest) -> HttpResponse {
    let text = String::from_utf8_lossy(&req.body).into_owned();
    let line = match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(m)) => match m.get("line").and_then(Value::as_str) {
            Some(l) => l.to_string(),
            None => {
                return control_error(
                    400,
                    "InvalidRequestContent",
                    "The JSON body needs a string field 'line'.",
                );
            }
        },
        _ => text.trim().to_string(),
    };
    if line.is_empty() || line.len() > MAX_LINE {
        return control_error(
            400,
            "InvalidRequestContent",
            "Send one command line (`sim …`), at most 64 KiB.",
        );
    }
    sim.lab.commit();
    sim.open_reads = 0;
    let outcome = sim.lab.run(&line);
    if matches!(sim.pace, Pace::Realistic { .. }) {
        sim.rebase_clock();
    }
    match serde_json::to_value(&outcome) {
        Ok(v) => HttpResponse::json(200, &v),
        Err(e) => control_error(500, "InternalServerError", &e.to_string()),
    }
}

fn status(sim: &Sim) -> HttpResponse {
    let w = sim.lab.world();
    let log: Vec<Value> = sim
        .log
        .iter()
        .map(|l| json!({"request": l.request, "status": l.status, "principal": l.principal}))
        .collect();
    HttpResponse::json(
        200,
        &json!({
            "base": sim.base,
            "served": sim.served,
            "now": w.now().to_iso(),
            "timing": match sim.pace { Pace::Instant => "instant", Pace::Realistic { .. } => "realistic", Pace::External => "terminal" },
            "acting": w.acting(),
            "resources": w.resource_count(),
            "faults": w.faults().count(),
            "steps": sim.lab.session().steps().len(),
            "log": log,
        }),
    )
}

fn save(sim: &Sim, req: &HttpRequest) -> HttpResponse {
    let Some(path) = req.query_param("path").filter(|p| !p.is_empty()) else {
        return control_error(
            400,
            "MissingParameter",
            "Name the file: POST /hcsim/save?path=FILE.",
        );
    };
    match std::fs::write(&path, sim.lab.save()) {
        Ok(()) => HttpResponse::json(200, &json!({"saved": path})),
        Err(e) => control_error(500, "SaveFailed", &format!("cannot write {path}: {e}")),
    }
}
