//! Workspace-level settings: settings-apply-to-all-children, private-preview-no-settings,
//! private-link-blocks-public, cmk-access-required; and phi-stays-in-workspace.

mod common;
use common::*;
use hcsim_core::*;
use serde_json::json;

fn cmk_of(w: &World, id: &str) -> Option<String> {
    w.view(id).unwrap()["properties"]["encryption"]["customerManagedKeyEncryption"]
        ["keyEncryptionKeyUrl"]
        .as_str()
        .map(str::to_string)
}

fn setting(w: &World, id: &str, name: &str) -> EffectiveSetting {
    w.effective_settings(id)
        .unwrap_or_else(|| panic!("{id} has effective settings"))
        .into_iter()
        .find(|s| s.setting == name)
        .unwrap_or_else(|| panic!("no setting {name}"))
}

#[test]
fn customer_managed_key_applies_to_services_before_and_after() {
    let mut w = world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let before = add_fhir(&mut w, "rg1", "ws1", "before");
    let dcm = add_dicom(&mut w, "rg1", "ws1", "dicom1");
    assert_eq!(cmk_of(&w, &before), None);
    assert_eq!(
        setting(&w, &before, "customer-managed key").source,
        "default"
    );
    let url = setup_key(&mut w, "rg1", "kv1", "key1");
    let r = set_workspace_key(&mut w, &ws_id, &url);
    assert_eq!(r.status, 200, "{:?}", r.error);
    let after = add_fhir(&mut w, "rg1", "ws1", "after");
    for id in [&before, &dcm, &after] {
        assert_eq!(cmk_of(&w, id).as_deref(), Some(url.as_str()), "{id}");
        let s = setting(&w, id, "customer-managed key");
        assert_eq!(s.source, ws_id, "{id} takes the key from its workspace");
        assert!(
            s.value.contains(&url) && s.value.contains("accessible"),
            "{}",
            s.value
        );
    }
    // A service may not ask for another key.
    let other = setup_key(&mut w, "rg1", "kv2", "key2");
    rejected(
        &mut w,
        Request::put(
            fhir("rg1", "ws1", "third"),
            json!({"properties": {"encryption": {"customerManagedKeyEncryption": {"keyEncryptionKeyUrl": other}}}}),
        ),
        400,
        "BadRequest",
        RuleId::SettingsApplyToAllChildren,
    );
    // Asking for the workspace's own key is fine.
    create(
        &mut w,
        &fhir("rg1", "ws1", "third"),
        json!({"properties": {"encryption": {"customerManagedKeyEncryption": {"keyEncryptionKeyUrl": url}}}}),
    );
    // The setting belongs to the workspace: a service cannot carry it.
    rejected(
        &mut w,
        Request::patch(
            &before,
            json!({"hcsimSettings": {"customerManagedKey": {"keyUrl": url}}}),
        ),
        400,
        "InvalidRequestContent",
        RuleId::SettingsApplyToAllChildren,
    );
}

#[test]
fn customer_managed_key_must_come_from_a_vault_in_the_workspace_region() {
    let mut w = instant_world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    create(
        &mut w,
        &vault("rg1", "kvwest"),
        json!({"location": "westus2", "properties": {"enablePurgeProtection": true}}),
    );
    create(
        &mut w,
        &key("rg1", "kvwest", "k1"),
        json!({"properties": {}}),
    );
    // The same code as a service's own key (the RP's code is assumed, see providers/cmk.rs).
    let e = rejected(
        &mut w,
        Request::patch(
            &ws_id,
            json!({"hcsimSettings": {"customerManagedKey": {"keyUrl": key_url("kvwest", "k1")}}}),
        ),
        400,
        "CustomerManagedKeyInaccessible",
        RuleId::CmkAccessRequired,
    );
    assert!(e.message.contains("same region"), "{}", e.message);
    let url = setup_key(&mut w, "rg1", "kveast", "k1");
    ok(&set_workspace_key(&mut w, &ws_id, &url));
}

/// configure-customer-managed-keys.md (MicrosoftDocs/azure-docs, commit 1ecf6891): RSA 2048 or
/// 3072 bits, a vault with soft delete and purge protection. The workspace-level key (hcsim's
/// `hcsimSettings` extension, handed to every service) meets the same key and vault
/// requirements as a service's own key; the managed identity's access stays per service.
#[test]
fn workspace_key_meets_the_same_key_and_vault_requirements_as_a_service_key() {
    let mut w = instant_world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let set = |w: &mut World, vault_name: &str, key_name: &str| {
        send(
            w,
            Request::patch(
                &ws_id,
                json!({"hcsimSettings": {"customerManagedKey": {"keyUrl": key_url(vault_name, key_name)}}}),
            ),
        )
    };
    // No purge protection.
    create(
        &mut w,
        &vault("rg1", "kvsoft"),
        json!({"location": "eastus", "properties": {"enablePurgeProtection": false}}),
    );
    create(
        &mut w,
        &key("rg1", "kvsoft", "k1"),
        json!({"properties": {}}),
    );
    let r = set(&mut w, "kvsoft", "k1");
    let e = r.error.expect("refused");
    assert_eq!(
        (r.status, e.code.as_str()),
        (400, "CustomerManagedKeyInaccessible")
    );
    assert!(e.message.contains("purge protection"), "{}", e.message);
    // An EC key, in a vault that would do.
    create(
        &mut w,
        &vault("rg1", "kvgood"),
        json!({"location": "eastus", "properties": {"enablePurgeProtection": true}}),
    );
    create(
        &mut w,
        &key("rg1", "kvgood", "ec1"),
        json!({"properties": {"kty": "EC", "curveName": "P-256"}}),
    );
    let r = set(&mut w, "kvgood", "ec1");
    let e = r.error.expect("refused");
    assert_eq!(e.code, "CustomerManagedKeyInaccessible");
    assert!(
        e.message.contains("RSA key of 2048 or 3072 bits"),
        "{}",
        e.message
    );
    create(
        &mut w,
        &key("rg1", "kvgood", "rsa3072"),
        json!({"properties": {"kty": "RSA", "keySize": 3072}}),
    );
    ok(&set(&mut w, "kvgood", "rsa3072"));
}

#[test]
fn private_endpoint_applies_to_services_before_and_after() {
    let mut w = world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let before = add_fhir(&mut w, "rg1", "ws1", "before");
    assert_eq!(
        w.view(&before).unwrap()["properties"]["publicNetworkAccess"],
        "Enabled"
    );
    setup_vnet(&mut w, "rg1", "eastus");
    create(
        &mut w,
        &private_endpoint("rg1", "pe1"),
        private_endpoint_body("eastus", &ws_id),
    );
    let after = add_dicom(&mut w, "rg1", "ws1", "after");
    for id in [&before, &after, &ws_id] {
        assert_eq!(
            w.view(id).unwrap()["properties"]["publicNetworkAccess"],
            "Disabled",
            "{id}"
        );
        let s = setting(&w, id, "private link");
        assert_eq!(s.source, ws_id);
        assert!(s.value.starts_with("Enabled"), "{}", s.value);
    }
    let conns = w.view(&ws_id).unwrap()["properties"]["privateEndpointConnections"].clone();
    assert_eq!(conns.as_array().unwrap().len(), 1);
    assert_eq!(
        conns[0]["properties"]["privateLinkServiceConnectionState"]["status"],
        "Approved"
    );
}

#[test]
fn private_preview_has_no_workspace_settings() {
    let mut w = world();
    w.apply(&Input::SetStage {
        stage: Stage::PrivatePreview,
    });
    // Workspaces and services themselves exist in the preview.
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    add_fhir(&mut w, "rg1", "ws1", "fhir1");
    let url = setup_key(&mut w, "rg1", "kv1", "key1");
    rejected(
        &mut w,
        Request::patch(
            &ws_id,
            json!({"hcsimSettings": {"customerManagedKey": {"keyUrl": url}}}),
        ),
        400,
        "FeatureNotAvailableInPreview",
        RuleId::PrivatePreviewNoSettings,
    );
    rejected(
        &mut w,
        Request::patch(
            &ws_id,
            json!({"hcsimSettings": {"monitoring": {"enabled": true}}}),
        ),
        400,
        "FeatureNotAvailableInPreview",
        RuleId::PrivatePreviewNoSettings,
    );
    rejected(
        &mut w,
        Request::put(
            private_endpoint("rg1", "pe1"),
            private_endpoint_body("eastus", &ws_id),
        ),
        400,
        "FeatureNotAvailableInPreview",
        RuleId::PrivatePreviewNoSettings,
    );
    // At GA they are available.
    w.apply(&Input::SetStage { stage: Stage::Ga });
    ok(&set_workspace_key(&mut w, &ws_id, &url));
    let r = patch(
        &mut w,
        &ws_id,
        json!({"hcsimSettings": {"monitoring": {"enabled": true}}}),
    );
    ok(&r);
    let m = setting(&w, &fhir("rg1", "ws1", "fhir1"), "monitoring");
    assert!(m.value.contains("Enabled") && m.extension, "{m:?}");
    setup_vnet(&mut w, "rg1", "eastus");
    create(
        &mut w,
        &private_endpoint("rg1", "pe1"),
        private_endpoint_body("eastus", &ws_id),
    );
}

#[test]
fn phi_stays_in_workspace() {
    let mut w = instant_world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    setup_workspace(&mut w, "rg1", "ws2", "eastus");
    let f1 = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    let f2 = add_fhir(&mut w, "rg1", "ws2", "fhir2");
    let d1 = add_dicom(&mut w, "rg1", "ws1", "dicom1");
    create(&mut w, &iot("rg1", "ws1", "iot1"), json!({}));
    let d = dest("rg1", "ws1", "iot1", "dest1");
    let e = rejected(
        &mut w,
        Request::put(&d, destination_body(&f2)),
        400,
        "BadRequest",
        RuleId::PhiStaysInWorkspace,
    );
    assert!(
        e.message.contains("ws2") && e.message.contains("ws1"),
        "{}",
        e.message
    );
    rejected(
        &mut w,
        Request::put(&d, destination_body(&d1)),
        400,
        "BadRequest",
        RuleId::PhiStaysInWorkspace,
    );
    rejected(
        &mut w,
        Request::put(&d, destination_body(&fhir("rg1", "ws1", "nope"))),
        400,
        "BadRequest",
        RuleId::PhiStaysInWorkspace,
    );
    // Right way: a FHIR service of the same workspace (the id is compared case-insensitively).
    create(
        &mut w,
        &d,
        destination_body(&f1.to_uppercase().replace("SUBSCRIPTIONS", "subscriptions")),
    );
    assert_eq!(w.view(&d).unwrap()["location"], "eastus");
}

#[test]
fn private_link_blocks_public_probes_until_the_endpoint_goes() {
    // The rule itself, without realistic timing's propagation delay (tests/propagation.rs).
    let mut w = instant_world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    let d = add_dicom(&mut w, "rg1", "ws1", "dicom1");
    let p = probe(&mut w, &f, Network::Public);
    assert_eq!((p.status, p.rule), (200, None), "{}", p.reason);
    assert_eq!(
        p.url,
        "https://ws1-fhir1.fhir.azurehealthcareapis.com/metadata"
    );
    let p = probe(&mut w, &d, Network::Public);
    assert_eq!(p.status, 200);
    assert_eq!(
        p.url,
        "https://ws1-dicom1.dicom.azurehealthcareapis.com/health/check"
    );
    // No private path yet.
    let p = probe(&mut w, &f, Network::Private);
    assert_eq!(
        (p.status, p.rule),
        (503, Some(RuleId::PrivateLinkBlocksPublic))
    );
    let since = mark(&w);
    setup_vnet(&mut w, "rg1", "eastus");
    let pe = private_endpoint("rg1", "pe1");
    create(&mut w, &pe, private_endpoint_body("eastus", &ws_id));
    assert!(events_since(&w, since).iter().any(|e| matches!(e,
        EventKind::PrivateEndpointConnected { status, .. } if status == "Approved")));
    for id in [&f, &d] {
        let p = probe(&mut w, id, Network::Public);
        assert_eq!(
            (p.status, p.rule),
            (403, Some(RuleId::PrivateLinkBlocksPublic)),
            "{}",
            p.reason
        );
        let p = probe(&mut w, id, Network::Private);
        assert_eq!(p.status, 200, "{}", p.reason);
    }
    // Deleting the endpoint reopens the public path.
    let r = delete_wait(&mut w, &pe);
    assert!(r.is_success());
    assert!(w.find(&pe).is_none());
    let p = probe(&mut w, &f, Network::Public);
    assert_eq!(p.status, 200, "{}", p.reason);
    assert_eq!(
        w.view(&f).unwrap()["properties"]["publicNetworkAccess"],
        "Enabled"
    );
    assert_eq!(
        w.view(&ws_id).unwrap()["properties"]["privateEndpointConnections"],
        json!([])
    );
}

#[test]
fn cmk_access_required_disabled_key_gives_500_until_re_enabled() {
    let mut w = world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    let url = setup_key(&mut w, "rg1", "kv1", "key1");
    ok(&set_workspace_key(&mut w, &ws_id, &url));
    assert_eq!(probe(&mut w, &f, Network::Public).status, 200);
    let k = key("rg1", "kv1", "key1");
    ok(&patch(
        &mut w,
        &k,
        json!({"properties": {"attributes": {"enabled": false}}}),
    ));
    let p = probe(&mut w, &f, Network::Public);
    assert_eq!((p.status, p.rule), (500, Some(RuleId::CmkAccessRequired)));
    assert!(p.reason.contains("disabled"), "{}", p.reason);
    assert!(
        setting(&w, &f, "customer-managed key")
            .value
            .contains("NOT accessible")
    );
    // New services cannot be provisioned, and the key cannot be chosen again, while it is off.
    rejected(
        &mut w,
        Request::put(fhir("rg1", "ws1", "fhir2"), json!({})),
        400,
        "CustomerManagedKeyInaccessible",
        RuleId::CmkAccessRequired,
    );
    rejected(
        &mut w,
        Request::patch(
            &ws_id,
            json!({"hcsimSettings": {"customerManagedKey": {"keyUrl": url}}}),
        ),
        400,
        "CustomerManagedKeyInaccessible",
        RuleId::CmkAccessRequired,
    );
    // Recovery: re-enable the key; the service answers again on its own.
    ok(&patch(
        &mut w,
        &k,
        json!({"properties": {"attributes": {"enabled": true}}}),
    ));
    let p = probe(&mut w, &f, Network::Public);
    assert_eq!(p.status, 200, "{}", p.reason);
    add_fhir(&mut w, "rg1", "ws1", "fhir2");
}

/// `publicNetworkAccess` is read-only in 2024-03-31 for workspaces, FHIR and DICOM: it follows
/// private link. A raw PATCH naming it is refused (as `az healthcareapis workspace update
/// --public-network-access` is) and changes nothing; a raw PUT carrying it (as the quickstart
/// Bicep does) succeeds and the property keeps the value private link gives.
#[test]
fn public_network_access_is_read_only_in_raw_requests() {
    let mut w = world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let fhir_id = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    let dicom_id = add_dicom(&mut w, "rg1", "ws1", "dicom1");
    for id in [&ws_id, &fhir_id, &dicom_id] {
        let events = w.events().len();
        let r = send(
            &mut w,
            Request::patch(
                id,
                json!({"properties": {"publicNetworkAccess": "Disabled"}}),
            ),
        );
        assert_eq!(r.status, 400, "{id}");
        let e = r.error.expect("a refusal");
        assert_eq!(e.code, "ReadOnlyProperty", "{id}");
        assert_eq!(e.rule, Some(RuleId::SettingsApplyToAllChildren), "{id}");
        assert!(e.message.contains("private endpoint"), "{}", e.message);
        // Nothing changed but the rejection's event.
        assert_eq!(w.events().len(), events + 1);
        assert!(matches!(
            w.events().last().map(|e| &e.kind),
            Some(EventKind::RequestRejected { .. })
        ));
        assert_eq!(
            w.view(id).unwrap()["properties"]["publicNetworkAccess"],
            "Enabled"
        );
    }
    // Tags alone still patch the workspace.
    ok(&send(
        &mut w,
        Request::patch(&ws_id, json!({"tags": {"env": "dev"}})),
    ));
    // A PUT ignores the read-only value: no error, and the GET shows what private link gives.
    let r = put_wait(
        &mut w,
        &fhir("rg1", "ws1", "fhir2"),
        json!({"location": "eastus", "kind": "fhir-R4",
               "properties": {"publicNetworkAccess": "Disabled",
                              "authenticationConfiguration": {"authority": "https://login.microsoftonline.com/t", "audience": "https://x"}}}),
    );
    ok(&r);
    let view = w.view(&fhir("rg1", "ws1", "fhir2")).unwrap();
    assert_eq!(view["properties"]["publicNetworkAccess"], "Enabled");
    let stored = w.find(&fhir("rg1", "ws1", "fhir2")).unwrap();
    assert!(
        stored.body.value()["properties"]
            .get("publicNetworkAccess")
            .is_none()
    );
    let r = put_wait(
        &mut w,
        &ws_id,
        json!({"location": "eastus", "properties": {"publicNetworkAccess": "Disabled"}}),
    );
    ok(&r);
    assert_eq!(
        w.view(&ws_id).unwrap()["properties"]["publicNetworkAccess"],
        "Enabled"
    );
}

/// What a GET of a service shows of its workspace's hcsim settings (and of a LIST of the
/// workspace's services): none before they are set, the workspace's as soon as its PATCH
/// answers (no other write in between), still after later writes, and none again once they
/// are switched off. The store marks which workspaces may have settings so a view can skip
/// the others' nodes; the mark must never hide settings that are there.
#[test]
fn a_service_shows_its_workspace_settings_from_the_patch_on() {
    let mut w = world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    let shown = |w: &mut World| {
        let one = get(w, &f).body["hcsimSettings"].clone();
        let list =
            get(w, &format!("{ws_id}/fhirservices")).body["value"][0]["hcsimSettings"].clone();
        assert_eq!(one, list, "GET and LIST show the same");
        one
    };
    assert!(shown(&mut w).is_null(), "no settings yet");
    let on = json!({"hcsimSettings": {"monitoring": {"enabled": true}}});
    ok(&patch(&mut w, &ws_id, on));
    let s = shown(&mut w);
    assert_eq!(s["monitoring"]["enabled"], true, "{s}");
    assert_eq!(s["inheritedFrom"], ws_id.as_str(), "{s}");
    create(&mut w, &rg("rg2"), json!({"location": "eastus"}));
    assert_eq!(shown(&mut w)["monitoring"]["enabled"], true);
    let off = json!({"hcsimSettings": {"monitoring": {"enabled": false}}});
    ok(&patch(&mut w, &ws_id, off));
    create(&mut w, &rg("rg3"), json!({"location": "eastus"}));
    assert!(shown(&mut w).is_null(), "switched off: none shown");
}
