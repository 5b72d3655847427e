//! The event log: the most recent events, newest last (clock ticks left out: the status bar
//! shows the time).

use hcsim_core::EventKind;
use hcsim_lab::view::names;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use crate::app::App;

/// The event pane.
pub struct EventsPane<'a>(pub &'a App);

impl Widget for EventsPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.0;
        let t = &app.theme;
        let events = app.lab.world().events();
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border)
            .title(Span::styled(
                format!(" Events ({}) ", events.len()),
                t.title,
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        let h = inner.height as usize;
        // Ids read relative to the current subscription (the details pane has the full id).
        let scope = names::current_scope(app.lab.world());
        // Walk back from the end: only the events that fit are looked at.
        let shown: Vec<&hcsim_core::Event> = events
            .iter()
            .rev()
            .filter(|e| !matches!(e.kind, EventKind::ClockAdvanced { .. }))
            .take(h)
            .collect();
        for (i, e) in shown.iter().rev().enumerate() {
            let style = match &e.kind {
                EventKind::RequestRejected { .. } | EventKind::OperationFailed { .. } => t.err,
                EventKind::FaultStarted { .. } => t.fault,
                EventKind::FaultHealed { .. } => t.ok,
                EventKind::ProbeAnswered { status, .. } if *status >= 400 => t.fault,
                _ => t.dim,
            };
            let summary = names::shorten_ids(&e.kind.summary(), &scope);
            let line = Line::from(vec![
                Span::styled(format!("{} ", e.at), t.dim),
                Span::styled(e.kind.name(), style),
                Span::raw(format!(" {summary}")),
            ]);
            buf.set_line(inner.x, inner.y + i as u16, &line, inner.width);
        }
    }
}
