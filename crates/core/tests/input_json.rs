//! An input's JSON (the save format's `inputs`) reads back as the input written, for every
//! kind of input, and a damaged one is refused with the reason serde's derive gave: the
//! reader is hand-written (`world/input_de.rs`) to keep the browser's start module small, and
//! saved sessions are a public contract.

use hcsim_core::{Input, Request};
use serde_json::{Value, json};

/// Every kind of input as a saved session writes it.
fn every_kind() -> Vec<Value> {
    let rg = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1";
    let put = Input::Request(Request::put(rg, json!({"location": "eastus", "n": 1.5})));
    vec![
        serde_json::to_value(put).unwrap(),
        serde_json::to_value(Input::Request(Request::get(rg))).unwrap(),
        json!({"input": "wait", "operation": 3}),
        json!({"input": "advance", "by": 60000}),
        json!({"input": "set_timing", "timing": "instant"}),
        json!({"input": "set_stage", "stage": "private-preview"}),
        json!({"input": "act_as", "principal": "ana@contoso.com"}),
        json!({"input": "select_subscription", "subscription": "Dev"}),
        json!({"input": "add_subscription", "id": "22222222-2222-2222-2222-222222222222", "name": "Dev"}),
        json!({"input": "add_user", "name": "ana@contoso.com"}),
        json!({"input": "add_service_principal", "name": "ci", "owner": true}),
        json!({"input": "add_fault", "kind": "region-outage", "region": "eastus"}),
        json!({"input": "clear_fault", "fault": 2}),
        json!({"input": "clear_fault", "fault": null}),
        json!({"input": "probe", "target": rg, "from": "public"}),
        json!({"input": "fhir", "service": "ws1-fhir1.fhir.azurehealthcareapis.com", "method": "GET", "path": "/metadata", "from": "public"}),
        json!({"input": "device_messages", "connector": rg, "messages": [{"offset": 0, "body": {"hr": 72}}]}),
        json!({"input": "create_application", "display_name": "myapp", "changes": {}}),
        json!({"input": "create_application", "display_name": "spa", "changes": {"sign_in_audience": "AzureADMyOrg", "web_redirect_uris": ["https://a/cb"]}}),
        json!({"input": "update_application", "app": "api://myapp", "changes": {"is_fallback_public_client": true}}),
        json!({"input": "delete_application", "app": "myapp-id"}),
        json!({"input": "add_application_password", "app": "a", "display_name": "ci", "years": 2, "end_date": null, "append": true}),
        json!({"input": "add_application_password", "app": "a", "display_name": null, "years": null, "end_date": "2030-01-01", "append": false}),
        json!({"input": "add_application_password", "app": "a", "display_name": null, "years": 1, "end_date": null, "append": true, "service_principal": true}),
        json!({"input": "remove_application_password", "app": "a", "key_id": "k"}),
        json!({"input": "create_service_principal", "app": "a"}),
        json!({"input": "delete_service_principal", "id": "a"}),
    ]
}

#[test]
fn every_kind_of_input_reads_back_as_written() {
    for written in every_kind() {
        let text = written.to_string();
        let input: Input =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text} did not read back: {e}"));
        let again = serde_json::to_value(&input).unwrap();
        let mut expected = written.clone();
        // `clear_fault` writes a cleared-all as `null`, whichever way it was read.
        if expected["input"] == "clear_fault" && expected.get("fault").is_none() {
            expected["fault"] = Value::Null;
        }
        assert_eq!(again, expected, "{text}");
    }
}

#[test]
fn the_tag_may_come_anywhere_and_unknown_fields_are_ignored() {
    let input: Input =
        serde_json::from_str(r#"{"by": 5, "note": "x", "input": "advance"}"#).unwrap();
    assert_eq!(
        serde_json::to_value(&input).unwrap(),
        json!({"input": "advance", "by": 5})
    );
    let input: Input =
        serde_json::from_str(r#"{"input": "add_service_principal", "name": "ci"}"#).unwrap();
    assert_eq!(
        serde_json::to_value(&input).unwrap(),
        json!({"input": "add_service_principal", "name": "ci", "owner": false})
    );
}

#[test]
fn a_damaged_input_is_refused_with_the_reason() {
    let refusal = |text: &str| {
        serde_json::from_str::<Input>(text)
            .err()
            .unwrap_or_else(|| panic!("{text} was accepted"))
            .to_string()
    };
    assert!(refusal(r#"{"by": 5}"#).starts_with("missing field `input`"));
    let unknown = refusal(r#"{"input": "teleport"}"#);
    assert!(unknown.starts_with("unknown variant `teleport`, expected one of `request`"));
    assert!(refusal(r#"{"input": "wait"}"#).starts_with("missing field `operation`"));
    assert!(refusal(r#"{"input": "wait", "operation": "x"}"#).starts_with("invalid type: string"));
    assert!(
        refusal(r#"{"input": "set_timing", "timing": "fast"}"#)
            .starts_with("unknown variant `fast`")
    );
    assert!(refusal("5").starts_with("invalid type: integer `5`, expected internally tagged enum"));
    assert!(refusal(r#"{"input": "advance", "by": 5"#).contains("EOF"));
}

/// The app-registration inputs (az ad app|sp, `world/apps.rs`) read their optional fields
/// as absent when a file leaves them out, and name a missing required one.
#[test]
fn app_registration_inputs_default_their_optional_fields() {
    let input: Input =
        serde_json::from_str(r#"{"input": "add_application_password", "app": "a"}"#).unwrap();
    assert_eq!(
        serde_json::to_value(&input).unwrap(),
        json!({"input": "add_application_password", "app": "a", "display_name": null, "years": null, "end_date": null, "append": false})
    );
    let input: Input =
        serde_json::from_str(r#"{"input": "create_application", "display_name": "x"}"#).unwrap();
    assert_eq!(
        serde_json::to_value(&input).unwrap(),
        json!({"input": "create_application", "display_name": "x", "changes": {}})
    );
    let refusal = serde_json::from_str::<Input>(r#"{"input": "update_application", "app": "a"}"#)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(refusal.starts_with("missing field `changes`"), "{refusal}");
}
