//! The one error type of the template engine.
//!
//! ARM reports template problems as `{"code": "...", "message": "..."}`; we add the JSON
//! path of the offending element (`resources[2].properties.audience`) so a learner can find
//! it without line numbers (we parse with `serde_json`, which keeps no positions).

use alloc::string::String;
use core::fmt;

/// ARM's code for a template that is malformed or whose expressions fail.
pub const INVALID_TEMPLATE: &str = "InvalidTemplate";
/// ARM's code for a deployment that fails validation against its inputs or limits.
pub const INVALID_TEMPLATE_DEPLOYMENT: &str = "InvalidTemplateDeployment";
/// ARM's code for a request body (template text) that is larger than allowed.
pub const REQUEST_TOO_LARGE: &str = "RequestContentTooLarge";
/// ARM's code when `reference()` names a resource that does not exist.
pub const RESOURCE_NOT_FOUND: &str = "ResourceNotFound";
/// ARM's code for a JSON text that does not parse.
pub const INVALID_REQUEST_CONTENT: &str = "InvalidRequestContent";

/// A template error: a stable ARM-style `code`, a human message and the JSON path of the
/// element that caused it (empty when the whole template is meant).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// ARM error code, e.g. `"InvalidTemplate"`.
    pub code: &'static str,
    /// Human-readable message in ARM's wording where ARM has one.
    pub message: String,
    /// JSON path inside the template, e.g. `resources[2].properties.audience`.
    pub path: String,
}

impl TemplateError {
    /// Builds an error from its three parts.
    pub fn new(code: &'static str, message: impl Into<String>, path: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            path: path.into(),
        }
    }

    /// Shorthand for an `InvalidTemplate` error.
    pub fn invalid(message: impl Into<String>, path: impl Into<String>) -> Self {
        Self::new(INVALID_TEMPLATE, message, path)
    }

    /// Shorthand for an `InvalidTemplateDeployment` error.
    pub fn deployment(message: impl Into<String>, path: impl Into<String>) -> Self {
        Self::new(INVALID_TEMPLATE_DEPLOYMENT, message, path)
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.code, self.message)
        } else {
            write!(f, "{}: {} (at '{}')", self.code, self.message, self.path)
        }
    }
}

impl core::error::Error for TemplateError {}

/// The most characters of a user's text an error message repeats.
pub const ECHO_CHARS: usize = 120;

/// `text` as an error message repeats it: whole when short, else its first [`ECHO_CHARS`]
/// characters and how long it is. A hostile template's 200,000-deep expression must not be
/// echoed whole (the message is shown, logged and repeated by clients: megabytes each time).
pub fn echo(text: &str) -> alloc::borrow::Cow<'_, str> {
    match text.char_indices().nth(ECHO_CHARS) {
        None => alloc::borrow::Cow::Borrowed(text),
        Some((cut, _)) => alloc::borrow::Cow::Owned(alloc::format!(
            "{}… ({} characters in all)",
            &text[..cut],
            text.chars().count()
        )),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_text_is_echoed_short_with_its_length() {
        assert_eq!(super::echo("[concat('a')]"), "[concat('a')]");
        let long = "é".repeat(200_000);
        let e = super::echo(&long);
        assert!(e.chars().count() < 200, "{e}");
        assert!(e.ends_with("(200000 characters in all)"), "{e}");
    }
}
