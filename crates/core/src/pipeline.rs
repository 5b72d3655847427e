//! The MedTech pipeline run by the world: device messages reach an IoT connector's event hub
//! (`Input::DeviceMessages`), and as virtual time passes a processing tick (`Due::Pipelines`,
//! every minute while messages wait) takes each ready connector's due messages in bounded
//! batches through the stages (`medtech::process`) into its FHIR destination's service.
//!
//! A connector processes only when it is Succeeded, has a FHIR destination whose FHIR
//! service exists (rule `medtech-connector-ready`), the service answers (the probes' checks:
//! provisioning, region outage, customer-managed key; throttling — rule
//! `medtech-destination-available`; private link does not block MedTech, a trusted service
//! inside the workspace: assumption) and its managed identity holds a FHIR data write role
//! there (rule `medtech-fhir-writer-role`). Otherwise its messages wait and are retried every
//! tick; the reason is logged once.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

use hcsim_medtech::{DeviceMapping, FhirMapping};

use crate::error::ArmError;
use crate::events::EventKind;
use crate::medtech::identity::Resolution;
use crate::medtech::metrics::Metrics;
use crate::medtech::process::{BatchResult, Config, empty_mapping, run_batch};
use crate::medtech::queue::{BATCH, DeviceMessage, MAX_PER_SEND, MAX_WAITING, TICK};
use crate::probe::Network;
use crate::rbac::Action;
use crate::resource::{ProvisioningState, ResKind};
use crate::rules::RuleId;
use crate::schedule::Due;
use crate::time::{Millis, SimTime};
use crate::world::{Output, World};

/// The longest delay a message may be sent with (hcsim's bound).
pub const MAX_OFFSET: Millis = Millis::hours(48);
/// The largest message (Event Hubs' standard tier: 256 KB an event).
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024;

/// What a connector did and what waits: its metrics, the messages in its event hub, and
/// why it waits, if it does.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConnectorMetrics {
    /// The counters.
    pub metrics: Metrics,
    /// Messages waiting in the event hub.
    pub waiting: u64,
    /// Why they wait, if the connector cannot process now.
    pub waiting_for: Option<String>,
}

/// Where a ready connector writes, and how.
struct Destination {
    fhir_id: String,
    born: SimTime,
    device: Value,
    fhir: Value,
    resolution: Resolution,
}

fn refused(status: u16, code: &str, message: String, rule: RuleId) -> Output {
    Output::Refused {
        error: ArmError::new(status, code, message, rule),
    }
}

impl World {
    /// `Input::DeviceMessages`: messages onto the connector's event hub.
    pub(crate) fn device_messages(
        &mut self,
        connector: &str,
        messages: &[DeviceMessage],
    ) -> Output {
        let Some(res) = self.find(connector).filter(|r| r.kind == ResKind::Iot) else {
            return refused(
                404,
                "ResourceNotFound",
                alloc::format!(
                    "No IoT connector '{}' exists: device messages need its event hub.",
                    crate::id::shorten(connector)
                ),
                RuleId::ResourceMustExist,
            );
        };
        let id = res.id.clone();
        if messages.len() > MAX_PER_SEND {
            return refused(
                400,
                "TooManyMessages",
                alloc::format!(
                    "{} messages in one send; hcsim takes at most {MAX_PER_SEND} (send them in parts, advancing time in between).",
                    messages.len()
                ),
                RuleId::MedtechQueueBounds,
            );
        }
        if let Some(m) = messages.iter().find(|m| m.offset > MAX_OFFSET) {
            return refused(
                400,
                "InvalidOffset",
                alloc::format!(
                    "A message is due {} from now; hcsim sends at most {MAX_OFFSET} ahead.",
                    m.offset
                ),
                RuleId::MedtechQueueBounds,
            );
        }
        if messages
            .iter()
            .any(|m| m.body.to_string().len() > MAX_MESSAGE_BYTES)
        {
            return refused(
                413,
                "MessageSizeExceeded",
                alloc::format!(
                    "A message is larger than {MAX_MESSAGE_BYTES} bytes, the most an Event Hubs event carries (standard tier)."
                ),
                RuleId::MedtechQueueBounds,
            );
        }
        let now = self.clock.now();
        let p = self.pipelines.get_mut(&id);
        if let Err(waiting) = p.enqueue(now, messages) {
            return refused(
                429,
                "QuotaExceeded",
                alloc::format!(
                    "The event hub of this connector holds {waiting} messages waiting; hcsim keeps at most {MAX_WAITING}. Advance time so they are processed."
                ),
                RuleId::MedtechQueueBounds,
            );
        }
        let waiting = p.waiting() as u64;
        self.emit(EventKind::DeviceMessagesQueued {
            connector: crate::id::shorten(&id),
            count: messages.len() as u64,
            waiting,
        });
        let first = messages
            .iter()
            .map(|m| m.offset)
            .min()
            .unwrap_or(Millis::ZERO);
        self.schedule_pipelines(now + first + TICK);
        Output::Done {
            message: alloc::format!(
                "{} message(s) sent to the event hub of {}; {waiting} waiting. The connector processes them as virtual time passes (sim advance).",
                messages.len(),
                res_name(&id)
            ),
        }
    }

    /// The metrics of an IoT connector (none if it was never sent messages).
    pub fn connector_metrics(&self, connector: &str) -> Option<ConnectorMetrics> {
        let res = self.find(connector)?;
        let p = self.pipelines.get(&res.id)?;
        Some(ConnectorMetrics {
            metrics: p.metrics.clone(),
            waiting: p.waiting() as u64,
            waiting_for: p.waiting_for.clone(),
        })
    }

    /// Schedules a processing tick at `at` unless one is pending earlier.
    fn schedule_pipelines(&mut self, at: SimTime) {
        if self.pipelines.next_tick.is_some_and(|t| t <= at) {
            return;
        }
        self.pipelines.next_tick = Some(at);
        self.schedule.push(at, Due::Pipelines);
    }

    /// `Due::Pipelines`: every connector with due messages processes one batch; the next
    /// tick is scheduled while messages wait.
    pub(crate) fn step_pipelines(&mut self, at: SimTime) {
        if self.pipelines.next_tick != Some(at) {
            return; // superseded by an earlier tick
        }
        self.pipelines.next_tick = None;
        for key in self.pipelines.busy() {
            if self.pipelines.get(&key).is_some_and(|p| p.due(at) > 0) {
                self.process_connector(&key, at);
            }
        }
        let due_left = self
            .pipelines
            .busy()
            .iter()
            .any(|k| self.pipelines.get(k).is_some_and(|p| p.due(at) > 0));
        let next = if due_left {
            Some(at + TICK)
        } else {
            self.pipelines.next_arrival(at).map(|t| t.max(at + TICK))
        };
        if let Some(t) = next {
            self.schedule_pipelines(t);
        }
    }

    /// One batch of one connector, or the reason it waits.
    fn process_connector(&mut self, key: &str, now: SimTime) {
        // Events name the connector as its resource id is written (keys are lower-cased).
        let shown = self
            .find(key)
            .map_or_else(|| key.to_string(), |r| r.id.clone());
        let dest = match self.destination(key) {
            Ok(d) => d,
            Err((reason, rule, error)) => {
                return self.pipeline_wait(key, &shown, reason, rule, error);
            }
        };
        self.pipelines.get_mut(key).waiting_for = None;
        let principal = self
            .directory
            .find(key)
            .map_or_else(|| key.to_string(), |p| p.name.clone());
        let batch = self.pipelines.get_mut(key).take_due(now, BATCH);
        let parsed = (
            DeviceMapping::parse(&dest.device),
            FhirMapping::parse(&dest.fhir),
        );
        let p = self.pipelines.get_mut(key);
        let result = match parsed {
            (Ok(device), Ok(fhir)) => {
                let cfg = Config {
                    device: &device,
                    fhir: &fhir,
                    resolution: dest.resolution,
                };
                let data = self.fhir.service_mut(&dest.fhir_id, dest.born);
                run_batch(&cfg, &batch, data, &mut p.metrics, now)
            }
            (device, fhir) => {
                let (e, rule) = match (device, fhir) {
                    (Err(e), _) => (e, RuleId::MedtechDeviceMapping),
                    (_, Err(e)) => (e, RuleId::MedtechFhirMapping),
                    (Ok(_), Ok(_)) => return,
                };
                let mut r = BatchResult::default();
                for _ in &batch {
                    p.metrics.error("InvalidTemplateException");
                }
                r.errors.push(crate::medtech::process::StageError {
                    name: "InvalidTemplateException".into(),
                    message: alloc::format!(
                        "{} message(s) dropped: the mapping is not valid: {e}",
                        batch.len()
                    ),
                    rule,
                });
                r
            }
        };
        self.log_batch(&shown, &dest.fhir_id, &principal, batch.len(), &result);
    }

    fn log_batch(
        &mut self,
        key: &str,
        fhir_id: &str,
        principal: &str,
        messages: usize,
        r: &BatchResult,
    ) {
        for w in &r.written {
            self.emit_fhir_write(fhir_id, w, principal);
        }
        for e in r.errors.iter().take(20) {
            self.emit(EventKind::MedtechError {
                connector: crate::id::shorten(key),
                error: e.name.clone(),
                message: crate::id::shorten(&e.message),
                rule: Some(e.rule),
            });
        }
        self.emit(EventKind::MedtechBatchProcessed {
            connector: crate::id::shorten(key),
            messages: messages as u64,
            measurements: r.measurements,
            saved: r.written.len() as u64,
        });
    }

    /// Records why a connector waits (logged and counted once per reason).
    fn pipeline_wait(
        &mut self,
        key: &str,
        shown: &str,
        reason: String,
        rule: RuleId,
        error: Option<&str>,
    ) {
        let p = self.pipelines.get_mut(key);
        if p.waiting_for.as_deref() == Some(reason.as_str()) {
            return;
        }
        p.waiting_for = Some(reason.clone());
        if let Some(name) = error {
            p.metrics.error(name);
        }
        self.emit(EventKind::MedtechWaiting {
            connector: crate::id::shorten(shown),
            reason,
            rule: Some(rule),
        });
    }

    /// The connector's destination if it can process now; else why not.
    fn destination(
        &mut self,
        key: &str,
    ) -> Result<Destination, (String, RuleId, Option<&'static str>)> {
        let ready = |s: &str| (s.into(), RuleId::MedtechConnectorReady, None);
        let node = self
            .find_node(key)
            .ok_or_else(|| ready("The IoT connector no longer exists."))?;
        let res = self
            .store
            .res(node)
            .ok_or_else(|| ready("The IoT connector no longer exists."))?;
        if res.state != ProvisioningState::Succeeded {
            return Err(ready(&alloc::format!(
                "The IoT connector is {}; it processes once Succeeded.",
                res.state.as_str()
            )));
        }
        let device = match res.body.at(&["properties", "deviceMapping", "content"]) {
            None | Some(Value::Null) => empty_mapping("CollectionContent"),
            Some(d) => d,
        };
        let dest = self
            .store
            .pre_order(node)
            .into_iter()
            .filter_map(|n| self.store.res(n))
            .find(|r| r.kind == ResKind::FhirDestination && r.state == ProvisioningState::Succeeded)
            .ok_or_else(|| {
                ready("The IoT connector has no FHIR destination (Succeeded) to write to.")
            })?;
        let props = &dest.body.value()["properties"];
        let fhir = props["fhirMapping"]["content"].clone();
        let fhir = if fhir.is_null() {
            empty_mapping("CollectionFhirTemplate")
        } else {
            fhir
        };
        let resolution =
            Resolution::from_property(props["resourceIdentityResolutionType"].as_str());
        let target = props["fhirServiceResourceId"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let fhir_node = self
            .fhir_service_node(&target)
            .filter(|_| target.starts_with('/'))
            .ok_or_else(|| ready("The FHIR destination's FHIR service does not exist."))?;
        let (fhir_id, born) = self
            .store
            .res(fhir_node)
            .map(|r| (r.id.clone(), r.created_at))
            .unwrap_or_default();
        let url = alloc::format!(
            "https://{}",
            self.ctx().service_host(fhir_node).unwrap_or_default()
        );
        if let Some(p) = self.service_gate(fhir_node, Network::Public, &url)
            && p.rule != Some(RuleId::PrivateLinkBlocksPublic)
        {
            let why = alloc::format!(
                "The FHIR service does not answer ({}): {}",
                p.status,
                p.reason
            );
            return Err((
                why,
                RuleId::MedtechDestinationAvailable,
                Some("FhirServiceUnavailableException"),
            ));
        }
        if self.fhir_throttled(fhir_node).is_some() {
            return Err((
                "The FHIR service throttles requests (429); retried next minute.".into(),
                RuleId::MedtechDestinationAvailable,
                Some("FhirServiceThrottledException"),
            ));
        }
        let writer = self.directory.find(key).cloned();
        let allowed = writer
            .as_ref()
            .is_some_and(|p| self.permits(p, fhir_node, Action::FhirDataWrite));
        if !allowed {
            let why = match writer {
                None => "The IoT connector has no managed identity: it cannot get a token for the FHIR service.".to_string(),
                Some(p) => alloc::format!("The IoT connector's identity ({}) holds no FHIR data write role on the FHIR service (403).", p.object_id),
            };
            return Err((
                why,
                RuleId::MedtechFhirWriterRole,
                Some("UnauthorizedAccessFhirServiceException"),
            ));
        }
        Ok(Destination {
            fhir_id,
            born,
            device,
            fhir,
            resolution,
        })
    }

    /// Drops the pipelines of deleted connectors.
    pub(crate) fn forget_deleted_pipelines(&mut self) {
        if self.pipelines.is_empty() {
            return;
        }
        let store = &self.store;
        self.pipelines.retain(|id| {
            crate::id::ArmPath::parse(id)
                .ok()
                .and_then(|p| store.find(&p))
                .is_some()
        });
    }

    /// Every live resource of a FHIR service as `(type, id, version)`, for views.
    pub fn fhir_resources(&self, service_id: &str) -> Vec<(String, String, String)> {
        let Some(data) = self.fhir_data(service_id) else {
            return Vec::new();
        };
        data.live(None)
            .map(|r| {
                (
                    r["resourceType"].as_str().unwrap_or("").to_string(),
                    r["id"].as_str().unwrap_or("").to_string(),
                    r["meta"]["versionId"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    }
}

/// The last segment of an id.
fn res_name(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or(id)
}
