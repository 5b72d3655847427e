//! The console: the `:` command line (editing, history, Tab completion) and the `/` tree
//! filter. It owns its keys ([`Context::Line`]) and tells the app what to do with a finished
//! line; the app runs commands and rebuilds the tree.

use crossterm::event::KeyEvent;

use super::edit::LineEdit;
use crate::keys::{Action, KeyMap};

/// The longest history kept.
const MAX_HISTORY: usize = 1000;

/// Which line is being edited at the bottom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// `:` command line.
    Command,
    /// `/` tree filter.
    Filter,
}

/// What the app should do after a key on the console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsoleReply {
    /// Nothing beyond the console's own change.
    Nothing,
    /// Run this command line.
    Run(String),
    /// The filter text changed (live filtering), or was confirmed.
    Filter(String),
    /// The filter was left with Esc: clear it.
    ClearFilter,
}

/// The line being edited, the history and the completion candidates.
#[derive(Clone, Debug, Default)]
pub struct Console {
    line: Option<(LineKind, LineEdit)>,
    history: Vec<String>,
    history_pos: Option<usize>,
    candidates: Vec<String>,
}

impl Console {
    /// The line being edited, if any.
    pub fn line(&self) -> Option<(LineKind, &LineEdit)> {
        self.line.as_ref().map(|(k, e)| (*k, e))
    }

    /// True while a line is edited (the console takes the keys).
    pub fn is_open(&self) -> bool {
        self.line.is_some()
    }

    /// Candidates of the last Tab, when there were several.
    pub fn candidates(&self) -> &[String] {
        &self.candidates
    }

    /// Opens an empty command line.
    pub fn open_command(&mut self) {
        self.line = Some((LineKind::Command, LineEdit::default()));
        self.history_pos = None;
        self.candidates.clear();
    }

    /// Opens the filter line holding the current filter.
    pub fn open_filter(&mut self, current: &str) {
        self.line = Some((LineKind::Filter, LineEdit::with(current)));
    }

    /// Inserts pasted text (control characters dropped).
    pub fn paste(&mut self, text: &str) {
        if let Some((_, edit)) = &mut self.line {
            for c in text.chars().filter(|c| !c.is_control()) {
                edit.insert(c);
            }
        }
    }

    /// Handles a key while a line is open; `complete` answers Tab.
    pub fn handle_key(
        &mut self,
        key: &KeyEvent,
        keys: &KeyMap,
        complete: &dyn Fn(&str) -> Vec<String>,
    ) -> ConsoleReply {
        let Some((kind, mut edit)) = self.line.take() else {
            return ConsoleReply::Nothing;
        };
        let action = edit.handle_key(key, keys);
        match action {
            Some(Action::LineCancel) => {
                self.candidates.clear();
                return match kind {
                    LineKind::Filter => ConsoleReply::ClearFilter,
                    LineKind::Command => ConsoleReply::Nothing,
                };
            }
            Some(Action::LineRun) => {
                self.candidates.clear();
                return match kind {
                    LineKind::Command => self.finish(edit.text.trim()),
                    LineKind::Filter => ConsoleReply::Filter(edit.text),
                };
            }
            Some(Action::HistoryPrev) if kind == LineKind::Command => self.back(&mut edit),
            Some(Action::HistoryNext) if kind == LineKind::Command => self.forward(&mut edit),
            Some(Action::Complete) if kind == LineKind::Command => {
                let cands = complete(&edit.text[..edit.cursor]);
                self.complete(&mut edit, cands);
            }
            _ => {}
        }
        let text = edit.text.clone();
        self.line = Some((kind, edit));
        // Live filtering: the walk is linear and cheap next to a key press.
        match kind {
            LineKind::Filter => ConsoleReply::Filter(text),
            LineKind::Command => ConsoleReply::Nothing,
        }
    }

    /// A command line is done: remember it, and run it if it says something.
    fn finish(&mut self, text: &str) -> ConsoleReply {
        if text.is_empty() {
            return ConsoleReply::Nothing;
        }
        if self.history.last().map(String::as_str) != Some(text) {
            self.history.push(text.to_string());
            if self.history.len() > MAX_HISTORY {
                self.history.remove(0);
            }
        }
        ConsoleReply::Run(text.to_string())
    }

    fn back(&mut self, edit: &mut LineEdit) {
        if self.history.is_empty() {
            return;
        }
        let pos = match self.history_pos {
            Some(p) => p.saturating_sub(1),
            None => self.history.len() - 1,
        };
        self.history_pos = Some(pos);
        edit.set(&self.history[pos]);
    }

    fn forward(&mut self, edit: &mut LineEdit) {
        match self.history_pos {
            Some(p) if p + 1 < self.history.len() => {
                self.history_pos = Some(p + 1);
                edit.set(&self.history[p + 1]);
            }
            _ => {
                self.history_pos = None;
                edit.set("");
            }
        }
    }

    /// Completes the word before the cursor with the candidates' common prefix.
    fn complete(&mut self, edit: &mut LineEdit, cands: Vec<String>) {
        let prefix = &edit.text[..edit.cursor];
        let start = if prefix.ends_with(char::is_whitespace) {
            prefix.len()
        } else {
            prefix
                .rfind(char::is_whitespace)
                .map(|i| i + 1)
                .unwrap_or(0)
        };
        let replacement = match cands.len() {
            0 => {
                self.candidates.clear();
                return;
            }
            1 => format!("{} ", cands[0]),
            _ => common_prefix(&cands),
        };
        if replacement.len() >= prefix.len() - start {
            let rest = edit.text[edit.cursor..].to_string();
            let mut text = edit.text[..start].to_string();
            text.push_str(&replacement);
            let cursor = text.len();
            text.push_str(&rest);
            edit.text = text;
            edit.cursor = cursor;
        }
        self.candidates = if cands.len() > 1 { cands } else { Vec::new() };
    }
}

/// The longest common prefix of the candidates.
fn common_prefix(c: &[String]) -> String {
    let Some(first) = c.first() else {
        return String::new();
    };
    let mut len = first.len();
    for s in &c[1..] {
        len = len.min(
            first
                .char_indices()
                .zip(s.chars())
                .take_while(|((_, a), b)| a == b)
                .last()
                .map(|((i, a), _)| i + a.len_utf8())
                .unwrap_or(0),
        );
    }
    first[..len].to_string()
}
