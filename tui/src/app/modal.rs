//! Modal windows: what sits on top of the panes and takes the keys until closed (k9s model:
//! `esc` goes back). Each holds only its own small state; what happens on `Enter` is data
//! ([`Pending`], [`MenuAction`], [`FormKind`]) that the app carries out.

use hcsim_lab::equivalents::Equivalents;

/// A one-line text editor (the `:` command line, `/` filter, prompts, form fields).
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
        // Bounded: a line longer than this is a paste gone wrong, not a command.
        if self.text.len() < 16 * 1024 {
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
}

/// What a confirmation does on "yes".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Run a command line.
    Run(String),
    /// Quit.
    Quit,
}

/// What a menu item does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MenuAction {
    /// Run a command line.
    Run(String),
    /// Go to the state after this many steps.
    Jump(usize),
    /// Start a built-in lesson.
    StartLesson(String),
}

/// A list to pick from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Menu {
    /// Title.
    pub title: String,
    /// Items: label and action.
    pub items: Vec<(String, MenuAction)>,
    /// Highlighted item.
    pub selected: usize,
}

/// The kinds of creation form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormKind {
    /// A resource group in a subscription.
    Group {
        /// Subscription id.
        subscription: String,
    },
    /// A workspace in a group.
    Workspace {
        /// Subscription id.
        subscription: String,
        /// Group name.
        group: String,
    },
    /// A FHIR/DICOM service or IoT connector in a workspace.
    Service {
        /// Subscription id.
        subscription: String,
        /// Group name.
        group: String,
        /// Workspace name.
        workspace: String,
    },
    /// A FHIR destination of an IoT connector.
    Destination {
        /// Subscription id.
        subscription: String,
        /// Group name.
        group: String,
        /// Workspace name.
        workspace: String,
        /// IoT connector name.
        connector: String,
        /// The workspace's id (the FHIR service named is one of its children).
        workspace_id: String,
    },
}

/// One form field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// Label.
    pub label: &'static str,
    /// Typed value.
    pub edit: LineEdit,
    /// Allowed values (← → cycles), if it is a choice.
    pub choices: Vec<String>,
}

/// A small creation form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    /// Title.
    pub title: String,
    /// What it creates.
    pub kind: FormKind,
    /// Fields.
    pub fields: Vec<Field>,
    /// Focused field.
    pub focus: usize,
}

/// What a prompt's answer is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptFor {
    /// A path to save the session to.
    Save,
    /// A template file to what-if (then deploy) into a group.
    WhatIf,
}

/// Everything that can sit on top of the panes.
#[derive(Clone, Debug)]
pub enum Modal {
    /// The key help (from the key table).
    Help {
        /// Scroll offset.
        scroll: u16,
    },
    /// A yes/no question.
    Confirm {
        /// Title.
        title: String,
        /// Question.
        text: String,
        /// What "yes" does.
        on_yes: Pending,
    },
    /// A text to read (outputs, errors with their rule explained).
    Message {
        /// Title.
        title: String,
        /// Body.
        text: String,
        /// Drawn as an error.
        error: bool,
        /// Scroll offset.
        scroll: u16,
        /// A follow-up offered with `y` (e.g. deploy after a what-if).
        follow_up: Option<(String, Pending)>,
    },
    /// A list to pick from.
    Menu(Menu),
    /// A creation form.
    Form(Form),
    /// A one-line question.
    Prompt {
        /// Title.
        title: String,
        /// Answer being typed.
        edit: LineEdit,
        /// What it is for.
        purpose: PromptFor,
        /// Context (the group for a what-if).
        context: String,
    },
    /// Equivalents of the last command, one language per tab.
    Equivalents {
        /// The renderings.
        eq: Box<Equivalents>,
        /// Tab: 0 PowerShell, 1 Terraform, 2 Bicep, 3 ARM.
        tab: usize,
        /// Scroll.
        scroll: u16,
    },
    /// The lesson panel.
    Lesson {
        /// Scroll.
        scroll: u16,
    },
}
