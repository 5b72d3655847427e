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
