//! The lesson panel: description, the goal's checks, hints revealed one at a time, and the
//! solution once shown. The lesson's state is the app's ([`ActiveLesson`]); the panel asks
//! for changes through effects.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use super::{Ctx, Effect, PopupKey, Reply, centered, frame, popup_key};
use crate::app::lessons::ActiveLesson;
use crate::keys::{Action, Context, KeyMap};
use crate::theme::Theme;

/// The lesson panel.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LessonPanel {
    scroll: u16,
}

impl LessonPanel {
    /// Lesson keys (check, hint, solution, another, leave), then scroll and close.
    pub fn handle_key(&mut self, key: &KeyEvent, keys: &KeyMap) -> Reply {
        match keys.action_in(Context::Lesson, key) {
            Some(Action::Check) => return Reply::Also(Effect::CheckLesson),
            Some(Action::Hint) => return Reply::Also(Effect::Hint),
            Some(Action::Solution) => return Reply::Also(Effect::ShowSolution),
            Some(Action::AnotherLesson) => return Reply::Done(Effect::LessonMenu),
            Some(Action::LeaveLesson) => return Reply::Done(Effect::LeaveLesson),
            _ => {}
        }
        match popup_key(&mut self.scroll, key, keys) {
            PopupKey::Action(Action::Close) => Reply::Close,
            _ => Reply::Stay,
        }
    }

    /// Draws the lesson in progress.
    pub fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let t = ctx.theme;
        let r = centered(area, 85, 85);
        Clear.render(r, buf);
        let (title, mut lines) = match ctx.lesson {
            None => (" Lesson ".to_string(), Vec::new()),
            Some(l) => {
                let s = l.progress.summary();
                (
                    format!(" Lesson {}: {} ", s.name, s.title),
                    lesson_lines(l, t),
                )
            }
        };
        lines.push(Line::raw(""));
        let k = |a| ctx.keys.first_key(a);
        lines.push(Line::styled(
            format!(
                "{} check · {} next hint · {} show the solution · {} another lesson · {} leave the lesson · {} back to the simulator",
                k(Action::Check),
                k(Action::Hint),
                k(Action::Solution),
                k(Action::AnotherLesson),
                k(Action::LeaveLesson),
                k(Action::Close)
            ),
            t.dim,
        ));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((self.scroll, 0))
            .block(frame(t, title, false))
            .render(r, buf);
    }
}

/// Description, goal, hints and solution.
fn lesson_lines(l: &ActiveLesson, t: &Theme) -> Vec<Line<'static>> {
    let s = l.progress.summary();
    let mut lines = Vec::new();
    if let Some(d) = &s.description {
        lines.extend(d.lines().map(|x| Line::raw(x.to_string())));
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(format!("Goal — {}", l.goal.status), t.title));
    for (desc, met, msg) in &l.goal.checks {
        let note = if *met || msg.is_empty() {
            String::new()
        } else {
            format!(" — {msg}")
        };
        lines.push(Line::from(vec![
            if *met {
                Span::styled("  ✓ ", t.ok)
            } else {
                Span::styled("  ✗ ", t.err)
            },
            Span::raw(desc.clone()),
            Span::styled(note, t.dim),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("Hints ({} of {})", s.hints_shown, s.hints.len()),
        t.title,
    ));
    for h in l.progress.hints_shown() {
        lines.push(Line::raw(format!("  • {h}")));
    }
    if s.solution_shown {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Solution (shown: the lesson counts as completed, not solved)",
            t.title,
        ));
        for line in l.progress.solution_lines() {
            lines.push(Line::raw(format!("  {line}")));
        }
    }
    lines
}
