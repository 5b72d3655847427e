//! The rulebook's catalogue: every rule of `RuleId::ALL` has a minimal triggering example here
//! (an exhaustive `match`, so a new rule does not compile until it gets one), and the rejection
//! or probe it produces names exactly that rule. The detailed negative and positive tests of
//! each rule are in `rule_*.rs`.

mod common;
use common::*;
use hcsim_core::*;
use serde_json::json;

/// A world with rg1 (eastus) / ws1 (eastus) / fhir1, instant timing.
fn base() -> World {
    let mut w = instant_world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    add_fhir(&mut w, "rg1", "ws1", "fhir1");
    w
}

fn rule_of(r: Response) -> Option<RuleId> {
    r.error.and_then(|e| e.rule)
}

/// Triggers `rule` in a fresh world and returns the rule the simulator named.
fn trigger(rule: RuleId) -> Option<RuleId> {
    let mut w = base();
    let f = fhir("rg1", "ws1", "fhir1");
    let ws1 = ws("rg1", "ws1");
    match rule {
        RuleId::WorkspaceFirst => rule_of(put(&mut w, &fhir("rg1", "nows", "f1x"), json!({}))),
        RuleId::WorkspaceDeleteRequiresEmpty => rule_of(send(&mut w, Request::delete(&ws1))),
        RuleId::ResourceGroupDeleteCascades => trigger_cascade(rule, &mut w, &f),
        RuleId::RegionImmutable => rule_of(put(&mut w, &ws1, json!({"location": "westus2"}))),
        RuleId::ChildInWorkspaceRegion => rule_of(put(
            &mut w,
            &fhir("rg1", "ws1", "fhir2"),
            json!({"location": "westus2"}),
        )),
        RuleId::ChildCannotMove => {
            create(&mut w, &rg("rg2"), json!({"location": "eastus"}));
            rule_of(send(
                &mut w,
                Request::post(
                    format!("{}/moveResources", rg("rg1")),
                    json!({"resources": [f], "targetResourceGroup": rg("rg2")}),
                ),
            ))
        }
        RuleId::Quota => {
            for i in 2..=10 {
                add_fhir(&mut w, "rg1", "ws1", &format!("fhir{i}"));
            }
            rule_of(put(&mut w, &fhir("rg1", "ws1", "fhir11"), json!({})))
        }
        RuleId::SettingsApplyToAllChildren => {
            let url = setup_key(&mut w, "rg1", "kv1", "key1");
            ok(&set_workspace_key(&mut w, &ws1, &url));
            rule_of(put(
                &mut w,
                &fhir("rg1", "ws1", "fhir2"),
                json!({"properties": {"encryption": {"customerManagedKeyEncryption": {"keyEncryptionKeyUrl": key_url("kv9", "k")}}}}),
            ))
        }
        RuleId::PrivatePreviewNoSettings => {
            w.apply(&Input::SetStage {
                stage: Stage::PrivatePreview,
            });
            rule_of(patch(
                &mut w,
                &ws1,
                json!({"hcsimSettings": {"monitoring": {"enabled": true}}}),
            ))
        }
        RuleId::PhiStaysInWorkspace => {
            setup_workspace(&mut w, "rg1", "ws2", "eastus");
            let other = add_fhir(&mut w, "rg1", "ws2", "fhir2");
            create(&mut w, &iot("rg1", "ws1", "iot1"), json!({}));
            rule_of(put(
                &mut w,
                &dest("rg1", "ws1", "iot1", "dest1"),
                destination_body(&other),
            ))
        }
        RuleId::NameFormat
        | RuleId::NameGloballyUnique
        | RuleId::WorkspaceNameReuse
        | RuleId::RegionAvailability => trigger_naming(rule, &mut w),
        RuleId::PrivateLinkBlocksPublic
        | RuleId::CmkAccessRequired
        | RuleId::Rbac
        | RuleId::ScopeLock
        | RuleId::ProviderRegistration
        | RuleId::Throttling
        | RuleId::ServiceAvailability => trigger_access(rule, &mut w),
        RuleId::BusyResource | RuleId::ResourceGroupBeingDeleted => trigger_busy(rule, &mut w),
        RuleId::ValidRequest => rule_of(put(&mut w, &ws1, json!("a string body"))),
        RuleId::FhirValidResource
        | RuleId::FhirDeletedIsGone
        | RuleId::FhirSearchParameters
        | RuleId::FhirStoreLimits => trigger_fhir(rule, &mut w, &f),
        RuleId::MedtechDeviceMapping
        | RuleId::MedtechFhirMapping
        | RuleId::MedtechIdentityResolution
        | RuleId::MedtechDestinationAvailable
        | RuleId::MedtechConnectorReady
        | RuleId::MedtechQueueBounds
        | RuleId::MedtechFhirWriterRole => trigger_medtech(rule, &mut w, &f),
        RuleId::ResourceMustExist => rule_of(get(&mut w, &fhir("rg1", "ws1", "nope"))),
        RuleId::DeploymentName
        | RuleId::DeploymentActive
        | RuleId::TemplateScopeExtensionOnly
        | RuleId::DeploymentTargetScope
        | RuleId::ApiVersionSupported => trigger_deployment(rule, &mut w),
        RuleId::EtagPrecondition => rule_of(send(
            &mut w,
            Request::patch(&f, json!({"tags": {"a": "b"}})).if_match("\"stale\""),
        )),
        RuleId::AppCredential => trigger_app_credential(&mut w),
    }
}

/// Triggers the app-credential rule: an app registration with a secret and a service
/// principal signs in with a wrong secret.
fn trigger_app_credential(w: &mut World) -> Option<RuleId> {
    w.apply(&Input::CreateApplication {
        display_name: "client1".into(),
        changes: Default::default(),
    });
    let app_id = w.directory().apps()[0].app_id.clone();
    w.apply(&Input::AddApplicationPassword {
        app: app_id.clone(),
        display_name: None,
        years: None,
        end_date: None,
        append: false,
        service_principal: false,
    });
    w.apply(&Input::CreateServicePrincipal {
        app: app_id.clone(),
    });
    w.directory()
        .check_client_secret(&app_id, Some("wrong"), w.now())
        .err()
        .and_then(|e| e.rule)
}

/// Triggers a rule of template deployments.
fn trigger_deployment(rule: RuleId, w: &mut World) -> Option<RuleId> {
    match rule {
        RuleId::DeploymentName => rule_of(put(
            w,
            &deployment("rg1", &"d".repeat(65)),
            deployment_body(json!([]), "Incremental"),
        )),
        RuleId::DeploymentActive => {
            w.apply(&Input::SetTiming {
                timing: Timing::Realistic,
            });
            let body = deployment_body(json!([template_workspace("wsd", "eastus")]), "Incremental");
            ok(&put(w, &deployment("rg1", "d1"), body.clone()));
            rule_of(put(w, &deployment("rg1", "d1"), body))
        }
        RuleId::TemplateScopeExtensionOnly => {
            let mut r = template_workspace("wsx", "eastus");
            r["scope"] = json!(rg_in(SUB2, "rg1"));
            rule_of(put(
                w,
                &deployment("rg1", "d1"),
                deployment_body(json!([r]), "Incremental"),
            ))
        }
        RuleId::ApiVersionSupported => {
            let mut r = template_workspace("wsv", "eastus");
            r["apiVersion"] = json!("2020-03-30");
            rule_of(put(
                w,
                &deployment("rg1", "d1"),
                deployment_body(json!([r]), "Incremental"),
            ))
        }
        RuleId::DeploymentTargetScope => {
            let lock = json!({
                "type": "Microsoft.Authorization/locks",
                "apiVersion": "2020-05-01",
                "name": "l",
                "scope": ws_in(SUB2, "rg9", "wsother"),
                "properties": {"level": "CanNotDelete"}
            });
            rule_of(put(
                w,
                &deployment("rg1", "d1"),
                deployment_body(json!([lock]), "Incremental"),
            ))
        }
        _ => None,
    }
}

/// Triggers a rule that guards reaching a resource: network, keys, roles, locks,
/// provider registration, injected faults.
fn trigger_access(rule: RuleId, w: &mut World) -> Option<RuleId> {
    let f = fhir("rg1", "ws1", "fhir1");
    let ws1 = ws("rg1", "ws1");
    match rule {
        RuleId::PrivateLinkBlocksPublic => {
            setup_vnet(w, "rg1", "eastus");
            create(
                w,
                &private_endpoint("rg1", "pe1"),
                private_endpoint_body("eastus", &ws1),
            );
            probe(w, &f, Network::Public).rule
        }
        RuleId::CmkAccessRequired => {
            let url = setup_key(w, "rg1", "kv1", "key1");
            ok(&set_workspace_key(w, &ws1, &url));
            add_fault(
                w,
                FaultSpec {
                    target: Some(vault("rg1", "kv1")),
                    ..fault(FaultKind::KeyVaultDeny)
                },
            );
            probe(w, &f, Network::Public).rule
        }
        RuleId::Rbac => rule_of(send(w, Request::get(&f).as_principal("bob@contoso.com"))),
        RuleId::ScopeLock => {
            ok(&put(
                w,
                &lock(&ws1, "l"),
                json!({"properties": {"level": "ReadOnly"}}),
            ));
            rule_of(patch(w, &f, json!({"tags": {}})))
        }
        RuleId::ProviderRegistration => {
            let ns = hcsim_core::id::ArmPath::at_subscription(SUB)
                .provider_collection("Microsoft.HealthcareApis", "unregister")
                .request_path();
            ok(&send(w, Request::post(ns, json!({}))));
            rule_of(get(w, &f))
        }
        RuleId::Throttling => {
            add_fault(w, fault(FaultKind::Throttle));
            rule_of(get(w, &f))
        }
        RuleId::ServiceAvailability => {
            add_fault(
                w,
                FaultSpec {
                    region: Some("eastus".into()),
                    ..fault(FaultKind::RegionOutage)
                },
            );
            rule_of(put(w, &fhir("rg1", "ws1", "fhir2"), json!({})))
        }
        _ => None,
    }
}

/// Triggers a rule of names and regions.
fn trigger_naming(rule: RuleId, w: &mut World) -> Option<RuleId> {
    match rule {
        RuleId::NameFormat => rule_of(put(
            w,
            &ws("rg1", "Bad-Name"),
            json!({"location": "eastus"}),
        )),
        RuleId::NameGloballyUnique => {
            create(w, &rg("rg2"), json!({"location": "eastus"}));
            rule_of(put(w, &ws("rg2", "ws1"), json!({"location": "eastus"})))
        }
        RuleId::WorkspaceNameReuse => {
            ok(&delete_wait(w, &rg("rg1")));
            create(w, &rg_in(SUB2, "rg1"), json!({"location": "eastus"}));
            rule_of(put(
                w,
                &ws_in(SUB2, "rg1", "ws1"),
                json!({"location": "eastus"}),
            ))
        }
        RuleId::RegionAvailability => {
            rule_of(put(w, &ws("rg1", "ws2"), json!({"location": "eastasia"})))
        }
        _ => None,
    }
}

/// Triggers a rule about resources with an operation in flight (realistic timing).
fn trigger_busy(rule: RuleId, w: &mut World) -> Option<RuleId> {
    match rule {
        RuleId::BusyResource => {
            w.apply(&Input::SetTiming {
                timing: Timing::Realistic,
            });
            ok(&put(w, &fhir("rg1", "ws1", "fhir2"), json!({})));
            rule_of(send(w, Request::delete(fhir("rg1", "ws1", "fhir2"))))
        }
        RuleId::ResourceGroupBeingDeleted => {
            w.apply(&Input::SetTiming {
                timing: Timing::Realistic,
            });
            ok(&send(w, Request::delete(rg("rg1"))));
            rule_of(put(w, &vault("rg1", "kv1"), json!({"location": "eastus"})))
        }
        _ => None,
    }
}

/// A behaviour: the group delete takes the workspace and service along.
fn trigger_cascade(rule: RuleId, w: &mut World, f: &str) -> Option<RuleId> {
    ok(&delete_wait(w, &rg("rg1")));
    let cascaded = w
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::CascadeDeleted { .. }))
        .count();
    (cascaded == 2 && w.find(f).is_none()).then_some(rule)
}

/// The FHIR data plane's rules: the trainee gets FHIR Data Writer on the service, then
/// calls it.
fn trigger_fhir(rule: RuleId, w: &mut World, f: &str) -> Option<RuleId> {
    use hcsim_core::fhir::{FhirMethod, FhirRequest};
    let pid = w.directory().find("trainee@contoso.com")?.object_id.clone();
    create(
        w,
        &role_assignment(f, "00000000-0000-0000-0000-00000000f001"),
        json!({"properties": {"roleDefinitionId": role_definition("3f88fce4-5892-4214-ae73-ba5294559913"), "principalId": pid}}),
    );
    let mut call = |method: FhirMethod, path: &str, body: Option<serde_json::Value>| {
        let req = FhirRequest {
            service: f.into(),
            method,
            path: path.into(),
            body,
            principal: None,
            from: Network::Public,
        };
        match w.apply(&Input::Fhir(req)) {
            Output::Fhir(r) => r.rule,
            _ => None,
        }
    };
    match rule {
        RuleId::FhirValidResource => call(
            FhirMethod::Post,
            "/Patient",
            Some(json!({"resourceType": "Device"})),
        ),
        RuleId::FhirDeletedIsGone => {
            call(
                FhirMethod::Put,
                "/Patient/p1",
                Some(json!({"resourceType": "Patient", "id": "p1"})),
            );
            call(FhirMethod::Delete, "/Patient/p1", None);
            call(FhirMethod::Get, "/Patient/p1", None)
        }
        RuleId::FhirSearchParameters => call(FhirMethod::Get, "/Observation?_count=0", None),
        RuleId::FhirStoreLimits => {
            (0..=hcsim_core::fhir::Limits::DEFAULT.resources).find_map(|_| {
                call(
                    FhirMethod::Post,
                    "/Patient",
                    Some(json!({"resourceType": "Patient"})),
                )
            })
        }
        _ => None,
    }
}

/// The MedTech pipeline's rules: an IoT connector iot1 (system identity) with a heart-rate
/// device mapping and a destination to fhir1 (Create, or Lookup), sent one message; the rule
/// named by the first MedTech error or wait event.
fn trigger_medtech(rule: RuleId, w: &mut World, f: &str) -> Option<RuleId> {
    let c = iot("rg1", "ws1", "iot1");
    let mapping = json!({"templateType": "CollectionContent", "template": [{"templateType": "CalculatedContent", "template": {
        "typeName": "hr", "typeMatchExpression": "$..[?(@hr)]", "deviceIdExpression": "$.matchedToken.d",
        "patientIdExpression": "$.matchedToken.p", "timestampExpression": "$.matchedToken.t",
        "values": [{"required": true, "valueExpression": "$.matchedToken.hr", "valueName": "hr"}]}}]});
    create(
        w,
        &c,
        json!({"location": "eastus", "identity": {"type": "SystemAssigned"}, "properties": {"deviceMapping": {"content": mapping}}}),
    );
    let fhir_mapping = json!({"templateType": "CollectionFhirTemplate", "template": []});
    let mut body = destination_body(f);
    body["location"] = json!("eastus");
    body["properties"]["fhirMapping"]["content"] = fhir_mapping;
    if rule == RuleId::MedtechIdentityResolution {
        body["properties"]["resourceIdentityResolutionType"] = json!("Lookup");
    }
    if rule != RuleId::MedtechConnectorReady {
        create(w, &dest("rg1", "ws1", "iot1", "dest1"), body);
    }
    if rule != RuleId::MedtechFhirWriterRole {
        let pid = w.view(&c)?["identity"]["principalId"].as_str()?.to_string();
        create(
            w,
            &role_assignment(f, "00000000-0000-0000-0000-00000000c0de"),
            json!({"properties": {"roleDefinitionId": role_definition("3f88fce4-5892-4214-ae73-ba5294559913"), "principalId": pid}}),
        );
    }
    if rule == RuleId::MedtechDestinationAvailable {
        add_fault(w, fault(FaultKind::Throttle));
    }
    let message = |body: serde_json::Value| hcsim_core::medtech::DeviceMessage {
        offset: Millis::ZERO,
        body,
        device: None,
    };
    let good = json!({"hr": "70", "d": "dev1", "p": "pat1", "t": "2026-01-01T00:00:00Z"});
    let messages = match rule {
        RuleId::MedtechQueueBounds => vec![message(good); 10_001],
        RuleId::MedtechDeviceMapping => vec![message(json!({"other": 1}))],
        _ => vec![message(good)],
    };
    let out = w.apply(&Input::DeviceMessages {
        connector: c,
        messages,
    });
    if let Some(e) = out.error() {
        return e.rule;
    }
    w.apply(&Input::Advance {
        by: Millis::mins(2),
    });
    w.events().iter().find_map(|e| match &e.kind {
        EventKind::MedtechError { rule, .. } | EventKind::MedtechWaiting { rule, .. } => *rule,
        _ => None,
    })
}

#[test]
fn every_rule_has_a_trigger_that_names_it() {
    assert_eq!(
        RuleId::ALL.len(),
        43,
        "20 contract rules and 23 of hcsim's own"
    );
    for rule in RuleId::ALL {
        assert_eq!(trigger(*rule), Some(*rule), "rule {}", rule.id());
    }
}

#[test]
fn every_rule_teaches() {
    for rule in RuleId::ALL {
        let e = ArmError::new(400, "X", "m".into(), *rule);
        let text = e.explanation().unwrap();
        assert!(text.contains(rule.id()) && text.contains("Why:") && text.contains("Fix:"));
        assert_eq!(RuleId::from_id(&rule.id().to_uppercase()), Some(*rule));
        let json = serde_json::to_string(rule).unwrap();
        assert_eq!(json, format!("\"{}\"", rule.id()));
    }
}
