//! Errors as Bicep reports them: the file, line and column, Bicep's code and message
//! (codes and wording from Azure/bicep src/Bicep.Core/Diagnostics/DiagnosticBuilder.cs, MIT),
//! and for any text a result or a positioned error, never a panic, in bounded time.

use hcsim_bicep::{BicepError, compile_standalone};
use proptest::prelude::*;

fn err(text: &str) -> BicepError {
    match compile_standalone("main.bicep", text) {
        Ok(v) => panic!("expected an error, compiled to {v}"),
        Err(e) => e,
    }
}

fn at(e: &BicepError) -> (u32, u32, &'static str) {
    (e.pos.line, e.pos.col, e.code)
}

#[test]
fn syntax_errors_are_positioned_with_bicep_codes() {
    let e = err("param a string\noutput o string 'no equals'\n");
    assert_eq!(at(&e), (2, 17, "BCP018"));
    assert_eq!(e.message, "Expected the \"=\" character at this location.");
    assert_eq!(
        e.to_string(),
        "main.bicep(2,17) : Error BCP018: Expected the \"=\" character at this location."
    );
    assert_eq!(at(&err("var s = 'open\n")), (1, 9, "BCP004"));
    assert_eq!(at(&err("/* never closed")), (1, 1, "BCP002"));
    assert_eq!(at(&err("var s = 'bad \\q'")), (1, 14, "BCP006"));
    assert_eq!(at(&err("resourc x 'a@b' = {}\n")), (1, 1, "BCP007"));
    assert_eq!(at(&err("var x = \n")), (1, 9, "BCP009"));
    assert_eq!(at(&err("var x = 1 var y = 2\n")), (1, 11, "BCP019"));
    assert_eq!(at(&err("var x = #\n")), (1, 9, "BCP001"));
}

#[test]
fn semantic_errors_are_positioned() {
    let e = err("var a = 1\nvar b = nope\n");
    assert_eq!(at(&e), (2, 9, "BCP057"));
    assert_eq!(
        e.message,
        "The name \"nope\" does not exist in the current context."
    );
    assert_eq!(at(&err("var a = 1\nvar a = 2\n")), (2, 1, "BCP028"));
    assert_eq!(
        at(&err("resource r 'Microsoft.X' = {\n  name: 'n'\n}\n")).2,
        "BCP029"
    );
    let e = err("resource r 'Microsoft.X/y@2020-01-01' = {\n  location: 'eastus'\n}\n");
    assert_eq!(e.code, "BCP035");
    assert!(e.message.contains("\"name\""), "{}", e.message);
    assert_eq!(at(&err("var a = b\nvar b = a\n")).2, "BCP080");
    assert_eq!(at(&err("var a = nofunc(1)\n")), (1, 9, "BCP057"));
}

#[test]
fn modules_errors_name_the_file() {
    let mut load = |p: &str| match p {
        "child.bicep" => Ok("param n string\n".to_string()),
        "loop.bicep" => Ok("module again './loop.bicep' = {\n  name: 'x'\n}\n".to_string()),
        other => Err(format!("Could not find file \"{other}\".")),
    };
    let e = hcsim_bicep::compile(
        "main.bicep",
        "module m 'child.bicep' = {\n  name: 'm'\n  params: {\n    wrong: 1\n  }\n}\n",
        &mut load,
    )
    .unwrap_err();
    assert_eq!((e.code, e.pos.line), ("BCP037", 4));
    let e = hcsim_bicep::compile(
        "main.bicep",
        "module m 'child.bicep' = {\n  name: 'm'\n}\n",
        &mut load,
    )
    .unwrap_err();
    assert_eq!(e.code, "BCP035");
    let e = hcsim_bicep::compile(
        "main.bicep",
        "module m 'loop.bicep' = {\n  name: 'm'\n}\n",
        &mut load,
    )
    .unwrap_err();
    assert_eq!((e.file.as_str(), e.code), ("loop.bicep", "BCP095"));
    let e = hcsim_bicep::compile(
        "main.bicep",
        "module m '../up.bicep' = {\n  name: 'm'\n}\n",
        &mut load,
    )
    .unwrap_err();
    assert_eq!(at(&e), (1, 10, "BCP093"));
}

#[test]
fn unsupported_features_are_refused_clearly() {
    // Extensions (Microsoft Graph, Kubernetes…) are not.
    let e = err("extension microsoftGraphV1\n");
    assert!(
        e.message.contains("not supported by hcsim"),
        "{}",
        e.message
    );
    // Calls that fan out are bounded.
    let mut fan = String::from("func f0(x string) string => x\n");
    for i in 1..30 {
        fan.push_str(&format!(
            "func f{i}(x string) string => '${{f{}(x)}}${{f{}(x)}}'\n",
            i - 1,
            i - 1
        ));
    }
    fan.push_str("var v = f29('a')\n");
    assert!(err(&fan).message.contains("hcsim limit"));
    // A user function calling itself is a cycle (functions are inlined).
    assert_eq!(err("func f() string => f()\nvar x = f()\n").code, "BCP080");
    // `import 'az@1.0.0'` (the built-in namespace) is trivial: accepted.
    assert!(compile_standalone("main.bicep", "import 'az@1.0.0'\nvar a = 1\n").is_ok());
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("var x = {}1{}\n", "(".repeat(5000), ")".repeat(5000));
    assert!(err(&deep).message.contains("nests more than"));
    let arr = format!("var x = {}{}\n", "[".repeat(3000), "]".repeat(3000));
    assert!(compile_standalone("main.bicep", &arr).is_err());
    let holes = format!("var x = {}1{}\n", "'${".repeat(200), "}'".repeat(200));
    assert!(compile_standalone("main.bicep", &holes).is_err());
    // Within the limit, deep objects compile (in a test thread's small stack).
    let objects = format!(
        "param p string\nvar x = {}p{}\n",
        "{\n a: ".repeat(28),
        "\n}".repeat(28)
    );
    assert!(compile_standalone("main.bicep", &objects).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_fuzz_entry_point_takes_any_bytes(data in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = hcsim_bicep::fuzz_one(&data);
    }

    #[test]
    fn any_text_compiles_or_fails_with_a_position(text in "\\PC{0,300}") {
        if let Err(e) = compile_standalone("main.bicep", &text) {
            prop_assert!(e.pos.line >= 1 && e.pos.col >= 1, "{e}");
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn bicep_like_text_compiles_or_fails_with_a_position(
        parts in proptest::collection::vec(prop_oneof![
            Just("param "), Just("var "), Just("resource "), Just("module "), Just("output "),
            Just("x "), Just("= "), Just("{"), Just("}"), Just("["), Just("]"), Just("("), Just(")"),
            Just("'a${"), Just("'"), Just("\n"), Just("for "), Just("in "), Just("if "), Just(": "),
            Just("? "), Just("?? "), Just(".?"), Just("."), Just("::"), Just("@description('d')\n"),
            Just("'Microsoft.X/y@2020-01-01' "), Just("name: "), Just("existing "), Just("1 "),
            Just("string "), Just("true "), Just("'''m'''"), Just(", "), Just("x.id "),
        ], 0..60)
    ) {
        let text: String = parts.concat();
        if let Err(e) = compile_standalone("main.bicep", &text) {
            prop_assert!(e.pos.line >= 1 && e.pos.col >= 1, "{e}\n{text}");
        }
    }
}
