#[test]
fn scratch() {
    for f in [
        "workspace-with-child-services.main.bicep",
        "iotconnectors.main.bicep",
        "azure-api-for-fhir.main.bicep",
    ] {
        let text =
            std::fs::read_to_string(format!("/work/shared/reference/arm-templates/{f}")).unwrap();
        match hcsim_bicep::compile_standalone(f, &text) {
            Ok(v) => println!("{}", serde_json::to_string_pretty(&v).unwrap()),
            Err(e) => println!("ERR {e}"),
        }
    }
}
