//! The store's role-assignment facts (`Store::grants_at`, what RBAC reads; once a memo of
//! the bodies, hence the name) change no answer compared with reading every body afresh:
//! random sessions of group, role-assignment and lock writes and reads, made as different
//! principals, with sign-in changes, time passing (realistic timing's propagation delays)
//! and checkpoints restored (a world cloned, then put back), run twice — memo on and off —
//! and every output and the trace hash after every step are the same.

use hcsim_core::id::ArmPath;
use hcsim_core::*;
use proptest::prelude::*;
use serde_json::json;

const SUB: &str = "11111111-1111-1111-1111-111111111111";
const GROUPS: [&str; 2] = ["rg1", "rg2"];
const PRINCIPALS: [&str; 3] = [
    "trainee@contoso.com",
    "alice@contoso.com",
    "bob@contoso.com",
];
/// Owner, Contributor, Reader, User Access Administrator, FHIR Data Reader (rbac.rs ids).
const ROLES: [&str; 5] = [
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    "4c8d0bbc-75d3-4935-991f-5f3c56d81508",
];
const GUIDS: [&str; 3] = [
    "00000000-0000-0000-0000-00000000000a",
    "00000000-0000-0000-0000-00000000000b",
    "00000000-0000-0000-0000-00000000000c",
];

/// One random step of a session.
#[derive(Clone, Debug)]
enum Op {
    /// PUT, GET or DELETE of a group, or the subscription's group LIST (`verb` 0–3).
    Group { verb: u8, rg: usize, who: usize },
    /// A role assignment at the subscription (`scope` 0) or a group, written or deleted.
    Assign {
        delete: bool,
        scope: usize,
        guid: usize,
        to: usize,
        role: usize,
        who: usize,
    },
    /// A lock on a group, written or deleted.
    Lock {
        delete: bool,
        rg: usize,
        read_only: bool,
        who: usize,
    },
    /// `sim as`.
    ActAs(usize),
    /// Time passes (minutes).
    Advance(u64),
    /// A checkpoint taken.
    Save,
    /// The last checkpoint put back.
    Restore,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..4, 0..2usize, 0..3usize).prop_map(|(verb, rg, who)| Op::Group { verb, rg, who }),
        4 => (any::<bool>(), 0..3usize, 0..3usize, 0..3usize, 0..5usize, 0..3usize).prop_map(
            |(delete, scope, guid, to, role, who)| Op::Assign { delete, scope, guid, to, role, who }
        ),
        2 => (any::<bool>(), 0..2usize, any::<bool>(), 0..3usize)
            .prop_map(|(delete, rg, read_only, who)| Op::Lock { delete, rg, read_only, who }),
        1 => (0..3usize).prop_map(Op::ActAs),
        1 => (0u64..15).prop_map(Op::Advance),
        1 => Just(Op::Save),
        1 => Just(Op::Restore),
    ]
}

fn group(rg: usize) -> ArmPath {
    ArmPath::at_subscription(SUB).group(GROUPS[rg])
}

fn scope(k: usize) -> ArmPath {
    if k == 0 {
        ArmPath::at_subscription(SUB)
    } else {
        group(k - 1)
    }
}

fn object_id(w: &World, who: usize) -> String {
    w.directory()
        .find(PRINCIPALS[who])
        .map(|p| p.object_id.clone())
        .unwrap_or_default()
}

/// The input `op` makes in `w` (`None`: a checkpoint step).
fn input(w: &World, op: &Op) -> Option<Input> {
    let req = match *op {
        Op::Group { verb, rg, who } => {
            let path = group(rg).request_path();
            let req = match verb {
                0 => Request::put(path, json!({"location": "eastus"})),
                1 => Request::get(path),
                2 => Request::list(
                    ArmPath::at_subscription(SUB)
                        .collection("resourcegroups")
                        .request_path(),
                ),
                _ => Request::delete(path),
            };
            req.as_principal(PRINCIPALS[who])
        }
        Op::Assign {
            delete,
            scope: s,
            guid,
            to,
            role,
            who,
        } => {
            let path = scope(s)
                .provider("Microsoft.Authorization", "roleAssignments", GUIDS[guid])
                .request_path();
            let req = if delete {
                Request::delete(path)
            } else {
                let definition = ArmPath::at_subscription(SUB)
                    .provider("Microsoft.Authorization", "roleDefinitions", ROLES[role])
                    .to_string();
                Request::put(
                    path,
                    json!({"properties": {"roleDefinitionId": definition, "principalId": object_id(w, to)}}),
                )
            };
            req.as_principal(PRINCIPALS[who])
        }
        Op::Lock {
            delete,
            rg,
            read_only,
            who,
        } => {
            let path = group(rg)
                .provider("Microsoft.Authorization", "locks", "lock1")
                .request_path();
            let req = if delete {
                Request::delete(path)
            } else {
                let level = if read_only {
                    "ReadOnly"
                } else {
                    "CanNotDelete"
                };
                Request::put(path, json!({"properties": {"level": level}}))
            };
            req.as_principal(PRINCIPALS[who])
        }
        Op::ActAs(who) => {
            return Some(Input::ActAs {
                principal: PRINCIPALS[who].into(),
            });
        }
        Op::Advance(minutes) => {
            return Some(Input::Advance {
                by: Millis::mins(minutes),
            });
        }
        Op::Save | Op::Restore => return None,
    };
    Some(Input::Request(req))
}

/// Runs `ops` on two worlds, memo on and off, comparing every output and trace hash.
fn compare(timing: Timing, ops: &[Op]) -> Result<(), TestCaseError> {
    let start = World::new(Config {
        timing,
        ..Config::new(7)
    });
    let mut on = start.clone();
    let mut off = start;
    off.set_grant_memo(false);
    let (mut saved_on, mut saved_off) = (on.clone(), off.clone());
    for (k, op) in ops.iter().enumerate() {
        match op {
            Op::Save => (saved_on, saved_off) = (on.clone(), off.clone()),
            Op::Restore => (on, off) = (saved_on.clone(), saved_off.clone()),
            _ => {
                let Some(i) = input(&on, op) else { continue };
                let (a, b) = (on.apply(&i), off.apply(&i));
                prop_assert_eq!(a, b, "step {} {:?}", k, op);
            }
        }
        prop_assert_eq!(on.trace_hash(), off.trace_hash(), "step {} {:?}", k, op);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn the_rbac_memo_changes_no_answer(
        realistic in any::<bool>(),
        ops in proptest::collection::vec(op(), 1..50),
    ) {
        let timing = if realistic { Timing::Realistic } else { Timing::Instant };
        compare(timing, &ops)?;
    }
}

/// The memo is exercised: an assignment changed in place after being read answers anew.
#[test]
fn a_rewritten_assignment_is_read_again() {
    let ops = [
        Op::Assign {
            delete: false,
            scope: 0,
            guid: 0,
            to: 1,
            role: 2,
            who: 0,
        },
        Op::Group {
            verb: 0,
            rg: 0,
            who: 1,
        },
        Op::Assign {
            delete: true,
            scope: 0,
            guid: 0,
            to: 1,
            role: 2,
            who: 0,
        },
        Op::Assign {
            delete: false,
            scope: 0,
            guid: 0,
            to: 1,
            role: 1,
            who: 0,
        },
        Op::Group {
            verb: 0,
            rg: 0,
            who: 1,
        },
        Op::Save,
        Op::Assign {
            delete: true,
            scope: 0,
            guid: 0,
            to: 1,
            role: 1,
            who: 0,
        },
        Op::Group {
            verb: 3,
            rg: 0,
            who: 1,
        },
        Op::Restore,
        Op::Group {
            verb: 3,
            rg: 0,
            who: 1,
        },
    ];
    let mut w = World::new(Config {
        timing: Timing::Instant,
        ..Config::new(7)
    });
    let mut statuses = Vec::new();
    let mut saved = w.clone();
    for op in &ops {
        match op {
            Op::Save => saved = w.clone(),
            Op::Restore => w = saved.clone(),
            _ => {
                if let Some(i) = input(&w, op) {
                    statuses.push(w.apply(&i).status());
                }
            }
        }
    }
    // Reader: the group PUT is refused; Contributor: it is made; after the assignment's
    // removal alice may not delete; with the checkpoint put back she may.
    assert_eq!(
        statuses,
        [
            Some(201),
            Some(403),
            Some(200),
            Some(201),
            Some(201),
            Some(200),
            Some(403),
            Some(202)
        ]
    );
    compare(Timing::Instant, &ops).unwrap();
}
