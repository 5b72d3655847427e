//! The Key Vault and private-link commands a learner follows from DOCS
//! `fhir/configure-customer-managed-keys.md` and `healthcare-apis-configure-private-link.md`
//! (MicrosoftDocs/azure-docs, CC BY 4.0): `az keyvault create --enable-purge-protection
//! --retention-days`, `az keyvault key create --kty RSA --size`, `az keyvault key
//! delete|recover` (soft delete; az prints a DeletedKey with deletedDate, recoveryId and
//! scheduledPurgeDate), a FHIR service's key checked against its managed identity's access,
//! and private endpoints only to the workspace with group id `healthcareworkspace`.

use hcsim_core::{Config, Stage, Timing};
use hcsim_lab::{Lab, Outcome};

mod support;
use support::{fail, json, ok};

const RG: &str = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1";
const KEY_URL: &str = "https://kvcmk1.vault.azure.net/keys/cmk";

fn lab(stage: Stage) -> Lab {
    let mut lab = Lab::new(Config {
        seed: 5,
        timing: Timing::Instant,
        stage,
    });
    for line in [
        "az group create -n rg1 -l eastus",
        "az healthcareapis workspace create -n ws1 -g rg1 -l eastus",
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 -l eastus --kind fhir-R4 --identity-type SystemAssigned",
        "az keyvault create -n kvcmk1 -g rg1 --enable-purge-protection --retention-days 7",
        "az keyvault key create --vault-name kvcmk1 -n cmk --kty RSA --size 2048",
    ] {
        ok(&mut lab, line);
    }
    lab
}

fn fhir_id() -> String {
    hcsim_core::id::ArmPath::parse(RG)
        .unwrap()
        .provider("Microsoft.HealthcareApis", "workspaces", "ws1")
        .child("fhirservices", "fhir1")
        .to_string()
}

fn set_key(lab: &mut Lab) -> Outcome {
    let line = format!(
        "az resource update --ids {} --set properties.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl={KEY_URL}",
        fhir_id()
    );
    lab.run(&line)
}

fn grant_key_role(lab: &mut Lab) {
    let pid = json(&ok(
        lab,
        "az healthcareapis workspace fhir-service show -n fhir1 --workspace-name ws1 -g rg1 --query identity.principalId",
    ));
    let line = format!(
        "az role assignment create --assignee-object-id {} --assignee-principal-type ServicePrincipal --role \"Key Vault Crypto Service Encryption User\" --scope {RG}/providers/Microsoft.KeyVault/vaults/kvcmk1",
        pid.as_str().unwrap()
    );
    ok(lab, &line);
}

#[test]
fn the_vault_keeps_its_retention_and_purge_protection() {
    let mut lab = lab(Stage::Ga);
    let v = json(&ok(
        &mut lab,
        "az keyvault create -n kvcmk2 -g rg1 --enable-purge-protection --retention-days 7",
    ));
    assert_eq!(v["properties"]["softDeleteRetentionInDays"], 7);
    assert_eq!(v["properties"]["enablePurgeProtection"], true);
    assert_eq!(v["properties"]["enableSoftDelete"], true);
    let off = fail(
        &mut lab,
        &format!(
            "az resource update --ids {RG}/providers/Microsoft.KeyVault/vaults/kvcmk2 --set properties.enablePurgeProtection=false"
        ),
    );
    assert!(off.output.contains("irreversible"), "{}", off.output);
}

#[test]
fn a_key_needs_the_role_then_a_deleted_key_answers_500_until_recovered() {
    let mut lab = lab(Stage::Ga);
    let o = set_key(&mut lab);
    assert!(!o.ok);
    assert!(
        o.output.contains("(CustomerManagedKeyInaccessible)"),
        "{}",
        o.output
    );
    assert!(
        o.output
            .contains("Key Vault Crypto Service Encryption User"),
        "{}",
        o.output
    );
    grant_key_role(&mut lab);
    assert!(set_key(&mut lab).ok);
    let probe = format!("sim probe {}", fhir_id());
    assert!(ok(&mut lab, &probe).output.starts_with("200"));
    let d = json(&ok(
        &mut lab,
        "az keyvault key delete --vault-name kvcmk1 -n cmk",
    ));
    assert_eq!(
        d["recoveryId"],
        "https://kvcmk1.vault.azure.net/deletedkeys/cmk"
    );
    assert_eq!(d["attributes"]["recoveryLevel"], "Recoverable");
    assert_eq!(d["attributes"]["recoverableDays"], 7);
    // Deleted at the start of day one: purge is scheduled the retention period later.
    let (del, purge) = (
        d["deletedDate"].as_str().unwrap(),
        d["scheduledPurgeDate"].as_str().unwrap(),
    );
    assert!(
        del.starts_with("2026-01-01") && purge.starts_with("2026-01-08"),
        "{del} {purge}"
    );
    let p = ok(&mut lab, &probe);
    assert!(
        p.output.starts_with("500") && p.output.contains("deleted"),
        "{}",
        p.output
    );
    let reuse = fail(
        &mut lab,
        "az keyvault key create --vault-name kvcmk1 -n cmk --kty RSA --size 2048",
    );
    assert!(
        reuse.output.contains("(Conflict)") && reuse.output.contains("deleted but recoverable"),
        "{}",
        reuse.output
    );
    let again = fail(
        &mut lab,
        "az keyvault key delete --vault-name kvcmk1 -n cmk",
    );
    assert!(again.output.contains("(KeyNotFound)"), "{}", again.output);
    let r = json(&ok(
        &mut lab,
        "az keyvault key recover --vault-name kvcmk1 -n cmk",
    ));
    assert!(r.get("deletedDate").is_none());
    assert!(r["key"]["kid"].as_str().unwrap().starts_with(KEY_URL));
    assert!(ok(&mut lab, &probe).output.starts_with("200"));
    let none = fail(
        &mut lab,
        "az keyvault key recover --vault-name kvcmk1 -n cmk",
    );
    assert!(none.output.contains("(KeyNotFound)"), "{}", none.output);
}

#[test]
fn a_3072_bit_key_is_accepted_and_an_ec_key_is_not() {
    let mut lab = lab(Stage::Ga);
    grant_key_role(&mut lab);
    ok(
        &mut lab,
        "az keyvault key create --vault-name kvcmk1 -n ec1 --kty EC",
    );
    let line = format!(
        "az resource update --ids {} --set properties.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl=https://kvcmk1.vault.azure.net/keys/ec1",
        fhir_id()
    );
    let o = fail(&mut lab, &line);
    assert!(o.output.contains("RSA key of 2048 or 3072"), "{}", o.output);
    ok(
        &mut lab,
        "az keyvault key create --vault-name kvcmk1 -n big --kty RSA --size 3072",
    );
    ok(&mut lab, &line.replace("/keys/ec1", "/keys/big"));
}

fn endpoint(target: &str, group: &str) -> String {
    format!(
        "az network private-endpoint create -n pe1 -g rg1 --vnet-name vnet1 --subnet default --private-connection-resource-id {target} --group-id {group} --connection-name conn1 -l eastus"
    )
}

#[test]
fn private_endpoints_go_to_the_workspace_only() {
    let mut lab = lab(Stage::Ga);
    ok(
        &mut lab,
        "az network vnet create -n vnet1 -g rg1 --subnet-name default",
    );
    let ws = hcsim_core::id::ArmPath::parse(RG)
        .unwrap()
        .provider("Microsoft.HealthcareApis", "workspaces", "ws1")
        .to_string();
    let o = fail(&mut lab, &endpoint(&fhir_id(), "healthcareworkspace"));
    assert!(
        o.output
            .contains("(PrivateLinkServiceResourceTypeNotSupported)"),
        "{}",
        o.output
    );
    let o = fail(&mut lab, &endpoint(&ws, "fhir"));
    assert!(
        o.output.contains("(InvalidValuesForRequestParameters)"),
        "{}",
        o.output
    );
    let manual = format!("{} --manual-request", endpoint(&ws, "healthcareworkspace"));
    ok(&mut lab, &manual);
    let conns = json(&ok(
        &mut lab,
        "az healthcareapis workspace private-endpoint-connection list -g rg1 --workspace-name ws1",
    ));
    assert_eq!(
        conns[0]["properties"]["privateLinkServiceConnectionState"]["status"],
        "Pending"
    );
}

#[test]
fn private_preview_refuses_a_role_at_workspace_scope() {
    let mut lab = lab(Stage::PrivatePreview);
    let line = format!(
        "az role assignment create --assignee trainee@contoso.com --role \"FHIR Data Reader\" --scope {RG}/providers/Microsoft.HealthcareApis/workspaces/ws1"
    );
    let o = fail(&mut lab, &line);
    assert!(
        o.output.contains("(FeatureNotAvailableInPreview)"),
        "{}",
        o.output
    );
    assert!(
        o.output
            .contains("None of the workspace level configuration settings"),
        "{}",
        o.output
    );
}
