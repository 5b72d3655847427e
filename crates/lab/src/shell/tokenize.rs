//! Splitting a line into words the way a POSIX shell would, for what az lines need.
//!
//! Supported: whitespace separation; `'single'` quotes (everything literal, so `'$Default'`
//! stays `$Default`); `"double"` quotes with `\"`, `\\`, `\$` and `` \` `` escapes; backslash
//! escapes outside quotes; adjacent parts joined into one word (`a='b c'` is `a=b c`);
//! `#` comments at the start of a word; `;` between commands. Nothing is expanded: `$x`
//! and `*` stay as typed, because hcsim has no variables or files to expand them to.

use alloc::string::String;
use alloc::vec::Vec;

use super::{ErrorCode, ShellError};

/// The longest line accepted, in bytes.
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// The most words one line may hold (all its commands together).
pub const MAX_TOKENS: usize = 1000;

/// What the lexer found: the words of each command, and where each command ends.
struct Lexed {
    commands: Vec<Vec<String>>,
    /// Byte ranges of each command's text in the line, comments excluded.
    spans: Vec<(usize, usize)>,
}

#[derive(Clone, Copy)]
enum Mode {
    Normal,
    Single { column: usize },
    Double { column: usize },
}

fn lex(line: &str) -> Result<Lexed, ShellError> {
    if line.len() > MAX_LINE_BYTES {
        return Err(ShellError::new(
            ErrorCode::Tokenize,
            alloc::format!(
                "the line is {} bytes long; the limit is {MAX_LINE_BYTES} bytes",
                line.len()
            ),
        ));
    }
    let mut commands: Vec<Vec<String>> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut mode = Mode::Normal;
    let mut total = 0usize;
    let mut start = 0usize;
    let mut end = line.len();
    let mut chars = line.char_indices().enumerate().peekable();

    // Ends the current word, enforcing the word limit.
    let mut finish_word = |word: &mut String,
                           in_word: &mut bool,
                           words: &mut Vec<String>|
     -> Result<(), ShellError> {
        if *in_word {
            total += 1;
            if total > MAX_TOKENS {
                return Err(ShellError::new(
                    ErrorCode::Tokenize,
                    alloc::format!("the line has more than {MAX_TOKENS} words"),
                ));
            }
            words.push(core::mem::take(word));
            *in_word = false;
        }
        Ok(())
    };

    while let Some((index, (byte, ch))) = chars.next() {
        let column = index + 1;
        match mode {
            Mode::Normal => match ch {
                ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' => {
                    finish_word(&mut word, &mut in_word, &mut words)?;
                }
                ';' => {
                    finish_word(&mut word, &mut in_word, &mut words)?;
                    commands.push(core::mem::take(&mut words));
                    spans.push((start, byte));
                    start = byte + 1;
                }
                '#' if !in_word => {
                    // A comment runs to the end of the line, `;` included, as in sh.
                    end = byte;
                    break;
                }
                '\'' => {
                    in_word = true;
                    mode = Mode::Single { column };
                }
                '"' => {
                    in_word = true;
                    mode = Mode::Double { column };
                }
                '\\' => match chars.next() {
                    // Backslash-newline continues the line.
                    Some((_, (_, '\n'))) => {}
                    Some((_, (_, next))) => {
                        in_word = true;
                        word.push(next);
                    }
                    // A lone trailing backslash has nothing to escape: keep it.
                    None => {
                        in_word = true;
                        word.push('\\');
                    }
                },
                other => {
                    in_word = true;
                    word.push(other);
                }
            },
            Mode::Single { .. } => {
                if ch == '\'' {
                    mode = Mode::Normal;
                } else {
                    word.push(ch);
                }
            }
            Mode::Double { .. } => match ch {
                '"' => mode = Mode::Normal,
                '\\' => match chars.peek() {
                    Some((_, (_, next @ ('"' | '\\' | '$' | '`')))) => {
                        word.push(*next);
                        chars.next();
                    }
                    Some((_, (_, '\n'))) => {
                        chars.next();
                    }
                    // Any other backslash is literal inside double quotes (POSIX).
                    _ => word.push('\\'),
                },
                other => word.push(other),
            },
        }
    }
    match mode {
        Mode::Normal => {}
        Mode::Single { column } | Mode::Double { column } => {
            let which = if matches!(mode, Mode::Single { .. }) {
                "single"
            } else {
                "double"
            };
            let mut err = ShellError::new(
                ErrorCode::Tokenize,
                alloc::format!(
                    "unterminated {which} quote: the quote opened at column {column} is never closed"
                ),
            );
            err.column = Some(column);
            return Err(err);
        }
    }
    finish_word(&mut word, &mut in_word, &mut words)?;
    commands.push(words);
    spans.push((start, end.max(start)));
    Ok(Lexed { commands, spans })
}

/// The words of every command on the line, one `Vec` per `;`-separated command; empty
/// commands (`a ;; b`, a comment-only line) are dropped.
pub fn tokenize_commands(line: &str) -> Result<Vec<Vec<String>>, ShellError> {
    let lexed = lex(line)?;
    Ok(lexed
        .commands
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect())
}

/// The words of a line holding one command. A `;` separating two commands is an error
/// here: split the line first with [`split_commands`].
pub fn tokenize(line: &str) -> Result<Vec<String>, ShellError> {
    let mut commands = tokenize_commands(line)?;
    match commands.len() {
        0 => Ok(Vec::new()),
        1 => Ok(commands.pop().unwrap_or_default()),
        n => Err(ShellError::new(
            ErrorCode::Tokenize,
            alloc::format!("this line holds {n} commands separated by ';'; run them one at a time"),
        )),
    }
}

/// The text of each `;`-separated command of the line, trimmed, quotes kept, comments and
/// empty commands dropped: `az group create -n a -l eastus; sim advance 5m` gives two
/// strings. Never fails: a line with an unterminated quote comes back whole, so that
/// [`super::parse`] reports the quote with its column.
pub fn split_commands(line: &str) -> Vec<String> {
    match lex(line) {
        Ok(lexed) => lexed
            .spans
            .iter()
            .zip(&lexed.commands)
            .filter(|(_, words)| !words.is_empty())
            .filter_map(|((from, to), _)| line.get(*from..*to))
            .map(|text| String::from(text.trim()))
            .collect(),
        Err(_) => {
            let trimmed = line.trim();
            if trimmed.is_empty() {
                Vec::new()
            } else {
                alloc::vec![String::from(trimmed)]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn words(line: &str) -> Vec<String> {
        match tokenize(line) {
            Ok(w) => w,
            Err(e) => panic!("tokenize({line:?}) failed: {e}"),
        }
    }

    #[test]
    fn splits_on_whitespace() {
        assert_eq!(
            words("  az group   create\t-n rg1 "),
            vec!["az", "group", "create", "-n", "rg1"]
        );
        assert!(words("   ").is_empty());
    }

    #[test]
    fn single_quotes_are_literal() {
        assert_eq!(words("x '$Default'"), vec!["x", "$Default"]);
        assert_eq!(words(r"'a\b'"), vec![r"a\b"]);
        assert_eq!(words("''"), vec![""]);
    }

    #[test]
    fn double_quotes_handle_escapes() {
        assert_eq!(words(r#""a \"b\" \\ \$c \d""#), vec![r#"a "b" \ $c \d"#]);
        assert_eq!(words(r#""$Default""#), vec!["$Default"]);
        assert_eq!(
            words(r#""FHIR Data Contributor""#),
            vec!["FHIR Data Contributor"]
        );
    }

    #[test]
    fn backslash_escapes_outside_quotes() {
        assert_eq!(words(r"a\ b c\;d \'"), vec!["a b", "c;d", "'"]);
        assert_eq!(words("a\\"), vec!["a\\"]);
        assert_eq!(words("a \\\nb"), vec!["a", "b"]);
    }

    #[test]
    fn adjacent_parts_join() {
        assert_eq!(
            words("--tags a='b c' d=\"e f\"g"),
            vec!["--tags", "a=b c", "d=e fg"]
        );
    }

    #[test]
    fn json_arguments_survive() {
        let line = r#"--content '{"templateType":"CollectionContent","template":[]}'"#;
        assert_eq!(
            words(line),
            vec![
                "--content",
                r#"{"templateType":"CollectionContent","template":[]}"#
            ]
        );
        let escaped = r#"--content "{\"a\": [1, 2]}""#;
        assert_eq!(words(escaped), vec!["--content", r#"{"a": [1, 2]}"#]);
    }

    #[test]
    fn comments_start_only_at_word_start() {
        assert_eq!(words("sim status # what now?"), vec!["sim", "status"]);
        assert_eq!(words("a#b '#c'"), vec!["a#b", "#c"]);
        assert!(words("# only a comment").is_empty());
        assert_eq!(words("a # b ; c"), vec!["a"]);
    }

    #[test]
    fn semicolons_separate_commands() {
        let cmds = tokenize_commands("sim seed; sim status ;; az group list").unwrap_or_default();
        assert_eq!(
            cmds,
            vec![
                vec!["sim", "seed"],
                vec!["sim", "status"],
                vec!["az", "group", "list"]
            ]
        );
        assert_eq!(
            split_commands("az group create -n 'a;b' -l eastus; sim advance 5m # c; d"),
            vec!["az group create -n 'a;b' -l eastus", "sim advance 5m"]
        );
        assert!(split_commands(" ; # x").is_empty());
        assert!(tokenize("sim seed; sim status").is_err());
        assert_eq!(words("'a;b'"), vec!["a;b"]);
    }

    #[test]
    fn unterminated_quote_reports_its_column() {
        let err = tokenize("az group create -n 'rg1").err();
        let err = err.as_ref();
        assert_eq!(err.map(|e| e.code), Some(ErrorCode::Tokenize));
        assert_eq!(err.and_then(|e| e.column), Some(20));
        assert!(err.is_some_and(|e| e.message.contains("column 20")));
        let err = tokenize("é \"x").err();
        assert_eq!(err.and_then(|e| e.column), Some(3));
        assert_eq!(split_commands("a 'b; c"), vec!["a 'b; c"]);
    }

    #[test]
    fn limits_are_enforced() {
        let long = "a".repeat(MAX_LINE_BYTES + 1);
        assert!(tokenize(&long).is_err());
        let many = "a ".repeat(MAX_TOKENS + 1);
        let err = tokenize(&many).err();
        assert!(err.is_some_and(|e| e.message.contains("1000 words")));
        let ok = "a ".repeat(MAX_TOKENS);
        assert_eq!(words(&ok).len(), MAX_TOKENS);
    }
}
