//! The data of FHIR services: per service, every resource with its versions (the FHIR
//! service keeps history by default: `resourceVersionPolicy` `versioned`).
//!
//! Invariants: a resource's versions are numbered 1, 2, 3 … in order, the last is the current
//! one; a deletion is a version without a resource (a read then answers 410 Gone); ids the
//! server assigns come from a per-service counter hashed into a GUID, never from a clock;
//! at most [`Limits::resources`] resources (deleted ones included) per service and
//! [`Limits::versions`] versions kept per resource (older ones are dropped, the numbering goes on).

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Value, json};

use crate::time::SimTime;

/// Bounds of one service's data (hcsim's, so a session stays small; the real service's are
/// far larger: 4 TB of storage, 28 MB per request).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Resources per service (deleted ones count until the service is re-created).
    pub resources: usize,
    /// Versions kept per resource.
    pub versions: usize,
    /// Bytes of one request body (its JSON text).
    pub body_bytes: usize,
}

impl Limits {
    /// The bounds every service has.
    pub const DEFAULT: Limits = Limits {
        resources: 20_000,
        versions: 50,
        body_bytes: 256 * 1024,
    };
}

/// One version of a resource.
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    /// `meta.versionId`.
    pub number: u64,
    /// The service's write counter when it was made (the server's surrogate id: the default
    /// order of searches and the tie-break of equal times).
    pub seq: u64,
    /// `meta.lastUpdated`.
    pub at: SimTime,
    /// The verb that made it (`POST`, `PUT`, `DELETE`).
    pub method: &'static str,
    /// The resource as stored (`None`: deleted).
    pub resource: Option<Value>,
}

/// Every version of one resource, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    versions: Vec<Version>,
}

impl Entry {
    /// The current version.
    pub fn current(&self) -> Option<&Version> {
        self.versions.last()
    }
    /// The versions kept, oldest first.
    pub fn versions(&self) -> &[Version] {
        &self.versions
    }
    /// True if the current version is a deletion.
    pub fn is_deleted(&self) -> bool {
        self.current().is_some_and(|v| v.resource.is_none())
    }
}

/// The data of one FHIR service.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceData {
    /// When the service resource was created: a service deleted and created again under the
    /// same id starts empty.
    pub born: SimTime,
    /// The service id (lower-cased), seed of server-assigned ids.
    key: String,
    next_id: u64,
    next_seq: u64,
    resources: BTreeMap<(String, String), Entry>,
}

impl ServiceData {
    /// An empty service.
    pub fn new(key: &str, born: SimTime) -> ServiceData {
        ServiceData {
            born,
            key: key.to_lowercase(),
            next_id: 0,
            next_seq: 0,
            resources: BTreeMap::new(),
        }
    }

    /// A fresh server-assigned id (a GUID derived from the service and a counter).
    pub fn new_id(&mut self) -> String {
        self.next_id += 1;
        // The counter first, so that every byte after it mixes it (ids look unrelated).
        crate::rng::guid_from(&alloc::format!("{}#fhir#{}", self.next_id, self.key))
    }

    /// The entry of `rtype/id`.
    pub fn entry(&self, rtype: &str, id: &str) -> Option<&Entry> {
        self.resources.get(&(rtype.to_string(), id.to_string()))
    }

    /// Number of resources held (deleted ones included).
    pub fn len(&self) -> usize {
        self.resources.len()
    }

    /// True when the service holds nothing.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    /// Current, not deleted resources of `rtype` (all types when `None`), in id order.
    pub fn live(&self, rtype: Option<&str>) -> impl Iterator<Item = &Value> {
        self.resources
            .iter()
            .filter(move |((t, _), _)| rtype.is_none_or(|r| r == t))
            .filter_map(|(_, e)| e.current().and_then(|v| v.resource.as_ref()))
    }

    /// The current version of every resource of `rtype` (deletions included).
    pub fn current_of<'a>(&'a self, rtype: &'a str) -> impl Iterator<Item = &'a Version> + 'a {
        self.resources
            .iter()
            .filter(move |((t, _), _)| t == rtype)
            .filter_map(|(_, e)| e.current())
    }

    /// Every version of `rtype` (or of one resource), as `(type, id, version)`.
    pub fn versions_of<'a>(
        &'a self,
        rtype: Option<&'a str>,
        id: Option<&'a str>,
    ) -> impl Iterator<Item = (&'a str, &'a str, &'a Version)> + 'a {
        self.resources
            .iter()
            .filter(move |((t, i), _)| rtype.is_none_or(|r| r == t) && id.is_none_or(|x| x == i))
            .flat_map(|((t, i), e)| e.versions.iter().map(move |v| (t.as_str(), i.as_str(), v)))
    }

    /// Stores a new version of `rtype/id` at `at` (`resource` `None`: a deletion); its
    /// `id` and `meta` are set here. Returns the stored version, or `None` if the service is
    /// full and this would be a new resource.
    pub fn write(
        &mut self,
        rtype: &str,
        id: &str,
        method: &'static str,
        resource: Option<Value>,
        at: SimTime,
        limits: Limits,
    ) -> Option<&Version> {
        let key = (rtype.to_string(), id.to_string());
        if !self.resources.contains_key(&key) && self.resources.len() >= limits.resources {
            return None;
        }
        self.next_seq += 1;
        let seq = self.next_seq;
        let entry = self.resources.entry(key).or_default();
        let number = entry.current().map_or(1, |v| v.number + 1);
        let resource = resource.map(|mut r| {
            stamp(&mut r, id, number, at);
            r
        });
        if entry.versions.len() >= limits.versions.max(1) {
            entry.versions.remove(0);
        }
        entry.versions.push(Version {
            number,
            seq,
            at,
            method,
            resource,
        });
        entry.versions.last()
    }
}

/// Sets `id`, `meta.versionId` and `meta.lastUpdated` as the server does on every write.
fn stamp(r: &mut Value, id: &str, number: u64, at: SimTime) {
    let Some(obj) = r.as_object_mut() else {
        return;
    };
    obj.insert("id".into(), Value::String(id.into()));
    let meta = obj.entry("meta").or_insert_with(|| json!({}));
    if !meta.is_object() {
        *meta = json!({});
    }
    if let Some(m) = meta.as_object_mut() {
        m.insert("versionId".into(), Value::String(number.to_string()));
        m.insert("lastUpdated".into(), Value::String(at.to_iso()));
    }
}

/// The FHIR data of every service of the world, by lower-cased service id.
///
/// Invariant: an entry belongs to the service created at its `born` time; a service
/// re-created under the same id gets a new, empty entry ([`FhirStores::service_mut`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FhirStores {
    services: BTreeMap<String, ServiceData>,
}

impl FhirStores {
    /// The data of the service `id` created at `born`, if it holds any.
    pub fn service(&self, id: &str, born: SimTime) -> Option<&ServiceData> {
        self.services
            .get(&id.to_lowercase())
            .filter(|s| s.born == born)
    }

    /// The data of the service `id` created at `born`, made empty if absent or stale.
    pub fn service_mut(&mut self, id: &str, born: SimTime) -> &mut ServiceData {
        let key = id.to_lowercase();
        let stale = self.services.get(&key).is_some_and(|s| s.born != born);
        if stale {
            self.services.remove(&key);
        }
        self.services
            .entry(key.clone())
            .or_insert_with(|| ServiceData::new(&key, born))
    }

    /// Drops the data of services for which `exists` answers false (deleted services: a
    /// service created again under the same id starts empty).
    pub fn retain(&mut self, mut exists: impl FnMut(&str) -> bool) {
        self.services.retain(|id, _| exists(id));
    }

    /// True when no service holds data.
    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_number_on_and_a_deletion_is_a_version() {
        let mut s = ServiceData::new("/x", SimTime(0));
        let l = Limits::DEFAULT;
        let v = s.write(
            "Patient",
            "p1",
            "PUT",
            Some(json!({"resourceType": "Patient"})),
            SimTime(5),
            l,
        );
        assert_eq!(v.map(|v| v.number), Some(1));
        let r = s
            .entry("Patient", "p1")
            .and_then(|e| e.current())
            .and_then(|v| v.resource.clone());
        assert_eq!(
            r.as_ref().map(|r| r["meta"]["versionId"].clone()),
            Some(json!("1"))
        );
        assert_eq!(r.map(|r| r["id"].clone()), Some(json!("p1")));
        s.write("Patient", "p1", "DELETE", None, SimTime(9), l);
        assert!(s.entry("Patient", "p1").is_some_and(Entry::is_deleted));
        assert_eq!(s.versions_of(Some("Patient"), Some("p1")).count(), 2);
        assert_eq!(s.live(None).count(), 0);
    }

    #[test]
    fn a_full_service_refuses_new_resources_and_old_versions_are_dropped() {
        let mut s = ServiceData::new("/x", SimTime(0));
        let l = Limits {
            resources: 1,
            versions: 2,
            body_bytes: 10,
        };
        assert!(
            s.write("Device", "a", "PUT", Some(json!({})), SimTime(0), l)
                .is_some()
        );
        assert!(
            s.write("Device", "b", "PUT", Some(json!({})), SimTime(0), l)
                .is_none()
        );
        for _ in 0..3 {
            s.write("Device", "a", "PUT", Some(json!({})), SimTime(0), l);
        }
        let e = s.entry("Device", "a").expect("kept");
        assert_eq!(e.versions().len(), 2);
        assert_eq!(e.current().map(|v| v.number), Some(4));
    }

    #[test]
    fn server_ids_are_deterministic_and_a_recreated_service_starts_empty() {
        let mut a = ServiceData::new("/s", SimTime(0));
        let mut b = ServiceData::new("/S", SimTime(0));
        assert_eq!(a.new_id(), b.new_id());
        assert_ne!(
            a.new_id(),
            ServiceData::new("/s", SimTime(0)).new_id().replace('-', "")
        );
        let mut stores = FhirStores::default();
        stores.service_mut("/s", SimTime(1)).write(
            "Patient",
            "p",
            "PUT",
            Some(json!({})),
            SimTime(1),
            Limits::DEFAULT,
        );
        assert!(
            stores
                .service("/S", SimTime(1))
                .is_some_and(|s| s.len() == 1)
        );
        assert!(stores.service("/s", SimTime(2)).is_none());
        assert!(stores.service_mut("/s", SimTime(2)).is_empty());
    }
}
