//! The interactive simulator's state and its input handling. Drawing lives in [`crate::ui`]
//! (`impl Widget for &App`); this module only changes state, always through the [`Lab`] (so
//! every change is a step of the session's history, undoable and saved).
//!
//! Calling order (demo2's synchronous loop): [`App::handle_event`] for each terminal event,
//! [`App::tick`] with the real time elapsed (drives virtual time only while running), draw,
//! repeat until [`App::quit`].

pub mod actions;
pub mod modal;
pub mod tree;

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::time::Duration;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use hcsim_core::store::NodeId;
use hcsim_core::{EventKind, Input, Millis, ResKind};
use hcsim_lab::equivalents::Equivalents;
use hcsim_lab::{Lab, Outcome};
use ratatui::layout::Rect;

use crate::keys::{Action, KeyMap};
use crate::scenarios::{self, Scenario};
use crate::theme::Theme;
use modal::{LineEdit, Menu, MenuAction, Modal, Pending, PromptFor};
use tree::TreeIndex;

/// Virtual seconds per real second while time runs.
pub const SPEEDS: &[u64] = &[1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/// The label of the history step that collects the running clock's advances.
const CLOCK_LABEL: &str = "sim advance (clock running)";

/// Which line is being edited at the bottom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// `:` command line.
    Command,
    /// `/` tree filter.
    Filter,
}

/// A lesson in progress.
#[derive(Clone, Debug)]
pub struct Lesson {
    /// Built-in name.
    pub name: String,
    /// The lesson.
    pub scenario: Scenario,
    /// Hints revealed so far.
    pub hints_shown: usize,
    /// The solution was revealed (the lesson then counts as completed, not solved).
    pub solution_shown: bool,
    /// The last goal check.
    pub goal: scenarios::GoalView,
}

/// Screen areas of the last frame, for mouse hits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    /// The tree pane's inner area.
    pub tree: Rect,
}

/// The interactive simulator.
pub struct App {
    /// The session.
    pub lab: Lab,
    /// Key bindings.
    pub keys: KeyMap,
    /// Colours.
    pub theme: Theme,
    /// Rows of the tree.
    pub(crate) index: TreeIndex,
    /// Selected row.
    pub(crate) selected: usize,
    /// First visible row (updated while drawing, which knows the height).
    pub(crate) tree_offset: Cell<usize>,
    /// Details pane scroll.
    pub(crate) details_scroll: u16,
    /// Collapsed nodes, by lower-cased id (stable across undo, unlike node ids).
    pub(crate) collapsed: BTreeSet<String>,
    /// Tree filter.
    pub(crate) filter: String,
    /// The line being edited (`:` or `/`).
    pub(crate) line: Option<(LineKind, LineEdit)>,
    /// The modal on top, if any.
    pub(crate) modal: Option<Modal>,
    /// Command history (oldest first) and the position while browsing it.
    pub(crate) history: Vec<String>,
    pub(crate) history_pos: Option<usize>,
    /// Completion candidates of the last Tab.
    pub(crate) candidates: Vec<String>,
    /// The last command's outcome (the output pane).
    pub(crate) last: Option<Outcome>,
    /// Equivalents of the last command that had some.
    pub(crate) last_equivalents: Option<Equivalents>,
    /// One-line message at the bottom, and whether it is an error.
    pub(crate) message: Option<(String, bool)>,
    /// Virtual time runs.
    pub(crate) running: bool,
    /// Index into [`SPEEDS`].
    pub(crate) speed: usize,
    /// Virtual microseconds not yet applied (sub-millisecond carry).
    carry_us: u128,
    /// An Advance step is open in the session (closed before the next command).
    clock_open: bool,
    /// Bumped on every change of the world; caches key on it.
    pub(crate) generation: u64,
    /// Last event sequence number looked at (for structural changes while time runs).
    seen_seq: Option<u64>,
    /// The session text as last saved or loaded (unsaved work = differs).
    saved: Option<String>,
    /// (steps, cursor) when last saved, for the cheap per-frame "unsaved" mark.
    saved_mark: Option<(usize, usize)>,
    /// Where relative file paths in commands resolve.
    file_base: std::path::PathBuf,
    /// The lesson in progress.
    pub(crate) lesson: Option<Lesson>,
    /// Set when the app should end.
    pub quit: bool,
    /// Areas of the last frame.
    pub(crate) areas: Cell<Areas>,
    /// Details lines cache: (generation, node, lines).
    pub(crate) details_cache: RefCell<Option<(u64, NodeId, Vec<ratatui::text::Line<'static>>)>>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("rows", &self.index.rows.len())
            .field("selected", &self.selected)
            .finish()
    }
}

impl App {
    /// An app on `lab`.
    pub fn new(lab: Lab, keys: KeyMap, theme: Theme) -> App {
        let mut app = App {
            lab,
            keys,
            theme,
            index: TreeIndex::default(),
            selected: 0,
            tree_offset: Cell::new(0),
            details_scroll: 0,
            collapsed: BTreeSet::new(),
            filter: String::new(),
            line: None,
            modal: None,
            history: Vec::new(),
            history_pos: None,
            candidates: Vec::new(),
            last: None,
            last_equivalents: None,
            message: None,
            running: false,
            speed: 0,
            carry_us: 0,
            clock_open: false,
            generation: 0,
            seen_seq: None,
            saved: None,
            saved_mark: None,
            file_base: ".".into(),
            lesson: None,
            quit: false,
            areas: Cell::new(Areas::default()),
            details_cache: RefCell::new(None),
        };
        app.rebuild();
        app
    }

    /// Marks the current session as saved (e.g. just loaded from a file).
    pub fn mark_saved(&mut self) {
        self.saved = Some(self.lab.save());
        let s = self.lab.session();
        self.saved_mark = Some((s.steps().len(), s.cursor()));
    }

    /// Resolves relative paths in commands (`--template-file`, `@file`) against `base`.
    pub fn set_file_base(&mut self, base: std::path::PathBuf) {
        self.lab
            .set_file_loader(Box::new(crate::file_loader(base.clone())));
        self.file_base = base;
    }

    /// A cheap guess of [`App::unsaved`] for every frame (no serialization).
    pub fn unsaved_hint(&self) -> bool {
        let s = self.lab.session();
        if self.clock_open {
            return true;
        }
        match self.saved_mark {
            Some(mark) => mark != (s.steps().len(), s.cursor()),
            None => !s.steps().is_empty(),
        }
    }

    /// Shows a one-line message.
    pub fn say(&mut self, text: impl Into<String>, error: bool) {
        self.message = Some((text.into(), error));
    }

    /// The rows of the tree.
    pub fn rows(&self) -> &[tree::Row] {
        &self.index.rows
    }

    /// The selected node, if any.
    pub fn selected_node(&self) -> Option<NodeId> {
        self.index.rows.get(self.selected).map(|r| r.node)
    }

    /// The selected resource, if any.
    pub fn selected_resource(&self) -> Option<&hcsim_core::Resource> {
        self.selected_node()
            .and_then(|n| self.lab.world().store().res(n))
    }

    /// The last outcome.
    pub fn last_outcome(&self) -> Option<&Outcome> {
        self.last.as_ref()
    }

    /// The modal on top, if any.
    pub fn modal(&self) -> Option<&Modal> {
        self.modal.as_ref()
    }

    /// Virtual time is running.
    pub fn is_running(&self) -> bool {
        self.running
    }

    /// Virtual seconds per real second.
    pub fn speed(&self) -> u64 {
        SPEEDS[self.speed.min(SPEEDS.len() - 1)]
    }

    /// True if the session has changes not saved to a file.
    pub fn unsaved(&self) -> bool {
        let s = self.lab.session();
        if s.steps().is_empty() && !self.clock_open {
            return false;
        }
        match &self.saved {
            Some(text) => *text != self.lab.save(),
            None => true,
        }
    }

    // ----- world changes ------------------------------------------------------------------

    /// Re-reads the world after the lab was replaced or changed from outside.
    pub fn refresh(&mut self) {
        self.clock_open = false;
        self.rebuild();
    }

    /// Rebuilds the tree index, keeping the selection on the same resource when it still
    /// exists (by id: node ids are reused after deletions and replays).
    pub(crate) fn rebuild(&mut self) {
        let keep = self.selected_resource().map(|r| r.id.clone());
        self.index = TreeIndex::build(self.lab.world(), &self.collapsed, &self.filter);
        if let Some(id) = keep
            && let Some(n) = self.lab.world().find_node(&id)
            && let Some(pos) = self.index.position(n)
        {
            self.selected = pos;
        }
        self.selected = self.selected.min(self.index.rows.len().saturating_sub(1));
        self.seen_seq = self.lab.world().events().last().map(|e| e.seq);
        self.generation += 1;
    }

    /// After time moved without a command: rebuild only if resources came or went.
    fn after_time(&mut self) {
        self.generation += 1;
        let since = self.seen_seq.map(|s| s + 1).unwrap_or(0);
        let structural = self.lab.world().events_since(since).iter().any(|e| {
            matches!(
                e.kind,
                EventKind::ResourceCreated { .. }
                    | EventKind::ResourceDeleted { .. }
                    | EventKind::CascadeDeleted { .. }
            )
        });
        if structural {
            self.rebuild();
        } else {
            self.seen_seq = self.lab.world().events().last().map(|e| e.seq);
        }
    }

    /// Closes the running clock's history step so the next command is a step of its own.
    fn close_clock(&mut self) {
        if self.clock_open {
            self.lab.commit();
            self.clock_open = false;
        }
    }

    /// Runs one command line through the lab and shows its outcome; a failure that names a
    /// rule pops up with the rule explained.
    pub fn run_line(&mut self, line: &str) -> Outcome {
        self.close_clock();
        let out = self.lab.run(line);
        if out.equivalents.is_some() {
            self.last_equivalents = out.equivalents.clone();
        }
        self.rebuild();
        // Follow what the line created, so the trainee sees it (and its state) at once.
        if out.ok
            && let Some(id) = out.events.iter().rev().find_map(|e| match &e.kind {
                EventKind::ResourceCreated { id, .. } => Some(id.clone()),
                _ => None,
            })
            && let Some(n) = self.lab.world().find_node(&id)
            && let Some(pos) = self.index.position(n)
        {
            self.select(pos);
        }
        if !out.ok {
            // The error alone: a `;` line's earlier outputs belong in the output pane.
            let error = out.error.clone().unwrap_or_else(|| out.output.clone());
            let mut text = error.clone();
            if let Some(exp) = &out.explanation {
                text.push_str("\n\n");
                text.push_str(exp);
            }
            let title = match (&out.code, &out.rule) {
                (Some(c), Some(r)) => format!("✗ {c} — rule {r}"),
                (Some(c), None) => format!("✗ {c}"),
                _ => "✗ failed".into(),
            };
            if out.explanation.is_some() || out.rule.is_some() {
                self.modal = Some(Modal::Message {
                    title,
                    text,
                    error: true,
                    scroll: 0,
                    follow_up: None,
                });
            }
            self.say(
                format!("✗ {}", error.lines().next().unwrap_or("the command failed")),
                true,
            );
        } else {
            let status = out.status.map(|s| format!(" ({s})")).unwrap_or_default();
            let first = out.output.lines().next().unwrap_or("").to_string();
            let warn = out.status.is_some_and(|s| s >= 400);
            self.say(
                format!(
                    "{} {}{status}",
                    if warn { "⚠" } else { "✓" },
                    short(&out.input, 60)
                ) + if first.is_empty() || first.starts_with('{') || first.starts_with('[') {
                    String::new()
                } else {
                    format!(": {}", short(&first, 60))
                }
                .as_str(),
                warn,
            );
        }
        if let Some(l) = &mut self.lesson {
            l.goal = scenarios::check(&l.scenario, self.lab.world(), l.solution_shown);
        }
        self.last = Some(out.clone());
        out
    }

    /// Moves virtual time by `ms` as part of the running clock's step.
    pub fn advance(&mut self, ms: u64) {
        if ms == 0 {
            return;
        }
        self.lab
            .apply(CLOCK_LABEL, Input::Advance { by: Millis(ms) });
        self.clock_open = true;
        self.after_time();
    }

    /// Called every loop turn with the real time elapsed; moves virtual time by speed ×
    /// elapsed while running. Real time drives only this; the simulation stays a function of
    /// its inputs (the advances are recorded like any other input).
    pub fn tick(&mut self, elapsed: Duration) {
        if !self.running || self.modal.is_some() {
            return;
        }
        let us = elapsed.as_micros() * self.speed() as u128 + self.carry_us;
        self.carry_us = us % 1000;
        let ms = (us / 1000).min(u64::MAX as u128) as u64;
        self.advance(ms);
    }

    /// The time of the next scheduled completion (an operation or a fault's healing).
    pub fn next_due(&self) -> Option<hcsim_core::SimTime> {
        self.lab.world().next_due()
    }

    // ----- events -------------------------------------------------------------------------

    /// Handles one terminal event.
    pub fn handle_event(&mut self, ev: Event) {
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => self.handle_key(k),
            Event::Mouse(m) => self.handle_mouse(m),
            Event::Paste(text) => {
                if let Some((_, edit)) = &mut self.line {
                    for c in text.chars().filter(|c| !c.is_control()) {
                        edit.insert(c);
                    }
                }
            }
            // Resize: the next draw lays out for the new size.
            _ => {}
        }
    }

    fn handle_mouse(&mut self, m: MouseEvent) {
        if self.modal.is_some() {
            return;
        }
        let tree = self.areas.get().tree;
        let inside = m.column >= tree.x
            && m.column < tree.x + tree.width
            && m.row >= tree.y
            && m.row < tree.y + tree.height;
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) if inside => {
                let row = self.tree_offset.get() + (m.row - tree.y) as usize;
                if row < self.index.rows.len() {
                    if row == self.selected {
                        self.toggle();
                    }
                    self.select(row);
                }
            }
            MouseEventKind::ScrollDown if inside => self.select(self.selected + 3),
            MouseEventKind::ScrollUp if inside => self.select(self.selected.saturating_sub(3)),
            _ => {}
        }
    }

    /// Handles one key press.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if self.modal.is_some() {
            self.modal_key(key);
            return;
        }
        if self.line.is_some() {
            self.line_key(key);
            return;
        }
        let Some(action) = self.keys.action(&key) else {
            if key.code == KeyCode::Esc {
                self.message = None;
                if !self.filter.is_empty() {
                    self.filter.clear();
                    self.rebuild();
                }
            }
            return;
        };
        self.act(action);
    }

    fn select(&mut self, row: usize) {
        let max = self.index.rows.len().saturating_sub(1);
        let row = row.min(max);
        if row != self.selected {
            self.details_scroll = 0;
        }
        self.selected = row;
    }

    fn toggle(&mut self) {
        let Some(row) = self.index.rows.get(self.selected).copied() else {
            return;
        };
        if !row.has_children || !self.filter.is_empty() {
            return;
        }
        let Some(id) = self
            .lab
            .world()
            .store()
            .res(row.node)
            .map(|r| r.id.to_ascii_lowercase())
        else {
            return;
        };
        if !self.collapsed.remove(&id) {
            self.collapsed.insert(id);
        }
        self.rebuild();
    }

    /// Carries out an action of the key table.
    pub fn act(&mut self, action: Action) {
        let page = self.areas.get().tree.height.max(1) as usize;
        match action {
            Action::Up => self.select(self.selected.saturating_sub(1)),
            Action::Down => self.select(self.selected + 1),
            Action::PageUp => self.select(self.selected.saturating_sub(page)),
            Action::PageDown => self.select(self.selected + page),
            Action::Home => self.select(0),
            Action::End => self.select(usize::MAX),
            Action::Left => {
                if let Some(row) = self.index.rows.get(self.selected).copied() {
                    if row.expanded && self.filter.is_empty() {
                        self.toggle();
                    } else if let Some(parent) = self
                        .lab
                        .world()
                        .store()
                        .node(row.node)
                        .and_then(|n| n.parent)
                        && let Some(pos) = self.index.position(parent)
                    {
                        self.select(pos);
                    }
                }
            }
            Action::Right => {
                if let Some(row) = self.index.rows.get(self.selected).copied() {
                    if row.has_children && !row.expanded {
                        self.toggle();
                    } else if row.has_children {
                        self.select(self.selected + 1);
                    }
                }
            }
            Action::Toggle => self.toggle(),
            Action::DetailsDown => self.details_scroll = self.details_scroll.saturating_add(5),
            Action::DetailsUp => self.details_scroll = self.details_scroll.saturating_sub(5),
            Action::Command => {
                self.line = Some((LineKind::Command, LineEdit::default()));
                self.history_pos = None;
                self.candidates.clear();
            }
            Action::Filter => {
                self.line = Some((LineKind::Filter, LineEdit::with(&self.filter.clone())));
            }
            Action::Help => self.modal = Some(Modal::Help { scroll: 0 }),
            Action::Create => self.open_create(),
            Action::Delete => self.open_delete(),
            Action::Fault => self.open_fault_menu(),
            Action::Probe => self.open_probe_menu(),
            Action::RunPause => {
                self.running = !self.running;
                self.carry_us = 0;
                self.say(
                    if self.running {
                        format!("▶ virtual time runs at ×{}", self.speed())
                    } else {
                        "⏸ virtual time paused".into()
                    },
                    false,
                );
            }
            Action::Faster => {
                self.speed = (self.speed + 1).min(SPEEDS.len() - 1);
                self.say(format!("speed ×{}", self.speed()), false);
            }
            Action::Slower => {
                self.speed = self.speed.saturating_sub(1);
                self.say(format!("speed ×{}", self.speed()), false);
            }
            Action::NextEvent => match self.next_due() {
                Some(at) => {
                    let ms = (at - self.lab.world().now()).0.max(1);
                    self.run_line(&format!("sim advance {ms}ms"));
                    self.say(
                        format!("⏭ advanced to {at} (next scheduled completion)"),
                        false,
                    );
                }
                None => self.say(
                    "nothing is scheduled: no operation running, no fault to heal",
                    false,
                ),
            },
            Action::Undo => {
                self.close_clock();
                match self.lab.undo() {
                    Some(label) => self.say(format!("↶ undid: {}", short(&label, 70)), false),
                    None => self.say("nothing to undo", false),
                }
                self.rebuild();
            }
            Action::Redo => {
                self.close_clock();
                match self.lab.redo() {
                    Some(label) => self.say(format!("↷ redid: {}", short(&label, 70)), false),
                    None => self.say("nothing to redo", false),
                }
                self.rebuild();
            }
            Action::Timeline => self.open_timeline(),
            Action::Lessons => self.open_lessons(),
            Action::WhatIf => self.open_what_if(),
            Action::Equivalents => match &self.last_equivalents {
                Some(eq) => {
                    self.modal = Some(Modal::Equivalents {
                        eq: Box::new(eq.clone()),
                        tab: 0,
                        scroll: 0,
                    })
                }
                None => self.say(
                    "no equivalents yet: run a create, update or delete first",
                    false,
                ),
            },
            Action::Save => {
                self.modal = Some(Modal::Prompt {
                    title: "Save the session to (path)".into(),
                    edit: LineEdit::with("session.hcsim.json"),
                    purpose: PromptFor::Save,
                    context: String::new(),
                })
            }
            Action::Quit => {
                if self.unsaved() {
                    self.modal = Some(Modal::Confirm {
                        title: "Quit".into(),
                        text: "The session has unsaved work. Quit anyway? (y: quit, n: stay; s saves it first)".into(),
                        on_yes: Pending::Quit,
                    });
                } else {
                    self.quit = true;
                }
            }
        }
    }

    // ----- the bottom line ----------------------------------------------------------------

    fn line_key(&mut self, key: KeyEvent) {
        let Some((kind, mut edit)) = self.line.take() else {
            return;
        };
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => {
                if kind == LineKind::Filter {
                    self.filter.clear();
                    self.rebuild();
                }
                self.candidates.clear();
                return;
            }
            KeyCode::Enter => {
                self.candidates.clear();
                match kind {
                    LineKind::Command => {
                        let text = edit.text.trim().to_string();
                        if !text.is_empty() {
                            if self.history.last() != Some(&text) {
                                self.history.push(text.clone());
                                if self.history.len() > 1000 {
                                    self.history.remove(0);
                                }
                            }
                            self.run_line(&text);
                        }
                    }
                    LineKind::Filter => {
                        self.filter = edit.text.clone();
                        self.rebuild();
                        self.select(0);
                    }
                }
                return;
            }
            KeyCode::Char('c') if ctrl => return,
            KeyCode::Char('u') if ctrl => edit.set(""),
            KeyCode::Char(c) if !ctrl => edit.insert(c),
            KeyCode::Backspace => edit.backspace(),
            KeyCode::Delete => edit.delete(),
            KeyCode::Left => edit.left(),
            KeyCode::Right => edit.right(),
            KeyCode::Home => edit.cursor = 0,
            KeyCode::End => edit.cursor = edit.text.len(),
            KeyCode::Up if kind == LineKind::Command && !self.history.is_empty() => {
                let pos = match self.history_pos {
                    Some(p) => p.saturating_sub(1),
                    None => self.history.len() - 1,
                };
                self.history_pos = Some(pos);
                edit.set(&self.history[pos]);
            }
            KeyCode::Down if kind == LineKind::Command => match self.history_pos {
                Some(p) if p + 1 < self.history.len() => {
                    self.history_pos = Some(p + 1);
                    edit.set(&self.history[p + 1]);
                }
                _ => {
                    self.history_pos = None;
                    edit.set("");
                }
            },
            KeyCode::Tab if kind == LineKind::Command => self.complete(&mut edit),
            _ => {}
        }
        if kind == LineKind::Filter {
            // Live filtering: the walk is linear and cheap next to a key press.
            self.filter = edit.text.clone();
            self.rebuild();
            self.select(0);
        }
        self.line = Some((kind, edit));
    }

    fn complete(&mut self, edit: &mut LineEdit) {
        let prefix = &edit.text[..edit.cursor];
        let cands = self.lab.completions(prefix);
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

    // ----- modals -------------------------------------------------------------------------

    fn modal_key(&mut self, key: KeyEvent) {
        let Some(modal) = self.modal.take() else {
            return;
        };
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('c') {
            // Ctrl-C closes any modal; from the tree it quits.
            return;
        }
        match modal {
            Modal::Help { scroll } => match key.code {
                KeyCode::Down | KeyCode::Char('j') => {
                    self.modal = Some(Modal::Help {
                        scroll: scroll.saturating_add(1),
                    })
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    self.modal = Some(Modal::Help {
                        scroll: scroll.saturating_sub(1),
                    })
                }
                _ => {}
            },
            Modal::Confirm {
                title,
                text,
                on_yes,
            } => match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => self.do_pending(on_yes),
                KeyCode::Char('s') if on_yes == Pending::Quit => {
                    self.modal = Some(Modal::Prompt {
                        title: "Save the session to (path)".into(),
                        edit: LineEdit::with("session.hcsim.json"),
                        purpose: PromptFor::Save,
                        context: String::new(),
                    })
                }
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => {}
                _ => {
                    self.modal = Some(Modal::Confirm {
                        title,
                        text,
                        on_yes,
                    })
                }
            },
            Modal::Message {
                title,
                text,
                error,
                scroll,
                follow_up,
            } => match key.code {
                KeyCode::Down | KeyCode::Char('j') => {
                    self.modal = Some(Modal::Message {
                        title,
                        text,
                        error,
                        scroll: scroll.saturating_add(1),
                        follow_up,
                    })
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    self.modal = Some(Modal::Message {
                        title,
                        text,
                        error,
                        scroll: scroll.saturating_sub(1),
                        follow_up,
                    })
                }
                KeyCode::Char('y') if follow_up.is_some() => {
                    if let Some((_, p)) = follow_up {
                        self.do_pending(p);
                    }
                }
                _ => {}
            },
            Modal::Menu(mut menu) => match key.code {
                KeyCode::Down | KeyCode::Char('j') => {
                    menu.selected = (menu.selected + 1).min(menu.items.len().saturating_sub(1));
                    self.modal = Some(Modal::Menu(menu));
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    menu.selected = menu.selected.saturating_sub(1);
                    self.modal = Some(Modal::Menu(menu));
                }
                KeyCode::PageDown => {
                    menu.selected = (menu.selected + 10).min(menu.items.len().saturating_sub(1));
                    self.modal = Some(Modal::Menu(menu));
                }
                KeyCode::PageUp => {
                    menu.selected = menu.selected.saturating_sub(10);
                    self.modal = Some(Modal::Menu(menu));
                }
                KeyCode::Enter => {
                    if let Some((_, action)) = menu.items.get(menu.selected).cloned() {
                        self.do_menu(action);
                    }
                }
                KeyCode::Char(c) if c.is_ascii_digit() && c != '0' => {
                    let i = (c as u8 - b'1') as usize;
                    if let Some((_, action)) = menu.items.get(i).cloned() {
                        self.do_menu(action);
                    } else {
                        self.modal = Some(Modal::Menu(menu));
                    }
                }
                KeyCode::Esc | KeyCode::Char('q') => {}
                _ => self.modal = Some(Modal::Menu(menu)),
            },
            Modal::Form(mut form) => match key.code {
                KeyCode::Esc => {}
                KeyCode::Enter => {
                    if form.focus + 1 < form.fields.len() {
                        form.focus += 1;
                        self.modal = Some(Modal::Form(form));
                    } else {
                        match actions::form_line(&form) {
                            Ok(line) => {
                                self.run_line(&line);
                            }
                            Err(e) => {
                                self.say(e, true);
                                self.modal = Some(Modal::Form(form));
                            }
                        }
                    }
                }
                KeyCode::Tab | KeyCode::Down => {
                    form.focus = (form.focus + 1) % form.fields.len().max(1);
                    self.modal = Some(Modal::Form(form));
                }
                KeyCode::BackTab | KeyCode::Up => {
                    form.focus = form
                        .focus
                        .checked_sub(1)
                        .unwrap_or(form.fields.len().saturating_sub(1));
                    self.modal = Some(Modal::Form(form));
                }
                code => {
                    if let Some(f) = form.fields.get_mut(form.focus) {
                        if f.choices.is_empty() {
                            match code {
                                KeyCode::Char(c) if !ctrl => f.edit.insert(c),
                                KeyCode::Backspace => f.edit.backspace(),
                                KeyCode::Left => f.edit.left(),
                                KeyCode::Right => f.edit.right(),
                                _ => {}
                            }
                        } else {
                            let i = f
                                .choices
                                .iter()
                                .position(|c| *c == f.edit.text)
                                .unwrap_or(0);
                            let n = f.choices.len();
                            let next = match code {
                                KeyCode::Left => Some((i + n - 1) % n),
                                KeyCode::Right | KeyCode::Char(' ') => Some((i + 1) % n),
                                _ => None,
                            };
                            if let Some(j) = next {
                                let v = f.choices[j].clone();
                                f.edit.set(&v);
                            }
                        }
                    }
                    self.modal = Some(Modal::Form(form));
                }
            },
            Modal::Prompt {
                title,
                mut edit,
                purpose,
                context,
            } => match key.code {
                KeyCode::Esc => {}
                KeyCode::Enter => self.do_prompt(purpose, edit.text.trim(), &context),
                code => {
                    match code {
                        KeyCode::Char(c) if !ctrl => edit.insert(c),
                        KeyCode::Char('u') if ctrl => edit.set(""),
                        KeyCode::Backspace => edit.backspace(),
                        KeyCode::Delete => edit.delete(),
                        KeyCode::Left => edit.left(),
                        KeyCode::Right => edit.right(),
                        _ => {}
                    }
                    self.modal = Some(Modal::Prompt {
                        title,
                        edit,
                        purpose,
                        context,
                    });
                }
            },
            Modal::Equivalents { eq, tab, scroll } => {
                let (tab, scroll) = match key.code {
                    KeyCode::Esc | KeyCode::Char('q') => return,
                    KeyCode::Right | KeyCode::Tab | KeyCode::Char('l') => ((tab + 1) % 4, 0),
                    KeyCode::Left | KeyCode::BackTab | KeyCode::Char('h') => ((tab + 3) % 4, 0),
                    KeyCode::Char(c @ '1'..='4') => ((c as u8 - b'1') as usize, 0),
                    KeyCode::Down | KeyCode::Char('j') => (tab, scroll.saturating_add(1)),
                    KeyCode::Up | KeyCode::Char('k') => (tab, scroll.saturating_sub(1)),
                    _ => (tab, scroll),
                };
                self.modal = Some(Modal::Equivalents { eq, tab, scroll });
            }
            Modal::Lesson { scroll } => self.lesson_key(key, scroll),
        }
    }

    fn do_pending(&mut self, p: Pending) {
        match p {
            Pending::Run(line) => {
                self.run_line(&line);
            }
            Pending::Quit => self.quit = true,
        }
    }

    fn do_menu(&mut self, action: MenuAction) {
        match action {
            MenuAction::Run(line) => {
                self.run_line(&line);
            }
            MenuAction::Jump(n) => {
                self.close_clock();
                if self.lab.jump_to(n) {
                    self.say(
                        format!("⏮ at step {n} of {}", self.lab.session().steps().len()),
                        false,
                    );
                } else {
                    self.say(format!("there is no step {n}"), true);
                }
                self.rebuild();
            }
            MenuAction::StartLesson(name) => self.start_lesson(&name),
        }
    }

    fn do_prompt(&mut self, purpose: PromptFor, answer: &str, context: &str) {
        if answer.is_empty() {
            return;
        }
        match purpose {
            PromptFor::Save => match actions::save_session(answer, &self.lab.save()) {
                Ok(()) => {
                    self.mark_saved();
                    self.say(format!("✓ session saved to {answer}"), false);
                }
                Err(e) => {
                    self.say(format!("✗ {e}"), true);
                    self.modal = Some(Modal::Message {
                        title: "✗ not saved".into(),
                        text: e,
                        error: true,
                        scroll: 0,
                        follow_up: None,
                    });
                }
            },
            PromptFor::WhatIf => {
                // `FILE [name=value …]`: templates often have required parameters.
                let mut words = answer.split_whitespace();
                let file = words.next().unwrap_or("");
                let params: Vec<String> = words.map(quote).collect();
                let params = if params.is_empty() {
                    String::new()
                } else {
                    format!(" --parameters {}", params.join(" "))
                };
                let args = format!(
                    "--resource-group {context} --template-file {}{params}",
                    quote(file)
                );
                let out = self.run_line(&format!("az deployment group what-if {args}"));
                if out.ok {
                    self.modal = Some(Modal::Message {
                        title: format!("what-if: {answer} → {context}"),
                        text: out.output.clone(),
                        error: false,
                        scroll: 0,
                        follow_up: Some((
                            "y: deploy it   Esc: not now".into(),
                            Pending::Run(format!("az deployment group create {args}")),
                        )),
                    });
                } else if self.modal.is_none() {
                    // A template error names no rule of the simulator: show it all the same.
                    self.modal = Some(Modal::Message {
                        title: format!("what-if: {answer}"),
                        text: out.error.clone().unwrap_or(out.output.clone()),
                        error: true,
                        scroll: 0,
                        follow_up: None,
                    });
                }
            }
        }
    }

    // ----- opening things -----------------------------------------------------------------

    fn open_create(&mut self) {
        let Some(r) = self.selected_resource() else {
            self.say("select something to create a child in", true);
            return;
        };
        match actions::create_form(self.lab.world(), r) {
            Ok(form) => self.modal = Some(Modal::Form(form)),
            Err(e) => self.say(e, true),
        }
    }

    fn open_delete(&mut self) {
        let Some(r) = self.selected_resource() else {
            return;
        };
        match actions::delete_line(self.lab.world(), r) {
            Ok(line) => {
                let what = format!("{} {}", r.kind.label(), r.name);
                let also = match r.kind {
                    ResKind::ResourceGroup => {
                        "\nEverything in the group is deleted with it (rule resource-group-delete-cascades)."
                    }
                    _ => "",
                };
                self.modal = Some(Modal::Confirm {
                    title: "Delete".into(),
                    text: format!("Delete {what}?{also}\n\n  {line}\n\ny: delete   n/Esc: keep"),
                    on_yes: Pending::Run(line),
                });
            }
            Err(e) => self.say(e, true),
        }
    }

    fn open_fault_menu(&mut self) {
        let items = actions::fault_items(self.selected_resource());
        self.modal = Some(Modal::Menu(Menu {
            title: "Inject a fault (Enter; Esc closes)".into(),
            items,
            selected: 0,
        }));
    }

    fn open_probe_menu(&mut self) {
        let Some(r) = self.selected_resource() else {
            return;
        };
        if !matches!(r.kind, ResKind::Fhir | ResKind::Dicom) {
            self.say(
                "select a FHIR or DICOM service to probe its data plane",
                true,
            );
            return;
        }
        let id = r.id.clone();
        self.modal = Some(Modal::Menu(Menu {
            title: format!("Probe {} from", r.name),
            items: vec![
                (
                    "the public internet".into(),
                    MenuAction::Run(format!("sim probe {id} --from public")),
                ),
                (
                    "the private endpoint (inside the VNet)".into(),
                    MenuAction::Run(format!("sim probe {id} --from private")),
                ),
            ],
            selected: 0,
        }));
    }

    fn open_timeline(&mut self) {
        self.close_clock();
        let s = self.lab.session();
        let cursor = s.cursor();
        let mut items = vec![(
            format!("{}   0  (the start)", if cursor == 0 { "▶" } else { " " }),
            MenuAction::Jump(0),
        )];
        for (i, step) in s.steps().iter().enumerate() {
            let n = i + 1;
            let mark = if n == cursor {
                "▶"
            } else if n > cursor {
                "·"
            } else {
                " "
            };
            items.push((
                format!("{mark} {n:>3}  {}", short(&step.label, 100)),
                MenuAction::Jump(n),
            ));
        }
        self.modal = Some(Modal::Menu(Menu {
            title: format!(
                "Timeline: {} steps, at {cursor} (▶). Enter jumps; · = undone",
                s.steps().len()
            ),
            selected: cursor,
            items,
        }));
    }

    fn open_what_if(&mut self) {
        let group = self
            .selected_node()
            .and_then(|n| actions::group_of(self.lab.world(), n));
        match group {
            Some(g) => {
                self.modal = Some(Modal::Prompt {
                    title: format!(
                        "Template file to what-if into {g} (then name=value parameters)"
                    ),
                    edit: LineEdit::with("main.json"),
                    purpose: PromptFor::WhatIf,
                    context: g,
                })
            }
            None => self.say("select a resource group (or something in one) first", true),
        }
    }

    fn open_lessons(&mut self) {
        if self.lesson.is_some() {
            self.modal = Some(Modal::Lesson { scroll: 0 });
            return;
        }
        self.open_lesson_menu();
    }

    fn open_lesson_menu(&mut self) {
        let items: Vec<(String, MenuAction)> = scenarios::builtins()
            .into_iter()
            .filter(|b| b.kind == "lesson")
            .map(|b| {
                (
                    format!("{}  {}", b.name, b.title),
                    MenuAction::StartLesson(b.name),
                )
            })
            .collect();
        if items.is_empty() {
            self.say("there are no built-in lessons", true);
            return;
        }
        self.modal = Some(Modal::Menu(Menu {
            title: "Lessons (Enter starts one on a fresh session)".into(),
            items,
            selected: 0,
        }));
    }

    /// Starts a built-in lesson on a fresh session (its setup steps applied).
    pub fn start_lesson(&mut self, name: &str) {
        match scenarios::builtin(name) {
            Ok(s) => {
                let seed = s.seed().unwrap_or_else(crate::random_seed);
                self.start_scenario(name, s, seed);
                self.modal = Some(Modal::Lesson { scroll: 0 });
            }
            Err(e) => self.say(e, true),
        }
    }

    /// Replaces the session with a scenario's (setup steps played); a lesson becomes the
    /// lesson in progress.
    pub fn start_scenario(&mut self, name: &str, s: Scenario, seed: u64) {
        let files = crate::file_loader(self.file_base.clone());
        let (lab, failures) = scenarios::start(&s, seed, &files);
        self.lab = lab;
        self.set_file_base(self.file_base.clone());
        self.clock_open = false;
        self.running = false;
        self.last = None;
        self.saved = None;
        self.saved_mark = None;
        self.collapsed.clear();
        self.filter.clear();
        self.rebuild();
        if !failures.is_empty() {
            self.say(format!("setup: {}", failures.join("; ")), true);
        } else {
            self.say(format!("{}: {} (seed {seed})", name, s.title), false);
        }
        if s.is_lesson() {
            let goal = scenarios::check(&s, self.lab.world(), false);
            self.lesson = Some(Lesson {
                name: name.into(),
                scenario: s,
                hints_shown: 0,
                solution_shown: false,
                goal,
            });
        } else {
            self.lesson = None;
        }
    }

    fn lesson_key(&mut self, key: KeyEvent, scroll: u16) {
        let keep = |app: &mut App, scroll| app.modal = Some(Modal::Lesson { scroll });
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => {}
            KeyCode::Char('c') => {
                if let Some(l) = &mut self.lesson {
                    l.goal = scenarios::check(&l.scenario, self.lab.world(), l.solution_shown);
                    let status = l.goal.status.clone();
                    self.say(format!("lesson: {status}"), false);
                }
                keep(self, scroll);
            }
            KeyCode::Char('h') => {
                if let Some(l) = &mut self.lesson
                    && l.hints_shown < l.scenario.hints().len()
                {
                    l.hints_shown += 1;
                }
                keep(self, scroll);
            }
            KeyCode::Char('s') => {
                if let Some(l) = &mut self.lesson {
                    l.solution_shown = true;
                    l.goal = scenarios::check(&l.scenario, self.lab.world(), true);
                }
                keep(self, scroll);
            }
            KeyCode::Char('n') => self.open_lesson_menu(),
            KeyCode::Char('x') => {
                self.lesson = None;
                self.say("lesson closed (the session stays)", false);
            }
            KeyCode::Down | KeyCode::Char('j') => keep(self, scroll.saturating_add(1)),
            KeyCode::Up | KeyCode::Char('k') => keep(self, scroll.saturating_sub(1)),
            _ => keep(self, scroll),
        }
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

/// `text` cut to `max` characters with an ellipsis.
pub fn short(text: &str, max: usize) -> String {
    let one_line = text.lines().next().unwrap_or("");
    if one_line.chars().count() <= max {
        one_line.to_string()
    } else {
        let mut s: String = one_line.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// Quotes a path for the command line when it has spaces or quotes.
pub fn quote(text: &str) -> String {
    if text
        .chars()
        .any(|c| c.is_whitespace() || c == '\'' || c == '"' || c == ';')
    {
        format!("'{}'", text.replace('\'', "'\\''"))
    } else {
        text.to_string()
    }
}
