//! The device mapping (`CollectionContent`): its templates, each with a type name, a match
//! expression, the identity and time expressions and the values to extract.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

use super::{Obj, collection, entry, kind_of, missing};
use crate::error::MappingError;
use crate::expr::Compiled;
use crate::trace::Language;

/// The kinds of device-mapping template the service knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateKind {
    /// `JsonPathContent`: JSONPath over the message body.
    JsonPath,
    /// `IotJsonPathContent`: JSONPath over an IoT Hub message; device id and time come from
    /// the system properties.
    IotJsonPath,
    /// `IotCentralJsonPathContent`: JSONPath over an IoT Central export.
    IotCentralJsonPath,
    /// `CalculatedContent`: JSONPath or JMESPath over the whole event (`Body`, `Properties`,
    /// `SystemProperties`), with the service's custom functions.
    Calculated,
}

impl TemplateKind {
    /// The `templateType` a mapping writes.
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKind::JsonPath => "JsonPathContent",
            TemplateKind::IotJsonPath => "IotJsonPathContent",
            TemplateKind::IotCentralJsonPath => "IotCentralJsonPathContent",
            TemplateKind::Calculated => "CalculatedContent",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        [
            TemplateKind::JsonPath,
            TemplateKind::IotJsonPath,
            TemplateKind::IotCentralJsonPath,
            TemplateKind::Calculated,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }
}

/// One expression of a template, with its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expression {
    /// The expression's text.
    pub value: String,
    /// The language it is written in.
    pub language: Language,
    /// The compiled form (equal whenever the text and language are).
    pub(crate) compiled: Compiled,
}

impl Expression {
    /// Compiles `value` in `language`; the error is the service's message for a JMESPath
    /// expression that does not parse.
    pub fn new(value: &str, language: Language) -> Result<Self, String> {
        Ok(Expression {
            value: value.into(),
            language,
            compiled: Compiled::new(value, language)?,
        })
    }
}

/// The device id and timestamp expressions the IoT templates fix (the mapping's own are
/// ignored): IoT Hub's system property and creation time, falling back to the enqueued time.
pub const IOT_DEVICE_ID: &str = "$.SystemProperties.iothub-connection-device-id";
/// The IoT Hub creation time the `IotJsonPathContent` template reads first.
pub const IOT_TIMESTAMP: &str = "$.Properties.iothub-creation-time-utc";
/// The IoT Hub enqueued time it falls back to.
pub const IOT_ENQUEUED_TIME: &str = "$.SystemProperties.iothub-enqueuedtime";
/// The device id an IoT Central export carries.
pub const IOT_CENTRAL_DEVICE_ID: &str = "$.deviceId";
/// The time an IoT Central export carries.
pub const IOT_CENTRAL_TIMESTAMP: &str = "$.enqueuedTime";

/// One value a template extracts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueTemplate {
    /// `valueName`: the name the FHIR destination mapping refers to.
    pub name: String,
    /// `valueExpression`.
    pub expression: Expression,
    /// `required`: a message whose matched token lacks the value is an error.
    pub required: bool,
}

/// One template of a device mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentTemplate {
    /// `templateType`.
    pub kind: TemplateKind,
    /// `typeName`: the measurement type, the key into the FHIR destination mapping.
    pub type_name: String,
    /// `typeMatchExpression`: each token it matches yields one measurement.
    pub type_match: Expression,
    /// `deviceIdExpression` (IoT templates: the system property when absent).
    pub device_id: Option<Expression>,
    /// `patientIdExpression`.
    pub patient_id: Option<Expression>,
    /// `encounterIdExpression`.
    pub encounter_id: Option<Expression>,
    /// `correlationIdExpression`.
    pub correlation_id: Option<Expression>,
    /// `timestampExpression` (IoT templates: the enqueued time when absent).
    pub timestamp: Option<Expression>,
    /// `values`.
    pub values: Vec<ValueTemplate>,
}

/// A device mapping (`CollectionContent`), parsed and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceMapping {
    /// The templates, in the mapping's order (the order the service applies them).
    pub templates: Vec<ContentTemplate>,
}

impl DeviceMapping {
    /// Reads and checks a device mapping.
    pub fn parse(json: &Value) -> Result<Self, MappingError> {
        let mut templates = Vec::new();
        for (path, entry) in collection(json, "CollectionContent")? {
            templates.push(parse_entry(entry, &path)?);
        }
        Ok(DeviceMapping { templates })
    }
}

/// One `{"templateType": …, "template": {…}}` entry.
fn parse_entry(value: &Value, path: &str) -> Result<ContentTemplate, MappingError> {
    let names = [
        TemplateKind::JsonPath,
        TemplateKind::IotJsonPath,
        TemplateKind::IotCentralJsonPath,
        TemplateKind::Calculated,
    ]
    .map(TemplateKind::as_str);
    let (name, t) = entry(value, path, &names)?;
    let kind = TemplateKind::from_name(name).unwrap_or(TemplateKind::JsonPath);
    let default = match kind {
        TemplateKind::Calculated => match t.opt_str("defaultExpressionLanguage")? {
            None => Language::JsonPath,
            Some(name) => language(&name, &t.at("defaultExpressionLanguage"))?,
        },
        _ => Language::JsonPath,
    };
    let calculated = kind == TemplateKind::Calculated;
    let expr = |name: &str| expression(&t, name, default, calculated);
    let fixed = |text: &str| Expression::new(text, Language::JsonPath).ok();
    let (device_id, timestamp) = match kind {
        TemplateKind::IotJsonPath => (fixed(IOT_DEVICE_ID), fixed(IOT_TIMESTAMP)),
        TemplateKind::IotCentralJsonPath => {
            (fixed(IOT_CENTRAL_DEVICE_ID), fixed(IOT_CENTRAL_TIMESTAMP))
        }
        _ => (expr("deviceIdExpression")?, expr("timestampExpression")?),
    };
    let type_name = t.req_str("typeName")?;
    let type_match = expr("typeMatchExpression")?;
    if calculated {
        // CalculatedFunctionContentTemplateFactory's own check, with its message.
        for (name, e) in [
            ("TypeMatchExpression", type_match.as_ref()),
            ("DeviceIdExpression", device_id.as_ref()),
        ] {
            if e.is_none() {
                let mut lower = String::from(&name[..1]).to_lowercase();
                lower.push_str(&name[1..]);
                return Err(MappingError::new(
                    t.at(&lower),
                    format!(
                        "Unable to create the template; the expression for [{name}] is missing"
                    ),
                ));
            }
        }
    }
    let type_match = require(&t, "typeMatchExpression", type_match.as_ref())?.clone();
    require(&t, "deviceIdExpression", device_id.as_ref())?;
    if kind == TemplateKind::JsonPath {
        require(&t, "timestampExpression", timestamp.as_ref())?;
    }
    let mut values = Vec::new();
    for (i, v) in t.opt_array("values")?.iter().enumerate() {
        let vo = Obj::new(v, &format!("{}[{i}]", t.at("values")))?;
        let name = vo.req_str("valueName")?;
        let e = expression(&vo, "valueExpression", default, calculated)?;
        values.push(ValueTemplate {
            name,
            expression: require(&vo, "valueExpression", e.as_ref())?.clone(),
            required: vo.opt_bool("required")?,
        });
    }
    Ok(ContentTemplate {
        kind,
        type_name,
        type_match,
        device_id,
        patient_id: expr("patientIdExpression")?,
        encounter_id: expr("encounterIdExpression")?,
        correlation_id: expr("correlationIdExpression")?,
        timestamp,
        values,
    })
}

/// An expression property: a string in the template's default language or, in
/// `CalculatedContent`, `{"value": …, "language": "JsonPath"|"JmesPath"}`.
fn expression(
    t: &Obj<'_>,
    name: &str,
    default: Language,
    calculated: bool,
) -> Result<Option<Expression>, MappingError> {
    match t.get(name) {
        None => Ok(None),
        Some(Value::Object(_)) if calculated => {
            let o = Obj::new(t.get(name).unwrap_or(&Value::Null), &t.at(name))?;
            let value = o.req_str("value")?;
            let language = match o.opt_str("language")? {
                None => default,
                Some(l) => language(&l, &o.at("language"))?,
            };
            compile(&value, language, &o.at("value"))
        }
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => compile(s, default, &t.at(name)),
        Some(other) => Err(MappingError::new(
            t.at(name),
            format!(
                "expected an expression (a string), found {}",
                kind_of(other)
            ),
        )),
    }
}

fn compile(text: &str, language: Language, path: &str) -> Result<Option<Expression>, MappingError> {
    Expression::new(text, language)
        .map(Some)
        .map_err(|m| MappingError::new(path, m))
}

/// `JsonPath` or `JmesPath` (ignoring case, as the service's enum binding does).
fn language(name: &str, path: &str) -> Result<Language, MappingError> {
    if name.eq_ignore_ascii_case("JsonPath") {
        Ok(Language::JsonPath)
    } else if name.eq_ignore_ascii_case("JmesPath") {
        Ok(Language::JmesPath)
    } else {
        Err(MappingError::new(
            path,
            format!("unknown expression language '{name}': expected JsonPath or JmesPath"),
        ))
    }
}

fn require<'e>(
    t: &Obj<'_>,
    name: &str,
    e: Option<&'e Expression>,
) -> Result<&'e Expression, MappingError> {
    e.ok_or_else(|| missing(t.at(name), name))
}
