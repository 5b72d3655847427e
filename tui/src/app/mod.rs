//! The interactive simulator's state and its input handling. Drawing lives in [`crate::ui`]
//! (`impl Widget for &App`); this module only changes state, always through the [`Lab`] (so
//! every change is a step of the session's history, undoable and saved).
//!
//! Components own their keys (gitui, yazi): the [`console::Console`] (command line, history,
//! completion, filter), the [`clock::Clock`], the [`lessons::ActiveLesson`], and one type per
//! [`modal`] with `handle_key` and `render`. The app routes each key to the component on top
//! and carries out what it answers; the tree keys are [`navigate`]'s.
//!
//! Calling order (demo2's synchronous loop): [`App::handle_event`] for each terminal event,
//! [`App::tick`] with the real time elapsed (drives virtual time only while running), draw,
//! repeat until [`App::quit`].

pub mod actions;
pub mod clock;
pub mod console;
pub mod course;
pub mod edit;
mod effects;
pub mod lessons;
mod mapping;
pub mod modal;
mod navigate;
mod open;
pub mod tree;

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::time::Duration;

use crossterm::event::{Event, KeyEvent, KeyEventKind};
use hcsim_core::store::NodeId;
use hcsim_core::{EventKind, Input, Millis};
use hcsim_lab::equivalents::Equivalents;
use hcsim_lab::{Lab, Outcome};
use ratatui::layout::Rect;

use crate::keys::KeyMap;
use crate::theme::Theme;
use clock::Clock;
use console::{Console, ConsoleReply};
use lessons::ActiveLesson;
use modal::{Message, Modal, Reply};
use tree::TreeIndex;

pub use clock::SPEEDS;
pub use console::LineKind;

/// The label of the history step that collects the running clock's advances.
const CLOCK_LABEL: &str = "sim advance (clock running)";

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
    /// The console (command line, filter, history, completion).
    pub(crate) console: Console,
    /// The modal on top, if any.
    pub(crate) modal: Option<Modal>,
    /// The last command's outcome (the output pane).
    pub(crate) last: Option<Outcome>,
    /// Equivalents of the last command that had some.
    pub(crate) last_equivalents: Option<Equivalents>,
    /// One-line message at the bottom, and whether it is an error.
    pub(crate) message: Option<(String, bool)>,
    /// Whether and how fast virtual time runs.
    pub(crate) clock: Clock,
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
    /// Which files a scenario's own steps may open (its folder only, unless the user passed
    /// `--allow-outside-files`).
    pub scenario_reach: crate::files::Reach,
    /// The session file loaded or last saved: the save prompt offers it, so saving a loaded
    /// session never lands on another one in the working directory.
    pub session_path: Option<String>,
    /// The lesson in progress.
    pub(crate) lesson: Option<ActiveLesson>,
    /// The course opened with `--course`, with the progress in each lesson.
    pub(crate) course: Option<course::ActiveCourse>,
    /// `--seed` for the course's lessons (else each lesson's own, else a random one).
    pub(crate) course_seed: Option<u64>,
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
            console: Console::default(),
            modal: None,
            last: None,
            last_equivalents: None,
            message: None,
            clock: Clock::default(),
            clock_open: false,
            generation: 0,
            seen_seq: None,
            saved: None,
            saved_mark: None,
            file_base: ".".into(),
            scenario_reach: crate::files::Reach::BelowBase,
            session_path: None,
            lesson: None,
            course: None,
            course_seed: None,
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
        self.clock.running()
    }

    /// Virtual seconds per real second.
    pub fn speed(&self) -> u64 {
        self.clock.speed()
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
        if out.ok {
            self.report_success(&out);
        } else {
            self.report_failure(&out);
        }
        if let Some(l) = &mut self.lesson {
            l.refresh(self.lab.world());
        }
        self.note_course_progress();
        self.last = Some(out.clone());
        out
    }

    /// A failed line: the error alone (a `;` line's earlier outputs belong in the output
    /// pane), popped up with its rule explained when it names one.
    fn report_failure(&mut self, out: &Outcome) {
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
            self.modal = Some(Modal::Message(Message::new(title, text, true)));
        }
        self.say(
            format!("✗ {}", error.lines().next().unwrap_or("the command failed")),
            true,
        );
    }

    /// A line that went through: its status and the first line of its output.
    fn report_success(&mut self, out: &Outcome) {
        let status = out.status.map(|s| format!(" ({s})")).unwrap_or_default();
        let first = out.output.lines().next().unwrap_or("");
        // az's warnings (stderr in a shell) mark the line too, the first one shown.
        let warning = out.warning_lines().next();
        let warn = out.status.is_some_and(|s| s >= 400) || warning.is_some();
        let tail = if let Some(w) = &warning {
            format!(": {}", short(w, 60))
        } else if first.is_empty() || first.starts_with('{') || first.starts_with('[') {
            String::new()
        } else {
            format!(": {}", short(first, 60))
        };
        self.say(
            format!(
                "{} {}{status}{tail}",
                if warn { "⚠" } else { "✓" },
                short(&out.input, 60)
            ),
            warn,
        );
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
    /// elapsed while running (and no modal is open).
    pub fn tick(&mut self, elapsed: Duration) {
        if self.modal.is_some() {
            return;
        }
        let ms = self.clock.tick(elapsed);
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
            Event::Paste(text) => match &mut self.modal {
                Some(Modal::Mapping(m)) => m.paste(&text),
                _ => self.console.paste(&text),
            },
            // Resize: the next draw lays out for the new size.
            _ => {}
        }
    }

    /// Handles one key press: the modal on top, else the console, else the tree.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if let Some(mut modal) = self.modal.take() {
            let reply = modal.handle_key(&key, &self.keys);
            self.modal_reply(modal, reply);
            return;
        }
        if self.console.is_open() {
            let lab = &self.lab;
            let reply = self
                .console
                .handle_key(&key, &self.keys, &|prefix| lab.completions(prefix));
            self.console_reply(reply);
            return;
        }
        if let Some(action) = self.keys.action(&key) {
            self.act(action);
        }
    }

    /// Carries out a modal's answer; an effect may open another modal.
    fn modal_reply(&mut self, modal: Modal, reply: Reply) {
        match reply {
            Reply::Stay => self.modal = Some(modal),
            Reply::Close => {}
            Reply::Done(effect) => self.apply(effect),
            Reply::Also(effect) => {
                self.modal = Some(modal);
                self.apply(effect);
            }
        }
    }

    /// Carries out what the console answered.
    fn console_reply(&mut self, reply: ConsoleReply) {
        match reply {
            ConsoleReply::Nothing => {}
            ConsoleReply::Run(line) => {
                self.run_line(&line);
            }
            ConsoleReply::Filter(text) => {
                self.filter = text;
                self.rebuild();
                self.select(0);
            }
            ConsoleReply::ClearFilter => {
                self.filter.clear();
                self.rebuild();
            }
        }
    }
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
