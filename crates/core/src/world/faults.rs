//! Faults added (checked, then scheduled to heal), cleared, and healed.

use alloc::vec::Vec;

use super::{Output, World};
use crate::error::ArmError;
use crate::events::EventKind;
use crate::faults::{Fault, FaultKind, FaultSpec};
use crate::rules::RuleId;
use crate::schedule::Due;
use crate::time::Millis;

impl World {
    pub(super) fn add_fault(&mut self, spec: &FaultSpec) -> Output {
        let mut spec = spec.clone();
        if let Some(r) = &spec.region {
            let r = crate::regions::normalize(r);
            if !crate::regions::exists(&r) {
                return Output::Refused {
                    error: ArmError::new(
                        400,
                        "InvalidFault",
                        alloc::format!(
                            "'{}' is not an Azure region; try eastus or westeurope.",
                            crate::id::shorten(&r)
                        ),
                        RuleId::RegionAvailability,
                    ),
                };
            }
            spec.region = Some(r);
        }
        let needs = match spec.kind {
            FaultKind::RegionOutage | FaultKind::ZoneDown if spec.region.is_none() => {
                Some("--region REGION")
            }
            FaultKind::KeyVaultDeny if spec.target.is_none() => {
                Some("--target KEY_VAULT_OR_KEY_ID")
            }
            _ => None,
        };
        if let Some(flag) = needs {
            return Output::Refused {
                error: ArmError::new(
                    400,
                    "InvalidFault",
                    alloc::format!("A {} fault needs {flag}.", spec.kind.id()),
                    RuleId::ValidRequest,
                ),
            };
        }
        if let Some(z) = spec.zone
            && !(1..=3).contains(&z)
        {
            return Output::Refused {
                error: ArmError::new(
                    400,
                    "InvalidFault",
                    alloc::format!("Availability zones are numbered 1 to 3, not {z}."),
                    RuleId::ValidRequest,
                ),
            };
        }
        if spec.probability.is_some_and(|p| p > 100) {
            return Output::Refused {
                error: ArmError::new(
                    400,
                    "InvalidFault",
                    "A probability is a percentage from 0 to 100.".into(),
                    RuleId::ValidRequest,
                ),
            };
        }
        let duration = spec.duration.unwrap_or(spec.kind.default_duration());
        // Faults last at least one second so that they are observable.
        let duration = if duration.0 < 1000 {
            Millis::secs(1)
        } else {
            duration
        };
        let now = self.clock.now();
        let fault = self.faults.add(spec.clone(), now, now + duration);
        let (id, scope, until) = (fault.id, fault.scope(), fault.ends);
        self.schedule.push(until, Due::FaultEnd(id));
        self.emit(EventKind::FaultStarted {
            fault: id,
            kind: spec.kind.id().into(),
            scope: scope.clone(),
            until,
        });
        Output::Done {
            message: alloc::format!("Fault #{id} {} on {scope} until {until}.", spec.kind.id()),
        }
    }

    pub(super) fn clear_fault(&mut self, which: Option<u32>) -> Output {
        let ids: Vec<u32> = match which {
            Some(id) if self.faults.contains(id) => alloc::vec![id],
            Some(id) => {
                return Output::Refused {
                    error: ArmError::new(
                        404,
                        "FaultNotFound",
                        alloc::format!(
                            "There is no active fault #{id}; sim fault list shows the active ones."
                        ),
                        RuleId::ResourceMustExist,
                    ),
                };
            }
            None => self.faults.iter().map(|f| f.id).collect(),
        };
        for id in &ids {
            self.heal_fault(*id);
        }
        Output::Done {
            message: alloc::format!("{} fault(s) cleared.", ids.len()),
        }
    }

    pub(super) fn heal_fault(&mut self, id: u32) {
        if let Some(f) = self.faults.remove(id) {
            self.emit(EventKind::FaultHealed {
                fault: id,
                kind: f.spec.kind.id().into(),
            });
        }
    }

    /// Active faults of `kind` covering a resource.
    pub(crate) fn faults_covering<'a>(
        &'a self,
        kind: FaultKind,
        id_lower: &'a str,
        type_name: &'a str,
        region: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Fault> + 'a {
        self.faults.covering(kind, id_lower, type_name, region)
    }

    /// The region outage covering `region`, if one is active.
    pub(crate) fn region_down(&self, region: Option<&str>) -> Option<&Fault> {
        self.faults.region_down(region)
    }
}
