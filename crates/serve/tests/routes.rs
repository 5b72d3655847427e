//! `hcsim serve` over loopback HTTPS: sign-in, ARM routes over the core, the long-running
//! operation protocol, RBAC by the token's principal, Graph, the control route, save.
//! What a real client sees is asserted: statuses, ARM's headers and error codes.

mod common;

use std::time::Duration;

use common::serve;
use hcsim_serve::Pace;
use serde_json::json;

const WS: &str = "/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1";
const V: &str = "?api-version=2024-03-31";
const RG_V: &str = "?api-version=2024-11-01";

#[test]
fn print_env_names_every_variable_real_clients_need() {
    let s = serve();
    for k in [
        "HCSIM_ARM_ENDPOINT",
        "REQUESTS_CA_BUNDLE",
        "SSL_CERT_FILE",
        "AZURE_TENANT_ID",
        "AZURE_SUBSCRIPTION_ID",
        "AZURE_AUTHORITY_HOST",
        "AZURE_CLIENT_ID",
        "AZURE_CLIENT_SECRET",
        "AZURE_CORE_INSTANCE_DISCOVERY",
        "IDENTITY_ENDPOINT",
        "IDENTITY_HEADER",
        "HCSIM_NOROLE_CLIENT_ID",
        "HCSIM_NOROLE_CLIENT_SECRET",
    ] {
        assert!(!s.var(k).is_empty(), "{k} missing");
    }
    assert_eq!(s.var("HCSIM_ARM_ENDPOINT"), format!("{}/", s.base));
    assert_eq!(s.var("AZURE_CORE_INSTANCE_DISCOVERY"), "false");
}

/// REAL-CLIENTS.md, endpoints 1, 2 and 5: what `az cloud register` and MSAL read.
#[test]
fn cloud_metadata_and_openid_discovery_keep_the_port() {
    let s = serve();
    let m = s
        .send(
            "GET",
            "/metadata/endpoints?api-version=2022-09-01",
            None,
            None,
        )
        .json();
    assert_eq!(m["resourceManager"], format!("{}/", s.base));
    assert_eq!(m["authentication"]["loginEndpoint"], s.base);
    assert_eq!(m["authentication"]["audiences"][0], format!("{}/", s.base));
    for t in ["organizations", &s.var("AZURE_TENANT_ID")] {
        let o = s.send(
            "GET",
            &format!("/{t}/v2.0/.well-known/openid-configuration"),
            None,
            None,
        );
        assert_eq!(o.status, 200);
        let o = o.json();
        assert!(o["token_endpoint"].as_str().unwrap().starts_with(&s.base));
        assert!(o["authorization_endpoint"].is_string());
        assert!(o["device_authorization_endpoint"].is_string());
    }
    let bad = s.send(
        "GET",
        "/fabrikam.com/v2.0/.well-known/openid-configuration",
        None,
        None,
    );
    assert_eq!(bad.status, 400);
    assert!(
        bad.json()["error_description"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS90002")
    );
}

/// REAL-CLIENTS.md: the scope is echoed, users get id_token, client_info and refresh_token;
/// a wrong secret is 401 invalid_client AADSTS7000215 (Microsoft identity platform, client
/// credentials flow, error codes).
#[test]
fn token_endpoint_grants_and_refusals() {
    let s = serve();
    let tenant = s.var("AZURE_TENANT_ID");
    let (id, secret) = (s.var("AZURE_CLIENT_ID"), s.var("AZURE_CLIENT_SECRET"));
    let scope = format!("{}//.default", s.base);
    let ok = s.form(
        &format!("/{tenant}/oauth2/v2.0/token"),
        &format!(
            "grant_type=client_credentials&client_id={id}&client_secret={secret}&scope={scope}"
        ),
    );
    assert_eq!(ok.status, 200);
    let j = ok.json();
    assert_eq!(j["token_type"], "Bearer");
    assert_eq!(j["scope"], scope);
    assert_eq!(j["access_token"].as_str().unwrap().split('.').count(), 3);
    let wrong = s.form(
        &format!("/{tenant}/oauth2/v2.0/token"),
        &format!("grant_type=client_credentials&client_id={id}&client_secret=nope&scope={scope}"),
    );
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.json()["error"], "invalid_client");
    assert!(
        wrong.json()["error_description"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS7000215")
    );
    let user = s.form(
        "/organizations/oauth2/v2.0/token",
        &format!("grant_type=password&username=alice@contoso.com&password=hcsim-Passw0rd%21&scope={scope}%20offline_access"),
    );
    assert_eq!(user.status, 200);
    let u = user.json();
    for k in ["id_token", "client_info", "refresh_token"] {
        assert!(u[k].is_string(), "{k}");
    }
    let bad_pw = s.form(
        "/organizations/oauth2/v2.0/token",
        "grant_type=password&username=alice@contoso.com&password=guess&scope=x/.default",
    );
    assert_eq!(bad_pw.status, 400);
    assert_eq!(bad_pw.json()["error"], "invalid_grant");
    let rt = u["refresh_token"].as_str().unwrap();
    let again = s.form(
        "/organizations/oauth2/v2.0/token",
        &format!("grant_type=refresh_token&refresh_token={rt}&scope={scope}"),
    );
    assert_eq!(again.status, 200);
}

#[test]
fn device_code_is_approved_at_once_and_managed_identity_needs_its_header() {
    let s = serve();
    let dc = s.form(
        "/organizations/oauth2/v2.0/devicecode",
        "client_id=x&scope=y",
    );
    assert_eq!(dc.status, 200);
    let code = dc.json()["device_code"].as_str().unwrap().to_string();
    for k in [
        "user_code",
        "verification_uri",
        "expires_in",
        "interval",
        "message",
    ] {
        assert!(!dc.json()[k].is_null(), "{k}");
    }
    let t = s.form(
        "/organizations/oauth2/v2.0/token",
        &format!("grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code={code}&scope=a/.default"),
    );
    assert_eq!(t.status, 200);
    assert!(t.json()["id_token"].is_string());
    let path = format!("/msi/token?api-version=2019-08-01&resource={}/", s.base);
    assert_eq!(s.send("GET", &path, None, None).status, 401);
    let raw = format!(
        "GET {path} HTTP/1.1\r\nX-IDENTITY-HEADER: {}\r\nConnection: close\r\n\r\n",
        s.var("IDENTITY_HEADER")
    );
    let mi = s.raw(raw.as_bytes());
    assert_eq!(mi.status, 200);
    let token = mi.json()["access_token"].as_str().unwrap().to_string();
    // PyJWT (az login --identity) reads `tid` from the unverified claims.
    let claims = token.split('.').nth(1).unwrap();
    let claims = hcsim_serve::token::b64url_decode(claims).unwrap();
    let claims: serde_json::Value = serde_json::from_slice(&claims).unwrap();
    assert_eq!(claims["tid"], s.var("AZURE_TENANT_ID"));
    assert!(mi.json()["expires_on"].is_string());
}

#[test]
fn subscriptions_tenants_and_resource_groups() {
    let s = serve();
    let t = s.owner();
    let subs = s
        .send(
            "GET",
            "/subscriptions?api-version=2022-12-01",
            Some(&t),
            None,
        )
        .json();
    assert_eq!(subs["value"].as_array().unwrap().len(), 2);
    assert_eq!(subs["value"][0]["state"], "Enabled");
    let tenants = s
        .send("GET", "/tenants?api-version=2022-12-01", Some(&t), None)
        .json();
    assert_eq!(tenants["value"][0]["tenantId"], s.var("AZURE_TENANT_ID"));
    let body = r#"{"location":"eastus"}"#;
    let put = s.put(&t, &format!("/resourcegroups/rg1{RG_V}"), body);
    assert_eq!(put.status, 201);
    assert_eq!(put.json()["properties"]["provisioningState"], "Succeeded");
    assert!(put.header("x-ms-request-id").is_some());
    assert!(put.header("x-ms-correlation-request-id").is_some());
    let head = s.send(
        "HEAD",
        &s.sub(&format!("/resourcegroups/rg1{RG_V}")),
        Some(&t),
        None,
    );
    assert_eq!(head.status, 204);
    let missing = s.send(
        "HEAD",
        &s.sub(&format!("/resourcegroups/nope{RG_V}")),
        Some(&t),
        None,
    );
    assert_eq!(missing.status, 404);
    let list = s
        .send(
            "GET",
            &s.sub(&format!("/resourcegroups{RG_V}")),
            Some(&t),
            None,
        )
        .json();
    assert!(
        list["value"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["name"] == "rg1")
    );
    let del = s.send(
        "DELETE",
        &s.sub(&format!("/resourcegroups/rg1{RG_V}")),
        Some(&t),
        None,
    );
    assert_eq!(del.status, 202);
    let loc = del.header("Location").expect("Location").to_string();
    let path = loc.strip_prefix(&s.base).unwrap();
    let done = s.send("GET", path, Some(&t), None);
    assert_eq!(done.status, 200, "{}", String::from_utf8_lossy(&done.body));
    assert_eq!(
        s.send(
            "HEAD",
            &s.sub(&format!("/resourcegroups/rg1{RG_V}")),
            Some(&t),
            None
        )
        .status,
        404
    );
}

/// The ARM examples of 2024-03-31 (Workspaces_Create.json): 201 with Azure-AsyncOperation
/// at `…/locations/{l}/operationresults/{id}`, whose status ends `Succeeded`.
#[test]
fn workspace_and_fhir_service_through_the_lro_protocol() {
    let s = serve();
    let t = s.owner();
    s.put(
        &t,
        &format!("/resourcegroups/rg1{RG_V}"),
        r#"{"location":"eastus"}"#,
    );
    let put = s.put(&t, &format!("{WS}{V}"), r#"{"location":"eastus"}"#);
    assert_eq!(put.status, 201, "{}", String::from_utf8_lossy(&put.body));
    assert!(put.header("ETag").is_some());
    let op = put.header("Azure-AsyncOperation").unwrap();
    assert!(op.contains("/providers/Microsoft.HealthcareApis/locations/eastus/operationresults/"));
    let st = s.send("GET", op.strip_prefix(&s.base).unwrap(), Some(&t), None);
    assert_eq!(st.json()["status"], "Succeeded");
    let get = s
        .send("GET", &s.sub(&format!("{WS}{V}")), Some(&t), None)
        .json();
    assert_eq!(get["properties"]["provisioningState"], "Succeeded");
    let fhir = json!({"location": "eastus", "kind": "fhir-R4", "properties": {"authenticationConfiguration": {"authority": format!("https://login.microsoftonline.com/{}", s.var("AZURE_TENANT_ID")), "audience": "https://ws1-fhir1.fhir.azurehealthcareapis.com"}}});
    let f = s.put(
        &t,
        &format!("{WS}/fhirservices/fhir1{V}"),
        &fhir.to_string(),
    );
    assert_eq!(f.status, 201, "{}", String::from_utf8_lossy(&f.body));
    let list = s
        .send(
            "GET",
            &s.sub(&format!("{WS}/fhirservices{V}")),
            Some(&t),
            None,
        )
        .json();
    assert_eq!(list["value"].as_array().unwrap().len(), 1);
    let plr = s.send(
        "GET",
        &s.sub(&format!("{WS}/privateLinkResources{V}")),
        Some(&t),
        None,
    );
    assert_eq!(plr.status, 200);
}

#[test]
fn rbac_follows_the_token_principal() {
    let s = serve();
    let norole = s.sp_token(
        &s.var("HCSIM_NOROLE_CLIENT_ID"),
        &s.var("HCSIM_NOROLE_CLIENT_SECRET"),
    );
    let put = s.put(
        &norole,
        &format!("/resourcegroups/rg9{RG_V}"),
        r#"{"location":"eastus"}"#,
    );
    assert_eq!(put.status, 403);
    assert_eq!(put.code(), "AuthorizationFailed");
    let alice = s.user_token("alice@contoso.com");
    let put = s.put(
        &alice,
        &format!("/resourcegroups/rg9{RG_V}"),
        r#"{"location":"eastus"}"#,
    );
    assert_eq!(put.status, 403);
    assert!(
        put.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("alice")
    );
    let trainee = s.user_token("trainee@contoso.com");
    let put = s.put(
        &trainee,
        &format!("/resourcegroups/rg9{RG_V}"),
        r#"{"location":"eastus"}"#,
    );
    assert_eq!(put.status, 201);
}

/// `az role assignment create --assignee alice@contoso.com --role Reader`: Graph look-ups
/// (azure-cli role/custom.py `_resolve_object_id`), the role by `$filter=roleName eq`, then
/// the PUT; alice can then read.
#[test]
fn role_assignment_as_az_makes_it() {
    let s = serve();
    let t = s.owner();
    let users = s
        .send(
            "GET",
            "/v1.0/users?$filter=userPrincipalName%20eq%20'alice@contoso.com'",
            Some(&t),
            None,
        )
        .json();
    let oid = users["value"][0]["id"].as_str().unwrap().to_string();
    let roles = s.send("GET", &s.sub("/providers/Microsoft.Authorization/roleDefinitions?$filter=roleName%20eq%20'Reader'&api-version=2022-05-01-preview"), Some(&t), None).json();
    assert_eq!(roles["value"].as_array().unwrap().len(), 1);
    let role_id = roles["value"][0]["id"].as_str().unwrap().to_string();
    let stubs = s
        .send(
            "POST",
            "/v1.0/directoryObjects/getByIds",
            Some(&t),
            Some(&json!({"ids": [oid], "types": ["user"]}).to_string()),
        )
        .json();
    assert_eq!(stubs["value"][0]["@odata.type"], "#microsoft.graph.user");
    let body = json!({"properties": {"roleDefinitionId": role_id, "principalId": oid, "principalType": "User"}});
    let ra = s.put(&t, "/providers/Microsoft.Authorization/roleAssignments/3fa85f64-5717-4562-b3fc-2c963f66afa6?api-version=2022-04-01", &body.to_string());
    assert_eq!(ra.status, 201, "{}", String::from_utf8_lossy(&ra.body));
    let alice = s.user_token("alice@contoso.com");
    assert_eq!(
        s.send(
            "GET",
            &s.sub(&format!("/resourcegroups{RG_V}")),
            Some(&alice),
            None
        )
        .status,
        200
    );
    // Listed at a group, a built-in role keeps its subscription-level id, the id assignments
    // carry (az maps assignments to role names by it).
    let at_group = s
        .send(
            "GET",
            &s.sub("/resourceGroups/rg1/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-05-01-preview"),
            Some(&t),
            None,
        )
        .json();
    assert!(
        at_group["value"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == role_id.as_str())
    );
    let app = s.send("GET", "/v1.0/me", Some(&t), None);
    assert_eq!(app.status, 400, "an application token has no /me");
    let me = s.send("GET", "/v1.0/me", Some(&alice), None).json();
    assert_eq!(me["userPrincipalName"], "alice@contoso.com");
    let sp = s
        .send(
            "GET",
            &format!(
                "/v1.0/servicePrincipals?$filter=servicePrincipalNames/any(c:c%20eq%20'{}')",
                s.var("AZURE_CLIENT_ID")
            ),
            Some(&t),
            None,
        )
        .json();
    assert_eq!(sp["value"][0]["displayName"], "hcsim-automation");
}

/// LocalStack's chaos idea: a fault posted to the control route shows in the next call.
#[test]
fn control_route_fault_shows_in_the_next_call_and_status_logs_requests() {
    let s = serve();
    let t = s.owner();
    s.put(
        &t,
        &format!("/resourcegroups/rg1{RG_V}"),
        r#"{"location":"eastus"}"#,
    );
    let o = s.control("sim fault add region-outage --region eastus");
    assert_eq!(o["ok"], true, "{o}");
    let put = s.put(&t, &format!("{WS}{V}"), r#"{"location":"eastus"}"#);
    assert!(put.status >= 400, "{}", String::from_utf8_lossy(&put.body));
    let o = s
        .send(
            "POST",
            "/hcsim/sim",
            None,
            Some(r#"{"line": "sim fault clear --all"}"#),
        )
        .json();
    assert_eq!(o["ok"], true, "{o}");
    let put = s.put(&t, &format!("{WS}{V}"), r#"{"location":"eastus"}"#);
    assert_eq!(put.status, 201);
    let st = s.send("GET", "/hcsim/status", None, None).json();
    assert!(st["served"].as_u64().unwrap() >= 5);
    assert!(
        st["log"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["status"] == 201)
    );
}

#[test]
fn a_served_session_saves_and_loads_again() {
    let s = serve();
    let t = s.owner();
    s.put(
        &t,
        &format!("/resourcegroups/kept{RG_V}"),
        r#"{"location":"eastus"}"#,
    );
    let file = std::env::temp_dir().join(format!("hcsim-serve-save-{}.json", std::process::id()));
    let path = file.display().to_string();
    let a = s.send("POST", &format!("/hcsim/save?path={path}"), None, None);
    assert_eq!(a.status, 200);
    let text = std::fs::read_to_string(&file).unwrap();
    let _ = std::fs::remove_file(&file);
    let lab = hcsim_lab::Lab::load(&text).expect("loads");
    assert!(
        lab.world()
            .resources_of_type("Microsoft.Resources/resourceGroups")
            .iter()
            .any(|r| r.name == "kept")
    );
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    use std::io::{BufReader, Write};
    let s = serve();
    let mut c = BufReader::new(s.connect());
    for _ in 0..3 {
        c.get_mut()
            .write_all(&common::request_bytes(
                "GET",
                "/metadata/endpoints",
                None,
                None,
                false,
            ))
            .unwrap();
        let a = common::read_answer(&mut c, false).expect("answer");
        assert_eq!(a.status, 200);
    }
}

/// `--timing realistic`: a poller sees `Creating`, then `Succeeded` once the virtual clock
/// (wall time × speed) has passed the operation's duration.
#[test]
fn realistic_timing_shows_creating_then_succeeded() {
    let s = common::serve_with(
        Pace::Realistic {
            speed_milli: 20_000_000,
        },
        Duration::from_secs(10),
    );
    let t = s.owner();
    s.put(
        &t,
        &format!("/resourcegroups/rg1{RG_V}"),
        r#"{"location":"eastus"}"#,
    );
    let put = s.put(&t, &format!("{WS}{V}"), r#"{"location":"eastus"}"#);
    assert_eq!(put.status, 201);
    assert_eq!(put.json()["properties"]["provisioningState"], "Creating");
    let op = put
        .header("Azure-AsyncOperation")
        .unwrap()
        .strip_prefix(&s.base)
        .unwrap()
        .to_string();
    let mut seen = Vec::new();
    for _ in 0..100 {
        let st = s.send("GET", &op, Some(&t), None).json()["status"]
            .as_str()
            .unwrap_or("")
            .to_string();
        seen.push(st.clone());
        if st == "Succeeded" {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        seen.last().map(String::as_str),
        Some("Succeeded"),
        "{seen:?}"
    );
}

/// A token a client cached stays valid when the server restarts with the same state folder
/// (the token key is kept there), as an az login survives a restart of Azure's front door.
#[test]
fn tokens_survive_a_restart_on_the_same_state_folder() {
    let dir = std::env::temp_dir().join(format!("hcsim-serve-restart-{}", std::process::id()));
    let token = {
        let first = common::serve_in(dir.clone(), Pace::Instant, Duration::from_secs(10));
        let t = first.owner();
        // Dropping the first server removes the folder: keep the key by copying it back.
        let key = std::fs::read(dir.join("token.key")).unwrap();
        drop(first);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("token.key"), key).unwrap();
        t
    };
    let second = common::serve_in(dir, Pace::Instant, Duration::from_secs(10));
    let a = second.send(
        "GET",
        &second.sub(&format!("/resourcegroups{RG_V}")),
        Some(&token),
        None,
    );
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
}
