//! What a validated PUT will do: the front door builds a [`PutPlan`], the provider of the type
//! validates and completes it (location, normalized body), the front door executes it.

use alloc::borrow::Cow;
use alloc::string::String;
use serde_json::Value;

use crate::id::ArmPath;
use crate::resource::{ResKind, TypeName};
use crate::store::NodeId;

/// What a validated PUT will do. The body is the request's, borrowed until a provider
/// changes it (most create bodies are packed as sent, so the request's body is not copied).
pub(crate) struct PutPlan<'a> {
    pub path: ArmPath,
    pub kind: ResKind,
    pub type_name: TypeName,
    pub parent: Option<NodeId>,
    pub existing: Option<NodeId>,
    pub body: Cow<'a, Value>,
    pub location: Option<String>,
}

impl PutPlan<'_> {
    /// The plan with a body of its own (a copy of a borrowed one), to outlive the body it
    /// was checked with (a deployment's record, whose body is written after the check).
    #[cfg(feature = "deployments")]
    pub(crate) fn into_owned(self) -> PutPlan<'static> {
        PutPlan {
            path: self.path,
            kind: self.kind,
            type_name: self.type_name,
            parent: self.parent,
            existing: self.existing,
            body: Cow::Owned(self.body.into_owned()),
            location: self.location,
        }
    }
}
