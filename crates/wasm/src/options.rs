//! Reading the page's option objects (`new Simulator({seed, timing, stage})`, a seed) field by
//! field with `Reflect`, not through a generic JS deserializer: the start module then carries
//! no serde-wasm-bindgen deserializer (nor serde's buffering of untagged enums) for three
//! fields (docs/WASM-SIZE.md).

use serde::Deserialize;
use serde::de::value::{Error as ValueError, StrDeserializer};
use wasm_bindgen::JsValue;

use crate::error::{JsResult, fail};
use crate::views::{SeedValue, SimulatorOptions};

/// The largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// `new Simulator(options)`'s object: `undefined`/`null` for the defaults, other keys ignored.
/// A field of the wrong kind is `BadOptions`.
pub fn options_from(options: &JsValue) -> JsResult<SimulatorOptions> {
    if options.is_undefined() || options.is_null() {
        return Ok(SimulatorOptions::default());
    }
    if !options.is_object() {
        return fail("BadOptions", "options must be an object");
    }
    Ok(SimulatorOptions {
        seed: seed_value(&field(options, "seed")?)?,
        timing: word(options, "timing")?,
        stage: word(options, "stage")?,
    })
}

/// One field of an object; `undefined` when absent (`null` counts as absent too).
fn field(object: &JsValue, name: &str) -> JsResult<JsValue> {
    js_sys::Reflect::get(object, &JsValue::from_str(name))
        .or_else(|_| fail("BadOptions", format!("cannot read the option {name}")))
}

/// A field holding one of a unit enum's names (`"instant"`, `"private-preview"` …), read by
/// the type's own `Deserialize`, so the names are the ones the save format uses.
fn word<T: for<'de> Deserialize<'de>>(object: &JsValue, name: &str) -> JsResult<Option<T>> {
    let value = field(object, name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let Some(text) = value.as_string() else {
        return fail("BadOptions", format!("{name} must be a string"));
    };
    T::deserialize(StrDeserializer::<ValueError>::new(&text))
        .map(Some)
        .or_else(|e| fail("BadOptions", format!("{name}: {e}")))
}

/// A seed as JS may give it: `undefined`/`null` (none), a safe non-negative integer, a BigInt
/// or a string (parsed by the caller, which words its own refusal).
pub fn seed_value(value: &JsValue) -> JsResult<Option<SeedValue>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if let Some(text) = value.as_string() {
        return Ok(Some(SeedValue::Text(text)));
    }
    if value.is_bigint() {
        return u64::try_from(value.clone())
            .map(|n| Some(SeedValue::Number(n)))
            .or_else(|_| fail("BadOptions", "seed must be a whole number from 0 to 2^64-1"));
    }
    match value.as_f64() {
        Some(n) if (0.0..=MAX_SAFE_INTEGER).contains(&n) && n == n.trunc() => {
            // Exact: a safe integer converts without rounding.
            Ok(Some(SeedValue::Number(n as u64)))
        }
        _ => fail(
            "BadOptions",
            "seed must be a safe whole number, a BigInt or a decimal string",
        ),
    }
}
