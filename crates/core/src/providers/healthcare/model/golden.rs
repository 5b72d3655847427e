//! Golden answers of the model checks: every body here (the upstream examples' shapes, each
//! member replaced by values of every JSON type, objects given as arrays, two wrong members
//! at once) gives exactly the answer recorded in `golden.txt`, which was recorded from the
//! serde-derived models these checks replaced (issue 14: the same accepted input and the same
//! error messages, `InvalidRequestContent` texts included). `HCSIM_BLESS=1` rewrites the file.
//!
//! Base bodies: the shapes of Azure/azure-rest-api-specs' 2024-03-31 examples
//! (`shared/reference/arm-examples`, MIT licence, see its SOURCE.md), with every member the
//! models know filled in.

extern crate std;

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::Write;
use serde_json::{Value, json};

use super::{patch_identities, validate};
use crate::resource::ResKind;

const UAI: &str = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1";

/// A valid body of each kind with every member the models read.
fn bases() -> Vec<(ResKind, Value)> {
    let cors = json!({"origins": ["*", "https://a.com:8080"], "headers": ["*"],
        "methods": ["GET", "put"], "maxAge": 1440, "allowCredentials": false});
    let enc = json!({"customerManagedKeyEncryption": {"keyEncryptionKeyUrl": "https://kv.vault.azure.net/keys/k"}});
    let identity =
        json!({"type": "SystemAssigned,UserAssigned", "userAssignedIdentities": {UAI: {}}});
    let fhir = json!({"kind": "fhir-R4", "identity": identity, "properties": {
        "corsConfiguration": cors,
        "acrConfiguration": {"loginServers": ["a.azurecr.io"], "ociArtifacts": [
            {"loginServer": "a.azurecr.io", "imageName": "i", "digest": "d"}]},
        "authenticationConfiguration": {"authority": "https://login.microsoftonline.com/t",
            "audience": "https://x.fhir.azurehealthcareapis.com", "smartProxyEnabled": true,
            "smartIdentityProviders": [{"authority": "https://b2c.example/t", "applications": [
                {"clientId": "c", "audience": "a", "allowedDataActions": ["Read"]}]}]},
        "resourceVersionPolicyConfiguration": {"default": "versioned",
            "resourceTypeOverrides": {"Patient": "no-version"}},
        "accessPolicies": [{"objectId": "c487e7d1-3210-41a3-8ccc-e9372b78da47"}],
        "importConfiguration": {"integrationDataStore": "sa", "initialImportMode": false, "enabled": true},
        "implementationGuidesConfiguration": {"usCoreMissingData": true},
        "exportConfiguration": {"storageAccountName": "sa"},
        "encryption": enc,
    }});
    let dicom = json!({"identity": {"type": "SystemAssigned"}, "properties": {
        "corsConfiguration": {"origins": ["*"], "maxAge": 0},
        "encryption": {"customerManagedKeyEncryption": {"keyEncryptionKeyUrl": "u"}},
        "enableDataPartitions": true,
        "storageConfiguration": {"storageResourceId":
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa",
            "fileSystemName": "fs"},
    }});
    let iot = json!({"identity": {"type": "UserAssigned", "userAssignedIdentities": {UAI: null}},
        "properties": {
        "ingestionEndpointConfiguration": {"eventHubName": "hub", "consumerGroup": "$Default",
            "fullyQualifiedEventHubNamespace": "ns.servicebus.windows.net"},
        "deviceMapping": {"content": {"templateType": "CollectionContent", "template": []}},
    }});
    let dest = json!({"properties": {"resourceIdentityResolutionType": "Create",
        "fhirMapping": {"content": {"templateType": "CollectionFhirTemplate", "template": []}}}});
    alloc::vec![
        (ResKind::Fhir, fhir),
        (ResKind::Dicom, dicom),
        (ResKind::Iot, iot),
        (ResKind::FhirDestination, dest),
    ]
}

/// Values of every JSON type (and numbers at the edges of i64).
fn candidates() -> Vec<Value> {
    let big: Value = serde_json::from_str("18446744073709551615").unwrap();
    alloc::vec![
        Value::Null,
        json!(true),
        json!(5),
        json!(-5),
        json!(1.5),
        json!(100000),
        big,
        json!("x"),
        json!(""),
        json!([]),
        json!(["x"]),
        json!([5]),
        json!([null]),
        json!({}),
        json!({"k": "x"}),
        json!({"k": 5}),
    ]
}

/// Every body derived from `v` by changing one node (or two siblings), with a label.
fn variants(path: &str, v: &Value, out: &mut Vec<(String, Value)>) {
    for c in candidates() {
        out.push((alloc::format!("{path}={c}"), c));
    }
    match v {
        Value::Object(m) => {
            // The object as an array of its values (serde's structs read sequences too),
            // shorter and longer.
            let vals: Vec<Value> = m.values().cloned().collect();
            for n in [0, vals.len().saturating_sub(1), vals.len()] {
                let a = Value::Array(vals[..n].to_vec());
                out.push((alloc::format!("{path}=seq{n}"), a));
            }
            let mut long = vals.clone();
            long.extend([
                json!(null),
                json!(null),
                json!(null),
                json!(null),
                json!(null),
            ]);
            out.push((alloc::format!("{path}=seqlong"), Value::Array(long)));
            let keys: Vec<&String> = m.keys().collect();
            for (i, k) in keys.iter().enumerate() {
                let mut sub = Vec::new();
                variants(&alloc::format!("{path}.{k}"), &m[*k], &mut sub);
                for (label, nv) in sub {
                    let mut o = m.clone();
                    o.insert((*k).clone(), nv);
                    out.push((label, Value::Object(o)));
                }
                for k2 in &keys[i + 1..] {
                    let mut o = m.clone();
                    o.insert((*k).clone(), json!(7));
                    o.insert((*k2).clone(), json!("y"));
                    out.push((alloc::format!("{path}.{k}=7,{k2}=\"y\""), Value::Object(o)));
                }
            }
        }
        Value::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                let mut sub = Vec::new();
                variants(&alloc::format!("{path}[{i}]"), item, &mut sub);
                for (label, nv) in sub {
                    let mut b = a.clone();
                    b[i] = nv;
                    out.push((label, Value::Array(b)));
                }
            }
        }
        _ => {}
    }
}

/// One answer as a line.
fn answer<T>(r: Result<Vec<T>, crate::error::ArmError>) -> String {
    match r {
        Ok(ids) => alloc::format!("ok {}", ids.len()),
        Err(e) => alloc::format!(
            "{} {} {} {}",
            e.status,
            e.code,
            e.target.unwrap_or_default(),
            e.message
        ),
    }
}

/// All answers, one line per body.
fn transcript() -> String {
    let mut out = String::new();
    for (kind, base) in bases() {
        let mut bodies = Vec::new();
        variants("", &base, &mut bodies);
        for (label, body) in bodies {
            let _ = writeln!(out, "{kind:?} {label} -> {}", answer(validate(kind, &body)));
            if label.starts_with(".identity") {
                let id = body.get("identity").cloned().unwrap_or(Value::Null);
                let _ = writeln!(out, "  patch -> {}", answer(patch_identities(&id)));
            }
        }
    }
    out
}

#[test]
fn model_answers_match_the_recorded_golden_file() {
    let got = transcript();
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/providers/healthcare/model/golden.txt"
    );
    if std::env::var_os("HCSIM_BLESS").is_some() {
        std::fs::write(file, &got).unwrap();
    }
    let want = std::fs::read_to_string(file).unwrap_or_default();
    let diff: Vec<(&str, &str)> = got
        .lines()
        .zip(want.lines())
        .filter(|(g, w)| g != w)
        .take(5)
        .collect();
    assert!(
        diff.is_empty() && got.lines().count() == want.lines().count(),
        "{} lines, {} recorded; first differences (got, recorded): {diff:#?}",
        got.lines().count(),
        want.lines().count()
    );
    assert!(got.lines().count() > 1000, "{}", got.to_string().len());
}
