//! Resource provider registrations of subscriptions (`az provider register`).

use alloc::collections::BTreeMap;
use alloc::string::String;

/// Which (subscription, namespace) pairs are unregistered; every other pair is registered.
///
/// Invariants: keys are lower-cased; a session starts with everything registered (the empty
/// set), so most sessions never pay for the look-up.
#[derive(Clone, Debug, Default)]
pub struct Registrations {
    unregistered: BTreeMap<(String, String), ()>,
}

impl Registrations {
    /// True if nothing is unregistered anywhere.
    pub fn all_registered(&self) -> bool {
        self.unregistered.is_empty()
    }

    /// True if `subscription` is registered for `namespace` (case-insensitive).
    pub fn is_registered(&self, subscription: &str, namespace: &str) -> bool {
        self.unregistered.is_empty()
            || !self
                .unregistered
                .contains_key(&(subscription.to_lowercase(), namespace.to_lowercase()))
    }

    /// Registers (or unregisters) `subscription` for `namespace`.
    pub fn set(&mut self, subscription: &str, namespace: &str, registered: bool) {
        let key = (subscription.to_lowercase(), namespace.to_lowercase());
        if registered {
            self.unregistered.remove(&key);
        } else {
            self.unregistered.insert(key, ());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_is_per_subscription_and_case_insensitive() {
        let mut r = Registrations::default();
        assert!(r.all_registered());
        r.set("SUB1", "Microsoft.HealthcareApis", false);
        assert!(!r.is_registered("sub1", "microsoft.healthcareapis"));
        assert!(r.is_registered("sub2", "Microsoft.HealthcareApis"));
        r.set("sub1", "MICROSOFT.HEALTHCAREAPIS", true);
        assert!(r.is_registered("sub1", "Microsoft.HealthcareApis"));
        assert!(r.all_registered());
    }
}
