//! Unit tests for the function library: every function, positive and error cases.

use crate::{Scope, TemplateError, evaluate_expression};
use alloc::string::{String, ToString};
use serde_json::{Value, json};

fn scope() -> Scope {
    Scope {
        tenant_id: "tid".to_string(),
        subscription_id: "sid".to_string(),
        subscription_name: "Sub".to_string(),
        resource_group: "rg".to_string(),
        resource_group_location: "eastus".to_string(),
        deployment_name: "dep".to_string(),
    }
}

fn ev(s: &str) -> Result<Value, TemplateError> {
    evaluate_expression(s, &scope())
}

fn ok(s: &str) -> Value {
    ev(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn err(s: &str) -> String {
    match ev(s) {
        Ok(v) => panic!("{s} should fail but gave {v}"),
        Err(e) => {
            assert_eq!(e.code, "InvalidTemplate", "{e}");
            e.message
        }
    }
}

#[test]
fn literals_and_escapes() {
    assert_eq!(ok("plain"), json!("plain"));
    assert_eq!(ok("[[notexpr]"), json!("[notexpr]"));
    assert_eq!(ok("['it''s']"), json!("it's"));
    assert_eq!(ok("[42]"), json!(42));
    assert_eq!(ok("[true()]"), json!(true));
    assert_eq!(ok("[null()]"), Value::Null);
    assert_eq!(ok("[ concat( 'a' , 'b' ) ]"), json!("ab"));
}

#[test]
fn string_functions() {
    assert_eq!(ok("[concat('a', 1, true())]"), json!("a1True"));
    assert_eq!(
        ok("[concat(createArray(1), createArray(2, 3))]"),
        json!([1, 2, 3])
    );
    assert!(err("[concat(createArray(1), 'x')]").contains("Array"));
    assert_eq!(ok("[format('{0}-{1}', 'a', 2)]"), json!("a-2"));
    assert_eq!(
        ok("[format('{0:N0} {0:N} {1:D3} {2:X}', 12345, 7, 255)]"),
        json!("12,345 12,345.00 007 FF")
    );
    assert_eq!(ok("[format('{{x}}{0}', 'y')]"), json!("{x}y"));
    assert!(err("[format('{1}', 'a')]").contains("argument 1"));
    assert!(err("[format('{0', 'a')]").contains("not closed"));
    assert_eq!(ok("[toLower('AbC')]"), json!("abc"));
    assert_eq!(ok("[toUpper('AbC')]"), json!("ABC"));
    assert!(err("[toLower(1)]").contains("expects its first parameter to be of type 'String'"));
    assert_eq!(ok("[trim('  x ')]"), json!("x"));
    assert_eq!(ok("[substring('hello', 1, 3)]"), json!("ell"));
    assert_eq!(ok("[substring('hello', 2)]"), json!("llo"));
    assert!(err("[substring('hello', 3, 5)]").contains("within the string"));
    assert_eq!(ok("[replace('hw-demo', '-', '')]"), json!("hwdemo"));
    assert!(err("[replace('a', '', 'b')]").contains("empty"));
    assert_eq!(ok("[split('a/b/c', '/')]"), json!(["a", "b", "c"]));
    assert_eq!(
        ok("[split('a,b;c', createArray(',', ';'))]"),
        json!(["a", "b", "c"])
    );
    assert_eq!(ok("[split('ws/fhir', '/')[1]]"), json!("fhir"));
    assert_eq!(ok("[startsWith('Hello', 'he')]"), json!(true));
    assert_eq!(ok("[endsWith('Hello', 'LO')]"), json!(true));
    assert_eq!(ok("[indexOf('abcabc', 'C')]"), json!(2));
    assert_eq!(ok("[lastIndexOf('abcabc', 'c')]"), json!(5));
    assert_eq!(ok("[indexOf('abc', 'z')]"), json!(-1));
    assert_eq!(ok("[padLeft('7', 3, '0')]"), json!("007"));
    assert_eq!(ok("[padLeft(7, 3, '0')]"), json!("007"));
    assert!(err("[padLeft('7', 3, 'ab')]").contains("exactly one character"));
    assert!(err("[padLeft('x', 100000000)]").contains("limit"));
    assert_eq!(ok("[string(createObject('a', 1))]"), json!("{\"a\":1}"));
    assert_eq!(ok("[string(false())]"), json!("False"));
    assert_eq!(ok("[base64('hello')]"), json!("aGVsbG8="));
    assert_eq!(ok("[base64ToString('aGVsbG8=')]"), json!("hello"));
    assert_eq!(ok("[base64ToJson(base64('{\"a\":1}'))]"), json!({"a": 1}));
    assert!(err("[base64ToString('***')]").contains("base64"));
    assert_eq!(ok("[dataUriToString(dataUri('hi'))]"), json!("hi"));
    assert_eq!(
        ok("[uri('https://login.microsoftonline.com/', 'tid')]"),
        json!("https://login.microsoftonline.com/tid")
    );
    assert_eq!(
        ok("[uri('https://a.b/c/d', 'e')]"),
        json!("https://a.b/c/e")
    );
    assert_eq!(ok("[uri('https://a.b/c/d', '/e')]"), json!("https://a.b/e"));
    assert_eq!(
        ok("[uri('sb://ns.servicebus.windows.net', '')]"),
        json!("sb://ns.servicebus.windows.net/")
    );
    assert!(err("[uri('nope', 'x')]").contains("absolute"));
    assert_eq!(ok("[uriComponent('a b/c')]"), json!("a%20b%2Fc"));
    assert_eq!(ok("[uriComponentToString('a%20b%2Fc')]"), json!("a b/c"));
    assert!(err("[uriComponentToString('%zz')]").contains("escape"));
    assert_eq!(ok("[json('{\"a\":[1]}').a[0]]"), json!(1));
    assert!(err("[json('{')]").contains("not valid JSON"));
}

#[test]
fn hashes_are_stable() {
    let g = ok("[guid('a', 'b')]");
    assert_eq!(g, ok("[guid('a', 'b')]"));
    assert_ne!(g, ok("[guid('a', 'c')]"));
    assert_eq!(g.as_str().map(str::len), Some(36));
    let u = ok("[uniqueString(resourceGroup().id)]");
    assert_eq!(u.as_str().map(str::len), Some(13));
    assert!(err("[guid()]").contains("at least '1'"));
    assert!(err("[uniqueString(1)]").contains("String"));
}

#[test]
fn array_and_object_functions() {
    assert_eq!(ok("[array('a')]"), json!(["a"]));
    assert_eq!(ok("[array(createArray(1))]"), json!([1]));
    assert_eq!(ok("[createObject('a', 1, 'b', 'x').b]"), json!("x"));
    assert!(err("[createObject('a')]").contains("even"));
    assert_eq!(
        ok("[union(createArray(1, 2), createArray(2, 3))]"),
        json!([1, 2, 3])
    );
    assert_eq!(
        ok("[union(createObject('a', 1), createObject('b', 2))]"),
        json!({"a": 1, "b": 2})
    );
    assert_eq!(
        ok("[intersection(createArray(1, 2, 3), createArray(2, 3, 4))]"),
        json!([2, 3])
    );
    assert_eq!(
        ok("[intersection(createObject('a', 1, 'b', 2), createObject('a', 1, 'b', 3))]"),
        json!({"a": 1})
    );
    assert_eq!(ok("[contains('abc', 'b')]"), json!(true));
    assert_eq!(ok("[contains(createArray(1, 2), 3)]"), json!(false));
    assert_eq!(ok("[contains(createObject('Key', 1), 'key')]"), json!(true));
    assert!(err("[contains(1, 1)]").contains("String, Array or Object"));
    assert_eq!(ok("[empty('')]"), json!(true));
    assert_eq!(ok("[empty(createArray())]"), json!(true));
    assert_eq!(ok("[empty(createObject('a', 1))]"), json!(false));
    assert_eq!(ok("[first('abc')]"), json!("a"));
    assert_eq!(ok("[last(createArray(1, 2))]"), json!(2));
    assert_eq!(ok("[first(createArray())]"), Value::Null);
    assert_eq!(ok("[length('héllo')]"), json!(5));
    assert_eq!(ok("[length(createObject('a', 1))]"), json!(1));
    assert!(err("[length(1)]").contains("expects"));
    assert_eq!(ok("[skip(createArray(1, 2, 3), 1)]"), json!([2, 3]));
    assert_eq!(ok("[take('abc', 2)]"), json!("ab"));
    assert_eq!(ok("[take(createArray(1), 5)]"), json!([1]));
    assert_eq!(ok("[range(2, 3)]"), json!([2, 3, 4]));
    assert!(err("[range(0, 10001)]").contains("10000"));
    assert!(err("[range(0, -1)]").contains("non-negative"));
    assert_eq!(ok("[min(3, 1, 2)]"), json!(1));
    assert_eq!(ok("[max(createArray(3, 9, 2))]"), json!(9));
    assert!(err("[max('a')]").contains("Integer"));
    assert_eq!(
        ok("[items(createObject('b', 2, 'a', 1))[0].key]"),
        json!("a")
    );
    assert_eq!(ok("[indexOf(createArray('x', 'y'), 'y')]"), json!(1));
    assert_eq!(ok("[coalesce(null(), null(), 'z')]"), json!("z"));
    assert_eq!(ok("[join(createArray('a', 1), ',')]"), json!("a,1"));
    assert_eq!(ok("[objectKeys(createObject('a', 1))]"), json!(["a"]));
    assert_eq!(
        ok("[flatten(createArray(createArray(1), createArray(2)))]"),
        json!([1, 2])
    );
}

#[test]
fn logical_and_numeric_functions() {
    assert_eq!(ok("[and(true(), false())]"), json!(false));
    assert_eq!(ok("[or(false(), true())]"), json!(true));
    assert!(err("[and(true())]").contains("at least '2'"));
    assert_eq!(ok("[not(equals(1, 2))]"), json!(true));
    assert!(err("[not('x')]").contains("Boolean"));
    assert_eq!(ok("[if(true(), 'a', 'b')]"), json!("a"));
    // Lazy: the unused branch would fail.
    assert_eq!(ok("[if(false(), createArray()[5], 'ok')]"), json!("ok"));
    assert!(err("[if('x', 1, 2)]").contains("Boolean"));
    assert_eq!(ok("[bool('TRUE')]"), json!(true));
    assert_eq!(ok("[bool(0)]"), json!(false));
    assert!(err("[bool('maybe')]").contains("boolean"));
    assert_eq!(ok("[equals(createArray(1), createArray(1))]"), json!(true));
    assert_eq!(ok("[less(1, 2)]"), json!(true));
    assert_eq!(ok("[lessOrEquals('b', 'a')]"), json!(false));
    assert_eq!(ok("[greater(3, 2)]"), json!(true));
    assert_eq!(ok("[greaterOrEquals(2, 2)]"), json!(true));
    assert!(err("[less(1, 'a')]").contains("two integers or two strings"));
    assert_eq!(ok("[add(2, 3)]"), json!(5));
    assert_eq!(ok("[sub(2, 3)]"), json!(-1));
    assert_eq!(ok("[mul(4, 3)]"), json!(12));
    assert_eq!(ok("[div(7, 2)]"), json!(3));
    assert_eq!(ok("[mod(7, 2)]"), json!(1));
    assert!(err("[div(1, 0)]").contains("divide by zero"));
    assert!(err("[mod(1, 0)]").contains("divide by zero"));
    assert!(err("[mul(9223372036854775807, 2)]").contains("overflow"));
    assert_eq!(ok("[int('42')]"), json!(42));
    assert!(err("[int('4x')]").contains("cannot convert"));
}

#[test]
fn deployment_and_scope_functions() {
    assert_eq!(ok("[resourceGroup().name]"), json!("rg"));
    assert_eq!(ok("[resourceGroup().location]"), json!("eastus"));
    assert_eq!(
        ok("[resourceGroup().id]"),
        json!("/subscriptions/sid/resourceGroups/rg")
    );
    assert_eq!(ok("[subscription().subscriptionId]"), json!("sid"));
    assert_eq!(ok("[subscription().tenantId]"), json!("tid"));
    assert_eq!(ok("[tenant().tenantId]"), json!("tid"));
    assert_eq!(ok("[deployment().name]"), json!("dep"));
    assert_eq!(
        ok("[environment().authentication.loginEndpoint]"),
        json!("https://login.microsoftonline.com/")
    );
    assert_eq!(
        ok("[environment().resourceManager]"),
        json!("https://management.azure.com/")
    );
    assert_eq!(
        ok("[environment().suffixes.storage]"),
        json!("core.windows.net")
    );
    assert_eq!(
        ok("[resourceId('Microsoft.HealthcareApis/workspaces/fhirservices', 'ws', 'f')]"),
        json!(
            "/subscriptions/sid/resourceGroups/rg/providers/Microsoft.HealthcareApis/workspaces/ws/fhirservices/f"
        )
    );
    assert_eq!(
        ok("[resourceId('other', 'Microsoft.HealthcareApis/workspaces', 'ws')]"),
        json!(
            "/subscriptions/sid/resourceGroups/other/providers/Microsoft.HealthcareApis/workspaces/ws"
        )
    );
    assert_eq!(
        ok("[resourceId('s2', 'other', 'Microsoft.HealthcareApis/workspaces', 'ws')]"),
        json!(
            "/subscriptions/s2/resourceGroups/other/providers/Microsoft.HealthcareApis/workspaces/ws"
        )
    );
    assert!(
        err("[resourceId('Microsoft.HealthcareApis/workspaces/fhirservices', 'ws')]")
            .contains("segment")
    );
    assert!(err("[resourceId('ws', 'x')]").contains("fully qualified resource type"));
    assert_eq!(
        ok("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'r')]"),
        json!("/subscriptions/sid/providers/Microsoft.Authorization/roleDefinitions/r")
    );
    assert_eq!(
        ok("[tenantResourceId('Microsoft.Management/managementGroups', 'm')]"),
        json!("/providers/Microsoft.Management/managementGroups/m")
    );
    assert_eq!(
        ok(
            "[extensionResourceId('/subscriptions/sid/resourceGroups/rg', 'Microsoft.Authorization/locks', 'l')]"
        ),
        json!("/subscriptions/sid/resourceGroups/rg/providers/Microsoft.Authorization/locks/l")
    );
    assert!(err("[reference('x')]").contains("not expected at this location"));
    assert!(err("[listKeys('x', '2020-01-01')]").contains("not expected"));
    assert!(err("[newGuid()]").contains("default value of a parameter"));
    assert!(err("[utcNow()]").contains("default value of a parameter"));
    assert!(err("[copyIndex()]").contains("copy"));
    assert!(err("[parameters('nope')]").contains("'nope' is not found"));
    assert!(err("[variables('nope')]").contains("'nope' is not found"));
}

#[test]
fn access_and_error_messages() {
    assert_eq!(
        ok("[createObject('a', createObject('B', 1)).a.b]"),
        json!(1)
    );
    assert_eq!(ok("[createObject('a', 1)['a']]"), json!(1));
    assert!(err("[createObject('a', 1).b]").contains("available properties are 'a'"));
    assert!(err("[createArray(1)[3]]").contains("out of bounds"));
    assert!(err("[createArray(1)['x']]").contains("can't index"));
    assert!(err("['a'.b]").contains("not an object"));
    let m = err("[frobnicate(1)]");
    assert!(
        m.contains("The template function 'frobnicate' is not valid"),
        "{m}"
    );
    assert!(
        m.contains("[frobnicate(1)]"),
        "the expression text is quoted: {m}"
    );
    assert!(err("[concat('a']").contains("not valid"));
    // Without the closing bracket it is a literal string, as in ARM.
    assert_eq!(ok("[concat('a'"), json!("[concat('a'"));
}
