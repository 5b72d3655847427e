//! The built-in library: every file parses, every scenario passes, every lesson passes with
//! its solution and fails its goal with its setup only, and together they cover every rule id
//! of SCENARIOS.md and every fault kind.

use hcsim_core::{FaultKind, RuleId};
use hcsim_lab::scenario::*;

fn no_files(p: &str) -> Result<String, String> {
    Err(format!("no file '{p}' in the built-in library"))
}

fn parse(b: &Builtin) -> Scenario {
    parse_scenario(b.text, b.name).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_builtin_parses_and_matches_its_table_entry() {
    let all = builtins();
    assert!(!all.is_empty());
    for b in &all {
        let s = parse(b);
        assert_eq!(s.title, b.title, "{}", b.name);
        assert_eq!(s.is_lesson(), b.kind == Kind::Lesson, "{}", b.name);
        assert!(
            s.description.as_deref().is_some_and(|d| d.len() > 80),
            "{}: a built-in teaches in its description",
            b.name
        );
        if s.is_lesson() {
            assert!(!s.hints.is_empty() && !s.solution.is_empty(), "{}", b.name);
        }
        assert_eq!(builtin(b.name).map(|x| x.name), Some(b.name));
    }
    assert!(builtin("no-such-builtin").is_none());
}

#[test]
fn every_builtin_passes() {
    for b in builtins() {
        let s = parse(&b);
        let r = run_scenario(
            &s,
            &RunOptions {
                seed: None,
                play_solution: true,
            },
            &no_files,
        );
        assert!(r.passed, "{}\n{}", b.name, r.render_text(false));
        assert_eq!(r.exit_code(), 0);
        assert_eq!(r.expectations.failed, 0);
        if let Some(g) = &r.goal {
            assert!(g.met && g.solution_shown);
            assert_eq!(g.status, LessonStatus::CompletedWithSolutionShown);
        }
    }
}

#[test]
fn lessons_fail_their_goal_with_setup_only() {
    for b in builtins().into_iter().filter(|b| b.kind == Kind::Lesson) {
        let s = parse(&b);
        let r = run_scenario(&s, &RunOptions::default(), &no_files);
        assert_eq!(
            r.expectations.failed,
            0,
            "{}: setup\n{}",
            b.name,
            r.render_text(false)
        );
        let g = r.goal.as_ref().expect("lessons report their goal");
        assert!(!g.met, "{}: the goal holds before the solution", b.name);
        assert!(!r.passed && r.exit_code() == 1, "{}", b.name);
    }
}

#[test]
fn list_json_names_every_builtin() {
    let v: serde_json::Value = serde_json::from_str(&list_json()).unwrap();
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), builtins().len());
    for (item, b) in items.iter().zip(builtins()) {
        assert_eq!(item["name"], b.name);
        assert_eq!(item["kind"], b.kind.as_str());
        assert_eq!(item["title"], b.title);
        assert_eq!(item.as_object().unwrap().len(), 3);
    }
}

/// Contract rules that no command line can trigger yet, so no built-in can expect them (see
/// the scenario module's report to the lead): `az group delete` names no rule when it
/// cascades, and the command language has no `az resource move` (moveResources) for
/// `child-cannot-move`. Built-in 03 shows the cascade with checks instead.
const NOT_YET_TRIGGERABLE: &[&str] = &[];

#[test]
fn builtins_cover_every_contract_rule_and_fault_kind() {
    let contract = &RuleId::ALL[..20];
    let mut rules = std::collections::BTreeSet::new();
    let mut faults = std::collections::BTreeSet::new();
    for b in builtins() {
        let s = parse(&b);
        for st in s.steps.iter().chain(&s.solution) {
            if let StepSpec::Run { run, expect, .. } = st {
                if let Some(r) = &expect.rule {
                    rules.insert(r.clone());
                }
                for cmd in run.split(';') {
                    let words: Vec<&str> = cmd.split_whitespace().collect();
                    if let ["sim", "fault", "add", kind, ..] = words.as_slice() {
                        faults.insert(kind.to_string());
                    }
                }
            }
        }
    }
    let missing: Vec<&str> = contract
        .iter()
        .map(|r| r.id())
        .filter(|id| !rules.contains(*id))
        .collect();
    let missing_faults: Vec<&str> = FaultKind::ALL
        .iter()
        .map(|k| k.id())
        .filter(|id| !faults.contains(*id))
        .collect();
    assert_eq!(
        missing, NOT_YET_TRIGGERABLE,
        "contract rules never expected by a built-in"
    );
    assert!(
        missing_faults.is_empty(),
        "faults never added: {missing_faults:?}"
    );
    // Both rejections and the right way: every built-in has successful steps too.
    for b in builtins() {
        let s = parse(&b);
        assert!(
            s.steps
                .iter()
                .chain(&s.solution)
                .any(|st| matches!(st, StepSpec::Run { expect, .. } if expect.ok == Some(true))),
            "{}",
            b.name
        );
    }
}

#[test]
fn builtins_pass_with_other_seeds_too() {
    // Trainers rerun files with --seed: the built-ins must not depend on their own seed.
    for seed in [0_u64, 1, 99, 123_456_789, u64::MAX] {
        for b in builtins() {
            let s = parse(&b);
            let r = run_scenario(
                &s,
                &RunOptions {
                    seed: Some(seed),
                    play_solution: true,
                },
                &no_files,
            );
            assert!(r.passed, "{} seed {seed}\n{}", b.name, r.render_text(false));
            assert_eq!(r.seed, seed);
        }
    }
}

#[test]
fn the_same_builtin_and_seed_give_the_same_trace() {
    for b in builtins() {
        let s = parse(&b);
        let opts = RunOptions {
            seed: Some(7),
            play_solution: true,
        };
        let a = run_scenario(&s, &opts, &no_files);
        let c = run_scenario(&s, &opts, &no_files);
        assert_eq!(a.trace_hash, c.trace_hash, "{}", b.name);
        assert_eq!(a.to_json(), c.to_json(), "{}", b.name);
    }
}
