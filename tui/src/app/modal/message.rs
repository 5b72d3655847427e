//! A text to read: a command's error with its rule explained, a what-if report (with the
//! deploy offered as a follow-up), a failed save.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use super::{Ctx, Effect, PopupKey, Reply, centered, frame, popup_key};
use crate::keys::{Action, KeyMap};

/// A text to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Title.
    pub title: String,
    /// Body.
    pub text: String,
    /// Drawn as an error.
    pub error: bool,
    scroll: u16,
    /// A follow-up offered with `follow_up` (e.g. deploy after a what-if): hint and effect.
    pub follow_up: Option<(String, Effect)>,
}

impl Message {
    /// A message.
    pub fn new(title: String, text: String, error: bool) -> Message {
        Message {
            title,
            text,
            error,
            scroll: 0,
            follow_up: None,
        }
    }

    /// The same message offering `effect` (the hint says how).
    pub fn with_follow_up(mut self, hint: String, effect: Effect) -> Message {
        self.follow_up = Some((hint, effect));
        self
    }

    /// Scroll keys scroll, `follow_up` does what is offered, any other key closes.
    pub fn handle_key(&mut self, key: &KeyEvent, keys: &KeyMap) -> Reply {
        match popup_key(&mut self.scroll, key, keys) {
            PopupKey::Scrolled => Reply::Stay,
            PopupKey::Action(Action::FollowUp) => match &self.follow_up {
                Some((_, effect)) => Reply::Done(effect.clone()),
                None => Reply::Close,
            },
            PopupKey::Action(_) | PopupKey::Other => Reply::Close,
        }
    }

    /// Draws the text and the follow-up's hint.
    pub fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let t = ctx.theme;
        let r = centered(area, 85, 70);
        Clear.render(r, buf);
        let mut lines: Vec<Line> = self
            .text
            .lines()
            .map(|l| Line::raw(l.to_string()))
            .collect();
        if let Some((hint, _)) = &self.follow_up {
            lines.push(Line::raw(""));
            lines.push(Line::styled(hint.clone(), t.key));
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((self.scroll, 0))
            .block(frame(
                t,
                format!(" {}  (Esc closes) ", self.title),
                self.error,
            ))
            .render(r, buf);
    }
}
