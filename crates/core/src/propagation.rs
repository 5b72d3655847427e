//! Propagation delays: changes Azure accepts at once but that take effect only minutes later.
//! They apply in realistic timing only; in instant timing every change is effective at once.
//!
//! - A new role assignment grants nothing for [`RBAC_DELAY`]. Source: Microsoft Learn, Azure
//!   RBAC troubleshooting ("When you assign roles or remove role assignments, it can take up to
//!   10 minutes for changes to take effect", MicrosoftDocs/azure-docs
//!   `articles/role-based-access-control/troubleshooting.md`). Assumptions: hcsim uses the
//!   upper bound, without jitter, for a removal too (the removed assignment still grants for
//!   10 minutes); assignments the session starts with are in effect from the start.
//! - An approved private endpoint connection blocks public data-plane traffic only after
//!   [`PUBLIC_BLOCK_DELAY`]. Source: "It can take up to 5 minutes after updating the public
//!   network access flag before public traffic is blocked" (MicrosoftDocs/azure-docs
//!   `articles/healthcare-apis/healthcare-apis-configure-private-link.md`, commit 0300cb44).
//!   Assumption: the same 5 minutes when the approval of a connection turns public access off
//!   ("When an approved private endpoint is created … public traffic to it is automatically
//!   disabled", same article); private access works from the approval on.

use alloc::string::String;
use alloc::vec::Vec;

use crate::config::Timing;
use crate::resource::Resource;
use crate::sorted;
use crate::time::{Millis, SimTime};

/// How long a new role assignment takes to grant anything (realistic timing).
pub const RBAC_DELAY: Millis = Millis::mins(10);

/// How long an approved private endpoint connection takes to block public traffic.
pub const PUBLIC_BLOCK_DELAY: Millis = Millis::mins(5);

/// Who made the assignments a session starts with (the trainee's Owner role).
const SEEDED_BY: &str = "system";

/// Whether the role assignment `ra` grants its role at `now`.
pub fn grant_in_effect(ra: &Resource, now: SimTime, timing: Timing) -> bool {
    in_effect_since(ra.created_at, seeded(&ra.created_by), now, timing)
}

/// Whether an assignment made by `created_by` is one the session started with.
pub fn seeded(created_by: &str) -> bool {
    created_by == SEEDED_BY
}

/// [`grant_in_effect`] from the assignment's creation time and whether it is
/// [`seeded`] (what the store keeps of each assignment).
pub fn in_effect_since(created_at: SimTime, seeded: bool, now: SimTime, timing: Timing) -> bool {
    timing == Timing::Instant || seeded || now >= created_at + RBAC_DELAY
}

/// A role assignment removed in realistic timing: it still grants until [`RBAC_DELAY`] after
/// its removal.
#[derive(Clone, Debug)]
struct Revoked {
    /// The lower-cased id of the scope it was assigned at.
    scope: String,
    /// The assignment as it was.
    grant: Resource,
    /// When it was removed.
    at: SimTime,
}

/// When each private endpoint connection was approved, by lower-cased id, and the role
/// assignments removed less than [`RBAC_DELAY`] ago.
///
/// Invariants: `approved_at` holds only connections whose last known status is `Approved`;
/// the time is that of the transition to `Approved`, not of later writes that keep it
/// approved. `revoked` holds only removals younger than [`RBAC_DELAY`] at the last removal.
#[derive(Clone, Debug, Default)]
pub struct Propagation {
    /// Sorted by id (`crate::sorted`: a handful of connections, no map layout of its own).
    approved_at: Vec<(String, SimTime)>,
    revoked: Vec<Revoked>,
}

impl Propagation {
    /// Records the connection `id`'s status as written at `at`.
    pub fn connection_status(&mut self, id: &str, approved: bool, at: SimTime) {
        let key = id.to_lowercase();
        if !approved {
            sorted::take(&mut self.approved_at, &key);
        } else if sorted::look_up(&self.approved_at, &key).is_none() {
            sorted::put(&mut self.approved_at, key, at);
        }
    }

    /// Records a role assignment removed at `at` from the scope `scope_id` (realistic timing
    /// only; older removals are forgotten).
    pub fn assignment_removed(&mut self, scope_id: &str, grant: Resource, at: SimTime) {
        self.revoked.retain(|r| at < r.at + RBAC_DELAY);
        self.revoked.push(Revoked {
            scope: scope_id.to_lowercase(),
            grant,
            at,
        });
    }

    /// The removed assignments that still grant at `now`, with their scope ids (none in
    /// instant timing).
    pub fn still_granting(
        &self,
        now: SimTime,
        timing: Timing,
    ) -> impl Iterator<Item = (&str, &Resource)> {
        self.revoked
            .iter()
            .filter(move |r| timing == Timing::Realistic && now < r.at + RBAC_DELAY)
            .map(|r| (r.scope.as_str(), &r.grant))
    }

    /// Whether the approved connection `id` blocks public traffic at `now` (a connection
    /// with no recorded approval, e.g. one from before timing changed, blocks).
    pub fn blocks_public(&self, id: &str, now: SimTime, timing: Timing) -> bool {
        if timing == Timing::Instant {
            return true;
        }
        sorted::look_up(&self.approved_at, &id.to_lowercase())
            .is_none_or(|at| now >= *at + PUBLIC_BLOCK_DELAY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approval_time_is_kept_until_the_connection_is_no_longer_approved() {
        let mut p = Propagation::default();
        p.connection_status("/x/PEC1", true, SimTime(1000));
        p.connection_status("/x/pec1", true, SimTime(9000));
        let five = SimTime(1000) + PUBLIC_BLOCK_DELAY;
        assert!(!p.blocks_public("/x/pec1", SimTime(five.0 - 1), Timing::Realistic));
        assert!(p.blocks_public("/x/pec1", five, Timing::Realistic));
        assert!(p.blocks_public("/x/pec1", SimTime(1000), Timing::Instant));
        p.connection_status("/x/pec1", false, SimTime(20_000));
        assert!(p.blocks_public("/x/pec1", SimTime(20_000), Timing::Realistic));
    }
}
