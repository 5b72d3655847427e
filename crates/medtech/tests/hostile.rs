//! Hostile messages and mappings: every bound of [`Limits`] answers with a `TooLarge` error
//! naming it, quickly, never a panic, a stack overflow or an exponential blow-up.

use hcsim_medtech::{
    DeviceEvent, DeviceMapping, FhirMapping, Limits, NormalizeErrorKind, ObservationRefs,
    Timestamp, TransformErrorKind, group, normalize, transform,
};
use serde_json::{Value, json};

fn at() -> Timestamp {
    Timestamp::parse_iso("2024-01-01T00:00:00Z").unwrap()
}

fn calculated(type_match: Value, value: Value) -> DeviceMapping {
    DeviceMapping::parse(&json!({"templateType": "CollectionContent", "template": [{
        "templateType": "CalculatedContent",
        "template": {
            "typeName": "t", "typeMatchExpression": type_match,
            "deviceIdExpression": "$.Body.d", "timestampExpression": "$.Body.t",
            "values": [{"valueName": "v", "valueExpression": value, "required": false}]
        }
    }]}))
    .expect("a valid mapping")
}

fn body_event(body: Value) -> DeviceEvent {
    DeviceEvent::from_body(body, at())
}

fn deep(levels: usize) -> Value {
    let mut v = json!({"leaf": 1});
    for _ in 0..levels {
        v = json!({"a": v, "b": [v.clone()]});
        if levels > 20 {
            // keep it a chain, not a tree, beyond 20 levels
            v = json!({"a": v});
        }
    }
    v
}

#[test]
fn a_message_nested_too_deeply_is_too_large() {
    let mut body = json!(1);
    for _ in 0..100 {
        body = json!([body]);
    }
    let m = calculated(json!("$..[?(@.x)]"), json!("$.matchedToken.x"));
    let e = normalize(&m, &body_event(body), &Limits::default()).unwrap_err();
    assert_eq!(e.kind, NormalizeErrorKind::TooLarge);
    assert!(e.message.contains("nested deeper"), "{}", e.message);
}

#[test]
fn a_message_over_the_byte_limit_is_too_large() {
    let body = json!({"x": "y".repeat(300 * 1024)});
    let m = calculated(json!("$..[?(@.x)]"), json!("$.matchedToken.x"));
    let e = normalize(&m, &body_event(body), &Limits::default()).unwrap_err();
    assert_eq!(e.kind, NormalizeErrorKind::TooLarge);
    assert!(e.message.contains("larger than"), "{}", e.message);
}

#[test]
fn an_array_over_the_length_limit_is_too_large() {
    let limits = Limits {
        array_length: 100,
        ..Limits::default()
    };
    let body = json!({"x": vec![1; 101]});
    let m = calculated(json!("$..[?(@.x)]"), json!("$.matchedToken.x"));
    let e = normalize(&m, &body_event(body), &limits).unwrap_err();
    assert_eq!(e.kind, NormalizeErrorKind::TooLarge);
}

#[test]
fn too_many_measurements_is_too_large() {
    let limits = Limits {
        measurements: 10,
        ..Limits::default()
    };
    let items: Vec<Value> = (0..11).map(|i| json!({"v": i})).collect();
    let body = json!({"d": "dev", "t": "2024-01-01T00:00:00Z", "items": items});
    let m = calculated(
        json!({"value": "Body.items[*]", "language": "JmesPath"}),
        json!("$.matchedToken.v"),
    );
    let e = normalize(&m, &body_event(body), &limits).unwrap_err();
    assert_eq!(e.kind, NormalizeErrorKind::TooLarge);
    assert!(
        e.message.contains("more than 10 measurements"),
        "{}",
        e.message
    );
}

#[test]
fn recursive_descent_on_a_deep_tree_stays_within_the_step_budget() {
    let limits = Limits {
        expression_steps: 5_000,
        ..Limits::default()
    };
    let body = deep(12); // ~8k nodes
    let m = calculated(json!("$..[?(@..leaf)]"), json!("$.matchedToken.leaf"));
    let e = normalize(&m, &body_event(body), &limits).unwrap_err();
    assert_eq!(e.kind, NormalizeErrorKind::TooLarge);
    assert!(e.message.contains("steps"), "{}", e.message);
}

#[test]
fn a_doubling_jmespath_pipe_is_stopped_by_the_budget() {
    // Each `[@, @]` doubles the value: 40 of them would be 2^40 copies of the message.
    let doubling = vec!["[@, @]"; 40].join(" | ");
    let m = calculated(
        json!({"value": "Body", "language": "JmesPath"}),
        json!({"value": doubling, "language": "JmesPath"}),
    );
    let body = json!({"d": "dev", "t": "2024-01-01T00:00:00Z", "pad": vec!["x"; 100]});
    let start = std::time::Instant::now();
    let e = normalize(&m, &body_event(body), &Limits::default()).unwrap_err();
    assert_eq!(e.kind, NormalizeErrorKind::TooLarge);
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
}

#[test]
fn a_projection_over_a_huge_array_is_bounded() {
    let limits = Limits {
        expression_steps: 50_000,
        ..Limits::default()
    };
    let items: Vec<Value> = (0..9_000).map(|i| json!({"v": i, "w": [i, i]})).collect();
    let body = json!({"d": "dev", "t": "2024-01-01T00:00:00Z", "items": items});
    let m = calculated(
        json!({"value": "Body", "language": "JmesPath"}),
        json!({"value": "length(matchedToken.items[*].w[*][*])", "language": "JmesPath"}),
    );
    let e = normalize(&m, &body_event(body), &limits).unwrap_err();
    assert_eq!(e.kind, NormalizeErrorKind::TooLarge);
}

#[test]
fn a_sampled_data_stream_of_too_many_samples_is_refused() {
    let fhir = FhirMapping::parse(&json!({"templateType": "CollectionFhir", "template": [{
        "templateType": "CodeValueFhir",
        "template": {"typeName": "t", "periodInterval": 1440, "codes": [],
            "value": {"valueType": "SampledData", "valueName": "v", "defaultPeriod": "0.5", "unit": "x"}}
    }]}))
    .unwrap();
    let m = calculated(json!("$..[?(@.v)]"), json!("$.matchedToken.v"));
    let body = json!({"d": "dev", "t": "2024-01-01T00:00:00Z", "v": 1});
    let n = normalize(&m, &body_event(body), &Limits::default()).unwrap();
    let refs = ObservationRefs {
        patient: "Patient/p".into(),
        device: "Device/d".into(),
        encounter: None,
    };
    let groups = group(&n.measurements, &fhir);
    let e = transform(&groups[0], &fhir, &refs, None).unwrap_err();
    assert_eq!(e.kind, TransformErrorKind::TooLarge);
}

#[test]
fn a_zero_sampling_period_is_refused_not_looped() {
    let fhir = FhirMapping::parse(&json!({"templateType": "CollectionFhir", "template": [{
        "templateType": "CodeValueFhir",
        "template": {"typeName": "t", "periodInterval": 60, "codes": [],
            "value": {"valueType": "SampledData", "valueName": "v", "defaultPeriod": 0, "unit": "x"}}
    }]}))
    .unwrap();
    let m = calculated(json!("$..[?(@.v)]"), json!("$.matchedToken.v"));
    let body = json!({"d": "dev", "t": "2024-01-01T00:00:00Z", "v": 1});
    let n = normalize(&m, &body_event(body), &Limits::default()).unwrap();
    let refs = ObservationRefs {
        patient: "Patient/p".into(),
        device: "Device/d".into(),
        encounter: None,
    };
    let groups = group(&n.measurements, &fhir);
    let e = transform(&groups[0], &fhir, &refs, None).unwrap_err();
    assert_eq!(e.kind, TransformErrorKind::InvalidValue);
}

#[test]
fn deeply_nested_jsonpath_filters_are_refused() {
    let mut path = String::from("@.x");
    for _ in 0..200 {
        path = format!("@.a[?({path})]");
    }
    let m = calculated(json!(format!("$..[?({path})]")), json!("$.matchedToken.x"));
    let body = json!({"d": "dev", "t": "2024-01-01T00:00:00Z"});
    let e = normalize(&m, &body_event(body), &Limits::default()).unwrap_err();
    assert_eq!(e.kind, NormalizeErrorKind::ExpressionError);
}
