//! The functions an expression calls: a host that adds functions of its own (MedTech) checks
//! their names and argument counts when the expression is compiled, as its JMESPath library
//! does, instead of when a message first reaches the call.

use alloc::string::String;
use alloc::vec::Vec;

use super::parser::Ast;

/// Each call in `ast` as (name, number of arguments), in the order written.
pub(crate) fn calls(ast: &Ast, out: &mut Vec<(String, usize)>) {
    match ast {
        Ast::Sub(a, b)
        | Ast::Projection(a, b)
        | Ast::ValueProjection(a, b)
        | Ast::Pipe(a, b)
        | Ast::Or(a, b)
        | Ast::And(a, b)
        | Ast::Compare(_, a, b) => {
            calls(a, out);
            calls(b, out);
        }
        Ast::FilterProjection(a, b, c) => {
            calls(a, out);
            calls(b, out);
            calls(c, out);
        }
        Ast::Flatten(a) | Ast::Not(a) | Ast::ExpRef(a) => calls(a, out),
        Ast::MultiList(items) => items.iter().for_each(|a| calls(a, out)),
        Ast::Function(name, items) => {
            out.push((name.clone(), items.len()));
            items.iter().for_each(|a| calls(a, out));
        }
        Ast::MultiHash(pairs) => pairs.iter().for_each(|(_, a)| calls(a, out)),
        _ => {}
    }
}
