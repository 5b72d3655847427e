//! Bicep's function library as hcsim compiles it: most functions keep their ARM name; a few
//! are Bicep's own (`any`, the `load…` functions, lambdas) and are handled by the lowering.

/// Functions that pass through to ARM under the same name (Bicep's `az` and `sys`
/// namespaces, from Bicep's documentation "Bicep functions", learn.microsoft.com).
pub const PASS_THROUGH: &[&str] = &[
    "array", "base64", "base64ToJson", "base64ToString", "bool", "coalesce", "concat",
    "contains", "dataUri", "dataUriToString", "dateTimeAdd", "dateTimeFromEpoch",
    "dateTimeToEpoch", "deployment", "deployer", "empty", "endsWith", "environment",
    "extensionResourceId", "first", "flatten", "format", "guid", "indexOf", "int",
    "intersection", "items", "join", "json", "last", "lastIndexOf", "length", "managementGroup",
    "managementGroupResourceId", "max", "min", "newGuid", "objectKeys", "padLeft", "pickZones",
    "providers", "range", "reference", "replace", "resourceGroup", "resourceId", "shallowMerge",
    "skip", "split", "startsWith", "string", "subscription", "subscriptionResourceId",
    "substring", "take", "tenant", "tenantResourceId", "toLower", "toUpper", "trim", "union",
    "uniqueString", "uri", "uriComponent", "uriComponentToString", "utcNow", "list", "listKeys",
    "listAccountSas", "listServiceSas", "listSecrets", "tryGet", "toObject", "fail",
];

/// Lambda functions (Bicep compiles them to ARM's `lambda(…)`, which hcsim's template engine
/// does not evaluate).
pub const LAMBDAS: &[&str] = &[
    "filter", "map", "reduce", "sort", "toObject", "mapValues", "groupBy",
];

/// The ARM spelling of a pass-through function (Bicep names are case-sensitive; ARM's are
/// not, and Bicep prints its own spelling).
pub fn known(name: &str) -> Option<&'static str> {
    PASS_THROUGH.iter().copied().find(|f| *f == name)
}
