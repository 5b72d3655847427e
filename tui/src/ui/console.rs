//! The bottom two lines: the console (the `:` command line, the `/` filter, or the last
//! message) and the key hints, both generated from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::{App, LineKind};
use crate::keys::Action;

/// The console line.
pub struct ConsoleLine<'a>(pub &'a App);

impl Widget for ConsoleLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.0;
        let t = &app.theme;
        let line = match app.console.line() {
            Some((kind, edit)) => {
                let prompt = match kind {
                    LineKind::Command => ":",
                    LineKind::Filter => "/",
                };
                let mut spans = vec![Span::styled(prompt, t.key), Span::raw(edit.text.clone())];
                let candidates = app.console.candidates();
                if !candidates.is_empty() {
                    let shown: Vec<&str> = candidates.iter().take(12).map(String::as_str).collect();
                    spans.push(Span::styled(format!("   ⇥ {}", shown.join("  ")), t.dim));
                }
                Line::from(spans)
            }
            None => match &app.message {
                Some((text, true)) => Line::from(Span::styled(text.clone(), t.err)),
                Some((text, false)) => Line::from(Span::raw(text.clone())),
                None if !app.filter.is_empty() => Line::from(vec![
                    Span::styled(format!("filter: {}", app.filter), t.accent),
                    Span::styled(
                        format!("  ({} clears)", app.keys.first_key(Action::ClearFilter)),
                        t.dim,
                    ),
                ]),
                None => Line::from(Span::styled(
                    format!(
                        "Press {} to type an az or sim command, {} for help.",
                        app.keys.first_key(Action::Command),
                        app.keys.first_key(Action::Help)
                    ),
                    t.dim,
                )),
            },
        };
        line.render(area, buf);
    }
}

/// The cursor position while a line is edited.
pub fn cursor(app: &App, area: Rect) -> Option<(u16, u16)> {
    let (_, edit) = app.console.line()?;
    let y = area.y + area.height.saturating_sub(2);
    let x = area.x + 1 + edit.cursor_col() as u16;
    Some((x.min(area.x + area.width.saturating_sub(1)), y))
}

/// The key hints.
pub struct HintsLine<'a>(pub &'a App);

impl Widget for HintsLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.0;
        let t = &app.theme;
        const SHOWN: &[(Action, &str)] = &[
            (Action::Help, "help"),
            (Action::Command, "cmd"),
            (Action::Filter, "filter"),
            (Action::Create, "create"),
            (Action::Delete, "delete"),
            (Action::Fault, "fault"),
            (Action::Probe, "probe"),
            (Action::RunPause, "run/pause"),
            (Action::NextEvent, "next"),
            (Action::Undo, "undo"),
            (Action::Timeline, "timeline"),
            (Action::Lessons, "lessons"),
            (Action::WhatIf, "what-if"),
            (Action::Equivalents, "equiv"),
            (Action::Save, "save"),
            (Action::Quit, "quit"),
        ];
        let mut spans = Vec::new();
        for (a, label) in SHOWN {
            spans.push(Span::styled(app.keys.first_key(*a), t.key));
            spans.push(Span::styled(format!(" {label}  "), t.dim));
        }
        Line::from(spans).render(area, buf);
    }
}
