//! Identity resolution, as the FHIR destination's `resourceIdentityResolutionType` asks:
//! `Create` finds the Device (by identifier = the device id) and the Patient (by identifier =
//! the patient id) or creates them, linking the Device to the Patient; `Lookup` needs the
//! Device to exist and to reference a Patient (`DeviceNotFoundException`,
//! `PatientNotFoundException`). Learn: "Overview of the MedTech service device data
//! processing stages" (resolve) and microsoft/iomt-fhir (MIT), its R4 identity services:
//! a Device found with a Patient reference is used as is, in both modes.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Value, json};

use crate::fhir::api::Written;
use crate::fhir::store::{Limits, ServiceData};
use crate::rules::RuleId;
use crate::time::SimTime;

/// How the destination resolves identities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Create missing Device and Patient resources.
    Create,
    /// Only find them.
    Lookup,
}

impl Resolution {
    /// From the destination's `resourceIdentityResolutionType` (`Create` unless `Lookup`).
    pub fn from_property(v: Option<&str>) -> Resolution {
        match v {
            Some(s) if s.eq_ignore_ascii_case("lookup") => Resolution::Lookup,
            _ => Resolution::Create,
        }
    }
}

/// Why identities could not be resolved: the service's error name, message and rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentityError {
    /// `DeviceNotFoundException` …
    pub name: &'static str,
    /// Why.
    pub message: String,
    /// The rule.
    pub rule: RuleId,
}

fn error(name: &'static str, message: String) -> IdentityError {
    IdentityError {
        name,
        message,
        rule: RuleId::MedtechIdentityResolution,
    }
}

/// The live resource of `rtype` having an identifier of value `value`: its id and body.
fn by_identifier(data: &ServiceData, rtype: &str, value: &str) -> Option<(String, Value)> {
    data.live(Some(rtype))
        .find(|r| {
            r["identifier"]
                .as_array()
                .is_some_and(|ids| ids.iter().any(|i| i["value"].as_str() == Some(value)))
        })
        .map(|r| (r["id"].as_str().unwrap_or("").to_string(), r.clone()))
}

/// Creates `rtype` with one identifier (and `extra` fields); its id and the write.
fn create(
    data: &mut ServiceData,
    rtype: &str,
    value: &str,
    extra: Value,
    now: SimTime,
) -> Result<(String, Written), IdentityError> {
    let id = data.new_id();
    let mut body = json!({"resourceType": rtype, "identifier": [{"value": value}]});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let v = data
        .write(rtype, &id, "POST", Some(body), now, Limits::DEFAULT)
        .ok_or_else(|| IdentityError {
            name: "FhirResourceLimitException",
            message: alloc::format!(
                "The FHIR service holds {} resources, hcsim's bound: the {rtype} cannot be created.",
                Limits::DEFAULT.resources
            ),
            rule: RuleId::FhirStoreLimits,
        })?;
    let written = Written {
        method: "POST",
        rtype: rtype.into(),
        id: id.clone(),
        version: v.number,
    };
    Ok((id, written))
}

/// Resolved references (`Patient/…`, `Device/…`) and what was created on the way.
pub type Resolved = ((String, String), Vec<Written>);

/// Resolves the Device `device_id` and its Patient (`patient_id` from the measurements).
pub fn resolve(
    data: &mut ServiceData,
    mode: Resolution,
    device_id: &str,
    patient_id: Option<&str>,
    now: SimTime,
) -> Result<Resolved, IdentityError> {
    // Both modes look the Device up first and take the Patient it references
    // (iomt-fhir `R4DeviceAndPatientLookupIdentityService`: only the reference is read).
    let device = by_identifier(data, "Device", device_id);
    let linked = device
        .as_ref()
        .and_then(|(_, body)| body["patient"]["reference"].as_str().map(str::to_string));
    if let (Some((dev, _)), Some(patient)) = (&device, &linked) {
        return Ok((
            (patient.clone(), alloc::format!("Device/{dev}")),
            Vec::new(),
        ));
    }
    if mode == Resolution::Lookup {
        return Err(match device {
            None => error(
                "DeviceNotFoundException",
                alloc::format!(
                    "Device with identifier '{}' not found in the FHIR service (resolution Lookup).",
                    crate::id::shorten(device_id)
                ),
            ),
            Some((dev, _)) => error(
                "PatientNotFoundException",
                alloc::format!("Device/{dev} references no Patient (resolution Lookup)."),
            ),
        });
    }
    ensure_device_and_patient(data, device, device_id, patient_id, now)
}

/// Create's second path (iomt-fhir `R4DeviceAndPatientCreateIdentityService`): the Patient
/// found or created by the patient id (which must be there), the Device found or created
/// by the device id and linked to that Patient.
fn ensure_device_and_patient(
    data: &mut ServiceData,
    device: Option<(String, Value)>,
    device_id: &str,
    patient_id: Option<&str>,
    now: SimTime,
) -> Result<Resolved, IdentityError> {
    let Some(patient_id) = patient_id.filter(|p| !p.trim().is_empty()) else {
        return Err(error(
            "ResourceIdentityNotDefinedException",
            alloc::format!(
                "No patient id for device '{}': resolution Create needs the device mapping's patientIdExpression.",
                crate::id::shorten(device_id)
            ),
        ));
    };
    let mut written = Vec::new();
    let patient = match by_identifier(data, "Patient", patient_id) {
        Some((id, _)) => alloc::format!("Patient/{id}"),
        None => {
            let (id, w) = create(data, "Patient", patient_id, json!({}), now)?;
            written.push(w);
            alloc::format!("Patient/{id}")
        }
    };
    let link = json!({"reference": patient});
    let dev = match device {
        None => {
            let (id, w) = create(data, "Device", device_id, json!({"patient": link}), now)?;
            written.push(w);
            id
        }
        Some((id, mut body)) => {
            // A Device without a Patient is updated to reference it.
            body["patient"] = link;
            let v = data
                .write("Device", &id, "PUT", Some(body), now, Limits::DEFAULT)
                .map(|v| v.number)
                .unwrap_or_default();
            written.push(Written {
                method: "PUT",
                rtype: "Device".into(),
                id: id.clone(),
                version: v,
            });
            id
        }
    };
    Ok(((patient, alloc::format!("Device/{dev}")), written))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_makes_patient_and_device_once_then_finds_them() {
        let mut d = ServiceData::new("/s", SimTime(0));
        let ((p, dev), w) = resolve(
            &mut d,
            Resolution::Create,
            "dev-1",
            Some("pat-1"),
            SimTime(0),
        )
        .unwrap();
        assert_eq!(w.len(), 2);
        assert!(p.starts_with("Patient/") && dev.starts_with("Device/"));
        let ((p2, dev2), w2) = resolve(
            &mut d,
            Resolution::Create,
            "dev-1",
            Some("pat-1"),
            SimTime(0),
        )
        .unwrap();
        assert_eq!((p2, dev2, w2.len()), (p, dev.clone(), 0));
        let device = d
            .entry("Device", dev.trim_start_matches("Device/"))
            .unwrap()
            .current()
            .unwrap();
        assert_eq!(
            device.resource.as_ref().unwrap()["patient"]["reference"],
            p2_or(&d)
        );
    }

    fn p2_or(d: &ServiceData) -> Value {
        let p = d.live(Some("Patient")).next().unwrap();
        Value::String(alloc::format!("Patient/{}", p["id"].as_str().unwrap()))
    }

    #[test]
    fn lookup_needs_the_device_and_its_patient() {
        let mut d = ServiceData::new("/s", SimTime(0));
        let e = resolve(&mut d, Resolution::Lookup, "dev-1", Some("p"), SimTime(0)).unwrap_err();
        assert_eq!(
            (e.name, e.rule),
            ("DeviceNotFoundException", RuleId::MedtechIdentityResolution)
        );
        d.write(
            "Device",
            "d1",
            "PUT",
            Some(json!({"resourceType": "Device", "identifier": [{"value": "dev-1"}]})),
            SimTime(0),
            Limits::DEFAULT,
        );
        let e = resolve(&mut d, Resolution::Lookup, "dev-1", None, SimTime(0)).unwrap_err();
        assert_eq!(e.name, "PatientNotFoundException");
        d.write(
            "Patient",
            "p1",
            "PUT",
            Some(json!({"resourceType": "Patient"})),
            SimTime(0),
            Limits::DEFAULT,
        );
        d.write("Device", "d1", "PUT", Some(json!({"resourceType": "Device", "identifier": [{"value": "dev-1"}], "patient": {"reference": "Patient/p1"}})), SimTime(0), Limits::DEFAULT);
        let ((p, dev), w) = resolve(&mut d, Resolution::Lookup, "dev-1", None, SimTime(0)).unwrap();
        assert_eq!(
            (p.as_str(), dev.as_str(), w.len()),
            ("Patient/p1", "Device/d1", 0)
        );
    }

    #[test]
    fn create_without_any_patient_id_is_refused() {
        let mut d = ServiceData::new("/s", SimTime(0));
        let e = resolve(&mut d, Resolution::Create, "dev-9", None, SimTime(0)).unwrap_err();
        assert_eq!(e.name, "ResourceIdentityNotDefinedException");
    }

    #[test]
    fn create_links_a_device_without_patient_and_keeps_a_linked_one() {
        let mut d = ServiceData::new("/s", SimTime(0));
        let dev = json!({"resourceType": "Device", "identifier": [{"value": "dev-1"}]});
        d.write(
            "Device",
            "d1",
            "PUT",
            Some(dev),
            SimTime(0),
            Limits::DEFAULT,
        );
        let ((p, dev), w) = resolve(
            &mut d,
            Resolution::Create,
            "dev-1",
            Some("pat-1"),
            SimTime(0),
        )
        .unwrap();
        assert_eq!(dev, "Device/d1");
        assert_eq!(
            w.iter().map(|x| x.method).collect::<Vec<_>>(),
            ["POST", "PUT"]
        );
        let stored = d.entry("Device", "d1").unwrap().current().unwrap();
        assert_eq!(
            stored.resource.as_ref().unwrap()["patient"]["reference"],
            p.as_str()
        );
        // Linked now: another patient id in the data does not move it (looked up first).
        let ((p2, _), w2) = resolve(
            &mut d,
            Resolution::Create,
            "dev-1",
            Some("pat-2"),
            SimTime(0),
        )
        .unwrap();
        assert_eq!((p2, w2.len()), (p, 0));
    }
}
