//! The command table indexed by path: every line names its command, and a pass over the
//! whole table ([`COMMANDS`], some hundreds of entries) compared each of them with the line's
//! words. Here each command's path is hashed into an open-addressing table built at compile
//! time, so a line finds its command in a probe or two per prefix of its words.
//!
//! The hash is FNV-1a over the path's words, each followed by a zero byte (no word of the
//! table holds one, so `["az", "group"]` and `["azgroup"]` hash apart), the same function at
//! compile time and at run time; a slot's command is confirmed word by word, so a collision
//! costs a comparison, never a wrong answer.

use super::grammar::{COMMANDS, CommandSpec};

/// Slots of [`BY_PATH`]: a power of two at least twice the table's size (checked at compile
/// time), so a probe seldom meets another command.
const SLOTS: usize = 1024;

/// An empty slot of [`BY_PATH`].
const EMPTY: u16 = u16::MAX;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The hash after one more word.
const fn hash_word(mut h: u64, word: &[u8]) -> u64 {
    let mut i = 0;
    while i < word.len() {
        h ^= word[i] as u64;
        h = h.wrapping_mul(FNV_PRIME);
        i += 1;
    }
    // The word's end.
    h.wrapping_mul(FNV_PRIME)
}

/// The hash of a whole path.
const fn hash_path(path: &[&str]) -> u64 {
    let mut h = FNV_OFFSET;
    let mut i = 0;
    while i < path.len() {
        h = hash_word(h, path[i].as_bytes());
        i += 1;
    }
    h
}

/// The slot a hash starts probing at.
const fn home(h: u64) -> usize {
    // The high bits mix every byte; the low ones of FNV less so.
    (h >> 32) as usize & (SLOTS - 1)
}

/// Each command's index in [`COMMANDS`], in the slot its path hashes to (or the next free one).
static BY_PATH: [u16; SLOTS] = build();

const fn build() -> [u16; SLOTS] {
    assert!(COMMANDS.len() * 2 <= SLOTS && COMMANDS.len() < EMPTY as usize);
    let mut table = [EMPTY; SLOTS];
    let mut c = 0;
    while c < COMMANDS.len() {
        let mut slot = home(hash_path(COMMANDS[c].path));
        while table[slot] != EMPTY {
            slot = (slot + 1) & (SLOTS - 1);
        }
        table[slot] = c as u16;
        c += 1;
    }
    table
}

/// The longest command path (a line's prefixes longer than it name no command).
const MAX_PATH: usize = {
    let mut most = 0;
    let mut c = 0;
    while c < COMMANDS.len() {
        if COMMANDS[c].path.len() > most {
            most = COMMANDS[c].path.len();
        }
        c += 1;
    }
    most
};

/// The command whose path hashes to `h` and is exactly `words`.
fn probe<S: AsRef<str>>(h: u64, words: &[S]) -> Option<&'static CommandSpec> {
    let mut slot = home(h);
    loop {
        let c = COMMANDS.get(usize::from(BY_PATH[slot]))?;
        if c.path.len() == words.len() && c.path.iter().zip(words).all(|(a, b)| *a == b.as_ref()) {
            return Some(c);
        }
        slot = (slot + 1) & (SLOTS - 1);
    }
}

/// The command whose path is exactly `words`.
pub fn find_command<S: AsRef<str>>(words: &[S]) -> Option<&'static CommandSpec> {
    if words.len() > MAX_PATH {
        return None;
    }
    let h = words
        .iter()
        .fold(FNV_OFFSET, |h, w| hash_word(h, w.as_ref().as_bytes()));
    probe(h, words)
}

/// The command whose path is the shortest prefix of `words`: where the parser's walk of the
/// command tree stops when the words name a command (each shorter prefix is then a group the
/// next word continues). Each longer prefix is hashed on from the shorter one's hash.
pub(crate) fn shortest_command_prefix(words: &[&str]) -> Option<&'static CommandSpec> {
    let mut h = FNV_OFFSET;
    for n in 1..=words.len().min(MAX_PATH) {
        h = hash_word(h, words[n - 1].as_bytes());
        if let Some(c) = probe(h, &words[..n]) {
            return Some(c);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use alloc::vec::Vec;

    use super::{COMMANDS, find_command, shortest_command_prefix};

    /// What a pass over the table finds.
    fn scanned(words: &[&str]) -> Option<&'static super::CommandSpec> {
        COMMANDS
            .iter()
            .filter(|c| {
                c.path.len() <= words.len() && c.path.iter().zip(words).all(|(a, b)| a == b)
            })
            .min_by_key(|c| c.path.len())
    }

    #[test]
    fn every_command_is_found_by_its_path_and_by_nothing_else() {
        for (i, c) in COMMANDS.iter().enumerate() {
            let found = find_command(c.path).map(|f| f as *const _);
            assert_eq!(found, Some(&COMMANDS[i] as *const _), "{}", c.path_str());
            for n in 1..c.path.len() {
                let prefix = &c.path[..n];
                let exact = COMMANDS.iter().find(|o| o.path == prefix);
                assert_eq!(find_command(prefix).map(|f| f.path), exact.map(|o| o.path));
            }
        }
        let mut paths: Vec<_> = COMMANDS.iter().map(|c| c.path).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), COMMANDS.len(), "no two commands share a path");
    }

    #[test]
    fn a_line_finds_the_command_a_pass_over_the_table_finds() {
        let extra = [
            "--name",
            "rg1",
            "create",
            "show",
            "group",
            "az",
            "",
            "workspace",
            "fhir-service",
        ];
        for c in COMMANDS {
            for tail in extra {
                let mut words: Vec<&str> = c.path.to_vec();
                words.push(tail);
                assert_eq!(
                    shortest_command_prefix(&words).map(|f| f.path),
                    scanned(&words).map(|f| f.path),
                    "{words:?}"
                );
                // A word changed at each place finds what the scan finds (usually nothing).
                for at in 0..words.len() {
                    let mut changed = words.clone();
                    changed[at] = "azgroup";
                    assert_eq!(
                        shortest_command_prefix(&changed).map(|f| f.path),
                        scanned(&changed).map(|f| f.path),
                        "{changed:?}"
                    );
                }
            }
        }
        assert!(shortest_command_prefix(&[]).is_none());
        assert!(find_command::<&str>(&[]).is_none());
    }
}
