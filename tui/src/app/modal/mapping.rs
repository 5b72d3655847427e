//! The mapping debugger panel: a device message (a built-in sample or pasted), the MedTech
//! service's device mapping and FHIR destination mapping (editable, one line of JSON each), and
//! the lab's report — every template and expression, the failing one marked `✗ … ← failing`,
//! the measurements, groups and Observation, the verdict and its fix. Saving runs the az lines
//! of `hcsim_lab::view::mapping_deploy` (the panel closes; the console shows them).

use crossterm::event::{KeyCode, KeyEvent};
use hcsim_lab::view::mapping_debug::{MappingDebug, Mappings, parse_message};
use hcsim_lab::view::mapping_deploy::save_changed;
use hcsim_lab::view::mapping_samples::SAMPLES;
use hcsim_lab::view::mapping_text::{self, DebugLineKind};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};
use serde_json::Value;

use super::{Ctx, Effect, PopupKey, Reply, centered, frame, popup_key};
use crate::app::edit::LineEdit;
use crate::keys::{Action, Context, KeyMap};
use crate::theme::Theme;

/// The part of the panel that takes typed keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The report (scrolls; the panel's keys work).
    Report,
    /// The message being tested.
    Message,
    /// The device mapping.
    Device,
    /// The FHIR destination mapping.
    Fhir,
}

impl Part {
    fn next(self) -> Part {
        match self {
            Part::Report => Part::Message,
            Part::Message => Part::Device,
            Part::Device => Part::Fhir,
            Part::Fhir => Part::Report,
        }
    }
}

/// The debugger panel.
#[derive(Clone, Debug)]
pub struct MappingPanel {
    mappings: Box<Mappings>,
    current_subscription: String,
    enqueued: String,
    sample: usize,
    message: LineEdit,
    device: LineEdit,
    fhir: LineEdit,
    part: Part,
    report: Option<Box<MappingDebug>>,
    /// Why the last run could not start (a message or mapping that is not JSON).
    problem: Option<String>,
    scroll: u16,
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

impl MappingPanel {
    /// The panel on `mappings`, with the first built-in message, already run. `enqueued` is
    /// the world's time (ISO 8601), `current_subscription` the subscription az would assume.
    pub fn new(mappings: Mappings, current_subscription: &str, enqueued: &str) -> MappingPanel {
        let mut p = MappingPanel {
            device: LineEdit::with(&compact(&mappings.device)),
            fhir: LineEdit::with(&compact(&mappings.fhir)),
            mappings: Box::new(mappings),
            current_subscription: current_subscription.to_string(),
            enqueued: enqueued.to_string(),
            sample: 0,
            message: LineEdit::with(&compact_text(SAMPLES[0].message)),
            part: Part::Report,
            report: None,
            problem: None,
            scroll: 0,
        };
        p.run();
        p
    }

    /// The last report (for tests and the status line).
    pub fn report(&self) -> Option<&MappingDebug> {
        self.report.as_deref()
    }

    /// The part taking typed keys.
    pub fn part(&self) -> Part {
        self.part
    }

    /// Runs the message through the edited mappings.
    fn run(&mut self) {
        self.scroll = 0;
        match self.inputs() {
            Ok((device, fhir, event)) => {
                let mut m = (*self.mappings).clone();
                m.device = device;
                m.fhir = fhir;
                self.report = Some(Box::new(MappingDebug::run(&m, &event)));
                self.problem = None;
            }
            Err(e) => {
                self.report = None;
                self.problem = Some(e);
            }
        }
    }

    /// The edited mappings and the message, parsed.
    fn inputs(
        &self,
    ) -> Result<(Value, Value, hcsim_lab::view::mapping_debug::DeviceEvent), String> {
        let device = parse_json("device mapping", &self.device.text)?;
        let fhir = parse_json("FHIR destination mapping", &self.fhir.text)?;
        let event = parse_message(&self.message.text, &self.enqueued)?;
        Ok((device, fhir, event))
    }

    /// The line saving the edited mappings, if they parse and differ from the stored ones.
    fn deploy_line(&self) -> Result<String, String> {
        let device = parse_json("device mapping", &self.device.text)?;
        let fhir = parse_json("FHIR destination mapping", &self.fhir.text)?;
        save_changed(&self.current_subscription, &self.mappings, &device, &fhir).ok_or_else(|| {
            String::from("nothing to save: the mappings are as stored (edit one with tab)")
        })
    }

    /// Panel keys in the report; typing in the message and mapping parts.
    pub fn handle_key(&mut self, key: &KeyEvent, keys: &KeyMap) -> Reply {
        if keys.action_in(Context::Mapping, key) == Some(Action::MappingFocus) {
            self.part = self.part.next();
            return Reply::Stay;
        }
        if self.part != Part::Report {
            return self.edit_key(key, keys);
        }
        match keys.action_in(Context::Mapping, key) {
            Some(Action::MappingSample) => {
                self.sample = (self.sample + 1) % SAMPLES.len();
                self.message
                    .set(&compact_text(SAMPLES[self.sample].message));
                self.run();
                return Reply::Stay;
            }
            Some(Action::MappingRun) => {
                self.run();
                return Reply::Stay;
            }
            Some(Action::MappingDeploy) => {
                return match self.deploy_line() {
                    Ok(line) => Reply::Done(Effect::Run(line)),
                    Err(e) => Reply::Also(Effect::Say(e, true)),
                };
            }
            _ => {}
        }
        match popup_key(&mut self.scroll, key, keys) {
            PopupKey::Action(Action::Close) => Reply::Close,
            _ => Reply::Stay,
        }
    }

    /// A key while a part is being edited: enter runs, esc goes back to the report.
    fn edit_key(&mut self, key: &KeyEvent, keys: &KeyMap) -> Reply {
        let edit = match self.part {
            Part::Message => &mut self.message,
            Part::Device => &mut self.device,
            _ => &mut self.fhir,
        };
        match edit.handle_key(key, keys) {
            Some(Action::LineRun) => {
                self.run();
                self.part = Part::Report;
            }
            Some(Action::LineCancel) => self.part = Part::Report,
            _ if key.code == KeyCode::Esc => self.part = Part::Report,
            _ => {}
        }
        Reply::Stay
    }

    /// Pastes `text` into the part being edited (newlines become spaces: JSON does not care).
    pub fn paste(&mut self, text: &str) {
        let edit = match self.part {
            Part::Report | Part::Message => &mut self.message,
            Part::Device => &mut self.device,
            Part::Fhir => &mut self.fhir,
        };
        for c in text.chars() {
            edit.insert(if c.is_control() { ' ' } else { c });
        }
    }

    /// Draws the editable parts, then the report.
    pub fn render(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let t = ctx.theme;
        let r = centered(area, 94, 90);
        Clear.render(r, buf);
        let mut lines = vec![
            self.part_line(t, Part::Message, "message", &self.message),
            self.part_line(t, Part::Device, "device mapping", &self.device),
            self.part_line(t, Part::Fhir, "FHIR mapping", &self.fhir),
            Line::raw(""),
        ];
        if let Some(p) = &self.problem {
            lines.push(Line::styled(format!("✗ {p}"), t.err));
        }
        if let Some(rep) = &self.report {
            lines.extend(report_lines(rep, t));
        }
        lines.push(Line::raw(""));
        let k = |a| ctx.keys.first_key(a);
        lines.push(Line::styled(
            format!(
                "{} next sample · {} edit message / device / FHIR mapping · {} re-run · {} save (deploy) · {} close",
                k(Action::MappingSample),
                k(Action::MappingFocus),
                k(Action::MappingRun),
                k(Action::MappingDeploy),
                k(Action::Close)
            ),
            t.dim,
        ));
        let title = format!(
            " Mapping debugger: {} ",
            self.mappings
                .connector
                .as_deref()
                .and_then(|c| c.rsplit('/').next())
                .unwrap_or("documented mappings")
        );
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((self.scroll, 0))
            .block(frame(t, title, false))
            .render(r, buf);
    }

    /// One editable part: its name (marked `▶` when it takes the keys) and its text.
    fn part_line(&self, t: &Theme, part: Part, name: &str, edit: &LineEdit) -> Line<'static> {
        let focused = self.part == part;
        let sample = if part == Part::Message {
            format!(" ({})", SAMPLES[self.sample].title)
        } else {
            String::new()
        };
        Line::from(vec![
            Span::styled(
                format!("{} {name}{sample}: ", if focused { "▶" } else { " " }),
                if focused { t.selected } else { t.title },
            ),
            Span::raw(shorten(&edit.text, 400)),
        ])
    }
}

/// The lab's report lines, styled by kind (the marks `✓ ✗ ← failing` carry the meaning).
fn report_lines(rep: &MappingDebug, t: &Theme) -> Vec<Line<'static>> {
    mapping_text::lines(rep)
        .into_iter()
        .map(|l| {
            let style = match l.kind {
                DebugLineKind::Heading => t.title,
                DebugLineKind::Ok => t.ok,
                DebugLineKind::Failing => t.err,
                DebugLineKind::Plain => ratatui::style::Style::default(),
            };
            Line::styled(l.text, style)
        })
        .collect()
}

fn parse_json(what: &str, text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("the {what} is not JSON: {e}"))
}

/// A sample's text on one line.
fn compact_text(text: &str) -> String {
    serde_json::from_str::<Value>(text)
        .map(|v| compact(&v))
        .unwrap_or_else(|_| text.to_string())
}

fn shorten(text: &str, max: usize) -> String {
    let mut s: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        s.push('…');
    }
    s
}
