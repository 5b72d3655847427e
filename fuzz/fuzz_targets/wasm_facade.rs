//! The browser facade's inputs (crates/wasm), natively. The facade's functions take and give
//! `JsValue`s, which need a JS host; this target feeds the same inputs through the same code:
//! the options JSON into the facade's own `SimulatorOptions`, the editor's template and
//! parameters text into the deployment line the facade builds, `details(id)`,
//! `completions(prefix)`, `jumpTo(step)`, `equivalents(line)` on a replayed copy, and every
//! answer converted to the facade's views and serialized. Nothing may panic.
#![no_main]

use arbitrary::Arbitrary;
use hcsim_core::{Config, Stage, Timing};
use hcsim_fuzz::{Json, Line, Name};
use hcsim_lab::view::{self, CommandLine};
use hcsim_lab::Lab;
use hcsim_wasm::views::{Details, RunResult, SeedValue, SimulatorOptions};
use libfuzzer_sys::fuzz_target;

/// `new Simulator(options)`: mostly well-formed options (so the run goes on), sometimes
/// any text.
#[derive(Arbitrary, Debug)]
enum Options {
    Raw(String),
    Built {
        seed: Option<Result<u64, Name>>,
        timing: Option<Name>,
        stage: Option<Name>,
        extra: Option<Json>,
    },
}

impl Options {
    fn json(&self) -> String {
        match self {
            Options::Raw(s) => s.clone(),
            Options::Built { seed, timing, stage, extra } => {
                let mut o = serde_json::Map::new();
                match seed {
                    Some(Ok(n)) => drop(o.insert("seed".into(), (*n).into())),
                    Some(Err(t)) => drop(o.insert("seed".into(), t.0.clone().into())),
                    None => {}
                }
                let choices = [("timing", timing, ["instant", "realistic"]), ("stage", stage, ["ga", "private-preview"])];
                for (key, v, known) in choices {
                    if let Some(v) = v {
                        let text = if v.0.len() % 3 == 0 { v.0.clone() } else { known[v.0.len() % 2].to_string() };
                        o.insert(key.into(), text.into());
                    }
                }
                if let Some(e) = extra {
                    o.insert("other".into(), e.0.clone());
                }
                serde_json::Value::Object(o).to_string()
            }
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Facade {
    options: Options,
    lines: Vec<Line>,
    template: String,
    parameters: Option<String>,
    group: Name,
    details: Name,
    prefix: String,
    jump: u8,
}

fuzz_target!(|f: Facade| {
    let Ok(opts) = serde_json::from_str::<SimulatorOptions>(&f.options.json()) else {
        return;
    };
    let seed = match opts.seed {
        Some(SeedValue::Number(n)) => n,
        Some(SeedValue::Text(t)) => t.trim().parse::<u64>().unwrap_or(0),
        None => 0,
    };
    let mut config = Config::new(seed);
    config.timing = opts.timing.unwrap_or(Timing::Instant);
    config.stage = opts.stage.unwrap_or(Stage::Ga);
    let mut lab = Lab::new(config);
    for l in f.lines.iter().take(4) {
        let out = lab.run(&l.0);
        let _ = serde_json::to_string(&RunResult::of(&out));
    }
    // deploy(template, parameters, resourceGroup): the editor's text as lab files.
    lab.add_file("editor-template.json", f.template);
    let mut line = CommandLine::new("az deployment group create")
        .opt("--resource-group", &f.group.0)
        .opt("--template-file", "editor-template.json");
    if let Some(p) = f.parameters.filter(|p| !p.trim().is_empty()) {
        lab.add_file("editor-parameters.json", p);
        line = line.opt("--parameters", "@editor-parameters.json");
    }
    let out = lab.run(line.as_str());
    let _ = serde_json::to_string(&RunResult::of(&out));
    if let Some(d) = view::Details::of(lab.world(), &f.details.0) {
        let _ = serde_json::to_string(&Details::of(d));
    }
    let _ = lab.completions(&f.prefix.chars().take(500).collect::<String>());
    if let Some(l) = f.lines.first()
        && let Ok(mut copy) = Lab::load(&lab.save())
    {
        copy.run(&l.0);
    }
    lab.jump_to(usize::from(f.jump));
});
