import json, jmespath
from jmespath import exceptions as E
docs = {
 "ws": [
   {"name": "ws1", "location": "eastus", "tags": {"env": "dev"}, "properties": {"provisioningState": "Succeeded"}, "count": 3, "ratio": 1.5},
   {"name": "ws2", "location": "westus2", "tags": {}, "properties": {"provisioningState": "Failed"}, "count": -2, "ratio": 0.25},
   {"name": "Ws3", "location": "eastus", "tags": None, "properties": {"provisioningState": "Succeeded"}, "count": 10, "ratio": 2}
 ],
 "misc": {"s": "héllo wörld", "n": -7.5, "i": 42, "e": [], "o": {"b": 2, "a": 1}, "big": 12345678901234, "strnums": ["10", "2.5", "x", " 7 ", "1e3"], "nested": [[1, [2]], [3], 4]},
}
cases = {
 "ws": ["[?location=='eastus'].name", "[?properties.provisioningState!='Succeeded'] | length(@)", "sort_by(@, &name)[].name",
        "sort_by(@, &count)[].count", "max_by(@, &count).name", "min_by(@, &ratio).name", "[].{Name: name, Tags: tags.env}",
        "[?contains(name, 'ws')].name", "[?starts_with(location, 'east') && count > `5`].name", "[?!(count < `0`)].name",
        "sum([].count)", "avg([].count)", "avg([].ratio)", "sum([].ratio)", "[].ratio | max(@)", "map(&to_string(count), @)",
        "[].tags.env", "[].tags | [?@]", "join(', ', [].name)", "[?tags.env == 'dev'] | [0].name", "length([?location == 'eastus'])",
        "[*].properties.provisioningState", "[0:2].name", "[::-1].name", "[-1:].name", "sort([].name)", "reverse(sort([].location))",
        "[].[name, count][]", "[?name > 'ws1'].name", "@[?ratio >= `1.5`].name", "max_by(@, &name).name", "sort_by(@, &tags.env)",
        "[].count | sort(@)", "[0].keys(@)", "[0].values(properties)", "merge([0].tags, {b: 'c'})", "not_null([0].missing, [1].name)",
        "to_array([0].name)", "[?location=='eastus'] | sort_by(@, &count) | [-1].name", "[].name | [?ends_with(@, '2')]",
        "floor([0].ratio)", "ceil([1].ratio)", "abs([1].count)", "type([0].tags)", "type([2].tags)", "length([0].name)",
        "[0].name.length(@)", "sort_by(@, &to_number(count))[].count", "max([].name)", "min([].count)",
        "[?ratio == `2`].name", "[?count == `10.0`].name"],
 "misc": ["to_string(n)", "to_string(o)", "to_string(s)", "to_string(e)", "to_string(`1.0`)", "to_number(strnums[0])", "to_number(strnums[1])",
          "to_number(strnums[2])", "to_number(strnums[3])", "to_number(strnums[4])", "length(s)", "reverse(s)", "nested[]", "nested[][]",
          "floor(n)", "ceil(n)", "abs(n)", "big", "sum([big, i])", "keys(o)", "values(o)", "e || 'empty'", "i && s", "!e", "o.*",
          "`[1, 2]`[1]", "'it''s'", "'it\\'s'", "`\"raw\"`", "s == 'héllo wörld'", "i < n", "s < 'z'", "nested[0][1][0]",
          "length(i)", "sort(strnums)", "sort([i, s])", "avg(e)", "max(e)", "contains(s, 'wör')", "contains(`[1, 2]`, `1.0`)",
          "join(',', [s, i])", "map(&length(@), strnums)", "sort_by(strnums, &@)", "sort_by([i, n], &to_string(@))", "i.foo", "e[0]",
          "o.[a, b]", "o.{x: a}", "missing.[a]", "missing.{a: a}", "`{\"a\": 1}`.a", "@.i", "abs(`-0`)", "to_number('0x1f')",
          "starts_with(s, `1`)", "merge()", "not_null()", "length()", "foo(i)", "[:0:]", "e[::0]", "i[", "i.", "{a: i", "i | | i",
          "map(i, e)", "sort_by(e, i)", "[?i == `42`]", "*.i", "o.*.b"],
}
suites = []
for d, exprs in cases.items():
    out = []
    for e in exprs:
        c = {"expression": e}
        try:
            c["result"] = jmespath.search(e, docs[d])
        except (E.ArityError, E.VariadictArityError): c["error"] = "invalid-arity"
        except E.UnknownFunctionError: c["error"] = "unknown-function"
        except (E.ParseError, E.LexerError, E.IncompleteExpressionError, E.EmptyExpressionError): c["error"] = "syntax"
        except E.JMESPathTypeError: c["error"] = "invalid-type"
        except ValueError: c["error"] = "invalid-value"
        except TypeError as x: c["comment"] = "jmespath.py raises Python TypeError: " + str(x); c["error"] = "python-type-error"
        out.append(c)
    suites.append({"comment": "jmespath.py 1.1.0 on az-like documents", "given": docs[d], "cases": out})
print(json.dumps(suites, indent=1, ensure_ascii=False))
