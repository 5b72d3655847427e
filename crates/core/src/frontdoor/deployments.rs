//! The front door's side of `Microsoft.Resources/deployments` (see
//! `providers/deployments` for the routes and the rules): routing, the PUT that starts a run,
//! validate, what-if and export.

use alloc::borrow::Cow;
use alloc::string::ToString;
use alloc::vec::Vec;
use serde_json::{Value, json};

use hcsim_template::{self as template, Plan, TemplateWorld};

use super::deploy_view;
use crate::directory::Principal;
use crate::error::ArmError;
use crate::id::{ArmPath, shorten};
use crate::operation::OpKind;
use crate::plan::PutPlan;
use crate::providers::deployments::record::{DEPLOYMENTS, Record, echo_parameters};
use crate::providers::deployments::state::Run;
use crate::providers::deployments::versions::check_api_versions;
use crate::providers::deployments::{
    Ask, check_name, check_scopes, is_deployment, read_ask, template_error,
};
use crate::request::{Method, Response};
use crate::rules::RuleId;
use crate::schedule::Due;
use crate::world::World;

impl World {
    /// The requests the deployments provider answers; `None` for every other request.
    pub(crate) fn route_deployments(
        &mut self,
        method: &Method,
        path: &ArmPath,
        body: Option<&Value>,
        principal: &Principal,
    ) -> Option<Result<Response, ArmError>> {
        // Only a POST's action word is read (lower-cased); every other request has no copy
        // made of its collection, only its presence kept.
        let lowered;
        let action = match (method, path.collection.as_deref()) {
            (Method::Post, Some(c)) => {
                lowered = c.to_ascii_lowercase();
                Some(lowered.as_str())
            }
            (_, c) => c.map(|_| ""),
        };
        match (method, action) {
            (Method::Put, None) if is_deployment(path) => {
                Some(self.put_deployment(path, body, principal))
            }
            (Method::Delete, None) if is_deployment(path) => {
                self.check_not_active(path, "delete").err().map(Err)
            }
            (Method::Post, Some(a @ ("validate" | "whatif"))) if is_deployment(path) => {
                let deployment = ArmPath {
                    segments: path.segments.clone(),
                    collection: None,
                    collection_is_provider: false,
                };
                Some(self.preview_deployment(&deployment, body, principal, a == "whatif"))
            }
            (Method::Post, Some("exporttemplate")) if path.segments.len() == 2 => {
                Some(self.export_group(path, principal))
            }
            _ => None,
        }
    }

    /// The active run of deployment `path`, if any.
    fn active_run(&self, path: &ArmPath) -> Option<(u64, &Run)> {
        let id = path.to_string();
        self.deployments
            .iter()
            .find(|(_, r)| r.id.eq_ignore_ascii_case(&id))
            .map(|(op, r)| (*op, r))
    }

    /// Rule `deployment-active`: one running deployment per name.
    fn check_not_active(&self, path: &ArmPath, verb: &str) -> Result<(), ArmError> {
        let Some((_, run)) = self.active_run(path) else {
            return Ok(());
        };
        Err(ArmError::new(
            409,
            "DeploymentActive",
            alloc::format!(
                "Unable to {verb} deployment '{}': previous deployment from '{}' is still active (state: Running). Please see https://aka.ms/arm-deploy-resources for usage details.",
                shorten(path.name()),
                run.record.start.to_iso()
            ),
            RuleId::DeploymentActive,
        ))
    }

    /// The checks a PUT, validate and what-if share: name, access to the group, the body,
    /// the template and its scopes. Returns the plan and what was asked.
    fn check_deployment(
        &self,
        path: &ArmPath,
        body: Option<&Value>,
        principal: &Principal,
    ) -> Result<(Plan, Ask, PutPlan<'static>), ArmError> {
        check_name(path.name())?;
        // RBAC, locks, the group's existence: as for any PUT of the record.
        let put = self
            .validate_put(path, Some(&json!({"properties": {}})), principal)?
            .into_owned();
        let ask = read_ask(body)?;
        let rg = path.resource_group().unwrap_or_default();
        let scope = self
            .scope(path.subscription(), rg, path.name())
            .ok_or_else(|| self.not_found(path))?;
        let plan = template::plan(&ask.template, &ask.parameters, &scope)
            .map_err(|e| template_error(&e))?;
        check_scopes(&plan, &scope)?;
        let location = self
            .store
            .find_segments(&path.segments[..2])
            .and_then(|n| self.store.res(n))
            .and_then(|r| r.location.clone())
            .unwrap_or_default();
        check_api_versions(&plan, &location)?;
        Ok((plan, ask, put))
    }

    fn put_deployment(
        &mut self,
        path: &ArmPath,
        body: Option<&Value>,
        principal: &Principal,
    ) -> Result<Response, ArmError> {
        check_name(path.name())?;
        self.check_not_active(path, "edit or replace")?;
        let (plan, ask, mut put) = self.check_deployment(path, body, principal)?;
        let existed = put.existing.is_some();
        let record = self.new_record(&plan, &ask, path);
        put.body = Cow::Owned(record.body("Running", self.clock.now(), None));
        let resp = self.execute_put(put, principal);
        let id = resp.body["id"].as_str().unwrap_or_default().to_string();
        let kind = if existed {
            OpKind::Update
        } else {
            OpKind::Create
        };
        let now = self.clock.now();
        let op = self.operations.start(kind, &id, now, now);
        self.deployments.insert(
            op,
            Run {
                id,
                principal: principal.name.clone(),
                template: ask.template,
                parameters: ask.parameters,
                scope: plan.scope().clone(),
                record,
                states: Vec::new(),
                errors: Vec::new(),
                deleting: None,
            },
        );
        self.schedule.push(now, Due::Deployment(op));
        Ok(Response::started(resp.status, resp.body, op))
    }

    fn new_record(&self, plan: &Plan, ask: &Ask, path: &ArmPath) -> Record {
        let res = plan.resources();
        let dependencies: Vec<Value> = res
            .iter()
            .filter(|r| !r.depends_on.is_empty())
            .map(|r| {
                let on: Vec<Value> = r
                    .depends_on
                    .iter()
                    .filter_map(|&j| res.get(j))
                    .map(|d| json!({"id": d.id, "resourceName": d.name, "resourceType": d.resource_type}))
                    .collect();
                json!({"dependsOn": on, "id": r.id, "resourceName": r.name, "resourceType": r.resource_type})
            })
            .collect();
        Record {
            mode: ask.mode,
            correlation_id: crate::rng::guid_from(&alloc::format!(
                "correlation:{}:{}",
                path.to_string().to_ascii_lowercase(),
                self.clock.now().0
            )),
            template_hash: crate::rng::fnv1a(ask.template.as_bytes()).to_string(),
            parameters: echo_parameters(plan.parameters(), &ask.template_value),
            dependencies: Value::Array(dependencies),
            outputs: Value::Null,
            output_resources: Vec::new(),
            not_attempted: Vec::new(),
            start: self.clock.now(),
        }
    }

    /// `validate` and `whatIf`: every check of a PUT, nothing written.
    fn preview_deployment(
        &self,
        path: &ArmPath,
        body: Option<&Value>,
        principal: &Principal,
        what_if: bool,
    ) -> Result<Response, ArmError> {
        let (plan, ask, _) = self.check_deployment(path, body, principal)?;
        if what_if {
            let report =
                deploy_view::what_if(self, &plan, ask.mode).map_err(|e| template_error(&e))?;
            let changes = serde_json::to_value(&report.changes).unwrap_or(Value::Null);
            return Ok(Response::ok(
                200,
                json!({"status": "Succeeded", "error": null, "properties": {"changes": changes}}),
            ));
        }
        let validated: Vec<Value> = plan
            .resources()
            .iter()
            .map(|r| json!({"id": r.id}))
            .collect();
        let record = self.new_record(&plan, &ask, path);
        let mut body = record.body("Succeeded", self.clock.now(), None);
        body["properties"]["validatedResources"] = Value::Array(validated);
        body["id"] = Value::String(path.to_string());
        body["name"] = Value::String(path.name().to_string());
        body["type"] = Value::String(DEPLOYMENTS.into());
        Ok(Response::ok(200, body))
    }

    /// `POST …/resourceGroups/{g}/exportTemplate`.
    fn export_group(&self, path: &ArmPath, principal: &Principal) -> Result<Response, ArmError> {
        let group = ArmPath {
            segments: path.segments.clone(),
            collection: None,
            collection_is_provider: false,
        };
        self.authorize(principal, &group, crate::rbac::Action::Read)?;
        if self.store.find(&group).is_none() {
            return Err(self.not_found(&group));
        }
        let rg = group.resource_group().unwrap_or_default();
        let t = deploy_view::export(self, group.subscription(), rg);
        Ok(Response::ok(200, json!({"template": t})))
    }
}
