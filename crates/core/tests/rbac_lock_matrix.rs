//! The RBAC × locks matrix: every write action of the core, as a principal holding one of
//! nine roles at the subscription, under no lock or a CanNotDelete or ReadOnly lock at the
//! subscription, the group or the workspace — 33 actions × 9 roles × 7 lock placements.
//!
//! The expected answer of each cell is not listed cell by cell: it is derived from two small
//! tables written from the rules of Azure, so a wrong cell is a wrong rule, not a typo.
//!
//! **Roles** ([`grants`]), from Learn, "Azure built-in roles" (MicrosoftDocs/azure-docs,
//! `articles/role-based-access-control/built-in-roles.md`, CC BY 4.0):
//!
//! | role                    | write | delete | role assignments, locks | FHIR `$import`/`$export`/`$bulk-delete` |
//! |-------------------------|-------|--------|--------------------------|-----------------------------------------|
//! | Owner                   | yes   | yes    | yes                      | no (control plane only)                 |
//! | Contributor             | yes   | yes    | no (`NotActions: Microsoft.Authorization/*/Write, */Delete`) | no |
//! | Reader                  | no    | no     | no                       | no                                      |
//! | no role                 | no    | no     | no                       | no                                      |
//! | FHIR Data Contributor   | no    | no     | no                       | all three                               |
//! | FHIR Data Reader        | no    | no     | no                       | none                                    |
//! | FHIR Data Importer      | no    | no     | no                       | `$import`                               |
//! | FHIR Data Exporter      | no    | no     | no                       | `$export`                               |
//! | FHIR Data Bulk Operator | no    | no     | no                       | `$bulk-delete`                          |
//!
//! Directory writes (`az ad user create`) need a Microsoft Entra directory role, which no
//! Azure role grants: every principal of the matrix is refused (403
//! `Authorization_RequestDenied`).
//!
//! **Locks** ([`Row::covered`], [`Row::cnd_blocks`]), from Learn, "Lock your resources to
//! protect your infrastructure" (MicrosoftDocs/azure-docs,
//! `articles/azure-resource-manager/management/lock-resources.md`, commit 03adcc30, CC BY 4.0):
//! - a lock applies to its scope and everything below it ("Lock inheritance"); a lock at
//!   the workspace covers its services and its private endpoint connections;
//! - ReadOnly refuses every control-plane write: PUT, PATCH, DELETE and POST actions
//!   ("Locks prevent the POST method…", e.g. listKeys); it also refuses role assignments at
//!   its scope ("A read-only lock also prevents the assignment of Azure RBAC roles");
//! - CanNotDelete refuses deletes only, and the deletion of role assignments ("A
//!   cannot-delete lock on a resource or resource group prevents the deletion of Azure RBAC
//!   assignments"); deleting a group is refused by a lock anywhere inside it;
//! - a ReadOnly group refuses moves in or out ("prevents you from moving existing resources
//!   in or out of the resource group");
//! - locks do not apply to the data plane ("Locks only apply to control plane Azure
//!   operations"), nor to directory writes (Microsoft Graph, not ARM).
//!
//! Assumed where Learn is silent (and stated in the rules' text in the core):
//! - creating or deleting a lock is not refused by another lock (else no lock could be
//!   removed); only Owner and User Access Administrator may do it ("Who can create or delete
//!   locks");
//! - a private endpoint created in an unlocked group writes a connection under its target
//!   workspace: a ReadOnly lock on the workspace or its group refuses it;
//! - a move out of a group deletes the resource there: a CanNotDelete lock on the source
//!   group (or above) refuses it;
//! - deleting a private endpoint writes only its own group: the target's connection is
//!   marked disconnected by the provider, not by a request through ARM, so the target's
//!   locks do not refuse it.
//!
//! Key delete/recover are data-plane calls in Azure (hcsim records them as a PATCH of the
//! key's ARM resource): no lock refuses them (`a_keys_soft_delete_is_data_plane…`). Their
//! RBAC is still checked as a control-plane write (Azure checks the vault's access policies
//! or Key Vault data roles): a known simplification, outside this matrix.
//!
//! RBAC is checked before locks: a cell that both would refuse is a 403.

mod common;
use common::*;
use hcsim_core::*;
use serde_json::{Value, json};

const ALICE: &str = "alice@contoso.com";
const BOB: &str = "bob@contoso.com";
/// Alice's role assignment (at the subscription).
const ALICE_RA: &str = "00000000-0000-0000-0000-00000000a11c";
/// Bob's Reader assignment at rg1, for the role-assignment delete row.
const BOB_RA: &str = "00000000-0000-0000-0000-000000000b0b";

/// The roles of the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Owner,
    Contributor,
    Reader,
    Nobody,
    FhirDataContributor,
    FhirDataReader,
    FhirDataImporter,
    FhirDataExporter,
    FhirDataBulkOperator,
}

const ROLES: [Role; 9] = [
    Role::Owner,
    Role::Contributor,
    Role::Reader,
    Role::Nobody,
    Role::FhirDataContributor,
    Role::FhirDataReader,
    Role::FhirDataImporter,
    Role::FhirDataExporter,
    Role::FhirDataBulkOperator,
];

impl Role {
    /// The built-in role's name as the core knows it.
    fn name(self) -> Option<&'static str> {
        Some(match self {
            Role::Owner => "Owner",
            Role::Contributor => "Contributor",
            Role::Reader => "Reader",
            Role::Nobody => return None,
            Role::FhirDataContributor => "FHIR Data Contributor",
            Role::FhirDataReader => "FHIR Data Reader",
            Role::FhirDataImporter => "FHIR Data Importer",
            Role::FhirDataExporter => "FHIR Data Exporter",
            Role::FhirDataBulkOperator => "FHIR Data Bulk Operator",
        })
    }
}

/// What an action needs from the caller's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Need {
    /// `*/write` (PUT, PATCH, POST actions).
    Write,
    /// `*/delete`.
    Delete,
    /// `Microsoft.Authorization/*` (role assignments, locks).
    Authorization,
    /// A directory role (no Azure role grants one).
    Directory,
    /// A FHIR bulk operation.
    Bulk(&'static str),
}

/// The roles table of the module's documentation.
fn grants(role: Role, need: Need) -> bool {
    use Role::*;
    match need {
        Need::Write | Need::Delete => matches!(role, Owner | Contributor),
        Need::Authorization => role == Owner,
        Need::Directory => false,
        Need::Bulk(op) => match role {
            FhirDataContributor => true,
            FhirDataImporter => op == "$import",
            FhirDataExporter => op == "$export",
            FhirDataBulkOperator => op == "$bulk-delete",
            _ => false,
        },
    }
}

/// Where the lock under test is placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum At {
    Subscription,
    Group,
    Workspace,
}

/// The lock under test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lock {
    None,
    CanNotDelete(At),
    ReadOnly(At),
}

const LOCKS: [Lock; 7] = [
    Lock::None,
    Lock::CanNotDelete(At::Subscription),
    Lock::CanNotDelete(At::Group),
    Lock::CanNotDelete(At::Workspace),
    Lock::ReadOnly(At::Subscription),
    Lock::ReadOnly(At::Group),
    Lock::ReadOnly(At::Workspace),
];

/// What a user notices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    /// 2xx (or a probe's 200).
    Done,
    /// 403: RBAC or the directory refused.
    Forbidden,
    /// 409 `ScopeLocked`.
    Locked,
}

/// One write action of the matrix.
struct Row {
    name: &'static str,
    need: Need,
    /// The lock placements that cover what this action writes (empty: locks never apply).
    covered: &'static [At],
    /// A CanNotDelete lock refuses it (deletes, role-assignment deletes, moves out).
    cnd_blocks: bool,
    run: fn(&mut World) -> (u16, String),
}

/// The expected answer of one cell: RBAC first, then locks.
fn expected(row: &Row, role: Role, lock: Lock) -> Answer {
    if !grants(role, row.need) {
        return Answer::Forbidden;
    }
    let blocks = match lock {
        Lock::None => false,
        Lock::ReadOnly(at) => row.covered.contains(&at),
        Lock::CanNotDelete(at) => row.cnd_blocks && row.covered.contains(&at),
    };
    if blocks { Answer::Locked } else { Answer::Done }
}

/// What the core answered, as a user notices it.
fn observed(status: u16, code: &str) -> Option<Answer> {
    match (status, code) {
        (200..=299, _) => Some(Answer::Done),
        (403, _) => Some(Answer::Forbidden),
        (409, "ScopeLocked") => Some(Answer::Locked),
        _ => None,
    }
}

fn rg3() -> String {
    rg("rg3")
}
fn vnet(rg_name: &str, name: &str) -> String {
    format!(
        "{}/providers/Microsoft.Network/virtualNetworks/{name}",
        rg(rg_name)
    )
}
fn tags() -> Value {
    json!({"tags": {"team": "matrix"}})
}
fn sub() -> String {
    hcsim_core::id::build::subscription(SUB)
}

/// Sends a request as alice and returns its status and error code.
fn as_alice(w: &mut World, req: Request) -> (u16, String) {
    let r = send(w, req.as_principal(ALICE));
    let code = r.error.map(|e| e.code).unwrap_or_default();
    (r.status, code)
}

/// The pending private endpoint connection on ws1 (from pe1's manual request).
fn pending_connection(w: &World) -> String {
    w.resources_of_type("Microsoft.HealthcareApis/workspaces/privateEndpointConnections")
        .first()
        .map(|r| r.id.clone())
        .expect("pe1's manual request left a connection on ws1")
}

/// A FHIR bulk operation on fhir1 as alice.
fn bulk(w: &mut World, op: &str) -> (u16, String) {
    let p = probe_spec(
        w,
        ProbeSpec {
            target: fhir("rg1", "ws1", "fhir1"),
            from: Network::Public,
            principal: Some(ALICE.into()),
            path: Some(format!("/{op}")),
        },
    );
    (p.status, String::new())
}

/// A private endpoint body with one connection to ws1 (manual: it waits for approval), in
/// subnet `default` of `vnet1` of `rg_name`.
fn pe_to_ws1(rg_name: &str, manual: bool) -> Value {
    let mut b = private_endpoint_body("eastus", &ws("rg1", "ws1"));
    b["properties"]["subnet"]["id"] = json!(format!("{}/subnets/default", vnet(rg_name, "vnet1")));
    if manual {
        let conns = b["properties"]["privateLinkServiceConnections"].take();
        b["properties"]["manualPrivateLinkServiceConnections"] = conns;
    }
    b
}

/// Every lock placement.
const ALL: &[At] = &[At::Subscription, At::Group, At::Workspace];
/// The placements covering what lies in rg1 but outside ws1.
const GROUP: &[At] = &[At::Subscription, At::Group];

/// The rows of the resource-group, workspace and service types.
static HEALTHCARE_ROWS: &[Row] = &[
    Row {
        name: "PUT resource group",
        need: Need::Write,
        covered: &[At::Subscription],
        cnd_blocks: false,
        run: |w| as_alice(w, Request::put(rg3(), json!({"location": "eastus"}))),
    },
    Row {
        name: "PATCH resource group",
        need: Need::Write,
        covered: GROUP,
        cnd_blocks: false,
        run: |w| as_alice(w, Request::patch(rg("rg1"), tags())),
    },
    Row {
        name: "DELETE resource group",
        need: Need::Delete,
        covered: ALL,
        cnd_blocks: true,
        run: |w| as_alice(w, Request::delete(rg("rg1"))),
    },
    Row {
        name: "PUT workspace (create)",
        need: Need::Write,
        covered: GROUP,
        cnd_blocks: false,
        run: |w| {
            as_alice(
                w,
                Request::put(ws("rg1", "ws2"), json!({"location": "eastus"})),
            )
        },
    },
    Row {
        name: "PUT workspace (update)",
        need: Need::Write,
        covered: ALL,
        cnd_blocks: false,
        run: |w| {
            as_alice(
                w,
                Request::put(ws("rg1", "ws1"), json!({"location": "eastus"})),
            )
        },
    },
    Row {
        name: "PATCH workspace",
        need: Need::Write,
        covered: ALL,
        cnd_blocks: false,
        run: |w| as_alice(w, Request::patch(ws("rg1", "ws1"), tags())),
    },
    Row {
        name: "DELETE workspace",
        need: Need::Delete,
        covered: GROUP,
        cnd_blocks: true,
        run: |w| as_alice(w, Request::delete(ws("rg1", "ws9"))),
    },
    Row {
        name: "PUT FHIR service",
        need: Need::Write,
        covered: ALL,
        cnd_blocks: false,
        run: |w| {
            as_alice(
                w,
                Request::put(fhir("rg1", "ws1", "fhir2"), json!({"kind": "fhir-R4"})),
            )
        },
    },
    Row {
        name: "PATCH FHIR service",
        need: Need::Write,
        covered: ALL,
        cnd_blocks: false,
        run: |w| as_alice(w, Request::patch(fhir("rg1", "ws1", "fhir1"), tags())),
    },
    Row {
        name: "DELETE FHIR service",
        need: Need::Delete,
        covered: ALL,
        cnd_blocks: true,
        run: |w| as_alice(w, Request::delete(fhir("rg1", "ws1", "fhir1"))),
    },
    Row {
        name: "PUT DICOM service",
        need: Need::Write,
        covered: ALL,
        cnd_blocks: false,
        run: |w| as_alice(w, Request::put(dicom("rg1", "ws1", "dicom2"), json!({}))),
    },
    Row {
        name: "DELETE DICOM service",
        need: Need::Delete,
        covered: ALL,
        cnd_blocks: true,
        run: |w| as_alice(w, Request::delete(dicom("rg1", "ws1", "dicom1"))),
    },
    Row {
        name: "PUT IoT connector",
        need: Need::Write,
        covered: ALL,
        cnd_blocks: false,
        run: |w| as_alice(w, Request::put(iot("rg1", "ws1", "iot2"), json!({}))),
    },
    Row {
        name: "DELETE IoT connector",
        need: Need::Delete,
        covered: ALL,
        cnd_blocks: true,
        run: |w| as_alice(w, Request::delete(iot("rg1", "ws1", "iot1"))),
    },
    Row {
        name: "PUT FHIR destination",
        need: Need::Write,
        covered: ALL,
        cnd_blocks: false,
        run: |w| {
            let body = destination_body(&fhir("rg1", "ws1", "fhir1"));
            as_alice(w, Request::put(dest("rg1", "ws1", "iot1", "dest1"), body))
        },
    },
];

/// The rows of the other resource types, the actions and the data plane.
static OTHER_ROWS: &[Row] = &[
    Row {
        name: "PUT key vault",
        need: Need::Write,
        covered: GROUP,
        cnd_blocks: false,
        run: |w| {
            as_alice(
                w,
                Request::put(vault("rg1", "kv2"), json!({"location": "eastus"})),
            )
        },
    },
    Row {
        name: "PATCH key vault",
        need: Need::Write,
        covered: GROUP,
        cnd_blocks: false,
        run: |w| as_alice(w, Request::patch(vault("rg1", "kv1"), tags())),
    },
    Row {
        name: "DELETE key vault",
        need: Need::Delete,
        covered: GROUP,
        cnd_blocks: true,
        run: |w| as_alice(w, Request::delete(vault("rg1", "kv1"))),
    },
    Row {
        name: "PUT key",
        need: Need::Write,
        covered: GROUP,
        cnd_blocks: false,
        run: |w| {
            as_alice(
                w,
                Request::put(key("rg1", "kv1", "k2"), json!({"properties": {}})),
            )
        },
    },
    Row {
        name: "PUT virtual network",
        need: Need::Write,
        covered: GROUP,
        cnd_blocks: false,
        run: |w| {
            as_alice(
                w,
                Request::put(vnet("rg1", "vnet2"), json!({"location": "eastus"})),
            )
        },
    },
    Row {
        name: "DELETE virtual network",
        need: Need::Delete,
        covered: GROUP,
        cnd_blocks: true,
        run: |w| as_alice(w, Request::delete(vnet("rg1", "vnetD"))),
    },
    // Created in rg2 (never locked here); its connection is written under ws1 in rg1.
    Row {
        name: "PUT private endpoint (to a locked workspace)",
        need: Need::Write,
        covered: ALL,
        cnd_blocks: false,
        run: |w| {
            as_alice(
                w,
                Request::put(private_endpoint("rg2", "pe2"), pe_to_ws1("rg2", false)),
            )
        },
    },
    Row {
        name: "DELETE private endpoint",
        need: Need::Delete,
        covered: &[At::Subscription],
        cnd_blocks: true,
        run: |w| as_alice(w, Request::delete(private_endpoint("rg2", "pe1"))),
    },
    Row {
        name: "PUT private endpoint connection (approve)",
        need: Need::Write,
        covered: ALL,
        cnd_blocks: false,
        run: |w| {
            let conn = pending_connection(w);
            let body = json!({"properties": {"privateLinkServiceConnectionState": {"status": "Approved", "description": "ok"}}});
            as_alice(w, Request::put(conn, body))
        },
    },
    Row {
        name: "DELETE private endpoint connection",
        need: Need::Delete,
        covered: ALL,
        cnd_blocks: true,
        run: |w| {
            let conn = pending_connection(w);
            as_alice(w, Request::delete(conn))
        },
    },
    Row {
        name: "PUT role assignment",
        need: Need::Authorization,
        covered: GROUP,
        cnd_blocks: false,
        run: |w| {
            let bob = w
                .directory()
                .find(BOB)
                .map(|p| p.object_id.clone())
                .unwrap_or_default();
            let body = json!({"properties": {"roleDefinitionId": role_definition(CONTRIBUTOR), "principalId": bob}});
            as_alice(
                w,
                Request::put(
                    role_assignment(&rg("rg1"), "00000000-0000-0000-0000-000000000c0c"),
                    body,
                ),
            )
        },
    },
    Row {
        name: "DELETE role assignment",
        need: Need::Authorization,
        covered: GROUP,
        cnd_blocks: true,
        run: |w| as_alice(w, Request::delete(role_assignment(&rg("rg1"), BOB_RA))),
    },
    Row {
        name: "PUT lock",
        need: Need::Authorization,
        covered: &[],
        cnd_blocks: false,
        run: |w| {
            as_alice(
                w,
                Request::put(
                    lock(&rg("rg1"), "extra"),
                    json!({"properties": {"level": "CanNotDelete"}}),
                ),
            )
        },
    },
    Row {
        name: "DELETE lock",
        need: Need::Authorization,
        covered: &[],
        cnd_blocks: false,
        run: |w| as_alice(w, Request::delete(lock(&vnet("rg2", "vnetL"), "spare"))),
    },
    Row {
        name: "PUT deployment",
        need: Need::Write,
        covered: GROUP,
        cnd_blocks: false,
        run: |w| {
            let body = deployment_body(json!([template_workspace("ws3", "eastus")]), "Incremental");
            as_alice(w, Request::put(deployment("rg1", "d1"), body))
        },
    },
    Row {
        name: "POST moveResources (out of rg1)",
        need: Need::Write,
        covered: GROUP,
        cnd_blocks: true,
        run: |w| {
            let body =
                json!({"resources": [vnet("rg1", "vnetM")], "targetResourceGroup": rg("rg2")});
            as_alice(
                w,
                Request::post(format!("{}/moveResources", rg("rg1")), body),
            )
        },
    },
    Row {
        name: "az ad user create",
        need: Need::Directory,
        covered: &[],
        cnd_blocks: false,
        run: |w| {
            w.apply(&Input::ActAs {
                principal: ALICE.into(),
            });
            match w.apply(&Input::AddUser {
                name: "carol@contoso.com".into(),
            }) {
                Output::Refused { error } => (error.status, error.code),
                _ => (200, String::new()),
            }
        },
    },
    Row {
        name: "FHIR $import",
        need: Need::Bulk("$import"),
        covered: &[],
        cnd_blocks: false,
        run: |w| bulk(w, "$import"),
    },
    Row {
        name: "FHIR $export",
        need: Need::Bulk("$export"),
        covered: &[],
        cnd_blocks: false,
        run: |w| bulk(w, "$export"),
    },
    Row {
        name: "FHIR $bulk-delete",
        need: Need::Bulk("$bulk-delete"),
        covered: &[],
        cnd_blocks: false,
        run: |w| bulk(w, "$bulk-delete"),
    },
];

/// Two groups; in rg1 workspace ws1 (FHIR, DICOM, IoT connector), an empty workspace ws9, a
/// vault with a key, vnets; in rg2 a vnet, a private endpoint waiting for ws1's approval and
/// a vnet under a spare CanNotDelete lock; bob Reader at rg1.
fn base() -> World {
    let mut w = instant_world();
    for g in ["rg1", "rg2"] {
        create(&mut w, &rg(g), json!({"location": "eastus"}));
        setup_vnet(&mut w, g, "eastus");
    }
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    setup_workspace(&mut w, "rg1", "ws9", "eastus");
    add_fhir(&mut w, "rg1", "ws1", "fhir1");
    add_dicom(&mut w, "rg1", "ws1", "dicom1");
    create(&mut w, &iot("rg1", "ws1", "iot1"), json!({}));
    setup_key(&mut w, "rg1", "kv1", "k1");
    for (g, n) in [("rg1", "vnetD"), ("rg1", "vnetM"), ("rg2", "vnetL")] {
        create(&mut w, &vnet(g, n), json!({"location": "eastus"}));
    }
    create(
        &mut w,
        &private_endpoint("rg2", "pe1"),
        pe_to_ws1("rg2", true),
    );
    create(
        &mut w,
        &lock(&vnet("rg2", "vnetL"), "spare"),
        json!({"properties": {"level": "CanNotDelete"}}),
    );
    let bob = w
        .directory()
        .find(BOB)
        .expect("bob is in the default directory")
        .object_id
        .clone();
    let reader = hcsim_core::rbac::find_role("Reader")
        .expect("a built-in role")
        .id;
    let r = put(
        &mut w,
        &role_assignment(&rg("rg1"), BOB_RA),
        json!({"properties": {"roleDefinitionId": role_definition(reader), "principalId": bob}}),
    );
    ok(&r);
    w
}

/// The base world with alice holding `role` at `scope`.
fn with_role(base: &World, role: Role, scope: &str) -> World {
    let mut w = base.clone();
    if let Some(name) = role.name() {
        let alice = w
            .directory()
            .find(ALICE)
            .expect("alice is in the default directory")
            .object_id
            .clone();
        let id = hcsim_core::rbac::find_role(name)
            .expect("a built-in role")
            .id;
        ok(&put(
            &mut w,
            &role_assignment(scope, ALICE_RA),
            json!({"properties": {"roleDefinitionId": role_definition(id), "principalId": alice}}),
        ));
    }
    w
}

/// `w` with the lock under test placed (by the trainee, who owns the subscription).
fn with_lock(w: &World, l: Lock) -> World {
    let mut w = w.clone();
    let (level, at) = match l {
        Lock::None => return w,
        Lock::CanNotDelete(at) => ("CanNotDelete", at),
        Lock::ReadOnly(at) => ("ReadOnly", at),
    };
    let scope = match at {
        At::Subscription => sub(),
        At::Group => rg("rg1"),
        At::Workspace => ws("rg1", "ws1"),
    };
    ok(&put(
        &mut w,
        &lock(&scope, "under-test"),
        json!({"properties": {"level": level}}),
    ));
    w
}

#[test]
fn every_write_action_answers_as_azure_rbac_and_locks_say() {
    let rows: Vec<&Row> = HEALTHCARE_ROWS.iter().chain(OTHER_ROWS).collect();
    let base = base();
    let mut mismatches = Vec::new();
    let mut cells = 0;
    for role in ROLES {
        let with_role = with_role(&base, role, &sub());
        for l in LOCKS {
            let locked = with_lock(&with_role, l);
            for row in &rows {
                let mut w = locked.clone();
                let (status, code) = (row.run)(&mut w);
                let want = expected(row, role, l);
                let got = observed(status, &code);
                cells += 1;
                if got != Some(want) {
                    mismatches.push(format!(
                        "{:<45} {role:?} / {l:?}: expected {want:?}, got {status} {code}",
                        row.name
                    ));
                }
            }
        }
    }
    assert_eq!(cells, 35 * 9 * 7, "every row × role × lock was tried");
    assert!(
        mismatches.is_empty(),
        "{} of {cells} cells differ from Azure's rules:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// The rows that write outside rg1 (the subscription, or rg2): a role held at rg1 does not
/// reach there (assignments are inherited down, never up or sideways).
const OUTSIDE_RG1: &[&str] = &[
    "PUT resource group",
    "PUT private endpoint (to a locked workspace)",
    "DELETE private endpoint",
    "DELETE lock",
    "POST moveResources (out of rg1)",
];

#[test]
fn a_role_at_the_group_reaches_the_group_only() {
    let base = base();
    let mut mismatches = Vec::new();
    for role in ROLES {
        let w = with_role(&base, role, &rg("rg1"));
        for row in HEALTHCARE_ROWS.iter().chain(OTHER_ROWS) {
            let control_plane =
                matches!(row.need, Need::Write | Need::Delete | Need::Authorization);
            let want = if control_plane && OUTSIDE_RG1.contains(&row.name) {
                Answer::Forbidden
            } else {
                expected(row, role, Lock::None)
            };
            let (status, code) = (row.run)(&mut w.clone());
            if observed(status, &code) != Some(want) {
                mismatches.push(format!(
                    "{:<45} {role:?} at rg1: expected {want:?}, got {status} {code}",
                    row.name
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn the_expected_table_follows_the_documented_rules() {
    // Spot checks of the derivation itself, in the words of the docs.
    let rows: Vec<&Row> = HEALTHCARE_ROWS.iter().chain(OTHER_ROWS).collect();
    let row = |name: &str| {
        rows.iter()
            .find(|r| r.name == name)
            .expect("a row of the matrix")
    };
    // Contributor cannot write role assignments or locks.
    assert_eq!(
        expected(row("PUT role assignment"), Role::Contributor, Lock::None),
        Answer::Forbidden
    );
    assert_eq!(
        expected(row("PUT lock"), Role::Contributor, Lock::None),
        Answer::Forbidden
    );
    // ReadOnly blocks POST actions; CanNotDelete does not block writes.
    assert_eq!(
        expected(
            row("POST moveResources (out of rg1)"),
            Role::Owner,
            Lock::ReadOnly(At::Group)
        ),
        Answer::Locked
    );
    assert_eq!(
        expected(
            row("PATCH workspace"),
            Role::Owner,
            Lock::CanNotDelete(At::Subscription)
        ),
        Answer::Done
    );
    // Locks never touch the data plane; RBAC comes before locks.
    assert_eq!(
        expected(
            row("FHIR $import"),
            Role::FhirDataImporter,
            Lock::ReadOnly(At::Workspace)
        ),
        Answer::Done
    );
    assert_eq!(
        expected(
            row("DELETE FHIR service"),
            Role::Reader,
            Lock::ReadOnly(At::Workspace)
        ),
        Answer::Forbidden
    );
}

/// The inner failure of alice's deployment `d2` of `resources` into rg1: (code, rule) of
/// its first detail, or `None` when it succeeded.
fn deployment_inner_failure(w: &mut World, resources: Value) -> Option<(String, String)> {
    let body = deployment_body(resources, "Incremental");
    let r = send(
        w,
        Request::put(deployment("rg1", "d2"), body).as_principal(ALICE),
    );
    assert_eq!(
        r.status, 201,
        "the deployment itself is accepted: {:?}",
        r.error
    );
    wait(w, &r);
    let d = w
        .view(&deployment("rg1", "d2"))
        .expect("the deployment record exists");
    if d["properties"]["provisioningState"] == "Succeeded" {
        return None;
    }
    let detail = &d["properties"]["error"]["details"][0];
    Some((
        detail["code"].as_str().unwrap_or("").to_string(),
        detail["rule"].as_str().unwrap_or("").to_string(),
    ))
}

#[test]
fn a_deployment_meets_the_same_rbac_and_locks_as_its_resources() {
    // Contributor may deploy, but a role assignment in the template needs Owner: the inner
    // PUT is refused as the direct one is (403 AuthorizationFailed), and the run fails.
    let contributor = with_role(&base(), Role::Contributor, &sub());
    let bob = contributor
        .directory()
        .find(BOB)
        .expect("bob is in the default directory")
        .object_id
        .clone();
    let ra = json!([{
        "type": "Microsoft.Authorization/roleAssignments",
        "apiVersion": "2022-04-01",
        "name": "00000000-0000-0000-0000-000000000d0d",
        "properties": {"roleDefinitionId": role_definition(CONTRIBUTOR), "principalId": bob}
    }]);
    assert_eq!(
        deployment_inner_failure(&mut contributor.clone(), ra),
        Some(("AuthorizationFailed".into(), "rbac".into()))
    );
    // A ReadOnly lock on ws1: a template updating ws1 is accepted (the group is not
    // locked) and its inner PUT meets the lock (409 ScopeLocked).
    let owner = with_lock(
        &with_role(&base(), Role::Owner, &sub()),
        Lock::ReadOnly(At::Workspace),
    );
    let update = json!([template_workspace("ws1", "eastus")]);
    assert_eq!(
        deployment_inner_failure(&mut owner.clone(), update),
        Some(("ScopeLocked".into(), "scope-lock".into()))
    );
    // Under CanNotDelete the same update goes through.
    let cnd = with_lock(
        &with_role(&base(), Role::Owner, &sub()),
        Lock::CanNotDelete(At::Workspace),
    );
    assert_eq!(
        deployment_inner_failure(
            &mut cnd.clone(),
            json!([template_workspace("ws1", "eastus")])
        ),
        None
    );
}

#[test]
fn a_keys_soft_delete_is_data_plane_and_no_lock_refuses_it() {
    // `az keyvault key delete|recover` call the vault's data plane (hcsim records them on
    // the key's ARM resource): "Locks only apply to control plane Azure operations".
    let k = key("rg1", "kv1", "k1");
    for l in LOCKS {
        let mut w = with_lock(&with_role(&base(), Role::Owner, &sub()), l);
        let deleted = json!({"properties": {"deletedDate": "2026-01-01T00:00:00Z", "recoveryId": "x", "scheduledPurgeDate": "2026-04-01T00:00:00Z"}});
        assert_eq!(
            as_alice(&mut w, Request::patch(&k, deleted)).0,
            200,
            "{l:?}: delete"
        );
        let recovered = json!({"properties": {"deletedDate": null, "recoveryId": null, "scheduledPurgeDate": null}});
        assert_eq!(
            as_alice(&mut w, Request::patch(&k, recovered)).0,
            200,
            "{l:?}: recover"
        );
        // Anything else on the key is a control-plane write, refused under ReadOnly.
        let other = as_alice(&mut w, Request::patch(&k, json!({"tags": {"a": "b"}})));
        let read_only = matches!(l, Lock::ReadOnly(At::Subscription | At::Group));
        assert_eq!(
            observed(other.0, &other.1),
            Some(if read_only {
                Answer::Locked
            } else {
                Answer::Done
            }),
            "{l:?}: tags"
        );
    }
}
