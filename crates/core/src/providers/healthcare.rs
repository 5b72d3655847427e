//! `Microsoft.HealthcareApis`: workspaces, FHIR, DICOM, IoT connectors, FHIR destinations and
//! private endpoint connections, with the rules of the workspace.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use crate::config::Stage;
use crate::error::ArmError;
use crate::id::{ArmPath, shorten};
use crate::plan::PutPlan;
use crate::providers::Ctx;
use crate::regions;
use crate::resource::{ProvisioningState, ResKind, Resource, WorkspaceSettings};
use crate::rules::RuleId;
use crate::sorted;
use crate::store::{NodeId, Store};

mod model;

/// The legacy Azure API for FHIR type (kept as a generic resource).
pub const LEGACY_FHIR: &str = "Microsoft.HealthcareApis/services";
/// Quota: workspaces per subscription.
pub const MAX_WORKSPACES_PER_SUBSCRIPTION: u32 = 10;
/// Quota: FHIR services per workspace.
pub const MAX_FHIR_PER_WORKSPACE: usize = 10;
/// Quota: DICOM services per workspace.
pub const MAX_DICOM_PER_WORKSPACE: usize = 10;
/// Quota: FHIR services per subscription.
pub const MAX_FHIR_PER_SUBSCRIPTION: u32 = 100;

fn name_error(message: String) -> ArmError {
    ArmError::new(400, "BadRequest", message, RuleId::NameFormat)
}

/// Workspace names: 3–24 lowercase letters or digits, no hyphen (rule `name-format`).
pub fn check_workspace_name(name: &str) -> Result<(), ArmError> {
    check_name(name, "workspace", false)
}

/// Service names (FHIR, DICOM, IoT, destinations): 3–24 lowercase letters, digits and inner
/// hyphens (`^[a-z0-9][a-z0-9-]{1,22}[a-z0-9]$`, rule `name-format`).
pub fn check_service_name(name: &str) -> Result<(), ArmError> {
    check_name(name, "service", true)
}

/// The shared name rule: 3–24 characters, lowercase letters and digits, and (for services)
/// hyphens that neither start nor end the name.
fn check_name(name: &str, what: &str, hyphens: bool) -> Result<(), ArmError> {
    let n = name.chars().count();
    if !(3..=24).contains(&n) {
        return Err(name_error(alloc::format!(
            "The {what} name '{}' is {n} characters long; it must be 3 to 24.",
            shorten(name)
        )));
    }
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || (hyphens && c == '-');
    if let Some(c) = name.chars().find(|c| !allowed(*c)) {
        let hint = if c == '-' {
            " Hyphens are not allowed in workspace names (templates strip them with replace())."
        } else if c.is_ascii_uppercase() {
            " Upper-case letters are not allowed."
        } else {
            ""
        };
        let allowed_text = if hyphens {
            "lowercase letters, digits and hyphens"
        } else {
            "only lowercase letters and digits"
        };
        return Err(name_error(alloc::format!(
            "The {what} name '{}' contains '{}': use {allowed_text}.{hint}",
            shorten(name),
            c.escape_default()
        )));
    }
    if name.starts_with('-') || name.ends_with('-') {
        return Err(name_error(alloc::format!(
            "The {what} name '{}' must start and end with a letter or digit.",
            shorten(name)
        )));
    }
    Ok(())
}

/// Properties that API 2024-03-31 marks read-only on workspaces, FHIR and DICOM services:
/// `publicNetworkAccess` follows private link (an approved private endpoint turns public
/// access off for every service of the workspace).
const READ_ONLY_PROPERTIES: &[&str] = &["publicNetworkAccess"];

/// True for the types whose `publicNetworkAccess` is read-only in 2024-03-31.
fn has_read_only_access(kind: ResKind) -> bool {
    matches!(kind, ResKind::Workspace | ResKind::Fhir | ResKind::Dicom)
}

/// PUT: a read-only property in the body is ignored, as ARM resource providers do so that a
/// GET body can be PUT back (the quickstart Bicep and the CLI still send
/// `publicNetworkAccess` on create). hcsim assumes the real service ignores it too; the GET
/// shows the value private link gives.
fn ignore_read_only(plan: &mut PutPlan) {
    if !has_read_only_access(plan.kind) {
        return;
    }
    if let Some(props) = plan
        .body
        .to_mut()
        .get_mut("properties")
        .and_then(Value::as_object_mut)
    {
        for key in READ_ONLY_PROPERTIES {
            props.remove(*key);
        }
    }
}

/// PATCH: a read-only property cannot be changed, so a PATCH naming one is refused rather
/// than silently ignored (a workspace PATCH takes only `tags`, a service PATCH `tags` and
/// `identity`); rule `settings-apply-to-all-children`, as `az healthcareapis workspace
/// update --public-network-access` gets. hcsim assumes a 400 `ReadOnlyProperty`.
pub(crate) fn check_patch_read_only(
    kind: ResKind,
    body: &Map<String, Value>,
) -> Result<(), ArmError> {
    if !has_read_only_access(kind) {
        return Ok(());
    }
    let props = body.get("properties").and_then(Value::as_object);
    let Some(key) = READ_ONLY_PROPERTIES
        .iter()
        .find(|k| props.is_some_and(|p| p.contains_key(**k)))
    else {
        return Ok(());
    };
    Err(ArmError::new(
        400,
        "ReadOnlyProperty",
        alloc::format!("{key} is read-only in API 2024-03-31: it follows private link. Create a private endpoint to the workspace (az network private-endpoint create … --group-id healthcareworkspace) to turn public access off for every service, or delete it to turn it back on."),
        RuleId::SettingsApplyToAllChildren,
    )
    .at(&alloc::format!("properties.{key}")))
}

fn phi(message: String) -> ArmError {
    ArmError::new(400, "BadRequest", message, RuleId::PhiStaysInWorkspace)
}

fn no_settings_in_preview(what: &str) -> ArmError {
    ArmError::new(
        400,
        "FeatureNotAvailableInPreview",
        alloc::format!(
            "{what} is a workspace-level setting, and none is available in the private-preview stage."
        ),
        RuleId::PrivatePreviewNoSettings,
    )
}

impl Ctx<'_> {
    pub(crate) fn validate_healthcare(&self, plan: &mut PutPlan) -> Result<(), ArmError> {
        let creating = plan.existing.is_none();
        let name = plan.path.name().to_string();
        if plan.body.get("properties").is_some_and(|p| !p.is_object()) {
            return Err(ArmError::new(
                400,
                "InvalidRequestContent",
                "properties must be a JSON object.".into(),
                RuleId::ValidRequest,
            )
            .at("properties"));
        }
        ignore_read_only(plan);
        match plan.kind {
            ResKind::Workspace => self.validate_workspace(plan, creating, &name),
            ResKind::Fhir | ResKind::Dicom | ResKind::Iot => {
                self.validate_service(plan, creating, &name)
            }
            ResKind::FhirDestination => self.validate_destination(plan, creating, &name),
            ResKind::PrivateEndpointConnection => {
                if self.stage == Stage::PrivatePreview {
                    return Err(no_settings_in_preview("Private link"));
                }
                if creating {
                    return Err(ArmError::new(404, "PrivateEndpointConnectionNotFound", "Private endpoint connections are made by creating a private endpoint (az network private-endpoint create); only existing ones can be approved or rejected.".into(), RuleId::ResourceMustExist));
                }
                let status = plan.body["properties"]["privateLinkServiceConnectionState"]["status"]
                    .as_str()
                    .unwrap_or("");
                if !matches!(status, "Approved" | "Rejected" | "Pending") {
                    return Err(ArmError::new(400, "BadRequest", "properties.privateLinkServiceConnectionState.status must be Approved, Rejected or Pending.".into(), RuleId::ValidRequest));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn validate_workspace(
        &self,
        plan: &mut PutPlan,
        creating: bool,
        name: &str,
    ) -> Result<(), ArmError> {
        let Some(loc) = plan.location.clone() else {
            return Err(crate::checks::location_required());
        };
        self.check_offered(&loc, plan)?;
        if !creating {
            return Ok(());
        }
        check_workspace_name(name)?;
        let sub = plan.path.subscription().to_lowercase();
        if let Some(rec) = self.index.healthcare().workspace_name(&name.to_lowercase()) {
            if rec.live {
                return Err(ArmError::new(
                    409,
                    "NameNotAvailable",
                    alloc::format!(
                        "The workspace name '{name}' is already in use (workspace names are global: they are part of every service URL). Choose another name."
                    ),
                    RuleId::NameGloballyUnique,
                ));
            }
            if rec.subscription != sub {
                return Err(ArmError::new(
                    409,
                    "NameNotAvailable",
                    alloc::format!(
                        "The workspace name '{name}' belonged to a deleted workspace of another subscription ({}); it can be reused only there.",
                        rec.subscription
                    ),
                    RuleId::WorkspaceNameReuse,
                ));
            }
        }
        let count = self.index.healthcare().count(&sub, ResKind::Workspace);
        if count >= MAX_WORKSPACES_PER_SUBSCRIPTION {
            return Err(ArmError::new(
                409,
                "QuotaExceeded",
                alloc::format!(
                    "The subscription already has {count} workspaces; the quota is {MAX_WORKSPACES_PER_SUBSCRIPTION} per subscription."
                ),
                RuleId::Quota,
            ));
        }
        Ok(())
    }

    fn check_offered(&self, loc: &str, plan: &PutPlan) -> Result<(), ArmError> {
        let medtech = matches!(plan.kind, ResKind::Iot | ResKind::FhirDestination);
        if !regions::offers_healthcare(loc, medtech) {
            let list: alloc::vec::Vec<&str> = regions::HEALTHCARE_REGIONS
                .iter()
                .copied()
                .filter(|r| !medtech || !regions::MEDTECH_EXCLUDED.contains(r))
                .collect();
            return Err(ArmError::new(
                400,
                "LocationNotAvailableForResourceType",
                alloc::format!("The provided location '{loc}' is not available for resource type '{}'. List of available regions for the resource type is '{}'.", plan.type_name, list.join(",")),
                RuleId::RegionAvailability,
            )
            .at("location"));
        }
        Ok(())
    }

    /// The workspace node above a service node.
    fn workspace_of(&self, node: NodeId) -> Option<NodeId> {
        let mut cur = Some(node);
        while let Some(n) = cur {
            if self.store.res(n).map(|r| r.kind) == Some(ResKind::Workspace) {
                return Some(n);
            }
            cur = self.store.node(n).and_then(|x| x.parent);
        }
        None
    }

    fn child_location(&self, plan: &mut PutPlan) -> Result<String, ArmError> {
        let ws = plan
            .parent
            .and_then(|p| self.workspace_of(p))
            .and_then(|w| self.store.res(w));
        let ws_loc = ws.and_then(|w| w.location.clone()).unwrap_or_default();
        match &plan.location {
            None => plan.location = Some(ws_loc.clone()),
            Some(l) if *l != ws_loc && plan.existing.is_none() => {
                return Err(ArmError::new(
                    400,
                    "InvalidResourceLocation",
                    alloc::format!(
                        "The {} must be created in its workspace's region '{ws_loc}', not '{l}'. (az uses the resource group's region when --location is not given.)",
                        plan.kind.label()
                    ),
                    RuleId::ChildInWorkspaceRegion,
                )
                .at("location"));
            }
            Some(_) => {}
        }
        let loc = plan.location.clone().unwrap_or_default();
        self.check_offered(&loc, plan)?;
        Ok(loc)
    }

    fn validate_service(
        &self,
        plan: &mut PutPlan,
        creating: bool,
        name: &str,
    ) -> Result<(), ArmError> {
        if creating {
            check_service_name(name)?;
        }
        self.child_location(plan)?;
        crate::checks::canonicalize_identity(plan.body.to_mut());
        if let Some(identity) = plan.body.get("identity") {
            crate::checks::validate_identity(identity)?;
        }
        self.validate_model(plan)?;
        let ws = plan.parent.ok_or_else(|| {
            ArmError::new(
                404,
                "ParentResourceNotFound",
                "The workspace does not exist.".into(),
                RuleId::WorkspaceFirst,
            )
        })?;
        let ws_res = self.store.res(ws).ok_or_else(|| {
            ArmError::new(
                404,
                "ParentResourceNotFound",
                "The workspace does not exist.".into(),
                RuleId::WorkspaceFirst,
            )
        })?;
        if plan.kind == ResKind::Fhir {
            self.fhir_kind(plan)?;
        }
        // Customer-managed key: a service may not contradict its workspace's key.
        let own_key = plan.body["properties"]["encryption"]["customerManagedKeyEncryption"]["keyEncryptionKeyUrl"].as_str();
        if let (Some(own), Some(ws_key)) = (own_key, ws_res.settings.cmk_key_url.as_deref())
            && !own.eq_ignore_ascii_case(ws_key)
        {
            return Err(ArmError::new(
                    400,
                    "BadRequest",
                    alloc::format!("The workspace encrypts every service with the customer-managed key '{ws_key}'; this service asks for '{}'.", shorten(own)),
                    RuleId::SettingsApplyToAllChildren,
                )
                .at("properties.encryption"));
        }
        if ws_res.settings.cmk_key_url.is_none() && plan.kind != ResKind::Iot {
            self.check_service_key(plan)?;
        }
        if creating {
            self.check_new_service(plan, ws, ws_res, name)?;
        }
        Ok(())
    }

    /// The body against the typed model of API 2024-03-31 (`model`), then the user-assigned
    /// identities it names: each must exist in the world. For one that does not, ARM's
    /// managed-identity call fails: 400 `FailedIdentityOperation` (the code Azure gives,
    /// e.g. Azure PowerShell's VMSS scripts map it to "user-assigned identity does not
    /// exist"; the message is hcsim's).
    fn validate_model(&self, plan: &PutPlan) -> Result<(), ArmError> {
        let identities = model::validate(plan.kind, &plan.body)?;
        self.identities_exist(&plan.path.to_string(), &identities)
    }

    /// PATCH (`tags` + `identity` on FHIR, DICOM and IoT): the user-assigned identities the
    /// body names must be identity ids that exist, as on PUT.
    pub(crate) fn check_patch_identity(
        &self,
        kind: ResKind,
        id: &str,
        identity: &Value,
    ) -> Result<(), ArmError> {
        if !matches!(kind, ResKind::Fhir | ResKind::Dicom | ResKind::Iot) {
            return Ok(());
        }
        self.identities_exist(id, &model::patch_identities(identity)?)
    }

    fn identities_exist(&self, id: &str, identities: &[ArmPath]) -> Result<(), ArmError> {
        for uai in identities {
            let found = self.store.find(uai).and_then(|n| self.store.res(n));
            let is_uai = found.is_some_and(|r| {
                r.type_name
                    .eq_ignore_ascii_case("Microsoft.ManagedIdentity/userAssignedIdentities")
            });
            if !is_uai {
                return Err(ArmError::new(
                    400,
                    "FailedIdentityOperation",
                    alloc::format!(
                        "Identity operation for resource '{id}' failed: the user-assigned identity '{}' was not found. Create it first (az identity create; in hcsim, deploy a Microsoft.ManagedIdentity/userAssignedIdentities resource with az deployment group create) and pass its full resource id.",
                        shorten(&uai.to_string())
                    ),
                    RuleId::ResourceMustExist,
                )
                .at("identity.userAssignedIdentities"));
            }
        }
        Ok(())
    }

    /// A FHIR service's `kind` (FHIR version): fhir-R4 (the default) or fhir-Stu3, fixed once
    /// created; normalizes the body to the canonical spelling.
    fn fhir_kind(&self, plan: &mut PutPlan) -> Result<(), ArmError> {
        let kind = plan.body.get("kind").cloned().unwrap_or(Value::Null);
        // A repeated PUT without `kind` keeps the stored version rather than defaulting.
        let stored = plan
            .existing
            .and_then(|n| self.store.res(n))
            .and_then(|r| r.body.str_at(&["kind"]));
        let canonical = match kind.as_str() {
            None if kind.is_null() && stored == Some("fhir-Stu3") => "fhir-Stu3",
            None if kind.is_null() => "fhir-R4",
            Some(k) if k.eq_ignore_ascii_case("fhir-R4") => "fhir-R4",
            Some(k) if k.eq_ignore_ascii_case("fhir-Stu3") => "fhir-Stu3",
            _ => {
                return Err(ArmError::new(
                    400,
                    "BadRequest",
                    alloc::format!(
                        "kind '{}' is not valid for a FHIR service: use fhir-R4 or fhir-Stu3.",
                        shorten(&kind.to_string())
                    ),
                    RuleId::ValidRequest,
                )
                .at("kind"));
            }
        };
        if let Some(old) = plan
            .existing
            .and_then(|n| self.store.res(n))
            .and_then(|r| r.body.str_at(&["kind"]))
            && old != canonical
            && !kind.is_null()
        {
            return Err(ArmError::new(400, "BadRequest", alloc::format!("The FHIR version (kind) of a FHIR service cannot change after creation: it is {old}."), RuleId::ValidRequest).at("kind"));
        }
        if let Value::Object(m) = plan.body.to_mut() {
            m.insert("kind".into(), Value::String(canonical.into()));
        }
        Ok(())
    }

    /// What only a new service must pass: its workspace's key accessible, the quotas, and a
    /// free service URL.
    fn check_new_service(
        &self,
        plan: &PutPlan,
        ws: NodeId,
        ws_res: &Resource,
        name: &str,
    ) -> Result<(), ArmError> {
        if ws_res.settings.cmk_key_url.is_some()
            && let Some(reason) = self.workspace_cmk_problem(ws)
        {
            return Err(ArmError::new(
                400,
                "CustomerManagedKeyInaccessible",
                alloc::format!("The workspace's customer-managed key is not accessible: {reason}."),
                RuleId::CmkAccessRequired,
            ));
        }
        let children = |prefix: &str| self.store.children_with_prefix(ws, prefix).count();
        let (count, max, what) = match plan.kind {
            ResKind::Fhir => (
                children("fhirservices/"),
                MAX_FHIR_PER_WORKSPACE,
                "FHIR services",
            ),
            ResKind::Dicom => (
                children("dicomservices/"),
                MAX_DICOM_PER_WORKSPACE,
                "DICOM services",
            ),
            _ => (0, usize::MAX, ""),
        };
        if count >= max {
            return Err(ArmError::new(
                409,
                "QuotaExceeded",
                alloc::format!(
                    "The workspace already has {count} {what}; the quota is {max} per workspace."
                ),
                RuleId::Quota,
            ));
        }
        if plan.kind == ResKind::Fhir {
            let sub_count = self
                .index
                .healthcare()
                .count(plan.path.subscription(), ResKind::Fhir);
            if sub_count >= MAX_FHIR_PER_SUBSCRIPTION {
                return Err(ArmError::new(
                    409,
                    "QuotaExceeded",
                    alloc::format!(
                        "The subscription already has {sub_count} FHIR services; the quota is {MAX_FHIR_PER_SUBSCRIPTION} per subscription."
                    ),
                    RuleId::Quota,
                ));
            }
        }
        if let Some(host) = service_host_of(&ws_res.name, name, plan.kind)
            && self.index.healthcare().url_taken(&host)
        {
            return Err(ArmError::new(
                409,
                "BadRequest",
                alloc::format!("Service name is not available: https://{host} is taken."),
                RuleId::NameGloballyUnique,
            ));
        }
        Ok(())
    }

    fn validate_destination(
        &self,
        plan: &mut PutPlan,
        creating: bool,
        name: &str,
    ) -> Result<(), ArmError> {
        if creating {
            check_service_name(name)?;
        }
        let props = plan.body.get("properties").cloned().unwrap_or(Value::Null);
        let required = |k: &str| {
            ArmError::new(
                400,
                "BadRequest",
                alloc::format!("properties.{k} is required for a FHIR destination."),
                RuleId::ValidRequest,
            )
            .at(&alloc::format!("properties.{k}"))
        };
        let resolution = props
            .get("resourceIdentityResolutionType")
            .and_then(Value::as_str)
            .ok_or_else(|| required("resourceIdentityResolutionType"))?;
        if !matches!(resolution, "Create" | "Lookup") {
            return Err(ArmError::new(
                400,
                "BadRequest",
                alloc::format!(
                    "resourceIdentityResolutionType must be Create or Lookup, not '{}'.",
                    shorten(resolution)
                ),
                RuleId::ValidRequest,
            ));
        }
        let fhir_id = props
            .get("fhirServiceResourceId")
            .and_then(Value::as_str)
            .ok_or_else(|| required("fhirServiceResourceId"))?;
        if !props.get("fhirMapping").is_some_and(Value::is_object) {
            return Err(required("fhirMapping"));
        }
        self.validate_model(plan)?;
        self.child_location(plan)?;
        // The destination must be a FHIR service of the same workspace (rule phi-stays-in-workspace).
        let fhir_id = if fhir_id.starts_with('/') {
            fhir_id.to_string()
        } else {
            alloc::format!("/{fhir_id}")
        };
        let fhir_path = ArmPath::parse(&fhir_id).map_err(|e| {
            phi(alloc::format!(
                "fhirServiceResourceId is not a valid resource id: {e}"
            ))
        })?;
        let fhir_node = self.store.find(&fhir_path);
        let fhir = fhir_node.and_then(|n| self.store.res(n));
        match fhir {
            Some(r) if r.kind == ResKind::Fhir => {}
            Some(r) => {
                return Err(phi(alloc::format!(
                    "fhirServiceResourceId names a {}, not a FHIR service.",
                    r.kind.label()
                )));
            }
            None => {
                return Err(phi(alloc::format!(
                    "fhirServiceResourceId '{}' names no existing FHIR service; create it in this workspace first.",
                    shorten(&fhir_id)
                )));
            }
        }
        let own_ws = plan.parent.and_then(|p| self.workspace_of(p));
        let fhir_ws = fhir_node.and_then(|n| self.workspace_of(n));
        if own_ws != fhir_ws {
            let name_of = |n: Option<NodeId>| {
                n.and_then(|n| self.store.res(n))
                    .map(|r| r.id.clone())
                    .unwrap_or_default()
            };
            return Err(phi(alloc::format!(
                "The FHIR service '{}' is in workspace '{}', but this IoT connector is in '{}'. Protected health information may travel only inside one workspace.",
                fhir_path.name(),
                name_of(fhir_ws),
                name_of(own_ws)
            )));
        }
        Ok(())
    }

    /// Adds a healthcare service's defaults to its stored body (a replacing PUT).
    pub(crate) fn decorate_healthcare(&self, res: &mut Resource) {
        if !matches!(res.kind, ResKind::Fhir | ResKind::Dicom) {
            // Nothing to add (a workspace, an IoT connector …): copy nothing either.
            return;
        }
        let mut body = res.body.value();
        self.healthcare_defaults(res.kind, &res.id, &res.name, &mut body);
        res.body.set(&body);
    }

    /// Adds a FHIR or DICOM service's defaults to `body` (its id `id`, name `name`): done on
    /// the value before it is packed, so a new service's body is packed once.
    pub(crate) fn healthcare_defaults(
        &self,
        kind: ResKind,
        id: &str,
        name: &str,
        body: &mut Value,
    ) {
        if !matches!(kind, ResKind::Fhir | ResKind::Dicom) {
            return;
        }
        let ws_name = id.split('/').nth(8).unwrap_or("");
        let tenant = &self.directory.tenant_id;
        let host = service_host_of(ws_name, name, kind);
        let Some(props) = body.get_mut("properties").and_then(Value::as_object_mut) else {
            return;
        };
        match kind {
            ResKind::Fhir => {
                let audience = host
                    .map(|h| alloc::format!("https://{h}"))
                    .unwrap_or_default();
                let auth = props
                    .entry("authenticationConfiguration")
                    .or_insert_with(|| json!({}));
                if let Value::Object(a) = auth {
                    a.entry("authority").or_insert_with(|| {
                        Value::String(alloc::format!("https://login.microsoftonline.com/{tenant}"))
                    });
                    a.entry("audience").or_insert(Value::String(audience));
                    a.entry("smartProxyEnabled").or_insert(Value::Bool(false));
                }
                props
                    .entry("eventState")
                    .or_insert(Value::String("Disabled".into()));
            }
            ResKind::Dicom => {
                props.insert("serviceUrl".into(), Value::Null);
                props.insert(
                    "authenticationConfiguration".into(),
                    json!({"authority": alloc::format!("https://login.microsoftonline.com/{tenant}"), "audiences": ["https://dicom.healthcareapis.azure.com", "https://dicom.healthcareapis.azure.com/"]}),
                );
                props
                    .entry("eventState")
                    .or_insert(Value::String("Disabled".into()));
            }
            _ => {}
        }
    }

    /// The `serviceUrl` a DICOM service shows once it is provisioned (a FHIR service has none).
    pub(crate) fn dicom_service_url(&self, node: NodeId) -> Option<String> {
        let host = self.service_host(node)?;
        (self.store.res(node)?.kind == ResKind::Dicom).then(|| alloc::format!("https://{host}"))
    }

    /// The public host name of a FHIR or DICOM service node.
    pub(crate) fn service_host(&self, node: NodeId) -> Option<String> {
        service_host(self.store, node)
    }

    /// Validates the workspace-level settings extension (`hcsimSettings`).
    pub(crate) fn validate_settings(
        &self,
        ws: NodeId,
        value: &Value,
    ) -> Result<WorkspaceSettings, ArmError> {
        let cur = self
            .store
            .res(ws)
            .map(|r| (*r.settings).clone())
            .unwrap_or_default();
        let Some(obj) = value.as_object() else {
            return Err(ArmError::new(
                400,
                "InvalidRequestContent",
                "hcsimSettings must be a JSON object.".into(),
                RuleId::ValidRequest,
            ));
        };
        if self.stage == Stage::PrivatePreview && !obj.is_empty() {
            let what = if obj.contains_key("customerManagedKey") {
                "A customer-managed key"
            } else {
                "Monitoring"
            };
            return Err(no_settings_in_preview(what));
        }
        let mut out = cur;
        if let Some(cmk) = obj.get("customerManagedKey") {
            if cmk.is_null() {
                out.cmk_key_url = None;
                out.cmk_vault_id = None;
            } else {
                let url = cmk.get("keyUrl").and_then(Value::as_str).ok_or_else(|| {
                    ArmError::new(
                        400,
                        "BadRequest",
                        "customerManagedKey.keyUrl must be a Key Vault key URL.".into(),
                        RuleId::ValidRequest,
                    )
                })?;
                // The same key and vault requirements as a service's own key: the workspace
                // hands it to every service (hcsim's extension; Azure sets keys per service).
                let ws_loc = self.store.res(ws).and_then(|r| r.location.clone());
                let checked = self
                    .check_key_url(url, ws_loc.as_deref())
                    .map_err(|e| e.at("hcsimSettings.customerManagedKey.keyUrl"))?;
                let vault_id =
                    checked.and_then(|(vnode, _, _)| self.store.res(vnode).map(|r| r.id.clone()));
                out.cmk_key_url = Some(url.to_string());
                out.cmk_vault_id = vault_id;
            }
        }
        if let Some(m) = obj.get("monitoring") {
            if m.is_null() {
                out.monitoring = false;
                out.monitoring_workspace_id = None;
            } else {
                out.monitoring = m.get("enabled").and_then(Value::as_bool).ok_or_else(|| {
                    ArmError::new(
                        400,
                        "BadRequest",
                        "monitoring.enabled must be true or false.".into(),
                        RuleId::ValidRequest,
                    )
                })?;
                out.monitoring_workspace_id = m
                    .get("workspaceId")
                    .and_then(Value::as_str)
                    .map(ToString::to_string);
            }
        }
        Ok(out)
    }

    /// Why a key in a simulated vault cannot be used now, if it cannot.
    pub(crate) fn key_problem(&self, vault_id: &str, key: &str) -> Option<String> {
        let Some(vnode) = self.find_node(vault_id) else {
            return Some(alloc::format!(
                "the key vault '{vault_id}' no longer exists"
            ));
        };
        let key_node = self.store.children_with_prefix(vnode, "keys/").find(|k| {
            self.store
                .res(*k)
                .is_some_and(|r| r.name.eq_ignore_ascii_case(key))
        });
        let Some(key_node) = key_node else {
            return Some(alloc::format!(
                "the key '{key}' does not exist in the vault"
            ));
        };
        let key_res = self.store.res(key_node)?;
        if let Some(problem) = self.key_state_problem(key_res) {
            return Some(problem);
        }
        let vid = vault_id.to_lowercase();
        let kid = key_res.id.to_lowercase();
        let deny = self.faults.key_vault_deny(&vid, &kid);
        deny.map(|f| {
            alloc::format!(
                "the key vault denies access (fault #{} until {})",
                f.id,
                f.ends
            )
        })
    }

    fn workspace_cmk_problem(&self, ws: NodeId) -> Option<String> {
        let s = &self.store.res(ws)?.settings;
        let url = s.cmk_key_url.as_deref()?;
        let (_, key) = parse_key_url(url)?;
        let vid = s.cmk_vault_id.as_deref()?;
        self.key_problem(vid, &key)
    }

    /// Why a FHIR or DICOM service cannot reach its customer-managed key now, if it cannot.
    pub(crate) fn cmk_problem(&self, node: NodeId) -> Option<String> {
        let res = self.store.res(node)?;
        if !matches!(res.kind, ResKind::Fhir | ResKind::Dicom) {
            return None;
        }
        if let Some(ws) = self.workspace_of(node)
            && self
                .store
                .res(ws)
                .is_some_and(|w| w.settings.cmk_key_url.is_some())
        {
            return self.workspace_cmk_problem(ws);
        }
        let own = res.body.str_at(&[
            "properties",
            "encryption",
            "customerManagedKeyEncryption",
            "keyEncryptionKeyUrl",
        ])?;
        let (vault, key) = parse_key_url(own)?;
        let vid = self.index.vaults().get(&vault)?;
        self.key_problem(vid, &key)
            .or_else(|| self.identity_key_problem(node, vid, &key))
    }

    /// `Microsoft.HealthcareApis/checkNameAvailability`: whether a workspace (or Azure API for
    /// FHIR) name is free; a service's own name is checked by its create request.
    pub(crate) fn check_name_availability(&self, body: Option<&Value>) -> Value {
        let name = body
            .and_then(|b| b.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let type_name = body
            .and_then(|b| b.get("type"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let lower = name.to_lowercase();
        if type_name.eq_ignore_ascii_case("Microsoft.HealthcareApis/services") {
            // Azure API for FHIR (legacy, stored as a generic resource): names are
            // case-insensitive and its URL is https://{name}.azurehealthcareapis.com.
            if check_service_name(&lower).is_err() {
                return json!({"nameAvailable": false, "reason": "Invalid", "message": "Name must be 3-24 letters, digits or inner hyphens."});
            }
            let taken = self.index.healthcare().legacy_fhir_taken(&lower);
            return if taken {
                json!({"nameAvailable": false, "reason": "AlreadyExists", "message": "Service name is not available."})
            } else {
                json!({"nameAvailable": true})
            };
        }
        // Workspace names are global (they start every service URL); a service's own name is
        // unique only together with its workspace's, which the create request checks.
        let taken = self
            .index
            .healthcare()
            .workspace_name(&lower)
            .is_some_and(|w| w.live);
        if check_service_name(name).is_err() && check_workspace_name(name).is_err() {
            return json!({"nameAvailable": false, "reason": "Invalid", "message": "Name must be 3-24 lowercase letters, digits or inner hyphens."});
        }
        if taken {
            json!({"nameAvailable": false, "reason": "AlreadyExists", "message": "Service name is not available."})
        } else {
            json!({"nameAvailable": true})
        }
    }

    /// The connection a new private endpoint makes to its workspace, approved when its creator
    /// may write to the workspace (else Pending); the front door inserts it.
    pub(crate) fn private_endpoint_connection(&self, pe: NodeId) -> Option<NewConnection> {
        let r = self.store.res(pe)?;
        let (pe_id, pe_name, creator) = (r.id.clone(), r.name.clone(), r.created_by.clone());
        let props = &r.body.value()["properties"];
        let (conn, manual) = match props["privateLinkServiceConnections"]
            .as_array()
            .and_then(|a| a.first())
        {
            Some(c) => (c.clone(), false),
            None => match props["manualPrivateLinkServiceConnections"]
                .as_array()
                .and_then(|a| a.first())
            {
                Some(c) => (c.clone(), true),
                None => return None,
            },
        };
        let target = conn["properties"]["privateLinkServiceId"].as_str()?;
        let ws = self.find_node(target)?;
        if self.store.res(ws).map(|w| w.kind) != Some(ResKind::Workspace) {
            return None;
        }
        let ws_id = self.store.res(ws).map(|w| w.id.clone()).unwrap_or_default();
        // Auto-approval when the creator may write to the workspace; else it waits (Pending).
        let creator_ok = self
            .directory
            .find(&creator)
            .cloned()
            .map(|p| crate::rbac::permits(self.store, &p, ws, crate::rbac::Action::Write))
            == Some(true);
        let status = if !manual && creator_ok {
            "Approved"
        } else {
            "Pending"
        };
        let suffix = &crate::rng::guid_from(&pe_id)[..8];
        let name = alloc::format!("{pe_name}.{suffix}");
        let id = alloc::format!("{ws_id}/privateEndpointConnections/{name}");
        let body = json!({
            "id": id, "name": name, "type": "Microsoft.HealthcareApis/workspaces/privateEndpointConnections",
            "properties": {
                "privateEndpoint": {"id": pe_id},
                "groupIds": ["healthcareworkspace"],
                "privateLinkServiceConnectionState": {"status": status, "description": if status == "Approved" { "Auto-Approved" } else { "Awaiting approval" }, "actionsRequired": "None"},
                "provisioningState": "Succeeded",
            }
        });
        let res = Resource {
            id: id.clone(),
            name: name.clone(),
            type_name: "Microsoft.HealthcareApis/workspaces/privateEndpointConnections".into(),
            kind: ResKind::PrivateEndpointConnection,
            location: None,
            state: ProvisioningState::Succeeded,
            body: body.into(),
            created_at: self.now,
            created_by: creator,
            settings: Default::default(),
        };
        let key = alloc::format!("privateendpointconnections/{}", name.to_lowercase());
        Some(NewConnection {
            workspace: ws,
            workspace_id: ws_id,
            key,
            res,
            status,
        })
    }
}

/// A private endpoint connection to insert under a workspace.
pub(crate) struct NewConnection {
    /// The workspace node.
    pub workspace: NodeId,
    /// The workspace id.
    pub workspace_id: String,
    /// Its store key under the workspace.
    pub key: String,
    /// The connection.
    pub res: Resource,
    /// `Approved` or `Pending`.
    pub status: &'static str,
}

/// Record of a workspace name (rule `workspace-name-reuse`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WsName {
    /// The subscription (lower-cased) of the workspace that holds or held the name.
    pub subscription: String,
    /// True while that workspace exists.
    pub live: bool,
}

/// The look-ups the `Microsoft.HealthcareApis` rules need without walking the tree.
///
/// Invariants (kept by the front door's bookkeeping as resources come and go): `ws_names`
/// holds every workspace name ever used, live or not (a deleted workspace's name stays
/// reserved for its subscription); `urls` holds the host of every FHIR and DICOM service;
/// `legacy_fhir_names` counts Azure API for FHIR services by name; `counts` counts
/// healthcare resources per (lower-cased subscription, kind) for the quotas. The two small
/// tables (a few subscriptions × kinds, a few legacy services) are `Vec`s sorted by key, not
/// maps: two map layouts fewer in the browser's start module (docs/WASM-SIZE.md, fifth stop).
#[derive(Clone, Debug, Default)]
pub struct HealthcareIndex {
    ws_names: BTreeMap<String, WsName>,
    urls: BTreeMap<String, String>,
    legacy_fhir_names: Vec<(String, u32)>,
    counts: Vec<((String, ResKind), u32)>,
}

impl HealthcareIndex {
    /// The record of a workspace name (lower-cased).
    pub fn workspace_name(&self, name_lower: &str) -> Option<&WsName> {
        self.ws_names.get(name_lower)
    }

    /// True if a FHIR or DICOM service answers at `host`.
    pub fn url_taken(&self, host: &str) -> bool {
        self.urls.contains_key(host)
    }

    /// True if an Azure API for FHIR service is named `name_lower`.
    pub fn legacy_fhir_taken(&self, name_lower: &str) -> bool {
        sorted::look_up(&self.legacy_fhir_names, name_lower).is_some()
    }

    /// Resources of `kind` in a subscription (quotas).
    pub fn count(&self, subscription: &str, kind: ResKind) -> u32 {
        let sub = subscription.to_lowercase();
        self.count_at(&sub, kind).map_or(0, |at| self.counts[at].1)
    }

    /// Where (subscription, kind) is in `counts` (`Err`: where it would go).
    fn count_at(&self, sub: &str, kind: ResKind) -> Result<usize, usize> {
        self.counts
            .binary_search_by(|((s, k), _)| (s.as_str(), *k).cmp(&(sub, kind)))
    }

    /// Keeps the index in step as `res` comes (`present`) or goes; `host` is its service host.
    pub fn track(&mut self, res: &Resource, host: Option<String>, present: bool) {
        let kind = res.kind;
        let legacy = kind == ResKind::Generic && res.type_name.eq_ignore_ascii_case(LEGACY_FHIR);
        if !kind.is_healthcare() && !legacy {
            // Nothing of a group's or another type's is indexed here: lower-case nothing.
            return;
        }
        let name = res.name.to_lowercase();
        let sub = res.id.split('/').nth(2).unwrap_or("").to_lowercase();
        if kind.is_healthcare() {
            let at = self.count_at(&sub, kind).unwrap_or_else(|at| {
                self.counts.insert(at, ((sub.clone(), kind), 0));
                at
            });
            let count = &mut self.counts[at].1;
            *count = if present {
                *count + 1
            } else {
                count.saturating_sub(1)
            };
        }
        match kind {
            ResKind::Workspace => {
                let rec = WsName {
                    subscription: sub,
                    live: present,
                };
                self.ws_names.insert(name, rec);
            }
            ResKind::Fhir | ResKind::Dicom => {
                if let Some(host) = host {
                    if present {
                        self.urls.insert(host, res.id.clone());
                    } else {
                        self.urls.remove(&host);
                    }
                }
            }
            ResKind::Generic if res.type_name.eq_ignore_ascii_case(LEGACY_FHIR) => {
                let c = sorted::look_up(&self.legacy_fhir_names, &name).map_or(0, |c| *c);
                let c = if present { c + 1 } else { c.saturating_sub(1) };
                if c == 0 {
                    sorted::take(&mut self.legacy_fhir_names, &name);
                } else {
                    sorted::put(&mut self.legacy_fhir_names, name, c);
                }
            }
            _ => {}
        }
    }
}

/// The public host name of a FHIR or DICOM service node (its workspace is its parent).
pub(crate) fn service_host(store: &Store, node: NodeId) -> Option<String> {
    let res = store.res(node)?;
    let ws = store.node(node)?.parent.and_then(|p| store.res(p))?;
    service_host_of(&ws.name, &res.name, res.kind)
}

/// `<workspace>-<service>.fhir.azurehealthcareapis.com` (or `.dicom.`), lower-cased.
pub fn service_host_of(workspace: &str, service: &str, kind: ResKind) -> Option<String> {
    let plane = match kind {
        ResKind::Fhir => "fhir",
        ResKind::Dicom => "dicom",
        _ => return None,
    };
    Some(alloc::format!(
        "{}-{}.{plane}.azurehealthcareapis.com",
        workspace.to_lowercase(),
        service.to_lowercase()
    ))
}

/// Splits `https://<vault>.vault.azure.net/keys/<key>[/<version>]` into (vault, key), lower-cased vault.
pub fn parse_key_url(url: &str) -> Option<(String, String)> {
    let rest = url.strip_prefix("https://")?;
    let (host, path) = rest.split_once('/')?;
    let vault = host.strip_suffix(".vault.azure.net")?;
    let mut parts = path.trim_end_matches('/').split('/');
    if parts.next()? != "keys" {
        return None;
    }
    let key = parts.next()?;
    if vault.is_empty() || key.is_empty() {
        return None;
    }
    Some((vault.to_lowercase(), key.to_string()))
}

/// The one private link resource (sub-resource) a workspace offers, `healthcareworkspace`:
/// a private endpoint's `--group-id`. Read-only (GET and list only, API 2024-03-31). The shape
/// follows the REST spec's `WorkspacePrivateLinkResources_Get` example (`groupId`,
/// `requiredMembers`, `requiredZoneNames`); `workspace_id` is the workspace's id as stored.
pub const PRIVATE_LINK_GROUP: &str = "healthcareworkspace";

/// The ARM type of a workspace's private link resources.
pub const PRIVATE_LINK_RESOURCES_TYPE: &str =
    "Microsoft.HealthcareApis/workspaces/privateLinkResources";

/// The body of the workspace's private link resource (see [`PRIVATE_LINK_GROUP`]).
pub fn private_link_resource(workspace_id: &str) -> Value {
    json!({
        "id": alloc::format!("{workspace_id}/privateLinkResources/{PRIVATE_LINK_GROUP}"),
        "name": PRIVATE_LINK_GROUP,
        "type": PRIVATE_LINK_RESOURCES_TYPE,
        "properties": {
            "groupId": PRIVATE_LINK_GROUP,
            "requiredMembers": ["fhirservices", "dicomservices"],
            "requiredZoneNames": [
                "privatelink.fhir.azurehealthcareapis.com",
                "privatelink.dicom.azurehealthcareapis.com"
            ]
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workspace_names() {
        assert!(check_workspace_name("ws1").is_ok());
        assert!(check_workspace_name("abcdefghijklmnopqrstuvwx").is_ok());
        for bad in ["ws", "ws-1", "WS1", "abcdefghijklmnopqrstuvwxy", "wś1", ""] {
            let e = check_workspace_name(bad).unwrap_err();
            assert_eq!(e.rule, Some(RuleId::NameFormat), "{bad}");
        }
    }

    #[test]
    fn service_names() {
        assert!(check_service_name("fhir-1").is_ok());
        for bad in ["-fhir", "fhir-", "Fhir1", "f1", "fhir_1"] {
            assert!(check_service_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn key_urls() {
        assert_eq!(
            parse_key_url("https://KV1.vault.azure.net/keys/k1/abc"),
            Some(("kv1".into(), "k1".into()))
        );
        assert_eq!(
            parse_key_url("https://kv1.vault.azure.net/keys/k1"),
            Some(("kv1".into(), "k1".into()))
        );
        assert_eq!(parse_key_url("http://kv1.vault.azure.net/keys/k1"), None);
        assert_eq!(
            parse_key_url("https://kv1.vault.azure.net/secrets/k1"),
            None
        );
    }
}
