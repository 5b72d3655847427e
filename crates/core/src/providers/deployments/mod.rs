//! `Microsoft.Resources/deployments`: template deployments behind the front door, where
//! Azure runs them, so every client (the console, the browser, real SDKs) deploys the same way.
//!
//! Routes (resource-group scope):
//! - `PUT …/resourceGroups/{g}/providers/Microsoft.Resources/deployments/{name}` with
//!   `{"properties": {"template": {…}, "parameters": {…}, "mode": "Incremental"|"Complete"}}`:
//!   validates (name, one active deployment per name, the template, its scopes), writes the
//!   record (`provisioningState: Running`) and answers 201 with an operation; the run then
//!   goes on in virtual time ([`run`]).
//! - `DELETE` of a running deployment is refused; GET and LIST are the front door's own.
//! - `POST …/deployments/{name}/validate` and `…/whatIf`: the same checks, nothing written.
//! - `POST …/resourceGroups/{g}/exportTemplate`: the group as a template.
//!
//! Modules: [`record`] (the record's body, shared vocabulary), [`view`] (what the engine
//! reads from the world, what-if, export), [`run`] (the run's steps).

pub mod record;
pub(crate) mod run;
pub(crate) mod view;

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Value, json};

use hcsim_template::{self as template, Plan, Scope, TemplateError, TemplateWorld};

use self::record::{DEPLOYMENTS, Mode, Record, echo_parameters, plain};
use self::run::Run;
use crate::directory::Principal;
use crate::error::ArmError;
use crate::id::{ArmPath, shorten};
use crate::request::{Method, Response};
use crate::rules::RuleId;
use crate::world::{Due, OpKind, OpStatus, Operation, World};

/// Extension resource types: the only ones a template may place with `scope`.
const EXTENSION_TYPES: &[&str] = &[
    "microsoft.authorization/roleassignments",
    "microsoft.authorization/locks",
    "microsoft.authorization/policyassignments",
    "microsoft.authorization/policyexemptions",
    "microsoft.insights/diagnosticsettings",
    "microsoft.resources/tags",
];

/// What a deployment request asks for.
struct Ask {
    template: String,
    template_value: Value,
    parameters: Value,
    mode: Mode,
}

/// True when `path` (ignoring a trailing action) names a deployment in a resource group.
fn is_deployment(path: &ArmPath) -> bool {
    path.segments.len() == 3
        && path.resource_group().is_some()
        && path.segments[2].provider
        && path.segments[2].type_word.eq_ignore_ascii_case(DEPLOYMENTS)
}

/// Rule `deployment-name`: 1 to 64 characters of `^[-\w\._\(\)]+$`.
fn check_name(name: &str) -> Result<(), ArmError> {
    let len = name.chars().count();
    if len > 64 {
        return Err(ArmError::new(
            400,
            "DeploymentNameLengthLimitExceeded",
            alloc::format!(
                "The provided deployment name '{}' has a length of '{len}' which exceeds the maximum length of '64'.",
                shorten(name)
            ),
            RuleId::DeploymentName,
        ));
    }
    let ok = len > 0
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '(' | ')'));
    if ok {
        return Ok(());
    }
    Err(ArmError::new(
        400,
        "InvalidDeploymentName",
        alloc::format!(
            "The deployment name '{}' is invalid: use 1 to 64 letters, digits, '-', '_', '.', '(' or ')'.",
            shorten(name)
        ),
        RuleId::DeploymentName,
    ))
}

/// A template engine error as ARM answers it (`InvalidTemplate`, 413 when too large).
pub(crate) fn template_error(e: &TemplateError) -> ArmError {
    let status = if e.code == template::REQUEST_TOO_LARGE {
        413
    } else {
        400
    };
    let message = if e.path.is_empty() {
        e.message.clone()
    } else {
        alloc::format!("{} (at '{}')", e.message, e.path)
    };
    let mut err = plain(status, e.code, &message);
    err.target = (!e.path.is_empty()).then(|| e.path.clone());
    err
}

/// Reads `properties.template`, `parameters` and `mode` of a deployment body.
fn read_ask(body: Option<&Value>) -> Result<Ask, ArmError> {
    let bad = |m: &str| {
        ArmError::new(
            400,
            "InvalidRequestContent",
            m.to_string(),
            RuleId::ValidRequest,
        )
    };
    let props = body
        .and_then(|b| b.get("properties"))
        .and_then(Value::as_object)
        .ok_or_else(|| {
            bad("The request content must have a 'properties' object with the template.")
        })?;
    let template_value = match props.get("template") {
        Some(t @ Value::Object(_)) => t.clone(),
        _ if props.contains_key("templateLink") => {
            return Err(bad(
                "hcsim deploys inline templates only: 'properties.templateLink' is not supported; send 'properties.template'.",
            ));
        }
        _ => {
            return Err(bad(
                "'properties.template' must be the template JSON object.",
            ));
        }
    };
    let parameters = match props.get("parameters") {
        None | Some(Value::Null) => json!({}),
        Some(p @ Value::Object(_)) => p.clone(),
        Some(_) => return Err(bad("'properties.parameters' must be an object.")),
    };
    let mode = match props.get("mode").and_then(Value::as_str) {
        None => Mode::Incremental,
        Some(m) if m.eq_ignore_ascii_case("incremental") => Mode::Incremental,
        Some(m) if m.eq_ignore_ascii_case("complete") => Mode::Complete,
        Some(m) => {
            return Err(bad(&alloc::format!(
                "The deployment mode '{}' is not valid: use 'Incremental' or 'Complete'.",
                shorten(m)
            )));
        }
    };
    let template = serde_json::to_string(&template_value).unwrap_or_default();
    Ok(Ask {
        template,
        template_value,
        parameters,
        mode,
    })
}

/// Rules `template-scope-extension-only` and `deployment-target-scope` over a plan.
fn check_scopes(plan: &Plan, scope: &Scope) -> Result<(), ArmError> {
    let group = alloc::format!("{}/", scope.resource_group_id().to_ascii_lowercase());
    for r in plan.resources() {
        let lower_type = r.resource_type.to_ascii_lowercase();
        if r.scope.is_some() && !EXTENSION_TYPES.contains(&lower_type.as_str()) {
            return Err(ArmError::new(
                400,
                "InvalidTemplate",
                alloc::format!(
                    "Deployment template validation failed: 'The template resource '{}' at '{}' is invalid. 'Scope' property is not supported. Please see https://aka.ms/arm-template/#resources for usage details.'",
                    shorten(&r.name),
                    r.path
                ),
                RuleId::TemplateScopeExtensionOnly,
            )
            .at(&r.path));
        }
        if !r.id.to_ascii_lowercase().starts_with(&group) {
            return Err(ArmError::new(
                400,
                "InvalidTemplate",
                alloc::format!(
                    "Deployment template validation failed: 'The template resource '{}' at '{}' targets '{}', outside the deployment's scope '{}'. Deploy to another resource group or subscription with a nested deployment.'",
                    shorten(&r.name),
                    r.path,
                    shorten(&r.id),
                    scope.resource_group_id()
                ),
                RuleId::DeploymentTargetScope,
            )
            .at(&r.path));
        }
    }
    Ok(())
}

impl World {
    /// The requests the deployments provider answers; `None` for every other request.
    pub(crate) fn route_deployments(
        &mut self,
        method: &Method,
        path: &ArmPath,
        body: Option<&Value>,
        principal: &Principal,
    ) -> Option<Result<Response, ArmError>> {
        let action = path.collection.as_deref().map(str::to_ascii_lowercase);
        match (method, action.as_deref()) {
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
    ) -> Result<(Plan, Ask, crate::frontdoor::PutPlan), ArmError> {
        check_name(path.name())?;
        // RBAC, locks, the group's existence: as for any PUT of the record.
        let put = self.validate_put(path, Some(&json!({"properties": {}})), principal)?;
        let ask = read_ask(body)?;
        let rg = path.resource_group().unwrap_or_default();
        let scope = self
            .scope(path.subscription(), rg, path.name())
            .ok_or_else(|| self.not_found(path))?;
        let plan = template::plan(&ask.template, &ask.parameters, &scope)
            .map_err(|e| template_error(&e))?;
        check_scopes(&plan, &scope)?;
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
        put.body = record.body("Running", self.now, None);
        let resp = self.execute_put(put, principal);
        let id = resp.body["id"].as_str().unwrap_or_default().to_string();
        let op = self.next_op;
        self.next_op += 1;
        self.ops.insert(
            op,
            Operation {
                id: op,
                kind: if existed {
                    OpKind::Update
                } else {
                    OpKind::Create
                },
                target: id.clone(),
                started: self.now,
                due: self.now,
                status: OpStatus::Running,
                error: None,
            },
        );
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
        self.schedule(self.now, Due::Deployment(op));
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
                self.now.0
            )),
            template_hash: crate::rng::fnv1a(ask.template.as_bytes()).to_string(),
            parameters: echo_parameters(plan.parameters(), &ask.template_value),
            dependencies: Value::Array(dependencies),
            outputs: Value::Null,
            output_resources: Vec::new(),
            not_attempted: Vec::new(),
            start: self.now,
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
            let report = view::what_if(self, &plan, ask.mode).map_err(|e| template_error(&e))?;
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
        let mut body = record.body("Succeeded", self.now, None);
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
        let t = view::export(self, group.subscription(), rg);
        Ok(Response::ok(200, json!({"template": t})))
    }
}
