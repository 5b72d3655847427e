//! The engine's errors: a mapping that cannot be used ([`MappingError`]), a message that
//! cannot be normalized ([`NormalizeError`]) and a group that cannot become an Observation
//! ([`TransformError`]). Kinds carry the service's exception names, which MedTech's logs show.

use alloc::string::String;
use alloc::vec::Vec;

use crate::trace::TemplateTrace;

/// Where in the mapping JSON, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingError {
    /// A JSON path into the mapping (`template[0].template.typeName`; empty for the root).
    pub path: String,
    /// What is wrong, for people.
    pub message: String,
}

impl MappingError {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        MappingError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl core::fmt::Display for MappingError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Why a message produced no (or not all) measurements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NormalizeErrorKind {
    /// A value marked `required` (or the device id, or the timestamp) gave nothing.
    RequiredValueMissing,
    /// An expression could not be evaluated (bad syntax, a function's wrong argument, a
    /// JSONPath that matched more than one token where one was expected).
    ExpressionError,
    /// The timestamp expression's value is not a date and time.
    InvalidTimestamp,
    /// The message or its evaluation exceeds a [`crate::Limits`] bound.
    TooLarge,
    /// The message is not a JSON object the service can read.
    InvalidMessage,
}

impl NormalizeErrorKind {
    /// The service's name for this error, as its logs show it.
    pub fn name(self) -> &'static str {
        match self {
            NormalizeErrorKind::RequiredValueMissing => "IncompatibleDataException",
            NormalizeErrorKind::ExpressionError => "TemplateExpressionException",
            NormalizeErrorKind::InvalidTimestamp => "IncompatibleDataException",
            // hcsim's own bounds: the service's name for any other normalization failure.
            NormalizeErrorKind::TooLarge => "NormalizationDataMappingException",
            NormalizeErrorKind::InvalidMessage => "InvalidDataFormatException",
        }
    }
}

/// Why a message produced no (or not all) measurements; `kind.name()` is the service's name.
#[derive(Debug, Clone, PartialEq)]
pub struct NormalizeError {
    /// What kind of failure.
    pub kind: NormalizeErrorKind,
    /// The device-mapping template that failed (its index), if one did.
    pub template: Option<usize>,
    /// The expression that failed (`"values[0].valueExpression"`), if one did.
    pub expression: Option<String>,
    /// What went wrong, for people (the service's message where it has one).
    pub message: String,
    /// What was evaluated up to the failure.
    pub trace: Vec<TemplateTrace>,
}

impl core::fmt::Display for NormalizeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}

/// Why a group of measurements could not become an Observation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransformErrorKind {
    /// No template of the FHIR destination mapping has the group's `typeName`.
    TemplateNotFound,
    /// A Quantity's value is not a decimal number.
    InvalidQuantity,
    /// The template cannot be applied (a SampledData `defaultPeriod` that is not a positive
    /// number of milliseconds).
    InvalidValue,
    /// The existing Observation cannot be merged (its value is not of the template's type,
    /// its effective time is missing).
    InvalidExisting,
    /// A Quantity or String value got more than one measurement value in its window.
    MultipleValues,
    /// The template groups by correlation id and the measurements carry none.
    CorrelationIdNotDefined,
    /// The Observation would exceed a bound (a SampledData stream of too many samples).
    TooLarge,
}

impl TransformErrorKind {
    /// The service's name for this error, as its logs show it.
    pub fn name(self) -> &'static str {
        match self {
            TransformErrorKind::TemplateNotFound => "TemplateNotFoundException",
            TransformErrorKind::InvalidQuantity => "InvalidQuantityFhirValueException",
            TransformErrorKind::InvalidValue => "FhirDataMappingException",
            TransformErrorKind::InvalidExisting => "NotSupportedException",
            TransformErrorKind::MultipleValues => "InvalidOperationException",
            TransformErrorKind::CorrelationIdNotDefined => "CorrelationIdNotDefinedException",
            TransformErrorKind::TooLarge => "FhirDataMappingException",
        }
    }
}

/// Why a group of measurements could not become an Observation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransformError {
    /// What kind of failure.
    pub kind: TransformErrorKind,
    /// What went wrong, for people.
    pub message: String,
}

impl TransformError {
    /// An error of `kind`.
    pub fn new(kind: TransformErrorKind, message: impl Into<String>) -> Self {
        TransformError {
            kind,
            message: message.into(),
        }
    }
}

impl core::fmt::Display for TransformError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}
