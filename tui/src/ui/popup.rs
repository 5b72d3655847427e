//! Modal windows drawn over the panes: help (generated from the key table), confirmations,
//! messages (errors with their rule explained), menus, forms, prompts, equivalents, and the
//! lesson panel.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::app::App;
use crate::app::modal::{Modal, PromptFor};

/// The modal on top, if any.
pub struct Popup<'a>(pub &'a App);

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

fn centered(area: Rect, w_pct: u16, h_pct: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Percentage(h_pct)])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Percentage(w_pct)])
        .flex(Flex::Center)
        .areas(v);
    h
}

impl Widget for Popup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.0;
        let t = &app.theme;
        let Some(modal) = app.modal() else { return };
        let frame = |title: String, error: bool| {
            Block::default()
                .borders(Borders::ALL)
                .border_style(if error { t.err } else { t.border_focus })
                .style(t.popup)
                .title(Span::styled(title, if error { t.err } else { t.title }))
        };
        match modal {
            Modal::Help { scroll } => {
                let r = centered(area, 90, 90);
                Clear.render(r, buf);
                let mut lines = vec![Line::styled(
                    "Keys (rebind in $HCSIM_KEYS or ~/.config/hcsim/keys.toml, [keys] action = [\"key\", …])",
                    t.dim,
                )];
                for (keys, name, desc) in app.keys.help_rows() {
                    lines.push(Line::from(vec![
                        Span::styled(format!("{keys:<16}"), t.key),
                        Span::styled(format!("{name:<13}"), t.dim),
                        Span::raw(desc),
                    ]));
                }
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    "In the command line: Enter runs, Esc leaves, ↑/↓ history, Tab completes. In popups: Esc closes, ↑/↓ scroll.",
                    t.dim,
                ));
                lines.push(Line::styled(
                    "Commands: az group|healthcareapis|deployment|role|lock|keyvault|network …, sim advance|fault|probe|as|undo … (sim help)",
                    t.dim,
                ));
                Paragraph::new(lines)
                    .block(frame(" Help (Esc closes) ".into(), false))
                    .scroll((*scroll, 0))
                    .render(r, buf);
            }
            Modal::Confirm { title, text, .. } => {
                let r = centered_lines(area, 70, text.lines().count() as u16 + 4);
                Clear.render(r, buf);
                Paragraph::new(text.as_str())
                    .wrap(Wrap { trim: false })
                    .block(frame(format!(" {title} — y / n "), true))
                    .render(r, buf);
            }
            Modal::Message {
                title,
                text,
                error,
                scroll,
                follow_up,
            } => {
                let r = centered(area, 85, 70);
                Clear.render(r, buf);
                let mut lines: Vec<Line> = text.lines().map(|l| Line::raw(l.to_string())).collect();
                if let Some((hint, _)) = follow_up {
                    lines.push(Line::raw(""));
                    lines.push(Line::styled(hint.clone(), t.key));
                }
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .scroll((*scroll, 0))
                    .block(frame(format!(" {title}  (Esc closes) "), *error))
                    .render(r, buf);
            }
            Modal::Menu(menu) => {
                let r = centered(area, 80, 70);
                Clear.render(r, buf);
                let block = frame(format!(" {} ", menu.title), false);
                let inner = block.inner(r);
                block.render(r, buf);
                let h = inner.height as usize;
                let offset = menu.selected.saturating_sub(h.saturating_sub(1));
                for (i, (label, _)) in menu.items.iter().enumerate().skip(offset).take(h) {
                    let y = inner.y + (i - offset) as u16;
                    let num = if i < 9 {
                        format!("{} ", i + 1)
                    } else {
                        "  ".into()
                    };
                    let line = Line::from(vec![Span::styled(num, t.key), Span::raw(label.clone())]);
                    let line = if i == menu.selected {
                        buf.set_style(Rect::new(inner.x, y, inner.width, 1), t.selected);
                        line.patch_style(t.selected)
                    } else {
                        line
                    };
                    buf.set_line(inner.x, y, &line, inner.width);
                }
            }
            Modal::Form(form) => {
                let r = centered_lines(area, 76, form.fields.len() as u16 + 10);
                Clear.render(r, buf);
                let mut lines = Vec::new();
                for (i, f) in form.fields.iter().enumerate() {
                    let focus = i == form.focus;
                    let value = if f.choices.is_empty() {
                        f.edit.text.clone()
                    } else {
                        format!("‹ {} ›", f.edit.text)
                    };
                    lines.push(Line::from(vec![
                        Span::styled(if focus { "▶ " } else { "  " }, t.key),
                        Span::styled(format!("{:<30}", f.label), t.dim),
                        Span::styled(value, if focus { t.selected } else { t.accent }),
                    ]));
                }
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    "Tab/↓ next field · Enter on the last field creates · Esc cancels",
                    t.dim,
                ));
                if let Ok(line) = crate::app::actions::form_line(form) {
                    lines.push(Line::raw(""));
                    lines.push(Line::styled("runs:", t.dim));
                    lines.push(Line::raw(line));
                }
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .block(frame(format!(" {} ", form.title), false))
                    .render(r, buf);
            }
            Modal::Prompt {
                title,
                edit,
                purpose,
                ..
            } => {
                let r = centered_lines(area, 70, 8);
                Clear.render(r, buf);
                let note = match purpose {
                    PromptFor::Save => {
                        "A file that exists and is not an hcsim session is never overwritten."
                    }
                    PromptFor::WhatIf => {
                        "The what-if is shown first; you then choose whether to deploy."
                    }
                };
                Paragraph::new(vec![
                    Line::from(vec![
                        Span::styled("> ", t.key),
                        Span::raw(edit.text.clone()),
                    ]),
                    Line::raw(""),
                    Line::styled(note, t.dim),
                    Line::styled("Enter: OK · Esc: cancel", t.dim),
                ])
                .wrap(Wrap { trim: false })
                .block(frame(format!(" {title} "), false))
                .render(r, buf);
            }
            Modal::Equivalents { eq, tab, scroll } => {
                let r = centered(area, 90, 85);
                Clear.render(r, buf);
                let names = ["1 PowerShell", "2 Terraform", "3 Bicep", "4 ARM"];
                let mut tabs = Vec::new();
                for (i, n) in names.iter().enumerate() {
                    tabs.push(Span::styled(
                        format!(" {n} "),
                        if i == *tab { t.selected } else { t.dim },
                    ));
                }
                let body = match tab {
                    0 => &eq.powershell,
                    1 => &eq.terraform,
                    2 => &eq.bicep,
                    _ => &eq.arm,
                };
                let mut lines = vec![Line::from(tabs), Line::raw("")];
                lines.extend(body.lines().map(|l| Line::raw(l.to_string())));
                Paragraph::new(lines)
                    .scroll((*scroll, 0))
                    .block(frame(
                        " Equivalents of the last command (←/→ switch, Esc closes) ".into(),
                        false,
                    ))
                    .render(r, buf);
            }
            Modal::Lesson { scroll } => {
                let r = centered(area, 85, 85);
                Clear.render(r, buf);
                let mut lines = Vec::new();
                let title = match &app.lesson {
                    None => " Lesson ".to_string(),
                    Some(l) => {
                        if let Some(d) = l.scenario.description() {
                            lines.extend(d.lines().map(|x| Line::raw(x.to_string())));
                            lines.push(Line::raw(""));
                        }
                        lines.push(Line::styled(format!("Goal — {}", l.goal.status), t.title));
                        for (desc, met, msg) in &l.goal.checks {
                            lines.push(Line::from(vec![
                                if *met {
                                    Span::styled("  ✓ ", t.ok)
                                } else {
                                    Span::styled("  ✗ ", t.err)
                                },
                                Span::raw(desc.clone()),
                                Span::styled(
                                    if *met || msg.is_empty() {
                                        String::new()
                                    } else {
                                        format!(" — {msg}")
                                    },
                                    t.dim,
                                ),
                            ]));
                        }
                        let hints = l.scenario.hints();
                        lines.push(Line::raw(""));
                        lines.push(Line::styled(
                            format!("Hints ({} of {})", l.hints_shown, hints.len()),
                            t.title,
                        ));
                        for h in hints.iter().take(l.hints_shown) {
                            lines.push(Line::raw(format!("  • {h}")));
                        }
                        if l.solution_shown {
                            lines.push(Line::raw(""));
                            lines.push(Line::styled(
                                "Solution (shown: the lesson counts as completed, not solved)",
                                t.title,
                            ));
                            for s in l.scenario.solution_lines() {
                                lines.push(Line::raw(format!("  {s}")));
                            }
                        }
                        format!(" Lesson {}: {} ", l.name, l.scenario.title)
                    }
                };
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    "c check · h next hint · s show the solution · n another lesson · x leave the lesson · Esc back to the simulator",
                    t.dim,
                ));
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .scroll((*scroll, 0))
                    .block(frame(title, false))
                    .render(r, buf);
            }
        }
    }
}
