//! App registrations and their service principals from the az CLI: `az ad app …`,
//! `az ad app credential …`, `az ad sp create|delete|create-for-rbac`, and signing in as the
//! new service principal (`az login --service-principal`).
//!
//! Sources (Azure/azure-cli, `src/azure-cli/azure/cli/command_modules/role/`, read at commit
//! 01ce0346a4b9e0c6e1f1ea1d0e746fb7bb401cb4, MIT): `custom.py` (`create_application`,
//! `_resolve_application`, `_reset_credential`, `create_service_principal_for_rbac`,
//! `CREDENTIAL_WARNING`), `_params.py` (flags); the recording
//! `tests/latest/recordings/test_create_for_rbac_password.yaml` (commit 3639f9d0) for the Graph
//! JSON of an application, a password credential and a service principal. Entra sign-in
//! errors: AADSTS7000215 (invalid client secret), AADSTS700016 (unknown application).

use hcsim_core::{Config, Stage, Timing};
use hcsim_lab::Lab;
use serde_json::Value;

mod support;
use support::{fail, json, ok};

const SUB: &str = "11111111-1111-1111-1111-111111111111";
const RG1: &str = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1";

fn lab() -> Lab {
    let mut lab = Lab::new(Config {
        seed: 7,
        timing: Timing::Instant,
        stage: Stage::Ga,
    });
    ok(&mut lab, "az group create -n rg1 -l eastus");
    lab
}

fn tsv(lab: &mut Lab, line: &str) -> String {
    ok(lab, line).output.trim().to_string()
}

/// `az ad app create` prints the Graph application with the fields Graph returns (nulls
/// included) and Graph's default audience; the same display name again patches that app.
#[test]
fn app_create_prints_the_graph_application_and_patches_an_existing_name() {
    let mut lab = lab();
    let o = ok(&mut lab, "az ad app create --display-name myappregtest1");
    let app = json(&o);
    assert_eq!(app["displayName"], "myappregtest1");
    // test_create_for_rbac_password.yaml: an app POSTed with only a display name.
    assert_eq!(app["signInAudience"], "AzureADandPersonalMicrosoftAccount");
    assert_eq!(
        app["@odata.context"],
        "https://graph.microsoft.com/v1.0/$metadata#applications/$entity"
    );
    for null in [
        "isFallbackPublicClient",
        "notes",
        "deletedDateTime",
        "optionalClaims",
    ] {
        assert!(app[null].is_null(), "{null}: {app}");
    }
    assert_eq!(app["passwordCredentials"], Value::Array(vec![]));
    assert_eq!(app["api"]["requestedAccessTokenVersion"], 2);
    assert_eq!(app["publicClient"]["redirectUris"], Value::Array(vec![]));
    assert!(app.get("objectId").is_none(), "Graph has no objectId");
    let (app_id, id) = (app["appId"].as_str().unwrap(), app["id"].as_str().unwrap());
    assert_ne!(app_id, id);
    // Again with the same name: az warns and patches the one app (custom.py create_application).
    let again = ok(
        &mut lab,
        "az ad app create --display-name myappregtest1 --query appId --output tsv",
    );
    assert_eq!(again.output.trim(), app_id);
    assert_eq!(
        again.warnings,
        [format!(
            "Found an existing application instance: (id) {id}. We will patch it."
        )]
    );
    let list = json(&ok(&mut lab, "az ad app list --display-name myapp"));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(
        list[0].get("@odata.context").is_none(),
        "list items carry none"
    );
    // Show by app id, object id; an unknown GUID is Graph's 404.
    assert_eq!(
        tsv(
            &mut lab,
            &format!("az ad app show --id {id} --query appId -o tsv")
        ),
        app_id
    );
    let o = fail(
        &mut lab,
        "az ad app show --id 00000000-0000-0000-0000-00000000abcd",
    );
    assert_eq!(o.code.as_deref(), Some("Request_ResourceNotFound"));
    assert!(
        o.output
            .starts_with("ERROR: Resource '00000000-0000-0000-0000-00000000abcd' does not exist"),
        "{}",
        o.output
    );
    let o = fail(&mut lab, "az ad app show --id myappregtest1");
    assert_eq!(
        o.output,
        "ERROR: Application with identifier URI 'myappregtest1' doesn't exist"
    );
}

/// AAD Graph's `--query objectId` (Learn's older articles) prints nothing, as in Azure, and
/// the explanation says why; `--query id` is the object id.
#[test]
fn query_object_id_prints_nothing_and_teaches_id() {
    let mut lab = lab();
    let app_id = tsv(
        &mut lab,
        "az ad app create --display-name a1 --query appId -o tsv",
    );
    let o = ok(
        &mut lab,
        &format!("az ad app show --id {app_id} --query objectId --output tsv"),
    );
    assert_eq!(o.output.trim(), "");
    assert!(
        o.explanation
            .as_deref()
            .is_some_and(|e| e.contains("--query id")),
        "{:?}",
        o.explanation
    );
    let id = tsv(
        &mut lab,
        &format!("az ad app show --id {app_id} --query id -o tsv"),
    );
    assert_eq!(id.len(), 36);
    // The same for the service principal (the article's `spid=$(az ad sp show … objectId)`).
    ok(&mut lab, &format!("az ad sp create --id {app_id}"));
    let o = ok(
        &mut lab,
        &format!("az ad sp show --id {app_id} --query objectId --output tsv"),
    );
    assert_eq!(o.output.trim(), "");
    assert!(o.explanation.is_some());
}

/// `az ad app update`: the property flags and top-level `--set` reach Graph; AAD Graph's old
/// names are refused as Graph refuses them (MicrosoftDocs/azure-docs issue 95977: "Invalid
/// property 'oauth2Permissions'."); a dotted path fails in az on its empty body.
#[test]
fn app_update_sets_graph_properties_and_refuses_aad_graph_names() {
    let mut lab = lab();
    let app_id = tsv(
        &mut lab,
        "az ad app create --display-name a1 --query appId -o tsv",
    );
    let o = ok(
        &mut lab,
        &format!(
            "az ad app update --id {app_id} --is-fallback-public-client true --web-redirect-uris https://localhost/cb"
        ),
    );
    assert_eq!(o.output, "", "az prints nothing for a PATCH");
    ok(
        &mut lab,
        &format!(
            "az ad app update --id {app_id} --set signInAudience=AzureADMyOrg --set notes=hello"
        ),
    );
    let app = json(&ok(&mut lab, &format!("az ad app show --id {app_id}")));
    assert_eq!(app["isFallbackPublicClient"], true);
    assert_eq!(app["web"]["redirectUris"][0], "https://localhost/cb");
    assert_eq!(app["signInAudience"], "AzureADMyOrg");
    assert_eq!(app["notes"], "hello");
    let o = fail(
        &mut lab,
        &format!("az ad app update --id {app_id} --set oauth2Permissions=\"[]\""),
    );
    assert_eq!(o.code.as_deref(), Some("Request_BadRequest"));
    assert_eq!(o.output, "ERROR: Invalid property 'oauth2Permissions'.");
    let o = fail(
        &mut lab,
        &format!("az ad app update --id {app_id} --set publicClient=true"),
    );
    assert_eq!(o.code.as_deref(), Some("Request_BadRequest"));
    let o = fail(
        &mut lab,
        &format!("az ad app update --id {app_id} --set web.redirectUris=[]"),
    );
    assert!(
        o.output.starts_with("ERROR: Couldn't find 'web' in ''."),
        "{}",
        o.output
    );
    // The display name follows into the service principal.
    ok(&mut lab, &format!("az ad sp create --id {app_id}"));
    ok(
        &mut lab,
        &format!("az ad app update --id {app_id} --display-name renamed"),
    );
    let sp = json(&ok(&mut lab, &format!("az ad sp show --id {app_id}")));
    assert_eq!(sp["displayName"], "renamed");
    assert_eq!(sp["appDisplayName"], "renamed");
}

/// `az ad app credential reset` prints appId, password and tenant with az's credential
/// warning; the list shows the metadata (hint, no secret text); `--append` keeps the old
/// secret, without it the others go; `--years` sets the end date on the virtual calendar.
#[test]
fn credential_reset_prints_a_secret_once_and_lists_its_metadata() {
    let mut lab = lab();
    let app_id = tsv(
        &mut lab,
        "az ad app create --display-name a1 --query appId -o tsv",
    );
    let o = ok(
        &mut lab,
        &format!("az ad app credential reset --id {app_id} --display-name ci --years 2"),
    );
    let cred = json(&o);
    assert_eq!(cred["appId"], app_id.as_str());
    let tenant = tsv(&mut lab, "az account show --query tenantId -o tsv");
    assert_eq!(cred["tenant"], tenant.as_str());
    let secret = cred["password"].as_str().unwrap().to_string();
    assert_eq!(secret.len(), 40);
    assert!(o.warnings[0].starts_with("The output includes credentials that you must protect."));
    let list = json(&ok(
        &mut lab,
        &format!("az ad app credential list --id {app_id}"),
    ));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["displayName"], "ci");
    assert_eq!(list[0]["hint"], &secret[..3]);
    assert!(list[0]["secretText"].is_null());
    assert_eq!(list[0]["startDateTime"], "2026-01-01T00:00:00Z");
    assert_eq!(list[0]["endDateTime"], "2028-01-01T00:00:00Z");
    ok(
        &mut lab,
        &format!("az ad app credential reset --id {app_id} --append"),
    );
    let list = json(&ok(
        &mut lab,
        &format!("az ad app credential list --id {app_id}"),
    ));
    assert_eq!(list.as_array().unwrap().len(), 2);
    let second = list[1]["keyId"].as_str().unwrap().to_string();
    ok(
        &mut lab,
        &format!("az ad app credential reset --id {app_id}"),
    );
    let list = json(&ok(
        &mut lab,
        &format!("az ad app credential list --id {app_id}"),
    ));
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "reset without --append replaces"
    );
    assert_ne!(list[0]["keyId"], second.as_str());
    let o = fail(
        &mut lab,
        &format!("az ad app credential reset --id {app_id} --years 1 --end-date 2030-01-01"),
    );
    assert_eq!(o.output, "ERROR: usage error: --years | --end-date");
    // The article's AAD Graph flag is no option of the Graph-era command.
    let o = fail(
        &mut lab,
        &format!("az ad app credential reset --id {app_id} --credential-description x"),
    );
    assert_eq!(o.code.as_deref(), Some("UnrecognizedArguments"));
}

/// `az ad sp create-for-rbac --role --scopes`: `{appId, displayName, password, tenant}`, the
/// role assignment made through ARM (listed by `az role assignment list`), az's warnings.
#[test]
fn create_for_rbac_makes_app_secret_sp_and_role_assignment() {
    let mut lab = lab();
    let o = ok(
        &mut lab,
        &format!("az ad sp create-for-rbac --name ci-app --role Contributor --scopes {RG1}"),
    );
    let out = json(&o);
    let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["appId", "displayName", "password", "tenant"]);
    assert_eq!(out["displayName"], "ci-app");
    assert_eq!(
        o.warnings,
        [
            format!("Creating 'Contributor' role assignment under scope '{RG1}'"),
            "The output includes credentials that you must protect. Be sure that you do not include these credentials in your code or check the credentials into your source control. For more information, see https://aka.ms/azadsp-cli".to_string(),
        ]
    );
    let app_id = out["appId"].as_str().unwrap();
    let sp = json(&ok(&mut lab, &format!("az ad sp show --id {app_id}")));
    assert_eq!(sp["servicePrincipalType"], "Application");
    assert_eq!(sp["servicePrincipalNames"][0], app_id);
    let ras = json(&ok(
        &mut lab,
        &format!("az role assignment list --assignee {app_id} --all"),
    ));
    assert_eq!(ras.as_array().unwrap().len(), 1, "{ras}");
    assert_eq!(ras[0]["roleDefinitionName"], "Contributor");
    assert_eq!(ras[0]["principalId"], sp["id"]);
    assert_eq!(ras[0]["scope"], RG1);
    // The credential is named "rbac" and valid one year (custom.py).
    let creds = json(&ok(
        &mut lab,
        &format!("az ad app credential list --id {app_id}"),
    ));
    assert_eq!(creds[0]["displayName"], "rbac");
    assert_eq!(creds[0]["endDateTime"], "2027-01-01T00:00:00Z");
    // Again: the same app and service principal, a new secret, the assignment kept.
    let again = json(&ok(
        &mut lab,
        &format!("az ad sp create-for-rbac --name ci-app --role Contributor --scopes {RG1}"),
    ));
    assert_eq!(again["appId"], app_id);
    assert_ne!(again["password"], out["password"]);
    let sps = json(&ok(&mut lab, "az ad sp list --display-name ci-app"));
    assert_eq!(sps.as_array().unwrap().len(), 1);
}

/// create-for-rbac's argument errors (custom.py): --role without --scopes and the reverse.
#[test]
fn create_for_rbac_needs_role_and_scopes_together() {
    let mut lab = lab();
    for line in [
        "az ad sp create-for-rbac --name x --role Contributor",
        "az ad sp create-for-rbac --name x --scopes /subscriptions/11111111-1111-1111-1111-111111111111",
    ] {
        let o = fail(&mut lab, line);
        assert_eq!(
            o.output,
            "ERROR: Usage error: To create role assignments, specify both --role and --scopes.",
            "{line}"
        );
    }
    let apps = json(&ok(&mut lab, "az ad app list"));
    assert_eq!(apps, Value::Array(vec![]), "nothing was made");
    // Without a role: app, secret and service principal only.
    let out = json(&ok(&mut lab, "az ad sp create-for-rbac --name bare"));
    let app_id = out["appId"].as_str().unwrap();
    let ras = json(&ok(
        &mut lab,
        &format!("az role assignment list --assignee {app_id} --all"),
    ));
    assert_eq!(ras, Value::Array(vec![]));
    // No name: azure-cli-%Y-%m-%d-%H-%M-%S of the (virtual) time.
    let out = json(&ok(&mut lab, "az ad sp create-for-rbac"));
    assert_eq!(out["displayName"], "azure-cli-2026-01-01-00-00-00");
}

/// `--json-auth` (and the deprecated `--sdk-auth`) print the SDK auth file in az's order.
#[test]
fn create_for_rbac_json_auth_prints_the_sdk_auth_file() {
    let mut lab = lab();
    let o = ok(
        &mut lab,
        &format!(
            "az ad sp create-for-rbac --name gh --role Contributor --scopes {RG1} --json-auth"
        ),
    );
    let v = json(&o);
    assert_eq!(v["subscriptionId"], SUB);
    assert_eq!(
        v["activeDirectoryEndpointUrl"],
        "https://login.microsoftonline.com"
    );
    assert_eq!(
        v["resourceManagerEndpointUrl"],
        "https://management.azure.com/"
    );
    assert!(
        o.output.starts_with("{\n  \"clientId\": \""),
        "{}",
        o.output
    );
    let o = ok(&mut lab, "az ad sp create-for-rbac --name gh2 --sdk-auth");
    assert_eq!(
        o.warnings[0],
        "Option '--sdk-auth' has been deprecated and will be removed in a future release."
    );
}

/// The register-application article's path: app, service principal, role assignment, then
/// `az login --service-principal` with the app's id and secret acts as it — RBAC applies to
/// it; a wrong secret answers as Entra does (AADSTS7000215).
#[test]
fn service_principal_signs_in_with_its_secret_and_acts_under_its_roles() {
    let mut lab = lab();
    ok(&mut lab, "az group create -n rg2 -l eastus");
    let app_id = tsv(
        &mut lab,
        "az ad app create --display-name client1 --query appId -o tsv",
    );
    let secret = tsv(
        &mut lab,
        &format!("az ad app credential reset --id {app_id} --query password -o tsv"),
    );
    let tenant = tsv(&mut lab, "az account show --query tenantId -o tsv");
    // No service principal yet: the app cannot sign in.
    let o = fail(
        &mut lab,
        &format!("az login --service-principal -u {app_id} -p {secret} --tenant {tenant}"),
    );
    assert!(o.output.contains("AADSTS7000229"), "{}", o.output);
    let sp_id = tsv(
        &mut lab,
        &format!("az ad sp create --id {app_id} --query id -o tsv"),
    );
    ok(
        &mut lab,
        &format!("az role assignment create --assignee {app_id} --role Contributor --scope {RG1}"),
    );
    let o = fail(
        &mut lab,
        &format!("az login --service-principal -u {app_id} -p wrong --tenant {tenant}"),
    );
    assert_eq!(o.code.as_deref(), Some("InvalidClient"));
    assert_eq!(o.rule.as_deref(), Some("app-credential"));
    assert!(
        o.explanation
            .as_deref()
            .is_some_and(|e| e.contains("az ad app credential reset")),
        "{:?}",
        o.explanation
    );
    assert!(
        o.output
            .contains("AADSTS7000215: Invalid client secret provided."),
        "{}",
        o.output
    );
    let subs = json(&ok(
        &mut lab,
        &format!("az login --service-principal -u {app_id} -p {secret} --tenant {tenant}"),
    ));
    assert_eq!(subs[0]["user"]["name"], app_id.as_str());
    assert_eq!(subs[0]["user"]["type"], "servicePrincipal");
    ok(
        &mut lab,
        "az healthcareapis workspace create -n ws1 -g rg1 -l eastus",
    );
    let o = fail(
        &mut lab,
        "az healthcareapis workspace create -n ws2 -g rg2 -l eastus",
    );
    assert_eq!(o.code.as_deref(), Some("AuthorizationFailed"));
    assert!(o.output.contains(&sp_id), "{}", o.output);
    // A service principal holds no Graph permission to register apps.
    let o = fail(&mut lab, "az ad app create --display-name other");
    assert_eq!(o.code.as_deref(), Some("Authorization_RequestDenied"));
    ok(&mut lab, "az login");
    ok(&mut lab, &format!("az ad app delete --id {app_id}"));
    let o = fail(
        &mut lab,
        &format!("az login --service-principal -u {app_id} -p {secret} --tenant {tenant}"),
    );
    assert!(o.output.contains("AADSTS700016"), "{}", o.output);
    let sps = json(&ok(&mut lab, "az ad sp list --display-name client1"));
    assert_eq!(
        sps,
        Value::Array(vec![]),
        "deleting the app deleted its service principal"
    );
}

/// A secret past its end date no longer signs in (AADSTS7000222), on the virtual calendar.
#[test]
fn an_expired_secret_no_longer_signs_in() {
    let mut lab = lab();
    let out = json(&ok(&mut lab, "az ad sp create-for-rbac --name short"));
    let (app_id, secret) = (
        out["appId"].as_str().unwrap(),
        out["password"].as_str().unwrap(),
    );
    ok(&mut lab, "sim advance 400d");
    let o = fail(
        &mut lab,
        &format!(
            "az login --service-principal -u {app_id} -p {secret} --tenant contoso.onmicrosoft.com"
        ),
    );
    assert!(o.output.contains("AADSTS7000222"), "{}", o.output);
}

/// `az ad sp create` for an unknown app and twice for one app; `az ad sp delete`.
#[test]
fn sp_create_and_delete_answer_as_graph() {
    let mut lab = lab();
    let o = fail(
        &mut lab,
        "az ad sp create --id 00000000-0000-0000-0000-0000000000aa",
    );
    assert!(
        o.output
            .contains("does not reference a valid application object"),
        "{}",
        o.output
    );
    let app_id = tsv(
        &mut lab,
        "az ad app create --display-name a1 --query appId -o tsv",
    );
    let sp = json(&ok(&mut lab, &format!("az ad sp create --id {app_id}")));
    assert_eq!(
        sp["@odata.context"],
        "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals/$entity"
    );
    assert_eq!(sp["appId"], app_id.as_str());
    assert_eq!(sp["accountEnabled"], true);
    let o = fail(&mut lab, &format!("az ad sp create --id {app_id}"));
    assert_eq!(o.status, Some(409));
    ok(&mut lab, &format!("az ad sp delete --id {app_id}"));
    let o = fail(&mut lab, &format!("az ad sp show --id {app_id}"));
    assert_eq!(o.code.as_deref(), Some("Request_ResourceNotFound"));
    // The app stays: only its service principal went.
    ok(&mut lab, &format!("az ad app show --id {app_id}"));
}

/// Secrets come from the session's seed: a saved session loads to the same secrets, and
/// undo takes an app registration back.
#[test]
fn secrets_are_deterministic_and_registrations_undo() {
    let mut lab = lab();
    let a = json(&ok(&mut lab, "az ad sp create-for-rbac --name d1"));
    let mut other = self::lab();
    let b = json(&ok(&mut other, "az ad sp create-for-rbac --name d1"));
    assert_eq!(a, b, "same seed, same lines, same secret");
    let saved = lab.save();
    let mut back = Lab::load(&saved).expect("loads");
    let app_id = a["appId"].as_str().unwrap();
    let secret = a["password"].as_str().unwrap();
    ok(
        &mut back,
        &format!(
            "az login --service-principal -u {app_id} -p {secret} --tenant contoso.onmicrosoft.com"
        ),
    );
    ok(&mut lab, "az ad app create --display-name undone");
    assert!(lab.undo().is_some());
    let apps = json(&ok(&mut lab, "az ad app list --display-name undone"));
    assert_eq!(apps, Value::Array(vec![]));
}

/// The web platform's implicit-grant flags are kept; the flags hcsim does not simulate (key
/// credentials, JSON properties) say so instead of being taken as unknown.
#[test]
fn implicit_grant_flags_are_kept_and_unsimulated_flags_say_so() {
    let mut lab = lab();
    let app = json(&ok(
        &mut lab,
        "az ad app create --display-name web1 --web-redirect-uris https://localhost/signin --enable-id-token-issuance true",
    ));
    let grant = &app["web"]["implicitGrantSettings"];
    assert_eq!(grant["enableIdTokenIssuance"], true);
    assert_eq!(grant["enableAccessTokenIssuance"], false);
    let o = fail(
        &mut lab,
        "az ad app create --display-name web2 --app-roles \"[]\"",
    );
    assert_eq!(o.code.as_deref(), Some("NotSupported"));
    assert!(o.output.contains("--app-roles"), "{}", o.output);
    let apps = json(&ok(&mut lab, "az ad app list --display-name web2"));
    assert_eq!(apps, Value::Array(vec![]), "nothing registered");
}

/// `az ad sp credential reset` adds a secret to the service principal itself (custom.py
/// `reset_service_principal_credential`): listed there, not on the app, and it signs in.
#[test]
fn sp_credential_reset_adds_a_secret_that_signs_in() {
    let mut lab = lab();
    let out = json(&ok(&mut lab, "az ad sp create-for-rbac --name rot"));
    let app_id = out["appId"].as_str().unwrap().to_string();
    let o = ok(
        &mut lab,
        &format!("az ad sp credential reset --id {app_id} --display-name rotated"),
    );
    let cred = json(&o);
    assert_eq!(cred["appId"], app_id.as_str());
    assert!(o.warnings[0].starts_with("The output includes credentials"));
    let secret = cred["password"].as_str().unwrap().to_string();
    let on_sp = json(&ok(
        &mut lab,
        &format!("az ad sp credential list --id {app_id}"),
    ));
    assert_eq!(on_sp.as_array().unwrap().len(), 1);
    assert_eq!(on_sp[0]["displayName"], "rotated");
    let on_app = json(&ok(
        &mut lab,
        &format!("az ad app credential list --id {app_id}"),
    ));
    assert_eq!(on_app.as_array().unwrap().len(), 1, "create-for-rbac's own");
    assert_eq!(on_app[0]["displayName"], "rbac");
    ok(
        &mut lab,
        &format!(
            "az login --service-principal -u {app_id} -p {secret} --tenant contoso.onmicrosoft.com"
        ),
    );
    ok(&mut lab, "az login");
    let o = fail(&mut lab, "az ad sp credential list --id nosuchsp");
    assert_eq!(
        o.output,
        "ERROR: Service principal 'nosuchsp' doesn't exist"
    );
}
