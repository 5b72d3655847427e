//! The vocabulary of simulated data-plane probes (answered in `dataplane`): a call to a FHIR (`/metadata`) or DICOM (`/health/check`)
//! endpoint, answered 200/403/404/500/503 as the real service would, with the reason.

use alloc::string::String;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::request::members;

use crate::rules::RuleId;

/// Where the call comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    /// The public internet.
    Public,
    /// A virtual network with a private endpoint to the workspace.
    Private,
}

/// A probe to send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeSpec {
    /// The FHIR or DICOM service resource id.
    pub target: String,
    /// From where.
    pub from: Network,
    /// As whom (default: the acting principal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    /// Data path; default `/metadata` (FHIR) or `/health/check` (DICOM), which need no data
    /// role. Any other path (e.g. `/Patient`) needs a FHIR/DICOM data role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

impl ProbeSpec {
    /// A probe input's members, read as the derived `Deserialize` reads them from a `&Value`
    /// ([`crate::request::members`]).
    pub(crate) fn from_members(m: Map<String, Value>) -> Result<ProbeSpec, serde_json::Error> {
        let (mut target, mut from) = (None, None);
        let (mut principal, mut path) = (None, None);
        for (key, v) in m {
            match key.as_str() {
                "target" => target = Some(members::string(v)?),
                "from" => {
                    let at = members::variant(&v, &["public", "private"])?;
                    from = Some(if at == 0 {
                        Network::Public
                    } else {
                        Network::Private
                    });
                }
                "principal" => principal = members::opt_string(v)?,
                "path" => path = members::opt_string(v)?,
                _ => {}
            }
        }
        Ok(ProbeSpec {
            target: members::required(target, "target")?,
            from: members::required(from, "from")?,
            principal,
            path,
        })
    }
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeResult {
    /// HTTP status.
    pub status: u16,
    /// The URL called.
    pub url: String,
    /// Why this status.
    pub reason: String,
    /// The rule behind a failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleId>,
}
