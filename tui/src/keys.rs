//! Key bindings as data (the gitui/yazi model): one table maps keys to [`Action`]s, each with a
//! description. The `?` help screen is generated from the same table, so it can never drift
//! from what the keys do, and a TOML file can rebind any action by name.
//!
//! Override file (`$HCSIM_KEYS`, else `~/.config/hcsim/keys.toml`):
//! ```toml
//! [keys]
//! quit = ["q", "ctrl-c"]
//! down = ["j", "down", "ctrl-n"]
//! ```

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

/// Everything a key can do in the normal (tree) mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Move the selection up one row.
    Up,
    /// Move the selection down one row.
    Down,
    /// Collapse the selected node, or go to its parent.
    Left,
    /// Expand the selected node, or go to its first child.
    Right,
    /// Expand or collapse the selected node.
    Toggle,
    /// A page up in the tree.
    PageUp,
    /// A page down in the tree.
    PageDown,
    /// First row.
    Home,
    /// Last row.
    End,
    /// Scroll the details pane down.
    DetailsDown,
    /// Scroll the details pane up.
    DetailsUp,
    /// Open the `:` command line.
    Command,
    /// Filter the tree by name.
    Filter,
    /// The help screen.
    Help,
    /// Create a child of the selection.
    Create,
    /// Delete the selection (asks first).
    Delete,
    /// The fault menu.
    Fault,
    /// Probe the selected service.
    Probe,
    /// Run or pause virtual time.
    RunPause,
    /// Faster virtual time.
    Faster,
    /// Slower virtual time.
    Slower,
    /// Advance to the next scheduled completion.
    NextEvent,
    /// Undo the last change.
    Undo,
    /// Redo.
    Redo,
    /// The timeline (jump to any step).
    Timeline,
    /// Lessons.
    Lessons,
    /// What-if and deploy of a template file.
    WhatIf,
    /// Equivalents of the last command.
    Equivalents,
    /// Save the session to a file.
    Save,
    /// Quit (asks if there is unsaved work).
    Quit,
}

impl Action {
    /// Every action, in help-screen order.
    pub const ALL: &'static [Action] = &[
        Action::Up,
        Action::Down,
        Action::Left,
        Action::Right,
        Action::Toggle,
        Action::PageUp,
        Action::PageDown,
        Action::Home,
        Action::End,
        Action::DetailsDown,
        Action::DetailsUp,
        Action::Command,
        Action::Filter,
        Action::Help,
        Action::Create,
        Action::Delete,
        Action::Fault,
        Action::Probe,
        Action::RunPause,
        Action::Faster,
        Action::Slower,
        Action::NextEvent,
        Action::Undo,
        Action::Redo,
        Action::Timeline,
        Action::Lessons,
        Action::WhatIf,
        Action::Equivalents,
        Action::Save,
        Action::Quit,
    ];

    /// The name used in the TOML override file.
    pub fn name(self) -> &'static str {
        match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::Left => "left",
            Action::Right => "right",
            Action::Toggle => "toggle",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Home => "home",
            Action::End => "end",
            Action::DetailsDown => "details_down",
            Action::DetailsUp => "details_up",
            Action::Command => "command",
            Action::Filter => "filter",
            Action::Help => "help",
            Action::Create => "create",
            Action::Delete => "delete",
            Action::Fault => "fault",
            Action::Probe => "probe",
            Action::RunPause => "run_pause",
            Action::Faster => "faster",
            Action::Slower => "slower",
            Action::NextEvent => "next_event",
            Action::Undo => "undo",
            Action::Redo => "redo",
            Action::Timeline => "timeline",
            Action::Lessons => "lessons",
            Action::WhatIf => "what_if",
            Action::Equivalents => "equivalents",
            Action::Save => "save",
            Action::Quit => "quit",
        }
    }

    /// What the action does, for the help screen.
    pub fn description(self) -> &'static str {
        match self {
            Action::Up => "move up",
            Action::Down => "move down",
            Action::Left => "collapse, or go to the parent",
            Action::Right => "expand, or go to the first child",
            Action::Toggle => "open / collapse the selected node",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::Home => "first row",
            Action::End => "last row",
            Action::DetailsDown => "scroll the details down",
            Action::DetailsUp => "scroll the details up",
            Action::Command => "command line: any az … or sim … line (Tab completes, ↑/↓ history)",
            Action::Filter => "filter the tree by name",
            Action::Help => "this help",
            Action::Create => "create a child of the selection (a small form)",
            Action::Delete => "delete the selection (asks first)",
            Action::Fault => "fault menu: inject a fault on the selection or its region",
            Action::Probe => "probe the selected FHIR/DICOM service (public or private)",
            Action::RunPause => "run / pause virtual time",
            Action::Faster => "faster virtual time",
            Action::Slower => "slower virtual time",
            Action::NextEvent => "jump to the next scheduled completion",
            Action::Undo => "undo the last change",
            Action::Redo => "redo",
            Action::Timeline => "timeline: jump to any step",
            Action::Lessons => "lessons: goal, hints, check, solution",
            Action::WhatIf => "what-if, then deploy, a template file",
            Action::Equivalents => "PowerShell / Terraform / Bicep / ARM of the last command",
            Action::Save => "save the session to a file",
            Action::Quit => "quit (asks if there is unsaved work)",
        }
    }

    fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
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

/// The default bindings: (action, keys).
const DEFAULTS: &[(Action, &[&str])] = &[
    (Action::Up, &["up", "k"]),
    (Action::Down, &["down", "j"]),
    (Action::Left, &["left", "h"]),
    (Action::Right, &["right", "l"]),
    (Action::Toggle, &["enter"]),
    (Action::PageUp, &["pgup"]),
    (Action::PageDown, &["pgdn"]),
    (Action::Home, &["home", "g"]),
    (Action::End, &["end", "G"]),
    (Action::DetailsDown, &["J", "ctrl-d"]),
    (Action::DetailsUp, &["K", "ctrl-u"]),
    (Action::Command, &[":"]),
    (Action::Filter, &["/"]),
    (Action::Help, &["?", "f1"]),
    (Action::Create, &["c"]),
    (Action::Delete, &["d"]),
    (Action::Fault, &["f"]),
    (Action::Probe, &["p"]),
    (Action::RunPause, &["space"]),
    (Action::Faster, &["+", "="]),
    (Action::Slower, &["-"]),
    (Action::NextEvent, &["."]),
    (Action::Undo, &["u"]),
    (Action::Redo, &["ctrl-r"]),
    (Action::Timeline, &["t"]),
    (Action::Lessons, &["L"]),
    (Action::WhatIf, &["w"]),
    (Action::Equivalents, &["e"]),
    (Action::Save, &["s"]),
    (Action::Quit, &["q", "ctrl-c"]),
];

/// The key table: which key does what.
#[derive(Clone, Debug)]
pub struct KeyMap {
    by_key: BTreeMap<Key, Action>,
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
        for (action, keys) in DEFAULTS {
            let keys: Vec<Key> = keys.iter().filter_map(|k| Key::parse(k).ok()).collect();
            map.bind(*action, keys);
        }
        map
    }
}

impl KeyMap {
    /// Replaces the keys of `action`; a key taken from another action leaves that one.
    fn bind(&mut self, action: Action, keys: Vec<Key>) {
        if let Some(old) = self.by_action.remove(&action) {
            for k in old {
                self.by_key.remove(&k);
            }
        }
        for k in &keys {
            if let Some(prev) = self.by_key.insert(*k, action)
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
                let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
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
        match std::fs::read_to_string(&path) {
            Ok(text) => match KeyMap::with_overrides(&text) {
                Ok(m) => (m, None),
                Err(e) => (
                    KeyMap::default(),
                    Some(format!("{}: {e}; using the default keys", path.display())),
                ),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (KeyMap::default(), None),
            Err(e) => (
                KeyMap::default(),
                Some(format!("{}: {e}; using the default keys", path.display())),
            ),
        }
    }

    /// The action bound to a key event, if any.
    pub fn action(&self, ev: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(ev)?;
        self.by_key.get(&key).copied().or_else(|| {
            // Terminals differ on whether Shift is reported with a capital or `?`.
            let mut k = key;
            if let KeyCodeOrd::Char(c) = k.code
                && ev.modifiers.contains(KeyModifiers::SHIFT)
            {
                k.code = KeyCodeOrd::Char(c.to_ascii_uppercase());
                return self.by_key.get(&k).copied();
            }
            None
        })
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

    /// The help table: (keys, action name, description), one row per action.
    pub fn help_rows(&self) -> Vec<(String, &'static str, &'static str)> {
        Action::ALL
            .iter()
            .map(|a| (self.keys_of(*a), a.name(), a.description()))
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
        for a in Action::ALL {
            assert!(!m.keys_of(*a).is_empty(), "{a:?} has no key");
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
}
