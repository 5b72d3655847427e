//! What the engine records while it evaluates a mapping, for the mapping debugger: one
//! [`TemplateTrace`] per device-mapping template, one [`ExpressionTrace`] per expression run.

use alloc::string::String;
use alloc::vec::Vec;

/// The expression language of one expression of a device mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// JSONPath as Newtonsoft.Json's `SelectToken` evaluates it (the service's default).
    JsonPath,
    /// JMESPath with the service's custom functions (`CalculatedContent` only).
    JmesPath,
}

impl Language {
    /// The name a mapping writes (`"JsonPath"`, `"JmesPath"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Language::JsonPath => "JsonPath",
            Language::JmesPath => "JmesPath",
        }
    }
}

/// One expression the engine evaluated and what it gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpressionTrace {
    /// Which expression of the template: `"deviceIdExpression"`, `"values[0].valueExpression"`.
    pub name: String,
    /// The expression's text.
    pub expression: String,
    /// The language it was evaluated in.
    pub language: Language,
    /// The value as the service stores it (a string), `None` when nothing matched, or why the
    /// evaluation failed.
    pub result: Result<Option<String>, String>,
    /// Which matched token (its index in the template's matches) the expression was evaluated
    /// for; `None` for the type-match expression itself.
    pub token: Option<usize>,
}

/// One template of a device mapping applied to one message.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateTrace {
    /// The template's position in the mapping's `template` array.
    pub index: usize,
    /// Its `typeName`.
    pub type_name: String,
    /// Whether its `typeMatchExpression` matched anything in the message.
    pub matched: bool,
    /// The tokens it matched, in order (each yields one measurement); at most the first
    /// [`crate::TRACED_MATCHES`].
    pub matches: Vec<serde_json::Value>,
    /// The expressions evaluated, in order (for each matched token).
    pub expressions: Vec<ExpressionTrace>,
}
