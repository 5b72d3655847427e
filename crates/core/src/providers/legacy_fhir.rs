//! Azure API for FHIR (`Microsoft.HealthcareApis/services`), the legacy service the
//! workspace's FHIR service replaces (REST API 2024-03-31 `services`; azure-facts.md
//! "Legacy services"). Stored as an opaque resource; this module holds its own rules.
//!
//! Retirement (learn.microsoft.com azure-api-for-fhir overview): no new deployments from
//! 1 April 2025, retired 30 September 2026. hcsim's clock starts on 2026-01-01, before the
//! retirement, when only existing customers can still create services. **Assumption:** hcsim
//! allows the create (the learner plays an existing customer) and the lab warns on every
//! create that the service is retired; the front door itself refuses nothing for it.

use alloc::string::ToString;
use serde_json::{Value, json};

use crate::error::ArmError;
use crate::id::shorten;
use crate::plan::PutPlan;
use crate::providers::Ctx;
use crate::providers::healthcare::NewConnection;
use crate::resource::{ProvisioningState, ResKind, Resource};
use crate::rules::RuleId;
use crate::store::NodeId;

/// The ARM type of an Azure API for FHIR service.
pub use super::healthcare::LEGACY_FHIR;

/// The kinds a legacy service accepts (spec `Kind` enum, required).
pub const KINDS: &[&str] = &["fhir", "fhir-Stu3", "fhir-R4"];

/// The Cosmos DB throughput floor (spec `offerThroughput` minimum 400 RU/s).
pub const MIN_THROUGHPUT: u64 = 400;

/// The one private link resource (group) a legacy service offers.
pub const PRIVATE_LINK_GROUP: &str = "fhir";

/// The ARM type of a legacy service's private link resources.
pub const PRIVATE_LINK_RESOURCES_TYPE: &str =
    "Microsoft.HealthcareApis/services/privateLinkResources";

/// The body of a legacy service's private link resource `fhir` (`service_id` as stored).
/// Assumption: the zone is `privatelink.azurehealthcareapis.com`, the legacy host's parent.
pub fn private_link_resource(service_id: &str) -> Value {
    json!({
        "id": alloc::format!("{service_id}/privateLinkResources/{PRIVATE_LINK_GROUP}"),
        "name": PRIVATE_LINK_GROUP,
        "type": PRIVATE_LINK_RESOURCES_TYPE,
        "properties": {
            "groupId": PRIVATE_LINK_GROUP,
            "requiredMembers": [PRIVATE_LINK_GROUP],
            "requiredZoneNames": ["privatelink.azurehealthcareapis.com"]
        }
    })
}

/// The ARM type of a legacy service's private endpoint connections.
pub const CONNECTION_TYPE: &str = "Microsoft.HealthcareApis/services/privateEndpointConnections";

/// The warning the lab logs on every create (on stderr, as az logs warnings; without the
/// `WARNING: ` prefix front ends add). hcsim's own sentence: the extension itself is not
/// known to warn (an assumption; the dates are Microsoft's, see the module text).
pub const RETIREMENT_WARNING: &str = "Azure API for FHIR is retired: no new deployments since 1 April 2025, retirement on 30 September 2026. hcsim lets you create it as an existing customer could; migrate to the FHIR service of an Azure Health Data Services workspace (az healthcareapis workspace fhir-service create).";

/// Whether `type_name` is a legacy service itself (not one of its children).
pub fn is_legacy_fhir(type_name: &str) -> bool {
    type_name.eq_ignore_ascii_case(LEGACY_FHIR)
}

/// The public host of a legacy service: `<name>.azurehealthcareapis.com`, lower-cased.
pub fn legacy_host(name: &str) -> alloc::string::String {
    alloc::format!("{}.azurehealthcareapis.com", name.to_lowercase())
}

fn invalid(message: alloc::string::String, target: &str) -> ArmError {
    ArmError::new(400, "InvalidRequestContent", message, RuleId::ValidRequest).at(target)
}

/// The legacy name rule: 3–24 lowercase letters, digits and inner hyphens (the name is the
/// host name `https://<name>.azurehealthcareapis.com`).
pub fn check_legacy_name(name: &str) -> Result<(), ArmError> {
    super::healthcare::check_service_name(name)
}

impl Ctx<'_> {
    /// Validates a PUT of a legacy service: name (on create), `kind`, `location`, and the
    /// typed properties.
    pub(crate) fn validate_legacy_fhir(&self, plan: &mut PutPlan) -> Result<(), ArmError> {
        let name = plan.path.name().to_string();
        if plan.existing.is_none() {
            check_legacy_name(&name)?;
            if self
                .index
                .healthcare()
                .legacy_fhir_taken(&name.to_lowercase())
            {
                // Azure's answer (azure-facts.md: microsoft/fhir-server-samples#137):
                // 400 BadRequest "Service name is not available."; hcsim adds why.
                return Err(ArmError::new(
                    400,
                    "BadRequest",
                    alloc::format!(
                        "Service name is not available. ('{}' is in use: https://{} is a global host name.)",
                        shorten(&name),
                        legacy_host(&name)
                    ),
                    RuleId::NameGloballyUnique,
                ));
            }
        }
        if plan.location.is_none() {
            return Err(crate::checks::location_required());
        }
        match plan.body.get("kind").and_then(Value::as_str) {
            Some(k) if KINDS.iter().any(|x| x.eq_ignore_ascii_case(k)) => {}
            Some(k) => {
                return Err(invalid(
                    alloc::format!(
                        "The kind '{}' is invalid for Azure API for FHIR: use fhir, fhir-Stu3 or fhir-R4.",
                        shorten(k)
                    ),
                    "kind",
                ));
            }
            None => {
                return Err(invalid(
                    "The kind of an Azure API for FHIR service is required: fhir, fhir-Stu3 or fhir-R4.".into(),
                    "kind",
                ));
            }
        }
        let props = plan.body.get("properties").cloned().unwrap_or(Value::Null);
        check_properties(&props)
    }

    /// Fills a new legacy service's computed fields (audience, Cosmos DB default, access).
    pub(crate) fn decorate_legacy_fhir(&self, res: &mut Resource) {
        let tenant = self.directory.tenant_id.clone();
        let host = legacy_host(&res.name);
        let mut body = res.body.edit();
        let Some(props) = body.get_mut("properties").and_then(Value::as_object_mut) else {
            return;
        };
        props.entry("accessPolicies").or_insert_with(|| json!([]));
        props
            .entry("cosmosDbConfiguration")
            .or_insert_with(|| json!({"offerThroughput": 400}));
        let auth = props
            .entry("authenticationConfiguration")
            .or_insert_with(|| json!({}));
        if let Value::Object(a) = auth {
            a.entry("authority").or_insert_with(|| {
                Value::String(alloc::format!("https://login.microsoftonline.com/{tenant}"))
            });
            a.entry("audience")
                .or_insert_with(|| Value::String(alloc::format!("https://{host}")));
            a.entry("smartProxyEnabled").or_insert(Value::Bool(false));
        }
        props.entry("corsConfiguration").or_insert_with(
            || json!({"origins": [], "headers": [], "methods": [], "allowCredentials": false}),
        );
        props
            .entry("exportConfiguration")
            .or_insert_with(|| json!({}));
        props
            .entry("acrConfiguration")
            .or_insert_with(|| json!({"loginServers": []}));
        props
            .entry("privateEndpointConnections")
            .or_insert_with(|| json!([]));
        props
            .entry("publicNetworkAccess")
            .or_insert_with(|| Value::String("Enabled".into()));
    }
}

impl Ctx<'_> {
    /// Checks a private endpoint to a legacy service: the service exists and is not busy, and
    /// the endpoint asks for the group `fhir`.
    pub(crate) fn validate_legacy_endpoint(
        &self,
        target: &crate::id::ArmPath,
        conn: &Value,
    ) -> Result<(), ArmError> {
        let groups_ok = conn["properties"]["groupIds"].as_array().is_some_and(|g| {
            g.iter().any(|x| {
                x.as_str()
                    .is_some_and(|s| s.eq_ignore_ascii_case(PRIVATE_LINK_GROUP))
            })
        });
        if !groups_ok {
            return Err(invalid(
                "A private endpoint to Azure API for FHIR uses the sub-resource (group id) 'fhir'."
                    .into(),
                "properties.privateLinkServiceConnections",
            ));
        }
        match self.store.find(target).and_then(|n| self.store.res(n)) {
            None => Err(ArmError::new(
                400,
                "PrivateLinkServiceNotFound",
                alloc::format!("The Azure API for FHIR service '{target}' does not exist."),
                RuleId::ResourceMustExist,
            )),
            Some(s) if s.state.is_busy() => Err(crate::checks::busy(&s.id, s.state)),
            Some(_) => Ok(()),
        }
    }

    /// The connection a new private endpoint makes to a legacy service (approved when its
    /// creator may write to the service, else Pending), as the workspace's connections are.
    pub(crate) fn legacy_endpoint_connection(&self, pe: NodeId) -> Option<NewConnection> {
        let r = self.store.res(pe)?;
        let props = &r.body.value()["properties"];
        let auto = props["privateLinkServiceConnections"]
            .as_array()
            .and_then(|a| a.first());
        let manual = props["manualPrivateLinkServiceConnections"]
            .as_array()
            .and_then(|a| a.first());
        let conn = auto.or(manual)?;
        let svc = self.find_node(conn["properties"]["privateLinkServiceId"].as_str()?)?;
        let svc_res = self.store.res(svc)?;
        if !is_legacy_fhir(&svc_res.type_name) {
            return None;
        }
        let creator_ok = self
            .directory
            .find(&r.created_by)
            .is_some_and(|p| crate::rbac::permits(self.store, p, svc, crate::rbac::Action::Write));
        let status = if auto.is_some() && creator_ok {
            "Approved"
        } else {
            "Pending"
        };
        let name = alloc::format!("{}.{}", r.name, &crate::rng::guid_from(&r.id)[..8]);
        let id = alloc::format!("{}/privateEndpointConnections/{name}", svc_res.id);
        let body = json!({
            "id": id, "name": name, "type": CONNECTION_TYPE,
            "properties": {
                "privateEndpoint": {"id": r.id},
                "groupIds": [PRIVATE_LINK_GROUP],
                "privateLinkServiceConnectionState": {"status": status, "description": if status == "Approved" { "Auto-Approved" } else { "Awaiting approval" }, "actionsRequired": "None"},
                "provisioningState": "Succeeded",
            }
        });
        let res = Resource {
            id: id.clone(),
            name: name.clone(),
            type_name: CONNECTION_TYPE.into(),
            kind: ResKind::Generic,
            location: None,
            state: ProvisioningState::Succeeded,
            body: body.into(),
            created_at: self.now,
            created_by: r.created_by.clone(),
            settings: Default::default(),
        };
        Some(NewConnection {
            workspace: svc,
            workspace_id: svc_res.id.clone(),
            key: alloc::format!("privateendpointconnections/{}", name.to_lowercase()),
            res,
            status,
        })
    }
}

/// The typed properties of a legacy service body (spec `ServicesProperties`).
fn check_properties(props: &Value) -> Result<(), ArmError> {
    if let Some(policies) = props.get("accessPolicies") {
        let ok = policies
            .as_array()
            .is_some_and(|a| a.iter().all(|p| p["objectId"].as_str().is_some()));
        if !ok {
            return Err(invalid(
                "accessPolicies must be a list of {\"objectId\": \"<guid>\"} entries (objectId is required).".into(),
                "properties.accessPolicies",
            ));
        }
    }
    if let Some(t) = props
        .get("cosmosDbConfiguration")
        .and_then(|c| c.get("offerThroughput"))
    {
        let n = t.as_u64();
        if n.is_none_or(|n| n < MIN_THROUGHPUT) {
            return Err(invalid(
                alloc::format!(
                    "The offerThroughput '{}' is invalid: the Cosmos DB throughput of Azure API for FHIR is at least {MIN_THROUGHPUT} RU/s.",
                    shorten(&t.to_string())
                ),
                "properties.cosmosDbConfiguration.offerThroughput",
            ));
        }
    }
    if let Some(p) = props.get("publicNetworkAccess")
        && !matches!(p.as_str(), Some("Enabled" | "Disabled"))
    {
        return Err(invalid(
            "publicNetworkAccess must be Enabled or Disabled.".into(),
            "properties.publicNetworkAccess",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throughput_floor() {
        let e = check_properties(&json!({"cosmosDbConfiguration": {"offerThroughput": 300}}))
            .unwrap_err();
        assert_eq!(e.status, 400);
        assert!(
            check_properties(&json!({"cosmosDbConfiguration": {"offerThroughput": 400}})).is_ok()
        );
    }
}
