//! The real Azure quickstart templates plan, resolve and output unmodified.

use hcsim_lab::template::{Plan, ResourceReader, Scope, TemplateError, plan};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::BTreeMap;

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const SUB: &str = "00000000-0000-0000-0000-000000000001";

fn scope() -> Scope {
    Scope {
        tenant_id: TENANT.into(),
        subscription_id: SUB.into(),
        subscription_name: "Training".into(),
        resource_group: "rg-demo".into(),
        resource_group_location: "eastus".into(),
        deployment_name: "quickstart".into(),
    }
}

fn read(name: &str) -> String {
    let path = format!(
        "{}/../../../shared/reference/arm-templates/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn rg() -> String {
    hcsim_core::id::build::resource_group(SUB, "rg-demo")
}

/// A fake resource store: what has been "deployed" so far.
#[derive(Default)]
struct Store(RefCell<BTreeMap<String, Value>>);

impl ResourceReader for Store {
    fn reference(&self, id: &str) -> Option<Value> {
        self.0.borrow().get(&id.to_ascii_lowercase()).cloned()
    }
}

impl Store {
    /// Deploys every resource wave by wave, checking that each wave's dependencies are
    /// already present, and returns the resolved bodies by id.
    fn deploy(&self, p: &Plan) -> BTreeMap<String, Value> {
        let mut bodies = BTreeMap::new();
        for wave in p.waves() {
            for &i in wave {
                let r = &p.resources()[i];
                for &d in &r.depends_on {
                    assert!(
                        self.reference(&p.resources()[d].id).is_some(),
                        "{} deployed before its dependency {}",
                        r.id,
                        p.resources()[d].id
                    );
                }
                let body = p
                    .resolve_body(i, self)
                    .unwrap_or_else(|e| panic!("resolve {}: {e}", r.id));
                let mut stored = body.clone();
                let principal = hcsim_lab::template::guid(&["principal", &r.id]);
                if stored.get("identity").is_some() {
                    stored["identity"]["principalId"] = json!(principal);
                    stored["identity"]["tenantId"] = json!(TENANT);
                }
                if r.resource_type == "Microsoft.ManagedIdentity/userAssignedIdentities" {
                    stored["properties"] = json!({"principalId": principal, "clientId": "c"});
                }
                stored["id"] = json!(r.id);
                stored["name"] = json!(r.name.rsplit('/').next().unwrap_or_default());
                stored["type"] = json!(r.resource_type);
                self.0
                    .borrow_mut()
                    .insert(r.id.to_ascii_lowercase(), stored);
                bodies.insert(r.id.clone(), body);
            }
        }
        bodies
    }
}

fn position(p: &Plan, id: &str) -> usize {
    let i = p.index_of(id).unwrap_or_else(|| panic!("{id} not planned"));
    p.waves().iter().position(|w| w.contains(&i)).unwrap()
}

#[test]
fn azure_api_for_fhir_plans_and_resolves() {
    let p = plan(
        &read("azure-api-for-fhir.azuredeploy.json"),
        &json!({"serviceName": "demofhir", "location": "eastus"}),
        &scope(),
    )
    .unwrap();
    assert_eq!(p.resources().len(), 1);
    let r = &p.resources()[0];
    assert_eq!(
        r.id,
        format!(
            "{}/providers/Microsoft.HealthcareApis/services/demofhir",
            rg()
        )
    );
    assert_eq!(r.api_version, "2021-11-01");
    let store = Store::default();
    let bodies = store.deploy(&p);
    let body = &bodies[&r.id];
    assert_eq!(body["kind"], "fhir-R4");
    assert_eq!(body["location"], "eastus");
    assert_eq!(
        body["properties"]["authenticationConfiguration"],
        json!({
            "audience": "https://demofhir.azurehealthcareapis.com",
            "authority": format!("https://login.microsoftonline.com/{TENANT}")
        })
    );
    assert_eq!(p.outputs(&store).unwrap(), json!({}));
}

#[test]
fn azure_api_for_fhir_rejects_bad_parameters() {
    let t = read("azure-api-for-fhir.azuredeploy.json");
    let e = plan(
        &t,
        &json!({"serviceName": "x", "location": "mars"}),
        &scope(),
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidTemplate");
    assert!(
        e.message.contains("not part of the allowed value(s)"),
        "{e}"
    );
    assert_eq!(e.path, "parameters.location");
    let e = plan(&t, &json!({"location": "eastus"}), &scope()).unwrap_err();
    assert!(e.message.contains("'serviceName' is not provided"), "{e}");
    let e = plan(
        &t,
        &json!({"serviceName": "a", "location": "eastus", "extra": 1}),
        &scope(),
    )
    .unwrap_err();
    assert!(e.message.contains("'extra'"), "{e}");
}

#[test]
fn iotconnectors_plans_in_dependency_order() {
    let p = plan(
        &read("iotconnectors.azuredeploy.json"),
        &json!({"basename": {"value": "demo"}}),
        &scope(),
    )
    .unwrap();
    let group = hcsim_core::id::ArmPath::parse(&rg()).unwrap();
    let ws_path = group
        .clone()
        .provider("Microsoft.HealthcareApis", "workspaces", "hwdemo");
    let iot_path = ws_path.clone().child("iotconnectors", "hi-demo");
    let ns_path = group.provider("Microsoft.EventHub", "namespaces", "en-demo");
    let hub_path = ns_path.clone().child("eventhubs", "devicedata");
    let ws = ws_path.to_string();
    let fhir = ws_path.child("fhirservices", "fs-demo").to_string();
    let iot = iot_path.to_string();
    let dest = iot_path.child("fhirdestinations", "hd-demo").to_string();
    let ns = ns_path.to_string();
    let hub = hub_path.to_string();
    let rule = hub_path
        .child("authorizationRules", "devicedatasender")
        .to_string();
    let ids: Vec<&str> = p.resources().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 9);
    for id in [&ws, &fhir, &iot, &dest, &ns, &hub, &rule] {
        assert!(ids.contains(&id.as_str()), "{id} missing from {ids:#?}");
    }
    let writer_guid = hcsim_lab::template::guid(&[&format!("{}-FhirWriter", rg())]);
    let writer = hcsim_core::id::ArmPath::parse(&fhir)
        .unwrap()
        .provider("Microsoft.Authorization", "roleAssignments", &writer_guid)
        .to_string();
    assert!(
        ids.contains(&writer.as_str()),
        "{writer} missing from {ids:#?}"
    );
    assert!(position(&p, &ws) < position(&p, &fhir));
    assert!(position(&p, &iot) < position(&p, &dest));
    assert!(position(&p, &ns) < position(&p, &hub));
    assert!(position(&p, &hub) < position(&p, &rule));
    assert!(position(&p, &iot) < position(&p, &writer));
    // Location defaults to the resource group's.
    let store = Store::default();
    let bodies = store.deploy(&p);
    assert_eq!(bodies[&ws]["location"], "eastus");
    assert_eq!(
        bodies[&fhir]["properties"]["authenticationConfiguration"]["audience"],
        "https://hwdemo-fs-demo.fhir.azurehealthcareapis.com"
    );
    assert_eq!(
        bodies[&dest]["properties"]["fhirServiceResourceId"],
        json!(fhir)
    );
    assert_eq!(
        bodies[&iot]["properties"]["deviceMapping"]["content"],
        json!({"templateType": "CollectionContent", "template": []})
    );
    let ra = &bodies[&writer];
    assert_eq!(ra["scope"], json!(fhir));
    assert_eq!(
        ra["properties"]["principalId"],
        json!(hcsim_lab::template::guid(&["principal", &iot]))
    );
    assert_eq!(
        ra["properties"]["roleDefinitionId"],
        json!(format!(
            "/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/3f88fce4-5892-4214-ae73-ba5294559913"
        ))
    );
    assert!(ra.get("type").is_none() && ra.get("dependsOn").is_none());
}

#[test]
fn iotconnectors_role_assignment_needs_the_connector_deployed() {
    let p = plan(
        &read("iotconnectors.azuredeploy.json"),
        &json!({"basename": "demo"}),
        &scope(),
    )
    .unwrap();
    let i = p
        .resources()
        .iter()
        .position(|r| r.resource_type == "Microsoft.Authorization/roleAssignments")
        .unwrap();
    let e: TemplateError = p.resolve_body(i, &Store::default()).unwrap_err();
    assert_eq!(e.code, "ResourceNotFound");
    assert!(e.message.contains("iotconnectors/hi-demo"), "{e}");
    assert!(e.path.ends_with("properties.principalId"), "{}", e.path);
}

#[test]
fn iotconnectors_with_iothub_honours_the_condition() {
    let t = read("iotconnectors-with-iothub.azuredeploy.json");
    let without = plan(
        &t,
        &json!({"basename": "demo", "location": "westus2"}),
        &scope(),
    )
    .unwrap();
    assert_eq!(without.resources().len(), 11);
    let with = plan(
        &t,
        &json!({"basename": "demo", "location": "westus2", "fhirContributorPrincipalId": "11111111-2222-3333-4444-555555555555"}),
        &scope(),
    )
    .unwrap();
    assert_eq!(with.resources().len(), 12);
    let store = Store::default();
    let bodies = store.deploy(&with);
    let hub = hcsim_core::id::ArmPath::parse(&rg())
        .unwrap()
        .provider("Microsoft.Devices", "IotHubs", "ih-demo")
        .to_string();
    let uami = format!(
        "{}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-demo",
        rg()
    );
    let hub_body = &bodies[&hub];
    assert!(
        hub_body["identity"]["userAssignedIdentities"]
            .get(&uami)
            .is_some()
    );
    let ep = &hub_body["properties"]["routing"]["endpoints"]["eventHubs"][0];
    assert_eq!(ep["endpointUri"], "sb://en-demo.servicebus.windows.net/");
    assert_eq!(ep["subscriptionId"], SUB);
    assert_eq!(ep["resourceGroup"], "rg-demo");
    assert_eq!(
        hub_body["properties"]["routing"]["routes"][0]["condition"],
        "true"
    );
    // The relative Bicep scope resolves inside the resource group.
    let fhir = format!(
        "{}/providers/Microsoft.HealthcareApis/workspaces/hwdemo/fhirservices/fs-demo",
        rg()
    );
    let scoped: Vec<_> = with
        .resources()
        .iter()
        .filter(|r| r.scope.as_deref() == Some(fhir.as_str()))
        .collect();
    assert_eq!(scoped.len(), 2);
    assert!(position(&with, &uami) < position(&with, &hub));
    let mapping = &bodies[&fhir.replace("fhirservices/fs-demo", "iotconnectors/hi-demo")];
    assert_eq!(
        mapping["properties"]["deviceMapping"]["content"]["template"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
}

#[test]
fn bicep_source_is_not_a_json_template() {
    let e = plan(
        &read("workspace-with-child-services.main.bicep"),
        &json!({}),
        &scope(),
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidTemplate");
    assert!(e.message.contains("not valid JSON"), "{e}");
}
