//! Faults: named, targeted, time-bounded failures (models: LocalStack chaos rules, Azure Chaos
//! Studio's fault library). A fault starts when added and heals by itself when its time is up.

use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::request::members;
use crate::time::{Millis, SimTime};

/// The kinds of fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultKind {
    /// A whole region is down: writes there get 503, running operations there fail, probes 503.
    RegionOutage,
    /// One availability zone is down: zone-redundant services keep serving, provisioning slows.
    ZoneDown,
    /// The key vault (or one key) denies access: customer-managed-key services answer 500.
    KeyVaultDeny,
    /// Provisioning operations fail with a seeded probability.
    ProvisioningFailure,
    /// Requests are throttled (429) with a seeded probability.
    Throttle,
    /// Provisioning takes several times longer.
    SlowProvisioning,
}

impl FaultKind {
    /// All kinds.
    pub const ALL: &'static [FaultKind] = &[
        FaultKind::RegionOutage,
        FaultKind::ZoneDown,
        FaultKind::KeyVaultDeny,
        FaultKind::ProvisioningFailure,
        FaultKind::Throttle,
        FaultKind::SlowProvisioning,
    ];

    /// The id used by `sim fault add KIND`.
    pub fn id(self) -> &'static str {
        // Variants are declared in `ALL`'s order, which is `KIND_IDS`' order.
        KIND_IDS[self as usize]
    }

    /// Parses a kind id.
    pub fn from_id(s: &str) -> Option<FaultKind> {
        FaultKind::ALL
            .iter()
            .copied()
            .find(|k| k.id().eq_ignore_ascii_case(s))
    }

    /// What it does, for help screens.
    pub fn describe(self) -> &'static str {
        match self {
            FaultKind::RegionOutage => {
                "the region is down: writes there get 503 ServiceUnavailable, operations running there fail, FHIR/DICOM probes answer 503 (needs --region)"
            }
            FaultKind::ZoneDown => {
                "one availability zone is down: zone-redundant services keep answering, provisioning in the region is twice as slow (needs --region, optional --zone)"
            }
            FaultKind::KeyVaultDeny => {
                "the key vault denies access to its keys: services encrypted with a customer-managed key from it answer 500 (needs --target VAULT_OR_KEY_ID)"
            }
            FaultKind::ProvisioningFailure => {
                "provisioning operations fail with --probability PCT (default 100), optionally only for --target TYPE_OR_ID or --region"
            }
            FaultKind::Throttle => {
                "requests get 429 TooManyRequests with --probability PCT (default 100), optionally only below --target SCOPE_ID"
            }
            FaultKind::SlowProvisioning => {
                "provisioning takes five times longer (optionally only in --region or for --target)"
            }
        }
    }

    /// How long it lasts when `--for` is not given.
    pub fn default_duration(self) -> Millis {
        match self {
            FaultKind::Throttle => Millis::mins(5),
            _ => Millis::mins(30),
        }
    }
}

/// [`FaultKind::ALL`]'s ids ([`FaultKind::id`]), in declaration order, as serde's errors list
/// them (the derive's kebab-case names: `members/tests.rs` compares the two).
pub(crate) const KIND_IDS: [&str; 6] = [
    "region-outage",
    "zone-down",
    "key-vault-deny",
    "provisioning-failure",
    "throttle",
    "slow-provisioning",
];

/// What to inject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultSpec {
    /// The kind.
    pub kind: FaultKind,
    /// Region it applies to (normalized), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Availability zone (1–3), for `zone-down`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<u8>,
    /// A resource id (scope) or, for provisioning faults, a resource type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Probability in percent (integer), for dice-based faults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<u8>,
    /// How long it lasts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Millis>,
}

impl FaultSpec {
    /// A spec of `kind` with nothing else set.
    pub fn new(kind: FaultKind) -> FaultSpec {
        FaultSpec {
            kind,
            region: None,
            zone: None,
            target: None,
            probability: None,
            duration: None,
        }
    }

    /// An `add_fault` input's members, read as the derived `Deserialize` reads them from a
    /// `&Value` ([`crate::request::members`]).
    pub(crate) fn from_members(m: Map<String, Value>) -> Result<FaultSpec, serde_json::Error> {
        let mut kind = None;
        let mut spec = FaultSpec::new(FaultKind::RegionOutage);
        for (key, v) in m {
            match key.as_str() {
                "kind" => kind = Some(FaultKind::ALL[members::variant(&v, &KIND_IDS)?]),
                "region" => spec.region = members::opt_string(v)?,
                "zone" => spec.zone = members::opt_u8(&v)?,
                "target" => spec.target = members::opt_string(v)?,
                "probability" => spec.probability = members::opt_u8(&v)?,
                "duration" => spec.duration = members::opt_u64(&v)?.map(Millis),
                _ => {}
            }
        }
        spec.kind = members::required(kind, "kind")?;
        Ok(spec)
    }
}

/// An injected fault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// Number, from 1.
    pub id: u32,
    /// What was asked for.
    pub spec: FaultSpec,
    /// Start.
    pub started: SimTime,
    /// End (healing).
    pub ends: SimTime,
}

impl Fault {
    /// Readable scope: `region eastus`, `…/vaults/kv1`, `everything`.
    pub fn scope(&self) -> String {
        let mut s = String::new();
        if let Some(r) = &self.spec.region {
            s.push_str("region ");
            s.push_str(r);
            if let Some(z) = self.spec.zone {
                s.push_str(&alloc::format!(" zone {z}"));
            }
        }
        if let Some(t) = &self.spec.target {
            if !s.is_empty() {
                s.push_str(", ");
            }
            s.push_str(t);
        }
        if s.is_empty() {
            s.push_str("everything");
        }
        s
    }

    /// Dice probability (default 100 %).
    pub fn probability(&self) -> u8 {
        self.spec.probability.unwrap_or(100).min(100)
    }

    /// True if the fault's target (an id prefix or a type) covers a resource.
    pub fn covers(&self, id_lower: &str, type_name: &str, region: Option<&str>) -> bool {
        if let Some(r) = &self.spec.region
            && region != Some(r.as_str())
        {
            return false;
        }
        match &self.spec.target {
            None => true,
            Some(t) => {
                let t = t.to_lowercase();
                if t.starts_with('/') {
                    id_lower == t
                        || id_lower.starts_with(&alloc::format!("{}/", t.trim_end_matches('/')))
                } else {
                    type_name.eq_ignore_ascii_case(&t)
                        || type_name.to_lowercase().ends_with(&alloc::format!("/{t}"))
                }
            }
        }
    }
}

/// The active faults of the world, by number.
///
/// Invariants: numbers start at 1 and are never reused in a session; a fault is active from
/// its start until it heals (its end is scheduled) or is cleared; `active` is in number order
/// (a new fault has the highest number, so it goes last). A session holds a handful of
/// faults: a `Vec` searched by number keeps a whole `BTreeMap` layout out of the browser's
/// start module (docs/WASM-SIZE.md, fifth stop).
#[derive(Clone, Debug)]
pub struct FaultSet {
    active: Vec<Fault>,
    next: u32,
}

impl Default for FaultSet {
    fn default() -> Self {
        FaultSet {
            active: Vec::new(),
            next: 1,
        }
    }
}

impl FaultSet {
    /// Starts a fault from `started` to `ends`; returns it.
    pub fn add(&mut self, spec: FaultSpec, started: SimTime, ends: SimTime) -> &Fault {
        let id = self.next;
        self.next += 1;
        self.active.push(Fault {
            id,
            spec,
            started,
            ends,
        });
        &self.active[self.active.len() - 1]
    }

    /// Where fault `id` is in `active`, if it is active.
    fn position(&self, id: u32) -> Option<usize> {
        self.active.binary_search_by(|f| f.id.cmp(&id)).ok()
    }

    /// Ends a fault; the fault, if it was active.
    pub fn remove(&mut self, id: u32) -> Option<Fault> {
        let at = self.position(id)?;
        Some(self.active.remove(at))
    }

    /// True if fault `id` is active.
    pub fn contains(&self, id: u32) -> bool {
        self.position(id).is_some()
    }

    /// Active faults, by number.
    pub fn iter(&self) -> impl Iterator<Item = &Fault> {
        self.active.iter()
    }

    /// True if some active fault is of `kind` (a quick test before building match strings).
    pub fn any(&self, kind: FaultKind) -> bool {
        self.active.iter().any(|f| f.spec.kind == kind)
    }

    /// Active faults of `kind` covering a resource.
    pub fn covering<'a>(
        &'a self,
        kind: FaultKind,
        id_lower: &'a str,
        type_name: &'a str,
        region: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Fault> + 'a {
        self.active
            .iter()
            .filter(move |f| f.spec.kind == kind && f.covers(id_lower, type_name, region))
    }

    /// The region outage covering `region`, if one is active.
    pub fn region_down(&self, region: Option<&str>) -> Option<&Fault> {
        let region = region?;
        self.active.iter().find(|f| {
            f.spec.kind == FaultKind::RegionOutage && f.spec.region.as_deref() == Some(region)
        })
    }

    /// The key-vault-deny fault naming a vault or key id (lower-cased), if one is active.
    pub fn key_vault_deny(&self, vault_lower: &str, key_lower: &str) -> Option<&Fault> {
        self.active.iter().find(|f| {
            f.spec.kind == FaultKind::KeyVaultDeny
                && f.spec.target.as_ref().map(|t| {
                    let t = t.to_lowercase();
                    t == vault_lower || t == key_lower
                }) == Some(true)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_numbers_start_at_one_and_are_never_reused() {
        let mut set = FaultSet::default();
        let a = set
            .add(FaultSpec::new(FaultKind::Throttle), SimTime(0), SimTime(5))
            .id;
        assert_eq!(a, 1);
        assert!(set.any(FaultKind::Throttle));
        assert!(set.remove(a).is_some());
        assert!(!set.contains(a));
        let b = set
            .add(FaultSpec::new(FaultKind::Throttle), SimTime(0), SimTime(5))
            .id;
        assert_eq!(b, 2);
        let mut outage = FaultSpec::new(FaultKind::RegionOutage);
        outage.region = Some("eastus".into());
        set.add(outage, SimTime(0), SimTime(5));
        assert!(set.region_down(Some("eastus")).is_some());
        assert!(set.region_down(Some("westus")).is_none());
        assert!(set.region_down(None).is_none());
    }

    #[test]
    fn kinds_round_trip() {
        for k in FaultKind::ALL {
            assert_eq!(FaultKind::from_id(k.id()), Some(*k));
            assert!(!k.describe().is_empty());
        }
        assert_eq!(FaultKind::from_id("meteor"), None);
    }

    #[test]
    fn coverage_by_prefix_type_and_region() {
        let mut f = Fault {
            id: 1,
            spec: FaultSpec::new(FaultKind::ProvisioningFailure),
            started: SimTime(0),
            ends: SimTime(10),
        };
        f.spec.target = Some("fhirservices".into());
        assert!(f.covers(
            "/x",
            "Microsoft.HealthcareApis/workspaces/fhirservices",
            Some("eastus")
        ));
        assert!(!f.covers(
            "/x",
            "Microsoft.HealthcareApis/workspaces/dicomservices",
            Some("eastus")
        ));
        f.spec.target = Some("/subscriptions/S/resourceGroups/rg1".into());
        assert!(f.covers(
            "/subscriptions/s/resourcegroups/rg1/providers/x/y/z",
            "t",
            None
        ));
        assert!(!f.covers("/subscriptions/s/resourcegroups/rg10", "t", None));
        f.spec.region = Some("westus".into());
        assert!(!f.covers("/subscriptions/s/resourcegroups/rg1", "t", Some("eastus")));
    }
}
