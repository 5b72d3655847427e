//! The app-registration inputs: applications, their client secrets and their service
//! principals, answered as Microsoft Graph answers `az ad app|sp …` (codes and messages from
//! azure-cli's role module and its recordings; where none was found the text says so).

use alloc::string::String;

use super::{Output, World};
use crate::directory::{AppChanges, PrincipalKind, end_date, secret_text, years_later};
use crate::error::ArmError;
use crate::events::EventKind;
use crate::id::shorten;
use crate::rules::RuleId;

/// Graph's answer for an object that is not there.
fn not_found(id: &str) -> Output {
    Output::Refused {
        error: ArmError::new(
            404,
            "Request_ResourceNotFound",
            alloc::format!(
                "Resource '{}' does not exist or one of its queried reference-property objects are not present.",
                shorten(id)
            ),
            RuleId::ResourceMustExist,
        ),
    }
}

/// Graph's 400 for a value it refuses.
fn bad_request(message: String) -> Output {
    Output::Refused {
        error: ArmError::new(400, "Request_BadRequest", message, RuleId::ValidRequest),
    }
}

impl World {
    /// `YYYY-MM-DDTHH:MM:SSZ` now on the virtual calendar (Graph's date-time form).
    fn graph_now(&self) -> String {
        let iso = self.clock.now().to_iso();
        alloc::format!("{}Z", iso.get(..19).unwrap_or(&iso))
    }

    /// Who may write app registrations: a user of the tenant (Entra's default "Users can
    /// register applications: Yes"), never a service principal or managed identity, which
    /// would need a Microsoft Graph application permission hcsim does not grant.
    fn check_app_write(&self) -> Result<(), ArmError> {
        let kind = self.directory.find(self.account.acting()).map(|p| p.kind);
        if matches!(kind, Some(PrincipalKind::User)) {
            return Ok(());
        }
        Err(ArmError::new(
            403,
            "Authorization_RequestDenied",
            alloc::format!(
                "Insufficient privileges to complete the operation. ('{}' is a service principal: it holds no Microsoft Graph permission to manage applications. Sign in as a user, e.g. az login.)",
                shorten(self.account.acting())
            ),
            RuleId::Rbac,
        ))
    }

    /// `Input::CreateApplication`.
    pub(super) fn create_application(&mut self, name: &str, changes: &AppChanges) -> Output {
        if let Err(error) = self.check_app_write() {
            return Output::Refused { error };
        }
        if name.trim().is_empty() || name.len() > 256 || name.chars().any(char::is_control) {
            return bad_request(String::from(
                "Invalid value specified for property 'displayName' of resource 'Application'.",
            ));
        }
        let now = self.graph_now();
        let tenant = self.directory.tenant.clone();
        let app = self.directory.create_app(name, now);
        app.apply(changes);
        let message = alloc::format!(
            "Application {} (appId {}, id {}) registered in {}.",
            app.display_name,
            app.app_id,
            app.object_id,
            tenant
        );
        self.emit(EventKind::SettingChanged {
            setting: "application created".into(),
            value: name.into(),
        });
        Output::Done { message }
    }

    /// `Input::UpdateApplication`.
    pub(super) fn update_application(&mut self, id: &str, changes: &AppChanges) -> Output {
        if let Err(error) = self.check_app_write() {
            return Output::Refused { error };
        }
        if changes
            .display_name
            .as_ref()
            .is_some_and(|n| n.trim().is_empty())
        {
            return bad_request(String::from(
                "Invalid value specified for property 'displayName' of resource 'Application'.",
            ));
        }
        let Some(app) = self.directory.app_mut(id) else {
            return not_found(id);
        };
        app.apply(changes);
        let (app_id, name) = (app.app_id.clone(), app.display_name.clone());
        self.directory.rename_app_sp(&app_id, &name);
        self.emit(EventKind::SettingChanged {
            setting: "application updated".into(),
            value: name.clone(),
        });
        Output::Done {
            message: alloc::format!("Application {name} updated."),
        }
    }

    /// `Input::DeleteApplication`: the app and its service principal go; role assignments
    /// naming the service principal stay, as Azure leaves them ("Unknown" principals).
    pub(super) fn delete_application(&mut self, id: &str) -> Output {
        if let Err(error) = self.check_app_write() {
            return Output::Refused { error };
        }
        let Some(app) = self.directory.delete_app(id) else {
            return not_found(id);
        };
        self.emit(EventKind::SettingChanged {
            setting: "application deleted".into(),
            value: app.display_name.clone(),
        });
        Output::Done {
            message: alloc::format!(
                "Application {} and its service principal deleted.",
                app.display_name
            ),
        }
    }

    /// `Input::AddApplicationPassword`: Graph's `addPassword` (after `removePassword` of
    /// every other secret of the same object unless `append`, as azure-cli's
    /// `_reset_credential` does), on the application or on its service principal. The
    /// secret's life is `(years, end date)`: one year when neither is given.
    pub(super) fn add_application_password(
        &mut self,
        id: &str,
        display_name: Option<&str>,
        (years, end): (Option<u32>, Option<&str>),
        append: bool,
        on_sp: bool,
    ) -> Output {
        if let Err(error) = self.check_app_write() {
            return Output::Refused { error };
        }
        let start = self.graph_now();
        let end = match end {
            Some(text) => match end_date(text) {
                Some(e) if e > start => e,
                _ => {
                    return bad_request(alloc::format!(
                        "Invalid value specified for property 'endDateTime' of resource 'PasswordCredential' ('{}': a date after now, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ).",
                        shorten(text)
                    ));
                }
            },
            None => years_later(&start, years.unwrap_or(1)),
        };
        let Some(app_id) = self.directory.app(id).map(|a| a.app_id.clone()) else {
            return not_found(id);
        };
        if on_sp && self.directory.find(&app_id).is_none() {
            return not_found(id);
        }
        let secret = secret_text(|| self.rng.next_u64());
        let key_id = crate::rng::guid_from(&alloc::format!("keyId:{secret}"));
        let Some(app) = self.directory.app_mut(id) else {
            return not_found(id);
        };
        if !append {
            app.passwords.retain(|p| p.on_service_principal != on_sp);
        }
        app.passwords.push(crate::directory::PasswordCredential {
            key_id: key_id.clone(),
            display_name: display_name.map(String::from),
            start,
            end,
            secret,
            on_service_principal: on_sp,
        });
        let name = app.display_name.clone();
        self.emit(EventKind::SettingChanged {
            setting: "application secret added".into(),
            value: name.clone(),
        });
        Output::Done {
            message: alloc::format!("Client secret {key_id} added to {name}."),
        }
    }

    /// `Input::RemoveApplicationPassword`.
    pub(super) fn remove_application_password(&mut self, id: &str, key_id: &str) -> Output {
        if let Err(error) = self.check_app_write() {
            return Output::Refused { error };
        }
        let Some(app) = self.directory.app_mut(id) else {
            return not_found(id);
        };
        let before = app.passwords.len();
        app.passwords
            .retain(|p| !p.key_id.eq_ignore_ascii_case(key_id));
        if app.passwords.len() == before {
            // Assumption: Graph's text for a keyId the app does not hold was not found.
            return bad_request(alloc::format!(
                "No password credential found with keyId '{}'.",
                shorten(key_id)
            ));
        }
        Output::Done {
            message: alloc::format!("Client secret {key_id} removed."),
        }
    }

    /// `Input::CreateServicePrincipal`.
    pub(super) fn create_service_principal(&mut self, id: &str) -> Output {
        if let Err(error) = self.check_app_write() {
            return Output::Refused { error };
        }
        let Some(app) = self.directory.app(id) else {
            // azure-cli falls back to sending the text as the appId; Graph refuses it (the
            // message create-for-rbac's retry loop looks for: "does not reference").
            return bad_request(alloc::format!(
                "The appId '{}' of the service principal does not reference a valid application object.",
                shorten(id)
            ));
        };
        let (app_id, name) = (app.app_id.clone(), app.display_name.clone());
        if self.directory.find(&app_id).is_some() {
            // Assumption: Graph's conflict for a second service principal of one app.
            return Output::Refused {
                error: ArmError::new(
                    409,
                    "Request_MultipleObjectsWithSameKeyValue",
                    alloc::format!(
                        "The service principal cannot be created, updated, or restored because the service principal name {app_id} is already in use."
                    ),
                    RuleId::ValidRequest,
                ),
            };
        }
        let object_id = self.directory.add_app_sp(&app_id, &name).object_id.clone();
        self.emit(EventKind::SettingChanged {
            setting: "service principal added".into(),
            value: name.clone(),
        });
        Output::Done {
            message: alloc::format!(
                "Service principal {object_id} of {name} (appId {app_id}) created."
            ),
        }
    }

    /// `Input::DeleteServicePrincipal`: an app's service principal, by object id or app id.
    pub(super) fn delete_service_principal(&mut self, id: &str) -> Output {
        if let Err(error) = self.check_app_write() {
            return Output::Refused { error };
        }
        let app_id = self.directory.find(id).and_then(|p| p.app_id.clone());
        match app_id {
            Some(app_id) if self.directory.remove_app_sp(&app_id) => {
                self.emit(EventKind::SettingChanged {
                    setting: "service principal deleted".into(),
                    value: app_id.clone(),
                });
                Output::Done {
                    message: alloc::format!("Service principal of {app_id} deleted."),
                }
            }
            _ => not_found(id),
        }
    }
}
