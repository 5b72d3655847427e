//! Shared helpers: an app on an instant-timing session, key presses, screen text.
#![allow(dead_code)]

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use hcsim_core::{Config, Timing};
use hcsim_lab::Lab;
use hcsim_tui::app::App;
use hcsim_tui::keys::KeyMap;
use hcsim_tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// An app on a fresh default session, seed 42, instant timing, no colour.
pub fn app() -> App {
    let mut c = Config::new(42);
    c.timing = Timing::Instant;
    App::new(Lab::new(c), KeyMap::default(), Theme::plain())
}

/// An app with realistic timing (operations take virtual minutes).
pub fn realistic_app() -> App {
    App::new(Lab::new(Config::new(42)), KeyMap::default(), Theme::plain())
}

/// Presses one key.
pub fn key(app: &mut App, code: KeyCode) {
    app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// Presses Ctrl + a character.
pub fn ctrl(app: &mut App, c: char) {
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

/// Types text, one key per character.
pub fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// `:` + a command + Enter.
pub fn command(app: &mut App, line: &str) {
    keys(app, ":");
    keys(app, line);
    key(app, KeyCode::Enter);
}

/// Draws the app at `w`×`h` and returns the screen as text, one line per row.
pub fn screen(app: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| f.render_widget(app, f.area())).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The id of a resource under subscription Training, group rg1.
pub fn id_in_rg1(rest: &str) -> String {
    let rg1 = hcsim_core::id::build::resource_group("11111111-1111-1111-1111-111111111111", "rg1");
    format!("{rg1}{rest}")
}
