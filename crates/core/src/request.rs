//! Requests to the simulated ARM front door, and its responses.

use alloc::string::String;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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
    /// The variants in declaration order, and their names in the saved JSON (serde's).
    const ALL: [(Method, &'static str); 6] = [
        (Method::Get, "GET"),
        (Method::List, "LIST"),
        (Method::Put, "PUT"),
        (Method::Patch, "PATCH"),
        (Method::Delete, "DELETE"),
        (Method::Post, "POST"),
    ];

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

    /// A request input's members (its JSON object without the `input` tag), read as the
    /// derived `Deserialize` reads them from a `&Value` ([`members`]).
    pub(crate) fn from_members(m: Map<String, Value>) -> Result<Request, serde_json::Error> {
        let (mut method, mut path) = (None, None);
        let mut r = Request::new(Method::Get, String::new());
        for (key, v) in m {
            match key.as_str() {
                "method" => method = Some(Method::ALL[members::variant(&v, &METHODS)?].0.clone()),
                "path" => path = Some(members::string(v)?),
                "body" => r.body = (!v.is_null()).then_some(v),
                "principal" => r.principal = members::opt_string(v)?,
                "if_match" => r.if_match = members::opt_string(v)?,
                "if_none_match" => r.if_none_match = members::opt_string(v)?,
                _ => {}
            }
        }
        r.method = members::required(method, "method")?;
        r.path = members::required(path, "path")?;
        Ok(r)
    }
}

/// [`Method`]'s names, as serde's errors list them.
const METHODS: [&str; 6] = ["GET", "LIST", "PUT", "PATCH", "DELETE", "POST"];

/// Reading an input's members by hand ([`Request`], [`crate::faults::FaultSpec`],
/// [`crate::probe::ProbeSpec`]): the values and error texts of their derived `Deserialize`
/// reading a `&Value` (which the types keep for the native API; `members/tests.rs` compares the
/// two), with one plain function per type instead of the derive's visitors instantiated for
/// serde_json's `&Value` deserializer (~11 KB of code in the browser's start module,
/// docs/WASM-SIZE.md, eighth stop). What the derive does and these keep: members are read in
/// the object's (sorted) order, so the first wrong one is reported; unknown members are
/// skipped; an optional member's `null` is `None`; a missing required one is reported after
/// all present ones were read, in declaration order.
pub(crate) mod members;

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
