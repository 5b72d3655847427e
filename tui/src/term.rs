//! The terminal: set-up, restore (always: on return, on error and on panic) and the
//! synchronous draw/handle loop.

use std::io::{self, Stdout};
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::App;

/// Undoes everything [`setup`] did; safe to call twice.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Restores the terminal before the default panic message prints, so the message is
/// readable and the shell usable.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Raw mode, alternate screen, mouse and paste.
pub fn setup() -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    if let Err(e) = execute!(
        out,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    ) {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(out)).inspect_err(|_| restore())
}

/// Runs the interactive simulator until the app quits.
pub fn run(app: &mut App) -> io::Result<()> {
    run_with(app, None)
}

/// Runs the interactive simulator with `pump` called between frames (often: about 30 times a
/// second), to answer work from outside such as a server's requests (`hcsim --serve`).
pub fn run_with(app: &mut App, pump: Option<&mut dyn FnMut(&mut App)>) -> io::Result<()> {
    install_panic_hook();
    let mut terminal = setup()?;
    let result = event_loop(&mut terminal, app, pump);
    restore();
    result
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    mut pump: Option<&mut dyn FnMut(&mut App)>,
) -> io::Result<()> {
    let mut last = Instant::now();
    loop {
        terminal.draw(|f| {
            let area = f.area();
            f.render_widget(&*app, area);
            if let Some(pos) = crate::ui::cursor_position(app, area) {
                f.set_cursor_position(pos);
            }
        })?;
        if app.quit {
            return Ok(());
        }
        // Running: ~10 frames a second so the clock moves smoothly; paused: wake rarely.
        let wait = if pump.is_some() {
            Duration::from_millis(30)
        } else if app.is_running() {
            Duration::from_millis(100)
        } else {
            Duration::from_millis(500)
        };
        if event::poll(wait)? {
            app.handle_event(event::read()?);
            // Drain what is queued (a paste, a held key) before drawing again.
            while event::poll(Duration::ZERO)? {
                app.handle_event(event::read()?);
                if app.quit {
                    break;
                }
            }
        }
        if let Some(p) = pump.as_mut() {
            p(app);
        }
        let now = Instant::now();
        app.tick(now - last);
        last = now;
    }
}
