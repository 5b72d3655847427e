//! The built-in role definitions hcsim knows (real role ids) and what each permits: the
//! vocabulary RBAC decides with. A leaf, so the store can keep what each role assignment
//! names (see `store::grants`) without depending on the permission check that reads it.

/// What a request needs permission for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// `*/read`.
    Read,
    /// `*/write` (create, update, actions).
    Write,
    /// `*/delete`.
    Delete,
    /// `Microsoft.Authorization/*/write|delete` (role assignments, locks).
    Authorization,
    /// FHIR data plane read.
    FhirDataRead,
    /// FHIR data plane write.
    FhirDataWrite,
    /// DICOM data plane read.
    DicomDataRead,
    /// DICOM data plane write.
    DicomDataWrite,
}

impl Action {
    /// The ARM action verb for messages.
    pub fn verb(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Write => "write",
            Action::Delete => "delete",
            Action::Authorization => "write",
            Action::FhirDataRead => {
                "Microsoft.HealthcareApis/workspaces/fhirservices/resources/read"
            }
            Action::FhirDataWrite => {
                "Microsoft.HealthcareApis/workspaces/fhirservices/resources/write"
            }
            Action::DicomDataRead => {
                "Microsoft.HealthcareApis/workspaces/dicomservices/resources/read"
            }
            Action::DicomDataWrite => {
                "Microsoft.HealthcareApis/workspaces/dicomservices/resources/write"
            }
        }
    }
}

/// A built-in role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Role {
    /// Role definition GUID (the real one).
    pub id: &'static str,
    /// Role name.
    pub name: &'static str,
    /// What it allows.
    pub allows: &'static [Action],
    /// One-line description.
    pub description: &'static str,
}

use Action::*;

/// Every built-in role hcsim knows, with the role ids Microsoft Learn lists ("Azure built-in
/// roles").
pub const ROLES: &[Role] = &[
    Role {
        id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
        name: "Owner",
        allows: &[Read, Write, Delete, Authorization],
        description: "Full control-plane access, including assigning roles (no data-plane access).",
    },
    Role {
        id: "b24988ac-6180-42a0-ab88-20f7382dd24c",
        name: "Contributor",
        allows: &[Read, Write, Delete],
        description: "Create and manage resources; cannot assign roles or manage locks (no data-plane access).",
    },
    Role {
        id: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        name: "Reader",
        allows: &[Read],
        description: "View resources.",
    },
    Role {
        id: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
        name: "User Access Administrator",
        allows: &[Read, Authorization],
        description: "Manage role assignments and locks.",
    },
    Role {
        id: "4c8d0bbc-75d3-4935-991f-5f3c56d81508",
        name: "FHIR Data Reader",
        allows: &[FhirDataRead],
        description: "Read FHIR data.",
    },
    Role {
        id: "3f88fce4-5892-4214-ae73-ba5294559913",
        name: "FHIR Data Writer",
        allows: &[FhirDataRead, FhirDataWrite],
        description: "Read, write and soft-delete FHIR data.",
    },
    Role {
        id: "5a1fc7df-4bf1-4951-a576-89034ee01acd",
        name: "FHIR Data Contributor",
        allows: &[FhirDataRead, FhirDataWrite],
        description: "All FHIR data operations.",
    },
    Role {
        id: "3db33094-8700-4567-8da5-1501d4e7e843",
        name: "FHIR Data Exporter",
        allows: &[FhirDataRead],
        description: "Read and export FHIR data.",
    },
    Role {
        id: "4465e953-8ced-4406-a58e-0f6e3f3b530b",
        name: "FHIR Data Importer",
        allows: &[FhirDataWrite],
        description: "Import FHIR data.",
    },
    Role {
        id: "a1705bd2-3a8f-45a5-8683-466fcfd5cc24",
        name: "FHIR Data Converter",
        allows: &[],
        description: "Convert data to FHIR.",
    },
    Role {
        id: "4ba50f17-9666-485c-a643-ff00808643f0",
        name: "FHIR SMART User",
        allows: &[FhirDataRead],
        description: "SMART on FHIR read interactions.",
    },
    Role {
        id: "804db8d3-32c7-4ad4-a975-3f6f90d5f5f5",
        name: "FHIR Data Bulk Operator",
        allows: &[],
        description: "Bulk operations on FHIR data.",
    },
    Role {
        id: "58a3b984-7adf-4c20-983a-32417c86fbc8",
        name: "DICOM Data Owner",
        allows: &[DicomDataRead, DicomDataWrite],
        description: "Full access to DICOM data.",
    },
    Role {
        id: "e89c7a3c-2f64-4fa1-a847-3e4c9ba4283a",
        name: "DICOM Data Reader",
        allows: &[DicomDataRead],
        description: "Read DICOM data.",
    },
    Role {
        id: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
        name: "Key Vault Crypto Service Encryption User",
        allows: &[],
        description: "Wrap and unwrap keys (what a customer-managed key needs).",
    },
    Role {
        // The role DOCS configure-customer-managed-keys.md's user-assigned template grants.
        id: "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
        name: "Key Vault Crypto Officer",
        allows: &[],
        description: "Any action on keys (wrap and unwrap included).",
    },
    Role {
        id: "00482a5a-887f-4fb3-b363-3b7fe8e74483",
        name: "Key Vault Administrator",
        allows: &[],
        description: "Key Vault data-plane administration.",
    },
    Role {
        id: "a638d3c7-ab3a-418d-83e6-5f17a39d4fde",
        name: "Azure Event Hubs Data Receiver",
        allows: &[],
        description: "Receive events from Event Hubs.",
    },
    Role {
        id: "2b629674-e913-4c01-ae53-ef4638d8f975",
        name: "Azure Event Hubs Data Sender",
        allows: &[],
        description: "Send events to Event Hubs.",
    },
];

/// Finds a role by name (case-insensitive), by GUID, or by a role definition id ending in a GUID.
pub fn find_role(text: &str) -> Option<&'static Role> {
    let guid = text.rsplit('/').next().unwrap_or(text);
    ROLES
        .iter()
        .find(|r| r.name.eq_ignore_ascii_case(text) || r.id.eq_ignore_ascii_case(guid))
}

/// The role definition id ARM shows for a role in a subscription.
pub fn role_definition_id(subscription: &str, role: &Role) -> alloc::string::String {
    alloc::format!(
        "/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/{}",
        role.id
    )
}
