//! The bytes a JSON string must escape, found eight at a time: the history's request writer
//! (`input_log`) and the lab's az printer both copy the plain runs between them whole.

/// The bytes of the little-endian word `w` that JSON escapes (a control character below
/// 0x20, `"` or `\`), each flagged by its high bit; zero when there is none. The bit tricks
/// of "Bit Twiddling Hacks" (public domain): `(w - n…) & !w & 0x80…` flags the bytes below
/// `n ≤ 128`, and a zero byte of `w ^ c…` (one below 1) is a byte of `w` equal to `c`. A
/// borrow only runs upward from a flagged byte, so no byte below the first one that needs an
/// escape is flagged: the lowest flag is exactly that byte (bytes above it may be flagged
/// wrongly). The three tests share `& !w & 0x80…`, as `w ^ c…` keeps `w`'s high bits when
/// `c` is ASCII.
pub fn escape_flags(w: u64) -> u64 {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let control = w.wrapping_sub(ONES * 0x20);
    let quote = (w ^ (ONES * u64::from(b'"'))).wrapping_sub(ONES);
    let backslash = (w ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES);
    (control | quote | backslash) & !w & HIGH
}

#[cfg(test)]
mod tests {
    use super::escape_flags;

    /// The lowest flag is the first byte that needs an escape, for every byte value at every
    /// place of a word, after plain bytes and with anything above it.
    #[test]
    fn the_lowest_flag_is_the_first_escaped_byte() {
        let escaped = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
        for fill in [b'a', 0x80, 0xff, 0x21, 0x5d, 0x20, 0x00, b'"'] {
            for at in 0..8 {
                for v in 0..=255u8 {
                    let mut bytes = [b'a'; 8];
                    bytes[at] = v;
                    bytes[at + 1..].fill(fill);
                    let want = bytes.iter().position(|&b| escaped(b));
                    let flags = escape_flags(u64::from_le_bytes(bytes));
                    let got = (flags != 0).then(|| (flags.trailing_zeros() / 8) as usize);
                    assert_eq!(got, want, "{bytes:?}");
                }
            }
        }
    }
}
