//! Create commands print what the world stores from its packed form (no `Value` built):
//! the text must be the one the decoded path prints. `--query @` (the identity) forces the
//! decoded path, so each create is run twice in the same fresh session and the texts compared.

use hcsim_core::{Config, Timing};
use hcsim_lab::Lab;

/// A session where `setup` ran, at instant timing.
fn lab(setup: &[&str]) -> Lab {
    let mut c = Config::new(7);
    c.timing = Timing::Instant;
    let mut lab = Lab::new(c);
    for line in setup {
        let o = lab.run(line);
        assert!(o.ok, "{line}\n{}", o.output);
    }
    lab
}

/// The create `line` prints the same text straight from the store as decoded, in every
/// format; `-o none` prints nothing.
fn same_both_ways(setup: &[&str], line: &str) {
    for format in ["json", "jsonc", "yaml", "tsv", "table"] {
        let direct = lab(setup).run(&format!("{line} -o {format}"));
        let decoded = lab(setup).run(&format!("{line} -o {format} --query @"));
        assert!(direct.ok, "{line}\n{}", direct.output);
        assert_eq!(direct.output, decoded.output, "{line} -o {format}");
    }
    let none = lab(setup).run(&format!("{line} -o none"));
    assert!(none.ok, "{line}\n{}", none.output);
    assert_eq!(none.output, "", "{line} -o none");
}

const GROUP: &[&str] = &["az group create -n rg1 -l eastus"];

#[test]
fn network_and_vault_creates_print_as_decoded() {
    same_both_ways(GROUP, "az network vnet create -n v1 -g rg1");
    same_both_ways(
        GROUP,
        "az network vnet create -n v2 -g rg1 --address-prefixes 10.1.0.0/16 --subnet-name s1 --subnet-prefixes 10.1.0.0/24",
    );
    same_both_ways(GROUP, "az keyvault create -n kv1 -g rg1 --tags a=1");
    same_both_ways(
        &[
            "az group create -n rg1 -l eastus",
            "az keyvault create -n kv1 -g rg1",
        ],
        "az keyvault key create --vault-name kv1 -n k1",
    );
}

#[test]
fn healthcare_creates_print_as_decoded() {
    same_both_ways(
        GROUP,
        "az healthcareapis workspace create -n ws1 -g rg1 --tags team=a",
    );
    let ws = &[
        "az group create -n rg1 -l eastus",
        "az healthcareapis workspace create -n ws1 -g rg1",
    ];
    same_both_ways(
        ws,
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4",
    );
    same_both_ways(
        ws,
        "az healthcareapis workspace dicom-service create -n dicom1 --workspace-name ws1 -g rg1",
    );
}
