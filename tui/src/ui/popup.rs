//! The modal on top, drawn over the panes. Each modal draws itself
//! ([`crate::app::modal::Modal::render`]); this pane only gives it what it may read.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::app::App;
use crate::app::modal::Ctx;

/// The modal on top, if any.
pub struct Popup<'a>(pub &'a App);

impl Widget for Popup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.0;
        let Some(modal) = app.modal() else { return };
        let ctx = Ctx {
            theme: &app.theme,
            keys: &app.keys,
            lesson: app.lesson.as_ref(),
        };
        modal.render(&ctx, area, buf);
    }
}
