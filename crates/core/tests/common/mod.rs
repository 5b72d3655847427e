//! Helpers shared by the rule tests: ids, requests that wait as az does, and the check that a
//! rejected request named its rule and changed nothing.
#![allow(dead_code)]

use hcsim_core::*;
use serde_json::{Value, json};

pub const SUB: &str = "11111111-1111-1111-1111-111111111111";
pub const SUB2: &str = "22222222-2222-2222-2222-222222222222";
pub const CONTRIBUTOR: &str = "b24988ac-6180-42a0-ab88-20f7382dd24c";
pub const FHIR_DATA_READER: &str = "4c8d0bbc-75d3-4935-991f-5f3c56d81508";

/// A default session (realistic timing, GA) with a fixed seed.
pub fn world() -> World {
    World::new(Config::new(42))
}

/// A default session with instant timing.
pub fn instant_world() -> World {
    World::new(Config {
        timing: Timing::Instant,
        ..Config::new(42)
    })
}

pub fn rg_in(sub: &str, rg: &str) -> String {
    id::build::resource_group(sub, rg)
}
pub fn rg(rg: &str) -> String {
    rg_in(SUB, rg)
}
pub fn ws_in(sub: &str, rg: &str, ws: &str) -> String {
    id::build::workspace(sub, rg, ws)
}
pub fn ws(rg: &str, ws: &str) -> String {
    ws_in(SUB, rg, ws)
}
pub fn fhir(rg: &str, w: &str, name: &str) -> String {
    id::build::workspace_child(SUB, rg, w, "fhirservices", name)
}
pub fn dicom(rg: &str, w: &str, name: &str) -> String {
    id::build::workspace_child(SUB, rg, w, "dicomservices", name)
}
pub fn iot(rg: &str, w: &str, name: &str) -> String {
    id::build::workspace_child(SUB, rg, w, "iotconnectors", name)
}
pub fn dest(rg: &str, w: &str, iot_name: &str, name: &str) -> String {
    id::build::workspace_path(SUB, rg, w)
        .child("iotconnectors", iot_name)
        .child("fhirdestinations", name)
        .to_string()
}
fn vault_path(rg_name: &str, name: &str) -> id::ArmPath {
    id::ArmPath::at_subscription(SUB)
        .group(rg_name)
        .provider("Microsoft.KeyVault", "vaults", name)
}
pub fn vault(rg_name: &str, name: &str) -> String {
    vault_path(rg_name, name).to_string()
}
pub fn key(rg_name: &str, vault_name: &str, name: &str) -> String {
    vault_path(rg_name, vault_name)
        .child("keys", name)
        .to_string()
}
pub fn key_url(vault_name: &str, name: &str) -> String {
    format!("https://{vault_name}.vault.azure.net/keys/{name}")
}
pub fn lock(scope: &str, name: &str) -> String {
    format!("{scope}/providers/Microsoft.Authorization/locks/{name}")
}
pub fn role_assignment(scope: &str, guid: &str) -> String {
    format!("{scope}/providers/Microsoft.Authorization/roleAssignments/{guid}")
}
pub fn role_definition(role_guid: &str) -> String {
    id::ArmPath::at_subscription(SUB)
        .provider("Microsoft.Authorization", "roleDefinitions", role_guid)
        .to_string()
}
pub fn private_endpoint(rg_name: &str, name: &str) -> String {
    id::ArmPath::at_subscription(SUB)
        .group(rg_name)
        .provider("Microsoft.Network", "privateEndpoints", name)
        .to_string()
}

/// The body of a private endpoint to a workspace (sub-resource `healthcareworkspace`), in the
/// subnet `default` of `vnet1` in the workspace's group (see [`setup_vnet`]).
pub fn private_endpoint_body(location: &str, workspace_id: &str) -> Value {
    let group: Vec<&str> = workspace_id.split('/').take(5).collect();
    let subnet = format!(
        "{}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/default",
        group.join("/")
    );
    json!({
        "location": location,
        "properties": {
            "subnet": {"id": subnet},
            "privateLinkServiceConnections": [{
                "name": "conn1",
                "properties": {
                    "privateLinkServiceId": workspace_id,
                    "groupIds": ["healthcareworkspace"]
                }
            }]
        }
    })
}

/// Creates `vnet1` (with subnet `default`) in a group, for private endpoints.
pub fn setup_vnet(w: &mut World, rg_name: &str, location: &str) {
    let id = format!(
        "{}/providers/Microsoft.Network/virtualNetworks/vnet1",
        rg(rg_name)
    );
    create(
        w,
        &id,
        json!({"location": location, "properties": {"subnets": [{"name": "default", "properties": {"addressPrefix": "10.0.0.0/24"}}]}}),
    );
}

/// The body of a FHIR destination writing to `fhir_id`.
pub fn destination_body(fhir_id: &str) -> Value {
    json!({
        "properties": {
            "resourceIdentityResolutionType": "Create",
            "fhirServiceResourceId": fhir_id,
            "fhirMapping": {"content": {"templateType": "CollectionFhirTemplate", "template": []}}
        }
    })
}

/// Sends a request and returns the front door's response.
pub fn send(w: &mut World, r: Request) -> Response {
    match w.apply(&Input::Request(r)) {
        Output::Response(r) => r,
        o => panic!("a request should get a response, got {o:?}"),
    }
}

/// Waits for the operation of a response, if it started one.
pub fn wait(w: &mut World, r: &Response) {
    if let Some(op) = r.operation {
        w.apply(&Input::Wait { operation: op });
    }
}

pub fn put(w: &mut World, path: &str, body: Value) -> Response {
    send(w, Request::put(path, body))
}

/// PUT then wait until its operation ends (az without `--no-wait`).
pub fn put_wait(w: &mut World, path: &str, body: Value) -> Response {
    let r = put(w, path, body);
    wait(w, &r);
    r
}

/// DELETE then wait until its operation ends.
pub fn delete_wait(w: &mut World, path: &str) -> Response {
    let r = send(w, Request::delete(path));
    wait(w, &r);
    r
}

pub fn get(w: &mut World, path: &str) -> Response {
    send(w, Request::get(path))
}

pub fn patch(w: &mut World, path: &str, body: Value) -> Response {
    send(w, Request::patch(path, body))
}

/// Asserts a 2xx response.
#[track_caller]
pub fn ok(r: &Response) {
    assert!(
        r.is_success(),
        "expected success, got {} {:?}",
        r.status,
        r.error
    );
}

/// A PUT that must succeed and finish provisioning.
#[track_caller]
pub fn create(w: &mut World, path: &str, body: Value) -> Response {
    let r = put_wait(w, path, body);
    ok(&r);
    let res = w
        .find(path)
        .unwrap_or_else(|| panic!("{path} should exist after its PUT"));
    assert_eq!(
        res.state,
        ProvisioningState::Succeeded,
        "{path} should be Succeeded"
    );
    r
}

/// Creates resource group `rg_name` in eastus and workspace `ws_name` in `region`.
pub fn setup_workspace(w: &mut World, rg_name: &str, ws_name: &str, region: &str) -> String {
    if w.find(&rg(rg_name)).is_none() {
        create(w, &rg(rg_name), json!({"location": "eastus"}));
    }
    let id = ws(rg_name, ws_name);
    create(w, &id, json!({"location": region}));
    id
}

/// Creates a FHIR service (R4) in an existing workspace.
pub fn add_fhir(w: &mut World, rg_name: &str, ws_name: &str, name: &str) -> String {
    let id = fhir(rg_name, ws_name, name);
    create(w, &id, json!({"kind": "fhir-R4"}));
    id
}

/// Creates a DICOM service in an existing workspace.
pub fn add_dicom(w: &mut World, rg_name: &str, ws_name: &str, name: &str) -> String {
    let id = dicom(rg_name, ws_name, name);
    create(w, &id, json!({}));
    id
}

/// Creates a key vault with one enabled key; returns the key URL.
pub fn setup_key(w: &mut World, rg_name: &str, vault_name: &str, key_name: &str) -> String {
    create(
        w,
        &vault(rg_name, vault_name),
        json!({"location": "eastus"}),
    );
    create(
        w,
        &key(rg_name, vault_name, key_name),
        json!({"properties": {}}),
    );
    key_url(vault_name, key_name)
}

/// Sets the workspace-level customer-managed key (hcsim settings extension).
pub fn set_workspace_key(w: &mut World, ws_id: &str, url: &str) -> Response {
    patch(
        w,
        ws_id,
        json!({"hcsimSettings": {"customerManagedKey": {"keyUrl": url}}}),
    )
}

/// Adds a fault, which must be accepted.
pub fn add_fault(w: &mut World, spec: FaultSpec) {
    let o = w.apply(&Input::AddFault(spec));
    assert!(o.is_ok(), "fault refused: {o:?}");
}

pub fn fault(kind: FaultKind) -> FaultSpec {
    FaultSpec::new(kind)
}

/// A data-plane probe.
pub fn probe(w: &mut World, target: &str, from: Network) -> ProbeResult {
    probe_spec(
        w,
        ProbeSpec {
            target: target.into(),
            from,
            principal: None,
            path: None,
        },
    )
}

pub fn probe_spec(w: &mut World, spec: ProbeSpec) -> ProbeResult {
    match w.apply(&Input::Probe(spec)) {
        Output::Probe(p) => p,
        o => panic!("a probe should be answered, got {o:?}"),
    }
}

pub fn advance(w: &mut World, by: Millis) {
    w.apply(&Input::Advance { by });
}

/// Everything a user could observe about the resources: id, state and body of every node.
pub fn fingerprint(w: &World) -> Vec<(String, ProvisioningState, String)> {
    let s = w.store();
    let mut out = Vec::new();
    for root in s.roots() {
        for n in s.pre_order(root) {
            if let Some(r) = s.res(n) {
                out.push((r.id.clone(), r.state, r.body.to_string()));
            }
        }
    }
    out
}

/// Sends `req`, expects it rejected with `status`, `code` and `rule`, with nothing changed and a
/// `RequestRejected` event naming the rule. Returns the error.
#[track_caller]
pub fn rejected(w: &mut World, req: Request, status: u16, code: &str, rule: RuleId) -> ArmError {
    let before = fingerprint(w);
    let count = w.resource_count();
    let since = w.events().last().map(|e| e.seq + 1).unwrap_or(0);
    let r = send(w, req.clone());
    let e = r.error.clone().unwrap_or_else(|| {
        panic!(
            "{} {} should be rejected, got {}",
            req.method.http(),
            req.path,
            r.status
        )
    });
    assert_eq!(
        (r.status, e.code.as_str(), e.rule),
        (status, code, Some(rule)),
        "unexpected rejection: {}",
        e.message
    );
    assert_eq!(e.status, status);
    assert_eq!(
        r.body["error"]["code"], code,
        "the ARM body carries the code"
    );
    assert!(!e.message.is_empty());
    assert!(
        e.explanation().unwrap().contains(rule.id()),
        "the explanation teaches the rule"
    );
    assert_eq!(
        w.resource_count(),
        count,
        "a rejected request adds or removes nothing"
    );
    assert_eq!(fingerprint(w), before, "a rejected request changes nothing");
    let named = w.events_since(since).iter().any(|ev| {
        matches!(&ev.kind, EventKind::RequestRejected { code: c, rule: r, status: s, .. }
            if c == code && *r == Some(rule) && *s == status)
    });
    assert!(named, "a RequestRejected event names {}", rule.id());
    e
}

/// The state of a resource.
#[track_caller]
pub fn state(w: &World, id: &str) -> ProvisioningState {
    w.find(id)
        .unwrap_or_else(|| panic!("{id} should exist"))
        .state
}

/// Events of a kind since `seq`.
pub fn events_since(w: &World, since: u64) -> Vec<EventKind> {
    w.events_since(since)
        .iter()
        .map(|e| e.kind.clone())
        .collect()
}

/// The next event sequence number.
pub fn mark(w: &World) -> u64 {
    w.events().last().map(|e| e.seq + 1).unwrap_or(0)
}

/// The id of deployment `name` in group `rg_name`.
pub fn deployment(rg_name: &str, name: &str) -> String {
    format!(
        "{}/providers/Microsoft.Resources/deployments/{name}",
        rg(rg_name)
    )
}

/// A deployment PUT body with an inline template holding `resources`.
pub fn deployment_body(resources: Value, mode: &str) -> Value {
    json!({"properties": {
        "mode": mode,
        "template": {
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "contentVersion": "1.0.0.0",
            "resources": resources
        },
        "parameters": {}
    }})
}

/// A template resource: workspace `name` in `location`.
pub fn template_workspace(name: &str, location: &str) -> Value {
    json!({
        "type": "Microsoft.HealthcareApis/workspaces",
        "apiVersion": "2024-03-31",
        "name": name,
        "location": location
    })
}
