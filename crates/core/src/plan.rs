//! What a validated PUT will do: the front door builds a [`PutPlan`], the provider of the type
//! validates and completes it (location, normalized body), the front door executes it.

use alloc::string::String;
use serde_json::Value;

use crate::id::ArmPath;
use crate::resource::ResKind;
use crate::store::NodeId;

/// What a validated PUT will do.
pub(crate) struct PutPlan {
    pub path: ArmPath,
    pub kind: ResKind,
    pub type_name: String,
    pub parent: Option<NodeId>,
    pub existing: Option<NodeId>,
    pub body: Value,
    pub location: Option<String>,
}
