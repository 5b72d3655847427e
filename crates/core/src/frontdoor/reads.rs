//! GET and LIST: a resource as a GET shows it, and collections (a group's resources, role
//! assignments and locks seen from a scope, a subscription-wide list of a type).

use alloc::string::String;
use alloc::vec::Vec;

use super::authorize::Walk;
use crate::directory::Principal;
use crate::error::ArmError;
use crate::faults::FaultKind;
use crate::id::ArmPath;
use crate::rbac::Action;
use crate::request::{Body, Method, Request, Response};
use crate::rules::RuleId;
use crate::store::NodeId;
use crate::world::World;
use hcsim_arm::path_ref::PathRef;

/// The type of the operation-results read route.
const OPERATION_RESULTS: &str = "Microsoft.HealthcareApis/locations/operationresults";

/// Last type words of the reads `get` answers by a route of their own (operation results,
/// private link resources): the plain read leaves them to it.
const ROUTED_READS: [&str; 2] = ["operationresults", "privateLinkResources"];

impl World {
    /// A GET of an existing resource the caller may read, answered on the plain path: the id
    /// parsed into borrowed segments and walked without allocating, the body shared. `None`
    /// for anything else (an escape in the id, a missing resource, a refusal, an active
    /// throttling fault, an unregistered provider, a routed read): routing then
    /// answers it (rejections and their events included) as it answers every request. Every
    /// check this path skips is one that, in those conditions, passes without effect.
    pub(super) fn plain_get(&self, req: &Request) -> Option<Response> {
        if req.method != Method::Get
            || self.faults.any(FaultKind::Throttle)
            || !self.registrations.all_registered()
        {
            return None;
        }
        let path = PathRef::parse(&req.path)?;
        let segments = path.segments();
        let last = segments.last()?.type_word.rsplit('/').next()?;
        if ROUTED_READS.iter().any(|w| w.eq_ignore_ascii_case(last)) {
            return None;
        }
        let node = self
            .store
            .find_ascii(segments.iter().map(|s| (s.type_word, s.name)));
        // The view's reads started now overlap the principal's and the permission's.
        if let Some(n) = node {
            self.store.read_view_early(n);
        }
        let principal = self
            .directory
            .find_shared(req.principal.as_deref().unwrap_or(self.account.acting()))?;
        let node = node?;
        self.permits(principal, node, Action::Read)
            .then(|| Response::ok(200, self.ctx().view_body(node)))
    }

    pub(super) fn get(&self, path: &ArmPath, principal: &Principal) -> Result<Response, ArmError> {
        if !path.is_resource() {
            return self.list(path, principal, None);
        }
        let found = self.authorize_found(principal, path, Action::Read)?;
        if path.segments.len() == 3 && path.resource_type().eq_ignore_ascii_case(OPERATION_RESULTS)
        {
            return self.operation_result(path);
        }
        if let Some(r) = self.private_link_read(path) {
            return r;
        }
        match found {
            Some(n) => Ok(Response::ok(200, self.ctx().view_body(n))),
            None => Err(self.not_found(path)),
        }
    }

    pub(super) fn list(
        &self,
        path: &ArmPath,
        principal: &Principal,
        walked: Option<Walk>,
    ) -> Result<Response, ArmError> {
        let Some(coll) = path.collection.as_deref() else {
            return Err(ArmError::new(
                400,
                "InvalidRequestUri",
                alloc::format!("'{path}' names a resource, not a collection; use GET."),
                RuleId::ValidRequest,
            ));
        };
        // The walk RBAC makes finds the collection's parent too.
        let found = self
            .authorize_walked(principal, path, Action::Read, walked)?
            .filter(|(_, depth)| *depth == path.segments.len())
            .map(|(node, _)| node);
        if let Some(r) = self.private_link_read(path) {
            return r;
        }
        let parent = found.ok_or_else(|| self.not_found(path))?;
        // The collection's type, lower-cased, and the children's key prefix it makes.
        let (mut buf, mut owned) = ([0u8; PREFIX_ON_STACK], String::new());
        let prefix = key_prefix(coll, &mut buf, &mut owned);
        let coll_lower = &prefix[..prefix.len() - 1];
        let mut items: Vec<NodeId> = Vec::new();
        let is_sub = path.segments.len() == 1;
        let is_authz = coll_lower == "microsoft.authorization/roleassignments"
            || coll_lower == "microsoft.authorization/locks";
        if coll_lower == "resources" {
            items = self.store.pre_order(parent).into_iter().skip(1).collect();
        } else if is_authz {
            let mut scopes = self.store.ancestors_inclusive(parent);
            scopes.reverse();
            scopes.extend(self.store.pre_order(parent).into_iter().skip(1));
            for s in scopes {
                items.extend(self.store.children_with_prefix(s, prefix));
            }
        } else if is_sub && path.collection_is_provider {
            // Subscription-wide list: every group's children of that type.
            for rg in self
                .store
                .children_with_prefix(parent, "resourcegroups/")
                .collect::<Vec<_>>()
            {
                items.extend(self.store.children_with_prefix(rg, prefix));
            }
        } else {
            // The plain case (a parent's children of one type): the page is made as they are
            // read, without a list of their nodes first.
            let ctx = self.ctx();
            let value: Vec<Body> = self
                .store
                .children_with_prefix(parent, prefix)
                .map(|n| ctx.view_body(n))
                .collect();
            return Ok(Response::ok(200, Body::page(value)));
        }
        // Each item shares its stored body: nothing is decoded unless the page is read, and
        // a page that is only written streams each item from its packed bytes.
        let ctx = self.ctx();
        let value: Vec<Body> = items.into_iter().map(|n| ctx.view_body(n)).collect();
        Ok(Response::ok(200, Body::page(value)))
    }
}

/// The longest collection key prefix [`key_prefix`] writes on the stack (longer ones, rare,
/// are made on the heap).
const PREFIX_ON_STACK: usize = 96;

/// A collection's children's key prefix: its type lower-cased and `/`. An ASCII type (every
/// LIST of a known collection) is lower-cased into `buf`, so a LIST allocates no prefix.
fn key_prefix<'a>(
    coll: &str,
    buf: &'a mut [u8; PREFIX_ON_STACK],
    owned: &'a mut String,
) -> &'a str {
    let n = coll.len();
    if coll.is_ascii() && n < PREFIX_ON_STACK {
        buf[..n].copy_from_slice(coll.as_bytes());
        buf[..n].make_ascii_lowercase();
        buf[n] = b'/';
        if let Ok(prefix) = core::str::from_utf8(&buf[..=n]) {
            return prefix;
        }
    }
    owned.push_str(&coll.to_lowercase());
    owned.push('/');
    owned
}
