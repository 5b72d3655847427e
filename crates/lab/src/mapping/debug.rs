//! The mapping debugger (Microsoft ships one in the portal, `how-to-use-mapping-debugger.md`):
//! one device message run through a connector's device mapping and its FHIR destination's
//! mapping by the MedTech engine (`hcsim_medtech::debug`), shown as rows a front end draws —
//! each template (matched or not), each expression with its result and the failing one
//! flagged, the normalized measurements, the groups, the Observation that would be written —
//! and a verdict naming the problem and its fix. The engine decides; this only arranges.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::Serialize;
use serde_json::{Value, json};

use hcsim_core::World;
/// A device message as the event hub delivers it (the engine's type; [`parse_message`] builds one).
pub use hcsim_medtech::DeviceEvent;
use hcsim_medtech::{
    DebugReport, ExpressionTrace, Language, Measurement, MeasurementGroup, NormalizeError,
    NormalizeErrorKind, ObservationRefs, TemplateTrace, Timestamp,
};

use super::samples::{DEVICE_MAPPING, FHIR_MAPPING};

/// The longest message text the debugger reads (Event Hubs' largest message, premium tier).
pub const MAX_MESSAGE_BYTES: usize = 1024 * 1024;

/// The ARM type of a MedTech service (IoT connector).
const CONNECTOR_TYPE: &str = "Microsoft.HealthcareApis/workspaces/iotconnectors";
/// The ARM type of its FHIR destination.
const DESTINATION_TYPE: &str = "Microsoft.HealthcareApis/workspaces/iotconnectors/fhirdestinations";

/// The two mappings a message goes through, and where they were read from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mappings {
    /// The device mapping (`CollectionContent`).
    pub device: Value,
    /// The FHIR destination mapping (`CollectionFhirTemplate`).
    pub fhir: Value,
    /// The destination's `resourceIdentityResolutionType`: `Create` or `Lookup`.
    pub resolution: String,
    /// The connector's id, when read from the world.
    pub connector: Option<String>,
    /// The FHIR destination's id, when the connector has one.
    pub destination: Option<String>,
    /// The destination's `fhirServiceResourceId`.
    pub fhir_service: Option<String>,
    /// The connector's `ingestionEndpointConfiguration` (kept so saving the device mapping
    /// sends it again: the connector is saved by a whole PUT).
    pub ingestion: Value,
    /// The connector's region and identity type, sent again with its mapping for the same
    /// reason (a PUT without them would move it or drop its managed identity).
    pub location: Option<String>,
    /// The connector's `identity.type` (`SystemAssigned` in the quickstart template).
    pub identity_type: Option<String>,
}

impl Mappings {
    /// Microsoft's documented heart-rate and step-count mappings, resolution `Create`.
    pub fn documented() -> Mappings {
        Mappings {
            device: serde_json::from_str(DEVICE_MAPPING).unwrap_or(Value::Null),
            fhir: serde_json::from_str(FHIR_MAPPING).unwrap_or(Value::Null),
            resolution: String::from("Create"),
            connector: None,
            destination: None,
            fhir_service: None,
            ingestion: Value::Null,
            location: None,
            identity_type: None,
        }
    }

    /// The mappings stored on the connector `id` (an IoT connector, or one of its FHIR
    /// destinations) and on its first FHIR destination; why not, as a message.
    pub fn of_connector(world: &World, id: &str) -> Result<Mappings, String> {
        let node = world
            .find_node(id)
            .ok_or_else(|| alloc::format!("The resource '{id}' was not found."))?;
        let res = world.store().res(node).ok_or("not found")?;
        let (connector, dest_node) = if res.type_name.eq_ignore_ascii_case(CONNECTOR_TYPE) {
            let first = world
                .store()
                .children_with_prefix(node, "fhirdestinations/")
                .next();
            (res, first)
        } else if res.type_name.eq_ignore_ascii_case(DESTINATION_TYPE) {
            let parent = world.store().node(node).and_then(|n| n.parent);
            let parent = parent
                .and_then(|p| world.store().res(p))
                .ok_or("no parent")?;
            (parent, Some(node))
        } else {
            return Err(alloc::format!(
                "'{}' is a {}, not a MedTech service: give the id of an IoT connector ({CONNECTOR_TYPE}).",
                res.name,
                res.type_name
            ));
        };
        let body = connector.body.value();
        let props = &body["properties"];
        let dest = dest_node.and_then(|n| world.store().res(n));
        let dest_body = dest.map(|d| d.body.value());
        let dprops = dest_body.as_ref().map(|b| &b["properties"]);
        Ok(Mappings {
            device: props["deviceMapping"]["content"].clone(),
            fhir: dprops.map_or(Value::Null, |p| p["fhirMapping"]["content"].clone()),
            resolution: dprops
                .and_then(|p| p["resourceIdentityResolutionType"].as_str())
                .unwrap_or("Create")
                .to_string(),
            connector: Some(connector.id.clone()),
            destination: dest.map(|d| d.id.clone()),
            fhir_service: dprops
                .and_then(|p| p["fhirServiceResourceId"].as_str())
                .map(String::from),
            ingestion: props["ingestionEndpointConfiguration"].clone(),
            location: connector.location.clone(),
            identity_type: connector
                .body
                .str_at(&["identity", "type"])
                .map(String::from),
        })
    }
}

/// A device message as the event hub delivers it. `text` is either the body alone, or the
/// docs' whole-event shape `{"Body": …, "Properties": …, "SystemProperties": …}`; `enqueued`
/// is the time the hub received it (ISO 8601).
pub fn parse_message(text: &str, enqueued: &str) -> Result<DeviceEvent, String> {
    if text.len() > MAX_MESSAGE_BYTES {
        return Err(alloc::format!(
            "The message is {} bytes; an event hub message is at most {MAX_MESSAGE_BYTES} bytes.",
            text.len()
        ));
    }
    let value: Value = serde_json::from_str(text.trim())
        .map_err(|e| alloc::format!("The message is not JSON: {e}. MedTech reads JSON only."))?;
    let enqueued_time = Timestamp::parse_iso(enqueued).unwrap_or(Timestamp {
        seconds: 0,
        ticks: 0,
    });
    let whole = value.as_object().filter(|o| o.contains_key("Body"));
    Ok(match whole {
        Some(o) => DeviceEvent {
            body: o.get("Body").cloned().unwrap_or(Value::Null),
            properties: o.get("Properties").cloned().unwrap_or_else(|| json!({})),
            system_properties: o
                .get("SystemProperties")
                .cloned()
                .unwrap_or_else(|| json!({})),
            enqueued_time,
        },
        None => DeviceEvent {
            body: value,
            properties: json!({}),
            system_properties: json!({}),
            enqueued_time,
        },
    })
}

/// How one expression did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ExprStatus {
    /// It found a value.
    Ok,
    /// It found nothing, and nothing needed it.
    Empty,
    /// It is why the message failed: found nothing where a value is required, or errored.
    Failing,
}

impl ExprStatus {
    /// `✓`, `·` or `✗`: the status readable without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            ExprStatus::Ok => "✓",
            ExprStatus::Empty => "·",
            ExprStatus::Failing => "✗",
        }
    }
}

/// One expression of a template and what it gave.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpressionRow {
    /// `deviceIdExpression`, `values[0].valueExpression`.
    pub name: String,
    /// The expression text.
    pub expression: String,
    /// `JsonPath` or `JmesPath`.
    pub language: &'static str,
    /// What it found.
    pub value: Option<String>,
    /// The evaluation error, if it failed to evaluate.
    pub error: Option<String>,
    /// Ok, empty or failing.
    pub status: ExprStatus,
}

/// One device mapping template.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateRow {
    /// Its place in the collection.
    pub index: usize,
    /// Its `typeName`.
    pub type_name: String,
    /// Whether its `typeMatchExpression` matched the message.
    pub matched: bool,
    /// Its expressions, in evaluation order.
    pub expressions: Vec<ExpressionRow>,
}

/// One normalized measurement.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeasurementRow {
    /// Its type (the template's `typeName`).
    #[serde(rename = "type")]
    pub type_name: String,
    /// When it happened (`occurrenceTimeUtc`).
    pub occurrence_time_utc: String,
    /// The device identifier.
    pub device_id: String,
    /// The patient identifier, when the mapping extracts one.
    pub patient_id: Option<String>,
    /// The encounter identifier, when the mapping extracts one.
    pub encounter_id: Option<String>,
    /// The correlation identifier, when the mapping extracts one.
    pub correlation_id: Option<String>,
    /// The values, `name = value`.
    pub properties: Vec<(String, String)>,
}

impl MeasurementRow {
    fn of(m: &Measurement) -> MeasurementRow {
        MeasurementRow {
            type_name: m.type_name.clone(),
            occurrence_time_utc: m.occurrence.to_iso(),
            device_id: m.device_id.clone(),
            patient_id: m.patient_id.clone(),
            encounter_id: m.encounter_id.clone(),
            correlation_id: m.correlation_id.clone(),
            properties: m.properties.clone(),
        }
    }
}

/// One group of measurements: what becomes one Observation.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupRow {
    /// The measurement type.
    #[serde(rename = "type")]
    pub type_name: String,
    /// The device identifier.
    pub device_id: String,
    /// The patient identifier.
    pub patient_id: Option<String>,
    /// The period's start.
    pub start: String,
    /// The period's end.
    pub end: String,
    /// How many measurements it holds.
    pub count: usize,
}

impl GroupRow {
    fn of(g: &MeasurementGroup) -> GroupRow {
        GroupRow {
            type_name: g.type_name.clone(),
            device_id: g.device_id.clone(),
            patient_id: g.patient_id.clone(),
            start: g.start.to_iso(),
            end: g.end.to_iso(),
            count: g.measurements.len(),
        }
    }
}

/// The Observation one group would be written as, or why it cannot be.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservationRow {
    /// The Observation resource.
    pub resource: Option<Value>,
    /// Why the transform failed (`kind: message`).
    pub error: Option<String>,
}

/// Everything the debugger shows for one message.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MappingDebug {
    /// True when the message would become Observations.
    pub ok: bool,
    /// One line naming the problem (or what the message became).
    pub summary: String,
    /// How to fix it, when something is wrong.
    pub fix: Option<String>,
    /// The service's error name, when there is one (`RequiredValueMissing`, …).
    pub error: Option<String>,
    /// Where a mapping is invalid: `device mapping: path: message`.
    pub mapping_errors: Vec<String>,
    /// The device mapping's templates.
    pub templates: Vec<TemplateRow>,
    /// The normalized measurements.
    pub measurements: Vec<MeasurementRow>,
    /// The same as the service shows the normalized message (the portal debugger's "View
    /// normalized message", Learn's examples).
    pub normalized: Vec<Value>,
    /// The groups.
    pub groups: Vec<GroupRow>,
    /// The Observations.
    pub observations: Vec<ObservationRow>,
}

/// The references an Observation preview carries: the debugger resolves nothing, so they name
/// the identifiers the service would look up or create.
fn preview_refs() -> ObservationRefs {
    ObservationRefs {
        patient: String::from("Patient/{resolved-at-write-time}"),
        device: String::from("Device/{resolved-at-write-time}"),
        encounter: None,
    }
}

impl MappingDebug {
    /// Runs `event` through `mappings`.
    pub fn run(mappings: &Mappings, event: &DeviceEvent) -> MappingDebug {
        // A connector without a destination still normalizes: an empty FHIR collection.
        let fhir = if mappings.fhir.is_null() {
            json!({"templateType": "CollectionFhirTemplate", "template": []})
        } else {
            mappings.fhir.clone()
        };
        let report = hcsim_medtech::debug(&mappings.device, &fhir, event, &preview_refs());
        let mut out = Self::of_report(&report, &mappings.resolution);
        if mappings.fhir.is_null() && mappings.connector.is_some() && !out.ok {
            out.fix = Some(String::from(
                "This MedTech service has no FHIR destination yet, so nothing can become an Observation: create one (az healthcareapis workspace iot-connector fhir-destination create … --content with a CollectionFhir mapping).",
            ));
        }
        out
    }

    /// Arranges the engine's report.
    pub fn of_report(report: &DebugReport, resolution: &str) -> MappingDebug {
        let mut out = MappingDebug {
            ok: false,
            summary: String::new(),
            fix: None,
            error: None,
            mapping_errors: Vec::new(),
            templates: Vec::new(),
            measurements: Vec::new(),
            normalized: Vec::new(),
            groups: report.groups.iter().map(GroupRow::of).collect(),
            observations: report
                .observations
                .iter()
                .map(|o| match o {
                    Ok(v) => ObservationRow {
                        resource: Some(v.clone()),
                        error: None,
                    },
                    Err(e) => ObservationRow {
                        resource: None,
                        error: Some(alloc::format!("{}: {}", e.kind.name(), e.message)),
                    },
                })
                .collect(),
        };
        for (which, e) in [
            ("device mapping", &report.device_mapping_error),
            ("FHIR destination mapping", &report.fhir_mapping_error),
        ] {
            if let Some(e) = e {
                out.mapping_errors
                    .push(alloc::format!("{which}: {}: {}", e.path, e.message));
            }
        }
        match &report.normalized {
            Some(Ok(n)) => {
                out.templates = n.templates.iter().map(|t| template_row(t, None)).collect();
                out.measurements = n.measurements.iter().map(MeasurementRow::of).collect();
                out.normalized = n.measurements.iter().map(Measurement::to_json).collect();
            }
            Some(Err(e)) => {
                out.templates = e.trace.iter().map(|t| template_row(t, Some(e))).collect();
            }
            None => {}
        }
        judge(&mut out, report, resolution);
        out
    }

    /// The first failing expression: (template index, expression name).
    pub fn failing(&self) -> Option<(usize, &ExpressionRow)> {
        self.templates.iter().find_map(|t| {
            t.expressions
                .iter()
                .find(|e| e.status == ExprStatus::Failing)
                .map(|e| (t.index, e))
        })
    }
}

/// One template's row; `error` flags the expression it names.
fn template_row(t: &TemplateTrace, error: Option<&NormalizeError>) -> TemplateRow {
    let failing_here = error.filter(|e| e.template == Some(t.index));
    TemplateRow {
        index: t.index,
        type_name: t.type_name.clone(),
        matched: t.matched,
        expressions: t
            .expressions
            .iter()
            .map(|x| {
                let mut row = expression_row(x, failing_here);
                // An unmatched template's type match found nothing, whatever it printed.
                if !t.matched && row.status == ExprStatus::Ok && x.name == "typeMatchExpression" {
                    row.status = ExprStatus::Empty;
                }
                row
            })
            .collect(),
    }
}

fn expression_row(x: &ExpressionTrace, error: Option<&NormalizeError>) -> ExpressionRow {
    let named = error.is_some_and(|e| e.expression.as_deref() == Some(x.name.as_str()));
    let (value, err) = match &x.result {
        Ok(v) => (v.clone(), None),
        Err(e) => (None, Some(e.clone())),
    };
    let status = if named || err.is_some() {
        ExprStatus::Failing
    } else if value.is_some() {
        ExprStatus::Ok
    } else {
        ExprStatus::Empty
    };
    ExpressionRow {
        name: x.name.clone(),
        expression: x.expression.clone(),
        language: match x.language {
            Language::JsonPath => "JsonPath",
            Language::JmesPath => "JmesPath",
        },
        value,
        error: err,
        status,
    }
}

/// The verdict: the first problem on the message's way, in the order the service meets them
/// (the mappings, normalization, identity, the FHIR templates, the transform).
fn judge(out: &mut MappingDebug, report: &DebugReport, resolution: &str) {
    let save_device = "save it: az healthcareapis workspace iot-connector create … --content (the connector is saved whole, so its -c ingestion settings go again)";
    let save_fhir =
        "save it: az healthcareapis workspace iot-connector fhir-destination create … --content";
    if let Some(e) = &report.device_mapping_error {
        out.summary = alloc::format!("The device mapping is invalid at {}: {}", e.path, e.message);
        out.fix = Some(alloc::format!(
            "Correct the device mapping at {}, then {save_device}.",
            e.path
        ));
        return;
    }
    if let Some(e) = &report.fhir_mapping_error {
        out.summary = alloc::format!(
            "The FHIR destination mapping is invalid at {}: {}",
            e.path,
            e.message
        );
        out.fix = Some(alloc::format!(
            "Correct the FHIR destination mapping at {}, then {save_fhir}.",
            e.path
        ));
        return;
    }
    if let Some(Err(e)) = &report.normalized {
        judge_normalize_error(out, e);
        return;
    }
    if !out.templates.iter().any(|t| t.matched) {
        no_template_matched(out);
        return;
    }
    if resolution.eq_ignore_ascii_case("Create")
        && out.measurements.iter().any(|m| m.patient_id.is_none())
    {
        out.error = Some(String::from("PatientIdentityNotDefinedException"));
        out.summary = String::from(
            "PatientIdentityNotDefinedException: the destination's resolution type is Create, and this measurement has no patient identifier.",
        );
        out.fix = Some(alloc::format!(
            "Add a patientIdExpression to the matched template (required with Create) and {save_device}; or resolve by Lookup, with the Device and Patient created first."
        ));
        return;
    }
    let grouped: Vec<&str> = out.groups.iter().map(|g| g.type_name.as_str()).collect();
    if let Some(m) = out
        .measurements
        .iter()
        .find(|m| !grouped.contains(&m.type_name.as_str()))
    {
        out.summary = alloc::format!(
            "No FHIR destination template has typeName '{}': the measurement is normalized but never becomes an Observation.",
            m.type_name
        );
        out.fix = Some(alloc::format!(
            "Add a CodeValueFhir template with typeName '{}' to the FHIR destination mapping and {save_fhir}.",
            m.type_name
        ));
        return;
    }
    if let Some(e) = out.observations.iter().find_map(|o| o.error.clone()) {
        out.error = e.split(':').next().map(String::from);
        out.summary = alloc::format!("The FHIR transform failed: {e}");
        out.fix = Some(alloc::format!(
            "Correct the FHIR destination mapping's template for this type and {save_fhir}."
        ));
        return;
    }
    out.ok = true;
    out.summary = alloc::format!(
        "OK: {} matched template(s) gave {} measurement(s), {} group(s), {} Observation(s).",
        out.templates.iter().filter(|t| t.matched).count(),
        out.measurements.len(),
        out.groups.len(),
        out.observations.len()
    );
}

/// A normalization error: the expression it names is flagged; the fix follows its kind.
fn judge_normalize_error(out: &mut MappingDebug, e: &NormalizeError) {
    let name = e.kind.name();
    let place = match (
        e.template,
        out.templates.iter().find(|t| Some(t.index) == e.template),
    ) {
        (Some(i), Some(t)) => alloc::format!(" in template {i} ({})", t.type_name),
        (Some(i), None) => alloc::format!(" in template {i}"),
        _ => String::new(),
    };
    let expr = e
        .expression
        .clone()
        .unwrap_or_else(|| String::from("the expression"));
    out.error = Some(String::from(name));
    out.summary = alloc::format!("{name}{place}: {}", e.message);
    out.fix = Some(match e.kind {
        NormalizeErrorKind::RequiredValueMissing => alloc::format!(
            "{expr} found nothing in this message: make it select a field the message has, or have the device send that field."
        ),
        NormalizeErrorKind::ExpressionError => alloc::format!(
            "{expr} could not be evaluated: correct its syntax (JSONPath unless the template says JmesPath)."
        ),
        NormalizeErrorKind::InvalidTimestamp => String::from(
            "timestampExpression must select an ISO 8601 date-time, such as 2021-02-01T22:46:01.875Z.",
        ),
        NormalizeErrorKind::TooLarge => {
            String::from("The message is larger than MedTech accepts: send smaller messages.")
        }
        _ => alloc::format!("See {expr} above; correct the device mapping or the message."),
    });
}

/// No `typeMatchExpression` found anything: MedTech drops the message without an error.
fn no_template_matched(out: &mut MappingDebug) {
    for t in &mut out.templates {
        for x in t
            .expressions
            .iter_mut()
            .filter(|x| x.name == "typeMatchExpression")
        {
            x.status = ExprStatus::Failing;
        }
    }
    out.summary = alloc::format!(
        "No template matched: the typeMatchExpression of each of the {} template(s) found nothing in this message, so MedTech drops it without an error (no measurement, no Observation).",
        out.templates.len()
    );
    out.fix = Some(String::from(
        "Make a template's typeMatchExpression select a field this message has, e.g. $..[?(@heartRate)] for a message with heartRate.",
    ));
}

/// Normalizes `n` heart-rate messages (the built-in sample, each with its own value and time)
/// through the documented device mapping and returns how many measurements came out: the
/// work the browser's benchmark times (`medtechBenchmark`).
pub fn normalize_samples(n: usize) -> usize {
    let Ok(mapping) = serde_json::from_str::<Value>(DEVICE_MAPPING) else {
        return 0;
    };
    let Ok(mapping) = hcsim_medtech::DeviceMapping::parse(&mapping) else {
        return 0;
    };
    let limits = hcsim_medtech::Limits::default();
    let start = Timestamp::parse_iso("2021-02-01T22:46:01Z").unwrap_or(Timestamp {
        seconds: 0,
        ticks: 0,
    });
    let mut total = 0;
    for i in 0..n {
        let seconds = start.seconds + i64::try_from(i).unwrap_or(0);
        let when = Timestamp { seconds, ticks: 0 }.to_iso();
        let event = DeviceEvent {
            body: json!({"heartRate": (60 + i % 60).to_string(), "endDate": when,
                         "deviceId": "device123", "patientId": "patient123"}),
            properties: json!({}),
            system_properties: json!({}),
            enqueued_time: Timestamp { seconds, ticks: 0 },
        };
        if let Ok(out) = hcsim_medtech::normalize(&mapping, &event, &limits) {
            total += out.measurements.len();
        }
    }
    total
}
