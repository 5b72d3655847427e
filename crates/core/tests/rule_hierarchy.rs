//! Rules of the workspace hierarchy: workspace-first, workspace-delete-requires-empty,
//! resource-group-delete-cascades, region-immutable, child-in-workspace-region,
//! child-cannot-move, quota, busy-resource, resource-group-being-deleted.

mod common;
use common::*;
use hcsim_core::*;
use serde_json::json;

#[test]
fn workspace_first_rejects_a_service_without_its_workspace() {
    let mut w = world();
    create(&mut w, &rg("rg1"), json!({"location": "eastus"}));
    let e = rejected(
        &mut w,
        Request::put(fhir("rg1", "ws1", "fhir1"), json!({"kind": "fhir-R4"})),
        404,
        "ParentResourceNotFound",
        RuleId::WorkspaceFirst,
    );
    assert!(e.message.contains("ws1"), "{}", e.message);
    assert!(w.find(&fhir("rg1", "ws1", "fhir1")).is_none());
}

#[test]
fn workspace_first_rejects_a_service_while_the_workspace_is_still_creating() {
    let mut w = world();
    create(&mut w, &rg("rg1"), json!({"location": "eastus"}));
    let r = put(&mut w, &ws("rg1", "ws1"), json!({"location": "eastus"}));
    assert_eq!(r.status, 201);
    assert_eq!(state(&w, &ws("rg1", "ws1")), ProvisioningState::Creating);
    rejected(
        &mut w,
        Request::put(fhir("rg1", "ws1", "fhir1"), json!({})),
        409,
        "Conflict",
        RuleId::WorkspaceFirst,
    );
    // The right way: wait until the workspace is Succeeded, then create the service.
    wait(&mut w, &r);
    let r = put_wait(&mut w, &fhir("rg1", "ws1", "fhir1"), json!({}));
    assert_eq!(r.status, 201);
    assert_eq!(
        state(&w, &fhir("rg1", "ws1", "fhir1")),
        ProvisioningState::Succeeded
    );
}

#[test]
fn workspace_first_positive_service_created_inside_its_workspace() {
    let mut w = world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let r = put(
        &mut w,
        &fhir("rg1", "ws1", "fhir1"),
        json!({"kind": "fhir-R4"}),
    );
    assert_eq!(r.status, 201);
    assert_eq!(r.body["properties"]["provisioningState"], "Creating");
    wait(&mut w, &r);
    let v = w.view(&fhir("rg1", "ws1", "fhir1")).unwrap();
    assert_eq!(v["properties"]["provisioningState"], "Succeeded");
    assert_eq!(v["location"], "eastus");
    assert_eq!(
        v["type"], "Microsoft.HealthcareApis/workspaces/fhirservices",
        "canonical type"
    );
}

#[test]
fn workspace_delete_requires_empty() {
    let mut w = world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    let e = rejected(
        &mut w,
        Request::delete(&ws_id),
        409,
        "CannotDeleteResource",
        RuleId::WorkspaceDeleteRequiresEmpty,
    );
    assert!(
        e.message.contains("fhir1"),
        "names the nested resource: {}",
        e.message
    );
    // Right way: delete the children first, then the workspace.
    let r = delete_wait(&mut w, &f);
    assert_eq!(r.status, 202);
    assert!(w.find(&f).is_none());
    let r = delete_wait(&mut w, &ws_id);
    assert_eq!(r.status, 202);
    assert!(w.find(&ws_id).is_none());
    // The group itself stays.
    assert!(w.find(&rg("rg1")).is_some());
}

#[test]
fn workspace_delete_requires_empty_counts_iot_connectors_too() {
    let mut w = instant_world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    create(&mut w, &iot("rg1", "ws1", "iot1"), json!({}));
    rejected(
        &mut w,
        Request::delete(&ws_id),
        409,
        "CannotDeleteResource",
        RuleId::WorkspaceDeleteRequiresEmpty,
    );
    delete_wait(&mut w, &iot("rg1", "ws1", "iot1"));
    ok(&delete_wait(&mut w, &ws_id));
    assert!(w.find(&ws_id).is_none());
}

#[test]
fn resource_group_delete_cascades_children_first_and_spares_other_groups() {
    let mut w = world();
    let ws1 = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let f1 = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    let d1 = add_dicom(&mut w, "rg1", "ws1", "dicom1");
    setup_workspace(&mut w, "rg2", "ws2", "westus2");
    let f2 = add_fhir(&mut w, "rg2", "ws2", "fhir2");
    let rg2_before: Vec<_> = fingerprint(&w)
        .into_iter()
        .filter(|(id, ..)| id.starts_with(&rg("rg2")))
        .collect();
    assert_eq!(rg2_before.len(), 3);
    let count = w.resource_count();
    let since = mark(&w);
    let r = send(&mut w, Request::delete(rg("rg1")));
    assert_eq!(r.status, 202);
    // While the group is being deleted, everything in it shows Deleting.
    for id in [&rg("rg1"), &ws1, &f1, &d1] {
        assert_eq!(state(&w, id), ProvisioningState::Deleting, "{id}");
    }
    wait(&mut w, &r);
    for id in [&rg("rg1"), &ws1, &f1, &d1] {
        assert!(w.find(id).is_none(), "{id} should be gone");
    }
    assert_eq!(w.resource_count(), count - 4);
    // One CascadeDeleted per child, children before their workspace, the group last.
    let evs = events_since(&w, since);
    let cascaded: Vec<String> = evs
        .iter()
        .filter_map(|e| match e {
            EventKind::CascadeDeleted { id, by, .. } => {
                assert_eq!(by, &rg("rg1"));
                Some(id.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(cascaded.len(), 3, "{cascaded:?}");
    for id in [&ws1, &f1, &d1] {
        assert_eq!(cascaded.iter().filter(|c| *c == id).count(), 1, "{id}");
    }
    let pos = |id: &str| cascaded.iter().position(|c| c == id).unwrap();
    assert!(
        pos(&f1) < pos(&ws1) && pos(&d1) < pos(&ws1),
        "children first"
    );
    let last_delete = evs.iter().rev().find_map(|e| match e {
        EventKind::ResourceDeleted { id, .. } | EventKind::CascadeDeleted { id, .. } => Some(id),
        _ => None,
    });
    assert_eq!(last_delete, Some(&rg("rg1")), "the group goes last");
    // The other group is untouched.
    let rg2_after: Vec<_> = fingerprint(&w)
        .into_iter()
        .filter(|(id, ..)| id.starts_with(&rg("rg2")))
        .collect();
    assert_eq!(rg2_after, rg2_before);
    assert_eq!(state(&w, &f2), ProvisioningState::Succeeded);
    // The workspace name is reusable in the same subscription once its group is gone.
    create(&mut w, &rg("rg1"), json!({"location": "eastus"}));
    create(&mut w, &ws1, json!({"location": "eastus"}));
}

#[test]
fn region_immutable_workspace_location_cannot_change() {
    let mut w = world();
    // Positive: the workspace region may differ from the group's.
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "westus2");
    assert_eq!(w.view(&ws_id).unwrap()["location"], "westus2");
    rejected(
        &mut w,
        Request::put(&ws_id, json!({"location": "eastus"})),
        400,
        "InvalidResourceLocation",
        RuleId::RegionImmutable,
    );
    // Positive: an update that keeps the region (written as a display name) is accepted.
    let r = put_wait(
        &mut w,
        &ws_id,
        json!({"location": "West US 2", "tags": {"env": "test"}}),
    );
    assert_eq!(r.status, 200, "{:?}", r.error);
    let v = w.view(&ws_id).unwrap();
    assert_eq!(v["location"], "westus2");
    assert_eq!(v["tags"]["env"], "test");
    assert_eq!(state(&w, &ws_id), ProvisioningState::Succeeded);
}

#[test]
fn region_immutable_resource_group_location_cannot_change() {
    let mut w = world();
    create(&mut w, &rg("rg1"), json!({"location": "eastus"}));
    rejected(
        &mut w,
        Request::put(rg("rg1"), json!({"location": "westeurope"})),
        // ARM's answer for a group (Azure/azure-cli#22242, 409 per trailofbits/algo#1814);
        // the old expectation (400 InvalidResourceLocation) is what resources get.
        409,
        "InvalidResourceGroupLocation",
        RuleId::RegionImmutable,
    );
    let r = put(
        &mut w,
        &rg("rg1"),
        json!({"location": "eastus", "tags": {"a": "b"}}),
    );
    assert_eq!(r.status, 200);
}

#[test]
fn child_in_workspace_region_rejects_the_groups_region() {
    let mut w = world();
    setup_workspace(&mut w, "rg1", "ws1", "westus2");
    // The classic az mistake: --location defaults to the group's region (eastus).
    let e = rejected(
        &mut w,
        Request::put(fhir("rg1", "ws1", "fhir1"), json!({"location": "eastus"})),
        400,
        "InvalidResourceLocation",
        RuleId::ChildInWorkspaceRegion,
    );
    assert!(e.message.contains("westus2"), "{}", e.message);
    rejected(
        &mut w,
        Request::put(dicom("rg1", "ws1", "dicom1"), json!({"location": "eastus"})),
        400,
        "InvalidResourceLocation",
        RuleId::ChildInWorkspaceRegion,
    );
    // Right way: the workspace's region, given or inherited.
    create(
        &mut w,
        &fhir("rg1", "ws1", "fhir1"),
        json!({"location": "westus2"}),
    );
    create(&mut w, &dicom("rg1", "ws1", "dicom1"), json!({}));
    assert_eq!(
        w.view(&dicom("rg1", "ws1", "dicom1")).unwrap()["location"],
        "westus2"
    );
    // An existing service cannot be moved to another region either.
    rejected(
        &mut w,
        Request::put(fhir("rg1", "ws1", "fhir1"), json!({"location": "eastus"})),
        400,
        "InvalidResourceLocation",
        RuleId::ChildInWorkspaceRegion,
    );
}

fn move_body(ids: &[&str], target: &str) -> serde_json::Value {
    json!({"resources": ids, "targetResourceGroup": target})
}

#[test]
fn child_cannot_move_but_the_whole_workspace_can() {
    let mut w = instant_world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "westus2");
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    create(&mut w, &rg("rg2"), json!({"location": "westeurope"}));
    let action = format!("{}/moveResources", rg("rg1"));
    rejected(
        &mut w,
        Request::post(&action, move_body(&[&f], &rg("rg2"))),
        400,
        "ResourceMoveNotSupported",
        RuleId::ChildCannotMove,
    );
    // The right way: move the workspace, which takes its services along; regions stay.
    let r = send(
        &mut w,
        Request::post(&action, move_body(&[&ws_id], &rg("rg2"))),
    );
    assert_eq!(r.status, 202, "{:?}", r.error);
    assert!(w.find(&ws_id).is_none() && w.find(&f).is_none());
    let moved = fhir("rg2", "ws1", "fhir1");
    let v = w
        .view(&moved)
        .expect("the service moved with its workspace");
    assert_eq!(v["id"], moved);
    assert_eq!(v["location"], "westus2", "region never changes");
    assert_eq!(w.view(&ws("rg2", "ws1")).unwrap()["location"], "westus2");
}

#[test]
fn quota_ten_workspaces_per_subscription() {
    let mut w = instant_world();
    create(&mut w, &rg("rg1"), json!({"location": "eastus"}));
    create(&mut w, &rg("rg2"), json!({"location": "eastus"}));
    for i in 0..10 {
        let g = if i % 2 == 0 { "rg1" } else { "rg2" };
        create(
            &mut w,
            &ws(g, &format!("ws{i}")),
            json!({"location": "eastus"}),
        );
    }
    let e = rejected(
        &mut w,
        Request::put(ws("rg1", "ws10"), json!({"location": "eastus"})),
        409,
        "QuotaExceeded",
        RuleId::Quota,
    );
    assert!(e.message.contains("10"), "{}", e.message);
    // The quota is per subscription: the other subscription still has room.
    create(&mut w, &rg_in(SUB2, "rg1"), json!({"location": "eastus"}));
    create(
        &mut w,
        &ws_in(SUB2, "rg1", "other1"),
        json!({"location": "eastus"}),
    );
    // Deleting one frees a slot.
    ok(&delete_wait(&mut w, &ws("rg1", "ws0")));
    create(&mut w, &ws("rg1", "ws10"), json!({"location": "eastus"}));
}

#[test]
fn quota_ten_fhir_and_ten_dicom_per_workspace() {
    let mut w = instant_world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    setup_workspace(&mut w, "rg1", "ws2", "eastus");
    for i in 0..10 {
        add_fhir(&mut w, "rg1", "ws1", &format!("fhir{i}"));
    }
    rejected(
        &mut w,
        Request::put(fhir("rg1", "ws1", "fhir10"), json!({})),
        409,
        "QuotaExceeded",
        RuleId::Quota,
    );
    // DICOM has its own quota, and another workspace its own count.
    for i in 0..10 {
        add_dicom(&mut w, "rg1", "ws1", &format!("dicom{i}"));
    }
    rejected(
        &mut w,
        Request::put(dicom("rg1", "ws1", "dicom10"), json!({})),
        409,
        "QuotaExceeded",
        RuleId::Quota,
    );
    add_fhir(&mut w, "rg1", "ws2", "fhir10");
    // Updating an existing service at the quota is fine; deleting one frees a slot.
    let r = put_wait(
        &mut w,
        &fhir("rg1", "ws1", "fhir3"),
        json!({"tags": {"a": "b"}}),
    );
    assert_eq!(r.status, 200, "{:?}", r.error);
    ok(&delete_wait(&mut w, &fhir("rg1", "ws1", "fhir3")));
    add_fhir(&mut w, "rg1", "ws1", "fhir10");
}

#[test]
fn busy_resource_rejects_writes_while_provisioning() {
    let mut w = world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let f = fhir("rg1", "ws1", "fhir1");
    let r = put(&mut w, &f, json!({}));
    assert_eq!(r.status, 201);
    assert_eq!(state(&w, &f), ProvisioningState::Creating);
    rejected(
        &mut w,
        Request::patch(&f, json!({"tags": {"a": "b"}})),
        409,
        "Conflict",
        RuleId::BusyResource,
    );
    rejected(
        &mut w,
        Request::put(&f, json!({"tags": {"a": "b"}})),
        409,
        "Conflict",
        RuleId::BusyResource,
    );
    rejected(
        &mut w,
        Request::delete(&f),
        409,
        "Conflict",
        RuleId::BusyResource,
    );
    // Right way: wait for the operation to finish, then write.
    wait(&mut w, &r);
    let r = patch(&mut w, &f, json!({"tags": {"a": "b"}}));
    assert_eq!(r.status, 200);
    assert_eq!(w.view(&f).unwrap()["tags"]["a"], "b");
}

#[test]
fn busy_resource_rejects_writes_while_deleting() {
    let mut w = world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let r = send(&mut w, Request::delete(&ws_id));
    assert_eq!(r.status, 202);
    assert_eq!(state(&w, &ws_id), ProvisioningState::Deleting);
    rejected(
        &mut w,
        Request::put(&ws_id, json!({"location": "eastus"})),
        409,
        "Conflict",
        RuleId::BusyResource,
    );
    rejected(
        &mut w,
        Request::put(fhir("rg1", "ws1", "fhir1"), json!({})),
        409,
        "Conflict",
        RuleId::BusyResource,
    );
    // A second DELETE is accepted again (202), as ARM does.
    assert_eq!(send(&mut w, Request::delete(&ws_id)).status, 202);
    wait(&mut w, &r);
    assert!(w.find(&ws_id).is_none());
    create(&mut w, &ws_id, json!({"location": "eastus"}));
}

#[test]
fn resource_group_being_deleted_takes_nothing_new() {
    let mut w = world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let r = send(&mut w, Request::delete(rg("rg1")));
    assert_eq!(r.status, 202);
    rejected(
        &mut w,
        Request::put(ws("rg1", "ws2"), json!({"location": "eastus"})),
        409,
        "ResourceGroupBeingDeleted",
        RuleId::ResourceGroupBeingDeleted,
    );
    rejected(
        &mut w,
        Request::put(vault("rg1", "kv1"), json!({"location": "eastus"})),
        409,
        "ResourceGroupBeingDeleted",
        RuleId::ResourceGroupBeingDeleted,
    );
    // Right way: wait until the deletion finishes, create the group again, deploy into it.
    wait(&mut w, &r);
    assert!(w.find(&rg("rg1")).is_none());
    create(&mut w, &rg("rg1"), json!({"location": "eastus"}));
    create(&mut w, &ws("rg1", "ws2"), json!({"location": "eastus"}));
}
