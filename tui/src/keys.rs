//! Key bindings as data (the gitui/yazi model): one table maps keys to [`Action`]s, each with a
//! description and the [`Context`] (component) that reads it: the tree, the line editor, popups,
//! menus, questions, forms, the equivalents and the lesson panel. The `?` help screen is
//! generated from the same table, so it can never drift from what the keys do, and a TOML file
//! can rebind any action by name, in any component.
//!
//! Override file (`$HCSIM_KEYS`, else `~/.config/hcsim/keys.toml`):
//! ```toml
//! [keys]
//! quit = ["q", "ctrl-c"]
//! down = ["j", "down", "ctrl-n"]
//! yes = ["y", "enter"]        # questions
//! menu_pick = ["1", "2", "3"] # the n-th key picks the n-th menu item
//! ```

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

/// Where a key is read: each component has its own keys, so the same key may do different
/// things in the tree, on the command line or in a popup (gitui's key list, yazi's keymap
/// sections). Overrides steal a key only inside its context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Context {
    /// The tree and the panes (normal mode).
    Tree,
    /// Any line being edited: the `:` command line, the `/` filter, prompts, form fields.
    Line,
    /// Popups that scroll: help, messages, equivalents, the lesson panel.
    Popup,
    /// Menus (faults, probes, timeline, lessons).
    Menu,
    /// Yes/no questions.
    Confirm,
    /// Creation forms.
    Form,
    /// The equivalents popup's tabs.
    Equivalents,
    /// The lesson panel.
    Lesson,
    /// The MedTech mapping debugger.
    Mapping,
}

impl Context {
    /// Every context, in help-screen order.
    pub const ALL: &'static [Context] = &[
        Context::Tree,
        Context::Line,
        Context::Popup,
        Context::Menu,
        Context::Confirm,
        Context::Form,
        Context::Equivalents,
        Context::Lesson,
        Context::Mapping,
    ];

    /// The heading of the context on the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Context::Tree => "Tree and panes",
            Context::Line => "Editing a line (command line, filter, prompts, form fields)",
            Context::Popup => "Popups",
            Context::Menu => "Menus",
            Context::Confirm => "Questions",
            Context::Form => "Forms",
            Context::Equivalents => "Equivalents",
            Context::Lesson => "Lesson panel",
            Context::Mapping => "Mapping debugger (MedTech)",
        }
    }
}

/// Everything a key can do, in every component.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Move up.
    Up,
    /// Move down.
    Down,
    /// Collapse, or go to the parent.
    Left,
    /// Expand, or go to the first child.
    Right,
    /// Open / collapse the selected node.
    Toggle,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// First row.
    Home,
    /// Last row.
    End,
    /// Scroll the details down.
    DetailsDown,
    /// Scroll the details up.
    DetailsUp,
    /// Command line: any az … or sim … line (Tab completes, ↑/↓ history).
    Command,
    /// Filter the tree by name.
    Filter,
    /// Clear the filter and the message.
    ClearFilter,
    /// This help.
    Help,
    /// Create a child of the selection (a small form).
    Create,
    /// Delete the selection (asks first).
    Delete,
    /// Fault menu: inject a fault on the selection or its region.
    Fault,
    /// Probe the selected FHIR/DICOM service (public or private).
    Probe,
    /// Run / pause virtual time.
    RunPause,
    /// Faster virtual time.
    Faster,
    /// Slower virtual time.
    Slower,
    /// Jump to the next scheduled completion.
    NextEvent,
    /// Undo the last change.
    Undo,
    /// Redo.
    Redo,
    /// Timeline: jump to any step.
    Timeline,
    /// Lessons: goal, hints, check, solution.
    Lessons,
    /// What-if, then deploy, a template file.
    WhatIf,
    /// PowerShell / Terraform / Bicep / ARM of the last command.
    Equivalents,
    /// Save the session to a file.
    Save,
    /// Quit (asks if there is unsaved work).
    Quit,
    /// Run the line (filter: keep it; prompt: answer).
    LineRun,
    /// Leave the line.
    LineCancel,
    /// The previous command of the history.
    HistoryPrev,
    /// The next command of the history.
    HistoryNext,
    /// Complete the word (candidates are listed).
    Complete,
    /// Clear the line.
    ClearLine,
    /// Cursor left.
    CursorLeft,
    /// Cursor right.
    CursorRight,
    /// Cursor to the start.
    CursorHome,
    /// Cursor to the end.
    CursorEnd,
    /// Delete the character before the cursor.
    DeleteBack,
    /// Delete the character under the cursor.
    DeleteForward,
    /// Scroll down.
    ScrollDown,
    /// Scroll up.
    ScrollUp,
    /// Close the popup (help and messages also close on any other key).
    Close,
    /// Do what a message offers (deploy after a what-if).
    FollowUp,
    /// Next item.
    MenuDown,
    /// Previous item.
    MenuUp,
    /// Ten items down.
    MenuPageDown,
    /// Ten items up.
    MenuPageUp,
    /// Choose the highlighted item.
    MenuChoose,
    /// Choose an item by number: the n-th key picks the n-th item.
    MenuPick,
    /// Close the menu.
    MenuClose,
    /// Yes: do it.
    Yes,
    /// No: keep things as they are.
    No,
    /// Save the session first (when quitting).
    SaveFirst,
    /// Next field.
    NextField,
    /// Previous field.
    PrevField,
    /// Next field; on the last one, create.
    Submit,
    /// Cancel the form.
    CancelForm,
    /// Next value of a choice.
    ChoiceNext,
    /// Previous value of a choice.
    ChoicePrev,
    /// Next language.
    TabNext,
    /// Previous language.
    TabPrev,
    /// A language by number: the n-th key shows the n-th.
    TabPick,
    /// Check the goal now.
    Check,
    /// Reveal the next hint.
    Hint,
    /// Show the solution (the lesson then counts as completed, not solved).
    Solution,
    /// Choose another lesson.
    AnotherLesson,
    /// Leave the lesson (the session stays).
    LeaveLesson,
    /// Open the mapping debugger on the selected MedTech service.
    MappingDebugger,
    /// Next editable part of the debugger (message, device mapping, FHIR mapping, report).
    MappingFocus,
    /// The next built-in device message.
    MappingSample,
    /// Run the message through the mappings again.
    MappingRun,
    /// Save the edited mappings (runs the az lines, shown in the console).
    MappingDeploy,
}

/// The table: action, context, name in the TOML file, description, default keys.
type Entry = (
    Action,
    Context,
    &'static str,
    &'static str,
    &'static [&'static str],
);

const TABLE: &[Entry] = &[
    (Action::Up, Context::Tree, "up", "move up", &["up", "k"]),
    (
        Action::Down,
        Context::Tree,
        "down",
        "move down",
        &["down", "j"],
    ),
    (
        Action::Left,
        Context::Tree,
        "left",
        "collapse, or go to the parent",
        &["left", "h"],
    ),
    (
        Action::Right,
        Context::Tree,
        "right",
        "expand, or go to the first child",
        &["right", "l"],
    ),
    (
        Action::Toggle,
        Context::Tree,
        "toggle",
        "open / collapse the selected node",
        &["enter"],
    ),
    (
        Action::PageUp,
        Context::Tree,
        "page_up",
        "page up",
        &["pgup"],
    ),
    (
        Action::PageDown,
        Context::Tree,
        "page_down",
        "page down",
        &["pgdn"],
    ),
    (
        Action::Home,
        Context::Tree,
        "home",
        "first row",
        &["home", "g"],
    ),
    (Action::End, Context::Tree, "end", "last row", &["end", "G"]),
    (
        Action::DetailsDown,
        Context::Tree,
        "details_down",
        "scroll the details down",
        &["J", "ctrl-d"],
    ),
    (
        Action::DetailsUp,
        Context::Tree,
        "details_up",
        "scroll the details up",
        &["K", "ctrl-u"],
    ),
    (
        Action::Command,
        Context::Tree,
        "command",
        "command line: any az … or sim … line (Tab completes, ↑/↓ history)",
        &[":"],
    ),
    (
        Action::Filter,
        Context::Tree,
        "filter",
        "filter the tree by name",
        &["/"],
    ),
    (
        Action::ClearFilter,
        Context::Tree,
        "clear_filter",
        "clear the filter and the message",
        &["esc"],
    ),
    (
        Action::Help,
        Context::Tree,
        "help",
        "this help",
        &["?", "f1"],
    ),
    (
        Action::Create,
        Context::Tree,
        "create",
        "create a child of the selection (a small form)",
        &["c"],
    ),
    (
        Action::Delete,
        Context::Tree,
        "delete",
        "delete the selection (asks first)",
        &["d"],
    ),
    (
        Action::Fault,
        Context::Tree,
        "fault",
        "fault menu: inject a fault on the selection or its region",
        &["f"],
    ),
    (
        Action::Probe,
        Context::Tree,
        "probe",
        "probe the selected FHIR/DICOM service (public or private)",
        &["p"],
    ),
    (
        Action::RunPause,
        Context::Tree,
        "run_pause",
        "run / pause virtual time",
        &["space"],
    ),
    (
        Action::Faster,
        Context::Tree,
        "faster",
        "faster virtual time",
        &["+", "="],
    ),
    (
        Action::Slower,
        Context::Tree,
        "slower",
        "slower virtual time",
        &["-"],
    ),
    (
        Action::NextEvent,
        Context::Tree,
        "next_event",
        "jump to the next scheduled completion",
        &["."],
    ),
    (
        Action::Undo,
        Context::Tree,
        "undo",
        "undo the last change",
        &["u"],
    ),
    (Action::Redo, Context::Tree, "redo", "redo", &["ctrl-r"]),
    (
        Action::Timeline,
        Context::Tree,
        "timeline",
        "timeline: jump to any step",
        &["t"],
    ),
    (
        Action::Lessons,
        Context::Tree,
        "lessons",
        "lessons: goal, hints, check, solution",
        &["L"],
    ),
    (
        Action::WhatIf,
        Context::Tree,
        "what_if",
        "what-if, then deploy, a template file",
        &["w"],
    ),
    (
        Action::Equivalents,
        Context::Tree,
        "equivalents",
        "PowerShell / Terraform / Bicep / ARM of the last command",
        &["e"],
    ),
    (
        Action::Save,
        Context::Tree,
        "save",
        "save the session to a file",
        &["s"],
    ),
    (
        Action::Quit,
        Context::Tree,
        "quit",
        "quit (asks if there is unsaved work)",
        &["q", "ctrl-c"],
    ),
    (
        Action::LineRun,
        Context::Line,
        "line_run",
        "run the line (filter: keep it; prompt: answer)",
        &["enter"],
    ),
    (
        Action::LineCancel,
        Context::Line,
        "line_cancel",
        "leave the line",
        &["esc", "ctrl-c"],
    ),
    (
        Action::HistoryPrev,
        Context::Line,
        "history_prev",
        "the previous command of the history",
        &["up"],
    ),
    (
        Action::HistoryNext,
        Context::Line,
        "history_next",
        "the next command of the history",
        &["down"],
    ),
    (
        Action::Complete,
        Context::Line,
        "complete",
        "complete the word (candidates are listed)",
        &["tab"],
    ),
    (
        Action::ClearLine,
        Context::Line,
        "clear_line",
        "clear the line",
        &["ctrl-u"],
    ),
    (
        Action::CursorLeft,
        Context::Line,
        "cursor_left",
        "cursor left",
        &["left"],
    ),
    (
        Action::CursorRight,
        Context::Line,
        "cursor_right",
        "cursor right",
        &["right"],
    ),
    (
        Action::CursorHome,
        Context::Line,
        "cursor_home",
        "cursor to the start",
        &["home"],
    ),
    (
        Action::CursorEnd,
        Context::Line,
        "cursor_end",
        "cursor to the end",
        &["end"],
    ),
    (
        Action::DeleteBack,
        Context::Line,
        "delete_back",
        "delete the character before the cursor",
        &["backspace"],
    ),
    (
        Action::DeleteForward,
        Context::Line,
        "delete_forward",
        "delete the character under the cursor",
        &["delete"],
    ),
    (
        Action::ScrollDown,
        Context::Popup,
        "scroll_down",
        "scroll down",
        &["down", "j"],
    ),
    (
        Action::ScrollUp,
        Context::Popup,
        "scroll_up",
        "scroll up",
        &["up", "k"],
    ),
    (
        Action::Close,
        Context::Popup,
        "close",
        "close the popup (help and messages also close on any other key)",
        &["esc", "q", "ctrl-c"],
    ),
    (
        Action::FollowUp,
        Context::Popup,
        "follow_up",
        "do what a message offers (deploy after a what-if)",
        &["y"],
    ),
    (
        Action::MenuDown,
        Context::Menu,
        "menu_down",
        "next item",
        &["down", "j"],
    ),
    (
        Action::MenuUp,
        Context::Menu,
        "menu_up",
        "previous item",
        &["up", "k"],
    ),
    (
        Action::MenuPageDown,
        Context::Menu,
        "menu_page_down",
        "ten items down",
        &["pgdn"],
    ),
    (
        Action::MenuPageUp,
        Context::Menu,
        "menu_page_up",
        "ten items up",
        &["pgup"],
    ),
    (
        Action::MenuChoose,
        Context::Menu,
        "menu_choose",
        "choose the highlighted item",
        &["enter"],
    ),
    (
        Action::MenuPick,
        Context::Menu,
        "menu_pick",
        "choose an item by number: the n-th key picks the n-th item",
        &["1", "2", "3", "4", "5", "6", "7", "8", "9"],
    ),
    (
        Action::MenuClose,
        Context::Menu,
        "menu_close",
        "close the menu",
        &["esc", "q", "ctrl-c"],
    ),
    (
        Action::Yes,
        Context::Confirm,
        "yes",
        "yes: do it",
        &["y", "Y", "enter"],
    ),
    (
        Action::No,
        Context::Confirm,
        "no",
        "no: keep things as they are",
        &["n", "N", "esc", "ctrl-c"],
    ),
    (
        Action::SaveFirst,
        Context::Confirm,
        "save_first",
        "save the session first (when quitting)",
        &["s"],
    ),
    (
        Action::NextField,
        Context::Form,
        "next_field",
        "next field",
        &["tab", "down"],
    ),
    (
        Action::PrevField,
        Context::Form,
        "prev_field",
        "previous field",
        &["backtab", "up"],
    ),
    (
        Action::Submit,
        Context::Form,
        "submit",
        "next field; on the last one, create",
        &["enter"],
    ),
    (
        Action::CancelForm,
        Context::Form,
        "cancel_form",
        "cancel the form",
        &["esc", "ctrl-c"],
    ),
    (
        Action::ChoiceNext,
        Context::Form,
        "choice_next",
        "next value of a choice",
        &["right", "space"],
    ),
    (
        Action::ChoicePrev,
        Context::Form,
        "choice_prev",
        "previous value of a choice",
        &["left"],
    ),
    (
        Action::TabNext,
        Context::Equivalents,
        "tab_next",
        "next language",
        &["right", "tab", "l"],
    ),
    (
        Action::TabPrev,
        Context::Equivalents,
        "tab_prev",
        "previous language",
        &["left", "backtab", "h"],
    ),
    (
        Action::TabPick,
        Context::Equivalents,
        "tab_pick",
        "a language by number: the n-th key shows the n-th",
        &["1", "2", "3", "4"],
    ),
    (
        Action::Check,
        Context::Lesson,
        "check",
        "check the goal now",
        &["c"],
    ),
    (
        Action::Hint,
        Context::Lesson,
        "hint",
        "reveal the next hint",
        &["h"],
    ),
    (
        Action::Solution,
        Context::Lesson,
        "solution",
        "show the solution (the lesson then counts as completed, not solved)",
        &["s"],
    ),
    (
        Action::AnotherLesson,
        Context::Lesson,
        "another_lesson",
        "choose another lesson",
        &["n"],
    ),
    (
        Action::LeaveLesson,
        Context::Lesson,
        "leave_lesson",
        "leave the lesson (the session stays)",
        &["x"],
    ),
    (
        Action::MappingDebugger,
        Context::Tree,
        "mapping",
        "mapping debugger: a device message through the selected MedTech service's mappings",
        &["m"],
    ),
    (
        Action::MappingFocus,
        Context::Mapping,
        "mapping_focus",
        "next part: message, device mapping, FHIR mapping, report (esc in a part: back to the report)",
        &["tab"],
    ),
    (
        Action::MappingSample,
        Context::Mapping,
        "mapping_sample",
        "the next built-in device message",
        &["n"],
    ),
    (
        Action::MappingRun,
        Context::Mapping,
        "mapping_run",
        "run the message through the mappings again (enter in a part does too)",
        &["r"],
    ),
    (
        Action::MappingDeploy,
        Context::Mapping,
        "mapping_deploy",
        "save the edited mappings: runs the az lines, shown in the console",
        &["d"],
    ),
];

impl Action {
    /// Every action, in help-screen order.
    pub fn all() -> impl Iterator<Item = Action> {
        TABLE.iter().map(|e| e.0)
    }

    fn entry(self) -> &'static Entry {
        // Every action has exactly one row (a test checks it), so the fallback is never used.
        TABLE.iter().find(|e| e.0 == self).unwrap_or(&TABLE[0])
    }

    /// The component that reads it.
    pub fn context(self) -> Context {
        self.entry().1
    }

    /// The name used in the TOML override file.
    pub fn name(self) -> &'static str {
        self.entry().2
    }

    /// What the action does, for the help screen.
    pub fn description(self) -> &'static str {
        self.entry().3
    }

    fn from_name(name: &str) -> Option<Action> {
        TABLE.iter().find(|e| e.2 == name).map(|e| e.0)
    }
}

/// One key: a code plus Ctrl/Alt. Shift is folded into the character (`K`, `?`, `+`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCodeOrd,
    /// Ctrl held.
    pub ctrl: bool,
    /// Alt held.
    pub alt: bool,
}

/// The subset of [`KeyCode`] that can be bound, ordered (for the deterministic table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyCodeOrd {
    /// A printable character.
    Char(char),
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Enter.
    Enter,
    /// Escape.
    Esc,
    /// Tab.
    Tab,
    /// Shift-Tab.
    BackTab,
    /// Backspace.
    Backspace,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// Home.
    Home,
    /// End.
    End,
    /// Delete.
    Delete,
    /// F1…F12.
    F(u8),
}

impl Key {
    /// The bindable key of a crossterm event, if it has one.
    pub fn from_event(ev: &KeyEvent) -> Option<Key> {
        let code = match ev.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => KeyCodeOrd::BackTab,
            KeyCode::Backspace => KeyCodeOrd::Backspace,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            KeyCode::Delete => KeyCodeOrd::Delete,
            KeyCode::F(n) => KeyCodeOrd::F(n),
            _ => return None,
        };
        Some(Key {
            code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
            alt: ev.modifiers.contains(KeyModifiers::ALT),
        })
    }

    /// Parses `q`, `ctrl-r`, `alt-x`, `up`, `enter`, `space`, `pgdn`, `f1` …
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower.strip_prefix("ctrl-").or(lower.strip_prefix("c-")) {
                ctrl = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("alt-").or(lower.strip_prefix("m-")) {
                alt = true;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "up" => KeyCodeOrd::Up,
            "down" => KeyCodeOrd::Down,
            "left" => KeyCodeOrd::Left,
            "right" => KeyCodeOrd::Right,
            "enter" | "return" => KeyCodeOrd::Enter,
            "esc" | "escape" => KeyCodeOrd::Esc,
            "tab" => KeyCodeOrd::Tab,
            "backtab" | "shift-tab" => KeyCodeOrd::BackTab,
            "backspace" => KeyCodeOrd::Backspace,
            "pgup" | "pageup" => KeyCodeOrd::PageUp,
            "pgdn" | "pagedown" => KeyCodeOrd::PageDown,
            "home" => KeyCodeOrd::Home,
            "end" => KeyCodeOrd::End,
            "delete" | "del" => KeyCodeOrd::Delete,
            "space" => KeyCodeOrd::Char(' '),
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCodeOrd::F(f[1..].parse().unwrap_or(1))
            }
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => {
                        KeyCodeOrd::Char(if ctrl { c.to_ascii_lowercase() } else { c })
                    }
                    _ => {
                        return Err(format!(
                            "'{text}' is not a key (try q, ctrl-r, up, enter, space, f1)"
                        ));
                    }
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCodeOrd::Char(' ') => f.write_str("Space"),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::Up => f.write_str("↑"),
            KeyCodeOrd::Down => f.write_str("↓"),
            KeyCodeOrd::Left => f.write_str("←"),
            KeyCodeOrd::Right => f.write_str("→"),
            KeyCodeOrd::Enter => f.write_str("Enter"),
            KeyCodeOrd::Esc => f.write_str("Esc"),
            KeyCodeOrd::Tab => f.write_str("Tab"),
            KeyCodeOrd::BackTab => f.write_str("Shift-Tab"),
            KeyCodeOrd::Backspace => f.write_str("Backspace"),
            KeyCodeOrd::PageUp => f.write_str("PgUp"),
            KeyCodeOrd::PageDown => f.write_str("PgDn"),
            KeyCodeOrd::Home => f.write_str("Home"),
            KeyCodeOrd::End => f.write_str("End"),
            KeyCodeOrd::Delete => f.write_str("Del"),
            KeyCodeOrd::F(n) => write!(f, "F{n}"),
        }
    }
}

/// The key table: which key does what, in each context.
#[derive(Clone, Debug)]
pub struct KeyMap {
    by_key: BTreeMap<(Context, Key), Action>,
    by_action: BTreeMap<Action, Vec<Key>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideFile {
    #[serde(default)]
    keys: BTreeMap<String, Vec<String>>,
}

impl Default for KeyMap {
    fn default() -> KeyMap {
        let mut map = KeyMap {
            by_key: BTreeMap::new(),
            by_action: BTreeMap::new(),
        };
        for (action, _, _, _, keys) in TABLE {
            let keys: Vec<Key> = keys.iter().filter_map(|k| Key::parse(k).ok()).collect();
            map.bind(*action, keys);
        }
        map
    }
}

impl KeyMap {
    /// Replaces the keys of `action`; a key taken from another action of the same context
    /// leaves that one.
    fn bind(&mut self, action: Action, keys: Vec<Key>) {
        let ctx = action.context();
        if let Some(old) = self.by_action.remove(&action) {
            for k in old {
                self.by_key.remove(&(ctx, k));
            }
        }
        for k in &keys {
            if let Some(prev) = self.by_key.insert((ctx, *k), action)
                && prev != action
                && let Some(list) = self.by_action.get_mut(&prev)
            {
                list.retain(|x| x != k);
            }
        }
        self.by_action.insert(action, keys);
    }

    /// The defaults with the overrides of a TOML text applied. Errors name the bad entry.
    pub fn with_overrides(text: &str) -> Result<KeyMap, String> {
        let file: OverrideFile = toml::from_str(text).map_err(|e| format!("key bindings: {e}"))?;
        let mut map = KeyMap::default();
        for (name, keys) in file.keys {
            let action = Action::from_name(&name).ok_or_else(|| {
                let names: Vec<&str> = Action::all().map(Action::name).collect();
                format!(
                    "key bindings: '{name}' is not an action (actions: {})",
                    names.join(", ")
                )
            })?;
            let keys = keys
                .iter()
                .map(|k| Key::parse(k))
                .collect::<Result<Vec<Key>, String>>()
                .map_err(|e| format!("key bindings: {name}: {e}"))?;
            map.bind(action, keys);
        }
        Ok(map)
    }

    /// The default map with the user's override file, if any (`$HCSIM_KEYS`, else
    /// `~/.config/hcsim/keys.toml`). A broken file gives the defaults and the error to show.
    pub fn load_user() -> (KeyMap, Option<String>) {
        let path = match std::env::var_os("HCSIM_KEYS") {
            Some(p) => std::path::PathBuf::from(p),
            None => match std::env::var_os("HOME") {
                Some(h) => std::path::PathBuf::from(h).join(".config/hcsim/keys.toml"),
                None => return (KeyMap::default(), None),
            },
        };
        if std::fs::symlink_metadata(&path).is_err() {
            return (KeyMap::default(), None);
        }
        // A key file is a few lines; bounded like every file hcsim reads.
        match crate::files::read_bounded(&path, 1024 * 1024) {
            Ok(text) => match KeyMap::with_overrides(&text) {
                Ok(m) => (m, None),
                Err(e) => (
                    KeyMap::default(),
                    Some(format!("{}: {e}; using the default keys", path.display())),
                ),
            },
            Err(e) => (
                KeyMap::default(),
                Some(format!("{e}; using the default keys")),
            ),
        }
    }

    /// The tree's action bound to a key event, if any.
    pub fn action(&self, ev: &KeyEvent) -> Option<Action> {
        self.action_in(Context::Tree, ev)
    }

    /// The action of `ctx` bound to a key event, if any.
    pub fn action_in(&self, ctx: Context, ev: &KeyEvent) -> Option<Action> {
        self.lookup(ctx, ev).map(|(a, _)| a)
    }

    /// The action of `ctx` bound to a key event and which of its keys it is (0 for the
    /// first): `menu_pick`'s n-th key picks the n-th item.
    pub fn lookup(&self, ctx: Context, ev: &KeyEvent) -> Option<(Action, usize)> {
        let key = Key::from_event(ev)?;
        let found = self
            .by_key
            .get(&(ctx, key))
            .map(|a| (*a, key))
            .or_else(|| {
                // Terminals differ on whether Shift is reported with a capital or `?`.
                let mut k = key;
                if let KeyCodeOrd::Char(c) = k.code
                    && ev.modifiers.contains(KeyModifiers::SHIFT)
                {
                    k.code = KeyCodeOrd::Char(c.to_ascii_uppercase());
                    return self.by_key.get(&(ctx, k)).map(|a| (*a, k));
                }
                None
            })?;
        let index = self
            .by_action
            .get(&found.0)
            .and_then(|ks| ks.iter().position(|k| *k == found.1))
            .unwrap_or(0);
        Some((found.0, index))
    }

    /// The keys of an action, for display (`↑ k`).
    pub fn keys_of(&self, action: Action) -> String {
        self.by_action
            .get(&action)
            .map(|ks| {
                ks.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    }

    /// The first key of an action, for hints (`?`).
    pub fn first_key(&self, action: Action) -> String {
        self.by_action
            .get(&action)
            .and_then(|ks| ks.first())
            .map(ToString::to_string)
            .unwrap_or_else(|| "—".into())
    }

    /// The help table: (keys, action name, description), one row per action of `ctx`.
    pub fn help_rows(&self, ctx: Context) -> Vec<(String, &'static str, &'static str)> {
        Action::all()
            .filter(|a| a.context() == ctx)
            .map(|a| (self.keys_of(a), a.name(), a.description()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn defaults_cover_every_action() {
        let m = KeyMap::default();
        for a in Action::all() {
            assert!(!m.keys_of(a).is_empty(), "{a:?} has no key");
            assert_eq!(TABLE.iter().filter(|e| e.0 == a).count(), 1, "{a:?}");
            assert_eq!(Action::from_name(a.name()), Some(a));
        }
        assert_eq!(
            m.action(&ev(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            Some(Action::Redo)
        );
        assert_eq!(
            m.action(&ev(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            m.action(&ev(KeyCode::Char(' '), KeyModifiers::NONE)),
            Some(Action::RunPause)
        );
    }

    #[test]
    fn overrides_rebind_and_steal_keys() {
        let m = KeyMap::with_overrides("[keys]\nquit = [\"x\"]\nundo = [\"q\"]\n").unwrap();
        assert_eq!(
            m.action(&ev(KeyCode::Char('x'), KeyModifiers::NONE)),
            Some(Action::Quit)
        );
        assert_eq!(
            m.action(&ev(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Action::Undo)
        );
        assert!(
            m.action(&ev(KeyCode::Char('u'), KeyModifiers::NONE))
                .is_none()
        );
    }

    #[test]
    fn bad_overrides_name_the_problem() {
        let e = KeyMap::with_overrides("[keys]\nfly = [\"x\"]").unwrap_err();
        assert!(e.contains("'fly' is not an action"), "{e}");
        let e = KeyMap::with_overrides("[keys]\nquit = [\"ctrl-banana\"]").unwrap_err();
        assert!(e.contains("quit"), "{e}");
        assert!(KeyMap::with_overrides("not toml [").is_err());
    }

    #[test]
    fn contexts_keep_their_own_keys() {
        let m = KeyMap::default();
        let one = ev(KeyCode::Char('3'), KeyModifiers::NONE);
        assert_eq!(m.lookup(Context::Menu, &one), Some((Action::MenuPick, 2)));
        assert_eq!(m.action_in(Context::Tree, &one), None);
        let h = ev(KeyCode::Char('h'), KeyModifiers::NONE);
        assert_eq!(m.action_in(Context::Lesson, &h), Some(Action::Hint));
        assert_eq!(m.action_in(Context::Tree, &h), Some(Action::Left));
        // Rebinding in one context leaves the others alone.
        let m = KeyMap::with_overrides("[keys]\nhint = [\"?\"]\n").unwrap();
        assert_eq!(m.action_in(Context::Lesson, &h), None);
        assert_eq!(m.action_in(Context::Tree, &h), Some(Action::Left));
        let back = ev(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(m.action_in(Context::Form, &back), Some(Action::PrevField));
    }
}
