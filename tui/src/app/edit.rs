//! A one-line text editor: the `:` command line, the `/` filter, prompts and form fields all
//! edit text the same way, with the keys of [`Context::Line`].

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::keys::{Action, Context, KeyMap};

/// The longest line accepted: longer is a paste gone wrong, not a command.
const MAX_LINE_BYTES: usize = 16 * 1024;

/// A line of text and a cursor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineEdit {
    /// The text.
    pub text: String,
    /// Cursor as a byte index on a char boundary.
    pub cursor: usize,
}

impl LineEdit {
    /// An editor holding `text`, cursor at the end.
    pub fn with(text: &str) -> LineEdit {
        LineEdit {
            text: text.into(),
            cursor: text.len(),
        }
    }
    /// Inserts a character at the cursor.
    pub fn insert(&mut self, c: char) {
        if self.text.len() < MAX_LINE_BYTES {
            self.text.insert(self.cursor, c);
            self.cursor += c.len_utf8();
        }
    }
    /// Deletes the character before the cursor.
    pub fn backspace(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
            self.text.remove(self.cursor);
        }
    }
    /// Deletes the character under the cursor.
    pub fn delete(&mut self) {
        if self.cursor < self.text.len() {
            self.text.remove(self.cursor);
        }
    }
    /// Cursor one character left.
    pub fn left(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
        }
    }
    /// Cursor one character right.
    pub fn right(&mut self) {
        if let Some(c) = self.text[self.cursor..].chars().next() {
            self.cursor += c.len_utf8();
        }
    }
    /// Replaces the text, cursor at the end.
    pub fn set(&mut self, text: &str) {
        self.text = text.into();
        self.cursor = self.text.len();
    }
    /// The cursor as a column (characters before it).
    pub fn cursor_col(&self) -> usize {
        self.text[..self.cursor].chars().count()
    }

    /// Applies an editing action; false for actions that are not editing.
    pub fn apply(&mut self, action: Action) -> bool {
        match action {
            Action::ClearLine => self.set(""),
            Action::CursorLeft => self.left(),
            Action::CursorRight => self.right(),
            Action::CursorHome => self.cursor = 0,
            Action::CursorEnd => self.cursor = self.text.len(),
            Action::DeleteBack => self.backspace(),
            Action::DeleteForward => self.delete(),
            _ => return false,
        }
        true
    }

    /// Edits with `key`: an editing action of the key map, or a typed character. Returns the
    /// line action that is not editing (`line_run`, `history_prev` …) for the owner to handle.
    pub fn handle_key(&mut self, key: &KeyEvent, keys: &KeyMap) -> Option<Action> {
        if let Some(action) = keys.action_in(Context::Line, key) {
            if self.apply(action) {
                return None;
            }
            return Some(action);
        }
        if let KeyCode::Char(c) = key.code
            && !key.modifiers.contains(KeyModifiers::CONTROL)
            && !c.is_control()
        {
            self.insert(c);
        }
        None
    }
}
