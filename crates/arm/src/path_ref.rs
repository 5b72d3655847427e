//! A borrowed form of the commonest request path: a resource id of plain printable ASCII,
//! parsed into slices of the request's own text (no allocation), for the front door's read
//! path. Anything outside that subset (percent escapes, spaces, non-ASCII, collections, very
//! deep paths, anything [`ArmPath::parse`] refuses) is not parsed here: the caller falls back
//! to [`ArmPath::parse`], which then answers exactly as it always has. Where this form parses
//! a text, [`ArmPath::parse`] accepts it with the same segments (type words compared
//! case-insensitively: keys are case-insensitive).
//!
//! [`ArmPath::parse`]: crate::id::ArmPath::parse

use crate::id::{MAX_ID_LEN, MAX_NAME_LEN, slash_parts};

/// The most segments a borrowed path holds (deeper ids take [`crate::id::ArmPath::parse`]).
pub const MAX_SEGMENTS: usize = 8;

/// The most `/`-separated parts: a provider segment is four parts.
const MAX_PARTS: usize = 4 * MAX_SEGMENTS;

/// One segment, borrowed from the request text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SegmentRef<'a> {
    /// The type word as written (`resourcegroups`, `Microsoft.HealthcareApis/workspaces`).
    pub type_word: &'a str,
    /// The name as written.
    pub name: &'a str,
    /// True when introduced by `/providers/{Namespace}/…`.
    pub provider: bool,
}

/// A resource id parsed into borrowed segments.
#[derive(Clone, Copy, Debug)]
pub struct PathRef<'a> {
    segments: [SegmentRef<'a>; MAX_SEGMENTS],
    len: usize,
}

impl<'a> PathRef<'a> {
    /// The plain resource id `text` names, or `None` when it is outside this form's subset
    /// (the caller then parses it with [`crate::id::ArmPath::parse`]).
    pub fn parse(text: &'a str) -> Option<PathRef<'a>> {
        let text = text.trim();
        // Every byte screened without stopping early: the compiler then checks many at once.
        let plain = |b: u8| (0x21..=0x7e).contains(&b) && b != b'%';
        let all_plain = text.bytes().fold(true, |acc, b| acc & plain(b));
        if text.len() > MAX_ID_LEN || !text.starts_with('/') || !all_plain {
            return None;
        }
        let mut parts = [""; MAX_PARTS];
        let mut n = 0;
        for p in slash_parts(text.trim_end_matches('/')).skip(1) {
            if p.is_empty() || p.len() > MAX_NAME_LEN || n == MAX_PARTS {
                return None;
            }
            parts[n] = p;
            n += 1;
        }
        let parts = &parts[..n];
        if !parts.first()?.eq_ignore_ascii_case("subscriptions") {
            return None;
        }
        let mut out = PathRef {
            segments: [SegmentRef::default(); MAX_SEGMENTS],
            len: 0,
        };
        let mut i = 0;
        while i < parts.len() {
            let segment = if parts[i].eq_ignore_ascii_case("providers") {
                let (ns, ty, name) = (parts.get(i + 1)?, parts.get(i + 2)?, parts.get(i + 3)?);
                i += 4;
                SegmentRef {
                    type_word: joined(text, ns, ty)?,
                    name,
                    provider: true,
                }
            } else {
                let name = parts.get(i + 1)?;
                i += 2;
                SegmentRef {
                    type_word: parts[i - 2],
                    name,
                    provider: false,
                }
            };
            *out.segments.get_mut(out.len)? = segment;
            out.len += 1;
        }
        out.well_formed().then_some(out)
    }

    /// The segments, from the subscription down.
    pub fn segments(&self) -> &[SegmentRef<'a>] {
        &self.segments[..self.len]
    }

    /// The structure [`crate::id::ArmPath::parse`] requires: one subscription first, a group
    /// right after it, a provider segment before any nested type word.
    fn well_formed(&self) -> bool {
        let mut seen_provider = false;
        for (k, s) in self.segments().iter().enumerate() {
            let group = !s.provider && s.type_word.eq_ignore_ascii_case("resourceGroups");
            let sub = !s.provider && s.type_word.eq_ignore_ascii_case("subscriptions");
            if (k == 0) != sub || (group && k != 1) {
                return false;
            }
            if s.provider {
                seen_provider = true;
            } else if k > 0 && !group && !seen_provider {
                return false;
            }
        }
        true
    }
}

/// `{ns}/{ty}` as one slice of `text` (the two parts are adjacent in it, split at one `/`).
fn joined<'a>(text: &'a str, ns: &'a str, ty: &'a str) -> Option<&'a str> {
    let start = (ns.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    text.get(start..start + ns.len() + 1 + ty.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::ArmPath;

    /// Where the borrowed form parses, the owned parse agrees segment by segment.
    fn agrees(text: &str) -> Result<(), alloc::string::String> {
        let Some(r) = PathRef::parse(text) else {
            return Ok(());
        };
        let a = ArmPath::parse(text).map_err(|e| alloc::format!("{text}: {}", e.0))?;
        let same = a.is_resource()
            && a.segments.len() == r.segments().len()
            && a.segments.iter().zip(r.segments()).all(|(x, y)| {
                x.type_word.eq_ignore_ascii_case(y.type_word)
                    && x.name == y.name
                    && x.provider == y.provider
            });
        if same {
            Ok(())
        } else {
            Err(alloc::format!("{text}: {a:?} vs {r:?}"))
        }
    }

    #[test]
    fn plain_ids_parse_as_the_owned_parse_does() {
        let fhir = "/subscriptions/s1/resourceGroups/RG1/providers/Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fhir1";
        let r = PathRef::parse(fhir).unwrap();
        assert_eq!(r.segments().len(), 4);
        assert_eq!(
            r.segments()[2].type_word,
            "Microsoft.HealthcareApis/workspaces"
        );
        assert_eq!(r.segments()[3].name, "fhir1");
        agrees(fhir).unwrap();
        agrees(&fhir.to_uppercase()).unwrap();
        agrees(&alloc::format!(" {fhir}/ ")).unwrap();
        // Outside the subset: the owned parse answers.
        for other in [
            "/subscriptions/s1/resourceGroups",
            "/subscriptions/s1/resourceGroups/a%20b",
            "/subscriptions/s1/resourceGroups/grüne",
            "/subscriptions/s1/resourceGroups/a b",
            "/subscriptions//x",
            "/resourceGroups/x",
            "/subscriptions/s/fhirservices/x",
            "/subscriptions/s/resourceGroups/g/providers",
            "/subscriptions/s/resourceGroups/g/resourceGroups/h",
            "/subscriptions/s/providers/a/b/c/subscriptions/x",
        ] {
            assert!(PathRef::parse(other).is_none(), "{other}");
        }
    }

    /// Words a generated path is made of: type words in several cases, names, and what
    /// the owned parse refuses or decodes.
    const WORDS: &[&str] = &[
        "subscriptions",
        "SUBSCRIPTIONS",
        "resourceGroups",
        "resourcegroups",
        "providers",
        "Microsoft.HealthcareApis",
        "workspaces",
        "fhirservices",
        "x",
        "",
        "a%2Fb",
    ];

    proptest::proptest! {
        #[test]
        fn the_borrowed_parse_never_disagrees(
            parts in proptest::collection::vec(proptest::sample::select(WORDS), 0..14),
            tail in proptest::sample::select(&["", "/", " "][..]),
        ) {
            let text = alloc::format!("/{}{tail}", parts.join("/"));
            proptest::prop_assert!(agrees(&text).is_ok(), "{:?}", agrees(&text));
        }

        #[test]
        fn nearly_plain_ids_agree_too(
            edits in proptest::collection::vec(0usize..30, 14),
            len in 1usize..15,
        ) {
            // A valid id, each word kept, upper-cased, or replaced by one of WORDS.
            let skeleton = [
                "subscriptions", "s1", "resourceGroups", "rg", "providers",
                "Microsoft.HealthcareApis", "workspaces", "ws", "fhirservices", "f",
                "providers", "Microsoft.Authorization", "locks", "l",
            ];
            let parts: alloc::vec::Vec<alloc::string::String> = skeleton[..len]
                .iter()
                .zip(&edits)
                .map(|(w, e)| match *e {
                    e if e < WORDS.len() => WORDS[e].into(),
                    e if e % 2 == 0 => w.to_uppercase(),
                    _ => (*w).into(),
                })
                .collect();
            let text = alloc::format!("/{}", parts.join("/"));
            proptest::prop_assert!(agrees(&text).is_ok(), "{:?}", agrees(&text));
        }
    }
}
