//! Conformance with the upstream REST examples (`shared/reference/arm-examples/**.json`,
//! Microsoft.HealthcareApis 2024-03-31, see SOURCE.md there).
//!
//! For every example: build the request it describes (method from the file name, ids from
//! `parameters`, the body parameter as body), set up its prerequisites in a fresh world
//! (the example's subscription, group, workspace, parent services, in the example's
//! location), send it, and check that hcsim answers with a status the example lists and a
//! body with the same `id`, `name`, `type`, `location` (normalised, when the example has
//! one) and the same set of property keys — except for the differences listed, each with
//! its reason, in [`ALLOWANCES`] and [`ADAPTATIONS`]. One line is printed per example.
//! `provisioningState` values are not compared (upstream typos such as "Suceeded", and the
//! state depends on timing), only that the key is there.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use hcsim_core::id::ArmPath;
use hcsim_core::{Config, Input, Output, Request, Response, Stage, Timing, World};
use serde_json::{Value, json};

const EXAMPLES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/reference/arm-examples"
);

/// Property keys that may differ between an example and hcsim's answer:
/// (example file or `*`, property key, reason).
const ALLOWANCES: &[(&str, &str, &str)] = &[
    (
        "*",
        "publicNetworkAccess",
        "read-only in 2024-03-31 (it follows private link) and defined by the spec for workspaces, FHIR and DICOM services; hcsim always shows it, the examples omit it",
    ),
    (
        "*",
        "privateEndpointConnections",
        "read-only workspace property of the spec; hcsim always shows the (possibly empty) list, the examples omit it",
    ),
    (
        "*",
        "eventState",
        "read-only FHIR service property of the spec (Event Grid state); hcsim shows it, FhirServices_Get omits it",
    ),
    (
        "FhirServices_List.json",
        "authenticationConfiguration",
        "hcsim gives a FHIR service created without one the default authority and audience, as the service does; the upstream List example is trimmed to provisioningState",
    ),
    (
        "FhirServices_Patch.json",
        "authenticationConfiguration",
        "as for FhirServices_List.json: the upstream Patch example is trimmed to provisioningState",
    ),
    (
        "FhirServices_Create.json",
        "acrConfiguration",
        "the request sets acrConfiguration but the upstream responses leave it out; hcsim echoes what was set",
    ),
    (
        "DicomServices_Create.json",
        "encryption",
        "the upstream responses show a customer-managed key the request never set; hcsim shows encryption only when a key is configured",
    ),
];

/// Changes hcsim makes to an example's request or expectations before comparing:
/// (example file, what, reason).
const ADAPTATIONS: &[(&str, &str, &str)] = &[
    (
        "iotconnector_fhirdestination_Create.json",
        "properties.fhirServiceResourceId",
        "the example points at a FHIR service of another workspace and subscription (and without its leading '/'); hcsim enforces rule phi-stays-in-workspace, so the request (and every seeded destination of the Get/List/Delete examples) names a FHIR service of the same workspace",
    ),
    (
        "*",
        "seed",
        "Get/List/Patch/Delete examples need the resource first: it is created from the example's own response body (read-only members removed), or from the Create example's body when the example has none",
    ),
    (
        "CheckNameAvailabilityPost.json",
        "seed",
        "the example answers AlreadyExists, so an Azure API for FHIR (legacy) service of that name is created first",
    ),
    (
        "*",
        "identity.userAssignedIdentities",
        "the examples name user-assigned identities (e.g. test-mi) that must exist, as ARM requires; they are created first",
    ),
    (
        "iotconnector_fhirdestination_Create.json",
        "location",
        "known upstream inconsistency: the request says westus, the responses 'West US 2'; hcsim answers westus (a child lives in its workspace's region)",
    ),
];

/// Files skipped, with the reason printed.
const SKIPPED: &[(&str, &str)] = &[];

/// The operation-results example names an operation `exampleid` that cannot exist here: the
/// test starts a real one (creating a workspace named as the example's `name`) and reads it.
const OPERATION_ADAPTATION: &str = "operationResultId 'exampleid' is replaced by the number of a real operation (a workspace named 'servicename' being created)";

struct Example {
    file: String,
    group: String,
    params: Value,
    responses: Value,
}

fn examples() -> Vec<Example> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(EXAMPLES)
        .expect("arm-examples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for d in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&d)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for f in files {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
            out.push(Example {
                file: f.file_name().unwrap().to_string_lossy().into_owned(),
                group: d.file_name().unwrap().to_string_lossy().into_owned(),
                params: v["parameters"].clone(),
                responses: v["responses"].clone(),
            });
        }
    }
    out
}

fn read_example(group: &str, file: &str) -> Value {
    let p = Path::new(EXAMPLES).join(group).join(file);
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// `West US 2` → `westus2`.
fn norm_location(l: &str) -> String {
    l.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

fn p<'a>(params: &'a Value, key: &str) -> &'a str {
    params[key].as_str().unwrap_or("")
}

/// The resource type word of an example group and the parameter naming the resource.
fn child_of(group: &str) -> Option<(&'static str, &'static str)> {
    match group {
        "fhirservices" => Some(("fhirservices", "fhirServiceName")),
        "dicomservices" => Some(("dicomservices", "dicomServiceName")),
        "iotconnectors" => Some(("iotconnectors", "iotConnectorName")),
        "fhirdestinations" => Some(("fhirdestinations", "fhirDestinationName")),
        _ => None,
    }
}

fn rg_path(params: &Value) -> ArmPath {
    ArmPath::at_subscription(p(params, "subscriptionId")).group(p(params, "resourceGroupName"))
}

fn rg_id(params: &Value) -> String {
    rg_path(params).request_path()
}

fn ws_path(params: &Value, ws: &str) -> ArmPath {
    rg_path(params).provider("Microsoft.HealthcareApis", "workspaces", ws)
}

fn ws_id(params: &Value, ws: &str) -> String {
    ws_path(params, ws).request_path()
}

/// The id of a resource of `group` named `name` (for destinations, under the example's
/// IoT connector).
fn id_of(params: &Value, group: &str, name: &str) -> String {
    let ws = ws_path(params, p(params, "workspaceName"));
    match group {
        "workspaces" => ws_id(params, name),
        "fhirdestinations" => ws
            .child("iotconnectors", p(params, "iotConnectorName"))
            .child("fhirdestinations", name)
            .request_path(),
        g => ws
            .child(child_of(g).map(|c| c.0).unwrap_or(g), name)
            .request_path(),
    }
}

/// A helper world for one example.
struct Env {
    world: World,
    notes: Vec<String>,
}

impl Env {
    fn new(params: &Value) -> Env {
        let mut world = World::new(Config {
            seed: 5,
            timing: Timing::Instant,
            stage: Stage::Ga,
        });
        let sub = p(params, "subscriptionId").to_string();
        let out = world.apply(&Input::AddSubscription {
            id: sub.clone(),
            name: "Examples".into(),
        });
        assert!(out.is_ok(), "{out:?}");
        Env {
            world,
            notes: Vec::new(),
        }
    }

    fn send(&mut self, req: Request) -> Response {
        match self.world.apply(&Input::Request(req)) {
            Output::Response(r) => r,
            other => panic!("{other:?}"),
        }
    }

    /// PUT and let the operation finish; the resource must be Succeeded.
    fn put_ok(&mut self, id: &str, body: Value) {
        let mut identities = BTreeSet::new();
        user_identities(&body, &mut identities);
        for uai in identities {
            if self.world.find(&uai).is_none() {
                self.put_ok(&uai, json!({"location": body["location"]}));
            }
        }
        let r = self.send(Request::put(id, body));
        assert!(r.is_success(), "setup PUT {id}: {:?}", r.error);
        if let Some(op) = r.operation {
            self.world.apply(&Input::Wait { operation: op });
        }
        assert_eq!(
            self.world.find(id).map(|r| r.state),
            Some(hcsim_core::ProvisioningState::Succeeded),
            "setup {id}"
        );
    }
}

/// The body a resource of `group` is seeded with: its Create example's body, relocated.
fn seed_body(group: &str, location: &str, same_ws_fhir: &str) -> Value {
    let (file, key) = match group {
        "workspaces" => ("Workspaces_Create.json", "workspace"),
        "fhirservices" => ("FhirServices_Create.json", "fhirservice"),
        "dicomservices" => ("DicomServices_Create.json", "dicomservice"),
        "iotconnectors" => ("iotconnector_Create.json", "iotConnector"),
        "fhirdestinations" => (
            "iotconnector_fhirdestination_Create.json",
            "iotFhirDestination",
        ),
        other => panic!("no seed for {other}"),
    };
    let mut body = read_example(group, file)["parameters"][key].clone();
    body["location"] = Value::String(location.into());
    if group == "fhirdestinations" {
        body["properties"]["fhirServiceResourceId"] = Value::String(same_ws_fhir.into());
    }
    body
}

/// A creatable body from an example's response item: read-only members removed.
fn body_from_response(group: &str, item: &Value, location: &str, same_ws_fhir: &str) -> Value {
    let mut body = item.clone();
    if let Some(m) = body.as_object_mut() {
        for k in ["id", "name", "type", "etag", "systemData"] {
            m.remove(k);
        }
    }
    if let Some(m) = body.get_mut("properties").and_then(Value::as_object_mut) {
        for k in [
            "provisioningState",
            "serviceUrl",
            "eventState",
            "privateEndpointConnections",
            "publicNetworkAccess",
        ] {
            m.remove(k);
        }
        if group == "dicomservices" {
            // Computed by the service for DICOM.
            m.remove("authenticationConfiguration");
        }
    }
    if let Some(m) = body.get_mut("identity").and_then(Value::as_object_mut) {
        m.remove("principalId");
        m.remove("tenantId");
    }
    body["location"] = Value::String(location.into());
    if group == "fhirdestinations" {
        body["properties"]["fhirServiceResourceId"] = Value::String(same_ws_fhir.into());
    }
    body
}

/// The location the example's resources live in.
fn example_location(ex: &Example) -> String {
    let from_response = ex
        .responses
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
        .filter_map(|r| {
            let b = &r["body"];
            b["location"]
                .as_str()
                .or_else(|| b["value"][0]["location"].as_str())
        })
        .next()
        .map(norm_location);
    let from_body = ex
        .params
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
        .find_map(|v| v["location"].as_str())
        .map(norm_location);
    // The request's location wins over the (sometimes inconsistent) responses.
    from_body
        .or(from_response)
        .unwrap_or_else(|| "westus".into())
}

/// Sets up the group, the workspace and the parents a request of `group` needs.
fn prerequisites(env: &mut Env, ex: &Example, location: &str) -> String {
    let params = &ex.params;
    if params.get("resourceGroupName").is_none() {
        return String::new();
    }
    env.put_ok(&rg_id(params), json!({"location": location}));
    let mut identities = BTreeSet::new();
    user_identities(params, &mut identities);
    user_identities(&ex.responses, &mut identities);
    for id in identities {
        env.put_ok(&id, json!({"location": location}));
    }
    if ex.group == "workspaces" {
        return String::new();
    }
    let ws = ws_path(params, p(params, "workspaceName"));
    env.put_ok(
        &ws.request_path(),
        json!({"location": location, "properties": {}}),
    );
    let fhir = ws.clone().child("fhirservices", "fhirdest").request_path();
    if ex.group == "fhirdestinations" {
        env.put_ok(
            &fhir,
            json!({"location": location, "kind": "fhir-R4", "properties": {"authenticationConfiguration": {
                "authority": "https://login.microsoftonline.com/t", "audience": "https://x"}}}),
        );
        let iot = ws
            .child("iotconnectors", p(params, "iotConnectorName"))
            .request_path();
        env.put_ok(&iot, seed_body("iotconnectors", location, &fhir));
    }
    fhir
}

/// Every user-assigned identity id named under an `identity.userAssignedIdentities` of `v`
/// (they must exist for the request to succeed).
fn user_identities(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                if k == "userAssignedIdentities" {
                    out.extend(
                        child
                            .as_object()
                            .into_iter()
                            .flat_map(|u| u.keys().cloned()),
                    );
                } else {
                    user_identities(child, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| user_identities(x, out)),
        _ => {}
    }
}

/// The body parameter of an example (the one object-valued parameter).
fn body_param(params: &Value) -> Option<Value> {
    params
        .as_object()?
        .iter()
        .find(|(k, v)| v.is_object() && k.as_str() != "parameters")
        .map(|(_, v)| v.clone())
}

fn allowed(file: &str, key: &str) -> bool {
    ALLOWANCES
        .iter()
        .any(|(f, k, _)| (*f == "*" || *f == file) && *k == key)
}

fn adapted(file: &str, what: &str) -> bool {
    ADAPTATIONS.iter().any(|(f, w, _)| *f == file && *w == what)
}

/// Compares one resource body with the example's; returns the differences not allowed.
fn compare(file: &str, want: &Value, got: &Value) -> Vec<String> {
    let mut bad = Vec::new();
    for key in ["id", "name", "type"] {
        let (w, g) = (want[key].as_str(), got[key].as_str());
        if w.map(str::to_lowercase) != g.map(str::to_lowercase) {
            bad.push(format!("{key}: example {w:?}, hcsim {g:?}"));
        }
    }
    if let Some(w) = want["location"].as_str() {
        let g = got["location"].as_str().map(norm_location);
        if Some(norm_location(w)) != g && !adapted(file, "location") {
            bad.push(format!("location: example {w:?}, hcsim {g:?}"));
        }
    }
    let keys = |v: &Value| -> BTreeSet<String> {
        v["properties"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let (wk, gk) = (keys(want), keys(got));
    for k in wk.symmetric_difference(&gk) {
        if !allowed(file, k) {
            let side = if wk.contains(k) {
                "example only"
            } else {
                "hcsim only"
            };
            bad.push(format!("properties.{k}: {side}"));
        }
    }
    bad
}

/// The top-level keys of a JSON object (empty for anything else).
fn key_set(v: &Value) -> BTreeSet<&String> {
    v.as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default()
}

/// Runs one example; returns (status, problems) or a skip reason.
fn run(ex: &Example) -> Result<(u16, Vec<String>), String> {
    if let Some((_, why)) = SKIPPED.iter().find(|(f, _)| *f == ex.file) {
        return Err((*why).to_string());
    }
    let stem = ex.file.trim_end_matches(".json");
    let mut env = Env::new(&ex.params);
    let location = example_location(ex);
    let fhir = prerequisites(&mut env, ex, &location);
    let listed: Vec<Value> = ex.responses["200"]["body"]["value"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let (req, expect_list) = request_for(&mut env, ex, &listed, &location, &fhir)?;
    let resp = env.send(req);
    let mut problems = std::mem::take(&mut env.notes);
    let status = resp.status;
    let listed_statuses: Vec<String> = ex
        .responses
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    if !listed_statuses.contains(&status.to_string()) {
        problems.push(format!(
            "status {status} not among {listed_statuses:?} ({:?})",
            resp.error
        ));
        return Ok((status, problems));
    }
    let want = &ex.responses[status.to_string()]["body"];
    if want.is_null() {
        return Ok((status, problems));
    }
    if expect_list {
        check_list(ex, &listed, &resp, &mut problems);
    } else if stem == "OperationResultsGet" {
        check_operation_result(want, &resp, &mut problems);
    } else if stem == "CheckNameAvailabilityPost" {
        check_name_availability(want, &resp, &mut problems);
    } else {
        problems.extend(compare(&ex.file, want, &resp.body));
    }
    Ok((status, problems))
}

/// The request an example makes, once the world holds what it needs; `true` for a list.
fn request_for(
    env: &mut Env,
    ex: &Example,
    listed: &[Value],
    location: &str,
    fhir: &str,
) -> Result<(Request, bool), String> {
    let stem = ex.file.trim_end_matches(".json");
    let params = &ex.params;
    let name_param = child_of(&ex.group).map_or("workspaceName", |c| c.1);
    let own_name = p(params, name_param).to_string();
    let target = id_of(params, &ex.group, &own_name);
    Ok(if stem.ends_with("_Create") {
        let mut body = body_param(params).expect("body");
        if adapted(&ex.file, "properties.fhirServiceResourceId") {
            body["properties"]["fhirServiceResourceId"] = Value::String(fhir.to_string());
        }
        (Request::put(&target, body), false)
    } else if stem.contains("List") {
        (list_request(env, ex, listed, location, fhir), true)
    } else if stem.ends_with("_Get") || stem.ends_with("_Patch") || stem.ends_with("_Delete") {
        let seed = match ex.responses["200"]["body"] {
            Value::Object(_) => {
                body_from_response(&ex.group, &ex.responses["200"]["body"], location, fhir)
            }
            _ => seed_body(&ex.group, location, fhir),
        };
        env.put_ok(&target, seed);
        if stem.ends_with("_Get") {
            (Request::get(&target), false)
        } else if stem.ends_with("_Patch") {
            (
                Request::patch(&target, body_param(params).expect("body")),
                false,
            )
        } else {
            (Request::delete(&target), false)
        }
    } else if stem == "CheckNameAvailabilityPost" {
        (check_name_request(env, params), false)
    } else if stem == "OperationResultsGet" {
        (operation_result_request(env, ex)?, false)
    } else {
        return Err(format!("no rule maps '{stem}' to a method"));
    })
}

/// Creates the items a list example shows and returns the list request.
fn list_request(
    env: &mut Env,
    ex: &Example,
    listed: &[Value],
    location: &str,
    fhir: &str,
) -> Request {
    let stem = ex.file.trim_end_matches(".json");
    let params = &ex.params;
    for item in listed {
        let id = item["id"].as_str().unwrap_or("");
        let name = item["name"].as_str().unwrap_or("");
        let name = name.rsplit('/').next().unwrap_or(name);
        let loc = item["location"]
            .as_str()
            .map(norm_location)
            .unwrap_or_else(|| location.to_string());
        // ListBySubscription names no group: create the one the item's id names.
        let rg: String = id.split('/').take(5).collect::<Vec<_>>().join("/");
        if env.world.find(&rg).is_none() {
            env.put_ok(&rg, json!({"location": loc}));
        }
        env.put_ok(id, body_from_response(&ex.group, item, &loc, fhir));
        let _ = name;
    }
    let coll = match ex.group.as_str() {
        "workspaces" if stem.ends_with("BySubscription") => {
            ArmPath::at_subscription(p(params, "subscriptionId"))
                .provider_collection("Microsoft.HealthcareApis", "workspaces")
        }
        "workspaces" => {
            rg_path(params).provider_collection("Microsoft.HealthcareApis", "workspaces")
        }
        "fhirdestinations" => ws_path(params, p(params, "workspaceName"))
            .child("iotconnectors", p(params, "iotConnectorName"))
            .collection("fhirdestinations"),
        g => ws_path(params, p(params, "workspaceName"))
            .collection(child_of(g).map(|c| c.0).unwrap_or(g)),
    };
    Request::list(coll.request_path())
}

/// Creates the service whose name the example checks and returns the check request.
fn check_name_request(env: &mut Env, params: &Value) -> Request {
    let body = body_param(params).expect("body");
    let rg = ArmPath::at_subscription(p(params, "subscriptionId")).group("examples");
    env.put_ok(&rg.request_path(), json!({"location": "westus"}));
    // Service names are lowercase (upper case is refused, microsoft/fhir-server-samples#48)
    // and compared case-insensitively: the example's `serviceName` is taken by `servicename`.
    let service = body["name"].as_str().unwrap_or("").to_lowercase();
    env.put_ok(
        &rg.provider("Microsoft.HealthcareApis", "services", &service)
            .request_path(),
        json!({"location": "westus", "kind": "fhir-R4", "properties": {}}),
    );
    let check = ArmPath::at_subscription(p(params, "subscriptionId"))
        .provider_collection("Microsoft.HealthcareApis", "checkNameAvailability");
    Request::post(check.request_path(), body)
}

/// Starts an operation (a workspace create) and returns the request for its result.
fn operation_result_request(env: &mut Env, ex: &Example) -> Result<Request, String> {
    let params = &ex.params;
    let (sub, loc) = (p(params, "subscriptionId"), p(params, "locationName"));
    let rg = ArmPath::at_subscription(sub).group("oprg");
    env.put_ok(&rg.request_path(), json!({"location": loc}));
    let name = ex.responses["200"]["body"]["name"]
        .as_str()
        .unwrap_or("servicename");
    let ws = rg
        .provider("Microsoft.HealthcareApis", "workspaces", name)
        .request_path();
    let op = env
        .send(Request::put(&ws, json!({"location": loc})))
        .operation
        .ok_or("creating a workspace started no operation")?;
    let result = ArmPath::at_subscription(sub)
        .provider("Microsoft.HealthcareApis", "locations", loc)
        .child("operationresults", &op.to_string());
    Ok(Request::get(result.request_path()))
}

/// A list response holds the example's items (by id), each matching its example.
fn check_list(ex: &Example, listed: &[Value], resp: &Response, problems: &mut Vec<String>) {
    let got = resp.body["value"].as_array().cloned().unwrap_or_default();
    if got.len() != listed.len() {
        problems.push(format!(
            "list has {} items, example {}",
            got.len(),
            listed.len()
        ));
    }
    for w in listed {
        let wid = w["id"].as_str().unwrap_or("").to_lowercase();
        match got
            .iter()
            .find(|g| g["id"].as_str().map(str::to_lowercase) == Some(wid.clone()))
        {
            Some(g) => problems.extend(compare(&ex.file, w, g)),
            None => problems.push(format!("{wid} missing from the list")),
        }
    }
}

/// Same keys (an error appears only for failed operations), the operation's resource name,
/// a status of the documented set, and the id of the route that was called.
fn check_operation_result(want: &Value, resp: &Response, problems: &mut Vec<String>) {
    let (wk, gk) = (key_set(want), key_set(&resp.body));
    if wk != gk {
        problems.push(format!("keys: example {wk:?}, hcsim {gk:?}"));
    }
    if want["name"] != resp.body["name"] {
        problems.push(format!(
            "name: example {}, hcsim {}",
            want["name"], resp.body["name"]
        ));
    }
    let statuses = ["Canceled", "Succeeded", "Failed", "Requested", "Running"];
    if !resp.body["status"]
        .as_str()
        .is_some_and(|s| statuses.contains(&s))
    {
        problems.push(format!(
            "status {} not in {statuses:?}",
            resp.body["status"]
        ));
    }
    let id = resp.body["id"].as_str().unwrap_or("");
    if !id.to_lowercase().starts_with("/subscriptions/subid/providers/microsoft.healthcareapis/locations/westus/operationresults/") {
        problems.push(format!("id {id}"));
    }
}

/// The availability answer has the example's keys, `nameAvailable` and `reason`.
fn check_name_availability(want: &Value, resp: &Response, problems: &mut Vec<String>) {
    let (wk, gk) = (key_set(want), key_set(&resp.body));
    if wk != gk {
        problems.push(format!("keys: example {wk:?}, hcsim {gk:?}"));
    }
    for k in ["nameAvailable", "reason"] {
        if want[k] != resp.body[k] {
            problems.push(format!("{k}: example {}, hcsim {}", want[k], resp.body[k]));
        }
    }
}

#[test]
fn rest_examples_conform() {
    let all = examples();
    assert!(all.len() >= 27, "found {} examples", all.len());
    let mut failures = Vec::new();
    for ex in &all {
        match run(ex) {
            Ok((status, problems)) if problems.is_empty() => {
                println!("ok    {}/{} -> {status}", ex.group, ex.file);
            }
            Ok((status, problems)) => {
                println!("FAIL  {}/{} -> {status}", ex.group, ex.file);
                for p in &problems {
                    println!("        {p}");
                }
                failures.push(format!("{}: {}", ex.file, problems.join("; ")));
            }
            Err(why) => println!("skip  {}/{}: {why}", ex.group, ex.file),
        }
    }
    for (f, what, why) in ADAPTATIONS {
        println!("adapted {f} {what}: {why}");
    }
    println!("adapted OperationResultsGet.json: {OPERATION_ADAPTATION}");
    for (f, k, why) in ALLOWANCES {
        println!("allowed {f} properties.{k}: {why}");
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
