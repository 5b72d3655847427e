//! Building and taking apart ARM resource ids.
//!
//! A resource of type `Microsoft.HealthcareApis/workspaces/fhirservices` named `ws1/fhir1`
//! has the id `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.HealthcareApis/
//! workspaces/ws1/fhirservices/fhir1`: type segments and name segments interleave.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// Interleaves a full type and a full name into the part after `/providers/`.
///
/// Fails with ARM's "incorrect segment lengths" explanation when the name has not exactly
/// one segment per type segment after the namespace.
pub fn interleave(resource_type: &str, name: &str) -> Result<String, String> {
    let types: Vec<&str> = resource_type.split('/').collect();
    let names: Vec<&str> = name.split('/').collect();
    if types.len() < 2 || types.iter().any(|t| t.is_empty()) || !types[0].contains('.') {
        return Err(format!(
            "The resource type '{resource_type}' is not valid: it must look like 'Namespace.Provider/type[/childType...]'."
        ));
    }
    if names.len() != types.len() - 1 || names.iter().any(|n| n.is_empty()) {
        return Err(format!(
            "The resource name '{name}' and type '{resource_type}' have incorrect segment lengths. A nested resource type must have identical number of segments as its resource name. A root resource type must have segment length one greater than its resource name."
        ));
    }
    let mut out = String::from(types[0]);
    for (t, n) in types[1..].iter().zip(names.iter()) {
        out.push('/');
        out.push_str(t);
        out.push('/');
        out.push_str(n);
    }
    Ok(out)
}

/// `{scope}/providers/{interleaved}`.
pub fn under_scope(scope: &str, resource_type: &str, name: &str) -> Result<String, String> {
    Ok(format!(
        "{}/providers/{}",
        scope.trim_end_matches('/'),
        interleave(resource_type, name)?
    ))
}

/// A resource id taken apart at its last `/providers/` segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedId {
    /// Everything before the last `/providers/` (e.g. `/subscriptions/s/resourceGroups/rg`).
    pub scope: String,
    /// Full type, e.g. `Microsoft.HealthcareApis/workspaces/fhirservices`.
    pub resource_type: String,
    /// Name segments, e.g. `["ws1", "fhir1"]`.
    pub names: Vec<String>,
}

/// Parses `.../providers/Ns/t1/n1/t2/n2`. Returns `None` when the id is not of that shape.
pub fn parse(id: &str) -> Option<ParsedId> {
    let lower = id.to_ascii_lowercase();
    let at = lower.rfind("/providers/")?;
    let scope = id[..at].to_string();
    let rest = &id[at + "/providers/".len()..];
    let segs: Vec<&str> = rest.split('/').collect();
    if segs.len() < 3 || segs.len().is_multiple_of(2) || segs.iter().any(|s| s.is_empty()) {
        return None;
    }
    let mut types = String::from(segs[0]);
    let mut names = Vec::new();
    for pair in segs[1..].chunks(2) {
        types.push('/');
        types.push_str(pair[0]);
        names.push(pair[1].to_string());
    }
    Some(ParsedId {
        scope,
        resource_type: types,
        names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interleaves_child_types() {
        assert_eq!(
            interleave(
                "Microsoft.HealthcareApis/workspaces/fhirservices",
                "ws1/fhir1"
            )
            .unwrap(),
            "Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fhir1"
        );
        assert!(interleave("Microsoft.HealthcareApis/workspaces/fhirservices", "ws1").is_err());
        assert!(interleave("workspaces", "ws1").is_err());
    }

    #[test]
    fn parses_ids() {
        let p = parse("/subscriptions/s/resourceGroups/rg/providers/Microsoft.HealthcareApis/workspaces/ws1/fhirservices/f1").unwrap();
        assert_eq!(p.scope, "/subscriptions/s/resourceGroups/rg");
        assert_eq!(
            p.resource_type,
            "Microsoft.HealthcareApis/workspaces/fhirservices"
        );
        assert_eq!(p.names, ["ws1", "f1"]);
        assert!(parse("/subscriptions/s").is_none());
        let ext = parse("/subscriptions/s/resourceGroups/rg/providers/A.B/c/d/providers/Microsoft.Authorization/roleAssignments/g").unwrap();
        assert_eq!(
            ext.scope,
            "/subscriptions/s/resourceGroups/rg/providers/A.B/c/d"
        );
    }
}
