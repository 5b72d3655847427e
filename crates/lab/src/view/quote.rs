//! One quoting policy for every command line a front end builds: a value goes into a line so
//! that the lab's tokenizer (`shell::tokenize`) gives it back unchanged, whatever it holds
//! (spaces, quotes, `;`, `#`, `$`, newlines). Plain words stay bare so lines read as people
//! type them; anything else is single-quoted, the POSIX way (`'` becomes `'\''`), because
//! inside single quotes the tokenizer takes every character literally.

use alloc::string::String;
use core::fmt;

/// True for characters that never need quoting: they are not special to the tokenizer nor to
/// a POSIX shell the line may be pasted into (`$`, `*`, `#`, `~` … are quoted for that reason).
fn is_plain(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | ':' | '=' | '@' | ',' | '+' | '%')
}

/// `value` as one word of a command line: bare when it is a plain word, else single-quoted.
/// The empty value is `''` (an empty word, not a missing one).
pub fn quote(value: &str) -> String {
    if !value.is_empty() && value.chars().all(is_plain) {
        return String::from(value);
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if c == '\'' {
            // Close the quote, an escaped quote, reopen: the shell's only way.
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// A command line built from trusted command words and quoted values, so a front end never
/// glues user text into a line by hand.
///
/// ```
/// use hcsim_lab::view::CommandLine;
/// let line = CommandLine::new("az group create").opt("--name", "my rg").opt("--location", "eastus");
/// assert_eq!(line.as_str(), "az group create --name 'my rg' --location eastus");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandLine(String);

impl CommandLine {
    /// A line starting with `words` (the command itself, written by the program: not quoted).
    pub fn new(words: &str) -> CommandLine {
        CommandLine(String::from(words.trim()))
    }

    /// Adds a positional value, quoted.
    pub fn arg(mut self, value: &str) -> CommandLine {
        self.0.push(' ');
        self.0.push_str(&quote(value));
        self
    }

    /// Adds `flag value`, the value quoted.
    pub fn opt(self, flag: &str, value: &str) -> CommandLine {
        self.flag(flag).arg(value)
    }

    /// Adds `flag value` when there is a value.
    pub fn opt_some(self, flag: &str, value: Option<&str>) -> CommandLine {
        match value {
            Some(v) => self.opt(flag, v),
            None => self,
        }
    }

    /// Adds `flag v1 v2 …`, each value quoted (az's space-separated lists).
    pub fn opt_list<'a>(
        self,
        flag: &str,
        values: impl IntoIterator<Item = &'a str>,
    ) -> CommandLine {
        let mut line = self.flag(flag);
        for v in values {
            line = line.arg(v);
        }
        line
    }

    /// Adds a flag with no value (`--yes`), written by the program: not quoted.
    pub fn flag(mut self, flag: &str) -> CommandLine {
        self.0.push(' ');
        self.0.push_str(flag);
        self
    }

    /// The line.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The line, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for CommandLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<CommandLine> for String {
    fn from(line: CommandLine) -> String {
        line.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::tokenize;
    use alloc::vec;
    use alloc::vec::Vec;
    use proptest::prelude::*;

    #[test]
    fn plain_words_stay_bare() {
        assert_eq!(quote("rg1"), "rg1");
        assert_eq!(
            quote("/subscriptions/x/resourceGroups/rg1"),
            "/subscriptions/x/resourceGroups/rg1"
        );
        assert_eq!(quote("event-hub-name=hub1"), "event-hub-name=hub1");
    }

    #[test]
    fn special_values_are_single_quoted() {
        assert_eq!(quote(""), "''");
        assert_eq!(quote("$Default"), "'$Default'");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), "'it'\\''s'");
        assert_eq!(quote("a;b"), "'a;b'");
        assert_eq!(quote("#x"), "'#x'");
    }

    #[test]
    fn builder_quotes_values_not_commands() {
        let line = CommandLine::new("az healthcareapis workspace create")
            .opt("--name", "ws1")
            .opt("--resource-group", "my group")
            .opt_some("--subscription", None)
            .opt_list("--parameters", ["a=1", "b=two words"])
            .flag("--yes");
        assert_eq!(
            line.as_str(),
            "az healthcareapis workspace create --name ws1 --resource-group 'my group' --parameters a=1 'b=two words' --yes"
        );
        assert_eq!(tokenize(line.as_str()).unwrap_or_default()[7], "my group");
    }

    proptest! {
        /// Any value, quoted, is one word the tokenizer gives back unchanged.
        #[test]
        fn a_quoted_value_round_trips(value in any::<String>()) {
            let words = tokenize(&quote(&value));
            prop_assert_eq!(words.ok(), Some(vec![value]));
        }

        /// Several quoted values after a command come back as the same list.
        #[test]
        fn a_built_line_round_trips(values in proptest::collection::vec(any::<String>(), 0..8)) {
            let mut line = CommandLine::new("sim echo");
            for v in &values {
                line = line.arg(v);
            }
            let mut expected: Vec<String> = vec!["sim".into(), "echo".into()];
            expected.extend(values.iter().cloned());
            prop_assert_eq!(tokenize(line.as_str()).ok(), Some(expected));
        }
    }
}
