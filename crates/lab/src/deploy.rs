//! `az deployment group …`: deploy, what-if, show and list ARM templates.

use crate::exec::{Ctx, Failure, Res};
use crate::lab::Outcome;
use crate::shell::Command;

/// Runs `az deployment group VERB`.
pub(crate) fn run(_ctx: &mut Ctx<'_>, cmd: &Command, _sub: &str, _verb: &str) -> Res<Outcome> {
    Err(Failure::usage(
        "NotAvailable",
        alloc::format!("'{}' is being built.", cmd.path_str()),
    ))
}
