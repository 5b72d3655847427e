//! The rulebook: every rule the simulator enforces, with its stable id (SCENARIOS.md), the
//! sentence it comes from, why it exists and how to satisfy it. Rejections carry a [`RuleId`],
//! so every front end can teach from the same text.

use serde::{Deserialize, Serialize};

macro_rules! rules {
    ($( $variant:ident = $id:literal {
        title: $title:literal,
        source: $source:literal,
        why: $why:literal,
        fix: $fix:literal $(,)?
    } )*) => {
        /// A rule of the rulebook, named by a stable id.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum RuleId {
            $(
                #[doc = $title]
                #[serde(rename = $id)]
                $variant,
            )*
        }

        impl RuleId {
            /// Every rule, in rulebook order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant),*];

            /// The stable id (`workspace-first`, …) used in scenario files and reports.
            pub const fn id(self) -> &'static str {
                match self { $(RuleId::$variant => $id,)* }
            }
            /// A one-line title.
            pub const fn title(self) -> &'static str {
                match self { $(RuleId::$variant => $title,)* }
            }
            /// The sentence of the source document or of the real service the rule comes from.
            pub const fn source(self) -> &'static str {
                match self { $(RuleId::$variant => $source,)* }
            }
            /// Why the rule exists.
            pub const fn why(self) -> &'static str {
                match self { $(RuleId::$variant => $why,)* }
            }
            /// How to satisfy it.
            pub const fn fix(self) -> &'static str {
                match self { $(RuleId::$variant => $fix,)* }
            }
            /// The teaching text: which rule, why it exists, how to fix it.
            pub fn explain(self) -> alloc::string::String {
                alloc::format!("Rule {} — {}.\nWhy: {}\nFix: {}", self.id(), self.title(), self.why(), self.fix())
            }
            /// Looks a rule up by its id (case-insensitive).
            pub fn from_id(id: &str) -> Option<RuleId> {
                RuleId::ALL.iter().copied().find(|r| r.id().eq_ignore_ascii_case(id))
            }
        }
    };
}

rules! {
    WorkspaceFirst = "workspace-first" {
        title: "A workspace must exist before any child service is created in it",
        source: "A workspace, as a parent item in the hierarchical service tree, must be created first and one or more child service instances can then be created for the workspace. Assumed code (no source found): 409 ParentResourceNotReady while the workspace is not provisioned or has failed.",
        why: "FHIR, DICOM and IoT connector services live inside a workspace: it is their parent resource, their region and their compliance boundary.",
        fix: "Create the workspace first (az healthcareapis workspace create), wait until it is Succeeded, then create the service inside it.",
    }
    WorkspaceDeleteRequiresEmpty = "workspace-delete-requires-empty" {
        title: "A workspace cannot be deleted while it holds any child service",
        source: "A workspace cannot be deleted unless all child service instances within the workspace have been deleted.",
        why: "This prevents the accidental deletion of service instances and the health data in them.",
        fix: "Delete every FHIR, DICOM and IoT connector service of the workspace first, then the workspace; or delete the whole resource group if you mean to remove everything.",
    }
    ResourceGroupDeleteCascades = "resource-group-delete-cascades" {
        title: "Deleting a resource group deletes every workspace and child in it",
        source: "When a workspace resource group is deleted, all the workspaces and child service instances within the workspace resource group get deleted.",
        why: "A resource group is the lifecycle container of Azure: its deletion removes everything inside, children first.",
        fix: "Only delete a resource group when you mean to delete everything in it; protect what must survive with a CanNotDelete lock.",
    }
    RegionImmutable = "region-immutable" {
        title: "A workspace's region is fixed at creation",
        source: "When you create a workspace, it must be configured for an Azure region, which can be the same as or different from that for the resource group. The region cannot be changed after the workspace is created.",
        why: "Data residency: the workspace's data and services are placed in its region when it is created.",
        fix: "Keep the original location in updates; to use another region, create a new workspace there.",
    }
    ChildInWorkspaceRegion = "child-in-workspace-region" {
        title: "Every child service is created in its workspace's region",
        source: "Within each workspace, all Healthcare APIs services (FHIR service, DICOM service, and IoT Connectors) must be created in the region of the workspace.",
        why: "The workspace is a regional compliance boundary; its services share its region.",
        fix: "Create the service with --location set to the workspace's region (az defaults to the resource group's region, which may differ).",
    }
    ChildCannotMove = "child-cannot-move" {
        title: "A child service can never move to another workspace",
        source: "Within each workspace, all Healthcare APIs services … cannot be moved to a different workspace.",
        why: "A service's identity, URL and data belong to its workspace.",
        fix: "Create a new service in the other workspace and migrate the data (export/import) instead of moving it.",
    }
    Quota = "quota" {
        title: "Workspaces, services and resource groups are limited by quotas",
        source: "Default quotas: 10 workspaces per subscription; 10 FHIR and 10 DICOM services per workspace; 100 FHIR services per subscription; 980 resource groups per subscription (ARM limits). Assumed (no source found): 409 QuotaExceeded for the Healthcare APIs quotas, and the 400 status of ARM's ResourceGroupQuotaExceeded.",
        why: "Azure limits how many resources one subscription or workspace may hold; limits are raised through a support request.",
        fix: "Delete resources you no longer need, use another workspace or subscription, or (in real Azure) request a quota increase.",
    }
    SettingsApplyToAllChildren = "settings-apply-to-all-children" {
        title: "Workspace-level settings apply to every child, including later ones",
        source: "Several configuration settings are implemented at the workspace level. Changes to these configuration settings will affect all service instances in the workspace. Assumed codes (no source found): 400 ReadOnlyProperty for a PATCH of a workspace's publicNetworkAccess, 400 BadRequest for a service whose own key contradicts its workspace's key (hcsimSettings is an hcsim extension).",
        why: "Private link, customer-managed keys, monitoring and RBAC are shared by the workspace so that every service in it is protected the same way.",
        fix: "Change the setting on the workspace (az healthcareapis workspace update), not on one service; a service may not contradict it.",
    }
    PrivatePreviewNoSettings = "private-preview-no-settings" {
        title: "In the private-preview stage no workspace-level setting is available",
        source: "None of the workspace level configuration settings are available during the Private Preview. Assumed code (no source found): 400 FeatureNotAvailableInPreview.",
        why: "The preview release had not shipped shared settings yet.",
        fix: "Switch the simulated release stage to GA (sim stage ga) or leave the settings at their defaults.",
    }
    PhiStaysInWorkspace = "phi-stays-in-workspace" {
        title: "Protected health information travels only inside the workspace",
        source: "The workspace also creates a compliance boundary (HIPAA, HITRUST) within which protected health information can travel. Assumed code (no source found): 400 BadRequest for a destination outside the workspace.",
        why: "An IoT connector writes patient observations; its FHIR destination must be inside the same compliance boundary.",
        fix: "Point the FHIR destination at a FHIR service of the same workspace (create one there if needed).",
    }
    NameFormat = "name-format" {
        title: "Names follow the rules of their resource type",
        source: "Workspace names: 3–24 lowercase letters or digits, no hyphen. Service names: 3–24 characters, lowercase letters, digits and inner hyphens.",
        why: "Names become part of DNS host names (https://<workspace>-<service>.fhir.azurehealthcareapis.com).",
        fix: "Use 3–24 lowercase letters and digits (services may also use hyphens, not at the start or end).",
    }
    NameGloballyUnique = "name-globally-unique" {
        title: "Service URLs and workspace names are globally unique",
        source: "Service URLs are https://<workspace>-<service>.fhir.azurehealthcareapis.com and .dicom.; the workspace and service pair is globally unique. Assumed codes (no source found): 409 NameNotAvailable for a workspace name in use, BadRequest for a taken service URL.",
        why: "The name is a public DNS host name, shared by every Azure customer.",
        fix: "Pick another name (adding a short suffix usually works).",
    }
    WorkspaceNameReuse = "workspace-name-reuse" {
        title: "A deleted workspace's name is reusable only in the same subscription",
        source: "Workspace names can be reused after deletion in the same subscription but not in a different subscription. Assumed code (no source found): 409 NameNotAvailable.",
        why: "The name stays reserved for the subscription that owned it.",
        fix: "Create the workspace in the subscription that used the name before, or choose a new name.",
    }
    RegionAvailability = "region-availability" {
        title: "Resources are created only in regions where the service is offered",
        source: "Azure Health Data Services is offered in a list of regions; MedTech (IoT connector) was removed from some of them.",
        why: "Each service runs only where Microsoft deploys it.",
        fix: "Pick one of the offered regions (e.g. eastus, westus2, westeurope); sim help regions lists them.",
    }
    PrivateLinkBlocksPublic = "private-link-blocks-public" {
        title: "An approved private endpoint turns off public access to every FHIR and DICOM service",
        source: "An approved private endpoint automatically disables public traffic; public calls then get 403 Forbidden. It can take up to 5 minutes after updating the public network access flag before public traffic is blocked (Learn, Configure Private Link for Azure Health Data Services). In realistic timing hcsim blocks public calls 5 minutes after the approval (an assumption: the article gives the figure for the public network access flag); in instant timing at once.",
        why: "Private link is a workspace-level setting: once a private path exists, the public path closes for every service of the workspace.",
        fix: "Call the service from inside the virtual network (sim probe … --from private), or delete the private endpoint to reopen public access.",
    }
    CmkAccessRequired = "cmk-access-required" {
        title: "Losing access to the customer-managed key makes FHIR and DICOM return 500",
        source: "If key access is lost (key disabled/deleted, managed identity disabled or loses access) API requests return 500 and data is inaccessible until access is restored. Assumed code (no source found): 400 CustomerManagedKeyInaccessible when a key or its vault does not meet the requirements (RSA 2048/3072, soft delete and purge protection, same region, the identity's key access).",
        why: "With customer-managed keys the service cannot decrypt data without the key.",
        fix: "Give the service's managed identity 'Key Vault Crypto Service Encryption User' on the vault (a new service's system-assigned identity must exist first), use an RSA 2048/3072 key in a purge-protected vault of the same region, re-enable or recover the key (az keyvault key set-attributes --enabled true, az keyvault key recover) or restore the vault's access; the service recovers on its own.",
    }
    BusyResource = "busy-resource" {
        title: "A resource that is still provisioning or deleting takes no other write",
        source: "A resource whose provisioningState is Creating, Updating, Accepted or Deleting rejects other writes with 409 Conflict.",
        why: "Only one long-running operation may change a resource at a time.",
        fix: "Wait for the current operation to finish (sim advance, or run the command without --no-wait), then retry.",
    }
    ResourceGroupBeingDeleted = "resource-group-being-deleted" {
        title: "Nothing can be created in a resource group that is being deleted",
        source: "ARM rejects writes into a resource group whose deletion is in progress (ResourceGroupBeingDeleted).",
        why: "The group and everything in it is going away.",
        fix: "Wait until the deletion finishes, then create the group again and deploy into it.",
    }
    Rbac = "rbac" {
        title: "Every request needs a role that grants it (deny by default)",
        source: "Azure RBAC: Owner, Contributor and Reader at a scope are inherited by every resource below it; data access needs FHIR/DICOM data roles. When you assign roles or remove role assignments, it can take up to 10 minutes for changes to take effect (Learn, Azure RBAC troubleshooting). In realistic timing a new assignment grants nothing until 10 minutes after it was made, and a removed one still grants for 10 minutes (an assumption: hcsim takes the upper bound); in instant timing both act at once.",
        why: "Grant people only the access they need; nothing is allowed without a role assignment.",
        fix: "Ask an Owner to assign a role at the right scope (az role assignment create --assignee … --role … --scope …), or act as a principal that has one (sim as …).",
    }
    ScopeLock = "scope-lock" {
        title: "A management lock blocks deletes (CanNotDelete) or all writes (ReadOnly) below its scope",
        source: "Management locks on a subscription, resource group or resource apply to every resource below it.",
        why: "Locks protect critical resources from accidental change, whatever a user's role.",
        fix: "Remove the lock (az lock delete) before changing or deleting the resource, then put it back.",
    }
    ProviderRegistration = "provider-registration" {
        title: "A subscription must be registered for a resource provider before using it",
        source: "ARM rejects requests for a namespace the subscription is not registered to use (MissingSubscriptionRegistration).",
        why: "Each subscription opts in to the resource providers it uses.",
        fix: "Register the namespace: az provider register --namespace Microsoft.HealthcareApis.",
    }
    ValidRequest = "valid-request" {
        title: "A request must be well formed: a valid body, required properties, allowed values",
        source: "ARM and the resource provider validate each request against the API's schema (API version 2024-03-31). Assumed codes (no source found): 400 BadRequest for the resource provider's property validation (the wording is hcsim's), 400 PrivateLinkServiceResourceTypeNotSupported for a private endpoint to a FHIR, DICOM or MedTech service; InvalidFault and SessionFull are hcsim's own (sim commands).",
        why: "A malformed request would create a resource nobody can use.",
        fix: "Correct the property named in the message; az <command> --help lists the allowed values.",
    }
    ResourceMustExist = "resource-must-exist" {
        title: "A resource must exist to be read, changed or used",
        source: "ARM answers 404 ResourceNotFound / ResourceGroupNotFound for ids that name nothing. Assumed codes (no source found): 404 PrivateEndpointConnectionNotFound, 400 PrivateLinkServiceNotFound for a private endpoint to a missing workspace or service, 404 KeyNotFound's wording for a key that is not deleted; FaultNotFound and OperationNotFound are hcsim's own.",
        why: "Ids are compared case-insensitively but must name an existing resource (and its group and subscription).",
        fix: "Check the name, the resource group and the current subscription (az account show); list what exists with az … list.",
    }
    Throttling = "throttling" {
        title: "Too many requests are throttled (429)",
        source: "ARM throttles request rates per subscription and tenant and answers 429 TooManyRequests with Retry-After.",
        why: "Throttling protects the platform; clients are expected to back off and retry.",
        fix: "Wait for the Retry-After time (sim advance), then retry; send fewer requests.",
    }
    ServiceAvailability = "service-availability" {
        title: "A region or zone outage makes the service unavailable (503) until it heals",
        source: "Azure infrastructure is composed of geographies, regions, and availability zones, which limit the blast radius of a failure.",
        why: "Resources live in one region; an outage there stops new operations and the data plane, while other regions go on.",
        fix: "Wait for the region to recover (sim fault list shows when), or deploy a second workspace in another region.",
    }
    DeploymentName = "deployment-name" {
        title: "A deployment name has 1 to 64 letters, digits, '-', '_', '.', '(' or ')'",
        source: "ARM's Microsoft.Resources/deployments name pattern is ^[-\\w\\._\\(\\)]+$ with a length of 1 to 64 (DeploymentNameLengthLimitExceeded beyond 64; hcsim's code InvalidDeploymentName for other characters is assumed).",
        why: "The deployment name is a segment of the record's resource id and of its history in the group.",
        fix: "Pick a shorter name of letters, digits, '-', '_', '.', '(' or ')' (az deployment group create --name).",
    }
    DeploymentActive = "deployment-active" {
        title: "Only one deployment of a given name runs at a time",
        source: "ARM answers 409 DeploymentActive when a deployment of the same name in the same scope is still running.",
        why: "A deployment record tracks one run; replacing it mid-run would lose which resources it already changed.",
        fix: "Wait until the running deployment ends (az deployment group show), or deploy under another --name.",
    }
    TemplateScopeExtensionOnly = "template-scope-extension-only" {
        title: "A template resource may set 'scope' only if it is an extension resource",
        source: "ARM honours a template resource's 'scope' property only for extension resource types (role assignments, locks, diagnostic settings, policy assignments); for any other type template validation fails with InvalidTemplate, whose message says the 'Scope' property is not supported.",
        why: "'scope' attaches an extension resource to another resource; an ordinary resource lives in the deployment's resource group and cannot be moved elsewhere by it.",
        fix: "Remove 'scope' from the resource, or deploy it into its own resource group (another deployment, or a nested one).",
    }
    DeploymentTargetScope = "deployment-target-scope" {
        title: "A deployment only creates resources inside its own resource group",
        source: "A resource-group deployment targets one resource group; ARM reaches another group or subscription only through a nested deployment (Microsoft.Resources/deployments with its own resourceGroup/subscriptionId). hcsim's InvalidTemplate message for this case is its own.",
        why: "Access, locks and Complete mode are all decided for the deployment's own scope; a resource elsewhere would escape them.",
        fix: "Deploy the resource with a separate deployment into its group (az deployment group create -g OTHER), or keep it in this group.",
    }
    EtagPrecondition = "etag-precondition" {
        title: "A conditional write goes through only if the resource's etag still matches",
        source: "ARM resources carry an etag that changes on every write; a request with If-Match (or, for Microsoft.HealthcareApis, a body etag, as az … --etag sends) whose etag is stale, If-Match: * on a missing resource, or If-None-Match: * on an existing one is refused with 412 PreconditionFailed (RFC 9110 §13.1). hcsim assumes the message wording.",
        why: "Optimistic concurrency: two people editing the same resource must not silently overwrite each other's change.",
        fix: "Read the resource again (az … show --query etag), check what changed, and retry the write with the current etag; drop --etag/If-Match to overwrite unconditionally.",
    }
    ApiVersionSupported = "api-version-supported" {
        title: "A template's apiVersion must be one the resource provider serves",
        source: "ARM rejects a resource whose apiVersion its provider does not serve: 400 NoRegisteredProviderFound, 'No registered resource provider found for location … and API version … for type …'. The Microsoft.HealthcareApis list is the provider's published one; for other namespaces hcsim assumes any version of the form YYYY-MM-DD[-preview] from 2014 on is served.",
        why: "Each API version is a contract of its own; ARM cannot route a request to a version the provider never published.",
        fix: "Use one of the supported api-versions the message lists (for Microsoft.HealthcareApis the newest stable is 2024-03-31).",
    }
    FhirValidResource = "fhir-valid-resource" {
        title: "A FHIR write carries one valid resource of the type its URL names",
        source: "microsoft/fhir-server (Resources.resx): 'Resource type in the URL must match resourceType in the resource.', 'Id in the URL must match id in the resource.', 'Id must be specified in the resource.', and the id rule [A-Za-z0-9\\-\\.]{1,64}. Assumed (hcsim): bodies over 256 KB are refused with 413, other routes and verbs with 404/405, and the slice stores only Patient, Device and Observation.",
        why: "The server stores exactly what the URL addresses; a body of another type or id would silently land somewhere else.",
        fix: "Send a JSON object whose resourceType is the type in the URL; on PUT put the URL's id in the body's id; use ids of letters, digits, '-' and '.' (at most 64).",
    }
    FhirDeletedIsGone = "fhir-deleted-is-gone" {
        title: "A deleted FHIR resource answers 410 Gone; its history remains",
        source: "FHIR R4 RESTful API: a read of a deleted resource returns 410 Gone; the FHIR service keeps history (versioned) and its delete is soft. Assumed (hcsim): the OperationOutcome's diagnostics wording.",
        why: "Soft deletion keeps the audit trail of health data: the versions stay readable through _history.",
        fix: "Read the resource's history (GET /Type/id/_history) or write it again with PUT (update-as-create).",
    }
    FhirSearchParameters = "fhir-search-parameters" {
        title: "FHIR search values must be well formed; unknown parameters are ignored and reported",
        source: "microsoft/fhir-server (Resources.resx): 'The count must be greater than zero.', 'The date time string '{0}' is not in a correct format.', 'Comparator '{0}' is not supported for search parameter '{1}'.'; lenient handling reports 'The search parameter '{0}' is not supported for resource type '{1}'.' in an outcome entry. Pages hold 10 entries by default, at most 1000.",
        why: "A malformed value cannot be evaluated; an unknown parameter is skipped (lenient handling) so the search still answers, which can return more than expected.",
        fix: "Use the supported parameters (subject, patient, device, code, date with eq/ge/le/gt/lt, identifier, _id, _count, _sort=date|-date|_lastUpdated) and check the outcome entry of the Bundle.",
    }
    FhirStoreLimits = "fhir-store-limits" {
        title: "A simulated FHIR service holds a bounded number of resources",
        source: "Assumed (hcsim's bound, not Azure's: the real service stores up to 4 TB): 20,000 resources per service and 50 versions per resource; a write beyond is refused with 507.",
        why: "The simulator keeps every session small enough to replay and undo.",
        fix: "Delete resources you no longer need, or use another FHIR service.",
    }
    MedtechDeviceMapping = "medtech-device-mapping" {
        title: "A device message must match the connector's device mapping",
        source: "MedTech device data processing stages: normalize applies the device mapping; a message no template matches yields no measurement, and a required expression (deviceId, timestamp, values, patientId when resolution is Create) that finds nothing is a NormalizationDataMappingException.",
        why: "The device mapping is the only way MedTech knows where the device id, time and values are in a message.",
        fix: "Fix the device mapping (typeMatchExpression and the value expressions) or the device's message shape; try it with the mapping debugger.",
    }
    MedtechFhirMapping = "medtech-fhir-mapping" {
        title: "Every normalized measurement type needs a FHIR destination template",
        source: "MedTech: the FHIR destination mapping (CodeValueFhir templates) turns grouped measurements into Observations; a type with no template is a TemplateNotFoundException.",
        why: "Without a template the service does not know the codes, value type and unit of the Observation.",
        fix: "Add a CodeValueFhir template whose typeName equals the device mapping's typeName.",
    }
    MedtechIdentityResolution = "medtech-identity-resolution" {
        title: "Lookup resolution needs the Device (with its Patient) to exist already",
        source: "MedTech resolution types: Create creates missing Device and Patient resources from the identifiers in the data; Lookup fails with DeviceNotFoundException or PatientNotFoundException and the message is not processed.",
        why: "Lookup is for organisations that register devices and patients themselves; MedTech must not invent them.",
        fix: "Create the Device (identifier = the device id, patient = a Patient reference) in the FHIR service first, or set the destination's resourceIdentityResolutionType to Create.",
    }
    MedtechDestinationAvailable = "medtech-destination-available" {
        title: "MedTech writes only while its FHIR service answers; messages wait meanwhile",
        source: "MedTech reads from the event hub at its own pace; while the FHIR service is unavailable (region outage, customer-managed key lost: 500, throttled: 429) nothing is persisted and the events wait in the hub (retention 1 day in the quickstart template). Assumed (hcsim): retried every minute of virtual time.",
        why: "The event hub is the buffer between devices and the FHIR service: data is delayed, not lost, while the hub retains it.",
        fix: "Heal the cause (wait for the outage or throttling to end, restore the key); the waiting messages are then written.",
    }
    MedtechConnectorReady = "medtech-connector-ready" {
        title: "An IoT connector processes only when provisioned and with a FHIR destination",
        source: "MedTech: the service reads device messages once deployed (Succeeded) and persists them through its FHIR destination. Assumed (hcsim): messages sent to a connector not ready wait in its event hub.",
        why: "Without a running connector or destination there is nowhere to normalize and write the data.",
        fix: "Wait for the connector to be Succeeded and create its FHIR destination (az healthcareapis workspace iot-connector fhir-destination create).",
    }
    MedtechQueueBounds = "medtech-queue-bounds" {
        title: "A simulated event hub holds a bounded number of device messages",
        source: "Assumed (hcsim's bound, not Azure's): at most 10,000 messages per send and 100,000 waiting per connector; each minute of virtual time processes at most 1,000.",
        why: "The simulator must answer every step quickly, however long the stream.",
        fix: "Send fewer messages at once, or advance time so the waiting ones are processed.",
    }
    MedtechFhirWriterRole = "medtech-fhir-writer-role" {
        title: "The IoT connector's managed identity needs FHIR Data Writer on its FHIR service",
        source: "Deploy MedTech: grant the MedTech service's system-assigned managed identity the FHIR Data Writer role on the FHIR service (the quickstart template does it); without it writes fail (UnauthorizedAccessFhirServiceException, 403).",
        why: "MedTech calls the FHIR service like any other client: with a token of its own identity and that identity's data role.",
        fix: "Assign 'FHIR Data Writer' on the FHIR service to the connector's principalId (identity.principalId of the IoT connector).",
    }
    AppCredential = "app-credential" {
        title: "A service principal signs in with a current client secret of its app registration",
        source: "Microsoft Entra ID, client credentials flow: the secret sent must be the value (not the ID) of one of the application's password credentials (AADSTS7000215: Invalid client secret provided), not past its end date (AADSTS7000222: the provided client secret keys are expired), and the application needs a service principal in the tenant (AADSTS7000229; its wording here is assumed).",
        why: "A client secret is the application's password: Entra ID shows its value once, when it is added, and honours it only until its end date; the service principal is the app's identity in the tenant that roles are assigned to.",
        fix: "Sign in with the password that az ad app credential reset or az ad sp create-for-rbac printed (az ad app credential list shows only its hint and dates); if it is lost or expired, add a new one: az ad app credential reset --id <appId> --append. If the app has no service principal yet: az ad sp create --id <appId>.",
    }
}

/// Error codes hcsim gives that no source names (Azure's real code is undocumented or
/// unknown), by the rule that gives them: each rule's source text lists its own as assumed,
/// so a learner is never told a guess is Azure's word. Checked by a test.
pub const ASSUMED_CODES: &[(RuleId, &str)] = &[
    (RuleId::ValidRequest, "BadRequest"),
    (
        RuleId::ValidRequest,
        "PrivateLinkServiceResourceTypeNotSupported",
    ),
    (
        RuleId::ResourceMustExist,
        "PrivateEndpointConnectionNotFound",
    ),
    (RuleId::ResourceMustExist, "PrivateLinkServiceNotFound"),
    (RuleId::ResourceMustExist, "KeyNotFound"),
    (
        RuleId::PrivatePreviewNoSettings,
        "FeatureNotAvailableInPreview",
    ),
    (RuleId::SettingsApplyToAllChildren, "ReadOnlyProperty"),
    (RuleId::SettingsApplyToAllChildren, "BadRequest"),
    (RuleId::WorkspaceFirst, "ParentResourceNotReady"),
    (RuleId::CmkAccessRequired, "CustomerManagedKeyInaccessible"),
    (RuleId::DeploymentName, "InvalidDeploymentName"),
    (RuleId::EtagPrecondition, "PreconditionFailed"),
    (RuleId::Quota, "QuotaExceeded"),
    (RuleId::PhiStaysInWorkspace, "BadRequest"),
    (RuleId::WorkspaceNameReuse, "NameNotAvailable"),
    (RuleId::NameGloballyUnique, "NameNotAvailable"),
    (RuleId::NameGloballyUnique, "BadRequest"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code hcsim gives without a source is called assumed in its rule's own text.
    #[test]
    fn assumed_codes_are_named_as_assumptions_in_their_rules() {
        for (rule, code) in ASSUMED_CODES {
            let text = rule.source();
            assert!(
                text.contains(code) && text.to_lowercase().contains("assum"),
                "rule {} must name {code} as assumed: {text}",
                rule.id()
            );
        }
    }

    #[test]
    fn contract_rules_with_unique_ids_and_text() {
        // The 20 ids of SCENARIOS.md come first and never change; hcsim adds more after them.
        let contract = [
            "workspace-first",
            "workspace-delete-requires-empty",
            "resource-group-delete-cascades",
            "region-immutable",
            "child-in-workspace-region",
            "child-cannot-move",
            "quota",
            "settings-apply-to-all-children",
            "private-preview-no-settings",
            "phi-stays-in-workspace",
            "name-format",
            "name-globally-unique",
            "workspace-name-reuse",
            "region-availability",
            "private-link-blocks-public",
            "cmk-access-required",
            "busy-resource",
            "resource-group-being-deleted",
            "rbac",
            "scope-lock",
        ];
        for (i, id) in contract.iter().enumerate() {
            assert_eq!(RuleId::ALL[i].id(), *id);
        }
        for (i, a) in RuleId::ALL.iter().enumerate() {
            assert_eq!(RuleId::from_id(a.id()), Some(*a));
            assert!(!a.why().is_empty() && !a.fix().is_empty() && !a.source().is_empty());
            for b in &RuleId::ALL[i + 1..] {
                assert_ne!(a.id(), b.id());
            }
        }
        assert_eq!(RuleId::from_id("no-such-rule"), None);
    }

    #[test]
    fn serde_uses_stable_ids() {
        let s = serde_json::to_string(&RuleId::WorkspaceDeleteRequiresEmpty).unwrap();
        assert_eq!(s, "\"workspace-delete-requires-empty\"");
    }
}
