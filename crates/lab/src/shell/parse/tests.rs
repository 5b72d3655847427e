//! Parser tests: every command of the table, every error path.

use super::*;
use crate::shell::{ArgValue, ErrorCode, OutputFormat, parse};
use alloc::vec;

fn ok(line: &str) -> Command {
    match parse(line) {
        Ok(c) => c,
        Err(e) => panic!("{line}\n{e}"),
    }
}

fn err(line: &str) -> ShellError {
    match parse(line) {
        Ok(c) => panic!("{line} parsed: {c:?}"),
        Err(e) => e,
    }
}

/// A value that passes the flag's checks, for the table-driven test.
fn sample_value(flag: &FlagSpec) -> String {
    if let Some(c) = flag.choices.first() {
        return String::from(*c);
    }
    match flag.check {
        Check::Any => String::from("v1"),
        Check::Duration => String::from("10m"),
        Check::Percent => String::from("50"),
        Check::IntRange(min, _) => min.to_string(),
        Check::Json => String::from("'{\"a\":1}'"),
        Check::Parameters => String::from("k=v"),
        Check::KeyValue(keys) => alloc::format!("{}=x", keys.first().copied().unwrap_or("k")),
        Check::ResourceId => String::from("/subscriptions/1/resourceGroups/rg1"),
    }
}

fn sample_positional(p: &PositionalSpec) -> String {
    if let Some(c) = p.choices.first() {
        return String::from(*c);
    }
    match p.check {
        Check::Duration => String::from("90s"),
        Check::ResourceId => String::from("/subscriptions/1/x"),
        _ => String::from("thing"),
    }
}

/// Builds a line giving every flag of `spec` (and required positionals), using either the
/// long name or the first short/alias form.
fn full_line(spec: &CommandSpec, short: bool) -> String {
    let mut line = spec.path_str();
    for p in spec.positionals.iter().filter(|p| p.required) {
        line.push(' ');
        line.push_str(&sample_positional(p));
    }
    let mut constrained_skip: Vec<&str> = Vec::new();
    for rule in spec.constraints {
        if let Constraint::AtMostOne(names) = rule {
            constrained_skip.extend(names.iter().skip(1));
        }
        if let Constraint::IdsOr(..) | Constraint::CustomIds(..) = rule {
            // The id parts are given; `--ids` would conflict with them.
            constrained_skip.push("ids");
        }
    }
    for flag in spec.flags {
        if constrained_skip.contains(&flag.name) {
            continue;
        }
        let spelling = if short {
            flag.short
                .first()
                .or(flag.aliases.first())
                .map_or_else(|| alloc::format!("--{}", flag.name), |s| String::from(*s))
        } else {
            alloc::format!("--{}", flag.name)
        };
        line.push(' ');
        line.push_str(&spelling);
        if flag.arity != Arity::Switch {
            line.push(' ');
            line.push_str(&sample_value(flag));
        }
    }
    line
}

#[test]
fn every_command_parses_with_long_and_short_flags() {
    for spec in COMMANDS {
        for short in [false, true] {
            let line = full_line(spec, short);
            let cmd = ok(&line);
            assert_eq!(cmd.path, spec.path, "{line}");
            assert!(!cmd.help);
            for flag in spec.flags {
                if flag.name == "subscription" || cmd.has(flag.name) {
                    continue;
                }
                // Only AtMostOne-skipped flags may be absent.
                assert!(
                    spec.constraints.iter().any(
                        |r| matches!(r, Constraint::AtMostOne(n) if n.contains(&flag.name))
                            || (flag.name == "ids"
                                && matches!(r, Constraint::IdsOr(..) | Constraint::CustomIds(..)))
                    ),
                    "{line}: --{} missing from {:?}",
                    flag.name,
                    cmd.args
                );
            }
        }
    }
}

#[test]
fn every_required_flag_is_reported_missing() {
    for spec in COMMANDS {
        let required: Vec<&FlagSpec> = spec.flags.iter().filter(|f| f.required).collect();
        if required.is_empty() || !spec.positionals.iter().all(|p| !p.required) {
            continue;
        }
        let e = err(&spec.path_str());
        assert_eq!(e.code, ErrorCode::MissingArgument, "{}", spec.path_str());
        for f in required {
            assert!(
                e.message.contains(&f.display()),
                "{}: {}",
                spec.path_str(),
                e.message
            );
        }
    }
}

#[test]
fn every_path_is_unique_and_rooted() {
    let paths: Vec<String> = all_paths().collect();
    for (i, p) in paths.iter().enumerate() {
        assert!(!paths[i + 1..].contains(p), "duplicate {p}");
        assert!(ROOTS.iter().any(|r| p.starts_with(r)));
        // No command is also a group (the walk stops at the first full command).
        let words: Vec<&str> = p.split(' ').collect();
        assert!(
            !super::is_group(&words),
            "{p} is both a command and a group"
        );
    }
    for spec in COMMANDS {
        for (i, f) in spec.all_flags().enumerate() {
            for g in spec.all_flags().skip(i + 1) {
                for s in f.spellings() {
                    assert!(!g.matches(&s), "{}: {s} is ambiguous", spec.path_str());
                }
            }
        }
    }
}

#[test]
fn contract_commands_from_scenarios_md() {
    for line in [
        "az account set --subscription Sandbox",
        "az account set -s 22222222-2222-2222-2222-222222222222",
        "az account show",
        "az group create --name rg1 --location eastus",
        "az group delete --name rg1 --yes --no-wait",
        "az group show -n rg1",
        "az group list",
        "az group exists --name rg1",
        "az group export --name rg1",
        "az healthcareapis workspace create --name ws1 --resource-group rg1",
        "az healthcareapis workspace delete --name ws1 --resource-group rg1 --yes",
        "az healthcareapis workspace show -n ws1 -g rg1",
        "az healthcareapis workspace list",
        "az healthcareapis workspace update -n ws1 -g rg1 --tags a=b",
        "az healthcareapis workspace fhir-service create -n f1 --workspace-name ws1 -g rg1 --kind fhir-R4",
        "az healthcareapis workspace dicom-service list --workspace-name ws1 -g rg1",
        "az healthcareapis workspace iot-connector update -n i1 --workspace-name ws1 -g rg1",
        "az healthcareapis workspace iot-connector fhir-destination delete --fhir-destination-name d1 --iot-connector-name i1 --workspace-name ws1 -g rg1 --yes",
        "az deployment group create -g rg1 --template-file t.json --parameters a=1 b=2 --parameters @p.json --mode Complete",
        "az deployment group what-if -g rg1 -f t.json",
        "az deployment group show -g rg1 -n d1",
        "az deployment group list -g rg1",
        "az role assignment create --assignee bob@contoso.com --role Reader --scope /subscriptions/1",
        "az role assignment delete --assignee bob@contoso.com --role Reader",
        "az role assignment list --all",
        "az lock create --name l1 --lock-type CanNotDelete --resource-group rg1",
        "az lock delete --name l1 -g rg1",
        "az lock list -g rg1",
        "az keyvault create -n kv1 -g rg1",
        "az keyvault key create --vault-name kv1 -n k1",
        "az keyvault key set-attributes --vault-name kv1 -n k1 --enabled false",
        "az network vnet create -n v1 -g rg1 --subnet-name default",
        "az network private-endpoint create -n pe -g rg1 --vnet-name v1 --subnet default --private-connection-resource-id /subscriptions/1/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1 --group-id healthcareworkspace --connection-name c1",
        "az network private-endpoint delete -n pe -g rg1",
        "az provider register --namespace Microsoft.HealthcareApis",
        "az provider show -n Microsoft.HealthcareApis",
        "az ad user create --display-name Carol --user-principal-name carol@contoso.com",
        "az ad user list",
        "sim advance 90s",
        "sim advance PT10M",
        "sim timing instant",
        "sim timing realistic",
        "sim stage ga",
        "sim stage private-preview",
        "sim seed",
        "sim as alice@contoso.com",
        "sim as me",
        "sim fault add region-outage --region eastus --for 30m",
        "sim fault add zone-down --region eastus --zone 2",
        "sim fault add key-vault-deny --target /subscriptions/1/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1",
        "sim fault add provisioning-failure --probability 25%",
        "sim fault add throttle --probability 10",
        "sim fault add slow-provisioning",
        "sim fault list",
        "sim fault clear f1",
        "sim fault clear --all",
        "sim fault clear",
        "sim probe /subscriptions/1/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1/fhirservices/f1 --from private --as bob@contoso.com",
        "sim undo",
        "sim redo",
        "sim status",
        "sim help",
        "sim help faults",
        "sim help az healthcareapis workspace create --help",
        "hcsim help",
        "hcsim help rules",
    ] {
        ok(line);
    }
}

#[test]
fn values_land_under_canonical_names() {
    let c = ok(
        "az healthcareapis workspace create --workspace-name ws1 -g rg1 -l westus2 --tags a=b 'c=d e' -o table --query id --subscription Sandbox --only-show-errors",
    );
    assert!(c.is("az healthcareapis workspace create"));
    assert_eq!(c.get("name"), Some("ws1"));
    assert_eq!(c.require("resource-group").ok(), Some("rg1"));
    assert_eq!(c.get("location"), Some("westus2"));
    assert_eq!(c.get_many("tags"), vec!["a=b", "c=d e"]);
    assert_eq!(c.output, OutputFormat::Table);
    assert_eq!(c.query.as_deref(), Some("id"));
    assert_eq!(c.get("subscription"), Some("Sandbox"));
    assert!(c.flag("only-show-errors"));
    assert!(!c.has("output"));
    assert!(!c.flag("verbose"));
    assert_eq!(c.output, OutputFormat::Table);
    let group = ok("az group create -g rg1 -l eastus");
    assert_eq!(group.get("name"), Some("rg1"));
    let eq = ok("az group create --name=rg1 --location=eastus");
    assert_eq!(eq.get("name"), Some("rg1"));
    assert_eq!(eq.output, OutputFormat::Json);
}

#[test]
fn choices_normalise_case() {
    let c = ok(
        "az healthcareapis workspace fhir-service create -n f1 --workspace-name ws1 -g rg1 --kind FHIR-R4 --identity-type systemassigned",
    );
    assert_eq!(c.get("kind"), Some("fhir-R4"));
    assert_eq!(c.get("identity-type"), Some("SystemAssigned"));
    assert_eq!(ok("sim timing INSTANT").positional(0), Some("instant"));
}

#[test]
fn switches_and_three_state_flags() {
    let c = ok("az group delete -n rg1 -y --no-wait");
    assert_eq!(c.args.get("yes"), Some(&ArgValue::Flag));
    assert!(c.flag("yes") && c.flag("no-wait"));
    let k = ok("az keyvault key set-attributes --vault-name kv -n k --enabled false");
    assert_eq!(k.bool_arg("enabled"), Some(false));
    let k = ok("az keyvault key set-attributes --vault-name kv -n k --enabled");
    assert_eq!(k.bool_arg("enabled"), Some(true));
    let k = ok("az keyvault key set-attributes --vault-name kv -n k");
    assert_eq!(k.bool_arg("enabled"), None);
    assert!(err("az group delete -n rg1 --yes=no").code == ErrorCode::BadArgument);
}

#[test]
fn multi_value_flags_stop_at_the_next_flag() {
    let c = ok(
        "az deployment group create -g rg1 -f t.json -p a=1 b=2 --mode Incremental -p @x.json -p '{\"c\":{\"value\":3}}'",
    );
    assert_eq!(
        c.get_many("parameters"),
        vec!["a=1", "b=2", "@x.json", "{\"c\":{\"value\":3}}"]
    );
    assert_eq!(c.get_or_default("mode"), Some("Incremental"));
    let d = ok("az deployment group what-if -g rg1 -f t.json");
    assert_eq!(d.get_or_default("mode"), Some("Incremental"));
    let t = ok("az group create -n rg1 -l eastus --tags");
    assert_eq!(t.args.get("tags"), Some(&ArgValue::Many(Vec::new())));
    let i = ok(
        "az healthcareapis workspace iot-connector create -n i1 --workspace-name ws1 -g rg1 -c event-hub-name=h consumer-group='$Default' fully-qualified-event-hub-namespace=ns.servicebus.windows.net --content '{\"templateType\":\"CollectionContent\",\"template\":[]}'",
    );
    assert_eq!(
        i.get_many("ingestion-endpoint-configuration"),
        vec![
            "event-hub-name=h",
            "consumer-group=$Default",
            "fully-qualified-event-hub-namespace=ns.servicebus.windows.net"
        ]
    );
    assert_eq!(
        i.get("content"),
        Some("{\"templateType\":\"CollectionContent\",\"template\":[]}")
    );
}

#[test]
fn unknown_command_suggests_the_next_word() {
    let e = err("az healthcareapis workspace fhir-servic create");
    assert_eq!(e.code, ErrorCode::CommandNotFound);
    assert_eq!(
        e.message,
        "'healthcareapis workspace fhir-servic' is misspelled or not recognized by the system."
    );
    assert_eq!(e.suggestion.as_deref(), Some("fhir-service"));
    assert_eq!(
        alloc::format!("{e}"),
        "ERROR: 'healthcareapis workspace fhir-servic' is misspelled or not recognized by the system.\nDid you mean 'fhir-service' ?"
    );
    let e = err("sim fautl add throttle");
    assert_eq!(
        e.message,
        "'sim fautl' is misspelled or not recognized by the system."
    );
    assert_eq!(e.suggestion.as_deref(), Some("fault"));
    let e = err("za group list");
    assert_eq!(e.suggestion.as_deref(), Some("az"));
    assert_eq!(err("").code, ErrorCode::CommandNotFound);
    assert_eq!(err("# nothing").code, ErrorCode::CommandNotFound);
}

#[test]
fn unknown_flag_suggests_the_closest_flag() {
    let e = err("az group create --name rg1 --location eastus --tgas a=b");
    assert_eq!(e.code, ErrorCode::UnrecognizedArguments);
    assert_eq!(e.message, "unrecognized arguments: --tgas a=b");
    assert_eq!(e.suggestion.as_deref(), Some("--tags"));
    assert_eq!(
        alloc::format!("{e}"),
        "ERROR: unrecognized arguments: --tgas a=b\nDid you mean '--tags'?"
    );
    // argparse (CPython `Lib/argparse.py`, `_parse_known_args`) reports a missing required
    // argument before `parse_args` reports the words nothing took: a misspelled required
    // flag is a missing one first.
    let e = err("az group create --nmae rg1 --location eastus");
    assert_eq!(e.code, ErrorCode::MissingArgument);
    let e = err("az account set 11111111-1111-1111-1111-111111111111");
    assert_eq!(e.code, ErrorCode::MissingArgument);
    let e = err("az group list extra");
    assert_eq!(e.message, "unrecognized arguments: extra");
    let e = err("az healthcareapis workspace create -n ws1 -g rg1 --monitoring Enabled");
    assert_eq!(e.code, ErrorCode::UnrecognizedArguments);
    let e = err("sim fault add throttle --probabilty 5");
    assert_eq!(e.suggestion.as_deref(), Some("--probability"));
}

#[test]
fn missing_arguments_are_listed_like_az() {
    let e = err("az healthcareapis workspace create");
    assert_eq!(e.code, ErrorCode::MissingArgument);
    assert_eq!(
        e.message,
        "the following arguments are required: --name/-n, --resource-group/-g"
    );
    let e = err("sim advance");
    assert_eq!(e.message, "the following arguments are required: DURATION");
    let e = err("az role assignment create --role Reader --scope /subscriptions/x");
    assert_eq!(e.code, ErrorCode::MissingArgument);
    assert!(e.message.contains("--assignee | --assignee-object-id"));
    // azure-cli 2.54 made --scope required and removed --resource-group from this command
    // (Azure/azure-cli PR #27651); argparse reports the missing argument first.
    for line in [
        "az role assignment create --assignee alice@contoso.com --role Reader",
        "az role assignment create --assignee alice@contoso.com --role Reader -g rg1",
    ] {
        let e = err(line);
        assert_eq!(e.code, ErrorCode::MissingArgument, "{line}");
        assert_eq!(e.message, "the following arguments are required: --scope");
    }
}

#[test]
fn invalid_choices_list_the_allowed_values() {
    let e = err(
        "az healthcareapis workspace fhir-service create -n f --workspace-name w -g r --kind r4",
    );
    assert_eq!(e.code, ErrorCode::InvalidChoice);
    assert_eq!(
        e.message,
        "argument --kind: invalid choice: 'r4' (choose from 'fhir-R4', 'fhir-Stu3')"
    );
    let e = err("az lock create -n l -t Delete -g rg");
    assert!(
        e.message
            .starts_with("argument --lock-type/-t: invalid choice: 'Delete'")
    );
    let e = err("az deployment group create -g r -f t.json --mode complet");
    assert_eq!(e.suggestion.as_deref(), Some("Complete"));
    let e = err("sim fault add regin-outage");
    assert_eq!(e.code, ErrorCode::InvalidChoice);
    assert_eq!(e.suggestion.as_deref(), Some("region-outage"));
    let e = err("az group list -o xml");
    assert_eq!(e.code, ErrorCode::InvalidChoice);
}

#[test]
fn bad_values_are_reported() {
    for (line, needle) in [
        ("az group create -n rg1", "required"),
        ("az group create -n", "expected one argument"),
        ("az group create -n -l eastus", "expected one argument"),
        ("sim advance soon", "invalid duration"),
        ("sim fault add throttle --probability 150", "percentage"),
        ("sim fault add zone-down --zone 4", "from 1 to 3"),
        ("sim fault add throttle --for 1.5h", "invalid duration"),
        ("sim probe fhir1", "not a resource id"),
        ("sim fault clear f1 --all", "cannot be used together"),
        ("sim timing fast", "invalid choice"),
        ("sim seed 42", "unrecognized arguments: 42"),
        ("sim as", "PRINCIPAL"),
        (
            "az healthcareapis workspace iot-connector create -n i --workspace-name w -g r --content '{bad'",
            "Failed to parse string as JSON",
        ),
        (
            "az healthcareapis workspace iot-connector create -n i --workspace-name w -g r -c eventHubName=x",
            "Unsupported Key eventHubName",
        ),
        (
            "az deployment group create -g r -f t.json -p justaword",
            "KEY=VALUE",
        ),
        (
            "az deployment group create -g r -f t.json -p",
            "at least one argument",
        ),
        ("az group create -n 'rg1", "unterminated single quote"),
    ] {
        let e = err(line);
        assert!(e.message.contains(needle), "{line}: {}", e.message);
    }
    let e = err(
        "az healthcareapis workspace iot-connector create -n i --workspace-name w -g r -c eventhubname=x",
    );
    assert_eq!(e.suggestion.as_deref(), Some("event-hub-name"));
}

#[test]
fn help_requests_are_commands() {
    let c = ok("az healthcareapis workspace fhir-service create --help");
    assert!(c.help);
    assert_eq!(
        c.help_topic().as_deref(),
        Some("az healthcareapis workspace fhir-service create")
    );
    // --help wins over other mistakes, as in az.
    assert!(ok("az group create --nmae x -h").help);
    let g = ok("az healthcareapis workspace");
    assert!(g.help);
    assert_eq!(g.path, vec!["az", "healthcareapis", "workspace"]);
    assert!(ok("az group --help").help);
    assert!(ok("az").help);
    assert!(ok("sim fault").help);
    assert!(ok("sim advance -h").help);
    let h = ok("sim help az group create --help");
    assert!(!h.help);
    assert_eq!(h.positionals, vec!["az", "group", "create", "--help"]);
    assert_eq!(h.help_topic().as_deref(), Some("az group create --help"));
    assert_eq!(ok("sim help").help_topic(), None);
    assert_eq!(
        err("az group --nmae").code,
        ErrorCode::UnrecognizedArguments
    );
}

#[test]
fn sim_verbs_carry_positionals() {
    let c = ok("sim advance 1h30m");
    assert_eq!(c.positional(0), Some("1h30m"));
    let f =
        ok("sim fault add key-vault-deny --target /subscriptions/1/x --for PT5M --probability 30%");
    assert_eq!(f.positional(0), Some("key-vault-deny"));
    assert_eq!(f.get("probability"), Some("30"));
    assert_eq!(f.get("for"), Some("PT5M"));
    let p = ok("sim probe /subscriptions/1/x");
    assert_eq!(p.get_or_default("from"), Some("public"));
    assert_eq!(ok("sim as me").positional(0), Some("me"));
}

#[test]
fn negative_looking_values_are_values() {
    let c = ok("az group create -n rg1 -l eastus --tags n=-5 -");
    assert_eq!(c.get_many("tags"), vec!["n=-5", "-"]);
}

#[test]
fn serializes_for_front_ends() {
    let c = ok("az group create -n rg1 -l eastus --tags a=b -o tsv");
    let json = serde_json::to_value(&c).unwrap_or_default();
    assert_eq!(json["path"], serde_json::json!(["az", "group", "create"]));
    assert_eq!(json["args"]["tags"], serde_json::json!(["a=b"]));
    assert_eq!(json["args"]["name"], serde_json::json!("rg1"));
    assert_eq!(json["output"], serde_json::json!("tsv"));
    let d = ok("az group delete -n rg1 --yes");
    let json = serde_json::to_value(&d).unwrap_or_default();
    assert_eq!(json["args"]["yes"], serde_json::json!(true));
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC*") {
            let _ = parse(&s);
            let _ = crate::shell::split_commands(&s);
            let _ = crate::shell::parse_duration(&s);
            let _ = crate::shell::completions(&s);
            let _ = crate::shell::help_text(Some(&s));
        }

        #[test]
        fn shell_like_text_never_panics(s in "(az|sim|hcsim|--[a-z-]{0,12}|-[a-z]|'|\"|\\\\|;|#|=|[ \t\n\r]|[a-zA-Z0-9$@{}:,.%/]{1,8}|\u{0}|é|…){0,40}") {
            let _ = parse(&s);
            for part in crate::shell::split_commands(&s) {
                let _ = parse(&part);
            }
            let _ = crate::shell::completions(&s);
        }

        #[test]
        fn prefixed_lines_never_panic(tail in "[ -~]{0,80}", which in 0usize..COMMANDS.len()) {
            let line = alloc::format!("{} {tail}", COMMANDS[which].path_str());
            let _ = parse(&line);
            let _ = crate::shell::completions(&line);
        }

        #[test]
        fn durations_never_panic(s in "[0-9]{0,25}(ms|s|m|h|d|w|x)?[0-9]{0,5}[.,]?[0-9]{0,5}|P[0-9WDTHMS.]{0,30}") {
            let _ = crate::shell::parse_duration(&s);
        }
    }

    #[test]
    fn huge_inputs_are_refused_quickly() {
        let long = alloc::format!("az group create -n {}", "x".repeat(200_000));
        assert_eq!(
            parse(&long).err().map(|e| e.code),
            Some(ErrorCode::Tokenize)
        );
        let _ = crate::shell::completions(&long);
        let _ = crate::shell::split_commands(&long);
        let quotes = "'".repeat(70_000);
        let _ = parse(&quotes);
        let typo = alloc::format!("az group {}", "y".repeat(60_000));
        assert!(parse(&typo).is_err());
    }
}

/// argparse's prefix matching (azure-cli issue #2105: "The CLI supports prefix matching of
/// arguments"; CPython `argparse._parse_optional`): a unique prefix of a long option is that
/// option; a prefix of several is ambiguous.
#[test]
fn long_options_answer_to_unique_prefixes() {
    let c = ok("az ad user show --id alice@contoso.com --query id --out tsv");
    assert_eq!(c.output, OutputFormat::Tsv);
    let c = ok("az healthcareapis workspace show --resource-g rg1 --na ws1");
    assert_eq!(c.get("resource-group"), Some("rg1"));
    assert_eq!(c.get("name"), Some("ws1"));
    let e = err("az group list --o table");
    assert_eq!(e.code, ErrorCode::BadArgument);
    assert_eq!(
        e.message,
        "ambiguous option: --o could match --only-show-errors, --output"
    );
}

/// argparse's `_StoreAction` does not check a parameter given twice: the last value wins
/// (azure-cli PR #14546 explains it for `az ad app create --id … --identifier-uris …`).
#[test]
fn a_flag_given_twice_keeps_its_last_value() {
    let c = ok("az group create -n rg1 -n rg2 -l eastus");
    assert_eq!(c.get("name"), Some("rg2"));
    let c = ok("az group show --name rg1 --resource-group rg2");
    assert_eq!(c.get("name"), Some("rg2"));
}

/// The one-pass look-up of a line's command stops where the walk of the tree stops: that
/// holds because no command path word looks like a flag (the walk stops at one) and every
/// path starts with a root.
#[test]
fn the_one_pass_lookup_finds_what_the_walk_finds() {
    for c in COMMANDS {
        assert!(ROOTS.contains(&c.path[0]), "{:?}", c.path);
        assert!(
            c.path.iter().all(|w| !is_flag_like(w)),
            "{:?} has a word that looks like a flag",
            c.path
        );
        let found = shortest_command_prefix(c.path).map(|s| s.path);
        let walked = (1..=c.path.len()).find_map(|n| find_command(&c.path[..n]));
        assert_eq!(found, walked.map(|s| s.path), "{:?}", c.path);
        let mut words: Vec<&str> = c.path.to_vec();
        words.extend(["--extra", "word"]);
        assert_eq!(
            shortest_command_prefix(&words).map(|s| s.path),
            walked.map(|s| s.path)
        );
    }
    assert!(shortest_command_prefix(&["az", "group"]).is_none());
    assert!(shortest_command_prefix(&["az"]).is_none());
    assert!(shortest_command_prefix(&[]).is_none());
}
