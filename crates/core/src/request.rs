//! Requests to the simulated ARM front door, and its responses.

use alloc::string::String;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::body::{Body, Overlay};
use crate::error::ArmError;

/// The HTTP verb of an ARM request (`List` is a GET on a collection path).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// Read one resource.
    Get,
    /// Read a collection (`{value: [...]}`).
    List,
    /// Create or replace.
    Put,
    /// Update some properties (tags, identity).
    Patch,
    /// Delete.
    Delete,
    /// An action: the last path word is the action (`register`, `checkNameAvailability`, `moveResources`).
    Post,
}

impl Method {
    /// The HTTP verb as printed (`LIST` is printed as `GET`).
    pub fn http(&self) -> &'static str {
        match self {
            Method::Get | Method::List => "GET",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Post => "POST",
        }
    }
    /// True for requests that change state.
    pub fn is_write(&self) -> bool {
        matches!(
            self,
            Method::Put | Method::Patch | Method::Delete | Method::Post
        )
    }
}

/// One request to the simulated control plane.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The verb.
    pub method: Method,
    /// The ARM path (`/subscriptions/…`), a resource id or a collection.
    pub path: String,
    /// The JSON body, for PUT, PATCH and POST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// Who sends it; `None` means the session's acting principal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    /// The `If-Match` header: the etag the client last saw (`*`: "the resource must exist").
    /// A write whose etag no longer matches is refused with 412 `PreconditionFailed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_match: Option<String>,
    /// The `If-None-Match` header: `*` means "create only, never overwrite".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_none_match: Option<String>,
}

impl Request {
    /// A request with no body as the acting principal.
    pub fn new(method: Method, path: impl Into<String>) -> Request {
        Request {
            method,
            path: path.into(),
            body: None,
            principal: None,
            if_match: None,
            if_none_match: None,
        }
    }
    /// `GET path`.
    pub fn get(path: impl Into<String>) -> Request {
        Request::new(Method::Get, path)
    }
    /// `GET collection`.
    pub fn list(path: impl Into<String>) -> Request {
        Request::new(Method::List, path)
    }
    /// `PUT path body`.
    pub fn put(path: impl Into<String>, body: Value) -> Request {
        Request {
            body: Some(body),
            ..Request::new(Method::Put, path)
        }
    }
    /// `PATCH path body`.
    pub fn patch(path: impl Into<String>, body: Value) -> Request {
        Request {
            body: Some(body),
            ..Request::new(Method::Patch, path)
        }
    }
    /// `DELETE path`.
    pub fn delete(path: impl Into<String>) -> Request {
        Request::new(Method::Delete, path)
    }
    /// `POST path body` (an action).
    pub fn post(path: impl Into<String>, body: Value) -> Request {
        Request {
            body: Some(body),
            ..Request::new(Method::Post, path)
        }
    }
    /// Adds an `If-Match` header (optimistic concurrency: write only over this etag).
    pub fn if_match(mut self, etag: impl Into<String>) -> Request {
        self.if_match = Some(etag.into());
        self
    }
    /// Adds an `If-None-Match` header (`*`: create only).
    pub fn if_none_match(mut self, etag: impl Into<String>) -> Request {
        self.if_none_match = Some(etag.into());
        self
    }
    /// Sends it as `principal` instead of the acting one.
    pub fn as_principal(mut self, principal: impl Into<String>) -> Request {
        self.principal = Some(principal.into());
        self
    }
}

/// The answer of the front door, as ARM gives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// HTTP status: 200, 201, 202, 204, or an error status.
    pub status: u16,
    /// The body: the resource, a list `{value}`, an action result, `null` for 204, or the
    /// ARM error body `{"error": {…}}`. Shared with the store when it is a stored body (a
    /// GET copies nothing); it reads as a `&Value` and is copied only when mutated.
    pub body: Body,
    /// The error, with its rule, when the request was rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ArmError>,
    /// The long-running operation the request started, to wait on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<u64>,
}

impl Response {
    /// A success.
    pub fn ok(status: u16, body: impl Into<Body>) -> Response {
        Response {
            status,
            body: body.into(),
            error: None,
            operation: None,
        }
    }
    /// A success that started long-running operation `op`.
    pub fn started(status: u16, body: impl Into<Body>, op: u64) -> Response {
        Response {
            status,
            body: body.into(),
            error: None,
            operation: Some(op),
        }
    }
    /// A rejection.
    pub fn err(e: ArmError) -> Response {
        Response {
            status: e.status,
            body: e.body().into(),
            error: Some(e),
            operation: None,
        }
    }
    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}
