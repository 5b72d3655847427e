//! App registrations: the directory's Microsoft Graph `application` objects and their
//! password credentials (client secrets), as `az ad app …` and `az ad sp create-for-rbac`
//! make them.
//!
//! hcsim's secrets are drawn from the session's seeded generator: they are shaped like
//! Entra ID's client secrets but are no credential anywhere outside the simulation.

use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

/// The properties an app creation or update may set (`az ad app create|update` flags and the
/// `--set` paths hcsim simulates); `None` leaves a property as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppChanges {
    /// `displayName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// `signInAudience` (one of Graph's four values; the lab checks the spelling).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in_audience: Option<String>,
    /// `isFallbackPublicClient` ("Allow public client flows" in the portal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_fallback_public_client: Option<bool>,
    /// `identifierUris` (the App ID URIs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier_uris: Option<Vec<String>>,
    /// `web.redirectUris`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_redirect_uris: Option<Vec<String>>,
    /// `web.homePageUrl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_home_page_url: Option<String>,
    /// `publicClient.redirectUris`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_client_redirect_uris: Option<Vec<String>>,
    /// `web.implicitGrantSettings.enableIdTokenIssuance`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_id_token_issuance: Option<bool>,
    /// `web.implicitGrantSettings.enableAccessTokenIssuance`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_access_token_issuance: Option<bool>,
    /// `notes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// `description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A client secret of an application (Graph `passwordCredential`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordCredential {
    /// `keyId`.
    pub key_id: String,
    /// `displayName` (az's `--display-name`; "rbac" for create-for-rbac).
    pub display_name: Option<String>,
    /// `startDateTime`, `YYYY-MM-DDTHH:MM:SSZ` on the virtual calendar.
    pub start: String,
    /// `endDateTime`, same form: after it the secret no longer signs in.
    pub end: String,
    /// `secretText`: Graph returns it once, when the secret is added.
    pub secret: String,
    /// Whether it was added to the app's service principal (`az ad sp credential reset`)
    /// rather than to the application; either signs in.
    pub on_service_principal: bool,
}

impl PasswordCredential {
    /// Graph's `hint`: the secret's first three characters.
    pub fn hint(&self) -> &str {
        self.secret.get(..3).unwrap_or("")
    }
}

/// An app registration (Graph `application`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    /// `id`, the object id (AAD Graph called it `objectId`).
    pub object_id: String,
    /// `appId`, the client id a service principal and a sign-in name it by.
    pub app_id: String,
    /// `displayName`.
    pub display_name: String,
    /// `createdDateTime`.
    pub created: String,
    /// `signInAudience`. Graph's default for an app created through the API is
    /// `AzureADandPersonalMicrosoftAccount` (azure-cli recording test_create_for_rbac_password.yaml).
    pub sign_in_audience: String,
    /// `isFallbackPublicClient` (`null` until set).
    pub is_fallback_public_client: Option<bool>,
    /// `identifierUris`.
    pub identifier_uris: Vec<String>,
    /// `web.redirectUris`.
    pub web_redirect_uris: Vec<String>,
    /// `web.homePageUrl`.
    pub web_home_page_url: Option<String>,
    /// `publicClient.redirectUris`.
    pub public_client_redirect_uris: Vec<String>,
    /// `web.implicitGrantSettings.enableIdTokenIssuance`.
    pub enable_id_token_issuance: bool,
    /// `web.implicitGrantSettings.enableAccessTokenIssuance`.
    pub enable_access_token_issuance: bool,
    /// `notes`.
    pub notes: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `passwordCredentials`, oldest first.
    pub passwords: Vec<PasswordCredential>,
}

impl Application {
    /// A new registration with Graph's defaults.
    pub fn new(object_id: String, app_id: String, display_name: &str, created: String) -> Self {
        Application {
            object_id,
            app_id,
            display_name: display_name.into(),
            created,
            sign_in_audience: "AzureADandPersonalMicrosoftAccount".into(),
            is_fallback_public_client: None,
            identifier_uris: Vec::new(),
            web_redirect_uris: Vec::new(),
            web_home_page_url: None,
            public_client_redirect_uris: Vec::new(),
            enable_id_token_issuance: false,
            enable_access_token_issuance: false,
            notes: None,
            description: None,
            passwords: Vec::new(),
        }
    }

    /// Applies the properties `c` sets.
    pub fn apply(&mut self, c: &AppChanges) {
        if let Some(v) = &c.display_name {
            self.display_name.clone_from(v);
        }
        if let Some(v) = &c.sign_in_audience {
            self.sign_in_audience.clone_from(v);
        }
        if let Some(v) = c.is_fallback_public_client {
            self.is_fallback_public_client = Some(v);
        }
        if let Some(v) = &c.identifier_uris {
            self.identifier_uris.clone_from(v);
        }
        if let Some(v) = &c.web_redirect_uris {
            self.web_redirect_uris.clone_from(v);
        }
        if let Some(v) = &c.web_home_page_url {
            self.web_home_page_url = Some(v.clone());
        }
        if let Some(v) = &c.public_client_redirect_uris {
            self.public_client_redirect_uris.clone_from(v);
        }
        if let Some(v) = c.enable_id_token_issuance {
            self.enable_id_token_issuance = v;
        }
        if let Some(v) = c.enable_access_token_issuance {
            self.enable_access_token_issuance = v;
        }
        if let Some(v) = &c.notes {
            self.notes = Some(v.clone());
        }
        if let Some(v) = &c.description {
            self.description = Some(v.clone());
        }
    }

    /// Whether `id` names this app: its app id, object id or one of its identifier URIs.
    pub fn is(&self, id: &str) -> bool {
        self.app_id.eq_ignore_ascii_case(id)
            || self.object_id.eq_ignore_ascii_case(id)
            || self.identifier_uris.iter().any(|u| u == id)
    }
}

/// A client secret's text from 64-bit draws: 40 characters of Entra's alphabet with `Q~`
/// at the fifth place, the shape of the secrets Entra issues since 2021 (assumption from
/// secrets seen in documentation; Entra publishes no format).
pub fn secret_text(mut draw: impl FnMut() -> u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    let mut out = String::with_capacity(40);
    for i in 0..40 {
        match i {
            4 => out.push('Q'),
            5 => out.push('~'),
            _ => {
                let n = usize::try_from(draw() % ALPHABET.len() as u64).unwrap_or(0);
                out.push(char::from(ALPHABET[n]));
            }
        }
    }
    out
}

/// `iso` (`YYYY-MM-DDTHH:MM:SS…`) `years` later on the virtual calendar, whose months have
/// 28 days, so no date is ever missing in the later year.
pub fn years_later(iso: &str, years: u32) -> String {
    let year: u32 = iso.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026);
    let mut out = alloc::format!("{:04}", year.saturating_add(years).min(9999));
    out.push_str(iso.get(4..).unwrap_or(""));
    out
}

/// An `--end-date` as Graph stores it (`YYYY-MM-DDTHH:MM:SSZ`): a date, or a date and time in
/// UTC (`Z` or `+00:00`). `None` for anything else.
pub fn end_date(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t
        .strip_suffix('Z')
        .or_else(|| t.strip_suffix("+00:00"))
        .unwrap_or(t);
    let (date, time) = t.split_once('T').unwrap_or((t, "00:00:00"));
    let time = time.split('.').next().unwrap_or(time);
    let digits = |s: &str, seps: &[usize], sep: u8| {
        s.bytes().enumerate().all(|(i, b)| {
            if seps.contains(&i) {
                b == sep
            } else {
                b.is_ascii_digit()
            }
        })
    };
    let date_ok = date.len() == 10 && digits(date, &[4, 7], b'-');
    let time = if time.len() == 5 {
        alloc::format!("{time}:00")
    } else {
        time.into()
    };
    let time_ok = time.len() == 8 && digits(&time, &[2, 5], b':');
    let num = |s: &str, at: core::ops::Range<usize>| {
        s.get(at).and_then(|n| n.parse::<u32>().ok()).unwrap_or(99)
    };
    let in_range = date_ok
        && time_ok
        && (1..=12).contains(&num(date, 5..7))
        && (1..=31).contains(&num(date, 8..10))
        && num(&time, 0..2) < 24
        && num(&time, 3..5) < 60
        && num(&time, 6..8) < 60;
    in_range.then(|| alloc::format!("{date}T{time}Z"))
}
