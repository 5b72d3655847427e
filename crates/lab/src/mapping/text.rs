//! The mapping debugger as lines of text: what `sim mapping test` prints and the terminal's
//! debugger panel draws. Each line says what it is (a kind a front end may colour), and every
//! status is also a symbol and a word, so nothing is told by colour alone.

use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;

use super::debug::{ExprStatus, MappingDebug};

/// What a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DebugLineKind {
    /// A section title.
    Heading,
    /// Something that worked.
    Ok,
    /// The problem (the failing expression, the verdict of a failed run).
    Failing,
    /// Anything else.
    Plain,
}

/// One line of the debugger's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DebugLine {
    /// The text.
    pub text: String,
    /// What it is.
    pub kind: DebugLineKind,
}

/// The longest value shown on one line (the rest is elided).
const VALUE_CHARS: usize = 60;

fn short(text: &str) -> String {
    let mut out: String = text
        .chars()
        .filter(|c| !c.is_control())
        .take(VALUE_CHARS)
        .collect();
    if text.chars().count() > VALUE_CHARS {
        out.push('…');
    }
    out
}

fn push(lines: &mut Vec<DebugLine>, kind: DebugLineKind, text: String) {
    lines.push(DebugLine { text, kind });
}

/// The debugger's report as lines.
pub fn lines(d: &MappingDebug) -> Vec<DebugLine> {
    use DebugLineKind::{Failing, Heading, Ok, Plain};
    let mut out = Vec::new();
    for e in &d.mapping_errors {
        push(&mut out, Failing, alloc::format!("✗ invalid {e}"));
    }
    push(&mut out, Heading, String::from("Device mapping templates"));
    if d.templates.is_empty() {
        push(&mut out, Plain, String::from("  (none evaluated)"));
    }
    for t in &d.templates {
        let (kind, word) = if t.matched {
            (Ok, "matched")
        } else {
            (Plain, "not matched")
        };
        push(
            &mut out,
            kind,
            alloc::format!("  [{}] {}: {word}", t.index, t.type_name),
        );
        for x in &t.expressions {
            let result = match (&x.value, &x.error) {
                (_, Some(e)) => alloc::format!("error: {}", short(e)),
                (Some(v), None) => short(v),
                (None, None) => String::from("nothing"),
            };
            let (kind, mark) = match x.status {
                ExprStatus::Failing => (Failing, "   ← failing"),
                ExprStatus::Ok => (Plain, ""),
                ExprStatus::Empty => (Plain, ""),
            };
            push(
                &mut out,
                kind,
                alloc::format!(
                    "      {} {} {} ({}) → {result}{mark}",
                    x.status.symbol(),
                    x.name,
                    short(&x.expression),
                    x.language
                ),
            );
        }
    }
    measurement_lines(d, &mut out);
    push(
        &mut out,
        Heading,
        alloc::format!("Observations ({})", d.observations.len()),
    );
    for o in &d.observations {
        match (&o.resource, &o.error) {
            (_, Some(e)) => push(&mut out, Failing, alloc::format!("  ✗ {e}")),
            (Some(r), None) => {
                let text = serde_json::to_string_pretty(&elide(r)).unwrap_or_default();
                for l in text.lines() {
                    push(&mut out, Plain, alloc::format!("  {l}"));
                }
            }
            (None, None) => {}
        }
    }
    let (kind, mark) = if d.ok { (Ok, "✓") } else { (Failing, "✗") };
    push(
        &mut out,
        kind,
        alloc::format!("Result: {mark} {}", d.summary),
    );
    if let Some(fix) = &d.fix {
        push(&mut out, Plain, alloc::format!("Fix: {fix}"));
    }
    out
}

/// The longest string shown whole inside an Observation (a SampledData `data` for an hour of
/// 5-second slots is 1,400 characters of `E`).
const STRING_CHARS: usize = 120;

/// `value` with long strings cut (`…` and how long they were): the text is for reading.
fn elide(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(s) if s.chars().count() > STRING_CHARS => {
            let head: String = s.chars().take(STRING_CHARS).collect();
            Value::String(alloc::format!("{head}… ({} characters)", s.chars().count()))
        }
        Value::Array(a) => Value::Array(a.iter().map(elide).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), elide(v))).collect()),
        other => other.clone(),
    }
}

fn measurement_lines(d: &MappingDebug, out: &mut Vec<DebugLine>) {
    use DebugLineKind::{Heading, Plain};
    push(
        out,
        Heading,
        alloc::format!("Normalized measurements ({})", d.measurements.len()),
    );
    for m in &d.measurements {
        let values: Vec<String> = m
            .properties
            .iter()
            .map(|(k, v)| alloc::format!("{}={}", short(k), short(v)))
            .collect();
        push(
            out,
            Plain,
            alloc::format!(
                "  {} device {} patient {} at {}: {}",
                m.type_name,
                short(&m.device_id),
                m.patient_id.as_deref().map_or(String::from("-"), short),
                m.occurrence_time_utc,
                values.join(", ")
            ),
        );
    }
    push(out, Heading, alloc::format!("Groups ({})", d.groups.len()));
    for g in &d.groups {
        push(
            out,
            Plain,
            alloc::format!(
                "  {} device {}: {} measurement(s) from {} to {}",
                g.type_name,
                short(&g.device_id),
                g.count,
                g.start,
                g.end
            ),
        );
    }
}

/// The report as one text.
pub fn text(d: &MappingDebug) -> String {
    let all: Vec<String> = lines(d).into_iter().map(|l| l.text).collect();
    all.join("\n")
}
