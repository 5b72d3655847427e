//! The tree's keys and the mouse: moving the selection, expanding and collapsing, scrolling
//! the details, and the single keys that open things (those are [`super::open`]'s).

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use hcsim_lab::view::CommandLine;

use super::App;
use super::modal::{Confirm, Effect, Help, Modal};
use crate::keys::Action;

/// Rows a mouse wheel step moves.
const WHEEL_ROWS: usize = 3;
/// Lines a details scroll key moves.
const DETAILS_STEP: u16 = 5;

impl App {
    /// Carries out an action of the tree's key table.
    pub fn act(&mut self, action: Action) {
        let page = self.areas.get().tree.height.max(1) as usize;
        match action {
            Action::Up => self.select(self.selected.saturating_sub(1)),
            Action::Down => self.select(self.selected + 1),
            Action::PageUp => self.select(self.selected.saturating_sub(page)),
            Action::PageDown => self.select(self.selected + page),
            Action::Home => self.select(0),
            Action::End => self.select(usize::MAX),
            Action::Left => self.left(),
            Action::Right => self.right(),
            Action::Toggle => self.toggle(),
            Action::DetailsDown => {
                self.details_scroll = self.details_scroll.saturating_add(DETAILS_STEP);
            }
            Action::DetailsUp => {
                self.details_scroll = self.details_scroll.saturating_sub(DETAILS_STEP);
            }
            Action::Command => self.console.open_command(),
            Action::Filter => self.console.open_filter(&self.filter.clone()),
            Action::ClearFilter => {
                self.message = None;
                if !self.filter.is_empty() {
                    self.filter.clear();
                    self.rebuild();
                }
            }
            Action::Help => self.modal = Some(Modal::Help(Help::default())),
            other => self.act_on_world(other),
        }
    }

    /// The tree actions that run something, move time or open a modal.
    fn act_on_world(&mut self, action: Action) {
        match action {
            Action::Create => self.open_create(),
            Action::Delete => self.open_delete(),
            Action::Fault => self.open_fault_menu(),
            Action::Probe => self.open_probe_menu(),
            Action::RunPause => {
                let text = self.clock.toggle();
                self.say(text, false);
            }
            Action::Faster => {
                let text = self.clock.faster();
                self.say(text, false);
            }
            Action::Slower => {
                let text = self.clock.slower();
                self.say(text, false);
            }
            Action::NextEvent => self.next_event(),
            Action::Undo => self.undo_redo(true),
            Action::Redo => self.undo_redo(false),
            Action::Timeline => self.open_timeline(),
            Action::Lessons => self.open_lessons(),
            Action::WhatIf => self.open_what_if(),
            Action::Equivalents => self.open_equivalents(),
            Action::MappingDebugger => self.open_mapping_debugger(),
            Action::Save => self.apply(Effect::AskSave),
            Action::Quit => {
                if self.unsaved() {
                    let k = |a| self.keys.first_key(a);
                    let text = format!(
                        "The session has unsaved work. Quit anyway? ({}: quit, {}: stay; {} saves it first)",
                        k(Action::Yes),
                        k(Action::No),
                        k(Action::SaveFirst)
                    );
                    self.modal = Some(Modal::Confirm(Confirm::new("Quit", text, Effect::Quit)));
                } else {
                    self.quit = true;
                }
            }
            // Keys of other contexts never reach the tree.
            _ => {}
        }
    }

    fn next_event(&mut self) {
        match self.next_due() {
            Some(at) => {
                let ms = (at - self.lab.world().now()).0.max(1);
                let line = CommandLine::new("sim advance").arg(&format!("{ms}ms"));
                self.run_line(line.as_str());
                self.say(
                    format!("⏭ advanced to {at} (next scheduled completion)"),
                    false,
                );
            }
            None => self.say(
                "nothing is scheduled: no operation running, no fault to heal",
                false,
            ),
        }
    }

    fn undo_redo(&mut self, undo: bool) {
        self.close_clock();
        let (done, verb, none) = if undo {
            (self.lab.undo(), "↶ undid", "nothing to undo")
        } else {
            (self.lab.redo(), "↷ redid", "nothing to redo")
        };
        match done {
            Some(label) => self.say(format!("{verb}: {}", super::short(&label, 70)), false),
            None => self.say(none, false),
        }
        self.rebuild();
    }

    fn left(&mut self) {
        let Some(row) = self.index.rows.get(self.selected).copied() else {
            return;
        };
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

    fn right(&mut self) {
        if let Some(row) = self.index.rows.get(self.selected).copied() {
            if row.has_children && !row.expanded {
                self.toggle();
            } else if row.has_children {
                self.select(self.selected + 1);
            }
        }
    }

    pub(super) fn select(&mut self, row: usize) {
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

    pub(super) fn handle_mouse(&mut self, m: MouseEvent) {
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
            MouseEventKind::ScrollDown if inside => self.select(self.selected + WHEEL_ROWS),
            MouseEventKind::ScrollUp if inside => {
                self.select(self.selected.saturating_sub(WHEEL_ROWS));
            }
            _ => {}
        }
    }
}
