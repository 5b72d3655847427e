//! `hcsim run`, `list` and `exec` as processes: exit codes 0/1/2, the JSON report's shape,
//! relative template paths, and the seed always printed.

use std::process::{Command, Output};

fn hcsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hcsim"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs hcsim")
}

fn tmpdir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("hcsim-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

const PASSING: &str = r#"{
  "format": "hcsim-scenario/1",
  "title": "A workspace cannot be deleted while it has children",
  "seed": 42,
  "timing": "instant",
  "steps": [
    "az group create --name rg1 --location eastus",
    "az healthcareapis workspace create --name ws1 --resource-group rg1",
    "az healthcareapis workspace fhir-service create --name fhir1 --workspace-name ws1 --resource-group rg1 --kind fhir-R4",
    {"run": "az healthcareapis workspace delete --name ws1 --resource-group rg1 --yes",
     "expect": {"error": "CannotDeleteResource", "rule": "workspace-delete-requires-empty"}},
    {"check": {"count": {"type": "Microsoft.HealthcareApis/workspaces", "equals": 1}}}
  ]
}"#;

#[test]
fn run_passes_with_exit_0_and_the_report_shape() {
    let d = tmpdir("pass");
    let f = d.join("s.json");
    std::fs::write(&f, PASSING).unwrap();
    let o = hcsim(&["run", f.to_str().unwrap(), "--json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["format"], "hcsim-report/1");
    assert_eq!(v["seed"], 42);
    assert_eq!(v["passed"], true);
    assert_eq!(v["expectations"]["failed"], 0);
    assert_eq!(v["expectations"]["met"], 5);
    let step = &v["steps"][3];
    for k in [
        "index",
        "input",
        "ok",
        "status",
        "code",
        "rule",
        "expectation",
        "message",
    ] {
        assert!(step.get(k).is_some(), "step has {k}: {step}");
    }
    assert_eq!(step["rule"], "workspace-delete-requires-empty");
    assert_eq!(v["trace_hash"].as_str().unwrap().len(), 16);
    // Same file and seed: same trace hash.
    let again: serde_json::Value =
        serde_json::from_slice(&hcsim(&["run", f.to_str().unwrap(), "--json"]).stdout).unwrap();
    assert_eq!(again["trace_hash"], v["trace_hash"]);
    // The text trace names the seed, without colour when piped.
    let o = hcsim(&["run", f.to_str().unwrap(), "--seed", "7"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("seed 7"), "{text}");
    assert!(!text.contains('\x1b'), "no escape codes when piped: {text}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn run_fails_with_exit_1_when_an_expectation_fails() {
    let d = tmpdir("fail");
    let f = d.join("s.json");
    std::fs::write(
        &f,
        PASSING.replace("workspace-delete-requires-empty", "workspace-first"),
    )
    .unwrap();
    let o = hcsim(&["run", f.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["passed"], false);
    assert_eq!(v["expectations"]["failed"], 1);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn run_exits_2_naming_the_file_line_and_column() {
    let d = tmpdir("bad");
    let f = d.join("broken.json");
    std::fs::write(
        &f,
        "{\n  \"format\": \"hcsim-scenario/1\",\n  \"steps\": [,]\n}",
    )
    .unwrap();
    let o = hcsim(&["run", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("broken.json:3:"), "{err}");
    let o = hcsim(&["run", d.join("missing.json").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.json"));
    let o = hcsim(&["run", "--builtin", "no-such-thing"]);
    assert_eq!(o.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn template_paths_resolve_against_the_scenario_file() {
    let d = tmpdir("tpl");
    let sub = d.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(
        sub.join("main.json"),
        r#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "contentVersion": "1.0.0.0",
            "resources": [{"type": "Microsoft.HealthcareApis/workspaces", "apiVersion": "2024-03-31",
                           "name": "wst", "location": "eastus", "properties": {}}]}"#,
    )
    .unwrap();
    std::fs::write(
        sub.join("s.json"),
        r#"{"format": "hcsim-scenario/1", "title": "t", "seed": 1, "steps": [
            "az group create -n rg1 -l eastus",
            "az deployment group create -g rg1 --template-file main.json",
            {"check": {"exists": "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/wst"}}
        ]}"#,
    )
    .unwrap();
    // Run from another directory: main.json is found next to the scenario.
    let o = Command::new(env!("CARGO_BIN_EXE_hcsim"))
        .args(["run", "sub/s.json"])
        .current_dir(&d)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn list_and_run_builtins() {
    let o = hcsim(&["list", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let all = v.as_array().unwrap();
    assert!(!all.is_empty());
    for b in all {
        assert!(b["name"].is_string() && b["title"].is_string());
        assert!(b["kind"] == "scenario" || b["kind"] == "lesson", "{b}");
    }
    let text = String::from_utf8_lossy(&hcsim(&["list"]).stdout).to_string();
    let first = all[0]["name"].as_str().unwrap();
    assert!(text.lines().next().unwrap().starts_with(first), "{text}");
    // The Azure API for FHIR migration lesson is among them.
    assert!(
        all.iter().any(|b| b["name"] == "legacy-fhir-migration"),
        "{v}"
    );
    // Every built-in passes through the real binary (a lesson is played with its solution).
    for b in all {
        let name = b["name"].as_str().unwrap();
        let o = hcsim(&["run", "--builtin", name]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "hcsim run --builtin {name}:\n{}",
            String::from_utf8_lossy(&o.stdout)
        );
    }
    let o = hcsim(&["run", "--builtin", first, "--json"]);
    assert_eq!(o.status.code(), Some(0));
    // A built-in with no seed in its file still prints the seed used.
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["seed"].is_u64());
}

#[test]
fn exec_runs_commands_and_explains_failures() {
    let o = hcsim(&[
        "exec",
        "az group create -n rg1 -l eastus; az group exists -n rg1",
        "--seed",
        "3",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("\"name\": \"rg1\"") && out.trim_end().ends_with("true"),
        "{out}"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("seed 3"));
    let o = hcsim(&[
        "exec",
        "az healthcareapis workspace fhir-service create -n f --workspace-name nows -g nog",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("Fix:") || err.contains("Why:"), "{err}");
    let d = tmpdir("exec");
    let script = d.join("cmds.txt");
    std::fs::write(
        &script,
        "# build\naz group create -n rg1 -l eastus\n\naz group list -o table\n",
    )
    .unwrap();
    let o = hcsim(&["exec", "--script", script.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("rg1"));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn load_refuses_damaged_or_newer_sessions_untouched() {
    let d = tmpdir("load");
    let f = d.join("s.json");
    let newer = r#"{"format": "hcsim-session/9", "steps": []}"#;
    std::fs::write(&f, newer).unwrap();
    let o = hcsim(&["--load", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("newer"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(std::fs::read_to_string(&f).unwrap(), newer);
    std::fs::write(&f, "{ not json").unwrap();
    let o = hcsim(&["--load", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("damaged"));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn help_and_version() {
    let o = hcsim(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let h = String::from_utf8_lossy(&o.stdout);
    for w in [
        "run",
        "list",
        "exec",
        "--seed",
        "--scenario",
        "--builtin",
        "--load",
    ] {
        assert!(h.contains(w), "{w} in {h}");
    }
    let o = hcsim(&["--version"]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("hcsim "));
}

#[test]
fn show_prints_a_builtin_that_runs_back_and_schema_is_json() {
    let o = hcsim(&["show", "first-workspace"]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("\"hcsim-scenario/1\""));
    // A trainer can save it, adapt it and play it.
    let d = tmpdir("show");
    let f = d.join("lesson.json");
    std::fs::write(&f, &text).unwrap();
    assert_eq!(
        hcsim(&["run", f.to_str().unwrap(), "--seed", "3"])
            .status
            .code(),
        Some(0)
    );
    let bad = hcsim(&["show", "no-such-lesson"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("hcsim list"));
    let schema = hcsim(&["schema"]);
    let v: serde_json::Value = serde_json::from_slice(&schema.stdout).expect("the schema is JSON");
    assert!(
        v["$schema"]
            .as_str()
            .unwrap_or("")
            .contains("json-schema.org")
    );
}

/// The reliability report: a scenario naming /dev/zero, a FIFO or a file outside its folder
/// must end at once with the file named, not grow to gigabytes or block.
#[test]
fn run_refuses_devices_fifos_and_files_outside_the_scenario_folder() {
    let d = tmpdir("hostile-files");
    let fifo = d.join("pipe.json");
    let _ = std::fs::remove_file(&fifo);
    let have_fifo = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let mut names = vec![
        ("/dev/zero", "outside the scenario's folder"),
        ("../outside.json", "outside the scenario's folder"),
    ];
    if have_fifo {
        names.push(("pipe.json", "is a FIFO"));
    }
    for (name, why) in names {
        let steps = format!(
            r#"{{"format": "hcsim-scenario/1", "title": "t", "seed": 1, "steps": [
                "az group create -n rg1 -l eastus",
                "az deployment group create -g rg1 --template-file {name}"
            ]}}"#
        );
        let f = d.join("s.json");
        std::fs::write(&f, steps).unwrap();
        let started = std::time::Instant::now();
        let o = hcsim(&["run", f.to_str().unwrap()]);
        let text = String::from_utf8_lossy(&o.stdout).to_string();
        assert!(started.elapsed().as_secs() < 20, "{name} took too long");
        assert!(text.contains(why), "{name}: {text}");
        assert_eq!(o.status.code(), Some(1), "{name}: {text}");
        if name.starts_with('/') {
            // Allowed outside, the device is still refused by its type, at once.
            let o = hcsim(&["run", "--allow-outside-files", f.to_str().unwrap()]);
            let text = String::from_utf8_lossy(&o.stdout).to_string();
            assert!(text.contains("is a device"), "{name}: {text}");
        }
    }
    // A scenario, script or session that is itself a FIFO or device is refused before it
    // is opened (no terminal is needed: the refusal comes first).
    let fifo_s = fifo.to_str().unwrap();
    let mut refusals = vec![
        (vec!["run", "/dev/zero"], "is a device"),
        (vec!["exec", "--script", "/dev/urandom"], "is a device"),
        (vec!["--load", "/dev/zero"], "is a device"),
        (vec!["--scenario", "/dev/zero"], "is a device"),
    ];
    if have_fifo {
        refusals.push((vec!["run", fifo_s], "FIFO"));
        refusals.push((vec!["--load", fifo_s], "FIFO"));
    }
    for (args, why) in refusals {
        let o = hcsim(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        assert!(err.contains(why), "{args:?}: {err}");
    }
    let _ = std::fs::remove_dir_all(&d);
}

/// A shared scenario's title and steps cannot clear the screen or retitle the terminal.
#[test]
fn run_and_exec_print_escape_sequences_visibly() {
    let d = tmpdir("escapes");
    let f = d.join("s.json");
    std::fs::write(
        &f,
        r#"{"format": "hcsim-scenario/1", "title": "\u001b[2J\u001b]0;pwned\u0007", "seed": 1,
            "steps": ["az group create -n \u001b[31mrg -l eastus"]}"#,
    )
    .unwrap();
    for o in [
        hcsim(&["run", f.to_str().unwrap()]),
        hcsim(&["exec", "az group create -n \u{1b}[2J -l eastus"]),
    ] {
        let all = [o.stdout, o.stderr].concat();
        assert!(
            !all.contains(&0x1b) && !all.contains(&0x07),
            "{:?}",
            String::from_utf8_lossy(&all)
        );
    }
    let o = hcsim(&["run", f.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("\\u001b]0;pwned\\u0007"));
    let _ = std::fs::remove_dir_all(&d);
}

/// az logs warnings on stderr (knack `log.py`, `WARNING: ` without colour): with `-o json`
/// stdout is JSON alone, here after the legacy service's retirement warning and the
/// `--ids` warning of azure-cli `commands/arm.py`.
#[test]
fn exec_prints_az_warnings_on_stderr_and_json_on_stdout() {
    let o = hcsim(&[
        "exec",
        "az group create -n rg1 -l westus2 -o none; az healthcareapis service create -g rg1 --resource-name legacyw2 --kind fhir-R4 -l westus2 -o json",
        "--seed",
        "3",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON");
    assert_eq!(v["name"], "legacyw2");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("WARNING: Azure API for FHIR is retired"),
        "{err}"
    );
    let o = hcsim(&[
        "exec",
        "az group create -n rg1 -l westus2 -o none; az healthcareapis workspace create -g rg1 -n ws1 -o none; az healthcareapis workspace show --ids /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1 -n x --query name -o tsv",
    ]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "ws1");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("WARNING: option '--name' will be ignored due to use of '--ids'.\n"),
        "{err}"
    );
}

/// `hcsim run` prints the steps' az warnings on stderr too; the JSON report on stdout
/// stays JSON (the legacy lesson creates an Azure API for FHIR service, which warns).
#[test]
fn run_prints_az_warnings_on_stderr() {
    let o = hcsim(&["run", "--builtin", "legacy-fhir-migration", "--json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON");
    assert_eq!(v["passed"], true);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("WARNING: Azure API for FHIR is retired"),
        "{err}"
    );
}
