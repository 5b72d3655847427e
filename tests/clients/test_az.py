"""The real az CLI (azure-cli 2.91.0, from PyPI) against `hcsim serve`, as a learner types it
from Microsoft's documentation. Each az command takes about 1.4 s: keep the count low.

The healthcareapis commands of az are an extension (`az extension add -n healthcareapis`),
which az downloads from its extension index, outside the package registries this project
can reach, and which is not on PyPI: the HealthcareApis routes are reached here with
`az rest` and `az resource`, which are part of az itself.
"""

import json

import pytest

from conftest import HEALTHCARE_API, TEMPLATES, unique


def workspace_path(sub, group, name):
    return (f"/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.HealthcareApis/"
            f"workspaces/{name}")


def test_sign_in_shows_the_simulated_subscription(az, server):
    account = az("account", "show").ok().json
    assert account["id"] == server.env["AZURE_SUBSCRIPTION_ID"]
    assert account["tenantId"] == server.env["AZURE_TENANT_ID"]
    assert account["user"] == {"name": server.env["AZURE_CLIENT_ID"], "type": "servicePrincipal"}
    # The default session's subscriptions (SCENARIOS.md): Training (current) and Sandbox.
    names = az("account", "list", "--query", "[].name", "-o", "tsv").ok().out.split()
    assert sorted(names) == ["Sandbox", "Training"]


def test_group_create_list_show_exists_delete(az):
    name = unique("azrg")
    created = az("group", "create", "-n", name, "-l", "westeurope", "--tags", "env=dev").ok().json
    assert created["name"] == name
    assert created["location"] == "westeurope"
    assert created["properties"]["provisioningState"] == "Succeeded"
    assert created["tags"] == {"env": "dev"}
    listed = az("group", "list", "--query", "[].name", "-o", "tsv").ok().out.split()
    assert name in listed
    shown = az("group", "show", "-n", name, "--query", "location", "-o", "tsv").ok().out
    assert shown == "westeurope\n"
    assert az("group", "exists", "-n", name).ok().out.strip() == "true"
    az("group", "delete", "-n", name, "--yes").ok()
    assert az("group", "exists", "-n", name).ok().out.strip() == "false"
    missing = az("group", "show", "-n", name)
    assert missing.code == 3, missing.err  # az's exit code for "resource not found"
    assert f"(ResourceGroupNotFound) Resource group '{name}' could not be found." in missing.err


def template(name):
    path = TEMPLATES / name
    if not path.is_file():
        pytest.skip(f"{path} is absent: the quickstart templates live in shared/ beside the "
                    "repository (../shared/reference/arm-templates)")
    return str(path)


def test_deployment_of_the_iot_connector_quickstart_unmodified(az, server):
    # quickstarts/microsoft.healthcareapis/workspaces/iotconnectors/azuredeploy.json (Azure
    # quickstart templates, MIT), passed to az as the file it is.
    path = template("iotconnectors.azuredeploy.json")
    group = unique("azdep")
    az("group", "create", "-n", group, "-l", "eastus").ok()
    base = unique("mt")[:12]
    deployment = az("deployment", "group", "create", "-g", group, "--name", "medtech",
                    "--template-file", path, "--parameters", f"basename={base}").ok().json
    assert deployment["properties"]["provisioningState"] == "Succeeded"
    assert deployment["name"] == "medtech"
    types = az("resource", "list", "-g", group, "--query", "[].type", "-o", "json").ok().json
    workspace = f"hw{base}"
    for t in ("Microsoft.EventHub/namespaces", "Microsoft.HealthcareApis/workspaces",
              "Microsoft.HealthcareApis/workspaces/fhirservices",
              "Microsoft.HealthcareApis/workspaces/iotconnectors"):
        assert t in types, types
    ws = az("resource", "show", "-g", group, "-n", workspace,
            "--resource-type", "Microsoft.HealthcareApis/workspaces").ok().json
    assert ws["properties"]["provisioningState"] == "Succeeded"
    # The template grants FHIR Data Writer on the FHIR service to the IoT connector's
    # identity (an assignment below the group: `az role assignment list -g` would not show it).
    sub = server.env["AZURE_SUBSCRIPTION_ID"]
    fhir = (f"/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.HealthcareApis/"
            f"workspaces/{workspace}/fhirservices/fs-{base}")
    assignments = az("role", "assignment", "list", "--scope", fhir, "--query",
                     "[].roleDefinitionName", "-o", "json").ok().json
    assert assignments == ["FHIR Data Writer"], assignments


def test_what_if_of_the_api_for_fhir_quickstart(az):
    # quickstarts/microsoft.healthcareapis/azure-api-for-fhir/azuredeploy.json, unmodified.
    path = template("azure-api-for-fhir.azuredeploy.json")
    group = unique("azwi")
    az("group", "create", "-n", group, "-l", "eastus").ok()
    service = unique("fhirsvc")
    result = az("deployment", "group", "what-if", "-g", group, "--template-file", path,
                "--parameters", f"serviceName={service}", "location=eastus",
                "--no-pretty-print").ok().json
    changes = [(c["changeType"], c["resourceId"].split("/")[-1]) for c in result["changes"]]
    assert changes == [("Create", service)], changes
    # what-if changes nothing.
    assert az("resource", "list", "-g", group, "-o", "json").ok().json == []


def test_rest_to_the_healthcareapis_routes(az, server):
    group = unique("azrest")
    az("group", "create", "-n", group, "-l", "eastus").ok()
    sub = server.env["AZURE_SUBSCRIPTION_ID"]
    ws = unique("ws")
    url = f"{workspace_path(sub, group, ws)}?api-version={HEALTHCARE_API}"
    put = az("rest", "--method", "put", "--url", url,
             "--body", json.dumps({"location": "eastus", "properties": {}})).ok().json
    assert put["name"] == ws
    got = az("rest", "--method", "get", "--url", url).ok().json
    assert got["properties"]["provisioningState"] == "Succeeded"
    listed = az("rest", "--method", "get", "--url",
                f"/subscriptions/{sub}/resourceGroups/{group}/providers/"
                f"Microsoft.HealthcareApis/workspaces?api-version={HEALTHCARE_API}",
                "--query", "value[].name", "-o", "tsv").ok().out.split()
    assert listed == [ws]
    missing = az("rest", "--method", "get", "--url",
                 f"{workspace_path(sub, group, 'nosuchws')}?api-version={HEALTHCARE_API}")
    assert missing.code == 1
    assert "Not Found" in missing.err and '"code":"ResourceNotFound"' in missing.err.replace(
        " ", ""), missing.err


def test_resource_create_show_delete_of_a_workspace(az, server):
    group = unique("azres")
    az("group", "create", "-n", group, "-l", "eastus").ok()
    ws = unique("ws")
    created = az("resource", "create", "-g", group, "-n", ws, "--resource-type",
                 "Microsoft.HealthcareApis/workspaces", "-l", "eastus", "-p", "{}").ok().json
    assert created["type"] == "Microsoft.HealthcareApis/workspaces"
    ids = az("resource", "list", "-g", group, "--resource-type",
             "Microsoft.HealthcareApis/workspaces", "--query", "[].id", "-o", "tsv").ok().out.split()
    assert ids == [created["id"]]
    az("resource", "delete", "--ids", created["id"]).ok()
    assert az("resource", "list", "-g", group, "-o", "json").ok().json == []


def test_role_assignment_lets_the_other_principal_read(az, server, mgmt, norole_credential,
                                                        healthcare):
    from azure.core.exceptions import HttpResponseError
    from azure.mgmt.healthcareapis import HealthcareApisManagementClient
    from azure.mgmt.healthcareapis.models import Workspace, WorkspaceProperties
    group = unique("azrole")
    az("group", "create", "-n", group, "-l", "eastus").ok()
    ws = healthcare.workspaces.begin_create_or_update(
        group, unique("ws"), Workspace(location="eastus", properties=WorkspaceProperties())
    ).result()
    outsider = mgmt(HealthcareApisManagementClient, credential=norole_credential)
    with pytest.raises(HttpResponseError) as e:
        outsider.workspaces.get(group, ws.name)
    assert e.value.status_code == 403

    principal = server.env["HCSIM_NOROLE_CLIENT_ID"]
    scope = f"/subscriptions/{server.env['AZURE_SUBSCRIPTION_ID']}/resourceGroups/{group}"
    # az 2.91 requires --scope (Microsoft Learn, "az role assignment create").
    created = az("role", "assignment", "create", "--assignee", principal, "--role", "Reader",
                 "--scope", scope).ok().json
    # az 2.91 prints the assignment as azure-mgmt-authorization 5.0.0b2 models it: the
    # properties nested. Reader's id: Microsoft Learn, "Azure built-in roles".
    assert created["properties"]["roleDefinitionId"].endswith(
        "/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7")
    assert created["properties"]["principalType"] == "ServicePrincipal"
    listed = az("role", "assignment", "list", "-g", group, "--query",
                "[].{role:roleDefinitionName, scope:scope}").ok().json
    assert {"role": "Reader", "scope": scope} in listed, listed
    # Reader may read, not write (Azure built-in roles: Reader is */read).
    assert outsider.workspaces.get(group, ws.name).id == ws.id
    with pytest.raises(HttpResponseError) as e:
        outsider.workspaces.begin_update(group, ws.name, {"tags": {"a": "b"}}).result()
    assert (e.value.status_code, e.value.error.code) == (403, "AuthorizationFailed")


def test_lock_blocks_the_group_delete(az):
    group = unique("azlock")
    az("group", "create", "-n", group, "-l", "eastus").ok()
    az("lock", "create", "-n", "keep", "-t", "CanNotDelete", "-g", group).ok()
    locks = az("lock", "list", "-g", group, "--query", "[].{n:name, l:level}").ok().json
    assert locks == [{"n": "keep", "l": "CanNotDelete"}]
    refused = az("group", "delete", "-n", group, "--yes")
    assert refused.code == 1
    assert "(ScopeLocked)" in refused.err, refused.err
    az("lock", "delete", "-n", "keep", "-g", group).ok()
    az("group", "delete", "-n", group, "--yes").ok()
