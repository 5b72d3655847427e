//! The mapping debugger for the page (`web/src/mapping.js`): the built-in messages, a MedTech
//! service's stored mappings, one message run through (edited) mappings, the line that saves
//! them, and the normalization benchmark. Everything is the lab's
//! (`hcsim_lab::view::mapping_*`); this only converts.

use hcsim_lab::view::mapping_debug::{MappingDebug, Mappings, normalize_samples, parse_message};
use hcsim_lab::view::mapping_deploy::save_changed;
use hcsim_lab::view::mapping_samples::SAMPLES;
use hcsim_lab::view::mapping_text::{self, DebugLine};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::error::{JsResult, fail};
use super::{Simulator, to_value};

#[wasm_bindgen(typescript_custom_section)]
const MAPPING_TS: &str = r#"
/** `mappingOf`: a MedTech service's mappings as editable JSON text. */
export interface MappingSource { connector: string | null; destination: string | null;
  resolution: string; device: string; fhir: string; }
/** `mappingDebug`: the report (the lab's `MappingDebug`, camelCase) and its text lines. */
export interface MappingResult { report: any | null; problem: string | null;
  lines: Array<{ text: string; kind: "heading" | "ok" | "failing" | "plain" }>; }
/** `medtechBenchmark`: messages normalized per second in this browser. */
export interface MedtechBenchmark { messages: number; measurements: number; millis: number; perSecond: number; }
"#;

/// A connector's mappings as the editors show them.
#[derive(Serialize)]
struct Source {
    connector: Option<String>,
    destination: Option<String>,
    resolution: String,
    device: String,
    fhir: String,
}

/// A run of the debugger.
#[derive(Serialize)]
struct RunView {
    report: Option<MappingDebug>,
    problem: Option<String>,
    lines: Vec<DebugLine>,
}

/// The benchmark's answer.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Bench {
    messages: u32,
    measurements: u32,
    millis: f64,
    per_second: u32,
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

fn json(what: &str, text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("The {what} is not JSON: {e}"))
}

/// `m` with the editors' mapping texts.
fn edited(m: &mut Mappings, device: &str, fhir: &str) -> Result<(), String> {
    m.device = json("device mapping", device)?;
    m.fhir = json("FHIR destination mapping", fhir)?;
    Ok(())
}

impl Simulator {
    /// The stored mappings of `connector` (empty id: the documented ones), or a `NotFound`.
    fn mappings(&self, connector: &str) -> JsResult<Mappings> {
        if connector.is_empty() {
            return Ok(Mappings::documented());
        }
        Mappings::of_connector(self.lab.world(), connector).or_else(|e| fail("NotFound", e))
    }
}

#[wasm_bindgen]
impl Simulator {
    /// The built-in device messages: `[{id, title, message}]`.
    #[wasm_bindgen(js_name = mappingSamples, unchecked_return_type = "Array<{id: string; title: string; message: string}>")]
    pub fn mapping_samples() -> JsResult<JsValue> {
        to_value(&SAMPLES)
    }

    /// The mappings stored on a MedTech service (an IoT connector id; `""`: the documented
    /// heart-rate mappings), pretty-printed for the editors.
    #[wasm_bindgen(js_name = mappingOf, unchecked_return_type = "MappingSource")]
    pub fn mapping_of(&self, connector: &str) -> JsResult<JsValue> {
        let m = self.mappings(connector)?;
        to_value(&Source {
            connector: m.connector.clone(),
            destination: m.destination.clone(),
            resolution: m.resolution.clone(),
            device: pretty(&m.device),
            fhir: pretty(&m.fhir),
        })
    }

    /// Runs `message` through the `device` and `fhir` mapping texts (as edited) with the
    /// service's resolution type. Text that is not JSON is a `problem`, not an exception.
    #[wasm_bindgen(js_name = mappingDebug, unchecked_return_type = "MappingResult")]
    pub fn mapping_debug(
        &self,
        connector: &str,
        device: &str,
        fhir: &str,
        message: &str,
    ) -> JsResult<JsValue> {
        let mut m = self.mappings(connector)?;
        let now = self.lab.world().now().to_iso();
        let parsed = edited(&mut m, device, fhir).and_then(|()| parse_message(message, &now));
        let view = match parsed {
            Ok(event) => {
                let report = MappingDebug::run(&m, &event);
                RunView {
                    lines: mapping_text::lines(&report),
                    report: Some(report),
                    problem: None,
                }
            }
            Err(e) => RunView {
                report: None,
                problem: Some(e),
                lines: Vec::new(),
            },
        };
        to_value(&view)
    }

    /// The az line that saves the edited mappings of `connector` (only those that changed),
    /// or `null` when nothing changed.
    #[wasm_bindgen(js_name = mappingSaveLine)]
    pub fn mapping_save_line(
        &self,
        connector: &str,
        device: &str,
        fhir: &str,
    ) -> JsResult<Option<String>> {
        let m = self.mappings(connector)?;
        let device = json("device mapping", device).or_else(|e| fail("BadArgument", e))?;
        let fhir = json("FHIR destination mapping", fhir).or_else(|e| fail("BadArgument", e))?;
        let current = self.lab.world().current_subscription().to_string();
        Ok(save_changed(&current, &m, &device, &fhir))
    }

    /// Normalizes `n` heart-rate messages (at most 1,000,000) with the engine and times it:
    /// the browser's benchmark figure.
    #[wasm_bindgen(js_name = medtechBenchmark, unchecked_return_type = "MedtechBenchmark")]
    pub fn medtech_benchmark(n: u32) -> JsResult<JsValue> {
        let n = n.clamp(1, 1_000_000);
        let start = js_sys::Date::now();
        let measurements = normalize_samples(n as usize);
        let millis = (js_sys::Date::now() - start).max(1.0);
        // Timing only, never a decision: floats are fine at the edge.
        let per_second = (f64::from(n) * 1000.0 / millis) as u32;
        to_value(&Bench {
            messages: n,
            measurements: u32::try_from(measurements).unwrap_or(u32::MAX),
            millis,
            per_second,
        })
    }
}
