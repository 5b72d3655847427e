//! The store's table of role assignments' facts (what RBAC reads: `Store::grants_at`) says
//! what the assignments' bodies say after any session: random role-assignment writes
//! (created, rewritten with another role or principal, deleted) at the subscription, a group
//! or a workspace, groups created and deleted with what is in them, undo and redo (history
//! checkpoints restored and replayed), and worlds cloned and written apart. After every step
//! `Store::check_grants` compares the facts with the bodies, in the session's world and in a
//! clone taken earlier (which later writes must not reach).

use hcsim_core::history::Session;
use hcsim_core::id::ArmPath;
use hcsim_core::*;
use proptest::prelude::*;
use serde_json::json;

const SUB: &str = "11111111-1111-1111-1111-111111111111";
const GROUPS: [&str; 2] = ["rg1", "rg2"];
/// Owner, Reader, FHIR Data Reader (rbac.rs ids) and one hcsim does not know.
const ROLES: [&str; 4] = [
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    "4c8d0bbc-75d3-4935-991f-5f3c56d81508",
    "00000000-0000-0000-0000-0000000000ff",
];
const GUIDS: [&str; 3] = [
    "00000000-0000-0000-0000-00000000000a",
    "00000000-0000-0000-0000-00000000000b",
    "00000000-0000-0000-0000-00000000000c",
];
/// Principal ids as written: an object id in two cases and one longer than a GUID.
const PRINCIPALS: [&str; 3] = [
    "AAAAAAAA-0000-0000-0000-000000000001",
    "aaaaaaaa-0000-0000-0000-000000000001",
    "a-principal-id-longer-than-any-object-id-is",
];

#[derive(Clone, Debug)]
enum Op {
    /// A group created (with a workspace) or deleted with everything in it.
    Group {
        delete: bool,
        rg: usize,
    },
    /// A role assignment at the subscription (0), a group (1, 2) or a workspace (3, 4).
    Assign {
        delete: bool,
        scope: usize,
        guid: usize,
        role: usize,
        to: usize,
    },
    Undo,
    Redo,
    /// A clone of the world kept (checked after every later step).
    Keep,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (any::<bool>(), 0..2usize).prop_map(|(delete, rg)| Op::Group { delete, rg }),
        5 => (any::<bool>(), 0..5usize, 0..3usize, 0..4usize, 0..3usize).prop_map(
            |(delete, scope, guid, role, to)| Op::Assign { delete, scope, guid, role, to }
        ),
        2 => Just(Op::Undo),
        1 => Just(Op::Redo),
        1 => Just(Op::Keep),
    ]
}

fn group(rg: usize) -> ArmPath {
    ArmPath::at_subscription(SUB).group(GROUPS[rg])
}

fn workspace(rg: usize) -> ArmPath {
    group(rg).provider("Microsoft.HealthcareApis", "workspaces", "ws1")
}

fn scope(k: usize) -> ArmPath {
    match k {
        0 => ArmPath::at_subscription(SUB),
        1 | 2 => group(k - 1),
        _ => workspace(k - 3),
    }
}

/// The requests `op` makes (none for history steps).
fn requests(op: &Op) -> Vec<Request> {
    match *op {
        Op::Group { delete: true, rg } => vec![Request::delete(group(rg).request_path())],
        Op::Group { delete: false, rg } => vec![
            Request::put(group(rg).request_path(), json!({"location": "eastus"})),
            Request::put(workspace(rg).request_path(), json!({"location": "eastus"})),
        ],
        Op::Assign {
            delete,
            scope: s,
            guid,
            role,
            to,
        } => {
            let path = scope(s)
                .provider("Microsoft.Authorization", "roleAssignments", GUIDS[guid])
                .request_path();
            if delete {
                return vec![Request::delete(path)];
            }
            let definition = ArmPath::at_subscription(SUB)
                .provider("Microsoft.Authorization", "roleDefinitions", ROLES[role])
                .to_string();
            vec![Request::put(
                path,
                json!({"properties": {"roleDefinitionId": definition, "principalId": PRINCIPALS[to]}}),
            )]
        }
        Op::Undo | Op::Redo | Op::Keep => Vec::new(),
    }
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut session = Session::new(Config {
        timing: Timing::Instant,
        ..Config::new(3)
    });
    session.apply(
        "sub",
        Input::AddSubscription {
            id: SUB.into(),
            name: "s".into(),
        },
    );
    let mut kept: Vec<World> = Vec::new();
    for (k, op) in ops.iter().enumerate() {
        match op {
            Op::Undo => {
                session.undo();
            }
            Op::Redo => {
                session.redo();
            }
            Op::Keep => kept.push(session.world().clone()),
            _ => {
                for r in requests(op) {
                    session.apply("step", Input::Request(r));
                }
            }
        }
        let now = session.world().store().check_grants();
        prop_assert!(now.is_ok(), "step {} {:?}: {:?}", k, op, now);
        for w in &kept {
            let then = w.store().check_grants();
            prop_assert!(then.is_ok(), "a kept clone after step {}: {:?}", k, then);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_store_facts_follow_the_bodies_through_writes_undo_and_clones(
        ops in proptest::collection::vec(op(), 1..40),
    ) {
        run(&ops)?;
    }
}

/// A session whose assignments end up at every kind of scope, some rewritten and some
/// deleted, and an undo past them: the facts agree at every step (a fixed case beside the
/// random ones).
#[test]
fn a_fixed_session_keeps_the_facts_in_step() {
    let assign = |delete, scope, guid, role, to| Op::Assign {
        delete,
        scope,
        guid,
        role,
        to,
    };
    let ops = [
        Op::Group {
            delete: false,
            rg: 0,
        },
        assign(false, 0, 0, 1, 0),
        assign(false, 1, 1, 0, 2),
        assign(false, 3, 2, 2, 1),
        Op::Keep,
        assign(false, 1, 1, 3, 0),
        assign(true, 0, 0, 0, 0),
        Op::Undo,
        Op::Undo,
        Op::Redo,
        Op::Group {
            delete: true,
            rg: 0,
        },
        Op::Undo,
    ];
    run(&ops).expect("the facts follow the bodies");
}
