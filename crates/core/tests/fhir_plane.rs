//! The FHIR data plane's slice: create, read, update-as-create, soft delete (410), history,
//! search (FHIR R4 search semantics), the data roles (readers read, writers write, Owner alone
//! 403), the gates shared with probes, and determinism.
//!
//! Expected messages come from microsoft/fhir-server (MIT), `Resources.resx` of
//! `Microsoft.Health.Fhir.Core` and `Microsoft.Health.Fhir.Api`; behaviours from FHIR R4
//! (hl7.org/fhir/R4/http.html: 201 + Location + ETag on create, 410 on a deleted read,
//! update-as-create) and Learn's "FHIR REST API capabilities for Azure Health Data Services"
//! (update-as-create allowed, soft delete keeps history).

mod common;
use common::*;
use hcsim_core::fhir::{FhirMethod, FhirRequest, FhirResponse};
use hcsim_core::*;
use serde_json::{Value, json};

const READER: &str = "4c8d0bbc-75d3-4935-991f-5f3c56d81508";
const WRITER: &str = "3f88fce4-5892-4214-ae73-ba5294559913";
const HOST: &str = "ws1-fhir1.fhir.azurehealthcareapis.com";

/// rg1/ws1/fhir1 (instant timing); the trainee holds FHIR Data Writer on the service.
fn base() -> (World, String) {
    let mut w = instant_world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    grant(
        &mut w,
        &f,
        "00000000-0000-0000-0000-0000000000a1",
        WRITER,
        "trainee@contoso.com",
    );
    (w, f)
}

fn grant(w: &mut World, scope: &str, guid: &str, role: &str, who: &str) {
    let pid = w.directory().find(who).unwrap().object_id.clone();
    create(
        w,
        &role_assignment(scope, guid),
        json!({"properties": {"roleDefinitionId": role_definition(role), "principalId": pid}}),
    );
}

fn call(w: &mut World, method: FhirMethod, path: &str, body: Option<Value>) -> FhirResponse {
    call_as(w, method, path, body, None)
}

fn call_as(
    w: &mut World,
    method: FhirMethod,
    path: &str,
    body: Option<Value>,
    who: Option<&str>,
) -> FhirResponse {
    let req = FhirRequest {
        service: HOST.into(),
        method,
        path: path.into(),
        body,
        principal: who.map(Into::into),
        from: Network::Public,
    };
    match w.apply(&Input::Fhir(req)) {
        Output::Fhir(r) => r,
        other => panic!("expected a FHIR answer, got {other:?}"),
    }
}

fn post(w: &mut World, body: Value) -> FhirResponse {
    let t = body["resourceType"].as_str().unwrap().to_string();
    call(w, FhirMethod::Post, &format!("/{t}"), Some(body))
}

fn obs(patient: &str, code: &str, at: &str) -> Value {
    json!({
        "resourceType": "Observation", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
        "subject": {"reference": format!("Patient/{patient}")},
        "device": {"reference": "Device/d1"},
        "effectiveDateTime": at,
        "valueQuantity": {"value": 72, "unit": "count/min"},
    })
}

fn ids(bundle: &Value) -> Vec<String> {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["search"]["mode"] == "match")
        .map(|e| e["resource"]["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn create_answers_201_with_location_etag_and_server_meta() {
    let (mut w, _) = base();
    w.apply(&Input::Advance {
        by: Millis::mins(5),
    });
    let r = post(&mut w, json!({"resourceType": "Patient", "id": "ignored"}));
    assert_eq!(r.status, 201);
    let id = r.body["id"].as_str().unwrap().to_string();
    assert_ne!(id, "ignored", "the server assigns the id of a create");
    assert_eq!(r.header("ETag"), Some("W/\"1\""));
    assert_eq!(
        r.header("Location"),
        Some(format!("https://{HOST}/Patient/{id}/_history/1").as_str())
    );
    assert_eq!(r.body["meta"]["versionId"], "1");
    assert_eq!(r.body["meta"]["lastUpdated"], SimTime(300_000).to_iso());
    let read = call(&mut w, FhirMethod::Get, &format!("/Patient/{id}"), None);
    assert_eq!((read.status, read.body["id"].clone()), (200, json!(id)));
    assert!(
        w.events().iter().any(|e| matches!(&e.kind, EventKind::FhirResourceWritten(f) if f.version == 1 && f.resource == format!("Patient/{id}")))
    );
}

#[test]
fn update_as_create_then_update_then_delete_then_gone_with_history() {
    let (mut w, _) = base();
    let body = json!({"resourceType": "Device", "id": "d1", "identifier": [{"value": "dev-1"}]});
    let r = call(&mut w, FhirMethod::Put, "/Device/d1", Some(body.clone()));
    assert_eq!(r.status, 201, "update-as-create");
    let r = call(&mut w, FhirMethod::Put, "/Device/d1", Some(body));
    assert_eq!((r.status, r.header("ETag")), (200, Some("W/\"2\"")));
    let r = call(&mut w, FhirMethod::Delete, "/Device/d1", None);
    assert_eq!(r.status, 204);
    let r = call(&mut w, FhirMethod::Get, "/Device/d1", None);
    assert_eq!((r.status, r.rule), (410, Some(RuleId::FhirDeletedIsGone)));
    assert_eq!(r.body["resourceType"], "OperationOutcome");
    // The versions remain: instance history newest first, the delete without a resource.
    let h = call(&mut w, FhirMethod::Get, "/Device/d1/_history", None);
    assert_eq!(h.body["type"], "history");
    let methods: Vec<&str> = h.body["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["request"]["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["DELETE", "PUT", "PUT"]);
    assert!(h.body["entry"][0].get("resource").is_none());
    let v1 = call(&mut w, FhirMethod::Get, "/Device/d1/_history/1", None);
    assert_eq!(
        (v1.status, v1.body["meta"]["versionId"].clone()),
        (200, json!("1"))
    );
    // Deleting what is gone or never was still answers 204.
    assert_eq!(
        call(&mut w, FhirMethod::Delete, "/Device/d1", None).status,
        204
    );
    assert_eq!(
        call(&mut w, FhirMethod::Delete, "/Device/nope", None).status,
        204
    );
    let th = call(&mut w, FhirMethod::Get, "/Device/_history", None);
    assert_eq!(th.body["entry"].as_array().unwrap().len(), 3);
}

#[test]
fn each_validation_rule_refuses_with_the_servers_message() {
    let (mut w, _) = base();
    let cases = [
        (
            FhirMethod::Post,
            "/Patient",
            Some(json!({"resourceType": "Device"})),
            400,
            "Resource type in the URL must match resourceType in the resource.",
        ),
        (
            FhirMethod::Put,
            "/Patient/p1",
            Some(json!({"resourceType": "Patient", "id": "p2"})),
            400,
            "Id in the URL must match id in the resource.",
        ),
        (
            FhirMethod::Put,
            "/Patient/p1",
            Some(json!({"resourceType": "Patient"})),
            400,
            "Id must be specified in the resource.",
        ),
        (
            FhirMethod::Put,
            "/Patient/bad_id",
            Some(json!({"resourceType": "Patient", "id": "bad_id"})),
            400,
            "Id must be any combination of upper or lower case ASCII letters",
        ),
        (
            FhirMethod::Post,
            "/Patient",
            Some(json!([1, 2])),
            400,
            "Error occurred when parsing model",
        ),
        (
            FhirMethod::Post,
            "/Patient",
            None,
            400,
            "Error occurred when parsing model",
        ),
    ];
    for (m, path, body, status, msg) in cases {
        let r = call(&mut w, m, path, body);
        assert_eq!(r.status, status, "{path}");
        assert_eq!(r.rule, Some(RuleId::FhirValidResource), "{path}");
        assert!(
            r.diagnostics().unwrap().starts_with(msg),
            "{path}: {:?}",
            r.diagnostics()
        );
    }
    let long = "a".repeat(65);
    let r = call(&mut w, FhirMethod::Get, &format!("/Patient/{long}"), None);
    assert_eq!(r.status, 400);
    let big = json!({"resourceType": "Patient", "text": "x".repeat(300 * 1024)});
    assert_eq!(post(&mut w, big).status, 413);
    let r = call(&mut w, FhirMethod::Get, "/Encounter", None);
    assert_eq!((r.status, r.rule), (404, Some(RuleId::FhirValidResource)));
    let r = call(&mut w, FhirMethod::Get, "/Patient/nope", None);
    assert_eq!(
        r.diagnostics(),
        Some("Resource type 'Patient' with id 'nope' couldn't be found.")
    );
    // Refused writes leave an event naming their rule and store nothing.
    assert!(w.events().iter().any(|e| matches!(
        &e.kind,
        EventKind::FhirRequestRefused {
            rule: Some(RuleId::FhirValidResource),
            ..
        }
    )));
    let s = call(&mut w, FhirMethod::Get, "/Patient", None);
    assert_eq!(ids(&s.body).len(), 0);
}

#[test]
fn search_by_subject_patient_device_code_identifier_and_date() {
    let (mut w, _) = base();
    for (p, code, at) in [
        ("p1", "8867-4", "2026-01-01T10:00:00Z"),
        ("p1", "8867-4", "2026-01-01T11:00:00Z"),
        ("p1", "59408-5", "2026-01-01T12:00:00Z"),
        ("p2", "8867-4", "2026-01-02T10:00:00Z"),
    ] {
        assert_eq!(post(&mut w, obs(p, code, at)).status, 201);
    }
    let count = |w: &mut World, q: &str| {
        let r = call(w, FhirMethod::Get, &format!("/Observation?{q}"), None);
        assert_eq!(r.status, 200, "{q}: {:?}", r.body);
        ids(&r.body).len()
    };
    assert_eq!(count(&mut w, "subject=Patient/p1"), 3);
    assert_eq!(count(&mut w, "patient=p1"), 3);
    assert_eq!(count(&mut w, "patient=Patient/p2"), 1);
    assert_eq!(count(&mut w, "device=Device/d1"), 4);
    assert_eq!(count(&mut w, "code=8867-4"), 3);
    assert_eq!(count(&mut w, "code=http://loinc.org%7C59408-5"), 1);
    assert_eq!(count(&mut w, "code=http://other.org|8867-4"), 0);
    assert_eq!(count(&mut w, "code=8867-4,59408-5&subject=Patient/p1"), 3);
    assert_eq!(count(&mut w, "date=2026-01-01"), 3);
    assert_eq!(count(&mut w, "date=ge2026-01-01T11:00"), 3);
    assert_eq!(count(&mut w, "date=gt2026-01-01T11:00:00"), 2);
    assert_eq!(count(&mut w, "date=lt2026-01-01T11:00"), 1);
    assert_eq!(
        count(&mut w, "date=le2026-01-01T11:00:00&date=ge2026-01-01T10:30"),
        1
    );
    let pid = post(
        &mut w,
        json!({"resourceType": "Patient", "identifier": [{"system": "urn:mrn", "value": "m-7"}]}),
    );
    let found = call(
        &mut w,
        FhirMethod::Get,
        "/Patient?identifier=urn:mrn|m-7",
        None,
    );
    assert_eq!(ids(&found.body), [pid.body["id"].as_str().unwrap()]);
}

#[test]
fn search_sorts_pages_and_reports_what_it_ignores() {
    let (mut w, _) = base();
    for h in 0..15 {
        post(
            &mut w,
            obs("p1", "8867-4", &format!("2026-01-01T{:02}:00:00Z", 23 - h)),
        );
    }
    let r = call(&mut w, FhirMethod::Get, "/Observation?_sort=date", None);
    let b = &r.body;
    assert_eq!(
        (b["resourceType"].clone(), b["type"].clone()),
        (json!("Bundle"), json!("searchset"))
    );
    assert_eq!(ids(b).len(), 10, "10 entries a page by default");
    let first = &b["entry"][0];
    assert_eq!(
        first["resource"]["effectiveDateTime"],
        "2026-01-01T09:00:00Z"
    );
    assert_eq!(
        first["fullUrl"],
        format!(
            "https://{HOST}/Observation/{}",
            first["resource"]["id"].as_str().unwrap()
        )
    );
    let links = b["link"].as_array().unwrap();
    assert_eq!(links[0]["relation"], "self");
    assert_eq!(links[1]["relation"], "next");
    let next = links[1]["url"].as_str().unwrap();
    let path = next.strip_prefix(&format!("https://{HOST}")).unwrap();
    let page2 = call(&mut w, FhirMethod::Get, path, None);
    assert_eq!(ids(&page2.body).len(), 5);
    assert!(
        page2.body["link"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["relation"] != "next")
    );
    let desc = call(
        &mut w,
        FhirMethod::Get,
        "/Observation?_sort=-date&_count=1",
        None,
    );
    assert_eq!(
        desc.body["entry"][0]["resource"]["effectiveDateTime"],
        "2026-01-01T23:00:00Z"
    );
    // Lenient handling: unknown parameter and sort ignored, reported in an outcome entry.
    let r = call(
        &mut w,
        FhirMethod::Get,
        "/Observation?foo=1&_sort=status&_count=2000",
        None,
    );
    assert_eq!(r.status, 200);
    let outcome = r.body["entry"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(outcome["search"]["mode"], "outcome");
    let text = outcome["resource"].to_string();
    assert!(
        text.contains(
            "The search parameter 'foo' is not supported for resource type 'Observation'."
        )
    );
    assert!(text.contains("Sorting by the 'status' parameter is not supported."));
    assert!(text.contains("Current limit is 1000"));
    for (q, msg) in [
        ("_count=0", "The count must be greater than zero."),
        (
            "date=2026-13x",
            "The date time string '2026-13x' is not in a correct format.",
        ),
        (
            "date=sa2026-01-01",
            "Comparator 'sa' is not supported for search parameter 'date'.",
        ),
    ] {
        let r = call(&mut w, FhirMethod::Get, &format!("/Observation?{q}"), None);
        assert_eq!(
            (r.status, r.rule),
            (400, Some(RuleId::FhirSearchParameters)),
            "{q}"
        );
        assert_eq!(r.diagnostics(), Some(msg));
    }
}

#[test]
fn data_roles_decide_owner_alone_gets_403() {
    let (mut w, f) = base();
    // The trainee is Owner of the subscription, and FHIR Data Writer on the service (base).
    assert_eq!(post(&mut w, json!({"resourceType": "Patient"})).status, 201);
    // alice: no role at all; bob: FHIR Data Reader.
    let r = call_as(
        &mut w,
        FhirMethod::Get,
        "/Patient",
        None,
        Some("alice@contoso.com"),
    );
    assert_eq!((r.status, r.rule), (403, Some(RuleId::Rbac)));
    assert_eq!(r.body["issue"][0]["code"], "forbidden");
    grant(
        &mut w,
        &f,
        "00000000-0000-0000-0000-0000000000b2",
        READER,
        "bob@contoso.com",
    );
    let r = call_as(
        &mut w,
        FhirMethod::Get,
        "/Patient",
        None,
        Some("bob@contoso.com"),
    );
    assert_eq!((r.status, ids(&r.body).len()), (200, 1));
    let r = call_as(
        &mut w,
        FhirMethod::Post,
        "/Patient",
        Some(json!({"resourceType": "Patient"})),
        Some("bob@contoso.com"),
    );
    assert_eq!(
        (r.status, r.rule),
        (403, Some(RuleId::Rbac)),
        "a reader does not write"
    );
    assert!(r.diagnostics().unwrap().contains("FHIR Data Writer"));
    // An Owner of the subscription without a data role: 403 as the service answers.
    let mut w2 = instant_world();
    setup_workspace(&mut w2, "rg1", "ws1", "eastus");
    add_fhir(&mut w2, "rg1", "ws1", "fhir1");
    let r = call(&mut w2, FhirMethod::Get, "/Patient", None);
    assert_eq!(r.status, 403);
    assert!(
        r.diagnostics()
            .unwrap()
            .contains("control-plane roles such as Owner")
    );
    // The capability statement needs no role.
    assert_eq!(
        call(&mut w2, FhirMethod::Get, "/metadata", None).status,
        200
    );
}

#[test]
fn the_probes_gates_answer_fhir_calls_the_same_way() {
    let (mut w, f) = base();
    let mut outage = fault(FaultKind::RegionOutage);
    outage.region = Some("eastus".into());
    add_fault(&mut w, outage);
    let r = call(&mut w, FhirMethod::Get, "/Patient", None);
    let p = probe(&mut w, &f, Network::Public);
    assert_eq!((r.status, r.rule), (p.status, p.rule));
    assert_eq!(r.diagnostics(), Some(p.reason.as_str()));
    w.apply(&Input::ClearFault { fault: None });
    add_fault(&mut w, fault(FaultKind::Throttle));
    let r = call(&mut w, FhirMethod::Get, "/Patient", None);
    assert_eq!((r.status, r.rule), (429, Some(RuleId::Throttling)));
    w.apply(&Input::ClearFault { fault: None });
    assert_eq!(call(&mut w, FhirMethod::Get, "/Patient", None).status, 200);
    // A service that does not exist.
    let mut req = FhirRequest {
        service: "nows-nofhir.fhir.azurehealthcareapis.com".into(),
        method: FhirMethod::Get,
        path: "/Patient".into(),
        body: None,
        principal: None,
        from: Network::Public,
    };
    let Output::Fhir(r) = w.apply(&Input::Fhir(req.clone())) else {
        panic!()
    };
    assert_eq!((r.status, r.rule), (404, Some(RuleId::ResourceMustExist)));
    req.service = f.clone();
    let Output::Fhir(r) = w.apply(&Input::Fhir(req)) else {
        panic!()
    };
    assert_eq!(r.status, 200, "the service may also be named by its ARM id");
}

#[test]
fn a_recreated_service_starts_empty() {
    let (mut w, f) = base();
    post(&mut w, json!({"resourceType": "Patient"}));
    assert_eq!(w.fhir_data(&f).map(|d| d.len()), Some(1));
    ok(&delete_wait(&mut w, &f));
    add_fhir(&mut w, "rg1", "ws1", "fhir1");
    grant(
        &mut w,
        &f,
        "00000000-0000-0000-0000-0000000000c3",
        WRITER,
        "trainee@contoso.com",
    );
    let r = call(&mut w, FhirMethod::Get, "/Patient", None);
    assert_eq!(ids(&r.body).len(), 0);
}

#[test]
fn same_seed_and_inputs_give_the_same_ids_and_trace_hash() {
    let run = || {
        let (mut w, _) = base();
        let a = post(&mut w, json!({"resourceType": "Patient"}));
        let b = post(&mut w, obs("p1", "8867-4", "2026-01-01T10:00:00Z"));
        (a.body["id"].clone(), b.body["id"].clone(), w.trace_hash())
    };
    assert_eq!(run(), run());
    let (a, b, _) = run();
    assert_ne!(a, b);
}

mod hostile {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any path, query and body is answered with a FHIR status, never a panic; a refusal
        /// always carries an OperationOutcome and its rule.
        #[test]
        fn any_call_is_answered(
            method in 0..4u8,
            path in "(/|Patient|Observation|Device|_history|metadata|[A-Za-z0-9.\\-]{0,70}|\\?|&|=|%7C|\\||date=|ge|2026-01-0[0-9]T|ä|é|\\PC){0,14}",
            body in prop_oneof![Just(None), Just(Some(json!({"resourceType": "Patient", "id": "p1"}))), Just(Some(json!("x"))), Just(Some(json!({"resourceType": "Observation", "effectiveDateTime": "2026-ä"})))],
        ) {
            let (mut w, _) = base();
            let m = [FhirMethod::Get, FhirMethod::Post, FhirMethod::Put, FhirMethod::Delete][usize::from(method)];
            let r = call(&mut w, m, &format!("/{path}"), body);
            prop_assert!((200..600).contains(&r.status));
            if r.status >= 400 {
                prop_assert_eq!(&r.body["resourceType"], "OperationOutcome");
                prop_assert!(r.rule.is_some());
            }
            // Searches stay answerable after whatever was stored.
            let s = call(&mut w, FhirMethod::Get, "/Observation?date=ge2026-01-01&_sort=-date", None);
            prop_assert_eq!(s.status, 200);
        }
    }
}
