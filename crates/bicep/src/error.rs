//! The one error type of the compiler: where (file, line, column), Bicep's diagnostic code
//! when Bicep has one for the same mistake, and the message.
//!
//! Codes and messages follow Bicep's `DiagnosticBuilder` (github.com/Azure/bicep,
//! src/Bicep.Core/Diagnostics/DiagnosticBuilder.cs, MIT); where hcsim refuses something Bicep
//! accepts (registries, user functions), the code is empty and the message says why.

use alloc::string::String;
use core::fmt;

/// A position in a source text: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

/// A compile error, positioned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BicepError {
    /// The file the error is in (as the front end named it).
    pub file: String,
    /// Where in that file.
    pub pos: Pos,
    /// Bicep's code (`BCP018`), or empty where Bicep has none (an hcsim limit).
    pub code: &'static str,
    /// The message.
    pub message: String,
}

impl BicepError {
    /// An error at `pos` with `code` (file filled in by the compiler driver).
    pub fn at(pos: Pos, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            file: String::new(),
            pos,
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for BicepError {
    /// Bicep CLI's shape: `main.bicep(3,7) : Error BCP018: Expected the "=" character …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = if self.code.is_empty() {
            "hcsim"
        } else {
            self.code
        };
        write!(
            f,
            "{}({},{}) : Error {}: {}",
            self.file, self.pos.line, self.pos.col, code, self.message
        )
    }
}

/// A result with a [`BicepError`].
pub type Res<T> = Result<T, BicepError>;

/// BCP018: a punctuation character was expected.
pub fn expected_char(pos: Pos, c: &str) -> BicepError {
    BicepError::at(
        pos,
        "BCP018",
        alloc::format!("Expected the \"{c}\" character at this location."),
    )
}

/// BCP057: an unknown name.
pub fn unknown_name(pos: Pos, name: &str) -> BicepError {
    BicepError::at(
        pos,
        "BCP057",
        alloc::format!("The name \"{name}\" does not exist in the current context."),
    )
}
