//! The deployments routes in a build without the `deployments` feature (the browser's start
//! module): the requests that need the template engine are refused with `NotInThisBuild`, so
//! nothing else answers them differently; the full build (`deployments.rs`) runs them. The lab
//! stops these requests before sending them, so a session never records one.

use serde_json::Value;

use crate::directory::Principal;
use crate::error::ArmError;
use crate::id::ArmPath;
use crate::providers::deployments::needs_engine;
use crate::request::{Method, Response};
use crate::rules::RuleId;
use crate::world::World;

/// The error code of a request this build cannot run (`hcsim_lab::NOT_IN_THIS_BUILD`).
const NOT_IN_THIS_BUILD: &str = "NotInThisBuild";

impl World {
    /// Refuses the requests that need the template engine; `None` for every other request.
    pub(crate) fn route_deployments(
        &mut self,
        method: &Method,
        path: &ArmPath,
        _body: Option<&Value>,
        _principal: &Principal,
    ) -> Option<Result<Response, ArmError>> {
        needs_engine(method, path).then(|| {
            Err(ArmError::new(
                501,
                NOT_IN_THIS_BUILD,
                "Template deployments are not in this build of hcsim (the browser loads them on first use).".into(),
                RuleId::ValidRequest,
            ))
        })
    }
}
