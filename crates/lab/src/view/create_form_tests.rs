//! The portal-style create form as a learner meets it: the child types a selection offers,
//! the line each type's form runs, fields the core does not allow now with its rule, and a
//! FHIR service created through the form that equals the one the console creates.
//! Source of the FHIR tabs: Learn, "Deploy the FHIR service by using the Azure portal"
//! (MicrosoftDocs/azure-docs, articles/healthcare-apis/fhir/deploy-azure-portal.md).

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use hcsim_core::{Config, Timing};

use super::create_form::*;
use crate::Lab;
use crate::shell::tokenize;

const SUB: &str = "/subscriptions/11111111-1111-1111-1111-111111111111";
const RG: &str = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1";

fn ws_path() -> hcsim_core::id::ArmPath {
    hcsim_core::id::ArmPath::parse(RG).unwrap().provider(
        "Microsoft.HealthcareApis",
        "workspaces",
        "ws1",
    )
}

fn ws_id() -> String {
    ws_path().to_string()
}

fn lab_with(lines: &[&str]) -> Lab {
    let mut config = Config::new(7);
    config.timing = Timing::Instant;
    let mut lab = Lab::new(config);
    for line in lines {
        let out = lab.run(line);
        assert!(out.ok, "{line}: {}", out.output);
    }
    lab
}

fn lab() -> Lab {
    lab_with(&[
        "az group create -n rg1 -l eastus",
        "az healthcareapis workspace create -n ws1 -g rg1",
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1",
        "az healthcareapis workspace iot-connector create -n iot1 --workspace-name ws1 -g rg1 -c event-hub-name=hub1 consumer-group=$Default fully-qualified-event-hub-namespace=ns1.servicebus.windows.net --content '{\"templateType\":\"CollectionContent\",\"template\":[]}'",
    ])
}

fn form(lab: &Lab, id: &str, child: ChildType) -> PortalForm {
    let r = lab.world().find(id).unwrap();
    PortalForm::new(lab.world(), r, child).unwrap()
}

fn vals(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn each_selection_offers_the_children_it_can_hold() {
    let lab = lab();
    let kinds = |id: &str| child_types(lab.world().find(id).unwrap());
    assert_eq!(kinds(SUB), [ChildType::ResourceGroup]);
    assert_eq!(
        kinds(RG),
        [
            ChildType::Workspace,
            ChildType::KeyVault,
            ChildType::VirtualNetwork
        ]
    );
    assert_eq!(
        kinds(&ws_id()),
        [
            ChildType::FhirService,
            ChildType::DicomService,
            ChildType::IotConnector
        ]
    );
    assert_eq!(
        kinds(&ws_path().child("iotconnectors", "iot1").to_string()),
        [ChildType::FhirDestination]
    );
    assert!(kinds(&ws_path().child("fhirservices", "fhir1").to_string()).is_empty());
    let r = lab.world().find(RG).unwrap();
    let e = PortalForm::new(lab.world(), r, ChildType::FhirService).unwrap_err();
    assert!(e.contains("select a workspace first"), "{e}");
}

#[test]
fn the_fhir_form_has_the_portal_s_tabs_and_fixed_fields_say_why() {
    let lab = lab();
    let f = form(&lab, &ws_id(), ChildType::FhirService);
    let tabs: Vec<&str> = f.tabs.iter().map(|t| t.name).collect();
    assert_eq!(
        tabs,
        ["Basics", "Networking", "Encryption", "Identity", "Tags"]
    );
    assert_eq!(f.field("name").unwrap().value, "fhir2");
    assert_eq!(f.field("version").unwrap().choices, ["R4", "STU3"]);
    // The core refuses another region than the workspace's: the field is fixed, with its rule.
    let region = f.field("region").unwrap();
    assert_eq!(region.value, "eastus");
    let why = region.blocked.as_ref().unwrap();
    assert_eq!(why.rule.as_deref(), Some("child-in-workspace-region"));
    assert_eq!(
        why.message,
        "A FHIR service is created in its workspace's region: eastus."
    );
    assert!(why.explanation.as_deref().unwrap().contains("Why:"));
    for key in ["public-network-access", "customer-managed-key"] {
        let b = f.field(key).unwrap().blocked.as_ref().unwrap();
        assert_eq!(
            b.rule.as_deref(),
            Some("settings-apply-to-all-children"),
            "{key}"
        );
        assert!(b.message.contains("workspace ws1"), "{}", b.message);
    }
    assert!(f.blocked.is_none(), "{:?}", f.blocked);
    // Whatever is sent for a fixed field, the line keeps the workspace's region.
    let line = f.line(&vals(&[("region", "westus2")])).unwrap();
    assert!(!line.contains("westus2"), "{line}");
}

#[test]
fn each_type_s_form_runs_its_az_line() {
    let base = lab();
    let iot = ws_path().child("iotconnectors", "iot1").to_string();
    let cases = [
        (
            SUB,
            ChildType::ResourceGroup,
            vals(&[
                ("name", "rg2"),
                ("region", "westeurope"),
                ("tags", "env=dev team=a"),
            ]),
            "az group create --name rg2 --location westeurope --tags env=dev team=a",
        ),
        (
            RG,
            ChildType::Workspace,
            vals(&[("public-network-access", "Disabled")]),
            "az healthcareapis workspace create --name ws2 --resource-group rg1 --location eastus --public-network-access Disabled",
        ),
        (
            RG,
            ChildType::KeyVault,
            vals(&[("name", "kvclinic"), ("purge-protection", "true")]),
            "az keyvault create --name kvclinic --resource-group rg1 --location eastus --enable-purge-protection true",
        ),
        (
            RG,
            ChildType::VirtualNetwork,
            vals(&[]),
            "az network vnet create --name vnet1 --resource-group rg1 --location eastus",
        ),
        (
            &ws_id(),
            ChildType::FhirService,
            vals(&[("name", "fhir9")]),
            "az healthcareapis workspace fhir-service create --name fhir9 --workspace-name ws1 --resource-group rg1 --kind fhir-R4",
        ),
        (
            &ws_id(),
            ChildType::DicomService,
            vals(&[("identity", "SystemAssigned")]),
            "az healthcareapis workspace dicom-service create --name dicom1 --workspace-name ws1 --resource-group rg1 --identity-type SystemAssigned",
        ),
        (
            &ws_id(),
            ChildType::IotConnector,
            vals(&[]),
            "az healthcareapis workspace iot-connector create --name medtech1 --workspace-name ws1 --resource-group rg1 -c event-hub-name=hub1 'consumer-group=$Default' fully-qualified-event-hub-namespace=ns1.servicebus.windows.net --content '{\"templateType\":\"CollectionContent\",\"template\":[]}'",
        ),
        (
            &iot,
            ChildType::FhirDestination,
            vals(&[]),
            "az healthcareapis workspace iot-connector fhir-destination create --fhir-destination-name dest1 --iot-connector-name iot1 --workspace-name ws1 --resource-group rg1 -t Create -r /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fhir1 --content '{\"templateType\":\"CollectionFhir\",\"template\":[]}'",
        ),
    ];
    for (parent, child, values, want) in cases {
        let line = form(&base, parent, child).line(&values).unwrap();
        assert_eq!(line, want);
        // Every line runs: the core accepts the form's defaults.
        let mut l = lab();
        let out = l.run(&line);
        assert!(out.ok, "{line}: {}", out.output);
    }
}

#[test]
fn a_form_created_fhir_service_equals_the_console_created_one() {
    let line = form(&lab(), &ws_id(), ChildType::FhirService)
        .line(&vals(&[("name", "patients")]))
        .unwrap();
    let by_form = {
        let mut l = lab();
        assert!(l.run(&line).ok);
        l.run(
            "az healthcareapis workspace fhir-service show -n patients --workspace-name ws1 -g rg1",
        )
        .output
    };
    let by_console = {
        let mut l = lab();
        assert!(l
            .run("az healthcareapis workspace fhir-service create --name patients --workspace-name ws1 --resource-group rg1 --kind fhir-R4")
            .ok);
        l.run(
            "az healthcareapis workspace fhir-service show -n patients --workspace-name ws1 -g rg1",
        )
        .output
    };
    assert!(by_form.contains("\"kind\": \"fhir-R4\""), "{by_form}");
    assert_eq!(by_form, by_console);
}

#[test]
fn a_busy_workspace_blocks_the_form_with_the_core_s_rule() {
    let mut lab = lab();
    assert!(lab.run("sim timing realistic").ok);
    assert!(
        lab.run("az healthcareapis workspace create -n ws3 -g rg1 --no-wait")
            .ok
    );
    let f = form(
        &lab,
        &hcsim_core::id::ArmPath::parse(RG)
            .unwrap()
            .provider("Microsoft.HealthcareApis", "workspaces", "ws3")
            .to_string(),
        ChildType::DicomService,
    );
    let b = f.blocked.unwrap();
    assert_eq!(b.rule.as_deref(), Some("workspace-first"), "{}", b.message);
}

#[test]
fn hostile_values_stay_one_word_each_and_an_empty_name_is_refused() {
    let lab = lab();
    let f = form(&lab, SUB, ChildType::ResourceGroup);
    let line = f.line(&vals(&[("name", "a b; rm -rf $HOME")])).unwrap();
    let words = tokenize(&line).unwrap();
    assert!(words.iter().any(|w| w == "a b; rm -rf $HOME"), "{line}");
    assert_eq!(
        f.line(&vals(&[("name", "  ")])).unwrap_err(),
        "Name is empty"
    );
}
