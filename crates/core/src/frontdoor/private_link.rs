//! A workspace's private link resources (`…/workspaces/{w}/privateLinkResources[/{group}]`):
//! read-only, computed from the workspace rather than stored (it offers the one group
//! `healthcareworkspace`, REST API 2024-03-31 `WorkspacePrivateLinkResources_Get`/`_ListByWorkspace`),
//! and those of an Azure API for FHIR service (the one group `fhir`).

use serde_json::json;

use crate::error::ArmError;
use crate::id::ArmPath;
use crate::request::Response;
use crate::world::World;

impl World {
    /// GET or LIST of a workspace's private link resources (read-only, computed from the
    /// workspace: it offers the one group `healthcareworkspace`); `None` for any other path.
    pub(super) fn private_link_read(&self, path: &ArmPath) -> Option<Result<Response, ArmError>> {
        use crate::providers::healthcare::{PRIVATE_LINK_GROUP, private_link_resource};
        let (ws_path, name) = if path.is_resource() {
            let t = path.resource_type();
            let plr = crate::providers::healthcare::PRIVATE_LINK_RESOURCES_TYPE;
            if t.eq_ignore_ascii_case(crate::providers::legacy_fhir::PRIVATE_LINK_RESOURCES_TYPE) {
                return Some(self.legacy_private_link_read(path.parent()?, Some(path.name())));
            }
            if !t.eq_ignore_ascii_case(plr) {
                return None;
            }
            (path.parent()?, Some(path.name()))
        } else {
            let coll = path.collection.as_deref()?;
            if !coll.eq_ignore_ascii_case("privateLinkResources") {
                // Every other LIST: no type is spelled out for it.
                return None;
            }
            let ws_type = path.resource_type();
            if crate::providers::legacy_fhir::is_legacy_fhir(&ws_type) {
                let mut svc = path.clone();
                svc.collection = None;
                return Some(self.legacy_private_link_read(svc, None));
            }
            if !ws_type.eq_ignore_ascii_case("Microsoft.HealthcareApis/workspaces") {
                return None;
            }
            let mut ws = path.clone();
            ws.collection = None;
            (ws, None)
        };
        let found = self
            .store
            .find(&ws_path)
            .and_then(|n| self.store.res(n))
            .filter(|r| r.kind == crate::resource::ResKind::Workspace)
            .map(|r| r.id.clone());
        let Some(ws_id) = found else {
            return Some(Err(self.not_found(&ws_path)));
        };
        Some(match name {
            None => Ok(Response::ok(
                200,
                json!({"value": [private_link_resource(&ws_id)]}),
            )),
            Some(n) if n.eq_ignore_ascii_case(PRIVATE_LINK_GROUP) => {
                Ok(Response::ok(200, private_link_resource(&ws_id)))
            }
            Some(_) => Err(self.not_found(path)),
        })
    }

    /// GET or LIST of an Azure API for FHIR service's private link resources: the one group
    /// `fhir` (REST API 2024-03-31 `PrivateLinkResources_Get`/`_ListByService`).
    fn legacy_private_link_read(
        &self,
        svc_path: ArmPath,
        name: Option<&str>,
    ) -> Result<Response, ArmError> {
        use crate::providers::legacy_fhir::{PRIVATE_LINK_GROUP, private_link_resource};
        let found = self
            .store
            .find(&svc_path)
            .and_then(|n| self.store.res(n))
            .filter(|r| crate::providers::legacy_fhir::is_legacy_fhir(&r.type_name))
            .map(|r| r.id.clone());
        let Some(id) = found else {
            return Err(self.not_found(&svc_path));
        };
        match name {
            None => Ok(Response::ok(
                200,
                json!({"value": [private_link_resource(&id)]}),
            )),
            Some(n) if n.eq_ignore_ascii_case(PRIVATE_LINK_GROUP) => {
                Ok(Response::ok(200, private_link_resource(&id)))
            }
            Some(_) => {
                Err(self.not_found(&svc_path.child("privateLinkResources", name.unwrap_or(""))))
            }
        }
    }
}
