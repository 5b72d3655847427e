"""Faults injected through the control route show up in the next real-client call; hostile
requests get ARM's error and the server keeps serving.

ARM's error texts: 401 AuthenticationFailed "Authentication failed. The 'Authorization'
header is missing." (as quoted in hashicorp/terraform-provider-azurerm#3612); 415
UnsupportedMediaType "The content media type '<null>' is not supported. Only
'application/json' is supported." (Azure/azure-cli#10143); 400 MissingApiVersionParameter
"The api-version query parameter (?api-version=) is required for all requests."
"""

import json
import socket
import time

import pytest
from azure.core.exceptions import HttpResponseError
from azure.mgmt.healthcareapis.models import Workspace, WorkspaceProperties

from conftest import HEALTHCARE_API, unique


def control_ok(server, line):
    status, body = server.control(line)
    assert status == 200, body
    outcome = json.loads(body)
    assert outcome.get("ok"), outcome
    return outcome


@pytest.fixture
def westus2_group(resources):
    name = unique("rgw")
    resources.resource_groups.create_or_update(name, {"location": "westus2"})
    yield name
    resources.resource_groups.begin_delete(name)


def test_region_outage_reaches_the_sdk_and_az(server, mgmt, az, westus2_group):
    from azure.mgmt.healthcareapis import HealthcareApisManagementClient
    # No retries: azure-core retries a 503 ten times by default.
    client = mgmt(HealthcareApisManagementClient, retry_total=0)
    control_ok(server, "sim fault add region-outage --region westus2 --for 1h")
    try:
        with pytest.raises(HttpResponseError) as e:
            client.workspaces.begin_create_or_update(
                westus2_group, unique("ws"),
                Workspace(location="westus2", properties=WorkspaceProperties())).result()
        assert (e.value.status_code, e.value.error.code) == (503, "ServiceUnavailable")
        assert "westus2" in e.value.error.message
        sub = server.env["AZURE_SUBSCRIPTION_ID"]
        url = (f"/subscriptions/{sub}/resourceGroups/{westus2_group}/providers/"
               f"Microsoft.HealthcareApis/workspaces/{unique('ws')}?api-version={HEALTHCARE_API}")
        refused = az("rest", "--method", "put", "--url", url, "--body",
                     json.dumps({"location": "westus2", "properties": {}}))
        assert refused.code == 1 and "ServiceUnavailable" in refused.err, refused.err
    finally:
        control_ok(server, "sim fault clear --all")
    ws = client.workspaces.begin_create_or_update(
        westus2_group, unique("ws"),
        Workspace(location="westus2", properties=WorkspaceProperties())).result()
    assert ws.properties.provisioning_state == "Succeeded"


def test_control_route_status_and_a_bad_line(server):
    outcome = control_ok(server, "sim status")
    assert outcome.get("output")
    status, body = server.control("sim no-such-command")
    assert status == 200 and json.loads(body)["ok"] is False
    status, _, body = server.request("POST", "/hcsim/sim", body=b"", token=None)
    assert status == 400, body


def error_of(body):
    """ARM's error body: {"error": {"code", "message", ...}}."""
    parsed = json.loads(body)
    assert set(parsed) == {"error"}, parsed
    assert parsed["error"]["code"] and parsed["error"]["message"], parsed
    return parsed["error"]


@pytest.fixture
def ws_url(server, group):
    sub = server.env["AZURE_SUBSCRIPTION_ID"]
    return (f"/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.HealthcareApis/"
            f"workspaces/{unique('ws')}")


def test_malformed_json_is_invalid_request_content(server, ws_url):
    status, _, body = server.request("PUT", f"{ws_url}?api-version={HEALTHCARE_API}",
                                     body=b'{"location": "eastus", ',
                                     headers={"Content-Type": "application/json"})
    assert status == 400
    assert error_of(body)["code"] == "InvalidRequestContent"


def test_a_body_that_is_not_json_is_unsupported_media_type(server, ws_url):
    status, _, body = server.request("PUT", f"{ws_url}?api-version={HEALTHCARE_API}",
                                     body=b"location=eastus",
                                     headers={"Content-Type": "text/plain"})
    assert status == 415
    err = error_of(body)
    assert err["code"] == "UnsupportedMediaType"
    assert "Only 'application/json' is supported." in err["message"]


def read_response(sock, limit=1 << 20):
    """Reads one HTTP response (headers and a Content-Length body) from a socket."""
    data = b""
    while b"\r\n\r\n" not in data and len(data) < limit:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next((int(l.split(":", 1)[1]) for l in lines[1:]
                   if l.lower().startswith("content-length:")), 0)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return status, body


def test_a_huge_body_is_refused_and_nothing_is_created(server, ws_url):
    # The request announces 64 MiB; the server answers from the headers, before the body.
    raw = socket.create_connection((server.url.hostname, server.url.port), timeout=10)
    with server.ssl.wrap_socket(raw, server_hostname=server.url.hostname) as tls:
        tls.sendall((f"PUT {ws_url}?api-version={HEALTHCARE_API} HTTP/1.1\r\n"
                     f"Host: {server.url.netloc}\r\nAuthorization: Bearer {server.token()}\r\n"
                     "Content-Type: application/json\r\n"
                     f"Content-Length: {64 << 20}\r\n\r\n").encode() + b'{"location": "')
        status, body = read_response(tls)
    assert status == 413, body
    error_of(body)
    status, _, _ = server.request("GET", f"{ws_url}?api-version={HEALTHCARE_API}")
    assert status == 404


def test_unknown_routes_get_arm_errors(server):
    sub = server.env["AZURE_SUBSCRIPTION_ID"]
    for path in ("/no/such/route?api-version=2020-01-01",
                 f"/subscriptions/{sub}/nosuchcollection?api-version=2020-01-01"):
        status, _, body = server.request("GET", path)
        assert 400 <= status < 500, (path, status, body)
        error_of(body)


def test_wrong_or_missing_api_version(server, ws_url):
    status, _, body = server.request("GET", ws_url)
    assert status == 400
    err = error_of(body)
    assert err["code"] == "MissingApiVersionParameter"
    assert "api-version" in err["message"]
    status, _, body = server.request("GET", f"{ws_url}?api-version=1999-01-01")
    assert status == 400
    err = error_of(body)
    # ARM: "No registered resource provider found for location … and API version
    # '1999-01-01' for type 'workspaces'. The supported api-versions are …"
    assert err["code"] in ("NoRegisteredProviderFound", "InvalidApiVersionParameter"), err
    assert "1999-01-01" in err["message"]


def test_missing_or_forged_tokens_are_401(server, ws_url):
    url = f"{ws_url}?api-version={HEALTHCARE_API}"
    status, headers, body = server.request("GET", url, token=None)
    assert status == 401
    err = error_of(body)
    assert err["code"] == "AuthenticationFailed"
    assert err["message"] == "Authentication failed. The 'Authorization' header is missing."
    real = server.token()
    head, claims, _sig = real.split(".")
    for forged in ("not-a-token", f"{head}.{claims}.Zm9yZ2Vk", "a.b.c"):
        status, _, body = server.request("GET", url, token=forged)
        assert status == 401, (forged, body)
        assert error_of(body)["code"] == "InvalidAuthenticationToken"


def test_a_slow_client_does_not_stop_the_others(server):
    raw = socket.create_connection((server.url.hostname, server.url.port), timeout=10)
    with server.ssl.wrap_socket(raw, server_hostname=server.url.hostname) as slow:
        # Half a request, then nothing: the others must still be served at once.
        slow.sendall(b"GET /subscriptions?api-version=2022-12-01 HTTP/1.1\r\nHost: x\r\n")
        start = time.monotonic()
        status, _, _ = server.request("GET", "/subscriptions?api-version=2022-12-01")
        assert status == 200
        assert time.monotonic() - start < 5


def test_the_server_is_still_serving_after_all_that(server, resources):
    assert server.alive(), server.log_text()
    names = [g.name for g in resources.resource_groups.list()]
    assert isinstance(names, list)
    status, _, _ = server.request("GET", "/subscriptions?api-version=2022-12-01")
    assert status == 200
