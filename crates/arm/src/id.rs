//! ARM resource ids: parsing, case-insensitive keys, canonical printing.
//!
//! An id is a path of segments, each a *type* and a *name*:
//! `/subscriptions/{s}` · `/resourceGroups/{g}` · `/providers/{Namespace}/{type}/{name}` ·
//! then nested `/{childType}/{name}` pairs, and possibly another `/providers/…` segment for an
//! extension resource (role assignments, locks, private endpoint connections of other RPs).
//! ARM compares ids case-insensitively, so every segment has a lower-cased key.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

/// The longest id accepted (ARM's own limit is far below this; it keeps hostile input bounded).
pub const MAX_ID_LEN: usize = 4096;
/// The longest single name accepted in a path.
pub const MAX_NAME_LEN: usize = 260;

/// One step of a resource id path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// The type word as written: `subscriptions`, `resourceGroups`,
    /// `Microsoft.HealthcareApis/workspaces` (for a provider segment), `fhirservices`.
    pub type_word: String,
    /// The resource name as written.
    pub name: String,
    /// True when the segment was introduced by `/providers/{Namespace}/…`.
    pub provider: bool,
    /// The lower-cased `type/name` key, computed once (look-ups use it several times).
    lower: String,
}

impl Segment {
    /// A segment; its case-insensitive key is computed here once.
    pub fn new(type_word: impl Into<String>, name: impl Into<String>, provider: bool) -> Segment {
        let (type_word, name) = (type_word.into(), name.into());
        let mut lower = String::with_capacity(type_word.len() + name.len() + 1);
        lower.push_str(&type_word);
        lower.push('/');
        lower.push_str(&name);
        // Ids are nearly always ASCII: lower-case in place, without a char-by-char rebuild.
        let lower = if lower.is_ascii() {
            lower.make_ascii_lowercase();
            lower
        } else {
            lower.to_lowercase()
        };
        Segment {
            type_word,
            name,
            provider,
            lower,
        }
    }

    /// The case-insensitive key of this segment inside its parent (`type/name`, lower-cased).
    pub fn key(&self) -> &str {
        &self.lower
    }

    /// Replaces the type word (canonical spelling); the key does not change.
    pub fn set_type_word(&mut self, type_word: impl Into<String>) {
        self.type_word = type_word.into();
    }
}

/// A parsed ARM path: a resource id, or a collection (an id plus a trailing type, as in
/// `…/workspaces/ws1/fhirservices` or `/subscriptions/{s}/providers/Microsoft.HealthcareApis/workspaces`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArmPath {
    /// The resource segments, from the subscription down.
    pub segments: Vec<Segment>,
    /// A trailing type word with no name: the path names a collection.
    pub collection: Option<String>,
    /// For a trailing `/providers/{Namespace}/{type}` collection, true.
    pub collection_is_provider: bool,
}

/// Why a path could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdError(pub String);

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ArmPath {
    /// Parses an ARM id or collection path. Never panics; bounded by [`MAX_ID_LEN`].
    pub fn parse(text: &str) -> Result<ArmPath, IdError> {
        let text = text.trim();
        if text.len() > MAX_ID_LEN {
            return Err(IdError(alloc::format!(
                "The resource id is {} characters long; the limit is {MAX_ID_LEN}.",
                text.len()
            )));
        }
        if !text.starts_with('/') {
            return Err(IdError(alloc::format!(
                "'{}' is not a valid resource id: it must start with '/subscriptions/'.",
                shorten(text)
            )));
        }
        let parts: Vec<&str> = text.trim_end_matches('/').split('/').skip(1).collect();
        if parts.iter().any(|p| p.is_empty()) {
            return Err(IdError(alloc::format!(
                "'{}' is not a valid resource id: it has an empty segment ('//').",
                shorten(text)
            )));
        }
        for p in &parts {
            if p.len() > MAX_NAME_LEN {
                return Err(IdError(alloc::format!(
                    "A segment of the resource id is longer than {MAX_NAME_LEN} characters."
                )));
            }
            if p.chars().any(|c| c.is_control()) {
                return Err(IdError(String::from(
                    "The resource id contains a control character.",
                )));
            }
        }
        let mut out = ArmPath {
            segments: Vec::new(),
            collection: None,
            collection_is_provider: false,
        };
        let mut i = 0;
        if parts
            .first()
            .map(|p| p.eq_ignore_ascii_case("subscriptions"))
            != Some(true)
        {
            return Err(IdError(alloc::format!(
                "'{}' is not a valid resource id: it must start with '/subscriptions/{{subscriptionId}}'.",
                shorten(text)
            )));
        }
        while i < parts.len() {
            let word = parts[i];
            if word.eq_ignore_ascii_case("providers") {
                let ns = parts
                    .get(i + 1)
                    .ok_or_else(|| bad(text, "a namespace after 'providers'"))?;
                let ty = match parts.get(i + 2) {
                    Some(t) => *t,
                    None => return Err(bad(text, "a resource type after the namespace")),
                };
                let type_word = alloc::format!("{ns}/{ty}");
                match parts.get(i + 3) {
                    Some(name) => out.segments.push(Segment::new(type_word, *name, true)),
                    None => {
                        out.collection = Some(type_word);
                        out.collection_is_provider = true;
                    }
                }
                i += 4;
            } else {
                let type_word = if word.eq_ignore_ascii_case("subscriptions") {
                    "subscriptions"
                } else if word.eq_ignore_ascii_case("resourcegroups") {
                    "resourceGroups"
                } else {
                    word
                };
                match parts.get(i + 1) {
                    Some(name) => out.segments.push(Segment::new(type_word, *name, false)),
                    None => out.collection = Some(type_word.to_string()),
                }
                i += 2;
            }
        }
        // Structural checks: a resource group sits right under a subscription; nested type
        // words need a provider segment before them.
        let mut seen_provider = false;
        for (k, s) in out.segments.iter().enumerate() {
            let tw = s.type_word.as_str();
            if k == 0 && tw != "subscriptions" {
                return Err(bad(text, "'/subscriptions/{id}' first"));
            }
            if k > 0 && tw == "subscriptions" {
                return Err(bad(text, "only one subscription segment"));
            }
            if tw == "resourceGroups" && k != 1 {
                return Err(bad(text, "'resourceGroups' right after the subscription"));
            }
            if s.provider {
                seen_provider = true;
            } else if k > 0 && tw != "resourceGroups" && !seen_provider {
                return Err(bad(
                    text,
                    "'/providers/{namespace}/{type}/{name}' before a nested type",
                ));
            }
        }
        Ok(out)
    }

    /// True when this path names a single resource (not a collection).
    pub fn is_resource(&self) -> bool {
        self.collection.is_none()
    }

    /// The full ARM type of the last segment, e.g. `Microsoft.HealthcareApis/workspaces/fhirservices`.
    pub fn resource_type(&self) -> String {
        type_of(&self.segments)
    }

    /// The type of the items of a collection path, e.g. `Microsoft.HealthcareApis/workspaces/fhirservices`.
    pub fn collection_type(&self) -> Option<String> {
        let c = self.collection.as_ref()?;
        if self.collection_is_provider {
            return Some(c.clone());
        }
        let parent = type_of(&self.segments);
        if self
            .segments
            .last()
            .map(|s| s.type_word == "resourceGroups" || s.type_word == "subscriptions")
            == Some(true)
        {
            return Some(alloc::format!("Microsoft.Resources/{c}"));
        }
        Some(alloc::format!("{parent}/{c}"))
    }

    /// The path of the parent resource (None for a subscription).
    pub fn parent(&self) -> Option<ArmPath> {
        if self.segments.len() <= 1 {
            return None;
        }
        let mut segments = self.segments.clone();
        segments.pop();
        Some(ArmPath {
            segments,
            collection: None,
            collection_is_provider: false,
        })
    }

    /// The subscription id (first segment's name).
    pub fn subscription(&self) -> &str {
        self.segments.first().map(|s| s.name.as_str()).unwrap_or("")
    }

    /// The resource group name, if the path is inside one.
    pub fn resource_group(&self) -> Option<&str> {
        self.segments
            .get(1)
            .filter(|s| s.type_word == "resourceGroups")
            .map(|s| s.name.as_str())
    }

    /// The last segment's name.
    pub fn name(&self) -> &str {
        self.segments.last().map(|s| s.name.as_str()).unwrap_or("")
    }
}

impl fmt::Display for ArmPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in &self.segments {
            if s.provider {
                write!(f, "/providers/{}/{}", s.type_word, s.name)?;
            } else {
                write!(f, "/{}/{}", s.type_word, s.name)?;
            }
        }
        if let Some(c) = &self.collection {
            if self.collection_is_provider {
                write!(f, "/providers/{c}")?;
            } else {
                write!(f, "/{c}")?;
            }
        }
        Ok(())
    }
}

/// The ARM type named by a segment list.
pub fn type_of(segments: &[Segment]) -> String {
    let Some(last) = segments.last() else {
        return String::new();
    };
    match last.type_word.as_str() {
        "subscriptions" => return "Microsoft.Resources/subscriptions".to_string(),
        "resourceGroups" => return "Microsoft.Resources/resourceGroups".to_string(),
        _ => {}
    }
    let mut parts: Vec<&str> = Vec::new();
    for s in segments.iter().rev() {
        parts.push(&s.type_word);
        if s.provider {
            break;
        }
    }
    parts.reverse();
    parts.join("/")
}

fn bad(text: &str, wanted: &str) -> IdError {
    IdError(alloc::format!(
        "'{}' is not a valid resource id: expected {wanted}.",
        shorten(text)
    ))
}

/// Cuts long hostile text for messages.
pub fn shorten(text: &str) -> String {
    if text.chars().count() <= 200 {
        return text.to_string();
    }
    let mut s: String = text.chars().take(200).collect();
    s.push('…');
    s
}

/// Builds canonical ids for the common shapes.
pub mod build {
    use alloc::format;
    use alloc::string::String;

    /// `/subscriptions/{sub}`
    pub fn subscription(sub: &str) -> String {
        format!("/subscriptions/{sub}")
    }
    /// `/subscriptions/{sub}/resourceGroups/{rg}`
    pub fn resource_group(sub: &str, rg: &str) -> String {
        format!("/subscriptions/{sub}/resourceGroups/{rg}")
    }
    /// A workspace id.
    pub fn workspace(sub: &str, rg: &str, ws: &str) -> String {
        format!(
            "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.HealthcareApis/workspaces/{ws}"
        )
    }
    /// A workspace child id; `child_type` is `fhirservices`, `dicomservices` or `iotconnectors`.
    pub fn workspace_child(sub: &str, rg: &str, ws: &str, child_type: &str, name: &str) -> String {
        format!("{}/{child_type}/{name}", workspace(sub, rg, ws))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    const FHIR: &str = "/subscriptions/s1/resourceGroups/RG1/providers/Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fhir1";

    #[test]
    fn parses_nested_ids() {
        let p = ArmPath::parse(FHIR).unwrap();
        assert_eq!(p.segments.len(), 4);
        assert_eq!(
            p.resource_type(),
            "Microsoft.HealthcareApis/workspaces/fhirservices"
        );
        assert_eq!(p.resource_group(), Some("RG1"));
        assert_eq!(p.name(), "fhir1");
        assert_eq!(p.to_string(), FHIR);
        assert_eq!(
            p.parent().unwrap().resource_type(),
            "Microsoft.HealthcareApis/workspaces"
        );
    }

    #[test]
    fn keys_are_case_insensitive() {
        let a = ArmPath::parse(FHIR).unwrap();
        let b = ArmPath::parse(&FHIR.to_uppercase()).unwrap();
        let ka: Vec<&str> = a.segments.iter().map(Segment::key).collect();
        let kb: Vec<&str> = b.segments.iter().map(Segment::key).collect();
        assert_eq!(ka, kb);
    }

    #[test]
    fn extension_and_collections() {
        let ra = ArmPath::parse(
            &(FHIR.to_string() + "/providers/Microsoft.Authorization/roleAssignments/abc"),
        )
        .unwrap();
        assert_eq!(
            ra.resource_type(),
            "Microsoft.Authorization/roleAssignments"
        );
        let c = ArmPath::parse("/subscriptions/s1/providers/Microsoft.HealthcareApis/workspaces")
            .unwrap();
        assert_eq!(
            c.collection_type().unwrap(),
            "Microsoft.HealthcareApis/workspaces"
        );
        let c = ArmPath::parse("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.HealthcareApis/workspaces/ws/fhirservices").unwrap();
        assert_eq!(
            c.collection_type().unwrap(),
            "Microsoft.HealthcareApis/workspaces/fhirservices"
        );
        let c = ArmPath::parse("/subscriptions/s1/resourceGroups").unwrap();
        assert_eq!(
            c.collection_type().unwrap(),
            "Microsoft.Resources/resourceGroups"
        );
    }

    #[test]
    fn rejects_bad_paths() {
        for bad in [
            "",
            "subscriptions/x",
            "/subscriptions//x",
            "/resourceGroups/x",
            "/subscriptions/s/fhirservices/x",
            "/subscriptions/s/resourceGroups/g/providers",
            "/subscriptions/s/resourceGroups/g/resourceGroups/h",
        ] {
            assert!(ArmPath::parse(bad).is_err(), "{bad}");
        }
        assert!(ArmPath::parse(&"/subscriptions/".repeat(1000)).is_err());
        assert!(ArmPath::parse("/subscriptions/s\u{7}").is_err());
    }
}
