//! Resource providers as ARM lists them (`GET /subscriptions/{s}/providers[/{namespace}]`):
//! the namespaces hcsim models, their resource types and api-versions, and whether the
//! subscription is registered (the core's registrations). `az resource show|update` reads a
//! type's `apiVersions` here to choose the version it sends (Azure/azure-cli
//! `resource/custom.py`, `_resolve_api_version`: the newest non-preview version).
//! Assumption: the types listed are the ones hcsim simulates, not every type of the namespace.

use hcsim_core::api::version_for;
use hcsim_core::id::ArmPath;
use serde_json::{Value, json};

use crate::http::HttpResponse;
use crate::reply::arm_error;
use crate::state::Sim;

/// `(namespace, resource types)`.
const TYPES: &[(&str, &[&str])] = &[
    (
        "Microsoft.HealthcareApis",
        &[
            "services",
            "services/privateEndpointConnections",
            "services/privateLinkResources",
            "workspaces",
            "workspaces/fhirservices",
            "workspaces/dicomservices",
            "workspaces/iotconnectors",
            "workspaces/iotconnectors/fhirdestinations",
            "workspaces/privateEndpointConnections",
            "workspaces/privateLinkResources",
            "locations",
            "locations/operationresults",
            "checkNameAvailability",
            "operations",
        ],
    ),
    (
        "Microsoft.Resources",
        &["deployments", "resourceGroups", "subscriptions", "tenants"],
    ),
    (
        "Microsoft.Authorization",
        &["roleAssignments", "roleDefinitions", "locks"],
    ),
    (
        "Microsoft.KeyVault",
        &["vaults", "vaults/keys", "deletedVaults"],
    ),
    (
        "Microsoft.Network",
        &[
            "virtualNetworks",
            "virtualNetworks/subnets",
            "privateEndpoints",
            "privateDnsZones",
        ],
    ),
    (
        "Microsoft.EventHub",
        &[
            "namespaces",
            "namespaces/eventhubs",
            "namespaces/eventhubs/consumergroups",
            "namespaces/authorizationRules",
        ],
    ),
    ("Microsoft.ManagedIdentity", &["userAssignedIdentities"]),
    ("Microsoft.Storage", &["storageAccounts"]),
];

/// The regions a type is offered in. Assumption: hcsim's regions for every type.
const LOCATIONS: &[&str] = &[
    "East US",
    "East US 2",
    "West US 2",
    "West US 3",
    "Central US",
    "North Central US",
    "South Central US",
    "West Central US",
    "Canada Central",
    "Brazil South",
    "North Europe",
    "West Europe",
    "UK South",
    "UK West",
    "France Central",
    "Germany West Central",
    "Switzerland North",
    "Sweden Central",
    "Norway East",
    "Australia East",
    "Southeast Asia",
    "Japan East",
    "Korea Central",
    "Central India",
    "Qatar Central",
];

fn api_versions(namespace: &str, type_word: &str) -> Vec<String> {
    let mine = version_for(&format!("{namespace}/{type_word}"));
    let mut v = vec![mine.to_string()];
    if namespace == "Microsoft.Resources" {
        v.insert(0, "2024-11-01".into());
    }
    v
}

fn provider(sim: &Sim, sub: &str, namespace: &str, types: &[&str]) -> Value {
    let registered = namespace == "Microsoft.Resources"
        || namespace == "Microsoft.Authorization"
        || sim.lab.world().provider_registered(sub, namespace);
    // HealthcareApis: the console's own list (regions and versions per type from the core),
    // so `az provider show` prints the same against hcsim serve as in hcsim's console.
    let types: Value = if namespace == "Microsoft.HealthcareApis" {
        hcsim_lab::healthcare_resource_types()
    } else {
        types
            .iter()
            .map(|t| json!({"resourceType": t, "locations": LOCATIONS, "apiVersions": api_versions(namespace, t), "capabilities": "None"}))
            .collect()
    };
    json!({
        "id": ArmPath::at_subscription(sub).provider_namespace(namespace).request_path(),
        "namespace": namespace,
        "registrationState": if registered { "Registered" } else { "NotRegistered" },
        "registrationPolicy": "RegistrationRequired",
        "resourceTypes": types,
    })
}

/// What a type's operations are called in `display.resource` (e.g. `workspaces/fhirservices`
/// is shown as `fhirservices`).
fn display_resource(type_word: &str) -> &str {
    type_word.rsplit('/').next().unwrap_or(type_word)
}

/// Answers `GET /providers/{namespace}/operations` (`None`: another route): a provider's
/// operations list (Operations_List of the namespace's spec; azure-mgmt-healthcareapis'
/// `operations.list()`), read/write/delete of each resource type hcsim models, as
/// `{"value": [{"name", "isDataAction", "display": {…}, "origin"}]}`.
pub fn operations(method: &str, path: &str) -> Option<(&'static str, HttpResponse)> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let ["providers", ns, ops] = parts.as_slice() else {
        return None;
    };
    if method != "GET" || !ops.eq_ignore_ascii_case("operations") {
        return None;
    }
    let (namespace, types) = TYPES.iter().find(|(n, _)| n.eq_ignore_ascii_case(ns))?;
    let value: Vec<Value> = types
        .iter()
        .filter(|t| !matches!(**t, "operations" | "checkNameAvailability" | "locations"))
        .flat_map(|t| {
            [("read", "Read"), ("write", "Write"), ("delete", "Delete")].map(|(verb, word)| {
                let resource = display_resource(t);
                json!({
                    "name": format!("{namespace}/{t}/{verb}"),
                    "isDataAction": false,
                    "display": {
                        "provider": namespace,
                        "resource": resource,
                        "operation": format!("{word} {resource}"),
                        "description": format!("{word}s {resource}."),
                    },
                    "origin": "user,system",
                })
            })
        })
        .collect();
    Some((namespace, HttpResponse::json(200, &json!({"value": value}))))
}

/// Answers `GET /subscriptions/{s}/providers[/{namespace}]` (`None`: another route).
pub fn route(sim: &Sim, method: &str, path: &str) -> Option<HttpResponse> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (sub, ns) = match parts.as_slice() {
        ["subscriptions", s, p] if p.eq_ignore_ascii_case("providers") => (*s, None),
        ["subscriptions", s, p, ns] if p.eq_ignore_ascii_case("providers") => (*s, Some(*ns)),
        _ => return None,
    };
    if method != "GET" {
        return None;
    }
    if !sim
        .lab
        .world()
        .subscriptions()
        .iter()
        .any(|x| x.eq_ignore_ascii_case(sub))
    {
        return Some(arm_error(
            404,
            "SubscriptionNotFound",
            &format!(
                "The subscription '{}' could not be found.",
                hcsim_core::id::shorten(sub)
            ),
        ));
    }
    let Some(ns) = ns else {
        let value: Vec<Value> = TYPES
            .iter()
            .map(|(n, t)| provider(sim, sub, n, t))
            .collect();
        return Some(HttpResponse::json(200, &json!({"value": value})));
    };
    Some(
        match TYPES.iter().find(|(n, _)| n.eq_ignore_ascii_case(ns)) {
            Some((n, t)) => HttpResponse::json(200, &provider(sim, sub, n, t)),
            None => arm_error(
                404,
                "InvalidResourceNamespace",
                &format!(
                    "The resource namespace '{}' is invalid.",
                    hcsim_core::id::shorten(ns)
                ),
            ),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::operations;

    #[test]
    fn a_provider_lists_the_operations_of_its_types() {
        let (ns, resp) = operations("GET", "/providers/microsoft.healthcareapis/operations")
            .expect("the operations route");
        assert_eq!(ns, "Microsoft.HealthcareApis");
        assert_eq!(resp.status, 200);
        let body: serde_json::Value = serde_json::from_slice(&resp.body).unwrap();
        let names: Vec<&str> = body["value"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|o| o["name"].as_str())
            .collect();
        assert!(names.contains(&"Microsoft.HealthcareApis/workspaces/read"));
        assert!(names.contains(&"Microsoft.HealthcareApis/workspaces/fhirservices/delete"));
        assert!(!names.iter().any(|n| n.contains("/operations/")));
        assert!(operations("POST", "/providers/Microsoft.HealthcareApis/operations").is_none());
        assert!(operations("GET", "/providers/Microsoft.Nope/operations").is_none());
    }
}
