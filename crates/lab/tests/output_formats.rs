//! `--output` and `--query` end to end, as a learner sees them: az's client-side rules
//! (knack's formatters, azure-cli's `resourceGroup` transform, jmespath.py's language).

use hcsim_core::{Config, Timing};
use hcsim_lab::Lab;

mod support;
use support::ok_output as ok;

fn lab_with_workspace() -> Lab {
    let mut c = Config::new(42);
    c.timing = Timing::Instant;
    let mut l = Lab::new(c);
    ok(&mut l, "az group create --name rg1 --location eastus");
    ok(&mut l, "az healthcareapis workspace create -n ws1 -g rg1");
    ok(&mut l, "az healthcareapis workspace create -n ws2 -g rg1");
    l
}

#[test]
fn query_shapes_a_table_in_the_order_written() {
    let mut l = lab_with_workspace();
    let out = ok(
        &mut l,
        "az healthcareapis workspace list -g rg1 --query \"[].{Name:name, Group:resourceGroup, State:properties.provisioningState}\" -o table",
    );
    assert_eq!(
        out,
        "Name    Group    State\n------  -------  ---------\nws1     rg1      Succeeded\nws2     rg1      Succeeded"
    );
}

#[test]
fn az_adds_resource_group_to_results() {
    let mut l = lab_with_workspace();
    let out = ok(&mut l, "az healthcareapis workspace show -n ws1 -g rg1");
    assert!(out.contains("\"resourceGroup\": \"rg1\""), "{out}");
    let out = ok(
        &mut l,
        "az healthcareapis workspace show -n ws1 -g rg1 --query resourceGroup -o tsv",
    );
    assert_eq!(out, "rg1");
}

#[test]
fn filters_functions_and_pipes_work_in_query() {
    let mut l = lab_with_workspace();
    let q = "az healthcareapis workspace list -g rg1 --query \"sort_by([?starts_with(name, 'ws')], &name)[::-1].name | join(', ', @)\" -o tsv";
    assert_eq!(ok(&mut l, q), "ws2, ws1");
    let q = "az healthcareapis workspace list -g rg1 --query \"length([?properties.provisioningState=='Succeeded'])\"";
    assert_eq!(ok(&mut l, q), "2");
}

#[test]
fn yaml_quotes_timestamps_and_nothing_prints_for_null() {
    let mut l = lab_with_workspace();
    let out = ok(
        &mut l,
        "az healthcareapis workspace show -n ws1 -g rg1 -o yaml",
    );
    assert!(out.contains("\nname: ws1\n"), "{out}");
    assert!(out.contains("  createdAt: '"), "{out}");
    assert!(
        out.contains("properties:\n  privateEndpointConnections: []\n"),
        "{out}"
    );
    let out = ok(
        &mut l,
        "az healthcareapis workspace show -n ws1 -g rg1 --query nothing",
    );
    assert_eq!(out, "");
}

#[test]
fn query_errors_use_azure_cli_wording() {
    let mut l = lab_with_workspace();
    let o = l.run("az healthcareapis workspace show -n ws1 -g rg1 --query \"length(nothing)\"");
    assert!(!o.ok);
    assert!(
        o.output.contains("Invalid jmespath query supplied for `--query`: In function length(), invalid type for value: None"),
        "{}",
        o.output
    );
    let o = l.run("az healthcareapis workspace show -n ws1 -g rg1 --query \"[?\"");
    assert!(!o.ok);
    assert!(
        o.output
            .contains("argument --query: invalid jmespath_type value: '[?'"),
        "{}",
        o.output
    );
}

/// knack `output.py`: `format_json` dumps with `sort_keys=True` and `format_yaml` with
/// `yaml.safe_dump` (sorted), while azure-cli runs `--query` with `Options(OrderedDict)`, so
/// `_TsvOutput._dump_row` and `_TableOutput` (no sort when a query is active) keep a
/// multi-select hash's written order — also after a pipe, an index or a filter.
#[test]
fn multiselect_order_is_kept_by_table_and_tsv_and_sorted_by_json_and_yaml() {
    let mut l = lab_with_workspace();
    let q = "[].{zName:name, aGroup:resourceGroup}";
    let tsv = ok(
        &mut l,
        &format!("az healthcareapis workspace list -g rg1 --query \"{q} | [0]\" -o tsv"),
    );
    assert_eq!(tsv, "ws1\trg1");
    let tsv = ok(
        &mut l,
        &format!(
            "az healthcareapis workspace list -g rg1 --query \"{q} | [?zName=='ws2']\" -o tsv"
        ),
    );
    assert_eq!(tsv, "ws2\trg1");
    let table = ok(
        &mut l,
        &format!("az healthcareapis workspace list -g rg1 --query \"{q}[1:]\" -o table"),
    );
    assert_eq!(table, "ZName    AGroup\n-------  --------\nws2      rg1");
    let json = ok(
        &mut l,
        &format!("az healthcareapis workspace list -g rg1 --query \"{q} | [0]\" -o json"),
    );
    assert_eq!(json, "{\n  \"aGroup\": \"rg1\",\n  \"zName\": \"ws1\"\n}");
    let yaml = ok(
        &mut l,
        &format!("az healthcareapis workspace list -g rg1 --query \"{q} | [0]\" -o yaml"),
    );
    assert_eq!(yaml, "aGroup: rg1\nzName: ws1");
}
