//! Writes the seed corpora of the fuzz targets from the product's own inputs: the built-in
//! scenarios (texts, their lines, the sessions they leave), the quickstart templates
//! embedded in the lab and, if given, the reference templates' folder. Generated, never
//! copied in bulk into the repository (`cargo xtask fuzz` runs this first).
//!
//! usage: seed CORPUS_DIR [REFERENCE_TEMPLATES_DIR]

use std::fs;
use std::path::{Path, PathBuf};

use hcsim_core::Config;
use hcsim_lab::Lab;
use hcsim_lab::scenario::{StepSpec, builtins, parse_scenario};

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let d = dir.join(target);
    fs::create_dir_all(&d)?;
    fs::write(d.join(name), bytes)
}

fn templates(dir: &Path, from: &Path) -> std::io::Result<usize> {
    let mut n = 0;
    let Ok(entries) = fs::read_dir(from) else {
        return Ok(0);
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "json") {
            let mut bytes = vec![1u8];
            bytes.extend(fs::read(&p)?);
            let name = p.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            write(dir, "arm_template", &name, &bytes)?;
            n += 1;
        }
    }
    Ok(n)
}

/// Request sequences for `serve_request` (0xFF between requests; an odd first byte gives
/// the request the trainee's token): a workspace's life over ARM's REST routes, and the
/// sign-in routes real clients call first.
fn serve_seeds(dir: &Path) -> std::io::Result<()> {
    const SUB: &str = "/subscriptions/11111111-1111-1111-1111-111111111111";
    const WS: &str = "/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1";
    let req = |method: &str, path: &str, body: &str| -> Vec<u8> {
        let mut r = vec![1u8];
        r.extend(
            format!(
                "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        );
        r
    };
    let life = [
        req("PUT", &format!("{SUB}/resourcegroups/rg1?api-version=2024-11-01"), r#"{"location":"eastus"}"#),
        req("PUT", &format!("{SUB}{WS}?api-version=2024-03-31"), r#"{"location":"eastus"}"#),
        req("PUT", &format!("{SUB}{WS}/fhirservices/fhir1?api-version=2024-03-31"), r#"{"location":"eastus","kind":"fhir-R4"}"#),
        req("GET", &format!("{SUB}{WS}/fhirservices?api-version=2024-03-31"), ""),
        req("DELETE", &format!("{SUB}{WS}?api-version=2024-03-31"), ""),
        req("GET", &format!("{SUB}/resources?api-version=2024-11-01"), ""),
    ];
    write(dir, "serve_request", "workspace-life", &life.join(&0xFFu8))?;
    let mut signin = vec![0u8];
    signin.extend(b"GET /metadata/endpoints?api-version=2022-09-01 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    write(dir, "serve_request", "sign-in", &signin)
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: seed CORPUS_DIR [REFERENCE_TEMPLATES_DIR]");
        std::process::exit(2);
    };
    let mut counts = [0usize; 4];
    for b in builtins() {
        write(&dir, "scenario_file", b.name, b.text.as_bytes())?;
        counts[0] += 1;
        let Ok(s) = parse_scenario(b.text, b.name) else { continue };
        let lines: Vec<&str> = s
            .steps
            .iter()
            .chain(&s.solution)
            .filter_map(|st| match st {
                StepSpec::Run { run, .. } => Some(run.as_str()),
                StepSpec::Check { .. } => None,
            })
            .collect();
        let mut text = vec![0u8];
        text.extend(lines.join("\n").as_bytes());
        write(&dir, "console_line", b.name, &text)?;
        let mut lab = Lab::new(Config::new(s.seed.unwrap_or(7)));
        for l in &lines {
            lab.run(l);
        }
        write(&dir, "session_snapshot", b.name, lab.save().as_bytes())?;
        counts[1] += 1;
        counts[2] += 1;
    }
    serve_seeds(&dir)?;
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    counts[3] += templates(&dir, &manifest.join("../crates/lab/quickstarts"))?;
    if let Some(reference) = args.get(1) {
        counts[3] += templates(&dir, Path::new(reference))?;
    }
    println!(
        "seed: {} scenario files, {} console scripts, {} sessions, {} templates in {}",
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        dir.display()
    );
    Ok(())
}
