//! The packed body encoding (`hcsim_core::packed`): every JSON value packs and unpacks to
//! itself, and serializing from the packed bytes writes exactly what serde_json writes for
//! the value — over arbitrary values and over the real bodies of the upstream REST examples
//! (`shared/reference/arm-examples`, Azure/azure-rest-api-specs, MIT licence, see SOURCE.md
//! there).

use std::path::Path;

use hcsim_core::body::Body;
use hcsim_core::packed::Packed;
use proptest::prelude::*;
use serde_json::{Map, Number, Value, json};

const EXAMPLES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/reference/arm-examples"
);

fn round_trips(v: &Value) {
    let p = Packed::new(v);
    assert_eq!(&p.value(), v);
    let want = serde_json::to_string(v).unwrap();
    assert_eq!(serde_json::to_string(&p).unwrap(), want);
    assert_eq!(
        serde_json::to_string_pretty(&p).unwrap(),
        serde_json::to_string_pretty(v).unwrap()
    );
    let body = Body::from(p.clone());
    assert_eq!(serde_json::to_string(&body).unwrap(), want);
    assert_eq!(&*body, v);
    assert_eq!(body.into_value(), *v);
}

fn arb_json() -> impl Strategy<Value = Value> {
    let text = prop_oneof![
        "[a-zA-Z0-9 _./:-]{0,12}",
        ".{0,8}",
        Just("properties".to_string()),
        Just("Succeeded".to_string()),
        Just("\"\\\u{1}\u{7f}é😀".to_string()),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(|n| Value::Number(n.into())),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        text.clone().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((text.clone(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #[test]
    fn any_value_round_trips(v in arb_json()) {
        round_trips(&v);
    }
}

#[test]
fn edge_values_round_trip() {
    for v in [
        json!(null),
        json!(0),
        json!(-1),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(-0.0),
        json!(1.5e300),
        json!(""),
        json!({}),
        json!([]),
        json!({"": {"id": [1, "x", {"properties": null}]}, "z\u{0}": "\u{2028}"}),
    ] {
        round_trips(&v);
    }
}

#[test]
fn accessors_read_one_field() {
    let v = json!({"id": "/x", "properties": {"provisioningState": "Succeeded", "n": 3,
        "a": {"b": "inline text"}}, "tags": {}});
    let p = Packed::new(&v);
    assert_eq!(
        p.str_at(&["properties", "provisioningState"]),
        Some("Succeeded")
    );
    assert_eq!(p.str_at(&["properties", "a", "b"]), Some("inline text"));
    assert_eq!(p.str_at(&["properties", "n"]), None);
    assert_eq!(p.at(&["properties", "n"]), Some(json!(3)));
    assert_eq!(p.at(&["tags"]), Some(json!({})));
    assert!(p.has(&["id"]) && !p.has(&["location"]));
    assert_eq!(p.at(&["id", "x"]), None);
}

fn bodies(v: &Value, out: &mut Vec<Value>) {
    out.push(v.clone());
    if let Some(r) = v.get("responses").and_then(Value::as_object) {
        for resp in r.values() {
            if let Some(b) = resp.get("body") {
                out.push(b.clone());
            }
        }
    }
}

#[test]
fn the_upstream_example_bodies_round_trip_and_pack_small() {
    let mut all = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(EXAMPLES)
        .expect("arm-examples")
        .flatten()
        .collect();
    dirs.sort_by_key(|e| e.path());
    for d in dirs.iter().filter(|d| d.path().is_dir()) {
        for f in std::fs::read_dir(d.path()).unwrap().flatten() {
            let path = f.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            bodies(&v, &mut all);
        }
    }
    assert!(
        all.len() > 30,
        "examples found: {} under {}",
        all.len(),
        Path::new(EXAMPLES).display()
    );
    let (mut json_len, mut packed_len) = (0, 0);
    for v in &all {
        round_trips(v);
        json_len += serde_json::to_string(v).unwrap().len();
        packed_len += Packed::new(v).packed_len();
    }
    // Packed is smaller than compact JSON text (which is itself far smaller than a Value tree).
    assert!(packed_len < json_len, "{packed_len} >= {json_len}");
}
