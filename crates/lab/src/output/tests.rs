//! Expected texts are what knack 0.14.0 (`knack/output.py`), tabulate 0.10.0 and PyYAML 6.0
//! print for the same documents (produced by running them; MIT licences), so hcsim prints
//! exactly what az prints.

use super::*;
use serde_json::json;

fn path<'a>(words: &'a [&'a str]) -> &'a [&'a str] {
    words
}

fn two_resources() -> Value {
    json!([
        {"id": "/subscriptions/s/resourceGroups/rg1/providers/X/y/ws1", "name": "ws1",
         "location": "eastus", "resourceGroup": "rg1", "type": "X/y", "etag": "e",
         "properties": {"provisioningState": "Succeeded"}, "tags": {},
         "enabled": true, "count": 3, "note": null},
        {"id": "x", "name": "longer-name", "location": "westus2", "resourceGroup": "rg1"}
    ])
}

#[test]
fn queries_use_the_whole_language() {
    let v = json!([{"name": "a", "properties": {"provisioningState": "Succeeded"}}, {"name": "b", "properties": {}}]);
    assert_eq!(query(&v, "[].name").unwrap(), json!(["a", "b"]));
    assert_eq!(
        query(&v, "[0].properties.provisioningState").unwrap(),
        json!("Succeeded")
    );
    assert_eq!(query(&v, "[-1].name").unwrap(), json!("b"));
    assert_eq!(query(&v, "length(@)").unwrap(), json!(2));
    assert_eq!(
        query(
            &v,
            "[?properties.provisioningState=='Succeeded'].name | [0]"
        )
        .unwrap(),
        json!("a")
    );
    assert_eq!(
        query(&v, "sort_by(@, &name)[::-1].name").unwrap(),
        json!(["b", "a"])
    );
    assert_eq!(
        query(&v, "[].{n: name, s: properties.provisioningState}").unwrap(),
        json!([{"n": "a", "s": "Succeeded"}, {"n": "b", "s": null}])
    );
    assert_eq!(
        query(&v, "[0].[name, properties.provisioningState]").unwrap(),
        json!(["a", "Succeeded"])
    );
}

#[test]
fn bad_queries_are_refused_with_az_wording() {
    let v = json!({"name": "ws1"});
    let e = query(&v, "[.name").unwrap_err();
    assert!(
        e.starts_with("argument --query: invalid jmespath_type value: '[.name'"),
        "{e}"
    );
    assert!(query(&v, "{a b}").is_err());
    assert!(query(&v, &"[".repeat(2000)).is_err());
    assert!(query(&v, &"(".repeat(5000)).is_err());
    assert!(query(&v, &"a.".repeat(300).add_name()).is_err());
    // A type error happens while the query runs; azure-cli's handle_exception wording.
    let e = query(&v, "length(missing)").unwrap_err();
    assert!(
        e.starts_with("Invalid jmespath query supplied for `--query`: In function length(), invalid type for value: None"),
        "{e}"
    );
    let e = query(&v, "tostring(name)").unwrap_err();
    assert!(e.contains("Unknown function: tostring()"), "{e}");
}

trait AddName {
    fn add_name(self) -> String;
}

impl AddName for String {
    fn add_name(mut self) -> String {
        self.push('a');
        self
    }
}

#[test]
fn json_sorts_keys_with_two_space_indent() {
    let out = format_value(
        &json!({"b": 1, "a": {"c": [1, 2]}, "e": {}, "f": []}),
        OutputFormat::Json,
    );
    assert_eq!(
        out,
        "{\n  \"a\": {\n    \"c\": [\n      1,\n      2\n    ]\n  },\n  \"b\": 1,\n  \"e\": {},\n  \"f\": []\n}"
    );
    assert_eq!(
        format_value(&json!({"a": 1}), OutputFormat::Jsonc),
        "{\n  \"a\": 1\n}"
    );
    assert_eq!(
        format_value(&json!(null), OutputFormat::Json),
        "",
        "az prints nothing for None"
    );
    assert_eq!(format_value(&json!({"a": 1}), OutputFormat::None), "");
}

#[test]
fn table_is_knacks_auto_table() {
    let t = format_value(&two_resources(), OutputFormat::Table);
    assert_eq!(
        t,
        "Count    Enabled    Location    Name         ResourceGroup\n\
         -------  ---------  ----------  -----------  ---------------\n\
         3        True       eastus      ws1          rg1\n                    westus2     longer-name  rg1"
    );
    assert_eq!(
        format_value(&json!([["a", 1], ["b", 2]]), OutputFormat::Table),
        "Column1    Column2\n---------  ---------\na          1\nb          2"
    );
    assert_eq!(
        format_value(&json!(["a", "b"]), OutputFormat::Table),
        "Result\n--------\na\nb"
    );
    assert_eq!(format_value(&json!([]), OutputFormat::Table), "");
}

#[test]
fn table_keeps_the_query_column_order_and_command_transformers() {
    let v = json!([{"name": "ws1", "location": "eastus", "id": "/subscriptions/s/resourceGroups/rg1/providers/X/y/ws1"}]);
    let out = render(
        &v,
        OutputFormat::Table,
        Some("[].{Name: name, Group: resourceGroup, Region: location}"),
        path(&["az", "x", "list"]),
    )
    .unwrap();
    assert_eq!(
        out,
        "Name    Group    Region\n------  -------  --------\nws1     rg1      eastus"
    );
    let groups = json!([{"id": "/subscriptions/s/resourceGroups/rg1", "name": "rg1", "location": "eastus", "properties": {"provisioningState": "Succeeded"}}]);
    let out = render(
        &groups,
        OutputFormat::Table,
        None,
        path(&["az", "group", "list"]),
    )
    .unwrap();
    assert_eq!(
        out,
        "Name    Location    Status\n------  ----------  ---------\nrg1     eastus      Succeeded"
    );
    let roles = json!([{"principalName": "ana@contoso.com", "roleDefinitionName": "Reader", "scope": "/subscriptions/s"}]);
    let out = render(
        &roles,
        OutputFormat::Table,
        None,
        path(&["az", "role", "assignment", "list"]),
    )
    .unwrap();
    assert_eq!(
        out,
        "Principal        Role    Scope\n---------------  ------  ----------------\nana@contoso.com  Reader  /subscriptions/s"
    );
}

#[test]
fn tsv_is_knacks() {
    assert_eq!(
        format_value(&two_resources(), OutputFormat::Tsv),
        "3\tTrue\te\t/subscriptions/s/resourceGroups/rg1/providers/X/y/ws1\teastus\tws1\tNone\t\trg1\t\tX/y\nx\twestus2\tlonger-name\trg1"
    );
    assert_eq!(
        format_value(
            &json!([true, 1.5, "x", ["a", [1], {"b": 1}]]),
            OutputFormat::Tsv
        ),
        "true\n1.5\nx\na\t1\t"
    );
    let v = json!({"name": "ws1", "location": "eastus"});
    let out = render(&v, OutputFormat::Tsv, Some("{n: name, l: location}"), &[]).unwrap();
    assert_eq!(out, "ws1\teastus", "the multi-select order, not sorted");
}

#[test]
fn az_adds_the_resource_group_before_the_query() {
    let v = json!({"id": "/subscriptions/s/resourceGroups/rg1/providers/X/y/ws1", "name": "ws1"});
    assert_eq!(
        render(&v, OutputFormat::Tsv, Some("resourceGroup"), &[]).unwrap(),
        "rg1"
    );
    let g = json!({"id": "/subscriptions/s/resourceGroups/rg1", "name": "rg1"});
    assert_eq!(
        render(&g, OutputFormat::Json, Some("resourceGroup"), &[]).unwrap(),
        ""
    );
}

#[test]
fn yaml_is_pyyamls_safe_dump() {
    let y = format_value(&two_resources(), OutputFormat::Yaml);
    assert_eq!(
        y,
        "- count: 3\n  enabled: true\n  etag: e\n  id: /subscriptions/s/resourceGroups/rg1/providers/X/y/ws1\n  location: eastus\n  name: ws1\n  note: null\n  properties:\n    provisioningState: Succeeded\n  resourceGroup: rg1\n  tags: {}\n  type: X/y\n- id: x\n  location: westus2\n  name: longer-name\n  resourceGroup: rg1"
    );
    let v = json!({"a": [{"b": 1, "c": [1, [2, 3]]}], "e": {}, "f": [], "g": "true", "h": "", "i": "a: b",
        "j": "-x", "k": "1.5", "l": "x #y", "m": "#x", "n": null, "o": "Succeeded",
        "p": "2024-01-01T00:00:00Z", "q": 1.5, "s": "héllo", "t": "yes", "u": "~", "v": "0x1f",
        "w": " lead", "x": "a:b", "y": "https://x.y/z", "z": "@x"});
    assert_eq!(
        format_value(&v, OutputFormat::Yaml),
        "a:\n- b: 1\n  c:\n  - 1\n  - - 2\n    - 3\ne: {}\nf: []\ng: 'true'\nh: ''\ni: 'a: b'\nj: -x\nk: '1.5'\nl: 'x #y'\nm: '#x'\nn: null\no: Succeeded\np: '2024-01-01T00:00:00Z'\nq: 1.5\ns: héllo\nt: 'yes'\nu: '~'\nv: '0x1f'\nw: ' lead'\nx: a:b\ny: https://x.y/z\nz: '@x'"
    );
    assert_eq!(format_value(&json!("abc"), OutputFormat::Yaml), "abc\n...");
}

#[test]
fn yaml_folds_long_text_and_escapes_control_characters_as_pyyaml() {
    let v = json!({"description": "Lets you manage everything except access to resources, and also some more words to pass the width limit of eighty columns.", "nested": {"msg": "The workspace cannot be deleted because it still contains one or more FHIR services that must be removed first."}, "ctl": "ab\u{1}", "multi": "line1\nline2", "list": ["a long list item that goes on and on and on past the limit of eighty columns for sure yes"]});
    assert_eq!(
        format_value(&v, OutputFormat::Yaml),
        "ctl: \"ab\\x01\"\ndescription: Lets you manage everything except access to resources, and also some\n  more words to pass the width limit of eighty columns.\nlist:\n- a long list item that goes on and on and on past the limit of eighty columns for\n  sure yes\nmulti: 'line1\n\n  line2'\nnested:\n  msg: The workspace cannot be deleted because it still contains one or more FHIR\n    services that must be removed first."
    );
    assert_eq!(format_value(&json!("true"), OutputFormat::Yaml), "'true'");
    assert_eq!(format_value(&json!(5), OutputFormat::Yaml), "5\n...");
}

#[test]
fn table_list_rows_show_nested_values_as_python_does() {
    assert_eq!(
        format_value(
            &json!([[{"a": 1}, [1, 2], null, true]]),
            OutputFormat::Table
        ),
        "Column1    Column2    Column3    Column4\n---------  ---------  ---------  ---------\n{'a': 1}   [1, 2]                True"
    );
    assert_eq!(
        format_value(&json!([{"a": {"b": 1}}]), OutputFormat::Table),
        ""
    );
}

#[test]
fn account_and_deployment_tables_use_azure_cli_transformers() {
    let subs = json!([{"name": "Contoso", "cloudName": "AzureCloud", "id": "s1", "tenantId": "t1", "state": "Enabled", "isDefault": true}]);
    let out = render(
        &subs,
        OutputFormat::Table,
        None,
        path(&["az", "account", "list"]),
    )
    .unwrap();
    assert_eq!(
        out,
        "Name     CloudName    SubscriptionId    TenantId    State    IsDefault\n\
         -------  -----------  ----------------  ----------  -------  -----------\n\
         Contoso  AzureCloud   s1                t1          Enabled  True"
    );
    let d = json!({"name": "main", "resourceGroup": "rg1", "properties": {"provisioningState": "Succeeded", "timestamp": "2026-01-01T00:00:00Z", "mode": "Incremental"}});
    let out = render(
        &d,
        OutputFormat::Table,
        None,
        path(&["az", "deployment", "group", "show"]),
    )
    .unwrap();
    assert_eq!(
        out,
        "Name    ResourceGroup    State      Timestamp             Mode\n\
         ------  ---------------  ---------  --------------------  -----------\n\
         main    rg1              Succeeded  2026-01-01T00:00:00Z  Incremental"
    );
}

#[test]
fn floats_print_as_python_prints_them() {
    // Python 3.11 `repr(float)` of each value.
    let cases = [
        (1e-05, "1e-05"),
        (1e20, "1e+20"),
        (1e16, "1e+16"),
        (1e15, "1000000000000000.0"),
        (0.1, "0.1"),
        (2.0, "2.0"),
        (123_456_789.123, "123456789.123"),
        (-0.0, "-0.0"),
        (1.5e300, "1.5e+300"),
        (0.0001, "0.0001"),
        (-2.5e-7, "-2.5e-07"),
        (12_345_678_901_234_567.0, "1.2345678901234568e+16"),
    ];
    for (f, want) in cases {
        assert_eq!(pyfmt::float_text(f), want, "{f}");
    }
    assert_eq!(
        format_value(&json!({"r": 1e-05, "n": 3}), OutputFormat::Json),
        "{\n  \"n\": 3,\n  \"r\": 1e-05\n}"
    );
    assert_eq!(format_value(&json!([1e-05]), OutputFormat::Tsv), "1e-05");
    assert_eq!(
        format_value(&json!({"r": 1e-05}), OutputFormat::Yaml),
        "r: 1.0e-05"
    );
}

/// The transform's id test is azure-cli's `_parse_id`: `resourceGroups` third and the id
/// long enough to name a resource (nine `/`-separated parts, counting the empty first one).
#[test]
fn the_resource_group_comes_only_from_an_id_that_names_a_resource() {
    let group_of = |id: &str| {
        let v = json!({ "id": id });
        render(&v, OutputFormat::Tsv, Some("resourceGroup"), &[]).unwrap()
    };
    assert_eq!(
        group_of("/subscriptions/s/resourceGroups/rg1/providers/X/y/ws1"),
        "rg1"
    );
    assert_eq!(
        group_of("/subscriptions/s/RESOURCEGROUPS/Rg-2/providers/X/y/z/c/d"),
        "Rg-2"
    );
    assert_eq!(
        group_of("/subscriptions/s/resourceGroups/rg1/providers/X/y"),
        ""
    );
    assert_eq!(group_of("/subscriptions/s/resourceGroups/rg1"), "");
    assert_eq!(group_of("/subscriptions/s/locks/rg1/providers/X/y/ws1"), "");
    assert_eq!(group_of(""), "");
}

/// `-o none` builds no text, yet a `--query` that is not JMESPath is still refused (az
/// parses the query before it runs the command).
#[test]
fn output_none_prints_nothing_but_still_checks_the_query() {
    let v = json!({"id": "/subscriptions/s/resourceGroups/rg1/providers/X/y/ws1", "name": "ws1"});
    assert_eq!(render(&v, OutputFormat::None, None, &[]).unwrap(), "");
    assert_eq!(
        render(&v, OutputFormat::None, Some("name"), &[]).unwrap(),
        ""
    );
    let e = render(&v, OutputFormat::None, Some("["), &[]).unwrap_err();
    assert!(
        e.starts_with("argument --query: invalid jmespath_type value"),
        "{e}"
    );
    assert_eq!(render_owned(v, OutputFormat::None, None, &[]).unwrap(), "");
}

/// Strings are escaped as `json.dumps(ensure_ascii=False)` escapes them: quotes,
/// backslashes and control characters (short forms where Python has them), nothing else.
#[test]
fn json_strings_escape_what_python_escapes() {
    let v = json!({"a\"k": "say \"hi\"\\ \u{1}\u{1f}\t\n\r\u{8}\u{c}", "b": "héllo ✓ \u{7f}", "c": "plain"});
    assert_eq!(
        format_value(&v, OutputFormat::Json),
        "{\n  \"a\\\"k\": \"say \\\"hi\\\"\\\\ \\u0001\\u001f\\t\\n\\r\\b\\f\",\n  \"b\": \"héllo ✓ \u{7f}\",\n  \"c\": \"plain\"\n}"
    );
    assert_eq!(
        format_value(&json!([1, -2, 1.5, [], {}, null, true]), OutputFormat::Json),
        "[\n  1,\n  -2,\n  1.5,\n  [],\n  {},\n  null,\n  true\n]"
    );
}

/// Indents past the pad's 32 spaces at a time are whole: level 20 is 40 spaces.
#[test]
fn json_indents_deep_nesting_fully() {
    let mut v = json!(1);
    for _ in 0..20 {
        v = json!([v]);
    }
    let text = format_value(&v, OutputFormat::Json);
    assert!(
        text.contains(&alloc::format!("\n{}1\n", " ".repeat(40))),
        "{text}"
    );
    assert!(
        text.ends_with(&alloc::format!("\n{}]\n]", " ".repeat(2))),
        "{text}"
    );
}

/// The escape check looks at long strings a block at a time: a character to escape is found
/// wherever it sits, in the first block, on a block's edge or past it.
#[test]
fn json_escapes_in_long_strings_are_found_anywhere() {
    for at in [0usize, 31, 32, 33, 63, 64, 100] {
        for c in ['"', '\\', '\u{1}'] {
            let mut s: String = "x".repeat(120);
            s.insert(at, c);
            let expected = serde_json::to_string(&s).unwrap();
            let text = format_value(&json!({ "k": s }), OutputFormat::Json);
            assert_eq!(
                text,
                alloc::format!("{{\n  \"k\": {expected}\n}}"),
                "{at} {c:?}"
            );
        }
    }
}

/// Python's `json.dumps(v, indent=2, sort_keys=True, ensure_ascii=False)` written from its
/// rules (`json/encoder.py`: `ESCAPE_DCT`, the indent and separators), for values without
/// floats (their repr has its own test): the reference [`pyfmt::json`] is held to.
fn python_dumps(v: &Value, level: usize, out: &mut String) {
    let indent = |level: usize| " ".repeat(2 * level);
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => python_string(s, out),
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Array(a) => {
            out.push('[');
            for (i, item) in a.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&indent(level + 1));
                python_dumps(item, level + 1, out);
            }
            out.push('\n');
            out.push_str(&indent(level));
            out.push(']');
        }
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_by(|a, b| a.chars().cmp(b.chars()));
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&indent(level + 1));
                python_string(k, out);
                out.push_str(": ");
                python_dumps(&m[k], level + 1, out);
            }
            out.push('\n');
            out.push_str(&indent(level));
            out.push('}');
        }
    }
}

/// `ensure_ascii=False`'s string: `"` and `\` and the control characters escaped (the short
/// forms Python has, else `\u00xx`), everything else as it is.
fn python_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&alloc::format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

mod printed_as_python {
    use super::*;
    use proptest::prelude::*;

    /// Strings of every length around the escape check's words (0 to 24 bytes and more),
    /// mostly plain, with what must be escaped, non-ASCII and DEL mixed in.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9/._ -]{0,24}",
            "[a-z\"\\\\\u{0}-\u{1f}\u{7f}é日\u{2028}]{0,24}",
            "[a-z]{0,40}[\"\\\\\u{1}\n]?[a-z]{0,40}",
            any::<String>(),
        ]
    }

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            text().prop_map(Value::String),
        ]
    }

    /// Values nested up to 24 levels: indents past the pad's 32 spaces at a time.
    fn value() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(24, 96, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((text(), inner), 0..4)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// `-o json` prints any value as Python's `json.dumps` does, which is also
        /// serde_json's pretty text (the same escapes, indent and separators; keys sorted).
        #[test]
        fn json_is_pythons_dumps(v in value()) {
            let mut want = String::new();
            python_dumps(&v, 0, &mut want);
            prop_assert_eq!(pyfmt::json(&v), want.clone());
            prop_assert_eq!(serde_json::to_string_pretty(&v).unwrap(), want);
        }
    }
}
