//! Resource provider registrations of subscriptions (`az provider register`).

use alloc::string::String;
use alloc::vec::Vec;

/// Which (subscription, namespace) pairs are unregistered; every other pair is registered.
///
/// Invariants: keys are lower-cased; a session starts with everything registered (the empty
/// set), so most sessions never pay for the look-up; each pair is held once. Nothing reads
/// the pairs in order and a session unregisters a handful at most: a `Vec` searched in turn
/// keeps a `BTreeMap` layout out of the browser's start module (docs/WASM-SIZE.md, fifth
/// stop).
#[derive(Clone, Debug, Default)]
pub struct Registrations {
    unregistered: Vec<(String, String)>,
}

impl Registrations {
    /// True if nothing is unregistered anywhere.
    pub fn all_registered(&self) -> bool {
        self.unregistered.is_empty()
    }

    /// True if `subscription` is registered for `namespace` (case-insensitive).
    pub fn is_registered(&self, subscription: &str, namespace: &str) -> bool {
        self.unregistered.is_empty()
            || self
                .position(&subscription.to_lowercase(), &namespace.to_lowercase())
                .is_none()
    }

    /// Where the lower-cased pair is in `unregistered`, if it is there.
    fn position(&self, subscription: &str, namespace: &str) -> Option<usize> {
        self.unregistered
            .iter()
            .position(|(s, n)| s == subscription && n == namespace)
    }

    /// Registers (or unregisters) `subscription` for `namespace`.
    pub fn set(&mut self, subscription: &str, namespace: &str, registered: bool) {
        let (subscription, namespace) = (subscription.to_lowercase(), namespace.to_lowercase());
        match (self.position(&subscription, &namespace), registered) {
            (Some(at), true) => {
                self.unregistered.swap_remove(at);
            }
            (None, false) => self.unregistered.push((subscription, namespace)),
            _ => {}
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
