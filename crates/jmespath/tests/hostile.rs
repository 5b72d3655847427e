//! `--query` text is typed by people (and pasted by anyone): whatever it is, the engine
//! answers with a result or an error, never a panic or a stack overflow.

use hcsim_jmespath::{self as jmespath, ErrorKind, MAX_DEPTH, MAX_EXPRESSION};
use proptest::prelude::*;
use serde_json::{Value, json};

fn doc() -> Value {
    json!({"a": [{"b": 1, "c": "x"}, {"b": -2.5, "c": null}], "d": {"e": [[1, 2], [3]]}, "s": "héllo"})
}

#[test]
fn deep_or_long_expressions_are_refused_not_overflowed() {
    let deep_parens = format!("{}a{}", "(".repeat(1000), ")".repeat(1000));
    let e = jmespath::search(&deep_parens, &doc()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Syntax);
    let long_chain = vec!["a"; MAX_DEPTH + 10].join(".");
    assert_eq!(
        jmespath::search(&long_chain, &doc()).unwrap_err().kind,
        ErrorKind::Syntax
    );
    let brackets = "[".repeat(3000);
    assert!(jmespath::search(&brackets, &doc()).is_err());
    let nots = format!("{}a", "!".repeat(2000));
    assert!(jmespath::search(&nots, &doc()).is_err());
    let too_long = "a".repeat(MAX_EXPRESSION + 1);
    assert!(
        jmespath::search(&too_long, &doc())
            .unwrap_err()
            .message
            .contains("longer")
    );
    // Within the bounds, nesting works.
    let fine = format!("{}a[0].b{}", "(".repeat(60), ")".repeat(60));
    assert_eq!(jmespath::search(&fine, &doc()).unwrap(), json!(1));
}

#[test]
fn whitespace_of_every_kind_separates_tokens() {
    // Upstream jmespath.test basic.json (commit f1f39a77) added tab and CR cases.
    let v = json!({"foo": {"bar": {"baz": "correct"}}});
    for e in [
        "foo\t.\tbar\t.\tbaz",
        "foo\r.\rbar\r.\rbaz",
        "foo\r\n.\r\nbar\r\n.\r\nbaz",
        "foo . bar . baz",
    ] {
        assert_eq!(jmespath::search(e, &v).unwrap(), json!("correct"), "{e:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_expression_answers_without_panicking(
        expr in "([a-e@*.,:|&!<>=?()\\[\\]{}'`\" 0-9-]|length\\(|sort_by\\(|&&|\\|\\||\\[\\?|\\[\\]){0,40}"
    ) {
        let _ = jmespath::search(&expr, &doc());
    }

    #[test]
    fn any_text_answers_without_panicking(expr in "\\PC{0,60}") {
        let _ = jmespath::search(&expr, &doc());
    }
}

#[test]
fn the_deepest_accepted_expression_fits_a_small_stack() {
    // The web build runs on wasm's 1 MiB stack; the deepest expression the engine accepts
    // must evaluate within it even unoptimised (the release build's frames are far smaller).
    let chain = vec!["a"; MAX_DEPTH - 2].join(".");
    let parens = format!("{}length(a){}", "(".repeat(60), ")".repeat(60));
    let nested_fns = format!("{}@{}", "abs(".repeat(60), ")".repeat(60));
    let projections = vec!["a[*]"; MAX_DEPTH / 2 - 1].join(".");
    let handle = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || {
            let v = doc();
            for e in [&chain, &parens, &nested_fns, &projections] {
                let _ = jmespath::search(e, &v);
            }
        })
        .expect("thread");
    handle.join().expect("no stack overflow");
}

#[test]
fn caller_functions_and_the_step_budget() {
    struct Twice;
    impl jmespath::Functions for Twice {
        fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, jmespath::Error>> {
            (name == "twice").then(|| Ok(json!(args[0].as_i64().unwrap_or(0) * 2)))
        }
    }
    let e = jmespath::compile("twice(a)").unwrap();
    let mut budget = 100;
    assert_eq!(
        e.search_with(&json!({"a": 21}), Some(&Twice), &mut budget),
        Ok(json!(42))
    );
    assert!(budget < 100);
    assert_eq!(
        e.search(&json!({"a": 21})).unwrap_err().kind,
        ErrorKind::UnknownFunction
    );
    let doubling = jmespath::compile(&vec!["[@, @]"; 40].join(" | ")).unwrap();
    let mut budget = 100_000;
    let err = doubling
        .search_with(&json!([1, 2, 3]), None, &mut budget)
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::LimitExceeded);
    assert_eq!(budget, 0);
}

#[test]
fn projections_are_told_apart_from_plain_results() {
    for (expr, projection) in [
        ("a[*]", true),
        ("a.b[*]", true),
        ("a[*].b", true),
        ("a[?x]", true),
        ("a.*", true),
        ("a[]", true),
        ("a | b[*]", true),
        ("a[*] | [0]", false),
        ("a.b", false),
        ("to_array(@)", false),
    ] {
        assert_eq!(
            jmespath::compile(expr).unwrap().is_projection(),
            projection,
            "{expr}"
        );
    }
}
