//! The seeded pseudo-random generator inside core (SplitMix64): the only source of randomness,
//! so the same seed and the same inputs always give the same events, native or wasm.

use serde::{Deserialize, Serialize};

/// SplitMix64: tiny, fast, and good enough for jitter and fault dice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..n` (0 when `n` is 0); the tiny modulo bias does not matter here.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// True with probability `percent`/100 (integer ratio, no floats in decisions).
    pub fn chance_percent(&mut self, percent: u8) -> bool {
        self.below(100) < u64::from(percent.min(100))
    }
}

/// A stable 64-bit FNV-1a hash (used for the trace hash, object ids and derived names).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A deterministic GUID-shaped string derived from `text` (object ids, role assignment names).
pub fn guid_from(text: &str) -> alloc::string::String {
    let a = fnv1a(text.as_bytes());
    let b = fnv1a(&a.to_le_bytes())
        ^ fnv1a(
            text.as_bytes()
                .iter()
                .rev()
                .copied()
                .collect::<alloc::vec::Vec<u8>>()
                .as_slice(),
        );
    alloc::format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        (a >> 32) as u32,
        (a >> 16) as u16,
        (a & 0xfff) as u16,
        0x8000 | ((b >> 48) as u16 & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let (mut a, mut b) = (Rng::new(42), Rng::new(42));
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
    }

    #[test]
    fn chance_extremes() {
        let mut r = Rng::new(7);
        assert!((0..1000).all(|_| !r.chance_percent(0)));
        assert!((0..1000).all(|_| r.chance_percent(100)));
    }

    #[test]
    fn guid_is_stable_and_shaped() {
        let g = guid_from("alice@contoso.com");
        assert_eq!(g, guid_from("alice@contoso.com"));
        assert_eq!(g.len(), 36);
        assert_ne!(g, guid_from("bob@contoso.com"));
    }
}
