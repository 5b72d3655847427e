//! What a word on a command line is, before any command gives it meaning: a flag or a
//! value. A leaf module: the lexer, the parser and completion all share this vocabulary,
//! and none of them has to import another for it.

/// Whether a word is a flag rather than a value: `--x…` or `-` followed by a letter.
/// `-5` and `-` alone are values.
pub(crate) fn is_flag_like(word: &str) -> bool {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some('-'), Some('-')) => word.len() > 2,
        (Some('-'), Some(c)) => c.is_ascii_alphabetic(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_flag_like;

    #[test]
    fn flags_and_values() {
        assert!(is_flag_like("--name"));
        assert!(is_flag_like("-n"));
        assert!(is_flag_like("--name=x"));
        assert!(!is_flag_like("--"));
        assert!(!is_flag_like("-"));
        assert!(!is_flag_like("-5"));
        assert!(!is_flag_like("rg1"));
        assert!(!is_flag_like(""));
    }
}
