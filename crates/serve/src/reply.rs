//! ARM's error body, shared by every part of the server that refuses a request.

use serde_json::json;

use crate::http::HttpResponse;

/// ARM's error response.
pub fn arm_error(status: u16, code: &str, message: &str) -> HttpResponse {
    HttpResponse::json(
        status,
        &json!({"error": {"code": code, "message": message}}),
    )
}
