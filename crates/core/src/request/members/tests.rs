//! The hand readers (`from_members`) against the types' derived `Deserialize` from a `&Value`
//! (what read these inputs before): every member of each type replaced by every kind of JSON
//! value, left out, and two members wrong at once (the first in the object's order is
//! reported), with the same values and the same error texts.

use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::faults::{FaultKind, FaultSpec};
use crate::probe::ProbeSpec;
use crate::request::Request;

/// Values of every JSON kind, including each enum's names in and out of place, numbers at the
/// edges of `u8`/`u64`, and the object forms serde_json reads an enum from.
fn samples() -> Vec<Value> {
    vec![
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(1),
        json!(255),
        json!(256),
        json!(-1),
        json!(-300),
        json!(1.5),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(""),
        json!("x"),
        json!("GET"),
        json!("LIST"),
        json!("get"),
        json!("Get"),
        json!("region-outage"),
        json!("slow-provisioning"),
        json!("RegionOutage"),
        json!("public"),
        json!("private"),
        json!("Public"),
        json!([]),
        json!(["GET"]),
        json!({}),
        json!({"GET": null}),
        json!({"POST": 1}),
        json!({"PUT": {}}),
        json!({"GET": null, "PUT": null}),
        json!({"zone-down": null}),
        json!({"throttle": "x"}),
        json!({"private": null}),
        json!({"public": []}),
        json!({"nope": null}),
    ]
}

/// The derive's answer and the hand reader's for one object; returns 1 (a case counted).
fn same<T>(
    m: &Map<String, Value>,
    by_hand: fn(Map<String, Value>) -> Result<T, serde_json::Error>,
) -> usize
where
    T: DeserializeOwned + PartialEq + core::fmt::Debug,
{
    let derived = T::deserialize(&Value::Object(m.clone())).map_err(|e| e.to_string());
    let hand = by_hand(m.clone()).map_err(|e| e.to_string());
    assert_eq!(hand, derived, "{}", Value::Object(m.clone()));
    1
}

/// Every case for one type, from a valid object `full` holding all of its members.
fn every_case<T>(
    full: Value,
    by_hand: fn(Map<String, Value>) -> Result<T, serde_json::Error>,
) -> usize
where
    T: DeserializeOwned + PartialEq + core::fmt::Debug,
{
    let Value::Object(full) = full else {
        panic!("not an object")
    };
    let mut names: Vec<String> = full.keys().cloned().collect();
    names.push("unknown".into());
    let mut n = same(&full, by_hand) + same(&Map::new(), by_hand);
    for name in &names {
        let mut without = full.clone();
        without.remove(name);
        n += same(&without, by_hand);
        for v in samples() {
            let mut m = full.clone();
            m.insert(name.clone(), v.clone());
            n += same(&m, by_hand);
            // Only this member, the rest left out.
            n += same(&Map::from_iter([(name.clone(), v)]), by_hand);
        }
        for other in &names {
            for (a, b) in [
                (json!(7), json!("x")),
                (json!("x"), json!(-1)),
                (json!([]), json!({})),
            ] {
                let mut m = full.clone();
                m.insert(name.clone(), a);
                m.insert(other.clone(), b);
                n += same(&m, by_hand);
            }
        }
    }
    n
}

#[test]
fn requests_read_as_the_derive_read_them() {
    let full = json!({"method": "PUT", "path": "/subscriptions/s", "body": {"a": [1, null]},
        "principal": "ana", "if_match": "\"e\"", "if_none_match": "*"});
    let n = every_case(full, Request::from_members);
    assert!(n >= 660, "{n} cases");
}

#[test]
fn fault_specs_read_as_the_derive_read_them() {
    let full = json!({"kind": "zone-down", "region": "eastus", "zone": 2, "target": "t",
        "probability": 50, "duration": 60000});
    let n = every_case(full, FaultSpec::from_members);
    assert!(n >= 660, "{n} cases");
}

#[test]
fn probe_specs_read_as_the_derive_read_them() {
    let full = json!({"target": "/subscriptions/s", "from": "private", "principal": "ana",
        "path": "/Patient"});
    let n = every_case(full, ProbeSpec::from_members);
    assert!(n >= 440, "{n} cases");
}

/// Each variant of each enum reads back as written (the name tables follow the types), and a
/// member added to a type is read back too (or this fails: the reader would drop it).
#[test]
fn every_variant_and_member_reads_back_as_written() {
    let object = |v: Value| match v {
        Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    };
    for (method, _) in crate::request::Method::ALL {
        let r = Request {
            body: Some(json!({"x": 1})),
            principal: Some("p".into()),
            if_match: Some("m".into()),
            if_none_match: Some("*".into()),
            ..Request::new(method, "/s")
        };
        let back = Request::from_members(object(serde_json::to_value(&r).unwrap())).unwrap();
        assert_eq!(back, r);
    }
    for (i, kind) in FaultKind::ALL.iter().enumerate() {
        assert_eq!(crate::faults::KIND_IDS[i], kind.id());
        assert_eq!(
            serde_json::to_value(kind).unwrap(),
            kind.id(),
            "the derive's name"
        );
        let spec = FaultSpec {
            region: Some("eastus".into()),
            zone: Some(3),
            target: Some("t".into()),
            probability: Some(100),
            duration: Some(crate::time::Millis(5)),
            ..FaultSpec::new(*kind)
        };
        let back = FaultSpec::from_members(object(serde_json::to_value(&spec).unwrap())).unwrap();
        assert_eq!(back, spec);
    }
    for from in [
        crate::probe::Network::Public,
        crate::probe::Network::Private,
    ] {
        let spec = ProbeSpec {
            target: "t".into(),
            from,
            principal: Some("p".into()),
            path: Some("/x".into()),
        };
        let back = ProbeSpec::from_members(object(serde_json::to_value(&spec).unwrap())).unwrap();
        assert_eq!(back, spec);
    }
}
