//! A list to pick from: faults, probes, the timeline, the lessons.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::{Ctx, Effect, Reply, centered, frame};
use crate::keys::{Action, Context, KeyMap};

/// What a menu item does.
pub type MenuAction = Effect;

/// How far a page key moves.
const PAGE: usize = 10;

/// A list to pick from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Menu {
    /// Title.
    pub title: String,
    /// Items: label and what choosing it does.
    pub items: Vec<(String, MenuAction)>,
    /// Highlighted item.
    pub selected: usize,
}

impl Menu {
    /// A menu with the first item highlighted.
    pub fn new(title: String, items: Vec<(String, MenuAction)>) -> Menu {
        Menu {
            title,
            items,
            selected: 0,
        }
    }

    /// Moves, chooses (Enter or the item's number) or closes.
    pub fn handle_key(&mut self, key: &KeyEvent, keys: &KeyMap) -> Reply {
        let last = self.items.len().saturating_sub(1);
        let Some((action, index)) = keys.lookup(Context::Menu, key) else {
            return Reply::Stay;
        };
        match action {
            Action::MenuDown => self.selected = (self.selected + 1).min(last),
            Action::MenuUp => self.selected = self.selected.saturating_sub(1),
            Action::MenuPageDown => self.selected = (self.selected + PAGE).min(last),
            Action::MenuPageUp => self.selected = self.selected.saturating_sub(PAGE),
            Action::MenuChoose => return self.choose(self.selected),
            Action::MenuPick => return self.choose(index),
            Action::MenuClose => return Reply::Close,
            _ => {}
        }
        Reply::Stay
    }

    fn choose(&self, i: usize) -> Reply {
        match self.items.get(i) {
            Some((_, effect)) => Reply::Done(effect.clone()),
            None => Reply::Stay,
        }
    }

    /// Draws the visible items, numbered for `menu_pick`.
    pub fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let t = ctx.theme;
        let r = centered(area, 80, 70);
        Clear.render(r, buf);
        let block = frame(t, format!(" {} ", self.title), false);
        let inner = block.inner(r);
        block.render(r, buf);
        let h = inner.height as usize;
        let offset = self.selected.saturating_sub(h.saturating_sub(1));
        for (i, (label, _)) in self.items.iter().enumerate().skip(offset).take(h) {
            let y = inner.y + (i - offset) as u16;
            let num = if i < 9 {
                format!("{} ", i + 1)
            } else {
                "  ".into()
            };
            let line = Line::from(vec![Span::styled(num, t.key), Span::raw(label.clone())]);
            let line = if i == self.selected {
                buf.set_style(Rect::new(inner.x, y, inner.width, 1), t.selected);
                line.patch_style(t.selected)
            } else {
                line
            };
            buf.set_line(inner.x, y, &line, inner.width);
        }
    }
}
