//! The status bar: virtual clock, running or paused, speed, seed, stage, acting principal,
//! subscription, active faults, and whether there is unsaved work.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::App;

/// The top line.
pub struct StatusBar<'a>(pub &'a App);

impl Widget for StatusBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.0;
        let t = &app.theme;
        let w = app.lab.world();
        buf.set_style(area, t.status);
        let run = if app.is_running() {
            format!("▶ running ×{}", app.speed())
        } else {
            format!("⏸ paused ×{}", app.speed())
        };
        let sub = w.current_subscription();
        let sub_name = w.subscription_name(sub).unwrap_or_else(|| sub.to_string());
        let faults: Vec<String> = w
            .faults()
            .map(|f| format!("⚠ {} ({})", f.spec.kind.id(), f.scope_short()))
            .collect();
        // Most important first: narrow terminals cut the end of the line.
        let mut spans = vec![
            Span::styled(" hcsim ", t.status.patch(t.title)),
            Span::styled(format!("│ {} {run} ", w.now()), t.status),
            Span::styled(format!("│ seed {} ", w.config().seed), t.status),
        ];
        if faults.is_empty() {
            spans.push(Span::styled("│ no faults ", t.status));
        } else {
            spans.push(Span::styled(
                format!("│ {} ", faults.join(" ")),
                t.status.patch(t.fault),
            ));
        }
        spans.extend([
            Span::styled(
                format!("│ {} {} ", w.stage().as_str(), w.timing().as_str()),
                t.status,
            ),
            Span::styled(format!("│ as {} ", w.acting()), t.status),
            Span::styled(format!("│ sub {sub_name} "), t.status),
            Span::styled(
                format!(
                    "│ step {}/{}{} ",
                    app.lab.session().cursor(),
                    app.lab.session().steps().len(),
                    if app.unsaved_hint() {
                        " •unsaved"
                    } else {
                        ""
                    }
                ),
                t.status,
            ),
        ]);
        if let Some(l) = &app.lesson {
            spans.push(Span::styled(
                format!(" │ lesson {}: {}", l.progress.name(), l.goal.status),
                t.status.patch(t.accent),
            ));
        }
        Line::from(spans).render(area, buf);
    }
}

/// A short scope for the status bar: the region, or the last segment of a target.
trait ScopeShort {
    fn scope_short(&self) -> String;
}

impl ScopeShort for hcsim_core::Fault {
    fn scope_short(&self) -> String {
        match (&self.spec.region, &self.spec.target) {
            (Some(r), _) => r.clone(),
            (None, Some(t)) => t.rsplit('/').next().unwrap_or(t).to_string(),
            (None, None) => "everything".into(),
        }
    }
}
