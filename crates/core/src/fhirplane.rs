//! FHIR requests answered by the world: the service found (by resource id or host), the
//! caller let in with the same checks a probe meets (`dataplane.rs`: provisioning, region
//! outage, private link, customer-managed key, then the data role — readers read, writers
//! write, Owner alone gets 403), throttling, then the interaction on the service's data
//! (`fhir::api`) and an event for every write.

use alloc::string::{String, ToString};

use crate::events::EventKind;
use crate::faults::FaultKind;
use crate::fhir::api::{Written, handle};
use crate::fhir::model::{FhirRequest, FhirResponse};
use crate::fhir::store::{Limits, ServiceData};
use crate::probe::{ProbeResult, ProbeSpec};
use crate::rbac::Action;
use crate::resource::ResKind;
use crate::rules::RuleId;
use crate::store::NodeId;
use crate::world::World;

/// The FHIR issue type of a refusal's status.
fn issue_code(status: u16) -> &'static str {
    match status {
        401 => "login",
        403 => "forbidden",
        404 => "not-found",
        429 => "throttled",
        500 => "exception",
        _ => "transient",
    }
}

/// A gate's refusal as the FHIR service answers it.
fn refusal(p: ProbeResult) -> FhirResponse {
    FhirResponse::outcome(
        p.status,
        issue_code(p.status),
        &p.reason,
        p.rule.unwrap_or(RuleId::ServiceAvailability),
    )
}

impl World {
    /// The FHIR service a request names: an ARM id, or a data-plane host (with or without
    /// `https://`).
    pub fn fhir_service_node(&self, service: &str) -> Option<NodeId> {
        if service.starts_with('/') {
            let n = self.find_node(service)?;
            return (self.store.res(n)?.kind == ResKind::Fhir).then_some(n);
        }
        let host = service
            .trim_start_matches("https://")
            .trim_end_matches('/')
            .to_lowercase();
        self.resources_of_type("Microsoft.HealthcareApis/workspaces/fhirservices")
            .into_iter()
            .find_map(|r| {
                let n = self.find_node(&r.id)?;
                (self.ctx().service_host(n).as_deref() == Some(host.as_str())).then_some(n)
            })
    }

    /// The data of a FHIR service, if it holds any (for views and the lab).
    pub fn fhir_data(&self, service_id: &str) -> Option<&ServiceData> {
        let res = self.find(service_id)?;
        self.fhir.service(&res.id, res.created_at)
    }

    /// Drops the data-plane state of services deleted since (FHIR data), so a service
    /// created again under the same id starts empty.
    pub(crate) fn forget_deleted_data(&mut self) {
        if self.fhir.is_empty() {
            return;
        }
        let store = &self.store;
        self.fhir.retain(|id| {
            crate::id::ArmPath::parse(id)
                .ok()
                .and_then(|p| store.find(&p))
                .is_some()
        });
    }

    /// `Input::Fhir`.
    pub(crate) fn fhir_request(&mut self, req: &FhirRequest) -> FhirResponse {
        let resp = self.answer_fhir(req);
        if req.method.is_write() && !resp.is_success() {
            self.emit(EventKind::FhirRequestRefused {
                service: crate::id::shorten(&req.service),
                method: req.method.as_str().into(),
                status: resp.status,
                rule: resp.rule,
            });
        }
        resp
    }

    fn answer_fhir(&mut self, req: &FhirRequest) -> FhirResponse {
        let Some(node) = self.fhir_service_node(&req.service) else {
            return FhirResponse::outcome(
                404,
                "not-found",
                &alloc::format!(
                    "No FHIR service of this session is at '{}'.",
                    crate::id::shorten(&req.service)
                ),
                RuleId::ResourceMustExist,
            );
        };
        let host = self.ctx().service_host(node).unwrap_or_default();
        let base = alloc::format!("https://{host}");
        let url = alloc::format!("{base}{}", req.path);
        if let Some(p) = self.service_gate(node, req.from, &url) {
            return refusal(p);
        }
        let anonymous = req.path.trim_end_matches('/') == "/metadata";
        if !anonymous {
            let spec = ProbeSpec {
                target: String::new(),
                from: req.from,
                principal: req.principal.clone(),
                path: Some(req.path.clone()),
            };
            let action = if req.method.is_write() {
                Action::FhirDataWrite
            } else {
                Action::FhirDataRead
            };
            if let Some(p) = self.data_role_gate(node, &spec, &url, action) {
                return refusal(p);
            }
        }
        if let Some(r) = self.fhir_throttled(node) {
            return r;
        }
        let principal = req
            .principal
            .clone()
            .unwrap_or_else(|| self.account.acting().to_string());
        self.fhir_on_data(node, &base, req, &principal)
    }

    /// A throttle fault covering the service answers 429 (its probability rolled).
    pub(crate) fn fhir_throttled(&mut self, node: NodeId) -> Option<FhirResponse> {
        if !self.faults.any(FaultKind::Throttle) {
            return None;
        }
        let res = self.store.res(node)?;
        let (id_lower, type_name) = (res.id.to_lowercase(), res.type_name.clone());
        let probs: alloc::vec::Vec<u8> = self
            .faults_covering(FaultKind::Throttle, &id_lower, &type_name, None)
            .map(|f| f.probability())
            .collect();
        probs
            .into_iter()
            .any(|p| self.rng.chance_percent(p))
            .then(|| {
                FhirResponse::outcome(
                    429,
                    "throttled",
                    "The maximum number of concurrent API calls on this instance was reached.",
                    RuleId::Throttling,
                )
            })
    }

    fn fhir_on_data(
        &mut self,
        node: NodeId,
        base: &str,
        req: &FhirRequest,
        principal: &str,
    ) -> FhirResponse {
        let Some((id, born)) = self.store.res(node).map(|r| (r.id.clone(), r.created_at)) else {
            return FhirResponse::outcome(
                404,
                "not-found",
                "No such service.",
                RuleId::ResourceMustExist,
            );
        };
        let now = self.clock.now();
        let data = self.fhir.service_mut(&id, born);
        let (resp, written) = handle(
            data,
            base,
            req.method,
            &req.path,
            req.body.as_ref(),
            now,
            Limits::DEFAULT,
        );
        if let Some(w) = written {
            self.emit_fhir_write(&id, &w, principal);
        }
        resp
    }

    pub(crate) fn emit_fhir_write(&mut self, service: &str, w: &Written, principal: &str) {
        self.emit(EventKind::FhirResourceWritten(alloc::boxed::Box::new(
            crate::events::FhirWrite {
                service: crate::id::shorten(service),
                resource: alloc::format!("{}/{}", w.rtype, w.id),
                version: w.version,
                method: w.method.into(),
                principal: principal.into(),
            },
        )));
    }
}
