//! The worlds and loads the core rows measure: a world of about N resources built through
//! `World::apply` only (subscriptions of ten groups, each group a workspace with FHIR and
//! DICOM services, as `crates/core/benches/requests.rs` builds them), the mixed load, and a
//! small deterministic picker. Ids are built by the id type, as everywhere in hcsim.

use hcsim_core::id::ArmPath;
use hcsim_core::{Config, Input, Request, Timing, World};
use serde_json::json;

/// A small deterministic PRNG (xorshift) for picking requests.
pub struct Pick(pub u64);

impl Pick {
    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const FHIR_PER_WS: usize = 5;
const DICOM_PER_WS: usize = 4;
const GROUPS_PER_SUB: usize = 10;

/// A built world and the ids a load may ask for.
pub struct Built {
    /// The world.
    pub world: World,
    /// Every resource id a GET may ask for.
    pub ids: Vec<String>,
    /// Workspace ids (for PATCH and LIST).
    pub workspaces: Vec<ArmPath>,
}

fn must(w: &mut World, r: Request) {
    let out = w.apply(&Input::Request(r));
    assert!(out.is_ok(), "setup request failed: {:?}", out.error());
}

/// The subscription id of the `s`th bench subscription.
pub fn subscription(s: usize) -> String {
    format!("00000000-0000-0000-0000-{s:012}")
}

/// Builds a world of about `target` resources (instant timing, seed 1).
pub fn build(target: usize) -> Built {
    let mut w = World::new(Config {
        timing: Timing::Instant,
        ..Config::new(1)
    });
    let mut ids = Vec::new();
    let mut workspaces = Vec::new();
    let per_group = 2 + FHIR_PER_WS + DICOM_PER_WS;
    let subs = target.div_ceil(per_group * GROUPS_PER_SUB + 2);
    for s in 0..subs {
        let sub = subscription(s);
        let added = w.apply(&Input::AddSubscription {
            id: sub.clone(),
            name: format!("bench{s}"),
        });
        assert!(added.is_ok());
        for g in 0..GROUPS_PER_SUB {
            let rg = ArmPath::at_subscription(&sub).group(&format!("rg{g}"));
            let body = json!({"location": "eastus"});
            must(&mut w, Request::put(rg.request_path(), body.clone()));
            let ws = rg.clone().provider(
                "Microsoft.HealthcareApis",
                "workspaces",
                &format!("w{s}x{g}"),
            );
            must(&mut w, Request::put(ws.request_path(), body));
            ids.push(rg.request_path());
            for f in 0..FHIR_PER_WS {
                let id = ws.clone().child("fhirservices", &format!("fhir{f}"));
                must(
                    &mut w,
                    Request::put(id.request_path(), json!({"kind": "fhir-R4"})),
                );
                ids.push(id.request_path());
            }
            for d in 0..DICOM_PER_WS {
                let id = ws.clone().child("dicomservices", &format!("dicom{d}"));
                must(&mut w, Request::put(id.request_path(), json!({})));
                ids.push(id.request_path());
            }
            ids.push(ws.request_path());
            workspaces.push(ws);
        }
    }
    Built {
        world: w,
        ids,
        workspaces,
    }
}

/// Varied case: as printed, all lower, all upper (ARM compares ids case-insensitively).
pub fn vary(id: &str, k: u64) -> String {
    match k % 3 {
        0 => id.to_string(),
        1 => id.to_lowercase(),
        _ => id.to_uppercase(),
    }
}

/// The mixed load: 80% GETs of random existing resources in varied case, 8% PATCHes of
/// tags, 5% LISTs of a workspace's FHIR services, 7% PUT/DELETE of groups in a bounded ring
/// (so the world keeps its size).
pub struct Load {
    pick: Pick,
    churn: Vec<bool>,
    /// Only the GETs (the scaling row's breakdown: reads apart from writes).
    gets_only: bool,
}

impl Load {
    /// The load, always starting from the same seed.
    pub fn new() -> Load {
        Load {
            pick: Pick(0x9e37_79b9_7f4a_7c15),
            churn: vec![false; 64],
            gets_only: false,
        }
    }

    /// The same load's GETs alone (the same picks, every request a GET).
    pub fn gets() -> Load {
        Load {
            gets_only: true,
            ..Load::new()
        }
    }

    /// The next request.
    pub fn request(&mut self, b: &Built) -> Request {
        let r = self.pick.below(100);
        let r = if self.gets_only { r % 80 } else { r };
        match r {
            0..=79 => {
                let id = &b.ids[self.pick.below(b.ids.len())];
                Request::get(vary(id, self.pick.next()))
            }
            80..=87 => {
                let ws = &b.workspaces[self.pick.below(b.workspaces.len())];
                let target = if r.is_multiple_of(2) {
                    ws.clone()
                } else {
                    ws.clone().child("fhirservices", "fhir0")
                };
                let tag = (self.pick.next() % 1000).to_string();
                Request::patch(target.request_path(), json!({"tags": {"n": tag}}))
            }
            88..=92 => {
                let ws = &b.workspaces[self.pick.below(b.workspaces.len())];
                Request::list(ws.clone().collection("fhirservices").request_path())
            }
            _ => {
                let slot = self.pick.below(self.churn.len());
                let rg = ArmPath::at_subscription(&subscription(0))
                    .group(&format!("churn{slot}"))
                    .request_path();
                let exists = self.churn[slot];
                self.churn[slot] = !exists;
                if exists {
                    Request::delete(rg)
                } else {
                    Request::put(rg, json!({"location": "westus2"}))
                }
            }
        }
    }
}
