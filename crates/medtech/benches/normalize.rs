//! Normalized messages per second through the whole pipeline (normalize + group + transform)
//! for three mappings: Learn's heart-rate JsonPathContent mapping, a CalculatedContent mapping
//! with JMESPath and a custom function over a batch of readings, and an IoT Hub message with
//! IotJsonPathContent. Setup is one message each. Run with
//! `cargo bench -p hcsim-medtech -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hcsim_medtech::{
    DeviceEvent, DeviceMapping, FhirMapping, Limits, ObservationRefs, Timestamp, group, normalize,
    transform,
};
use serde_json::{Value, json};

fn fhir() -> FhirMapping {
    FhirMapping::parse(&json!({"templateType": "CollectionFhir", "template": [
        {"templateType": "CodeValueFhir", "template": {"typeName": "heartrate", "periodInterval": 60,
            "codes": [{"code": "8867-4", "system": "http://loinc.org", "display": "Heart rate"}],
            "value": {"valueType": "SampledData", "valueName": "hr", "defaultPeriod": 5000, "unit": "count/min"}}},
        {"templateType": "CodeValueFhir", "template": {"typeName": "heartrate-q",
            "codes": [{"code": "8867-4", "system": "http://loinc.org"}],
            "value": {"valueType": "Quantity", "valueName": "hr", "unit": "count/min"}}}
    ]}))
    .expect("fhir mapping")
}

fn heart_rate_jsonpath() -> (DeviceMapping, DeviceEvent) {
    let m = DeviceMapping::parse(&json!({"templateType": "CollectionContent", "template": [{
        "templateType": "JsonPathContent", "template": {"typeName": "heartrate",
            "typeMatchExpression": "$..[?(@heartRate)]", "deviceIdExpression": "$.deviceId",
            "timestampExpression": "$.endDate",
            "values": [{"required": "true", "valueExpression": "$.heartRate", "valueName": "hr"}]}}]}))
    .expect("device mapping");
    let body =
        json!({"heartRate": "78", "endDate": "2023-03-13T22:46:01.875Z", "deviceId": "device01"});
    (m, DeviceEvent::from_body(body, Timestamp::default()))
}

fn calculated_jmespath() -> (DeviceMapping, DeviceEvent) {
    let m = DeviceMapping::parse(&json!({"templateType": "CollectionContent", "template": [{
        "templateType": "CalculatedContent", "template": {"typeName": "heartrate",
            "defaultExpressionLanguage": "JmesPath",
            "typeMatchExpression": "Body.readings[?hr]",
            "deviceIdExpression": "Body.device",
            "timestampExpression": "fromUnixTimestampMs(matchedToken.ts)",
            "values": [{"required": true, "valueName": "hr",
                "valueExpression": "divide(matchedToken.hr, `1.0`)"}]}}]}))
    .expect("device mapping");
    let readings: Vec<Value> = (0..20)
        .map(|i| json!({"hr": 60 + i, "ts": 1_678_747_561_000_i64 + i * 5_000}))
        .collect();
    let body = json!({"device": "device01", "readings": readings});
    (m, DeviceEvent::from_body(body, Timestamp::default()))
}

fn iot_hub() -> (DeviceMapping, DeviceEvent) {
    let m = DeviceMapping::parse(&json!({"templateType": "CollectionContent", "template": [{
        "templateType": "IotJsonPathContent", "template": {"typeName": "heartrate-q",
            "typeMatchExpression": "$..[?(@Body.HeartRate)]",
            "values": [{"required": "true", "valueExpression": "$.Body.HeartRate", "valueName": "hr"}]}}]}))
    .expect("device mapping");
    let event = DeviceEvent {
        body: json!({"HeartRate": 78, "RespiratoryRate": 12}),
        properties: json!({"iothub-creation-time-utc": "2023-03-13T22:46:01.875Z"}),
        system_properties: json!({"iothub-connection-device-id": "device01",
            "iothub-enqueuedtime": "2023-03-13T22:46:02.000Z"}),
        enqueued_time: Timestamp::default(),
    };
    (m, event)
}

/// One message through the pipeline; the number of Observations built.
fn run(
    mapping: &DeviceMapping,
    fhir: &FhirMapping,
    event: &DeviceEvent,
    refs: &ObservationRefs,
) -> usize {
    let n = normalize(mapping, event, &Limits::default()).expect("normalizes");
    group(&n.measurements, fhir)
        .iter()
        .filter(|g| transform(g, fhir, refs, None).is_ok())
        .count()
}

fn pipeline(c: &mut Criterion) {
    let fhir = fhir();
    let refs = ObservationRefs {
        patient: "Patient/p1".into(),
        device: "Device/d1".into(),
        encounter: None,
    };
    let mut g = c.benchmark_group("medtech_pipeline");
    g.throughput(Throughput::Elements(1));
    for (name, (mapping, event)) in [
        ("heart_rate_jsonpath", heart_rate_jsonpath()),
        ("calculated_jmespath_20_readings", calculated_jmespath()),
        ("iot_hub", iot_hub()),
    ] {
        assert!(
            run(&mapping, &fhir, &event, &refs) > 0,
            "{name} builds an Observation"
        );
        g.bench_function(name, |b| {
            b.iter(|| run(black_box(&mapping), &fhir, black_box(&event), &refs));
        });
    }
    g.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
