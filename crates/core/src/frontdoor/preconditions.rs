//! Optimistic concurrency and write stamps: the `If-Match` / `If-None-Match` preconditions of a
//! write (412 `PreconditionFailed`), and what every write changes on the resource it writes —
//! a fresh `etag` and `systemData.lastModified*` (`createdAt/By` stay).
//!
//! Sources: RFC 9110 §13.1.1–13.1.2 (If-Match `*` is false when there is no current
//! representation; If-None-Match `*` is false when there is one); ARM's resource contract
//! (`etag` "changes whenever the resource is written", `systemData` of
//! azure-rest-api-specs `common-types/resource-management/v5/types.json`).

use alloc::string::String;
use serde_json::Value;

use crate::directory::Principal;
use crate::error::ArmError;
use crate::request::Request;
use crate::rules::RuleId;
use crate::store::NodeId;
use crate::world::World;

/// The etag to check a write against: the `If-Match` header, or for `Microsoft.HealthcareApis`
/// PUTs the body's `etag` (az healthcareapis `--etag` puts it in the body, as its generated
/// `custom.py` does; the resource provider compares it, as it does for `If-Match`).
fn wanted_etag(req: &Request, body_etag_counts: bool) -> Option<String> {
    if let Some(m) = &req.if_match {
        return Some(m.clone());
    }
    if !body_etag_counts {
        return None;
    }
    req.body
        .as_ref()
        .and_then(|b| b.get("etag"))
        .and_then(Value::as_str)
        .filter(|e| !e.is_empty())
        .map(String::from)
}

/// An etag as the client may send it: quoted or not, `W/` weak prefix or not.
fn bare(etag: &str) -> &str {
    let e = etag.trim();
    let e = e.strip_prefix("W/").unwrap_or(e);
    e.trim_matches('"')
}

fn failed(message: String) -> ArmError {
    ArmError::new(412, "PreconditionFailed", message, RuleId::EtagPrecondition)
}

impl World {
    /// Checks the request's preconditions against the resource it writes (`existing`, `None`
    /// when it does not exist). `body_etag_counts`: a HealthcareApis PUT, whose body etag is a
    /// precondition too (a PUT creating the resource ignores a body etag: nothing to compare).
    pub(super) fn check_preconditions(
        &self,
        req: &Request,
        existing: Option<NodeId>,
        body_etag_counts: bool,
    ) -> Result<(), ArmError> {
        // Most writes send no precondition: the stored etag is not looked up for them.
        if req.if_match.is_none() && req.if_none_match.is_none() && !body_etag_counts {
            return Ok(());
        }
        let current = existing
            .and_then(|n| self.store.res(n))
            .map(|r| r.body.str_at(&["etag"]).map(String::from));
        if req.if_none_match.as_deref().map(bare) == Some("*") && current.is_some() {
            return Err(failed(alloc::format!(
                "The precondition 'If-None-Match: *' failed: the resource '{}' already exists.",
                crate::id::shorten(&req.path)
            )));
        }
        let from_header = req.if_match.is_some();
        let Some(want) = wanted_etag(req, body_etag_counts) else {
            return Ok(());
        };
        let Some(current) = current else {
            if !from_header {
                return Ok(());
            }
            return Err(failed(alloc::format!(
                "The precondition 'If-Match: {}' failed: the resource '{}' does not exist.",
                crate::id::shorten(&want),
                crate::id::shorten(&req.path)
            )));
        };
        if bare(&want) == "*" {
            return Ok(());
        }
        let what = if from_header {
            alloc::format!("'If-Match: {}'", crate::id::shorten(&want))
        } else {
            alloc::format!("etag '{}' (sent in the body)", crate::id::shorten(&want))
        };
        match current {
            Some(cur) if bare(&cur) == bare(&want) => Ok(()),
            // A body etag on a type that carries none (private endpoint connections) is
            // nothing to compare; only the header insists.
            None if !from_header => Ok(()),
            cur => Err(failed(alloc::format!(
                "The precondition {what} failed: the resource's current etag is '{}'. It was changed since you read it.",
                cur.as_deref().unwrap_or("(none)")
            ))),
        }
    }

    /// What every write changes: `systemData.lastModified*` (now, by `principal`) and a new
    /// `etag` on resources that carry one.
    pub(crate) fn stamp_write(&mut self, node: NodeId, principal: &Principal) {
        // A connection's approval starts the wait before public traffic is blocked.
        if let Some(r) = self
            .store
            .res(node)
            .filter(|r| r.kind == crate::resource::ResKind::PrivateEndpointConnection)
        {
            let approved =
                r.body
                    .str_at(&["properties", "privateLinkServiceConnectionState", "status"])
                    == Some("Approved");
            let (id, now) = (r.id.clone(), self.clock.now());
            self.propagation.connection_status(&id, approved, now);
        }
        let at = self.clock.now().to_iso();
        let by_type = crate::providers::system_data_type(principal.kind);
        if let Some(res) = self.store.node_mut(node).map(|n| &mut n.res)
            && matches!(res.body.at(&["systemData"]), Some(Value::Object(_)))
        {
            let body = &mut res.body;
            let name = Value::String(principal.name.clone());
            body.set_at(&["systemData", "lastModifiedBy"], &name);
            body.set_at(
                &["systemData", "lastModifiedByType"],
                &Value::String(by_type.into()),
            );
            body.set_at(&["systemData", "lastModifiedAt"], &Value::String(at));
        }
        self.new_etag(node);
    }

    /// Gives a resource that carries an `etag` a new one. The resource provider keeps each
    /// resource as one document whose etag changes with every write, including the
    /// provisioning state it writes when an operation ends (hcsim's assumption, from the
    /// Cosmos-style etags of the REST examples, `00000000-0000-0000-f5ac-912ca49e01d6`).
    pub(crate) fn new_etag(&mut self, node: NodeId) {
        let now = self.clock.now().0;
        let Some(res) = self.store.node_mut(node).map(|n| &mut n.res) else {
            return;
        };
        let Some(old) = res.body.str_at(&["etag"]) else {
            return;
        };
        // Chained from the old etag, so two writes at the same virtual time still differ.
        let next = crate::rng::guid_from(&alloc::format!("etag:{}:{old}:{now}", res.id));
        res.body.set_at(&["etag"], &Value::String(next));
    }
}
