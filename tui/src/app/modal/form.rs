//! A creation form: the lab's [`CreateForm`] (what to ask, defaults, the az line it makes)
//! with one editor per field.

use crossterm::event::KeyEvent;
use hcsim_lab::view::CreateForm;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use super::{Ctx, Effect, Reply, centered_lines, frame};
use crate::app::edit::LineEdit;
use crate::keys::{Action, Context, KeyMap};

/// A creation form being filled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    /// What it asks and the line it makes.
    pub spec: CreateForm,
    /// One editor per field.
    pub edits: Vec<LineEdit>,
    /// Focused field.
    pub focus: usize,
}

impl Form {
    /// A form holding the lab's defaults.
    pub fn new(spec: CreateForm) -> Form {
        let edits = spec
            .fields
            .iter()
            .map(|f| LineEdit::with(&f.value))
            .collect();
        Form {
            spec,
            edits,
            focus: 0,
        }
    }

    /// The line the form runs now, or what is missing.
    pub fn line(&self) -> Result<String, String> {
        let values: Vec<&str> = self.edits.iter().map(|e| e.text.as_str()).collect();
        self.spec.line(&values)
    }

    fn is_choice(&self) -> bool {
        self.spec
            .fields
            .get(self.focus)
            .is_some_and(|f| !f.choices.is_empty())
    }

    /// Field moves, choice cycling, submit, cancel; text fields edit with the line keys.
    pub fn handle_key(&mut self, key: &KeyEvent, keys: &KeyMap) -> Reply {
        let n = self.edits.len().max(1);
        match keys.action_in(Context::Form, key) {
            Some(Action::CancelForm) => return Reply::Close,
            Some(Action::NextField) => self.focus = (self.focus + 1) % n,
            Some(Action::PrevField) => self.focus = (self.focus + n - 1) % n,
            Some(Action::Submit) if self.focus + 1 < self.edits.len() => self.focus += 1,
            Some(Action::Submit) => {
                return match self.line() {
                    Ok(line) => Reply::Done(Effect::Run(line)),
                    Err(e) => Reply::Also(Effect::Say(e, true)),
                };
            }
            Some(a @ (Action::ChoiceNext | Action::ChoicePrev)) if self.is_choice() => {
                self.cycle(a == Action::ChoiceNext);
            }
            _ if self.is_choice() => {}
            _ => {
                if let Some(edit) = self.edits.get_mut(self.focus) {
                    edit.handle_key(key, keys);
                }
            }
        }
        Reply::Stay
    }

    fn cycle(&mut self, forward: bool) {
        let (Some(f), Some(edit)) = (
            self.spec.fields.get(self.focus),
            self.edits.get_mut(self.focus),
        ) else {
            return;
        };
        let n = f.choices.len();
        let i = f.choices.iter().position(|c| *c == edit.text).unwrap_or(0);
        let j = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        edit.set(&f.choices[j]);
    }

    /// Draws the fields and the line the form would run.
    pub fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let t = ctx.theme;
        let r = centered_lines(area, 76, self.edits.len() as u16 + 10);
        Clear.render(r, buf);
        let mut lines = Vec::new();
        for (i, (f, edit)) in self.spec.fields.iter().zip(&self.edits).enumerate() {
            let focus = i == self.focus;
            let value = if f.choices.is_empty() {
                edit.text.clone()
            } else {
                format!("‹ {} ›", edit.text)
            };
            lines.push(Line::from(vec![
                Span::styled(if focus { "▶ " } else { "  " }, t.key),
                Span::styled(format!("{:<30}", f.label), t.dim),
                Span::styled(value, if focus { t.selected } else { t.accent }),
            ]));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(
                "{} next field · {} on the last field creates · {} cancels",
                ctx.keys.keys_of(Action::NextField).replace(' ', "/"),
                ctx.keys.first_key(Action::Submit),
                ctx.keys.first_key(Action::CancelForm)
            ),
            t.dim,
        ));
        if let Ok(line) = self.line() {
            lines.push(Line::raw(""));
            lines.push(Line::styled("runs:", t.dim));
            lines.push(Line::raw(line));
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(frame(t, format!(" {} ", self.spec.title), false))
            .render(r, buf);
    }
}
