//! The Azure quickstart templates hcsim carries, by the raw.githubusercontent.com URL the
//! Learn articles pass to `az deployment group create --template-uri`. hcsim is offline: any
//! other URL is a clear error naming what to do instead. Copies and their licence (MIT):
//! `crates/lab/quickstarts/SOURCE.md`.

/// (path under `quickstarts/`, template text).
const TEMPLATES: &[(&str, &str)] = &[
    (
        "microsoft.healthcareapis/workspaces/iotconnectors/azuredeploy.json",
        include_str!("../../quickstarts/iotconnectors.azuredeploy.json"),
    ),
    (
        "microsoft.healthcareapis/workspaces/iotconnectors-with-iothub/azuredeploy.json",
        include_str!("../../quickstarts/iotconnectors-with-iothub.azuredeploy.json"),
    ),
    (
        "microsoft.healthcareapis/azure-api-for-fhir/azuredeploy.json",
        include_str!("../../quickstarts/azure-api-for-fhir.azuredeploy.json"),
    ),
];

/// The embedded template a `--template-uri` names, or why hcsim can't fetch it.
pub(crate) fn template_for(uri: &str) -> Result<&'static str, alloc::string::String> {
    let lower = uri.to_ascii_lowercase();
    let path = lower
        .strip_prefix("https://raw.githubusercontent.com/azure/azure-quickstart-templates/")
        .and_then(|rest| rest.split_once('/'))
        .and_then(|(_branch, rest)| rest.strip_prefix("quickstarts/"));
    if let Some(found) = path.and_then(|p| TEMPLATES.iter().find(|(known, _)| *known == p)) {
        return Ok(found.1);
    }
    let known: alloc::vec::Vec<&str> = TEMPLATES.iter().map(|(p, _)| *p).collect();
    Err(alloc::format!(
        "--template-uri: hcsim is offline and can't download '{}'. It carries these Azure quickstart templates (https://raw.githubusercontent.com/Azure/azure-quickstart-templates/master/quickstarts/…): {}. For another template, save it locally and pass it with --template-file.",
        hcsim_core::id::shorten(uri),
        known.join(", ")
    ))
}
