//! Splitting a line into words the way a POSIX shell would, for what az lines need.
//!
//! Supported: whitespace separation; `'single'` quotes (everything literal, so `'$Default'`
//! stays `$Default`); `"double"` quotes with `\"`, `\\`, `\$` and `` \` `` escapes; backslash
//! escapes outside quotes; adjacent parts joined into one word (`a='b c'` is `a=b c`);
//! `#` comments at the start of a word; `;` between commands. Nothing is expanded: `$x`
//! and `*` stay as typed, because hcsim has no variables or files to expand them to.

use alloc::string::String;
use alloc::vec::Vec;
use core::iter::{Enumerate, Peekable};
use core::str::CharIndices;

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

/// Where the lexer is: outside quotes, or inside quotes opened at a column (1-based, in
/// characters) that an unterminated-quote error names.
#[derive(Clone, Copy)]
enum Mode {
    Normal,
    Single { column: usize },
    Double { column: usize },
}

/// The characters of the line still to read: (character index, (byte offset, character)).
type Chars<'a> = Peekable<Enumerate<CharIndices<'a>>>;

/// The words and commands read so far, and the word being built.
#[derive(Default)]
struct Lexer {
    commands: Vec<Vec<String>>,
    spans: Vec<(usize, usize)>,
    /// The finished words of the current command.
    words: Vec<String>,
    /// The word being built; `in_word` tells an empty quoted word (`''`) from no word.
    word: String,
    in_word: bool,
    /// Words of the whole line so far, against [`MAX_TOKENS`].
    total: usize,
    /// Byte offset where the current command starts.
    start: usize,
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
    let mut lexer = Lexer::default();
    let mut mode = Mode::Normal;
    let mut end = line.len();
    let mut chars: Chars<'_> = line.char_indices().enumerate().peekable();
    while let Some((index, (byte, ch))) = chars.next() {
        let column = index + 1;
        mode = match mode {
            Mode::Normal => match lexer.normal(ch, byte, column, &mut chars)? {
                Some(next) => next,
                None => {
                    // A comment runs to the end of the line, `;` included, as in sh.
                    end = byte;
                    break;
                }
            },
            Mode::Single { .. } => lexer.single(ch, mode),
            Mode::Double { .. } => lexer.double(ch, mode, &mut chars),
        };
    }
    if let Mode::Single { column } | Mode::Double { column } = mode {
        return Err(unterminated(mode, column));
    }
    lexer.finish_word()?;
    lexer.commands.push(lexer.words);
    lexer.spans.push((lexer.start, end.max(lexer.start)));
    Ok(Lexed {
        commands: lexer.commands,
        spans: lexer.spans,
    })
}

/// The error for a quote still open at the end of the line, naming its column.
fn unterminated(mode: Mode, column: usize) -> ShellError {
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
    err
}

impl Lexer {
    /// Ends the current word, if any, enforcing the word limit.
    fn finish_word(&mut self) -> Result<(), ShellError> {
        if self.in_word {
            self.total += 1;
            if self.total > MAX_TOKENS {
                return Err(ShellError::new(
                    ErrorCode::Tokenize,
                    alloc::format!("the line has more than {MAX_TOKENS} words"),
                ));
            }
            self.words.push(core::mem::take(&mut self.word));
            self.in_word = false;
        }
        Ok(())
    }

    /// Adds a character to the word (starting one if needed).
    fn push(&mut self, ch: char) {
        self.in_word = true;
        self.word.push(ch);
    }

    /// Reads `ch` outside quotes: the mode to go on in, or `None` when a comment starts.
    fn normal(
        &mut self,
        ch: char,
        byte: usize,
        column: usize,
        chars: &mut Chars<'_>,
    ) -> Result<Option<Mode>, ShellError> {
        match ch {
            ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' => self.finish_word()?,
            ';' => {
                self.finish_word()?;
                self.commands.push(core::mem::take(&mut self.words));
                self.spans.push((self.start, byte));
                self.start = byte + 1;
            }
            '#' if !self.in_word => return Ok(None),
            '\'' => {
                self.in_word = true;
                return Ok(Some(Mode::Single { column }));
            }
            '"' => {
                self.in_word = true;
                return Ok(Some(Mode::Double { column }));
            }
            '\\' => match chars.next() {
                // Backslash-newline continues the line.
                Some((_, (_, '\n'))) => {}
                Some((_, (_, next))) => self.push(next),
                // A lone trailing backslash has nothing to escape: keep it.
                None => self.push('\\'),
            },
            other => self.push(other),
        }
        Ok(Some(Mode::Normal))
    }

    /// Reads `ch` inside single quotes, where everything is literal up to the closing quote.
    fn single(&mut self, ch: char, mode: Mode) -> Mode {
        if ch == '\'' {
            Mode::Normal
        } else {
            self.word.push(ch);
            mode
        }
    }

    /// Reads `ch` inside double quotes, where a backslash escapes only `"`, `\`, `$`, `` ` ``
    /// and a newline.
    fn double(&mut self, ch: char, mode: Mode, chars: &mut Chars<'_>) -> Mode {
        match ch {
            '"' => return Mode::Normal,
            '\\' => match chars.peek() {
                Some((_, (_, next @ ('"' | '\\' | '$' | '`')))) => {
                    self.word.push(*next);
                    chars.next();
                }
                Some((_, (_, '\n'))) => {
                    chars.next();
                }
                // Any other backslash is literal inside double quotes (POSIX).
                _ => self.word.push('\\'),
            },
            other => self.word.push(other),
        }
        mode
    }
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

/// The words of a line that needs no shell rule but splitting at whitespace (no quote,
/// backslash, `#` or `;`: nearly every typed line), borrowed from the line instead of built
/// a character at a time. `None` when the line needs the lexer ([`tokenize`] then gives its
/// words or its error); when `Some`, the words are exactly what [`tokenize`] gives.
pub fn plain_words(line: &str) -> Option<Vec<&str>> {
    if line.len() > MAX_LINE_BYTES {
        return None;
    }
    // One pass over the bytes: the lexer's whitespace is ASCII only, so cutting at those
    // bytes never splits a multi-byte character.
    let mut words: Vec<&str> = Vec::with_capacity(8);
    let mut start: Option<usize> = None;
    for (i, &b) in line.as_bytes().iter().enumerate() {
        match b {
            b'\'' | b'"' | b'\\' | b'#' | b';' => return None,
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                if let Some(word) = start.take().and_then(|s| line.get(s..i)) {
                    words.push(word);
                }
            }
            _ => {
                start.get_or_insert(i);
            }
        }
    }
    if let Some(word) = start.and_then(|s| line.get(s..)) {
        words.push(word);
    }
    (words.len() <= MAX_TOKENS).then_some(words)
}

/// The text of each `;`-separated command of the line, trimmed, quotes kept, comments and
/// empty commands dropped: `az group create -n a -l eastus; sim advance 5m` gives two
/// strings. Never fails: a line with an unterminated quote comes back whole, so that
/// parsing it reports the quote with its column.
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

    /// The borrowed split gives what the lexer gives, for every short line over an alphabet
    /// of word characters, each separator, a non-ASCII letter and a dash; lines with a
    /// quote, backslash, `#` or `;` and too-long lines go to the lexer.
    #[test]
    fn plain_words_are_the_lexers_words() {
        let alphabet = [
            'a', ' ', '\t', '\n', '\r', '\x0b', '\x0c', 'é', '\u{a0}', '-',
        ];
        let mut line = String::new();
        for n in 0..alphabet.len().pow(5) {
            line.clear();
            let mut k = n;
            for _ in 0..5 {
                line.push(alphabet[k % alphabet.len()]);
                k /= alphabet.len();
            }
            let plain = plain_words(&line).map(|w| w.iter().map(|s| String::from(*s)).collect());
            assert_eq!(plain, tokenize(&line).ok(), "{line:?}");
        }
        for special in ["a 'b'", "a \"b\"", r"a\ b", "a #b", "a;b", "a#b"] {
            assert_eq!(plain_words(special), None, "{special}");
        }
        assert_eq!(plain_words(&"a".repeat(MAX_LINE_BYTES + 1)), None);
        assert_eq!(plain_words(&"a ".repeat(MAX_TOKENS + 1)), None);
        assert_eq!(
            plain_words(&"a ".repeat(MAX_TOKENS)).map(|w| w.len()),
            Some(MAX_TOKENS)
        );
    }
}
