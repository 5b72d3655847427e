//! From words to a validated [`Command`], with az's error wording.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::duration::parse_duration;
use super::grammar::{
    Arity, Check, CommandSpec, Constraint, FlagSpec, PositionalSpec, ROOTS, is_group, next_words,
};
use super::lookup::{find_command, shortest_command_prefix};
// Help on a group finds its words in the table (the tests walk all of it).
use super::grammar::COMMANDS;
use super::suggest::closest;
use super::token::is_flag_like;
use super::tokenize::{plain_words, tokenize};
use super::{ArgValue, Command, ErrorCode, Flags, OutputFormat, ShellError};

/// Parses one command line (no `;`; split lines first with [`super::split_commands`]).
///
/// Validation, in the order a user meets it: the line splits into words; the words name a
/// command (else `'…' is misspelled or not recognized by the system.` with a suggestion);
/// each value fits its flag (allowed values, JSON, durations, numbers); every required flag
/// is there (`the following arguments are required: …`); no unknown flag
/// (`unrecognized arguments: …`; argparse's order); cross-flag rules hold.
/// `--help`/`-h` anywhere after the command path returns a `Command` with `help: true`.
pub fn parse(line: &str) -> Result<Command, ShellError> {
    if let Some(words) = plain_words(line) {
        return parse_words(&words);
    }
    let words = tokenize(line)?;
    parse_words(&words)
}

/// Parses already-split words (what [`super::tokenize`] returns).
pub fn parse_words<S: AsRef<str>>(words: &[S]) -> Result<Command, ShellError> {
    let words: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
    parse_split(&words)
}

/// [`parse_words`] once the words are `&str`s: one copy of the walk, not one per type of word
/// (it is called with `String`s and with `&str`s; the browser's start module held both).
fn parse_split(words: &[&str]) -> Result<Command, ShellError> {
    let Some(first) = words.first() else {
        return Err(ShellError::new(
            ErrorCode::CommandNotFound,
            String::from("empty command: type `sim help` to list the commands"),
        ));
    };
    if !ROOTS.contains(first) {
        return Err(ShellError::new(
            ErrorCode::CommandNotFound,
            alloc::format!(
                "'{}' is misspelled or not recognized by the system. Commands start with az, sim or hcsim.",
                shorten(first)
            ),
        )
        .with_suggestion(closest(first, ROOTS.iter().copied()).map(String::from)));
    }

    // A line that names a command (nearly every line) finds it in one pass over the table.
    if let Some(spec) = shortest_command_prefix(words) {
        return parse_args(spec, &words[spec.path.len()..]);
    }
    // Walk the command tree as far as the words go.
    let mut depth = 1;
    loop {
        if find_command(&words[..depth]).is_some() {
            break;
        }
        let Some(word) = words.get(depth) else {
            // A bare group (`az group`) shows its help, as az does.
            return Ok(help_command(&words[..depth]));
        };
        if is_flag_like(word) {
            if matches!(*word, "--help" | "-h") {
                return Ok(help_command(&words[..depth]));
            }
            return Err(unrecognized(&[word], None));
        }
        // The table is only searched here; the sorted list of what may follow is built
        // only for the error's suggestion.
        if !continues(&words[..=depth]) {
            let options = next_words(&words[..depth]);
            let typed = words[1..=depth].join(" ");
            let typed = if words[0] == "az" {
                typed
            } else {
                words[..=depth].join(" ")
            };
            return Err(ShellError::new(
                ErrorCode::CommandNotFound,
                alloc::format!(
                    "'{}' is misspelled or not recognized by the system.",
                    shorten(&typed)
                ),
            )
            .with_suggestion(closest(word, options.iter().copied()).map(String::from)));
        }
        depth += 1;
    }
    let Some(spec) = find_command(&words[..depth]) else {
        return Err(ShellError::new(
            ErrorCode::CommandNotFound,
            String::from("internal: command table lookup failed"),
        ));
    };
    parse_args(spec, &words[depth..])
}

/// Whether some command's path starts with `words` (a command or a group).
fn continues(words: &[&str]) -> bool {
    find_command(words).is_some() || is_group(words)
}

/// A `help: true` command for `path` (a command or a group).
fn help_command(path: &[&str]) -> Command {
    Command {
        path: grammar_words(path),
        args: Flags::new(),
        positionals: Vec::new(),
        output: OutputFormat::Json,
        query: None,
        help: true,
        warnings: Vec::new(),
    }
}

/// The grammar's own copy of `words`, a command's path or a prefix of one (a group): the
/// parser only asks for help on those. Anything else (none) reads as its root alone.
fn grammar_words(words: &[&str]) -> &'static [&'static str] {
    if let Some(c) = COMMANDS.iter().find(|c| c.path.starts_with(words)) {
        return &c.path[..words.len()];
    }
    let root = ROOTS.iter().position(|r| words.first() == Some(r));
    root.map_or(&[], |i| &ROOTS[i..=i])
}

/// At most 60 characters of user text in a message, so a hostile word cannot flood it.
fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if text.chars().nth(60).is_some() {
        out.push('…');
    }
    out
}

fn unrecognized(words: &[&str], spec: Option<&CommandSpec>) -> ShellError {
    let shown: Vec<String> = words.iter().map(|w| shorten(w)).collect();
    let suggestion = spec.and_then(|spec| {
        let first_flag = words.iter().find(|w| is_flag_like(w))?;
        let typed = first_flag.split('=').next().unwrap_or(first_flag);
        let spellings: Vec<String> = spec.all_flags().flat_map(FlagSpec::spellings).collect();
        closest(typed, spellings.iter().map(String::as_str)).map(String::from)
    });
    ShellError::new(
        ErrorCode::UnrecognizedArguments,
        alloc::format!("unrecognized arguments: {}", shown.join(" ")),
    )
    .with_suggestion(suggestion)
}

/// Parses the words after the command path against the command's spec: values, required
/// arguments, unknown words and cross-flag rules, in that order.
fn parse_args(spec: &'static CommandSpec, words: &[&str]) -> Result<Command, ShellError> {
    let path = spec.path;
    let takes_rest = spec.positionals.iter().any(|p| p.rest);
    if !takes_rest && words.iter().any(|w| matches!(*w, "--help" | "-h")) {
        return Ok(help_command(spec.path));
    }
    let Gathered {
        mut args,
        positionals,
        unknown,
    } = gather(spec, words)?;
    // argparse's order: `parse_known_args` fails on a missing required argument before
    // `parse_args` looks at the words nothing took (`az account set SUB` → the required
    // `--subscription`, not the stray word).
    check_required(spec, &args, &positionals)?;
    if !unknown.is_empty() {
        return Err(unrecognized(&unknown, Some(spec)));
    }
    let mut warnings = Vec::new();
    for rule in spec.constraints {
        check_constraint(spec, rule, &args, &positionals, &mut warnings)?;
    }
    let output = match args.remove("output") {
        Some(ArgValue::One(v)) => OutputFormat::from_name(&v).unwrap_or_default(),
        _ => OutputFormat::Json,
    };
    let query = match args.remove("query") {
        Some(ArgValue::One(v)) => Some(v),
        _ => None,
    };
    Ok(Command {
        path,
        args,
        positionals,
        output,
        query,
        help: false,
        warnings,
    })
}

/// The words after the command path, sorted out: flag values (checked), positionals
/// (checked) and the words nothing accepts.
struct Gathered<'w> {
    args: Flags,
    positionals: Vec<String>,
    /// Unknown flags with the values that follow them, and surplus positionals, as typed.
    unknown: Vec<&'w str>,
}

/// Reads the words left to right, giving each flag the values its arity takes. Fails at
/// the first value that does not fit its flag or positional.
fn gather<'w>(spec: &CommandSpec, words: &[&'w str]) -> Result<Gathered<'w>, ShellError> {
    let mut g = Gathered {
        args: Flags::new(),
        positionals: Vec::new(),
        unknown: Vec::new(),
    };
    // One list for every flag's value words (a line has a handful of flags).
    let mut values: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        i += 1;
        if spec
            .positionals
            .get(g.positionals.len())
            .is_some_and(|p| p.rest)
        {
            // `sim help az group create --help`: every remaining word is the topic.
            g.positionals
                .extend(words[i - 1..].iter().map(|w| String::from(*w)));
            break;
        }
        if !is_flag_like(word) {
            match spec.positionals.get(g.positionals.len()) {
                Some(pspec) => g.positionals.push(check_positional(pspec, word)?),
                None => g.unknown.push(word),
            }
            continue;
        }
        // `--name=value` carries its value inline.
        let (flag_word, inline) = match word.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v)),
            _ => (word, None),
        };
        let Some(flag) = find_flag_or_prefix(spec, flag_word)? else {
            g.unknown.push(word);
            // Values that follow an unknown flag belong to it, as argparse reports them.
            while let Some(next) = words.get(i).filter(|w| !is_flag_like(w)) {
                if spec.positionals.len() > g.positionals.len() {
                    break;
                }
                g.unknown.push(*next);
                i += 1;
            }
            continue;
        };
        values.clear();
        flag_values(flag, inline, words, &mut i, &mut values)?;
        let value = match flag.arity {
            Arity::Switch => ArgValue::Flag,
            Arity::Many | Arity::OneOrMore => ArgValue::Many(
                values
                    .iter()
                    .map(|v| check_flag_value(flag, v))
                    .collect::<Result<_, _>>()?,
            ),
            _ => ArgValue::One(match values.first() {
                Some(v) => check_flag_value(flag, v)?,
                None => String::new(),
            }),
        };
        store(&mut g.args, flag, value);
    }
    Ok(g)
}

/// The flag `word` names: exactly, or as argparse's prefix matching allows (`--out` for
/// `--output`, `--resource-g` for `--resource-group`: "The CLI supports prefix matching of
/// arguments", azure-cli issue #2105; CPython `argparse._get_option_tuples`). A prefix of
/// several flags is refused with argparse's `ambiguous option: --o could match --output,
/// --only-show-errors`.
fn find_flag_or_prefix(
    spec: &CommandSpec,
    word: &str,
) -> Result<Option<&'static FlagSpec>, ShellError> {
    if let Some(flag) = spec.find_flag(word) {
        return Ok(Some(flag));
    }
    if !word.starts_with("--") || word.len() <= 2 {
        return Ok(None);
    }
    let mut matches: Vec<(&'static FlagSpec, String)> = Vec::new();
    for flag in spec.all_flags() {
        for spelling in flag.spellings().filter(|s| s.starts_with("--")) {
            if spelling.starts_with(word) && !matches.iter().any(|(f, _)| f.name == flag.name) {
                matches.push((flag, spelling));
            }
        }
    }
    match matches.len() {
        0 => Ok(None),
        1 => Ok(matches.pop().map(|(f, _)| f)),
        _ => {
            // argparse lists the parent (global) parser's options first, in the order knack
            // registers them: logging's, then --output, then --query; then the command's.
            let rank = |f: &FlagSpec| match f.name {
                "verbose" | "debug" | "only-show-errors" => 0,
                "output" => 1,
                "query" => 2,
                _ => 3,
            };
            // Rank by rank, each in the order found: a stable sort by rank, without a sort
            // instantiated for these pairs in the browser's start module (docs/WASM-SIZE.md).
            let names: Vec<&str> = (0..4)
                .flat_map(|r| matches.iter().filter(move |(f, _)| rank(f) == r))
                .map(|(_, s)| s.as_str())
                .collect();
            Err(ShellError::new(
                ErrorCode::BadArgument,
                alloc::format!(
                    "ambiguous option: {} could match {}",
                    shorten(word),
                    names.join(", ")
                ),
            ))
        }
    }
}

/// The values `flag` takes, as its arity says: its inline `=value`, or the value words
/// from `words[*i]` on (moving `i` past them).
fn flag_values<'w>(
    flag: &FlagSpec,
    inline: Option<&'w str>,
    words: &[&'w str],
    i: &mut usize,
    values: &mut Vec<&'w str>,
) -> Result<(), ShellError> {
    let next_value = |i: &mut usize| {
        let next = words.get(*i).copied().filter(|w| !is_flag_like(w));
        if next.is_some() {
            *i += 1;
        }
        next
    };
    match flag.arity {
        Arity::Switch => {
            if inline.is_some() {
                return Err(ShellError::new(
                    ErrorCode::BadArgument,
                    alloc::format!("argument {}: ignored explicit argument", flag.display()),
                ));
            }
        }
        Arity::One => match inline.or_else(|| next_value(i)) {
            Some(v) => values.push(v),
            None => {
                return Err(ShellError::new(
                    ErrorCode::BadArgument,
                    alloc::format!("argument {}: expected one argument", flag.display()),
                ));
            }
        },
        Arity::Optional(implied) => {
            values.push(inline.or_else(|| next_value(i)).unwrap_or(implied))
        }
        Arity::Many | Arity::OneOrMore => {
            values.extend(inline);
            while let Some(next) = next_value(i) {
                values.push(next);
            }
            if flag.arity == Arity::OneOrMore && values.is_empty() {
                return Err(ShellError::new(
                    ErrorCode::BadArgument,
                    alloc::format!(
                        "argument {}: expected at least one argument",
                        flag.display()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Fails with az's `the following arguments are required: …` when a required flag or
/// positional is missing.
fn check_required(
    spec: &CommandSpec,
    args: &Flags,
    positionals: &[String],
) -> Result<(), ShellError> {
    let mut missing: Vec<String> = spec
        .flags
        .iter()
        .filter(|f| f.required && !args.contains_key(f.name))
        .map(FlagSpec::display)
        .collect();
    missing.extend(
        spec.positionals
            .iter()
            .skip(positionals.len())
            .filter(|p| p.required)
            .map(|p| String::from(p.name)),
    );
    if missing.is_empty() {
        return Ok(());
    }
    Err(ShellError::new(
        ErrorCode::MissingArgument,
        alloc::format!(
            "the following arguments are required: {}",
            missing.join(", ")
        ),
    ))
}

/// Stores a flag's checked value: a repeatable flag given again adds its values to the
/// first's; any other flag given again takes the last value.
fn store(args: &mut Flags, flag: &'static FlagSpec, value: ArgValue) {
    match args.get_mut(flag.name) {
        Some(existing) if flag.repeatable => {
            if let (ArgValue::Many(list), ArgValue::Many(more)) = (existing, value) {
                list.extend(more);
            }
        }
        // argparse's `_StoreAction` sets the value again: the last one wins, silently.
        Some(_) | None => {
            args.insert(flag.name, value);
        }
    }
}

fn invalid_choice(what: &str, value: &str, choices: &[&str]) -> ShellError {
    let listed: Vec<String> = choices.iter().map(|c| alloc::format!("'{c}'")).collect();
    ShellError::new(
        ErrorCode::InvalidChoice,
        alloc::format!(
            "argument {what}: invalid choice: '{}' (choose from {})",
            shorten(value),
            listed.join(", ")
        ),
    )
    .with_suggestion(closest(value, choices.iter().copied()).map(String::from))
}

/// Matches a value against allowed choices case-insensitively, returning the canonical
/// spelling (az's enum arguments behave this way).
fn match_choice(value: &str, choices: &[&'static str]) -> Option<&'static str> {
    choices
        .iter()
        .find(|c| c.eq_ignore_ascii_case(value))
        .copied()
}

fn check_flag_value(flag: &FlagSpec, value: &str) -> Result<String, ShellError> {
    // Most flags take any text: taken as it is, without naming the flag for an error.
    if flag.choices.is_empty() && matches!(flag.check, Check::Any) {
        return Ok(String::from(value));
    }
    if !flag.choices.is_empty() {
        return match_choice(value, flag.choices)
            .map(String::from)
            .ok_or_else(|| invalid_choice(&flag.display(), value, flag.choices));
    }
    check_value(&flag.display(), flag.check, value)
}

fn check_positional(spec: &PositionalSpec, value: &str) -> Result<String, ShellError> {
    if !spec.choices.is_empty() {
        return match_choice(value, spec.choices)
            .map(String::from)
            .ok_or_else(|| invalid_choice(spec.name, value, spec.choices));
    }
    check_value(spec.name, spec.check, value)
}

fn bad(what: &str, why: String) -> ShellError {
    ShellError::new(
        ErrorCode::BadArgument,
        alloc::format!("argument {what}: {why}"),
    )
}

fn parse_json_or_file(what: &str, value: &str) -> Result<(), ShellError> {
    if value.starts_with('@') {
        if value.len() == 1 {
            return Err(bad(
                what,
                String::from("'@' must be followed by a file path"),
            ));
        }
        return Ok(());
    }
    serde_json::from_str::<serde_json::Value>(value)
        .map(|_| ())
        .map_err(|e| bad(what, alloc::format!("Failed to parse string as JSON: {e}")))
}

fn check_value(what: &str, check: Check, value: &str) -> Result<String, ShellError> {
    match check {
        Check::Any => Ok(String::from(value)),
        Check::Duration => parse_duration(value)
            .map(|_| String::from(value))
            .map_err(|e| bad(what, e.message)),
        Check::Percent => {
            let digits = value.strip_suffix('%').unwrap_or(value);
            match digits.parse::<u64>() {
                Ok(n) if n <= 100 => Ok(n.to_string()),
                _ => Err(bad(
                    what,
                    alloc::format!(
                        "'{}' is not a whole percentage from 0 to 100",
                        shorten(value)
                    ),
                )),
            }
        }
        Check::IntRange(min, max) => match value.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n.to_string()),
            _ => Err(bad(
                what,
                alloc::format!(
                    "'{}' is not a whole number from {min} to {max}",
                    shorten(value)
                ),
            )),
        },
        Check::Json => parse_json_or_file(what, value).map(|()| String::from(value)),
        Check::Parameters => {
            let trimmed = value.trim_start();
            if trimmed.starts_with('{') || value.starts_with('@') {
                parse_json_or_file(what, trimmed)?;
            } else if !value.contains('=') && !is_bicepparam(value) {
                return Err(bad(
                    what,
                    alloc::format!(
                        "'{}' is not KEY=VALUE, @file.json, a .bicepparam file or inline JSON",
                        shorten(value)
                    ),
                ));
            }
            Ok(String::from(value))
        }
        Check::KeyValue(keys) => {
            let key = value.split_once('=').map(|(k, _)| k);
            match key {
                Some(k) if keys.is_empty() || keys.iter().any(|a| a.eq_ignore_ascii_case(k)) => {
                    Ok(String::from(value))
                }
                Some(k) => Err(ShellError::new(
                    ErrorCode::BadArgument,
                    alloc::format!(
                        "Unsupported Key {} is provided for parameter {}. All possible keys are: {}",
                        shorten(k),
                        what.trim_start_matches('-').split('/').next().unwrap_or(what),
                        keys.join(", ")
                    ),
                )
                .with_suggestion(closest(k, keys.iter().copied()).map(String::from))),
                None => Err(bad(
                    what,
                    alloc::format!("'{}' is not KEY=VALUE", shorten(value)),
                )),
            }
        }
        Check::ResourceId => {
            if value.len() > "/subscriptions/".len()
                && value
                    .get(..15)
                    .is_some_and(|p| p.eq_ignore_ascii_case("/subscriptions/"))
            {
                Ok(String::from(value))
            } else {
                Err(bad(
                    what,
                    alloc::format!(
                        "'{}' is not a resource id (expected /subscriptions/…)",
                        shorten(value)
                    ),
                ))
            }
        }
    }
}

fn constraint_name(spec: &CommandSpec, name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
        return String::from(name);
    }
    spec.flag_named(name)
        .map_or_else(|| alloc::format!("--{name}"), FlagSpec::display)
}

fn check_constraint(
    spec: &CommandSpec,
    rule: &Constraint,
    args: &Flags,
    positionals: &[String],
    warnings: &mut Vec<String>,
) -> Result<(), ShellError> {
    let given = |name: &&str| {
        if let Some(index) = spec.positionals.iter().position(|p| p.name == *name) {
            index < positionals.len()
        } else {
            args.contains_key(name)
        }
    };
    match rule {
        Constraint::AnyOf(names) => {
            if names.iter().any(given) {
                return Ok(());
            }
            let shown: Vec<String> = names.iter().map(|n| constraint_name(spec, n)).collect();
            Err(ShellError::new(
                ErrorCode::MissingArgument,
                alloc::format!("usage error: {} is required", shown.join(" | ")),
            ))
        }
        Constraint::IdsOr(required, optional) => {
            ids_or(spec, (required, optional), true, args, warnings)
        }
        Constraint::CustomIds(required, optional) => {
            ids_or(spec, (required, optional), false, args, warnings)
        }
        Constraint::AtMostOne(names) => {
            let present: Vec<String> = names
                .iter()
                .filter(|n| given(n))
                .map(|n| constraint_name(spec, n))
                .collect();
            if present.len() <= 1 {
                return Ok(());
            }
            Err(ShellError::new(
                ErrorCode::BadArgument,
                alloc::format!(
                    "usage error: {} cannot be used together",
                    present.join(" and ")
                ),
            ))
        }
    }
}

/// az's "Resource Id" group: `--ids`, or all the id parts. With `--ids`, every id part
/// given is ignored; for ordinary commands az warns once per part (azure-cli
/// `commands/arm.py`, `parse_ids_arguments`: `option '%s' will be ignored due to use of
/// '--ids'.`, naming the part's first option, required parts before optional ones, in the
/// order of the command's signature — the resource group, the parents, the name — then
/// `--subscription`). `warn` is false for commands that parse `--ids` themselves.
fn ids_or(
    spec: &CommandSpec,
    group: (&[&str], &[&str]),
    warn: bool,
    args: &Flags,
    warnings: &mut Vec<String>,
) -> Result<(), ShellError> {
    let (names, optional) = group;
    if args.contains_key("ids") {
        if warn {
            // The grammar lists a group's parts innermost first; az's signatures outermost.
            let parts = names
                .iter()
                .rev()
                .chain(optional.iter())
                .chain(["subscription"].iter());
            for n in parts.filter(|n| args.contains_key(n)) {
                warnings.push(alloc::format!(
                    "option '{}' will be ignored due to use of '--ids'.",
                    first_option(spec, n)
                ));
            }
        }
        return Ok(());
    }
    let missing: Vec<String> = names
        .iter()
        .filter(|n| !args.contains_key(n))
        .map(|n| alloc::format!("--{n}"))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(ShellError::new(
        ErrorCode::MissingArgument,
        alloc::format!("({} | --ids) are required", missing.join(" ")),
    ))
}

/// The first entry of az's `options_list` for a flag: `--name` for a resource's own name
/// (the extension lists `['--name', '-n', '--workspace-name']`), else the long name.
fn first_option(spec: &CommandSpec, name: &str) -> String {
    let flag = spec.flag_named(name);
    if flag.is_some_and(|f| f.aliases.contains(&"--name")) {
        return String::from("--name");
    }
    alloc::format!("--{name}")
}

/// Every command path, for tests and listings.
#[cfg(test)]
fn all_paths() -> impl Iterator<Item = String> {
    COMMANDS.iter().map(CommandSpec::path_str)
}

#[cfg(test)]
mod tests;

/// A `.bicepparam` file name (az takes it as a `--parameters` value without `@`).
fn is_bicepparam(value: &str) -> bool {
    let v = value.trim();
    v.len() > ".bicepparam".len()
        && v.get(v.len() - ".bicepparam".len()..)
            .is_some_and(|e| e.eq_ignore_ascii_case(".bicepparam"))
}
