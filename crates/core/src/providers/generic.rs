//! Small providers for what the rules and templates touch: resource groups, Key Vault vaults
//! and keys, role assignments, locks, virtual networks, private endpoints, Event Hubs, and an
//! opaque provider for any other type (so templates deploy and references resolve).

use alloc::string::{String, ToString};
use serde_json::{Value, json};

use crate::checks::RA_PREFIX;
use crate::config::Stage;
use crate::error::ArmError;
use crate::id::{ArmPath, shorten};
use crate::plan::PutPlan;
use crate::providers::Ctx;
use crate::rbac::{find_role, role_definition_id};
use crate::resource::{ResKind, Resource};
use crate::rules::RuleId;

fn bad(code: &str, message: String, rule: RuleId) -> ArmError {
    ArmError::new(400, code, message, rule)
}

/// ARM's rule for names of every type without a narrower one (locks, role assignments,
/// networks, Event Hubs, opaque types): no `<`, `>`, `%`, `&`, `:`, `\`, `?`, `/` and no
/// control characters, at most 260 characters (Azure's "resource name rules" page). A name
/// that arrived percent-encoded is checked decoded, so `a%2Fb` is refused as `a/b`.
/// hcsim assumes no narrower rule for these types; the message says so.
pub fn check_generic_name(name: &str) -> Result<(), ArmError> {
    let bad_char = name
        .chars()
        .find(|c| matches!(c, '<' | '>' | '%' | '&' | ':' | '\\' | '?' | '/') || c.is_control());
    let n = name.chars().count();
    if let Some(c) = bad_char {
        return Err(bad(
            "InvalidResourceName",
            alloc::format!(
                "The resource name '{}' is invalid: it contains '{}'. Resource names cannot contain '<', '>', '%', '&', ':', '\\', '?', '/' or control characters (hcsim applies this ARM-wide rule to types without a narrower one).",
                shorten(name),
                c.escape_default()
            ),
            RuleId::NameFormat,
        ));
    }
    if n == 0 || n > 260 || name.ends_with('.') || name.ends_with(' ') {
        return Err(bad(
            "InvalidResourceName",
            alloc::format!(
                "The resource name '{}' is invalid: use 1 to 260 characters, not ending with '.' or a space.",
                shorten(name)
            ),
            RuleId::NameFormat,
        ));
    }
    Ok(())
}

/// Resource groups a subscription may hold (learn.microsoft.com, "Azure subscription and
/// service limits": 980 resource groups per subscription).
pub(crate) const MAX_RESOURCE_GROUPS: usize = 980;

impl Ctx<'_> {
    /// A new group past [`MAX_RESOURCE_GROUPS`] is refused with ARM's
    /// `ResourceGroupQuotaExceeded` (its message as ARM words it; the status 400 is assumed).
    fn check_group_quota(&self, plan: &PutPlan) -> Result<(), ArmError> {
        // A group's parent is its subscription: the front door found it already.
        let sub = match plan.parent {
            Some(p) if plan.path.segments.len() == 2 => Some(p),
            _ => plan
                .path
                .segments
                .first()
                .and_then(|s| self.store.find_segments(core::slice::from_ref(s))),
        };
        let Some(sub) = sub else {
            return Ok(());
        };
        let count = self
            .store
            .children_with_prefix(sub, "resourcegroups/")
            .take(MAX_RESOURCE_GROUPS + 1)
            .count();
        if count < MAX_RESOURCE_GROUPS {
            return Ok(());
        }
        Err(ArmError::new(
            400,
            "ResourceGroupQuotaExceeded",
            alloc::format!(
                "Creating the resource group '{}' would exceed the quota of '{MAX_RESOURCE_GROUPS}'. The current resource group count is '{count}', please delete some resource groups before creating a new one in the subscription '{}'.",
                shorten(plan.path.name()),
                plan.path.subscription()
            ),
            RuleId::Quota,
        ))
    }

    /// A resource group's name, and on create ARM's group quota.
    fn validate_group(&self, plan: &PutPlan, name: &str, creating: bool) -> Result<(), ArmError> {
        let allowed = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '(' | ')');
        // An ASCII name (nearly all) is checked byte by byte, its length in bytes being its
        // length in characters; others character by character.
        let (ok_chars, too_long) = if name.is_ascii() {
            (
                name.bytes().all(|b| allowed(char::from(b))),
                name.len() > 90,
            )
        } else {
            (name.chars().all(allowed), name.chars().count() > 90)
        };
        if name.is_empty() || too_long || !ok_chars || name.ends_with('.') {
            return Err(bad(
                "InvalidResourceGroupName",
                alloc::format!(
                    "Resource group name '{}' is invalid: use 1–90 letters, digits, '-', '_', '.', '(' or ')', not ending with '.'.",
                    shorten(name)
                ),
                RuleId::NameFormat,
            ));
        }
        if creating {
            self.check_group_quota(plan)?;
        }
        Ok(())
    }

    pub(crate) fn validate_generic(&self, plan: &mut PutPlan) -> Result<(), ArmError> {
        let creating = plan.existing.is_none();
        if plan.kind == ResKind::ResourceGroup {
            // Only reads the plan: its name is borrowed, not copied.
            return self.validate_group(plan, plan.path.name(), creating);
        }
        let name = plan.path.name().to_string();
        match plan.kind {
            ResKind::KeyVault => {
                let ok = (3..=24).contains(&name.len())
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && name.starts_with(|c: char| c.is_ascii_alphabetic())
                    && !name.ends_with('-')
                    && !name.contains("--");
                if creating && !ok {
                    return Err(bad(
                        "VaultNameNotValid",
                        alloc::format!(
                            "The vault name '{}' is invalid: 3–24 letters, digits and single hyphens, starting with a letter.",
                            shorten(&name)
                        ),
                        RuleId::NameFormat,
                    ));
                }
                if creating && let Some(other) = self.index.vaults().get(&name.to_lowercase()) {
                    return Err(ArmError::new(
                        409,
                        "VaultAlreadyExists",
                        alloc::format!(
                            "The vault name '{name}' is already in use ({other}); vault names are global (https://{name}.vault.azure.net)."
                        ),
                        RuleId::NameGloballyUnique,
                    ));
                }
                self.keep_purge_protection(plan)?;
            }
            ResKind::Key => self.validate_key(plan, &name, creating)?,
            ResKind::RoleAssignment => {
                check_generic_name(&name)?;
                self.validate_role_assignment(plan)?;
            }
            ResKind::Lock => {
                check_generic_name(&name)?;
                let level = plan
                    .body
                    .pointer("/properties/level")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                if !matches!(level, "CanNotDelete" | "ReadOnly") {
                    return Err(bad(
                        "LockLevelInvalid",
                        alloc::format!(
                            "The lock level '{}' is invalid: use CanNotDelete or ReadOnly.",
                            shorten(level)
                        ),
                        RuleId::ValidRequest,
                    )
                    .at("properties.level"));
                }
            }
            ResKind::PrivateEndpoint => {
                check_generic_name(&name)?;
                self.validate_private_endpoint(plan)?;
            }
            _ if creating => check_generic_name(&name)?,
            _ => {}
        }
        Ok(())
    }

    /// A key: not a soft-deleted name, a valid name, a boolean `enabled`.
    fn validate_key(&self, plan: &PutPlan, name: &str, creating: bool) -> Result<(), ArmError> {
        self.refuse_deleted_key(plan)?;
        if creating && !(1..=127).contains(&name.len())
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(bad(
                "BadParameter",
                alloc::format!(
                    "The key name '{}' is invalid: 1–127 letters, digits and hyphens.",
                    shorten(name)
                ),
                RuleId::NameFormat,
            ));
        }
        if let Some(enabled) = plan.body.pointer("/properties/attributes/enabled")
            && !enabled.is_boolean()
        {
            return Err(bad(
                "BadParameter",
                "properties.attributes.enabled must be true or false.".into(),
                RuleId::ValidRequest,
            ));
        }
        Ok(())
    }

    fn validate_role_assignment(&self, plan: &mut PutPlan) -> Result<(), ArmError> {
        let at_workspace = plan
            .parent
            .and_then(|n| self.store.res(n))
            .is_some_and(|r| r.kind == ResKind::Workspace);
        if self.stage == Stage::PrivatePreview && at_workspace {
            return Err(ArmError::new(400, "FeatureNotAvailableInPreview", "A role assignment at workspace scope is a workspace-level setting, and none is available in the private-preview stage (\"None of the workspace level configuration settings are available during the Private Preview\"). Assign the role on the service or the resource group.".into(), RuleId::PrivatePreviewNoSettings));
        }
        let props = plan.body.get("properties").cloned().unwrap_or(Value::Null);
        let role_def = props
            .get("roleDefinitionId")
            .and_then(Value::as_str)
            .unwrap_or("");
        let role = find_role(role_def).ok_or_else(|| {
            bad(
                "RoleDefinitionDoesNotExist",
                alloc::format!(
                    "The specified role definition with ID '{}' does not exist.",
                    shorten(role_def)
                ),
                RuleId::Rbac,
            )
        })?;
        let principal_id = props
            .get("principalId")
            .and_then(Value::as_str)
            .unwrap_or("");
        let principal = self.directory.find(principal_id).cloned().ok_or_else(|| {
            bad(
                "PrincipalNotFound",
                alloc::format!(
                    "Principal {} does not exist in the directory {}.",
                    shorten(principal_id),
                    self.directory.tenant_id
                ),
                RuleId::Rbac,
            )
        })?;
        let scope_path = plan.path.parent().ok_or_else(|| {
            bad(
                "InvalidScope",
                "A role assignment needs a scope.".into(),
                RuleId::Rbac,
            )
        })?;
        if let Some(scope) = plan.parent {
            let dup = self
                .store
                .children_with_prefix(scope, RA_PREFIX)
                .find(|ra| {
                    self.store.res(*ra).is_some_and(|r| {
                        let p = &r.body.value()["properties"];
                        !r.name.eq_ignore_ascii_case(plan.path.name())
                            && p["principalId"]
                                .as_str()
                                .map(|x| x.eq_ignore_ascii_case(&principal.object_id))
                                == Some(true)
                            && p["roleDefinitionId"]
                                .as_str()
                                .and_then(find_role)
                                .map(|r| r.id)
                                == Some(role.id)
                    })
                });
            if dup.is_some() {
                return Err(ArmError::new(
                    409,
                    "RoleAssignmentExists",
                    "The role assignment already exists.".into(),
                    RuleId::Rbac,
                ));
            }
        }
        let scope_id = self
            .store
            .res(plan.parent.unwrap_or_default())
            .map(|r| r.id.clone())
            .unwrap_or_else(|| scope_path.to_string());
        plan.body.to_mut()["properties"] = json!({
            "roleDefinitionId": role_definition_id(plan.path.subscription(), role),
            "principalId": principal.object_id,
            "principalType": principal.kind.arm(),
            "scope": scope_id,
        });
        Ok(())
    }

    /// A private endpoint's subnet must exist: its virtual network, and the subnet in it.
    fn check_subnet(&self, subnet_id: Option<&str>) -> Result<(), ArmError> {
        let missing = |m: String| {
            ArmError::new(
                400,
                "InvalidResourceReference",
                m,
                RuleId::ResourceMustExist,
            )
            .at("properties.subnet.id")
        };
        let Some(id) = subnet_id else {
            return Err(missing(
                "A private endpoint needs properties.subnet.id (a subnet of a virtual network)."
                    .into(),
            ));
        };
        let path =
            ArmPath::parse(id).map_err(|e| missing(alloc::format!("properties.subnet.id: {e}")))?;
        let vnet = path
            .parent()
            .ok_or_else(|| missing(alloc::format!("'{}' is not a subnet id.", shorten(id))))?;
        let Some(vnet_res) = self.store.find(&vnet).and_then(|n| self.store.res(n)) else {
            return Err(missing(alloc::format!(
                "Resource {vnet} referenced by the private endpoint was not found: create the virtual network first (az network vnet create)."
            )));
        };
        let subnet = path.name();
        let has = vnet_res
            .body
            .at(&["properties", "subnets"])
            .unwrap_or_default()
            .as_array()
            .is_some_and(|a| {
                a.iter().any(|s| {
                    s["name"]
                        .as_str()
                        .is_some_and(|n| n.eq_ignore_ascii_case(subnet))
                })
            });
        if !has {
            return Err(missing(alloc::format!(
                "The virtual network '{}' has no subnet '{}'.",
                vnet_res.name,
                shorten(subnet)
            )));
        }
        Ok(())
    }

    fn validate_private_endpoint(&self, plan: &mut PutPlan) -> Result<(), ArmError> {
        if plan.location.is_none() {
            return Err(crate::checks::location_required());
        }
        let props = plan.body.get("properties").cloned().unwrap_or(Value::Null);
        let conn = props["privateLinkServiceConnections"]
            .as_array()
            .and_then(|a| a.first())
            .or_else(|| {
                props["manualPrivateLinkServiceConnections"]
                    .as_array()
                    .and_then(|a| a.first())
            });
        let Some(conn) = conn else {
            return Err(bad("InvalidRequestContent", "A private endpoint needs properties.privateLinkServiceConnections with one connection.".into(), RuleId::ValidRequest));
        };
        let target = conn["properties"]["privateLinkServiceId"]
            .as_str()
            .unwrap_or("");
        let path = ArmPath::parse(target).map_err(|e| {
            bad(
                "InvalidRequestContent",
                alloc::format!("privateLinkServiceId: {e}"),
                RuleId::ValidRequest,
            )
        })?;
        if super::legacy_fhir::is_legacy_fhir(&path.resource_type()) {
            self.validate_legacy_endpoint(&path, conn)?;
            return self.check_subnet(props["subnet"]["id"].as_str());
        }
        if ResKind::of(&path.resource_type()) != ResKind::Workspace {
            // Another service's private link: its target is opaque, the subnet is not.
            self.refuse_service_link(&path)?;
            return self.check_subnet(props["subnet"]["id"].as_str());
        }
        if self.stage == Stage::PrivatePreview {
            return Err(ArmError::new(400, "FeatureNotAvailableInPreview", "Private link is a workspace-level setting, and none is available in the private-preview stage.".into(), RuleId::PrivatePreviewNoSettings));
        }
        self.check_workspace_group(&plan.path, conn)?;
        match self.store.find(&path).and_then(|n| self.store.res(n)) {
            None => Err(ArmError::new(
                400,
                "PrivateLinkServiceNotFound",
                alloc::format!("The workspace '{}' does not exist.", path),
                RuleId::ResourceMustExist,
            )),
            Some(ws) if ws.state.is_busy() => Err(crate::checks::busy(&ws.id, ws.state)),
            Some(_) => self.check_subnet(props["subnet"]["id"].as_str()),
        }
    }

    /// Adds a generic resource's defaults to its stored body (a replacing PUT).
    pub(crate) fn decorate_generic(&self, res: &mut Resource) {
        if super::legacy_fhir::is_legacy_fhir(&res.type_name) {
            return self.decorate_legacy_fhir(res);
        }
        if !has_generic_defaults(res.kind) {
            // Nothing to add (a resource group, most types): copy nothing either.
            return;
        }
        let mut body = res.body.value();
        self.generic_defaults(res.kind, &res.id, &res.name, &mut body);
        res.body.set(&body);
    }

    /// Adds a key vault's, a key's or a virtual network's defaults to `body` (its id `id`,
    /// name `name`): done on the value before it is packed, so a new resource's body is
    /// packed once. A legacy FHIR service's defaults are not added here.
    pub(crate) fn generic_defaults(&self, kind: ResKind, id: &str, name: &str, body: &mut Value) {
        if !has_generic_defaults(kind) {
            return;
        }
        let tenant = self.directory.tenant_id.clone();
        let vault = id.split('/').nth(8).unwrap_or("");
        let Some(props) = body.get_mut("properties").and_then(Value::as_object_mut) else {
            return;
        };
        match kind {
            ResKind::KeyVault => {
                props.entry("tenantId").or_insert(Value::String(tenant));
                props
                    .entry("sku")
                    .or_insert_with(|| json!({"family": "A", "name": "standard"}));
                props.insert(
                    "vaultUri".into(),
                    Value::String(alloc::format!("https://{name}.vault.azure.net/")),
                );
                props.entry("enableSoftDelete").or_insert(Value::Bool(true));
                props
                    .entry("enablePurgeProtection")
                    .or_insert(Value::Bool(true));
            }
            ResKind::Key => {
                props.entry("kty").or_insert(Value::String("RSA".into()));
                props.entry("keySize").or_insert(json!(2048));
                let attrs = props.entry("attributes").or_insert_with(|| json!({}));
                if let Value::Object(a) = attrs {
                    a.entry("enabled").or_insert(Value::Bool(true));
                }
                let uri = alloc::format!("https://{vault}.vault.azure.net/keys/{name}");
                let version: String = crate::rng::guid_from(&uri)
                    .chars()
                    .filter(|c| *c != '-')
                    .collect();
                props.insert(
                    "keyUriWithVersion".into(),
                    Value::String(alloc::format!("{uri}/{version}")),
                );
                props.insert("keyUri".into(), Value::String(uri));
            }
            ResKind::VirtualNetwork => {
                props
                    .entry("addressSpace")
                    .or_insert_with(|| json!({"addressPrefixes": ["10.0.0.0/16"]}));
                props.entry("subnets").or_insert_with(
                    || json!([{"name": "default", "properties": {"addressPrefix": "10.0.0.0/24"}}]),
                );
            }
            _ => {}
        }
    }
}

/// The generic kinds whose new body gets defaults (a resource group and most types get none).
pub(crate) fn has_generic_defaults(kind: ResKind) -> bool {
    matches!(
        kind,
        ResKind::KeyVault | ResKind::Key | ResKind::VirtualNetwork
    )
}
