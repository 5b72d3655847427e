//! A yes/no question before something destructive (k9s: confirm before destructive keys).

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use super::{Ctx, Effect, Reply, centered_lines, frame};
use crate::keys::{Action, Context, KeyMap};

/// A yes/no question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirm {
    /// Title.
    pub title: String,
    /// The question.
    pub text: String,
    /// What "yes" does.
    pub on_yes: Effect,
}

impl Confirm {
    /// A question whose "yes" carries out `on_yes`.
    pub fn new(title: &str, text: String, on_yes: Effect) -> Confirm {
        Confirm {
            title: title.into(),
            text,
            on_yes,
        }
    }

    /// `yes`, `no`, and `save_first` when the question is about quitting.
    pub fn handle_key(&mut self, key: &KeyEvent, keys: &KeyMap) -> Reply {
        match keys.action_in(Context::Confirm, key) {
            Some(Action::Yes) => Reply::Done(self.on_yes.clone()),
            Some(Action::No) => Reply::Close,
            Some(Action::SaveFirst) if self.on_yes == Effect::Quit => Reply::Done(Effect::AskSave),
            _ => Reply::Stay,
        }
    }

    /// Draws the question.
    pub fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let r = centered_lines(area, 70, self.text.lines().count() as u16 + 4);
        Clear.render(r, buf);
        Paragraph::new(self.text.as_str())
            .wrap(Wrap { trim: false })
            .block(frame(ctx.theme, format!(" {} — y / n ", self.title), true))
            .render(r, buf);
    }
}
