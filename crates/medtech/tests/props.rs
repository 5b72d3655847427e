//! Any message and any mapping — generated JSON, and the corpus's real mappings with their
//! expressions and fields mutated — never panic: normalization yields measurements or a
//! `NormalizeError` with the service's name, and grouping and transformation answer too.

use hcsim_medtech::{
    DeviceEvent, DeviceMapping, FhirMapping, Limits, ObservationRefs, Timestamp, group, normalize,
    normalize_token, transform,
};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use std::sync::OnceLock;

/// The corpus's device mappings (with the message each case gives them) and FHIR mappings.
type Real = (Vec<(Value, Value)>, Vec<Value>);

fn real_mappings() -> &'static Real {
    static CELL: OnceLock<Real> = OnceLock::new();
    CELL.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
        let (mut device, mut fhir) = (Vec::new(), Vec::new());
        for entry in std::fs::read_dir(dir).expect("corpus").flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let cases: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for case in cases.as_array().unwrap() {
                if let Some(m) = case.get("deviceMapping") {
                    let token = case
                        .get("token")
                        .or_else(|| case.pointer("/event/body"))
                        .cloned()
                        .unwrap_or(Value::Null);
                    device.push((m.clone(), token));
                }
                if let Some(m) = case.get("fhirMapping") {
                    fhir.push(m.clone());
                }
            }
        }
        (device, fhir)
    })
}

/// Expression-ish text: fragments of both languages, joined at random.
fn expression() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "$",
        "@",
        ".",
        "..",
        "[*]",
        "[0]",
        "[-1]",
        "[?(",
        ")]",
        "@.a",
        "@a",
        "==",
        "'x'",
        "1",
        "&&",
        "||",
        "a",
        "b",
        "Body",
        "matchedToken",
        "[",
        "]",
        "(",
        ")",
        "`1`",
        "[?a]",
        "|",
        "*",
        "add(",
        "divide(",
        ",",
        "insertString(",
        "fromUnixTimestamp(",
        "to_array(@)",
        "length(",
        "\"",
        "'",
        " ",
        ":",
        "[0:2]",
        "$..[?(@.a)]",
        "pow(",
        "`0.5`",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

/// Arbitrary JSON, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1.0e9f64..1.0e9).prop_map(|f| json!(f)),
        "[a-z0-9:. TZ-]{0,12}".prop_map(Value::String),
        Just(json!("2024-01-01T00:00:00Z")),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec!["a", "b", "x", "v", "d", "t", "heartRate", "Body"]),
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(
                kv.into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect::<Map<_, _>>()
            )),
        ]
    })
}

/// Replaces string leaves of `v` with generated expressions, one in `every` of them.
fn mutate(v: &Value, texts: &[String], every: usize, counter: &mut usize) -> Value {
    match v {
        Value::String(_) => {
            *counter += 1;
            if (*counter).is_multiple_of(every) {
                Value::String(texts[*counter % texts.len()].clone())
            } else {
                v.clone()
            }
        }
        Value::Array(a) => {
            Value::Array(a.iter().map(|x| mutate(x, texts, every, counter)).collect())
        }
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), mutate(x, texts, every, counter)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn refs() -> ObservationRefs {
    ObservationRefs {
        patient: "Patient/p".into(),
        device: "Device/d".into(),
        encounter: None,
    }
}

/// Runs the whole pipeline; panics are what the property forbids.
fn pipeline(device: &Value, fhir: &Value, token: &Value) {
    let limits = Limits {
        expression_steps: 200_000,
        ..Limits::default()
    };
    let Ok(mapping) = DeviceMapping::parse(device) else {
        return;
    };
    match normalize_token(&mapping, token, &limits) {
        Ok(n) => {
            if let Ok(f) = FhirMapping::parse(fhir) {
                for g in group(&n.measurements, &f) {
                    let _ = transform(&g, &f, &refs(), None);
                }
            }
        }
        Err(e) => assert!(!e.kind.name().is_empty()),
    }
    let event = DeviceEvent {
        body: token.clone(),
        properties: json!({"p": 1}),
        system_properties: Value::Null,
        enqueued_time: Timestamp::default(),
    };
    let _ = normalize(&mapping, &event, &limits);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn real_mappings_with_mutated_expressions_never_panic(
        pick in any::<prop::sample::Index>(),
        fpick in any::<prop::sample::Index>(),
        texts in prop::collection::vec(expression(), 1..6),
        every in 1usize..4,
        token in json_value(),
    ) {
        let (device, fhir) = real_mappings();
        let (mapping, message) = pick.get(device);
        let mut counter = 0;
        let d = mutate(mapping, &texts, every, &mut counter);
        let f = mutate(fpick.get(fhir), &texts, every + 1, &mut counter);
        pipeline(&d, &f, message);
        pipeline(&d, &f, &token);
        pipeline(mapping, fpick.get(fhir), &token);
        let m = mutate(message, &texts, every, &mut counter);
        pipeline(mapping, fpick.get(fhir), &m);
        pipeline(mapping, fpick.get(fhir), message);
    }

    #[test]
    fn generated_mappings_and_messages_never_panic(
        device in json_value(),
        fhir in json_value(),
        token in json_value(),
    ) {
        pipeline(&device, &fhir, &token);
        let wrapped = json!({"templateType": "CollectionContent", "template": [device.clone()]});
        pipeline(&wrapped, &fhir, &token);
    }

    #[test]
    fn any_jsonpath_text_answers(text in expression(), token in json_value()) {
        if let Ok(path) = hcsim_medtech::jsonpath::JsonPath::parse(&text) {
            let mut budget = 10_000;
            let _ = path.select(&token, &mut budget);
        }
    }
}
