//! The last command in PowerShell, Terraform, Bicep and raw ARM, one language per tab.

use crossterm::event::KeyEvent;
use hcsim_lab::equivalents::Equivalents;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::{Ctx, PopupKey, Reply, centered, frame, popup_key};
use crate::keys::{Action, Context, KeyMap};

/// The tabs, in order.
const TABS: [&str; 4] = ["PowerShell", "Terraform", "Bicep", "ARM"];

/// Equivalents of the last command.
#[derive(Clone, Debug)]
pub struct EquivalentsTabs {
    eq: Box<Equivalents>,
    tab: usize,
    scroll: u16,
}

impl EquivalentsTabs {
    /// The first tab of `eq`.
    pub fn new(eq: Equivalents) -> EquivalentsTabs {
        EquivalentsTabs {
            eq: Box::new(eq),
            tab: 0,
            scroll: 0,
        }
    }

    /// Tab keys switch language, scroll keys scroll, `close` closes.
    pub fn handle_key(&mut self, key: &KeyEvent, keys: &KeyMap) -> Reply {
        let n = TABS.len();
        let tab = match keys.lookup(Context::Equivalents, key) {
            Some((Action::TabNext, _)) => Some((self.tab + 1) % n),
            Some((Action::TabPrev, _)) => Some((self.tab + n - 1) % n),
            Some((Action::TabPick, i)) if i < n => Some(i),
            _ => None,
        };
        if let Some(tab) = tab {
            self.tab = tab;
            self.scroll = 0;
            return Reply::Stay;
        }
        match popup_key(&mut self.scroll, key, keys) {
            PopupKey::Action(Action::Close) => Reply::Close,
            _ => Reply::Stay,
        }
    }

    /// Draws the tab bar and the current language.
    pub fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let t = ctx.theme;
        let r = centered(area, 90, 85);
        Clear.render(r, buf);
        let tabs: Vec<Span> = TABS
            .iter()
            .enumerate()
            .map(|(i, n)| {
                Span::styled(
                    format!(" {} {n} ", i + 1),
                    if i == self.tab { t.selected } else { t.dim },
                )
            })
            .collect();
        let body = match self.tab {
            0 => &self.eq.powershell,
            1 => &self.eq.terraform,
            2 => &self.eq.bicep,
            _ => &self.eq.arm,
        };
        let mut lines = vec![Line::from(tabs), Line::raw("")];
        lines.extend(body.lines().map(|l| Line::raw(l.to_string())));
        Paragraph::new(lines)
            .scroll((self.scroll, 0))
            .block(frame(
                t,
                " Equivalents of the last command (←/→ switch, Esc closes) ".into(),
                false,
            ))
            .render(r, buf);
    }
}
