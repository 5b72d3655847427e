//! Applying an input: requests go to the front door; the simulator's own inputs (timing,
//! stage, acting principal, subscriptions, users, faults, probes) are handled here.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Input, Output, TRAINEE, World};
use crate::directory::PrincipalKind;
use crate::error::ArmError;
use crate::events::EventKind;
use crate::id::ArmPath;
use crate::rules::RuleId;

impl World {
    /// Applies one input; everything due by the end of it is processed before it returns.
    pub fn apply(&mut self, input: &Input) -> Output {
        let out = match input {
            Input::Request(req) => Output::Response(self.handle_request(req)),
            Input::Wait { operation } => self.wait(*operation),
            Input::Advance { by } => {
                let to = self.clock.now() + *by;
                self.run_until(to);
                self.set_now(to);
                Output::Done {
                    message: alloc::format!("Virtual time is now {}.", self.clock.now()),
                }
            }
            Input::SetTiming { timing } => {
                self.mode.set_timing(*timing);
                self.emit(EventKind::SettingChanged {
                    setting: "timing".into(),
                    value: timing.as_str().into(),
                });
                Output::Done {
                    message: alloc::format!("Timing is now {}.", timing.as_str()),
                }
            }
            Input::SetStage { stage } => {
                self.mode.set_stage(*stage);
                self.emit(EventKind::SettingChanged {
                    setting: "stage".into(),
                    value: stage.as_str().into(),
                });
                Output::Done {
                    message: alloc::format!("Release stage is now {}.", stage.as_str()),
                }
            }
            Input::ActAs { principal } => self.act_as(principal),
            Input::SelectSubscription { subscription } => self.select_subscription(subscription),
            Input::AddSubscription { id, name } => self.add_subscription_input(id, name),
            Input::AddUser { name } => self.add_user(name),
            Input::AddServicePrincipal { name, owner } => self.add_service_principal(name, *owner),
            Input::AddFault(spec) => self.add_fault(spec),
            Input::ClearFault { fault } => self.clear_fault(*fault),
            Input::Probe(spec) => Output::Probe(self.probe(spec)),
            #[cfg(feature = "dataplane")]
            Input::Fhir(req) => Output::Fhir(self.fhir_request(req)),
            #[cfg(feature = "dataplane")]
            Input::DeviceMessages {
                connector,
                messages,
            } => self.device_messages(connector, messages),
            #[cfg(not(feature = "dataplane"))]
            Input::Fhir(_) | Input::DeviceMessages { .. } => no_dataplane(),
            #[cfg(feature = "entra")]
            Input::CreateApplication {
                display_name,
                changes,
            } => self.create_application(display_name, changes),
            #[cfg(feature = "entra")]
            Input::UpdateApplication { app, changes } => self.update_application(app, changes),
            #[cfg(feature = "entra")]
            Input::DeleteApplication { app } => self.delete_application(app),
            #[cfg(feature = "entra")]
            Input::AddApplicationPassword {
                app,
                display_name,
                years,
                end_date,
                append,
                service_principal,
            } => self.add_application_password(
                app,
                display_name.as_deref(),
                (*years, end_date.as_deref()),
                *append,
                *service_principal,
            ),
            #[cfg(feature = "entra")]
            Input::RemoveApplicationPassword { app, key_id } => {
                self.remove_application_password(app, key_id)
            }
            #[cfg(feature = "entra")]
            Input::CreateServicePrincipal { app } => self.create_service_principal(app),
            #[cfg(feature = "entra")]
            Input::DeleteServicePrincipal { id } => self.delete_service_principal(id),
            #[cfg(not(feature = "entra"))]
            Input::CreateApplication { .. }
            | Input::UpdateApplication { .. }
            | Input::DeleteApplication { .. }
            | Input::AddApplicationPassword { .. }
            | Input::RemoveApplicationPassword { .. }
            | Input::CreateServicePrincipal { .. }
            | Input::DeleteServicePrincipal { .. } => no_entra(),
        };
        let now = self.clock.now();
        self.run_until(now);
        // Without the data plane no service holds data and no connector a pipeline.
        #[cfg(feature = "dataplane")]
        self.forget_deleted_data();
        #[cfg(feature = "dataplane")]
        self.forget_deleted_pipelines();
        out
    }

    /// `Input::AddSubscription`: a new subscription of the tenant, owned by the trainee.
    fn add_subscription_input(&mut self, id: &str, name: &str) -> Output {
        // Rule valid-request: the id must be addressable afterwards, so no '/',
        // whitespace or control characters (ArmPath::parse trims and refuses those), and it
        // must read back as itself (a '%' escape would decode to another id).
        if id.is_empty()
            || id.len() > 64
            || id.contains('/')
            || id.chars().any(|c| c.is_control() || c.is_whitespace())
            || self.subscription_node(id).is_some()
            || ArmPath::parse(&crate::id::build::subscription(id))
                .map_or(true, |p| p.subscription() != id)
        {
            Output::Refused {
                error: ArmError::new(
                    400,
                    "InvalidSubscriptionId",
                    alloc::format!(
                        "The subscription id '{}' is empty, too long, has a '/', a space or a control character, or exists already.",
                        crate::id::shorten(id)
                    ),
                    RuleId::ValidRequest,
                ),
            }
        } else {
            self.add_subscription(id, name);
            self.emit(EventKind::SettingChanged {
                setting: "subscription added".into(),
                value: id.into(),
            });
            Output::Done {
                message: alloc::format!("Subscription '{name}' ({id}) added; you are its Owner."),
            }
        }
    }

    /// `Input::AddUser`: a new user of the directory.
    fn add_user(&mut self, name: &str) -> Output {
        if let Err(error) = self.check_directory_write() {
            return Output::Refused { error };
        }
        if name.is_empty()
            || name.len() > 256
            || !name.contains('@')
            || name.chars().any(char::is_control)
        {
            Output::Refused {
                error: ArmError::new(
                    400,
                    "Request_BadRequest",
                    alloc::format!(
                        "'{}' is not a valid user principal name (expected alias@domain).",
                        crate::id::shorten(name)
                    ),
                    RuleId::ValidRequest,
                ),
            }
        } else {
            self.directory.add(name, PrincipalKind::User, None);
            self.emit(EventKind::SettingChanged {
                setting: "user added".into(),
                value: name.into(),
            });
            Output::Done {
                message: alloc::format!("User {name} added to {}.", self.directory.tenant),
            }
        }
    }

    /// `Input::AddServicePrincipal`: a new application of the directory (no role yet).
    fn add_service_principal(&mut self, name: &str, owner: bool) -> Output {
        if let Err(error) = self.check_directory_write() {
            return Output::Refused { error };
        }
        let valid = !name.is_empty()
            && name.len() <= 120
            && !name.contains('@')
            && !name.chars().any(char::is_control);
        if !valid {
            return Output::Refused {
                error: ArmError::new(
                    400,
                    "Request_BadRequest",
                    alloc::format!(
                        "'{}' is not a valid application display name (1 to 120 characters, no '@').",
                        crate::id::shorten(name)
                    ),
                    RuleId::ValidRequest,
                ),
            };
        }
        let app_id = self
            .directory
            .add(name, PrincipalKind::ServicePrincipal, None)
            .object_id
            .clone();
        if owner {
            for sub in self.subscriptions() {
                self.seed_owner(&sub, &app_id, "ServicePrincipal");
            }
        }
        self.emit(EventKind::SettingChanged {
            setting: "service principal added".into(),
            value: name.into(),
        });
        Output::Done {
            message: alloc::format!(
                "Service principal {name} (appId {app_id}) added to {}.",
                self.directory.tenant
            ),
        }
    }

    fn act_as(&mut self, who: &str) -> Output {
        let who = if who.eq_ignore_ascii_case("me") {
            TRAINEE
        } else {
            who
        };
        match self.directory.find(who) {
            Some(p) => {
                let name = p.name.clone();
                self.account.act_as(name.clone());
                self.emit(EventKind::SettingChanged {
                    setting: "principal".into(),
                    value: name.clone(),
                });
                Output::Done {
                    message: alloc::format!("Now acting as {name}."),
                }
            }
            None => {
                let known: Vec<String> = self
                    .directory
                    .all()
                    .iter()
                    .map(|p| p.name.clone())
                    .collect();
                Output::Refused {
                    error: ArmError::new(
                        400,
                        "PrincipalNotFound",
                        alloc::format!(
                            "Principal '{}' does not exist in the directory {}. Known principals: {}. Add a user with az ad user create.",
                            crate::id::shorten(who),
                            self.directory.tenant,
                            known.join(", ")
                        ),
                        RuleId::Rbac,
                    ),
                }
            }
        }
    }

    fn select_subscription(&mut self, which: &str) -> Output {
        let found = self
            .store
            .roots()
            .filter_map(|n| self.store.res(n))
            .find(|r| {
                r.name.eq_ignore_ascii_case(which)
                    || r.body
                        .str_at(&["displayName"])
                        .map(|d| d.eq_ignore_ascii_case(which))
                        == Some(true)
            });
        match found {
            Some(r) => {
                let id = r.name.clone();
                self.account.select(id.clone());
                self.emit(EventKind::SettingChanged {
                    setting: "subscription".into(),
                    value: id.clone(),
                });
                Output::Done {
                    message: alloc::format!("Current subscription is {id}."),
                }
            }
            None => Output::Refused {
                error: ArmError::new(
                    404,
                    "SubscriptionNotFound",
                    alloc::format!(
                        "The subscription '{}' doesn't exist in cloud 'AzureCloud'.",
                        crate::id::shorten(which)
                    ),
                    RuleId::ResourceMustExist,
                ),
            },
        }
    }
}

/// The data-plane inputs in a build without the `dataplane` feature (the browser's start
/// module): refused with `NotInThisBuild`, so nothing else answers them differently. The lab
/// stops them before sending, so a session never records one.
#[cfg(not(feature = "dataplane"))]
fn no_dataplane() -> Output {
    Output::Refused {
        error: ArmError::new(
            501,
            "NotInThisBuild",
            "The FHIR and MedTech data plane is not in this build of hcsim (the browser loads it on first use).".into(),
            RuleId::ValidRequest,
        ),
    }
}

/// The app-registration inputs in a build without the `entra` feature (the browser's start
/// module): refused with `NotInThisBuild`, like the data plane's. The lab stops them before
/// sending, so a session never records one there.
#[cfg(not(feature = "entra"))]
fn no_entra() -> Output {
    Output::Refused {
        error: ArmError::new(
            501,
            "NotInThisBuild",
            "App registrations are not in this build of hcsim (the browser loads them on first use).".into(),
            RuleId::ValidRequest,
        ),
    }
}
