//! Modal windows: what sits on top of the panes and takes the keys until closed (k9s model:
//! `esc` goes back). One type per modal, each with `handle_key` (reading only keys of the key
//! map) and `render`; what happens next is data ([`Reply`], [`Effect`]) that the app carries
//! out, so no modal changes the world itself.

mod confirm;
mod equivalents;
mod form;
mod help;
mod lesson;
mod mapping;
mod menu;
mod message;
mod prompt;

pub use confirm::Confirm;
pub use equivalents::EquivalentsTabs;
pub use form::Form;
pub use help::Help;
pub use lesson::LessonPanel;
pub use mapping::{MappingPanel, Part as MappingPart};
pub use menu::{Menu, MenuAction};
pub use message::Message;
pub use prompt::{Prompt, PromptFor};

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};

use super::lessons::ActiveLesson;
use crate::keys::KeyMap;
use crate::theme::Theme;

/// What the app does for a modal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Run a command line.
    Run(String),
    /// Quit.
    Quit,
    /// Go to the state after this many steps.
    Jump(usize),
    /// Start a built-in lesson.
    StartLesson(String),
    /// Ask where to save the session.
    AskSave,
    /// Save to this path, replacing the session there (the user confirmed).
    SaveOver(String),
    /// A prompt was answered: the answer, and the prompt's context (the group of a what-if).
    Answer(PromptFor, String, String),
    /// Show a one-line message (an error when true).
    Say(String, bool),
    /// Check the lesson's goal now.
    CheckLesson,
    /// Reveal the lesson's next hint.
    Hint,
    /// Show the lesson's solution.
    ShowSolution,
    /// Choose another lesson.
    LessonMenu,
    /// Leave the lesson (the session stays).
    LeaveLesson,
}

/// A modal's answer to a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// Stay open.
    Stay,
    /// Close.
    Close,
    /// Close, then carry out the effect.
    Done(Effect),
    /// Stay open and carry out the effect.
    Also(Effect),
}

/// What a modal may read while drawing.
pub struct Ctx<'a> {
    /// Colours.
    pub theme: &'a Theme,
    /// Key bindings (help, hints).
    pub keys: &'a KeyMap,
    /// The lesson in progress, if any.
    pub lesson: Option<&'a ActiveLesson>,
}

/// Everything that can sit on top of the panes.
#[derive(Clone, Debug)]
pub enum Modal {
    /// The key help (from the key table).
    Help(Help),
    /// A yes/no question.
    Confirm(Confirm),
    /// A text to read (outputs, errors with their rule explained).
    Message(Message),
    /// A list to pick from.
    Menu(Menu),
    /// A creation form.
    Form(Form),
    /// A one-line question.
    Prompt(Prompt),
    /// Equivalents of the last command, one language per tab.
    Equivalents(EquivalentsTabs),
    /// The lesson panel.
    Lesson(LessonPanel),
    /// The MedTech mapping debugger.
    Mapping(Box<MappingPanel>),
}

impl Modal {
    /// Handles a key: the modal changes itself and says what the app should do.
    pub fn handle_key(&mut self, key: &KeyEvent, keys: &KeyMap) -> Reply {
        match self {
            Modal::Help(m) => m.handle_key(key, keys),
            Modal::Confirm(m) => m.handle_key(key, keys),
            Modal::Message(m) => m.handle_key(key, keys),
            Modal::Menu(m) => m.handle_key(key, keys),
            Modal::Form(m) => m.handle_key(key, keys),
            Modal::Prompt(m) => m.handle_key(key, keys),
            Modal::Equivalents(m) => m.handle_key(key, keys),
            Modal::Lesson(m) => m.handle_key(key, keys),
            Modal::Mapping(m) => m.handle_key(key, keys),
        }
    }

    /// Draws the modal over `area`.
    pub fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        match self {
            Modal::Help(m) => m.render(ctx, area, buf),
            Modal::Confirm(m) => m.render(ctx, area, buf),
            Modal::Message(m) => m.render(ctx, area, buf),
            Modal::Menu(m) => m.render(ctx, area, buf),
            Modal::Form(m) => m.render(ctx, area, buf),
            Modal::Prompt(m) => m.render(ctx, area, buf),
            Modal::Equivalents(m) => m.render(ctx, area, buf),
            Modal::Lesson(m) => m.render(ctx, area, buf),
            Modal::Mapping(m) => m.render(ctx, area, buf),
        }
    }
}

/// A box `w_pct` wide and `lines` high (at most the area), centred.
fn centered_lines(area: Rect, w_pct: u16, lines: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(lines.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Percentage(w_pct)])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// A box of percentages of the area, centred.
fn centered(area: Rect, w_pct: u16, h_pct: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Percentage(h_pct)])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Percentage(w_pct)])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// The frame of a popup; errors are drawn in the error style.
fn frame(t: &Theme, title: String, error: bool) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(if error { t.err } else { t.border_focus })
        .style(t.popup)
        .title(Span::styled(title, if error { t.err } else { t.title }))
}

/// A key in a scrolling popup.
enum PopupKey {
    /// It scrolled.
    Scrolled,
    /// Another popup action (`close`, `follow_up`).
    Action(crate::keys::Action),
    /// Not a popup key.
    Other,
}

/// Scrolls `scroll` with the popup keys, or says which other popup key it is.
fn popup_key(scroll: &mut u16, key: &KeyEvent, keys: &KeyMap) -> PopupKey {
    use crate::keys::{Action, Context};
    match keys.action_in(Context::Popup, key) {
        Some(Action::ScrollDown) => *scroll = scroll.saturating_add(1),
        Some(Action::ScrollUp) => *scroll = scroll.saturating_sub(1),
        Some(other) => return PopupKey::Action(other),
        None => return PopupKey::Other,
    }
    PopupKey::Scrolled
}
