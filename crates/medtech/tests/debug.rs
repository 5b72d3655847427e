//! The mapping debugger's report: each stage's result, an error stopping only what depends
//! on it. Mappings and message from Learn's heart-rate example
//! (articles/healthcare-apis/iot/overview-of-device-mapping.md, overview-of-fhir-destination-mapping.md).

use hcsim_medtech::{DeviceEvent, ObservationRefs, Timestamp, debug};
use serde_json::{Value, json};

fn device_mapping() -> Value {
    json!({"templateType": "CollectionContent", "template": [{
        "templateType": "CalculatedContent", "template": {
            "typeName": "heartrate", "typeMatchExpression": "$..[?(@heartRate)]",
            "deviceIdExpression": "$.matchedToken.deviceId",
            "timestampExpression": "$.matchedToken.endDate",
            "values": [{"required": true, "valueExpression": "$.matchedToken.heartRate", "valueName": "hr"}]}}]})
}

fn fhir_mapping() -> Value {
    json!({"templateType": "CollectionFhir", "template": [{"templateType": "CodeValueFhir", "template": {
        "codes": [{"code": "8867-4", "system": "http://loinc.org", "display": "Heart rate"}],
        "typeName": "heartrate",
        "value": {"system": "http://unitsofmeasure.org", "code": "count/min", "unit": "count/min",
            "valueName": "hr", "valueType": "Quantity"}}}]})
}

fn event(body: Value) -> DeviceEvent {
    DeviceEvent::from_body(body, Timestamp::parse_iso("2023-03-13T22:46:02Z").unwrap())
}

fn refs() -> ObservationRefs {
    ObservationRefs {
        patient: "Patient/patient1".into(),
        device: "Device/device01".into(),
        encounter: None,
    }
}

fn body() -> Value {
    json!({"heartRate": "78", "endDate": "2023-03-13T22:46:01.8750000", "deviceId": "device01"})
}

#[test]
fn a_good_message_goes_through_every_stage() {
    let r = debug(&device_mapping(), &fhir_mapping(), &event(body()), &refs());
    assert_eq!(r.device_mapping_error, None);
    assert_eq!(r.fhir_mapping_error, None);
    let n = r.normalized.expect("normalized").expect("no error");
    assert_eq!(n.measurements.len(), 1);
    let t = &n.templates[0];
    assert!(t.matched);
    let names: Vec<&str> = t.expressions.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "typeMatchExpression",
            "deviceIdExpression",
            "timestampExpression",
            "values[0].valueExpression"
        ]
    );
    assert_eq!(t.expressions[3].result, Ok(Some("78".into())));
    assert_eq!(t.expressions[3].token, Some(0));
    assert_eq!(r.groups.len(), 1);
    let obs = r.observations[0].as_ref().expect("an Observation");
    assert_eq!(obs["valueQuantity"]["value"], json!(78));
    assert_eq!(obs["subject"]["reference"], "Patient/patient1");
    assert_eq!(
        obs["effectivePeriod"]["start"],
        "2023-03-13T22:46:01.8750000Z"
    );
}

#[test]
fn a_missing_required_value_stops_at_normalization_with_its_trace() {
    let mut b = body();
    b.as_object_mut().unwrap().remove("deviceId");
    let r = debug(&device_mapping(), &fhir_mapping(), &event(b), &refs());
    let e = r.normalized.expect("ran").expect_err("device id missing");
    assert_eq!(e.kind.name(), "IncompatibleDataException");
    assert_eq!(e.expression.as_deref(), Some("deviceIdExpression"));
    assert!(
        e.message
            .contains("Unable to extract required value for [DeviceIdExpression]"),
        "{}",
        e.message
    );
    assert_eq!(e.trace[0].expressions[1].result, Ok(None));
    assert!(r.groups.is_empty() && r.observations.is_empty());
}

#[test]
fn a_broken_mapping_is_reported_where_it_is_broken() {
    let mut dm = device_mapping();
    dm["template"][0]["template"]["typeMatchExpression"] =
        json!({"value": "divide(a)", "language": "JmesPath"});
    let mut fm = fhir_mapping();
    fm["template"][0]["template"]["periodInterval"] = json!(30);
    let r = debug(&dm, &fm, &event(body()), &refs());
    let de = r.device_mapping_error.expect("device mapping refused");
    assert_eq!(de.path, "template[0].template.typeMatchExpression.value");
    assert!(
        de.message.contains("Expected 2 but recieved 1"),
        "{}",
        de.message
    );
    let fe = r.fhir_mapping_error.expect("fhir mapping refused");
    assert_eq!(fe.path, "template[0].template.periodInterval");
    assert_eq!(r.normalized, None);
}

#[test]
fn a_measurement_prints_as_learns_normalized_message() {
    // Learn: overview-of-fhir-destination-mapping.md, the normalized message of the example.
    let r = debug(&device_mapping(), &fhir_mapping(), &event(body()), &refs());
    let n = r.normalized.unwrap().unwrap();
    assert_eq!(
        n.measurements[0].to_json(),
        json!({"type": "heartrate", "occurrenceTimeUtc": "2023-03-13T22:46:01.875Z",
            "deviceId": "device01", "properties": [{"name": "hr", "value": "78"}]})
    );
}

#[test]
fn merging_a_measurement_already_stored_changes_nothing() {
    use hcsim_medtech::{
        DeviceMapping, FhirMapping, Limits, group, is_unchanged, normalize, transform,
    };
    let device = DeviceMapping::parse(&device_mapping()).unwrap();
    let fhir = FhirMapping::parse(&fhir_mapping()).unwrap();
    let n = normalize(&device, &event(body()), &Limits::default()).unwrap();
    let g = &group(&n.measurements, &fhir)[0];
    let first = transform(g, &fhir, &refs(), None).unwrap();
    let again = transform(g, &fhir, &refs(), Some(&first)).unwrap();
    assert_eq!(again["status"], "amended");
    assert!(is_unchanged(&first, &again));
    let mut b = body();
    b["heartRate"] = json!("80");
    let n2 = normalize(&device, &event(b), &Limits::default()).unwrap();
    let g2 = &group(&n2.measurements, &fhir)[0];
    let changed = transform(g2, &fhir, &refs(), Some(&first)).unwrap();
    assert!(!is_unchanged(&first, &changed));
    assert_eq!(changed["valueQuantity"]["value"], json!(80));
}
