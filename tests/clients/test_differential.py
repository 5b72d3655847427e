"""Differential test: one corpus of console lines, run once in hcsim's own console (the
control route `POST /hcsim/sim` runs a line on the server's session) and once by the real
az against `hcsim serve`, on the same state. A learner who practised in hcsim's console
must see byte for byte what az prints: any difference is a fidelity bug of the console.

A server of its own (so `az group list` sees only this module's groups); the state is made
by the real clients (az), then read by both.
"""

import json
import shlex

import pytest

from conftest import HEALTHCARE_API, Az, Server

GROUP, OTHER, WORKSPACE, FHIR = "diffrg1", "diffrg2", "diffws1", "difffhir1"

# Every line is run as `az …` by the real az and by the console (JSON is az's default
# output; -o table, tsv, yaml; JMESPath --query).
CORPUS = [
    ["group", "show", "-n", GROUP],
    ["group", "list"],
    ["group", "list", "-o", "table"],
    ["group", "list", "-o", "tsv"],
    ["group", "show", "-n", GROUP, "-o", "yaml"],
    ["group", "list", "--query", "[].name", "-o", "tsv"],
    ["group", "list", "--query", "[?location=='eastus'].{name:name, tags:tags}"],
    ["group", "list", "--query", "[?tags.env=='test'].name | sort(@)", "-o", "json"],
    ["group", "exists", "-n", GROUP],
    ["group", "exists", "-n", "nosuchgroup"],
    ["resource", "list", "-g", GROUP],
    ["resource", "list", "-g", GROUP, "-o", "table"],
    ["resource", "list", "-g", GROUP, "--query", "[].{n:name, t:type, l:location}", "-o", "tsv"],
    ["resource", "show", "-g", GROUP, "-n", WORKSPACE, "--resource-type",
     "Microsoft.HealthcareApis/workspaces"],
    ["resource", "show", "-g", GROUP, "-n", WORKSPACE, "--resource-type",
     "Microsoft.HealthcareApis/workspaces", "--query", "properties.provisioningState", "-o",
     "tsv"],
    ["lock", "list", "-g", GROUP],
    ["lock", "list", "-g", GROUP, "-o", "table"],
    ["group", "list", "-o", "yaml"],
    ["group", "list", "--query", "[].{n:name, s:properties.provisioningState}", "-o", "table"],
    ["group", "show", "-n", OTHER, "--query", "tags"],
    ["lock", "list", "-g", GROUP, "-o", "tsv"],
    ["resource", "list", "--query", "[].name", "-o", "tsv"],
    ["role", "assignment", "list", "--all", "--query",
     "[].{role:roleDefinitionName, scope:scope}", "-o", "table"],
    ["account", "show", "--query", "{id:id, name:name, state:state, tenantId:tenantId}"],
    ["account", "list", "--query", "[].name", "-o", "tsv"],
    # One provider table for the console and the server (resource types, regions, versions).
    ["provider", "show", "-n", "Microsoft.HealthcareApis", "--query",
     "resourceTypes[?resourceType=='workspaces/fhirservices'].{v:apiVersions[0], n:length(locations)}",
     "-o", "tsv"],
    ["provider", "show", "-n", "Microsoft.HealthcareApis", "--query",
     "resourceTypes[].resourceType"],
]

# Errors: az prints `ERROR: ` and the console's `(Code) message` line.
ERRORS = [
    ["group", "show", "-n", "nosuchgroup"],
    ["resource", "show", "-g", GROUP, "-n", "nosuchws", "--resource-type",
     "Microsoft.HealthcareApis/workspaces"],
]


@pytest.fixture(scope="module")
def same_state():
    """A fresh server whose state the real az made: two groups, a workspace with a FHIR
    service, a lock."""
    srv = Server("--seed", "7", "--timing", "instant")
    cli = Az(srv)
    try:
        cli.sign_in().ok()
        sub = srv.env["AZURE_SUBSCRIPTION_ID"]
        cli("group", "create", "-n", GROUP, "-l", "eastus", "--tags", "env=test").ok()
        cli("group", "create", "-n", OTHER, "-l", "westus2").ok()
        ws = (f"/subscriptions/{sub}/resourceGroups/{GROUP}/providers/Microsoft.HealthcareApis"
              f"/workspaces/{WORKSPACE}")
        cli("rest", "--method", "put", "--url", f"{ws}?api-version={HEALTHCARE_API}", "--body",
            json.dumps({"location": "eastus", "properties": {}})).ok()
        fhir = f"{ws}/fhirservices/{FHIR}?api-version={HEALTHCARE_API}"
        cli("rest", "--method", "put", "--url", fhir, "--body",
            json.dumps({"location": "eastus", "kind": "fhir-R4", "properties": {}})).ok()
        cli("lock", "create", "-n", "nodelete", "-t", "CanNotDelete", "-g", GROUP).ok()
        yield srv, cli
    finally:
        cli.close()
        srv.stop()


def console(srv, argv):
    """The console's answer to `az ARGV` on the server's session: (ok, output)."""
    status, body = srv.control("az " + shlex.join(argv))
    assert status == 200, body
    outcome = json.loads(body)
    return outcome.get("ok"), outcome.get("output") or ""


@pytest.mark.parametrize("argv", CORPUS, ids=[" ".join(a) for a in CORPUS])
def test_console_prints_what_az_prints(same_state, argv):
    srv, cli = same_state
    real = cli(*argv)
    assert real.code == 0, real.err
    ok, printed = console(srv, argv)
    assert ok, printed
    # The console's output is the text az writes, without the final newline.
    expected = real.out
    got = printed + "\n" if printed else ""
    assert got == expected, (
        f"az {' '.join(argv)}\n--- real az ---\n{expected}--- hcsim console ---\n{got}")


@pytest.mark.parametrize("argv", ERRORS, ids=[" ".join(a) for a in ERRORS])
def test_console_errors_read_as_az_errors(same_state, argv):
    srv, cli = same_state
    real = cli(*argv)
    assert real.code != 0
    ok, printed = console(srv, argv)
    assert not ok
    first_real = real.err.splitlines()[0]
    first_console = printed.splitlines()[0]
    assert first_real == f"ERROR: {first_console}", (
        f"real az: {first_real!r}\nconsole: {first_console!r}")
