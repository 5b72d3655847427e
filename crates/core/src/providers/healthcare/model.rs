//! The request bodies of Microsoft.HealthcareApis API 2024-03-31 as typed models, and the
//! checks the service makes on them: JSON types, enums, patterns, ranges and formats.
//!
//! Source: Azure/azure-rest-api-specs `specification/healthcareapis/resource-manager/
//! Microsoft.HealthcareApis/HealthcareApis/stable/2024-03-31/healthcare-apis.json` (MIT), and
//! `shared/reference/azure-facts.md`. Each `properties` section is deserialized on its own so
//! an error names the member that failed.
//!
//! Answers (assumed where no recording shows the service's own words, and said so here):
//! - a member of the wrong JSON type: 400 `InvalidRequestContent` ("could not be
//!   deserialized"), as ARM and .NET resource providers answer a body they cannot read;
//! - a value outside an enum, pattern, range or format, and a missing required member:
//!   400 `BadRequest`, the code the HealthcareApis provider gives its own validation errors
//!   (its name errors are `BadRequest`, fhir-server-samples#48);
//! - a user-assigned identity id that is not one: 400 `LinkedInvalidPropertyId` (ARM).
//!
//! The enums checked here are compared without regard to case, as .NET enum parsing does
//! (an assumption; `kind`, `identity.type` and `resourceIdentityResolutionType` keep their
//! checks in `healthcare.rs` and `checks.rs`). Members the model
//! does not know are ignored, as the .NET deserializer does; read-only members are ignored
//! on PUT (see `healthcare.rs`).

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ArmError;
use crate::id::{ArmPath, shorten};
use crate::resource::ResKind;
use crate::rules::RuleId;

/// The HTTP methods a CORS configuration may allow (the spec types them as free strings;
/// the list is Terraform azurerm's validation of the same property — an assumption).
const CORS_METHODS: &[&str] = &[
    "DELETE", "GET", "HEAD", "MERGE", "OPTIONS", "PATCH", "POST", "PUT",
];
/// `corsConfiguration.maxAge`: minimum 0, maximum 99999 in the spec.
const CORS_MAX_AGE: i64 = 99_999;
/// `resourceVersionPolicyConfiguration` values (`ResourceVersionPolicy` in the spec).
const VERSION_POLICIES: &[&str] = &["no-version", "versioned", "versioned-update"];
/// `smartIdentityProviders[].applications[].allowedDataActions` items (`SmartDataActions`).
const DATA_ACTIONS: &[&str] = &["Read"];
/// The device mapping's outer template type (the spec's examples and the quickstarts).
const DEVICE_TEMPLATES: &[&str] = &["CollectionContent"];
/// The FHIR destination mapping's outer template type: `CollectionFhirTemplate`, and the
/// older spelling `CollectionFhir` the quickstart templates still use.
const FHIR_TEMPLATES: &[&str] = &["CollectionFhirTemplate", "CollectionFhir"];
/// The type a user-assigned identity id must name.
const UAI_TYPE: &str = "Microsoft.ManagedIdentity/userAssignedIdentities";

/// `CorsConfiguration`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Cors {
    origins: Option<Vec<String>>,
    headers: Option<Vec<String>>,
    methods: Option<Vec<String>>,
    max_age: Option<i64>,
    #[allow(dead_code)]
    allow_credentials: Option<bool>,
}

/// `AcrConfiguration`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Acr {
    login_servers: Option<Vec<String>>,
    oci_artifacts: Option<Vec<OciArtifact>>,
}

/// `ServiceOciArtifactEntry`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OciArtifact {
    login_server: Option<String>,
    #[allow(dead_code)]
    image_name: Option<String>,
    #[allow(dead_code)]
    digest: Option<String>,
}

/// `FhirServiceAuthenticationConfiguration`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Auth {
    authority: Option<String>,
    #[allow(dead_code)]
    audience: Option<String>,
    #[allow(dead_code)]
    smart_proxy_enabled: Option<bool>,
    smart_identity_providers: Option<Vec<SmartProvider>>,
}

/// `SmartIdentityProviderConfiguration`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SmartProvider {
    authority: Option<String>,
    applications: Option<Vec<SmartApplication>>,
}

/// `SmartIdentityProviderApplication`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SmartApplication {
    #[allow(dead_code)]
    client_id: Option<String>,
    #[allow(dead_code)]
    audience: Option<String>,
    allowed_data_actions: Option<Vec<String>>,
}

/// `ResourceVersionPolicyConfiguration`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VersionPolicy {
    default: Option<String>,
    resource_type_overrides: Option<BTreeMap<String, String>>,
}

/// `FhirServiceImportConfiguration`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Import {
    integration_data_store: Option<String>,
    initial_import_mode: Option<bool>,
    enabled: Option<bool>,
}

/// `ImplementationGuidesConfiguration`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Guides {
    us_core_missing_data: Option<bool>,
}

/// `FhirServiceExportConfiguration`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Export {
    storage_account_name: Option<String>,
}

/// `Encryption`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Encryption {
    customer_managed_key_encryption: Option<CmkEncryption>,
}

/// `EncryptionCustomerManagedKeyEncryption`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct CmkEncryption {
    key_encryption_key_url: Option<String>,
}

/// `FhirServiceAccessPolicyEntry` (in the FHIR service of earlier API versions, which the
/// CLI and Terraform still use; `objectId` is a required uuid).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AccessPolicy {
    object_id: Option<String>,
}

/// `StorageConfiguration` (DICOM).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DicomStorage {
    storage_resource_id: Option<String>,
    #[allow(dead_code)]
    file_system_name: Option<String>,
}

/// `IotEventHubIngestionEndpointConfiguration`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Ingestion {
    #[allow(dead_code)]
    event_hub_name: Option<String>,
    #[allow(dead_code)]
    consumer_group: Option<String>,
    fully_qualified_event_hub_namespace: Option<String>,
}

/// `IotMappingProperties`: `content` is a free-form object in the spec.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Mapping {
    content: Option<serde_json::Map<String, Value>>,
}

/// `ServiceManagedIdentity.identity` (request members only).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Identity {
    #[serde(rename = "type")]
    kind: Option<String>,
    user_assigned_identities: Option<BTreeMap<String, Option<serde_json::Map<String, Value>>>>,
}

/// A 400 `BadRequest` of rule `valid-request` at `path`.
pub(crate) fn bad(path: &str, message: String) -> ArmError {
    ArmError::new(400, "BadRequest", message, RuleId::ValidRequest).at(path)
}

/// Deserializes the member at `path` (`None` when absent or null); a wrong JSON type is a
/// 400 `InvalidRequestContent` naming the member.
fn section<T: DeserializeOwned>(v: Option<&Value>, path: &str) -> Result<Option<T>, ArmError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => T::deserialize(v).map(Some).map_err(|e| {
            ArmError::new(
                400,
                "InvalidRequestContent",
                alloc::format!(
                    "The request content was invalid and could not be deserialized: {path}: {}.",
                    shorten(&alloc::format!("{e}"))
                ),
                RuleId::ValidRequest,
            )
            .at(path)
        }),
    }
}

/// The allowed spelling of `value` (compared without case), or a `BadRequest`.
fn one_of(path: &str, value: &str, allowed: &[&str]) -> Result<(), ArmError> {
    if allowed.iter().any(|a| a.eq_ignore_ascii_case(value)) {
        return Ok(());
    }
    Err(bad(
        path,
        alloc::format!(
            "The value '{}' of {path} is not valid. Allowed values: {}.",
            shorten(value),
            allowed.join(", ")
        ),
    ))
}

/// Checks the body of a PUT for `kind`; returns the user-assigned identity ids it names
/// (the caller checks that they exist).
pub(crate) fn validate(kind: ResKind, body: &Value) -> Result<Vec<ArmPath>, ArmError> {
    let props = body.get("properties");
    let p = |k: &str| props.and_then(|p| p.get(k));
    match kind {
        ResKind::Fhir => {
            cors(p("corsConfiguration"))?;
            acr(p("acrConfiguration"))?;
            auth(p("authenticationConfiguration"))?;
            version_policy(p("resourceVersionPolicyConfiguration"))?;
            access_policies(p("accessPolicies"))?;
            section::<Import>(p("importConfiguration"), "properties.importConfiguration")?;
            section::<Guides>(
                p("implementationGuidesConfiguration"),
                "properties.implementationGuidesConfiguration",
            )?;
            section::<Export>(p("exportConfiguration"), "properties.exportConfiguration")?;
            section::<Encryption>(p("encryption"), "properties.encryption")?;
        }
        ResKind::Dicom => {
            cors(p("corsConfiguration"))?;
            section::<Encryption>(p("encryption"), "properties.encryption")?;
            section::<bool>(p("enableDataPartitions"), "properties.enableDataPartitions")?;
            dicom_storage(p("storageConfiguration"))?;
        }
        ResKind::Iot => {
            ingestion(p("ingestionEndpointConfiguration"))?;
            mapping(
                p("deviceMapping"),
                "properties.deviceMapping",
                DEVICE_TEMPLATES,
            )?;
        }
        ResKind::FhirDestination => {
            mapping(p("fhirMapping"), "properties.fhirMapping", FHIR_TEMPLATES)?;
        }
        _ => return Ok(Vec::new()),
    }
    if kind == ResKind::FhirDestination {
        // A destination has no identity (LocationBasedResource): the member is ignored.
        return Ok(Vec::new());
    }
    identity(body.get("identity"))
}

/// `corsConfiguration`: origins by the spec's pattern, methods, maxAge 0–99999.
fn cors(v: Option<&Value>) -> Result<(), ArmError> {
    const PATH: &str = "properties.corsConfiguration";
    let Some(c) = section::<Cors>(v, PATH)? else {
        return Ok(());
    };
    for o in c.origins.iter().flatten() {
        if !cors_origin_ok(o) {
            return Err(bad(
                &alloc::format!("{PATH}.origins"),
                alloc::format!(
                    "The CORS origin '{}' is not valid: use '*' or http(s)://host[:port], with no path or trailing '/'.",
                    shorten(o)
                ),
            ));
        }
    }
    for m in c.methods.iter().flatten() {
        one_of(&alloc::format!("{PATH}.methods"), m, CORS_METHODS)?;
    }
    if let Some(h) = c.headers.iter().flatten().find(|h| h.trim().is_empty()) {
        return Err(bad(
            &alloc::format!("{PATH}.headers"),
            alloc::format!("The CORS header '{h}' is empty: name a header, or '*'."),
        ));
    }
    if let Some(age) = c.max_age
        && !(0..=CORS_MAX_AGE).contains(&age)
    {
        return Err(bad(
            &alloc::format!("{PATH}.maxAge"),
            alloc::format!(
                "The CORS maxAge {age} is out of range: it must be between 0 and {CORS_MAX_AGE} seconds."
            ),
        ));
    }
    Ok(())
}

/// The spec's origin pattern:
/// `^(?:(?:(?:[hH][tT][tT][pP](?:[sS]|))\:\/\/(?:[a-zA-Z0-9-]+[.]?)+(?:\:[0-9]{1,5})?|[*]))$`.
pub(crate) fn cors_origin_ok(origin: &str) -> bool {
    if origin == "*" {
        return true;
    }
    let lower = origin.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let (host, port) = match rest.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (rest, None),
    };
    let host_ok = !host.is_empty()
        && !host.starts_with('.')
        && !host.contains("..")
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    let port_ok =
        port.is_none_or(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    host_ok && port_ok
}

/// An absolute `https://host…` URL (authorities; the service fetches their OpenID metadata).
fn https_url(path: &str, url: &str) -> Result<(), ArmError> {
    let host = url
        .get(..8)
        .filter(|s| s.eq_ignore_ascii_case("https://"))
        .map(|_| &url[8..]);
    match host {
        Some(h) if !h.is_empty() && !h.starts_with('/') && !h.contains(char::is_whitespace) => {
            Ok(())
        }
        _ => Err(bad(
            path,
            alloc::format!(
                "{path} must be an absolute https URL (e.g. https://login.microsoftonline.com/<tenant-id>), not '{}'.",
                shorten(url)
            ),
        )),
    }
}

/// `acrConfiguration`: login servers are host names (`<registry>.azurecr.io`), without a
/// scheme or path (assumed from the spec examples and `az acr show --query loginServer`).
fn acr(v: Option<&Value>) -> Result<(), ArmError> {
    const PATH: &str = "properties.acrConfiguration";
    let Some(a) = section::<Acr>(v, PATH)? else {
        return Ok(());
    };
    let servers = a
        .login_servers
        .iter()
        .flatten()
        .map(|s| ("loginServers", s));
    let oci = a.oci_artifacts.iter().flatten().filter_map(|o| {
        o.login_server
            .as_ref()
            .map(|s| ("ociArtifacts.loginServer", s))
    });
    for (member, s) in servers.chain(oci) {
        host_name(
            &alloc::format!("{PATH}.{member}"),
            s,
            "a registry login server: give the host name only (e.g. myregistry.azurecr.io)",
        )?;
    }
    Ok(())
}

/// A bare host name (letters, digits, '-' and '.'), as login servers and Event Hubs
/// namespaces are given: no scheme, port or path. `what` completes "… is not …".
fn host_name(path: &str, s: &str, what: &str) -> Result<(), ArmError> {
    let ok = !s.is_empty()
        && !s.starts_with('.')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if ok {
        return Ok(());
    }
    Err(bad(path, alloc::format!("'{}' is not {what}.", shorten(s))))
}

/// `ingestionEndpointConfiguration.fullyQualifiedEventHubNamespace`: the namespace's host
/// name (`<namespace>.servicebus.windows.net`), without `sb://` or a path (assumed: the
/// connector builds its AMQP address from it; Terraform appends the suffix to a bare name).
fn ingestion(v: Option<&Value>) -> Result<(), ArmError> {
    const PATH: &str = "properties.ingestionEndpointConfiguration";
    let Some(i) = section::<Ingestion>(v, PATH)? else {
        return Ok(());
    };
    if let Some(ns) = &i.fully_qualified_event_hub_namespace {
        host_name(
            &alloc::format!("{PATH}.fullyQualifiedEventHubNamespace"),
            ns,
            "an Event Hubs namespace host name (e.g. myhubs.servicebus.windows.net)",
        )?;
    }
    Ok(())
}

/// `authenticationConfiguration`: https authorities; SMART `allowedDataActions` ∈ {Read}.
fn auth(v: Option<&Value>) -> Result<(), ArmError> {
    const PATH: &str = "properties.authenticationConfiguration";
    let Some(a) = section::<Auth>(v, PATH)? else {
        return Ok(());
    };
    if let Some(url) = &a.authority {
        https_url(&alloc::format!("{PATH}.authority"), url)?;
    }
    for idp in a.smart_identity_providers.iter().flatten() {
        if let Some(url) = &idp.authority {
            https_url(
                &alloc::format!("{PATH}.smartIdentityProviders.authority"),
                url,
            )?;
        }
        for app in idp.applications.iter().flatten() {
            for action in app.allowed_data_actions.iter().flatten() {
                one_of(
                    &alloc::format!(
                        "{PATH}.smartIdentityProviders.applications.allowedDataActions"
                    ),
                    action,
                    DATA_ACTIONS,
                )?;
            }
        }
    }
    Ok(())
}

/// `resourceVersionPolicyConfiguration`: every policy ∈ no-version | versioned |
/// versioned-update.
fn version_policy(v: Option<&Value>) -> Result<(), ArmError> {
    const PATH: &str = "properties.resourceVersionPolicyConfiguration";
    let Some(c) = section::<VersionPolicy>(v, PATH)? else {
        return Ok(());
    };
    if let Some(d) = &c.default {
        one_of(&alloc::format!("{PATH}.default"), d, VERSION_POLICIES)?;
    }
    for (ty, policy) in c.resource_type_overrides.iter().flatten() {
        one_of(
            &alloc::format!("{PATH}.resourceTypeOverrides.{ty}"),
            policy,
            VERSION_POLICIES,
        )?;
    }
    Ok(())
}

/// `accessPolicies[].objectId`: required, a uuid (an Entra object id).
fn access_policies(v: Option<&Value>) -> Result<(), ArmError> {
    const PATH: &str = "properties.accessPolicies";
    let Some(list) = section::<Vec<AccessPolicy>>(v, PATH)? else {
        return Ok(());
    };
    for entry in &list {
        match entry.object_id.as_deref() {
            Some(id) if is_uuid(id) => {}
            Some(id) => {
                return Err(bad(
                    &alloc::format!("{PATH}.objectId"),
                    alloc::format!(
                        "The access policy objectId '{}' is not a uuid: give the Microsoft Entra object id of a user, group or service principal.",
                        shorten(id)
                    ),
                ));
            }
            None => {
                return Err(bad(
                    &alloc::format!("{PATH}.objectId"),
                    "Each access policy needs an objectId (a Microsoft Entra object id).".into(),
                ));
            }
        }
    }
    Ok(())
}

/// A uuid in its 8-4-4-4-12 hex form.
pub(crate) fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// DICOM `storageConfiguration.storageResourceId`: the resource id of a storage account
/// (the spec: "The resource id of connected storage account"; ARM's id check answers
/// another kind of id, hcsim assumes, as any id that is not a storage account's).
fn dicom_storage(v: Option<&Value>) -> Result<(), ArmError> {
    const PATH: &str = "properties.storageConfiguration";
    let Some(s) = section::<DicomStorage>(v, PATH)? else {
        return Ok(());
    };
    if let Some(id) = &s.storage_resource_id
        && ArmPath::parse(id).map_or(true, |p| {
            !p.is_resource()
                || !p
                    .resource_type()
                    .eq_ignore_ascii_case("Microsoft.Storage/storageAccounts")
        })
    {
        return Err(ArmError::new(
            400,
            "LinkedInvalidPropertyId",
            alloc::format!(
                "Property id '{}' at path '{PATH}.storageResourceId' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{{subscriptionId}}' or '/providers/{{resourceProviderNamespace}}/'.",
                shorten(id)
            ),
            RuleId::ValidRequest,
        )
        .at(&alloc::format!("{PATH}.storageResourceId")));
    }
    Ok(())
}

/// A mapping (`deviceMapping`, `fhirMapping`): when `content` is given it names its outer
/// template type, one of `allowed`.
fn mapping(v: Option<&Value>, path: &str, allowed: &[&str]) -> Result<(), ArmError> {
    let Some(m) = section::<Mapping>(v, path)? else {
        return Ok(());
    };
    let Some(content) = m.content else {
        return Ok(());
    };
    if content.get("template").is_some_and(|t| !t.is_array()) {
        return Err(bad(
            &alloc::format!("{path}.content.template"),
            "The mapping content's 'template' must be an array of templates.".into(),
        ));
    }
    let at = alloc::format!("{path}.content.templateType");
    match content.get("templateType") {
        Some(Value::String(t)) => one_of(&at, t, allowed),
        _ => Err(bad(
            &at,
            alloc::format!(
                "The mapping content needs a templateType: {} (with its templates in 'template').",
                allowed.join(" or ")
            ),
        )),
    }
}

/// `identity`: the type (checked by `checks::validate_identity`) agrees with
/// `userAssignedIdentities`, whose keys must be user-assigned identity ids.
fn identity(v: Option<&Value>) -> Result<Vec<ArmPath>, ArmError> {
    let Some(i) = section::<Identity>(v, "identity")? else {
        return Ok(Vec::new());
    };
    let user = i
        .kind
        .as_deref()
        .is_some_and(|t| t.to_ascii_lowercase().contains("userassigned"));
    let ids = i.user_assigned_identities.unwrap_or_default();
    if user && ids.is_empty() {
        return Err(bad(
            "identity.userAssignedIdentities",
            "The identity type includes UserAssigned, so userAssignedIdentities must name at least one user-assigned identity.".into(),
        ));
    }
    if !user && !ids.is_empty() {
        return Err(bad(
            "identity.userAssignedIdentities",
            alloc::format!(
                "userAssignedIdentities may be given only when the identity type includes UserAssigned (it is '{}').",
                i.kind.as_deref().unwrap_or("")
            ),
        ));
    }
    uai_paths(ids.keys())
}

/// The user-assigned identities a PATCH's `identity` names, each checked to be an id of
/// one (ARM merges the rest of a PATCH's identity with the stored one).
pub(crate) fn patch_identities(v: &Value) -> Result<Vec<ArmPath>, ArmError> {
    let Some(i) = section::<Identity>(Some(v), "identity")? else {
        return Ok(Vec::new());
    };
    uai_paths(i.user_assigned_identities.unwrap_or_default().keys())
}

/// Parses user-assigned identity ids; one that is not such an id is ARM's 400
/// `LinkedInvalidPropertyId`.
fn uai_paths<'a>(keys: impl Iterator<Item = &'a String>) -> Result<Vec<ArmPath>, ArmError> {
    let mut out = Vec::new();
    for key in keys {
        let parsed = ArmPath::parse(key)
            .ok()
            .filter(|p| p.is_resource() && p.resource_type().eq_ignore_ascii_case(UAI_TYPE));
        let Some(path) = parsed else {
            return Err(ArmError::new(
                400,
                "LinkedInvalidPropertyId",
                alloc::format!(
                    "Property id '{}' at path 'identity.userAssignedIdentities' is invalid. Expect a fully qualified resource id of type '{UAI_TYPE}'.",
                    shorten(key)
                ),
                RuleId::ValidRequest,
            )
            .at("identity.userAssignedIdentities"));
        };
        out.push(path);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spec's origin pattern, on cases read from it.
    #[test]
    fn origins() {
        for good in [
            "*",
            "https://a.com",
            "http://localhost:8080",
            "HTTPS://A-b.c.",
            "http://x",
        ] {
            assert!(cors_origin_ok(good), "{good}");
        }
        for bad in [
            "",
            "**",
            "https://",
            "https://a.com/",
            "https://.a",
            "https://a..b",
            "https://a:",
            "https://a:123456",
            "ftp://a",
            "https://a b",
            "https://a/*",
        ] {
            assert!(!cors_origin_ok(bad), "{bad}");
        }
    }

    #[test]
    fn uuids() {
        assert!(is_uuid("c487e7d1-3210-41a3-8ccc-e9372b78da47"));
        assert!(is_uuid("C487E7D1-3210-41A3-8CCC-E9372B78DA47"));
        for bad in [
            "",
            "c487e7d1321041a38ccce9372b78da47",
            "c487e7d1-3210-41a3-8ccc-e9372b78da4",
            "g487e7d1-3210-41a3-8ccc-e9372b78da47",
            "{c487e7d1-3210-41a3-8ccc-e9372b78da47}",
        ] {
            assert!(!is_uuid(bad), "{bad}");
        }
    }
}
