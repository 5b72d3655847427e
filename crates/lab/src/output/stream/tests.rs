//! The streamed text is the decoded printer's text, byte for byte: for any object, written
//! from its packed bytes or from the value itself, with or without top-level `null` defaults.

use alloc::string::String;
use alloc::vec::Vec;

use hcsim_core::packed::Packed;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use super::json_of;
use crate::output::{pyfmt, transform};

/// What the decoded path prints: the defaults, azure-cli's transform, then `json`.
fn decoded(v: &Value, nulls: &[&str]) -> String {
    let mut v = v.clone();
    if let Value::Object(m) = &mut v {
        for k in nulls {
            m.entry(*k).or_insert(Value::Null);
        }
    }
    transform::add_resource_group(&mut v, 0);
    pyfmt::json(&v)
}

/// Both streamed writings of `v` against the decoded one.
fn check(v: &Value, nulls: &'static [&'static str]) {
    let want = decoded(v, nulls);
    let packed = Packed::new(v);
    assert_eq!(
        json_of(&packed.stream(), nulls).as_deref(),
        Some(want.as_str()),
        "packed"
    );
    assert_eq!(json_of(v, nulls).as_deref(), Some(want.as_str()), "value");
}

const GROUP: &[&str] = &["managedBy", "tags"];
const RG: &str =
    "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1";

#[test]
fn a_group_prints_with_its_null_defaults_placed_in_order() {
    let g = json!({
        "id": "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1",
        "location": "eastus", "name": "rg1",
        "properties": {"provisioningState": "Succeeded"},
        "type": "Microsoft.Resources/resourceGroups"
    });
    check(&g, GROUP);
    check(
        &json!({"managedBy": "x", "tags": {"a": "b"}, "zz": 1}),
        GROUP,
    );
    check(&json!({"tags": null}), GROUP);
    check(&json!({}), GROUP);
    check(&json!({}), &[]);
    check(&json!({"zzz": []}), GROUP);
}

#[test]
fn the_resource_group_is_added_where_azure_cli_adds_it() {
    check(&json!({"id": RG, "name": "ws1"}), &[]);
    check(&json!({"id": RG, "resourceGroup": "kept"}), &[]);
    check(
        &json!({"id": RG, "resourceGroupX": 1, "resourceGroq": 2}),
        &[],
    );
    check(&json!({"id": 7, "name": "n"}), &[]);
    check(&json!({"id": {"id": RG}, "z": [{"id": RG}]}), &[]);
    check(
        &json!({"id": RG, "sourceVault": {"id": RG, "x": {"id": RG}}, "v": {"id": RG}}),
        &[],
    );
    check(
        &json!({"a": [[{"id": RG}], {"id": RG, "tags": {}}], "id": RG}),
        GROUP,
    );
}

#[test]
fn the_transform_stops_at_its_depth_as_the_decoded_one_does() {
    let mut v = json!({"id": RG});
    for i in 0..70 {
        v = if i % 2 == 0 {
            json!({"id": RG, "in": v})
        } else {
            json!([v, {"id": RG}])
        };
    }
    check(&json!({ "top": v }), &[]);
}

#[test]
fn scalars_print_as_python_prints_them() {
    check(
        &json!({"f": [1.0e-5, 1e16, 2.0, -0.0, 0.1, 123456789.125, 1.5e300], "i": [-3, 0, u64::MAX],
                "b": [true, false, null], "s": "quote \" back \\ tab \t nl \n ctl \u{1} é 日本 \u{7f}",
                "\u{1}key\"": "", "é": {}, "E": []}),
        GROUP,
    );
}

#[test]
fn what_is_not_an_object_is_left_to_the_decoded_printer() {
    for v in [json!(null), json!("s"), json!([1]), json!(3)] {
        assert_eq!(json_of(&Packed::new(&v).stream(), &[]), None, "{v}");
        assert_eq!(json_of(&v, GROUP), None, "{v}");
    }
}

/// Keys the transforms care about, their neighbours in order, and others.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(alloc::vec![
            "id",
            "Id",
            "resourceGroup",
            "resourceGroupa",
            "resourceGrouo",
            "sourceVault",
            "managedBy",
            "managedB",
            "tags",
            "tag",
            "tagsz",
            "",
            "é",
            "name",
            "\"",
        ])
        .prop_map(String::from),
        "[a-z\u{e9}]{0,3}",
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop::sample::select(alloc::vec![
            RG,
            "/subscriptions/s/resourceGroups/g",
            "/subscriptions/s/RESOURCEGROUPS/g/p/t/n",
            "////////",
            "/subscriptions/s/resourceGroups//providers/X/y/ws1",
        ])
        .prop_map(Value::from),
        ".{0,6}".prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #[test]
    fn any_object_streams_as_it_prints_decoded(
        entries in prop::collection::vec((key(), json_value()), 0..8),
        defaults in any::<bool>(),
    ) {
        let v = Value::Object(entries.into_iter().collect::<Map<_, _>>());
        check(&v, if defaults { GROUP } else { &[] });
    }
}

/// A session's resources (a group, a workspace, its services), as stored, stream as they
/// print decoded.
#[test]
fn a_sessions_bodies_stream_as_they_print() {
    let mut lab = crate::Lab::new(hcsim_core::Config::new(1));
    for line in [
        "az group create -n rg1 -l eastus --tags team=a 'cost center=b'",
        "az healthcareapis workspace create -g rg1 -n ws1 -l eastus",
        "az healthcareapis workspace fhir-service create -g rg1 --workspace-name ws1 -n fhir1 -l eastus --kind fhir-R4 --identity-type SystemAssigned",
        "az healthcareapis workspace dicom-service create -g rg1 --workspace-name ws1 -n dicom1 -l eastus",
    ] {
        assert!(lab.run(line).ok, "{line}");
    }
    let world = lab.world();
    let sub = hcsim_core::id::ArmPath::at_subscription(world.current_subscription());
    let bodies: Vec<Value> = world
        .resources_under(&sub)
        .into_iter()
        .map(|r| r.body.value())
        .collect();
    assert!(bodies.len() >= 4, "rg1, ws1, fhir1 and dicom1");
    for b in &bodies {
        check(b, GROUP);
        check(b, &[]);
    }
}

/// `az group create`/`show` print the same text streamed as through the decoded printer
/// (`--query @` selects the whole result, so it takes that path).
#[test]
fn group_lines_print_as_their_decoded_twins() {
    let mut lab = crate::Lab::new(hcsim_core::Config::new(7));
    for (line, twin) in [
        (
            "az group create -n a -l eastus --tags x=1 y",
            "az group show -n a --query @",
        ),
        ("az group show -n a", "az group show -n a --query @"),
        (
            "az group show -n A -o jsonc",
            "az group show -n a --query @",
        ),
        (
            "az group create -n b -l westus --managed-by /subscriptions/x",
            "az group show -n b --query @",
        ),
    ] {
        let streamed = lab.run(line);
        let decoded = lab.run(twin);
        assert!(streamed.ok && decoded.ok, "{line}");
        assert_eq!(streamed.output, decoded.output, "{line}");
    }
    // A changed group is printed anew (its stored bytes are new), not from the last text.
    let before = lab.run("az group show -n a").output;
    assert!(
        lab.run("az group create -n a -l eastus --tags z=9 -o none")
            .ok
    );
    let after = lab.run("az group show -n a").output;
    assert_ne!(before, after);
    assert!(after.contains("\"z\": \"9\""), "{after}");
    assert_eq!(after, lab.run("az group show -n a --query @").output);
    assert_eq!(lab.run("az group show -n a -o none").output, "");
    assert!(
        lab.run("az group show -n a -o tsv")
            .output
            .contains("eastus")
    );
}
