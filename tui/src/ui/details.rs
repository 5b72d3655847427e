//! The details of the selection: identity and state, the service URL, active faults, the
//! effective workspace settings and where each comes from, what can and cannot be done now
//! (and why), and the ARM JSON as a GET returns it. Built once per change of the world or
//! the selection, then only scrolled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use hcsim_core::{ResKind, World};

use crate::app::App;
use crate::app::tree::{faults_on, label_text, state_text};
use crate::theme::Theme;

/// The details pane.
pub struct DetailsPane<'a>(pub &'a App);

impl Widget for DetailsPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.0;
        let t = &app.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border)
            .title(Span::styled(" Details ", t.title));
        let Some(node) = app.selected_node() else {
            block.render(area, buf);
            return;
        };
        let mut cache = app.details_cache.borrow_mut();
        let fresh = matches!(&*cache, Some((g, n, _)) if *g == app.generation && *n == node);
        if !fresh {
            *cache = Some((app.generation, node, build(app.lab.world(), node, t)));
        }
        let lines = cache
            .as_ref()
            .map(|(_, _, l)| l.clone())
            .unwrap_or_default();
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((app.details_scroll, 0))
            .render(area, buf);
    }
}

fn build(world: &World, node: u32, t: &Theme) -> Vec<Line<'static>> {
    let Some(r) = world.store().res(node) else {
        return Vec::new();
    };
    let mut out: Vec<Line<'static>> = Vec::new();
    out.push(Line::from(vec![
        Span::styled(label_text(world, r), t.accent),
        Span::styled(format!(" — {}", r.kind.label()), t.dim),
    ]));
    out.push(Line::styled(r.id.clone(), t.dim));
    if r.kind != ResKind::Subscription {
        let mut spans = vec![Span::raw("state "), Span::raw(state_text(r.state))];
        if let Some(l) = &r.location {
            spans.push(Span::raw(format!("   location {l}")));
        }
        out.push(Line::from(spans));
    }
    // DICOM carries `serviceUrl`; FHIR's URL is its token audience.
    let props = &r.body["properties"];
    let url = props["serviceUrl"]
        .as_str()
        .or_else(|| props["authenticationConfiguration"]["audience"].as_str())
        .filter(|u| u.starts_with("https://"));
    if let Some(url) = url {
        out.push(Line::from(format!("url {url}")));
    }
    for f in faults_on(world, r) {
        out.push(Line::styled(format!("⚠ active fault: {f}"), t.fault));
    }
    if let Some(settings) = world.effective_settings(&r.id) {
        out.push(Line::styled("Effective workspace settings", t.title));
        for s in settings {
            let source = if s.source == "default" {
                "default".to_string()
            } else if s.source.eq_ignore_ascii_case(&r.id) {
                "set here".to_string()
            } else {
                format!("from {}", s.source.rsplit('/').next().unwrap_or(&s.source))
            };
            out.push(Line::from(vec![
                Span::raw(format!("  {}: ", s.setting)),
                Span::raw(s.value),
                Span::styled(
                    format!(
                        "  ({source}{})",
                        if s.extension { "; hcsim extension" } else { "" }
                    ),
                    t.dim,
                ),
            ]));
        }
    }
    let actions = world.allowed_actions(&r.id);
    if !actions.is_empty() {
        out.push(Line::styled("What you can do now", t.title));
        for a in actions {
            match a.blocked_by {
                None => out.push(Line::from(vec![
                    Span::styled("  ✓ ", t.ok),
                    Span::raw(a.action),
                ])),
                Some(e) => {
                    let rule = e
                        .rule
                        .map(|r| format!(" [rule {}]", r.id()))
                        .unwrap_or_default();
                    out.push(Line::from(vec![
                        Span::styled("  ✗ ", t.err),
                        Span::raw(format!("{}: ({}) {}", a.action, e.code, e.message)),
                        Span::styled(rule, t.err),
                    ]));
                }
            }
        }
    }
    if let Some(v) = world.view(&r.id) {
        out.push(Line::styled("ARM JSON", t.title));
        let text = serde_json::to_string_pretty(&v).unwrap_or_default();
        // Bounded: a huge body is cut, the az show command prints all of it.
        for l in text.lines().take(400) {
            out.push(Line::raw(l.to_string()));
        }
    }
    out
}
