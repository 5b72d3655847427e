//! A one-line question: where to save the session, which template to what-if.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use super::{Ctx, Effect, Reply, centered_lines, frame};
use crate::app::edit::LineEdit;
use crate::keys::{Action, KeyMap};

/// What a prompt's answer is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptFor {
    /// A path to save the session to.
    Save,
    /// A template file to what-if (then deploy) into a group.
    WhatIf,
}

/// A one-line question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    /// Title.
    pub title: String,
    /// Answer being typed.
    pub edit: LineEdit,
    /// What it is for.
    pub purpose: PromptFor,
    /// Context (the group for a what-if).
    pub context: String,
    /// The answer is still the suggestion, untouched: typing a character replaces it rather
    /// than appending to it (editing keys keep it and edit it).
    pub pristine: bool,
}

impl Prompt {
    /// Asks where to save the session, suggesting `suggestion` (the session's own file when
    /// it has one).
    pub fn save(suggestion: &str) -> Prompt {
        Prompt {
            title: "Save the session to (path)".into(),
            edit: LineEdit::with(suggestion),
            purpose: PromptFor::Save,
            context: String::new(),
            pristine: true,
        }
    }

    /// Asks for a template file to what-if into `group`.
    pub fn what_if(group: String) -> Prompt {
        Prompt {
            title: format!(
                "Template file (.json or .bicep) to what-if into {group} (then name=value parameters or a .bicepparam)"
            ),
            edit: LineEdit::with("main.json"),
            purpose: PromptFor::WhatIf,
            context: group,
            pristine: true,
        }
    }

    /// Edits with the line keys; `line_run` answers (an empty answer just closes).
    pub fn handle_key(&mut self, key: &KeyEvent, keys: &KeyMap) -> Reply {
        let typed = matches!(key.code, crossterm::event::KeyCode::Char(_))
            && !key.modifiers.intersects(
                crossterm::event::KeyModifiers::CONTROL | crossterm::event::KeyModifiers::ALT,
            );
        if std::mem::take(&mut self.pristine) && typed {
            self.edit = LineEdit::default();
        }
        match self.edit.handle_key(key, keys) {
            Some(Action::LineCancel) => Reply::Close,
            Some(Action::LineRun) => {
                let answer = self.edit.text.trim();
                if answer.is_empty() {
                    Reply::Close
                } else {
                    Reply::Done(Effect::Answer(
                        self.purpose,
                        answer.to_string(),
                        self.context.clone(),
                    ))
                }
            }
            _ => Reply::Stay,
        }
    }

    /// Draws the question and the answer being typed.
    pub fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let t = ctx.theme;
        let r = centered_lines(area, 70, 8);
        Clear.render(r, buf);
        let note = match self.purpose {
            PromptFor::Save => {
                "A file that exists and is not an hcsim session is never overwritten."
            }
            PromptFor::WhatIf => "The what-if is shown first; you then choose whether to deploy.",
        };
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled("> ", t.key),
                Span::raw(self.edit.text.clone()),
            ]),
            Line::raw(""),
            Line::styled(note, t.dim),
            Line::styled(
                format!(
                    "{}: OK · {}: cancel",
                    ctx.keys.first_key(Action::LineRun),
                    ctx.keys.first_key(Action::LineCancel)
                ),
                t.dim,
            ),
        ])
        .wrap(Wrap { trim: false })
        .block(frame(t, format!(" {} ", self.title), false))
        .render(r, buf);
    }
}
