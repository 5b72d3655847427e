//! What can change the world (an [`Input`]) and what it produced (an [`Output`]).

use alloc::string::String;
use serde::{Deserialize, Serialize};

use crate::config::{Stage, Timing};
use crate::error::ArmError;
use crate::faults::FaultSpec;
use crate::fhir::{FhirRequest, FhirResponse};
use crate::probe::{ProbeResult, ProbeSpec};
use crate::request::{Request, Response};
use crate::time::Millis;

/// Everything that can change the world. Inputs are recorded, so a session is its seed plus
/// its inputs (event sourcing). Read back by a hand-written `Deserialize` (`input_de.rs`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "input", rename_all = "snake_case")]
pub enum Input {
    /// A request to the ARM front door.
    Request(Request),
    /// Advance virtual time until a long-running operation ends (as az does without
    /// `--no-wait`), at most [`World::MAX_WAIT`](super::World::MAX_WAIT).
    Wait {
        /// Operation number from [`Response::operation`].
        operation: u64,
    },
    /// Advance virtual time.
    Advance {
        /// How far.
        by: Millis,
    },
    /// Change operation timing.
    SetTiming {
        /// New timing.
        timing: Timing,
    },
    /// Change release stage.
    SetStage {
        /// New stage.
        stage: Stage,
    },
    /// Act as another principal (`sim as`).
    ActAs {
        /// Sign-in name, object id, or managed identity's resource id.
        principal: String,
    },
    /// Select the current subscription (`az account set`).
    SelectSubscription {
        /// Name or id.
        subscription: String,
    },
    /// Add a subscription to the tenant (the trainee becomes its Owner).
    AddSubscription {
        /// Subscription id.
        id: String,
        /// Display name.
        name: String,
    },
    /// Add a user to the directory (`az ad user create`).
    AddUser {
        /// User principal name.
        name: String,
    },
    /// Add a service principal (an application that signs in with a secret) to the directory,
    /// as `az ad sp create-for-rbac --skip-assignment` would; it holds no role until one is
    /// assigned, unless `owner`. `hcsim serve` adds the ones its real clients sign in as.
    AddServicePrincipal {
        /// Display name, also its sign-in name in hcsim.
        name: String,
        /// Owner of every subscription from the start, as the trainee is: part of the
        /// session's setup (in effect at once, even in realistic timing, where a role
        /// assignment made later waits out the propagation delay).
        #[serde(default)]
        owner: bool,
    },
    /// Inject a fault.
    AddFault(FaultSpec),
    /// Clear one fault, or all (`None`).
    ClearFault {
        /// Fault number, or none for all.
        fault: Option<u32>,
    },
    /// A data-plane probe.
    Probe(ProbeSpec),
    /// A call to a FHIR service's data plane (`az rest`, `sim fhir`).
    Fhir(FhirRequest),
    /// Device messages onto an IoT connector's event hub (`sim device send`); the connector
    /// processes them as virtual time passes.
    DeviceMessages {
        /// The IoT connector's resource id.
        connector: String,
        /// The messages, each with its delay after now.
        messages: alloc::vec::Vec<crate::medtech::DeviceMessage>,
    },
    /// Register an application (`az ad app create`, `az ad sp create-for-rbac`).
    CreateApplication {
        /// Display name.
        display_name: String,
        /// Properties set at creation.
        #[serde(default)]
        changes: crate::directory::AppChanges,
    },
    /// Change an application's properties (`az ad app update`).
    UpdateApplication {
        /// App id, object id or identifier URI.
        app: String,
        /// Properties to set.
        changes: crate::directory::AppChanges,
    },
    /// Delete an application and its service principal (`az ad app delete`).
    DeleteApplication {
        /// App id, object id or identifier URI.
        app: String,
    },
    /// Add a client secret to an application (`az ad app credential reset`), removing the
    /// others unless `append`; the secret is drawn from the session's generator.
    AddApplicationPassword {
        /// App id, object id or identifier URI.
        app: String,
        /// The secret's display name.
        #[serde(default)]
        display_name: Option<String>,
        /// Years it is valid (1 when neither this nor `end_date` is given).
        #[serde(default)]
        years: Option<u32>,
        /// When it expires, ISO 8601 (instead of `years`).
        #[serde(default)]
        end_date: Option<String>,
        /// Keep the existing secrets.
        #[serde(default)]
        append: bool,
        /// Add it to the app's service principal instead (`az ad sp credential reset`);
        /// `append` then keeps or removes the service principal's secrets only.
        #[serde(default, skip_serializing_if = "core::ops::Not::not")]
        service_principal: bool,
    },
    /// Remove an application's client secret (`az ad app credential delete`).
    RemoveApplicationPassword {
        /// App id, object id or identifier URI.
        app: String,
        /// The secret's `keyId`.
        key_id: String,
    },
    /// Create the service principal of an application (`az ad sp create --id APPID`).
    CreateServicePrincipal {
        /// App id, object id or identifier URI of the application.
        app: String,
    },
    /// Delete an application's service principal (`az ad sp delete`).
    DeleteServicePrincipal {
        /// The service principal's object id or app id.
        id: String,
    },
}

impl Input {
    /// True for inputs that change the world; false for reads (GET, LIST) and probes, which
    /// undo skips over.
    pub fn is_change(&self) -> bool {
        match self {
            Input::Request(r) => !matches!(
                r.method,
                crate::request::Method::Get | crate::request::Method::List
            ),
            Input::Probe(_) => false,
            Input::Fhir(r) => r.method.is_write(),
            _ => true,
        }
    }
}

/// What an input produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "output", rename_all = "snake_case")]
pub enum Output {
    /// The front door's response.
    Response(Response),
    /// The probe's answer.
    Probe(ProbeResult),
    /// A FHIR service's answer.
    Fhir(FhirResponse),
    /// A simulator input that succeeded, with a message.
    Done {
        /// What happened.
        message: String,
    },
    /// A simulator input that was refused.
    Refused {
        /// Why.
        error: ArmError,
    },
}

impl Output {
    /// True when the input succeeded (2xx response, answered probe, or done).
    pub fn is_ok(&self) -> bool {
        match self {
            Output::Response(r) => r.is_success(),
            Output::Fhir(r) => r.is_success(),
            Output::Probe(_) | Output::Done { .. } => true,
            Output::Refused { .. } => false,
        }
    }
    /// The error, if refused or rejected.
    pub fn error(&self) -> Option<&ArmError> {
        match self {
            Output::Response(r) => r.error.as_ref(),
            Output::Refused { error } => Some(error),
            _ => None,
        }
    }
    /// The HTTP status (response or probe).
    pub fn status(&self) -> Option<u16> {
        match self {
            Output::Response(r) => Some(r.status),
            Output::Probe(p) => Some(p.status),
            Output::Fhir(r) => Some(r.status),
            _ => None,
        }
    }
}
