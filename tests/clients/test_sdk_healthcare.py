"""azure-mgmt-healthcareapis 2.1.0 (api-version 2024-03-31) against `hcsim serve`: every
operation group through the SDK's own pollers, and ARM's errors as the SDK raises them.

Operation groups and method names: azure-mgmt-healthcareapis 2.1.0 as installed (PyPI,
MIT licence). Error codes and messages: the REST API reference of Microsoft.HealthcareApis
2024-03-31 and ../shared/reference/azure-facts.md.
"""

import urllib.parse

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.healthcareapis.models import (
    DicomService,
    DicomServicePatchResource,
    FhirService,
    FhirServicePatchResource,
    IotConnector,
    IotConnectorPatchResource,
    IotEventHubIngestionEndpointConfiguration,
    IotFhirDestination,
    IotMappingProperties,
    PrivateEndpointConnectionDescription,
    PrivateLinkServiceConnectionState,
    Workspace,
    WorkspacePatchResource,
    WorkspaceProperties,
)

from conftest import HEALTHCARE_API, unique

DEVICE_MAPPING = {"templateType": "CollectionContent", "template": []}
FHIR_MAPPING = {"templateType": "CollectionFhir", "template": []}


def make_workspace(healthcare, group, name=None, **extra):
    name = name or unique("ws")
    ws = healthcare.workspaces.begin_create_or_update(
        group, name, Workspace(location="eastus", properties=WorkspaceProperties(), **extra)
    ).result()
    return ws


def arm_error(excinfo):
    """The (status, code, message) of an HttpResponseError as a user reads it."""
    e = excinfo.value
    return e.status_code, e.error.code if e.error else None, e.error.message if e.error else ""


def test_workspace_create_get_list_update_delete(healthcare, group, server):
    ws = make_workspace(healthcare, group, tags={"team": "a"})
    assert ws.properties.provisioning_state == "Succeeded"
    assert ws.type == "Microsoft.HealthcareApis/workspaces"
    assert ws.location.replace(" ", "").lower() == "eastus"
    expected_id = (f"/subscriptions/{server.env['AZURE_SUBSCRIPTION_ID']}/resourceGroups/"
                   f"{group}/providers/Microsoft.HealthcareApis/workspaces/{ws.name}")
    assert ws.id.lower() == expected_id.lower()

    got = healthcare.workspaces.get(group, ws.name)
    assert got.id == ws.id and got.tags == {"team": "a"}
    assert ws.name in [w.name for w in healthcare.workspaces.list_by_resource_group(group)]
    assert ws.id in [w.id for w in healthcare.workspaces.list_by_subscription()]

    updated = healthcare.workspaces.begin_update(
        group, ws.name, WorkspacePatchResource(tags={"team": "b"})).result()
    assert updated.tags == {"team": "b"}
    assert healthcare.workspaces.get(group, ws.name).tags == {"team": "b"}

    healthcare.workspaces.begin_delete(group, ws.name).result()
    with pytest.raises(ResourceNotFoundError) as e:
        healthcare.workspaces.get(group, ws.name)
    assert arm_error(e)[:2] == (404, "ResourceNotFound")


def test_fhir_service_lifecycle(healthcare, group):
    ws = make_workspace(healthcare, group)
    name = unique("fhir")
    fhir = healthcare.fhir_services.begin_create_or_update(
        group, ws.name, name, FhirService(location="eastus", kind="fhir-R4")).result()
    assert fhir.provisioning_state == "Succeeded"
    assert fhir.kind == "fhir-R4"
    # A service's `name` is its own name (azure-rest-api-specs, healthcareapis 2024-03-31,
    # examples/fhirservices/FhirServices_Get.json: "fhirservices1").
    assert fhir.name == name
    assert fhir.type == "Microsoft.HealthcareApis/workspaces/fhirservices"
    # The service's URL: https://<workspace>-<service>.fhir.azurehealthcareapis.com (Azure docs,
    # "Deploy a FHIR service").
    assert fhir.authentication_configuration.audience == (
        f"https://{ws.name}-{name}.fhir.azurehealthcareapis.com")

    assert healthcare.fhir_services.get(group, ws.name, name).id == fhir.id
    assert [f.id for f in healthcare.fhir_services.list_by_workspace(group, ws.name)] == [fhir.id]
    patched = healthcare.fhir_services.begin_update(
        group, name, ws.name, FhirServicePatchResource(tags={"x": "1"})).result()
    assert patched.tags == {"x": "1"}
    healthcare.fhir_services.begin_delete(group, name, ws.name).result()
    assert list(healthcare.fhir_services.list_by_workspace(group, ws.name)) == []


def test_dicom_service_lifecycle(healthcare, group):
    ws = make_workspace(healthcare, group)
    name = unique("dicom")
    dicom = healthcare.dicom_services.begin_create_or_update(
        group, ws.name, name, DicomService(location="eastus")).result()
    assert dicom.provisioning_state == "Succeeded"
    assert dicom.type == "Microsoft.HealthcareApis/workspaces/dicomservices"
    # https://<workspace>-<service>.dicom.azurehealthcareapis.com (Azure docs, "Deploy DICOM").
    assert dicom.service_url == f"https://{ws.name}-{name}.dicom.azurehealthcareapis.com"
    assert healthcare.dicom_services.get(group, ws.name, name).id == dicom.id
    assert [d.name for d in healthcare.dicom_services.list_by_workspace(group, ws.name)] == [
        dicom.name]
    patched = healthcare.dicom_services.begin_update(
        group, name, ws.name, DicomServicePatchResource(tags={"y": "2"})).result()
    assert patched.tags == {"y": "2"}
    healthcare.dicom_services.begin_delete(group, name, ws.name).result()
    with pytest.raises(ResourceNotFoundError):
        healthcare.dicom_services.get(group, ws.name, name)


def iot_connector(healthcare, group, ws_name, name):
    return healthcare.iot_connectors.begin_create_or_update(
        group, ws_name, name,
        IotConnector(
            location="eastus",
            ingestion_endpoint_configuration=IotEventHubIngestionEndpointConfiguration(
                event_hub_name="devicedata", consumer_group="$Default",
                fully_qualified_event_hub_namespace="hcsimns.servicebus.windows.net"),
            device_mapping=IotMappingProperties(content=DEVICE_MAPPING),
        )).result()


def test_iot_connector_and_fhir_destination_lifecycle(healthcare, group):
    ws = make_workspace(healthcare, group)
    fhir_name = unique("fhir")
    fhir = healthcare.fhir_services.begin_create_or_update(
        group, ws.name, fhir_name, FhirService(location="eastus", kind="fhir-R4")).result()
    name = unique("iot")
    iot = iot_connector(healthcare, group, ws.name, name)
    assert iot.provisioning_state == "Succeeded"
    assert iot.type == "Microsoft.HealthcareApis/workspaces/iotconnectors"
    assert iot.device_mapping.content == DEVICE_MAPPING
    assert healthcare.iot_connectors.get(group, ws.name, name).id == iot.id
    assert [i.id for i in healthcare.iot_connectors.list_by_workspace(group, ws.name)] == [iot.id]
    patched = healthcare.iot_connectors.begin_update(
        group, name, ws.name, IotConnectorPatchResource(tags={"z": "3"})).result()
    assert patched.tags == {"z": "3"}

    dest_name = unique("dest")
    dest = healthcare.iot_connector_fhir_destination.begin_create_or_update(
        group, ws.name, name, dest_name,
        IotFhirDestination(location="eastus", resource_identity_resolution_type="Create",
                           fhir_service_resource_id=fhir.id,
                           fhir_mapping=IotMappingProperties(content=FHIR_MAPPING))).result()
    assert dest.provisioning_state == "Succeeded"
    assert dest.type == "Microsoft.HealthcareApis/workspaces/iotconnectors/fhirdestinations"
    assert dest.fhir_service_resource_id.lower() == fhir.id.lower()
    got = healthcare.iot_connector_fhir_destination.get(group, ws.name, name, dest_name)
    assert got.id == dest.id
    listed = healthcare.fhir_destinations.list_by_iot_connector(group, ws.name, name)
    assert [d.id for d in listed] == [dest.id]
    healthcare.iot_connector_fhir_destination.begin_delete(group, ws.name, name, dest_name).result()
    assert list(healthcare.fhir_destinations.list_by_iot_connector(group, ws.name, name)) == []
    healthcare.iot_connectors.begin_delete(group, name, ws.name).result()
    assert list(healthcare.iot_connectors.list_by_workspace(group, ws.name)) == []


def test_private_link_resources_of_a_workspace(healthcare, group):
    ws = make_workspace(healthcare, group)
    # A workspace's one private link resource has group id `healthcareworkspace` (Azure docs,
    # "Configure Private Link for Azure Health Data Services").
    listed = list(healthcare.workspace_private_link_resources.list_by_workspace(group, ws.name))
    assert [r.group_id for r in listed] == ["healthcareworkspace"]
    one = healthcare.workspace_private_link_resources.get(group, ws.name, "healthcareworkspace")
    assert one.group_id == "healthcareworkspace"
    assert one.type == "Microsoft.HealthcareApis/workspaces/privateLinkResources"


def test_private_endpoint_connection_approve_reject_delete(healthcare, resources, group, server):
    ws = make_workspace(healthcare, group)
    sub = server.env["AZURE_SUBSCRIPTION_ID"]
    net = f"/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.Network"
    vnet = f"{net}/virtualNetworks/vnet1"
    resources.resources.begin_create_or_update_by_id(vnet, "2023-09-01", {
        "location": "eastus",
        "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
                       "subnets": [{"name": "s1", "properties": {"addressPrefix": "10.0.0.0/24"}}]},
    }).result()
    resources.resources.begin_create_or_update_by_id(f"{net}/privateEndpoints/pe1", "2023-09-01", {
        "location": "eastus",
        "properties": {
            "subnet": {"id": f"{vnet}/subnets/s1"},
            "manualPrivateLinkServiceConnections": [{"name": "c1", "properties": {
                "privateLinkServiceId": ws.id, "groupIds": ["healthcareworkspace"],
                "requestMessage": "please"}}],
        },
    }).result()
    conns = list(healthcare.workspace_private_endpoint_connections.list_by_workspace(group, ws.name))
    assert len(conns) == 1, conns
    conn = conns[0]
    assert conn.private_link_service_connection_state.status == "Pending"
    conn_name = conn.name.split("/")[-1]
    got = healthcare.workspace_private_endpoint_connections.get(group, ws.name, conn_name)
    assert got.id == conn.id

    approved = healthcare.workspace_private_endpoint_connections.begin_create_or_update(
        group, ws.name, conn_name,
        PrivateEndpointConnectionDescription(
            private_link_service_connection_state=PrivateLinkServiceConnectionState(
                status="Approved", description="ok"))).result()
    assert approved.private_link_service_connection_state.status == "Approved"
    healthcare.workspace_private_endpoint_connections.begin_delete(group, ws.name, conn_name).result()
    assert list(healthcare.workspace_private_endpoint_connections.list_by_workspace(
        group, ws.name)) == []


def test_operation_result_of_a_create(healthcare, group, server):
    # ARM's asynchronous operation protocol: a 201 with Azure-AsyncOperation pointing at
    # .../locations/{location}/operationresults/{id} (azure-rest-api-specs, healthcareapis
    # 2024-03-31, OperationResults_Get).
    sub = server.env["AZURE_SUBSCRIPTION_ID"]
    name = unique("ws")
    path = (f"/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.HealthcareApis/"
            f"workspaces/{name}?api-version={HEALTHCARE_API}")
    status, headers, body = server.request("PUT", path, {"location": "eastus", "properties": {}})
    assert status in (200, 201), body
    async_url = headers.get("azure-asyncoperation")
    assert async_url, f"no Azure-AsyncOperation header in {sorted(headers)}"
    parts = urllib.parse.urlsplit(async_url).path.split("/")
    lowered = [p.lower() for p in parts]
    location = parts[lowered.index("locations") + 1]
    op_id = parts[lowered.index("operationresults") + 1]
    result = healthcare.operation_results.get(location, op_id)
    assert result.status == "Succeeded"
    # examples/common/OperationResultsGet.json: the id ends with the operation's id and the
    # name is the resource's.
    assert result.id.lower().endswith(f"/operationresults/{op_id}".lower())
    assert result.name == name


def test_deleting_a_workspace_with_a_service_is_refused(healthcare, group):
    ws = make_workspace(healthcare, group)
    fhir_name = unique("fhir")
    healthcare.fhir_services.begin_create_or_update(
        group, ws.name, fhir_name, FhirService(location="eastus", kind="fhir-R4")).result()
    with pytest.raises(HttpResponseError) as e:
        healthcare.workspaces.begin_delete(group, ws.name).result()
    status, code, message = arm_error(e)
    assert (status, code) == (409, "CannotDeleteResource")
    assert "nested resources exist" in message and fhir_name in message
    assert healthcare.workspaces.get(group, ws.name).name == ws.name


def test_a_service_needs_its_workspace(healthcare, group):
    with pytest.raises(HttpResponseError) as e:
        healthcare.fhir_services.begin_create_or_update(
            group, "nosuchws", "fhir1", FhirService(location="eastus", kind="fhir-R4")).result()
    status, code, message = arm_error(e)
    assert (status, code) == (404, "ParentResourceNotFound")
    assert "nosuchws" in message


def test_a_workspace_needs_its_resource_group(healthcare):
    with pytest.raises(HttpResponseError) as e:
        make_workspace(healthcare, "nosuchgroup")
    status, code, message = arm_error(e)
    assert (status, code) == (404, "ResourceGroupNotFound")
    assert "nosuchgroup" in message


def test_an_invalid_workspace_name_is_refused(healthcare, group):
    # Workspace names: 3-24 letters and digits (Microsoft.HealthcareApis 2024-03-31 spec,
    # workspaceName pattern ^[a-zA-Z0-9]{3,24}$).
    with pytest.raises(HttpResponseError) as e:
        make_workspace(healthcare, group, name="bad-name")
    status, code, message = arm_error(e)
    assert status == 400, code
    assert "'bad-name'" in message
    assert list(healthcare.workspaces.list_by_resource_group(group)) == []


def test_a_principal_without_a_role_gets_authorization_failed(mgmt, norole_credential, healthcare,
                                                             group):
    from azure.mgmt.healthcareapis import HealthcareApisManagementClient
    ws = make_workspace(healthcare, group)
    outsider = mgmt(HealthcareApisManagementClient, credential=norole_credential)
    with pytest.raises(HttpResponseError) as e:
        outsider.workspaces.get(group, ws.name)
    status, code, message = arm_error(e)
    assert (status, code) == (403, "AuthorizationFailed")
    assert "Microsoft.HealthcareApis/workspaces/read" in message
    with pytest.raises(HttpResponseError) as e:
        make_workspace(outsider, group)
    assert arm_error(e)[:2] == (403, "AuthorizationFailed")


def test_the_provider_lists_its_operations(healthcare):
    # Operations_List: GET /providers/Microsoft.HealthcareApis/operations (2024-03-31 spec).
    names = [o.name for o in healthcare.operations.list()]
    assert "Microsoft.HealthcareApis/workspaces/read" in names, names[:10]


def test_azure_api_for_fhir_service_and_name_check(healthcare, group):
    # The legacy Azure API for FHIR (Microsoft.HealthcareApis/services): ServicesOperations,
    # CheckNameAvailability. Its name becomes https://<name>.azurehealthcareapis.com.
    from azure.mgmt.healthcareapis.models import (
        CheckNameAvailabilityParameters,
        ServicesDescription,
        ServicesProperties,
    )
    name = unique("apifhir")
    free = healthcare.services.check_name_availability(CheckNameAvailabilityParameters(
        name=name, type="Microsoft.HealthcareApis/services"))
    assert free.name_available is True
    svc = healthcare.services.begin_create_or_update(
        group, name, ServicesDescription(location="eastus", kind="fhir-R4",
                                         properties=ServicesProperties())).result()
    assert svc.properties.provisioning_state == "Succeeded"
    assert svc.kind == "fhir-R4"
    taken = healthcare.services.check_name_availability(CheckNameAvailabilityParameters(
        name=name, type="Microsoft.HealthcareApis/services"))
    assert taken.name_available is False
    assert name in [s.name for s in healthcare.services.list_by_resource_group(group)]
    healthcare.services.begin_delete(group, name).result()
    with pytest.raises(ResourceNotFoundError):
        healthcare.services.get(group, name)
