//! Simulated data-plane probes: a call to a FHIR (`/metadata`) or DICOM (`/health/check`)
//! endpoint, answered 200/403/404/500/503 as the real service would, with the reason.

use alloc::string::{String, ToString};

use crate::events::EventKind;
use crate::faults::FaultKind;
use crate::probe::{Network, ProbeResult, ProbeSpec};
use crate::rbac::Action;
use crate::resource::{ProvisioningState, ResKind};
use crate::rules::RuleId;
use crate::store::NodeId;
use crate::world::World;

impl World {
    pub(crate) fn probe(&mut self, spec: &ProbeSpec) -> ProbeResult {
        let r = self.answer_probe(spec);
        self.emit(EventKind::ProbeAnswered {
            id: crate::id::shorten(&spec.target),
            status: r.status,
            reason: r.reason.clone(),
        });
        r
    }

    fn answer_probe(&self, spec: &ProbeSpec) -> ProbeResult {
        let fail = |status: u16, url: &str, reason: String, rule: Option<RuleId>| ProbeResult {
            status,
            url: url.into(),
            reason,
            rule,
        };
        let Some(node) = self.find_node(&spec.target) else {
            return fail(
                404,
                "",
                alloc::format!(
                    "No service exists at '{}'.",
                    crate::id::shorten(&spec.target)
                ),
                Some(RuleId::ResourceMustExist),
            );
        };
        let Some(res) = self.store.res(node) else {
            return fail(
                404,
                "",
                "No such service.".into(),
                Some(RuleId::ResourceMustExist),
            );
        };
        if crate::providers::legacy_fhir::is_legacy_fhir(&res.type_name) {
            return self.answer_legacy_probe(spec, node);
        }
        if !matches!(res.kind, ResKind::Fhir | ResKind::Dicom) {
            return fail(
                400,
                "",
                alloc::format!(
                    "Probes call FHIR and DICOM services; this is a {}.",
                    res.kind.label()
                ),
                Some(RuleId::ValidRequest),
            );
        }
        let host = self.ctx().service_host(node).unwrap_or_default();
        let default_path = if res.kind == ResKind::Fhir {
            "/metadata"
        } else {
            "/health/check"
        };
        let path = spec
            .path
            .clone()
            .unwrap_or_else(|| default_path.to_string());
        let url = alloc::format!("https://{host}{path}");
        if let Some(refused) = self.service_gate(node, spec.from, &url) {
            return refused;
        }
        if path != default_path {
            let action = if res.kind == ResKind::Fhir {
                Action::FhirDataRead
            } else {
                Action::DicomDataRead
            };
            if let Some(refused) = self.data_role_gate(node, spec, &url, action) {
                return refused;
            }
        }
        let id_lower = res.id.to_lowercase();
        let zone = self
            .faults_covering(
                FaultKind::ZoneDown,
                &id_lower,
                &res.type_name,
                res.location.as_deref(),
            )
            .next();
        let reason = match zone {
            Some(f) => alloc::format!(
                "OK: served from the remaining availability zones (zone-redundant; fault #{} zone down).",
                f.id
            ),
            None => "OK".into(),
        };
        ProbeResult {
            status: 200,
            url,
            reason,
            rule: None,
        }
    }

    /// The checks every data-plane call to a provisioned-or-not FHIR/DICOM service meets
    /// before its caller is looked at (shared by probes, FHIR requests and MedTech's writes):
    /// provisioning state, region outage, private link (public traffic blocked once a private
    /// endpoint is approved), customer-managed key. The refusal, if any.
    pub(crate) fn service_gate(
        &self,
        node: NodeId,
        from: Network,
        url: &str,
    ) -> Option<ProbeResult> {
        let fail = |status: u16, reason: String, rule: RuleId| {
            Some(ProbeResult {
                status,
                url: url.into(),
                reason,
                rule: Some(rule),
            })
        };
        let res = self.store.res(node)?;
        match res.state {
            ProvisioningState::Succeeded => {}
            ProvisioningState::Failed => return fail(503, "The service's last provisioning failed; it does not serve requests. Update it (PUT again) or delete and re-create it.".into(), RuleId::ServiceAvailability),
            s => return fail(503, alloc::format!("The service is {} and does not answer yet (its DNS name is not ready).", s.as_str()), RuleId::BusyResource),
        }
        if let Some(f) = self.region_down(res.location.as_deref()) {
            return fail(
                503,
                alloc::format!(
                    "Region '{}' is down (fault #{} until {}).",
                    res.location.clone().unwrap_or_default(),
                    f.id,
                    f.ends
                ),
                RuleId::ServiceAvailability,
            );
        }
        let ws = self.store.node(node).and_then(|n| n.parent);
        let private = ws.and_then(|w| self.ctx().private_link_connection(w));
        let (now, timing) = (self.clock.now(), self.mode.timing());
        match (from, &private) {
            // Approved less than 5 minutes ago: public traffic still passes (propagation).
            (Network::Public, Some(pec)) if self.propagation.blocks_public(pec, now, timing) => {
                return fail(
                    403,
                    alloc::format!(
                        "Public network access is disabled: the workspace has an approved private endpoint connection ({}). Call from the virtual network (--from private).",
                        pec.rsplit('/').next().unwrap_or("")
                    ),
                    RuleId::PrivateLinkBlocksPublic,
                );
            }
            (Network::Private, None) => {
                return fail(503, "No approved private endpoint connects this workspace to a virtual network: the private address does not resolve.".into(), RuleId::PrivateLinkBlocksPublic);
            }
            _ => {}
        }
        if let Some(reason) = self.ctx().cmk_problem(node) {
            return fail(
                500,
                alloc::format!(
                    "Internal server error: the customer-managed key is not accessible ({reason}); data cannot be decrypted."
                ),
                RuleId::CmkAccessRequired,
            );
        }
        None
    }

    /// The caller's data role for `action` on a FHIR/DICOM service (control-plane roles such
    /// as Owner grant none): the refusal, if any. Bulk operations (`$import`, `$export`,
    /// `$bulk-delete`) in `spec.path` need their own roles.
    pub(crate) fn data_role_gate(
        &self,
        node: NodeId,
        spec: &ProbeSpec,
        url: &str,
        action: Action,
    ) -> Option<ProbeResult> {
        let fail = |status: u16, reason: String| {
            Some(ProbeResult {
                status,
                url: url.into(),
                reason,
                rule: Some(RuleId::Rbac),
            })
        };
        let res = self.store.res(node)?;
        let who = spec.principal.as_deref().unwrap_or(self.account.acting());
        let Some(p) = self.directory.find(who).cloned() else {
            return fail(
                401,
                alloc::format!(
                    "'{}' is not a principal of the tenant: no token.",
                    crate::id::shorten(who)
                ),
            );
        };
        if res.kind == ResKind::Fhir
            && let Some(refused) = self.bulk_operation_refusal(&p, node, url, spec)
        {
            return refused;
        }
        if self.permits(&p, node, action) {
            return None;
        }
        // A grant made less than RBAC_DELAY ago: say so rather than "no data role".
        if crate::rbac::permits(&self.store, &p, node, action) {
            return fail(
                403,
                alloc::format!(
                    "{}'s role assignment that grants this is not in effect yet: a new role assignment takes up to 10 minutes to take effect (realistic timing; sim advance 10m).",
                    p.name
                ),
            );
        }
        let role = match (res.kind, action) {
            (ResKind::Fhir, Action::FhirDataWrite) => "FHIR Data Writer",
            (ResKind::Fhir, _) => "FHIR Data Reader",
            _ => "DICOM Data Reader",
        };
        fail(
            403,
            alloc::format!(
                "{} has no data role on this service (control-plane roles such as Owner do not grant data access). Assign e.g. '{role}'.",
                p.name
            ),
        )
    }

    /// A probe to Azure API for FHIR at `https://<name>.azurehealthcareapis.com` (`/metadata`
    /// by default): its own `publicNetworkAccess` (writable on the legacy service) decides
    /// public calls; a data path needs the caller in `accessPolicies` or a FHIR data role.
    fn answer_legacy_probe(&self, spec: &ProbeSpec, node: NodeId) -> ProbeResult {
        let Some(res) = self.store.res(node) else {
            return ProbeResult {
                status: 404,
                url: String::new(),
                reason: "No such service.".into(),
                rule: Some(RuleId::ResourceMustExist),
            };
        };
        let path = spec.path.clone().unwrap_or_else(|| "/metadata".to_string());
        let host = crate::providers::legacy_fhir::legacy_host(&res.name);
        let url = alloc::format!("https://{host}{path}");
        let fail = |status: u16, reason: String, rule: RuleId| ProbeResult {
            status,
            url: url.clone(),
            reason,
            rule: Some(rule),
        };
        if res.state != ProvisioningState::Succeeded {
            return fail(
                503,
                alloc::format!(
                    "The service is {} and does not answer yet.",
                    res.state.as_str()
                ),
                RuleId::BusyResource,
            );
        }
        if self.region_down(res.location.as_deref()).is_some() {
            return fail(
                503,
                alloc::format!(
                    "Region '{}' is down.",
                    res.location.clone().unwrap_or_default()
                ),
                RuleId::ServiceAvailability,
            );
        }
        let public_off =
            res.body.str_at(&["properties", "publicNetworkAccess"]) == Some("Disabled");
        if spec.from == Network::Public && public_off {
            return fail(403, "Public network access is disabled on this Azure API for FHIR service (properties.publicNetworkAccess). Call from the virtual network (--from private).".into(), RuleId::PrivateLinkBlocksPublic);
        }
        if path != "/metadata" {
            let who = spec.principal.as_deref().unwrap_or(self.account.acting());
            let Some(p) = self.directory.find(who).cloned() else {
                return fail(
                    401,
                    alloc::format!(
                        "'{}' is not a principal of the tenant: no token.",
                        crate::id::shorten(who)
                    ),
                    RuleId::Rbac,
                );
            };
            let listed = res
                .body
                .at(&["properties", "accessPolicies"])
                .unwrap_or_default()
                .as_array()
                .is_some_and(|a| {
                    a.iter().any(|x| {
                        x["objectId"]
                            .as_str()
                            .is_some_and(|o| o.eq_ignore_ascii_case(&p.object_id))
                    })
                });
            if !listed && !self.permits(&p, node, Action::FhirDataRead) {
                return fail(
                    403,
                    alloc::format!(
                        "{} is neither in the service's accessPolicies nor holds a FHIR data role on it (e.g. 'FHIR Data Reader').",
                        p.name
                    ),
                    RuleId::Rbac,
                );
            }
        }
        ProbeResult {
            status: 200,
            url,
            reason: "OK".into(),
            rule: None,
        }
    }

    /// FHIR's bulk operations need their own data roles, not a reader's: `$import` the FHIR
    /// Data Importer, `$export` the FHIR Data Exporter, `$bulk-delete` the FHIR Data Bulk
    /// Operator, or FHIR Data Contributor for all three (built-in role docs; azure-facts.md).
    /// `None` for any other path, or when a fitting role is held at the service or above;
    /// `Some(Some(..))` is the refusal, `Some(None)` lets the operation through.
    fn bulk_operation_refusal(
        &self,
        p: &crate::directory::Principal,
        node: NodeId,
        url: &str,
        spec: &ProbeSpec,
    ) -> Option<Option<ProbeResult>> {
        let path = spec.path.as_deref()?.to_ascii_lowercase();
        let (op, role) = [
            ("$import", "FHIR Data Importer"),
            ("$export", "FHIR Data Exporter"),
            ("$bulk-delete", "FHIR Data Bulk Operator"),
        ]
        .into_iter()
        .find(|(op, _)| path.contains(op))?;
        if self.holds_role(p, node, &[role, "FHIR Data Contributor"]) {
            return Some(None);
        }
        Some(Some(ProbeResult {
            status: 403,
            url: url.into(),
            reason: alloc::format!(
                "{} may not call {op}: it needs the '{role}' or 'FHIR Data Contributor' role on this service (a reader's or writer's role does not include bulk operations).",
                p.name
            ),
            rule: Some(RuleId::Rbac),
        }))
    }

    /// True if `p` holds one of the built-in roles `names` at `node` or above.
    fn holds_role(&self, p: &crate::directory::Principal, node: NodeId, names: &[&str]) -> bool {
        self.store.ancestors(node).any(|scope| {
            self.store
                .children_with_prefix(scope, crate::checks::RA_PREFIX)
                .filter_map(|ra| self.store.res(ra))
                .filter(|r| {
                    crate::propagation::grant_in_effect(r, self.clock.now(), self.mode.timing())
                })
                .any(|r| {
                    let props = &r.body.value()["properties"];
                    props["principalId"]
                        .as_str()
                        .is_some_and(|id| id.eq_ignore_ascii_case(&p.object_id))
                        && props["roleDefinitionId"]
                            .as_str()
                            .and_then(crate::rbac::find_role)
                            .is_some_and(|role| names.contains(&role.name))
                })
        })
    }
}
