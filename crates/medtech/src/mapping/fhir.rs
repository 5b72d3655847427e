//! The FHIR destination mapping (`CollectionFhir` of `CodeValueFhir`): for each measurement
//! type, the Observation's codes, categories, value and components, and its period window.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

use super::{Obj, collection, entry, template_is};
use crate::error::MappingError;

/// How measurements are grouped into one Observation (`periodInterval`, minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PeriodInterval {
    /// `-1`: one Observation per correlation id (the measurements' `correlationId`).
    CorrelationId,
    /// `0`: one Observation per measurement.
    Single,
    /// `60`: one Observation per device, type and UTC hour.
    Hourly,
    /// `1440`: one Observation per device, type and UTC day.
    Daily,
}

impl PeriodInterval {
    /// The window's length in seconds (0 for `Single` and `CorrelationId`).
    pub fn seconds(self) -> i64 {
        match self {
            PeriodInterval::CorrelationId | PeriodInterval::Single => 0,
            PeriodInterval::Hourly => 3600,
            PeriodInterval::Daily => 86_400,
        }
    }
}

/// One coding: `{"code", "system", "display"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FhirCode {
    /// `code`.
    pub code: String,
    /// `system`.
    pub system: Option<String>,
    /// `display`.
    pub display: Option<String>,
}

/// A CodeableConcept: `{"text", "codes": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concept {
    /// `text`.
    pub text: Option<String>,
    /// `codes`.
    pub codes: Vec<FhirCode>,
}

/// The FHIR type a value is written as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueKind {
    /// `SampledData`: the values of the window in one data string (`E` where none).
    SampledData {
        /// `defaultPeriod`, milliseconds between samples, as written (a decimal).
        default_period: String,
        /// `unit`.
        unit: Option<String>,
    },
    /// `Quantity`.
    Quantity {
        /// `unit`.
        unit: Option<String>,
        /// `system`.
        system: Option<String>,
        /// `code`.
        code: Option<String>,
    },
    /// `String`.
    String,
    /// `CodeableConcept`: a fixed concept written whenever the value is present.
    CodeableConcept(Concept),
}

/// A value of an Observation or of one of its components.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FhirValue {
    /// `valueName`: which measurement property.
    pub value_name: String,
    /// `valueType` and its settings.
    pub kind: ValueKind,
}

/// One `components` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// `codes` of the component.
    pub codes: Vec<FhirCode>,
    /// `value` of the component.
    pub value: FhirValue,
}

/// One `CodeValueFhir` template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeValueTemplate {
    /// `typeName`: the measurement type it applies to.
    pub type_name: String,
    /// `periodInterval`.
    pub period_interval: PeriodInterval,
    /// `codes` of the Observation.
    pub codes: Vec<FhirCode>,
    /// `category`.
    pub category: Vec<Concept>,
    /// `value`.
    pub value: Option<FhirValue>,
    /// `components`.
    pub components: Vec<Component>,
}

/// A FHIR destination mapping (`CollectionFhir`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FhirMapping {
    /// The templates, in the mapping's order.
    pub templates: Vec<CodeValueTemplate>,
}

impl FhirMapping {
    /// Reads and checks a FHIR destination mapping.
    pub fn parse(json: &Value) -> Result<Self, MappingError> {
        let mut templates = Vec::new();
        for (path, value) in collection(json, "CollectionFhir")? {
            let written = Obj::new(value, &path)?.opt_str("templateType")?;
            let written = written.unwrap_or_default();
            if !template_is(&written, "CodeValueFhir") {
                return Err(MappingError::new(
                    format!("{path}.templateType"),
                    format!("Expected TemplateType value CodeValueFhirTemplate, actual {written}."),
                ));
            }
            let (_, t) = entry(value, &path, &["CodeValueFhir"])?;
            let template = code_value(&t)?;
            if templates
                .iter()
                .any(|o: &CodeValueTemplate| o.type_name.eq_ignore_ascii_case(&template.type_name))
            {
                return Err(MappingError::new(
                    t.at("typeName"),
                    format!("Duplicate template defined for {}", template.type_name),
                ));
            }
            templates.push(template);
        }
        Ok(FhirMapping { templates })
    }

    /// The template for a measurement type, found ignoring case as the service's lookup does.
    pub fn template(&self, type_name: &str) -> Option<&CodeValueTemplate> {
        self.templates
            .iter()
            .find(|t| t.type_name.eq_ignore_ascii_case(type_name))
    }
}

fn code_value(t: &Obj<'_>) -> Result<CodeValueTemplate, MappingError> {
    let period_interval = match t.get("periodInterval") {
        None => PeriodInterval::Single,
        Some(v) => match v
            .as_i64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        {
            Some(-1) => PeriodInterval::CorrelationId,
            Some(0) => PeriodInterval::Single,
            Some(60) => PeriodInterval::Hourly,
            Some(1440) => PeriodInterval::Daily,
            _ => {
                return Err(MappingError::new(
                    t.at("periodInterval"),
                    format!(
                        "invalid period interval {v}: expected 0, 60, 1440 or -1 (correlation id)"
                    ),
                ));
            }
        },
    };
    let mut category = Vec::new();
    for (i, c) in t.opt_array("category")?.iter().enumerate() {
        category.push(concept(&Obj::new(
            c,
            &format!("{}[{i}]", t.at("category")),
        )?)?);
    }
    let value = match t.get("value") {
        None => None,
        Some(v) => Some(value_of(&Obj::new(v, &t.at("value"))?)?),
    };
    let mut components = Vec::new();
    for (i, c) in t.opt_array("components")?.iter().enumerate() {
        let co = Obj::new(c, &format!("{}[{i}]", t.at("components")))?;
        let Some(v) = co.get("value") else {
            return Err(super::missing(co.at("value"), "value"));
        };
        components.push(Component {
            codes: codes(&co)?,
            value: value_of(&Obj::new(v, &co.at("value"))?)?,
        });
    }
    if t.get("codes").is_none() {
        // CodeValueFhirTemplate.Codes is [JsonProperty(Required = Required.Always)].
        return Err(super::missing(t.at("codes"), "codes"));
    }
    Ok(CodeValueTemplate {
        type_name: t.req_str("typeName")?,
        period_interval,
        codes: codes(t)?,
        category,
        value,
        components,
    })
}

fn codes(o: &Obj<'_>) -> Result<Vec<FhirCode>, MappingError> {
    let mut out = Vec::new();
    for (i, c) in o.opt_array("codes")?.iter().enumerate() {
        let co = Obj::new(c, &format!("{}[{i}]", o.at("codes")))?;
        out.push(FhirCode {
            code: co.req_str("code")?,
            system: co.opt_str("system")?,
            display: co.opt_str("display")?,
        });
    }
    Ok(out)
}

fn concept(o: &Obj<'_>) -> Result<Concept, MappingError> {
    Ok(Concept {
        text: o.opt_str("text")?,
        codes: codes(o)?,
    })
}

fn value_of(o: &Obj<'_>) -> Result<FhirValue, MappingError> {
    let value_type = o.req_str("valueType")?;
    let kind = match value_type.as_str() {
        "SampledData" => ValueKind::SampledData {
            default_period: o.req_str("defaultPeriod")?,
            unit: o.opt_str("unit")?,
        },
        "Quantity" => ValueKind::Quantity {
            unit: o.opt_str("unit")?,
            system: o.opt_str("system")?,
            code: o.opt_str("code")?,
        },
        "String" => ValueKind::String,
        "CodeableConcept" => ValueKind::CodeableConcept(concept(o)?),
        other => {
            return Err(MappingError::new(
                o.at("valueType"),
                format!(
                    "unknown value type '{other}': expected SampledData, Quantity, String \
                     or CodeableConcept"
                ),
            ));
        }
    };
    Ok(FhirValue {
        value_name: o.req_str("valueName")?,
        kind,
    })
}
