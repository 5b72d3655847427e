//! "Did you mean …?": the closest candidate to a mistyped word.

use alloc::vec::Vec;

/// Words longer than this are compared on their first `MAX_CHARS` characters only, so a
/// hostile 64 KB token cannot make the quadratic distance computation slow.
const MAX_CHARS: usize = 64;

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so `nmae`
/// is one edit from `name`), case-insensitive.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a
        .chars()
        .take(MAX_CHARS)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let b: Vec<char> = b
        .chars()
        .take(MAX_CHARS)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let width = b.len() + 1;
    // Three rolling rows: two back (for transpositions), previous, current.
    let mut two_back: Vec<usize> = alloc::vec![0; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur: Vec<usize> = alloc::vec![0; width];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(two_back[j - 2] + 1);
            }
            cur[j] = best;
        }
        core::mem::swap(&mut two_back, &mut prev);
        core::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `typed`, if it is close enough to be a plausible typo: within
/// a third of its length in edits (at least 2), or the only candidate that `typed` is a
/// prefix of. Ties go to the earlier candidate, so results are deterministic.
pub(crate) fn closest<'a, I>(typed: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let typed_trimmed = typed.trim_start_matches('-');
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    let mut best: Option<(usize, &'a str)> = None;
    for cand in &candidates {
        let d = distance(typed, cand);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    if let Some((d, cand)) = best {
        let cand_len = cand.trim_start_matches('-').chars().count();
        let limit = (cand_len / 3).max(2);
        // `d < cand_len` keeps a two-letter word from "matching" any other two-letter word.
        if d > 0 && d <= limit && d < cand_len {
            return Some(cand);
        }
    }
    if typed_trimmed.is_empty() {
        return None;
    }
    let mut prefixed = candidates.iter().filter(|c| {
        c.len() > typed.len()
            && c.get(..typed.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(typed))
    });
    match (prefixed.next(), prefixed.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transposition_is_one_edit() {
        assert_eq!(distance("nmae", "name"), 1);
        assert_eq!(distance("fhir-servic", "fhir-service"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("Name", "name"), 0);
    }

    #[test]
    fn closest_picks_typo_and_unique_prefix() {
        assert_eq!(
            closest("fhir-servic", ["dicom-service", "fhir-service", "create"]),
            Some("fhir-service")
        );
        assert_eq!(closest("--nmae", ["--name", "--tags"]), Some("--name"));
        assert_eq!(
            closest("--resource", ["--resource-group", "--name"]),
            Some("--resource-group")
        );
        assert_eq!(closest("zzzzzzzz", ["create", "delete"]), None);
    }
}
