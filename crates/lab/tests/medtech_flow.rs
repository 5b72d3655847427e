//! Issue 12 end to end, as a learner types it: the MedTech quickstart template
//! (`shared/reference/arm-templates/iotconnectors.azuredeploy.json`, MIT,
//! Azure/azure-quickstart-templates) deployed unmodified with a heart-rate device mapping and
//! FHIR destination mapping (Learn's examples: "Overview of the MedTech service device
//! mapping", CalculatedContent; "Overview of the FHIR destination mapping", CodeValueFhir
//! with LOINC 8867-4 and SampledData; MicrosoftDocs/azure-docs, CC BY 4.0 — a
//! patientIdExpression added, as resolution Create needs one); a user granted FHIR Data Reader
//! reads the Observations with `az rest`; without a data role the service answers 403; Lookup
//! without the Device counts DeviceNotFoundException; an outage holds the messages, which are
//! written after it heals.

use hcsim_core::{Config, Stage, Timing};
use hcsim_lab::{Lab, Outcome};
use serde_json::{Value, json};

mod support;
use support::ok;

const TEMPLATE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/reference/arm-templates/iotconnectors.azuredeploy.json"
));
const SUB: &str = "11111111-1111-1111-1111-111111111111";
const URL: &str = "https://hwdemo-fs-demo.fhir.azurehealthcareapis.com";
const NAMES: &str = "-g rg1 --workspace-name hwdemo -n hi-demo";

fn device_mapping() -> Value {
    json!({"templateType": "CollectionContent", "template": [{"templateType": "CalculatedContent", "template": {
        "typeName": "heartrate", "typeMatchExpression": "$..[?(@heartRate)]",
        "deviceIdExpression": "$.matchedToken.deviceId", "patientIdExpression": "$.matchedToken.patientId",
        "timestampExpression": "$.matchedToken.endDate",
        "values": [{"required": true, "valueExpression": "$.matchedToken.heartRate", "valueName": "hr"}]}}]})
}

fn fhir_mapping() -> Value {
    json!({"templateType": "CollectionFhir", "template": [{"templateType": "CodeValueFhir", "template": {
        "codes": [{"code": "8867-4", "system": "http://loinc.org", "display": "Heart rate"}],
        "periodInterval": 60, "typeName": "heartrate",
        "value": {"defaultPeriod": 5000, "unit": "count/min", "valueName": "hr", "valueType": "SampledData"}}}]})
}

fn fhir_id() -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/hwdemo/fhirservices/fs-demo"
    )
}

fn json_of(o: &Outcome) -> Value {
    serde_json::from_str(&o.output).unwrap_or_else(|e| panic!("{e}: {}", o.output))
}

/// rg1 with the quickstart deployed (basename demo), realistic timing.
fn deployed() -> Lab {
    let mut lab = Lab::new(Config {
        seed: 12,
        timing: Timing::Realistic,
        stage: Stage::Ga,
    });
    lab.add_file("iot.json", TEMPLATE.to_string());
    lab.add_file("dm.json", device_mapping().to_string());
    lab.add_file("fm.json", fhir_mapping().to_string());
    ok(&mut lab, "az group create -n rg1 -l eastus");
    ok(
        &mut lab,
        "az deployment group create -g rg1 --template-file iot.json --parameters basename=demo deviceMapping=@dm.json destinationMapping=@fm.json -o none",
    );
    lab
}

fn metrics(lab: &mut Lab) -> Value {
    json_of(&ok(lab, &format!("sim device metrics {NAMES}")))
}

fn observations_as(lab: &mut Lab, who: &str) -> Outcome {
    ok(lab, &format!("sim as {who}"));
    let o = lab.run(&format!(
        "az rest --method get --url \"{URL}/Observation?code=http://loinc.org|8867-4&_sort=-date\" --resource {URL}"
    ));
    ok(lab, "sim as me");
    o
}

#[test]
fn heart_rate_for_an_hour_is_read_back_by_a_fhir_data_reader() {
    let mut lab = deployed();
    ok(
        &mut lab,
        &format!(
            "az role assignment create --assignee alice@contoso.com --role \"FHIR Data Reader\" --scope {} -o none",
            fhir_id()
        ),
    );
    ok(&mut lab, "sim advance 10m"); // the grants of the deployment and alice's take effect
    let sent = ok(
        &mut lab,
        &format!(
            "sim device send {NAMES} --generator heart-rate --count 60 --every 1m --device device01"
        ),
    );
    assert!(
        sent.output.contains("60 message(s) sent"),
        "{}",
        sent.output
    );
    ok(&mut lab, "sim advance 70m");
    let m = metrics(&mut lab);
    assert_eq!(
        (
            m["incomingMessages"].clone(),
            m["normalizedMessages"].clone(),
            m["measurements"].clone()
        ),
        (json!(60), json!(60), json!(60))
    );
    assert_eq!(
        (m["waiting"].clone(), m["totalErrors"].clone()),
        (json!(0), json!(0)),
        "{m}"
    );
    let read = observations_as(&mut lab, "alice@contoso.com");
    assert!(read.ok, "{}", read.output);
    let bundle = json_of(&read);
    assert_eq!(
        (bundle["resourceType"].clone(), bundle["type"].clone()),
        (json!("Bundle"), json!("searchset"))
    );
    let entries = bundle["entry"].as_array().unwrap();
    // periodInterval 60: one Observation per UTC hour the hour of messages touches (they
    // start some minutes past an hour, after the deployment and the grants).
    assert!((1..=2).contains(&entries.len()), "{bundle}");
    let mut samples = 0;
    for e in entries {
        let obs = &e["resource"];
        assert_eq!(obs["code"]["coding"][0]["code"], "8867-4");
        let (start, end) = (
            obs["effectivePeriod"]["start"].as_str().unwrap(),
            obs["effectivePeriod"]["end"].as_str().unwrap(),
        );
        assert!(
            start.ends_with(":00:00.0000000Z") && end.ends_with(":59:59.9999999Z"),
            "{start} {end}"
        );
        samples += obs["valueSampledData"]["data"]
            .as_str()
            .unwrap()
            .split(' ')
            .filter(|x| *x != "E")
            .count();
    }
    assert_eq!(samples, 60);
    assert!(
        entries[0]["fullUrl"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{URL}/Observation/"))
    );
    // Without a data role the FHIR service answers 403, Owner included.
    let bob = observations_as(&mut lab, "bob@contoso.com");
    assert_eq!(
        (bob.ok, bob.status, bob.rule.as_deref()),
        (false, Some(403), Some("rbac"))
    );
    assert!(
        bob.output.starts_with("ERROR: Forbidden({"),
        "{}",
        bob.output
    );
    let owner = observations_as(&mut lab, "trainee@contoso.com");
    assert_eq!(owner.status, Some(403));
    // az rest's --uri-parameters join the URL's query.
    ok(&mut lab, "sim as alice@contoso.com");
    let page = ok(
        &mut lab,
        &format!(
            "az rest --method get --url {URL}/Observation --uri-parameters _count=1 code=8867-4 --resource {URL} --query \"entry | length(@)\""
        ),
    );
    assert_eq!(page.output.trim(), "1");
}

#[test]
fn lookup_without_the_device_counts_device_not_found() {
    let mut lab = deployed();
    ok(
        &mut lab,
        &format!(
            "az healthcareapis workspace iot-connector fhir-destination create -g rg1 --workspace-name hwdemo --iot-connector-name hi-demo --fhir-destination-name hd-demo -t Lookup -r {} --content @fm.json -l eastus -o none",
            fhir_id()
        ),
    );
    ok(&mut lab, "sim advance 10m"); // the connector's FHIR Data Writer grant takes effect
    ok(
        &mut lab,
        &format!("sim device send {NAMES} --generator heart-rate --count 3 --every 1m"),
    );
    ok(&mut lab, "sim advance 15m");
    let m = metrics(&mut lab);
    // One error per measurement group (the messages of a tick, same device and hour, group).
    assert!(
        m["errors"]["DeviceNotFoundException"].as_u64() >= Some(1),
        "{m}"
    );
    assert_eq!(m["errors"]["DeviceNotFoundException"], m["groups"], "{m}");
    assert_eq!(m["totalErrors"], m["groups"], "{m}");
    assert_eq!(m["fhirResourcesSaved"], json!(0));
}

#[test]
fn an_outage_holds_the_messages_and_they_are_written_after_healing() {
    let mut lab = deployed();
    ok(&mut lab, "sim advance 10m"); // the connector's FHIR Data Writer grant takes effect
    ok(
        &mut lab,
        "sim fault add region-outage --region eastus --for 30m",
    );
    ok(
        &mut lab,
        &format!("sim device send {NAMES} --generator heart-rate --count 10 --every 1m"),
    );
    ok(&mut lab, "sim advance 20m");
    let m = metrics(&mut lab);
    assert_eq!(m["waiting"], json!(10), "{m}");
    assert!(
        m["waitingFor"]
            .as_str()
            .unwrap()
            .contains("Region 'eastus' is down"),
        "{m}"
    );
    assert_eq!(m["fhirResourcesSaved"], json!(0));
    ok(&mut lab, "sim advance 15m");
    let m = metrics(&mut lab);
    assert_eq!(
        (m["waiting"].clone(), m["waitingFor"].clone()),
        (json!(0), Value::Null),
        "{m}"
    );
    let saved = m["fhirResourcesSaved"].as_u64().unwrap();
    assert!(saved >= 3, "Patient, Device and the Observation: {m}");
    // The trainee reads them once granted a data role.
    ok(
        &mut lab,
        &format!(
            "az role assignment create --assignee trainee@contoso.com --role \"FHIR Data Reader\" --scope {} -o none",
            fhir_id()
        ),
    );
    ok(&mut lab, "sim advance 10m");
    let read = observations_as(&mut lab, "trainee@contoso.com");
    assert_eq!(json_of(&read)["entry"].as_array().map(Vec::len), Some(1));
}

#[test]
fn sim_fhir_creates_reads_and_deletes_with_the_servers_answers() {
    let mut lab = deployed();
    ok(
        &mut lab,
        &format!(
            "az role assignment create --assignee trainee@contoso.com --role \"FHIR Data Writer\" --scope {} -o none",
            fhir_id()
        ),
    );
    ok(&mut lab, "sim advance 10m");
    let created = ok(
        &mut lab,
        "sim fhir PUT /Patient/p1 --body '{\"resourceType\": \"Patient\", \"id\": \"p1\"}'",
    );
    assert!(
        created.output.starts_with("HTTP 201 Created\nLocation: "),
        "{}",
        created.output
    );
    ok(&mut lab, "sim fhir DELETE /Patient/p1");
    let gone = lab.run("sim fhir GET /Patient/p1");
    assert_eq!(
        (gone.ok, gone.status, gone.rule.as_deref()),
        (false, Some(410), Some("fhir-deleted-is-gone"))
    );
    let hist = ok(
        &mut lab,
        "sim fhir GET /Patient/p1/_history --query \"entry[].request.method\"",
    );
    assert_eq!(json_of(&hist), json!(["DELETE", "PUT"]));
}
