//! The vocabulary of the FHIR data plane: a request to a FHIR service, its answer, the
//! `OperationOutcome` errors the Microsoft FHIR server sends, and the checks on ids and types.
//!
//! Messages are the FHIR server's own (microsoft/fhir-server, MIT:
//! `src/Microsoft.Health.Fhir.Core/Resources.resx`, `src/Microsoft.Health.Fhir.Api/Resources.resx`).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::probe::Network;
use crate::rules::RuleId;

/// The HTTP verb of a FHIR call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum FhirMethod {
    /// Read, vread, search, history.
    Get,
    /// Create (server-assigned id).
    Post,
    /// Update, or create with the client's id.
    Put,
    /// Delete (soft: history keeps the versions).
    Delete,
}

impl FhirMethod {
    /// The verb as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            FhirMethod::Get => "GET",
            FhirMethod::Post => "POST",
            FhirMethod::Put => "PUT",
            FhirMethod::Delete => "DELETE",
        }
    }
    /// Parses `get`, `GET` … (any case).
    pub fn parse(s: &str) -> Option<FhirMethod> {
        match s.to_ascii_uppercase().as_str() {
            "GET" => Some(FhirMethod::Get),
            "POST" => Some(FhirMethod::Post),
            "PUT" => Some(FhirMethod::Put),
            "DELETE" => Some(FhirMethod::Delete),
            _ => None,
        }
    }
    /// True for the verbs that change data (they need `FhirDataWrite`).
    pub fn is_write(self) -> bool {
        self != FhirMethod::Get
    }
}

fn public() -> Network {
    Network::Public
}

/// One call to a FHIR service's data plane.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FhirRequest {
    /// The service: its ARM resource id, or its host
    /// (`<workspace>-<service>.fhir.azurehealthcareapis.com`).
    pub service: String,
    /// The verb.
    pub method: FhirMethod,
    /// Path and query below the service's base URL (`/Observation?subject=Patient/1`).
    pub path: String,
    /// The JSON body (POST, PUT).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// Who calls; `None` is the session's acting principal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    /// From where (public internet by default).
    #[serde(default = "public")]
    pub from: Network,
}

/// A FHIR service's answer: HTTP status, headers and body (a resource, a Bundle or an
/// `OperationOutcome`), and the rule behind a refusal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FhirResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers (`Location`, `ETag`, `Last-Modified`), in the order sent.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// The body (`null` for 204).
    pub body: Value,
    /// The rule behind a refusal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleId>,
}

impl FhirResponse {
    /// A success with a body.
    pub fn ok(status: u16, body: Value) -> FhirResponse {
        FhirResponse {
            status,
            headers: Vec::new(),
            body,
            rule: None,
        }
    }
    /// A refusal: an `OperationOutcome` with one issue of FHIR issue type `code`.
    pub fn outcome(status: u16, code: &str, diagnostics: &str, rule: RuleId) -> FhirResponse {
        FhirResponse {
            status,
            headers: Vec::new(),
            body: operation_outcome("error", code, diagnostics),
            rule: Some(rule),
        }
    }
    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    /// The diagnostics of the first issue of an `OperationOutcome` body.
    pub fn diagnostics(&self) -> Option<&str> {
        self.body["issue"][0]["diagnostics"].as_str()
    }
    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// An `OperationOutcome` with one issue (the shape the FHIR server answers errors with).
pub fn operation_outcome(severity: &str, code: &str, diagnostics: &str) -> Value {
    json!({
        "resourceType": "OperationOutcome",
        "issue": [{"severity": severity, "code": code, "diagnostics": diagnostics}],
    })
}

/// The resource types hcsim's slice of the FHIR service stores.
pub const STORED_TYPES: &[&str] = &["Patient", "Device", "Observation"];

/// True if `t` looks like a FHIR resource type name (an upper-case letter, then letters).
pub fn is_type_name(t: &str) -> bool {
    let mut c = t.chars();
    c.next().is_some_and(|f| f.is_ascii_uppercase())
        && t.len() <= 64
        && t.chars().all(|c| c.is_ascii_alphabetic())
}

/// FHIR's id rule `[A-Za-z0-9\-\.]{1,64}`.
pub fn is_valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

/// The FHIR server's message for an id breaking the rule (`IdRequirements`).
pub const ID_REQUIREMENTS: &str = "Id must be any combination of upper or lower case ASCII letters ('A'..'Z', and 'a'..'z'), numerals ('0'..'9'), '-' and '.', with a length limit of 64 characters. (This might be an integer, an un-prefixed OID, UUID, or any other identifier pattern that meets these constraints.)";

/// `ResourceNotFoundById`.
pub fn not_found(rtype: &str, id: &str) -> FhirResponse {
    FhirResponse::outcome(
        404,
        "not-found",
        &alloc::format!(
            "Resource type '{rtype}' with id '{}' couldn't be found.",
            crate::id::shorten(id)
        ),
        RuleId::ResourceMustExist,
    )
}

/// The weak ETag of a version (`W/"3"`).
pub fn etag(version: u64) -> String {
    alloc::format!("W/\"{version}\"")
}

/// A `system|code` or bare token split as FHIR token search does: `(Some(system), code)`;
/// `|code` means "no system" (`Some("")`).
pub fn split_token(v: &str) -> (Option<&str>, &str) {
    match v.split_once('|') {
        Some((s, c)) => (Some(s), c),
        None => (None, v),
    }
}

/// A reference search value normalised to `Type/id` (`Patient/1`, or a bare `1`).
pub fn reference_value(v: &str) -> String {
    // An absolute reference to this server keeps its last two segments.
    let parts: Vec<&str> = v.trim_end_matches('/').rsplit('/').take(2).collect();
    match parts.as_slice() {
        [id, t] if is_type_name(t) => alloc::format!("{t}/{id}"),
        _ => v.to_string(),
    }
}
