//! The output pane: the last command, what it printed, and, when it broke a rule, the rule
//! explained (why it exists, how to fix it).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::app::App;

/// The output pane.
pub struct OutputPane<'a>(pub &'a App);

impl Widget for OutputPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.0;
        let t = &app.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border)
            .title(Span::styled(" Output ", t.title));
        let Some(o) = app.last_outcome() else {
            Paragraph::new(Line::styled(
                "The output of your commands shows here.",
                t.dim,
            ))
            .block(block)
            .render(area, buf);
            return;
        };
        let mark = match (o.ok, o.status) {
            (false, _) => Span::styled("✗ ", t.err),
            (true, Some(s)) if s >= 400 => Span::styled("⚠ ", t.fault),
            _ => Span::styled("✓ ", t.ok),
        };
        let mut lines = vec![Line::from(vec![
            mark,
            Span::styled(format!("> {}", o.input), t.accent),
        ])];
        // Only what can show is copied: a long JSON body is cut to the pane's height.
        let room = area.height as usize;
        if let Some(rule) = &o.rule {
            lines.push(Line::styled(
                format!(
                    "rule {rule}{}",
                    o.code
                        .as_ref()
                        .map(|c| format!(" · {c}"))
                        .unwrap_or_default()
                ),
                t.err,
            ));
        }
        if let Some(exp) = &o.explanation {
            lines.extend(exp.lines().take(room).map(|l| Line::raw(l.to_string())));
        }
        // az's warnings (stderr in a shell), apart from the output and marked as such.
        lines.extend(
            o.warning_lines()
                .take(room)
                .map(|w| Line::styled(w, t.fault)),
        );
        lines.extend(
            o.output
                .lines()
                .take(room)
                .map(|l| Line::raw(l.to_string())),
        );
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .render(area, buf);
    }
}
