//! The help screen, generated from the key table (so it cannot drift from what keys do).

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::{Ctx, PopupKey, Reply, centered, frame, popup_key};
use crate::keys::{Context, KeyMap};

/// The key help.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Help {
    scroll: u16,
}

impl Help {
    /// Scroll keys scroll; any other key closes (the help is read, then left).
    pub fn handle_key(&mut self, key: &KeyEvent, keys: &KeyMap) -> Reply {
        match popup_key(&mut self.scroll, key, keys) {
            PopupKey::Scrolled => Reply::Stay,
            PopupKey::Action(_) | PopupKey::Other => Reply::Close,
        }
    }

    /// Draws every context's keys.
    pub fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let t = ctx.theme;
        let r = centered(area, 90, 90);
        Clear.render(r, buf);
        let mut lines = vec![Line::styled(
            "Keys (rebind in $HCSIM_KEYS or ~/.config/hcsim/keys.toml, [keys] action = [\"key\", …])",
            t.dim,
        )];
        for c in Context::ALL {
            if *c != Context::Tree {
                lines.push(Line::raw(""));
                lines.push(Line::styled(c.title(), t.title));
            }
            for (keys, name, desc) in ctx.keys.help_rows(*c) {
                lines.push(Line::from(vec![
                    Span::styled(format!("{keys:<16}"), t.key),
                    Span::styled(format!("{name:<15}"), t.dim),
                    Span::raw(desc),
                ]));
            }
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Commands: az group|healthcareapis|deployment|role|lock|keyvault|network …, sim advance|fault|probe|as|undo … (sim help)",
            t.dim,
        ));
        Paragraph::new(lines)
            .block(frame(t, " Help (Esc closes) ".into(), false))
            .scroll((self.scroll, 0))
            .render(r, buf);
    }
}
