//! Bicep, compiled inside hcsim: Bicep text (and the local modules it names, read through a
//! loader the front end supplies) to the ARM template JSON that `hcsim-template` deploys,
//! in the shape `bicep build` writes (non-symbolic `resources` array, modules as nested
//! `Microsoft.Resources/deployments` with inner expression scope).
//!
//! The compiler is pure and bounded: no I/O but the loader, no clock; the text size, the
//! nesting depth, the module depth and the number of files read are limited, and every
//! failure is a positioned [`BicepError`] (file, line, column, Bicep's `BCP` code where
//! Bicep has one) — never a panic.
//!
//! Modules in reading order (each uses only modules above it): `error` (positions and the
//! error type), `lexer` (text to tokens), `ast` (the syntax tree), `parser` (tokens to a
//! program), `path` (relative paths), `lower` (program to template), `params` (the
//! `.bicepparam` files).
#![no_std]
#![forbid(unsafe_code)]
#![warn(clippy::too_many_lines)]

extern crate alloc;

mod ast;
mod error;
mod lexer;
mod lower;
mod params;
mod parser;
mod path;

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

pub use error::{BicepError, Pos};
pub use lower::Loader;
pub use params::{ParamsFile, compile_params};

/// What hcsim writes as the template's `metadata._generator.version` (it is not Bicep's CLI,
/// so it does not claim one of Bicep's versions).
pub const GENERATOR_VERSION: &str = "0.0.0-hcsim";

/// The largest source file hcsim compiles (Bicep's own limit on a template is ARM's 4 MB).
pub const MAX_SOURCE_BYTES: usize = 1024 * 1024;

/// Compiles the Bicep text of `file` to an ARM template. `load` reads the modules and the
/// `load…Content` files it names (paths already resolved against `file`'s folder).
pub fn compile(file: &str, text: &str, load: &mut Loader<'_>) -> Result<Value, BicepError> {
    let mut files = 1;
    compile_in(file, text, load, Vec::new(), &mut files)
}

/// Compiles a file that names no module (its loader refuses every read).
pub fn compile_standalone(file: &str, text: &str) -> Result<Value, BicepError> {
    let mut none = |p: &str| Err(alloc::format!("Could not find file \"{p}\"."));
    compile(file, text, &mut none)
}

/// `compile` for a module: `chain` = the files that led here (cycles), `files` = how many
/// were read so far.
pub(crate) fn compile_in(
    file: &str,
    text: &str,
    load: &mut Loader<'_>,
    chain: Vec<String>,
    files: &mut u32,
) -> Result<Value, BicepError> {
    let name_it = |mut e: BicepError| {
        if e.file.is_empty() {
            e.file = file.to_string();
        }
        e
    };
    if text.len() > MAX_SOURCE_BYTES {
        return Err(name_it(BicepError::at(
            Pos { line: 1, col: 1 },
            "",
            alloc::format!(
                "The file is {} bytes; hcsim compiles files up to {MAX_SOURCE_BYTES} bytes.",
                text.len()
            ),
        )));
    }
    let toks = lexer::lex(text).map_err(name_it)?;
    let program = parser::parse(toks).map_err(name_it)?;
    lower::lower(file, &program, load, chain, files).map_err(name_it)
}

/// A `cargo fuzz` entry point: any bytes go through the compiler and the `.bicepparam`
/// reader; the contract is that this returns (no panic, bounded time) whatever the input.
/// Returns whether the bytes compiled as a Bicep file.
pub fn fuzz_one(data: &[u8]) -> bool {
    let Ok(text) = core::str::from_utf8(data) else {
        return false;
    };
    let _ = compile_params("fuzz.bicepparam", text);
    compile_standalone("fuzz.bicep", text).is_ok()
}

/// True when `text` looks like Bicep rather than JSON (a template editor's language guess):
/// JSON templates start with `{`.
pub fn looks_like_bicep(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    !t.starts_with('{')
}

/// Standard base64 (for `loadFileAsBase64`).
pub(crate) fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let b = [
            c.first().copied().unwrap_or(0),
            c.get(1).copied().unwrap_or(0),
            c.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= c.len() {
                out.push(char::from(T[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
