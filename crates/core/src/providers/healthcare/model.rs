//! The request bodies of Microsoft.HealthcareApis API 2024-03-31 as typed models, and the
//! checks the service makes on them: JSON types, enums, patterns, ranges and formats.
//!
//! Source: Azure/azure-rest-api-specs `specification/healthcareapis/resource-manager/
//! Microsoft.HealthcareApis/HealthcareApis/stable/2024-03-31/healthcare-apis.json` (MIT), and
//! `shared/reference/azure-facts.md`. Each `properties` section is read on its own so an
//! error names the member that failed; the sections' shapes are tables read by `read.rs`
//! (serde's derived models before, whose answers `model/golden.rs` keeps).
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

use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

use read::{Model, Ty, check, items, member, strs};

mod read;

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
static CORS: Model = Model {
    name: "Cors",
    fields: &[
        ("origins", Ty::Seq(&Ty::Str)),
        ("headers", Ty::Seq(&Ty::Str)),
        ("methods", Ty::Seq(&Ty::Str)),
        ("maxAge", Ty::I64),
        ("allowCredentials", Ty::Bool),
    ],
};

/// `AcrConfiguration`.
static ACR: Model = Model {
    name: "Acr",
    fields: &[
        ("loginServers", Ty::Seq(&Ty::Str)),
        ("ociArtifacts", Ty::Seq(&Ty::Struct(&OCI_ARTIFACT))),
    ],
};

/// `ServiceOciArtifactEntry`.
static OCI_ARTIFACT: Model = Model {
    name: "OciArtifact",
    fields: &[
        ("loginServer", Ty::Str),
        ("imageName", Ty::Str),
        ("digest", Ty::Str),
    ],
};

/// `FhirServiceAuthenticationConfiguration`.
static AUTH: Model = Model {
    name: "Auth",
    fields: &[
        ("authority", Ty::Str),
        ("audience", Ty::Str),
        ("smartProxyEnabled", Ty::Bool),
        (
            "smartIdentityProviders",
            Ty::Seq(&Ty::Struct(&SMART_PROVIDER)),
        ),
    ],
};

/// `SmartIdentityProviderConfiguration`.
static SMART_PROVIDER: Model = Model {
    name: "SmartProvider",
    fields: &[
        ("authority", Ty::Str),
        ("applications", Ty::Seq(&Ty::Struct(&SMART_APPLICATION))),
    ],
};

/// `SmartIdentityProviderApplication`.
static SMART_APPLICATION: Model = Model {
    name: "SmartApplication",
    fields: &[
        ("clientId", Ty::Str),
        ("audience", Ty::Str),
        ("allowedDataActions", Ty::Seq(&Ty::Str)),
    ],
};

/// `ResourceVersionPolicyConfiguration`.
static VERSION_POLICY: Model = Model {
    name: "VersionPolicy",
    fields: &[
        ("default", Ty::Str),
        ("resourceTypeOverrides", Ty::MapOf(&Ty::Str)),
    ],
};

/// `FhirServiceImportConfiguration`.
static IMPORT: Model = Model {
    name: "Import",
    fields: &[
        ("integrationDataStore", Ty::Str),
        ("initialImportMode", Ty::Bool),
        ("enabled", Ty::Bool),
    ],
};

/// `ImplementationGuidesConfiguration`.
static GUIDES: Model = Model {
    name: "Guides",
    fields: &[("usCoreMissingData", Ty::Bool)],
};

/// `FhirServiceExportConfiguration`.
static EXPORT: Model = Model {
    name: "Export",
    fields: &[("storageAccountName", Ty::Str)],
};

/// `Encryption`.
static ENCRYPTION: Model = Model {
    name: "Encryption",
    fields: &[("customerManagedKeyEncryption", Ty::Struct(&CMK_ENCRYPTION))],
};

/// `EncryptionCustomerManagedKeyEncryption`.
static CMK_ENCRYPTION: Model = Model {
    name: "CmkEncryption",
    fields: &[("keyEncryptionKeyUrl", Ty::Str)],
};

/// `FhirServiceAccessPolicyEntry` (in the FHIR service of earlier API versions, which the
/// CLI and Terraform still use; `objectId` is a required uuid).
static ACCESS_POLICY: Model = Model {
    name: "AccessPolicy",
    fields: &[("objectId", Ty::Str)],
};

/// `StorageConfiguration` (DICOM).
static DICOM_STORAGE: Model = Model {
    name: "DicomStorage",
    fields: &[("storageResourceId", Ty::Str), ("fileSystemName", Ty::Str)],
};

/// `IotEventHubIngestionEndpointConfiguration`.
static INGESTION: Model = Model {
    name: "Ingestion",
    fields: &[
        ("eventHubName", Ty::Str),
        ("consumerGroup", Ty::Str),
        ("fullyQualifiedEventHubNamespace", Ty::Str),
    ],
};

/// `IotMappingProperties`: `content` is a free-form object in the spec.
static MAPPING: Model = Model {
    name: "Mapping",
    fields: &[("content", Ty::MapOf(&Ty::Any))],
};

/// `ServiceManagedIdentity.identity` (request members only).
static IDENTITY: Model = Model {
    name: "Identity",
    fields: &[
        ("type", Ty::Str),
        (
            "userAssignedIdentities",
            Ty::MapOf(&Ty::Opt(&Ty::MapOf(&Ty::Any))),
        ),
    ],
};

/// A 400 `BadRequest` of rule `valid-request` at `path`.
pub(crate) fn bad(path: &str, message: String) -> ArmError {
    ArmError::new(400, "BadRequest", message, RuleId::ValidRequest).at(path)
}

/// The member at `path` checked against `ty` (`None` when absent or null); a wrong JSON type
/// is a 400 `InvalidRequestContent` naming the member.
fn section<'a>(v: Option<&'a Value>, ty: &Ty, path: &str) -> Result<Option<&'a Value>, ArmError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => check(v, ty).map(|()| Some(v)).map_err(|e| {
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
            section(
                p("importConfiguration"),
                &Ty::Struct(&IMPORT),
                "properties.importConfiguration",
            )?;
            section(
                p("implementationGuidesConfiguration"),
                &Ty::Struct(&GUIDES),
                "properties.implementationGuidesConfiguration",
            )?;
            section(
                p("exportConfiguration"),
                &Ty::Struct(&EXPORT),
                "properties.exportConfiguration",
            )?;
            section(
                p("encryption"),
                &Ty::Struct(&ENCRYPTION),
                "properties.encryption",
            )?;
        }
        ResKind::Dicom => {
            cors(p("corsConfiguration"))?;
            section(
                p("encryption"),
                &Ty::Struct(&ENCRYPTION),
                "properties.encryption",
            )?;
            section(
                p("enableDataPartitions"),
                &Ty::Bool,
                "properties.enableDataPartitions",
            )?;
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
    let Some(c) = section(v, &Ty::Struct(&CORS), PATH)? else {
        return Ok(());
    };
    let field = |name| member(c, &CORS, name);
    for o in strs(field("origins")) {
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
    for m in strs(field("methods")) {
        one_of(&alloc::format!("{PATH}.methods"), m, CORS_METHODS)?;
    }
    if let Some(h) = strs(field("headers")).find(|h| h.trim().is_empty()) {
        return Err(bad(
            &alloc::format!("{PATH}.headers"),
            alloc::format!("The CORS header '{h}' is empty: name a header, or '*'."),
        ));
    }
    if let Some(age) = field("maxAge").and_then(Value::as_i64)
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
    let Some(a) = section(v, &Ty::Struct(&ACR), PATH)? else {
        return Ok(());
    };
    let servers = strs(member(a, &ACR, "loginServers")).map(|s| ("loginServers", s));
    let oci = items(member(a, &ACR, "ociArtifacts")).filter_map(|o| {
        member(o, &OCI_ARTIFACT, "loginServer")
            .and_then(Value::as_str)
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
    let Some(i) = section(v, &Ty::Struct(&INGESTION), PATH)? else {
        return Ok(());
    };
    let namespace = member(i, &INGESTION, "fullyQualifiedEventHubNamespace");
    if let Some(ns) = namespace.and_then(Value::as_str) {
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
    let Some(a) = section(v, &Ty::Struct(&AUTH), PATH)? else {
        return Ok(());
    };
    if let Some(url) = member(a, &AUTH, "authority").and_then(Value::as_str) {
        https_url(&alloc::format!("{PATH}.authority"), url)?;
    }
    for idp in items(member(a, &AUTH, "smartIdentityProviders")) {
        if let Some(url) = member(idp, &SMART_PROVIDER, "authority").and_then(Value::as_str) {
            https_url(
                &alloc::format!("{PATH}.smartIdentityProviders.authority"),
                url,
            )?;
        }
        for app in items(member(idp, &SMART_PROVIDER, "applications")) {
            for action in strs(member(app, &SMART_APPLICATION, "allowedDataActions")) {
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
    let Some(c) = section(v, &Ty::Struct(&VERSION_POLICY), PATH)? else {
        return Ok(());
    };
    if let Some(d) = member(c, &VERSION_POLICY, "default").and_then(Value::as_str) {
        one_of(&alloc::format!("{PATH}.default"), d, VERSION_POLICIES)?;
    }
    let overrides = member(c, &VERSION_POLICY, "resourceTypeOverrides");
    for (ty, policy) in overrides.and_then(Value::as_object).into_iter().flatten() {
        let policy = policy.as_str().unwrap_or_default();
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
    const LIST: Ty = Ty::Seq(&Ty::Struct(&ACCESS_POLICY));
    let Some(list) = section(v, &LIST, PATH)? else {
        return Ok(());
    };
    for entry in items(Some(list)) {
        match member(entry, &ACCESS_POLICY, "objectId").and_then(Value::as_str) {
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
    let Some(s) = section(v, &Ty::Struct(&DICOM_STORAGE), PATH)? else {
        return Ok(());
    };
    if let Some(id) = member(s, &DICOM_STORAGE, "storageResourceId").and_then(Value::as_str)
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
    let Some(m) = section(v, &Ty::Struct(&MAPPING), path)? else {
        return Ok(());
    };
    let Some(content) = member(m, &MAPPING, "content") else {
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
    let Some(i) = section(v, &Ty::Struct(&IDENTITY), "identity")? else {
        return Ok(Vec::new());
    };
    let kind = member(i, &IDENTITY, "type").and_then(Value::as_str);
    let user = kind.is_some_and(|t| t.to_ascii_lowercase().contains("userassigned"));
    let ids = identity_ids(i);
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
                kind.unwrap_or("")
            ),
        ));
    }
    uai_paths(&ids)
}

/// The keys of a checked `identity`'s `userAssignedIdentities`, sorted (the order the
/// derived model's `BTreeMap` gave them in).
fn identity_ids(identity: &Value) -> Vec<&str> {
    let map = member(identity, &IDENTITY, "userAssignedIdentities").and_then(Value::as_object);
    let mut ids: Vec<&str> = map.into_iter().flatten().map(|(k, _)| k.as_str()).collect();
    ids.sort_unstable();
    ids
}

/// The user-assigned identities a PATCH's `identity` names, each checked to be an id of
/// one (ARM merges the rest of a PATCH's identity with the stored one).
pub(crate) fn patch_identities(v: &Value) -> Result<Vec<ArmPath>, ArmError> {
    let Some(i) = section(Some(v), &Ty::Struct(&IDENTITY), "identity")? else {
        return Ok(Vec::new());
    };
    uai_paths(&identity_ids(i))
}

/// Parses user-assigned identity ids; one that is not such an id is ARM's 400
/// `LinkedInvalidPropertyId`.
fn uai_paths(keys: &[&str]) -> Result<Vec<ArmPath>, ArmError> {
    let mut out = Vec::new();
    for &key in keys {
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

#[cfg(test)]
mod golden;
