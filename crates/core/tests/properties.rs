//! Property tests: random sessions of requests, time, faults, principals and probes keep the
//! world's invariants after every step, replay to the same trace hash, and survive undo/redo;
//! arbitrary requests never panic and every rejection names a rule.

mod common;
use common::{SUB, SUB2};
use hcsim_core::id::ArmPath;
use hcsim_core::*;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;

const SUBS: [&str; 2] = [SUB, SUB2];
const GROUPS: [&str; 3] = ["rg1", "rg2", "RG1"];
const WORKSPACES: [&str; 3] = ["ws1", "ws2", "ws3"];
const SERVICES: [&str; 3] = ["fhir1", "svc-2", "svc3"];
const REGIONS: [&str; 4] = ["eastus", "westus2", "eastasia", "East US"];
const KINDS: [&str; 3] = ["fhirservices", "dicomservices", "iotconnectors"];

/// One random action; `Session` steps and recorded inputs are built from it.
#[derive(Clone, Debug)]
enum Op {
    PutGroup {
        sub: usize,
        rg: usize,
        region: usize,
    },
    DeleteGroup {
        sub: usize,
        rg: usize,
    },
    PutWorkspace {
        sub: usize,
        rg: usize,
        ws: usize,
        region: usize,
    },
    DeleteWorkspace {
        sub: usize,
        rg: usize,
        ws: usize,
    },
    PutService {
        sub: usize,
        rg: usize,
        ws: usize,
        kind: usize,
        name: usize,
        region: Option<usize>,
    },
    DeleteService {
        sub: usize,
        rg: usize,
        ws: usize,
        kind: usize,
        name: usize,
    },
    PutDestination {
        sub: usize,
        rg: usize,
        ws: usize,
        iot: usize,
        fhir_ws: usize,
        fhir: usize,
    },
    PatchTags {
        sub: usize,
        rg: usize,
        ws: usize,
        tag: String,
    },
    Get {
        sub: usize,
        rg: usize,
        ws: usize,
        kind: usize,
        name: usize,
        shout: bool,
    },
    List {
        sub: usize,
        rg: usize,
        ws: usize,
        kind: usize,
    },
    /// Many creations in a row (to reach the quotas): 0 workspaces, 1 FHIR, 2 DICOM.
    Burst {
        sub: usize,
        rg: usize,
        ws: usize,
        what: usize,
        n: usize,
    },
    MoveWorkspace {
        sub: usize,
        from: usize,
        to: usize,
        ws: usize,
    },
    Advance {
        secs: u64,
    },
    WaitLast,
    Fault {
        kind: usize,
        region: usize,
        probability: u8,
        minutes: u64,
    },
    ClearFaults,
    ActAs {
        alice: bool,
    },
    Probe {
        sub: usize,
        rg: usize,
        ws: usize,
        kind: usize,
        name: usize,
        private: bool,
    },
    Timing {
        instant: bool,
    },
}

/// An index into a pool of three, biased towards the first entry so that requests often meet
/// what earlier ones created.
fn pick3() -> impl Strategy<Value = usize> + Clone {
    prop_oneof![4 => Just(0usize), 1 => Just(1), 1 => Just(2)]
}

fn op() -> impl Strategy<Value = Op> {
    let s = prop_oneof![5 => Just(0usize), 1 => Just(1)];
    let g = pick3();
    let n = pick3();
    prop_oneof![
        2 => (s.clone(), g.clone(), 0..4usize).prop_map(|(sub, rg, region)| Op::PutGroup { sub, rg, region }),
        1 => (s.clone(), g.clone()).prop_map(|(sub, rg)| Op::DeleteGroup { sub, rg }),
        4 => (s.clone(), g.clone(), n.clone(), 0..4usize)
            .prop_map(|(sub, rg, ws, region)| Op::PutWorkspace { sub, rg, ws, region }),
        2 => (s.clone(), g.clone(), n.clone()).prop_map(|(sub, rg, ws)| Op::DeleteWorkspace { sub, rg, ws }),
        6 => (s.clone(), g.clone(), n.clone(), 0..3usize, n.clone(), proptest::option::of(0..4usize))
            .prop_map(|(sub, rg, ws, kind, name, region)| Op::PutService { sub, rg, ws, kind, name, region }),
        2 => (s.clone(), g.clone(), n.clone(), 0..3usize, n.clone())
            .prop_map(|(sub, rg, ws, kind, name)| Op::DeleteService { sub, rg, ws, kind, name }),
        2 => (s.clone(), g.clone(), n.clone(), n.clone(), n.clone(), n.clone())
            .prop_map(|(sub, rg, ws, iot, fhir_ws, fhir)| Op::PutDestination { sub, rg, ws, iot, fhir_ws, fhir }),
        1 => (s.clone(), g.clone(), n.clone(), "[a-z/<]{0,4}")
            .prop_map(|(sub, rg, ws, tag)| Op::PatchTags { sub, rg, ws, tag }),
        2 => (s.clone(), g.clone(), n.clone(), 0..4usize, n.clone(), any::<bool>())
            .prop_map(|(sub, rg, ws, kind, name, shout)| Op::Get { sub, rg, ws, kind, name, shout }),
        1 => (s.clone(), g.clone(), n.clone(), 0..3usize).prop_map(|(sub, rg, ws, kind)| Op::List { sub, rg, ws, kind }),
        1 => (s.clone(), g.clone(), n.clone(), 0..3usize, 1..13usize)
            .prop_map(|(sub, rg, ws, what, n)| Op::Burst { sub, rg, ws, what, n }),
        1 => (s.clone(), g.clone(), g.clone(), n.clone())
            .prop_map(|(sub, from, to, ws)| Op::MoveWorkspace { sub, from, to, ws }),
        3 => (0..1_200u64).prop_map(|secs| Op::Advance { secs }),
        5 => Just(Op::WaitLast),
        1 => (0..6usize, 0..2usize, prop_oneof![Just(0u8), Just(50), Just(100)], 1..30u64)
            .prop_map(|(kind, region, probability, minutes)| Op::Fault { kind, region, probability, minutes }),
        1 => Just(Op::ClearFaults),
        1 => prop_oneof![1 => Just(true), 2 => Just(false)].prop_map(|alice| Op::ActAs { alice }),
        2 => (s, g, n.clone(), 0..2usize, n, any::<bool>())
            .prop_map(|(sub, rg, ws, kind, name, private)| Op::Probe { sub, rg, ws, kind, name, private }),
        1 => any::<bool>().prop_map(|instant| Op::Timing { instant }),
    ]
}

fn rg_id(sub: usize, rg: usize) -> String {
    common::rg_in(SUBS[sub], GROUPS[rg])
}
fn ws_id(sub: usize, rg: usize, ws: usize) -> String {
    common::ws_in(SUBS[sub], GROUPS[rg], WORKSPACES[ws])
}
fn svc_id(sub: usize, rg: usize, ws: usize, kind: usize, name: usize) -> String {
    format!("{}/{}/{}", ws_id(sub, rg, ws), KINDS[kind], SERVICES[name])
}

/// The inputs of one op, given the world so far (a wait needs the last operation's number).
fn inputs(op: &Op, last_op: Option<u64>) -> Vec<Input> {
    if let Some(request) = request_of(op) {
        return vec![Input::Request(request)];
    }
    match op {
        Op::Burst {
            sub,
            rg,
            ws,
            what,
            n,
        } => (0..*n)
            .map(|i| match what {
                0 => Input::Request(Request::put(
                    common::ws_in(SUBS[*sub], GROUPS[*rg], &format!("wsq{i}")),
                    json!({"location": "westus2"}),
                )),
                w => Input::Request(Request::put(
                    format!("{}/{}/q{i}x", ws_id(*sub, *rg, *ws), KINDS[w - 1]),
                    json!({}),
                )),
            })
            .collect(),
        Op::Advance { secs } => vec![Input::Advance {
            by: Millis::secs(*secs),
        }],
        Op::WaitLast => last_op
            .map(|operation| Input::Wait { operation })
            .into_iter()
            .collect(),
        Op::Fault {
            kind,
            region,
            probability,
            minutes,
        } => vec![fault_input(*kind, *region, *probability, *minutes)],
        Op::ClearFaults => vec![Input::ClearFault { fault: None }],
        Op::ActAs { alice } => vec![Input::ActAs {
            principal: if *alice { "alice@contoso.com" } else { "me" }.into(),
        }],
        Op::Probe {
            sub,
            rg,
            ws,
            kind,
            name,
            private,
        } => vec![Input::Probe(ProbeSpec {
            target: svc_id(*sub, *rg, *ws, *kind, *name),
            from: if *private {
                Network::Private
            } else {
                Network::Public
            },
            principal: None,
            path: None,
        })],
        Op::Timing { instant } => vec![Input::SetTiming {
            timing: if *instant {
                Timing::Instant
            } else {
                Timing::Realistic
            },
        }],
        // The ops that send one request, answered by `request_of` above.
        _ => Vec::new(),
    }
}

/// The request of an op that sends exactly one; `None` for the others.
fn request_of(op: &Op) -> Option<Request> {
    Some(match op {
        Op::PutGroup { sub, rg, region } => {
            Request::put(rg_id(*sub, *rg), json!({"location": REGIONS[*region]}))
        }
        Op::DeleteGroup { sub, rg } => Request::delete(rg_id(*sub, *rg)),
        Op::PutWorkspace {
            sub,
            rg,
            ws,
            region,
        } => Request::put(ws_id(*sub, *rg, *ws), json!({"location": REGIONS[*region]})),
        Op::DeleteWorkspace { sub, rg, ws } => Request::delete(ws_id(*sub, *rg, *ws)),
        Op::PutService {
            sub,
            rg,
            ws,
            kind,
            name,
            region,
        } => {
            let mut body = json!({});
            if let Some(r) = region {
                body["location"] = json!(REGIONS[*r]);
            }
            Request::put(svc_id(*sub, *rg, *ws, *kind, *name), body)
        }
        Op::DeleteService {
            sub,
            rg,
            ws,
            kind,
            name,
        } => Request::delete(svc_id(*sub, *rg, *ws, *kind, *name)),
        Op::PutDestination {
            sub,
            rg,
            ws,
            iot,
            fhir_ws,
            fhir,
        } => {
            let target = svc_id(*sub, *rg, *fhir_ws, 0, *fhir);
            Request::put(
                format!("{}/fhirdestinations/dest1", svc_id(*sub, *rg, *ws, 2, *iot)),
                common::destination_body(&target),
            )
        }
        Op::PatchTags { sub, rg, ws, tag } => Request::patch(
            ws_id(*sub, *rg, *ws),
            json!({"tags": {"t": tag, tag.clone(): "v"}}),
        ),
        Op::Get {
            sub,
            rg,
            ws,
            kind,
            name,
            shout,
        } => {
            let id = if *kind == 3 {
                ws_id(*sub, *rg, *ws)
            } else {
                svc_id(*sub, *rg, *ws, *kind, *name)
            };
            let id = if *shout { id.to_uppercase() } else { id };
            Request::get(id)
        }
        Op::List { sub, rg, ws, kind } => {
            Request::list(format!("{}/{}", ws_id(*sub, *rg, *ws), KINDS[*kind]))
        }
        Op::MoveWorkspace { sub, from, to, ws } => Request::post(
            format!("{}/moveResources", rg_id(*sub, *from)),
            json!({"resources": [ws_id(*sub, *from, *ws)], "targetResourceGroup": rg_id(*sub, *to)}),
        ),
        _ => return None,
    })
}

/// A fault of the `kind`-th kind: region-wide (or everywhere, region 0, for the kinds that
/// allow it), or on the key vault for a vault denial.
fn fault_input(kind: usize, region: usize, probability: u8, minutes: u64) -> Input {
    let kind = FaultKind::ALL[kind];
    let mut spec = FaultSpec {
        duration: Some(Millis::mins(minutes)),
        probability: Some(probability),
        ..FaultSpec::new(kind)
    };
    match kind {
        FaultKind::KeyVaultDeny => spec.target = Some(common::vault("rg1", "kv1")),
        FaultKind::Throttle | FaultKind::ProvisioningFailure | FaultKind::SlowProvisioning
            if region == 0 => {}
        _ => spec.region = Some(REGIONS[region].into()),
    }
    Input::AddFault(spec)
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// Checks every invariant; `checked_events` is how many event seqs were checked before.
fn check_invariants(
    w: &World,
    checked_from: u64,
    deleted_groups: &[String],
) -> Result<(), TestCaseError> {
    let s = w.store();
    let mut live_ws_names = BTreeSet::new();
    let mut all_ids: Vec<String> = Vec::new();
    let mut count = 0;
    for root in s.roots() {
        let mut ws_in_sub = 0;
        for n in s.pre_order(root) {
            count += 1;
            let node = s.node(n).unwrap();
            let r = &node.res;
            all_ids.push(lower(&r.id));
            let path = ArmPath::parse(&r.id)
                .map_err(|e| TestCaseError::fail(format!("bad id {}: {e}", r.id)))?;
            // No orphan: the parent exists and the id's parent path names it.
            match (node.parent, path.parent()) {
                (None, None) => {}
                (Some(p), Some(pp)) => {
                    let parent = s
                        .res(p)
                        .ok_or_else(|| TestCaseError::fail(format!("orphan {}", r.id)))?;
                    prop_assert_eq!(
                        lower(&pp.to_string()),
                        lower(&parent.id),
                        "parent of {}",
                        r.id
                    );
                    prop_assert!(s.node(p).unwrap().children.values().any(|c| *c == n));
                }
                _ => prop_assert!(false, "{} has a parent mismatch", r.id),
            }
            match r.kind {
                ResKind::Workspace => {
                    ws_in_sub += 1;
                    prop_assert!(
                        live_ws_names.insert(lower(&r.name)),
                        "workspace name {} twice",
                        r.name
                    );
                    let kids = |k: ResKind| {
                        node.children
                            .values()
                            .filter(|c| s.res(**c).map(|x| x.kind) == Some(k))
                            .count()
                    };
                    prop_assert!(kids(ResKind::Fhir) <= 10, "FHIR quota in {}", r.id);
                    prop_assert!(kids(ResKind::Dicom) <= 10, "DICOM quota in {}", r.id);
                }
                ResKind::Fhir | ResKind::Dicom | ResKind::Iot | ResKind::FhirDestination => {
                    let ws = s
                        .ancestors_inclusive(n)
                        .into_iter()
                        .find_map(|a| s.res(a).filter(|x| x.kind == ResKind::Workspace))
                        .ok_or_else(|| {
                            TestCaseError::fail(format!("{} outside a workspace", r.id))
                        })?;
                    prop_assert_eq!(
                        &r.location,
                        &ws.location,
                        "{} in its workspace's region",
                        r.id
                    );
                }
                _ => {}
            }
        }
        prop_assert!(ws_in_sub <= 10, "workspace quota");
    }
    prop_assert_eq!(count, w.resource_count());
    for g in deleted_groups {
        if w.find(g).is_none() {
            let prefix = format!("{}/", lower(g));
            prop_assert!(
                !all_ids.iter().any(|i| i.starts_with(&prefix)),
                "{g} left something behind"
            );
        }
    }
    let evs = w.events_since(checked_from.saturating_sub(1)).to_vec();
    for pair in evs.windows(2) {
        prop_assert!(pair[1].seq > pair[0].seq, "event seq increases");
        prop_assert!(pair[1].at >= pair[0].at, "event time never goes back");
    }
    Ok(())
}

/// Applies an input, checking the response shape.
fn apply_checked(w: &mut World, input: &Input) -> Result<Output, TestCaseError> {
    let out = w.apply(input);
    if let Output::Response(r) = &out {
        if r.is_success() {
            prop_assert!(r.error.is_none());
        } else {
            let e = r
                .error
                .as_ref()
                .ok_or_else(|| TestCaseError::fail("error without ArmError"))?;
            prop_assert!(e.rule.is_some(), "every rejection names a rule: {}", e.code);
            prop_assert_eq!(e.status, r.status);
        }
    }
    Ok(out)
}

fn run_session(seed: u64, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut w = World::new(Config::new(seed));
    let mut session = Session::new(Config::new(seed));
    let mut recorded: Vec<Input> = Vec::new();
    let mut last_op = None;
    // Every session starts from a group with a workspace, so that random requests reach deep.
    let preamble = [
        Op::PutGroup {
            sub: 0,
            rg: 0,
            region: 0,
        },
        Op::PutWorkspace {
            sub: 0,
            rg: 0,
            ws: 0,
            region: 0,
        },
        Op::WaitLast,
    ];
    for op in preamble.iter().chain(ops) {
        let since = w.events().last().map(|e| e.seq + 1).unwrap_or(0);
        let ins = inputs(op, last_op);
        for input in &ins {
            let out = apply_checked(&mut w, input)?;
            if let Output::Response(Response {
                operation: Some(o), ..
            }) = out
            {
                last_op = Some(o);
            }
            session.apply("step", input.clone());
            recorded.push(input.clone());
        }
        session.commit();
        let deleted: Vec<String> = w
            .events_since(since)
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::ResourceDeleted { id, resource_type }
                    if resource_type.ends_with("resourceGroups") =>
                {
                    Some(id.clone())
                }
                _ => None,
            })
            .collect();
        check_invariants(&w, since, &deleted)?;
    }
    // Replaying the same inputs on a fresh world gives the same trace.
    let mut again = World::new(Config::new(seed));
    for input in &recorded {
        again.apply(input);
    }
    prop_assert_eq!(again.trace_hash(), w.trace_hash());
    prop_assert_eq!(again.resource_count(), w.resource_count());
    // The session saw the same inputs; undo then redo comes back to the same place.
    prop_assert_eq!(session.world().trace_hash(), w.trace_hash());
    if session.can_undo() {
        prop_assert!(session.undo());
        prop_assert!(session.redo());
        prop_assert_eq!(session.world().trace_hash(), w.trace_hash());
        prop_assert_eq!(session.world().resource_count(), w.resource_count());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, max_shrink_iters: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_sessions_keep_invariants(seed in any::<u64>(), ops in proptest::collection::vec(op(), 1..60)) {
        run_session(seed, &ops)?;
    }
}

// ----- hostile input ----------------------------------------------------------------------

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        ".{0,40}".prop_map(Value::String),
        prop_oneof![
            Just("eastus"),
            Just("Create"),
            Just("fhir-R4"),
            Just("healthcareworkspace"),
            Just("ReadOnly")
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let key = prop_oneof![
            Just("location".to_string()),
            Just("properties".to_string()),
            Just("tags".to_string()),
            Just("identity".to_string()),
            Just("kind".to_string()),
            Just("type".to_string()),
            Just("hcsimSettings".to_string()),
            Just("customerManagedKey".to_string()),
            Just("fhirServiceResourceId".to_string()),
            Just("privateLinkServiceConnections".to_string()),
            ".{0,12}",
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(key, inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn path() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("subscriptions".to_string()),
        Just(SUB.to_string()),
        Just("resourceGroups".to_string()),
        Just("rg1".to_string()),
        Just("providers".to_string()),
        Just("Microsoft.HealthcareApis".to_string()),
        Just("workspaces".to_string()),
        Just("ws1".to_string()),
        Just("fhirservices".to_string()),
        Just("iotconnectors".to_string()),
        Just("fhirdestinations".to_string()),
        Just("Microsoft.Authorization".to_string()),
        Just("locks".to_string()),
        Just("moveResources".to_string()),
        Just("register".to_string()),
        ".{0,10}",
    ];
    prop_oneof![
        ".{0,80}",
        proptest::collection::vec(word, 0..12).prop_map(|w| format!("/{}", w.join("/"))),
        (0..3usize, "[ -~]{0,30}").prop_map(|(k, tail)| {
            let base = common::ws("rg1", "ws1");
            match k {
                0 => format!("{base}/{tail}"),
                1 => format!("{base}/fhirservices/{tail}"),
                _ => format!("/subscriptions/{SUB}/resourceGroups/{tail}"),
            }
        }),
    ]
}

fn request() -> impl Strategy<Value = Request> {
    let method = prop_oneof![
        Just(Method::Get),
        Just(Method::List),
        Just(Method::Put),
        Just(Method::Patch),
        Just(Method::Delete),
        Just(Method::Post),
    ];
    let principal = proptest::option::of(prop_oneof![
        Just("alice@contoso.com".to_string()),
        Just("trainee@contoso.com".to_string()),
        ".{0,20}",
    ]);
    (
        method,
        path(),
        proptest::option::of(json_value()),
        principal,
    )
        .prop_map(|(method, path, body, principal)| Request {
            method,
            path,
            body,
            principal,
            if_match: None,
            if_none_match: None,
        })
}

fn hostile_input() -> impl Strategy<Value = Input> {
    prop_oneof![
        6 => request().prop_map(Input::Request),
        1 => ".{0,30}".prop_map(|principal| Input::ActAs { principal }),
        1 => ".{0,30}".prop_map(|subscription| Input::SelectSubscription { subscription }),
        1 => (".{0,70}", ".{0,10}").prop_map(|(id, name)| Input::AddSubscription { id, name }),
        1 => ".{0,30}".prop_map(|name| Input::AddUser { name }),
        1 => (0..6usize, proptest::option::of(".{0,12}"), proptest::option::of(any::<u8>()),
              proptest::option::of(".{0,40}"), proptest::option::of(any::<u8>()), proptest::option::of(any::<u64>()))
            .prop_map(|(k, region, zone, target, probability, d)| Input::AddFault(FaultSpec {
                kind: FaultKind::ALL[k], region, zone, target, probability, duration: d.map(Millis),
            })),
        1 => proptest::option::of(any::<u32>()).prop_map(|fault| Input::ClearFault { fault }),
        1 => (path(), any::<bool>(), proptest::option::of(".{0,20}"), proptest::option::of(".{0,20}"))
            .prop_map(|(target, p, principal, path)| Input::Probe(ProbeSpec {
                target, from: if p { Network::Private } else { Network::Public }, principal, path,
            })),
        1 => any::<u64>().prop_map(|operation| Input::Wait { operation }),
        1 => any::<u64>().prop_map(|ms| Input::Advance { by: Millis(ms % (3 * 86_400_000)) }),
    ]
}

/// A world with something in it to hit: rg1/ws1/fhir1, an IoT connector, a vault.
fn populated() -> World {
    let mut w = common::instant_world();
    common::setup_workspace(&mut w, "rg1", "ws1", "eastus");
    common::add_fhir(&mut w, "rg1", "ws1", "fhir1");
    common::create(&mut w, &common::iot("rg1", "ws1", "iot1"), json!({}));
    common::setup_key(&mut w, "rg1", "kv1", "key1");
    w.apply(&Input::SetTiming {
        timing: Timing::Realistic,
    });
    w
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_requests_never_panic(inputs in proptest::collection::vec(hostile_input(), 1..12)) {
        let mut w = populated();
        for input in &inputs {
            let since = w.events().last().map(|e| e.seq + 1).unwrap_or(0);
            let out = apply_checked(&mut w, input)?;
            if let Output::Refused { error } = &out {
                prop_assert!(error.rule.is_some());
            }
            check_invariants(&w, since, &[])?;
            // Views and settings of whatever is there render.
            for r in w.resources_of_type("Microsoft.HealthcareApis/workspaces/fhirservices") {
                let id = r.id.clone();
                prop_assert!(w.view(&id).is_some());
                prop_assert!(w.effective_settings(&id).is_some());
            }
        }
    }
}
