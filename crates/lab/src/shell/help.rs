//! Help screens and Tab completion, generated from the command table so they never drift
//! from what the parser accepts.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write as _;

use super::grammar::{
    Arity, COMMANDS, Check, CommandSpec, Constraint, FlagSpec, GLOBAL_FLAGS, HELP_FLAG, ROOTS,
    is_group, next_words,
};
use super::lookup::find_command;
use super::suggest::closest;
use super::token::is_flag_like;
use super::tokenize::tokenize_commands;

/// The prose help topics: name and one-line summary.
pub const TOPICS: &[(&str, &str)] = &[
    (
        "faults",
        "Injecting failures: the fault kinds and their flags.",
    ),
    (
        "timing",
        "Virtual time: instant or realistic operations, sim advance, --no-wait.",
    ),
    ("stages", "Release stages: ga and private-preview."),
    ("rules", "The workspace rules hcsim enforces, by stable id."),
    (
        "probes",
        "Data-plane probes: what sim probe checks and the statuses it returns.",
    ),
    (
        "medtech",
        "The FHIR data plane and the MedTech pipeline: sim fhir, sim device send, metrics.",
    ),
    ("scenarios", "Scenario and lesson files, and hcsim run."),
    (
        "extensions",
        "Flags and commands that hcsim adds to the real az.",
    ),
];

const FAULTS_INTRO: &str = "\
Faults are named, time-bounded and targeted. They show on both planes: control-plane requests
fail as Azure fails them, and `sim probe` answers as the data plane would.

  sim fault add KIND [--region R] [--zone N] [--target ID_OR_TYPE] [--probability PCT] [--for DURATION]
  sim fault list
  sim fault clear [FAULT_ID | --all]

Kinds:
";

/// The fault help, generated from the core's fault kinds (what they do, how long by default).
fn faults_text() -> String {
    let mut s = String::from(FAULTS_INTRO);
    for k in hcsim_core::FaultKind::ALL {
        let _ = writeln!(s, "  {:<21} {}", k.id(), k.describe());
        let _ = writeln!(
            s,
            "  {:<21} Lasts {} unless --for says otherwise.",
            "",
            k.default_duration()
        );
    }
    s.push_str(
        "\nA fault heals by itself when its time is up (or with sim fault clear). Probabilities are\n\
         whole percentages (default 100), drawn from the session seed: a replay with the same seed\n\
         fails the same way.",
    );
    s
}

const TIMING_TEXT: &str = "\
hcsim runs on virtual time; nothing waits for the wall clock.

  sim timing realistic  Operations take as long as in Azure (minutes for a FHIR service).
                        az commands wait for their operation, in virtual time, as az does.
                        Changes also take effect as late as Azure documents: a new role
                        assignment grants nothing for 10 minutes (a removed one still grants
                        for 10 minutes), and an approved private
                        endpoint closes public access to the workspace's services 5 minutes
                        after its approval (sim help rbac, sim help private-link-blocks-public).
  sim timing instant    Operations finish and changes take effect at once: quick experiments.
  sim advance DURATION  Move time forward: 90s, 10m, 2h, 1d, 500ms, 1h30m, or ISO 8601 PT10M.
                        Operations finish and faults start or heal on the way.

A new session is realistic; scenario files choose their own timing (instant unless they say
otherwise). With --no-wait an az command returns at once (provisioningState Creating/Accepted);
advance time and `show` the resource to watch it finish.";

const STAGES_TEXT: &str = "\
The release stage decides which features exist.

  sim stage ga               General availability: everything hcsim simulates.
  sim stage private-preview  No workspace-level setting is available: private link, customer-managed
                             keys, monitoring and workspace RBAC are refused
                             (rule private-preview-no-settings).";

const PROBES_TEXT: &str = "\
`sim probe SERVICE_RESOURCE_ID [--from public|private] [--as PRINCIPAL] [--path PATH]` makes a
data-plane call: FHIR `GET /metadata`, DICOM `GET /health/check`, or PATH (a data path such as
/Patient needs a data role). It prints the HTTP status and why:

  200  The service answers.
  400  The id names something that is not a FHIR or DICOM service.
  401  The principal is not one of the tenant's: it gets no token.
  403  Public access is off (an approved private endpoint on the workspace; probe --from private),
       or the principal lacks a data role (e.g. FHIR Data Reader) on the service or workspace.
  404  No such service.
  500  The customer-managed key cannot be read (key disabled or deleted, vault denies access).
  503  The region or zone is down; the service is still being created, updated or deleted, or
       its provisioning failed (a real client finds no DNS name or no answer); or --from
       private without an approved private endpoint (the private address does not resolve).

In realistic timing a new data role answers after 10 minutes, and public access closes 5 minutes
after a private endpoint's approval (sim help timing).
--from defaults to public; --as defaults to the current principal (see `sim as`).";

const MEDTECH_TEXT: &str = "\
Each FHIR service holds Patient, Device and Observation resources (hcsim's slice of the FHIR
data plane). Call it as the current principal; a data role decides (FHIR Data Reader reads,
FHIR Data Writer and Contributor write; Owner or Contributor alone get 403):

  sim fhir GET|POST|PUT|DELETE PATH [--body JSON | --file F] [--service ID_OR_URL]
  az rest --method get --url https://<workspace>-<service>.fhir.azurehealthcareapis.com/Observation?... --resource <that URL>

PATH: /Type (search; POST creates), /Type/id (read, PUT, DELETE), /Type/id/_history[/n],
/Type/_history, /metadata. Search: _id, identifier, subject, patient, device, code
(system|code), date (eq, ge, le, gt, lt on effective[x]), _count (10 by default, at most 1000),
_sort (date, -date, _lastUpdated); the next page is the Bundle's link 'next'. A deleted resource
answers 410; its history remains.

An IoT connector (MedTech) reads device messages from its event hub as virtual time passes
(every minute), normalizes them with its device mapping, groups them, resolves the Device and
Patient (Create makes them; Lookup needs them: DeviceNotFoundException) and writes Observations
to its FHIR destination's service. Its managed identity needs FHIR Data Writer there.

  sim device send CONNECTOR_ID (--message JSON | --file F | --generator KIND) [--count N] [--every DURATION] [--device ID]
  sim device metrics CONNECTOR_ID

Generators (deterministic from the seed): heart-rate {heartRate}, blood-pressure {systolic,
diastolic}, steps {steps}, spo2 {spo2}, each with deviceId, patientId and endDate. While the
FHIR service does not answer (outage, lost key, throttling) messages wait and are written after
it heals; `sim device metrics` shows how many wait and why.";

const SCENARIOS_TEXT: &str = "\
A scenario is a JSON file (format \"hcsim-scenario/1\") with a title, an optional seed, timing
and stage, and steps. A step is a command line (it must succeed), or
  {\"run\": LINE, \"expect\": {ok, status, error, rule, output_contains}}, or
  {\"check\": {\"exists\": ID, provisioningState, location, property} | {\"absent\": ID} |
             {\"count\": {\"type\": TYPE, \"equals\": N}}}.
Lessons add \"goal\" (checks), \"hints\" and \"solution\" (steps).

  hcsim run FILE [--seed N] [--json]   Play a scenario headless; exit 0 when every expectation holds.
  hcsim run --builtin NAME             Play a built-in scenario or lesson.
  hcsim list [--json]                  List the built-in scenarios and lessons.

Paths in --template-file and --parameters @file are relative to the scenario file.";

/// Help for a command, a command group, or a topic; `None` or an empty topic gives the
/// overview listing every command group. The topic may be a command path with or without
/// the leading `az` (`"healthcareapis workspace create"`) and may end in `--help`.
/// Never fails: an unknown topic gives a short note with the closest match.
pub fn help_text(topic: Option<&str>) -> String {
    let words: Vec<String> = topic
        .map(|t| {
            tokenize_commands(t)
                .ok()
                .and_then(|mut c| {
                    if c.is_empty() {
                        None
                    } else {
                        Some(c.remove(0))
                    }
                })
                .unwrap_or_else(|| t.split_whitespace().map(String::from).collect())
        })
        .unwrap_or_default();
    let mut words: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !matches!(*w, "--help" | "-h"))
        .collect();
    if matches!(words.first(), Some(&"help")) {
        words.remove(0);
    }
    if words.is_empty() {
        return overview();
    }
    if words.len() == 1
        && let Some(text) = topic_text(words[0])
    {
        return text;
    }
    let mut candidates: Vec<Vec<&str>> = alloc::vec![words.clone()];
    if !ROOTS.contains(&words[0]) {
        let mut with_az = alloc::vec!["az"];
        with_az.extend(words.iter().copied());
        candidates.push(with_az);
        let mut with_sim = alloc::vec!["sim"];
        with_sim.extend(words.iter().copied());
        candidates.push(with_sim);
    }
    for path in &candidates {
        if let Some(spec) = find_command(path) {
            return command_help(spec);
        }
    }
    for path in &candidates {
        if is_group(path) {
            return group_help(path);
        }
    }
    let typed = words.join(" ");
    let mut names: Vec<String> = TOPICS.iter().map(|(t, _)| String::from(*t)).collect();
    names.extend(COMMANDS.iter().map(CommandSpec::path_str));
    let shown: String = typed.chars().take(60).collect();
    let mut out = alloc::format!("No help for '{shown}'.");
    if let Some(s) = closest(&typed, names.iter().map(String::as_str)) {
        let _ = write!(out, " Did you mean '{s}'?");
    }
    out.push_str(" Type `sim help` for the list of commands and topics.\n");
    out
}

fn topic_text(name: &str) -> Option<String> {
    let body: String = match name.to_ascii_lowercase().as_str() {
        "faults" | "fault" => faults_text(),
        "timing" | "time" => String::from(TIMING_TEXT),
        "stages" | "stage" => String::from(STAGES_TEXT),
        "probes" | "probe" => String::from(PROBES_TEXT),
        "medtech" | "fhir" | "device" => String::from(MEDTECH_TEXT),
        "scenarios" | "scenario" | "lessons" => String::from(SCENARIOS_TEXT),
        "rules" | "rule" => {
            // Generated from the core's rulebook, so it can never drift from what is enforced.
            let mut s =
                String::from("Every rejection names the rule it enforces. The ids are stable:\n\n");
            for (i, r) in hcsim_core::RuleId::ALL.iter().enumerate() {
                if i == CONTRACT_RULES {
                    s.push_str("\nhcsim's own (ARM behaviour the workspace rules stand on):\n");
                }
                let _ = writeln!(s, "  {:<33} {}", r.id(), r.title());
            }
            s.push_str(
                "\n`sim help RULE-ID` explains one: where it comes from, why, how to fix.\n",
            );
            s
        }
        "extensions" | "extension" => extensions_text(),
        other => match hcsim_core::RuleId::from_id(other) {
            Some(r) => alloc::format!(
                "{} — {}\n\nSource: {}\nWhy: {}\nFix: {}",
                r.id(),
                r.title(),
                r.source(),
                r.why(),
                r.fix()
            ),
            None => return None,
        },
    };
    let mut out = body;
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Some(out)
}

/// The first `CONTRACT_RULES` rule ids are the stable ones of SCENARIOS.md; hcsim adds more after.
const CONTRACT_RULES: usize = 20;

fn extensions_text() -> String {
    let mut s = String::from(
        "hcsim follows the real az; these additions are marked [hcsim extension] wherever shown.\n\n\
         Workspace-level settings (the real API has no flag for them) on\n\
         `az healthcareapis workspace update`:\n",
    );
    for spec in COMMANDS {
        for flag in spec.flags.iter().filter(|f| f.extension) {
            let _ = writeln!(s, "  {} --{:<24} {}", spec.path_str(), flag.name, flag.help);
        }
    }
    s.push_str("\nCommands that drive the simulator itself (`sim …`, `hcsim help`):\n");
    for spec in COMMANDS.iter().filter(|c| c.extension) {
        let _ = writeln!(s, "  {:<18} {}", spec.path_str(), spec.summary);
    }
    s
}

/// Distinct command groups (a command's path minus its last word), in table order.
fn groups() -> Vec<&'static [&'static str]> {
    let mut out: Vec<&'static [&'static str]> = Vec::new();
    for c in COMMANDS {
        let group = &c.path[..c.path.len() - 1];
        if !out.contains(&group) {
            out.push(group);
        }
    }
    out
}

fn overview() -> String {
    let mut s = String::from(
        "hcsim: a simulator of the Azure Health Data Services (Healthcare APIs) workspace.\n\
         Type az commands as in a terminal, and sim commands to drive the simulator.\n\
         Separate several commands with ';'. Tab completes command words and flags.\n\n\
         Command groups:\n",
    );
    let all_groups = groups();
    let width = all_groups
        .iter()
        .map(|g| g.join(" ").len())
        .max()
        .unwrap_or(0);
    for group in all_groups {
        let verbs: Vec<&str> = COMMANDS
            .iter()
            .filter(|c| &c.path[..c.path.len() - 1] == group)
            .map(|c| c.path[c.path.len() - 1])
            .collect();
        let _ = writeln!(s, "  {:<width$}  {}", group.join(" "), verbs.join(", "));
    }
    s.push_str("\nTopics (sim help TOPIC):\n");
    for (name, line) in TOPICS {
        let _ = writeln!(s, "  {name:<12} {line}");
    }
    s.push_str(
        "\nHelp on one command: `sim help az healthcareapis workspace create`, or add --help.\n",
    );
    s
}

fn group_help(path: &[&str]) -> String {
    let mut s = alloc::format!("Group\n    {}\n\n", path.join(" "));
    let subgroups: Vec<&str> = next_words(path)
        .into_iter()
        .filter(|w| {
            let mut p: Vec<&str> = path.to_vec();
            p.push(w);
            is_group(&p)
        })
        .collect();
    if !subgroups.is_empty() {
        s.push_str("Subgroups:\n");
        for g in &subgroups {
            let _ = writeln!(s, "    {g}");
        }
        s.push('\n');
    }
    s.push_str("Commands:\n");
    for c in COMMANDS
        .iter()
        .filter(|c| c.path.len() == path.len() + 1 && c.path.starts_with(path))
    {
        let _ = writeln!(s, "    {:<18} : {}", c.path[path.len()], c.summary);
    }
    s
}

fn usage_part(flag: &FlagSpec) -> String {
    let value = if flag.choices.is_empty() {
        flag.placeholder()
    } else {
        alloc::format!("{{{}}}", flag.choices.join(","))
    };
    let body = match flag.arity {
        Arity::Switch => alloc::format!("--{}", flag.name),
        Arity::One => alloc::format!("--{} {value}", flag.name),
        Arity::Optional(_) => alloc::format!("--{} [{value}]", flag.name),
        Arity::Many => alloc::format!("--{} [{value} ...]", flag.name),
        Arity::OneOrMore => alloc::format!("--{} {value} [{value} ...]", flag.name),
    };
    if flag.required {
        body
    } else {
        alloc::format!("[{body}]")
    }
}

/// Appends `words` wrapped at ~96 columns, continuation lines indented.
fn wrap_into(out: &mut String, first_indent: &str, indent: &str, words: &[String]) {
    let mut line = String::from(first_indent);
    let mut fresh = true;
    for w in words {
        if !fresh && line.chars().count() + 1 + w.chars().count() > 96 {
            out.push_str(&line);
            out.push('\n');
            line = String::from(indent);
            fresh = true;
        }
        if !fresh {
            line.push(' ');
        }
        line.push_str(w);
        fresh = false;
    }
    out.push_str(&line);
    out.push('\n');
}

fn flag_entry(out: &mut String, flag: &FlagSpec) {
    let mut head = alloc::format!("    --{}", flag.name);
    for s in flag.short.iter().chain(flag.aliases) {
        head.push(' ');
        head.push_str(s);
    }
    if flag.required {
        head.push_str(" [Required]");
    }
    if flag.extension {
        head.push_str(" [hcsim extension]");
    }
    out.push_str(&head);
    out.push('\n');
    let mut text = String::from(flag.help);
    if !flag.choices.is_empty() {
        let _ = write!(text, "  Allowed values: {}.", flag.choices.join(", "));
    }
    if let Some(d) = flag.default {
        let _ = write!(text, "  Default: {d}.");
    }
    match flag.arity {
        Arity::Optional(implied) => {
            let _ = write!(text, "  Given alone it means {implied}.");
        }
        Arity::Many | Arity::OneOrMore if flag.repeatable => {
            text.push_str("  Takes several values; may be repeated.");
        }
        Arity::Many | Arity::OneOrMore => text.push_str("  Takes several values."),
        _ => {}
    }
    if let Check::KeyValue(keys) = flag.check {
        let _ = write!(text, "  Keys: {}.", keys.join(", "));
    }
    let words: Vec<String> = text.split_whitespace().map(String::from).collect();
    wrap_into(out, "        ", "        ", &words);
}

fn command_help(spec: &CommandSpec) -> String {
    let mut s = String::from("Command\n");
    let _ = write!(s, "    {} : {}", spec.path_str(), spec.summary);
    if spec.extension {
        s.push_str(" [hcsim command]");
    }
    s.push_str("\n\nUsage\n");
    let mut parts: Vec<String> = alloc::vec![spec.path_str()];
    for p in spec.positionals {
        // Short choice lists read best inline (`instant|realistic`); long ones by name.
        let shown = if p.choices.is_empty() || p.choices.len() > 3 {
            String::from(p.name)
        } else {
            p.choices.join("|")
        };
        parts.push(match (p.rest, p.required) {
            (true, _) => alloc::format!("[{shown} ...]"),
            (false, true) => shown,
            (false, false) => alloc::format!("[{shown}]"),
        });
    }
    parts.extend(spec.flags.iter().filter(|f| f.required).map(usage_part));
    parts.extend(spec.flags.iter().filter(|f| !f.required).map(usage_part));
    wrap_into(&mut s, "    ", "        ", &parts);

    if !spec.positionals.is_empty() {
        s.push_str("\nPositional arguments\n");
        for p in spec.positionals {
            let mut head = alloc::format!("    {}", p.name);
            if p.required {
                head.push_str(" [Required]");
            }
            let _ = writeln!(s, "{head}");
            let mut text = String::from(p.help);
            if !p.choices.is_empty() {
                let _ = write!(text, "  Allowed values: {}.", p.choices.join(", "));
            }
            let words: Vec<String> = text.split_whitespace().map(String::from).collect();
            wrap_into(&mut s, "        ", "        ", &words);
        }
    }
    if !spec.flags.is_empty() {
        s.push_str("\nArguments\n");
        for flag in spec.flags.iter().filter(|f| f.required) {
            flag_entry(&mut s, flag);
        }
        for flag in spec.flags.iter().filter(|f| !f.required) {
            flag_entry(&mut s, flag);
        }
    }
    for rule in spec.constraints {
        let (names, how) = match rule {
            Constraint::AnyOf(n) => (n, "Give at least one of"),
            Constraint::AtMostOne(n) => (n, "Give at most one of"),
            Constraint::IdsOr(n, _) | Constraint::CustomIds(n, _) => (n, "Give --ids, or all of"),
        };
        let shown: Vec<String> = names
            .iter()
            .map(|n| {
                if n.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                    String::from(*n)
                } else {
                    alloc::format!("--{n}")
                }
            })
            .collect();
        let _ = writeln!(s, "\n    {how}: {}.", shown.join(", "));
    }
    s.push_str("\nGlobal Arguments\n");
    if spec.globals {
        for flag in GLOBAL_FLAGS
            .iter()
            .filter(|g| !spec.flags.iter().any(|f| f.name == g.name))
        {
            flag_entry(&mut s, flag);
        }
    }
    flag_entry(&mut s, &HELP_FLAG);
    if !spec.example.is_empty() {
        let _ = write!(s, "\nExample\n    {}\n", spec.example);
    }
    s
}

/// Tab-completion candidates for the last (partial) word of `prefix_line`: root words,
/// command words, flags not yet given, or the allowed values of the flag or positional
/// being typed. Sorted as the table lists them, without duplicates; empty when nothing fits
/// (including inside an unterminated quote). The front end replaces the partial word.
pub fn completions(prefix_line: &str) -> Vec<String> {
    let Some((words, partial)) = split_prefix(prefix_line) else {
        return Vec::new();
    };
    if words.is_empty() {
        return fitting(ROOTS, &partial);
    }
    let (spec, depth) = match walk_to_command(&words, &partial) {
        Ok(found) => found,
        Err(candidates) => return candidates,
    };
    let args = &words[depth..];
    // `sim help <TAB>`: topics and command roots.
    if spec.positionals.iter().any(|p| p.rest) {
        return complete_topic(args, &partial);
    }
    if !partial.starts_with('-') {
        if let Some(values) = complete_value(spec, args, &partial) {
            return values;
        }
        if !partial.is_empty() {
            return Vec::new();
        }
    }
    complete_flag(spec, args, &partial)
}

/// The complete words of the command being typed and the partial word at the cursor
/// (empty when the cursor starts a new word). `None` inside an unterminated quote.
fn split_prefix(prefix_line: &str) -> Option<(Vec<String>, String)> {
    let commands = tokenize_commands(prefix_line).ok()?;
    let trimmed_end = prefix_line.trim_end_matches([' ', '\t']);
    let starts_new_command = prefix_line.trim().is_empty() || trimmed_end.ends_with(';');
    let new_word =
        starts_new_command || prefix_line.ends_with([' ', '\t']) || prefix_line.is_empty();
    let mut words: Vec<String> = if starts_new_command {
        Vec::new()
    } else {
        commands.into_iter().last().unwrap_or_default()
    };
    let partial = if new_word {
        String::new()
    } else {
        words.pop().unwrap_or_default()
    };
    Some((words, partial))
}

/// Whether `candidate` starts with `partial`, ignoring ASCII case.
fn fits(candidate: &str, partial: &str) -> bool {
    candidate.len() >= partial.len()
        && candidate
            .get(..partial.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(partial))
}

/// The candidates that start with `partial`, in their order.
fn fitting(candidates: &[&str], partial: &str) -> Vec<String> {
    candidates
        .iter()
        .filter(|c| fits(c, partial))
        .map(|c| String::from(*c))
        .collect()
}

/// Follows `words` down the command tree: the command they name and how many words its
/// path takes, or (`Err`) the completions when they stop in a group or go astray.
fn walk_to_command(
    words: &[String],
    partial: &str,
) -> Result<(&'static CommandSpec, usize), Vec<String>> {
    let mut depth = 1;
    loop {
        if let Some(spec) = find_command(&words[..depth]) {
            return Ok((spec, depth));
        }
        if depth == words.len() {
            if !is_group(&words[..depth]) && !ROOTS.contains(&words[0].as_str()) {
                return Err(Vec::new());
            }
            return Err(fitting(&next_words(&words[..depth]), partial));
        }
        if !next_words(&words[..depth]).contains(&words[depth].as_str()) {
            return Err(Vec::new());
        }
        depth += 1;
    }
}

/// Completions for `sim help`'s topic: the prose topics and roots, or the next command word.
fn complete_topic(args: &[String], partial: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if args.is_empty() {
        out.extend(TOPICS.iter().map(|(t, _)| String::from(*t)));
        out.extend(ROOTS.iter().map(|r| String::from(*r)));
    } else {
        let path: Vec<&str> = args.iter().map(String::as_str).collect();
        out.extend(next_words(&path).into_iter().map(String::from));
    }
    out.retain(|c| fits(c, partial));
    out
}

/// The allowed values when the word at the cursor is a value: of the flag just typed, or
/// of the next positional while no flag has been given. `None` when it is neither.
fn complete_value(spec: &CommandSpec, args: &[String], partial: &str) -> Option<Vec<String>> {
    if let Some(flag) = args.last().and_then(|w| spec.find_flag(w))
        && flag.arity != Arity::Switch
    {
        return Some(fitting(flag.choices, partial));
    }
    let given_positionals = args.iter().filter(|w| !is_flag_like(w)).count();
    if args.iter().all(|w| !is_flag_like(w))
        && let Some(p) = spec.positionals.get(given_positionals)
    {
        return Some(fitting(p.choices, partial));
    }
    None
}

/// The flags (long form, or an alias or short form the partial word matches) not given yet,
/// repeatable flags always.
fn complete_flag(spec: &CommandSpec, args: &[String], partial: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for flag in spec.all_flags().chain(core::iter::once(&HELP_FLAG)) {
        let given = args
            .iter()
            .any(|w| flag.matches(w.split('=').next().unwrap_or(w)));
        if given && !flag.repeatable {
            continue;
        }
        let long = alloc::format!("--{}", flag.name);
        if fits(&long, partial) {
            out.push(long);
            continue;
        }
        if let Some(alias) = flag
            .aliases
            .iter()
            .chain(flag.short)
            .find(|a| fits(a, partial) && !partial.is_empty())
        {
            out.push(String::from(*alias));
        }
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overview_lists_every_group_and_topic() {
        let text = help_text(None);
        for group in groups() {
            assert!(text.contains(&group.join(" ")), "missing {group:?}");
        }
        for (topic, _) in TOPICS {
            assert!(text.contains(topic));
        }
        assert_eq!(help_text(Some("")), text);
        assert_eq!(help_text(Some("help")), text);
    }

    #[test]
    fn every_command_help_mentions_every_flag() {
        for spec in COMMANDS {
            let text = help_text(Some(&spec.path_str()));
            assert!(text.contains(spec.summary), "{}", spec.path_str());
            assert!(text.contains("Usage"));
            for flag in spec.all_flags() {
                assert!(
                    text.contains(&alloc::format!("--{}", flag.name)),
                    "{} lacks --{}",
                    spec.path_str(),
                    flag.name
                );
                for s in flag.short.iter().chain(flag.aliases) {
                    assert!(text.contains(s), "{} lacks {s}", spec.path_str());
                }
                for c in flag.choices {
                    assert!(text.contains(c));
                }
                if flag.extension {
                    assert!(text.contains("[hcsim extension]"));
                }
                if flag.required {
                    assert!(text.contains("[Required]"));
                }
            }
            for p in spec.positionals {
                assert!(text.contains(p.name));
            }
        }
    }

    #[test]
    fn command_help_has_az_layout() {
        let text = help_text(Some(
            "az healthcareapis workspace fhir-service create --help",
        ));
        assert!(text.starts_with(
            "Command\n    az healthcareapis workspace fhir-service create : Create a FHIR Service"
        ));
        assert!(text.contains("    --name -n --fhir-service-name [Required]\n"));
        assert!(text.contains("Allowed values: fhir-R4, fhir-Stu3."));
        assert!(text.contains("[--kind {fhir-R4,fhir-Stu3}]"));
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(
            "Allowed values: json, jsonc, none, table, tsv, yaml, yamlc. Default: json."
        ));
        // Without the leading az, too.
        assert_eq!(
            help_text(Some("healthcareapis workspace fhir-service create")),
            text
        );
        let update = help_text(Some("az healthcareapis workspace update"));
        assert!(update.contains("    --cmk-key-url [hcsim extension]\n"));
        assert!(update.contains("    --monitoring [hcsim extension]\n"));
    }

    #[test]
    fn topics_are_non_empty_and_complete() {
        for (topic, _) in TOPICS {
            let text = help_text(Some(topic));
            assert!(text.len() > 100, "{topic}");
            assert!(!text.starts_with("No help"));
        }
        let faults = help_text(Some("faults"));
        for kind in hcsim_core::FaultKind::ALL {
            assert!(faults.contains(kind.id()), "{}", kind.id());
        }
        for flag in ["--region", "--zone", "--target", "--probability", "--for"] {
            assert!(faults.contains(flag));
        }
        let rules = help_text(Some("rules"));
        for r in hcsim_core::RuleId::ALL {
            assert!(rules.contains(r.id()), "{}", r.id());
        }
        let one = help_text(Some("workspace-delete-requires-empty"));
        assert!(
            one.contains("Source:") && one.contains("Why:") && one.contains("Fix:"),
            "{one}"
        );
        let ext = help_text(Some("extensions"));
        for f in [
            "--cmk-key-url",
            "--cmk-identity",
            "--monitoring",
            "--public-network-access",
        ] {
            assert!(ext.contains(f));
        }
    }

    #[test]
    fn groups_and_unknown_topics() {
        let g = help_text(Some("az healthcareapis workspace"));
        assert!(g.contains("fhir-service"));
        assert!(g.contains("create"));
        assert!(help_text(Some("sim fault")).contains("clear"));
        let unknown = help_text(Some("faultz"));
        assert!(unknown.starts_with("No help for 'faultz'. Did you mean 'faults'?"));
    }

    #[test]
    fn completes_roots_words_flags_and_values() {
        assert_eq!(completions(""), ["az", "hcsim", "sim"]);
        assert_eq!(completions("s"), ["sim"]);
        assert_eq!(
            completions("az healthcareapis workspace f"),
            ["fhir-service"]
        );
        let words = completions("az healthcareapis workspace ");
        assert!(words.contains(&String::from("iot-connector")));
        assert!(words.contains(&String::from("create")));
        assert_eq!(
            completions("az healthcareapis workspace fhir-service create --ki"),
            ["--kind"]
        );
        assert_eq!(
            completions("az healthcareapis workspace fhir-service create --kind "),
            ["fhir-R4", "fhir-Stu3"]
        );
        assert_eq!(
            completions("az healthcareapis workspace fhir-service create --kind fhir-s"),
            ["fhir-Stu3"]
        );
        let flags = completions("az group create --name rg1 ");
        assert!(!flags.contains(&String::from("--name")));
        assert!(flags.contains(&String::from("--location")));
        assert!(flags.contains(&String::from("--output")));
        assert_eq!(
            completions("sim fault add "),
            [
                "key-vault-deny",
                "provisioning-failure",
                "region-outage",
                "slow-provisioning",
                "throttle",
                "zone-down"
            ]
        );
        assert_eq!(completions("sim timing r"), ["realistic"]);
        assert_eq!(completions("sim status; sim ti"), ["timing"]);
        assert_eq!(completions("sim status; "), ["az", "hcsim", "sim"]);
        assert!(completions("sim help ").contains(&String::from("faults")));
        assert!(completions("az nope ").is_empty());
        assert!(completions("az group create -n 'open").is_empty());
    }
}
