"""Virtual time under a server: with `--timing realistic --speed X` an operation takes the
simulated duration divided by X, and the SDK's own poller sees it running, then done (ARM's
asynchronous operation protocol: 201 with provisioningState Creating and Azure-AsyncOperation,
polled until Succeeded)."""

import time

import pytest
from azure.identity import ClientSecretCredential
from azure.mgmt.healthcareapis import HealthcareApisManagementClient
from azure.mgmt.healthcareapis.models import FhirService, Workspace, WorkspaceProperties
from azure.mgmt.resource import ResourceManagementClient

from conftest import Server

# hcsim's FHIR service takes about 6 virtual minutes: 1.5 s of wall time at 240x.
SPEED = "240"


@pytest.fixture(scope="module")
def realistic():
    srv = Server("--seed", "3", "--timing", "realistic", "--speed", SPEED)
    yield srv
    srv.stop()


def clients(srv):
    env = srv.env
    cred = ClientSecretCredential(env["AZURE_TENANT_ID"], env["AZURE_CLIENT_ID"],
                                  env["AZURE_CLIENT_SECRET"],
                                  authority=env["AZURE_AUTHORITY_HOST"],
                                  disable_instance_discovery=True, connection_verify=srv.ca_file)
    common = dict(base_url=srv.endpoint, credential_scopes=[srv.endpoint + ".default"],
                  connection_verify=srv.ca_file, polling_interval=0.2)
    sub = env["AZURE_SUBSCRIPTION_ID"]
    return (ResourceManagementClient(cred, sub, **common),
            HealthcareApisManagementClient(cred, sub, **common))


def test_the_sdk_poller_sees_creating_then_succeeded(realistic):
    resources, healthcare = clients(realistic)
    resources.resource_groups.create_or_update("rgslow", {"location": "eastus"})
    healthcare.workspaces.begin_create_or_update(
        "rgslow", "wsslow", Workspace(location="eastus", properties=WorkspaceProperties())
    ).result()
    start = time.monotonic()
    poller = healthcare.fhir_services.begin_create_or_update(
        "rgslow", "wsslow", "fhirslow", FhirService(location="eastus", kind="fhir-R4"))
    assert not poller.done()
    seen = healthcare.fhir_services.get("rgslow", "wsslow", "fhirslow").provisioning_state
    assert seen in ("Creating", "Accepted", "Provisioning"), seen
    fhir = poller.result(timeout=60)
    elapsed = time.monotonic() - start
    assert fhir.provisioning_state == "Succeeded"
    # 6 virtual minutes ±20 % at 240x: between 1.2 and 1.8 s, plus polling slack.
    assert 1.0 < elapsed < 15, elapsed


def test_az_no_wait_then_wait_sees_the_group_deleting_then_gone(realistic):
    from conftest import Az
    az = Az(realistic)
    try:
        az.sign_in().ok()
        az("group", "create", "-n", "rgnowait", "-l", "eastus").ok()
        resources, healthcare = clients(realistic)
        healthcare.workspaces.begin_create_or_update(
            "rgnowait", "wsnowait", Workspace(location="eastus", properties=WorkspaceProperties())
        ).result()
        # A group delete takes 20 s plus 15 s a resource (virtual): ~0.15 s at 240x. The
        # first show comes ~1.4 s later, so slow the clock down first through the control
        # route, as a trainer would.
        status, body = realistic.control("sim fault add slow-provisioning --for 1h")
        assert status == 200, body
        az("group", "delete", "-n", "rgnowait", "--yes", "--no-wait").ok()
        state = az("group", "show", "-n", "rgnowait", "--query",
                   "properties.provisioningState", "-o", "tsv").ok().out.strip()
        assert state == "Deleting"
        realistic.control("sim fault clear --all")
        az("group", "wait", "--deleted", "-n", "rgnowait", "--interval", "1",
           "--timeout", "60").ok()
        assert az("group", "exists", "-n", "rgnowait").ok().out.strip() == "false"
    finally:
        az.close()
