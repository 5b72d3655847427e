//! The one place colours live. Every piece of information is also carried by text or a symbol
//! (`✓ Succeeded`, `✗ Failed`, `⚠ region-outage`), so [`Theme::plain`] (for `NO_COLOR`) loses
//! nothing but decoration.

use ratatui::style::{Color, Modifier, Style};

/// Styles for every element of the screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    /// Pane borders.
    pub border: Style,
    /// The focused pane's border.
    pub border_focus: Style,
    /// Pane titles.
    pub title: Style,
    /// The selected tree row.
    pub selected: Style,
    /// Dimmed text (types, ids, hints).
    pub dim: Style,
    /// Success (`✓ Succeeded`, 2xx).
    pub ok: Style,
    /// Work in progress (`… Creating`).
    pub busy: Style,
    /// Failure (`✗ Failed`, 4xx/5xx).
    pub err: Style,
    /// Active faults (`⚠`).
    pub fault: Style,
    /// Key names in hints and help.
    pub key: Style,
    /// The status bar.
    pub status: Style,
    /// Popup background.
    pub popup: Style,
    /// Highlighted text (matches, headings).
    pub accent: Style,
}

impl Theme {
    /// The coloured theme.
    pub fn color() -> Theme {
        Theme {
            border: Style::new().fg(Color::DarkGray),
            border_focus: Style::new().fg(Color::Cyan),
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            selected: Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::Gray),
            ok: Style::new().fg(Color::Green),
            busy: Style::new().fg(Color::Yellow),
            err: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            fault: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            status: Style::new().bg(Color::DarkGray).fg(Color::White),
            popup: Style::new().bg(Color::Black).fg(Color::White),
            accent: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        }
    }

    /// No colour at all (`NO_COLOR`): the selection is shown by reverse video, which is not
    /// a colour, and headings by bold.
    pub fn plain() -> Theme {
        let none = Style::new();
        Theme {
            border: none,
            border_focus: none.add_modifier(Modifier::BOLD),
            title: none.add_modifier(Modifier::BOLD),
            selected: none.add_modifier(Modifier::REVERSED),
            dim: none,
            ok: none,
            busy: none,
            err: none.add_modifier(Modifier::BOLD),
            fault: none.add_modifier(Modifier::BOLD),
            key: none.add_modifier(Modifier::BOLD),
            status: none.add_modifier(Modifier::REVERSED),
            popup: none,
            accent: none.add_modifier(Modifier::BOLD),
        }
    }

    /// The style of a state's tone (the lab decides the tone, the theme only its colour).
    pub fn tone(&self, tone: hcsim_lab::view::Tone) -> Style {
        match tone {
            hcsim_lab::view::Tone::Ok => self.ok,
            hcsim_lab::view::Tone::Failed => self.err,
            hcsim_lab::view::Tone::Busy => self.busy,
        }
    }

    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Theme {
        if no_color() {
            Theme::plain()
        } else {
            Theme::color()
        }
    }
}

/// True when `NO_COLOR` asks for no colour.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}
