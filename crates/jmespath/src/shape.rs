//! The key order of a query's objects. azure-cli runs `--query` with
//! `jmespath.Options(collections.OrderedDict)`, so a multi-select hash `{b: x, a: y}` is an
//! `OrderedDict` in the order written, and knack's table and tsv writers keep that order
//! (`_TableOutput` does not sort when a query is active; `_TsvOutput._dump_row` keeps an
//! `OrderedDict`'s order and sorts plain dicts). json and yaml sort keys regardless
//! (`json.dumps(sort_keys=True)`, `yaml.safe_dump`). serde_json's map is sorted, so the order
//! is read from the expression: which multi-select hash builds the result's rows.

use alloc::string::String;
use alloc::vec::Vec;

use super::parser::Ast;

/// The keys, in written order, of the multi-select hash that builds the result, or each
/// element of a list result; `None` when the rows are plain objects (sorted, as knack sorts).
pub(crate) fn row_keys(ast: &Ast) -> Option<Vec<String>> {
    match ast {
        Ast::MultiHash(pairs) => Some(pairs.iter().map(|(k, _)| k.clone()).collect()),
        // `{x: [].{b: …, a: …}}.x`: the field of a hash is its own expression's rows.
        Ast::Sub(l, r) | Ast::Pipe(l, r) => match &**r {
            Ast::Field(k) => field_rows(l, k),
            _ => row_keys(r).or_else(|| keeps_rows(r).then(|| row_keys(l)).flatten()),
        },
        Ast::Projection(l, r) | Ast::ValueProjection(l, r) | Ast::FilterProjection(l, r, _) => {
            row_keys(r).or_else(|| keeps_rows(r).then(|| row_keys(l)).flatten())
        }
        Ast::Flatten(inner) => row_keys(inner),
        // Functions that return the rows (or one row) of their first argument.
        Ast::Function(name, args)
            if matches!(name.as_str(), "sort_by" | "reverse" | "max_by" | "min_by") =>
        {
            args.first().and_then(row_keys)
        }
        _ => None,
    }
}

/// The rows of field `key` of what `left` yields.
fn field_rows(left: &Ast, key: &str) -> Option<Vec<String>> {
    match left {
        Ast::MultiHash(pairs) => pairs
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, a)| row_keys(a)),
        _ => None,
    }
}

/// Whether `ast` yields rows of the value it is applied to unchanged (an element, a slice,
/// a filter, the identity), so the rows' key order is that of its input.
fn keeps_rows(ast: &Ast) -> bool {
    match ast {
        Ast::Identity | Ast::Index(_) | Ast::Slice(..) => true,
        Ast::Flatten(inner) => keeps_rows(inner),
        Ast::Sub(l, r) | Ast::Pipe(l, r) | Ast::Projection(l, r) => keeps_rows(l) && keeps_rows(r),
        Ast::FilterProjection(l, r, _) => keeps_rows(l) && keeps_rows(r),
        Ast::Function(name, args) if matches!(name.as_str(), "sort_by" | "reverse") => {
            args.first().is_some_and(keeps_rows)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile;

    fn keys(expr: &str) -> Option<Vec<String>> {
        compile(expr).expect(expr).row_keys()
    }

    /// knack `output.py` / azure-cli `_filter` with `Options(OrderedDict)`: the written
    /// order reaches the rows however the hash is reached.
    #[test]
    fn written_order_survives_pipes_indexes_filters_and_fields() {
        let ba = Some(alloc::vec![String::from("b"), String::from("a")]);
        for expr in [
            "{b: x, a: y}",
            "[].{b: x, a: y}",
            "[?x].{b: x, a: y}",
            "[].{b: x, a: y} | [0]",
            "[].{b: x, a: y} | [?b == `1`]",
            "[].{b: x, a: y} | [1:]",
            "{z: [].{b: x, a: y}}.z",
            "sort_by([].{b: x, a: y}, &a)",
            "reverse([].{b: x, a: y})[0]",
            "*.{b: x, a: y}",
        ] {
            assert_eq!(keys(expr), ba, "{expr}");
        }
        for expr in [
            "[].name",
            "[0]",
            "{b: x, a: y} | keys(@)",
            "[].{b: x, a: y} | length(@)",
        ] {
            assert_eq!(keys(expr), None, "{expr}");
        }
    }
}
