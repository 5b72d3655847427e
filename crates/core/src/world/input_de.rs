//! Reading an [`Input`] from its JSON (a saved session, the history's text): the object's
//! fields are read into a `serde_json` map, its `input` tag picks the variant, and the variant
//! is read from the rest (by reference: the `&Value` deserializer the providers link anyway;
//! `request`, `add_fault` and `probe` by the types' own `from_members`, without a derive).
//! The same text is accepted and the same errors are given as serde's derive for an
//! internally tagged enum, without that derive's generic buffering (`Content`), which cost
//! the browser's start module about 12 KB gzip (docs/WASM-SIZE.md). One difference: the
//! derive also read an input written as an array (`["wait", 3]`), a form nothing writes; an
//! array is refused.

use alloc::string::String;
use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::input::Input;
use crate::faults::FaultSpec;
use crate::probe::ProbeSpec;
use crate::request::Request;

/// The error for a data-plane input in a build without the data plane; it names
/// `NotInThisBuild`, which the browser's start module answers a load with.
#[cfg(not(feature = "dataplane"))]
const NO_DATAPLANE: &str =
    "NotInThisBuild: a FHIR or MedTech data-plane input needs the full build of hcsim";

/// The error for an app-registration input in a build without them; it names
/// `NotInThisBuild`, which the browser's start module answers a load with.
#[cfg(not(feature = "entra"))]
const NO_ENTRA: &str = "NotInThisBuild: an app-registration input needs the full build of hcsim";

/// The tags, in declaration order (named in the error for an unknown one).
const VARIANTS: &[&str] = &[
    "request",
    "wait",
    "advance",
    "set_timing",
    "set_stage",
    "act_as",
    "select_subscription",
    "add_subscription",
    "add_user",
    "add_service_principal",
    "add_fault",
    "clear_fault",
    "probe",
    "fhir",
    "device_messages",
    "create_application",
    "update_application",
    "delete_application",
    "add_application_password",
    "remove_application_password",
    "create_service_principal",
    "delete_service_principal",
];

impl<'de> Deserialize<'de> for Input {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Input, D::Error> {
        d.deserialize_map(InputVisitor)
    }
}

/// Reads the object, then the variant its tag names.
struct InputVisitor;

impl<'de> Visitor<'de> for InputVisitor {
    type Value = Input;

    fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
        f.write_str("internally tagged enum Input")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Input, A::Error> {
        let mut fields = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value: Value = map.next_value()?;
            fields.insert(key, value);
        }
        let tag = match fields.remove("input") {
            Some(Value::String(tag)) => tag,
            Some(_) => return Err(de::Error::custom("the `input` tag must be a string")),
            None => return Err(de::Error::missing_field("input")),
        };
        variant(&tag, fields)
    }
}

/// The variant `tag` names, read from the object's other fields (unknown fields are ignored,
/// as the derive does).
fn variant<E: de::Error>(tag: &str, mut f: Map<String, Value>) -> Result<Input, E> {
    Ok(match tag {
        "request" => Input::Request(Request::from_members(f).map_err(E::custom)?),
        "wait" => Input::Wait {
            operation: field(&mut f, "operation")?,
        },
        "advance" => Input::Advance {
            by: field(&mut f, "by")?,
        },
        "set_timing" => Input::SetTiming {
            timing: field(&mut f, "timing")?,
        },
        "set_stage" => Input::SetStage {
            stage: field(&mut f, "stage")?,
        },
        "act_as" => Input::ActAs {
            principal: field(&mut f, "principal")?,
        },
        "select_subscription" => Input::SelectSubscription {
            subscription: field(&mut f, "subscription")?,
        },
        "add_subscription" => Input::AddSubscription {
            id: field(&mut f, "id")?,
            name: field(&mut f, "name")?,
        },
        "add_user" => Input::AddUser {
            name: field(&mut f, "name")?,
        },
        "add_service_principal" => Input::AddServicePrincipal {
            name: field(&mut f, "name")?,
            owner: optional(&mut f, "owner")?.unwrap_or_default(),
        },
        "add_fault" => Input::AddFault(FaultSpec::from_members(f).map_err(E::custom)?),
        "clear_fault" => Input::ClearFault {
            fault: optional::<Option<u32>, E>(&mut f, "fault")?.flatten(),
        },
        "probe" => Input::Probe(ProbeSpec::from_members(f).map_err(E::custom)?),
        #[cfg(feature = "dataplane")]
        "fhir" => Input::Fhir(whole(f)?),
        #[cfg(feature = "dataplane")]
        "device_messages" => Input::DeviceMessages {
            connector: field(&mut f, "connector")?,
            messages: field(&mut f, "messages")?,
        },
        #[cfg(feature = "entra")]
        "create_application" => Input::CreateApplication {
            display_name: field(&mut f, "display_name")?,
            changes: optional(&mut f, "changes")?.unwrap_or_default(),
        },
        #[cfg(feature = "entra")]
        "update_application" => Input::UpdateApplication {
            app: field(&mut f, "app")?,
            changes: field(&mut f, "changes")?,
        },
        #[cfg(feature = "entra")]
        "delete_application" => Input::DeleteApplication {
            app: field(&mut f, "app")?,
        },
        #[cfg(feature = "entra")]
        "add_application_password" => Input::AddApplicationPassword {
            app: field(&mut f, "app")?,
            display_name: optional::<Option<String>, E>(&mut f, "display_name")?.flatten(),
            years: optional::<Option<u32>, E>(&mut f, "years")?.flatten(),
            end_date: optional::<Option<String>, E>(&mut f, "end_date")?.flatten(),
            append: optional(&mut f, "append")?.unwrap_or_default(),
            service_principal: optional(&mut f, "service_principal")?.unwrap_or_default(),
        },
        #[cfg(feature = "entra")]
        "remove_application_password" => Input::RemoveApplicationPassword {
            app: field(&mut f, "app")?,
            key_id: field(&mut f, "key_id")?,
        },
        #[cfg(feature = "entra")]
        "create_service_principal" => Input::CreateServicePrincipal {
            app: field(&mut f, "app")?,
        },
        #[cfg(feature = "entra")]
        "delete_service_principal" => Input::DeleteServicePrincipal {
            id: field(&mut f, "id")?,
        },
        // Not read without the data plane (the browser's start module, which has no reader
        // for them): a session holding them opens in the full module (crates/wasm `load`).
        #[cfg(not(feature = "dataplane"))]
        "fhir" | "device_messages" => return Err(E::custom(NO_DATAPLANE)),
        // Not read without app registrations (the browser's start module): such a session
        // opens in the full module, as one with data-plane inputs does.
        #[cfg(not(feature = "entra"))]
        "create_application"
        | "update_application"
        | "delete_application"
        | "add_application_password"
        | "remove_application_password"
        | "create_service_principal"
        | "delete_service_principal" => return Err(E::custom(NO_ENTRA)),
        _ => return Err(E::unknown_variant(tag, VARIANTS)),
    })
}

/// A newtype variant's value: the whole object but its tag (`request`, `add_fault` and `probe`
/// are read by hand, `from_members`, with the derive's values and errors).
#[cfg(feature = "dataplane")]
fn whole<T: DeserializeOwned, E: de::Error>(fields: Map<String, Value>) -> Result<T, E> {
    T::deserialize(&Value::Object(fields)).map_err(E::custom)
}

/// A struct variant's required field.
fn field<T: DeserializeOwned, E: de::Error>(
    fields: &mut Map<String, Value>,
    name: &'static str,
) -> Result<T, E> {
    match fields.remove(name) {
        Some(value) => T::deserialize(&value).map_err(E::custom),
        None => Err(E::missing_field(name)),
    }
}

/// A field that may be absent (`None`); `null` reads as the type reads it.
fn optional<T: DeserializeOwned, E: de::Error>(
    fields: &mut Map<String, Value>,
    name: &'static str,
) -> Result<Option<T>, E> {
    fields
        .remove(name)
        .map(|value| T::deserialize(&value).map_err(E::custom))
        .transpose()
}
