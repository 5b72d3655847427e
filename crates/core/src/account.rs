//! The signed-in account: who acts (`sim as`) and in which subscription (`az account set`).

use alloc::string::String;

/// Who is acting and the current subscription.
///
/// Invariant: both name things that exist: the acting principal is in the directory and the
/// subscription in the store (the world checks before it changes them).
#[derive(Clone, Debug)]
pub struct Account {
    acting: String,
    subscription: String,
}

impl Account {
    /// Signed in as `acting`, in `subscription`.
    pub fn new(acting: &str, subscription: &str) -> Account {
        Account {
            acting: acting.into(),
            subscription: subscription.into(),
        }
    }

    /// The acting principal's sign-in name.
    pub fn acting(&self) -> &str {
        &self.acting
    }

    /// The current subscription id.
    pub fn subscription(&self) -> &str {
        &self.subscription
    }

    /// Acts as another principal.
    pub fn act_as(&mut self, name: String) {
        self.acting = name;
    }

    /// Selects another subscription.
    pub fn select(&mut self, subscription: String) {
        self.subscription = subscription;
    }
}
