//! Normalization: a device mapping applied to one device event, as the service's content
//! templates run it. The event becomes `{"Body", "Properties", "SystemProperties"}`; each
//! template's type-match expression selects tokens from it and each token yields one
//! measurement. `JsonPathContent` and the IoT templates evaluate their other expressions on
//! the matched token itself (`$` is the token); `CalculatedContent` evaluates them on the
//! event with the token added as `matchedToken`.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value};

use crate::error::{NormalizeError, NormalizeErrorKind};
use crate::event::{DeviceEvent, Measurement};
use crate::expr::{EvalError, as_text, as_time};
use crate::limits::Limits;
use crate::mapping::device::{
    ContentTemplate, DeviceMapping, Expression, IOT_ENQUEUED_TIME, TemplateKind,
};
use crate::time::Timestamp;
use crate::trace::{ExpressionTrace, Language, TemplateTrace};

/// The most matched tokens a template's trace keeps (the count is always exact).
pub const TRACED_MATCHES: usize = 50;

/// What normalization produced, with a trace per template for the mapping debugger.
#[derive(Debug, Clone, PartialEq)]
pub struct Normalized {
    /// The measurements, in template order then match order.
    pub measurements: Vec<Measurement>,
    /// One trace per template of the mapping.
    pub templates: Vec<TemplateTrace>,
}

/// The JSON the service's templates see for an event: `{"Body", "Properties",
/// "SystemProperties"}` (absent properties as `{}`; the event hub's enqueued time as the
/// system property `x-opt-enqueued-time` unless the event carries one).
pub fn event_token(event: &DeviceEvent) -> Value {
    let object = |v: &Value| match v {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    let mut system = object(&event.system_properties);
    system
        .entry("x-opt-enqueued-time")
        .or_insert_with(|| Value::String(event.enqueued_time.to_iso()));
    let mut token = Map::new();
    token.insert("Body".into(), event.body.clone());
    token.insert(
        "Properties".into(),
        Value::Object(object(&event.properties)),
    );
    token.insert("SystemProperties".into(), Value::Object(system));
    Value::Object(token)
}

/// The running normalization: budget, results so far, the trace.
struct Run<'l> {
    limits: &'l Limits,
    /// The matched token being extracted (for the trace).
    token: Option<usize>,
    budget: u64,
    measurements: Vec<Measurement>,
    templates: Vec<TemplateTrace>,
}

impl Run<'_> {
    fn fail(
        &mut self,
        kind: NormalizeErrorKind,
        template: Option<usize>,
        expression: Option<String>,
        message: String,
    ) -> NormalizeError {
        NormalizeError {
            kind,
            template,
            expression,
            message,
            trace: core::mem::take(&mut self.templates),
        }
    }

    /// The trace of the template being applied (one is pushed before it is applied).
    fn trace(&mut self) -> Option<&mut TemplateTrace> {
        self.templates.last_mut()
    }
}

/// Applies `mapping` to `event` within `limits`.
pub fn normalize(
    mapping: &DeviceMapping,
    event: &DeviceEvent,
    limits: &Limits,
) -> Result<Normalized, NormalizeError> {
    normalize_token(mapping, &event_token(event), limits)
}

/// Applies `mapping` to a token as the service's `GetMeasurements(JToken)` does: `token` is
/// what the templates see (for an event, [`event_token`]).
pub fn normalize_token(
    mapping: &DeviceMapping,
    token: &Value,
    limits: &Limits,
) -> Result<Normalized, NormalizeError> {
    let mut run = Run {
        limits,
        token: None,
        budget: limits.expression_steps,
        measurements: Vec::new(),
        templates: Vec::new(),
    };
    if let Err(why) = limits.check_message(token) {
        return Err(run.fail(NormalizeErrorKind::TooLarge, None, None, why));
    }
    for (index, template) in mapping.templates.iter().enumerate() {
        run.templates.push(TemplateTrace {
            index,
            type_name: template.type_name.clone(),
            matched: false,
            matches: Vec::new(),
            expressions: Vec::new(),
        });
        apply_template(&mut run, index, template, token)?;
    }
    Ok(Normalized {
        measurements: run.measurements,
        templates: run.templates,
    })
}

/// One template: its matches, then one measurement per match.
fn apply_template(
    run: &mut Run<'_>,
    index: usize,
    template: &ContentTemplate,
    token: &Value,
) -> Result<(), NormalizeError> {
    let e = &template.type_match;
    run.token = None;
    let matches = match e.compiled.select_all(&e.value, token, &mut run.budget) {
        Ok(m) => m,
        Err(err) => {
            let name = "typeMatchExpression";
            record(run, name, e, Err(eval_message(&err)));
            return Err(eval_failure(run, index, name, err));
        }
    };
    let count = matches.len();
    let mut shown: Vec<Value> = Vec::new();
    for m in matches.iter().take(TRACED_MATCHES) {
        charge_copy(run, index, m.as_ref())?;
        shown.push(m.as_ref().clone());
    }
    record(
        run,
        "typeMatchExpression",
        e,
        Ok(Some(format!("{count} token(s)"))),
    );
    if let Some(trace) = run.trace() {
        trace.matched = count > 0;
        trace.matches = shown;
    }
    let calculated = template.kind == TemplateKind::Calculated;
    if calculated {
        charge_copy(run, index, token)?;
    }
    let mut doc = if calculated {
        token.clone()
    } else {
        Value::Null
    };
    for (i, m) in matches.into_iter().enumerate() {
        run.token = Some(i);
        let measurement = match (&mut doc, template.kind) {
            (Value::Object(map), TemplateKind::Calculated) => {
                charge_copy(run, index, m.as_ref())?;
                map.insert("matchedToken".into(), m.into_owned());
                extract(run, index, template, &doc)?
            }
            _ => extract(run, index, template, m.as_ref())?,
        };
        if run.measurements.len() >= run.limits.measurements {
            let why = format!(
                "the message yields more than {} measurements",
                run.limits.measurements
            );
            return Err(run.fail(NormalizeErrorKind::TooLarge, Some(index), None, why));
        }
        run.measurements.push(measurement);
    }
    Ok(())
}

/// Spends one step per JSON node of `v`, which is about to be copied (counting stops once
/// the budget is spent, so counting costs no more than it charges).
fn charge_copy(run: &mut Run<'_>, index: usize, v: &Value) -> Result<(), NormalizeError> {
    let mut stack = alloc::vec![v];
    while let Some(n) = stack.pop() {
        if run.budget == 0 {
            return Err(eval_failure(
                run,
                index,
                "typeMatchExpression",
                EvalError::Budget,
            ));
        }
        run.budget -= 1;
        match n {
            Value::Array(a) => stack.extend(a.iter()),
            Value::Object(m) => stack.extend(m.values()),
            _ => {}
        }
    }
    Ok(())
}

/// What a field's evaluation needs: the trace name, the service's name, whether required.
struct Field<'a> {
    trace: String,
    service: &'a str,
    required: bool,
}

/// One measurement from one matched token (`doc`), in the service's order: device id,
/// timestamp, correlation id, patient id, encounter id, values.
fn extract(
    run: &mut Run<'_>,
    index: usize,
    t: &ContentTemplate,
    doc: &Value,
) -> Result<Measurement, NormalizeError> {
    let field = |trace: &str, service: &'static str, required: bool| Field {
        trace: trace.into(),
        service,
        required,
    };
    let device = field("deviceIdExpression", "DeviceIdExpression", true);
    let device_id = text(run, index, &device, &[t.device_id.as_ref()], doc)?;
    let alternate = (t.kind == TemplateKind::IotJsonPath)
        .then(|| Expression::new(IOT_ENQUEUED_TIME, Language::JsonPath).ok())
        .flatten();
    let time = field("timestampExpression", "TimestampExpression", true);
    let occurrence = time_of(
        run,
        index,
        &time,
        &[t.timestamp.as_ref(), alternate.as_ref()],
        doc,
    )?;
    let correlation_id = match &t.correlation_id {
        Some(e) => {
            let f = field("correlationIdExpression", "CorrelationIdExpression", true);
            text(run, index, &f, &[Some(e)], doc)?
        }
        None => None,
    };
    let patient = field("patientIdExpression", "PatientIdExpression", false);
    let patient_id = text(run, index, &patient, &[t.patient_id.as_ref()], doc)?;
    let encounter = field("encounterIdExpression", "EncounterIdExpression", false);
    let encounter_id = text(run, index, &encounter, &[t.encounter_id.as_ref()], doc)?;
    let mut properties = Vec::new();
    for (i, v) in t.values.iter().enumerate() {
        let f = Field {
            trace: format!("values[{i}].valueExpression"),
            service: &v.name,
            required: v.required,
        };
        if let Some(value) = text(run, index, &f, &[Some(&v.expression)], doc)? {
            properties.push((v.name.clone(), value));
        }
    }
    let (Some(device_id), Some(occurrence)) = (device_id, occurrence) else {
        // Unreachable in practice: both are required, so `text`/`time_of` failed already.
        let why = "Unable to extract required value".to_string();
        return Err(run.fail(
            NormalizeErrorKind::RequiredValueMissing,
            Some(index),
            None,
            why,
        ));
    };
    Ok(Measurement {
        type_name: t.type_name.clone(),
        occurrence,
        device_id,
        patient_id,
        encounter_id,
        correlation_id,
        properties,
    })
}

fn text(
    run: &mut Run<'_>,
    index: usize,
    f: &Field<'_>,
    exprs: &[Option<&Expression>],
    doc: &Value,
) -> Result<Option<String>, NormalizeError> {
    evaluate(run, index, f, exprs, doc, as_text, Clone::clone)
}

fn time_of(
    run: &mut Run<'_>,
    index: usize,
    f: &Field<'_>,
    exprs: &[Option<&Expression>],
    doc: &Value,
) -> Result<Option<Timestamp>, NormalizeError> {
    evaluate(run, index, f, exprs, doc, as_time, Timestamp::to_iso)
}

/// The service's `EvalExpression`: the first expression that selects a token gives the
/// value; a required value that is missing, null or blank, or that cannot be converted, is
/// an `IncompatibleDataException`; a value that is not required and cannot be converted is
/// left out silently, as the service does.
fn evaluate<T>(
    run: &mut Run<'_>,
    index: usize,
    f: &Field<'_>,
    exprs: &[Option<&Expression>],
    doc: &Value,
    convert: impl Fn(&Value) -> Result<Option<T>, ()>,
    show: impl Fn(&T) -> String,
) -> Result<Option<T>, NormalizeError> {
    let defined: Vec<&Expression> = exprs.iter().flatten().copied().collect();
    if defined.is_empty() {
        if f.required {
            let why = format!("An expression must be set for [{}]", f.service);
            return Err(missing(run, index, f, why));
        }
        return Ok(None);
    }
    let mut problems: Vec<String> = Vec::new();
    let mut bad_value = false;
    for e in &defined {
        let token = match e.compiled.select_one(&e.value, doc, &mut run.budget) {
            Ok(t) => t,
            Err(err) => {
                record(run, &f.trace, e, Err(eval_message(&err)));
                return Err(eval_failure(run, index, &f.trace, err));
            }
        };
        let Some(token) = token else {
            record(run, &f.trace, e, Ok(None));
            continue;
        };
        match convert(token.as_ref()) {
            Ok(v) => {
                let blank = match &v {
                    None => true,
                    Some(x) => show(x).trim().is_empty(),
                };
                record(run, &f.trace, e, Ok(v.as_ref().map(&show)));
                if f.required && blank {
                    problems.push(format!(
                        "A null or empty value was supplied for the required field [{}]",
                        f.service
                    ));
                } else {
                    return Ok(v);
                }
            }
            Err(()) => {
                bad_value = true;
                let shown = compact(token);
                record(run, &f.trace, e, Err(format!("cannot convert {shown}")));
                problems.push(format!(
                    "Encounted an error while extracting value for [{}] using expression {}",
                    f.service, e.value
                ));
            }
        }
    }
    if !f.required {
        return Ok(None);
    }
    let why = if problems.is_empty() {
        let texts: Vec<&str> = defined.iter().map(|e| e.value.as_str()).collect();
        format!(
            "Unable to extract required value for [{}] using {}",
            f.service,
            texts.join(",")
        )
    } else {
        format!(
            "Unable to extract required value for [{}] ({})",
            f.service,
            problems.join("; ")
        )
    };
    if bad_value && f.trace == "timestampExpression" {
        let e = run.fail(
            NormalizeErrorKind::InvalidTimestamp,
            Some(index),
            Some(f.trace.clone()),
            why,
        );
        return Err(e);
    }
    Err(missing(run, index, f, why))
}

fn missing(run: &mut Run<'_>, index: usize, f: &Field<'_>, why: String) -> NormalizeError {
    run.fail(
        NormalizeErrorKind::RequiredValueMissing,
        Some(index),
        Some(f.trace.clone()),
        why,
    )
}

fn compact(v: Cow<'_, Value>) -> String {
    let text = v.as_ref().to_string();
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}...")
    } else {
        text
    }
}

fn record(run: &mut Run<'_>, name: &str, e: &Expression, result: Result<Option<String>, String>) {
    let token = run.token;
    if let Some(trace) = run.trace() {
        trace.expressions.push(ExpressionTrace {
            name: name.into(),
            expression: e.value.clone(),
            language: e.language,
            result,
            token,
        });
    }
}

fn eval_message(err: &EvalError) -> String {
    match err {
        EvalError::Expression(m) => m.clone(),
        EvalError::Budget => "the expression steps limit was reached".into(),
    }
}

fn eval_failure(run: &mut Run<'_>, index: usize, name: &str, err: EvalError) -> NormalizeError {
    let (kind, why) = match err {
        EvalError::Expression(m) => (NormalizeErrorKind::ExpressionError, m),
        EvalError::Budget => (
            NormalizeErrorKind::TooLarge,
            format!(
                "evaluating the mapping on this message takes more than {} steps",
                run.limits.expression_steps
            ),
        ),
    };
    run.fail(kind, Some(index), Some(name.into()), why)
}
