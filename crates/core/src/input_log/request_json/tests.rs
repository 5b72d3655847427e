//! The hand-written text is serde's, byte for byte: for the requests the lab sends, and over
//! random requests whose strings hold quotes, backslashes, every control character, DEL,
//! U+2028 and astral characters (anywhere in strings long enough to cross the escape scan's
//! eight-byte words), with numbers of every kind; and for waits on any operation.

use alloc::string::String;
use alloc::vec::Vec;
use proptest::prelude::*;
use serde_json::{Map, Number, Value, json};

use super::{write, write_wait};
use crate::request::{Method, Request};
use crate::world::Input;

/// What serde writes for the input.
fn serde_bytes(r: &Request) -> Vec<u8> {
    serde_json::to_vec(&Input::Request(r.clone())).unwrap()
}

/// What the hand writer appends after `before`.
fn hand_bytes(r: &Request, before: &[u8]) -> Vec<u8> {
    let mut out = before.to_vec();
    write(&mut out, r);
    assert!(out.starts_with(before), "what was there stays");
    out.split_off(before.len())
}

#[test]
fn a_vnet_create_and_a_group_delete_are_serdes_bytes() {
    let mut put = Request::put(
        "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg0/providers/Microsoft.Network/virtualNetworks/vnet0",
        json!({"location": "eastus", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}, "tags": {}}),
    );
    put.if_none_match = Some("*".into());
    let mut delete = Request::new(Method::Delete, "/subscriptions/s/resourceGroups/rg%20x");
    delete.principal = Some("alice@contoso.com".into());
    delete.if_match = Some("W/\"etag\"".into());
    for r in [put, delete, Request::list("/subscriptions")] {
        assert_eq!(hand_bytes(&r, b"[earlier]"), serde_bytes(&r));
    }
}

/// Characters that need escapes or are easy to get wrong, with any others.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        any::<char>(),
        (0u8..0x20).prop_map(char::from),
        Just('"'),
        Just('\\'),
        Just('/'),
        Just('\u{7f}'),
        Just('\u{2028}'),
        Just('é'),
        Just('😀'),
    ]
}

fn hostile_string() -> impl Strategy<Value = String> {
    proptest::collection::vec(hostile_char(), 0..40).prop_map(|cs| cs.into_iter().collect())
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
        Just(Value::from(-0.0)),
        Just(Value::from(1e21)),
        Just(Value::from(0.1)),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        hostile_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((hostile_string(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        Just(Method::Get),
        Just(Method::List),
        Just(Method::Put),
        Just(Method::Patch),
        Just(Method::Delete),
        Just(Method::Post),
    ]
}

fn request() -> impl Strategy<Value = Request> {
    (
        method(),
        hostile_string(),
        proptest::option::of(json_value()),
        proptest::option::of(hostile_string()),
        proptest::option::of(hostile_string()),
        proptest::option::of(hostile_string()),
    )
        .prop_map(
            |(method, path, body, principal, if_match, if_none_match)| Request {
                method,
                path,
                body,
                principal,
                if_match,
                if_none_match,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn any_request_is_written_as_serde_writes_it(r in request(), before in hostile_string()) {
        prop_assert_eq!(hand_bytes(&r, before.as_bytes()), serde_bytes(&r));
    }

    #[test]
    fn a_wait_is_written_as_serde_writes_it(operation in prop_oneof![any::<u64>(), 0u64..1000]) {
        let mut out = b"[earlier]".to_vec();
        write_wait(&mut out, operation);
        let want = serde_json::to_vec(&Input::Wait { operation }).unwrap();
        prop_assert_eq!(&out[b"[earlier]".len()..], &want[..]);
    }
}

/// An escape at every place in a long string (each byte of the scan's eight-byte words, and
/// the tail after the last whole word), next to plain ASCII and to multi-byte characters.
#[test]
fn an_escape_anywhere_in_a_long_string_is_serdes() {
    for len in [0usize, 1, 7, 8, 9, 15, 16, 17, 31, 40] {
        for at in 0..len {
            for special in ['"', '\\', '\n', '\u{1}', '\u{1f}', 'é', '\u{7f}'] {
                let mut s: String = core::iter::repeat_n('a', len).collect();
                s.replace_range(at..=at, special.encode_utf8(&mut [0; 4]));
                let r = Request::new(Method::Get, &s);
                assert_eq!(hand_bytes(&r, b""), serde_bytes(&r), "{s:?}");
            }
        }
    }
}
