//! The MedTech pipeline in the core: device messages wait in the connector's event hub and
//! are processed as virtual time passes (normalize, group, resolve identities, transform,
//! persist into the destination FHIR service), with the metrics and the failures the service
//! shows (mapping errors, DeviceNotFound/PatientNotFound on Lookup, an unavailable FHIR
//! service: messages wait and are written after healing), and hcsim's bounds.
//!
//! Mappings: the heart-rate example of Learn's "Overview of the MedTech service device
//! mapping" (CalculatedContent, JSONPath) and "Overview of the FHIR destination mapping"
//! (CodeValueFhir, LOINC 8867-4, SampledData, periodInterval 60), MicrosoftDocs/azure-docs
//! (CC BY 4.0), with a patientIdExpression added (resolution Create needs one).

mod common;
use common::*;
use hcsim_core::medtech::DeviceMessage;
use hcsim_core::*;
use serde_json::{Value, json};

const WRITER: &str = "3f88fce4-5892-4214-ae73-ba5294559913";

fn device_mapping() -> Value {
    json!({
        "templateType": "CollectionContent",
        "template": [{
            "templateType": "CalculatedContent",
            "template": {
                "typeName": "heartrate",
                "typeMatchExpression": "$..[?(@heartRate)]",
                "deviceIdExpression": "$.matchedToken.deviceId",
                "patientIdExpression": "$.matchedToken.patientId",
                "timestampExpression": "$.matchedToken.endDate",
                "values": [{"required": true, "valueExpression": "$.matchedToken.heartRate", "valueName": "hr"}]
            }
        }]
    })
}

fn fhir_mapping() -> Value {
    json!({
        "templateType": "CollectionFhir",
        "template": [{
            "templateType": "CodeValueFhir",
            "template": {
                "codes": [{"code": "8867-4", "system": "http://loinc.org", "display": "Heart rate"}],
                "periodInterval": 60,
                "typeName": "heartrate",
                "value": {"defaultPeriod": 5000, "unit": "count/min", "valueName": "hr", "valueType": "SampledData"}
            }
        }]
    })
}

/// rg1/ws1 with fhir1, iot1 (system identity, the heart-rate mapping) and its destination
/// dest1 (`resolution`); the connector's identity holds FHIR Data Writer when `role`.
fn setup(resolution: &str, role: bool) -> (World, String, String) {
    let mut w = instant_world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    let c = iot("rg1", "ws1", "iot1");
    create(
        &mut w,
        &c,
        json!({"location": "eastus", "identity": {"type": "SystemAssigned"}, "properties": {
            "ingestionEndpointConfiguration": {"eventHubName": "devicedata", "consumerGroup": "$Default", "fullyQualifiedEventHubNamespace": "en-x.servicebus.windows.net"},
            "deviceMapping": {"content": device_mapping()}}}),
    );
    let mut body = destination_body(&f);
    body["location"] = json!("eastus");
    body["properties"]["resourceIdentityResolutionType"] = json!(resolution);
    body["properties"]["fhirMapping"]["content"] = fhir_mapping();
    create(&mut w, &dest("rg1", "ws1", "iot1", "dest1"), body);
    if role {
        let pid = w.view(&c).unwrap()["identity"]["principalId"]
            .as_str()
            .unwrap()
            .to_string();
        create(
            &mut w,
            &role_assignment(&f, "00000000-0000-0000-0000-00000000c0de"),
            json!({"properties": {"roleDefinitionId": role_definition(WRITER), "principalId": pid, "principalType": "ServicePrincipal"}}),
        );
    }
    (w, c, f)
}

fn hr(minute: u64, value: u64, device: &str) -> DeviceMessage {
    DeviceMessage {
        offset: Millis::mins(minute),
        body: json!({
            "heartRate": value.to_string(), "deviceId": device, "patientId": "patient-1",
            "endDate": format!("2026-01-01T00:{minute:02}:00Z"),
        }),
        device: None,
    }
}

fn send(w: &mut World, c: &str, messages: Vec<DeviceMessage>) -> Output {
    w.apply(&Input::DeviceMessages {
        connector: c.into(),
        messages,
    })
}

fn metrics(w: &World, c: &str) -> ConnectorMetrics {
    w.connector_metrics(c)
        .expect("the connector was sent messages")
}

fn observations(w: &World, f: &str) -> Vec<Value> {
    w.fhir_data(f)
        .map(|d| d.live(Some("Observation")).cloned().collect())
        .unwrap_or_default()
}

#[test]
fn an_hour_of_heart_rate_becomes_one_sampled_data_observation_with_create() {
    let (mut w, c, f) = setup("Create", true);
    let msgs: Vec<DeviceMessage> = (0..60).map(|m| hr(m, 60 + m % 20, "device01")).collect();
    assert!(send(&mut w, &c, msgs).is_ok());
    assert_eq!(
        metrics(&w, &c).waiting,
        60,
        "nothing is processed before time passes"
    );
    assert!(observations(&w, &f).is_empty());
    w.apply(&Input::Advance {
        by: Millis::mins(62),
    });
    let m = metrics(&w, &c);
    assert_eq!(
        (
            m.waiting,
            m.metrics.received,
            m.metrics.normalized,
            m.metrics.measurements
        ),
        (0, 60, 60, 60)
    );
    assert_eq!(m.metrics.total_errors(), 0, "{:?}", m.metrics.errors);
    let obs = observations(&w, &f);
    assert_eq!(
        obs.len(),
        1,
        "periodInterval 60: one Observation for the hour"
    );
    let o = &obs[0];
    assert_eq!(o["code"]["coding"][0]["code"], "8867-4");
    assert!(
        o["valueSampledData"]["data"]
            .as_str()
            .unwrap()
            .split(' ')
            .count()
            >= 60
    );
    // Create made the Patient and the Device, linked.
    let data = w.fhir_data(&f).unwrap();
    assert_eq!(data.live(Some("Patient")).count(), 1);
    let device = data.live(Some("Device")).next().unwrap().clone();
    assert_eq!(device["identifier"][0]["value"], "device01");
    assert_eq!(
        o["device"]["reference"],
        format!("Device/{}", device["id"].as_str().unwrap())
    );
    assert_eq!(o["subject"]["reference"], device["patient"]["reference"]);
    // The Observation was written in several batches: later ones merged into it.
    assert!(
        o["meta"]["versionId"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 1
    );
    assert!(m.metrics.saved >= 3);
    assert!(w.events().iter().any(|e| matches!(&e.kind, EventKind::FhirResourceWritten(f) if f.resource.starts_with("Observation/"))));
}

#[test]
fn lookup_without_the_device_counts_device_not_found_then_works_once_it_exists() {
    let (mut w, c, f) = setup("Lookup", true);
    send(&mut w, &c, vec![hr(0, 70, "device01")]);
    w.apply(&Input::Advance {
        by: Millis::mins(5),
    });
    let m = metrics(&w, &c);
    assert_eq!(m.metrics.errors.get("DeviceNotFoundException"), Some(&1));
    assert!(observations(&w, &f).is_empty());
    assert!(w.events().iter().any(|e| matches!(&e.kind, EventKind::MedtechError { error, rule: Some(RuleId::MedtechIdentityResolution), .. } if error == "DeviceNotFoundException")));
    // Register the Patient and the Device (identifier device01 → Patient/p1).
    let data_writes = [
        json!({"resourceType": "Patient", "id": "p1"}),
        json!({"resourceType": "Device", "id": "d1", "identifier": [{"value": "device01"}], "patient": {"reference": "Patient/p1"}}),
    ];
    let pid = w
        .directory()
        .find("trainee@contoso.com")
        .unwrap()
        .object_id
        .clone();
    create(
        &mut w,
        &role_assignment(&f, "00000000-0000-0000-0000-0000000000aa"),
        json!({"properties": {"roleDefinitionId": role_definition(WRITER), "principalId": pid}}),
    );
    for body in data_writes {
        let path = format!(
            "/{}/{}",
            body["resourceType"].as_str().unwrap(),
            body["id"].as_str().unwrap()
        );
        let r = w.apply(&Input::Fhir(hcsim_core::fhir::FhirRequest {
            service: f.clone(),
            method: hcsim_core::fhir::FhirMethod::Put,
            path,
            body: Some(body),
            principal: None,
            from: Network::Public,
        }));
        assert!(r.is_ok(), "{r:?}");
    }
    send(&mut w, &c, vec![hr(1, 72, "device01")]);
    w.apply(&Input::Advance {
        by: Millis::mins(5),
    });
    let obs = observations(&w, &f);
    assert_eq!(obs.len(), 1);
    assert_eq!(
        (
            obs[0]["subject"]["reference"].clone(),
            obs[0]["device"]["reference"].clone()
        ),
        (json!("Patient/p1"), json!("Device/d1"))
    );
}

#[test]
fn an_outage_holds_the_messages_until_it_heals() {
    let (mut w, c, f) = setup("Create", true);
    let mut outage = fault(FaultKind::RegionOutage);
    outage.region = Some("eastus".into());
    outage.duration = Some(Millis::mins(30));
    add_fault(&mut w, outage);
    send(&mut w, &c, (0..10).map(|m| hr(m, 80, "device01")).collect());
    w.apply(&Input::Advance {
        by: Millis::mins(20),
    });
    let m = metrics(&w, &c);
    assert_eq!(m.waiting, 10, "the messages wait in the event hub");
    assert!(
        m.waiting_for
            .as_deref()
            .unwrap()
            .contains("Region 'eastus' is down")
    );
    assert_eq!(
        m.metrics.errors.get("FhirServiceUnavailableException"),
        Some(&1),
        "counted once per wait"
    );
    assert!(observations(&w, &f).is_empty());
    w.apply(&Input::Advance {
        by: Millis::mins(15),
    });
    let m = metrics(&w, &c);
    assert_eq!((m.waiting, m.waiting_for.clone()), (0, None));
    assert_eq!(observations(&w, &f).len(), 1);
}

#[test]
fn a_connector_without_destination_role_or_running_state_waits_and_says_why() {
    let (mut w, c, _) = setup("Create", false);
    send(&mut w, &c, vec![hr(0, 70, "device01")]);
    w.apply(&Input::Advance {
        by: Millis::mins(2),
    });
    let m = metrics(&w, &c);
    assert!(m.waiting_for.unwrap().contains("no FHIR data write role"));
    assert_eq!(
        m.metrics
            .errors
            .get("UnauthorizedAccessFhirServiceException"),
        Some(&1)
    );
    assert!(w.events().iter().any(|e| matches!(
        &e.kind,
        EventKind::MedtechWaiting {
            rule: Some(RuleId::MedtechFhirWriterRole),
            ..
        }
    )));
    ok(&delete_wait(&mut w, &dest("rg1", "ws1", "iot1", "dest1")));
    w.apply(&Input::Advance {
        by: Millis::mins(2),
    });
    let m = metrics(&w, &c);
    assert!(m.waiting_for.unwrap().contains("no FHIR destination"));
    assert!(w.events().iter().any(|e| matches!(
        &e.kind,
        EventKind::MedtechWaiting {
            rule: Some(RuleId::MedtechConnectorReady),
            ..
        }
    )));
}

#[test]
fn mapping_failures_are_counted_by_the_services_error_names() {
    let (mut w, c, f) = setup("Create", true);
    let no_match = DeviceMessage {
        offset: Millis::ZERO,
        body: json!({"steps": 5}),
        device: None,
    };
    let no_time = DeviceMessage {
        offset: Millis::ZERO,
        body: json!({"heartRate": "70", "deviceId": "d", "patientId": "p"}),
        device: None,
    };
    send(&mut w, &c, vec![no_match, no_time]);
    w.apply(&Input::Advance {
        by: Millis::mins(2),
    });
    let m = metrics(&w, &c).metrics;
    assert_eq!(m.errors.get("NoTemplateMatched"), Some(&1));
    assert_eq!(
        m.errors.get("IncompatibleDataException"),
        Some(&1),
        "{:?}",
        m.errors
    );
    assert_eq!((m.normalized, m.measurements), (0, 0));
    assert!(observations(&w, &f).is_empty());
    assert!(w.events().iter().any(|e| matches!(
        &e.kind,
        EventKind::MedtechError {
            rule: Some(RuleId::MedtechDeviceMapping),
            ..
        }
    )));
}

#[test]
fn sends_are_bounded_and_a_full_hub_never_makes_a_step_slow() {
    let (mut w, c, _) = setup("Create", true);
    let too_many: Vec<DeviceMessage> = (0..10_001).map(|_| hr(0, 70, "d")).collect();
    let out = send(&mut w, &c, too_many);
    assert_eq!(
        out.error().and_then(|e| e.rule),
        Some(RuleId::MedtechQueueBounds)
    );
    let r = send(&mut w, &format!("{c}x"), vec![hr(0, 70, "d")]);
    assert_eq!(r.error().map(|e| e.status), Some(404));
    for _ in 0..10 {
        let batch: Vec<DeviceMessage> = (0..10_000).map(|i| hr(i % 60, 70, "d")).collect();
        assert!(send(&mut w, &c, batch).is_ok());
    }
    let full = send(&mut w, &c, vec![hr(0, 70, "d")]);
    assert_eq!(full.error().map(|e| e.code.as_str()), Some("QuotaExceeded"));
    // One minute processes one batch per connector.
    w.apply(&Input::Advance {
        by: Millis::mins(1),
    });
    assert_eq!(metrics(&w, &c).waiting, 100_000 - 1_000);
}

#[test]
fn same_seed_and_messages_give_the_same_trace() {
    let run = || {
        let (mut w, c, _) = setup("Create", true);
        send(
            &mut w,
            &c,
            (0..30).map(|m| hr(m, 60 + m, "device01")).collect(),
        );
        w.apply(&Input::Advance {
            by: Millis::hours(1),
        });
        w.trace_hash()
    };
    assert_eq!(run(), run());
}

#[test]
fn a_session_undoes_replays_and_reloads_the_pipeline_to_the_same_trace() {
    let (c, f) = (iot("rg1", "ws1", "iot1"), fhir("rg1", "ws1", "fhir1"));
    let mut s = Session::new(Config {
        seed: 5,
        timing: Timing::Instant,
        stage: Stage::Ga,
    });
    for (n, i) in setup_inputs(&c, &f).into_iter().enumerate() {
        assert!(s.step(&format!("setup {n}"), i).is_ok());
    }
    let pid = s.world().view(&c).unwrap()["identity"]["principalId"]
        .as_str()
        .unwrap()
        .to_string();
    let grant = Request::put(
        role_assignment(&f, "00000000-0000-0000-0000-00000000c0de"),
        json!({"properties": {"roleDefinitionId": role_definition(WRITER), "principalId": pid}}),
    );
    assert!(s.step("grant", Input::Request(grant)).is_ok());
    let messages = (0..20).map(|m| hr(m, 70, "device01")).collect();
    s.step(
        "send",
        Input::DeviceMessages {
            connector: c.clone(),
            messages,
        },
    );
    s.step(
        "advance",
        Input::Advance {
            by: Millis::mins(30),
        },
    );
    let with = s.world().trace_hash();
    assert_eq!(observations(s.world(), &f).len(), 1);
    assert!(s.undo() && s.undo());
    assert!(
        observations(s.world(), &f).is_empty(),
        "undoing the send takes its Observations away"
    );
    assert!(s.redo() && s.redo());
    assert_eq!(s.world().trace_hash(), with);
    let reloaded =
        Session::load(&s.save()).expect("a session with device messages saves and loads");
    assert_eq!(reloaded.world().trace_hash(), with);
    assert_eq!(observations(reloaded.world(), &f).len(), 1);
}

/// The requests that build rg1/ws1/fhir1 and iot1 with its destination, as a session
/// records them.
fn setup_inputs(c: &str, f: &str) -> Vec<Input> {
    let rg = rg("rg1");
    let ws = ws("rg1", "ws1");
    let put = |path: &str, body: Value| Input::Request(Request::put(path, body));
    let mut dest_body = destination_body(f);
    dest_body["location"] = json!("eastus");
    dest_body["properties"]["fhirMapping"]["content"] = fhir_mapping();
    vec![
        put(&rg, json!({"location": "eastus"})),
        put(&ws, json!({"location": "eastus"})),
        put(f, json!({"location": "eastus"})),
        put(
            c,
            json!({"location": "eastus", "identity": {"type": "SystemAssigned"}, "properties": {"deviceMapping": {"content": device_mapping()}}}),
        ),
        put(&dest("rg1", "ws1", "iot1", "dest1"), dest_body),
    ]
}

/// A JSON value shaped like a device message, often with the mapping's keys, with any types.
fn message_body() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[0-9]{1,3}".prop_map(Value::String),
        "2026-01-01T00:[0-5][0-9]:00Z".prop_map(Value::String),
        ".{0,12}".prop_map(Value::String),
    ];
    let key = prop_oneof![
        Just("heartRate".to_string()),
        Just("deviceId".to_string()),
        Just("patientId".to_string()),
        Just("endDate".to_string()),
        "[a-z]{1,6}",
    ];
    leaf.prop_recursive(3, 24, 5, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(key.clone(), inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Issue 12: any messages through the pipeline never panic, and no message is dropped
    /// silently: once none waits, each received message was normalized or counted under
    /// an error name (the service's, or hcsim's `NoTemplateMatched`).
    #[test]
    fn every_message_is_normalized_or_counted_with_its_reason(
        bodies in proptest::collection::vec(message_body(), 1..12),
    ) {
        let (mut w, c, _) = setup("Create", true);
        let messages: Vec<DeviceMessage> = bodies
            .into_iter()
            .enumerate()
            .map(|(i, body)| DeviceMessage { offset: Millis::mins(i as u64), body, device: None })
            .collect();
        let n = messages.len() as u64;
        let out = send(&mut w, &c, messages);
        proptest::prop_assert!(matches!(out, Output::Response(_) | Output::Done { .. }), "{out:?}");
        w.apply(&Input::Advance { by: Millis::mins(30) });
        let m = metrics(&w, &c);
        proptest::prop_assert_eq!(m.waiting, 0, "{:?}", m);
        proptest::prop_assert_eq!(m.metrics.received, n);
        proptest::prop_assert!(
            m.metrics.normalized + m.metrics.total_errors() >= n,
            "a message was dropped without a count: {:?}", m
        );
    }
}
