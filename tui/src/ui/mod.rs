//! Drawing: `impl Widget for &App` lays the screen out and hands each area to one pane (one
//! file per pane, demo2's model). Panes read the app and never change it, except for the
//! scroll offset and hit areas they remember for the next input (interior mutability).

mod console;
mod details;
mod events;
mod output;
mod popup;
mod status;
mod tree;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Widget;

use crate::app::App;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let [status_area, main, console_area, hints_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(6),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let lower_height = if main.height >= 30 {
            main.height * 2 / 5
        } else {
            main.height / 3
        };
        let [upper, lower] =
            Layout::vertical([Constraint::Min(4), Constraint::Length(lower_height.max(3))])
                .areas(main);
        let [tree_area, details_area] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(upper);
        let [output_area, events_area] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(lower);
        status::StatusBar(self).render(status_area, buf);
        tree::TreePane(self).render(tree_area, buf);
        details::DetailsPane(self).render(details_area, buf);
        output::OutputPane(self).render(output_area, buf);
        events::EventsPane(self).render(events_area, buf);
        console::ConsoleLine(self).render(console_area, buf);
        console::HintsLine(self).render(hints_area, buf);
        if self.modal().is_some() {
            popup::Popup(self).render(area, buf);
        }
    }
}

/// Where the terminal cursor goes (the line being edited), if anywhere.
pub fn cursor_position(app: &App, area: Rect) -> Option<(u16, u16)> {
    console::cursor(app, area)
}
