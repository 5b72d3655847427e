//! The conformance corpus (`tests/corpus/*.json`, sources in `tests/corpus/SOURCE.md`): cases
//! taken from the service's own unit tests (microsoft/iomt-fhir, MIT) and from Microsoft
//! Learn's MedTech mapping examples. Each case gives a mapping and an input and what the
//! service produces — measurements, an error by the service's exception name, or the fields
//! of the Observation — and the engine must produce the same.

use hcsim_medtech::transform::values::{build, merge_series, parse};
use hcsim_medtech::{
    DeviceEvent, DeviceMapping, FhirMapping, Limits, Measurement, ObservationRefs, Timestamp,
    group, normalize, normalize_token, transform,
};
use serde_json::{Value, json};
use std::fs;

fn time(v: &Value) -> Timestamp {
    let s = v.as_str().unwrap_or_else(|| panic!("a time, got {v}"));
    Timestamp::parse_iso(s).unwrap_or_else(|| panic!("bad time {s}"))
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_string)
}

/// A measurement as the corpus writes it (the service's normalized JSON shape).
fn measurement_json(m: &Measurement) -> Value {
    let mut o = json!({
        "type": m.type_name,
        "occurrenceTimeUtc": m.occurrence.to_iso7(),
        "deviceId": m.device_id,
        "properties": m.properties.iter().map(|(n, v)| json!({"name": n, "value": v})).collect::<Vec<_>>(),
    });
    for (k, v) in [
        ("patientId", &m.patient_id),
        ("encounterId", &m.encounter_id),
        ("correlationId", &m.correlation_id),
    ] {
        if let Some(v) = v {
            o[k] = json!(v);
        }
    }
    o
}

fn measurement_from(v: &Value) -> Measurement {
    Measurement {
        type_name: text(v.get("type")).expect("type"),
        occurrence: time(&v["occurrenceTimeUtc"]),
        device_id: text(v.get("deviceId")).expect("deviceId"),
        patient_id: text(v.get("patientId")),
        encounter_id: text(v.get("encounterId")),
        correlation_id: text(v.get("correlationId")),
        properties: v["properties"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .map(|p| (text(p.get("name")).unwrap(), text(p.get("value")).unwrap()))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Same instant written either way (`.875Z` and `.8750000Z`).
fn normalize_times(v: &Value) -> Value {
    let mut out = v.clone();
    if let Some(t) = v["occurrenceTimeUtc"].as_str() {
        out["occurrenceTimeUtc"] = json!(Timestamp::parse_iso(t).map(|t| t.to_iso7()));
    }
    out
}

/// `expected` is contained in `actual`: objects by their expected keys, the rest exactly.
fn contains(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => e.iter().all(|(k, ev)| {
            a.get(k).is_some_and(|av| contains(av, ev)) || (ev.is_null() && !a.contains_key(k))
        }),
        (Value::Number(a), Value::Number(e)) => a.as_f64() == e.as_f64(),
        (Value::Array(a), Value::Array(e)) => {
            a.len() == e.len() && a.iter().zip(e).all(|(x, y)| contains(x, y))
        }
        _ => actual == expected,
    }
}

fn run_normalize(case: &Value) -> Result<(), String> {
    let expect = &case["expect"];
    let mapping = match DeviceMapping::parse(&case["deviceMapping"]) {
        Ok(m) => m,
        Err(e) => {
            let want = expect["mappingError"]
                .as_str()
                .ok_or(format!("mapping refused: {e}"))?;
            return if e.to_string().contains(want) {
                Ok(())
            } else {
                Err(format!(
                    "mapping error {e:?}, expected it to contain {want:?}"
                ))
            };
        }
    };
    if let Some(want) = expect.get("mappingError") {
        return Err(format!("mapping accepted, expected refusal {want}"));
    }
    let result = if let Some(token) = case.get("token") {
        normalize_token(&mapping, token, &Limits::default())
    } else {
        let e = &case["event"];
        let event = DeviceEvent {
            body: e["body"].clone(),
            properties: e.get("properties").cloned().unwrap_or(Value::Null),
            system_properties: e.get("systemProperties").cloned().unwrap_or(Value::Null),
            enqueued_time: time(&e["enqueuedTime"]),
        };
        normalize(&mapping, &event, &Limits::default())
    };
    match (result, expect.get("error")) {
        (Ok(n), None) => {
            let got: Vec<Value> = n.measurements.iter().map(measurement_json).collect();
            let want: Vec<Value> = expect["measurements"]
                .as_array()
                .ok_or("expect.measurements")?
                .iter()
                .map(normalize_times)
                .collect();
            if got == want {
                Ok(())
            } else {
                Err(format!("measurements\n got {got:#?}\nwant {want:#?}"))
            }
        }
        (Ok(n), Some(e)) => Err(format!("expected error {e}, got {:?}", n.measurements)),
        (Err(err), Some(e)) => {
            let name_ok = e["name"].as_str().is_none_or(|n| n == err.kind.name());
            let text_ok = e["contains"]
                .as_str()
                .is_none_or(|c| err.message.contains(c));
            if name_ok && text_ok {
                Ok(())
            } else {
                Err(format!("error {err}, expected {e}"))
            }
        }
        (Err(err), None) => Err(format!("unexpected error {err}")),
    }
}

fn series(v: &Value) -> Vec<(Timestamp, String)> {
    v.as_array()
        .expect("a series")
        .iter()
        .map(|p| (time(&p[0]), p[1].as_str().expect("value").to_string()))
        .collect()
}

fn run_sampled(case: &Value) -> Result<(), String> {
    let step = case["periodMs"].as_i64().ok_or("periodMs")? * 10_000;
    let got = match case["kind"].as_str() {
        Some("sampled-build") => json!(
            build(
                &series(&case["values"]),
                time(&case["start"]),
                time(&case["end"]),
                step
            )
            .map_err(|e| e.to_string())?
        ),
        Some("sampled-parse") => {
            let s = parse(
                case["data"].as_str().ok_or("data")?,
                time(&case["start"]),
                step,
            );
            json!(
                s.iter()
                    .map(|(t, v)| json!([t.to_iso7(), v]))
                    .collect::<Vec<_>>()
            )
        }
        _ => {
            let s = merge_series(&series(&case["data1"]), &series(&case["data2"]));
            json!(
                s.iter()
                    .map(|(t, v)| json!([t.to_iso7(), v]))
                    .collect::<Vec<_>>()
            )
        }
    };
    let want = &case["expect"];
    let want = match want {
        Value::Array(items) => json!(
            items
                .iter()
                .map(|p| json!([time(&p[0]).to_iso7(), p[1]]))
                .collect::<Vec<_>>()
        ),
        other => other.clone(),
    };
    if got == want {
        Ok(())
    } else {
        Err(format!("got {got}, want {want}"))
    }
}

fn run_transform(case: &Value) -> Result<(), String> {
    let mapping = FhirMapping::parse(&case["fhirMapping"]).map_err(|e| e.to_string())?;
    let measurements: Vec<Measurement> = case["measurements"]
        .as_array()
        .ok_or("measurements")?
        .iter()
        .map(measurement_from)
        .collect();
    let groups = group(&measurements, &mapping);
    let expect = &case["expect"];
    if let Some(n) = expect["groups"].as_u64()
        && groups.len() as u64 != n
    {
        return Err(format!(
            "{} groups, expected {n}: {groups:#?}",
            groups.len()
        ));
    }
    let r = &case["refs"];
    let refs = ObservationRefs {
        patient: text(r.get("patient")).unwrap_or_else(|| "Patient/p1".into()),
        device: text(r.get("device")).unwrap_or_else(|| "Device/d1".into()),
        encounter: text(r.get("encounter")),
    };
    let existing = case.get("existing");
    let want = expect["observations"]
        .as_array()
        .ok_or("expect.observations")?;
    for (i, (g, w)) in groups.iter().zip(want).enumerate() {
        let got = transform(g, &mapping, &refs, existing);
        match (got, w.get("error")) {
            (Ok(obs), None) if contains(&obs, w) => {}
            (Ok(obs), None) => return Err(format!("observation {i}\n got {obs:#}\nwant {w:#}")),
            (Err(e), Some(name)) if Some(e.kind.name()) == name.as_str() => {}
            (got, _) => return Err(format!("observation {i}: got {got:?}, want {w}")),
        }
    }
    Ok(())
}

/// A FHIR destination mapping refused with the expected message.
fn run_fhir_mapping(case: &Value) -> Result<(), String> {
    let want = case["expect"]["mappingError"]
        .as_str()
        .ok_or("expect.mappingError")?;
    match FhirMapping::parse(&case["fhirMapping"]) {
        Ok(_) => Err(format!("accepted, expected refusal {want}")),
        Err(e) if e.to_string().contains(want) => Ok(()),
        Err(e) => Err(format!("refused with {e}, expected {want}")),
    }
}

#[test]
fn every_corpus_case_matches_the_service() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("corpus dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let (mut count, mut failures) = (0, Vec::new());
    for file in files {
        let text = fs::read_to_string(&file).expect("read");
        let cases: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for case in cases.as_array().expect("an array of cases") {
            count += 1;
            let outcome = match case["kind"].as_str().unwrap_or("normalize") {
                "normalize" => run_normalize(case),
                "transform" => run_transform(case),
                "fhir-mapping" => run_fhir_mapping(case),
                _ => run_sampled(case),
            };
            if let Err(why) = outcome {
                failures.push(format!(
                    "{} / {}: {why}",
                    file.file_name().unwrap().to_string_lossy(),
                    case["name"]
                ));
            }
        }
    }
    println!("medtech corpus: {count} cases, {} failed", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(count >= 40, "the corpus has only {count} cases");
}
